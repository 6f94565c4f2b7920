//! The logs of a full run of the real binary, at the most verbose level and as JSON, hold no
//! personal data: a KYC complaint (with wrong answers first) goes through to the agents' topic
//! and an agent answers, then the log is searched for every NIK, phone number, email and name
//! the user typed. SQLite and PostgreSQL.

mod common;

use std::time::Duration;

use common::db::{self, BOTH, Backend};
use common::fake_telegram::{FakeTelegram, FakeUser};
use common::telegram::{Proc, WAIT, jpeg};

const GROUP: i64 = -100_100_200_900;
const ADMIN: i64 = 600_190;
const RINA: i64 = 600_290;
const USER: i64 = 7_890;

/// Pushes one update and waits for the bot's next answer to the user.
async fn step(fake: &FakeTelegram, push: impl FnOnce() -> i64) {
    let before = fake.bot_messages(USER).len();
    push();
    assert!(
        fake.wait_for_bot_messages(USER, before + 1, WAIT).await,
        "{:#?}",
        fake.bot_texts(USER)
    );
    // The rest of the answer (a step may send two messages).
    tokio::time::sleep(Duration::from_millis(100)).await;
}

async fn complaint(fake: &FakeTelegram, u: &FakeUser) {
    step(fake, || u.text("/start kyc")).await;
    for label in ["Pop-up belum berhasil", "4 kali", "aduan", "Setuju"] {
        step(fake, || u.press(label)).await;
    }
    // Wrong answers first, then right ones.
    for text in [
        "Uji Coba",
        "uji@puskesmas",
        "uji@puskesmas.example.id",
        "0812-3456",
        "0812-3456-7890",
        "Siti Contoh",
        "3374015708",
        "3374015708900002",
        "siti@example.id",
    ] {
        step(fake, || u.text(text)).await;
    }
    step(fake, || u.photo(jpeg(50_000))).await;
    step(fake, || u.photo(jpeg(40_000))).await;
    step(fake, || u.press("Kirim aduan")).await;
}

async fn run(backend: Backend) {
    let fake = FakeTelegram::start().await;
    fake.forum(GROUP, "Helpdesk KYC");
    let fresh = db::fresh(backend).await;
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("pandu.log");
    let (admin, groups) = (ADMIN.to_string(), format!("kyc={GROUP}"));
    let proc = Proc::spawn(
        &fake,
        &fresh.url,
        &log,
        &[
            ("RUST_LOG", "trace"),
            ("PANDU_LOG_FORMAT", "json"),
            ("PANDU_DESK_ADMINS", &admin),
            ("PANDU_DESK_GROUPS", &groups),
        ],
    )
    .await;
    let admin = fake
        .user(ADMIN, "id")
        .named("Admin", None)
        .in_forum(GROUP, None);
    admin.text(&format!("/petugas_tambah {RINA} agent Rina Agen"));
    let u = fake.user(USER, "id");
    complaint(&fake, &u).await;
    // The case reaches its topic; Rina answers there and the user answers back.
    assert!(fake.wait_until(|f| !f.topics(GROUP).is_empty(), WAIT).await);
    let thread = fake.topics(GROUP)[0].thread_id;
    let rina = fake
        .user(RINA, "id")
        .named("Rina", None)
        .in_forum(GROUP, Some(thread));
    step(&fake, || rina.text("Halo, akun sedang kami periksa.")).await;
    u.text("Baik, nomor saya 0812-3456-7890");
    assert!(
        fake.wait_until(
            |f| f.thread_messages(GROUP, thread).iter().any(|m| m
                .text
                .as_deref()
                .is_some_and(|t| t.contains("Baik, nomor saya"))),
            WAIT
        )
        .await
    );
    proc.terminate();
    let mut child = proc.child;
    let _ = tokio::time::timeout(Duration::from_secs(20), child.wait()).await;

    let logged = std::fs::read_to_string(&log).unwrap();
    let lines: Vec<&str> = logged.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(
        lines.len() > 50,
        "a verbose log was written: {}",
        lines.len()
    );
    for line in &lines {
        serde_json::from_str::<serde_json::Value>(line)
            .unwrap_or_else(|e| panic!("not a JSON line ({e}): {line}"));
    }
    // Each inbound message has its span.
    assert!(
        lines.iter().any(|l| l.contains(r#""name":"inbound""#)),
        "no inbound span"
    );
    for secret in [
        "3374015708900002",
        "3374015708",
        "0812-3456-7890",
        "081234567890",
        "6281234567890",
        "0812-3456",
        "uji@puskesmas",
        "siti@example.id",
        "Siti Contoh",
        "Uji Coba",
        "akun sedang kami periksa",
    ] {
        if let Some(line) = lines.iter().find(|l| l.contains(secret)) {
            panic!("{secret:?} is in the log: {line}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_run_logs_no_personal_data() {
    for b in BOTH {
        run(b).await;
    }
}
