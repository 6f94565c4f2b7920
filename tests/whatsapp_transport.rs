//! The WhatsApp outbox transport (issue 5, in progress) through the real outbox worker against
//! the fake Cloud API, on SQLite and PostgreSQL: replies become buttons, lists or numbered
//! menus; a rate limit is waited out; a closed 24-hour window is not retried; WhatsApp's own
//! files go by id, and one that cannot be fetched is given up.

mod common;

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use common::db::{BOTH, Backend};
use common::fake_whatsapp::{FakeWhatsApp, Fault, FaultKind, WaKind};
use pandu::delivery::Delivery;
use pandu::dialog::Event;
use pandu::dialog::model::{FileInfo, FileKind, FileType, Outcome, Reply};
use pandu::media::MediaSources;
use pandu::service::{Bot, Incoming};
use pandu::store::{ChatKey, InboundRecord, Store};
use pandu::whatsapp::InviteTemplate;
use pandu::whatsapp::transport::WaTransport;

const WAIT: Duration = Duration::from_secs(30);

async fn chat(db: &pandu::store::Db, wa_id: &str) -> ChatKey {
    common::whatsapp::chat(db, wa_id).await
}

async fn say(bot: &Bot, wa_id: &str, n: &mut u32, text: &str) {
    say_at(bot, wa_id, n, text, Utc::now()).await;
}

/// A message the user sent at `at` (WhatsApp's timestamp of it).
async fn say_at(bot: &Bot, wa_id: &str, n: &mut u32, text: &str, at: chrono::DateTime<Utc>) {
    *n += 1;
    bot.handle(Incoming {
        chat: chat(&bot.db, wa_id).await,
        message_id: format!("wamid.test{wa_id}{n}"),
        event: Event::Text(text.into()),
        lang_hint: None,
        at,
        pressed_message: None,
        sequence: None,
    })
    .await
    .unwrap();
}

/// Waits until the chat's oldest undelivered reply is held for the user's window.
async fn held(bot: &Bot, wa_id: &str) -> Vec<pandu::store::OutboxItem> {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let rows = bot.db.outbox_of(&chat(&bot.db, wa_id).await).await.unwrap();
        if rows
            .iter()
            .find(|r| r.sent_at.is_none() && r.failed_at.is_none())
            .is_some_and(|r| r.held_at.is_some())
        {
            return rows;
        }
        assert!(tokio::time::Instant::now() < deadline, "{rows:#?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn settled(bot: &Bot, wa_id: &str) -> Vec<pandu::store::OutboxItem> {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let rows = bot.db.outbox_of(&chat(&bot.db, wa_id).await).await.unwrap();
        if rows
            .iter()
            .all(|r| r.sent_at.is_some() || r.failed_at.is_some())
        {
            return rows;
        }
        assert!(tokio::time::Instant::now() < deadline, "{rows:#?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The outbox worker delivering to the fake Cloud API, with `template` inviting users back.
fn worker(
    fake: &FakeWhatsApp,
    db: &pandu::store::Db,
    template: Option<InviteTemplate>,
) -> tokio::task::JoinHandle<()> {
    let settings = common::whatsapp::wa_config(fake);
    let graph = settings.graph();
    // Files from WhatsApp only: there is no Telegram here to fetch a Telegram file from.
    let media = Arc::new(MediaSources::new(None, Some(graph.clone())));
    let mut transport = WaTransport::new(graph, media, db.clone()).with_template(template);
    transport.rate_pause = Duration::from_millis(300);
    let config = settings.delivery;
    let delivery = Delivery::new(db.clone(), std::sync::Arc::new(transport), config);
    tokio::spawn(delivery.run())
}

async fn transport_run(backend: Backend) {
    let fake = FakeWhatsApp::start().await;
    let fresh = common::db::fresh(backend).await;
    let bot = Bot::new(fresh.db.clone(), common::defs());
    let worker = worker(&fake, &fresh.db, None);

    // The user wrote (their window is open).
    let wa = "628123450001";
    fake.user(wa, "Uji Coba").text("/start");
    // A rate limit first: waited out, then everything arrives once, in order.
    fake.inject(Fault::sends(FaultKind::RateLimit));
    let mut n = 0;
    say(&bot, wa, &mut n, "/start").await;
    say(&bot, wa, &mut n, "/kyc").await;
    say(&bot, wa, &mut n, "2").await;
    let rows = settled(&bot, wa).await;
    assert!(rows.iter().all(|r| r.sent_at.is_some()), "{rows:#?}");
    let sent = fake.sent(wa);
    assert_eq!(sent.len(), rows.len(), "{sent:#?}");
    // The menu (8 options, long labels) is a list; the KYC question (3 options) too, its
    // labels being longer than a button allows; "Selesai" alone is a button.
    assert_eq!(sent[0].kind, WaKind::List, "{:#?}", sent[0]);
    assert!(sent[0].rows.len() == 8);
    assert!(sent.iter().any(|m| m.kind == WaKind::Buttons));
    for (row, msg) in rows.iter().zip(&sent) {
        assert_eq!(row.platform_id, Some(pandu::whatsapp::message_key(&msg.id)));
    }
    // A user who never wrote: Meta refuses free-form messages (131047). No template is set,
    // so nothing at all is sent; the reply waits for the user to write.
    let stranger = "628123450002";
    say(&bot, stranger, &mut n, "/menu").await;
    let rows = held(&bot, stranger).await;
    assert!(
        rows[0]
            .last_error
            .as_deref()
            .unwrap_or("")
            .contains("24-hour"),
        "{rows:#?}"
    );
    assert!(fake.sent(stranger).is_empty());

    // Files: WhatsApp's own media go by their id, the text as the caption; a file from a
    // channel pandu cannot fetch from here is given up at once (not retried), and the
    // replies after it still go.
    let own = fake.add_media(common::telegram::jpeg(2_000), "image/jpeg", None);
    let file = |reference: &str, origin: &str| FileInfo {
        reference: reference.into(),
        name: None,
        mime: Some("image/jpeg".into()),
        size: 2_000,
        kind: FileKind::Photo,
        sniffed: Some(FileType::Jpeg),
        origin: Some(origin.into()),
    };
    let replies = vec![
        Reply {
            text: "👤 Rina Agen: Contoh layar".into(),
            media: Some(file(&own, "whatsapp")),
            ..Default::default()
        },
        Reply {
            text: "👤 Rina Agen mengirim berkas.".into(),
            media: Some(file("AgACAgUAAxkBAAIBZ2", "telegram")),
            ..Default::default()
        },
        Reply {
            text: "Sesudahnya".into(),
            ..Default::default()
        },
    ];
    let before = fake.sent(wa).len();
    enqueue(&bot, wa, "wamid.test-media", replies).await;
    let rows = settled(&bot, wa).await;
    let rows = &rows[rows.len() - 3..];
    assert!(
        rows[0].sent_at.is_some() && rows[2].sent_at.is_some(),
        "{rows:#?}"
    );
    assert!(rows[1].failed_at.is_some(), "{rows:#?}");
    assert!(
        rows[1]
            .last_error
            .as_deref()
            .is_some_and(|e| e.contains("no client") && e.contains("telegram")),
        "{rows:#?}"
    );
    let sent = &fake.sent(wa)[before..];
    assert_eq!(sent.len(), 2, "{sent:#?}");
    assert_eq!(sent[0].kind, WaKind::Image);
    assert_eq!(sent[0].media_id.as_deref(), Some(own.as_str()));
    assert_eq!(sent[0].text.as_deref(), Some("👤 Rina Agen: Contoh layar"));
    assert_eq!(sent[1].text.as_deref(), Some("Sesudahnya"));
    assert!(fake.uploads().is_empty());
    worker.abort();
}

/// Commits `replies` for `wa_id` as the dialog would after message `message_id`.
async fn enqueue(bot: &Bot, wa_id: &str, message_id: &str, replies: Vec<Reply>) {
    let rec = InboundRecord {
        chat: chat(&bot.db, wa_id).await,
        message_id: message_id.into(),
        received_at: Utc::now(),
        pressed_message: None,
        sequence: None,
    };
    bot.db
        .process(&rec, move |state, _| Outcome {
            state: state.unwrap_or_default(),
            replies,
            effects: Vec::new(),
            withheld: false,
        })
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replies_reach_whatsapp_users_through_the_outbox() {
    for b in BOTH {
        transport_run(b).await;
    }
}

/// A user who last wrote 25 hours ago: pandu knows the window has closed, so it sends no
/// free-form message at all. The approved template invites the user back, once however many
/// replies wait; the replies go, in order, when the user writes.
async fn window_run(backend: Backend) {
    let fake = FakeWhatsApp::start().await;
    fake.add_template(
        "pandu_balasan",
        "id",
        "Petugas pandu sudah membalas pesan Anda. Balas pesan ini untuk membacanya.",
    );
    let fresh = common::db::fresh(backend).await;
    let bot = Bot::new(fresh.db.clone(), common::defs());
    let worker = worker(
        &fake,
        &fresh.db,
        Some(InviteTemplate {
            name: "pandu_balasan".into(),
            language: "id".into(),
        }),
    );
    let wa = "628123450003";
    let then = Utc::now() - chrono::Duration::hours(25);
    let mut n = 0;
    say_at(&bot, wa, &mut n, "/start", then).await;
    held(&bot, wa).await;
    assert!(fake.wait_for_sent(wa, 1, WAIT).await);
    // Another message from then, delivered late (as Meta does after an outage): it does not
    // open the window, so its replies queue behind the held one, and nobody is invited twice.
    say_at(
        &bot,
        wa,
        &mut n,
        "/kyc",
        then + chrono::Duration::seconds(5),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let rows = held(&bot, wa).await;
    assert!(rows.len() >= 2, "{rows:#?}");
    assert!(rows.iter().all(|r| r.sent_at.is_none()), "{rows:#?}");
    let sent = fake.sent(wa);
    assert_eq!(sent.len(), 1, "one invitation, nothing else: {sent:#?}");
    assert_eq!(sent[0].kind, WaKind::Template);
    assert_eq!(sent[0].template_name.as_deref(), Some("pandu_balasan"));
    assert_eq!(sent[0].template_language.as_deref(), Some("id"));
    // Known closed: not even tried (Meta would count refused free-form sends against the number).
    assert_eq!(fake.calls_of("/messages").len(), 1, "{:#?}", fake.calls());

    // The user answers the template: everything that waited goes first, then the new reply.
    fake.user(wa, "Uji Coba").text("Halo");
    say(&bot, wa, &mut n, "/menu").await;
    let rows = settled(&bot, wa).await;
    assert!(
        rows.iter()
            .all(|r| r.sent_at.is_some() && r.held_at.is_none()),
        "{rows:#?}"
    );
    let sent = fake.sent(wa);
    assert_eq!(sent.len(), 1 + rows.len(), "{sent:#?}");
    for (row, msg) in rows.iter().zip(&sent[1..]) {
        assert_eq!(row.platform_id, Some(pandu::whatsapp::message_key(&msg.id)));
    }
    assert!(
        sent[1].text.as_deref().unwrap_or("").contains("Menu utama"),
        "{:#?}",
        sent[1]
    );
    worker.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replies_after_the_window_closed_wait_for_the_user() {
    for b in BOTH {
        window_run(b).await;
    }
}
