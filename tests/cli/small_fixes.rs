//! Smaller admin-command fixes through the built binary, on SQLite and
//! PostgreSQL: an expired coupon is listed as expired; a report range is capped
//! at 366 days unless `--all` (and its CSV rows are written as computed); a
//! pending cancel request shows in `orders show` / `orders list`; and every
//! command ends quietly when its reader goes away (`| head`).

use std::process::{Command, Stdio};

use maydanoz::domain::order::OrderStatus;
use maydanoz::domain::time::Span;
use maydanoz::store::{cancel_requests, customers, orders};

use crate::admin::Cli;
use crate::common::TestDb;
use crate::common::app::Backend;

fn blocking<T>(f: impl FnOnce() -> T) -> T {
    tokio::task::block_in_place(f)
}

/// Two orders of Ayşe: #1 waiting, #2 started by the kitchen and asked to be cancelled.
async fn two_orders(t: &TestDb) -> (i64, i64) {
    let now = maydanoz::clock::now();
    let mut numbers = Vec::new();
    for _ in 0..2 {
        let o = crate::common::new_order(
            "905551112233",
            vec![crate::common::item("Ayran", 2, 2500)],
            5000,
        );
        let mut tx = t.db.begin().await.expect("tx");
        customers::touch(
            &mut tx.exec(),
            &crate::common::phone("905551112233"),
            Some("Ayşe"),
            now,
        )
        .await
        .expect("customer");
        let (id, n) = orders::insert(&mut tx.exec(), &o, now)
            .await
            .map(|o| (o.id, o.number))
            .expect("insert");
        tx.commit().await.expect("commit");
        numbers.push((id, n));
    }
    let (id2, n2) = numbers[1];
    maydanoz::service::change_status(&t.db, None, n2, OrderStatus::Preparing, now)
        .await
        .expect("preparing");
    let mut tx = t.db.begin().await.expect("tx");
    assert!(
        cancel_requests::request(&mut tx.exec(), id2, now + Span::millis(1000))
            .await
            .expect("request")
    );
    tx.commit().await.expect("commit");
    (numbers[0].1.into(), n2.into())
}

fn cancel_request_is_visible(cli: &Cli, waiting: i64, asked: i64) {
    let show = cli.ok(&["orders", "show", &asked.to_string()]);
    assert!(show.contains("asked to cancel"), "{show}");
    let plain = cli.ok(&["orders", "show", &waiting.to_string()]);
    assert!(!plain.contains("asked to cancel"), "{plain}");
    let j = cli.json(&["orders", "show", &asked.to_string(), "--json"]);
    assert!(j["cancel_requested_at"].is_string(), "{j}");
    let j = cli.json(&["orders", "show", &waiting.to_string(), "--json"]);
    assert!(j["cancel_requested_at"].is_null(), "{j}");
    let list = cli.ok(&["orders", "list"]);
    let row = list
        .lines()
        .find(|l| l.trim_start().starts_with(&format!("{asked} ")))
        .unwrap_or_else(|| panic!("no row for #{asked}: {list}"));
    assert!(row.contains("preparing, cancel asked"), "{row}");
}

fn expired_coupons_are_not_active(cli: &Cli) {
    cli.ok(&[
        "coupon",
        "create",
        "ESKI10",
        "--percent",
        "10",
        "--expires",
        "2020-01-31",
    ]);
    cli.ok(&["coupon", "create", "YENI10", "--percent", "10"]);
    cli.ok(&[
        "coupon",
        "create",
        "SONRA5",
        "--percent",
        "5",
        "--starts",
        "2999-01-01",
    ]);
    let table = cli.ok(&["coupon", "list"]);
    let row = |code: &str| {
        table
            .lines()
            .find(|l| l.starts_with(code))
            .unwrap_or_else(|| panic!("no {code}: {table}"))
            .to_string()
    };
    assert!(row("ESKI10").contains("expired"), "{table}");
    assert!(!row("ESKI10").contains("active"), "{table}");
    assert!(row("YENI10").contains("active"), "{table}");
    assert!(row("SONRA5").contains("not yet valid"), "{table}");
    let j = cli.json(&["coupon", "list", "--json"]);
    let of = |code: &str| {
        j.as_array()
            .expect("array")
            .iter()
            .find(|c| c["code"] == code)
            .cloned()
            .expect("listed")
    };
    assert_eq!(of("ESKI10")["status"], "expired", "{j}");
    assert_eq!(of("ESKI10")["active"], true, "not disabled: {j}");
    assert_eq!(of("YENI10")["status"], "active", "{j}");
}

fn report_ranges_are_capped(cli: &Cli) {
    cli.refused(
        &[
            "report",
            "--from",
            "0000-01-01",
            "--to",
            "9999-12-31",
            "--csv",
        ],
        "at most 366",
    );
    cli.refused(
        &["report", "--from", "2024-01-01", "--to", "2025-01-01"],
        "--all",
    );
    // a leap year is 366 days and allowed
    let csv = cli.ok(&[
        "report",
        "--from",
        "2024-01-01",
        "--to",
        "2024-12-31",
        "--csv",
    ]);
    assert_eq!(csv.lines().count(), 366 + 2, "header, days, total");
    let csv = cli.ok(&[
        "report",
        "--from",
        "2020-01-01",
        "--to",
        "2024-12-31",
        "--csv",
        "--all",
    ]);
    assert_eq!(csv.lines().count(), 1827 + 2);
    assert!(csv.lines().last().is_some_and(|l| l.starts_with("total,")));
}

/// Start `args`, close its stdout before it writes, and expect a quiet exit.
fn quiet_when_the_reader_goes(cli: &Cli, url: &str, args: &[&str]) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_maydanoz"))
        .current_dir(cli.path("."))
        .env_remove("MAYDANOZ_CONFIG")
        .env("MAYDANOZ_DATABASE__URL", url)
        .env("MAYDANOZ_LOG", "error")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{args:?}: {err}");
    assert!(err.trim().is_empty(), "{args:?} said: {err}");
    assert!(out.status.success(), "{args:?}: {:?} {err}", out.status);
}

async fn scenario(t: &TestDb) {
    let cli = Cli::new(&t.url);
    blocking(|| cli.ok(&["menu", "import", &cli.sample()]));
    let (waiting, asked) = two_orders(t).await;
    blocking(|| {
        cancel_request_is_visible(&cli, waiting, asked);
        expired_coupons_are_not_active(&cli);
        report_ranges_are_capped(&cli);
        for args in [
            &["orders", "show", &asked.to_string()][..],
            &["orders", "list"],
            &["orders", "list", "--json"],
            &["coupon", "list"],
            &["menu", "list"],
            &[
                "report",
                "--from",
                "2024-01-01",
                "--to",
                "2024-12-31",
                "--csv",
            ],
            &["config"],
        ] {
            quiet_when_the_reader_goes(&cli, &t.url, args);
        }
    });
}

async fn small_admin_fixes(backend: Backend) {
    let t = backend.db().await;
    scenario(&t).await;
    t.cleanup().await;
}

crate::on_both_backends!(app: small_admin_fixes);
