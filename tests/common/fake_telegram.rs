//! An in-process fake of the Telegram Bot API (axum on `127.0.0.1:0`) for tests of the
//! Telegram channel.
//!
//! It follows the real Bot API where a bot could trip: answers are `{"ok":true,"result":..}` or
//! `{"ok":false,"error_code":N,"description":..,"parameters":..}` with HTTP status N, results are
//! full objects teloxide deserializes, and the limits and error descriptions are Telegram's
//! (text length in UTF-16 units after the markup is parsed, 64-byte callback data, `parse_mode`
//! syntax, message-not-modified, editing without `reply_markup` removes the keyboard, a callback
//! query can be answered once, getUpdates conflicts with a webhook and with a concurrent
//! getUpdates, ...). Where teloxide's own table of descriptions differs from what Telegram sends,
//! the fake sends Telegram's text and teloxide maps it to `ApiError::Unknown` exactly as it would
//! in production (see `tests/fake_telegram.rs`).
//!
//! teloxide sends method names PascalCase (`/bot<TOKEN>/SendMessage`); the fake accepts any
//! casing and records the lowerCamel name. JSON, form-urlencoded, query and multipart
//! parameters are accepted (teloxide uploads as `document=attach://<uuid>` plus a file part
//! named `<uuid>`; a file part named `document` directly works too).
//!
//! Forum supergroups (an agents' desk): [`FakeTelegram::forum`] registers one with the bot as
//! an administrator; createForumTopic / editForumTopic / closeForumTopic / reopenForumTopic /
//! deleteForumTopic keep its topics (a topic's thread id is the id of its `forum_topic_created`
//! service message), sends with `message_thread_id` land in a topic (refused like Telegram when
//! it is closed or deleted), [`FakeUser::in_forum`] writes in a topic or in General, and
//! getChatMember answers from [`FakeTelegram::set_member_status`].
//!
//! ```ignore
//! let fake = FakeTelegram::start().await;          // bot: TELOXIDE_API_URL=fake.api_url()
//! let user = fake.user(700_001, "id");             // private chat, the user started the bot
//! user.text("/start");
//! assert!(user.wait_for_bot_messages(1, Duration::from_secs(5)).await);
//! user.press("Ya");                                // callback_query on the newest keyboard
//! fake.inject(Fault::on("sendMessage", FaultKind::RetryAfter(3)));
//! assert!(fake.unknown_calls().is_empty());
//!
//! fake.forum(-100123, "Meja Agen");                // the bot: administrator, can_manage_topics
//! let topic = bot.create_forum_topic(ChatId(-100123), "Kasus PND-1").await?;
//! let thread = i64::from(topic.thread_id.0.0);
//! let agent = fake.user(700_002, "id").in_forum(-100123, Some(thread));
//! agent.text("Saya tangani");                      // message_thread_id, is_topic_message
//! assert_eq!(fake.thread_messages(-100123, thread).len(), 1);
//! ```
//!
//! Synthetic data only: users are "Uji Coba", files are made-up bytes.

use super::killable::{ConnHandle, FakeListener};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::net::SocketAddr;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{
    ConnectInfo, DefaultBodyLimit, FromRequest, Multipart, Request, State as AxState,
};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};
use tokio::net::TcpListener;
use tokio::sync::Notify;

/// The only token the fake accepts; any other answers 401 `Unauthorized`.
pub const TOKEN: &str = "123456:TEST-token";
/// The bot's user id (also the number before the colon in [`TOKEN`]).
pub const BOT_ID: i64 = 123456;
pub const BOT_FIRST_NAME: &str = "Pandu";
pub const BOT_USERNAME: &str = "pandu_test_bot";
/// The owner ("creator") of every supergroup registered with [`FakeTelegram::forum`]; the
/// topics a test creates, closes or reopens "by hand" are their doing.
pub const FORUM_OWNER_ID: i64 = 600_001;
/// The default `icon_color` of a topic (Telegram's blue, `0x6FB9F0`).
pub const DEFAULT_TOPIC_COLOR: u32 = 0x6F_B9_F0;

/// Error descriptions, as Telegram sends them (the ones teloxide maps to an `ApiError` variant
/// are spelled exactly like teloxide's table).
pub mod desc {
    pub const UNAUTHORIZED: &str = "Unauthorized";
    pub const NOT_FOUND: &str = "Not Found";
    pub const BLOCKED: &str = "Forbidden: bot was blocked by the user";
    pub const KICKED_FROM_GROUP: &str = "Forbidden: bot was kicked from the group chat";
    pub const KICKED_FROM_SUPERGROUP: &str = "Forbidden: bot was kicked from the supergroup chat";
    /// teloxide has no variant for this one (→ `Unknown`).
    pub const NOT_MEMBER_OF_GROUP: &str = "Forbidden: bot is not a member of the group chat";
    /// teloxide has no variant for this one (→ `Unknown`).
    pub const NOT_MEMBER_OF_SUPERGROUP: &str =
        "Forbidden: bot is not a member of the supergroup chat";
    pub const CHAT_NOT_FOUND: &str = "Bad Request: chat not found";
    pub const CHAT_ID_EMPTY: &str = "Bad Request: chat_id is empty";
    pub const TEXT_EMPTY: &str = "Bad Request: message text is empty";
    pub const TOO_LONG: &str = "Bad Request: message is too long";
    pub const EDITED_TOO_LONG: &str = "Bad Request: MESSAGE_TOO_LONG";
    pub const CAPTION_TOO_LONG: &str = "Bad Request: message caption is too long";
    pub const BUTTON_DATA_INVALID: &str = "Bad Request: BUTTON_DATA_INVALID";
    pub const BUTTON_URL_INVALID: &str = "Bad Request: BUTTON_URL_INVALID";
    pub const TEXT_BUTTONS_UNALLOWED: &str = "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard";
    pub const TOO_MANY_BUTTONS: &str = "Bad Request: too many buttons";
    pub const MARKUP_TOO_LONG: &str = "Bad Request: reply markup is too long";
    pub const MARKUP_UNPARSABLE: &str =
        "Bad Request: can't parse reply keyboard markup JSON object";
    pub const CANT_PARSE_ENTITIES: &str = "Bad Request: can't parse entities: ";
    pub const UNSUPPORTED_PARSE_MODE: &str = "Bad Request: unsupported parse_mode";
    pub const REPLY_NOT_FOUND: &str = "Bad Request: message to be replied not found";
    pub const EDIT_NOT_FOUND: &str = "Bad Request: message to edit not found";
    pub const CANT_BE_EDITED: &str = "Bad Request: message can't be edited";
    pub const NO_TEXT_TO_EDIT: &str = "Bad Request: there is no text in the message to edit";
    pub const NO_CAPTION_TO_EDIT: &str = "Bad Request: there is no caption in the message to edit";
    pub const MESSAGE_ID_MISSING: &str = "Bad Request: message identifier is not specified";
    pub const NOT_MODIFIED: &str = "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";
    pub const DELETE_NOT_FOUND: &str = "Bad Request: message to delete not found";
    pub const CANT_BE_DELETED: &str = "Bad Request: message can't be deleted";
    /// Telegram writes "query ID"; teloxide's `InvalidQueryId` expects "query id", so this
    /// arrives as `ApiError::Unknown`.
    pub const QUERY_INVALID: &str =
        "Bad Request: query is too old and response timeout expired or query ID is invalid";
    /// Telegram writes "file_id"; teloxide's `FileIdInvalid` expects "file id" (→ `Unknown`).
    pub const FILE_ID_INVALID: &str = "Bad Request: invalid file_id";
    pub const FILE_TOO_BIG: &str = "Bad Request: file is too big";
    pub const WRONG_FILE_ID_OR_URL: &str = "Bad Request: wrong file identifier/HTTP URL specified";
    pub const URL_CONTENT: &str = "Bad Request: failed to get HTTP URL content";
    pub const FILE_EMPTY: &str = "Bad Request: file must be non-empty";
    pub const ENTITY_TOO_LARGE: &str = "Request Entity Too Large";
    pub const WRONG_ACTION: &str = "Bad Request: wrong parameter action in request";
    /// teloxide's `CantGetUpdates` only matches a bare older text, so this is `Unknown` too.
    pub const WEBHOOK_ACTIVE: &str = "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first";
    pub const TERMINATED: &str = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running";
    pub const WEBHOOK_HTTPS: &str =
        "Bad Request: bad webhook: HTTPS url must be provided for webhook";
    pub const WEBHOOK_PORT: &str =
        "Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443";
    pub const WEBHOOK_URL: &str = "Bad Request: can't parse URL";
    pub const SECRET_CHARS: &str = "Bad Request: secret token contains unallowed characters";
    pub const SECRET_LONG: &str = "Bad Request: secret token is too long";
    pub const COMMAND_INVALID: &str = "Bad Request: BOT_COMMAND_INVALID";
    pub const COMMANDS_TOO_MUCH: &str = "Bad Request: BOT_COMMANDS_TOO_MUCH";
    /// A send with a `message_thread_id` that is no (longer a) topic of the chat, and any
    /// `message_thread_id` in a chat that is not a forum (teloxide: `Unknown`).
    pub const THREAD_NOT_FOUND: &str = "Bad Request: message thread not found";
    /// A send into a closed topic (teloxide: `Unknown`).
    pub const TOPIC_CLOSED: &str = "Bad Request: TOPIC_CLOSED";
    /// editForumTopic / closeForumTopic / reopenForumTopic / deleteForumTopic with a thread
    /// that is not (or no longer) a topic (teloxide: `Unknown`).
    pub const TOPIC_ID_INVALID: &str = "Bad Request: TOPIC_ID_INVALID";
    /// Closing a closed topic, reopening an open one, an edit that changes nothing.
    pub const TOPIC_NOT_MODIFIED: &str = "Bad Request: TOPIC_NOT_MODIFIED";
    pub const NOT_A_FORUM: &str = "Bad Request: the chat is not a forum";
    /// createForumTopic when the bot is not an administrator of the forum.
    pub const TOPIC_RIGHTS: &str = "Bad Request: not enough rights to create a topic";
    /// createForumTopic with an empty (or blank) name; tdlib's wording.
    pub const TOPIC_NAME_EMPTY: &str = "Bad Request: Title must be non-empty";
    pub const COPY_NOT_FOUND: &str = "Bad Request: message to copy not found";
    /// copyMessage of a service message (topic created, closed, ...).
    pub const CANT_BE_COPIED: &str = "Bad Request: message can't be copied";
    pub const USER_NOT_FOUND: &str = "Bad Request: user not found";
    pub const USER_ID_INVALID: &str = "Bad Request: invalid user_id specified";
    /// sendPhoto with a document's file_id, sendDocument with a photo's (teloxide: `Unknown`).
    pub const FILE_TYPE_MISMATCH: &str = "Bad Request: type of file mismatch";
    pub fn retry_after(secs: u64) -> String {
        format!("Too Many Requests: retry after {secs}")
    }
}

const MAX_TEXT: usize = 4096;
const MAX_CAPTION: usize = 1024;
const MAX_CALLBACK_DATA: usize = 64;
const MAX_BUTTONS: usize = 100;
/// Telegram refuses a `reply_markup` whose JSON is "too long"; the real bound is undocumented
/// and measured around 10 KB.
const MAX_MARKUP_BYTES: usize = 10 * 1024;
const MAX_UPLOAD: usize = 50 * 1024 * 1024;
const MAX_GET_FILE: usize = 20 * 1024 * 1024;
/// Pseudo-method under which file downloads are recorded in [`FakeTelegram::calls`].
pub const DOWNLOAD: &str = "file";

/// Methods the fake implements, in their canonical spelling. Anything else answers 404.
const METHODS: &[&str] = &[
    "getMe",
    "getUpdates",
    "setWebhook",
    "deleteWebhook",
    "getWebhookInfo",
    "setMyCommands",
    "getMyCommands",
    "deleteMyCommands",
    "setMyDescription",
    "setMyShortDescription",
    "setChatMenuButton",
    "sendMessage",
    "sendDocument",
    "sendPhoto",
    "editMessageText",
    "editMessageCaption",
    "editMessageReplyMarkup",
    "answerCallbackQuery",
    "getFile",
    "deleteMessage",
    "sendChatAction",
    "copyMessage",
    "createForumTopic",
    "editForumTopic",
    "closeForumTopic",
    "reopenForumTopic",
    "deleteForumTopic",
    "getChatMember",
];

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

/// One request the fake received (API methods, and downloads as method [`DOWNLOAD`]).
#[derive(Clone, Debug)]
pub struct Call {
    /// Normalised lowerCamel name, e.g. "sendMessage", whatever casing was sent.
    pub method: String,
    /// Query, JSON, form or multipart fields (multipart fields as strings; an uploaded file is
    /// `{"file_name":..,"size":..}` under the field that referenced it).
    pub params: Value,
    pub chat_id: Option<i64>,
    /// When the request was received.
    pub at: Instant,
    /// HTTP status answered; 0 while in flight or when the connection was dropped (`FaultKind::Drop`).
    pub status: u16,
    /// The JSON answered (`Null` while in flight, dropped, or for a download).
    pub answer: Value,
}

/// A failure to inject. Matched in insertion order against incoming calls; getUpdates and
/// downloads only match a fault that names them (`"getUpdates"`, [`DOWNLOAD`]).
#[derive(Clone, Debug)]
pub struct Fault {
    pub method: Option<String>,
    pub chat_id: Option<i64>,
    /// How many matching calls fail before the fault is used up.
    pub times: usize,
    pub kind: FaultKind,
}

impl Fault {
    /// Fails the next call to any method (getUpdates and downloads excepted) once.
    pub fn any(kind: FaultKind) -> Fault {
        Fault {
            method: None,
            chat_id: None,
            times: 1,
            kind,
        }
    }

    /// Fails the next call to `method` (any casing) once.
    pub fn on(method: &str, kind: FaultKind) -> Fault {
        Fault {
            method: Some(method.to_owned()),
            ..Fault::any(kind)
        }
    }

    /// Only calls whose `chat_id` is `chat_id`.
    pub fn in_chat(mut self, chat_id: i64) -> Fault {
        self.chat_id = Some(chat_id);
        self
    }

    /// Fails `times` matching calls instead of one.
    pub fn repeat(mut self, times: usize) -> Fault {
        self.times = times;
        self
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FaultKind {
    /// 429 `Too Many Requests: retry after N` with `parameters.retry_after = N`.
    RetryAfter(u64),
    /// That status with a JSON body ("Internal Server Error", "Bad Gateway", ...).
    ServerError(u16),
    /// That status with nginx's HTML page instead of JSON, as Telegram's front end answers when
    /// the Bot API server behind it is down.
    HtmlError(u16),
    /// 403 `Forbidden: bot was blocked by the user`.
    Blocked,
    /// Close the connection without answering (the request was read and recorded).
    Drop,
    /// 400 with this description (write it like Telegram: "Bad Request: ...").
    BadRequest(String),
}

/// The webhook set with setWebhook.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebhookInfo {
    pub url: String,
    pub secret_token: Option<String>,
    pub allowed_updates: Vec<String>,
    pub max_connections: Option<i64>,
}

/// An inline keyboard button as the user sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Button {
    pub text: String,
    pub callback_data: Option<String>,
    pub url: Option<String>,
}

/// A file Telegram knows: uploaded by the bot, sent by a user, or registered with
/// [`FakeTelegram::add_file`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FakeFile {
    pub file_id: String,
    pub file_unique_id: String,
    pub file_name: Option<String>,
    pub mime_type: Option<String>,
    /// Path for getFile and the download route.
    pub file_path: String,
    pub bytes: Vec<u8>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FakeKind {
    Text,
    Photo,
    Document,
    Sticker,
    Voice,
    /// Something pushed with `push_raw`.
    Other,
}

/// A message visible in a chat (after edits; deleted ones are gone).
#[derive(Clone, Debug)]
pub struct FakeMessage {
    pub chat_id: i64,
    pub message_id: i64,
    pub from_bot: bool,
    pub kind: FakeKind,
    /// The text, or the caption of a media message, as the user sees it (markup parsed away).
    pub text: Option<String>,
    /// `entities` / `caption_entities` as Telegram reports them.
    pub entities: Vec<Value>,
    pub parse_mode: Option<String>,
    /// The inline keyboard (empty when there is none).
    pub keyboard: Vec<Vec<Button>>,
    /// The `reply_markup` as the bot sent it (also reply keyboards, which Telegram does not echo).
    pub reply_markup: Option<Value>,
    /// Document, largest photo size, voice or sticker.
    pub file: Option<FakeFile>,
    /// The message replied to explicitly (`reply_parameters`, `reply_to_message_id`, or a
    /// user's [`FakeUser::reply`]). A message in a topic also carries the topic's creation
    /// message as `reply_to_message` in `raw`, as Telegram does; that one is not counted here.
    pub reply_to: Option<i64>,
    pub edits: u32,
    /// The forum topic (`message_thread_id`) the message is in; `None` outside forums and in
    /// a forum's General topic.
    pub thread_id: Option<i64>,
    /// `disable_notification` of the send (bot messages).
    pub disable_notification: bool,
    /// `protect_content` of the send (bot messages; `raw` has `has_protected_content`).
    pub protect_content: bool,
    /// The Message object as Telegram would return it now.
    pub raw: Value,
}

/// Keys of a Message that make it a service message.
const SERVICE_KEYS: &[&str] = &[
    "forum_topic_created",
    "forum_topic_edited",
    "forum_topic_closed",
    "forum_topic_reopened",
    "general_forum_topic_hidden",
    "general_forum_topic_unhidden",
    "new_chat_members",
    "left_chat_member",
    "new_chat_title",
    "pinned_message",
];

impl FakeMessage {
    /// A service message (a topic created, edited, closed or reopened, ...): not counted by
    /// [`FakeTelegram::bot_messages`] nor [`FakeTelegram::thread_messages`].
    pub fn is_service(&self) -> bool {
        SERVICE_KEYS.iter().any(|k| self.raw.get(*k).is_some())
    }

    /// Every button label, row by row.
    pub fn labels(&self) -> Vec<String> {
        self.keyboard
            .iter()
            .flatten()
            .map(|b| b.text.clone())
            .collect()
    }

    pub fn document_name(&self) -> Option<&str> {
        match self.kind {
            FakeKind::Document => self.file.as_ref()?.file_name.as_deref(),
            _ => None,
        }
    }
}

/// A forum topic, as it stands (deleted ones are kept, flagged).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FakeTopic {
    /// `message_thread_id`: the id of the topic's `forum_topic_created` service message.
    pub thread_id: i64,
    pub name: String,
    pub icon_color: u32,
    pub icon_custom_emoji_id: Option<String>,
    pub closed: bool,
    pub deleted: bool,
}

/// An answerCallbackQuery the bot made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallbackAnswer {
    pub callback_query_id: String,
    /// The update that carried the query.
    pub update_id: i64,
    pub text: Option<String>,
    pub show_alert: bool,
    pub url: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------

struct ChatState {
    json: Value,
    is_group: bool,
    is_forum: bool,
    next_message_id: i64,
    messages: Vec<FakeMessage>,
    deleted: Vec<FakeMessage>,
    actions: Vec<String>,
    topics: Vec<TopicState>,
    /// getChatMember statuses by user id ("creator", "administrator", "member", ...).
    members: HashMap<i64, String>,
}

impl ChatState {
    fn new(json: Value, is_group: bool) -> ChatState {
        ChatState {
            json,
            is_group,
            is_forum: false,
            next_message_id: 1,
            messages: Vec::new(),
            deleted: Vec::new(),
            actions: Vec::new(),
            topics: Vec::new(),
            members: HashMap::new(),
        }
    }

    fn topic(&self, thread_id: i64) -> Option<&TopicState> {
        self.topics
            .iter()
            .find(|t| t.thread_id == thread_id && !t.deleted)
    }

    /// Whether the bot is the creator or an administrator (it may delete others' messages,
    /// manage topics).
    fn bot_is_admin(&self) -> bool {
        matches!(
            self.members.get(&BOT_ID).map(String::as_str),
            Some("creator" | "administrator")
        )
    }

    fn is_supergroup(&self) -> bool {
        self.json["type"].as_str() == Some("supergroup")
    }
}

struct TopicState {
    thread_id: i64,
    name: String,
    icon_color: u32,
    icon_custom_emoji_id: Option<String>,
    closed: bool,
    deleted: bool,
    /// The `forum_topic_created` service message, which every message in the topic carries as
    /// `reply_to_message`.
    created: Value,
}

impl TopicState {
    fn public(&self) -> FakeTopic {
        FakeTopic {
            thread_id: self.thread_id,
            name: self.name.clone(),
            icon_color: self.icon_color,
            icon_custom_emoji_id: self.icon_custom_emoji_id.clone(),
            closed: self.closed,
            deleted: self.deleted,
        }
    }
}

struct CallbackState {
    update_id: i64,
    answered: bool,
    expired: bool,
}

struct State {
    next_update_id: i64,
    queue: BTreeMap<i64, Value>,
    history: HashMap<i64, Value>,
    delivered: HashSet<i64>,
    confirmed_offset: i64,
    allowed_updates: Vec<String>,
    poll_generation: u64,
    webhook: Option<WebhookInfo>,
    commands: HashMap<(String, String), Vec<(String, String)>>,
    descriptions: HashMap<String, String>,
    chats: HashMap<i64, ChatState>,
    /// Users the fake knows (for getChatMember), by id.
    users: HashMap<i64, Value>,
    files: HashMap<String, FakeFile>,
    file_kinds: HashMap<String, FileKind>,
    /// All sizes of a photo, under the file_id of each size.
    photo_sizes: HashMap<String, Value>,
    next_file: u64,
    callbacks: HashMap<String, CallbackState>,
    callback_by_update: HashMap<i64, String>,
    next_callback: u64,
    answers: Vec<CallbackAnswer>,
    calls: Vec<Call>,
    faults: Vec<Fault>,
    blocked: HashSet<i64>,
    latency: Duration,
}

impl State {
    fn new() -> State {
        State {
            next_update_id: 1,
            queue: BTreeMap::new(),
            history: HashMap::new(),
            delivered: HashSet::new(),
            confirmed_offset: 0,
            allowed_updates: Vec::new(),
            poll_generation: 0,
            webhook: None,
            commands: HashMap::new(),
            descriptions: HashMap::new(),
            chats: HashMap::new(),
            users: HashMap::new(),
            files: HashMap::new(),
            file_kinds: HashMap::new(),
            photo_sizes: HashMap::new(),
            next_file: 1,
            callbacks: HashMap::new(),
            callback_by_update: HashMap::new(),
            next_callback: 1,
            answers: Vec::new(),
            calls: Vec::new(),
            faults: Vec::new(),
            blocked: HashSet::new(),
            latency: Duration::ZERO,
        }
    }

    /// Queues `body` (an object like `{"message": ..}`) as a new update; returns its id.
    fn push_update(&mut self, mut body: Value) -> i64 {
        let id = match body.get("update_id").and_then(Value::as_i64) {
            Some(id) => id,
            None => {
                let id = self.next_update_id;
                body["update_id"] = json!(id);
                id
            }
        };
        self.next_update_id = self.next_update_id.max(id + 1);
        self.history.insert(id, body.clone());
        self.queue.insert(id, body);
        id
    }

    /// getUpdates' `offset`: updates below it are confirmed and forgotten.
    fn confirm(&mut self, offset: i64) {
        if offset > 0 {
            self.queue.retain(|id, _| *id >= offset);
            self.confirmed_offset = self.confirmed_offset.max(offset);
        } else if offset < 0 {
            let keep = usize::try_from(offset.unsigned_abs()).unwrap_or(usize::MAX);
            while self.queue.len() > keep {
                if let Some((id, _)) = self.queue.pop_first() {
                    self.confirmed_offset = self.confirmed_offset.max(id + 1);
                }
            }
        }
    }

    fn allowed(&self, update: &Value) -> bool {
        let kind = update_kind(update);
        if self.allowed_updates.is_empty() {
            !matches!(
                kind.as_str(),
                "chat_member" | "message_reaction" | "message_reaction_count"
            )
        } else {
            self.allowed_updates.contains(&kind)
        }
    }

    /// Pending updates with id >= offset, up to limit; drops the ones `allowed_updates` excludes.
    fn batch(&mut self, offset: i64, limit: usize) -> Vec<Value> {
        let excluded: Vec<i64> = self
            .queue
            .iter()
            .filter(|(_, u)| !self.allowed(u))
            .map(|(id, _)| *id)
            .collect();
        for id in excluded {
            self.queue.remove(&id);
        }
        let out: Vec<Value> = self
            .queue
            .range(offset..)
            .take(limit)
            .map(|(_, u)| u.clone())
            .collect();
        for u in &out {
            if let Some(id) = u["update_id"].as_i64() {
                self.delivered.insert(id);
            }
        }
        out
    }

    fn chat(&self, chat_id: i64) -> Option<&ChatState> {
        self.chats.get(&chat_id)
    }

    fn message(&self, chat_id: i64, message_id: i64) -> Option<&FakeMessage> {
        self.chat(chat_id)?
            .messages
            .iter()
            .find(|m| m.message_id == message_id)
    }

    fn message_mut(&mut self, chat_id: i64, message_id: i64) -> Option<&mut FakeMessage> {
        self.chats
            .get_mut(&chat_id)?
            .messages
            .iter_mut()
            .find(|m| m.message_id == message_id)
    }

    fn register_file(
        &mut self,
        kind: FileKind,
        file_name: Option<String>,
        mime_type: Option<String>,
        bytes: Vec<u8>,
    ) -> FakeFile {
        let n = self.next_file;
        self.next_file += 1;
        let (prefix, dir, default_ext) = match kind {
            FileKind::Document => ("BQACAgUAAxkB", "documents", "bin"),
            FileKind::Photo => ("AgACAgUAAxkB", "photos", "jpg"),
            FileKind::Voice => ("AwACAgUAAxkB", "voice", "oga"),
            FileKind::Sticker => ("CAACAgUAAxkB", "stickers", "webp"),
        };
        let ext = file_name
            .as_deref()
            .and_then(|n| n.rsplit_once('.'))
            .map(|(_, e)| e.to_ascii_lowercase())
            .filter(|e| {
                !e.is_empty() && e.len() <= 5 && e.chars().all(|c| c.is_ascii_alphanumeric())
            })
            .unwrap_or_else(|| default_ext.to_owned());
        let file = FakeFile {
            file_id: format!("{prefix}{n:06}-uji"),
            file_unique_id: format!("AgAD{n:06}"),
            file_name,
            mime_type,
            file_path: format!("{dir}/file_{n}.{ext}"),
            bytes,
        };
        self.files.insert(file.file_id.clone(), file.clone());
        self.file_kinds.insert(file.file_id.clone(), kind);
        file
    }

    /// Three sizes, largest last; the smaller ones are prefixes of the bytes, so a bot that
    /// downloads the wrong size gets the wrong content.
    fn register_photo(&mut self, bytes: Vec<u8>) -> (Value, FakeFile) {
        let len = bytes.len();
        let small = self.register_file(FileKind::Photo, None, None, bytes[..len / 10].to_vec());
        let medium = self.register_file(FileKind::Photo, None, None, bytes[..len / 3].to_vec());
        let large = self.register_file(FileKind::Photo, None, None, bytes);
        let sizes = json!([
            photo_size(&small, 90, 67),
            photo_size(&medium, 320, 240),
            photo_size(&large, 1280, 960),
        ]);
        for f in [&small, &medium, &large] {
            self.photo_sizes.insert(f.file_id.clone(), sizes.clone());
        }
        (sizes, large)
    }

    /// Adds a service message (`key: body`) to a topic of the chat; `thread` `None`: the
    /// message opens a new topic and is its own thread. Returns the Message.
    fn push_service(
        &mut self,
        chat_id: i64,
        from: Value,
        thread: Option<i64>,
        key: &str,
        body: Value,
    ) -> Option<Value> {
        let chat = self.chats.get_mut(&chat_id)?;
        let message_id = chat.next_message_id;
        chat.next_message_id += 1;
        let thread_id = thread.unwrap_or(message_id);
        let mut raw = json!({
            "message_id": message_id,
            "message_thread_id": thread_id,
            "from": from,
            "chat": chat.json,
            "date": now(),
            "is_topic_message": true,
        });
        if let Some(t) = thread.and_then(|t| chat.topic(t)) {
            raw["reply_to_message"] = t.created.clone();
        }
        raw[key] = body;
        chat.messages.push(FakeMessage {
            chat_id,
            message_id,
            from_bot: from["id"].as_i64() == Some(BOT_ID),
            kind: FakeKind::Other,
            text: None,
            entities: Vec::new(),
            parse_mode: None,
            keyboard: Vec::new(),
            reply_markup: None,
            file: None,
            reply_to: None,
            edits: 0,
            thread_id: Some(thread_id),
            disable_notification: false,
            protect_content: false,
            raw: raw.clone(),
        });
        Some(raw)
    }

    /// A new topic: its `forum_topic_created` message (whose id is the thread id).
    fn create_topic(
        &mut self,
        chat_id: i64,
        name: String,
        icon_color: u32,
        icon_custom_emoji_id: Option<String>,
        from: Value,
    ) -> Option<(i64, Value)> {
        let mut body = json!({"name": name, "icon_color": icon_color});
        if let Some(e) = &icon_custom_emoji_id {
            body["icon_custom_emoji_id"] = json!(e);
        }
        let raw = self.push_service(chat_id, from, None, "forum_topic_created", body)?;
        let thread_id = raw["message_id"].as_i64()?;
        self.chats.get_mut(&chat_id)?.topics.push(TopicState {
            thread_id,
            name,
            icon_color,
            icon_custom_emoji_id,
            closed: false,
            deleted: false,
            created: raw.clone(),
        });
        Some((thread_id, raw))
    }

    fn topic_mut(&mut self, chat_id: i64, thread_id: i64) -> Option<&mut TopicState> {
        self.chats
            .get_mut(&chat_id)?
            .topics
            .iter_mut()
            .find(|t| t.thread_id == thread_id && !t.deleted)
    }

    /// Closes or reopens a topic, with its service message; returns that message.
    fn set_topic_closed(
        &mut self,
        chat_id: i64,
        thread_id: i64,
        closed: bool,
        from: Value,
    ) -> Result<Value, ApiErr> {
        let topic = self
            .topic_mut(chat_id, thread_id)
            .ok_or_else(|| bad(desc::TOPIC_ID_INVALID))?;
        if topic.closed == closed {
            return Err(bad(desc::TOPIC_NOT_MODIFIED));
        }
        topic.closed = closed;
        let key = if closed {
            "forum_topic_closed"
        } else {
            "forum_topic_reopened"
        };
        self.push_service(chat_id, from, Some(thread_id), key, json!({}))
            .ok_or_else(|| bad(desc::CHAT_NOT_FOUND))
    }

    /// Deletes a topic with all its messages (they move to the chat's deleted messages).
    fn delete_topic(&mut self, chat_id: i64, thread_id: i64) -> bool {
        let Some(topic) = self.topic_mut(chat_id, thread_id) else {
            return false;
        };
        topic.deleted = true;
        let Some(chat) = self.chats.get_mut(&chat_id) else {
            return false;
        };
        let (gone, kept): (Vec<FakeMessage>, Vec<FakeMessage>) = std::mem::take(&mut chat.messages)
            .into_iter()
            .partition(|m| m.thread_id == Some(thread_id));
        chat.messages = kept;
        chat.deleted.extend(gone);
        true
    }

    fn fault_for(&mut self, method: &str, chat_id: Option<i64>) -> Option<FaultKind> {
        let idx = self.faults.iter().position(|f| {
            let method_ok = match &f.method {
                Some(m) => m.eq_ignore_ascii_case(method),
                None => method != "getUpdates" && method != DOWNLOAD,
            };
            let chat_ok = f.chat_id.is_none() || f.chat_id == chat_id;
            method_ok && chat_ok && f.times > 0
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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FileKind {
    Document,
    Photo,
    Voice,
    Sticker,
}

fn photo_size(f: &FakeFile, width: u32, height: u32) -> Value {
    json!({
        "file_id": f.file_id,
        "file_unique_id": f.file_unique_id,
        "file_size": f.bytes.len(),
        "width": width,
        "height": height,
    })
}

fn document_json(f: &FakeFile) -> Value {
    let mut v = json!({
        "file_id": f.file_id,
        "file_unique_id": f.file_unique_id,
        "file_size": f.bytes.len(),
    });
    if let Some(n) = &f.file_name {
        v["file_name"] = json!(n);
    }
    if let Some(m) = &f.mime_type {
        v["mime_type"] = json!(m);
    }
    v
}

fn update_kind(update: &Value) -> String {
    update
        .as_object()
        .and_then(|o| o.keys().find(|k| *k != "update_id").cloned())
        .unwrap_or_default()
}

fn bot_user_json() -> Value {
    json!({"id": BOT_ID, "is_bot": true, "first_name": BOT_FIRST_NAME, "username": BOT_USERNAME})
}

fn owner_json() -> Value {
    json!({
        "id": FORUM_OWNER_ID,
        "is_bot": false,
        "first_name": "Pemilik",
        "last_name": "Uji",
        "username": "pemilik_uji",
    })
}

/// getChatMember's answer for a status (rights as an ordinary admin has them).
fn member_json(user: Value, status: &str) -> Value {
    let mut v = json!({"user": user, "status": status});
    match status {
        "creator" => v["is_anonymous"] = json!(false),
        "administrator" => {
            for (k, b) in [
                ("can_be_edited", false),
                ("is_anonymous", false),
                ("can_manage_chat", true),
                ("can_delete_messages", true),
                ("can_manage_video_chats", true),
                ("can_restrict_members", true),
                ("can_promote_members", false),
                ("can_change_info", true),
                ("can_invite_users", true),
                ("can_post_stories", false),
                ("can_edit_stories", false),
                ("can_delete_stories", false),
                ("can_pin_messages", true),
                ("can_manage_topics", true),
            ] {
                v[k] = json!(b);
            }
        }
        "restricted" => {
            v["until_date"] = json!(0);
            v["is_member"] = json!(true);
            for k in [
                "can_send_messages",
                "can_send_audios",
                "can_send_documents",
                "can_send_photos",
                "can_send_videos",
                "can_send_video_notes",
                "can_send_voice_notes",
                "can_send_polls",
                "can_send_other_messages",
                "can_add_web_page_previews",
                "can_change_info",
                "can_invite_users",
                "can_pin_messages",
                "can_manage_topics",
            ] {
                v[k] = json!(false);
            }
        }
        "kicked" => v["until_date"] = json!(0),
        _ => {}
    }
    v
}

/// Statuses [`FakeTelegram::set_member_status`] accepts.
const MEMBER_STATUSES: &[&str] = &[
    "creator",
    "administrator",
    "member",
    "restricted",
    "left",
    "kicked",
];

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

struct Shared {
    state: Mutex<State>,
    notify: Notify,
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
    addr: SocketAddr,
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
pub struct FakeTelegram {
    inner: Arc<Handle>,
}

impl FakeTelegram {
    pub async fn start() -> FakeTelegram {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the fake Telegram server");
        let addr = listener.local_addr().expect("local address");
        let shared = Arc::new(Shared {
            state: Mutex::new(State::new()),
            notify: Notify::new(),
        });
        let app = Router::new()
            .fallback(handle_request)
            .with_state(shared.clone())
            .layer(DefaultBodyLimit::max(MAX_UPLOAD + 1024 * 1024));
        let task = tokio::spawn(async move {
            let service = app.into_make_service_with_connect_info::<ConnHandle>();
            let _ = axum::serve(FakeListener(listener), service).await;
        });
        FakeTelegram {
            inner: Arc::new(Handle { shared, addr, task }),
        }
    }

    /// `http://127.0.0.1:PORT`, for `TELOXIDE_API_URL` / `Bot::set_api_url`.
    pub fn api_url(&self) -> String {
        format!("http://{}", self.inner.addr)
    }

    pub fn token(&self) -> &'static str {
        TOKEN
    }

    /// A teloxide bot pointed at the fake.
    pub fn bot(&self) -> teloxide::Bot {
        let url = reqwest::Url::parse(&self.api_url()).expect("api url");
        teloxide::Bot::new(TOKEN).set_api_url(url)
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.inner.shared.lock()
    }

    fn changed(&self) {
        self.inner.shared.changed();
    }

    // --- users and updates ---------------------------------------------------------------

    /// A private chat with user `chat_id` (> 0), who has started the bot (so the bot may
    /// write to it). Name "Uji Coba"; change with [`FakeUser::named`].
    pub fn user(&self, chat_id: i64, language_code: &str) -> FakeUser {
        assert!(chat_id > 0, "private chat ids are positive, got {chat_id}");
        let user = FakeUser {
            fake: self.clone(),
            chat_id,
            user_id: chat_id,
            language_code: language_code.to_owned(),
            first_name: "Uji".to_owned(),
            last_name: Some("Coba".to_owned()),
            username: Some(format!("uji_coba_{chat_id}")),
            thread_id: None,
        };
        let mut st = self.state();
        st.users.insert(user.user_id, user.user_json());
        st.chats
            .entry(chat_id)
            .or_insert_with(|| ChatState::new(user.private_chat_json(), false));
        user
    }

    /// Queues an update as is; assigns `update_id` when missing. A `message` whose chat the
    /// fake knows is also added to that chat (with a `message_id` when missing).
    pub fn push_raw(&self, mut update: Value) -> i64 {
        let mut st = self.state();
        for key in ["message", "edited_message"] {
            let Some(chat_id) = update[key]["chat"]["id"].as_i64() else {
                continue;
            };
            let Some(chat) = st.chats.get_mut(&chat_id) else {
                continue;
            };
            let mid = match update[key]["message_id"].as_i64() {
                Some(mid) => mid,
                None => {
                    let mid = chat.next_message_id;
                    update[key]["message_id"] = json!(mid);
                    mid
                }
            };
            chat.next_message_id = chat.next_message_id.max(mid + 1);
            if key == "message" {
                let raw = update[key].clone();
                chat.messages.push(FakeMessage {
                    chat_id,
                    message_id: mid,
                    from_bot: false,
                    kind: FakeKind::Other,
                    text: raw["text"]
                        .as_str()
                        .or(raw["caption"].as_str())
                        .map(str::to_owned),
                    entities: Vec::new(),
                    parse_mode: None,
                    keyboard: Vec::new(),
                    reply_markup: None,
                    file: None,
                    reply_to: None,
                    edits: 0,
                    thread_id: raw["message_thread_id"].as_i64(),
                    disable_notification: false,
                    protect_content: false,
                    raw,
                });
            }
        }
        let id = st.push_update(update);
        drop(st);
        self.changed();
        id
    }

    /// Queues again an update already pushed, with the same id, as Telegram does when it did
    /// not get the confirmation (crash before the next getUpdates). Like any update it is
    /// only served to a getUpdates whose offset is <= its id (e.g. a restarted bot).
    pub fn push_duplicate(&self, update_id: i64) {
        let mut st = self.state();
        let update = st
            .history
            .get(&update_id)
            .cloned()
            .unwrap_or_else(|| panic!("no update {update_id} was ever pushed"));
        st.queue.insert(update_id, update);
        drop(st);
        self.changed();
    }

    /// Ids of the updates not confirmed yet.
    pub fn pending_updates(&self) -> Vec<i64> {
        self.state().queue.keys().copied().collect()
    }

    /// An update as it was pushed.
    pub fn update(&self, update_id: i64) -> Option<Value> {
        self.state().history.get(&update_id).cloned()
    }

    /// The highest getUpdates offset seen: every update below it is confirmed and gone.
    pub fn confirmed_offset(&self) -> i64 {
        self.state().confirmed_offset
    }

    /// Whether the update was served to a getUpdates or posted to the webhook.
    pub fn delivered(&self, update_id: i64) -> bool {
        self.state().delivered.contains(&update_id)
    }

    /// The `allowed_updates` of the last getUpdates / setWebhook that set them.
    pub fn allowed_updates(&self) -> Vec<String> {
        self.state().allowed_updates.clone()
    }

    // --- files -----------------------------------------------------------------------------

    /// Registers a document file (as if a user had sent it); returns its file_id.
    pub fn add_file(&self, file_name: &str, bytes: Vec<u8>) -> String {
        let mime = guess_mime(file_name);
        let f =
            self.state()
                .register_file(FileKind::Document, Some(file_name.to_owned()), mime, bytes);
        f.file_id
    }

    pub fn file(&self, file_id: &str) -> Option<FakeFile> {
        self.state().files.get(file_id).cloned()
    }

    // --- chats -----------------------------------------------------------------------------

    /// Visible messages of the chat, oldest first (user and bot, after edits and deletions).
    pub fn messages(&self, chat_id: i64) -> Vec<FakeMessage> {
        self.state()
            .chat(chat_id)
            .map(|c| c.messages.clone())
            .unwrap_or_default()
    }

    pub fn message(&self, chat_id: i64, message_id: i64) -> Option<FakeMessage> {
        self.state().message(chat_id, message_id).cloned()
    }

    /// The bot's visible messages (service messages such as a topic's creation left out).
    pub fn bot_messages(&self, chat_id: i64) -> Vec<FakeMessage> {
        let mut v = self.messages(chat_id);
        v.retain(|m| m.from_bot && !m.is_service());
        v
    }

    /// Texts (or captions) of the visible bot messages; media without caption are skipped.
    pub fn bot_texts(&self, chat_id: i64) -> Vec<String> {
        self.bot_messages(chat_id)
            .into_iter()
            .filter_map(|m| m.text)
            .collect()
    }

    pub fn last_bot_message(&self, chat_id: i64) -> Option<FakeMessage> {
        self.bot_messages(chat_id).pop()
    }

    /// Messages deleted with deleteMessage.
    pub fn deleted_messages(&self, chat_id: i64) -> Vec<FakeMessage> {
        self.state()
            .chat(chat_id)
            .map(|c| c.deleted.clone())
            .unwrap_or_default()
    }

    // --- forums -------------------------------------------------------------------------------

    /// A supergroup with topics (`"type": "supergroup", "is_forum": true`), id `chat_id`
    /// (< 0, e.g. -100123). The bot is an administrator with can_manage_topics (change it
    /// with [`FakeTelegram::set_member_status`]); [`FORUM_OWNER_ID`] is the creator. Users
    /// join and write with [`FakeUser::in_forum`]. Registering it again changes nothing.
    pub fn forum(&self, chat_id: i64, title: &str) {
        assert!(chat_id < 0, "supergroup ids are negative, got {chat_id}");
        let mut st = self.state();
        st.users.insert(FORUM_OWNER_ID, owner_json());
        let chat = st.chats.entry(chat_id).or_insert_with(|| {
            let json =
                json!({"id": chat_id, "type": "supergroup", "title": title, "is_forum": true});
            let mut chat = ChatState::new(json, true);
            chat.is_forum = true;
            // Message 1 is the group's own creation, which bots never see.
            chat.next_message_id = 2;
            chat
        });
        assert!(
            chat.is_forum,
            "chat {chat_id} is already registered, and not as a forum"
        );
        chat.members
            .entry(BOT_ID)
            .or_insert_with(|| "administrator".to_owned());
        chat.members
            .entry(FORUM_OWNER_ID)
            .or_insert_with(|| "creator".to_owned());
    }

    /// The forum's owner creates a topic in the app: its `forum_topic_created` message
    /// arrives as a `message` update. Returns the thread id.
    pub fn create_topic(&self, chat_id: i64, name: &str) -> i64 {
        let mut st = self.state();
        assert!(
            st.chat(chat_id).is_some_and(|c| c.is_forum),
            "no forum {chat_id}; register it with FakeTelegram::forum"
        );
        let (thread_id, raw) = st
            .create_topic(
                chat_id,
                name.to_owned(),
                DEFAULT_TOPIC_COLOR,
                None,
                owner_json(),
            )
            .unwrap_or_else(|| panic!("no forum {chat_id}"));
        st.push_update(json!({ "message": raw }));
        drop(st);
        self.changed();
        thread_id
    }

    /// The forum's owner closes a topic in the app: its `forum_topic_closed` message arrives
    /// as a `message` update (returns its update_id). From now on sends into the topic answer
    /// [`desc::TOPIC_CLOSED`].
    pub fn close_topic(&self, chat_id: i64, thread_id: i64) -> i64 {
        self.topic_by_hand(chat_id, thread_id, true)
    }

    /// The forum's owner reopens a closed topic (a `forum_topic_reopened` message update).
    pub fn reopen_topic(&self, chat_id: i64, thread_id: i64) -> i64 {
        self.topic_by_hand(chat_id, thread_id, false)
    }

    fn topic_by_hand(&self, chat_id: i64, thread_id: i64, closed: bool) -> i64 {
        let mut st = self.state();
        let raw = st
            .set_topic_closed(chat_id, thread_id, closed, owner_json())
            .unwrap_or_else(|e| {
                panic!(
                    "topic {thread_id} of chat {chat_id} can't be {}: {}",
                    if closed { "closed" } else { "reopened" },
                    e.description
                )
            });
        let id = st.push_update(json!({ "message": raw }));
        drop(st);
        self.changed();
        id
    }

    /// The forum's owner deletes a topic in the app, with all its messages (they move to
    /// [`FakeTelegram::deleted_messages`]); bots get no update. From now on sends into it
    /// answer [`desc::THREAD_NOT_FOUND`].
    pub fn delete_topic(&self, chat_id: i64, thread_id: i64) {
        let deleted = self.state().delete_topic(chat_id, thread_id);
        assert!(deleted, "no topic {thread_id} in chat {chat_id}");
        self.changed();
    }

    /// The chat's topics in creation order, deleted ones included (flagged).
    pub fn topics(&self, chat_id: i64) -> Vec<FakeTopic> {
        self.state()
            .chat(chat_id)
            .map(|c| c.topics.iter().map(TopicState::public).collect())
            .unwrap_or_default()
    }

    pub fn topic(&self, chat_id: i64, thread_id: i64) -> Option<FakeTopic> {
        self.topics(chat_id)
            .into_iter()
            .find(|t| t.thread_id == thread_id)
    }

    /// Visible messages of a topic, oldest first, users' and the bot's (service messages such
    /// as the topic's creation left out; empty once the topic is deleted).
    pub fn thread_messages(&self, chat_id: i64, thread_id: i64) -> Vec<FakeMessage> {
        let mut v = self.messages(chat_id);
        v.retain(|m| m.thread_id == Some(thread_id) && !m.is_service());
        v
    }

    /// Visible messages outside any topic (a forum's General topic), service messages left out.
    pub fn general_messages(&self, chat_id: i64) -> Vec<FakeMessage> {
        let mut v = self.messages(chat_id);
        v.retain(|m| m.thread_id.is_none() && !m.is_service());
        v
    }

    /// Sets what getChatMember answers for `user_id` (a test user or [`BOT_ID`]) in a group:
    /// "creator", "administrator", "member", "restricted", "left" or "kicked". For the bot it
    /// also matters: not an administrator, createForumTopic answers [`desc::TOPIC_RIGHTS`];
    /// "left" / "kicked", every call about the chat answers 403.
    pub fn set_member_status(&self, chat_id: i64, user_id: i64, status: &str) {
        assert!(
            MEMBER_STATUSES.contains(&status),
            "unknown member status {status:?}; one of {MEMBER_STATUSES:?}"
        );
        let mut st = self.state();
        assert!(
            user_id == BOT_ID || st.users.contains_key(&user_id),
            "unknown user {user_id}; create it with FakeTelegram::user"
        );
        let chat = st
            .chats
            .get_mut(&chat_id)
            .filter(|c| c.is_group)
            .unwrap_or_else(|| panic!("no group chat {chat_id}"));
        chat.members.insert(user_id, status.to_owned());
    }

    /// The status getChatMember answers for the user, if the chat has one for them.
    pub fn member_status(&self, chat_id: i64, user_id: i64) -> Option<String> {
        self.state()
            .chat(chat_id)
            .and_then(|c| c.members.get(&user_id).cloned())
    }

    /// sendChatAction actions for the chat, in order.
    pub fn chat_actions(&self, chat_id: i64) -> Vec<String> {
        self.state()
            .chat(chat_id)
            .map(|c| c.actions.clone())
            .unwrap_or_default()
    }

    // --- bot settings -----------------------------------------------------------------------

    pub fn webhook(&self) -> Option<WebhookInfo> {
        self.state().webhook.clone()
    }

    /// Commands of the default scope for `lang` (`None`: no language_code).
    pub fn commands(&self, lang: Option<&str>) -> Vec<(String, String)> {
        self.commands_scoped("default", lang)
    }

    /// Commands of a scope: "default", "all_private_chats", "all_group_chats",
    /// "all_chat_administrators", "chat:ID", "chat_administrators:ID", "chat_member:ID:USER".
    pub fn commands_scoped(&self, scope: &str, lang: Option<&str>) -> Vec<(String, String)> {
        self.state()
            .commands
            .get(&(scope.to_owned(), lang.unwrap_or("").to_owned()))
            .cloned()
            .unwrap_or_default()
    }

    /// setMyDescription / setMyShortDescription texts, keyed "description:LANG" /
    /// "short_description:LANG" (LANG empty for the default).
    pub fn descriptions(&self) -> HashMap<String, String> {
        self.state().descriptions.clone()
    }

    // --- callback queries ---------------------------------------------------------------------

    pub fn callback_answers(&self) -> Vec<CallbackAnswer> {
        self.state().answers.clone()
    }

    /// The answer to the callback query carried by update `update_id` (from `press*`).
    pub fn callback_answer_for(&self, update_id: i64) -> Option<CallbackAnswer> {
        self.state()
            .answers
            .iter()
            .find(|a| a.update_id == update_id)
            .cloned()
    }

    /// Makes every callback query pushed so far too old to answer (Telegram allows ~15 s).
    pub fn expire_callback_queries(&self) {
        for cb in self.state().callbacks.values_mut() {
            cb.expired = true;
        }
    }

    // --- recording and faults ------------------------------------------------------------------

    pub fn calls(&self) -> Vec<Call> {
        self.state().calls.clone()
    }

    /// Calls of one method (any casing, e.g. "sendMessage").
    pub fn calls_of(&self, method: &str) -> Vec<Call> {
        let mut v = self.calls();
        v.retain(|c| c.method.eq_ignore_ascii_case(method));
        v
    }

    /// Calls of methods the fake does not implement (answered 404).
    pub fn unknown_calls(&self) -> Vec<Call> {
        let mut v = self.calls();
        v.retain(|c| c.method != DOWNLOAD && canonical_method(&c.method).is_none());
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

    /// From now on every send, edit and chat action to the chat answers 403 (blocked by the
    /// user; for a group: kicked).
    pub fn block_chat(&self, chat_id: i64) {
        self.state().blocked.insert(chat_id);
    }

    pub fn unblock_chat(&self, chat_id: i64) {
        self.state().blocked.remove(&chat_id);
    }

    /// Delay before every answer.
    pub fn set_latency(&self, latency: Duration) {
        self.state().latency = latency;
    }

    // --- waiting -------------------------------------------------------------------------------

    /// Waits until `cond` holds, re-checking after every call, answer and push; false when
    /// `timeout` elapses first.
    pub async fn wait_until(
        &self,
        mut cond: impl FnMut(&FakeTelegram) -> bool,
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

    /// Waits until the chat shows at least `count` bot messages.
    pub async fn wait_for_bot_messages(
        &self,
        chat_id: i64,
        count: usize,
        timeout: Duration,
    ) -> bool {
        self.wait_until(|f| f.bot_messages(chat_id).len() >= count, timeout)
            .await
    }

    /// Waits until `method` was answered (status != 0) at least `count` times.
    pub async fn wait_for_calls(&self, method: &str, count: usize, timeout: Duration) -> bool {
        self.wait_until(
            |f| f.calls_of(method).iter().filter(|c| c.status != 0).count() >= count,
            timeout,
        )
        .await
    }

    /// Waits until the update was served to the bot.
    pub async fn wait_delivered(&self, update_id: i64, timeout: Duration) -> bool {
        self.wait_until(|f| f.delivered(update_id), timeout).await
    }

    // --- webhook delivery ------------------------------------------------------------------------

    /// POSTs `update` to a bot's webhook like Telegram (JSON body, secret header); returns the
    /// HTTP status, 0 when the connection failed.
    pub async fn webhook_post(&self, bot_url: &str, update: &Value, secret: Option<&str>) -> u16 {
        let body = serde_json::to_vec(update).expect("update serializes");
        let mut req = reqwest::Client::new()
            .post(bot_url)
            .header(header::CONTENT_TYPE, "application/json")
            .body(body);
        if let Some(secret) = secret {
            req = req.header("X-Telegram-Bot-Api-Secret-Token", secret);
        }
        let status = match req.send().await {
            Ok(resp) => resp.status().as_u16(),
            Err(_) => 0,
        };
        if let Some(id) = update["update_id"].as_i64() {
            self.state().delivered.insert(id);
        }
        self.changed();
        status
    }

    /// Delivers the pending updates in order to `local_url` (where the test's bot listens; the
    /// URL registered with setWebhook is the public one) with the registered secret, as
    /// Telegram does: an update answered 2xx is gone, the first failure stops the round and
    /// stays queued. Returns (update_id, status) per attempt. Panics when no webhook is set.
    pub async fn deliver_webhook(&self, local_url: &str) -> Vec<(i64, u16)> {
        let secret = self
            .webhook()
            .expect("deliver_webhook without a webhook set")
            .secret_token;
        let mut out = Vec::new();
        loop {
            let next = {
                let mut st = self.state();
                st.batch(0, 1).into_iter().next()
            };
            let Some(update) = next else { break };
            let id = update["update_id"].as_i64().unwrap_or_default();
            let status = self
                .webhook_post(local_url, &update, secret.as_deref())
                .await;
            out.push((id, status));
            if (200..300).contains(&status) {
                let mut st = self.state();
                st.queue.remove(&id);
            } else {
                break;
            }
        }
        self.changed();
        out
    }
}

// ---------------------------------------------------------------------------------------------
// Users
// ---------------------------------------------------------------------------------------------

/// A user writing to the bot in a private chat, a group, or a forum topic. Every action pushes
/// an update and returns its update_id.
#[derive(Clone)]
pub struct FakeUser {
    fake: FakeTelegram,
    /// The chat the user writes in (= user_id in a private chat, negative in a group).
    pub chat_id: i64,
    pub user_id: i64,
    pub language_code: String,
    pub first_name: String,
    pub last_name: Option<String>,
    pub username: Option<String>,
    /// The forum topic the user writes in (`None`: not a forum, or its General topic).
    pub thread_id: Option<i64>,
}

struct Outgoing {
    kind: FakeKind,
    fields: Value,
    text: Option<String>,
    entities: Vec<Value>,
    file: Option<FakeFile>,
    reply_to: Option<i64>,
}

impl Outgoing {
    fn new(kind: FakeKind, fields: Value, text: Option<String>) -> Outgoing {
        Outgoing {
            kind,
            fields,
            text,
            entities: Vec::new(),
            file: None,
            reply_to: None,
        }
    }
}

impl FakeUser {
    /// Changes the user's name (and the private chat's).
    pub fn named(mut self, first_name: &str, last_name: Option<&str>) -> FakeUser {
        self.first_name = first_name.to_owned();
        self.last_name = last_name.map(str::to_owned);
        let mut st = self.fake.state();
        st.users.insert(self.user_id, self.user_json());
        if self.chat_id > 0 {
            let json = self.private_chat_json();
            if let Some(chat) = st.chats.get_mut(&self.chat_id) {
                chat.json = json;
            }
        }
        drop(st);
        self
    }

    /// Changes the user's @username (`None`: the user has none).
    pub fn with_username(mut self, username: Option<&str>) -> FakeUser {
        self.username = username.map(str::to_owned);
        let mut st = self.fake.state();
        st.users.insert(self.user_id, self.user_json());
        if self.chat_id > 0 {
            let json = self.private_chat_json();
            if let Some(chat) = st.chats.get_mut(&self.chat_id) {
                chat.json = json;
            }
        }
        drop(st);
        self
    }

    /// The same user writing in group `group_id` (< 0, chat type "group"); a member there.
    pub fn in_group(&self, group_id: i64, title: &str) -> FakeUser {
        assert!(group_id < 0, "group chat ids are negative, got {group_id}");
        let mut st = self.fake.state();
        st.users.insert(self.user_id, self.user_json());
        let chat = st.chats.entry(group_id).or_insert_with(|| {
            ChatState::new(
                json!({"id": group_id, "type": "group", "title": title}),
                true,
            )
        });
        chat.members
            .entry(self.user_id)
            .or_insert_with(|| "member".to_owned());
        drop(st);
        FakeUser {
            chat_id: group_id,
            thread_id: None,
            ..self.clone()
        }
    }

    /// The same user, a member of forum `chat_id` (registered with [`FakeTelegram::forum`]),
    /// writing in topic `thread_id` (`None`: the General topic). Messages in a topic carry
    /// `message_thread_id`, `is_topic_message: true` and the topic's creation message as
    /// `reply_to_message`, like Telegram's. Panics when the forum or the topic does not exist.
    pub fn in_forum(&self, chat_id: i64, thread_id: Option<i64>) -> FakeUser {
        let mut st = self.fake.state();
        st.users.insert(self.user_id, self.user_json());
        let chat = st
            .chats
            .get_mut(&chat_id)
            .filter(|c| c.is_forum)
            .unwrap_or_else(|| panic!("no forum {chat_id}; register it with FakeTelegram::forum"));
        if let Some(t) = thread_id {
            assert!(
                chat.topic(t).is_some(),
                "no topic {t} in forum {chat_id} (deleted, or never created)"
            );
        }
        chat.members
            .entry(self.user_id)
            .or_insert_with(|| "member".to_owned());
        drop(st);
        FakeUser {
            chat_id,
            thread_id,
            ..self.clone()
        }
    }

    /// The same user in another topic of the same forum (`None`: General).
    pub fn in_topic(&self, thread_id: Option<i64>) -> FakeUser {
        self.in_forum(self.chat_id, thread_id)
    }

    fn private_chat_json(&self) -> Value {
        let mut v = json!({"id": self.user_id, "type": "private", "first_name": self.first_name});
        if let Some(l) = &self.last_name {
            v["last_name"] = json!(l);
        }
        if let Some(u) = &self.username {
            v["username"] = json!(u);
        }
        v
    }

    pub fn user_json(&self) -> Value {
        let mut v = json!({
            "id": self.user_id,
            "is_bot": false,
            "first_name": self.first_name,
            "language_code": self.language_code,
        });
        if let Some(l) = &self.last_name {
            v["last_name"] = json!(l);
        }
        if let Some(u) = &self.username {
            v["username"] = json!(u);
        }
        v
    }

    fn push_message(&self, out: Outgoing) -> i64 {
        let mut st = self.fake.state();
        let replied = out.reply_to.map(|mid| {
            let mut raw = st
                .message(self.chat_id, mid)
                .map(|m| m.raw.clone())
                .unwrap_or_else(|| panic!("no message {mid} in chat {}", self.chat_id));
            if let Some(o) = raw.as_object_mut() {
                o.remove("reply_to_message");
            }
            raw
        });
        let chat = st
            .chats
            .get_mut(&self.chat_id)
            .expect("the chat was registered with the user");
        let topic_created = self.thread_id.map(|t| {
            chat.topic(t)
                .map(|topic| topic.created.clone())
                .unwrap_or_else(|| panic!("topic {t} of chat {} was deleted", self.chat_id))
        });
        let message_id = chat.next_message_id;
        chat.next_message_id += 1;
        let mut raw = json!({
            "message_id": message_id,
            "from": self.user_json(),
            "chat": chat.json,
            "date": now(),
        });
        if let (Some(t), Some(created)) = (self.thread_id, topic_created) {
            raw["message_thread_id"] = json!(t);
            raw["is_topic_message"] = json!(true);
            raw["reply_to_message"] = created;
        }
        if let Some(r) = replied {
            raw["reply_to_message"] = r;
        }
        if let (Some(obj), Some(fields)) = (raw.as_object_mut(), out.fields.as_object()) {
            for (k, v) in fields {
                obj.insert(k.clone(), v.clone());
            }
        }
        chat.messages.push(FakeMessage {
            chat_id: self.chat_id,
            message_id,
            from_bot: false,
            kind: out.kind,
            text: out.text,
            entities: out.entities,
            parse_mode: None,
            keyboard: Vec::new(),
            reply_markup: None,
            file: out.file,
            reply_to: out.reply_to,
            edits: 0,
            thread_id: self.thread_id,
            disable_notification: false,
            protect_content: false,
            raw: raw.clone(),
        });
        let id = st.push_update(json!({ "message": raw }));
        drop(st);
        self.fake.changed();
        id
    }

    /// A text message; one starting with '/' carries a `bot_command` entity.
    pub fn text(&self, text: &str) -> i64 {
        let entities = command_entities(text);
        let mut fields = json!({ "text": text });
        if !entities.is_empty() {
            fields["entities"] = json!(entities);
        }
        self.push_message(Outgoing {
            entities,
            ..Outgoing::new(FakeKind::Text, fields, Some(text.to_owned()))
        })
    }

    /// A text message replying to message `message_id` of this chat (in a topic it stays in
    /// the user's topic).
    pub fn reply(&self, message_id: i64, text: &str) -> i64 {
        let entities = command_entities(text);
        let mut fields = json!({ "text": text });
        if !entities.is_empty() {
            fields["entities"] = json!(entities);
        }
        self.push_message(Outgoing {
            entities,
            reply_to: Some(message_id),
            ..Outgoing::new(FakeKind::Text, fields, Some(text.to_owned()))
        })
    }

    /// A photo: three sizes, largest last with `file_size = bytes.len()` (the smaller sizes hold
    /// a prefix of the bytes).
    pub fn photo(&self, bytes: Vec<u8>) -> i64 {
        self.photo_with_caption(bytes, None)
    }

    pub fn photo_with_caption(&self, bytes: Vec<u8>, caption: Option<&str>) -> i64 {
        let (sizes, large) = self.fake.state().register_photo(bytes);
        let mut fields = json!({ "photo": sizes });
        if let Some(c) = caption {
            fields["caption"] = json!(c);
        }
        self.push_message(Outgoing {
            file: Some(large),
            ..Outgoing::new(FakeKind::Photo, fields, caption.map(str::to_owned))
        })
    }

    pub fn document(&self, file_name: &str, mime_type: &str, bytes: Vec<u8>) -> i64 {
        self.document_with_caption(file_name, mime_type, bytes, None)
    }

    pub fn document_with_caption(
        &self,
        file_name: &str,
        mime_type: &str,
        bytes: Vec<u8>,
        caption: Option<&str>,
    ) -> i64 {
        let file = self.fake.state().register_file(
            FileKind::Document,
            Some(file_name.to_owned()),
            Some(mime_type.to_owned()),
            bytes,
        );
        let mut fields = json!({ "document": document_json(&file) });
        if let Some(c) = caption {
            fields["caption"] = json!(c);
        }
        self.push_message(Outgoing {
            file: Some(file),
            ..Outgoing::new(FakeKind::Document, fields, caption.map(str::to_owned))
        })
    }

    /// A static sticker (something the bot cannot read as text or a form file).
    pub fn sticker(&self) -> i64 {
        let bytes = b"RIFF\x10\0\0\0WEBPVP8 uji-coba".to_vec();
        let file = self
            .fake
            .state()
            .register_file(FileKind::Sticker, None, None, bytes);
        let fields = json!({"sticker": {
            "file_id": file.file_id,
            "file_unique_id": file.file_unique_id,
            "file_size": file.bytes.len(),
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": false,
            "is_video": false,
            "emoji": "\u{1F44D}",
            "set_name": "UjiCobaStiker",
        }});
        self.push_message(Outgoing {
            file: Some(file),
            ..Outgoing::new(FakeKind::Sticker, fields, None)
        })
    }

    /// A voice note of `seconds` seconds.
    pub fn voice(&self, seconds: u32) -> i64 {
        let bytes = b"OggS\0\x02uji-coba-voice".to_vec();
        let file = self.fake.state().register_file(
            FileKind::Voice,
            None,
            Some("audio/ogg".to_owned()),
            bytes,
        );
        let fields = json!({"voice": {
            "file_id": file.file_id,
            "file_unique_id": file.file_unique_id,
            "file_size": file.bytes.len(),
            "duration": seconds,
            "mime_type": "audio/ogg",
        }});
        self.push_message(Outgoing {
            file: Some(file),
            ..Outgoing::new(FakeKind::Voice, fields, None)
        })
    }

    /// The user edits their own earlier text message (an `edited_message` update).
    pub fn edit(&self, message_id: i64, new_text: &str) -> i64 {
        let mut st = self.fake.state();
        let m = st
            .message_mut(self.chat_id, message_id)
            .filter(|m| !m.from_bot)
            .unwrap_or_else(|| panic!("no user message {message_id} in chat {}", self.chat_id));
        m.text = Some(new_text.to_owned());
        m.entities = command_entities(new_text);
        m.edits += 1;
        m.raw["text"] = json!(new_text);
        m.raw["edit_date"] = json!(now());
        let raw = m.raw.clone();
        let id = st.push_update(json!({ "edited_message": raw }));
        drop(st);
        self.fake.changed();
        id
    }

    /// Presses the button whose label contains `label_contains` on the newest bot message of
    /// this chat that has one. Panics with the visible keyboards when there is none.
    pub fn press(&self, label_contains: &str) -> i64 {
        let messages = self.fake.bot_messages(self.chat_id);
        for m in messages.iter().rev() {
            if let Some(b) = find_button(m, label_contains) {
                return self.press_button(m, b);
            }
        }
        panic!(
            "no button containing {label_contains:?} in chat {}; visible keyboards: {}",
            self.chat_id,
            describe_keyboards(&messages)
        );
    }

    /// Presses a button on a given (possibly old) bot message.
    pub fn press_on(&self, message_id: i64, label_contains: &str) -> i64 {
        let m = self.bot_message(message_id);
        match find_button(&m, label_contains) {
            Some(b) => self.press_button(&m, b),
            None => panic!(
                "no button containing {label_contains:?} on message {message_id}; it shows {}",
                describe_keyboards(std::slice::from_ref(&m))
            ),
        }
    }

    /// Sends a callback query with arbitrary data for a bot message (stale or forged presses).
    pub fn press_data(&self, message_id: i64, data: &str) -> i64 {
        let m = self.bot_message(message_id);
        self.push_callback(&m, data)
    }

    fn bot_message(&self, message_id: i64) -> FakeMessage {
        self.fake
            .message(self.chat_id, message_id)
            .filter(|m| m.from_bot)
            .unwrap_or_else(|| {
                panic!(
                    "no visible bot message {message_id} in chat {}",
                    self.chat_id
                )
            })
    }

    fn press_button(&self, m: &FakeMessage, b: Button) -> i64 {
        match b.callback_data {
            Some(data) => self.push_callback(m, &data),
            None => panic!(
                "button {:?} on message {} is a URL button ({:?}), pressing it opens a browser",
                b.text, m.message_id, b.url
            ),
        }
    }

    fn push_callback(&self, m: &FakeMessage, data: &str) -> i64 {
        let mut st = self.fake.state();
        let n = st.next_callback;
        st.next_callback += 1;
        let id = format!("{}{:07}", self.user_id.unsigned_abs(), n);
        let update = json!({"callback_query": {
            "id": id,
            "from": self.user_json(),
            "message": m.raw,
            "chat_instance": format!("-{}", 7_000_000_000_i64 + self.chat_id.abs()),
            "data": data,
        }});
        let update_id = st.push_update(update);
        st.callbacks.insert(
            id.clone(),
            CallbackState {
                update_id,
                answered: false,
                expired: false,
            },
        );
        st.callback_by_update.insert(update_id, id);
        drop(st);
        self.fake.changed();
        update_id
    }

    // Reading shortcuts for this chat.

    pub fn messages(&self) -> Vec<FakeMessage> {
        self.fake.messages(self.chat_id)
    }

    pub fn bot_texts(&self) -> Vec<String> {
        self.fake.bot_texts(self.chat_id)
    }

    pub fn last_bot_message(&self) -> Option<FakeMessage> {
        self.fake.last_bot_message(self.chat_id)
    }

    pub async fn wait_for_bot_messages(&self, count: usize, timeout: Duration) -> bool {
        self.fake
            .wait_for_bot_messages(self.chat_id, count, timeout)
            .await
    }
}

fn command_entities(text: &str) -> Vec<Value> {
    if !text.starts_with('/') {
        return Vec::new();
    }
    let command = text.split_whitespace().next().unwrap_or("");
    vec![json!({"type": "bot_command", "offset": 0, "length": utf16_len(command)})]
}

fn find_button(m: &FakeMessage, label_contains: &str) -> Option<Button> {
    m.keyboard
        .iter()
        .flatten()
        .find(|b| b.text.contains(label_contains))
        .cloned()
}

fn describe_keyboards(messages: &[FakeMessage]) -> String {
    let shown: Vec<String> = messages
        .iter()
        .filter(|m| !m.keyboard.is_empty())
        .map(|m| {
            let rows: Vec<String> = m
                .keyboard
                .iter()
                .map(|row| {
                    row.iter()
                        .map(|b| format!("[{}]", b.text))
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect();
            format!("message {}: {}", m.message_id, rows.join(" / "))
        })
        .collect();
    if shown.is_empty() {
        "none".to_owned()
    } else {
        shown.join("; ")
    }
}

// ---------------------------------------------------------------------------------------------
// HTTP layer
// ---------------------------------------------------------------------------------------------

type Params = Map<String, Value>;

#[derive(Debug, Clone)]
struct ApiErr {
    code: u16,
    description: String,
    retry_after: Option<u64>,
}

fn bad(description: impl Into<String>) -> ApiErr {
    api_err(400, description)
}

fn api_err(code: u16, description: impl Into<String>) -> ApiErr {
    ApiErr {
        code,
        description: description.into(),
        retry_after: None,
    }
}

impl ApiErr {
    fn body(&self) -> Value {
        let mut v = json!({"ok": false, "error_code": self.code, "description": self.description});
        if let Some(s) = self.retry_after {
            v["parameters"] = json!({ "retry_after": s });
        }
        v
    }
}

/// A file part of a multipart request.
struct Upload {
    file_name: Option<String>,
    content_type: Option<String>,
    bytes: Vec<u8>,
}

#[derive(Default)]
struct Parsed {
    params: Params,
    /// Uploaded files by the field that referenced them (`document`, `photo`, ...).
    files: HashMap<String, Upload>,
}

/// The answer of one call.
enum Answer {
    Ok(Value),
    /// `ok: true` with a `description`, as setWebhook/deleteWebhook answer.
    OkDescribed(Value, &'static str),
    Err(ApiErr),
    Html(u16),
    Bytes(Vec<u8>),
    Drop,
}

impl Answer {
    fn status(&self) -> u16 {
        match self {
            Answer::Ok(_) | Answer::OkDescribed(..) | Answer::Bytes(_) => 200,
            Answer::Err(e) => e.code,
            Answer::Html(code) => *code,
            Answer::Drop => 0,
        }
    }

    fn json(&self) -> Value {
        match self {
            Answer::Ok(v) => json!({"ok": true, "result": v}),
            Answer::OkDescribed(v, d) => json!({"ok": true, "result": v, "description": d}),
            Answer::Err(e) => e.body(),
            Answer::Html(_) | Answer::Bytes(_) | Answer::Drop => Value::Null,
        }
    }

    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status()).unwrap_or(StatusCode::OK);
        match self {
            Answer::Html(code) => {
                let reason = status.canonical_reason().unwrap_or("Error");
                let page = format!(
                    "<html>\r\n<head><title>{code} {reason}</title></head>\r\n<body>\r\n<center><h1>{code} {reason}</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n</body>\r\n</html>\r\n"
                );
                (status, [(header::CONTENT_TYPE, "text/html")], page).into_response()
            }
            Answer::Bytes(bytes) => (
                status,
                [(header::CONTENT_TYPE, "application/octet-stream")],
                bytes,
            )
                .into_response(),
            Answer::Drop => StatusCode::OK.into_response(),
            other => {
                let body = serde_json::to_vec(&other.json()).unwrap_or_default();
                let mut resp = (status, body).into_response();
                resp.headers_mut().insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                );
                resp
            }
        }
    }
}

fn fault_answer(kind: FaultKind) -> Answer {
    match kind {
        FaultKind::RetryAfter(secs) => Answer::Err(ApiErr {
            code: 429,
            description: desc::retry_after(secs),
            retry_after: Some(secs),
        }),
        FaultKind::ServerError(code) => {
            let text = match code {
                502 => "Bad Gateway",
                503 => "Service Unavailable",
                504 => "Gateway Timeout",
                _ => "Internal Server Error",
            };
            Answer::Err(api_err(code, text))
        }
        FaultKind::HtmlError(code) => Answer::Html(code),
        FaultKind::Blocked => Answer::Err(api_err(403, desc::BLOCKED)),
        FaultKind::Drop => Answer::Drop,
        FaultKind::BadRequest(d) => Answer::Err(bad(d)),
    }
}

fn canonical_method(name: &str) -> Option<&'static str> {
    METHODS
        .iter()
        .copied()
        .find(|m| m.eq_ignore_ascii_case(name))
}

fn normalise_method(name: &str) -> String {
    if let Some(m) = canonical_method(name) {
        return m.to_owned();
    }
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

async fn handle_request(
    AxState(shared): AxState<Arc<Shared>>,
    ConnectInfo(conn): ConnectInfo<ConnHandle>,
    req: Request,
) -> Response {
    let at = Instant::now();
    let path = percent_decode(req.uri().path());
    let path = path.trim_start_matches('/').to_owned();

    if let Some(rest) = path.strip_prefix("file/bot") {
        let (token, file_path) = rest.split_once('/').unwrap_or((rest, ""));
        let answer = download(&shared, token, file_path, at).await;
        return finish(&conn, answer);
    }

    let Some((token, method)) = path
        .strip_prefix("bot")
        .and_then(|rest| rest.split_once('/'))
        .filter(|(_, m)| !m.is_empty() && !m.contains('/'))
    else {
        return Answer::Err(api_err(404, desc::NOT_FOUND)).into_response();
    };
    let method = normalise_method(method);
    let token_ok = token == TOKEN;

    let parsed = read_params(req).await;
    let (parsed, parse_error) = match parsed {
        Ok(p) => (p, None),
        Err(e) => (Parsed::default(), Some(e)),
    };
    let chat_id = p_i64(&parsed.params, "chat_id").ok().flatten();
    let index = record(&shared, &method, &parsed, chat_id, at);

    let latency = shared.lock().latency;
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }

    let answer = if !token_ok {
        Answer::Err(api_err(401, desc::UNAUTHORIZED))
    } else if let Some(e) = parse_error {
        Answer::Err(e)
    } else {
        let fault = shared.lock().fault_for(&method, chat_id);
        match fault {
            Some(kind) => fault_answer(kind),
            None => dispatch(&shared, &method, parsed).await,
        }
    };
    {
        let mut st = shared.lock();
        if let Some(call) = st.calls.get_mut(index) {
            call.status = answer.status();
            call.answer = answer.json();
        }
    }
    shared.changed();
    finish(&conn, answer)
}

fn finish(conn: &ConnHandle, answer: Answer) -> Response {
    if matches!(answer, Answer::Drop) {
        conn.0.store(true, Ordering::SeqCst);
    }
    answer.into_response()
}

fn record(
    shared: &Shared,
    method: &str,
    parsed: &Parsed,
    chat_id: Option<i64>,
    at: Instant,
) -> usize {
    let mut st = shared.lock();
    st.calls.push(Call {
        method: method.to_owned(),
        params: Value::Object(parsed.params.clone()),
        chat_id,
        at,
        status: 0,
        answer: Value::Null,
    });
    let index = st.calls.len() - 1;
    drop(st);
    shared.changed();
    index
}

async fn download(shared: &Shared, token: &str, file_path: &str, at: Instant) -> Answer {
    let mut params = Params::new();
    params.insert("file_path".to_owned(), json!(file_path));
    let parsed = Parsed {
        params,
        files: HashMap::new(),
    };
    let index = record(shared, DOWNLOAD, &parsed, None, at);
    let latency = shared.lock().latency;
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let answer = {
        let mut st = shared.lock();
        if token != TOKEN {
            Answer::Err(api_err(401, desc::UNAUTHORIZED))
        } else if let Some(kind) = st.fault_for(DOWNLOAD, None) {
            fault_answer(kind)
        } else {
            match st.files.values().find(|f| f.file_path == file_path) {
                Some(f) => Answer::Bytes(f.bytes.clone()),
                None => Answer::Err(api_err(404, desc::NOT_FOUND)),
            }
        }
    };
    {
        let mut st = shared.lock();
        if let Some(call) = st.calls.get_mut(index) {
            call.status = answer.status();
            call.answer = answer.json();
        }
    }
    shared.changed();
    answer
}

async fn read_params(req: Request) -> Result<Parsed, ApiErr> {
    let mut parsed = Parsed::default();
    if let Some(q) = req.uri().query() {
        for (k, v) in url::form_urlencoded::parse(q.as_bytes()) {
            parsed
                .params
                .insert(k.into_owned(), Value::String(v.into_owned()));
        }
    }
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let too_large = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok())
        .is_some_and(|n| n > MAX_UPLOAD + 1024 * 1024);
    if too_large {
        return Err(api_err(413, desc::ENTITY_TOO_LARGE));
    }

    if content_type.starts_with("multipart/form-data") {
        let mut multipart = Multipart::from_request(req, &())
            .await
            .map_err(|e| bad(format!("Bad Request: can't parse multipart/form-data: {e}")))?;
        let mut parts: HashMap<String, Upload> = HashMap::new();
        loop {
            let field = match multipart.next_field().await {
                Ok(Some(f)) => f,
                Ok(None) => break,
                Err(e) => {
                    return Err(bad(format!(
                        "Bad Request: can't parse multipart/form-data: {e}"
                    )));
                }
            };
            let name = field.name().unwrap_or("").to_owned();
            let file_name = field.file_name().map(str::to_owned);
            let content_type = field.content_type().map(str::to_owned);
            let data = field
                .bytes()
                .await
                .map_err(|e| bad(format!("Bad Request: can't read multipart field: {e}")))?;
            if file_name.is_some() {
                parts.insert(
                    name,
                    Upload {
                        file_name: file_name.filter(|n| !n.is_empty()),
                        content_type,
                        bytes: data.to_vec(),
                    },
                );
            } else {
                parsed.params.insert(
                    name,
                    Value::String(String::from_utf8_lossy(&data).into_owned()),
                );
            }
        }
        // `field=attach://NAME` refers to the file part NAME (teloxide always does this).
        let keys: Vec<String> = parsed.params.keys().cloned().collect();
        for key in keys {
            let target = parsed.params[&key]
                .as_str()
                .and_then(|s| s.strip_prefix("attach://"))
                .map(str::to_owned);
            if let Some(upload) = target.and_then(|t| parts.remove(&t)) {
                parsed.params.insert(key.clone(), upload_summary(&upload));
                parsed.files.insert(key, upload);
            }
        }
        // A file part sent directly under the field's own name.
        for (name, upload) in parts {
            if !parsed.params.contains_key(&name) {
                parsed.params.insert(name.clone(), upload_summary(&upload));
                parsed.files.insert(name, upload);
            }
        }
        return Ok(parsed);
    }

    let body = axum::body::to_bytes(req.into_body(), MAX_UPLOAD + 1024 * 1024)
        .await
        .map_err(|_| api_err(413, desc::ENTITY_TOO_LARGE))?;
    if content_type.starts_with("application/x-www-form-urlencoded") {
        for (k, v) in url::form_urlencoded::parse(&body) {
            parsed
                .params
                .insert(k.into_owned(), Value::String(v.into_owned()));
        }
    } else if !body.iter().all(u8::is_ascii_whitespace) {
        // JSON (also when the content type is missing or odd: the body is all there is).
        let value: Value = serde_json::from_slice(&body)
            .map_err(|_| bad("Bad Request: can't parse JSON encoded request body"))?;
        match value {
            Value::Object(obj) => parsed.params.extend(obj),
            _ => return Err(bad("Bad Request: JSON request body must be an object")),
        }
    }
    Ok(parsed)
}

fn upload_summary(u: &Upload) -> Value {
    json!({"file_name": u.file_name, "size": u.bytes.len()})
}

// ---------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------

fn p_str(p: &Params, key: &str) -> Option<String> {
    match p.get(key)? {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

fn p_i64(p: &Params, key: &str) -> Result<Option<i64>, ApiErr> {
    let invalid = || bad(format!("Bad Request: invalid {key} specified"));
    match p.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n.as_i64().map(Some).ok_or_else(invalid),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => s.trim().parse().map(Some).map_err(|_| invalid()),
        Some(_) => Err(invalid()),
    }
}

fn p_bool(p: &Params, key: &str) -> bool {
    match p.get(key) {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => matches!(s.trim(), "true" | "True" | "1"),
        Some(Value::Number(n)) => n.as_i64() == Some(1),
        _ => false,
    }
}

/// A JSON-typed parameter: a JSON value, or a string holding JSON (forms and multipart).
fn p_json(p: &Params, key: &str) -> Result<Option<Value>, ApiErr> {
    match p.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => serde_json::from_str(s)
            .map(Some)
            .map_err(|_| bad(format!("Bad Request: can't parse {key} JSON object"))),
        Some(v) => Ok(Some(v.clone())),
    }
}

fn p_string_list(p: &Params, key: &str) -> Result<Option<Vec<String>>, ApiErr> {
    Ok(p_json(p, key)?.map(|v| {
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    }))
}

/// A chat id parameter (`chat_id`, `from_chat_id`) naming a chat the fake knows.
fn known_chat(st: &State, p: &Params, key: &str) -> Result<i64, ApiErr> {
    let empty = || bad(format!("Bad Request: {key} is empty"));
    let chat_id = match p.get(key) {
        None | Some(Value::Null) => return Err(empty()),
        Some(Value::String(s)) if s.trim().is_empty() => return Err(empty()),
        Some(Value::String(s)) => s.trim().parse::<i64>().ok(),
        Some(Value::Number(n)) => n.as_i64(),
        Some(_) => None,
    };
    chat_id
        .filter(|id| st.chats.contains_key(id))
        .ok_or_else(|| bad(desc::CHAT_NOT_FOUND))
}

/// The chat of a send/edit call: must exist (the user started the bot) and not have blocked it
/// (in a group: the bot was not kicked and has not left).
fn target_chat(st: &State, p: &Params) -> Result<i64, ApiErr> {
    let chat_id = known_chat(st, p, "chat_id")?;
    let Some(chat) = st.chat(chat_id) else {
        return Err(bad(desc::CHAT_NOT_FOUND));
    };
    let bot_status = chat.members.get(&BOT_ID).map(String::as_str);
    let kicked = st.blocked.contains(&chat_id) || bot_status == Some("kicked");
    if kicked {
        let d = if chat.is_supergroup() {
            desc::KICKED_FROM_SUPERGROUP
        } else if chat.is_group {
            desc::KICKED_FROM_GROUP
        } else {
            desc::BLOCKED
        };
        return Err(api_err(403, d));
    }
    if chat.is_group && bot_status == Some("left") {
        let d = if chat.is_supergroup() {
            desc::NOT_MEMBER_OF_SUPERGROUP
        } else {
            desc::NOT_MEMBER_OF_GROUP
        };
        return Err(api_err(403, d));
    }
    Ok(chat_id)
}

fn guess_mime(file_name: &str) -> Option<String> {
    let ext = file_name.rsplit_once('.')?.1.to_ascii_lowercase();
    let mime = match ext.as_str() {
        "pdf" => "application/pdf",
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "txt" => "text/plain",
        "csv" => "text/csv",
        "json" => "application/json",
        "zip" => "application/zip",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => return None,
    };
    Some(mime.to_owned())
}

// ---------------------------------------------------------------------------------------------
// Methods
// ---------------------------------------------------------------------------------------------

async fn dispatch(shared: &Shared, method: &str, parsed: Parsed) -> Answer {
    if method == "getUpdates" {
        return match get_updates(shared, &parsed.params).await {
            Ok(v) => Answer::Ok(v),
            Err(e) => Answer::Err(e),
        };
    }
    let mut st = shared.lock();
    let p = &parsed.params;
    let result = match method {
        "getMe" => Ok(json!({
            "id": BOT_ID,
            "is_bot": true,
            "first_name": BOT_FIRST_NAME,
            "username": BOT_USERNAME,
            "can_join_groups": true,
            "can_read_all_group_messages": false,
            "supports_inline_queries": false,
            "can_connect_to_business": false,
            "has_main_web_app": false,
        })),
        "setWebhook" => {
            return match set_webhook(&mut st, p) {
                Ok(d) => Answer::OkDescribed(json!(true), d),
                Err(e) => Answer::Err(e),
            };
        }
        "deleteWebhook" => {
            if p_bool(p, "drop_pending_updates") {
                st.queue.clear();
            }
            let d = if st.webhook.take().is_some() {
                "Webhook was deleted"
            } else {
                "Webhook is already deleted"
            };
            return Answer::OkDescribed(json!(true), d);
        }
        "getWebhookInfo" => Ok(webhook_info(&st)),
        "setMyCommands" => set_my_commands(&mut st, p),
        "getMyCommands" => get_my_commands(&st, p),
        "deleteMyCommands" => command_key(p).map(|key| {
            st.commands.remove(&key);
            json!(true)
        }),
        "setMyDescription" | "setMyShortDescription" => {
            let field = if method == "setMyDescription" {
                "description"
            } else {
                "short_description"
            };
            let lang = p_str(p, "language_code").unwrap_or_default();
            let key = format!("{field}:{lang}");
            match p_str(p, field).filter(|s| !s.is_empty()) {
                Some(text) => st.descriptions.insert(key, text),
                None => st.descriptions.remove(&key),
            };
            Ok(json!(true))
        }
        "setChatMenuButton" => Ok(json!(true)),
        "sendMessage" => send_message(&mut st, p),
        "sendDocument" => send_media(&mut st, p, &parsed.files, FakeKind::Document),
        "sendPhoto" => send_media(&mut st, p, &parsed.files, FakeKind::Photo),
        "editMessageText" => edit_message(&mut st, p, Edit::Text),
        "editMessageCaption" => edit_message(&mut st, p, Edit::Caption),
        "editMessageReplyMarkup" => edit_message(&mut st, p, Edit::Markup),
        "answerCallbackQuery" => answer_callback_query(&mut st, p),
        "getFile" => get_file(&st, p),
        "deleteMessage" => delete_message(&mut st, p),
        "sendChatAction" => send_chat_action(&mut st, p),
        "copyMessage" => copy_message(&mut st, p),
        "createForumTopic" => create_forum_topic(&mut st, p),
        "editForumTopic" => edit_forum_topic(&mut st, p),
        "closeForumTopic" => forum_chat_topic(&st, p).and_then(|(chat, thread)| {
            st.set_topic_closed(chat, thread, true, bot_user_json())
                .map(|_| json!(true))
        }),
        "reopenForumTopic" => forum_chat_topic(&st, p).and_then(|(chat, thread)| {
            st.set_topic_closed(chat, thread, false, bot_user_json())
                .map(|_| json!(true))
        }),
        "deleteForumTopic" => forum_chat_topic(&st, p).map(|(chat, thread)| {
            st.delete_topic(chat, thread);
            json!(true)
        }),
        "getChatMember" => get_chat_member(&st, p),
        _ => Err(api_err(404, desc::NOT_FOUND)),
    };
    match result {
        Ok(v) => Answer::Ok(v),
        Err(e) => Answer::Err(e),
    }
}

async fn get_updates(shared: &Shared, p: &Params) -> Result<Value, ApiErr> {
    let offset = p_i64(p, "offset")?.unwrap_or(0);
    let limit = p_i64(p, "limit")?.unwrap_or(100).clamp(1, 100);
    let limit = usize::try_from(limit).unwrap_or(100);
    let timeout = p_i64(p, "timeout")?.unwrap_or(0).clamp(0, 3600);
    let allowed = p_string_list(p, "allowed_updates")?;
    let generation = {
        let mut st = shared.lock();
        if st.webhook.is_some() {
            return Err(api_err(409, desc::WEBHOOK_ACTIVE));
        }
        st.poll_generation += 1;
        if let Some(a) = allowed {
            st.allowed_updates = a;
        }
        st.confirm(offset);
        st.poll_generation
    };
    // Wakes an older long poll, which then answers 409 "terminated by other getUpdates".
    shared.changed();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(timeout.unsigned_abs());
    loop {
        let notified = shared.notify.notified();
        tokio::pin!(notified);
        notified.as_mut().enable();
        {
            let mut st = shared.lock();
            if st.poll_generation != generation {
                return Err(api_err(409, desc::TERMINATED));
            }
            let offset = offset.max(0);
            let batch = st.batch(offset, limit);
            if !batch.is_empty() || tokio::time::Instant::now() >= deadline {
                return Ok(Value::Array(batch));
            }
        }
        let _ = tokio::time::timeout_at(deadline, notified).await;
    }
}

fn set_webhook(st: &mut State, p: &Params) -> Result<&'static str, ApiErr> {
    let url = p_str(p, "url").unwrap_or_default();
    if url.is_empty() {
        // An empty url removes the webhook.
        return Ok(if st.webhook.take().is_some() {
            "Webhook was deleted"
        } else {
            "Webhook is already deleted"
        });
    }
    let parsed = url::Url::parse(&url).map_err(|_| bad(desc::WEBHOOK_URL))?;
    if parsed.scheme() != "https" {
        return Err(bad(desc::WEBHOOK_HTTPS));
    }
    if !matches!(parsed.port_or_known_default(), Some(80 | 88 | 443 | 8443)) {
        return Err(bad(desc::WEBHOOK_PORT));
    }
    let secret = p_str(p, "secret_token").filter(|s| !s.is_empty());
    if let Some(s) = &secret {
        if s.len() > 256 {
            return Err(bad(desc::SECRET_LONG));
        }
        if !s
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return Err(bad(desc::SECRET_CHARS));
        }
    }
    let allowed = p_string_list(p, "allowed_updates")?;
    if let Some(a) = &allowed {
        st.allowed_updates = a.clone();
    }
    if p_bool(p, "drop_pending_updates") {
        st.queue.clear();
    }
    let existed = st.webhook.is_some();
    st.webhook = Some(WebhookInfo {
        url,
        secret_token: secret,
        allowed_updates: allowed.unwrap_or_default(),
        max_connections: p_i64(p, "max_connections")?,
    });
    Ok(if existed {
        "Webhook was updated"
    } else {
        "Webhook was set"
    })
}

fn webhook_info(st: &State) -> Value {
    let mut v = json!({
        "url": st.webhook.as_ref().map(|w| w.url.clone()).unwrap_or_default(),
        "has_custom_certificate": false,
        "pending_update_count": st.queue.len(),
    });
    if let Some(w) = &st.webhook {
        v["max_connections"] = json!(w.max_connections.unwrap_or(40));
        v["ip_address"] = json!("149.154.167.220");
        if !w.allowed_updates.is_empty() {
            v["allowed_updates"] = json!(w.allowed_updates);
        }
    }
    v
}

fn command_key(p: &Params) -> Result<(String, String), ApiErr> {
    let lang = p_str(p, "language_code").unwrap_or_default();
    let scope = match p_json(p, "scope")? {
        None => "default".to_owned(),
        Some(s) => {
            let kind = s["type"].as_str().unwrap_or("default");
            let chat = s.get("chat_id").map(|c| match c {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            });
            match (kind, chat, s["user_id"].as_i64()) {
                ("chat_member", Some(c), Some(u)) => format!("chat_member:{c}:{u}"),
                (k, Some(c), _) => format!("{k}:{c}"),
                (k, None, _) => k.to_owned(),
            }
        }
    };
    Ok((scope, lang))
}

fn set_my_commands(st: &mut State, p: &Params) -> Result<Value, ApiErr> {
    let key = command_key(p)?;
    let commands = p_json(p, "commands")?.unwrap_or(json!([]));
    let Some(list) = commands.as_array() else {
        return Err(bad("Bad Request: can't parse commands JSON object"));
    };
    if list.len() > 100 {
        return Err(bad(desc::COMMANDS_TOO_MUCH));
    }
    let mut out = Vec::new();
    for c in list {
        let command = c["command"].as_str().unwrap_or("");
        let description = c["description"].as_str().unwrap_or("");
        let valid = (1..=32).contains(&command.len())
            && command
                .chars()
                .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_');
        if !valid {
            return Err(bad(desc::COMMAND_INVALID));
        }
        out.push((command.to_owned(), description.to_owned()));
    }
    if out.is_empty() {
        st.commands.remove(&key);
    } else {
        st.commands.insert(key, out);
    }
    Ok(json!(true))
}

fn get_my_commands(st: &State, p: &Params) -> Result<Value, ApiErr> {
    let key = command_key(p)?;
    let list: Vec<Value> = st
        .commands
        .get(&key)
        .map(|cs| {
            cs.iter()
                .map(|(c, d)| json!({"command": c, "description": d}))
                .collect()
        })
        .unwrap_or_default();
    Ok(Value::Array(list))
}

/// A validated `reply_markup`.
#[derive(Default)]
struct Markup {
    raw: Option<Value>,
    inline: Vec<Vec<Button>>,
    /// What Telegram echoes in the Message (inline keyboards with buttons only).
    echo: Option<Value>,
}

fn parse_markup(p: &Params, inline_only: bool) -> Result<Markup, ApiErr> {
    let Some(v) = p_json(p, "reply_markup").map_err(|_| bad(desc::MARKUP_UNPARSABLE))? else {
        return Ok(Markup::default());
    };
    let Some(obj) = v.as_object() else {
        return Err(bad(desc::MARKUP_UNPARSABLE));
    };
    let Some(keyboard) = obj.get("inline_keyboard") else {
        let other = ["keyboard", "remove_keyboard", "force_reply"]
            .iter()
            .any(|k| obj.contains_key(*k));
        if other && !inline_only {
            return Ok(Markup {
                raw: Some(v),
                ..Markup::default()
            });
        }
        return Err(bad(desc::MARKUP_UNPARSABLE));
    };
    let not_array = || {
        bad(
            "Bad Request: field \"inline_keyboard\" of the InlineKeyboardMarkup must be an Array of Arrays",
        )
    };
    let rows = keyboard.as_array().ok_or_else(not_array)?;
    let mut inline = Vec::new();
    let mut count = 0;
    for row in rows {
        let row = row.as_array().ok_or_else(not_array)?;
        let mut buttons = Vec::new();
        for b in row {
            count += 1;
            let b = b.as_object().ok_or_else(|| {
                bad("Bad Request: can't parse inline keyboard button: InlineKeyboardButton must be an Object")
            })?;
            let text = b.get("text").and_then(Value::as_str).ok_or_else(|| {
                bad("Bad Request: can't parse inline keyboard button: Field \"text\" must be of type String")
            })?;
            let data = b.get("callback_data").and_then(Value::as_str);
            let url = b.get("url").and_then(Value::as_str);
            let other_action = [
                "login_url",
                "switch_inline_query",
                "switch_inline_query_current_chat",
                "switch_inline_query_chosen_chat",
                "callback_game",
                "pay",
                "web_app",
                "copy_text",
            ]
            .iter()
            .any(|k| b.contains_key(*k));
            match data {
                Some("") => return Err(bad(desc::TEXT_BUTTONS_UNALLOWED)),
                Some(d) if d.len() > MAX_CALLBACK_DATA => {
                    return Err(bad(desc::BUTTON_DATA_INVALID));
                }
                _ => {}
            }
            if let Some(u) = url {
                let ok =
                    url::Url::parse(u).is_ok_and(|u| matches!(u.scheme(), "http" | "https" | "tg"));
                if !ok {
                    return Err(bad(desc::BUTTON_URL_INVALID));
                }
            }
            if data.is_none() && url.is_none() && !other_action {
                return Err(bad(desc::TEXT_BUTTONS_UNALLOWED));
            }
            buttons.push(Button {
                text: text.to_owned(),
                callback_data: data.map(str::to_owned),
                url: url.map(str::to_owned),
            });
        }
        if !buttons.is_empty() {
            inline.push(buttons);
        }
    }
    if count > MAX_BUTTONS {
        return Err(bad(desc::TOO_MANY_BUTTONS));
    }
    if v.to_string().len() > MAX_MARKUP_BYTES {
        return Err(bad(desc::MARKUP_TOO_LONG));
    }
    let echo = (count > 0).then(|| json!({ "inline_keyboard": keyboard }));
    Ok(Markup {
        raw: Some(v),
        inline,
        echo,
    })
}

/// Where a send goes in its chat (forum topic, message replied to), and its send options.
struct Placement {
    thread: Option<i64>,
    reply_to: Option<i64>,
    disable_notification: bool,
    protect_content: bool,
}

/// `message_thread_id`, `reply_to_message_id` / `reply_parameters`, `disable_notification`,
/// `protect_content` of a send. The thread must be an open topic of the chat; the replied
/// message must be visible (and in that thread) unless `allow_sending_without_reply`. A reply
/// without `message_thread_id` goes to the replied message's topic, as in Telegram.
fn placement(st: &State, chat_id: i64, p: &Params) -> Result<Placement, ApiErr> {
    let Some(chat) = st.chat(chat_id) else {
        return Err(bad(desc::CHAT_NOT_FOUND));
    };
    let mut thread = p_i64(p, "message_thread_id")?.filter(|t| *t != 0);
    let mut id = p_i64(p, "reply_to_message_id")?;
    let mut allow = p_bool(p, "allow_sending_without_reply");
    if let Some(rp) = p_json(p, "reply_parameters")? {
        if !rp.is_object() {
            return Err(bad("Bad Request: can't parse reply parameters JSON object"));
        }
        id = rp["message_id"].as_i64().or(id);
        allow |= rp["allow_sending_without_reply"].as_bool().unwrap_or(false);
    }
    let replied = id.map(|mid| st.message(chat_id, mid));
    let reply_to = match (id, replied) {
        (Some(mid), Some(Some(m))) if thread.is_none() || m.thread_id == thread => {
            thread = m.thread_id;
            Some(mid)
        }
        (Some(_), _) if !allow => return Err(bad(desc::REPLY_NOT_FOUND)),
        _ => None,
    };
    if let Some(t) = thread {
        match chat.topic(t) {
            None => return Err(bad(desc::THREAD_NOT_FOUND)),
            Some(topic) if topic.closed => return Err(bad(desc::TOPIC_CLOSED)),
            Some(_) => {}
        }
    }
    Ok(Placement {
        thread,
        reply_to,
        disable_notification: p_bool(p, "disable_notification"),
        protect_content: p_bool(p, "protect_content"),
    })
}

struct BotMessage {
    kind: FakeKind,
    text: Option<Formatted>,
    caption: bool,
    media: Option<(&'static str, Value)>,
    file: Option<FakeFile>,
    parse_mode: Option<String>,
    markup: Markup,
    at: Placement,
}

fn add_bot_message(st: &mut State, chat_id: i64, m: BotMessage) -> Value {
    let reply =
        m.at.reply_to
            .and_then(|mid| st.message(chat_id, mid))
            .map(|r| {
                let mut raw = r.raw.clone();
                if let Some(o) = raw.as_object_mut() {
                    o.remove("reply_to_message");
                }
                raw
            });
    let Some(chat) = st.chats.get_mut(&chat_id) else {
        return Value::Null;
    };
    let topic_created =
        m.at.thread
            .and_then(|t| chat.topic(t))
            .map(|t| t.created.clone());
    let message_id = chat.next_message_id;
    chat.next_message_id += 1;
    let mut raw = json!({
        "message_id": message_id,
        "from": bot_user_json(),
        "chat": chat.json,
        "date": now(),
    });
    if let (Some(t), Some(created)) = (m.at.thread, topic_created) {
        raw["message_thread_id"] = json!(t);
        raw["is_topic_message"] = json!(true);
        raw["reply_to_message"] = created;
    }
    if m.at.protect_content {
        raw["has_protected_content"] = json!(true);
    }
    let (text_key, entities_key) = if m.caption {
        ("caption", "caption_entities")
    } else {
        ("text", "entities")
    };
    if let Some(f) = &m.text {
        if !(m.caption && f.text.is_empty()) {
            raw[text_key] = json!(f.text);
        }
        if !f.entities.is_empty() {
            raw[entities_key] = json!(f.entities);
        }
    }
    if let Some((key, value)) = m.media {
        raw[key] = value;
    }
    if let Some(r) = reply {
        raw["reply_to_message"] = r;
    }
    if let Some(e) = &m.markup.echo {
        raw["reply_markup"] = e.clone();
    }
    let (text, entities) = match m.text {
        Some(f) if !f.text.is_empty() || !m.caption => (Some(f.text), f.entities),
        _ => (None, Vec::new()),
    };
    chat.messages.push(FakeMessage {
        chat_id,
        message_id,
        from_bot: true,
        kind: m.kind,
        text,
        entities,
        parse_mode: m.parse_mode,
        keyboard: m.markup.inline,
        reply_markup: m.markup.raw,
        file: m.file,
        reply_to: m.at.reply_to,
        edits: 0,
        thread_id: m.at.thread,
        disable_notification: m.at.disable_notification,
        protect_content: m.at.protect_content,
        raw: raw.clone(),
    });
    raw
}

fn send_message(st: &mut State, p: &Params) -> Result<Value, ApiErr> {
    let chat_id = target_chat(st, p)?;
    let parse_mode = p_str(p, "parse_mode").filter(|s| !s.is_empty());
    let raw_text = p_str(p, "text").unwrap_or_default();
    let text = format_text(&raw_text, parse_mode.as_deref(), p_json(p, "entities")?)?;
    if text.text.is_empty() {
        return Err(bad(desc::TEXT_EMPTY));
    }
    if utf16_len(&text.text) > MAX_TEXT {
        return Err(bad(desc::TOO_LONG));
    }
    let markup = parse_markup(p, false)?;
    let at = placement(st, chat_id, p)?;
    Ok(add_bot_message(
        st,
        chat_id,
        BotMessage {
            kind: FakeKind::Text,
            text: Some(text),
            caption: false,
            media: None,
            file: None,
            parse_mode,
            markup,
            at,
        },
    ))
}

/// The file of a sendDocument/sendPhoto: uploaded now, or a file_id Telegram knows.
enum Source<'a> {
    Upload(&'a Upload),
    Existing(FakeFile),
}

fn send_media(
    st: &mut State,
    p: &Params,
    files: &HashMap<String, Upload>,
    kind: FakeKind,
) -> Result<Value, ApiErr> {
    let chat_id = target_chat(st, p)?;
    let field = if kind == FakeKind::Photo {
        "photo"
    } else {
        "document"
    };
    let file = match files.get(field) {
        Some(upload) => {
            if upload.bytes.is_empty() {
                return Err(bad(desc::FILE_EMPTY));
            }
            if upload.bytes.len() > MAX_UPLOAD {
                return Err(api_err(413, desc::ENTITY_TOO_LARGE));
            }
            Some(Source::Upload(upload))
        }
        None => match p_str(p, field).filter(|s| !s.is_empty()) {
            Some(id) if id.starts_with("http://") || id.starts_with("https://") => {
                return Err(bad(desc::URL_CONTENT));
            }
            Some(id) => {
                let Some(f) = st.files.get(&id) else {
                    return Err(bad(desc::WRONG_FILE_ID_OR_URL));
                };
                let wanted = if kind == FakeKind::Photo {
                    FileKind::Photo
                } else {
                    FileKind::Document
                };
                if st.file_kinds.get(&id) != Some(&wanted) {
                    return Err(bad(desc::FILE_TYPE_MISMATCH));
                }
                Some(Source::Existing(f.clone()))
            }
            None => None,
        },
    };
    let Some(file) = file else {
        return Err(bad(format!(
            "Bad Request: there is no {field} in the request"
        )));
    };
    let parse_mode = p_str(p, "parse_mode").filter(|s| !s.is_empty());
    let caption = format_text(
        &p_str(p, "caption").unwrap_or_default(),
        parse_mode.as_deref(),
        p_json(p, "caption_entities")?,
    )?;
    if utf16_len(&caption.text) > MAX_CAPTION {
        return Err(bad(desc::CAPTION_TOO_LONG));
    }
    let markup = parse_markup(p, false)?;
    let at = placement(st, chat_id, p)?;
    let (media, stored) = match (kind.clone(), file) {
        (FakeKind::Photo, Source::Upload(upload)) => {
            let (sizes, large) = st.register_photo(upload.bytes.clone());
            (("photo", sizes), large)
        }
        (FakeKind::Photo, Source::Existing(existing)) => {
            // All sizes of the photo; the message's file is the largest.
            let sizes = st
                .photo_sizes
                .get(&existing.file_id)
                .cloned()
                .unwrap_or_else(|| json!([photo_size(&existing, 1280, 960)]));
            let largest = sizes
                .as_array()
                .and_then(|a| a.last())
                .and_then(|s| s["file_id"].as_str())
                .and_then(|id| st.files.get(id))
                .cloned()
                .unwrap_or(existing);
            (("photo", sizes), largest)
        }
        (_, Source::Upload(upload)) => {
            let mime = upload
                .content_type
                .clone()
                .filter(|c| c != "application/octet-stream")
                .or_else(|| upload.file_name.as_deref().and_then(guess_mime));
            let f = st.register_file(
                FileKind::Document,
                upload.file_name.clone(),
                mime,
                upload.bytes.clone(),
            );
            (("document", document_json(&f)), f)
        }
        (_, Source::Existing(existing)) => (("document", document_json(&existing)), existing),
    };
    Ok(add_bot_message(
        st,
        chat_id,
        BotMessage {
            kind,
            text: Some(caption),
            caption: true,
            media: Some(media),
            file: Some(stored),
            parse_mode,
            markup,
            at,
        },
    ))
}

/// Message fields copyMessage carries over (with the text or caption).
const CONTENT_KEYS: &[&str] = &[
    "photo",
    "document",
    "sticker",
    "voice",
    "audio",
    "video",
    "animation",
    "video_note",
    "contact",
    "location",
    "venue",
];

fn copy_message(st: &mut State, p: &Params) -> Result<Value, ApiErr> {
    let chat_id = target_chat(st, p)?;
    let from_chat = known_chat(st, p, "from_chat_id")?;
    let Some(message_id) = p_i64(p, "message_id")? else {
        return Err(bad(desc::MESSAGE_ID_MISSING));
    };
    let Some(source) = st.message(from_chat, message_id).cloned() else {
        return Err(bad(desc::COPY_NOT_FOUND));
    };
    let media = CONTENT_KEYS
        .iter()
        .find_map(|k| source.raw.get(*k).map(|v| (*k, v.clone())));
    let is_text = source.raw.get("text").is_some();
    if source.is_service() || (!is_text && media.is_none()) {
        return Err(bad(desc::CANT_BE_COPIED));
    }
    let parse_mode = p_str(p, "parse_mode").filter(|s| !s.is_empty());
    let original = Formatted {
        text: source.text.clone().unwrap_or_default(),
        entities: source.entities.clone(),
    };
    // A new caption replaces a media message's (an empty one removes it); a text stays.
    let text = match p_str(p, "caption") {
        Some(caption) if !is_text => {
            let f = format_text(
                &caption,
                parse_mode.as_deref(),
                p_json(p, "caption_entities")?,
            )?;
            if utf16_len(&f.text) > MAX_CAPTION {
                return Err(bad(desc::CAPTION_TOO_LONG));
            }
            f
        }
        _ => original,
    };
    let markup = parse_markup(p, false)?;
    let at = placement(st, chat_id, p)?;
    let kind = match source.kind {
        FakeKind::Other if is_text => FakeKind::Text,
        FakeKind::Other => match media.as_ref().map(|m| m.0) {
            Some("photo") => FakeKind::Photo,
            Some("document") => FakeKind::Document,
            Some("sticker") => FakeKind::Sticker,
            Some("voice") => FakeKind::Voice,
            _ => FakeKind::Other,
        },
        other => other,
    };
    let raw = add_bot_message(
        st,
        chat_id,
        BotMessage {
            kind,
            text: Some(text),
            caption: !is_text,
            media: if is_text { None } else { media },
            file: source.file,
            parse_mode,
            markup,
            at,
        },
    );
    Ok(json!({ "message_id": raw["message_id"] }))
}

/// The forum of a topic method (the chat must be a forum).
fn forum_chat(st: &State, p: &Params) -> Result<i64, ApiErr> {
    let chat_id = target_chat(st, p)?;
    if !st.chat(chat_id).is_some_and(|c| c.is_forum) {
        return Err(bad(desc::NOT_A_FORUM));
    }
    Ok(chat_id)
}

/// The forum and its (existing, not deleted) topic `message_thread_id`.
fn forum_chat_topic(st: &State, p: &Params) -> Result<(i64, i64), ApiErr> {
    let chat_id = forum_chat(st, p)?;
    let thread = p_i64(p, "message_thread_id")?;
    match thread.filter(|t| st.chat(chat_id).is_some_and(|c| c.topic(*t).is_some())) {
        Some(t) => Ok((chat_id, t)),
        None => Err(bad(desc::TOPIC_ID_INVALID)),
    }
}

const MAX_TOPIC_NAME: usize = 128;

/// A topic name as Telegram keeps it: trimmed, at most 128 characters.
fn topic_name(raw: &str) -> String {
    raw.trim().chars().take(MAX_TOPIC_NAME).collect()
}

fn create_forum_topic(st: &mut State, p: &Params) -> Result<Value, ApiErr> {
    let chat_id = forum_chat(st, p)?;
    if !st.chat(chat_id).is_some_and(ChatState::bot_is_admin) {
        return Err(bad(desc::TOPIC_RIGHTS));
    }
    let name = topic_name(&p_str(p, "name").unwrap_or_default());
    if name.is_empty() {
        return Err(bad(desc::TOPIC_NAME_EMPTY));
    }
    let icon_color = match p_i64(p, "icon_color")? {
        None => DEFAULT_TOPIC_COLOR,
        Some(c) => u32::try_from(c)
            .ok()
            .filter(|c| *c <= 0xFF_FF_FF)
            .ok_or_else(|| bad("Bad Request: invalid icon_color specified"))?,
    };
    let emoji = p_str(p, "icon_custom_emoji_id").filter(|e| !e.is_empty());
    let Some((thread_id, _)) = st.create_topic(
        chat_id,
        name.clone(),
        icon_color,
        emoji.clone(),
        bot_user_json(),
    ) else {
        return Err(bad(desc::CHAT_NOT_FOUND));
    };
    let mut topic = json!({
        "message_thread_id": thread_id,
        "name": name,
        "icon_color": icon_color,
    });
    if let Some(e) = emoji {
        topic["icon_custom_emoji_id"] = json!(e);
    }
    Ok(topic)
}

fn edit_forum_topic(st: &mut State, p: &Params) -> Result<Value, ApiErr> {
    let (chat_id, thread_id) = forum_chat_topic(st, p)?;
    // Empty or missing: keep. An empty icon_custom_emoji_id removes the icon.
    let name = p_str(p, "name")
        .map(|n| topic_name(&n))
        .filter(|n| !n.is_empty());
    let emoji = p_str(p, "icon_custom_emoji_id");
    let Some(topic) = st.topic_mut(chat_id, thread_id) else {
        return Err(bad(desc::TOPIC_ID_INVALID));
    };
    let mut edited = Map::new();
    if let Some(n) = name.filter(|n| *n != topic.name) {
        topic.name = n.clone();
        edited.insert("name".to_owned(), json!(n));
    }
    if let Some(e) = emoji {
        let new = (!e.is_empty()).then_some(e);
        if new != topic.icon_custom_emoji_id {
            edited.insert(
                "icon_custom_emoji_id".to_owned(),
                json!(new.clone().unwrap_or_default()),
            );
            topic.icon_custom_emoji_id = new;
        }
    }
    if edited.is_empty() {
        return Err(bad(desc::TOPIC_NOT_MODIFIED));
    }
    st.push_service(
        chat_id,
        bot_user_json(),
        Some(thread_id),
        "forum_topic_edited",
        Value::Object(edited),
    );
    Ok(json!(true))
}

fn get_chat_member(st: &State, p: &Params) -> Result<Value, ApiErr> {
    let chat_id = target_chat(st, p)?;
    let Some(user_id) = p_i64(p, "user_id")? else {
        return Err(bad(desc::USER_ID_INVALID));
    };
    let Some(chat) = st.chat(chat_id) else {
        return Err(bad(desc::CHAT_NOT_FOUND));
    };
    let user = if user_id == BOT_ID {
        bot_user_json()
    } else {
        match st.users.get(&user_id) {
            Some(u) => u.clone(),
            None => return Err(bad(desc::USER_NOT_FOUND)),
        }
    };
    let status = if chat.is_group {
        chat.members
            .get(&user_id)
            .cloned()
            .unwrap_or_else(|| "left".to_owned())
    } else if user_id == chat_id || user_id == BOT_ID {
        "member".to_owned()
    } else {
        return Err(bad(desc::USER_NOT_FOUND));
    };
    Ok(member_json(user, &status))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Edit {
    Text,
    Caption,
    Markup,
}

fn edit_message(st: &mut State, p: &Params, edit: Edit) -> Result<Value, ApiErr> {
    if p_str(p, "inline_message_id").is_some() && p.get("chat_id").is_none() {
        // The fake has no inline mode, so no inline message can exist.
        return Err(bad("Bad Request: MESSAGE_ID_INVALID"));
    }
    let chat_id = target_chat(st, p)?;
    let Some(message_id) = p_i64(p, "message_id")? else {
        return Err(bad(desc::MESSAGE_ID_MISSING));
    };
    let Some(current) = st.message(chat_id, message_id) else {
        return Err(bad(desc::EDIT_NOT_FOUND));
    };
    if !current.from_bot {
        return Err(bad(desc::CANT_BE_EDITED));
    }
    let parse_mode = p_str(p, "parse_mode").filter(|s| !s.is_empty());
    let new_text = match edit {
        Edit::Text => {
            if current.kind != FakeKind::Text {
                return Err(bad(desc::NO_TEXT_TO_EDIT));
            }
            let f = format_text(
                &p_str(p, "text").unwrap_or_default(),
                parse_mode.as_deref(),
                p_json(p, "entities")?,
            )?;
            if f.text.is_empty() {
                return Err(bad(desc::TEXT_EMPTY));
            }
            if utf16_len(&f.text) > MAX_TEXT {
                return Err(bad(desc::EDITED_TOO_LONG));
            }
            Some(f)
        }
        Edit::Caption => {
            if current.kind == FakeKind::Text {
                return Err(bad(desc::NO_CAPTION_TO_EDIT));
            }
            let f = format_text(
                &p_str(p, "caption").unwrap_or_default(),
                parse_mode.as_deref(),
                p_json(p, "caption_entities")?,
            )?;
            if utf16_len(&f.text) > MAX_CAPTION {
                return Err(bad(desc::CAPTION_TOO_LONG));
            }
            Some(f)
        }
        Edit::Markup => None,
    };
    // Without reply_markup an edit removes the inline keyboard, as in Telegram.
    let markup = parse_markup(p, true)?;
    let same_text = match &new_text {
        None => true,
        Some(f) => {
            current.text.as_deref().unwrap_or("") == f.text && current.entities == f.entities
        }
    };
    if same_text && current.keyboard == markup.inline {
        return Err(bad(desc::NOT_MODIFIED));
    }
    let Some(m) = st.message_mut(chat_id, message_id) else {
        return Err(bad(desc::EDIT_NOT_FOUND));
    };
    if let Some(f) = new_text {
        let (text_key, entities_key) = if m.kind == FakeKind::Text {
            ("text", "entities")
        } else {
            ("caption", "caption_entities")
        };
        if let Some(o) = m.raw.as_object_mut() {
            o.remove(text_key);
            o.remove(entities_key);
        }
        if !f.text.is_empty() {
            m.raw[text_key] = json!(f.text);
        }
        if !f.entities.is_empty() {
            m.raw[entities_key] = json!(f.entities);
        }
        m.text = (!f.text.is_empty()).then_some(f.text);
        m.entities = f.entities;
        m.parse_mode = parse_mode;
    }
    match &markup.echo {
        Some(e) => m.raw["reply_markup"] = e.clone(),
        None => {
            if let Some(o) = m.raw.as_object_mut() {
                o.remove("reply_markup");
            }
        }
    }
    m.keyboard = markup.inline;
    m.reply_markup = markup.raw;
    m.edits += 1;
    m.raw["edit_date"] = json!(now());
    Ok(m.raw.clone())
}

fn answer_callback_query(st: &mut State, p: &Params) -> Result<Value, ApiErr> {
    let id = p_str(p, "callback_query_id").unwrap_or_default();
    let Some(cb) = st.callbacks.get_mut(&id) else {
        return Err(bad(desc::QUERY_INVALID));
    };
    if cb.answered || cb.expired {
        return Err(bad(desc::QUERY_INVALID));
    }
    cb.answered = true;
    let answer = CallbackAnswer {
        callback_query_id: id,
        update_id: cb.update_id,
        text: p_str(p, "text"),
        show_alert: p_bool(p, "show_alert"),
        url: p_str(p, "url"),
    };
    st.answers.push(answer);
    Ok(json!(true))
}

fn get_file(st: &State, p: &Params) -> Result<Value, ApiErr> {
    let id = p_str(p, "file_id").unwrap_or_default();
    let Some(f) = st.files.get(&id) else {
        return Err(bad(desc::FILE_ID_INVALID));
    };
    if f.bytes.len() > MAX_GET_FILE {
        return Err(bad(desc::FILE_TOO_BIG));
    }
    Ok(json!({
        "file_id": f.file_id,
        "file_unique_id": f.file_unique_id,
        "file_size": f.bytes.len(),
        "file_path": f.file_path,
    }))
}

fn delete_message(st: &mut State, p: &Params) -> Result<Value, ApiErr> {
    let chat_id = target_chat(st, p)?;
    let Some(message_id) = p_i64(p, "message_id")? else {
        return Err(bad(desc::MESSAGE_ID_MISSING));
    };
    let Some(chat) = st.chats.get_mut(&chat_id) else {
        return Err(bad(desc::CHAT_NOT_FOUND));
    };
    let Some(pos) = chat
        .messages
        .iter()
        .position(|m| m.message_id == message_id)
    else {
        return Err(bad(desc::DELETE_NOT_FOUND));
    };
    let message = &chat.messages[pos];
    if chat.is_group && !message.from_bot && !chat.bot_is_admin() {
        // Deleting others' messages in a group needs admin rights (the bot has them in forums).
        return Err(bad(desc::CANT_BE_DELETED));
    }
    if message.raw.get("forum_topic_created").is_some() {
        // That is deleteForumTopic's job.
        return Err(bad(desc::CANT_BE_DELETED));
    }
    let m = chat.messages.remove(pos);
    chat.deleted.push(m);
    Ok(json!(true))
}

fn send_chat_action(st: &mut State, p: &Params) -> Result<Value, ApiErr> {
    let chat_id = target_chat(st, p)?;
    let action = p_str(p, "action").unwrap_or_default();
    const ACTIONS: &[&str] = &[
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    ];
    if !ACTIONS.contains(&action.as_str()) {
        return Err(bad(desc::WRONG_ACTION));
    }
    if let Some(chat) = st.chats.get_mut(&chat_id) {
        chat.actions.push(action);
    }
    Ok(json!(true))
}

// ---------------------------------------------------------------------------------------------
// Text formatting (parse_mode), as Telegram applies it before counting and storing
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Debug, Default, PartialEq)]
struct Formatted {
    text: String,
    entities: Vec<Value>,
}

fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

fn entity(kind: &str, offset: usize, length: usize) -> Value {
    json!({"type": kind, "offset": offset, "length": length})
}

fn format_text(
    raw: &str,
    parse_mode: Option<&str>,
    entities: Option<Value>,
) -> Result<Formatted, ApiErr> {
    let mode = parse_mode.map(str::to_ascii_lowercase);
    let parsed = match mode.as_deref() {
        None => Ok(Formatted {
            text: raw.to_owned(),
            entities: entities
                .and_then(|e| e.as_array().cloned())
                .unwrap_or_default(),
        }),
        Some("html") => parse_html(raw),
        Some("markdownv2") => parse_markdown_v2(raw),
        Some("markdown") => parse_markdown(raw),
        Some(_) => return Err(bad(desc::UNSUPPORTED_PARSE_MODE)),
    };
    let parsed = parsed.map_err(|e| bad(format!("{}{e}", desc::CANT_PARSE_ENTITIES)))?;
    Ok(trim_formatted(parsed))
}

/// Telegram strips leading and trailing whitespace (and shifts the entities).
fn trim_formatted(f: Formatted) -> Formatted {
    let start_trimmed = f.text.trim_start();
    let lead = utf16_len(&f.text[..f.text.len() - start_trimmed.len()]) as i64;
    let text = start_trimmed.trim_end().to_owned();
    let total = utf16_len(&text) as i64;
    let entities = f
        .entities
        .into_iter()
        .filter_map(|mut e| {
            let offset = e["offset"].as_i64()? - lead;
            let length = e["length"].as_i64()?;
            let start = offset.max(0);
            let end = (offset + length).min(total);
            if end <= start {
                return None;
            }
            e["offset"] = json!(start);
            e["length"] = json!(end - start);
            Some(e)
        })
        .collect();
    Formatted { text, entities }
}

struct OpenTag {
    tag: String,
    kind: &'static str,
    extra: Option<(&'static str, String)>,
    start: usize,
}

fn parse_html(s: &str) -> Result<Formatted, String> {
    let mut out = String::new();
    let mut out16 = 0usize;
    let mut entities = Vec::new();
    let mut stack: Vec<OpenTag> = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let Some(c) = s[i..].chars().next() else {
            break;
        };
        match c {
            '<' => {
                let Some(close) = s[i..].find('>') else {
                    return Err(format!("Unclosed start tag at byte offset {i}"));
                };
                let inner = &s[i + 1..i + close];
                if let Some(name) = inner.strip_prefix('/') {
                    let name = name.trim().to_ascii_lowercase();
                    let Some(open) = stack.pop() else {
                        return Err(format!("Unexpected end tag at byte offset {i}"));
                    };
                    if name != open.tag {
                        return Err(format!(
                            "Unmatched end tag at byte offset {i}, expected \"</{}>\", found \"</{name}>\"",
                            open.tag
                        ));
                    }
                    if out16 > open.start {
                        let mut e = entity(open.kind, open.start, out16 - open.start);
                        if let Some((k, v)) = open.extra {
                            e[k] = json!(v);
                        }
                        entities.push(e);
                    }
                } else {
                    let name_end = inner
                        .find(|ch: char| ch.is_ascii_whitespace())
                        .unwrap_or(inner.len());
                    let name = inner[..name_end].to_ascii_lowercase();
                    let attrs = parse_attrs(&inner[name_end..]);
                    let attr = |n: &str| attrs.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone());
                    let (kind, extra) = match name.as_str() {
                        "b" | "strong" => ("bold", None),
                        "i" | "em" => ("italic", None),
                        "u" | "ins" => ("underline", None),
                        "s" | "strike" | "del" => ("strikethrough", None),
                        "tg-spoiler" => ("spoiler", None),
                        "span" if attr("class").as_deref() == Some("tg-spoiler") => {
                            ("spoiler", None)
                        }
                        "span" => {
                            return Err(format!(
                                "Tag \"span\" must have class \"tg-spoiler\" at byte offset {i}"
                            ));
                        }
                        "a" => match attr("href") {
                            Some(href) => ("text_link", Some(("url", href))),
                            None => ("", None),
                        },
                        "code" => ("code", None),
                        "pre" => ("pre", None),
                        "blockquote" if attrs.iter().any(|(k, _)| k == "expandable") => {
                            ("expandable_blockquote", None)
                        }
                        "blockquote" => ("blockquote", None),
                        "tg-emoji" => match attr("emoji-id") {
                            Some(id) => ("custom_emoji", Some(("custom_emoji_id", id))),
                            None => ("", None),
                        },
                        _ => {
                            return Err(format!(
                                "Unsupported start tag \"{name}\" at byte offset {i}"
                            ));
                        }
                    };
                    stack.push(OpenTag {
                        tag: name,
                        kind,
                        extra,
                        start: out16,
                    });
                }
                i += close + 1;
                continue;
            }
            '&' => {
                if let Some((decoded, used)) = html_entity(&s[i..]) {
                    out.push(decoded);
                    out16 += decoded.len_utf16();
                    i += used;
                    continue;
                }
                out.push('&');
                out16 += 1;
            }
            _ => {
                out.push(c);
                out16 += c.len_utf16();
            }
        }
        i += c.len_utf8();
    }
    if let Some(open) = stack.pop() {
        return Err(format!(
            "Can't find end tag corresponding to start tag \"{}\"",
            open.tag
        ));
    }
    // Tags without an entity (an <a> without href) leave plain text.
    entities.retain(|e| e["type"].as_str() != Some(""));
    entities.sort_by_key(|e| e["offset"].as_i64());
    Ok(Formatted {
        text: out,
        entities,
    })
}

fn parse_attrs(s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let chars: Vec<char> = s.chars().collect();
    let mut k = 0;
    while k < chars.len() {
        while k < chars.len() && chars[k].is_whitespace() {
            k += 1;
        }
        let start = k;
        while k < chars.len() && !chars[k].is_whitespace() && chars[k] != '=' {
            k += 1;
        }
        let name: String = chars[start..k]
            .iter()
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() {
            k += 1;
            continue;
        }
        let mut value = String::new();
        if k < chars.len() && chars[k] == '=' {
            k += 1;
            if k < chars.len() && (chars[k] == '"' || chars[k] == '\'') {
                let quote = chars[k];
                k += 1;
                while k < chars.len() && chars[k] != quote {
                    value.push(chars[k]);
                    k += 1;
                }
                k += 1;
            } else {
                while k < chars.len() && !chars[k].is_whitespace() {
                    value.push(chars[k]);
                    k += 1;
                }
            }
        }
        out.push((name, decode_html_entities(&value)));
    }
    out
}

fn decode_html_entities(s: &str) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < s.len() {
        if let Some((c, used)) = html_entity(&s[i..]) {
            out.push(c);
            i += used;
        } else if let Some(c) = s[i..].chars().next() {
            out.push(c);
            i += c.len_utf8();
        } else {
            break;
        }
    }
    out
}

/// `&lt;` `&gt;` `&amp;` `&quot;` and numeric references at the start of `s`.
fn html_entity(s: &str) -> Option<(char, usize)> {
    let rest = s.strip_prefix('&')?;
    let end = rest.find(';').filter(|e| *e <= 10)?;
    let name = &rest[..end];
    let c = match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "quot" => '"',
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code)?
        }
    };
    Some((c, end + 2))
}

fn md_entity_name(kind: &str) -> &'static str {
    match kind {
        "bold" => "Bold",
        "italic" => "Italic",
        "underline" => "Underline",
        "strikethrough" => "Strikethrough",
        "spoiler" => "Spoiler",
        "code" => "Code",
        "pre" => "Pre",
        _ => "TextUrl",
    }
}

/// Opens a MarkdownV2 entity, or closes it when it is the innermost open one.
fn md_toggle(
    kind: &'static str,
    stack: &mut Vec<(&'static str, usize, usize)>,
    entities: &mut Vec<Value>,
    out16: usize,
    pos: usize,
) -> Result<(), String> {
    match stack.iter().rposition(|e| e.0 == kind) {
        Some(idx) if idx + 1 == stack.len() => {
            let (kind, start, _) = stack.remove(idx);
            if out16 > start {
                entities.push(entity(kind, start, out16 - start));
            }
            Ok(())
        }
        Some(_) => {
            let (top, _, off) = stack[stack.len() - 1];
            Err(format!(
                "Can't find end of {} entity at byte offset {off}",
                md_entity_name(top)
            ))
        }
        None => {
            stack.push((kind, out16, pos));
            Ok(())
        }
    }
}

fn reserved(c: char) -> String {
    format!("Character '{c}' is reserved and must be escaped with the preceding '\\'")
}

fn parse_markdown_v2(s: &str) -> Result<Formatted, String> {
    const RESERVED: &str = "_*[]()~`>#+-=|{}.!";
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let at = |k: usize| chars.get(k).map(|x| x.1);
    let mut out = String::new();
    let mut out16 = 0usize;
    let mut entities = Vec::new();
    // (kind, start in UTF-16 units of the output, byte offset in the input)
    let mut stack: Vec<(&'static str, usize, usize)> = Vec::new();
    let mut k = 0;
    let mut line_start = true;
    while k < chars.len() {
        let (pos, c) = chars[k];
        let mut step = 1;
        match c {
            '\\' => {
                let Some(next) = at(k + 1) else {
                    return Err(reserved('\\'));
                };
                out.push(next);
                out16 += next.len_utf16();
                step = 2;
            }
            '*' => md_toggle("bold", &mut stack, &mut entities, out16, pos)?,
            '~' => md_toggle("strikethrough", &mut stack, &mut entities, out16, pos)?,
            '_' if at(k + 1) == Some('_') => {
                md_toggle("underline", &mut stack, &mut entities, out16, pos)?;
                step = 2;
            }
            '_' => md_toggle("italic", &mut stack, &mut entities, out16, pos)?,
            '|' if at(k + 1) == Some('|') => {
                md_toggle("spoiler", &mut stack, &mut entities, out16, pos)?;
                step = 2;
            }
            '`' => {
                let pre = at(k + 1) == Some('`') && at(k + 2) == Some('`');
                let open = if pre { 3 } else { 1 };
                let mut j = k + open;
                let mut body = String::new();
                let mut closed = None;
                while j < chars.len() {
                    let ch = chars[j].1;
                    if ch == '\\' {
                        if let Some(n) = at(j + 1) {
                            body.push(n);
                        }
                        j += 2;
                        continue;
                    }
                    if ch == '`' && (!pre || (at(j + 1) == Some('`') && at(j + 2) == Some('`'))) {
                        closed = Some(j);
                        break;
                    }
                    body.push(ch);
                    j += 1;
                }
                let kind = if pre { "pre" } else { "code" };
                let Some(end) = closed else {
                    return Err(format!(
                        "Can't find end of {} entity at byte offset {pos}",
                        md_entity_name(kind)
                    ));
                };
                let mut language = None;
                if pre
                    && let Some((first, rest)) = body.split_once('\n')
                    && !first.is_empty()
                    && !first.contains(char::is_whitespace)
                {
                    language = Some(first.to_owned());
                    body = rest.to_owned();
                }
                let len = utf16_len(&body);
                if len > 0 {
                    let mut e = entity(kind, out16, len);
                    if let Some(l) = language {
                        e["language"] = json!(l);
                    }
                    entities.push(e);
                }
                out.push_str(&body);
                out16 += len;
                step = end + open - k;
            }
            '[' => stack.push(("text_link", out16, pos)),
            ']' => {
                let Some(idx) = stack.iter().rposition(|e| e.0 == "text_link") else {
                    return Err(reserved(']'));
                };
                let (_, start, _) = stack.remove(idx);
                if at(k + 1) == Some('(') {
                    let mut j = k + 2;
                    let mut url = String::new();
                    let mut closed = false;
                    while j < chars.len() {
                        let ch = chars[j].1;
                        if ch == '\\' {
                            if let Some(n) = at(j + 1) {
                                url.push(n);
                            }
                            j += 2;
                            continue;
                        }
                        if ch == ')' {
                            closed = true;
                            break;
                        }
                        url.push(ch);
                        j += 1;
                    }
                    if !closed {
                        return Err(format!("Can't find end of a URL at byte offset {pos}"));
                    }
                    if out16 > start && !url.is_empty() {
                        let mut e = entity("text_link", start, out16 - start);
                        e["url"] = json!(url);
                        entities.push(e);
                    }
                    step = j + 1 - k;
                }
            }
            '>' if line_start => {}
            c if RESERVED.contains(c) => return Err(reserved(c)),
            c => {
                out.push(c);
                out16 += c.len_utf16();
            }
        }
        line_start = c == '\n';
        k += step;
    }
    if let Some((kind, _, off)) = stack.last() {
        return Err(format!(
            "Can't find end of {} entity at byte offset {off}",
            md_entity_name(kind)
        ));
    }
    entities.sort_by_key(|e| e["offset"].as_i64());
    Ok(Formatted {
        text: out,
        entities,
    })
}

/// Legacy "Markdown": `*bold*`, `_italic_`, `` `code` ``, ```` ```pre``` ````, `[text](url)`;
/// no nesting; `\` escapes `_*`[`.
fn parse_markdown(s: &str) -> Result<Formatted, String> {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let at = |k: usize| chars.get(k).map(|x| x.1);
    let mut out = String::new();
    let mut out16 = 0usize;
    let mut entities = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        let (pos, c) = chars[k];
        let unclosed = || format!("Can't find end of the entity starting at byte offset {pos}");
        match c {
            '\\' if at(k + 1).is_some_and(|n| "_*`[".contains(n)) => {
                if let Some(n) = at(k + 1) {
                    out.push(n);
                    out16 += 1;
                }
                k += 2;
            }
            '*' | '_' | '`' => {
                let pre = c == '`' && at(k + 1) == Some('`') && at(k + 2) == Some('`');
                let open = if pre { 3 } else { 1 };
                let mut j = k + open;
                while j < chars.len() {
                    let closes = if pre {
                        chars[j].1 == '`' && at(j + 1) == Some('`') && at(j + 2) == Some('`')
                    } else {
                        chars[j].1 == c
                    };
                    if closes {
                        break;
                    }
                    j += 1;
                }
                if j >= chars.len() {
                    return Err(unclosed());
                }
                let body: String = chars[k + open..j].iter().map(|x| x.1).collect();
                let kind = match c {
                    '*' => "bold",
                    '_' => "italic",
                    _ if pre => "pre",
                    _ => "code",
                };
                let len = utf16_len(&body);
                if len > 0 {
                    entities.push(entity(kind, out16, len));
                }
                out.push_str(&body);
                out16 += len;
                k = j + open;
            }
            '[' => {
                let close = (k + 1..chars.len()).find(|j| chars[*j].1 == ']');
                let Some(close) = close.filter(|j| at(j + 1) == Some('(')) else {
                    return Err(unclosed());
                };
                let Some(end) = (close + 2..chars.len()).find(|j| chars[*j].1 == ')') else {
                    return Err(unclosed());
                };
                let text: String = chars[k + 1..close].iter().map(|x| x.1).collect();
                let url: String = chars[close + 2..end].iter().map(|x| x.1).collect();
                let len = utf16_len(&text);
                if len > 0 && !url.is_empty() {
                    let mut e = entity("text_link", out16, len);
                    e["url"] = json!(url);
                    entities.push(e);
                }
                out.push_str(&text);
                out16 += len;
                k = end + 1;
            }
            c => {
                out.push(c);
                out16 += c.len_utf16();
                k += 1;
            }
        }
    }
    Ok(Formatted {
        text: out,
        entities,
    })
}
