//! NIP (Nomor Induk Pegawai), the 18-digit civil-servant number.
//!
//! Layout: `YYYYMMDD YYYYMM G SSS` — birth date, appointment (TMT CPNS) year and month,
//! gender (1 man, 2 woman), serial.

use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;
use thiserror::Error;

use super::{digits_value, strip_separators};

/// A valid NIP: 18 ASCII digits. `Debug` prints it masked.
#[derive(Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Nip(String);

impl Nip {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }

    /// Digits 1-8.
    pub fn birth_date(&self) -> NaiveDate {
        birth_date(&self.0[..8]).unwrap_or_default()
    }

    /// Digits 9-14 as (year, month).
    pub fn appointment(&self) -> (i32, u32) {
        (
            digits_value(&self.0[8..12]) as i32,
            digits_value(&self.0[12..14]),
        )
    }

    /// Digit 15 is 2.
    pub fn female(&self) -> bool {
        &self.0[14..15] == "2"
    }
}

impl AsRef<str> for Nip {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Nip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Nip({})", crate::mask::mask_nip(&self.0))
    }
}

/// Why a NIP was rejected. Checked in this order.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum NipError {
    /// Nothing but spaces, dots and dashes.
    #[error("nip: empty")]
    Empty,
    /// Characters other than digits, spaces, dots and dashes.
    #[error("nip: non-digit characters")]
    NonDigit,
    /// Not 18 digits; `found` is how many there are.
    #[error("nip: {found} digits instead of 18")]
    Length { found: usize },
    /// Digits 1-8 (`value`, YYYYMMDD) are not a date with year 1900-2100.
    #[error("nip: birth date {value}")]
    BirthDate { value: String },
    /// Digits 9-14 (`value`, YYYYMM) are not a valid year (1900-2100) and month.
    #[error("nip: appointment {value}")]
    Appointment { value: String },
    /// The appointment month is not after the birth month.
    #[error("nip: appointment not after birth")]
    AppointmentBeforeBirth,
    /// Digit 15 (`value`) is not 1 or 2.
    #[error("nip: gender digit {value}")]
    Gender { value: String },
    /// Digits 16-18 are 000.
    #[error("nip: serial 000")]
    Serial,
}

fn birth_date(yyyymmdd: &str) -> Option<NaiveDate> {
    let year = digits_value(&yyyymmdd[..4]) as i32;
    if !(1900..=2100).contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(
        year,
        digits_value(&yyyymmdd[4..6]),
        digits_value(&yyyymmdd[6..8]),
    )
}

/// Parses a NIP typed by a user. Spaces, dots and dashes are ignored.
pub fn parse_nip(input: &str) -> Result<Nip, NipError> {
    let digits = strip_separators(input);
    if digits.is_empty() {
        return Err(NipError::Empty);
    }
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(NipError::NonDigit);
    }
    if digits.len() != 18 {
        return Err(NipError::Length {
            found: digits.len(),
        });
    }
    // 18 ASCII digits: byte slicing is safe.
    let birth_field = &digits[0..8];
    let Some(birth) = birth_date(birth_field) else {
        return Err(NipError::BirthDate {
            value: birth_field.to_string(),
        });
    };
    let appointment_field = &digits[8..14];
    let ay = digits_value(&appointment_field[..4]) as i32;
    let am = digits_value(&appointment_field[4..6]);
    if !(1900..=2100).contains(&ay) || !(1..=12).contains(&am) {
        return Err(NipError::Appointment {
            value: appointment_field.to_string(),
        });
    }
    if (ay, am)
        <= (
            chrono::Datelike::year(&birth),
            chrono::Datelike::month(&birth),
        )
    {
        return Err(NipError::AppointmentBeforeBirth);
    }
    let gender = &digits[14..15];
    if gender != "1" && gender != "2" {
        return Err(NipError::Gender {
            value: gender.to_string(),
        });
    }
    if &digits[15..18] == "000" {
        return Err(NipError::Serial);
    }
    Ok(Nip(digits))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Synthetic: born 17-08-1990, appointed 2015-03, man, serial 001.
    const NIP: &str = "199008172015031001";

    #[test]
    fn valid() {
        let n = parse_nip(NIP).unwrap();
        assert_eq!(n.as_str(), NIP);
        assert_eq!(
            n.birth_date(),
            NaiveDate::from_ymd_opt(1990, 8, 17).unwrap()
        );
        assert_eq!(n.appointment(), (2015, 3));
        assert!(!n.female());
        assert!(parse_nip("199008172015032001").unwrap().female());
        assert_eq!(parse_nip("19900817 201503 1 001").unwrap().as_str(), NIP);
        assert_eq!(parse_nip("19900817.201503.1.001").unwrap().as_str(), NIP);
        assert_eq!(parse_nip("19900817-201503-1-001").unwrap().as_str(), NIP);
        // leap day
        assert!(parse_nip("200002292020011999").is_ok());
        // appointment in the month right after birth is (formally) fine
        assert!(parse_nip("199008171990091001").is_ok());
    }

    #[test]
    fn errors() {
        assert_eq!(parse_nip(""), Err(NipError::Empty));
        assert_eq!(parse_nip(" - "), Err(NipError::Empty));
        assert_eq!(parse_nip("19900817201503100a"), Err(NipError::NonDigit));
        assert_eq!(parse_nip("NIP 199008172015031001"), Err(NipError::NonDigit));
        assert_eq!(
            parse_nip("19900817201503100"),
            Err(NipError::Length { found: 17 })
        );
        assert_eq!(
            parse_nip("1990081720150310011"),
            Err(NipError::Length { found: 19 })
        );
        for birth in [
            "19901317", "19900231", "20010229", "18990101", "21010101", "19900800",
        ] {
            assert_eq!(
                parse_nip(&format!("{birth}2015031001")),
                Err(NipError::BirthDate {
                    value: birth.into()
                }),
                "{birth}"
            );
        }
        for app in ["201513", "201500", "189901", "210101"] {
            assert_eq!(
                parse_nip(&format!("19900817{app}1001")),
                Err(NipError::Appointment { value: app.into() }),
                "{app}"
            );
        }
        assert_eq!(
            parse_nip("199008171990081001"),
            Err(NipError::AppointmentBeforeBirth)
        );
        assert_eq!(
            parse_nip("199008171985011001"),
            Err(NipError::AppointmentBeforeBirth)
        );
        for g in ["0", "3", "9"] {
            assert_eq!(
                parse_nip(&format!("19900817201503{g}001")),
                Err(NipError::Gender { value: g.into() })
            );
        }
        assert_eq!(parse_nip("199008172015031000"), Err(NipError::Serial));
    }

    #[test]
    fn never_panics() {
        for s in ["🙂", "é".repeat(18).as_str(), &"1".repeat(100_000), "\u{0}"] {
            assert!(parse_nip(s).is_err());
        }
        let dbg = format!("{:?}", parse_nip(NIP).unwrap());
        assert!(!dbg.contains(NIP));
    }
}
