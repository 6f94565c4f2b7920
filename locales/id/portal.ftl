## Pendaftaran portal SATUSEHAT untuk fasyankes (seed 000)

portal-title = Akun portal SATUSEHAT

portal-start =
    Panduan ini membantu fasyankes membuat akun portal SATUSEHAT, mendaftarkan institusi, dan mendapatkan kode API untuk bridging.
    Anda sampai di tahap mana?{ $docs }
portal-start-docs = Dokumen pendukung yang sudah Anda centang: { $done } dari { $total }.
portal-opt-from-start = Mulai dari awal
portal-opt-institution = Registrasi Institusi
portal-opt-docs = Dokumen pendukung
portal-opt-wait = Menunggu verifikasi
portal-opt-api = Kode API

portal-account-open =
    Buka website https://satusehat.kemkes.go.id/
    Di halaman depan, pilih “Buat Akun”.
portal-account-form =
    Isi formulir “Buat Akun SATUSEHAT Anda”:
    • Nama: nama Anda
    • Email: disarankan email puskesmas/fasyankes
    • Nomor telepon: tidak ada ketentuan khusus; bisa nomor HP fasyankes (jika ada) atau telepon kantor
    • Kata sandi dan Konfirmasi kata sandi (masukkan ulang kata sandi yang sama)

    Ketik kata sandi hanya di portal. pandu tidak pernah menanyakan kata sandi Anda.

portal-pw-rule =
    Aturan kata sandi portal: minimal 8 karakter termasuk huruf kapital (A-Z), huruf kecil (a-z) dan angka (0-9).

    Mau memeriksa kata sandi Anda dengan beberapa pertanyaan ya/tidak? Jangan kirim kata sandinya ke sini.
portal-opt-pw-check = Periksa kata sandi
portal-opt-pw-skip = Lewati
portal-opt-yes = Ya
portal-opt-no = Tidak
portal-pw-ask-length = Apakah kata sandi Anda minimal 8 karakter?
portal-pw-ask-upper = Apakah ada minimal satu huruf kapital (A-Z)?
portal-pw-ask-lower = Apakah ada minimal satu huruf kecil (a-z)?
portal-pw-ask-digit = Apakah ada minimal satu angka (0-9)?
portal-pw-ask-same = Apakah isi “Konfirmasi kata sandi” sama persis dengan “Kata sandi”?
portal-pw-part-length = minimal 8 karakter
portal-pw-part-upper = huruf kapital (A-Z)
portal-pw-part-lower = huruf kecil (a-z)
portal-pw-part-digit = angka (0-9)
portal-pw-part-same = “Konfirmasi kata sandi” sama dengan “Kata sandi”
portal-pw-ok = ✅ Kata sandi Anda memenuhi aturan portal.
portal-pw-missing =
    ⚠️ Yang belum terpenuhi:
    { $missing }
portal-pw-retry = Ubah kata sandi di formulir portal (jangan kirim ke sini), lalu periksa lagi.
portal-opt-pw-again = Periksa lagi
portal-opt-continue = Lanjut

portal-create =
    Setelah semua terisi, tekan tombol “Buat akun”.
    Lalu buka email yang Anda pakai: cari email dari Kementerian Kesehatan RI yang berisi informasi aktivasi akun, dan tekan “Aktifkan akun”.
portal-activate = Apakah akun Anda sudah aktif?
portal-opt-activated = Sudah aktif
portal-opt-button-failed = Tombol gagal
portal-opt-no-mail = Email belum ada
portal-activate-fix =
    Jika tombol “Aktifkan akun” gagal: salin URL aktivasi yang ada di bawah tombol itu, lalu buka di browser yang Anda gunakan.
    Setelah aktivasi selesai, akun bisa dipakai untuk masuk ke portal SATUSEHAT.
portal-activate-no-mail =
    Email aktivasi dikirim ke alamat email yang Anda isi di formulir, dari Kementerian Kesehatan RI.
    Panduan ini tidak menjelaskan lebih jauh jika email tidak datang. Ketik /petugas untuk minta bantuan petugas.

portal-institution =
    Registrasi Institusi: fasyankes Anda didaftarkan agar mendapat kode akun untuk bridging ke SATUSEHAT.
    • Masuk dengan akun Anda, klik menu “Registrasi Institusi”
    • Pilih “Fasilitas Pelayanan Kesehatan”
    • Ikuti langkah sesuai formulir yang disediakan DTO
    • Kode fasyankes: gunakan kode baru yang sesuai. Untuk wilayah Jawa Tengah, bisa merujuk Buku Data Dasar Puskesmas 2020: https://dinkesjatengprov.go.id/v2018/storage/2021/07/Buku-Data-Dasar-Pusk-RS-Tahun-2020.pdf

portal-docs =
    Sebelum melanjutkan registrasi institusi, siapkan 4 dokumen pendukung:
    1. Surat Izin Operasional
    2. Pakta Integritas, ditandatangani kepala fasyankes (kapus)
    3. Surat Kuasa/Tugas untuk PIC (penanggung jawab)
    4. Dokumen kerja sama (MOU) dengan vendor RME Anda
    Centang tiap dokumen yang sudah siap (tekan lagi untuk membatalkan), lalu pilih selesai. pandu mengingat centang Anda.
portal-doc-izin = Surat Izin Operasional
portal-doc-pakta = Pakta Integritas
portal-doc-kuasa = Surat Kuasa/Tugas PIC
portal-doc-mou = MOU dengan vendor RME
portal-docs-all = ✅ Keempat dokumen pendukung sudah siap.
portal-docs-missing-list =
    ⚠️ Masih kurang { $count } dari { $total } dokumen:
    { $missing }
portal-docs-missing = Lanjut saja, atau berhenti dulu dan kembali nanti? Centang Anda tersimpan.
portal-opt-continue-anyway = Lanjut saja
portal-opt-later = Berhenti dulu
portal-opt-back-to-list = Kembali ke daftar
portal-docs-later = Centang dokumen Anda tersimpan. Setelah dokumen lengkap, ketik /portal dan pilih “Dokumen pendukung” untuk melanjutkan.

portal-rme =
    Setelah memilih kategori institusi, lengkapi profil institusi.
    • Pada langkah pilih sistem RME, klik “Menggunakan Penyedia Sistem RME”
    • Pilih penyedia RME Anda (vendor RME fasyankes Anda)
    • Unggah dokumen kerja sama/MOU dengan vendor tersebut
portal-send = Langkah terakhir: klik tombol “Kirim” untuk mengirim semua dokumen dan formulir yang telah diisi.
portal-final-check =
    ⚠️ Akan muncul form validasi terakhir sebelum data benar-benar dikirim. Setelah itu data tidak bisa diubah kembali.
    Pastikan semua isian sudah sesuai. Sudah Anda periksa?
portal-opt-checked = Sudah sesuai
portal-opt-not-checked = Periksa dulu
portal-final-review =
    Periksa kembali isian formulir, kode fasyankes, dan dokumen yang diunggah di portal.
    Jika semua sudah sesuai, lanjutkan.

portal-wait =
    Setelah disimpan, fasyankes tinggal menunggu data terverifikasi. Cek informasi verifikasi secara berkala di https://satusehat.kemkes.go.id/
    Apakah fasyankes Anda sudah terverifikasi?
portal-opt-verified = Sudah terverifikasi
portal-opt-not-yet = Belum
portal-wait-later = Cek portal secara berkala. Setelah terverifikasi, ketik /portal dan pilih “Kode API”.

portal-api =
    Setelah terverifikasi, buka halaman “Akses kode API”. Di sana tampil:
    • Organization ID
    • Client key
    • Secret key
    Kode API yang tampil disesuaikan dengan environment yang dipilih (misalnya production).
portal-api-vendor =
    Berikan kode API itu hanya kepada vendor RME fasyankes Anda, untuk bridging ke SATUSEHAT.
    🔒 Jangan kirim kode API ke pandu atau ke siapa pun selain vendor RME Anda. pandu tidak pernah meminta kode API, Secret key, atau kata sandi.
