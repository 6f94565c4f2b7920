fact-file-size =
    Dokumen untuk Registrasi Klinik di aplikasi Registrasi Fasyankes diunggah dalam format PDF, masing-masing tidak lebih dari 2 MB:
    • Surat permohonan registrasi klinik kepada Sesditjen Pelayanan Kesehatan, ditandatangani Kepala Klinik
    • Surat Izin Operasional Klinik
    • Surat bukti Penanaman Modal Asing (jika modal asing)
fact-password-rule =
    Aturan kata sandi akun SATUSEHAT: minimal 8 karakter, termasuk huruf kapital (A-Z), huruf kecil (a-z), dan angka (0-9). Konfirmasi kata sandi harus sama.
    Jangan kirim kata sandi Anda ke pandu atau siapa pun.
fact-activation-email =
    Setelah menekan "Buat akun", cek email dari Kementerian Kesehatan RI berisi aktivasi akun SATUSEHAT. Jika tombol "Aktifkan akun" gagal, salin URL aktivasi di bawahnya dan buka di browser.
    Untuk aplikasi Registrasi Fasyankes: tautan aktivasi dikirim ke email Anda setelah Dinkes Kab/Kota memverifikasi; jika tidak ada di kotak masuk, cek folder spam.
fact-api-codes =
    Setelah institusi terverifikasi, menu "Akses kode API" di portal SATUSEHAT menampilkan Organization ID, Client key, dan Secret key sesuai environment yang dipilih (misalnya production).
    Kode ini diberikan kepada vendor RME fasyankes Anda untuk bridging ke SATUSEHAT — jangan dikirim ke pandu atau pihak lain.
fact-kyc-failed-vs-invalid =
    KYC gagal tidak sama dengan KYC tidak valid:
    • Tidak valid: proses KYC berhasil, tetapi identitas pasien tidak cocok.
    • Gagal: prosesnya tidak berhasil karena masalah jaringan, server, atau sistem lainnya.
fact-kyc-retry-limit = Jika verifikasi gagal, muncul pop-up "Verifikasi profil belum berhasil" dengan tombol [Coba Lagi]. Batas maksimal percobaan adalah 3 kali. Jika [Coba Lagi] keempat kalinya juga gagal, muncul pop-up untuk [Ulangi Proses Verifikasi] dari awal atau menghubungi Helpdesk.
fact-kyc-complaint-form =
    Aduan kendala verifikasi dikirim lewat formulir di satusehat.kemkes.go.id/mobile/contact-us, berisi:
    1. Nama pelapor
    2. Email dan nomor telepon yang aktif
    3. Kategori "Verifikasi Profil (KYC)"
    4. Kebutuhan "Lainnya"
    5. Pesan berisi nama, NIK, dan email pasien yang gagal diverifikasi
    6. Lampiran: tangkapan layar halaman sukses web Portal KYC dan Profil SSM pengguna
    Saya bisa membantu menyiapkannya: pilih prosedur verifikasi SATUSEHAT Mobile di menu.
fact-clinic-validator =
    Registrasi klinik divalidasi menurut jenis kepemilikan:
    • Pemerintah: Dinkes Kab/Kota di wilayah masing-masing
    • Penanaman Modal Dalam Negeri (PMDN): Dinkes Kab/Kota di wilayah masing-masing
    • Penanaman Modal Asing (PMA): Kemenkes
    Pendaftaran user divalidasi oleh Dinkes Kab/Kota di wilayah Kab/Kota yang sama (tidak bisa lintas wilayah).
fact-institution-docs =
    Dokumen pendukung Registrasi Institusi di portal SATUSEHAT:
    1. Surat Izin Operasional
    2. Pakta Integritas (ditandatangani kepala fasyankes)
    3. Surat Kuasa/Tugas untuk PIC
    4. Dokumen kerja sama (MOU) dengan vendor RME
fact-data-locked =
    • Portal SATUSEHAT: ada form validasi terakhir sebelum data dikirim; setelah itu data tidak bisa diubah lagi.
    • Registrasi Fasyankes: data yang sudah dikirim ("Kirim") tidak dapat diubah. Jika hasil validasi meminta perbaikan, perbaikan dilakukan melalui aplikasi Registrasi Fasyankes.
fact-legal-basis =
    Dasar hukum integrasi SATUSEHAT: PERMENKES 24/2022 tentang Rekam Medis, antara lain:
    • Fasyankes wajib RME (Pasal 3), termasuk telemedisin (Pasal 4), paling lambat 31 Desember 2023 (Pasal 45)
    • RME terkoneksi SATUSEHAT (Pasal 21), transfer rujukan melalui SATUSEHAT (Pasal 24), sistem RME terdaftar di Kemenkes (Pasal 12)
    • Standar interoperabilitas (Pasal 10 ayat 4), variabel dan metadata (Pasal 11)
    • Akses Kemenkes untuk kebijakan kesehatan (Pasal 28); pasien mendapat rekam medis (Pasal 26 ayat 11)
fact-vendor-contact = Kendala pendaftaran dan integrasi SATUSEHAT dengan Aplikasi Klinik Pintar: hubungi grup WhatsApp yang disediakan, chat bantuan di sistem, atau Customer Success Klinik Pintar di 0851-7324-7321.
fact-ks-email = Surat permohonan akun Keluarga Sehat beserta daftar calon pengelola dikirim ke Pusdatin Kemenkes (Jl. HR. Rasuna Said Blok X-5 Kav 4-9, Jakarta Selatan 12950, Lt. 6 R.614) atau melalui email keluargasehat@kemkes.go.id, dengan tembusan ke Dinas Kesehatan Provinsi terlebih dahulu sebagai laporan.
fact-ks-contacts =
    Kontak aplikasi Keluarga Sehat:
    1. Munaryo — 08128348722
    2. Wiwid — 081281382992
    3. Dewi Roro — 081386242105
    4. Ismail — 081808252390
    5. Diah Puspita — 081310241210
    6. Tatik — 085642646756
    7. Margiyono — 081382838445
    8. Amnur — 0815100805060
fact-ks-roster-size = Per puskesmas, Dinkes Kab/Kota mengusulkan: 1 administrator puskesmas, 1 supervisor (koordinator pengumpul data), 10 surveyor (pengumpul data lapangan), dan Kepala Puskesmas.
chat-hello = Halo! Silakan pilih dari menu di bawah, atau tulis pertanyaan Anda.
chat-thanks = Sama-sama! Semoga lancar. Ketik /menu kapan saja jika perlu bantuan lagi.
