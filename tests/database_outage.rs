//! PostgreSQL goes away for 30 seconds (the test cluster is stopped and started again): the bot
//! neither crashes nor loses an update. Long polling does not acknowledge what it could not
//! commit; the webhook answers 503 so that Telegram sends the update again; both carry on by
//! themselves once the database is back, with every reply delivered once and in order.
//!
//! Needs the throwaway cluster of `bash .ci/test` (`pg_virtualenv`), which this test stops and
//! starts with `pg_ctlcluster`; it is alone in its test binary so that no other test sees the
//! outage.

mod common;

use std::time::Duration;

use common::db::Backend;
use common::telegram::{App, WAIT, committed};

const OUTAGE: Duration = Duration::from_secs(30);

/// The `pg_ctlcluster` version and name of the cluster behind `TEST_DATABASE_URL`.
fn find_cluster() -> Option<(String, String)> {
    let url = url::Url::parse(&common::db::pg_admin_url()).ok()?;
    let port = url.port().unwrap_or(5432).to_string();
    let out = std::process::Command::new("pg_lsclusters")
        .arg("-h")
        .output()
        .ok()?;
    let list = String::from_utf8_lossy(&out.stdout);
    list.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>())
        .find(|f| f.len() > 2 && f[2] == port)
        .map(|f| (f[0].to_string(), f[1].to_string()))
}

fn cluster() -> (String, String) {
    find_cluster().unwrap_or_else(|| {
        panic!(
            "no local cluster behind TEST_DATABASE_URL: this test stops and starts the test \
             cluster; run it with `bash .ci/test` (pg_virtualenv)"
        )
    })
}

fn pg_ctl(action: &str) {
    let (version, name) = cluster();
    let status = std::process::Command::new("pg_ctlcluster")
        .args([&version, &name, action])
        .status()
        .expect("pg_ctlcluster");
    assert!(status.success(), "pg_ctlcluster {action} failed");
}

/// Restarts the cluster even when the test fails, so the rest of the suite has its database.
struct Restart;

impl Drop for Restart {
    fn drop(&mut self) {
        if let Some((version, name)) = find_cluster() {
            let _ = std::process::Command::new("pg_ctlcluster")
                .args([&version, &name, "start"])
                .status();
        }
    }
}

/// The texts Telegram accepted for `chat_id`, in order.
fn accepted(app: &App, chat_id: i64) -> Vec<String> {
    app.fake
        .calls_of("sendMessage")
        .into_iter()
        .filter(|c| c.chat_id == Some(chat_id) && c.status == 200)
        .map(|c| c.params["text"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_away_for_30_seconds_loses_nothing() {
    let polling = App::start(Backend::Postgres).await;
    let hooked = App::start_webhook(Backend::Postgres, "rahasia_uji").await;
    let (a, b) = (polling.fake.user(8401, "id"), hooked.fake.user(8402, "id"));
    let id = a.text("/start");
    committed(&polling, id).await;
    polling.settled(8401).await;
    let first = accepted(&polling, 8401).len();

    let _restart = Restart;
    pg_ctl("stop");
    let down = tokio::time::Instant::now();
    // Polling: two messages while the database is away.
    a.text("/kyc");
    a.text("Pop-up belum berhasil");
    // Webhook: Telegram posts, and is told to try again later.
    let id = b.text("/start");
    let update = hooked.fake.update(id).unwrap();
    let url = hooked.webhook_url();
    assert_eq!(
        hooked
            .fake
            .webhook_post(&url, &update, Some("rahasia_uji"))
            .await,
        503
    );
    tokio::time::sleep_until(down + OUTAGE).await;
    // Nothing was answered meanwhile.
    assert_eq!(accepted(&polling, 8401).len(), first);
    assert!(accepted(&hooked, 8402).is_empty());
    pg_ctl("start");

    // Telegram's next attempt is taken; polling picks up where it stopped.
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let status = hooked
            .fake
            .webhook_post(&url, &update, Some("rahasia_uji"))
            .await;
        if status == 200 {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the webhook never recovered ({status})"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    hooked.settled(8402).await;
    assert!(
        accepted(&hooked, 8402)
            .first()
            .is_some_and(|t| t.contains("Menu utama")),
        "{:?}",
        accepted(&hooked, 8402)
    );
    assert!(
        polling
            .fake
            .wait_until(|_| accepted(&polling, 8401).len() >= first + 2, WAIT)
            .await,
        "{:#?}",
        accepted(&polling, 8401)
    );
    polling.settled(8401).await;
    let texts = accepted(&polling, 8401)[first..].to_vec();
    // Both messages, once each and in order: the KYC question, then the next step.
    assert_eq!(texts.len(), 2, "{texts:#?}");
    assert!(texts[0].contains("Langkah 1 dari"), "{texts:#?}");
    assert!(texts[1].contains("Langkah 2 dari"), "{texts:#?}");
    let rows = polling.outbox(8401).await;
    assert!(rows.iter().all(|r| r.sent_at.is_some()), "{rows:#?}");
}
