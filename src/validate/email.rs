//! E-mail addresses (pragmatic subset of RFC 5321/5322: no quoted local parts, no IP literals,
//! ASCII only).

use std::fmt;

use serde::Serialize;
use thiserror::Error;

const MAX_TOTAL: usize = 254;
const MAX_LOCAL: usize = 64;
const MAX_LABEL: usize = 63;

/// A valid e-mail address; the domain is lower-cased, the local part kept as typed.
#[derive(Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part before the `@`.
    pub fn local_part(&self) -> &str {
        self.0.split_once('@').map_or("", |(l, _)| l)
    }

    /// The (lower-cased) part after the `@`.
    pub fn domain(&self) -> &str {
        self.0.split_once('@').map_or("", |(_, d)| d)
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl AsRef<str> for Email {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Email({})", crate::mask::mask_email(&self.0))
    }
}

/// Why an e-mail address was rejected. Checked in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum EmailError {
    #[error("email: empty")]
    Empty,
    /// Whitespace inside the address (leading/trailing whitespace is trimmed).
    #[error("email: whitespace")]
    Whitespace,
    /// Longer than 254 characters.
    #[error("email: too long")]
    TooLong,
    #[error("email: no @")]
    MissingAt,
    #[error("email: more than one @")]
    MultipleAt,
    /// The part before `@` is empty, longer than 64 characters, contains a character outside
    /// `A-Z a-z 0-9 ! # $ % & ' * + / = ? ^ _ ` { | } ~ - .`, or has a leading, trailing or
    /// doubled dot.
    #[error("email: local part")]
    Local,
    /// The part after `@` is not at least two dot-separated labels of letters, digits and
    /// hyphens (1-63 characters, not starting or ending with a hyphen) ending in a TLD of at
    /// least two letters.
    #[error("email: domain")]
    Domain,
}

fn local_char_ok(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~-.".contains(c)
}

fn valid_local(local: &str) -> bool {
    !local.is_empty()
        && local.chars().count() <= MAX_LOCAL
        && local.chars().all(local_char_ok)
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
}

fn valid_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 {
        return false;
    }
    let labels_ok = labels.iter().all(|l| {
        !l.is_empty()
            && l.len() <= MAX_LABEL
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    });
    let tld = labels[labels.len() - 1];
    labels_ok && tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic())
}

/// Parses an e-mail address typed by a user (surrounding whitespace is ignored).
pub fn parse_email(input: &str) -> Result<Email, EmailError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(EmailError::Empty);
    }
    if s.chars().any(char::is_whitespace) {
        return Err(EmailError::Whitespace);
    }
    if s.chars().count() > MAX_TOTAL {
        return Err(EmailError::TooLong);
    }
    let (local, domain) = match s.split_once('@') {
        None => return Err(EmailError::MissingAt),
        Some((_, d)) if d.contains('@') => return Err(EmailError::MultipleAt),
        Some(parts) => parts,
    };
    if !valid_local(local) {
        return Err(EmailError::Local);
    }
    let domain = domain.to_ascii_lowercase();
    if !valid_domain(&domain) {
        return Err(EmailError::Domain);
    }
    Ok(Email(format!("{local}@{domain}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid() {
        let e = parse_email("  Ani.Rahma+klinik@Dinkes.SemarangKota.GO.ID \n").unwrap();
        assert_eq!(e.as_str(), "Ani.Rahma+klinik@dinkes.semarangkota.go.id");
        assert_eq!(e.local_part(), "Ani.Rahma+klinik");
        assert_eq!(e.domain(), "dinkes.semarangkota.go.id");
        for s in [
            "a@b.co",
            "ani@dinkes.id",
            "ani_99@puskesmas-1.example.com",
            "o'neil@example.org",
            "x!#$%&'*+/=?^_`{|}~-y@example.org",
            "1@2-3.xyz",
        ] {
            assert!(parse_email(s).is_ok(), "{s}");
        }
        let long_local = "a".repeat(64);
        assert!(parse_email(&format!("{long_local}@example.com")).is_ok());
    }

    #[test]
    fn errors() {
        use EmailError::*;
        let cases = [
            ("", Empty),
            ("   ", Empty),
            ("ani @dinkes.id", Whitespace),
            ("ani@dinkes .id", Whitespace),
            ("ani\t@dinkes.id", Whitespace),
            ("ani.dinkes.id", MissingAt),
            ("ani@dinkes@id", MultipleAt),
            ("@dinkes.id", Local),
            (".ani@dinkes.id", Local),
            ("ani.@dinkes.id", Local),
            ("a..ni@dinkes.id", Local),
            ("ani(x)@dinkes.id", Local),
            ("aní@dinkes.id", Local),
            ("ani🙂@dinkes.id", Local),
            ("ani@", Domain),
            ("ani@dinkes", Domain),
            ("ani@.id", Domain),
            ("ani@dinkes.", Domain),
            ("ani@dinkes..id", Domain),
            ("ani@-dinkes.id", Domain),
            ("ani@dinkes-.id", Domain),
            ("ani@dinkes.i", Domain),
            ("ani@dinkes.1d", Domain),
            ("ani@dinkes_x.id", Domain),
            ("ani@dínkes.id", Domain),
            ("ani@[10.0.0.1]", Domain),
        ];
        for (input, err) in cases {
            assert_eq!(parse_email(input), Err(err), "{input:?}");
        }
        let long_local = "a".repeat(65);
        assert_eq!(
            parse_email(&format!("{long_local}@example.com")),
            Err(Local)
        );
        let long_label = "a".repeat(64);
        assert_eq!(parse_email(&format!("a@{long_label}.com")), Err(Domain));
        let long = format!("a@{}.com", "abcdefghi.".repeat(25)); // 2 + 250 + 4 > 254
        assert_eq!(parse_email(&long), Err(TooLong));
        assert_eq!(parse_email(&"@".repeat(1_000_000)), Err(TooLong));
    }

    #[test]
    fn debug_is_masked() {
        let e = parse_email("ani@dinkes.id").unwrap();
        assert_eq!(format!("{e:?}"), "Email(a***@d***.id)");
    }
}
