//! Webhook mode: Telegram posts each update here. The answer is 200 only after the update's
//! effect is committed; any other answer makes Telegram send it again. Requests without the
//! secret token are refused before anything is read or stored.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use teloxide::types::Update;

use super::{Telegram, same_secret, updates};

pub const SECRET_HEADER: &str = "x-telegram-bot-api-secret-token";

#[derive(Clone)]
struct Hook {
    tg: Arc<Telegram>,
    secret: Arc<str>,
}

pub(super) fn router(tg: Arc<Telegram>, path: &str, secret: &str) -> Router {
    let path = if path.is_empty() { "/" } else { path };
    Router::new()
        .route(path, post(receive))
        .route("/healthz", get(|| async { "ok" }))
        .with_state(Hook {
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
        tracing::warn!("webhook request without the right secret token refused");
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
    let result = match updates::chat_of(&update) {
        Some(chat) => {
            let lock = Arc::clone(hook.tg.chat_locks.entry(chat).or_default().value());
            let res = {
                let _turn = lock.lock().await;
                hook.tg.handle_update(&update).await
            };
            drop(lock);
            hook.tg
                .chat_locks
                .remove_if(&chat, |_, l| Arc::strong_count(l) == 1);
            res
        }
        None => hook.tg.handle_update(&update).await,
    };
    match result {
        Ok(()) => StatusCode::OK,
        Err(e) => {
            tracing::error!(update = update.id.0, error = %e, "update not handled; Telegram will send it again");
            StatusCode::INTERNAL_SERVER_ERROR
        }
    }
}
