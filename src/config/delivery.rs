//! `[delivery]` and `[payment]` as people write them, parsed once into
//! [`DeliveryTerms`] and [`PaymentTerms`].
//!
//! Amounts are written as on the command line (`"15"`, `"12,50"`, or a bare
//! number); coordinates and the radius as numbers (or text, from the
//! environment); lists as TOML arrays (or comma-separated text, from the
//! environment). Every key of `[delivery]` is optional: an absent section means
//! no fee, no minimum and no zone. Anything that does not make sense is refused
//! with one line naming the key.

use serde::{Deserialize, Serialize};

use super::{ConfigError, invalid};
use crate::domain::Money;
use crate::domain::delivery::{DeliveryTerms, Radius, Zone};
use crate::domain::payment::{Payment, PaymentTerms, check_url_template};

/// `[delivery]` as written; every key optional.
#[derive(Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DeliveryFile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    fee: Option<toml::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    free_above: Option<toml::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    min_order: Option<toml::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    latitude: Option<toml::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    longitude: Option<toml::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    radius_km: Option<toml::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    neighbourhoods: Option<toml::Value>,
}

/// `[payment]` as written.
#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PaymentFile {
    delivery: toml::Value,
    pickup: toml::Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    online_url: Option<String>,
}

/// A scalar as the text a person wrote ("12,50", "15", "40.98").
fn scalar_text(key: &str, v: &toml::Value) -> Result<String, ConfigError> {
    match v {
        toml::Value::String(s) => Ok(s.trim().to_string()),
        toml::Value::Integer(i) => Ok(i.to_string()),
        toml::Value::Float(f) => Ok(f.to_string()),
        _ => Err(invalid(key, "must be a number or text like \"12,50\"")),
    }
}

fn amount(key: &str, v: Option<&toml::Value>) -> Result<Option<Money>, ConfigError> {
    let Some(v) = v else { return Ok(None) };
    let text = scalar_text(key, v)?;
    if text.is_empty() {
        return Ok(None);
    }
    Money::parse(&text)
        .map(Some)
        .map_err(|e| invalid(key, e.to_string()))
}

fn number(key: &str, v: Option<&toml::Value>) -> Result<Option<f64>, ConfigError> {
    let Some(v) = v else { return Ok(None) };
    let text = scalar_text(key, v)?;
    if text.is_empty() {
        return Ok(None);
    }
    let n: f64 = text
        .replace(',', ".")
        .parse()
        .map_err(|_| invalid(key, format!("'{text}' is not a number")))?;
    if !n.is_finite() {
        return Err(invalid(key, format!("'{text}' is not a number")));
    }
    Ok(Some(n))
}

/// A list: a TOML array of strings, or comma-separated text (from the environment).
fn list(key: &str, v: Option<&toml::Value>) -> Result<Vec<String>, ConfigError> {
    let items: Vec<String> = match v {
        None => Vec::new(),
        Some(toml::Value::String(s)) => s.split(',').map(|p| p.trim().to_string()).collect(),
        Some(toml::Value::Array(a)) => a
            .iter()
            .map(|x| match x {
                toml::Value::String(s) => Ok(s.trim().to_string()),
                _ => Err(invalid(key, "must be a list of names in quotes")),
            })
            .collect::<Result<_, _>>()?,
        Some(_) => return Err(invalid(key, "must be a list like [\"a\", \"b\"]")),
    };
    Ok(items.into_iter().filter(|s| !s.is_empty()).collect())
}

impl DeliveryFile {
    pub(super) fn parse(&self) -> Result<DeliveryTerms, ConfigError> {
        let fee = amount("delivery.fee", self.fee.as_ref())?.unwrap_or(Money::ZERO);
        let free_above = amount("delivery.free_above", self.free_above.as_ref())?;
        let min_order = amount("delivery.min_order", self.min_order.as_ref())?;
        if free_above.is_some() && fee == Money::ZERO {
            return Err(invalid(
                "delivery.free_above",
                "is set but delivery.fee is not: there is no fee to waive",
            ));
        }
        let lat = number("delivery.latitude", self.latitude.as_ref())?;
        let lon = number("delivery.longitude", self.longitude.as_ref())?;
        let km = number("delivery.radius_km", self.radius_km.as_ref())?;
        if let Some(lat) = lat.filter(|l| l.abs() > 90.0) {
            return Err(invalid(
                "delivery.latitude",
                format!("{lat} is not between -90 and 90"),
            ));
        }
        if let Some(lon) = lon.filter(|l| l.abs() > 180.0) {
            return Err(invalid(
                "delivery.longitude",
                format!("{lon} is not between -180 and 180"),
            ));
        }
        let radius = match (lat, lon, km) {
            (None, None, None) => None,
            (Some(latitude), Some(longitude), Some(km)) if km > 0.0 && km <= 1000.0 => {
                Some(Radius {
                    latitude,
                    longitude,
                    km,
                })
            }
            (Some(_), Some(_), Some(km)) => {
                return Err(invalid(
                    "delivery.radius_km",
                    format!("{km} must be more than 0 and at most 1000"),
                ));
            }
            (_, _, Some(_)) => {
                return Err(invalid(
                    "delivery.radius_km",
                    "needs delivery.latitude and delivery.longitude (the shop's position)",
                ));
            }
            (_, _, None) => {
                return Err(invalid(
                    "delivery.latitude",
                    "delivery.latitude and delivery.longitude need delivery.radius_km (how far you deliver)",
                ));
            }
        };
        let neighbourhoods = list("delivery.neighbourhoods", self.neighbourhoods.as_ref())?;
        if let Some(n) = neighbourhoods.iter().find(|n| n.chars().count() > 60) {
            return Err(invalid(
                "delivery.neighbourhoods",
                format!("'{n}' is longer than 60 characters"),
            ));
        }
        Ok(DeliveryTerms {
            fee,
            free_above,
            min_order,
            zone: Zone {
                radius,
                neighbourhoods,
            },
        })
    }

    /// The terms as a person would write them back (`config` prints this).
    pub(super) fn from_terms(t: &DeliveryTerms) -> DeliveryFile {
        let money = |m: Money| toml::Value::String(m.to_plain());
        let r = t.zone.radius;
        DeliveryFile {
            fee: (t.fee != Money::ZERO).then(|| money(t.fee)),
            free_above: t.free_above.map(money),
            min_order: t.min_order.map(money),
            latitude: r.map(|r| toml::Value::Float(r.latitude)),
            longitude: r.map(|r| toml::Value::Float(r.longitude)),
            radius_km: r.map(|r| toml::Value::Float(r.km)),
            neighbourhoods: (!t.zone.neighbourhoods.is_empty()).then(|| {
                toml::Value::Array(
                    t.zone
                        .neighbourhoods
                        .iter()
                        .map(|n| toml::Value::String(n.clone()))
                        .collect(),
                )
            }),
        }
    }
}

fn methods(key: &str, v: &toml::Value) -> Result<Vec<Payment>, ConfigError> {
    let mut out = Vec::new();
    for name in list(key, Some(v))? {
        let p = Payment::parse(&name.to_lowercase()).ok_or_else(|| {
            invalid(
                key,
                format!("'{name}' is not one of cash, card, online, counter"),
            )
        })?;
        if !out.contains(&p) {
            out.push(p);
        }
    }
    if out.is_empty() {
        return Err(invalid(key, "must name at least one method"));
    }
    Ok(out)
}

impl PaymentFile {
    pub(super) fn parse(&self) -> Result<PaymentTerms, ConfigError> {
        let delivery = methods("payment.delivery", &self.delivery)?;
        let pickup = methods("payment.pickup", &self.pickup)?;
        if delivery.contains(&Payment::Counter) {
            return Err(invalid(
                "payment.delivery",
                "cannot offer counter (that is for pickup); use cash or card",
            ));
        }
        if delivery.len() > crate::whatsapp::limits::MAX_BUTTONS {
            return Err(invalid("payment.delivery", "offers more than 3 methods"));
        }
        if pickup.len() > crate::whatsapp::limits::MAX_BUTTONS {
            return Err(invalid("payment.pickup", "offers more than 3 methods"));
        }
        let online_url = match self.online_url.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(u) => {
                check_url_template(u).map_err(|e| invalid("payment.online_url", e))?;
                Some(u.to_string())
            }
        };
        let wants_online = delivery.contains(&Payment::Online) || pickup.contains(&Payment::Online);
        if wants_online && online_url.is_none() {
            return Err(invalid(
                "payment.online_url",
                "is not set, but online is offered; give the payment page like https://pay.example/{number}?amount={total_minor}",
            ));
        }
        Ok(PaymentTerms {
            delivery,
            pickup,
            online_url,
        })
    }

    pub(super) fn from_terms(t: &PaymentTerms) -> PaymentFile {
        let names = |v: &[Payment]| {
            toml::Value::Array(
                v.iter()
                    .map(|p| toml::Value::String(p.as_str().to_string()))
                    .collect(),
            )
        };
        PaymentFile {
            delivery: names(&t.delivery),
            pickup: names(&t.pickup),
            online_url: t.online_url.clone(),
        }
    }
}
