//! Maydanoz: WhatsApp ordering and a kitchen display for a döner shop, in one binary.
//!
//! The modules, lowest first. A module imports only modules listed above it
//! (test code aside); `tests/layers.rs` checks this. The design note
//! `docs/architecture.md` follows a message through them.
//!
//! - [`clock`]: the wall clock, read only at the edges;
//! - [`private_file`]: files that hold customer data, created for their owner only (0600);
//! - [`domain`]: pure data and decisions — money, menu, cart, coupon rules, order
//!   status, opening hours and the pause, customer texts;
//! - [`bot`]: the pure conversation engine: (session, message, menu) → (session', replies, effects);
//! - [`events`]: the broadcast bus that tells every view an order changed;
//! - [`print`]: the kitchen ticket and courier slip as ESC/POS bytes, and the printer they go to;
//! - [`config`]: `config.toml` + environment + flags → one typed, validated [`config::Config`];
//! - [`whatsapp`]: the wire to Meta — webhook payloads, signature, message builders
//!   and Meta's limits, the Graph API client;
//! - [`store`]: SQLite or PostgreSQL through sqlx, one module per aggregate, the queue lease;
//! - [`kds`]: the ratatui kitchen display (TEA), behind a backend trait;
//! - [`service`]: status changes shared by the display, the CLI and the worker, and the
//!   display's backend on the store;
//! - [`queue`]: the pipeline behind the webhook — inbox writer, worker (runs the bot),
//!   outbox sender (paced, retried), printer task;
//! - [`server`]: HTTP (`/webhook`, `/healthz`) and the one place that starts it all;
//! - [`fakegraph`]: a local stand-in for Meta's Graph API (tests, demo, benchmark);
//! - [`sim`]: simulated customers who order through signed webhooks (demo, benchmark);
//! - [`logging`]: where logs go while the display owns the terminal;
//! - [`cli`]: the clap definitions of the command line, nothing else;
//! - [`admin`]: the `menu`, `coupon`, `orders`, `pause` subcommands;
//! - [`app`]: the long-running commands — `serve`, `demo`, `chat`, `bench`, `completions`;
//! - [`commands`]: dispatch a parsed command line, and the exit status of its outcome.
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
pub mod print;
pub mod private_file;
pub mod queue;
pub mod server;
pub mod service;
pub mod sim;
pub mod store;
pub mod whatsapp;
