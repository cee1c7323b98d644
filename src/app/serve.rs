//! `maydanoz serve`: the webhook server and its workers, and on a terminal the
//! kitchen display in the same process.

use std::io::IsTerminal as _;
use std::path::Path;
use std::sync::Arc;

use anyhow::Context as _;
use tokio_util::sync::CancellationToken;

use crate::admin::UserError;
use crate::cli::ServeArgs;
use crate::config::Config;
use crate::events::Bus;
use crate::kds::{self, KdsSettings};
use crate::server::Running;
use crate::service::kds::StoreKds;
use crate::store::Db;

pub async fn run(cfg: Config, args: ServeArgs) -> anyhow::Result<()> {
    cfg.validate_whatsapp(args.insecure_no_signature)
        .map_err(UserError::from)?;
    let tty = !args.headless && std::io::stdout().is_terminal() && std::io::stdin().is_terminal();
    let _log = crate::logging::init(&cfg.log.level, tty.then(|| Path::new(&cfg.log.file)))?;
    if cfg.app_secret().is_none() {
        tracing::warn!(
            "whatsapp.app_secret is not set: webhooks are NOT authenticated (--insecure-no-signature)"
        );
    }
    crate::server::dbfile::check_before_start(&cfg.database.url, args.create)
        .map_err(crate::admin::user)?;
    let db = Db::connect(&cfg.database.url)
        .await
        .map_err(crate::admin::open_error)?;
    // a lock file this user cannot open means a server that never works its queue: say so now
    crate::store::lease::check_lock_file(&cfg.database.url)?;
    let mut settings = KdsSettings::from_config(&cfg);
    if let Some(name) = &args.station {
        let known = crate::store::stations::known(&mut db.read().await?.exec()).await?;
        settings.view = crate::domain::station::resolve(name, &known)
            .map_err(|e| crate::admin::user(format!("serve: --station: {e}")))?;
    }
    let listener = tokio::net::TcpListener::bind(&cfg.server.bind)
        .await
        .with_context(|| format!("cannot listen on {}", cfg.server.bind))?;
    let tz = cfg.restaurant.timezone.clone();
    let print_on_first_bump =
        cfg.printer.target.is_some() && cfg.printer.print_on == crate::print::PrintOn::FirstBump;
    let cfg = Arc::new(cfg);
    let shutdown = CancellationToken::new();
    let bus = Bus::new();
    let kds_rx = bus.subscribe();
    let running = start_shop(listener, cfg.clone(), &db, &bus, None, &shutdown).await?;
    tracing::info!(addr = %running.addr, backend = ?db.backend(), "serving");
    let stop = shutdown.clone();
    tokio::spawn(async move {
        super::shutdown::stop_signal().await;
        tracing::info!("stop signal received");
        stop.cancel();
    });
    if tty {
        show_board(
            &running,
            &db,
            &bus,
            kds_rx,
            settings,
            (tz, print_on_first_bump),
            &shutdown,
        )
        .await?;
    } else {
        eprintln!(
            "maydanoz: serving on http://{} (headless; Ctrl-C stops)",
            running.addr
        );
        shutdown.cancelled().await;
    }
    super::shutdown::stop_all(running).await;
    db.close().await;
    Ok(())
}

/// Everything a shop runs behind `listener`, as `serve` runs it: the HTTP server (with
/// `extra` routes), the inbox writer, the queues, and on PostgreSQL the doorbell (other
/// processes' writes wake this one's boards at once). `serve`, `bench` and `demo`
/// start here, so what is measured and shown is what a shop runs. Subscribe to `bus`
/// before calling to see every event.
pub(super) async fn start_shop(
    listener: tokio::net::TcpListener,
    cfg: Arc<Config>,
    db: &Db,
    bus: &Bus,
    extra: Option<axum::Router>,
    shutdown: &CancellationToken,
) -> anyhow::Result<Running> {
    // the production timing; tests start the same pieces with short pauses
    let timing = crate::queue::Timing::default();
    let mut running = crate::server::start_all(
        listener,
        cfg,
        db.clone(),
        bus.clone(),
        extra,
        shutdown.clone(),
        timing,
    )
    .await?;
    if let Some(t) = crate::server::doorbell::spawn(db, bus.clone(), shutdown.clone()) {
        running.tasks.push(("doorbell", t));
    }
    Ok(running)
}

/// Draw the kitchen display in this terminal until it quits (or `shutdown`),
/// then stop everything else too.
pub(super) async fn show_board(
    running: &Running,
    db: &Db,
    bus: &Bus,
    rx: tokio::sync::broadcast::Receiver<crate::events::OrderEvent>,
    settings: KdsSettings,
    (tz, print_on_first_bump): (jiff::tz::TimeZone, bool),
    shutdown: &CancellationToken,
) -> anyhow::Result<()> {
    let report = crate::domain::report::Settings::from_config(&running.state.cfg);
    let backend = Arc::new(StoreKds {
        db: db.clone(),
        bus: bus.clone(),
        health: running.state.health.clone(),
        tz,
        report,
        print_on_first_bump,
        today_cache: running.state.today_cache.clone(),
    });
    let shown = kds::run(backend, rx, settings, shutdown.child_token()).await;
    shutdown.cancel();
    shown
}
