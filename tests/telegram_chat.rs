//! What a clinic user sees on Telegram, end to end: the real channel (polling, store, outbox
//! worker) against the fake Bot API server, on SQLite and on PostgreSQL.

mod common;

use std::time::Duration;

use common::db::{BOTH, Backend};
use common::fake_telegram::{FakeMessage, FakeUser};
use common::telegram::{App, WAIT, jpeg, pdf, png};
use pandu::dialog::model::{CaseKind, Queue};
use pandu::store::Store;

/// Pushes one update, waits until it is committed and its replies are delivered, and returns
/// the newest bot message of the chat (after edits) with the text of every new bot message.
async fn act(app: &App, user: &FakeUser, push: impl FnOnce(&FakeUser) -> i64) -> FakeMessage {
    let chat = user.chat_id;
    let before = app.fake.bot_messages(chat).len();
    let id = push(user);
    let deadline = tokio::time::Instant::now() + WAIT;
    while !app.db().seen("telegram", &id.to_string()).await.unwrap() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "update {id} never handled"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    app.settled(chat).await;
    let mut last = app.fake.last_bot_message(chat).expect("a bot message");
    let new: Vec<String> = app.fake.bot_messages(chat)
        [before.min(app.fake.bot_messages(chat).len())..]
        .iter()
        .filter_map(|m| m.text.clone())
        .collect();
    if new.len() > 1 {
        last.text = Some(new.join("\n\n"));
    }
    last
}

async fn say(app: &App, user: &FakeUser, text: &str) -> String {
    let text = text.to_string();
    act(app, user, move |u| u.text(&text))
        .await
        .text
        .unwrap_or_default()
}

async fn press(app: &App, user: &FakeUser, label: &str) -> String {
    let label = label.to_string();
    act(app, user, move |u| u.press(&label))
        .await
        .text
        .unwrap_or_default()
}

async fn kyc_complaint(backend: Backend) {
    let app = App::start(backend).await;
    let u = app.fake.user(7001, "id");
    // The deep link t.me/<bot>?start=kyc opens the procedure directly.
    let t = say(&app, &u, "/start kyc").await;
    assert!(t.contains("Langkah 1 dari"), "{t}");
    assert_eq!(app.step(7001).await.as_deref(), Some("what_seen"));
    press(&app, &u, "Pop-up belum berhasil").await;
    press(&app, &u, "4 kali").await;
    let t = press(&app, &u, "aduan").await;
    // The personal-data notice comes first, with what, why, how long, who and the rights.
    for part in [
        "meminta data pribadi",
        "Untuk apa",
        "Berapa lama",
        "Siapa yang melihat",
        "/hapusdata",
    ] {
        assert!(t.contains(part), "{part}: {t}");
    }
    let t = press(&app, &u, "Setuju").await;
    assert!(t.contains("nama pelapor"), "{t}");
    say(&app, &u, "Uji Coba").await;
    say(&app, &u, "uji@puskesmas.example.id").await;
    say(&app, &u, "0812-3456-7890").await;
    say(&app, &u, "Siti Contoh").await;
    // A wrong NIK (month 13) is explained and nothing entered so far is lost.
    let t = say(&app, &u, "3374011713900001").await;
    assert!(t.contains("bulan lahir"), "{t}");
    assert_eq!(app.step(7001).await.as_deref(), Some("patient_nik"));
    say(&app, &u, "3374015708900002").await;
    say(&app, &u, "siti@example.id").await;
    assert_eq!(app.step(7001).await.as_deref(), Some("shot_portal"));
    // An edited message is not taken as an answer, and the user is told so.
    let nik_message = app
        .fake
        .messages(7001)
        .iter()
        .rev()
        .find(|m| !m.from_bot)
        .unwrap()
        .message_id;
    let t = act(&app, &u, |u| u.edit(nik_message, "siti.baru@example.id"))
        .await
        .text
        .unwrap_or_default();
    assert!(t.contains("pesan baru"), "{t}");
    assert_eq!(app.step(7001).await.as_deref(), Some("shot_portal"));
    // Two screenshots: a Telegram photo, and a PNG sent as a document (read to know its type).
    act(&app, &u, |u| u.photo(jpeg(80_000))).await;
    let t = act(&app, &u, |u| {
        u.document("profil.png", "image/png", png(60_000))
    })
    .await
    .text
    .unwrap_or_default();
    assert!(t.contains("Periksa data aduan"), "{t}");
    assert!(t.contains("3374015708900002"), "{t}");
    let t = press(&app, &u, "Kirim aduan").await;
    assert!(t.contains("Kategori: Verifikasi Profil (KYC)"), "{t}");

    let cases = app
        .db()
        .cases_of(&common::telegram::chat(7001))
        .await
        .unwrap();
    assert_eq!(cases.len(), 1);
    let case = &cases[0];
    assert_eq!(
        (case.queue, case.kind.as_str()),
        (Queue::Kyc, CaseKind::Complaint.as_str())
    );
    assert!(t.contains(&case.reference), "{t}");
    // The screenshots are kept as Telegram file ids, which the fake knows.
    assert_eq!(case.attachments.len(), 2);
    for a in &case.attachments {
        assert!(app.fake.file(&a.reference).is_some(), "{}", a.reference);
    }
    // Every button press stopped its spinner.
    let presses = app.fake.calls_of("answerCallbackQuery").len();
    assert!(presses >= 4, "{presses}");
    assert!(app.fake.unknown_calls().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kyc_complaint_walked_through_telegram_updates() {
    for b in BOTH {
        kyc_complaint(b).await;
    }
}

async fn checklist_and_stale_buttons(backend: Backend) {
    let app = App::start(backend).await;
    let u = app.fake.user(7002, "id");
    say(&app, &u, "/portal").await;
    let list = act(&app, &u, |u| u.press("Dokumen pendukung")).await;
    assert!(
        list.labels().iter().any(|l| l.starts_with('⬜')),
        "{:?}",
        list.labels()
    );
    let before = app.fake.bot_messages(7002).len();
    // Ticking edits the checklist message in place: no new message.
    let after = act(&app, &u, |u| u.press("Surat Izin Operasional")).await;
    assert_eq!(after.message_id, list.message_id);
    assert_eq!(app.fake.bot_messages(7002).len(), before);
    assert!(after.edits >= 1);
    assert!(
        after
            .labels()
            .iter()
            .any(|l| l.starts_with('✅') && l.contains("Surat Izin")),
        "{:?}",
        after.labels()
    );
    act(&app, &u, |u| u.press("Pakta Integritas")).await;
    let m = app.fake.message(7002, list.message_id).unwrap();
    assert_eq!(m.labels().iter().filter(|l| l.starts_with('✅')).count(), 2);
    assert_eq!(app.fake.bot_messages(7002).len(), before);
    // Leaving the step, then pressing a button on the old message: a polite refusal.
    say(&app, &u, "/menu").await;
    let t = act(&app, &u, |u| u.press_on(list.message_id, "MOU")).await;
    let t = t.text.unwrap_or_default();
    assert!(t.contains("langkah yang sudah selesai"), "{t}");
    // The refused press changed nothing.
    let conv = app.conversation(7002).await.unwrap();
    let ticked = conv
        .memory
        .values()
        .find_map(|v| v.as_set().map(|s| s.len()))
        .unwrap_or(0);
    assert_eq!(ticked, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn checklists_tick_in_place_and_old_buttons_are_refused() {
    for b in BOTH {
        checklist_and_stale_buttons(b).await;
    }
}

async fn paged_provinces(backend: Backend) {
    let app = App::start(backend).await;
    let u = app.fake.user(7003, "id");
    say(&app, &u, "/klinik").await;
    press(&app, &u, "Siapkan form user").await;
    press(&app, &u, "Lanjut").await;
    press(&app, &u, "Setuju").await;
    say(&app, &u, "3374011708900001").await;
    say(&app, &u, "Ani Lestari").await;
    say(&app, &u, "ani@puskesmas.example.id").await;
    say(&app, &u, "0812-3456-7890").await;
    let list = act(&app, &u, |u| u.text("17-08-1990")).await;
    assert_eq!(app.step(7003).await.as_deref(), Some("province"));
    // 38 provinces: 8 a page, with page buttons.
    let labels = list.labels();
    assert!(labels.contains(&"1/5".to_string()), "{labels:?}");
    assert!(labels.contains(&"▶️".to_string()), "{labels:?}");
    assert!(
        !labels.iter().any(|l| l.contains("Jawa Tengah")),
        "{labels:?}"
    );
    let page2 = act(&app, &u, |u| u.press("▶️")).await;
    assert_eq!(page2.message_id, list.message_id, "paging edits the list");
    let labels = page2.labels();
    assert!(labels.contains(&"2/5".to_string()), "{labels:?}");
    assert!(labels.contains(&"◀️".to_string()), "{labels:?}");
    assert!(
        labels.iter().any(|l| l.contains("Jawa Tengah")),
        "{labels:?}"
    );
    // Paging is not an answer: still at the province step.
    assert_eq!(app.step(7003).await.as_deref(), Some("province"));
    // The page label does nothing but stop the spinner.
    let noop = u.press("2/5");
    assert!(
        app.fake
            .wait_until(|f| f.callback_answer_for(noop).is_some(), WAIT)
            .await
    );
    assert_eq!(app.step(7003).await.as_deref(), Some("province"));
    press(&app, &u, "Jawa Tengah").await;
    assert_eq!(app.step(7003).await.as_deref(), Some("regency"));
    // Typed names work as well as buttons.
    say(&app, &u, "Kota Semarang").await;
    assert_eq!(app.step(7003).await.as_deref(), Some("district"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn long_lists_are_paged_and_can_be_typed() {
    for b in BOTH {
        paged_provinces(b).await;
    }
}

async fn language_commands_groups(backend: Backend) {
    let app = App::start(backend).await;
    // Commands registered in Indonesian (default) and English.
    let id: Vec<String> = app.fake.commands(None).into_iter().map(|c| c.0).collect();
    let en: Vec<String> = app
        .fake
        .commands(Some("en"))
        .into_iter()
        .map(|c| c.0)
        .collect();
    for c in [
        "start", "batal", "kembali", "petugas", "bahasa", "bantuan", "status", "menu",
    ] {
        assert!(id.contains(&c.to_string()), "{id:?}");
    }
    for c in ["start", "cancel", "back", "agent", "language", "help"] {
        assert!(en.contains(&c.to_string()), "{en:?}");
    }
    // The Telegram language of a new user picks the locale.
    let english = app.fake.user(7004, "en-GB");
    let t = say(&app, &english, "/start").await;
    assert!(t.contains("Main menu"), "{t}");
    let indo = app.fake.user(7005, "id");
    let t = say(&app, &indo, "/start").await;
    assert!(t.contains("Menu utama"), "{t}");
    // Something the bot cannot read gets a polite answer in the user's language.
    let t = act(&app, &english, |u| u.sticker())
        .await
        .text
        .unwrap_or_default();
    assert!(t.contains("cannot read this kind of message"), "{t}");
    // Groups are ignored: no reply, no conversation.
    let member = app
        .fake
        .user(7006, "id")
        .in_group(-100_777, "Grup Puskesmas");
    let id = member.text("/start");
    assert!(app.fake.wait_delivered(id, WAIT).await);
    // A later private message proves the group update was passed over, not pending.
    say(&app, &indo, "/status").await;
    assert!(app.fake.bot_messages(-100_777).is_empty());
    assert!(app.conversation(-100_777).await.is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn language_commands_and_groups() {
    for b in BOTH {
        language_commands_groups(b).await;
    }
}

async fn documents_checked_by_download(backend: Backend) {
    let app = App::start(backend).await;
    let u = app.fake.user(7007, "id");
    say(&app, &u, "/klinik").await;
    press(&app, &u, "Cek dokumen unggahan").await;
    press(&app, &u, "Pemerintah").await;
    press(&app, &u, "Lanjut").await;
    // Named and labelled as a PDF, but the content is a JPEG: only a download shows it.
    let t = act(&app, &u, |u| {
        u.document("surat.pdf", "application/pdf", jpeg(40_000))
    })
    .await
    .text
    .unwrap_or_default();
    assert!(t.contains("bukan PDF"), "{t}");
    assert!(!app.fake.calls_of("getFile").is_empty());
    // A real PDF over 2 MB: the size from Telegram's metadata is refused.
    let t = act(&app, &u, |u| {
        u.document("surat.pdf", "application/pdf", pdf(2 * 1024 * 1024 + 10))
    })
    .await
    .text
    .unwrap_or_default();
    assert!(t.contains("2048 KB"), "{t}");
    let step = app.step(7007).await;
    let t = act(&app, &u, |u| {
        u.document("surat.pdf", "application/pdf", pdf(30_000))
    })
    .await
    .text
    .unwrap_or_default();
    assert_ne!(app.step(7007).await, step, "{t}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn documents_are_checked_by_their_content() {
    for b in BOTH {
        documents_checked_by_download(b).await;
    }
}

async fn secrets_taken_off(backend: Backend) {
    let app = App::start(backend).await;
    let u = app.fake.user(7051, "id");
    say(&app, &u, "/start kyc").await;
    let secret = "password: Sehat12345";
    let t = say(&app, &u, secret).await;
    assert!(t.contains("TIDAK saya simpan"), "{backend:?}: {t}");
    // Taken off the chat on Telegram.
    let gone = app
        .fake
        .wait_until(
            |f| {
                f.deleted_messages(7051)
                    .iter()
                    .any(|m| m.text.as_deref() == Some(secret))
            },
            WAIT,
        )
        .await;
    assert!(gone, "{backend:?}: the secret is still in the chat");
    // Kept nowhere: not in the conversation (its transcript says "[…]"), not in the outbox.
    let chat = common::telegram::chat(7051);
    let conv = app.db().conversation(&chat).await.unwrap().unwrap();
    let stored = serde_json::to_string(&conv).unwrap();
    assert!(!stored.contains("Sehat12345"), "{backend:?}");
    for row in app.db().outbox_of(&chat).await.unwrap() {
        assert!(!row.reply.text.contains("Sehat12345"), "{backend:?}");
    }
    // Ordinary answers, a NIK among them, stay where they are.
    say(&app, &u, "1").await;
    say(&app, &u, "3374015708900002").await;
    assert_eq!(app.fake.deleted_messages(7051).len(), 1, "{backend:?}");
}

/// A pasted password is not stored, the user is warned, and the message is deleted from the
/// Telegram chat.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pasted_secret_is_warned_about_and_deleted() {
    for b in BOTH {
        secrets_taken_off(b).await;
    }
}

async fn own_data(backend: Backend) {
    let app = App::start(backend).await;
    let id = 7061;
    let u = app.fake.user(id, "id");
    let chat = common::telegram::chat(id);
    say(&app, &u, "/start").await;
    // An open case: a request for a person, with an email in it.
    say(&app, &u, "/petugas").await;
    say(
        &app,
        &u,
        "Akun SATUSEHAT kami terkunci, email admin@puskesmas.example.id",
    )
    .await;
    let cases = app.db().cases_of(&chat).await.unwrap();
    assert_eq!(cases.len(), 1, "{backend:?}");
    let reference = cases[0].reference.clone();

    // /datasaya: one JSON file with the conversation and the case.
    let export = |app: &App| {
        let doc = app
            .fake
            .bot_messages(id)
            .into_iter()
            .rev()
            .find(|m| m.document_name() == Some("data-pandu.json"))
            .expect("the data file");
        serde_json::from_slice::<serde_json::Value>(&doc.file.unwrap().bytes).unwrap()
    };
    let t = say(&app, &u, "/datasaya").await;
    assert!(t.contains("semua data Anda"), "{backend:?}: {t}");
    let data = export(&app);
    assert_eq!(data["cases"][0]["case"]["reference"], reference.as_str());
    let all = data.to_string();
    assert!(
        all.contains("admin@puskesmas.example.id"),
        "{backend:?}: {all}"
    );
    assert!(
        data["conversation"]["transcript"]
            .as_array()
            .is_some_and(|t| !t.is_empty())
    );

    // /hapusdata asks first; "no" keeps everything.
    let t = say(&app, &u, "/hapusdata").await;
    assert!(
        t.contains("Hapus data Anda dari pandu?"),
        "{backend:?}: {t}"
    );
    let t = press(&app, &u, "Tidak, simpan").await;
    assert!(t.contains("tidak dihapus"), "{backend:?}: {t}");
    assert!(app.db().outbox_of(&chat).await.unwrap().len() > 4);

    // Confirmed: the history goes; the open case stays, and the user is told why.
    say(&app, &u, "/hapusdata").await;
    let t = press(&app, &u, "Ya, hapus data saya").await;
    assert!(t.contains("telah dihapus"), "{backend:?}: {t}");
    assert!(
        t.contains(&reference),
        "{backend:?}: the open case is explained: {t}"
    );
    let conv = app.db().conversation(&chat).await.unwrap().unwrap();
    let state = serde_json::to_string(&conv).unwrap();
    assert!(!state.contains("terkunci"), "{backend:?}: {state}");
    let rows = app.db().outbox_of(&chat).await.unwrap();
    assert!(
        rows.len() <= 2,
        "{backend:?}: earlier replies remain: {}",
        rows.len()
    );
    let case = app.db().case(&reference).await.unwrap().unwrap();
    assert!(
        serde_json::to_string(&case).unwrap().contains("terkunci"),
        "{backend:?}: the open case keeps what the agents need"
    );

    // What is held now: the open case, no earlier conversation; and the log of both requests.
    say(&app, &u, "/datasaya").await;
    let data = export(&app);
    assert_eq!(data["cases"][0]["case"]["reference"], reference.as_str());
    assert!(!data["conversation"].to_string().contains("terkunci"));
}

/// `/datasaya` sends a user everything pandu holds about them; `/hapusdata` deletes it after
/// confirmation, except what their open case still needs.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_gets_and_deletes_their_data() {
    for b in BOTH {
        own_data(b).await;
    }
}
