//! One shop per test: a temporary directory with a SQLite database stocked
//! with the sample menu (through the binary), a fake Graph API in this
//! process, and `maydanoz serve` running in a private tmux pane with the
//! environment pointing WhatsApp at the fake. The pane runs
//! `serve; echo EXITED $?; exec sh`, so a test can see how serve ended and
//! type into the shell that follows.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::Arc;
use std::time::{Duration, Instant};

use maydanoz::fakegraph::{FakeGraph, FakeGraphConfig};
use maydanoz::sim::{Customer, Feed, Wire};
use serde_json::Value;

use crate::tmux::Tmux;

pub const APP_SECRET: &str = "pty_app_secret_0123456789abcdef";
pub const VERIFY_TOKEN: &str = "pty-verify-token";
pub const ACCESS_TOKEN: &str = "pty-access-token";
pub const PHONE_NUMBER_ID: &str = "106000000000077";

/// How long the first screen may take (a cold debug binary, a busy machine).
const START: Duration = Duration::from_secs(15);
/// How long anything else the tests wait for may take before they fail.
pub const SOON: Duration = Duration::from_secs(5);

/// A running `maydanoz serve` in a pseudo-terminal, and its surroundings.
/// Field order is drop order: the pane goes before the directory it runs in.
pub struct Shop {
    pub tmux: Tmux,
    pub fake: FakeGraph,
    pub port: u16,
    dir: tempfile::TempDir,
}

/// A port nobody listens on right now: bind port 0, read it, release it.
fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    l.local_addr().expect("local addr").port()
}

/// `'…'` for sh, with embedded quotes escaped.
fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_maydanoz")
}

impl Shop {
    /// Stock the menu, start the fake and `serve`, and wait for the empty board.
    pub async fn open() -> Shop {
        let dir = tempfile::tempdir().expect("tempdir");
        let fake = FakeGraph::start(FakeGraphConfig {
            access_token: ACCESS_TOKEN.into(),
            phone_number_id: PHONE_NUMBER_ID.into(),
            ..FakeGraphConfig::default()
        })
        .await
        .expect("fake graph");
        let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/menu.sample.toml");
        let out = run_cli(dir.path(), &["menu", "import", sample]).await;
        assert!(
            out.status.success(),
            "menu import: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let port = free_port();
        let script = dir.path().join("run.sh");
        std::fs::write(&script, launch_script(dir.path(), &fake.base_url(), port))
            .expect("write run.sh");
        let tmux = Tmux::start(&script);
        let shop = Shop {
            tmux,
            fake,
            port,
            dir,
        };
        shop.until(START, "the empty board", |s| s.contains("No open orders"))
            .await;
        shop
    }

    pub fn db_url(&self) -> String {
        format!("sqlite://{}", self.dir.path().join("shop.db").display())
    }

    /// Run the binary as another process on the same database.
    pub async fn cli(&self, args: &[&str]) -> Output {
        run_cli(self.dir.path(), args).await
    }

    /// Run the binary and parse its JSON output.
    pub async fn cli_json(&self, args: &[&str]) -> Value {
        let out = self.cli(args).await;
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("JSON")
    }

    /// The serve process id, written by the launch script.
    pub fn serve_pid(&self) -> String {
        let pid = std::fs::read_to_string(self.dir.path().join("serve.pid")).expect("serve.pid");
        pid.trim().to_string()
    }

    /// The webhook of the serve process.
    pub fn webhook_url(&self) -> String {
        format!("http://127.0.0.1:{}/webhook", self.port)
    }

    /// A simulated customer posting signed webhooks to `webhook` (the serve
    /// process or a proxy in front of it) and reading replies from the fake.
    pub fn customer(&self, webhook: String, phone: &str, name: &str) -> Customer {
        let wire: Arc<Wire> = Wire::new(
            webhook,
            APP_SECRET.as_bytes().to_vec(),
            Feed::Local(self.fake.view()),
            PHONE_NUMBER_ID.into(),
        );
        let mut c = Customer::new(wire, phone, name);
        c.patience = Duration::from_secs(10);
        c
    }

    /// Wait until the screen satisfies `cond`; fail with the screen and the log.
    pub async fn until(
        &self,
        within: Duration,
        what: &str,
        cond: impl Fn(&str) -> bool,
    ) -> (String, Instant) {
        match self
            .tmux
            .poll(within, |s| cond(s).then(|| s.to_string()))
            .await
        {
            Ok(found) => found,
            Err(last) => panic!(
                "waited {within:?} for {what}; the screen:\n{last}\n{}",
                self.log_tail()
            ),
        }
    }

    /// The end of serve's log file, for failure messages.
    pub fn log_tail(&self) -> String {
        let log = std::fs::read_to_string(self.log_path()).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        let tail = lines[lines.len().saturating_sub(15)..].join("\n");
        format!("--- maydanoz.log (end) ---\n{tail}")
    }

    fn log_path(&self) -> PathBuf {
        self.dir.path().join("maydanoz.log")
    }

    /// A file in the shop's directory (where the pane's shell runs).
    pub fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

/// `maydanoz --database-url sqlite://DIR/shop.db ARGS…` in `dir` (no config file there).
async fn run_cli(dir: &Path, args: &[&str]) -> Output {
    tokio::process::Command::new(bin())
        .current_dir(dir)
        .env_remove("MAYDANOZ_CONFIG")
        .env("MAYDANOZ_LOG", "error")
        .arg("--database-url")
        .arg(format!("sqlite://{}", dir.join("shop.db").display()))
        .args(args)
        .output()
        .await
        .expect("run maydanoz")
}

impl Drop for Shop {
    fn drop(&mut self) {
        // the tmux kill-server that follows hangs serve up; make sure nothing outlives
        // the test, but never signal a pid that was reused by something else
        let Ok(pid) = std::fs::read_to_string(self.dir.path().join("serve.pid")) else {
            return;
        };
        let cmdline = std::fs::read(format!("/proc/{}/cmdline", pid.trim())).unwrap_or_default();
        if String::from_utf8_lossy(&cmdline).contains(&self.db_url()) {
            let _ = std::process::Command::new("kill")
                .args(["-KILL", pid.trim()])
                .output();
        }
    }
}

/// The pane's script: notes the terminal settings (`stty.before`), runs serve
/// with the test's environment (and nothing of the developer's MAYDANOZ_*),
/// records its pid, then reports how it ended and hands over to a shell.
fn launch_script(dir: &Path, graph: &str, port: u16) -> String {
    let d = dir.display().to_string();
    let db = format!("sqlite://{d}/shop.db");
    let env = [
        ("MAYDANOZ_WHATSAPP__APP_SECRET", APP_SECRET.to_string()),
        ("MAYDANOZ_WHATSAPP__VERIFY_TOKEN", VERIFY_TOKEN.to_string()),
        ("MAYDANOZ_WHATSAPP__ACCESS_TOKEN", ACCESS_TOKEN.to_string()),
        (
            "MAYDANOZ_WHATSAPP__PHONE_NUMBER_ID",
            PHONE_NUMBER_ID.to_string(),
        ),
        ("MAYDANOZ_WHATSAPP__API_BASE_URL", graph.to_string()),
        (
            "MAYDANOZ_WHATSAPP__STALE_AFTER_MINUTES",
            "100000000".to_string(),
        ),
        ("MAYDANOZ_LOG__FILE", format!("{d}/maydanoz.log")),
        ("MAYDANOZ_KDS__SOUND", "false".to_string()),
    ];
    let exports: String = env
        .iter()
        .map(|(k, v)| format!("export {k}={}\n", quote(v)))
        .collect();
    format!(
        "for v in $(env | sed -n 's/^\\(MAYDANOZ_[A-Za-z0-9_]*\\)=.*/\\1/p'); do unset \"$v\"; done\n\
         {exports}cd {dir}\n\
         stty -g > stty.before\n\
         sh -c 'echo $$ > serve.pid; exec \"$@\"' sh {bin} --database-url {db} serve --bind 127.0.0.1:{port}\n\
         echo \"EXITED $?\"\n\
         export PS1='$ '\n\
         exec sh\n",
        dir = quote(&d),
        bin = quote(bin()),
        db = quote(&db),
    )
}
