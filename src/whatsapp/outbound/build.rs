//! [`Reply`] → Graph API JSON. Never fails: whatever the bot produced is made to fit Meta's
//! limits (cut on character boundaries, duplicates renamed, extras dropped, blanks filled),
//! and every change is recorded as a [`Note`] so callers and tests can see what was lost.

use serde_json::{Map, Value, json};

use super::limits::*;
use crate::domain::reply::{Choice, Reply, Section};

/// Stands in for a blank body or section title: Meta rejects empty text.
const BLANK: &str = "…";
/// Stands in for a blank list button label.
const BLANK_LIST_BUTTON: &str = "☰";

/// One adjustment made to fit Meta's limits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// Items beyond a count limit (buttons, rows, or sections left without rows) were dropped.
    Dropped { what: &'static str, count: usize },
    /// A text was cut to its limit.
    Cut { field: &'static str },
    /// A duplicate button/row title or id got a numeric suffix.
    Renamed { field: &'static str, to: String },
    /// A blank text was replaced.
    Filled { field: &'static str },
    /// Buttons or a list without any choice left were sent as plain text.
    SentAsText,
}

impl Note {
    /// Whether the customer sees less than the bot meant (worth a warning in the log).
    pub fn loses_content(&self) -> bool {
        matches!(self, Note::Dropped { .. } | Note::SentAsText)
    }
}

/// A message body and what had to change to make it valid.
#[derive(Debug, Clone, PartialEq)]
pub struct Built {
    pub body: Value,
    pub notes: Vec<Note>,
}

/// The Graph API body sending `reply` to `to`; `callback` becomes `biz_opaque_callback_data`,
/// echoed back in status webhooks. Adjustments that drop content are logged as warnings;
/// use [`build`] to inspect them.
pub fn message_body(to: &str, reply: &Reply, callback: Option<&str>) -> Value {
    let built = build(to, reply, callback);
    for note in built.notes.iter().filter(|n| n.loses_content()) {
        tracing::warn!(?note, "reply did not fit WhatsApp's limits");
    }
    built.body
}

/// The body for marking an inbound message (and the ones before it) as read.
pub fn mark_read_body(message_id: &str) -> Value {
    json!({"messaging_product": "whatsapp", "status": "read", "message_id": message_id})
}

/// Like [`message_body`], returning the notes instead of logging them.
pub fn build(to: &str, reply: &Reply, callback: Option<&str>) -> Built {
    let mut b = Builder { notes: Vec::new() };
    let (kind, payload) = match reply {
        Reply::Text { body } => ("text", b.text_payload(body)),
        Reply::Buttons {
            body,
            buttons,
            header,
            footer,
        } => b.buttons(body, buttons, header.as_deref(), footer.as_deref()),
        Reply::List {
            body,
            button,
            sections,
            header,
            footer,
        } => b.list(body, button, sections, header.as_deref(), footer.as_deref()),
    };
    let mut body = Map::new();
    body.insert("messaging_product".into(), "whatsapp".into());
    body.insert("recipient_type".into(), "individual".into());
    body.insert("to".into(), to.into());
    body.insert("type".into(), kind.into());
    body.insert(kind.into(), payload);
    if let Some(cb) = callback.filter(|c| !c.trim().is_empty()) {
        body.insert(
            "biz_opaque_callback_data".into(),
            b.id("callback", cb, CALLBACK_DATA).into(),
        );
    }
    Built {
        body: Value::Object(body),
        notes: b.notes,
    }
}

struct Builder {
    notes: Vec<Note>,
}

impl Builder {
    /// Display text: blank → `fallback`, too long → cut with an ellipsis.
    fn fit(&mut self, field: &'static str, s: &str, max: usize, fallback: &str) -> String {
        if s.trim().is_empty() {
            self.notes.push(Note::Filled { field });
            return fit(fallback, max);
        }
        let out = fit(s, max);
        if out != s {
            self.notes.push(Note::Cut { field });
        }
        out
    }

    /// Optional display text: blank → absent.
    fn fit_opt(&mut self, field: &'static str, s: Option<&str>, max: usize) -> Option<String> {
        s.filter(|s| !s.trim().is_empty())
            .map(|s| self.fit(field, s, max, BLANK))
    }

    fn id(&mut self, field: &'static str, s: &str, max: usize) -> String {
        let out = fit_id(s, max);
        if out != s {
            self.notes.push(Note::Cut { field });
        }
        out
    }

    /// `s` made unique among `used` by a ` 2`, ` 3`… suffix; `cut` (`fit` for titles,
    /// `fit_id` for ids) shortens `s` so that the suffix still fits `max`.
    fn unique(
        &mut self,
        field: &'static str,
        s: String,
        (max, cut): (usize, fn(&str, usize) -> String),
        used: &mut Vec<String>,
    ) -> String {
        let mut out = s.clone();
        let mut n = 2;
        while used.contains(&out) {
            let suffix = format!(" {n}");
            out = format!("{}{suffix}", cut(&s, max.saturating_sub(width(&suffix))));
            n += 1;
        }
        if out != s {
            self.notes.push(Note::Renamed {
                field,
                to: out.clone(),
            });
        }
        used.push(out.clone());
        out
    }

    fn text_payload(&mut self, body: &str) -> Value {
        json!({"preview_url": false, "body": self.fit("text.body", body, TEXT_BODY, BLANK)})
    }

    /// header / body / footer shared by button and list messages.
    fn frame(
        &mut self,
        kind: &str,
        body: &str,
        body_max: usize,
        header: Option<&str>,
        footer: Option<&str>,
    ) -> Map<String, Value> {
        let mut m = Map::new();
        m.insert("type".into(), kind.into());
        if let Some(h) = self.fit_opt("header", header, HEADER_TEXT) {
            m.insert("header".into(), json!({"type": "text", "text": h}));
        }
        m.insert(
            "body".into(),
            json!({"text": self.fit("body", body, body_max, BLANK)}),
        );
        if let Some(f) = self.fit_opt("footer", footer, FOOTER_TEXT) {
            m.insert("footer".into(), json!({"text": f}));
        }
        m
    }

    fn buttons(
        &mut self,
        body: &str,
        buttons: &[Choice],
        header: Option<&str>,
        footer: Option<&str>,
    ) -> (&'static str, Value) {
        if buttons.is_empty() {
            self.notes.push(Note::SentAsText);
            return ("text", self.text_payload(body));
        }
        if buttons.len() > MAX_BUTTONS {
            self.notes.push(Note::Dropped {
                what: "button",
                count: buttons.len() - MAX_BUTTONS,
            });
        }
        let (mut titles, mut ids) = (Vec::new(), Vec::new());
        let mut list = Vec::new();
        for (n, choice) in buttons.iter().take(MAX_BUTTONS).enumerate() {
            let (id, title) = self.choice(
                choice,
                n,
                (BUTTON_ID, BUTTON_TITLE),
                (&mut ids, &mut titles),
            );
            list.push(json!({"type": "reply", "reply": {"id": id, "title": title}}));
        }
        let mut m = self.frame("button", body, BUTTON_BODY, header, footer);
        m.insert("action".into(), json!({"buttons": list}));
        ("interactive", Value::Object(m))
    }

    /// A button's or row's id and title, filled, cut and made unique.
    fn choice(
        &mut self,
        c: &Choice,
        n: usize,
        (id_max, title_max): (usize, usize),
        (ids, titles): (&mut Vec<String>, &mut Vec<String>),
    ) -> (String, String) {
        let number = (n + 1).to_string();
        let id = if c.id.trim().is_empty() {
            self.notes.push(Note::Filled { field: "id" });
            format!("choice:{number}")
        } else {
            self.id("id", &c.id, id_max)
        };
        let id = self.unique("id", id, (id_max, fit_id), ids);
        let title = self.fit("title", &c.title, title_max, &number);
        let title = self.unique("title", title, (title_max, fit), titles);
        (id, title)
    }

    fn list(
        &mut self,
        body: &str,
        button: &str,
        sections: &[Section],
        header: Option<&str>,
        footer: Option<&str>,
    ) -> (&'static str, Value) {
        let kept = self.keep_rows(sections);
        if kept.is_empty() {
            self.notes.push(Note::SentAsText);
            return ("text", self.text_payload(body));
        }
        let many = kept.len() > 1;
        let (mut ids, mut titles) = (Vec::new(), Vec::new());
        let mut n = 0;
        let mut out = Vec::new();
        for (section, rows) in kept {
            let mut rows_json = Vec::new();
            for row in rows {
                let (id, title) = self.choice(row, n, (ROW_ID, ROW_TITLE), (&mut ids, &mut titles));
                n += 1;
                let mut r = json!({"id": id, "title": title});
                if let Some(d) =
                    self.fit_opt("description", row.description.as_deref(), ROW_DESCRIPTION)
                {
                    r["description"] = d.into();
                }
                rows_json.push(r);
            }
            let mut s = json!({"rows": rows_json});
            if many || !section.title.trim().is_empty() {
                s["title"] = self
                    .fit("section title", &section.title, SECTION_TITLE, BLANK)
                    .into();
            }
            out.push(s);
        }
        let label = self.fit("list button", button, LIST_BUTTON, BLANK_LIST_BUTTON);
        let mut m = self.frame("list", body, LIST_BODY_SAFE, header, footer);
        m.insert("action".into(), json!({"button": label, "sections": out}));
        ("interactive", Value::Object(m))
    }

    /// The sections that keep at least one row, within the section and total-row limits.
    fn keep_rows<'a>(&mut self, sections: &'a [Section]) -> Vec<(&'a Section, &'a [Choice])> {
        let total: usize = sections.iter().map(|s| s.rows.len()).sum();
        let mut budget = MAX_ROWS;
        let mut kept = Vec::new();
        for s in sections.iter().filter(|s| !s.rows.is_empty()) {
            if budget == 0 || kept.len() == MAX_SECTIONS {
                break;
            }
            let take = s.rows.len().min(budget);
            budget -= take;
            kept.push((s, &s.rows[..take]));
        }
        let rows_kept: usize = kept.iter().map(|(_, r)| r.len()).sum();
        if rows_kept < total {
            self.notes.push(Note::Dropped {
                what: "row",
                count: total - rows_kept,
            });
        }
        let empty_or_cut = sections.len() - kept.len();
        if empty_or_cut > 0 {
            self.notes.push(Note::Dropped {
                what: "section",
                count: empty_or_cut,
            });
        }
        kept
    }
}
