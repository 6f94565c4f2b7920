//! The desk's storage: agents and roles, the agents' group of each queue, case ownership and
//! forum topics, case events and the audit log. Every desk action is one transaction: the
//! agent's update id (dedupe), the case change (conditional, so that two agents cannot both
//! claim), the user's conversation step and the messages to the user and to the topic.

use std::future::Future;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::Row;

use super::backend::{case_from_row, json, parse};
use super::{
    ChatKey, InboundRecord, PgStore, SqliteStore, StoreError, StoredCase, from_millis, millis,
};
use crate::dialog::model::{CaseStatus, Queue, Relay, Reply};
use crate::dialog::{CaseSummary, Conversation, Outcome};
use crate::vault::{Column, Vault};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Agent,
    Supervisor,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Agent => "agent",
            Role::Supervisor => "supervisor",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s.trim().to_ascii_lowercase().as_str() {
            "agent" | "petugas" => Some(Role::Agent),
            "supervisor" => Some(Role::Supervisor),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
}

/// A registered desk member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agent {
    pub channel: String,
    pub user_id: String,
    /// The name users see.
    pub name: String,
    pub role: Role,
    pub active: bool,
}

/// Who acts on a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: String,
    pub name: String,
    pub role: Role,
}

/// A case with its desk state.
#[derive(Debug, Clone)]
pub struct DeskCase {
    pub case: StoredCase,
    pub owner: Option<String>,
    pub owner_name: Option<String>,
    /// The forum topic: (group chat id, thread id).
    pub topic: Option<(String, String)>,
    pub lang: String,
    /// The user's rating (1-5) and comment after the case was resolved.
    pub rating: Option<(u8, Option<String>)>,
}

/// What an agent does to a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseAction {
    Claim,
    Release,
    /// A message for the user (takes the case when nobody has).
    Message,
    WaitingUser,
    Resolve,
    Reopen,
    Transfer(Queue),
    /// An internal note: recorded, never relayed.
    Note,
}

impl CaseAction {
    fn kind(&self) -> &'static str {
        match self {
            CaseAction::Claim => "claim",
            CaseAction::Release => "release",
            CaseAction::Message => "agent",
            CaseAction::WaitingUser => "waiting_user",
            CaseAction::Resolve => "resolve",
            CaseAction::Reopen => "reopen",
            CaseAction::Transfer(_) => "transfer",
            CaseAction::Note => "note",
        }
    }
}

/// Why an action was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    NoSuchCase,
    /// Another agent owns it.
    OwnedBy(String),
    /// Resolved or closed: reopen first.
    Finished,
    /// Only a resolved case can be reopened.
    NotFinished,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeskResult {
    Done(DeskCaseBrief),
    Duplicate,
    Refused(Refusal),
}

/// The case as the action left it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskCaseBrief {
    pub reference: String,
    pub user: ChatKey,
    pub queue: Queue,
    pub status: CaseStatus,
    pub owner_name: Option<String>,
    pub topic: Option<(String, String)>,
    /// The action took the case for the actor (a first message on an unclaimed case).
    pub claimed_now: bool,
}

/// A desk setting an admin or supervisor changes from the group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Setting {
    QueueGroup {
        queue: Queue,
        channel: String,
        chat_id: String,
    },
    Agent(Agent),
    Holiday {
        day: chrono::NaiveDate,
        name: String,
    },
    Canned {
        queue: Queue,
        name: String,
        lang: String,
        body: String,
    },
}

/// Applies a setting with executor `$ex` (a pool or a transaction).
macro_rules! apply_setting {
    ($ex:expr, $setting:expr, $at:expr) => {{
        let at = millis($at);
        match $setting {
            Setting::QueueGroup { queue, channel, chat_id } => {
                sqlx::query(
                    "INSERT INTO desk_queues (queue, channel, chat_id, updated_at) VALUES ($1, $2, $3, $4)
                     ON CONFLICT (queue) DO UPDATE SET channel = $2, chat_id = $3, updated_at = $4",
                )
                .bind(queue.as_str())
                .bind(channel)
                .bind(chat_id)
                .bind(at)
                .execute($ex)
                .await?;
            }
            Setting::Agent(a) => {
                sqlx::query(
                    "INSERT INTO agents (channel, user_id, name, role, active, created_at, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $6)
                     ON CONFLICT (channel, user_id) DO UPDATE SET name = $3, role = $4, active = $5, updated_at = $6",
                )
                .bind(&a.channel)
                .bind(&a.user_id)
                .bind(&a.name)
                .bind(a.role.as_str())
                .bind(i64::from(a.active))
                .bind(at)
                .execute($ex)
                .await?;
            }
            Setting::Holiday { day, name } => {
                sqlx::query("INSERT INTO holidays (day, name) VALUES ($1, $2) ON CONFLICT (day) DO UPDATE SET name = $2")
                    .bind(day.format("%Y-%m-%d").to_string())
                    .bind(name)
                    .execute($ex)
                    .await?;
            }
            Setting::Canned { queue, name, lang, body } => {
                sqlx::query(
                    "INSERT INTO canned_replies (queue, name, lang, body, updated_at) VALUES ($1, $2, $3, $4, $5)
                     ON CONFLICT (queue, name, lang) DO UPDATE SET body = $4, updated_at = $5",
                )
                .bind(queue.as_str())
                .bind(name)
                .bind(lang)
                .bind(body)
                .bind(at)
                .execute($ex)
                .await?;
            }
        }
    }};
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub reference: Option<String>,
    pub detail: String,
}

/// A user's message waiting to be shown in its case's topic.
#[derive(Debug, Clone)]
pub struct PendingRelay {
    pub event_id: i64,
    /// `user` (a message), `user_left` (the user left the chat with the agent), `held` (a
    /// reply waits for the user's WhatsApp window), `undelivered` (the platform reports a
    /// message failed) or `given_up` (a reply to the user could not be sent).
    pub kind: String,
    pub reference: String,
    pub topic: (String, String),
    pub relay: Relay,
    /// What happened (`held`: a `HoldNote`; `undelivered`: the platform's error code).
    pub detail: String,
}

pub trait DeskStore: Send + Sync {
    fn put_agent(
        &self,
        agent: &Agent,
        at: DateTime<Utc>,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    fn agent(
        &self,
        channel: &str,
        user_id: &str,
    ) -> impl Future<Output = Result<Option<Agent>, StoreError>> + Send;

    fn set_queue_group(
        &self,
        queue: Queue,
        channel: &str,
        chat_id: &str,
        at: DateTime<Utc>,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// (queue, channel, group chat id) of every configured queue.
    fn queue_groups(
        &self,
    ) -> impl Future<Output = Result<Vec<(Queue, String, String)>, StoreError>> + Send;

    /// Open cases whose queue has a group but that have no topic yet, oldest first.
    fn cases_needing_topic(
        &self,
        channel: &str,
        limit: i64,
    ) -> impl Future<Output = Result<Vec<DeskCase>, StoreError>> + Send;

    /// Records the case's topic and, in the same transaction, the topic's first posts.
    fn open_topic(
        &self,
        reference: &str,
        chat_id: &str,
        thread: &str,
        posts: Vec<Reply>,
        others: Vec<(ChatKey, Reply)>,
        at: DateTime<Utc>,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// Forgets a topic that was deleted by hand: the case gets a new one.
    fn forget_topic(
        &self,
        chat_id: &str,
        thread: &str,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    fn case_by_topic(
        &self,
        chat_id: &str,
        thread: &str,
    ) -> impl Future<Output = Result<Option<DeskCase>, StoreError>> + Send;

    fn desk_case(
        &self,
        reference: &str,
    ) -> impl Future<Output = Result<Option<DeskCase>, StoreError>> + Send;

    /// One agent action in one transaction (see the module docs). `user_step` runs the user's
    /// conversation when the action succeeded and the user must hear of it (told whether the
    /// action just took the case for the actor); `notes` gives the messages for the topic (and
    /// elsewhere) once the result is known.
    #[allow(clippy::too_many_arguments)]
    fn act<F, N>(
        &self,
        rec: &InboundRecord,
        reference: &str,
        actor: &Actor,
        action: &CaseAction,
        body: &str,
        user_step: Option<F>,
        notes: N,
    ) -> impl Future<Output = Result<DeskResult, StoreError>> + Send
    where
        F: FnOnce(Option<Conversation>, Vec<CaseSummary>, bool) -> Outcome + Send,
        N: FnOnce(&DeskResult) -> Vec<(ChatKey, Reply)> + Send;

    /// Records an inbound desk update that only leaves a trace in the audit log (a refused
    /// attempt, a settings change) and its replies, in one transaction. False for a duplicate.
    /// `setting`, when given, is applied in the same transaction.
    #[allow(clippy::too_many_arguments)]
    fn record_note(
        &self,
        rec: &InboundRecord,
        actor: &str,
        action: &str,
        reference: Option<&str>,
        detail: &str,
        setting: Option<Setting>,
        replies: Vec<(ChatKey, Reply)>,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// Open cases with a topic that no agent has answered yet, with how many late alerts they
    /// had, oldest first.
    fn awaiting_response(
        &self,
        channel: &str,
        limit: i64,
    ) -> impl Future<Output = Result<Vec<(DeskCase, u8)>, StoreError>> + Send;

    /// Raises a case's late alerts to `level` and writes the alert posts, once: false (and
    /// nothing written) when it was already at that level.
    fn raise_late_alert(
        &self,
        reference: &str,
        level: u8,
        posts: Vec<(ChatKey, Reply)>,
        at: DateTime<Utc>,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// Names of the active supervisors and admins.
    fn supervisors(
        &self,
        channel: &str,
    ) -> impl Future<Output = Result<Vec<String>, StoreError>> + Send;

    fn add_holiday(
        &self,
        day: chrono::NaiveDate,
        name: &str,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    fn holidays(&self) -> impl Future<Output = Result<Vec<chrono::NaiveDate>, StoreError>> + Send;

    /// Records a user message (the expected response time) in the same transaction as nothing
    /// else: used when a topic opens.
    fn post(
        &self,
        posts: Vec<(ChatKey, Reply)>,
        at: DateTime<Utc>,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Stores a canned reply of a queue in one language.
    fn set_canned(
        &self,
        queue: Queue,
        name: &str,
        lang: &str,
        body: &str,
        at: DateTime<Utc>,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// A canned reply in `lang`, else in Indonesian.
    fn canned(
        &self,
        queue: Queue,
        name: &str,
        lang: &str,
    ) -> impl Future<Output = Result<Option<String>, StoreError>> + Send;

    /// Users' messages not yet shown in their case's topic.
    fn pending_relays(
        &self,
        channel: &str,
        limit: i64,
    ) -> impl Future<Output = Result<Vec<PendingRelay>, StoreError>> + Send;

    /// Marks a user's message shown, writing its topic posts in the same transaction.
    fn relay_to_topic(
        &self,
        event_id: i64,
        posts: Vec<(ChatKey, Reply)>,
        at: DateTime<Utc>,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    fn audit(
        &self,
        actor: &str,
        action: &str,
        reference: Option<&str>,
        detail: &str,
        at: DateTime<Utc>,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The audit log, oldest first.
    fn audit_log(&self) -> impl Future<Output = Result<Vec<AuditEntry>, StoreError>> + Send;

    /// The audit log from `from` until before `to`, oldest first.
    fn audit_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> impl Future<Output = Result<Vec<AuditEntry>, StoreError>> + Send;

    /// The cases with identifier `value` (`kind` "nik" or "nip", digits only) in a NIK or NIP
    /// field, newest first: found by keyed hash under every configured key, never by plaintext.
    fn cases_with_identifier(
        &self,
        kind: &str,
        value: &str,
    ) -> impl Future<Output = Result<Vec<CaseSummary>, StoreError>> + Send;
}

const DESK_CASE_COLUMNS: &str = "reference, channel, chat_id, queue, kind, status, fields, attachments, summary, transcript, created_at, owner, owner_name, topic_chat, topic_thread, lang, rating, rating_comment";

fn desk_case_from_row<R: Row>(r: &R, vault: &Vault) -> Result<DeskCase, StoreError>
where
    for<'a> &'a str: sqlx::ColumnIndex<R>,
    for<'a> String: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> i64: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> Option<String>: sqlx::Decode<'a, R::Database>,
    for<'a> Option<i64>: sqlx::Decode<'a, R::Database>,
{
    let topic_chat: Option<String> = r.try_get("topic_chat")?;
    let rating: Option<i64> = r.try_get("rating")?;
    let topic_thread: Option<String> = r.try_get("topic_thread")?;
    Ok(DeskCase {
        case: case_from_row(r, vault)?,
        owner: r.try_get("owner")?,
        owner_name: r.try_get("owner_name")?,
        topic: topic_chat.zip(topic_thread),
        lang: r.try_get("lang")?,
        rating: match rating {
            Some(n) => Some((
                u8::try_from(n).unwrap_or(0),
                r.try_get::<Option<String>, _>("rating_comment")?
                    .map(|c| vault.open(Column::CaseRatingComment, &c))
                    .transpose()?,
            )),
            None => None,
        },
    })
}

/// A topic's key in the outbox: the group and the thread.
pub fn topic_chat(channel: &str, chat_id: &str, thread: &str) -> ChatKey {
    ChatKey {
        channel: channel.to_string(),
        chat_id: format!("{chat_id}:{thread}"),
    }
}

/// Writes `(chat, reply)` pairs to the outbox in transaction `$tx`.
macro_rules! post_all {
    ($tx:ident, $vault:expr, $posts:expr, $at:expr) => {
        for (chat, reply) in $posts {
            sqlx::query("INSERT INTO outbox (channel, chat_id, payload, created_at) VALUES ($1, $2, $3, $4)")
                .bind(&chat.channel)
                .bind(&chat.chat_id)
                .bind($vault.seal(Column::OutboxPayload, &json(&reply)))
                .bind($at)
                .execute(&mut *$tx)
                .await?;
        }
    };
}

macro_rules! desk_impl {
    ($ty:ty, $lock_case:literal) => {
        impl DeskStore for $ty {
            async fn put_agent(&self, a: &Agent, at: DateTime<Utc>) -> Result<(), StoreError> {
                apply_setting!(&self.pool, &Setting::Agent(a.clone()), at);
                Ok(())
            }

            async fn agent(&self, channel: &str, user_id: &str) -> Result<Option<Agent>, StoreError> {
                let row = sqlx::query("SELECT name, role, active FROM agents WHERE channel = $1 AND user_id = $2")
                    .bind(channel)
                    .bind(user_id)
                    .fetch_optional(&self.pool)
                    .await?;
                let Some(r) = row else { return Ok(None) };
                let role: String = r.try_get("role")?;
                Ok(Some(Agent {
                    channel: channel.to_string(),
                    user_id: user_id.to_string(),
                    name: r.try_get("name")?,
                    role: Role::parse(&role).ok_or_else(|| StoreError::Corrupt(format!("role {role}")))?,
                    active: r.try_get::<i64, _>("active")? != 0,
                }))
            }

            async fn set_queue_group(&self, queue: Queue, channel: &str, chat_id: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
                let setting = Setting::QueueGroup { queue, channel: channel.to_string(), chat_id: chat_id.to_string() };
                apply_setting!(&self.pool, &setting, at);
                Ok(())
            }

            async fn queue_groups(&self) -> Result<Vec<(Queue, String, String)>, StoreError> {
                let rows = sqlx::query("SELECT queue, channel, chat_id FROM desk_queues ORDER BY queue")
                    .fetch_all(&self.pool)
                    .await?;
                let mut out = Vec::new();
                for r in rows {
                    let q: String = r.try_get("queue")?;
                    if let Some(q) = Queue::parse(&q) {
                        out.push((q, r.try_get("channel")?, r.try_get("chat_id")?));
                    }
                }
                Ok(out)
            }

            async fn cases_needing_topic(&self, channel: &str, limit: i64) -> Result<Vec<DeskCase>, StoreError> {
                let sql = format!(
                    "SELECT {DESK_CASE_COLUMNS} FROM cases c
                     WHERE c.topic_chat IS NULL AND c.status NOT IN ('resolved', 'closed')
                       AND EXISTS (SELECT 1 FROM desk_queues q WHERE (q.queue = c.queue OR q.queue = 'general') AND q.channel = $1)
                     ORDER BY c.id LIMIT $2"
                );
                let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
                    .bind(channel)
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await?;
                rows.iter().map(|r| desk_case_from_row(r, &self.vault)).collect()
            }

            async fn open_topic(&self, reference: &str, chat_id: &str, thread: &str, posts: Vec<Reply>, others: Vec<(ChatKey, Reply)>, at: DateTime<Utc>) -> Result<bool, StoreError> {
                let mut tx = self.begin().await?;
                let channel: Option<String> = sqlx::query("SELECT q.channel FROM desk_queues q JOIN cases c ON c.queue = q.queue WHERE c.reference = $1")
                    .bind(reference)
                    .fetch_optional(&mut *tx)
                    .await?
                    .map(|r| r.try_get("channel"))
                    .transpose()?;
                let channel = channel.unwrap_or_else(|| "telegram".into());
                let n = sqlx::query("UPDATE cases SET topic_chat = $2, topic_thread = $3, updated_at = $4 WHERE reference = $1 AND topic_chat IS NULL")
                    .bind(reference)
                    .bind(chat_id)
                    .bind(thread)
                    .bind(millis(at))
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                if n == 0 {
                    // Another worker gave it a topic meanwhile.
                    tx.rollback().await?;
                    return Ok(false);
                }
                // What the user is told goes out with the case's first topic only.
                let earlier = sqlx::query("SELECT 1 AS one FROM case_events WHERE reference = $1 AND kind = 'topic'")
                    .bind(reference)
                    .fetch_optional(&mut *tx)
                    .await?
                    .is_some();
                sqlx::query("INSERT INTO case_events (reference, at, kind, actor, body) VALUES ($1, $2, 'topic', 'desk', $3)")
                    .bind(reference)
                    .bind(millis(at))
                    .bind(format!("{chat_id}:{thread}"))
                    .execute(&mut *tx)
                    .await?;
                let others = if earlier { Vec::new() } else { others };
                let key = topic_chat(&channel, chat_id, thread);
                let all = posts.into_iter().map(|p| (key.clone(), p)).chain(others);
                post_all!(tx, self.vault, all, millis(at));
                tx.commit().await?;
                Ok(true)
            }

            async fn forget_topic(&self, chat_id: &str, thread: &str) -> Result<(), StoreError> {
                let mut tx = self.begin().await?;
                // The user's messages are shown again in the new topic, after its first post.
                sqlx::query("UPDATE case_events SET relayed_at = NULL WHERE kind IN ('user', 'user_left') AND reference IN
                               (SELECT reference FROM cases WHERE topic_chat = $1 AND topic_thread = $2
                                  AND status NOT IN ('resolved', 'closed'))")
                    .bind(chat_id)
                    .bind(thread)
                    .execute(&mut *tx)
                    .await?;
                // A finished case keeps its (closed) topic: it is not worth a new one.
                sqlx::query("UPDATE cases SET topic_chat = NULL, topic_thread = NULL WHERE topic_chat = $1 AND topic_thread = $2
                               AND status NOT IN ('resolved', 'closed')")
                    .bind(chat_id)
                    .bind(thread)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn case_by_topic(&self, chat_id: &str, thread: &str) -> Result<Option<DeskCase>, StoreError> {
                let sql = format!("SELECT {DESK_CASE_COLUMNS} FROM cases WHERE topic_chat = $1 AND topic_thread = $2");
                let row = sqlx::query(sqlx::AssertSqlSafe(sql))
                    .bind(chat_id)
                    .bind(thread)
                    .fetch_optional(&self.pool)
                    .await?;
                row.map(|r| desk_case_from_row(&r, &self.vault)).transpose()
            }

            async fn desk_case(&self, reference: &str) -> Result<Option<DeskCase>, StoreError> {
                let sql = format!("SELECT {DESK_CASE_COLUMNS} FROM cases WHERE reference = $1");
                let row = sqlx::query(sqlx::AssertSqlSafe(sql))
                    .bind(reference)
                    .fetch_optional(&self.pool)
                    .await?;
                row.map(|r| desk_case_from_row(&r, &self.vault)).transpose()
            }

            async fn act<F, N>(
                &self,
                rec: &InboundRecord,
                reference: &str,
                actor: &Actor,
                action: &CaseAction,
                body: &str,
                user_step: Option<F>,
                notes: N,
            ) -> Result<DeskResult, StoreError>
            where
                F: FnOnce(Option<Conversation>, Vec<CaseSummary>, bool) -> Outcome + Send,
                N: FnOnce(&DeskResult) -> Vec<(ChatKey, Reply)> + Send,
            {
                let mut tx = self.begin().await?;
                let now = millis(rec.received_at);
                if !record_inbound!(tx, rec) {
                    tx.rollback().await?;
                    return Ok(DeskResult::Duplicate);
                }
                // Locks in the order the user's own messages take them: the conversation, then
                // the case (a rating updates the case while holding the conversation).
                let user: Option<(String, String)> = sqlx::query("SELECT channel, chat_id FROM cases WHERE reference = $1")
                    .bind(reference)
                    .fetch_optional(&mut *tx)
                    .await?
                    .map(|r| Ok::<_, sqlx::Error>((r.try_get("channel")?, r.try_get("chat_id")?)))
                    .transpose()?;
                if let Some((channel, chat_id)) = &user {
                    let sql = format!("SELECT 1 AS one FROM conversations WHERE channel = $1 AND chat_id = $2{}", $lock_case);
                    sqlx::query(sqlx::AssertSqlSafe(sql))
                        .bind(channel)
                        .bind(chat_id)
                        .fetch_optional(&mut *tx)
                        .await?;
                }
                let sql = format!("SELECT {DESK_CASE_COLUMNS} FROM cases WHERE reference = $1{}", $lock_case);
                let row = sqlx::query(sqlx::AssertSqlSafe(sql))
                    .bind(reference)
                    .fetch_optional(&mut *tx)
                    .await?;
                let result = match row.map(|r| desk_case_from_row(&r, &self.vault)).transpose()? {
                    None => DeskResult::Refused(Refusal::NoSuchCase),
                    Some(dc) => {
                        let status = dc.case.status;
                        let finished = matches!(status, CaseStatus::Resolved | CaseStatus::Closed);
                        let owned_by_other = dc
                            .owner
                            .as_ref()
                            .is_some_and(|o| *o != actor.user_id)
                            .then(|| dc.owner_name.clone().unwrap_or_default());
                        let mut owner = dc.owner.clone();
                        let mut owner_name = dc.owner_name.clone();
                        let mut new_status = status;
                        let mut queue = dc.case.queue;
                        let mut claimed_now = false;
                        let refusal = match action {
                            CaseAction::Reopen if !finished => Some(Refusal::NotFinished),
                            CaseAction::Reopen => {
                                owner = None;
                                owner_name = None;
                                new_status = CaseStatus::WaitingAgent;
                                None
                            }
                            CaseAction::Note => None,
                            _ if finished => Some(Refusal::Finished),
                            CaseAction::Claim | CaseAction::Message | CaseAction::WaitingUser | CaseAction::Resolve
                                if owned_by_other.is_some() && actor.role == Role::Agent =>
                            {
                                Some(Refusal::OwnedBy(owned_by_other.clone().unwrap_or_default()))
                            }
                            CaseAction::Claim if owned_by_other.is_some() => {
                                Some(Refusal::OwnedBy(owned_by_other.clone().unwrap_or_default()))
                            }
                            CaseAction::Release | CaseAction::Transfer(_)
                                if owned_by_other.is_some() && actor.role == Role::Agent =>
                            {
                                Some(Refusal::OwnedBy(owned_by_other.clone().unwrap_or_default()))
                            }
                            CaseAction::Claim => {
                                claimed_now = dc.owner.is_none();
                                owner = Some(actor.user_id.clone());
                                owner_name = Some(actor.name.clone());
                                new_status = CaseStatus::WithAgent;
                                None
                            }
                            CaseAction::Message => {
                                if dc.owner.is_none() {
                                    claimed_now = true;
                                    owner = Some(actor.user_id.clone());
                                    owner_name = Some(actor.name.clone());
                                }
                                new_status = CaseStatus::WithAgent;
                                None
                            }
                            CaseAction::Release => {
                                owner = None;
                                owner_name = None;
                                new_status = CaseStatus::WaitingAgent;
                                None
                            }
                            CaseAction::WaitingUser => {
                                new_status = CaseStatus::WaitingUser;
                                None
                            }
                            CaseAction::Resolve => {
                                new_status = CaseStatus::Resolved;
                                None
                            }
                            CaseAction::Transfer(q) => {
                                queue = *q;
                                owner = None;
                                owner_name = None;
                                new_status = CaseStatus::WaitingAgent;
                                None
                            }
                        };
                        match refusal {
                            Some(r) => DeskResult::Refused(r),
                            None => {
                                let first_response = matches!(action, CaseAction::Message);
                                let moved = matches!(action, CaseAction::Transfer(q) if *q != dc.case.queue);
                                sqlx::query(
                                    "UPDATE cases SET owner = $2, owner_name = $3, status = $4, queue = $5, updated_at = $6,
                                         first_response_at = CASE WHEN $7 = 1 AND first_response_at IS NULL THEN $6 ELSE first_response_at END,
                                         resolved_at = CASE WHEN $4 <> 'resolved' THEN NULL
                                                            WHEN resolved_at IS NULL THEN $6 ELSE resolved_at END,
                                         topic_chat = CASE WHEN $8 = 1 THEN NULL ELSE topic_chat END,
                                         topic_thread = CASE WHEN $8 = 1 THEN NULL ELSE topic_thread END,
                                         version = version + 1
                                     WHERE reference = $1",
                                )
                                .bind(reference)
                                .bind(&owner)
                                .bind(&owner_name)
                                .bind(new_status.as_str())
                                .bind(queue.as_str())
                                .bind(now)
                                .bind(i64::from(first_response))
                                .bind(i64::from(moved))
                                .execute(&mut *tx)
                                .await?;
                                sqlx::query(
                                    "INSERT INTO case_events (reference, at, kind, actor, body) VALUES ($1, $2, $3, $4, $5)",
                                )
                                .bind(reference)
                                .bind(now)
                                .bind(action.kind())
                                .bind(&actor.user_id)
                                .bind(self.vault.seal(Column::EventBody, body))
                                .execute(&mut *tx)
                                .await?;
                                let user = ChatKey { channel: dc.case.channel.clone(), chat_id: dc.case.chat_id.clone() };
                                if let Some(step) = user_step {
                                    self.step_in(&mut tx, &user, now, None, move |c, o| step(c, o, claimed_now)).await?;
                                }
                                DeskResult::Done(DeskCaseBrief {
                                    reference: reference.to_string(),
                                    user,
                                    queue,
                                    status: new_status,
                                    owner_name,
                                    topic: if moved { None } else { dc.topic.clone() },
                                    claimed_now,
                                })
                            }
                        }
                    }
                };
                post_all!(tx, self.vault, notes(&result), now);
                tx.commit().await?;
                Ok(result)
            }

            async fn awaiting_response(&self, channel: &str, limit: i64) -> Result<Vec<(DeskCase, u8)>, StoreError> {
                let sql = format!(
                    "SELECT {DESK_CASE_COLUMNS}, sla_alerts FROM cases c
                     WHERE c.first_response_at IS NULL AND c.topic_chat IS NOT NULL AND c.sla_alerts < 2
                       AND c.status NOT IN ('resolved', 'closed')
                       AND EXISTS (SELECT 1 FROM desk_queues q WHERE (q.queue = c.queue OR q.queue = 'general') AND q.channel = $1)
                     ORDER BY c.id LIMIT $2"
                );
                let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
                    .bind(channel)
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await?;
                rows.iter()
                    .map(|r| Ok((desk_case_from_row(r, &self.vault)?, u8::try_from(r.try_get::<i64, _>("sla_alerts")?).unwrap_or(2))))
                    .collect()
            }

            async fn raise_late_alert(&self, reference: &str, level: u8, posts: Vec<(ChatKey, Reply)>, at: DateTime<Utc>) -> Result<bool, StoreError> {
                let mut tx = self.begin().await?;
                let n = sqlx::query("UPDATE cases SET sla_alerts = $2 WHERE reference = $1 AND sla_alerts < $2")
                    .bind(reference)
                    .bind(i64::from(level))
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                if n == 1 {
                    post_all!(tx, self.vault, posts, millis(at));
                }
                tx.commit().await?;
                Ok(n == 1)
            }

            async fn supervisors(&self, channel: &str) -> Result<Vec<String>, StoreError> {
                let rows = sqlx::query("SELECT name FROM agents WHERE channel = $1 AND active = 1 AND role IN ('supervisor', 'admin') ORDER BY name")
                    .bind(channel)
                    .fetch_all(&self.pool)
                    .await?;
                rows.iter().map(|r| Ok(r.try_get("name")?)).collect()
            }

            async fn add_holiday(&self, day: chrono::NaiveDate, name: &str) -> Result<(), StoreError> {
                apply_setting!(&self.pool, &Setting::Holiday { day, name: name.to_string() }, Utc::now());
                Ok(())
            }

            async fn holidays(&self) -> Result<Vec<chrono::NaiveDate>, StoreError> {
                let rows = sqlx::query("SELECT day FROM holidays ORDER BY day").fetch_all(&self.pool).await?;
                let mut out = Vec::new();
                for r in rows {
                    let d: String = r.try_get("day")?;
                    if let Ok(d) = chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d") {
                        out.push(d);
                    }
                }
                Ok(out)
            }

            async fn post(&self, posts: Vec<(ChatKey, Reply)>, at: DateTime<Utc>) -> Result<(), StoreError> {
                let mut tx = self.begin().await?;
                post_all!(tx, self.vault, posts, millis(at));
                tx.commit().await?;
                Ok(())
            }

            async fn set_canned(&self, queue: Queue, name: &str, lang: &str, body: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
                let setting = Setting::Canned { queue, name: name.to_string(), lang: lang.to_string(), body: body.to_string() };
                apply_setting!(&self.pool, &setting, at);
                Ok(())
            }

            async fn canned(&self, queue: Queue, name: &str, lang: &str) -> Result<Option<String>, StoreError> {
                let rows = sqlx::query("SELECT lang, body FROM canned_replies WHERE queue = $1 AND name = $2")
                    .bind(queue.as_str())
                    .bind(name)
                    .fetch_all(&self.pool)
                    .await?;
                let mut fallback = None;
                for r in rows {
                    let l: String = r.try_get("lang")?;
                    let body: String = r.try_get("body")?;
                    if l == lang {
                        return Ok(Some(body));
                    }
                    if l == "id" {
                        fallback = Some(body);
                    }
                }
                Ok(fallback)
            }

            async fn record_note(&self, rec: &InboundRecord, actor: &str, action: &str, reference: Option<&str>, detail: &str, setting: Option<Setting>, replies: Vec<(ChatKey, Reply)>) -> Result<bool, StoreError> {
                let mut tx = self.begin().await?;
                let now = millis(rec.received_at);
                if !record_inbound!(tx, rec) {
                    tx.rollback().await?;
                    return Ok(false);
                }
                if let Some(setting) = &setting {
                    apply_setting!(&mut *tx, setting, rec.received_at);
                }
                sqlx::query("INSERT INTO audit_log (at, actor, action, reference, detail) VALUES ($1, $2, $3, $4, $5)")
                    .bind(now)
                    .bind(actor)
                    .bind(action)
                    .bind(reference)
                    .bind(detail)
                    .execute(&mut *tx)
                    .await?;
                post_all!(tx, self.vault, replies, now);
                tx.commit().await?;
                Ok(true)
            }

            async fn pending_relays(&self, channel: &str, limit: i64) -> Result<Vec<PendingRelay>, StoreError> {
                let rows = sqlx::query(
                    "SELECT e.id, e.kind, e.reference, e.body, c.topic_chat, c.topic_thread FROM case_events e
                     JOIN cases c ON c.reference = e.reference
                     WHERE e.kind IN ('user', 'user_left', 'held', 'undelivered', 'given_up') AND e.relayed_at IS NULL AND c.topic_chat IS NOT NULL
                       AND EXISTS (SELECT 1 FROM desk_queues q WHERE q.channel = $1)
                     ORDER BY e.id LIMIT $2",
                )
                .bind(channel)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                let mut out = Vec::new();
                for r in rows {
                    let body = self.vault.open(Column::EventBody, &r.try_get::<String, _>("body")?)?;
                    let kind: String = r.try_get("kind")?;
                    let reference: String = r.try_get("reference")?;
                    let (relay, detail) = if kind == "user" {
                        (parse("relayed message", &body)?, String::new())
                    } else {
                        (Relay { reference: reference.clone(), text: None, file: None }, body)
                    };
                    out.push(PendingRelay {
                        event_id: r.try_get("id")?,
                        kind,
                        reference,
                        topic: (r.try_get("topic_chat")?, r.try_get("topic_thread")?),
                        relay,
                        detail,
                    });
                }
                Ok(out)
            }

            async fn relay_to_topic(&self, event_id: i64, posts: Vec<(ChatKey, Reply)>, at: DateTime<Utc>) -> Result<(), StoreError> {
                let mut tx = self.begin().await?;
                let n = sqlx::query("UPDATE case_events SET relayed_at = $2 WHERE id = $1 AND relayed_at IS NULL")
                    .bind(event_id)
                    .bind(millis(at))
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                if n == 1 {
                    post_all!(tx, self.vault, posts, millis(at));
                }
                tx.commit().await?;
                Ok(())
            }

            async fn audit(&self, actor: &str, action: &str, reference: Option<&str>, detail: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
                sqlx::query("INSERT INTO audit_log (at, actor, action, reference, detail) VALUES ($1, $2, $3, $4, $5)")
                    .bind(millis(at))
                    .bind(actor)
                    .bind(action)
                    .bind(reference)
                    .bind(detail)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn audit_log(&self) -> Result<Vec<AuditEntry>, StoreError> {
                self.audit_between(DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC).await
            }

            async fn cases_with_identifier(&self, kind: &str, value: &str) -> Result<Vec<CaseSummary>, StoreError> {
                let mut found: Vec<CaseSummary> = Vec::new();
                for digest in self.vault.lookups(value) {
                    let rows = sqlx::query(
                        "SELECT c.reference, c.queue, c.status, c.created_at FROM case_lookups l
                         JOIN cases c ON c.reference = l.reference
                         WHERE l.kind = $1 AND l.digest = $2",
                    )
                    .bind(kind)
                    .bind(digest)
                    .fetch_all(&self.pool)
                    .await?;
                    for r in rows {
                        let reference: String = r.try_get("reference")?;
                        if found.iter().any(|c| c.reference == reference) {
                            continue;
                        }
                        let queue: String = r.try_get("queue")?;
                        let status: String = r.try_get("status")?;
                        found.push(CaseSummary {
                            reference,
                            queue: Queue::parse(&queue).unwrap_or(Queue::General),
                            status: CaseStatus::parse(&status).unwrap_or(CaseStatus::Open),
                            created_at: from_millis(r.try_get("created_at")?),
                        });
                    }
                }
                found.sort_by(|a, b| b.created_at.cmp(&a.created_at).then_with(|| b.reference.cmp(&a.reference)));
                Ok(found)
            }

            async fn audit_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<AuditEntry>, StoreError> {
                let rows = sqlx::query("SELECT at, actor, action, reference, detail FROM audit_log WHERE at >= $1 AND at < $2 ORDER BY id")
                    .bind(millis(from))
                    .bind(millis(to))
                    .fetch_all(&self.pool)
                    .await?;
                rows.iter()
                    .map(|r| {
                        Ok(AuditEntry {
                            at: from_millis(r.try_get("at")?),
                            actor: r.try_get("actor")?,
                            action: r.try_get("action")?,
                            reference: r.try_get("reference")?,
                            detail: r.try_get("detail")?,
                        })
                    })
                    .collect()
            }
        }
    };
}

desk_impl!(SqliteStore, "");
desk_impl!(PgStore, " FOR UPDATE");

macro_rules! delegate_desk {
    ($self:ident, $s:ident => $e:expr) => {
        match $self {
            super::Db::Sqlite($s) => $e,
            super::Db::Postgres($s) => $e,
        }
    };
}

impl DeskStore for super::Db {
    async fn put_agent(&self, agent: &Agent, at: DateTime<Utc>) -> Result<(), StoreError> {
        delegate_desk!(self, s => s.put_agent(agent, at).await)
    }
    async fn agent(&self, channel: &str, user_id: &str) -> Result<Option<Agent>, StoreError> {
        delegate_desk!(self, s => s.agent(channel, user_id).await)
    }
    async fn set_queue_group(
        &self,
        queue: Queue,
        channel: &str,
        chat_id: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        delegate_desk!(self, s => s.set_queue_group(queue, channel, chat_id, at).await)
    }
    async fn queue_groups(&self) -> Result<Vec<(Queue, String, String)>, StoreError> {
        delegate_desk!(self, s => s.queue_groups().await)
    }
    async fn cases_needing_topic(
        &self,
        channel: &str,
        limit: i64,
    ) -> Result<Vec<DeskCase>, StoreError> {
        delegate_desk!(self, s => s.cases_needing_topic(channel, limit).await)
    }
    async fn open_topic(
        &self,
        reference: &str,
        chat_id: &str,
        thread: &str,
        posts: Vec<Reply>,
        others: Vec<(ChatKey, Reply)>,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        delegate_desk!(self, s => s.open_topic(reference, chat_id, thread, posts, others, at).await)
    }
    async fn forget_topic(&self, chat_id: &str, thread: &str) -> Result<(), StoreError> {
        delegate_desk!(self, s => s.forget_topic(chat_id, thread).await)
    }
    async fn case_by_topic(
        &self,
        chat_id: &str,
        thread: &str,
    ) -> Result<Option<DeskCase>, StoreError> {
        delegate_desk!(self, s => s.case_by_topic(chat_id, thread).await)
    }
    async fn desk_case(&self, reference: &str) -> Result<Option<DeskCase>, StoreError> {
        delegate_desk!(self, s => s.desk_case(reference).await)
    }
    async fn act<F, N>(
        &self,
        rec: &InboundRecord,
        reference: &str,
        actor: &Actor,
        action: &CaseAction,
        body: &str,
        user_step: Option<F>,
        notes: N,
    ) -> Result<DeskResult, StoreError>
    where
        F: FnOnce(Option<Conversation>, Vec<CaseSummary>, bool) -> Outcome + Send,
        N: FnOnce(&DeskResult) -> Vec<(ChatKey, Reply)> + Send,
    {
        delegate_desk!(self, s => s.act(rec, reference, actor, action, body, user_step, notes).await)
    }
    async fn record_note(
        &self,
        rec: &InboundRecord,
        actor: &str,
        action: &str,
        reference: Option<&str>,
        detail: &str,
        setting: Option<Setting>,
        replies: Vec<(ChatKey, Reply)>,
    ) -> Result<bool, StoreError> {
        delegate_desk!(self, s => s.record_note(rec, actor, action, reference, detail, setting, replies).await)
    }
    async fn set_canned(
        &self,
        queue: Queue,
        name: &str,
        lang: &str,
        body: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        delegate_desk!(self, s => s.set_canned(queue, name, lang, body, at).await)
    }
    async fn awaiting_response(
        &self,
        channel: &str,
        limit: i64,
    ) -> Result<Vec<(DeskCase, u8)>, StoreError> {
        delegate_desk!(self, s => s.awaiting_response(channel, limit).await)
    }
    async fn raise_late_alert(
        &self,
        reference: &str,
        level: u8,
        posts: Vec<(ChatKey, Reply)>,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        delegate_desk!(self, s => s.raise_late_alert(reference, level, posts, at).await)
    }
    async fn supervisors(&self, channel: &str) -> Result<Vec<String>, StoreError> {
        delegate_desk!(self, s => s.supervisors(channel).await)
    }
    async fn add_holiday(&self, day: chrono::NaiveDate, name: &str) -> Result<(), StoreError> {
        delegate_desk!(self, s => s.add_holiday(day, name).await)
    }
    async fn holidays(&self) -> Result<Vec<chrono::NaiveDate>, StoreError> {
        delegate_desk!(self, s => s.holidays().await)
    }
    async fn post(
        &self,
        posts: Vec<(ChatKey, Reply)>,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        delegate_desk!(self, s => s.post(posts, at).await)
    }
    async fn canned(
        &self,
        queue: Queue,
        name: &str,
        lang: &str,
    ) -> Result<Option<String>, StoreError> {
        delegate_desk!(self, s => s.canned(queue, name, lang).await)
    }
    async fn pending_relays(
        &self,
        channel: &str,
        limit: i64,
    ) -> Result<Vec<PendingRelay>, StoreError> {
        delegate_desk!(self, s => s.pending_relays(channel, limit).await)
    }
    async fn relay_to_topic(
        &self,
        event_id: i64,
        posts: Vec<(ChatKey, Reply)>,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        delegate_desk!(self, s => s.relay_to_topic(event_id, posts, at).await)
    }
    async fn audit(
        &self,
        actor: &str,
        action: &str,
        reference: Option<&str>,
        detail: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        delegate_desk!(self, s => s.audit(actor, action, reference, detail, at).await)
    }
    async fn audit_log(&self) -> Result<Vec<AuditEntry>, StoreError> {
        delegate_desk!(self, s => s.audit_log().await)
    }
    async fn audit_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        delegate_desk!(self, s => s.audit_between(from, to).await)
    }
    async fn cases_with_identifier(
        &self,
        kind: &str,
        value: &str,
    ) -> Result<Vec<CaseSummary>, StoreError> {
        delegate_desk!(self, s => s.cases_with_identifier(kind, value).await)
    }
}
