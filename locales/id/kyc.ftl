kyc-title = Verifikasi SATUSEHAT Mobile (KYC) gagal
kyc-what-seen =
    Saat konfirmasi validasi data verifikasi pengguna SATUSEHAT Mobile, apa yang Anda lihat?
    • Pop-up "Verifikasi profil belum berhasil" dengan tombol [Coba Lagi] berarti KYC gagal: prosesnya tidak berhasil karena jaringan, server, atau masalah sistem lain.
    • Hasil bahwa identitas pasien tidak cocok berarti KYC tidak valid: prosesnya berhasil, tetapi identitasnya tidak cocok.
kyc-opt-failed = Pop-up belum berhasil
kyc-opt-invalid = Identitas tidak cocok
kyc-opt-unsure = Saya tidak yakin
kyc-explain =
    KYC gagal tidak sama dengan KYC tidak valid.
    • Tidak valid: proses KYC berhasil, tetapi identitas pasien tidak cocok.
    • Gagal: proses KYC tidak berhasil karena isu jaringan, server, atau masalah sistem lainnya. Tandanya pop-up "Verifikasi profil belum berhasil" dengan tombol [Coba Lagi].
    Setelah ini saya tanyakan lagi apa yang Anda lihat.
kyc-invalid =
    KYC tidak valid artinya proses KYC berhasil, tetapi identitas pasien tidak cocok. Ini bukan gangguan sistem: langkah [Coba Lagi] dan aduan "Alur Gagal" hanya untuk KYC gagal.
    Jika perlu bantuan, ketik /petugas.
kyc-opt-complaint = Siapkan aduan Helpdesk
kyc-opt-done = Selesai
kyc-tries = Berapa kali Anda sudah menekan [Coba Lagi] setelah pop-up "Verifikasi profil belum berhasil"? Batas maksimalnya 3 kali.
kyc-opt-tries-0 = Belum pernah
kyc-opt-tries-1 = 1 kali
kyc-opt-tries-2 = 2 kali
kyc-opt-tries-3 = 3 kali
kyc-opt-tries-4 = 4 kali / ada pop-up
kyc-retry = Tekan [Coba Lagi] sekarang — percobaan ke-{ $attempt } dari { $max }. Apakah verifikasinya berhasil?
kyc-retry-fourth =
    Anda sudah 3 kali menekan [Coba Lagi], batas maksimalnya. Tekan [Coba Lagi] sekali lagi: jika percobaan keempat ini juga gagal, muncul pop-up untuk mengulang proses verifikasi dari awal atau menghubungi Helpdesk.
    Apa yang terjadi?
kyc-opt-popup = Gagal, muncul pop-up
kyc-opt-retry-ok = Berhasil
kyc-opt-retry-fail = Masih gagal
kyc-success = Verifikasi berhasil. Tidak perlu aduan.
kyc-limit =
    Percobaan [Coba Lagi] keempat juga gagal, jadi muncul pop-up dengan dua pilihan:
    • [Ulangi Proses Verifikasi] — mengulang verifikasi dari awal dengan kode akses baru
    • Hubungi Helpdesk — melaporkan aduan ke tim SATUSEHAT
    Mana yang ingin Anda lakukan?
kyc-opt-restart = Ulangi Proses Verifikasi
kyc-restart =
    Cara mengulang proses verifikasi:
    1. Klik [Ulangi Proses Verifikasi] pada pop-up.
    2. Pasien/pengguna membuat Kode Baru di aplikasi SATUSEHAT Mobile.
    3. Fasyankes memasukkan kode akses baru itu dan memulai proses verifikasi dari awal.
    Kode akses hanya dimasukkan di portal — jangan kirim kode itu ke pandu.
    Apakah verifikasinya berhasil?
kyc-opt-restart-fail = Gagal, buat aduan
kyc-ask-reporter-name =
    Kita siapkan aduan untuk Helpdesk SATUSEHAT. Saya menanyakan data satu per satu; semuanya bisa dikoreksi sebelum dikirim.
    Siapa nama pelapor (nama Anda)?
kyc-ask-reporter-email = Alamat email pelapor yang aktif (untuk dihubungi atau tindak lanjut)?
kyc-ask-reporter-phone = Nomor telepon pelapor yang aktif?
kyc-ask-patient-name = Nama pasien yang gagal diverifikasi?
kyc-ask-patient-nik = NIK pasien (16 digit, sesuai KTP)?
kyc-ask-patient-email = Alamat email pasien?
kyc-ask-shot-portal = Kirim tangkapan layar (screenshot) halaman sukses web Portal KYC, sebagai gambar.
kyc-ask-shot-profile = Kirim tangkapan layar Profil SATUSEHAT Mobile (SSM) pengguna, sebagai gambar.
kyc-field-reporter-name = Nama pelapor
kyc-field-reporter-email = Email pelapor
kyc-field-reporter-phone = Telepon pelapor
kyc-field-patient-name = Nama pasien
kyc-field-patient-nik = NIK pasien
kyc-field-patient-email = Email pasien
kyc-field-shot-portal = Screenshot Portal KYC
kyc-field-shot-profile = Screenshot profil SSM
kyc-review = Periksa data aduan. Pilih "Kirim aduan" jika sudah benar, atau pilih data yang ingin diubah:
kyc-opt-submit = Kirim aduan
kyc-complaint-text =
    Nama pelapor: { $reporter_name }
    Email: { $reporter_email }
    Nomor telepon: { $reporter_phone }
    Kategori: Verifikasi Profil (KYC)
    Kebutuhan: Lainnya
    Pesan:
    Verifikasi profil (KYC) pasien berikut di SATUSEHAT Mobile gagal.
    Nama pasien: { $patient_name }
    NIK pasien: { $patient_nik }
    Email pasien: { $patient_email }
    Terlampir tangkapan layar halaman sukses web Portal KYC dan Profil SSM pengguna.
    Nomor referensi pandu: { $reference }
kyc-submitted =
    Aduan tercatat dengan nomor referensi { $reference } dan diteruskan ke tim helpdesk.
    Untuk formulir resmi: buka satusehat.kemkes.go.id/mobile/contact-us, isi nama, email, dan nomor telepon, pilih kategori "Verifikasi Profil (KYC)" dan kebutuhan "Lainnya", salin teks di atas ke kolom pesan, lalu lampirkan kedua tangkapan layar.
