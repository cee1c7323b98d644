//! The configuration as people write it: the layers (defaults, file,
//! environment, flags) merged as TOML, then parsed once into [`Config`]'s types.
//! Printing goes the other way ([`to_toml`]).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::Printer;
use super::delivery::{DeliveryFile, PaymentFile};
use super::{
    Config, ConfigError, DEFAULT_TOML, Database, Kds, Log, Restaurant, Server, Support, WhatsApp,
    invalid,
};
use crate::domain::Lang;
use crate::domain::hours::{Hours, Window};
use crate::print::{PrintOn, Target};

/// `config.toml` as written: every value as text or number.
#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct File {
    server: Server,
    database: Database,
    whatsapp: WhatsApp,
    restaurant: RestaurantFile,
    hours: HoursFile,
    kds: Kds,
    log: Log,
    printer: PrinterFile,
    // delivery zone and fees, payment methods
    #[serde(default)]
    delivery: DeliveryFile,
    payment: PaymentFile,
    support: Support,
    #[serde(default)]
    kitchen: super::Kitchen,
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct PrinterFile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    print_on: String,
    max_age_minutes: u32,
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RestaurantFile {
    name: String,
    currency: String,
    language: String,
    timezone: String,
    pickup_minutes: u32,
    delivery_minutes: u32,
    cart_idle_minutes: u32,
    day_starts_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    phone: Option<String>,
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct HoursFile {
    monday: String,
    tuesday: String,
    wednesday: String,
    thursday: String,
    friday: String,
    saturday: String,
    sunday: String,
}

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

impl File {
    /// The one place text becomes typed values.
    fn parse(self) -> Result<Config, ConfigError> {
        let r = self.restaurant;
        let language = Lang::parse(&r.language).ok_or_else(|| {
            invalid(
                "restaurant.language",
                format!("'{}' is not tr or en", r.language),
            )
        })?;
        let timezone = jiff::tz::TimeZone::get(&r.timezone).map_err(|_| {
            invalid(
                "restaurant.timezone",
                format!("'{}' is not a time zone like Europe/Istanbul", r.timezone),
            )
        })?;
        let day_start = crate::domain::report::DayStart::parse(&r.day_starts_at)
            .map_err(|e| invalid("restaurant.day_starts_at", e.to_string()))?;
        let h = self.hours;
        let texts = [
            &h.monday,
            &h.tuesday,
            &h.wednesday,
            &h.thursday,
            &h.friday,
            &h.saturday,
            &h.sunday,
        ];
        let mut days = [None; 7];
        for (i, text) in texts.into_iter().enumerate() {
            days[i] = Window::parse(text)
                .map_err(|e| invalid(&format!("hours.{}", WEEKDAYS[i]), e.to_string()))?;
        }
        Ok(Config {
            server: self.server,
            database: self.database,
            whatsapp: self.whatsapp,
            restaurant: Restaurant {
                name: r.name,
                currency: r.currency,
                language,
                timezone,
                pickup_minutes: r.pickup_minutes,
                delivery_minutes: r.delivery_minutes,
                cart_idle_minutes: r.cart_idle_minutes,
                day_start,
                address: told(r.address),
                phone: told(r.phone),
            },
            hours: Hours { days },
            kds: self.kds,
            log: self.log,
            printer: self.printer.parse()?,
            delivery: self.delivery.parse()?,
            payment: self.payment.parse()?,
            support: self.support,
            kitchen: self.kitchen,
        })
    }
}

impl PrinterFile {
    fn parse(self) -> Result<Printer, ConfigError> {
        let target = match self.url.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(u) => Some(Target::parse(u).map_err(|e| invalid("printer.url", e))?),
        };
        let print_on = PrintOn::parse(&self.print_on).ok_or_else(|| {
            invalid(
                "printer.print_on",
                format!("'{}' is not confirm or first_bump", self.print_on),
            )
        })?;
        if self.max_age_minutes == 0 {
            return Err(invalid("printer.max_age_minutes", "must be at least 1"));
        }
        Ok(Printer {
            target,
            print_on,
            max_age_minutes: self.max_age_minutes,
        })
    }
}

/// A text told to customers: trimmed, and an empty one is the same as unset.
fn told(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// The built-in defaults, parsed.
#[cfg(test)]
pub(super) fn parse_default() -> Result<Config, ConfigError> {
    let file: File = toml::from_str(DEFAULT_TOML).map_err(|e| ConfigError::Parse {
        path: "(built-in)".into(),
        message: squeeze_spaces(&e.to_string()),
    })?;
    file.parse()
}

/// `c` as the TOML a person would write (secrets redacted by the sections' serializers).
pub(super) fn to_toml(c: &Config) -> String {
    let r = &c.restaurant;
    let day = |i: usize| c.hours.days[i].map_or_else(|| "closed".to_string(), |w| w.to_string());
    let file = File {
        server: c.server.clone(),
        database: c.database.clone(),
        whatsapp: c.whatsapp.clone(),
        restaurant: RestaurantFile {
            name: r.name.clone(),
            currency: r.currency.clone(),
            language: r.language.as_str().to_string(),
            timezone: r.timezone.iana_name().unwrap_or("UTC").to_string(),
            pickup_minutes: r.pickup_minutes,
            delivery_minutes: r.delivery_minutes,
            cart_idle_minutes: r.cart_idle_minutes,
            day_starts_at: r.day_start.to_string(),
            address: r.address.clone(),
            phone: r.phone.clone(),
        },
        hours: HoursFile {
            monday: day(0),
            tuesday: day(1),
            wednesday: day(2),
            thursday: day(3),
            friday: day(4),
            saturday: day(5),
            sunday: day(6),
        },
        kds: c.kds.clone(),
        log: c.log.clone(),
        printer: PrinterFile {
            url: c.printer.target.as_ref().map(crate::print::Target::url),
            print_on: c.printer.print_on.as_str().to_string(),
            max_age_minutes: c.printer.max_age_minutes,
        },
        delivery: DeliveryFile::from_terms(&c.delivery),
        payment: PaymentFile::from_terms(&c.payment),
        support: c.support.clone(),
        kitchen: c.kitchen.clone(),
    };
    toml::to_string(&file).unwrap_or_else(|e| format!("# cannot print the configuration: {e}\n"))
}

impl Config {
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
            // named by line and key, never quoted: the file may be full of secrets
            let file: toml::Table = toml::from_str(&text).map_err(|e| ConfigError::Parse {
                path: path.display().to_string(),
                message: super::describe::parse_error(&text, &e, &known_keys()),
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
        let known = known_keys();
        let file: File = toml::Value::Table(table)
            .try_into()
            .map_err(|e: toml::de::Error| ConfigError::Parse {
                path: "(merged)".into(),
                message: super::describe::value_free(&e.to_string(), &known),
            })?;
        file.parse()
    }
}

/// Every section with its keys, read from [`File`]'s types (see [`super::keys`]).
fn schema() -> &'static std::collections::BTreeMap<String, Vec<String>> {
    static SCHEMA: std::sync::OnceLock<std::collections::BTreeMap<String, Vec<String>>> =
        std::sync::OnceLock::new();
    SCHEMA.get_or_init(super::keys::sections_of::<File>)
}

/// Is `section.key` a key of the configuration (set by default or not)?
fn is_known_key(section: &str, key: &str) -> bool {
    schema()
        .get(section)
        .is_some_and(|keys| keys.iter().any(|k| k == key))
}

/// Every section and `section.key` the configuration knows, the only names a parse error may
/// quote.
fn known_keys() -> std::collections::HashSet<String> {
    let mut known = std::collections::HashSet::new();
    for (section, keys) in schema() {
        known.insert(section.clone());
        known.extend(keys.iter().map(|k| format!("{section}.{k}")));
    }
    known
}

#[cfg(test)]
fn squeeze_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Overlay a file's table on the defaults, refusing unknown sections and keys.
fn merge(base: &mut toml::Table, file: toml::Table, path: &str) -> Result<(), ConfigError> {
    for (section, value) in file {
        if !schema().contains_key(&section) {
            return Err(ConfigError::Parse {
                path: path.into(),
                message: format!("unknown section [{section}]"),
            });
        }
        let dst = base
            .entry(section.clone())
            .or_insert_with(|| toml::Value::Table(toml::Table::new()));
        let toml::Value::Table(dst) = dst else {
            return Err(ConfigError::Parse {
                path: path.into(),
                message: format!("'{section}' must be a [section]"),
            });
        };
        let toml::Value::Table(src) = value else {
            return Err(ConfigError::Parse {
                path: path.into(),
                message: format!("'{section}' must be a [section]"),
            });
        };
        for (k, v) in src {
            if !is_known_key(&section, &k) {
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

/// Set `section.key` from text, typed after the default's type.
fn set_from_str(
    table: &mut toml::Table,
    section: &str,
    key: &str,
    value: &str,
    name: &str,
) -> Result<(), ConfigError> {
    if !schema().contains_key(section) {
        return Err(invalid(name, format!("unknown config section '{section}'")));
    }
    let sec = table
        .entry(section.to_string())
        .or_insert_with(|| toml::Value::Table(toml::Table::new()));
    let toml::Value::Table(sec) = sec else {
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
        None if is_known_key(section, key) => toml::Value::String(value.to_string()),
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
