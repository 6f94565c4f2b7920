//! Checks of files users send against a procedure's rules.

use super::flow::{FileRule, MsgId, Vars};
use super::model::{FileInfo, FileKind, FileType};
use crate::m;

/// Maximum size of a clinic registration document (seed 002: "tidak lebih dari 2Mb").
pub const PDF_MAX_BYTES: u64 = 2 * 1024 * 1024;

/// Reads the type of a file from its first bytes.
pub fn sniff(head: &[u8]) -> FileType {
    if head.starts_with(b"%PDF-") {
        FileType::Pdf
    } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        FileType::Jpeg
    } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        FileType::Png
    } else if head.len() >= 12 && &head[0..4] == b"RIFF" && &head[8..12] == b"WEBP" {
        FileType::Webp
    } else if head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a") {
        FileType::Gif
    } else {
        FileType::Other
    }
}

/// Everything wrong with `f` under `rule`; empty when it is acceptable.
pub fn check(rule: FileRule, f: &FileInfo) -> Vec<(MsgId, Vars)> {
    if f.size == 0 {
        // Nothing else can be said of an empty file.
        return vec![(m!("file-empty"), vec![])];
    }
    let mut problems = Vec::new();
    let mime = f.mime.as_deref().unwrap_or("").to_ascii_lowercase();
    let name = f.name.as_deref().unwrap_or("").to_ascii_lowercase();
    match rule {
        FileRule::Pdf2Mb => {
            let is_pdf = match f.sniffed {
                Some(t) => t == FileType::Pdf,
                None => mime == "application/pdf" || (mime.is_empty() && name.ends_with(".pdf")),
            };
            if !is_pdf || f.kind == FileKind::Photo {
                problems.push((m!("file-not-pdf"), vec![]));
            }
            if f.size > PDF_MAX_BYTES {
                // In KB, so that a file just over the limit does not read "2,0 MB" like the limit.
                problems.push((
                    m!("file-too-big"),
                    vec![
                        ("size", kilobytes(f.size)),
                        ("max", kilobytes(PDF_MAX_BYTES)),
                    ],
                ));
            }
        }
        FileRule::Image => {
            let is_image = match f.sniffed {
                Some(t) => t.is_image(),
                None => f.kind == FileKind::Photo || mime.starts_with("image/"),
            };
            if !is_image {
                problems.push((m!("file-not-image"), vec![]));
            }
        }
    }
    problems
}

/// "2049 KB": whole kilobytes, rounded up.
pub fn kilobytes(bytes: u64) -> String {
    format!("{} KB", bytes.div_ceil(1024))
}

/// "1,4 MB", "820 KB".
pub fn human_size(bytes: u64) -> String {
    const MB: u64 = 1024 * 1024;
    if bytes >= MB {
        let tenths = (bytes * 10 + MB / 2) / MB;
        format!("{},{} MB", tenths / 10, tenths % 10)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(kind: FileKind, size: u64, sniffed: Option<FileType>) -> FileInfo {
        FileInfo {
            reference: "x".into(),
            name: Some("a.pdf".into()),
            mime: None,
            size,
            kind,
            sniffed,
            origin: None,
        }
    }

    #[test]
    fn sniffs_magic_bytes() {
        assert_eq!(sniff(b"%PDF-1.7\n"), FileType::Pdf);
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), FileType::Jpeg);
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), FileType::Png);
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), FileType::Webp);
        assert_eq!(sniff(b"PK\x03\x04"), FileType::Other);
        assert_eq!(sniff(b""), FileType::Other);
    }

    #[test]
    fn pdf_rule_names_each_failed_part() {
        assert!(
            check(
                FileRule::Pdf2Mb,
                &file(FileKind::Document, 1000, Some(FileType::Pdf))
            )
            .is_empty()
        );
        assert!(
            check(
                FileRule::Pdf2Mb,
                &file(FileKind::Document, PDF_MAX_BYTES, Some(FileType::Pdf))
            )
            .is_empty()
        );
        let big = check(
            FileRule::Pdf2Mb,
            &file(FileKind::Document, PDF_MAX_BYTES + 1, Some(FileType::Pdf)),
        );
        assert_eq!(
            big.iter().map(|p| p.0).collect::<Vec<_>>(),
            vec!["file-too-big"]
        );
        // A PDF name does not make a Word file a PDF.
        let both = check(
            FileRule::Pdf2Mb,
            &file(FileKind::Document, 3 * PDF_MAX_BYTES, Some(FileType::Other)),
        );
        assert_eq!(
            both.iter().map(|p| p.0).collect::<Vec<_>>(),
            vec!["file-not-pdf", "file-too-big"]
        );
    }

    #[test]
    fn image_rule() {
        assert!(check(FileRule::Image, &file(FileKind::Photo, 5000, None)).is_empty());
        assert!(
            check(
                FileRule::Image,
                &file(FileKind::Document, 5000, Some(FileType::Png))
            )
            .is_empty()
        );
        assert_eq!(
            check(
                FileRule::Image,
                &file(FileKind::Document, 5000, Some(FileType::Pdf))
            )[0]
            .0,
            "file-not-image"
        );
    }

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(human_size(2 * 1024 * 1024), "2,0 MB");
        assert_eq!(human_size(1536), "2 KB");
        assert_eq!(human_size(3_500_000), "3,3 MB");
    }
}
