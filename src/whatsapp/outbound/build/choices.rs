//! Reply buttons and lists: the parts of a [`Reply`](crate::domain::reply::Reply) with
//! counted, titled, id-carrying choices.

use serde_json::{Value, json};

use super::{BLANK, Builder, Note};
use crate::domain::reply::{Choice, Section};
use crate::whatsapp::limits::*;

/// Stands in for a blank list button label.
const BLANK_LIST_BUTTON: &str = "☰";

impl Builder {
    pub(super) fn buttons(
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
        let id = self.unique("id", id, (id_max, fit_id_utf16), ids);
        let title = self.fit("title", &c.title, title_max, &number);
        let title = self.unique("title", title, (title_max, fit_utf16), titles);
        (id, title)
    }

    pub(super) fn list(
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
