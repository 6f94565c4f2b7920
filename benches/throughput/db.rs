//! The benchmark's databases: a fresh one per run (an SQLite file in a temporary directory, or
//! a new database on the PostgreSQL server), the stored conversations inserted in bulk, the
//! checks that every update was committed, and pgbench's single-row-commit ceiling.

use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use sqlx::Row;
use sqlx::postgres::PgPool;
use sqlx::sqlite::SqlitePool;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Sqlite,
    Postgres,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Sqlite => "SQLite",
            Kind::Postgres => "PostgreSQL",
        }
    }
}

enum Raw {
    Pg(PgPool),
    Lite(SqlitePool),
}

pub struct BenchDb {
    pub kind: Kind,
    pub url: String,
    raw: Raw,
    _dir: Option<tempfile::TempDir>,
    /// PostgreSQL: the server's admin URL and this database's name (dropped at the end).
    pg: Option<(String, String)>,
}

/// What the database holds after a run.
#[derive(Debug, Default, Clone)]
pub struct Held {
    pub conversations: i64,
    pub inbox: i64,
    pub outbox: i64,
    pub outbox_unsent: i64,
    pub outbox_failed: i64,
    pub outbox_sent: i64,
    pub cases: i64,
}

fn with_db(url: &str, name: &str) -> anyhow::Result<String> {
    let mut u = url::Url::parse(url).context("a postgres:// URL")?;
    u.set_path(&format!("/{name}"));
    Ok(u.to_string())
}

impl BenchDb {
    /// A fresh, migrated database.
    pub async fn create(kind: Kind, pg_admin: Option<&str>, tag: &str) -> anyhow::Result<BenchDb> {
        let (url, dir, pg) = match kind {
            Kind::Sqlite => {
                let dir = tempfile::tempdir()?;
                let url = format!("sqlite:{}", dir.path().join("pandu.db").display());
                (url, Some(dir), None)
            }
            Kind::Postgres => {
                let admin = pg_admin.context("PostgreSQL needs a server URL")?;
                let name = format!("pandu_bench_{tag}_{}", std::process::id());
                admin_exec(admin, &format!("DROP DATABASE IF EXISTS {name}")).await?;
                admin_exec(admin, &format!("CREATE DATABASE {name}")).await?;
                (
                    with_db(admin, &name)?,
                    None,
                    Some((admin.to_string(), name)),
                )
            }
        };
        {
            use pandu::store::Store;
            let vault = pandu::vault::Vault::parse(crate::bot::DATA_KEYS)?;
            let db = pandu::store::Db::connect(&url, std::sync::Arc::new(vault)).await?;
            db.migrate().await?;
        }
        let raw = match kind {
            Kind::Sqlite => Raw::Lite(SqlitePool::connect(&url).await?),
            Kind::Postgres => Raw::Pg(PgPool::connect(&url).await?),
        };
        Ok(BenchDb {
            kind,
            url,
            raw,
            _dir: dir,
            pg,
        })
    }

    /// Runs `sql` with `$1..` bound to `texts` and the last one to `now`.
    async fn exec(&self, sql: String, texts: &[&str], now: i64) -> anyhow::Result<()> {
        let q = sqlx::AssertSqlSafe(sql.clone());
        let res = match &self.raw {
            Raw::Pg(p) => {
                let mut query = sqlx::query(q);
                for t in texts {
                    query = query.bind(*t);
                }
                query.bind(now).execute(p).await.map(|_| ())
            }
            Raw::Lite(p) => {
                let mut query = sqlx::query(q);
                for t in texts {
                    query = query.bind(*t);
                }
                query.bind(now).execute(p).await.map(|_| ())
            }
        };
        res.with_context(|| format!("running {sql}"))
    }

    async fn scalar(&self, sql: &str) -> anyhow::Result<i64> {
        let sql = sqlx::AssertSqlSafe(sql.to_string());
        Ok(match &self.raw {
            Raw::Pg(p) => sqlx::query(sql).fetch_one(p).await?.try_get::<i64, _>(0)?,
            Raw::Lite(p) => sqlx::query(sql).fetch_one(p).await?.try_get::<i64, _>(0)?,
        })
    }

    /// Inserts `count` conversations of users who are not active now (chat ids from 9e9 on),
    /// half of them stopped in the middle of the complaint form (`mid`), half finished
    /// (`done`, with their case, closed); each with the inbox ids of its `per` updates and
    /// `outbox_per` delivered replies (`reply`). One INSERT ... SELECT per table.
    pub async fn fill(
        &self,
        count: u32,
        per: u32,
        outbox_per: u32,
        (mid, done, reply): (&str, &str, &str),
    ) -> anyhow::Result<Duration> {
        let started = Instant::now();
        if count == 0 {
            return Ok(started.elapsed());
        }
        let now = chrono::Utc::now().timestamp_millis() - 86_400_000;
        let series = |alias: &str, col: &str, n: u32| match self.kind {
            Kind::Postgres => format!("generate_series(0, {}) AS {alias}({col})", n.max(1) - 1),
            Kind::Sqlite => format!(
                "(WITH RECURSIVE r(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM r WHERE x + 1 < {n}) SELECT x AS {col} FROM r) AS {alias}"
            ),
        };
        let users = series("n", "i", count);
        let chat = "CAST(9000000000 + i AS TEXT)";
        self.exec(
            format!(
                "INSERT INTO conversations (channel, chat_id, state, updated_at, last_user_at)
                 SELECT 'telegram', {chat}, CASE WHEN i % 2 = 0 THEN $1 ELSE $2 END, $3 - i, $3 - i FROM {users}"
            ),
            &[mid, done],
            now,
        )
        .await?;
        self.exec(
            format!(
                "INSERT INTO cases (reference, channel, chat_id, queue, kind, status, fields, attachments,
                                    summary, transcript, created_at, updated_at, resolved_at)
                 SELECT 'KYC-S' || CAST(i AS TEXT), 'telegram', {chat}, 'kyc', 'complaint', 'closed', '[]', '[]',
                        '', '[]', $1 - i, $1 - i, $1 - i
                 FROM {users} WHERE i % 2 = 1"
            ),
            &[],
            now,
        )
        .await?;
        if per > 0 {
            self.exec(
                format!(
                    "INSERT INTO inbox (channel, message_id, chat_id, received_at)
                     SELECT 'telegram', 's' || CAST(i AS TEXT) || '-' || CAST(j AS TEXT), {chat}, $1 - i
                     FROM {users} CROSS JOIN {}",
                    series("k", "j", per)
                ),
                &[],
                now,
            )
            .await?;
        }
        if outbox_per > 0 {
            self.exec(
                format!(
                    "INSERT INTO outbox (channel, chat_id, payload, created_at, attempts, parts_done, platform_id, sent_at)
                     SELECT 'telegram', {chat}, $1, $2 - i, 1, 1, CAST(1000 + j AS TEXT), $2 - i
                     FROM {users} CROSS JOIN {}",
                    series("k", "j", outbox_per)
                ),
                &[reply],
                now,
            )
            .await?;
        }
        match &self.raw {
            // As autovacuum would have by then.
            Raw::Pg(p) => {
                sqlx::query("ANALYZE").execute(p).await?;
            }
            // pandu never runs ANALYZE on SQLite: its plans are those of a database without
            // statistics, as in a deployment.
            Raw::Lite(p) => {
                sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                    .execute(p)
                    .await?;
            }
        }
        Ok(started.elapsed())
    }

    pub async fn held(&self) -> anyhow::Result<Held> {
        Ok(Held {
            conversations: self.scalar("SELECT COUNT(*) FROM conversations").await?,
            inbox: self.scalar("SELECT COUNT(*) FROM inbox").await?,
            outbox: self.scalar("SELECT COUNT(*) FROM outbox").await?,
            outbox_unsent: self
                .scalar("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL")
                .await?,
            outbox_failed: self
                .scalar("SELECT COUNT(*) FROM outbox WHERE failed_at IS NOT NULL")
                .await?,
            outbox_sent: self
                .scalar("SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL")
                .await?,
            cases: self.scalar("SELECT COUNT(*) FROM cases").await?,
        })
    }

    /// The settings that decide what a commit costs.
    pub async fn durability(&self) -> anyhow::Result<String> {
        Ok(match &self.raw {
            Raw::Pg(p) => {
                let mut parts = Vec::new();
                for name in [
                    "fsync",
                    "synchronous_commit",
                    "wal_sync_method",
                    "shared_buffers",
                    "server_version",
                ] {
                    let row = sqlx::query(sqlx::AssertSqlSafe(format!("SHOW {name}")))
                        .fetch_one(p)
                        .await?;
                    parts.push(format!("{name}={}", row.try_get::<String, _>(0)?));
                }
                parts.join(", ")
            }
            // pandu's own connections (src/store/backend.rs): WAL, synchronous=NORMAL.
            Raw::Lite(_) => "journal_mode=WAL, synchronous=NORMAL (pandu's settings)".into(),
        })
    }

    /// Whether the server fsyncs commits (PostgreSQL).
    pub async fn fsync_on(&self) -> anyhow::Result<bool> {
        match &self.raw {
            Raw::Pg(p) => {
                let f: String = sqlx::query("SHOW fsync").fetch_one(p).await?.try_get(0)?;
                let s: String = sqlx::query("SHOW synchronous_commit")
                    .fetch_one(p)
                    .await?
                    .try_get(0)?;
                Ok(f == "on" && s != "off")
            }
            Raw::Lite(_) => Ok(true),
        }
    }

    pub async fn size_mb(&self) -> anyhow::Result<f64> {
        Ok(match (&self.raw, &self._dir) {
            (Raw::Pg(_), _) => {
                self.scalar("SELECT pg_database_size(current_database())")
                    .await? as f64
                    / 1e6
            }
            (Raw::Lite(_), Some(dir)) => {
                let mut total = 0;
                for e in std::fs::read_dir(dir.path())? {
                    total += e?.metadata()?.len();
                }
                total as f64 / 1e6
            }
            _ => 0.0,
        })
    }

    /// Removes the database (PostgreSQL; the SQLite directory goes with `self`).
    pub async fn remove(self) -> anyhow::Result<()> {
        match self.raw {
            Raw::Pg(p) => p.close().await,
            Raw::Lite(p) => p.close().await,
        }
        if let Some((admin, name)) = &self.pg {
            admin_exec(
                admin,
                &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
            )
            .await?;
        }
        Ok(())
    }
}

async fn admin_exec(admin: &str, sql: &str) -> anyhow::Result<()> {
    let pool = PgPool::connect(admin)
        .await
        .context("connecting to the PostgreSQL server")?;
    sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
        .execute(&pool)
        .await
        .with_context(|| format!("running {sql}"))?;
    pool.close().await;
    Ok(())
}

/// pgbench's figures.
#[derive(Debug, Clone)]
pub struct PgBench {
    pub tps: f64,
    pub latency_ms: f64,
    pub command: String,
}

/// The single-row-commit ceiling of the server: `pgbench -N` (each transaction updates one
/// row, reads one and inserts one, and commits) with `clients` connections for `seconds`, on
/// a database of its own (scale 10) on the same server.
pub async fn pgbench(admin: &str, clients: u32, seconds: u32) -> anyhow::Result<PgBench> {
    let name = format!("pandu_pgbench_{}", std::process::id());
    admin_exec(admin, &format!("DROP DATABASE IF EXISTS {name}")).await?;
    admin_exec(admin, &format!("CREATE DATABASE {name}")).await?;
    let url = with_db(admin, &name)?;
    let run = |args: Vec<String>| {
        let url = url.clone();
        async move {
            let out = tokio::process::Command::new("pgbench")
                .args(&args)
                .arg(&url)
                .output()
                .await
                .context("running pgbench (Debian: apt-get install postgresql-client)")?;
            if !out.status.success() {
                bail!(
                    "pgbench {} failed: {}",
                    args.join(" "),
                    String::from_utf8_lossy(&out.stderr)
                );
            }
            Ok::<String, anyhow::Error>(String::from_utf8_lossy(&out.stdout).into_owned())
        }
    };
    run(["-i", "-s", "10", "-q"].map(String::from).to_vec()).await?;
    let threads = clients.clamp(1, 2);
    let args: Vec<String> = [
        "-N".to_string(),
        "-n".into(),
        "-c".into(),
        clients.to_string(),
        "-j".into(),
        threads.to_string(),
        "-T".into(),
        seconds.to_string(),
    ]
    .to_vec();
    let command = format!("pgbench {} <db>", args.join(" "));
    let text = run(args).await?;
    admin_exec(
        admin,
        &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
    )
    .await?;
    let find = |prefix: &str| {
        text.lines()
            .find_map(|l| l.trim().strip_prefix(prefix))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|v| v.parse::<f64>().ok())
    };
    Ok(PgBench {
        tps: find("tps = ").with_context(|| format!("no tps in pgbench's output: {text}"))?,
        latency_ms: find("latency average = ").unwrap_or(f64::NAN),
        command,
    })
}
