//! Maydanoz: WhatsApp ordering and a kitchen display for a döner shop, in one binary.
//!
//! Layout (see ARCHITECTURE.md in the design notes):
//! - [`domain`] and [`bot`]: pure data and decisions, no IO;
//! - [`whatsapp`]: the wire to Meta (payloads, signature, outbound client);
//! - [`store`]: SQLite or PostgreSQL through sqlx;
//! - [`server`]: the axum webhook server and the background workers;
//! - [`kds`]: the ratatui kitchen display;
//! - [`admin`]: the `menu`, `coupon` and `orders` subcommands;
//! - [`events`]: the broadcast bus between them;
//! - [`fakegraph`]: a local stand-in for Meta's Graph API (tests, demo, benchmark).
#![forbid(unsafe_code)]

pub mod admin;
pub mod app;
pub mod bot;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod config;
pub mod domain;
pub mod events;
pub mod fakegraph;
pub mod kds;
pub mod logging;
pub mod private_file;
pub mod server;
pub mod service;
pub mod sim;
pub mod store;
pub mod whatsapp;
