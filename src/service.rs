//! Handles one inbound message: one transaction around the pure dialog step.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use tracing::Instrument;

use crate::dialog::{self, Conversation, Defs, Event, Inbound};
use crate::i18n::Lang;
use crate::store::{ChatKey, Db, InboundRecord, Processed, Store, StoreError};

/// A message from a channel, in the core's terms.
#[derive(Debug, Clone)]
pub struct Incoming {
    pub chat: ChatKey,
    /// The platform's message id, used to recognise a re-delivery.
    pub message_id: String,
    pub event: Event,
    /// The language the platform reports for the user, for a first conversation.
    pub lang_hint: Option<Lang>,
    pub at: DateTime<Utc>,
    /// The platform's id of the message whose button was pressed (for in-place redraws).
    pub pressed_message: Option<String>,
    /// The platform's order of its messages (Telegram's `update_id`), when it has one.
    pub sequence: Option<i64>,
}

#[derive(Clone)]
pub struct Bot {
    pub db: Db,
    pub defs: Arc<Defs>,
}

impl Bot {
    pub fn new(db: Db, defs: Arc<Defs>) -> Self {
        Self { db, defs }
    }

    /// Records the message and its effects in one transaction; replies land in the outbox.
    pub async fn handle(&self, msg: Incoming) -> Result<Processed, StoreError> {
        let span =
            tracing::info_span!("inbound", channel = %msg.chat.channel, message = %msg.message_id);
        async {
            let rec = InboundRecord {
                chat: msg.chat.clone(),
                message_id: msg.message_id.clone(),
                received_at: msg.at,
                pressed_message: msg.pressed_message.clone(),
                sequence: msg.sequence,
            };
            // A case reference that collides with an existing one rolls the transaction back;
            // the step runs again with other random digits.
            let started = std::time::Instant::now();
            let mut attempt = 0;
            loop {
                let nonce: u64 = rand::random();
                let defs = Arc::clone(&self.defs);
                let event = msg.event.clone();
                let lang_hint = msg.lang_hint;
                let now = msg.at;
                let res = self
                    .db
                    .process(&rec, move |state, open_cases| {
                        let state = state.unwrap_or_else(|| Conversation {
                            lang: lang_hint.unwrap_or_default(),
                            ..Default::default()
                        });
                        dialog::step(
                            &defs,
                            state,
                            &Inbound {
                                event,
                                now,
                                open_cases,
                                nonce,
                            },
                        )
                    })
                    .await;
                match res {
                    Err(StoreError::ReferenceTaken(_)) if attempt < 5 => {
                        attempt += 1;
                        tracing::warn!(attempt, "case reference collision; retrying");
                    }
                    Ok(p) => {
                        let duplicate = matches!(p, Processed::Duplicate);
                        tracing::debug!(duplicate, "handled");
                        crate::metrics::inbound(&msg.chat.channel, duplicate, started.elapsed());
                        return Ok(p);
                    }
                    Err(e) => return Err(e),
                }
            }
        }
        .instrument(span)
        .await
    }
}
