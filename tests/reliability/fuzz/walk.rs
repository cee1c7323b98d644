//! The conversation engine fuzzed through the real pipeline: customers who tap the buttons
//! they are shown, type anything, send hostile messages and try to cancel someone else's
//! order by guessing its button id. Every tap and text must be answered, the victim's order
//! must survive, and the server must stay healthy.

use std::time::{Duration, Instant};

use maydanoz::sim::{Customer, Feed, Item, Plan, Wire};
use proptest::prelude::*;
use serde_json::{Value, json};

use super::{inputs, runner, still_healthy, target};
use crate::helpers::{APP_SECRET, PHONE_NUMBER_ID, count, env_num};

#[derive(Debug, Clone)]
enum Step {
    /// Tap the n-th (modulo) button or row of the newest message that has some.
    Tap(usize),
    Say(String),
    /// A hostile message of any type (not necessarily answered).
    Send(Value),
    /// Tap "yes, cancel" on the victim's order.
    CancelVictim,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => any::<usize>().prop_map(Step::Tap),
        2 => inputs::nasty_string().prop_map(Step::Say),
        2 => inputs::message(String::new()).prop_map(Step::Send),
        1 => Just(Step::CancelVictim),
    ]
}

static PHONES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Walk `steps` as a new customer; `Err` names a step that got no answer.
async fn walk(wire: std::sync::Arc<Wire>, steps: Vec<Step>, victim: i64) -> Result<usize, String> {
    let phone = format!(
        "90538{:07}",
        PHONES.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    );
    let mut c = Customer::new(wire.clone(), phone.clone(), "Gezgin");
    c.patience = Duration::from_secs(10);
    c.say("merhaba").await.map_err(|e| e.to_string())?;
    c.wait_for("the greeting", |p| (!p.is_empty()).then_some(()))
        .await
        .map_err(|e| e.to_string())?;
    let mut answered = 0;
    for (i, s) in steps.iter().enumerate() {
        if handed_over(&c) {
            // the bot handed this customer to a person (a photo, two misses): it stays
            // quiet for them from here on, by design
            break;
        }
        let expect_answer = match s {
            Step::Tap(n) => {
                let taps = c
                    .shown()
                    .into_iter()
                    .map(|(_, t)| t)
                    .find(|t| !t.is_empty())
                    .unwrap_or_default();
                match taps.get(n % taps.len().max(1)) {
                    Some(t) => c.tap(&t.clone()).await.map_err(|e| e.to_string())?,
                    None => c.say("menü").await.map_err(|e| e.to_string())?,
                }
                true
            }
            Step::Say(text) => {
                c.say(text).await.map_err(|e| e.to_string())?;
                !text.trim().is_empty()
            }
            Step::Send(m) => {
                let mut m = m.clone();
                m["from"] = Value::String(phone.clone());
                m["id"] = Value::String(wire.next_id());
                let status = wire
                    .deliver(&phone, "Gezgin", m)
                    .await
                    .map_err(|e| e.to_string())?;
                if status >= 500 {
                    return Err(format!("step {i}: a hostile message got {status}"));
                }
                false
            }
            Step::CancelVictim => {
                let tap = json!({"id": format!("ocxy:{victim}"), "title": "Evet, iptal et"});
                let t = maydanoz::sim::Tap {
                    id: tap["id"].as_str().unwrap_or_default().into(),
                    title: "Evet, iptal et".into(),
                    row: false,
                };
                c.tap(&t).await.map_err(|e| e.to_string())?;
                true
            }
        };
        if expect_answer {
            match c
                .wait_for("an answer", |p| (!p.is_empty()).then_some(()))
                .await
            {
                Ok(()) => answered += 1,
                // told a person will answer (e.g. after a hostile photo): quiet is right
                Err(_) if handed_over(&c) => break,
                Err(e) => {
                    return Err(format!(
                        "{phone} step {i} {s:?} got no answer: {e}; steps {steps:?}"
                    ));
                }
            }
        }
    }
    Ok(answered)
}

/// The bot told this customer a person will answer (and went quiet for them).
fn handed_over(c: &Customer) -> bool {
    c.transcript
        .iter()
        .any(|t| t.contains("çalışanımız") || t.contains("person from our team"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn customers_doing_anything_never_break_the_conversation() {
    let t0 = Instant::now();
    let (db, fake, mut server) = target().await;
    let wire = Wire::new(
        server.url("/webhook"),
        APP_SECRET.as_bytes().to_vec(),
        Feed::Local(fake.view()),
        PHONE_NUMBER_ID.into(),
    );
    let mut victim = Customer::new(wire.clone(), "905381112233", "Kurban");
    let plan = Plan {
        items: vec![Item {
            category: "Dürümler".into(),
            product: "Tavuk Dürüm".into(),
            options: vec!["Acısız".into()],
            quantity: 1,
        }],
        ..Plan::default()
    };
    let victim_order = victim.order(&plan).await.expect("the victim orders").number;
    let cases = u32::try_from(env_num("MAYDANOZ_WALK_CASES", 30)).unwrap_or(30);
    let handle = tokio::runtime::Handle::current();
    let w = wire.clone();
    let outcome = tokio::task::spawn_blocking(move || {
        // built here: a recursive strategy is not Send
        let steps_per_case = prop::collection::vec(prop::collection::vec(step(), 1..25), 3);
        let executions = std::cell::Cell::new((0u64, 0usize));
        let r = runner(cases, 5).run(&steps_per_case, |walkers| {
            let tasks: Vec<_> = walkers
                .into_iter()
                .map(|s| handle.spawn(walk(w.clone(), s, victim_order.get())))
                .collect();
            for t in tasks {
                let answered = handle
                    .block_on(t)
                    .map_err(|e| TestCaseError::fail(e.to_string()))?;
                let (walks, total) = executions.get();
                executions.set((walks + 1, total + answered.map_err(TestCaseError::fail)?));
            }
            Ok(())
        });
        (r, executions.get())
    })
    .await
    .expect("walk thread");
    if let (Err(e), _) = &outcome {
        panic!("{e}\nserver log: {}", server.log_tail(3_000));
    }
    let (walks, answered) = outcome.1;
    let walked = t0.elapsed();
    let (processed, replies) = still_healthy(&db.db, &fake, &mut server).await;
    let status: (String,) = db
        .db
        .read()
        .await
        .expect("read")
        .exec()
        .fetch_one(
            "SELECT status FROM orders WHERE number = $1",
            vec![victim_order.into()],
        )
        .await
        .expect("victim order");
    let orders = count(&db.db, "SELECT COUNT(*) FROM orders").await;
    println!(
        "» conversation walk: {walks} walks ({cases} cases × 3 customers) in {walked:?}, {answered} taps and texts all answered; \
         {processed} messages processed, {replies} replies all valid, {orders} orders placed by wandering; \
         the victim's order is still {}",
        status.0
    );
    assert_eq!(status.0, "new", "someone else cancelled the victim's order");
    server.stop().await;
    db.cleanup().await;
}
