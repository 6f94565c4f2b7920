//! Self-test of the fake WhatsApp Business Cloud API (`tests/common/fake_whatsapp.rs`), driven
//! with plain reqwest the way a bot calls Meta's Graph API, and of its webhook helpers
//! (payload shapes, `X-Hub-Signature-256` checked against an HMAC computed here without the
//! `hmac` crate).

mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::get;
use common::fake_whatsapp::{
    APP_SECRET, DISPLAY_PHONE_NUMBER, DOWNLOAD_PREFIX, FakeWhatsApp, Fault, FaultKind,
    PHONE_NUMBER_ID, TOKEN, VERIFY_TOKEN, WABA_ID, WaKind, codes, details, signature,
};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

const UJI: &str = "628123450001";
const COBA: &str = "628123450002";
const WAIT: Duration = Duration::from_secs(5);

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

async fn post_json(url: &str, token: Option<&str>, body: &Value) -> (u16, Value) {
    let mut req = reqwest::Client::new()
        .post(url)
        .header("content-type", "application/json")
        .body(serde_json::to_vec(body).unwrap());
    if let Some(t) = token {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    let resp = req.send().await.expect("request");
    let status = resp.status().as_u16();
    let text = resp.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

async fn send(fake: &FakeWhatsApp, body: Value) -> (u16, Value) {
    post_json(&fake.messages_url(), Some(TOKEN), &body).await
}

async fn get_json(url: &str, token: Option<&str>) -> (u16, Value) {
    let mut req = reqwest::Client::new().get(url);
    if let Some(t) = token {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    let resp = req.send().await.expect("request");
    let status = resp.status().as_u16();
    let text = resp.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

fn text_to(to: &str, body: &str) -> Value {
    json!({
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to,
        "type": "text",
        "text": { "preview_url": false, "body": body },
    })
}

fn buttons_to(to: &str, buttons: &[(&str, &str)]) -> Value {
    let buttons: Vec<Value> = buttons
        .iter()
        .map(|(id, title)| json!({"type": "reply", "reply": {"id": id, "title": title}}))
        .collect();
    json!({
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to,
        "type": "interactive",
        "interactive": {
            "type": "button",
            "header": { "type": "text", "text": "Konfirmasi" },
            "body": { "text": "Apakah data Anda sudah benar?" },
            "footer": { "text": "Pandu" },
            "action": { "buttons": buttons },
        },
    })
}

/// A list row: (id, title, description).
type Row<'a> = (&'a str, &'a str, Option<&'a str>);

/// A list with the given sections: (title, rows).
fn list_to(to: &str, button: &str, sections: &[(Option<&str>, Vec<Row<'_>>)]) -> Value {
    let sections: Vec<Value> = sections
        .iter()
        .map(|(title, rows)| {
            let rows: Vec<Value> = rows
                .iter()
                .map(|(id, t, d)| {
                    let mut r = json!({"id": id, "title": t});
                    if let Some(d) = d {
                        r["description"] = json!(d);
                    }
                    r
                })
                .collect();
            let mut s = json!({ "rows": rows });
            if let Some(t) = title {
                s["title"] = json!(t);
            }
            s
        })
        .collect();
    json!({
        "messaging_product": "whatsapp",
        "to": to,
        "type": "interactive",
        "interactive": {
            "type": "list",
            "body": { "text": "Pilih layanan" },
            "action": { "button": button, "sections": sections },
        },
    })
}

fn template_to(to: &str, name: &str, params: &[&str]) -> Value {
    let parameters: Vec<Value> = params
        .iter()
        .map(|p| json!({"type": "text", "text": p}))
        .collect();
    json!({
        "messaging_product": "whatsapp",
        "to": to,
        "type": "template",
        "template": {
            "name": name,
            "language": { "code": "id" },
            "components": [{ "type": "body", "parameters": parameters }],
        },
    })
}

fn code(v: &Value) -> i64 {
    v["error"]["code"]
        .as_i64()
        .unwrap_or_else(|| panic!("no error.code in {v}"))
}

fn detail(v: &Value) -> &str {
    v["error"]["error_data"]["details"]
        .as_str()
        .unwrap_or_else(|| panic!("no error.error_data.details in {v}"))
}

/// Asserts a WhatsApp error answer: status, code, details; and the rest of Meta's shape.
fn assert_wa_error(
    status: u16,
    body: &Value,
    want_status: u16,
    want_code: i64,
    want_details: &str,
) {
    assert_eq!(status, want_status, "{body}");
    assert_eq!(code(body), want_code, "{body}");
    assert_eq!(detail(body), want_details, "{body}");
    assert_eq!(body["error"]["type"], "OAuthException", "{body}");
    assert_eq!(
        body["error"]["error_data"]["messaging_product"], "whatsapp",
        "{body}"
    );
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.starts_with(&format!("(#{want_code}) ")), "{body}");
    assert!(body["error"]["fbtrace_id"].as_str().is_some(), "{body}");
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// HMAC-SHA256 (RFC 2104) written out with sha2 alone, independent of the fake's `hmac` use.
fn hmac_sha256(key: &[u8], msg: &[u8]) -> String {
    let mut k = [0u8; 64];
    if key.len() > 64 {
        k[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        k[..key.len()].copy_from_slice(key);
    }
    let mut inner = Sha256::new();
    inner.update(k.map(|b| b ^ 0x36));
    inner.update(msg);
    let inner = inner.finalize();
    let mut outer = Sha256::new();
    outer.update(k.map(|b| b ^ 0x5c));
    outer.update(inner);
    hex(&outer.finalize())
}

/// A stand-in for the bot's webhook endpoint: checks the signature itself (200 when it
/// matches, 403 otherwise), keeps what it received, and answers the GET handshake.
#[derive(Clone, Default)]
struct Receiver {
    /// (X-Hub-Signature-256, raw body) of every POST.
    got: Arc<Mutex<Vec<Received>>>,
}

type Received = (Option<String>, Vec<u8>);

async fn start_receiver() -> (String, Receiver) {
    async fn post(State(r): State<Receiver>, headers: HeaderMap, body: Bytes) -> StatusCode {
        let sig = headers
            .get("x-hub-signature-256")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        r.got.lock().unwrap().push((sig.clone(), body.to_vec()));
        let want = format!("sha256={}", hmac_sha256(APP_SECRET.as_bytes(), &body));
        if sig.as_deref() == Some(want.as_str()) {
            StatusCode::OK
        } else {
            StatusCode::FORBIDDEN
        }
    }
    async fn verify(
        Query(q): Query<std::collections::HashMap<String, String>>,
    ) -> (StatusCode, String) {
        let ok = q.get("hub.mode").map(String::as_str) == Some("subscribe")
            && q.get("hub.verify_token").map(String::as_str) == Some(VERIFY_TOKEN);
        match (ok, q.get("hub.challenge")) {
            (true, Some(c)) => (StatusCode::OK, c.clone()),
            _ => (StatusCode::FORBIDDEN, String::new()),
        }
    }
    let receiver = Receiver::default();
    let app = Router::new()
        .route("/webhook", get(verify).post(post))
        .with_state(receiver.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (format!("http://{addr}/webhook"), receiver)
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn identity_auth_and_paths() {
    let fake = FakeWhatsApp::start().await;
    assert!(fake.base_url().starts_with("http://127.0.0.1:"));
    assert_eq!(fake.version(), "v21.0");
    assert_eq!(fake.phone_number_id(), PHONE_NUMBER_ID);
    assert_eq!(fake.token(), TOKEN);
    assert_eq!(fake.app_secret(), APP_SECRET);
    assert_eq!(fake.verify_token(), VERIFY_TOKEN);
    assert_eq!(
        fake.messages_url(),
        format!("{}/v21.0/{PHONE_NUMBER_ID}/messages", fake.base_url())
    );

    // The phone number node (a bot's health check).
    let (status, v) = get_json(
        &format!("{}/v21.0/{PHONE_NUMBER_ID}", fake.base_url()),
        Some(TOKEN),
    )
    .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["display_phone_number"], DISPLAY_PHONE_NUMBER);
    assert_eq!(v["id"], PHONE_NUMBER_ID);

    // Another token: 401, OAuthException 190.
    let (status, v) = post_json(&fake.messages_url(), Some("EAAwrong"), &text_to(UJI, "x")).await;
    assert_eq!(status, 401, "{v}");
    assert_eq!(code(&v), 190);
    assert_eq!(v["error"]["type"], "OAuthException");
    assert_eq!(
        v["error"]["message"],
        "Invalid OAuth access token - Cannot parse access token"
    );
    // No token at all: 400, code 2500.
    let (status, v) = post_json(&fake.messages_url(), None, &text_to(UJI, "x")).await;
    assert_eq!(status, 400, "{v}");
    assert_eq!(code(&v), 2500);
    // The token in the query works too.
    let (status, v) = get_json(
        &format!(
            "{}/v21.0/{PHONE_NUMBER_ID}?access_token={TOKEN}",
            fake.base_url()
        ),
        None,
    )
    .await;
    assert_eq!(status, 200, "{v}");

    // Another phone number id: Graph's unsupported-request error.
    let (status, v) = post_json(
        &format!("{}/v21.0/999999/messages", fake.base_url()),
        Some(TOKEN),
        &text_to(UJI, "x"),
    )
    .await;
    assert_eq!(status, 400, "{v}");
    assert_eq!(code(&v), 100);
    assert_eq!(v["error"]["error_subcode"], 33);
    assert_eq!(v["error"]["type"], "GraphMethodException");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("Unsupported post request. Object with ID '999999' does not exist")
    );
    // Unknown path.
    let (status, v) = get_json(
        &format!("{}/v21.0/{PHONE_NUMBER_ID}/whatever/else", fake.base_url()),
        Some(TOKEN),
    )
    .await;
    assert_eq!(status, 400, "{v}");
    assert_eq!(code(&v), 2500);

    // Recorded with status and time.
    let calls = fake.calls_of("/messages");
    assert_eq!(calls.len(), 3);
    assert_eq!(
        calls.iter().map(|c| c.status).collect::<Vec<_>>(),
        vec![401, 400, 400]
    );
    assert_eq!(calls[0].method, "POST");
    assert_eq!(calls[0].to.as_deref(), Some(UJI));
    assert_eq!(calls[0].request["text"]["body"], "x");
    assert!(calls[0].at <= calls[1].at);
    assert_eq!(calls[0].answer["error"]["code"], 190);
    fake.clear_calls();
    assert!(fake.calls().is_empty());
}

#[tokio::test]
async fn text_inside_the_window() {
    let fake = FakeWhatsApp::start().await;
    let user = fake.user(UJI, "Uji Coba");
    let hi = user.text("halo");
    assert!(fake.window_open(UJI));

    // `to` may carry '+', spaces and dashes; `contacts[0].input` echoes it, `wa_id` is digits.
    let (status, v) = send(&fake, text_to("+62 812-3450-001", "Selamat datang")).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["messaging_product"], "whatsapp");
    assert_eq!(v["contacts"][0]["input"], "+62 812-3450-001");
    assert_eq!(v["contacts"][0]["wa_id"], UJI);
    let wamid = v["messages"][0]["id"].as_str().unwrap().to_owned();
    assert!(wamid.starts_with("wamid."), "{wamid}");
    assert!(v["messages"][0].get("message_status").is_none());

    // A reply quoting the user's message.
    let mut reply = text_to(UJI, "Baik");
    reply["context"] = json!({ "message_id": hi.wamid });
    let (status, v) = send(&fake, reply).await;
    assert_eq!(status, 200, "{v}");

    let sent = fake.sent(UJI);
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0].id, wamid);
    assert_eq!(sent[0].kind, WaKind::Text);
    assert_eq!(sent[0].text.as_deref(), Some("Selamat datang"));
    assert_eq!(sent[1].reply_to.as_deref(), Some(hi.wamid.as_str()));
    assert_eq!(fake.texts(UJI), vec!["Selamat datang", "Baik"]);
    assert_eq!(fake.last_sent(UJI).unwrap().text.as_deref(), Some("Baik"));
    assert_eq!(user.received().len(), 2);
    assert!(fake.sent_by_id(&wamid).is_some());

    // 4096 characters pass (multi-byte ones count once), 4097 do not.
    let (status, v) = send(&fake, text_to(UJI, &"é".repeat(4096))).await;
    assert_eq!(status, 200, "{v}");
    let (status, v) = send(&fake, text_to(UJI, &"a".repeat(4097))).await;
    assert_wa_error(
        status,
        &v,
        400,
        100,
        "Param text['body'] must be at most 4096 characters long.",
    );
    // Empty body.
    let (status, v) = send(&fake, text_to(UJI, "")).await;
    assert_eq!(status, 400, "{v}");
    assert_eq!(code(&v), 100);
    assert_eq!(fake.sent(UJI).len(), 3);

    // Read receipt for the user's message.
    let (status, v) = send(
        &fake,
        json!({"messaging_product": "whatsapp", "status": "read", "message_id": hi.wamid}),
    )
    .await;
    assert_eq!((status, v), (200, json!({"success": true})));
    assert_eq!(fake.read_marks(), vec![hi.wamid.clone()]);
    let (status, v) = send(
        &fake,
        json!({"messaging_product": "whatsapp", "status": "read", "message_id": "wamid.nope"}),
    )
    .await;
    assert_eq!(status, 400, "{v}");
    assert_eq!(code(&v), codes::PARAMETER_NOT_VALID);
}

#[tokio::test]
async fn the_customer_service_window() {
    let fake = FakeWhatsApp::start().await;

    // Never wrote: 131047.
    let (status, v) = send(&fake, text_to(UJI, "Halo")).await;
    assert_wa_error(status, &v, 400, codes::REENGAGEMENT, details::REENGAGEMENT);
    assert_eq!(v["error"]["message"], "(#131047) Re-engagement message");
    assert!(fake.sent(UJI).is_empty());
    // Interactive and media are free-form too.
    let (status, v) = send(&fake, buttons_to(UJI, &[("ya", "Ya")])).await;
    assert_eq!((status, code(&v)), (400, codes::REENGAGEMENT));

    // A template goes through outside the window, with message_status "accepted".
    let (status, v) = send(&fake, template_to(UJI, "pengingat_jadwal", &["Uji"])).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["messages"][0]["message_status"], "accepted");
    let t = fake.last_sent(UJI).unwrap();
    assert_eq!(t.kind, WaKind::Template);
    assert_eq!(t.template_name.as_deref(), Some("pengingat_jadwal"));
    assert_eq!(t.template_language.as_deref(), Some("id"));
    assert_eq!(t.template_components[0]["parameters"][0]["text"], "Uji");

    // The user answers: 24 hours of free-form messages.
    let user = fake.user(UJI, "Uji Coba");
    user.text("iya");
    assert_eq!(send(&fake, text_to(UJI, "Terima kasih")).await.0, 200);
    fake.advance_clock(Duration::from_secs(23 * 3600));
    assert!(fake.window_open(UJI));
    assert_eq!(send(&fake, text_to(UJI, "Masih buka")).await.0, 200);
    fake.advance_clock(Duration::from_secs(2 * 3600));
    assert!(!fake.window_open(UJI));
    let (status, v) = send(&fake, text_to(UJI, "Sudah tutup")).await;
    assert_wa_error(status, &v, 400, codes::REENGAGEMENT, details::REENGAGEMENT);
    // A new message reopens it; timestamps follow the fake's clock.
    let again = user.text("halo lagi");
    let ts: i64 = again.message["timestamp"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((ts - fake.now().timestamp()).abs() <= 2);
    assert!(ts > chrono::Utc::now().timestamp() + 24 * 3600);
    assert_eq!(send(&fake, text_to(UJI, "Buka lagi")).await.0, 200);

    // set_window_closed / open_window.
    fake.set_window_closed(UJI);
    assert_eq!(send(&fake, text_to(UJI, "x")).await.0, 400);
    fake.open_window(UJI);
    assert_eq!(send(&fake, text_to(UJI, "y")).await.0, 200);

    // Async mode: accepted, then a failed status.
    fake.set_async_window_errors(true);
    let (status, v) = send(&fake, text_to(COBA, "Halo")).await;
    assert_eq!(status, 200, "{v}");
    let wamid = v["messages"][0]["id"].as_str().unwrap().to_owned();
    assert!(
        fake.sent(COBA).is_empty(),
        "a failed send never reaches the user"
    );
    let failed = fake.sent_by_id(&wamid).unwrap();
    assert_eq!(failed.error, Some(codes::REENGAGEMENT));
    let p = fake.status_failed(&wamid, codes::REENGAGEMENT, None);
    let s = &p["entry"][0]["changes"][0]["value"]["statuses"][0];
    assert_eq!(s["id"], wamid);
    assert_eq!(s["status"], "failed");
    assert_eq!(s["recipient_id"], COBA);
    assert_eq!(s["errors"][0]["code"], 131047);
    assert_eq!(s["errors"][0]["title"], "Re-engagement message");
    assert_eq!(s["errors"][0]["message"], "Re-engagement message");
    assert_eq!(
        s["errors"][0]["error_data"]["details"],
        details::REENGAGEMENT
    );
}

#[tokio::test]
async fn interactive_limits() {
    let fake = FakeWhatsApp::start().await;
    let user = fake.user(UJI, "Uji Coba");
    user.text("menu");

    // Three buttons, a 20-character title (multi-byte characters count once).
    let twenty = "Periksa ulang ✓ baik";
    assert_eq!(twenty.chars().count(), 20);
    let (status, v) = send(
        &fake,
        buttons_to(UJI, &[("ya", "Ya"), ("tidak", "Tidak"), ("ulang", twenty)]),
    )
    .await;
    assert_eq!(status, 200, "{v}");
    let m = fake.last_sent(UJI).unwrap();
    assert_eq!(m.kind, WaKind::Buttons);
    assert_eq!(m.text.as_deref(), Some("Apakah data Anda sudah benar?"));
    assert_eq!(m.header.as_deref(), Some("Konfirmasi"));
    assert_eq!(m.footer.as_deref(), Some("Pandu"));
    assert_eq!(
        m.buttons,
        vec![
            ("ya".to_owned(), "Ya".to_owned()),
            ("tidak".to_owned(), "Tidak".to_owned()),
            ("ulang".to_owned(), twenty.to_owned()),
        ]
    );

    // Refusals, Meta's details verbatim.
    let four = [("a", "A"), ("b", "B"), ("c", "C"), ("d", "D")];
    let (status, v) = send(&fake, buttons_to(UJI, &four)).await;
    assert_wa_error(status, &v, 400, 131009, details::BUTTONS_COUNT);
    assert_eq!(
        v["error"]["message"],
        "(#131009) Parameter value is not valid"
    );
    let (status, v) = send(&fake, buttons_to(UJI, &[])).await;
    assert_wa_error(status, &v, 400, 131009, details::BUTTONS_COUNT);
    let (status, v) = send(&fake, buttons_to(UJI, &[("a", "Judul yang terlalu pjg")])).await;
    assert_wa_error(status, &v, 400, 131009, details::BUTTON_TITLE);
    let (status, v) = send(&fake, buttons_to(UJI, &[("a", "")])).await;
    assert_wa_error(status, &v, 400, 131009, details::BUTTON_TITLE);
    let (status, v) = send(&fake, buttons_to(UJI, &[("a", "Ya"), ("a", "Tidak")])).await;
    assert_eq!((status, code(&v)), (400, 131009), "{v}");
    let (status, v) = send(&fake, buttons_to(UJI, &[("a", "Ya"), ("b", "Ya")])).await;
    assert_eq!((status, code(&v)), (400, 131009), "{v}");
    let long_id = "x".repeat(257);
    let (status, v) = send(&fake, buttons_to(UJI, &[(&long_id, "Ya")])).await;
    assert_eq!((status, code(&v)), (400, 131009), "{v}");
    let mut no_body = buttons_to(UJI, &[("a", "Ya")]);
    no_body["interactive"]
        .as_object_mut()
        .unwrap()
        .remove("body");
    let (status, v) = send(&fake, no_body).await;
    assert_eq!((status, code(&v)), (400, 100), "{v}");
    let mut long_header = buttons_to(UJI, &[("a", "Ya")]);
    long_header["interactive"]["header"]["text"] = json!("h".repeat(61));
    assert_eq!(send(&fake, long_header).await.0, 400);
    let mut long_body = buttons_to(UJI, &[("a", "Ya")]);
    long_body["interactive"]["body"]["text"] = json!("b".repeat(1025));
    assert_eq!(send(&fake, long_body).await.0, 400);

    // A list: 10 rows across two titled sections, descriptions kept.
    let rows_a: Vec<Row> = vec![
        ("poli_umum", "Poli Umum", Some("Senin-Jumat 08.00-14.00")),
        ("poli_gigi", "Poli Gigi", None),
        ("kia", "KIA", None),
        ("lab", "Laboratorium", None),
        ("farmasi", "Farmasi", None),
    ];
    let desc72 = "d".repeat(72);
    let rows_b: Vec<Row> = vec![
        ("bpjs", "BPJS Kesehatan", None),
        ("rujukan", "Rujukan", None),
        ("jadwal", "Jadwal Dokter", None),
        ("aduan", "Aduan Layanan", None),
        ("lain", "Dua puluh empat karakter", Some(desc72.as_str())),
    ];
    let (status, v) = send(
        &fake,
        list_to(
            UJI,
            "Lihat layanan",
            &[
                (Some("Poli"), rows_a.clone()),
                (Some("Administrasi"), rows_b.clone()),
            ],
        ),
    )
    .await;
    assert_eq!(status, 200, "{v}");
    let list = fake.last_sent(UJI).unwrap();
    assert_eq!(list.kind, WaKind::List);
    assert_eq!(list.list_button.as_deref(), Some("Lihat layanan"));
    assert_eq!(
        list.sections,
        vec![Some("Poli".to_owned()), Some("Administrasi".to_owned())]
    );
    assert_eq!(list.rows.len(), 10);
    assert_eq!(
        list.rows[0],
        (
            "poli_umum".to_owned(),
            "Poli Umum".to_owned(),
            Some("Senin-Jumat 08.00-14.00".to_owned())
        )
    );
    assert_eq!(list.rows[1].2, None);

    // 11 rows.
    let mut eleven = rows_b.clone();
    eleven.push(("extra", "Lainnya", None));
    let (status, v) = send(
        &fake,
        list_to(
            UJI,
            "Lihat",
            &[(Some("Poli"), rows_a.clone()), (Some("Adm"), eleven)],
        ),
    )
    .await;
    assert_wa_error(status, &v, 400, 131009, details::ROWS_COUNT);
    // Row title of 25 characters.
    let (status, v) = send(
        &fake,
        list_to(
            UJI,
            "Lihat",
            &[(None, vec![("x", "Dua puluh lima karakter!!", None)])],
        ),
    )
    .await;
    assert_wa_error(status, &v, 400, 131009, details::ROW_TITLE);
    // Row description of 73.
    let desc73 = "d".repeat(73);
    let (status, v) = send(
        &fake,
        list_to(
            UJI,
            "Lihat",
            &[(None, vec![("x", "Judul", Some(desc73.as_str()))])],
        ),
    )
    .await;
    assert_wa_error(status, &v, 400, 131009, details::ROW_DESCRIPTION);
    // List button of 21.
    let (status, v) = send(
        &fake,
        list_to(
            UJI,
            "Lihat semua layanan!!",
            &[(None, vec![("x", "Judul", None)])],
        ),
    )
    .await;
    assert_wa_error(status, &v, 400, 131009, details::LIST_BUTTON);
    // Section title of 25.
    let (status, v) = send(
        &fake,
        list_to(
            UJI,
            "Lihat",
            &[(
                Some("Judul bagian yang kepanjg"),
                vec![("x", "Judul", None)],
            )],
        ),
    )
    .await;
    assert_wa_error(status, &v, 400, 131009, details::SECTION_TITLE);
    // Two sections, one without a title.
    let (status, v) = send(
        &fake,
        list_to(
            UJI,
            "Lihat",
            &[
                (Some("Satu"), vec![("x", "Judul", None)]),
                (None, vec![("y", "Judul 2", None)]),
            ],
        ),
    )
    .await;
    assert_eq!(
        (status, code(&v)),
        (400, codes::REQUIRED_PARAMETER_MISSING),
        "{v}"
    );
    // Duplicate row ids across sections.
    let (status, v) = send(
        &fake,
        list_to(
            UJI,
            "Lihat",
            &[
                (Some("Satu"), vec![("x", "Judul", None)]),
                (Some("Dua"), vec![("x", "Judul 2", None)]),
            ],
        ),
    )
    .await;
    assert_eq!((status, code(&v)), (400, 131009), "{v}");
    // None of the refusals was recorded.
    assert_eq!(fake.sent(UJI).len(), 2);

    // The user taps: button_reply / list_reply with the context of the message tapped.
    let buttons_id = fake.sent(UJI)[0].id.clone();
    let tap = user.press("Tidak");
    let m = &tap.message;
    assert_eq!(m["type"], "interactive");
    assert_eq!(m["interactive"]["type"], "button_reply");
    assert_eq!(
        m["interactive"]["button_reply"],
        json!({"id": "tidak", "title": "Tidak"})
    );
    assert_eq!(m["context"]["id"], buttons_id);
    assert_eq!(m["context"]["from"], DISPLAY_PHONE_NUMBER);
    let pick = user.press("Poli Umum");
    let m = &pick.message;
    assert_eq!(m["interactive"]["type"], "list_reply");
    assert_eq!(
        m["interactive"]["list_reply"],
        json!({"id": "poli_umum", "title": "Poli Umum", "description": "Senin-Jumat 08.00-14.00"})
    );
    assert_eq!(m["context"]["id"], list.id);
    let direct = user.button_reply("ya", "Ya");
    assert_eq!(direct.message["context"]["id"], buttons_id);
    let direct = user.list_reply("kia", "KIA");
    assert!(
        direct.message["interactive"]["list_reply"]
            .get("description")
            .is_none()
    );
}

#[tokio::test]
async fn media_upload_retrieve_download() {
    let fake = FakeWhatsApp::start().await;
    let user = fake.user(UJI, "Uji Coba");
    user.text("kirim kartu");
    let png = b"\x89PNG\r\n\x1a\nuji-coba-gambar".to_vec();

    // Upload.
    let form = reqwest::multipart::Form::new()
        .text("messaging_product", "whatsapp")
        .text("type", "image/png")
        .part(
            "file",
            reqwest::multipart::Part::bytes(png.clone())
                .file_name("kartu.png")
                .mime_str("image/png")
                .unwrap(),
        );
    let resp = reqwest::Client::new()
        .post(fake.media_url())
        .bearer_auth(TOKEN)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let v: Value = resp.json().await.unwrap();
    let media_id = v["id"].as_str().unwrap().to_owned();
    assert!(media_id.chars().all(|c| c.is_ascii_digit()), "{media_id}");
    assert_eq!(v.as_object().unwrap().len(), 1, "{v}");
    let up = fake.uploads();
    assert_eq!(up.len(), 1);
    assert_eq!(up[0].bytes, png);
    assert_eq!(up[0].file_name.as_deref(), Some("kartu.png"));
    let call = &fake.calls_of("/media")[0];
    assert_eq!(call.request["type"], "image/png");
    assert_eq!(call.request["file"]["size"], png.len());

    // Retrieve the URL.
    let (status, info) = get_json(
        &format!("{}/v21.0/{media_id}", fake.base_url()),
        Some(TOKEN),
    )
    .await;
    assert_eq!(status, 200, "{info}");
    assert_eq!(info["messaging_product"], "whatsapp");
    assert_eq!(info["id"], media_id);
    assert_eq!(info["mime_type"], "image/png");
    assert_eq!(info["sha256"], hex(&Sha256::digest(&png)));
    assert_eq!(info["file_size"], png.len());
    let url = info["url"].as_str().unwrap().to_owned();
    assert!(
        url.starts_with(&format!("{}{DOWNLOAD_PREFIX}", fake.base_url())),
        "{url}"
    );
    assert_eq!(url, fake.download_url(&media_id));

    // Download: the bytes with the bearer token, 401 without.
    let resp = reqwest::Client::new()
        .get(&url)
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    assert_eq!(resp.headers()["content-type"], "image/png");
    assert_eq!(resp.bytes().await.unwrap().to_vec(), png);
    let resp = reqwest::Client::new().get(&url).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 401);
    let resp = reqwest::Client::new()
        .get(&url)
        .bearer_auth("EAAwrong")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 401);
    assert_eq!(fake.calls_of(DOWNLOAD_PREFIX).len(), 3);

    // Send it by id, and a document by link.
    let (status, v) = send(
        &fake,
        json!({"messaging_product": "whatsapp", "to": UJI, "type": "image",
               "image": {"id": media_id, "caption": "Kartu antrean"}}),
    )
    .await;
    assert_eq!(status, 200, "{v}");
    let img = fake.last_sent(UJI).unwrap();
    assert_eq!(img.kind, WaKind::Image);
    assert_eq!(img.media_id.as_deref(), Some(media_id.as_str()));
    assert_eq!(img.media.as_ref().unwrap().bytes, png);
    assert_eq!(img.text.as_deref(), Some("Kartu antrean"));
    let (status, v) = send(
        &fake,
        json!({"messaging_product": "whatsapp", "to": UJI, "type": "document",
               "document": {"link": "https://contoh.test/surat.pdf", "filename": "surat.pdf",
                            "caption": "Surat rujukan"}}),
    )
    .await;
    assert_eq!(status, 200, "{v}");
    let doc = fake.last_sent(UJI).unwrap();
    assert_eq!(doc.kind, WaKind::Document);
    assert_eq!(doc.link.as_deref(), Some("https://contoh.test/surat.pdf"));
    assert_eq!(doc.filename.as_deref(), Some("surat.pdf"));

    // Unknown media: refused on send, Graph's error on retrieve.
    let (status, v) = send(
        &fake,
        json!({"messaging_product": "whatsapp", "to": UJI, "type": "image", "image": {"id": "42"}}),
    )
    .await;
    assert_eq!((status, code(&v)), (400, 131009), "{v}");
    let (status, v) = send(
        &fake,
        json!({"messaging_product": "whatsapp", "to": UJI, "type": "image", "image": {}}),
    )
    .await;
    assert_eq!((status, code(&v)), (400, 131008), "{v}");
    let (status, v) = get_json(&format!("{}/v21.0/42", fake.base_url()), Some(TOKEN)).await;
    assert_eq!((status, code(&v)), (400, 100), "{v}");
    assert_eq!(v["error"]["error_subcode"], 33);

    // Upload refusals.
    let upload = |form: reqwest::multipart::Form| {
        let url = fake.media_url();
        async move {
            let resp = reqwest::Client::new()
                .post(url)
                .bearer_auth(TOKEN)
                .multipart(form)
                .send()
                .await
                .unwrap();
            let status = resp.status().as_u16();
            (status, resp.json::<Value>().await.unwrap())
        }
    };
    let part = || reqwest::multipart::Part::bytes(b"%PDF-1.4 uji".to_vec()).file_name("a.pdf");
    let (status, v) = upload(
        reqwest::multipart::Form::new()
            .text("type", "application/pdf")
            .part("file", part()),
    )
    .await;
    assert_eq!((status, code(&v)), (400, 100), "{v}");
    assert_eq!(
        v["error"]["message"],
        "(#100) The parameter messaging_product is required."
    );
    let (status, v) = upload(
        reqwest::multipart::Form::new()
            .text("messaging_product", "whatsapp")
            .text("type", "application/x-msdownload")
            .part("file", part()),
    )
    .await;
    assert_eq!((status, code(&v)), (400, 100), "{v}");
    let (status, v) = upload(
        reqwest::multipart::Form::new()
            .text("messaging_product", "whatsapp")
            .text("type", "application/pdf"),
    )
    .await;
    assert_eq!((status, code(&v)), (400, 100), "{v}");
    let big = reqwest::multipart::Part::bytes(vec![0u8; 5 * 1024 * 1024 + 1]).file_name("b.jpg");
    let (status, v) = upload(
        reqwest::multipart::Form::new()
            .text("messaging_product", "whatsapp")
            .text("type", "image/jpeg")
            .part("file", big),
    )
    .await;
    assert_eq!((status, code(&v)), (400, codes::MEDIA_UPLOAD), "{v}");
    assert_eq!(fake.uploads().len(), 1);

    // Inbound media: the bot retrieves and downloads what a user sent.
    let jpeg = b"\xff\xd8\xffuji-coba-foto".to_vec();
    let photo = user.image_with_caption(jpeg.clone(), "image/jpeg", Some("KTP"));
    let body = &photo.message["image"];
    assert_eq!(photo.message["type"], "image");
    assert_eq!(body["mime_type"], "image/jpeg");
    assert_eq!(body["sha256"], hex(&Sha256::digest(&jpeg)));
    assert_eq!(body["caption"], "KTP");
    let id = body["id"].as_str().unwrap();
    let (status, info) = get_json(&format!("{}/v21.0/{id}", fake.base_url()), Some(TOKEN)).await;
    assert_eq!(status, 200, "{info}");
    let bytes = reqwest::Client::new()
        .get(info["url"].as_str().unwrap())
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(bytes.to_vec(), jpeg);
    let pdf = user.document(
        b"%PDF-1.4 hasil lab".to_vec(),
        "application/pdf",
        "hasil.pdf",
    );
    assert_eq!(pdf.message["document"]["filename"], "hasil.pdf");
    assert_eq!(pdf.message["document"]["mime_type"], "application/pdf");
    assert!(pdf.message["document"].get("caption").is_none());
    let doc_id = pdf.message["document"]["id"].as_str().unwrap();
    assert_eq!(
        fake.media(doc_id).unwrap().file_name.as_deref(),
        Some("hasil.pdf")
    );
    let added = fake.add_media(b"GIF89a".to_vec(), "image/png", None);
    assert!(fake.media(&added).is_some_and(|m| !m.uploaded));

    // Delete: gone for retrieve and download.
    let resp = reqwest::Client::new()
        .delete(format!("{}/v21.0/{media_id}", fake.base_url()))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    assert_eq!(
        resp.json::<Value>().await.unwrap(),
        json!({"success": true})
    );
    let (status, _) = get_json(
        &format!("{}/v21.0/{media_id}", fake.base_url()),
        Some(TOKEN),
    )
    .await;
    assert_eq!(status, 400);
    let resp = reqwest::Client::new()
        .get(&url)
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 404);
}

#[tokio::test]
async fn faults() {
    let fake = FakeWhatsApp::start().await;
    fake.user(UJI, "Uji Coba").text("halo");
    fake.user(COBA, "Coba Uji").text("halo");

    // Throughput limit, once.
    fake.inject(Fault::sends(FaultKind::RateLimit));
    let (status, v) = send(&fake, text_to(UJI, "1")).await;
    assert_wa_error(status, &v, 400, codes::RATE_LIMIT, details::RATE_LIMIT);
    assert_eq!(v["error"]["message"], "(#130429) Rate limit hit");
    assert_eq!(send(&fake, text_to(UJI, "2")).await.0, 200);

    // Pair rate limit for one recipient, twice.
    fake.inject(
        Fault::sends(FaultKind::PairRateLimit)
            .to("+62 812-3450-001")
            .repeat(2),
    );
    assert_eq!(send(&fake, text_to(COBA, "lain")).await.0, 200);
    for _ in 0..2 {
        let (status, v) = send(&fake, text_to(UJI, "3")).await;
        assert_wa_error(
            status,
            &v,
            400,
            codes::PAIR_RATE_LIMIT,
            details::PAIR_RATE_LIMIT,
        );
        assert_eq!(
            v["error"]["message"],
            "(#131056) (Business Account, Consumer Account) pair rate limit hit"
        );
    }
    assert_eq!(send(&fake, text_to(UJI, "3")).await.0, 200);

    // 5xx.
    fake.inject(Fault::sends(FaultKind::ServerError(503)));
    fake.inject(Fault::sends(FaultKind::ServerError(500)));
    let (status, v) = send(&fake, text_to(UJI, "4")).await;
    assert_eq!((status, code(&v)), (503, 2), "{v}");
    assert_eq!(v["error"]["is_transient"], true);
    let (status, v) = send(&fake, text_to(UJI, "4")).await;
    assert_eq!((status, code(&v)), (500, 1), "{v}");

    // Dropped connection: the client sees an error, the call is recorded unanswered.
    fake.inject(Fault::sends(FaultKind::Drop));
    let err = reqwest::Client::new()
        .post(fake.messages_url())
        .bearer_auth(TOKEN)
        .header("content-type", "application/json")
        .body(serde_json::to_vec(&text_to(UJI, "5")).unwrap())
        .send()
        .await;
    assert!(err.is_err(), "{err:?}");
    let last = fake.calls_of("/messages").pop().unwrap();
    assert_eq!(last.status, 0);
    assert_eq!(last.request["text"]["body"], "5");

    // Any WhatsApp error.
    fake.inject(Fault::sends(FaultKind::Meta {
        http: 400,
        code: 131026,
        title: "Message undeliverable".to_owned(),
        details: "Message Undeliverable.".to_owned(),
    }));
    let (status, v) = send(&fake, text_to(UJI, "6")).await;
    assert_wa_error(status, &v, 400, 131026, "Message Undeliverable.");

    // Faults on uploads and downloads.
    let id = fake.add_media(b"%PDF uji".to_vec(), "application/pdf", Some("a.pdf"));
    fake.inject(Fault::on(DOWNLOAD_PREFIX, FaultKind::ServerError(502)));
    let resp = reqwest::Client::new()
        .get(fake.download_url(&id))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 502);
    fake.inject(Fault::on("/media", FaultKind::RateLimit));
    let form = reqwest::multipart::Form::new()
        .text("messaging_product", "whatsapp")
        .text("type", "application/pdf")
        .part(
            "file",
            reqwest::multipart::Part::bytes(b"%PDF".to_vec()).file_name("a.pdf"),
        );
    let resp = reqwest::Client::new()
        .post(fake.media_url())
        .bearer_auth(TOKEN)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 400);
    assert_eq!(resp.json::<Value>().await.unwrap()["error"]["code"], 130429);

    // A send fault never hits read receipts; Fault::any hits everything but downloads.
    fake.inject(Fault::sends(FaultKind::RateLimit));
    let hi = fake.user(UJI, "Uji Coba").text("lagi");
    let (status, _) = send(
        &fake,
        json!({"messaging_product": "whatsapp", "status": "read", "message_id": hi.wamid}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(fake.pending_faults().len(), 1);
    fake.clear_faults();
    fake.inject(Fault::any(FaultKind::ServerError(500)));
    let (status, _) = get_json(
        &format!("{}/v21.0/{PHONE_NUMBER_ID}", fake.base_url()),
        Some(TOKEN),
    )
    .await;
    assert_eq!(status, 500);
    assert!(fake.pending_faults().is_empty());

    // Latency.
    fake.set_latency(Duration::from_millis(150));
    let t0 = Instant::now();
    assert_eq!(send(&fake, text_to(UJI, "7")).await.0, 200);
    assert!(t0.elapsed() >= Duration::from_millis(150));
}

#[tokio::test]
async fn webhook_payload_shapes() {
    let fake = FakeWhatsApp::start().await;
    let uji = fake.user(UJI, "Uji Coba");
    let coba = fake.user(COBA, "Coba Uji");

    let hi = uji.text("Halo Pandu");
    let p = &hi.payload;
    assert_eq!(p["object"], "whatsapp_business_account");
    assert_eq!(p["entry"].as_array().unwrap().len(), 1);
    assert_eq!(p["entry"][0]["id"], WABA_ID);
    let change = &p["entry"][0]["changes"][0];
    assert_eq!(change["field"], "messages");
    let value = &change["value"];
    assert_eq!(value["messaging_product"], "whatsapp");
    assert_eq!(
        value["metadata"],
        json!({"display_phone_number": DISPLAY_PHONE_NUMBER, "phone_number_id": PHONE_NUMBER_ID})
    );
    assert_eq!(
        value["contacts"],
        json!([{"profile": {"name": "Uji Coba"}, "wa_id": UJI}])
    );
    let m = &value["messages"][0];
    assert_eq!(m["from"], UJI);
    assert_eq!(m["id"], hi.wamid);
    assert!(hi.wamid.starts_with("wamid."));
    assert!(
        m["timestamp"].as_str().unwrap().parse::<i64>().is_ok(),
        "timestamp is a string of seconds"
    );
    assert_eq!(m["type"], "text");
    assert_eq!(m["text"], json!({"body": "Halo Pandu"}));
    assert!(m.get("context").is_none());
    assert_eq!(&hi.message, m);

    // Quoting a message.
    let quoted = uji.reply("wamid.sebelumnya", "yang ini");
    assert_eq!(
        quoted.message["context"],
        json!({"from": DISPLAY_PHONE_NUMBER, "id": "wamid.sebelumnya"})
    );

    // A batch: several users, messages in order, each contact once.
    let a = uji.text("satu");
    let b = coba.text("dua");
    let c = uji.text("tiga");
    let batch = fake.batch(vec![a.clone(), b.clone(), c.clone()]);
    let value = &batch["entry"][0]["changes"][0]["value"];
    assert_eq!(
        value["contacts"],
        json!([
            {"profile": {"name": "Uji Coba"}, "wa_id": UJI},
            {"profile": {"name": "Coba Uji"}, "wa_id": COBA},
        ])
    );
    let ids: Vec<&str> = value["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        vec![a.wamid.as_str(), b.wamid.as_str(), c.wamid.as_str()]
    );
    assert!(fake.window_open(COBA));

    // Status updates of a message the bot sent.
    let (status, v) = send(&fake, text_to(UJI, "Pesan Anda diterima")).await;
    assert_eq!(status, 200, "{v}");
    let wamid = v["messages"][0]["id"].as_str().unwrap();
    for st in ["sent", "delivered", "read"] {
        let p = fake.status_update(wamid, st);
        let value = &p["entry"][0]["changes"][0]["value"];
        assert_eq!(value["messaging_product"], "whatsapp");
        assert!(value.get("messages").is_none());
        let s = &value["statuses"][0];
        assert_eq!(s["id"], wamid);
        assert_eq!(s["status"], st);
        assert_eq!(s["recipient_id"], UJI);
        assert!(s["timestamp"].as_str().unwrap().parse::<i64>().is_ok());
        assert!(s.get("errors").is_none());
        if st == "read" {
            assert!(s.get("pricing").is_none());
        } else {
            assert_eq!(s["pricing"]["category"], "service");
            assert_eq!(s["conversation"]["origin"]["type"], "service");
        }
    }

    // An unsupported message type.
    let u = uji.unsupported();
    assert_eq!(u.message["type"], "unsupported");
    assert_eq!(u.message["errors"][0]["code"], 131051);
    assert_eq!(
        u.payload["entry"][0]["changes"][0]["value"]["messages"][0]["errors"][0]["code"],
        131051
    );
}

#[tokio::test]
async fn signature_delivery_and_handshake() {
    // The signature helper against published vectors and the HMAC written out here.
    assert_eq!(
        signature("secret", b"test"),
        "sha256=0329a06b62cd16b33eb6792be8c60b158d89a2ee3a876fce9a881ebb488c0914"
    );
    // RFC 4231, test case 2.
    assert_eq!(
        signature("Jefe", b"what do ya want for nothing?"),
        "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    );
    assert_eq!(
        hmac_sha256(b"Jefe", b"what do ya want for nothing?"),
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    );
    let long_key = "k".repeat(100);
    assert_eq!(
        signature(&long_key, b"panjang"),
        format!("sha256={}", hmac_sha256(long_key.as_bytes(), b"panjang"))
    );

    let fake = FakeWhatsApp::start().await;
    let (url, receiver) = start_receiver().await;
    let hi = fake.user(UJI, "Uji Coba").text("Halo 👋");

    // A signed delivery: the receiver's own HMAC check passes.
    assert_eq!(fake.deliver(&url, &hi.payload).await, 200);
    let (sig, body) = receiver.got.lock().unwrap()[0].clone();
    assert_eq!(body, serde_json::to_vec(&hi.payload).unwrap());
    assert_eq!(
        sig.as_deref(),
        Some(format!("sha256={}", hmac_sha256(APP_SECRET.as_bytes(), &body)).as_str())
    );
    assert_eq!(sig.as_deref(), Some(fake.sign(&body).as_str()));

    // Bad and missing signatures.
    let body = serde_json::to_vec(&hi.payload).unwrap();
    assert_eq!(
        fake.deliver_with_signature(&url, &body, Some("sha256=00"))
            .await,
        403
    );
    let other = signature("rahasia-lain", &body);
    assert_eq!(
        fake.deliver_with_signature(&url, &body, Some(&other)).await,
        403
    );
    assert_eq!(fake.deliver_with_signature(&url, &body, None).await, 403);
    // Raw bytes as given (a body whose signature covers other bytes fails).
    let mut tampered = body.clone();
    tampered.push(b' ');
    let sig = fake.sign(&body);
    assert_eq!(
        fake.deliver_with_signature(&url, &tampered, Some(&sig))
            .await,
        403
    );
    let got = receiver.got.lock().unwrap().clone();
    assert_eq!(got.len(), 5);
    assert_eq!(got[3].0, None);
    assert_eq!(got[4].1, tampered);
    let deliveries = fake.deliveries();
    assert_eq!(
        deliveries.iter().map(|d| d.status).collect::<Vec<_>>(),
        vec![200, 403, 403, 403, 403]
    );

    // Handshake.
    assert_eq!(
        fake.verify(&url, "subscribe", VERIFY_TOKEN, "1158201444")
            .await,
        (200, "1158201444".to_owned())
    );
    assert_eq!(
        fake.verify(&url, "subscribe", "salah", "1158201444")
            .await
            .0,
        403
    );

    // Nobody listening.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/webhook", l.local_addr().unwrap())
    };
    assert_eq!(fake.deliver(&closed, &hi.payload).await, 0);
    assert_eq!(
        fake.verify(&closed, "subscribe", VERIFY_TOKEN, "1").await,
        (0, String::new())
    );
}

#[tokio::test]
async fn malformed_requests_get_meta_errors() {
    let fake = FakeWhatsApp::start().await;
    fake.user(UJI, "Uji Coba").text("halo");
    let raw = |body: &'static str, content_type: &'static str| {
        let url = fake.messages_url();
        async move {
            let resp = reqwest::Client::new()
                .post(url)
                .bearer_auth(TOKEN)
                .header("content-type", content_type)
                .body(body)
                .send()
                .await
                .unwrap();
            let status = resp.status().as_u16();
            (status, resp.json::<Value>().await.unwrap())
        }
    };

    let (status, v) = raw("{\"messaging_product\":", "application/json").await;
    assert_eq!((status, code(&v)), (400, 100), "{v}");
    let (status, v) = raw("[1,2,3]", "application/json").await;
    assert_eq!((status, code(&v)), (400, 100), "{v}");
    let (status, v) = raw("", "application/json").await;
    assert_eq!((status, code(&v)), (400, 100), "{v}");
    assert_eq!(
        v["error"]["message"],
        "(#100) The parameter messaging_product is required."
    );
    let (status, v) = raw("\u{0}\u{1}garbage", "application/octet-stream").await;
    assert_eq!((status, code(&v)), (400, 100), "{v}");

    let cases = [
        json!({"messaging_product": "sms", "to": UJI, "text": {"body": "x"}}),
        json!({"messaging_product": "whatsapp", "text": {"body": "x"}}),
        json!({"messaging_product": "whatsapp", "to": 628123450001u64, "text": {"body": "x"}}),
        json!({"messaging_product": "whatsapp", "to": UJI, "recipient_type": "broadcast", "text": {"body": "x"}}),
        json!({"messaging_product": "whatsapp", "to": UJI, "type": "carousel"}),
        json!({"messaging_product": "whatsapp", "to": UJI, "type": 7}),
        json!({"messaging_product": "whatsapp", "to": UJI, "type": "text", "text": "halo"}),
        json!({"messaging_product": "whatsapp", "to": UJI, "type": "text", "text": {"body": 12}}),
        json!({"messaging_product": "whatsapp", "to": UJI, "type": "text", "text": {"body": "x", "preview_url": "ya"}}),
        json!({"messaging_product": "whatsapp", "to": UJI, "type": "interactive"}),
        json!({"messaging_product": "whatsapp", "to": UJI, "type": "interactive", "interactive": []}),
        json!({"messaging_product": "whatsapp", "to": UJI, "type": "interactive", "interactive": {"type": "button", "body": {"text": "x"}, "action": {"buttons": "ya"}}}),
        json!({"messaging_product": "whatsapp", "to": UJI, "type": "interactive", "interactive": {"type": "button", "body": {"text": "x"}, "action": {"buttons": [1, 2]}}}),
        json!({"messaging_product": "whatsapp", "to": UJI, "type": "interactive", "interactive": {"type": "button", "body": {"text": "x"}, "action": {"buttons": [{"type": "reply", "reply": {"id": "a", "title": 5}}]}}}),
        json!({"messaging_product": "whatsapp", "to": UJI, "type": "interactive", "interactive": {"type": "list", "body": {"text": "x"}, "action": {"button": "b", "sections": [{"rows": "x"}]}}}),
        json!({"messaging_product": "whatsapp", "to": UJI, "type": "interactive", "interactive": {"type": "list", "body": "x", "action": {}}}),
        json!({"messaging_product": "whatsapp", "to": UJI, "type": "interactive", "interactive": {"type": "flow"}}),
        json!({"messaging_product": "whatsapp", "to": UJI, "type": "image", "image": {"link": "ftp://x"}}),
        json!({"messaging_product": "whatsapp", "to": UJI, "type": "image", "image": {"link": "https://a.test/b.jpg", "id": "1"}}),
        json!({"messaging_product": "whatsapp", "to": UJI, "type": "document"}),
        json!({"messaging_product": "whatsapp", "to": UJI, "type": "template", "template": {"language": {"code": "id"}}}),
        json!({"messaging_product": "whatsapp", "to": UJI, "type": "template", "template": {"name": "x"}}),
        json!({"messaging_product": "whatsapp", "to": UJI, "type": "template", "template": {"name": "x", "language": {"code": "id"}, "components": {}}}),
        json!({"messaging_product": "whatsapp", "to": UJI, "context": {"message_id": 5}, "text": {"body": "x"}}),
        json!({"messaging_product": "whatsapp", "status": "deleted", "message_id": "wamid.x"}),
        json!({"messaging_product": "whatsapp", "status": "read"}),
    ];
    for body in cases {
        let (status, v) = send(&fake, body.clone()).await;
        assert_eq!(status, 400, "{body} -> {v}");
        assert!(v["error"]["code"].as_i64().is_some(), "{body} -> {v}");
        assert!(v["error"]["message"].as_str().is_some(), "{body} -> {v}");
        assert!(v["error"]["fbtrace_id"].as_str().is_some(), "{body} -> {v}");
    }
    let (status, v) = send(&fake, text_to("abc", "x")).await;
    assert_wa_error(status, &v, 400, 131009, "Invalid phone number: abc");
    assert!(fake.sent(UJI).is_empty());

    // Form-encoded sends work like Graph's (nested objects as JSON strings); `type` defaults
    // to text.
    let resp = reqwest::Client::new()
        .post(fake.messages_url())
        .bearer_auth(TOKEN)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!(
            "messaging_product=whatsapp&to={UJI}&text=%7B%22body%22%3A%22lewat%20form%22%7D"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    assert_eq!(fake.texts(UJI), vec!["lewat form"]);

    // Broken uploads.
    let resp = reqwest::Client::new()
        .post(fake.media_url())
        .bearer_auth(TOKEN)
        .header("content-type", "multipart/form-data; boundary=XYZ")
        .body("--XYZ\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nabc")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 400);
    assert_eq!(resp.json::<Value>().await.unwrap()["error"]["code"], 100);
    let (status, v) = post_json(&fake.media_url(), Some(TOKEN), &json!({"file": "x"})).await;
    assert_eq!((status, code(&v)), (400, 100), "{v}");
    // GET on an edge that only takes POST.
    let (status, v) = get_json(&fake.messages_url(), Some(TOKEN)).await;
    assert_eq!((status, code(&v)), (400, 100), "{v}");

    // Still serving.
    let (status, _) = get_json(
        &format!("{}/v21.0/{PHONE_NUMBER_ID}", fake.base_url()),
        Some(TOKEN),
    )
    .await;
    assert_eq!(status, 200);
    assert!(fake.calls().iter().all(|c| c.status != 0));
}

#[tokio::test]
async fn registered_templates() {
    let fake = FakeWhatsApp::start().await;
    fake.add_template("pengingat_jadwal", "id", "Halo {{1}}, jadwal Anda {{2}}.");
    let (status, v) = send(
        &fake,
        template_to(UJI, "pengingat_jadwal", &["Uji", "besok 08.00"]),
    )
    .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(
        fake.last_sent(UJI).unwrap().text.as_deref(),
        Some("Halo Uji, jadwal Anda besok 08.00.")
    );
    let (status, v) = send(&fake, template_to(UJI, "pengingat_jadwal", &["Uji"])).await;
    assert_wa_error(
        status,
        &v,
        400,
        codes::TEMPLATE_PARAM_COUNT,
        "body: number of localizable_params (1) does not match the expected number of params (2)",
    );
    let (status, v) = send(&fake, template_to(UJI, "tidak_ada", &[])).await;
    assert_wa_error(
        status,
        &v,
        404,
        codes::TEMPLATE_NOT_FOUND,
        "template name (tidak_ada) does not exist in id",
    );
}

#[tokio::test]
async fn waiting() {
    let fake = FakeWhatsApp::start().await;
    fake.user(UJI, "Uji Coba").text("halo");
    assert!(!fake.wait_for_sent(UJI, 1, Duration::from_millis(100)).await);
    let f = fake.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(100)).await;
        send(&f, text_to(UJI, "nanti")).await;
    });
    assert!(fake.wait_for_sent(UJI, 1, WAIT).await);
    assert!(fake.wait_for_calls("/messages", 1, WAIT).await);
    assert!(
        fake.wait_until(|f| f.texts(UJI) == vec!["nanti"], WAIT)
            .await
    );
}
