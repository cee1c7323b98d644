//! The client over real HTTP on 127.0.0.1: against the fake Graph API, a server that never
//! answers, and a port nobody listens on.

use std::time::Duration;

use secrecy::SecretString;
use serde_json::json;

use super::*;
use crate::domain::reply::Reply;
use crate::fakegraph::{FakeGraph, FakeGraphConfig};
use crate::whatsapp::outbound::{mark_read_body, message_body};

fn phone(s: &str) -> crate::domain::CustomerId {
    crate::domain::CustomerId::parse(s).expect("a phone")
}

const TOKEN: &str = "EAAG-very-secret-token";

fn client(base: &str, token: &str, timeout: Duration) -> GraphClient {
    let token = SecretString::from(token.to_string());
    GraphClient::new(base, "v25.0", "106000000000001", token, timeout).expect("client")
}

async fn fake(cfg: FakeGraphConfig) -> FakeGraph {
    let cfg = FakeGraphConfig {
        access_token: TOKEN.into(),
        ..cfg
    };
    FakeGraph::start(cfg).await.expect("fake starts")
}

#[test]
fn debug_never_shows_the_token() {
    let c = client("https://graph.facebook.com", TOKEN, Duration::from_secs(1));
    let debug = format!("{c:?}");
    assert!(!debug.contains(TOKEN), "{debug}");
    assert!(
        debug.contains("graph.facebook.com/v25.0/106000000000001/messages"),
        "{debug}"
    );
}

#[test]
fn construction_refuses_bad_urls_and_segments() {
    let t = || SecretString::from("t".to_string());
    let d = Duration::from_secs(1);
    assert!(matches!(
        GraphClient::new("graph.facebook.com", "v25.0", "1", t(), d),
        Err(ClientError::BadBaseUrl(_))
    ));
    assert!(matches!(
        GraphClient::new("https://x", "", "1", t(), d),
        Err(ClientError::BadSegment {
            field: "api_version",
            ..
        })
    ));
    assert!(matches!(
        GraphClient::new("https://x", "v25.0", "1/../2", t(), d),
        Err(ClientError::BadSegment {
            field: "phone_number_id",
            ..
        })
    ));
    let c = GraphClient::new("http://127.0.0.1:9/", "v25.0", "1", t(), d).expect("ok");
    assert_eq!(c.url(), "http://127.0.0.1:9/v25.0/1/messages");
}

#[tokio::test]
async fn a_send_returns_the_wamid_and_a_mark_read_returns_none() {
    let fake = fake(FakeGraphConfig::default()).await;
    let c = client(&fake.base_url(), TOKEN, Duration::from_secs(5));
    let body = message_body(
        &phone("905551112233"),
        &Reply::text("Merhaba"),
        Some("outbox:1"),
    );
    let ok = c.send(&body).await.expect("accepted");
    let id = ok.wa_message_id.expect("wamid");
    assert!(id.starts_with("wamid."), "{id}");
    let received = fake.received();
    assert_eq!((received.len(), &received[0].wa_message_id), (1, &id));
    assert_eq!(received[0].body, body);
    let ok = c.send(&mark_read_body("wamid.IN1")).await.expect("read");
    assert_eq!(ok.wa_message_id, None);
    assert_eq!(fake.stats().mark_reads, 1);
}

#[tokio::test]
async fn failures_are_classified_and_the_token_stays_out_of_them() {
    let fake = fake(FakeGraphConfig {
        permanent_failures: [("+905550000000".to_string(), 131_047)].into(),
        ..FakeGraphConfig::default()
    })
    .await;
    let wrong = client(&fake.base_url(), "wrong-token", Duration::from_secs(5));
    let e = wrong
        .send(&message_body(
            &phone("905551112233"),
            &Reply::text("x"),
            None,
        ))
        .await
        .expect_err("401");
    assert!(
        matches!(
            e,
            SendError::Auth {
                code: Some(190),
                ..
            }
        ),
        "{e:?}"
    );
    let c = client(&fake.base_url(), TOKEN, Duration::from_secs(5));
    let e = c
        .send(&message_body(
            &phone("905550000000"),
            &Reply::text("x"),
            None,
        ))
        .await
        .expect_err("131047");
    assert!(
        matches!(
            e,
            SendError::Permanent {
                code: Some(131_047),
                ..
            }
        ),
        "{e:?}"
    );
    let e = c
        .send(&json!({"messaging_product": "whatsapp", "type": "text"}))
        .await
        .expect_err("100");
    assert!(
        matches!(
            e,
            SendError::Permanent {
                code: Some(100),
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.to_string().contains("Param to is required."), "{e}");
    for e in [e.to_string(), format!("{e:?}")] {
        assert!(!e.contains(TOKEN));
    }
}

#[tokio::test]
async fn injected_failures_are_retryable() {
    let fake = fake(FakeGraphConfig {
        failure_rate: 1.0,
        ..FakeGraphConfig::default()
    })
    .await;
    let c = client(&fake.base_url(), TOKEN, Duration::from_secs(5));
    let body = message_body(&phone("905551112233"), &Reply::text("x"), None);
    let first = c.send(&body).await.expect_err("500");
    let second = c.send(&body).await.expect_err("429");
    assert!(
        matches!(
            first,
            SendError::Retry {
                code: Some(131_000),
                ..
            }
        ),
        "{first:?}"
    );
    assert!(
        matches!(
            second,
            SendError::Retry {
                code: Some(130_429),
                ..
            }
        ),
        "{second:?}"
    );
    assert!(fake.received().is_empty());
}

#[tokio::test]
async fn a_server_that_never_answers_is_a_retryable_timeout() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let hold = tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            open.push(socket); // accept, read nothing, answer nothing
        }
    });
    let c = client(&format!("http://{addr}"), TOKEN, Duration::from_millis(200));
    let started = std::time::Instant::now();
    let e = c.send(&json!({})).await.expect_err("timeout");
    assert!(
        matches!(&e, SendError::Retry { code: None, message } if message.starts_with("timeout")),
        "{e:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(3));
    hold.abort();
}

#[tokio::test]
async fn nobody_listening_is_a_retryable_connection_failure() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    let c = client(&format!("http://{addr}"), TOKEN, Duration::from_secs(2));
    let e = c.send(&json!({})).await.expect_err("refused");
    assert!(matches!(&e, SendError::Retry { code: None, .. }), "{e:?}");
    assert!(!e.to_string().contains(TOKEN));
}
