//! WhatsApp's inbound side (issue 5, in progress), end to end against the fake Cloud API on
//! SQLite and PostgreSQL: the handshake, signatures, a KYC complaint walked with list and
//! button replies and two images, duplicate and batched deliveries, out-of-order statuses.

mod common;

use std::time::Duration;

use common::db::{BOTH, Backend};
use common::fake_whatsapp::{FakeWaUser, FakeWhatsApp};
use common::telegram::jpeg;
use common::whatsapp::{WAIT, WaSide, chat, wa_config};
use pandu::channels::ChannelsConfig;
use pandu::service::Bot;
use pandu::store::Store;

struct App {
    fake: FakeWhatsApp,
    db: pandu::store::Db,
    url: String,
    running: Option<pandu::channels::Running>,
    fresh: common::db::Fresh,
}

impl Drop for App {
    fn drop(&mut self) {
        if let Some(r) = self.running.take() {
            r.stop();
        }
    }
}

async fn app(backend: Backend) -> App {
    let fake = FakeWhatsApp::start().await;
    let fresh = common::db::fresh(backend).await;
    let config = ChannelsConfig {
        telegram: None,
        whatsapp: Some(wa_config(&fake)),
        listen: "127.0.0.1:0".parse().unwrap(),
    };
    let running = pandu::channels::start(config, Bot::new(fresh.db.clone(), common::defs()))
        .await
        .unwrap();
    let url = format!("http://{}/whatsapp", running.addr);
    App {
        db: fresh.db.clone(),
        fake,
        url,
        running: Some(running),
        fresh,
    }
}

impl App {
    fn side(&self) -> WaSide<'_> {
        WaSide {
            fake: &self.fake,
            db: &self.db,
            url: &self.url,
        }
    }
}

/// Delivers a user's message, waits for all replies, returns their texts.
async fn send(app: &App, u: &FakeWaUser, msg: common::fake_whatsapp::WaInbound) -> String {
    app.side().send(u, msg).await
}

async fn walk(backend: Backend) {
    let app = app(backend).await;
    let fake = &app.fake;
    // The handshake.
    let (status, body) = fake
        .verify(&app.url, "subscribe", fake.verify_token(), "8301")
        .await;
    assert_eq!((status, body.as_str()), (200, "8301"));
    assert_eq!(
        fake.verify(&app.url, "subscribe", "salah", "1").await.0,
        403
    );

    let u = fake.user("628123450001", "Uji Coba");
    // A bad signature and a malformed body: refused, nothing stored.
    let m = u.text("/kyc");
    let raw = serde_json::to_vec(&m.payload).unwrap();
    assert_eq!(
        fake.deliver_with_signature(&app.url, &raw, Some("sha256=00"))
            .await,
        401
    );
    assert_eq!(fake.deliver_with_signature(&app.url, &raw, None).await, 401);
    let junk = b"{\"object\": \"whatsapp_business_account\", \"entry\": [";
    let signed = fake.sign(junk);
    assert_eq!(
        fake.deliver_with_signature(&app.url, junk, Some(&signed))
            .await,
        400
    );
    assert!(
        !app.db
            .seen("whatsapp", &pandu::whatsapp::message_key(&m.wamid))
            .await
            .unwrap()
    );
    assert!(
        app.db
            .conversation(&chat(&app.db, &u.wa_id).await)
            .await
            .unwrap()
            .is_none()
    );

    // The KYC complaint with list and button replies.
    let t = send(&app, &u, m.clone()).await;
    assert!(t.contains("Langkah 1 dari"), "{t}");
    // Delivered twice: one answer.
    let count = fake.sent(&u.wa_id).len();
    assert_eq!(fake.deliver(&app.url, &m.payload).await, 200);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(fake.sent(&u.wa_id).len(), count);

    app.side()
        .kyc_complaint(&u, [jpeg(50_000), jpeg(40_000)])
        .await;
    let t = send(&app, &u, u.press("Kirim aduan")).await;
    let cases = app
        .db
        .cases_of(&chat(&app.db, &u.wa_id).await)
        .await
        .unwrap();
    assert_eq!(cases.len(), 1);
    assert!(t.contains(&cases[0].reference), "{t}");
    assert_eq!(cases[0].attachments.len(), 2);
    assert!(cases[0].attachments.iter().all(|a| a.size > 0));

    // Three messages from two users in one delivery.
    let v = fake.user("628123450002", "Ani Lestari");
    let batch = fake.batch(vec![v.text("/start"), u.text("/status"), v.text("/kyc")]);
    assert_eq!(fake.deliver(&app.url, &batch).await, 200);
    assert!(
        fake.wait_until(|f| f.sent("628123450002").len() >= 2, WAIT)
            .await
    );
    // Statuses out of order: "read" then a late "delivered" leaves "read".
    let last = fake.sent(&u.wa_id).last().unwrap().id.clone();
    let read = fake.status_update(&last, "read");
    let delivered = fake.status_update(&last, "delivered");
    assert_eq!(fake.deliver(&app.url, &read).await, 200);
    assert_eq!(fake.deliver(&app.url, &delivered).await, 200);
    let rows = app
        .db
        .outbox_of(&chat(&app.db, &u.wa_id).await)
        .await
        .unwrap();
    let row = rows
        .iter()
        .find(|r| r.platform_id == Some(pandu::whatsapp::message_key(&last)))
        .expect("the message's row");
    assert_eq!(row.platform_status.as_deref(), Some("read"));

    // At rest: neither user's number nor what they typed is in the database in plaintext (the
    // chats are known by pseudonyms), and the bot still knows where to send.
    let mut needles = vec!["628123450001", "8123450001", "628123450002", "8123450002"];
    needles.extend(common::KYC_FORM.iter().filter(|v| !v.contains(' ')));
    needles.push("81234567890");
    let found = common::db::plaintext_at_rest(backend, &app.fresh.url, &needles).await;
    assert!(found.is_empty(), "{backend:?}: {found:?}");
    let pseudonym = chat(&app.db, &u.wa_id).await.chat_id;
    assert!(!pseudonym.contains("8123450001"), "{pseudonym}");
    assert_eq!(
        app.db
            .address_of("whatsapp", &pseudonym)
            .await
            .unwrap()
            .as_deref(),
        Some("628123450001")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kyc_complaint_on_whatsapp() {
    for b in BOTH {
        walk(b).await;
    }
}

/// `WHATSAPP_TOKEN` and its companions start the binary on WhatsApp.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_serves_whatsapp() {
    let fake = FakeWhatsApp::start().await;
    let fresh = common::db::fresh(Backend::Sqlite).await;
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_pandu"))
        .env("DATABASE_URL", &fresh.url)
        .env("PANDU_DATA_KEYS", common::db::TEST_KEYS)
        .env_remove("TELOXIDE_TOKEN")
        .env("WHATSAPP_TOKEN", fake.token())
        .env("WHATSAPP_PHONE_NUMBER_ID", fake.phone_number_id())
        .env("WHATSAPP_APP_SECRET", fake.app_secret())
        .env("WHATSAPP_VERIFY_TOKEN", fake.verify_token())
        .env("WHATSAPP_API_URL", fake.base_url())
        .env("WHATSAPP_API_VERSION", fake.version())
        .env("PANDU_WEBHOOK_LISTEN", format!("127.0.0.1:{port}"))
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let url = format!("http://127.0.0.1:{port}/whatsapp");
    // Wait for the server.
    let deadline = tokio::time::Instant::now() + WAIT;
    while fake
        .verify(&url, "subscribe", fake.verify_token(), "1")
        .await
        .0
        != 200
    {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the binary never listened"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let u = fake.user("628123450009", "Uji Coba");
    assert_eq!(fake.deliver(&url, &u.text("/start").payload).await, 200);
    assert!(fake.wait_for_sent("628123450009", 1, WAIT).await);
    let first = fake.sent("628123450009")[0]
        .text
        .clone()
        .unwrap_or_default();
    assert!(first.contains("Menu utama"), "{first}");
    child.start_kill().unwrap();
    let _ = child.wait().await;
}
