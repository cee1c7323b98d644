//! `/kds/v1/…` answers a board's mistakes as the board's: an unknown order or
//! product is 404 (not 500 with an ERROR in the log), and the `Bearer` scheme
//! is read without regard to case. On SQLite and PostgreSQL.

use crate::helpers::{Backend, TestApp};

const TOKEN: &str = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";

async fn app(backend: Backend) -> TestApp {
    let app = TestApp::builder().backend(backend).spawn().await;
    app.grant_board("bar", TOKEN).await;
    app
}

async fn unknown_rows_are_404(app: &TestApp) {
    for (path, body) in [
        ("/kds/v1/orders/999/print", serde_json::json!({})),
        (
            "/kds/v1/products/999999/available",
            serde_json::json!({"available": false}),
        ),
    ] {
        let r = app
            .http
            .post(app.url(path))
            .bearer_auth(TOKEN)
            .json(&body)
            .send()
            .await
            .expect("post");
        assert_eq!(r.status(), 404, "{path}");
        let b: serde_json::Value = r.json().await.expect("json");
        assert!(
            b["error"].as_str().is_some_and(|e| e.starts_with("no ")),
            "{b}"
        );
    }
    // a known product still works
    let r = app
        .http
        .get(app.url("/kds/v1/products"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .expect("get");
    assert_eq!(r.status(), 200);
}

async fn the_scheme_is_case_insensitive(app: &TestApp) {
    for scheme in ["Bearer", "bearer", "BEARER", "bEaReR"] {
        let r = app
            .http
            .get(app.url("/kds/v1/health"))
            .header("Authorization", format!("{scheme} {TOKEN}"))
            .send()
            .await
            .expect("get");
        assert_eq!(r.status(), 200, "{scheme}");
    }
    for wrong in [
        format!("Bearer{TOKEN}"),
        format!("Basic {TOKEN}"),
        format!("bearer x{TOKEN}"),
    ] {
        let r = app
            .http
            .get(app.url("/kds/v1/health"))
            .header("Authorization", wrong.clone())
            .send()
            .await
            .expect("get");
        assert_eq!(r.status(), 401, "{wrong}");
    }
}

async fn answers_refuse_unknown_rows_and_take_any_scheme_case(backend: Backend) {
    let app = app(backend).await;
    unknown_rows_are_404(&app).await;
    the_scheme_is_case_insensitive(&app).await;
    app.stop().await;
}

crate::on_both_backends!(app: answers_refuse_unknown_rows_and_take_any_scheme_case);
