//! A lean fake of the Telegram Bot API for the throughput benchmark: it answers the methods
//! pandu calls with the smallest valid answers and timestamps each reply's arrival per chat.
//! (The tests' fake, `tests/common/fake_telegram.rs`, checks and records everything; that costs
//! more CPU per call than a benchmark on two cores can spare.)

use std::net::SocketAddr;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tokio::sync::Notify;

pub const TOKEN: &str = "123456:BENCH-token";
/// The chat (and user) id of simulated user 0; user `n` is `BASE_CHAT + n`.
pub const BASE_CHAT: i64 = 710_000_000;
/// A PDF's first bytes, served for documents (pandu reads them to learn the type).
const PDF_HEAD: &[u8] = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n";

/// What reached the fake for one chat.
#[derive(Default)]
pub struct Slot {
    /// When each bot message (sent or edited) arrived, in order.
    pub arrivals: Mutex<Vec<Instant>>,
    /// Woken at each arrival.
    pub notify: Notify,
    /// The id of the newest bot message with buttons (what the user presses on).
    pub keyboard_msg: AtomicI64,
    next_id: AtomicI64,
}

impl Slot {
    pub fn count(&self) -> usize {
        self.arrivals.lock().unwrap().len()
    }

    /// The arrival time of message `i` (0-based), once there.
    pub fn arrival(&self, i: usize) -> Option<Instant> {
        self.arrivals.lock().unwrap().get(i).copied()
    }
}

#[derive(Default)]
pub struct Counters {
    pub messages: AtomicU64,
    pub callbacks: AtomicU64,
    pub files: AtomicU64,
    pub other_chats: AtomicU64,
    pub unknown: Mutex<Vec<String>>,
}

pub struct Fake {
    slots: Vec<Slot>,
    pub counters: Counters,
}

impl Fake {
    /// A fake for users `0..users`, listening on 127.0.0.1.
    pub async fn start(users: usize) -> (Arc<Fake>, SocketAddr) {
        let fake = Arc::new(Fake {
            slots: (0..users)
                .map(|_| Slot {
                    next_id: AtomicI64::new(1_000),
                    ..Slot::default()
                })
                .collect(),
            counters: Counters::default(),
        });
        let app = Router::new().fallback(handle).with_state(Arc::clone(&fake));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("binding the fake Bot API");
        let addr = listener.local_addr().expect("address");
        tokio::spawn(async move {
            axum::serve(listener, app).await.expect("fake Bot API runs");
        });
        (fake, addr)
    }

    pub fn slot(&self, chat_id: i64) -> Option<&Slot> {
        usize::try_from(chat_id - BASE_CHAT)
            .ok()
            .and_then(|i| self.slots.get(i))
    }

    /// A bot message to `chat_id` arrived at `at`: its id.
    fn arrived(&self, chat_id: i64, at: Instant, keyboard: bool, edited: Option<i64>) -> i64 {
        self.counters.messages.fetch_add(1, Ordering::Relaxed);
        let Some(slot) = self.slot(chat_id) else {
            self.counters.other_chats.fetch_add(1, Ordering::Relaxed);
            return edited.unwrap_or(1);
        };
        let id = edited.unwrap_or_else(|| slot.next_id.fetch_add(1, Ordering::Relaxed));
        if keyboard {
            slot.keyboard_msg.store(id, Ordering::Relaxed);
        }
        slot.arrivals.lock().unwrap().push(at);
        slot.notify.notify_one();
        id
    }
}

#[derive(Deserialize, Default)]
struct Params {
    chat_id: Option<serde_json::Value>,
    message_id: Option<i64>,
    reply_markup: Option<serde::de::IgnoredAny>,
    file_id: Option<String>,
}

fn chat_of(p: &Params) -> i64 {
    match &p.chat_id {
        Some(serde_json::Value::Number(n)) => n.as_i64().unwrap_or(0),
        Some(serde_json::Value::String(s)) => s.parse().unwrap_or(0),
        _ => 0,
    }
}

fn ok(result: &str) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        format!(r#"{{"ok":true,"result":{result}}}"#),
    )
        .into_response()
}

/// The smallest `Message` teloxide reads.
pub fn message_json(chat_id: i64, message_id: i64) -> String {
    format!(
        r#"{{"message_id":{message_id},"date":1767225600,"chat":{{"id":{chat_id},"type":"private","first_name":"Uji"}},"from":{{"id":123456,"is_bot":true,"first_name":"Pandu","username":"pandu_bench_bot"}},"text":"ok"}}"#
    )
}

async fn handle(State(fake): State<Arc<Fake>>, req: Request) -> Response {
    let at = Instant::now();
    let path = req.uri().path().to_string();
    if let Some(rest) = path.strip_prefix("/file/bot") {
        // A document's content (pandu reads its first bytes).
        if !rest.starts_with(TOKEN) {
            return StatusCode::NOT_FOUND.into_response();
        }
        fake.counters.files.fetch_add(1, Ordering::Relaxed);
        return PDF_HEAD.into_response();
    }
    let Some((token, method)) = path.strip_prefix("/bot").and_then(|r| r.split_once('/')) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if token != TOKEN {
        return (
            StatusCode::UNAUTHORIZED,
            r#"{"ok":false,"error_code":401,"description":"Unauthorized"}"#,
        )
            .into_response();
    }
    let method = method.to_ascii_lowercase();
    let multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/"));
    let params = if multipart {
        let mut p = Params::default();
        if let Ok(mut form) = Multipart::from_request(req, &()).await {
            while let Ok(Some(field)) = form.next_field().await {
                if field.name() == Some("chat_id") {
                    p.chat_id = field.text().await.ok().map(serde_json::Value::String);
                } else {
                    let _ = field.bytes().await;
                }
            }
        }
        p
    } else {
        match Bytes::from_request(req, &()).await {
            Ok(b) if !b.is_empty() => serde_json::from_slice(&b).unwrap_or_default(),
            _ => Params::default(),
        }
    };
    match method.as_str() {
        "sendmessage" | "sendphoto" | "senddocument" => {
            let chat = chat_of(&params);
            let id = fake.arrived(chat, at, params.reply_markup.is_some(), None);
            ok(&message_json(chat, id))
        }
        "editmessagetext" | "editmessagereplymarkup" => {
            let chat = chat_of(&params);
            let id = fake.arrived(
                chat,
                at,
                params.reply_markup.is_some(),
                Some(params.message_id.unwrap_or(1)),
            );
            ok(&message_json(chat, id))
        }
        "answercallbackquery" => {
            fake.counters.callbacks.fetch_add(1, Ordering::Relaxed);
            ok("true")
        }
        "getfile" => {
            let id = params.file_id.unwrap_or_default();
            ok(&format!(
                r#"{{"file_id":"{id}","file_unique_id":"u{id}","file_size":20000,"file_path":"documents/file.pdf"}}"#
            ))
        }
        "getme" => ok(
            r#"{"id":123456,"is_bot":true,"first_name":"Pandu","username":"pandu_bench_bot","can_join_groups":false,"can_read_all_group_messages":false,"supports_inline_queries":false}"#,
        ),
        "setwebhook" | "deletewebhook" | "setmycommands" => ok("true"),
        "getupdates" => {
            // Webhook mode never polls; answer like an idle long poll.
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            ok("[]")
        }
        other => {
            fake.counters
                .unknown
                .lock()
                .unwrap()
                .push(other.to_string());
            ok("true")
        }
    }
}
