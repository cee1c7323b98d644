//! The reliability suite: the system attacked the way the real world will — the process
//! killed mid-write, the Graph API failing and stalling, a coupon raced, garbage posted,
//! slow and flooding clients, the database going away. Most tests run the real binary as a
//! child process and speak only the wire; each prints its figures (`--nocapture`).
//!
//! `scripts/reliability.sh` runs everything, the ignored long runs included.

#[path = "../common/mod.rs"]
mod common;

mod abuse;
mod checks;
mod child;
mod coupon_race;
mod courier_slip;
mod crash;
mod db_outage;
mod deleted_db;
mod descriptors;
mod disk_full;
mod fake_printer;
mod fencing;
mod flood;
mod fuzz;
mod graph_failures;
mod helpers;
mod idle_queue;
mod meta;
mod pgcluster;
mod printer_device;
mod printer_faults;
mod printing;
mod regressions;
mod slowloris;
mod two_servers;
