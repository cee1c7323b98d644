//! A grill station's page (`/board?station=ızgara`): it shows only the grill's
//! line of an order; a tap on the line, or Bump, marks it done in the store
//! without telling the customer, and the expo page shows the progress.
//! On SQLite and PostgreSQL.

use std::time::Duration;

use maydanoz::store::orders;

use crate::common::app::Backend;
use crate::common::fixtures::GRILL_AND_DRINKS_MENU;
use crate::driver;
use crate::shop::{Shop, TOKEN};

const PHONE: &str = "905551117788";

/// A dürüm and an ayran with the menu's stations; the order's number.
async fn place(shop: &Shop) -> i64 {
    let items = crate::common::lines_from_menu(&shop.db, &["Adana Dürüm", "Ayran"], 10_000).await;
    let o = crate::common::new_order(PHONE, items, 20_000);
    crate::common::place_on_board(&shop.db, &o, "Ayşe", maydanoz::clock::now()).await
}

async fn a_grill_station_bumps_its_line(backend: Backend) {
    let Some(b) = driver::open(1024, 768).await else {
        return;
    };
    let shop = Shop::open(backend.db().await, GRILL_AND_DRINKS_MENU).await;
    let n = place(&shop).await;
    const SOON: Duration = Duration::from_secs(5);
    b.c.goto(&shop.url(&format!("/board?station=%C4%B1zgara#token={TOKEN}")))
        .await
        .expect("open");
    b.click("#start-btn").await;
    let t = format!("document.querySelector('.ticket[data-number=\"{n}\"]')");
    b.until("the grill's ticket", &t, SOON).await;
    assert_eq!(b.text("#title").await.as_deref(), Some("Station: ızgara"));
    // only the grill's line
    let lines = b
        .js(
            &format!(
                "return [...{t}.querySelectorAll('.t-items li')].map(l => l.dataset.position);"
            ),
            vec![],
        )
        .await;
    assert_eq!(lines, serde_json::json!(["0"]));
    b.click(&format!(".ticket[data-number=\"{n}\"] .t-head"))
        .await;
    b.click("#act-bump").await;
    // done at the grill: the ticket leaves the grill's page
    b.until("the grill is done", &format!("!{t}"), SOON).await;
    let done = async {
        let mut c = shop.db.read().await.expect("read");
        orders::by_number(&mut c.exec(), n.into())
            .await
            .expect("read")
            .expect("order")
            .0
    }
    .await;
    assert!(done.items[0].station_done_at.is_some(), "{:?}", done.items);
    assert!(done.items[1].station_done_at.is_none(), "{:?}", done.items);
    assert_eq!(done.status, maydanoz::domain::order::OrderStatus::New);
    // nobody is told of a station's line
    shop.drained().await;
    assert_eq!(shop.texts_to(PHONE), 0);
    // the expo shows each station's progress
    b.c.goto(&shop.url("/board?station=expo"))
        .await
        .expect("expo");
    b.click("#start-btn").await;
    b.until("the expo's ticket", &t, SOON).await;
    let marks = b
        .text(&format!(".ticket[data-number=\"{n}\"] .t-items"))
        .await
        .unwrap_or_default();
    assert!(
        marks.contains("[ızgara ✓]") && marks.contains("[içecek]"),
        "{marks}"
    );
    b.close().await;
    shop.stop().await;
}

crate::on_both_backends!(app: a_grill_station_bumps_its_line);
