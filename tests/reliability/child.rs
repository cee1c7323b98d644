//! The real binary as a child process: `maydanoz --database-url URL serve --headless`,
//! configured by environment, killed with SIGKILL and started again on the same database
//! and port. Its stderr goes to a log file that the tests read (panics, startup errors).
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

use tokio::process::{Child, Command};

pub const BIN: &str = env!("CARGO_BIN_EXE_maydanoz");

/// A `maydanoz serve` process we own.
pub struct Server {
    pub port: u16,
    db_url: String,
    env: Vec<(String, String)>,
    child: Option<Child>,
    dir: tempfile::TempDir,
    /// Processes started so far.
    pub starts: u32,
    http: reqwest::Client,
}

/// Where the server's log goes; kept after the test when `MAYDANOZ_RELIABILITY_KEEP` is set.
fn log_dir() -> tempfile::TempDir {
    let keep = std::env::var_os("MAYDANOZ_RELIABILITY_KEEP").is_some();
    let dir = tempfile::Builder::new()
        .prefix("mz-rel-")
        .disable_cleanup(keep)
        .tempdir()
        .expect("tempdir");
    if keep {
        eprintln!("server log: {}", dir.path().join("server.log").display());
    }
    dir
}

/// A port nobody listens on right now.
pub fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    l.local_addr().expect("addr").port()
}

impl Server {
    /// Start against `db_url`, sending to the Graph API at `graph_url`, and wait until
    /// `/healthz` answers 200. `extra` environment comes last (it may override ours).
    pub async fn start(db_url: &str, graph_url: &str, extra: &[(&str, &str)]) -> Server {
        let mut env = crate::common::app::server_env(graph_url);
        let level = if std::env::var("TEST_LOG").is_ok() {
            "maydanoz=debug,info"
        } else {
            "warn"
        };
        env.push(("MAYDANOZ_LOG".into(), level.into()));
        env.extend(
            extra
                .iter()
                .map(|(k, v)| ((*k).to_string(), (*v).to_string())),
        );
        let mut s = Server {
            port: free_port(),
            db_url: db_url.to_string(),
            env,
            child: None,
            dir: log_dir(),
            starts: 0,
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(5))
                .build()
                .expect("client"),
        };
        s.spawn();
        if let Err(e) = s.wait_healthy(Duration::from_secs(30)).await {
            panic!("the server did not start: {e}");
        }
        s
    }

    /// The running process's id.
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().and_then(Child::id)
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    pub fn log_path(&self) -> PathBuf {
        self.dir.path().join("server.log")
    }

    /// Start the process (do not wait for it to be ready).
    pub fn spawn(&mut self) {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.log_path())
            .expect("log file");
        let err = log.try_clone().expect("log file");
        let mut cmd = Command::new(BIN);
        cmd.args(["--database-url", &self.db_url, "serve", "--headless"])
            .env_remove("MAYDANOZ_CONFIG")
            .env("MAYDANOZ_SERVER__BIND", format!("127.0.0.1:{}", self.port))
            .envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            // no config.toml of the repository: the built-in defaults
            .current_dir(self.dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::from(log))
            .stderr(Stdio::from(err))
            .kill_on_drop(true);
        self.child = Some(cmd.spawn().expect("spawn maydanoz"));
        self.starts += 1;
    }

    /// Wait for `/healthz` to answer 200; an early exit is an error with the log's tail.
    /// A port taken by someone else meanwhile is replaced by a fresh one.
    pub async fn wait_healthy(&mut self, timeout: Duration) -> Result<Duration, String> {
        let t = Instant::now();
        loop {
            if let Some(status) = self
                .child
                .as_mut()
                .and_then(|c| c.try_wait().ok().flatten())
            {
                let log = self.log_tail(2_000);
                if log.contains("cannot listen") {
                    self.port = free_port();
                    self.spawn();
                    continue;
                }
                return Err(format!("exited with {status}: {log}"));
            }
            if let Ok(r) = self
                .http
                .get(self.url("/healthz"))
                .timeout(Duration::from_secs(2))
                .send()
                .await
                && r.status() == 200
                && self.owns_port()
            {
                return Ok(t.elapsed());
            }
            if t.elapsed() > timeout {
                return Err(format!(
                    "not healthy after {timeout:?}: {}",
                    self.log_tail(2_000)
                ));
            }
            tokio::time::sleep(Duration::from_millis(15)).await;
        }
    }

    /// Is our child the one listening on `port`? Two tests may draw the same free port; the
    /// loser exits ("cannot listen") and is restarted elsewhere, but meanwhile the winner's
    /// `/healthz` answers on that port: without this check a test could talk to another
    /// test's server.
    fn owns_port(&self) -> bool {
        let Some(pid) = self.child.as_ref().and_then(Child::id) else {
            return false;
        };
        let Ok(fds) = std::fs::read_dir(format!("/proc/{pid}/fd")) else {
            return true; // no /proc: cannot tell, trust the answer
        };
        let sockets: std::collections::HashSet<String> = fds
            .filter_map(Result::ok)
            .filter_map(|e| std::fs::read_link(e.path()).ok())
            .filter_map(|l| {
                let l = l.to_string_lossy().into_owned();
                l.strip_prefix("socket:[")
                    .and_then(|r| r.strip_suffix(']'))
                    .map(str::to_string)
            })
            .collect();
        let port = format!("{:04X}", self.port);
        std::fs::read_to_string("/proc/net/tcp")
            .unwrap_or_default()
            .lines()
            .skip(1)
            .any(|l| {
                let f: Vec<&str> = l.split_whitespace().collect();
                f.len() > 9
                    && f[1].ends_with(&format!(":{port}"))
                    && f[3] == "0A"
                    && sockets.contains(f[9])
            })
    }

    /// SIGKILL, and reap it.
    pub async fn kill9(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.start_kill();
            let _ = c.wait().await;
        }
    }

    /// Kill and start again; wait until healthy.
    pub async fn restart(&mut self) -> Duration {
        self.kill9().await;
        self.spawn();
        match self.wait_healthy(Duration::from_secs(30)).await {
            Ok(d) => d,
            Err(e) => panic!("restart failed: {e}"),
        }
    }

    /// Still running (not exited, not killed)?
    pub fn is_running(&mut self) -> bool {
        self.child
            .as_mut()
            .is_some_and(|c| matches!(c.try_wait(), Ok(None)))
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.log_path()).unwrap_or_default()
    }

    pub fn log_tail(&self, chars: usize) -> String {
        let log = self.log();
        let skip = log.chars().count().saturating_sub(chars);
        log.chars().skip(skip).collect()
    }

    /// Lines of the log that report a panic (in any task or thread).
    pub fn panics(&self) -> Vec<String> {
        self.log()
            .lines()
            .filter(|l| l.contains("panicked"))
            .map(str::to_string)
            .collect()
    }

    /// Stop gracefully (SIGTERM) and wait; SIGKILL after 15 s.
    pub async fn stop(mut self) {
        if let Some(mut c) = self.child.take() {
            if let Some(pid) = c.id() {
                let _ = std::process::Command::new("kill")
                    .args(["-TERM", &pid.to_string()])
                    .status();
            }
            if tokio::time::timeout(Duration::from_secs(15), c.wait())
                .await
                .is_err()
            {
                let _ = c.start_kill();
                let _ = c.wait().await;
            }
        }
    }
}

/// Run an admin command of the binary against `db_url`; panics with its stderr on failure.
pub async fn cli(db_url: &str, args: &[&str]) -> String {
    let out = Command::new(BIN)
        .args(["--database-url", db_url])
        .args(args)
        .env_remove("MAYDANOZ_CONFIG")
        .current_dir(std::env::temp_dir())
        .output()
        .await
        .expect("run maydanoz");
    assert!(
        out.status.success(),
        "maydanoz {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The sample menu, and the coupon ILK50 (10 % off, once per customer, `max_uses` in all),
/// loaded through the owner's commands.
pub async fn stock(db_url: &str, max_uses: Option<u32>) {
    let menu = concat!(env!("CARGO_MANIFEST_DIR"), "/menu.sample.toml");
    cli(db_url, &["menu", "import", menu]).await;
    let uses = max_uses.map(|n| n.to_string());
    let mut args = vec![
        "coupon",
        "create",
        "ILK50",
        "--percent",
        "10",
        "--per-customer",
        "1",
    ];
    if let Some(u) = &uses {
        args.extend(["--max-uses", u.as_str()]);
    }
    cli(db_url, &args).await;
}
