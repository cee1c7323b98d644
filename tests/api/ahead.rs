//! Ordering ahead through the real server, on SQLite and PostgreSQL: with the
//! shop closed now (opening hours set a few hours ahead of the real clock),
//! a customer picks the opening, the order is stored with `scheduled_for` in
//! `orders list --json`, is not on the board (local or remote) before its
//! board time, and appears on the remote feed at that time. The board time is
//! driven (moved to a second from now in the store, and the release task woken
//! the way the worker wakes it), since the server reads the real clock. A time
//! tapped after it passed is refused.

use std::time::{Duration, Instant};

use maydanoz::events::OrderEvent;
use maydanoz::sim::{Customer, Tap};

use crate::conversation::{orders_json, stock_for, wire_for};
use crate::helpers::{Backend, TestApp, tap, wait_text};
use crate::kds_v1::next_event;

const TOKEN: &str = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";

/// Every day open from three hours after this hour (Istanbul) for four hours:
/// closed now, opening within the day. Returns the settings and the opening.
fn closed_now() -> (Vec<(String, String)>, jiff::Zoned) {
    let tz = jiff::tz::TimeZone::get("Europe/Istanbul").expect("tz");
    let now = jiff::Timestamp::now().to_zoned(tz);
    let open = (i32::from(now.hour()) + 3) % 24;
    let window = format!("{open:02}:00-{:02}:00", (open + 4) % 24);
    let days = [
        "MONDAY",
        "TUESDAY",
        "WEDNESDAY",
        "THURSDAY",
        "FRIDAY",
        "SATURDAY",
        "SUNDAY",
    ];
    let env = days
        .iter()
        .map(|d| (format!("MAYDANOZ_HOURS__{d}"), window.clone()))
        .collect();
    let opening = now
        .with()
        .minute(0)
        .second(0)
        .subsec_nanosecond(0)
        .build()
        .expect("hour")
        .checked_add(jiff::Span::new().hours(3))
        .expect("opening");
    (env, opening)
}

async fn remote_board(app: &TestApp) -> Vec<i64> {
    let b: maydanoz::kds::Board = app
        .http
        .get(app.url("/kds/v1/orders"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("board");
    b.orders.iter().map(|o| o.number.get()).collect()
}

async fn an_order_ahead_waits_for_its_time_then_reaches_every_board(backend: Backend) {
    let (env, opening) = closed_now();
    let app = TestApp::builder().backend(backend).envs(&env).spawn().await;
    stock_for(&app).await;
    app.grant_board("counter", TOKEN).await;

    let mut c = Customer::new(wire_for(&app), "905551230000", "Erken Kalkan");
    c.say("2 küçük ayran").await.expect("say");
    wait_text(&mut c, "Sepet:").await;
    c.say("sipariş ver").await.expect("say");
    let offer = wait_text(&mut c, "şimdiden verebilirsin").await;
    assert!(offer.contains("kapalıyız"), "{offer}");
    tap(&mut c, "açılış").await;
    tap(&mut c, "Gel al").await;
    let summary = wait_text(&mut c, "Hazır olma saati").await;
    let hhmm = opening.strftime("%H:%M").to_string();
    assert!(summary.contains(&hhmm), "{summary}");
    tap(&mut c, "Onayla").await;
    let placed = wait_text(&mut c, "Siparişin alındı").await;
    assert!(placed.contains(&format!("{hhmm} hazır olacak")), "{placed}");

    // stored as scheduled: JSON in UTC like created_at
    let json = orders_json(&app, &app.db_url());
    let o = &json[0];
    let number = o["number"].as_i64().expect("number");
    assert_eq!(o["scheduled_for"], opening.timestamp().to_string(), "{o}");
    assert!(
        o["created_at"].as_str().expect("created").ends_with('Z'),
        "{o}"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM orders WHERE held = TRUE")
            .await,
        1
    );

    // not on any board before its time, local or remote
    assert!(remote_board(&app).await.is_empty());
    let mut feed = app
        .http
        .get(app.url("/kds/v1/events"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .expect("feed");
    let (_, first) = next_event(&mut feed, Duration::from_secs(5))
        .await
        .expect("first board");
    assert!(first.orders.is_empty(), "{:?}", first.orders);

    // drive the board time to a second from now; wake the release task
    let due = maydanoz::clock::now() + maydanoz::domain::time::Span::millis(1_000);
    let mut tx = app.db.begin().await.expect("tx");
    tx.exec()
        .execute(
            "UPDATE orders SET board_at = $1 WHERE number = $2",
            vec![due.as_millis().into(), number.into()],
        )
        .await
        .expect("drive");
    tx.commit().await.expect("commit");
    let started = Instant::now();
    app.bus.publish(OrderEvent::Upcoming {
        number: number.into(),
        board_at: due,
    });
    let (_, board) = next_event(&mut feed, Duration::from_secs(10))
        .await
        .expect("the board with the order");
    let appeared = maydanoz::clock::now();
    assert_eq!(
        board.orders.iter().map(|o| o.number).collect::<Vec<_>>(),
        [number]
    );
    assert!(
        appeared >= due,
        "not before its time ({} ms early)",
        (due - appeared).as_millis()
    );
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "at its time, not a poll later: {:?}",
        started.elapsed()
    );
    assert_eq!(remote_board(&app).await, [number]);

    // a time tapped after it passed is refused, nothing is placed
    let mut late = Customer::new(wire_for(&app), "905551230001", "Geç Kalan");
    late.say("1 küçük ayran").await.expect("say");
    wait_text(&mut late, "Sepet:").await;
    let past = (maydanoz::clock::now().as_millis() - 3_600_000) / 60_000;
    late.tap(&Tap {
        id: format!("slot:{past}"),
        title: "geçmiş".into(),
        row: true,
    })
    .await
    .expect("tap");
    wait_text(&mut late, "geçti").await;
    assert_eq!(app.count("SELECT COUNT(*) FROM orders").await, 1);
    app.stop().await;
}

crate::on_both_backends!(app: an_order_ahead_waits_for_its_time_then_reaches_every_board);
