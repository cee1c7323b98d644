//! The browser board (`/board`) in a real Chromium, driven through WebDriver
//! (chromedriver on 127.0.0.1): sign-in by link, orders through the signed
//! webhook, the chime, every action from the page against the real server and
//! database, a server killed and restarted, a revoked token, hostile customer
//! text. Skipped with one printed line when Chromium is not installed, unless
//! `CI` is set (then a missing browser fails).

#[path = "../common/mod.rs"]
mod common;
#[path = "../api/helpers.rs"]
mod helpers;

mod driver;
mod shop;

mod board;
mod station;
