//! [`check_limits`]: does a Graph API message body respect Meta's required fields and size
//! limits? Used by tests, by the fake Graph API (which answers like Meta: 400, code 100,
//! `error_data.details` naming the param) and by property tests over the builder.

mod interactive;

use serde_json::Value;

use crate::whatsapp::limits::*;

/// The first problem found, named the way Meta's `error_data.details` names params.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Param {param} {problem}")]
pub(crate) struct LimitViolation {
    /// e.g. `interactive['action']['buttons'][0]['reply']['title']`.
    pub param: String,
    /// What is wrong with it.
    pub problem: Problem,
}

/// What is wrong with the param.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum Problem {
    /// Absent or null.
    #[error("is required.")]
    Missing,
    /// Blank, or not a string.
    #[error("must be a non-empty string.")]
    Empty,
    /// Longer than `max` UTF-16 units (`len`).
    #[error("is too long. Max length is {max}.")]
    TooLong {
        /// The limit.
        max: usize,
        /// The measured length.
        len: usize,
    },
    /// More than `max` items (`count`).
    #[error("has too many items. Max is {max}.")]
    TooMany {
        /// The limit.
        max: usize,
        /// How many there were (for rows and products: the running total).
        count: usize,
    },
    /// An empty array where Meta needs one item or more.
    #[error("must have at least one item.")]
    NoItems,
    /// A second button title or id (or row id) equal to an earlier one.
    #[error("must be unique.")]
    Duplicate,
    /// A value Meta does not accept here (wrong type, unknown kind, …).
    #[error("is invalid: {0}.")]
    Invalid(String),
}

pub(super) type Checked = Result<(), LimitViolation>;

pub(super) fn violation(param: &str, problem: Problem) -> LimitViolation {
    LimitViolation {
        param: param.to_string(),
        problem,
    }
}

fn invalid(param: &str, why: impl Into<String>) -> Checked {
    Err(violation(param, Problem::Invalid(why.into())))
}

/// `a['b']` style path, as Meta writes it.
pub(super) fn at(base: &str, key: &str) -> String {
    if base.is_empty() {
        key.to_string()
    } else {
        format!("{base}['{key}']")
    }
}

/// A required, non-blank string of at most `max` units.
pub(super) fn text<'v>(
    v: &'v Value,
    base: &str,
    key: &str,
    max: usize,
) -> Result<&'v str, LimitViolation> {
    let param = at(base, key);
    match v.get(key) {
        None | Some(Value::Null) => Err(violation(&param, Problem::Missing)),
        Some(Value::String(s)) if s.trim().is_empty() => Err(violation(&param, Problem::Empty)),
        Some(Value::String(s)) if utf16_len(s) > max => Err(violation(
            &param,
            Problem::TooLong {
                max,
                len: utf16_len(s),
            },
        )),
        Some(Value::String(s)) => Ok(s),
        Some(_) => Err(violation(&param, Problem::Empty)),
    }
}

/// Like [`text`] but the key may be absent.
pub(super) fn optional_text(v: &Value, base: &str, key: &str, max: usize) -> Checked {
    match v.get(key) {
        None | Some(Value::Null) => Ok(()),
        Some(_) => text(v, base, key, max).map(|_| ()),
    }
}

/// A required object.
pub(super) fn object<'v>(v: &'v Value, base: &str, key: &str) -> Result<&'v Value, LimitViolation> {
    match v.get(key) {
        Some(o @ Value::Object(_)) => Ok(o),
        None | Some(Value::Null) => Err(violation(&at(base, key), Problem::Missing)),
        Some(_) => Err(violation(
            &at(base, key),
            Problem::Invalid("not an object".into()),
        )),
    }
}

/// A required array of `1..=max` items.
pub(super) fn array<'v>(
    v: &'v Value,
    base: &str,
    key: &str,
    max: usize,
) -> Result<&'v [Value], LimitViolation> {
    let param = at(base, key);
    match v.get(key) {
        Some(Value::Array(a)) if a.is_empty() => Err(violation(&param, Problem::NoItems)),
        Some(Value::Array(a)) if a.len() > max => Err(violation(
            &param,
            Problem::TooMany {
                max,
                count: a.len(),
            },
        )),
        Some(Value::Array(a)) => Ok(a),
        None | Some(Value::Null) => Err(violation(&param, Problem::Missing)),
        Some(_) => Err(violation(&param, Problem::Invalid("not an array".into()))),
    }
}

/// Validate a body for `POST /<PHONE_NUMBER_ID>/messages`: a message (required fields, the
/// object named by `type`, every size and count limit) or a mark-read / typing body (one with
/// a `status`).
pub(crate) fn check_limits(body: &Value) -> Checked {
    if !body.is_object() {
        return invalid("body", "not a JSON object");
    }
    match text(body, "", "messaging_product", 16)? {
        "whatsapp" => {}
        other => return invalid("messaging_product", other),
    }
    if body.get("status").is_some() {
        return check_mark_read(body);
    }
    // a username (BSUID) user is addressed by `recipient` instead of `to`
    if body.get("to").is_some() || body.get("recipient").is_none() {
        text(body, "", "to", 64)?;
    } else {
        text(body, "", "recipient", 64)?;
    }
    if let Some(kind) = body.get("recipient_type")
        && kind != "individual"
        && kind != "group"
    {
        return invalid("recipient_type", kind.to_string());
    }
    optional_text(body, "", "biz_opaque_callback_data", CALLBACK_DATA)?;
    if body.get("context").is_some() {
        text(object(body, "", "context")?, "context", "message_id", 512)?;
    }
    let kind = text(body, "", "type", 64)?;
    check_payload(kind, object(body, "", kind)?)
}

/// The object named by `type`.
fn check_payload(kind: &str, payload: &Value) -> Checked {
    match kind {
        "text" => text(payload, "text", "body", TEXT_BODY).map(|_| ()),
        "interactive" => interactive::check_interactive(payload),
        "template" => {
            text(payload, "template", "name", 512)?;
            let language = object(payload, "template", "language")?;
            text(language, "template['language']", "code", 16).map(|_| ())
        }
        "image" | "audio" | "video" | "document" | "sticker" => {
            if payload.get("id").is_none() && payload.get("link").is_none() {
                return Err(violation(&at(kind, "id"), Problem::Missing));
            }
            Ok(())
        }
        "reaction" => text(payload, "reaction", "message_id", 512).map(|_| ()),
        "location" | "contacts" => Ok(()),
        other => invalid("type", format!("unsupported type {other}")),
    }
}

/// `{"messaging_product", "status": "read", "message_id", "typing_indicator"?}`.
fn check_mark_read(body: &Value) -> Checked {
    if text(body, "", "status", 16)? != "read" {
        return invalid("status", "only 'read' can be set");
    }
    text(body, "", "message_id", 512)?;
    if body.get("typing_indicator").is_some() {
        let typing = object(body, "", "typing_indicator")?;
        if text(typing, "typing_indicator", "type", 16)? != "text" {
            return invalid("typing_indicator['type']", "must be text");
        }
    }
    Ok(())
}
