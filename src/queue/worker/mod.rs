//! The inbox worker: takes stored messages in arrival order (so each
//! customer's are in order), runs the bot on each, and commits everything a
//! batch decided — sessions, orders, coupon uses, replies as outbox rows, read
//! receipts, inbox rows marked done — in ONE transaction, then publishes the
//! events. A crash before the commit leaves the rows pending, so they are
//! processed again after a restart; after it, nothing is lost or doubled.
//!
//! A batch runs in one of two places, never both at once ([`Turn`]): inside the
//! inbox writer's transaction, over the messages it has just stored
//! ([`Worker::decide_in`], one durable commit for storing and answering), or in
//! this worker's own loop, which takes what the writer left (deciding failed, a
//! full batch, a customer's messages behind their order) and what a restart
//! found pending. In the loop
//! the bot runs outside the write transaction ([`batch`]): the batch is read and
//! decided on a read connection, and the write lock is held only for the writes
//! (and the rare order or cancellation, decided inside it).

mod batch;
mod handoff;
mod menu_cache;
mod poll;
mod usernames;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use crate::bot::ShopStatus;
use crate::clock;
use crate::config::Config;
use crate::copy;
use crate::domain::hours::{Pause, shop_status};
use crate::domain::menu::Menu;
use crate::domain::pace::Load;
use crate::domain::report::day::business_day_start;
use crate::domain::time::At;
use crate::events::Bus;
use crate::events::OrderEvent;
use crate::health::Health;
use crate::service::Change;
use crate::store::inbox::{self, InboxRow};
use crate::store::{Db, Exec, StoreError, worker_reads};
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
    /// `row` with its message: as the webhook decoded it when `decoded` has it (the writer
    /// deciding what it has just stored), else decoded from the stored text.
    fn read(row: InboxRow, decoded: &Decoded<'_>) -> Taken {
        let msg = match decoded.get(row.wa_message_id.as_str()) {
            Some(m) => Ok((*m).clone()),
            None => {
                parse_message(&row.payload, row.contact_name.as_deref()).map_err(|e| e.to_string())
            }
        };
        Taken { row, msg }
    }
}

/// Messages already decoded, by WhatsApp message id.
pub(crate) type Decoded<'m> = HashMap<&'m str, &'m InboundMessage>;

/// Held by whoever processes inbox rows: the worker's loop, or the inbox writer deciding
/// in its own commit what it has just stored ([`Worker::decide_in`]); with it, the menu
/// kept between batches. Never two at once: one could mark done rows the other had read
/// as pending.
#[derive(Clone, Default)]
pub(crate) struct Turn(Arc<tokio::sync::Mutex<menu_cache::MenuCache>>);

impl Turn {
    /// Wait for the turn (first come, first served: a writer waiting gets it before the
    /// loop's next batch, so the loop cannot keep it batch after batch).
    pub(crate) async fn take(&self) -> Held {
        Held(self.0.clone().lock_owned().await)
    }
}

/// The turn, taken.
pub(crate) struct Held(tokio::sync::OwnedMutexGuard<menu_cache::MenuCache>);

/// This process's worker while it holds the lease (set and cleared by
/// [`crate::queue::Queues`]), for the inbox writer; empty otherwise, and the writer
/// only stores.
#[derive(Clone, Default)]
pub(crate) struct Slot(Arc<std::sync::RwLock<Option<Worker>>>);

impl Slot {
    pub(crate) fn set(&self, worker: Option<Worker>) {
        *self
            .0
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = worker;
    }

    pub(crate) fn get(&self) -> Option<Worker> {
        self.0
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
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
    pub turn: Turn,
}

/// A batch as read, with the shop's state it is decided against.
struct Loaded {
    rows: Vec<Taken>,
    menu_version: Option<i64>,
    pause: Option<Pause>,
    kitchen: Load,
    day_start: At,
}

/// A batch decided inside the inbox writer's transaction ([`Worker::decide_in`]),
/// finished by [`DecidedIn::committed`] once that transaction commits.
pub(crate) struct DecidedIn {
    worker: Worker,
    events: Vec<OrderEvent>,
    /// Rows may be left: a full batch, or a customer's messages behind their order.
    more: bool,
    /// The turn, held until the commit: the loop must not read these rows as pending before.
    _turn: Held,
}

impl DecidedIn {
    /// The writer's transaction committed: the board hears of it, the sender is woken, and
    /// the worker too when rows may be left.
    pub(crate) fn committed(self) {
        crate::service::publish(Some(&self.worker.bus), self.events);
        self.worker.after_commit();
        self.worker.health.worker_progressed(clock::now());
        if self.more {
            self.worker.wake.notify_one();
        }
    }
}

impl Worker {
    pub(crate) async fn run(self, shutdown: CancellationToken) {
        let pauses = poll::Pauses {
            poll: self.poll,
            error_pause: self.error_pause,
        };
        loop {
            let looked = {
                let mut held = self.turn.take().await;
                self.process_available(&mut held.0).await
            };
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

    /// The batch waiting and the shop's state, read through `conn`; `None` when nothing
    /// waits.
    async fn load(
        &self,
        conn: &mut Exec<'_>,
        decoded: &Decoded<'_>,
    ) -> Result<Option<Loaded>, StoreError> {
        let r = &self.cfg.restaurant;
        let rows = inbox::pending_fair(conn, BATCH, PER_CUSTOMER).await?;
        if rows.is_empty() {
            return Ok(None);
        }
        let read_at = clock::now();
        let day_start = business_day_start(read_at, &r.timezone, r.day_start);
        // the menu's version, the pause and the kitchen's load in one statement (the slots
        // apart, when a cap is set)
        let state = worker_reads::shop_state(conn, read_at, day_start).await?;
        let kitchen = crate::store::pace::load_with(
            conn,
            state.in_kitchen,
            state.recent_prep,
            state.busy,
            read_at,
            self.cfg.kitchen.caps(),
            &r.timezone,
        )
        .await?;
        Ok(Some(Loaded {
            rows: rows.into_iter().map(|r| Taken::read(r, decoded)).collect(),
            menu_version: state.menu_version,
            pause: state.pause,
            kitchen,
            day_start,
        }))
    }

    /// Process one batch; returns how many messages it took.
    async fn process_available(
        &self,
        menus: &mut menu_cache::MenuCache,
    ) -> Result<usize, StoreError> {
        let started_load = std::time::Instant::now();
        let (loaded, links) = {
            let mut reader = self.db.read().await?;
            let Some(mut loaded) = self.load(&mut reader.exec(), &Decoded::new()).await? else {
                return Ok(0);
            };
            menus.get(&mut reader.exec(), loaded.menu_version).await?;
            let links = usernames::resolve(&mut reader.exec(), &mut loaded.rows).await?;
            (loaded, links)
        };
        let at = clock::now();
        if !links.is_empty() {
            let mut tx = self.db.begin().await?;
            usernames::link(&mut tx.exec(), &links, at).await?;
            tx.commit().await?;
        }
        let loaded_us = started_load.elapsed().as_micros();
        let shop = self.shop(&loaded, at);
        let env = self.env(menus.kept()?, &shop, &loaded, at);
        let rows = &loaded.rows;
        let started = std::time::Instant::now();
        let outcome = self.commit_batch(&env, rows).await;
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
                self.one_by_one(&env, rows).await?;
            }
        }
        self.health.db_ok();
        self.health.write_ok();
        self.health.worker_progressed(clock::now());
        Ok(rows.len())
    }

    /// Decide what waits in the inbox inside `conn`, the inbox writer's transaction, so the
    /// messages it has just stored are answered by the same commit (one durable write for
    /// both, and no hand-off to this loop); `turn` was taken before that transaction began
    /// (the loop takes it before its writes too: the same order, no deadlock). `None` when
    /// nothing waits. On an error the caller rolls the transaction back and stores without
    /// deciding; the loop then takes the batch, with its retries one by one. `decoded`: the
    /// messages as the webhook decoded them.
    pub(crate) async fn decide_in(
        &self,
        conn: &mut Exec<'_>,
        mut turn: Held,
        decoded: &Decoded<'_>,
    ) -> Result<Option<DecidedIn>, StoreError> {
        let menus = &mut turn.0;
        let Some(mut loaded) = self.load(conn, decoded).await? else {
            return Ok(None);
        };
        menus.get(conn, loaded.menu_version).await?;
        let links = usernames::resolve(conn, &mut loaded.rows).await?;
        let at = clock::now();
        usernames::link(conn, &links, at).await?;
        let shop = self.shop(&loaded, at);
        let env = self.env(menus.kept()?, &shop, &loaded, at);
        let decided = batch::decide(conn, &env, &loaded.rows).await?;
        let more = loaded.rows.len() >= usize::try_from(BATCH).unwrap_or(usize::MAX)
            || decided.done() < loaded.rows.len();
        let events = batch::apply(conn, &env, decided).await?;
        self.fence.check(conn).await?;
        Ok(Some(DecidedIn {
            worker: self.clone(),
            events,
            more,
            _turn: turn,
        }))
    }

    /// Open or closed, paused, as of `at`.
    fn shop(&self, loaded: &Loaded, at: At) -> ShopStatus {
        let r = &self.cfg.restaurant;
        shop_status(&self.cfg.hours, &r.timezone, loaded.pause.as_ref(), at)
    }

    /// Everything fixed for deciding `loaded` at `at`.
    fn env<'a>(
        &'a self,
        menu: &'a Menu,
        shop: &'a ShopStatus,
        loaded: &'a Loaded,
        at: At,
    ) -> Env<'a> {
        Env {
            cfg: &self.cfg,
            menu,
            shop,
            now: at,
            day_start: loaded.day_start,
            kitchen: &loaded.kitchen,
        }
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
                        env.now,
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
