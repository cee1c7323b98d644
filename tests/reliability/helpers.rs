//! Shared tools: the secrets every server here is configured with, the fixtures, signed
//! deliveries, database counts and waits, the fake Graph API, and the seeded dice.
#![allow(dead_code)]

use std::time::{Duration, Instant};

use maydanoz::store::Db;
use serde_json::{Value, json};

pub use crate::common::app::{ACCESS_TOKEN, APP_SECRET, PHONE_NUMBER_ID};

/// The seed of every random choice in this suite: `MAYDANOZ_RELIABILITY_SEED`, else a fixed
/// one, so a failure can be replayed. Each test mixes in its own salt.
pub fn seed(salt: u64) -> u64 {
    let base = std::env::var("MAYDANOZ_RELIABILITY_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_261_125);
    base ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// A number from the environment (to make a run longer from the script), else `default`.
pub fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

pub fn fixture_dir() -> std::path::PathBuf {
    crate::common::fixtures::whatsapp_dir()
}

/// Every webhook body among the fixtures (inbound messages and status updates).
pub fn webhook_fixtures() -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(fixture_dir())
        .expect("fixture dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| (n.starts_with("inbound_") || n.starts_with("status_")) && n.ends_with(".json"))
        .map(|n| {
            let bytes = std::fs::read(fixture_dir().join(&n)).expect("fixture");
            (n, bytes)
        })
        .collect();
    out.sort();
    out
}

/// A delivery carrying `messages` from `from`, as Meta wraps them.
pub fn delivery(from: &str, name: &str, messages: Vec<Value>) -> Vec<u8> {
    json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": "102000000000001", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "902125550100", "phone_number_id": PHONE_NUMBER_ID},
            "contacts": [{"profile": {"name": name}, "wa_id": from}],
            "messages": messages
        }}]}]
    })
    .to_string()
    .into_bytes()
}

/// One text message object.
pub fn text_message(from: &str, id: &str, body: &str) -> Value {
    let ts = (maydanoz::clock::now().as_millis() / 1000).to_string();
    json!({"from": from, "id": id, "timestamp": ts, "type": "text", "text": {"body": body}})
}

/// The message ids a delivery carries.
pub fn message_ids(body: &[u8]) -> Vec<String> {
    let Ok(v) = serde_json::from_slice::<Value>(body) else {
        return Vec::new();
    };
    let mut ids = Vec::new();
    for e in v["entry"].as_array().into_iter().flatten() {
        for c in e["changes"].as_array().into_iter().flatten() {
            for m in c["value"]["messages"].as_array().into_iter().flatten() {
                if let Some(id) = m["id"].as_str() {
                    ids.push(id.to_string());
                }
            }
        }
    }
    ids
}

/// POST `body` signed with our secret; the status, or 0 when the server did not answer.
pub async fn post_signed(http: &reqwest::Client, url: &str, body: &[u8]) -> u16 {
    let sig = maydanoz::whatsapp::signature::sign(APP_SECRET.as_bytes(), body);
    let sent = http
        .post(url)
        .header("content-type", "application/json")
        .header("x-hub-signature-256", sig)
        .body(body.to_vec())
        .send()
        .await;
    sent.map_or(0, |r| r.status().as_u16())
}

pub use crate::common::app::fake_graph;

pub use crate::common::count;

/// Poll `sql` until it is `want`; the last value seen.
pub async fn wait_count(db: &Db, sql: &'static str, want: i64, timeout: Duration) -> i64 {
    let seen = crate::common::app::eventually(timeout, || async {
        let c = count(db, sql).await;
        (c == want).then_some(c)
    })
    .await;
    match seen {
        Some(c) => c,
        None => count(db, sql).await,
    }
}

/// Milliseconds since `t`, for the figures.
pub fn ms(t: Instant) -> u128 {
    t.elapsed().as_millis()
}
