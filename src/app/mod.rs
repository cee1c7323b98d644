//! The long-running commands: `serve`, `demo`, `chat` and `bench`.

mod local;
pub mod serve;
pub mod demo;
pub mod chat;
pub mod bench;
