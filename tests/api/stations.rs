//! Stations and expo over the real HTTP API (`/kds/v1/`), on SQLite and
//! PostgreSQL: the grill and the drinks each bump their own line of an order,
//! the expo's event stream shows each station's progress, nobody tells the
//! customer until the expo's bump, which does (through the fake Graph API).

use maydanoz::domain::time::At;
use std::time::Duration;

use maydanoz::domain::OrderNumber;
use maydanoz::domain::order::{Fulfilment, OrderStatus};
use maydanoz::domain::station;
use maydanoz::kds::Board;
use maydanoz::store::{customers, kds_tokens, orders};
use maydanoz::testing::FakeGraphControls as _;

use crate::helpers::{Backend, TestApp};
use crate::kds_v1::next_event;

const TOKEN: &str = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";
const PHONE: &str = "905551117788";

async fn app(backend: Backend) -> TestApp {
    let app = TestApp::builder().backend(backend).spawn().await;
    let mut tx = app.db.begin().await.expect("tx");
    kds_tokens::create(
        &mut tx.exec(),
        "pass",
        TOKEN,
        maydanoz::domain::time::At::from_millis(1),
    )
    .await
    .expect("token");
    tx.commit().await.expect("commit");
    crate::common::fixtures::import_menu(&app.db, crate::common::fixtures::GRILL_AND_DRINKS_MENU)
        .await;
    app
}

/// A dürüm and an ayran, confirmed (stations copied from the menu).
async fn place(app: &TestApp) -> OrderNumber {
    let items = crate::common::lines_from_menu(&app.db, &["Adana Dürüm", "Ayran"], 10_000).await;
    let o = crate::common::new_order(PHONE, items, 20_000);
    let mut tx = app.db.begin().await.expect("tx");
    customers::touch(
        &mut tx.exec(),
        &crate::common::phone(PHONE),
        Some("Ayşe"),
        maydanoz::domain::time::At::from_millis(1),
    )
    .await
    .expect("customer");
    let n = orders::insert(&mut tx.exec(), &o, At::from_millis(1))
        .await
        .expect("insert")
        .number;
    tx.commit().await.expect("commit");
    n
}

async fn post(app: &TestApp, path: &str, body: serde_json::Value) -> u16 {
    app.http
        .post(app.url(path))
        .bearer_auth(TOKEN)
        .json(&body)
        .send()
        .await
        .expect("post")
        .status()
        .as_u16()
}

/// A station screen marks line `position` of the order at `path` done; the HTTP status.
async fn bump_line(app: &TestApp, path: &str, position: usize) -> u16 {
    post(
        app,
        path,
        serde_json::json!({"positions": [position], "done": true}),
    )
    .await
}

/// The next board from the expo's stream in which `n`'s lines are `done`.
async fn expo_sees(s: &mut reqwest::Response, n: OrderNumber, done: [bool; 2]) -> Board {
    loop {
        let (_, b) = next_event(s, Duration::from_secs(5))
            .await
            .unwrap_or_else(|| panic!("the expo sees #{n} at {done:?}"));
        let o = b
            .orders
            .iter()
            .find(|o| o.number == n)
            .expect("on the board");
        let got = [0, 1].map(|i| o.items[i].station_done_at.is_some());
        if got == done {
            return b;
        }
    }
}

async fn two_stations_and_the_expo(app: &TestApp) {
    let stations: Vec<String> = app
        .http
        .get(app.url("/kds/v1/stations"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .expect("stations")
        .json()
        .await
        .expect("json");
    assert_eq!(stations, vec!["içecek", "ızgara"]);
    let unauthorised = app
        .http
        .post(app.url("/kds/v1/orders/1/lines"))
        .json(&serde_json::json!({"positions": [0], "done": true}))
        .send()
        .await
        .expect("post");
    assert_eq!(unauthorised.status(), 401);
    let anonymous = app.http.get(app.url("/kds/v1/stations")).send().await;
    assert_eq!(anonymous.expect("get").status(), 401);

    let n = place(app).await;
    let mut expo = app
        .http
        .get(app.url("/kds/v1/events"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .expect("the expo's stream");
    let b = expo_sees(&mut expo, n, [false, false]).await;
    let o = &b.orders[0];
    let st: Vec<_> = o.items.iter().map(|i| i.station.as_deref()).collect();
    assert_eq!(st, vec![Some("ızgara"), Some("içecek")]);
    let lines = format!("/kds/v1/orders/{n}/lines");

    // the grill bumps its dürüm; a second grill screen a moment later is told 409
    assert_eq!(bump_line(app, &lines, 0).await, 204);
    assert_eq!(bump_line(app, &lines, 0).await, 409);
    let b = expo_sees(&mut expo, n, [true, false]).await;
    let p = station::progress(&b.orders[0]);
    assert_eq!((p[0].done, p[1].done), (1, 0), "ızgara done, içecek not");
    assert!(!station::all_done(&b.orders[0]));
    // the drinks bump the ayran
    assert_eq!(bump_line(app, &lines, 1).await, 204);
    let b = expo_sees(&mut expo, n, [true, true]).await;
    assert!(station::all_done(&b.orders[0]), "every station done");
    assert_eq!(
        b.orders[0].status,
        OrderStatus::New,
        "still the expo's to bump"
    );
    // nothing was queued for the customer, so nothing can have been sent
    assert_eq!(app.count("SELECT COUNT(*) FROM outbox").await, 0);
    assert!(app.fake.received().iter().all(|r| r.to != PHONE));

    // the expo's bump tells the customer
    let status = format!("/kds/v1/orders/{n}/status");
    assert_eq!(
        post(app, &status, serde_json::json!({"to": "ready"})).await,
        204
    );
    let got = app.fake.wait_after(PHONE, 0, Duration::from_secs(10)).await;
    assert_eq!(got.len(), 1, "one message: {got:?}");
    let text = got[0].body["text"]["body"].as_str().unwrap_or_default();
    let want = maydanoz::testing::status_update(
        maydanoz::domain::Lang::Tr,
        n,
        OrderStatus::Ready,
        Fulfilment::Pickup,
    );
    assert_eq!(text, want);
    // unknown orders are 404, a line that is not there 400
    assert_eq!(bump_line(app, "/kds/v1/orders/99999/lines", 0).await, 404);
    assert_eq!(bump_line(app, &lines, 5).await, 400);
}

async fn stations_and_expo_over_http(backend: Backend) {
    let app = app(backend).await;
    two_stations_and_the_expo(&app).await;
    app.stop().await;
}

crate::on_both_backends!(app: stations_and_expo_over_http);
