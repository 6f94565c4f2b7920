//! WhatsApp's inbound side (issue 5, in progress), end to end against the fake Cloud API on
//! SQLite and PostgreSQL: the handshake, signatures, a KYC complaint walked with list and
//! button replies and two images, duplicate and batched deliveries, out-of-order statuses.

mod common;

use std::time::Duration;

use common::db::{BOTH, Backend};
use common::fake_whatsapp::{FakeWaUser, FakeWhatsApp};
use pandu::channels::ChannelsConfig;
use pandu::delivery::DeliveryConfig;
use pandu::delivery::limits::{Limits, Rate};
use pandu::service::Bot;
use pandu::store::{ChatKey, Store};
use pandu::whatsapp::WhatsAppConfig;

const WAIT: Duration = Duration::from_secs(30);

struct App {
    fake: FakeWhatsApp,
    db: pandu::store::Db,
    url: String,
    running: Option<pandu::channels::Running>,
    _fresh: common::db::Fresh,
}

impl Drop for App {
    fn drop(&mut self) {
        if let Some(r) = self.running.take() {
            r.stop();
        }
    }
}

/// The WhatsApp channel as the binary runs it, against the fake Cloud API.
pub fn wa_config(fake: &FakeWhatsApp) -> WhatsAppConfig {
    WhatsAppConfig {
        api_url: url::Url::parse(&fake.base_url()).unwrap(),
        version: fake.version().into(),
        phone_number_id: fake.phone_number_id().into(),
        token: fake.token().into(),
        app_secret: fake.app_secret().into(),
        verify_token: fake.verify_token().into(),
        path: "/whatsapp".into(),
        delivery: DeliveryConfig {
            limits: Limits {
                per_chat: Rate::new(50, Duration::from_millis(1)),
                per_group: Rate::new(50, Duration::from_millis(1)),
                global: Rate::new(1000, Duration::from_micros(10)),
            },
            poll_interval: Duration::from_millis(30),
            ..DeliveryConfig::telegram()
        },
        template: None,
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
    let url = format!("http://{}/whatsapp", running.addr.unwrap());
    App {
        db: fresh.db.clone(),
        fake,
        url,
        running: Some(running),
        _fresh: fresh,
    }
}

fn chat(wa_id: &str) -> ChatKey {
    ChatKey {
        channel: "whatsapp".into(),
        chat_id: wa_id.into(),
    }
}

/// Delivers a user's message, waits for all replies, returns their texts.
async fn send(app: &App, u: &FakeWaUser, msg: common::fake_whatsapp::WaInbound) -> String {
    let before = app.fake.sent(&u.wa_id).len();
    assert_eq!(app.fake.deliver(&app.url, &msg.payload).await, 200);
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let rows = app.db.outbox_of(&chat(&u.wa_id)).await.unwrap();
        if rows
            .iter()
            .all(|r| r.sent_at.is_some() || r.failed_at.is_some())
            && app.fake.sent(&u.wa_id).len() >= rows.iter().filter(|r| r.sent_at.is_some()).count()
        {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "{rows:#?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    app.fake.sent(&u.wa_id)[before..]
        .iter()
        .filter_map(|m| m.text.clone())
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn jpeg(size: usize) -> Vec<u8> {
    let mut v = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F', 0];
    v.resize(size, 0x11);
    v
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
    assert!(!app.db.seen("whatsapp", &m.wamid).await.unwrap());
    assert!(
        app.db
            .conversation(&chat(&u.wa_id))
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

    send(&app, &u, u.press("Pop-up belum berhasil")).await;
    send(&app, &u, u.press("4 kali")).await;
    let t = send(&app, &u, u.press("aduan")).await;
    assert!(t.contains("nama pelapor"), "{t}");
    for text in [
        "Uji Coba",
        "uji@puskesmas.example.id",
        "0812-3456-7890",
        "Siti Contoh",
        "3374015708900002",
        "siti@example.id",
    ] {
        send(&app, &u, u.text(text)).await;
    }
    send(&app, &u, u.image(jpeg(50_000), "image/jpeg")).await;
    let t = send(&app, &u, u.image(jpeg(40_000), "image/jpeg")).await;
    assert!(t.contains("Periksa data aduan"), "{t}");
    let t = send(&app, &u, u.press("Kirim aduan")).await;
    let cases = app.db.cases_of(&chat(&u.wa_id)).await.unwrap();
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
    let rows = app.db.outbox_of(&chat(&u.wa_id)).await.unwrap();
    let row = rows
        .iter()
        .find(|r| r.platform_id.as_deref() == Some(last.as_str()))
        .expect("the message's row");
    assert_eq!(row.platform_status.as_deref(), Some("read"));
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
