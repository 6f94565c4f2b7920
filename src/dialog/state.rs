//! A user's conversation as it is stored between messages.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde::{Deserialize, Serialize};

use super::model::{FileInfo, TranscriptLine};
use crate::i18n::Lang;

/// How many transcript lines are kept for handing a case to a human.
pub const TRANSCRIPT_LINES: usize = 12;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Conversation {
    #[serde(default)]
    pub lang: Lang,
    /// Sequence number of the prompt now shown; option keys carry it.
    #[serde(default)]
    pub seq: u64,
    /// Identity of the prompt now shown (the sequence number changes when it does).
    #[serde(default)]
    pub prompt: String,
    #[serde(default)]
    pub active: Option<ActiveFlow>,
    /// The main menu is shown over a paused flow.
    #[serde(default)]
    pub menu_open: bool,
    /// A question the core itself asked (language, a human request), answered before anything else.
    #[serde(default)]
    pub pending: Option<Pending>,
    /// What the user asked the bot to remember across flows: ticked checklists, "where am I".
    #[serde(default)]
    pub memory: BTreeMap<String, Value>,
    #[serde(default)]
    pub transcript: VecDeque<TranscriptLine>,
    /// The case whose agents own the conversation: the user's messages go to them.
    #[serde(default)]
    pub desk: Option<DeskLink>,
    /// The user's answer to the notice on personal data, asked before a procedure first asks
    /// for any (UU 27/2022).
    #[serde(default)]
    pub consent: Option<Consent>,
}

/// An answer to the personal-data notice: when, to which version of its text, and which.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consent {
    pub at: chrono::DateTime<chrono::Utc>,
    pub version: String,
    pub agreed: bool,
}

/// The version of the personal-data notice (`consent-ask`); a new text gets a new version.
pub const CONSENT_VERSION: &str = "2026-11-22.2";

/// The conversation is with the desk for this case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskLink {
    pub reference: String,
    /// The agent who owns it; none while it waits for one.
    pub agent: Option<String>,
}

/// The procedure the user is in now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActiveFlow {
    pub flow: String,
    pub step: String,
    #[serde(default)]
    pub data: BTreeMap<String, Value>,
    /// Steps answered before this one, for `/kembali`.
    #[serde(default)]
    pub history: Vec<String>,
    /// Set while the user corrects one field from a summary: where to go back to.
    #[serde(default)]
    pub return_to: Option<String>,
    /// A valid answer with a warning that the user has to confirm first.
    #[serde(default)]
    pub unconfirmed: Option<(String, Value)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Pending {
    /// "Which language?"
    Language,
    /// "Describe briefly what you need from a person."
    HumanDescription,
    /// "Really leave this procedure?"
    ConfirmCancel,
    /// "Leave the procedure with its answers and start this one?"
    ConfirmSwitch(String),
    /// "Leave the chat with the agent?"
    ConfirmLeaveDesk,
    /// "How was the help with this case, 1 to 5?"
    Rating(String),
    /// "Anything to add to your rating?"
    RatingComment(String, u8),
    /// "What do you want to add to this case?"
    AddToCase(String),
    /// "Delete everything pandu holds about you?"
    ConfirmErase,
    /// "This procedure asks for personal data: agree?"
    Consent,
}

/// A stored answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "t", content = "v")]
pub enum Value {
    Text(String),
    Num(i64),
    Set(BTreeSet<u16>),
    File(FileInfo),
    Records(Vec<BTreeMap<String, String>>),
}

impl Value {
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_num(&self) -> Option<i64> {
        match self {
            Value::Num(n) => Some(*n),
            _ => None,
        }
    }

    pub fn as_set(&self) -> Option<&BTreeSet<u16>> {
        match self {
            Value::Set(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_file(&self) -> Option<&FileInfo> {
        match self {
            Value::File(f) => Some(f),
            _ => None,
        }
    }

    pub fn as_records(&self) -> Option<&Vec<BTreeMap<String, String>>> {
        match self {
            Value::Records(r) => Some(r),
            _ => None,
        }
    }
}

impl Conversation {
    pub fn remember_line(&mut self, from_user: bool, text: &str) {
        let mut text: String = text.chars().take(300).collect();
        if text.is_empty() {
            text.push('…');
        }
        self.transcript
            .push_back(TranscriptLine { from_user, text });
        while self.transcript.len() > TRANSCRIPT_LINES {
            self.transcript.pop_front();
        }
    }
}
