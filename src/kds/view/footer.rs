//! The footer, the status line: the page count ("page 2/3, 14 orders", so no
//! ticket is silently hidden), then the last command error in red, or what was
//! just done, or the key hints.

use crate::domain::time::{At, Span as Time};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Span;
use ratatui::widgets::Paragraph;

use super::header::{clip, clock};
use super::text::{cells, safe};
use crate::kds::state::State;

/// An error stays in the status line this long (or until Esc).
pub const ERROR_SHOWN: Time = Time::minutes(5);
/// A confirmation ("#42 → ready") stays this long.
pub const FLASH_SHOWN: Time = Time::seconds(8);

/// Key hints, most important first; dropped from the end when the line is
/// short. "? keys" is always shown last.
/// The first hint (Enter: bump) is added in front with the terminal's glyph.
const HINTS: [(&str, &str); 8] = [
    ("1-9 ←→↑↓", "select"),
    ("r", "recall"),
    ("c", "cancel"),
    ("n/p", "page"),
    ("a", "all-day"),
    ("8", "86"),
    ("m", "mute"),
    ("q", "quit"),
];

/// Page count, then an error, a confirmation, or the key hints.
pub fn draw(state: &State, pages: usize, frame: &mut Frame, area: Rect, now: At) {
    let count = state.orders.len();
    let page = format!(
        " page {}/{pages}, {count} order{} ",
        state.page + 1,
        if count == 1 { "" } else { "s" }
    );
    let page_style = if pages > 1 {
        Style::new()
            .fg(Color::Black)
            .bg(Color::Yellow)
            .add_modifier(Modifier::BOLD)
    } else {
        Style::new().add_modifier(Modifier::BOLD)
    };
    let cols = usize::from(area.width);
    let mut spans = vec![Span::styled(page.clone(), page_style)];
    if let Some(e) = state.error.as_ref().filter(|e| now - e.at < ERROR_SHOWN) {
        let red = Style::new()
            .fg(Color::White)
            .bg(Color::Red)
            .add_modifier(Modifier::BOLD);
        let text = format!(" {} {} ", clock(state, e.at, false), safe(&e.text));
        spans.extend([
            Span::raw(" "),
            Span::styled(text, red),
            Span::raw(" Esc: hide"),
        ]);
    } else if let Some(f) = state.flash.as_ref().filter(|f| now - f.at < FLASH_SHOWN) {
        let style = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
        spans.push(Span::styled(format!(" {}", safe(&f.text)), style));
    } else {
        let enter = state.settings.glyphs.enter();
        let station = state.settings.view.station().is_some();
        spans.extend(hints(enter, station, cols.saturating_sub(cells(&page))));
    }
    frame.render_widget(Paragraph::new(clip(spans, cols)), area);
}

/// A station screen's hints: its own keys first.
const STATION_HINTS: [(&str, &str); 6] = [
    ("i", "line done"),
    ("Tab", "next line"),
    ("1-9 ←→↑↓", "select"),
    ("r", "recall"),
    ("n/p", "page"),
    ("q", "quit"),
];

/// As many hints as fit in `room` cells, always ending with "? keys".
fn hints(enter: &'static str, station: bool, room: usize) -> Vec<Span<'static>> {
    let key = Style::new().fg(Color::Black).bg(Color::Gray);
    let hint = |k: &'static str, what: &'static str| {
        [
            Span::raw(" "),
            Span::styled(k, key),
            Span::raw(format!(" {what}")),
        ]
    };
    let help_w = cells("? keys") + 1;
    let mut used = 0;
    let mut spans = Vec::new();
    let (first, rest): (_, &[(&str, &str)]) = if station {
        ((enter, "all done"), &STATION_HINTS)
    } else {
        ((enter, "bump"), &HINTS)
    };
    for &(k, what) in std::iter::once(&first).chain(rest) {
        let w = cells(k) + cells(what) + 2;
        if used + w + help_w > room {
            break;
        }
        spans.extend(hint(k, what));
        used += w;
    }
    spans.extend(hint("?", "keys"));
    spans
}

/// The footer's words as buttons while the key hints are shown: each hint's
/// first and past-the-last column (its key and its word) and its word, at the
/// places `draw` puts them (see `kds::mouse`).
pub fn buttons(state: &State, now: At) -> Vec<(u16, u16, &'static str)> {
    let cols = usize::from(state.size.0);
    let busy = state
        .error
        .as_ref()
        .is_some_and(|e| now - e.at < ERROR_SHOWN)
        || state
            .flash
            .as_ref()
            .is_some_and(|f| now - f.at < FLASH_SHOWN);
    if busy {
        return Vec::new();
    }
    let count = state.orders.len();
    let page = format!(
        " page {}/{}, {count} order{} ",
        state.page + 1,
        state.page_count(),
        if count == 1 { "" } else { "s" }
    );
    let enter = state.settings.glyphs.enter();
    let station = state.settings.view.station().is_some();
    let spans = hints(enter, station, cols.saturating_sub(cells(&page)));
    let mut x = cells(&page);
    let mut out = Vec::new();
    for chunk in spans.chunks(3) {
        let [gap, key, word] = chunk else { break };
        let from = x + cells(&gap.content);
        x = from + cells(&key.content) + cells(&word.content);
        if x > cols {
            break;
        }
        if let (Ok(a), Ok(b)) = (u16::try_from(from), u16::try_from(x)) {
            out.push((a, b, word_of(&word.content)));
        }
    }
    out
}

/// The hint's word without its leading space, as a static name.
fn word_of(text: &str) -> &'static str {
    let t = text.trim();
    HINTS
        .iter()
        .chain(STATION_HINTS.iter())
        .map(|&(_, w)| w)
        .chain(["bump", "all done", "keys"])
        .find(|w| *w == t)
        .unwrap_or("")
}
