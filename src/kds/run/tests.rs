//! Tests of the run loop against the fake backend, on a `TestBackend` terminal,
//! with short intervals. Keys are injected into the event channel.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tokio::sync::{broadcast, mpsc};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use super::{Parts, Timing, drive};
use crate::domain::order::OrderStatus;
use crate::events::{Bus, OrderEvent};
use crate::kds::event::Event;
use crate::kds::fake::FakeBackend;
use crate::kds::sound::Chime;
use crate::kds::state::State;
use crate::kds::testutil::{T0, order, settings};

struct Harness {
    tx: mpsc::Sender<Event>,
    stop: CancellationToken,
    bells: Arc<AtomicUsize>,
    done: JoinHandle<anyhow::Result<State>>,
}

fn start(backend: &Arc<FakeBackend>, bus: broadcast::Receiver<OrderEvent>) -> Harness {
    let (tx, rx) = mpsc::channel(64);
    let stop = CancellationToken::new();
    let timing = Timing {
        tick: Duration::from_millis(50),
        seq_poll: Duration::from_millis(20),
        health: Duration::from_millis(50),
        retry: Duration::from_millis(30),
    };
    let parts = Parts {
        backend: backend.clone(),
        bus,
        settings: settings(),
        chime: Chime::Bell,
        tx: tx.clone(),
        rx,
        stop: stop.clone(),
        timing,
    };
    let terminal = Terminal::new(TestBackend::new(80, 24)).expect("test terminal");
    let bells = Arc::new(AtomicUsize::new(0));
    let b = bells.clone();
    let done = tokio::spawn(drive(parts, terminal, move |_| {
        b.fetch_add(1, Ordering::SeqCst);
    }));
    Harness {
        tx,
        stop,
        bells,
        done,
    }
}

impl Harness {
    async fn key(&self, code: KeyCode) {
        let k = KeyEvent::new(code, KeyModifiers::NONE);
        self.tx.send(Event::Key(k)).await.expect("loop is running");
    }

    async fn quit(self) -> State {
        self.key(KeyCode::Char('q')).await;
        self.key(KeyCode::Char('y')).await;
        let state = tokio::time::timeout(Duration::from_secs(5), self.done).await;
        state
            .expect("quits in time")
            .expect("no panic")
            .expect("no error")
    }
}

async fn eventually(what: &str, cond: impl Fn() -> bool) {
    for _ in 0..300 {
        if cond() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("never happened: {what}");
}

/// Let queued events reach the loop.
async fn settle() {
    tokio::time::sleep(Duration::from_millis(100)).await;
}

fn backend(bus: Option<Bus>) -> Arc<FakeBackend> {
    Arc::new(FakeBackend::with(vec![order(1, T0), order(2, T0 + 1)], bus))
}

#[tokio::test]
async fn a_bump_reaches_the_store_and_q_y_quits() {
    let bus = Bus::new();
    let b = backend(Some(bus.clone()));
    let h = start(&b, bus.subscribe());
    eventually("first load", || b.reloads() >= 1).await;
    settle().await;
    h.key(KeyCode::Enter).await;
    eventually("bump stored", || {
        b.status_log.lock().map(|l| l.len()).unwrap_or(0) == 1
    })
    .await;
    settle().await;
    let reloads = b.reloads();
    let state = h.quit().await;
    assert_eq!(
        *b.status_log.lock().expect("log"),
        vec![(1, OrderStatus::Preparing)]
    );
    assert_eq!(
        state
            .order(crate::domain::OrderNumber::new(1))
            .map(|o| o.status),
        Some(OrderStatus::Preparing)
    );
    assert_eq!(
        b.reloads(),
        reloads,
        "our own bus event explains the sequence: no reload"
    );
}

/// `b` pressed four times quickly (+10, +20, +30, off): the steps are stored in the
/// order pressed, so the store ends with busy mode off, as the board said. Each
/// press's write used to run as its own task, and a quick "off" could be overtaken
/// by the slower "+30" before it, leaving the kitchen quoting +30.
#[tokio::test]
async fn quick_busy_presses_are_stored_in_the_order_made() {
    let b = backend(None);
    let h = start(&b, Bus::new().subscribe());
    eventually("first load", || b.reloads() >= 1).await;
    for _ in 0..4 {
        h.key(KeyCode::Char('b')).await;
    }
    eventually("four busy writes", || {
        b.busy_log.lock().map(|l| l.len()).unwrap_or(0) == 4
    })
    .await;
    h.quit().await;
    assert_eq!(*b.busy_log.lock().expect("log"), vec![10, 20, 30, 0]);
}

#[tokio::test]
async fn the_shutdown_token_stops_the_display() {
    let b = backend(None);
    let h = start(&b, Bus::new().subscribe());
    eventually("first load", || b.reloads() >= 1).await;
    h.stop.cancel();
    let r = tokio::time::timeout(Duration::from_secs(5), h.done).await;
    assert!(r.expect("stops in time").expect("no panic").is_ok());
}

#[tokio::test]
async fn a_failed_write_is_shown_and_the_truth_reloaded() {
    let b = backend(None);
    let h = start(&b, Bus::new().subscribe());
    eventually("first load", || b.reloads() >= 1).await;
    settle().await;
    b.fail_writes.store(true, Ordering::SeqCst);
    h.key(KeyCode::Enter).await;
    eventually("reload after the failure", || b.reloads() >= 2).await;
    settle().await;
    let state = h.quit().await;
    let error = state
        .error
        .as_ref()
        .map(|e| e.text.clone())
        .unwrap_or_default();
    assert!(
        error.contains("#1 → preparing failed: database is locked"),
        "{error}"
    );
    assert_eq!(
        state
            .order(crate::domain::OrderNumber::new(1))
            .map(|o| o.status),
        Some(OrderStatus::New),
        "optimistic bump undone"
    );
}

#[tokio::test]
async fn a_lagging_bus_reloads_instead_of_skipping() {
    let (tx, rx) = broadcast::channel(2);
    let b = backend(None);
    let h = start(&b, rx);
    eventually("first load", || b.reloads() >= 1).await;
    settle().await;
    // no await in between: on this single-threaded runtime the display cannot keep up
    for _ in 0..5 {
        let _ = tx.send(OrderEvent::MenuChanged);
    }
    eventually("reload after lag", || b.reloads() >= 2).await;
    h.quit().await;
}

#[tokio::test]
async fn a_change_by_another_process_reaches_the_board() {
    let b = backend(None);
    let h = start(&b, Bus::new().subscribe());
    eventually("first load", || b.reloads() >= 1).await;
    settle().await;
    b.external_status(crate::domain::OrderNumber::new(2), OrderStatus::Ready);
    eventually("reload after the sequence moved", || b.reloads() >= 2).await;
    settle().await;
    let state = h.quit().await;
    assert_eq!(
        state
            .order(crate::domain::OrderNumber::new(2))
            .map(|o| o.status),
        Some(OrderStatus::Ready)
    );
}

#[tokio::test]
async fn a_new_order_rings_the_bell_without_an_audio_device() {
    let bus = Bus::new();
    let b = backend(Some(bus.clone()));
    let h = start(&b, bus.subscribe());
    eventually("first load", || b.reloads() >= 1).await;
    settle().await;
    assert_eq!(
        h.bells.load(Ordering::SeqCst),
        0,
        "the first load is silent"
    );
    bus.publish(OrderEvent::Placed(Box::new(order(3, T0 + 2))));
    eventually("bell", || h.bells.load(Ordering::SeqCst) == 1).await;
    let state = h.quit().await;
    assert!(
        state
            .ringing
            .contains_key(&crate::domain::OrderNumber::new(3))
    );
}

#[test]
fn run_is_a_send_future() {
    fn is_send<T: Send>(_: &T) {}
    let b = backend(None);
    let f = super::run(
        b,
        Bus::new().subscribe(),
        settings(),
        CancellationToken::new(),
    );
    is_send(&f);
}
