# Akun Aplikasi Keluarga Sehat (seed 004).

ks-title = Akun Keluarga Sehat

ks-menu =
    🏠 Aplikasi Keluarga Sehat — permintaan akun.
    Apa yang Anda perlukan?
ks-opt-about = Tentang aplikasi
ks-opt-procedure = Alur 7 tahap
ks-opt-roster = Susun daftar calon
ks-opt-done = Selesai

ks-about =
    ℹ️ Aplikasi Keluarga Sehat
    • Bentuk dukungan teknologi informasi dalam pendataan keluarga sehat.
    • Dipakai untuk input data dan menyajikan dashboard status pendataan dan Indeks Keluarga Sehat.
    • Alamat web: https://keluargasehat.kemkes.go.id

    Akses pengguna menurut level: pusat, provinsi, kab/kota, Puskesmas.

    Jenis pengguna di Puskesmas:
    • admin
    • kepala Puskesmas
    • supervisor (koordinator pengumpul data lapangan)
    • surveyor (pengumpul data lapangan)

ks-proc-1 =
    Tahap 1 dari 7
    Dinas Kesehatan Kabupaten/Kota menginventarisasi daftar Puskesmas lokus pendataan keluarga sehat, lalu membuat daftar calon pengelola Aplikasi Keluarga Sehat di Puskesmas (Pembina Keluarga):
    • 1 orang administrator Puskesmas
    • 1 orang supervisor (koordinator pengumpul data lapangan)
    • 10 orang surveyor (pengumpul data lapangan)
    • Kepala Puskesmas
ks-proc-2 =
    Tahap 2 dari 7
    Dinas Kesehatan Kabupaten/Kota mengirimkan surat permohonan resmi dengan melampirkan daftar nama calon Pembina Keluarga, dilengkapi:
    • Nama dan kode Puskesmas
    • Nama lengkap, NIP dan NIK calon administrator, calon supervisor, calon surveyor, dan kepala Puskesmas
    • Jabatan
    • Nomor HP
    • Alamat email

    Daftar ini bisa Anda susun di sini: menu “Susun daftar calon”.
ks-proc-3 =
    Tahap 3 dari 7
    Pastikan surat permohonan resmi dan lampirannya lengkap: nama dan kode Puskesmas; nama lengkap, NIP dan NIK setiap calon dan kepala Puskesmas; jabatan, nomor HP dan alamat email.
ks-proc-4 =
    Tahap 4 dari 7
    Data calon pengelola dikirim ke Kementerian Kesehatan, yaitu Pusat Data dan Informasi (Pusdatin):
    • Surat: Jalan HR. Rasuna Said Blok X-5 Kav 4-9, Jakarta Selatan, 12950, Lt. 6 R.614, atau
    • Email: keluargasehat@kemkes.go.id

    Tembusan ke Dinas Kesehatan Provinsi terlebih dahulu sebagai laporan.
ks-proc-5 =
    Tahap 5 dari 7
    Pusdatin memverifikasi kelengkapan data, lalu membuat akun:
    • 1 akun Dinas Kesehatan Provinsi
    • 1 akun Dinas Kesehatan Kabupaten/Kota
    • 1 akun administrator Puskesmas
    dilengkapi panduan aktivasi akun.
ks-proc-6 =
    Tahap 6 dari 7
    Akun tersebut dikirim kembali ke Dinas Kesehatan Kabupaten/Kota pemohon.
ks-proc-7 =
    Tahap 7 dari 7
    Dinas Kesehatan Kabupaten/Kota mendistribusikan akun admin ke Puskesmas terkait agar segera diaktivasi dan digunakan.
    Admin Puskesmas lalu membuat akun untuk supervisor, surveyor dan kepala Puskesmas.
ks-proc-sop =
    🔒 Mengapa ada SOP pemberian akun?
    • Keamanan data: Pusdatin sudah menerapkan ISO 27001 SMKI, dan data Aplikasi Keluarga Sehat merupakan bagian data rekam medis setiap individu yang didata, yang wajib dilindungi kerahasiaannya.
    • Penarikan data kependudukan (NIK dan NKK) dari Dukcapil, Kemendagri (Permendagri No 16/2015): setiap pengguna yang mengakses data kependudukan dari server Dukcapil harus didaftarkan dengan formulir registrasi yang telah ditetapkan.
ks-contacts =
    📞 Contact person Aplikasi Keluarga Sehat:
    1. Munaryo. 08128348722
    2. Wiwid. 081281382992
    3. Dewi Roro. 081386242105
    4. Ismail 081808252390
    5. Diah Puspita 081310241210
    6. Tatik 085642646756
    7. Margiyono 081382838445
    8. Amnur 0815100805060

ks-roster-intro =
    📋 Daftar calon Pembina Keluarga untuk satu Puskesmas (untuk Dinas Kesehatan Kabupaten/Kota).
    Saya akan menanyakan provinsi dan kabupaten/kota Anda, nama dan kode Puskesmas, lalu untuk setiap orang: nama lengkap, NIP, NIK, jabatan, nomor HP dan email.
    Urutannya: administrator, supervisor, surveyor (1 sampai 10), kepala Puskesmas.
    Hasilnya: berkas CSV daftar calon dan teks email permohonan.

ks-ask-province = Provinsi Dinas Kesehatan Anda? Ketik namanya (mis. Jawa Tengah).
ks-field-province = Provinsi
ks-ask-regency = Kabupaten/kota Dinas Kesehatan Anda? Ketik namanya (mis. Kota Semarang).
ks-field-regency = Kabupaten/Kota
ks-ask-pkm-name = Nama Puskesmas?
ks-field-pkm-name = Nama Puskesmas
ks-ask-pkm-code = Kode Puskesmas?
ks-field-pkm-code = Kode Puskesmas

ks-role-admin = Administrator Puskesmas
ks-role-supervisor = Supervisor
ks-role-surveyor = Surveyor { $n }
ks-role-head = Kepala Puskesmas
ks-role-supervisor-csv = Supervisor
ks-role-surveyor-csv = Surveyor

ks-ask-p-name =
    👤 { $who }
    Nama lengkap?
ks-ask-p-nip =
    👤 { $who }
    NIP (18 digit)?
ks-ask-p-nik =
    👤 { $who }
    NIK (16 digit)?
ks-ask-p-jabatan =
    👤 { $who }
    Jabatan?
ks-ask-p-mobile =
    👤 { $who }
    Nomor HP?
ks-ask-p-email =
    👤 { $who }
    Alamat email?
ks-field-name = Nama lengkap
ks-field-nip = NIP
ks-field-nik = NIK
ks-field-jabatan = Jabatan
ks-field-mobile = Nomor HP
ks-field-email = Email

ks-dup-nip = ⚠️ NIP ini sudah dipakai { $other } ({ $name }) di daftar ini. Setiap orang punya NIP sendiri: periksa lagi.
ks-dup-nik = ⚠️ NIK ini sudah dipakai { $other } ({ $name }) di daftar ini. Setiap orang punya NIK sendiri: periksa lagi.
ks-person-saved = ✅ Data { $who } tersimpan.

ks-ask-more = Sudah { $count } surveyor (paling banyak { $max }). Tambah surveyor lagi?
ks-opt-more-yes = Ya, tambah surveyor
ks-opt-more-no = Tidak, lanjut
ks-surveyor-limit = Sudah { $max } surveyor: jumlah dalam alur resmi sudah terpenuhi.

ks-review =
    📋 Daftar calon — { $pkm_name } ({ $pkm_code }), { $count } orang:

    { $list }

    NIP dan NIK disamarkan di sini; berkas CSV memuat lengkap.
ks-review-line =
    { $n }. { $who }: { $name }
    { $jabatan } · NIP { $nip } · NIK { $nik }
    { $mobile } · { $email }
ks-opt-produce = Buat berkas
ks-opt-redo = Ulangi satu orang
ks-opt-add-surveyor = Tambah surveyor

ks-ask-redo-role = Data siapa yang mau diisi ulang?
ks-opt-role-admin = Administrator
ks-opt-role-supervisor = Supervisor
ks-opt-role-surveyor = Surveyor
ks-opt-role-head = Kepala Puskesmas
ks-opt-back-review = Kembali ke daftar
ks-ask-redo-which = Surveyor yang mana? (ada { $count })
ks-opt-surveyor-1 = Surveyor 1
ks-opt-surveyor-2 = Surveyor 2
ks-opt-surveyor-3 = Surveyor 3
ks-opt-surveyor-4 = Surveyor 4
ks-opt-surveyor-5 = Surveyor 5
ks-opt-surveyor-6 = Surveyor 6
ks-opt-surveyor-7 = Surveyor 7
ks-opt-surveyor-8 = Surveyor 8
ks-opt-surveyor-9 = Surveyor 9
ks-opt-surveyor-10 = Surveyor 10
ks-redo-no-such-surveyor = Tidak ada surveyor { $n }: daftar ini memuat { $count } surveyor.
ks-redo-start = ✏️ Isi ulang data { $who }. Jawaban baru menggantikan data lama.

ks-csv-ready =
    📎 { $file } — daftar { $count } calon Pembina Keluarga.
    Saat membuka di spreadsheet, impor kolom NIP, NIK dan Nomor HP sebagai Teks agar semua digit tetap utuh (pemisah: koma).
ks-email-intro = ✉️ Teks email permohonan (salin, lalu lampirkan surat permohonan resmi dan berkas CSV):
ks-email-text =
    Kepada: { $to }
    Tembusan: Dinas Kesehatan Provinsi { $province } (isi alamat emailnya)
    Subjek: Permohonan Akun Aplikasi Keluarga Sehat — { $pkm } ({ $pkm_code })

    Yth. Pusat Data dan Informasi Kementerian Kesehatan,

    Bersama ini Dinas Kesehatan { $regency } mengajukan permohonan pembuatan akun Aplikasi Keluarga Sehat untuk { $pkm } (kode Puskesmas { $pkm_code }), dengan calon pengelola (Pembina Keluarga):
    • Administrator Puskesmas: { $admins } orang
    • Supervisor: { $supervisors } orang
    • Surveyor: { $surveyors } orang
    • Kepala Puskesmas: { $heads } orang
    Jumlah: { $total } orang.

    Terlampir surat permohonan resmi dan daftar nama calon Pembina Keluarga (nama lengkap, NIP, NIK, jabatan, nomor HP dan alamat email).

    Tembusan disampaikan kepada Dinas Kesehatan Provinsi { $province } sebagai laporan.

    Atas perhatian Bapak/Ibu kami ucapkan terima kasih.

    Hormat kami,
    Dinas Kesehatan { $regency }
ks-after-output =
    ⚠️ Kirim tembusan ke Dinas Kesehatan Provinsi { $province } terlebih dahulu sebagai laporan, lalu kirim ke { $to } (atau lewat surat ke Pusdatin).
    Pusdatin memverifikasi kelengkapan data, lalu mengirim akun kembali ke Dinas Kesehatan Kabupaten/Kota Anda.
