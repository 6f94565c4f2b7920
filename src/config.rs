//! Configuration from the environment, with defaults that work for the console on SQLite.

use std::path::PathBuf;

/// Default database: an SQLite file in the working directory.
pub const DEFAULT_DATABASE_URL: &str = "sqlite:pandu.db";

/// Not `Debug`: it holds the data keys.
#[derive(Clone)]
pub struct Config {
    /// `DATABASE_URL`: `sqlite:path.db` or `postgres://user:pass@host/db`.
    pub database_url: String,
    /// `PANDU_FILES_DIR`: where the console writes files the bot sends (CSV rosters).
    pub files_dir: PathBuf,
    /// `PANDU_CONSOLE_USER`: the console user's id (one conversation per id).
    pub console_user: String,
    /// `PANDU_DATA_KEYS`: the keys sealing personal data (`id:base64`, comma-separated, the
    /// first sealing). Unset with SQLite: the key file beside the database.
    pub data_keys: Option<String>,
}

impl Config {
    pub fn from_env() -> Config {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        Config {
            database_url: var("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_string()),
            files_dir: var("PANDU_FILES_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("pandu-files")),
            console_user: var("PANDU_CONSOLE_USER").unwrap_or_else(|| "local".to_string()),
            data_keys: var("PANDU_DATA_KEYS"),
        }
    }
}
