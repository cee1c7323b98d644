//! The queue pipeline between the webhook and Meta: durable tables worked by
//! background tasks, each step committed before the next begins.
//!
//! - [`ingest`]: the single inbox writer the webhook hands deliveries to (group commit),
//!   which also has the worker decide them in that commit while this process works the
//!   queues;
//! - [`worker`]: runs the bot on stored messages, one write transaction per batch,
//!   carrying out what it asks for through [`effects`];
//! - [`sender`]: posts outbox rows to the Graph API at Meta's pace ([`pace`]),
//!   retrying what is retryable;
//! - [`printer`]: prints queued kitchen tickets and courier slips (`[printer]`);
//! - [`ahead`]: puts orders placed ahead on the board when their time comes;
//! - [`Queues`]: runs the worker and the sender only while this process holds the
//!   store's lease ([`crate::store::lease`]), so two processes never both do.
//!
//! Imports `bot`, `store`, `whatsapp`, `events` and `config`; nothing from `server`,
//! `kds`, `admin` or `app`.

pub mod ahead;
pub mod counter;
pub(crate) mod effects;
pub mod ingest;
pub(crate) mod pace;
#[cfg(test)]
mod paused_clock;
mod place;
pub mod printer;
pub(crate) mod promise;
pub mod sender;
mod timer;
mod timing;
pub(crate) mod worker;

pub use timing::Timing;

use std::sync::Arc;
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::config::Config;
use crate::domain::time::Span;
use crate::store::lease;
use crate::whatsapp::client::GraphClient;

/// The Graph API client from the configuration (built once: building one costs a TLS setup).
pub(crate) fn graph_client(cfg: &Config) -> anyhow::Result<GraphClient> {
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
    GraphClient::new(
        &w.api_base_url,
        &w.api_version,
        &phone_id,
        token,
        Duration::from_secs(30),
    )
    .map_err(|e| anyhow::anyhow!("cannot build the Graph API client: {e}"))
}

/// The printer task's settings from `[printer]` with `timing`; `None` when no printer is
/// configured.
pub(crate) fn printer_config(
    cfg: &Config,
    timing: printer::PrinterTiming,
) -> Option<printer::PrinterConfig> {
    let target = cfg.printer.target.clone()?;
    Some(printer::PrinterConfig {
        target,
        max_age: Span::minutes(i64::from(cfg.printer.max_age_minutes)),
        layout: crate::print::render::Layout {
            shop_name: cfg.restaurant.name.clone(),
            currency: cfg.restaurant.currency.clone(),
            tz: cfg.restaurant.timezone.clone(),
        },
        timeout: Duration::from_secs(5),
        timing,
    })
}

/// The inbox worker and the outbox sender, run while this process holds the lease.
pub(crate) struct Queues {
    pub worker: worker::Worker,
    /// Where the inbox writer finds the worker while this process holds the lease.
    pub slot: worker::Slot,
    pub client: Arc<GraphClient>,
    pub sender_cfg: sender::SenderConfig,
    /// The printer task's settings; `None` when no printer is configured.
    pub printer: Option<printer::PrinterConfig>,
    /// The database URL the lease is taken on.
    pub url: String,
    /// The lease retry and the timed tasks' pauses (the sender's and the printer's
    /// timing travel in their own settings).
    pub timing: Timing,
}

impl Queues {
    /// A new holder of a SQLite lease forgets the old holder's outbox claims: the lock file
    /// is released only by a process that has stopped sending (or died).
    async fn begin_lease(&self) -> Result<(), crate::store::StoreError> {
        if self.worker.db.backend() == crate::store::Backend::Sqlite {
            let mut tx = self.worker.db.begin().await?;
            crate::store::outbox::release_claims(&mut tx.exec()).await?;
            tx.commit().await?;
        }
        Ok(())
    }

    /// Take the lease (or stand by until it is free), work the queues while it
    /// holds, and stop on `shutdown`.
    pub(crate) async fn run(self, shutdown: CancellationToken) {
        let mut said_standby = false;
        loop {
            match lease::try_acquire(&self.url).await {
                Ok(Some(mut lease)) => {
                    said_standby = false;
                    tracing::info!("this process works the inbox and outbox queues");
                    if let Err(e) = self.begin_lease().await {
                        tracing::warn!(error = %e, "cannot prepare the queues; retrying");
                    } else {
                        let fence = lease.fence();
                        let work = shutdown.child_token();
                        let mut worker = self.worker.clone();
                        worker.fence = fence.clone();
                        // Deciding in the inbox writer's commit pays on SQLite, where every
                        // write waits for the one writer connection anyway: one commit
                        // instead of two. On PostgreSQL the worker reads and decides on
                        // connections of its own beside the writer's commits, and each
                        // statement is a round trip: the same batch in the writer's
                        // transaction made the webhook wait for all of them (ack p50 4 →
                        // 21–26 ms at 8 customers) and gained nothing.
                        if self.worker.db.backend() == crate::store::Backend::Sqlite {
                            self.slot.set(Some(worker.clone()));
                        }
                        let w = tokio::spawn(worker.run(work.clone()));
                        let mut sender_cfg = self.sender_cfg.clone();
                        sender_cfg.fence = fence;
                        let s = tokio::spawn(sender::run(
                            self.worker.db.clone(),
                            self.client.clone(),
                            self.worker.outbox_wake.clone(),
                            sender_cfg,
                            self.worker.health.clone(),
                            work.clone(),
                        ));
                        let p = self.printer.clone().map(|p| {
                            tokio::spawn(printer::run(self.worker.db.clone(), p, work.clone()))
                        });
                        let cfg = &self.worker.cfg;
                        let a = tokio::spawn(ahead::run(
                            self.worker.db.clone(),
                            self.worker.bus.clone(),
                            cfg.printer.target.is_some()
                                && cfg.printer.print_on == crate::print::PrintOn::Confirm,
                            self.timing.ahead,
                            work.clone(),
                        ));
                        let k = tokio::spawn(counter::run(
                            self.worker.db.clone(),
                            self.worker.bus.clone(),
                            cfg.support.pickup_reminder_minutes,
                            self.worker.outbox_wake.clone(),
                            self.timing.counter,
                            work.clone(),
                        ));
                        tokio::select! {
                            () = shutdown.cancelled() => {}
                            () = lease.lost() => {
                                tracing::warn!("lost the queue lease (database restarted?); stopping the queue workers");
                            }
                        }
                        self.slot.set(None);
                        work.cancel();
                        let _ = w.await;
                        let _ = s.await;
                        let _ = a.await;
                        let _ = k.await;
                        if let Some(p) = p {
                            let _ = p.await;
                        }
                    }
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
                () = tokio::time::sleep(self.timing.lease_retry()) => {}
            }
        }
    }
}
