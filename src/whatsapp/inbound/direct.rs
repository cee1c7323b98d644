//! The common webhook body decoded straight into typed structs, each message kept as the
//! raw JSON text it came in (`serde_json::value::RawValue`) for the inbox, instead of
//! building a `serde_json::Value` tree, converting it item by item and serialising every
//! message again.
//!
//! It only ever answers for a body that the tree walk in [`super::delivery`] would accept
//! whole: the first thing out of the ordinary (a malformed item, a duplicate key, a lone
//! surrogate or NUL escape, a sender to borrow from the contacts) returns `None`, and
//! [`super::parse_delivery`] walks the tree as before, so every bad body gets the same
//! errors and the same `rejected` lines as ever. The stored raw text is the message as
//! Meta sent it, with whitespace between tokens removed: the same JSON as the tree's
//! re-serialisation, key order aside.

use serde::Deserialize;
use serde_json::value::RawValue;

use super::delivery::{OBJECT, contact_name, push_wire_error, read_message, status};
use super::message::convert;
use super::model::{Delivery, InboundRecord};
use super::types::{Contact, WireError, WireMessage, WireStatus};

#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(borrow)]
    object: Option<&'a str>,
    #[serde(borrow)]
    entry: Option<Vec<Entry<'a>>>,
}

#[derive(Deserialize)]
struct Entry<'a> {
    #[serde(default, borrow)]
    changes: Vec<Change<'a>>,
}

#[derive(Deserialize)]
struct Change<'a> {
    #[serde(borrow)]
    field: Option<&'a str>,
    #[serde(borrow)]
    value: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct ChangeValue<'a> {
    #[serde(default)]
    contacts: Vec<Contact>,
    #[serde(default, borrow)]
    messages: Vec<&'a RawValue>,
    #[serde(default)]
    statuses: Vec<WireStatus>,
    #[serde(default)]
    errors: Vec<WireError>,
}

/// The delivery, when `body` is a plain, well-formed notification; `None` sends it down
/// the tree walk.
pub(super) fn parse(body: &[u8]) -> Option<Delivery> {
    let text = std::str::from_utf8(body).ok()?;
    if !escapes_are_plain(body) {
        return None;
    }
    let envelope: Envelope = serde_json::from_str(text).ok()?;
    if envelope.object != Some(OBJECT) {
        return None;
    }
    let mut out = Delivery::default();
    for entry in envelope.entry? {
        for change in entry.changes {
            read_change(change, &mut out)?;
        }
    }
    out.rejected.is_empty().then_some(out)
}

fn read_change(change: Change<'_>, out: &mut Delivery) -> Option<()> {
    match change.field {
        Some("messages") => {}
        Some("smb_message_echoes") => {
            let value = serde_json::from_str(change.value?.get()).ok()?;
            super::echo::read_echoes(value, "", out);
            return out.rejected.is_empty().then_some(());
        }
        _ => {
            out.ignored_changes += 1;
            return Some(());
        }
    }
    let value: ChangeValue = serde_json::from_str(change.value?.get()).ok()?;
    for raw in value.messages {
        read_message_raw(raw, &value.contacts, out)?;
    }
    for s in value.statuses {
        out.statuses.push(status(s).ok()?);
    }
    for e in value.errors {
        push_wire_error(e, "", out);
    }
    out.rejected.is_empty().then_some(())
}

fn read_message_raw(raw: &RawValue, contacts: &[Contact], out: &mut Delivery) -> Option<()> {
    let wire: WireMessage = serde_json::from_str(raw.get()).ok()?;
    if lends_sender(&wire, contacts) {
        // rare: the tree walk writes the sender into the message; let it
        read_message(serde_json::from_str(raw.get()).ok()?, contacts, "", out);
        return out.rejected.is_empty().then_some(());
    }
    let name = contact_name(&wire, contacts);
    let message = convert(&wire, name.as_deref()).ok()?;
    for e in wire.errors {
        push_wire_error(serde_json::from_value(e).ok()?, "", out);
    }
    out.messages
        .push(InboundRecord::of(message, wire.kind, compact(raw.get())));
    out.rejected.is_empty().then_some(())
}

/// Whether the tree walk's `borrow_sender` would write a sender into this message.
fn lends_sender(wire: &WireMessage, contacts: &[Contact]) -> bool {
    let given = |s: &Option<String>| s.as_deref().is_some_and(|s| !s.trim().is_empty());
    match (given(&wire.from), given(&wire.from_user_id)) {
        (true, false) => {
            let from = wire.from.as_deref().map(str::trim);
            contacts
                .iter()
                .find(|c| c.wa_id.as_deref().map(str::trim) == from)
                .is_some_and(|c| c.user_id.is_some())
        }
        (false, false) => {
            matches!(contacts, [only] if only.wa_id.is_some() || only.user_id.is_some())
        }
        _ => false,
    }
}

/// No `\u0000` (the tree walk strips NULs) and no `\u` surrogate outside a proper pair
/// (skipped values are not checked by the typed decoder; the tree refuses them).
fn escapes_are_plain(body: &[u8]) -> bool {
    fn hex4(b: &[u8]) -> Option<u32> {
        let s = std::str::from_utf8(b.get(..4)?).ok()?;
        u32::from_str_radix(s, 16).ok()
    }
    let mut i = 0;
    while i < body.len() {
        let Some(at) = body[i..].iter().position(|&b| b == b'\\') else {
            break;
        };
        i += at;
        if body.get(i + 1) != Some(&b'u') {
            i += 2;
            continue;
        }
        let Some(code) = hex4(&body[(i + 2).min(body.len())..]) else {
            return false;
        };
        match code {
            0 | 0xDC00..=0xDFFF => return false,
            0xD800..=0xDBFF => {
                let low = body
                    .get(i + 6..i + 8)
                    .filter(|p| *p == b"\\u")
                    .and_then(|_| hex4(&body[(i + 8).min(body.len())..]));
                if !matches!(low, Some(0xDC00..=0xDFFF)) {
                    return false;
                }
                i += 12;
            }
            _ => i += 6,
        }
    }
    true
}

/// Valid JSON text without the whitespace between its tokens.
fn compact(json: &str) -> String {
    let bytes = json.as_bytes();
    if !bytes
        .iter()
        .any(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
    {
        return json.to_string();
    }
    let mut out = Vec::with_capacity(bytes.len());
    let (mut in_string, mut escaped) = (false, false);
    for &b in bytes {
        if in_string {
            out.push(b);
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
        } else if !matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
            in_string = b == b'"';
            out.push(b);
        }
    }
    // only ASCII whitespace outside strings was removed: still UTF-8
    String::from_utf8(out).unwrap_or_else(|_| json.to_string())
}

#[cfg(test)]
mod tests {
    use super::{compact, escapes_are_plain};

    #[test]
    fn compact_keeps_whitespace_inside_strings() {
        assert_eq!(
            compact("{ \"a\" : \"b c\\\" d\" ,\n\t\"e\": [1, 2] }"),
            "{\"a\":\"b c\\\" d\",\"e\":[1,2]}"
        );
        assert_eq!(compact("{\"a\":1}"), "{\"a\":1}");
    }

    #[test]
    fn only_nul_and_lone_surrogates_are_out_of_the_ordinary() {
        assert!(escapes_are_plain(br#"{"a":"\u00e7\ud83c\udf2f\n\\u0000"}"#));
        assert!(!escapes_are_plain(br#"{"a":"x\u0000"}"#));
        assert!(!escapes_are_plain(br#"{"a":"\ud83c"}"#));
        assert!(!escapes_are_plain(br#"{"a":"\ud83cx\udf2f"}"#));
        assert!(!escapes_are_plain(br#"{"a":"\udf2f"}"#));
        assert!(!escapes_are_plain(br#"{"a":"\u12"#));
        assert!(escapes_are_plain(br#"{"a":"\\"#));
    }
}
