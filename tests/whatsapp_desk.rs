//! Files crossing channels at the desk (issue 5), end to end on SQLite and PostgreSQL: pandu
//! runs with both channels against the fake Bot API and the fake Cloud API. A WhatsApp user's
//! KYC complaint reaches the agents' Telegram topic with its screenshots uploaded there (a
//! WhatsApp media id means nothing to Telegram), and an agent's text, photo and PDF reach the
//! WhatsApp user, uploaded to WhatsApp (a Telegram file id means nothing to Meta).

mod common;

use common::db::{BOTH, Backend};
use common::fake_telegram::{FakeKind, FakeMessage, FakeTelegram};
use common::fake_whatsapp::{DOWNLOAD_PREFIX, FakeWhatsApp, Fault, FaultKind, SentWa, WaKind};
use common::telegram::{committed_in, jpeg, pdf, png, settled_in};
use common::whatsapp::{BothChannels, WAIT, wa_config};
use pandu::delivery::SendError;
use pandu::dialog::model::{FileInfo, FileKind, Queue};
use pandu::media::{FetchError, MediaSources};
use pandu::store::{ChatKey, Store};
use pandu::telegram::api::Api;

const GROUP: i64 = -100_100_200_400;
const ADMIN: i64 = 600_100;
const RINA: i64 = 600_200;
const WA_USER: &str = "628123450001";

/// A JPEG whose bytes after the header are a pattern of `seed`: two screenshots of the same
/// size still differ.
fn screenshot(size: usize, seed: u8) -> Vec<u8> {
    let mut v = jpeg(16);
    v.extend((0..size - 16).map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed)));
    v
}

/// Bot messages with a file in the topic.
fn topic_files(tg: &FakeTelegram, thread: i64) -> Vec<FakeMessage> {
    tg.thread_messages(GROUP, thread)
        .into_iter()
        .filter(|m| m.from_bot && m.file.is_some())
        .collect()
}

/// The bytes behind a message the user received (media sent by id, as uploaded).
fn received_bytes(m: &SentWa) -> &[u8] {
    &m.media.as_ref().expect("media sent by id").bytes
}

async fn desk_walk(backend: Backend) {
    let both = BothChannels::start(backend, Queue::Kyc, GROUP, ADMIN, |_| {}).await;
    let (tg, wa, db, side) = (&both.tg, &both.wa, both.db.clone(), both.side());
    // The agents' group, and Rina registered as an agent by the admin.
    tg.forum(GROUP, "Helpdesk KYC");
    let admin = tg
        .user(ADMIN, "id")
        .named("Admin", None)
        .in_forum(GROUP, None);
    let id = admin.text(&format!("/petugas_tambah {RINA} agent Rina Agen"));
    committed_in(&db, id).await;

    // The WhatsApp user files the KYC complaint with two screenshots.
    let u = wa.user(WA_USER, "Uji Coba");
    let shots = [screenshot(50_000, 1), screenshot(40_000, 2)];
    side.send(&u, u.text("/kyc")).await;
    side.kyc_complaint(&u, shots.clone()).await;
    // The first download for the topic fails (a server error): it is tried again.
    wa.inject(Fault::on(DOWNLOAD_PREFIX, FaultKind::ServerError(503)));
    let filed = side.send(&u, u.press("Kirim aduan")).await;
    let cases = db
        .cases_of(&common::whatsapp::chat(&db, WA_USER).await)
        .await
        .unwrap();
    assert_eq!(cases.len(), 1, "{filed}");
    let reference = cases[0].reference.clone();
    assert!(filed.contains(&reference), "{filed}");
    assert!(
        cases[0]
            .attachments
            .iter()
            .all(|a| a.origin.as_deref() == Some("whatsapp")),
        "{:?}",
        cases[0].attachments
    );

    // The case's topic: the first post says WhatsApp; both screenshots are photos uploaded to
    // Telegram, byte for byte the user's, in order.
    assert!(
        tg.wait_until(
            |f| f.topics(GROUP).iter().any(|t| t.name.contains(&reference)),
            WAIT
        )
        .await
    );
    let thread = tg
        .topics(GROUP)
        .into_iter()
        .find(|t| t.name.contains(&reference))
        .unwrap()
        .thread_id;
    assert!(
        tg.wait_until(|f| topic_files(f, thread).len() == 2, WAIT)
            .await,
        "{:#?}",
        tg.thread_messages(GROUP, thread)
    );
    let first = tg
        .thread_messages(GROUP, thread)
        .into_iter()
        .find(|m| m.from_bot && m.text.as_deref().is_some_and(|t| t.contains(&reference)))
        .expect("the case's first post");
    let text = first.text.unwrap();
    assert!(text.contains("Kanal pengguna: WhatsApp"), "{text}");
    assert!(text.contains("3374********0002"), "{text}");
    let files = topic_files(tg, thread);
    for (msg, shot) in files.iter().zip(&shots) {
        assert_eq!(msg.kind, FakeKind::Photo, "{msg:?}");
        assert_eq!(&msg.file.as_ref().unwrap().bytes, shot);
    }
    // Uploaded (multipart), never sent by the WhatsApp media id.
    let photos = tg.calls_of("sendPhoto");
    assert!(photos.iter().all(|c| c.status == 200), "{photos:#?}");
    assert!(
        photos.iter().all(|c| !c.params["photo"].is_string()
            && c.params["message_thread_id"].to_string().trim_matches('"') == thread.to_string()),
        "{photos:#?}"
    );
    // The failed download was waited out, not given up.
    assert!(wa.pending_faults().is_empty());
    assert!(
        wa.calls()
            .iter()
            .any(|c| c.path.starts_with(DOWNLOAD_PREFIX) && c.status == 503)
    );

    // Rina claims the case; the user hears she joined.
    side.settled(&u).await;
    let rina = tg
        .user(RINA, "id")
        .named("Rina", Some("Wulandari"))
        .in_forum(GROUP, Some(thread));
    // Each of her messages, and what the user received of it.
    let agent_act = |id: i64| {
        let (db, side, u) = (&db, &side, &u);
        async move {
            let before = side.fake.sent(WA_USER).len();
            committed_in(db, id).await;
            side.settled(u).await;
            side.fake.sent(WA_USER)[before..].to_vec()
        }
    };
    let joined = agent_act(rina.text("/ambil")).await;
    assert!(
        joined.iter().any(|m| m
            .text
            .as_deref()
            .is_some_and(|t| t.contains("Rina Agen") && t.contains(&reference))),
        "{joined:#?}"
    );
    // She answers with text, then a photo with a caption, then a PDF without one.
    let text = agent_act(rina.text("Silakan ulangi verifikasi dengan kode akses baru.")).await;
    assert_eq!(text.len(), 1, "{text:#?}");
    assert_eq!(text[0].kind, WaKind::Text);
    assert_eq!(
        text[0].text.as_deref(),
        Some("👤 Rina Agen: Silakan ulangi verifikasi dengan kode akses baru.")
    );
    let photo = png(30_000);
    let got =
        agent_act(rina.photo_with_caption(photo.clone(), Some("Contoh layar yang benar"))).await;
    let [image] = &got[..] else {
        panic!("{got:#?}")
    };
    let guide = pdf(60_000);
    let got = agent_act(rina.document("panduan-kyc.pdf", "application/pdf", guide.clone())).await;
    let [document] = &got[..] else {
        panic!("{got:#?}")
    };
    // The photo: an image message, its caption the agent's words, its bytes hers.
    assert_eq!(image.kind, WaKind::Image, "{:?}", image);
    assert_eq!(
        image.text.as_deref(),
        Some("👤 Rina Agen: Contoh layar yang benar")
    );
    assert_eq!(received_bytes(image), photo.as_slice());
    assert_eq!(image.media.as_ref().unwrap().mime_type, "image/png");
    // The PDF: a document with its name, its caption saying who sent it.
    assert_eq!(document.kind, WaKind::Document, "{:?}", document);
    assert_eq!(document.filename.as_deref(), Some("panduan-kyc.pdf"));
    assert_eq!(
        document.text.as_deref(),
        Some("👤 Rina Agen mengirim berkas.")
    );
    assert_eq!(received_bytes(document), guide.as_slice());
    assert_eq!(
        document.media.as_ref().unwrap().mime_type,
        "application/pdf"
    );
    // Both were uploaded by pandu (not media the user had sent).
    for m in [image, document] {
        assert!(m.media.as_ref().unwrap().uploaded, "{m:?}");
    }
    assert_eq!(wa.uploads().len(), 2);

    // The user answers with a PDF of their own: it reaches the topic as a document, uploaded
    // to Telegram with its name.
    let letter = pdf(25_000);
    let t = side
        .send(
            &u,
            u.document(letter.clone(), "application/pdf", "surat-keterangan.pdf"),
        )
        .await;
    assert_eq!(t, "");
    assert!(
        tg.wait_until(|f| topic_files(f, thread).len() == 3, WAIT)
            .await,
        "{:#?}",
        topic_files(tg, thread)
    );
    let last = topic_files(tg, thread).pop().unwrap();
    assert_eq!(last.kind, FakeKind::Document);
    assert_eq!(last.document_name(), Some("surat-keterangan.pdf"));
    assert_eq!(last.file.as_ref().unwrap().bytes, letter);

    // Every row to the topic and to the user was delivered; none given up.
    let topic = ChatKey {
        channel: "telegram".into(),
        chat_id: format!("{GROUP}:{thread}"),
    };
    let rows = settled_in(&db, &topic).await;
    assert!(rows.iter().all(|r| r.sent_at.is_some()), "{rows:#?}");
    let rows = db
        .outbox_of(&common::whatsapp::chat(&db, WA_USER).await)
        .await
        .unwrap();
    assert!(rows.iter().all(|r| r.sent_at.is_some()), "{rows:#?}");

    // A file Telegram will not hand over (too big for the Bot API's download): the reply is
    // given up, and Rina is told in the topic that the user did not get it.
    tg.inject(common::fake_telegram::Fault::on(
        "getFile",
        common::fake_telegram::FaultKind::BadRequest("Bad Request: file is too big".into()),
    ));
    let got = agent_act(rina.document("rekaman.pdf", "application/pdf", pdf(30_000))).await;
    assert!(got.is_empty(), "{got:#?}");
    assert!(
        tg.wait_until(
            |f| f.thread_messages(GROUP, thread).iter().any(|m| m.from_bot
                && m.text
                    .as_deref()
                    .is_some_and(|t| t.contains("tidak dapat dikirim"))),
            WAIT
        )
        .await
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_cross_between_a_whatsapp_user_and_the_telegram_desk() {
    for b in BOTH {
        desk_walk(b).await;
    }
}

/// Fetching against both fakes: content and type as uploaded by the user; a file over the
/// limit, an unknown id and a server error sorted into permanent and temporary failures.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_are_fetched_within_limits_and_failures_are_sorted() {
    let tg = FakeTelegram::start().await;
    let wa = FakeWhatsApp::start().await;
    let api = Api::new(url::Url::parse(&tg.api_url()).unwrap(), tg.token().into());
    let graph = wa_config(&wa).graph();
    let sources = MediaSources::new(Some(api), Some(graph)).with_limit(50_000);
    let file = |reference: &str, origin: &str, kind: FileKind| FileInfo {
        reference: reference.into(),
        name: None,
        mime: None,
        size: 0,
        kind,
        sniffed: None,
        origin: Some(origin.into()),
    };

    // From WhatsApp: the bytes, the type read from them, a name made from it.
    let shot = screenshot(30_000, 3);
    let id = wa.add_media(shot.clone(), "image/jpeg", None);
    let got = sources
        .fetch(&file(&id, "whatsapp", FileKind::Photo))
        .await
        .unwrap();
    assert!(got.bytes == shot, "{} bytes", got.bytes.len());
    assert_eq!(got.mime, "image/jpeg");
    assert!(got.is_photo());
    assert!(got.name.ends_with(".jpg"), "{}", got.name);
    // From Telegram: a document keeps the name its message gave it.
    let letter = pdf(20_000);
    let id = tg.add_file("surat.pdf", letter.clone());
    let named = FileInfo {
        name: Some("surat.pdf".into()),
        ..file(&id, "telegram", FileKind::Document)
    };
    let got = sources.fetch(&named).await.unwrap();
    assert!(got.bytes == letter, "{} bytes", got.bytes.len());
    assert_eq!(
        (got.mime.as_str(), got.name.as_str()),
        ("application/pdf", "surat.pdf")
    );
    assert!(!got.is_photo());

    // Over the limit, from either side: permanent.
    let big = wa.add_media(screenshot(60_000, 4), "image/jpeg", None);
    let e = sources
        .fetch(&file(&big, "whatsapp", FileKind::Photo))
        .await
        .unwrap_err();
    assert_eq!(e, FetchError::TooLarge { limit: 50_000 });
    let big = tg.add_file("besar.pdf", pdf(60_000));
    let e = sources
        .fetch(&file(&big, "telegram", FileKind::Document))
        .await
        .unwrap_err();
    assert_eq!(e, FetchError::TooLarge { limit: 50_000 });
    // Unknown (or expired) ids: permanent, given up.
    for (reference, origin) in [
        ("1234509876", "whatsapp"),
        ("BQACAgUAAxkB-hilang", "telegram"),
    ] {
        let e = sources
            .fetch(&file(reference, origin, FileKind::Document))
            .await
            .unwrap_err();
        assert!(matches!(e, FetchError::Unavailable(_)), "{origin}: {e:?}");
        assert!(matches!(SendError::from(e), SendError::Rejected(_)));
    }
    // A server error at the download: temporary, retried; the error shows neither the
    // download URL nor the token.
    let id = wa.add_media(shot.clone(), "image/jpeg", None);
    wa.inject(Fault::on(DOWNLOAD_PREFIX, FaultKind::ServerError(500)));
    let e = sources
        .fetch(&file(&id, "whatsapp", FileKind::Photo))
        .await
        .unwrap_err();
    assert!(e.is_temporary(), "{e:?}");
    let shown = e.to_string();
    assert!(
        !shown.contains(DOWNLOAD_PREFIX) && !shown.contains(wa.token()) && !shown.contains(&id),
        "{shown}"
    );
    assert!(matches!(SendError::from(e), SendError::Transient(_)));
    assert_eq!(
        sources
            .fetch(&file(&id, "whatsapp", FileKind::Photo))
            .await
            .unwrap()
            .bytes,
        shot
    );
}
