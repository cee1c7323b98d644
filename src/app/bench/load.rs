//! The loads: complete conversations, raw ingest, and a steady rate.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::broadcast;

use crate::events::OrderEvent;
use crate::sim::{Customer, Plan, Wire};

/// The order every benchmark customer places, written in one sentence ("2 tavuk
/// dürüm acılı, 1 ayran küçük"): two lines with options, a coupon, pickup.
pub fn plan() -> Plan {
    crate::sim::plan::standard(Some("BENCH"))
}

/// Play `n` conversations, `c` at a time; returns (completed, failed, wall time).
pub async fn conversations(wire: Arc<Wire>, n: u32, c: u32) -> (u32, u32, Duration) {
    let next = Arc::new(std::sync::atomic::AtomicU32::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..c.max(1) {
        let (wire, next) = (wire.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            let (mut ok, mut bad) = (0, 0);
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i >= n {
                    return (ok, bad);
                }
                let mut cust =
                    Customer::new(wire.clone(), format!("9055{i:08}"), format!("Müşteri {i}"));
                match cust.order(&plan()).await {
                    Ok(_) => ok += 1,
                    Err(e) => {
                        tracing::warn!(error = %e, "benchmark conversation failed");
                        bad += 1;
                    }
                }
            }
        }));
    }
    let (ok, bad) = tally(tasks).await;
    (ok, bad, started.elapsed())
}

/// Watch the bus like a kitchen display and time each order from its
/// customer's confirming webhook to the event (µs, into `out`).
pub fn watch_orders(
    mut rx: broadcast::Receiver<OrderEvent>,
    wire: Arc<Wire>,
    out: Arc<std::sync::Mutex<Vec<u32>>>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            match rx.recv().await {
                Ok(OrderEvent::Placed(o)) => {
                    let now = Instant::now();
                    let sent: Option<Instant> = wire
                        .timings
                        .last_post
                        .lock()
                        .ok()
                        .and_then(|m| m.get(o.customer_phone.as_str()).copied());
                    if let (Some(s), Ok(mut v)) = (sent, out.lock()) {
                        v.push(
                            u32::try_from(now.duration_since(s).as_micros()).unwrap_or(u32::MAX),
                        );
                    }
                }
                Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {}
                Err(broadcast::error::RecvError::Closed) => return,
            }
        }
    })
}

/// A signed single text message from a customer, ready to post.
fn single(wire: &Wire, from: &str) -> Vec<u8> {
    let m = serde_json::json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": "102000000000001", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "902125550100", "phone_number_id": wire.phone_number_id},
            "contacts": [{"profile": {"name": "Yük"}, "wa_id": from}],
            "messages": [{"from": from, "id": wire.next_id(), "timestamp": (crate::clock::now().as_millis() / 1000).to_string(),
                          "type": "text", "text": {"body": "merhaba"}}]
        }}]}]
    });
    serde_json::to_vec(&m).unwrap_or_default()
}

/// `n` signed single text messages from 5,000 customers, one `signature TAB body` a line,
/// for a load generator that cannot sign (wrk's Lua has no HMAC): each message id is unique
/// (a random run prefix, then its number), so every request stores a new row.
pub fn signed_bodies(n: u32, secret: &[u8], phone_number_id: &str) -> String {
    let run = fastrand::u64(..);
    let now_s = (crate::clock::now().as_millis() / 1000).to_string();
    let mut out = String::with_capacity(n as usize * 560);
    for i in 0..n {
        let from = format!("9056{:08}", i % 5000);
        let m = serde_json::json!({
            "object": "whatsapp_business_account",
            "entry": [{"id": "102000000000001", "changes": [{"field": "messages", "value": {
                "messaging_product": "whatsapp",
                "metadata": {"display_phone_number": "902125550100", "phone_number_id": phone_number_id},
                "contacts": [{"profile": {"name": "Yük"}, "wa_id": from}],
                "messages": [{"from": from, "id": format!("wamid.WRK{run:016x}{i:010}"), "timestamp": now_s,
                              "type": "text", "text": {"body": "merhaba"}}]
            }}]}]
        });
        // compact JSON has no raw tab or newline: one line each
        let body = m.to_string();
        out.push_str(&crate::whatsapp::signature::sign(secret, body.as_bytes()));
        out.push('\t');
        out.push_str(&body);
        out.push('\n');
    }
    out
}

/// Post `m` single messages as fast as `c` connections allow; returns (200s, others, wall time).
pub async fn ingest(wire: Arc<Wire>, m: u32, c: u32) -> (u32, u32, Duration) {
    let bodies: Vec<(String, Vec<u8>)> = (0..m)
        .map(|i| {
            let from = format!("9056{:08}", i % 5000);
            let b = single(&wire, &from);
            (from, b)
        })
        .collect();
    let queue = Arc::new(std::sync::Mutex::new(bodies));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..c.max(1) {
        let (wire, queue) = (wire.clone(), queue.clone());
        tasks.push(tokio::spawn(async move {
            let (mut ok, mut bad) = (0, 0);
            loop {
                let next = queue.lock().ok().and_then(|mut q| q.pop());
                let Some((from, body)) = next else {
                    return (ok, bad);
                };
                match wire.post_signed(&from, body).await {
                    Ok(200) => ok += 1,
                    _ => bad += 1,
                }
            }
        }));
    }
    let (ok, bad) = tally(tasks).await;
    (ok, bad, started.elapsed())
}

/// Post single messages at a steady `rate` per second for `secs` (open loop:
/// a slow answer does not slow the sender); returns (200s, others).
pub async fn steady(wire: Arc<Wire>, rate: u32, secs: u32) -> (u32, u32) {
    let total = rate * secs;
    let interval = Duration::try_from_secs_f64(1.0 / f64::from(rate.max(1)))
        .unwrap_or(Duration::from_millis(1));
    let mut tick = tokio::time::interval(interval);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    let mut tasks = Vec::with_capacity(total as usize);
    for i in 0..total {
        tick.tick().await;
        let from = format!("9057{:08}", i % 2000);
        let body = single(&wire, &from);
        let wire = wire.clone();
        tasks.push(tokio::spawn(
            async move { wire.post_signed(&from, body).await },
        ));
    }
    let (mut ok, mut bad) = (0, 0);
    for t in tasks {
        match t.await {
            Ok(Ok(200)) => ok += 1,
            _ => bad += 1,
        }
    }
    (ok, bad)
}

/// Sum the (done, failed) counts of the load tasks.
async fn tally(tasks: Vec<tokio::task::JoinHandle<(u32, u32)>>) -> (u32, u32) {
    let (mut ok, mut bad) = (0, 0);
    for t in tasks {
        if let Ok((o, b)) = t.await {
            ok += o;
            bad += b;
        }
    }
    (ok, bad)
}
