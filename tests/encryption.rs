//! Personal data at rest, on SQLite and PostgreSQL: after a full run (a KYC complaint with
//! its NIK, phones and emails, the desk's topic, the agent and the user talking) the database
//! holds none of them in plaintext; agents see them masked; a supervisor finds the case by NIK
//! through the keyed hash; `pandu keys rotate` seals everything again under a new key, and the
//! bot keeps working with the old key gone.

mod common;

use std::time::Duration;

use common::db::{BOTH, Backend, TEST_KEYS};
use common::fake_telegram::FakeUser;
use common::telegram::{App, WAIT, committed, jpeg};
use pandu::dialog::model::Queue;
use pandu::store::{DeskStore, Store, StoreError};

const GROUP: i64 = -100_700_800_900;
const ADMIN: i64 = 610_100;
const SARI: i64 = 610_200;
const USER: i64 = 7_901;
const NEW_KEY: &str = "rot2:IB8eHRwbGhkYFxYVFBMSERAPDg0MCwoJCAcGBQQDAgE=";

/// Every personal value the run writes (synthetic), in the forms it could be stored in.
const PERSONAL: [&str; 9] = [
    "3374015708900002",
    "81234567890",
    "3456-7890",
    "uji@puskesmas.example.id",
    "siti@example.id",
    "81399991234",
    "9999-1234",
    "rina.x@dinkes.example.id",
    "Siti Contoh",
];

async fn user_says(app: &App, push: impl FnOnce() -> i64) {
    let id = push();
    committed(app, id).await;
    app.settled(USER).await;
}

async fn plaintext(app: &App, backend: Backend) -> Vec<String> {
    common::db::plaintext_at_rest(backend, &app.fresh.url, &PERSONAL).await
}

/// `pandu keys <action>` on the test's database with `keys`; its standard output.
fn keys_command(app: &App, action: &str, keys: &str) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_pandu"))
        .args(["keys", action])
        .env("DATABASE_URL", &app.fresh.url)
        .env("PANDU_DATA_KEYS", keys)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "pandu keys {action}: {stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// The supervisor looks the NIK up (written with spaces); returns what they were sent.
async fn find_nik(app: &App, sari: &FakeUser) -> String {
    let before = app.fake.bot_messages(SARI).len();
    let id = sari.text("/carinik 3374 0157 0890 0002");
    committed(app, id).await;
    assert!(
        app.fake
            .wait_until(|f| f.bot_messages(SARI).len() > before, WAIT)
            .await
    );
    app.fake.bot_messages(SARI)[before..]
        .iter()
        .filter_map(|m| m.text.clone())
        .collect()
}

async fn sealed_run(backend: Backend) {
    let mut app = App::start_with(backend, |c| {
        c.desk_admins = vec![ADMIN.to_string()];
        c.desk_groups = vec![(Queue::Kyc, GROUP.to_string())];
        c.desk_interval = Duration::from_millis(100);
    })
    .await;
    let fake = app.fake.clone();
    fake.forum(GROUP, "Helpdesk KYC");
    let admin = fake
        .user(ADMIN, "id")
        .named("Admin", None)
        .in_forum(GROUP, None);
    let id = admin.text(&format!(
        "/petugas_tambah {SARI} supervisor Sari Supervisor"
    ));
    committed(&app, id).await;
    // The supervisor has a private chat with the bot (where lookups are answered).
    let id = fake.user(SARI, "id").text("/start");
    committed(&app, id).await;

    // The user files a KYC complaint: names, NIK, phone and emails, two screenshots.
    let u = fake.user(USER, "id");
    user_says(&app, || u.text("/start kyc")).await;
    for label in ["Pop-up belum berhasil", "4 kali", "aduan", "Setuju"] {
        user_says(&app, || u.press(label)).await;
    }
    for text in common::KYC_FORM {
        user_says(&app, || u.text(text)).await;
    }
    user_says(&app, || u.photo(jpeg(30_000))).await;
    user_says(&app, || u.photo(jpeg(20_000))).await;
    user_says(&app, || u.press("Kirim aduan")).await;
    let chat = common::telegram::chat(USER);
    let cases = app.db().cases_of(&chat).await.unwrap();
    assert_eq!(cases.len(), 1, "{backend:?}");
    let reference = cases[0].reference.clone();
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
    // The agent answers; the user writes back with another phone and email: the topic shows
    // them masked.
    let agent = fake
        .user(ADMIN, "id")
        .named("Admin", None)
        .in_forum(GROUP, Some(thread));
    user_says(&app, || {
        agent.text("Mohon kirim nomor yang bisa dihubungi.")
    })
    .await;
    user_says(&app, || {
        u.text("Nomor saya 0813-9999-1234, email lain rina.x@dinkes.example.id")
    })
    .await;
    let relayed = |f: &common::fake_telegram::FakeTelegram| {
        f.thread_messages(GROUP, thread).iter().any(|m| {
            m.text
                .as_deref()
                .is_some_and(|t| t.contains("08*******234") && t.contains("r***@d***.id"))
        })
    };
    assert!(fake.wait_until(relayed, WAIT).await, "{backend:?}");
    for m in fake.thread_messages(GROUP, thread) {
        let t = m.text.unwrap_or_default();
        for p in &PERSONAL[..8] {
            assert!(!t.contains(p), "{backend:?}: the topic shows {p}: {t}");
        }
    }

    // The database holds none of it in plaintext, and still gives all of it back.
    let found = plaintext(&app, backend).await;
    assert!(found.is_empty(), "{backend:?}: {found:?}");
    let case = app.db().case(&reference).await.unwrap().unwrap();
    let fields = format!("{:?}", case.fields);
    assert!(
        fields.contains("3374015708900002") && fields.contains("siti@example.id"),
        "{fields}"
    );

    // A supervisor finds the case by NIK (keyed hash); the command leaves the group; the
    // lookup is audited without the NIK.
    let sari = fake
        .user(SARI, "id")
        .named("Sari", None)
        .in_forum(GROUP, None);
    let t = find_nik(&app, &sari).await;
    assert!(
        t.contains(&reference) && t.contains("3374********0002"),
        "{t}"
    );
    assert!(
        fake.wait_until(
            |f| f
                .deleted_messages(GROUP)
                .iter()
                .any(|m| m.text.as_deref().is_some_and(|t| t.starts_with("/carinik"))),
            WAIT
        )
        .await
    );
    let audit = app.db().audit_log().await.unwrap();
    let lookup = audit
        .iter()
        .find(|e| e.action == "find_nik")
        .expect("audited");
    assert!(
        lookup.actor == SARI.to_string()
            && lookup.detail.contains("3374********0002")
            && lookup.detail.contains("1 found"),
        "{lookup:?}"
    );
    // Another NIK finds nothing; an agent may not look.
    let id = sari.text("/carinik 3171234567890001");
    committed(&app, id).await;
    assert!(
        fake.wait_until(
            |f| f.bot_texts(SARI).last().is_some_and(|t| t.contains(": 0")),
            WAIT
        )
        .await,
        "{:?}",
        fake.bot_texts(SARI)
    );

    // Rotation: the new key first, the old one still there to open; then the old key goes.
    app.stop().await;
    let both = format!("{NEW_KEY},{TEST_KEYS}");
    let out = keys_command(&app, "rotate", &both);
    assert!(out.contains("sealed again with the current key"), "{out}");
    let status = keys_command(&app, "status", NEW_KEY);
    assert!(status.contains("cases.fields\trot2\t1"), "{status}");
    assert!(
        !status.contains("test1") && !status.contains("\t-\t"),
        "{backend:?}: {status}"
    );
    // The old key alone opens nothing any more.
    let old = common::db::connect(&app.fresh.url).await;
    assert!(matches!(
        old.case(&reference).await,
        Err(StoreError::Sealed(_))
    ));
    app.restart_with_keys(NEW_KEY).await;
    let before = fake.bot_messages(USER).len();
    user_says(&app, || u.text("/datasaya")).await;
    let doc = fake.bot_messages(USER)[before..]
        .iter()
        .find(|m| m.document_name() == Some("data-pandu.json"))
        .cloned()
        .unwrap_or_else(|| {
            panic!(
                "{backend:?}: no data file: {:?}",
                &fake.bot_texts(USER)[before..]
            )
        });
    let export = String::from_utf8(doc.file.unwrap().bytes).unwrap();
    assert!(
        export.contains("3374015708900002") && export.contains("rina.x@dinkes.example.id"),
        "{backend:?}: {export}"
    );
    let t = find_nik(&app, &sari).await;
    assert!(t.contains(&reference), "{backend:?}: {t}");
    let found = plaintext(&app, backend).await;
    assert!(found.is_empty(), "{backend:?}: {found:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn no_plaintext_at_rest_and_keys_rotate() {
    for b in BOTH {
        sealed_run(b).await;
    }
}
