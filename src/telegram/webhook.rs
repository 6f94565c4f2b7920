//! Webhook mode: Telegram posts each update here. The answer is 200 only after the update's
//! effect is committed; any other answer makes Telegram send it again. Requests without the
//! secret token are refused before anything is read or stored.

use chrono::Utc;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use teloxide::types::Update;

use super::{Telegram, handle_guarded, updates};
use crate::http::same_secret;
use crate::store::{Store, StoreError};

pub const SECRET_HEADER: &str = "x-telegram-bot-api-secret-token";

#[derive(Clone)]
struct Hook {
    tg: Arc<Telegram>,
    secret: Arc<str>,
}

pub(super) fn router(tg: Arc<Telegram>, path: &str, secret: &str) -> Router {
    let path = if path.is_empty() { "/" } else { path };
    Router::new().route(path, post(receive)).with_state(Hook {
        tg,
        secret: secret.into(),
    })
}

async fn receive(State(hook): State<Hook>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let given = headers
        .get(SECRET_HEADER)
        .map(|v| v.as_bytes())
        .unwrap_or_default();
    if !same_secret(given, hook.secret.as_bytes()) {
        tracing::warn!(
            "webhook request without the right secret token refused (several processes behind a balancer need the same PANDU_WEBHOOK_SECRET)"
        );
        return StatusCode::UNAUTHORIZED;
    }
    let update: Update = match serde_json::from_slice(&body) {
        Ok(u) => u,
        Err(e) => {
            // Telegram would send it again forever: take it and say why in the log.
            tracing::warn!(
                line = e.line(),
                column = e.column(),
                "unreadable update ignored"
            );
            return StatusCode::OK;
        }
    };
    let id = update.id.0;
    let Some(chat) = updates::chat_of(&update) else {
        return answer(id, handle_guarded(&hook.tg, update).await);
    };
    // One update of a chat at a time in this process (the conversation's row lock does it
    // across processes), and none after one that failed until Telegram has delivered that one
    // again: a chat's updates take effect in order.
    let lock = Arc::clone(hook.tg.chat_locks.entry(chat).or_default().value());
    let status = {
        let _turn = lock.lock().await;
        match handle_guarded(&hook.tg, update).await {
            Ok(()) => StatusCode::OK,
            Err(StoreError::OutOfOrder) => {
                tracing::warn!(update = id, "update postponed behind a failed one");
                StatusCode::SERVICE_UNAVAILABLE
            }
            Err(e) => {
                let status = answer(id, Err(e));
                // Recorded in the database, so that every process sharing it holds the chat's
                // later updates back (when the database itself is down, they fail anyway).
                if let Err(e) = hook
                    .tg
                    .bot
                    .db
                    .hold_back(&Telegram::chat(chat), i64::from(id), Utc::now())
                    .await
                {
                    tracing::warn!(update = id, error = %e, "could not hold the chat's later updates back");
                }
                status
            }
        }
    };
    drop(lock);
    hook.tg
        .chat_locks
        .remove_if(&chat, |_, l| Arc::strong_count(l) == 1);
    status
}

fn answer(id: u32, result: Result<(), crate::store::StoreError>) -> StatusCode {
    match result {
        Ok(()) => StatusCode::OK,
        Err(e) => {
            tracing::error!(update = id, error = %e, "update not handled; Telegram will send it again");
            StatusCode::SERVICE_UNAVAILABLE
        }
    }
}
