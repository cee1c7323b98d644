//! Property tests: `parse_delivery` never panics, whatever arrives, and whatever it accepts
//! can be decoded again from the stored raw JSON.

use proptest::prelude::*;
use serde_json::{Value, json};

use super::*;
use crate::whatsapp::testdata;

/// Keys the parser looks at, so generated objects reach deep code paths.
const KEYS: &[&str] = &[
    "object",
    "entry",
    "changes",
    "field",
    "value",
    "messages",
    "statuses",
    "contacts",
    "errors",
    "from",
    "from_user_id",
    "id",
    "timestamp",
    "type",
    "text",
    "body",
    "interactive",
    "button_reply",
    "list_reply",
    "nfm_reply",
    "response_json",
    "title",
    "description",
    "button",
    "payload",
    "location",
    "latitude",
    "longitude",
    "reaction",
    "emoji",
    "message_id",
    "order",
    "product_items",
    "quantity",
    "item_price",
    "system",
    "wa_id",
    "unsupported",
    "code",
    "status",
    "recipient_id",
    "profile",
    "name",
    "context",
    "forwarded",
];

const WORDS: &[&str] = &[
    "messages",
    "text",
    "interactive",
    "button_reply",
    "list_reply",
    "nfm_reply",
    "button",
    "location",
    "reaction",
    "order",
    "system",
    "unsupported",
    "edit",
    "request_welcome",
    "image",
    "whatsapp_business_account",
    "1780000000",
    "-1",
    "9999999999999999999",
    "",
    "ş🌯",
    "35.5",
];

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        prop::sample::select(WORDS).prop_map(Value::from),
        ".{0,8}".prop_map(Value::from),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..6).prop_map(|kv| {
                Value::Object(kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
            }),
        ]
    })
}

fn fixture_bodies() -> Vec<Vec<u8>> {
    let mut names = testdata::names("inbound_");
    names.extend(testdata::names("status_"));
    names.into_iter().map(|n| testdata::bytes(&n)).collect()
}

/// Whatever is accepted must decode again from its stored raw form with the same keys.
fn check_round_trip(d: &Delivery) -> Result<(), TestCaseError> {
    for rec in &d.messages {
        let msg = parse_message(&rec.raw, rec.contact_name.as_deref());
        prop_assert!(
            msg.is_ok(),
            "stored raw no longer parses: {} {:?}",
            rec.raw,
            msg
        );
        let msg = msg.expect("checked");
        prop_assert_eq!(&msg.wa_message_id, &rec.wa_message_id);
        prop_assert_eq!(&msg.customer_phone, &rec.customer_phone);
        prop_assert_eq!(msg.timestamp_ms, rec.timestamp_ms);
    }
    Ok(())
}

#[derive(Debug, Clone)]
enum Mutation {
    Delete(usize, usize),
    Insert(usize, &'static str),
    Flip(usize, u8),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    const TOKENS: &[&str] = &[
        "{",
        "}",
        "[",
        "]",
        "\"",
        ",",
        ":",
        "null",
        "1e999",
        "-",
        "\\u0000",
        "\\ud83c",
        "\u{0}",
        "\"type\":\"text\",",
        "\"text\":7,",
        "[[[[",
        "\"timestamp\":\"x\",",
        "ş",
    ];
    prop_oneof![
        (any::<usize>(), 1usize..20).prop_map(|(a, n)| Mutation::Delete(a, n)),
        (any::<usize>(), prop::sample::select(TOKENS)).prop_map(|(a, t)| Mutation::Insert(a, t)),
        (any::<usize>(), any::<u8>()).prop_map(|(a, b)| Mutation::Flip(a, b)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn apply(body: &mut Vec<u8>, m: &Mutation) {
    let len = body.len().max(1);
    match *m {
        Mutation::Delete(at, n) => {
            let at = at % len;
            let end = (at + n).min(body.len());
            body.drain(at.min(end)..end);
        }
        Mutation::Insert(at, t) => {
            let at = at % (body.len() + 1);
            body.splice(at..at, t.bytes());
        }
        Mutation::Flip(at, b) => {
            if !body.is_empty() {
                body[at % len] ^= b;
            }
        }
        Mutation::Truncate(at) => body.truncate(at % len),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        if let Ok(d) = parse_delivery(&bytes) {
            check_round_trip(&d)?;
        }
    }

    #[test]
    fn never_panics_on_mutated_fixtures(
        pick in any::<prop::sample::Index>(),
        muts in prop::collection::vec(mutation(), 1..6),
    ) {
        let bodies = fixture_bodies();
        let mut body = bodies[pick.index(bodies.len())].clone();
        for m in &muts {
            apply(&mut body, m);
        }
        if let Ok(d) = parse_delivery(&body) {
            check_round_trip(&d)?;
        }
    }

    #[test]
    fn arbitrary_items_in_a_valid_envelope_never_reject_the_delivery(
        msg in json_value(), status in json_value(), contact in json_value(), change in json_value(),
    ) {
        let body = json!({"object":"whatsapp_business_account","entry":[
            {"changes":[{"field":"messages","value":{
                "contacts":[contact],"messages":[msg],"statuses":[status]}}, change]}]});
        let d = parse_delivery(body.to_string().as_bytes());
        prop_assert!(d.is_ok(), "{:?}", d);
        let d = d.expect("checked");
        prop_assert!(d.messages.len() <= 1 && d.statuses.len() <= 1);
        check_round_trip(&d)?;
    }

    #[test]
    fn arbitrary_json_anywhere_never_panics(v in json_value()) {
        if let Ok(d) = parse_delivery(v.to_string().as_bytes()) {
            check_round_trip(&d)?;
        }
    }
}
