//! Snapshots of the "today" panel (`t`) over a board, before and after the
//! figures arrive with a health poll; kept apart from the board's snapshots.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::backend::BoardHealth;
use super::event::Event;
use super::state::{Mode, State};
use super::testutil::{T0, at, item, order, state};
use super::{draw, update};
use crate::domain::report::Glance;

fn screen(s: &State) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(s.size.0, s.size.1)).expect("test terminal");
    t.draw(|f| draw(s, f, at(T0))).expect("draw");
    t
}

fn key(s: &mut State, code: KeyCode) {
    update(
        s,
        Event::Key(KeyEvent::new(code, KeyModifiers::NONE)),
        at(T0),
    );
}

fn health(today: Option<Glance>) -> BoardHealth {
    BoardHealth {
        failed_sends_last_hour: 0,
        outbox_backlog: 0,
        avg_prep_ms_today: Some(crate::domain::time::Span::minutes(7)),
        db_ok: true,
        ordering_paused: false,
        token_rejected: false,
        connection_lost: false,
        server_sent_too_much: false,
        printer_offline: false,
        printer_stuck: Vec::new(),
        upcoming: 0,
        next_upcoming_at: None,
        busy: None,
        today,
    }
}

fn board() -> State {
    let mut s = state(80, 24);
    let mut a = order(41, T0 - 3 * 60_000);
    a.items = vec![item(2, "Tavuk Dürüm", &["Acılı"])];
    update(&mut s, Event::Reloaded(vec![a]), at(T0));
    s
}

#[test]
fn today_panel_opens_with_t_and_follows_the_health_poll() {
    let mut s = board();
    key(&mut s, KeyCode::Char('t'));
    assert_eq!(s.mode, Mode::Today);
    insta::assert_snapshot!("today_loading_80x24", screen(&s).backend());
    let g = Glance {
        orders: 23,
        cancelled: 2,
        net_minor: 456_000,
        prep_median_seconds: Some(7 * 60 + 40),
        prep_p90_seconds: Some(12 * 60 + 10),
        prep_timed: 20,
        late: 6,
    };
    update(&mut s, Event::Health(health(Some(g))), at(T0));
    insta::assert_snapshot!("today_80x24", screen(&s).backend());
    key(&mut s, KeyCode::Char('x'));
    assert_eq!(s.mode, Mode::Today, "only the panel's keys close it");
    key(&mut s, KeyCode::Esc);
    assert_eq!(s.mode, Mode::Board);
}
