use std::io::IsTerminal;
use std::sync::Arc;

use anyhow::Context;
use clap::{Parser, Subcommand};
use pandu::config::Config;
use pandu::console::Console;
use pandu::dialog::Defs;
use pandu::service::Bot;
use pandu::store::{Db, Store};
use pandu::telegram::TelegramConfig;
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
    /// Run the bot: on Telegram when TELOXIDE_TOKEN is set, else the terminal console.
    Run,
    /// Chat with pandu in the terminal (also reads piped input, one line per message).
    Console,
    /// Apply database migrations and exit.
    Migrate,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    let cli = Cli::parse();
    let config = Config::from_env();
    let db = Db::connect(&config.database_url)
        .await
        .context("opening the database (DATABASE_URL)")?;
    db.migrate().await.context("applying migrations")?;
    match cli.command.unwrap_or(Cmd::Run) {
        Cmd::Migrate => Ok(()),
        Cmd::Console => console(db, &config).await,
        Cmd::Run => match TelegramConfig::from_env().context("Telegram settings")? {
            Some(tg) => telegram(db, tg).await,
            None => console(db, &config).await,
        },
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

async fn telegram(db: Db, config: TelegramConfig) -> anyhow::Result<()> {
    let defs = Arc::new(Defs::load().context("loading texts")?);
    let bot = Bot::new(db, defs);
    let running = pandu::telegram::start(config, bot)
        .await
        .context("starting the Telegram channel")?;
    if let Some(addr) = running.webhook_addr {
        tracing::info!(%addr, "webhook listening");
    }
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term.recv() => {}
    }
    // Everything committed is in the database; what was not is sent again by Telegram.
    running.stop();
    tracing::info!("stopped");
    Ok(())
}
