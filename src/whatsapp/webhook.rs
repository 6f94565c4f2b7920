//! Meta's webhook for the WhatsApp Business Cloud API, without I/O: the signature check on the
//! raw body, the verification handshake, and what a delivery holds (messages and statuses, in
//! any number and order).

use hmac::{Hmac, KeyInit, Mac};
use serde::Deserialize;
use sha2::Sha256;

use crate::dialog::Event;
use crate::dialog::model::{FileInfo, FileKind};
use crate::http::same_secret;

/// `X-Hub-Signature-256`: `sha256=<hex HMAC-SHA256 of the raw body with the app secret>`.
pub const SIGNATURE_HEADER: &str = "x-hub-signature-256";

/// Whether `header` is the right signature of `body`, compared in constant time. Checked
/// before the body is parsed.
pub fn signature_ok(app_secret: &[u8], body: &[u8], header: Option<&str>) -> bool {
    let Some(hex) = header.and_then(|h| h.trim().strip_prefix("sha256=")) else {
        return false;
    };
    let Some(given) = decode_hex(hex) else {
        return false;
    };
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(app_secret) else {
        return false;
    };
    mac.update(body);
    mac.verify_slice(&given).is_ok()
}

fn decode_hex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// The `GET` handshake: the challenge to echo when the mode is `subscribe` and the token is
/// ours.
pub fn handshake<'a>(
    mode: Option<&str>,
    token: Option<&str>,
    challenge: Option<&'a str>,
    verify_token: &str,
) -> Option<&'a str> {
    let token_ok = token.is_some_and(|t| same_secret(t.as_bytes(), verify_token.as_bytes()));
    (mode == Some("subscribe") && token_ok)
        .then_some(challenge)
        .flatten()
}

/// Something a delivery reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    Message(WaMessage),
    Status(WaStatus),
}

/// A message from a user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaMessage {
    /// The user's WhatsApp id (their number, digits only).
    pub from: String,
    /// `wamid.…`: recorded to recognise a re-delivery.
    pub id: String,
    /// Unix seconds, as Meta sends it.
    pub timestamp: i64,
    pub body: Body,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    Text(String),
    /// A reply button or a list row: the id the bot gave it.
    Reply {
        id: String,
        title: String,
    },
    Media {
        kind: FileKind,
        media_id: String,
        mime: Option<String>,
        file_name: Option<String>,
    },
    /// Stickers, locations, audio, reactions and the like.
    Unsupported,
}

impl WaMessage {
    /// The dialog event, with the file's size still unknown (0) for media: the channel fills
    /// it in from the media endpoint.
    pub fn event(&self) -> Event {
        match &self.body {
            Body::Text(t) => Event::Text(t.clone()),
            Body::Reply { id, .. } => Event::Choice { key: id.clone() },
            Body::Media {
                kind,
                media_id,
                mime,
                file_name,
            } => Event::File(FileInfo {
                reference: media_id.clone(),
                name: file_name.clone(),
                mime: mime.clone(),
                size: 0,
                kind: *kind,
                sniffed: None,
                origin: Some(super::transport::CHANNEL.into()),
            }),
            Body::Unsupported => Event::Unsupported,
        }
    }
}

/// A delivery status of a message the bot sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaStatus {
    pub id: String,
    /// `sent`, `delivered`, `read` or `failed`.
    pub status: String,
    pub timestamp: i64,
    pub recipient: String,
    /// Meta's error codes of a failed message (131047: outside the 24-hour window).
    pub errors: Vec<i64>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ParseError {
    #[error("not a WhatsApp webhook body (line {line}, column {column})")]
    Json { line: usize, column: usize },
    #[error("not a whatsapp_business_account delivery")]
    Object,
}

#[derive(Deserialize)]
struct Envelope {
    object: String,
    #[serde(default)]
    entry: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    #[serde(default)]
    changes: Vec<Change>,
}

#[derive(Deserialize)]
struct Change {
    #[serde(default)]
    value: Value,
}

#[derive(Deserialize, Default)]
struct Value {
    #[serde(default)]
    messages: Vec<RawMessage>,
    #[serde(default)]
    statuses: Vec<RawStatus>,
}

#[derive(Deserialize)]
struct RawMessage {
    from: String,
    id: String,
    #[serde(default)]
    timestamp: String,
    #[serde(rename = "type", default)]
    kind: String,
    #[serde(default)]
    text: Option<RawText>,
    #[serde(default)]
    interactive: Option<RawInteractive>,
    #[serde(default)]
    button: Option<RawButton>,
    #[serde(default)]
    image: Option<RawMedia>,
    #[serde(default)]
    document: Option<RawMedia>,
}

#[derive(Deserialize)]
struct RawText {
    body: String,
}

#[derive(Deserialize)]
struct RawInteractive {
    #[serde(default)]
    button_reply: Option<RawReply>,
    #[serde(default)]
    list_reply: Option<RawReply>,
}

#[derive(Deserialize)]
struct RawReply {
    id: String,
    #[serde(default)]
    title: String,
}

/// A quick-reply button of a template message.
#[derive(Deserialize)]
struct RawButton {
    #[serde(default)]
    payload: String,
    #[serde(default)]
    text: String,
}

#[derive(Deserialize)]
struct RawMedia {
    id: String,
    #[serde(default)]
    mime_type: Option<String>,
    #[serde(default)]
    filename: Option<String>,
}

#[derive(Deserialize)]
struct RawStatus {
    id: String,
    status: String,
    #[serde(default)]
    timestamp: String,
    #[serde(default)]
    recipient_id: String,
    #[serde(default)]
    errors: Vec<RawError>,
}

#[derive(Deserialize)]
struct RawError {
    #[serde(default)]
    code: i64,
}

/// Everything a delivery reports, in the order it lists them.
pub fn parse(body: &[u8]) -> Result<Vec<Notice>, ParseError> {
    // serde's message could quote the body (a user's text): only the position is kept.
    let env: Envelope = serde_json::from_slice(body).map_err(|e| ParseError::Json {
        line: e.line(),
        column: e.column(),
    })?;
    if env.object != "whatsapp_business_account" {
        return Err(ParseError::Object);
    }
    let mut out = Vec::new();
    for change in env.entry.into_iter().flat_map(|e| e.changes) {
        for m in change.value.messages {
            out.push(Notice::Message(message(m)));
        }
        for s in change.value.statuses {
            out.push(Notice::Status(WaStatus {
                id: s.id,
                status: s.status,
                timestamp: s.timestamp.parse().unwrap_or(0),
                recipient: s.recipient_id,
                errors: s.errors.into_iter().map(|e| e.code).collect(),
            }));
        }
    }
    Ok(out)
}

fn message(m: RawMessage) -> WaMessage {
    let media = |kind, r: RawMedia| Body::Media {
        kind,
        media_id: r.id,
        mime: r.mime_type,
        file_name: r.filename,
    };
    let body = match (
        m.kind.as_str(),
        m.text,
        m.interactive,
        m.button,
        m.image,
        m.document,
    ) {
        ("text", Some(t), ..) => Body::Text(t.body),
        ("interactive", _, Some(i), ..) => match i.button_reply.or(i.list_reply) {
            Some(r) => Body::Reply {
                id: r.id,
                title: r.title,
            },
            None => Body::Unsupported,
        },
        // A template's quick-reply button: its payload is the id the bot set.
        ("button", _, _, Some(b), ..) => Body::Reply {
            id: b.payload,
            title: b.text,
        },
        ("image", _, _, _, Some(i), _) => media(FileKind::Photo, i),
        ("document", .., Some(d)) => media(FileKind::Document, d),
        _ => Body::Unsupported,
    };
    WaMessage {
        from: m.from,
        id: m.id,
        timestamp: m.timestamp.parse().unwrap_or(0),
        body,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sign(secret: &[u8], body: &[u8]) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret).unwrap();
        mac.update(body);
        let bytes = mac.finalize().into_bytes();
        format!(
            "sha256={}",
            bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
        )
    }

    #[test]
    fn signatures_are_checked_on_the_raw_body() {
        let body = br#"{"object":"whatsapp_business_account","entry":[]}"#;
        let good = sign(b"rahasia-aplikasi", body);
        assert!(signature_ok(b"rahasia-aplikasi", body, Some(&good)));
        assert!(!signature_ok(b"rahasia-lain", body, Some(&good)));
        assert!(!signature_ok(b"rahasia-aplikasi", b"{}", Some(&good)));
        assert!(!signature_ok(b"rahasia-aplikasi", body, None));
        assert!(!signature_ok(b"rahasia-aplikasi", body, Some("sha256=zz")));
        assert!(!signature_ok(b"rahasia-aplikasi", body, Some(&good[7..])));
        // RFC 4231 test case 2.
        let rfc = sign(b"Jefe", b"what do ya want for nothing?");
        assert_eq!(
            rfc,
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn the_handshake_echoes_the_challenge_for_our_token_only() {
        assert_eq!(
            handshake(Some("subscribe"), Some("tok"), Some("123"), "tok"),
            Some("123")
        );
        assert_eq!(
            handshake(Some("subscribe"), Some("tak"), Some("123"), "tok"),
            None
        );
        assert_eq!(
            handshake(Some("other"), Some("tok"), Some("1"), "tok"),
            None
        );
        assert_eq!(handshake(Some("subscribe"), None, Some("1"), "tok"), None);
    }

    #[test]
    fn a_batch_with_messages_and_statuses_in_any_order() {
        let body = json!({
            "object": "whatsapp_business_account",
            "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
                "messaging_product": "whatsapp",
                "metadata": {"display_phone_number": "6281100009999", "phone_number_id": "1234567890"},
                "statuses": [{"id": "wamid.OUT1", "status": "failed", "timestamp": "1790000002",
                              "recipient_id": "628123450001", "errors": [{"code": 131047, "title": "Re-engagement message"}]}],
                "contacts": [{"profile": {"name": "Uji Coba"}, "wa_id": "628123450001"}],
                "messages": [
                    {"from": "628123450001", "id": "wamid.A", "timestamp": "1790000000", "type": "text", "text": {"body": "/kyc"}},
                    {"from": "628123450002", "id": "wamid.B", "timestamp": "1790000001", "type": "interactive",
                     "interactive": {"type": "list_reply", "list_reply": {"id": "3:33", "title": "Jawa Tengah"}}},
                    {"from": "628123450001", "id": "wamid.C", "timestamp": "1790000003", "type": "image",
                     "image": {"id": "MEDIA1", "mime_type": "image/jpeg", "sha256": "x"}},
                    {"from": "628123450001", "id": "wamid.D", "timestamp": "1790000004", "type": "document",
                     "document": {"id": "MEDIA2", "mime_type": "application/pdf", "filename": "izin.pdf"}},
                    {"from": "628123450001", "id": "wamid.E", "timestamp": "1790000005", "type": "sticker",
                     "sticker": {"id": "S"}}
                ]
            }}]}]
        });
        let notices = parse(body.to_string().as_bytes()).unwrap();
        assert_eq!(notices.len(), 6);
        let Notice::Message(a) = &notices[0] else {
            panic!()
        };
        assert_eq!(a.event(), Event::Text("/kyc".into()));
        assert_eq!(a.timestamp, 1_790_000_000);
        let Notice::Message(b) = &notices[1] else {
            panic!()
        };
        assert_eq!(b.event(), Event::Choice { key: "3:33".into() });
        let Notice::Message(d) = &notices[3] else {
            panic!()
        };
        match d.event() {
            Event::File(f) => {
                assert_eq!(f.reference, "MEDIA2");
                assert_eq!(f.name.as_deref(), Some("izin.pdf"));
                assert_eq!(f.kind, FileKind::Document);
                assert_eq!(f.origin.as_deref(), Some("whatsapp"));
            }
            other => panic!("{other:?}"),
        }
        let Notice::Message(e) = &notices[4] else {
            panic!()
        };
        assert_eq!(e.event(), Event::Unsupported);
        let Notice::Status(s) = &notices[5] else {
            panic!()
        };
        assert_eq!(
            (s.status.as_str(), s.errors.as_slice()),
            ("failed", &[131047][..])
        );
    }

    #[test]
    fn malformed_bodies_are_errors_not_panics() {
        assert!(matches!(parse(b"not json"), Err(ParseError::Json { .. })));
        assert_eq!(
            parse(br#"{"object":"page","entry":[]}"#),
            Err(ParseError::Object)
        );
        assert!(parse(br#"{"object":"whatsapp_business_account","entry":[{"changes":[{"value":{"messages":[{"id":1}]}}]}]}"#).is_err());
        assert_eq!(
            parse(
                br#"{"object":"whatsapp_business_account","entry":[{"changes":[{"value":{}}]}]}"#
            ),
            Ok(vec![])
        );
    }
}
