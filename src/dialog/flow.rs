//! The declarations a procedure is written in. Each procedure in `crate::flows` is a static
//! [`Flow`]: a list of steps with the Fluent ids of their texts. The engine interprets them.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::model::{Effect, FileInfo, OutFile, Queue};
use super::state::Value;
use crate::i18n::{Lang, Locales};

/// A Fluent message id. Written as `m!("id")` so that tests can find every id in the sources.
pub type MsgId = &'static str;

/// Marks a Fluent message id in Rust code (a test collects them all).
#[macro_export]
macro_rules! m {
    ($id:literal) => {
        $id
    };
}

pub struct Flow {
    /// Stable id, stored in conversation state and used in deep links (`kyc`).
    pub id: &'static str,
    /// Menu label.
    pub title: MsgId,
    /// Where a human request or complaint from this flow goes.
    pub queue: Queue,
    /// Number of steps shown in the progress marker ("Langkah 3 dari 7").
    pub total: u8,
    pub start: &'static str,
    pub steps: &'static [Step],
}

impl Flow {
    pub fn step(&self, id: &str) -> Option<&'static Step> {
        self.steps.iter().find(|s| s.id == id)
    }

    /// The step that asks for `field`, with its label.
    pub fn field_step(&self, field: &str) -> Option<(&'static Step, MsgId)> {
        self.steps.iter().find_map(|s| match s.kind {
            Kind::Input {
                field: f, label, ..
            }
            | Kind::Region {
                field: f, label, ..
            }
            | Kind::Upload {
                field: f, label, ..
            } if f == field => Some((s, label)),
            _ => None,
        })
    }
}

pub struct Step {
    pub id: &'static str,
    /// Position in the progress marker; 0 shows none.
    pub pos: u8,
    pub text: MsgId,
    /// Variables for `text`, computed from what the user entered.
    pub vars: Option<VarsFn>,
    pub kind: Kind,
}

pub type Vars = Vec<(&'static str, String)>;
pub type VarsFn = fn(&View) -> Vars;
pub type ActionFn = fn(&mut Act) -> Next;
pub type DecideFn = fn(&View) -> &'static str;

pub enum Kind {
    /// Text and a "continue" button.
    Info { next: Next },
    /// One of several options; the chosen value is stored in `save` when set.
    Choice {
        options: &'static [Opt],
        save: Option<&'static str>,
    },
    /// Items the user ticks one by one; remembered across flows under `memory`.
    Checklist {
        items: &'static [MsgId],
        memory: &'static str,
        next: Next,
    },
    /// "Where am I": the user picks the step of an official procedure they are at; remembered
    /// under `memory` and shown in `/status`. `reply` is said after the pick with the variables
    /// `current`, `total`, `current_label`, `next_label`.
    Tracker {
        items: &'static [MsgId],
        memory: &'static str,
        reply: MsgId,
        next: Next,
    },
    /// A typed answer checked by a validator.
    Input {
        field: &'static str,
        label: MsgId,
        input: InputKind,
        next: Next,
    },
    /// Province, regency/city or district from the official region list.
    Region {
        field: &'static str,
        label: MsgId,
        level: RegionLevel,
        next: Next,
    },
    /// A file checked against a rule; `optional` offers a "skip" option.
    Upload {
        field: &'static str,
        label: MsgId,
        rule: FileRule,
        optional: bool,
        next: Next,
    },
    /// Everything entered, to confirm or correct field by field.
    Summary {
        fields: &'static [&'static str],
        confirm: MsgId,
        next: Next,
    },
    /// Computes and says something, records effects, and moves on without waiting.
    Action { run: ActionFn },
}

impl Kind {
    /// Where the step goes after an answer: every option's target for a choice, none for an
    /// action (its function decides).
    pub fn nexts(&self) -> Vec<Next> {
        match self {
            Kind::Choice { options, .. } => options.iter().map(|o| o.next).collect(),
            Kind::Info { next }
            | Kind::Checklist { next, .. }
            | Kind::Tracker { next, .. }
            | Kind::Input { next, .. }
            | Kind::Region { next, .. }
            | Kind::Upload { next, .. }
            | Kind::Summary { next, .. } => vec![*next],
            Kind::Action { .. } => Vec::new(),
        }
    }
}

pub struct Opt {
    pub value: &'static str,
    pub label: MsgId,
    pub next: Next,
}

#[derive(Clone, Copy)]
pub enum Next {
    To(&'static str),
    Decide(DecideFn),
    /// The procedure is finished; back to the menu.
    End,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    PersonName,
    Nik,
    Nip,
    Phone,
    Mobile,
    Email,
    BirthDate,
    /// Free text of at most `max` characters (a job title, a description).
    Text {
        max: usize,
    },
    /// A facility code: letters and digits, 3 to 20 characters.
    Code,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionLevel {
    Province,
    /// Regency/city of the province stored in the named field.
    Regency {
        province_field: &'static str,
    },
    /// District of the regency stored in the named field.
    District {
        regency_field: &'static str,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileRule {
    /// A PDF of at most 2 MB (clinic documents, seed 002).
    Pdf2Mb,
    /// A screenshot: an image (JPEG, PNG, WebP).
    Image,
}

/// Read-only view of a conversation for computing texts and branches.
pub struct View<'a> {
    pub data: &'a BTreeMap<String, Value>,
    pub memory: &'a BTreeMap<String, Value>,
    pub lang: Lang,
    pub locales: &'a Locales,
    pub now: DateTime<Utc>,
}

impl View<'_> {
    pub fn text(&self, field: &str) -> Option<&str> {
        self.data.get(field).and_then(Value::as_text)
    }

    pub fn num(&self, field: &str) -> i64 {
        self.data.get(field).and_then(Value::as_num).unwrap_or(0)
    }

    pub fn t(&self, id: MsgId) -> String {
        self.locales.text(self.lang, id, &[])
    }

    pub fn tv(&self, id: MsgId, vars: &[(&str, String)]) -> String {
        self.locales.text(self.lang, id, vars)
    }
}

/// What an [`Kind::Action`] may do: read and change the flow's data, say things, record effects.
pub struct Act<'a> {
    pub data: &'a mut BTreeMap<String, Value>,
    pub memory: &'a mut BTreeMap<String, Value>,
    pub lang: Lang,
    pub locales: &'a Locales,
    pub regions: &'a crate::regions::Regions,
    pub now: DateTime<Utc>,
    pub nonce: u64,
    pub queue: Queue,
    pub transcript: Vec<super::model::TranscriptLine>,
    pub(super) said: Vec<Said>,
    pub(super) effects: Vec<Effect>,
    pub(super) sealed: bool,
}

pub(super) enum Said {
    /// Joined into the next prompt.
    Note(String),
    /// A message of its own (something to copy, a file).
    Message(String, Option<OutFile>),
}

impl Act<'_> {
    pub fn view(&self) -> View<'_> {
        View {
            data: self.data,
            memory: self.memory,
            lang: self.lang,
            locales: self.locales,
            now: self.now,
        }
    }

    pub fn t(&self, id: MsgId) -> String {
        self.locales.text(self.lang, id, &[])
    }

    pub fn tv(&self, id: MsgId, vars: &[(&str, String)]) -> String {
        self.locales.text(self.lang, id, vars)
    }

    /// Text in Indonesian whatever the user's language (for official forms and case fields).
    pub fn t_id(&self, id: MsgId, vars: &[(&str, String)]) -> String {
        self.locales.text(Lang::Id, id, vars)
    }

    pub fn note(&mut self, text: String) {
        self.said.push(Said::Note(text));
    }

    pub fn message(&mut self, text: String) {
        self.said.push(Said::Message(text, None));
    }

    pub fn file(&mut self, text: String, file: OutFile) {
        self.said.push(Said::Message(text, Some(file)));
    }

    /// Makes what was entered so far final for `/kembali`: going back stops here.
    pub fn seal_history(&mut self) {
        self.sealed = true;
    }

    pub fn effect(&mut self, effect: Effect) {
        self.effects.push(effect);
    }

    pub fn text(&self, field: &str) -> Option<&str> {
        self.data.get(field).and_then(Value::as_text)
    }

    /// The fields this flow collected, labelled in Indonesian, and its files (for a case).
    pub fn collected(&self, flow: &Flow) -> (Vec<(String, String)>, Vec<FileInfo>) {
        super::engine::collected_fields(self.locales, self.regions, flow, self.data)
    }

    pub fn file_of(&self, field: &str) -> Option<&FileInfo> {
        self.data.get(field).and_then(Value::as_file)
    }
}
