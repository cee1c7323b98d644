//! Ordering ahead while closed, on a fixed clock: the times offered, the one
//! picked, the summary and the confirmation that say when, a cart kept past
//! the idle time for it, and times that no longer work.

use super::*;
use crate::domain::hours::{Hours, Window, shop_status};
use crate::domain::time::At;

/// Local (UTC+3) 15:00 on Monday 2026-06-01 is `NOW`; minutes after that day's midnight.
fn local(day: i64, hh: i64, mm: i64) -> i64 {
    NOW - 15 * HOUR + day * 24 * HOUR + (hh * 60 + mm) * 60_000
}

/// Open 11:00-23:00 every day; the clock at `now`.
fn world_at(now: i64) -> World {
    let mut w = World {
        hours: Hours {
            days: [Window::parse("11:00-23:00").ok().flatten(); 7],
        },
        now,
        ..World::default()
    };
    w.shop = shop_status(&w.hours, &w.tz, None, At::from_millis(now));
    w
}

fn set_now(c: &mut Chat, now: i64) {
    c.world.now = now;
    c.world.shop = shop_status(&c.world.hours, &c.world.tz, None, At::from_millis(now));
}

/// At 01:00 on Tuesday night: a Kola in the cart, "Sipariş ver" tapped.
fn offered() -> Chat {
    let mut c = Chat::with(world_at(local(1, 1, 0)));
    c.add_simple("İçecekler", "Kola", 1);
    c.tap("Sipariş ver");
    c
}

#[test]
fn closed_offers_the_opening_and_later_times_and_says_when_it_is_ready() {
    let mut c = offered();
    assert!(
        c.saw("kapalıyız") && c.saw("şimdiden verebilirsin"),
        "{}",
        c.text()
    );
    assert!(!c.saw("sepetin duruyor"), "no old promise: {}", c.text());
    let titles = c.titles();
    assert_eq!(titles.len(), 10, "{titles:?}");
    assert_eq!(titles[0], "11:00 · açılış");
    assert_eq!(titles[1], "11:30");
    assert_eq!(titles[9], "15:30");
    c.tap("11:30");
    assert_eq!(
        c.session.checkout.scheduled_for,
        Some(At::from_millis(local(1, 11, 30)))
    );
    c.tap("Gel al");
    assert!(c.saw("Hazır olma saati: bugün 11:30"), "{}", c.text());
    c.tap("Onayla");
    assert_eq!(c.placed_orders(), 1);
    assert_eq!(
        c.draft().map(|d| d.scheduled_for),
        Some(Some(At::from_millis(local(1, 11, 30))))
    );
    assert!(
        c.saw("Siparişin alındı") && c.saw("bugün 11:30 hazır olacak"),
        "{}",
        c.text()
    );
    assert!(c.session.cart.is_empty());
    assert_eq!(c.session.checkout.scheduled_for, None);
}

#[test]
fn an_evening_order_is_for_tomorrow_and_a_delivery_says_at_the_door() {
    let mut c = Chat::with(world_at(local(0, 23, 30)));
    c.add_simple("İçecekler", "Kola", 1);
    c.tap("Sipariş ver");
    assert!(c.saw("yarın ne zaman hazır olsun"), "{}", c.text());
    c.tap("12:00");
    c.tap("Paket servis");
    c.say("Caferağa Mah. Moda Cad. No:12 D:3 Kadıköy");
    assert!(c.saw("Teslim saati: yarın 12:00"), "{}", c.text());
    c.tap("Onayla");
    assert!(c.saw("yarın 12:00 kapında olacak"), "{}", c.text());
}

#[test]
fn the_cart_of_an_order_ahead_outlives_the_idle_time_until_its_time() {
    let mut c = offered();
    c.tap("11:30");
    c.tap("Gel al");
    // eight hours later (idle time is two), still closed
    set_now(&mut c, local(1, 9, 0));
    c.say("sepet");
    assert!(!c.saw("sepetini boşalttık"), "{}", c.text());
    assert_eq!(c.session.cart.lines.len(), 1);
    // the shop opened meanwhile; the order is still for 11:30
    set_now(&mut c, local(1, 11, 10));
    c.say("sipariş ver");
    c.tap("Onayla");
    assert_eq!(c.placed_orders(), 1, "{}", c.text());
    assert_eq!(
        c.draft().map(|d| d.scheduled_for),
        Some(Some(At::from_millis(local(1, 11, 30))))
    );
    // without a time picked, the idle expiry empties the cart as before
    let mut c = offered();
    set_now(&mut c, local(1, 9, 0));
    c.say("sepet");
    assert!(c.saw("sepetini boşalttık"), "{}", c.text());
    assert!(c.session.cart.is_empty());
}

#[test]
fn a_time_tapped_after_it_passed_is_refused_and_now_is_offered() {
    let mut c = Chat::with(world_at(local(1, 10, 55)));
    c.add_simple("İçecekler", "Kola", 1);
    c.tap("Sipariş ver");
    let opening = c.find("11:00");
    set_now(&mut c, local(1, 11, 5));
    c.send(opening);
    assert!(c.saw("11:00 geçti"), "{}", c.text());
    assert_eq!(c.session.checkout.scheduled_for, None);
    // open now: the ordinary checkout goes on
    c.tap("Gel al");
    c.tap("Onayla");
    assert_eq!(c.draft().map(|d| d.scheduled_for), Some(None));
    assert!(c.saw("civarı hazır"), "{}", c.text());
}

#[test]
fn a_time_outside_the_hours_or_too_far_is_refused_and_times_offered_again() {
    let mut c = offered();
    for at in [local(1, 9, 0), local(1, 23, 30), local(2, 12, 0)] {
        c.send(Input::ListRow {
            id: format!("slot:{}", at / 60_000),
            title: "09:00".into(),
        });
        assert!(c.saw("çalışma saatlerimizin dışında"), "{}", c.text());
        assert_eq!(c.session.checkout.scheduled_for, None);
        assert!(
            c.titles().contains(&"11:00 · açılış".to_string()),
            "{:?}",
            c.titles()
        );
    }
    // a picked time that went bad by Confirm is not placed
    c.tap("13:00");
    c.tap("Gel al");
    set_now(&mut c, local(1, 13, 1));
    c.tap("Onayla");
    assert!(c.saw("13:00 geçti"), "{}", c.text());
    assert_eq!(c.placed_orders(), 0);
}

#[test]
fn paused_offers_no_times_and_promises_only_the_idle_time() {
    let mut w = world_at(local(1, 12, 0));
    w.shop = ShopStatus::Paused {
        until_text: None,
        reason: None,
    };
    let mut c = Chat::with(w);
    c.add_simple("İçecekler", "Kola", 1);
    c.tap("Sipariş ver");
    assert!(c.saw("Sepetin 2 saat saklanır"), "{}", c.text());
    assert!(!c.saw("şimdiden"), "{}", c.text());
    // a forged time tap while paused places nothing
    c.send(Input::ListRow {
        id: format!("slot:{}", local(1, 13, 0) / 60_000),
        title: "13:00".into(),
    });
    assert_eq!(c.session.checkout.scheduled_for, None);
    assert_eq!(c.placed_orders(), 0);
}

/// A time reply from an old list while the shop is open now is not taken: the
/// order goes to the kitchen now, with no time for later on it. A time within
/// the hours but not on the offer (11:07, a forged reply) is refused while closed.
#[test]
fn a_time_reply_outside_the_offer_is_refused() {
    let mut c = Chat::with(world_at(local(1, 12, 0)));
    c.add_simple("İçecekler", "Kola", 1);
    c.tap("Sipariş ver");
    c.send(Input::ListRow {
        id: format!("slot:{}", local(1, 13, 0) / 60_000),
        title: "13:00".into(),
    });
    assert_eq!(c.session.checkout.scheduled_for, None, "{}", c.text());
    assert!(!c.saw("Hazır olma saati"), "{}", c.text());
    c.tap("Gel al");
    c.tap("Onayla");
    assert_eq!(c.placed_orders(), 1);
    assert_eq!(c.draft().map(|d| d.scheduled_for), Some(None));

    let mut c = offered();
    c.send(Input::ListRow {
        id: format!("slot:{}", local(1, 11, 7) / 60_000),
        title: "11:07".into(),
    });
    assert_eq!(c.session.checkout.scheduled_for, None);
    assert!(c.saw("çalışma saatlerimizin dışında"), "{}", c.text());
}

#[test]
fn a_time_typed_from_the_list_picks_it() {
    for typed in ["12:30", "12.30", "12 30"] {
        let mut c = offered();
        c.say(typed);
        assert_eq!(
            c.session.checkout.scheduled_for,
            Some(At::from_millis(local(1, 12, 30))),
            "{typed}: {}",
            c.text()
        );
        assert!(!c.saw("Menümüzde yok"), "{}", c.text());
    }
    // the opening, by its position
    let mut c = offered();
    c.say("1");
    assert_eq!(
        c.session.checkout.scheduled_for,
        Some(At::from_millis(local(1, 11, 0)))
    );
}
