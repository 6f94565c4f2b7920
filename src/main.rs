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
    let db = Db::connect(&config.database_url)
        .await
        .context("opening the database (DATABASE_URL)")?;
    db.migrate().await.context("applying migrations")?;
    match cli.command.unwrap_or(Cmd::Run) {
        Cmd::Migrate => Ok(()),
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

async fn console(db: Db, config: &Config) -> anyhow::Result<()> {
    let defs = Arc::new(Defs::load().context("loading texts")?);
    let bot = Bot::new(db, defs);
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
    let retention = pandu::retention::Policy::from_env().context("retention settings")?;
    // Personal data of finished cases is removed on schedule (README: Personal data).
    let _retention = tokio::spawn(pandu::retention::run(
        db.clone(),
        retention,
        std::time::Duration::from_secs(3600),
    ));
    let defs = Arc::new(Defs::load().context("loading texts")?);
    let bot = Bot::new(db, defs);
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
