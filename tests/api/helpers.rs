#![allow(dead_code)]

use std::sync::Arc;

use maydanoz::config::Config;
use maydanoz::events::Bus;
use maydanoz::fakegraph::{FakeGraph, FakeGraphConfig};
use maydanoz::store::Db;
use maydanoz::whatsapp::signature;
use tokio_util::sync::CancellationToken;

use crate::common::TestDb;

pub const APP_SECRET: &str = "test_app_secret_0123456789abcdef";
pub const VERIFY_TOKEN: &str = "my-verify-token";
pub const ACCESS_TOKEN: &str = "test-access-token";
pub const PHONE_NUMBER_ID: &str = "106000000000001";

pub struct TestApp {
    pub addr: std::net::SocketAddr,
    pub db: Db,
    pub bus: Bus,
    pub fake: FakeGraph,
    pub http: reqwest::Client,
    pub shutdown: CancellationToken,
    pub tasks: Vec<(&'static str, tokio::task::JoinHandle<()>)>,
    testdb: Option<TestDb>,
}

pub enum Backend {
    Sqlite,
    Postgres,
}

pub fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/whatsapp/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture")
}

pub fn test_config(db_url: &str, graph_base: &str) -> Config {
    test_config_with(db_url, graph_base, &[])
}

/// [`test_config`] with more `MAYDANOZ_*` settings (opening hours, for instance).
pub fn test_config_with(db_url: &str, graph_base: &str, extra: &[(String, String)]) -> Config {
    let mut env = vec![
        ("MAYDANOZ_DATABASE__URL".to_string(), db_url.to_string()),
        (
            "MAYDANOZ_WHATSAPP__APP_SECRET".to_string(),
            APP_SECRET.to_string(),
        ),
        (
            "MAYDANOZ_WHATSAPP__VERIFY_TOKEN".to_string(),
            VERIFY_TOKEN.to_string(),
        ),
        (
            "MAYDANOZ_WHATSAPP__ACCESS_TOKEN".to_string(),
            ACCESS_TOKEN.to_string(),
        ),
        (
            "MAYDANOZ_WHATSAPP__PHONE_NUMBER_ID".to_string(),
            PHONE_NUMBER_ID.to_string(),
        ),
        (
            "MAYDANOZ_WHATSAPP__API_BASE_URL".to_string(),
            graph_base.to_string(),
        ),
        // fixtures are from 2026-05; do not treat them as stale replays
        (
            "MAYDANOZ_WHATSAPP__STALE_AFTER_MINUTES".to_string(),
            "100000000".to_string(),
        ),
        // fast retries keep failure-injection tests short
        (
            "MAYDANOZ_WHATSAPP__RETRY_FIRST_MS".to_string(),
            "50".to_string(),
        ),
    ];
    env.extend(extra.iter().cloned());
    let no_file = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/config.toml"));
    let cfg = Config::load(Some(no_file), &env, &[]).expect("config");
    cfg.validate().expect("valid");
    cfg
}

/// Start the whole server (webhook, workers) against a fresh database and a fake Graph API.
pub async fn spawn_app_with(backend: Backend, fake_cfg: FakeGraphConfig) -> Option<TestApp> {
    if std::env::var("TEST_LOG").is_ok() {
        let _ = tracing_subscriber::fmt()
            .with_env_filter("maydanoz=debug")
            .with_test_writer()
            .try_init();
    }
    let testdb = match backend {
        Backend::Sqlite => TestDb::sqlite().await,
        Backend::Postgres => TestDb::postgres().await?,
    };
    Some(spawn_on(testdb, fake_cfg).await)
}

/// [`spawn_app_with`] on a fresh database with more `MAYDANOZ_*` settings.
pub async fn spawn_app_env(backend: Backend, extra: &[(String, String)]) -> Option<TestApp> {
    let testdb = match backend {
        Backend::Sqlite => TestDb::sqlite().await,
        Backend::Postgres => TestDb::postgres().await?,
    };
    Some(spawn_on_with(testdb, FakeGraphConfig::default(), extra, |_| {}).await)
}

/// Start the server on an existing test database (a restart, for instance).
pub async fn spawn_on(testdb: TestDb, fake_cfg: FakeGraphConfig) -> TestApp {
    spawn_on_with(testdb, fake_cfg, &[], |_| {}).await
}

/// Start the whole server with the test configuration changed by `adjust` first
/// (a `[delivery]` or `[payment]` section, for instance).
pub async fn spawn_configured(
    backend: Backend,
    adjust: impl FnOnce(&mut Config),
) -> Option<TestApp> {
    let testdb = match backend {
        Backend::Sqlite => TestDb::sqlite().await,
        Backend::Postgres => TestDb::postgres().await?,
    };
    Some(spawn_on_with(testdb, FakeGraphConfig::default(), &[], adjust).await)
}

/// [`spawn_on`] with more `MAYDANOZ_*` settings, then `adjust` on the result.
pub async fn spawn_on_with(
    testdb: TestDb,
    fake_cfg: FakeGraphConfig,
    extra: &[(String, String)],
    adjust: impl FnOnce(&mut Config),
) -> TestApp {
    let fake = FakeGraph::start(FakeGraphConfig {
        access_token: ACCESS_TOKEN.into(),
        phone_number_id: PHONE_NUMBER_ID.into(),
        ..fake_cfg
    })
    .await
    .expect("fake graph");
    let mut cfg = test_config_with(&testdb.url, &fake.base_url(), extra);
    adjust(&mut cfg);
    let cfg = Arc::new(cfg);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let shutdown = CancellationToken::new();
    let bus = Bus::new();
    let running = maydanoz::server::start_all(
        listener,
        cfg,
        testdb.db.clone(),
        bus.clone(),
        None,
        shutdown.clone(),
    )
    .await
    .expect("server starts");
    TestApp {
        addr: running.addr,
        db: testdb.db.clone(),
        bus,
        fake,
        http: reqwest::Client::new(),
        shutdown,
        tasks: running.tasks,
        testdb: Some(testdb),
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(Backend::Sqlite, FakeGraphConfig::default())
        .await
        .expect("sqlite app")
}

impl TestApp {
    /// Texts the fake Graph API received for `to`, in order (a text's body or an
    /// interactive message's body text).
    pub fn texts_to(&self, to: &str) -> Vec<String> {
        self.fake
            .received()
            .into_iter()
            .filter(|r| r.to == to)
            .map(|r| {
                let b = &r.body;
                b["text"]["body"]
                    .as_str()
                    .or_else(|| b["interactive"]["body"]["text"].as_str())
                    .unwrap_or_default()
                    .to_string()
            })
            .collect()
    }

    /// [`TestApp::texts_to`] once there are at least `n`, or after 10 s.
    pub async fn texts_after(&self, to: &str, n: usize) -> Vec<String> {
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let t = self.texts_to(to);
            if t.len() >= n || tokio::time::Instant::now() > deadline {
                return t;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }

    pub fn db_url(&self) -> String {
        self.testdb
            .as_ref()
            .map(|t| t.url.clone())
            .unwrap_or_default()
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// POST a body signed with the app secret.
    pub async fn post_webhook(&self, body: &[u8]) -> reqwest::Response {
        self.http
            .post(self.url("/webhook"))
            .header("content-type", "application/json")
            .header(
                "x-hub-signature-256",
                signature::sign(APP_SECRET.as_bytes(), body),
            )
            .body(body.to_vec())
            .send()
            .await
            .expect("post")
    }

    pub async fn post_unsigned(&self, body: &[u8], sig: Option<&str>) -> reqwest::Response {
        let mut r = self
            .http
            .post(self.url("/webhook"))
            .header("content-type", "application/json")
            .body(body.to_vec());
        if let Some(s) = sig {
            r = r.header("x-hub-signature-256", s);
        }
        r.send().await.expect("post")
    }

    pub async fn count(&self, sql: &'static str) -> i64 {
        self.db
            .read()
            .await
            .expect("read")
            .exec()
            .scalar(sql, vec![])
            .await
            .expect("count")
    }

    /// Wait until `sql` counts at least `n` (the workers are asynchronous).
    pub async fn wait_count(&self, sql: &'static str, n: i64) -> i64 {
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let c = self.count(sql).await;
            if c >= n || tokio::time::Instant::now() > deadline {
                return c;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }

    pub async fn stop(mut self) {
        if let Some(t) = self.halt().await {
            t.cleanup().await;
        }
    }

    /// Stop the server but keep its database, to start another on it.
    pub async fn halt(&mut self) -> Option<TestDb> {
        self.shutdown.cancel();
        for (_, t) in self.tasks.drain(..) {
            let _ = tokio::time::timeout(std::time::Duration::from_secs(10), t).await;
        }
        self.testdb.take()
    }
}

/// A text message delivery from `from` with a given id, signed by the caller.
pub fn text_delivery(from: &str, name: &str, id: &str, body: &str, ts: i64) -> Vec<u8> {
    serde_json::json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": "102000000000001", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "902125550100", "phone_number_id": PHONE_NUMBER_ID},
            "contacts": [{"profile": {"name": name}, "wa_id": from}],
            "messages": [{"from": from, "id": id, "timestamp": ts.to_string(), "type": "text", "text": {"body": body}}]
        }}]}]
    })
    .to_string()
    .into_bytes()
}
