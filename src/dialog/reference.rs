//! Human-readable case references: `KYC-261121-7Q2XM4`.

use chrono::{DateTime, Utc};

use super::model::Queue;

/// Letters and digits that cannot be mistaken for each other when read aloud or typed.
const ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

pub fn make(queue: Queue, now: DateTime<Utc>, nonce: u64) -> String {
    let mut n = nonce;
    let mut tail = String::with_capacity(6);
    for _ in 0..6 {
        tail.push(ALPHABET[(n % ALPHABET.len() as u64) as usize] as char);
        n /= ALPHABET.len() as u64;
    }
    format!(
        "{}-{}-{}",
        queue.reference_prefix(),
        now.format("%y%m%d"),
        tail
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_shape() {
        let now = DateTime::parse_from_rfc3339("2026-11-21T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let r = make(Queue::Kyc, now, 123_456_789);
        assert!(r.starts_with("KYC-261121-"), "{r}");
        assert_eq!(r.len(), "KYC-261121-".len() + 6);
        assert_ne!(r, make(Queue::Kyc, now, 987_654_321));
    }
}
