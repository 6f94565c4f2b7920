//! How long personal data is kept (UU 27/2022: no longer than the purpose needs). Two steps
//! for each finished case (resolved or closed), counted from when it was finished:
//!
//! 1. after `identifiers_after` (default 30 days) its identifiers go: the NIK and NIP fields
//!    are removed, any NIK-like number left in its other fields, summary, transcript, events and
//!    in the replies the user was sent is masked, and its screenshots (platform file ids) are
//!    dropped;
//! 2. after `anonymise_after` (default a year) the whole case is anonymised: only its
//!    reference, queue, kind, status, times and rating stay (for statistics); its fields,
//!    texts and events are emptied and it no longer names its chat. When the user has nothing
//!    unfinished left, their idle conversation, delivered replies and message ids older than
//!    that go too.
//!
//! Cases not finished are never touched. The pure rules are here; the store applies them
//! (`Store::apply_retention`), and [`run`] applies them every hour.

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::desk::mask_niks;
use crate::store::{Db, Store, StoreError};

/// How long each kind of data is kept after a case is finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// NIKs, NIPs and screenshots.
    pub identifiers_after: chrono::Duration,
    /// Everything else that names the user.
    pub anonymise_after: chrono::Duration,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            identifiers_after: chrono::Duration::days(30),
            anonymise_after: chrono::Duration::days(365),
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct PolicyError(String);

impl Policy {
    /// `PANDU_RETAIN_IDENTIFIERS_DAYS` and `PANDU_RETAIN_CASES_DAYS`.
    pub fn from_env() -> Result<Policy, PolicyError> {
        Policy::from_vars(|k| std::env::var(k).ok())
    }

    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Policy, PolicyError> {
        let days = |k: &str, default: chrono::Duration| match var(k) {
            Some(v) if !v.trim().is_empty() => v
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|d| (1..=36_500).contains(d))
                .map(chrono::Duration::days)
                .ok_or_else(|| PolicyError(format!("{k} must be a number of days (1 or more)"))),
            _ => Ok(default),
        };
        let d = Policy::default();
        let policy = Policy {
            identifiers_after: days("PANDU_RETAIN_IDENTIFIERS_DAYS", d.identifiers_after)?,
            anonymise_after: days("PANDU_RETAIN_CASES_DAYS", d.anonymise_after)?,
        };
        if policy.anonymise_after < policy.identifiers_after {
            return Err(PolicyError(
                "PANDU_RETAIN_CASES_DAYS must not be shorter than PANDU_RETAIN_IDENTIFIERS_DAYS"
                    .into(),
            ));
        }
        Ok(policy)
    }
}

/// What one pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Report {
    /// Cases whose identifiers and screenshots were removed.
    pub scrubbed: u64,
    /// Cases anonymised.
    pub anonymised: u64,
}

/// Whether a case field holds an identifier (its label names a NIK or a NIP).
pub fn is_identifier_field(label: &str) -> bool {
    crate::mask::identifier_label(label).is_some()
}

/// A case's fields without identifiers: NIK and NIP fields removed, NIK-like numbers in the
/// others masked.
pub fn scrub_fields(fields: &[(String, String)]) -> Vec<(String, String)> {
    fields
        .iter()
        .filter(|(label, _)| !is_identifier_field(label))
        .map(|(label, value)| (label.clone(), mask_niks(value)))
        .collect()
}

/// A stored text (or JSON holding texts) with NIK-like numbers masked.
pub fn scrub_text(text: &str) -> String {
    mask_niks(text)
}

/// One retention pass at `now` (an injected clock: tests travel in time).
pub async fn apply(db: &Db, policy: &Policy, now: DateTime<Utc>) -> Result<Report, StoreError> {
    db.apply_retention(policy, now).await
}

/// Applies the policy now and then every `every`, for as long as the task runs.
pub async fn run(db: Db, policy: Policy, every: Duration) {
    loop {
        match apply(&db, &policy, Utc::now()).await {
            Ok(r) if r.scrubbed + r.anonymised > 0 => tracing::info!(
                scrubbed = r.scrubbed,
                anonymised = r.anonymised,
                "retention applied"
            ),
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "retention pass failed; tried again later"),
        }
        tokio::time::sleep(every).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifier_fields_are_recognised_by_their_label() {
        assert!(is_identifier_field("NIK pasien"));
        assert!(is_identifier_field("NIP"));
        assert!(is_identifier_field("Patient NIK"));
        assert!(!is_identifier_field("Nama pasien"));
        assert!(!is_identifier_field("Teknik")); // not a word "nik"
    }

    #[test]
    fn fields_lose_identifiers_and_keep_the_rest() {
        let fields = vec![
            ("Nama pasien".to_string(), "Siti Contoh".to_string()),
            ("NIK pasien".to_string(), "3374015708900002".to_string()),
            (
                "Keterangan".to_string(),
                "NIK 3374015708900002 gagal".to_string(),
            ),
        ];
        let out = scrub_fields(&fields);
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].1, "Siti Contoh");
        assert!(!out[1].1.contains("3374015708900002"), "{}", out[1].1);
    }

    #[test]
    fn the_policy_reads_days_and_refuses_nonsense() {
        let p = Policy::from_vars(|_| None).unwrap();
        assert_eq!(p, Policy::default());
        let p =
            Policy::from_vars(|k| (k == "PANDU_RETAIN_IDENTIFIERS_DAYS").then(|| "7".to_string()))
                .unwrap();
        assert_eq!(p.identifiers_after, chrono::Duration::days(7));
        assert!(Policy::from_vars(|_| Some("tiga".into())).is_err());
        assert!(
            Policy::from_vars(|k| (k == "PANDU_RETAIN_CASES_DAYS").then(|| "10".into())).is_err()
        );
    }
}
