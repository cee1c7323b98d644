//! The "needs a person" alert and the `w` panel: the header mark, the chime on
//! a new handoff (not for the shop's own echo), handing back with `d`, and
//! hostile customer text drawn clean.

use crossterm::event::KeyCode;

use super::backend::{Said, Waiting};
use super::event::{ChimeKind, Command, Event};
use super::snapshot_tests::{key, rush, screen};
use super::state::Mode;
use super::testutil::{T0, at, state};
use super::update;
use crate::events::OrderEvent;

const MIN: i64 = 60_000;

fn ayse() -> Waiting {
    Waiting {
        phone: crate::domain::CustomerId::parse("905551112233").expect("a phone"),
        name: Some("Ayşe \u{1b}]0;pwned\u{7}Yılmaz".into()),
        reason: "asked".into(),
        since_ms: at(T0 - 4 * MIN),
        quiet_until_ms: at(T0 + 26 * MIN),
        answered_at_ms: None,
        last: vec![
            Said {
                at_ms: at(T0 - 4 * MIN),
                from_shop: false,
                text: "yetkili biriyle görüşmek istiyorum".into(),
            },
            Said {
                at_ms: at(T0 - 3 * MIN),
                from_shop: false,
                text: "siparişim yanlış geldi \u{1b}[2J\u{0} dürüm yerine pide 🌯".into(),
            },
            Said {
                at_ms: at(T0 - MIN),
                from_shop: true,
                text: "Bakıyoruz, hemen düzeltiyoruz".into(),
            },
        ],
    }
}

fn emre() -> Waiting {
    Waiting {
        phone: crate::domain::CustomerId::parse("905554445566").expect("a phone"),
        name: Some("Emre Çelik".into()),
        reason: "media".into(),
        since_ms: at(T0 - 2 * MIN),
        quiet_until_ms: at(T0 + 28 * MIN),
        answered_at_ms: Some(at(T0 - MIN)),
        last: vec![Said {
            at_ms: at(T0 - 2 * MIN),
            from_shop: false,
            text: "[image] ".repeat(40),
        }],
    }
}

#[test]
fn a_new_handoff_rings_once_and_reloads_the_list_an_echo_only_reloads() {
    let mut s = state(80, 24);
    let asked = OrderEvent::Handoff {
        phone: crate::domain::CustomerId::parse("905551112233").expect("a phone"),
        reason: Some("asked".into()),
    };
    let cmds = update(&mut s, Event::Order(asked.clone()), at(T0));
    assert_eq!(
        cmds,
        vec![Command::LoadWaiting, Command::Chime(ChimeKind::NewOrder)]
    );
    assert!(
        s.flash
            .as_ref()
            .is_some_and(|f| f.text.contains("asked for a person"))
    );
    let echo = OrderEvent::Handoff {
        phone: crate::domain::CustomerId::parse("905551112233").expect("a phone"),
        reason: Some("smb_message_echo".into()),
    };
    assert_eq!(
        update(&mut s, Event::Order(echo), at(T0)),
        vec![Command::LoadWaiting]
    );
    key(&mut s, KeyCode::Char('m'), T0);
    assert_eq!(
        update(&mut s, Event::Order(asked), at(T0)),
        vec![Command::LoadWaiting],
        "muted"
    );
}

#[test]
fn d_hands_the_selected_customer_back() {
    let mut s = state(80, 24);
    update(&mut s, Event::Waiting(vec![ayse(), emre()]), at(T0));
    let cmds = update(
        &mut s,
        Event::Key(crossterm::event::KeyEvent::new(
            KeyCode::Char('w'),
            crossterm::event::KeyModifiers::NONE,
        )),
        at(T0),
    );
    assert_eq!(cmds, vec![Command::LoadWaiting]);
    key(&mut s, KeyCode::Down, T0);
    assert_eq!(s.mode, Mode::Waiting { selected: 1 });
    let cmds = update(
        &mut s,
        Event::Key(crossterm::event::KeyEvent::new(
            KeyCode::Char('d'),
            crossterm::event::KeyModifiers::NONE,
        )),
        at(T0),
    );
    assert_eq!(
        cmds,
        vec![Command::HandBack {
            phone: crate::domain::CustomerId::parse("905554445566").expect("a phone")
        }]
    );
    assert_eq!(s.waiting.len(), 1);
    assert_eq!(s.mode, Mode::Waiting { selected: 0 });
    key(&mut s, KeyCode::Esc, T0);
    assert_eq!(s.mode, Mode::Board);
}

#[test]
fn waiting_80x24() {
    let mut s = state(80, 24);
    rush(&mut s);
    update(&mut s, Event::Waiting(vec![ayse(), emre()]), at(T0));
    let board = screen(&s, T0);
    let head: String = (0..80)
        .map(|x| board.backend().buffer()[(x, 1)].symbol().to_string())
        .collect();
    assert!(head.contains("NEEDS A PERSON 2 (w)"), "{head}");
    key(&mut s, KeyCode::Char('w'), T0);
    let t = screen(&s, T0);
    let all: String = t
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol().to_string())
        .collect();
    assert!(!all.contains('\u{1b}') && !all.contains('\u{0}') && !all.contains('\u{7}'));
    assert!(all.contains("dürüm yerine pide"), "customer text shown");
    insta::assert_snapshot!(t.backend());
}
