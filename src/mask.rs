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

/// A valid Indonesian number in any notation -> E.164 with country code and the first 3 and
/// last 3 national digits kept: `0812-3456-7789` -> `+62812*****789`.
/// Anything else: first 2 and last 2 chars kept (4 chars or fewer: all starred).
pub fn mask_phone(s: &str) -> String {
    match parse_phone(s) {
        Ok(phone) => format!("+62{}", keep_ends(phone.national_number(), 3, 3)),
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

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(mask_phone("+6281234567789"), "+62812*****789");
        assert_eq!(mask_phone("0812-3456-7789"), "+62812*****789");
        assert_eq!(mask_phone("(021) 5201590"), "+62215***590");
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
