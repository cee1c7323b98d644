//! `orders list` and `orders show` of an order placed ahead: "upcoming, for …"
//! until its board time, the time it is for, and `scheduled_for` / `board_at`
//! in JSON as RFC 3339 UTC like `created_at` (null for an order made now).

use maydanoz::domain::time::At;
use maydanoz::store::{Db, customers, orders};
use maydanoz::testing::ahead_schedule;

use crate::admin::Cli;
use crate::common::app::Backend;

const HOUR: i64 = 3_600_000;

/// One order made now and one ahead, for three hours from now, on the board in two.
async fn two_orders(url: &str) -> (i64, i64, i64) {
    let db = Db::connect(url).await.expect("open");
    let now = maydanoz::clock::now();
    let at = (now.as_millis() + 3 * HOUR) / 60_000 * 60_000;
    let mut tx = db.begin().await.expect("begin");
    customers::touch(
        &mut tx.exec(),
        &crate::common::phone("905551112233"),
        Some("Ayşe"),
        now,
    )
    .await
    .expect("customer");
    let o = crate::common::new_order(
        "905551112233",
        vec![crate::common::item("Ayran", 1, 2500)],
        2500,
    );
    let plain = orders::insert(&mut tx.exec(), &o, now)
        .await
        .expect("plain")
        .number;
    let (id, later) = orders::insert(&mut tx.exec(), &o, now)
        .await
        .map(|o| (o.id, o.number))
        .expect("ahead");
    ahead_schedule(
        &mut tx.exec(),
        id,
        At::from_millis(at),
        At::from_millis(at - HOUR),
        true,
    )
    .await
    .expect("schedule");
    tx.commit().await.expect("commit");
    db.close().await;
    (plain.get(), later.get(), at)
}

fn shows_upcoming(cli: &Cli, plain: i64, later: i64, at: i64) {
    let list = cli.ok(&["orders", "list"]);
    let line = |n: i64| {
        list.lines()
            .find(|l| l.trim_start().starts_with(&format!("{n} ")))
            .unwrap_or_else(|| panic!("no #{n} in {list}"))
            .to_string()
    };
    assert!(line(later).contains("upcoming, for"), "{list}");
    assert!(
        line(plain).contains("new") && !line(plain).contains("upcoming"),
        "{list}"
    );
    let show = cli.ok(&["orders", "show", &later.to_string()]);
    assert!(show.contains("ordered ahead; on the board from"), "{show}");
    let json: serde_json::Value =
        serde_json::from_str(&cli.ok(&["orders", "list", "--json"])).expect("json");
    let by = |n: i64| {
        json.as_array()
            .expect("array")
            .iter()
            .find(|o| o["number"] == n)
            .cloned()
            .expect("order")
    };
    let want = jiff::Timestamp::from_millisecond(at)
        .expect("ts")
        .to_string();
    assert_eq!(by(later)["scheduled_for"], want.as_str());
    assert!(want.ends_with('Z'));
    assert!(
        by(later)["created_at"]
            .as_str()
            .expect("created")
            .ends_with('Z')
    );
    assert!(by(plain)["scheduled_for"].is_null());
    assert!(by(plain)["board_at"].is_null());
}

async fn orders_list_shows_an_order_ahead_as_upcoming(backend: Backend) {
    let t = backend.db().await;
    let url = t.url.clone();
    let (plain, later, at) = two_orders(&url).await;
    tokio::task::spawn_blocking(move || shows_upcoming(&Cli::new(&url), plain, later, at))
        .await
        .expect("scenario");
    t.cleanup().await;
}

crate::on_both_backends!(app: orders_list_shows_an_order_ahead_as_upcoming);
