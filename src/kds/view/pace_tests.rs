//! Render tests of the kitchen's pace on the board: a ticket past its promise
//! is red whatever its age, the header says "BUSY +20 until 13:30", the `b` key
//! cycles busy mode, and a ready pickup order shows its wait at the counter.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;

use crate::domain::order::OrderStatus;
use crate::domain::pace::Busy;
use crate::kds::event::{Command, Event};
use crate::kds::state::State;
use crate::kds::testutil::{T0, at, order, state};
use crate::kds::{draw, update};

fn render(s: &State, now: i64) -> Buffer {
    let mut t = Terminal::new(TestBackend::new(s.size.0, s.size.1)).expect("test terminal");
    t.draw(|f| draw(s, f, at(now))).expect("draw");
    t.backend().buffer().clone()
}

fn text(b: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..b.area.height {
        for x in 0..b.area.width {
            out.push_str(b[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

fn health() -> crate::kds::BoardHealth {
    crate::kds::BoardHealth {
        db_ok: true,
        ..crate::kds::BoardHealth::unreachable()
    }
}

#[test]
fn a_ticket_past_its_promise_is_red_however_young() {
    let mut s = state(80, 24);
    let mut late = order(1, T0 - 60_000);
    late.promised_at = Some(at(T0 - 1));
    let mut kept = order(2, T0 - 60_000);
    kept.promised_at = Some(at(T0 + 60_000));
    update(&mut s, Event::Reloaded(vec![late, kept]), at(T0));
    let b = render(&s, T0);
    assert_eq!([b[(0, 2)].fg, b[(0, 7)].fg], [Color::Red, Color::Green]);
}

#[test]
fn the_header_says_busy_and_b_cycles_it() {
    let mut s = state(100, 24);
    let mut h = health();
    h.busy = Some(Busy {
        minutes: 20,
        // 13:30 in Istanbul (UTC+3) on T0's day is not needed: the clock shows it
        until: Some(crate::domain::time::At::from_millis(T0 + 30 * 60_000)),
    });
    let until = crate::kds::view::header::clock(&s, at(T0 + 30 * 60_000), false);
    update(&mut s, Event::Health(h), at(T0));
    let screen = text(&render(&s, T0));
    assert!(
        screen.contains(&format!("BUSY +20 until {until}")),
        "{screen}"
    );
    let cmds = update(
        &mut s,
        Event::Key(crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Char('b'),
            crossterm::event::KeyModifiers::NONE,
        )),
        at(T0),
    );
    assert!(cmds.contains(&Command::SetBusy { minutes: 30 }), "{cmds:?}");
    let cmds = update(
        &mut s,
        Event::Key(crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Char('b'),
            crossterm::event::KeyModifiers::NONE,
        )),
        at(T0),
    );
    assert!(cmds.contains(&Command::SetBusy { minutes: 0 }), "{cmds:?}");
    assert!(!text(&render(&s, T0)).contains("BUSY"));
}

#[test]
fn a_ready_pickup_shows_its_wait_at_the_counter() {
    let mut s = state(80, 24);
    let mut o = order(5, T0 - 20 * 60_000);
    o.status = OrderStatus::Ready;
    o.status_times.ready_at = Some(at(T0 - 12 * 60_000));
    update(&mut s, Event::Reloaded(vec![o]), at(T0));
    let screen = text(&render(&s, T0));
    assert!(screen.contains("READY PICKUP waits 12m"), "{screen}");
}
