//! Commands performed against the backend, off the drawing path. Writes go
//! through one task in order (two quick bumps must reach the store in the order
//! they were pressed); reloads through another, which coalesces requests and
//! reloads again if bus events arrived while it was reading, so a stale
//! snapshot never has the last word. Failures come back as
//! `Event::CommandFailed`, never as a crash.

use crate::domain::OrderNumber;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::sync::{Notify, mpsc};
use tokio_util::sync::CancellationToken;

use crate::domain::order::OrderStatus;
use crate::events::OrderEvent;
use crate::kds::backend::KdsBackend;
use crate::kds::event::Event;
use crate::kds::state::label;

/// A write against the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Write {
    Status {
        number: OrderNumber,
        to: OrderStatus,
    },
    Rush {
        number: OrderNumber,
        rush: bool,
    },
    AnswerCancel {
        number: OrderNumber,
        accept: bool,
    },
    Available {
        product_id: i64,
        available: bool,
    },
    Print {
        number: OrderNumber,
    },
    /// A station finished (or recalled) lines of an order.
    Lines {
        number: OrderNumber,
        positions: Vec<usize>,
        done: bool,
    },
    /// Busy mode's new step (the `b` key), then the store's answer in the header.
    Busy {
        minutes: u32,
    },
}

/// Perform writes one after another until the sender is dropped. After a
/// failure the optimistic change on the screen is wrong, so ask for the truth.
pub(super) async fn writer<B: KdsBackend>(
    backend: Arc<B>,
    mut rx: mpsc::UnboundedReceiver<Write>,
    tx: mpsc::Sender<Event>,
) {
    while let Some(w) = rx.recv().await {
        let (result, what, then) = match w {
            Write::Status { number, to } => (
                backend.set_status(number, to).await,
                format!("#{number} → {}", label(to)),
                OrderEvent::Reload,
            ),
            Write::Rush { number, rush } => (
                backend.set_rush(number, rush).await,
                format!("#{number} {}", if rush { "rush" } else { "rush cleared" }),
                OrderEvent::Reload,
            ),
            Write::AnswerCancel { number, accept } => (
                backend.answer_cancel(number, accept).await,
                format!(
                    "#{number} {}",
                    if accept {
                        "cancel accepted"
                    } else {
                        "cancel refused"
                    }
                ),
                OrderEvent::Reload,
            ),
            Write::Available {
                product_id,
                available,
            } => (
                backend.set_available(product_id, available).await,
                format!(
                    "{} product {product_id}",
                    if available { "un-86" } else { "86" }
                ),
                OrderEvent::MenuChanged,
            ),
            Write::Print { number } => (
                backend.reprint(number).await,
                format!("print #{number}"),
                OrderEvent::Reload,
            ),
            Write::Lines {
                number,
                positions,
                done,
            } => (
                backend.set_lines(number, positions, done).await,
                format!(
                    "#{number} {}",
                    if done { "lines done" } else { "lines recalled" }
                ),
                OrderEvent::Reload,
            ),
            // in line with the other writes: two quick presses are stored in the order made
            Write::Busy { minutes } => {
                set_busy(backend.clone(), minutes, tx.clone()).await;
                continue;
            }
        };
        if let Err(error) = result {
            let error = format!("{error:#}");
            tracing::warn!(%error, %what, "kitchen display command failed");
            // the display may be gone already (quitting): nothing left to tell
            let _ = tx
                .send(Event::CommandFailed(format!("{what} failed: {error}")))
                .await;
            let _ = tx.send(Event::Order(then)).await;
        }
    }
}

/// Reload open orders whenever notified; requests made while a reload runs
/// collapse into one more. `seen` counts bus events: if it moved during a
/// read, read again. A failed read is retried after `retry`.
pub(super) async fn reloader<B: KdsBackend>(
    backend: Arc<B>,
    requests: Arc<Notify>,
    seen: Arc<AtomicU64>,
    tx: mpsc::Sender<Event>,
    retry: Duration,
    stop: CancellationToken,
) {
    loop {
        tokio::select! {
            () = stop.cancelled() => return,
            () = requests.notified() => {}
        }
        loop {
            let before = seen.load(Ordering::SeqCst);
            let event = match backend.open_orders().await {
                Ok(list) => Event::Reloaded(list),
                Err(error) => {
                    let error = format!("{error:#}");
                    tracing::warn!(%error, "reloading open orders failed");
                    Event::CommandFailed(format!("reload failed: {error}"))
                }
            };
            let failed = matches!(event, Event::CommandFailed(_));
            if tx.send(event).await.is_err() {
                return;
            }
            if failed {
                tokio::select! {
                    () = stop.cancelled() => return,
                    () = tokio::time::sleep(retry) => continue,
                }
            }
            if seen.load(Ordering::SeqCst) == before {
                break;
            }
        }
    }
}

/// Load the product list for the availability panel.
pub(super) async fn products<B: KdsBackend>(backend: Arc<B>, tx: mpsc::Sender<Event>) {
    let event = match backend.products().await {
        Ok(list) => Event::Products(list),
        Err(error) => Event::CommandFailed(format!("loading products failed: {error:#}")),
    };
    let _ = tx.send(event).await;
}

/// Load the customers waiting for a person.
pub async fn waiting<B: KdsBackend>(backend: Arc<B>, tx: mpsc::Sender<Event>) {
    let event = match backend.waiting(crate::clock::now()).await {
        Ok(list) => Event::Waiting(list),
        Err(error) => Event::CommandFailed(format!("loading the waiting list failed: {error:#}")),
    };
    let _ = tx.send(event).await;
}

/// Hand a customer back to the bot, then show the list as it now is.
pub(super) async fn hand_back<B: KdsBackend>(
    backend: Arc<B>,
    phone: crate::domain::CustomerId,
    tx: mpsc::Sender<Event>,
) {
    if let Err(error) = backend.hand_back(phone.clone()).await {
        let error = format!("{error:#}");
        tracing::warn!(%error, "handing a customer back failed");
        let _ = tx
            .send(Event::CommandFailed(format!("hand back failed: {error}")))
            .await;
    }
    waiting(backend, tx).await;
}

/// Set busy mode (the `b` key), then read the health again so the header
/// shows what the store now holds.
pub(super) async fn set_busy<B: KdsBackend>(
    backend: Arc<B>,
    minutes: u32,
    tx: mpsc::Sender<Event>,
) {
    if let Err(error) = backend.set_busy(minutes).await {
        let error = format!("{error:#}");
        tracing::warn!(%error, "setting busy mode failed");
        let _ = tx
            .send(Event::CommandFailed(format!("busy mode failed: {error}")))
            .await;
    }
    if let Ok(h) = backend.health(crate::clock::now()).await {
        let _ = tx.send(Event::Health(h)).await;
    }
}
