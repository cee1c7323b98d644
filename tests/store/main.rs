//! The store conformance suite: every scenario runs on SQLite, and on
//! PostgreSQL when `MAYDANOZ_TEST_POSTGRES_URL` is set (a fresh database each).

#[path = "../common/mod.rs"]
mod common;

mod ahead;
mod cancel_requests;
mod change;
mod coupons;
mod doorbell;
mod fees;
mod handoffs;
mod ids;
mod menu;
mod orders;
mod outbox_times;
mod pace;
mod pins;
mod plans;
mod release;
mod report;
mod rush;
mod stations;
mod wire;
mod worker_reads;
mod writer;

#[test]
fn postgres_is_really_exercised_when_required() {
    common::require_postgres_if_asked();
}
