//! WhatsApp's 24-hour window at the agents' desk, end to end on SQLite and PostgreSQL: an
//! agent answers from the Telegram topic 25 hours after the WhatsApp user last wrote. Meta
//! refuses the free-form message (at once with 131047, or later in a `failed` status), so the
//! approved template invites the user back, the agent is told in the topic, and the answer is
//! delivered when the user replies.

mod common;

use std::time::Duration;

use common::db::{BOTH, Backend};
use common::fake_whatsapp::WaKind;
use common::whatsapp::BothChannels as Desk;
use pandu::dialog::model::Queue;
use pandu::store::{ChatKey, DeskStore, Store};
use pandu::whatsapp::InviteTemplate;

const WAIT: Duration = Duration::from_secs(30);
const GROUP: i64 = -100_100_200_400;
const ADMIN: i64 = 600_110;
const RINA: i64 = 600_210;
const WA_USER: &str = "628123450077";
const TEMPLATE: &str = "pandu_balasan";

async fn wa_chat(db: &pandu::store::Db) -> ChatKey {
    common::whatsapp::chat(db, WA_USER).await
}

async fn wait_for(what: &str, mut check: impl AsyncFnMut() -> bool) {
    let deadline = tokio::time::Instant::now() + WAIT;
    while !check().await {
        assert!(tokio::time::Instant::now() < deadline, "never: {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn desk(backend: Backend) -> Desk {
    let d = Desk::start(backend, Queue::General, GROUP, ADMIN, |c| {
        c.template = Some(InviteTemplate {
            name: TEMPLATE.into(),
            language: "id".into(),
        })
    })
    .await;
    d.tg.forum(GROUP, "Helpdesk Umum");
    d.wa.add_template(
        TEMPLATE,
        "id",
        "Petugas pandu sudah membalas pesan Anda. Balas pesan ini untuk membacanya.",
    );
    d
}

/// Texts of the bot's messages in the case's topic.
fn topic_texts(d: &Desk, thread: i64) -> Vec<String> {
    d.tg.thread_messages(GROUP, thread)
        .into_iter()
        .filter(|m| m.from_bot)
        .filter_map(|m| m.text)
        .collect()
}

async fn window_run(backend: Backend, async_errors: bool) {
    let d = desk(backend).await;
    d.wa.set_async_window_errors(async_errors);
    let admin =
        d.tg.user(ADMIN, "id")
            .named("Admin", None)
            .in_forum(GROUP, None);
    admin.text(&format!("/petugas_tambah {RINA} agent Rina Agen"));
    wait_for("Rina is an agent", async || {
        d.db.agent("telegram", &RINA.to_string())
            .await
            .unwrap()
            .is_some()
    })
    .await;

    // The WhatsApp user asks for a person.
    let u = d.wa.user(WA_USER, "Siti Contoh");
    for text in [
        "/petugas",
        "Akun SATUSEHAT saya terkunci setelah ganti ponsel",
    ] {
        assert_eq!(d.wa.deliver(&d.url, &u.text(text).payload).await, 200);
    }
    let reference = d.db.cases_of(&wa_chat(&d.db).await).await.unwrap()[0]
        .reference
        .clone();
    assert!(
        d.tg.wait_until(
            |f| f.topics(GROUP).iter().any(|t| t.name.contains(&reference)),
            WAIT
        )
        .await
    );
    let thread =
        d.tg.topics(GROUP)
            .into_iter()
            .find(|t| t.name.contains(&reference))
            .unwrap()
            .thread_id;
    // The user hears the case reached the desk (the topic's "received" note).
    wait_for("the user's replies are delivered", async || {
        d.db.outbox_of(&wa_chat(&d.db).await)
            .await
            .unwrap()
            .iter()
            .all(|r| r.sent_at.is_some())
            && d.wa
                .texts(WA_USER)
                .iter()
                .any(|t| t.contains(&reference) && t.contains("sudah diterima tim Umum"))
    })
    .await;

    // A day and an hour later, Rina answers in the topic.
    d.wa.advance_clock(Duration::from_secs(25 * 3600));
    let before = d.wa.sent(WA_USER).len();
    let rina =
        d.tg.user(RINA, "id")
            .named("Rina", None)
            .in_forum(GROUP, Some(thread));
    rina.text("Halo Bu Siti, kunci akun sudah kami buka. Silakan masuk lagi.");
    if async_errors {
        // Meta takes the message, then reports it failed: pandu learns of it from the status.
        let failed = |d: &Desk| -> Vec<_> {
            d.wa.all_sent()
                .into_iter()
                .filter(|m| m.to == WA_USER && m.error == Some(131047))
                .collect()
        };
        wait_for("Meta takes the answer", async || !failed(&d).is_empty()).await;
        // Everything sent before the first status arrives fails the same way.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let failed = failed(&d);
        for m in failed {
            let status = d.wa.status_failed(&m.id, 131047, None);
            assert_eq!(d.wa.deliver(&d.url, &status).await, 200);
        }
    }
    // The user gets the invitation, and only that.
    assert!(d.wa.wait_for_sent(WA_USER, before + 1, WAIT).await);
    let invited = d.wa.sent(WA_USER)[before..].to_vec();
    assert_eq!(invited.len(), 1, "{invited:#?}");
    assert_eq!(invited[0].kind, WaKind::Template);
    assert_eq!(invited[0].template_name.as_deref(), Some(TEMPLATE));
    // Rina is told, in the topic.
    assert!(
        d.tg.wait_until(
            |f| f
                .thread_messages(GROUP, thread)
                .iter()
                .any(|m| m.from_bot && m.text.as_deref().is_some_and(|t| t.contains("24 jam"))),
            WAIT
        )
        .await,
        "{:#?}",
        topic_texts(&d, thread)
    );
    let rows = d.db.outbox_of(&wa_chat(&d.db).await).await.unwrap();
    assert!(
        rows.iter()
            .any(|r| r.held_at.is_some() && r.sent_at.is_none()),
        "{rows:#?}"
    );
    // Nothing more goes while the window is closed.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(d.wa.sent(WA_USER).len(), before + 1);

    // The user answers the template: Rina's answer arrives, and the user's message reaches
    // the topic.
    assert_eq!(
        d.wa.deliver(&d.url, &u.text("Baik, terima kasih").payload)
            .await,
        200
    );
    wait_for("Rina's answer reaches the user", async || {
        d.wa.texts(WA_USER)
            .iter()
            .any(|t| t.contains("kunci akun sudah kami buka"))
    })
    .await;
    let after = d.wa.sent(WA_USER)[before + 1..].to_vec();
    assert!(
        after[0].text.as_deref().is_some_and(|t| t.contains("Rina")),
        "the held replies come first: {after:#?}"
    );
    assert!(
        d.tg.wait_until(
            |f| f.thread_messages(GROUP, thread).iter().any(|m| m
                .text
                .as_deref()
                .is_some_and(|t| t.contains("Baik, terima kasih"))),
            WAIT
        )
        .await,
        "{:#?}",
        topic_texts(&d, thread)
    );
    wait_for("no reply waits any more", async || {
        d.db.outbox_of(&wa_chat(&d.db).await)
            .await
            .unwrap()
            .iter()
            .all(|r| r.sent_at.is_some() && r.held_at.is_none())
    })
    .await;

    // A message Meta later reports as failed for another reason shows in the topic, once.
    let last = d.wa.last_sent(WA_USER).unwrap();
    let status = d.wa.status_failed(&last.id, 131026, None);
    assert_eq!(d.wa.deliver(&d.url, &status).await, 200);
    assert_eq!(d.wa.deliver(&d.url, &status).await, 200);
    assert!(
        d.tg.wait_until(
            |f| f.thread_messages(GROUP, thread).iter().any(|m| m
                .text
                .as_deref()
                .is_some_and(|t| t.contains("gagal terkirim (kode 131026)"))),
            WAIT
        )
        .await,
        "{:#?}",
        topic_texts(&d, thread)
    );
    let rows = d.db.outbox_of(&wa_chat(&d.db).await).await.unwrap();
    let row = rows
        .iter()
        .find(|r| r.platform_id == Some(pandu::whatsapp::message_key(&last.id)))
        .unwrap();
    assert_eq!(row.platform_status.as_deref(), Some("failed"));
    tokio::time::sleep(Duration::from_millis(300)).await;
    let notes = topic_texts(&d, thread)
        .into_iter()
        .filter(|t| t.contains("kode 131026"))
        .count();
    assert_eq!(notes, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_after_25_hours_invites_the_user_back_then_arrives() {
    for b in BOTH {
        window_run(b, false).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_status_for_the_closed_window_holds_the_answer_too() {
    for b in BOTH {
        window_run(b, true).await;
    }
}
