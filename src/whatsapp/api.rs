//! A thin client of the WhatsApp Business Cloud API (Meta's Graph API): send a message,
//! upload a file, read a media item's details and its first bytes. Errors keep Meta's code, so
//! the delivery worker can tell a rate limit from a closed 24-hour window.

use std::time::Duration;

use serde::Deserialize;
use serde_json::Value;
use url::Url;

use crate::http::{error_kind, read_head};

/// Meta's error codes pandu acts on.
pub mod codes {
    /// Throughput of the business number exceeded.
    pub const RATE_LIMIT: i64 = 130429;
    /// Too many messages to one user.
    pub const PAIR_RATE_LIMIT: i64 = 131056;
    /// More than 24 hours since the user's last message: only a template may be sent.
    pub const REENGAGEMENT: i64 = 131047;
    /// The access token is not valid.
    pub const BAD_TOKEN: i64 = 190;
}

#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum GraphError {
    /// Meta answered with an error body.
    #[error("Graph API error {code} (HTTP {http})")]
    Api { http: u16, code: i64 },
    /// No answer (connection, timeout).
    #[error("network error: {0}")]
    Network(String),
    /// An answer that is not what the Graph API sends.
    #[error("unreadable answer (HTTP {0})")]
    Decode(u16),
}

impl GraphError {
    pub fn code(&self) -> Option<i64> {
        match self {
            GraphError::Api { code, .. } => Some(*code),
            _ => None,
        }
    }
}

#[derive(Deserialize)]
struct ErrorBody {
    error: ErrorInner,
}

#[derive(Deserialize)]
struct ErrorInner {
    #[serde(default)]
    code: i64,
}

#[derive(Deserialize)]
struct SendAnswer {
    #[serde(default)]
    messages: Vec<SentId>,
}

#[derive(Deserialize)]
struct SentId {
    id: String,
}

/// What the media endpoint says of a media item.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct MediaInfo {
    pub url: String,
    #[serde(default)]
    pub mime_type: Option<String>,
    #[serde(default)]
    pub file_size: Option<u64>,
}

#[derive(Clone)]
pub struct Graph {
    client: reqwest::Client,
    base: Url,
    version: String,
    phone_number_id: String,
    token: String,
}

const TIMEOUT: Duration = Duration::from_secs(30);

impl Graph {
    pub fn new(base: Url, version: &str, phone_number_id: &str, token: &str) -> Graph {
        let client = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .build()
            .unwrap_or_default();
        Graph {
            client,
            base,
            version: version.to_string(),
            phone_number_id: phone_number_id.to_string(),
            token: token.to_string(),
        }
    }

    fn url(&self, path: &str) -> Url {
        let mut url = self.base.clone();
        url.set_path(&format!(
            "{}/{}/{}",
            self.base.path().trim_end_matches('/'),
            self.version,
            path
        ));
        url
    }

    /// Sends `req` with the token. reqwest's error text can hold the URL; only its kind is kept.
    async fn send_authorized(
        &self,
        req: reqwest::RequestBuilder,
    ) -> Result<reqwest::Response, GraphError> {
        req.bearer_auth(&self.token)
            .timeout(TIMEOUT)
            .send()
            .await
            .map_err(|e| GraphError::Network(error_kind(&e)))
    }

    async fn answer(&self, req: reqwest::RequestBuilder) -> Result<(u16, Vec<u8>), GraphError> {
        let resp = self.send_authorized(req).await?;
        let status = resp.status().as_u16();
        let bytes = resp
            .bytes()
            .await
            .map_err(|e| GraphError::Network(error_kind(&e)))?;
        if status >= 400 {
            let code = serde_json::from_slice::<ErrorBody>(&bytes)
                .map(|b| b.error.code)
                .unwrap_or(0);
            return Err(GraphError::Api { http: status, code });
        }
        Ok((status, bytes.to_vec()))
    }

    /// Sends a `messages` request; the new message's `wamid`.
    pub async fn send(&self, body: &Value) -> Result<String, GraphError> {
        let req = self
            .client
            .post(self.url(&format!("{}/messages", self.phone_number_id)))
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body.to_string());
        let (status, bytes) = self.answer(req).await?;
        let answer: SendAnswer =
            serde_json::from_slice(&bytes).map_err(|_| GraphError::Decode(status))?;
        answer
            .messages
            .into_iter()
            .next()
            .map(|m| m.id)
            .ok_or(GraphError::Decode(status))
    }

    /// Uploads a file made by the bot; its media id.
    pub async fn upload(
        &self,
        name: &str,
        mime: &str,
        content: Vec<u8>,
    ) -> Result<String, GraphError> {
        let part = reqwest::multipart::Part::bytes(content)
            .file_name(name.to_string())
            .mime_str(mime)
            .map_err(|_| GraphError::Decode(0))?;
        let form = reqwest::multipart::Form::new()
            .text("messaging_product", "whatsapp")
            .text("type", mime.to_string())
            .part("file", part);
        let req = self
            .client
            .post(self.url(&format!("{}/media", self.phone_number_id)))
            .multipart(form);
        let (status, bytes) = self.answer(req).await?;
        #[derive(Deserialize)]
        struct Uploaded {
            id: String,
        }
        serde_json::from_slice::<Uploaded>(&bytes)
            .map(|u| u.id)
            .map_err(|_| GraphError::Decode(status))
    }

    /// A media item's download URL, type and size.
    pub async fn media(&self, media_id: &str) -> Result<MediaInfo, GraphError> {
        let req = self.client.get(self.url(media_id));
        let (status, bytes) = self.answer(req).await?;
        serde_json::from_slice(&bytes).map_err(|_| GraphError::Decode(status))
    }

    /// The first `max` bytes at a media download URL.
    pub async fn download_head(&self, url: &str, max: usize) -> Result<Vec<u8>, GraphError> {
        let url = Url::parse(url).map_err(|_| GraphError::Decode(0))?;
        let resp = self.send_authorized(self.client.get(url)).await?;
        let status = resp.status().as_u16();
        if status >= 400 {
            return Err(GraphError::Api {
                http: status,
                code: 0,
            });
        }
        read_head(resp, max).await.map_err(GraphError::Network)
    }
}
