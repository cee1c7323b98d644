//! End-to-end tests of the kitchen display in a real pseudo-terminal: the
//! built binary runs `serve` inside a private tmux server, simulated customers
//! in this process speak only the wire (signed webhooks in, a fake Graph API
//! out), and the tests read the screen with `tmux capture-pane`.
//!
//! tmux is required: without it these tests fail (CI installs it).

#[path = "../common/mod.rs"]
mod common;

mod ansi;
mod board;
mod exit;
mod heap;
mod hostile;
mod mouse;
mod pace;
mod panel;
mod person;
mod proxy;
mod remote;
mod shop;
mod stations;
mod tmux;
