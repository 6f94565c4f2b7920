//! The Telegram channel. Updates arrive by long polling or by webhook; each one is committed
//! (inbox id, conversation state, outbox) before it is acknowledged, and the outbox worker
//! delivers the replies. Private chats only.

pub mod api;
mod desk;
mod polling;
pub mod render;
pub mod updates;
mod webhook;

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use dashmap::DashMap;
use teloxide::payloads::{
    AnswerCallbackQuery, DeleteMessage, DeleteWebhook, EditMessageReplyMarkup, EditMessageText,
    GetFile, SendMessage, SetMyCommands, SetWebhook,
};
use teloxide::types::{
    AllowedUpdate, BotCommand, CallbackQueryId, ChatId, InlineKeyboardMarkup, Message, MessageId,
    Recipient, ReplyMarkup, ThreadId, Update,
};
use tokio::sync::Notify;
use url::Url;

use crate::channels::Tasks;
use crate::delivery::limits::{Limits, Rate};
use crate::delivery::{Delivery, DeliveryConfig, SendError, Sent, Transport, Wake};
use crate::dialog::Event;
use crate::dialog::files;
use crate::i18n::Lang;
use crate::m;
use crate::media::MediaSources;
use crate::service::{Bot, Incoming};
use crate::store::{ChatKey, InboundRecord, OutboxItem, Store, StoreError};
use api::{Api, ApiError};
use render::Part;
use updates::Action;

pub const CHANNEL: &str = "telegram";

/// Telegram's public Bot API.
pub const DEFAULT_API_URL: &str = "https://api.telegram.org";

/// Time allowed for each of getFile and the download when reading a document's type: a slow
/// download holds up the updates behind it, and the metadata is a fair fallback.
const SNIFF_TIMEOUT: Duration = Duration::from_secs(10);

/// Documents larger than this are not downloaded to read their type (the Bot API's limit).
const DOWNLOAD_LIMIT: u64 = 20 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum TelegramError {
    #[error("configuration: {0}")]
    Config(String),
    #[error("Bot API: {0}")]
    Api(#[from] ApiError),
    #[error("webhook server: {0}")]
    Listen(#[from] std::io::Error),
}

/// Webhook mode: Telegram posts updates to `public_url`, which reaches pandu's HTTP server
/// (`crate::channels`) at the same path.
#[derive(Clone)]
pub struct WebhookConfig {
    pub public_url: Url,
    /// Telegram sends it in `X-Telegram-Bot-Api-Secret-Token`; requests without it are refused.
    pub secret: String,
}

impl std::fmt::Debug for WebhookConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookConfig")
            .field("public_url", &self.public_url.as_str())
            .field("secret", &"[hidden]")
            .finish()
    }
}

#[derive(Clone)]
pub struct TelegramConfig {
    pub token: String,
    pub api_url: Url,
    /// Webhook mode when set, long polling otherwise.
    pub webhook: Option<WebhookConfig>,
    pub delivery: DeliveryConfig,
    /// Long-polling wait per `getUpdates`.
    pub poll_timeout: Duration,
    /// Telegram user ids registered as desk admins at start (`PANDU_DESK_ADMINS`).
    pub desk_admins: Vec<String>,
    /// The agents' group of each queue, set at start (`PANDU_DESK_GROUPS`).
    pub desk_groups: Vec<(crate::dialog::model::Queue, String)>,
    /// How often the desk looks for cases without a topic.
    pub desk_interval: Duration,
    /// Service hours and first-response targets per queue.
    pub desk_policy: crate::desk::DeskPolicy,
}

impl std::fmt::Debug for TelegramConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TelegramConfig")
            .field("token", &"[hidden]")
            .field("api_url", &self.api_url.as_str())
            .field("webhook", &self.webhook)
            .field("delivery", &self.delivery)
            .field("poll_timeout", &self.poll_timeout)
            .field("desk_admins", &self.desk_admins.len())
            .field("desk_groups", &self.desk_groups)
            .finish()
    }
}

impl TelegramConfig {
    /// From the environment: `TELOXIDE_TOKEN` (none: no Telegram), `TELOXIDE_API_URL`,
    /// `PANDU_WEBHOOK_URL`, `PANDU_WEBHOOK_LISTEN`, `PANDU_WEBHOOK_SECRET` and the rate settings.
    pub fn from_env() -> Result<Option<TelegramConfig>, TelegramError> {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        let Some(token) = var("TELOXIDE_TOKEN") else {
            return Ok(None);
        };
        let api_url = parse_url(
            "TELOXIDE_API_URL",
            &var("TELOXIDE_API_URL").unwrap_or_else(|| DEFAULT_API_URL.into()),
        )?;
        let webhook = match var("PANDU_WEBHOOK_URL") {
            None => None,
            Some(u) => {
                let public_url = parse_url("PANDU_WEBHOOK_URL", &u)?;
                if public_url.scheme() != "https"
                    || public_url
                        .path_segments()
                        .into_iter()
                        .flatten()
                        .any(|s| s.starts_with([':', '*', '{']))
                {
                    return Err(TelegramError::Config(
                        "PANDU_WEBHOOK_URL must be an https:// address with a plain path".into(),
                    ));
                }
                let secret = match var("PANDU_WEBHOOK_SECRET") {
                    Some(s) if valid_secret(&s) => s,
                    Some(_) => {
                        return Err(TelegramError::Config(
                            "PANDU_WEBHOOK_SECRET: 1-256 characters of A-Z, a-z, 0-9, _ and -"
                                .into(),
                        ));
                    }
                    None => random_secret(),
                };
                Some(WebhookConfig { public_url, secret })
            }
        };
        let num = |k: &str, default: u64| -> Result<u64, TelegramError> {
            match var(k) {
                None => Ok(default),
                Some(v) => v
                    .trim()
                    .parse::<u32>()
                    .map(u64::from)
                    .map_err(|_| TelegramError::Config(format!("{k} must be a whole number"))),
            }
        };
        let base = Limits::telegram();
        let limits = Limits {
            per_chat: Rate::new(
                num("PANDU_TELEGRAM_CHAT_BURST", u64::from(base.per_chat.burst))? as u32,
                Duration::from_millis(num(
                    "PANDU_TELEGRAM_CHAT_INTERVAL_MS",
                    base.per_chat.interval.as_millis() as u64,
                )?),
            ),
            per_group: Rate::per(
                num("PANDU_TELEGRAM_GROUP_PER_MINUTE", 20)? as u32,
                Duration::from_secs(60),
            ),
            global: Rate::per(
                num("PANDU_TELEGRAM_GLOBAL_PER_SECOND", 30)? as u32,
                Duration::from_secs(1),
            ),
        };
        let mut delivery = DeliveryConfig::telegram();
        delivery.limits = limits;
        delivery.backoff_base = Duration::from_millis(num(
            "PANDU_TELEGRAM_BACKOFF_MS",
            delivery.backoff_base.as_millis() as u64,
        )?);
        let desk_admins = var("PANDU_DESK_ADMINS")
            .unwrap_or_default()
            .split([',', ' '])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                s.parse::<i64>().map(|_| s.to_string()).map_err(|_| {
                    TelegramError::Config(
                        "PANDU_DESK_ADMINS: Telegram user ids, comma-separated".into(),
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut desk_groups = Vec::new();
        for pair in var("PANDU_DESK_GROUPS")
            .unwrap_or_default()
            .split([',', ' '])
            .filter(|s| !s.trim().is_empty())
        {
            let bad = || {
                TelegramError::Config(
                    "PANDU_DESK_GROUPS: queue=chat_id pairs, e.g. kyc=-1001234567890".into(),
                )
            };
            let (q, chat) = pair.split_once('=').ok_or_else(bad)?;
            let queue = crate::desk::parse_queue(q).ok_or_else(bad)?;
            chat.trim().parse::<i64>().map_err(|_| bad())?;
            desk_groups.push((queue, chat.trim().to_string()));
        }
        Ok(Some(TelegramConfig {
            token,
            api_url,
            webhook,
            delivery,
            poll_timeout: Duration::from_secs(num("PANDU_TELEGRAM_POLL_SECONDS", 25)?),
            desk_admins,
            desk_groups,
            desk_interval: Duration::from_secs(2),
            desk_policy: crate::desk::DeskPolicy::parse(
                var("PANDU_DESK_HOURS").as_deref(),
                var("PANDU_DESK_FIRST_RESPONSE_MINUTES").as_deref(),
                var("PANDU_DESK_HOLIDAYS").as_deref(),
            )
            .map_err(TelegramError::Config)?,
        }))
    }

    /// A configuration with Telegram's defaults, for `token` against `api_url`.
    pub fn new(token: impl Into<String>, api_url: Url) -> TelegramConfig {
        TelegramConfig {
            token: token.into(),
            api_url,
            webhook: None,
            delivery: DeliveryConfig::telegram(),
            poll_timeout: Duration::from_secs(25),
            desk_admins: Vec::new(),
            desk_groups: Vec::new(),
            desk_interval: Duration::from_secs(2),
            desk_policy: crate::desk::DeskPolicy::default(),
        }
    }
}

fn parse_url(var: &str, v: &str) -> Result<Url, TelegramError> {
    Url::parse(v.trim()).map_err(|_| TelegramError::Config(format!("{var} is not a URL")))
}

fn valid_secret(s: &str) -> bool {
    (1..=256).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

fn random_secret() -> String {
    use rand::Rng;
    rand::rng()
        .sample_iter(rand::distr::Alphanumeric)
        .take(48)
        .map(char::from)
        .collect()
}

/// The Telegram channel of one bot.
pub struct Telegram {
    api: Api,
    bot: Bot,
    wake: Wake,
    /// Webhook requests of one chat are handled one at a time, in arrival order.
    chat_locks: DashMap<i64, Arc<tokio::sync::Mutex<()>>>,
    /// Wakes the desk's topic worker (new cases, users' messages for agents).
    desk_wake: Arc<Notify>,
    /// Outsiders in an agents' group lately told they are not agents (by Telegram user id).
    refused_recently: DashMap<i64, std::time::Instant>,
    /// Long polling gave way to another process polling with the same token.
    pub polling_stopped: std::sync::atomic::AtomicBool,
}

impl Telegram {
    /// The channel of one bot; `wake` is notified after each commit, `desk_wake` when the
    /// desk may have work (new cases, users' messages for agents).
    pub(crate) fn new(api: Api, bot: Bot, wake: Wake, desk_wake: Arc<Notify>) -> Arc<Telegram> {
        Arc::new(Telegram {
            api,
            bot,
            wake,
            chat_locks: DashMap::new(),
            desk_wake,
            refused_recently: DashMap::new(),
            polling_stopped: Default::default(),
        })
    }

    /// Registers the desk's settings and the commands, and starts the outbox worker, the
    /// desk's topic worker and (without a webhook) long polling.
    pub(crate) async fn launch(
        self: &Arc<Telegram>,
        config: &TelegramConfig,
        delivery: Delivery<TelegramTransport>,
        tasks: &mut Tasks,
    ) {
        self.configure_desk(config).await;
        self.register_commands().await;
        tasks.delivery(tokio::spawn(
            delivery.run_until(tasks.stop_delivery.clone()),
        ));
        tasks.abort(tokio::spawn(desk::run_topics(
            Arc::clone(self),
            config.desk_interval,
            config.desk_policy.clone(),
        )));
        if config.webhook.is_none() {
            // getUpdates is refused while a webhook is set.
            let mut req = DeleteWebhook::new();
            req.drop_pending_updates = Some(false);
            if let Err(e) = self.api.call(&req).await {
                tracing::warn!(error = %e, "deleteWebhook failed; polling may be refused");
            }
            tasks.intake(tokio::spawn(polling::run(
                Arc::clone(self),
                config.poll_timeout,
                tasks.stop_intake.clone(),
            )));
            tracing::info!("Telegram long polling started");
        }
    }

    /// The webhook's route, at the public URL's path.
    pub(crate) fn webhook_routes(self: &Arc<Telegram>, w: &WebhookConfig) -> axum::Router {
        webhook::router(Arc::clone(self), w.public_url.path(), &w.secret)
    }

    /// Tells Telegram where to post updates (once the server listens).
    pub(crate) async fn set_webhook(&self, w: &WebhookConfig) -> Result<(), TelegramError> {
        let mut req = SetWebhook::new(w.public_url.clone());
        req.secret_token = Some(w.secret.clone());
        req.allowed_updates = Some(allowed_updates());
        req.max_connections = Some(40);
        req.drop_pending_updates = Some(false);
        self.api.call::<SetWebhook>(&req).await?;
        tracing::info!("Telegram webhook set");
        Ok(())
    }
}

fn allowed_updates() -> Vec<AllowedUpdate> {
    vec![
        AllowedUpdate::Message,
        AllowedUpdate::EditedMessage,
        AllowedUpdate::CallbackQuery,
        AllowedUpdate::MyChatMember,
    ]
}

/// The commands shown in Telegram's menu: Indonesian by default, English for English users.
fn command_list(bot: &Bot, lang: Lang) -> Vec<BotCommand> {
    let names: [(&str, &str, &str); 10] = [
        ("start", "start", m!("command-start")),
        ("menu", "menu", m!("command-menu")),
        ("batal", "cancel", m!("command-batal")),
        ("kembali", "back", m!("command-kembali")),
        ("status", "status", m!("command-status")),
        ("petugas", "agent", m!("command-petugas")),
        ("bahasa", "language", m!("command-bahasa")),
        ("bantuan", "help", m!("command-bantuan")),
        ("datasaya", "mydata", m!("command-datasaya")),
        ("hapusdata", "deletedata", m!("command-hapusdata")),
    ];
    names
        .iter()
        .map(|(id, en, desc)| {
            let name = if lang == Lang::En { *en } else { *id };
            BotCommand::new(name, bot.defs.locales.text(lang, desc, &[]))
        })
        .collect()
}

impl Telegram {
    /// Registers the configured admins and queue groups.
    async fn configure_desk(&self, config: &TelegramConfig) {
        use crate::store::{Agent, DeskStore, Role};
        let now = Utc::now();
        for id in &config.desk_admins {
            let known = self.bot.db.agent(CHANNEL, id).await.ok().flatten();
            let agent = Agent {
                channel: CHANNEL.into(),
                user_id: id.clone(),
                name: known
                    .map(|a| a.name)
                    .unwrap_or_else(|| format!("Admin {id}")),
                role: Role::Admin,
                active: true,
            };
            if let Err(e) = self.bot.db.put_agent(&agent, now).await {
                tracing::error!(error = %e, "registering a desk admin failed");
            }
        }
        for (queue, chat) in &config.desk_groups {
            if let Err(e) = self
                .bot
                .db
                .set_queue_group(*queue, CHANNEL, chat, now)
                .await
            {
                tracing::error!(error = %e, "setting a queue's group failed");
            }
        }
    }

    async fn register_commands(&self) {
        for lang in Lang::ALL {
            let mut req = SetMyCommands::new(command_list(&self.bot, lang));
            if lang != Lang::Id {
                req.language_code = Some(lang.code().to_string());
            }
            if let Err(e) = self.api.call(&req).await {
                tracing::warn!(error = %e, lang = lang.code(), "setMyCommands failed");
            }
        }
    }

    fn chat(chat_id: i64) -> ChatKey {
        ChatKey {
            channel: CHANNEL.into(),
            chat_id: chat_id.to_string(),
        }
    }

    /// Handles one update: commits its effect, then (best effort) stops the button spinner.
    /// An error means nothing was committed and the update must not be acknowledged.
    pub async fn handle_update(&self, update: &teloxide::types::Update) -> Result<(), StoreError> {
        let message_id = update.id.0.to_string();
        let sequence = Some(i64::from(update.id.0));
        let at = Utc::now();
        match updates::classify(update) {
            Action::Ignore => Ok(()),
            Action::Desk(m) => self.handle_desk(message_id, at, m).await,
            Action::AnswerOnly(cb) => {
                self.answer_callback(cb);
                Ok(())
            }
            Action::Membership { chat_id, blocked } => {
                let rec = InboundRecord {
                    chat: Self::chat(chat_id),
                    message_id,
                    received_at: at,
                    pressed_message: None,
                    sequence: None,
                };
                self.bot.db.record_membership(&rec, blocked).await?;
                Ok(())
            }
            Action::Page {
                chat_id,
                source,
                page,
                callback,
            } => {
                let rec = InboundRecord {
                    chat: Self::chat(chat_id),
                    message_id,
                    received_at: at,
                    pressed_message: None,
                    sequence: None,
                };
                self.bot.db.enqueue_page(&rec, source, page).await?;
                self.wake.notify_one();
                self.answer_callback(callback);
                Ok(())
            }
            Action::Dialog {
                chat_id,
                mut event,
                lang,
                pressed,
                callback,
                sniff,
                own,
            } => {
                let chat = Self::chat(chat_id);
                if let (Some(file_id), Event::File(info)) = (sniff, &mut event)
                    && info.size <= DOWNLOAD_LIMIT
                    && !self.bot.db.seen(CHANNEL, &message_id).await?
                {
                    info.sniffed = self.sniff(&file_id).await;
                }
                let processed = self
                    .bot
                    .handle(Incoming {
                        chat,
                        message_id,
                        event,
                        lang_hint: lang,
                        at,
                        pressed_message: pressed.map(|p| p.to_string()),
                        sequence,
                    })
                    .await?;
                self.wake.notify_one();
                if processed.for_desk() {
                    self.desk_wake.notify_one();
                }
                if processed.withheld()
                    && let Some(own) = own
                {
                    self.remove_secret(chat_id, own);
                }
                if let Some(cb) = callback {
                    self.answer_callback(cb);
                }
                Ok(())
            }
        }
    }

    /// The type of a document read from its first bytes; None when it cannot be fetched.
    async fn sniff(&self, file_id: &str) -> Option<crate::dialog::model::FileType> {
        let req = GetFile::new(teloxide::types::FileId(file_id.to_string()));
        let file = match self.api.call_with_timeout(&req, SNIFF_TIMEOUT).await {
            Ok(f) => f,
            Err(e) => {
                tracing::warn!(error = %e, "getFile failed; judging the file by its metadata");
                return None;
            }
        };
        match self.api.download_head(&file.path, 16, SNIFF_TIMEOUT).await {
            Ok(head) => Some(files::sniff(&head)),
            Err(e) => {
                tracing::warn!(error = %e, "file download failed; judging it by its metadata");
                None
            }
        }
    }

    /// Deletes a user's message that held a secret (a bot may delete a private chat's messages
    /// for 48 hours). The secret was never stored; this takes it off the user's screen and
    /// Telegram's servers. Best effort: when it fails the user was still warned.
    fn remove_secret(&self, chat_id: i64, message_id: i32) {
        let api = self.api.clone();
        tokio::spawn(async move {
            let req = DeleteMessage::new(Recipient::Id(ChatId(chat_id)), MessageId(message_id));
            if let Err(e) = api.call_with_timeout(&req, Duration::from_secs(10)).await {
                tracing::warn!(error = %e, "a message holding a secret could not be deleted");
            }
        });
    }

    fn answer_callback(&self, id: CallbackQueryId) {
        let api = self.api.clone();
        tokio::spawn(async move {
            let req = AnswerCallbackQuery::new(id);
            if let Err(e) = api.call_with_timeout(&req, Duration::from_secs(10)).await {
                tracing::debug!(error = %e, "answerCallbackQuery failed");
            }
        });
    }
}

/// Delivers outbox rows with the Bot API.
pub struct TelegramTransport {
    api: Api,
    /// Where files from other channels are fetched (shared with the other transports).
    media: Arc<MediaSources>,
}

impl TelegramTransport {
    pub fn new(api: Api, media: Arc<MediaSources>) -> Self {
        Self { api, media }
    }
}

/// An outbox chat key: a chat id, or `chat:thread` for a forum topic.
fn target(chat_id: &str) -> Result<(Recipient, Option<ThreadId>), SendError> {
    let bad = || SendError::Rejected("not a Telegram chat id".into());
    let (chat, thread) = match chat_id.split_once(':') {
        Some((c, t)) => (c, Some(t.parse::<i32>().map_err(|_| bad())?)),
        None => (chat_id, None),
    };
    let id = chat.parse::<i64>().map_err(|_| bad())?;
    Ok((
        Recipient::Id(ChatId(id)),
        thread.map(|t| ThreadId(MessageId(t))),
    ))
}

fn recipient_text(r: &Recipient) -> String {
    match r {
        Recipient::Id(id) => id.0.to_string(),
        Recipient::ChannelUsername(u) => u.clone(),
    }
}

fn markup(k: &Option<InlineKeyboardMarkup>) -> Option<ReplyMarkup> {
    k.clone().map(ReplyMarkup::InlineKeyboard)
}

fn classify(e: ApiError) -> SendError {
    if e.is_configuration() {
        tracing::error!(error = %e, "the Bot API refuses the bot: check TELOXIDE_TOKEN and TELOXIDE_API_URL");
    }
    match e {
        ApiError::RetryAfter(d) => SendError::RetryAfter(d),
        e if e.is_unreachable() => SendError::Unreachable(e.description().to_string()),
        ApiError::Api { description, .. } if description.contains("chat not found") => {
            SendError::Unreachable(description)
        }
        // A forum topic deleted or closed by hand: the case gets a new one.
        ApiError::Api { description, .. }
            if description.contains("message thread not found")
                || description.contains("TOPIC_CLOSED")
                || description.contains("TOPIC_DELETED") =>
        {
            SendError::Gone(description)
        }
        e if e.is_transient() => SendError::Transient(e.to_string()),
        e => SendError::Rejected(e.to_string()),
    }
}

fn not_modified(e: &ApiError) -> bool {
    e.description().contains("message is not modified")
}

fn cannot_edit(e: &ApiError) -> bool {
    let d = e.description();
    d.contains("message to edit not found") || d.contains("message can't be edited")
}

impl TelegramTransport {
    async fn send_message(
        &self,
        to: Recipient,
        thread: Option<ThreadId>,
        text: &str,
        keyboard: &Option<InlineKeyboardMarkup>,
    ) -> Result<Sent, SendError> {
        let mut req = SendMessage::new(to, text.to_string());
        req.reply_markup = markup(keyboard);
        req.message_thread_id = thread;
        match self.api.call::<SendMessage>(&req).await {
            Ok(msg) => Ok(Sent {
                platform_id: Some(msg.id.0.to_string()),
            }),
            Err(ApiError::UnreadableSuccess) => Ok(Sent::default()),
            Err(e) => Err(classify(e)),
        }
    }

    /// `sendPhoto` (`photo`) or `sendDocument` with the file's content, in the topic `thread`
    /// when there is one.
    async fn send_upload(
        &self,
        to: &Recipient,
        thread: Option<ThreadId>,
        photo: bool,
        file: reqwest::multipart::Part,
        caption: Option<&str>,
    ) -> Result<Sent, SendError> {
        let (method, field) = if photo {
            ("sendPhoto", "photo")
        } else {
            ("sendDocument", "document")
        };
        let mut form = reqwest::multipart::Form::new()
            .text("chat_id", recipient_text(to))
            .part(field, file);
        if let Some(t) = thread {
            form = form.text("message_thread_id", t.0.0.to_string());
        }
        if let Some(c) = caption {
            form = form.text("caption", c.to_string());
        }
        match self.api.call_multipart::<Message>(method, form).await {
            Ok(msg) => Ok(Sent {
                platform_id: Some(msg.id.0.to_string()),
            }),
            Err(ApiError::UnreadableSuccess) => Ok(Sent::default()),
            Err(e) => Err(classify(e)),
        }
    }
}

impl Transport for TelegramTransport {
    type Part = Part;

    fn channel(&self) -> &'static str {
        CHANNEL
    }

    fn is_group(&self, chat_id: &str) -> bool {
        chat_id.starts_with('-')
    }

    fn rate_key<'a>(&self, chat_id: &'a str) -> &'a str {
        chat_id.split(':').next().unwrap_or(chat_id)
    }

    fn parts(&self, item: &OutboxItem) -> Vec<Part> {
        render::parts(item)
    }

    async fn send(&self, chat_id: &str, part: &Part) -> Result<Sent, SendError> {
        let (to, thread) = target(chat_id)?;
        match part {
            Part::Send { text, keyboard } => self.send_message(to, thread, text, keyboard).await,
            Part::Media {
                photo,
                file_id,
                caption,
            } => {
                let (method, field) = if *photo {
                    ("sendPhoto", "photo")
                } else {
                    ("sendDocument", "document")
                };
                let mut body = serde_json::json!({ "chat_id": to, field: file_id });
                if let Some(t) = thread {
                    body["message_thread_id"] = serde_json::json!(t.0.0);
                }
                if let Some(c) = caption {
                    body["caption"] = serde_json::json!(c);
                }
                match self.api.call_json::<Message>(method, &body).await {
                    Ok(msg) => Ok(Sent {
                        platform_id: Some(msg.id.0.to_string()),
                    }),
                    Err(ApiError::UnreadableSuccess) => Ok(Sent::default()),
                    Err(e) => Err(classify(e)),
                }
            }
            Part::Edit {
                message_id,
                text,
                keyboard,
            } => {
                let mut req =
                    EditMessageText::new(to.clone(), MessageId(*message_id), text.clone());
                req.reply_markup = keyboard.clone();
                match self.api.call(&req).await {
                    Ok(_) | Err(ApiError::UnreadableSuccess) => Ok(Sent {
                        platform_id: Some(message_id.to_string()),
                    }),
                    Err(e) if not_modified(&e) => Ok(Sent {
                        platform_id: Some(message_id.to_string()),
                    }),
                    // Too old or deleted: the redrawn prompt goes as a new message.
                    Err(e) if cannot_edit(&e) => {
                        self.send_message(to, thread, text, keyboard).await
                    }
                    Err(e) => Err(classify(e)),
                }
            }
            Part::EditKeyboard {
                message_id,
                keyboard,
            } => {
                let mut req = EditMessageReplyMarkup::new(to, MessageId(*message_id));
                req.reply_markup = Some(keyboard.clone());
                match self.api.call(&req).await {
                    Ok(_) | Err(ApiError::UnreadableSuccess) => Ok(Sent {
                        platform_id: Some(message_id.to_string()),
                    }),
                    Err(e) if not_modified(&e) || cannot_edit(&e) => Ok(Sent::default()),
                    Err(e) => Err(classify(e)),
                }
            }
            Part::Document {
                name,
                mime,
                content,
            } => {
                let file = reqwest::multipart::Part::bytes(content.clone())
                    .file_name(name.clone())
                    .mime_str(mime)
                    .map_err(|_| SendError::Rejected("bad file type".into()))?;
                self.send_upload(&to, thread, false, file, None).await
            }
            Part::Upload {
                photo,
                file,
                caption,
            } => {
                // A permanent failure (the file is gone, too large) gives the reply up; a
                // temporary one is retried with backoff.
                let fetched = self.media.fetch(file).await.map_err(|e| {
                    tracing::warn!(error = %e, origin = ?file.origin, "a file from another channel could not be fetched");
                    SendError::from(e)
                })?;
                // What the content is decides, not what was said of it.
                let photo = *photo && fetched.is_photo();
                let part = reqwest::multipart::Part::bytes(fetched.bytes)
                    .file_name(fetched.name)
                    .mime_str(&fetched.mime)
                    .map_err(|_| SendError::Rejected("bad file type".into()))?;
                self.send_upload(&to, thread, photo, part, caption.as_deref())
                    .await
            }
        }
    }
}

/// Handles an update in a task of its own, so that a panic (a bug) loses that one update, with
/// an error in the log, instead of stopping its chat or the whole channel.
async fn handle_guarded(tg: &Arc<Telegram>, update: Update) -> Result<(), StoreError> {
    let id = update.id.0;
    let tg = Arc::clone(tg);
    match tokio::spawn(async move { tg.handle_update(&update).await }).await {
        Ok(res) => res,
        Err(e) if e.is_panic() => {
            tracing::error!(update = id, "handling an update panicked; it is skipped");
            Ok(())
        }
        // Cancelled: the channel is stopping; Telegram sends the update again.
        Err(_) => Err(StoreError::Corrupt("handler cancelled".into())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webhook_secrets_are_valid() {
        assert!(valid_secret("Ab_9-x"));
        assert!(!valid_secret("a b"));
        assert!(valid_secret(&random_secret()));
    }

    #[test]
    fn settings_never_show_the_token_or_secret() {
        let mut c = TelegramConfig::new(
            "123456:SECRET-TOKEN",
            Url::parse("https://api.telegram.org").unwrap(),
        );
        c.webhook = Some(WebhookConfig {
            public_url: Url::parse("https://bot.example.org/tg").unwrap(),
            secret: "webhook-secret".into(),
        });
        let shown = format!("{c:?}");
        assert!(
            !shown.contains("SECRET-TOKEN") && !shown.contains("webhook-secret"),
            "{shown}"
        );
    }

    #[test]
    fn errors_are_sorted_by_what_to_do() {
        let api = |code: u16, d: &str| ApiError::Api {
            code,
            description: d.into(),
        };
        assert_eq!(
            classify(ApiError::RetryAfter(Duration::from_secs(3))),
            SendError::RetryAfter(Duration::from_secs(3))
        );
        assert!(matches!(
            classify(api(403, "Forbidden: bot was blocked by the user")),
            SendError::Unreachable(_)
        ));
        assert!(matches!(
            classify(api(502, "Bad Gateway")),
            SendError::Transient(_)
        ));
        assert!(matches!(
            classify(ApiError::Network("timeout".into())),
            SendError::Transient(_)
        ));
        assert!(matches!(
            classify(api(400, "Bad Request: message is too long")),
            SendError::Rejected(_)
        ));
        // A 429 without retry_after (a proxy) and a bad token or API URL: the replies wait.
        for code in [429, 401, 404] {
            assert!(
                matches!(classify(api(code, "x")), SendError::Transient(_)),
                "{code}"
            );
        }
        assert!(matches!(
            classify(api(400, "Bad Request: chat not found")),
            SendError::Unreachable(_)
        ));
    }
}
