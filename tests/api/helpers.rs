//! What the HTTP tests share beyond the common test app: a recorded WhatsApp
//! body by name, a signed text delivery built on the spot, and a scripted
//! customer's two moves (wait for a text, tap a button).
#![allow(dead_code)]

// the browser tests share this file and use only some
#[allow(unused_imports)]
pub use crate::common::app::{
    ACCESS_TOKEN, APP_SECRET, Backend, PHONE_NUMBER_ID, TestApp, VERIFY_TOKEN, eventually,
};

pub fn fixture(name: &str) -> Vec<u8> {
    crate::common::fixtures::whatsapp(name)
}

/// A text message delivery from `from` with a given id, signed by the caller.
pub fn text_delivery(from: &str, name: &str, id: &str, body: &str, ts: i64) -> Vec<u8> {
    serde_json::json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": "102000000000001", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "902125550100", "phone_number_id": PHONE_NUMBER_ID},
            "contacts": [{"profile": {"name": name}, "wa_id": from}],
            "messages": [{"from": from, "id": id, "timestamp": ts.to_string(), "type": "text", "text": {"body": body}}]
        }}]}]
    })
    .to_string()
    .into_bytes()
}

/// Wait for the bot's message containing `needle`; its text.
pub async fn wait_text(c: &mut maydanoz::sim::Customer, needle: &str) -> String {
    let n = needle.to_string();
    c.wait_for(needle, |p| {
        p.iter()
            .map(|m| maydanoz::sim::read(&m.body).0)
            .find(|t| t.contains(&n))
    })
    .await
    .unwrap_or_else(|e| panic!("waiting for {needle:?}: {e}"))
}

/// Wait for a button or list row titled `title`, then tap it.
pub async fn tap(c: &mut maydanoz::sim::Customer, title: &str) {
    let t = c
        .wait_for(title, |p| maydanoz::sim::find_tap(p, title))
        .await
        .unwrap_or_else(|e| panic!("no {title:?} to tap: {e}"));
    c.tap(&t).await.expect("tap");
}
