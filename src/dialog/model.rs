//! The channel-neutral vocabulary of the dialog core: what comes in, what goes out.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One thing a user did, as every channel can express it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Event {
    /// Typed text (including commands such as `/batal`).
    Text(String),
    /// The user came back (the console started again): show where they are.
    Resume,
    /// A pressed option button; `key` is the [`ReplyOption::key`] the core handed out.
    Choice { key: String },
    /// A photo or document the user sent.
    File(FileInfo),
    /// Something the bot cannot read (a voice note, a sticker, a location).
    Unsupported,
    /// The user edited a message they sent earlier; the edit is not taken as an answer.
    Edited,
    /// Something an agent did on one of the user's cases.
    Desk(DeskEvent),
}

/// What the agents' desk tells a user's conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeskEvent {
    /// An agent took the case: from now on they own the conversation.
    Claimed { reference: String, agent: String },
    /// The agent let the case go; it waits for another agent.
    Released { reference: String },
    /// An agent wrote to the user (text, a file, or both).
    Message {
        reference: String,
        agent: String,
        text: Option<String>,
        media: Option<FileInfo>,
    },
    /// The agent waits for the user's answer.
    WaitingUser { reference: String },
    /// The case went to another team.
    Transferred { reference: String, queue: Queue },
    /// The case is resolved: the bot owns the conversation again and asks for a rating.
    Resolved { reference: String },
    /// A resolved case was opened again.
    Reopened { reference: String },
}

impl DeskEvent {
    pub fn reference(&self) -> &str {
        match self {
            DeskEvent::Claimed { reference, .. }
            | DeskEvent::Released { reference }
            | DeskEvent::Message { reference, .. }
            | DeskEvent::WaitingUser { reference }
            | DeskEvent::Transferred { reference, .. }
            | DeskEvent::Resolved { reference }
            | DeskEvent::Reopened { reference } => reference,
        }
    }
}

/// What the core knows of a file: metadata from the platform and, where the channel could
/// read it, the type sniffed from the file's first bytes. The content itself never enters the
/// core; `reference` is the platform's file id (or the console's path).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileInfo {
    pub reference: String,
    pub name: Option<String>,
    pub mime: Option<String>,
    pub size: u64,
    pub kind: FileKind,
    /// Type read from the content's magic bytes, when the channel looked.
    pub sniffed: Option<FileType>,
    /// The channel whose file id `reference` is (`telegram`, `whatsapp`): another channel
    /// cannot send it by that id and uploads the content instead. `None` (the console, data
    /// stored before this was recorded): the channel it is sent on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileKind {
    Photo,
    Document,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileType {
    Pdf,
    Jpeg,
    Png,
    Webp,
    Gif,
    Other,
}

impl FileType {
    pub fn is_image(self) -> bool {
        matches!(self, Self::Jpeg | Self::Png | Self::Webp | Self::Gif)
    }
}

/// Everything the pure step function needs besides the stored state and the flow definitions.
#[derive(Debug, Clone)]
pub struct Inbound {
    pub event: Event,
    pub now: DateTime<Utc>,
    /// The user's cases that are not closed, newest first (for `/status`).
    pub open_cases: Vec<CaseSummary>,
    /// Randomness supplied from outside (case references), so the step stays a pure function.
    pub nonce: u64,
}

/// A helpdesk case as `/status` shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseSummary {
    pub reference: String,
    pub queue: Queue,
    pub status: CaseStatus,
    pub created_at: DateTime<Utc>,
}

/// The helpdesk queues a case can go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Queue {
    SatusehatOnboarding,
    VendorIntegration,
    ClinicRegistration,
    Kyc,
    KeluargaSehat,
    General,
}

impl Queue {
    pub const ALL: [Queue; 6] = [
        Queue::SatusehatOnboarding,
        Queue::VendorIntegration,
        Queue::ClinicRegistration,
        Queue::Kyc,
        Queue::KeluargaSehat,
        Queue::General,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Queue::SatusehatOnboarding => "satusehat_onboarding",
            Queue::VendorIntegration => "vendor_integration",
            Queue::ClinicRegistration => "clinic_registration",
            Queue::Kyc => "kyc",
            Queue::KeluargaSehat => "keluarga_sehat",
            Queue::General => "general",
        }
    }

    pub fn parse(s: &str) -> Option<Queue> {
        Queue::ALL.into_iter().find(|q| q.as_str() == s)
    }

    /// Prefix of the human-readable case reference.
    pub fn reference_prefix(self) -> &'static str {
        match self {
            Queue::SatusehatOnboarding => "SSP",
            Queue::VendorIntegration => "VND",
            Queue::ClinicRegistration => "REG",
            Queue::Kyc => "KYC",
            Queue::KeluargaSehat => "KS",
            Queue::General => "UMM",
        }
    }

    /// Fluent id of the queue's name.
    pub fn label(self) -> &'static str {
        match self {
            Queue::SatusehatOnboarding => crate::m!("queue-satusehat-onboarding"),
            Queue::VendorIntegration => crate::m!("queue-vendor-integration"),
            Queue::ClinicRegistration => crate::m!("queue-clinic-registration"),
            Queue::Kyc => crate::m!("queue-kyc"),
            Queue::KeluargaSehat => crate::m!("queue-keluarga-sehat"),
            Queue::General => crate::m!("queue-general"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    Open,
    WaitingAgent,
    WithAgent,
    WaitingUser,
    Resolved,
    Closed,
}

impl CaseStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CaseStatus::Open => "open",
            CaseStatus::WaitingAgent => "waiting_agent",
            CaseStatus::WithAgent => "with_agent",
            CaseStatus::WaitingUser => "waiting_user",
            CaseStatus::Resolved => "resolved",
            CaseStatus::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<CaseStatus> {
        [
            CaseStatus::Open,
            CaseStatus::WaitingAgent,
            CaseStatus::WithAgent,
            CaseStatus::WaitingUser,
            CaseStatus::Resolved,
            CaseStatus::Closed,
        ]
        .into_iter()
        .find(|c| c.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            CaseStatus::Open => crate::m!("case-status-open"),
            CaseStatus::WaitingAgent => crate::m!("case-status-waiting-agent"),
            CaseStatus::WithAgent => crate::m!("case-status-with-agent"),
            CaseStatus::WaitingUser => crate::m!("case-status-waiting-user"),
            CaseStatus::Resolved => crate::m!("case-status-resolved"),
            CaseStatus::Closed => crate::m!("case-status-closed"),
        }
    }
}

/// One message to the user, already in the user's language.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Reply {
    pub text: String,
    /// Choices offered with this message; each channel draws them its own way.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<ReplyOption>,
    /// How the options behave, so channels can draw checklists as toggles.
    #[serde(default, skip_serializing_if = "OptionsStyle::is_plain")]
    pub style: OptionsStyle,
    /// A file the bot sends (a CSV roster, a complaint text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<OutFile>,
    /// This reply redraws the prompt whose button the user just pressed (a checklist tick):
    /// channels that can edit that message do so instead of sending a new one.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub redraw: bool,
    /// A platform file sent with the text (a photo an agent sent), by its platform reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media: Option<FileInfo>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OptionsStyle {
    #[default]
    Plain,
    /// Options tick items of a list; the message is the list.
    Checklist,
    /// A long list (regions): channels may page it and accept typed search.
    LongList,
}

impl OptionsStyle {
    fn is_plain(&self) -> bool {
        *self == OptionsStyle::Plain
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyOption {
    /// Opaque to channels; returned in [`Event::Choice`]. Carries the prompt's sequence
    /// number so that a button from an earlier step is recognised as stale.
    pub key: String,
    pub label: String,
}

/// The name of the file `/datasaya` sends; the store writes its content.
pub const EXPORT_FILE: &str = "data-pandu.json";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutFile {
    pub name: String,
    pub mime: String,
    pub content: String,
}

/// Something the core asks the surrounding program to do in the same transaction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Effect {
    CreateCase(NewCase),
    /// A message from the user for the agents of an open case (recorded on the case, shown in
    /// its topic).
    Relay(Relay),
    /// The user rated a resolved case.
    Rate {
        reference: String,
        rating: u8,
        comment: Option<String>,
    },
    /// The user left the chat with the desk; the case stays open.
    LeaveDesk {
        reference: String,
    },
    /// The user asked for everything pandu holds about them (`/datasaya`): the store sends it
    /// as a file after the replies, with the log of who accessed it.
    ExportData,
    /// The user asked to delete what pandu holds about them (`/hapusdata`, confirmed): their
    /// finished cases are anonymised, their message history removed; open cases keep what they
    /// need until they are finished.
    EraseData,
}

/// A user's message for the desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relay {
    pub reference: String,
    pub text: Option<String>,
    pub file: Option<FileInfo>,
}

/// A helpdesk case to record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewCase {
    pub reference: String,
    pub queue: Queue,
    pub kind: CaseKind,
    /// Collected fields as (label in Indonesian, value), in form order.
    pub fields: Vec<(String, String)>,
    pub attachments: Vec<FileInfo>,
    /// What the user wrote when asking for a human, or the generated complaint text.
    pub summary: String,
    /// The last lines of the conversation before the case.
    pub transcript: Vec<TranscriptLine>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseKind {
    Complaint,
    HumanRequest,
}

impl CaseKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CaseKind::Complaint => "complaint",
            CaseKind::HumanRequest => "human_request",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TranscriptLine {
    pub from_user: bool,
    pub text: String,
}

/// The result of one step of the dialog.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub state: super::state::Conversation,
    pub replies: Vec<Reply>,
    pub effects: Vec<Effect>,
    /// The user's message held a secret (a password, a key, an access code): it was not kept,
    /// and the channel removes it from the chat where it can.
    pub withheld: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_stored_before_their_origin_was_recorded_still_load() {
        let old = r#"{"reference":"AgACAgUAAxkB","name":null,"mime":"image/jpeg","size":48000,
                      "kind":"Photo","sniffed":"Jpeg"}"#;
        let f: FileInfo = serde_json::from_str(old).unwrap();
        assert_eq!(f.origin, None);
        // Written without the key while there is no origin, with it when there is one.
        assert!(!serde_json::to_string(&f).unwrap().contains("origin"));
        let f = FileInfo {
            origin: Some("whatsapp".into()),
            ..f
        };
        let back: FileInfo = serde_json::from_str(&serde_json::to_string(&f).unwrap()).unwrap();
        assert_eq!(back, f);
        // A stored reply with such a file, as the outbox holds it.
        let reply: Reply =
            serde_json::from_str(&format!(r#"{{"text":"👤 Rina: lihat","media":{old}}}"#)).unwrap();
        assert_eq!(reply.media.unwrap().origin, None);
    }
}
