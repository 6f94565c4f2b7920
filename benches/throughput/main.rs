//! Throughput benchmark: the real bot (the release binary, a child process) in Telegram
//! webhook mode against a local fake Bot API with outbound rate limits off, on SQLite and on
//! PostgreSQL. Simulated users walk the KYC complaint (23 updates each, 8 of them wrong
//! answers or corrections); the benchmark prints updates per second, latency from an update
//! being offered to its last reply reaching the fake, pandu's peak RSS with 100,000 stored
//! conversations, and (PostgreSQL) pgbench's single-row-commit ceiling on the same server.
//!
//! ```sh
//! cargo bench --bench throughput                      # both databases, defaults below
//! cargo bench --bench throughput -- --db postgres --chats 500 --rate 500
//! ```
//!
//! PostgreSQL: `BENCH_DATABASE_URL` (or a `postgres://` `DATABASE_URL`) names a server where
//! the benchmark may create and drop databases; without one, it starts a throwaway server with
//! Debian's `pg_virtualenv` (with `fsync=on`, which pg_virtualenv turns off by default).
//!
//! Under `cargo test` (no `--bench` argument) it only checks, in milliseconds, that its walk
//! still fits the flow and that its updates mean to pandu what the walk says.

#[path = "../support/kyc.rs"]
mod kyc;

mod bot;
mod db;
mod driver;
mod fake;

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use db::{BenchDb, Held, Kind, PgBench};
use driver::{Offer, Outcome, Pace, User};
use pandu::dialog::{Defs, Event};

#[derive(Debug, Clone)]
struct Options {
    /// Active users per phase (each walks the whole complaint).
    chats: u32,
    /// The paced phase's rate, updates per second.
    rate: f64,
    /// Conversations stored in all, the active ones included.
    stored: u32,
    /// Inbox ids per stored conversation.
    inbox_per: u32,
    /// Delivered replies kept in the outbox per stored conversation.
    outbox_per: u32,
    /// Webhook connections at once (pandu asks Telegram for 40).
    connections: usize,
    dbs: Vec<Kind>,
    pgbench_clients: u32,
    pgbench_seconds: u32,
}

impl Options {
    fn parse(args: &[String]) -> anyhow::Result<Options> {
        let mut o = Options {
            chats: 1_000,
            rate: 500.0,
            stored: 100_000,
            inbox_per: 22,
            outbox_per: 0,
            connections: 40,
            dbs: vec![Kind::Sqlite, Kind::Postgres],
            pgbench_clients: 16,
            pgbench_seconds: 20,
        };
        let mut it = args.iter();
        while let Some(a) = it.next() {
            let mut val = || it.next().with_context(|| format!("{a} needs a value"));
            match a.as_str() {
                "--chats" => o.chats = val()?.parse()?,
                "--rate" => o.rate = val()?.parse()?,
                "--stored" => o.stored = val()?.parse()?,
                "--inbox-per-stored" => o.inbox_per = val()?.parse()?,
                "--outbox-per-stored" => o.outbox_per = val()?.parse()?,
                "--connections" => o.connections = val()?.parse()?,
                "--pgbench-clients" => o.pgbench_clients = val()?.parse()?,
                "--pgbench-seconds" => o.pgbench_seconds = val()?.parse()?,
                "--db" => {
                    o.dbs = match val()?.as_str() {
                        "sqlite" => vec![Kind::Sqlite],
                        "postgres" => vec![Kind::Postgres],
                        "both" => vec![Kind::Sqlite, Kind::Postgres],
                        other => bail!("--db sqlite|postgres|both, not {other}"),
                    }
                }
                "--bench" => {}
                "--help" | "-h" => {
                    println!(
                        "cargo bench --bench throughput -- [--db sqlite|postgres|both] [--chats 1000] \
                         [--rate 500] [--stored 100000] [--inbox-per-stored 22] [--outbox-per-stored 0] [--connections 40] \
                         [--pgbench-clients 16] [--pgbench-seconds 20]"
                    );
                    std::process::exit(0);
                }
                // cargo's own (a filter, --nocapture ...): not ours.
                _ => {}
            }
        }
        if o.chats == 0 || o.rate <= 0.0 || o.connections == 0 {
            bail!("--chats, --rate and --connections must be positive");
        }
        Ok(o)
    }
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let defs = Defs::load().context("loading texts")?;
    let checked = self_check(&defs)?;
    if !args.iter().any(|a| a == "--bench") {
        println!(
            "throughput: self-check passed ({checked} updates of the walk read as intended); \
             measure with `cargo bench --bench throughput`"
        );
        return Ok(());
    }
    let opts = Options::parse(&args)?;
    let pg = if opts.dbs.contains(&Kind::Postgres) {
        match pg_admin_url() {
            Some(u) => Some(u),
            None => reexec_in_virtualenv(&args),
        }
    } else {
        None
    };
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?
        .block_on(run(opts, pg, defs))
}

/// The walk's updates, as the driver posts them, mean to pandu's Telegram channel what the
/// walk gave the core; the fake's answers read as Bot API messages.
fn self_check(defs: &Defs) -> anyhow::Result<usize> {
    let user = driver::plan(defs, 0);
    for (i, step) in user.plan.iter().enumerate() {
        let json = driver::update_json(i as i64 + 1, user.chat_id, i as i64 + 1, 1_000, step);
        let update: teloxide::types::Update =
            serde_json::from_str(&json).with_context(|| format!("step {i}: {json}"))?;
        let got = match pandu::telegram::updates::classify(&update) {
            pandu::telegram::updates::Action::Dialog { event, .. } => event,
            other => bail!("step {i}: the update is {other:?}"),
        };
        let mut want = step.event.clone();
        // Telegram gives a document's metadata; pandu reads its type from its first bytes.
        if let (Event::File(w), Event::File(g)) = (&mut want, &got)
            && g.sniffed.is_none()
        {
            w.sniffed = None;
        }
        if got != want {
            bail!("step {i}: pandu reads {got:?}, the walk says {want:?}");
        }
        if step.messages == 0 {
            bail!("step {i}: no reply to wait for");
        }
    }
    serde_json::from_str::<teloxide::types::Message>(&fake::message_json(fake::BASE_CHAT, 7))
        .context("the fake's message")?;
    Ok(user.plan.len())
}

/// The PostgreSQL server to use: `BENCH_DATABASE_URL`, a `postgres://` `DATABASE_URL`, or the
/// one pg_virtualenv started for this process.
fn pg_admin_url() -> Option<String> {
    for k in ["BENCH_DATABASE_URL", "DATABASE_URL"] {
        if let Ok(v) = std::env::var(k)
            && (v.starts_with("postgres://") || v.starts_with("postgresql://"))
        {
            return Some(v);
        }
    }
    if std::env::var("PANDU_BENCH_VIRTUALENV").is_ok() {
        let var = |k: &str| std::env::var(k).unwrap_or_default();
        return Some(format!(
            "postgres://{}:{}@{}:{}/{}",
            var("PGUSER"),
            var("PGPASSWORD"),
            var("PGHOST"),
            var("PGPORT"),
            var("PGDATABASE")
        ));
    }
    None
}

/// Runs this benchmark again inside a throwaway PostgreSQL server (Debian's pg_virtualenv,
/// as `.ci/test` does), with fsync on: pg_virtualenv turns it off by default, and a commit
/// that is not flushed to disk would not be a durable one.
fn reexec_in_virtualenv(args: &[String]) -> ! {
    eprintln!(
        "no BENCH_DATABASE_URL: starting a throwaway PostgreSQL server with pg_virtualenv (fsync=on)"
    );
    let exe = std::env::current_exe().expect("this program's path");
    let status = std::process::Command::new("pg_virtualenv")
        .args(["-t", "-o", "fsync=on", "--"])
        .arg(exe)
        .args(args)
        .env("PANDU_BENCH_VIRTUALENV", "1")
        .status();
    match status {
        Ok(s) => std::process::exit(s.code().unwrap_or(1)),
        Err(e) => {
            eprintln!(
                "pg_virtualenv could not run ({e}): install PostgreSQL (apt-get install postgresql) \
                 or set BENCH_DATABASE_URL=postgres://user:pass@host:port/db"
            );
            std::process::exit(2)
        }
    }
}

/// Everything measured on one database.
struct Report {
    kind: Kind,
    durability: String,
    fsync_on: bool,
    stored: u32,
    fill_time: Duration,
    pgbench: Option<PgBench>,
    fast: Phase,
    paced: Phase,
    peak_rss_mb: f64,
    rss_end_mb: f64,
    threads: u64,
    held: Held,
    expected: Held,
    db_size_mb: f64,
    log_lines: usize,
    log_tail: String,
    unknown_methods: Vec<String>,
}

struct Phase {
    outcome: Outcome,
    /// CPU seconds used meanwhile: pandu, this process (driver and fake), the whole machine.
    cpu_pandu: f64,
    cpu_bench: f64,
    /// PostgreSQL's server processes.
    cpu_db: f64,
    cpu_machine: f64,
    wall: Duration,
    /// The machine's 1-minute load average before the phase (other work on it shows here).
    load_before: f64,
}

impl Phase {
    /// CPU used by anything else on the machine meanwhile.
    fn cpu_other(&self) -> f64 {
        (self.cpu_machine - self.cpu_pandu - self.cpu_bench - self.cpu_db).max(0.0)
    }
}

struct Cpu {
    pandu: f64,
    bench: f64,
    db: f64,
    machine: f64,
    at: Instant,
}

fn cpu_now(p: &bot::Pandu) -> Cpu {
    Cpu {
        pandu: p.cpu_seconds(),
        bench: bot::cpu_seconds("/proc/self/stat"),
        db: bot::postgres_cpu(),
        machine: bot::machine_cpu().0,
        at: Instant::now(),
    }
}

async fn phase(offer: &Arc<Offer>, p: &bot::Pandu, users: Vec<User>, pace: Pace) -> Phase {
    let load_before = bot::load_average();
    let before = cpu_now(p);
    let outcome = driver::run(Arc::clone(offer), users, pace).await;
    let after = cpu_now(p);
    Phase {
        outcome,
        cpu_pandu: after.pandu - before.pandu,
        cpu_bench: after.bench - before.bench,
        cpu_db: after.db - before.db,
        load_before,
        cpu_machine: after.machine - before.machine,
        wall: after.at - before.at,
    }
}

async fn run(opts: Options, pg: Option<String>, defs: Defs) -> anyhow::Result<()> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let cpu_model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines().find_map(|l| {
                l.strip_prefix("model name")
                    .map(|v| v.trim_start_matches([' ', '\t', ':']).to_string())
            })
        })
        .unwrap_or_else(|| "?".into());
    let mem_gb = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("MemTotal:"))
                .and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok())
        })
        .unwrap_or(0.0)
        / 1024.0
        / 1024.0;
    let n = opts.chats;
    println!("pandu throughput benchmark");
    println!(
        "machine: {cores} cores ({cpu_model}), {mem_gb:.0} GiB; pandu = {} (a child process); \
         the load driver and the fake Bot API share this process",
        env!("CARGO_BIN_EXE_pandu")
    );
    println!(
        "Telegram webhook mode, outbound rate limits off, at most {} webhook connections at once",
        opts.connections
    );
    let planned = Instant::now();
    let users: Vec<User> = (0..2 * n).map(|u| driver::plan(&defs, u)).collect();
    let per_user = users[0].plan.len();
    let msgs: usize = users[0].plan.iter().map(|s| s.messages).sum();
    println!(
        "users: {n} walk the KYC complaint as fast as they are answered, then {n} others at {} updates/s; \
         {per_user} updates each ({} wrong answers or corrections), {msgs} bot messages back (walks planned in {:.1} s)",
        opts.rate,
        users[0]
            .plan
            .iter()
            .filter(|s| matches!(s.act, kyc::Act::Wrong(_) | kyc::Act::Pdf(_))
                || matches!(&s.act, kyc::Act::Press(l) if l.contains("Ubah")))
            .count(),
        planned.elapsed().as_secs_f64()
    );
    let walk = kyc::walk(
        &defs,
        4_000_000,
        kyc::answers(4_000_000),
        chrono::Utc::now(),
    );
    let mid = serde_json::to_string(&walk.steps[13].before)?;
    let done = serde_json::to_string(&walk.end)?;
    // A typical delivered reply (a question with its buttons).
    let reply = serde_json::to_string(&walk.steps[1].replies.last().expect("a reply"))?;
    drop(walk);
    let mut reports = Vec::new();
    for kind in &opts.dbs {
        let (a, b) = (users[..n as usize].to_vec(), users[n as usize..].to_vec());
        println!("\n== {} ==", kind.name());
        let r = run_one(*kind, &opts, pg.as_deref(), a, b, (&mid, &done, &reply)).await?;
        print_one(&r, &opts);
        reports.push(r);
    }
    print_summary(&reports, &opts, cores);
    Ok(())
}

async fn run_one(
    kind: Kind,
    opts: &Options,
    pg: Option<&str>,
    fast_users: Vec<User>,
    paced_users: Vec<User>,
    stored_data: (&str, &str, &str),
) -> anyhow::Result<Report> {
    let db = BenchDb::create(kind, pg, "run").await?;
    let durability = db.durability().await?;
    let fsync_on = db.fsync_on().await?;
    println!("database: {durability}");
    let active = (fast_users.len() + paced_users.len()) as u32;
    let stored = opts.stored.saturating_sub(active);
    let fill_time = db
        .fill(stored, opts.inbox_per, opts.outbox_per, stored_data)
        .await?;
    let before = db.held().await?;
    println!(
        "stored: {} conversations, {} inbox ids, {} delivered replies, {} closed cases inserted in {:.1} s",
        before.conversations,
        before.inbox,
        before.outbox,
        before.cases,
        fill_time.as_secs_f64()
    );
    let pgbench = match (kind, pg) {
        (Kind::Postgres, Some(admin)) => {
            let r = db::pgbench(admin, opts.pgbench_clients, opts.pgbench_seconds).await?;
            println!(
                "pgbench ceiling: {:.0} transactions/s, {:.2} ms average ({})",
                r.tps, r.latency_ms, r.command
            );
            Some(r)
        }
        _ => None,
    };
    let users = fast_users.len() + paced_users.len();
    let (fake, api) = fake::Fake::start(users).await;
    let log = std::env::temp_dir().join(format!(
        "pandu-bench-{}-{}.log",
        kind.name().to_lowercase(),
        std::process::id()
    ));
    let p = bot::Pandu::start(&db.url, api, log.clone()).await?;
    println!("pandu ready (pid {}, log {})", p.pid, log.display());
    let offer = Arc::new(Offer {
        client: reqwest::Client::builder()
            .pool_max_idle_per_host(opts.connections)
            .timeout(Duration::from_secs(60))
            .build()?,
        url: p.hook_url(),
        secret: bot::SECRET.into(),
        connections: Arc::new(tokio::sync::Semaphore::new(opts.connections)),
        fake: Arc::clone(&fake),
        next_update: AtomicI64::new(1),
    });
    let updates: usize = fast_users
        .iter()
        .chain(&paced_users)
        .map(|u| u.plan.len())
        .sum();
    let expected_msgs: usize = fast_users
        .iter()
        .chain(&paced_users)
        .flat_map(|u| u.plan.iter().map(|s| s.messages))
        .sum();
    let fast = phase(&offer, &p, fast_users, Pace::AsFastAsAnswered).await;
    println!(
        "as fast as answered: {} updates in {:.1} s",
        fast.outcome.updates(),
        fast.wall.as_secs_f64()
    );
    let paced = phase(&offer, &p, paced_users, Pace::PerSecond(opts.rate)).await;
    println!(
        "paced at {}/s: {} updates in {:.1} s",
        opts.rate,
        paced.outcome.updates(),
        paced.wall.as_secs_f64()
    );
    // Every reply was counted at the fake; let the last bookkeeping commits land.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let held = db.held().await?;
    let peak_rss_mb = p.peak_rss_mb();
    let rss_end_mb = p.rss_mb();
    let threads = p.threads();
    let log_text = p.stop().await?;
    let db_size_mb = db.size_mb().await?;
    db.remove().await?;
    let _ = std::fs::remove_file(&log);
    let lines: Vec<&str> = log_text.lines().collect();
    // What must be there: each user's conversation and case, each update's inbox id, and no
    // reply left undelivered (checked against `held`).
    let expected = Held {
        conversations: before.conversations + users as i64,
        inbox: before.inbox + updates as i64,
        cases: before.cases + users as i64,
        ..Held::default()
    };
    let unknown_methods = fake.counters.unknown.lock().unwrap().clone();
    let sent = fake.counters.messages.load(Ordering::Relaxed);
    if sent as usize != expected_msgs {
        println!("note: the fake got {sent} bot messages, the walks expect {expected_msgs}");
    }
    Ok(Report {
        kind,
        durability,
        fsync_on,
        stored: stored + users as u32,
        fill_time,
        pgbench,
        fast,
        paced,
        peak_rss_mb,
        rss_end_mb,
        threads,
        held,
        expected,
        db_size_mb,
        log_lines: lines.len(),
        log_tail: lines[lines.len().saturating_sub(5)..].join("\n"),
        unknown_methods,
    })
}

fn pct(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[i.clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1e3)
}

struct Figures {
    updates: usize,
    /// Over the whole phase, first offer to last reply.
    rate_all: f64,
    /// Between the 10th and the 90th percentile of completions (the steady part).
    rate_steady: f64,
    done: [Duration; 4],
    first: [Duration; 3],
    acked: [Duration; 3],
    late_max: Duration,
}

fn figures(o: &Outcome) -> Figures {
    let n = o.samples.len();
    let span = match (o.started, o.finished) {
        (Some(a), Some(b)) => (b - a).as_secs_f64(),
        _ => 0.0,
    };
    let mut ends: Vec<Instant> = o.samples.iter().map(|s| s.offered + s.done).collect();
    ends.sort();
    let rate_steady = if n >= 10 {
        let (a, b) = (ends[n / 10], ends[n * 9 / 10]);
        let secs = (b - a).as_secs_f64();
        if secs > 0.0 {
            (n * 9 / 10 - n / 10) as f64 / secs
        } else {
            0.0
        }
    } else {
        0.0
    };
    let sorted = |f: fn(&driver::Sample) -> Duration| {
        let mut v: Vec<Duration> = o.samples.iter().map(f).collect();
        v.sort();
        v
    };
    let done = sorted(|s| s.done);
    let first = sorted(|s| s.first);
    let acked = sorted(|s| s.acked);
    Figures {
        updates: n,
        rate_all: if span > 0.0 { n as f64 / span } else { 0.0 },
        rate_steady,
        done: [
            pct(&done, 50.0),
            pct(&done, 95.0),
            pct(&done, 99.0),
            pct(&done, 100.0),
        ],
        first: [pct(&first, 50.0), pct(&first, 95.0), pct(&first, 99.0)],
        acked: [pct(&acked, 50.0), pct(&acked, 95.0), pct(&acked, 99.0)],
        late_max: o.samples.iter().map(|s| s.late).max().unwrap_or_default(),
    }
}

fn print_phase(name: &str, ph: &Phase) {
    let f = figures(&ph.outcome);
    println!(
        "  {name}: {} updates, {:.0} updates/s steady ({:.0}/s over the whole phase)",
        f.updates, f.rate_steady, f.rate_all
    );
    println!(
        "    offered -> last reply at the fake: p50 {} ms, p95 {} ms, p99 {} ms, max {} ms",
        ms(f.done[0]),
        ms(f.done[1]),
        ms(f.done[2]),
        ms(f.done[3])
    );
    println!(
        "    offered -> first reply: p50 {} / p95 {} / p99 {} ms; offered -> 200 (committed): p50 {} / p95 {} / p99 {} ms",
        ms(f.first[0]),
        ms(f.first[1]),
        ms(f.first[2]),
        ms(f.acked[0]),
        ms(f.acked[1]),
        ms(f.acked[2])
    );
    let per_k = |cpu: f64| 1000.0 * cpu / f.updates.max(1) as f64;
    println!(
        "    CPU: pandu {:.1} s ({:.2} s per 1000 updates), driver+fake {:.1} s, PostgreSQL {:.1} s, anything else {:.1} s; \
         {:.0}% of the machine busy (load average {:.1} before)",
        ph.cpu_pandu,
        per_k(ph.cpu_pandu),
        ph.cpu_bench,
        ph.cpu_db,
        ph.cpu_other(),
        100.0 * ph.cpu_machine
            / (ph.wall.as_secs_f64()
                * std::thread::available_parallelism().map_or(1, |n| n.get()) as f64),
        ph.load_before
    );
    if f.late_max > Duration::from_millis(5) {
        println!(
            "    the driver offered up to {} ms behind its schedule",
            ms(f.late_max)
        );
    }
    if ph.outcome.refused > 0 {
        println!("    {} offers refused (sent again)", ph.outcome.refused);
    }
    for fail in ph.outcome.failures.iter().take(5) {
        println!("    FAILED: {fail}");
    }
}

fn print_one(r: &Report, opts: &Options) {
    print_phase("as fast as answered", &r.fast);
    print_phase(&format!("paced at {}/s", opts.rate), &r.paced);
    println!(
        "  pandu peak RSS (VmHWM) {:.1} MB, {:.1} MB at the end, {} threads; {} conversations stored",
        r.peak_rss_mb, r.rss_end_mb, r.threads, r.held.conversations
    );
    println!(
        "  committed: {} inbox ids (expected {}), {} cases (expected {}), outbox {} sent, {} unsent, {} given up; database {:.0} MB",
        r.held.inbox,
        r.expected.inbox,
        r.held.cases,
        r.expected.cases,
        r.held.outbox_sent,
        r.held.outbox_unsent,
        r.held.outbox_failed,
        r.db_size_mb
    );
    if r.log_lines > 0 {
        println!(
            "  pandu logged {} lines (warn and above); the last:\n{}",
            r.log_lines, r.log_tail
        );
    }
    if !r.unknown_methods.is_empty() {
        println!("  methods the fake does not know: {:?}", r.unknown_methods);
    }
}

fn durable(r: &Report) -> bool {
    r.fsync_on
        && r.held.inbox == r.expected.inbox
        && r.held.cases == r.expected.cases
        && r.held.outbox_unsent == 0
        && r.held.outbox_failed == 0
        && r.fast.outcome.failures.is_empty()
        && r.paced.outcome.failures.is_empty()
}

fn print_summary(reports: &[Report], opts: &Options, cores: usize) {
    println!("\n== summary ({cores} cores) ==");
    println!(
        "| figure | {} | target |",
        reports
            .iter()
            .map(|r| r.kind.name())
            .collect::<Vec<_>>()
            .join(" | ")
    );
    println!("|---|{}---|", "---|".repeat(reports.len()));
    let row = |name: &str, f: &dyn Fn(&Report) -> String, target: &str| {
        println!(
            "| {name} | {} | {target} |",
            reports.iter().map(f).collect::<Vec<_>>().join(" | ")
        );
    };
    row(
        "updates/s sustained (as fast as answered)",
        &|r| format!("{:.0}", figures(&r.fast.outcome).rate_steady),
        "≥ 2,000 (PostgreSQL)",
    );
    row(
        "every update committed (fsync on, checked in the database)",
        &|r| {
            if durable(r) {
                "yes".into()
            } else {
                "NO".into()
            }
        },
        "yes",
    );
    row(
        "latency p50 / p95 / p99 at full load (ms)",
        &|r| {
            let f = figures(&r.fast.outcome);
            format!("{} / {} / {}", ms(f.done[0]), ms(f.done[1]), ms(f.done[2]))
        },
        "",
    );
    row(
        &format!("latency p50 / p95 / p99 at {}/s (ms)", opts.rate),
        &|r| {
            let f = figures(&r.paced.outcome);
            format!("{} / {} / {}", ms(f.done[0]), ms(f.done[1]), ms(f.done[2]))
        },
        "p99 < 25 at 500/s",
    );
    row(
        "pandu peak RSS (MB)",
        &|r| format!("{:.1} ({} stored)", r.peak_rss_mb, r.stored),
        "< 100 with 100,000 stored",
    );
    row(
        "pgbench -N ceiling (tps)",
        &|r| {
            r.pgbench
                .as_ref()
                .map_or("—".into(), |p| format!("{:.0}", p.tps))
        },
        "",
    );
    row(
        "pandu / ceiling",
        &|r| {
            r.pgbench.as_ref().map_or("—".into(), |p| {
                format!(
                    "{:.0}%",
                    100.0 * figures(&r.fast.outcome).rate_steady / p.tps
                )
            })
        },
        "≥ 50%",
    );
    row(
        "pandu CPU per 1000 updates (s)",
        &|r| {
            format!(
                "{:.2}",
                1000.0 * r.fast.cpu_pandu / r.fast.outcome.updates().max(1) as f64
            )
        },
        "",
    );
    for r in reports {
        if r.kind == Kind::Sqlite {
            continue;
        }
        let f = figures(&r.fast.outcome);
        let p = figures(&r.paced.outcome);
        let verdict = |ok: bool| if ok { "met" } else { "MISSED" };
        println!("\ntargets ({}):", r.kind.name());
        println!(
            "  {} ≥ 2,000 updates/s sustained, every update durably committed ({:.0}/s, {})",
            verdict(f.rate_steady >= 2000.0 && durable(r)),
            f.rate_steady,
            if durable(r) {
                "all committed"
            } else {
                "NOT all committed"
            }
        );
        println!(
            "  {} p99 < 25 ms at {}/s ({} ms)",
            verdict(p.done[2] < Duration::from_millis(25)),
            opts.rate,
            ms(p.done[2])
        );
        println!(
            "  {} peak RSS < 100 MB with {} stored conversations ({:.1} MB)",
            verdict(r.peak_rss_mb < 100.0),
            r.stored,
            r.peak_rss_mb
        );
        if let Some(pg) = &r.pgbench {
            println!(
                "  {} pandu ≥ 50% of pgbench -N ({:.0}%)",
                verdict(f.rate_steady >= 0.5 * pg.tps),
                100.0 * f.rate_steady / pg.tps
            );
        }
    }
    for r in reports {
        println!(
            "\n{}: {}; {} stored conversations inserted in {:.1} s",
            r.kind.name(),
            r.durability,
            r.stored,
            r.fill_time.as_secs_f64()
        );
    }
}
