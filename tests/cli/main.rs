//! The built binary on a temporary database: output, JSON shapes and exit
//! statuses of the admin commands, bad input included, on SQLite and (when
//! configured) PostgreSQL.

#[path = "../common/mod.rs"]
mod common;

mod admin;
mod ahead;
mod board_link;
mod customer_text;
mod demo;
mod fees;
mod packaging;
mod printer;
mod reply;
mod report;
mod secrets;
mod small_fixes;
mod stations;
