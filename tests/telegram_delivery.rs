//! Delivery guarantees on Telegram: rate limiting and server errors, blocked users, duplicate
//! updates by polling and by webhook, and the webhook's secret token. Real channel, fake Bot API,
//! SQLite and PostgreSQL.

mod common;

use std::time::Duration;

use common::db::{BOTH, Backend};
use common::fake_telegram::{FakeTelegram, Fault, FaultKind};
use common::telegram::{App, WAIT, chat, committed};
use pandu::store::Store;

const SEND_METHODS: [&str; 4] = [
    "sendMessage",
    "editMessageText",
    "editMessageReplyMarkup",
    "sendDocument",
];

/// The texts Telegram accepted for a chat, in the order it accepted them.
fn accepted_texts(fake: &FakeTelegram, chat_id: i64) -> Vec<String> {
    fake.calls_of("sendMessage")
        .into_iter()
        .filter(|c| c.chat_id == Some(chat_id) && c.status == 200)
        .map(|c| c.params["text"].as_str().unwrap_or_default().to_string())
        .collect()
}

async fn retry_after_and_server_errors(backend: Backend) {
    let app = App::start(backend).await;
    let fake = &app.fake;
    // A rate limit on the first reply, while nothing else is under way...
    fake.inject(Fault::on("sendMessage", FaultKind::RetryAfter(2)));
    let first = fake.user(7101, "id").text("/start");
    assert!(
        fake.wait_until(|f| f.calls().iter().any(|c| c.status == 429), WAIT)
            .await
    );
    // ...then, while it lasts, more messages, and a burst of server errors and a dropped
    // connection waiting for the replies.
    fake.inject(Fault::on("sendMessage", FaultKind::ServerError(502)).repeat(3));
    fake.inject(Fault::on("sendMessage", FaultKind::HtmlError(504)));
    fake.inject(Fault::on("sendMessage", FaultKind::Drop));
    fake.inject(Fault::on("sendMessage", FaultKind::ServerError(500)).repeat(2));
    let chats: Vec<i64> = (7101..7106).collect();
    let mut last = vec![first];
    for round in ["/start", "/kyc", "/status", "/menu"] {
        for &c in &chats {
            if (c, round) != (7101, "/start") {
                last.push(fake.user(c, "id").text(round));
            }
        }
    }
    for id in last {
        committed(&app, id).await;
    }
    for &c in &chats {
        app.settled(c).await;
    }
    for &c in &chats {
        let rows = app.outbox(c).await;
        assert!(rows.iter().all(|r| r.sent_at.is_some()), "{rows:?}");
        let expected: Vec<String> = rows.iter().map(|r| r.reply.text.clone()).collect();
        // All replies arrived, in order, none twice.
        assert_eq!(accepted_texts(fake, c), expected, "chat {c}");
        assert!(rows.iter().all(|r| r.uncertain_resends == 0));
    }
    // Nothing was sent while the rate limit lasted.
    let calls = fake.calls();
    let limited = calls
        .iter()
        .position(|c| c.status == 429)
        .expect("the 429 was served");
    let until = calls[limited].at + Duration::from_secs(2);
    for c in &calls[limited + 1..] {
        if SEND_METHODS.contains(&c.method.as_str()) {
            assert!(
                c.at >= until,
                "{} made {:?} before retry_after had passed",
                c.method,
                until - c.at
            );
        }
    }
    // Every fault was met and retried.
    assert_eq!(calls.iter().filter(|c| c.status >= 500).count(), 6);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replies_survive_retry_after_and_server_errors_in_order_and_once() {
    for b in BOTH {
        retry_after_and_server_errors(b).await;
    }
}

async fn blocked_user(backend: Backend) {
    let app = App::start(backend).await;
    let fake = &app.fake;
    fake.block_chat(7201);
    let blocked = fake.user(7201, "id");
    let id = blocked.text("/start");
    committed(&app, id).await;
    let deadline = tokio::time::Instant::now() + WAIT;
    while !app.db().is_unreachable(&chat(7201)).await.unwrap() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "never marked unreachable"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    // Other chats go on; the blocked one is not tried again.
    let other = fake.user(7202, "id");
    for text in ["/start", "/kyc", "/status"] {
        let id = other.text(text);
        committed(&app, id).await;
    }
    app.settled(7202).await;
    let tries = |f: &FakeTelegram| {
        f.calls_of("sendMessage")
            .iter()
            .filter(|c| c.chat_id == Some(7201))
            .count()
    };
    assert_eq!(tries(fake), 1);
    let rows = app.outbox(7201).await;
    assert!(
        rows.iter()
            .all(|r| r.failed_at.is_some() && r.sent_at.is_none())
    );
    // The user unblocks the bot and writes again: the new reply arrives.
    fake.unblock_chat(7201);
    let id = blocked.text("/menu");
    committed(&app, id).await;
    app.settled(7201).await;
    assert!(!app.db().is_unreachable(&chat(7201)).await.unwrap());
    assert_eq!(accepted_texts(fake, 7201).len(), 1);
    assert!(accepted_texts(fake, 7201)[0].contains("Menu utama"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_who_blocked_the_bot_is_not_retried_forever() {
    for b in BOTH {
        blocked_user(b).await;
    }
}

async fn duplicates_by_polling(backend: Backend) {
    let mut app = App::start(backend).await;
    let fake = app.fake.clone();
    let u = fake.user(7301, "id");
    let id = u.text("/portal");
    committed(&app, id).await;
    app.settled(7301).await;
    let press = u.press("Dokumen pendukung");
    committed(&app, press).await;
    app.settled(7301).await;
    let before = fake
        .calls()
        .iter()
        .filter(|c| SEND_METHODS.contains(&c.method.as_str()))
        .count();
    let state = app.conversation(7301).await.unwrap();
    // Telegram sends both again, as it does to a bot that crashed before the offset moved on.
    fake.push_duplicate(id);
    fake.push_duplicate(press);
    app.restart().await;
    // A later update proves the duplicates were read and passed over.
    let later = u.text("/status");
    committed(&app, later).await;
    app.settled(7301).await;
    assert!(fake.confirmed_offset() > press);
    let after: Vec<_> = fake
        .calls()
        .into_iter()
        .filter(|c| SEND_METHODS.contains(&c.method.as_str()))
        .collect();
    // Only the /status answer is new.
    assert_eq!(after.len(), before + 1, "{:?}", &after[before..]);
    let now = app.conversation(7301).await.unwrap();
    assert_eq!(now.active, state.active);
    assert_eq!(now.memory, state.memory);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redelivered_update_by_polling_changes_nothing() {
    for b in BOTH {
        duplicates_by_polling(b).await;
    }
}

async fn webhook(backend: Backend) {
    let secret = "uji-rahasia_0123456789";
    let app = App::start_webhook(backend, secret).await;
    let fake = &app.fake;
    let hook = fake.webhook().expect("setWebhook was called");
    assert_eq!(hook.url, "https://pandu.example.org/telegram/hook");
    assert_eq!(hook.secret_token.as_deref(), Some(secret));
    let url = app.webhook_url();

    let u = fake.user(7401, "id");
    let id = u.text("/start");
    let update = fake.update(id).expect("the pushed update");
    // Without the secret, or with a wrong one: refused, nothing stored.
    assert_eq!(fake.webhook_post(&url, &update, None).await, 401);
    assert_eq!(
        fake.webhook_post(&url, &update, Some("uji-rahasia_0123456780"))
            .await,
        401
    );
    assert_eq!(fake.webhook_post(&url, &update, Some("x")).await, 401);
    assert!(!app.db().seen("telegram", &id.to_string()).await.unwrap());
    assert!(app.conversation(7401).await.is_none());
    assert!(app.outbox(7401).await.is_empty());
    // With it: handled, and a second delivery of the same update changes nothing.
    assert_eq!(fake.webhook_post(&url, &update, Some(secret)).await, 200);
    assert!(app.db().seen("telegram", &id.to_string()).await.unwrap());
    assert_eq!(fake.webhook_post(&url, &update, Some(secret)).await, 200);
    app.settled(7401).await;
    assert_eq!(app.outbox(7401).await.len(), 1);
    assert_eq!(accepted_texts(fake, 7401).len(), 1);
    // getUpdates is never used in webhook mode.
    assert!(fake.calls_of("getUpdates").is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhook_checks_the_secret_and_ignores_redeliveries() {
    for b in BOTH {
        webhook(b).await;
    }
}

/// Telegram's `my_chat_member` update for a private chat: the user blocked (`kicked`) or
/// unblocked (`member`) the bot.
fn membership(chat_id: i64, status: &str) -> serde_json::Value {
    let user = serde_json::json!({"id": chat_id, "is_bot": false, "first_name": "Uji", "language_code": "id"});
    let bot = serde_json::json!({"id": 123456, "is_bot": true, "first_name": "Pandu", "username": "pandu_test_bot"});
    let old = if status == "kicked" {
        "member"
    } else {
        "kicked"
    };
    let member = |s: &str| {
        if s == "kicked" {
            serde_json::json!({"status": "kicked", "user": bot, "until_date": 0})
        } else {
            serde_json::json!({"status": "member", "user": bot})
        }
    };
    serde_json::json!({"my_chat_member": {
        "chat": {"id": chat_id, "type": "private", "first_name": "Uji"},
        "from": user,
        "date": 1_790_000_000,
        "old_chat_member": member(old),
        "new_chat_member": member(status),
    }})
}

async fn block_and_unblock_updates(backend: Backend) {
    let mut app = App::start(backend).await;
    let fake = app.fake.clone();
    let u = fake.user(7501, "id");
    let first = u.text("/start");
    committed(&app, first).await;
    app.settled(7501).await;
    // The user blocks the bot: recorded once, and the chat is not written to.
    let blocked = fake.push_raw(membership(7501, "kicked"));
    committed(&app, blocked).await;
    assert!(app.db().is_unreachable(&chat(7501)).await.unwrap());
    // Unblocks it and writes again: the reply arrives.
    let unblocked = fake.push_raw(membership(7501, "member"));
    committed(&app, unblocked).await;
    assert!(!app.db().is_unreachable(&chat(7501)).await.unwrap());
    let again = u.text("/status");
    committed(&app, again).await;
    app.settled(7501).await;
    let delivered = accepted_texts(&fake, 7501).len();
    assert_eq!(delivered, 2);
    // Telegram sends the old "blocked" update again after a crash: it changes nothing.
    fake.push_duplicate(blocked);
    app.restart().await;
    let later = u.text("/menu");
    committed(&app, later).await;
    app.settled(7501).await;
    assert!(!app.db().is_unreachable(&chat(7501)).await.unwrap());
    assert_eq!(accepted_texts(&fake, 7501).len(), 3);
    assert!(app.outbox(7501).await.iter().all(|r| r.failed_at.is_none()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn blocking_and_unblocking_are_recorded_once() {
    for b in BOTH {
        block_and_unblock_updates(b).await;
    }
}

/// Telegram serves one long poll per token. A second process polling with the same token ends
/// the first one's poll (409); the first then stops polling for good instead of taking the
/// updates back, and the second serves the users.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_polling_process_is_not_fought() {
    let first = App::start(Backend::Sqlite).await;
    let fake = &first.fake;
    let u = fake.user(7901, "id");
    let id = u.text("/start");
    committed(&first, id).await;

    let second_db = common::db::fresh(Backend::Sqlite).await;
    let second = pandu::channels::start(
        pandu::channels::ChannelsConfig {
            telegram: Some(first.config.clone()),
            whatsapp: None,
            listen: "127.0.0.1:0".parse().unwrap(),
        },
        pandu::service::Bot::new(second_db.db.clone(), common::defs()),
    )
    .await
    .unwrap();
    let conflicts = |f: &FakeTelegram| {
        f.calls_of("getUpdates")
            .iter()
            .filter(|c| c.status == 409)
            .count()
    };
    assert!(fake.wait_until(|f| conflicts(f) >= 1, WAIT).await);
    // Several long-poll rounds later (1 s each here), still one conflict: nobody fights.
    tokio::time::sleep(Duration::from_secs(4)).await;
    assert_eq!(conflicts(fake), 1);
    // The second process has the updates now.
    let id = u.text("/menu");
    let deadline = tokio::time::Instant::now() + WAIT;
    while !second_db
        .db
        .seen("telegram", &id.to_string())
        .await
        .unwrap()
    {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the second process never got it"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(!first.db().seen("telegram", &id.to_string()).await.unwrap());
    // The first says why it is not ready; the second is.
    let (status, body) = first.http_get("/readyz").await;
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("polling stopped"), "{body}");
    let ready = reqwest::get(format!("http://{}/readyz", second.addr))
        .await
        .unwrap();
    assert_eq!(ready.status().as_u16(), 200);
    second.stop();
}
