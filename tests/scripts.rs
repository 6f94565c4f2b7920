//! Scripted conversations in `tests/scripts/*.txt`, replayed through the real store and core on
//! SQLite and on PostgreSQL. Script lines:
//! - `> text`       the user types `text` (`> ` alone sends an empty line)
//! - `> /file NAME KIND SIZE` the user sends a synthetic file (KIND: pdf, jpeg, png, other)
//! - `? text`       the bot's reply to the previous message contains `text`
//! - `! text`       the bot's reply to the previous message does not contain `text`
//! - `@ restart`    the process stops and starts again (a new connection to the same database)
//! - `# ...`        a comment

mod common;

use chrono::Utc;
use common::db::{BOTH, fresh};
use pandu::dialog::Event;
use pandu::dialog::model::{FileInfo, FileKind, FileType};
use pandu::service::{Bot, Incoming};
use pandu::store::{ChatKey, Store};

async fn replay(name: &str, script: &str) {
    for backend in BOTH {
        let f = fresh(backend).await;
        let mut bot = Bot::new(f.db.clone(), common::defs());
        let chat = ChatKey {
            channel: "script".into(),
            chat_id: name.into(),
        };
        let mut last = String::new();
        let mut n = 0;
        for (lineno, line) in script.lines().enumerate() {
            let at = || format!("{name}.txt:{} ({backend:?})", lineno + 1);
            if let Some(text) = line.strip_prefix('>') {
                let text = text.strip_prefix(' ').unwrap_or(text);
                let event = match text.strip_prefix("/file ") {
                    Some(spec) => file_event(spec),
                    None => Event::Text(text.to_string()),
                };
                n += 1;
                let msg = Incoming {
                    chat: chat.clone(),
                    message_id: format!("{n}"),
                    event,
                    lang_hint: None,
                    pressed_message: None,
                    sequence: None,
                    at: Utc::now(),
                };
                bot.handle(msg)
                    .await
                    .unwrap_or_else(|e| panic!("{}: {e}", at()));
                let mut texts = Vec::new();
                for item in bot
                    .db
                    .pending_outbox("script", Some(name), 100)
                    .await
                    .unwrap()
                {
                    bot.db.mark_sent(item.id, Utc::now()).await.unwrap();
                    texts.push(item.reply.text.clone());
                    texts.extend(item.reply.options.iter().map(|o| format!("[{}]", o.label)));
                    if let Some(file) = &item.reply.file {
                        texts.push(format!("FILE {}\n{}", file.name, file.content));
                    }
                }
                last = texts.join("\n");
            } else if let Some(want) = line.strip_prefix("? ") {
                assert!(
                    last.contains(want),
                    "{}: expected {want:?} in:\n{last}",
                    at()
                );
            } else if let Some(unwanted) = line.strip_prefix("! ") {
                assert!(
                    !last.contains(unwanted),
                    "{}: did not expect {unwanted:?} in:\n{last}",
                    at()
                );
            } else if line.trim() == "@ restart" {
                drop(bot);
                let db = common::db::connect(&f.url).await;
                db.migrate().await.unwrap();
                bot = Bot::new(db, common::defs());
            } else {
                assert!(
                    line.trim().is_empty() || line.starts_with('#'),
                    "{}: unknown script line {line:?}",
                    at()
                );
            }
        }
        assert!(n > 0, "{name}: empty script");
    }
}

fn file_event(spec: &str) -> Event {
    let parts: Vec<&str> = spec.split_whitespace().collect();
    assert_eq!(parts.len(), 3, "/file NAME KIND SIZE");
    let sniffed = match parts[1] {
        "pdf" => FileType::Pdf,
        "jpeg" => FileType::Jpeg,
        "png" => FileType::Png,
        _ => FileType::Other,
    };
    Event::File(FileInfo {
        reference: format!("script-file-{}", parts[0]),
        name: Some(parts[0].to_string()),
        mime: None,
        size: parts[2].parse().expect("size in bytes"),
        kind: if sniffed.is_image() {
            FileKind::Photo
        } else {
            FileKind::Document
        },
        sniffed: Some(sniffed),
        origin: None,
    })
}

#[tokio::test]
async fn every_script_replays_on_both_databases() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scripts");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    names.sort();
    assert!(!names.is_empty());
    for path in names {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        replay(&name, &std::fs::read_to_string(&path).unwrap()).await;
    }
}
