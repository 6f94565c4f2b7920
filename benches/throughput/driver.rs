//! The simulated users: each walks the KYC complaint, one update at a time, offering each
//! update as Telegram does in webhook mode (an HTTPS POST with the secret token, at most
//! `max_connections` at once) and waiting until every reply of that update has reached the
//! fake Bot API before the next.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use pandu::dialog::Defs;
use pandu::store::{ChatKey, OutboxItem};
use serde_json::{Value, json};
use tokio::sync::Semaphore;

use super::fake::{BASE_CHAT, Fake};
use super::kyc::{self, Act};

/// How long a user waits for pandu's answer before the run is called failed.
const PATIENCE: Duration = Duration::from_secs(60);

/// One update a user sends, and how many bot messages answer it.
#[derive(Debug, Clone)]
pub struct Planned {
    pub act: Act,
    /// What the core was given for it (the channel must make the same of the update).
    pub event: pandu::dialog::Event,
    /// A button's callback data.
    pub data: Option<String>,
    pub file_id: String,
    /// Bot API requests that deliver the replies (sendMessage, editMessageText, ...).
    pub messages: usize,
}

#[derive(Debug, Clone)]
pub struct User {
    pub n: u32,
    pub chat_id: i64,
    pub plan: Vec<Planned>,
}

/// The walk of user `n`: what they send, and what pandu's Telegram channel sends back for each
/// step (the core's replies drawn as Telegram requests).
pub fn plan(defs: &Defs, n: u32) -> User {
    let steps = kyc::walk(defs, n, kyc::answers(n), chrono::Utc::now()).steps;
    let plan = steps
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            let data = match &s.event {
                pandu::dialog::Event::Choice { key } => Some(key.clone()),
                _ => None,
            };
            let messages = s
                .replies
                .iter()
                .map(|r| {
                    let chat = ChatKey {
                        channel: "telegram".into(),
                        chat_id: "1".into(),
                    };
                    let mut item = OutboxItem::unsent(1, chat, r.clone(), chrono::Utc::now());
                    item.edit_target = (r.redraw && data.is_some()).then(|| "1".to_string());
                    pandu::telegram::render::parts(&item).len()
                })
                .sum();
            Planned {
                act: s.act,
                event: s.event,
                data,
                file_id: kyc::file_id(n, i),
                messages,
            }
        })
        .collect();
    User {
        n,
        chat_id: BASE_CHAT + i64::from(n),
        plan,
    }
}

fn user_json(chat_id: i64) -> Value {
    json!({"id": chat_id, "is_bot": false, "first_name": "Uji", "last_name": "Coba", "language_code": "id"})
}

fn chat_json(chat_id: i64) -> Value {
    json!({"id": chat_id, "type": "private", "first_name": "Uji", "last_name": "Coba"})
}

/// The update Telegram would post for `step` of the user in `chat_id`.
pub fn update_json(
    update_id: i64,
    chat_id: i64,
    message_id: i64,
    pressed: i64,
    step: &Planned,
) -> String {
    let date = chrono::Utc::now().timestamp();
    let mut message = json!({"message_id": message_id, "date": date, "chat": chat_json(chat_id), "from": user_json(chat_id)});
    let body = match &step.act {
        Act::Press(_) => {
            return json!({"update_id": update_id, "callback_query": {
                "id": format!("{chat_id}{update_id:08}"),
                "from": user_json(chat_id),
                "message": {"message_id": pressed, "date": date, "chat": chat_json(chat_id),
                            "from": {"id": 123456, "is_bot": true, "first_name": "Pandu", "username": "pandu_bench_bot"},
                            "text": "…"},
                "chat_instance": format!("-{}", 7_000_000_000_i64 + chat_id),
                "data": step.data.clone().unwrap_or_default(),
            }})
            .to_string();
        }
        Act::Text(t) | Act::Wrong(t) => {
            message["text"] = json!(t);
            if t.starts_with('/') {
                let len = t.split(' ').next().unwrap_or(t).encode_utf16().count();
                message["entities"] = json!([{"type": "bot_command", "offset": 0, "length": len}]);
            }
            message
        }
        Act::Photo(size) => {
            let sizes: Vec<Value> = [(90, 160, size / 40), (320, 568, size / 6), (720, 1280, *size)]
                .iter()
                .enumerate()
                .map(|(k, (w, h, s))| {
                    json!({"file_id": format!("{}_{k}", step.file_id), "file_unique_id": format!("u{}_{k}", step.file_id),
                           "file_size": s, "width": w, "height": h})
                })
                .collect();
            message["photo"] = json!(sizes);
            // The largest size is the one pandu keeps.
            message["photo"][2]["file_id"] = json!(step.file_id);
            message
        }
        Act::Pdf(size) => {
            message["document"] = json!({"file_id": step.file_id, "file_unique_id": format!("u{}", step.file_id),
                                         "file_size": size, "file_name": "surat.pdf", "mime_type": "application/pdf"});
            message
        }
    };
    json!({"update_id": update_id, "message": body}).to_string()
}

/// Where and how updates are offered.
pub struct Offer {
    pub client: reqwest::Client,
    pub url: String,
    pub secret: String,
    /// Telegram's `max_connections` for the webhook (pandu asks for 40).
    pub connections: Arc<Semaphore>,
    pub fake: Arc<Fake>,
    pub next_update: AtomicI64,
}

/// How updates are paced.
#[derive(Debug, Clone, Copy)]
pub enum Pace {
    /// Each user sends the next update as soon as the last one is answered.
    AsFastAsAnswered,
    /// Updates offered at this rate in all (user after user, step after step).
    PerSecond(f64),
}

/// One update, measured.
#[derive(Debug, Clone, Copy)]
pub struct Sample {
    pub offered: Instant,
    /// pandu's 200 (the update committed).
    pub acked: Duration,
    /// The first and the last bot message answering it reached the fake.
    pub first: Duration,
    pub done: Duration,
    /// How late it was offered against the schedule (paced runs).
    pub late: Duration,
}

#[derive(Debug, Default)]
pub struct Outcome {
    pub samples: Vec<Sample>,
    /// Answers other than 200 (Telegram sends such an update again: so does the driver).
    pub refused: u64,
    /// Users who waited in vain, or got messages they should not have.
    pub failures: Vec<String>,
    pub started: Option<Instant>,
    pub finished: Option<Instant>,
}

impl Outcome {
    pub fn updates(&self) -> usize {
        self.samples.len()
    }
}

/// Runs `users` to the end of their walks.
pub async fn run(offer: Arc<Offer>, users: Vec<User>, pace: Pace) -> Outcome {
    let total_users = users.len();
    let refused = Arc::new(AtomicU64::new(0));
    let start = Instant::now() + Duration::from_millis(50);
    let mut tasks = tokio::task::JoinSet::new();
    for (u, user) in users.into_iter().enumerate() {
        let offer = Arc::clone(&offer);
        let refused = Arc::clone(&refused);
        tasks.spawn(async move { walk(&offer, user, u, total_users, start, pace, &refused).await });
    }
    let mut out = Outcome::default();
    while let Some(res) = tasks.join_next().await {
        match res {
            Ok(Ok(samples)) => out.samples.extend(samples),
            Ok(Err((samples, why))) => {
                out.samples.extend(samples);
                out.failures.push(why);
            }
            Err(e) => out.failures.push(format!("a user task failed: {e}")),
        }
    }
    out.refused = refused.load(Ordering::Relaxed);
    out.samples.sort_by_key(|s| s.offered);
    out.started = out.samples.first().map(|s| s.offered);
    out.finished = out.samples.iter().map(|s| s.offered + s.done).max();
    out
}

type Walked = Result<Vec<Sample>, (Vec<Sample>, String)>;

async fn walk(
    offer: &Offer,
    user: User,
    u: usize,
    users: usize,
    start: Instant,
    pace: Pace,
    refused: &AtomicU64,
) -> Walked {
    let slot = offer.fake.slot(user.chat_id).expect("a slot per user");
    let mut samples = Vec::with_capacity(user.plan.len());
    let mut expected = slot.count();
    for (s, step) in user.plan.iter().enumerate() {
        let message_id = s as i64 + 1;
        let scheduled = match pace {
            Pace::AsFastAsAnswered => None,
            Pace::PerSecond(rate) => {
                let at = start + Duration::from_secs_f64((s * users + u) as f64 / rate);
                tokio::time::sleep_until(at.into()).await;
                Some(at)
            }
        };
        let got = slot.count();
        if got != expected {
            return Err((
                samples,
                format!(
                    "user {}: {got} bot messages before step {s}, expected {expected}",
                    user.n
                ),
            ));
        }
        let update_id = offer.next_update.fetch_add(1, Ordering::Relaxed);
        let pressed = slot.keyboard_msg.load(Ordering::Relaxed);
        let body = update_json(update_id, user.chat_id, message_id, pressed, step);
        let mut offered;
        let acked;
        loop {
            let permit = offer.connections.acquire().await.expect("semaphore open");
            offered = Instant::now();
            let res = offer
                .client
                .post(&offer.url)
                .header("x-telegram-bot-api-secret-token", &offer.secret)
                .header("content-type", "application/json")
                .body(body.clone())
                .send()
                .await;
            let at = Instant::now();
            drop(permit);
            match res {
                Ok(r) if r.status() == reqwest::StatusCode::OK => {
                    acked = at - offered;
                    break;
                }
                Ok(r) => {
                    refused.fetch_add(1, Ordering::Relaxed);
                    tracing_note(&format!("update {update_id}: HTTP {}", r.status()));
                }
                Err(e) => {
                    refused.fetch_add(1, Ordering::Relaxed);
                    tracing_note(&format!("update {update_id}: {e}"));
                }
            }
            if offered.elapsed() > PATIENCE {
                return Err((
                    samples,
                    format!("user {}: update refused for a minute", user.n),
                ));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let first_index = expected;
        expected += step.messages;
        let deadline = tokio::time::Instant::now() + PATIENCE;
        while slot.count() < expected {
            tokio::select! {
                _ = slot.notify.notified() => {}
                _ = tokio::time::sleep_until(deadline) => {
                    return Err((samples, format!(
                        "user {}: step {s} ({:?}) answered with {} of {} messages within {PATIENCE:?}",
                        user.n, step.act, slot.count() - first_index, step.messages)));
                }
            }
        }
        let first = slot.arrival(first_index).expect("arrived");
        let last = slot.arrival(expected - 1).expect("arrived");
        samples.push(Sample {
            offered,
            acked,
            first: first.saturating_duration_since(offered),
            done: last.saturating_duration_since(offered),
            late: scheduled.map_or(Duration::ZERO, |at| offered.saturating_duration_since(at)),
        });
    }
    Ok(samples)
}

fn tracing_note(s: &str) {
    static SHOWN: AtomicU64 = AtomicU64::new(0);
    if SHOWN.fetch_add(1, Ordering::Relaxed) < 10 {
        eprintln!("  note: {s}");
    }
}
