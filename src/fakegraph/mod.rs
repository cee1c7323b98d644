//! A local stand-in for Meta's Graph API send endpoint, for tests, the demo and the
//! benchmark. It speaks Meta's real shapes and error codes: 401/190 for a bad token, 400/100
//! for a wrong number id or a body over the limits (with `error_data.details` naming the
//! param), `{"success":true}` for mark-read, a fresh `wamid.` for a send — and, on demand,
//! seeded retryable failures (500/131000 and 429/130429 alternating), slow answers and
//! per-recipient permanent errors. It records what it accepted so tests can prove that
//! nothing was lost or sent twice, and serves a long poll the `chat` command reads the bot's
//! replies from. Must not import `store`, `server` or `bot`.

mod routes;
mod state;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_flow;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::routing::{get, post};
use tokio::task::JoinHandle;

use state::Shared;
pub(crate) use state::{FakeStats, Received};

/// How the fake behaves.
#[derive(Debug, Clone, PartialEq)]
pub struct FakeGraphConfig {
    /// The bearer token it accepts.
    pub access_token: String,
    /// The only phone number id it serves.
    pub phone_number_id: String,
    /// The only API version path segment it serves, e.g. `v25.0`.
    pub api_version: String,
    /// Fraction (0..=1) of valid sends answered with a retryable failure, alternating
    /// HTTP 500 code 131000 and HTTP 429 code 130429. Nothing is recorded for those.
    pub failure_rate: f64,
    /// Fraction (0..=1) of valid sends answered only after `slow_ms`; the outcome is recorded
    /// before the wait, so a client timing out meanwhile causes a real duplicate on resend.
    pub slow_rate: f64,
    /// How long a slow answer takes, in milliseconds.
    pub slow_ms: u64,
    /// Recipients whose sends always fail with the given code (HTTP 400), e.g. 131047.
    pub permanent_failures: HashMap<String, i64>,
    /// Seed for the failure and slowness dice: the same seed and the same request order give
    /// the same outcomes.
    pub seed: u64,
}

impl Default for FakeGraphConfig {
    fn default() -> FakeGraphConfig {
        FakeGraphConfig {
            access_token: "fake-access-token".to_string(),
            phone_number_id: "106000000000001".to_string(),
            api_version: "v25.0".to_string(),
            failure_rate: 0.0,
            slow_rate: 0.0,
            slow_ms: 0,
            permanent_failures: HashMap::new(),
            seed: 42,
        }
    }
}

/// A running (or mountable) fake Graph API. Dropping it stops the server it started.
pub struct FakeGraph {
    shared: Arc<Shared>,
    addr: Option<SocketAddr>,
    task: Option<JoinHandle<()>>,
}

impl FakeGraph {
    /// A fake that does not listen by itself: mount [`FakeGraph::router`] in another server.
    pub(crate) fn new(cfg: FakeGraphConfig) -> FakeGraph {
        FakeGraph {
            shared: Arc::new(Shared::new(cfg)),
            addr: None,
            task: None,
        }
    }

    /// Another handle on the same fake (its record and its waits), which does not
    /// own the server: dropping it stops nothing.
    pub fn view(&self) -> FakeGraph {
        FakeGraph {
            shared: self.shared.clone(),
            addr: self.addr,
            task: None,
        }
    }

    /// Bind `127.0.0.1:0` and serve in a tokio task.
    pub async fn start(cfg: FakeGraphConfig) -> std::io::Result<FakeGraph> {
        let mut fake = FakeGraph::new(cfg);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        fake.addr = Some(listener.local_addr()?);
        let router = fake.router();
        fake.task = Some(tokio::spawn(async move {
            if let Err(e) = axum::serve(listener, router).await {
                tracing::error!(error = %e, "fake Graph API stopped");
            }
        }));
        Ok(fake)
    }

    /// `http://127.0.0.1:PORT` for a started fake (use it as `whatsapp.api_base_url`);
    /// empty for one made with [`FakeGraph::new`], whose URL is wherever it is mounted.
    pub fn base_url(&self) -> String {
        self.addr.map(|a| format!("http://{a}")).unwrap_or_default()
    }

    /// The routes, sharing this fake's state: `POST /{version}/{phone_number_id}/messages`,
    /// `GET /_fake/messages?to=&after=&wait_ms=`, `GET /_fake/stats`.
    pub(crate) fn router(&self) -> Router {
        Router::new()
            .route(
                "/{version}/{phone_number_id}/messages",
                post(routes::messages),
            )
            .route("/_fake/messages", get(routes::poll))
            .route("/_fake/stats", get(routes::stats))
            .with_state(self.shared.clone())
    }

    /// Refuse every request as Meta refuses an expired access token (401, code 190) until
    /// called again with `false` — the owner renewing the token.
    pub(crate) fn set_token_expired(&self, expired: bool) {
        self.shared
            .token_expired
            .store(expired, std::sync::atomic::Ordering::Relaxed);
    }

    /// Answer the next `n` valid sends with a retryable failure (HTTP 500, code 131000).
    pub(crate) fn fail_next(&self, n: usize) {
        self.shared
            .fail_next
            .store(n, std::sync::atomic::Ordering::Relaxed);
    }

    /// Accepted messages in acceptance order.
    pub(crate) fn received(&self) -> Vec<Received> {
        self.shared.received()
    }

    /// The counters so far.
    pub fn stats(&self) -> FakeStats {
        self.shared.stats()
    }

    /// Wait until at least `n` messages were accepted; `false` if `timeout` passed first.
    /// Messages to `to` with seq above `after`, waiting up to `timeout` for the
    /// first one (in-process long poll; empty when nothing came).
    pub async fn wait_after(&self, to: &str, after: u64, timeout: Duration) -> Vec<Received> {
        let deadline = tokio::time::Instant::now() + timeout;
        let wake = self.shared.recipient_notify(to);
        loop {
            let notified = wake.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            let found = self.shared.after(Some(to), after);
            if !found.is_empty() || tokio::time::Instant::now() >= deadline {
                return found;
            }
            let _ = tokio::time::timeout_at(deadline, notified).await;
        }
    }

    pub(crate) async fn wait_for_count(&self, n: usize, timeout: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let notified = self.shared.notify.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if self.shared.accepted() >= n {
                return true;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                return self.shared.accepted() >= n;
            }
        }
    }
}

impl Drop for FakeGraph {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}
