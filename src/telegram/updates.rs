//! What a Telegram update means for pandu, decided without I/O.

use teloxide::types::{
    CallbackQueryId, ChatMemberUpdated, Document, MaybeInaccessibleMessage, Message, PhotoSize,
    Update, UpdateKind,
};

use super::render::{Press, parse_callback};
use crate::dialog::Event;
use crate::dialog::model::{FileInfo, FileKind, FileType};
use crate::i18n::Lang;

/// What to do with one update.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// An event for the dialog of a private chat.
    Dialog {
        chat_id: i64,
        event: Event,
        lang: Option<Lang>,
        /// The message whose button was pressed.
        pressed: Option<i32>,
        callback: Option<CallbackQueryId>,
        /// A document whose first bytes must be read to know its type.
        sniff: Option<String>,
        /// The user's message itself (removed from the chat when it holds a secret).
        own: Option<i32>,
    },
    /// Another page of a long list.
    Page {
        chat_id: i64,
        source: i64,
        page: u32,
        callback: CallbackQueryId,
    },
    /// A button that needs only the spinner stopped.
    AnswerOnly(CallbackQueryId),
    /// The user blocked the bot (or unblocked it: `blocked` false).
    Membership { chat_id: i64, blocked: bool },
    /// A message in an agents' group (a supergroup), for the desk.
    Desk(DeskMessage),
    /// Not for pandu: group chats, channels, edits, other update kinds.
    Ignore,
}

/// A message written in a supergroup: by an agent (or someone who is not one).
#[derive(Debug, Clone, PartialEq)]
pub struct DeskMessage {
    pub chat_id: i64,
    /// The message's own id in the group (a command holding a NIK is deleted after use).
    pub message_id: i32,
    /// The forum topic, when the message is in one.
    pub thread: Option<i32>,
    pub from_id: i64,
    pub from_name: String,
    pub text: Option<String>,
    pub file: Option<FileInfo>,
}

/// The chat an update belongs to, for handling one chat's updates in order.
pub fn chat_of(update: &Update) -> Option<i64> {
    update.chat().map(|c| c.id.0)
}

pub fn classify(update: &Update) -> Action {
    match &update.kind {
        UpdateKind::Message(m) if m.chat.is_private() => message(m),
        UpdateKind::Message(m) if m.chat.is_supergroup() => desk_message(m),
        UpdateKind::EditedMessage(m) if m.chat.is_private() => Action::Dialog {
            chat_id: m.chat.id.0,
            event: Event::Edited,
            lang: None,
            pressed: None,
            callback: None,
            sniff: None,
            own: None,
        },
        UpdateKind::CallbackQuery(q) => {
            let Some(msg) = &q.message else {
                return Action::AnswerOnly(q.id.clone());
            };
            if !msg.chat().is_private() {
                return Action::AnswerOnly(q.id.clone());
            }
            let chat_id = msg.chat().id.0;
            let data = q.data.clone().unwrap_or_default();
            match parse_callback(&data) {
                Press::Nothing => Action::AnswerOnly(q.id.clone()),
                Press::Page { source, page } => Action::Page {
                    chat_id,
                    source,
                    page,
                    callback: q.id.clone(),
                },
                Press::Choice(key) => Action::Dialog {
                    chat_id,
                    event: Event::Choice { key },
                    lang: q.from.language_code.as_deref().and_then(Lang::from_tag),
                    pressed: Some(pressed_id(msg)),
                    callback: Some(q.id.clone()),
                    sniff: None,
                    own: None,
                },
            }
        }
        UpdateKind::MyChatMember(m) if m.chat.is_private() => membership(m),
        _ => Action::Ignore,
    }
}

fn pressed_id(msg: &MaybeInaccessibleMessage) -> i32 {
    msg.id().0
}

fn membership(m: &ChatMemberUpdated) -> Action {
    Action::Membership {
        chat_id: m.chat.id.0,
        blocked: m.new_chat_member.is_banned() || m.new_chat_member.is_left(),
    }
}

fn message(m: &Message) -> Action {
    let lang = m
        .from
        .as_ref()
        .and_then(|u| u.language_code.as_deref())
        .and_then(Lang::from_tag);
    let mut sniff = None;
    let event = if let Some(text) = m.text() {
        Event::Text(text.to_string())
    } else if let Some(sizes) = m.photo() {
        match largest(sizes) {
            Some(p) => Event::File(photo(p)),
            None => Event::Unsupported,
        }
    } else if let Some(d) = m.document() {
        sniff = Some(d.file.id.0.clone());
        Event::File(document(d))
    } else {
        Event::Unsupported
    };
    Action::Dialog {
        chat_id: m.chat.id.0,
        event,
        lang,
        pressed: None,
        callback: None,
        sniff,
        own: Some(m.id.0),
    }
}

fn desk_message(m: &Message) -> Action {
    let Some(from) = m.from.as_ref().filter(|u| !u.is_bot) else {
        return Action::Ignore;
    };
    let file = if let Some(sizes) = m.photo() {
        largest(sizes).map(photo)
    } else {
        m.document().map(document)
    };
    let text = m.text().or(m.caption()).map(str::to_string);
    if text.is_none() && file.is_none() {
        // Service messages (topic created, member joined), stickers and the like.
        return Action::Ignore;
    }
    Action::Desk(DeskMessage {
        chat_id: m.chat.id.0,
        message_id: m.id.0,
        thread: m
            .is_topic_message
            .then_some(m.thread_id)
            .flatten()
            .map(|t| t.0.0),
        from_id: from.id.0 as i64,
        from_name: from.full_name(),
        text,
        file,
    })
}

fn largest(sizes: &[PhotoSize]) -> Option<&PhotoSize> {
    sizes
        .iter()
        .max_by_key(|p| (u64::from(p.width) * u64::from(p.height), p.file.size))
}

fn photo(p: &PhotoSize) -> FileInfo {
    FileInfo {
        reference: p.file.id.0.clone(),
        name: None,
        mime: Some("image/jpeg".into()),
        size: u64::from(p.file.size),
        kind: FileKind::Photo,
        // Telegram re-encodes every photo as JPEG.
        sniffed: Some(FileType::Jpeg),
        origin: Some(super::CHANNEL.into()),
    }
}

fn document(d: &Document) -> FileInfo {
    FileInfo {
        reference: d.file.id.0.clone(),
        name: d.file_name.clone(),
        mime: d.mime_type.as_ref().map(|m| m.essence_str().to_string()),
        size: u64::from(d.file.size),
        kind: FileKind::Document,
        sniffed: None,
        origin: Some(super::CHANNEL.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn update(v: serde_json::Value) -> Update {
        // From text, as the Bot API answer arrives: teloxide's Update cannot be read from a Value.
        serde_json::from_str(&v.to_string()).expect("update parses")
    }

    fn from(lang: &str) -> serde_json::Value {
        json!({"id": 501, "is_bot": false, "first_name": "Uji", "language_code": lang})
    }

    #[test]
    fn private_text_goes_to_the_dialog_with_the_user_language() {
        let u = update(json!({"update_id": 1, "message": {
            "message_id": 3, "date": 1_700_000_000,
            "chat": {"id": 501, "type": "private", "first_name": "Uji"},
            "from": from("en-US"), "text": "/start kyc"}}));
        assert_eq!(chat_of(&u), Some(501));
        assert_eq!(
            classify(&u),
            Action::Dialog {
                chat_id: 501,
                event: Event::Text("/start kyc".into()),
                lang: Some(Lang::En),
                pressed: None,
                callback: None,
                sniff: None,
                own: Some(3),
            }
        );
    }

    #[test]
    fn groups_are_ignored() {
        let u = update(json!({"update_id": 2, "message": {
            "message_id": 3, "date": 1_700_000_000,
            "chat": {"id": -100, "type": "group", "title": "Puskesmas"},
            "from": from("id"), "text": "halo"}}));
        assert_eq!(classify(&u), Action::Ignore);
    }

    #[test]
    fn photos_take_the_largest_size_and_documents_need_a_look() {
        let u = update(json!({"update_id": 3, "message": {
        "message_id": 4, "date": 1_700_000_000,
        "chat": {"id": 501, "type": "private", "first_name": "Uji"}, "from": from("id"),
        "photo": [
            {"file_id": "small", "file_unique_id": "s", "width": 90, "height": 160, "file_size": 900},
            {"file_id": "big", "file_unique_id": "b", "width": 720, "height": 1280, "file_size": 90000}
        ]}}));
        let Action::Dialog {
            event: Event::File(f),
            sniff: None,
            ..
        } = classify(&u)
        else {
            panic!()
        };
        assert_eq!((f.reference.as_str(), f.size), ("big", 90000));
        // A Telegram file id: another channel must fetch the content to send it.
        assert_eq!(f.origin.as_deref(), Some("telegram"));
        let u = update(json!({"update_id": 4, "message": {
            "message_id": 5, "date": 1_700_000_000,
            "chat": {"id": 501, "type": "private", "first_name": "Uji"}, "from": from("id"),
            "document": {"file_id": "doc1", "file_unique_id": "d", "file_name": "izin.pdf",
                         "mime_type": "application/pdf", "file_size": 1234}}}));
        let Action::Dialog {
            event: Event::File(f),
            sniff: Some(id),
            ..
        } = classify(&u)
        else {
            panic!()
        };
        assert_eq!(id, "doc1");
        assert_eq!(f.mime.as_deref(), Some("application/pdf"));
        assert_eq!(f.kind, FileKind::Document);
        assert_eq!(f.origin.as_deref(), Some("telegram"));
    }

    #[test]
    fn buttons_carry_the_pressed_message() {
        let u = update(json!({"update_id": 5, "callback_query": {
            "id": "cb1", "from": from("id"), "chat_instance": "x", "data": "4:i2",
            "message": {"message_id": 9, "date": 1_700_000_000,
                        "chat": {"id": 501, "type": "private", "first_name": "Uji"},
                        "text": "Dokumen"}}}));
        match classify(&u) {
            Action::Dialog {
                event: Event::Choice { key },
                pressed: Some(9),
                callback: Some(_),
                ..
            } => assert_eq!(key, "4:i2"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn stickers_are_answered_as_unsupported() {
        let u = update(json!({"update_id": 6, "message": {
            "message_id": 4, "date": 1_700_000_000,
            "chat": {"id": 501, "type": "private", "first_name": "Uji"}, "from": from("id"),
            "location": {"latitude": -6.2, "longitude": 106.8}}}));
        assert!(matches!(
            classify(&u),
            Action::Dialog {
                event: Event::Unsupported,
                ..
            }
        ));
    }
}
