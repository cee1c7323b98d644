//! The long-running commands: `serve`, `demo`, `chat` and `bench`.

pub mod bench;
pub mod chat;
pub mod completions;
pub mod demo;
mod local;
pub mod serve;
pub mod shutdown;
