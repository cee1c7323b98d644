//! HTTP: the axum router (`/webhook`, `/healthz`), its connection guard, and
//! the one place that starts a shop — [`start`] serves HTTP with the inbox
//! writer behind it, [`start_all`] adds the [queues](crate::queue).
//!
//! [`start`] takes a bound listener and a shutdown token (tests bind
//! 127.0.0.1:0); everything stops when the token is cancelled.

pub(crate) mod board;
pub mod conn;
pub(crate) mod dbfile;
pub mod doorbell;
pub(crate) mod health;
pub(crate) mod kds_api;
pub(crate) mod webhook;

use std::sync::Arc;

use axum::Router;
use axum::routing::{get, post};
use tokio::net::TcpListener;
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use crate::config::Config;
use crate::events::Bus;
use crate::health::Health;
use crate::queue::{self, Queues, ingest, sender, worker};
use crate::store::Db;

/// Shared by every handler and task.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub cfg: Arc<Config>,
    pub bus: Bus,
    pub health: Arc<Health>,
    pub ingest: ingest::Ingest,
    /// The HMAC key; `None` only with `--insecure-no-signature`.
    pub app_secret: Option<Vec<u8>>,
    /// Rung after new inbox rows are committed.
    pub inbox_wake: Arc<Notify>,
    /// Rung after new outbox rows are committed.
    pub outbox_wake: Arc<Notify>,
    /// The boards' "today" figures, computed again only after a change.
    pub today_cache: Arc<crate::service::kds::TodayCache>,
    /// This process's inbox worker while it holds the queues' lease: the inbox writer
    /// decides what it stores in the same commit through it.
    pub(crate) worker: worker::Slot,
}

/// The routes of the contract.
pub(crate) fn router(state: AppState) -> Router {
    Router::new()
        .route(
            "/webhook",
            get(webhook::verify)
                .merge(post(webhook::receive).with_state(webhook::Hook::of(&state))),
        )
        .route("/healthz", get(health::healthz))
        .nest("/kds/v1", kds_api::router(state.clone()))
        .merge(board::router())
        .with_state(state)
}

/// A running server: its address, its state, and the tasks to wait for.
pub struct Running {
    pub addr: std::net::SocketAddr,
    pub state: AppState,
    pub tasks: Vec<(&'static str, tokio::task::JoinHandle<()>)>,
}

/// Start serving on `listener` with its background tasks; stop on `shutdown`.
/// `extra` routes are served alongside (the demo mounts its Graph API stand-in).
pub(crate) async fn start(
    listener: TcpListener,
    cfg: Arc<Config>,
    db: Db,
    bus: Bus,
    app_secret: Option<Vec<u8>>,
    extra: Option<Router>,
    shutdown: CancellationToken,
) -> std::io::Result<Running> {
    let addr = listener.local_addr()?;
    let inbox_wake = Arc::new(Notify::new());
    let outbox_wake = Arc::new(Notify::new());
    let health = Arc::new(Health::default());
    let worker = worker::Slot::default();
    let (ingest, writer) = ingest::start_deciding(
        db.clone(),
        inbox_wake.clone(),
        health.clone(),
        worker.clone(),
    );
    let state = AppState {
        db,
        cfg,
        bus,
        health,
        ingest,
        app_secret,
        inbox_wake,
        outbox_wake,
        today_cache: Arc::default(),
        worker,
    };
    let app = match extra {
        Some(extra) => router(state.clone()).merge(extra),
        None => router(state.clone()),
    };
    let stop = shutdown.clone();
    let http = tokio::spawn(async move {
        let served = axum::serve(conn::Guarded::new(listener), app)
            .with_graceful_shutdown(async move { stop.cancelled().await })
            .await;
        if let Err(e) = served {
            tracing::error!(error = %e, "the HTTP server stopped");
        }
    });
    dbfile::watch(
        &state.cfg.database.url,
        state.health.clone(),
        shutdown.clone(),
    );
    let tasks = vec![("http", http), ("inbox writer", writer)];
    Ok(Running { addr, state, tasks })
}

/// Start everything a shop needs behind `listener`: the HTTP server, the inbox
/// writer, the inbox worker and the outbox sender, on the queues' `timing`
/// (`Timing::default()` in production; tests may pass short pauses).
pub async fn start_all(
    listener: TcpListener,
    cfg: Arc<Config>,
    db: Db,
    bus: Bus,
    extra: Option<Router>,
    shutdown: CancellationToken,
    timing: queue::Timing,
) -> anyhow::Result<Running> {
    let client = queue::graph_client(&cfg)?;
    let app_secret = cfg.app_secret();
    let mut running = start(
        listener,
        cfg.clone(),
        db.clone(),
        bus,
        app_secret,
        extra,
        shutdown.clone(),
    )
    .await?;
    let s = running.state.clone();
    let worker = worker::Worker {
        db: s.db.clone(),
        cfg: cfg.clone(),
        bus: s.bus.clone(),
        health: s.health.clone(),
        wake: s.inbox_wake.clone(),
        outbox_wake: s.outbox_wake.clone(),
        fence: crate::store::lease::Fence::default(),
        poll: timing.worker_poll(),
        error_pause: timing.worker_error_pause(),
        turn: worker::Turn::default(),
    };
    let sender_cfg = sender::SenderConfig {
        pair_burst: cfg.whatsapp.pair_burst,
        retry_first: crate::domain::time::Span::millis(i64::from(cfg.whatsapp.retry_first_ms)),
        batch: 1000,
        fence: crate::store::lease::Fence::default(),
        wall: crate::clock::now,
        timing: timing.sender.clone(),
    };
    let queues = Queues {
        worker,
        slot: s.worker.clone(),
        client: Arc::new(client),
        sender_cfg,
        printer: queue::printer_config(&cfg, timing.printer.clone()),
        url: cfg.database.url.clone(),
        timing,
    };
    running
        .tasks
        .push(("queues", tokio::spawn(queues.run(shutdown.clone()))));
    Ok(running)
}
