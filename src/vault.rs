//! Encryption at rest of the stored texts that hold personal data (conversation state, replies,
//! cases and their events): XChaCha20-Poly1305 with a random 192-bit nonce, under keys from
//! configuration. Each sealed value names the key that sealed it, so keys can be rotated
//! (`pandu keys rotate`). Equality lookups ("every case of this NIK") use a keyed hash
//! (HMAC-SHA-256), never the plaintext.
//!
//! A key is 32 random bytes; the cipher key and the lookup key are derived from it (HMAC with a
//! fixed label each), so one configured secret serves both. Keys are written `id:base64`;
//! several are separated by commas, the first sealing new values and every one opening.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use chacha20poly1305::aead::{Aead, Payload};
use chacha20poly1305::{KeyInit as _, XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use rand::TryRngCore as _;
use sha2::Sha256;

/// What a sealed value starts with: the format's version, then the key id and the data.
pub const SEALED_PREFIX: &str = "pandu1:";

const NONCE_LEN: usize = 24;

/// The stored texts that are sealed. The name is bound into each value (associated data), so a
/// value copied into another column does not open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    ConversationState,
    OutboxPayload,
    CaseFields,
    CaseAttachments,
    CaseSummary,
    CaseTranscript,
    CaseRatingComment,
    EventBody,
    ContactAddress,
}

impl Column {
    pub fn name(self) -> &'static str {
        match self {
            Column::ConversationState => "conversations.state",
            Column::OutboxPayload => "outbox.payload",
            Column::CaseFields => "cases.fields",
            Column::CaseAttachments => "cases.attachments",
            Column::CaseSummary => "cases.summary",
            Column::CaseTranscript => "cases.transcript",
            Column::CaseRatingComment => "cases.rating_comment",
            Column::EventBody => "case_events.body",
            Column::ContactAddress => "contacts.address",
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum VaultError {
    #[error("data keys are written id:base64 (32 bytes), several separated by commas; {0}")]
    Spec(String),
    #[error("a stored value was sealed with key \"{0}\", which is not configured")]
    UnknownKey(String),
    #[error("a stored value in {0} does not open: damaged, or sealed for another column")]
    Damaged(&'static str),
}

struct Key {
    id: String,
    cipher: XChaCha20Poly1305,
    lookup: Hmac<Sha256>,
}

/// The configured data keys: the first seals, all open.
pub struct Vault {
    keys: Vec<Key>,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the key material.
        f.debug_struct("Vault")
            .field("keys", &self.key_ids())
            .finish()
    }
}

fn derive(secret: &[u8], label: &[u8]) -> [u8; 32] {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(label);
    mac.finalize().into_bytes().into()
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 32
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl Vault {
    /// Parses `id:base64[,id:base64...]`. The first key seals new values.
    pub fn parse(spec: &str) -> Result<Vault, VaultError> {
        let mut keys: Vec<Key> = Vec::new();
        for part in spec
            .split([',', '\n'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            let Some((id, b64)) = part.split_once(':') else {
                return Err(VaultError::Spec("a key has no id".into()));
            };
            let id = id.trim();
            if !valid_id(id) {
                return Err(VaultError::Spec(format!(
                    "key id \"{id}\" must be 1 to 32 letters, digits, - or _"
                )));
            }
            if keys.iter().any(|k| k.id == id) {
                return Err(VaultError::Spec(format!("key id \"{id}\" appears twice")));
            }
            let secret = BASE64
                .decode(b64.trim())
                .map_err(|_| VaultError::Spec(format!("key \"{id}\" is not base64")))?;
            if secret.len() != 32 {
                return Err(VaultError::Spec(format!(
                    "key \"{id}\" is {} bytes, not 32",
                    secret.len()
                )));
            }
            let cipher = XChaCha20Poly1305::new_from_slice(&derive(&secret, b"pandu seal v1"))
                .expect("a 32-byte key");
            let lookup = Hmac::<Sha256>::new_from_slice(&derive(&secret, b"pandu lookup v1"))
                .expect("HMAC takes any key length");
            keys.push(Key {
                id: id.to_string(),
                cipher,
                lookup,
            });
        }
        if keys.is_empty() {
            return Err(VaultError::Spec("no key given".into()));
        }
        Ok(Vault { keys })
    }

    /// A new random key, written `id:base64`, its id made from the time and a random tag.
    pub fn new_key_spec(now: chrono::DateTime<chrono::Utc>) -> String {
        let mut secret = [0u8; 32];
        rand::rngs::OsRng
            .try_fill_bytes(&mut secret)
            .expect("the operating system's random source");
        let tag: u16 = rand::random();
        format!(
            "k{}{tag:04x}:{}",
            now.format("%Y%m%d%H%M"),
            BASE64.encode(secret)
        )
    }

    /// The id of the key that seals new values.
    pub fn current(&self) -> &str {
        &self.keys[0].id
    }

    pub fn key_ids(&self) -> Vec<&str> {
        self.keys.iter().map(|k| k.id.as_str()).collect()
    }

    /// `plain` sealed with the current key, for `column`.
    pub fn seal(&self, column: Column, plain: &str) -> String {
        let key = &self.keys[0];
        let nonce_bytes: [u8; NONCE_LEN] = rand::random();
        let nonce = XNonce::from(nonce_bytes);
        let sealed = key
            .cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: plain.as_bytes(),
                    aad: column.name().as_bytes(),
                },
            )
            .expect("XChaCha20-Poly1305 seals any length stored here");
        let mut data = Vec::with_capacity(NONCE_LEN + sealed.len());
        data.extend_from_slice(&nonce_bytes);
        data.extend_from_slice(&sealed);
        let mut out =
            String::with_capacity(SEALED_PREFIX.len() + key.id.len() + 1 + data.len() * 4 / 3 + 4);
        out.push_str(SEALED_PREFIX);
        out.push_str(&key.id);
        out.push(':');
        BASE64.encode_string(&data, &mut out);
        out
    }

    /// The plaintext of a stored value. A value that is not sealed (written before encryption
    /// was introduced, or a fixed text such as an emptied field) is returned as it is.
    pub fn open(&self, column: Column, stored: &str) -> Result<String, VaultError> {
        let Some(rest) = stored.strip_prefix(SEALED_PREFIX) else {
            return Ok(stored.to_string());
        };
        let Some((id, b64)) = rest.split_once(':') else {
            return Err(VaultError::Damaged(column.name()));
        };
        let key = self
            .keys
            .iter()
            .find(|k| k.id == id)
            .ok_or_else(|| VaultError::UnknownKey(id.to_string()))?;
        let data = BASE64
            .decode(b64)
            .map_err(|_| VaultError::Damaged(column.name()))?;
        if data.len() < NONCE_LEN {
            return Err(VaultError::Damaged(column.name()));
        }
        let (nonce, sealed) = data.split_at(NONCE_LEN);
        let nonce = XNonce::try_from(nonce).map_err(|_| VaultError::Damaged(column.name()))?;
        let plain = key
            .cipher
            .decrypt(
                &nonce,
                Payload {
                    msg: sealed,
                    aad: column.name().as_bytes(),
                },
            )
            .map_err(|_| VaultError::Damaged(column.name()))?;
        String::from_utf8(plain).map_err(|_| VaultError::Damaged(column.name()))
    }

    /// The id of the key a stored value is sealed with; `None` for a value not sealed.
    pub fn sealed_with(stored: &str) -> Option<&str> {
        stored
            .strip_prefix(SEALED_PREFIX)
            .and_then(|rest| rest.split_once(':'))
            .map(|(id, _)| id)
    }

    /// Whether a stored value needs sealing again with the current key.
    pub fn is_stale(&self, stored: &str) -> bool {
        !stored.is_empty() && Vault::sealed_with(stored) != Some(self.current())
    }

    /// The keyed hash of a value under the current key, for equality lookups.
    pub fn lookup(&self, value: &str) -> String {
        lookup_with(&self.keys[0], value)
    }

    /// The keyed hashes of a value under every configured key (the current one first): a value
    /// stored before a rotation finished is found too.
    pub fn lookups(&self, value: &str) -> Vec<String> {
        self.keys.iter().map(|k| lookup_with(k, value)).collect()
    }
}

fn lookup_with(key: &Key, value: &str) -> String {
    let mut mac = key.lookup.clone();
    mac.update(value.as_bytes());
    let digest = mac.finalize().into_bytes();
    let mut out = String::with_capacity(64);
    for b in digest {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// Where the data keys came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    /// `PANDU_DATA_KEYS`.
    Configured,
    /// The key file beside an SQLite database: the zero-setup default.
    File(PathBuf),
    /// No key file yet: a key was made for one, to be written once the database is known to
    /// hold nothing sealed with another key (see [`LoadedKeys::unsaved`]).
    NewFile(PathBuf),
    /// A key made for this run only (an in-memory SQLite database).
    Ephemeral,
}

/// The data keys and where they came from. Not `Debug`: it may hold a new key.
pub struct LoadedKeys {
    pub vault: Vault,
    pub source: KeySource,
    /// The new key (`id:base64`) for [`KeySource::NewFile`].
    pub unsaved: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("PANDU_DATA_KEYS: {0}")]
    Configured(VaultError),
    #[error(
        "PANDU_DATA_KEYS is required with PostgreSQL (every process must use the same keys); \
         make a key with `pandu keys new`"
    )]
    Missing,
    #[error("key file {path}: {error}")]
    File { path: PathBuf, error: String },
}

/// The SQLite database file of a `sqlite:` URL; None for an in-memory database or another URL.
fn sqlite_file(url: &str) -> Option<PathBuf> {
    let rest = url.strip_prefix("sqlite:")?;
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if path.is_empty() || path == ":memory:" || query.contains("mode=memory") {
        None
    } else {
        Some(PathBuf::from(path))
    }
}

/// The key file beside an SQLite database: `pandu.db` -> `pandu.db.keys`.
pub fn key_file_of(database_url: &str) -> Option<PathBuf> {
    sqlite_file(database_url).map(|p| {
        let mut name = p.into_os_string();
        name.push(".keys");
        PathBuf::from(name)
    })
}

/// The data keys: `configured` (`PANDU_DATA_KEYS`) when given; else, for an SQLite file, the
/// key file beside it (or a new key for it, not yet written); for an in-memory database a key
/// for this run. PostgreSQL needs configured keys: its processes must share them.
pub fn load_keys(
    database_url: &str,
    configured: Option<&str>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<LoadedKeys, KeyError> {
    if let Some(spec) = configured {
        return Ok(LoadedKeys {
            vault: Vault::parse(spec).map_err(KeyError::Configured)?,
            source: KeySource::Configured,
            unsaved: None,
        });
    }
    if !database_url.starts_with("sqlite:") {
        return Err(KeyError::Missing);
    }
    let Some(path) = key_file_of(database_url) else {
        let spec = Vault::new_key_spec(now);
        return Ok(LoadedKeys {
            vault: Vault::parse(&spec).expect("a new key parses"),
            source: KeySource::Ephemeral,
            unsaved: None,
        });
    };
    let file_error = |error: String| KeyError::File {
        path: path.clone(),
        error,
    };
    match std::fs::read_to_string(&path) {
        Ok(spec) => Ok(LoadedKeys {
            vault: Vault::parse(&spec).map_err(|e| file_error(e.to_string()))?,
            source: KeySource::File(path),
            unsaved: None,
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let spec = Vault::new_key_spec(now);
            Ok(LoadedKeys {
                vault: Vault::parse(&spec).expect("a new key parses"),
                source: KeySource::NewFile(path),
                unsaved: Some(spec),
            })
        }
        Err(e) => Err(file_error(e.to_string())),
    }
}

/// Writes a key file readable by its owner only, whole or not at all (a temporary file, then
/// renamed; with `new`, linked, so that an existing file is never replaced: two processes
/// starting at once cannot both make one).
pub fn write_key_file(path: &Path, spec: &str, new: bool) -> std::io::Result<()> {
    use std::io::Write as _;
    use std::os::unix::fs::OpenOptionsExt as _;
    let text = format!("{}\n", spec.trim());
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(".{}.new", std::process::id()));
    let tmp = PathBuf::from(tmp);
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&tmp)?;
    f.write_all(text.as_bytes())?;
    f.sync_all()?;
    let done = if new {
        std::fs::hard_link(&tmp, path)
    } else {
        std::fs::rename(&tmp, path)
    };
    let _ = std::fs::remove_file(&tmp);
    done
}

/// Holds the key file locked while this process uses it: shared while the bot runs, exclusive
/// for `pandu keys rotate`, which therefore refuses to run beside a running bot (the bot would
/// not know the new key). The lock lasts as long as the returned file is kept open.
pub fn lock_key_file(path: &Path, exclusive: bool) -> Result<std::fs::File, KeyError> {
    let file_error = |error: String| KeyError::File {
        path: path.to_path_buf(),
        error,
    };
    let f = std::fs::File::open(path).map_err(|e| file_error(e.to_string()))?;
    let locked = if exclusive {
        f.try_lock()
    } else {
        f.try_lock_shared()
    };
    match locked {
        Ok(()) => Ok(f),
        Err(std::fs::TryLockError::WouldBlock) => Err(file_error(if exclusive {
            "pandu is running on this database: stop it before rotating the key".into()
        } else {
            "a key rotation is under way on this database: start again when it has finished".into()
        })),
        Err(std::fs::TryLockError::Error(e)) => Err(file_error(e.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "a:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    const B: &str = "b:HxwdHhscGhkYFxYVFBMSERAPDg0MCwoJCAcGBQQDAgE=";

    #[test]
    fn sealed_values_open_and_hide_the_text() {
        let v = Vault::parse(A).unwrap();
        let s = v.seal(Column::CaseFields, "NIK 3171234567890001");
        assert!(s.starts_with("pandu1:a:"), "{s}");
        assert!(!s.contains("3171234567890001"));
        assert_eq!(
            v.open(Column::CaseFields, &s).unwrap(),
            "NIK 3171234567890001"
        );
        // A fresh nonce each time.
        assert_ne!(s, v.seal(Column::CaseFields, "NIK 3171234567890001"));
        // Bound to its column.
        assert_eq!(
            v.open(Column::CaseSummary, &s),
            Err(VaultError::Damaged("cases.summary"))
        );
        // Tampering is found.
        let mut bad = s.clone().into_bytes();
        let last = bad.len() - 3;
        bad[last] = if bad[last] == b'A' { b'B' } else { b'A' };
        assert!(
            v.open(Column::CaseFields, &String::from_utf8(bad).unwrap())
                .is_err()
        );
        // Values from before encryption read as they are.
        assert_eq!(v.open(Column::CaseFields, "[]").unwrap(), "[]");
        assert_eq!(v.open(Column::CaseFields, "").unwrap(), "");
    }

    #[test]
    fn rotation_keeps_old_values_readable_and_seals_with_the_first_key() {
        let old = Vault::parse(A).unwrap();
        let both = Vault::parse(&format!("{B},{A}")).unwrap();
        let s = old.seal(Column::OutboxPayload, "x");
        assert_eq!(both.open(Column::OutboxPayload, &s).unwrap(), "x");
        assert!(both.is_stale(&s));
        let again = both.seal(Column::OutboxPayload, "x");
        assert_eq!(Vault::sealed_with(&again), Some("b"));
        assert!(!both.is_stale(&again));
        assert_eq!(
            old.open(Column::OutboxPayload, &again),
            Err(VaultError::UnknownKey("b".into()))
        );
        assert_eq!(
            both.lookups("3171234567890001")[1],
            old.lookup("3171234567890001")
        );
        assert_ne!(
            both.lookup("3171234567890001"),
            old.lookup("3171234567890001")
        );
        assert_eq!(both.lookup("x").len(), 64);
    }

    #[test]
    fn keys_come_from_configuration_or_a_file_beside_the_sqlite_database() {
        let now = chrono::Utc::now();
        let k = load_keys("postgres://x/y", Some(A), now).unwrap();
        assert_eq!((k.vault.current(), k.source), ("a", KeySource::Configured));
        assert!(matches!(
            load_keys("postgres://x/y", None, now),
            Err(KeyError::Missing)
        ));
        assert!(matches!(
            load_keys("sqlite:x.db", Some("nonsense"), now),
            Err(KeyError::Configured(_))
        ));
        let k = load_keys("sqlite::memory:", None, now).unwrap();
        assert_eq!(k.source, KeySource::Ephemeral);
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite:{}?mode=rwc", dir.path().join("p.db").display());
        let file = dir.path().join("p.db.keys");
        // No file yet: a key for one, written by the caller.
        let first = load_keys(&url, None, now).unwrap();
        assert_eq!(first.source, KeySource::NewFile(file.clone()));
        let spec = first.unsaved.clone().unwrap();
        write_key_file(&file, &spec, true).unwrap();
        use std::os::unix::fs::PermissionsExt as _;
        assert_eq!(
            std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
            0o600
        );
        // Never replaced by another new one.
        let other = Vault::new_key_spec(now);
        assert!(write_key_file(&file, &other, true).is_err());
        // The same key on the next start.
        let again = load_keys(&url, None, now).unwrap();
        assert_eq!(again.source, KeySource::File(file.clone()));
        let sealed = first.vault.seal(Column::CaseSummary, "x");
        assert_eq!(again.vault.open(Column::CaseSummary, &sealed).unwrap(), "x");
        assert_eq!(
            key_file_of("sqlite://data/p.db"),
            Some(PathBuf::from("data/p.db.keys"))
        );
        // A running bot holds the file shared; a rotation needs it alone.
        let running = lock_key_file(&file, false).unwrap();
        let e = lock_key_file(&file, true).unwrap_err().to_string();
        assert!(e.contains("stop it before rotating"), "{e}");
        drop(running);
        let rotating = lock_key_file(&file, true).unwrap();
        assert!(lock_key_file(&file, false).is_err());
        drop(rotating);
    }

    #[test]
    fn bad_key_specs_are_refused_with_the_reason() {
        for (spec, why) in [
            ("", "no key given"),
            ("abc", "no id"),
            ("a:notbase64!", "not base64"),
            ("a:AAEC", "3 bytes"),
            ("a b:AAEC", "must be"),
            (&format!("{A},{A}"), "twice"),
        ] {
            let e = Vault::parse(spec).unwrap_err().to_string();
            assert!(e.contains(why), "{spec}: {e}");
        }
        let spec = Vault::new_key_spec(chrono::Utc::now());
        let v = Vault::parse(&spec).unwrap();
        assert_eq!(v.key_ids().len(), 1);
        assert!(v.current().starts_with('k'));
        assert!(!format!("{v:?}").contains(spec.split_once(':').unwrap().1));
    }
}
