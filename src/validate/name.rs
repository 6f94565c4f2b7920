//! Person names (patients, staff), including academic titles such as "dr." or "S.Kep".

use std::fmt;

use serde::Serialize;
use thiserror::Error;

const MIN_CHARS: usize = 2;
const MAX_CHARS: usize = 100;
const MIN_LETTERS: usize = 2;

/// A valid person name: trimmed, runs of whitespace collapsed to one space.
#[derive(Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct PersonName(String);

impl PersonName {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl AsRef<str> for PersonName {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("PersonName").field(&self.0).finish()
    }
}

/// Why a name was rejected. Checked in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum NameError {
    #[error("name: empty")]
    Empty,
    /// Contains digits.
    #[error("name: digits")]
    Digits,
    /// Contains a character other than letters, spaces, `'`, `.`, `,` and `-`.
    #[error("name: characters")]
    Characters,
    /// Fewer than 2 characters, or fewer than 2 letters.
    #[error("name: too short")]
    TooShort,
    /// More than 100 characters.
    #[error("name: too long")]
    TooLong,
}

fn allowed_punctuation(c: char) -> bool {
    matches!(
        c,
        ' ' | '\'' | '.' | ',' | '-' | '\u{2019}' | '\u{2018}' | '`' | '\u{2010}' | '\u{2011}'
    )
}

/// Combining marks as produced by decomposed input ("e" + U+0301), which are not all
/// `Alphabetic` in Unicode.
fn combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}')
}

/// Parses a person's name: trims, collapses whitespace; 2-100 characters; letters (any
/// script), spaces, apostrophes, dots, commas and hyphens; at least 2 letters; no digits.
pub fn parse_person_name(input: &str) -> Result<PersonName, NameError> {
    let mut name = String::new();
    for word in input.split_whitespace() {
        if !name.is_empty() {
            name.push(' ');
        }
        name.push_str(word);
    }
    if name.is_empty() {
        return Err(NameError::Empty);
    }
    if name.chars().any(char::is_numeric) {
        return Err(NameError::Digits);
    }
    if !name
        .chars()
        .all(|c| c.is_alphabetic() || allowed_punctuation(c) || combining_mark(c))
    {
        return Err(NameError::Characters);
    }
    let chars = name.chars().count();
    if chars < MIN_CHARS || name.chars().filter(|c| c.is_alphabetic()).count() < MIN_LETTERS {
        return Err(NameError::TooShort);
    }
    if chars > MAX_CHARS {
        return Err(NameError::TooLong);
    }
    Ok(PersonName(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> String {
        parse_person_name(s)
            .unwrap_or_else(|e| panic!("{s:?}: {e:?}"))
            .into_string()
    }

    #[test]
    fn valid() {
        assert_eq!(ok("  Siti   Nurhaliza \t"), "Siti Nurhaliza");
        assert_eq!(ok("dr. Ani Rahmawati, S.Kep"), "dr. Ani Rahmawati, S.Kep");
        assert_eq!(
            ok("Ns. Budi Santoso, S.Kep., M.Kes."),
            "Ns. Budi Santoso, S.Kep., M.Kes."
        );
        assert_eq!(ok("Jean-Pierre O'Neil"), "Jean-Pierre O'Neil");
        assert_eq!(ok("Ma’ruf"), "Ma’ruf");
        assert_eq!(ok("Sukarno"), "Sukarno");
        assert_eq!(ok("Yo"), "Yo");
        assert_eq!(ok("Zoë Ångström"), "Zoë Ångström");
        assert_eq!(ok("Zoe\u{0308}"), "Zoe\u{0308}");
        assert_eq!(ok("李小龍"), "李小龍");
        assert_eq!(ok("ꦲꦤꦶ"), "ꦲꦤꦶ".to_string()); // Javanese script
        assert_eq!(ok(&"a".repeat(100)), "a".repeat(100));
    }

    #[test]
    fn errors() {
        use NameError::*;
        for (input, err) in [
            ("", Empty),
            ("  \n\t ", Empty),
            ("Budi 2", Digits),
            ("R2D2", Digits),
            ("Budi ²", Digits),
            ("Budi ٣", Digits),
            ("Budi 🙂", Characters),
            ("Budi_Santoso", Characters),
            ("Budi@rs", Characters),
            ("Budi (Anto)", Characters),
            ("Budi\u{0}", Characters),
            ("Budi;", Characters),
            ("A", TooShort),
            ("A.", TooShort),
            ("...", TooShort),
            ("- -", TooShort),
        ] {
            assert_eq!(parse_person_name(input), Err(err), "{input:?}");
        }
        assert_eq!(parse_person_name(&"a".repeat(101)), Err(TooLong));
        assert_eq!(parse_person_name(&"ab ".repeat(1_000_000)), Err(TooLong));
    }
}
