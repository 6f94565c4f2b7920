//! Meta's webhook for WhatsApp: the handshake, and deliveries whose signature is checked on
//! the raw body before anything is parsed. Each user message is committed (its wamid in the
//! inbox, the new state, the replies) before the 200 goes back; statuses are stored on the
//! outgoing messages. A user's messages are handled one at a time, in the order they come.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::get;
use chrono::{DateTime, TimeZone, Utc};
use dashmap::DashMap;

use super::api::{Graph, codes};
use super::transport::CHANNEL;
use super::webhook::{self, Notice, WaMessage};
use crate::delivery::Wake;
use crate::dialog::Event;
use crate::dialog::files;
use crate::service::{Bot, Incoming};
use crate::store::{ChatKey, PlatformFailure, Store, StoreError};

/// Media larger than this are judged by their metadata, not downloaded to read their type.
const SNIFF_LIMIT: u64 = 20 * 1024 * 1024;

/// The inbound side of the WhatsApp channel.
pub struct WhatsApp {
    pub graph: Graph,
    pub bot: Bot,
    pub app_secret: String,
    pub verify_token: String,
    /// Wakes the outbox workers and the desk after a commit.
    pub wake: Wake,
    users: DashMap<String, Arc<tokio::sync::Mutex<()>>>,
}

impl WhatsApp {
    pub fn new(
        graph: Graph,
        bot: Bot,
        app_secret: String,
        verify_token: String,
        wake: Wake,
    ) -> WhatsApp {
        WhatsApp {
            graph,
            bot,
            app_secret,
            verify_token,
            wake,
            users: DashMap::new(),
        }
    }

    /// Handles one user message in its own transaction.
    /// Handles one message; true when it made work for the desk.
    async fn message(&self, m: &WaMessage) -> Result<bool, StoreError> {
        let lock = Arc::clone(self.users.entry(m.from.clone()).or_default().value());
        let result = {
            let _turn = lock.lock().await;
            let mut event = m.event();
            if let Event::File(f) = &mut event
                && !self
                    .bot
                    .db
                    .seen(CHANNEL, &super::message_key(&m.id))
                    .await?
            {
                // Meta gives the size and the type only through the media endpoint.
                match self.graph.media(&f.reference).await {
                    Ok(info) => {
                        f.size = info.file_size.unwrap_or(0);
                        if f.mime.is_none() {
                            f.mime = info.mime_type.clone();
                        }
                        if f.size <= SNIFF_LIMIT
                            && let Ok(head) = self.graph.download_head(&info.url, 16).await
                        {
                            f.sniffed = Some(files::sniff(&head));
                        }
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "media details unavailable; judging the file by its message");
                    }
                }
            }
            let at: DateTime<Utc> = Utc
                .timestamp_opt(m.timestamp, 0)
                .single()
                .filter(|t| t.timestamp() > 0)
                .unwrap_or_else(Utc::now);
            // The chat is known by a pseudonym; the number is kept sealed.
            let chat_id = self.bot.db.contact(CHANNEL, &m.from).await?;
            self.bot
                .handle(Incoming {
                    chat: ChatKey {
                        channel: CHANNEL.into(),
                        chat_id,
                    },
                    message_id: super::message_key(&m.id),
                    event,
                    lang_hint: None,
                    at,
                    pressed_message: None,
                    sequence: None,
                })
                .await
                .map(|p| p.for_desk())
        };
        drop(lock);
        self.users
            .remove_if(&m.from, |_, l| Arc::strong_count(l) == 1);
        result
    }
}

/// The webhook's routes at `path` (the handshake and the deliveries).
pub fn router(wa: Arc<WhatsApp>, path: &str) -> Router {
    Router::new()
        .route(path, get(handshake).post(receive))
        .with_state(wa)
}

async fn handshake(
    State(wa): State<Arc<WhatsApp>>,
    Query(q): Query<HashMap<String, String>>,
) -> (StatusCode, String) {
    match webhook::handshake(
        q.get("hub.mode").map(String::as_str),
        q.get("hub.verify_token").map(String::as_str),
        q.get("hub.challenge").map(String::as_str),
        &wa.verify_token,
    ) {
        Some(challenge) => (StatusCode::OK, challenge.to_string()),
        None => (StatusCode::FORBIDDEN, String::new()),
    }
}

async fn receive(State(wa): State<Arc<WhatsApp>>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let signature = headers
        .get(webhook::SIGNATURE_HEADER)
        .and_then(|v| v.to_str().ok());
    if !webhook::signature_ok(wa.app_secret.as_bytes(), &body, signature) {
        tracing::warn!("WhatsApp webhook without a valid signature refused");
        return StatusCode::UNAUTHORIZED;
    }
    let notices = match webhook::parse(&body) {
        Ok(n) => n,
        Err(e) => {
            tracing::warn!(error = %e, "unreadable WhatsApp webhook body");
            return StatusCode::BAD_REQUEST;
        }
    };
    let mut failed = false;
    let mut for_desk = false;
    for notice in notices {
        let res = match &notice {
            Notice::Message(m) => wa.message(m).await,
            Notice::Status(s) => {
                let at = Utc
                    .timestamp_opt(s.timestamp, 0)
                    .single()
                    .unwrap_or_else(Utc::now);
                if s.status == "failed" {
                    let failure = PlatformFailure {
                        code: s.errors.first().copied(),
                        window_closed: s.errors.contains(&codes::REENGAGEMENT),
                    };
                    tracing::warn!(codes = ?s.errors, "WhatsApp reports a message failed");
                    wa.bot
                        .db
                        .platform_failed(CHANNEL, &super::message_key(&s.id), failure, at)
                        .await
                        // The agents hear of it in the case's topic.
                        .map(|_| true)
                } else {
                    wa.bot
                        .db
                        .set_platform_status(CHANNEL, &super::message_key(&s.id), &s.status, at)
                        .await
                        .map(|_| false)
                }
            }
        };
        match res {
            Ok(desk) => for_desk |= desk,
            Err(e) => {
                tracing::error!(error = %e, "WhatsApp notice not handled; Meta will send it again");
                failed = true;
            }
        }
    }
    wa.wake.notify_one();
    if for_desk {
        wa.wake.desk();
    }
    if failed {
        // Meta delivers the whole batch again; what was committed is recognised by its wamid.
        StatusCode::SERVICE_UNAVAILABLE
    } else {
        StatusCode::OK
    }
}
