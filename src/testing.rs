//! What the integration tests (`tests/`) reach and the product does not: hidden
//! from the docs, not part of the library's API. Each item is a thin door to a
//! crate-internal one, which stays `pub(crate)`: the library's public surface does
//! not grow for the tests' sake (an item cannot be re-exported wider than it is
//! declared, hence the wrappers).

use std::collections::{HashMap, HashSet};

use crate::domain::pin::Pin;
use crate::domain::report::AvailabilityChange;
use crate::domain::time::{At, Span};
use crate::domain::{CustomerId, OrderNumber};
use crate::fakegraph::{FakeGraph, Received};
use crate::sim::{Customer, SimError};
use crate::store::customers::Known;
use crate::store::inbox::NewInbound;
use crate::store::{self, Exec, StoreError};

pub use crate::copy::status_update;
pub use crate::logging::init as logging_init;

/// The hot queries whose plans `tests/store/plans.rs` checks use their indexes.
pub const PENDING_FAIR_SQL: &str = crate::store::inbox::PENDING_FAIR_SQL;
pub const IN_KITCHEN_SQL: &str = crate::store::pace::IN_KITCHEN_SQL;
pub const RECENT_PREP_SQL: &str = crate::store::report::RECENT_PREP_SQL;

// Writes the product makes as part of a bigger statement (the webhook writer's
// batch insert, the order's own insert): a test sets up the row it checks with
// one call instead of a whole conversation.

/// Store one inbound message as the webhook writer would; false when it was there.
pub async fn inbox_insert(
    conn: &mut Exec<'_>,
    m: &NewInbound,
    now: i64,
) -> Result<bool, StoreError> {
    store::inbox::insert(conn, m, crate::domain::time::At::from_millis(now)).await
}

/// Attach a pin to order `id`.
pub async fn set_location(conn: &mut Exec<'_>, id: i64, pin: Pin) -> Result<(), StoreError> {
    store::orders::set_location(conn, id, pin).await
}

/// Record order `id`'s promise, its slot, and whether the cap moved it.
pub async fn mark_placed(
    conn: &mut Exec<'_>,
    id: i64,
    promised_at: At,
    slot: Option<At>,
    moved_by_cap: bool,
) -> Result<(), StoreError> {
    store::pace::mark_placed(conn, id, promised_at, slot, moved_by_cap).await
}

/// Mark order `id` as ordered ahead (for `scheduled_for`, on the board from `board_at`).
pub async fn ahead_schedule(
    conn: &mut Exec<'_>,
    id: i64,
    scheduled_for: At,
    board_at: At,
    held: bool,
) -> Result<(), StoreError> {
    store::ahead::schedule(conn, id, scheduled_for, board_at, held).await
}

// Reads only tests make: the per-customer reads that the worker's one batched
// read (`store::worker_reads`) is checked against, and states the product only
// shows on the board or the printer.

/// The stored sessions of many customers.
pub async fn load_sessions(
    conn: &mut Exec<'_>,
    phones: &[&CustomerId],
) -> Result<HashMap<CustomerId, String>, StoreError> {
    store::customers::load_sessions(conn, phones).await
}

/// What is known about many customers: profile name, up to `per` saved addresses
/// and their pins, whether they have ordered before.
pub async fn known_many(
    conn: &mut Exec<'_>,
    phones: &[&CustomerId],
    per: usize,
) -> Result<HashMap<CustomerId, Known>, StoreError> {
    store::customers::known_many(conn, phones, per).await
}

/// A customer's saved delivery addresses, most recently used first.
pub async fn saved_addresses(
    conn: &mut Exec<'_>,
    phone: &CustomerId,
    limit: i64,
) -> Result<Vec<String>, StoreError> {
    store::customers::addresses(conn, phone, limit).await
}

/// Of `phones`, those the bot must stay quiet for at `now`.
pub async fn quiet_among(
    conn: &mut Exec<'_>,
    phones: &[&CustomerId],
    now: At,
) -> Result<HashSet<CustomerId>, StoreError> {
    store::handoffs::quiet_among(conn, phones, now).await
}

/// The furthest receipt for a sent message: read > delivered > sent; failed wins.
pub async fn delivery_state(
    conn: &mut Exec<'_>,
    wa_message_id: &str,
) -> Result<Option<String>, StoreError> {
    store::inbox::delivery_state(conn, wa_message_id).await
}

/// Every availability change (86) before `end`, oldest first: what the owner's
/// report reads for its "86'd" section.
pub async fn availability_before(
    conn: &mut Exec<'_>,
    end: At,
) -> Result<Vec<AvailabilityChange>, StoreError> {
    store::report::availability_before(conn, end).await
}

/// Fail the pending replies whose customer wrote last more than `window` before
/// `now`; their ids (what the sender does when a rejected token's hold ends).
pub async fn fail_outside_window(
    conn: &mut Exec<'_>,
    now: At,
    window: Span,
    reason: &str,
) -> Result<Vec<i64>, StoreError> {
    store::outbox::fail_outside_window(conn, now, window, reason).await
}

/// Every print job of an order as (key, state).
pub async fn print_jobs_of_order(
    conn: &mut Exec<'_>,
    order_number: OrderNumber,
) -> Result<Vec<(String, String)>, StoreError> {
    store::print::of_order(conn, order_number).await
}

/// POST a whole delivery (a fixture) as `customer`'s next action, signed; what
/// the bot answers is read by `Customer::wait_for`.
pub async fn post_delivery(customer: &mut Customer, bytes: Vec<u8>) -> Result<(), SimError> {
    customer.post_delivery(bytes).await
}

/// The fake Graph API's controls and record, which only tests use: bring the
/// trait into scope (`use maydanoz::testing::FakeGraphControls as _;`) and call
/// them on the `FakeGraph` as methods.
pub trait FakeGraphControls {
    /// Refuse every request as Meta refuses an expired access token (401, code
    /// 190) until called again with `false`.
    fn set_token_expired(&self, expired: bool);
    /// Answer the next `n` valid sends with a retryable failure (HTTP 500).
    fn fail_next(&self, n: usize);
    /// Accepted messages in acceptance order.
    fn received(&self) -> Vec<Received>;
}

impl FakeGraphControls for FakeGraph {
    fn set_token_expired(&self, expired: bool) {
        FakeGraph::set_token_expired(self, expired);
    }

    fn fail_next(&self, n: usize) {
        FakeGraph::fail_next(self, n);
    }

    fn received(&self) -> Vec<Received> {
        FakeGraph::received(self)
    }
}
