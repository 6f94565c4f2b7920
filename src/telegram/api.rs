//! A thin Bot API client: teloxide's request and answer types over our own HTTP call, so that
//! every answer reaches the caller as it came (teloxide's own client sleeps ten seconds after
//! each server error and folds status codes into text).

use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;
use teloxide::requests::Payload;
use teloxide::types::ResponseParameters;
use url::Url;

use crate::http::{error_kind, read_head};

/// How a Bot API call failed.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ApiError {
    /// 429: no request before this much time has passed.
    #[error("too many requests; retry after {0:?}")]
    RetryAfter(Duration),
    /// Telegram answered with an error.
    #[error("Bot API error {code}: {description}")]
    Api { code: u16, description: String },
    /// The request did not get an answer (connection, timeout).
    #[error("network error: {0}")]
    Network(String),
    /// The answer was not what the Bot API sends.
    #[error("unreadable answer (HTTP {status})")]
    Decode { status: u16 },
    /// Telegram said the call succeeded, but its result could not be read: the effect took
    /// place (a message was sent), only its details are unknown.
    #[error("call succeeded; its result could not be read")]
    UnreadableSuccess,
}

impl ApiError {
    /// Worth trying the same request again later.
    pub fn is_transient(&self) -> bool {
        match self {
            ApiError::Network(_) | ApiError::Decode { .. } => true,
            // 429 without retry_after (a proxy), 5xx, and 401/404: a revoked token or a wrong
            // TELOXIDE_API_URL is a configuration fault that an operator fixes; the replies wait.
            ApiError::Api { code, .. } => *code >= 500 || matches!(code, 401 | 404 | 429),
            ApiError::RetryAfter(_) => true,
            ApiError::UnreadableSuccess => false,
        }
    }

    /// The bot itself is misconfigured (bad token or API URL): worth a loud log line.
    pub fn is_configuration(&self) -> bool {
        matches!(
            self,
            ApiError::Api {
                code: 401 | 404,
                ..
            }
        )
    }

    /// The user blocked the bot, left, or the account is gone.
    pub fn is_unreachable(&self) -> bool {
        matches!(self, ApiError::Api { code: 403, .. })
    }

    pub fn description(&self) -> &str {
        match self {
            ApiError::Api { description, .. } => description,
            _ => "",
        }
    }
}

#[derive(serde::Deserialize)]
struct Answer<R> {
    ok: bool,
    result: Option<R>,
    #[serde(default)]
    error_code: Option<u16>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    parameters: Option<ResponseParameters>,
}

/// The Bot API of one bot.
#[derive(Clone)]
pub struct Api {
    client: reqwest::Client,
    base: Url,
    token: String,
}

/// Time allowed for an ordinary call.
const CALL_TIMEOUT: Duration = Duration::from_secs(30);

impl Api {
    pub fn new(base: Url, token: String) -> Api {
        let client = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .pool_idle_timeout(Duration::from_secs(60))
            .build()
            .unwrap_or_default();
        Api {
            client,
            base,
            token,
        }
    }

    fn method_url(&self, name: &str) -> Url {
        let mut url = self.base.clone();
        let path = format!(
            "{}/bot{}/{}",
            self.base.path().trim_end_matches('/'),
            self.token,
            name
        );
        url.set_path(&path);
        url
    }

    /// Calls a method with a JSON body.
    pub async fn call<P>(&self, payload: &P) -> Result<P::Output, ApiError>
    where
        P: Payload + Serialize,
        P::Output: DeserializeOwned,
    {
        self.call_with_timeout(payload, CALL_TIMEOUT).await
    }

    pub async fn call_with_timeout<P>(
        &self,
        payload: &P,
        timeout: Duration,
    ) -> Result<P::Output, ApiError>
    where
        P: Payload + Serialize,
        P::Output: DeserializeOwned,
    {
        let body = serde_json::to_vec(payload).map_err(|_| ApiError::Decode { status: 0 })?;
        let req = self
            .client
            .post(self.method_url(P::NAME))
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .timeout(timeout)
            .body(body);
        self.answer(req).await
    }

    /// Calls a method with a JSON body built by hand (for payloads whose teloxide types only
    /// serialise as multipart, such as files by id).
    pub async fn call_json<R: DeserializeOwned>(
        &self,
        method: &str,
        body: &serde_json::Value,
    ) -> Result<R, ApiError> {
        let req = self
            .client
            .post(self.method_url(method))
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .timeout(CALL_TIMEOUT)
            .body(body.to_string());
        self.answer(req).await
    }

    /// Calls a method with a multipart body (file uploads).
    pub async fn call_multipart<R: DeserializeOwned>(
        &self,
        method: &str,
        form: reqwest::multipart::Form,
    ) -> Result<R, ApiError> {
        let req = self
            .client
            .post(self.method_url(method))
            .timeout(CALL_TIMEOUT)
            .multipart(form);
        self.answer(req).await
    }

    async fn answer<R: DeserializeOwned>(
        &self,
        req: reqwest::RequestBuilder,
    ) -> Result<R, ApiError> {
        // reqwest's error text includes the URL, and the URL holds the token: keep only the kind.
        let resp = req
            .send()
            .await
            .map_err(|e| ApiError::Network(error_kind(&e)))?;
        let status = resp.status().as_u16();
        let bytes = resp
            .bytes()
            .await
            .map_err(|e| ApiError::Network(error_kind(&e)))?;
        let answer: Answer<R> = match serde_json::from_slice(&bytes) {
            Ok(a) => a,
            Err(_) if status >= 400 => {
                return Err(ApiError::Api {
                    code: status,
                    description: format!("HTTP {status}"),
                });
            }
            Err(_) => {
                // `"ok": true` with a result we cannot read still means it was done.
                let ok = serde_json::from_slice::<Answer<serde::de::IgnoredAny>>(&bytes)
                    .is_ok_and(|a| a.ok);
                return Err(if ok {
                    ApiError::UnreadableSuccess
                } else {
                    ApiError::Decode { status }
                });
            }
        };
        if answer.ok
            && let Some(r) = answer.result
        {
            return Ok(r);
        }
        if let Some(ResponseParameters::RetryAfter(s)) = answer.parameters {
            return Err(ApiError::RetryAfter(s.duration()));
        }
        Err(ApiError::Api {
            code: answer.error_code.unwrap_or(status),
            description: answer.description.unwrap_or_default(),
        })
    }

    /// The first `max` bytes of a file, by its `file_path` from `getFile`.
    pub async fn download_head(
        &self,
        file_path: &str,
        max: usize,
        timeout: Duration,
    ) -> Result<Vec<u8>, ApiError> {
        let mut url = self.base.clone();
        let path = format!(
            "{}/file/bot{}/{}",
            self.base.path().trim_end_matches('/'),
            self.token,
            file_path.trim_start_matches('/')
        );
        url.set_path(&path);
        let resp = self
            .client
            .get(url)
            .timeout(timeout)
            .send()
            .await
            .map_err(|e| ApiError::Network(error_kind(&e)))?;
        let status = resp.status().as_u16();
        if status >= 400 {
            return Err(ApiError::Api {
                code: status,
                description: format!("HTTP {status}"),
            });
        }
        read_head(resp, max).await.map_err(ApiError::Network)
    }
}
