use std::io::IsTerminal;
use std::sync::Arc;

use anyhow::Context;
use clap::{Parser, Subcommand};
use pandu::channels::ChannelsConfig;
use pandu::config::Config;
use pandu::console::Console;
use pandu::dialog::Defs;
use pandu::service::Bot;
use pandu::store::{Db, Store};
use pandu::vault::{KeySource, LoadedKeys, Vault, load_keys, lock_key_file, write_key_file};
use tokio::io::BufReader;

/// pandu: guided assistant and helpdesk for Indonesian health facilities.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Cmd>,
}

#[derive(Subcommand)]
enum Cmd {
    /// Run the bot: on Telegram (TELOXIDE_TOKEN) and/or WhatsApp (WHATSAPP_TOKEN), else the
    /// terminal console.
    Run,
    /// Chat with pandu in the terminal (also reads piped input, one line per message).
    Console,
    /// Apply database migrations and exit.
    Migrate,
    /// The data keys that seal personal data in the database (README: Personal data).
    Keys {
        #[command(subcommand)]
        action: KeysCmd,
    },
}

#[derive(Subcommand)]
enum KeysCmd {
    /// Print a new random key (`id:base64`) to put in PANDU_DATA_KEYS.
    New,
    /// Seal every stored value again with the current key (the first of PANDU_DATA_KEYS; with
    /// the SQLite key file, a new key is added to the file first) and recompute the lookups.
    Rotate,
    /// How many stored values each key sealed: after a rotation only the current key is left,
    /// and older keys can be removed.
    Status,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // Logs go to standard error: text, or one JSON object a line (`PANDU_LOG_FORMAT=json`) with
    // the spans (an inbound message's channel and id) in each line.
    let filter =
        tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into());
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if std::env::var("PANDU_LOG_FORMAT").is_ok_and(|f| f.trim().eq_ignore_ascii_case("json")) {
        logs.json()
            .with_current_span(true)
            .with_span_list(true)
            .init();
    } else {
        logs.with_ansi(std::io::stderr().is_terminal()).init();
    }
    let cli = Cli::parse();
    let config = Config::from_env();
    let command = cli.command.unwrap_or(Cmd::Run);
    if let Cmd::Keys {
        action: KeysCmd::New,
    } = command
    {
        println!("{}", Vault::new_key_spec(chrono::Utc::now()));
        return Ok(());
    }
    let LoadedKeys {
        mut vault,
        source,
        unsaved,
    } = load_keys(
        &config.database_url,
        config.data_keys.as_deref(),
        chrono::Utc::now(),
    )
    .context("data keys")?;
    let rotate = matches!(
        command,
        Cmd::Keys {
            action: KeysCmd::Rotate
        }
    );
    // The key file stays locked while this process uses it (a rotation needs it alone).
    let mut _key_lock = None;
    if let KeySource::File(path) = &source {
        _key_lock = Some(lock_key_file(path, rotate).context("data keys")?);
        if rotate {
            // The key file gets a new current key; the older ones stay to open what was sealed.
            let spec = std::fs::read_to_string(path).context("reading the key file")?;
            let spec = format!(
                "{},{}",
                Vault::new_key_spec(chrono::Utc::now()),
                spec.trim()
            );
            vault = Vault::parse(&spec).context("the key file")?;
            write_key_file(path, &spec, false).context("writing the key file")?;
            println!("new key {} added to {}", vault.current(), path.display());
        }
    }
    tracing::info!(keys = ?vault, source = ?source, "data keys");
    let db = Db::connect(&config.database_url, Arc::new(vault))
        .await
        .context("opening the database (DATABASE_URL)")?;
    if let (KeySource::NewFile(path), Some(spec)) = (&source, &unsaved) {
        // A new key only for a database without sealed data: one whose key file was lost or
        // left behind must not carry on under another key.
        if db.holds_sealed().await.context("reading the database")? {
            anyhow::bail!(
                "the database holds encrypted data but its key file {} is missing: restore the \
                 key file (or set PANDU_DATA_KEYS to its keys)",
                path.display()
            );
        }
        write_key_file(path, spec, true)
            .with_context(|| format!("making the key file {}", path.display()))?;
        _key_lock = Some(lock_key_file(path, rotate).context("data keys")?);
        tracing::warn!(
            path = %path.display(),
            "made a new data key file: keep it safe and apart from database backups; without it \
             the personal data in the database cannot be read"
        );
    }
    db.migrate().await.context("applying migrations")?;
    match command {
        Cmd::Migrate => Ok(()),
        Cmd::Keys { action } => keys(&db, action).await,
        Cmd::Console => console(db, &config).await,
        Cmd::Run => {
            let channels = ChannelsConfig::from_env().context("channel settings")?;
            if channels.is_empty() {
                return console(db, &config).await;
            }
            run_channels(db, channels).await
        }
    }
}

async fn keys(db: &Db, action: KeysCmd) -> anyhow::Result<()> {
    if let KeysCmd::Rotate = action {
        let done = db.reseal().await.context("sealing again")?;
        println!(
            "sealed again with the current key: {} values; lookups of {} cases recomputed",
            done.values, done.cases
        );
        if done.unreadable > 0 {
            println!(
                "{} values could not be opened (damaged) and were left as they are (see the log)",
                done.unreadable
            );
        }
    }
    println!("values per key (\"-\": not sealed; \"?\": sealed with a key not configured):");
    for c in db.sealed_counts().await.context("counting")? {
        let key = if c.key.is_empty() { "-" } else { &c.key };
        println!("  {}.{}\t{}\t{}", c.table, c.column, key, c.values);
    }
    Ok(())
}

/// The bot on `db`, with the retention policy (stated in the consent notice) enforced every
/// hour in the background (README: Personal data).
fn bot_with_retention(db: Db) -> anyhow::Result<Bot> {
    let retention = pandu::retention::Policy::from_env().context("retention settings")?;
    tokio::spawn(pandu::retention::run(
        db.clone(),
        retention,
        std::time::Duration::from_secs(3600),
    ));
    let mut defs = Defs::load().context("loading texts")?;
    defs.retention = retention;
    Ok(Bot::new(db, Arc::new(defs)))
}

async fn console(db: Db, config: &Config) -> anyhow::Result<()> {
    // The console keeps data as the bot does, and forgets it on the same schedule.
    let bot = bot_with_retention(db)?;
    let interactive = std::io::stdin().is_terminal();
    let mut console = Console::new(
        bot,
        &config.console_user,
        std::io::stdout(),
        config.files_dir.clone(),
        interactive,
    );
    console.run(BufReader::new(tokio::io::stdin())).await?;
    Ok(())
}

/// Runs the configured chat channels until SIGTERM or Ctrl-C, then shuts them down gracefully.
async fn run_channels(db: Db, config: ChannelsConfig) -> anyhow::Result<()> {
    let grace = pandu::channels::shutdown_grace_from_env().context("channel settings")?;
    let bot = bot_with_retention(db)?;
    let running = pandu::channels::start(config, bot)
        .await
        .context("starting the chat channels")?;
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term.recv() => {}
    }
    tracing::info!(
        ?grace,
        "stopping: no new messages; finishing what is under way"
    );
    if running.shutdown(grace).await {
        tracing::info!("stopped");
    } else {
        // Nothing is lost: unacknowledged messages come again, undelivered replies stay queued.
        tracing::warn!("stopped before everything under way had finished");
    }
    Ok(())
}
