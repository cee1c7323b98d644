//! Simulated WhatsApp customers, for the demo, the benchmark and the tests.
//!
//! A [`Customer`] speaks only the wire: it POSTs signed webhook deliveries
//! into the real handler and reads the bot's messages from the Graph API
//! stand-in, then acts on them as a person would — it reads the titles of the
//! buttons and list rows it is shown and taps the one it wants.

pub mod plan;
mod script;

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use serde_json::{Value, json};

use crate::fakegraph::{FakeGraph, Received};
use crate::whatsapp::signature;

pub use plan::{Item, Plan, random_plan};

/// Why a simulated customer could not go on.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    #[error("webhook answered {0}")]
    Webhook(u16),
    #[error("http: {0}")]
    Http(String),
    #[error("waited {secs} s for {what}; last messages: {last}")]
    Timeout {
        what: String,
        secs: u64,
        last: String,
    },
}

/// Where bot messages are read from.
pub enum Feed {
    /// The fake Graph API in this process.
    Local(FakeGraph),
    /// A fake Graph API reached over HTTP (its `/_fake/messages` long poll).
    Remote(String),
}

/// The shared way in and out: the webhook URL, the secret to sign with, the feed.
pub struct Wire {
    pub http: reqwest::Client,
    pub webhook_url: String,
    pub app_secret: Vec<u8>,
    pub feed: Feed,
    /// The business number the deliveries claim to be for.
    pub phone_number_id: String,
    ids: AtomicU64,
    /// Timings for the benchmark.
    pub timings: Timings,
}

/// What the wire measured: webhook acknowledgement times, and when each
/// customer last posted (the confirming message, once an order appears).
#[derive(Default)]
pub struct Timings {
    /// Microseconds from sending a delivery to its 200.
    pub acks_us: std::sync::Mutex<Vec<u32>>,
    /// When each customer's latest delivery was sent.
    pub last_post: std::sync::Mutex<std::collections::HashMap<String, std::time::Instant>>,
}

/// A message that was sent to a customer and when we saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub seq: u64,
    pub body: Value,
}

impl Wire {
    pub fn new(
        webhook_url: String,
        app_secret: Vec<u8>,
        feed: Feed,
        phone_number_id: String,
    ) -> Arc<Wire> {
        let seed = u64::try_from(crate::clock::now_ms()).unwrap_or(0) << 20;
        Arc::new(Wire {
            http: reqwest::Client::new(),
            webhook_url,
            app_secret,
            feed,
            phone_number_id,
            ids: AtomicU64::new(seed),
            timings: Timings::default(),
        })
    }

    /// A fresh, unique WhatsApp-looking message id.
    pub fn next_id(&self) -> String {
        format!("wamid.SIM{:020}", self.ids.fetch_add(1, Ordering::Relaxed))
    }

    /// POST one message object as a signed delivery; returns the HTTP status.
    pub async fn deliver(&self, from: &str, name: &str, message: Value) -> Result<u16, SimError> {
        let body = json!({
            "object": "whatsapp_business_account",
            "entry": [{"id": "102000000000001", "changes": [{"field": "messages", "value": {
                "messaging_product": "whatsapp",
                "metadata": {"display_phone_number": "902125550100", "phone_number_id": self.phone_number_id},
                "contacts": [{"profile": {"name": name}, "wa_id": from}],
                "messages": [message]
            }}]}]
        });
        let bytes = serde_json::to_vec(&body).map_err(|e| SimError::Http(e.to_string()))?;
        self.post_signed(from, bytes).await
    }

    /// POST prepared bytes, signed; records the acknowledgement time.
    pub(crate) async fn post_signed(&self, from: &str, bytes: Vec<u8>) -> Result<u16, SimError> {
        let sig = signature::sign(&self.app_secret, &bytes);
        let started = std::time::Instant::now();
        if let Ok(mut m) = self.timings.last_post.lock() {
            m.insert(from.to_string(), started);
        }
        let r = self
            .http
            .post(&self.webhook_url)
            .header("content-type", "application/json")
            .header("x-hub-signature-256", sig)
            .body(bytes)
            .send()
            .await
            .map_err(|e| SimError::Http(e.to_string()))?;
        let took = u32::try_from(started.elapsed().as_micros()).unwrap_or(u32::MAX);
        if let Ok(mut a) = self.timings.acks_us.lock() {
            a.push(took);
        }
        Ok(r.status().as_u16())
    }

    /// Messages to `to` after `after`, waiting up to `wait` for the first.
    pub(crate) async fn messages(
        &self,
        to: &str,
        after: u64,
        wait: Duration,
    ) -> Result<Vec<Seen>, SimError> {
        let got: Vec<Received> = match &self.feed {
            Feed::Local(f) => f.wait_after(to, after, wait).await,
            Feed::Remote(base) => {
                let to: String = to.chars().filter(char::is_ascii_alphanumeric).collect();
                let url = format!(
                    "{base}/_fake/messages?to={to}&after={after}&wait_ms={}",
                    wait.as_millis()
                );
                self.http
                    .get(url)
                    .timeout(wait + Duration::from_secs(5))
                    .send()
                    .await
                    .map_err(|e| SimError::Http(e.to_string()))?
                    .json()
                    .await
                    .map_err(|e| SimError::Http(e.to_string()))?
            }
        };
        Ok(got
            .into_iter()
            .map(|r| Seen {
                seq: r.seq,
                body: r.body,
            })
            .collect())
    }
}

/// A tappable thing in a bot message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tap {
    pub id: String,
    pub title: String,
    /// A list row (true) or a reply button (false).
    pub row: bool,
}

/// What a person sees of one bot message: its text and what can be tapped.
pub fn read(body: &Value) -> (String, Vec<Tap>) {
    let mut text = String::new();
    let mut taps = Vec::new();
    if let Some(t) = body["text"]["body"].as_str() {
        text.push_str(t);
    }
    let i = &body["interactive"];
    for part in [
        &i["header"]["text"],
        &i["body"]["text"],
        &i["footer"]["text"],
    ] {
        if let Some(t) = part.as_str() {
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(t);
        }
    }
    for b in i["action"]["buttons"].as_array().into_iter().flatten() {
        taps.push(Tap {
            id: b["reply"]["id"].as_str().unwrap_or_default().to_string(),
            title: b["reply"]["title"].as_str().unwrap_or_default().to_string(),
            row: false,
        });
    }
    for s in i["action"]["sections"].as_array().into_iter().flatten() {
        for r in s["rows"].as_array().into_iter().flatten() {
            taps.push(Tap {
                id: r["id"].as_str().unwrap_or_default().to_string(),
                title: r["title"].as_str().unwrap_or_default().to_string(),
                row: true,
            });
        }
    }
    (text, taps)
}

/// One simulated customer.
pub struct Customer {
    /// The `from` of every message, as wire text and not a [`crate::domain::CustomerId`]: the
    /// simulator plays WhatsApp's side, so it can send what the server has to refuse.
    pub phone: String,
    pub name: String,
    wire: Arc<Wire>,
    /// Highest message seq already read.
    seen: u64,
    /// Messages since our last action, oldest first.
    pending: Vec<Seen>,
    /// How long to wait for the bot before giving up.
    pub patience: Duration,
    /// The text of every bot message read, in order.
    pub transcript: Vec<String>,
    /// A person's pause before each message (×0.5–1.5 at random); zero acts at once.
    pub think: Duration,
    /// `biz_opaque_callback_data` of every message read: a copy sent again after a server
    /// crash (delivery is at-least-once) is noise a person skips, not a new question.
    callbacks: HashSet<String>,
}

impl Customer {
    pub fn new(wire: Arc<Wire>, phone: impl Into<String>, name: impl Into<String>) -> Customer {
        Customer {
            phone: phone.into(),
            name: name.into(),
            wire,
            seen: 0,
            pending: Vec::new(),
            patience: Duration::from_secs(20),
            transcript: Vec::new(),
            think: Duration::ZERO,
            callbacks: HashSet::new(),
        }
    }

    async fn post(&mut self, message: Value) -> Result<(), SimError> {
        if !self.think.is_zero() {
            let f = 0.5 + fastrand::f64();
            tokio::time::sleep(
                Duration::try_from_secs_f64(self.think.as_secs_f64() * f).unwrap_or_default(),
            )
            .await;
        }
        self.pending.clear();
        let status = self.wire.deliver(&self.phone, &self.name, message).await?;
        if status != 200 {
            return Err(SimError::Webhook(status));
        }
        Ok(())
    }

    /// POST a whole delivery as it is (a fixture), signed, as this customer's next
    /// action: what the bot answers to it is read by [`Customer::wait_for`].
    pub(crate) async fn post_delivery(&mut self, bytes: Vec<u8>) -> Result<(), SimError> {
        self.pending.clear();
        let status = self.wire.post_signed(&self.phone, bytes).await?;
        if status != 200 {
            return Err(SimError::Webhook(status));
        }
        Ok(())
    }

    /// Type a text message.
    pub async fn say(&mut self, text: &str) -> Result<(), SimError> {
        let m = json!({"from": self.phone, "id": self.wire.next_id(), "timestamp": now_s(), "type": "text", "text": {"body": text}});
        self.post(m).await
    }

    /// Tap a button or list row we were shown.
    pub async fn tap(&mut self, t: &Tap) -> Result<(), SimError> {
        let inner = if t.row {
            json!({"type": "list_reply", "list_reply": {"id": t.id, "title": t.title}})
        } else {
            json!({"type": "button_reply", "button_reply": {"id": t.id, "title": t.title}})
        };
        let m = json!({"from": self.phone, "id": self.wire.next_id(), "timestamp": now_s(), "type": "interactive", "interactive": inner});
        self.post(m).await
    }

    /// Share a location pin.
    pub async fn pin(&mut self, lat: f64, lon: f64, name: &str) -> Result<(), SimError> {
        let m = json!({"from": self.phone, "id": self.wire.next_id(), "timestamp": now_s(), "type": "location",
                       "location": {"latitude": lat, "longitude": lon, "name": name}});
        self.post(m).await
    }

    /// Wait until a message since our last action satisfies `want`; returns its answer.
    pub async fn wait_for<T>(
        &mut self,
        what: &str,
        mut want: impl FnMut(&[Seen]) -> Option<T>,
    ) -> Result<T, SimError> {
        let deadline = tokio::time::Instant::now() + self.patience;
        loop {
            if let Some(t) = want(&self.pending) {
                return Ok(t);
            }
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            if left.is_zero() {
                let last = self
                    .pending
                    .iter()
                    .map(|m| read(&m.body).0)
                    .collect::<Vec<_>>()
                    .join(" | ");
                return Err(SimError::Timeout {
                    what: what.to_string(),
                    secs: self.patience.as_secs(),
                    last,
                });
            }
            let mut got = self.wire.messages(&self.phone, self.seen, left).await?;
            if let Some(max) = got.iter().map(|m| m.seq).max() {
                self.seen = self.seen.max(max);
            }
            got.retain(|m| {
                m.body["biz_opaque_callback_data"]
                    .as_str()
                    .is_none_or(|cb| self.callbacks.insert(cb.to_string()))
            });
            self.transcript.extend(got.iter().map(|m| read(&m.body).0));
            self.pending.extend(got);
        }
    }

    /// Everything shown since our last action, newest message first.
    pub fn shown(&self) -> Vec<(String, Vec<Tap>)> {
        self.pending.iter().rev().map(|m| read(&m.body)).collect()
    }
}

fn now_s() -> String {
    (crate::clock::now_ms() / 1000).to_string()
}

/// The tap whose title names `want` (case- and accent-insensitive) in the newest
/// message that offers one: an exact title first, else one containing it.
pub fn find_tap(pending: &[Seen], want: &str) -> Option<Tap> {
    let w = crate::domain::text::fold(want);
    pending.iter().rev().find_map(|m| {
        let taps = read(&m.body).1;
        let exact = taps
            .iter()
            .find(|t| strip_marks(&crate::domain::text::fold(&t.title)) == w);
        exact
            .or_else(|| {
                taps.iter()
                    .find(|t| crate::domain::text::fold(&t.title).contains(&w))
            })
            .cloned()
    })
}

/// Titles may start with an emoji ("✅ Sipariş ver"); compare the words.
fn strip_marks(s: &str) -> String {
    s.trim_start_matches(|c: char| !c.is_alphanumeric())
        .trim()
        .to_string()
}
