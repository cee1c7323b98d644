//! Test helpers: orders, items and settings with fixed clocks.

use jiff::tz::{TimeZone, offset};

use super::glyphs::Glyphs;
use super::settings::KdsSettings;
use super::state::State;
use crate::domain::Money;
use crate::domain::order::{Fulfilment, Order, OrderItem, OrderStatus, StatusTimes};
use crate::domain::time::At;

/// 2026-03-14 12:00:00 UTC (15:00 in the +03 test zone).
pub const T0: i64 = 1_773_489_600_000;

/// The instant `ms` unix milliseconds name (the tests' clock is plain numbers around [`T0`]).
pub fn at(ms: i64) -> At {
    At::from_millis(ms)
}

pub fn settings() -> KdsSettings {
    KdsSettings {
        restaurant: "Maydanoz Döner".into(),
        warn_after_minutes: 5,
        late_after_minutes: 8,
        sound: true,
        chime_repeat_seconds: 20,
        timezone: TimeZone::fixed(offset(3)),
        currency: "TRY".into(),
        day_start: crate::domain::report::DayStart::parse("05:00").expect("day start"),
        glyphs: Glyphs::Unicode,
        view: crate::domain::station::View::Whole,
        mouse: true,
        keys: crate::kds::keymap::KeyMap::default(),
    }
}

pub fn state(w: u16, h: u16) -> State {
    let mut s = State::new(settings(), (w, h));
    s.loaded = true;
    s
}

pub fn item(quantity: i64, name: &str, options: &[&str]) -> OrderItem {
    OrderItem {
        product_id: Some(1),
        name: name.into(),
        quantity,
        unit_price: Money::from_minor(15_000),
        options: options.iter().map(|s| s.to_string()).collect(),
        note: None,
        station: None,
        station_done_at: None,
    }
}

/// A new pickup order placed at `created_at`.
pub fn order(number: i64, created_at: i64) -> Order {
    let items = vec![item(1, "Tavuk Dürüm", &[])];
    Order {
        id: number + 1000,
        number: number.into(),
        status: OrderStatus::New,
        fulfilment: Fulfilment::Pickup,
        customer_phone: crate::domain::CustomerId::parse("905551112233").expect("a phone"),
        customer_name: Some(format!("Müşteri {number}")),
        address: None,
        note: None,
        items,
        subtotal: Money::from_minor(15_000),
        discount: Money::from_minor(0),
        total: Money::from_minor(15_000),
        coupon: None,
        created_at: at(created_at),
        status_times: StatusTimes::default(),
        rush: false,
        location: None,
        delivery_fee: crate::domain::Money::ZERO,
        payment: None,
        cancel_requested_at: None,
        scheduled_for: None,
        board_at: None,
        promised_at: None,
    }
}

pub fn delivery(number: i64, created_at: i64, address: &str) -> Order {
    Order {
        fulfilment: Fulfilment::Delivery,
        address: Some(address.into()),
        ..order(number, created_at)
    }
}
