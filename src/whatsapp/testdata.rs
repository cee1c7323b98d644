//! Test-only access to the fixture files under `tests/fixtures/whatsapp` (copied
//! byte-for-byte from the WhatsApp reference so a fresh clone can run the tests).

use std::path::PathBuf;

/// Where the fixtures live, independent of the working directory `cargo test` uses.
pub(crate) fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/whatsapp")
}

/// The exact bytes of one fixture file.
pub(crate) fn bytes(name: &str) -> Vec<u8> {
    let path = dir().join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("fixture {}: {e}", path.display()))
}

/// One fixture parsed as JSON.
pub(crate) fn json(name: &str) -> serde_json::Value {
    serde_json::from_slice(&bytes(name)).unwrap_or_else(|e| panic!("fixture {name}: {e}"))
}

/// The names of every fixture whose file name starts with `prefix`, sorted.
pub(crate) fn names(prefix: &str) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(dir())
        .expect("fixture dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(prefix) && n.ends_with(".json"))
        .collect();
    out.sort();
    out
}

/// A send-request fixture with `to` as we send it: Meta's examples write the number with
/// a `+` (the send API takes both); we send the digits the webhook gave us.
pub(crate) fn send_request(name: &str) -> serde_json::Value {
    let mut v = json(name);
    if let Some(to) = v.get("to").and_then(serde_json::Value::as_str) {
        v["to"] = to.trim_start_matches('+').into();
    }
    v
}

/// The customer Meta's send examples address, as a customer id.
pub(crate) fn fixture_to() -> crate::domain::CustomerId {
    crate::domain::CustomerId::parse("905551112233").expect("a phone")
}
