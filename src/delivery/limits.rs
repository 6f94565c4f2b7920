//! Sending rates: token buckets for each chat, for each group chat and for the whole bot, and
//! a pause for everyone when the platform says "retry after". Pure bookkeeping: the caller
//! passes the time, so the rules are tested without waiting.

use std::collections::HashMap;
use std::time::{Duration, Instant};

/// At most `burst` requests at once, refilled at one request per `interval`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub burst: u32,
    pub interval: Duration,
}

impl Rate {
    pub const fn new(burst: u32, interval: Duration) -> Rate {
        Rate { burst, interval }
    }

    /// `n` requests per `period`, all of them allowed at once.
    pub fn per(n: u32, period: Duration) -> Rate {
        let n = n.max(1);
        Rate {
            burst: n,
            interval: period / n,
        }
    }
}

/// The limits a channel sends under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub per_chat: Rate,
    pub per_group: Rate,
    pub global: Rate,
}

impl Limits {
    /// Telegram's published limits: about one message a second in a chat (short bursts are
    /// tolerated), 20 a minute in a group, 30 a second overall.
    pub fn telegram() -> Limits {
        Limits {
            per_chat: Rate::new(3, Duration::from_secs(1)),
            per_group: Rate::new(5, Duration::from_secs(3)),
            global: Rate::per(30, Duration::from_secs(1)),
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl Bucket {
    fn full(rate: Rate, now: Instant) -> Bucket {
        Bucket {
            tokens: f64::from(rate.burst),
            at: now,
        }
    }

    fn refill(&mut self, rate: Rate, now: Instant) {
        let elapsed = now.saturating_duration_since(self.at);
        let per = rate.interval.as_secs_f64();
        let gained = if per > 0.0 {
            elapsed.as_secs_f64() / per
        } else {
            f64::INFINITY
        };
        self.tokens = (self.tokens + gained).min(f64::from(rate.burst.max(1)));
        self.at = now;
    }

    /// When one token will be there (now if it already is).
    fn ready_at(&self, rate: Rate, now: Instant) -> Instant {
        if self.tokens >= 1.0 {
            now
        } else {
            now + rate.interval.mul_f64(1.0 - self.tokens)
        }
    }
}

/// The state of all buckets.
#[derive(Debug)]
pub struct Limiter {
    limits: Limits,
    /// The overall rate of the bot, shared out when several processes send for it.
    whole: Rate,
    global: Bucket,
    chats: HashMap<String, Bucket>,
    paused_until: Option<Instant>,
}

impl Limiter {
    pub fn new(limits: Limits, now: Instant) -> Limiter {
        Limiter {
            limits,
            whole: limits.global,
            global: Bucket::full(limits.global, now),
            chats: HashMap::new(),
            paused_until: None,
        }
    }

    /// Takes a request slot for `chat` now, or says when to ask again.
    pub fn try_take(&mut self, chat: &str, group: bool, now: Instant) -> Result<(), Instant> {
        if let Some(until) = self.paused_until {
            if now < until {
                return Err(until);
            }
            self.paused_until = None;
        }
        let chat_rate = if group {
            self.limits.per_group
        } else {
            self.limits.per_chat
        };
        self.global.refill(self.limits.global, now);
        let bucket = self
            .chats
            .entry(chat.to_string())
            .or_insert_with(|| Bucket::full(chat_rate, now));
        bucket.refill(chat_rate, now);
        let ready = self
            .global
            .ready_at(self.limits.global, now)
            .max(bucket.ready_at(chat_rate, now));
        if ready > now {
            return Err(ready);
        }
        bucket.tokens -= 1.0;
        self.global.tokens -= 1.0;
        if self.chats.len() > 10_000 {
            self.forget_idle(now);
        }
        Ok(())
    }

    /// This process sends for one of `of` processes sharing the bot: it keeps to its part of
    /// the overall rate (each chat and group is served by one process, so their rates stay).
    pub fn set_share(&mut self, of: u32) {
        let of = of.max(1);
        self.limits.global = Rate {
            burst: (self.whole.burst / of).max(1),
            interval: self.whole.interval.saturating_mul(of),
        };
        let burst = f64::from(self.limits.global.burst);
        self.global.tokens = self.global.tokens.min(burst);
    }

    /// The overall rate this process keeps to.
    pub fn global_rate(&self) -> Rate {
        self.limits.global
    }

    /// The end of a pause still in force at `now`.
    pub fn paused_until(&self, now: Instant) -> Option<Instant> {
        self.paused_until.filter(|&u| u > now)
    }

    /// No request at all before `until` (the platform answered "retry after").
    pub fn pause_until(&mut self, until: Instant) {
        self.paused_until = Some(self.paused_until.map_or(until, |p| p.max(until)));
    }

    /// Drops buckets that have refilled completely: they hold nothing a new one would not.
    fn forget_idle(&mut self, now: Instant) {
        let limits = self.limits;
        self.chats.retain(|_, b| {
            let mut b2 = *b;
            // The larger burst of the two rates is the safe one to compare against.
            b2.refill(limits.per_chat, now);
            b2.tokens < f64::from(limits.per_chat.burst.min(limits.per_group.burst))
        });
    }

    pub fn tracked_chats(&self) -> usize {
        self.chats.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> Limits {
        Limits {
            per_chat: Rate::new(1, Duration::from_secs(1)),
            per_group: Rate::new(2, Duration::from_secs(3)),
            global: Rate::new(3, Duration::from_millis(100)),
        }
    }

    #[test]
    fn one_per_second_in_a_chat() {
        let t0 = Instant::now();
        let mut l = Limiter::new(limits(), t0);
        assert!(l.try_take("a", false, t0).is_ok());
        let wait = l.try_take("a", false, t0).unwrap_err();
        assert_eq!(wait, t0 + Duration::from_secs(1));
        assert!(
            l.try_take("a", false, t0 + Duration::from_millis(999))
                .is_err()
        );
        assert!(l.try_take("a", false, t0 + Duration::from_secs(1)).is_ok());
    }

    #[test]
    fn global_rate_spans_chats() {
        let t0 = Instant::now();
        let mut l = Limiter::new(limits(), t0);
        for chat in ["a", "b", "c"] {
            assert!(l.try_take(chat, false, t0).is_ok());
        }
        assert_eq!(
            l.try_take("d", false, t0).unwrap_err(),
            t0 + Duration::from_millis(100)
        );
        assert!(
            l.try_take("d", false, t0 + Duration::from_millis(100))
                .is_ok()
        );
    }

    #[test]
    fn groups_have_their_own_rate() {
        let t0 = Instant::now();
        let mut l = Limiter::new(limits(), t0);
        assert!(l.try_take("-100", true, t0).is_ok());
        assert!(
            l.try_take("-100", true, t0 + Duration::from_millis(200))
                .is_ok()
        );
        let t = t0 + Duration::from_millis(400);
        let ready = l.try_take("-100", true, t).unwrap_err();
        assert!(ready > t + Duration::from_secs(2), "{:?}", ready - t);
    }

    #[test]
    fn retry_after_pauses_everyone() {
        let t0 = Instant::now();
        let mut l = Limiter::new(limits(), t0);
        l.pause_until(t0 + Duration::from_secs(3));
        assert_eq!(
            l.try_take("x", false, t0 + Duration::from_secs(2)),
            Err(t0 + Duration::from_secs(3))
        );
        // A shorter pause does not cut a longer one.
        l.pause_until(t0 + Duration::from_secs(1));
        assert!(
            l.try_take("x", false, t0 + Duration::from_millis(2999))
                .is_err()
        );
        assert!(l.try_take("x", false, t0 + Duration::from_secs(3)).is_ok());
    }

    #[test]
    fn idle_buckets_are_forgotten() {
        let t0 = Instant::now();
        let mut l = Limiter::new(
            Limits {
                global: Rate::new(100_000, Duration::from_micros(1)),
                ..limits()
            },
            t0,
        );
        for i in 0..10_001 {
            l.try_take(&i.to_string(), false, t0).unwrap();
        }
        let later = t0 + Duration::from_secs(10);
        l.try_take("new", false, later).unwrap();
        assert!(l.tracked_chats() < 10, "{}", l.tracked_chats());
    }
}
