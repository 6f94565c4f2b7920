//! NIK (Nomor Induk Kependudukan), the 16-digit Indonesian population identity number.
//!
//! Layout: `PP RR DD ddmmyy SSSS` — province, regency/city, district (Kepmendagri codes),
//! birth date (day + 40 for women), serial.

use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;
use thiserror::Error;

use super::{digits_value, strip_separators};
use crate::regions::Regions;

/// A syntactically valid NIK: exactly 16 ASCII digits.
///
/// `Debug` prints it masked so it does not end up in logs in full; use [`Nik::as_str`].
#[derive(Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Nik(String);

impl Nik {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }

    /// Digits 1-2.
    pub fn province_code(&self) -> &str {
        &self.0[..2]
    }

    /// Digits 1-4.
    pub fn regency_code(&self) -> &str {
        &self.0[..4]
    }

    /// Digits 1-6.
    pub fn district_code(&self) -> &str {
        &self.0[..6]
    }
}

impl AsRef<str> for Nik {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Nik {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Nik({})", crate::mask::mask_nik(&self.0))
    }
}

/// Result of a successful [`parse_nik`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NikCheck {
    pub nik: Nik,
    /// Day field was 41-71.
    pub female: bool,
    /// 1-31 (40 already subtracted for women).
    pub birth_day: u32,
    /// 1-12.
    pub birth_month: u32,
    /// Two-digit year, 0-99 (the century is not encoded in a NIK).
    pub birth_yy: u32,
    pub warnings: Vec<NikWarning>,
}

/// Things that do not make a NIK invalid but are worth a second look.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum NikWarning {
    /// Digits 1-4 are not a regency/city in the current official list (nor a regency code
    /// from before the 2022 Papua split). `code` is the 4 digits.
    UnknownRegency { code: String },
    /// Digits 1-6 are not a district in the current official list (only reported when the
    /// regency is known). `code` is the 6 digits.
    UnknownDistrict { code: String },
}

/// Why a NIK was rejected. Checked in this order.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum NikError {
    /// Nothing but spaces, dots and dashes.
    #[error("nik: empty")]
    Empty,
    /// Characters other than digits, spaces, dots and dashes.
    #[error("nik: non-digit characters")]
    NonDigit,
    /// Not 16 digits; `found` is how many there are.
    #[error("nik: {found} digits instead of 16")]
    Length { found: usize },
    /// Digits 1-2 are not a province code; `code` is the 2 digits.
    #[error("nik: unknown province code {code}")]
    UnknownProvince { code: String },
    /// Digits 7-8 are neither 01-31 nor 41-71; `value` is the 2 digits.
    #[error("nik: day field {value}")]
    Day { value: String },
    /// Digits 9-10 are not 01-12; `value` is the 2 digits.
    #[error("nik: month field {value}")]
    Month { value: String },
    /// Day and month are in range but the date exists neither in 19yy nor in 20yy
    /// (e.g. 31 April, or 29 February of 2001). `day` has 40 subtracted for women.
    #[error("nik: no date {day}-{month}-{yy}")]
    Date { day: u32, month: u32, yy: String },
    /// Digits 13-16 are 0000.
    #[error("nik: serial 0000")]
    Serial,
}

/// Parses and checks a NIK typed by a user. Spaces, dots and dashes are ignored.
pub fn parse_nik(input: &str, regions: &Regions) -> Result<NikCheck, NikError> {
    let digits = strip_separators(input);
    if digits.is_empty() {
        return Err(NikError::Empty);
    }
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(NikError::NonDigit);
    }
    if digits.len() != 16 {
        return Err(NikError::Length {
            found: digits.len(),
        });
    }
    // From here on `digits` is 16 ASCII digits, so byte slicing is safe.
    let province = &digits[0..2];
    if !regions.is_valid_nik_province(province) {
        return Err(NikError::UnknownProvince {
            code: province.to_string(),
        });
    }

    let day_field = &digits[6..8];
    let (day, female) = match digits_value(day_field) {
        d @ 1..=31 => (d, false),
        d @ 41..=71 => (d - 40, true),
        _ => {
            return Err(NikError::Day {
                value: day_field.to_string(),
            });
        }
    };
    let month_field = &digits[8..10];
    let month = digits_value(month_field);
    if !(1..=12).contains(&month) {
        return Err(NikError::Month {
            value: month_field.to_string(),
        });
    }
    let yy_field = &digits[10..12];
    let yy = digits_value(yy_field);
    let exists = |century: i32| NaiveDate::from_ymd_opt(century + yy as i32, month, day).is_some();
    if !exists(1900) && !exists(2000) {
        return Err(NikError::Date {
            day,
            month,
            yy: yy_field.to_string(),
        });
    }
    if &digits[12..16] == "0000" {
        return Err(NikError::Serial);
    }

    let mut warnings = Vec::new();
    let regency = &digits[0..4];
    let district = &digits[0..6];
    if regions.regency(regency).is_some() {
        if regions.district(district).is_none() {
            warnings.push(NikWarning::UnknownDistrict {
                code: district.to_string(),
            });
        }
    } else if regions.legacy_regency(regency).is_none() {
        warnings.push(NikWarning::UnknownRegency {
            code: regency.to_string(),
        });
    }
    // A pre-2022 Papua regency code (e.g. 9101 Merauke, now 9301) is fine; its district codes
    // cannot be checked against the current list, so no district warning either.

    Ok(NikCheck {
        nik: Nik(digits),
        female,
        birth_day: day,
        birth_month: month,
        birth_yy: yy,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::regions::regions;

    // All NIKs below are synthetic (made-up serials/dates), not real people's numbers.
    const MALE: &str = "3374011708900001"; // Kota Semarang, district 337401, 17-08-90
    const FEMALE: &str = "3374015708900002"; // same, day 57 = 17 + 40

    fn p(s: &str) -> Result<NikCheck, NikError> {
        parse_nik(s, regions())
    }

    #[test]
    fn valid_male() {
        let c = p(MALE).unwrap();
        assert_eq!(c.nik.as_str(), MALE);
        assert!(!c.female);
        assert_eq!((c.birth_day, c.birth_month, c.birth_yy), (17, 8, 90));
        assert!(c.warnings.is_empty(), "{:?}", c.warnings);
        assert_eq!(c.nik.province_code(), "33");
        assert_eq!(c.nik.regency_code(), "3374");
        assert_eq!(c.nik.district_code(), "337401");
    }

    #[test]
    fn valid_female() {
        let c = p(FEMALE).unwrap();
        assert!(c.female);
        assert_eq!((c.birth_day, c.birth_month, c.birth_yy), (17, 8, 90));
        for (field, day) in [("41", 1), ("55", 15), ("71", 31)] {
            let nik = format!("337401{field}0190 0003");
            let c = p(&nik).unwrap();
            assert!(c.female);
            assert_eq!(c.birth_day, day);
        }
        assert_eq!(
            p("3374017208900001"),
            Err(NikError::Day { value: "72".into() })
        );
        assert_eq!(
            p("3374014008900001"),
            Err(NikError::Day { value: "40".into() })
        );
        assert_eq!(
            p("3374013208900001"),
            Err(NikError::Day { value: "32".into() })
        );
        assert_eq!(
            p("3374010008900001"),
            Err(NikError::Day { value: "00".into() })
        );
        assert_eq!(
            p("3374019908900001"),
            Err(NikError::Day { value: "99".into() })
        );
    }

    #[test]
    fn dates() {
        // 29-02-00: 2000 is a leap year
        assert!(p("3374012902000001").is_ok());
        assert!(p("3374016902000001").unwrap().female);
        // 29-02-01: neither 1901 nor 2001 is a leap year
        assert_eq!(
            p("3374012902010001"),
            Err(NikError::Date {
                day: 29,
                month: 2,
                yy: "01".into()
            })
        );
        // 29-02-96: 1996 leap
        assert!(p("3374012902960001").is_ok());
        // 31-04-00
        assert_eq!(
            p("3374013104000001"),
            Err(NikError::Date {
                day: 31,
                month: 4,
                yy: "00".into()
            })
        );
        // female 31-04 reports the real day
        assert_eq!(
            p("3374017104000001"),
            Err(NikError::Date {
                day: 31,
                month: 4,
                yy: "00".into()
            })
        );
        assert_eq!(
            p("3374011713900001"),
            Err(NikError::Month { value: "13".into() })
        );
        assert_eq!(
            p("3374011700900001"),
            Err(NikError::Month { value: "00".into() })
        );
        assert!(p("3374013112990001").is_ok());
    }

    #[test]
    fn serial() {
        assert_eq!(p("3374011708900000"), Err(NikError::Serial));
        assert!(p("3374011708909999").is_ok());
    }

    #[test]
    fn provinces() {
        assert_eq!(
            p("0074011708900001"),
            Err(NikError::UnknownProvince { code: "00".into() })
        );
        assert_eq!(
            p("9974011708900001"),
            Err(NikError::UnknownProvince { code: "99".into() })
        );
        assert_eq!(
            p("5474011708900001"),
            Err(NikError::UnknownProvince { code: "54".into() })
        );
        // Papua 91/92 (still in the list) and the new 93-96
        let c = p("9171011708900001").unwrap(); // Kota Jayapura
        assert!(c.warnings.is_empty(), "{:?}", c.warnings);
        assert!(p("9202011708900001").is_ok()); // Manokwari
        assert!(p("9301011708900001").unwrap().warnings.is_empty()); // Merauke, new code
    }

    #[test]
    fn papua_pre_split_regency_is_not_a_warning() {
        // Merauke before the 2022 split: 9101 (now 9301)
        let c = p("9101011708900001").unwrap();
        assert!(c.warnings.is_empty(), "{:?}", c.warnings);
        // Kota Sorong before the split: 9271 (now 9671)
        assert!(p("9271011708900001").unwrap().warnings.is_empty());
        // 9199 never existed
        assert_eq!(
            p("9199011708900001").unwrap().warnings,
            [NikWarning::UnknownRegency {
                code: "9199".into()
            }]
        );
    }

    #[test]
    fn warnings() {
        let c = p("3399011708900001").unwrap();
        assert_eq!(
            c.warnings,
            [NikWarning::UnknownRegency {
                code: "3399".into()
            }]
        );
        let c = p("3374991708900001").unwrap();
        assert_eq!(
            c.warnings,
            [NikWarning::UnknownDistrict {
                code: "337499".into()
            }]
        );
    }

    #[test]
    fn separators_stripped() {
        for s in [
            "3374 01 1708 90 0001",
            "3374.01.170890.0001",
            "3374-01-170890-0001",
            "  3374011708900001\n",
            "33 74 01-17.08.90 00 01",
            "3374\u{a0}0117\u{2013}0890\u{2014}0001",
        ] {
            assert_eq!(p(s).unwrap().nik.as_str(), MALE, "{s:?}");
        }
    }

    #[test]
    fn lengths_and_characters() {
        assert_eq!(p(""), Err(NikError::Empty));
        assert_eq!(p("  . - "), Err(NikError::Empty));
        assert_eq!(p("337401170890001"), Err(NikError::Length { found: 15 }));
        assert_eq!(p("33740117089000011"), Err(NikError::Length { found: 17 }));
        assert_eq!(p("1"), Err(NikError::Length { found: 1 }));
        assert_eq!(p("3374O11708900001"), Err(NikError::NonDigit));
        assert_eq!(p("NIK: 3374011708900001"), Err(NikError::NonDigit));
        assert_eq!(p("3374011708900001🙂"), Err(NikError::NonDigit));
        // Arabic-Indic digits are not accepted
        assert_eq!(p("٣٣٧٤٠١١٧٠٨٩٠٠٠٠١"), Err(NikError::NonDigit));
        assert_eq!(p("/3374011708900001"), Err(NikError::NonDigit));
    }

    #[test]
    fn never_panics() {
        let huge = "9".repeat(1_000_000);
        assert_eq!(p(&huge), Err(NikError::Length { found: 1_000_000 }));
        for s in [
            "é",
            "🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂",
            "\0",
            "ß".repeat(16).as_str(),
        ] {
            assert!(p(s).is_err());
        }
        // exhaustive-ish sweep of the date fields
        for dd in 0..100 {
            for mm in 0..100 {
                let _ = p(&format!("337401{dd:02}{mm:02}000001"));
            }
        }
    }

    #[test]
    fn debug_is_masked() {
        let c = p(MALE).unwrap();
        let dbg = format!("{:?}", c.nik);
        assert!(!dbg.contains(MALE));
        assert!(dbg.contains("3374********0001"));
    }
}
