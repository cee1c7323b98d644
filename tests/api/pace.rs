//! The kitchen's pace through the real server, on SQLite and PostgreSQL: the
//! ready time quoted from the load (ten open orders push the eleventh's quote
//! later), busy mode (`maydanoz busy --minutes 20` moves the next quote 20
//! minutes and the remote board's health says busy), the cap per slot (five
//! customers confirming at once into a slot of two: two placed, three offered
//! later times, all five placed in the end), and the counter reminder (driven
//! with an injected time: one reminder, not two).

use maydanoz::sim::{Customer, Tap, read};

use crate::conversation::{orders_json, stock_for, wire_for};
use crate::helpers::{Backend, TestApp};

const TOKEN: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
const MIN: i64 = 60_000;

async fn wait_text(c: &mut Customer, needle: &str) -> String {
    let n = needle.to_string();
    c.wait_for(needle, |p| {
        p.iter().map(|m| read(&m.body).0).find(|t| t.contains(&n))
    })
    .await
    .unwrap_or_else(|e| panic!("waiting for {needle:?}: {e}"))
}

/// Wait for the first of `needles`; returns which one and the text.
async fn wait_any(c: &mut Customer, needles: &[&str]) -> (usize, String) {
    let ns: Vec<String> = needles.iter().map(|s| (*s).to_string()).collect();
    c.wait_for("one of the answers", |p| {
        p.iter().map(|m| read(&m.body).0).find_map(|t| {
            ns.iter()
                .position(|n| t.contains(n.as_str()))
                .map(|i| (i, t.clone()))
        })
    })
    .await
    .unwrap_or_else(|e| panic!("waiting for {needles:?}: {e}"))
}

async fn tap_title(c: &mut Customer, title: &str) {
    let t = c
        .wait_for(title, |p| maydanoz::sim::find_tap(p, title))
        .await
        .unwrap_or_else(|e| panic!("no {title:?}: {e}"));
    c.tap(&t).await.expect("tap");
}

/// The first offered time in a list (`slot:` rows).
async fn first_slot(c: &mut Customer) -> Tap {
    c.wait_for("a time to pick", |p| {
        p.iter()
            .flat_map(|m| read(&m.body).1)
            .find(|t| t.id.starts_with("slot:"))
    })
    .await
    .expect("an offered time")
}

/// Cart, pickup, summary: returns the summary's text.
async fn to_summary(c: &mut Customer) -> String {
    c.say("1 küçük ayran").await.expect("say");
    wait_text(c, "Sepet:").await;
    c.say("gelip alıcam").await.expect("say");
    wait_text(c, "Sipariş özeti").await
}

/// A whole pickup order by a new customer: returns (summary, confirmation).
async fn order(app: &TestApp, phone: &str) -> (String, String) {
    let mut c = Customer::new(wire_for(app), phone, "Müşteri");
    let summary = to_summary(&mut c).await;
    tap_title(&mut c, "Onayla").await;
    (summary, wait_text(&mut c, "Siparişin alındı").await)
}

fn promised(app: &TestApp, number: i64) -> i64 {
    let json = orders_json(app, &app.db_url());
    let o = json
        .as_array()
        .expect("array")
        .iter()
        .find(|o| o["number"] == number)
        .unwrap_or_else(|| panic!("order {number} in {json}"));
    let at = o["promised_at"].as_str().expect("promised_at in the JSON");
    at.parse::<jiff::Timestamp>()
        .expect("RFC 3339")
        .as_millisecond()
}

fn number_in(confirmation: &str) -> i64 {
    let i = confirmation.find('#').expect("a number");
    confirmation[i + 1..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .expect("digits")
}

fn cli(app: &TestApp, args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_maydanoz"))
        .args(["--database-url", &app.db_url()])
        .args(args)
        .env_remove("MAYDANOZ_CONFIG")
        .output()
        .expect("run maydanoz");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

async fn open_orders_push_the_quote_later(backend: Backend) {
    let app = TestApp::builder().backend(backend).spawn().await;
    stock_for(&app).await;
    let (summary, placed) = order(&app, "905551000000").await;
    assert!(summary.contains("civarı hazır"), "{summary}");
    assert!(placed.contains("civarı hazır"), "{placed}");
    let first = promised(&app, number_in(&placed));
    for i in 1..10 {
        order(&app, &format!("90555100000{i}")).await;
    }
    let (summary, placed) = order(&app, "905551000010").await;
    let eleventh = promised(&app, number_in(&placed));
    // ten open ahead: 10 × 15 / 4 = 37.5 minutes more than an empty kitchen
    assert!(
        eleventh - first >= 35 * MIN,
        "first {first}, eleventh {eleventh}: {summary}"
    );
    let hhmm = maydanoz::domain::ahead::hhmm(
        maydanoz::domain::time::At::from_millis(eleventh),
        &jiff::tz::TimeZone::get("Europe/Istanbul").expect("tz"),
    );
    assert!(
        summary.contains(&format!("{hhmm} civarı hazır")),
        "{summary}"
    );
    app.stop().await;
}

async fn busy_mode_adds_twenty_minutes(backend: Backend) {
    let app = TestApp::builder().backend(backend).spawn().await;
    stock_for(&app).await;
    app.grant_board("counter", TOKEN).await;
    let (_, placed) = order(&app, "905552000000").await;
    let n = number_in(&placed);
    let before = promised(&app, n);
    // the first one is ready: the next quote has nobody ahead, as this one had
    cli(&app, &["orders", "status", &n.to_string(), "ready"]);

    let said = cli(&app, &["busy", "--minutes", "20", "--for", "60"]);
    assert!(said.contains("+20"), "{said}");
    let health: serde_json::Value = app
        .http
        .get(app.url("/kds/v1/health"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .expect("health")
        .json()
        .await
        .expect("json");
    assert_eq!(health["busy"]["minutes"], 20, "{health}");
    assert!(health["busy"]["until"].is_i64(), "{health}");

    let (summary, placed) = order(&app, "905552000001").await;
    assert!(
        summary.contains("yoğun"),
        "told before confirming: {summary}"
    );
    let after = promised(&app, number_in(&placed));
    let moved = after - before;
    assert!(
        (20 * MIN..=22 * MIN).contains(&moved),
        "20 minutes later (and the seconds the test took): {moved} ms"
    );

    cli(&app, &["busy", "--off"]);
    let health: serde_json::Value = app
        .http
        .get(app.url("/kds/v1/health"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .expect("health")
        .json()
        .await
        .expect("json");
    assert!(health["busy"].is_null(), "{health}");
    app.stop().await;
}

async fn a_full_slot_offers_later_times_and_loses_nobody(backend: Backend) {
    let app = TestApp::builder()
        .backend(backend)
        .env("MAYDANOZ_KITCHEN__MAX_ORDERS_PER_SLOT", "2")
        .spawn()
        .await;
    stock_for(&app).await;
    let mut cs: Vec<Customer> = (0..5)
        .map(|i| Customer::new(wire_for(&app), format!("90555300000{i}"), "Müşteri"))
        .collect();
    for c in &mut cs {
        to_summary(c).await;
    }
    // all five confirm at once
    let confirms = cs.iter_mut().map(|c| async move {
        tap_title(c, "Onayla").await;
        wait_any(c, &["Siparişin alındı", "sınırımız doldu"])
            .await
            .0
    });
    let outcomes = futures_util::future::join_all(confirms).await;
    let placed = outcomes.iter().filter(|&&o| o == 0).count();
    assert_eq!(placed, 2, "exactly two in the slot: {outcomes:?}");
    assert_eq!(app.count("SELECT COUNT(*) FROM orders").await, 2);
    assert_eq!(app.count("SELECT MAX(taken) FROM kitchen_slots").await, 2);

    // the three take an offered time; a time filled meanwhile is offered again
    for (c, _) in cs.iter_mut().zip(&outcomes).filter(|(_, o)| **o == 1) {
        let mut done = false;
        for _ in 0..4 {
            let t = first_slot(c).await;
            c.tap(&t).await.expect("tap");
            wait_text(c, "Hazır olma saati").await;
            tap_title(c, "Onayla").await;
            if wait_any(c, &["Siparişin alındı", "sınırımız doldu"])
                .await
                .0
                == 0
            {
                done = true;
                break;
            }
        }
        assert!(done, "placed at a later time");
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM orders").await,
        5,
        "none lost"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM orders WHERE moved_by_cap = TRUE")
            .await,
        3
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM kitchen_slots WHERE taken > 2")
            .await,
        0,
        "no slot over its cap"
    );
    // the later times can fall in the next business day (near the day's turn): the report
    // spans the days around today
    let today = jiff::Zoned::now().date();
    let (from, to) = (
        today.yesterday().expect("a day").to_string(),
        today.tomorrow().expect("a day").to_string(),
    );
    let report: serde_json::Value = serde_json::from_str(&cli(
        &app,
        &["report", "--json", "--from", &from, "--to", &to],
    ))
    .expect("report json");
    assert_eq!(report["orders_moved_by_cap"], 3, "{report}");
    assert!(report["busy_minutes"].is_i64(), "{report}");
    assert!(report["late_against_promise_share"].is_f64(), "{report}");
    app.stop().await;
}

async fn a_ready_order_left_at_the_counter_gets_one_reminder(backend: Backend) {
    let app = TestApp::builder().backend(backend).spawn().await;
    stock_for(&app).await;
    let phone = "905554000000";
    let (_, placed) = order(&app, phone).await;
    let n = number_in(&placed);
    cli(&app, &["orders", "status", &n.to_string(), "ready"]);
    let ready = maydanoz::clock::now().as_millis();
    let remind = |at: i64| {
        maydanoz::queue::counter::remind_due(
            &app.db,
            10,
            maydanoz::domain::time::At::from_millis(at),
        )
    };
    assert_eq!(
        remind(ready + 9 * MIN).await.expect("remind").0,
        0,
        "too early"
    );
    let (sent, next) = remind(ready + 10 * MIN + 1000).await.expect("remind");
    assert_eq!(sent, 1);
    assert_eq!(next, None, "nobody else waits");
    assert_eq!(
        remind(ready + 20 * MIN).await.expect("remind").0,
        0,
        "not two"
    );
    // queued for the injected time (the sender takes it then), once
    assert_eq!(
        app.count("SELECT COUNT(*) FROM outbox WHERE body LIKE '%hazır, seni bekliyor%'")
            .await,
        1
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM orders WHERE reminded_at IS NOT NULL")
            .await,
        1
    );
    let list = cli(&app, &["orders", "list"]);
    assert!(list.contains("at the counter"), "{list}");
    app.stop().await;
}

crate::on_both_backends!(
    app:
    open_orders_push_the_quote_later,
    busy_mode_adds_twenty_minutes,
    a_full_slot_offers_later_times_and_loses_nobody,
    a_ready_order_left_at_the_counter_gets_one_reminder
);
