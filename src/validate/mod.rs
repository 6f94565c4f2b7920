//! Pure validators for user input. Each `parse_*` function returns a newtype that can only be
//! built from valid input ("parse, don't validate") or a typed error naming what is wrong.
//! The error types carry data for the user-facing message (rendered by the main crate via
//! Fluent); their `Display` output is for logs only.
//!
//! None of these functions panics, whatever the input (non-ASCII, emoji, huge strings).

pub mod date;
pub mod email;
pub mod name;
pub mod nik;
pub mod nip;
pub mod phone;

pub use date::{DateError, MAX_AGE_YEARS, parse_birth_date};
pub use email::{Email, EmailError, parse_email};
pub use name::{NameError, PersonName, parse_person_name};
pub use nik::{Nik, NikCheck, NikError, NikWarning, parse_nik};
pub use nip::{Nip, NipError, parse_nip};
pub use phone::{Phone, PhoneError, parse_mobile, parse_phone};

/// Whether `c` is a separator users type inside ID numbers: any whitespace, a dot, or a dash
/// (ASCII hyphen-minus and the common Unicode dashes).
pub(crate) fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '.' | '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}'
        )
}

/// `input` without separators (see [`is_separator`]).
pub(crate) fn strip_separators(input: &str) -> String {
    input.chars().filter(|&c| !is_separator(c)).collect()
}

/// Parses a string of ASCII digits (at most 9) into a number.
pub(crate) fn digits_value(s: &str) -> u32 {
    s.bytes().take(9).fold(0u32, |acc, b| {
        acc * 10 + u32::from(b.wrapping_sub(b'0') % 10)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators() {
        assert_eq!(
            strip_separators(" 31.71-01\u{a0}55\u{2013}08 90\t0001 "),
            "3171015508900001"
        );
        assert_eq!(strip_separators("a🙂b"), "a🙂b");
        assert_eq!(digits_value("0042"), 42);
        assert_eq!(digits_value(""), 0);
    }
}
