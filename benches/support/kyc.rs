//! The KYC complaint walk the benchmarks use (seed 003): a facility user whose SATUSEHAT Mobile
//! verification failed four times files the helpdesk complaint, with the wrong answers people
//! really type (a name with digits, an email without a domain, a short phone number, NIKs of 15
//! digits and with a 13th month, a PDF where a screenshot is asked, text where a file is
//! awaited) and one correction from the summary. Synthetic identities only.
//!
//! The walk is computed with the pure dialog core, so each step knows the option keys a user
//! presses and the replies pandu must send; the throughput benchmark waits for exactly those.

#![allow(dead_code)]

use chrono::{DateTime, Utc};
use pandu::dialog::model::{FileInfo, FileKind, FileType, Reply};
use pandu::dialog::{self, Conversation, Defs, Event, Inbound};

/// What the user does at one step.
#[derive(Debug, Clone, PartialEq)]
pub enum Act {
    /// Types this.
    Text(String),
    /// Types this wrong answer: the step must refuse it and ask again.
    Wrong(String),
    /// Presses the button of the newest prompt whose label contains this.
    Press(&'static str),
    /// Sends a photo (a screenshot) of this many bytes.
    Photo(u32),
    /// Sends this PDF document (of this many bytes) where a screenshot is asked.
    Pdf(u32),
}

/// One step of the walk.
#[derive(Debug, Clone)]
pub struct Step {
    pub act: Act,
    /// The event the channel hands the core for `act` (a press carries the option's key).
    pub event: Event,
    /// The conversation before the step.
    pub before: Conversation,
    /// What pandu answers.
    pub replies: Vec<Reply>,
}

/// The answers of user number `n` (they differ in the NIKs and phone numbers, not in what the
/// bot answers).
pub fn answers(n: u32) -> Vec<Act> {
    let seq = n % 9_000 + 1_000; // 1000..=9999: never the invalid 0000
    let phone = format!("0812-{:04}-{:04}", n % 10_000, (n / 10_000) % 10_000);
    let t = |s: &str| Act::Text(s.to_string());
    let w = |s: &str| Act::Wrong(s.to_string());
    vec![
        t("/start kyc"),
        Act::Press("Pop-up belum berhasil"),
        Act::Press("4 kali"),
        Act::Press("aduan"),
        Act::Press("Setuju"), // the personal-data notice
        w("Budi 123"),
        t("Budi Santoso"),
        w("budi@puskesmas"),
        t("budi@puskesmas.example.id"),
        w("12345"),
        Act::Text(phone),
        t("Siti Aminah"),
        w("3374 0157 0890 001"),                     // 15 digits
        Act::Wrong(format!("337401171390{seq:04}")), // born in month 13
        Act::Text(format!("337401570890{seq:04}")),
        t("siti@example.id"),
        Act::Pdf(20_000),
        w("sudah saya kirim"),
        Act::Photo(80_000),
        Act::Photo(60_000),
        Act::Press("Ubah NIK pasien"),
        Act::Text(format!("337401170890{seq:04}")),
        Act::Press("Kirim aduan"),
    ]
}

/// The file id a photo or document of step `i` of user `n` has on the fake Bot API.
pub fn file_id(n: u32, i: usize) -> String {
    format!("AgACAgUAAxkBAAI{n}x{i}")
}

/// A walk through the core: its steps and the conversation at the end.
pub struct Walk {
    pub steps: Vec<Step>,
    pub end: Conversation,
}

/// Walks `acts` through the core for user `n`, from a new conversation. Panics, naming the
/// step, when a button is missing, a wrong answer is taken or the form does not end in a
/// complaint (the flow changed: the walk must follow).
pub fn walk(defs: &Defs, n: u32, acts: Vec<Act>, now: DateTime<Utc>) -> Walk {
    let mut state = Conversation::default();
    let mut last: Vec<Reply> = Vec::new();
    let mut steps = Vec::with_capacity(acts.len());
    let mut cases = 0;
    for (i, act) in acts.into_iter().enumerate() {
        let event = match &act {
            Act::Text(s) | Act::Wrong(s) => Event::Text(s.clone()),
            Act::Press(label) => {
                let want = label.to_lowercase();
                let key = last
                    .last()
                    .and_then(|r| {
                        r.options
                            .iter()
                            .find(|o| o.label.to_lowercase().contains(&want))
                    })
                    .unwrap_or_else(|| {
                        panic!("step {i}: no button {label:?} in the last reply {last:?}")
                    })
                    .key
                    .clone();
                Event::Choice { key }
            }
            // What the Telegram channel makes of a photo (Telegram re-encodes photos as JPEG).
            Act::Photo(size) => Event::File(FileInfo {
                reference: file_id(n, i),
                name: None,
                mime: Some("image/jpeg".into()),
                size: u64::from(*size),
                kind: FileKind::Photo,
                sniffed: Some(FileType::Jpeg),
                origin: Some("telegram".into()),
            }),
            // A document, its type read from its first bytes.
            Act::Pdf(size) => Event::File(FileInfo {
                reference: file_id(n, i),
                name: Some("surat.pdf".into()),
                mime: Some("application/pdf".into()),
                size: u64::from(*size),
                kind: FileKind::Document,
                sniffed: Some(FileType::Pdf),
                origin: Some("telegram".into()),
            }),
        };
        let before = state.clone();
        let out = dialog::step(
            defs,
            state,
            &Inbound {
                event: event.clone(),
                now,
                open_cases: Vec::new(),
                nonce: u64::from(n) * 1_000 + i as u64,
            },
        );
        state = out.state;
        if matches!(act, Act::Wrong(_) | Act::Pdf(_)) {
            let step = |c: &Conversation| c.active.as_ref().map(|a| a.step.clone());
            assert_eq!(
                step(&state),
                step(&before),
                "step {i}: the wrong answer {act:?} was taken"
            );
        }
        cases += out
            .effects
            .iter()
            .filter(|e| matches!(e, dialog::model::Effect::CreateCase(_)))
            .count();
        assert!(!out.replies.is_empty(), "step {i} ({act:?}): no reply");
        last = out.replies.clone();
        steps.push(Step {
            act,
            event,
            before,
            replies: out.replies,
        });
    }
    assert_eq!(cases, 1, "the walk files exactly one complaint");
    assert!(state.active.is_none(), "the walk ends the procedure");
    Walk { steps, end: state }
}
