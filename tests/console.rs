//! The real binary: `pandu console` with piped standard input, on SQLite and PostgreSQL,
//! stopped in the middle of a form and started again.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use common::db::{BOTH, empty_url};

fn run(url: &str, files: &std::path::Path, input: &str) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_pandu"));
    if url.starts_with("postgres") {
        // SQLite makes its key file beside the database (the zero-setup default).
        cmd.env("PANDU_DATA_KEYS", common::db::TEST_KEYS);
    } else {
        cmd.env_remove("PANDU_DATA_KEYS");
    }
    let mut child = cmd
        .arg("console")
        .env("DATABASE_URL", url)
        .env("PANDU_FILES_DIR", files)
        .env("PANDU_CONSOLE_USER", "tester")
        .env_remove("TELOXIDE_TOKEN")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starting pandu");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "pandu failed: {}\n{stdout}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

#[tokio::test]
async fn scripted_kyc_complaint_with_a_restart_mid_form() {
    for backend in BOTH {
        let (url, _dir) = empty_url(backend).await;
        let tmp = tempfile::tempdir().unwrap();
        let shot1 = tmp.path().join("portal.jpg");
        std::fs::write(&shot1, b"\xFF\xD8\xFF\xE0 synthetic jpeg").unwrap();
        let shot2 = tmp.path().join("profil.png");
        std::fs::write(&shot2, b"\x89PNG\r\n\x1a\n synthetic png").unwrap();
        let doc = tmp.path().join("surat.pdf");
        std::fs::write(&doc, b"%PDF-1.4 synthetic").unwrap();

        let first = run(
            &url,
            tmp.path(),
            "kenapa KYC saya gagal\n1\n5\n2\n1\nBudi Santoso\nbudi@puskesmas.example.id\n",
        );
        // The personal-data notice comes before the first question for personal data.
        assert!(
            first.contains("prosedur ini meminta data pribadi"),
            "{backend:?}: {first}"
        );
        assert!(
            first.contains("Halo! Saya pandu"),
            "{backend:?} greets: {first}"
        );
        assert!(first.contains("Langkah 1 dari 13"), "{first}");
        assert!(
            first.contains("Nomor telepon pelapor"),
            "{backend:?}: {first}"
        );

        // Start again: same step, same answers.
        let second = format!(
            "0812-3456-7890\nSiti Aminah\n3374015708900002\nsiti@example.id\n/kirim {}\n/kirim {}\n/kirim {}\n1\n/status\n",
            doc.display(),
            shot1.display(),
            shot2.display()
        );
        let out = run(&url, tmp.path(), &second);
        assert!(out.contains("Selamat datang kembali"), "{backend:?}: {out}");
        assert!(out.contains("Nama pasien yang gagal diverifikasi"), "{out}");
        assert!(
            out.contains("bukan gambar"),
            "the PDF is refused as a screenshot: {out}"
        );
        assert!(
            out.contains("• Nama pelapor: Budi Santoso"),
            "answers from the first run kept: {out}"
        );
        assert!(out.contains("Kategori: Verifikasi Profil (KYC)"), "{out}");
        let reference = out
            .split_whitespace()
            .find(|w| w.starts_with("KYC-"))
            .expect("a case reference")
            .to_string();
        assert!(out.contains("Kasus Anda yang terbuka"), "{out}");
        assert!(out.matches(reference.as_str()).count() >= 3, "{out}");
    }
}

#[tokio::test]
async fn bad_file_paths_and_unknown_input_are_answered_not_fatal() {
    let (url, _dir) = empty_url(common::db::Backend::Sqlite).await;
    let tmp = tempfile::tempdir().unwrap();
    let out = run(
        &url,
        tmp.path(),
        "/kirim /no/such/file.pdf\n\u{1F600}\n/bahasa en\n/menu\n",
    );
    assert!(out.contains("[console] /no/such/file.pdf"), "{out}");
    assert!(out.contains("Main menu"), "{out}");
}

/// With SQLite and no `PANDU_DATA_KEYS`, the first start makes the key file beside the
/// database (owner-only); a database whose key file is gone is refused rather than given a new
/// key, and starts again once the file is back.
#[tokio::test]
async fn the_sqlite_key_file_is_made_once_and_never_replaced() {
    let (url, dir) = empty_url(common::db::Backend::Sqlite).await;
    let tmp = tempfile::tempdir().unwrap();
    let out = run(&url, tmp.path(), "/kyc\n");
    assert!(out.contains("Langkah 1"), "{out}");
    let keys = dir.as_ref().unwrap().path().join("pandu.db.keys");
    use std::os::unix::fs::PermissionsExt as _;
    assert_eq!(
        std::fs::metadata(&keys).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let saved = std::fs::read(&keys).unwrap();
    std::fs::remove_file(&keys).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_pandu"))
        .arg("console")
        .env("DATABASE_URL", &url)
        .env_remove("PANDU_DATA_KEYS")
        .env_remove("TELOXIDE_TOKEN")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("holds encrypted data but its key file") && err.contains("pandu.db.keys"),
        "{err}"
    );
    assert!(!keys.exists());
    std::fs::write(&keys, &saved).unwrap();
    let out = run(&url, tmp.path(), "/status\n");
    assert!(!out.is_empty());
}
