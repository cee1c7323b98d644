//! The HTTP side of a remote display: requests to `/kds/v1/…` with the bearer
//! token, and [`RemoteKds`], the [`KdsBackend`] the board runs on. Reads of the
//! board come from the latest event of the feed (`feed.rs`), so the board
//! shows exactly what the server sent; writes are POSTs.

use crate::domain::OrderNumber;
use crate::domain::time::At;

use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use crate::domain::order::{Order, OrderStatus};
use crate::kds::{Board, BoardHealth, KdsBackend, ProductAvail, Waiting};
use crate::server::kds_api::wire;

/// Why a request to the server did not give what was asked.
#[derive(Debug, thiserror::Error)]
pub enum RemoteError {
    #[error(
        "the server refused the display token (401): create one on the server with `maydanoz kds token create NAME`"
    )]
    Unauthorized,
    #[error("{url} is not a Maydanoz server ({what})")]
    NotMaydanoz { url: String, what: String },
    #[error("the server refused: {0}")]
    Refused(String),
    #[error("connection lost — server sent too much ({0})")]
    TooMuch(String),
    #[error("cannot reach {url}: {source}")]
    Unreachable {
        url: String,
        #[source]
        source: reqwest::Error,
    },
}

/// The largest answer the display reads (a board of 10,000 orders fits).
pub const MAX_BODY: usize = 8 << 20;
/// The largest error text read from a refused write.
const MAX_ERROR_BODY: usize = 64 << 10;

/// Read `r`'s body, at most `max` bytes: `None` past that.
async fn bounded(mut r: reqwest::Response, max: usize) -> Result<Option<Vec<u8>>, reqwest::Error> {
    if r.content_length().is_some_and(|n| n > max as u64) {
        return Ok(None);
    }
    let mut body = Vec::new();
    while let Some(chunk) = r.chunk().await? {
        if body.len() + chunk.len() > max {
            return Ok(None);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Some(body))
}

/// Where and how to ask.
#[derive(Clone)]
pub struct Remote {
    pub http: reqwest::Client,
    /// Base URL without a trailing slash.
    pub base: String,
    pub token: String,
}

impl Remote {
    /// A client for `base` (http:// or https://).
    pub fn new(base: &str, token: &str) -> anyhow::Result<Remote> {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(3))
            .build()?;
        Ok(Remote {
            http,
            base: base.trim_end_matches('/').to_string(),
            token: token.to_string(),
        })
    }

    /// `base` + `/kds/v1` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}/kds/v1{path}", self.base)
    }

    fn unreachable(&self, source: reqwest::Error) -> RemoteError {
        RemoteError::Unreachable {
            url: self.base.clone(),
            source,
        }
    }

    /// GET `path` as JSON; a body that is not ours means "not a Maydanoz server".
    pub async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, RemoteError> {
        let r = self
            .http
            .get(self.url(path))
            .bearer_auth(&self.token)
            .timeout(Duration::from_secs(5))
            .send()
            .await
            .map_err(|e| self.unreachable(e))?;
        let status = r.status();
        if status == StatusCode::UNAUTHORIZED {
            return Err(RemoteError::Unauthorized);
        }
        let not_ours = |what: String| RemoteError::NotMaydanoz {
            url: self.base.clone(),
            what,
        };
        if !status.is_success() {
            return Err(not_ours(format!("GET /kds/v1{path} answered {status}")));
        }
        let body = bounded(r, MAX_BODY)
            .await
            .map_err(|e| self.unreachable(e))?
            .ok_or_else(|| {
                RemoteError::TooMuch(format!(
                    "GET /kds/v1{path}: an answer over {} MiB",
                    MAX_BODY >> 20
                ))
            })?;
        serde_json::from_slice(&body)
            .map_err(|e| not_ours(format!("GET /kds/v1{path} is not a display's answer: {e}")))
    }

    /// POST `body` to `path`; 2xx is done.
    pub async fn post<B: serde::Serialize>(&self, path: &str, body: &B) -> Result<(), RemoteError> {
        let r = self
            .http
            .post(self.url(path))
            .bearer_auth(&self.token)
            .timeout(Duration::from_secs(5))
            .json(body)
            .send()
            .await
            .map_err(|e| self.unreachable(e))?;
        let status = r.status();
        if status == StatusCode::UNAUTHORIZED {
            return Err(RemoteError::Unauthorized);
        }
        if status.is_success() {
            return Ok(());
        }
        let text = bounded(r, MAX_ERROR_BODY)
            .await
            .ok()
            .flatten()
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default();
        let msg = serde_json::from_str::<serde_json::Value>(&text)
            .ok()
            .and_then(|v| v["error"].as_str().map(str::to_string))
            .unwrap_or_else(|| status.to_string());
        Err(RemoteError::Refused(msg))
    }
}

/// What the feed learned, read by the board.
#[derive(Default)]
pub struct Shared {
    /// The latest board the server sent.
    pub board: Mutex<Option<Board>>,
    /// Its sequence (what `change_seq` reports).
    pub seq: AtomicI64,
    /// The event stream is up.
    pub connected: AtomicBool,
    /// Set when the server no longer accepts the token: the display stops.
    pub fatal: Mutex<Option<String>>,
    /// The last break was the server sending too much (cleared on connect).
    pub too_much: AtomicBool,
}

impl Shared {
    pub fn set_board(&self, b: Board) {
        self.seq.store(b.seq, Ordering::SeqCst);
        *self
            .board
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(b);
    }
}

/// The board's backend over HTTP.
pub struct RemoteKds {
    pub remote: Remote,
    pub shared: Arc<Shared>,
}

impl KdsBackend for RemoteKds {
    async fn open_orders(&self) -> anyhow::Result<Vec<Order>> {
        let b = self
            .shared
            .board
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone();
        match b {
            Some(b) => Ok(b.orders),
            None => anyhow::bail!("no board from the server yet"),
        }
    }

    async fn set_status(&self, number: OrderNumber, to: OrderStatus) -> anyhow::Result<()> {
        let path = format!("/orders/{number}/status");
        Ok(self
            .remote
            .post(
                &path,
                &wire::StatusBody {
                    to: to.as_str().into(),
                },
            )
            .await?)
    }

    async fn set_rush(&self, number: OrderNumber, rush: bool) -> anyhow::Result<()> {
        let path = format!("/orders/{number}/rush");
        Ok(self.remote.post(&path, &wire::RushBody { rush }).await?)
    }

    async fn answer_cancel(&self, number: OrderNumber, accept: bool) -> anyhow::Result<()> {
        let path = format!("/orders/{number}/cancel-request");
        Ok(self
            .remote
            .post(&path, &wire::AnswerCancelBody { accept })
            .await?)
    }

    async fn set_lines(
        &self,
        number: OrderNumber,
        positions: Vec<usize>,
        done: bool,
    ) -> anyhow::Result<()> {
        let path = format!("/orders/{number}/lines");
        let body = wire::LinesBody { positions, done };
        Ok(self.remote.post(&path, &body).await?)
    }

    async fn reprint(&self, number: OrderNumber) -> anyhow::Result<()> {
        let path = format!("/orders/{number}/print");
        Ok(self.remote.post(&path, &serde_json::json!({})).await?)
    }

    async fn products(&self) -> anyhow::Result<Vec<ProductAvail>> {
        Ok(self.remote.get("/products").await?)
    }

    async fn set_available(&self, product_id: i64, available: bool) -> anyhow::Result<()> {
        let path = format!("/products/{product_id}/available");
        Ok(self
            .remote
            .post(&path, &wire::AvailableBody { available })
            .await?)
    }

    async fn health(&self, _now: At) -> anyhow::Result<BoardHealth> {
        let lost = BoardHealth {
            connection_lost: true,
            server_sent_too_much: self.shared.too_much.load(Ordering::SeqCst),
            ..BoardHealth::unreachable()
        };
        if !self.shared.connected.load(Ordering::SeqCst) {
            return Ok(lost);
        }
        Ok(self
            .remote
            .get::<BoardHealth>("/health")
            .await
            .unwrap_or(lost))
    }

    async fn set_busy(&self, minutes: u32) -> anyhow::Result<()> {
        Ok(self
            .remote
            .post(
                "/busy",
                &wire::BusyBody {
                    minutes,
                    for_minutes: None,
                },
            )
            .await?)
    }

    async fn change_seq(&self) -> anyhow::Result<i64> {
        Ok(self.shared.seq.load(Ordering::SeqCst))
    }

    async fn waiting(&self, _now: At) -> anyhow::Result<Vec<Waiting>> {
        if !self.shared.connected.load(Ordering::SeqCst) {
            anyhow::bail!("not connected");
        }
        Ok(self.remote.get("/waiting").await?)
    }

    async fn hand_back(&self, phone: crate::domain::CustomerId) -> anyhow::Result<()> {
        let path = format!("/waiting/{phone}/done");
        Ok(self.remote.post(&path, &serde_json::json!({})).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `GET /orders` bodies were read whole, however large: the display stops reading past
    /// MAX_BODY and says the server sent too much.
    #[tokio::test]
    async fn an_endless_answer_is_not_read_past_the_bound() {
        use axum::routing::get;
        let endless = futures_util::stream::repeat_with(|| {
            Ok::<_, std::convert::Infallible>(vec![b' '; 64 << 10])
        });
        let app = axum::Router::new().route(
            "/kds/v1/orders",
            get(move || async move { axum::body::Body::from_stream(endless) }),
        );
        let l = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = l.local_addr().expect("addr");
        tokio::spawn(async move {
            let _ = axum::serve(l, app).await;
        });
        let remote = Remote::new(&format!("http://{addr}"), "t").expect("client");
        let got = remote.get::<wire::Board>("/orders").await;
        match got {
            Err(e @ RemoteError::TooMuch(_)) => {
                assert!(e.to_string().contains("server sent too much"), "{e}");
            }
            other => panic!("not refused for its size: {:?}", other.map(|b| b.seq)),
        }
    }
}
