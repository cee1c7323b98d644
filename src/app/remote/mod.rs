//! `maydanoz kds --connect URL` (the token in `MAYDANOZ_KDS_TOKEN`, `--token-file PATH` or
//! `--token TOKEN`, see [`token`]): the kitchen board without a
//! database, following a server over HTTP(S). It checks the server and the
//! token first (a wrong token or a URL that is not a Maydanoz server is one
//! clear line and exit status 2), then runs the same board as `serve` on a
//! [`client::RemoteKds`] fed by the server's event stream ([`feed`]).

mod client;
mod feed;
mod token;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::admin::user;
use crate::cli::KdsArgs;
use crate::config::Config;
use crate::events::Bus;
use crate::kds::{self, Board, KdsSettings};
use crate::server::kds_api::wire;
use client::{Remote, RemoteError, RemoteKds, Shared};

pub async fn run(cfg: Config, args: KdsArgs) -> anyhow::Result<()> {
    let Some(url) = args.connect else {
        return Err(user(
            "kds: give --connect URL and the display token (or use `kds token create|list|revoke`)",
        ));
    };
    let token = token::resolve(
        args.token_file.as_deref(),
        std::env::var(token::ENV).ok(),
        args.token,
    )?;
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(user(format!(
            "kds: --connect {url}: not an http:// or https:// URL"
        )));
    }
    let remote = Remote::new(&url, &token)?;
    let refused = |e: RemoteError| match e {
        RemoteError::Unreachable { .. } => anyhow::Error::new(e),
        e => user(e.to_string()),
    };
    let first: wire::Board = remote.get("/orders").await.map_err(refused)?;
    let first: Board = first.into_board().map_err(|e| {
        user(format!(
            "kds: {url} sent a board this display cannot read: {e}"
        ))
    })?;
    let mut settings = KdsSettings::from_config(&cfg);
    if let Some(name) = &args.station {
        let known: Vec<String> = remote.get("/stations").await.map_err(refused)?;
        settings.view = crate::domain::station::resolve(name, &known)
            .map_err(|e| user(format!("kds: --station: {e}")))?;
    }
    let _log = crate::logging::init(&cfg.log.level, Some(Path::new(&cfg.log.file)))?;
    tracing::info!(%url, seq = first.seq, "remote display starting");
    let shared = Arc::new(Shared::default());
    shared.set_board(first);
    let bus = Bus::new();
    let rx = bus.subscribe();
    let shutdown = CancellationToken::new();
    let stop = shutdown.clone();
    tokio::spawn(async move {
        crate::app::shutdown::stop_signal().await;
        stop.cancel();
    });
    tokio::spawn(feed::follow(
        remote.clone(),
        shared.clone(),
        bus.clone(),
        shutdown.clone(),
    ));
    let backend = Arc::new(RemoteKds {
        remote,
        shared: shared.clone(),
    });
    let timing = kds::run::Timing {
        tick: Duration::from_secs(1),
        seq_poll: Duration::from_secs(1),
        health: Duration::from_millis(400),
        retry: Duration::from_millis(500),
    };
    let shown = kds::run::run_with(backend, rx, settings, timing, shutdown.child_token()).await;
    shutdown.cancel();
    let fatal = shared
        .fatal
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .take();
    match fatal {
        Some(why) => Err(user(format!("kds: {why}"))),
        None => shown,
    }
}
