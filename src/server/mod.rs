//! The axum server and the background tasks around it: the inbox writer
//! (group commit), the inbox worker (the bot) and the outbox sender.
//!
//! [`start`] takes a bound listener and a shutdown token (tests bind
//! 127.0.0.1:0); everything stops when the token is cancelled.

pub mod conn;
pub mod doorbell;
pub mod effects;
pub mod health;
pub mod ingest;
pub mod kds_api;
pub mod kds_backend;
pub mod leader;
pub mod pace;
pub mod sender;
pub mod shop;
pub mod webhook;
pub mod worker;

use std::sync::Arc;

use axum::Router;
use axum::routing::get;
use tokio::net::TcpListener;
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use crate::config::Config;
use crate::events::Bus;
use crate::store::Db;

/// Shared by every handler and task.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub cfg: Arc<Config>,
    pub bus: Bus,
    pub health: Arc<health::Health>,
    pub ingest: ingest::Ingest,
    /// The HMAC key; `None` only with `--insecure-no-signature`.
    pub app_secret: Option<Vec<u8>>,
    /// Rung after new inbox rows are committed.
    pub inbox_wake: Arc<Notify>,
    /// Rung after new outbox rows are committed.
    pub outbox_wake: Arc<Notify>,
}

/// The routes of the contract.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/webhook", get(webhook::verify).post(webhook::receive))
        .route("/healthz", get(health::healthz))
        .nest("/kds/v1", kds_api::router(state.clone()))
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
pub async fn start(
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
    let (ingest, writer) = ingest::start(db.clone(), inbox_wake.clone());
    let state = AppState {
        db,
        cfg,
        bus,
        health: Arc::new(health::Health::default()),
        ingest,
        app_secret,
        inbox_wake,
        outbox_wake,
    };
    let app = match extra {
        Some(extra) => router(state.clone()).merge(extra),
        None => router(state.clone()),
    };
    let stop = shutdown.clone();
    let http = tokio::spawn(async move {
        let served = axum::serve(conn::Guarded(listener), app)
            .with_graceful_shutdown(async move { stop.cancelled().await })
            .await;
        if let Err(e) = served {
            tracing::error!(error = %e, "the HTTP server stopped");
        }
    });
    let tasks = vec![("http", http), ("inbox writer", writer)];
    Ok(Running { addr, state, tasks })
}

/// Start everything a shop needs behind `listener`: the HTTP server, the inbox
/// writer, the inbox worker and the outbox sender.
pub async fn start_all(
    listener: TcpListener,
    cfg: Arc<Config>,
    db: Db,
    bus: Bus,
    extra: Option<Router>,
    shutdown: CancellationToken,
) -> anyhow::Result<Running> {
    let client = graph_client(&cfg)?;
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
    };
    let sender_cfg = sender::SenderConfig {
        pair_burst: cfg.whatsapp.pair_burst,
        retry_first_ms: i64::from(cfg.whatsapp.retry_first_ms),
        batch: 1000,
    };
    let queues = Queues {
        worker,
        client: Arc::new(client),
        sender_cfg,
        url: cfg.database.url.clone(),
    };
    running
        .tasks
        .push(("queues", tokio::spawn(queues.run(shutdown.clone()))));
    Ok(running)
}

/// The Graph API client from the configuration (built once: building one costs a TLS setup).
pub fn graph_client(cfg: &Config) -> anyhow::Result<crate::whatsapp::client::GraphClient> {
    use anyhow::Context as _;
    let w = &cfg.whatsapp;
    let token = w
        .access_token
        .clone()
        .context("whatsapp.access_token is not set")?;
    let phone_id = w
        .phone_number_id
        .clone()
        .context("whatsapp.phone_number_id is not set")?;
    crate::whatsapp::client::GraphClient::new(
        &w.api_base_url,
        &w.api_version,
        &phone_id,
        token,
        std::time::Duration::from_secs(30),
    )
    .map_err(|e| anyhow::anyhow!("cannot build the Graph API client: {e}"))
}

/// The inbox worker and the outbox sender, run while this process holds the lease.
struct Queues {
    worker: worker::Worker,
    client: Arc<crate::whatsapp::client::GraphClient>,
    sender_cfg: sender::SenderConfig,
    url: String,
}

impl Queues {
    async fn run(self, shutdown: CancellationToken) {
        let mut said_standby = false;
        loop {
            match leader::try_acquire(&self.url).await {
                Ok(Some(mut lease)) => {
                    said_standby = false;
                    tracing::info!("this process works the inbox and outbox queues");
                    let work = shutdown.child_token();
                    let w = tokio::spawn(self.worker.clone().run(work.clone()));
                    let s = tokio::spawn(sender::run(
                        self.worker.db.clone(),
                        self.client.clone(),
                        self.worker.outbox_wake.clone(),
                        self.sender_cfg.clone(),
                        work.clone(),
                    ));
                    loop {
                        tokio::select! {
                            () = shutdown.cancelled() => break,
                            () = tokio::time::sleep(std::time::Duration::from_secs(2)) => {
                                if !lease.alive().await {
                                    tracing::warn!("lost the queue lease (database restarted?); stopping the queue workers");
                                    break;
                                }
                            }
                        }
                    }
                    work.cancel();
                    let _ = w.await;
                    let _ = s.await;
                    drop(lease);
                }
                Ok(None) if !said_standby => {
                    said_standby = true;
                    tracing::info!("another maydanoz process works the queues; standing by");
                }
                Ok(None) => {}
                Err(e) => tracing::warn!(error = %e, "cannot take the queue lease; retrying"),
            }
            tokio::select! {
                () = shutdown.cancelled() => return,
                () = tokio::time::sleep(std::time::Duration::from_secs(2)) => {}
            }
        }
    }
}
