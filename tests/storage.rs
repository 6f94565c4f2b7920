//! The real store on SQLite and PostgreSQL: one transaction per message, dedupe, restart, cases.

mod common;

use chrono::Utc;
use common::db::{BOTH, Backend, fresh};
use pandu::dialog::Event;
use pandu::dialog::model::{CaseStatus, FileInfo, FileKind, FileType, Queue, Reply};
use pandu::service::{Bot, Incoming};
use pandu::store::{ChatKey, Db, Processed, Store};

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
        let p = self
            .bot
            .handle(Incoming {
                chat: self.chat.clone(),
                message_id: id.into(),
                event,
                lang_hint: None,
                pressed_message: None,
                at: Utc::now(),
            })
            .await
            .unwrap();
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
        let db2 = Db::connect(&f.url).await.unwrap();
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
                    at: Utc::now(),
                })
                .await
                .unwrap();
        }
        let rows = f.db.outbox_of(&c.chat).await.unwrap();
        assert_eq!(rows.len(), 3, "{backend:?}");
        let now = Utc::now();
        let due = f.db.due_outbox("test", now, 10).await.unwrap();
        assert_eq!(
            due.iter().map(|r| r.id).collect::<Vec<_>>(),
            vec![rows[0].id]
        );
        // Claimed: not due, and a second claim of the same row fails.
        assert!(f.db.begin_attempt(rows[0].id, 0, now).await.unwrap());
        assert!(!f.db.begin_attempt(rows[0].id, 0, now).await.unwrap());
        assert!(f.db.due_outbox("test", now, 10).await.unwrap().is_empty());
        // Postponed after a temporary error: a claim from a stale read before the time fails.
        let later = now + chrono::Duration::seconds(5);
        f.db.retry_later(rows[0].id, later, "502").await.unwrap();
        assert!(!f.db.begin_attempt(rows[0].id, 0, now).await.unwrap());
        assert!(f.db.due_outbox("test", now, 10).await.unwrap().is_empty());
        assert_eq!(f.db.due_outbox("test", later, 10).await.unwrap().len(), 1);
        // A claim with the wrong number of delivered parts fails.
        assert!(!f.db.begin_attempt(rows[0].id, 1, later).await.unwrap());
        assert!(f.db.begin_attempt(rows[0].id, 0, later).await.unwrap());
        f.db.part_delivered(rows[0].id, 1, Some("41"), true, later)
            .await
            .unwrap();
        let due = f.db.due_outbox("test", later, 10).await.unwrap();
        assert_eq!(
            due.iter().map(|r| r.id).collect::<Vec<_>>(),
            vec![rows[1].id]
        );
        // A crash while the second was under way: it is due again, counted as uncertain.
        assert!(f.db.begin_attempt(rows[1].id, 0, later).await.unwrap());
        assert_eq!(f.db.recover_in_flight("test").await.unwrap(), 1);
        let due = f.db.due_outbox("test", later, 10).await.unwrap();
        assert_eq!(due[0].id, rows[1].id);
        assert_eq!(due[0].uncertain_resends, 1);
        // Refused as blocked while a newer reply waits (the user wrote again): only the refused
        // one is dropped and the chat stays reachable.
        f.db.mark_unreachable(&c.chat, rows[1].id, later)
            .await
            .unwrap();
        assert!(!f.db.is_unreachable(&c.chat).await.unwrap());
        let due = f.db.due_outbox("test", later, 10).await.unwrap();
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
