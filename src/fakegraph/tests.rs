//! The fake over real HTTP on 127.0.0.1: Meta's refusals and answer shapes. Shared helpers
//! for `tests_flow`.

use serde_json::{Value, json};

use super::*;
use crate::domain::reply::{Choice, Reply};
use crate::whatsapp::outbound::message_body;

pub(super) const TO: &str = "905551112233";

pub(super) fn url(fake: &FakeGraph) -> String {
    format!("{}/v25.0/106000000000001/messages", fake.base_url())
}

thread_local! {
    /// One client per test thread (each `#[tokio::test]` has its own thread and runtime):
    /// building a client loads the TLS roots, far slower than a local request.
    static HTTP: reqwest::Client = reqwest::Client::new();
}

pub(super) async fn post(url: &str, token: Option<&str>, body: &Value) -> (u16, Value) {
    let mut req = HTTP.with(|c| c.clone()).post(url).json(body);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let res = req.send().await.expect("http");
    let status = res.status().as_u16();
    (status, res.json().await.expect("json answer"))
}

pub(super) async fn send(fake: &FakeGraph, body: &Value) -> (u16, Value) {
    post(&url(fake), Some("fake-access-token"), body).await
}

pub(super) fn id(s: &str) -> crate::domain::CustomerId {
    crate::domain::CustomerId::parse(s).expect("a customer id")
}

pub(super) fn text(to: &str, cb: Option<&str>) -> Value {
    message_body(&id(to), &Reply::text("Siparişiniz hazır"), cb)
}

#[tokio::test]
async fn missing_or_wrong_token_is_401_code_190() {
    let fake = FakeGraph::start(FakeGraphConfig::default())
        .await
        .expect("start");
    for token in [None, Some("nope"), Some("")] {
        let (status, body) = post(&url(&fake), token, &text(TO, None)).await;
        assert_eq!(
            (status, body["error"]["code"].as_i64()),
            (401, Some(190)),
            "{token:?}"
        );
        assert_eq!(body["error"]["type"], "OAuthException");
    }
    assert_eq!(fake.stats().rejected, 3);
    assert!(fake.received().is_empty());
}

#[tokio::test]
async fn wrong_number_id_or_version_is_400_code_100() {
    let fake = FakeGraph::start(FakeGraphConfig::default())
        .await
        .expect("start");
    for path in ["v25.0/999/messages", "v19.0/106000000000001/messages"] {
        let url = format!("{}/{path}", fake.base_url());
        let (status, body) = post(&url, Some("fake-access-token"), &text(TO, None)).await;
        assert_eq!(
            (status, body["error"]["code"].as_i64()),
            (400, Some(100)),
            "{path}: {body}"
        );
    }
}

#[tokio::test]
async fn bodies_over_the_limits_are_400_code_100_naming_the_param() {
    let fake = FakeGraph::start(FakeGraphConfig::default())
        .await
        .expect("start");
    let mut four = message_body(
        &id(TO),
        &Reply::Buttons {
            body: "?".into(),
            buttons: vec![Choice::new("a", "A"), Choice::new("b", "B")],
            header: None,
            footer: None,
        },
        None,
    );
    four["interactive"]["action"]["buttons"][1]["reply"]["title"] =
        json!("Çok uzun bir buton başlığı");
    let (status, body) = send(&fake, &four).await;
    assert_eq!((status, body["error"]["code"].as_i64()), (400, Some(100)));
    let details = body["error"]["error_data"]["details"]
        .as_str()
        .expect("details");
    assert_eq!(
        details,
        "Param interactive['action']['buttons'][1]['reply']['title'] is too long. Max length is 20."
    );
    let mut no_to = text(TO, None);
    no_to.as_object_mut().expect("obj").remove("to");
    let (status, body) = send(&fake, &no_to).await;
    assert_eq!(
        (status, body["error"]["error_data"]["details"].as_str()),
        (400, Some("Param to is required."))
    );
    let (status, _) = send(&fake, &json!("not an object")).await;
    assert_eq!(status, 400);
    assert_eq!(fake.stats().rejected, 3);
}

#[tokio::test]
async fn success_and_mark_read_have_meta_shapes() {
    let fake = FakeGraph::start(FakeGraphConfig::default())
        .await
        .expect("start");
    // Meta's example writes the number with a `+`: echoed as given, `wa_id` digits only
    let mut plus = text(TO, None);
    plus["to"] = format!("+{TO}").into();
    let (status, body) = send(&fake, &plus).await;
    assert_eq!(status, 200);
    let shape = crate::whatsapp::testdata::json("send_response_success.json");
    assert_eq!(
        body["contacts"], shape["contacts"],
        "input echoed, wa_id without '+'"
    );
    let id = body["messages"][0]["id"].as_str().expect("id");
    assert!(id.starts_with("wamid."));
    let (_, again) = send(&fake, &text(TO, None)).await;
    assert_ne!(
        again["messages"][0]["id"].as_str(),
        Some(id),
        "fresh wamid every time"
    );
    let read = crate::whatsapp::testdata::json("send_mark_read_typing_request.json");
    let (status, body) = send(&fake, &read).await;
    assert_eq!((status, body), (200, json!({"success": true})));
    let s = fake.stats();
    assert_eq!((s.accepted, s.mark_reads, s.rejected), (2, 1, 0));
}

/// The online payment link: the fake takes a well-formed cta_url
/// built by the builder, and refuses a wrong action name, a relative url or a label
/// over 20 units the way Meta does (400, code 100, the param named).
#[tokio::test]
async fn cta_url_is_accepted_when_well_formed_and_refused_otherwise() {
    let fake = FakeGraph::start(FakeGraphConfig::default())
        .await
        .expect("start");
    let link = Reply::CtaUrl {
        body: "💳 #12 numaralı siparişin tutarı 145,00 ₺.".into(),
        display_text: "💳 Şimdi öde".into(),
        url: "https://pay.example/12?amount=14500".into(),
        footer: None,
    };
    let good = message_body(&id(TO), &link, None);
    assert_eq!(good["interactive"]["type"], "cta_url");
    assert_eq!(good["interactive"]["action"]["name"], "cta_url");
    let (status, _) = send(&fake, &good).await;
    assert_eq!(status, 200);
    let cases = [
        (
            "/interactive/action/name",
            json!("cta"),
            "interactive['action']['name']",
        ),
        (
            "/interactive/action/parameters/url",
            json!("pay.example/12"),
            "interactive['action']['parameters']['url']",
        ),
        (
            "/interactive/action/parameters/url",
            json!("https://pay example/12"),
            "interactive['action']['parameters']['url']",
        ),
        (
            "/interactive/action/parameters/display_text",
            json!("x".repeat(21)),
            "interactive['action']['parameters']['display_text']",
        ),
    ];
    for (path, value, param) in cases {
        let mut bad = good.clone();
        *bad.pointer_mut(path).expect("path") = value;
        let (status, body) = send(&fake, &bad).await;
        assert_eq!((status, body["error"]["code"].as_i64()), (400, Some(100)));
        let details = body["error"]["error_data"]["details"]
            .as_str()
            .unwrap_or("");
        assert!(details.contains(param), "{details}");
    }
    assert_eq!(fake.received().len(), 1, "only the good one was taken");
    // a label the bot wrote too long is cut by the builder, never refused
    let long = Reply::CtaUrl {
        body: "💳".into(),
        display_text: "Ödemeyi şimdi online yap".into(),
        url: "https://pay.example/12".into(),
        footer: None,
    };
    let (status, _) = send(&fake, &message_body(&id(TO), &long, None)).await;
    assert_eq!(status, 200);
}
