//! A location pin the customer shared, and what a delivery address typed as
//! text must look like. Pure: checked once at the edge (the bot), stored as
//! integer 1e-7 degrees so it round-trips exactly through JSON and SQL.

use std::fmt;

/// A point a courier can drive to: latitude and longitude in 1e-7 degrees.
/// Only [`Pin::from_degrees`] and [`Pin::from_e7`] make one, and both refuse
/// what is not on Earth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "Degrees", into = "Degrees")]
pub struct Pin {
    lat_e7: i32,
    lon_e7: i32,
}

/// Why a shared pin is not a place to deliver to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PinError {
    /// NaN or infinite: not a number a phone would send.
    #[error("the coordinates are not numbers")]
    NotANumber,
    /// |latitude| > 90 or |longitude| > 180.
    #[error("the coordinates are off the globe")]
    OutOfRange,
    /// 0,0 in the Gulf of Guinea: what a phone without a position fix sends.
    #[error("0,0 is what a phone without a position sends")]
    NullIsland,
}

/// The wire shape (`{"latitude", "longitude"}` in degrees), as in CONTRACT.md.
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
pub(crate) struct Degrees {
    pub latitude: f64,
    pub longitude: f64,
}

impl TryFrom<Degrees> for Pin {
    type Error = PinError;
    fn try_from(d: Degrees) -> Result<Pin, PinError> {
        Pin::from_degrees(d.latitude, d.longitude)
    }
}

impl From<Pin> for Degrees {
    fn from(p: Pin) -> Degrees {
        Degrees {
            latitude: p.latitude(),
            longitude: p.longitude(),
        }
    }
}

impl Pin {
    /// From degrees as WhatsApp sends them; refuses NaN, infinities, points
    /// off the globe and 0,0.
    pub fn from_degrees(latitude: f64, longitude: f64) -> Result<Pin, PinError> {
        if !latitude.is_finite() || !longitude.is_finite() {
            return Err(PinError::NotANumber);
        }
        if latitude.abs() > 90.0 || longitude.abs() > 180.0 {
            return Err(PinError::OutOfRange);
        }
        // |lat| ≤ 90 and |lon| ≤ 180 keep both within i32 (±1.8e9).
        #[allow(clippy::cast_possible_truncation)]
        let p = Pin {
            lat_e7: (latitude * 1e7).round() as i32,
            lon_e7: (longitude * 1e7).round() as i32,
        };
        if p.lat_e7 == 0 && p.lon_e7 == 0 {
            return Err(PinError::NullIsland);
        }
        Ok(p)
    }

    /// From stored 1e-7 degrees (orders, sessions); the same checks.
    pub fn from_e7(lat_e7: i64, lon_e7: i64) -> Result<Pin, PinError> {
        if lat_e7.abs() > 900_000_000 || lon_e7.abs() > 1_800_000_000 {
            return Err(PinError::OutOfRange);
        }
        if lat_e7 == 0 && lon_e7 == 0 {
            return Err(PinError::NullIsland);
        }
        #[allow(clippy::cast_possible_truncation)]
        Ok(Pin {
            lat_e7: lat_e7 as i32,
            lon_e7: lon_e7 as i32,
        })
    }

    /// Latitude and longitude in 1e-7 degrees.
    pub(crate) fn e7(self) -> (i32, i32) {
        (self.lat_e7, self.lon_e7)
    }

    pub(crate) fn latitude(self) -> f64 {
        f64::from(self.lat_e7) / 1e7
    }

    pub(crate) fn longitude(self) -> f64 {
        f64::from(self.lon_e7) / 1e7
    }

    /// A link any phone opens in its map app, dropped at the pin.
    pub(crate) fn map_link(self) -> String {
        format!("https://maps.google.com/?q={self}")
    }
}

/// "40.98765,29.02468": degrees with up to seven decimals, no trailing zeros.
impl fmt::Display for Pin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{},{}", e7_text(self.lat_e7), e7_text(self.lon_e7))
    }
}

fn e7_text(v: i32) -> String {
    let sign = if v < 0 { "-" } else { "" };
    let a = v.unsigned_abs();
    let frac = format!("{:07}", a % 10_000_000);
    let frac = frac.trim_end_matches('0');
    if frac.is_empty() {
        format!("{sign}{}", a / 10_000_000)
    } else {
        format!("{sign}{}.{frac}", a / 10_000_000)
    }
}

/// `Option<Pin>` kept as its `[lat_e7, lon_e7]` integer pair, as sessions store it
/// (`#[serde(with = "crate::domain::pin::e7_pair")]`): integers round-trip through
/// JSON exactly, and a stored pair that is not on Earth is refused when read.
pub(crate) mod e7_pair {
    use super::Pin;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub(crate) fn serialize<S: Serializer>(pin: &Option<Pin>, s: S) -> Result<S::Ok, S::Error> {
        pin.map(Pin::e7).serialize(s)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Pin>, D::Error> {
        match Option::<(i32, i32)>::deserialize(d)? {
            None => Ok(None),
            Some((lat, lon)) => Pin::from_e7(i64::from(lat), i64::from(lon))
                .map(Some)
                .map_err(serde::de::Error::custom),
        }
    }
}

/// Shorter than this (characters) is not an address anyone can deliver to.
pub(crate) const ADDRESS_MIN: usize = 8;

/// Words (folded: lowercase, no Turkish letters) that only an address has.
const ADDRESS_WORDS: &[&str] = &[
    "mah",
    "mh",
    "mahalle",
    "mahallesi",
    "cad",
    "cd",
    "cadde",
    "caddesi",
    "sok",
    "sk",
    "sokak",
    "sokagi",
    "bulvar",
    "bulvari",
    "blv",
    "bulv",
    "apt",
    "apartman",
    "apartmani",
    "no",
    "numara",
    "kat",
    "daire",
    "site",
    "sitesi",
    "blok",
    "bina",
    "binasi",
    "plaza",
    "street",
    "st",
    "road",
    "rd",
    "avenue",
    "ave",
    "floor",
    "flat",
    "building",
    "apartment",
];

/// Does typed text read like an address: long enough, and with a number or a
/// word only addresses have (mahalle, cadde, sokak, apt, no, kat, daire…,
/// also abbreviated with a dot or a colon, with or without Turkish letters)?
/// "adrese getirin" does not.
pub(crate) fn looks_like_address(text: &str) -> bool {
    if text.trim().chars().count() < ADDRESS_MIN {
        return false;
    }
    if text.chars().any(|c| c.is_ascii_digit()) {
        return true;
    }
    let folded = crate::domain::text::fold(text);
    folded
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| ADDRESS_WORDS.contains(&w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impossible_pins_are_refused() {
        assert_eq!(Pin::from_degrees(f64::NAN, 29.0), Err(PinError::NotANumber));
        assert_eq!(
            Pin::from_degrees(41.0, f64::INFINITY),
            Err(PinError::NotANumber)
        );
        assert_eq!(Pin::from_degrees(90.5, 29.0), Err(PinError::OutOfRange));
        assert_eq!(Pin::from_degrees(41.0, -180.01), Err(PinError::OutOfRange));
        assert_eq!(Pin::from_degrees(0.0, 0.0), Err(PinError::NullIsland));
        assert_eq!(Pin::from_e7(0, 0), Err(PinError::NullIsland));
        assert_eq!(Pin::from_e7(900_000_001, 0), Err(PinError::OutOfRange));
        assert!(Pin::from_degrees(-90.0, 180.0).is_ok());
        assert!(Pin::from_degrees(0.0, 29.0).is_ok());
    }

    #[test]
    fn map_link_and_json_keep_the_degrees() {
        let p = Pin::from_degrees(40.98765, 29.02468).expect("pin");
        assert_eq!(p.e7(), (409_876_500, 290_246_800));
        assert_eq!(p.map_link(), "https://maps.google.com/?q=40.98765,29.02468");
        let south = Pin::from_degrees(-33.8688197, -151.0).expect("pin");
        assert_eq!(south.to_string(), "-33.8688197,-151");
        let json = serde_json::to_value(p).expect("json");
        assert_eq!(
            json,
            serde_json::json!({"latitude": 40.98765, "longitude": 29.02468})
        );
        assert_eq!(serde_json::from_value::<Pin>(json).expect("back"), p);
        let bad = serde_json::json!({"latitude": 91.0, "longitude": 0.0});
        assert!(serde_json::from_value::<Pin>(bad).is_err());
    }

    #[test]
    fn addresses_that_are_addresses() {
        for ok in [
            "Caferağa Mah. Moda Cad. No:12 D:3 Kadıköy",
            "Bahariye Cad. 45/2",
            "Moda caddesi, Kadikoy",
            "Yeldegirmeni mahallesi karakolhane sk",
            "Kuşdili Sokağı Kadıköy",
            "Atatürk Bulvarı, Fatih",
            "Gül apt kat iki",
            "Levent Plaza, İstanbul",
            "Flat B, Baker Street",
        ] {
            assert!(looks_like_address(ok), "{ok}");
        }
        for not in [
            "adrese getirin",
            "adrese getirin lütfen",
            "eve",
            "kısa",
            "bilmiyorum ki",
            "Kadıköy'e getirin",
            "nosuz evim burada",
        ] {
            assert!(!looks_like_address(not), "{not}");
        }
    }
}
