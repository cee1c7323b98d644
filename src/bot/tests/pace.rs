//! The ready time quoted from the kitchen's load, in the conversation: the
//! summary's clock time and busy note, the confirmation's clock, a wait grown
//! by busy mode shown before Confirm places anything, a full slot offering the
//! next free times, and the store's "slot full" answer doing the same.

use super::chat::Chat;
use super::{HOUR, NOW, World};
use crate::bot::api::PlaceError;
use crate::domain::pace::{Busy, Caps, Load};
use crate::domain::time::At;

const MIN: i64 = 60_000;

fn to_summary(c: &mut Chat) {
    c.add_simple("İçecekler", "Kola", 1);
    c.tap("Sipariş ver");
    c.tap("Gel al");
}

#[test]
fn the_summary_and_the_confirmation_tell_a_clock_time_from_the_load() {
    let mut w = World::default();
    w.kitchen.open_ahead = 8; // 8 × 15 / 4 = 30 minutes more
    let mut c = Chat::with(w);
    to_summary(&mut c);
    assert!(c.saw("15:45 civarı hazır"), "{}", c.text());
    c.tap("Onayla");
    assert_eq!(
        c.draft().and_then(|d| d.promised_at),
        Some(At::from_millis(NOW + 45 * MIN))
    );
    assert!(c.saw("15:45 civarı hazır"), "{}", c.text());
}

#[test]
fn busy_mode_is_told_before_confirming() {
    let mut w = World::default();
    w.kitchen.busy = Some(Busy {
        minutes: 20,
        until: Some(crate::domain::time::At::from_millis(NOW + HOUR)),
    });
    let mut c = Chat::with(w);
    to_summary(&mut c);
    assert!(
        c.saw("15:35 civarı hazır") && c.saw("yoğun"),
        "{}",
        c.text()
    );
}

#[test]
fn a_wait_grown_after_the_summary_is_shown_again_before_placing() {
    let mut c = Chat::new();
    to_summary(&mut c);
    assert!(c.saw("15:15 civarı hazır"), "{}", c.text());
    c.world.kitchen.busy = Some(Busy {
        minutes: 20,
        until: None,
    });
    c.tap("Onayla");
    assert!(c.draft().is_none(), "nothing placed on a longer wait");
    assert!(c.saw("15:35 civarı hazır"), "{}", c.text());
    c.tap("Onayla");
    assert_eq!(
        c.draft().and_then(|d| d.promised_at),
        Some(At::from_millis(NOW + 35 * MIN))
    );
}

#[test]
fn a_full_slot_offers_the_next_free_times_and_one_can_be_taken() {
    let w = World {
        kitchen: Load {
            caps: Caps {
                max_per_slot: Some(2),
                slot_minutes: 15,
            },
            // the quote is 15:15: that slot and the next are full
            slots_taken: vec![
                (At::from_millis(NOW + 15 * MIN), 2),
                (At::from_millis(NOW + 30 * MIN), 2),
            ],
            ..Load::default()
        },
        ..World::default()
    };
    let mut c = Chat::with(w);
    to_summary(&mut c);
    assert!(c.saw("sınırımız doldu"), "{}", c.text());
    assert!(c.try_find("Onayla").is_none(), "no Confirm on a full slot");
    let later = c.find("15:45");
    c.send(later);
    assert!(c.saw("Hazır olma saati: bugün 15:45"), "{}", c.text());
    c.tap("Onayla");
    let d = c.draft().expect("placed for later");
    assert_eq!(d.scheduled_for, Some(At::from_millis(NOW + 45 * MIN)));
    assert_eq!(d.promised_at, Some(At::from_millis(NOW + 45 * MIN)));
}

#[test]
fn the_store_saying_full_offers_its_free_times() {
    let mut c = Chat::new();
    to_summary(&mut c);
    c.refuse_next = Some(PlaceError::SlotFull {
        offered: vec![
            At::from_millis(NOW + 30 * MIN),
            At::from_millis(NOW + 45 * MIN),
        ],
    });
    c.tap("Onayla");
    assert!(c.saw("sınırımız doldu"), "{}", c.text());
    c.find("15:30");
    c.find("15:45");
    c.find("Sepeti boşalt");
}

#[test]
fn orders_placed_by_others_meanwhile_keep_the_told_time() {
    let mut c = Chat::new();
    to_summary(&mut c);
    assert!(c.saw("15:15 civarı hazır"), "{}", c.text());
    c.world.kitchen.open_ahead = 40;
    c.tap("Onayla");
    assert_eq!(
        c.draft().and_then(|d| d.promised_at),
        Some(At::from_millis(NOW + 15 * MIN)),
        "the promise made at the summary: {}",
        c.text()
    );
}
