//! What the browser board needs from the server, over real HTTP on both
//! backends: the page and its strict Content-Security-Policy; one-use tickets
//! for the event stream (the long-lived token never in a URL), refused once
//! used or when the token is revoked; an `Idempotency-Key` that makes a
//! retried bump a replay of the first answer instead of a second bump.

use std::time::Duration;

use maydanoz::store::kds_tokens;

use crate::helpers::{Backend, TestApp};
use crate::kds_v1::next_event;

const TOKEN: &str = "aa11bb22cc33dd44ee55ff66aa11bb22cc33dd44ee55ff66aa11bb22cc33dd44";
const PHONE: &str = "905551114455";

async fn app(backend: Backend) -> TestApp {
    let app = TestApp::builder().backend(backend).spawn().await;
    app.grant_board("tablet", TOKEN).await;
    app
}

async fn place(app: &TestApp) -> i64 {
    let o = crate::common::new_order(PHONE, vec![crate::common::item("Ayran", 1, 2500)], 2500);
    crate::common::place_on_board(
        &app.db,
        &o,
        "Ayşe",
        maydanoz::domain::time::At::from_millis(1),
    )
    .await
}

async fn ticket(app: &TestApp) -> String {
    let r = app
        .http
        .post(app.url("/kds/v1/ticket"))
        .bearer_auth(TOKEN)
        .json(&serde_json::json!({}))
        .send()
        .await
        .expect("ticket");
    assert_eq!(r.status(), 200);
    let v: serde_json::Value = r.json().await.expect("json");
    v["ticket"].as_str().expect("a ticket").to_string()
}

async fn events(app: &TestApp, ticket: &str) -> reqwest::Response {
    app.http
        .get(app.url(&format!("/kds/v1/events?ticket={ticket}")))
        .send()
        .await
        .expect("events")
}

async fn bump(app: &TestApp, n: i64, to: &str, key: &str) -> (u16, bool) {
    let r = app
        .http
        .post(app.url(&format!("/kds/v1/orders/{n}/status")))
        .bearer_auth(TOKEN)
        .header("idempotency-key", key)
        .json(&serde_json::json!({ "to": to }))
        .send()
        .await
        .expect("bump");
    (
        r.status().as_u16(),
        r.headers().contains_key("idempotent-replayed"),
    )
}

async fn the_browser_boards_server_side(backend: Backend) {
    let app = app(backend).await;
    // the page: strict CSP, no inline script
    let r = app.http.get(app.url("/board")).send().await.expect("page");
    assert_eq!(r.status(), 200);
    let csp = r.headers()["content-security-policy"]
        .to_str()
        .expect("csp")
        .to_string();
    assert!(
        csp.contains("default-src 'none'") && csp.contains("script-src 'self'"),
        "{csp}"
    );
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    let html = r.text().await.expect("html");
    assert!(html.contains(r#"<script src="/board/board.js""#));
    assert!(!html.contains("{{"), "every placeholder is filled");
    for asset in [
        "/board/board.js",
        "/board/board.css",
        "/board/manifest.webmanifest",
        "/board/chime.wav",
    ] {
        let r = app.http.get(app.url(asset)).send().await.expect("asset");
        assert_eq!(r.status(), 200, "{asset}");
    }

    // a ticket opens the stream once
    let n = place(&app).await;
    let t = ticket(&app).await;
    let mut s = events(&app, &t).await;
    assert_eq!(s.status(), 200);
    let (_, board) = next_event(&mut s, Duration::from_secs(5))
        .await
        .expect("a board");
    assert!(board.orders.iter().any(|o| o.number == n));
    drop(s);
    assert_eq!(events(&app, &t).await.status(), 401, "a ticket serves once");
    assert_eq!(events(&app, "nonsense").await.status(), 401);
    // `last=` resumes like Last-Event-ID: nothing until something changes
    let t2 = ticket(&app).await;
    let mut s = app
        .http
        .get(app.url(&format!("/kds/v1/events?ticket={t2}&last={}", board.seq)))
        .send()
        .await
        .expect("events");
    assert_eq!(s.status(), 200);
    assert!(
        next_event(&mut s, Duration::from_millis(600))
            .await
            .is_none(),
        "no repeat of the board the page has"
    );
    drop(s);

    // a retried bump (same key) is a replay, not a second move
    let (first, replayed) = bump(&app, n, "preparing", "key-1").await;
    assert_eq!((first, replayed), (204, false));
    let (again, replayed) = bump(&app, n, "preparing", "key-1").await;
    assert_eq!((again, replayed), (204, true), "the same answer, replayed");
    let (other, _) = bump(&app, n, "preparing", "key-2").await;
    assert_eq!(other, 409, "a new key is a new move: already preparing");
    let texts = app.texts_after(PHONE, 1).await;
    // each bump queues its message as it commits, before it answers
    app.drain_outbox().await;
    assert_eq!(app.texts_to(PHONE).len(), 1, "told once: {texts:?}");

    // a ticket of a revoked token is refused like the token
    let t3 = ticket(&app).await;
    let mut tx = app.db.begin().await.expect("tx");
    assert!(
        kds_tokens::revoke(&mut tx.exec(), "tablet")
            .await
            .expect("revoke")
    );
    tx.commit().await.expect("commit");
    assert_eq!(events(&app, &t3).await.status(), 401);
    app.stop().await;
}

crate::on_both_backends!(app: the_browser_boards_server_side);
