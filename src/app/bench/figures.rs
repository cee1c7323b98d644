//! The benchmark's figures as data: each row of the printed table read into
//! named numbers (`conversations_per_s`, `ack_p99_ms`, …) with their unit and
//! which way is better. `bench --json` prints them; `bench --figures-of FILE`
//! reads a table printed earlier — by this or an older binary — so that
//! `scripts/bench-check.sh` compares two builds through one reader.

use serde_json::{Map, Value, json};

/// One named number of a benchmark run.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub key: &'static str,
    pub value: f64,
    pub unit: &'static str,
    /// true for rates (more is better), false for latencies, memory, CPU
    pub higher_is_better: bool,
}

/// How to read one kind of row: the start of its label, and the figures in
/// its value, each found after a marker (`""` = the first number).
struct Rule {
    label: &'static str,
    reads: &'static [(&'static str, &'static str, &'static str, bool)],
}

/// (marker before the number, key, unit, higher is better)
const RULES: &[Rule] = &[
    Rule {
        label: "complete conversations",
        reads: &[("", "conversations_per_s", "/s", true)],
    },
    Rule {
        label: "webhook ack latency",
        reads: &[
            ("p50 ", "ack_p50_ms", "ms", false),
            ("p99 ", "ack_p99_ms", "ms", false),
        ],
    },
    Rule {
        label: "order → kitchen display",
        reads: &[
            ("p50 ", "order_to_kds_p50_ms", "ms", false),
            ("p99 ", "order_to_kds_p99_ms", "ms", false),
        ],
    },
    Rule {
        label: "CPU per order",
        reads: &[("", "cpu_per_order_ms", "ms", false)],
    },
    Rule {
        label: "peak memory",
        reads: &[("", "bench_peak_mb", "MB", false)],
    },
    Rule {
        label: "replies received",
        reads: &[("duplicates ", "duplicate_replies", "", false)],
    },
    Rule {
        label: "raw ingest",
        reads: &[("", "ingest_per_s", "/s", true)],
    },
    Rule {
        label: "then: the stored backlog",
        reads: &[("(", "backlog_per_s", "/s", true)],
    },
    Rule {
        label: "kitchen display with",
        reads: &[("", "kds_rss_mb", "MB", false)],
    },
    Rule {
        label: "idle kitchen display CPU",
        reads: &[("", "kds_idle_pct", "%", false)],
    },
    Rule {
        label: "report for a month",
        reads: &[("", "report_month_ms", "ms", false)],
    },
    Rule {
        label: "report for all",
        reads: &[("", "report_all_ms", "ms", false)],
    },
];

/// The first decimal number in `s` (thousands written with commas are read whole).
fn first_number(s: &str) -> Option<f64> {
    let start = s.find(|c: char| c.is_ascii_digit())?;
    let digits: String = s[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
        .filter(|c| *c != ',')
        .collect();
    digits.trim_end_matches('.').parse().ok()
}

/// The figures in one table row, if its label is one we know.
fn read_row(label: &str, value: &str) -> Vec<Figure> {
    let label = label.trim();
    let Some(rule) = RULES.iter().find(|r| label.starts_with(r.label)) else {
        return Vec::new();
    };
    rule.reads
        .iter()
        .filter_map(|&(marker, key, unit, higher_is_better)| {
            let at = value.find(marker)? + marker.len();
            Some(Figure {
                key,
                value: first_number(&value[at..])?,
                unit,
                higher_is_better,
            })
        })
        .collect()
}

/// The figures of a run's rows, in table order.
pub fn from_rows(rows: &[(String, String)]) -> Vec<Figure> {
    rows.iter().flat_map(|(l, v)| read_row(l, v)).collect()
}

/// The figures of a printed table (`| measure | result |` lines; anything else
/// in the text is skipped).
pub fn from_table(text: &str) -> Vec<Figure> {
    text.lines()
        .filter_map(|line| {
            let inner = line.trim().strip_prefix("| ")?.strip_suffix(" |")?;
            inner.split_once(" | ")
        })
        .flat_map(|(l, v)| read_row(l, v))
        .collect()
}

/// `{"conversations_per_s": {"value": 301.0, "unit": "/s", "better": "higher"}, …}`
pub fn to_json(figures: &[Figure]) -> Value {
    let mut m = Map::new();
    for f in figures {
        m.insert(
            f.key.to_string(),
            json!({
                "value": f.value,
                "unit": f.unit,
                "better": if f.higher_is_better { "higher" } else { "lower" },
            }),
        );
    }
    Value::Object(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "maydanoz bench on SQLite, 2 cores (x)

| measure | result |
|---------|--------|
| complete conversations (greeting → confirmed order)                         | 301/s (1000 done, 0 failed, 64 at once, 3.3 s) |
| webhook ack latency                                                         | p50 19.40 ms, p99 38.02 ms, max 90.00 ms (4000 requests) |
| order → kitchen display (confirming webhook sent → Placed event)            | p50 8.40 ms, p99 13.40 ms, max 20.00 ms (1000 orders) |
| CPU per order (whole process: server + simulated customers + fake Graph API) | 5.20 ms |
| replies received by the Graph API stand-in                                  | 4000 (+4000 read receipts), duplicates 0 |
| raw ingest: signed messages stored durably                                  | 18354/s (50000 × 200, 0 other, 64 connections) |
| then: the stored backlog answered (bot run, reply sent)                     | 50000 messages in 20.1 s (2488/s, incl. up to 2 s to take the queue lease) |
| kitchen display with 1000 open orders (real binary in a 160×48 terminal)    | 32.7 MB resident (peak 33.0 MB) |
| idle kitchen display CPU                                                    | 0.60 % of a core over 10 s |
| report for a month (2026-09)                                                | 1397 ms (24000 orders, 100 cancelled; read 1376 ms, compute 21 ms) |
";

    fn get(f: &[Figure], key: &str) -> f64 {
        f.iter()
            .find(|x| x.key == key)
            .unwrap_or_else(|| panic!("no {key}"))
            .value
    }

    #[test]
    fn a_printed_table_reads_into_named_figures() {
        let f = from_table(TABLE);
        assert!((get(&f, "conversations_per_s") - 301.0).abs() < 1e-9);
        assert!((get(&f, "ack_p50_ms") - 19.4).abs() < 1e-9);
        assert!((get(&f, "ack_p99_ms") - 38.02).abs() < 1e-9);
        assert!((get(&f, "order_to_kds_p99_ms") - 13.4).abs() < 1e-9);
        assert!((get(&f, "cpu_per_order_ms") - 5.2).abs() < 1e-9);
        assert!(get(&f, "duplicate_replies").abs() < 1e-9);
        assert!((get(&f, "ingest_per_s") - 18354.0).abs() < 1e-9);
        assert!((get(&f, "backlog_per_s") - 2488.0).abs() < 1e-9);
        assert!((get(&f, "kds_rss_mb") - 32.7).abs() < 1e-9);
        assert!((get(&f, "kds_idle_pct") - 0.6).abs() < 1e-9);
        assert!((get(&f, "report_month_ms") - 1397.0).abs() < 1e-9);
        assert_eq!(f.len(), 12);
    }

    #[test]
    fn rows_and_their_printed_table_give_the_same_figures() {
        let rows = vec![
            (
                "complete conversations (x)".to_string(),
                "250/s (…)".to_string(),
            ),
            (
                "webhook ack latency".to_string(),
                "p50 1.00 ms, p99 4.20 ms".to_string(),
            ),
            ("something new".to_string(), "7 things".to_string()),
        ];
        let printed: String = rows
            .iter()
            .map(|(k, v)| format!("| {k} | {v} |\n"))
            .collect();
        assert_eq!(from_rows(&rows), from_table(&printed));
        assert_eq!(from_rows(&rows).len(), 3);
    }

    #[test]
    fn json_names_the_unit_and_the_better_direction() {
        let v = to_json(&from_table(TABLE));
        assert_eq!(v["conversations_per_s"]["better"], "higher");
        assert_eq!(v["ack_p99_ms"]["better"], "lower");
        assert_eq!(v["kds_rss_mb"]["unit"], "MB");
    }
}
