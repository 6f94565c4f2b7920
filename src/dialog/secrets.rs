//! Recognises passwords, API keys and access codes that users paste by mistake, so that they are
//! neither stored nor repeated. The bot never asks for them (seed 000: the password and the Secret
//! key stay with the facility; seed 003: the KYC access code is entered in the portal only).

use super::flow::InputKind;

const LABELS: &[&str] = &[
    "password",
    "kata sandi",
    "katasandi",
    "sandi",
    "secret key",
    "secret_key",
    "client key",
    "client_key",
    "client secret",
    "client_secret",
    "clientsecret",
    "kode akses",
    "access code",
    "pin",
];

/// True when `text` looks like a secret. `expected` is what the current step asks for: a step
/// that asks for a facility code accepts codes, an e-mail step e-mail addresses.
pub fn looks_like_secret(text: &str, expected: Option<InputKind>) -> bool {
    let lower = text.to_lowercase();
    // "password: Abc12345", "secret key = ...": a label followed by a value.
    for label in LABELS {
        if let Some(pos) = lower.find(label) {
            let after = lower[pos + label.len()..].trim_start();
            if let Some(rest) = after.strip_prefix([':', '='])
                && rest.trim().chars().filter(|c| !c.is_whitespace()).count() >= 4
            {
                return true;
            }
        }
    }
    let token = text.trim();
    if token.is_empty()
        || token.chars().any(char::is_whitespace)
        || token.contains('@')
        || token.contains("://")
    {
        return false;
    }
    let len = token.chars().count();
    let lower_n = token.chars().filter(char::is_ascii_lowercase).count();
    let upper_n = token.chars().filter(char::is_ascii_uppercase).count();
    let digit_n = token.chars().filter(char::is_ascii_digit).count();
    let symbol_n = token.chars().filter(|c| c.is_ascii_punctuation()).count();
    if matches!(expected, Some(InputKind::Code)) && lower_n == 0 {
        return false;
    }
    // A password: 8+ characters mixing lower case, upper case and digits (the portal's rule).
    let password_like = len >= 8 && lower_n > 0 && upper_n > 0 && digit_n > 0;
    // An API key: a long run of letters and digits (and - _), mixing both.
    let key_like = len >= 24 && digit_n > 0 && (lower_n + upper_n) > 0 && symbol_n <= len / 4;
    password_like || key_like
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catches_pasted_secrets() {
        for s in [
            "Rahasia2024",
            "password: sehat123",
            "Kata sandi = Puskesmas01",
            "secret key: 8f2b9c1e7a",
            "kX9v2LmQ7tR4wZ8yB3nH6jP1",
            "client_secret=ab12cd34ef56",
            "kode akses: 483920",
        ] {
            assert!(looks_like_secret(s, None), "{s}");
        }
    }

    #[test]
    fn leaves_ordinary_answers_alone() {
        for (s, k) in [
            ("Siti Aminah", Some(InputKind::PersonName)),
            ("3171015508900001", Some(InputKind::Nik)),
            ("ani.puskesmas@dinkes.go.id", Some(InputKind::Email)),
            ("0812-3456-7890", Some(InputKind::Phone)),
            ("P3374010101", Some(InputKind::Code)),
            ("kenapa KYC saya gagal", None),
            ("Surveyor", None),
            ("1", None),
        ] {
            assert!(!looks_like_secret(s, k), "{s}");
        }
    }
}
