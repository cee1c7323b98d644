//! The two header lines: restaurant, clock, counts per status and the average
//! preparation time; then the health of the pipes behind the kitchen (failed
//! WhatsApp sends, outbox, database, pause) and whether the chime is muted.

use crate::domain::time::At;
use jiff::Timestamp;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::text::{cells, fit_cells, safe};
use crate::domain::station::View;
use crate::kds::state::{State, label};

/// Local wall-clock time of `ms` in the configured zone.
pub fn clock(state: &State, at: At, with_seconds: bool) -> String {
    let fmt = if with_seconds { "%H:%M:%S" } else { "%H:%M" };
    Timestamp::from_millisecond(at.as_millis())
        .map(|t| {
            t.to_zoned(state.settings.timezone.clone())
                .strftime(fmt)
                .to_string()
        })
        .unwrap_or_else(|_| "--:--".to_string())
}

fn mm_ss(span: crate::domain::time::Span) -> String {
    let s = span.max(crate::domain::time::Span::ZERO).whole_seconds();
    format!("{}:{:02}", s / 60, s % 60)
}

/// Both header lines into `area` (two rows).
pub fn draw(state: &State, frame: &mut Frame, area: Rect, now: At) {
    let [top, status] = [
        Rect { height: 1, ..area },
        Rect {
            y: area.y + 1,
            height: 1,
            ..area
        },
    ];
    frame.render_widget(
        Paragraph::new(top_line(state, usize::from(area.width), now)),
        top,
    );
    frame.render_widget(
        Paragraph::new(health_line(state, usize::from(area.width))),
        status,
    );
}

fn top_line(state: &State, cols: usize, now: At) -> Line<'static> {
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let name = fit_cells(&safe(&state.settings.restaurant), 30);
    let mut spans = vec![Span::styled(
        format!(" {name} "),
        bold.fg(Color::Black).bg(Color::Green),
    )];
    let screen = match &state.settings.view {
        View::Whole => None,
        View::Station(s) => Some(fit_cells(&safe(s), 20)),
        View::Expo => Some("EXPO".to_string()),
    };
    if let Some(screen) = screen {
        spans.push(Span::styled(
            format!(" {screen} "),
            bold.fg(Color::Black).bg(Color::Cyan),
        ));
    }
    spans.push(Span::styled(format!(" {} ", clock(state, now, true)), bold));
    for (status, n) in state.counts() {
        let short = if status == crate::domain::order::OrderStatus::OutForDelivery {
            "out"
        } else {
            label(status)
        };
        let style = if n > 0 {
            bold
        } else {
            Style::new().fg(Color::DarkGray)
        };
        spans.push(Span::styled(format!(" {short} {n}"), style));
    }
    let avg = state
        .health
        .as_ref()
        .and_then(|h| h.avg_prep_ms_today)
        .map_or("–".into(), mm_ss);
    spans.push(Span::raw(format!("  avg prep {avg}")));
    clip(spans, cols)
}

fn health_line(state: &State, cols: usize) -> Line<'static> {
    let red = Style::new()
        .fg(Color::White)
        .bg(Color::Red)
        .add_modifier(Modifier::BOLD);
    let warn = Style::new()
        .fg(Color::Black)
        .bg(Color::Yellow)
        .add_modifier(Modifier::BOLD);
    let ok = Style::new().fg(Color::Green);
    let mut spans = Vec::new();
    if !state.waiting.is_empty() {
        let magenta = Style::new()
            .fg(Color::White)
            .bg(Color::Magenta)
            .add_modifier(Modifier::BOLD);
        let n = state.waiting.len();
        spans.push(Span::styled(format!(" NEEDS A PERSON {n} (w) "), magenta));
    }
    if let Some(h) = state.health.as_ref().filter(|h| h.connection_lost) {
        let why = if h.server_sent_too_much {
            " connection lost — server sent too much "
        } else {
            " connection lost — reconnecting "
        };
        spans.push(Span::styled(why, red));
        return clip(spans, cols);
    }
    match &state.health {
        None => spans.push(Span::styled(" checking…", Style::new().fg(Color::DarkGray))),
        Some(h) => {
            if !h.db_ok {
                spans.push(Span::styled(" DATABASE ERROR ", red));
            }
            if h.token_rejected {
                spans.push(Span::styled(" WhatsApp token rejected ", red));
            } else if h.failed_sends_last_hour > 0 {
                let text = format!(" WhatsApp: {} failed in 1h ", h.failed_sends_last_hour);
                spans.push(Span::styled(text, red));
            } else if h.db_ok {
                spans.push(Span::styled(" WhatsApp ok", ok));
            }
            if h.outbox_backlog > 0 {
                spans.push(Span::styled(format!(" outbox {} ", h.outbox_backlog), warn));
            }
            if h.printer_offline {
                spans.push(Span::styled(" printer offline ", red));
            }
            if !h.printer_stuck.is_empty() {
                let text = format!(" print stuck: {} ", h.printer_stuck.join(", "));
                spans.push(Span::styled(text, red));
            }
            if h.ordering_paused {
                spans.push(Span::styled(" ORDERING PAUSED ", warn));
            }
            if let Some(b) = &h.busy {
                let text = crate::domain::pace::busy_header(b, &state.settings.timezone);
                spans.push(Span::styled(format!(" {text} "), warn));
            }
            if h.upcoming > 0 {
                let next = h
                    .next_upcoming_at
                    .map(|t| format!(", next {}", clock(state, t, false)))
                    .unwrap_or_default();
                let text = format!(" ⏰ {} ahead{next}", h.upcoming);
                spans.push(Span::styled(text, Style::new().fg(Color::Cyan)));
            }
        }
    }
    if state.muted {
        spans.push(Span::styled(" MUTED ", warn));
    }
    clip(spans, cols)
}

/// Keep the spans that fit in `cols` cells, cutting the last one on a character boundary.
pub(crate) fn clip(spans: Vec<Span<'static>>, cols: usize) -> Line<'static> {
    let mut used = 0;
    let mut out = Vec::new();
    for s in spans {
        let w = cells(&s.content);
        if used + w <= cols {
            used += w;
            out.push(s);
        } else {
            out.push(Span::styled(fit_cells(&s.content, cols - used), s.style));
            break;
        }
    }
    Line::from(out)
}
