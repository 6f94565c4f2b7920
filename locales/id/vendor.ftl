## Layanan extra support Integrasi SATUSEHAT dari vendor Klinik Pintar (seed 001)

vendor-title = Integrasi Klinik Pintar

vendor-menu =
    Layanan extra support Integrasi SATUSEHAT dari Klinik Pintar untuk Mitra (klinik pengguna Aplikasi Klinik Pintar). Klinik Pintar telah lolos verifikasi SATUSEHAT Kemenkes sebagai penyedia Platform-as-a-service (PaaS).
    Apa yang ingin Anda ketahui?
vendor-opt-prereq = Cek syarat program
vendor-opt-flow = Alur layanan
vendor-opt-rights = Hak & kewajiban
vendor-opt-legal = Dasar hukum
vendor-opt-help = Minta bantuan
vendor-opt-finish = Selesai
vendor-opt-menu = Menu layanan
vendor-opt-yes = Ya
vendor-opt-no = Belum
vendor-again = Kembali ke menu layanan integrasi, atau selesai?

vendor-ask-agreement = Apakah klinik Anda telah menandatangani Perjanjian Kerja tentang Penggunaan Aplikasi Klinik Pintar & Layanan Pendukung (“Perjanjian Pengguna Baru”)?
vendor-ask-quotation = Apakah klinik Anda telah menandatangani quotation layanan extra support Integrasi SATUSEHAT?
vendor-ask-payment = Apakah klinik Anda telah melakukan pembayaran layanan extra support Integrasi SATUSEHAT?
vendor-ask-cooperate = Apakah klinik Anda bersedia melakukan kerja sama dalam layanan extra support Integrasi SATUSEHAT?
vendor-ask-user = Apakah klinik Anda telah memiliki akun dan terdaftar sebagai pengguna Aplikasi Klinik Pintar, serta sudah menjalani minimal 1 (satu) kali training penggunaan aplikasi?
vendor-ask-code = Apakah klinik Anda telah memiliki kode fasilitas kesehatan?
vendor-req-agreement = Perjanjian Pengguna Baru ditandatangani
vendor-req-quotation = Quotation layanan ditandatangani
vendor-req-payment = Pembayaran layanan
vendor-req-cooperate = Bersedia bekerja sama dalam layanan
vendor-req-user = Akun pengguna Aplikasi Klinik Pintar dan minimal 1 kali training
vendor-req-code = Kode fasilitas kesehatan
vendor-req-all-met = ✅ Keenam syarat program terpenuhi. Klinik Anda memenuhi syarat layanan extra support Integrasi SATUSEHAT.
vendor-req-missing =
    ⚠️ { $count } dari { $total } syarat belum terpenuhi:
    { $missing }
    Program ini berlaku untuk Mitra yang memenuhi semua syarat.

vendor-tracker =
    Alur layanan integrasi SATUSEHAT:
    1. Mitra mengisi form pendaftaran layanan integrasi SATUSEHAT
    2. Mitra melakukan pembayaran
    3. Klinik Pintar melakukan konfirmasi data dan mengirimkan formulir portal SATUSEHAT
    4. Klinik Pintar melakukan registrasi fasyankes
    5. Klinik Pintar membuat akun pada portal SATUSEHAT
    6. Klinik Pintar melakukan registrasi institusi
    7. Menunggu proses verifikasi
    8. Jika data disetujui, mendapatkan kode akses API
    9. Klinik Pintar memasukkan kode akses API SATUSEHAT ke Aplikasi Klinik Pintar
    Langkah mana yang sudah selesai atau sedang berjalan?{ $last }
vendor-tracker-last = Terakhir tercatat: langkah { $current } ({ $label }).
vendor-step-1 = Form pendaftaran
vendor-step-2 = Pembayaran
vendor-step-3 = Konfirmasi data
vendor-step-4 = Registrasi fasyankes
vendor-step-5 = Akun portal SATUSEHAT
vendor-step-6 = Registrasi institusi
vendor-step-7 = Menunggu verifikasi
vendor-step-8 = Kode akses API
vendor-step-9 = Kode API di aplikasi
vendor-tracker-reply = 📍 Tercatat: langkah { $current } dari { $total } ({ $current_label }).
vendor-tracker-next =
    Berikutnya:
    { $detail }
vendor-step-detail-1 = Langkah 1: Mitra mengisi form pendaftaran layanan integrasi SATUSEHAT.
vendor-step-detail-2 = Langkah 2: Mitra melakukan pembayaran, sesuai nominal pada dokumen quotation yang dikirimkan Klinik Pintar.
vendor-step-detail-3 = Langkah 3: Klinik Pintar melakukan konfirmasi data dan mengirimkan formulir portal SATUSEHAT. Siapkan dokumen (file PDF dan/atau lainnya) sesuai arahan Tim Klinik Pintar.
vendor-step-detail-4 = Langkah 4: Klinik Pintar melakukan registrasi fasyankes.
vendor-step-detail-5 = Langkah 5: Klinik Pintar membuat akun pada portal SATUSEHAT.
vendor-step-detail-6 = Langkah 6: Klinik Pintar melakukan registrasi institusi.
vendor-step-detail-7 = Langkah 7: menunggu proses verifikasi.
vendor-step-detail-8 = Langkah 8: jika data disetujui, klinik mendapatkan kode akses API.
vendor-step-detail-9 = Langkah 9: Klinik Pintar memasukkan kode akses API SATUSEHAT ke Aplikasi Klinik Pintar.
vendor-tracker-done = Ini langkah terakhir. Klinik Pintar akan memberi informasi bahwa proses integrasi SATUSEHAT dengan Aplikasi Klinik Pintar sudah selesai dan dapat digunakan.

vendor-rights-vendor =
    Hak dan kewajiban — Klinik Pintar:
    1. Memberikan informasi alur proses integrasi SATUSEHAT
    2. Melakukan registrasi fasyankes di portal SATUSEHAT
    3. Membuatkan akun pada portal SATUSEHAT
    4. Memberikan informasi bahwa proses integrasi SATUSEHAT dengan Aplikasi Klinik Pintar sudah selesai dan dapat digunakan
vendor-rights-partner =
    Hak dan kewajiban — Mitra Klinik:
    1. Bekerja sama dengan Klinik Pintar untuk berkoordinasi dalam integrasi SATUSEHAT dengan Aplikasi Klinik Pintar
    2. Melakukan pembayaran sesuai nominal yang tertera pada dokumen quotation yang dikirimkan Klinik Pintar
    3. Menyediakan dan memberikan semua dokumen (file PDF dan/atau lainnya, sesuai arahan Tim Klinik Pintar) yang diperlukan untuk integrasi SATUSEHAT

vendor-legal-1 =
    Dasar hukum SATUSEHAT Platform (SSP): pembaruan PERMENKES 24/2022 tentang Rekam Medis, di antaranya:
    1. Pasien dan fasyankes rujukan mendapatkan data rekam medis (SATUSEHAT Platform)
    • Fasyankes wajib RME (Pasal 3)
    • Termasuk pelayanan telemedisin oleh fasyankes (Pasal 4)
    • RME paling lambat diimplementasikan 31 Desember 2023 (Pasal 45)
    2. Sistem RME di fasyankes wajib terintegrasi dengan Kemenkes (SATUSEHAT Platform)
    • RME terkoneksi SATUSEHAT (Pasal 21)
    • Transfer RME rujukan melalui SATUSEHAT (Pasal 24)
    • Sistem RME wajib terdaftar di Kemenkes (Pasal 12)
vendor-legal-2 =
    3. Standar data dan sistem mengacu pada Kemenkes (standardisasi: SNOMED CT, ICD-10, ICD-9CM, dll.)
    • Standar interoperabilitas mengacu pada standar Kemkes (Pasal 10 (4))
    • Variabel dan metadata mengacu pada yang ditetapkan Kemkes (Pasal 11)
    4. Pengolahan data dalam rangka pelaksanaan kebijakan kesehatan (Research & Policy)
    • Akses rekam medis oleh Kemenkes untuk pengolahan data kesehatan bagi kebijakan kesehatan (Pasal 28)
    5. Pasien dan fasyankes rujukan mendapatkan data rekam medis (SATUSEHAT Mobile)
    • Pasien atau keluarga mendapat RME setelah perawatan dalam berbagai bentuk (Pasal 26(11))
    • Fasyankes penerima rujukan mendapat RME (Pasal 24)

vendor-help =
    Jika Anda mengalami kesulitan atau kendala dalam pendaftaran dan integrasi SATUSEHAT dengan Aplikasi Klinik Pintar, hubungi Klinik Pintar melalui:
    • WhatsApp group yang telah disediakan
    • Chat bantuan pada sistem (Aplikasi Klinik Pintar)
    • Customer Success: 0851-7324-7321

    pandu juga bisa mencatat permintaan bantuan Anda untuk tim customer success.
vendor-opt-record = Catat permintaan
vendor-help-describe =
    Jelaskan masalah Anda dalam satu pesan (maksimal 1000 karakter): apa yang sedang dikerjakan, di langkah mana, dan pesan apa yang muncul.
    🔒 Jangan tulis kata sandi, Secret key, atau kode API.
vendor-field-help-description = Uraian masalah
vendor-help-submitted =
    ✅ Permintaan bantuan Anda sudah dicatat untuk tim customer success.
    Nomor referensi: { $reference }
    Simpan nomor ini; ketik /status untuk melihat statusnya.
