//! Pausing through the real binary and the real server: a customer's first
//! message while paused is told so (with the reason) and the cart is kept;
//! `maydanoz resume` tells that customer, once, through the outbox and the
//! fake Graph API, that orders are taken again; a second resume tells nobody.

use std::time::Duration;

use maydanoz::store::menu;

use crate::helpers::{Backend, TestApp, spawn_app_with, text_delivery};

const AYSE: &str = "905551112233";

async fn say(app: &TestApp, id: &str, body: &str) {
    let now_s = maydanoz::clock::now_ms() / 1000;
    let r = app
        .post_webhook(&text_delivery(AYSE, "Ayşe Yılmaz", id, body, now_s))
        .await;
    assert_eq!(r.status(), 200);
}

async fn stock(app: &TestApp) {
    let src = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/menu.sample.toml"))
        .expect("menu");
    let parsed = maydanoz::domain::menu_file::parse(&src, "menu.sample.toml").expect("parse");
    let mut tx = app.db.begin().await.expect("begin");
    menu::import(&mut tx.exec(), &parsed).await.expect("import");
    tx.commit().await.expect("commit");
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
    let Some(app) = spawn_app_with(backend, Default::default()).await else {
        return;
    };
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
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(app.texts_to(AYSE).len(), 3);
    // the cart was kept: the checkout goes on
    say(&app, "wamid.Z3", "sipariş ver").await;
    let told = app.texts_after(AYSE, 4).await;
    assert!(
        told.get(3).is_some_and(|t| !t.contains("alamıyoruz")),
        "{told:?}"
    );
    app.stop().await;
}

#[tokio::test]
async fn pause_told_then_resume_tells_once_sqlite() {
    pause_told_then_resume_tells_once(Backend::Sqlite).await;
}

#[tokio::test]
async fn pause_told_then_resume_tells_once_postgres() {
    pause_told_then_resume_tells_once(Backend::Postgres).await;
}
