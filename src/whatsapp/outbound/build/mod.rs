//! [`Reply`] → Graph API JSON. Never fails: whatever the bot produced is made to fit Meta's
//! limits (cut on character boundaries, duplicates renamed, extras dropped, blanks filled),
//! and every change is recorded as a [`Note`] so callers and tests can see what was lost.

use serde_json::{Map, Value, json};

use crate::whatsapp::limits::*;

mod choices;
use crate::domain::CustomerId;
use crate::domain::reply::Reply;

/// Stands in for a blank body or section title: Meta rejects empty text.
const BLANK: &str = "…";

/// One adjustment made to fit Meta's limits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// `count` items of kind `what` (`button`, `row`, `section`) beyond a count limit, or
    /// sections left without rows, were dropped.
    Dropped {
        /// `button`, `row` or `section`.
        what: &'static str,
        /// How many were dropped.
        count: usize,
    },
    /// The text `field` was cut to its limit.
    Cut {
        /// Which text: `body`, `title`, `id`, `header`, …
        field: &'static str,
    },
    /// A duplicate button/row `field` (`title` or `id`) got a numeric suffix.
    Renamed {
        /// `title` or `id`.
        field: &'static str,
        /// The value sent instead.
        to: String,
    },
    /// The blank text `field` was replaced.
    Filled {
        /// Which text was blank.
        field: &'static str,
    },
    /// Buttons or a list without any choice left were sent as plain text.
    SentAsText,
}

impl Note {
    /// Whether the customer sees less than the bot meant (worth a warning in the log).
    pub(crate) fn loses_content(&self) -> bool {
        matches!(self, Note::Dropped { .. } | Note::SentAsText)
    }
}

/// A message body and what had to change to make it valid.
#[derive(Debug, Clone, PartialEq)]
pub struct Built {
    /// The Graph API JSON, ready for `GraphClient::send`.
    pub body: Value,
    /// Every adjustment, in the order made; empty when the reply fit as it was.
    pub notes: Vec<Note>,
}

/// The Graph API body sending `reply` to `to`; `callback` becomes `biz_opaque_callback_data`,
/// echoed back in status webhooks. Adjustments that drop content are logged as warnings;
/// use [`build`] to inspect them.
pub fn message_body(to: &CustomerId, reply: &Reply, callback: Option<&str>) -> Value {
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
pub fn build(to: &CustomerId, reply: &Reply, callback: Option<&str>) -> Built {
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
        Reply::CtaUrl {
            body,
            display_text,
            url,
            footer,
        } => b.cta_url(body, display_text, url, footer.as_deref()),
        Reply::LocationRequest { body } => b.location_request(body),
    };
    let mut body = Map::new();
    body.insert("messaging_product".into(), "whatsapp".into());
    body.insert("recipient_type".into(), "individual".into());
    // a customer known only by a username's user id is addressed by `recipient`
    body.insert(
        crate::whatsapp::address::field(to).into(),
        to.as_str().into(),
    );
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
            return fit_utf16(fallback, max);
        }
        let out = fit_utf16(s, max);
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
        let out = fit_id_utf16(s, max);
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
            out = format!(
                "{}{suffix}",
                cut(&s, max.saturating_sub(utf16_len(&suffix)))
            );
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

    /// A `cta_url` message: a button that opens `url` (the online payment link).
    fn cta_url(
        &mut self,
        body: &str,
        display_text: &str,
        url: &str,
        footer: Option<&str>,
    ) -> (&'static str, Value) {
        let mut m = self.frame("cta_url", body, BUTTON_BODY, None, footer);
        let label = self.fit("display_text", display_text, CTA_TEXT, BLANK);
        m.insert(
            "action".into(),
            json!({"name": "cta_url", "parameters": {"display_text": label, "url": url}}),
        );
        ("interactive", Value::Object(m))
    }

    /// A `location_request_message`: WhatsApp's own "Send location" button.
    fn location_request(&mut self, body: &str) -> (&'static str, Value) {
        let mut m = self.frame("location_request_message", body, BUTTON_BODY, None, None);
        m.insert("action".into(), json!({"name": "send_location"}));
        ("interactive", Value::Object(m))
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
}
