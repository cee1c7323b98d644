//! The checker accepts Meta's documented bodies and refuses what Meta refuses, naming the
//! param the way `error_data.details` does.

use serde_json::{Value, json};

use super::*;
use crate::whatsapp::testdata;

#[test]
fn every_send_request_fixture_passes_check_limits() {
    let names = testdata::names("send_");
    let requests: Vec<_> = names
        .iter()
        .filter(|n| n.ends_with("_request.json"))
        .collect();
    assert_eq!(requests.len(), 11, "{requests:?}");
    for name in requests {
        assert_eq!(check_limits(&testdata::json(name)), Ok(()), "{name}");
    }
}

fn violation(body: &Value) -> String {
    check_limits(body)
        .expect_err("should be refused")
        .to_string()
}

#[test]
fn checker_refuses_what_meta_refuses() {
    let mut b = testdata::json("send_interactive_buttons_request.json");
    b["interactive"]["action"]["buttons"][0]["reply"]["title"] = json!("x".repeat(21));
    assert_eq!(
        violation(&b),
        "Param interactive['action']['buttons'][0]['reply']['title'] is too long. Max length is 20."
    );
    b["interactive"]["action"]["buttons"][0]["reply"]["title"] = json!("Düzenle");
    assert!(violation(&b).ends_with("[1]['reply']['title'] must be unique."));
    let four = json!({"type":"reply","reply":{"id":"z","title":"Z"}});
    let mut b = testdata::json("send_interactive_buttons_request.json");
    b["interactive"]["action"]["buttons"]
        .as_array_mut()
        .expect("a")
        .push(four);
    assert!(violation(&b).contains("has too many items. Max is 3"));
    let mut l = testdata::json("send_interactive_list_request.json");
    l["interactive"]["action"]["sections"][0]["rows"][0]["description"] = json!("d".repeat(73));
    assert!(violation(&l).contains("['rows'][0]['description'] is too long. Max length is 72"));
    let mut l = testdata::json("send_interactive_list_request.json");
    let rows = json!(
        (0..9)
            .map(|i| json!({"id": format!("r{i}"), "title": "t"}))
            .collect::<Vec<_>>()
    );
    l["interactive"]["action"]["sections"][1]["rows"] = rows;
    assert!(violation(&l).contains("['sections'][1]['rows'] has too many items. Max is 10"));
    let mut l = testdata::json("send_interactive_list_request.json");
    l["interactive"]["action"]["sections"][2]["title"] = json!("");
    assert!(violation(&l).contains("['sections'][2]['title'] must be a non-empty string"));
}

#[test]
fn checker_requires_the_basics() {
    let good = testdata::json("send_text_request.json");
    for (key, param) in [
        ("messaging_product", "messaging_product"),
        ("to", "to"),
        ("type", "type"),
        ("text", "text"),
    ] {
        let mut b = good.clone();
        b.as_object_mut().expect("obj").remove(key);
        assert_eq!(violation(&b), format!("Param {param} is required."));
    }
    let mut b = good.clone();
    b["text"]["body"] = json!("a".repeat(4097));
    assert!(violation(&b).contains("Max length is 4096"));
    b["text"]["body"] = json!("🌯".repeat(2049));
    assert!(
        violation(&b).contains("Max length is 4096"),
        "emoji count as two units"
    );
    let mut b = good.clone();
    b["type"] = json!("hologram");
    b["hologram"] = json!({});
    assert!(violation(&b).contains("unsupported type"));
    assert!(violation(&json!([1])).contains("not a JSON object"));
    let mut b = good;
    b["biz_opaque_callback_data"] = json!("c".repeat(513));
    assert!(violation(&b).contains("biz_opaque_callback_data is too long"));
    let mut r = testdata::json("send_mark_read_typing_request.json");
    assert_eq!(check_limits(&r), Ok(()));
    r["typing_indicator"]["type"] = json!("audio");
    assert!(violation(&r).contains("typing_indicator"));
}
