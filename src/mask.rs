//! Masking of personal identifiers for logs and confirmations ("3171********0001").
//! All functions work on `char`s and never panic.

use crate::validate::{parse_phone, strip_separators};

const STAR: char = '*';

/// Keeps the first `head` and last `tail` chars, replacing the rest with one `*` per char.
/// If that would reveal everything (`len <= head + tail`), every char is starred.
fn keep_ends(s: &str, head: usize, tail: usize) -> String {
    let chars: Vec<char> = s.chars().collect();
    let n = chars.len();
    if n <= head + tail {
        return STAR.to_string().repeat(n);
    }
    let mut out = String::with_capacity(n);
    out.extend(&chars[..head]);
    out.extend(std::iter::repeat_n(STAR, n - head - tail));
    out.extend(&chars[n - tail..]);
    out
}

fn is_ascii_digits(s: &str, len: usize) -> bool {
    s.len() == len && s.bytes().all(|b| b.is_ascii_digit())
}

/// `3171234567890001` -> `3171********0001` (spaces, dots and dashes are dropped first).
/// Anything that is not 16 digits: first 2 and last 2 chars kept, the rest starred;
/// 4 chars or fewer: all starred.
pub fn mask_nik(s: &str) -> String {
    let digits = strip_separators(s);
    if is_ascii_digits(&digits, 16) {
        keep_ends(&digits, 4, 4)
    } else {
        keep_ends(s.trim(), 2, 2)
    }
}

/// `199008172015031001` -> `1990***********001` (first 4 and last 3 kept; spaces, dots and
/// dashes dropped first if that leaves 18 digits). 7 chars or fewer: all starred.
pub fn mask_nip(s: &str) -> String {
    let digits = strip_separators(s);
    if is_ascii_digits(&digits, 18) {
        keep_ends(&digits, 4, 3)
    } else {
        keep_ends(s.trim(), 4, 3)
    }
}

/// A valid Indonesian number in any notation -> its domestic form with the first 2 and last 3
/// digits kept: `0812-3456-7789` and `+62 812 3456 7789` -> `08*******789`.
/// Anything else: first 2 and last 2 chars kept (4 chars or fewer: all starred).
pub fn mask_phone(s: &str) -> String {
    match parse_phone(s) {
        Ok(phone) => keep_ends(&phone.national_format(), 2, 3),
        Err(_) => keep_ends(s.trim(), 2, 2),
    }
}

/// `ani@dinkes.id` -> `a***@d***.id`: first char of the local part and of the domain, the
/// top-level domain kept; a fixed `***` hides the lengths. Without a usable `@`: first 2 and
/// last 2 chars kept (4 chars or fewer: all starred).
pub fn mask_email(s: &str) -> String {
    let s = s.trim();
    let Some((local, domain)) = s.rsplit_once('@') else {
        return keep_ends(s, 2, 2);
    };
    let (Some(l), Some(d)) = (local.chars().next(), domain.chars().next()) else {
        return keep_ends(s, 2, 2);
    };
    match domain.rsplit_once('.') {
        Some((_, tld)) if !tld.is_empty() && domain.len() > tld.len() + 1 => {
            format!("{l}***@{d}***.{tld}")
        }
        _ => format!("{l}***@{d}***"),
    }
}

/// Which identifier a case field's label names, as a word: "nik", "nip", or neither.
pub fn identifier_label(label: &str) -> Option<&'static str> {
    let words = || label.split(|c: char| !c.is_alphanumeric());
    if words().any(|w| w.eq_ignore_ascii_case("nik")) {
        Some("nik")
    } else if words().any(|w| w.eq_ignore_ascii_case("nip")) {
        Some("nip")
    } else {
        None
    }
}

/// A free text with every NIK (16 digits), NIP (18 digits), Indonesian phone number and email
/// address in it masked, however it is written (digits grouped with spaces, dots or dashes):
/// what agents and logs see of what users wrote.
pub fn mask_text(text: &str) -> String {
    mask_numbers(&mask_emails(text))
}

fn is_email_local(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-')
}

fn is_email_domain(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '-')
}

fn mask_emails(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut done = 0; // chars[..done] are in `out`
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '@' {
            let mut start = i;
            while start > done && is_email_local(chars[start - 1]) {
                start -= 1;
            }
            let mut end = i + 1;
            while end < chars.len() && is_email_domain(chars[end]) {
                end += 1;
            }
            // A domain does not end with its dot ("ani@dinkes.id." ends a sentence).
            while end > i + 1 && matches!(chars[end - 1], '.' | '-') {
                end -= 1;
            }
            let domain: String = chars[i + 1..end].iter().collect();
            if start < i && domain.contains('.') && !domain.starts_with('.') {
                out.extend(&chars[done..start]);
                let email: String = chars[start..end].iter().collect();
                out.push_str(&mask_email(&email));
                done = end;
                i = end;
                continue;
            }
        }
        i += 1;
    }
    out.extend(&chars[done..]);
    out
}

/// The masked form of a number written as `digits`, if it is an identifier or a phone number.
fn mask_number(written: &str, digits: &str) -> Option<String> {
    match digits.len() {
        16 => Some(mask_nik(digits)),
        18 => Some(mask_nip(digits)),
        9..=15 if parse_phone(written).is_ok() => Some(mask_phone(written)),
        _ => None,
    }
}

fn mask_numbers(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        // Not in the middle of a number; a label glued to it ("NIK3374...") does not hide it.
        let starts = |k: usize| k == 0 || !chars[k - 1].is_ascii_digit();
        let at_number = chars[i].is_ascii_digit()
            || (chars[i] == '+' && chars.get(i + 1).is_some_and(char::is_ascii_digit));
        if at_number && starts(i) {
            // Groups of digits joined by single separators; the longest run of whole groups
            // that reads as an identifier or a phone number is masked.
            let mut j = i + usize::from(chars[i] == '+');
            let mut digits = String::new();
            let mut best: Option<(usize, String)> = None;
            loop {
                while j < chars.len() && chars[j].is_ascii_digit() {
                    digits.push(chars[j]);
                    j += 1;
                }
                let followed = chars.get(j).is_some_and(|c| c.is_alphanumeric());
                if !followed {
                    let written: String = chars[i..j].iter().collect();
                    if let Some(m) = mask_number(&written, &digits) {
                        best = Some((j, m));
                    }
                }
                if digits.len() < 18
                    && j + 1 < chars.len()
                    && matches!(
                        chars[j],
                        ' ' | '.' | '-' | '/' | '\u{a0}' | '\u{2013}' | '\u{2014}'
                    )
                    && chars[j + 1].is_ascii_digit()
                {
                    j += 1;
                } else {
                    break;
                }
            }
            if let Some((end, masked)) = best {
                out.push_str(&masked);
                i = end;
                continue;
            }
            // Not one: the run is copied up to its first separator.
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '+') {
                out.push(chars[i]);
                i += 1;
            }
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_have_every_identifier_phone_and_email_masked() {
        for (text, want) in [
            (
                "NIK 3171234567890001, HP 0812-3456-7789, email ani@dinkes.id.",
                "NIK 3171********0001, HP 08*******789, email a***@d***.id.",
            ),
            (
                "3374 0117 0890 0001 08123456789",
                "3374********0001 08******789",
            ),
            ("NIP 19900817 201503 1 001", "NIP 1990***********001"),
            ("hubungi +62 812 3456 7789 ya", "hubungi 08*******789 ya"),
            (
                "NIK3374015708900002 HP08123456789",
                "NIK3374********0002 HP08******789",
            ),
            ("3374/0157/0890/0002", "3374********0002"),
            ("(ani.s+kyc@puskesmas-x.go.id)", "(a***@p***.id)"),
            // Not personal data: references, dates, times, counts, prices.
            (
                "KYC-261121-7Q2XM4 pada 17-08-1990 jam 08.30",
                "KYC-261121-7Q2XM4 pada 17-08-1990 jam 08.30",
            ),
            (
                "3 dokter, 12 perawat, Rp 1.500.000",
                "3 dokter, 12 perawat, Rp 1.500.000",
            ),
            ("12345678901234567", "12345678901234567"),
            ("a@b tidak lengkap; @admin", "a@b tidak lengkap; @admin"),
            ("", ""),
            ("🙂 0812🙂3456", "🙂 0812🙂3456"),
        ] {
            assert_eq!(mask_text(text), want, "{text}");
        }
    }

    #[test]
    fn nik() {
        assert_eq!(mask_nik("3171234567890001"), "3171********0001");
        assert_eq!(mask_nik("3171 2345 6789 0001"), "3171********0001");
        assert_eq!(mask_nik("3171.23.456789.0001"), "3171********0001");
        assert_eq!(mask_nik("317123456789000"), "31***********00");
        assert_eq!(mask_nik("abcdef"), "ab**ef");
        assert_eq!(mask_nik("abcde"), "ab*de");
        assert_eq!(mask_nik("abcd"), "****");
        assert_eq!(mask_nik("ab"), "**");
        assert_eq!(mask_nik(""), "");
        assert_eq!(mask_nik("🙂é日本🙂"), "🙂é*本🙂");
        assert_eq!(mask_nik("ééé"), "***");
    }

    #[test]
    fn nip() {
        assert_eq!(mask_nip("199008172015031001"), "1990***********001");
        assert_eq!(mask_nip("19900817 201503 1 001"), "1990***********001");
        assert_eq!(mask_nip("12345678"), "1234*678");
        assert_eq!(mask_nip("1234567"), "*******");
        assert_eq!(mask_nip("日本語日本語日本語"), "日本語日**日本語");
    }

    #[test]
    fn phone() {
        assert_eq!(mask_phone("+6281234567789"), "08*******789");
        assert_eq!(mask_phone("0812-3456-7789"), "08*******789");
        assert_eq!(mask_phone("08123456789"), "08******789");
        assert_eq!(mask_phone("(021) 5201590"), "02*****590");
        assert_eq!(mask_phone("+1 555 123"), "+1******23");
        assert_eq!(mask_phone("123"), "***");
        assert_eq!(mask_phone("📞📞📞📞📞"), "📞📞*📞📞");
    }

    #[test]
    fn email() {
        assert_eq!(mask_email("ani@dinkes.id"), "a***@d***.id");
        assert_eq!(
            mask_email("Ani.Rahma@dinkes.semarangkota.go.id"),
            "A***@d***.id"
        );
        assert_eq!(mask_email("ani@localhost"), "a***@l***");
        assert_eq!(mask_email("ani@.id"), "a***@.***");
        assert_eq!(mask_email("élodie@exämple.fr"), "é***@e***.fr");
        assert_eq!(mask_email("no-at-sign"), "no******gn");
        assert_eq!(mask_email("@dinkes.id"), "@d******id");
        assert_eq!(mask_email("ani@"), "****");
        assert_eq!(mask_email(""), "");
    }
}
