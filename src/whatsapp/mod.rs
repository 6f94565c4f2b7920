//! The WhatsApp Business Cloud API channel (issue 5, in progress): what Meta's webhook
//! delivers (`webhook`), how replies are drawn within WhatsApp's limits (`render`), the Graph
//! API client (`api`) and the outbox transport (`transport`). The HTTP endpoint and the
//! 24-hour window come next.

pub mod api;
pub mod channel;
pub mod render;
pub mod transport;
pub mod webhook;

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::task::JoinHandle;
use url::Url;

use crate::delivery::{Delivery, DeliveryConfig};
use crate::service::Bot;

#[derive(Debug, thiserror::Error)]
pub enum WhatsAppError {
    #[error("configuration: {0}")]
    Config(String),
    #[error("webhook server: {0}")]
    Listen(#[from] std::io::Error),
}

/// The Cloud API settings.
#[derive(Clone)]
pub struct WhatsAppConfig {
    pub api_url: Url,
    pub version: String,
    pub phone_number_id: String,
    pub token: String,
    pub app_secret: String,
    pub verify_token: String,
    /// Where the webhook server listens, and the path Meta posts to.
    pub listen: SocketAddr,
    pub path: String,
    pub delivery: DeliveryConfig,
}

impl std::fmt::Debug for WhatsAppConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WhatsAppConfig")
            .field("api_url", &self.api_url.as_str())
            .field("version", &self.version)
            .field("listen", &self.listen)
            .field("path", &self.path)
            .field("token", &"[hidden]")
            .field("app_secret", &"[hidden]")
            .finish()
    }
}

impl WhatsAppConfig {
    /// From `WHATSAPP_TOKEN` (none: no WhatsApp), `WHATSAPP_PHONE_NUMBER_ID`,
    /// `WHATSAPP_APP_SECRET`, `WHATSAPP_VERIFY_TOKEN`, `WHATSAPP_API_URL`,
    /// `WHATSAPP_API_VERSION`, `PANDU_WHATSAPP_LISTEN` and `PANDU_WHATSAPP_PATH`.
    pub fn from_env() -> Result<Option<WhatsAppConfig>, WhatsAppError> {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        let Some(token) = var("WHATSAPP_TOKEN") else {
            return Ok(None);
        };
        let need = |k: &str| {
            var(k)
                .ok_or_else(|| WhatsAppError::Config(format!("{k} is needed with WHATSAPP_TOKEN")))
        };
        let api_url = Url::parse(
            &var("WHATSAPP_API_URL").unwrap_or_else(|| "https://graph.facebook.com".into()),
        )
        .map_err(|_| WhatsAppError::Config("WHATSAPP_API_URL is not a URL".into()))?;
        let listen = var("PANDU_WHATSAPP_LISTEN")
            .unwrap_or_else(|| "0.0.0.0:8081".into())
            .parse()
            .map_err(|_| WhatsAppError::Config("PANDU_WHATSAPP_LISTEN must be host:port".into()))?;
        let path = var("PANDU_WHATSAPP_PATH").unwrap_or_else(|| "/whatsapp".into());
        if !path.starts_with('/') || path.contains([':', '*', '{']) {
            return Err(WhatsAppError::Config(
                "PANDU_WHATSAPP_PATH must be a plain path such as /whatsapp".into(),
            ));
        }
        let mut delivery = DeliveryConfig::telegram();
        // Meta's default throughput is 80 messages a second per number.
        delivery.limits.global =
            crate::delivery::limits::Rate::per(80, std::time::Duration::from_secs(1));
        Ok(Some(WhatsAppConfig {
            api_url,
            version: var("WHATSAPP_API_VERSION").unwrap_or_else(|| "v21.0".into()),
            phone_number_id: need("WHATSAPP_PHONE_NUMBER_ID")?,
            token,
            app_secret: need("WHATSAPP_APP_SECRET")?,
            verify_token: need("WHATSAPP_VERIFY_TOKEN")?,
            listen,
            path,
            delivery,
        }))
    }
}

/// A running WhatsApp channel.
pub struct Running {
    pub addr: SocketAddr,
    tasks: Vec<JoinHandle<()>>,
}

impl Running {
    pub fn stop(self) {
        for t in &self.tasks {
            t.abort();
        }
    }
}

/// Starts the webhook server and the outbox worker.
pub async fn start(config: WhatsAppConfig, bot: Bot) -> Result<Running, WhatsAppError> {
    let graph = || {
        api::Graph::new(
            config.api_url.clone(),
            &config.version,
            &config.phone_number_id,
            &config.token,
        )
    };
    let delivery = Delivery::new(
        bot.db.clone(),
        Arc::new(transport::WaTransport::new(graph())),
        config.delivery.clone(),
    );
    let wa = Arc::new(channel::WhatsApp::new(
        graph(),
        bot,
        config.app_secret.clone(),
        config.verify_token.clone(),
        delivery.waker(),
    ));
    let listener = tokio::net::TcpListener::bind(config.listen).await?;
    let addr = listener.local_addr()?;
    let app = channel::router(wa, &config.path);
    let server = tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            tracing::error!(error = %e, "WhatsApp webhook server stopped");
        }
    });
    tracing::info!(%addr, "WhatsApp webhook listening");
    Ok(Running {
        addr,
        tasks: vec![server, tokio::spawn(delivery.run())],
    })
}
