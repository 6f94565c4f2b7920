greeting =
    Halo! Saya pandu, asisten untuk petugas fasyankes (puskesmas, klinik, rumah sakit).
    Saya memandu prosedur SATUSEHAT, Registrasi Fasyankes, verifikasi SATUSEHAT Mobile, dan akun Keluarga Sehat — langkah demi langkah.
welcome-back = Selamat datang kembali. Kita lanjutkan dari posisi terakhir Anda.
menu = Menu utama — pilih yang ingin Anda urus (ketik nomornya):
help =
    Perintah yang bisa dipakai kapan saja:
    • /menu — menu utama
    • /kembali — kembali satu langkah
    • /batal — batalkan prosedur yang sedang berjalan
    • /status — kasus dan posisi Anda di setiap prosedur
    • /petugas — minta dibantu petugas (manusia)
    • /bahasa — ganti bahasa (Indonesia/English)
    • /datasaya — semua data Anda yang disimpan pandu, sebagai berkas
    • /hapusdata — hapus data Anda dari pandu
    • /kirim <file> — kirim file (di konsol)
    Anda juga bisa menulis pertanyaan, misalnya "berapa ukuran maksimal file".
progress = Langkah { $pos } dari { $total } · { $flow }
empty-message = Pesan kosong. Silakan ketik jawaban Anda.
edited-message = Pesan yang diubah tidak saya baca ulang. Jika ada yang salah ketik, kirim jawaban yang benar sebagai pesan baru.
unsupported-message = Maaf, jenis pesan ini belum bisa saya baca. Saya bisa membaca teks, foto, dan dokumen (PDF atau gambar). Silakan ketik pesan Anda atau kirim ulang sebagai foto/dokumen.
not-understood = Maaf, saya belum memahami pesan itu. Pilih salah satu menu di bawah, atau pilih "Bicara dengan petugas" agar dibantu manusia.
unknown-command = Perintah /{ $command } tidak dikenal. Ketik /bantuan untuk melihat daftar perintah.
choose-option = Jawaban itu bukan salah satu pilihan. Ketik nomor 1–{ $count } atau tekan salah satu tombol. Butuh bantuan? Ketik /petugas.
choose-option-one = Jawaban itu bukan pilihan yang ada. Tekan tombolnya atau ketik 1. Butuh bantuan? Ketik /petugas.
stale-button = Tombol itu dari langkah yang sudah selesai. Berikut langkah Anda sekarang:
flow-gone = Prosedur yang sedang Anda jalani sudah diperbarui, jadi kita mulai dari menu.
flow-replaced = Isian prosedur "{ $flow }" yang belum selesai tidak disimpan.
flow-resumed = Anda sedang di prosedur ini. Kita lanjutkan dari langkah terakhir.
flow-hint = Itu dibahas di prosedur "{ $flow }". Selesaikan langkah ini dulu, atau ketik /menu untuk membukanya.
switch-confirm = Anda sedang mengisi "{ $old }". Jika pindah ke "{ $new }", isian yang belum selesai akan dihapus. Pindah sekarang?
opt-switch-yes = Ya, buka { $flow }
opt-switch-no = Tidak, lanjutkan { $flow }
flow-finished = Prosedur "{ $flow }" selesai. Ada lagi yang bisa saya bantu?
cancel-confirm = Batalkan prosedur ini? Isian yang sudah Anda masukkan di prosedur ini akan dihapus.
cancel-done = Prosedur "{ $flow }" dibatalkan dan isiannya dihapus.
cancel-kept-memory = Daftar periksa dokumen dan posisi langkah yang Anda tandai tetap tersimpan.
cancel-kept = Baik, prosedur dilanjutkan. Tidak ada yang dihapus.
cancel-nothing = Tidak ada prosedur yang sedang berjalan.
back-first = Ini sudah langkah pertama.
back-nothing = Tidak ada langkah sebelumnya.
language-ask = Pilih bahasa / Choose a language:
language-switched = Bahasa diganti ke Bahasa Indonesia.
confirm-value-ask = Gunakan nilai ini?
secret-warning =
    ⚠️ Pesan itu tampak seperti kata sandi, Secret key, atau kode akses. Pesan tersebut TIDAK saya simpan.
    Jangan pernah membagikan kata sandi, Client key/Secret key, atau kode akses verifikasi kepada siapa pun, termasuk pandu dan petugas. Jika sudah terlanjur terkirim di tempat lain, segera ganti kata sandinya.
human-ask = Tuliskan singkat kendala Anda dalam satu pesan. Petugas akan membacanya beserta isian prosedur Anda saat ini.
human-ask-plain = Tuliskan singkat kendala Anda dalam satu pesan. Petugas akan membacanya dan menghubungi Anda di percakapan ini.
human-cancelled = Baik, permintaan bantuan petugas dibatalkan.
human-case-created =
    Permintaan bantuan tercatat dengan nomor referensi { $reference } (antrean: { $queue }).
    Petugas akan menghubungi Anda melalui percakapan ini. Cek perkembangannya dengan /status.
human-case-continue = Sambil menunggu, Anda bisa melanjutkan prosedur:
file-not-expected = File diterima, tetapi langkah ini tidak meminta file, jadi tidak saya simpan.
upload-expected = Di langkah ini saya menunggu file. Kirim filenya (foto atau dokumen).
upload-accepted = ✅ File "{ $name }" ({ $size }) diterima.
upload-skipped = Dilewati. Anda bisa mengirim file ini nanti.
upload-kept = Dilewati. File yang sudah diterima sebelumnya tetap disimpan.
upload-have = Sudah diterima sebelumnya: "{ $name }" ({ $size }). Kirim file baru untuk menggantinya, atau lewati.
checklist-help = Ketik nomor dokumen (1–{ $count }) untuk menandai atau membatalkan tanda, boleh beberapa sekaligus (mis. "1 3"), lalu pilih "Selesai".
tracker-last = (ini langkah terakhir)
region-not-found = Tidak ada wilayah yang cocok dengan "{ $query }". Ketik nama lain atau pilih nomornya dari daftar.
region-several =
    Beberapa wilayah cocok:
    { $list }
    Ketik nama yang lebih lengkap atau pilih nomornya dari daftar.
status-no-cases = Anda belum punya kasus yang terbuka.
status-cases-header = Kasus Anda yang terbuka:
status-case-line = • { $reference } — { $queue } — { $status } (sejak { $date })
status-active-flow = Sedang berjalan: { $flow }, langkah { $pos } dari { $total }.
status-active-flow-plain = Sedang berjalan: { $flow }.
status-checklist = • { $flow }: { $done } dari { $total } dokumen siap.
status-tracker = • { $flow }: Anda di langkah { $current } dari { $total } — { $label }
opt-next = Lanjut
opt-done = Selesai
opt-skip = Lewati dulu
opt-cancel = Batal
opt-yes-cancel = Ya, batalkan
opt-no-continue = Tidak, lanjutkan
opt-confirm-value = Ya, gunakan
opt-change-value = Ubah
opt-edit-field = Ubah { $field }
opt-continue-flow = Lanjutkan: { $flow }
opt-status = Status saya
opt-human = Bicara dengan petugas
opt-language = Bahasa / Language
queue-satusehat-onboarding = Akun & institusi SATUSEHAT
queue-vendor-integration = Layanan integrasi vendor
queue-clinic-registration = Registrasi Fasyankes
queue-kyc = Verifikasi SATUSEHAT Mobile (KYC)
queue-keluarga-sehat = Keluarga Sehat
queue-general = Umum
case-status-open = diterima
case-status-waiting-agent = menunggu petugas
case-status-with-agent = ditangani petugas
case-status-waiting-user = menunggu jawaban Anda
case-status-resolved = selesai
case-status-closed = ditutup

## Telegram command menu (setMyCommands): short descriptions, at most 256 characters.
command-start = Mulai dan tampilkan menu utama
command-menu = Menu utama (langkah yang sedang berjalan dijeda)
command-batal = Batalkan langkah yang sedang berjalan
command-kembali = Kembali ke pertanyaan sebelumnya
command-status = Status pengaduan dan langkah Anda
command-petugas = Bicara dengan petugas
command-bahasa = Ganti bahasa (Indonesia/English)
command-bantuan = Bantuan dan daftar perintah
command-datasaya = Data saya yang disimpan pandu
command-hapusdata = Hapus data saya

## The agents' desk, as the facility user sees it.
desk-in-chat = Anda sedang terhubung dengan petugas untuk kasus { $reference }: pesan Anda diteruskan kepada mereka. Ketik /status untuk melihat kasus Anda, atau /batal untuk keluar dari percakapan dengan petugas.
desk-leave-confirm = Keluar dari percakapan dengan petugas? Kasus { $reference } tetap terbuka dan petugas masih bisa menghubungi Anda di sini.
opt-leave-desk-yes = Ya, keluar
opt-leave-desk-no = Tetap dengan petugas
desk-left = Anda keluar dari percakapan dengan petugas. Kasus { $reference } tetap terbuka; lihat /status.
desk-stay = Baik, Anda tetap terhubung dengan petugas.
desk-agent-joined = 👤 { $agent } dari tim helpdesk kini menangani kasus { $reference }. Silakan lanjutkan percakapan di sini.
desk-agent-message = 👤 { $agent }: { $text }
desk-agent-file = 👤 { $agent } mengirim berkas.
desk-released = Petugas melepas kasus { $reference }; petugas lain akan melanjutkannya.
desk-waiting-user = Petugas menunggu jawaban Anda untuk kasus { $reference }. Silakan balas di sini.
desk-transferred = Kasus { $reference } dialihkan ke tim { $queue }. Petugas dari tim tersebut akan melanjutkan.
desk-resolved = Kasus { $reference } dinyatakan selesai oleh petugas.
desk-reopened = Kasus { $reference } dibuka kembali. Petugas akan menghubungi Anda di sini.
rating-ask = Seberapa puas Anda dengan bantuan untuk kasus { $reference }? Pilih 1 (kurang) sampai 5 (sangat puas).
opt-rating-skip = Lewati
rating-comment-ask = Terima kasih! Ada komentar untuk petugas? Ketik di sini, atau pilih Lewati.
rating-thanks = Terima kasih atas penilaian Anda.
rating-skipped = Baik, tanpa penilaian.
status-add-hint = Ketik /tambah untuk menambahkan informasi atau berkas ke kasus terbaru Anda.
case-info-ask = Ketik informasi tambahan untuk kasus { $reference }, atau kirim foto/dokumennya.
case-info-added = Ditambahkan ke kasus { $reference }; petugas akan melihatnya.
case-info-cancelled = Baik, tidak ada yang ditambahkan.
desk-received-open = Kasus { $reference } sudah diterima tim { $queue }. Petugas biasanya menjawab dalam { $target } (jam layanan: { $hours }).
desk-received-closed = Kasus { $reference } sudah diterima tim { $queue }. Saat ini di luar jam layanan ({ $hours }); petugas akan menjawab mulai { $next }.
desk-target-hours = { $n } jam kerja
desk-target-minutes = { $n } menit kerja
desk-reply-hint = Untuk membalas petugas tentang kasus { $reference }, ketik /tambah lalu tulis pesan Anda.
mydata-sent = Berikut semua data Anda yang tersimpan di pandu, dalam satu berkas: percakapan, aduan dan permintaan beserta riwayatnya, serta catatan siapa (petugas atau admin) yang mengakses data tersebut dan kapan.
erase-confirm =
    Hapus data Anda dari pandu?
    • Percakapan Anda dengan pandu dan isian prosedur yang sedang berjalan dihapus.
    • Aduan dan permintaan yang sudah selesai dianonimkan: nama, NIK, nomor telepon, email, tangkapan layar, dan isi pesan dihapus.
    • Aduan yang masih terbuka tetap menyimpan data yang dibutuhkan petugas untuk menyelesaikannya; setelah selesai, data itu dihapus sesuai kebijakan retensi.
    Ini tidak dapat dibatalkan.
opt-erase-yes = Ya, hapus data saya
opt-erase-no = Tidak, simpan
erase-done = Data Anda telah dihapus dari pandu. Catatan bahwa Anda meminta penghapusan disimpan untuk audit, tanpa isi data Anda.
erase-open-cases = Aduan yang masih terbuka ({ $references }) tetap menyimpan datanya sampai selesai, karena petugas masih membutuhkannya untuk menangani aduan Anda. Setelah selesai, datanya dihapus sesuai kebijakan retensi.
erase-kept = Baik, data Anda tidak dihapus.
consent-ask =
    Sebelum lanjut: prosedur ini meminta data pribadi.
    • Yang dicatat: nama, NIK atau NIP, nomor telepon, email, dan tangkapan layar yang diminta langkah-langkahnya. Kata sandi, Secret key, dan kode akses tidak pernah diminta.
    • Untuk apa: menyiapkan dan menangani aduan atau permintaan Anda, dan meneruskannya ke petugas Kementerian Kesehatan yang menanganinya.
    • Berapa lama: NIK dan tangkapan layar dihapus { $identifier_days } hari setelah aduan selesai; data lain dianonimkan setelah { $case_days } hari. Selama disimpan, data pribadi dienkripsi.
    • Siapa yang melihat: petugas yang menangani aduan Anda. NIK, nomor telepon, dan email mereka lihat tersamar; hanya supervisor yang dapat membukanya, dengan alasan yang tercatat.
    • Hak Anda: /datasaya untuk melihat semua data Anda, /hapusdata untuk menghapusnya. Anda boleh tidak setuju: panduan langkah demi langkah tetap tersedia tanpa data pribadi, dan /petugas untuk dibantu petugas.
    Apakah Anda setuju?
opt-consent-yes = Setuju
opt-consent-no = Tidak setuju
consent-declined = Baik, tidak ada data pribadi yang diminta dan prosedur ini dihentikan. Anda tetap bisa membaca panduan langkah demi langkah dari menu di bawah, atau ketik /petugas untuk dibantu petugas.
