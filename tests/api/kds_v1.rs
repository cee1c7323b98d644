//! `/kds/v1/…`: every route answers 401 without a valid token; with one, the
//! board and its event stream, which resumes from `Last-Event-ID` without
//! repeating or missing a change. On SQLite and PostgreSQL.

use std::time::{Duration, Instant};

use maydanoz::kds::Board;

use crate::helpers::{Backend, TestApp};

const TOKEN: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

async fn app(backend: Backend) -> TestApp {
    let app = TestApp::builder().backend(backend).spawn().await;
    app.grant_board("counter", TOKEN).await;
    app
}

async fn place(app: &TestApp, phone: &str) -> i64 {
    let o = crate::common::new_order(phone, vec![crate::common::item("Ayran", 1, 2500)], 2500);
    crate::common::place_on_board(
        &app.db,
        &o,
        "Ayşe",
        maydanoz::domain::time::At::from_millis(1),
    )
    .await
}

/// Read from an open event stream until one whole event or `within` passes.
pub async fn next_event(r: &mut reqwest::Response, within: Duration) -> Option<(i64, Board)> {
    let deadline = Instant::now() + within;
    let mut buf = String::new();
    loop {
        let left = deadline.checked_duration_since(Instant::now())?;
        let chunk = tokio::time::timeout(left, r.chunk()).await.ok()?.ok()??;
        buf.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = buf.find("\n\n") {
            let block: String = buf.drain(..end + 2).collect();
            let field = |name: &str| {
                block
                    .lines()
                    .find_map(|l| l.strip_prefix(name).map(|v| v.trim().to_string()))
            };
            if let (Some(id), Some(data)) = (field("id:"), field("data:")) {
                let board: Board = serde_json::from_str(&data).expect("a board");
                return Some((id.parse().expect("numeric id"), board));
            }
        }
    }
}

async fn every_route_needs_a_valid_token(app: &TestApp) {
    let routes = [
        ("GET", "/kds/v1/orders"),
        ("GET", "/kds/v1/events"),
        ("GET", "/kds/v1/products"),
        ("GET", "/kds/v1/health"),
        ("POST", "/kds/v1/orders/1/status"),
        ("POST", "/kds/v1/orders/1/rush"),
        ("POST", "/kds/v1/orders/1/print"),
        ("POST", "/kds/v1/products/1/available"),
        ("GET", "/kds/v1/waiting"),
        ("POST", "/kds/v1/waiting/905551112233/done"),
    ];
    for (method, path) in routes {
        for auth in [
            None,
            Some("Bearer wrong"),
            Some("Basic x"),
            Some(&*format!("Bearer {TOKEN}x")),
        ] {
            let mut req = match method {
                "GET" => app.http.get(app.url(path)),
                _ => app
                    .http
                    .post(app.url(path))
                    .json(&serde_json::json!({"to": "ready", "rush": true, "available": false})),
            };
            if let Some(a) = auth {
                req = req.header("Authorization", a);
            }
            let r = req.send().await.expect("request");
            assert_eq!(r.status(), 401, "{method} {path} with {auth:?}");
        }
    }
}

async fn the_stream_resumes_without_repeats_or_gaps(app: &TestApp) {
    let get = |path: &str, last: Option<i64>| {
        let mut r = app.http.get(app.url(path)).bearer_auth(TOKEN);
        if let Some(l) = last {
            r = r.header("Last-Event-ID", l.to_string());
        }
        r.send()
    };
    let board: Board = get("/kds/v1/orders", None)
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    assert!(board.orders.is_empty());
    let mut s = get("/kds/v1/events", None).await.expect("stream");
    assert_eq!(s.status(), 200);
    let (id0, b0) = next_event(&mut s, Duration::from_secs(5))
        .await
        .expect("first board");
    assert_eq!((id0, b0.orders.len()), (board.seq, 0));
    let n = place(app, "905551110001").await;
    let t = Instant::now();
    let (id1, b1) = next_event(&mut s, Duration::from_secs(5))
        .await
        .expect("the new order");
    eprintln!(
        "» /kds/v1/events: a write by another connection arrives in {} ms",
        t.elapsed().as_millis()
    );
    assert!(id1 > id0);
    assert_eq!(
        b1.orders.iter().map(|o| o.number).collect::<Vec<_>>(),
        vec![n]
    );
    drop(s);
    // reconnect where we were: nothing is repeated
    let mut s = get("/kds/v1/events", Some(id1)).await.expect("resume");
    assert!(
        next_event(&mut s, Duration::from_millis(700))
            .await
            .is_none(),
        "nothing new, nothing sent"
    );
    // ... and what happens while connected arrives
    let m = place(app, "905551110002").await;
    let (id2, b2) = next_event(&mut s, Duration::from_secs(5))
        .await
        .expect("the second order");
    assert!(id2 > id1 && b2.orders.len() == 2 && b2.orders[1].number == m);
    drop(s);
    // a display that missed a change gets the current board at once
    let mut s = get("/kds/v1/events", Some(id1))
        .await
        .expect("resume behind");
    let (id3, b3) = next_event(&mut s, Duration::from_secs(2))
        .await
        .expect("caught up");
    assert_eq!((id3, b3.orders.len()), (id2, 2));
    // a bump over HTTP
    let r = app
        .http
        .post(app.url(&format!("/kds/v1/orders/{n}/status")))
        .bearer_auth(TOKEN)
        .json(&serde_json::json!({"to": "preparing"}))
        .send()
        .await
        .expect("bump");
    assert_eq!(r.status(), 204);
    let (_, b4) = next_event(&mut s, Duration::from_secs(5))
        .await
        .expect("bumped");
    assert_eq!(b4.orders[0].status.as_str(), "preparing");
    let r = app
        .http
        .post(app.url(&format!("/kds/v1/orders/{n}/status")))
        .bearer_auth(TOKEN)
        .json(&serde_json::json!({"to": "out_for_delivery"}))
        .send()
        .await
        .expect("bad bump");
    assert_eq!(
        r.status(),
        409,
        "a pickup order does not go out for delivery"
    );
}

/// The `w` panel of a remote board: `GET /kds/v1/waiting`, `POST …/{phone}/done`.
async fn a_remote_board_sees_who_waits_for_a_person_and_hands_back(app: &TestApp) {
    let phone = "905557776655";
    let ts = maydanoz::clock::now().as_millis() / 1000;
    let body = crate::helpers::text_delivery(phone, "Ayşe", "wamid.W1", "canlı destek", ts);
    assert_eq!(app.post_webhook(&body).await.status(), 200);
    app.wait_count("SELECT COUNT(*) FROM handoffs", 1).await;
    let get = || {
        app.http
            .get(app.url("/kds/v1/waiting"))
            .bearer_auth(TOKEN)
            .send()
    };
    let list: Vec<maydanoz::kds::Waiting> = get().await.expect("get").json().await.expect("json");
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(
        (list[0].phone.as_str(), list[0].reason.as_str()),
        (phone, "asked")
    );
    assert_eq!(
        list[0].last.last().map(|s| s.text.as_str()),
        Some("canlı destek")
    );
    let done = |p: &str| {
        app.http
            .post(app.url(&format!("/kds/v1/waiting/{p}/done")))
            .bearer_auth(TOKEN)
            .json(&serde_json::json!({}))
            .send()
    };
    assert_eq!(done(phone).await.expect("post").status(), 204);
    let list: Vec<maydanoz::kds::Waiting> = get().await.expect("get").json().await.expect("json");
    assert!(list.is_empty(), "{list:?}");
    assert_eq!(done(phone).await.expect("post").status(), 404);
}

async fn the_board_api_over_http(backend: Backend) {
    let app = app(backend).await;
    every_route_needs_a_valid_token(&app).await;
    the_stream_resumes_without_repeats_or_gaps(&app).await;
    a_remote_board_sees_who_waits_for_a_person_and_hands_back(&app).await;
    app.stop().await;
}

crate::on_both_backends!(app: the_board_api_over_http);
