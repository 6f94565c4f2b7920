//! Two `pandu run` processes in webhook mode on one PostgreSQL, behind a load balancer (played
//! by the test) that hands each update to either process at random, and some to both at once
//! (a platform's re-delivery racing the first). 200 chats walk the KYC procedure. Midway one
//! process is killed with SIGKILL: the balancer sends everything to the other, which takes
//! over the dead one's chats and its replies under way.
//!
//! Checked: every update handled exactly once and in order (each chat's replies are those of a
//! run of the dialog core alone), every reply delivered once and in order (only a request under
//! way at the kill may have been made twice, and is counted so), and the bot's overall sending
//! rate kept across both processes.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::db::{self, Backend};
use common::fake_telegram::FakeTelegram;
use common::telegram::{Proc, WAIT, chat, delivered_once_in_order, replies_to, script};
use pandu::store::Store;
use rand::Rng;

const CHATS: i64 = 200;
const FIRST_CHAT: i64 = 95_001;
/// The bot's overall sending rate (messages a second), shared by the processes.
const RATE: usize = 30;
/// Each chat's first messages of the KYC procedure, up to the reporter's name (the personal-data
/// notice agreed on the way).
const LINES: usize = 6;

fn lines(i: i64) -> Vec<String> {
    script(i).into_iter().take(LINES).collect()
}
const SECRET: &str = "rahasia-skala_uji";

struct Node {
    url: String,
    alive: AtomicBool,
}

fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

async fn spawn(fake: &FakeTelegram, db_url: &str, log: &std::path::Path) -> (Proc, Node) {
    let port = free_port();
    let listen = format!("127.0.0.1:{port}");
    let rate = RATE.to_string();
    let proc = Proc::spawn(
        fake,
        db_url,
        log,
        &[
            ("PANDU_WEBHOOK_URL", "https://pandu.example.org/tg"),
            ("PANDU_WEBHOOK_LISTEN", &listen),
            ("PANDU_WEBHOOK_SECRET", SECRET),
            ("PANDU_TELEGRAM_GLOBAL_PER_SECOND", &rate),
        ],
    )
    .await;
    let ready = format!("http://{listen}/readyz");
    let deadline = Instant::now() + WAIT;
    loop {
        let ok = reqwest::get(&ready)
            .await
            .is_ok_and(|r| r.status().is_success());
        if ok {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "pandu did not get ready: {}",
            std::fs::read_to_string(log).unwrap_or_default()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let node = Node {
        url: format!("http://{listen}/tg"),
        alive: AtomicBool::new(true),
    };
    (proc, node)
}

/// Delivers one update like a load balancer in front of the processes: to a random one, now
/// and then to both at once, and again elsewhere until one answers 200.
async fn deliver(fake: &FakeTelegram, nodes: &[Node; 2], update: &serde_json::Value) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let (pick, both) = {
            let mut rng = rand::rng();
            (rng.random_range(0..2usize), rng.random_bool(0.1))
        };
        let ok = if both {
            let (a, b) = tokio::join!(
                fake.webhook_post(&nodes[0].url, update, Some(SECRET)),
                fake.webhook_post(&nodes[1].url, update, Some(SECRET)),
            );
            a == 200 || b == 200
        } else {
            let node = if nodes[pick].alive.load(Ordering::Relaxed) {
                &nodes[pick]
            } else {
                &nodes[1 - pick]
            };
            fake.webhook_post(&node.url, update, Some(SECRET)).await == 200
        };
        if ok {
            return;
        }
        assert!(Instant::now() < deadline, "no process took update {update}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The most accepted messages in any window of `window` (`at` sorted).
fn busiest(at: &[Instant], window: Duration) -> usize {
    let mut most = 0;
    let mut start = 0;
    for end in 0..at.len() {
        while at[end].duration_since(at[start]) >= window {
            start += 1;
        }
        most = most.max(end + 1 - start);
    }
    most
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_processes_share_one_postgresql_and_one_survives_the_other() {
    let fake = FakeTelegram::start().await;
    let fresh = db::fresh(Backend::Postgres).await;
    let dir = tempfile::tempdir().unwrap();
    let logs = [dir.path().join("a.log"), dir.path().join("b.log")];
    let (proc_a, node_a) = spawn(&fake, &fresh.url, &logs[0]).await;
    let (proc_b, node_b) = spawn(&fake, &fresh.url, &logs[1]).await;
    let nodes = Arc::new([node_a, node_b]);
    // Both have said they are alive (a heartbeat every third of the 2-second lease) and know
    // their share of the chats and of the rate.
    tokio::time::sleep(Duration::from_secs(2)).await;

    let total: usize = (0..CHATS).map(|i| lines(i).len()).sum();
    let done = Arc::new(AtomicUsize::new(0));
    let mut chats = tokio::task::JoinSet::new();
    for i in 0..CHATS {
        let fake = fake.clone();
        let nodes = Arc::clone(&nodes);
        let done = Arc::clone(&done);
        chats.spawn(async move {
            let user = fake.user(FIRST_CHAT + i, "id");
            for line in lines(i) {
                let id = user.text(&line);
                let update = fake.update(id).expect("pushed update");
                deliver(&fake, &nodes, &update).await;
                done.fetch_add(1, Ordering::Relaxed);
            }
        });
    }
    // Midway, process B dies without a word; the balancer notices its requests fail.
    let deadline = Instant::now() + Duration::from_secs(120);
    while done.load(Ordering::Relaxed) < total * 2 / 5 {
        assert!(Instant::now() < deadline, "the run does not progress");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    proc_b.kill().await;
    nodes[1].alive.store(false, Ordering::Relaxed);
    let killed_at = Instant::now();
    while let Some(r) = chats.join_next().await {
        r.expect("a chat's driver failed");
    }

    // Everything handled and delivered, by the survivor.
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let mut undelivered = 0;
        for i in 0..CHATS {
            let rows = fresh.db.outbox_of(&chat(FIRST_CHAT + i)).await.unwrap();
            undelivered += rows.iter().filter(|r| r.sent_at.is_none()).count();
        }
        if undelivered == 0 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "{undelivered} replies undelivered; log of the survivor: {}",
            std::fs::read_to_string(&logs[0]).unwrap_or_default()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let finished_at = Instant::now();

    let mut uncertain = 0;
    let mut resent = 0;
    let mut sent_by_both = Vec::new();
    for i in 0..CHATS {
        let chat_id = FIRST_CHAT + i;
        let rows = fresh.db.outbox_of(&chat(chat_id)).await.unwrap();
        let stored: Vec<String> = rows.iter().map(|r| r.reply.text.clone()).collect();
        assert_eq!(
            stored,
            replies_to(&lines(i)),
            "chat {chat_id}: stored replies"
        );
        let calls: Vec<_> = fake
            .calls_of("sendMessage")
            .into_iter()
            .filter(|c| c.chat_id == Some(chat_id) && c.status == 200)
            .collect();
        sent_by_both.extend(calls.iter().map(|c| c.at));
        let got: Vec<String> = calls
            .iter()
            .map(|c| c.params["text"].as_str().unwrap_or_default().to_string())
            .collect();
        uncertain += rows.iter().map(|r| r.uncertain_resends).sum::<u32>();
        resent += delivered_once_in_order(chat_id, &rows, &got);
    }
    // Only the killed process's requests under way can have been taken over (16 at most).
    assert!(uncertain <= 16, "{uncertain} replies taken over");
    eprintln!(
        "{} updates, {} replies; {uncertain} taken over from the killed process ({resent} had \
         reached Telegram); the survivor finished {:?} after the kill",
        total,
        sent_by_both.len(),
        finished_at - killed_at
    );

    // The overall rate held across the two: each process keeps to its share of the token
    // bucket (rate R, burst R), so any 2 seconds see at most R of burst and 2 R of refill.
    // Two processes each using the whole rate would reach twice that.
    sent_by_both.sort();
    let busiest = busiest(&sent_by_both, Duration::from_secs(2));
    eprintln!("busiest 2 seconds: {busiest} messages (rate {RATE}/s)");
    assert!(
        busiest <= 3 * RATE + 10,
        "{busiest} messages within 2 seconds at {RATE}/s overall"
    );
    // And the run was long enough for the limit to matter.
    assert!(sent_by_both.len() > 4 * RATE);
    proc_a.kill().await;
}
