//! The terminal console: a channel for trying pandu and for scripted conversations. Reads one
//! user line per input line (typed text, option numbers, commands, `/kirim path` for a file) and
//! prints the replies. Replies go through the outbox like on any other channel.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::Utc;
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncReadExt};

use crate::dialog::model::{FileInfo, FileKind, OptionsStyle, Reply};
use crate::dialog::{Event, files};
use crate::service::{Bot, Incoming};
use crate::store::{ChatKey, Store, StoreError};

pub const CHANNEL: &str = "console";

#[derive(Debug, thiserror::Error)]
pub enum ConsoleError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("console input/output: {0}")]
    Io(#[from] std::io::Error),
}

pub struct Console<W: Write> {
    bot: Bot,
    chat: ChatKey,
    out: W,
    files_dir: PathBuf,
    interactive: bool,
}

static SEQ: AtomicU64 = AtomicU64::new(0);

fn message_id() -> String {
    let n = SEQ.fetch_add(1, Ordering::Relaxed);
    format!(
        "{}-{}-{n}",
        Utc::now().timestamp_nanos_opt().unwrap_or_default(),
        std::process::id()
    )
}

impl<W: Write> Console<W> {
    pub fn new(bot: Bot, user: &str, out: W, files_dir: PathBuf, interactive: bool) -> Self {
        Self {
            bot,
            chat: ChatKey {
                channel: CHANNEL.into(),
                chat_id: user.into(),
            },
            out,
            files_dir,
            interactive,
        }
    }

    /// Runs until end of input.
    pub async fn run<R: AsyncBufRead + Unpin>(&mut self, input: R) -> Result<(), ConsoleError> {
        // Replies committed before a crash are delivered first.
        self.deliver().await?;
        self.send(Event::Resume).await?;
        let mut lines = input.lines();
        loop {
            if self.interactive {
                write!(self.out, "> ")?;
                self.out.flush()?;
            }
            let Some(line) = lines.next_line().await? else {
                break;
            };
            let line = line.trim_end_matches('\r');
            if self.interactive && line.trim().is_empty() {
                continue;
            }
            let event = match parse_send_file(line) {
                Some(path) => match file_event(Path::new(path)).await {
                    Ok(e) => e,
                    Err(e) => {
                        writeln!(self.out, "[console] {path}: {e}")?;
                        continue;
                    }
                },
                None => Event::Text(line.to_string()),
            };
            self.send(event).await?;
        }
        Ok(())
    }

    async fn send(&mut self, event: Event) -> Result<(), ConsoleError> {
        let msg = Incoming {
            chat: self.chat.clone(),
            message_id: message_id(),
            event,
            lang_hint: None,
            at: Utc::now(),
            pressed_message: None,
            sequence: None,
        };
        self.bot.handle(msg).await?;
        self.deliver().await
    }

    /// Prints the chat's undelivered replies, marking each delivered.
    async fn deliver(&mut self) -> Result<(), ConsoleError> {
        let items = self
            .bot
            .db
            .pending_outbox(CHANNEL, Some(&self.chat.chat_id), 100)
            .await?;
        for item in items {
            self.print(&item.reply, item.id)?;
            self.bot.db.mark_sent(item.id, Utc::now()).await?;
        }
        Ok(())
    }

    fn print(&mut self, reply: &Reply, id: i64) -> std::io::Result<()> {
        writeln!(self.out, "{}", reply.text)?;
        if reply.style == OptionsStyle::LongList && reply.options.len() > 12 {
            // Long region lists: compact columns.
            let width = reply
                .options
                .iter()
                .map(|o| o.label.chars().count())
                .max()
                .unwrap_or(0)
                + 6;
            let per_line = (100 / width).max(1);
            for chunk in reply
                .options
                .iter()
                .enumerate()
                .collect::<Vec<_>>()
                .chunks(per_line)
            {
                let line: Vec<String> = chunk
                    .iter()
                    .map(|(i, o)| format!("{:>3}. {:<w$}", i + 1, o.label, w = width - 5))
                    .collect();
                writeln!(self.out, "{}", line.join("").trim_end())?;
            }
        } else {
            for (i, o) in reply.options.iter().enumerate() {
                writeln!(self.out, "  {}. {}", i + 1, o.label)?;
            }
        }
        if let Some(f) = &reply.file {
            std::fs::create_dir_all(&self.files_dir)?;
            let safe: String = f
                .name
                .chars()
                .map(|c| {
                    if c.is_alphanumeric() || ".-_".contains(c) {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            let path = self.files_dir.join(format!("{id}-{safe}"));
            std::fs::write(&path, &f.content)?;
            writeln!(self.out, "📎 {}", path.display())?;
        }
        writeln!(self.out)?;
        self.out.flush()
    }
}

/// `/kirim path` (or `/send path`) sends a file, standing in for a photo or document from a phone.
fn parse_send_file(line: &str) -> Option<&str> {
    let t = line.trim();
    for cmd in ["/kirim", "/send", "/file"] {
        if let Some(rest) = t.strip_prefix(cmd)
            && rest.starts_with(char::is_whitespace)
            && !rest.trim().is_empty()
        {
            return Some(rest.trim().trim_matches('"'));
        }
    }
    None
}

async fn file_event(path: &Path) -> std::io::Result<Event> {
    let meta = tokio::fs::metadata(path).await?;
    if !meta.is_file() {
        return Err(std::io::Error::other("not a file"));
    }
    let mut head = vec![0u8; 16];
    let mut f = tokio::fs::File::open(path).await?;
    let n = f.read(&mut head).await?;
    head.truncate(n);
    let sniffed = files::sniff(&head);
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let mime = match ext.as_str() {
        "pdf" => Some("application/pdf"),
        "jpg" | "jpeg" => Some("image/jpeg"),
        "png" => Some("image/png"),
        "webp" => Some("image/webp"),
        _ => None,
    };
    let kind = if sniffed.is_image() {
        FileKind::Photo
    } else {
        FileKind::Document
    };
    let reference = std::fs::canonicalize(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string();
    Ok(Event::File(FileInfo {
        reference,
        name,
        mime: mime.map(str::to_string),
        size: meta.len(),
        kind,
        sniffed: Some(sniffed),
        // A path on this machine: no chat platform can send it.
        origin: None,
    }))
}
