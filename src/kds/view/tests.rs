//! Render tests that look at cells and colours rather than whole screens.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;
use unicode_width::UnicodeWidthStr;

use crate::domain::order::OrderStatus;
use crate::kds::event::Event;
use crate::kds::state::State;
use crate::kds::testutil::{T0, at, delivery, item, order, state};
use crate::kds::{draw, update};

fn render(s: &State, now: i64) -> Buffer {
    let mut t = Terminal::new(TestBackend::new(s.size.0, s.size.1)).expect("test terminal");
    t.draw(|f| draw(s, f, at(now))).expect("draw");
    t.backend().buffer().clone()
}

fn text(b: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..b.area.height {
        let mut skip = 0;
        for x in 0..b.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = b[(x, y)].symbol();
            skip = sym.width().saturating_sub(1);
            out.push_str(sym);
        }
        out.push('\n');
    }
    out
}

#[test]
fn hostile_customer_text_cannot_reach_the_terminal() {
    let mut o = delivery(66, T0, "\u{1b}[31mBağdat Cd.\u{0} No:5\u{7} 🏠 İçerenköy");
    o.customer_name = Some("\u{1b}[2J\u{1b}]0;pwned\u{7}Ali 🌯 Şükrü".into());
    o.note = Some("\u{9b}31mkapıda \u{202e}ödeme\u{1b}P+q\u{1b}\\ 🌶️ acı olsun".into());
    o.items = vec![item(1, "Tavuk Dürüm\u{1b}[5m", &["\u{1b}[8mSoğansız"])];
    let mut long = order(67, T0);
    long.customer_name = Some("Şğİı🌯".repeat(20));
    for (w, h) in [(80, 24), (160, 48), (30, 10)] {
        let mut s = state(w, h);
        update(
            &mut s,
            Event::Reloaded(vec![o.clone(), long.clone()]),
            at(T0),
        );
        let screen = text(&render(&s, T0));
        assert!(
            !screen.chars().any(|c| c.is_control() && c != '\n'),
            "control char in:\n{screen}"
        );
        assert!(
            !screen.contains("pwned") && !screen.contains("[31m"),
            "{screen}"
        );
        if w >= 80 {
            assert!(screen.contains("Ali 🌯 Şükrü"), "{screen}");
            assert!(screen.contains("kapıda ödeme"), "{screen}");
            assert!(screen.contains("Bağdat Cd. No:5 🏠"), "{screen}");
            assert!(screen.contains("+ Soğansız"), "{screen}");
            // the long name is cut on a character boundary, with an ellipsis
            let line = screen
                .lines()
                .find(|l| l.contains("Şğİı"))
                .expect("long name shown");
            assert!(line.contains('…'), "{line}");
        }
    }
}

#[test]
fn tickets_change_colour_at_warn_and_late() {
    let mut s = state(80, 24);
    let mut ready = order(4, T0 - 20 * 60_000);
    ready.status = OrderStatus::Ready;
    let orders = vec![ready, order(1, T0 - 8 * 60_000), order(2, T0 - 5 * 60_000)];
    update(&mut s, Event::Reloaded(orders), at(T0));
    // #4 (oldest), #1, #2 down the first column, five rows each; the corner
    // cell of each ticket carries its colour
    let b = render(&s, T0);
    let corner = |y: u16| b[(0, y)].fg;
    assert_eq!(
        [corner(2), corner(7), corner(12)],
        [Color::Cyan, Color::Red, Color::Yellow]
    );
    let b = render(&s, T0 - 1);
    assert_eq!([b[(0, 7)].fg, b[(0, 12)].fg], [Color::Yellow, Color::Green]);
}

#[test]
fn a_ticket_too_tall_for_the_page_continues_then_says_how_much_is_hidden() {
    let mut s = state(80, 24);
    let mut big = order(9, T0);
    big.items = (0..80).map(|_| item(1, "Lahmacun", &[])).collect();
    update(&mut s, Event::Reloaded(vec![big]), at(T0));
    let screen = text(&render(&s, T0));
    // 82 lines, 19 per column: 19 + 19, then 18 and the count of the 26 left out
    assert!(screen.contains("+26 more lines"), "{screen}");
    assert_eq!(screen.matches("#9 cont.").count(), 2, "{screen}");
    assert_eq!(screen.matches("cont. →").count(), 2, "{screen}");
}

#[test]
fn the_footer_counts_every_order_and_page() {
    let mut s = state(80, 24);
    update(
        &mut s,
        Event::Reloaded((1..=30).map(|n| order(n, T0 + n)).collect()),
        at(T0),
    );
    let screen = text(&render(&s, T0));
    assert!(
        screen
            .lines()
            .last()
            .is_some_and(|l| l.contains("page 1/3, 30 orders")),
        "{screen}"
    );
    update(&mut s, Event::Resize(160, 48), at(T0));
    let screen = text(&render(&s, T0));
    assert!(screen.contains("page 1/1, 30 orders"), "{screen}");
}

#[test]
fn a_delivery_ticket_says_how_it_is_paid_and_the_fee() {
    let mut s = state(80, 24);
    let mut o = delivery(31, T0, "Caferağa Mah. Moda Cad. No 5");
    o.payment = Some(crate::domain::payment::Payment::Card);
    o.delivery_fee = crate::domain::Money::from_minor(2_500);
    let mut plain = order(32, T0);
    plain.payment = Some(crate::domain::payment::Payment::Counter);
    update(&mut s, Event::Reloaded(vec![o, plain]), at(T0));
    let screen = text(&render(&s, T0));
    assert!(screen.contains("PAY: CARD - bring POS"), "{screen}");
    assert!(screen.contains("fee 25.00"), "{screen}");
    assert!(
        !screen.contains("COUNTER"),
        "paying at the counter is not news: {screen}"
    );
}

#[test]
fn orders_placed_ahead_show_as_a_count_in_the_header_not_on_the_board() {
    let mut s = state(80, 24);
    let mut h = crate::kds::backend::BoardHealth::unreachable();
    h.db_ok = true;
    h.upcoming = 2;
    h.next_upcoming_at = Some(at(T0 + 90 * 60_000));
    update(&mut s, Event::Health(h), at(T0));
    let screen = text(&render(&s, T0));
    let next = crate::kds::view::header::clock(&s, at(T0 + 90 * 60_000), false);
    assert!(
        screen.contains(&format!("⏰ 2 ahead, next {next}")),
        "{screen}"
    );
    let mut h = crate::kds::backend::BoardHealth::unreachable();
    h.db_ok = true;
    update(&mut s, Event::Health(h), at(T0));
    assert!(!text(&render(&s, T0)).contains("ahead"));
}

#[test]
fn a_ticket_placed_ahead_says_for_when() {
    let mut s = state(80, 24);
    let mut o = order(5, T0);
    o.scheduled_for = Some(at(T0 + 15 * 60_000));
    o.board_at = Some(at(T0));
    update(&mut s, Event::Reloaded(vec![o, order(6, T0)]), at(T0));
    let screen = text(&render(&s, T0));
    let at = crate::kds::view::header::clock(&s, at(T0 + 15 * 60_000), false);
    assert!(screen.contains(&format!("PICKUP ⏰ {at}")), "{screen}");
    assert_eq!(
        screen.matches('⏰').count(),
        1,
        "only the order ahead: {screen}"
    );
}
