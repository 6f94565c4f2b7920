//! How a reply looks on Telegram: options become an inline keyboard, a long list is paged with
//! previous/next buttons, a checklist tick edits the message in place, long text is split
//! within Telegram's 4096-character limit, and files go as documents. A file from another
//! channel (a WhatsApp user's screenshot in an agents' topic) is uploaded, since Telegram
//! cannot send it by the other platform's id.

use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};

use crate::dialog::model::{FileInfo, FileKind, OptionsStyle, Reply, ReplyOption};
use crate::store::OutboxItem;

/// Telegram's limit on message text, in UTF-16 code units.
pub const TEXT_LIMIT: usize = 4096;
/// Telegram's limit on a button's callback data, in bytes.
pub const CALLBACK_DATA_LIMIT: usize = 64;
/// Options per page of a long list.
pub const PAGE_SIZE: usize = 8;

/// Prefix of the callback data of page buttons: `pg:<outbox id>:<page>`.
const PAGE_PREFIX: &str = "pg:";
/// Callback data of the "page n of m" label button.
pub const NOOP: &str = "pg:-";

/// One Bot API request that delivers (part of) a reply.
#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    /// `sendMessage`.
    Send {
        text: String,
        keyboard: Option<InlineKeyboardMarkup>,
    },
    /// `editMessageText` of an earlier message; sent anew when that message cannot be edited.
    Edit {
        message_id: i32,
        text: String,
        keyboard: Option<InlineKeyboardMarkup>,
    },
    /// `editMessageReplyMarkup`: another page of a long list.
    EditKeyboard {
        message_id: i32,
        keyboard: InlineKeyboardMarkup,
    },
    /// `sendDocument` with the file's content.
    Document {
        name: String,
        mime: String,
        content: Vec<u8>,
    },
    /// `sendPhoto` or `sendDocument` of a file Telegram already has, by its id.
    Media {
        photo: bool,
        file_id: String,
        caption: Option<String>,
    },
    /// `sendPhoto` (a JPEG or PNG photo) or `sendDocument` of a file from another channel (a
    /// WhatsApp user's screenshot): its content is fetched from there and uploaded.
    Upload {
        photo: bool,
        file: FileInfo,
        caption: Option<String>,
    },
}

/// Telegram's limit on a caption, in UTF-16 code units.
pub const CAPTION_LIMIT: usize = 1024;

/// What a pressed button asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Press {
    /// An option of the dialog: its key goes to the core.
    Choice(String),
    /// Show page `page` of the list delivered by outbox row `source`.
    Page { source: i64, page: u32 },
    /// The page label: nothing to do.
    Nothing,
}

pub fn parse_callback(data: &str) -> Press {
    if data == NOOP {
        return Press::Nothing;
    }
    if let Some(rest) = data.strip_prefix(PAGE_PREFIX)
        && let Some((source, page)) = rest.split_once(':')
        && let (Ok(source), Ok(page)) = (source.parse(), page.parse())
    {
        return Press::Page { source, page };
    }
    Press::Choice(data.to_string())
}

/// The requests that deliver outbox row `item`.
pub fn parts(item: &OutboxItem) -> Vec<Part> {
    let reply = &item.reply;
    let target = item
        .edit_target
        .as_deref()
        .and_then(|t| t.parse::<i32>().ok());
    if item.page_only {
        return match (target, keyboard(reply, item.id, item.page)) {
            (Some(message_id), Some(keyboard)) => vec![Part::EditKeyboard {
                message_id,
                keyboard,
            }],
            _ => Vec::new(),
        };
    }
    if let Some(media) = &reply.media {
        let text = reply.text.trim();
        let mut parts = Vec::new();
        let caption = if text.is_empty() {
            None
        } else if utf16_len(text) <= CAPTION_LIMIT {
            Some(text.to_string())
        } else {
            parts.extend(
                split_text(text, TEXT_LIMIT)
                    .into_iter()
                    .map(|text| Part::Send {
                        text,
                        keyboard: None,
                    }),
            );
            None
        };
        parts.push(if crate::media::is_foreign(media, super::CHANNEL) {
            Part::Upload {
                photo: crate::media::sends_as_photo(media),
                file: media.clone(),
                caption,
            }
        } else {
            Part::Media {
                photo: media.kind == FileKind::Photo,
                file_id: media.reference.clone(),
                caption,
            }
        });
        return parts;
    }
    let mut chunks = split_text(&reply.text, TEXT_LIMIT);
    let mut parts = Vec::with_capacity(chunks.len() + 1);
    let kb = keyboard(reply, item.id, 0);
    if let (Some(message_id), true, 1) =
        (target, reply.redraw && reply.file.is_none(), chunks.len())
    {
        return vec![Part::Edit {
            message_id,
            text: chunks.remove(0),
            keyboard: kb,
        }];
    }
    let last = chunks.len().saturating_sub(1);
    for (i, text) in chunks.into_iter().enumerate() {
        parts.push(Part::Send {
            text,
            keyboard: if i == last { kb.clone() } else { None },
        });
    }
    if let Some(f) = &reply.file {
        parts.push(Part::Document {
            name: f.name.clone(),
            mime: f.mime.clone(),
            content: f.content.clone().into_bytes(),
        });
    }
    parts
}

/// The inline keyboard of a reply at `page` (long lists only have pages).
pub fn keyboard(reply: &Reply, outbox_id: i64, page: u32) -> Option<InlineKeyboardMarkup> {
    let options: Vec<&ReplyOption> = reply
        .options
        .iter()
        .filter(|o| {
            let fits = o.key.len() <= CALLBACK_DATA_LIMIT;
            if !fits {
                tracing::error!(
                    len = o.key.len(),
                    "option key too long for a Telegram button"
                );
            }
            fits
        })
        .collect();
    if options.is_empty() {
        return None;
    }
    let button = |o: &&ReplyOption| InlineKeyboardButton::callback(o.label.clone(), o.key.clone());
    let mut rows: Vec<Vec<InlineKeyboardButton>> = Vec::new();
    let paged = reply.style == OptionsStyle::LongList && options.len() > PAGE_SIZE;
    let shown: &[&ReplyOption] = if paged {
        let pages = options.len().div_ceil(PAGE_SIZE);
        let page = (page as usize).min(pages - 1);
        let start = page * PAGE_SIZE;
        let end = (start + PAGE_SIZE).min(options.len());
        let shown = &options[start..end];
        rows.extend(
            two_columns_if_short(shown, 18)
                .into_iter()
                .map(|row| row.iter().map(button).collect::<Vec<_>>()),
        );
        let mut nav = Vec::new();
        if page > 0 {
            nav.push(InlineKeyboardButton::callback(
                "◀️",
                format!("{PAGE_PREFIX}{outbox_id}:{}", page - 1),
            ));
        }
        nav.push(InlineKeyboardButton::callback(
            format!("{}/{}", page + 1, pages),
            NOOP,
        ));
        if page + 1 < pages {
            nav.push(InlineKeyboardButton::callback(
                "▶️",
                format!("{PAGE_PREFIX}{outbox_id}:{}", page + 1),
            ));
        }
        rows.push(nav);
        return Some(InlineKeyboardMarkup::new(rows));
    } else {
        &options
    };
    let width = if reply.style == OptionsStyle::Checklist {
        0
    } else {
        16
    };
    rows.extend(
        two_columns_if_short(shown, width)
            .into_iter()
            .map(|row| row.iter().map(button).collect::<Vec<_>>()),
    );
    Some(InlineKeyboardMarkup::new(rows))
}

/// Two buttons a row when every label is at most `max_chars` long, else one.
fn two_columns_if_short<'a, 'b>(
    options: &'b [&'a ReplyOption],
    max_chars: usize,
) -> Vec<&'b [&'a ReplyOption]> {
    let short = options.len() > 1 && options.iter().all(|o| o.label.chars().count() <= max_chars);
    options.chunks(if short { 2 } else { 1 }).collect()
}

fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// Splits `text` into pieces of at most `limit` UTF-16 units, at a paragraph break if there is
/// one, else at a line break, else at a space, else anywhere.
pub fn split_text(text: &str, limit: usize) -> Vec<String> {
    let text = if text.trim().is_empty() { "…" } else { text };
    let mut out = Vec::new();
    let mut rest = text;
    while utf16_len(rest) > limit {
        // The longest prefix within the limit, on a char boundary.
        let mut units = 0;
        let mut cut = 0;
        for (i, c) in rest.char_indices() {
            if units + c.len_utf16() > limit {
                break;
            }
            units += c.len_utf16();
            cut = i + c.len_utf8();
        }
        let head = &rest[..cut];
        let at = ["\n\n", "\n", " "]
            .iter()
            .find_map(|sep| head.rfind(sep).filter(|&p| p > cut / 2))
            .unwrap_or(cut);
        let piece = rest[..at].trim_end();
        if !piece.is_empty() {
            out.push(piece.to_string());
        }
        rest = rest[at..].trim_start();
    }
    if !rest.trim().is_empty() || out.is_empty() {
        out.push(rest.to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialog::model::FileType;
    use crate::store::ChatKey;
    use teloxide::types::InlineKeyboardButtonKind;

    fn item(reply: Reply) -> OutboxItem {
        let chat = ChatKey {
            channel: "telegram".into(),
            chat_id: "1".into(),
        };
        OutboxItem::unsent(7, chat, reply, Default::default())
    }

    fn opts(n: usize) -> Vec<ReplyOption> {
        (0..n)
            .map(|i| ReplyOption {
                key: format!("3:{i}"),
                label: format!("Pilihan {i}"),
            })
            .collect()
    }

    fn data(kb: &InlineKeyboardMarkup) -> Vec<Vec<String>> {
        kb.inline_keyboard
            .iter()
            .map(|row| {
                row.iter()
                    .map(|b| match &b.kind {
                        InlineKeyboardButtonKind::CallbackData(d) => d.clone(),
                        _ => String::new(),
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn long_lists_are_paged() {
        let reply = Reply {
            text: "Pilih kabupaten".into(),
            options: opts(20),
            style: OptionsStyle::LongList,
            ..Default::default()
        };
        let first = keyboard(&reply, 7, 0).unwrap();
        let d = data(&first);
        let nav = d.last().unwrap();
        assert_eq!(nav, &vec![NOOP.to_string(), "pg:7:1".to_string()]);
        let buttons: usize = d[..d.len() - 1].iter().map(Vec::len).sum();
        assert_eq!(buttons, PAGE_SIZE);
        let last = data(&keyboard(&reply, 7, 2).unwrap());
        assert_eq!(
            last.last().unwrap(),
            &vec!["pg:7:1".to_string(), NOOP.to_string()]
        );
        assert_eq!(
            last[..last.len() - 1].iter().map(Vec::len).sum::<usize>(),
            4
        );
        // A page past the end shows the last one.
        assert_eq!(data(&keyboard(&reply, 7, 9).unwrap()), last);
        assert_eq!(parse_callback("pg:7:1"), Press::Page { source: 7, page: 1 });
        assert_eq!(parse_callback(NOOP), Press::Nothing);
        assert_eq!(
            parse_callback("4:flow:kyc"),
            Press::Choice("4:flow:kyc".into())
        );
    }

    #[test]
    fn a_redrawn_checklist_edits_the_pressed_message() {
        let mut it = item(Reply {
            text: "Dokumen".into(),
            options: opts(3),
            style: OptionsStyle::Checklist,
            redraw: true,
            ..Default::default()
        });
        it.edit_target = Some("55".into());
        match &parts(&it)[..] {
            [Part::Edit { message_id: 55, .. }] => {}
            other => panic!("{other:?}"),
        }
        it.reply.redraw = false;
        assert!(matches!(&parts(&it)[..], [Part::Send { .. }]));
    }

    #[test]
    fn long_text_is_split_with_the_keyboard_on_the_last_piece() {
        let para = "Langkah pendaftaran fasyankes. ".repeat(60);
        let text = format!("{para}\n\n{para}\n\n{para}");
        let it = item(Reply {
            text: text.clone(),
            options: opts(2),
            ..Default::default()
        });
        let p = parts(&it);
        assert!(p.len() >= 2);
        for (i, part) in p.iter().enumerate() {
            let Part::Send { text, keyboard } = part else {
                panic!()
            };
            assert!(utf16_len(text) <= TEXT_LIMIT);
            assert_eq!(keyboard.is_some(), i == p.len() - 1);
        }
        let joined: String = p
            .iter()
            .map(|x| match x {
                Part::Send { text, .. } => text.replace(char::is_whitespace, ""),
                _ => String::new(),
            })
            .collect();
        assert_eq!(joined, text.replace(char::is_whitespace, ""));
    }

    fn media(origin: Option<&str>, kind: FileKind, sniffed: Option<FileType>) -> FileInfo {
        FileInfo {
            reference: "wamid-media-1".into(),
            name: Some("bukti.pdf".into()),
            mime: None,
            size: 30_000,
            kind,
            sniffed,
            origin: origin.map(str::to_string),
        }
    }

    #[test]
    fn files_from_another_channel_are_uploaded_and_telegrams_sent_by_id() {
        let with = |m: FileInfo, text: &str| {
            parts(&item(Reply {
                text: text.into(),
                media: Some(m),
                ..Default::default()
            }))
        };
        // A WhatsApp user's JPEG screenshot: uploaded as a photo, the text as its caption.
        let shot = media(Some("whatsapp"), FileKind::Photo, Some(FileType::Jpeg));
        assert_eq!(
            with(shot.clone(), "Lampiran 1"),
            vec![Part::Upload {
                photo: true,
                file: shot.clone(),
                caption: Some("Lampiran 1".into()),
            }]
        );
        // A PDF, and a photo that is no JPEG or PNG: documents.
        let pdf = media(Some("whatsapp"), FileKind::Document, Some(FileType::Pdf));
        assert!(matches!(
            &with(pdf, "")[..],
            [Part::Upload {
                photo: false,
                caption: None,
                ..
            }]
        ));
        let webp = media(Some("whatsapp"), FileKind::Photo, Some(FileType::Webp));
        assert!(matches!(
            &with(webp, "x")[..],
            [Part::Upload { photo: false, .. }]
        ));
        // Telegram's own files, and files of unknown origin (stored before it was recorded),
        // go by id as before.
        for origin in [Some("telegram"), None] {
            let own = media(origin, FileKind::Photo, Some(FileType::Jpeg));
            assert_eq!(
                with(own, "Foto"),
                vec![Part::Media {
                    photo: true,
                    file_id: "wamid-media-1".into(),
                    caption: Some("Foto".into()),
                }]
            );
        }
        // A text too long for a caption goes first, on its own.
        let long = "Penjelasan panjang. ".repeat(80);
        let p = with(shot, &long);
        assert!(
            matches!(
                &p[..],
                [Part::Send { .. }, Part::Upload { caption: None, .. }]
            ),
            "{p:?}"
        );
    }

    #[test]
    fn splitting_counts_utf16_and_never_cuts_a_character() {
        let text = "✅😀".repeat(3000);
        for piece in split_text(&text, 100) {
            assert!(utf16_len(&piece) <= 100);
        }
        assert_eq!(split_text("", 10), vec!["…".to_string()]);
    }
}
