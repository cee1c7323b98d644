//! HTTP integration tests: the real server on 127.0.0.1:0, a real SQLite file
//! (or a fresh PostgreSQL database), a local fake Graph API for Meta.

#[path = "../common/mod.rs"]
mod common;

mod ahead;
mod answers;
mod area_check;
mod board_api;
mod cancel_race;
mod cashier;
mod changed_id;
mod conversation;
mod courier;
mod english;
mod fees;
mod handoff;
mod held;
mod helpers;
mod hostile;
mod kds_revoke;
mod kds_v1;
mod kds_v1_answers;
mod outbox;
mod pace;
mod pause;
mod processing;
mod sessions;
mod stations;
mod turns;
mod usernames;
mod webhook;
