//! The typed decoder without a tree ([`super::direct`]) against the tree walk: every
//! fixture takes the typed way, and whenever the typed way answers, it answers what the
//! tree walk would (the stored raw message as the same JSON), so no body's result changed.

use proptest::prelude::*;
use serde_json::{Value, json};

use super::delivery::parse_tree;
use super::direct;
use super::*;
use crate::whatsapp::testdata;

/// The same delivery, the stored raw messages compared as JSON values.
fn same(fast: &Delivery, tree: &Delivery) -> Result<(), String> {
    let strip = |d: &Delivery| {
        let mut d = d.clone();
        for m in d.messages.iter_mut().chain(d.echoes.iter_mut()) {
            m.raw.clear();
        }
        d
    };
    if strip(fast) != strip(tree) {
        return Err(format!("{fast:#?}\n≠\n{tree:#?}"));
    }
    let raws = |d: &Delivery| -> Vec<Value> {
        d.messages
            .iter()
            .chain(d.echoes.iter())
            .map(|m| serde_json::from_str(&m.raw).unwrap_or(Value::Null))
            .collect()
    };
    if raws(fast) != raws(tree) {
        return Err(format!("raw differs: {:?} ≠ {:?}", raws(fast), raws(tree)));
    }
    for m in &fast.messages {
        if m.raw.contains('\n') {
            return Err(format!("raw is not compact: {}", m.raw));
        }
    }
    Ok(())
}

fn agrees(body: &[u8]) -> Result<bool, String> {
    match direct::parse(body) {
        None => Ok(false),
        Some(fast) => {
            let tree =
                parse_tree(body).map_err(|e| format!("typed accepted, tree refused: {e}"))?;
            same(&fast, &tree).map(|()| true)
        }
    }
}

#[test]
fn every_fixture_takes_the_typed_way_with_the_same_result() {
    let mut names = testdata::names("inbound_");
    names.extend(testdata::names("status_"));
    assert!(names.len() > 10, "{names:?}");
    for name in names {
        assert_eq!(agrees(&testdata::bytes(&name)), Ok(true), "{name}");
    }
}

#[test]
fn a_single_text_as_the_load_generators_send_it_takes_the_typed_way() {
    let b = json!({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{
        "messaging_product":"whatsapp","metadata":{"phone_number_id":"1"},
        "contacts":[{"profile":{"name":"Yük"},"wa_id":"905551112233"}],
        "messages":[{"from":"905551112233","id":"wamid.A","timestamp":"1780000000","type":"text","text":{"body":"merhaba \u{1F32F}"}}]}}]}]});
    assert_eq!(agrees(b.to_string().as_bytes()), Ok(true));
}

#[test]
fn unusual_bodies_walk_the_tree() {
    let msg = r#"{"from":"905551112233","id":"wamid.A","timestamp":"1","type":"text","text":{"body":"BODY"}}"#;
    let wrap = |m: &str, contacts: &str| {
        format!(
            r#"{{"object":"whatsapp_business_account","entry":[{{"changes":[{{"field":"messages","value":{{"contacts":{contacts},"messages":[{m}]}}}}]}}]}}"#
        )
    };
    let plain = wrap(msg, "[]");
    assert_eq!(agrees(plain.as_bytes()), Ok(true));
    // a sender lent by the contacts is written into the stored message, as the tree does
    for lent in [
        wrap(
            &msg.replace("\"from\":\"905551112233\",", ""),
            r#"[{"wa_id":"905551112233"}]"#,
        ),
        wrap(msg, r#"[{"wa_id":"905551112233","user_id":"TR.123"}]"#),
    ] {
        assert_eq!(agrees(lent.as_bytes()), Ok(true), "{lent}");
    }
    for odd in [
        wrap(&msg.replace("BODY", r"a\u0000b"), "[]"),
        wrap(&msg.replace("BODY", r"\ud83c"), "[]"),
        wrap(&msg.replace("{\"from\"", "{\"id\":\"x\",\"from\""), "[]"),
        wrap(
            &msg.replace("\"timestamp\":\"1\"", "\"timestamp\":\"dün\""),
            "[]",
        ),
        wrap(msg, "[7]"),
        plain.replace("whatsapp_business_account", "page"),
        format!("{plain} x"),
    ] {
        assert_eq!(direct::parse(odd.as_bytes()), None, "{odd}");
        // and the tree walk still reads it as ever (the typed way is only a shortcut)
        assert_eq!(
            parse_delivery(odd.as_bytes()),
            parse_tree(odd.as_bytes()),
            "{odd}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn the_typed_way_never_answers_otherwise_than_the_tree(
        pick in any::<prop::sample::Index>(),
        cut in any::<usize>(),
        tok in prop::sample::select(&[
            "{", "}", "[", "]", "\"", ",", ":", "null", "1e999", "-", "\\u0000", "\\ud83c",
            "\\ud83c\\udf2f", "\u{0}", "\"type\":\"text\",", "\"text\":7,", "\"id\":\"d\",",
            "\"from\":\"905551112233\",", "\"user_id\":\"TR.1\",", " \n", "ş",
        ][..]),
    ) {
        let mut names = testdata::names("inbound_");
        names.extend(testdata::names("status_"));
        let mut body = testdata::bytes(&names[pick.index(names.len())]);
        let at = cut % (body.len() + 1);
        body.splice(at..at, tok.bytes());
        prop_assert!(agrees(&body).is_ok(), "{:?}: {}", agrees(&body), String::from_utf8_lossy(&body));
    }
}
