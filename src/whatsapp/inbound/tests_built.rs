//! Shapes the fixture files don't show, built from the reference: batches, system messages,
//! edits, reaction removals, BSUID users, `value.errors[]`, other fields, garbage.

use serde_json::{Value, json};

use super::message::decimal_minor;
use super::*;

const META: &str = r#"{"display_phone_number":"902125550100","phone_number_id":"106000000000001"}"#;

fn value(contacts: Value, messages: Value, statuses: Value) -> Value {
    let meta: Value = serde_json::from_str(META).expect("meta");
    json!({"messaging_product":"whatsapp","metadata":meta,
           "contacts":contacts,"messages":messages,"statuses":statuses})
}

fn change(value: Value) -> Value {
    json!({"field":"messages","value":value})
}

fn body(entries: Vec<Value>) -> Vec<u8> {
    json!({"object":"whatsapp_business_account","entry":entries})
        .to_string()
        .into_bytes()
}

fn entry(changes: Vec<Value>) -> Value {
    json!({"id":"102000000000001","changes":changes})
}

fn contact(wa_id: &str, name: &str) -> Value {
    json!({"profile":{"name":name},"wa_id":wa_id})
}

fn text(from: &str, id: &str, ts: &str, body: &str) -> Value {
    json!({"from":from,"id":id,"timestamp":ts,"type":"text","text":{"body":body}})
}

fn single(message: Value, contacts: Value) -> Delivery {
    let b = body(vec![entry(vec![change(value(
        contacts,
        json!([message]),
        json!([]),
    ))])]);
    parse_delivery(&b).expect("valid delivery")
}

fn content_of(rec: &InboundRecord) -> Content {
    parse_message(&rec.raw, rec.contact_name.as_deref())
        .expect("stored raw parses")
        .content
}

#[test]
fn batch_of_two_customers_keeps_every_message_in_order() {
    let a = contact("905551112233", "Ayşe");
    let b = contact("905554445566", "Mehmet");
    let e1 = entry(vec![change(value(
        json!([a]),
        json!([
            text("905551112233", "wamid.A1", "1780000001", "1 adana"),
            text("905551112233", "wamid.A2", "1780000002", "ayran da")
        ]),
        json!([]),
    ))]);
    let status = json!({"id":"wamid.OUT1","status":"delivered","timestamp":"1780000003",
                        "recipient_id":"905554445566"});
    let e2 = entry(vec![change(value(
        json!([b, contact("905551112233", "Ayşe")]),
        json!([
            text("905554445566", "wamid.B1", "1780000004", "menü"),
            text("905551112233", "wamid.A2", "1780000002", "ayran da")
        ]),
        json!([status]),
    ))]);
    let d = parse_delivery(&body(vec![e1, e2])).expect("valid");
    let got: Vec<_> = d
        .messages
        .iter()
        .map(|m| {
            (
                m.wa_message_id.as_str(),
                m.from.as_str(),
                m.contact_name.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("wamid.A1", "905551112233", Some("Ayşe")),
            ("wamid.A2", "905551112233", Some("Ayşe")),
            ("wamid.B1", "905554445566", Some("Mehmet")),
            // a duplicate inside one batch is passed on: the inbox's unique key drops it
            ("wamid.A2", "905551112233", Some("Ayşe")),
        ]
    );
    assert_eq!(d.statuses.len(), 1);
    assert_eq!(d.statuses[0].recipient.as_deref(), Some("905554445566"));
    assert_eq!(d.statuses[0].timestamp_ms, 1_780_000_003_000);
    assert!(d.rejected.is_empty() && d.errors.is_empty());
}

#[test]
fn system_message_without_contacts() {
    let sys = json!({"from":"905551112233","id":"wamid.SYS","timestamp":"1780000010",
        "type":"system","system":{"body":"User A changed from 905551112233 to 905559998877",
        "wa_id":"905559998877","type":"user_changed_number"}});
    let b = body(vec![entry(vec![change(
        json!({"messaging_product":"whatsapp","messages":[sys]}),
    )])]);
    let d = parse_delivery(&b).expect("valid");
    assert_eq!(d.messages[0].contact_name, None);
    let Content::System { body, new_wa_id } = content_of(&d.messages[0]) else {
        panic!()
    };
    assert_eq!(new_wa_id.as_deref(), Some("905559998877"));
    assert!(body.is_some_and(|b| b.contains("changed")));
    // older payloads name it new_wa_id
    let old = r#"{"from":"1","id":"w","timestamp":"1","type":"system","system":{"new_wa_id":"2"}}"#;
    let msg = parse_message(old, None).expect("old system");
    assert_eq!(
        msg.content,
        Content::System {
            body: None,
            new_wa_id: Some("2".into())
        }
    );
}

#[test]
fn edit_arrives_as_unsupported_and_its_error_is_reported() {
    let edit = json!({"from":"905551112233","id":"wamid.E","timestamp":"1780000020",
        "type":"unsupported","unsupported":{"type":"edit"},
        "errors":[{"code":131051,"title":"Message type unknown","message":"Message type unknown",
                   "error_data":{"details":"Message type is currently not supported."}}]});
    let d = single(edit, json!([contact("905551112233", "Ayşe")]));
    assert_eq!(content_of(&d.messages[0]), Content::Edit);
    assert_eq!(d.messages[0].kind, "unsupported");
    assert_eq!(d.errors.len(), 1);
    assert_eq!(d.errors[0].code, 131_051);
    assert!(
        d.errors[0].message.contains("not supported"),
        "{}",
        d.errors[0].message
    );
    let poll = r#"{"from":"1","id":"w","timestamp":"1","type":"unsupported","unsupported":{"type":"poll_creation"}}"#;
    let want = Content::Unsupported {
        kind: "poll_creation".into(),
    };
    assert_eq!(parse_message(poll, None).expect("poll").content, want);
}

#[test]
fn reaction_removal_has_no_emoji() {
    let r = json!({"from":"905551112233","id":"wamid.R","timestamp":"1780000030","type":"reaction",
                   "reaction":{"message_id":"wamid.OUT7"}});
    let d = single(r, json!([contact("905551112233", "Ayşe")]));
    let want = Content::Reaction {
        message_id: "wamid.OUT7".into(),
        emoji: None,
    };
    assert_eq!(content_of(&d.messages[0]), want);
}

#[test]
fn bsuid_user_without_wa_id_is_keyed_by_user_id() {
    let m = json!({"from_user_id":"US.13491208655302741918","id":"wamid.U","timestamp":"1780000040",
                   "type":"text","text":{"body":"selam"}});
    let contacts = json!([
        {"profile":{"name":"Other"},"wa_id":"905554445566"},
        {"profile":{"username":"@kebapsever"},"user_id":"US.13491208655302741918"},
    ]);
    let d = single(m, contacts);
    let rec = &d.messages[0];
    assert_eq!(rec.from, "US.13491208655302741918");
    assert_eq!(rec.contact_name.as_deref(), Some("@kebapsever"));
    assert_eq!(
        content_of(rec),
        Content::Text {
            body: "selam".into()
        }
    );
}

#[test]
fn value_errors_and_other_fields() {
    let errs = json!({"messaging_product":"whatsapp","errors":[
        {"code":130429,"title":"Rate limit hit","message":"(#130429) Rate limit hit",
         "error_data":{"details":"Cloud API message throughput has been reached."}}]});
    let quality = json!({"field":"phone_number_quality_update",
                         "value":{"display_phone_number":"902125550100","event":"FLAGGED"}});
    let templ = json!({"field":"message_template_status_update","value":{"event":"APPROVED"}});
    let d = parse_delivery(&body(vec![
        entry(vec![change(errs), quality]),
        entry(vec![templ]),
    ]))
    .expect("valid");
    assert_eq!(d.ignored_changes, 2);
    assert_eq!(d.errors.len(), 1);
    assert_eq!(d.errors[0].code, 130_429);
    assert_eq!(
        d.errors[0].message,
        "(#130429) Rate limit hit: Cloud API message throughput has been reached."
    );
    assert!(d.messages.is_empty() && d.statuses.is_empty() && d.rejected.is_empty());
}

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
        (msg.timestamp_ms, msg.contact_name.as_deref()),
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
    let Content::Order { items, text: None } = ok.content else {
        panic!()
    };
    assert_eq!(
        (items[0].quantity, items[0].unit_price_minor),
        (3, Some(799))
    );
    assert!(m(json!([{"product_retailer_id":"A","quantity":0}])).is_err());
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
