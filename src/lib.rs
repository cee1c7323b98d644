//! Maydanoz: WhatsApp ordering and a kitchen display for a döner shop, in one binary.
//!
//! This file is the module map. The modules below are declared lowest first
//! (a blank line between them, so rustfmt keeps the order): a module imports
//! only modules declared above it (test code aside), and `tests/layers.rs`
//! reads this list to check it. The design note `docs/architecture.md` follows
//! a message through them.
#![forbid(unsafe_code)]

/// Files that hold customer data, created for their owner only (0600).
pub(crate) mod private_file;

/// Pure data and decisions: money, menu, cart, coupon rules, order status,
/// opening hours and the pause.
pub mod domain;

/// The wall clock, read only at the edges; it speaks `domain`'s instants.
pub mod clock;

/// The wire to Meta: webhook payloads, signature, message builders and Meta's
/// limits, the Graph API client.
pub mod whatsapp;

/// Every customer-facing sentence, in Turkish and English.
pub(crate) mod copy;

/// The pure conversation engine: (session, message, menu) → (session', replies, effects).
pub(crate) mod bot;

/// The broadcast bus that tells every view an order changed.
pub mod events;

/// The kitchen ticket and courier slip as ESC/POS bytes, and the printer they go to.
pub mod print;

/// `config.toml` + environment + flags → one typed, validated [`config::Config`].
pub mod config;

/// SQLite or PostgreSQL through sqlx, one module per aggregate, the queue lease.
pub mod store;

/// The process's health: database, disk, the database file, Meta's token, the worker's
/// progress; set where they are met, read by `/healthz` and the board.
pub mod health;

/// The ratatui kitchen display (TEA), behind a backend trait.
pub mod kds;

/// Status changes shared by the display, the CLI and the worker, and the
/// display's backend on the store.
pub mod service;

/// The pipeline behind the webhook: inbox writer, worker (runs the bot), outbox
/// sender (paced, retried), printer task.
pub mod queue;

/// HTTP (`/webhook`, `/healthz`, `/kds/v1`) and the one place that starts it all.
pub mod server;

/// A local stand-in for Meta's Graph API (tests, demo, benchmark).
pub mod fakegraph;

/// Simulated customers who order through signed webhooks (demo, benchmark).
pub mod sim;

/// Where logs go while the display owns the terminal.
pub(crate) mod logging;

/// The clap definitions of the command line, nothing else.
pub(crate) mod cli;

/// The `menu`, `coupon`, `orders`, `pause`, `reply`, `report` subcommands.
pub(crate) mod admin;

/// The long-running commands: `serve`, `demo`, `chat`, `bench`, `kds --connect`, `completions`.
pub(crate) mod app;

/// Items public only so the integration tests (`tests/`) can reach them; not
/// part of the library's API.
#[doc(hidden)]
pub mod testing;

/// Dispatch a parsed command line, and the exit status of its outcome.
pub(crate) mod commands;

/// What the binary (`src/main.rs`) needs: parse, run, and turn the outcome into an exit status.
pub use cli::Cli;
pub use commands::{error_line, exit_code, is_broken_pipe, quiet_on_broken_pipe, run};
