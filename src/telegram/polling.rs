//! Long polling: an update is acknowledged (the offset moves past it) only after its effect is
//! committed. Updates of one chat are handled in order, different chats in parallel.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use teloxide::payloads::GetUpdates;
use teloxide::types::Update;

use super::api::ApiError;
use super::{Telegram, allowed_updates, updates};
use crate::delivery::Stop;

/// Polls until `stop`; a batch being handled is finished first, and what was handled is then
/// acknowledged, so that Telegram does not send it again to the next process.
pub(super) async fn run(tg: Arc<Telegram>, wait: Duration, mut stop: Stop) {
    let mut offset: Option<i32> = None;
    let mut pause = Duration::from_secs(1);
    loop {
        let mut req = GetUpdates::new();
        req.offset = offset;
        req.limit = Some(100);
        req.timeout = Some(wait.as_secs() as u32);
        req.allowed_updates = Some(allowed_updates());
        let answer = tokio::select! {
            a = tg.api.call_with_timeout(&req, wait + Duration::from_secs(15)) => a,
            // Nothing taken from an unanswered poll is lost: it was not acknowledged.
            _ = stop.wait() => break,
        };
        match answer {
            Ok(batch) => {
                pause = Duration::from_secs(1);
                if batch.is_empty() {
                    continue;
                }
                let (next, failed) = handle_batch(&tg, batch).await;
                offset = Some(next);
                if stop.is_set() {
                    break;
                }
                if failed {
                    tokio::time::sleep(pause).await;
                }
            }
            Err(ApiError::RetryAfter(d)) => tokio::time::sleep(d).await,
            Err(e @ ApiError::Api { code: 409, .. }) => {
                // Telegram serves one poller per token: each getUpdates ends the other's. Trying
                // again would take the updates away from the other process, and back, forever.
                tracing::error!(
                    error = %e,
                    "another process is polling Telegram with this bot token (or a webhook is set): \
                     this process stops polling and leaves the updates to it. Run one polling \
                     process per token, or use webhook mode (PANDU_WEBHOOK_URL) for several."
                );
                tg.polling_stopped
                    .store(true, std::sync::atomic::Ordering::Relaxed);
                return;
            }
            Err(e) if e.is_configuration() => {
                tracing::error!(error = %e, "getUpdates refused: check TELOXIDE_TOKEN and TELOXIDE_API_URL");
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(Duration::from_secs(30));
            }
            Err(e) => {
                tracing::warn!(error = %e, ?pause, "getUpdates failed");
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(Duration::from_secs(30));
            }
        }
    }
    // Acknowledge what was handled (a poll that returns at once; what it brings is not
    // acknowledged and comes again to whoever polls next).
    if let Some(offset) = offset {
        let mut req = GetUpdates::new();
        req.offset = Some(offset);
        req.limit = Some(1);
        req.timeout = Some(0);
        req.allowed_updates = Some(allowed_updates());
        if let Err(e) = tg.api.call_with_timeout(&req, Duration::from_secs(5)).await {
            tracing::warn!(error = %e, "acknowledging the last updates failed; they come again and are recognised");
        }
    }
    tracing::info!("Telegram long polling stopped");
}

/// Handles a batch; returns the offset to acknowledge (past every update handled, but not past
/// the first one that failed) and whether one failed.
async fn handle_batch(tg: &Arc<Telegram>, batch: Vec<Update>) -> (i32, bool) {
    let max = batch.iter().map(|u| u.id.0).max().unwrap_or(0);
    // Group by chat, keeping each chat's updates in order.
    let mut order: Vec<Option<i64>> = Vec::new();
    let mut by_chat: HashMap<Option<i64>, Vec<Update>> = HashMap::new();
    for u in batch {
        let chat = updates::chat_of(&u);
        let key = chat.or(Some(-i64::from(u.id.0) - (1 << 40)));
        if !by_chat.contains_key(&key) {
            order.push(key);
        }
        by_chat.entry(key).or_default().push(u);
    }
    let mut tasks = tokio::task::JoinSet::new();
    for key in order {
        let list = by_chat.remove(&key).unwrap_or_default();
        let tg = Arc::clone(tg);
        tasks.spawn(async move {
            for u in list {
                let id = u.id.0;
                match super::handle_guarded(&tg, u).await {
                    Ok(()) => {}
                    Err(e) => {
                        tracing::error!(update = id, error = %e, "update not handled; Telegram will send it again");
                        // Later updates of this chat must wait for this one.
                        return Some(id);
                    }
                }
            }
            None
        });
    }
    let mut first_failed: Option<u32> = None;
    while let Some(res) = tasks.join_next().await {
        // Handlers' panics are caught per update (`handle_guarded`); a chat task itself
        // cannot panic, and an aborted one means the channel is stopping.
        let failed = res.unwrap_or_default();
        if let Some(id) = failed {
            first_failed = Some(first_failed.map_or(id, |f| f.min(id)));
        }
    }
    match first_failed {
        Some(id) => (id as i32, true),
        None => (max as i32 + 1, false),
    }
}
