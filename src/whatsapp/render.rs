//! How a reply looks on WhatsApp, chosen from the neutral reply model within Meta's limits:
//! up to 3 short options are reply buttons, up to 10 are a list, more (provinces) are a
//! numbered text menu that is answered by typing the number or the name. A file goes as an
//! image (a JPEG or PNG photo) or a document, with the text as its caption when it fits.

use serde_json::{Value, json};

use crate::dialog::model::{FileInfo, Reply, ReplyOption};

/// Reply buttons per message, and their title length.
pub const BUTTONS_MAX: usize = 3;
pub const BUTTON_TITLE_MAX: usize = 20;
/// Rows of a list message, their title and description length.
pub const LIST_ROWS_MAX: usize = 10;
pub const ROW_TITLE_MAX: usize = 24;
pub const ROW_DESCRIPTION_MAX: usize = 72;
/// Body of an interactive message, and of a text message.
pub const INTERACTIVE_BODY_MAX: usize = 1024;
/// Caption of an image or a document.
pub const CAPTION_MAX: usize = 1024;
pub const TEXT_MAX: usize = 4096;
/// Ids of buttons and rows.
pub const ID_MAX: usize = 200;
/// The list's button: a sign rather than a word, since replies carry no language.
const LIST_BUTTON: &str = "☰";

/// One Cloud API message.
#[derive(Debug, Clone, PartialEq)]
pub enum WaPart {
    Text(String),
    Buttons {
        body: String,
        buttons: Vec<(String, String)>,
    },
    List {
        body: String,
        /// (id, title, description)
        rows: Vec<(String, String, Option<String>)>,
    },
    /// A file made by the bot (a CSV roster), uploaded then sent.
    Document {
        name: String,
        mime: String,
        content: Vec<u8>,
    },
    /// A platform file (an agent's photo): sent by its media id when it is WhatsApp's, else
    /// fetched from its channel and uploaded first.
    Media {
        /// An image message (a JPEG or PNG photo), else a document with its file name.
        image: bool,
        file: FileInfo,
        caption: Option<String>,
    },
}

impl WaPart {
    /// The `messages` request body for `to`, without media (uploaded documents get their id
    /// from the upload).
    pub fn request(&self, to: &str, media_id: Option<&str>) -> Value {
        let mut v =
            json!({ "messaging_product": "whatsapp", "recipient_type": "individual", "to": to });
        match self {
            WaPart::Text(body) => {
                v["type"] = json!("text");
                v["text"] = json!({ "body": body, "preview_url": false });
            }
            WaPart::Buttons { body, buttons } => {
                v["type"] = json!("interactive");
                v["interactive"] = json!({
                    "type": "button",
                    "body": { "text": body },
                    "action": { "buttons": buttons.iter().map(|(id, title)| json!({
                        "type": "reply", "reply": { "id": id, "title": title }
                    })).collect::<Vec<_>>() }
                });
            }
            WaPart::List { body, rows } => {
                v["type"] = json!("interactive");
                v["interactive"] = json!({
                    "type": "list",
                    "body": { "text": body },
                    "action": {
                        "button": LIST_BUTTON,
                        "sections": [{ "rows": rows.iter().map(|(id, title, desc)| {
                            let mut r = json!({ "id": id, "title": title });
                            if let Some(d) = desc {
                                r["description"] = json!(d);
                            }
                            r
                        }).collect::<Vec<_>>() }]
                    }
                });
            }
            WaPart::Document { name, .. } => {
                v["type"] = json!("document");
                v["document"] = json!({ "id": media_id.unwrap_or_default(), "filename": name });
            }
            WaPart::Media {
                image,
                file,
                caption,
            } => {
                let id = media_id.unwrap_or(&file.reference);
                let (kind, mut media) = if *image {
                    ("image", json!({ "id": id }))
                } else {
                    let name =
                        crate::media::file_name(file, file.mime.as_deref().unwrap_or_default());
                    ("document", json!({ "id": id, "filename": name }))
                };
                if let Some(c) = caption {
                    media["caption"] = json!(c);
                }
                v["type"] = json!(kind);
                v[kind] = media;
            }
        }
        v
    }
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// At most `max` characters, cut at a space when there is one late enough, with "…".
fn shorten(s: &str, max: usize) -> String {
    if chars(s) <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max.saturating_sub(1)).collect();
    let at = cut
        .rfind(' ')
        .filter(|&p| p > cut.len() / 2)
        .unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end())
}

/// Splits text into messages of at most `max` characters, at paragraph or line breaks.
pub fn split(text: &str, max: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for line in text.split('\n') {
        let pieces: Vec<String> = if chars(line) > max {
            line.chars()
                .collect::<Vec<_>>()
                .chunks(max)
                .map(|c| c.iter().collect())
                .collect()
        } else {
            vec![line.to_string()]
        };
        for piece in pieces {
            let extra = if current.is_empty() { 0 } else { 1 };
            if chars(&current) + extra + chars(&piece) > max && !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            if !current.is_empty() {
                current.push('\n');
            }
            current.push_str(&piece);
        }
    }
    if !current.trim().is_empty() || out.is_empty() {
        out.push(current);
    }
    out
}

/// The messages that show `reply`.
pub fn parts(reply: &Reply) -> Vec<WaPart> {
    let text = if reply.text.trim().is_empty() {
        "…".to_string()
    } else {
        reply.text.clone()
    };
    let options: Vec<&ReplyOption> = reply
        .options
        .iter()
        .filter(|o| chars(&o.key) <= ID_MAX)
        .collect();
    let mut parts = Vec::new();
    if let (Some(file), true) = (&reply.media, options.is_empty()) {
        // The text is the file's caption when it fits, else it goes first on its own.
        let text = reply.text.trim();
        let caption = if text.is_empty() {
            None
        } else if chars(text) <= CAPTION_MAX {
            Some(text.to_string())
        } else {
            parts.extend(split(text, TEXT_MAX).into_iter().map(WaPart::Text));
            None
        };
        parts.push(media_part(file, caption));
        return parts;
    }
    let unique = |max: usize| {
        let mut seen = std::collections::HashSet::new();
        options.iter().all(|o| seen.insert(shorten(&o.label, max)))
    };
    if options.is_empty() {
        parts.extend(split(&text, TEXT_MAX).into_iter().map(WaPart::Text));
    } else if options.len() <= BUTTONS_MAX
        && options.iter().all(|o| chars(&o.label) <= BUTTON_TITLE_MAX)
        && unique(BUTTON_TITLE_MAX)
    {
        let body = body_within(&text, &mut parts);
        parts.push(WaPart::Buttons {
            body,
            buttons: options
                .iter()
                .map(|o| (o.key.clone(), o.label.clone()))
                .collect(),
        });
    } else if options.len() <= LIST_ROWS_MAX && unique(ROW_TITLE_MAX) {
        let body = body_within(&text, &mut parts);
        parts.push(WaPart::List {
            body,
            rows: options
                .iter()
                .map(|o| {
                    let title = shorten(&o.label, ROW_TITLE_MAX);
                    let description =
                        (title != o.label).then(|| shorten(&o.label, ROW_DESCRIPTION_MAX));
                    (o.key.clone(), title, description)
                })
                .collect(),
        });
    } else {
        // Too many for WhatsApp's controls: a numbered menu, answered by number or by name.
        let menu: Vec<String> = options
            .iter()
            .enumerate()
            .map(|(i, o)| format!("{}. {}", i + 1, o.label))
            .collect();
        let full = format!("{text}\n\n{}", menu.join("\n"));
        parts.extend(split(&full, TEXT_MAX).into_iter().map(WaPart::Text));
    }
    if let Some(file) = &reply.media {
        parts.push(media_part(file, None));
    }
    if let Some(f) = &reply.file {
        parts.push(WaPart::Document {
            name: f.name.clone(),
            mime: f.mime.clone(),
            content: f.content.clone().into_bytes(),
        });
    }
    parts
}

fn media_part(file: &FileInfo, caption: Option<String>) -> WaPart {
    WaPart::Media {
        image: crate::media::sends_as_photo(file),
        file: file.clone(),
        caption,
    }
}

/// The body of an interactive message: the text when it fits, else its earlier part goes
/// first as text messages and the body is the last paragraph.
fn body_within(text: &str, parts: &mut Vec<WaPart>) -> String {
    if chars(text) <= INTERACTIVE_BODY_MAX {
        return text.to_string();
    }
    let (head, last) = text.rsplit_once("\n\n").unwrap_or(("", text));
    let last = shorten(last, INTERACTIVE_BODY_MAX);
    let head = if head.is_empty() {
        text.to_string()
    } else {
        head.to_string()
    };
    parts.extend(split(&head, TEXT_MAX).into_iter().map(WaPart::Text));
    last
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialog::model::{FileKind, FileType, OptionsStyle};

    fn reply(text: &str, labels: &[&str]) -> Reply {
        Reply {
            text: text.into(),
            options: labels
                .iter()
                .enumerate()
                .map(|(i, l)| ReplyOption {
                    key: format!("4:{i}"),
                    label: (*l).into(),
                })
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn up_to_three_short_options_are_buttons() {
        let p = parts(&reply("Lanjut?", &["Ya", "Tidak"]));
        assert_eq!(
            p,
            vec![WaPart::Buttons {
                body: "Lanjut?".into(),
                buttons: vec![("4:0".into(), "Ya".into()), ("4:1".into(), "Tidak".into())]
            }]
        );
        let v = p[0].request("628123450001", None);
        assert_eq!(
            v["interactive"]["action"]["buttons"][1]["reply"]["title"],
            "Tidak"
        );
    }

    #[test]
    fn longer_labels_or_more_options_are_a_list() {
        let labels = [
            "Registrasi Klinik (Registrasi Fasyankes)",
            "Verifikasi SATUSEHAT Mobile (KYC) gagal",
            "Akun Keluarga Sehat",
            "Status saya",
        ];
        let p = parts(&reply("Menu utama", &labels));
        let WaPart::List { rows, .. } = &p[0] else {
            panic!("{p:?}")
        };
        assert_eq!(rows.len(), 4);
        for (_, title, desc) in rows {
            assert!(chars(title) <= ROW_TITLE_MAX, "{title}");
            assert!(
                desc.as_deref()
                    .is_none_or(|d| chars(d) <= ROW_DESCRIPTION_MAX)
            );
        }
        assert_eq!(rows[0].2.as_deref(), Some(labels[0]));
        assert_eq!(rows[2].2, None);
    }

    #[test]
    fn more_than_ten_options_are_a_numbered_menu() {
        let labels: Vec<String> = (1..=38).map(|i| format!("Provinsi {i}")).collect();
        let refs: Vec<&str> = labels.iter().map(String::as_str).collect();
        let mut r = reply("Pilih provinsi (atau ketik namanya):", &refs);
        r.style = OptionsStyle::LongList;
        let p = parts(&r);
        let WaPart::Text(t) = &p[0] else { panic!() };
        assert!(
            t.contains("\n1. Provinsi 1\n") && t.contains("38. Provinsi 38"),
            "{t}"
        );
    }

    #[test]
    fn long_bodies_and_texts_fit() {
        let long = format!("{}\n\nPilih salah satu:", "Langkah panjang. ".repeat(100));
        let p = parts(&reply(&long, &["Ya", "Tidak"]));
        assert!(matches!(&p[0], WaPart::Text(_)));
        let WaPart::Buttons { body, .. } = p.last().unwrap() else {
            panic!()
        };
        assert_eq!(body, "Pilih salah satu:");
        let huge = "x".repeat(10_000);
        for piece in split(&huge, TEXT_MAX) {
            assert!(chars(&piece) <= TEXT_MAX);
        }
        assert_eq!(split(&huge, TEXT_MAX).concat(), huge);
        assert_eq!(
            shorten("Verifikasi SATUSEHAT Mobile (KYC) gagal", 24),
            "Verifikasi SATUSEHAT…"
        );
    }

    fn file(kind: FileKind, sniffed: FileType, name: Option<&str>) -> FileInfo {
        FileInfo {
            reference: "AgACAgUAAxkBAAIBZ2".into(),
            name: name.map(str::to_string),
            mime: None,
            size: 20_000,
            kind,
            sniffed: Some(sniffed),
            origin: Some("telegram".into()),
        }
    }

    fn with_media(text: &str, media: FileInfo) -> Reply {
        Reply {
            text: text.into(),
            media: Some(media),
            ..Default::default()
        }
    }

    #[test]
    fn photos_are_images_and_other_files_documents_with_the_text_as_caption() {
        let photo = file(FileKind::Photo, FileType::Jpeg, None);
        let p = parts(&with_media("👤 Rina: Ini contohnya", photo.clone()));
        assert_eq!(
            p,
            vec![WaPart::Media {
                image: true,
                file: photo.clone(),
                caption: Some("👤 Rina: Ini contohnya".into()),
            }]
        );
        let v = p[0].request("628123450001", Some("9001"));
        assert_eq!(v["type"], "image");
        assert_eq!(
            v["image"],
            json!({ "id": "9001", "caption": "👤 Rina: Ini contohnya" })
        );

        let png = file(FileKind::Photo, FileType::Png, None);
        assert!(matches!(
            &parts(&with_media("x", png))[..],
            [WaPart::Media { image: true, .. }]
        ));
        for other in [
            file(FileKind::Document, FileType::Pdf, Some("surat.pdf")),
            file(FileKind::Document, FileType::Jpeg, Some("scan.jpg")),
            file(FileKind::Photo, FileType::Webp, None),
        ] {
            let p = parts(&with_media("Berkas", other.clone()));
            assert!(
                matches!(&p[..], [WaPart::Media { image: false, caption: Some(c), .. }] if c == "Berkas"),
                "{other:?}: {p:?}"
            );
        }
        let pdf = file(FileKind::Document, FileType::Pdf, Some("surat.pdf"));
        let v = parts(&with_media("Berkas", pdf))[0].request("628123450001", Some("9002"));
        assert_eq!(v["type"], "document");
        assert_eq!(
            v["document"],
            json!({ "id": "9002", "filename": "surat.pdf", "caption": "Berkas" })
        );
        // WhatsApp's own media go by their id.
        let own = FileInfo {
            origin: Some("whatsapp".into()),
            ..photo.clone()
        };
        let v = parts(&with_media("", own))[0].request("628123450001", None);
        assert_eq!(v["image"], json!({ "id": "AgACAgUAAxkBAAIBZ2" }));
    }

    #[test]
    fn a_text_too_long_for_a_caption_goes_first() {
        let photo = file(FileKind::Photo, FileType::Jpeg, None);
        let fits = "a".repeat(CAPTION_MAX);
        assert!(matches!(
            &parts(&with_media(&fits, photo.clone()))[..],
            [WaPart::Media { caption: Some(c), .. }] if *c == fits
        ));
        let over = "a".repeat(CAPTION_MAX + 1);
        assert!(matches!(
            &parts(&with_media(&over, photo.clone()))[..],
            [WaPart::Text(t), WaPart::Media { caption: None, .. }] if *t == over
        ));
        let long = format!("{}\n\n{}", "Penjelasan. ".repeat(100), "b".repeat(50));
        assert!(chars(&long) > CAPTION_MAX);
        let p = parts(&with_media(&long, photo.clone()));
        let [WaPart::Text(t), WaPart::Media { caption: None, .. }] = &p[..] else {
            panic!("{p:?}")
        };
        assert_eq!(t, &long);
        let huge = "c".repeat(TEXT_MAX + 10);
        let p = parts(&with_media(&huge, photo.clone()));
        assert!(matches!(
            &p[..],
            [
                WaPart::Text(_),
                WaPart::Text(_),
                WaPart::Media { caption: None, .. }
            ]
        ));
        // No text: no caption.
        assert!(matches!(
            &parts(&with_media("  ", photo))[..],
            [WaPart::Media { caption: None, .. }]
        ));
    }

    #[test]
    fn duplicate_short_titles_fall_back_to_the_menu() {
        let a = "Dokumen pendukung institusi bagian pertama";
        let b = "Dokumen pendukung institusi bagian kedua";
        let p = parts(&reply("Pilih", &[a, b]));
        assert!(
            matches!(&p[0], WaPart::Text(t) if t.contains("1. ") && t.contains("2. ")),
            "{p:?}"
        );
    }
}
