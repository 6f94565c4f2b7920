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
use pandu::whatsapp::WhatsAppConfig;
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
        Cmd::Run => {
            let tg = TelegramConfig::from_env().context("Telegram settings")?;
            let wa = WhatsAppConfig::from_env().context("WhatsApp settings")?;
            if tg.is_none() && wa.is_none() {
                return console(db, &config).await;
            }
            channels(db, tg, wa).await
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

/// Runs the configured chat channels until SIGTERM or Ctrl-C.
async fn channels(
    db: Db,
    tg: Option<TelegramConfig>,
    wa: Option<WhatsAppConfig>,
) -> anyhow::Result<()> {
    let defs = Arc::new(Defs::load().context("loading texts")?);
    let bot = Bot::new(db, defs);
    let telegram = match tg {
        Some(c) => Some(
            pandu::telegram::start(c, bot.clone())
                .await
                .context("starting the Telegram channel")?,
        ),
        None => None,
    };
    if let Some(addr) = telegram.as_ref().and_then(|r| r.webhook_addr) {
        tracing::info!(%addr, "Telegram webhook listening");
    }
    let whatsapp = match wa {
        Some(c) => Some(
            pandu::whatsapp::start(c, bot)
                .await
                .context("starting the WhatsApp channel")?,
        ),
        None => None,
    };
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term.recv() => {}
    }
    // Everything committed is in the database; what was not is sent again by the platforms.
    if let Some(r) = telegram {
        r.stop();
    }
    if let Some(r) = whatsapp {
        r.stop();
    }
    tracing::info!("stopped");
    Ok(())
}
