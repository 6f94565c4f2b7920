//! Test helpers. `Sim` drives the pure dialog core directly, with a fixed clock.
#![allow(dead_code)]

pub mod fake_telegram;
pub mod fake_whatsapp;
pub mod killable;
pub mod telegram;
pub mod whatsapp;

use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use pandu::dialog::model::{Effect, FileInfo, FileKind, FileType, NewCase, Reply};
use pandu::dialog::{self, CaseSummary, Conversation, Defs, Event, Inbound};

pub fn defs() -> Arc<Defs> {
    static DEFS: std::sync::OnceLock<Arc<Defs>> = std::sync::OnceLock::new();
    DEFS.get_or_init(|| Arc::new(Defs::load().expect("locales load")))
        .clone()
}

pub struct Sim {
    pub defs: Arc<Defs>,
    pub state: Conversation,
    pub now: DateTime<Utc>,
    pub nonce: u64,
    pub effects: Vec<Effect>,
    pub last: Vec<Reply>,
    pub open_cases: Vec<CaseSummary>,
}

impl Default for Sim {
    fn default() -> Self {
        Self::new()
    }
}

impl Sim {
    /// A user who has already agreed to the personal-data notice (the procedures' own tests
    /// start here; the notice has tests of its own, from [`Sim::first_time`]).
    pub fn new() -> Sim {
        let mut sim = Sim::first_time();
        sim.state.consent = Some(pandu::dialog::state::Consent {
            at: sim.now,
            version: pandu::dialog::state::CONSENT_VERSION.into(),
            agreed: true,
        });
        sim
    }

    /// A user pandu has never seen.
    pub fn first_time() -> Sim {
        Sim {
            defs: defs(),
            state: Conversation::default(),
            now: Utc.with_ymd_and_hms(2026, 11, 21, 3, 0, 0).unwrap(),
            nonce: 42,
            effects: Vec::new(),
            last: Vec::new(),
            open_cases: Vec::new(),
        }
    }

    pub fn event(&mut self, event: Event) -> String {
        self.nonce = self
            .nonce
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let inbound = Inbound {
            event,
            now: self.now,
            open_cases: self.open_cases.clone(),
            nonce: self.nonce,
        };
        let out = dialog::step(&self.defs, std::mem::take(&mut self.state), &inbound);
        self.state = out.state;
        self.effects.extend(out.effects);
        self.last = out.replies;
        self.text()
    }

    /// Types a line.
    pub fn say(&mut self, text: &str) -> String {
        self.event(Event::Text(text.to_string()))
    }

    /// Presses the option of the last prompt whose label contains `label` (case-insensitive).
    pub fn press(&mut self, label: &str) -> String {
        let key = self.option_key(label);
        self.event(Event::Choice { key })
    }

    pub fn option_key(&self, label: &str) -> String {
        let want = label.to_lowercase();
        let prompt = self.last.last().expect("a prompt");
        prompt
            .options
            .iter()
            .find(|o| o.label.to_lowercase().contains(&want))
            .unwrap_or_else(|| panic!("no option {label:?} in {:?}", self.options()))
            .key
            .clone()
    }

    /// Presses the option whose value is `value` (independent of the labels' wording).
    pub fn pick(&mut self, value: &str) -> String {
        let key = self
            .last
            .last()
            .expect("a prompt")
            .options
            .iter()
            .find(|o| o.key.split_once(':').map(|(_, v)| v) == Some(value))
            .unwrap_or_else(|| {
                panic!(
                    "no option {value:?} in {:?} at {:?}",
                    self.options(),
                    self.step_id()
                )
            })
            .key
            .clone();
        self.event(Event::Choice { key })
    }

    /// Sends a file.
    pub fn file(&mut self, name: &str, size: u64, sniffed: FileType) -> String {
        let kind = if sniffed.is_image() {
            FileKind::Photo
        } else {
            FileKind::Document
        };
        self.event(Event::File(FileInfo {
            reference: format!("test-file-{name}"),
            name: Some(name.to_string()),
            mime: None,
            size,
            kind,
            sniffed: Some(sniffed),
            origin: None,
        }))
    }

    /// All reply texts of the last step, joined.
    pub fn text(&self) -> String {
        self.last
            .iter()
            .map(|r| r.text.as_str())
            .collect::<Vec<_>>()
            .join("\n---\n")
    }

    pub fn options(&self) -> Vec<String> {
        self.last
            .last()
            .map(|r| r.options.iter().map(|o| o.label.clone()).collect())
            .unwrap_or_default()
    }

    pub fn step_id(&self) -> Option<String> {
        self.state.active.as_ref().map(|a| a.step.clone())
    }

    pub fn cases(&self) -> Vec<&NewCase> {
        self.effects
            .iter()
            .filter_map(|e| match e {
                Effect::CreateCase(c) => Some(c),
                _ => None,
            })
            .collect()
    }

    /// Round-trips the state through JSON, as a restart does.
    pub fn restart(&mut self) {
        let json = serde_json::to_string(&self.state).unwrap();
        self.state = serde_json::from_str(&json).unwrap();
    }
}

/// Walks the KYC procedure to the first question of the complaint form.
pub fn kyc_complaint_form(sim: &mut Sim) {
    sim.say("/kyc");
    assert_eq!(sim.step_id().as_deref(), Some("what_seen"));
    sim.press("Pop-up belum berhasil");
    assert_eq!(sim.step_id().as_deref(), Some("tries"));
    sim.press("4 kali");
    assert_eq!(sim.step_id().as_deref(), Some("limit"));
    let t = sim.press("aduan");
    assert!(t.contains("nama pelapor"), "{t}");
}

/// The KYC complaint form's answers, in order (synthetic: the reporter, their email and
/// phone, the patient, the patient's NIK and email).
pub const KYC_FORM: [&str; 6] = [
    "Uji Coba",
    "uji@puskesmas.example.id",
    "0812-3456-7890",
    "Siti Contoh",
    "3374015708900002",
    "siti@example.id",
];

/// Presses the option whose value is `value`.
pub fn pick(sim: &mut Sim, value: &str) -> String {
    sim.pick(value)
}

/// A fresh, migrated database of each kind for a test.
pub mod db {
    use pandu::store::{Db, Store};
    use pandu::vault::Vault;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU32, Ordering};

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Backend {
        Sqlite,
        Postgres,
    }

    pub const BOTH: [Backend; 2] = [Backend::Sqlite, Backend::Postgres];

    /// The tests' data key (synthetic), for `PANDU_DATA_KEYS` of the processes they start and
    /// for their own connections to the same database.
    pub const TEST_KEYS: &str = "test1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    pub fn test_vault() -> Arc<Vault> {
        Arc::new(Vault::parse(TEST_KEYS).unwrap())
    }

    /// Opens `url` with the tests' data key.
    pub async fn connect(url: &str) -> Db {
        Db::connect(url, test_vault()).await.unwrap()
    }

    /// Keeps the SQLite directory alive for the test's duration.
    pub struct Fresh {
        pub db: Db,
        pub url: String,
        _dir: Option<tempfile::TempDir>,
    }

    static N: AtomicU32 = AtomicU32::new(0);

    /// The PostgreSQL server for tests. `bash .ci/test` starts a throwaway one; running the
    /// PostgreSQL tests without one is an error, never a silent skip.
    pub fn pg_admin_url() -> String {
        std::env::var("TEST_DATABASE_URL").unwrap_or_else(|_| {
            panic!(
                "PostgreSQL tests need TEST_DATABASE_URL (postgres://user:pass@host:port/db). \
                 Run the suite with `bash .ci/test`, which starts a throwaway PostgreSQL server."
            )
        })
    }

    /// Creates an empty database and returns its URL (not migrated).
    pub async fn empty_url(backend: Backend) -> (String, Option<tempfile::TempDir>) {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().unwrap();
                let url = format!("sqlite:{}", dir.path().join("pandu.db").display());
                (url, Some(dir))
            }
            Backend::Postgres => {
                let admin = pg_admin_url();
                let name = format!(
                    "pandu_t_{}_{}_{}",
                    std::process::id(),
                    N.fetch_add(1, Ordering::Relaxed),
                    rand_suffix()
                );
                let pool = sqlx::PgPool::connect(&admin)
                    .await
                    .expect("connecting to TEST_DATABASE_URL");
                sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                    .execute(&pool)
                    .await
                    .unwrap();
                pool.close().await;
                let mut url = url::Url::parse(&admin).unwrap();
                url.set_path(&format!("/{name}"));
                (url.to_string(), None)
            }
        }
    }

    fn rand_suffix() -> u32 {
        use std::hash::{BuildHasher, RandomState};
        (RandomState::new().hash_one(std::time::SystemTime::now()) % 1_000_000) as u32
    }

    /// Where the database at `url` holds any of `needles` in plaintext: every byte of the
    /// SQLite files (database, WAL, key file), or every row of every PostgreSQL table.
    pub async fn plaintext_at_rest(backend: Backend, url: &str, needles: &[&str]) -> Vec<String> {
        let mut dumps: Vec<(String, String)> = Vec::new();
        match backend {
            Backend::Sqlite => {
                let path = url.strip_prefix("sqlite:").unwrap();
                let dir = std::path::Path::new(path).parent().unwrap();
                for entry in std::fs::read_dir(dir).unwrap() {
                    let entry = entry.unwrap();
                    let bytes = std::fs::read(entry.path()).unwrap();
                    dumps.push((
                        entry.file_name().to_string_lossy().into_owned(),
                        String::from_utf8_lossy(&bytes).into_owned(),
                    ));
                }
                assert!(dumps.iter().any(|(f, _)| f == "pandu.db"), "{dumps:?}");
            }
            Backend::Postgres => {
                let pool = sqlx::PgPool::connect(url).await.unwrap();
                let tables: Vec<String> = sqlx::query_scalar(
                    "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public'",
                )
                .fetch_all(&pool)
                .await
                .unwrap();
                assert!(tables.len() >= 10, "{tables:?}");
                for t in tables {
                    let rows: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                        "SELECT x::text FROM {t} x"
                    )))
                    .fetch_all(&pool)
                    .await
                    .unwrap();
                    dumps.push((t, rows.join("\n")));
                }
                pool.close().await;
            }
        }
        let mut found = Vec::new();
        for (place, text) in &dumps {
            for n in needles {
                if text.contains(n) {
                    found.push(format!("{n} in {place}"));
                }
            }
        }
        found
    }

    /// Runs `sql` on the database at `url` directly (as an operator or an attacker would);
    /// the database's answer.
    pub async fn execute_raw(backend: Backend, url: &str, sql: &str) -> Result<u64, sqlx::Error> {
        match backend {
            Backend::Sqlite => {
                let pool = sqlx::SqlitePool::connect(url).await?;
                let n = sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
                    .execute(&pool)
                    .await
                    .map(|r| r.rows_affected());
                pool.close().await;
                n
            }
            Backend::Postgres => {
                let pool = sqlx::PgPool::connect(url).await?;
                let n = sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
                    .execute(&pool)
                    .await
                    .map(|r| r.rows_affected());
                pool.close().await;
                n
            }
        }
    }

    pub async fn fresh(backend: Backend) -> Fresh {
        let (url, dir) = empty_url(backend).await;
        let db = connect(&url).await;
        db.migrate().await.unwrap();
        Fresh { db, url, _dir: dir }
    }
}
