//! Files that cross channels. A file's `reference` is a platform's file id (a Telegram
//! `file_id`, a WhatsApp media id), which only that platform can send: when a WhatsApp user's
//! screenshot goes to the agents' Telegram topic, or an agent's photo to a WhatsApp user, the
//! content is fetched from the platform it came from ([`MediaSources::fetch`]) and uploaded to
//! the other. The outbox transports of both channels share one [`MediaSources`].
//!
//! Fetching is bounded (20 MB, the Bot API's download limit; a timeout; a few at a time) and
//! its errors say whether trying again later can help, never the URL or token of the request.

use std::sync::Arc;
use std::time::Duration;

use teloxide::payloads::GetFile;
use teloxide::types::FileId;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::delivery::SendError;
use crate::dialog::files;
use crate::dialog::model::{FileInfo, FileKind, FileType};
use crate::telegram::api::{Api, ApiError};
use crate::whatsapp::api::{Graph, GraphError, codes};

/// The largest file fetched: the Bot API does not let a bot download more.
pub const FETCH_LIMIT: u64 = 20 * 1024 * 1024;

/// Time allowed for one fetch (details and download).
pub const FETCH_TIMEOUT: Duration = Duration::from_secs(120);

/// Files held in memory at once, fetched and not yet uploaded.
const FETCHES_AT_ONCE: usize = 4;

/// The channel names of [`FileInfo::origin`].
const TELEGRAM: &str = crate::telegram::CHANNEL;
const WHATSAPP: &str = crate::whatsapp::transport::CHANNEL;

/// The clients that can fetch a file's content, one per configured channel.
pub struct MediaSources {
    telegram: Option<Api>,
    whatsapp: Option<Graph>,
    limit: u64,
    timeout: Duration,
    slots: Arc<Semaphore>,
}

/// A file's content, with what is needed to upload it elsewhere.
#[derive(Debug)]
pub struct Fetched {
    pub bytes: Vec<u8>,
    /// The type read from the content when it is one pandu knows, else the one the platform
    /// gave, else `application/octet-stream`.
    pub mime: String,
    /// The name the user gave the file, or one made from its type.
    pub name: String,
    /// Counts the file against [`FETCHES_AT_ONCE`] until it is dropped.
    _slot: OwnedSemaphorePermit,
}

impl Fetched {
    /// The content is a JPEG or PNG image (what both platforms take as a photo).
    pub fn is_photo(&self) -> bool {
        matches!(files::sniff(&self.bytes), FileType::Jpeg | FileType::Png)
    }
}

/// Why a file's content could not be fetched.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    /// Network trouble, a server error, a rate limit, or a client the platform refuses for now
    /// (a bad token an operator can fix): the same fetch may work later.
    #[error("fetching the file failed for now: {0}")]
    Temporary(String),
    /// The platform does not have the file under this id (any more): the media id of a
    /// WhatsApp user's file expires after 7 days.
    #[error("the file is no longer available: {0}")]
    Unavailable(String),
    /// Over [`FETCH_LIMIT`].
    #[error("the file is over {limit} bytes")]
    TooLarge { limit: u64 },
    /// The file came from a channel that is not configured here (or from the console).
    #[error("no client for files from {0:?}")]
    NoSource(String),
}

impl FetchError {
    /// Trying again later may succeed.
    pub fn is_temporary(&self) -> bool {
        matches!(self, FetchError::Temporary(_))
    }
}

/// A temporary failure is retried by the outbox worker with backoff; a permanent one gives the
/// reply up (logged, and recorded on the outbox row).
impl From<FetchError> for SendError {
    fn from(e: FetchError) -> SendError {
        if e.is_temporary() {
            SendError::Transient(e.to_string())
        } else {
            SendError::Rejected(e.to_string())
        }
    }
}

impl MediaSources {
    pub fn new(telegram: Option<Api>, whatsapp: Option<Graph>) -> MediaSources {
        MediaSources {
            telegram,
            whatsapp,
            limit: FETCH_LIMIT,
            timeout: FETCH_TIMEOUT,
            slots: Arc::new(Semaphore::new(FETCHES_AT_ONCE)),
        }
    }

    /// No client at all (every file is then sent by its id).
    pub fn none() -> MediaSources {
        MediaSources::new(None, None)
    }

    /// A smaller size limit (tests).
    pub fn with_limit(mut self, limit: u64) -> MediaSources {
        self.limit = limit;
        self
    }

    /// The content of `file`, from the platform it came from.
    pub async fn fetch(&self, file: &FileInfo) -> Result<Fetched, FetchError> {
        let origin = file.origin.as_deref().unwrap_or_default();
        if file.size > self.limit {
            return Err(FetchError::TooLarge { limit: self.limit });
        }
        let slot = Arc::clone(&self.slots)
            .acquire_owned()
            .await
            .map_err(|_| FetchError::Temporary("stopping".into()))?;
        let fetch = async {
            match origin {
                TELEGRAM => match &self.telegram {
                    Some(api) => self.fetch_telegram(api, file).await,
                    None => Err(FetchError::NoSource(origin.into())),
                },
                WHATSAPP => match &self.whatsapp {
                    Some(graph) => self.fetch_whatsapp(graph, file).await,
                    None => Err(FetchError::NoSource(origin.into())),
                },
                other => Err(FetchError::NoSource(other.into())),
            }
        };
        let (bytes, platform_mime) = tokio::time::timeout(self.timeout, fetch)
            .await
            .map_err(|_| FetchError::Temporary("timeout".into()))??;
        if bytes.is_empty() {
            return Err(FetchError::Unavailable("empty file".into()));
        }
        let mime = mime_of(&bytes, platform_mime.as_deref().or(file.mime.as_deref()));
        let name = file_name(file, &mime);
        Ok(Fetched {
            bytes,
            mime,
            name,
            _slot: slot,
        })
    }

    /// getFile, then the download (at most one byte over the limit, to tell it is over).
    async fn fetch_telegram(
        &self,
        api: &Api,
        file: &FileInfo,
    ) -> Result<(Vec<u8>, Option<String>), FetchError> {
        let req = GetFile::new(FileId(file.reference.clone()));
        let found = api
            .call_with_timeout(&req, self.timeout)
            .await
            .map_err(|e| self.telegram_error(e))?;
        if u64::from(found.size) > self.limit {
            return Err(FetchError::TooLarge { limit: self.limit });
        }
        let bytes = api
            .download_head(&found.path, self.over_limit(), self.timeout)
            .await
            .map_err(|e| self.telegram_error(e))?;
        self.within_limit(bytes).map(|b| (b, None))
    }

    /// The media item's details (its download URL expires after minutes, so it is asked for
    /// every time), then the download with the access token.
    async fn fetch_whatsapp(
        &self,
        graph: &Graph,
        file: &FileInfo,
    ) -> Result<(Vec<u8>, Option<String>), FetchError> {
        let info = graph.media(&file.reference).await.map_err(whatsapp_error)?;
        if info.file_size.is_some_and(|s| s > self.limit) {
            return Err(FetchError::TooLarge { limit: self.limit });
        }
        let bytes = graph
            .download_head(&info.url, self.over_limit())
            .await
            .map_err(whatsapp_error)?;
        self.within_limit(bytes).map(|b| (b, info.mime_type))
    }

    fn over_limit(&self) -> usize {
        usize::try_from(self.limit.saturating_add(1)).unwrap_or(usize::MAX)
    }

    fn within_limit(&self, bytes: Vec<u8>) -> Result<Vec<u8>, FetchError> {
        if bytes.len() as u64 > self.limit {
            Err(FetchError::TooLarge { limit: self.limit })
        } else {
            Ok(bytes)
        }
    }

    fn telegram_error(&self, e: ApiError) -> FetchError {
        match e {
            ApiError::Api { description, .. } if description.contains("too big") => {
                FetchError::TooLarge { limit: self.limit }
            }
            e if e.is_transient() => FetchError::Temporary(e.to_string()),
            e => FetchError::Unavailable(e.to_string()),
        }
    }
}

/// Sorts a Graph API failure as the WhatsApp transport sorts a send's.
fn whatsapp_error(e: GraphError) -> FetchError {
    match e {
        GraphError::Network(_) | GraphError::Decode(_) => FetchError::Temporary(e.to_string()),
        GraphError::Api {
            code: codes::RATE_LIMIT | codes::BAD_TOKEN,
            ..
        } => FetchError::Temporary(e.to_string()),
        GraphError::Api { http, .. } if http >= 500 || http == 429 || http == 401 => {
            FetchError::Temporary(e.to_string())
        }
        // 400 code 100 "Object with ID ... does not exist", a 404 at the download URL.
        GraphError::Api { .. } => FetchError::Unavailable(e.to_string()),
    }
}

/// The type read from the content when pandu knows it, else the platform's, else a generic one.
fn mime_of(bytes: &[u8], declared: Option<&str>) -> String {
    let sniffed = match files::sniff(bytes) {
        FileType::Pdf => Some("application/pdf"),
        FileType::Jpeg => Some("image/jpeg"),
        FileType::Png => Some("image/png"),
        FileType::Webp => Some("image/webp"),
        FileType::Gif => Some("image/gif"),
        FileType::Other => None,
    };
    sniffed
        .or(declared
            .map(|m| m.split(';').next().unwrap_or_default().trim())
            .filter(|m| m.contains('/') && !m.contains(char::is_whitespace)))
        .unwrap_or("application/octet-stream")
        .to_ascii_lowercase()
}

/// The file's own name without any path, or `pandu-<id hash>.<ext>` from its type.
pub fn file_name(file: &FileInfo, mime: &str) -> String {
    let own: String = file
        .name
        .as_deref()
        .unwrap_or_default()
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    if !own.trim().trim_matches('.').is_empty() {
        return own.trim().to_string();
    }
    let ext = match mime {
        "application/pdf" => "pdf",
        "image/jpeg" => "jpg",
        "image/png" => "png",
        "image/webp" => "webp",
        "image/gif" => "gif",
        "text/plain" => "txt",
        "text/csv" => "csv",
        _ => "bin",
    };
    // FNV-1a: a stable short tag that tells two unnamed files apart.
    let hash = file.reference.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    format!("pandu-{hash:08x}.{ext}")
}

/// The platform id in `file.reference` cannot be sent on `channel`: its content must be
/// fetched and uploaded.
pub fn is_foreign(file: &FileInfo, channel: &str) -> bool {
    file.origin.as_deref().is_some_and(|o| o != channel)
}

/// `file` goes as a photo (not as a document): a photo in JPEG or PNG, by what is known of
/// it before its content is read.
pub fn sends_as_photo(file: &FileInfo) -> bool {
    let known_type = match file.sniffed {
        Some(t) => matches!(t, FileType::Jpeg | FileType::Png),
        None => matches!(
            file.mime.as_deref().map(str::to_ascii_lowercase).as_deref(),
            Some("image/jpeg" | "image/png")
        ),
    };
    file.kind == FileKind::Photo && known_type
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(origin: Option<&str>, kind: FileKind, sniffed: Option<FileType>) -> FileInfo {
        FileInfo {
            reference: "AgACAgUAAxkBAAIB".into(),
            name: None,
            mime: None,
            size: 1000,
            kind,
            sniffed,
            origin: origin.map(str::to_string),
        }
    }

    #[test]
    fn temporary_failures_are_retried_and_permanent_ones_given_up() {
        let retried = [
            whatsapp_error(GraphError::Network("timeout".into())),
            whatsapp_error(GraphError::Api { http: 503, code: 2 }),
            whatsapp_error(GraphError::Api {
                http: 400,
                code: codes::RATE_LIMIT,
            }),
            whatsapp_error(GraphError::Api { http: 429, code: 4 }),
            whatsapp_error(GraphError::Api {
                http: 401,
                code: codes::BAD_TOKEN,
            }),
            FetchError::Temporary("timeout".into()),
        ];
        for e in retried {
            assert!(e.is_temporary(), "{e:?}");
            assert!(matches!(SendError::from(e), SendError::Transient(_)));
        }
        let given_up = [
            whatsapp_error(GraphError::Api {
                http: 400,
                code: 100,
            }),
            whatsapp_error(GraphError::Api { http: 404, code: 0 }),
            FetchError::TooLarge { limit: FETCH_LIMIT },
            FetchError::NoSource("console".into()),
        ];
        for e in given_up {
            assert!(!e.is_temporary(), "{e:?}");
            assert!(matches!(SendError::from(e), SendError::Rejected(_)));
        }
        let sources = MediaSources::none();
        let tg = |code: u16, d: &str| {
            sources.telegram_error(ApiError::Api {
                code,
                description: d.into(),
            })
        };
        assert!(tg(502, "Bad Gateway").is_temporary());
        assert!(
            sources
                .telegram_error(ApiError::RetryAfter(Duration::from_secs(3)))
                .is_temporary()
        );
        assert!(tg(401, "Unauthorized").is_temporary());
        assert_eq!(
            tg(400, "Bad Request: invalid file_id"),
            FetchError::Unavailable("Bot API error 400: Bad Request: invalid file_id".into())
        );
        assert_eq!(
            tg(400, "Bad Request: file is too big"),
            FetchError::TooLarge { limit: FETCH_LIMIT }
        );
    }

    #[tokio::test]
    async fn files_from_unconfigured_channels_or_too_large_are_refused_at_once() {
        let sources = MediaSources::none();
        for origin in [Some("telegram"), Some("whatsapp"), Some("console"), None] {
            let e = sources
                .fetch(&info(origin, FileKind::Photo, None))
                .await
                .unwrap_err();
            assert!(matches!(e, FetchError::NoSource(_)), "{origin:?}: {e:?}");
        }
        let mut big = info(Some("whatsapp"), FileKind::Document, None);
        big.size = FETCH_LIMIT + 1;
        assert_eq!(
            sources.fetch(&big).await.unwrap_err(),
            FetchError::TooLarge { limit: FETCH_LIMIT }
        );
    }

    #[test]
    fn errors_never_show_the_request() {
        // The Graph and Bot API errors carry kinds and codes only; a fetch error adds nothing.
        let e = whatsapp_error(GraphError::Network("connection failed".into()));
        assert_eq!(
            e.to_string(),
            "fetching the file failed for now: network error: connection failed"
        );
    }

    #[test]
    fn the_type_comes_from_the_content_first() {
        assert_eq!(
            mime_of(b"%PDF-1.7\n", Some("image/jpeg")),
            "application/pdf"
        );
        assert_eq!(mime_of(&[0xFF, 0xD8, 0xFF, 0xE0], None), "image/jpeg");
        assert_eq!(
            mime_of(b"PK\x03\x04", Some("application/ZIP; charset=binary")),
            "application/zip"
        );
        assert_eq!(mime_of(b"abc", Some("no type")), "application/octet-stream");
        assert_eq!(mime_of(b"abc", None), "application/octet-stream");
    }

    #[test]
    fn names_are_the_users_without_a_path_or_made_from_the_type() {
        let mut f = info(Some("telegram"), FileKind::Document, None);
        f.name = Some("C:\\Users\\uji\\surat tugas.pdf".into());
        assert_eq!(file_name(&f, "application/pdf"), "surat tugas.pdf");
        f.name = Some("../..".into());
        let made = file_name(&f, "application/pdf");
        assert!(
            made.starts_with("pandu-") && made.ends_with(".pdf"),
            "{made}"
        );
        f.name = None;
        assert_eq!(file_name(&f, "application/pdf"), made);
        let other = FileInfo {
            reference: "another".into(),
            ..f.clone()
        };
        assert_ne!(file_name(&other, "application/pdf"), made);
        assert!(file_name(&f, "image/png").ends_with(".png"));
    }

    #[test]
    fn photos_are_jpeg_or_png_photos_and_foreign_files_are_told_apart() {
        let photo = info(Some("whatsapp"), FileKind::Photo, Some(FileType::Jpeg));
        assert!(sends_as_photo(&photo));
        assert!(sends_as_photo(&info(
            None,
            FileKind::Photo,
            Some(FileType::Png)
        )));
        assert!(!sends_as_photo(&info(
            None,
            FileKind::Photo,
            Some(FileType::Webp)
        )));
        assert!(!sends_as_photo(&info(
            None,
            FileKind::Document,
            Some(FileType::Jpeg)
        )));
        let mut unknown = info(None, FileKind::Photo, None);
        assert!(!sends_as_photo(&unknown));
        unknown.mime = Some("image/PNG".into());
        assert!(sends_as_photo(&unknown));
        assert!(is_foreign(&photo, "telegram"));
        assert!(!is_foreign(&photo, "whatsapp"));
        assert!(!is_foreign(&info(None, FileKind::Photo, None), "telegram"));
    }
}
