//! Configuration: built-in defaults (equal to the shipped `config.toml`), then
//! the file, then `MAYDANOZ_SECTION__KEY` environment variables, then flags
//! ([`load`](Config::load), in [`file`]). The values people write as text — the
//! language, the time zone, the opening hours — are parsed there once into
//! their types; [`Config::validate`] checks the rest at start. An error names
//! the key and what is wrong.

mod delivery;
mod describe;
mod file;
mod keys;
mod kitchen;
mod report;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_delivery;
#[cfg(test)]
mod tests_keys;
mod url;

pub(crate) use kitchen::Kitchen;
pub(crate) use url::{redact_in, redact_url};

use std::net::SocketAddr;

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use crate::domain::Lang;
use crate::domain::hours::Hours;
use crate::domain::time::Span;

/// The shipped defaults, compiled in so a missing file means the same thing.
pub(crate) const DEFAULT_TOML: &str = include_str!("../../config.toml");

/// The whole configuration, typed and (after [`Config::validate`]) checked.
#[derive(Debug, Clone)]
pub struct Config {
    pub server: Server,
    pub database: Database,
    pub whatsapp: WhatsApp,
    pub restaurant: Restaurant,
    /// `[hours]`: one window per weekday, Monday first.
    pub hours: Hours,
    pub kds: Kds,
    pub log: Log,
    pub printer: Printer,
    // -- delivery and payment --
    /// `[delivery]`: zone, fee, free-above amount, minimum basket (default: none of them).
    pub delivery: crate::domain::delivery::DeliveryTerms,
    /// `[payment]`: the methods offered for delivery and pickup, the online link.
    pub payment: crate::domain::payment::PaymentTerms,
    /// `[support]`: a person taking over a conversation.
    pub support: Support,
    /// `[kitchen]`: order caps per time slot.
    pub kitchen: Kitchen,
}

/// `[support]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Support {
    /// How long the bot stays quiet for a customer a person took over.
    pub quiet_minutes: u32,
    /// A ready pickup order not collected this long gets one reminder; 0 = off.
    #[serde(default = "ten")]
    pub pickup_reminder_minutes: u32,
    /// `maydanoz resume` tells the customers told "paused" within this many
    /// hours (with something in the cart) that orders are taken again; 0: nobody.
    #[serde(default = "default_resume_notice_hours")]
    pub resume_notice_hours: u32,
}

fn ten() -> u32 {
    10
}

fn default_resume_notice_hours() -> u32 {
    3
}

impl Support {
    /// How long the bot stays quiet for a customer handed to a person.
    pub fn quiet(&self) -> Span {
        Span::minutes(i64::from(self.quiet_minutes))
    }

    /// How far back a pause's resume notice reaches ([`Support::resume_notice_hours`]).
    pub fn resume_notice(&self) -> Span {
        Span::hours(i64::from(self.resume_notice_hours))
    }
}

/// `[printer]`, parsed: where tickets go (none = no printing) and when.
#[derive(Debug, Clone)]
pub struct Printer {
    pub target: Option<crate::print::Target>,
    pub print_on: crate::print::PrintOn,
    /// A job still waiting this long is skipped, not printed (no flood of old slips).
    pub max_age_minutes: u32,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Server {
    pub bind: String,
    /// `/healthz` says degraded when a message has waited this long for the worker
    /// (no process works the queue); 0 turns the check off.
    pub stall_alert_seconds: u32,
    /// The HTTPS address tablets and links reach this server at
    /// (`https://shop.example`); unset = `http://` this host and `bind`'s port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_url: Option<String>,
}

#[derive(Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Database {
    #[serde(serialize_with = "redact_db_url")]
    pub url: String,
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Database")
            .field("url", &redact_url(&self.url))
            .finish()
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct WhatsApp {
    #[serde(
        serialize_with = "redact_secret",
        skip_serializing_if = "Option::is_none"
    )]
    pub verify_token: Option<SecretString>,
    #[serde(
        serialize_with = "redact_secret",
        skip_serializing_if = "Option::is_none"
    )]
    pub app_secret: Option<SecretString>,
    #[serde(
        serialize_with = "redact_secret",
        skip_serializing_if = "Option::is_none"
    )]
    pub access_token: Option<SecretString>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number_id: Option<String>,
    pub api_base_url: String,
    pub api_version: String,
    pub stale_after_minutes: u32,
    pub pair_burst: u32,
    pub retry_first_ms: u32,
}

/// `[restaurant]`, with the language and the time zone parsed.
#[derive(Debug, Clone)]
pub struct Restaurant {
    pub name: String,
    pub currency: String,
    /// Spoken to a customer who has not chosen a language.
    pub language: Lang,
    /// Where the opening hours and the clocks shown are read.
    pub timezone: jiff::tz::TimeZone,
    pub pickup_minutes: u32,
    pub delivery_minutes: u32,
    pub cart_idle_minutes: u32,
    /// Where a business day begins, for reports (`day_starts_at`, "05:00": the
    /// small hours count to the day before).
    pub day_start: crate::domain::report::DayStart,
    /// The shop's address, told (with a map link) to a customer who asks; `None`: not told.
    pub address: Option<String>,
    /// The shop's phone number, told to a customer who asks; `None`: not told.
    pub phone: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Kds {
    pub warn_after_minutes: u32,
    pub late_after_minutes: u32,
    pub sound: bool,
    pub chime_repeat_seconds: u32,
    /// Taps and clicks select and bump tickets, the wheel pages (`false`: keys only).
    #[serde(default = "yes")]
    pub mouse: bool,
    /// `[kds.keys]`: action name → the keys that do it (a bump bar's layout);
    /// actions not named keep their usual keys. `maydanoz kds keys` prints the map.
    #[serde(default)]
    pub keys: std::collections::BTreeMap<String, Vec<String>>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Log {
    pub file: String,
    pub level: String,
}

/// A configuration problem, always naming the key.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error("config file {path}: {message}")]
    Parse { path: String, message: String },
    #[error("{key}: {message}")]
    Invalid { key: String, message: String },
}

fn invalid(key: &str, message: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        key: key.to_string(),
        message: message.into(),
    }
}

impl Config {
    /// The built-in defaults alone, for tests (`load` layers them under the file and env).
    #[cfg(test)]
    pub fn defaults() -> Config {
        // The shipped file is a compile-time constant checked by a test.
        file::parse_default().unwrap_or_else(|e| panic!("built-in config.toml is invalid: {e}"))
    }

    /// Check everything a running shop depends on.
    pub fn validate(&self) -> Result<(), ConfigError> {
        self.kitchen.validate()?;
        self.server.bind.parse::<SocketAddr>().map_err(|_| {
            invalid(
                "server.bind",
                format!(
                    "'{}' is not an address like 127.0.0.1:8080",
                    self.server.bind
                ),
            )
        })?;
        let url = &self.database.url;
        if !(url.starts_with("sqlite:")
            || url.starts_with("postgres:")
            || url.starts_with("postgresql:"))
        {
            return Err(invalid(
                "database.url",
                "must start with sqlite:// or postgres://",
            ));
        }
        let base = &self.whatsapp.api_base_url;
        if !(base.starts_with("https://") || base.starts_with("http://")) {
            return Err(invalid(
                "whatsapp.api_base_url",
                format!("'{base}' is not an http(s) URL"),
            ));
        }
        let v = &self.whatsapp.api_version;
        let ok_version = v.strip_prefix('v').is_some_and(|n| {
            n.split('.')
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
        });
        if !ok_version {
            return Err(invalid(
                "whatsapp.api_version",
                format!("'{v}' is not a version like v25.0"),
            ));
        }
        if self.whatsapp.retry_first_ms == 0 {
            return Err(invalid("whatsapp.retry_first_ms", "must be at least 1"));
        }
        if self.whatsapp.pair_burst == 0 {
            return Err(invalid("whatsapp.pair_burst", "must be at least 1"));
        }
        if self.restaurant.name.trim().is_empty() {
            return Err(invalid("restaurant.name", "must not be empty"));
        }
        let c = &self.restaurant.currency;
        if c.len() != 3 || !c.chars().all(|ch| ch.is_ascii_uppercase()) {
            return Err(invalid(
                "restaurant.currency",
                format!("'{c}' is not an ISO 4217 code like TRY"),
            ));
        }
        if self.kds.warn_after_minutes >= self.kds.late_after_minutes {
            return Err(invalid(
                "kds.warn_after_minutes",
                format!(
                    "({}) must be less than kds.late_after_minutes ({})",
                    self.kds.warn_after_minutes, self.kds.late_after_minutes
                ),
            ));
        }
        if self.support.quiet_minutes == 0 {
            return Err(invalid("support.quiet_minutes", "must be at least 1"));
        }
        if self.support.resume_notice_hours > 24 {
            return Err(invalid(
                "support.resume_notice_hours",
                "must be at most 24 (WhatsApp's window for a free-form message)",
            ));
        }
        if self.restaurant.cart_idle_minutes == 0 {
            return Err(invalid(
                "restaurant.cart_idle_minutes",
                "must be at least 1",
            ));
        }
        self.refuse_blank_secrets()
    }

    /// A secret made only of spaces is a mistake (a pasted blank, an unquoted env line), and
    /// an app secret of spaces would still be used as the HMAC key: refuse it by name. An
    /// empty value means "not set".
    fn refuse_blank_secrets(&self) -> Result<(), ConfigError> {
        let w = &self.whatsapp;
        for (key, v) in [
            ("whatsapp.app_secret", &w.app_secret),
            ("whatsapp.verify_token", &w.verify_token),
            ("whatsapp.access_token", &w.access_token),
        ] {
            let s = v.as_ref().map(|s| s.expose_secret()).unwrap_or_default();
            if !s.is_empty() && s.trim().is_empty() {
                return Err(invalid(
                    key,
                    "is blank (only spaces); set the real value or leave it out",
                ));
            }
        }
        Ok(())
    }

    /// Check the keys that only a real WhatsApp connection needs.
    pub(crate) fn validate_whatsapp(&self, insecure_no_signature: bool) -> Result<(), ConfigError> {
        let w = &self.whatsapp;
        let unset =
            |s: &Option<SecretString>| s.as_ref().is_none_or(|s| s.expose_secret().is_empty());
        let missing = [
            (
                unset(&w.app_secret) && !insecure_no_signature,
                "whatsapp.app_secret",
                "is not set; without it anyone could post orders (use --insecure-no-signature only for local tests)",
            ),
            (
                unset(&w.verify_token),
                "whatsapp.verify_token",
                "is not set; Meta's webhook handshake needs it",
            ),
            (
                unset(&w.access_token),
                "whatsapp.access_token",
                "is not set; replies cannot be sent without it",
            ),
            (
                w.phone_number_id
                    .as_ref()
                    .is_none_or(|s| s.trim().is_empty()),
                "whatsapp.phone_number_id",
                "is not set; replies cannot be sent without it",
            ),
        ];
        match missing.into_iter().find(|(is_missing, _, _)| *is_missing) {
            Some((_, key, why)) => Err(invalid(key, why)),
            None => Ok(()),
        }
    }

    /// The configuration as TOML with secrets shown as "(set)" and the database password hidden.
    pub(crate) fn to_redacted_toml(&self) -> String {
        file::to_toml(self)
    }

    /// The WhatsApp app secret bytes, if set.
    pub(crate) fn app_secret(&self) -> Option<Vec<u8>> {
        self.whatsapp
            .app_secret
            .as_ref()
            .map(|s| s.expose_secret().as_bytes().to_vec())
            .filter(|s| !s.trim_ascii().is_empty())
    }
}

fn redact_secret<S: serde::Serializer>(v: &Option<SecretString>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(_) => s.serialize_some("(set)"),
        None => s.serialize_none(),
    }
}

fn redact_db_url<S: serde::Serializer>(v: &str, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&redact_url(v))
}
