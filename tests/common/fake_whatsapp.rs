//! An in-process fake of the WhatsApp Business Cloud API (Meta Graph API; axum on
//! `127.0.0.1:0`) for tests of the WhatsApp channel.
//!
//! It follows Meta where a bot could trip:
//!
//! * Graph API paths: `POST /{version}/{phone_number_id}/messages`,
//!   `POST /{version}/{phone_number_id}/media` (multipart `file`, `type`, `messaging_product`),
//!   `GET|DELETE /{version}/{media_id}`, `GET /{version}/{phone_number_id}`, and the media
//!   download URL that `GET /{media_id}` hands out (bearer token required there too).
//! * Authentication: `Authorization: Bearer <token>` (or `access_token=` in the query). Another
//!   token answers 401 with Graph's `OAuthException` code 190; no token, 400 code 2500.
//! * Errors are Graph error bodies: `{"error":{"message":"(#131009) Parameter value is not
//!   valid","type":"OAuthException","code":131009,"error_data":{"messaging_product":"whatsapp",
//!   "details":".."},"fbtrace_id":".."}}`. Build error handling on `error.code` and
//!   `error.error_data.details`, as Meta recommends, not on HTTP statuses or titles (the
//!   fake answers rate limits with HTTP 400; Meta does not document the status).
//! * Sends are validated like Meta validates them (reply buttons 1-3, titles <= 20 characters,
//!   lists <= 10 rows in all, row titles <= 24, ...), see [`limits`]. Details strings Meta is
//!   known to send are copied verbatim; the others follow the same pattern.
//! * The 24-hour customer-service window: every non-template send needs an inbound message
//!   from the user in the last 24 hours (by the fake's clock, which tests can move with
//!   [`FakeWhatsApp::advance_clock`]); otherwise 400 code 131047 "Re-engagement message".
//!   Templates go through. Real Cloud API often accepts such a send and reports the failure
//!   asynchronously (a `failed` status webhook with code 131047):
//!   [`FakeWhatsApp::set_async_window_errors`] switches the fake to that behaviour.
//! * Inbound traffic is built, not queued: [`FakeWaUser`] helpers return webhook payloads in
//!   Meta's exact shape, and [`FakeWhatsApp::deliver`] POSTs one to the bot with the
//!   `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body keyed by the app secret>`
//!   header Meta sends.
//!
//! ```ignore
//! let fake = FakeWhatsApp::start().await;              // bot: base_url(), token(), ...
//! let user = fake.user("628123450001", "Uji Coba");
//! let status = fake.deliver(&bot_url, &user.text("halo").payload).await;  // opens the window
//! assert!(fake.wait_for_sent("628123450001", 1, Duration::from_secs(5)).await);
//! let menu = fake.last_sent("628123450001").unwrap();  // SentWa: kind, text, buttons, rows
//! fake.deliver(&bot_url, &user.press("Ya").payload).await;  // button_reply with context
//! fake.inject(Fault::sends(FaultKind::PairRateLimit).to("628123450001").repeat(2));
//! fake.advance_clock(Duration::from_secs(25 * 3600));  // window closed: 131047
//! ```
//!
//! Synthetic data only: users are "Uji Coba" with numbers like 628123450001, files are
//! made-up bytes.

use super::killable::{ConnHandle, FakeListener};
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{
    ConnectInfo, DefaultBodyLimit, FromRequest, Multipart, Request, State as AxState,
};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, TimeDelta, Utc};
use hmac::{Hmac, KeyInit, Mac};
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};
use tokio::net::TcpListener;
use tokio::sync::Notify;

/// The Graph API version the fake serves (any `vX.Y` is accepted in paths).
pub const VERSION: &str = "v21.0";
/// The business phone number's id (the node sends and uploads go to).
pub const PHONE_NUMBER_ID: &str = "1234567890";
/// The business number as users see it (`metadata.display_phone_number`, `context.from`).
pub const DISPLAY_PHONE_NUMBER: &str = "6281100009999";
pub const VERIFIED_NAME: &str = "Pandu Uji Coba";
/// The WhatsApp Business Account id (`entry[].id` of webhooks).
pub const WABA_ID: &str = "987654321012345";
/// The only access token the fake accepts.
pub const TOKEN: &str = "EAAUjiCobaFakeAccessToken0001";
/// The app secret webhook payloads are signed with.
pub const APP_SECRET: &str = "uji-coba-app-secret-0001";
/// The verify token of the webhook subscription handshake.
pub const VERIFY_TOKEN: &str = "uji-coba-verify-token";
/// The customer-service window.
pub const WINDOW: Duration = Duration::from_secs(24 * 3600);
/// Path prefix of media download URLs.
pub const DOWNLOAD_PREFIX: &str = "/media-download/";

/// Meta's limits on outgoing messages (characters are Unicode scalar values).
pub mod limits {
    pub const TEXT_BODY: usize = 4096;
    pub const CAPTION: usize = 1024;
    pub const BUTTONS: usize = 3;
    pub const BUTTON_TITLE: usize = 20;
    pub const BUTTON_ID: usize = 256;
    pub const BUTTON_BODY: usize = 1024;
    pub const LIST_BODY: usize = 4096;
    pub const HEADER_TEXT: usize = 60;
    pub const FOOTER_TEXT: usize = 60;
    pub const LIST_BUTTON: usize = 20;
    pub const SECTIONS: usize = 10;
    pub const ROWS: usize = 10;
    pub const ROW_TITLE: usize = 24;
    pub const ROW_DESCRIPTION: usize = 72;
    pub const ROW_ID: usize = 200;
    pub const SECTION_TITLE: usize = 24;
    pub const IMAGE_BYTES: usize = 5 * 1024 * 1024;
    pub const DOCUMENT_BYTES: usize = 100 * 1024 * 1024;
    pub const AUDIO_VIDEO_BYTES: usize = 16 * 1024 * 1024;
    pub const STICKER_BYTES: usize = 500 * 1024;
}

/// Error codes the fake answers (`error.code`).
pub mod codes {
    /// Graph: unknown/unsupported node, bad parameter (`Invalid parameter`).
    pub const INVALID_PARAMETER: i64 = 100;
    /// Graph: bad access token.
    pub const ACCESS_TOKEN: i64 = 190;
    /// Graph: no access token / unknown path components.
    pub const NO_TOKEN_OR_PATH: i64 = 2500;
    /// Graph: unknown error (HTTP 500).
    pub const API_UNKNOWN: i64 = 1;
    /// Graph: service temporarily unavailable (HTTP 503).
    pub const API_SERVICE: i64 = 2;
    pub const RATE_LIMIT: i64 = 130429;
    pub const PAIR_RATE_LIMIT: i64 = 131056;
    pub const REENGAGEMENT: i64 = 131047;
    pub const REQUIRED_PARAMETER_MISSING: i64 = 131008;
    pub const PARAMETER_NOT_VALID: i64 = 131009;
    pub const MEDIA_UPLOAD: i64 = 131053;
    pub const TEMPLATE_PARAM_COUNT: i64 = 132000;
    pub const TEMPLATE_NOT_FOUND: i64 = 132001;
}

/// `error_data.details` strings. Those marked "Meta's" are what Meta sends, copied from real
/// answers; the others are modelled on them (same wording pattern), as are the details of
/// the fake's other refusals.
pub mod details {
    /// Meta's.
    pub const REENGAGEMENT: &str = "Message failed to send because more than 24 hours have passed since the customer last replied to this number.";
    /// Meta's (the example of its errors-webhook reference).
    pub const RATE_LIMIT: &str = "Message failed to send because there were too many messages sent from this phone number in a short period of time";
    /// Meta's.
    pub const PAIR_RATE_LIMIT: &str = "Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.";
    /// Meta's.
    pub const BUTTONS_COUNT: &str =
        "Invalid buttons count. Min allowed buttons: 1, Max allowed buttons: 3";
    /// Meta's.
    pub const BUTTON_TITLE: &str = "Button title length invalid. Min length: 1, Max length: 20";
    /// Meta's.
    pub const ROWS_COUNT: &str = "Total row count exceed max allowed count: 10";
    /// Meta's.
    pub const ROW_TITLE: &str = "Row title is too long. Max length is 24";
    /// Meta's.
    pub const ROW_DESCRIPTION: &str = "Row description is too long. Max length is 72";
    /// Modelled.
    pub const SECTION_TITLE: &str = "Section title is too long. Max length is 24";
    /// Modelled.
    pub const LIST_BUTTON: &str = "Button text length invalid. Min length: 1, Max length: 20";
}

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

/// One HTTP request the fake received.
#[derive(Clone, Debug)]
pub struct Call {
    /// "GET", "POST", "DELETE".
    pub method: String,
    /// The path as requested, e.g. "/v21.0/1234567890/messages".
    pub path: String,
    /// The JSON body (sends), the multipart fields (uploads: the file as
    /// `{"file_name":..,"content_type":..,"size":..}`), or `Null`.
    pub request: Value,
    /// The normalised recipient of a send.
    pub to: Option<String>,
    /// When the request was received.
    pub at: Instant,
    pub time: DateTime<Utc>,
    /// HTTP status answered; 0 while in flight or when the connection was dropped.
    pub status: u16,
    /// The JSON answered (`Null` while in flight, dropped, or for a download).
    pub answer: Value,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WaKind {
    Text,
    /// Interactive reply buttons (`interactive.type = "button"`).
    Buttons,
    /// Interactive list (`interactive.type = "list"`).
    List,
    Image,
    Document,
    Template,
    /// Another type Meta knows (audio, video, sticker, location, contacts, reaction), recorded
    /// without validation.
    Other,
}

/// A message the bot sent (accepted by the fake).
#[derive(Clone, Debug)]
pub struct SentWa {
    /// The wamid answered.
    pub id: String,
    /// Normalised recipient (digits only).
    pub to: String,
    pub kind: WaKind,
    /// Text body, interactive body text, media caption, or a registered template's rendered
    /// body.
    pub text: Option<String>,
    /// Interactive header text.
    pub header: Option<String>,
    pub footer: Option<String>,
    /// Reply buttons as (id, title).
    pub buttons: Vec<(String, String)>,
    /// The list's button text.
    pub list_button: Option<String>,
    /// Section titles of a list, in order.
    pub sections: Vec<Option<String>>,
    /// List rows in order across sections, as (id, title, description).
    pub rows: Vec<(String, String, Option<String>)>,
    /// Media sent by id (`image.id`, `document.id`).
    pub media_id: Option<String>,
    /// The media object behind `media_id`.
    pub media: Option<FakeMedia>,
    /// Media sent by link.
    pub link: Option<String>,
    /// `document.filename`.
    pub filename: Option<String>,
    pub template_name: Option<String>,
    pub template_language: Option<String>,
    /// `template.components` as sent (`Null` when absent).
    pub template_components: Value,
    /// `context.message_id`: the message this one replies to.
    pub reply_to: Option<String>,
    /// `text.preview_url`.
    pub preview_url: bool,
    /// Set when the send was accepted but fails asynchronously (window closed in async mode):
    /// the error code the `failed` status carries. Such messages never reach the user.
    pub error: Option<i64>,
    /// The fake's clock when accepted.
    pub at: DateTime<Utc>,
    /// The request body as sent.
    pub raw: Value,
}

impl SentWa {
    /// Button titles, then row titles.
    pub fn labels(&self) -> Vec<String> {
        self.buttons
            .iter()
            .map(|b| b.1.clone())
            .chain(self.rows.iter().map(|r| r.1.clone()))
            .collect()
    }
}

/// A media object the fake stores (uploaded by the bot, or sent by a user).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FakeMedia {
    pub id: String,
    pub bytes: Vec<u8>,
    pub mime_type: String,
    pub file_name: Option<String>,
    /// Lowercase hex SHA-256 of the bytes.
    pub sha256: String,
    /// Uploaded by the bot (true) or registered for an inbound message (false).
    pub uploaded: bool,
}

/// A failure to inject. Matched in insertion order against incoming requests.
#[derive(Clone, Debug)]
pub struct Fault {
    /// Only requests whose path ends with this ("/messages", "/media", [`DOWNLOAD_PREFIX`]...);
    /// `None`: any API request (downloads only match a fault naming them).
    pub path: Option<String>,
    /// Only sends (POST /messages with a `to`), not read receipts.
    pub sends_only: bool,
    /// Only sends to this recipient (normalised digits).
    pub to: Option<String>,
    /// How many matching requests fail before the fault is used up.
    pub times: usize,
    pub kind: FaultKind,
}

impl Fault {
    /// Fails the next send (any recipient) once.
    pub fn sends(kind: FaultKind) -> Fault {
        Fault {
            path: Some("/messages".to_owned()),
            sends_only: true,
            to: None,
            times: 1,
            kind,
        }
    }

    /// Fails the next request whose path ends with `path_suffix` once.
    pub fn on(path_suffix: &str, kind: FaultKind) -> Fault {
        Fault {
            path: Some(path_suffix.to_owned()),
            sends_only: false,
            to: None,
            times: 1,
            kind,
        }
    }

    /// Fails the next API request (downloads excepted) once.
    pub fn any(kind: FaultKind) -> Fault {
        Fault {
            path: None,
            sends_only: false,
            to: None,
            times: 1,
            kind,
        }
    }

    /// Only sends to `wa_id`.
    pub fn to(mut self, wa_id: &str) -> Fault {
        self.to = Some(normalize_number(wa_id).unwrap_or_else(|| wa_id.to_owned()));
        self
    }

    /// Fails `times` matching requests instead of one.
    pub fn repeat(mut self, times: usize) -> Fault {
        self.times = times;
        self
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FaultKind {
    /// 400 code 130429 "Rate limit hit" (throughput of the business number).
    RateLimit,
    /// 400 code 131056 "(Business Account, Consumer Account) pair rate limit hit".
    PairRateLimit,
    /// That status with Graph's transient error body (500: code 1 "An unknown error has
    /// occurred.", 503: code 2 "Service temporarily unavailable", ...).
    ServerError(u16),
    /// Close the connection without answering (the request was read and recorded).
    Drop,
    /// Any WhatsApp error: HTTP status, code, title, details.
    Meta {
        http: u16,
        code: i64,
        title: String,
        details: String,
    },
}

/// One inbound message built by a [`FakeWaUser`]: the webhook payload carrying it alone, and
/// its parts for [`FakeWhatsApp::batch`].
#[derive(Clone, Debug)]
pub struct WaInbound {
    /// `{"object":"whatsapp_business_account","entry":[..]}` with this message alone.
    pub payload: Value,
    pub wamid: String,
    pub from: String,
    pub profile_name: String,
    /// The `messages[]` element.
    pub message: Value,
}

/// A webhook POST made with [`FakeWhatsApp::deliver`] / [`FakeWhatsApp::deliver_with_signature`].
#[derive(Clone, Debug)]
pub struct Delivery {
    pub url: String,
    pub body: Vec<u8>,
    pub signature: Option<String>,
    /// HTTP status answered; 0 when the connection failed.
    pub status: u16,
}

// ---------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------

struct Template {
    /// Number of `{{n}}` placeholders in the body.
    params: usize,
    body: String,
}

struct State {
    clock_offset: TimeDelta,
    last_inbound: HashMap<String, DateTime<Utc>>,
    profile_names: HashMap<String, String>,
    inbound_ids: HashSet<String>,
    sent: Vec<SentWa>,
    reads: Vec<String>,
    media: HashMap<String, FakeMedia>,
    deleted_media: HashSet<String>,
    templates: HashMap<(String, String), Template>,
    calls: Vec<Call>,
    faults: Vec<Fault>,
    deliveries: Vec<Delivery>,
    latency: Duration,
    async_window_errors: bool,
    next: u64,
}

impl State {
    fn new() -> State {
        State {
            clock_offset: TimeDelta::zero(),
            last_inbound: HashMap::new(),
            profile_names: HashMap::new(),
            inbound_ids: HashSet::new(),
            sent: Vec::new(),
            reads: Vec::new(),
            media: HashMap::new(),
            deleted_media: HashSet::new(),
            templates: HashMap::new(),
            calls: Vec::new(),
            faults: Vec::new(),
            deliveries: Vec::new(),
            latency: Duration::ZERO,
            async_window_errors: false,
            next: 1,
        }
    }

    fn now(&self) -> DateTime<Utc> {
        Utc::now() + self.clock_offset
    }

    fn bump(&mut self) -> u64 {
        let n = self.next;
        self.next += 1;
        n
    }

    fn window_open(&self, wa_id: &str) -> bool {
        let window = TimeDelta::from_std(WINDOW).unwrap_or(TimeDelta::MAX);
        self.last_inbound
            .get(wa_id)
            .is_some_and(|t| self.now() - *t < window)
    }

    fn register_media(
        &mut self,
        bytes: Vec<u8>,
        mime_type: &str,
        file_name: Option<String>,
        uploaded: bool,
    ) -> FakeMedia {
        let n = self.bump();
        let media = FakeMedia {
            id: format!("{}", 1_024_000_000_000_000u64 + n),
            sha256: sha256_hex(&bytes),
            bytes,
            mime_type: mime_type.to_owned(),
            file_name,
            uploaded,
        };
        self.media.insert(media.id.clone(), media.clone());
        media
    }

    /// Consumes one use of the first fault matching the request.
    fn fault_for(&mut self, path: &str, is_send: bool, to: Option<&str>) -> Option<FaultKind> {
        let download = path.starts_with(DOWNLOAD_PREFIX);
        let idx = self.faults.iter().position(|f| {
            let path_ok = match &f.path {
                Some(p) => {
                    path.ends_with(p.as_str()) || (download && p.starts_with(DOWNLOAD_PREFIX))
                }
                None => !download,
            };
            path_ok
                && (!f.sends_only || is_send)
                && f.to.as_deref().is_none_or(|t| to == Some(t))
                && f.times > 0
        })?;
        let fault = &mut self.faults[idx];
        fault.times -= 1;
        let kind = fault.kind.clone();
        if fault.times == 0 {
            self.faults.remove(idx);
        }
        Some(kind)
    }
}

struct Shared {
    state: Mutex<State>,
    notify: Notify,
    base_url: String,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn changed(&self) {
        self.notify.notify_waiters();
    }
}

struct Handle {
    shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Handle {
    fn drop(&mut self) {
        self.task.abort();
    }
}

// ---------------------------------------------------------------------------------------------
// The handle tests use
// ---------------------------------------------------------------------------------------------

/// The fake server. Cheap to clone; the server stops when the last clone is dropped (or the
/// test's runtime ends).
#[derive(Clone)]
pub struct FakeWhatsApp {
    inner: Arc<Handle>,
}

impl FakeWhatsApp {
    pub async fn start() -> FakeWhatsApp {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the fake WhatsApp server");
        let addr = listener.local_addr().expect("local address");
        let shared = Arc::new(Shared {
            state: Mutex::new(State::new()),
            notify: Notify::new(),
            base_url: format!("http://{addr}"),
        });
        let app = Router::new()
            .fallback(handle_request)
            .with_state(shared.clone())
            .layer(DefaultBodyLimit::max(limits::DOCUMENT_BYTES + 1024 * 1024));
        let task = tokio::spawn(async move {
            let service = app.into_make_service_with_connect_info::<ConnHandle>();
            let _ = axum::serve(FakeListener(listener), service).await;
        });
        FakeWhatsApp {
            inner: Arc::new(Handle { shared, task }),
        }
    }

    /// `http://127.0.0.1:PORT`, in place of `https://graph.facebook.com`.
    pub fn base_url(&self) -> String {
        self.inner.shared.base_url.clone()
    }

    pub fn version(&self) -> &'static str {
        VERSION
    }

    pub fn phone_number_id(&self) -> &'static str {
        PHONE_NUMBER_ID
    }

    pub fn display_phone_number(&self) -> &'static str {
        DISPLAY_PHONE_NUMBER
    }

    pub fn token(&self) -> &'static str {
        TOKEN
    }

    pub fn app_secret(&self) -> &'static str {
        APP_SECRET
    }

    pub fn verify_token(&self) -> &'static str {
        VERIFY_TOKEN
    }

    /// `{base}/{version}/{phone_number_id}/messages`.
    pub fn messages_url(&self) -> String {
        format!("{}/{VERSION}/{PHONE_NUMBER_ID}/messages", self.base_url())
    }

    /// `{base}/{version}/{phone_number_id}/media`.
    pub fn media_url(&self) -> String {
        format!("{}/{VERSION}/{PHONE_NUMBER_ID}/media", self.base_url())
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.inner.shared.lock()
    }

    fn changed(&self) {
        self.inner.shared.changed();
    }

    // --- clock and window ------------------------------------------------------------------

    /// The fake's clock (real time plus [`FakeWhatsApp::advance_clock`]).
    pub fn now(&self) -> DateTime<Utc> {
        self.state().now()
    }

    /// Moves the fake's clock forward: windows close, timestamps of new payloads move.
    pub fn advance_clock(&self, by: Duration) {
        let by = TimeDelta::from_std(by).unwrap_or(TimeDelta::MAX);
        let mut st = self.state();
        st.clock_offset += by;
    }

    /// Whether a free-form message to `wa_id` would be accepted now.
    pub fn window_open(&self, wa_id: &str) -> bool {
        let wa_id = normalize_number(wa_id).unwrap_or_else(|| wa_id.to_owned());
        self.state().window_open(&wa_id)
    }

    /// Closes the user's window: their last message becomes 25 hours old.
    pub fn set_window_closed(&self, wa_id: &str) {
        let wa_id = normalize_number(wa_id).unwrap_or_else(|| wa_id.to_owned());
        let mut st = self.state();
        let then = st.now() - TimeDelta::hours(25);
        st.last_inbound.insert(wa_id, then);
    }

    /// Opens the user's window as if they had just written (without a payload).
    pub fn open_window(&self, wa_id: &str) {
        let wa_id = normalize_number(wa_id).unwrap_or_else(|| wa_id.to_owned());
        let mut st = self.state();
        let now = st.now();
        st.last_inbound.insert(wa_id, now);
    }

    /// `true`: a free-form send outside the window is accepted (200 with a wamid) and recorded
    /// with `error: Some(131047)`, as Cloud API often does, the failure arriving later as a
    /// `failed` status webhook ([`FakeWhatsApp::status_failed`]). `false` (default): 400 131047.
    pub fn set_async_window_errors(&self, on: bool) {
        self.state().async_window_errors = on;
    }

    // --- templates -------------------------------------------------------------------------

    /// Registers an approved template. Once any is registered, sends of unknown templates
    /// answer 132001 and body parameter counts are checked (132000); before, every template
    /// is accepted. `body` uses `{{1}}`, `{{2}}`... and is rendered into [`SentWa::text`].
    pub fn add_template(&self, name: &str, language: &str, body: &str) {
        let params = (1..=20)
            .take_while(|n| body.contains(&format!("{{{{{n}}}}}")))
            .count();
        self.state().templates.insert(
            (name.to_owned(), language.to_owned()),
            Template {
                params,
                body: body.to_owned(),
            },
        );
    }

    // --- sent messages ---------------------------------------------------------------------

    /// Messages accepted for `to` that reach the user (asynchronously failed ones left out),
    /// oldest first.
    pub fn sent(&self, to: &str) -> Vec<SentWa> {
        let to = normalize_number(to).unwrap_or_else(|| to.to_owned());
        self.state()
            .sent
            .iter()
            .filter(|m| m.to == to && m.error.is_none())
            .cloned()
            .collect()
    }

    /// Every accepted send, asynchronously failed ones included.
    pub fn all_sent(&self) -> Vec<SentWa> {
        self.state().sent.clone()
    }

    pub fn last_sent(&self, to: &str) -> Option<SentWa> {
        self.sent(to).pop()
    }

    /// Texts (bodies, captions) of the messages that reached `to`.
    pub fn texts(&self, to: &str) -> Vec<String> {
        self.sent(to).into_iter().filter_map(|m| m.text).collect()
    }

    pub fn sent_by_id(&self, wamid: &str) -> Option<SentWa> {
        self.state().sent.iter().find(|m| m.id == wamid).cloned()
    }

    /// Inbound wamids the bot marked as read.
    pub fn read_marks(&self) -> Vec<String> {
        self.state().reads.clone()
    }

    // --- media -----------------------------------------------------------------------------

    /// Registers media as if a user had sent it; returns its id (for inbound payloads).
    pub fn add_media(&self, bytes: Vec<u8>, mime_type: &str, file_name: Option<&str>) -> String {
        let media =
            self.state()
                .register_media(bytes, mime_type, file_name.map(str::to_owned), false);
        media.id
    }

    pub fn media(&self, media_id: &str) -> Option<FakeMedia> {
        self.state().media.get(media_id).cloned()
    }

    /// Media the bot uploaded, in no particular order.
    pub fn uploads(&self) -> Vec<FakeMedia> {
        let mut v: Vec<FakeMedia> = self
            .state()
            .media
            .values()
            .filter(|m| m.uploaded)
            .cloned()
            .collect();
        v.sort_by(|a, b| a.id.cmp(&b.id));
        v
    }

    /// The download URL `GET /{media_id}` answers for the media.
    pub fn download_url(&self, media_id: &str) -> String {
        download_url(&self.base_url(), media_id)
    }

    // --- recording and faults --------------------------------------------------------------

    pub fn calls(&self) -> Vec<Call> {
        self.state().calls.clone()
    }

    /// Calls whose path ends with `path_suffix` (e.g. "/messages", "/media"), or starts with
    /// it ([`DOWNLOAD_PREFIX`] for downloads).
    pub fn calls_of(&self, path_suffix: &str) -> Vec<Call> {
        let mut v = self.calls();
        v.retain(|c| c.path.ends_with(path_suffix) || c.path.starts_with(path_suffix));
        v
    }

    pub fn clear_calls(&self) {
        self.state().calls.clear();
    }

    pub fn inject(&self, fault: Fault) {
        self.state().faults.push(fault);
    }

    pub fn clear_faults(&self) {
        self.state().faults.clear();
    }

    /// Faults not used up yet.
    pub fn pending_faults(&self) -> Vec<Fault> {
        self.state().faults.clone()
    }

    /// Delay before every answer.
    pub fn set_latency(&self, latency: Duration) {
        self.state().latency = latency;
    }

    /// Webhook POSTs made so far.
    pub fn deliveries(&self) -> Vec<Delivery> {
        self.state().deliveries.clone()
    }

    // --- waiting ---------------------------------------------------------------------------

    /// Waits until `cond` holds, re-checking after every request, answer and delivery; false
    /// when `timeout` elapses first.
    pub async fn wait_until(
        &self,
        mut cond: impl FnMut(&FakeWhatsApp) -> bool,
        timeout: Duration,
    ) -> bool {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let notified = self.inner.shared.notify.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if cond(self) {
                return true;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                return cond(self);
            }
        }
    }

    /// Waits until at least `count` messages reached `to`.
    pub async fn wait_for_sent(&self, to: &str, count: usize, timeout: Duration) -> bool {
        self.wait_until(|f| f.sent(to).len() >= count, timeout)
            .await
    }

    /// Waits until requests with this path suffix were answered (status != 0) `count` times.
    pub async fn wait_for_calls(&self, path_suffix: &str, count: usize, timeout: Duration) -> bool {
        self.wait_until(
            |f| {
                f.calls_of(path_suffix)
                    .iter()
                    .filter(|c| c.status != 0)
                    .count()
                    >= count
            },
            timeout,
        )
        .await
    }

    // --- inbound payloads ----------------------------------------------------------------------

    /// A WhatsApp user (`wa_id` digits, e.g. "628123450001") with a profile name.
    pub fn user(&self, wa_id: &str, profile_name: &str) -> FakeWaUser {
        let wa_id = normalize_number(wa_id)
            .unwrap_or_else(|| panic!("wa_id must be a phone number in digits, got {wa_id:?}"));
        self.state()
            .profile_names
            .insert(wa_id.clone(), profile_name.to_owned());
        FakeWaUser {
            fake: self.clone(),
            wa_id,
            profile_name: profile_name.to_owned(),
        }
    }

    /// Wraps a change `value` (without `messaging_product` / `metadata`, which are added) into
    /// a webhook payload.
    pub fn envelope(&self, mut value: Value) -> Value {
        if let Some(obj) = value.as_object_mut() {
            obj.insert("messaging_product".to_owned(), json!("whatsapp"));
            obj.insert(
                "metadata".to_owned(),
                json!({
                    "display_phone_number": DISPLAY_PHONE_NUMBER,
                    "phone_number_id": PHONE_NUMBER_ID,
                }),
            );
        }
        json!({
            "object": "whatsapp_business_account",
            "entry": [{
                "id": WABA_ID,
                "changes": [{ "value": value, "field": "messages" }],
            }],
        })
    }

    /// Several messages (of one or more users) in one payload: one change whose `contacts`
    /// lists each sender once and whose `messages` keeps the given order.
    pub fn batch(&self, messages: Vec<WaInbound>) -> Value {
        let mut contacts = Vec::new();
        let mut seen = HashSet::new();
        for m in &messages {
            if seen.insert(m.from.clone()) {
                contacts.push(json!({"profile": {"name": m.profile_name}, "wa_id": m.from}));
            }
        }
        let msgs: Vec<Value> = messages.into_iter().map(|m| m.message).collect();
        self.envelope(json!({ "contacts": contacts, "messages": msgs }))
    }

    /// A status webhook for a message the bot sent: "sent", "delivered" or "read" (for
    /// "failed" use [`FakeWhatsApp::status_failed`]). `recipient_id` comes from the send.
    pub fn status_update(&self, wamid: &str, status: &str) -> Value {
        let st = self.state();
        let sent = st.sent.iter().find(|m| m.id == wamid);
        let recipient = sent.map(|m| m.to.clone()).unwrap_or_default();
        let category = match sent.map(|m| m.kind) {
            Some(WaKind::Template) => "utility",
            _ => "service",
        };
        let now = st.now();
        drop(st);
        let mut s = json!({
            "id": wamid,
            "status": status,
            "timestamp": now.timestamp().to_string(),
            "recipient_id": recipient,
        });
        if status == "sent" || status == "delivered" {
            s["conversation"] = json!({
                "id": format!("c0ffee{:026x}", fnv(recipient.as_bytes())),
                "origin": { "type": category },
            });
            s["pricing"] = json!({
                "billable": true,
                "pricing_model": "CBP",
                "category": category,
            });
            if status == "sent" {
                let exp = now + TimeDelta::hours(24);
                s["conversation"]["expiration_timestamp"] = json!(exp.timestamp().to_string());
            }
        }
        self.envelope(json!({ "statuses": [s] }))
    }

    /// A `failed` status webhook with one error (`code`, title, message, error_data.details,
    /// href). Title and details are Meta's for the codes in [`codes`]; `details` overrides.
    pub fn status_failed(&self, wamid: &str, code: i64, details: Option<&str>) -> Value {
        let st = self.state();
        let recipient = st
            .sent
            .iter()
            .find(|m| m.id == wamid)
            .map(|m| m.to.clone())
            .unwrap_or_default();
        let now = st.now();
        drop(st);
        let (title, default_details) = code_title(code);
        self.envelope(json!({"statuses": [{
            "id": wamid,
            "status": "failed",
            "timestamp": now.timestamp().to_string(),
            "recipient_id": recipient,
            "errors": [{
                "code": code,
                "title": title,
                "message": title,
                "error_data": { "details": details.unwrap_or(default_details) },
                "href": "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/",
            }],
        }]}))
    }

    // --- webhook delivery ----------------------------------------------------------------------

    /// `sha256=<hex>`: the `X-Hub-Signature-256` value Meta sends for this raw body.
    pub fn sign(&self, body: &[u8]) -> String {
        signature(APP_SECRET, body)
    }

    /// POSTs `payload` to a bot's webhook like Meta (JSON body, `X-Hub-Signature-256`);
    /// returns the HTTP status, 0 when the connection failed.
    pub async fn deliver(&self, bot_url: &str, payload: &Value) -> u16 {
        let body = serde_json::to_vec(payload).expect("payload serializes");
        let sig = self.sign(&body);
        self.deliver_with_signature(bot_url, &body, Some(&sig))
            .await
    }

    /// POSTs raw bytes with the given `X-Hub-Signature-256` header value (`None`: no header),
    /// for bad-signature tests.
    pub async fn deliver_with_signature(
        &self,
        bot_url: &str,
        body: &[u8],
        signature: Option<&str>,
    ) -> u16 {
        let mut req = reqwest::Client::new()
            .post(bot_url)
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::USER_AGENT, "facebookexternalua")
            .body(body.to_vec());
        if let Some(sig) = signature {
            req = req.header("X-Hub-Signature-256", sig);
        }
        let status = match req.send().await {
            Ok(resp) => resp.status().as_u16(),
            Err(_) => 0,
        };
        self.state().deliveries.push(Delivery {
            url: bot_url.to_owned(),
            body: body.to_vec(),
            signature: signature.map(str::to_owned),
            status,
        });
        self.changed();
        status
    }

    /// Meta's subscription handshake: `GET bot_url?hub.mode=..&hub.verify_token=..&hub.challenge=..`.
    /// Returns (status, body); (0, "") when the connection failed.
    pub async fn verify(
        &self,
        bot_url: &str,
        mode: &str,
        token: &str,
        challenge: &str,
    ) -> (u16, String) {
        let Ok(url) = reqwest::Url::parse_with_params(
            bot_url,
            &[
                ("hub.mode", mode),
                ("hub.verify_token", token),
                ("hub.challenge", challenge),
            ],
        ) else {
            return (0, String::new());
        };
        match reqwest::Client::new()
            .get(url)
            .header(header::USER_AGENT, "facebookplatform/1.0")
            .send()
            .await
        {
            Ok(resp) => {
                let status = resp.status().as_u16();
                (status, resp.text().await.unwrap_or_default())
            }
            Err(_) => (0, String::new()),
        }
    }
}

/// `sha256=<lowercase hex HMAC-SHA256(secret, body)>`.
pub fn signature(secret: &str, body: &[u8]) -> String {
    let mut mac =
        <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key");
    mac.update(body);
    format!("sha256={}", hex(&mac.finalize().into_bytes()))
}

/// Title and default details of an error code (for status webhooks).
fn code_title(code: i64) -> (&'static str, &'static str) {
    match code {
        codes::REENGAGEMENT => ("Re-engagement message", details::REENGAGEMENT),
        codes::RATE_LIMIT => ("Rate limit hit", details::RATE_LIMIT),
        codes::PAIR_RATE_LIMIT => (
            "(Business Account, Consumer Account) pair rate limit hit",
            details::PAIR_RATE_LIMIT,
        ),
        131026 => ("Message undeliverable", "Message Undeliverable."),
        131049 => (
            "This message was not delivered to maintain healthy ecosystem engagement.",
            "In order to maintain a healthy ecosystem engagement, the message failed to be delivered.",
        ),
        codes::MEDIA_UPLOAD => (
            "Media upload error",
            "Unable to upload the media used in the message.",
        ),
        _ => ("Something went wrong", "Unknown error."),
    }
}

// ---------------------------------------------------------------------------------------------
// Users
// ---------------------------------------------------------------------------------------------

/// A WhatsApp user writing to the business. Every action returns a [`WaInbound`] (payload and
/// wamid) and opens the user's 24-hour window at the fake's clock.
#[derive(Clone)]
pub struct FakeWaUser {
    fake: FakeWhatsApp,
    pub wa_id: String,
    pub profile_name: String,
}

impl FakeWaUser {
    fn push(&self, kind: &str, body: Value, context: Option<String>) -> WaInbound {
        let mut st = self.fake.state();
        let n = st.bump();
        let now = st.now();
        let wamid = format!("wamid.HBgM{}FQIAEhgU{:020X}AA==", self.wa_id, n);
        st.inbound_ids.insert(wamid.clone());
        st.last_inbound.insert(self.wa_id.clone(), now);
        drop(st);
        let mut message = json!({
            "from": self.wa_id,
            "id": wamid,
            "timestamp": now.timestamp().to_string(),
            "type": kind,
        });
        if let Some(ctx) = context {
            message["context"] = json!({ "from": DISPLAY_PHONE_NUMBER, "id": ctx });
        }
        message[kind] = body;
        let payload = self.fake.envelope(json!({
            "contacts": [{ "profile": { "name": self.profile_name }, "wa_id": self.wa_id }],
            "messages": [message.clone()],
        }));
        self.fake.changed();
        WaInbound {
            payload,
            wamid,
            from: self.wa_id.clone(),
            profile_name: self.profile_name.clone(),
            message,
        }
    }

    pub fn text(&self, body: &str) -> WaInbound {
        self.push("text", json!({ "body": body }), None)
    }

    /// A text quoting (replying to) message `wamid`.
    pub fn reply(&self, wamid: &str, body: &str) -> WaInbound {
        self.push("text", json!({ "body": body }), Some(wamid.to_owned()))
    }

    /// Taps reply button `id` / `title`. `context.id` is the newest message sent to this user
    /// that carries a button with that id (omitted when there is none).
    pub fn button_reply(&self, id: &str, title: &str) -> WaInbound {
        let ctx = self
            .fake
            .sent(&self.wa_id)
            .into_iter()
            .rev()
            .find(|m| m.buttons.iter().any(|b| b.0 == id))
            .map(|m| m.id);
        self.push(
            "interactive",
            json!({ "type": "button_reply", "button_reply": { "id": id, "title": title } }),
            ctx,
        )
    }

    /// Picks list row `id` / `title`; the description comes from the list sent (when known).
    pub fn list_reply(&self, id: &str, title: &str) -> WaInbound {
        let found = self.fake.sent(&self.wa_id).into_iter().rev().find_map(|m| {
            m.rows
                .iter()
                .find(|r| r.0 == id)
                .map(|r| (m.id.clone(), r.2.clone()))
        });
        let mut reply = json!({ "id": id, "title": title });
        let ctx = found.map(|(wamid, description)| {
            if let Some(d) = description {
                reply["description"] = json!(d);
            }
            wamid
        });
        self.push(
            "interactive",
            json!({ "type": "list_reply", "list_reply": reply }),
            ctx,
        )
    }

    /// Taps the button or list row whose title contains `label` on the newest message sent to
    /// this user that has one. Panics with the visible options when there is none.
    pub fn press(&self, label: &str) -> WaInbound {
        let sent = self.fake.sent(&self.wa_id);
        for m in sent.iter().rev() {
            if let Some((id, title)) = m.buttons.iter().find(|b| b.1.contains(label)) {
                return self.button_reply(id, title);
            }
            if let Some((id, title, _)) = m.rows.iter().find(|r| r.1.contains(label)) {
                return self.list_reply(id, title);
            }
        }
        let shown: Vec<String> = sent
            .iter()
            .filter(|m| !m.buttons.is_empty() || !m.rows.is_empty())
            .map(|m| format!("{}: {:?}", m.id, m.labels()))
            .collect();
        panic!(
            "no button or row containing {label:?} for {}; options sent: {shown:?}",
            self.wa_id
        );
    }

    /// An image (registered as media the bot can retrieve and download).
    pub fn image(&self, bytes: Vec<u8>, mime_type: &str) -> WaInbound {
        self.image_with_caption(bytes, mime_type, None)
    }

    pub fn image_with_caption(
        &self,
        bytes: Vec<u8>,
        mime_type: &str,
        caption: Option<&str>,
    ) -> WaInbound {
        let media = self
            .fake
            .state()
            .register_media(bytes, mime_type, None, false);
        let mut body = json!({
            "mime_type": media.mime_type,
            "sha256": media.sha256,
            "id": media.id,
        });
        if let Some(c) = caption {
            body["caption"] = json!(c);
        }
        self.push("image", body, None)
    }

    pub fn document(&self, bytes: Vec<u8>, mime_type: &str, filename: &str) -> WaInbound {
        self.document_with_caption(bytes, mime_type, filename, None)
    }

    pub fn document_with_caption(
        &self,
        bytes: Vec<u8>,
        mime_type: &str,
        filename: &str,
        caption: Option<&str>,
    ) -> WaInbound {
        let media =
            self.fake
                .state()
                .register_media(bytes, mime_type, Some(filename.to_owned()), false);
        let mut body = json!({
            "filename": filename,
            "mime_type": media.mime_type,
            "sha256": media.sha256,
            "id": media.id,
        });
        if let Some(c) = caption {
            body["caption"] = json!(c);
        }
        self.push("document", body, None)
    }

    /// A message type the bot may not handle (`type: "unsupported"` with Meta's error 131051).
    pub fn unsupported(&self) -> WaInbound {
        let mut inbound = self.push("unsupported", json!({ "type": "unknown" }), None);
        let err = json!([{
            "code": 131051,
            "title": "Message type unknown",
            "message": "Message type unknown",
            "error_data": { "details": "Message type is currently not supported." },
        }]);
        inbound.message["errors"] = err.clone();
        inbound.payload["entry"][0]["changes"][0]["value"]["messages"][0]["errors"] = err;
        inbound
    }

    /// Messages that reached this user.
    pub fn received(&self) -> Vec<SentWa> {
        self.fake.sent(&self.wa_id)
    }

    pub async fn wait_for_messages(&self, count: usize, timeout: Duration) -> bool {
        self.fake.wait_for_sent(&self.wa_id, count, timeout).await
    }
}

// ---------------------------------------------------------------------------------------------
// Errors and answers
// ---------------------------------------------------------------------------------------------

static TRACE: AtomicU64 = AtomicU64::new(1);

fn fbtrace_id() -> String {
    format!("AUjiCoba{:014}", TRACE.fetch_add(1, Ordering::Relaxed))
}

/// A Graph error answer.
#[derive(Clone, Debug)]
struct MetaErr {
    http: u16,
    error: Value,
}

impl MetaErr {
    fn body(&self) -> Value {
        json!({ "error": self.error })
    }
}

/// A WhatsApp error: message "(#code) title", `error_data.details`.
fn wa_err(http: u16, code: i64, title: &str, details: impl Into<String>) -> MetaErr {
    MetaErr {
        http,
        error: json!({
            "message": format!("(#{code}) {title}"),
            "type": "OAuthException",
            "code": code,
            "error_data": { "messaging_product": "whatsapp", "details": details.into() },
            "fbtrace_id": fbtrace_id(),
        }),
    }
}

/// Graph's own parameter errors: "(#100) ..." without error_data.
fn graph_param(message: impl Into<String>) -> MetaErr {
    MetaErr {
        http: 400,
        error: json!({
            "message": format!("(#100) {}", message.into()),
            "type": "OAuthException",
            "code": codes::INVALID_PARAMETER,
            "fbtrace_id": fbtrace_id(),
        }),
    }
}

fn required(param: &str) -> MetaErr {
    graph_param(format!("The parameter {param} is required."))
}

fn enum_param(param: &str, allowed: &str, got: &str) -> MetaErr {
    graph_param(format!(
        "Param {param} must be one of {{{allowed}}} - got \"{got}\"."
    ))
}

fn invalid_param(details: impl Into<String>) -> MetaErr {
    wa_err(400, codes::INVALID_PARAMETER, "Invalid parameter", details)
}

fn not_valid(details: impl Into<String>) -> MetaErr {
    wa_err(
        400,
        codes::PARAMETER_NOT_VALID,
        "Parameter value is not valid",
        details,
    )
}

fn missing(details: impl Into<String>) -> MetaErr {
    wa_err(
        400,
        codes::REQUIRED_PARAMETER_MISSING,
        "Required parameter is missing",
        details,
    )
}

fn bad_token() -> MetaErr {
    MetaErr {
        http: 401,
        error: json!({
            "message": "Invalid OAuth access token - Cannot parse access token",
            "type": "OAuthException",
            "code": codes::ACCESS_TOKEN,
            "fbtrace_id": fbtrace_id(),
        }),
    }
}

fn no_token() -> MetaErr {
    MetaErr {
        http: 400,
        error: json!({
            "message": "An active access token must be used to query information about the current user.",
            "type": "OAuthException",
            "code": codes::NO_TOKEN_OR_PATH,
            "fbtrace_id": fbtrace_id(),
        }),
    }
}

fn unsupported(method: &Method, id: &str) -> MetaErr {
    MetaErr {
        http: 400,
        error: json!({
            "message": format!(
                "Unsupported {} request. Object with ID '{id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api",
                method.as_str().to_ascii_lowercase()
            ),
            "type": "GraphMethodException",
            "code": codes::INVALID_PARAMETER,
            "error_subcode": 33,
            "fbtrace_id": fbtrace_id(),
        }),
    }
}

fn unknown_path(rest: &str) -> MetaErr {
    MetaErr {
        http: 400,
        error: json!({
            "message": format!("Unknown path components: /{rest}"),
            "type": "OAuthException",
            "code": codes::NO_TOKEN_OR_PATH,
            "fbtrace_id": fbtrace_id(),
        }),
    }
}

fn server_error(status: u16) -> MetaErr {
    let (code, message) = match status {
        503 => (codes::API_SERVICE, "Service temporarily unavailable"),
        _ => (codes::API_UNKNOWN, "An unknown error has occurred."),
    };
    MetaErr {
        http: status,
        error: json!({
            "message": message,
            "type": "OAuthException",
            "is_transient": true,
            "code": code,
            "fbtrace_id": fbtrace_id(),
        }),
    }
}

fn fault_err(kind: FaultKind) -> Option<MetaErr> {
    Some(match kind {
        FaultKind::RateLimit => wa_err(
            400,
            codes::RATE_LIMIT,
            "Rate limit hit",
            details::RATE_LIMIT,
        ),
        FaultKind::PairRateLimit => wa_err(
            400,
            codes::PAIR_RATE_LIMIT,
            "(Business Account, Consumer Account) pair rate limit hit",
            details::PAIR_RATE_LIMIT,
        ),
        FaultKind::ServerError(status) => server_error(status),
        FaultKind::Meta {
            http,
            code,
            title,
            details,
        } => wa_err(http, code, &title, details),
        FaultKind::Drop => return None,
    })
}

enum Answer {
    Json(u16, Value),
    Bytes(String, Vec<u8>),
    Drop,
}

impl Answer {
    fn err(e: MetaErr) -> Answer {
        Answer::Json(e.http, e.body())
    }

    fn status(&self) -> u16 {
        match self {
            Answer::Json(s, _) => *s,
            Answer::Bytes(..) => 200,
            Answer::Drop => 0,
        }
    }

    fn json(&self) -> Value {
        match self {
            Answer::Json(_, v) => v.clone(),
            _ => Value::Null,
        }
    }

    fn into_response(self) -> Response {
        match self {
            Answer::Json(status, v) => {
                let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
                let body = serde_json::to_vec(&v).unwrap_or_default();
                let mut resp = (status, body).into_response();
                resp.headers_mut().insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json; charset=UTF-8"),
                );
                resp
            }
            Answer::Bytes(mime, bytes) => {
                let mut resp = (StatusCode::OK, bytes).into_response();
                let ct = HeaderValue::from_str(&mime)
                    .unwrap_or(HeaderValue::from_static("application/octet-stream"));
                resp.headers_mut().insert(header::CONTENT_TYPE, ct);
                resp
            }
            Answer::Drop => StatusCode::OK.into_response(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// HTTP layer
// ---------------------------------------------------------------------------------------------

enum Route {
    Messages,
    Upload,
    PhoneNumber,
    Node(String),
    Unsupported(String),
    UnknownPath(String),
}

fn is_version(s: &str) -> bool {
    s.strip_prefix('v').is_some_and(|rest| {
        let mut parts = rest.split('.');
        let ok = |p: Option<&str>| {
            p.is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        };
        ok(parts.next()) && ok(parts.next()) && parts.next().is_none()
    })
}

fn route(method: &Method, path: &str) -> Route {
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let rest = if segs.first().is_some_and(|s| is_version(s)) {
        &segs[1..]
    } else {
        &segs[..]
    };
    match rest {
        [node, edge] if *edge == "messages" || *edge == "media" => {
            if *node != PHONE_NUMBER_ID {
                Route::Unsupported(node.to_string())
            } else if method != Method::POST {
                Route::Unsupported(format!("{node}/{edge}"))
            } else if *edge == "messages" {
                Route::Messages
            } else {
                Route::Upload
            }
        }
        [node] if *node == PHONE_NUMBER_ID && method == Method::GET => Route::PhoneNumber,
        [node] if method == Method::GET || method == Method::DELETE => {
            Route::Node(node.to_string())
        }
        [node] => Route::Unsupported(node.to_string()),
        _ => Route::UnknownPath(rest.join("/")),
    }
}

/// The bearer token of the request (header, or `access_token` in the query).
fn request_token(headers: &HeaderMap, query: Option<&str>) -> Option<String> {
    if let Some(v) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    {
        let v = v.trim();
        let token = v
            .strip_prefix("Bearer ")
            .or_else(|| v.strip_prefix("bearer "))
            .or_else(|| v.strip_prefix("OAuth "))
            .unwrap_or(v);
        return Some(token.trim().to_owned());
    }
    query.and_then(|q| {
        url::form_urlencoded::parse(q.as_bytes())
            .find(|(k, _)| k == "access_token")
            .map(|(_, v)| v.into_owned())
    })
}

fn download_url(base: &str, media_id: &str) -> String {
    format!(
        "{base}{DOWNLOAD_PREFIX}{media_id}?mid={media_id}&ext={}&hash=ARuji{:x}",
        1_700_000_000 + media_id.len(),
        fnv(media_id.as_bytes())
    )
}

async fn handle_request(
    AxState(shared): AxState<Arc<Shared>>,
    ConnectInfo(conn): ConnectInfo<ConnHandle>,
    req: Request,
) -> Response {
    let at = Instant::now();
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let query = req.uri().query().map(str::to_owned);
    let token = request_token(req.headers(), query.as_deref());

    if let Some(media_id) = path.strip_prefix(DOWNLOAD_PREFIX) {
        let media_id = media_id.trim_end_matches('/').to_owned();
        let index = record(&shared, &method, &path, Value::Null, None, at);
        let answer = download(&shared, &method, &path, &media_id, token.as_deref()).await;
        return finish(&shared, &conn, index, answer);
    }

    let route = route(&method, &path);
    // Read the body first, so the call is recorded with it.
    let (request, upload, parse_error) = match route {
        Route::Messages => match read_json(req).await {
            Ok(v) => (v, None, None),
            Err(e) => (Value::Null, None, Some(e)),
        },
        Route::Upload => match read_upload(req).await {
            Ok(u) => (u.summary(), Some(u), None),
            Err(e) => (Value::Null, None, Some(e)),
        },
        _ => (Value::Null, None, None),
    };
    let to = request
        .get("to")
        .and_then(Value::as_str)
        .map(|t| normalize_number(t).unwrap_or_else(|| t.to_owned()));
    let index = record(&shared, &method, &path, request.clone(), to.clone(), at);

    let latency = shared.lock().latency;
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }

    let answer = match token.as_deref() {
        None | Some("") => Answer::err(no_token()),
        Some(t) if t != TOKEN => Answer::err(bad_token()),
        Some(_) => {
            let is_send = matches!(route, Route::Messages) && request.get("to").is_some();
            let fault = shared.lock().fault_for(&path, is_send, to.as_deref());
            match fault {
                Some(kind) => match fault_err(kind) {
                    Some(e) => Answer::err(e),
                    None => Answer::Drop,
                },
                None => match parse_error {
                    Some(e) => Answer::err(e),
                    None => dispatch(&shared, &method, route, request, upload),
                },
            }
        }
    };
    finish(&shared, &conn, index, answer)
}

fn finish(shared: &Shared, conn: &ConnHandle, index: usize, answer: Answer) -> Response {
    {
        let mut st = shared.lock();
        if let Some(call) = st.calls.get_mut(index) {
            call.status = answer.status();
            call.answer = answer.json();
        }
    }
    shared.changed();
    if matches!(answer, Answer::Drop) {
        conn.0.store(true, Ordering::SeqCst);
    }
    answer.into_response()
}

fn record(
    shared: &Shared,
    method: &Method,
    path: &str,
    request: Value,
    to: Option<String>,
    at: Instant,
) -> usize {
    let mut st = shared.lock();
    let time = st.now();
    st.calls.push(Call {
        method: method.as_str().to_owned(),
        path: path.to_owned(),
        request,
        to,
        at,
        time,
        status: 0,
        answer: Value::Null,
    });
    let index = st.calls.len() - 1;
    drop(st);
    shared.changed();
    index
}

async fn read_json(req: Request) -> Result<Value, MetaErr> {
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let body = axum::body::to_bytes(req.into_body(), 4 * 1024 * 1024)
        .await
        .map_err(|_| invalid_param("Request body too large or unreadable"))?;
    if content_type.starts_with("application/x-www-form-urlencoded") {
        // Graph also takes form fields; nested objects are JSON strings.
        let mut obj = Map::new();
        for (k, v) in url::form_urlencoded::parse(&body) {
            let value = serde_json::from_str::<Value>(&v)
                .ok()
                .filter(|v| v.is_object() || v.is_array())
                .unwrap_or(Value::String(v.into_owned()));
            obj.insert(k.into_owned(), value);
        }
        return Ok(Value::Object(obj));
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Object(Map::new()));
    }
    serde_json::from_slice::<Value>(&body)
        .map_err(|e| invalid_param(format!("Request body is not valid JSON: {e}")))
}

struct Upload {
    file: Option<(Option<String>, Option<String>, Vec<u8>)>,
    fields: Map<String, Value>,
}

impl Upload {
    fn summary(&self) -> Value {
        let mut v = Value::Object(self.fields.clone());
        if let Some((name, ct, bytes)) = &self.file {
            v["file"] = json!({ "file_name": name, "content_type": ct, "size": bytes.len() });
        }
        v
    }
}

async fn read_upload(req: Request) -> Result<Upload, MetaErr> {
    let mut multipart = Multipart::from_request(req, &())
        .await
        .map_err(|e| invalid_param(format!("Media upload must be multipart/form-data: {e}")))?;
    let mut upload = Upload {
        file: None,
        fields: Map::new(),
    };
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err(invalid_param(format!("Malformed multipart body: {e}"))),
        };
        let name = field.name().unwrap_or("").to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let content_type = field.content_type().map(str::to_owned);
        let bytes = field
            .bytes()
            .await
            .map_err(|e| invalid_param(format!("Malformed multipart body: {e}")))?;
        if name == "file" {
            upload.file = Some((file_name, content_type, bytes.to_vec()));
        } else {
            upload.fields.insert(
                name,
                Value::String(String::from_utf8_lossy(&bytes).into_owned()),
            );
        }
    }
    Ok(upload)
}

fn dispatch(
    shared: &Shared,
    method: &Method,
    route: Route,
    request: Value,
    upload: Option<Upload>,
) -> Answer {
    let result = match route {
        Route::Messages => messages(shared, request),
        Route::Upload => match upload {
            Some(u) => upload_media(shared, u),
            None => Err(required("file")),
        },
        Route::PhoneNumber => Ok(json!({
            "verified_name": VERIFIED_NAME,
            "code_verification_status": "VERIFIED",
            "display_phone_number": DISPLAY_PHONE_NUMBER,
            "quality_rating": "GREEN",
            "platform_type": "CLOUD_API",
            "throughput": { "level": "STANDARD" },
            "id": PHONE_NUMBER_ID,
        })),
        Route::Node(id) => media_node(shared, method, &id),
        Route::Unsupported(id) => Err(unsupported(method, &id)),
        Route::UnknownPath(rest) => Err(unknown_path(&rest)),
    };
    match result {
        Ok(v) => Answer::Json(200, v),
        Err(e) => Answer::err(e),
    }
}

// ---------------------------------------------------------------------------------------------
// Sends
// ---------------------------------------------------------------------------------------------

/// Digits of a phone number ("+62 812-3450-001" → "628123450001"); `None` when it is not one.
pub fn normalize_number(s: &str) -> Option<String> {
    let s = s.trim();
    if s.is_empty()
        || !s
            .chars()
            .all(|c| c.is_ascii_digit() || " +-().".contains(c))
    {
        return None;
    }
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    (7..=15).contains(&digits.len()).then_some(digits)
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

fn obj_field<'a>(obj: &'a Map<String, Value>, key: &str) -> Option<&'a Map<String, Value>> {
    obj.get(key).and_then(Value::as_object)
}

/// A string field: `Ok(None)` when absent or null, error when of another type.
fn str_field<'a>(
    obj: &'a Map<String, Value>,
    key: &str,
    path: &str,
) -> Result<Option<&'a str>, MetaErr> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.as_str())),
        Some(_) => Err(graph_param(format!("Param {path} must be a string."))),
    }
}

fn empty_sent(id: String, to: String, kind: WaKind, raw: Value, at: DateTime<Utc>) -> SentWa {
    SentWa {
        id,
        to,
        kind,
        text: None,
        header: None,
        footer: None,
        buttons: Vec::new(),
        list_button: None,
        sections: Vec::new(),
        rows: Vec::new(),
        media_id: None,
        media: None,
        link: None,
        filename: None,
        template_name: None,
        template_language: None,
        template_components: Value::Null,
        reply_to: None,
        preview_url: false,
        error: None,
        at,
        raw,
    }
}

fn messages(shared: &Shared, body: Value) -> Result<Value, MetaErr> {
    let Some(obj) = body.as_object() else {
        return Err(invalid_param("Request body must be a JSON object"));
    };
    match str_field(obj, "messaging_product", "messaging_product")? {
        None => return Err(required("messaging_product")),
        Some("whatsapp") => {}
        Some(other) => return Err(enum_param("messaging_product", "WHATSAPP", other)),
    }

    // Read receipts (and typing indicators) go to the same edge.
    if obj.get("status").is_some() {
        return mark_read(shared, obj);
    }

    let Some(to_raw) = str_field(obj, "to", "to")? else {
        return Err(required("to"));
    };
    let Some(to) = normalize_number(to_raw) else {
        return Err(not_valid(format!("Invalid phone number: {to_raw}")));
    };
    if let Some(rt) = str_field(obj, "recipient_type", "recipient_type")?
        && rt != "individual"
    {
        return Err(enum_param("recipient_type", "INDIVIDUAL, GROUP", rt));
    }
    let kind = str_field(obj, "type", "type")?.unwrap_or("text");
    let reply_to = match obj_field(obj, "context") {
        Some(ctx) => str_field(ctx, "message_id", "context['message_id']")?.map(str::to_owned),
        None => None,
    };

    let mut st = shared.lock();
    let now = st.now();
    let mut sent = empty_sent(String::new(), to.clone(), WaKind::Other, body.clone(), now);
    sent.reply_to = reply_to;
    match kind {
        "text" => text_message(obj, &mut sent)?,
        "interactive" => interactive_message(obj, &mut sent)?,
        "image" | "document" => media_message(&st, obj, kind, &mut sent)?,
        "template" => template_message(&st, obj, &mut sent)?,
        "audio" | "video" | "sticker" | "location" | "contacts" | "reaction" => {
            if obj_field(obj, kind).is_none() && obj.get(kind).and_then(Value::as_array).is_none() {
                return Err(required(kind));
            }
        }
        other => {
            return Err(enum_param(
                "type",
                "AUDIO, CONTACTS, DOCUMENT, IMAGE, INTERACTIVE, LOCATION, REACTION, STICKER, TEMPLATE, TEXT, VIDEO",
                other,
            ));
        }
    }

    if sent.kind != WaKind::Template && !st.window_open(&to) {
        if st.async_window_errors {
            sent.error = Some(codes::REENGAGEMENT);
        } else {
            return Err(wa_err(
                400,
                codes::REENGAGEMENT,
                "Re-engagement message",
                details::REENGAGEMENT,
            ));
        }
    }

    let n = st.bump();
    sent.id = format!("wamid.HBgM{to}FQIAERgS{n:016X}AA==");
    let mut message = json!({ "id": sent.id });
    if sent.kind == WaKind::Template {
        message["message_status"] = json!("accepted");
    }
    st.sent.push(sent);
    Ok(json!({
        "messaging_product": "whatsapp",
        "contacts": [{ "input": to_raw, "wa_id": to }],
        "messages": [message],
    }))
}

fn mark_read(shared: &Shared, obj: &Map<String, Value>) -> Result<Value, MetaErr> {
    match str_field(obj, "status", "status")? {
        Some("read") => {}
        Some(other) => return Err(enum_param("status", "READ", other)),
        None => return Err(required("status")),
    }
    let Some(id) = str_field(obj, "message_id", "message_id")? else {
        return Err(required("message_id"));
    };
    let mut st = shared.lock();
    if !st.inbound_ids.contains(id) {
        return Err(not_valid(format!("Invalid message_id: {id}")));
    }
    st.reads.push(id.to_owned());
    Ok(json!({ "success": true }))
}

fn text_message(obj: &Map<String, Value>, sent: &mut SentWa) -> Result<(), MetaErr> {
    sent.kind = WaKind::Text;
    let Some(text) = obj_field(obj, "text") else {
        return Err(required("text['body']"));
    };
    let body = match str_field(text, "body", "text['body']")? {
        Some(b) if !b.trim().is_empty() => b,
        _ => return Err(required("text['body']")),
    };
    if chars(body) > limits::TEXT_BODY {
        return Err(invalid_param(format!(
            "Param text['body'] must be at most {} characters long.",
            limits::TEXT_BODY
        )));
    }
    sent.preview_url = match text.get("preview_url") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err(graph_param("Param text['preview_url'] must be a boolean.")),
    };
    sent.text = Some(body.to_owned());
    Ok(())
}

/// `{"text": ".."}` objects (body, footer): the text, or None when absent.
fn text_of(obj: &Map<String, Value>, key: &str) -> Result<Option<String>, MetaErr> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(o)) => {
            Ok(str_field(o, "text", &format!("interactive['{key}']['text']"))?.map(str::to_owned))
        }
        Some(_) => Err(graph_param(format!(
            "Param interactive['{key}'] must be a JSON object."
        ))),
    }
}

fn length_invalid(what: &str, max: usize) -> MetaErr {
    not_valid(format!(
        "{what} length invalid. Min length: 1, Max length: {max}"
    ))
}

fn interactive_message(obj: &Map<String, Value>, sent: &mut SentWa) -> Result<(), MetaErr> {
    let Some(i) = obj_field(obj, "interactive") else {
        return Err(required("interactive"));
    };
    let Some(itype) = str_field(i, "type", "interactive['type']")? else {
        return Err(required("interactive['type']"));
    };
    let is_list = match itype {
        "button" => false,
        "list" => true,
        other => {
            return Err(enum_param(
                "interactive['type']",
                "BUTTON, LIST (the fake implements these two)",
                other,
            ));
        }
    };
    sent.kind = if is_list {
        WaKind::List
    } else {
        WaKind::Buttons
    };

    // Header: text (both), or media (buttons only).
    if let Some(h) = i.get("header").filter(|h| !h.is_null()) {
        let Some(h) = h.as_object() else {
            return Err(graph_param(
                "Param interactive['header'] must be a JSON object.",
            ));
        };
        match str_field(h, "type", "interactive['header']['type']")? {
            Some("text") => {
                let t = str_field(h, "text", "interactive['header']['text']")?.unwrap_or("");
                if t.is_empty() || chars(t) > limits::HEADER_TEXT {
                    return Err(length_invalid("Header text", limits::HEADER_TEXT));
                }
                sent.header = Some(t.to_owned());
            }
            Some(media @ ("image" | "document" | "video")) if !is_list => {
                let m = obj_field(h, media);
                if m.is_none_or(|m| !m.contains_key("id") && !m.contains_key("link")) {
                    return Err(missing(format!(
                        "Header of type {media} must have an id or a link"
                    )));
                }
            }
            Some(other) => {
                return Err(not_valid(format!(
                    "Header type {other} is not supported for interactive type {itype}"
                )));
            }
            None => return Err(required("interactive['header']['type']")),
        }
    }

    let body = text_of(i, "body")?;
    let max_body = if is_list {
        limits::LIST_BODY
    } else {
        limits::BUTTON_BODY
    };
    match body.as_deref() {
        None | Some("") => return Err(required("interactive['body']['text']")),
        Some(b) if chars(b) > max_body => return Err(length_invalid("Body text", max_body)),
        Some(b) => sent.text = Some(b.to_owned()),
    }
    if let Some(f) = text_of(i, "footer")? {
        if f.is_empty() || chars(&f) > limits::FOOTER_TEXT {
            return Err(length_invalid("Footer text", limits::FOOTER_TEXT));
        }
        sent.footer = Some(f);
    }

    let Some(action) = obj_field(i, "action") else {
        return Err(required("interactive['action']"));
    };
    if is_list {
        list_action(action, sent)
    } else {
        button_action(action, sent)
    }
}

fn button_action(action: &Map<String, Value>, sent: &mut SentWa) -> Result<(), MetaErr> {
    let Some(buttons) = action.get("buttons").and_then(Value::as_array) else {
        return Err(required("interactive['action']['buttons']"));
    };
    if buttons.is_empty() || buttons.len() > limits::BUTTONS {
        return Err(not_valid(details::BUTTONS_COUNT));
    }
    let mut ids = HashSet::new();
    let mut titles = HashSet::new();
    for b in buttons {
        let Some(b) = b.as_object() else {
            return Err(graph_param(
                "Param interactive['action']['buttons'][] must be a JSON object.",
            ));
        };
        match str_field(b, "type", "interactive['action']['buttons'][]['type']")? {
            Some("reply") => {}
            Some(other) => {
                return Err(enum_param(
                    "interactive['action']['buttons'][]['type']",
                    "REPLY",
                    other,
                ));
            }
            None => return Err(required("interactive['action']['buttons'][]['type']")),
        }
        let Some(reply) = obj_field(b, "reply") else {
            return Err(required("interactive['action']['buttons'][]['reply']"));
        };
        let id = str_field(reply, "id", "reply['id']")?.unwrap_or("");
        let title = str_field(reply, "title", "reply['title']")?.unwrap_or("");
        if title.trim().is_empty() || chars(title) > limits::BUTTON_TITLE {
            return Err(not_valid(details::BUTTON_TITLE));
        }
        if id.is_empty() || chars(id) > limits::BUTTON_ID {
            return Err(length_invalid("Button id", limits::BUTTON_ID));
        }
        if id != id.trim() {
            return Err(not_valid(
                "Button id cannot have leading or trailing spaces",
            ));
        }
        if !ids.insert(id.to_owned()) {
            return Err(not_valid(format!("Duplicate button id: {id}")));
        }
        if !titles.insert(title.to_owned()) {
            return Err(not_valid(format!("Duplicate button title: {title}")));
        }
        sent.buttons.push((id.to_owned(), title.to_owned()));
    }
    Ok(())
}

fn list_action(action: &Map<String, Value>, sent: &mut SentWa) -> Result<(), MetaErr> {
    let button = str_field(action, "button", "interactive['action']['button']")?.unwrap_or("");
    if button.trim().is_empty() || chars(button) > limits::LIST_BUTTON {
        return Err(not_valid(details::LIST_BUTTON));
    }
    sent.list_button = Some(button.to_owned());
    let Some(sections) = action.get("sections").and_then(Value::as_array) else {
        return Err(required("interactive['action']['sections']"));
    };
    if sections.is_empty() || sections.len() > limits::SECTIONS {
        return Err(not_valid(format!(
            "Invalid sections count. Min allowed sections: 1, Max allowed sections: {}",
            limits::SECTIONS
        )));
    }
    let total: usize = sections
        .iter()
        .map(|s| s.get("rows").and_then(Value::as_array).map_or(0, Vec::len))
        .sum();
    if total > limits::ROWS {
        return Err(not_valid(details::ROWS_COUNT));
    }
    let mut ids = HashSet::new();
    for s in sections {
        let Some(s) = s.as_object() else {
            return Err(graph_param(
                "Param interactive['action']['sections'][] must be a JSON object.",
            ));
        };
        let title = str_field(s, "title", "sections[]['title']")?;
        match title {
            None if sections.len() > 1 => {
                return Err(missing(
                    "Section title is required when there is more than one section",
                ));
            }
            Some(t) if t.is_empty() || chars(t) > limits::SECTION_TITLE => {
                return Err(not_valid(details::SECTION_TITLE));
            }
            _ => {}
        }
        sent.sections.push(title.map(str::to_owned));
        let rows = match s.get("rows").and_then(Value::as_array) {
            Some(r) if !r.is_empty() => r,
            _ => return Err(missing("Each section must have at least one row")),
        };
        for r in rows {
            let Some(r) = r.as_object() else {
                return Err(graph_param(
                    "Param sections[]['rows'][] must be a JSON object.",
                ));
            };
            let id = str_field(r, "id", "rows[]['id']")?.unwrap_or("");
            let title = str_field(r, "title", "rows[]['title']")?.unwrap_or("");
            let description = str_field(r, "description", "rows[]['description']")?;
            if id.is_empty() {
                return Err(missing("Row id is required"));
            }
            if chars(id) > limits::ROW_ID {
                return Err(not_valid(format!(
                    "Row id is too long. Max length is {}",
                    limits::ROW_ID
                )));
            }
            if title.trim().is_empty() {
                return Err(missing("Row title is required"));
            }
            if chars(title) > limits::ROW_TITLE {
                return Err(not_valid(details::ROW_TITLE));
            }
            if description.is_some_and(|d| chars(d) > limits::ROW_DESCRIPTION) {
                return Err(not_valid(details::ROW_DESCRIPTION));
            }
            if !ids.insert(id.to_owned()) {
                return Err(not_valid(format!("Duplicate row id: {id}")));
            }
            sent.rows.push((
                id.to_owned(),
                title.to_owned(),
                description.map(str::to_owned),
            ));
        }
    }
    Ok(())
}

fn media_message(
    st: &State,
    obj: &Map<String, Value>,
    kind: &str,
    sent: &mut SentWa,
) -> Result<(), MetaErr> {
    sent.kind = if kind == "image" {
        WaKind::Image
    } else {
        WaKind::Document
    };
    let Some(m) = obj_field(obj, kind) else {
        return Err(required(kind));
    };
    let id = str_field(m, "id", &format!("{kind}['id']"))?;
    let link = str_field(m, "link", &format!("{kind}['link']"))?;
    match (id, link) {
        (None, None) => {
            return Err(missing(format!(
                "Param {kind} must contain either an id or a link"
            )));
        }
        (Some(_), Some(_)) => {
            return Err(not_valid(format!(
                "Param {kind} must contain either an id or a link, not both"
            )));
        }
        (Some(id), None) => {
            let media = st
                .media
                .get(id)
                .filter(|_| !st.deleted_media.contains(id))
                .ok_or_else(|| not_valid(format!("Invalid media id: {id}")))?;
            sent.media_id = Some(id.to_owned());
            sent.media = Some(media.clone());
        }
        (None, Some(link)) => {
            if !(link.starts_with("https://") || link.starts_with("http://")) {
                return Err(not_valid(format!("Invalid media link: {link}")));
            }
            sent.link = Some(link.to_owned());
        }
    }
    if let Some(c) = str_field(m, "caption", &format!("{kind}['caption']"))? {
        if chars(c) > limits::CAPTION {
            return Err(invalid_param(format!(
                "Param {kind}['caption'] must be at most {} characters long.",
                limits::CAPTION
            )));
        }
        sent.text = Some(c.to_owned());
    }
    if kind == "document" {
        sent.filename = str_field(m, "filename", "document['filename']")?.map(str::to_owned);
    }
    Ok(())
}

fn template_message(
    st: &State,
    obj: &Map<String, Value>,
    sent: &mut SentWa,
) -> Result<(), MetaErr> {
    sent.kind = WaKind::Template;
    let Some(t) = obj_field(obj, "template") else {
        return Err(required("template"));
    };
    let Some(name) = str_field(t, "name", "template['name']")?.filter(|n| !n.is_empty()) else {
        return Err(required("template['name']"));
    };
    let Some(language) = obj_field(t, "language") else {
        return Err(required("template['language']"));
    };
    let Some(code) = str_field(language, "code", "template['language']['code']")? else {
        return Err(required("template['language']['code']"));
    };
    let components = match t.get("components") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => a.clone(),
        Some(_) => {
            return Err(graph_param(
                "Param template['components'] must be an array.",
            ));
        }
    };
    // Body parameters, in order.
    let mut params: Vec<String> = Vec::new();
    for c in &components {
        let is_body = c
            .get("type")
            .and_then(Value::as_str)
            .is_some_and(|t| t.eq_ignore_ascii_case("body"));
        if !is_body {
            continue;
        }
        for p in c
            .get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let text = p
                .get("text")
                .and_then(Value::as_str)
                .map(str::to_owned)
                .unwrap_or_else(|| p.to_string());
            params.push(text);
        }
    }
    if !st.templates.is_empty() {
        let Some(tpl) = st.templates.get(&(name.to_owned(), code.to_owned())) else {
            return Err(wa_err(
                404,
                codes::TEMPLATE_NOT_FOUND,
                "Template name does not exist in the translation",
                format!("template name ({name}) does not exist in {code}"),
            ));
        };
        if params.len() != tpl.params {
            return Err(wa_err(
                400,
                codes::TEMPLATE_PARAM_COUNT,
                "Number of parameters does not match the expected number of params",
                format!(
                    "body: number of localizable_params ({}) does not match the expected number of params ({})",
                    params.len(),
                    tpl.params
                ),
            ));
        }
        let mut text = tpl.body.clone();
        for (i, p) in params.iter().enumerate() {
            text = text.replace(&format!("{{{{{}}}}}", i + 1), p);
        }
        sent.text = Some(text);
    }
    sent.template_name = Some(name.to_owned());
    sent.template_language = Some(code.to_owned());
    sent.template_components = t.get("components").cloned().unwrap_or(Value::Null);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Media
// ---------------------------------------------------------------------------------------------

/// Supported upload types and their size limits.
fn media_limit(mime: &str) -> Option<usize> {
    Some(match mime {
        "image/jpeg" | "image/png" => limits::IMAGE_BYTES,
        "image/webp" => limits::STICKER_BYTES,
        "audio/aac" | "audio/amr" | "audio/mpeg" | "audio/mp4" | "audio/ogg" | "video/3gpp"
        | "video/mp4" => limits::AUDIO_VIDEO_BYTES,
        "text/plain"
        | "application/pdf"
        | "application/msword"
        | "application/vnd.ms-excel"
        | "application/vnd.ms-powerpoint"
        | "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        | "application/vnd.openxmlformats-officedocument.presentationml.presentation"
        | "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => {
            limits::DOCUMENT_BYTES
        }
        _ => return None,
    })
}

const SUPPORTED_TYPES: &str = "audio/aac, audio/mp4, audio/mpeg, audio/amr, audio/ogg, text/plain, application/pdf, application/vnd.ms-powerpoint, application/msword, application/vnd.ms-excel, application/vnd.openxmlformats-officedocument.wordprocessingml.document, application/vnd.openxmlformats-officedocument.presentationml.presentation, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, image/jpeg, image/png, image/webp, video/mp4, video/3gpp";

fn upload_media(shared: &Shared, upload: Upload) -> Result<Value, MetaErr> {
    match upload
        .fields
        .get("messaging_product")
        .and_then(Value::as_str)
    {
        None => return Err(required("messaging_product")),
        Some("whatsapp") => {}
        Some(other) => return Err(enum_param("messaging_product", "WHATSAPP", other)),
    }
    let Some((file_name, part_type, bytes)) = upload.file else {
        return Err(required("file"));
    };
    let Some(mime) = upload
        .fields
        .get("type")
        .and_then(Value::as_str)
        .map(|t| t.trim().to_ascii_lowercase())
        .filter(|t| !t.is_empty())
    else {
        return Err(required("type"));
    };
    let Some(limit) = media_limit(&mime) else {
        return Err(graph_param(format!(
            "Param file must be a file with one of the following types: {SUPPORTED_TYPES}. Received file of type '{}'.",
            part_type.unwrap_or(mime)
        )));
    };
    if bytes.is_empty() {
        return Err(graph_param("Param file must be a non-empty file."));
    }
    if bytes.len() > limit {
        return Err(wa_err(
            400,
            codes::MEDIA_UPLOAD,
            "Media upload error",
            format!(
                "File size {} bytes is over the {limit} bytes limit for {mime}",
                bytes.len()
            ),
        ));
    }
    let media = shared.lock().register_media(bytes, &mime, file_name, true);
    Ok(json!({ "id": media.id }))
}

fn media_node(shared: &Shared, method: &Method, id: &str) -> Result<Value, MetaErr> {
    let mut st = shared.lock();
    let media = st
        .media
        .get(id)
        .filter(|_| !st.deleted_media.contains(id))
        .cloned()
        .ok_or_else(|| unsupported(method, id))?;
    if method == Method::DELETE {
        st.deleted_media.insert(id.to_owned());
        return Ok(json!({ "success": true }));
    }
    Ok(json!({
        "url": download_url(&shared.base_url, id),
        "mime_type": media.mime_type,
        "sha256": media.sha256,
        "file_size": media.bytes.len(),
        "id": media.id,
        "messaging_product": "whatsapp",
    }))
}

async fn download(
    shared: &Shared,
    method: &Method,
    path: &str,
    media_id: &str,
    token: Option<&str>,
) -> Answer {
    let latency = shared.lock().latency;
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let mut st = shared.lock();
    if token != Some(TOKEN) {
        return Answer::err(bad_token());
    }
    if let Some(kind) = st.fault_for(path, false, None) {
        return match fault_err(kind) {
            Some(e) => Answer::err(e),
            None => Answer::Drop,
        };
    }
    if method != Method::GET {
        return Answer::err(unsupported(method, media_id));
    }
    match st
        .media
        .get(media_id)
        .filter(|_| !st.deleted_media.contains(media_id))
    {
        Some(m) => Answer::Bytes(m.mime_type.clone(), m.bytes.clone()),
        None => Answer::Json(404, json!({ "error": "Not Found" })),
    }
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}
