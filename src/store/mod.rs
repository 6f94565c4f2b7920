//! Storage: one interface, two databases. PostgreSQL for production (several processes at once),
//! SQLite as the zero-setup default. Each inbound message is handled in one transaction that
//! records its id (dedupe), the new conversation state, the cases it created and the replies
//! to deliver (the outbox).

/// Records an inbound message id in transaction `$tx`; false when it was seen before.
macro_rules! record_inbound {
    ($tx:ident, $rec:ident) => {
        sqlx::query(
            "INSERT INTO inbox (channel, message_id, chat_id, received_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (channel, message_id) DO NOTHING",
        )
        .bind(&$rec.chat.channel)
        .bind(&$rec.message_id)
        .bind(&$rec.chat.chat_id)
        .bind(millis($rec.received_at))
        .execute(&mut *$tx)
        .await?
        .rows_affected()
            > 0
    };
}

mod backend;
mod desk;

use std::future::Future;
use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

use crate::dialog::model::{CaseStatus, FileInfo, Queue, Reply, TranscriptLine};
use crate::dialog::{CaseSummary, Conversation, Outcome};
use crate::vault::{Column, Vault};

pub use backend::{PgStore, SqliteStore};
pub use desk::{
    Actor, Agent, AuditEntry, CaseAction, DeskCase, DeskCaseBrief, DeskResult, DeskStore,
    PendingRelay, Refusal, Role, Setting, topic_chat,
};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("stored data could not be read: {0}")]
    Corrupt(String),
    /// A sealed value could not be opened (see `vault`).
    #[error("{0}")]
    Sealed(#[from] crate::vault::VaultError),
    #[error("case reference {0} is already taken")]
    ReferenceTaken(String),
    #[error("unsupported database URL (expected sqlite:... or postgres://...): {0}")]
    Url(String),
    /// An earlier message of the chat failed and has not been handled again yet: this one
    /// must wait (the platform sends it again).
    #[error("an earlier message of this chat is not handled yet")]
    OutOfOrder,
}

/// How long a chat's later messages wait for an earlier one that failed (the platform gives up
/// on a message after a while; so does the wait for it).
pub const BEHIND_WAIT: chrono::Duration = chrono::Duration::seconds(120);

/// Which of a channel's chats a delivery worker sends to when several processes share the
/// database: those whose hash is `rank` modulo `of`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Share {
    pub rank: u32,
    pub of: u32,
}

impl Share {
    /// Every chat (one worker).
    pub const ALL: Share = Share { rank: 0, of: 1 };
}

/// A reply delivered in full, to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivered {
    pub id: i64,
    pub parts_done: u32,
    pub platform_id: Option<String>,
    pub at: DateTime<Utc>,
}

/// A worker's claim on the replies it is sending: who (a random id per process) and until when
/// (renewed while the process lives; after that another process may send them again).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub owner: String,
    pub until: DateTime<Utc>,
}

/// Who a conversation is with: the channel and the chat there.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ChatKey {
    pub channel: String,
    pub chat_id: String,
}

/// An inbound message as the store records it.
#[derive(Debug, Clone)]
pub struct InboundRecord {
    pub chat: ChatKey,
    /// The platform's id of the message (Telegram `update_id`, WhatsApp `wamid`).
    pub message_id: String,
    pub received_at: DateTime<Utc>,
    /// The platform's order of its messages (Telegram's `update_id`), when it has one: a
    /// message after one of the same chat that failed waits for it.
    pub sequence: Option<i64>,
    /// The platform's id of the message whose button was pressed, if any: a reply that redraws
    /// that prompt edits it there.
    pub pressed_message: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Processed {
    /// Committed; these outbox rows hold the replies. `for_desk`: it made a case or something
    /// for the agents (a message, a rating), so the desk has work.
    /// `withheld`: the message held a secret, not kept (the channel removes it where it can).
    Done {
        outbox: Vec<i64>,
        for_desk: bool,
        withheld: bool,
    },
    /// The message id was seen before: nothing changed, nothing to send.
    Duplicate,
}

impl Processed {
    /// Whether the desk has work from this message.
    pub fn for_desk(&self) -> bool {
        matches!(self, Processed::Done { for_desk: true, .. })
    }

    /// Whether the message held a secret that the channel should remove from the chat.
    pub fn withheld(&self) -> bool {
        matches!(self, Processed::Done { withheld: true, .. })
    }
}

#[derive(Debug, Clone)]
pub struct OutboxItem {
    pub id: i64,
    pub chat: ChatKey,
    pub reply: Reply,
    pub created_at: DateTime<Utc>,
    /// Requests made for this reply so far.
    pub attempts: i64,
    /// Edit this platform message instead of sending a new one.
    pub edit_target: Option<String>,
    /// The page of a long option list to show.
    pub page: u32,
    /// Only the options changed (another page): edit the buttons, not the text.
    pub page_only: bool,
    /// Platform messages of this reply already delivered (long text is split).
    pub parts_done: u32,
    /// The platform's id of the delivered message that carries the options.
    pub platform_id: Option<String>,
    pub sent_at: Option<DateTime<Utc>>,
    pub failed_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    /// What the platform last reported of the message (WhatsApp: sent, delivered, read, failed).
    pub platform_status: Option<String>,
    /// Times a crash interrupted a request for this reply whose outcome is unknown (it was
    /// made again each time, so the user may have received that many extra copies).
    pub uncertain_resends: u32,
    /// Set while the reply waits for its user to write again (WhatsApp's window had closed).
    pub held_at: Option<DateTime<Utc>>,
    /// The user's side of the chat, for WhatsApp's 24-hour window.
    pub window: UserWindow,
}

impl OutboxItem {
    /// A reply just written for `chat`, not yet tried: what a channel draws before sending.
    pub fn unsent(id: i64, chat: ChatKey, reply: Reply, created_at: DateTime<Utc>) -> OutboxItem {
        OutboxItem {
            id,
            chat,
            reply,
            created_at,
            attempts: 0,
            edit_target: None,
            page: 0,
            page_only: false,
            parts_done: 0,
            platform_id: None,
            sent_at: None,
            failed_at: None,
            last_error: None,
            uncertain_resends: 0,
            platform_status: None,
            held_at: None,
            window: UserWindow::default(),
        }
    }
}

/// How long after a user's message a bot may write to them freely (WhatsApp's customer-service
/// window; Telegram has no such limit, and nothing is ever held there).
pub const USER_WINDOW: chrono::Duration = chrono::Duration::hours(24);

/// When a bot may write to a user freely: WhatsApp allows it within 24 hours of the user's
/// last message; after that only an approved template may go.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UserWindow {
    /// When the user last wrote (the platform's time of their message).
    pub last_user_at: Option<DateTime<Utc>>,
    /// When the window was found closed since the user's last message (the platform refused
    /// a message for it, or a reply was held).
    pub closed_at: Option<DateTime<Utc>>,
    /// When the user was invited back since their last message.
    pub invited_at: Option<DateTime<Utc>>,
}

impl UserWindow {
    /// Whether a free-form message may go at `now` when windows last `length`. No message
    /// recorded (the user wrote before windows were tracked, or never): the platform decides.
    pub fn is_open(&self, now: DateTime<Utc>, length: chrono::Duration) -> bool {
        self.closed_at.is_none() && self.last_user_at.is_none_or(|last| now < last + length)
    }

    /// Whether the user was invited back after their last message (once is enough).
    pub fn invited_since_last_message(&self) -> bool {
        self.invited_at.is_some()
    }
}

/// The state of the outbox and the desk, for monitoring.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Figures {
    /// Per channel: replies not yet delivered (nor given up), those held for a closed window,
    /// and when the oldest undelivered one was written.
    pub outbox: Vec<OutboxFigure>,
    /// Per queue: cases not yet resolved.
    pub cases_open: Vec<(String, i64)>,
    /// Per queue: unresolved cases without a first answer past their first-response target.
    pub cases_late: Vec<(String, i64)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxFigure {
    pub channel: String,
    pub backlog: i64,
    pub held: i64,
    pub oldest: Option<DateTime<Utc>>,
}

/// What happened when a reply was held for a closed window, for the agents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HoldNote {
    /// The template inviting the user back was sent.
    Invited,
    /// The user was already invited after their last message.
    AlreadyInvited,
    /// No template is configured.
    NoTemplate,
    /// The platform refused the template.
    TemplateRefused,
}

impl HoldNote {
    pub fn as_str(self) -> &'static str {
        match self {
            HoldNote::Invited => "invited",
            HoldNote::AlreadyInvited => "already_invited",
            HoldNote::NoTemplate => "no_template",
            HoldNote::TemplateRefused => "template_refused",
        }
    }

    pub fn parse(s: &str) -> Option<HoldNote> {
        [
            HoldNote::Invited,
            HoldNote::AlreadyInvited,
            HoldNote::NoTemplate,
            HoldNote::TemplateRefused,
        ]
        .into_iter()
        .find(|n| n.as_str() == s)
    }
}

/// A delivered message the platform later reported as failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlatformFailure {
    /// The platform's error code.
    pub code: Option<i64>,
    /// It failed because the user's 24-hour window had closed: it is sent again once the user
    /// writes.
    pub window_closed: bool,
}

/// A case as stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredCase {
    pub reference: String,
    pub channel: String,
    pub chat_id: String,
    pub queue: Queue,
    pub kind: String,
    pub status: CaseStatus,
    pub fields: Vec<(String, String)>,
    pub attachments: Vec<FileInfo>,
    pub summary: String,
    pub transcript: Vec<TranscriptLine>,
    pub created_at: DateTime<Utc>,
}

impl StoredCase {
    pub fn summary_line(&self) -> CaseSummary {
        CaseSummary {
            reference: self.reference.clone(),
            queue: self.queue,
            status: self.status,
            created_at: self.created_at,
        }
    }
}

/// The storage interface.
pub trait Store: Send + Sync {
    /// Creates or upgrades the schema.
    fn migrate(&self) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Handles one inbound message in one transaction: records its id (a duplicate changes
    /// nothing), loads the conversation and the user's open cases, runs `step` on them, and
    /// stores the new state, the new cases and the replies.
    fn process<F>(
        &self,
        rec: &InboundRecord,
        step: F,
    ) -> impl Future<Output = Result<Processed, StoreError>> + Send
    where
        F: FnOnce(Option<Conversation>, Vec<CaseSummary>) -> Outcome + Send;

    /// Undelivered replies in order, for one chat or all chats of a channel.
    fn pending_outbox(
        &self,
        channel: &str,
        chat_id: Option<&str>,
        limit: i64,
    ) -> impl Future<Output = Result<Vec<OutboxItem>, StoreError>> + Send;

    fn mark_sent(
        &self,
        id: i64,
        at: DateTime<Utc>,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Records the press of a "next page" button on a long option list as an inbound message
    /// (deduplicated like any other) whose only effect is an outbox row that redraws the
    /// buttons of the delivered reply `source` at `page`.
    fn enqueue_page(
        &self,
        rec: &InboundRecord,
        source: i64,
        page: u32,
    ) -> impl Future<Output = Result<Processed, StoreError>> + Send;

    /// The next reply due for each reachable chat of `channel` (its oldest undelivered one, if
    /// its time has come), oldest first.
    fn due_outbox(
        &self,
        channel: &str,
        now: DateTime<Utc>,
        limit: i64,
        share: Share,
    ) -> impl Future<Output = Result<Vec<OutboxItem>, StoreError>> + Send;

    /// Claims reply `id` for a request about to be made (committed before the request): only
    /// if it is still undelivered, unclaimed, due at `at` and has `parts_done` parts delivered.
    /// False when someone else delivered, claimed or postponed it meanwhile.
    fn begin_attempt(
        &self,
        id: i64,
        parts_done: u32,
        at: DateTime<Utc>,
        claim: &Claim,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// Claims many replies at once, each as `begin_attempt` would with the number of parts
    /// the database holds. Returns those claimed: (id, parts delivered, requests so far
    /// including this one).
    fn claim_many(
        &self,
        ids: &[i64],
        at: DateTime<Utc>,
        claim: &Claim,
    ) -> impl Future<Output = Result<Vec<(i64, u32, i64)>, StoreError>> + Send;

    /// Applies the retention policy at `now` (see `crate::retention`): finished cases lose their
    /// identifiers and screenshots, later everything that names the user. Unfinished cases are
    /// never touched.
    fn apply_retention(
        &self,
        policy: &crate::retention::Policy,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<crate::retention::Report, StoreError>> + Send;

    /// Claims `chat`'s next reply if it is due at `at` and nobody has it: what a worker that
    /// just delivered the chat's previous reply sends next, without reading the whole outbox.
    fn claim_next(
        &self,
        chat: &ChatKey,
        at: DateTime<Utc>,
        claim: &Claim,
    ) -> impl Future<Output = Result<Option<OutboxItem>, StoreError>> + Send;

    /// Records many replies delivered in full, in one statement: (id, parts delivered, the
    /// platform's id of the message with the options, when).
    fn delivered_many(
        &self,
        rows: &[Delivered],
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Records a delivered part of reply `id`; `finished` when it was the last one.
    fn part_delivered(
        &self,
        id: i64,
        parts_done: u32,
        platform_id: Option<&str>,
        finished: bool,
        at: DateTime<Utc>,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The attempt failed but may succeed later: not before `next_at`.
    fn retry_later(
        &self,
        id: i64,
        next_at: DateTime<Utc>,
        error: &str,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The platform refused reply `id` for good.
    fn give_up(
        &self,
        id: i64,
        at: DateTime<Utc>,
        error: &str,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// A send of reply `failed_id` was refused because the user blocked the bot: that reply and
    /// the older undelivered ones are dropped. Unless the user wrote again meanwhile (newer
    /// replies are waiting), nothing more is sent until they do.
    fn mark_unreachable(
        &self,
        chat: &ChatKey,
        failed_id: i64,
        at: DateTime<Utc>,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Records an inbound membership change (the user blocked or unblocked the bot) like any
    /// inbound message: a re-delivery changes nothing.
    fn record_membership(
        &self,
        rec: &InboundRecord,
        blocked: bool,
    ) -> impl Future<Output = Result<Processed, StoreError>> + Send;

    /// Whether the chat is marked unreachable.
    fn is_unreachable(
        &self,
        chat: &ChatKey,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// After a crash: requests that were under way when it happened have an unknown outcome.
    /// They are sent again (a reply may then arrive twice; Telegram and WhatsApp offer no way
    /// to ask) and flagged. Only claims that expired before `expired_at` are taken back (their
    /// process stopped renewing them); `None`: every claim (the only process, starting).
    /// Returns how many.
    fn recover_in_flight(
        &self,
        channel: &str,
        expired_at: Option<DateTime<Utc>>,
    ) -> impl Future<Output = Result<u64, StoreError>> + Send;

    /// Extends the claims `claim.owner` holds on `channel` until `claim.until`.
    fn renew_claims(
        &self,
        channel: &str,
        claim: &Claim,
    ) -> impl Future<Output = Result<u64, StoreError>> + Send;

    /// Records that delivery worker `worker` of `channel` is alive at `now`, and returns its
    /// share of the chats among the workers seen within `lease`.
    fn heartbeat(
        &self,
        channel: &str,
        worker: &str,
        now: DateTime<Utc>,
        lease: chrono::Duration,
    ) -> impl Future<Output = Result<Share, StoreError>> + Send;

    /// A worker that stops: its chats go to the others at once.
    fn leave(
        &self,
        channel: &str,
        worker: &str,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Message `sequence` of `chat` failed: the chat's later messages wait for it (in every
    /// process) until it is handled or `BEHIND_WAIT` has passed.
    fn hold_back(
        &self,
        chat: &ChatKey,
        sequence: i64,
        at: DateTime<Utc>,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Every outbox row of a chat, delivered or not, in order (for tests and the agent desk).
    fn outbox_of(
        &self,
        chat: &ChatKey,
    ) -> impl Future<Output = Result<Vec<OutboxItem>, StoreError>> + Send;

    /// Records what the platform reports of a delivered message (by its platform id). A
    /// status never goes back: `sent` < `delivered` < `read`, and `failed` wins. False when it
    /// changed nothing (unknown message, or an older status arriving late).
    fn set_platform_status(
        &self,
        channel: &str,
        platform_id: &str,
        status: &str,
        at: DateTime<Utc>,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// Holds an undelivered reply until its user writes again (WhatsApp's window closed), and
    /// tells the agents of the user's case with a topic what happened (`note`).
    fn hold_for_window(
        &self,
        item: &OutboxItem,
        note: HoldNote,
        at: DateTime<Utc>,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Records that a delivered message failed after all. Outside the window, the reply is
    /// undelivered again and waits for the user; otherwise the agents of the user's case are
    /// told. False when the message is unknown or its failure was already recorded.
    fn platform_failed(
        &self,
        channel: &str,
        platform_id: &str,
        failure: PlatformFailure,
        at: DateTime<Utc>,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// Whether the database answers and has every migration this build knows.
    fn schema_current(&self) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// The chat id of the user at `address` on `channel` (a WhatsApp number): a pseudonym, made
    /// on first contact; the address itself is kept sealed and as a keyed hash.
    fn contact(
        &self,
        channel: &str,
        address: &str,
    ) -> impl Future<Output = Result<String, StoreError>> + Send;

    /// The address behind a pseudonymous chat id; None when there is none (deleted).
    fn address_of(
        &self,
        channel: &str,
        chat_id: &str,
    ) -> impl Future<Output = Result<Option<String>, StoreError>> + Send;

    /// The outbox's and the desk's figures, for monitoring.
    fn figures(&self) -> impl Future<Output = Result<Figures, StoreError>> + Send;

    /// Whether an inbound message id was recorded.
    fn seen(
        &self,
        channel: &str,
        message_id: &str,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;

    fn conversation(
        &self,
        chat: &ChatKey,
    ) -> impl Future<Output = Result<Option<Conversation>, StoreError>> + Send;

    fn case(
        &self,
        reference: &str,
    ) -> impl Future<Output = Result<Option<StoredCase>, StoreError>> + Send;

    fn cases_of(
        &self,
        chat: &ChatKey,
    ) -> impl Future<Output = Result<Vec<StoredCase>, StoreError>> + Send;
}

/// The sealed columns keyed by `id` (conversations' `state` is the other one).
pub(crate) const SEALED_COLUMNS: &[(&str, &str, Column)] = &[
    ("outbox", "payload", Column::OutboxPayload),
    ("cases", "fields", Column::CaseFields),
    ("cases", "attachments", Column::CaseAttachments),
    ("cases", "summary", Column::CaseSummary),
    ("cases", "transcript", Column::CaseTranscript),
    ("cases", "rating_comment", Column::CaseRatingComment),
    ("case_events", "body", Column::EventBody),
];

/// Every sealed column, as (table, column).
pub(crate) fn sealed_places() -> Vec<(&'static str, &'static str)> {
    let mut all: Vec<(&str, &str)> = SEALED_COLUMNS.iter().map(|&(t, c, _)| (t, c)).collect();
    all.push(("conversations", "state"));
    all.push(("contacts", "address"));
    all
}

/// What `reseal` did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Resealed {
    /// Values sealed again with the current key.
    pub values: u64,
    /// Values that could not be opened (damaged): left as they are, and logged.
    pub unreadable: u64,
    /// Cases whose lookups were recomputed.
    pub cases: u64,
}

/// How many values of a column a key sealed (`key` empty: not sealed; "?": a key not
/// configured).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedCount {
    pub table: &'static str,
    pub column: &'static str,
    pub key: String,
    pub values: u64,
}

/// The keyed hashes of a case's identifiers, for equality lookups: each 16-digit NIK and 18-digit
/// NIP in a field labelled NIK or NIP, under the current key.
pub fn identifier_lookups(
    vault: &Vault,
    fields: &[(String, String)],
) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    for (label, value) in fields {
        if !crate::retention::is_identifier_field(label) {
            continue;
        }
        let digits = crate::validate::strip_separators(value);
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let kind = match digits.len() {
            16 => "nik",
            18 => "nip",
            _ => continue,
        };
        let entry = (kind, vault.lookup(&digits));
        if !out.contains(&entry) {
            out.push(entry);
        }
    }
    out
}

/// The store chosen by the database URL.
#[derive(Clone)]
pub enum Db {
    Sqlite(SqliteStore),
    Postgres(PgStore),
}

impl Db {
    /// `sqlite:path/to/file.db` (created if missing), `sqlite::memory:`, or `postgres://...`.
    /// The texts holding personal data are sealed and opened with `vault`'s keys.
    pub async fn connect(url: &str, vault: Arc<Vault>) -> Result<Db, StoreError> {
        if url.starts_with("sqlite:") {
            Ok(Db::Sqlite(SqliteStore::connect(url, vault).await?))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Db::Postgres(PgStore::connect(url, vault).await?))
        } else {
            Err(StoreError::Url(
                url.split('@').next_back().unwrap_or_default().to_string(),
            ))
        }
    }

    /// Whether several processes may share this database (PostgreSQL); a SQLite file has one.
    pub fn is_shared(&self) -> bool {
        matches!(self, Db::Postgres(_))
    }

    pub fn backend_name(&self) -> &'static str {
        match self {
            Db::Sqlite(_) => "sqlite",
            Db::Postgres(_) => "postgres",
        }
    }
}

macro_rules! delegate {
    ($self:ident, $s:ident => $e:expr) => {
        match $self {
            Db::Sqlite($s) => $e,
            Db::Postgres($s) => $e,
        }
    };
}

impl Db {
    /// Seals every stored value again with the current key (`pandu keys rotate`).
    pub async fn reseal(&self) -> Result<Resealed, StoreError> {
        delegate!(self, s => s.reseal().await)
    }

    /// How many stored values each key sealed (`pandu keys status`).
    pub async fn sealed_counts(&self) -> Result<Vec<SealedCount>, StoreError> {
        delegate!(self, s => s.sealed_counts().await)
    }

    /// Whether any stored value is sealed: a database whose key file is missing must not get
    /// a new one.
    pub async fn holds_sealed(&self) -> Result<bool, StoreError> {
        delegate!(self, s => s.holds_sealed().await)
    }
}

impl Store for Db {
    async fn migrate(&self) -> Result<(), StoreError> {
        delegate!(self, s => s.migrate().await)
    }

    async fn process<F>(&self, rec: &InboundRecord, step: F) -> Result<Processed, StoreError>
    where
        F: FnOnce(Option<Conversation>, Vec<CaseSummary>) -> Outcome + Send,
    {
        delegate!(self, s => s.process(rec, step).await)
    }

    async fn pending_outbox(
        &self,
        channel: &str,
        chat_id: Option<&str>,
        limit: i64,
    ) -> Result<Vec<OutboxItem>, StoreError> {
        delegate!(self, s => s.pending_outbox(channel, chat_id, limit).await)
    }

    async fn mark_sent(&self, id: i64, at: DateTime<Utc>) -> Result<(), StoreError> {
        delegate!(self, s => s.mark_sent(id, at).await)
    }

    async fn enqueue_page(
        &self,
        rec: &InboundRecord,
        source: i64,
        page: u32,
    ) -> Result<Processed, StoreError> {
        delegate!(self, s => s.enqueue_page(rec, source, page).await)
    }

    async fn due_outbox(
        &self,
        channel: &str,
        now: DateTime<Utc>,
        limit: i64,
        share: Share,
    ) -> Result<Vec<OutboxItem>, StoreError> {
        delegate!(self, s => s.due_outbox(channel, now, limit, share).await)
    }

    async fn begin_attempt(
        &self,
        id: i64,
        parts_done: u32,
        at: DateTime<Utc>,
        claim: &Claim,
    ) -> Result<bool, StoreError> {
        delegate!(self, s => s.begin_attempt(id, parts_done, at, claim).await)
    }

    async fn claim_many(
        &self,
        ids: &[i64],
        at: DateTime<Utc>,
        claim: &Claim,
    ) -> Result<Vec<(i64, u32, i64)>, StoreError> {
        delegate!(self, s => s.claim_many(ids, at, claim).await)
    }

    async fn apply_retention(
        &self,
        policy: &crate::retention::Policy,
        now: DateTime<Utc>,
    ) -> Result<crate::retention::Report, StoreError> {
        delegate!(self, s => s.apply_retention(policy, now).await)
    }

    async fn claim_next(
        &self,
        chat: &ChatKey,
        at: DateTime<Utc>,
        claim: &Claim,
    ) -> Result<Option<OutboxItem>, StoreError> {
        delegate!(self, s => s.claim_next(chat, at, claim).await)
    }

    async fn delivered_many(&self, rows: &[Delivered]) -> Result<(), StoreError> {
        delegate!(self, s => s.delivered_many(rows).await)
    }

    async fn part_delivered(
        &self,
        id: i64,
        parts_done: u32,
        platform_id: Option<&str>,
        finished: bool,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        delegate!(self, s => s.part_delivered(id, parts_done, platform_id, finished, at).await)
    }

    async fn retry_later(
        &self,
        id: i64,
        next_at: DateTime<Utc>,
        error: &str,
    ) -> Result<(), StoreError> {
        delegate!(self, s => s.retry_later(id, next_at, error).await)
    }

    async fn give_up(&self, id: i64, at: DateTime<Utc>, error: &str) -> Result<(), StoreError> {
        delegate!(self, s => s.give_up(id, at, error).await)
    }

    async fn mark_unreachable(
        &self,
        chat: &ChatKey,
        failed_id: i64,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        delegate!(self, s => s.mark_unreachable(chat, failed_id, at).await)
    }

    async fn record_membership(
        &self,
        rec: &InboundRecord,
        blocked: bool,
    ) -> Result<Processed, StoreError> {
        delegate!(self, s => s.record_membership(rec, blocked).await)
    }

    async fn is_unreachable(&self, chat: &ChatKey) -> Result<bool, StoreError> {
        delegate!(self, s => s.is_unreachable(chat).await)
    }

    async fn recover_in_flight(
        &self,
        channel: &str,
        expired_at: Option<DateTime<Utc>>,
    ) -> Result<u64, StoreError> {
        delegate!(self, s => s.recover_in_flight(channel, expired_at).await)
    }

    async fn renew_claims(&self, channel: &str, claim: &Claim) -> Result<u64, StoreError> {
        delegate!(self, s => s.renew_claims(channel, claim).await)
    }

    async fn heartbeat(
        &self,
        channel: &str,
        worker: &str,
        now: DateTime<Utc>,
        lease: chrono::Duration,
    ) -> Result<Share, StoreError> {
        delegate!(self, s => s.heartbeat(channel, worker, now, lease).await)
    }

    async fn leave(&self, channel: &str, worker: &str) -> Result<(), StoreError> {
        delegate!(self, s => s.leave(channel, worker).await)
    }

    async fn hold_back(
        &self,
        chat: &ChatKey,
        sequence: i64,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        delegate!(self, s => s.hold_back(chat, sequence, at).await)
    }

    async fn outbox_of(&self, chat: &ChatKey) -> Result<Vec<OutboxItem>, StoreError> {
        delegate!(self, s => s.outbox_of(chat).await)
    }

    async fn set_platform_status(
        &self,
        channel: &str,
        platform_id: &str,
        status: &str,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        delegate!(self, s => s.set_platform_status(channel, platform_id, status, at).await)
    }

    async fn hold_for_window(
        &self,
        item: &OutboxItem,
        note: HoldNote,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        delegate!(self, s => s.hold_for_window(item, note, at).await)
    }

    async fn platform_failed(
        &self,
        channel: &str,
        platform_id: &str,
        failure: PlatformFailure,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        delegate!(self, s => s.platform_failed(channel, platform_id, failure, at).await)
    }

    async fn contact(&self, channel: &str, address: &str) -> Result<String, StoreError> {
        delegate!(self, s => s.contact(channel, address).await)
    }

    async fn address_of(&self, channel: &str, chat_id: &str) -> Result<Option<String>, StoreError> {
        delegate!(self, s => s.address_of(channel, chat_id).await)
    }

    async fn schema_current(&self) -> Result<bool, StoreError> {
        delegate!(self, s => s.schema_current().await)
    }

    async fn figures(&self) -> Result<Figures, StoreError> {
        delegate!(self, s => s.figures().await)
    }

    async fn seen(&self, channel: &str, message_id: &str) -> Result<bool, StoreError> {
        delegate!(self, s => s.seen(channel, message_id).await)
    }

    async fn conversation(&self, chat: &ChatKey) -> Result<Option<Conversation>, StoreError> {
        delegate!(self, s => s.conversation(chat).await)
    }

    async fn case(&self, reference: &str) -> Result<Option<StoredCase>, StoreError> {
        delegate!(self, s => s.case(reference).await)
    }

    async fn cases_of(&self, chat: &ChatKey) -> Result<Vec<StoredCase>, StoreError> {
        delegate!(self, s => s.cases_of(chat).await)
    }
}

pub(crate) fn millis(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

pub(crate) fn from_millis(ms: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(ms).single().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_is_open_for_24_hours_after_the_users_last_message() {
        let day = chrono::Duration::hours(24);
        let last = from_millis(1_790_000_000_000);
        let w = UserWindow {
            last_user_at: Some(last),
            ..Default::default()
        };
        assert!(w.is_open(last + chrono::Duration::hours(23), day));
        assert!(!w.is_open(last + day, day));
        // The platform said it closed (clocks differ): closed until the user writes.
        let refused = UserWindow {
            closed_at: Some(last + chrono::Duration::hours(1)),
            ..w
        };
        assert!(!refused.is_open(last + chrono::Duration::hours(2), day));
        // Nothing known: the platform decides.
        assert!(UserWindow::default().is_open(last, day));
        assert!(!UserWindow::default().invited_since_last_message());
    }
}
