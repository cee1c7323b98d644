//! Where the shop delivers and for how much: the zone (a radius around the shop
//! and/or a list of neighbourhoods), the delivery fee with its free-above amount,
//! and the minimum basket for delivery. Pure decisions over plain data; the
//! owner's `[delivery]` section becomes a [`DeliveryTerms`] once, at start.
//!
//! Two choices the rest of the system relies on:
//! - **The basket** the fee and the minimum are measured on is the goods after
//!   the coupon (`subtotal − discount`), the amount the customer pays for food.
//! - **The zone** with only a radius cannot judge a typed address: the bot asks
//!   once for a location pin; a second typed answer is taken as given (the
//!   courier sees "no pin" on the ticket). With neighbourhoods, a typed (or a
//!   pin's) address must name one of them — unless a pin lies inside the radius,
//!   which decides on its own.

use super::money::Money;
use super::order::Fulfilment;
use super::text::fold;

/// Words that say "neighbourhood" after a name (folded), left out when matching.
const NEIGHBOURHOOD_WORDS: [&str; 4] = ["mahallesi", "mah", "mh", "mahalle"];

/// The mean Earth radius used by the haversine distance, in kilometres.
const EARTH_RADIUS_KM: f64 = 6371.0;

/// `[delivery]`, parsed. The default (no section) means no fee, no minimum, no zone.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DeliveryTerms {
    /// Added to a delivery order's total (zero: free delivery).
    pub fee: Money,
    /// At or above this basket the fee is waived.
    pub free_above: Option<Money>,
    /// Below this basket a delivery is refused (pickup is offered).
    pub min_order: Option<Money>,
    pub zone: Zone,
}

/// Where deliveries go. Empty: anywhere.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Zone {
    /// The shop's (latitude, longitude) and the radius in km around it.
    pub radius: Option<Radius>,
    /// Neighbourhood names as the owner wrote them (shown to customers), matched folded.
    pub neighbourhoods: Vec<String>,
}

/// The shop's position and how far it delivers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Radius {
    pub latitude: f64,
    pub longitude: f64,
    pub km: f64,
}

/// What the zone says about an address.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ZoneVerdict {
    /// Delivered there (or no zone is configured).
    Inside,
    /// A pin this many km from the shop, beyond the radius.
    TooFar { km: f64 },
    /// The address names none of the listed neighbourhoods.
    NotListed,
    /// Only a radius is configured and there is no pin: ask for one (once).
    NeedPin,
}

impl Zone {
    /// True when nothing limits where deliveries go.
    pub(crate) fn is_open(&self) -> bool {
        self.radius.is_none() && self.neighbourhoods.is_empty()
    }

    /// Judge a delivery address: its text (typed, saved, or a pin's label) and the
    /// pin in degrees, if one was shared. `text_confirmed`: the customer, asked
    /// for a pin, confirmed this very text instead ("Adres doğru"), which a
    /// radius-only zone takes as given.
    pub(crate) fn check(
        &self,
        text: Option<&str>,
        pin: Option<(f64, f64)>,
        text_confirmed: bool,
    ) -> ZoneVerdict {
        if let (Some(r), Some((lat, lon))) = (self.radius, pin) {
            let km = haversine_km((r.latitude, r.longitude), (lat, lon));
            return if km <= r.km {
                ZoneVerdict::Inside
            } else {
                ZoneVerdict::TooFar { km }
            };
        }
        if !self.neighbourhoods.is_empty() {
            return if text.is_some_and(|t| self.names_listed(t)) {
                ZoneVerdict::Inside
            } else {
                ZoneVerdict::NotListed
            };
        }
        if self.radius.is_some() && pin.is_none() && !text_confirmed {
            return ZoneVerdict::NeedPin;
        }
        ZoneVerdict::Inside
    }

    /// Does `address` name a listed neighbourhood (as whole words, folded: "caferaga
    /// mah." names "Caferağa")?
    pub(crate) fn names_listed(&self, address: &str) -> bool {
        let words: Vec<String> = fold(address)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        self.neighbourhoods.iter().any(|n| {
            let mut want: Vec<String> = fold(n)
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect();
            // "Osmanağa Mahallesi" is found as "Osmanağa Mah." or "Osmanağa" too
            if want.len() > 1
                && want
                    .last()
                    .is_some_and(|w| NEIGHBOURHOOD_WORDS.contains(&w.as_str()))
            {
                want.pop();
            }
            !want.is_empty() && words.windows(want.len()).any(|w| w == want.as_slice())
        })
    }
}

impl DeliveryTerms {
    /// The fee for an order of `basket` (goods after the coupon): zero for pickup and
    /// at or above `free_above`.
    pub(crate) fn fee_for(&self, f: Fulfilment, basket: Money) -> Money {
        match (f, self.free_above) {
            (Fulfilment::Pickup, _) => Money::ZERO,
            (Fulfilment::Delivery, Some(free)) if basket >= free => Money::ZERO,
            (Fulfilment::Delivery, _) => self.fee,
        }
    }

    /// How much is missing to the delivery minimum, if anything.
    pub(crate) fn missing_for_minimum(&self, f: Fulfilment, basket: Money) -> Option<Money> {
        match (f, self.min_order) {
            (Fulfilment::Delivery, Some(min)) if basket < min => Some(min - basket),
            _ => None,
        }
    }

    /// True when `[delivery]` changes nothing: no fee, no minimum, no zone.
    #[cfg(test)]
    pub(crate) fn is_unset(&self) -> bool {
        *self == DeliveryTerms::default()
    }
}

/// Great-circle distance in km between two (latitude, longitude) points in degrees.
pub(crate) fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1) = (a.0.to_radians(), a.1.to_radians());
    let (la2, lo2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shop in Kadıköy (Moda), as in the sample config.
    const SHOP: (f64, f64) = (40.9870, 29.0260);

    fn radius(km: f64) -> Zone {
        Zone {
            radius: Some(Radius {
                latitude: SHOP.0,
                longitude: SHOP.1,
                km,
            }),
            neighbourhoods: vec![],
        }
    }

    #[test]
    fn haversine_matches_known_distances() {
        assert!(haversine_km(SHOP, SHOP) < 1e-9);
        // Kadıköy → Taksim is about 5.6 km as the crow flies
        let taksim = (41.0370, 28.9850);
        let d = haversine_km(SHOP, taksim);
        assert!((6.0..7.0).contains(&d), "{d}");
        // one degree of latitude is about 111.2 km
        let d = haversine_km((0.0, 0.0), (1.0, 0.0));
        assert!((d - 111.19).abs() < 0.05, "{d}");
    }

    #[test]
    fn a_pin_is_judged_by_the_radius() {
        let z = radius(3.0);
        assert_eq!(
            z.check(None, Some((40.9900, 29.0300)), false),
            ZoneVerdict::Inside
        );
        let far = z.check(None, Some((41.0370, 28.9850)), false);
        assert!(
            matches!(far, ZoneVerdict::TooFar { km } if km > 3.0),
            "{far:?}"
        );
        // a typed address with only a radius: ask for a pin, once
        assert_eq!(
            z.check(Some("Moda Cad. No 5"), None, false),
            ZoneVerdict::NeedPin
        );
        assert_eq!(
            z.check(Some("Moda Cad. No 5"), None, true),
            ZoneVerdict::Inside
        );
    }

    #[test]
    fn neighbourhoods_match_folded_whole_words() {
        let z = Zone {
            radius: None,
            neighbourhoods: vec!["Caferağa".into(), "Osmanağa Mahallesi".into()],
        };
        assert!(z.names_listed("CAFERAGA mah. Moda cad. no:3"));
        assert!(z.names_listed("osmanaga mahallesi, söğütlüçeşme"));
        assert!(
            z.names_listed("Osmanağa Mah. 5"),
            "the word for neighbourhood is optional"
        );
        assert!(!z.names_listed("Osman sk."), "every word of the name");
        assert!(!z.names_listed("Caferağalar sk."), "whole words only");
        assert_eq!(
            z.check(Some("Fenerbahçe, no 3"), None, false),
            ZoneVerdict::NotListed
        );
        assert_eq!(z.check(None, Some(SHOP), false), ZoneVerdict::NotListed);
        assert_eq!(
            z.check(Some("📍 Caferağa"), Some(SHOP), false),
            ZoneVerdict::Inside
        );
        // with a radius too, a pin decides on its own; text still needs a neighbourhood
        let both = Zone {
            neighbourhoods: z.neighbourhoods.clone(),
            ..radius(3.0)
        };
        assert_eq!(
            both.check(Some("Konumum"), Some(SHOP), false),
            ZoneVerdict::Inside
        );
        assert_eq!(
            both.check(Some("Fenerbahçe no 3"), None, false),
            ZoneVerdict::NotListed
        );
        assert!(Zone::default().is_open());
        assert_eq!(
            Zone::default().check(Some("x"), None, false),
            ZoneVerdict::Inside
        );
    }

    #[test]
    fn fee_and_minimum_use_the_basket() {
        let t = DeliveryTerms {
            fee: Money::from_minor(2500),
            free_above: Some(Money::from_minor(40000)),
            min_order: Some(Money::from_minor(15000)),
            zone: Zone::default(),
        };
        let d = Fulfilment::Delivery;
        assert_eq!(
            t.fee_for(d, Money::from_minor(39999)),
            Money::from_minor(2500)
        );
        assert_eq!(t.fee_for(d, Money::from_minor(40000)), Money::ZERO);
        assert_eq!(
            t.fee_for(Fulfilment::Pickup, Money::from_minor(100)),
            Money::ZERO
        );
        assert_eq!(
            t.missing_for_minimum(d, Money::from_minor(12000)),
            Some(Money::from_minor(3000))
        );
        assert_eq!(t.missing_for_minimum(d, Money::from_minor(15000)), None);
        assert_eq!(t.missing_for_minimum(Fulfilment::Pickup, Money::ZERO), None);
        assert!(DeliveryTerms::default().is_unset());
        assert!(!t.is_unset());
    }
}
