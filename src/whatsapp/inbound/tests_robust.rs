//! Robustness: malformed items are skipped with a reason, garbage bodies are refused, unknown
//! kinds are kept, and order prices are read exactly.

use serde_json::{Value, json};

use super::message::decimal_minor;
use super::tests_built::{body, change, entry, text, value};
use super::*;

#[test]
fn one_malformed_item_does_not_reject_the_delivery() {
    let good = text("905551112233", "wamid.OK", "1780000050", "iyi");
    let no_id =
        json!({"from":"905551112233","timestamp":"1780000050","type":"text","text":{"body":"x"}});
    let bad_ts = text("905551112233", "wamid.TS", "dün", "x");
    let no_body = json!({"from":"905551112233","id":"wamid.NB","timestamp":"1","type":"text"});
    let wrong_shape =
        json!({"from":12,"id":"wamid.WS","timestamp":"1","type":"text","text":{"body":"x"}});
    let no_from = json!({"id":"wamid.NF","timestamp":"1","type":"text","text":{"body":"x"}});
    let bad_status = json!({"id":"wamid.S","status":"sent"});
    let msgs = json!([no_id, good, bad_ts, no_body, wrong_shape, no_from, 7]);
    let b = body(vec![
        entry(vec![change(value(json!([]), msgs, json!([bad_status])))]),
        json!("x"),
    ]);
    let d = parse_delivery(&b).expect("still a valid delivery");
    assert_eq!(d.messages.len(), 1);
    assert_eq!(d.messages[0].wa_message_id, "wamid.OK");
    assert_eq!(d.rejected.len(), 8, "{:#?}", d.rejected);
    assert!(
        d.rejected
            .iter()
            .any(|r| r.contains("wamid.TS") && r.contains("timestamp"))
    );
    assert!(
        d.rejected
            .iter()
            .any(|r| r.contains("messages[3]") && r.contains("without"))
    );
    assert!(d.rejected.iter().any(|r| r.starts_with("entry[1]")));
}

#[test]
fn garbage_bodies_are_parse_errors() {
    let not_json: &[&[u8]] = &[b"", b"{", b"\xff\xfe", b"<html>", b"{\"object\":"];
    for b in not_json {
        assert!(
            matches!(parse_delivery(b), Err(ParseError::NotJson(_))),
            "{b:?}"
        );
    }
    let not_wa = [
        "null",
        "[]",
        "42",
        "\"whatsapp_business_account\"",
        "{}",
        r#"{"object":"page","entry":[]}"#,
        r#"{"object":"whatsapp_business_account"}"#,
        r#"{"object":"whatsapp_business_account","entry":{}}"#,
        r#"{"object":7,"entry":[]}"#,
    ];
    for b in not_wa {
        let got = parse_delivery(b.as_bytes());
        assert!(
            matches!(got, Err(ParseError::NotNotification(_))),
            "{b}: {got:?}"
        );
    }
    let empty = parse_delivery(br#"{"object":"whatsapp_business_account","entry":[]}"#);
    assert_eq!(empty, Ok(Delivery::default()));
}

#[test]
fn unknown_kinds_are_kept_not_rejected() {
    let m = r#"{"from":"1","id":"w","timestamp":"1","type":"hologram","hologram":{}}"#;
    assert_eq!(
        parse_message(m, None).expect("m").content,
        Content::Unknown {
            kind: "hologram".into()
        }
    );
    let m = r#"{"from":"1","id":"w","timestamp":1,"type":"interactive","interactive":{"type":"call_permission_reply"}}"#;
    let msg = parse_message(m, Some("Ali")).expect("m");
    assert_eq!(
        msg.content,
        Content::Unknown {
            kind: "interactive.call_permission_reply".into()
        }
    );
    assert_eq!(
        (msg.timestamp_ms.as_millis(), msg.contact_name.as_deref()),
        (1000, Some("Ali"))
    );
    let m = r#"{"from":"1","id":"w","timestamp":"1","type":"contacts","contacts":[{"name":{}}]}"#;
    assert_eq!(
        parse_message(m, None).expect("m").content,
        Content::Contacts
    );
    let m = r#"{"from":"1","id":"w","timestamp":"1","type":"sticker","sticker":{"id":"9"}}"#;
    let want = Content::Media {
        kind: "sticker".into(),
        caption: None,
    };
    assert_eq!(parse_message(m, None).expect("m").content, want);
}

#[test]
fn stored_raw_that_lost_its_body_is_malformed() {
    for raw in [
        "",
        "{}",
        "[]",
        r#"{"from":"1","id":"w","timestamp":"1","type":"location","location":{"latitude":1.0}}"#,
        r#"{"from":"1","id":"w","timestamp":"1","type":"interactive","interactive":{"type":"button_reply"}}"#,
        r#"{"from":"1","id":"w","timestamp":"99999999999999999","type":"text","text":{"body":"x"}}"#,
    ] {
        assert!(
            matches!(parse_message(raw, None), Err(ParseError::Malformed(_))),
            "{raw}"
        );
    }
}

#[test]
fn order_lines_validate_quantity_and_read_prices_exactly() {
    let m = |items: Value| {
        let raw = json!({"from":"1","id":"w","timestamp":"1","type":"order",
                         "order":{"catalog_id":"3","product_items":items}});
        parse_message(&raw.to_string(), None)
    };
    let ok =
        m(json!([{"product_retailer_id":"A","quantity":"3","item_price":"7.99"}])).expect("ok");
    let Content::Order {
        items, text: None, ..
    } = ok.content
    else {
        panic!()
    };
    assert_eq!(
        (items[0].quantity, items[0].unit_price_minor),
        (3, Some(799))
    );
    // a bad quantity is kept (as 0 when not an integer) for the bot to tell
    for (q, want) in [
        (json!(0), 0),
        (json!(-2), -2),
        (json!("x"), 0),
        (json!(1.5), 0),
    ] {
        let msg = m(json!([{"product_retailer_id":"A","quantity":q}])).expect("kept");
        let Content::Order { items, .. } = msg.content else {
            panic!()
        };
        assert_eq!(items[0].quantity, want);
    }
    assert!(m(json!([{"quantity":1}])).is_err());
}

#[test]
fn decimal_prices_never_go_through_floats() {
    let cases = [
        (json!(320), Some(32_000)),
        (json!(35.5), Some(3_550)),
        (json!(7.99), Some(799)),
        (json!(0.1), Some(10)),
        (json!("12.50"), Some(1_250)),
        (json!("12.500"), Some(1_250)),
        (json!(1.125), None),
        (json!(-3), None),
        (json!("1e3"), None),
        (json!("abc"), None),
        (json!(null), None),
        (json!(1e300), None),
        (json!(".5"), None),
        (json!("5."), Some(500)),
    ];
    for (v, want) in cases {
        assert_eq!(decimal_minor(&v), want, "{v}");
    }
}
