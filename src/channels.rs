//! The chat channels, started together: one HTTP server for Telegram's webhook and Meta's
//! WhatsApp webhook, an outbox worker per platform, and one wake-up for all of them, since a
//! commit in one channel can be a delivery in another (an agent answers a WhatsApp user from
//! the Telegram desk).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use std::sync::atomic::Ordering;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use tokio::sync::Notify;
use tokio::task::JoinHandle;

use crate::delivery::{Delivery, Stop, Wake};
use crate::media::MediaSources;
use crate::service::Bot;
use crate::store::Store;
use crate::telegram::{self, Telegram, TelegramConfig, TelegramError, TelegramTransport};
use crate::whatsapp::channel::{self as wa_channel, WhatsApp};
use crate::whatsapp::transport::WaTransport;
use crate::whatsapp::{WhatsAppConfig, WhatsAppError};

/// The operations paths on the HTTP server: the process is alive; it can do its work (database
/// reachable with every migration, channels running); Prometheus figures.
pub const HEALTH_PATH: &str = "/healthz";
pub const READY_PATH: &str = "/readyz";
pub const METRICS_PATH: &str = "/metrics";

#[derive(Debug, thiserror::Error)]
pub enum ChannelError {
    #[error("configuration: {0}")]
    Config(String),
    #[error("Telegram: {0}")]
    Telegram(#[from] TelegramError),
    #[error("WhatsApp: {0}")]
    WhatsApp(#[from] WhatsAppError),
    #[error("HTTP server: {0}")]
    Listen(#[from] std::io::Error),
}

/// Which channels run, and where the HTTP server listens.
#[derive(Debug, Clone)]
pub struct ChannelsConfig {
    pub telegram: Option<TelegramConfig>,
    pub whatsapp: Option<WhatsAppConfig>,
    /// The HTTP server (`PANDU_WEBHOOK_LISTEN`): webhooks, health, readiness and metrics.
    pub listen: SocketAddr,
}

impl ChannelsConfig {
    /// From the environment: each channel's settings, and `PANDU_WEBHOOK_LISTEN`.
    pub fn from_env() -> Result<ChannelsConfig, ChannelError> {
        let listen = std::env::var("PANDU_WEBHOOK_LISTEN")
            .ok()
            .filter(|v| !v.trim().is_empty())
            .unwrap_or_else(|| "0.0.0.0:8080".into())
            .trim()
            .parse()
            .map_err(|_| ChannelError::Config("PANDU_WEBHOOK_LISTEN must be host:port".into()))?;
        let mut config = ChannelsConfig {
            telegram: TelegramConfig::from_env()?,
            whatsapp: WhatsAppConfig::from_env()?,
            listen,
        };
        if let Some(lease) = lease_from_env()? {
            for delivery in config
                .telegram
                .iter_mut()
                .map(|c| &mut c.delivery)
                .chain(config.whatsapp.iter_mut().map(|c| &mut c.delivery))
            {
                delivery.lease = lease;
            }
        }
        Ok(config)
    }

    /// No chat channel is configured (the console runs instead).
    pub fn is_empty(&self) -> bool {
        self.telegram.is_none() && self.whatsapp.is_none()
    }

    /// The paths the HTTP server answers, checked to be distinct.
    fn paths(&self) -> Result<Vec<&str>, ChannelError> {
        let mut paths = vec![HEALTH_PATH, READY_PATH, METRICS_PATH];
        if let Some(w) = self.telegram.as_ref().and_then(|t| t.webhook.as_ref()) {
            paths.push(if w.public_url.path().is_empty() {
                "/"
            } else {
                w.public_url.path()
            });
        }
        if let Some(w) = &self.whatsapp {
            paths.push(&w.path);
        }
        for (i, p) in paths.iter().enumerate() {
            if paths[..i].contains(p) {
                return Err(ChannelError::Config(format!(
                    "two webhooks (or the health check) on the same path {p}: set PANDU_WEBHOOK_URL's path and PANDU_WHATSAPP_PATH apart"
                )));
            }
        }
        Ok(paths)
    }
}

/// `PANDU_CLAIM_LEASE_SECONDS`: with several processes on one PostgreSQL, how soon the others
/// take over the chats and the replies under way of a process that died (default 15).
fn lease_from_env() -> Result<Option<Duration>, ChannelError> {
    match std::env::var("PANDU_CLAIM_LEASE_SECONDS") {
        Ok(v) if !v.trim().is_empty() => v
            .trim()
            .parse::<u64>()
            .ok()
            .filter(|n| *n > 0)
            .map(|n| Some(Duration::from_secs(n)))
            .ok_or_else(|| {
                ChannelError::Config(
                    "PANDU_CLAIM_LEASE_SECONDS must be a whole number above 0".into(),
                )
            }),
        _ => Ok(None),
    }
}

/// How long a shutdown may take (`PANDU_SHUTDOWN_SECONDS`, default 10): after it, what is left
/// is stopped (the outbox keeps it for the next start).
pub fn shutdown_grace_from_env() -> Result<Duration, ChannelError> {
    match std::env::var("PANDU_SHUTDOWN_SECONDS") {
        Ok(v) if !v.trim().is_empty() => {
            v.trim()
                .parse::<u64>()
                .map(Duration::from_secs)
                .map_err(|_| {
                    ChannelError::Config("PANDU_SHUTDOWN_SECONDS must be a whole number".into())
                })
        }
        _ => Ok(Duration::from_secs(10)),
    }
}

/// The tasks of the running channels: those that take messages in (polling, the HTTP server)
/// and those that deliver (the outbox workers) finish their work when told to stop, in that
/// order; the others are simply stopped.
pub(crate) struct Tasks {
    intake: Vec<JoinHandle<()>>,
    delivery: Vec<JoinHandle<()>>,
    aborted: Vec<JoinHandle<()>>,
    /// Set to stop taking messages in.
    pub(crate) stop_intake: Stop,
    /// Set, once intake has stopped, to deliver what can go and stop.
    pub(crate) stop_delivery: Stop,
    switches: [tokio::sync::watch::Sender<bool>; 2],
}

impl Tasks {
    fn new() -> Tasks {
        let (intake_switch, stop_intake) = Stop::new();
        let (delivery_switch, stop_delivery) = Stop::new();
        Tasks {
            intake: Vec::new(),
            delivery: Vec::new(),
            aborted: Vec::new(),
            stop_intake,
            stop_delivery,
            switches: [intake_switch, delivery_switch],
        }
    }

    pub(crate) fn intake(&mut self, task: JoinHandle<()>) {
        self.intake.push(task);
    }

    pub(crate) fn delivery(&mut self, task: JoinHandle<()>) {
        self.delivery.push(task);
    }

    pub(crate) fn abort(&mut self, task: JoinHandle<()>) {
        self.aborted.push(task);
    }

    fn abort_all(&self) {
        self.intake
            .iter()
            .chain(&self.delivery)
            .chain(&self.aborted)
            .for_each(JoinHandle::abort);
    }
}

/// Waits until every task has finished, or `deadline`; false when the deadline came first.
async fn finished(tasks: &[JoinHandle<()>], deadline: tokio::time::Instant) -> bool {
    tokio::time::timeout_at(deadline, async {
        while !tasks.iter().all(JoinHandle::is_finished) {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await
    .is_ok()
}

/// The running channels.
pub struct Running {
    /// Where the HTTP server listens.
    pub addr: SocketAddr,
    tasks: Tasks,
}

impl Running {
    /// Stops every task at once, as a crash would. Nothing is lost: what was not committed is
    /// delivered again by the platforms, and what was committed but not sent is still in the
    /// outbox.
    pub fn stop(self) {
        self.tasks.abort_all();
    }

    /// Stops taking new messages (polling stops and acknowledges what it handled; the HTTP
    /// server takes no new connections and answers the requests under way), then delivers the
    /// replies that can go now, and stops whatever is left when `grace` has passed. True when
    /// everything finished in time.
    pub async fn shutdown(self, grace: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + grace;
        let [intake, delivery] = &self.tasks.switches;
        let _ = intake.send(true);
        let mut clean = finished(&self.tasks.intake, deadline).await;
        let _ = delivery.send(true);
        clean &= finished(&self.tasks.delivery, deadline).await;
        self.tasks.abort_all();
        clean
    }
}

/// What the operations endpoints look at.
#[derive(Clone)]
struct Ops {
    bot: Bot,
    telegram: Option<Arc<Telegram>>,
}

/// 200 when pandu can do its work; 503 with the reasons (one per line) when not.
async fn readyz(State(ops): State<Ops>) -> (StatusCode, String) {
    let mut problems = Vec::new();
    match ops.bot.db.schema_current().await {
        Ok(true) => {}
        Ok(false) => problems.push("database: migrations missing (run `pandu migrate`)"),
        Err(e) => {
            tracing::warn!(error = %e, "readiness: database unreachable");
            problems.push("database: unreachable");
        }
    }
    if ops
        .telegram
        .as_ref()
        .is_some_and(|t| t.polling_stopped.load(Ordering::Relaxed))
    {
        problems.push("telegram: polling stopped, another process polls with this bot token");
    }
    if problems.is_empty() {
        (StatusCode::OK, "ready\n".into())
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, problems.join("\n") + "\n")
    }
}

async fn metrics(State(ops): State<Ops>) -> axum::response::Response {
    use axum::response::IntoResponse;
    match crate::metrics::render(&ops.bot.db, chrono::Utc::now()).await {
        Ok(body) => (
            [(
                axum::http::header::CONTENT_TYPE,
                "text/plain; version=0.0.4; charset=utf-8",
            )],
            body,
        )
            .into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "metrics: database unreachable");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

/// Starts the configured channels.
pub async fn start(config: ChannelsConfig, bot: Bot) -> Result<Running, ChannelError> {
    config.paths()?;
    // One set of clients that fetch files, so that each transport can send the other
    // channel's files (a WhatsApp user's screenshot in the agents' Telegram topic).
    let media = Arc::new(MediaSources::new(
        config
            .telegram
            .as_ref()
            .map(|c| telegram::api::Api::new(c.api_url.clone(), c.token.clone())),
        config.whatsapp.as_ref().map(WhatsAppConfig::graph),
    ));
    let tg_delivery = config.telegram.as_ref().map(|c| {
        let api = telegram::api::Api::new(c.api_url.clone(), c.token.clone());
        Delivery::new(
            bot.db.clone(),
            Arc::new(TelegramTransport::new(api, Arc::clone(&media))),
            c.delivery.clone(),
        )
    });
    let wa_delivery = config.whatsapp.as_ref().map(|c| {
        Delivery::new(
            bot.db.clone(),
            Arc::new(
                WaTransport::new(c.graph(), Arc::clone(&media), bot.db.clone())
                    .with_template(c.template.clone()),
            ),
            c.delivery.clone(),
        )
    });
    let desk_wake = Arc::new(Notify::new());
    let wake = Wake::new(
        tg_delivery
            .iter()
            .map(Delivery::waker)
            .chain(wa_delivery.iter().map(Delivery::waker)),
    )
    .with_desk(Arc::clone(&desk_wake));

    let mut tasks = Tasks::new();
    let mut routes = Router::new();
    let mut telegram = None;
    if let (Some(c), Some(delivery)) = (&config.telegram, tg_delivery) {
        let api = telegram::api::Api::new(c.api_url.clone(), c.token.clone());
        let tg = Telegram::new(api, bot.clone(), wake.clone(), Arc::clone(&desk_wake));
        tg.launch(c, delivery, &mut tasks).await;
        if let Some(w) = &c.webhook {
            routes = routes.merge(tg.webhook_routes(w));
        }
        telegram = Some(tg);
    }
    if let (Some(c), Some(delivery)) = (&config.whatsapp, wa_delivery) {
        let wa = Arc::new(WhatsApp::new(
            c.graph(),
            bot.clone(),
            c.app_secret.clone(),
            c.verify_token.clone(),
            wake.clone(),
        ));
        routes = routes.merge(wa_channel::router(wa, &c.path));
        tasks.delivery(tokio::spawn(
            delivery.run_until(tasks.stop_delivery.clone()),
        ));
    }
    let ops = Ops {
        bot: bot.clone(),
        telegram: telegram.clone(),
    };
    let routes = routes.merge(
        Router::new()
            .route(HEALTH_PATH, get(|| async { "ok" }))
            .route(READY_PATH, get(readyz))
            .route(METRICS_PATH, get(metrics))
            .with_state(ops),
    );
    let listener = match tokio::net::TcpListener::bind(config.listen).await {
        Ok(l) => l,
        Err(e) => {
            tasks.abort_all();
            return Err(e.into());
        }
    };
    let addr = listener.local_addr()?;
    let mut server_stop = tasks.stop_intake.clone();
    tasks.intake(tokio::spawn(async move {
        let served = axum::serve(listener, routes)
            .with_graceful_shutdown(async move { server_stop.wait().await })
            .await;
        if let Err(e) = served {
            tracing::error!(error = %e, "the HTTP server stopped");
        }
    }));
    tracing::info!(%addr, "HTTP server listening (webhooks, /healthz, /readyz, /metrics)");
    if let (Some(tg), Some(w)) = (
        &telegram,
        config.telegram.as_ref().and_then(|c| c.webhook.as_ref()),
    ) && let Err(e) = tg.set_webhook(w).await
    {
        tasks.abort_all();
        return Err(e.into());
    }
    Ok(Running { addr, tasks })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whatsapp(path: &str) -> WhatsAppConfig {
        WhatsAppConfig {
            api_url: url::Url::parse("http://127.0.0.1:1").unwrap(),
            version: "v21.0".into(),
            phone_number_id: "1".into(),
            token: "t".into(),
            app_secret: "s".into(),
            verify_token: "v".into(),
            path: path.into(),
            delivery: crate::delivery::DeliveryConfig::telegram(),
            template: None,
        }
    }

    #[test]
    fn two_webhooks_on_one_path_are_refused_before_anything_starts() {
        let mut tg = TelegramConfig::new("1:x", url::Url::parse("http://127.0.0.1:1").unwrap());
        tg.webhook = Some(telegram::WebhookConfig {
            public_url: url::Url::parse("https://bot.example.org/hook").unwrap(),
            secret: "s".into(),
        });
        let mut config = ChannelsConfig {
            telegram: Some(tg),
            whatsapp: Some(whatsapp("/hook")),
            listen: "127.0.0.1:0".parse().unwrap(),
        };
        assert!(matches!(config.paths(), Err(ChannelError::Config(_))));
        config.whatsapp = Some(whatsapp(HEALTH_PATH));
        assert!(matches!(config.paths(), Err(ChannelError::Config(_))));
        config.whatsapp = Some(whatsapp("/whatsapp"));
        assert_eq!(
            config.paths().unwrap(),
            ["/healthz", "/readyz", "/metrics", "/hook", "/whatsapp"]
        );
    }
}
