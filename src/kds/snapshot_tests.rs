//! Whole-screen snapshots at 80×24 and 160×48, driven through `update` with
//! synthetic events. Time is passed in, so ages and the clock are fixed.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::backend::{BoardHealth, ProductAvail};
use super::event::Event;
use super::state::State;
use super::testutil::{T0, at, delivery, item, order, state};
use super::{draw, update};
use crate::domain::order::OrderStatus;
use crate::events::OrderEvent;

const MIN: i64 = 60_000;

pub(crate) fn screen(s: &State, now: i64) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(s.size.0, s.size.1)).expect("test terminal");
    t.draw(|f| draw(s, f, at(now))).expect("draw");
    t
}

pub(crate) fn key(s: &mut State, code: KeyCode, now: i64) {
    update(
        s,
        Event::Key(KeyEvent::new(code, KeyModifiers::NONE)),
        at(now),
    );
}

fn healthy() -> BoardHealth {
    BoardHealth {
        failed_sends_last_hour: 0,
        outbox_backlog: 0,
        avg_prep_ms_today: Some(crate::domain::time::Span::millis(7 * MIN + 40_000)),
        db_ok: true,
        ordering_paused: false,
        token_rejected: false,
        today: None,
        connection_lost: false,
        server_sent_too_much: false,
        printer_offline: false,
        printer_stuck: Vec::new(),
        upcoming: 0,
        next_upcoming_at: None,
        busy: None,
    }
}

/// A lunch rush: pickup and delivery, options, notes, one old ticket, one fresh.
pub(crate) fn rush(s: &mut State) {
    let mut a = order(41, T0 - 9 * MIN);
    a.customer_name = Some("Ayşe Yılmaz".into());
    a.items = vec![
        item(2, "Tavuk Dürüm", &["Acılı", "Soğansız"]),
        item(2, "Ayran", &[]),
    ];
    let mut b = delivery(42, T0 - 6 * MIN, "Atatürk Cd. No:12 D:3, Kadıköy");
    b.customer_name = Some("Mehmet Öztürk".into());
    b.note = Some("Zili çalmayın, bebek uyuyor".into());
    b.items = vec![
        item(1, "Et Döner Porsiyon", &["Pilavlı"]),
        item(1, "Künefe", &[]),
    ];
    b.items[0].note = Some("az pişmiş".into());
    let mut c = order(43, T0 - 2 * MIN);
    c.customer_name = Some("Çağrı".into());
    c.status = OrderStatus::Preparing;
    c.items = vec![
        item(3, "İskender", &["Yoğurtlu"]),
        item(1, "Şalgam", &["Acılı"]),
    ];
    let d = order(44, T0 - 30_000);
    // as at start: what is already there when the display starts does not ring
    s.loaded = false;
    update(s, Event::Reloaded(vec![a, b, c]), at(T0 - MIN));
    update(
        s,
        Event::Order(OrderEvent::Placed(Box::new(d))),
        at(T0 - 30_000),
    );
    update(s, Event::Health(healthy()), at(T0));
}

/// Five typical lunch tickets (two or three lines of food, options, a note,
/// a delivery address) all fit on one 80×24 page.
#[test]
fn five_typical_tickets_80x24() {
    let mut s = state(80, 24);
    rush(&mut s);
    let mut e = delivery(46, T0 - 15_000, "Moda Cd. 7");
    e.items = vec![item(1, "Adana Dürüm", &["Acılı"]), item(1, "Kola", &[])];
    update(
        &mut s,
        Event::Order(OrderEvent::Placed(Box::new(e))),
        at(T0 - 15_000),
    );
    assert_eq!((s.page_count(), s.page_range()), (1, 0..5));
    let shot = screen(&s, T0);
    insta::assert_snapshot!(shot.backend());
    let text = format!("{:?}", shot.backend());
    for n in [41, 42, 43, 44, 46] {
        assert!(
            text.contains(&format!("#{n} ")),
            "#{n} on the page:\n{text}"
        );
    }
}

#[test]
fn board_80x24() {
    let mut s = state(80, 24);
    rush(&mut s);
    insta::assert_snapshot!(screen(&s, T0).backend());
}

pub(crate) fn products() -> Vec<ProductAvail> {
    let p = |id, category: &str, name: &str, available| ProductAvail {
        id,
        name: name.into(),
        category: category.into(),
        available,
    };
    vec![
        p(1, "Dürümler", "Tavuk Dürüm", true),
        p(2, "Dürümler", "Et Dürüm", false),
        p(3, "Porsiyonlar", "İskender", true),
        p(4, "İçecekler", "Ayran", true),
        p(5, "İçecekler", "Şalgam", true),
    ]
}

/// Twenty more orders than the rush: a second page on the large screen too.
pub(crate) fn busy(s: &mut State) {
    rush(s);
    let mut big = order(45, T0 - 7 * 60_000);
    big.items = (1..=9)
        .map(|i| item(i, "Karışık Pide", &["Kaşarlı", "Yumurtalı"]))
        .collect();
    update(
        s,
        Event::Order(OrderEvent::Placed(Box::new(big))),
        at(T0 - 20_000),
    );
    for n in 0..20 {
        let mut o = order(50 + n, T0 - (20 - n) * 20_000);
        o.status = [OrderStatus::Preparing, OrderStatus::Ready, OrderStatus::New][(n % 3) as usize];
        o.items = vec![item(n % 4 + 1, "Lahmacun", &["Bol limonlu"]); (n % 5 + 1) as usize];
        update(
            s,
            Event::Order(OrderEvent::Placed(Box::new(o))),
            at(T0 - 20_000),
        );
    }
}

#[test]
fn board_160x48() {
    let mut s = state(160, 48);
    busy(&mut s);
    key(&mut s, KeyCode::Right, T0);
    insta::assert_snapshot!(screen(&s, T0).backend());
}

#[test]
fn second_page_80x24() {
    let mut s = state(80, 24);
    busy(&mut s);
    key(&mut s, KeyCode::PageDown, T0);
    insta::assert_snapshot!(screen(&s, T0).backend());
}

#[test]
fn cancel_confirmation_80x24() {
    let mut s = state(80, 24);
    rush(&mut s);
    key(&mut s, KeyCode::Char('2'), T0);
    key(&mut s, KeyCode::Char('c'), T0);
    insta::assert_snapshot!(screen(&s, T0).backend());
}

#[test]
fn all_day_80x24() {
    let mut s = state(80, 24);
    rush(&mut s);
    key(&mut s, KeyCode::Char('a'), T0);
    insta::assert_snapshot!(screen(&s, T0).backend());
}

#[test]
fn availability_80x24() {
    let mut s = state(80, 24);
    rush(&mut s);
    key(&mut s, KeyCode::Char('u'), T0);
    update(&mut s, Event::Products(products()), at(T0));
    key(&mut s, KeyCode::Down, T0);
    insta::assert_snapshot!(screen(&s, T0).backend());
}

#[test]
fn help_and_quit_80x24() {
    let mut s = state(80, 24);
    rush(&mut s);
    key(&mut s, KeyCode::Char('?'), T0);
    insta::assert_snapshot!("help_80x24", screen(&s, T0).backend());
    key(&mut s, KeyCode::Esc, T0);
    key(&mut s, KeyCode::Char('q'), T0);
    insta::assert_snapshot!("quit_80x24", screen(&s, T0).backend());
}

/// Trouble behind the kitchen: failed sends, a backlog, a dead database, a
/// failed bump, muted, and an empty board.
#[test]
fn trouble_in_the_header_80x24() {
    let mut s = state(80, 24);
    update(&mut s, Event::Reloaded(vec![]), at(T0));
    let sick = BoardHealth {
        failed_sends_last_hour: 3,
        outbox_backlog: 12,
        db_ok: false,
        ..healthy()
    };
    update(&mut s, Event::Health(sick), at(T0));
    key(&mut s, KeyCode::Char('m'), T0);
    update(
        &mut s,
        Event::CommandFailed("#42 → ready: database is locked".into()),
        at(T0 - 65_000),
    );
    insta::assert_snapshot!(screen(&s, T0).backend());
}

/// A print job the printer does not take while it takes others: the header
/// names it, so the kitchen knows which ticket to reprint or check.
#[test]
fn a_stuck_print_job_is_named_in_the_header() {
    let mut s = state(120, 24);
    update(&mut s, Event::Reloaded(vec![]), at(T0));
    let stuck = BoardHealth {
        printer_stuck: vec!["#12 ticket".into(), "#14 slip".into()],
        ..healthy()
    };
    update(&mut s, Event::Health(stuck), at(T0));
    let text = format!("{:?}", screen(&s, T0).backend());
    assert!(text.contains("print stuck: #12 ticket, #14 slip"), "{text}");
    assert!(!text.contains("printer offline"), "{text}");
}

/// A remote board whose server sent more than it takes says so on screen, not
/// only "reconnecting"; an ordinary drop still says "reconnecting".
#[test]
fn a_server_that_sent_too_much_is_named_in_the_header() {
    let mut s = state(120, 24);
    update(&mut s, Event::Reloaded(vec![]), at(T0));
    let lost = |too_much| BoardHealth {
        connection_lost: true,
        server_sent_too_much: too_much,
        ..healthy()
    };
    update(&mut s, Event::Health(lost(true)), at(T0));
    let text = format!("{:?}", screen(&s, T0).backend());
    assert!(
        text.contains("connection lost — server sent too much"),
        "{text}"
    );
    update(&mut s, Event::Health(lost(false)), at(T0));
    let text = format!("{:?}", screen(&s, T0).backend());
    assert!(text.contains("connection lost — reconnecting"), "{text}");
}

#[test]
fn too_small_and_large_ticket_overflow() {
    let mut s = state(20, 8);
    rush(&mut s);
    insta::assert_snapshot!("too_small", screen(&s, T0).backend());
}

/// `*` on #43: it moves to the front with a RUSH badge; on the Linux console
/// the footer says "Enter" instead of `⏎`.
#[test]
fn rush_on_the_linux_console_80x24() {
    let mut s = state(80, 24);
    s.settings.glyphs = super::glyphs::Glyphs::Console;
    rush(&mut s);
    key(&mut s, KeyCode::Char('3'), T0);
    key(&mut s, KeyCode::Char('*'), T0);
    key(&mut s, KeyCode::Char('1'), T0);
    insta::assert_snapshot!(screen(&s, T0).backend());
}
