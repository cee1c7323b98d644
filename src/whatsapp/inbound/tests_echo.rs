//! `smb_message_echoes`: the shop's own messages from the WhatsApp Business app.

use super::*;
use crate::whatsapp::testdata;

#[test]
fn the_echo_fixture_is_keyed_by_the_customer_it_went_to() {
    let d = parse_delivery(&testdata::bytes("inbound_smb_message_echo.json")).expect("valid");
    assert!(d.rejected.is_empty(), "{:?}", d.rejected);
    assert!(d.messages.is_empty(), "an echo is not a customer message");
    assert_eq!(d.ignored_changes, 0);
    assert_eq!(d.echoes.len(), 1);
    let e = &d.echoes[0];
    // the recipient, not the sender (902125550100 is the shop itself)
    assert_eq!(e.customer_phone.as_str(), "905551112233");
    assert_eq!(e.kind, ECHO_KIND);
    assert_eq!(e.timestamp_ms.as_millis(), 1_780_000_300_000);
    assert!(e.wa_message_id.starts_with("wamid."));
    assert_eq!(
        summary(&e.kind, &e.raw),
        "Merhaba Ayşe Hanım, siparişiniz yola çıktı."
    );
}

#[test]
fn an_echo_without_a_recipient_or_id_is_skipped_not_fatal() {
    let body = serde_json::json!({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [
    {"field": "smb_message_echoes", "value": {"message_echoes": [
        {"from": "902125550100", "id": "wamid.A", "timestamp": "1780000300", "type": "text", "text": {"body": "x"}},
        {"from": "902125550100", "to": "905551112233", "timestamp": "1780000300", "type": "text"},
        {"from": "902125550100", "to": "\u{1b}[2J", "id": "wamid.B", "timestamp": "1780000300", "type": "text"},
        {"from": "902125550100", "to": "905554445566", "id": "wamid.C", "timestamp": "1780000301", "type": "image"}
    ]}}]}]});
    let d = parse_delivery(body.to_string().as_bytes()).expect("valid");
    assert_eq!(d.rejected.len(), 3, "{:?}", d.rejected);
    assert_eq!(d.echoes.len(), 1);
    assert_eq!(d.echoes[0].customer_phone.as_str(), "905554445566");
    assert_eq!(summary(ECHO_KIND, &d.echoes[0].raw), "[image]");
}

#[test]
fn customer_messages_read_as_one_line() {
    let d = parse_delivery(&testdata::bytes("inbound_image.json")).expect("valid");
    let m = &d.messages[0];
    assert!(
        summary(&m.kind, &m.raw).starts_with("[image]"),
        "{}",
        summary(&m.kind, &m.raw)
    );
    let d = parse_delivery(&testdata::bytes("inbound_text.json")).expect("valid");
    let m = &d.messages[0];
    assert!(!summary(&m.kind, &m.raw).starts_with('['));
}
