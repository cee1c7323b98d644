//! A private tmux server per test: one detached 100×30 session running a shell
//! script, read with `capture-pane`, driven with `send-keys`. The server is
//! killed when the guard drops, a panicking test included.

use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

/// Width and height of the pane the kitchen display gets.
pub const COLS: u16 = 100;
pub const ROWS: u16 = 30;

const SESSION: &str = "kds";

static SOCKETS: AtomicU32 = AtomicU32::new(0);

/// A running tmux server with one pane; killed on drop.
pub struct Tmux {
    socket: String,
    /// Where the server's socket file is, removed on drop (`kill-server` leaves it).
    socket_path: String,
}

/// `tmux -V`, or a failure that says why the test cannot run: CI installs tmux,
/// so a missing one is an error, never a skip.
fn require_tmux() {
    match Command::new("tmux").arg("-V").output() {
        Ok(o) if o.status.success() => {}
        Ok(o) => panic!("`tmux -V` failed: {}", String::from_utf8_lossy(&o.stderr)),
        Err(e) => panic!(
            "tmux is required by the kds_pty tests (they drive the kitchen display in a real \
             pseudo-terminal through tmux; install it, e.g. `apt-get install tmux`): {e}"
        ),
    }
}

impl Tmux {
    /// Start a fresh server on a unique socket running `sh script`.
    pub fn start(script: &Path) -> Tmux {
        require_tmux();
        let socket = format!(
            "mz-kds-pty-{}-{}-{}",
            std::process::id(),
            SOCKETS.fetch_add(1, Ordering::SeqCst),
            fastrand::u32(..)
        );
        let mut t = Tmux {
            socket,
            socket_path: String::new(),
        };
        let (cols, rows) = (COLS.to_string(), ROWS.to_string());
        let script = script.display().to_string();
        t.ok(&[
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            SESSION,
            "-x",
            &cols,
            "-y",
            &rows,
            "sh",
            &script,
        ]);
        // keep the pane (and its last screen) if the script ends early
        t.ok(&["set-option", "-t", SESSION, "remain-on-exit", "on"]);
        t.socket_path = t
            .ok(&["display-message", "-p", "#{socket_path}"])
            .trim()
            .to_string();
        t
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new("tmux");
        c.arg("-L").arg(&self.socket).args(args);
        c
    }

    /// Run a tmux command; return its stdout, panicking on failure.
    fn ok(&self, args: &[&str]) -> String {
        let out = self.command(args).output().expect("run tmux");
        assert!(
            out.status.success(),
            "tmux {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    async fn ok_async(&self, args: &[&str]) -> String {
        let mut c = tokio::process::Command::from(self.command(args));
        let out = c.output().await.expect("run tmux");
        assert!(
            out.status.success(),
            "tmux {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The visible screen as text.
    pub async fn screen(&self) -> String {
        self.ok_async(&["capture-pane", "-p", "-t", SESSION]).await
    }

    /// The visible screen with tmux's SGR sequences for colours and attributes.
    pub async fn styled(&self) -> String {
        self.ok_async(&["capture-pane", "-p", "-e", "-t", SESSION])
            .await
    }

    /// A tmux format evaluated for the pane, e.g. `#{alternate_on}`.
    pub async fn format(&self, f: &str) -> String {
        self.ok_async(&["display-message", "-p", "-t", SESSION, f])
            .await
            .trim_end()
            .to_string()
    }

    /// Press keys by tmux name (`Enter`, `Escape`, `Down`, `q`).
    pub async fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", SESSION];
        args.extend_from_slice(keys);
        self.ok_async(&args).await;
    }

    /// Type `text` literally, then Enter.
    pub async fn type_line(&self, text: &str) {
        self.ok_async(&["send-keys", "-t", SESSION, "-l", text])
            .await;
        self.keys(&["Enter"]).await;
    }

    /// Poll the screen until `f` answers, for at most `within`. On timeout
    /// returns the last screen as the error.
    pub async fn poll<T>(
        &self,
        within: Duration,
        mut f: impl FnMut(&str) -> Option<T>,
    ) -> Result<(T, Instant), String> {
        let deadline = Instant::now() + within;
        loop {
            let s = self.screen().await;
            let at = Instant::now();
            if let Some(t) = f(&s) {
                return Ok((t, at));
            }
            if at >= deadline {
                return Err(s);
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        // hangs up the pane: the shell and anything still running in it
        let _ = self.command(&["kill-server"]).output();
        if !self.socket_path.is_empty() {
            let _ = std::fs::remove_file(&self.socket_path);
        }
    }
}
