//! Station and expo screens: 80×24 snapshots of the grill's screen and the
//! expo's, and the keys that bump lines, recall them and gate the expo's bump.

use crossterm::event::KeyCode;

use super::event::{Command, Event};
use super::snapshot_tests::{key, screen};
use super::state::{Mode, State};
use super::testutil::{T0, at as instant, delivery, item, order, state};
use super::update;
use crate::domain::OrderNumber;
use crate::domain::order::{Order, OrderItem, OrderStatus};
use crate::domain::station::View;
use crate::events::OrderEvent;

const MIN: i64 = 60_000;

fn at(mut it: OrderItem, station: &str, done: bool) -> OrderItem {
    it.station = Some(station.into());
    it.station_done_at = done.then_some(instant(T0 - MIN));
    it
}

/// A lunch with a grill (ızgara), drinks (içecek) and a dessert without a station.
fn lunch() -> Vec<Order> {
    let mut a = order(51, T0 - 6 * MIN);
    a.customer_name = Some("Ayşe Yılmaz".into());
    a.items = vec![
        at(item(2, "Adana Dürüm", &["Acılı"]), "ızgara", false),
        at(item(1, "Tavuk Dürüm", &[]), "ızgara", false),
        at(item(2, "Ayran", &[]), "içecek", false),
    ];
    let mut b = delivery(52, T0 - 4 * MIN, "Moda Cd. 7, Kadıköy");
    b.customer_name = Some("Mehmet Öztürk".into());
    b.status = OrderStatus::Preparing;
    b.items = vec![
        at(item(1, "Et Döner Porsiyon", &["Pilavlı"]), "ızgara", false),
        at(item(1, "Kola", &[]), "içecek", true),
        item(1, "Künefe", &[]),
    ];
    let mut c = order(53, T0 - 2 * MIN);
    c.items = vec![at(item(3, "Şalgam", &["Acılı"]), "içecek", false)];
    let mut d = order(54, T0 - MIN);
    d.items = vec![item(1, "Sütlaç", &[])];
    vec![a, b, c, d]
}

fn screen_for(view: View) -> State {
    let mut s = state(80, 24);
    s.settings.view = view;
    update(&mut s, Event::Reloaded(lunch()), instant(T0 - MIN));
    s
}

fn numbers(s: &State) -> Vec<i64> {
    s.orders.iter().map(|o| o.number.get()).collect()
}

#[test]
fn grill_station_80x24() {
    let mut s = screen_for(View::Station("ızgara".into()));
    assert_eq!(numbers(&s), vec![51, 52], "only orders with grill lines");
    // the second line of #51 is done: "[x]", and the cursor is back on the first
    key(&mut s, KeyCode::Tab, T0);
    key(&mut s, KeyCode::Char('i'), T0);
    let shot = screen(&s, T0);
    insta::assert_snapshot!(shot.backend());
    let text = format!("{:?}", shot.backend());
    for absent in ["Ayran", "Kola", "Künefe", "Şalgam", "Sütlaç", "Moda Cd"] {
        assert!(
            !text.contains(absent),
            "{absent} is not the grill's:\n{text}"
        );
    }
}

#[test]
fn expo_80x24() {
    let s = screen_for(View::Expo);
    assert_eq!(
        numbers(&s),
        vec![51, 52, 53, 54],
        "the expo sees every order"
    );
    let shot = screen(&s, T0);
    insta::assert_snapshot!(shot.backend());
    let text = format!("{:?}", shot.backend());
    assert!(text.contains("ızgara 0/2 · içecek 0/1"), "{text}");
    assert!(text.contains("ızgara 0/1 · içecek ok"), "{text}");
}

#[test]
fn a_station_bumps_line_by_line_then_the_ticket_and_recalls() {
    let mut s = screen_for(View::Station("ızgara".into()));
    assert_eq!(s.selected, Some(OrderNumber::new(51)));
    // Tab to the second grill line, `i`: only that line
    key(&mut s, KeyCode::Tab, T0);
    assert_eq!(s.cursor_position(&s.orders[0]), Some(1));
    let cmds = update(&mut s, key_event('i'), instant(T0));
    assert!(cmds.contains(&Command::SetLines {
        number: 51.into(),
        positions: vec![1],
        done: true
    }));
    assert!(
        !cmds.iter().any(|c| matches!(c, Command::SetStatus { .. })),
        "a station never moves the order: {cmds:?}"
    );
    assert_eq!(numbers(&s), vec![51, 52], "one grill line still to make");
    assert_eq!(
        s.cursor_position(&s.orders[0]),
        Some(0),
        "cursor on what is left"
    );
    // Enter: the rest of the ticket's grill lines; it leaves the grill's screen
    let cmds = update(&mut s, key_event_code(KeyCode::Enter), instant(T0));
    assert!(cmds.contains(&Command::SetLines {
        number: 51.into(),
        positions: vec![0],
        done: true
    }));
    assert_eq!(numbers(&s), vec![52]);
    // recall brings the last bump's line back
    let cmds = update(&mut s, key_event('r'), instant(T0));
    assert!(cmds.contains(&Command::SetLines {
        number: 51.into(),
        positions: vec![0],
        done: false
    }));
    assert_eq!(numbers(&s), vec![51, 52]);
    // an order made ready elsewhere (the expo) leaves the station
    update(
        &mut s,
        Event::Order(OrderEvent::StatusChanged {
            number: 52.into(),
            status: OrderStatus::Ready,
            at: T0,
        }),
        instant(T0),
    );
    assert_eq!(numbers(&s), vec![51]);
    // the key reference says what the station's keys do
    key(&mut s, KeyCode::Char('?'), T0);
    let help = format!("{:?}", screen(&s, T0).backend());
    assert!(help.contains("the line under the cursor done"), "{help}");
    assert!(help.contains("NEW!"), "the whole list still fits:\n{help}");
}

#[test]
fn the_expo_makes_ready_only_when_every_station_is_done_or_when_forced() {
    let mut s = screen_for(View::Expo);
    // #51: nothing done yet → asks
    let cmds = update(&mut s, key_event_code(KeyCode::Enter), instant(T0));
    assert!(cmds.iter().all(|c| !matches!(c, Command::SetStatus { .. })));
    assert_eq!(s.mode, Mode::ConfirmForce { number: 51.into() });
    insta::assert_snapshot!("expo_force_80x24", screen(&s, T0).backend());
    let cmds = update(&mut s, key_event('n'), instant(T0));
    assert!(cmds.iter().all(|c| !matches!(c, Command::SetStatus { .. })));
    assert_eq!(s.mode, Mode::Board);
    // every station done (the board reloads after the stations' bumps) → ready at once
    let mut done = lunch();
    for it in &mut done[0].items {
        it.station_done_at = Some(instant(T0));
    }
    update(&mut s, Event::Reloaded(done), instant(T0));
    let cmds = update(&mut s, key_event_code(KeyCode::Enter), instant(T0));
    assert!(cmds.contains(&Command::SetStatus {
        number: 51.into(),
        to: OrderStatus::Ready
    }));
    // #52 forced with y
    key(&mut s, KeyCode::Down, T0);
    assert_eq!(s.selected, Some(OrderNumber::new(52)));
    update(&mut s, key_event_code(KeyCode::Enter), instant(T0));
    let cmds = update(&mut s, key_event('y'), instant(T0));
    assert!(cmds.contains(&Command::SetStatus {
        number: 52.into(),
        to: OrderStatus::Ready
    }));
    // #54 has no stations: the ordinary bump (new → preparing)
    s.selected = Some(OrderNumber::new(54));
    let cmds = update(&mut s, key_event_code(KeyCode::Enter), instant(T0));
    assert!(cmds.contains(&Command::SetStatus {
        number: 54.into(),
        to: OrderStatus::Preparing
    }));
}

#[test]
fn the_whole_board_is_unchanged_by_stations_except_the_progress_line() {
    let mut s = screen_for(View::Whole);
    assert_eq!(numbers(&s), vec![51, 52, 53, 54]);
    let cmds = update(&mut s, key_event_code(KeyCode::Enter), instant(T0));
    assert!(cmds.contains(&Command::SetStatus {
        number: 51.into(),
        to: OrderStatus::Preparing
    }));
    // Tab still moves between tickets there
    key(&mut s, KeyCode::Tab, T0);
    assert_ne!(s.selected, Some(OrderNumber::new(51)));
}

fn key_event(c: char) -> Event {
    key_event_code(KeyCode::Char(c))
}

fn key_event_code(code: KeyCode) -> Event {
    Event::Key(crossterm::event::KeyEvent::new(
        code,
        crossterm::event::KeyModifiers::NONE,
    ))
}

#[test]
fn a_station_screen_shows_lines_of_either_spelling() {
    // `Izgara` from the category, `ızgara` from a product: one station
    let mut a = order(61, T0 - 3 * MIN);
    a.items = vec![
        at(item(1, "Adana Dürüm", &[]), "Izgara", false),
        at(item(1, "Kanat", &[]), "ızgara", false),
        at(item(1, "Ayran", &[]), "içecek", false),
    ];
    let mut s = state(80, 24);
    s.settings.view = View::Station("ızgara".into());
    update(&mut s, Event::Reloaded(vec![a]), instant(T0 - MIN));
    assert_eq!(numbers(&s), vec![61]);
    let text = format!("{:?}", screen(&s, T0).backend());
    for line in ["Adana Dürüm", "Kanat"] {
        assert!(text.contains(line), "{line} is the grill's:\n{text}");
    }
    assert!(!text.contains("Ayran"), "{text}");
    // Enter finishes both lines, whatever their spelling, and the ticket leaves
    let cmds = update(&mut s, key_event_code(KeyCode::Enter), instant(T0));
    assert!(
        cmds.contains(&Command::SetLines {
            number: 61.into(),
            positions: vec![0, 1],
            done: true
        }),
        "{cmds:?}"
    );
    assert!(s.orders.is_empty(), "nothing left for the grill");
}
