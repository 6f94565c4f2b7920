//! Figures for Prometheus (`/metrics` on the HTTP server): counters this process keeps (messages
//! handled, replies sent, retries, rate limits, handling time), and the outbox's and the desk's
//! state, read from the database at each scrape so that every process reports the same.
//! No label ever holds a user's data: only channel and queue names.

use std::fmt::Write;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use chrono::{DateTime, Utc};
use dashmap::DashMap;

use crate::store::{Db, Store, StoreError};

/// Upper bounds of the handling-time histogram, in seconds.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
];

/// A counter per channel.
#[derive(Default)]
struct PerChannel(DashMap<String, AtomicU64>);

impl PerChannel {
    fn add(&self, channel: &str) {
        if let Some(c) = self.0.get(channel) {
            c.fetch_add(1, Ordering::Relaxed);
            return;
        }
        self.0
            .entry(channel.to_string())
            .or_default()
            .fetch_add(1, Ordering::Relaxed);
    }

    fn sorted(&self) -> Vec<(String, u64)> {
        let mut v: Vec<_> = self
            .0
            .iter()
            .map(|e| (e.key().clone(), e.value().load(Ordering::Relaxed)))
            .collect();
        v.sort();
        v
    }
}

#[derive(Default)]
struct Histogram {
    /// Counts per bucket (not cumulative), then the overflow.
    counts: [AtomicU64; BUCKETS.len() + 1],
    /// Sum of observations in microseconds.
    sum_us: AtomicU64,
}

#[derive(Default)]
struct Counters {
    inbound: PerChannel,
    duplicates: PerChannel,
    sent: PerChannel,
    retries: PerChannel,
    rate_limited: PerChannel,
    given_up: PerChannel,
    handling: DashMap<String, Histogram>,
}

static COUNTERS: LazyLock<Counters> = LazyLock::new(Counters::default);

/// A user's message was committed (`duplicate`: it had been already).
pub fn inbound(channel: &str, duplicate: bool, took: Duration) {
    let c = &*COUNTERS;
    if duplicate {
        c.duplicates.add(channel);
        return;
    }
    c.inbound.add(channel);
    let secs = took.as_secs_f64();
    let slot = BUCKETS
        .iter()
        .position(|b| secs <= *b)
        .unwrap_or(BUCKETS.len());
    let add = |h: &Histogram| {
        h.counts[slot].fetch_add(1, Ordering::Relaxed);
        h.sum_us.fetch_add(
            u64::try_from(took.as_micros()).unwrap_or(u64::MAX),
            Ordering::Relaxed,
        );
    };
    match c.handling.get(channel) {
        Some(h) => add(&h),
        None => add(&c.handling.entry(channel.to_string()).or_default()),
    }
}

/// A platform message was delivered.
pub fn sent(channel: &str) {
    COUNTERS.sent.add(channel);
}

/// A request failed and will be tried again.
pub fn retry(channel: &str) {
    COUNTERS.retries.add(channel);
}

/// The platform asked to slow down (Telegram 429, WhatsApp 130429).
pub fn rate_limited(channel: &str) {
    COUNTERS.rate_limited.add(channel);
}

/// A reply was given up (refused for good, or failing for too long).
pub fn given_up(channel: &str) {
    COUNTERS.given_up.add(channel);
}

fn counter(out: &mut String, name: &str, help: &str, values: &[(String, u64)]) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} counter");
    for (channel, v) in values {
        let _ = writeln!(out, "{name}{{channel=\"{}\"}} {v}", escape(channel));
    }
}

fn gauge<V: std::fmt::Display>(
    out: &mut String,
    name: &str,
    help: &str,
    label: &str,
    values: &[(String, V)],
) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} gauge");
    for (key, v) in values {
        let _ = writeln!(out, "{name}{{{label}=\"{}\"}} {v}", escape(key));
    }
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// Every figure, in Prometheus' text format.
pub async fn render(db: &Db, now: DateTime<Utc>) -> Result<String, StoreError> {
    let figures = db.figures().await?;
    let c = &*COUNTERS;
    let mut out = String::new();
    counter(
        &mut out,
        "pandu_inbound_total",
        "Users' messages handled (committed).",
        &c.inbound.sorted(),
    );
    counter(
        &mut out,
        "pandu_inbound_duplicates_total",
        "Messages delivered again by the platform and recognised.",
        &c.duplicates.sorted(),
    );
    counter(
        &mut out,
        "pandu_replies_sent_total",
        "Platform messages delivered.",
        &c.sent.sorted(),
    );
    counter(
        &mut out,
        "pandu_delivery_retries_total",
        "Deliveries that failed for now and were scheduled again.",
        &c.retries.sorted(),
    );
    counter(
        &mut out,
        "pandu_rate_limited_total",
        "Times the platform asked to slow down (429, 130429).",
        &c.rate_limited.sorted(),
    );
    counter(
        &mut out,
        "pandu_replies_given_up_total",
        "Replies given up (refused for good or failing too long).",
        &c.given_up.sorted(),
    );
    let backlog: Vec<_> = figures
        .outbox
        .iter()
        .map(|o| (o.channel.clone(), o.backlog))
        .collect();
    gauge(
        &mut out,
        "pandu_outbox_backlog",
        "Replies not yet delivered.",
        "channel",
        &backlog,
    );
    let held: Vec<_> = figures
        .outbox
        .iter()
        .map(|o| (o.channel.clone(), o.held))
        .collect();
    gauge(
        &mut out,
        "pandu_outbox_held",
        "Replies waiting for the user to write (WhatsApp's 24-hour window).",
        "channel",
        &held,
    );
    let oldest: Vec<_> = figures
        .outbox
        .iter()
        .map(|o| {
            let age = o
                .oldest
                .map(|t| (now - t).num_milliseconds().max(0) as f64 / 1000.0)
                .unwrap_or(0.0);
            (o.channel.clone(), age)
        })
        .collect();
    gauge(
        &mut out,
        "pandu_outbox_oldest_seconds",
        "Age of the oldest reply not yet delivered.",
        "channel",
        &oldest,
    );
    gauge(
        &mut out,
        "pandu_cases_open",
        "Cases not yet resolved.",
        "queue",
        &figures.cases_open,
    );
    gauge(
        &mut out,
        "pandu_cases_late",
        "Unresolved cases without a first answer past their first-response target.",
        "queue",
        &figures.cases_late,
    );
    let name = "pandu_handling_seconds";
    let _ = writeln!(
        out,
        "# HELP {name} Time to handle a user's message, from receipt to commit.\n# TYPE {name} histogram"
    );
    let mut channels: Vec<String> = c.handling.iter().map(|e| e.key().clone()).collect();
    channels.sort();
    for channel in channels {
        let Some(h) = c.handling.get(&channel) else {
            continue;
        };
        let label = escape(&channel);
        let mut total = 0;
        for (i, bound) in BUCKETS.iter().enumerate() {
            total += h.counts[i].load(Ordering::Relaxed);
            let _ = writeln!(
                out,
                "{name}_bucket{{channel=\"{label}\",le=\"{bound}\"}} {total}"
            );
        }
        total += h.counts[BUCKETS.len()].load(Ordering::Relaxed);
        let _ = writeln!(
            out,
            "{name}_bucket{{channel=\"{label}\",le=\"+Inf\"}} {total}"
        );
        let sum = h.sum_us.load(Ordering::Relaxed) as f64 / 1e6;
        let _ = writeln!(out, "{name}_sum{{channel=\"{label}\"}} {sum}");
        let _ = writeln!(out, "{name}_count{{channel=\"{label}\"}} {total}");
    }
    Ok(out)
}
