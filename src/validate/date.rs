//! Birth dates typed by users, day first (Indonesian order) or ISO `YYYY-MM-DD`.

use chrono::{Months, NaiveDate};
use thiserror::Error;

/// Birth dates more than this many years before `today` are rejected ([`DateError::TooOld`]).
pub const MAX_AGE_YEARS: u32 = 120;

/// Why a birth date was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum DateError {
    #[error("date: empty")]
    Empty,
    /// Not in a recognised format (see [`parse_birth_date`]).
    #[error("date: format")]
    Format,
    /// The year is not written with 4 digits (e.g. `17-08-90`).
    #[error("date: year not four digits")]
    YearNotFourDigits,
    /// Well-formed but no such date (e.g. 31-04-1990, 29-02-2001, month 13).
    #[error("date: no such date {day}-{month}-{year}")]
    NoSuchDate { day: u32, month: u32, year: i32 },
    /// After `today`.
    #[error("date: in the future")]
    Future,
    /// More than [`MAX_AGE_YEARS`] years before `today`.
    #[error("date: too old")]
    TooOld,
}

/// Month number for an Indonesian or English month name or common abbreviation
/// (lower-case input).
fn month_from_name(name: &str) -> Option<u32> {
    let m = match name {
        "januari" | "january" | "jan" => 1,
        "februari" | "pebruari" | "february" | "feb" | "peb" | "febr" => 2,
        "maret" | "march" | "mar" | "mrt" => 3,
        "april" | "apr" => 4,
        "mei" | "may" => 5,
        "juni" | "june" | "jun" => 6,
        "juli" | "july" | "jul" => 7,
        "agustus" | "august" | "agu" | "agt" | "ags" | "agus" | "aug" => 8,
        "september" | "sep" | "sept" | "spt" => 9,
        "oktober" | "october" | "okt" | "oct" => 10,
        "november" | "nopember" | "nov" | "nop" => 11,
        "desember" | "december" | "des" | "dec" => 12,
        _ => return None,
    };
    Some(m)
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Day or month: 1 or 2 ASCII digits.
fn small_number(s: &str) -> Option<u32> {
    if is_digits(s) && s.len() <= 2 {
        s.parse().ok()
    } else {
        None
    }
}

/// Parses a birth date typed by a user and checks it against `today`.
///
/// Accepted (case-insensitive, separators `-`, `/`, `.`, space or `,`, freely mixed):
/// `17-08-1990`, `17/08/1990`, `17.08.1990`, `17 08 1990`, `1990-08-17` (year first: ISO order),
/// `17 Agustus 1990`, `17 Agu 1990`, `17 August 1990`, `17 Aug 1990`, `August 17, 1990`.
/// Month names: Indonesian and English, full or abbreviated (`Mei`/`May`, `Okt`/`Oct`,
/// `Des`/`Dec`, `Peb`/`Feb`, `Agt`, `Nop`, ...). The year must have 4 digits.
pub fn parse_birth_date(input: &str, today: NaiveDate) -> Result<NaiveDate, DateError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(DateError::Empty);
    }
    // No valid date is anywhere near this long; avoid lower-casing huge input.
    if s.len() > 64 {
        return Err(DateError::Format);
    }
    let lower = s.to_lowercase();
    let tokens: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || matches!(c, '-' | '/' | '.' | ','))
        .filter(|t| !t.is_empty())
        .collect();
    let [a, b, c] = tokens.as_slice() else {
        return Err(DateError::Format);
    };

    let (day, month, year) = if is_digits(a) && a.len() == 4 {
        // ISO order: YYYY MM DD
        match (small_number(b), small_number(c)) {
            (Some(m), Some(d)) => (d, m, *a),
            _ => return Err(DateError::Format),
        }
    } else if let Some(m) = month_from_name(a) {
        // English order: Month DD YYYY
        (small_number(b).ok_or(DateError::Format)?, m, *c)
    } else {
        let d = small_number(a).ok_or(DateError::Format)?;
        let m = small_number(b)
            .or_else(|| month_from_name(b))
            .ok_or(DateError::Format)?;
        (d, m, *c)
    };
    if !is_digits(year) {
        return Err(DateError::Format);
    }
    if year.len() != 4 {
        return Err(DateError::YearNotFourDigits);
    }
    let year: i32 = year.parse().map_err(|_| DateError::Format)?;
    let date = NaiveDate::from_ymd_opt(year, month, day).ok_or(DateError::NoSuchDate {
        day,
        month,
        year,
    })?;
    if date > today {
        return Err(DateError::Future);
    }
    let oldest = today
        .checked_sub_months(Months::new(MAX_AGE_YEARS * 12))
        .unwrap_or(NaiveDate::MIN);
    if date < oldest {
        return Err(DateError::TooOld);
    }
    Ok(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 6, 15).unwrap()
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn p(s: &str) -> Result<NaiveDate, DateError> {
        parse_birth_date(s, today())
    }

    #[test]
    fn formats() {
        for s in [
            "17-08-1990",
            "17/08/1990",
            "17.08.1990",
            "17 08 1990",
            "17-8-1990",
            "1990-08-17",
            "1990/8/17",
            "17 Agustus 1990",
            "17 agustus 1990",
            "17 AGUSTUS 1990",
            "17 Agu 1990",
            "17 Agt. 1990",
            "17 August 1990",
            "17 Aug 1990",
            "17-Aug-1990",
            "August 17, 1990",
            "  17 - 08 - 1990  ",
        ] {
            assert_eq!(p(s), Ok(d(1990, 8, 17)), "{s:?}");
        }
        let months = [
            ("Januari", 1),
            ("Jan", 1),
            ("Februari", 2),
            ("Pebruari", 2),
            ("Peb", 2),
            ("Feb", 2),
            ("Maret", 3),
            ("March", 3),
            ("Mar", 3),
            ("April", 4),
            ("Mei", 5),
            ("May", 5),
            ("Juni", 6),
            ("June", 6),
            ("Juli", 7),
            ("July", 7),
            ("September", 9),
            ("Sep", 9),
            ("Oktober", 10),
            ("October", 10),
            ("Okt", 10),
            ("Oct", 10),
            ("Nopember", 11),
            ("November", 11),
            ("Nop", 11),
            ("Desember", 12),
            ("December", 12),
            ("Des", 12),
            ("Dec", 12),
        ];
        for (name, m) in months {
            assert_eq!(p(&format!("1 {name} 2000")), Ok(d(2000, m, 1)), "{name}");
        }
        // day first, not month first
        assert_eq!(p("05-04-2001"), Ok(d(2001, 4, 5)));
    }

    #[test]
    fn errors() {
        assert_eq!(p(""), Err(DateError::Empty));
        assert_eq!(p("   "), Err(DateError::Empty));
        assert_eq!(p("17-08-90"), Err(DateError::YearNotFourDigits));
        assert_eq!(p("17 Agustus 90"), Err(DateError::YearNotFourDigits));
        assert_eq!(p("17-08-01990"), Err(DateError::YearNotFourDigits));
        assert_eq!(p("17081990"), Err(DateError::Format));
        assert_eq!(p("17-08"), Err(DateError::Format));
        assert_eq!(p("17-08-1990-1"), Err(DateError::Format));
        assert_eq!(p("17 Agustusan 1990"), Err(DateError::Format));
        assert_eq!(p("tujuh belas agustus"), Err(DateError::Format));
        assert_eq!(p("117-08-1990"), Err(DateError::Format));
        assert_eq!(p("17-08-199O"), Err(DateError::Format));
        assert_eq!(p("1990-Aug-17"), Err(DateError::Format));
        assert_eq!(p("🙂-08-1990"), Err(DateError::Format));
        assert_eq!(
            p("31-04-1990"),
            Err(DateError::NoSuchDate {
                day: 31,
                month: 4,
                year: 1990
            })
        );
        assert_eq!(
            p("29-02-2001"),
            Err(DateError::NoSuchDate {
                day: 29,
                month: 2,
                year: 2001
            })
        );
        assert_eq!(p("29-02-2000"), Ok(d(2000, 2, 29)));
        assert_eq!(
            p("17-13-1990"),
            Err(DateError::NoSuchDate {
                day: 17,
                month: 13,
                year: 1990
            })
        );
        assert_eq!(
            p("00-01-1990"),
            Err(DateError::NoSuchDate {
                day: 0,
                month: 1,
                year: 1990
            })
        );
        assert_eq!(p("16-06-2025"), Err(DateError::Future));
        assert_eq!(p("15-06-2025"), Ok(today()));
        assert_eq!(p("15-06-1905"), Ok(d(1905, 6, 15)));
        assert_eq!(p("14-06-1905"), Err(DateError::TooOld));
        assert_eq!(p("01-01-0001"), Err(DateError::TooOld));
        assert_eq!(p("01-01-9999"), Err(DateError::Future));
        assert_eq!(p(&"1".repeat(1_000_000)), Err(DateError::Format));
    }

    #[test]
    fn extreme_today() {
        let _ = parse_birth_date("01-01-0001", NaiveDate::MIN);
        let _ = parse_birth_date("31-12-9999", NaiveDate::MAX);
    }
}
