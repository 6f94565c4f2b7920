//! Self-test of the fake Telegram Bot API (`tests/common/fake_telegram.rs`), driven by
//! teloxide's own `Bot`, so we know teloxide parses every answer of the fake, error answers
//! included, and which `RequestError` / `ApiError` each one becomes.

mod common;

use std::time::{Duration, Instant};

use common::fake_telegram::{
    BOT_ID, BOT_USERNAME, DEFAULT_TOPIC_COLOR, DOWNLOAD, FORUM_OWNER_ID, FakeKind, FakeTelegram,
    FakeTopic, Fault, FaultKind, TOKEN, desc,
};
use serde_json::{Value, json};
use teloxide::net::Download;
use teloxide::prelude::*;
use teloxide::types::{
    AllowedUpdate, BotCommand, CallbackQueryId, ChatAction, ChatMemberKind, FileId,
    InlineKeyboardButton, InlineKeyboardMarkup, InputFile, MessageEntityKind, MessageId, ParseMode,
    ReplyParameters, Rgb, Seconds, ThreadId, UpdateKind,
};
use teloxide::{ApiError, RequestError};

const CHAT: i64 = 700_001;
const FORUM: i64 = -100_123;
const WAIT: Duration = Duration::from_secs(5);

fn api_error<T: std::fmt::Debug>(result: Result<T, RequestError>) -> ApiError {
    match result {
        Err(RequestError::Api(e)) => e,
        other => panic!("expected RequestError::Api, got {other:?}"),
    }
}

fn keyboard(rows: &[&[(&str, &str)]]) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(rows.iter().map(|row| {
        row.iter()
            .map(|(label, data)| InlineKeyboardButton::callback(*label, *data))
            .collect::<Vec<_>>()
    }))
}

fn offset_after(updates: &[Update]) -> i32 {
    updates.last().map(|u| u.id.as_offset()).unwrap_or(0)
}

#[tokio::test]
async fn get_me_and_tokens() {
    let fake = FakeTelegram::start().await;
    assert!(fake.api_url().starts_with("http://127.0.0.1:"));
    assert_eq!(fake.token(), TOKEN);

    let me = fake.bot().get_me().await.expect("getMe");
    assert_eq!(me.id.0 as i64, BOT_ID);
    assert!(me.is_bot);
    assert_eq!(me.username(), BOT_USERNAME);
    assert_eq!(fake.calls_of("getMe").len(), 1);
    assert_eq!(fake.calls_of("getMe")[0].status, 200);

    // Another token: 401 "Unauthorized", which teloxide calls InvalidToken.
    let url = reqwest::Url::parse(&fake.api_url()).unwrap();
    let stranger = Bot::new("999:other-token").set_api_url(url);
    assert_eq!(api_error(stranger.get_me().await), ApiError::InvalidToken);
    assert_eq!(fake.calls().last().unwrap().status, 401);
}

#[tokio::test]
async fn send_message_with_keyboard_then_edit() {
    let fake = FakeTelegram::start().await;
    let bot = fake.bot();
    let user = fake.user(CHAT, "id");

    let sent = bot
        .send_message(ChatId(CHAT), "Pilih layanan")
        .reply_markup(keyboard(&[
            &[("Ya", "yes"), ("Tidak", "no")],
            &[("Batal", "cancel")],
        ]))
        .await
        .expect("sendMessage");
    assert_eq!(sent.text(), Some("Pilih layanan"));
    assert_eq!(sent.chat.id, ChatId(CHAT));
    assert!(sent.chat.is_private());
    assert_eq!(sent.from.as_ref().map(|u| u.id.0 as i64), Some(BOT_ID));
    let markup = sent.reply_markup().expect("the keyboard is echoed");
    assert_eq!(markup.inline_keyboard.len(), 2);

    let shown = fake.last_bot_message(CHAT).unwrap();
    assert_eq!(shown.message_id, i64::from(sent.id.0));
    assert_eq!(shown.labels(), ["Ya", "Tidak", "Batal"]);
    assert_eq!(shown.keyboard[0][1].callback_data.as_deref(), Some("no"));
    let call = &fake.calls_of("sendMessage")[0];
    assert_eq!(call.chat_id, Some(CHAT));
    assert_eq!(call.params["text"], "Pilih layanan");

    // Edit with a new text and keyboard.
    let edited = bot
        .edit_message_text(ChatId(CHAT), sent.id, "Pilihan tersimpan")
        .reply_markup(keyboard(&[&[("Lanjut", "next")]]))
        .await
        .expect("editMessageText");
    assert_eq!(edited.text(), Some("Pilihan tersimpan"));
    assert!(edited.edit_date().is_some());
    let shown = fake.last_bot_message(CHAT).unwrap();
    assert_eq!(shown.text.as_deref(), Some("Pilihan tersimpan"));
    assert_eq!(shown.labels(), ["Lanjut"]);
    assert_eq!(shown.edits, 1);

    // The same content again: MessageNotModified.
    let same = bot
        .edit_message_text(ChatId(CHAT), sent.id, "Pilihan tersimpan")
        .reply_markup(keyboard(&[&[("Lanjut", "next")]]))
        .await;
    assert_eq!(api_error(same), ApiError::MessageNotModified);

    // Same text without reply_markup removes the keyboard: that is a modification.
    let cleared = bot
        .edit_message_text(ChatId(CHAT), sent.id, "Pilihan tersimpan")
        .await
        .expect("edit that drops the keyboard");
    assert!(cleared.reply_markup().is_none());
    assert!(fake.last_bot_message(CHAT).unwrap().keyboard.is_empty());

    // editMessageReplyMarkup: add a keyboard back, then the same again is not modified.
    bot.edit_message_reply_markup(ChatId(CHAT), sent.id)
        .reply_markup(keyboard(&[&[("Ulangi", "again")]]))
        .await
        .expect("editMessageReplyMarkup");
    assert_eq!(fake.last_bot_message(CHAT).unwrap().labels(), ["Ulangi"]);
    let same = bot
        .edit_message_reply_markup(ChatId(CHAT), sent.id)
        .reply_markup(keyboard(&[&[("Ulangi", "again")]]))
        .await;
    assert_eq!(api_error(same), ApiError::MessageNotModified);

    // Unknown message, and a user's message.
    let missing = bot
        .edit_message_text(ChatId(CHAT), MessageId(9999), "x")
        .await;
    assert_eq!(api_error(missing), ApiError::MessageToEditNotFound);
    user.text("halo");
    let user_msg = fake.messages(CHAT).last().unwrap().message_id;
    let theirs = bot
        .edit_message_text(ChatId(CHAT), MessageId(user_msg as i32), "x")
        .await;
    assert_eq!(api_error(theirs), ApiError::MessageCantBeEdited);

    // Message ids are one counter per chat, shared by user and bot messages.
    let ids: Vec<i64> = fake.messages(CHAT).iter().map(|m| m.message_id).collect();
    assert_eq!(ids, [1, 2]);
}

#[tokio::test]
async fn send_message_rules() {
    let fake = FakeTelegram::start().await;
    let bot = fake.bot();
    fake.user(CHAT, "id");
    let chat = ChatId(CHAT);

    assert_eq!(
        api_error(bot.send_message(chat, "").await),
        ApiError::MessageTextIsEmpty
    );
    assert_eq!(
        api_error(bot.send_message(chat, "  \n ").await),
        ApiError::MessageTextIsEmpty
    );
    bot.send_message(chat, "é".repeat(4096))
        .await
        .expect("4096 characters fit");
    assert_eq!(
        api_error(bot.send_message(chat, "a".repeat(4097)).await),
        ApiError::MessageIsTooLong
    );
    // The limit counts UTF-16 units: 2049 emoji are 4098 units.
    assert_eq!(
        api_error(bot.send_message(chat, "\u{1F600}".repeat(2049)).await),
        ApiError::MessageIsTooLong
    );

    let long_data = "d".repeat(65);
    let r = bot
        .send_message(chat, "x")
        .reply_markup(keyboard(&[&[("Ya", long_data.as_str())]]))
        .await;
    assert_eq!(api_error(r), ApiError::ButtonDataInvalid);
    let ok_data = "d".repeat(64);
    bot.send_message(chat, "x")
        .reply_markup(keyboard(&[&[("Ya", ok_data.as_str())]]))
        .await
        .expect("64 bytes of callback data fit");

    let many = InlineKeyboardMarkup::new((0..101).map(|i| {
        vec![InlineKeyboardButton::callback(
            format!("{i}"),
            format!("{i}"),
        )]
    }));
    let r = bot.send_message(chat, "x").reply_markup(many).await;
    assert_eq!(
        api_error(r),
        ApiError::Unknown(desc::TOO_MANY_BUTTONS.to_owned())
    );

    // A chat the bot never met.
    assert_eq!(
        api_error(bot.send_message(ChatId(424242), "x").await),
        ApiError::ChatNotFound
    );

    // parse_mode: markup is parsed away, counted and checked like Telegram does.
    let m = bot
        .send_message(chat, "<b>Nomor</b> tiket: <code>PND-1</code> &lt;ok&gt;")
        .parse_mode(ParseMode::Html)
        .await
        .expect("valid HTML");
    assert_eq!(m.text(), Some("Nomor tiket: PND-1 <ok>"));
    let kinds: Vec<_> = m
        .entities()
        .unwrap()
        .iter()
        .map(|e| e.kind.clone())
        .collect();
    assert_eq!(kinds, [MessageEntityKind::Bold, MessageEntityKind::Code]);
    assert_eq!(
        fake.last_bot_message(CHAT).unwrap().text.as_deref(),
        Some("Nomor tiket: PND-1 <ok>")
    );
    let r = bot
        .send_message(chat, "umur < 18")
        .parse_mode(ParseMode::Html)
        .await;
    assert!(matches!(api_error(r), ApiError::CantParseEntities(_)));
    let r = bot
        .send_message(chat, "<b>tebal")
        .parse_mode(ParseMode::Html)
        .await;
    assert!(matches!(api_error(r), ApiError::CantParseEntities(_)));
    let r = bot
        .send_message(chat, "Terima kasih.")
        .parse_mode(ParseMode::MarkdownV2)
        .await;
    match api_error(r) {
        ApiError::CantParseEntities(d) => assert_eq!(
            d,
            "Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\\'"
        ),
        other => panic!("expected CantParseEntities, got {other:?}"),
    }
    let m = bot
        .send_message(chat, "*Terima* kasih\\.")
        .parse_mode(ParseMode::MarkdownV2)
        .await
        .expect("escaped MarkdownV2");
    assert_eq!(m.text(), Some("Terima kasih."));
}

#[tokio::test]
async fn get_updates_offsets_and_long_poll() {
    let fake = FakeTelegram::start().await;
    let bot = fake.bot();
    let user = fake.user(CHAT, "id");

    let first = user.text("/start");
    let second = user.text("halo");
    assert_eq!(second, first + 1);

    let updates = bot.get_updates().await.expect("getUpdates");
    assert_eq!(updates.len(), 2);
    match &updates[0].kind {
        UpdateKind::Message(m) => {
            assert_eq!(m.text(), Some("/start"));
            let e = &m.entities().unwrap()[0];
            assert_eq!(e.kind, MessageEntityKind::BotCommand);
            assert_eq!((e.offset, e.length), (0, 6));
            assert_eq!(
                m.from.as_ref().unwrap().language_code.as_deref(),
                Some("id")
            );
        }
        other => panic!("expected a message, got {other:?}"),
    }
    assert!(fake.delivered(first) && fake.delivered(second));

    // Not confirmed yet: served again.
    let again = bot.get_updates().await.unwrap();
    assert_eq!(again.len(), 2);

    // limit, then the offset confirms.
    let one = bot.get_updates().limit(1).await.unwrap();
    assert_eq!(one.len(), 1);
    let rest = bot.get_updates().offset(offset_after(&one)).await.unwrap();
    assert_eq!(rest.len(), 1);
    assert_eq!(fake.confirmed_offset(), first + 1);
    let none = bot.get_updates().offset(offset_after(&rest)).await.unwrap();
    assert!(none.is_empty());
    assert_eq!(fake.confirmed_offset(), second + 1);
    assert!(fake.pending_updates().is_empty());

    // Confirmed updates are gone for good, even with offset 0.
    assert!(bot.get_updates().await.unwrap().is_empty());

    // A duplicate (Telegram lost the confirmation) is served to a poll from the start.
    fake.push_duplicate(second);
    let dup = bot.get_updates().await.unwrap();
    assert_eq!(dup.len(), 1);
    assert_eq!(i64::from(dup[0].id.0), second);

    // Long poll: answers as soon as an update is pushed.
    let offset = (second + 1) as i32;
    let pusher = {
        let user = user.clone();
        async move {
            tokio::time::sleep(Duration::from_millis(200)).await;
            user.text("baru")
        }
    };
    let started = Instant::now();
    let (polled, pushed) = tokio::join!(bot.get_updates().offset(offset).timeout(10), pusher);
    let polled = polled.unwrap();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(polled.len(), 1);
    assert_eq!(i64::from(polled[0].id.0), pushed);

    // Long poll with nothing to serve: [] after the timeout.
    let offset = (pushed + 1) as i32;
    let started = Instant::now();
    let empty = bot.get_updates().offset(offset).timeout(1).await.unwrap();
    assert!(empty.is_empty());
    assert!(started.elapsed() >= Duration::from_millis(900));
}

#[tokio::test]
async fn concurrent_get_updates_conflict() {
    let fake = FakeTelegram::start().await;
    let bot = fake.bot();
    let older = {
        let bot = bot.clone();
        tokio::spawn(async move { bot.get_updates().timeout(10).await })
    };
    assert!(
        fake.wait_until(|f| f.calls_of("getUpdates").len() == 1, WAIT)
            .await
    );
    let newer = bot.get_updates().await.expect("the newer poll wins");
    assert!(newer.is_empty());
    assert_eq!(
        api_error(older.await.unwrap()),
        ApiError::TerminatedByOtherGetUpdates
    );
}

#[tokio::test]
async fn every_update_kind_deserializes() {
    let fake = FakeTelegram::start().await;
    let bot = fake.bot();
    let user = fake.user(CHAT, "en").named("Uji", Some("Coba Dua"));
    let sent = bot
        .send_message(ChatId(CHAT), "Konfirmasi?")
        .reply_markup(keyboard(&[&[("Benar", "ok")], &[("Ubah", "edit")]]))
        .await
        .unwrap();

    let photo = user.photo((0u8..=255).cycle().take(3000).collect());
    let doc = user.document_with_caption(
        "surat.pdf",
        "application/pdf",
        b"%PDF-1.4 uji".to_vec(),
        Some("ini suratnya"),
    );
    let sticker = user.sticker();
    let voice = user.voice(3);
    let press = user.press("Ubah");
    let press_old = user.press_on(i64::from(sent.id.0), "Benar");
    let forged = user.press_data(i64::from(sent.id.0), "tidak-ada");
    let group = user
        .in_group(-4001, "Grup Uji")
        .text("/start@pandu_test_bot");
    let text_id = fake.messages(CHAT).iter().filter(|m| !m.from_bot).count();
    assert_eq!(text_id, 4);
    user.text("typo");
    let said_id = fake.messages(CHAT).last().unwrap().message_id;
    let edit = user.edit(said_id, "bukan typo");
    let raw = fake.push_raw(json!({"poll_answer": {
        "poll_id": "1", "user": user.user_json(), "option_ids": [0]
    }}));

    let updates = bot.get_updates().await.expect("every kind parses");
    let by_id = |id: i64| {
        updates
            .iter()
            .find(|u| i64::from(u.id.0) == id)
            .unwrap_or_else(|| panic!("update {id} missing"))
    };
    let message = |id: i64| match &by_id(id).kind {
        UpdateKind::Message(m) => m.clone(),
        other => panic!("update {id}: expected a message, got {other:?}"),
    };
    let p = message(photo);
    let sizes = p.photo().unwrap();
    assert_eq!(sizes.len(), 3);
    assert_eq!(sizes.last().unwrap().file.size, 3000);
    let d = message(doc);
    assert_eq!(
        d.document().unwrap().file_name.as_deref(),
        Some("surat.pdf")
    );
    assert_eq!(d.caption(), Some("ini suratnya"));
    assert!(message(sticker).sticker().is_some());
    assert_eq!(
        message(voice).voice().unwrap().duration,
        Seconds::from_seconds(3)
    );
    for (id, data) in [(press, "edit"), (press_old, "ok"), (forged, "tidak-ada")] {
        match &by_id(id).kind {
            UpdateKind::CallbackQuery(q) => {
                assert_eq!(q.data.as_deref(), Some(data));
                assert_eq!(q.from.id.0 as i64, CHAT);
                let m = q.regular_message().expect("the bot message is attached");
                assert_eq!(m.id, sent.id);
            }
            other => panic!("expected a callback query, got {other:?}"),
        }
    }
    let g = message(group);
    assert!(g.chat.is_group());
    assert_eq!(g.chat.id, ChatId(-4001));
    assert_eq!(g.text(), Some("/start@pandu_test_bot"));
    match &by_id(edit).kind {
        UpdateKind::EditedMessage(m) => assert_eq!(m.text(), Some("bukan typo")),
        other => panic!("expected an edited message, got {other:?}"),
    }
    assert!(matches!(by_id(raw).kind, UpdateKind::PollAnswer(_)));
    assert_eq!(fake.messages(-4001).len(), 1);

    // The photo's largest size is the full file; the smaller ones are not.
    let large = bot.get_file(sizes[2].file.id.clone()).await.unwrap();
    assert_eq!(large.meta.size, 3000);
    let small = bot.get_file(sizes[0].file.id.clone()).await.unwrap();
    assert_eq!(small.meta.size, 300);
}

#[tokio::test]
async fn allowed_updates_filter_what_is_served() {
    let fake = FakeTelegram::start().await;
    let bot = fake.bot();
    let user = fake.user(CHAT, "id");
    bot.send_message(ChatId(CHAT), "Pilih")
        .reply_markup(keyboard(&[&[("Ya", "yes")]]))
        .await
        .unwrap();
    user.press("Ya");
    let text = user.text("halo");
    let updates = bot
        .get_updates()
        .allowed_updates(vec![AllowedUpdate::Message])
        .await
        .unwrap();
    let ids: Vec<i64> = updates.iter().map(|u| i64::from(u.id.0)).collect();
    assert_eq!(ids, [text]);
    assert_eq!(fake.allowed_updates(), ["message"]);
}

#[tokio::test]
async fn callback_queries_are_answered_once() {
    let fake = FakeTelegram::start().await;
    let bot = fake.bot();
    let user = fake.user(CHAT, "id");
    bot.send_message(ChatId(CHAT), "Pilih")
        .reply_markup(keyboard(&[&[("Ya", "yes")]]))
        .await
        .unwrap();
    let pressed = user.press("Ya");
    let updates = bot.get_updates().await.unwrap();
    let UpdateKind::CallbackQuery(q) = &updates[0].kind else {
        panic!("expected a callback query");
    };
    bot.answer_callback_query(q.id.clone())
        .text("Tersimpan")
        .await
        .expect("answerCallbackQuery");
    let answer = fake.callback_answer_for(pressed).expect("recorded");
    assert_eq!(answer.text.as_deref(), Some("Tersimpan"));
    assert!(!answer.show_alert);

    // Telegram's text says "query ID"; teloxide's InvalidQueryId expects "query id", so the
    // real answer arrives as Unknown.
    let twice = bot.answer_callback_query(q.id.clone()).await;
    assert_eq!(
        api_error(twice),
        ApiError::Unknown(desc::QUERY_INVALID.to_owned())
    );
    let unknown = bot
        .answer_callback_query(CallbackQueryId("123".to_owned()))
        .await;
    assert_eq!(
        api_error(unknown),
        ApiError::Unknown(desc::QUERY_INVALID.to_owned())
    );

    // Expired queries.
    let late = user.press("Ya");
    fake.expire_callback_queries();
    let updates = bot.get_updates().offset(pressed as i32 + 1).await.unwrap();
    let UpdateKind::CallbackQuery(q) = &updates[0].kind else {
        panic!("expected a callback query");
    };
    assert_eq!(i64::from(updates[0].id.0), late);
    assert!(bot.answer_callback_query(q.id.clone()).await.is_err());
}

#[tokio::test]
async fn faults_map_to_teloxide_errors() {
    let fake = FakeTelegram::start().await;
    let bot = fake.bot();
    fake.user(CHAT, "id");
    let chat = ChatId(CHAT);

    fake.inject(Fault::on("sendMessage", FaultKind::RetryAfter(7)));
    match bot.send_message(chat, "satu").await {
        Err(RequestError::RetryAfter(s)) => assert_eq!(s, Seconds::from_seconds(7)),
        other => panic!("expected RetryAfter, got {other:?}"),
    }
    let call = fake.calls_of("sendMessage").pop().unwrap();
    assert_eq!(call.status, 429);
    assert_eq!(call.answer["parameters"]["retry_after"], 7);
    assert_eq!(
        call.answer["description"],
        "Too Many Requests: retry after 7"
    );

    fake.inject(Fault::any(FaultKind::Blocked));
    assert_eq!(
        api_error(bot.send_message(chat, "dua").await),
        ApiError::BotBlocked
    );
    assert_eq!(fake.calls_of("sendMessage").pop().unwrap().status, 403);

    fake.inject(Fault::any(FaultKind::BadRequest(
        desc::CHAT_NOT_FOUND.to_owned(),
    )));
    assert_eq!(
        api_error(bot.send_message(chat, "tiga").await),
        ApiError::ChatNotFound
    );

    // Drop: the connection closes without an answer.
    fake.inject(Fault::on("sendMessage", FaultKind::Drop));
    match bot.send_message(chat, "empat").await {
        Err(RequestError::Network(_)) => {}
        other => panic!("expected a network error, got {other:?}"),
    }
    assert_eq!(fake.calls_of("sendMessage").pop().unwrap().status, 0);

    // Faulted calls executed nothing.
    assert!(fake.bot_messages(CHAT).is_empty());

    // Faults are matched by chat, in order, `times` times; then calls succeed again.
    fake.user(CHAT + 1, "id");
    fake.inject(Fault::any(FaultKind::Blocked).in_chat(CHAT + 1).repeat(2));
    fake.inject(Fault::any(FaultKind::RetryAfter(1)));
    assert!(matches!(
        bot.send_message(chat, "lima").await,
        Err(RequestError::RetryAfter(_))
    ));
    for _ in 0..2 {
        assert_eq!(
            api_error(bot.send_message(ChatId(CHAT + 1), "x").await),
            ApiError::BotBlocked
        );
    }
    bot.send_message(ChatId(CHAT + 1), "enam").await.unwrap();
    bot.send_message(chat, "tujuh").await.unwrap();
    assert_eq!(fake.bot_texts(CHAT), ["tujuh"]);

    // getUpdates is only faulted when named.
    fake.inject(Fault::any(FaultKind::RetryAfter(1)));
    bot.get_updates()
        .await
        .expect("getUpdates is not matched by Fault::any");
    fake.clear_faults();
    fake.inject(Fault::on("getUpdates", FaultKind::RetryAfter(2)));
    assert!(matches!(
        bot.get_updates().await,
        Err(RequestError::RetryAfter(_))
    ));

    // block_chat: every send to the chat answers 403 until unblocked.
    fake.block_chat(CHAT);
    assert_eq!(
        api_error(bot.send_message(chat, "x").await),
        ApiError::BotBlocked
    );
    assert_eq!(
        api_error(bot.send_chat_action(chat, ChatAction::Typing).await),
        ApiError::BotBlocked
    );
    fake.unblock_chat(CHAT);
    bot.send_message(chat, "delapan").await.unwrap();
}

/// teloxide sleeps 10 s after any 5xx answer before it parses the body; then a JSON 500 is
/// just an unknown API error.
#[tokio::test]
async fn server_error_500_is_unknown_after_ten_seconds() {
    let fake = FakeTelegram::start().await;
    let bot = fake.bot();
    fake.user(CHAT, "id");
    fake.inject(Fault::on("sendMessage", FaultKind::ServerError(500)));
    let started = Instant::now();
    let r = bot.send_message(ChatId(CHAT), "x").await;
    assert_eq!(
        api_error(r),
        ApiError::Unknown("Internal Server Error".to_owned())
    );
    assert!(started.elapsed() >= Duration::from_secs(10));
    assert_eq!(fake.calls_of("sendMessage")[0].status, 500);
    assert!(fake.bot_messages(CHAT).is_empty());
}

/// nginx's HTML error page (Telegram's front end when the API is down) is InvalidJson,
/// also after teloxide's 10 s sleep.
#[tokio::test]
async fn html_502_is_invalid_json() {
    let fake = FakeTelegram::start().await;
    let bot = fake.bot();
    fake.inject(Fault::on("getMe", FaultKind::HtmlError(502)));
    match bot.get_me().await {
        Err(RequestError::InvalidJson { raw, .. }) => assert!(raw.contains("502 Bad Gateway")),
        other => panic!("expected InvalidJson, got {other:?}"),
    }
    assert_eq!(fake.calls_of("getMe")[0].status, 502);
}

#[tokio::test]
async fn send_document_multipart_and_download() {
    let fake = FakeTelegram::start().await;
    let bot = fake.bot();
    fake.user(CHAT, "id");
    let bytes = b"%PDF-1.4 laporan uji coba".to_vec();

    let sent = bot
        .send_document(
            ChatId(CHAT),
            InputFile::memory(bytes.clone()).file_name("laporan.pdf"),
        )
        .caption("Laporan Anda")
        .reply_markup(keyboard(&[&[("Selesai", "done")]]))
        .await
        .expect("sendDocument");
    let doc = sent.document().expect("a document message");
    assert_eq!(doc.file_name.as_deref(), Some("laporan.pdf"));
    assert_eq!(doc.file.size, bytes.len() as u32);
    assert_eq!(sent.caption(), Some("Laporan Anda"));

    let shown = fake.last_bot_message(CHAT).unwrap();
    assert_eq!(shown.kind, FakeKind::Document);
    assert_eq!(shown.document_name(), Some("laporan.pdf"));
    assert_eq!(shown.file.as_ref().unwrap().bytes, bytes);
    assert_eq!(
        shown.file.as_ref().unwrap().mime_type.as_deref(),
        Some("application/pdf")
    );
    assert_eq!(shown.text.as_deref(), Some("Laporan Anda"));
    assert_eq!(shown.labels(), ["Selesai"]);
    let call = fake.calls_of("sendDocument").pop().unwrap();
    assert_eq!(
        call.params["document"],
        json!({"file_name": "laporan.pdf", "size": bytes.len()})
    );
    assert_eq!(call.params["chat_id"], CHAT.to_string());
    assert_eq!(call.chat_id, Some(CHAT));

    // What the bot uploaded can be fetched back by file_id, and re-sent by file_id.
    let file = bot.get_file(doc.file.id.clone()).await.unwrap();
    let mut got = Vec::new();
    bot.download_file(&file.path, &mut got).await.unwrap();
    assert_eq!(got, bytes);
    bot.send_document(ChatId(CHAT), InputFile::file_id(doc.file.id.clone()))
        .await
        .expect("re-send by file_id");

    // Empty uploads and unknown file ids are refused.
    let r = bot
        .send_document(
            ChatId(CHAT),
            InputFile::memory(Vec::new()).file_name("kosong.txt"),
        )
        .await;
    assert_eq!(api_error(r), ApiError::Unknown(desc::FILE_EMPTY.to_owned()));
    let r = bot
        .send_document(
            ChatId(CHAT),
            InputFile::file_id(FileId("bukan-file".to_owned())),
        )
        .await;
    assert_eq!(api_error(r), ApiError::WrongFileIdOrUrl);

    // sendPhoto too.
    let photo = bot
        .send_photo(
            ChatId(CHAT),
            InputFile::memory(vec![7u8; 900]).file_name("foto.jpg"),
        )
        .await
        .expect("sendPhoto");
    assert_eq!(photo.photo().unwrap().last().unwrap().file.size, 900);
    assert_eq!(fake.last_bot_message(CHAT).unwrap().kind, FakeKind::Photo);
}

#[tokio::test]
async fn get_file_and_download_registered_file() {
    let fake = FakeTelegram::start().await;
    let bot = fake.bot();
    let bytes: Vec<u8> = (0..5000u32).map(|i| (i % 251) as u8).collect();
    let file_id = fake.add_file("ktp.jpg", bytes.clone());

    let file = bot
        .get_file(FileId(file_id.clone()))
        .await
        .expect("getFile");
    assert_eq!(file.meta.size, 5000);
    assert!(
        file.path.contains('/'),
        "paths look like Telegram's: {}",
        file.path
    );

    // teloxide's Download (it percent-encodes the '/' of the path).
    let mut got = Vec::new();
    bot.download_file(&file.path, &mut got)
        .await
        .expect("download");
    assert_eq!(got, bytes);

    // Plain reqwest.
    let url = format!("{}/file/bot{}/{}", fake.api_url(), TOKEN, file.path);
    let resp = reqwest::get(&url).await.unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.bytes().await.unwrap().to_vec(), bytes);
    assert_eq!(fake.calls_of(DOWNLOAD).len(), 2);

    let missing = format!("{}/file/bot{}/documents/nope.pdf", fake.api_url(), TOKEN);
    assert_eq!(reqwest::get(&missing).await.unwrap().status(), 404);

    // Telegram writes "invalid file_id"; teloxide's FileIdInvalid expects "invalid file id".
    let r = bot.get_file(FileId("bukan-file".to_owned())).await;
    assert_eq!(
        api_error(r),
        ApiError::Unknown(desc::FILE_ID_INVALID.to_owned())
    );

    // A download can be faulted when named.
    fake.inject(Fault::on(DOWNLOAD, FaultKind::ServerError(502)));
    assert_eq!(reqwest::get(&url).await.unwrap().status(), 502);
}

#[tokio::test]
async fn webhook_set_get_delete() {
    let fake = FakeTelegram::start().await;
    let bot = fake.bot();
    let url = reqwest::Url::parse("https://pandu.example/telegram/webhook").unwrap();

    let info = bot.get_webhook_info().await.unwrap();
    assert!(info.url.is_none());

    bot.set_webhook(url.clone())
        .secret_token("rahasia_Uji-1".to_owned())
        .allowed_updates(vec![AllowedUpdate::Message, AllowedUpdate::CallbackQuery])
        .await
        .expect("setWebhook");
    let hook = fake.webhook().unwrap();
    assert_eq!(hook.url, url.as_str());
    assert_eq!(hook.secret_token.as_deref(), Some("rahasia_Uji-1"));
    assert_eq!(hook.allowed_updates, ["message", "callback_query"]);
    let info = bot.get_webhook_info().await.unwrap();
    assert_eq!(info.url.as_ref(), Some(&url));

    // Telegram's 409 text is longer than teloxide's CantGetUpdates: Unknown.
    assert_eq!(
        api_error(bot.get_updates().await),
        ApiError::Unknown(desc::WEBHOOK_ACTIVE.to_owned())
    );
    assert_eq!(fake.calls_of("getUpdates")[0].status, 409);

    let r = bot
        .set_webhook(reqwest::Url::parse("http://pandu.example/hook").unwrap())
        .await;
    assert_eq!(api_error(r), ApiError::WebhookRequireHttps);
    let r = bot
        .set_webhook(reqwest::Url::parse("https://pandu.example:8080/hook").unwrap())
        .await;
    assert_eq!(api_error(r), ApiError::BadWebhookPort);
    let r = bot
        .set_webhook(url.clone())
        .secret_token("base64+/=".to_owned())
        .await;
    assert_eq!(
        api_error(r),
        ApiError::Unknown(desc::SECRET_CHARS.to_owned())
    );

    bot.delete_webhook().await.expect("deleteWebhook");
    assert!(fake.webhook().is_none());
    assert!(bot.get_updates().await.unwrap().is_empty());
}

#[tokio::test]
async fn webhook_delivery_posts_updates_with_the_secret() {
    use axum::http::{HeaderMap, StatusCode};
    use std::sync::{Arc, Mutex};

    // A stand-in for the bot's webhook endpoint.
    let seen: Arc<Mutex<Vec<Value>>> = Arc::default();
    let app = {
        let seen = seen.clone();
        axum::Router::new().route(
            "/telegram/webhook",
            axum::routing::post(move |headers: HeaderMap, body: axum::body::Bytes| {
                let seen = seen.clone();
                async move {
                    let secret = headers
                        .get("X-Telegram-Bot-Api-Secret-Token")
                        .and_then(|v| v.to_str().ok());
                    if secret != Some("rahasia") {
                        return StatusCode::UNAUTHORIZED;
                    }
                    seen.lock()
                        .unwrap()
                        .push(serde_json::from_slice(&body).unwrap());
                    StatusCode::OK
                }
            }),
        )
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let local = format!("http://{}/telegram/webhook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });

    let fake = FakeTelegram::start().await;
    let user = fake.user(CHAT, "id");
    let update = fake.update(user.text("halo")).unwrap();
    assert_eq!(fake.webhook_post(&local, &update, Some("salah")).await, 401);
    assert_eq!(
        fake.webhook_post(&local, &update, Some("rahasia")).await,
        200
    );

    fake.bot()
        .set_webhook(reqwest::Url::parse("https://pandu.example/telegram/webhook").unwrap())
        .secret_token("rahasia".to_owned())
        .await
        .unwrap();
    let second = user.text("kedua");
    let delivered = fake.deliver_webhook(&local).await;
    assert_eq!(delivered.len(), 2);
    assert!(delivered.iter().all(|(_, status)| *status == 200));
    assert_eq!(delivered[1].0, second);
    assert!(fake.pending_updates().is_empty());
    assert_eq!(seen.lock().unwrap().len(), 3);
}

#[tokio::test]
async fn commands_per_language() {
    let fake = FakeTelegram::start().await;
    let bot = fake.bot();
    bot.set_my_commands(vec![
        BotCommand::new("start", "Mulai"),
        BotCommand::new("batal", "Batalkan"),
    ])
    .language_code("id")
    .await
    .unwrap();
    bot.set_my_commands(vec![BotCommand::new("start", "Start")])
        .await
        .unwrap();
    assert_eq!(
        fake.commands(Some("id")),
        [
            ("start".to_owned(), "Mulai".to_owned()),
            ("batal".to_owned(), "Batalkan".to_owned())
        ]
    );
    assert_eq!(
        fake.commands(None),
        [("start".to_owned(), "Start".to_owned())]
    );
    let got = bot.get_my_commands().language_code("id").await.unwrap();
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].command, "start");

    let r = bot
        .set_my_commands(vec![BotCommand::new("Mulai-Lagi", "x")])
        .await;
    assert_eq!(
        api_error(r),
        ApiError::Unknown(desc::COMMAND_INVALID.to_owned())
    );

    bot.delete_my_commands().language_code("id").await.unwrap();
    assert!(fake.commands(Some("id")).is_empty());
    assert_eq!(fake.commands(None).len(), 1);
}

#[tokio::test]
async fn delete_message_and_chat_action() {
    let fake = FakeTelegram::start().await;
    let bot = fake.bot();
    fake.user(CHAT, "id");
    let m = bot.send_message(ChatId(CHAT), "sementara").await.unwrap();
    bot.send_chat_action(ChatId(CHAT), ChatAction::Typing)
        .await
        .unwrap();
    assert_eq!(fake.chat_actions(CHAT), ["typing"]);
    bot.delete_message(ChatId(CHAT), m.id).await.unwrap();
    assert!(fake.messages(CHAT).is_empty());
    assert_eq!(fake.deleted_messages(CHAT).len(), 1);
    assert_eq!(
        api_error(bot.delete_message(ChatId(CHAT), m.id).await),
        ApiError::MessageToDeleteNotFound
    );
}

/// Methods the fake does not implement answer 404 "Not Found", which teloxide (like for the
/// real API) reports as InvalidToken. They are recorded so tests can assert there were none.
#[tokio::test]
async fn unknown_methods_are_404_and_recorded() {
    let fake = FakeTelegram::start().await;
    let bot = fake.bot();
    fake.user(CHAT, "id");
    assert_eq!(
        api_error(bot.get_chat(ChatId(CHAT)).await),
        ApiError::InvalidToken
    );
    let unknown = fake.unknown_calls();
    assert_eq!(unknown.len(), 1);
    assert_eq!(unknown[0].method, "getChat");
    assert_eq!(unknown[0].status, 404);
}

/// Raw HTTP: method names in any casing, form and query parameters, direct multipart file
/// parts, malformed bodies answered 400 like Telegram.
#[tokio::test]
async fn raw_http_requests() {
    let fake = FakeTelegram::start().await;
    fake.user(CHAT, "id");
    let client = reqwest::Client::new();
    let base = format!("{}/bot{}", fake.api_url(), TOKEN);

    let form = format!(
        "chat_id={CHAT}&text=Halo+form&reply_markup=%7B%22inline_keyboard%22%3A%5B%5B%7B%22text%22%3A%22Ya%22%2C%22callback_data%22%3A%22y%22%7D%5D%5D%7D"
    );
    let resp = client
        .post(format!("{base}/SENDMESSAGE"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let body: Value = serde_json::from_slice(&resp.bytes().await.unwrap()).unwrap();
    assert_eq!(body["ok"], true);
    assert_eq!(body["result"]["text"], "Halo form");
    assert_eq!(fake.calls()[0].method, "sendMessage");
    assert_eq!(fake.last_bot_message(CHAT).unwrap().labels(), ["Ya"]);

    let resp = client
        .get(format!(
            "{base}/sendMessage?chat_id={CHAT}&text=lewat+query"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(fake.bot_texts(CHAT).last().unwrap(), "lewat query");

    let form = reqwest::multipart::Form::new()
        .text("chat_id", CHAT.to_string())
        .part(
            "document",
            reqwest::multipart::Part::bytes(b"a,b\n1,2\n".to_vec()).file_name("data.csv"),
        );
    let resp = client
        .post(format!("{base}/sendDocument"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(
        fake.last_bot_message(CHAT).unwrap().document_name(),
        Some("data.csv")
    );

    for (body, content_type) in [
        ("{not json", "application/json"),
        ("[1,2]", "application/json"),
        ("--x\r\nbroken", "multipart/form-data; boundary=x"),
    ] {
        let resp = client
            .post(format!("{base}/sendMessage"))
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 400, "{body:?}");
        let v: Value = serde_json::from_slice(&resp.bytes().await.unwrap()).unwrap();
        assert_eq!(v["ok"], false);
        assert_eq!(v["error_code"], 400);
    }
    let resp = client
        .post(format!("{base}/sendMessage"))
        .header("content-type", "application/json")
        .body(r#"{"chat_id":"abc","text":"x"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400);

    let resp = client
        .get(format!("{}/nowhere", fake.api_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 404);
}

#[tokio::test]
async fn latency_and_wait_until() {
    let fake = FakeTelegram::start().await;
    let bot = fake.bot();
    fake.user(CHAT, "id");
    fake.set_latency(Duration::from_millis(300));
    let started = Instant::now();
    bot.get_me().await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(300));
    fake.set_latency(Duration::ZERO);

    let sender = {
        let bot = bot.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(100)).await;
            bot.send_message(ChatId(CHAT), "nanti").await.unwrap();
        })
    };
    assert!(fake.wait_for_bot_messages(CHAT, 1, WAIT).await);
    assert!(fake.wait_for_calls("sendMessage", 1, WAIT).await);
    sender.await.unwrap();
    assert!(
        !fake
            .wait_until(|f| f.bot_texts(CHAT).len() > 1, Duration::from_millis(200))
            .await
    );
}

#[test]
#[should_panic(expected = "no button containing \"Tidak\"")]
fn press_panics_with_the_visible_keyboard() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let fake = FakeTelegram::start().await;
        let user = fake.user(CHAT, "id");
        fake.bot()
            .send_message(ChatId(CHAT), "Pilih")
            .reply_markup(keyboard(&[&[("Ya", "yes")]]))
            .await
            .unwrap();
        user.press("Tidak");
    });
}

fn thread(id: i64) -> ThreadId {
    ThreadId(MessageId(id as i32))
}

fn unknown(description: &str) -> ApiError {
    ApiError::Unknown(description.to_owned())
}

/// Topics in a forum supergroup: create, send into, rename, close, reopen, delete; what each
/// refusal looks like through teloxide.
#[tokio::test]
async fn forum_topics_lifecycle() {
    let fake = FakeTelegram::start().await;
    let bot = fake.bot();
    fake.forum(FORUM, "Meja Agen Uji");
    let forum = ChatId(FORUM);

    let first = bot
        .create_forum_topic(forum, "Kasus PND-1")
        .await
        .expect("createForumTopic");
    assert_eq!(first.name, "Kasus PND-1");
    assert_eq!(first.icon_color, Rgb::from_u32(DEFAULT_TOPIC_COLOR));
    let second = bot
        .create_forum_topic(forum, "Kasus PND-2")
        .icon_color(Rgb::from_u32(0xFF_93_B2))
        .await
        .unwrap();
    assert_ne!(first.thread_id, second.thread_id);
    assert_eq!(second.icon_color, Rgb::from_u32(0xFF_93_B2));
    let t1 = i64::from(first.thread_id.0.0);
    let t2 = i64::from(second.thread_id.0.0);
    assert_eq!(
        fake.topics(FORUM),
        [
            FakeTopic {
                thread_id: t1,
                name: "Kasus PND-1".to_owned(),
                icon_color: DEFAULT_TOPIC_COLOR,
                icon_custom_emoji_id: None,
                closed: false,
                deleted: false,
            },
            FakeTopic {
                thread_id: t2,
                name: "Kasus PND-2".to_owned(),
                icon_color: 0xFF_93_B2,
                icon_custom_emoji_id: None,
                closed: false,
                deleted: false,
            },
        ]
    );
    // The thread id is the id of the topic's service message, which is not a "bot message".
    let created = fake
        .message(FORUM, t1)
        .expect("the forum_topic_created message");
    assert!(created.is_service());
    assert_eq!(created.raw["forum_topic_created"]["name"], "Kasus PND-1");
    assert!(fake.bot_messages(FORUM).is_empty());

    // Send into the topic.
    let sent = bot
        .send_message(forum, "Kasus baru dari Uji Coba")
        .message_thread_id(first.thread_id)
        .await
        .expect("sendMessage into a topic");
    assert_eq!(sent.thread_id, Some(first.thread_id));
    assert!(sent.is_topic_message);
    assert!(sent.chat.is_supergroup());
    let root = sent
        .reply_to_message()
        .expect("topic messages reply to the topic's root");
    assert_eq!(
        root.forum_topic_created().map(|c| c.name.as_str()),
        Some("Kasus PND-1")
    );
    let shown = fake.thread_messages(FORUM, t1);
    assert_eq!(shown.len(), 1);
    assert_eq!(shown[0].thread_id, Some(t1));
    assert_eq!(shown[0].reply_to, None);
    assert!(fake.thread_messages(FORUM, t2).is_empty());
    // Without message_thread_id: the General topic.
    let general = bot.send_message(forum, "Umum").await.unwrap();
    assert_eq!(general.thread_id, None);
    assert!(!general.is_topic_message);
    assert_eq!(fake.general_messages(FORUM).len(), 1);

    // Rename; the same name again is not a modification.
    bot.edit_forum_topic(forum, first.thread_id)
        .name("Kasus PND-1 (KTP)")
        .await
        .expect("editForumTopic");
    assert_eq!(fake.topic(FORUM, t1).unwrap().name, "Kasus PND-1 (KTP)");
    let same = bot
        .edit_forum_topic(forum, first.thread_id)
        .name("Kasus PND-1 (KTP)")
        .await;
    assert_eq!(api_error(same), unknown(desc::TOPIC_NOT_MODIFIED));

    // Close: sends answer TOPIC_CLOSED (teloxide: Unknown); closing twice is not modified.
    bot.close_forum_topic(forum, first.thread_id)
        .await
        .expect("closeForumTopic");
    assert!(fake.topic(FORUM, t1).unwrap().closed);
    let r = bot
        .send_message(forum, "masih di sana?")
        .message_thread_id(first.thread_id)
        .await;
    assert_eq!(api_error(r), unknown(desc::TOPIC_CLOSED));
    assert_eq!(fake.calls_of("sendMessage").pop().unwrap().status, 400);
    assert_eq!(
        api_error(bot.close_forum_topic(forum, first.thread_id).await),
        unknown(desc::TOPIC_NOT_MODIFIED)
    );
    bot.reopen_forum_topic(forum, first.thread_id)
        .await
        .expect("reopenForumTopic");
    bot.send_message(forum, "dibuka lagi")
        .message_thread_id(first.thread_id)
        .await
        .expect("open again");
    assert_eq!(fake.thread_messages(FORUM, t1).len(), 2);

    // Delete: the topic's messages go with it; sends answer "message thread not found".
    bot.delete_forum_topic(forum, first.thread_id)
        .await
        .expect("deleteForumTopic");
    assert!(fake.topic(FORUM, t1).unwrap().deleted);
    assert!(fake.thread_messages(FORUM, t1).is_empty());
    assert!(
        fake.deleted_messages(FORUM)
            .iter()
            .any(|m| m.text.as_deref() == Some("dibuka lagi"))
    );
    let r = bot
        .send_message(forum, "halo?")
        .message_thread_id(first.thread_id)
        .await;
    assert_eq!(api_error(r), unknown(desc::THREAD_NOT_FOUND));
    for r in [
        bot.edit_forum_topic(forum, first.thread_id).name("x").await,
        bot.close_forum_topic(forum, first.thread_id).await,
        bot.delete_forum_topic(forum, first.thread_id).await,
    ] {
        assert_eq!(api_error(r), unknown(desc::TOPIC_ID_INVALID));
    }
    // A thread id that never was a topic (1 is not the General topic's).
    let r = bot
        .send_message(forum, "x")
        .message_thread_id(thread(1))
        .await;
    assert_eq!(api_error(r), unknown(desc::THREAD_NOT_FOUND));

    // By hand: the owner creates and closes a topic in the app (updates), deletes another.
    let t3 = fake.create_topic(FORUM, "Dibuat admin");
    let closed = fake.close_topic(FORUM, t3);
    let updates = bot.get_updates().await.unwrap();
    assert_eq!(updates.len(), 2);
    match &updates[1].kind {
        UpdateKind::Message(m) => {
            assert_eq!(i64::from(updates[1].id.0), closed);
            assert!(m.forum_topic_closed().is_some());
            assert_eq!(m.thread_id, Some(thread(t3)));
            assert_eq!(m.from.as_ref().unwrap().id.0 as i64, FORUM_OWNER_ID);
        }
        other => panic!("expected the forum_topic_closed message, got {other:?}"),
    }
    let r = bot
        .send_message(forum, "x")
        .message_thread_id(thread(t3))
        .await;
    assert_eq!(api_error(r), unknown(desc::TOPIC_CLOSED));
    fake.delete_topic(FORUM, t2);
    let r = bot
        .send_photo(forum, InputFile::memory(vec![1u8; 50]).file_name("a.jpg"))
        .message_thread_id(second.thread_id)
        .await;
    assert_eq!(api_error(r), unknown(desc::THREAD_NOT_FOUND));

    // Refusals: not a forum, a blank name, a bot without admin rights; a thread in a
    // private chat.
    fake.user(CHAT, "id");
    assert_eq!(
        api_error(bot.create_forum_topic(ChatId(CHAT), "x").await),
        unknown(desc::NOT_A_FORUM)
    );
    assert_eq!(
        api_error(bot.create_forum_topic(forum, "   ").await),
        unknown(desc::TOPIC_NAME_EMPTY)
    );
    let r = bot
        .send_message(ChatId(CHAT), "x")
        .message_thread_id(thread(t3))
        .await;
    assert_eq!(api_error(r), unknown(desc::THREAD_NOT_FOUND));
    fake.set_member_status(FORUM, BOT_ID, "member");
    assert_eq!(
        api_error(bot.create_forum_topic(forum, "x").await),
        unknown(desc::TOPIC_RIGHTS)
    );
    assert!(fake.unknown_calls().is_empty());
}

/// Group members write in topics and in General; the bot sees who wrote, where.
#[tokio::test]
async fn forum_members_write_in_topics() {
    let fake = FakeTelegram::start().await;
    let bot = fake.bot();
    fake.forum(FORUM, "Meja Agen Uji");
    let topic = bot
        .create_forum_topic(ChatId(FORUM), "Kasus PND-7")
        .await
        .unwrap();
    let t = i64::from(topic.thread_id.0.0);

    let agent = fake
        .user(700_002, "id")
        .named("Siti", Some("Agen"))
        .in_forum(FORUM, Some(t));
    let text = agent.text("Saya tangani");
    let photo = agent.photo_with_caption(vec![9u8; 600], Some("bukti"));
    let doc = agent.document("catatan.pdf", "application/pdf", b"%PDF-1.4 uji".to_vec());
    let reply = agent.reply(fake.thread_messages(FORUM, t)[0].message_id, "lanjut");
    let general = agent.in_topic(None).text("rapat jam 3");

    let updates = bot.get_updates().await.unwrap();
    let message = |id: i64| {
        let u = updates.iter().find(|u| i64::from(u.id.0) == id).unwrap();
        match &u.kind {
            UpdateKind::Message(m) => m.clone(),
            other => panic!("expected a message, got {other:?}"),
        }
    };
    for id in [text, photo, doc] {
        let m = message(id);
        assert_eq!(m.thread_id, Some(topic.thread_id));
        assert!(m.is_topic_message);
        assert!(m.chat.is_supergroup());
        assert_eq!(m.chat.id, ChatId(FORUM));
        let root = m.reply_to_message().expect("the topic's root");
        assert!(root.forum_topic_created().is_some());
        let from = m.from.as_ref().unwrap();
        assert_eq!(from.id.0, 700_002);
        assert_eq!(from.full_name(), "Siti Agen");
        assert_eq!(from.username.as_deref(), Some("uji_coba_700002"));
    }
    assert_eq!(message(text).text(), Some("Saya tangani"));
    assert_eq!(message(photo).photo().unwrap().len(), 3);
    assert_eq!(message(photo).caption(), Some("bukti"));
    assert_eq!(
        message(doc).document().unwrap().file_name.as_deref(),
        Some("catatan.pdf")
    );
    let r = message(reply);
    assert_eq!(r.thread_id, Some(topic.thread_id));
    assert_eq!(r.reply_to_message().unwrap().text(), Some("Saya tangani"));
    let g = message(general);
    assert_eq!(g.thread_id, None);
    assert!(!g.is_topic_message);
    assert!(g.reply_to_message().is_none());

    let in_topic = fake.thread_messages(FORUM, t);
    assert_eq!(in_topic.len(), 4);
    assert!(in_topic.iter().all(|m| !m.from_bot));
    assert_eq!(in_topic[3].reply_to, Some(in_topic[0].message_id));
    assert_eq!(fake.general_messages(FORUM).len(), 1);
    assert_eq!(
        fake.member_status(FORUM, 700_002).as_deref(),
        Some("member")
    );

    // The bot, an administrator in the forum, may delete a member's message.
    bot.delete_message(ChatId(FORUM), MessageId(in_topic[0].message_id as i32))
        .await
        .expect("admins delete others' messages");
    // Not the topic's root, though: that is deleteForumTopic.
    assert_eq!(
        api_error(bot.delete_message(ChatId(FORUM), MessageId(t as i32)).await),
        ApiError::MessageCantBeDeleted
    );
}

/// sendPhoto / sendDocument with a file_id, into a topic; copyMessage; reply_parameters,
/// disable_notification and protect_content.
#[tokio::test]
async fn file_ids_copy_message_and_send_options() {
    let fake = FakeTelegram::start().await;
    let bot = fake.bot();
    let user = fake.user(CHAT, "id");
    fake.forum(FORUM, "Meja Agen Uji");
    let forum = ChatId(FORUM);
    let topic = bot.create_forum_topic(forum, "Kasus PND-9").await.unwrap();
    let t = i64::from(topic.thread_id.0.0);

    // What the user sent in private, the bot forwards into the topic by file_id.
    user.photo((0u8..=255).cycle().take(2000).collect());
    user.document("ktp.pdf", "application/pdf", b"%PDF-1.4 ktp uji".to_vec());
    let updates = bot.get_updates().await.unwrap();
    let (UpdateKind::Message(p), UpdateKind::Message(d)) = (&updates[0].kind, &updates[1].kind)
    else {
        panic!("expected two messages");
    };
    let sizes = p.photo().unwrap();
    let photo_id = sizes.last().unwrap().file.id.clone();
    let sent = bot
        .send_photo(forum, InputFile::file_id(photo_id.clone()))
        .caption("Foto dari pengguna")
        .message_thread_id(topic.thread_id)
        .await
        .expect("sendPhoto by file_id");
    assert_eq!(sent.thread_id, Some(topic.thread_id));
    let resent = sent.photo().unwrap();
    assert_eq!(resent.len(), 3, "all sizes of the photo");
    assert_eq!(resent.last().unwrap().file.id, photo_id);
    assert_eq!(resent.last().unwrap().file.size, 2000);
    let shown = fake.thread_messages(FORUM, t).pop().unwrap();
    assert_eq!(shown.kind, FakeKind::Photo);
    assert_eq!(shown.file.as_ref().unwrap().bytes.len(), 2000);
    assert_eq!(shown.text.as_deref(), Some("Foto dari pengguna"));
    // A smaller size's file_id is the same photo.
    let small = bot
        .send_photo(forum, InputFile::file_id(sizes[0].file.id.clone()))
        .message_thread_id(topic.thread_id)
        .await
        .unwrap();
    assert_eq!(small.photo().unwrap().last().unwrap().file.id, photo_id);

    let doc_id = d.document().unwrap().file.id.clone();
    let sent = bot
        .send_document(forum, InputFile::file_id(doc_id.clone()))
        .message_thread_id(topic.thread_id)
        .await
        .expect("sendDocument by file_id");
    assert_eq!(
        sent.document().unwrap().file_name.as_deref(),
        Some("ktp.pdf")
    );
    assert_eq!(
        fake.thread_messages(FORUM, t)
            .pop()
            .unwrap()
            .document_name(),
        Some("ktp.pdf")
    );
    // A document's file_id is no photo, and the other way round; unknown ids.
    let r = bot
        .send_photo(forum, InputFile::file_id(doc_id.clone()))
        .await;
    assert_eq!(api_error(r), unknown(desc::FILE_TYPE_MISMATCH));
    let r = bot
        .send_document(forum, InputFile::file_id(photo_id.clone()))
        .await;
    assert_eq!(api_error(r), unknown(desc::FILE_TYPE_MISMATCH));
    let r = bot
        .send_photo(forum, InputFile::file_id(FileId("bukan-foto".to_owned())))
        .await;
    assert_eq!(api_error(r), ApiError::WrongFileIdOrUrl);

    // copyMessage: the photo with a new caption, a text as is, into the topic.
    let copied = bot
        .copy_message(forum, ChatId(CHAT), p.id)
        .message_thread_id(topic.thread_id)
        .caption("Salinan")
        .await
        .expect("copyMessage");
    let copy = fake.message(FORUM, i64::from(copied.0)).unwrap();
    assert!(copy.from_bot);
    assert_eq!(copy.kind, FakeKind::Photo);
    assert_eq!(copy.text.as_deref(), Some("Salinan"));
    assert_eq!(copy.thread_id, Some(t));
    assert_eq!(copy.file.as_ref().unwrap().file_id, photo_id.0);
    assert_eq!(copy.raw["message_thread_id"], t);
    let said = user.text("Nomor saya 0812-0000-0000");
    let said_id = fake.update(said).unwrap()["message"]["message_id"]
        .as_i64()
        .unwrap();
    let copied = bot
        .copy_message(forum, ChatId(CHAT), MessageId(said_id as i32))
        .message_thread_id(topic.thread_id)
        .caption("ignored for texts")
        .await
        .unwrap();
    let copy = fake.message(FORUM, i64::from(copied.0)).unwrap();
    assert_eq!(copy.kind, FakeKind::Text);
    assert_eq!(copy.text.as_deref(), Some("Nomor saya 0812-0000-0000"));
    // The copy of a document into General (the document's own caption: none).
    let copied = bot.copy_message(forum, ChatId(CHAT), d.id).await.unwrap();
    assert_eq!(
        fake.message(FORUM, i64::from(copied.0))
            .unwrap()
            .document_name(),
        Some("ktp.pdf")
    );
    let r = bot.copy_message(forum, ChatId(CHAT), MessageId(9999)).await;
    assert_eq!(api_error(r), ApiError::MessageToCopyNotFound);
    let r = bot
        .copy_message(ChatId(CHAT), forum, MessageId(t as i32))
        .await;
    assert_eq!(api_error(r), unknown(desc::CANT_BE_COPIED));
    let r = bot.copy_message(forum, ChatId(424242), MessageId(1)).await;
    assert_eq!(api_error(r), ApiError::ChatNotFound);

    // reply_parameters, disable_notification, protect_content are kept.
    let first = fake.thread_messages(FORUM, t)[0].message_id;
    let sent = bot
        .send_message(forum, "Dibalas")
        .reply_parameters(ReplyParameters::new(MessageId(first as i32)))
        .disable_notification(true)
        .protect_content(true)
        .await
        .unwrap();
    // A reply without message_thread_id lands in the replied message's topic.
    assert_eq!(sent.thread_id, Some(topic.thread_id));
    assert_eq!(
        sent.reply_to_message().map(|m| m.id),
        Some(MessageId(first as i32))
    );
    assert!(sent.has_protected_content());
    let shown = fake.message(FORUM, i64::from(sent.id.0)).unwrap();
    assert_eq!(shown.reply_to, Some(first));
    assert!(shown.disable_notification);
    assert!(shown.protect_content);
    // Replying across topics with an explicit thread: not found (unless allowed).
    let other = bot.create_forum_topic(forum, "Lain").await.unwrap();
    let r = bot
        .send_message(forum, "salah topik")
        .message_thread_id(other.thread_id)
        .reply_parameters(ReplyParameters::new(MessageId(first as i32)))
        .await;
    assert_eq!(api_error(r), ApiError::MessageToReplyNotFound);
    let m = bot
        .send_message(forum, "tanpa balasan")
        .message_thread_id(other.thread_id)
        .reply_parameters(
            ReplyParameters::new(MessageId(first as i32)).allow_sending_without_reply(),
        )
        .await
        .unwrap();
    assert_eq!(m.thread_id, Some(other.thread_id));
    let plain = fake.message(FORUM, i64::from(m.id.0)).unwrap();
    assert_eq!(plain.reply_to, None);
    assert!(!plain.disable_notification && !plain.protect_content);
}

#[tokio::test]
async fn get_chat_member_statuses() {
    let fake = FakeTelegram::start().await;
    let bot = fake.bot();
    fake.forum(FORUM, "Meja Agen Uji");
    let forum = ChatId(FORUM);
    let agent = fake
        .user(700_002, "id")
        .named("Siti", Some("Agen"))
        .in_forum(FORUM, None);
    let stranger = fake.user(700_003, "id");

    let me = bot
        .get_chat_member(forum, UserId(BOT_ID as u64))
        .await
        .unwrap();
    match &me.kind {
        ChatMemberKind::Administrator(a) => assert!(a.can_manage_topics),
        other => panic!("the bot administers the forum, got {other:?}"),
    }
    let owner = bot
        .get_chat_member(forum, UserId(FORUM_OWNER_ID as u64))
        .await
        .unwrap();
    assert!(owner.kind.is_owner());
    let member = bot.get_chat_member(forum, UserId(700_002)).await.unwrap();
    assert!(member.kind.is_member());
    assert_eq!(member.user.full_name(), "Siti Agen");
    let left = bot.get_chat_member(forum, UserId(700_003)).await.unwrap();
    assert!(left.kind.is_left());
    assert_eq!(
        api_error(bot.get_chat_member(forum, UserId(999)).await),
        ApiError::UserNotFound
    );

    fake.set_member_status(FORUM, agent.user_id, "administrator");
    let promoted = bot.get_chat_member(forum, UserId(700_002)).await.unwrap();
    assert!(promoted.kind.is_administrator());
    fake.set_member_status(FORUM, stranger.user_id, "kicked");
    assert!(
        bot.get_chat_member(forum, UserId(700_003))
            .await
            .unwrap()
            .kind
            .is_banned()
    );
    fake.set_member_status(FORUM, agent.user_id, "restricted");
    assert!(
        bot.get_chat_member(forum, UserId(700_002))
            .await
            .unwrap()
            .kind
            .is_restricted()
    );
    // In a private chat: the user and the bot are members.
    let private = bot
        .get_chat_member(ChatId(700_003), UserId(700_003))
        .await
        .unwrap();
    assert!(private.kind.is_member());

    // The bot removed from the forum: every call about it answers 403.
    fake.set_member_status(FORUM, BOT_ID, "kicked");
    assert_eq!(
        api_error(bot.send_message(forum, "x").await),
        ApiError::BotKickedFromSupergroup
    );
    fake.set_member_status(FORUM, BOT_ID, "left");
    assert_eq!(
        api_error(bot.send_message(forum, "x").await),
        unknown(desc::NOT_MEMBER_OF_SUPERGROUP)
    );
    fake.set_member_status(FORUM, BOT_ID, "administrator");
    fake.block_chat(FORUM);
    assert_eq!(
        api_error(bot.get_chat_member(forum, UserId(700_002)).await),
        ApiError::BotKickedFromSupergroup
    );
}

/// Malformed topic and copy parameters answer 400, never a dropped connection.
#[tokio::test]
async fn forum_methods_refuse_malformed_input() {
    let fake = FakeTelegram::start().await;
    fake.forum(FORUM, "Meja Agen Uji");
    let client = reqwest::Client::new();
    let base = format!("{}/bot{}", fake.api_url(), TOKEN);
    for (method, body) in [
        ("createForumTopic", json!({"chat_id": FORUM})),
        (
            "createForumTopic",
            json!({"chat_id": FORUM, "name": "x", "icon_color": "merah"}),
        ),
        (
            "createForumTopic",
            json!({"chat_id": FORUM, "name": "x", "icon_color": -5}),
        ),
        ("createForumTopic", json!({"name": "x"})),
        ("editForumTopic", json!({"chat_id": FORUM, "name": "x"})),
        (
            "closeForumTopic",
            json!({"chat_id": FORUM, "message_thread_id": "abc"}),
        ),
        (
            "deleteForumTopic",
            json!({"chat_id": FORUM, "message_thread_id": [1]}),
        ),
        ("copyMessage", json!({"chat_id": FORUM, "message_id": 1})),
        (
            "copyMessage",
            json!({"chat_id": FORUM, "from_chat_id": FORUM}),
        ),
        (
            "copyMessage",
            json!({"chat_id": FORUM, "from_chat_id": {"x": 1}, "message_id": 1}),
        ),
        ("getChatMember", json!({"chat_id": FORUM})),
        (
            "getChatMember",
            json!({"chat_id": FORUM, "user_id": "siti"}),
        ),
        (
            "sendMessage",
            json!({"chat_id": FORUM, "text": "x", "message_thread_id": 1.5}),
        ),
        (
            "sendMessage",
            json!({"chat_id": FORUM, "text": "x", "reply_parameters": 7}),
        ),
        (
            "sendMessage",
            json!({"chat_id": FORUM, "text": "x", "reply_parameters": "{bad"}),
        ),
        ("sendPhoto", json!({"chat_id": FORUM, "photo": ""})),
    ] {
        let resp = client
            .post(format!("{base}/{method}"))
            .json(&body)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{method} {body}: {e}"));
        assert_eq!(resp.status(), 400, "{method} {body}");
        let v: Value = serde_json::from_slice(&resp.bytes().await.unwrap()).unwrap();
        assert_eq!(v["ok"], false, "{method} {body}");
        assert!(
            v["description"]
                .as_str()
                .unwrap()
                .starts_with("Bad Request: "),
            "{method} {body}: {v}"
        );
    }
}
