## The agents' desk in Telegram groups (what agents read).
desk-topic-name = { $reference } · { $queue }
desk-first-post =
    🆕 Kasus { $reference }
    Antrean: { $queue }
    Jenis: { $kind }
    Kanal pengguna: { $channel }
desk-kind-complaint = Aduan dari formulir
desk-kind-human-request = Permintaan bicara dengan petugas
desk-fields-title = Data yang dikumpulkan (NIK disamarkan):
desk-summary-title = Ringkasan:
desk-transcript-title = Percakapan sebelum diteruskan:
desk-attachments = Lampiran pengguna: { $count } berkas, dikirim di bawah ini.
desk-help = Perintah di topik ini: /ambil, /lepas, /tunggu, /selesai, /buka, /catatan teks (tidak dikirim ke pengguna), /alihkan antrean, /template nama, /lihatnik alasan (supervisor: data pribadi tanpa samaran). Di mana saja: /carinik NIK (supervisor: kasus-kasus dengan NIK itu). Admin: /audit hari-pertama hari-terakhir (ekspor log audit). Pesan biasa di topik ini dikirim ke pengguna atas nama Anda.
desk-user-message = 👤 Pengguna: { $text }
desk-user-file = 👤 Pengguna mengirim berkas:
desk-claimed = ✅ { $agent } menangani kasus ini.
desk-owned-by = ⛔ Kasus ini sedang ditangani { $agent }. Minta supervisor bila perlu dialihkan.
desk-finished = ⛔ Kasus ini sudah selesai. Ketik /buka untuk membukanya lagi.
desk-not-finished = Kasus ini belum selesai, jadi tidak perlu dibuka lagi.
desk-no-case = Kasus untuk topik ini tidak ditemukan.
desk-released-note = ↩️ { $agent } melepas kasus ini; menunggu petugas lain.
desk-waiting-note = ⏳ Menunggu jawaban pengguna.
desk-resolved-note = ✅ Kasus diselesaikan oleh { $agent }. Pengguna diminta memberi penilaian.
desk-reopened-note = 🔄 Kasus dibuka kembali oleh { $agent }.
desk-transferred-note = ➡️ Kasus dialihkan ke antrean { $queue } oleh { $agent }.
desk-note-saved = 📝 Catatan internal disimpan; tidak dikirim ke pengguna.
desk-not-agent = ⛔ Anda belum terdaftar sebagai petugas: pesan dan perintah Anda di grup ini tidak diteruskan. Minta admin mendaftarkan Anda.
desk-bad-queue = Antrean tidak dikenal. Pilihan: { $queues }
desk-queue-set = ✅ Grup ini sekarang melayani antrean { $queue }.
desk-agent-added = ✅ { $name } terdaftar sebagai { $role }.
desk-agent-usage = Cara memakai: /petugas_tambah <id pengguna Telegram> <agent|supervisor|admin> <nama tampilan>, atau /petugas_hapus <id pengguna Telegram>
desk-admin-only = ⛔ Hanya admin yang dapat melakukan ini.
desk-supervisor-only = ⛔ Hanya supervisor atau admin yang dapat melakukan ini.
desk-canned-saved = ✅ Template "{ $name }" disimpan.
desk-canned-usage = Cara memakai: /template_simpan <antrean> <id|en> <nama> <teks>
desk-canned-missing = Template "{ $name }" tidak ada untuk antrean kasus ini.
desk-reveal = 🔓 Data pribadi tanpa samaran (NIK, NIP, nomor HP, email) untuk kasus { $reference } (tercatat di log audit; jangan disalin ke tempat lain):
desk-revealed = 🔓 { $agent } melihat data pribadi kasus ini tanpa samaran (dikirim lewat pesan pribadi, tercatat di log audit).
desk-holiday-added = ✅ { $day } dicatat sebagai hari libur layanan.
desk-holiday-usage = Cara memakai: /libur <YYYY-MM-DD> <nama hari libur>
desk-late = ⏰ Kasus { $reference } belum dijawab petugas melewati target { $target }. Mohon segera diambil.
desk-late-twice = ⏰⏰ Kasus { $reference } menunggu lebih dari dua kali target { $target } tanpa jawaban. Supervisor: { $supervisors }.
desk-user-left = 👋 Pengguna keluar dari percakapan dengan petugas; kasus menunggu jawaban pengguna. Pesan Anda di sini tetap sampai kepadanya.
desk-window-held-invited = ⏳ Pesan Anda belum dapat dikirim: pengguna terakhir menulis lebih dari 24 jam lalu (batas WhatsApp). Pengguna sudah dikirimi pesan templat yang mengajaknya membalas; pesan Anda terkirim begitu ia membalas.
desk-window-held-already = ⏳ Pesan Anda menunggu: jendela 24 jam WhatsApp pengguna sudah tertutup dan ia sudah diajak membalas. Pesan Anda terkirim begitu ia membalas.
desk-window-held-no-template = ⏳ Pesan Anda belum dapat dikirim: pengguna terakhir menulis lebih dari 24 jam lalu (batas WhatsApp) dan templat ajakan belum diatur (WHATSAPP_TEMPLATE). Pesan Anda terkirim begitu pengguna menulis lagi.
desk-window-held-template-refused = ⏳ Pesan Anda belum dapat dikirim: pengguna terakhir menulis lebih dari 24 jam lalu (batas WhatsApp) dan WhatsApp menolak templat ajakan (periksa WHATSAPP_TEMPLATE). Pesan Anda terkirim begitu pengguna menulis lagi.
desk-message-undelivered = ⚠️ WhatsApp melaporkan pesan ke pengguna gagal terkirim (kode { $code }). Coba kirim ulang atau hubungi pengguna lewat jalur lain.
desk-message-given-up = ⚠️ Sebuah pesan untuk pengguna tidak dapat dikirim dan dibatalkan (misalnya berkas yang tidak dapat diambil atau terlalu besar). Kirim ulang dengan cara lain.
desk-transfer-no-group = ⛔ Antrean { $queue } belum punya grup petugas; kasus tidak dialihkan.
desk-agent-removed = ✅ { $name } tidak lagi terdaftar sebagai petugas.
desk-agent-unknown = Petugas dengan id itu tidak terdaftar.
desk-audit-ready = Log audit { $first } s.d. { $last } (WIB): { $count } catatan, terlampir sebagai CSV. Ekspor ini juga tercatat di log audit.
desk-audit-usage = Cara memakai: /audit <YYYY-MM-DD hari pertama> <YYYY-MM-DD hari terakhir>, misalnya /audit 2026-11-01 2026-11-30 (khusus admin).
desk-reveal-why = Tuliskan alasan melihat data pribadi tanpa samaran (dicatat di log audit), misalnya: /lihatnik verifikasi ulang ke Dukcapil

desk-find-usage = Tulis NIK yang dicari (16 angka), misalnya: /carinik 3171xxxxxxxxxxxx. Hanya supervisor; pencarian tercatat di log audit.
desk-find-result = 🔎 Kasus dengan NIK { $nik }: { $count } (tercatat di log audit).
desk-find-sent = 🔎 Hasil pencarian NIK dikirim lewat pesan pribadi; pesan perintahnya dihapus dari grup ini.
