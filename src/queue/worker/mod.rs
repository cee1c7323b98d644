//! The inbox worker: takes stored messages in arrival order (so each
//! customer's are in order), runs the bot on each, and commits everything a
//! batch decided — sessions, orders, coupon uses, replies as outbox rows, read
//! receipts, inbox rows marked done — in ONE transaction, then publishes the
//! events. A crash before the commit leaves the rows pending, so they are
//! processed again after a restart; after it, nothing is lost or doubled.
//!
//! The bot runs outside the write transaction ([`batch`]): the batch is read
//! and decided on a read connection, and the write lock is held only for the
//! writes (and the rare order or cancellation, decided inside it), so the
//! webhook's inbox writer is never kept waiting behind the bot.

mod batch;
mod handoff;
mod menu_cache;
mod poll;
mod usernames;

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use crate::clock;
use crate::config::Config;
use crate::copy;
use crate::domain::hours::shop_status;
use crate::events::Bus;
use crate::health::Health;
use crate::service::Change;
use crate::store::inbox::{self, InboxRow};
use crate::store::{Db, StoreError, worker_reads};
use crate::whatsapp::inbound::{InboundMessage, parse_message};
use batch::Env;

/// Messages taken per transaction.
const BATCH: i64 = 256;
/// Messages of one customer taken per batch while others wait: a flood from one number
/// shares short batches with everyone else instead of making them wait behind it.
const PER_CUSTOMER: i64 = 32;
/// A message that fails this often is parked as failed (kept for a person) so
/// it cannot block its customer's queue.
const MAX_ATTEMPTS: i64 = 3;

/// A pending message with its stored content decoded once, for every step of its batch
/// (the username links, the id changes, the bot), not once per step.
pub(super) struct Taken {
    pub row: InboxRow,
    /// The message object as the webhook stored it, decoded; the error (for the log)
    /// when it cannot be.
    pub msg: Result<InboundMessage, String>,
}

impl Taken {
    fn read(row: InboxRow) -> Taken {
        let msg =
            parse_message(&row.payload, row.contact_name.as_deref()).map_err(|e| e.to_string());
        Taken { row, msg }
    }
}

/// What the worker needs.
#[derive(Clone)]
pub(crate) struct Worker {
    pub db: Db,
    pub cfg: Arc<Config>,
    pub bus: Bus,
    pub health: Arc<Health>,
    pub wake: Arc<Notify>,
    pub outbox_wake: Arc<Notify>,
    /// The lease this worker works under: checked in every transaction that completes work.
    pub fence: crate::store::lease::Fence,
    /// How often it looks for messages without a wake-up, and its pause after a database error.
    pub poll: Duration,
    pub error_pause: Duration,
}

impl Worker {
    pub(crate) async fn run(self, shutdown: CancellationToken) {
        let mut menus = menu_cache::MenuCache::default();
        let pauses = poll::Pauses {
            poll: self.poll,
            error_pause: self.error_pause,
        };
        loop {
            let looked = self.process_available(&mut menus).await;
            if let Err(e) = &looked {
                self.health.write_failed(e);
                self.health.db_failed(&e.to_string());
                tracing::warn!(error = %e, "inbox worker: database trouble; will retry");
            }
            if !poll::wait(pauses, &looked, &self.wake, &shutdown).await {
                break;
            }
        }
    }

    /// Process one batch; returns how many messages it took.
    async fn process_available(
        &self,
        menus: &mut menu_cache::MenuCache,
    ) -> Result<usize, StoreError> {
        let started_load = std::time::Instant::now();
        let r = &self.cfg.restaurant;
        let (rows, menu, pause, kitchen, day_start) = {
            let mut reader = self.db.read().await?;
            let rows = inbox::pending_fair(&mut reader.exec(), BATCH, PER_CUSTOMER).await?;
            if rows.is_empty() {
                return Ok(0);
            }
            let loaded_at = clock::now();
            let now = loaded_at.as_millis();
            let day_start =
                crate::domain::report::day::business_day_start(loaded_at, &r.timezone, r.day_start);
            let day = day_start.as_millis();
            // the menu's version, the pause and the kitchen's load in one statement (the slots
            // apart, when a cap is set)
            let state = worker_reads::shop_state(&mut reader.exec(), now, day).await?;
            let kitchen = crate::store::pace::load_with(
                &mut reader.exec(),
                state.in_kitchen,
                state.recent_prep_ms,
                state.busy,
                loaded_at,
                self.cfg.kitchen.caps(),
                &r.timezone,
            )
            .await?;
            (
                rows,
                menus.get(&mut reader.exec(), state.menu_version).await?,
                state.pause,
                kitchen,
                day_start,
            )
        };
        let at = clock::now();
        let now = at.as_millis();
        let loaded_us = started_load.elapsed().as_micros();
        let rows = rows.into_iter().map(Taken::read).collect();
        let rows = usernames::resolve(&self.db, rows, now).await?;
        let shop = shop_status(&self.cfg.hours, &r.timezone, pause.as_ref(), now);
        let env = Env {
            cfg: &self.cfg,
            menu,
            shop: &shop,
            now: at,
            day_start,
            kitchen: &kitchen,
        };
        let started = std::time::Instant::now();
        let outcome = self.commit_batch(&env, &rows).await;
        tracing::debug!(
            rows = rows.len(),
            load_us = loaded_us,
            took_us = started.elapsed().as_micros(),
            "inbox batch"
        );
        match outcome {
            Ok(()) => self.after_commit(),
            Err(e) => {
                tracing::warn!(error = %e, rows = rows.len(), "inbox batch failed; retrying one message at a time");
                self.one_by_one(&env, &rows).await?;
            }
        }
        self.health.db_ok();
        self.health.write_ok();
        self.health.worker_progressed(clock::now().as_millis());
        Ok(rows.len())
    }

    /// A batch committed (its events are published): the sender has replies to send.
    fn after_commit(&self) {
        self.outbox_wake.notify_one();
    }

    async fn commit_batch(&self, env: &Env<'_>, rows: &[Taken]) -> Result<(), StoreError> {
        let t0 = std::time::Instant::now();
        let decided = {
            let mut reader = self.db.read().await?;
            batch::decide(&mut reader.exec(), env, rows).await?
        };
        let t1 = std::time::Instant::now();
        // one change: the batch's events are published once it commits, never on a rollback
        let mut change = Change::begin(&self.db, Some(&self.bus)).await?;
        let t2 = std::time::Instant::now();
        let (mut conn, events) = change.parts();
        *events = batch::apply(&mut conn, env, decided).await?;
        self.fence.check(&mut conn).await?;
        let t3 = std::time::Instant::now();
        change.commit().await?;
        tracing::debug!(
            decide_us = (t1 - t0).as_micros(),
            begin_us = (t2 - t1).as_micros(),
            apply_us = (t3 - t2).as_micros(),
            commit_us = t3.elapsed().as_micros(),
            "inbox batch phases"
        );
        Ok(())
    }

    /// After a failed batch: each message alone; one that fails is counted (and
    /// parked after [`MAX_ATTEMPTS`]) and holds back only its own customer.
    async fn one_by_one(&self, env: &Env<'_>, rows: &[Taken]) -> Result<(), StoreError> {
        let mut held: HashSet<&str> = HashSet::new();
        for taken in rows {
            let row = &taken.row;
            if held.contains(row.customer_phone.as_str()) {
                continue;
            }
            match self.commit_batch(env, std::slice::from_ref(taken)).await {
                Ok(()) => self.after_commit(),
                Err(e) => {
                    held.insert(&row.customer_phone);
                    let mut tx = self.db.begin().await?;
                    self.fence.check(&mut tx.exec()).await?;
                    let parked = inbox::record_failure(
                        &mut tx.exec(),
                        row.id,
                        &e.to_string(),
                        MAX_ATTEMPTS,
                        env.now.as_millis(),
                    )
                    .await?;
                    if parked {
                        tracing::error!(wa_msg_id = %row.wa_message_id, error = %e, "message parked as failed after repeated errors");
                        let text = copy::stale_message(env.cfg.restaurant.language);
                        crate::service::tell::queue_text(
                            &mut tx.exec(),
                            &row.customer_phone,
                            text,
                            None,
                            env.now,
                        )
                        .await?;
                    }
                    tx.commit().await?;
                }
            }
        }
        Ok(())
    }
}
