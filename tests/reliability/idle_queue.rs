//! A stale lock file the service user cannot open made `serve` answer
//! webhooks and silently never work the queue ("cannot take the queue lease" every 2 s,
//! `/healthz` ok). Now `serve` refuses to start (exit 1, the path and the fix), and
//! `/healthz` says degraded whenever messages wait and no process works them.

use std::time::{Duration, Instant};

use maydanoz::fakegraph::FakeGraphConfig;

use crate::child::{BIN, Server};
use crate::common::app::eventually;
use crate::helpers::{delivery, fake_graph, post_signed, text_message};

/// As root a chmod does not stop us, so the lock path is made unopenable for anyone: a
/// directory stands where the lock file should be.
#[tokio::test]
async fn a_lock_file_that_cannot_be_opened_stops_serve_at_start() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("shop.db");
    let url = format!("sqlite://{}", db.display());
    // the database exists (the service ran before, say as root)
    maydanoz::store::Db::connect(&url)
        .await
        .expect("create")
        .close()
        .await;
    let lock = maydanoz::store::lease::lock_path(&url).expect("lock path");
    std::fs::create_dir(&lock).expect("a directory at the lock path");
    let t = Instant::now();
    let out = tokio::process::Command::new(BIN)
        .args(["--database-url", &url, "serve", "--headless"])
        .env_remove("MAYDANOZ_CONFIG")
        .env("MAYDANOZ_SERVER__BIND", "127.0.0.1:0")
        .env("MAYDANOZ_WHATSAPP__APP_SECRET", crate::helpers::APP_SECRET)
        .env("MAYDANOZ_WHATSAPP__VERIFY_TOKEN", "v")
        .env("MAYDANOZ_WHATSAPP__ACCESS_TOKEN", "t")
        .env("MAYDANOZ_WHATSAPP__PHONE_NUMBER_ID", "1")
        .current_dir(dir.path())
        .kill_on_drop(true)
        .output();
    let out = tokio::time::timeout(Duration::from_secs(20), out)
        .await
        .expect("serve exits instead of running without a queue worker")
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&lock.display().to_string()) && stderr.contains("chown"),
        "names the file and the fix: {stderr}"
    );
    println!(
        "» unopenable lock file: serve exits 1 in {} ms naming {} and the fix",
        t.elapsed().as_millis(),
        lock.file_name().unwrap_or_default().to_string_lossy()
    );
}

/// The server stands by (another holder — here the test — has the lock) while a message
/// waits: `/healthz` turns degraded after `server.stall_alert_seconds`, and ok again once
/// the lock is free and the server works the queue.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_queue_nobody_works_makes_healthz_degraded() {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = format!("sqlite://{}", dir.path().join("shop.db").display());
    let graph = fake_graph(FakeGraphConfig::default()).await;
    let server = Server::start(
        &url,
        &graph.base_url(),
        &[("MAYDANOZ_SERVER__STALL_ALERT_SECONDS", "2")],
    )
    .await;
    // the server took the lease at start; take it over by starting a holder that outlives it
    server.stop().await;
    let lock = maydanoz::store::lease::lock_path(&url).expect("lock path");
    let holder = std::fs::OpenOptions::new()
        .write(true)
        .open(&lock)
        .expect("lock file");
    holder.try_lock().expect("the test holds the lease");
    let server = Server::start(
        &url,
        &graph.base_url(),
        &[("MAYDANOZ_SERVER__STALL_ALERT_SECONDS", "2")],
    )
    .await;
    let http = reqwest::Client::new();
    let body = delivery(
        "905550004001",
        "Bekleyen",
        vec![text_message("905550004001", "wamid.idle.1", "merhaba")],
    );
    assert_eq!(
        post_signed(&http, &server.url("/webhook"), &body).await,
        200
    );
    let t = Instant::now();
    let report = eventually(Duration::from_secs(10), || async {
        let r = http.get(server.url("/healthz")).send().await.expect("get");
        if r.status() != 503 {
            return None;
        }
        Some(r.json::<serde_json::Value>().await.expect("json"))
    })
    .await
    .expect("never degraded");
    let degraded = t.elapsed();
    assert!(
        report["error"]
            .as_str()
            .is_some_and(|e| e.contains("no process works the inbox")),
        "{report}"
    );
    drop(holder);
    let t = Instant::now();
    eventually(Duration::from_secs(15), || async {
        let r = http.get(server.url("/healthz")).send().await.expect("get");
        (r.status() == 200).then_some(())
    })
    .await
    .expect("never worked again");
    println!(
        "» a queue nobody works: /healthz degraded {:.1} s after the message arrived \
         (stall_alert_seconds = 2), ok {:.1} s after the lock was freed",
        degraded.as_secs_f64(),
        t.elapsed().as_secs_f64()
    );
    server.stop().await;
}
