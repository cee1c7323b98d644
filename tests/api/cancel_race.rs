//! Two boards answer one cancel request at the same moment, one accepting and
//! one refusing, through the real server on both backends: exactly one answer
//! wins (204), the other is told another board was first (409), and the
//! customer is told once — never "refused, it goes on" and then "cancelled".

use maydanoz::clock::now;
use maydanoz::domain::order::OrderStatus;
use maydanoz::service;
use maydanoz::store::{cancel_requests, customers, orders};

use crate::helpers::{Backend, TestApp};

const TOKEN: &str = "cancelrace-0123456789abcdef0123456789abcdef0123456789abcdef012345";

/// Orders answered at once, each by two boards.
const ROUNDS: usize = 16;

/// An order the kitchen started and the customer asked to cancel: (id, number).
async fn requested(app: &TestApp, k: usize) -> (i64, i64) {
    let phone = format!("9055512{k:05}");
    let o = crate::common::new_order(
        &phone,
        vec![crate::common::item("Adana", 1, 15_000)],
        15_000,
    );
    let now = now();
    let mut tx = app.db.begin().await.expect("tx");
    customers::touch(&mut tx.exec(), &o.customer_phone, Some("Ayşe"), now)
        .await
        .expect("customer");
    let (id, number) = orders::insert(&mut tx.exec(), &o, now)
        .await
        .map(|o| (o.id, o.number))
        .expect("order");
    tx.commit().await.expect("commit");
    service::change_status(&app.db, None, number, OrderStatus::Preparing, now)
        .await
        .expect("preparing");
    let mut tx = app.db.begin().await.expect("tx");
    assert!(
        cancel_requests::request(&mut tx.exec(), id, now)
            .await
            .expect("request")
    );
    tx.commit().await.expect("commit");
    (id, number.get())
}

async fn messages_about(app: &TestApp, order_id: i64) -> i64 {
    app.db
        .read()
        .await
        .expect("read")
        .exec()
        .scalar(
            "SELECT COUNT(*) FROM outbox WHERE order_id = $1 AND kind = 'message'",
            maydanoz::args![order_id],
        )
        .await
        .expect("count")
}

async fn answer(app: &TestApp, number: i64, accept: bool) -> u16 {
    app.http
        .post(app.url(&format!("/kds/v1/orders/{number}/cancel-request")))
        .bearer_auth(TOKEN)
        .json(&serde_json::json!({ "accept": accept }))
        .send()
        .await
        .expect("post")
        .status()
        .as_u16()
}

async fn two_boards_answering_one_cancel_request_one_wins(backend: Backend) {
    let app = TestApp::builder().backend(backend).spawn().await;
    app.grant_board("counter", TOKEN).await;
    let mut orders_ = Vec::new();
    for k in 0..ROUNDS {
        let (id, number) = requested(&app, k).await;
        orders_.push((id, number, messages_about(&app, id).await));
    }
    let mut both_204 = 0;
    let mut accepted = 0;
    for &(id, number, before) in &orders_ {
        let (yes, no) = tokio::join!(answer(&app, number, true), answer(&app, number, false));
        if (yes, no) == (204, 204) {
            both_204 += 1;
        }
        let mut got = [yes, no];
        got.sort_unstable();
        assert_eq!(got, [204, 409], "#{number}: accept {yes}, refuse {no}");
        let told = messages_about(&app, id).await - before;
        assert_eq!(told, 1, "#{number}: the customer is told once");
        let o = orders::by_number(
            &mut app.db.read().await.expect("read").exec(),
            number.into(),
        )
        .await
        .expect("read")
        .expect("the order")
        .0;
        if yes == 204 {
            accepted += 1;
            assert_eq!(o.status, OrderStatus::Cancelled, "#{number}");
        } else {
            assert_eq!(o.status, OrderStatus::Preparing, "#{number}");
            assert!(o.cancel_requested_at.is_none(), "#{number}");
        }
    }
    assert_eq!(both_204, 0);
    println!(
        "» {ROUNDS} cancel requests answered by two boards at once: {accepted} accepted, the rest refused, one 409 each"
    );
    app.stop().await;
}

crate::on_both_backends!(app: two_boards_answering_one_cancel_request_one_wins);
