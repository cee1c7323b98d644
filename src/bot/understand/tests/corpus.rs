//! The corpus: customer messages with what a cashier would ring up
//! (`corpus.txt`), run against the sample menu. Prints its accuracy and fails
//! under 95 % exact.

use super::{described, expected, sample};
use crate::bot::understand::read_order;

const CORPUS: &str = include_str!("corpus.txt");
/// The share of messages that must be read exactly.
const REQUIRED: f64 = 0.95;

/// (line number, message, expected) for every entry of the corpus.
fn entries() -> Vec<(usize, String, String)> {
    CORPUS
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|(i, l)| {
            let (msg, exp) = l.split_once("=>").expect("every corpus line has =>");
            (
                i + 1,
                msg.trim().replace("\\n", "\n"),
                exp.trim().to_string(),
            )
        })
        .collect()
}

/// Times the corpus is read for the timing line.
const ROUNDS: usize = 3;

/// This thread's CPU time (user + system) in ms, from /proc on Linux; the
/// machine may be shared, so wall time alone says little.
fn thread_cpu_ms() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // the fields after the command name (which may hold spaces) in parentheses
    let rest = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?;
    // the kernel's USER_HZ is 100 on Linux
    Some(ticks * 10)
}

#[test]
fn corpus_is_read_at_least_95_percent_exactly() {
    let menu = sample();
    let all = entries();
    assert!(all.len() >= 150, "the corpus has {} messages", all.len());
    let mut misses = Vec::new();
    let started = std::time::Instant::now();
    let cpu_before = thread_cpu_ms();
    for _ in 0..ROUNDS {
        for (_, msg, _) in &all {
            let _ = read_order(&menu, msg);
        }
    }
    let took = started.elapsed();
    let cpu = thread_cpu_ms().zip(cpu_before).map(|(a, b)| a - b);
    for (line, msg, exp) in &all {
        let got = described(&menu, &read_order(&menu, msg));
        let want = expected(exp);
        if got != want {
            misses.push(format!(
                "  line {line}: {msg:?}\n    want {want:?}\n    got  {got:?}"
            ));
        }
    }
    let exact = all.len() - misses.len();
    #[allow(clippy::cast_precision_loss)]
    let share = exact as f64 / all.len() as f64;
    println!(
        "corpus: {exact}/{} exact ({:.1} %)",
        all.len(),
        share * 100.0
    );
    let reads = (ROUNDS * all.len()) as u128;
    println!(
        "corpus: {reads} reads in {} ms wall, {} CPU ms: {} µs a message (this build's optimisation level)",
        took.as_millis(),
        cpu.map_or_else(|| "?".to_string(), |c| c.to_string()),
        cpu.map_or(took.as_micros() / reads, |c| u128::from(c) * 1000 / reads)
    );
    for m in &misses {
        println!("{m}");
    }
    assert!(
        share >= REQUIRED,
        "{} misses:\n{}",
        misses.len(),
        misses.join("\n")
    );
}
