//! Every screen of the board, drawn for the Linux console, uses only
//! characters that the console font (Lat15-Fixed16) has; drawn for a terminal
//! emulator it does not (so the check can fail).

use crossterm::event::KeyCode;

use super::{Glyphs, in_console_font};
use crate::kds::event::Event;
use crate::kds::snapshot_tests::{busy, key, products, rush, screen};
use crate::kds::state::State;
use crate::kds::testutil::{T0, at, state};
use crate::kds::update;

/// Characters on the screen that the console font lacks.
fn missing(s: &State) -> Vec<char> {
    let t = screen(s, T0);
    let mut out: Vec<char> = t
        .backend()
        .buffer()
        .content()
        .iter()
        .flat_map(|c| c.symbol().chars().collect::<Vec<_>>())
        .filter(|&c| !in_console_font(c))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The board, every panel and a second page, at 80×24 and 160×48.
fn screens(glyphs: Glyphs) -> Vec<(String, State)> {
    let mut out = Vec::new();
    for (w, h) in [(80, 24), (160, 48)] {
        let mut s = state(w, h);
        s.settings.glyphs = glyphs;
        busy(&mut s);
        out.push((format!("board {w}x{h}"), s.clone()));
        for (name, code) in [
            ("all-day", KeyCode::Char('a')),
            ("help", KeyCode::Char('?')),
            ("cancel", KeyCode::Char('c')),
            ("quit", KeyCode::Char('q')),
            ("86", KeyCode::Char('8')),
        ] {
            let mut p = s.clone();
            key(&mut p, code, T0);
            update(&mut p, Event::Products(products()), at(T0));
            out.push((format!("{name} {w}x{h}"), p));
        }
        let mut next = s.clone();
        key(&mut next, KeyCode::PageDown, T0);
        out.push((format!("page 2 {w}x{h}"), next));
    }
    let mut small = state(80, 24);
    small.settings.glyphs = glyphs;
    rush(&mut small);
    out.push(("rush 80x24".into(), small));
    out
}

#[test]
fn the_console_font_table_is_the_one_we_think() {
    // Lat15-Fixed16: Turkish letters and box drawing yes, ⏎ and ₺ no
    assert!("şŞğĞıİçÇöÖüÜ┏━┓▶…×»←→↑↓".chars().all(in_console_font));
    assert!(!in_console_font('⏎') && !in_console_font('₺') && !in_console_font('🌯'));
    assert!(in_console_font(' ') && in_console_font('~') && !in_console_font('\u{7f}'));
}

#[test]
fn on_the_linux_console_every_glyph_of_the_board_exists() {
    for (name, s) in screens(Glyphs::Console) {
        assert_eq!(missing(&s), Vec::<char>::new(), "{name}");
    }
}

#[test]
fn a_terminal_emulator_gets_the_enter_symbol_the_console_lacks() {
    let lacking: Vec<char> = screens(Glyphs::Unicode)
        .iter()
        .flat_map(|(_, s)| missing(s))
        .collect();
    assert!(lacking.contains(&'⏎'), "{lacking:?}");
}

#[test]
fn term_linux_means_the_console_and_prices_say_tl_there() {
    assert_eq!(Glyphs::for_term(Some("linux")), Glyphs::Console);
    assert_eq!(Glyphs::for_term(Some("xterm-256color")), Glyphs::Unicode);
    assert_eq!(Glyphs::for_term(None), Glyphs::Unicode);
    assert_eq!(Glyphs::Console.currency("₺"), "TL");
    assert_eq!(Glyphs::Console.currency("€"), "€", "Lat15 has the euro");
    assert_eq!(Glyphs::Unicode.currency("₺"), "₺");
    assert_eq!(Glyphs::Console.enter(), "Enter");
}
