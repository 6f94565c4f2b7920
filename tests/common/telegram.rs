//! The real Telegram channel of pandu, started in-process against the fake Bot API server.

use std::time::Duration;

use pandu::channels::{ChannelsConfig, Running};
use pandu::delivery::limits::{Limits, Rate};
use pandu::dialog::Conversation;
use pandu::service::Bot;
use pandu::store::{ChatKey, Db, OutboxItem, Store};
use pandu::telegram::{TelegramConfig, WebhookConfig};

use super::db::{self, Backend};
use super::fake_telegram::FakeTelegram;

/// Generous: CI machines are shared and slow. Waits end as soon as their condition holds.
pub const WAIT: Duration = Duration::from_secs(30);

/// Telegram's behaviour with test-sized numbers: no long waits between messages.
pub fn fast_config(fake: &FakeTelegram) -> TelegramConfig {
    let mut c = TelegramConfig::new(fake.token(), url::Url::parse(&fake.api_url()).unwrap());
    c.poll_timeout = Duration::from_secs(1);
    c.delivery.limits = Limits {
        per_chat: Rate::new(50, Duration::from_millis(1)),
        per_group: Rate::new(20, Duration::from_millis(1)),
        global: Rate::new(10_000, Duration::from_micros(10)),
    };
    c.delivery.poll_interval = Duration::from_millis(50);
    c.delivery.backoff_base = Duration::from_millis(20);
    c.delivery.backoff_max = Duration::from_millis(300);
    c
}

pub struct App {
    pub fake: FakeTelegram,
    pub fresh: db::Fresh,
    pub running: Option<Running>,
    pub config: TelegramConfig,
}

impl App {
    /// pandu in long-polling mode on a fresh database of `backend`.
    pub async fn start(backend: Backend) -> App {
        Self::start_with(backend, |_| {}).await
    }

    pub async fn start_with(backend: Backend, tweak: impl FnOnce(&mut TelegramConfig)) -> App {
        // `RUST_LOG=pandu=debug cargo test ...` shows the channel's log.
        if std::env::var("RUST_LOG").is_ok() {
            let _ = tracing_subscriber::fmt()
                .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
                .with_test_writer()
                .try_init();
        }
        let fake = FakeTelegram::start().await;
        let fresh = db::fresh(backend).await;
        let mut config = fast_config(&fake);
        tweak(&mut config);
        let mut app = App {
            fake,
            fresh,
            running: None,
            config,
        };
        app.run().await;
        app
    }

    /// pandu in webhook mode: Telegram is told a public URL; the test posts to the local one.
    pub async fn start_webhook(backend: Backend, secret: &str) -> App {
        Self::start_with(backend, |c| {
            c.webhook = Some(WebhookConfig {
                public_url: url::Url::parse("https://pandu.example.org/telegram/hook").unwrap(),
                secret: secret.into(),
            })
        })
        .await
    }

    async fn run(&mut self) {
        let bot = Bot::new(self.fresh.db.clone(), super::defs());
        let config = ChannelsConfig {
            telegram: Some(self.config.clone()),
            whatsapp: None,
            listen: "127.0.0.1:0".parse().unwrap(),
        };
        let running = pandu::channels::start(config, bot)
            .await
            .expect("Telegram channel starts");
        self.running = Some(running);
    }

    /// Where the webhook server listens (webhook mode).
    pub fn webhook_url(&self) -> String {
        self.http_url("/telegram/hook")
    }

    /// `path` on pandu's HTTP server.
    pub fn http_url(&self, path: &str) -> String {
        let addr = self.running.as_ref().map(|r| r.addr).expect("running");
        format!("http://{addr}{path}")
    }

    /// GET `path` on pandu's HTTP server: the status and the body.
    pub async fn http_get(&self, path: &str) -> (u16, String) {
        let resp = reqwest::get(self.http_url(path))
            .await
            .expect("HTTP server answers");
        let status = resp.status().as_u16();
        (status, resp.text().await.unwrap_or_default())
    }

    /// Stops every task at once, as a crash would, and starts again on the same database.
    pub async fn restart(&mut self) {
        if let Some(r) = self.running.take() {
            r.stop();
        }
        // Let aborted tasks drop their connections.
        tokio::time::sleep(Duration::from_millis(50)).await;
        self.fresh.db = crate::common::db::connect(&self.fresh.url).await;
        self.run().await;
    }

    /// Stops, and starts again on the same database with other data keys (`id:base64,...`).
    pub async fn restart_with_keys(&mut self, keys: &str) {
        self.stop().await;
        let vault = pandu::vault::Vault::parse(keys).expect("test keys");
        self.fresh.db = Db::connect(&self.fresh.url, std::sync::Arc::new(vault))
            .await
            .unwrap();
        self.run().await;
    }

    /// Stops every task at once (the database stays).
    pub async fn stop(&mut self) {
        if let Some(r) = self.running.take() {
            r.stop();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    pub fn db(&self) -> &Db {
        &self.fresh.db
    }

    pub async fn conversation(&self, chat_id: i64) -> Option<Conversation> {
        self.db().conversation(&chat(chat_id)).await.unwrap()
    }

    pub async fn outbox(&self, chat_id: i64) -> Vec<OutboxItem> {
        self.db().outbox_of(&chat(chat_id)).await.unwrap()
    }

    pub async fn step(&self, chat_id: i64) -> Option<String> {
        self.conversation(chat_id)
            .await
            .and_then(|c| c.active.map(|a| a.step))
    }

    /// Waits until every committed reply of the chat is delivered (or given up).
    pub async fn settled(&self, chat_id: i64) {
        settled_in(self.db(), &chat(chat_id)).await;
    }
}

/// Waits until the chat (`chat_id`, or `chat_id:thread` for a topic) has replies and every one
/// is delivered (or given up); returns them.
pub async fn settled_in(db: &Db, chat: &ChatKey) -> Vec<OutboxItem> {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let rows = db.outbox_of(chat).await.unwrap();
        if !rows.is_empty()
            && rows
                .iter()
                .all(|r| r.sent_at.is_some() || r.failed_at.is_some())
        {
            return rows;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "outbox of chat {} not delivered: {rows:?}",
            chat.chat_id
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

impl Drop for App {
    fn drop(&mut self) {
        if let Some(r) = self.running.take() {
            r.stop();
        }
    }
}

/// Waits until the update is committed.
pub async fn committed(app: &App, update_id: i64) {
    committed_in(app.db(), update_id).await;
}

/// Waits until the update is committed to `db`.
pub async fn committed_in(db: &Db, update_id: i64) {
    let deadline = tokio::time::Instant::now() + WAIT;
    while !db.seen("telegram", &update_id.to_string()).await.unwrap() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "update {update_id} never handled"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

pub fn chat(chat_id: i64) -> ChatKey {
    ChatKey {
        channel: "telegram".into(),
        chat_id: chat_id.to_string(),
    }
}

/// A small valid JPEG header followed by filler: enough for type sniffing.
pub fn jpeg(size: usize) -> Vec<u8> {
    let mut v = vec![
        0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0,
    ];
    v.resize(size.max(v.len()), 0x11);
    v
}

pub fn png(size: usize) -> Vec<u8> {
    let mut v = b"\x89PNG\r\n\x1a\n".to_vec();
    v.resize(size.max(v.len()), 0);
    v
}

pub fn pdf(size: usize) -> Vec<u8> {
    let mut v = b"%PDF-1.7\n".to_vec();
    v.resize(size.max(v.len()), b' ');
    v
}

/// The real `pandu` binary, polling the fake Bot API with test-sized waits; its log goes to
/// `log`. `env` adds or overrides settings.
pub struct Proc {
    pub child: tokio::process::Child,
}

impl Proc {
    pub async fn spawn(
        fake: &FakeTelegram,
        db_url: &str,
        log: &std::path::Path,
        env: &[(&str, &str)],
    ) -> Proc {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .unwrap();
        let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_pandu"));
        cmd.arg("run")
            .env("DATABASE_URL", db_url)
            .env("PANDU_DATA_KEYS", crate::common::db::TEST_KEYS)
            .env("TELOXIDE_TOKEN", fake.token())
            .env("PANDU_WEBHOOK_LISTEN", "127.0.0.1:0")
            .env("TELOXIDE_API_URL", fake.api_url())
            .env("PANDU_TELEGRAM_POLL_SECONDS", "1")
            .env("PANDU_TELEGRAM_CHAT_INTERVAL_MS", "1")
            .env("PANDU_TELEGRAM_CHAT_BURST", "50")
            .env("PANDU_TELEGRAM_GLOBAL_PER_SECOND", "100000")
            .env("PANDU_TELEGRAM_BACKOFF_MS", "20")
            // A killed process's chats and claims are taken over quickly (PostgreSQL).
            .env("PANDU_CLAIM_LEASE_SECONDS", "2")
            .env("RUST_LOG", "warn")
            .env_remove("PANDU_WEBHOOK_URL")
            .env_remove("WHATSAPP_TOKEN");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = cmd
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::from(log))
            .kill_on_drop(true)
            .spawn()
            .expect("the pandu binary starts");
        Proc { child }
    }

    /// SIGKILL: no shutdown code runs.
    pub async fn kill(mut self) {
        self.child.start_kill().expect("kill");
        let _ = self.child.wait().await;
    }

    /// SIGTERM: a graceful stop.
    pub fn terminate(&self) {
        let pid = self.child.id().expect("running");
        let sent = std::process::Command::new("kill")
            .args(["-TERM", &pid.to_string()])
            .status()
            .expect("kill(1)");
        assert!(sent.success());
    }
}

const NAMES: [&str; 5] = [
    "Uji Coba",
    "Ani Lestari",
    "Budi Santoso",
    "Dewi Anggraini",
    "Rina Wulandari",
];

/// Chat `i`'s messages: the KYC procedure to the screenshot step, typed like a phone user
/// would (option numbers), with a wrong NIK in every other chat.
pub fn script(i: i64) -> Vec<String> {
    let mut s: Vec<String> = vec![
        "/kyc".into(),
        "1".into(),
        "5".into(),
        "2".into(),
        // The personal-data notice: agreed.
        "1".into(),
        NAMES[(i % 5) as usize].into(),
        format!("pelapor{i}@puskesmas.example.id"),
        format!("0812-3456-{:04}", 1000 + i),
        "Siti Contoh".into(),
    ];
    if i % 2 == 1 {
        s.push("3374011713900001".into());
    }
    s.push("3374015708900002".into());
    s.push("siti@example.id".into());
    s
}

/// What the dialog core answers to the script, message by message (the reference run).
pub fn expected(i: i64) -> Vec<String> {
    replies_to(&script(i))
}

/// What the dialog core answers to `lines`, message by message (the reference run).
pub fn replies_to(lines: &[String]) -> Vec<String> {
    let mut sim = super::Sim::first_time();
    let mut out = Vec::new();
    for line in lines {
        sim.say(line);
        out.extend(sim.last.iter().map(|r| r.text.clone()));
    }
    out
}

/// Checks that `got`, the texts Telegram accepted for chat `chat_id` in order, are `rows`'
/// replies, each once and in order; only a reply whose request was under way at a crash may
/// be there again (at most its `uncertain_resends` times). Returns how many such copies came.
pub fn delivered_once_in_order(
    chat_id: i64,
    rows: &[pandu::store::OutboxItem],
    got: &[String],
) -> u32 {
    let mut k = 0;
    let mut again = 0;
    for r in rows {
        assert_eq!(
            got.get(k),
            Some(&r.reply.text),
            "chat {chat_id}: reply {} missing or out of order; got {got:#?}",
            r.id
        );
        k += 1;
        for _ in 0..r.uncertain_resends {
            if got.get(k) == Some(&r.reply.text) {
                again += 1;
                k += 1;
            }
        }
    }
    assert_eq!(
        k,
        got.len(),
        "chat {chat_id}: extra messages {:#?}",
        &got[k..]
    );
    again
}
