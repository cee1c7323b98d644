//! Pausing through the real binary and the real server: a customer's first
//! message while paused is told so (with the reason) and the cart is kept;
//! `maydanoz resume` tells that customer, once, through the outbox and the
//! fake Graph API, that orders are taken again; a second resume tells nobody.

use crate::helpers::{Backend, TestApp, text_delivery};

const AYSE: &str = "905551112233";

async fn say(app: &TestApp, id: &str, body: &str) {
    let now_s = maydanoz::clock::now().as_millis() / 1000;
    let r = app
        .post_webhook(&text_delivery(AYSE, "Ayşe Yılmaz", id, body, now_s))
        .await;
    assert_eq!(r.status(), 200);
}

async fn stock(app: &TestApp) {
    crate::common::fixtures::import_menu(&app.db, crate::common::fixtures::SAMPLE_MENU).await;
}

/// `maydanoz --database-url URL ARGS…`: (exit status, stdout, stderr).
async fn cli(app: &TestApp, args: &[&str]) -> (i32, String, String) {
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_maydanoz"))
        .arg("--database-url")
        .arg(app.db_url())
        .args(args)
        .env_remove("MAYDANOZ_CONFIG")
        .output()
        .await
        .expect("run maydanoz");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

async fn pause_told_then_resume_tells_once(backend: Backend) {
    let app = TestApp::builder().backend(backend).spawn().await;
    stock(&app).await;
    let (code, _, err) = cli(&app, &["pause", "--reason", "Ocak bakımda"]).await;
    assert_eq!(code, 0, "{err}");
    say(&app, "wamid.Z1", "2 tavuk dürüm acısız, 1 küçük ayran").await;
    let told = app.texts_after(AYSE, 1).await;
    assert!(
        told[0].starts_with("⏸") && told[0].contains("Ocak bakımda"),
        "the first message is told the pause: {told:?}"
    );
    say(&app, "wamid.Z2", "1 kola").await;
    let told = app.texts_after(AYSE, 2).await;
    assert_eq!(told.len(), 2, "{told:?}");
    assert!(!told[1].contains("⏸"), "told once: {told:?}");
    let (code, out, err) = cli(&app, &["resume"]).await;
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("1 customer"), "{out}");
    let told = app.texts_after(AYSE, 3).await;
    assert_eq!(told.len(), 3, "{told:?}");
    assert!(told[2].contains("Yeniden sipariş alıyoruz"), "{told:?}");
    // a second resume tells nobody again
    let (code, out, err) = cli(&app, &["resume"]).await;
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("0 customer"), "{out}");
    // the cart was kept: the checkout goes on, and its answer is the next thing
    // Ayşe reads (a customer's texts go out in order, so a second resume notice
    // would come first)
    say(&app, "wamid.Z3", "sipariş ver").await;
    let told = app.texts_after(AYSE, 4).await;
    assert!(
        told.get(3).is_some_and(|t| !t.contains("alamıyoruz")),
        "{told:?}"
    );
    assert!(
        !told[3].contains("Yeniden sipariş alıyoruz"),
        "a second resume tells nobody again: {told:?}"
    );
    app.stop().await;
}

crate::on_both_backends!(app: pause_told_then_resume_tells_once);
