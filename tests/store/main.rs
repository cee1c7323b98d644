//! The store conformance suite: every scenario runs on SQLite, and on
//! PostgreSQL when `MAYDANOZ_TEST_POSTGRES_URL` is set (a fresh database each).

#[path = "../common/mod.rs"]
mod common;

mod coupons;
mod doorbell;
mod ids;
mod menu;
mod orders;
mod report;
mod rush;
mod stations;
mod wire;
mod writer;

#[test]
fn postgres_is_really_exercised_when_required() {
    common::require_postgres_if_asked();
}
