//! The owner's subcommands: `menu`, `coupon`, `orders`, `pause`/`resume`, `report`, `reply`.
//! Each calls `store` and `domain`, never SQL of its own, and prints an
//! aligned table or `--json`. Invalid input is a [`UserError`] (exit status 2).

pub mod board_link;
pub mod coupon;
pub mod csv;
pub mod kds_token;
pub mod menu;
pub mod orders;
pub mod pace;
pub mod pause;
pub mod reply;
pub mod report;
mod table;

use crate::config::{Config, ConfigError};
use crate::domain::time::At;
use crate::store::{Db, StoreError};

pub(crate) use crate::clock::now_ms;
pub use table::Table;

/// A mistake in what the person typed: one clear line, exit status 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UserError(pub String);

/// A configuration the person wrote wrong is their mistake: the one conversion.
impl From<ConfigError> for UserError {
    fn from(e: ConfigError) -> UserError {
        UserError(format!("config: {e}"))
    }
}

/// Shorthand for a [`UserError`] as an `anyhow::Error`.
pub fn user(msg: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(UserError(msg.into()))
}

/// Store errors that are the person's doing become [`UserError`]s.
pub fn from_store(e: StoreError) -> anyhow::Error {
    match e {
        StoreError::Invalid(m) | StoreError::Conflict(m) => user(m),
        StoreError::NotFound => user("not found"),
        other => anyhow::Error::new(other),
    }
}

/// A URL that names no backend is the person's mistake; one that cannot be opened is a failure.
pub fn open_error(e: StoreError) -> anyhow::Error {
    match e {
        StoreError::Open(m) if m.contains("is not a database URL") => user(m),
        e => anyhow::Error::new(e),
    }
}

/// What every admin command needs.
pub struct Admin {
    pub db: Db,
    pub cfg: Config,
    pub tz: jiff::tz::TimeZone,
}

impl Admin {
    /// A price for the person at the terminal: `₺` there, "TL" on the Linux
    /// console, whose fonts have no `₺`.
    pub fn money(&self, m: crate::domain::Money) -> String {
        let sym = crate::domain::money::currency_symbol(&self.cfg.restaurant.currency);
        m.display_symbol(&crate::kds::glyphs::Glyphs::detect().currency(sym))
    }

    /// "2026-11-25 21:50" in the restaurant's zone.
    pub fn local_time(&self, at: At) -> String {
        let ms = at.as_millis();
        jiff::Timestamp::from_millisecond(ms)
            .map(|t| {
                t.to_zoned(self.tz.clone())
                    .strftime("%Y-%m-%d %H:%M")
                    .to_string()
            })
            .unwrap_or_else(|_| ms.to_string())
    }
}

/// Print one line for a person. Lines of the orders commands carry customer text (names,
/// notes, addresses, the WhatsApp id), so every line is cleaned the way the board cleans it:
/// control characters and the escape sequences they start are removed, so a name cannot
/// set the window title or clear the screen. Tables are cleaned cell by cell by [`Table`];
/// `--json` output is escaped by serde.
pub fn say(line: impl AsRef<str>) {
    println!("{}", crate::domain::text::clean(line.as_ref()));
}

/// RFC 3339 in UTC, for JSON.
pub fn rfc3339(at: At) -> String {
    jiff::Timestamp::from_millisecond(at.as_millis())
        .map(|t| t.to_string())
        .unwrap_or_default()
}
