//! Delivers outbox rows to WhatsApp users through the Cloud API, for the channel-neutral
//! outbox worker (`crate::delivery`).

use std::sync::Arc;
use std::time::Duration;

use super::InviteTemplate;
use super::api::{Graph, GraphError, codes};
use super::render::{self, WaPart};
use crate::delivery::{SendError, Sent, Transport};
use crate::dialog::model::FileInfo;
use crate::media::MediaSources;
use crate::store::{Db, OutboxItem, Store};
use chrono::{DateTime, Utc};

pub const CHANNEL: &str = "whatsapp";

/// How long after a user's last message free-form messages may go (WhatsApp's
/// customer-service window).
pub const WINDOW: chrono::Duration = crate::store::USER_WINDOW;

pub struct WaTransport {
    graph: Graph,
    /// Where the numbers behind the chats' pseudonyms are kept (looked up for each request,
    /// not kept in memory).
    db: Db,
    /// Where files from other channels are fetched (shared with the other transports).
    media: Arc<MediaSources>,
    /// How long every request waits after Meta says the number's throughput is exceeded.
    pub rate_pause: Duration,
    /// Sent to invite a user back once their window has closed.
    template: Option<InviteTemplate>,
}

impl WaTransport {
    pub fn new(graph: Graph, media: Arc<MediaSources>, db: Db) -> WaTransport {
        WaTransport {
            graph,
            db,
            media,
            rate_pause: Duration::from_secs(5),
            template: None,
        }
    }

    /// With the template that invites users back after their window has closed.
    pub fn with_template(mut self, template: Option<InviteTemplate>) -> WaTransport {
        self.template = template;
        self
    }

    /// The number behind a chat's pseudonym.
    async fn address(&self, chat_id: &str) -> Result<String, SendError> {
        match self.db.address_of(CHANNEL, chat_id).await {
            Ok(Some(a)) => Ok(a),
            Ok(None) => Err(SendError::Rejected(
                "no number is kept for this chat any more".into(),
            )),
            Err(e) => Err(SendError::Transient(format!("looking up the number: {e}"))),
        }
    }

    /// A file from another channel (an agent's photo from Telegram): fetched from there and
    /// uploaded; the message to send with the new media id.
    async fn upload_foreign(
        &self,
        image: bool,
        file: &FileInfo,
        caption: &Option<String>,
    ) -> Result<(WaPart, String), SendError> {
        // A permanent failure (the file is gone, too large) gives the reply up; a temporary
        // one is retried with backoff.
        let fetched = self.media.fetch(file).await.map_err(|e| {
            tracing::warn!(error = %e, origin = ?file.origin, "a file from another channel could not be fetched");
            SendError::from(e)
        })?;
        // What the content is decides, not what was said of it.
        let part = WaPart::Media {
            image: image && fetched.is_photo(),
            file: FileInfo {
                name: Some(fetched.name.clone()),
                mime: Some(fetched.mime.clone()),
                ..file.clone()
            },
            caption: caption.clone(),
        };
        let media_id = self
            .graph
            .upload(&fetched.name, &fetched.mime, fetched.bytes)
            .await
            .map_err(|e| self.classify(e))?;
        Ok((part, media_id))
    }

    fn classify(&self, e: GraphError) -> SendError {
        match e {
            GraphError::Api {
                code: codes::RATE_LIMIT,
                ..
            } => SendError::RetryAfter(self.rate_pause),
            // Too many messages to this one user: only this chat waits (backoff).
            GraphError::Api {
                code: codes::PAIR_RATE_LIMIT,
                ..
            } => SendError::Transient("pair rate limit".into()),
            GraphError::Api {
                code: codes::REENGAGEMENT,
                ..
            } => SendError::WindowClosed,
            GraphError::Api {
                code: codes::BAD_TOKEN,
                ..
            }
            | GraphError::Api { http: 401, .. } => {
                tracing::error!("the Graph API refuses the access token: check the WhatsApp token");
                SendError::Transient("access token refused".into())
            }
            GraphError::Api { http, .. } if http >= 500 || http == 429 => {
                SendError::Transient(e.to_string())
            }
            GraphError::Network(_) | GraphError::Decode(_) => SendError::Transient(e.to_string()),
            GraphError::Api { .. } => SendError::Rejected(e.to_string()),
        }
    }
}

impl Transport for WaTransport {
    type Part = WaPart;

    fn channel(&self) -> &'static str {
        CHANNEL
    }

    fn is_group(&self, _chat_id: &str) -> bool {
        false
    }

    fn parts(&self, item: &OutboxItem) -> Vec<WaPart> {
        // WhatsApp cannot edit a message: a redraw or another page is not sent again.
        if item.page_only {
            return Vec::new();
        }
        render::parts(&item.reply)
    }

    async fn send(&self, chat_id: &str, part: &WaPart) -> Result<Sent, SendError> {
        let to = self.address(chat_id).await?;
        let chat_id = to.as_str();
        let body = match part {
            WaPart::Document {
                name,
                mime,
                content,
            } => {
                let media_id = self
                    .graph
                    .upload(name, mime, content.clone())
                    .await
                    .map_err(|e| self.classify(e))?;
                part.request(chat_id, Some(&media_id))
            }
            WaPart::Media {
                image,
                file,
                caption,
            } if crate::media::is_foreign(file, CHANNEL) => {
                let (part, media_id) = self.upload_foreign(*image, file, caption).await?;
                part.request(chat_id, Some(&media_id))
            }
            // Text, interactive messages, and WhatsApp's own media by their id.
            _ => part.request(chat_id, None),
        };
        let wamid = self.graph.send(&body).await.map_err(|e| self.classify(e))?;
        Ok(Sent {
            platform_id: Some(super::message_key(&wamid)),
        })
    }

    fn may_send(&self, item: &OutboxItem, now: DateTime<Utc>) -> bool {
        item.window.is_open(now, WINDOW)
    }

    async fn invite_back(&self, chat_id: &str) -> Result<Option<Sent>, SendError> {
        let Some(t) = &self.template else {
            return Ok(None);
        };
        let chat_id = self.address(chat_id).await?;
        let body = serde_json::json!({
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": chat_id,
            "type": "template",
            "template": { "name": t.name, "language": { "code": t.language } }
        });
        let wamid = self.graph.send(&body).await.map_err(|e| self.classify(e))?;
        Ok(Some(Sent {
            platform_id: Some(super::message_key(&wamid)),
        }))
    }
}
