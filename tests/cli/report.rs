//! `maydanoz report` and `maydanoz orders export` on the built binary over the
//! known day: figures agree with `orders list --json`, the page, CSV, an empty
//! day (exit 0) and bad dates or ranges (exit 2), on SQLite and PostgreSQL.

use serde_json::Value;

use crate::admin::Cli;
use crate::common::app::Backend;

#[path = "../common/report_day.rs"]
mod report_day;

use report_day::{DAY, ms};

fn figures_equal_what_orders_list_adds_up_to(cli: &Cli) {
    let r = cli.json(&["report", "--day", DAY, "--json"]);
    for key in [
        "orders",
        "cancelled",
        "gross_minor",
        "discount_minor",
        "delivery_fee_minor",
        "net_minor",
        "by_hour",
        "top_products",
        "prep_median_seconds",
        "prep_p90_seconds",
        "late_share",
    ] {
        assert!(r.get(key).is_some(), "report --json lacks {key}: {r}");
    }
    // The day runs from 05:00 Istanbul (02:00Z) to 05:00 the next morning.
    let (start, end) = (ms("2026-11-25T02:00:00Z"), ms("2026-11-26T02:00:00Z"));
    let list = cli.json(&["orders", "list", "--json", "--limit", "1000"]);
    let in_day: Vec<&Value> = list
        .as_array()
        .expect("array")
        .iter()
        .filter(|o| (start..end).contains(&ms(o["created_at"].as_str().expect("created_at"))))
        .collect();
    let kept: Vec<&&Value> = in_day
        .iter()
        .filter(|o| o["status"] != "cancelled")
        .collect();
    let sum = |k: &str| {
        kept.iter()
            .map(|o| o[k].as_i64().expect("money"))
            .sum::<i64>()
    };
    assert_eq!(r["orders"].as_u64(), Some(kept.len() as u64));
    assert_eq!(
        r["cancelled"].as_u64(),
        Some((in_day.len() - kept.len()) as u64)
    );
    assert_eq!(r["gross_minor"].as_i64(), Some(sum("subtotal_minor")));
    assert_eq!(r["discount_minor"].as_i64(), Some(sum("discount_minor")));
    assert_eq!(r["net_minor"].as_i64(), Some(sum("total_minor")));
    let units: i64 = kept
        .iter()
        .flat_map(|o| o["items"].as_array().expect("items"))
        .map(|i| i["quantity"].as_i64().expect("qty"))
        .sum();
    let top: i64 = r["top_products"]
        .as_array()
        .expect("top")
        .iter()
        .map(|p| p["quantity"].as_i64().expect("qty"))
        .sum();
    assert_eq!(
        top, units,
        "fewer products than the top-10 limit: all units listed"
    );
    let hours: u64 = r["by_hour"]
        .as_array()
        .expect("by_hour")
        .iter()
        .map(|h| h["orders"].as_u64().expect("n"))
        .sum();
    assert_eq!(hours, kept.len() as u64);
    // And the exact figures of the known day.
    assert_eq!(
        (
            r["orders"].as_u64(),
            r["cancelled"].as_u64(),
            r["net_minor"].as_i64()
        ),
        (Some(4), Some(1), Some(69_800))
    );
    assert_eq!(r["prep_median_seconds"], 480);
    assert_eq!(r["prep_p90_seconds"], 720);
    assert_eq!(r["delivery_fee_minor"], 0);
}

fn the_page_csv_and_export(cli: &Cli) {
    let page = cli.ok(&["report", "--day", DAY]);
    for want in [
        "Tavuk Dürüm",
        "698,00 ₺",
        "HOS10",
        "3 (2 new, 1 returning)",
        "median 8:00",
    ] {
        assert!(page.contains(want), "page lacks {want}:\n{page}");
    }
    assert!(page.contains("  10 █"), "hour chart:\n{page}");
    assert!(
        page.contains("  01 █"),
        "the order after midnight is on the chart:\n{page}"
    );
    let csv = cli.ok(&[
        "report",
        "--from",
        "2026-11-24",
        "--to",
        "2026-11-26",
        "--csv",
    ]);
    let rows: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(rows.len(), 5, "{csv}");
    assert!(
        rows[2].starts_with("2026-11-25,4,1,60.00,730.00,32.00,0.00,698.00,"),
        "{csv}"
    );
    assert!(rows[4].starts_with("total,6,1,"), "{csv}");
    let out = cli.run(&["orders", "export", "--from", DAY, "--to", DAY, "--csv"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(text.starts_with('\u{feff}'), "BOM first");
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 1 + 6, "header + one row per line:\n{text}");
    assert!(text.contains("\"Ayşe \"\"Abla\"\", Kadıköy\""), "{text}");
    assert!(text.contains("İskender"), "{text}");
    assert!(
        text.contains(",cancelled,"),
        "cancelled orders are exported with their status"
    );
}

fn empty_days_and_bad_input(cli: &Cli) {
    let page = cli.ok(&["report", "--day", "2026-12-01"]);
    assert!(page.contains("No orders"), "{page}");
    let r = cli.json(&["report", "--day", "2026-12-01", "--json"]);
    assert_eq!(
        (r["orders"].as_u64(), r["net_minor"].as_i64()),
        (Some(0), Some(0))
    );
    cli.refused(&["report", "--day", "2026-13-01"], "not a date");
    cli.refused(&["report", "--day", "25.11.2026"], "not a date");
    cli.refused(
        &["report", "--from", "2026-11-26", "--to", "2026-11-25"],
        "before it starts",
    );
    cli.refused(
        &[
            "orders",
            "export",
            "--from",
            "2026-11-26",
            "--to",
            "2026-11-25",
        ],
        "before it starts",
    );
    cli.refused(
        &["orders", "export", "--from", "yesterday", "--to", DAY],
        "not a date",
    );
    let o = cli.run(&["report", "--day", DAY, "--from", DAY]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "--day with --from is a usage error"
    );
}

/// Run a command-line scenario on a database of `backend` seeded with the report's day.
async fn seeded(backend: Backend, scenario: fn(&Cli)) {
    let t = backend.db().await;
    report_day::seed(&t.db).await;
    crate::admin::on_db(t, scenario).await;
}

crate::on_both_backends!(
    via seeded:
    figures_equal_what_orders_list_adds_up_to,
    the_page_csv_and_export,
    empty_days_and_bad_input
);
