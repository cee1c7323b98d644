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

#[test]
fn corpus_is_read_at_least_95_percent_exactly() {
    let menu = sample();
    let all = entries();
    assert!(all.len() >= 150, "the corpus has {} messages", all.len());
    let mut misses = Vec::new();
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
