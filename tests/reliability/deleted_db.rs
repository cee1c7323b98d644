//! The SQLite database deleted while the server runs. It went unnoticed,
//! and a restart silently created an empty database. Now the running server reports it
//! (log and `/healthz`), and `serve` refuses a missing database whose WAL or lock file is
//! still there (exit 2) unless given `--create`.

use std::time::{Duration, Instant};

use maydanoz::fakegraph::FakeGraphConfig;

use crate::child::{BIN, Server, free_port};
use crate::helpers::{APP_SECRET, fake_graph};

fn serve(url: &str, port: u16, dir: &std::path::Path, create: bool) -> tokio::process::Command {
    let mut cmd = tokio::process::Command::new(BIN);
    cmd.args(["--database-url", url, "serve", "--headless"]);
    if create {
        cmd.arg("--create");
    }
    cmd.env_remove("MAYDANOZ_CONFIG")
        .env("MAYDANOZ_SERVER__BIND", format!("127.0.0.1:{port}"))
        .env("MAYDANOZ_WHATSAPP__APP_SECRET", APP_SECRET)
        .env("MAYDANOZ_WHATSAPP__VERIFY_TOKEN", "v")
        .env("MAYDANOZ_WHATSAPP__ACCESS_TOKEN", "t")
        .env("MAYDANOZ_WHATSAPP__PHONE_NUMBER_ID", "1")
        .current_dir(dir)
        .stdin(std::process::Stdio::null())
        .kill_on_drop(true);
    cmd
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deleted_database_is_reported_and_not_silently_recreated() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("shop.db");
    let url = format!("sqlite://{}", db.display());
    let graph = fake_graph(FakeGraphConfig::default()).await;
    let server = Server::start(&url, &graph.base_url(), &[]).await;
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    let t = Instant::now();
    let http = reqwest::Client::new();
    let report = crate::common::app::eventually(Duration::from_secs(10), || async {
        let r = http.get(server.url("/healthz")).send().await.expect("get");
        let status = r.status();
        let body = r.json::<serde_json::Value>().await.expect("json");
        (status == 503).then_some(body)
    })
    .await
    .unwrap_or_else(|| panic!("never noticed: {}", server.log_tail(2_000)));
    let noticed = t.elapsed();
    assert!(
        report["error"]
            .as_str()
            .is_some_and(|e| e.contains("deleted")),
        "{report}"
    );
    assert!(server.log().contains("was deleted"), "said in the log");
    server.stop().await;

    // a restart on the missing file: refused, the lock file left behind says why
    let out = tokio::time::timeout(
        Duration::from_secs(20),
        serve(&url, free_port(), dir.path(), false).output(),
    )
    .await
    .expect("exits")
    .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--create"), "{stderr}");
    assert!(!db.exists(), "no empty database created");

    // --create: a new, empty database, on purpose
    let port = free_port();
    let mut child = serve(&url, port, dir.path(), true).spawn().expect("spawn");
    crate::common::app::eventually(Duration::from_secs(30), || async {
        let r = http
            .get(format!("http://127.0.0.1:{port}/healthz"))
            .send()
            .await;
        r.is_ok_and(|r| r.status() == 200).then_some(())
    })
    .await
    .expect("--create did not start");
    let _ = child.start_kill();
    let _ = child.wait().await;
    println!(
        "» database deleted while running: /healthz degraded after {:.1} s (checked every 2 s), \
         logged; restart refused with exit 2 (\"--create\"), --create starts an empty one",
        noticed.as_secs_f64()
    );
}
