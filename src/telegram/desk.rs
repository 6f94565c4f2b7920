//! The agents' desk on Telegram: each case gets a forum topic in its queue's supergroup, agents
//! answer by writing in the topic, and their commands act on the case. Every agent update is
//! one transaction (see `store::DeskStore::act`).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use teloxide::payloads::{CreateForumTopic, DeleteForumTopic};
use teloxide::types::{ChatId, MessageId, Recipient, ThreadId};

use super::updates::DeskMessage;
use super::{CHANNEL, Telegram};
use crate::desk::{self, DESK_LANG, DeskCommand, DeskPolicy};
use crate::dialog::model::{DeskEvent, Event, Inbound, Queue, Reply};
use crate::dialog::{self, Conversation};
use crate::hours::BusinessHours;
use crate::i18n::Lang;
use crate::m;
use crate::store::{
    Actor, Agent, CaseAction, ChatKey, DeskResult, DeskStore, HoldNote, InboundRecord, Refusal,
    Role, Setting, StoreError, topic_chat,
};

/// How long a refused outsider is not told again (their attempts are still logged).
const REFUSAL_QUIET: Duration = Duration::from_secs(600);

fn note(tg: &Telegram, id: &str, vars: &[(&str, String)]) -> Reply {
    Reply {
        text: tg.bot.defs.locales.text(DESK_LANG, id, vars),
        ..Default::default()
    }
}

impl Telegram {
    /// A message in an agents' group.
    pub(super) async fn handle_desk(
        &self,
        message_id: String,
        at: DateTime<Utc>,
        m: DeskMessage,
    ) -> Result<(), StoreError> {
        let db = &self.bot.db;
        let chat = m.chat_id.to_string();
        let rec = InboundRecord {
            chat: ChatKey {
                channel: CHANNEL.into(),
                chat_id: chat.clone(),
            },
            message_id,
            received_at: at,
            pressed_message: None,
            sequence: None,
        };
        let here = match m.thread {
            Some(t) => topic_chat(CHANNEL, &chat, &t.to_string()),
            None => rec.chat.clone(),
        };
        let from = m.from_id.to_string();
        let known_group = db
            .queue_groups()
            .await?
            .iter()
            .any(|(_, channel, c)| channel == CHANNEL && *c == chat);
        let agent = db.agent(CHANNEL, &from).await?.filter(|a| a.active);
        if !known_group && agent.as_ref().is_none_or(|a| a.role != Role::Admin) {
            // Not an agents' group (yet): the bot stays out of it.
            return Ok(());
        }
        let Some(agent) = agent else {
            // Neither the message nor the command goes anywhere; the attempt is logged.
            let what = if m.text.as_deref().is_some_and(|t| t.starts_with('/')) {
                "agent command by a non-agent"
            } else {
                "message by a non-agent in an agents' group"
            };
            tracing::warn!(what, "refused in an agents' group");
            // Every attempt is logged; the explanation is given once in a while, not to every
            // message of someone who keeps writing.
            let now = Instant::now();
            let explain = self
                .refused_recently
                .get(&m.from_id)
                .is_none_or(|at| now.duration_since(*at) >= REFUSAL_QUIET);
            let replies = if explain {
                self.refused_recently.insert(m.from_id, now);
                self.refused_recently
                    .retain(|_, at| now.duration_since(*at) < REFUSAL_QUIET);
                vec![(here, note(self, m!("desk-not-agent"), &[]))]
            } else {
                Vec::new()
            };
            db.record_note(&rec, &from, "refused", None, what, None, replies)
                .await?;
            self.wake.notify_one();
            return Ok(());
        };
        let actor = Actor {
            user_id: from.clone(),
            name: agent.name.clone(),
            role: agent.role,
        };
        let command = m.text.as_deref().and_then(desk::parse_command);
        let admin_only = |tg: &Telegram| vec![(here.clone(), note(tg, m!("desk-admin-only"), &[]))];
        match (command, m.thread) {
            (Some(DeskCommand::ServeQueue(Some(queue))), _) => {
                let (setting, replies) = if agent.role < Role::Admin {
                    (None, admin_only(self))
                } else {
                    let label = self.bot.defs.locales.text(DESK_LANG, queue.label(), &[]);
                    let reply = note(self, m!("desk-queue-set"), &[("queue", label)]);
                    let setting = Setting::QueueGroup {
                        queue,
                        channel: CHANNEL.into(),
                        chat_id: chat.clone(),
                    };
                    (Some(setting), vec![(here, reply)])
                };
                let action = if setting.is_some() {
                    "queue_group"
                } else {
                    "refused"
                };
                db.record_note(&rec, &from, action, None, queue.as_str(), setting, replies)
                    .await?;
            }
            (Some(DeskCommand::AddAgent(args)), _) => {
                let (setting, replies) = if agent.role < Role::Admin {
                    (None, admin_only(self))
                } else if let Some((user_id, role, name)) = args {
                    let setting = Setting::Agent(Agent {
                        channel: CHANNEL.into(),
                        user_id,
                        name: name.clone(),
                        role,
                        active: true,
                    });
                    let vars = [("name", name), ("role", role.as_str().into())];
                    (
                        Some(setting),
                        vec![(here, note(self, m!("desk-agent-added"), &vars))],
                    )
                } else {
                    (None, vec![(here, note(self, m!("desk-agent-usage"), &[]))])
                };
                db.record_note(&rec, &from, "agent_add", None, "", setting, replies)
                    .await?;
            }
            (Some(DeskCommand::RemoveAgent(id)), _) => {
                let (setting, replies) = match id {
                    _ if agent.role < Role::Admin => (None, admin_only(self)),
                    Some(id) => match db.agent(CHANNEL, &id).await? {
                        Some(mut gone) => {
                            gone.active = false;
                            let reply = note(
                                self,
                                m!("desk-agent-removed"),
                                &[("name", gone.name.clone())],
                            );
                            (Some(Setting::Agent(gone)), vec![(here, reply)])
                        }
                        None => (
                            None,
                            vec![(here, note(self, m!("desk-agent-unknown"), &[]))],
                        ),
                    },
                    None => (None, vec![(here, note(self, m!("desk-agent-usage"), &[]))]),
                };
                db.record_note(&rec, &from, "agent_remove", None, "", setting, replies)
                    .await?;
            }
            (Some(DeskCommand::BadQueue | DeskCommand::ServeQueue(None)), _) => {
                let queues: Vec<&str> = crate::dialog::model::Queue::ALL
                    .iter()
                    .map(|q| q.as_str())
                    .collect();
                let reply = note(self, m!("desk-bad-queue"), &[("queues", queues.join(", "))]);
                db.record_note(&rec, &from, "help", None, "", None, vec![(here, reply)])
                    .await?;
            }
            (Some(DeskCommand::Help), _) => {
                let reply = note(self, m!("desk-help"), &[]);
                db.record_note(&rec, &from, "help", None, "", None, vec![(here, reply)])
                    .await?;
            }
            (Some(DeskCommand::Audit(period)), _) => {
                let replies = match period {
                    _ if agent.role < Role::Admin => admin_only(self),
                    Some((first, last)) => {
                        // Days in WIB, the last one included.
                        let wib = chrono::FixedOffset::east_opt(7 * 3600).expect("UTC+7");
                        let start = |d: chrono::NaiveDate| {
                            d.and_hms_opt(0, 0, 0)
                                .and_then(|t| t.and_local_timezone(wib).single())
                                .map(|t| t.with_timezone(&Utc))
                                .unwrap_or_default()
                        };
                        let to = last.succ_opt().unwrap_or(last);
                        let entries = db.audit_between(start(first), start(to)).await?;
                        let mut reply = note(
                            self,
                            m!("desk-audit-ready"),
                            &[
                                ("first", first.to_string()),
                                ("last", last.to_string()),
                                ("count", entries.len().to_string()),
                            ],
                        );
                        reply.file = Some(crate::dialog::model::OutFile {
                            name: format!("audit-{first}-{last}.csv"),
                            mime: "text/csv".into(),
                            content: crate::desk::audit_csv(&entries),
                        });
                        vec![(here, reply)]
                    }
                    None => vec![(here, note(self, m!("desk-audit-usage"), &[]))],
                };
                db.record_note(&rec, &from, "audit_export", None, "", None, replies)
                    .await?;
            }
            (Some(DeskCommand::FindNik(nik)), _) => {
                if nik.is_some() {
                    // The NIK typed in the group is deleted from it, whoever typed it.
                    self.remove_secret(m.chat_id, m.message_id);
                }
                let (detail, replies) = match nik {
                    _ if agent.role < Role::Supervisor => (
                        "NIK lookup by an agent".to_string(),
                        vec![(here, note(self, m!("desk-supervisor-only"), &[]))],
                    ),
                    Some(nik) => {
                        let found = db.cases_with_identifier("nik", &nik).await?;
                        let masked = crate::mask::mask_nik(&nik);
                        let mut text = note(
                            self,
                            m!("desk-find-result"),
                            &[("nik", masked.clone()), ("count", found.len().to_string())],
                        )
                        .text;
                        for c in &found {
                            let queue = self.bot.defs.locales.text(DESK_LANG, c.queue.label(), &[]);
                            text.push_str(&format!(
                                "\n• {} · {} · {} · {}",
                                c.reference,
                                queue,
                                c.status.as_str(),
                                c.created_at
                                    .with_timezone(
                                        &chrono::FixedOffset::east_opt(7 * 3600).expect("UTC+7")
                                    )
                                    .format("%Y-%m-%d")
                            ));
                        }
                        let private = ChatKey {
                            channel: CHANNEL.into(),
                            chat_id: agent.user_id.clone(),
                        };
                        (
                            format!("cases looked up by NIK {masked}: {} found", found.len()),
                            vec![
                                (
                                    private,
                                    Reply {
                                        text,
                                        ..Default::default()
                                    },
                                ),
                                (here, note(self, m!("desk-find-sent"), &[])),
                            ],
                        )
                    }
                    None => (
                        "NIK lookup without a NIK".to_string(),
                        vec![(here, note(self, m!("desk-find-usage"), &[]))],
                    ),
                };
                db.record_note(&rec, &from, "find_nik", None, &detail, None, replies)
                    .await?;
            }
            (Some(DeskCommand::Holiday(args)), _) => {
                let (setting, replies) = match args {
                    _ if agent.role < Role::Admin => (None, admin_only(self)),
                    Some((day, name)) => {
                        let shown = day.format("%Y-%m-%d").to_string();
                        let reply = note(self, m!("desk-holiday-added"), &[("day", shown)]);
                        (Some(Setting::Holiday { day, name }), vec![(here, reply)])
                    }
                    None => (
                        None,
                        vec![(here, note(self, m!("desk-holiday-usage"), &[]))],
                    ),
                };
                db.record_note(&rec, &from, "holiday", None, "", setting, replies)
                    .await?;
            }
            (Some(DeskCommand::SaveCanned(args)), _) => {
                let (setting, replies) = match args {
                    _ if agent.role < Role::Supervisor => (
                        None,
                        vec![(here, note(self, m!("desk-supervisor-only"), &[]))],
                    ),
                    Some((queue, lang, name, body)) => {
                        let reply = note(self, m!("desk-canned-saved"), &[("name", name.clone())]);
                        let setting = Setting::Canned {
                            queue,
                            name,
                            lang: lang.code().into(),
                            body,
                        };
                        (Some(setting), vec![(here, reply)])
                    }
                    None => (None, vec![(here, note(self, m!("desk-canned-usage"), &[]))]),
                };
                db.record_note(&rec, &from, "canned_save", None, "", setting, replies)
                    .await?;
            }
            (
                Some(DeskCommand::Case(..) | DeskCommand::Canned(_) | DeskCommand::Reveal(_)),
                None,
            ) => {
                let reply = note(self, m!("desk-no-case"), &[]);
                db.record_note(&rec, &from, "help", None, "", None, vec![(here, reply)])
                    .await?;
            }
            // Agents talk among themselves outside the case topics.
            (None, None) => {}
            (cmd, Some(thread)) => {
                let Some(dc) = db.case_by_topic(&chat, &thread.to_string()).await? else {
                    // A topic whose case moved on (transferred, replaced): nothing goes anywhere.
                    let reply = note(self, m!("desk-no-case"), &[]);
                    db.record_note(&rec, &from, "help", None, "", None, vec![(here, reply)])
                        .await?;
                    self.wake.notify_one();
                    return Ok(());
                };
                let reference = dc.case.reference.clone();
                let (mut msg_text, msg_file) = (m.text.clone(), m.file.clone());
                let (action, body) = match cmd {
                    Some(DeskCommand::Case(CaseAction::Transfer(queue), _))
                        if !db.queue_groups().await?.iter().any(|(q, channel, _)| {
                            channel == CHANNEL && (*q == queue || *q == Queue::General)
                        }) =>
                    {
                        let label = self.bot.defs.locales.text(DESK_LANG, queue.label(), &[]);
                        let reply = note(self, m!("desk-transfer-no-group"), &[("queue", label)]);
                        db.record_note(&rec, &from, "help", Some(&reference), "", None, vec![(here, reply)])
                            .await?;
                        self.wake.notify_one();
                        return Ok(());
                    }
                    Some(DeskCommand::Case(action, arg)) => (action, arg),
                    Some(DeskCommand::Reveal(reason)) => {
                        return self.reveal(&rec, &agent, &dc, here, &reason).await;
                    }
                    Some(DeskCommand::Canned(name)) => {
                        match db.canned(dc.case.queue, &name, &dc.lang).await? {
                            Some(text) => {
                                msg_text = Some(text);
                                (CaseAction::Message, format!("template:{name}"))
                            }
                            None => {
                                let reply = note(self, m!("desk-canned-missing"), &[("name", name)]);
                                db.record_note(&rec, &from, "help", None, "", None, vec![(here, reply)])
                                    .await?;
                                return Ok(());
                            }
                        }
                    }
                    _ => (
                        CaseAction::Message,
                        serde_json::json!({ "text": m.text, "file": m.file.as_ref().map(|f| &f.reference) })
                            .to_string(),
                    ),
                };
                let event = match &action {
                    CaseAction::Claim => Some(DeskEvent::Claimed {
                        reference: reference.clone(),
                        agent: agent.name.clone(),
                    }),
                    CaseAction::Release => Some(DeskEvent::Released {
                        reference: reference.clone(),
                    }),
                    CaseAction::Message => Some(DeskEvent::Message {
                        reference: reference.clone(),
                        agent: agent.name.clone(),
                        text: msg_text.clone(),
                        media: msg_file.clone(),
                    }),
                    CaseAction::WaitingUser => Some(DeskEvent::WaitingUser {
                        reference: reference.clone(),
                    }),
                    CaseAction::Resolve => Some(DeskEvent::Resolved {
                        reference: reference.clone(),
                    }),
                    CaseAction::Reopen => Some(DeskEvent::Reopened {
                        reference: reference.clone(),
                    }),
                    CaseAction::Transfer(queue) => Some(DeskEvent::Transferred {
                        reference: reference.clone(),
                        queue: *queue,
                    }),
                    CaseAction::Note => None,
                };
                let defs = Arc::clone(&self.bot.defs);
                let nonce: u64 = rand::random();
                let user_step = event.map(|ev| {
                    move |state: Option<Conversation>, open_cases, claimed_now: bool| {
                        let inbound = |event| Inbound {
                            event,
                            now: at,
                            open_cases: Vec::clone(&open_cases),
                            nonce,
                        };
                        let state = state.unwrap_or_default();
                        // A first message on an unclaimed case: the user hears who joined.
                        // A first message on an unclaimed case took it: the user hears who joined.
                        let state = if claimed_now && matches!(ev, DeskEvent::Message { .. }) {
                            let joined = DeskEvent::Claimed {
                                reference: ev.reference().to_string(),
                                agent: match &ev {
                                    DeskEvent::Message { agent, .. } => agent.clone(),
                                    _ => String::new(),
                                },
                            };
                            let first = dialog::step(&defs, state, &inbound(Event::Desk(joined)));
                            let second =
                                dialog::step(&defs, first.state, &inbound(Event::Desk(ev)));
                            let mut replies = first.replies;
                            replies.extend(second.replies);
                            let mut effects = first.effects;
                            effects.extend(second.effects);
                            return dialog::Outcome {
                                state: second.state,
                                replies,
                                effects,
                                withheld: false,
                            };
                        } else {
                            state
                        };
                        dialog::step(&defs, state, &inbound(Event::Desk(ev)))
                    }
                });
                let locales = &self.bot.defs.locales;
                let name = agent.name.clone();
                let action_for_notes = action.clone();
                let notes = move |result: &DeskResult| -> Vec<(ChatKey, Reply)> {
                    let t = |id: &str, vars: &[(&str, String)]| Reply {
                        text: locales.text(DESK_LANG, id, vars),
                        ..Default::default()
                    };
                    let agent = || vec![("agent", name.clone())];
                    let text = match result {
                        DeskResult::Duplicate => return Vec::new(),
                        DeskResult::Refused(Refusal::OwnedBy(owner)) => {
                            t(m!("desk-owned-by"), &[("agent", owner.clone())])
                        }
                        DeskResult::Refused(Refusal::Finished) => t(m!("desk-finished"), &[]),
                        DeskResult::Refused(Refusal::NotFinished) => {
                            t(m!("desk-not-finished"), &[])
                        }
                        DeskResult::Refused(Refusal::NoSuchCase) => t(m!("desk-no-case"), &[]),
                        DeskResult::Done(brief) => match &action_for_notes {
                            CaseAction::Claim => t(m!("desk-claimed"), &agent()),
                            CaseAction::Message if brief.claimed_now => {
                                t(m!("desk-claimed"), &agent())
                            }
                            CaseAction::Message => return Vec::new(),
                            CaseAction::Release => t(m!("desk-released-note"), &agent()),
                            CaseAction::WaitingUser => t(m!("desk-waiting-note"), &[]),
                            CaseAction::Resolve => t(m!("desk-resolved-note"), &agent()),
                            CaseAction::Reopen => t(m!("desk-reopened-note"), &agent()),
                            CaseAction::Note => t(m!("desk-note-saved"), &[]),
                            CaseAction::Transfer(q) => {
                                let mut v = agent();
                                v.push(("queue", locales.text(DESK_LANG, q.label(), &[])));
                                t(m!("desk-transferred-note"), &v)
                            }
                        },
                    };
                    vec![(here.clone(), text)]
                };
                let result = db
                    .act(&rec, &reference, &actor, &action, &body, user_step, notes)
                    .await?;
                tracing::info!(
                    case = %reference,
                    action = ?std::mem::discriminant(&action),
                    done = matches!(result, DeskResult::Done(_)),
                    "desk action"
                );
            }
        }
        self.wake.notify_one();
        self.desk_wake.notify_one();
        Ok(())
    }
}

impl Telegram {
    /// A supervisor sees the case's NIKs unmasked, in a private message; the topic and the
    /// audit log record who did it.
    async fn reveal(
        &self,
        rec: &InboundRecord,
        agent: &Agent,
        dc: &crate::store::DeskCase,
        here: ChatKey,
        reason: &str,
    ) -> Result<(), StoreError> {
        let db = &self.bot.db;
        let reference = dc.case.reference.clone();
        let reason = reason.trim();
        if agent.role >= Role::Supervisor && reason.is_empty() {
            // Every reveal says why, in the audit log.
            let reply = note(self, m!("desk-reveal-why"), &[]);
            db.record_note(
                rec,
                &agent.user_id,
                "help",
                Some(&reference),
                "NIK reveal without a reason",
                None,
                vec![(here, reply)],
            )
            .await?;
        } else if agent.role < Role::Supervisor {
            let reply = note(self, m!("desk-supervisor-only"), &[]);
            db.record_note(
                rec,
                &agent.user_id,
                "refused",
                Some(&reference),
                "NIK reveal by an agent",
                None,
                vec![(here, reply)],
            )
            .await?;
        } else {
            let mut text = self.bot.defs.locales.text(
                DESK_LANG,
                m!("desk-reveal"),
                &[("reference", reference.clone())],
            );
            for (label, value) in &dc.case.fields {
                if crate::desk::mask_field(label, value) != *value {
                    text.push_str(&format!("\n• {label}: {value}"));
                }
            }
            let private = ChatKey {
                channel: CHANNEL.into(),
                chat_id: agent.user_id.clone(),
            };
            let topic_note = note(self, m!("desk-revealed"), &[("agent", agent.name.clone())]);
            db.record_note(
                rec,
                &agent.user_id,
                "reveal_nik",
                Some(&reference),
                // The reason is the supervisor's words: what personal data they hold is masked.
                &format!(
                    "personal fields shown unmasked; reason: {}",
                    crate::mask::mask_text(reason)
                ),
                None,
                vec![
                    (
                        private,
                        Reply {
                            text,
                            ..Default::default()
                        },
                    ),
                    (here, topic_note),
                ],
            )
            .await?;
        }
        self.wake.notify_one();
        Ok(())
    }
}

/// Opens topics for new cases and shows users' messages in their case's topic.
pub(super) async fn run_topics(tg: Arc<Telegram>, interval: Duration, policy: DeskPolicy) {
    let mut failed: HashMap<String, Instant> = HashMap::new();
    loop {
        if let Err(e) = topics_once(&tg, &mut failed, &policy).await {
            tracing::error!(error = %e, "desk topics: database error");
        }
        tokio::select! {
            _ = tg.desk_wake.notified() => {}
            _ = tokio::time::sleep(interval) => {}
        }
    }
}

/// The hours of a queue with the configured and the stored holidays.
fn hours_of(policy: &DeskPolicy, queue: Queue, holidays: &[chrono::NaiveDate]) -> BusinessHours {
    policy
        .for_queue(queue)
        .hours
        .clone()
        .with_holidays(policy.holidays.iter().chain(holidays).copied())
}

/// "4 jam kerja" / "30 menit kerja" in the user's language.
fn target_text(locales: &crate::i18n::Locales, lang: Lang, target: chrono::Duration) -> String {
    let minutes = target.num_minutes();
    if minutes % 60 == 0 {
        locales.text(
            lang,
            m!("desk-target-hours"),
            &[("n", (minutes / 60).to_string())],
        )
    } else {
        locales.text(
            lang,
            m!("desk-target-minutes"),
            &[("n", minutes.to_string())],
        )
    }
}

/// What the user is told when their case reaches the desk: the expected answer time, or
/// when the desk opens again.
fn received_note(
    locales: &crate::i18n::Locales,
    dc: &crate::store::DeskCase,
    hours: &BusinessHours,
    target: chrono::Duration,
    now: DateTime<Utc>,
) -> Reply {
    let lang = Lang::from_tag(&dc.lang).unwrap_or_default();
    let english = lang == Lang::En;
    let queue = locales.text(lang, dc.case.queue.label(), &[]);
    let mut vars = vec![
        ("reference", dc.case.reference.clone()),
        ("queue", queue),
        ("hours", hours.describe(english)),
        ("target", target_text(locales, lang, target)),
    ];
    let text = if hours.is_open(now) {
        locales.text(lang, m!("desk-received-open"), &vars)
    } else {
        let next = hours
            .next_open(now)
            .map(|t| hours.describe_moment(t, english))
            .unwrap_or_default();
        vars.push(("next", next));
        locales.text(lang, m!("desk-received-closed"), &vars)
    };
    Reply {
        text,
        ..Default::default()
    }
}

async fn topics_once(
    tg: &Telegram,
    failed: &mut HashMap<String, Instant>,
    policy: &DeskPolicy,
) -> Result<(), StoreError> {
    let db = &tg.bot.db;
    let locales = &tg.bot.defs.locales;
    let holidays = db.holidays().await?;
    let now = Utc::now();
    let groups: HashMap<_, _> = db
        .queue_groups()
        .await?
        .into_iter()
        .filter(|(_, channel, _)| channel == CHANNEL)
        .map(|(q, _, chat)| (q, chat))
        .collect();
    let mut posted = false;
    // With no group for this channel no case can get a topic: do not look for them (that
    // query reads every case still without a topic, after each user message).
    let needing = if groups.is_empty() {
        Vec::new()
    } else {
        db.cases_needing_topic(CHANNEL, 200).await?
    };
    for dc in needing {
        let reference = dc.case.reference.clone();
        if failed
            .get(&reference)
            .is_some_and(|at| at.elapsed() < Duration::from_secs(30))
        {
            continue;
        }
        // A queue without a group of its own goes to the general queue's group.
        let Some(chat) = groups
            .get(&dc.case.queue)
            .or_else(|| groups.get(&Queue::General))
        else {
            continue;
        };
        let Ok(chat_id) = chat.parse::<i64>() else {
            failed.insert(reference, Instant::now());
            continue;
        };
        let queue = locales.text(DESK_LANG, dc.case.queue.label(), &[]);
        let name: String = locales
            .text(
                DESK_LANG,
                m!("desk-topic-name"),
                &[("reference", reference.clone()), ("queue", queue)],
            )
            .chars()
            .take(128)
            .collect();
        let req = CreateForumTopic::new(Recipient::Id(ChatId(chat_id)), name);
        match tg.api.call(&req).await {
            Ok(topic) => {
                let thread = topic.thread_id.0.0.to_string();
                let posts = desk::first_posts(locales, &dc);
                let hours = hours_of(policy, dc.case.queue, &holidays);
                let target = policy.for_queue(dc.case.queue).first_response;
                let user = ChatKey {
                    channel: dc.case.channel.clone(),
                    chat_id: dc.case.chat_id.clone(),
                };
                let told = vec![(user, received_note(locales, &dc, &hours, target, now))];
                match db
                    .open_topic(&reference, chat, &thread, posts, told, now)
                    .await
                {
                    Ok(true) => {
                        failed.remove(&reference);
                        posted = true;
                    }
                    Ok(false) => {
                        // Someone else gave it a topic first: this one is not needed.
                        let req = DeleteForumTopic::new(
                            Recipient::Id(ChatId(chat_id)),
                            ThreadId(MessageId(topic.thread_id.0.0)),
                        );
                        let _ = tg.api.call(&req).await;
                    }
                    Err(e) => {
                        // Not recorded: wait before making another topic for it.
                        tracing::error!(case = %reference, error = %e, "recording the case's topic failed");
                        failed.insert(reference, Instant::now());
                    }
                }
            }
            Err(e) => {
                tracing::error!(case = %reference, error = %e, "creating the case's forum topic failed");
                failed.insert(reference, Instant::now());
            }
        }
    }
    for r in db.pending_relays(CHANNEL, 100).await? {
        let key = topic_chat(CHANNEL, &r.topic.0, &r.topic.1);
        let post = match r.kind.as_str() {
            "user_left" => note(tg, m!("desk-user-left"), &[]),
            "held" => note(
                tg,
                match HoldNote::parse(&r.detail) {
                    Some(HoldNote::Invited) => m!("desk-window-held-invited"),
                    Some(HoldNote::NoTemplate) => m!("desk-window-held-no-template"),
                    Some(HoldNote::TemplateRefused) => m!("desk-window-held-template-refused"),
                    Some(HoldNote::AlreadyInvited) | None => m!("desk-window-held-already"),
                },
                &[],
            ),
            "undelivered" => note(tg, m!("desk-message-undelivered"), &[("code", r.detail)]),
            "given_up" => note(tg, m!("desk-message-given-up"), &[]),
            _ => desk::relay_post(locales, &r.relay),
        };
        db.relay_to_topic(r.event_id, vec![(key, post)], Utc::now())
            .await?;
        posted = true;
    }
    // Cases waiting past their first-response target: once in the topic, and once more,
    // at twice the target, in the group's general chat for the supervisors.
    for (dc, alerts) in db.awaiting_response(CHANNEL, 200).await? {
        let Some((chat, thread)) = dc.topic.clone() else {
            continue;
        };
        let hours = hours_of(policy, dc.case.queue, &holidays);
        let target = policy.for_queue(dc.case.queue).first_response;
        let waited = hours.business_elapsed(dc.case.created_at, now);
        let level = if waited >= target * 2 {
            2
        } else if waited >= target {
            1
        } else {
            0
        };
        if level <= alerts {
            continue;
        }
        let vars = [
            ("reference", dc.case.reference.clone()),
            ("target", target_text(locales, DESK_LANG, target)),
        ];
        let mut posts = Vec::new();
        if alerts < 1 {
            posts.push((
                topic_chat(CHANNEL, &chat, &thread),
                note(tg, m!("desk-late"), &vars),
            ));
        }
        if level >= 2 {
            let mut vars = vars.to_vec();
            vars.push(("supervisors", db.supervisors(CHANNEL).await?.join(", ")));
            posts.push((
                ChatKey {
                    channel: CHANNEL.into(),
                    chat_id: chat.clone(),
                },
                note(tg, m!("desk-late-twice"), &vars),
            ));
        }
        if db
            .raise_late_alert(&dc.case.reference, level, posts, now)
            .await?
        {
            tracing::warn!(case = %dc.case.reference, level, "case waiting past its first-response target");
            posted = true;
        }
    }
    if posted {
        tg.wake.notify_one();
    }
    failed.retain(|_, at| at.elapsed() < Duration::from_secs(600));
    Ok(())
}
