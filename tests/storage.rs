//! The real store on SQLite and PostgreSQL: one transaction per message, dedupe, restart, cases.

mod common;

use chrono::{Timelike, Utc};
use common::db::{BOTH, Backend, fresh};
use pandu::dialog::Event;
use pandu::dialog::model::{CaseStatus, FileInfo, FileKind, FileType, Queue, Reply};
use pandu::service::{Bot, Incoming};
use pandu::store::{ChatKey, Claim, Db, Delivered, Processed, Share, Store, StoreError};

const LEASE_SECONDS: i64 = 20;

/// A claim by worker `owner` made at `at`, for the usual lease.
fn claim(owner: &str, at: chrono::DateTime<Utc>) -> Claim {
    Claim {
        owner: owner.into(),
        until: at + chrono::Duration::seconds(LEASE_SECONDS),
    }
}

struct Client {
    bot: Bot,
    chat: ChatKey,
    n: u64,
}

impl Client {
    fn new(db: Db, user: &str) -> Client {
        Client {
            bot: Bot::new(db, common::defs()),
            chat: ChatKey {
                channel: "test".into(),
                chat_id: user.into(),
            },
            n: 0,
        }
    }

    async fn send_with_id(&mut self, id: &str, event: Event) -> (Processed, Vec<Reply>) {
        let p = self.send_in_order(id, None, event).await.unwrap();
        let mut replies = Vec::new();
        for item in self
            .bot
            .db
            .pending_outbox("test", Some(&self.chat.chat_id), 100)
            .await
            .unwrap()
        {
            self.bot.db.mark_sent(item.id, Utc::now()).await.unwrap();
            replies.push(item.reply);
        }
        (p, replies)
    }

    /// Handles a message with the platform's sequence number `sequence`; its replies stay in
    /// the outbox.
    async fn send_in_order(
        &mut self,
        id: &str,
        sequence: Option<i64>,
        event: Event,
    ) -> Result<Processed, StoreError> {
        self.bot
            .handle(Incoming {
                chat: self.chat.clone(),
                message_id: id.into(),
                event,
                lang_hint: None,
                pressed_message: None,
                sequence,
                at: Utc::now(),
            })
            .await
    }

    async fn say(&mut self, text: &str) -> String {
        self.n += 1;
        let id = format!("m{}", self.n);
        let (_, replies) = self.send_with_id(&id, Event::Text(text.into())).await;
        replies
            .iter()
            .map(|r| r.text.clone())
            .collect::<Vec<_>>()
            .join("\n")
    }

    async fn image(&mut self, name: &str) -> String {
        self.n += 1;
        let id = format!("m{}", self.n);
        let f = FileInfo {
            reference: format!("file-id-{name}"),
            name: Some(name.into()),
            mime: Some("image/jpeg".into()),
            size: 48_000,
            kind: FileKind::Photo,
            sniffed: Some(FileType::Jpeg),
            origin: Some("telegram".into()),
        };
        let (_, replies) = self.send_with_id(&id, Event::File(f)).await;
        replies
            .iter()
            .map(|r| r.text.clone())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

async fn walk_to_patient_nik(c: &mut Client) {
    c.say("/kyc").await;
    c.say("1").await; // failed
    c.say("5").await; // 4 or more tries -> limit
    let t = c.say("2").await; // complaint
    assert!(t.contains("meminta data pribadi"), "{t}");
    let t = c.say("1").await; // agreed to the personal-data notice
    assert!(t.contains("nama pelapor"), "{t}");
    c.say("Budi Santoso").await;
    c.say("budi@puskesmas.example.id").await;
    c.say("0812-3456-7890").await;
    let t = c.say("Siti Aminah").await;
    assert!(t.contains("NIK pasien"), "{t}");
}

#[tokio::test]
async fn conversation_survives_a_restart_mid_form() {
    for backend in BOTH {
        let f = fresh(backend).await;
        let mut c = Client::new(f.db.clone(), "u1");
        walk_to_patient_nik(&mut c).await;
        drop(c);
        // A new process: a new connection pool on the same database.
        let db2 = common::db::connect(&f.url).await;
        db2.migrate().await.unwrap();
        let mut c2 = Client::new(db2, "u1");
        c2.n = 100;
        let t = c2.say("3374011708900001").await;
        assert!(
            t.contains("email pasien"),
            "{backend:?}: continued at the same step: {t}"
        );
        let state = c2.bot.db.conversation(&c2.chat).await.unwrap().unwrap();
        let data = &state.active.as_ref().unwrap().data;
        assert_eq!(
            data["reporter_name"].as_text(),
            Some("Budi Santoso"),
            "{backend:?}"
        );
        assert_eq!(
            data["reporter_phone"].as_text(),
            Some("+6281234567890"),
            "{backend:?}"
        );
        assert_eq!(
            data["patient_nik"].as_text(),
            Some("3374011708900001"),
            "{backend:?}"
        );
    }
}

#[tokio::test]
async fn a_redelivered_message_changes_nothing_and_sends_nothing() {
    for backend in BOTH {
        let f = fresh(backend).await;
        let mut c = Client::new(f.db.clone(), "u2");
        let (p, replies) = c.send_with_id("same-id", Event::Text("/kyc".into())).await;
        assert!(matches!(p, Processed::Done { .. }), "{backend:?}");
        assert_eq!(replies.len(), 1, "{backend:?}");
        let before = c.bot.db.conversation(&c.chat).await.unwrap();
        let (p, replies) = c.send_with_id("same-id", Event::Text("/kyc".into())).await;
        assert_eq!(p, Processed::Duplicate, "{backend:?}");
        assert!(
            replies.is_empty(),
            "{backend:?}: a duplicate sent {replies:?}"
        );
        assert_eq!(
            before,
            c.bot.db.conversation(&c.chat).await.unwrap(),
            "{backend:?}"
        );
        // The same id on another channel is another message.
        let mut other = Client::new(f.db.clone(), "u2");
        other.chat.channel = "other".into();
        let (p, _) = other
            .send_with_id("same-id", Event::Text("/kyc".into()))
            .await;
        assert!(matches!(p, Processed::Done { .. }), "{backend:?}");
    }
}

#[tokio::test]
async fn a_kyc_complaint_becomes_a_stored_case() {
    for backend in BOTH {
        let f = fresh(backend).await;
        let mut c = Client::new(f.db.clone(), "u3");
        walk_to_patient_nik(&mut c).await;
        c.say("3374015708900002").await;
        c.say("siti@example.id").await;
        c.image("portal.jpg").await;
        let t = c.image("profil.jpg").await;
        assert!(t.contains("Kirim aduan"), "{t}");
        let t = c.say("1").await;
        assert!(
            t.contains("Kategori: Verifikasi Profil (KYC)"),
            "{backend:?}: {t}"
        );
        assert!(t.contains("Kebutuhan: Lainnya"), "{backend:?}: {t}");
        let cases = f.db.cases_of(&c.chat).await.unwrap();
        assert_eq!(cases.len(), 1, "{backend:?}");
        let case = &cases[0];
        assert!(case.reference.starts_with("KYC-"), "{}", case.reference);
        assert!(
            t.contains(&case.reference),
            "the user is told the reference"
        );
        assert_eq!(case.queue, Queue::Kyc);
        assert_eq!(case.status, CaseStatus::Open);
        assert_eq!(case.kind, "complaint");
        assert!(
            case.fields
                .contains(&("NIK pasien".to_string(), "3374015708900002".to_string())),
            "{:?}",
            case.fields
        );
        assert_eq!(case.attachments.len(), 2);
        assert_eq!(case.attachments[0].reference, "file-id-portal.jpg");
        assert!(case.summary.contains("Nama pasien: Siti Aminah"));
        assert!(!case.transcript.is_empty());
        assert_eq!(
            f.db.case(&case.reference).await.unwrap().unwrap().reference,
            case.reference
        );
        // /status lists it.
        let t = c.say("/status").await;
        assert!(t.contains(&case.reference), "{backend:?}: {t}");
    }
}

#[tokio::test]
async fn asking_for_a_human_records_a_case_with_the_collected_data() {
    for backend in BOTH {
        let f = fresh(backend).await;
        let mut c = Client::new(f.db.clone(), "u4");
        walk_to_patient_nik(&mut c).await;
        let t = c.say("/petugas").await;
        assert!(t.contains("Tuliskan singkat"), "{t}");
        let t = c.say("Pop-up terus muncul walau sudah diulang").await;
        let cases = f.db.cases_of(&c.chat).await.unwrap();
        assert_eq!(cases.len(), 1, "{backend:?}");
        let case = &cases[0];
        assert_eq!(case.kind, "human_request");
        assert_eq!(case.queue, Queue::Kyc);
        assert!(t.contains(&case.reference), "{t}");
        assert_eq!(case.summary, "Pop-up terus muncul walau sudah diulang");
        assert!(
            case.fields
                .iter()
                .any(|(k, v)| k == "Nama pelapor" && v == "Budi Santoso"),
            "{:?}",
            case.fields
        );
        // The flow goes on where it was.
        assert!(t.contains("NIK pasien"), "{t}");
    }
}

#[tokio::test]
async fn replies_wait_in_the_outbox_in_order_until_delivered() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let f = fresh(backend).await;
        let bot = Bot::new(f.db.clone(), common::defs());
        for (i, user) in ["a", "b", "a"].iter().enumerate() {
            let chat = ChatKey {
                channel: "test".into(),
                chat_id: user.to_string(),
            };
            let ev = Event::Text(if i == 2 {
                "/bantuan".into()
            } else {
                "/menu".into()
            });
            bot.handle(Incoming {
                chat,
                message_id: format!("x{i}"),
                event: ev,
                lang_hint: None,
                pressed_message: None,
                sequence: None,
                at: Utc::now(),
            })
            .await
            .unwrap();
        }
        let all = f.db.pending_outbox("test", None, 100).await.unwrap();
        assert!(
            all.windows(2).all(|w| w[0].id < w[1].id),
            "{backend:?}: in order"
        );
        let a = f.db.pending_outbox("test", Some("a"), 100).await.unwrap();
        assert_eq!(a.len(), 2, "{backend:?}");
        assert!(
            a[1].reply.text.contains("/kembali"),
            "{backend:?}: help text second"
        );
        f.db.mark_sent(a[0].id, Utc::now()).await.unwrap();
        let a2 = f.db.pending_outbox("test", Some("a"), 100).await.unwrap();
        assert_eq!(a2.len(), 1);
        assert_eq!(a2[0].id, a[1].id);
    }
}

/// The delivery bookkeeping the outbox worker relies on: only a chat's oldest reply is due, a
/// claim is refused when the row was delivered, claimed or postponed meanwhile, and a refused
/// send to a blocked user drops only replies written before it.
#[tokio::test]
async fn outbox_claims_keep_order_and_respect_postponement() {
    for backend in BOTH {
        let f = fresh(backend).await;
        let c = Client::new(f.db.clone(), "claims");
        // Replies written but not delivered: handle without reading the outbox.
        for (i, text) in ["/menu", "/bantuan", "/status"].iter().enumerate() {
            c.bot
                .handle(Incoming {
                    chat: c.chat.clone(),
                    message_id: format!("c{i}"),
                    event: Event::Text((*text).into()),
                    lang_hint: None,
                    pressed_message: None,
                    sequence: None,
                    at: Utc::now(),
                })
                .await
                .unwrap();
        }
        let rows = f.db.outbox_of(&c.chat).await.unwrap();
        assert_eq!(rows.len(), 3, "{backend:?}");
        let now = Utc::now();
        let due = f.db.due_outbox("test", now, 10, Share::ALL).await.unwrap();
        assert_eq!(
            due.iter().map(|r| r.id).collect::<Vec<_>>(),
            vec![rows[0].id]
        );
        // Claimed: not due, and a second claim of the same row fails.
        assert!(
            f.db.begin_attempt(rows[0].id, 0, now, &claim("a", now))
                .await
                .unwrap()
        );
        assert!(
            !f.db
                .begin_attempt(rows[0].id, 0, now, &claim("a", now))
                .await
                .unwrap()
        );
        assert!(
            f.db.due_outbox("test", now, 10, Share::ALL)
                .await
                .unwrap()
                .is_empty()
        );
        // Postponed after a temporary error: a claim from a stale read before the time fails.
        let later = now + chrono::Duration::seconds(5);
        f.db.retry_later(rows[0].id, later, "502").await.unwrap();
        assert!(
            !f.db
                .begin_attempt(rows[0].id, 0, now, &claim("a", now))
                .await
                .unwrap()
        );
        assert!(
            f.db.due_outbox("test", now, 10, Share::ALL)
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            f.db.due_outbox("test", later, 10, Share::ALL)
                .await
                .unwrap()
                .len(),
            1
        );
        // A claim with the wrong number of delivered parts fails.
        assert!(
            !f.db
                .begin_attempt(rows[0].id, 1, later, &claim("a", later))
                .await
                .unwrap()
        );
        assert!(
            f.db.begin_attempt(rows[0].id, 0, later, &claim("a", later))
                .await
                .unwrap()
        );
        f.db.part_delivered(rows[0].id, 1, Some("41"), true, later)
            .await
            .unwrap();
        let due =
            f.db.due_outbox("test", later, 10, Share::ALL)
                .await
                .unwrap();
        assert_eq!(
            due.iter().map(|r| r.id).collect::<Vec<_>>(),
            vec![rows[1].id]
        );
        // A crash while the second was under way. Another process takes it back only once its
        // claim has expired, and a renewal pushes that back; a process starting alone on its
        // database takes every claim back at once.
        assert!(
            f.db.begin_attempt(rows[1].id, 0, later, &claim("a", later))
                .await
                .unwrap()
        );
        let lapse = later + chrono::Duration::seconds(LEASE_SECONDS + 1);
        assert_eq!(
            f.db.recover_in_flight("test", Some(later)).await.unwrap(),
            0
        );
        assert_eq!(
            f.db.renew_claims("test", &claim("b", lapse)).await.unwrap(),
            0
        );
        assert_eq!(
            f.db.renew_claims("test", &claim("a", lapse)).await.unwrap(),
            1
        );
        assert_eq!(
            f.db.recover_in_flight("test", Some(lapse)).await.unwrap(),
            0
        );
        assert!(
            f.db.due_outbox("test", lapse, 10, Share::ALL)
                .await
                .unwrap()
                .is_empty()
        );
        let lapsed = lapse + chrono::Duration::seconds(LEASE_SECONDS + 1);
        assert_eq!(
            f.db.recover_in_flight("test", Some(lapsed)).await.unwrap(),
            1
        );
        assert!(
            f.db.begin_attempt(rows[1].id, 0, later, &claim("b", later))
                .await
                .unwrap()
        );
        assert_eq!(f.db.recover_in_flight("test", None).await.unwrap(), 1);
        let due =
            f.db.due_outbox("test", later, 10, Share::ALL)
                .await
                .unwrap();
        assert_eq!(due[0].id, rows[1].id);
        // Taken back twice: each time its request may have gone through.
        assert_eq!(due[0].uncertain_resends, 2);
        // Many claimed in one statement: only those unclaimed and due; recorded in one.
        let other = ChatKey {
            channel: "test".into(),
            chat_id: "u-many".into(),
        };
        let mut many = Client::new(f.db.clone(), "u-many");
        many.send_in_order("many-1", None, Event::Text("halo".into()))
            .await
            .unwrap();
        let fresh_row = f.db.outbox_of(&other).await.unwrap()[0].id;
        let got =
            f.db.claim_many(&[rows[1].id, fresh_row], later, &claim("a", later))
                .await
                .unwrap();
        let mut got_ids: Vec<i64> = got.iter().map(|g| g.0).collect();
        got_ids.sort();
        assert_eq!(got_ids, vec![rows[1].id, fresh_row], "{backend:?}");
        assert!(got.contains(&(fresh_row, 0, 1)), "{backend:?}: {got:?}");
        assert!(
            f.db.claim_many(&[rows[1].id, fresh_row], later, &claim("b", later))
                .await
                .unwrap()
                .is_empty(),
            "{backend:?}: claimed already"
        );
        f.db.delivered_many(&[Delivered {
            id: fresh_row,
            parts_done: 1,
            platform_id: Some("77".into()),
            at: later,
        }])
        .await
        .unwrap();
        let done = &f.db.outbox_of(&other).await.unwrap()[0];
        assert_eq!(
            done.sent_at,
            Some(
                later
                    .with_nanosecond(later.timestamp_subsec_millis() * 1_000_000)
                    .unwrap()
            )
        );
        assert_eq!(done.platform_id.as_deref(), Some("77"));
        assert_eq!(
            f.db.recover_in_flight("test", None).await.unwrap(),
            1,
            "{backend:?}: only the undelivered one stays claimed"
        );
        // Refused as blocked while a newer reply waits (the user wrote again): only the refused
        // one is dropped and the chat stays reachable.
        f.db.mark_unreachable(&c.chat, rows[1].id, later)
            .await
            .unwrap();
        assert!(!f.db.is_unreachable(&c.chat).await.unwrap());
        let due =
            f.db.due_outbox("test", later, 10, Share::ALL)
                .await
                .unwrap();
        assert_eq!(
            due.iter().map(|r| r.id).collect::<Vec<_>>(),
            vec![rows[2].id]
        );
        f.db.mark_unreachable(&c.chat, rows[2].id, later)
            .await
            .unwrap();
        assert!(f.db.is_unreachable(&c.chat).await.unwrap());
        let all = f.db.outbox_of(&c.chat).await.unwrap();
        assert_eq!(all[0].platform_id.as_deref(), Some("41"));
        assert!(
            all[0].sent_at.is_some() && all[1].failed_at.is_some() && all[2].failed_at.is_some()
        );
    }
}

/// Several processes share a PostgreSQL: a chat's message that failed in one holds the chat's
/// later messages back in all of them until it is handled (or long enough has passed).
#[tokio::test]
async fn a_failed_message_holds_its_chats_later_ones_back() {
    for backend in BOTH {
        let f = fresh(backend).await;
        let mut c = Client::new(f.db.clone(), "u-order");
        let mut other = Client::new(f.db.clone(), "u-other");
        // The first message of a chat can fail before the chat has a conversation.
        f.db.hold_back(&c.chat, 11, Utc::now()).await.unwrap();
        // A later one, in any process, waits; nothing of it is recorded.
        let later = c
            .send_in_order("12", Some(12), Event::Text("halo".into()))
            .await;
        assert!(
            matches!(later, Err(StoreError::OutOfOrder)),
            "{backend:?}: {later:?}"
        );
        assert!(!f.db.seen("test", "12").await.unwrap(), "{backend:?}");
        // Another chat, and a message without a sequence (the desk), are not held.
        assert!(
            other
                .send_in_order("13", Some(13), Event::Text("halo".into()))
                .await
                .is_ok()
        );
        // A later failure does not move the mark forward; an earlier one moves it back.
        f.db.hold_back(&c.chat, 14, Utc::now()).await.unwrap();
        f.db.hold_back(&c.chat, 10, Utc::now()).await.unwrap();
        let eleven = c
            .send_in_order("11", Some(11), Event::Text("halo".into()))
            .await;
        assert!(
            matches!(eleven, Err(StoreError::OutOfOrder)),
            "{backend:?}: {eleven:?}"
        );
        // The failed one comes again: handled, and the chat flows again.
        assert!(
            c.send_in_order("10", Some(10), Event::Text("halo".into()))
                .await
                .is_ok()
        );
        assert!(
            c.send_in_order("11", Some(11), Event::Text("halo".into()))
                .await
                .is_ok()
        );
        assert!(
            c.send_in_order("12", Some(12), Event::Text("halo".into()))
                .await
                .is_ok()
        );
        // A mark older than the wait lapses: the platform has given the message up.
        let long_ago = Utc::now() - pandu::store::BEHIND_WAIT - chrono::Duration::seconds(1);
        f.db.hold_back(&c.chat, 15, long_ago).await.unwrap();
        assert!(
            c.send_in_order("16", Some(16), Event::Text("halo".into()))
                .await
                .is_ok(),
            "{backend:?}"
        );
        assert!(
            c.send_in_order("17", Some(17), Event::Text("halo".into()))
                .await
                .is_ok(),
            "{backend:?}"
        );
    }
}

/// Delivery workers of several processes: each learns its share from the heartbeats, a worker
/// that stops beating loses its share after the lease, and one that leaves loses it at once.
#[tokio::test]
async fn delivery_workers_share_the_chats_by_heartbeat() {
    for backend in BOTH {
        let f = fresh(backend).await;
        let lease = chrono::Duration::seconds(LEASE_SECONDS);
        let t0 = Utc::now();
        let a = f.db.heartbeat("test", "w-a", t0, lease).await.unwrap();
        assert_eq!(a, Share::ALL, "{backend:?}");
        let b = f.db.heartbeat("test", "w-b", t0, lease).await.unwrap();
        assert_eq!(b, Share { rank: 1, of: 2 }, "{backend:?}");
        let a = f.db.heartbeat("test", "w-a", t0, lease).await.unwrap();
        assert_eq!(a, Share { rank: 0, of: 2 }, "{backend:?}");
        // Another channel's workers are counted apart.
        let other = f.db.heartbeat("other", "w-c", t0, lease).await.unwrap();
        assert_eq!(other, Share::ALL, "{backend:?}");
        // w-a stops beating: after the lease, w-b has every chat.
        let t1 = t0 + lease + chrono::Duration::seconds(1);
        let b = f.db.heartbeat("test", "w-b", t1, lease).await.unwrap();
        assert_eq!(b, Share::ALL, "{backend:?}");
        // w-a comes back, then leaves.
        f.db.heartbeat("test", "w-a", t1, lease).await.unwrap();
        assert_eq!(
            f.db.heartbeat("test", "w-b", t1, lease).await.unwrap().of,
            2
        );
        f.db.leave("test", "w-a").await.unwrap();
        assert_eq!(
            f.db.heartbeat("test", "w-b", t1, lease).await.unwrap(),
            Share::ALL
        );
    }
}

/// Two workers' shares of the due replies cover every chat once, and an agents' group's topics
/// go to the same worker as the group.
#[tokio::test]
async fn shares_split_the_due_replies_without_overlap() {
    let f = fresh(Backend::Postgres).await;
    let mut chats = Vec::new();
    for i in 0..40 {
        let mut c = Client::new(f.db.clone(), &format!("{}", 7000 + i));
        c.send_in_order(&format!("s{i}"), None, Event::Text("halo".into()))
            .await
            .unwrap();
        chats.push(c.chat.chat_id.clone());
    }
    // Replies for topics of one agents' group.
    for t in 0..5 {
        let mut c = Client::new(f.db.clone(), &format!("-100777:{t}"));
        c.send_in_order(&format!("t{t}"), None, Event::Text("halo".into()))
            .await
            .unwrap();
    }
    let now = Utc::now() + chrono::Duration::seconds(1);
    let all =
        f.db.due_outbox("test", now, 1000, Share::ALL)
            .await
            .unwrap();
    let mut seen = std::collections::HashMap::new();
    for rank in 0..2 {
        for item in
            f.db.due_outbox("test", now, 1000, Share { rank, of: 2 })
                .await
                .unwrap()
        {
            assert!(
                seen.insert(item.id, rank).is_none(),
                "reply {} in both shares",
                item.id
            );
        }
    }
    assert_eq!(seen.len(), all.len());
    assert!(seen.values().any(|r| *r == 0) && seen.values().any(|r| *r == 1));
    let topic_ranks: std::collections::HashSet<_> = all
        .iter()
        .filter(|i| i.chat.chat_id.starts_with("-100777:"))
        .map(|i| seen[&i.id])
        .collect();
    assert_eq!(topic_ranks.len(), 1, "one group's topics in one share");
}

/// A worker that delivered a chat's reply claims the chat's next one directly: only the
/// oldest undelivered, only when due and unclaimed.
#[tokio::test]
async fn the_next_reply_of_a_chat_is_claimed_in_order() {
    for backend in BOTH {
        let f = fresh(backend).await;
        let mut c = Client::new(f.db.clone(), "u-next");
        for (i, text) in ["/start", "1", "2"].iter().enumerate() {
            c.send_in_order(&format!("n{i}"), None, Event::Text((*text).into()))
                .await
                .unwrap();
        }
        let rows = f.db.outbox_of(&c.chat).await.unwrap();
        assert!(rows.len() >= 3, "{backend:?}");
        let now = Utc::now() + chrono::Duration::seconds(1);
        let first =
            f.db.claim_next(&c.chat, now, &claim("a", now))
                .await
                .unwrap();
        assert_eq!(
            first.as_ref().map(|r| r.id),
            Some(rows[0].id),
            "{backend:?}"
        );
        assert_eq!(
            first.unwrap().attempts,
            0,
            "{backend:?}: attempts as before the claim"
        );
        // The oldest is under way: nothing else of the chat may go.
        assert!(
            f.db.claim_next(&c.chat, now, &claim("b", now))
                .await
                .unwrap()
                .is_none()
        );
        f.db.delivered_many(&[Delivered {
            id: rows[0].id,
            parts_done: 1,
            platform_id: None,
            at: now,
        }])
        .await
        .unwrap();
        // Postponed: not yet.
        f.db.retry_later(rows[1].id, now + chrono::Duration::seconds(5), "502")
            .await
            .unwrap();
        assert!(
            f.db.claim_next(&c.chat, now, &claim("a", now))
                .await
                .unwrap()
                .is_none()
        );
        let later = now + chrono::Duration::seconds(6);
        let second =
            f.db.claim_next(&c.chat, later, &claim("a", later))
                .await
                .unwrap();
        assert_eq!(second.map(|r| r.id), Some(rows[1].id), "{backend:?}");
    }
}

/// A KYC complaint with a NIK and two screenshots, submitted.
async fn file_complaint(c: &mut Client) -> pandu::store::StoredCase {
    walk_to_patient_nik(c).await;
    c.say("3374015708900002").await;
    c.say("siti@example.id").await;
    c.image("portal.jpg").await;
    c.image("profil.jpg").await;
    c.say("1").await;
    let mut cases = c.bot.db.cases_of(&c.chat).await.unwrap();
    assert_eq!(cases.len(), 1);
    cases.remove(0)
}

/// A supervisor resolves case `reference` at `at`.
async fn resolve(db: &Db, reference: &str, at: chrono::DateTime<Utc>) {
    use pandu::dialog::{CaseSummary, Conversation, Outcome};
    use pandu::store::{Actor, CaseAction, DeskResult, DeskStore, InboundRecord, Role};
    let rec = InboundRecord {
        chat: ChatKey {
            channel: "test".into(),
            chat_id: "-1009:1".into(),
        },
        message_id: format!("resolve-{reference}"),
        received_at: at,
        pressed_message: None,
        sequence: None,
    };
    let actor = Actor {
        user_id: "9001".into(),
        name: "Penyelia Uji".into(),
        role: Role::Supervisor,
    };
    type UserStep = fn(Option<Conversation>, Vec<CaseSummary>, bool) -> Outcome;
    let no_step: Option<UserStep> = None;
    let r = db
        .act(
            &rec,
            reference,
            &actor,
            &CaseAction::Resolve,
            "",
            no_step,
            |_| Vec::new(),
        )
        .await
        .unwrap();
    assert!(matches!(r, DeskResult::Done(_)), "{r:?}");
}

/// Retention, travelling in time: a resolved case loses its NIK and screenshots after 30 days
/// (names stay), everything that names the user after a year; an open case keeps everything.
#[tokio::test]
async fn retention_removes_what_the_policy_says_and_nothing_of_open_cases() {
    use pandu::retention::{Policy, Report, apply};
    const NIK: &str = "3374015708900002";
    for backend in BOTH {
        let f = fresh(backend).await;
        let mut done = Client::new(f.db.clone(), "u-ret-done");
        let mut open = Client::new(f.db.clone(), "u-ret-open");
        open.n = 1000; // message ids apart from the other client's
        let done_case = file_complaint(&mut done).await;
        let open_case = file_complaint(&mut open).await;
        let open_before = serde_json::to_string(&open_case).unwrap();
        let open_outbox = |db: Db, chat: ChatKey| async move {
            let rows = db.outbox_of(&chat).await.unwrap();
            rows.iter()
                .map(|r| r.reply.text.clone())
                .collect::<Vec<_>>()
        };
        let open_replies = open_outbox(f.db.clone(), open.chat.clone()).await;
        assert!(
            open_replies.iter().any(|t| t.contains(NIK)),
            "the summary repeats the NIK"
        );
        // Both cases are found by the NIK's keyed hash.
        use pandu::store::DeskStore;
        let by_nik = |db: Db| async move {
            let mut refs: Vec<String> = db
                .cases_with_identifier("nik", NIK)
                .await
                .unwrap()
                .into_iter()
                .map(|c| c.reference)
                .collect();
            refs.sort();
            refs
        };
        let mut both = vec![done_case.reference.clone(), open_case.reference.clone()];
        both.sort();
        assert_eq!(by_nik(f.db.clone()).await, both, "{backend:?}");
        let t0 = Utc::now();
        resolve(&f.db, &done_case.reference, t0).await;
        let policy = Policy::default();
        let day = chrono::Duration::days(1);

        // A day later nothing is due.
        let r = apply(&f.db, &policy, t0 + day).await.unwrap();
        assert_eq!(r, Report::default(), "{backend:?}");

        // After 30 days: the resolved case's identifiers and screenshots go.
        let r = apply(&f.db, &policy, t0 + day * 31).await.unwrap();
        assert_eq!(
            r,
            Report {
                scrubbed: 1,
                anonymised: 0
            },
            "{backend:?}"
        );
        // Its NIK no longer finds it; the open case's still does.
        assert_eq!(
            by_nik(f.db.clone()).await,
            vec![open_case.reference.clone()],
            "{backend:?}"
        );
        let c = f.db.case(&done_case.reference).await.unwrap().unwrap();
        let stored = serde_json::to_string(&c).unwrap();
        assert!(!stored.contains(NIK), "{backend:?}: {stored}");
        assert!(c.attachments.is_empty(), "{backend:?}");
        assert!(
            !c.fields.iter().any(|(l, _)| l.contains("NIK")),
            "{backend:?}"
        );
        assert!(
            stored.contains("Budi Santoso"),
            "{backend:?}: names stay for now"
        );
        for row in f.db.outbox_of(&done.chat).await.unwrap() {
            assert!(
                !row.reply.text.contains(NIK),
                "{backend:?}: {}",
                row.reply.text
            );
        }
        let conv = f.db.conversation(&done.chat).await.unwrap().unwrap();
        assert!(
            !serde_json::to_string(&conv).unwrap().contains(NIK),
            "{backend:?}"
        );
        // The open case and its chat are untouched.
        let open_now = f.db.case(&open_case.reference).await.unwrap().unwrap();
        assert_eq!(
            serde_json::to_string(&open_now).unwrap(),
            open_before,
            "{backend:?}"
        );
        assert_eq!(
            open_outbox(f.db.clone(), open.chat.clone()).await,
            open_replies
        );
        // Once done, done.
        let r = apply(&f.db, &policy, t0 + day * 32).await.unwrap();
        assert_eq!(r, Report::default(), "{backend:?}");

        // After a year: anonymised; the user's idle conversation, replies and ids go.
        let r = apply(&f.db, &policy, t0 + day * 366).await.unwrap();
        assert_eq!(
            r,
            Report {
                scrubbed: 0,
                anonymised: 1
            },
            "{backend:?}"
        );
        let c = f.db.case(&done_case.reference).await.unwrap().unwrap();
        assert!(c.fields.is_empty() && c.summary.is_empty() && c.transcript.is_empty());
        assert_eq!(c.chat_id, "", "{backend:?}");
        assert_eq!(
            c.status,
            CaseStatus::Resolved,
            "{backend:?}: kept for statistics"
        );
        assert!(
            f.db.conversation(&done.chat).await.unwrap().is_none(),
            "{backend:?}"
        );
        assert!(
            f.db.outbox_of(&done.chat).await.unwrap().is_empty(),
            "{backend:?}"
        );
        let open_now = f.db.case(&open_case.reference).await.unwrap().unwrap();
        assert_eq!(
            serde_json::to_string(&open_now).unwrap(),
            open_before,
            "{backend:?}"
        );
        assert!(
            f.db.conversation(&open.chat).await.unwrap().is_some(),
            "{backend:?}"
        );
        assert_eq!(
            open_outbox(f.db.clone(), open.chat.clone()).await,
            open_replies
        );
    }
}

/// The audit log is append-only: the database itself refuses to change or delete its rows.
#[tokio::test]
async fn the_audit_log_cannot_be_changed_or_deleted() {
    use pandu::store::DeskStore;
    for backend in BOTH {
        let f = fresh(backend).await;
        f.db.audit(
            "600100",
            "reveal_nik",
            Some("KYC-1"),
            "reason: check",
            Utc::now(),
        )
        .await
        .unwrap();
        let statements = [
            "UPDATE audit_log SET detail = 'nothing happened'",
            "DELETE FROM audit_log",
        ];
        for sql in statements {
            let refused = common::db::execute_raw(backend, &f.url, sql).await.err();
            let e = refused.unwrap_or_else(|| panic!("{backend:?}: {sql} was allowed"));
            assert!(e.to_string().contains("append-only"), "{backend:?}: {e}");
        }
        let log = f.db.audit_log().await.unwrap();
        assert_eq!(log.len(), 1, "{backend:?}");
        assert_eq!(log[0].detail, "reason: check");
    }
}

/// A WhatsApp number is known by a pseudonym, sealed and hashed; after `reseal` under a new key
/// (and with the old key gone) the same number finds the same chat, and its address opens.
#[tokio::test]
async fn contacts_keep_their_pseudonym_across_a_key_rotation() {
    use pandu::vault::Vault;
    use std::sync::Arc;
    const NEW: &str = "rot2:IB8eHRwbGhkYFxYVFBMSERAPDg0MCwoJCAcGBQQDAgE=";
    for backend in BOTH {
        let f = fresh(backend).await;
        let chat = f.db.contact("whatsapp", "628123450099").await.unwrap();
        assert!(
            chat.starts_with('p') && !chat.contains("8123450099"),
            "{chat}"
        );
        assert_eq!(
            f.db.contact("whatsapp", "628123450099").await.unwrap(),
            chat
        );
        let other = f.db.contact("whatsapp", "628123450098").await.unwrap();
        assert_ne!(other, chat);
        let both = format!("{NEW},{}", common::db::TEST_KEYS);
        let rotating = Db::connect(&f.url, Arc::new(Vault::parse(&both).unwrap()))
            .await
            .unwrap();
        let done = rotating.reseal().await.unwrap();
        assert!(done.values >= 2, "{backend:?}: {done:?}");
        let counts = rotating.sealed_counts().await.unwrap();
        assert!(
            counts.iter().all(|c| c.key == "rot2"),
            "{backend:?}: {counts:?}"
        );
        let new_only = Db::connect(&f.url, Arc::new(Vault::parse(NEW).unwrap()))
            .await
            .unwrap();
        assert_eq!(
            new_only.contact("whatsapp", "628123450099").await.unwrap(),
            chat
        );
        assert_eq!(
            new_only
                .address_of("whatsapp", &chat)
                .await
                .unwrap()
                .as_deref(),
            Some("628123450099")
        );
        assert_eq!(new_only.address_of("whatsapp", "p0").await.unwrap(), None);
    }
}

/// WhatsApp chats stored before pseudonyms (keyed by the user's number, wamids as they came)
/// move to a pseudonym at the next start: the conversation, replies and message ids follow,
/// and the number is no longer in the database.
#[tokio::test]
async fn whatsapp_chats_keyed_by_number_move_to_pseudonyms() {
    use pandu::whatsapp::message_key;
    const NUMBER: &str = "628123450077";
    for backend in BOTH {
        let f = fresh(backend).await;
        let bot = Bot::new(f.db.clone(), common::defs());
        let legacy = ChatKey {
            channel: "whatsapp".into(),
            chat_id: NUMBER.into(),
        };
        for (i, text) in ["/start", "/kyc"].iter().enumerate() {
            bot.handle(Incoming {
                chat: legacy.clone(),
                message_id: format!("wamid.HBgM{NUMBER}{i}"),
                event: Event::Text(text.to_string()),
                lang_hint: None,
                pressed_message: None,
                sequence: None,
                at: Utc::now(),
            })
            .await
            .unwrap();
        }
        let rows = f.db.outbox_of(&legacy).await.unwrap();
        let sent_wamid = format!("wamid.HBgM{NUMBER}out");
        f.db.delivered_many(&[Delivered {
            id: rows[0].id,
            parts_done: 1,
            platform_id: Some(sent_wamid.clone()),
            at: Utc::now(),
        }])
        .await
        .unwrap();
        let step = f.db.conversation(&legacy).await.unwrap().unwrap().active;
        // The database as it was before this version started on it.
        common::db::execute_raw(backend, &f.url, "DELETE FROM data_upgrades")
            .await
            .unwrap();
        f.db.migrate().await.unwrap();

        let chat = common::whatsapp::chat(&f.db, NUMBER).await;
        assert_ne!(chat.chat_id, NUMBER);
        assert!(f.db.conversation(&legacy).await.unwrap().is_none());
        let moved = f.db.conversation(&chat).await.unwrap().unwrap();
        assert_eq!(moved.active, step, "{backend:?}");
        let after = f.db.outbox_of(&chat).await.unwrap();
        assert_eq!(after.len(), rows.len(), "{backend:?}");
        assert_eq!(after[0].platform_id, Some(message_key(&sent_wamid)));
        assert!(
            f.db.seen("whatsapp", &message_key(&format!("wamid.HBgM{NUMBER}1")))
                .await
                .unwrap()
        );
        let found = common::db::plaintext_at_rest(backend, &f.url, &["8123450077"]).await;
        assert!(found.is_empty(), "{backend:?}: {found:?}");
        // Once only.
        f.db.migrate().await.unwrap();
        assert_eq!(common::whatsapp::chat(&f.db, NUMBER).await, chat);
    }
}

/// A reply whose stored text cannot be opened (damaged) is given up, so that the chat's later
/// replies still go; the other chats are not held up either.
#[tokio::test]
async fn a_damaged_reply_is_given_up_and_holds_nothing_back() {
    for backend in BOTH {
        let f = fresh(backend).await;
        let mut a = Client::new(f.db.clone(), "u-damaged");
        let mut b = Client::new(f.db.clone(), "u-fine");
        b.n = 100;
        for c in [&mut a, &mut b] {
            c.n += 1;
            let id = format!("m{}", c.n);
            c.send_in_order(&id, None, Event::Text("/start".into()))
                .await
                .unwrap();
        }
        let rows = f.db.outbox_of(&a.chat).await.unwrap();
        let damaged = rows[0].id;
        let sql = format!(
            "UPDATE outbox SET payload = 'pandu1:test1:{}' WHERE id = {damaged}",
            "A".repeat(44)
        );
        common::db::execute_raw(backend, &f.url, &sql)
            .await
            .unwrap();
        let due =
            f.db.due_outbox("test", Utc::now(), 10, Share::ALL)
                .await
                .unwrap();
        assert!(due.iter().all(|d| d.id != damaged), "{backend:?}");
        assert!(due.iter().any(|d| d.chat == b.chat), "{backend:?}");
        let after = f.db.outbox_of(&b.chat).await.unwrap();
        assert!(!after.is_empty());
        // outbox_of reads every row of the chat: the damaged one is reported, not hidden.
        assert!(f.db.outbox_of(&a.chat).await.is_err());
        let due =
            f.db.due_outbox("test", Utc::now(), 10, Share::ALL)
                .await
                .unwrap();
        assert!(due.iter().all(|d| d.id != damaged), "{backend:?}");
    }
}

/// Cases stored before the NIK lookups existed are found by NIK after the next start.
#[tokio::test]
async fn earlier_cases_get_their_nik_lookups_at_start() {
    use pandu::store::DeskStore;
    for backend in BOTH {
        let f = fresh(backend).await;
        let mut c = Client::new(f.db.clone(), "u-earlier");
        let case = file_complaint(&mut c).await;
        for sql in ["DELETE FROM case_lookups", "DELETE FROM data_upgrades"] {
            common::db::execute_raw(backend, &f.url, sql).await.unwrap();
        }
        let found =
            f.db.cases_with_identifier("nik", "3374015708900002")
                .await
                .unwrap();
        assert!(found.is_empty(), "{backend:?}");
        f.db.migrate().await.unwrap();
        let found =
            f.db.cases_with_identifier("nik", "3374015708900002")
                .await
                .unwrap();
        assert_eq!(found.len(), 1, "{backend:?}");
        assert_eq!(found[0].reference, case.reference);
    }
}
