//! The conversation while an agent owns it: the user's messages go to the case, the agent's
//! messages and decisions come back as desk events, and after a resolve the bot asks for a
//! rating. While a case waits for an agent the bot keeps the conversation (the user can go on
//! with a procedure); the agent who claims the case takes it over.

use super::{Answer, Choice, Machine};
use crate::dialog::commands::{self, Command};
use crate::dialog::model::{DeskEvent, Effect, Event, Relay};
use crate::dialog::secrets;
use crate::dialog::state::{DeskLink, Pending};
use crate::m;

impl Machine<'_> {
    /// Whether an agent owns the conversation now.
    pub(super) fn agent_owns(&self) -> bool {
        self.st.desk.as_ref().is_some_and(|d| d.agent.is_some())
    }

    /// Handles a user's event while an agent owns the conversation; false when the ordinary
    /// dialog should handle it (no agent, or a question of the bot's own is open).
    pub(super) fn desk_input(&mut self) -> bool {
        if let (Some(Pending::AddToCase(reference)), Event::File(f)) =
            (self.st.pending.clone(), &self.inb.event)
        {
            // A file as the information to add.
            self.st.pending = None;
            self.st
                .remember_line(true, &format!("[{}]", f.name.as_deref().unwrap_or("file")));
            self.effects.push(Effect::Relay(Relay {
                reference: reference.clone(),
                text: None,
                file: Some(f.clone()),
            }));
            self.note_v(m!("case-info-added"), &[("reference", reference)]);
            return true;
        }
        let Some(link) = self.st.desk.clone().filter(|d| d.agent.is_some()) else {
            return false;
        };
        if self.st.pending.is_some() {
            return false;
        }
        let reference = link.reference.clone();
        match &self.inb.event {
            Event::Text(raw) => {
                let text = raw.trim();
                if secrets::looks_like_secret(text, None) {
                    self.withheld = true;
                    self.st.remember_line(true, "[…]");
                    self.note(m!("secret-warning"));
                    return true;
                }
                self.st.remember_line(true, text);
                match commands::parse(text) {
                    Some(Command::Cancel) => self.st.pending = Some(Pending::ConfirmLeaveDesk),
                    Some(Command::Status) => self.status(),
                    // A user's right to their data holds while they talk with an agent.
                    Some(cmd @ (Command::Language(_) | Command::MyData)) => {
                        return self.desk_command(cmd);
                    }
                    Some(_) => self.note_v(m!("desk-in-chat"), &[("reference", reference)]),
                    None if text.is_empty() => self.note(m!("empty-message")),
                    None => self.relay(&link, Some(text.to_string()), None),
                }
            }
            Event::File(f) => {
                self.st
                    .remember_line(true, &format!("[{}]", f.name.as_deref().unwrap_or("file")));
                self.relay(&link, None, Some(f.clone()));
            }
            Event::Resume | Event::Choice { .. } => {
                self.note_v(m!("desk-in-chat"), &[("reference", reference)]);
            }
            Event::Unsupported | Event::Edited | Event::Desk(_) => return false,
        }
        true
    }

    fn desk_command(&mut self, cmd: Command) -> bool {
        self.command(cmd);
        true
    }

    fn relay(
        &mut self,
        link: &DeskLink,
        text: Option<String>,
        file: Option<crate::dialog::FileInfo>,
    ) {
        self.effects.push(Effect::Relay(Relay {
            reference: link.reference.clone(),
            text,
            file,
        }));
    }

    /// An agent's action on one of the user's cases.
    pub(super) fn desk_event(&mut self, ev: &DeskEvent) {
        let reference = ev.reference().to_string();
        let r = || vec![("reference", reference.clone())];
        match ev {
            DeskEvent::Claimed { agent, .. } => {
                let mut vars = r();
                vars.push(("agent", agent.clone()));
                self.note_v(m!("desk-agent-joined"), &vars);
                if self.busy_elsewhere(&reference) {
                    // The user is with an agent on another case: that chat stays as it is.
                    self.note_v(m!("desk-reply-hint"), &r());
                } else {
                    self.st.desk = Some(DeskLink {
                        reference: reference.clone(),
                        agent: Some(agent.clone()),
                    });
                }
            }
            DeskEvent::Message {
                agent, text, media, ..
            } => {
                let linked = self
                    .st
                    .desk
                    .as_ref()
                    .is_some_and(|d| d.reference == reference);
                if let Some(d) = self.st.desk.as_mut().filter(|d| d.reference == reference)
                    && d.agent.is_none()
                {
                    d.agent = Some(agent.clone());
                }
                let body = match text {
                    Some(t) => self.tv(
                        m!("desk-agent-message"),
                        &[("agent", agent.clone()), ("text", t.clone())],
                    ),
                    None => self.tv(m!("desk-agent-file"), &[("agent", agent.clone())]),
                };
                self.st.remember_line(false, &body);
                self.flush_notes();
                self.replies.push(crate::dialog::Reply {
                    text: body,
                    media: media.clone(),
                    ..Default::default()
                });
                // Not in a chat with this case's agent (the user left it, or is in another):
                // the message arrives all the same, and the user is told how to answer.
                if !linked {
                    self.note_v(m!("desk-reply-hint"), &r());
                }
            }
            DeskEvent::Released { .. } => {
                if let Some(d) = self.st.desk.as_mut().filter(|d| d.reference == reference) {
                    d.agent = None;
                }
                self.note_v(m!("desk-released"), &r());
            }
            DeskEvent::WaitingUser { .. } => self.note_v(m!("desk-waiting-user"), &r()),
            DeskEvent::Transferred { queue, .. } => {
                if let Some(d) = self.st.desk.as_mut().filter(|d| d.reference == reference) {
                    d.agent = None;
                }
                let mut vars = r();
                vars.push(("queue", self.t(queue.label())));
                self.note_v(m!("desk-transferred"), &vars);
            }
            DeskEvent::Resolved { .. } => {
                if self
                    .st
                    .desk
                    .as_ref()
                    .is_some_and(|d| d.reference == reference)
                {
                    self.st.desk = None;
                }
                self.note_v(m!("desk-resolved"), &r());
                // The rating waits for no question of the bot's: one the user is answering
                // keeps priority, and this case goes unrated.
                if self.st.pending.is_none() && !self.agent_owns() {
                    self.st.pending = Some(Pending::Rating(reference));
                }
            }
            DeskEvent::Reopened { .. } => {
                if !self.busy_elsewhere(&reference) {
                    self.st.desk = Some(DeskLink {
                        reference: reference.clone(),
                        agent: None,
                    });
                }
                if matches!(&self.st.pending, Some(Pending::Rating(r) | Pending::RatingComment(r, _)) if *r == reference)
                {
                    self.st.pending = None;
                }
                self.note_v(m!("desk-reopened"), &r());
            }
        }
    }

    /// Whether an agent owns the conversation for a case other than `reference`.
    fn busy_elsewhere(&self, reference: &str) -> bool {
        self.st
            .desk
            .as_ref()
            .is_some_and(|d| d.agent.is_some() && d.reference != reference)
    }

    /// Notes said so far go out as their own message, before a message of the desk.
    pub(super) fn flush_notes(&mut self) {
        if !self.notes.is_empty() {
            let text = std::mem::take(&mut self.notes).join("\n\n");
            self.replies.push(crate::dialog::Reply {
                text,
                ..Default::default()
            });
        }
    }

    /// Answers to the questions about the desk (leaving it, rating a case).
    pub(super) fn answer_desk_pending(&mut self, pending: Pending, answer: Answer<'_>) {
        match (pending, answer) {
            (Pending::ConfirmLeaveDesk, Answer::Pick(v)) => {
                self.st.pending = None;
                let Some(link) = self.st.desk.clone() else {
                    return;
                };
                if v == "yes" {
                    self.st.desk = None;
                    self.effects.push(Effect::LeaveDesk {
                        reference: link.reference.clone(),
                    });
                    self.note_v(m!("desk-left"), &[("reference", link.reference)]);
                } else {
                    self.note(m!("desk-stay"));
                }
            }
            (Pending::Rating(reference), Answer::Pick(v)) => match v.parse::<u8>() {
                Ok(n @ 1..=5) => self.st.pending = Some(Pending::RatingComment(reference, n)),
                _ => {
                    self.st.pending = None;
                    self.note(m!("rating-skipped"));
                }
            },
            (Pending::RatingComment(reference, rating), answer) => {
                self.st.pending = None;
                let comment = match answer {
                    Answer::Text(t) => Some(t.chars().take(1000).collect()),
                    Answer::Pick(_) => None,
                };
                self.effects.push(Effect::Rate {
                    reference,
                    rating,
                    comment,
                });
                self.note(m!("rating-thanks"));
            }
            (Pending::AddToCase(reference), Answer::Text(t)) => {
                self.st.pending = None;
                self.effects.push(Effect::Relay(Relay {
                    reference: reference.clone(),
                    text: Some(t.to_string()),
                    file: None,
                }));
                self.note_v(m!("case-info-added"), &[("reference", reference)]);
            }
            (Pending::AddToCase(_), Answer::Pick(_)) => {
                self.st.pending = None;
                self.note(m!("case-info-cancelled"));
            }
            (_, Answer::Text(_)) => self.not_an_option(),
            _ => {}
        }
    }

    /// Options of the desk's questions.
    pub(super) fn desk_choices(&self, pending: &Pending) -> Option<Vec<Choice>> {
        let c = |value: &str, label: String| Choice {
            value: value.to_string(),
            label,
        };
        Some(match pending {
            Pending::ConfirmLeaveDesk => vec![
                c("yes", self.t(m!("opt-leave-desk-yes"))),
                c("no", self.t(m!("opt-leave-desk-no"))),
            ],
            Pending::Rating(_) => {
                let mut v: Vec<Choice> = (1..=5)
                    .map(|n| c(&n.to_string(), format!("{n} {}", "⭐".repeat(n))))
                    .collect();
                v.push(c("skip", self.t(m!("opt-rating-skip"))));
                v
            }
            Pending::RatingComment(..) => vec![c("skip", self.t(m!("opt-rating-skip")))],
            Pending::AddToCase(_) => vec![c("cancel", self.t(m!("opt-cancel")))],
            _ => return None,
        })
    }

    /// Text of the desk's questions.
    pub(super) fn desk_prompt(&self, pending: &Pending) -> Option<String> {
        Some(match pending {
            Pending::ConfirmLeaveDesk => {
                let reference = self
                    .st
                    .desk
                    .as_ref()
                    .map(|d| d.reference.clone())
                    .unwrap_or_default();
                self.tv(m!("desk-leave-confirm"), &[("reference", reference)])
            }
            Pending::Rating(reference) => {
                self.tv(m!("rating-ask"), &[("reference", reference.clone())])
            }
            Pending::RatingComment(..) => self.t(m!("rating-comment-ask")),
            Pending::AddToCase(reference) => {
                self.tv(m!("case-info-ask"), &[("reference", reference.clone())])
            }
            _ => return None,
        })
    }
}
