//! A timing proxy in front of serve's webhook: forwards each signed delivery
//! unchanged and notes the instant its answer came back, so a test can
//! measure from "the confirming webhook got its 200" to the screen.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use serde_json::Value;

/// One forwarded delivery.
#[derive(Debug, Clone)]
pub struct Delivery {
    /// When serve's answer reached the proxy.
    pub answered: Instant,
    pub status: u16,
    pub body: Value,
}

struct Forward {
    target: String,
    http: reqwest::Client,
    log: Mutex<Vec<Delivery>>,
}

/// The proxy; stops when dropped.
pub struct Proxy {
    pub url: String,
    fwd: Arc<Forward>,
    task: tokio::task::JoinHandle<()>,
}

impl Proxy {
    /// Listen on a free loopback port and forward every POST to `target`.
    pub async fn start(target: String) -> Proxy {
        let fwd = Arc::new(Forward {
            target,
            http: reqwest::Client::new(),
            log: Mutex::new(Vec::new()),
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind proxy");
        let url = format!(
            "http://{}/webhook",
            listener.local_addr().expect("proxy addr")
        );
        let app = Router::new()
            .route("/webhook", post(forward))
            .with_state(fwd.clone());
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Proxy { url, fwd, task }
    }

    /// Everything forwarded so far, in order.
    pub fn deliveries(&self) -> Vec<Delivery> {
        self.fwd.log.lock().map(|l| l.clone()).unwrap_or_default()
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn forward(State(f): State<Arc<Forward>>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let mut req = f.http.post(&f.target).body(body.to_vec());
    for name in ["content-type", "x-hub-signature-256"] {
        if let Some(v) = headers.get(name) {
            req = req.header(name, v.as_bytes());
        }
    }
    let Ok(answer) = req.send().await else {
        return StatusCode::BAD_GATEWAY;
    };
    let answered = Instant::now();
    let status = answer.status().as_u16();
    let body = serde_json::from_slice(&body).unwrap_or(Value::Null);
    if let Ok(mut log) = f.log.lock() {
        log.push(Delivery {
            answered,
            status,
            body,
        });
    }
    StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY)
}

/// The title of the button or row a delivery tapped, if it was a tap.
pub fn tapped(d: &Delivery) -> Option<String> {
    let m = &d.body["entry"][0]["changes"][0]["value"]["messages"][0]["interactive"];
    let title = m["button_reply"]["title"]
        .as_str()
        .or_else(|| m["list_reply"]["title"].as_str())?;
    Some(title.to_string())
}
