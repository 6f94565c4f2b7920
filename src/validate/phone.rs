//! Indonesian phone numbers (mobile and landline), normalised to E.164 (`+62...`).

use std::fmt;

use serde::Serialize;
use thiserror::Error;

/// Mobile: national significant number starting with 8, 9..=12 digits (`08` + 8..=11 digits).
const MOBILE_LEN: std::ops::RangeInclusive<usize> = 9..=12;
/// Landline: area code + subscriber number, starting with 2-7 or 9, 7..=11 digits.
const LANDLINE_LEN: std::ops::RangeInclusive<usize> = 7..=11;

/// A valid Indonesian phone number, stored in E.164 form (`+628123456789`).
/// `Debug` prints it masked.
#[derive(Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Phone(String);

impl Phone {
    /// E.164 form, e.g. `+628123456789`.
    pub fn as_e164(&self) -> &str {
        &self.0
    }

    /// The national significant number, without country code or trunk prefix
    /// (e.g. `8123456789`, `215201590`).
    pub fn national_number(&self) -> &str {
        &self.0[3..]
    }

    /// Domestic form with the trunk prefix, e.g. `08123456789`, `0215201590`.
    pub fn national_format(&self) -> String {
        format!("0{}", self.national_number())
    }

    /// Whether this is a mobile number (national number starts with 8).
    pub fn is_mobile(&self) -> bool {
        self.national_number().starts_with('8')
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl AsRef<str> for Phone {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Phone({})", crate::mask::mask_phone(&self.0))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum PhoneError {
    /// Nothing typed.
    #[error("phone: empty")]
    Empty,
    /// Letters or other characters that do not belong in a phone number, a misplaced `+`,
    /// a missing prefix (neither `0`, `62`, `+62` nor a mobile `8...`), or a national number
    /// starting with a digit no Indonesian number starts with.
    #[error("phone: invalid")]
    Invalid,
    /// International number with a country code other than +62.
    #[error("phone: not an Indonesian number")]
    NotIndonesian,
    /// Too few digits for its kind (mobile: 9 after `+62`/`0`, landline: 7).
    #[error("phone: too short")]
    TooShort,
    /// Too many digits for its kind (mobile: 12 after `+62`/`0`, landline: 11).
    #[error("phone: too long")]
    TooLong,
    /// A valid landline number where a mobile number is required ([`parse_mobile`]).
    #[error("phone: not a mobile number")]
    NotMobile,
}

/// Parses an Indonesian phone number in any common notation: `08123456789`, `0812-3456-789`,
/// `628123456789`, `62 812...`, `+62 812 3456 789`, `+62-812...`, `+62 (0)812...`,
/// `(021) 5201590`, `021-5201590`, `+62 21 5201590`, `0062 812...`, or a bare mobile `812...`.
pub fn parse_phone(input: &str) -> Result<Phone, PhoneError> {
    let input = input.trim();
    if input.is_empty() {
        return Err(PhoneError::Empty);
    }
    let mut digits = String::new();
    let mut plus = false;
    for c in input.chars() {
        match c {
            '0'..='9' => {
                digits.push(c);
                if digits.len() > 32 {
                    return Err(PhoneError::TooLong);
                }
            }
            '+' if !plus && digits.is_empty() => plus = true,
            ' ' | '\u{a0}' | '\t' | '-' | '.' | '(' | ')' | '\u{2010}' | '\u{2011}'
            | '\u{2013}' | '\u{2014}' => {}
            _ => return Err(PhoneError::Invalid),
        }
    }
    if digits.is_empty() {
        return Err(PhoneError::Invalid);
    }

    let national: &str = if plus {
        digits.strip_prefix("62").ok_or(PhoneError::NotIndonesian)?
    } else if let Some(rest) = digits.strip_prefix("00") {
        // International call prefix: 0062...
        rest.strip_prefix("62").ok_or(PhoneError::NotIndonesian)?
    } else if let Some(rest) = digits.strip_prefix('0') {
        rest
    } else if let Some(rest) = digits.strip_prefix("62") {
        rest
    } else if digits.starts_with('8') {
        &digits
    } else {
        return Err(PhoneError::Invalid);
    };
    // "+62 (0)812...", "62 0812...": a trunk 0 after the country code.
    let national = if digits.len() > national.len() + 1 {
        national.strip_prefix('0').unwrap_or(national)
    } else {
        national
    };

    let len = national.len();
    let range = match national.as_bytes().first() {
        None => return Err(PhoneError::TooShort),
        Some(b'8') => MOBILE_LEN,
        Some(b'2'..=b'7' | b'9') => LANDLINE_LEN,
        Some(_) => return Err(PhoneError::Invalid),
    };
    if len < *range.start() {
        return Err(PhoneError::TooShort);
    }
    if len > *range.end() {
        return Err(PhoneError::TooLong);
    }
    Ok(Phone(format!("+62{national}")))
}

/// Like [`parse_phone`], but only accepts mobile numbers (national number starting with 8).
pub fn parse_mobile(input: &str) -> Result<Phone, PhoneError> {
    let phone = parse_phone(input)?;
    if phone.is_mobile() {
        Ok(phone)
    } else {
        Err(PhoneError::NotMobile)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e164(s: &str) -> String {
        parse_phone(s)
            .unwrap_or_else(|e| panic!("{s:?}: {e:?}"))
            .as_e164()
            .to_string()
    }

    #[test]
    fn mobile_forms() {
        for s in [
            "08123456789",
            "0812-3456-789",
            "0812 3456 789",
            "0812.3456.789",
            "628123456789",
            "62 812 3456 789",
            "+628123456789",
            "+62 812 3456 789",
            "+62-812-3456-789",
            "+62 (0)812 3456 789",
            "(+62) 812 3456 789",
            "0062 812 3456 789",
            "8123456789",
            "  08123456789\n",
            "+62\u{a0}812\u{2013}3456\u{2013}789",
        ] {
            assert_eq!(e164(s), "+628123456789", "{s:?}");
        }
        let p = parse_phone("0812-3456-789").unwrap();
        assert!(p.is_mobile());
        assert_eq!(p.national_number(), "8123456789");
        assert_eq!(p.national_format(), "08123456789");
    }

    #[test]
    fn landline_forms() {
        for s in [
            "(021) 5201590",
            "021-5201590",
            "021 520 1590",
            "+62 21 5201590",
            "+62215201590",
            "62215201590",
            "+62 (21) 5201590",
        ] {
            assert_eq!(e164(s), "+62215201590", "{s:?}");
        }
        assert!(!parse_phone("021-5201590").unwrap().is_mobile());
        // Papua area code 0967, Bali 0361
        assert_eq!(e164("(0967) 533 000"), "+62967533000");
        assert_eq!(e164("0361-222333"), "+62361222333");
    }

    #[test]
    fn lengths() {
        // mobile: 9..=12 digits after the 0
        assert_eq!(e164("0812345678"), "+62812345678"); // 08 + 8
        assert_eq!(e164("0812345678901"), "+62812345678901"); // 08 + 11
        assert_eq!(parse_phone("081234567"), Err(PhoneError::TooShort)); // 08 + 7
        assert_eq!(parse_phone("08123456789012"), Err(PhoneError::TooLong)); // 08 + 12
        assert_eq!(parse_phone("+62 812 345"), Err(PhoneError::TooShort));
        // landline: 7..=11
        assert_eq!(e164("02212345"), "+622212345");
        assert_eq!(parse_phone("0221234"), Err(PhoneError::TooShort));
        assert_eq!(parse_phone("022123"), Err(PhoneError::TooShort));
        assert_eq!(e164("021123456789"), "+6221123456789");
        assert_eq!(parse_phone("0211234567890"), Err(PhoneError::TooLong));
        assert_eq!(parse_phone("0"), Err(PhoneError::TooShort));
        assert_eq!(parse_phone("+62"), Err(PhoneError::TooShort));
        assert_eq!(parse_phone(&"8".repeat(10_000)), Err(PhoneError::TooLong));
    }

    #[test]
    fn rejects() {
        assert_eq!(parse_phone(""), Err(PhoneError::Empty));
        assert_eq!(parse_phone("   "), Err(PhoneError::Empty));
        assert_eq!(parse_phone("0812abc6789"), Err(PhoneError::Invalid));
        assert_eq!(parse_phone("nomor saya 0812"), Err(PhoneError::Invalid));
        assert_eq!(parse_phone("0812 3456 789 🙂"), Err(PhoneError::Invalid));
        assert_eq!(parse_phone("0812+3456789"), Err(PhoneError::Invalid));
        assert_eq!(parse_phone("++628123456789"), Err(PhoneError::Invalid));
        assert_eq!(parse_phone("0812/3456789"), Err(PhoneError::Invalid));
        assert_eq!(parse_phone("-- ()"), Err(PhoneError::Invalid));
        assert_eq!(parse_phone("5201590"), Err(PhoneError::Invalid)); // no area code
        assert_eq!(parse_phone("0112345678"), Err(PhoneError::Invalid));
        assert_eq!(parse_phone("+65 9123 4567"), Err(PhoneError::NotIndonesian));
        assert_eq!(
            parse_phone("+1 555 123 4567"),
            Err(PhoneError::NotIndonesian)
        );
        assert_eq!(parse_phone("+6 0812"), Err(PhoneError::NotIndonesian));
        assert_eq!(
            parse_phone("0065 9123 4567"),
            Err(PhoneError::NotIndonesian)
        );
        assert_eq!(parse_phone("٠٨١٢٣٤٥٦٧٨٩"), Err(PhoneError::Invalid));
    }

    #[test]
    fn mobile_only() {
        assert_eq!(
            parse_mobile("+62 812 3456 789").unwrap().as_e164(),
            "+628123456789"
        );
        assert_eq!(parse_mobile("021-5201590"), Err(PhoneError::NotMobile));
        assert_eq!(parse_mobile("x"), Err(PhoneError::Invalid));
        assert_eq!(parse_mobile(""), Err(PhoneError::Empty));
    }

    #[test]
    fn debug_is_masked() {
        let p = parse_phone("08123456789").unwrap();
        assert_eq!(format!("{p:?}"), "Phone(08******789)");
    }
}
