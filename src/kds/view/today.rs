//! The "today" panel (`t`): the business day so far in four figures a cook and
//! an owner read at a glance: orders, revenue, prep time (median and 90th
//! percentile, confirmed → ready) and the share of orders that were late.
//! The figures come with every health poll, so the panel follows the day live.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::panels::popup;
use super::text::fit_cells;
use crate::domain::Money;
use crate::domain::report::Glance;
use crate::kds::state::State;

fn mmss(secs: Option<i64>) -> String {
    secs.map_or_else(|| "–".into(), |s| format!("{}:{:02}", s / 60, s % 60))
}

/// The panel's lines for these figures.
fn lines(g: &Glance, state: &State) -> Vec<(String, String, Style)> {
    let late_style = if g.late_share() >= 0.25 {
        Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
    } else {
        Style::new()
    };
    let cancelled = if g.cancelled > 0 {
        format!("{}  ({} cancelled)", g.orders, g.cancelled)
    } else {
        g.orders.to_string()
    };
    vec![
        ("Orders".into(), cancelled, Style::new()),
        (
            "Revenue".into(),
            Money::from_minor(g.net_minor).display(&state.settings.currency),
            Style::new(),
        ),
        (
            "Prep median".into(),
            mmss(g.prep_median_seconds),
            Style::new(),
        ),
        ("Prep 90%".into(), mmss(g.prep_p90_seconds), Style::new()),
        (
            format!("Late (≥ {} min)", state.settings.late_after_minutes),
            format!("{:.0}%", g.late_share() * 100.0),
            late_style,
        ),
    ]
}

pub(crate) fn draw(state: &State, frame: &mut Frame, area: Rect) {
    let ds = state.settings.day_start.minutes();
    let title = format!(" Today since {:02}:{:02} (t closes) ", ds / 60, ds % 60);
    let inner = popup(frame, area, 44, 7, &title, Color::Green);
    let cols = usize::from(inner.width);
    let Some(g) = state.health.as_ref().and_then(|h| h.today.as_ref()) else {
        frame.render_widget(
            Paragraph::new(fit_cells("Counting today's orders…", cols)),
            inner,
        );
        return;
    };
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let out: Vec<Line<'static>> = lines(g, state)
        .into_iter()
        .map(|(label, value, style)| {
            Line::from(vec![
                Span::styled(format!("{label:<16}"), bold),
                Span::styled(fit_cells(&value, cols.saturating_sub(16)), style),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(out), inner);
}
