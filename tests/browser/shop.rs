//! The real binary, `maydanoz serve --headless`, on a test database and a
//! fake Graph API that outlive it, so a test can kill the server (SIGKILL:
//! every connection drops) and start it again on the same address and data.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use maydanoz::fakegraph::{FakeGraph, FakeGraphConfig};
use maydanoz::sim::{Customer, Feed, Wire};
use maydanoz::store::{Db, kds_tokens};
use maydanoz::testing::FakeGraphControls as _;

use crate::common::TestDb;
use crate::helpers::{APP_SECRET, PHONE_NUMBER_ID};

pub const TOKEN: &str = "b0a4d0b0a4d0b0a4d0b0a4d0b0a4d0b0a4d0b0a4d0b0a4d0b0a4d0b0a4d0b0a4";

pub struct Shop {
    pub addr: SocketAddr,
    pub db: Db,
    pub fake: FakeGraph,
    testdb: Option<TestDb>,
    serve: Option<Child>,
    log: PathBuf,
}

impl Shop {
    /// A fresh database with `menu_toml` and the display token `tablet`, and
    /// `maydanoz serve --headless` on it.
    pub async fn open(testdb: TestDb, menu_toml: &str) -> Shop {
        let fake = crate::common::app::fake_graph(FakeGraphConfig::default()).await;
        crate::common::fixtures::import_menu(&testdb.db, menu_toml).await;
        let mut tx = testdb.db.begin().await.expect("tx");
        kds_tokens::create(
            &mut tx.exec(),
            "tablet",
            TOKEN,
            maydanoz::domain::time::At::from_millis(1),
        )
        .await
        .expect("token");
        tx.commit().await.expect("commit");
        let addr = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port");
        let log = std::env::temp_dir().join(format!("maydanoz-board-{}.log", addr.port()));
        let mut shop = Shop {
            addr,
            db: testdb.db.clone(),
            fake,
            testdb: Some(testdb),
            serve: None,
            log,
        };
        shop.start().await;
        shop
    }

    /// `maydanoz serve --headless` on this shop's address and database, with the
    /// test configuration; returns once it answers.
    async fn start(&mut self) {
        let url = self.testdb.as_ref().expect("database").url.clone();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_maydanoz"));
        for (k, _) in std::env::vars() {
            if k.starts_with("MAYDANOZ_") {
                cmd.env_remove(k);
            }
        }
        let fast = crate::common::app::FAST_RETRIES;
        cmd.envs(crate::common::app::server_env(&self.fake.base_url()))
            .env(fast.0, fast.1)
            // the page repeats the chime every second (the shortest it allows)
            .env("MAYDANOZ_KDS__CHIME_REPEAT_SECONDS", "1")
            .env("MAYDANOZ_LOG__FILE", &self.log)
            .args([
                "--config",
                concat!(env!("CARGO_MANIFEST_DIR"), "/config.toml"),
            ])
            .args(["--database-url", &url, "serve", "--headless", "--bind"])
            .arg(self.addr.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        self.serve = Some(cmd.spawn().expect("start maydanoz serve"));
        let http = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(r) = http.get(self.url("/board")).send().await
                && r.status().is_success()
            {
                return;
            }
            if let Some(Ok(Some(status))) = self.serve.as_mut().map(Child::try_wait) {
                panic!(
                    "serve exited with {status}: {}",
                    std::fs::read_to_string(&self.log).unwrap_or_default()
                );
            }
            assert!(Instant::now() < deadline, "serve did not answer in 20 s");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// SIGKILL the server: its connections drop; the database and fake stay.
    pub fn kill(&mut self) {
        if let Some(mut c) = self.serve.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Start it again on the same address and database.
    pub async fn restart(&mut self) {
        self.kill();
        self.start().await;
    }

    pub async fn stop(mut self) {
        self.kill();
        if let Some(t) = self.testdb.take() {
            t.cleanup().await;
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Texts the fake Graph API got for `to`.
    pub fn texts_to(&self, to: &str) -> usize {
        self.fake.received().iter().filter(|r| r.to == to).count()
    }

    /// Exactly `n` texts for `to`: waits up to 10 s for them, then 0.5 s more
    /// to see that no further one follows.
    pub async fn told(&self, to: &str, n: usize) {
        crate::common::app::eventually(Duration::from_secs(10), || async {
            (self.texts_to(to) >= n).then_some(())
        })
        .await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert_eq!(self.texts_to(to), n, "texts to {to}");
    }

    pub fn customer(&self, phone: &str, name: &str) -> Customer {
        let wire = Wire::new(
            self.url("/webhook"),
            APP_SECRET.as_bytes().to_vec(),
            Feed::Local(self.fake.view()),
            PHONE_NUMBER_ID.into(),
        );
        Customer::new(wire, phone, name)
    }

    /// `sql` (with `$1` = `n`) counts 1 within 5 s (the page's writes are asynchronous).
    pub async fn until_one(&self, sql: &'static str, n: i64) {
        crate::common::app::eventually(Duration::from_secs(5), || async {
            (self.scalar(sql, n).await == 1).then_some(())
        })
        .await
        .unwrap_or_else(|| panic!("never 1: {sql} with {n}"));
    }

    /// Wait until the server has sent every queued row. A change queues its
    /// messages in the transaction that makes it, so once a test has seen the
    /// change in the database, anything it would tell is then at the fake.
    pub async fn drained(&self) {
        crate::common::app::eventually(Duration::from_secs(10), || async {
            let pending = crate::common::count(
                &self.db,
                "SELECT COUNT(*) FROM outbox WHERE state = 'pending'",
            )
            .await;
            (pending == 0).then_some(())
        })
        .await
        .expect("the outbox drains");
    }

    /// One number from the database (`$1` is `n`).
    pub async fn scalar(&self, sql: &'static str, n: i64) -> i64 {
        self.db
            .read()
            .await
            .expect("read")
            .exec()
            .scalar(sql, maydanoz::args![n])
            .await
            .expect("scalar")
    }
}

impl Drop for Shop {
    fn drop(&mut self) {
        self.kill();
    }
}
