//! The pin on the kitchen board: a delivery whose customer
//! shared a map pin is marked on its ticket — `📍` in a terminal emulator, `●`
//! on the Linux console, whose font has no emoji — and one without is not.

use super::event::Event;
use super::glyphs::{Glyphs, in_console_font};
use super::snapshot_tests::{rush, screen};
use super::state::State;
use super::testutil::{T0, at, delivery, item, state};
use super::update;
use crate::domain::pin::Pin;
use crate::events::OrderEvent;

/// The lunch rush plus #47, a pinned delivery (the door typed after the pin).
fn with_pinned_delivery(glyphs: Glyphs) -> State {
    let mut s = state(80, 24);
    s.settings.glyphs = glyphs;
    rush(&mut s);
    let mut p = delivery(47, T0 - 10_000, "No 12, Kat 3, Daire 5, Ev");
    p.items = vec![item(1, "Adana Dürüm", &["Acılı"])];
    p.location = Some(Pin::from_degrees(40.98765, 29.02468).expect("pin"));
    update(
        &mut s,
        Event::Order(OrderEvent::Placed(Box::new(p))),
        at(T0 - 10_000),
    );
    s
}

fn text(s: &State) -> String {
    let t = screen(s, T0);
    t.backend()
        .buffer()
        .content()
        .iter()
        .map(ratatui::buffer::Cell::symbol)
        .collect()
}

#[test]
fn pinned_delivery_80x24() {
    let s = with_pinned_delivery(Glyphs::Unicode);
    insta::assert_snapshot!(screen(&s, T0).backend());
    let t = text(&s);
    // the emoji takes two cells: the second one is a blank in the buffer
    assert_eq!(t.matches("📍").count(), 1, "only #47 has a pin:\n{t}");
    assert_eq!(t.matches("PIN ADDR: No 12").count(), 1, "{t}");
    assert!(t.contains("ADDR: Atatürk Cd."), "#42 has no pin:\n{t}");
}

#[test]
fn pinned_delivery_on_the_linux_console_80x24() {
    let s = with_pinned_delivery(Glyphs::Console);
    insta::assert_snapshot!(screen(&s, T0).backend());
    let t = text(&s);
    assert!(t.contains("● PIN ADDR:"), "{t}");
    let missing: Vec<char> = t.chars().filter(|&c| !in_console_font(c)).collect();
    assert!(missing.is_empty(), "the console font lacks {missing:?}");
    assert!(in_console_font('●') && !in_console_font('📍'));
}
