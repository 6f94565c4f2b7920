//! The real WhatsApp channel of pandu against the fake Cloud API: its settings, and a user's
//! messages delivered and answered.

use std::time::Duration;

use pandu::delivery::DeliveryConfig;
use pandu::delivery::limits::{Limits, Rate};
use pandu::store::{ChatKey, Db, Store};
use pandu::whatsapp::WhatsAppConfig;

use super::fake_whatsapp::{FakeWaUser, FakeWhatsApp, WaInbound};

/// Generous: CI machines are shared and slow. Waits end as soon as their condition holds.
pub const WAIT: Duration = Duration::from_secs(30);

/// The WhatsApp channel as the binary runs it, against the fake Cloud API, with test-sized
/// waits.
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
            backoff_base: Duration::from_millis(20),
            backoff_max: Duration::from_millis(300),
            ..DeliveryConfig::telegram()
        },
        template: None,
    }
}

/// The chat of the WhatsApp user at `wa_id`: its pseudonym (made now if the bot has not yet).
pub async fn chat(db: &Db, wa_id: &str) -> ChatKey {
    ChatKey {
        channel: "whatsapp".into(),
        chat_id: db.contact("whatsapp", wa_id).await.unwrap(),
    }
}

/// One WhatsApp user's side of a running pandu: the fake, the database, the webhook's URL.
pub struct WaSide<'a> {
    pub fake: &'a FakeWhatsApp,
    pub db: &'a Db,
    pub url: &'a str,
}

impl WaSide<'_> {
    /// Delivers a user's message, waits until every reply to them is delivered (or given
    /// up), and returns the texts (and captions) of the new messages they received.
    pub async fn send(&self, u: &FakeWaUser, msg: WaInbound) -> String {
        let before = self.fake.sent(&u.wa_id).len();
        assert_eq!(self.fake.deliver(self.url, &msg.payload).await, 200);
        self.settled(u).await;
        self.fake.sent(&u.wa_id)[before..]
            .iter()
            .filter_map(|m| m.text.clone())
            .collect::<Vec<_>>()
            .join("\n\n")
    }

    /// Waits until every committed reply to `u` is delivered (or given up).
    pub async fn settled(&self, u: &FakeWaUser) {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let rows = self
                .db
                .outbox_of(&chat(self.db, &u.wa_id).await)
                .await
                .unwrap();
            if rows
                .iter()
                .all(|r| r.sent_at.is_some() || r.failed_at.is_some())
                && self.fake.sent(&u.wa_id).len()
                    >= rows.iter().filter(|r| r.sent_at.is_some()).count()
            {
                return;
            }
            assert!(tokio::time::Instant::now() < deadline, "{rows:#?}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// From the KYC procedure's first question (after `/kyc`) to the complaint's review, with
    /// list and button replies and `images` as the screenshots; the complaint is filed by
    /// pressing "Kirim aduan" next.
    pub async fn kyc_complaint(&self, u: &FakeWaUser, images: [Vec<u8>; 2]) {
        self.send(u, u.press("Pop-up belum berhasil")).await;
        self.send(u, u.press("4 kali")).await;
        let t = self.send(u, u.press("aduan")).await;
        assert!(t.contains("meminta data pribadi"), "{t}");
        let t = self.send(u, u.press("Setuju")).await;
        assert!(t.contains("nama pelapor"), "{t}");
        for text in super::KYC_FORM {
            self.send(u, u.text(text)).await;
        }
        let [first, second] = images;
        self.send(u, u.image(first, "image/jpeg")).await;
        let t = self.send(u, u.image(second, "image/jpeg")).await;
        assert!(t.contains("Periksa data aduan"), "{t}");
    }
}

/// pandu with both channels, as the binary runs them, against both fake servers: an agents'
/// forum group `group` for `queue`, and `admin` registered as the desk's admin.
pub struct BothChannels {
    pub tg: super::fake_telegram::FakeTelegram,
    pub wa: FakeWhatsApp,
    pub db: Db,
    /// Where Meta's webhook posts go.
    pub url: String,
    running: Option<pandu::channels::Running>,
    _fresh: super::db::Fresh,
}

impl BothChannels {
    pub async fn start(
        backend: super::db::Backend,
        queue: pandu::dialog::model::Queue,
        group: i64,
        admin: i64,
        tweak: impl FnOnce(&mut WhatsAppConfig),
    ) -> BothChannels {
        let tg = super::fake_telegram::FakeTelegram::start().await;
        let wa = FakeWhatsApp::start().await;
        let fresh = super::db::fresh(backend).await;
        let mut telegram = super::telegram::fast_config(&tg);
        telegram.desk_admins = vec![admin.to_string()];
        telegram.desk_groups = vec![(queue, group.to_string())];
        telegram.desk_interval = Duration::from_millis(100);
        let mut whatsapp = wa_config(&wa);
        tweak(&mut whatsapp);
        let config = pandu::channels::ChannelsConfig {
            telegram: Some(telegram),
            whatsapp: Some(whatsapp),
            listen: "127.0.0.1:0".parse().unwrap(),
        };
        let bot = pandu::service::Bot::new(fresh.db.clone(), super::defs());
        let running = pandu::channels::start(config, bot)
            .await
            .expect("both channels start");
        let url = format!("http://{}/whatsapp", running.addr);
        BothChannels {
            tg,
            wa,
            db: fresh.db.clone(),
            url,
            running: Some(running),
            _fresh: fresh,
        }
    }

    /// The WhatsApp side, for sending a user's messages and waiting for the answers.
    pub fn side(&self) -> WaSide<'_> {
        WaSide {
            fake: &self.wa,
            db: &self.db,
            url: &self.url,
        }
    }
}

impl Drop for BothChannels {
    fn drop(&mut self) {
        if let Some(r) = self.running.take() {
            r.stop();
        }
    }
}
