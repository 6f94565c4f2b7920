//! pandu under test: the release binary (`target/release/pandu`) started as a child process in
//! Telegram webhook mode against the fake Bot API, with outbound rate limits off. Its peak
//! memory and CPU time are read from /proc.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

use super::fake::TOKEN;

pub const SECRET: &str = "bench-webhook-secret";
pub const HOOK_PATH: &str = "/telegram/hook";
/// The benchmark's data key (synthetic): the bot and the benchmark's own connection share it.
pub const DATA_KEYS: &str = "bench1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

pub struct Pandu {
    child: tokio::process::Child,
    pub pid: u32,
    pub addr: SocketAddr,
    pub log: PathBuf,
}

fn free_port() -> anyhow::Result<u16> {
    let l = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok(l.local_addr()?.port())
}

impl Pandu {
    /// Starts pandu on `database_url` against the fake at `api`, and waits until it is ready.
    pub async fn start(database_url: &str, api: SocketAddr, log: PathBuf) -> anyhow::Result<Pandu> {
        let addr: SocketAddr = format!("127.0.0.1:{}", free_port()?).parse()?;
        let log_file = std::fs::File::create(&log)?;
        let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_pandu"));
        cmd.arg("run")
            // Only what is set here: no token or database of the caller's environment.
            .env_clear()
            .env("DATABASE_URL", database_url)
            .env("PANDU_DATA_KEYS", DATA_KEYS)
            .env("TELOXIDE_TOKEN", TOKEN)
            .env("TELOXIDE_API_URL", format!("http://{api}"))
            .env(
                "PANDU_WEBHOOK_URL",
                format!("https://pandu.bench.invalid{HOOK_PATH}"),
            )
            .env("PANDU_WEBHOOK_SECRET", SECRET)
            .env("PANDU_WEBHOOK_LISTEN", addr.to_string())
            // Outbound rate limits off: Telegram's per-chat and global limits would cap the
            // replies at 30 a second.
            .env("PANDU_TELEGRAM_CHAT_INTERVAL_MS", "0")
            .env("PANDU_TELEGRAM_CHAT_BURST", "1000000")
            .env("PANDU_TELEGRAM_GROUP_PER_MINUTE", "1000000")
            .env("PANDU_TELEGRAM_GLOBAL_PER_SECOND", "1000000000")
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log_file)
            .kill_on_drop(true);
        let mut child = cmd.spawn().context("starting target/release/pandu")?;
        let pid = child.id().context("pandu's pid")?;
        let client = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Some(status) = child.try_wait()? {
                bail!(
                    "pandu exited at start ({status}): {}",
                    std::fs::read_to_string(&log).unwrap_or_default()
                );
            }
            if let Ok(r) = client.get(format!("http://{addr}/readyz")).send().await
                && r.status().is_success()
            {
                break;
            }
            if Instant::now() > deadline {
                bail!("pandu not ready within a minute");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Ok(Pandu {
            child,
            pid,
            addr,
            log,
        })
    }

    pub fn hook_url(&self) -> String {
        format!("http://{}{HOOK_PATH}", self.addr)
    }

    /// Peak resident memory so far (VmHWM), in MB.
    pub fn peak_rss_mb(&self) -> f64 {
        status_kb(self.pid, "VmHWM:") as f64 / 1024.0
    }

    pub fn rss_mb(&self) -> f64 {
        status_kb(self.pid, "VmRSS:") as f64 / 1024.0
    }

    pub fn cpu_seconds(&self) -> f64 {
        cpu_seconds(&format!("/proc/{}/stat", self.pid))
    }

    pub fn threads(&self) -> u64 {
        status_kb(self.pid, "Threads:")
    }

    pub async fn stop(mut self) -> anyhow::Result<String> {
        // Killed like a crash: every update was acknowledged only after its commit.
        self.child.start_kill()?;
        self.child.wait().await?;
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        Ok(log)
    }
}

fn status_kb(pid: u32, key: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix(key))
                .and_then(|v| v.split_whitespace().next())
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

/// User + system CPU time of a process (`/proc/<pid>/stat`), in seconds.
pub fn cpu_seconds(stat_path: &str) -> f64 {
    let Ok(s) = std::fs::read_to_string(stat_path) else {
        return 0.0;
    };
    // Fields after the command name (which may hold spaces) end with ')'.
    let Some(rest) = s.rsplit_once(')').map(|(_, r)| r) else {
        return 0.0;
    };
    let f: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after ')'.
    let ticks: f64 = f.get(11).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0)
        + f.get(12).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    ticks / clock_ticks()
}

fn clock_ticks() -> f64 {
    // USER_HZ; 100 on Linux on every common architecture.
    100.0
}

/// CPU time of every PostgreSQL server process (named `postgres`) now alive, in seconds.
pub fn postgres_cpu() -> f64 {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return 0.0;
    };
    dir.filter_map(Result::ok)
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .bytes()
                .all(|b| b.is_ascii_digit())
        })
        .filter_map(|e| {
            let path = e.path().join("stat");
            let s = std::fs::read_to_string(&path).ok()?;
            let comm = s.split_once('(')?.1.rsplit_once(')')?.0;
            (comm == "postgres").then(|| cpu_seconds(&path.to_string_lossy()))
        })
        .sum()
}

/// The 1-minute load average.
pub fn load_average() -> f64 {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0.0)
}

/// The whole machine's busy and total CPU time (`/proc/stat`), in seconds.
pub fn machine_cpu() -> (f64, f64) {
    let s = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let v: Vec<f64> = s
        .lines()
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .skip(1)
        .filter_map(|x| x.parse().ok())
        .collect();
    let total: f64 = v.iter().take(8).sum();
    let idle = v.get(3).copied().unwrap_or(0.0) + v.get(4).copied().unwrap_or(0.0);
    ((total - idle) / clock_ticks(), total / clock_ticks())
}
