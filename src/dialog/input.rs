//! Checks a typed answer for an [`InputKind`] and turns validator errors into Fluent messages
//! that say what is wrong and what is expected.

use chrono::NaiveDate;

use super::flow::{InputKind, MsgId, Vars};
use crate::m;
use crate::regions::Regions;
use crate::validate::{date, email, name, nik, nip, phone};

/// An accepted answer: the value to store and, possibly, a warning the user must confirm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accepted {
    pub value: String,
    pub warning: Option<(MsgId, Vars)>,
}

/// A rejected answer: the message explaining why.
pub type Rejected = (MsgId, Vars);

pub fn check(
    kind: InputKind,
    text: &str,
    regions: &Regions,
    today: NaiveDate,
) -> Result<Accepted, Rejected> {
    let text = text.trim();
    let plain = |value: String| {
        Ok(Accepted {
            value,
            warning: None,
        })
    };
    match kind {
        InputKind::PersonName => match name::parse_person_name(text) {
            Ok(n) => plain(n.as_str().to_string()),
            Err(e) => Err(name_error(e)),
        },
        InputKind::Nik => match nik::parse_nik(text, regions) {
            Ok(c) => {
                let warning = c.warnings.first().map(|w| match w {
                    nik::NikWarning::UnknownRegency { code } => {
                        (m!("nik-warn-regency"), vec![("code", code.clone())])
                    }
                    nik::NikWarning::UnknownDistrict { code } => {
                        (m!("nik-warn-district"), vec![("code", code.clone())])
                    }
                });
                Ok(Accepted {
                    value: c.nik.as_str().to_string(),
                    warning,
                })
            }
            Err(e) => Err(nik_error(e)),
        },
        InputKind::Nip => match nip::parse_nip(text) {
            Ok(n) => plain(n.as_str().to_string()),
            Err(e) => Err(nip_error(e)),
        },
        InputKind::Phone => match phone::parse_phone(text) {
            Ok(p) => plain(p.as_e164().to_string()),
            Err(e) => Err(phone_error(e)),
        },
        InputKind::Mobile => match phone::parse_mobile(text) {
            Ok(p) => plain(p.as_e164().to_string()),
            Err(e) => Err(phone_error(e)),
        },
        InputKind::Email => match email::parse_email(text) {
            Ok(e) => plain(e.as_str().to_string()),
            Err(e) => Err(email_error(e)),
        },
        InputKind::BirthDate => match date::parse_birth_date(text, today) {
            Ok(d) => plain(d.format("%d-%m-%Y").to_string()),
            Err(e) => Err(date_error(e)),
        },
        InputKind::Text { max } => {
            let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
            let len = collapsed.chars().count();
            if len < 2 {
                Err((m!("input-text-short"), vec![]))
            } else if len > max {
                Err((
                    m!("input-text-long"),
                    vec![("max", max.to_string()), ("found", len.to_string())],
                ))
            } else {
                plain(collapsed)
            }
        }
        InputKind::Code => {
            let code: String = text
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '-' && *c != '.')
                .collect();
            let len = code.chars().count();
            if !(3..=20).contains(&len) || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
                Err((m!("input-code-invalid"), vec![]))
            } else {
                plain(code.to_ascii_uppercase())
            }
        }
    }
}

fn name_error(e: name::NameError) -> Rejected {
    use name::NameError as E;
    match e {
        E::Empty | E::TooShort => (m!("name-too-short"), vec![]),
        E::TooLong => (m!("name-too-long"), vec![]),
        E::Digits => (m!("name-digits"), vec![]),
        _ => (m!("name-characters"), vec![]),
    }
}

fn nik_error(e: nik::NikError) -> Rejected {
    use nik::NikError as E;
    match e {
        E::Empty => (m!("nik-empty"), vec![]),
        E::NonDigit => (m!("nik-non-digit"), vec![]),
        E::Length { found } => (m!("nik-length"), vec![("found", found.to_string())]),
        E::UnknownProvince { code } => (m!("nik-province"), vec![("code", code)]),
        E::Day { value } => (m!("nik-day"), vec![("value", value)]),
        E::Month { value } => (m!("nik-month"), vec![("value", value)]),
        E::Date { day, month, yy } => (
            m!("nik-date"),
            vec![
                ("day", format!("{day:02}")),
                ("month", format!("{month:02}")),
                ("yy", yy),
            ],
        ),
        E::Serial => (m!("nik-serial"), vec![]),
    }
}

fn nip_error(e: nip::NipError) -> Rejected {
    use nip::NipError as E;
    match e {
        E::Empty => (m!("nip-empty"), vec![]),
        E::NonDigit => (m!("nip-non-digit"), vec![]),
        E::Length { found } => (m!("nip-length"), vec![("found", found.to_string())]),
        E::BirthDate { value } => (m!("nip-birth"), vec![("value", value)]),
        E::Appointment { value } => (m!("nip-appointment"), vec![("value", value)]),
        E::AppointmentBeforeBirth => (m!("nip-appointment-before-birth"), vec![]),
        E::Gender { value } => (m!("nip-gender"), vec![("value", value)]),
        E::Serial => (m!("nip-serial"), vec![]),
    }
}

fn phone_error(e: phone::PhoneError) -> Rejected {
    use phone::PhoneError as E;
    match e {
        E::Empty => (m!("phone-empty"), vec![]),
        E::NotIndonesian => (m!("phone-not-indonesian"), vec![]),
        E::TooShort => (m!("phone-too-short"), vec![]),
        E::TooLong => (m!("phone-too-long"), vec![]),
        E::NotMobile => (m!("phone-not-mobile"), vec![]),
        _ => (m!("phone-invalid"), vec![]),
    }
}

fn email_error(e: email::EmailError) -> Rejected {
    use email::EmailError as E;
    match e {
        E::Empty => (m!("email-empty"), vec![]),
        E::MissingAt => (m!("email-missing-at"), vec![]),
        E::MultipleAt => (m!("email-multiple-at"), vec![]),
        E::Whitespace => (m!("email-whitespace"), vec![]),
        E::Local => (m!("email-local"), vec![]),
        E::TooLong => (m!("email-too-long"), vec![]),
        _ => (m!("email-domain"), vec![]),
    }
}

fn date_error(e: date::DateError) -> Rejected {
    use date::DateError as E;
    match e {
        E::NoSuchDate { day, month, year } => (
            m!("date-no-such"),
            vec![
                ("day", format!("{day:02}")),
                ("month", format!("{month:02}")),
                ("year", year.to_string()),
            ],
        ),
        E::Future => (m!("date-future"), vec![]),
        E::TooOld => (m!("date-too-old"), vec![]),
        E::YearNotFourDigits => (m!("date-year"), vec![]),
        _ => (m!("date-format"), vec![]),
    }
}
