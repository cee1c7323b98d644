//! Answers through the real server on both backends: "siparişim
//! nerede" after an order names it, its status and an estimate; a cancel
//! request after the kitchen started reaches the board (bus event, the mark in
//! `/kds/v1/orders`), and the shop's accept or refuse reaches the customer.

use maydanoz::clock::now;
use maydanoz::domain::order::OrderStatus;
use maydanoz::events::OrderEvent;
use maydanoz::kds::Board;
use maydanoz::service;
use maydanoz::sim::{Customer, find_tap, read};

use crate::conversation::{stock_for, wire_for};
use crate::helpers::{Backend, TestApp};

const TOKEN: &str = "answers-0123456789abcdef0123456789abcdef0123456789abcdef01234567";

/// Wait for a message whose text contains `needle`.
async fn wait_text(c: &mut Customer, needle: &str) -> String {
    let n = needle.to_string();
    c.wait_for(needle, |p| {
        p.iter().map(|m| read(&m.body).0).find(|t| t.contains(&n))
    })
    .await
    .unwrap_or_else(|e| panic!("waiting for {needle:?}: {e}"))
}

/// A customer who has just placed the everyday order; its number.
async fn ordered(app: &TestApp, phone: &str) -> (Customer, i64) {
    stock_for(app).await;
    let mut c = Customer::new(wire_for(app), phone, "Soran Müşteri");
    c.say("2 tavuk dürüm acısız, 1 küçük ayran")
        .await
        .expect("say");
    wait_text(&mut c, "Sepet:").await;
    c.say("gelip alıcam").await.expect("say");
    let ok = c
        .wait_for("Onayla", |p| find_tap(p, "Onayla"))
        .await
        .expect("confirm button");
    c.tap(&ok).await.expect("tap");
    wait_text(&mut c, "Siparişin alındı").await;
    let n = app.count("SELECT MAX(number) FROM orders").await;
    (c, n)
}

async fn where_is_my_order_names_it_its_status_and_an_estimate(backend: Backend) {
    let app = TestApp::builder().backend(backend).spawn().await;
    let (mut c, n) = ordered(&app, "905551230001").await;
    c.say("Siparişim nerede?").await.expect("say");
    let status = wait_text(&mut c, "Açık siparişlerin").await;
    assert!(status.contains(&format!("#{n}: alındı")), "{status}");
    assert!(status.contains("onaylandı"), "{status}");
    // nothing ready today yet: the configured 15 minutes
    assert!(
        status.contains("tahmini 15 dk") || status.contains("tahmini 14 dk"),
        "{status}"
    );
    assert!(status.contains("ortalama hazırlık"), "{status}");
    service::change_status(
        &app.db,
        Some(&app.bus),
        n.into(),
        OrderStatus::Preparing,
        now(),
    )
    .await
    .expect("preparing");
    c.say("siparişim ne zaman gelir").await.expect("say");
    let status = wait_text(&mut c, "hazırlanıyor ·").await;
    assert!(status.contains(&format!("#{n}: hazırlanıyor")), "{status}");
    assert!(status.contains("tahmini"), "{status}");
    app.stop().await;
}

/// The customer asks to cancel order `n`, which the kitchen has started.
async fn ask_to_cancel(app: &TestApp, c: &mut Customer, n: i64) {
    let mut bus = app.bus.subscribe();
    service::change_status(
        &app.db,
        Some(&app.bus),
        n.into(),
        OrderStatus::Preparing,
        now(),
    )
    .await
    .expect("preparing");
    c.say("iptal").await.expect("say");
    let ask = wait_text(c, "Kararı onlar verir").await;
    assert!(ask.contains(&format!("#{n}")), "{ask}");
    let yes = c
        .wait_for("Evet, dükkana sor", |p| find_tap(p, "Evet, dükkana sor"))
        .await
        .expect("ask button");
    c.tap(&yes).await.expect("tap");
    wait_text(c, "dükkana ilettik").await;
    let seen = tokio::time::timeout(std::time::Duration::from_secs(10), async {
        loop {
            match bus.recv().await {
                Ok(OrderEvent::CancelRequested { number, at }) if number == n => break at,
                Ok(_) => {}
                Err(e) => panic!("bus: {e}"),
            }
        }
    })
    .await
    .expect("a board event");
    assert!(seen.is_some(), "the request, not its clearing");
    // a remote board sees the mark
    let board: Board = app
        .http
        .get(app.url("/kds/v1/orders"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .expect("board")
        .json()
        .await
        .expect("json");
    let o = board
        .orders
        .iter()
        .find(|o| o.number == n)
        .expect("on the board");
    assert!(o.cancel_requested_at.is_some(), "{o:?}");
    assert_eq!(o.status, OrderStatus::Preparing);
}

/// A remote board's answer to order `order`'s cancel request (`x`, then `y`/`n`), with the
/// board's token or, with `token: false`, without one; the HTTP status.
async fn answer_cancel(app: &TestApp, order: &str, accept: bool, token: bool) -> u16 {
    let mut req = app
        .http
        .post(app.url(&format!("/kds/v1/orders/{order}/cancel-request")))
        .json(&serde_json::json!({ "accept": accept }));
    if token {
        req = req.bearer_auth(TOKEN);
    }
    req.send().await.expect("post").status().as_u16()
}

async fn a_cancel_request_reaches_the_board_and_accepting_cancels(backend: Backend) {
    let app = TestApp::builder().backend(backend).spawn().await;
    app.grant_board("counter", TOKEN).await;
    let (mut c, n) = ordered(&app, "905551230002").await;
    ask_to_cancel(&app, &mut c, n).await;
    // the board's `x`, `y` on this server's own board
    service::cancel_request::answer(&app.db, Some(&app.bus), n.into(), true, now())
        .await
        .expect("accept");
    let told = wait_text(&mut c, "İptal isteğin kabul edildi").await;
    assert!(
        told.contains(&format!("#{n}")) && told.contains("yetkili"),
        "{told}"
    );
    let sql = "SELECT COUNT(*) FROM orders WHERE status = 'cancelled'";
    assert_eq!(app.count(sql).await, 1);
    // answered once: a second answer is refused (another board was quicker)
    let again = answer_cancel(&app, &n.to_string(), false, true).await;
    assert_eq!(again, 409);
    app.stop().await;
}

async fn a_refused_cancel_request_tells_the_customer_it_goes_on(backend: Backend) {
    let app = TestApp::builder().backend(backend).spawn().await;
    app.grant_board("counter", TOKEN).await;
    let (mut c, n) = ordered(&app, "905551230003").await;
    ask_to_cancel(&app, &mut c, n).await;
    // a remote board's `x`, `n`
    let r = answer_cancel(&app, &n.to_string(), false, true).await;
    assert_eq!(r, 204);
    let told = wait_text(&mut c, "karşılayamadık").await;
    assert!(
        told.contains("devam ediyor") && told.contains("yetkili"),
        "{told}"
    );
    let sql =
        "SELECT COUNT(*) FROM orders WHERE status = 'preparing' AND cancel_requested_at IS NULL";
    assert_eq!(
        app.count(sql).await,
        1,
        "the order goes on, the mark is gone"
    );
    let unknown = answer_cancel(&app, "999999", true, true).await;
    assert_eq!(unknown, 404);
    let anonymous = answer_cancel(&app, &n.to_string(), true, false).await;
    assert_eq!(anonymous, 401);
    app.stop().await;
}

/// The board hears of a placed order exactly as it reads it back from the store
/// (lines, promise, everything): the event carries the order as stored, not a
/// copy assembled beside the write.
async fn the_placed_event_is_the_order_as_the_board_reads_it(backend: Backend) {
    let app = TestApp::builder().backend(backend).spawn().await;
    let mut bus = app.bus.subscribe();
    let (_c, n) = ordered(&app, "905551230009").await;
    let placed = tokio::time::timeout(std::time::Duration::from_secs(10), async {
        loop {
            match bus.recv().await {
                Ok(OrderEvent::Placed(o)) if o.number == n => break *o,
                Ok(_) => {}
                Err(e) => panic!("bus: {e}"),
            }
        }
    })
    .await
    .expect("the placed event");
    let (read, _) = maydanoz::store::orders::by_number(
        &mut app.db.read().await.expect("read").exec(),
        n.into(),
    )
    .await
    .expect("read back")
    .expect("the order");
    assert_eq!(placed, read);
    assert!(placed.promised_at.is_some(), "{placed:?}");
    assert_eq!(placed.items.len(), 2, "{placed:?}");
    app.stop().await;
}

crate::on_both_backends!(app: the_placed_event_is_the_order_as_the_board_reads_it, where_is_my_order_names_it_its_status_and_an_estimate, a_cancel_request_reaches_the_board_and_accepting_cancels, a_refused_cancel_request_tells_the_customer_it_goes_on);
