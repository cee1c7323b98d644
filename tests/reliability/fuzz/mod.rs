//! (d) Fuzzing the real binary over HTTP. Arbitrary bytes, arbitrary JSON, mutated fixtures
//! and hostile but well-formed deliveries, all correctly signed so they pass the signature
//! check and reach the parser, the inbox and the conversation engine: never a 5xx, never a
//! dropped connection, never a panic in the log, and afterwards the server is healthy and a
//! customer can still order. (Unit-level proptests of the parser and the engine live in
//! src/whatsapp and src/bot.)

mod inputs;
mod walk;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use maydanoz::fakegraph::{FakeGraph, FakeGraphConfig};
use maydanoz::sim::{Customer, Feed, Item, Plan, Wire};
use maydanoz::store::Db;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::Value;

use crate::checks;
use crate::child::{Server, stock};
use crate::common::TestDb;
use crate::helpers::{
    APP_SECRET, PHONE_NUMBER_ID, count, delivery, env_num, fake_graph, post_signed, seed,
    webhook_fixtures,
};

use inputs::Edit;

/// One fuzz input.
#[derive(Debug, Clone)]
enum Case {
    Raw(Vec<u8>),
    Json(Value),
    /// A fixture with edits; `fresh` gives its messages new ids so they are processed.
    Fixture {
        index: usize,
        edits: Vec<Edit>,
        fresh: bool,
    },
    /// Well-formed messages with hostile contents, from one of a few numbers.
    Messages {
        from: u8,
        messages: Vec<Value>,
    },
}

fn case() -> impl Strategy<Value = Case> {
    prop_oneof![
        1 => prop::collection::vec(any::<u8>(), 0..512).prop_map(Case::Raw),
        1 => inputs::json().prop_map(Case::Json),
        4 => (any::<usize>(), prop::collection::vec(inputs::edit(), 1..4), any::<bool>())
            .prop_map(|(index, edits, fresh)| Case::Fixture { index, edits, fresh }),
        3 => (0u8..6, prop::collection::vec(inputs::message(String::new()), 1..4))
            .prop_map(|(from, messages)| Case::Messages { from, messages }),
    ]
}

static IDS: AtomicU64 = AtomicU64::new(0);

fn fresh_id() -> String {
    format!("wamid.FUZZ{:012}", IDS.fetch_add(1, Ordering::Relaxed))
}

fn render(c: &Case, fixtures: &[(String, Vec<u8>)]) -> Vec<u8> {
    match c {
        Case::Raw(b) => b.clone(),
        Case::Json(v) => serde_json::to_vec(v).unwrap_or_default(),
        Case::Fixture {
            index,
            edits,
            fresh,
        } => {
            let f = &fixtures[index % fixtures.len()].1;
            let mut next = fresh_id;
            inputs::mutate(
                f,
                edits,
                fresh.then_some(&mut next as &mut dyn FnMut() -> String),
            )
        }
        Case::Messages { from, messages } => {
            let phone = format!("90539000000{from}");
            let ms = messages
                .iter()
                .map(|m| {
                    let mut m = m.clone();
                    m["from"] = Value::String(phone.clone());
                    m["id"] = Value::String(fresh_id());
                    m
                })
                .collect();
            delivery(&phone, "Fuzz", ms)
        }
    }
}

/// A runner whose dice are the suite's seed.
pub fn runner(cases: u32, salt: u64) -> TestRunner {
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed(salt).to_le_bytes());
    let config = Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 200,
        ..Config::default()
    };
    TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &bytes))
}

/// A server to fuzz: fresh SQLite, the sample menu, a fake Graph API, no pacing (the fuzzed
/// numbers get many replies and the outbox must drain).
pub async fn target() -> (TestDb, FakeGraph, Server) {
    let db = TestDb::sqlite().await;
    let fake = fake_graph(FakeGraphConfig::default()).await;
    stock(&db.url, None).await;
    let server = Server::start(
        &db.url,
        &fake.base_url(),
        &[("MAYDANOZ_WHATSAPP__PAIR_BURST", "100000")],
    )
    .await;
    (db, fake, server)
}

/// After the storm: alive, healthy, everything processed, every reply valid, no panic, and
/// a new customer can still order. Returns (messages processed, replies sent).
pub async fn still_healthy(db: &Db, fake: &FakeGraph, server: &mut Server) -> (i64, usize) {
    assert!(
        server.is_running(),
        "the server died: {}",
        server.log_tail(3_000)
    );
    let health = reqwest::get(server.url("/healthz")).await.expect("healthz");
    assert_eq!(health.status(), 200);
    checks::settle(db, Duration::from_secs(90)).await;
    let failed = count(db, "SELECT COUNT(*) FROM inbox WHERE state = 'failed'").await;
    assert_eq!(
        failed,
        0,
        "messages the worker could not process: {}",
        server.log_tail(3_000)
    );
    let refused = checks::failed_sends(db).await;
    assert_eq!(
        fake.stats().rejected,
        0,
        "replies the Graph API refused as invalid: {:?}: {refused:#?}",
        fake.stats()
    );
    let sent = checks::all_replies_sent(db, fake).await;
    assert!(server.panics().is_empty(), "panics: {:?}", server.panics());
    let wire = Wire::new(
        server.url("/webhook"),
        APP_SECRET.as_bytes().to_vec(),
        Feed::Local(fake.view()),
        PHONE_NUMBER_ID.into(),
    );
    let mut c = Customer::new(wire, "905398887766", "Sonraki Müşteri");
    let plan = Plan {
        items: vec![Item {
            category: "İçecekler".into(),
            product: "Ayran".into(),
            options: vec!["Büyük".into()],
            quantity: 1,
        }],
        ..Plan::default()
    };
    c.order(&plan)
        .await
        .unwrap_or_else(|e| panic!("after fuzzing, a customer cannot order: {e}"));
    (
        count(db, "SELECT COUNT(*) FROM inbox WHERE state = 'done'").await,
        sent.messages,
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn arbitrary_signed_webhooks_never_get_a_5xx() {
    let t0 = Instant::now();
    let (db, fake, mut server) = target().await;
    let cases = u32::try_from(env_num("MAYDANOZ_FUZZ_CASES", 2_000)).unwrap_or(2_000);
    let fixtures = webhook_fixtures();
    let url = server.url("/webhook");
    let statuses: Arc<Mutex<BTreeMap<u16, u64>>> = Arc::default();
    let (handle, seen) = (tokio::runtime::Handle::current(), statuses.clone());
    let run = tokio::task::spawn_blocking(move || {
        let http = reqwest::Client::new();
        runner(cases, 4).run(&case(), |c| {
            let body = render(&c, &fixtures);
            let status = handle.block_on(post_signed(&http, &url, &body));
            if let Ok(mut s) = seen.lock() {
                *s.entry(status).or_default() += 1;
            }
            prop_assert!(
                status != 0,
                "the connection was dropped (a panic in the handler?)"
            );
            prop_assert!(status < 500, "answered {status}");
            Ok(())
        })
    })
    .await
    .expect("fuzz thread");
    if let Err(e) = run {
        panic!("{e}\nserver log: {}", server.log_tail(3_000));
    }
    let fuzzed = t0.elapsed();
    let (processed, replies) = still_healthy(&db.db, &fake, &mut server).await;
    let statuses = statuses.lock().map(|s| s.clone()).unwrap_or_default();
    let executions: u64 = statuses.values().sum();
    println!(
        "» webhook fuzz: {executions} signed executions in {fuzzed:?}, statuses {statuses:?}; \
         {processed} stored messages processed by the bot, {replies} replies all valid; healthy and ordering after"
    );
    assert!(
        statuses.get(&200).is_some_and(|n| *n * 5 > executions),
        "too few inputs got past the parser: {statuses:?}"
    );
    server.stop().await;
    db.cleanup().await;
}
