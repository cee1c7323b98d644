//! What the fuzzers post: arbitrary bytes, arbitrary JSON, the fixtures mutated byte by byte
//! or node by node, and well-formed deliveries whose every field is hostile.

use proptest::prelude::*;
use serde_json::{Map, Value, json};

/// Strings that have broken parsers and bots before.
const PALETTE: &[&str] = &[
    "",
    " ",
    "merhaba",
    "menü",
    "İPTAL",
    "sepet",
    "ılık ŞİŞ ğüÇö",
    "👩‍👩‍👧‍👦🇹🇷",
    "\u{0}\u{1b}[2J\u{1b}[31mkırmızı",
    "\u{202e}gnp.exe",
    "\r\n\t",
    "'; DROP TABLE orders; --",
    "%s%n%x",
    "{{7*7}}",
    "-1",
    "1e309",
    "99999999999999999999999",
    "NaN",
    "null",
    "wamid.",
    "+90 (555) 111-22-33",
];

/// Our own button and row id shapes, so garbage reaches the deeper branches.
const ID_PREFIXES: &[&str] = &[
    "home", "help", "lang:", "cats:", "cat:", "prod:", "opt:", "optp:", "optok:", "q:", "qo:",
    "cart", "cedit:", "line:", "lqa:", "lq:", "lqo:", "lrm:", "clear", "checkout", "cpskip",
    "ful:", "addr:", "noteskip", "confirm:", "abort:", "orders", "ocx:", "ocxy:",
];

pub fn nasty_string() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => ".{0,40}",
        2 => prop::sample::select(PALETTE).prop_map(str::to_string),
        1 => "[0-9]{1,25}",
        1 => (0usize..5000).prop_map(|n| "ş".repeat(n)),
        1 => (0usize..3000).prop_map(|n| "🥙".repeat(n)),
    ]
}

/// A button or row id: ours with hostile arguments, or anything.
pub fn button_id() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => (prop::sample::select(ID_PREFIXES), prop::collection::vec(any::<i64>().prop_map(|n| n % 1000), 0..4))
            .prop_map(|(p, ns)| format!("{p}{}", ns.iter().map(i64::to_string).collect::<Vec<_>>().join(":"))),
        1 => (prop::sample::select(ID_PREFIXES), "[-+ 0-9a-z:]{0,24}").prop_map(|(p, s)| format!("{p}{s}")),
        1 => nasty_string(),
    ]
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| json!(f)),
        nasty_string().prop_map(Value::from),
    ]
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(
            &[
                "object",
                "entry",
                "id",
                "changes",
                "field",
                "value",
                "messages",
                "contacts",
                "statuses",
                "from",
                "type",
                "text",
                "body",
                "interactive",
                "button_reply",
                "list_reply",
                "title",
                "timestamp",
                "wa_id",
                "profile",
                "name",
                "location",
                "latitude",
                "longitude",
                "errors",
                "metadata",
                "phone_number_id",
            ][..]
        )
        .prop_map(str::to_string),
        ".{0,12}",
    ]
}

/// Any JSON value, a few levels deep, with WhatsApp's keys among the random ones.
pub fn json() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// One edit of a fixture.
#[derive(Debug, Clone)]
pub enum Edit {
    /// Replace the n-th node (depth first, modulo the count) with a value.
    Replace(usize, Value),
    /// Remove the n-th node from its parent.
    Remove(usize),
    /// Byte-level: flip a byte, insert bytes, or cut the body short.
    Flip(usize, u8),
    Insert(usize, Vec<u8>),
    Truncate(usize),
}

pub fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => (any::<usize>(), json()).prop_map(|(n, v)| Edit::Replace(n, v)),
        2 => any::<usize>().prop_map(Edit::Remove),
        1 => (any::<usize>(), any::<u8>()).prop_map(|(n, b)| Edit::Flip(n, b)),
        1 => (any::<usize>(), prop::collection::vec(any::<u8>(), 1..8)).prop_map(|(n, b)| Edit::Insert(n, b)),
        1 => any::<usize>().prop_map(Edit::Truncate),
    ]
}

/// Count the nodes of a tree, depth first.
fn nodes(v: &Value) -> usize {
    1 + match v {
        Value::Array(a) => a.iter().map(nodes).sum(),
        Value::Object(o) => o.values().map(nodes).sum(),
        _ => 0,
    }
}

/// Apply `f` to the n-th node's slot in its parent (`None` = the root); true when found.
fn at_node(
    v: &mut Value,
    n: &mut usize,
    f: &mut dyn FnMut(&mut Value, Option<&str>) -> bool,
) -> bool {
    let children: Vec<String> = match v {
        Value::Array(a) => (0..a.len()).map(|i| i.to_string()).collect(),
        Value::Object(o) => o.keys().cloned().collect(),
        _ => return false,
    };
    for k in children {
        if *n == 0 {
            return f(v, Some(&k));
        }
        *n -= 1;
        let child = match v {
            Value::Array(a) => k.parse::<usize>().ok().and_then(|i| a.get_mut(i)),
            Value::Object(o) => o.get_mut(&k),
            _ => None,
        };
        if let Some(c) = child
            && at_node(c, n, f)
        {
            return true;
        }
    }
    false
}

fn replace_or_remove(root: &mut Value, which: usize, new: Option<Value>) {
    let total = nodes(root).max(1);
    let mut n = which % total;
    if n == 0 {
        *root = new.unwrap_or(Value::Null);
        return;
    }
    n -= 1;
    at_node(root, &mut n, &mut |parent, key| {
        let Some(k) = key else { return false };
        match (parent, &new) {
            (Value::Array(a), Some(v)) => k
                .parse::<usize>()
                .ok()
                .and_then(|i| a.get_mut(i))
                .map(|slot| *slot = v.clone())
                .is_some(),
            (Value::Array(a), None) => k
                .parse::<usize>()
                .ok()
                .filter(|i| *i < a.len())
                .map(|i| a.remove(i))
                .is_some(),
            (Value::Object(o), Some(v)) => o.insert(k.to_string(), v.clone()).is_some(),
            (Value::Object(o), None) => o.remove(k).is_some(),
            _ => false,
        }
    });
}

/// The fixture after the edits. Tree edits go first, then byte edits on its serialization;
/// `fresh_ids` gives every message a new id so the server stores and processes it.
pub fn mutate(
    fixture: &[u8],
    edits: &[Edit],
    fresh_ids: Option<&mut dyn FnMut() -> String>,
) -> Vec<u8> {
    let mut tree: Value = serde_json::from_slice(fixture).unwrap_or(Value::Null);
    if let Some(next) = fresh_ids {
        for e in tree["entry"].as_array_mut().into_iter().flatten() {
            for c in e["changes"].as_array_mut().into_iter().flatten() {
                for m in c["value"]["messages"].as_array_mut().into_iter().flatten() {
                    m["id"] = Value::String(next());
                }
            }
        }
    }
    for e in edits {
        match e {
            Edit::Replace(n, v) => replace_or_remove(&mut tree, *n, Some(v.clone())),
            Edit::Remove(n) => replace_or_remove(&mut tree, *n, None),
            _ => {}
        }
    }
    let mut bytes = serde_json::to_vec(&tree).unwrap_or_default();
    for e in edits {
        let len = bytes.len().max(1);
        match e {
            Edit::Flip(n, b) if !bytes.is_empty() => bytes[n % len] ^= b | 1,
            Edit::Insert(n, b) => {
                let at = n % (bytes.len() + 1);
                bytes.splice(at..at, b.iter().copied());
            }
            Edit::Truncate(n) => bytes.truncate(n % len),
            _ => {}
        }
    }
    bytes
}

/// A well-formed message object of any type with hostile contents (the id is set later).
pub fn message(from: String) -> impl Strategy<Value = Value> {
    let text = nasty_string().prop_map(|t| json!({"type": "text", "text": {"body": t}}));
    let button = (button_id(), nasty_string())
        .prop_map(|(id, t)| json!({"type": "interactive", "interactive": {"type": "button_reply", "button_reply": {"id": id, "title": t}}}));
    let row = (button_id(), nasty_string(), nasty_string()).prop_map(|(id, t, d)| {
        json!({"type": "interactive", "interactive": {"type": "list_reply", "list_reply": {"id": id, "title": t, "description": d}}})
    });
    let place = (any::<f64>(), any::<f64>(), nasty_string())
        .prop_map(|(la, lo, n)| json!({"type": "location", "location": {"latitude": la, "longitude": lo, "name": n}}));
    let other = (
        prop::sample::select(
            &[
                "image",
                "sticker",
                "audio",
                "reaction",
                "order",
                "system",
                "unsupported",
                "button",
                "contacts",
                "hologram",
            ][..],
        ),
        json(),
    )
        .prop_map(|(t, v)| json!({"type": t, t: v}));
    prop_oneof![3 => text, 2 => button, 2 => row, 1 => place, 1 => other].prop_map(move |mut m| {
        m["from"] = Value::String(from.clone());
        m["timestamp"] = Value::String((maydanoz::clock::now().as_millis() / 1000).to_string());
        m
    })
}
