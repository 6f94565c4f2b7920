//! What an operator watches, on SQLite and PostgreSQL: `/healthz`, `/readyz` and Prometheus'
//! `/metrics` on pandu's HTTP server, with figures that follow what users do.

mod common;

use common::db::{BOTH, Backend};
use common::telegram::{App, committed};

/// The value of a metric line `name{labels}`, when present.
fn value(metrics: &str, series: &str) -> Option<f64> {
    metrics
        .lines()
        .find_map(|l| l.strip_prefix(series)?.trim().parse().ok())
}

async fn operations(backend: Backend) {
    let app = App::start(backend).await;
    assert_eq!(app.http_get("/healthz").await, (200, "ok".into()));
    assert_eq!(app.http_get("/readyz").await, (200, "ready\n".into()));
    let (status, before) = app.http_get("/metrics").await;
    assert_eq!(status, 200);
    let inbound = r#"pandu_inbound_total{channel="telegram"}"#;
    let count = |m: &str| value(m, inbound).unwrap_or(0.0);

    // A user asks for a person: two messages, one case in the general queue.
    let u = app.fake.user(8301, "id");
    for text in ["/petugas", "Akun SATUSEHAT saya terkunci"] {
        let id = u.text(text);
        committed(&app, id).await;
    }
    app.settled(8301).await;
    let (_, after) = app.http_get("/metrics").await;
    assert!(count(&after) >= count(&before) + 2.0, "{after}");
    assert_eq!(
        value(&after, r#"pandu_cases_open{queue="general"}"#),
        Some(1.0),
        "{after}"
    );
    assert!(
        value(&after, r#"pandu_replies_sent_total{channel="telegram"}"#).unwrap_or(0.0) >= 2.0,
        "{after}"
    );
    assert!(
        value(
            &after,
            r#"pandu_handling_seconds_count{channel="telegram"}"#
        )
        .unwrap_or(0.0)
            >= 2.0,
        "{after}"
    );
    assert!(after.contains("# TYPE pandu_handling_seconds histogram"));
    // Everything was delivered: nothing waits in the outbox.
    assert_eq!(
        value(&after, r#"pandu_outbox_backlog{channel="telegram"}"#),
        None,
        "{after}"
    );
    // No label or value carries what the user wrote.
    assert!(!after.contains("terkunci"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_readiness_and_metrics() {
    for b in BOTH {
        operations(b).await;
    }
}
