//! Meta's side of the webhook: a relay in front of the server that delivers each webhook
//! until it is answered 200, as Meta does, and remembers every message id that was answered
//! 200 (the server promised those are durable). Simulated customers post here.
#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;

use crate::helpers::message_ids;

/// What Meta saw.
#[derive(Default)]
pub struct Record {
    /// Message id → how many deliveries of it were answered 200.
    acked: Mutex<HashMap<String, u32>>,
    /// Webhook deliveries handed to Meta.
    pub deliveries: AtomicU64,
    /// POSTs made to the server (first tries and retries).
    pub attempts: AtomicU64,
    /// Tries answered with something other than 200.
    pub refused: AtomicU64,
    /// Tries that got no answer (server down, connection cut).
    pub unreachable: AtomicU64,
}

impl Record {
    /// Every message id answered 200, with how often.
    pub fn acked(&self) -> HashMap<String, u32> {
        self.acked.lock().map(|a| a.clone()).unwrap_or_default()
    }

    pub fn retries(&self) -> u64 {
        self.attempts.load(Ordering::Relaxed) - self.deliveries.load(Ordering::Relaxed)
    }
}

struct Shared {
    target: Mutex<String>,
    record: Arc<Record>,
    http: reqwest::Client,
}

/// The relay: customers' webhooks go to [`Meta::url`], and on to the server at `target`.
pub struct Meta {
    pub url: String,
    pub record: Arc<Record>,
    shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

impl Meta {
    pub async fn start(target: String) -> Meta {
        let record = Arc::new(Record::default());
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(1))
            .timeout(Duration::from_secs(20))
            .build()
            .expect("client");
        let shared = Arc::new(Shared {
            target: Mutex::new(target),
            record: record.clone(),
            http,
        });
        let app = Router::new()
            .route("/webhook", post(relay))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!("http://{}/webhook", listener.local_addr().expect("addr"));
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Meta {
            url,
            record,
            shared,
            task,
        }
    }

    /// Deliver to another address from now on (the server came back on another port).
    pub fn retarget(&self, target: String) {
        if let Ok(mut t) = self.shared.target.lock() {
            *t = target;
        }
    }
}

impl Drop for Meta {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Deliver until 200 (for at most two minutes); then answer the customer 200 too.
async fn relay(State(s): State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> StatusCode {
    s.record.deliveries.fetch_add(1, Ordering::Relaxed);
    let sig = headers.get("x-hub-signature-256").cloned();
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(120) {
        let target = s.target.lock().map(|t| t.clone()).unwrap_or_default();
        let mut req = s
            .http
            .post(target)
            .header("content-type", "application/json")
            .body(body.clone());
        if let Some(sig) = &sig {
            req = req.header("x-hub-signature-256", sig.clone());
        }
        s.record.attempts.fetch_add(1, Ordering::Relaxed);
        match req.send().await {
            Ok(r) if r.status() == 200 => {
                if let Ok(mut acked) = s.record.acked.lock() {
                    for id in message_ids(&body) {
                        *acked.entry(id).or_default() += 1;
                    }
                }
                return StatusCode::OK;
            }
            Ok(r) if r.status().is_client_error() => {
                // Meta does not retry a refusal of the body itself
                s.record.refused.fetch_add(1, Ordering::Relaxed);
                return r.status();
            }
            Ok(_) => {
                s.record.refused.fetch_add(1, Ordering::Relaxed);
            }
            Err(_) => {
                s.record.unreachable.fetch_add(1, Ordering::Relaxed);
            }
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    StatusCode::GATEWAY_TIMEOUT
}
