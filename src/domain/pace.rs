//! The kitchen's pace, told honestly: the ready time quoted to a customer
//! ([`quote`]), busy mode's added minutes ([`Busy`]), order caps per time slot
//! ([`Caps`], [`slot_start`], [`free_slots`]) and when a ticket is late against
//! its own promise ([`late_against_promise`]).
//!
//! The quote is built from the kitchen's real load: its recent median
//! order-to-ready time ([`super::eta::pace`], the figure "siparişim nerede" and
//! `report` use) and the orders still open ahead of this one. The kitchen works
//! on [`ORDERS_IN_HAND`] orders at once, so every order ahead adds that share of
//! one order's time. A quote is never shorter than the configured
//! `pickup_minutes` / `delivery_minutes`.
//!
//! Slots are `slot_minutes` long, counted from local midnight in the shop's
//! zone (the last slot of a day is cut at midnight when the length does not
//! divide a day). An order falls in the slot of its promised time. Pure: time
//! comes in as instants ([`At`]), the zone and hours as arguments.

use super::ahead::{self, Slot};
use super::eta;
use super::hours::Hours;
use super::order::Fulfilment;
use super::time::{At, Span};

/// How many orders the kitchen has in hand at once: each open order ahead adds
/// one order's time divided by this.
pub(crate) const ORDERS_IN_HAND: i64 = 4;

/// The longest a busy delay may be (`maydanoz busy --minutes`).
pub(crate) const MAX_BUSY_MINUTES: u32 = 240;

/// The board's `b` key: off, then these delays, then off again.
pub(crate) const BUSY_STEPS: [u32; 3] = [10, 20, 30];

/// Busy mode as stored: `minutes` added to every quote until `until` (`None`:
/// until cleared).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Busy {
    pub minutes: u32,
    pub until: Option<At>,
}

impl Busy {
    /// Does it add anything at `now`?
    pub(crate) fn active_at(&self, now: At) -> bool {
        self.minutes > 0 && self.until.is_none_or(|u| u > now)
    }
}

/// The `b` key's next step after `current` added minutes (0 = off).
pub(crate) fn next_busy_step(current: u32) -> u32 {
    BUSY_STEPS
        .iter()
        .copied()
        .find(|&s| s > current)
        .unwrap_or(0)
}

/// `[kitchen]`: at most `max_per_slot` orders per slot (`None`: no cap).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Caps {
    pub max_per_slot: Option<u32>,
    pub slot_minutes: u32,
}

impl Default for Caps {
    fn default() -> Self {
        Caps {
            max_per_slot: None,
            slot_minutes: 15,
        }
    }
}

/// What a quote is computed from, read from the store for each batch of
/// messages (and again inside the transaction that places an order).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Load {
    /// Orders on the board not yet ready (new or preparing, not held).
    pub open_ahead: u32,
    /// The kitchen's latest order-to-ready times today, newest first.
    pub recent_prep: Vec<Span>,
    /// Busy mode, if set (maybe already expired).
    pub busy: Option<Busy>,
    /// Orders counted per slot: (slot start, taken), from the current slot on.
    pub slots_taken: Vec<(At, u32)>,
    /// The cap settings.
    pub caps: Caps,
}

impl Load {
    /// Busy minutes added at `now` (0 when off or expired).
    pub(crate) fn busy_minutes(&self, now: At) -> u32 {
        self.busy
            .filter(|b| b.active_at(now))
            .map_or(0, |b| b.minutes)
    }

    /// Orders already counted in the slot starting at `slot`.
    pub(crate) fn taken(&self, slot: At) -> u32 {
        self.slots_taken
            .iter()
            .find(|(s, _)| *s == slot)
            .map_or(0, |(_, n)| *n)
    }

    /// Is the slot starting at `slot` full under the cap?
    pub(crate) fn is_full(&self, slot: At) -> bool {
        self.caps
            .max_per_slot
            .is_some_and(|m| self.taken(slot) >= m)
    }
}

/// The instant the customer is promised for an order placed at `now`: the
/// kitchen's time for one order (measured, never below the configured pickup
/// minutes), plus each open order ahead's share, plus the road for a delivery,
/// never below the configured minutes for this kind of order, plus busy mode's
/// minutes. Rounded up to the whole minute.
pub(crate) fn quote(
    load: &Load,
    fulfilment: Fulfilment,
    pickup_minutes: u32,
    delivery_minutes: u32,
    now: At,
) -> At {
    let pickup = Span::minutes(i64::from(pickup_minutes));
    let floor = match fulfilment {
        Fulfilment::Pickup => pickup,
        Fulfilment::Delivery => Span::minutes(i64::from(delivery_minutes)),
    };
    let one = eta::pace(&load.recent_prep, pickup_minutes)
        .prep
        .max(pickup);
    let queue = one * i64::from(load.open_ahead) / ORDERS_IN_HAND;
    let road = match fulfilment {
        Fulfilment::Pickup => Span::ZERO,
        Fulfilment::Delivery => (floor - pickup).max(Span::ZERO),
    };
    let lead = (one + queue + road).max(floor);
    let busy = Span::minutes(i64::from(load.busy_minutes(now)));
    // whole minutes: the customer reads a clock
    (now + lead + busy).ceil_to_minute()
}

fn zoned(at: At, tz: &jiff::tz::TimeZone) -> Option<jiff::Zoned> {
    Some(
        jiff::Timestamp::from_millisecond(at.as_millis())
            .ok()?
            .to_zoned(tz.clone()),
    )
}

/// The start of the slot `at` falls in: slots of `slot_minutes` counted from
/// local midnight.
pub(crate) fn slot_start(at: At, slot_minutes: u32, tz: &jiff::tz::TimeZone) -> At {
    let len = i64::from(slot_minutes.max(1));
    let Some(z) = zoned(at, tz) else {
        return at;
    };
    let Ok(midnight) = z.start_of_day() else {
        return at;
    };
    let since = (at - At::from_millis(midnight.timestamp().as_millisecond()))
        .max(Span::ZERO)
        .whole_minutes();
    let m = since / len * len;
    midnight
        .checked_add(jiff::Span::new().minutes(m))
        .map_or(at, |s| At::from_millis(s.timestamp().as_millisecond()))
}

/// The start of the slot after the one starting at `start` (across midnight,
/// the next day's first slot).
pub(crate) fn next_slot(start: At, slot_minutes: u32, tz: &jiff::tz::TimeZone) -> At {
    let after = start + Span::minutes(i64::from(slot_minutes.max(1)));
    let next = slot_start(after, slot_minutes, tz);
    if next > start { next } else { after }
}

/// The next free slots after the full one starting at `full`, as the times a
/// customer may pick (the slot's start): inside the opening hours, at most a
/// day ahead, at most [`ahead::MAX_SLOTS`] of them — the list ordering ahead
/// offers.
pub(crate) fn free_slots(
    load: &Load,
    hours: &Hours,
    tz: &jiff::tz::TimeZone,
    now: At,
    full: At,
) -> Vec<Slot> {
    let len = load.caps.slot_minutes.max(1);
    let mut out = Vec::new();
    let mut s = next_slot(full, len, tz);
    while s - now <= ahead::HORIZON && out.len() < ahead::MAX_SLOTS {
        if !load.is_full(s) && ahead::check_slot(hours, tz, now, s).is_ok() {
            out.push(Slot {
                at: s,
                opening: false,
            });
        }
        s = next_slot(s, len, tz);
    }
    out
}

/// Where a new order goes: promised at `promised_at`, counted in `slot`
/// (`None` without a cap), or its slot is `Full` and these times are free.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Placement {
    Fits {
        promised_at: At,
        slot: Option<At>,
    },
    Full {
        promised_at: At,
        slot: At,
        offered: Vec<Slot>,
    },
}

/// The placement of an order promised at `promised_at` under `load`'s caps.
pub(crate) fn placement(
    load: &Load,
    hours: &Hours,
    tz: &jiff::tz::TimeZone,
    now: At,
    promised_at: At,
) -> Placement {
    if load.caps.max_per_slot.is_none() {
        return Placement::Fits {
            promised_at,
            slot: None,
        };
    }
    let slot = slot_start(promised_at, load.caps.slot_minutes, tz);
    if load.is_full(slot) {
        return Placement::Full {
            promised_at,
            slot,
            offered: free_slots(load, hours, tz, now, slot),
        };
    }
    Placement::Fits {
        promised_at,
        slot: Some(slot),
    }
}

/// Past its promise and not ready yet (ready, out or done orders are not late).
pub(crate) fn late_against_promise(
    promised_at: Option<At>,
    status: super::order::OrderStatus,
    now: At,
) -> bool {
    use super::order::OrderStatus as S;
    matches!(status, S::New | S::Preparing) && promised_at.is_some_and(|p| now > p)
}

/// How much later than promised the order was ready (negative when early),
/// for the report. `None` without a promise or a ready time.
pub(crate) fn lateness(promised_at: Option<At>, ready_at: Option<At>) -> Option<Span> {
    Some(ready_at? - promised_at?)
}

/// The busy header: "BUSY +20 until 13:30" (or without an end).
pub(crate) fn busy_header(b: &Busy, tz: &jiff::tz::TimeZone) -> String {
    match b.until {
        Some(u) => format!("BUSY +{} until {}", b.minutes, ahead::hhmm(u, tz)),
        None => format!("BUSY +{}", b.minutes),
    }
}

#[cfg(test)]
#[path = "pace_tests.rs"]
pub(crate) mod tests;
