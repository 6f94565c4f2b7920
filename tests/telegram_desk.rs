//! The agents' desk in Telegram forum groups, end to end through the fake Bot API, on SQLite
//! and PostgreSQL: a KYC complaint becomes a case topic; agents claim, talk, note and resolve;
//! the user answers and rates; outsiders are refused.

mod common;

use std::time::Duration;

use common::db::{BOTH, Backend};
use common::fake_telegram::{FakeMessage, FakeUser};
use common::telegram::{App, WAIT, committed, jpeg};
use pandu::dialog::model::Queue;
use pandu::store::{DeskStore, Store};

const GROUP: i64 = -100_100_200_300;
const ADMIN: i64 = 600_100;
const RINA: i64 = 600_200;
const BUDI: i64 = 600_300;
const USER: i64 = 7_801;

/// Pushes an update, waits for its commit and for the user's outbox to drain; returns the
/// texts of the user's new bot messages.
async fn user_act(app: &App, push: impl FnOnce() -> i64) -> String {
    let before = app.fake.bot_messages(USER).len();
    let id = push();
    committed(app, id).await;
    app.settled(USER).await;
    app.fake.bot_messages(USER)[before..]
        .iter()
        .filter_map(|m| m.text.clone())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Waits until the topic shows a bot message containing `needle`.
async fn topic_shows(app: &App, thread: i64, needle: &str) -> FakeMessage {
    let found = app
        .fake
        .wait_until(
            |f| {
                f.thread_messages(GROUP, thread)
                    .iter()
                    .any(|m| m.from_bot && m.text.as_deref().is_some_and(|t| t.contains(needle)))
            },
            WAIT,
        )
        .await;
    let msgs = app.fake.thread_messages(GROUP, thread);
    assert!(
        found,
        "topic never showed {needle:?}: {:#?}",
        msgs.iter().map(|m| &m.text).collect::<Vec<_>>()
    );
    msgs.into_iter()
        .rev()
        .find(|m| m.from_bot && m.text.as_deref().is_some_and(|t| t.contains(needle)))
        .unwrap()
}

async fn complaint(app: &App, u: &FakeUser) -> String {
    for step in ["/start kyc"] {
        user_act(app, || u.text(step)).await;
    }
    for label in ["Pop-up belum berhasil", "4 kali", "aduan", "Setuju"] {
        user_act(app, || u.press(label)).await;
    }
    for text in common::KYC_FORM {
        user_act(app, || u.text(text)).await;
    }
    user_act(app, || u.photo(jpeg(50_000))).await;
    user_act(app, || u.photo(jpeg(40_000))).await;
    let t = user_act(app, || u.press("Kirim aduan")).await;
    let cases = app
        .db()
        .cases_of(&common::telegram::chat(USER))
        .await
        .unwrap();
    assert_eq!(cases.len(), 1, "{t}");
    cases[0].reference.clone()
}

async fn desk_walk(backend: Backend) {
    let app = App::start_with(backend, |c| {
        c.desk_admins = vec![ADMIN.to_string()];
        c.desk_groups = vec![(Queue::Kyc, GROUP.to_string())];
        c.desk_interval = Duration::from_millis(100);
    })
    .await;
    let fake = app.fake.clone();
    fake.forum(GROUP, "Helpdesk KYC");
    // The admin registers two agents from the group.
    let admin = fake
        .user(ADMIN, "id")
        .named("Admin", None)
        .in_forum(GROUP, None);
    for cmd in [
        format!("/petugas_tambah {RINA} agent Rina Agen"),
        format!("/petugas_tambah {BUDI} agent Budi Agen"),
    ] {
        let id = admin.text(&cmd);
        committed(&app, id).await;
    }
    assert_eq!(
        app.db()
            .agent("telegram", &RINA.to_string())
            .await
            .unwrap()
            .unwrap()
            .name,
        "Rina Agen"
    );

    let u = fake.user(USER, "id");
    let reference = complaint(&app, &u).await;

    // The case gets its topic, named with its reference, with the fields (NIK masked), the
    // two screenshots and the transcript.
    assert!(
        fake.wait_until(
            |f| f.topics(GROUP).iter().any(|t| t.name.contains(&reference)),
            WAIT
        )
        .await
    );
    let thread = fake
        .topics(GROUP)
        .into_iter()
        .find(|t| t.name.contains(&reference))
        .unwrap()
        .thread_id;
    let first = topic_shows(&app, thread, &reference).await;
    let text = first.text.clone().unwrap();
    assert!(text.contains("3374********0002"), "{text}");
    assert!(!text.contains("3374015708900002"), "{text}");
    // Phone numbers and emails are masked too, wherever they appear (fields, summary,
    // transcript).
    assert!(
        text.contains("08*******890")
            && text.contains("u***@p***.id")
            && text.contains("s***@e***.id"),
        "{text}"
    );
    for plain in ["3456-7890", "81234567890", "uji@puskesmas", "siti@example"] {
        assert!(!text.contains(plain), "{plain} in {text}");
    }
    assert!(text.contains("Nama pelapor: Uji Coba"), "{text}");
    assert!(text.contains("Kanal pengguna: Telegram"), "{text}");
    assert!(
        fake.wait_until(
            |f| f
                .thread_messages(GROUP, thread)
                .iter()
                .filter(|m| m.from_bot && m.file.is_some())
                .count()
                == 2,
            WAIT
        )
        .await
    );

    // The user is told the case reached the team, with the expected answer time or when the
    // desk opens.
    assert!(
        fake.wait_until(
            |f| f
                .bot_texts(USER)
                .iter()
                .any(|t| t.contains("sudah diterima tim")),
            WAIT
        )
        .await
    );
    app.settled(USER).await;
    let rina = fake
        .user(RINA, "id")
        .named("Rina", Some("Wulandari"))
        .in_forum(GROUP, Some(thread));
    let budi = fake
        .user(BUDI, "id")
        .named("Budi", None)
        .in_forum(GROUP, Some(thread));
    let outsider = fake
        .user(600_999, "id")
        .named("Orang", Some("Luar"))
        .in_forum(GROUP, Some(thread));

    // Rina claims: the user hears an agent joined.
    let t = user_act(&app, || rina.text("/ambil")).await;
    assert!(t.contains("Rina Agen") && t.contains(&reference), "{t}");
    topic_shows(&app, thread, "Rina Agen menangani").await;
    // Budi cannot take it.
    let id = budi.text("/ambil");
    committed(&app, id).await;
    topic_shows(&app, thread, "sedang ditangani Rina Agen").await;
    // A supervisor stores a canned reply in both languages; Rina sends it in the user's.
    let id = admin
        .text("/template_simpan kyc id ulang Silakan ulangi verifikasi dengan kode akses baru.");
    committed(&app, id).await;
    let id = admin.text(
        "/template_simpan kyc en ulang Please repeat the verification with a new access code.",
    );
    committed(&app, id).await;
    let t = user_act(&app, || rina.text("/template ulang")).await;
    assert_eq!(
        t,
        "👤 Rina Agen: Silakan ulangi verifikasi dengan kode akses baru."
    );
    // Only a supervisor sees the NIK unmasked, privately, and it is audited.
    let id = rina.text("/lihatnik");
    committed(&app, id).await;
    topic_shows(&app, thread, "Hanya supervisor").await;
    user_act(&app, || fake.user(ADMIN, "id").text("/start")).await;
    let admin_in_topic = fake
        .user(ADMIN, "id")
        .named("Admin", None)
        .in_forum(GROUP, Some(thread));
    // Asked why first; nothing is shown without a reason.
    let id = admin_in_topic.text("/lihatnik");
    committed(&app, id).await;
    topic_shows(&app, thread, "Tuliskan alasan").await;
    assert!(
        !fake
            .bot_texts(ADMIN)
            .iter()
            .any(|t| t.contains("3374015708900002"))
    );
    let id = admin_in_topic.text("/lihatnik verifikasi ulang ke Dukcapil");
    committed(&app, id).await;
    topic_shows(&app, thread, "melihat data pribadi kasus ini").await;
    assert!(
        fake.wait_until(
            |f| f
                .bot_texts(ADMIN)
                .iter()
                .any(|t| t.contains("3374015708900002")
                    && t.contains("siti@example.id")
                    && t.contains("uji@puskesmas.example.id")),
            WAIT
        )
        .await,
        "{:?}",
        fake.bot_texts(ADMIN)
    );
    assert!(!fake.thread_messages(GROUP, thread).iter().any(|m| {
        m.text
            .as_deref()
            .is_some_and(|t| t.contains("3374015708900002"))
    }));
    let audit = app.db().audit_log().await.unwrap();
    assert!(audit.iter().any(|e| e.action == "reveal_nik"
        && e.reference.as_deref() == Some(reference.as_str())
        && e.actor == ADMIN.to_string()
        && e.detail.contains("verifikasi ulang ke Dukcapil")));
    // The admin exports the audit log of these days as CSV; an agent may not.
    let today = chrono::Utc::now().date_naive();
    let (first, last) = (today.pred_opt().unwrap(), today.succ_opt().unwrap());
    let id = admin.text(&format!("/audit {first} {last}"));
    committed(&app, id).await;
    let csv_name = format!("audit-{first}-{last}.csv");
    assert!(
        fake.wait_until(
            |f| f
                .general_messages(GROUP)
                .iter()
                .any(|m| m.document_name() == Some(csv_name.as_str())),
            WAIT
        )
        .await
    );
    let doc = fake
        .general_messages(GROUP)
        .into_iter()
        .find(|m| m.document_name() == Some(csv_name.as_str()))
        .unwrap();
    let csv = String::from_utf8(doc.file.unwrap().bytes).unwrap();
    assert!(
        csv.starts_with("time_wib,actor,action,case,detail\n"),
        "{csv}"
    );
    assert!(
        csv.lines().any(|l| l.contains("reveal_nik")
            && l.contains(&reference)
            && l.contains(&ADMIN.to_string())),
        "{csv}"
    );
    assert!(
        !csv.contains("3374015708900002"),
        "no NIK in the audit log: {csv}"
    );
    let rina_general = fake.user(RINA, "id").in_forum(GROUP, None);
    let id = rina_general.text(&format!("/audit {first} {last}"));
    committed(&app, id).await;
    let exported = app.db().audit_log().await.unwrap();
    assert!(
        exported
            .iter()
            .any(|e| e.action == "audit_export" && e.actor == ADMIN.to_string())
    );
    assert_eq!(
        fake.general_messages(GROUP)
            .iter()
            .filter(|m| m.document_name().is_some_and(|n| n.starts_with("audit-")))
            .count(),
        1,
        "an agent gets no export"
    );
    // Rina asks; the user gets it with her name.
    let t = user_act(&app, || rina.text("Boleh kirim foto layar pop-up terbaru?")).await;
    assert_eq!(t, "👤 Rina Agen: Boleh kirim foto layar pop-up terbaru?");
    // An internal note and an outsider's message never reach the user.
    let before = fake.bot_messages(USER).len();
    let id = rina.text("/catatan cek dulu log server");
    committed(&app, id).await;
    topic_shows(&app, thread, "Catatan internal disimpan").await;
    let id = outsider.text("halo, saya mau bantu");
    committed(&app, id).await;
    topic_shows(&app, thread, "belum terdaftar sebagai petugas").await;
    let id = outsider.text("/selesai");
    committed(&app, id).await;
    app.settled(USER).await;
    assert_eq!(fake.bot_messages(USER).len(), before);
    // Both attempts are logged; the outsider is told once, not at every message.
    let told = |f: &common::fake_telegram::FakeTelegram| {
        f.thread_messages(GROUP, thread)
            .iter()
            .filter(|m| {
                m.text
                    .as_deref()
                    .is_some_and(|t| t.contains("belum terdaftar"))
            })
            .count()
    };
    let id = rina.text("/tunggu");
    committed(&app, id).await;
    topic_shows(&app, thread, "Menunggu jawaban pengguna").await;
    // The user has been told the agent waits for them.
    app.settled(USER).await;
    assert_eq!(told(&fake), 1);
    let refused = app.db().audit_log().await.unwrap();
    assert!(refused.iter().filter(|e| e.action == "refused").count() >= 2);
    // The user answers with a photo: it appears in the topic; no bot prompt for the user.
    let t = user_act(&app, || u.photo(jpeg(30_000))).await;
    assert_eq!(t, "");
    assert!(
        fake.wait_until(
            |f| f
                .thread_messages(GROUP, thread)
                .iter()
                .filter(|m| m.from_bot && m.file.is_some())
                .count()
                == 3,
            WAIT
        )
        .await
    );
    // An agent taken off the desk is refused like any outsider.
    let id = admin.text(&format!("/petugas_hapus {BUDI}"));
    committed(&app, id).await;
    let id = budi.text("/ambil");
    committed(&app, id).await;
    let refusals = app
        .db()
        .audit_log()
        .await
        .unwrap()
        .iter()
        .filter(|e| e.action == "refused" && e.actor == BUDI.to_string())
        .count();
    assert_eq!(refusals, 1);
    // A restart keeps the ownership and the relaying.
    let mut app = app;
    app.restart().await;
    let t = user_act(&app, || u.text("Sudah saya kirim fotonya")).await;
    assert_eq!(t, "");
    topic_shows(&app, thread, "Pengguna: Sudah saya kirim fotonya").await;
    // Rina resolves; the user rates.
    let t = user_act(&app, || rina.text("/selesai")).await;
    assert!(
        t.contains("selesai") && t.contains("1 (kurang) sampai 5"),
        "{t}"
    );
    user_act(&app, || u.press("5 ⭐")).await;
    let t = user_act(&app, || u.text("Cepat sekali, terima kasih")).await;
    assert!(t.contains("Terima kasih atas penilaian"), "{t}");
    let dc = app.db().desk_case(&reference).await.unwrap().unwrap();
    assert_eq!(
        dc.rating,
        Some((5, Some("Cepat sekali, terima kasih".into())))
    );
    assert_eq!(dc.owner_name.as_deref(), Some("Rina Agen"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kyc_complaint_is_handled_through_the_desk() {
    for b in BOTH {
        desk_walk(b).await;
    }
}

/// Two agents claim the same case at the same instant: exactly one wins.
async fn claim_race(backend: Backend) {
    use pandu::dialog::Event;
    use pandu::service::{Bot, Incoming};
    use pandu::store::{Actor, CaseAction, ChatKey, DeskResult, InboundRecord, Refusal, Role};
    let fresh = common::db::fresh(backend).await;
    let bot = Bot::new(fresh.db.clone(), common::defs());
    let chat = ChatKey {
        channel: "telegram".into(),
        chat_id: "7900".into(),
    };
    for (i, text) in ["/petugas", "Tolong bantu, pop-up terus muncul"]
        .iter()
        .enumerate()
    {
        bot.handle(Incoming {
            chat: chat.clone(),
            message_id: format!("r{i}"),
            event: Event::Text((*text).into()),
            lang_hint: None,
            at: chrono::Utc::now(),
            pressed_message: None,
            sequence: None,
        })
        .await
        .unwrap();
    }
    let reference = fresh.db.cases_of(&chat).await.unwrap()[0].reference.clone();
    for round in 0..5 {
        let claim = |who: &str, n: u32| {
            let db = fresh.db.clone();
            let defs = common::defs();
            let reference = reference.clone();
            let who = who.to_string();
            async move {
                let rec = InboundRecord {
                    chat: ChatKey {
                        channel: "telegram".into(),
                        chat_id: "-100".into(),
                    },
                    message_id: format!("claim-{round}-{n}"),
                    received_at: chrono::Utc::now(),
                    pressed_message: None,
                    sequence: None,
                };
                let actor = Actor {
                    user_id: who.clone(),
                    name: who.clone(),
                    role: Role::Agent,
                };
                let ev = pandu::dialog::model::DeskEvent::Claimed {
                    reference: reference.clone(),
                    agent: who,
                };
                let step = move |state: Option<pandu::dialog::Conversation>, open, _: bool| {
                    pandu::dialog::step(
                        &defs,
                        state.unwrap_or_default(),
                        &pandu::dialog::Inbound {
                            event: Event::Desk(ev),
                            now: chrono::Utc::now(),
                            open_cases: open,
                            nonce: 1,
                        },
                    )
                };
                db.act(
                    &rec,
                    &reference,
                    &actor,
                    &CaseAction::Claim,
                    "",
                    Some(step),
                    |_| Vec::new(),
                )
                .await
                .unwrap()
            }
        };
        let (a, b) = tokio::join!(
            tokio::spawn(claim("rina", 1)),
            tokio::spawn(claim("budi", 2))
        );
        let results = [a.unwrap(), b.unwrap()];
        let won = results
            .iter()
            .filter(|r| matches!(r, DeskResult::Done(_)))
            .count();
        let lost = results
            .iter()
            .filter(|r| matches!(r, DeskResult::Refused(Refusal::OwnedBy(_))))
            .count();
        assert_eq!(
            (won, lost),
            (1, 1),
            "{backend:?} round {round}: {results:?}"
        );
        // Release for the next round, by the winner.
        let owner = app_owner(&fresh.db, &reference).await;
        let rec = InboundRecord {
            chat: ChatKey {
                channel: "telegram".into(),
                chat_id: "-100".into(),
            },
            message_id: format!("release-{round}"),
            received_at: chrono::Utc::now(),
            pressed_message: None,
            sequence: None,
        };
        let actor = Actor {
            user_id: owner.clone(),
            name: owner,
            role: Role::Agent,
        };
        let none: Option<StepFn> = None;
        fresh
            .db
            .act(
                &rec,
                &reference,
                &actor,
                &CaseAction::Release,
                "",
                none,
                |_| Vec::new(),
            )
            .await
            .unwrap();
    }
}

type StepFn = fn(
    Option<pandu::dialog::Conversation>,
    Vec<pandu::dialog::CaseSummary>,
    bool,
) -> pandu::dialog::Outcome;

async fn app_owner(db: &pandu::store::Db, reference: &str) -> String {
    db.desk_case(reference)
        .await
        .unwrap()
        .unwrap()
        .owner
        .expect("an owner")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_agents_claiming_at_once_exactly_one_wins() {
    for b in BOTH {
        claim_race(b).await;
    }
}

/// Outside service hours the user is told when an agent will answer; a case waiting past its
/// first-response target is announced in its topic once, and to the supervisors at twice it.
async fn hours_and_late_alerts(backend: Backend) {
    use chrono::Datelike;
    // A schedule open only on a day that is not today (in WIB): now is outside it.
    let today = (chrono::Utc::now() + chrono::Duration::hours(7)).weekday();
    let days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let other = days[(today.num_days_from_monday() as usize + 3) % 7];
    let app = App::start_with(backend, |c| {
        c.desk_admins = vec![ADMIN.to_string()];
        c.desk_groups = vec![
            (Queue::General, GROUP.to_string()),
            (Queue::Kyc, GROUP.to_string()),
        ];
        c.desk_interval = Duration::from_millis(100);
        c.desk_policy = pandu::desk::DeskPolicy::parse(
            Some(&format!(
                "default={other} 08:00-16:00 WIB|kyc=Mon-Sun 00:00-24:00 WIB"
            )),
            Some("kyc=1"),
            None,
        )
        .unwrap();
    })
    .await;
    let fake = app.fake.clone();
    fake.forum(GROUP, "Helpdesk");
    let admin = fake.user(ADMIN, "id").in_forum(GROUP, None);
    let id = admin.text(&format!(
        "/petugas_tambah {BUDI} supervisor Budi Supervisor"
    ));
    committed(&app, id).await;
    // A general question outside its queue's hours.
    let u = fake.user(USER, "id");
    user_act(&app, || u.text("/petugas")).await;
    user_act(&app, || u.text("Bagaimana cara mendaftar akun SATUSEHAT?")).await;
    let closed = |f: &common::fake_telegram::FakeTelegram| {
        f.bot_texts(USER)
            .into_iter()
            .find(|t| t.contains("di luar jam layanan"))
    };
    assert!(
        fake.wait_until(|f| closed(f).is_some(), WAIT).await,
        "{:#?}",
        fake.bot_texts(USER)
    );
    let told = closed(&fake).unwrap();
    assert!(
        told.contains("akan menjawab mulai") && told.contains("08.00 WIB"),
        "{told}"
    );

    // A KYC case (always open, 1-minute target) that nobody answers.
    let k = fake.user(USER + 1, "id");
    user_act(&app, || k.text("/kyc")).await;
    let id = k.text("/petugas");
    committed(&app, id).await;
    let id = k.text("Verifikasi gagal terus");
    committed(&app, id).await;
    let reference = app
        .db()
        .cases_of(&common::telegram::chat(USER + 1))
        .await
        .unwrap()[0]
        .reference
        .clone();
    assert!(
        fake.wait_until(
            |f| f
                .bot_texts(USER + 1)
                .iter()
                .any(|t| t.contains("biasanya menjawab dalam 1 menit kerja")),
            WAIT
        )
        .await,
        "{:#?}",
        fake.bot_texts(USER + 1)
    );
    let dc = app.db().desk_case(&reference).await.unwrap().unwrap();
    let thread: i64 = dc.topic.unwrap().1.parse().unwrap();
    // As if the case had waited a minute, then two.
    age_case(&app, &reference, 61).await;
    let late = |f: &common::fake_telegram::FakeTelegram| {
        f.thread_messages(GROUP, thread)
            .iter()
            .filter(|m| {
                m.text
                    .as_deref()
                    .is_some_and(|t| t.contains("melewati target"))
            })
            .count()
    };
    assert!(fake.wait_until(|f| late(f) == 1, WAIT).await);
    age_case(&app, &reference, 121).await;
    let twice = |f: &common::fake_telegram::FakeTelegram| {
        f.general_messages(GROUP)
            .iter()
            .filter(|m| {
                m.text
                    .as_deref()
                    .is_some_and(|t| t.contains("dua kali target") && t.contains("Budi Supervisor"))
            })
            .count()
    };
    assert!(fake.wait_until(|f| twice(f) == 1, WAIT).await);
    // Once each, however long it waits: a later user message wakes the desk again.
    user_act(&app, || u.text("/status")).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!((late(&fake), twice(&fake)), (1, 1));
}

/// Moves a case's creation `seconds` into the past.
async fn age_case(app: &App, reference: &str, seconds: i64) {
    let ms = (chrono::Utc::now() - chrono::Duration::seconds(seconds)).timestamp_millis();
    let url = &app.fresh.url;
    let sql = "UPDATE cases SET created_at = $1 WHERE reference = $2";
    if url.starts_with("sqlite:") {
        let pool = sqlx::SqlitePool::connect(url).await.unwrap();
        sqlx::query(sql)
            .bind(ms)
            .bind(reference)
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;
    } else {
        let pool = sqlx::PgPool::connect(url).await.unwrap();
        sqlx::query(sql)
            .bind(ms)
            .bind(reference)
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn out_of_hours_answer_and_late_alerts_once() {
    for b in BOTH {
        hours_and_late_alerts(b).await;
    }
}

/// A topic deleted by hand: the next message for it finds it gone, the case gets a new topic
/// with its first post and the user's messages, and the conversation goes on. An agent's photo
/// reaches the user as a photo.
async fn topic_deleted_by_hand(backend: Backend) {
    let app = App::start_with(backend, |c| {
        c.desk_admins = vec![ADMIN.to_string()];
        c.desk_groups = vec![(Queue::Kyc, GROUP.to_string())];
        c.desk_interval = Duration::from_millis(100);
    })
    .await;
    let fake = app.fake.clone();
    fake.forum(GROUP, "Helpdesk KYC");
    let admin = fake.user(ADMIN, "id").in_forum(GROUP, None);
    let id = admin.text(&format!("/petugas_tambah {RINA} agent Rina Agen"));
    committed(&app, id).await;
    let u = fake.user(USER, "id");
    user_act(&app, || u.text("/kyc")).await;
    user_act(&app, || u.text("/petugas")).await;
    user_act(&app, || u.text("Aplikasi menolak KTP pasien")).await;
    let reference = app
        .db()
        .cases_of(&common::telegram::chat(USER))
        .await
        .unwrap()[0]
        .reference
        .clone();
    assert!(fake.wait_until(|f| f.topics(GROUP).len() == 1, WAIT).await);
    let first = fake.topics(GROUP)[0].thread_id;
    topic_shows(&app, first, &reference).await;
    let rina = fake.user(RINA, "id").in_forum(GROUP, Some(first));
    user_act(&app, || rina.text("/ambil")).await;
    // Rina sends a photo: the user gets the photo with her name.
    let before = fake.bot_messages(USER).len();
    let id = rina.photo(jpeg(20_000));
    committed(&app, id).await;
    app.settled(USER).await;
    let got = &fake.bot_messages(USER)[before..];
    assert!(
        got.iter().any(|m| m.file.is_some() && m.text.as_deref().is_some_and(|t| t.contains("Rina Agen"))),
        "{got:#?}"
    );
    // Someone deletes the topic; the user writes.
    fake.delete_topic(GROUP, first);
    user_act(&app, || u.text("Ini nomor tiket dari aplikasi: 12345")).await;
    assert!(
        fake.wait_until(
            |f| f.topics(GROUP).iter().filter(|t| !t.deleted).count() == 1,
            WAIT
        )
        .await
    );
    let second = fake
        .topics(GROUP)
        .into_iter()
        .find(|t| !t.deleted)
        .unwrap()
        .thread_id;
    assert_ne!(second, first);
    topic_shows(&app, second, &reference).await;
    topic_shows(&app, second, "Ini nomor tiket dari aplikasi").await;
    // The agent answers in the new topic and the user gets it.
    let rina = fake.user(RINA, "id").in_forum(GROUP, Some(second));
    let t = user_act(&app, || rina.text("Terima kasih, kami cek")).await;
    assert_eq!(t, "👤 Rina Agen: Terima kasih, kami cek");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deleted_topic_is_replaced() {
    for b in BOTH {
        topic_deleted_by_hand(b).await;
    }
}
