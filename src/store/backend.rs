//! The two database backends. Their SQL is the same text (`$1` placeholders suit both); they differ
//! in how a transaction takes its locks, so one macro writes both implementations.

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use super::{
    BEHIND_WAIT, ChatKey, Claim, Delivered, Figures, HoldNote, InboundRecord, OutboxFigure,
    OutboxItem, PlatformFailure, Processed, Share, Store, StoreError, StoredCase, USER_WINDOW,
    UserWindow, from_millis, millis,
};
use crate::dialog::model::{CaseStatus, EXPORT_FILE, Effect, Queue};
use crate::dialog::{CaseSummary, Conversation, Outcome};
use crate::vault::{Column, Vault};

#[derive(Clone)]
pub struct SqliteStore {
    pub(super) pool: SqlitePool,
    pub(super) vault: Arc<Vault>,
}

#[derive(Clone)]
pub struct PgStore {
    pub(super) pool: PgPool,
    pub(super) vault: Arc<Vault>,
}

impl SqliteStore {
    pub async fn connect(url: &str, vault: Arc<Vault>) -> Result<Self, StoreError> {
        let opts = SqliteConnectOptions::from_str(url)?
            // Deleted and overwritten content is zeroed in the file, not left in free pages.
            .pragma("secure_delete", "on")
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(opts)
            .await?;
        Ok(Self { pool, vault })
    }

    pub(super) async fn begin(
        &self,
    ) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, StoreError> {
        // Take the write lock at once: a deferred transaction that upgrades later can fail.
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }
}

impl SqliteStore {
    /// After rewriting stored values: the write-ahead log, which still holds the old pages, is
    /// emptied into the database file (where `secure_delete` zeroed what was replaced).
    pub(super) async fn after_rewrite(&self) -> Result<(), StoreError> {
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

impl PgStore {
    /// PostgreSQL keeps no log of old values that pandu could clear (its own WAL and dead
    /// tuples are the server's, cleared by vacuum).
    pub(super) async fn after_rewrite(&self) -> Result<(), StoreError> {
        Ok(())
    }
}

impl PgStore {
    pub async fn connect(url: &str, vault: Arc<Vault>) -> Result<Self, StoreError> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await?;
        Ok(Self { pool, vault })
    }

    pub(super) async fn begin(
        &self,
    ) -> Result<sqlx::Transaction<'static, sqlx::Postgres>, StoreError> {
        Ok(self.pool.begin().await?)
    }
}

fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

pub(super) fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("serialising plain data")
}

pub(super) fn parse<T: serde::de::DeserializeOwned>(what: &str, s: &str) -> Result<T, StoreError> {
    // Not serde's message: it can quote the stored value (personal data).
    serde_json::from_str(s).map_err(|e| {
        StoreError::Corrupt(format!(
            "{what}: {:?} error at line {} column {}",
            e.classify(),
            e.line(),
            e.column()
        ))
    })
}

macro_rules! store_impl {
    ($ty:ty, $db:ty, $migrations:literal, $lock_conversation:literal, $share_clause:literal) => {
        impl $ty {
            /// Records, for the agents, something about the delivery to `chat`'s user on the
            /// user's newest case that is not closed (none: nobody to tell). The desk shows it
            /// in the case's topic.
            pub(super) async fn tell_desk(
                tx: &mut sqlx::Transaction<'static, $db>,
                chat: &ChatKey,
                kind: &str,
                body: &str,
                at: i64,
            ) -> Result<(), StoreError> {
                sqlx::query(
                    "INSERT INTO case_events (reference, at, kind, actor, body)
                     SELECT reference, $3, $4, 'platform', $5 FROM cases
                     WHERE channel = $1 AND chat_id = $2 AND status <> 'closed'
                     ORDER BY created_at DESC, id DESC LIMIT 1",
                )
                .bind(&chat.channel)
                .bind(&chat.chat_id)
                .bind(at)
                .bind(kind)
                .bind(body)
                .execute(&mut **tx)
                .await?;
                Ok(())
            }

            /// Everything held about `chat`'s user, as JSON: the conversation (as it is after this
            /// message), their cases with every event, and who accessed them. Recorded in the
            /// audit log.
            pub(super) async fn export(
                tx: &mut sqlx::Transaction<'static, $db>,
                vault: &Vault,
                chat: &ChatKey,
                state: &Conversation,
                now: i64,
            ) -> Result<String, StoreError> {
                let rows = sqlx::query(concat!(
                    "SELECT ", crate::case_columns!(), " FROM cases WHERE channel = $1 AND chat_id = $2 ORDER BY created_at"
                ))
                .bind(&chat.channel)
                .bind(&chat.chat_id)
                .fetch_all(&mut **tx)
                .await?;
                let mut cases = Vec::new();
                let mut accesses = Vec::new();
                for r in &rows {
                    let case = case_from_row(r, vault)?;
                    let events = sqlx::query("SELECT at, kind, actor, body FROM case_events WHERE reference = $1 ORDER BY id")
                        .bind(&case.reference)
                        .fetch_all(&mut **tx)
                        .await?;
                    let mut history = Vec::new();
                    for e in events {
                        history.push(serde_json::json!({
                            "at": from_millis(e.try_get("at")?).to_rfc3339(),
                            "kind": e.try_get::<String, _>("kind")?,
                            "by": e.try_get::<String, _>("actor")?,
                            "content": vault.open(Column::EventBody, &e.try_get::<String, _>("body")?)?,
                        }));
                    }
                    let audit = sqlx::query(
                        "SELECT l.at, l.actor, a.name, l.action, l.detail FROM audit_log l
                         LEFT JOIN agents a ON a.user_id = l.actor
                         WHERE l.reference = $1 ORDER BY l.id",
                    )
                    .bind(&case.reference)
                    .fetch_all(&mut **tx)
                    .await?;
                    for a in audit {
                        accesses.push(serde_json::json!({
                            "at": from_millis(a.try_get("at")?).to_rfc3339(),
                            "case": case.reference,
                            "by": a.try_get::<String, _>("actor")?,
                            "name": a.try_get::<Option<String>, _>("name")?,
                            "action": a.try_get::<String, _>("action")?,
                            "detail": a.try_get::<String, _>("detail")?,
                        }));
                    }
                    cases.push(serde_json::json!({ "case": case, "history": history }));
                }
                sqlx::query(
                    "INSERT INTO audit_log (at, actor, action, reference, detail) VALUES ($1, 'user', 'export_data', NULL, $2)",
                )
                .bind(now)
                .bind(format!("{} cases", cases.len()))
                .execute(&mut **tx)
                .await?;
                let address: Option<String> = sqlx::query_scalar("SELECT address FROM contacts WHERE channel = $1 AND chat_id = $2")
                    .bind(&chat.channel)
                    .bind(&chat.chat_id)
                    .fetch_optional(&mut **tx)
                    .await?;
                let address = address.map(|a| vault.open(Column::ContactAddress, &a)).transpose()?;
                let export = serde_json::json!({
                    "made_at": from_millis(now).to_rfc3339(),
                    "channel": chat.channel,
                    "chat": chat.chat_id,
                    "address": address,
                    "conversation": state,
                    "cases": cases,
                    "accessed": accesses,
                });
                Ok(serde_json::to_string_pretty(&export).unwrap_or_default())
            }

            /// How many of `chat`'s cases are not finished (retention leaves their data alone).
            pub(super) async fn unfinished(
                tx: &mut sqlx::Transaction<'static, $db>,
                chat: &ChatKey,
            ) -> Result<i64, StoreError> {
                let n: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM cases WHERE channel = $1 AND chat_id = $2 AND status NOT IN ('resolved', 'closed')",
                )
                .bind(&chat.channel)
                .bind(&chat.chat_id)
                .fetch_one(&mut **tx)
                .await?;
                Ok(n)
            }

            /// Deletes what is held about `chat`'s user, on their request: finished cases are
            /// anonymised, delivered replies and earlier message ids removed (the conversation
            /// itself is replaced by the step). Open cases keep their data until finished.
            pub(super) async fn erase(
                tx: &mut sqlx::Transaction<'static, $db>,
                chat: &ChatKey,
                now: i64,
            ) -> Result<(), StoreError> {
                let finished: Vec<String> = sqlx::query_scalar(concat!(
                    "UPDATE cases SET ", anonymised!("$3"), "
                     WHERE channel = $1 AND chat_id = $2 AND status IN ('resolved', 'closed')
                     RETURNING reference"
                ))
                .bind(&chat.channel)
                .bind(&chat.chat_id)
                .bind(now)
                .fetch_all(&mut **tx)
                .await?;
                for reference in &finished {
                    sqlx::query("UPDATE case_events SET body = '' WHERE reference = $1")
                        .bind(reference)
                        .execute(&mut **tx)
                        .await?;
                    sqlx::query("DELETE FROM case_lookups WHERE reference = $1")
                        .bind(reference)
                        .execute(&mut **tx)
                        .await?;
                }
                sqlx::query(
                    "DELETE FROM outbox WHERE channel = $1 AND chat_id = $2 AND (sent_at IS NOT NULL OR failed_at IS NOT NULL)",
                )
                .bind(&chat.channel)
                .bind(&chat.chat_id)
                .execute(&mut **tx)
                .await?;
                // This message's own id stays: a re-delivery of it changes nothing.
                sqlx::query("DELETE FROM inbox WHERE channel = $1 AND chat_id = $2 AND received_at < $3")
                    .bind(&chat.channel)
                    .bind(&chat.chat_id)
                    .bind(now)
                    .execute(&mut **tx)
                    .await?;
                sqlx::query(
                    "INSERT INTO audit_log (at, actor, action, reference, detail) VALUES ($1, 'user', 'erase_data', NULL, $2)",
                )
                .bind(now)
                .bind(format!("{} finished cases anonymised", finished.len()))
                .execute(&mut **tx)
                .await?;
                Ok(())
            }

            /// Records the keyed hashes of case `reference`'s identifiers (replacing earlier ones).
            pub(super) async fn add_lookups(
                tx: &mut sqlx::Transaction<'static, $db>,
                vault: &Vault,
                reference: &str,
                fields: &[(String, String)],
            ) -> Result<(), StoreError> {
                sqlx::query("DELETE FROM case_lookups WHERE reference = $1")
                    .bind(reference)
                    .execute(&mut **tx)
                    .await?;
                for (kind, digest) in super::identifier_lookups(vault, fields) {
                    sqlx::query(
                        "INSERT INTO case_lookups (reference, kind, digest) VALUES ($1, $2, $3)
                         ON CONFLICT (reference, kind, digest) DO NOTHING",
                    )
                    .bind(reference)
                    .bind(kind)
                    .bind(digest)
                    .execute(&mut **tx)
                    .await?;
                }
                Ok(())
            }

            /// WhatsApp chats stored before pseudonyms were keyed by the user's number: each gets
            /// its pseudonym everywhere, and the message ids (wamids, which carry the number) are
            /// replaced by their digests. Returns how many chats moved.
            pub(super) async fn adopt_numbers(&self) -> Result<u64, StoreError> {
                const WA: &str = "whatsapp";
                let numbers: Vec<String> = sqlx::query_scalar(
                    "SELECT chat_id FROM conversations WHERE channel = $1
                     UNION SELECT chat_id FROM cases WHERE channel = $1 AND chat_id <> ''
                     UNION SELECT chat_id FROM outbox WHERE channel = $1
                     UNION SELECT chat_id FROM inbox WHERE channel = $1
                     EXCEPT SELECT chat_id FROM contacts WHERE channel = $1",
                )
                .bind(WA)
                .fetch_all(&self.pool)
                .await?;
                for number in &numbers {
                    let pseudonym = self.contact(WA, number).await?;
                    let mut tx = self.begin().await?;
                    for q in [
                        "UPDATE case_events SET actor = $2 WHERE actor = $3
                           AND reference IN (SELECT reference FROM cases WHERE channel = $1 AND chat_id = $3)",
                        "UPDATE conversations SET chat_id = $2 WHERE channel = $1 AND chat_id = $3",
                        "UPDATE cases SET chat_id = $2 WHERE channel = $1 AND chat_id = $3",
                        "UPDATE outbox SET chat_id = $2 WHERE channel = $1 AND chat_id = $3",
                        "UPDATE inbox SET chat_id = $2 WHERE channel = $1 AND chat_id = $3",
                    ] {
                        sqlx::query(q).bind(WA).bind(&pseudonym).bind(number).execute(&mut *tx).await?;
                    }
                    tx.commit().await?;
                }
                let ids: Vec<String> = sqlx::query_scalar(
                    "SELECT message_id FROM inbox WHERE channel = $1 AND substr(message_id, 1, 2) <> 'h:'",
                )
                .bind(WA)
                .fetch_all(&self.pool)
                .await?;
                for chunk in ids.chunks(200) {
                    let mut tx = self.begin().await?;
                    for id in chunk {
                        sqlx::query("UPDATE inbox SET message_id = $2 WHERE channel = $1 AND message_id = $3")
                            .bind(WA)
                            .bind(crate::whatsapp::message_key(id))
                            .bind(id)
                            .execute(&mut *tx)
                            .await?;
                    }
                    tx.commit().await?;
                }
                let sent: Vec<(i64, String)> = sqlx::query_as(
                    "SELECT id, platform_id FROM outbox WHERE channel = $1 AND platform_id IS NOT NULL
                       AND substr(platform_id, 1, 2) <> 'h:'",
                )
                .bind(WA)
                .fetch_all(&self.pool)
                .await?;
                for chunk in sent.chunks(200) {
                    let mut tx = self.begin().await?;
                    for (id, wamid) in chunk {
                        sqlx::query("UPDATE outbox SET platform_id = $2 WHERE id = $1")
                            .bind(id)
                            .bind(crate::whatsapp::message_key(wamid))
                            .execute(&mut *tx)
                            .await?;
                    }
                    tx.commit().await?;
                }
                Ok(numbers.len() as u64)
            }

            /// Seals again, with the current key, every stored value sealed with another key
            /// (or written before encryption), and recomputes the cases' lookups: the work of
            /// `pandu keys rotate`. A value changed meanwhile by a running bot is left to it.
            pub async fn reseal(&self) -> Result<super::Resealed, StoreError> {
                let v = &self.vault;
                let current = format!("{}{}:", crate::vault::SEALED_PREFIX, v.current());
                let width = i32::try_from(current.len()).unwrap_or(i32::MAX);
                let mut done = super::Resealed::default();
                for &(table, column, col) in super::SEALED_COLUMNS {
                    let select = format!(
                        "SELECT id, {column} AS v FROM {table}
                         WHERE id > $1 AND {column} IS NOT NULL AND {column} <> '' AND substr({column}, 1, $2) <> $3
                         ORDER BY id LIMIT 200"
                    );
                    let update = format!("UPDATE {table} SET {column} = $1 WHERE id = $2 AND {column} = $3");
                    let mut after = 0i64;
                    loop {
                        let rows = sqlx::query(sqlx::AssertSqlSafe(select.clone()))
                            .bind(after)
                            .bind(width)
                            .bind(&current)
                            .fetch_all(&self.pool)
                            .await?;
                        let Some(last) = rows.last() else { break };
                        after = last.try_get("id")?;
                        let mut tx = self.begin().await?;
                        for r in &rows {
                            let old: String = r.try_get("v")?;
                            let Some(plain) = open_unless_damaged(v, col, &old)? else {
                                done.unreadable += 1;
                                continue;
                            };
                            done.values += sqlx::query(sqlx::AssertSqlSafe(update.clone()))
                                .bind(v.seal(col, &plain))
                                .bind(r.try_get::<i64, _>("id")?)
                                .bind(&old)
                                .execute(&mut *tx)
                                .await?
                                .rows_affected();
                        }
                        tx.commit().await?;
                    }
                }
                // Conversations (keyed by channel and chat).
                let (mut channel, mut chat_id) = (String::new(), String::new());
                loop {
                    let rows = sqlx::query(
                        "SELECT channel, chat_id, state FROM conversations
                         WHERE (channel > $1 OR (channel = $1 AND chat_id > $2)) AND state <> '' AND substr(state, 1, $3) <> $4
                         ORDER BY channel, chat_id LIMIT 200",
                    )
                    .bind(&channel)
                    .bind(&chat_id)
                    .bind(width)
                    .bind(&current)
                    .fetch_all(&self.pool)
                    .await?;
                    let Some(last) = rows.last() else { break };
                    (channel, chat_id) = (last.try_get("channel")?, last.try_get("chat_id")?);
                    let mut tx = self.begin().await?;
                    for r in &rows {
                        let old: String = r.try_get("state")?;
                        let Some(plain) = open_unless_damaged(v, Column::ConversationState, &old)? else {
                            done.unreadable += 1;
                            continue;
                        };
                        done.values += sqlx::query(
                            "UPDATE conversations SET state = $1 WHERE channel = $2 AND chat_id = $3 AND state = $4",
                        )
                        .bind(v.seal(Column::ConversationState, &plain))
                        .bind(r.try_get::<String, _>("channel")?)
                        .bind(r.try_get::<String, _>("chat_id")?)
                        .bind(&old)
                        .execute(&mut *tx)
                        .await?
                        .rows_affected();
                    }
                    tx.commit().await?;
                }
                // Contacts: the address sealed again, its lookup under the current key.
                let (mut channel, mut chat_id) = (String::new(), String::new());
                loop {
                    let rows = sqlx::query(
                        "SELECT channel, chat_id, address, lookup FROM contacts
                         WHERE channel > $1 OR (channel = $1 AND chat_id > $2)
                         ORDER BY channel, chat_id LIMIT 200",
                    )
                    .bind(&channel)
                    .bind(&chat_id)
                    .fetch_all(&self.pool)
                    .await?;
                    let Some(last) = rows.last() else { break };
                    (channel, chat_id) = (last.try_get("channel")?, last.try_get("chat_id")?);
                    let mut tx = self.begin().await?;
                    for r in &rows {
                        let old: String = r.try_get("address")?;
                        let Some(address) = open_unless_damaged(v, Column::ContactAddress, &old)? else {
                            done.unreadable += 1;
                            continue;
                        };
                        let lookup = v.lookup(&address);
                        if !v.is_stale(&old) && r.try_get::<String, _>("lookup")? == lookup {
                            continue;
                        }
                        done.values += sqlx::query(
                            "UPDATE contacts SET address = $1, lookup = $2 WHERE channel = $3 AND chat_id = $4 AND address = $5",
                        )
                        .bind(v.seal(Column::ContactAddress, &address))
                        .bind(lookup)
                        .bind(r.try_get::<String, _>("channel")?)
                        .bind(r.try_get::<String, _>("chat_id")?)
                        .bind(&old)
                        .execute(&mut *tx)
                        .await?
                        .rows_affected();
                    }
                    tx.commit().await?;
                }
                // The lookups, under the current key.
                let (cases, unreadable) = self.rebuild_lookups().await?;
                done.cases = cases;
                done.unreadable += unreadable;
                self.after_rewrite().await?;
                Ok(done)
            }

            /// Recomputes every case's lookups under the current key (cases not scrubbed nor
            /// anonymised: the others have no identifiers left). Returns the cases done and the
            /// ones whose fields could not be read.
            pub(super) async fn rebuild_lookups(&self) -> Result<(u64, u64), StoreError> {
                let v = &*self.vault;
                let (mut cases, mut unreadable) = (0, 0);
                let mut after = 0i64;
                loop {
                    let rows = sqlx::query(
                        "SELECT id, reference, fields FROM cases WHERE id > $1 AND scrubbed_at IS NULL ORDER BY id LIMIT 200",
                    )
                    .bind(after)
                    .fetch_all(&self.pool)
                    .await?;
                    let Some(last) = rows.last() else { break };
                    after = last.try_get("id")?;
                    let mut tx = self.begin().await?;
                    for r in &rows {
                        let Ok(fields) = v.open(Column::CaseFields, &r.try_get::<String, _>("fields")?) else {
                            unreadable += 1;
                            continue;
                        };
                        let Ok(fields) = parse::<Vec<(String, String)>>("case fields", &fields) else {
                            unreadable += 1;
                            continue;
                        };
                        // Unless retention removed the identifiers meanwhile.
                        let id: i64 = r.try_get("id")?;
                        let current = sqlx::query("SELECT 1 AS one FROM cases WHERE id = $1 AND scrubbed_at IS NULL")
                            .bind(id)
                            .fetch_optional(&mut *tx)
                            .await?;
                        if current.is_some() {
                            Self::add_lookups(&mut tx, v, &r.try_get::<String, _>("reference")?, &fields).await?;
                            cases += 1;
                        }
                    }
                    tx.commit().await?;
                }
                Ok((cases, unreadable))
            }

            /// How many stored values each configured key sealed, per column; `key` "" for
            /// values not sealed, "?" for values sealed with a key not configured. After a
            /// rotation, only the current key should be left.
            pub async fn sealed_counts(&self) -> Result<Vec<super::SealedCount>, StoreError> {
                let mut out = Vec::new();
                for (table, column) in super::sealed_places() {
                    let count = async |prefix: &str| -> Result<u64, StoreError> {
                        let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                            "SELECT COUNT(*) FROM {table} WHERE {column} IS NOT NULL AND {column} <> ''
                               AND substr({column}, 1, $1) = $2"
                        )))
                        .bind(i32::try_from(prefix.len()).unwrap_or(i32::MAX))
                        .bind(prefix)
                        .fetch_one(&self.pool)
                        .await?;
                        Ok(u64::try_from(n).unwrap_or(0))
                    };
                    // substr(x, 1, 0) is '' for every value.
                    let all = count("").await?;
                    let sealed = count(crate::vault::SEALED_PREFIX).await?;
                    let mut known = 0;
                    for key in self.vault.key_ids() {
                        let n = count(&format!("{}{key}:", crate::vault::SEALED_PREFIX)).await?;
                        known += n;
                        if n > 0 {
                            out.push(super::SealedCount { table, column, key: key.to_string(), values: n });
                        }
                    }
                    for (key, values) in [("", all.saturating_sub(sealed)), ("?", sealed.saturating_sub(known))] {
                        if values > 0 {
                            out.push(super::SealedCount { table, column, key: key.to_string(), values });
                        }
                    }
                }
                Ok(out)
            }

            /// Whether any stored value is sealed (with any key). A database not migrated yet
            /// holds none.
            pub async fn holds_sealed(&self) -> Result<bool, StoreError> {
                for (table, column) in super::sealed_places() {
                    let found = sqlx::query(sqlx::AssertSqlSafe(format!(
                        "SELECT 1 AS one FROM {table} WHERE substr({column}, 1, 7) = 'pandu1:' LIMIT 1"
                    )))
                    .fetch_optional(&self.pool)
                    .await;
                    match found {
                        Ok(Some(_)) => return Ok(true),
                        Ok(None) => {}
                        Err(sqlx::Error::Database(e))
                            if e.message().contains("no such")
                                || matches!(e.code().as_deref(), Some("42P01" | "42703")) => {}
                        Err(e) => return Err(e.into()),
                    }
                }
                Ok(false)
            }

            /// Runs the dialog step of `chat` inside transaction `tx`: locks the conversation,
            /// loads it and the user's open cases, stores the new state, the effects and the
            /// replies (outbox). Returns the outbox ids. `user`: the user's message that this
            /// step answers (None: the desk's), so they are reachable again.
            pub(super) async fn step_in<F>(
                &self,
                tx: &mut sqlx::Transaction<'static, $db>,
                chat: &ChatKey,
                now: i64,
                user: Option<&InboundRecord>,
                step: F,
            ) -> Result<(Vec<i64>, bool, bool), StoreError>
            where
                F: FnOnce(Option<Conversation>, Vec<CaseSummary>) -> Outcome + Send,
            {
                let vault = &*self.vault;
                let from_user = user.is_some();
                let pressed = user.and_then(|u| u.pressed_message.as_deref());
                let sequence = user.and_then(|u| u.sequence);
                // Lock the row: messages of one chat are handled one at a time. A new chat's row
                // is made first (one statement for a known chat, three for a new one).
                let found = sqlx::query($lock_conversation)
                    .bind(&chat.channel)
                    .bind(&chat.chat_id)
                    .fetch_optional(&mut **tx)
                    .await?;
                let row = match found {
                    Some(row) => row,
                    None => {
                        sqlx::query(
                            "INSERT INTO conversations (channel, chat_id, state, updated_at) VALUES ($1, $2, '', $3)
                             ON CONFLICT (channel, chat_id) DO NOTHING",
                        )
                        .bind(&chat.channel)
                        .bind(&chat.chat_id)
                        .bind(now)
                        .execute(&mut **tx)
                        .await?;
                        sqlx::query($lock_conversation)
                            .bind(&chat.channel)
                            .bind(&chat.chat_id)
                            .fetch_one(&mut **tx)
                            .await?
                    }
                };
                // Damaged: the conversation starts afresh. A key missing from the configuration
                // fails the message instead (it comes again) rather than lose the conversation.
                let raw = open_unless_damaged(vault, Column::ConversationState, &row.try_get::<String, _>("state")?)?
                    .unwrap_or_default();
                // An earlier message of this chat failed (in this process or another) and has
                // not been handled yet: this one waits for it, for a while.
                let behind = row.try_get::<Option<i64>, _>("behind_seq")?;
                if let (Some(first), Some(seq)) = (behind, sequence) {
                    let since = from_millis(row.try_get::<Option<i64>, _>("behind_since")?.unwrap_or(0));
                    let waiting = Utc::now() < since + BEHIND_WAIT;
                    if seq > first && waiting {
                        return Err(StoreError::OutOfOrder);
                    }
                    if seq == first || !waiting {
                        sqlx::query(
                            "UPDATE conversations SET behind_seq = NULL, behind_since = NULL
                             WHERE channel = $1 AND chat_id = $2",
                        )
                        .bind(&chat.channel)
                        .bind(&chat.chat_id)
                        .execute(&mut **tx)
                        .await?;
                    }
                }
                // Replies are only ever held together with this mark (cleared when released).
                let has_held = row.try_get::<Option<i64>, _>("window_closed_at")?.is_some();
                let state = if raw.is_empty() {
                    None
                } else {
                    match serde_json::from_str::<Conversation>(&raw) {
                        Ok(c) => Some(c),
                        Err(e) => {
                            // serde's message can quote stored values (a NIK): log only where it failed.
                            tracing::error!(
                                channel = %chat.channel,
                                kind = ?e.classify(),
                                line = e.line(),
                                column = e.column(),
                                "unreadable conversation state; starting afresh"
                            );
                            None
                        }
                    }
                };
                let rows = sqlx::query(
                    "SELECT reference, queue, status, created_at FROM cases
                     WHERE channel = $1 AND chat_id = $2 AND status <> 'closed' ORDER BY created_at DESC LIMIT 20",
                )
                .bind(&chat.channel)
                .bind(&chat.chat_id)
                .fetch_all(&mut **tx)
                .await?;
                let mut open_cases = Vec::with_capacity(rows.len());
                for r in rows {
                    let queue: String = r.try_get("queue")?;
                    let status: String = r.try_get("status")?;
                    open_cases.push(CaseSummary {
                        reference: r.try_get("reference")?,
                        queue: Queue::parse(&queue).unwrap_or(Queue::General),
                        status: CaseStatus::parse(&status).unwrap_or(CaseStatus::Open),
                        created_at: from_millis(r.try_get("created_at")?),
                    });
                }

                let mut outcome = step(state, open_cases);

                // A user who writes can be reached again (they unblocked the bot).
                // A user's message opens WhatsApp's window again, unless it was written long
                // ago (Meta delivers late after an outage): the replies that waited for it go
                // first (they are older than this message's replies).
                let reopens = from_user
                    && from_millis(now) + USER_WINDOW > Utc::now();
                if reopens && has_held {
                    // `failed_at IS NULL` lets the partial index `outbox_pending` serve this
                    // (without it every user message scanned the whole outbox).
                    sqlx::query(
                        "UPDATE outbox SET held_at = NULL
                         WHERE channel = $1 AND chat_id = $2 AND held_at IS NOT NULL
                           AND sent_at IS NULL AND failed_at IS NULL",
                    )
                    .bind(&chat.channel)
                    .bind(&chat.chat_id)
                    .execute(&mut **tx)
                    .await?;
                }
                sqlx::query(if reopens {
                    "UPDATE conversations SET state = $3, updated_at = $4, unreachable_at = NULL,
                            last_user_at = CASE WHEN last_user_at IS NULL OR last_user_at < $4 THEN $4 ELSE last_user_at END,
                            window_closed_at = NULL, invited_at = NULL
                     WHERE channel = $1 AND chat_id = $2"
                } else if from_user {
                    "UPDATE conversations SET state = $3, updated_at = $4, unreachable_at = NULL,
                            last_user_at = CASE WHEN last_user_at IS NULL OR last_user_at < $4 THEN $4 ELSE last_user_at END
                     WHERE channel = $1 AND chat_id = $2"
                } else {
                    "UPDATE conversations SET state = $3, updated_at = $4 WHERE channel = $1 AND chat_id = $2"
                })
                    .bind(&chat.channel)
                    .bind(&chat.chat_id)
                    .bind(vault.seal(Column::ConversationState, &json(&outcome.state)))
                    .bind(now)
                    .execute(&mut **tx)
                    .await?;
                for effect in &outcome.effects {
                    match effect {
                        Effect::CreateCase(c) => {
                            let res = sqlx::query(
                                "INSERT INTO cases (reference, channel, chat_id, queue, kind, status, fields, attachments,
                                                    summary, transcript, created_at, updated_at, lang)
                                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12)",
                            )
                            .bind(&c.reference)
                            .bind(&chat.channel)
                            .bind(&chat.chat_id)
                            .bind(c.queue.as_str())
                            .bind(c.kind.as_str())
                            .bind(CaseStatus::Open.as_str())
                            .bind(vault.seal(Column::CaseFields, &json(&c.fields)))
                            .bind(vault.seal(Column::CaseAttachments, &json(&c.attachments)))
                            .bind(vault.seal(Column::CaseSummary, &c.summary))
                            .bind(vault.seal(Column::CaseTranscript, &json(&c.transcript)))
                            .bind(now)
                            .bind(outcome.state.lang.code())
                            .execute(&mut **tx)
                            .await;
                            match res {
                                Err(e) if is_unique_violation(&e) => {
                                    return Err(StoreError::ReferenceTaken(c.reference.clone()));
                                }
                                r => {
                                    r?;
                                }
                            }
                            Self::add_lookups(tx, vault, &c.reference, &c.fields).await?;
                        }
                        Effect::Relay(relay) => {
                            sqlx::query(
                                "INSERT INTO case_events (reference, at, kind, actor, body) VALUES ($1, $2, 'user', $3, $4)",
                            )
                            .bind(&relay.reference)
                            .bind(now)
                            .bind(&chat.chat_id)
                            .bind(vault.seal(Column::EventBody, &json(relay)))
                            .execute(&mut **tx)
                            .await?;
                        }
                        Effect::Rate { reference, rating, comment } => {
                            sqlx::query(
                                "UPDATE cases SET rating = $2, rating_comment = $3, updated_at = $4 WHERE reference = $1",
                            )
                            .bind(reference)
                            .bind(i64::from(*rating))
                            .bind(comment.as_deref().map(|c| vault.seal(Column::CaseRatingComment, c)))
                            .bind(now)
                            .execute(&mut **tx)
                            .await?;
                        }
                        Effect::ExportData => {
                            let content = Self::export(tx, vault, chat, &outcome.state, now).await?;
                            for reply in &mut outcome.replies {
                                if let Some(f) = reply.file.as_mut().filter(|f| f.name == EXPORT_FILE && f.content.is_empty()) {
                                    f.content = content.clone();
                                }
                            }
                        }
                        Effect::EraseData => Self::erase(tx, chat, now).await?,
                        Effect::LeaveDesk { reference } => {
                            sqlx::query(
                                "INSERT INTO case_events (reference, at, kind, actor, body) VALUES ($1, $2, 'user_left', $3, '')",
                            )
                            .bind(reference)
                            .bind(now)
                            .bind(&chat.chat_id)
                            .execute(&mut **tx)
                            .await?;
                            // The agent keeps the case; it now waits for the user.
                            sqlx::query(
                                "UPDATE cases SET status = 'waiting_user', updated_at = $2 WHERE reference = $1 AND status = 'with_agent'",
                            )
                            .bind(reference)
                            .bind(now)
                            .execute(&mut **tx)
                            .await?;
                        }
                    }
                }
                let mut ids = Vec::with_capacity(outcome.replies.len());
                for reply in &outcome.replies {
                    let edit_target = if reply.redraw { pressed } else { None };
                    let row = sqlx::query(
                        "INSERT INTO outbox (channel, chat_id, payload, created_at, edit_target) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                    )
                    .bind(&chat.channel)
                    .bind(&chat.chat_id)
                    .bind(vault.seal(Column::OutboxPayload, &json(reply)))
                    .bind(now)
                    .bind(edit_target)
                    .fetch_one(&mut **tx)
                    .await?;
                    ids.push(row.try_get::<i64, _>("id")?);
                }
                Ok((ids, !outcome.effects.is_empty(), outcome.withheld))
            }
        }

        impl Store for $ty {
            async fn migrate(&self) -> Result<(), StoreError> {
                sqlx::migrate!($migrations).run(&self.pool).await?;
                let done: Option<i64> = sqlx::query_scalar("SELECT done_at FROM data_upgrades WHERE name = 'whatsapp_pseudonyms'")
                    .fetch_optional(&self.pool)
                    .await?;
                let lookups: Option<i64> = sqlx::query_scalar("SELECT done_at FROM data_upgrades WHERE name = 'case_lookups'")
                    .fetch_optional(&self.pool)
                    .await?;
                if lookups.is_none() {
                    // Cases from before the lookups: found by NIK from now on.
                    let (cases, _) = self.rebuild_lookups().await?;
                    if cases > 0 {
                        tracing::info!(cases, "NIK lookups made for earlier cases");
                    }
                    sqlx::query("INSERT INTO data_upgrades (name, done_at) VALUES ('case_lookups', $1) ON CONFLICT DO NOTHING")
                        .bind(millis(Utc::now()))
                        .execute(&self.pool)
                        .await?;
                }
                if done.is_none() {
                    let adopted = self.adopt_numbers().await?;
                    if adopted > 0 {
                        tracing::info!(adopted, "WhatsApp chats moved from numbers to pseudonyms");
                        self.after_rewrite().await?;
                    }
                    sqlx::query("INSERT INTO data_upgrades (name, done_at) VALUES ('whatsapp_pseudonyms', $1) ON CONFLICT DO NOTHING")
                        .bind(millis(Utc::now()))
                        .execute(&self.pool)
                        .await?;
                }
                Ok(())
            }

            async fn contact(&self, channel: &str, address: &str) -> Result<String, StoreError> {
                let find = async |lookup: &str| -> Result<Option<String>, StoreError> {
                    Ok(sqlx::query_scalar("SELECT chat_id FROM contacts WHERE channel = $1 AND lookup = $2")
                        .bind(channel)
                        .bind(lookup)
                        .fetch_optional(&self.pool)
                        .await?)
                };
                // Known under the current key, or under an older one (before a rotation ends).
                for lookup in self.vault.lookups(address) {
                    if let Some(chat_id) = find(&lookup).await? {
                        return Ok(chat_id);
                    }
                }
                let lookup = self.vault.lookup(address);
                let pseudonym = format!("p{:016x}", rand::random::<u64>());
                sqlx::query(
                    "INSERT INTO contacts (channel, chat_id, address, lookup, created_at) VALUES ($1, $2, $3, $4, $5)
                     ON CONFLICT DO NOTHING",
                )
                .bind(channel)
                .bind(&pseudonym)
                .bind(self.vault.seal(Column::ContactAddress, address))
                .bind(&lookup)
                .bind(millis(Utc::now()))
                .execute(&self.pool)
                .await?;
                // Another process may have made it at the same moment: theirs stands.
                find(&lookup).await?.ok_or_else(|| StoreError::Corrupt("contact not recorded".into()))
            }

            async fn address_of(&self, channel: &str, chat_id: &str) -> Result<Option<String>, StoreError> {
                let sealed: Option<String> = sqlx::query_scalar("SELECT address FROM contacts WHERE channel = $1 AND chat_id = $2")
                    .bind(channel)
                    .bind(chat_id)
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(sealed.map(|s| self.vault.open(Column::ContactAddress, &s)).transpose()?)
            }

            async fn schema_current(&self) -> Result<bool, StoreError> {
                let applied: Vec<i64> = sqlx::query_scalar(
                    "SELECT version FROM _sqlx_migrations WHERE success ORDER BY version",
                )
                .fetch_all(&self.pool)
                .await?;
                let known: Vec<i64> = sqlx::migrate!($migrations).iter().map(|m| m.version).collect();
                Ok(known.iter().all(|v| applied.contains(v)))
            }

            async fn process<F>(&self, rec: &InboundRecord, step: F) -> Result<Processed, StoreError>
            where
                F: FnOnce(Option<Conversation>, Vec<CaseSummary>) -> Outcome + Send,
            {
                let mut tx = self.begin().await?;
                let now = millis(rec.received_at);
                if !record_inbound!(tx, rec) {
                    tx.rollback().await?;
                    return Ok(Processed::Duplicate);
                }
                let (ids, for_desk, withheld) = self.step_in(&mut tx, &rec.chat, now, Some(rec), step).await?;
                tx.commit().await?;
                Ok(Processed::Done { outbox: ids, for_desk, withheld })
            }

            async fn pending_outbox(
                &self,
                channel: &str,
                chat_id: Option<&str>,
                limit: i64,
            ) -> Result<Vec<OutboxItem>, StoreError> {
                let rows = sqlx::query(concat!(
                    "SELECT ", outbox_columns!(), "
                     WHERE o.channel = $1 AND o.sent_at IS NULL AND o.failed_at IS NULL AND ($2 IS NULL OR o.chat_id = $2)
                     ORDER BY o.id LIMIT $3"
                ))
                .bind(channel)
                .bind(chat_id)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(|r| outbox_from_row(r, &self.vault)).collect()
            }

            async fn mark_sent(&self, id: i64, at: DateTime<Utc>) -> Result<(), StoreError> {
                sqlx::query("UPDATE outbox SET sent_at = $2, attempts = attempts + 1 WHERE id = $1")
                    .bind(id)
                    .bind(millis(at))
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn enqueue_page(
                &self,
                rec: &InboundRecord,
                source: i64,
                page: u32,
            ) -> Result<Processed, StoreError> {
                let mut tx = self.begin().await?;
                let now = millis(rec.received_at);
                if !record_inbound!(tx, rec) {
                    tx.rollback().await?;
                    return Ok(Processed::Duplicate);
                }
                let row = sqlx::query(
                    "SELECT payload, platform_id FROM outbox
                     WHERE id = $1 AND channel = $2 AND chat_id = $3 AND platform_id IS NOT NULL",
                )
                .bind(source)
                .bind(&rec.chat.channel)
                .bind(&rec.chat.chat_id)
                .fetch_optional(&mut *tx)
                .await?;
                let mut ids = Vec::new();
                if let Some(row) = row {
                    let payload: String = row.try_get("payload")?;
                    let target: String = row.try_get("platform_id")?;
                    let row = sqlx::query(
                        "INSERT INTO outbox (channel, chat_id, payload, created_at, edit_target, page, page_only)
                         VALUES ($1, $2, $3, $4, $5, $6, 1) RETURNING id",
                    )
                    .bind(&rec.chat.channel)
                    .bind(&rec.chat.chat_id)
                    .bind(payload)
                    .bind(now)
                    .bind(target)
                    .bind(i64::from(page))
                    .fetch_one(&mut *tx)
                    .await?;
                    ids.push(row.try_get::<i64, _>("id")?);
                }
                tx.commit().await?;
                Ok(Processed::Done { outbox: ids, for_desk: false, withheld: false })
            }

            async fn due_outbox(
                &self,
                channel: &str,
                now: DateTime<Utc>,
                limit: i64,
                share: Share,
            ) -> Result<Vec<OutboxItem>, StoreError> {
                // Only the oldest undelivered reply of a chat can go: replies keep their order. A
                // chat whose oldest reply is under way (attempted_at set) waits for its answer.
                let rows = sqlx::query(concat!(
                    "SELECT ", outbox_columns!(), "
                     WHERE o.channel = $1 AND o.sent_at IS NULL AND o.failed_at IS NULL
                       AND o.attempted_at IS NULL AND o.held_at IS NULL AND o.next_attempt_at <= $2
                       AND o.id = (SELECT MIN(i.id) FROM outbox i
                                   WHERE i.channel = o.channel AND i.chat_id = o.chat_id
                                     AND i.sent_at IS NULL AND i.failed_at IS NULL)
                       AND c.unreachable_at IS NULL ", $share_clause, "
                     ORDER BY o.id LIMIT $3"
                ))
                .bind(channel)
                .bind(millis(now))
                .bind(limit)
                .bind(i64::from(share.of.max(1)))
                .bind(i64::from(share.rank))
                .fetch_all(&self.pool)
                .await?;
                let mut due = Vec::with_capacity(rows.len());
                for r in &rows {
                    match outbox_from_row(r, &self.vault) {
                        Ok(item) => due.push(item),
                        // A damaged reply cannot be sent: it is given up, so that it does not
                        // hold its chat's later replies back. A missing key is the operator's
                        // to fix: nothing is given up.
                        Err(StoreError::Sealed(crate::vault::VaultError::Damaged(_)) | StoreError::Corrupt(_)) => {
                            let id: i64 = r.try_get("id")?;
                            tracing::error!(id, "an outbox row cannot be read; given up");
                            sqlx::query("UPDATE outbox SET failed_at = $2, last_error = 'unreadable' WHERE id = $1")
                                .bind(id)
                                .bind(millis(now))
                                .execute(&self.pool)
                                .await?;
                        }
                        Err(e) => return Err(e),
                    }
                }
                Ok(due)
            }

            async fn begin_attempt(&self, id: i64, parts_done: u32, at: DateTime<Utc>, claim: &Claim) -> Result<bool, StoreError> {
                let n = sqlx::query(
                    "UPDATE outbox SET attempts = attempts + 1, attempted_at = $2, claimed_by = $4, claim_until = $5
                     WHERE id = $1 AND parts_done = $3 AND sent_at IS NULL AND failed_at IS NULL
                       AND attempted_at IS NULL AND next_attempt_at <= $2",
                )
                .bind(id)
                .bind(millis(at))
                .bind(i64::from(parts_done))
                .bind(&claim.owner)
                .bind(millis(claim.until))
                .execute(&self.pool)
                .await?
                .rows_affected();
                Ok(n == 1)
            }

            async fn claim_many(&self, ids: &[i64], at: DateTime<Utc>, claim: &Claim) -> Result<Vec<(i64, u32, i64)>, StoreError> {
                if ids.is_empty() {
                    return Ok(Vec::new());
                }
                let mut q = sqlx::QueryBuilder::<$db>::new("UPDATE outbox SET attempts = attempts + 1, attempted_at = ");
                q.push_bind(millis(at))
                    .push(", claimed_by = ")
                    .push_bind(claim.owner.clone())
                    .push(", claim_until = ")
                    .push_bind(millis(claim.until))
                    .push(" WHERE sent_at IS NULL AND failed_at IS NULL AND attempted_at IS NULL AND held_at IS NULL AND next_attempt_at <= ")
                    .push_bind(millis(at))
                    .push(" AND id IN (");
                let mut list = q.separated(", ");
                for id in ids {
                    list.push_bind(*id);
                }
                q.push(") RETURNING id, parts_done, attempts");
                let rows = q.build().persistent(false).fetch_all(&self.pool).await?;
                rows.iter()
                    .map(|r| {
                        Ok((
                            r.try_get::<i64, _>("id")?,
                            u32::try_from(r.try_get::<i64, _>("parts_done")?).unwrap_or(0),
                            r.try_get::<i64, _>("attempts")?,
                        ))
                    })
                    .collect()
            }

            async fn apply_retention(&self, policy: &crate::retention::Policy, now: DateTime<Utc>) -> Result<crate::retention::Report, StoreError> {
                use crate::retention::{scrub_fields, scrub_text};
                let mut report = crate::retention::Report::default();
                let at = millis(now);
                // 1. Identifiers and screenshots of cases finished long enough ago.
                let cutoff = millis(now - policy.identifiers_after);
                loop {
                    let rows = sqlx::query(
                        "SELECT reference, channel, chat_id, fields, summary, transcript,
                                COALESCE(resolved_at, updated_at) AS finished_at
                         FROM cases WHERE status IN ('resolved', 'closed') AND scrubbed_at IS NULL
                           AND COALESCE(resolved_at, updated_at) < $1 LIMIT 100",
                    )
                    .bind(cutoff)
                    .fetch_all(&self.pool)
                    .await?;
                    if rows.is_empty() {
                        break;
                    }
                    for r in rows {
                        let reference: String = r.try_get("reference")?;
                        let chat = ChatKey { channel: r.try_get("channel")?, chat_id: r.try_get("chat_id")? };
                        let finished_at: i64 = r.try_get("finished_at")?;
                        let v = &self.vault;
                        // What cannot be read is removed with the identifiers (it may hold them).
                        let fields: Vec<(String, String)> =
                            parse("case fields", &readable(v, Column::CaseFields, &r.try_get::<String, _>("fields")?, "[]")?)
                                .unwrap_or_default();
                        let summary = readable(v, Column::CaseSummary, &r.try_get::<String, _>("summary")?, "")?;
                        let transcript = readable(v, Column::CaseTranscript, &r.try_get::<String, _>("transcript")?, "[]")?;
                        let mut tx = self.begin().await?;
                        let n = sqlx::query(
                            "UPDATE cases SET fields = $2, attachments = '[]', summary = $3, transcript = $4, scrubbed_at = $5
                             WHERE reference = $1 AND status IN ('resolved', 'closed') AND scrubbed_at IS NULL",
                        )
                        .bind(&reference)
                        .bind(v.seal(Column::CaseFields, &json(&scrub_fields(&fields))))
                        .bind(v.seal(Column::CaseSummary, &scrub_text(&summary)))
                        .bind(v.seal(Column::CaseTranscript, &scrub_text(&transcript)))
                        .bind(at)
                        .execute(&mut *tx)
                        .await?
                        .rows_affected();
                        if n == 0 {
                            // Reopened meanwhile.
                            continue;
                        }
                        sqlx::query("DELETE FROM case_lookups WHERE reference = $1")
                            .bind(&reference)
                            .execute(&mut *tx)
                            .await?;
                        let events = sqlx::query("SELECT id, kind, body FROM case_events WHERE reference = $1")
                            .bind(&reference)
                            .fetch_all(&mut *tx)
                            .await?;
                        for e in events {
                            let id: i64 = e.try_get("id")?;
                            let kind: String = e.try_get("kind")?;
                            let body = readable(v, Column::EventBody, &e.try_get::<String, _>("body")?, "")?;
                            let mut new = scrub_text(&body);
                            if kind == "user"
                                && let Ok(mut v) = serde_json::from_str::<serde_json::Value>(&new)
                                && v.get("file").is_some_and(|f| !f.is_null())
                            {
                                // The user's screenshot: its platform file id goes.
                                v["file"] = serde_json::Value::Null;
                                new = v.to_string();
                            }
                            if new != body {
                                sqlx::query("UPDATE case_events SET body = $2 WHERE id = $1")
                                    .bind(id)
                                    .bind(v.seal(Column::EventBody, &new))
                                    .execute(&mut *tx)
                                    .await?;
                            }
                        }
                        // What the user was sent up to then (the summary repeats the NIK).
                        let sent = sqlx::query(
                            "SELECT id, payload FROM outbox WHERE channel = $1 AND chat_id = $2 AND created_at <= $3
                               AND (sent_at IS NOT NULL OR failed_at IS NOT NULL)",
                        )
                        .bind(&chat.channel)
                        .bind(&chat.chat_id)
                        .bind(finished_at)
                        .fetch_all(&mut *tx)
                        .await?;
                        for o in sent {
                            let payload = readable(v, Column::OutboxPayload, &o.try_get::<String, _>("payload")?, "")?;
                            let new = scrub_text(&payload);
                            if new != payload {
                                sqlx::query("UPDATE outbox SET payload = $2 WHERE id = $1")
                                    .bind(o.try_get::<i64, _>("id")?)
                                    .bind(v.seal(Column::OutboxPayload, &new))
                                    .execute(&mut *tx)
                                    .await?;
                            }
                        }
                        // The conversation, when the user has nothing unfinished and has been
                        // quiet as long.
                        if Self::unfinished(&mut tx, &chat).await? == 0 {
                            let conv = sqlx::query(
                                "SELECT state FROM conversations WHERE channel = $1 AND chat_id = $2 AND updated_at < $3",
                            )
                            .bind(&chat.channel)
                            .bind(&chat.chat_id)
                            .bind(cutoff)
                            .fetch_optional(&mut *tx)
                            .await?;
                            if let Some(c) = conv {
                                let state = readable(v, Column::ConversationState, &c.try_get::<String, _>("state")?, "")?;
                                let new = scrub_text(&state);
                                if new != state {
                                    sqlx::query("UPDATE conversations SET state = $3 WHERE channel = $1 AND chat_id = $2")
                                        .bind(&chat.channel)
                                        .bind(&chat.chat_id)
                                        .bind(v.seal(Column::ConversationState, &new))
                                        .execute(&mut *tx)
                                        .await?;
                                }
                            }
                        }
                        tx.commit().await?;
                        report.scrubbed += 1;
                    }
                }
                // 2. Whole cases finished longer ago still.
                let cutoff = millis(now - policy.anonymise_after);
                loop {
                    let rows = sqlx::query(
                        "SELECT reference, channel, chat_id FROM cases
                         WHERE status IN ('resolved', 'closed') AND anonymised_at IS NULL AND COALESCE(resolved_at, updated_at) < $1 LIMIT 100",
                    )
                    .bind(cutoff)
                    .fetch_all(&self.pool)
                    .await?;
                    if rows.is_empty() {
                        break;
                    }
                    for r in rows {
                        let reference: String = r.try_get("reference")?;
                        let chat = ChatKey { channel: r.try_get("channel")?, chat_id: r.try_get("chat_id")? };
                        let mut tx = self.begin().await?;
                        let n = sqlx::query(concat!(
                            "UPDATE cases SET ", anonymised!("$2"), "
                             WHERE reference = $1 AND status IN ('resolved', 'closed') AND anonymised_at IS NULL"
                        ))
                        .bind(&reference)
                        .bind(at)
                        .execute(&mut *tx)
                        .await?
                        .rows_affected();
                        if n == 0 {
                            continue;
                        }
                        for q in [
                            "UPDATE case_events SET body = '' WHERE reference = $1",
                            "DELETE FROM case_lookups WHERE reference = $1",
                        ] {
                            sqlx::query(q).bind(&reference).execute(&mut *tx).await?;
                        }
                        if Self::unfinished(&mut tx, &chat).await? == 0 {
                            for q in [
                                "DELETE FROM outbox WHERE channel = $1 AND chat_id = $2 AND created_at < $3
                                   AND (sent_at IS NOT NULL OR failed_at IS NOT NULL)",
                                "DELETE FROM inbox WHERE channel = $1 AND chat_id = $2 AND received_at < $3",
                                "DELETE FROM conversations WHERE channel = $1 AND chat_id = $2 AND updated_at < $3",
                            ] {
                                sqlx::query(q)
                                    .bind(&chat.channel)
                                    .bind(&chat.chat_id)
                                    .bind(cutoff)
                                    .execute(&mut *tx)
                                    .await?;
                            }
                            // The address goes with the conversation.
                            sqlx::query(
                                "DELETE FROM contacts WHERE channel = $1 AND chat_id = $2
                                   AND NOT EXISTS (SELECT 1 FROM conversations c WHERE c.channel = $1 AND c.chat_id = $2)",
                            )
                            .bind(&chat.channel)
                            .bind(&chat.chat_id)
                            .execute(&mut *tx)
                            .await?;
                        }
                        tx.commit().await?;
                        report.anonymised += 1;
                    }
                }
                Ok(report)
            }

            async fn claim_next(&self, chat: &ChatKey, at: DateTime<Utc>, claim: &Claim) -> Result<Option<OutboxItem>, StoreError> {
                let claimed: Option<i64> = sqlx::query_scalar(
                    "UPDATE outbox SET attempts = attempts + 1, attempted_at = $3, claimed_by = $4, claim_until = $5
                     WHERE id = (SELECT MIN(i.id) FROM outbox i
                                 WHERE i.channel = $1 AND i.chat_id = $2
                                   AND i.sent_at IS NULL AND i.failed_at IS NULL)
                       AND attempted_at IS NULL AND held_at IS NULL AND next_attempt_at <= $3
                     RETURNING id",
                )
                .bind(&chat.channel)
                .bind(&chat.chat_id)
                .bind(millis(at))
                .bind(&claim.owner)
                .bind(millis(claim.until))
                .fetch_optional(&self.pool)
                .await?;
                let Some(id) = claimed else {
                    return Ok(None);
                };
                let row = sqlx::query(concat!("SELECT ", outbox_columns!(), " WHERE o.id = $1"))
                    .bind(id)
                    .fetch_one(&self.pool)
                    .await?;
                let mut item = outbox_from_row(&row, &self.vault)?;
                // As read before the claim.
                item.attempts -= 1;
                Ok(Some(item))
            }

            async fn delivered_many(&self, rows: &[Delivered]) -> Result<(), StoreError> {
                if rows.is_empty() {
                    return Ok(());
                }
                let mut q = sqlx::QueryBuilder::<$db>::new("WITH v (id, parts_done, platform_id, sent_at) AS (VALUES ");
                let mut list = q.separated(", ");
                for r in rows {
                    list.push("(CAST(")
                        .push_bind_unseparated(r.id)
                        .push_unseparated(" AS BIGINT), CAST(")
                        .push_bind_unseparated(i64::from(r.parts_done))
                        .push_unseparated(" AS BIGINT), CAST(")
                        .push_bind_unseparated(r.platform_id.clone())
                        .push_unseparated(" AS TEXT), CAST(")
                        .push_bind_unseparated(millis(r.at))
                        .push_unseparated(" AS BIGINT))");
                }
                q.push(
                    ") UPDATE outbox SET parts_done = v.parts_done,
                            platform_id = COALESCE(v.platform_id, outbox.platform_id),
                            attempted_at = NULL, last_error = NULL, sent_at = v.sent_at
                     FROM v WHERE outbox.id = v.id",
                );
                q.build().persistent(false).execute(&self.pool).await?;
                Ok(())
            }

            async fn part_delivered(
                &self,
                id: i64,
                parts_done: u32,
                platform_id: Option<&str>,
                finished: bool,
                at: DateTime<Utc>,
            ) -> Result<(), StoreError> {
                sqlx::query(
                    "UPDATE outbox SET parts_done = $2, platform_id = COALESCE($3, platform_id),
                            attempted_at = NULL, last_error = NULL, sent_at = $4
                     WHERE id = $1",
                )
                .bind(id)
                .bind(i64::from(parts_done))
                .bind(platform_id)
                .bind(finished.then(|| millis(at)))
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn retry_later(&self, id: i64, next_at: DateTime<Utc>, error: &str) -> Result<(), StoreError> {
                sqlx::query("UPDATE outbox SET attempted_at = NULL, next_attempt_at = $2, last_error = $3 WHERE id = $1")
                    .bind(id)
                    .bind(millis(next_at))
                    .bind(error)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn give_up(&self, id: i64, at: DateTime<Utc>, error: &str) -> Result<(), StoreError> {
                let mut tx = self.begin().await?;
                let row = sqlx::query(
                    "UPDATE outbox SET attempted_at = NULL, failed_at = $2, last_error = $3
                     WHERE id = $1 AND failed_at IS NULL RETURNING channel, chat_id",
                )
                .bind(id)
                .bind(millis(at))
                .bind(error)
                .fetch_optional(&mut *tx)
                .await?;
                if let Some(row) = row {
                    // The user did not get it: the agents of the user's case hear so.
                    let chat = ChatKey { channel: row.try_get("channel")?, chat_id: row.try_get("chat_id")? };
                    Self::tell_desk(&mut tx, &chat, "given_up", "", millis(at)).await?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn mark_unreachable(&self, chat: &ChatKey, failed_id: i64, at: DateTime<Utc>) -> Result<(), StoreError> {
                let mut tx = self.begin().await?;
                sqlx::query(
                    "UPDATE outbox SET attempted_at = NULL, failed_at = $4, last_error = 'unreachable'
                     WHERE channel = $1 AND chat_id = $2 AND id <= $3 AND sent_at IS NULL AND failed_at IS NULL",
                )
                .bind(&chat.channel)
                .bind(&chat.chat_id)
                .bind(failed_id)
                .bind(millis(at))
                .execute(&mut *tx)
                .await?;
                // Newer replies mean the user wrote after that send was refused (they unblocked
                // the bot): those are tried.
                sqlx::query(
                    "UPDATE conversations SET unreachable_at = $3 WHERE channel = $1 AND chat_id = $2
                       AND NOT EXISTS (SELECT 1 FROM outbox WHERE channel = $1 AND chat_id = $2
                                         AND sent_at IS NULL AND failed_at IS NULL)",
                )
                .bind(&chat.channel)
                .bind(&chat.chat_id)
                .bind(millis(at))
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn record_membership(&self, rec: &InboundRecord, blocked: bool) -> Result<Processed, StoreError> {
                let mut tx = self.begin().await?;
                if !record_inbound!(tx, rec) {
                    tx.rollback().await?;
                    return Ok(Processed::Duplicate);
                }
                let at = millis(rec.received_at);
                if blocked {
                    sqlx::query(
                        "UPDATE outbox SET attempted_at = NULL, failed_at = $3, last_error = 'unreachable'
                         WHERE channel = $1 AND chat_id = $2 AND sent_at IS NULL AND failed_at IS NULL",
                    )
                    .bind(&rec.chat.channel)
                    .bind(&rec.chat.chat_id)
                    .bind(at)
                    .execute(&mut *tx)
                    .await?;
                }
                sqlx::query("UPDATE conversations SET unreachable_at = $3 WHERE channel = $1 AND chat_id = $2")
                    .bind(&rec.chat.channel)
                    .bind(&rec.chat.chat_id)
                    .bind(blocked.then_some(at))
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(Processed::Done { outbox: Vec::new(), for_desk: false, withheld: false })
            }

            async fn is_unreachable(&self, chat: &ChatKey) -> Result<bool, StoreError> {
                let row = sqlx::query("SELECT unreachable_at FROM conversations WHERE channel = $1 AND chat_id = $2")
                    .bind(&chat.channel)
                    .bind(&chat.chat_id)
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(match row {
                    Some(r) => r.try_get::<Option<i64>, _>("unreachable_at")?.is_some(),
                    None => false,
                })
            }

            async fn recover_in_flight(&self, channel: &str, expired_at: Option<DateTime<Utc>>) -> Result<u64, StoreError> {
                let n = sqlx::query(
                    "UPDATE outbox SET attempted_at = NULL, claimed_by = NULL, claim_until = NULL,
                            uncertain_resends = uncertain_resends + 1
                     WHERE channel = $1 AND attempted_at IS NOT NULL AND sent_at IS NULL AND failed_at IS NULL
                       AND ($2 IS NULL OR claim_until IS NULL OR claim_until < $2)",
                )
                .bind(channel)
                .bind(expired_at.map(millis))
                .execute(&self.pool)
                .await?
                .rows_affected();
                Ok(n)
            }

            async fn renew_claims(&self, channel: &str, claim: &Claim) -> Result<u64, StoreError> {
                let n = sqlx::query(
                    "UPDATE outbox SET claim_until = $3
                     WHERE channel = $1 AND claimed_by = $2 AND attempted_at IS NOT NULL
                       AND sent_at IS NULL AND failed_at IS NULL",
                )
                .bind(channel)
                .bind(&claim.owner)
                .bind(millis(claim.until))
                .execute(&self.pool)
                .await?
                .rows_affected();
                Ok(n)
            }

            async fn heartbeat(&self, channel: &str, worker: &str, now: DateTime<Utc>, lease: chrono::Duration) -> Result<Share, StoreError> {
                let mut tx = self.begin().await?;
                sqlx::query(
                    "INSERT INTO workers (channel, id, seen_at) VALUES ($1, $2, $3)
                     ON CONFLICT (channel, id) DO UPDATE SET seen_at = excluded.seen_at",
                )
                .bind(channel)
                .bind(worker)
                .bind(millis(now))
                .execute(&mut *tx)
                .await?;
                // Workers silent for a long time are gone for good.
                sqlx::query("DELETE FROM workers WHERE channel = $1 AND seen_at < $2")
                    .bind(channel)
                    .bind(millis(now - lease * 20))
                    .execute(&mut *tx)
                    .await?;
                let alive: Vec<String> = sqlx::query_scalar(
                    "SELECT id FROM workers WHERE channel = $1 AND seen_at >= $2 ORDER BY id",
                )
                .bind(channel)
                .bind(millis(now - lease))
                .fetch_all(&mut *tx)
                .await?;
                tx.commit().await?;
                let rank = alive.iter().position(|id| id == worker).unwrap_or(0);
                Ok(Share {
                    rank: u32::try_from(rank).unwrap_or(0),
                    of: u32::try_from(alive.len()).unwrap_or(1).max(1),
                })
            }

            async fn leave(&self, channel: &str, worker: &str) -> Result<(), StoreError> {
                sqlx::query("DELETE FROM workers WHERE channel = $1 AND id = $2")
                    .bind(channel)
                    .bind(worker)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn hold_back(&self, chat: &ChatKey, sequence: i64, at: DateTime<Utc>) -> Result<(), StoreError> {
                sqlx::query(
                    "INSERT INTO conversations (channel, chat_id, state, updated_at, behind_seq, behind_since)
                     VALUES ($1, $2, '', $4, $3, $4)
                     ON CONFLICT (channel, chat_id) DO UPDATE SET behind_seq = $3, behind_since = $4
                     WHERE conversations.behind_seq IS NULL OR conversations.behind_seq > $3
                        OR conversations.behind_since < $5",
                )
                .bind(&chat.channel)
                .bind(&chat.chat_id)
                .bind(sequence)
                .bind(millis(at))
                .bind(millis(at - BEHIND_WAIT))
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn outbox_of(&self, chat: &ChatKey) -> Result<Vec<OutboxItem>, StoreError> {
                let rows = sqlx::query(concat!(
                    "SELECT ", outbox_columns!(), " WHERE o.channel = $1 AND o.chat_id = $2 ORDER BY o.id"
                ))
                .bind(&chat.channel)
                .bind(&chat.chat_id)
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(|r| outbox_from_row(r, &self.vault)).collect()
            }

            async fn set_platform_status(&self, channel: &str, platform_id: &str, status: &str, at: DateTime<Utc>) -> Result<bool, StoreError> {
                let rank = |s: &str| match s {
                    "sent" => 1i64,
                    "delivered" => 2,
                    "read" => 3,
                    "failed" => 4,
                    _ => 0,
                };
                let n = sqlx::query(
                    "UPDATE outbox SET platform_status = $3, platform_status_at = $4
                     WHERE channel = $1 AND platform_id = $2
                       AND $5 > CASE platform_status WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2
                                                     WHEN 'read' THEN 3 WHEN 'failed' THEN 4 ELSE 0 END",
                )
                .bind(channel)
                .bind(platform_id)
                .bind(status)
                .bind(millis(at))
                .bind(rank(status))
                .execute(&self.pool)
                .await?
                .rows_affected();
                Ok(n > 0)
            }

            async fn hold_for_window(&self, item: &OutboxItem, note: HoldNote, at: DateTime<Utc>) -> Result<(), StoreError> {
                let mut tx = self.begin().await?;
                let n = sqlx::query(
                    "UPDATE outbox SET held_at = $2, attempted_at = NULL, last_error = $3
                     WHERE id = $1 AND sent_at IS NULL AND failed_at IS NULL",
                )
                .bind(item.id)
                .bind(millis(at))
                .bind("waiting for the user (24-hour window closed)")
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if n == 1 {
                    sqlx::query(if note == HoldNote::Invited {
                        "UPDATE conversations SET window_closed_at = $3, invited_at = $3 WHERE channel = $1 AND chat_id = $2"
                    } else {
                        "UPDATE conversations SET window_closed_at = $3 WHERE channel = $1 AND chat_id = $2"
                    })
                    .bind(&item.chat.channel)
                    .bind(&item.chat.chat_id)
                    .bind(millis(at))
                    .execute(&mut *tx)
                    .await?;
                    Self::tell_desk(&mut tx, &item.chat, "held", note.as_str(), millis(at)).await?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn platform_failed(&self, channel: &str, platform_id: &str, failure: PlatformFailure, at: DateTime<Utc>) -> Result<bool, StoreError> {
                let mut tx = self.begin().await?;
                let row = sqlx::query(
                    "SELECT id, chat_id FROM outbox
                     WHERE channel = $1 AND platform_id = $2 AND (platform_status IS NULL OR platform_status <> 'failed')
                     ORDER BY id DESC LIMIT 1",
                )
                .bind(channel)
                .bind(platform_id)
                .fetch_optional(&mut *tx)
                .await?;
                let Some(row) = row else {
                    // Unknown, or already known to have failed (a re-delivered status).
                    tx.rollback().await?;
                    return Ok(false);
                };
                let id: i64 = row.try_get("id")?;
                let chat = ChatKey { channel: channel.to_string(), chat_id: row.try_get("chat_id")? };
                if failure.window_closed {
                    // Sent too late after all: it goes again, as a held reply, once the user writes.
                    sqlx::query(
                        "UPDATE outbox SET sent_at = NULL, parts_done = 0, platform_id = NULL, platform_status = NULL,
                                platform_status_at = NULL, next_attempt_at = 0, last_error = $2
                         WHERE id = $1",
                    )
                    .bind(id)
                    .bind("refused by the platform: 24-hour window closed")
                    .execute(&mut *tx)
                    .await?;
                    sqlx::query("UPDATE conversations SET window_closed_at = $3 WHERE channel = $1 AND chat_id = $2")
                        .bind(&chat.channel)
                        .bind(&chat.chat_id)
                        .bind(millis(at))
                        .execute(&mut *tx)
                        .await?;
                } else {
                    let code = failure.code.map(|c| c.to_string()).unwrap_or_default();
                    sqlx::query(
                        "UPDATE outbox SET platform_status = 'failed', platform_status_at = $2, last_error = $3 WHERE id = $1",
                    )
                    .bind(id)
                    .bind(millis(at))
                    .bind(format!("the platform reports it failed ({code})"))
                    .execute(&mut *tx)
                    .await?;
                    Self::tell_desk(&mut tx, &chat, "undelivered", &code, millis(at)).await?;
                }
                tx.commit().await?;
                Ok(true)
            }

            async fn figures(&self) -> Result<Figures, StoreError> {
                let mut f = Figures::default();
                let rows = sqlx::query(
                    "SELECT channel, COUNT(*) AS n, SUM(CASE WHEN held_at IS NULL THEN 0 ELSE 1 END) AS held,
                            MIN(created_at) AS oldest
                     FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL GROUP BY channel ORDER BY channel",
                )
                .fetch_all(&self.pool)
                .await?;
                for r in rows {
                    f.outbox.push(OutboxFigure {
                        channel: r.try_get("channel")?,
                        backlog: r.try_get("n")?,
                        held: r.try_get::<Option<i64>, _>("held")?.unwrap_or(0),
                        oldest: r.try_get::<Option<i64>, _>("oldest")?.map(from_millis),
                    });
                }
                for (late, out) in [(false, &mut f.cases_open), (true, &mut f.cases_late)] {
                    let rows = sqlx::query(if late {
                        "SELECT queue, COUNT(*) AS n FROM cases
                         WHERE status NOT IN ('resolved', 'closed') AND first_response_at IS NULL AND sla_alerts > 0
                         GROUP BY queue ORDER BY queue"
                    } else {
                        "SELECT queue, COUNT(*) AS n FROM cases WHERE status NOT IN ('resolved', 'closed')
                         GROUP BY queue ORDER BY queue"
                    })
                    .fetch_all(&self.pool)
                    .await?;
                    for r in rows {
                        out.push((r.try_get("queue")?, r.try_get("n")?));
                    }
                }
                Ok(f)
            }

            async fn seen(&self, channel: &str, message_id: &str) -> Result<bool, StoreError> {
                let row = sqlx::query("SELECT 1 AS one FROM inbox WHERE channel = $1 AND message_id = $2")
                    .bind(channel)
                    .bind(message_id)
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(row.is_some())
            }

            async fn conversation(&self, chat: &ChatKey) -> Result<Option<Conversation>, StoreError> {
                let row = sqlx::query("SELECT state FROM conversations WHERE channel = $1 AND chat_id = $2")
                    .bind(&chat.channel)
                    .bind(&chat.chat_id)
                    .fetch_optional(&self.pool)
                    .await?;
                match row {
                    None => Ok(None),
                    Some(r) => {
                        let raw = self.vault.open(Column::ConversationState, &r.try_get::<String, _>("state")?)?;
                        if raw.is_empty() { Ok(None) } else { parse("conversation", &raw).map(Some) }
                    }
                }
            }

            async fn case(&self, reference: &str) -> Result<Option<StoredCase>, StoreError> {
                let row = sqlx::query(concat!("SELECT ", case_columns!(), " FROM cases WHERE reference = $1"))
                    .bind(reference)
                    .fetch_optional(&self.pool)
                    .await?;
                row.map(|r| case_from_row(&r, &self.vault)).transpose()
            }

            async fn cases_of(&self, chat: &ChatKey) -> Result<Vec<StoredCase>, StoreError> {
                let rows = sqlx::query(concat!(
                    "SELECT ",
                    case_columns!(),
                    " FROM cases WHERE channel = $1 AND chat_id = $2 ORDER BY created_at, id"
                ))
                .bind(&chat.channel)
                .bind(&chat.chat_id)
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(|r| case_from_row(r, &self.vault)).collect()
            }
        }
    };
}

/// The columns of an outbox row with its conversation's window, and where they come from.
macro_rules! outbox_columns {
    () => {
        "o.id, o.channel, o.chat_id, o.payload, o.created_at, o.attempts, o.edit_target, o.page, o.page_only,
         o.parts_done, o.platform_id, o.sent_at, o.failed_at, o.last_error, o.uncertain_resends,
         o.platform_status, o.held_at, c.last_user_at, c.window_closed_at, c.invited_at
         FROM outbox o LEFT JOIN conversations c ON c.channel = o.channel AND c.chat_id = o.chat_id"
    };
}

fn outbox_from_row<R: Row>(r: &R, vault: &Vault) -> Result<OutboxItem, StoreError>
where
    for<'a> &'a str: sqlx::ColumnIndex<R>,
    for<'a> String: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> i64: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> Option<String>: sqlx::Decode<'a, R::Database>,
    for<'a> Option<i64>: sqlx::Decode<'a, R::Database>,
{
    let payload = vault.open(Column::OutboxPayload, &r.try_get::<String, _>("payload")?)?;
    let small = |col: &str| -> Result<u32, StoreError> {
        Ok(u32::try_from(r.try_get::<i64, _>(col)?).unwrap_or(0))
    };
    Ok(OutboxItem {
        id: r.try_get("id")?,
        chat: ChatKey {
            channel: r.try_get("channel")?,
            chat_id: r.try_get("chat_id")?,
        },
        reply: parse("outbox payload", &payload)?,
        created_at: from_millis(r.try_get("created_at")?),
        attempts: r.try_get("attempts")?,
        edit_target: r.try_get("edit_target")?,
        page: small("page")?,
        page_only: small("page_only")? != 0,
        parts_done: small("parts_done")?,
        platform_id: r.try_get("platform_id")?,
        sent_at: r.try_get::<Option<i64>, _>("sent_at")?.map(from_millis),
        failed_at: r.try_get::<Option<i64>, _>("failed_at")?.map(from_millis),
        last_error: r.try_get("last_error")?,
        uncertain_resends: small("uncertain_resends")?,
        platform_status: r.try_get("platform_status")?,
        held_at: r.try_get::<Option<i64>, _>("held_at")?.map(from_millis),
        window: UserWindow {
            last_user_at: r
                .try_get::<Option<i64>, _>("last_user_at")?
                .map(from_millis),
            closed_at: r
                .try_get::<Option<i64>, _>("window_closed_at")?
                .map(from_millis),
            invited_at: r.try_get::<Option<i64>, _>("invited_at")?.map(from_millis),
        },
    })
}

/// A stored value opened by a job that must not stop at one bad value: None (logged) when it is
/// damaged; a key missing from the configuration is an error (the job changes nothing then).
fn open_unless_damaged(
    vault: &Vault,
    column: Column,
    stored: &str,
) -> Result<Option<String>, StoreError> {
    match vault.open(column, stored) {
        Ok(plain) => Ok(Some(plain)),
        Err(e @ crate::vault::VaultError::Damaged(_)) => {
            tracing::error!(column = column.name(), error = %e, "a stored value cannot be read");
            Ok(None)
        }
        Err(e) => Err(e.into()),
    }
}

/// A stored value opened for retention: a damaged one reads as `instead`, so that one
/// unreadable value does not stop the job.
fn readable(
    vault: &Vault,
    column: Column,
    stored: &str,
    instead: &str,
) -> Result<String, StoreError> {
    Ok(open_unless_damaged(vault, column, stored)?.unwrap_or_else(|| instead.to_string()))
}

/// What anonymising a finished case sets, with `$at` the parameter holding the time: its
/// reference, queue, kind, status, times and rating stay (for statistics); nothing names the
/// user any more.
macro_rules! anonymised {
    ($at:literal) => {
        concat!(
            "fields = '[]', attachments = '[]', summary = '', transcript = '[]', rating_comment = NULL,
             chat_id = '', anonymised_at = ", $at, ", scrubbed_at = COALESCE(scrubbed_at, ", $at, ")"
        )
    };
}

#[macro_export]
#[doc(hidden)]
macro_rules! case_columns {
    () => {
        "reference, channel, chat_id, queue, kind, status, fields, attachments, summary, transcript, created_at"
    };
}

pub(super) fn case_from_row<R: Row>(r: &R, vault: &Vault) -> Result<StoredCase, StoreError>
where
    for<'a> &'a str: sqlx::ColumnIndex<R>,
    for<'a> String: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> i64: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
    let queue: String = r.try_get("queue")?;
    let status: String = r.try_get("status")?;
    Ok(StoredCase {
        reference: r.try_get("reference")?,
        channel: r.try_get("channel")?,
        chat_id: r.try_get("chat_id")?,
        queue: Queue::parse(&queue).ok_or_else(|| StoreError::Corrupt(format!("queue {queue}")))?,
        kind: r.try_get("kind")?,
        status: CaseStatus::parse(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("status {status}")))?,
        fields: parse(
            "case fields",
            &vault.open(Column::CaseFields, &r.try_get::<String, _>("fields")?)?,
        )?,
        attachments: parse(
            "case attachments",
            &vault.open(
                Column::CaseAttachments,
                &r.try_get::<String, _>("attachments")?,
            )?,
        )?,
        summary: vault.open(Column::CaseSummary, &r.try_get::<String, _>("summary")?)?,
        transcript: parse(
            "case transcript",
            &vault.open(
                Column::CaseTranscript,
                &r.try_get::<String, _>("transcript")?,
            )?,
        )?,
        created_at: from_millis(r.try_get("created_at")?),
    })
}

store_impl!(
    SqliteStore,
    sqlx::Sqlite,
    "migrations/sqlite",
    "SELECT state, window_closed_at, behind_seq, behind_since FROM conversations WHERE channel = $1 AND chat_id = $2",
    // One process per SQLite file: it delivers everything (the binds must still be used).
    "AND ($4 <= 1 OR $5 >= 0)"
);
store_impl!(
    PgStore,
    sqlx::Postgres,
    "migrations/postgres",
    "SELECT state, window_closed_at, behind_seq, behind_since FROM conversations WHERE channel = $1 AND chat_id = $2 FOR UPDATE",
    // A worker delivers the chats (a forum topic goes with its group) that hash to its rank.
    "AND ($4 <= 1 OR mod(abs(hashtext(split_part(o.chat_id, ':', 1))::bigint), $4) = $5)"
);
