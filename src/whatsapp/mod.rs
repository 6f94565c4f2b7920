//! The WhatsApp Business Cloud API channel (issue 5, in progress): what Meta's webhook
//! delivers (`webhook`), how replies are drawn within WhatsApp's limits (`render`), the Graph
//! API client (`api`), the outbox transport (`transport`) and the webhook's handlers
//! (`channel`, served with the Telegram webhook by `crate::channels`).

pub mod api;
pub mod channel;
pub mod render;
pub mod transport;
pub mod webhook;

use std::time::Duration;

use url::Url;

use crate::delivery::DeliveryConfig;
use crate::delivery::limits::Rate;

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
        Self::from_vars(|k| std::env::var(k).ok())
    }

    /// The same from any source of settings.
    pub fn from_vars(
        get: impl Fn(&str) -> Option<String>,
    ) -> Result<Option<WhatsAppConfig>, WhatsAppError> {
        let var = |k: &str| get(k).filter(|v| !v.trim().is_empty());
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
        let num = |k: &str, default: u32| -> Result<u32, WhatsAppError> {
            match var(k) {
                None => Ok(default),
                Some(v) => v
                    .trim()
                    .parse::<u32>()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| {
                        WhatsAppError::Config(format!("{k} must be a whole number above 0"))
                    }),
            }
        };
        let mut delivery = DeliveryConfig::telegram();
        // Meta's default throughput is 80 messages a second per number; a user gets a few
        // messages per answer, and Meta's pair limit (131056) is waited out if it is reached.
        delivery.limits.global = Rate::per(
            num("PANDU_WHATSAPP_PER_SECOND", 80)?,
            Duration::from_secs(1),
        );
        delivery.limits.per_chat = Rate::new(
            num("PANDU_WHATSAPP_CHAT_BURST", 5)?,
            Duration::from_millis(u64::from(num("PANDU_WHATSAPP_CHAT_INTERVAL_MS", 1000)?)),
        );
        delivery.backoff_base =
            Duration::from_millis(u64::from(num("PANDU_WHATSAPP_BACKOFF_MS", 500)?));
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

/// How pandu stores a WhatsApp message id (wamid): Meta's ids carry the user's number
/// (base64-encoded), so only their SHA-256 is kept. The id is random enough that the digest
/// cannot be turned back into the number, and equal ids keep equal digests (duplicate
/// deliveries and delivery statuses are still recognised).
pub fn message_key(wamid: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(wamid.as_bytes());
    let mut out = String::with_capacity(34);
    out.push_str("h:");
    for b in &digest[..16] {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(pairs: &[(&str, &str)]) -> Result<Option<WhatsAppConfig>, WhatsAppError> {
        let vars: std::collections::HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        WhatsAppConfig::from_vars(|k| vars.get(k).cloned())
    }

    const NEEDED: [(&str, &str); 4] = [
        ("WHATSAPP_TOKEN", "EAAG-test"),
        ("WHATSAPP_PHONE_NUMBER_ID", "1234567890"),
        ("WHATSAPP_APP_SECRET", "app-secret"),
        ("WHATSAPP_VERIFY_TOKEN", "verify"),
    ];

    #[test]
    fn settings_and_their_defaults() {
        assert!(config(&[]).unwrap().is_none());
        assert!(matches!(
            config(&NEEDED[..2]),
            Err(WhatsAppError::Config(m)) if m.contains("WHATSAPP_APP_SECRET")
        ));
        let c = config(&NEEDED).unwrap().unwrap();
        assert_eq!(c.path, "/whatsapp");
        assert_eq!(c.template, None);
        assert_eq!(c.delivery.limits.per_chat.burst, 5);
        let mut more = NEEDED.to_vec();
        more.extend([
            ("PANDU_WHATSAPP_PER_SECOND", "20"),
            ("PANDU_WHATSAPP_CHAT_BURST", "2"),
            ("PANDU_WHATSAPP_CHAT_INTERVAL_MS", "6000"),
            ("WHATSAPP_TEMPLATE", "pandu_balasan"),
            ("WHATSAPP_TEMPLATE_LANGUAGE", "en_US"),
        ]);
        let c = config(&more).unwrap().unwrap();
        assert_eq!(c.delivery.limits.per_chat.burst, 2);
        assert_eq!(c.delivery.limits.per_chat.interval, Duration::from_secs(6));
        assert_eq!(
            c.template,
            Some(InviteTemplate {
                name: "pandu_balasan".into(),
                language: "en_US".into()
            })
        );
        let shown = format!("{c:?}");
        assert!(!shown.contains("EAAG-test") && !shown.contains("app-secret"));
        // The last setting of a name wins in `config`.
        more.push(("PANDU_WHATSAPP_CHAT_BURST", "0"));
        assert!(config(&more).is_err());
    }
}
