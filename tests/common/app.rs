//! The one way a test starts the whole server in-process: `TestApp::builder()`
//! with the backend, extra `MAYDANOZ_*` settings, changes to the loaded config
//! and the fake Graph API's behaviour, then `.spawn()`. The app listens on
//! 127.0.0.1:0, stores in a fresh SQLite file or PostgreSQL database (or one a
//! test kept from an earlier app, to restart on it) and sends to a local fake
//! Graph API. Also here: [`eventually`], the one poll-until helper.
#![allow(dead_code)]

use std::sync::Arc;
use std::time::Duration;

use maydanoz::config::Config;
use maydanoz::events::Bus;
use maydanoz::fakegraph::{FakeGraph, FakeGraphConfig};
use maydanoz::store::Db;
use maydanoz::testing::FakeGraphControls as _;
use maydanoz::whatsapp::signature;
use tokio_util::sync::CancellationToken;

use super::TestDb;

pub const APP_SECRET: &str = "test_app_secret_0123456789abcdef";
pub const VERIFY_TOKEN: &str = "my-verify-token";
pub const ACCESS_TOKEN: &str = "test-access-token";
pub const PHONE_NUMBER_ID: &str = "106000000000001";

/// How long a test waits for the asynchronous workers before it gives up.
pub const PATIENCE: Duration = Duration::from_secs(10);

/// Ask `probe` every 20 ms until it answers `Some`, or `within` passes (`None`).
/// A test that needs what it last saw reads it again after a `None`.
pub async fn eventually<T, F, Fut>(within: Duration, mut probe: F) -> Option<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + within;
    loop {
        if let Some(v) = probe().await {
            return Some(v);
        }
        if tokio::time::Instant::now() >= deadline {
            return None;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Where an app stores its data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        }
    }

    /// Run `scenario` on this backend (what `on_both_backends!(app: …)` does
    /// for each half).
    pub async fn run(self, scenario: impl AsyncFnOnce(Backend)) {
        scenario(self).await;
    }

    /// A fresh database, for a half that `on_both_backends!(app: …)` runs (so a
    /// PostgreSQL one is configured).
    pub async fn db(self) -> TestDb {
        self.fresh().await.expect(
            "MAYDANOZ_TEST_POSTGRES_URL is not set: run this through on_both_backends!(app: …)",
        )
    }

    /// A fresh database; `None` for PostgreSQL when none is configured.
    pub async fn fresh(self) -> Option<TestDb> {
        match self {
            Backend::Sqlite => Some(TestDb::sqlite().await),
            Backend::Postgres => TestDb::postgres().await,
        }
    }
}

/// A fake Graph API on 127.0.0.1 speaking for our business number (whatever
/// token and number `cfg` names), behaving otherwise as `cfg` says.
pub async fn fake_graph(cfg: FakeGraphConfig) -> FakeGraph {
    FakeGraph::start(FakeGraphConfig {
        access_token: ACCESS_TOKEN.into(),
        phone_number_id: PHONE_NUMBER_ID.into(),
        ..cfg
    })
    .await
    .expect("fake graph starts")
}

impl std::fmt::Display for Backend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// What every test server is told, in-process or a child `maydanoz serve`: our
/// secrets and number, the fake Graph API at `graph_base`, and no stale replays.
pub fn server_env(graph_base: &str) -> Vec<(String, String)> {
    [
        ("MAYDANOZ_WHATSAPP__APP_SECRET", APP_SECRET),
        ("MAYDANOZ_WHATSAPP__VERIFY_TOKEN", VERIFY_TOKEN),
        ("MAYDANOZ_WHATSAPP__ACCESS_TOKEN", ACCESS_TOKEN),
        ("MAYDANOZ_WHATSAPP__PHONE_NUMBER_ID", PHONE_NUMBER_ID),
        ("MAYDANOZ_WHATSAPP__API_BASE_URL", graph_base),
        // fixtures are from 2026-05; do not treat them as stale replays
        ("MAYDANOZ_WHATSAPP__STALE_AFTER_MINUTES", "100000000"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

/// Fast retries keep failure-injection tests short (the reliability suite keeps
/// the shipped backoff).
pub const FAST_RETRIES: (&str, &str) = ("MAYDANOZ_WHATSAPP__RETRY_FIRST_MS", "50");

/// The configuration every test app runs with: [`server_env`], the database,
/// [`FAST_RETRIES`]; then `extra` `MAYDANOZ_*` settings on top. The
/// repository's config.toml is not read.
pub fn test_config(db_url: &str, graph_base: &str, extra: &[(String, String)]) -> Config {
    let mut env = vec![("MAYDANOZ_DATABASE__URL".to_string(), db_url.to_string())];
    env.extend(server_env(graph_base));
    env.push((FAST_RETRIES.0.to_string(), FAST_RETRIES.1.to_string()));
    env.extend(extra.iter().cloned());
    let no_file = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/config.toml"));
    let cfg = Config::load(Some(no_file), &env, &[]).expect("config");
    cfg.validate().expect("valid");
    cfg
}

type Adjust = Box<dyn FnOnce(&mut Config) + Send>;

/// What [`TestApp::builder`] collects before [`TestAppBuilder::spawn`].
pub struct TestAppBuilder {
    backend: Backend,
    database: Option<TestDb>,
    env: Vec<(String, String)>,
    config: Vec<Adjust>,
    graph: FakeGraphConfig,
    timing: maydanoz::queue::Timing,
}

impl TestAppBuilder {
    /// SQLite (the default) or PostgreSQL. A PostgreSQL app needs
    /// `MAYDANOZ_TEST_POSTGRES_URL`: run it through `on_both_backends!(app: …)`,
    /// which skips the half when none is configured.
    pub fn backend(mut self, backend: Backend) -> Self {
        self.backend = backend;
        self
    }

    /// Start on a database an earlier app left (see [`TestApp::halt`]): a restart.
    pub fn database(mut self, db: TestDb) -> Self {
        self.database = Some(db);
        self
    }

    /// One more `MAYDANOZ_*` setting, as the environment would give it.
    pub fn env(mut self, key: &str, value: impl Into<String>) -> Self {
        self.env.push((key.to_string(), value.into()));
        self
    }

    /// More `MAYDANOZ_*` settings.
    pub fn envs(mut self, pairs: &[(String, String)]) -> Self {
        self.env.extend(pairs.iter().cloned());
        self
    }

    /// Change the loaded configuration (a `[delivery]` section, for instance).
    pub fn config(mut self, adjust: impl FnOnce(&mut Config) + Send + 'static) -> Self {
        self.config.push(Box::new(adjust));
        self
    }

    /// How the fake Graph API behaves (failures, slowness); its token and number
    /// are always ours.
    pub fn graph(mut self, graph: FakeGraphConfig) -> Self {
        self.graph = graph;
        self
    }

    /// The queue tasks' timing (probes, scans, polls, pauses): short ones let a
    /// test see a probe or a poll happen instead of sleeping through the shipped one.
    pub fn timing(mut self, timing: maydanoz::queue::Timing) -> Self {
        self.timing = timing;
        self
    }

    /// Start the whole server (webhook, workers) and return once it listens.
    pub async fn spawn(self) -> TestApp {
        if std::env::var("TEST_LOG").is_ok() {
            let _ = tracing_subscriber::fmt()
                .with_env_filter("maydanoz=debug")
                .with_test_writer()
                .try_init();
        }
        let testdb = match self.database {
            Some(db) => db,
            None => self.backend.fresh().await.expect(
                "MAYDANOZ_TEST_POSTGRES_URL is not set: run PostgreSQL apps through on_both_backends!(app: …)",
            ),
        };
        let fake = fake_graph(self.graph).await;
        let mut cfg = test_config(&testdb.url, &fake.base_url(), &self.env);
        for adjust in self.config {
            adjust(&mut cfg);
        }
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let shutdown = CancellationToken::new();
        let bus = Bus::new();
        let running = maydanoz::server::start_all(
            listener,
            Arc::new(cfg),
            testdb.db.clone(),
            bus.clone(),
            None,
            shutdown.clone(),
            self.timing,
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
}

/// A running server with its database, event bus and fake Graph API.
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

impl TestApp {
    /// A SQLite app with the test configuration and a well-behaved fake Graph
    /// API until a builder method says otherwise.
    pub fn builder() -> TestAppBuilder {
        TestAppBuilder {
            backend: Backend::Sqlite,
            database: None,
            env: Vec::new(),
            config: Vec::new(),
            graph: FakeGraphConfig::default(),
            timing: maydanoz::queue::Timing::default(),
        }
    }

    /// Let a remote board in: a display token `token` named `name`, as `maydanoz kds-token`
    /// would create it.
    pub async fn grant_board(&self, name: &str, token: &str) {
        let mut tx = self.db.begin().await.expect("tx");
        maydanoz::store::kds_tokens::create(
            &mut tx.exec(),
            name,
            token,
            maydanoz::domain::time::At::from_millis(1),
        )
        .await
        .expect("token");
        tx.commit().await.expect("commit");
    }

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
        eventually(PATIENCE, || async {
            let t = self.texts_to(to);
            (t.len() >= n).then_some(t)
        })
        .await
        .unwrap_or_else(|| self.texts_to(to))
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
        super::count(&self.db, sql).await
    }

    /// Wait until `sql` counts at least `n` (the workers are asynchronous); the
    /// count then, or after 10 s.
    pub async fn wait_count(&self, sql: &'static str, n: i64) -> i64 {
        match eventually(PATIENCE, || async {
            let c = self.count(sql).await;
            (c >= n).then_some(c)
        })
        .await
        {
            Some(c) => c,
            None => self.count(sql).await,
        }
    }

    /// Wait until `sql` counts at most `n` (a queue drains); the count then, or after `within`.
    pub async fn wait_count_down(&self, sql: &'static str, n: i64, within: Duration) -> i64 {
        match eventually(within, || async {
            let c = self.count(sql).await;
            (c <= n).then_some(c)
        })
        .await
        {
            Some(c) => c,
            None => self.count(sql).await,
        }
    }

    /// Wait until the sender has sent every queued row. The worker queues a
    /// message's replies in the transaction that marks it done, so after both,
    /// whatever the app decided to say is at the fake Graph API: a test that
    /// asserts a reply did *not* go out waits for this instead of sleeping.
    pub async fn drain_outbox(&self) {
        let left = self
            .wait_count_down(
                "SELECT COUNT(*) FROM outbox WHERE state = 'pending'",
                0,
                PATIENCE,
            )
            .await;
        assert_eq!(left, 0, "the outbox drains");
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
            let _ = tokio::time::timeout(PATIENCE, t).await;
        }
        self.testdb.take()
    }
}
