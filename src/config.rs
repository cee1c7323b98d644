//! Configuration: built-in defaults (equal to the shipped `config.toml`), then
//! the file, then `MAYDANOZ_SECTION__KEY` environment variables, then flags.
//! Validated once at start; an error names the key and what is wrong.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use crate::domain::Lang;
use crate::domain::hours::{Hours, Window};

/// The shipped defaults, compiled in so a missing file means the same thing.
pub const DEFAULT_TOML: &str = include_str!("../config.toml");

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub server: Server,
    pub database: Database,
    pub whatsapp: WhatsApp,
    pub restaurant: Restaurant,
    pub hours: HoursConfig,
    pub kds: Kds,
    pub log: Log,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Server {
    pub bind: String,
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
            .field("url", &crate::store::db::redact_url(&self.url))
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

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Restaurant {
    pub name: String,
    pub currency: String,
    pub language: String,
    pub timezone: String,
    pub pickup_minutes: u32,
    pub delivery_minutes: u32,
    pub cart_idle_minutes: u32,
    /// Local time a business day begins, for reports ("05:00": the small hours
    /// count to the day before).
    pub day_starts_at: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HoursConfig {
    pub monday: String,
    pub tuesday: String,
    pub wednesday: String,
    pub thursday: String,
    pub friday: String,
    pub saturday: String,
    pub sunday: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Kds {
    pub warn_after_minutes: u32,
    pub late_after_minutes: u32,
    pub sound: bool,
    pub chime_repeat_seconds: u32,
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
        path: PathBuf,
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
    /// The built-in defaults.
    pub fn defaults() -> Config {
        // The shipped file is a compile-time constant checked by a test.
        toml::from_str(DEFAULT_TOML)
            .unwrap_or_else(|e| panic!("built-in config.toml is invalid: {e}"))
    }

    /// Load: defaults ← file (explicit path, `$MAYDANOZ_CONFIG`, or `./config.toml`) ← env.
    /// `flags` are `(section, key, value)` from the command line and win over everything.
    pub fn load(
        explicit: Option<&Path>,
        env: &[(String, String)],
        flags: &[(&str, &str, String)],
    ) -> Result<Config, ConfigError> {
        let env_path = env
            .iter()
            .find(|(k, _)| k == "MAYDANOZ_CONFIG")
            .map(|(_, v)| PathBuf::from(v));
        let path = explicit.map(Path::to_path_buf).or(env_path).or_else(|| {
            let p = PathBuf::from("config.toml");
            p.exists().then_some(p)
        });
        let mut table: toml::Table =
            toml::from_str(DEFAULT_TOML).map_err(|e| ConfigError::Parse {
                path: "(built-in)".into(),
                message: e.to_string(),
            })?;
        if let Some(path) = path {
            let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Read {
                path: path.clone(),
                source,
            })?;
            let file: toml::Table = toml::from_str(&text).map_err(|e| ConfigError::Parse {
                path: path.display().to_string(),
                message: one_line(&e.to_string()),
            })?;
            merge(&mut table, file, &path.display().to_string())?;
        }
        for (k, v) in env {
            // Only MAYDANOZ_<SECTION>__<KEY> names are overrides; MAYDANOZ_CONFIG,
            // MAYDANOZ_LOG and the test switches are read elsewhere.
            let Some((section, key)) = k.strip_prefix("MAYDANOZ_").and_then(|r| r.split_once("__"))
            else {
                continue;
            };
            set_from_str(
                &mut table,
                &section.to_lowercase(),
                &key.to_lowercase(),
                v,
                k,
            )?;
        }
        for (section, key, v) in flags {
            set_from_str(&mut table, section, key, v, &format!("{section}.{key}"))?;
        }
        let cfg: Config = toml::Value::Table(table)
            .try_into()
            .map_err(|e: toml::de::Error| ConfigError::Parse {
                path: "(merged)".into(),
                message: one_line(&e.to_string()),
            })?;
        Ok(cfg)
    }

    /// Check everything a running shop depends on.
    pub fn validate(&self) -> Result<(), ConfigError> {
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
        self.language()?;
        self.timezone()?;
        self.day_start()?;
        self.hours()?;
        if self.kds.warn_after_minutes >= self.kds.late_after_minutes {
            return Err(invalid(
                "kds.warn_after_minutes",
                format!(
                    "({}) must be less than kds.late_after_minutes ({})",
                    self.kds.warn_after_minutes, self.kds.late_after_minutes
                ),
            ));
        }
        if self.restaurant.cart_idle_minutes == 0 {
            return Err(invalid(
                "restaurant.cart_idle_minutes",
                "must be at least 1",
            ));
        }
        Ok(())
    }

    /// Check the keys that only a real WhatsApp connection needs.
    pub fn validate_whatsapp(&self, insecure_no_signature: bool) -> Result<(), ConfigError> {
        let w = &self.whatsapp;
        if w.app_secret
            .as_ref()
            .is_none_or(|s| s.expose_secret().is_empty())
            && !insecure_no_signature
        {
            return Err(invalid(
                "whatsapp.app_secret",
                "is not set; without it anyone could post orders (use --insecure-no-signature only for local tests)",
            ));
        }
        if w.verify_token
            .as_ref()
            .is_none_or(|s| s.expose_secret().is_empty())
        {
            return Err(invalid(
                "whatsapp.verify_token",
                "is not set; Meta's webhook handshake needs it",
            ));
        }
        if w.access_token
            .as_ref()
            .is_none_or(|s| s.expose_secret().is_empty())
        {
            return Err(invalid(
                "whatsapp.access_token",
                "is not set; replies cannot be sent without it",
            ));
        }
        if w.phone_number_id
            .as_ref()
            .is_none_or(|s| s.trim().is_empty())
        {
            return Err(invalid(
                "whatsapp.phone_number_id",
                "is not set; replies cannot be sent without it",
            ));
        }
        Ok(())
    }

    pub fn language(&self) -> Result<Lang, ConfigError> {
        Lang::parse(&self.restaurant.language).ok_or_else(|| {
            invalid(
                "restaurant.language",
                format!("'{}' is not tr or en", self.restaurant.language),
            )
        })
    }

    pub fn timezone(&self) -> Result<jiff::tz::TimeZone, ConfigError> {
        jiff::tz::TimeZone::get(&self.restaurant.timezone).map_err(|_| {
            invalid(
                "restaurant.timezone",
                format!(
                    "'{}' is not a time zone like Europe/Istanbul",
                    self.restaurant.timezone
                ),
            )
        })
    }

    /// `restaurant.day_starts_at`, parsed.
    pub fn day_start(&self) -> Result<crate::domain::report::DayStart, ConfigError> {
        crate::domain::report::DayStart::parse(&self.restaurant.day_starts_at)
            .map_err(|e| invalid("restaurant.day_starts_at", e.to_string()))
    }

    pub fn hours(&self) -> Result<Hours, ConfigError> {
        let h = &self.hours;
        let days = [
            ("hours.monday", &h.monday),
            ("hours.tuesday", &h.tuesday),
            ("hours.wednesday", &h.wednesday),
            ("hours.thursday", &h.thursday),
            ("hours.friday", &h.friday),
            ("hours.saturday", &h.saturday),
            ("hours.sunday", &h.sunday),
        ];
        let mut out = [None; 7];
        for (i, (key, v)) in days.iter().enumerate() {
            out[i] = Window::parse(v).map_err(|e| invalid(key, e.to_string()))?;
        }
        Ok(Hours { days: out })
    }

    /// The configuration as TOML with secrets shown as "(set)" and the database password hidden.
    pub fn to_redacted_toml(&self) -> String {
        toml::to_string(self).unwrap_or_else(|e| format!("# cannot print the configuration: {e}\n"))
    }

    /// The WhatsApp app secret bytes, if set.
    pub fn app_secret(&self) -> Option<Vec<u8>> {
        self.whatsapp
            .app_secret
            .as_ref()
            .map(|s| s.expose_secret().as_bytes().to_vec())
            .filter(|s| !s.is_empty())
    }
}

fn redact_secret<S: serde::Serializer>(v: &Option<SecretString>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(_) => s.serialize_some("(set)"),
        None => s.serialize_none(),
    }
}

fn redact_db_url<S: serde::Serializer>(v: &str, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&crate::store::db::redact_url(v))
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Overlay a file's table on the defaults, refusing unknown sections and keys.
fn merge(base: &mut toml::Table, file: toml::Table, path: &str) -> Result<(), ConfigError> {
    for (section, value) in file {
        let Some(toml::Value::Table(dst)) = base.get_mut(&section) else {
            return Err(ConfigError::Parse {
                path: path.into(),
                message: format!("unknown section [{section}]"),
            });
        };
        let toml::Value::Table(src) = value else {
            return Err(ConfigError::Parse {
                path: path.into(),
                message: format!("'{section}' must be a [section]"),
            });
        };
        for (k, v) in src {
            if !dst.contains_key(&k) && !is_optional_key(&section, &k) {
                return Err(invalid(
                    &format!("{section}.{k}"),
                    format!("unknown key in {path}"),
                ));
            }
            dst.insert(k, v);
        }
    }
    Ok(())
}

fn is_optional_key(section: &str, key: &str) -> bool {
    section == "whatsapp"
        && matches!(
            key,
            "verify_token" | "app_secret" | "access_token" | "phone_number_id"
        )
}

/// Set `section.key` from text, typed after the default's type.
fn set_from_str(
    table: &mut toml::Table,
    section: &str,
    key: &str,
    value: &str,
    name: &str,
) -> Result<(), ConfigError> {
    let Some(toml::Value::Table(sec)) = table.get_mut(section) else {
        return Err(invalid(name, format!("unknown config section '{section}'")));
    };
    let typed = match sec.get(key) {
        Some(toml::Value::Integer(_)) => toml::Value::Integer(
            value
                .trim()
                .parse::<u32>()
                .map(i64::from)
                .map_err(|_| invalid(name, format!("'{value}' is not a whole number")))?,
        ),
        Some(toml::Value::Boolean(_)) => toml::Value::Boolean(match value.trim() {
            "true" | "1" | "yes" | "on" => true,
            "false" | "0" | "no" | "off" => false,
            _ => return Err(invalid(name, format!("'{value}' is not true or false"))),
        }),
        Some(_) => toml::Value::String(value.to_string()),
        None if is_optional_key(section, key) => toml::Value::String(value.to_string()),
        None => {
            return Err(invalid(
                name,
                format!("unknown config key '{section}.{key}'"),
            ));
        }
    };
    sec.insert(key.to_string(), typed);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_defaults_are_valid() {
        let c = Config::defaults();
        c.validate().expect("defaults validate");
        assert_eq!(c.server.bind, "127.0.0.1:8080");
        assert_eq!(c.database.url, "sqlite://maydanoz.db");
        assert_eq!(c.whatsapp.api_version, "v25.0");
        assert_eq!(c.kds.warn_after_minutes, 5);
        assert_eq!(c.kds.late_after_minutes, 8);
    }

    #[test]
    fn env_overrides_and_names_bad_keys() {
        let env = vec![
            (
                "MAYDANOZ_DATABASE__URL".to_string(),
                "postgres://u:p@h/db".to_string(),
            ),
            (
                "MAYDANOZ_KDS__WARN_AFTER_MINUTES".to_string(),
                "3".to_string(),
            ),
            (
                "MAYDANOZ_WHATSAPP__APP_SECRET".to_string(),
                "s3cret".to_string(),
            ),
        ];
        let c = Config::load(Some(Path::new("/nonexistent-but-explicit")), &env, &[]);
        assert!(matches!(c, Err(ConfigError::Read { .. })));
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("c.toml");
        std::fs::write(&p, "[server]\nbind = \"0.0.0.0:9000\"\n").expect("write");
        let c = Config::load(Some(&p), &env, &[]).expect("loads");
        assert_eq!(c.server.bind, "0.0.0.0:9000");
        assert_eq!(c.database.url, "postgres://u:p@h/db");
        assert_eq!(c.kds.warn_after_minutes, 3);
        assert_eq!(c.app_secret().as_deref(), Some(&b"s3cret"[..]));
        assert!(
            !format!("{c:?}").contains("s3cret"),
            "secrets never printed"
        );
        assert!(
            !format!("{c:?}").contains(":p@"),
            "db password never printed"
        );
        assert!(!c.to_redacted_toml().contains("s3cret"));

        let bad = vec![(
            "MAYDANOZ_KDS__WARN_AFTER_MINUTES".to_string(),
            "soon".to_string(),
        )];
        let e = Config::load(Some(&p), &bad, &[]).expect_err("bad number");
        assert!(
            e.to_string().contains("MAYDANOZ_KDS__WARN_AFTER_MINUTES"),
            "{e}"
        );
        let bad = vec![("MAYDANOZ_KDS__NOPE".to_string(), "1".to_string())];
        assert!(
            Config::load(Some(&p), &bad, &[])
                .expect_err("unknown")
                .to_string()
                .contains("kds.nope")
        );
        std::fs::write(&p, "[server]\nbindd = \"x\"\n").expect("write");
        assert!(
            Config::load(Some(&p), &[], &[])
                .expect_err("typo")
                .to_string()
                .contains("server.bindd")
        );
    }

    #[test]
    fn validation_names_the_key() {
        let mut c = Config::defaults();
        c.kds.warn_after_minutes = 9;
        assert!(
            c.validate()
                .expect_err("warn > late")
                .to_string()
                .starts_with("kds.warn_after_minutes")
        );
        let mut c = Config::defaults();
        c.hours.monday = "9-17".into();
        assert!(
            c.validate()
                .expect_err("hours")
                .to_string()
                .starts_with("hours.monday")
        );
        let mut c = Config::defaults();
        c.restaurant.timezone = "Mars/Olympus".into();
        assert!(
            c.validate()
                .expect_err("tz")
                .to_string()
                .starts_with("restaurant.timezone")
        );
        let mut c = Config::defaults();
        c.restaurant.day_starts_at = "29:00".into();
        assert!(
            c.validate()
                .expect_err("day start")
                .to_string()
                .starts_with("restaurant.day_starts_at")
        );
        let c = Config::defaults();
        assert!(
            c.validate_whatsapp(false)
                .expect_err("secret")
                .to_string()
                .starts_with("whatsapp.app_secret")
        );
        let c = Config::load(
            None,
            &[],
            &[("database", "url", "sqlite://other.db".into())],
        )
        .expect("flag");
        assert_eq!(c.database.url, "sqlite://other.db");
    }
}
