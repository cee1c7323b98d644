//! Building replies that already fit WhatsApp: the outcome collector ([`Out`]),
//! list paging (9 rows + "more"), bodies cut to [`BODY_MAX`], and a final pass
//! that holds every title, label and id to Meta's limits — the numbers and the
//! measure (UTF-16 units) of [`crate::whatsapp::limits`], which the sender's
//! builder and checker use too.

use crate::copy;
use crate::domain::Lang;
use crate::domain::reply::{Choice, Reply, Section};
use crate::whatsapp::limits::{self, utf16_len};

use super::api::Effect;

/// Our cap on any body, plain text too: the smallest body limit of any message kind
/// (Meta allows 4096 for text and lists; one screen is enough).
pub const BODY_MAX: usize = limits::BUTTON_BODY;
/// Most messages sent for one input (Meta may reorder separate bubbles).
pub const REPLIES_MAX: usize = 3;

/// What a step produces: notes (short sentences put in front of the main reply's
/// body, so one bubble carries both), replies, and at most one effect.
#[derive(Debug, Default)]
pub struct Out {
    notes: Vec<String>,
    replies: Vec<Reply>,
    pub effect: Option<Effect>,
}

impl Out {
    /// A sentence shown above the next reply ("added", "that was an earlier message").
    pub fn note(&mut self, s: impl Into<String>) {
        self.notes.push(s.into());
    }

    /// A sentence shown above every other note (the shop's state).
    pub fn note_first(&mut self, s: impl Into<String>) {
        self.notes.insert(0, s.into());
    }

    pub fn push(&mut self, r: Reply) {
        self.replies.push(r);
    }

    /// Hand the notes over (to keep them in the session while an effect is pending).
    pub fn take_notes(&mut self) -> Vec<String> {
        std::mem::take(&mut self.notes)
    }

    pub fn is_empty(&self) -> bool {
        self.replies.is_empty() && self.notes.is_empty()
    }

    /// Merge the notes into the first reply when they fit, then fit everything.
    pub fn finish(self, lang: Lang) -> (Vec<Reply>, Option<Effect>) {
        let mut replies = self.replies;
        if !self.notes.is_empty() {
            let notes = self.notes.join("\n");
            match replies.first_mut() {
                Some(first) if utf16_len(&notes) + utf16_len(first.body()) + 2 <= BODY_MAX => {
                    let body = format!("{notes}\n\n{}", first.body());
                    set_body(first, body);
                }
                _ => replies.insert(0, Reply::text(notes)),
            }
        }
        replies.truncate(REPLIES_MAX);
        let replies = replies.into_iter().map(|r| fit(r, lang)).collect();
        (replies, self.effect)
    }
}

fn set_body(r: &mut Reply, new: String) {
    match r {
        Reply::Text { body }
        | Reply::Buttons { body, .. }
        | Reply::List { body, .. }
        | Reply::CtaUrl { body, .. }
        | Reply::LocationRequest { body } => *body = new,
    }
}

/// Buttons under a body.
pub fn buttons(body: String, choices: Vec<Choice>) -> Reply {
    Reply::Buttons {
        body,
        buttons: choices,
        header: None,
        footer: None,
    }
}

/// A one-section list.
pub fn list(body: String, button: String, section: String, rows: Vec<Choice>) -> Reply {
    Reply::List {
        body,
        button,
        sections: vec![Section {
            title: section,
            rows,
        }],
        header: None,
        footer: None,
    }
}

/// Hold a reply to WhatsApp's limits: cut texts on character boundaries, keep at
/// most three unique buttons and ten rows, and add the command hint as footer.
pub fn fit(r: Reply, lang: Lang) -> Reply {
    let footer = Some(limits::fit_utf16(
        &copy::footer_hint(lang),
        limits::FOOTER_TEXT,
    ));
    let text = |body: &str| Reply::Text {
        body: nonempty(limits::fit_utf16(body, BODY_MAX)),
    };
    match r {
        Reply::Text { body } => text(&body),
        Reply::Buttons {
            body,
            buttons,
            header,
            ..
        } => {
            let buttons = fit_buttons(buttons);
            if buttons.is_empty() {
                return text(&body);
            }
            let body = nonempty(limits::fit_utf16(&body, BODY_MAX));
            Reply::Buttons {
                body,
                buttons,
                header: header.map(|h| limits::fit_utf16(&h, limits::HEADER_TEXT)),
                footer,
            }
        }
        Reply::List {
            body,
            button,
            sections,
            header,
            ..
        } => {
            let sections = fit_sections(sections);
            if sections.is_empty() {
                return text(&body);
            }
            Reply::List {
                body: nonempty(limits::fit_utf16(&body, BODY_MAX)),
                button: nonempty(limits::fit_utf16(&button, limits::LIST_BUTTON)),
                sections,
                header: header.map(|h| limits::fit_utf16(&h, limits::HEADER_TEXT)),
                footer,
            }
        }
        Reply::CtaUrl {
            body,
            display_text,
            url,
            ..
        } => Reply::CtaUrl {
            body: nonempty(limits::fit_utf16(&body, BODY_MAX)),
            display_text: nonempty(limits::fit_utf16(&display_text, limits::CTA_TEXT)),
            url,
            footer,
        },
        Reply::LocationRequest { body } => Reply::LocationRequest {
            body: nonempty(limits::fit_utf16(&body, BODY_MAX)),
        },
    }
}

/// At most three buttons with unique, non-empty titles within Meta's title limit.
fn fit_buttons(buttons: Vec<Choice>) -> Vec<Choice> {
    let mut out: Vec<Choice> = Vec::new();
    for b in buttons {
        let title = limits::fit_utf16(&b.title, limits::BUTTON_TITLE);
        if out.len() == limits::MAX_BUTTONS
            || title.trim().is_empty()
            || out.iter().any(|o| o.title == title)
        {
            continue;
        }
        out.push(Choice {
            // the smaller id limit (rows), so a choice can move between buttons and rows
            id: limits::fit_id_utf16(&b.id, limits::ROW_ID),
            title,
            description: None,
        });
    }
    out
}

/// At most ten rows over all sections; empty sections dropped.
fn fit_sections(sections: Vec<Section>) -> Vec<Section> {
    let mut left = limits::MAX_ROWS;
    sections
        .into_iter()
        .filter_map(|s| {
            let rows: Vec<Choice> = s.rows.into_iter().take(left).map(fit_row).collect();
            left -= rows.len();
            let title = nonempty(limits::fit_utf16(&s.title, limits::SECTION_TITLE));
            (!rows.is_empty()).then_some(Section { title, rows })
        })
        .collect()
}

fn fit_row(c: Choice) -> Choice {
    Choice {
        id: limits::fit_id_utf16(&c.id, limits::ROW_ID),
        title: nonempty(limits::fit_utf16(&c.title, limits::ROW_TITLE)),
        description: c
            .description
            .map(|d| limits::fit_utf16(&d, limits::ROW_DESCRIPTION))
            .filter(|d| !d.is_empty()),
    }
}

/// WhatsApp refuses empty bodies and titles; a lone dot is the least surprising filler.
fn nonempty(s: String) -> String {
    if s.trim().is_empty() {
        "·".to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_join_the_first_reply() {
        let mut o = Out::default();
        o.note("one");
        o.push(buttons(
            "body".into(),
            vec![Choice::new("a", "A"), Choice::new("b", "A")],
        ));
        let (r, _) = o.finish(Lang::Tr);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].body(), "one\n\nbody");
        let Reply::Buttons { buttons, .. } = &r[0] else {
            panic!("buttons")
        };
        assert_eq!(buttons.len(), 1, "duplicate titles are dropped");
    }
}
