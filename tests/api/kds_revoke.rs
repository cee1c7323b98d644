//! A revoked display token ends the live board: a stream opened before `kds token revoke`
//! went on delivering every order (names, phones, addresses) for as long as it stayed
//! open. The token is checked before every event and every 2 s while idle, so the stream
//! ends within 5 s of the revoke and carries no board made after it. On both backends.

use std::time::{Duration, Instant};

use maydanoz::store::kds_tokens;

use crate::helpers::{Backend, TestApp};
use crate::kds_v1::next_event;

const TOKEN: &str = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";

async fn place(app: &TestApp, phone: &str) {
    let o = crate::common::new_order(phone, vec![crate::common::item("Ayran", 1, 2500)], 2500);
    crate::common::place_on_board(
        &app.db,
        &o,
        "Gizli",
        maydanoz::domain::time::At::from_millis(1),
    )
    .await;
}

async fn revoke(app: &TestApp) {
    let mut tx = app.db.begin().await.expect("tx");
    assert!(
        kds_tokens::revoke(&mut tx.exec(), "pi")
            .await
            .expect("revoke")
    );
    tx.commit().await.expect("commit");
}

async fn open(app: &TestApp) -> reqwest::Response {
    let r = app
        .http
        .get(app.url("/kds/v1/events"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .expect("stream");
    assert_eq!(r.status(), 200);
    r
}

/// Read until the stream ends: `Ok(elapsed)`, or `Err` with what came instead.
async fn until_end(r: &mut reqwest::Response, within: Duration) -> Result<Duration, String> {
    let t = Instant::now();
    loop {
        let left = within
            .checked_sub(t.elapsed())
            .ok_or_else(|| format!("still open after {within:?}"))?;
        match tokio::time::timeout(left, r.chunk()).await {
            Err(_) => return Err(format!("still open after {within:?}")),
            Ok(Err(e)) => return Err(format!("read: {e}")),
            Ok(Ok(None)) => return Ok(t.elapsed()),
            Ok(Ok(Some(c))) => {
                let text = String::from_utf8_lossy(&c);
                if text.contains("event: board") {
                    return Err(format!("a board after the revoke: {text}"));
                }
            }
        }
    }
}

async fn a_revoked_token_ends_its_streams(backend: Backend) {
    let app = TestApp::builder().backend(backend).spawn().await;
    app.grant_board("pi", TOKEN).await;

    // a busy stream: an order after the revoke must not reach it
    let mut busy = open(&app).await;
    next_event(&mut busy, Duration::from_secs(5))
        .await
        .expect("the first board");
    // an idle stream: nothing changes after the revoke
    let mut idle = open(&app).await;
    next_event(&mut idle, Duration::from_secs(5))
        .await
        .expect("the first board");
    revoke(&app).await;
    place(&app, "905551239901").await;
    let busy_end = until_end(&mut busy, Duration::from_secs(5)).await;
    let idle_end = until_end(&mut idle, Duration::from_secs(5)).await;
    assert!(busy_end.is_ok(), "busy stream: {busy_end:?}");
    assert!(idle_end.is_ok(), "idle stream: {idle_end:?}");
    // and the reconnect is refused
    let again = app
        .http
        .get(app.url("/kds/v1/events"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .expect("reconnect");
    assert_eq!(again.status(), 401);
    println!("» revoked token: busy stream ended in {busy_end:?}, idle one in {idle_end:?}");
    app.stop().await;
}

crate::on_both_backends!(app: a_revoked_token_ends_its_streams);
