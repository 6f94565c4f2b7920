# Registrasi Klinik di aplikasi Registrasi Fasyankes — seed 002 (juknis Ditjen Pelayanan Kesehatan 2020).

clinic-title = Registrasi Klinik (Registrasi Fasyankes)

clinic-menu =
    🏥 Registrasi Klinik di aplikasi Registrasi Fasyankes (juknis Ditjen Pelayanan Kesehatan 2020).
    Aplikasi dibuka di registrasifasyankes.kemkes.go.id atau lewat yankes.kemkes.go.id.

    Apa yang Anda perlukan?
clinic-opt-who = Siapa yang memvalidasi?
clinic-opt-docs = Cek dokumen unggahan
clinic-opt-form = Siapkan form user
clinic-opt-steps = 10 langkah: posisi saya
clinic-opt-dinkes = Langkah Dinkes Kab/Kota
clinic-opt-finish = Selesai
clinic-opt-back-menu = Kembali ke menu klinik

## 1. Siapa yang memvalidasi

clinic-ask-ownership =
    Apa jenis kepemilikan klinik Anda?
    • Pemerintah
    • Penanaman Modal Dalam Negeri (PMDN)
    • Penanaman Modal Asing (PMA)
clinic-opt-own-gov = Pemerintah
clinic-opt-own-pmdn = PMDN (dalam negeri)
clinic-opt-own-pma = PMA (modal asing)
clinic-who-answer =
    { $ownership ->
        [pma] ✅ Kepemilikan Penanaman Modal Asing (PMA): registrasi klinik divalidasi oleh Kemenkes.
        [pmdn] ✅ Kepemilikan Penanaman Modal Dalam Negeri (PMDN): registrasi klinik divalidasi oleh Dinkes Kab/Kota di wilayah Kab/Kota klinik Anda.
       *[gov] ✅ Kepemilikan Pemerintah: registrasi klinik divalidasi oleh Dinkes Kab/Kota di wilayah Kab/Kota klinik Anda.
    }

    👤 Pendaftaran user aplikasi selalu divalidasi oleh Dinkes Kab/Kota di wilayah Kab/Kota masing-masing. Pendaftaran user dari wilayah Kab/Kota yang berbeda tidak bisa divalidasi.

## 2. Dokumen

clinic-doc-intro =
    📄 Dokumen yang diunggah: soft copy format PDF, tidak lebih dari 2 MB.
    • a. Surat permohonan Registrasi Klinik yang ditujukan ke Sesditjen Pelayanan Kesehatan, ditandatangani Kepala Klinik
    • b. Surat Izin Operasional Klinik
    { $ownership ->
        [pma] • c. Surat bukti Penanaman Modal Asing (klinik Anda PMA)
       *[other] (Surat bukti Penanaman Modal Asing hanya untuk kepemilikan modal asing: tidak perlu untuk klinik Anda.)
    }

    Kirim berkasnya satu per satu di sini: saya periksa format dan ukurannya. Berkas yang belum siap bisa dilewati. Pemeriksaan ini hanya di pandu; unggahan resmi tetap di aplikasi Registrasi Fasyankes.
clinic-ask-doc-letter = Kirim Surat permohonan Registrasi Klinik (ditujukan ke Sesditjen Pelayanan Kesehatan, ditandatangani Kepala Klinik) sebagai PDF maks. 2 MB, atau lewati dulu.
clinic-field-doc-letter = Surat permohonan Registrasi Klinik
clinic-ask-doc-permit = Kirim Surat Izin Operasional Klinik sebagai PDF maks. 2 MB, atau lewati dulu.
clinic-field-doc-permit = Surat Izin Operasional Klinik
clinic-ask-doc-pma = Kirim Surat bukti Penanaman Modal Asing sebagai PDF maks. 2 MB, atau lewati dulu.
clinic-field-doc-pma = Surat bukti Penanaman Modal Asing
clinic-doc-none = (tidak ada)
clinic-doc-result =
    📋 Hasil pemeriksaan dokumen (PDF, maks. 2 MB)
    Lolos pemeriksaan:
    { $passed }

    Masih kurang:
    { $missing }
    { $complete ->
        [yes] Semua dokumen siap diunggah di aplikasi.
       *[no] Siapkan yang masih kurang, lalu pilih “Cek dokumen unggahan” lagi.
    }

## 3. Form Pendaftaran User

clinic-form-intro =
    📝 Form “Pendaftaran User” dibuka dari menu “Daftar User” di halaman awal aplikasi (user Dinkes: “Daftar User Dinkes”). Isian form: Kategori User, Jabatan, Email address, Password, Confirm Password, No KTP, Nama Lengkap, Jenis Kelamin, No Handphone, Tempat/Tanggal Lahir, Provinsi, Kota, Kecamatan, Alamat.

    Saya periksa dulu: No KTP, Nama Lengkap, Email, No Handphone, Tanggal Lahir, Provinsi, Kota/Kabupaten, Kecamatan.
    Isi sendiri di aplikasi: Kategori User, Jabatan, Jenis Kelamin, Tempat lahir, Alamat.
    🔒 Password dan Confirm Password: pandu tidak pernah menanyakannya. Jangan kirim password ke siapa pun.
clinic-ask-nik = No KTP (NIK, 16 digit) sesuai identitas user:
clinic-field-nik = No KTP (NIK)
clinic-ask-name = Nama Lengkap sesuai identitas:
clinic-field-name = Nama Lengkap
clinic-ask-email = Email address: gunakan email aktif. Email ini menjadi username untuk login, dan hasil verifikasi serta link aktivasi dikirim ke sini.
clinic-field-email = Email
clinic-ask-mobile = No Handphone (contoh: 0812-3456-7890):
clinic-field-mobile = No Handphone
clinic-ask-birth-date = Tanggal Lahir (contoh: 17-08-1990):
clinic-field-birth-date = Tanggal Lahir
clinic-ask-province = Provinsi: pilih nomor atau ketik namanya.
clinic-field-province = Provinsi
clinic-ask-regency = Kota/Kabupaten: pilih nomor atau ketik namanya.
clinic-field-regency = Kota/Kabupaten
clinic-ask-district = Kecamatan: pilih nomor atau ketik namanya.
clinic-field-district = Kecamatan
clinic-review = Periksa data untuk form Pendaftaran User. Pilih “Ubah …” untuk memperbaiki satu isian.
clinic-opt-make-text = Buat teks siap salin
clinic-form-text =
    📋 Form Pendaftaran User (urutan sesuai aplikasi)
    Kategori User: (pilih di aplikasi)
    Jabatan: (isi di aplikasi)
    Email address: { $email }
    Password: (buat sendiri, jangan dibagikan)
    Confirm Password: (ulangi password)
    No KTP: { $nik }
    Nama Lengkap: { $name }
    Jenis Kelamin: (pilih di aplikasi)
    No Handphone: { $mobile }
    Tempat/Tanggal Lahir: (tempat lahir) / { $birth_date }
    Provinsi: { $province }
    Kota: { $regency }
    Kecamatan: { $district }
    Alamat: (isi di aplikasi)
clinic-form-after =
    Salin isian di atas ke form, lengkapi sisanya, lalu klik “Submit”. pandu tidak mengirim data ini ke aplikasi dan tidak membuat tiket.
    • Dinkes Kab/Kota di wilayah Kab/Kota yang sama memverifikasi user Anda (pendaftaran dari Kab/Kota lain tidak bisa divalidasi).
    • Bila data valid, link aktivasi dikirim ke email Anda: klik tautan di badan email. Tidak ada di kotak masuk? Cek folder spam.

## 4. Alur 10 langkah

clinic-tracker-ask = Alur registrasi klinik ada 10 langkah, dari form user sampai kode klinik. Di langkah mana Anda sekarang?
clinic-track-1 = Isi form user
clinic-track-2 = Dinkes verifikasi user
clinic-track-3 = Aktivasi via email
clinic-track-4 = Login email & password
clinic-track-5 = Isi data registrasi
clinic-track-6 = Pantau progres
clinic-track-7 = Validasi Dinkes Kab/Kota
clinic-track-8 = Monitoring Dinkes Prov
clinic-track-9 = Kemenkes buat kode
clinic-track-10 = Registrasi selesai
clinic-tracker-reply = 📍 Anda di langkah { $current } dari { $total }: { $current_label }. Berikutnya: { $next_label }.
clinic-track-detail =
    { $step ->
        [s1] Langkah 1: klinik mengisi form user (“Pendaftaran User”) dari menu “Daftar User”, lalu klik “Submit”. Bagian “Siapkan form user” di menu ini membantu menyiapkan isiannya.
        [s2] Langkah 2: Dinkes Kab/Kota memverifikasi permohonan user berdasarkan data yang diterima. Bila lengkap, link aktivasi user dikirim; bila tidak, Anda diberi tahu kekurangan datanya.
        [s3] Langkah 3: aktivasi user lewat link yang dikirim ke email pemohon. Klik tautan di badan email. Tidak ada di kotak masuk? Cek folder spam.
        [s4] Langkah 4: login ke aplikasi Registrasi Fasyankes dengan username (email) dan password yang sudah didaftarkan, lalu klik “Masuk”.
        [s5] Langkah 5: isi kelengkapan data registrasi: form Data Dasar, Sumber Daya Manusia (SDM), serta Sarana, Prasarana dan Alat Kesehatan. Dokumen diunggah sebagai PDF maks. 2 MB. Pastikan data sudah benar sebelum klik “Kirim”: data yang telah dikirim tidak dapat diubah atau diedit.
        [s6] Langkah 6: pantau progres registrasi secara berkala (form monitoring proses registrasi). Tunggu validasi dari Dinkes Kab/Kota atau Kementerian Kesehatan sesuai ketentuan (klinik PMA: Kemenkes).
        [s7] Langkah 7: Dinkes Kab/Kota memverifikasi dan memvalidasi data registrasi. Hasil validasi diberitahukan lewat email aktif user. Bila ada perbaikan data, perbaiki melalui aplikasi Registrasi Fasyankes.
        [s8] Langkah 8: Dinkes Provinsi memonitor proses registrasi. Pantau email aktif Anda untuk hasil validasi.
        [s9] Langkah 9: Kemenkes secara otomatis membuat kode klinik setelah ada persetujuan Dinkes Kab/Kota; pemberitahuan dikirim ke email klinik dan Dinkes Kab/Kota. Kode klinik ada di badan email.
       *[s10] Langkah 10: registrasi selesai. Nomor registrasi muncul di profile klinik, dan klinik tampil di daftar klinik user Dinkes Kab/Kota, Dinkes Provinsi dan Kemenkes sesuai wilayahnya.
    }

## 5. Dinkes Kab/Kota

clinic-dinkes-menu = Untuk user Dinkes Kab/Kota: login ke aplikasi Registrasi Fasyankes (username = email, dengan password yang didaftarkan), lalu validasi pendaftaran user dan registrasi klinik. Pilih:
clinic-opt-dinkes-users = Validasi user
clinic-opt-dinkes-clinics = Validasi klinik
clinic-opt-dinkes-scope = Akses data per user
clinic-dinkes-users =
    👤 Validasi Pendaftaran User
    1) Klik menu “List User yang Mendaftar”, pilih user yang akan divalidasi, lalu klik icon “Verifikasi”.
    2) Bila valid, klik “Kirim Validasi ke Email User”.
    Dinkes Kab/Kota memvalidasi user dari wilayah Kab/Kota-nya sendiri; pendaftaran dari Kab/Kota lain tidak bisa divalidasi.
clinic-dinkes-clinics =
    🏥 Validasi Registrasi Klinik (kepemilikan Pemerintah dan PMDN; klinik PMA divalidasi Kemenkes)
    1) Klik menu “List Registrasi Klinik”, pilih klinik yang akan divalidasi, lalu klik icon “verifikasi”.
    2) Periksa kesesuaian data permohonan registrasi. Bila sesuai, klik “Setujui”. Bila belum disetujui, berikan catatan alasannya.
    3) Validasi selesai: kode klinik dikirim langsung melalui email.
clinic-dinkes-scope =
    🔐 Akses data klinik per user
    • Klinik: data klinik masing-masing
    • Dinkes Kab/Kota: klinik di wilayah Kab/Kota masing-masing, tidak bisa akses Kab/Kota lain
    • Dinkes Provinsi: klinik di wilayah Provinsi masing-masing, tidak bisa akses Provinsi lain
    • Kemkes: semua data klinik
