//! Shapes the fixture files don't show, built from the reference: batches, system messages,
//! edits, reaction removals, BSUID users, `value.errors[]`, other fields. Shared builders for
//! `tests_robust`.

use serde_json::{Value, json};

use super::*;

const META: &str = r#"{"display_phone_number":"902125550100","phone_number_id":"106000000000001"}"#;

pub(super) fn value(contacts: Value, messages: Value, statuses: Value) -> Value {
    let meta: Value = serde_json::from_str(META).expect("meta");
    json!({"messaging_product":"whatsapp","metadata":meta,
           "contacts":contacts,"messages":messages,"statuses":statuses})
}

pub(super) fn change(value: Value) -> Value {
    json!({"field":"messages","value":value})
}

pub(super) fn body(entries: Vec<Value>) -> Vec<u8> {
    json!({"object":"whatsapp_business_account","entry":entries})
        .to_string()
        .into_bytes()
}

pub(super) fn entry(changes: Vec<Value>) -> Value {
    json!({"id":"102000000000001","changes":changes})
}

fn contact(wa_id: &str, name: &str) -> Value {
    json!({"profile":{"name":name},"wa_id":wa_id})
}

pub(super) fn text(from: &str, id: &str, ts: &str, body: &str) -> Value {
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
                m.customer_phone.as_str(),
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
    assert_eq!(d.statuses[0].timestamp_ms.as_millis(), 1_780_000_003_000);
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
    assert_eq!(rec.customer_phone.as_str(), "US.13491208655302741918");
    assert_eq!(rec.contact_name.as_deref(), Some("@kebapsever"));
    assert_eq!(
        content_of(rec),
        Content::Text {
            body: "selam".into()
        }
    );
}

#[test]
fn a_message_without_any_sender_field_takes_the_only_contact() {
    let m = json!({"id":"wamid.N","timestamp":"1780000041","type":"text","text":{"body":"hi"}});
    let d = single(
        m.clone(),
        json!([{"profile":{"username":"@ali"},"user_id":"US.42"}]),
    );
    assert_eq!(d.messages[0].customer_phone.as_str(), "US.42");
    assert_eq!(
        parse_message(&d.messages[0].raw, None)
            .expect("self-contained")
            .customer_phone
            .as_str(),
        "US.42"
    );
    let d = single(m.clone(), json!([contact("905551112233", "Ayşe")]));
    assert_eq!(d.messages[0].customer_phone.as_str(), "905551112233");
    // with two contacts there is no telling whose it is
    let two = json!([contact("905551112233", "A"), contact("905554445566", "B")]);
    assert_eq!(single(m, two).rejected.len(), 1);
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
fn a_full_batch_of_a_thousand_updates_is_read_completely() {
    let messages: Vec<Value> = (0..600)
        .map(|i| {
            text(
                &format!("90555{:07}", i % 50),
                &format!("wamid.M{i}"),
                "1780000000",
                "x",
            )
        })
        .collect();
    let statuses: Vec<Value> = (0..400)
        .map(|i| json!({"id": format!("wamid.S{i}"), "status": "read", "timestamp": "1780000001"}))
        .collect();
    let changes = vec![change(value(json!([]), json!(messages), json!(statuses)))];
    let d = parse_delivery(&body(vec![entry(changes)])).expect("valid");
    assert_eq!(
        (d.messages.len(), d.statuses.len(), d.rejected.len()),
        (600, 400, 0)
    );
    assert_eq!(d.messages[599].wa_message_id, "wamid.M599");
    assert_eq!(d.messages[7].contact_name, None, "no contacts, no guessing");
}
