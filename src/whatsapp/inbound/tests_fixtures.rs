//! Every `inbound_*.json` and `status_*.json` fixture through `parse_delivery` and, for
//! messages, through the stored-raw round trip of `parse_message`.

use super::*;
use crate::whatsapp::testdata;

const AYSE: &str = "905551112233";

/// Parse a one-message fixture and decode its stored raw form, as the worker will.
fn one_message(name: &str) -> (InboundRecord, InboundMessage) {
    let d = parse_delivery(&testdata::bytes(name)).expect(name);
    assert!(d.rejected.is_empty(), "{name}: {:?}", d.rejected);
    assert_eq!(d.messages.len(), 1, "{name}");
    assert!(d.statuses.is_empty() && d.errors.is_empty() && d.ignored_changes == 0);
    let rec = d.messages[0].clone();
    let msg = parse_message(&rec.raw, rec.contact_name.as_deref()).expect(name);
    assert_eq!(msg.wa_message_id, rec.wa_message_id);
    assert_eq!(
        (msg.customer_phone.as_str(), msg.timestamp_ms),
        (rec.customer_phone.as_str(), rec.timestamp_ms)
    );
    (rec, msg)
}

#[test]
fn every_inbound_fixture_yields_exactly_one_valid_message() {
    let mut names = testdata::names("inbound_");
    // the shop's own message, not the customer's: `tests_echo`
    names.retain(|n| n != "inbound_smb_message_echo.json");
    assert_eq!(names.len(), 13, "fixture set changed: {names:?}");
    for name in names {
        let (rec, msg) = one_message(&name);
        assert_eq!(rec.customer_phone.as_str(), AYSE, "{name}");
        assert_eq!(rec.contact_name.as_deref(), Some("Ayşe Yılmaz"), "{name}");
        assert!(rec.wa_message_id.starts_with("wamid."), "{name}");
        assert!(rec.timestamp_ms.as_millis() >= 1_780_000_000_000, "{name}");
        let value: serde_json::Value = serde_json::from_str(&rec.raw).expect("raw is JSON");
        assert_eq!(value["type"], rec.kind.as_str(), "{name}");
        assert!(!rec.raw.contains('\n'), "raw is compact");
        assert!(
            !matches!(msg.content, Content::Unknown { .. }),
            "{name}: {:?}",
            msg.content
        );
    }
}

#[test]
fn text_fixture() {
    let (rec, msg) = one_message("inbound_text.json");
    assert_eq!(rec.kind, "text");
    assert_eq!(rec.timestamp_ms.as_millis(), 1_780_000_000_000);
    assert_eq!(
        msg.content,
        Content::Text {
            body: "Merhaba, menüyü görebilir miyim?".into()
        }
    );
    assert_eq!((msg.context_id, msg.forwarded), (None, false));
}

#[test]
fn reply_context_and_forwarding() {
    let (_, msg) = one_message("inbound_text_reply_with_context.json");
    assert_eq!(
        msg.context_id.as_deref(),
        Some("wamid.HBgMOTA1NTUxMTEyMjMzFQIAERgGBQzQUZBS0UwMDAwMDAwMDAwMDAw0900AA==")
    );
    assert!(!msg.forwarded);
    let (_, msg) = one_message("inbound_text_forwarded.json");
    assert!(msg.forwarded);
    assert_eq!(msg.context_id, None);
    let (_, msg) = one_message("inbound_text_ctwa_referral.json");
    assert_eq!(
        msg.content,
        Content::Text {
            body: "Kampanya hakkında bilgi alabilir miyim?".into()
        }
    );
}

#[test]
fn interactive_fixtures() {
    let (_, msg) = one_message("inbound_interactive_button_reply.json");
    let want = Content::ButtonReply {
        id: "confirm_order:ORD-1042".into(),
        title: "Onayla".into(),
    };
    assert_eq!(msg.content, want);
    assert!(msg.context_id.is_some());
    let (_, msg) = one_message("inbound_interactive_list_reply.json");
    let want = Content::ListReply {
        id: "item:adana_kebap".into(),
        title: "Adana Kebap".into(),
        description: Some("Acılı, lavaş ile - 320 TL".into()),
    };
    assert_eq!(msg.content, want);
    let (_, msg) = one_message("inbound_interactive_nfm_reply.json");
    let Content::FlowReply { response_json } = msg.content else {
        panic!("{:?}", msg.content)
    };
    let flow: serde_json::Value = serde_json::from_str(&response_json).expect("flow json");
    assert_eq!(flow["flow_token"], "ORD-1042:address");
    assert_eq!(flow["district"], "Kadıköy");
}

#[test]
fn template_quick_reply_location_and_media() {
    let (rec, msg) = one_message("inbound_button_template_quick_reply.json");
    assert_eq!(rec.kind, "button");
    let want = Content::QuickReply {
        payload: "reorder:ORD-0999".into(),
        text: "Tekrar sipariş ver".into(),
    };
    assert_eq!(msg.content, want);
    let (_, msg) = one_message("inbound_location.json");
    let want = Content::Location {
        latitude: 40.990312,
        longitude: 29.029125,
        name: Some("Ev".into()),
        address: Some("Caferağa, Kadıköy, İstanbul".into()),
    };
    assert_eq!(msg.content, want);
    let (_, msg) = one_message("inbound_image.json");
    let want = Content::Media {
        kind: "image".into(),
        caption: Some("Siparişim böyle geldi".into()),
    };
    assert_eq!(msg.content, want);
}

#[test]
fn order_prices_are_exact_minor_units() {
    let (_, msg) = one_message("inbound_order.json");
    let Content::Order {
        text,
        items,
        catalog_id,
    } = msg.content
    else {
        panic!("{:?}", msg.content)
    };
    assert_eq!(text.as_deref(), Some("Kapıda kartla ödeyeceğim"));
    assert_eq!(catalog_id.as_deref(), Some("300000000000001"));
    let got: Vec<_> = items
        .iter()
        .map(|l| {
            (
                l.product_retailer_id.as_str(),
                l.quantity,
                l.unit_price_minor,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("SKU-ADANA", 2, Some(32_000)),
            ("SKU-AYRAN", 2, Some(3_550))
        ]
    );
    assert!(items.iter().all(|l| l.currency.as_deref() == Some("TRY")));
}

#[test]
fn reaction_and_welcome() {
    let (_, msg) = one_message("inbound_reaction.json");
    let want = Content::Reaction {
        message_id: "wamid.HBgMOTA1NTUxMTEyMjMzFQIAERgGBQzQUZBS0UwMDAwMDAwMDAwMDAw0905AA==".into(),
        emoji: Some("👍".into()),
    };
    assert_eq!(msg.content, want);
    let (rec, msg) = one_message("inbound_request_welcome.json");
    assert_eq!(
        (rec.kind.as_str(), msg.content),
        ("request_welcome", Content::Welcome)
    );
}

fn one_status(name: &str) -> StatusUpdate {
    let d = parse_delivery(&testdata::bytes(name)).expect(name);
    assert!(
        d.rejected.is_empty() && d.messages.is_empty(),
        "{name}: {d:?}"
    );
    assert_eq!(d.statuses.len(), 1, "{name}");
    d.statuses[0].clone()
}

#[test]
fn every_status_fixture_yields_one_status() {
    let names = testdata::names("status_");
    assert_eq!(names.len(), 7, "fixture set changed: {names:?}");
    for name in names {
        let s = one_status(&name);
        assert_eq!(s.recipient.as_deref(), Some(AYSE), "{name}");
        assert!(s.wa_message_id.starts_with("wamid."), "{name}");
        assert_eq!(s.status == "failed", s.error_code.is_some(), "{name}");
        assert!(s.timestamp_ms.as_millis() > 1_780_001_000_000, "{name}");
    }
}

#[test]
fn status_details() {
    let s = one_status("status_sent_v24.json");
    assert_eq!(
        (s.status.as_str(), s.timestamp_ms.as_millis()),
        ("sent", 1_780_001_108_000)
    );
    assert_eq!(
        one_status("status_sent_v23_with_conversation.json").status,
        "sent"
    );
    assert_eq!(one_status("status_delivered.json").status, "delivered");
    assert_eq!(one_status("status_read.json").status, "read");
    let s = one_status("status_failed_131047.json");
    assert_eq!((s.status.as_str(), s.error_code), ("failed", Some(131_047)));
    let msg = s.error_message.expect("message");
    assert!(
        msg.starts_with("Re-engagement message: ") && msg.contains("24 hours"),
        "{msg}"
    );
    let s = one_status("status_failed_131026.json");
    assert_eq!(s.error_code, Some(131_026));
    assert_eq!(
        s.error_message.as_deref(),
        Some("Message undeliverable: Message Undeliverable.")
    );
    let s = one_status("status_sent_with_biz_opaque_callback_data.json");
    assert_eq!(
        s.biz_opaque_callback_data.as_deref(),
        Some("order=ORD-1042;step=confirm")
    );
    assert_eq!(
        one_status("status_read.json").biz_opaque_callback_data,
        None
    );
}

#[test]
fn signature_body_is_a_valid_delivery_too() {
    let d =
        parse_delivery(&testdata::bytes("signature_raw_body_escaped_unicode.json")).expect("ok");
    assert_eq!(d.messages.len(), 1);
    let msg = parse_message(&d.messages[0].raw, None).expect("msg");
    assert_eq!(
        msg.content,
        Content::Text {
            body: "Çiğ köfte dürüm var mı? 🌯".into()
        }
    );
    assert_eq!(msg.contact_name, None);
}

/// The project's own catalog fixture (against the sample menu's skus): every
/// line kept for the bot to judge, the catalog id as sent.
#[test]
fn the_projects_catalog_fixture_keeps_every_line() {
    let d = parse_delivery(&testdata::bytes("order_catalog_sample_menu.json")).expect("parses");
    assert!(d.rejected.is_empty(), "{:?}", d.rejected);
    let rec = &d.messages[0];
    assert_eq!(rec.kind, "order");
    let msg = parse_message(&rec.raw, rec.contact_name.as_deref()).expect("stored form");
    let Content::Order {
        items, catalog_id, ..
    } = msg.content
    else {
        panic!("{:?}", msg.content)
    };
    assert_eq!(catalog_id.as_deref(), Some("399999999999999"));
    let skus: Vec<&str> = items
        .iter()
        .map(|i| i.product_retailer_id.as_str())
        .collect();
    assert_eq!(skus, ["DRM-ADANA", "ICE-AYRAN", "SKU-YOK-42", "TAT-KUNEFE"]);
}
