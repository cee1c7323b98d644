//! Stations and expo: which kitchen station makes which line of an order, how
//! far each station has got, and whether an order is done at every station.
//! A menu without stations gives orders without stations, and those behave as
//! one station (today's board): nothing here gates them. Pure, no IO.

use super::order::Order;
use super::text::fold;

/// The name of the screen at the pass that sees whole orders.
pub(crate) const EXPO: &str = "expo";

/// A station name in the menu file: at most this many characters.
pub(crate) const MAX_NAME: usize = 40;

/// What one kitchen screen shows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) enum View {
    /// Every order, whole (the board as it always was); bumps are not gated.
    #[default]
    Whole,
    /// Only this station's lines of each order, bumped line by line. The name
    /// is spelled as the menu spells it.
    Station(String),
    /// Whole orders with each station's progress; the final bump tells the customer.
    Expo,
}

impl View {
    /// The station this screen makes, if it is a station screen.
    pub(crate) fn station(&self) -> Option<&str> {
        match self {
            View::Station(s) => Some(s),
            View::Whole | View::Expo => None,
        }
    }
}

/// How far one station is with one order (in lines, not portions).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    pub station: String,
    pub done: usize,
    pub total: usize,
}

impl Progress {
    pub(crate) fn finished(&self) -> bool {
        self.done == self.total
    }
}

/// Do `a` and `b` name one station? Names are compared folded (case, Turkish
/// dotted and dotless i, accents, spaces), so `Izgara` on a category and
/// `ızgara` on a product are one station.
pub(crate) fn same(a: &str, b: &str) -> bool {
    a == b || fold(a) == fold(b)
}

/// Each station of `order` with its progress, in the order its lines appear
/// (spelled as its first line spells it).
pub fn progress(order: &Order) -> Vec<Progress> {
    let mut out: Vec<Progress> = Vec::new();
    for it in &order.items {
        let Some(st) = it.station.as_deref() else {
            continue;
        };
        let done = usize::from(it.station_done_at.is_some());
        match out.iter_mut().find(|p| same(&p.station, st)) {
            Some(p) => {
                p.total += 1;
                p.done += done;
            }
            None => out.push(Progress {
                station: st.to_string(),
                done,
                total: 1,
            }),
        }
    }
    out
}

/// Does any line of `order` belong to a station?
pub(crate) fn has_stations(order: &Order) -> bool {
    order.items.iter().any(|i| i.station.is_some())
}

/// Every line that has a station is done (true for an order without stations).
pub fn all_done(order: &Order) -> bool {
    order
        .items
        .iter()
        .all(|i| i.station.is_none() || i.station_done_at.is_some())
}

/// Positions of `station`'s lines in `order`.
pub(crate) fn lines_of(order: &Order, station: &str) -> Vec<usize> {
    order
        .items
        .iter()
        .enumerate()
        .filter(|(_, i)| i.station.as_deref().is_some_and(|s| same(s, station)))
        .map(|(p, _)| p)
        .collect()
}

/// Positions of `station`'s lines still to make.
pub(crate) fn pending(order: &Order, station: &str) -> Vec<usize> {
    lines_of(order, station)
        .into_iter()
        .filter(|&p| order.items[p].station_done_at.is_none())
        .collect()
}

/// The stations whose lines are not all done, for "waiting for ızgara".
pub fn waiting_for(order: &Order) -> Vec<String> {
    progress(order)
        .into_iter()
        .filter(|p| !p.finished())
        .map(|p| p.station)
        .collect()
}

/// A `--station` that names no station of the menu.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown station \"{name}\"; known stations: {}", known_list(.known))]
pub(crate) struct UnknownStation {
    pub name: String,
    pub known: Vec<String>,
}

fn known_list(known: &[String]) -> String {
    std::iter::once(EXPO)
        .chain(known.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The screen `name` asks for, given the menu's stations (`known`): `expo`,
/// or one of them (matched case- and accent-insensitively, answered in the
/// menu's spelling).
pub(crate) fn resolve(name: &str, known: &[String]) -> Result<View, UnknownStation> {
    let k = fold(name.trim());
    if k == fold(EXPO) {
        return Ok(View::Expo);
    }
    known
        .iter()
        .find(|s| fold(s) == k)
        .map(|s| View::Station(s.clone()))
        .ok_or_else(|| UnknownStation {
            name: name.to_string(),
            known: known.to_vec(),
        })
}

/// Why a station name in the menu file is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum StationNameError {
    #[error("a station name must not be empty")]
    Empty,
    #[error("station name '{0}' is longer than {MAX_NAME} characters")]
    TooLong(String),
    #[error("\"expo\" is the pass, not a station")]
    Expo,
}

/// A station name from the menu file: cleaned of control characters, trimmed.
pub(crate) fn check_name(raw: &str) -> Result<String, StationNameError> {
    let name = super::text::clean(raw.trim());
    if name.is_empty() {
        return Err(StationNameError::Empty);
    }
    if name.chars().count() > MAX_NAME {
        return Err(StationNameError::TooLong(name));
    }
    if fold(&name) == fold(EXPO) {
        return Err(StationNameError::Expo);
    }
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Money;
    use crate::domain::order::{Fulfilment, OrderItem, OrderStatus, StatusTimes};

    fn line(name: &str, station: Option<&str>, done: Option<i64>) -> OrderItem {
        OrderItem {
            product_id: None,
            name: name.into(),
            quantity: 1,
            unit_price: Money::from_minor(100),
            options: vec![],
            note: None,
            station: station.map(String::from),
            station_done_at: done.map(crate::domain::time::At::from_millis),
        }
    }

    fn order(items: Vec<OrderItem>) -> Order {
        Order {
            id: 1,
            number: 1.into(),
            status: OrderStatus::New,
            fulfilment: Fulfilment::Pickup,
            customer_phone: crate::domain::CustomerId::parse("905551112233").expect("a phone"),
            customer_name: None,
            address: None,
            note: None,
            items,
            subtotal: Money::from_minor(0),
            discount: Money::from_minor(0),
            total: Money::from_minor(0),
            coupon: None,
            created_at: crate::domain::time::At::from_millis(0),
            status_times: StatusTimes::default(),
            rush: false,
            location: None,
            delivery_fee: Money::ZERO,
            payment: None,
            cancel_requested_at: None,
            scheduled_for: None,
            board_at: None,
            promised_at: None,
        }
    }

    #[test]
    fn progress_counts_lines_per_station_in_order() {
        let o = order(vec![
            line("Adana", Some("ızgara"), Some(5)),
            line("Ayran", Some("içecek"), None),
            line("Tavuk", Some("ızgara"), None),
            line("Peçete", None, None),
        ]);
        let p = progress(&o);
        assert_eq!(p.len(), 2);
        assert_eq!(
            (p[0].station.as_str(), p[0].done, p[0].total),
            ("ızgara", 1, 2)
        );
        assert_eq!(
            (p[1].station.as_str(), p[1].done, p[1].total),
            ("içecek", 0, 1)
        );
        assert!(!all_done(&o));
        assert_eq!(pending(&o, "ızgara"), vec![2]);
        assert_eq!(lines_of(&o, "ızgara"), vec![0, 2]);
        assert_eq!(waiting_for(&o), vec!["ızgara", "içecek"]);
    }

    #[test]
    fn one_station_spelt_two_ways_is_one_station() {
        let o = order(vec![
            line("Adana", Some("Izgara"), Some(5)),
            line("Kanat", Some("ızgara"), None),
            line("Ayran", Some("İÇECEK"), None),
        ]);
        let p = progress(&o);
        assert_eq!(p.len(), 2, "{p:?}");
        assert_eq!(
            (p[0].station.as_str(), p[0].done, p[0].total),
            ("Izgara", 1, 2)
        );
        assert_eq!(lines_of(&o, "ızgara"), vec![0, 1]);
        assert_eq!(lines_of(&o, "IZGARA"), vec![0, 1]);
        assert_eq!(pending(&o, "Izgara"), vec![1]);
        assert_eq!(lines_of(&o, "içecek"), vec![2]);
        assert_eq!(waiting_for(&o), vec!["Izgara", "İÇECEK"]);
        assert!(same("Izgara", "ızgara") && !same("ızgara", "içecek"));
    }

    #[test]
    fn an_order_without_stations_is_always_done() {
        let o = order(vec![line("Adana", None, None)]);
        assert!(all_done(&o));
        assert!(!has_stations(&o));
        assert!(progress(&o).is_empty());
    }

    #[test]
    fn resolve_matches_loosely_and_lists_the_known() {
        let known = vec!["ızgara".to_string(), "içecek".to_string()];
        assert_eq!(
            resolve("IZGARA", &known),
            Ok(View::Station("ızgara".into()))
        );
        assert_eq!(resolve("Expo", &known), Ok(View::Expo));
        let e = resolve("fırın", &known).expect_err("unknown");
        assert_eq!(
            e.to_string(),
            "unknown station \"fırın\"; known stations: expo, ızgara, içecek"
        );
    }

    #[test]
    fn names_are_checked() {
        assert_eq!(check_name("  ızgara "), Ok("ızgara".into()));
        assert_eq!(check_name(" "), Err(StationNameError::Empty));
        assert_eq!(check_name("EXPO"), Err(StationNameError::Expo));
        assert!(check_name(&"x".repeat(41)).is_err());
    }
}
