//! The WhatsApp Business Cloud API channel (issue 5, in progress): what Meta's webhook
//! delivers (`webhook`), how replies are drawn within WhatsApp's limits (`render`), the Graph
//! API client (`api`), the outbox transport (`transport`) and the webhook's handlers
//! (`channel`, served with the Telegram webhook by `crate::channels`).

pub mod api;
pub mod channel;
pub mod render;
pub mod transport;
pub mod webhook;

use url::Url;

use crate::delivery::DeliveryConfig;

#[derive(Debug, thiserror::Error)]
pub enum WhatsAppError {
    #[error("configuration: {0}")]
    Config(String),
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
    /// The path Meta posts to on pandu's HTTP server.
    pub path: String,
    pub delivery: DeliveryConfig,
    /// The approved template that invites a user back once their 24-hour window has closed.
    pub template: Option<InviteTemplate>,
}

/// An approved message template without parameters, sent when a reply cannot be (the user
/// last wrote over 24 hours ago). Its text should invite the user to answer, e.g. "Petugas
/// pandu sudah membalas pesan Anda. Balas pesan ini untuk membacanya."
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InviteTemplate {
    pub name: String,
    /// The language code it is approved in (`id`, `en_US`).
    pub language: String,
}

impl std::fmt::Debug for WhatsAppConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WhatsAppConfig")
            .field("api_url", &self.api_url.as_str())
            .field("version", &self.version)
            .field("path", &self.path)
            .field("token", &"[hidden]")
            .field("app_secret", &"[hidden]")
            .finish()
    }
}

impl WhatsAppConfig {
    /// From `WHATSAPP_TOKEN` (none: no WhatsApp), `WHATSAPP_PHONE_NUMBER_ID`,
    /// `WHATSAPP_APP_SECRET`, `WHATSAPP_VERIFY_TOKEN`, `WHATSAPP_API_URL`,
    /// `WHATSAPP_API_VERSION`, `WHATSAPP_TEMPLATE`, `WHATSAPP_TEMPLATE_LANGUAGE` and
    /// `PANDU_WHATSAPP_PATH`.
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
            path,
            delivery,
            template: var("WHATSAPP_TEMPLATE").map(|name| InviteTemplate {
                name: name.trim().to_string(),
                language: var("WHATSAPP_TEMPLATE_LANGUAGE")
                    .map(|l| l.trim().to_string())
                    .unwrap_or_else(|| "id".into()),
            }),
        }))
    }
}

impl WhatsAppConfig {
    /// A Graph API client for these settings.
    pub fn graph(&self) -> api::Graph {
        api::Graph::new(
            self.api_url.clone(),
            &self.version,
            &self.phone_number_id,
            &self.token,
        )
    }
}
