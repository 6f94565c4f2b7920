//! The agents' desk, independent of the chat platform: the commands agents type in a case's
//! topic, and what the topic shows (the first post with personal data masked, relayed user messages).

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::dialog::model::{CaseKind, OptionsStyle, Queue, Relay, Reply};
use crate::hours::BusinessHours;
use crate::i18n::{Lang, Locales};
use crate::m;
use crate::mask::{identifier_label, mask_nik, mask_nip, mask_text};
use crate::store::{CaseAction, DeskCase, Role};

/// Agents read the desk in Indonesian.
pub const DESK_LANG: Lang = Lang::Id;

/// Service hours and the first-response target of one queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuePolicy {
    pub hours: BusinessHours,
    /// Business time within which an agent should first answer a new case.
    pub first_response: chrono::Duration,
}

impl Default for QueuePolicy {
    fn default() -> Self {
        QueuePolicy {
            hours: BusinessHours::default_wib(),
            first_response: chrono::Duration::hours(4),
        }
    }
}

/// The service hours and targets of every queue.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeskPolicy {
    pub default: QueuePolicy,
    pub queues: BTreeMap<Queue, QueuePolicy>,
    /// Closed days from the configuration (admins add more with `/libur`).
    pub holidays: Vec<NaiveDate>,
}

impl DeskPolicy {
    pub fn for_queue(&self, queue: Queue) -> &QueuePolicy {
        self.queues.get(&queue).unwrap_or(&self.default)
    }

    /// From `PANDU_DESK_HOURS` ("Mon-Fri 08:00-16:00 WIB", or per queue:
    /// "default=Mon-Fri 08:00-16:00 WIB|keluarga_sehat=Mon-Sat 07:30-15:00 WIB"),
    /// `PANDU_DESK_FIRST_RESPONSE_MINUTES` ("240" or "default=240|kyc=120") and
    /// `PANDU_DESK_HOLIDAYS` ("2026-12-25,2027-01-01").
    pub fn parse(
        hours: Option<&str>,
        minutes: Option<&str>,
        holidays: Option<&str>,
    ) -> Result<DeskPolicy, String> {
        let mut p = DeskPolicy::default();
        for (queue, spec) in per_queue(hours.unwrap_or(""))? {
            let h = BusinessHours::parse(&spec).map_err(|e| format!("PANDU_DESK_HOURS: {e}"))?;
            match queue {
                None => p.default.hours = h,
                Some(q) => p.queues.entry(q).or_insert_with(|| p.default.clone()).hours = h,
            }
        }
        for (queue, spec) in per_queue(minutes.unwrap_or(""))? {
            let m: i64 = spec
                .trim()
                .parse()
                .ok()
                .filter(|m| (1..=100_000).contains(m))
                .ok_or("PANDU_DESK_FIRST_RESPONSE_MINUTES: whole minutes, 1 to 100000")?;
            let d = chrono::Duration::minutes(m);
            match queue {
                None => p.default.first_response = d,
                Some(q) => {
                    p.queues
                        .entry(q)
                        .or_insert_with(|| p.default.clone())
                        .first_response = d
                }
            }
        }
        for day in holidays
            .unwrap_or("")
            .split([',', ' '])
            .filter(|d| !d.is_empty())
        {
            p.holidays.push(
                NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d")
                    .map_err(|_| format!("PANDU_DESK_HOLIDAYS: {day} is not YYYY-MM-DD"))?,
            );
        }
        Ok(p)
    }
}

/// "spec" or "queue=spec|queue=spec" (the queue `default` or none: every queue).
fn per_queue(s: &str) -> Result<Vec<(Option<Queue>, String)>, String> {
    let mut out = Vec::new();
    for part in s.split('|').map(str::trim).filter(|p| !p.is_empty()) {
        match part.split_once('=') {
            Some((q, spec)) if q.trim() == "default" => out.push((None, spec.to_string())),
            Some((q, spec)) => {
                let queue = parse_queue(q).ok_or_else(|| format!("unknown queue {q}"))?;
                out.push((Some(queue), spec.to_string()));
            }
            None => out.push((None, part.to_string())),
        }
    }
    // Defaults first, so that a queue's own setting wins whatever the order.
    out.sort_by_key(|(q, _)| q.is_some());
    Ok(out)
}

/// What an agent typed in a group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeskCommand {
    /// A case action in a case's topic.
    Case(CaseAction, String),
    /// Map this group to a queue (admins).
    ServeQueue(Option<Queue>),
    /// Register or change an agent (admins).
    AddAgent(Option<(String, Role, String)>),
    /// Take an agent off the desk (admins): their Telegram user id.
    RemoveAgent(Option<String>),
    /// A queue name that does not exist.
    BadQueue,
    /// Send a canned reply of the case's queue, in the user's language.
    Canned(String),
    /// Store a canned reply: (queue, language, name, text); None when malformed.
    SaveCanned(Option<(Queue, Lang, String, String)>),
    /// Show a supervisor the unmasked NIKs of the case, for the reason given (audited with
    /// it; without one, the supervisor is asked for it).
    Reveal(String),
    /// Close the desk on a day (admins): the day and its name; None when malformed.
    Holiday(Option<(NaiveDate, String)>),
    /// Export the audit log of a period, first and last day included (admins); None when
    /// malformed.
    Audit(Option<(NaiveDate, NaiveDate)>),
    /// The cases with a NIK (supervisors), its 16 digits; None when it is not one.
    FindNik(Option<String>),
    Help,
}

/// Parses a command typed in an agents' group; None for an ordinary message.
pub fn parse_command(text: &str) -> Option<DeskCommand> {
    let rest = text.trim().strip_prefix('/')?;
    let (head, arg) = rest
        .split_once(char::is_whitespace)
        .map(|(h, a)| (h, a.trim()))
        .unwrap_or((rest, ""));
    let name = head.split('@').next().unwrap_or_default().to_lowercase();
    let case = |a: CaseAction| Some(DeskCommand::Case(a, arg.to_string()));
    match name.as_str() {
        "ambil" | "claim" => case(CaseAction::Claim),
        "lepas" | "release" => case(CaseAction::Release),
        "tunggu" | "waiting" => case(CaseAction::WaitingUser),
        "selesai" | "resolve" => case(CaseAction::Resolve),
        "buka" | "reopen" => case(CaseAction::Reopen),
        "catatan" | "note" => case(CaseAction::Note),
        "alihkan" | "transfer" => match parse_queue(arg) {
            Some(q) => case(CaseAction::Transfer(q)),
            None => Some(DeskCommand::BadQueue),
        },
        "template" | "canned" if !arg.is_empty() => Some(DeskCommand::Canned(arg.to_lowercase())),
        "template_simpan" | "canned_save" => {
            let mut parts = arg.splitn(4, char::is_whitespace);
            let queue = parts.next().and_then(parse_queue);
            let lang = parts.next().and_then(Lang::from_tag);
            let name = parts.next().map(str::to_lowercase);
            let body = parts.next().map(str::trim).filter(|b| !b.is_empty());
            Some(DeskCommand::SaveCanned(match (queue, lang, name, body) {
                (Some(q), Some(l), Some(n), Some(b)) => Some((q, l, n, b.to_string())),
                _ => None,
            }))
        }
        "lihatnik" | "reveal" => Some(DeskCommand::Reveal(arg.to_string())),
        "carinik" | "findnik" => {
            let digits: String = arg
                .chars()
                .filter(|c| !matches!(c, ' ' | '.' | '-'))
                .collect();
            Some(DeskCommand::FindNik(
                (digits.len() == 16 && digits.bytes().all(|b| b.is_ascii_digit()))
                    .then_some(digits),
            ))
        }
        "audit" => {
            let mut days = arg
                .split_whitespace()
                .map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
            Some(DeskCommand::Audit(
                match (days.next(), days.next(), days.next()) {
                    (Some(Some(from)), Some(Some(to)), None) if from <= to => Some((from, to)),
                    _ => None,
                },
            ))
        }
        "libur" | "holiday" => {
            let (day, name) = arg.split_once(char::is_whitespace).unwrap_or((arg, ""));
            Some(DeskCommand::Holiday(
                NaiveDate::parse_from_str(day, "%Y-%m-%d")
                    .ok()
                    .map(|d| (d, name.trim().to_string())),
            ))
        }
        "petugas_hapus" | "agent_remove" => Some(DeskCommand::RemoveAgent(
            (!arg.is_empty() && arg.chars().all(|c| c.is_ascii_digit())).then(|| arg.to_string()),
        )),
        "antrean" | "queue" => Some(match parse_queue(arg) {
            Some(q) => DeskCommand::ServeQueue(Some(q)),
            None => DeskCommand::BadQueue,
        }),
        "petugas_tambah" | "agent_add" => {
            let mut parts = arg.splitn(3, char::is_whitespace);
            let id = parts.next().unwrap_or_default();
            let role = parts.next().and_then(Role::parse);
            let name = parts.next().map(str::trim).unwrap_or_default();
            let ok = !id.is_empty() && id.chars().all(|c| c.is_ascii_digit()) && !name.is_empty();
            Some(DeskCommand::AddAgent(match (ok, role) {
                (true, Some(role)) => Some((id.to_string(), role, name.to_string())),
                _ => None,
            }))
        }
        _ => Some(DeskCommand::Help),
    }
}

/// The audit log entries as CSV (one line each: time in WIB, who, their name, what, which
/// case, details), for an admin's export.
pub fn audit_csv(entries: &[crate::store::AuditEntry]) -> String {
    fn field(s: &str) -> String {
        if s.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    }
    let wib = chrono::FixedOffset::east_opt(7 * 3600).expect("UTC+7");
    let mut out = String::from("time_wib,actor,action,case,detail\n");
    for e in entries {
        let line = [
            e.at.with_timezone(&wib)
                .format("%Y-%m-%d %H:%M:%S")
                .to_string(),
            e.actor.clone(),
            e.action.clone(),
            e.reference.clone().unwrap_or_default(),
            e.detail.clone(),
        ]
        .iter()
        .map(|f| field(f))
        .collect::<Vec<_>>()
        .join(",");
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// A queue by its id (`kyc`) or a short alias.
pub fn parse_queue(s: &str) -> Option<Queue> {
    let s = s.trim().to_lowercase().replace('-', "_");
    Queue::parse(&s).or(match s.as_str() {
        "satusehat" | "portal" | "onboarding" => Some(Queue::SatusehatOnboarding),
        "vendor" | "integrasi" => Some(Queue::VendorIntegration),
        "klinik" | "clinic" | "registrasi" => Some(Queue::ClinicRegistration),
        "ks" | "keluargasehat" => Some(Queue::KeluargaSehat),
        "umum" => Some(Queue::General),
        _ => None,
    })
}

/// Replaces every run of 16 digits (a NIK, possibly written with spaces or dots inside) with
/// its masked form.
pub fn mask_niks(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() && (i == 0 || !chars[i - 1].is_ascii_digit()) {
            // Collect digits with single separators between them.
            let mut j = i;
            let mut digits = String::new();
            while j < chars.len() {
                if chars[j].is_ascii_digit() {
                    digits.push(chars[j]);
                    j += 1;
                } else if matches!(chars[j], ' ' | '.' | '-')
                    && j + 1 < chars.len()
                    && chars[j + 1].is_ascii_digit()
                    && digits.len() < 16
                {
                    j += 1;
                } else {
                    break;
                }
            }
            if digits.len() == 16 {
                out.push_str(&mask_nik(&digits));
                i = j;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// A case field as agents see it: a NIK or NIP field masked whatever it holds; any other field
/// with the identifiers, phone numbers and emails in it masked.
pub fn mask_field(label: &str, value: &str) -> String {
    match identifier_label(label) {
        Some("nik") => mask_nik(value),
        Some(_) => mask_nip(value),
        None => mask_text(value),
    }
}

/// The topic's first posts: the case with its collected fields (personal data masked), summary and
/// transcript, then each attachment as the file itself.
pub fn first_posts(locales: &Locales, dc: &DeskCase) -> Vec<Reply> {
    let t = |id: &str, vars: &[(&str, String)]| locales.text(DESK_LANG, id, vars);
    let case = &dc.case;
    let kind = if case.kind == CaseKind::Complaint.as_str() {
        t(m!("desk-kind-complaint"), &[])
    } else {
        t(m!("desk-kind-human-request"), &[])
    };
    let mut text = t(
        m!("desk-first-post"),
        &[
            ("reference", case.reference.clone()),
            ("queue", t(case.queue.label(), &[])),
            ("kind", kind),
            ("channel", channel_name(&case.channel).to_string()),
        ],
    );
    if !case.fields.is_empty() {
        text.push_str("\n\n");
        text.push_str(&t(m!("desk-fields-title"), &[]));
        for (label, value) in &case.fields {
            let value = mask_field(label, value);
            text.push_str(&format!("\n• {label}: {value}"));
        }
    }
    if !case.summary.trim().is_empty() {
        text.push_str("\n\n");
        text.push_str(&t(m!("desk-summary-title"), &[]));
        text.push('\n');
        text.push_str(&mask_text(&case.summary));
    }
    if !case.transcript.is_empty() {
        text.push_str("\n\n");
        text.push_str(&t(m!("desk-transcript-title"), &[]));
        for line in case.transcript.iter().rev().take(12).rev() {
            let who = if line.from_user { "👤" } else { "🤖" };
            // Masked before it is cut, so that a cut cannot leave a NIK's digits readable.
            let short: String = mask_text(&line.text).chars().take(300).collect();
            text.push_str(&format!("\n{who} {}", short.replace('\n', " ")));
        }
    }
    if !case.attachments.is_empty() {
        text.push_str("\n\n");
        text.push_str(&t(
            m!("desk-attachments"),
            &[("count", case.attachments.len().to_string())],
        ));
    }
    text.push_str("\n\n");
    text.push_str(&t(m!("desk-help"), &[]));
    let mut posts = vec![Reply {
        text,
        style: OptionsStyle::Plain,
        ..Default::default()
    }];
    for a in &case.attachments {
        posts.push(Reply {
            text: mask_text(a.name.as_deref().unwrap_or_default()),
            media: Some(a.clone()),
            ..Default::default()
        });
    }
    posts
}

/// The chat platform's name (a proper name, the same in every language).
fn channel_name(channel: &str) -> &str {
    match channel {
        "telegram" => "Telegram",
        "whatsapp" => "WhatsApp",
        other => other,
    }
}

/// A user's message as the topic shows it.
pub fn relay_post(locales: &Locales, relay: &Relay) -> Reply {
    let text = match &relay.text {
        Some(t) => locales.text(
            DESK_LANG,
            m!("desk-user-message"),
            &[("text", mask_text(t))],
        ),
        None => locales.text(DESK_LANG, m!("desk-user-file"), &[]),
    };
    Reply {
        text,
        media: relay.file.clone(),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agent_commands() {
        assert_eq!(
            parse_command("/ambil"),
            Some(DeskCommand::Case(CaseAction::Claim, String::new()))
        );
        assert_eq!(
            parse_command("/catatan@pandu_bot cek dulu ke Dinkes"),
            Some(DeskCommand::Case(
                CaseAction::Note,
                "cek dulu ke Dinkes".into()
            ))
        );
        assert_eq!(
            parse_command("/alihkan klinik"),
            Some(DeskCommand::Case(
                CaseAction::Transfer(Queue::ClinicRegistration),
                "klinik".into()
            ))
        );
        assert_eq!(parse_command("/alihkan entah"), Some(DeskCommand::BadQueue));
        assert_eq!(
            parse_command("/petugas_tambah 5001 supervisor Rina Wulandari"),
            Some(DeskCommand::AddAgent(Some((
                "5001".into(),
                Role::Supervisor,
                "Rina Wulandari".into()
            ))))
        );
        assert_eq!(
            parse_command("/petugas_tambah x admin"),
            Some(DeskCommand::AddAgent(None))
        );
        assert_eq!(
            parse_command("/template_simpan kyc en ulang Please try the verification again."),
            Some(DeskCommand::SaveCanned(Some((
                Queue::Kyc,
                Lang::En,
                "ulang".into(),
                "Please try the verification again.".into()
            ))))
        );
        assert_eq!(
            parse_command("/template_simpan kyc"),
            Some(DeskCommand::SaveCanned(None))
        );
        assert_eq!(
            parse_command("/template Ulang"),
            Some(DeskCommand::Canned("ulang".into()))
        );
        assert_eq!(
            parse_command("/lihatnik"),
            Some(DeskCommand::Reveal(String::new()))
        );
        assert_eq!(
            parse_command("/lihatnik cek ke Dukcapil"),
            Some(DeskCommand::Reveal("cek ke Dukcapil".into()))
        );
        assert_eq!(parse_command("halo, ada yang bisa dibantu?"), None);
        assert_eq!(parse_command("/apa"), Some(DeskCommand::Help));
    }

    #[test]
    fn policies_per_queue() {
        let p = DeskPolicy::parse(
            Some("kyc=Mon-Sat 07:00-15:00 WIB|default=Mon-Fri 08:00-16:00 WIB"),
            Some("default=240|kyc=60"),
            Some("2026-12-25,2027-01-01"),
        )
        .unwrap();
        assert_eq!(
            p.for_queue(Queue::Kyc).first_response,
            chrono::Duration::minutes(60)
        );
        assert_eq!(
            p.for_queue(Queue::General).first_response,
            chrono::Duration::minutes(240)
        );
        assert_ne!(p.for_queue(Queue::Kyc).hours, p.default.hours);
        assert_eq!(p.holidays.len(), 2);
        assert!(DeskPolicy::parse(Some("entah=Mon 08:00-09:00 WIB"), None, None).is_err());
        assert!(DeskPolicy::parse(None, Some("0"), None).is_err());
        assert!(DeskPolicy::parse(None, None, Some("25-12-2026")).is_err());
        assert_eq!(
            DeskPolicy::parse(None, None, None).unwrap(),
            DeskPolicy::default()
        );
    }

    #[test]
    fn niks_are_masked_wherever_they_appear() {
        assert_eq!(
            mask_niks("NIK pasien: 3374011708900001, telp 0812"),
            "NIK pasien: 3374********0001, telp 0812"
        );
        assert_eq!(mask_niks("3374 0117 0890 0001"), "3374********0001");
        // Longer or shorter digit runs are not NIKs.
        assert_eq!(mask_niks("12345678901234567"), "12345678901234567");
        assert_eq!(mask_niks("KYC-261121-7Q2XM4"), "KYC-261121-7Q2XM4");
    }
}
