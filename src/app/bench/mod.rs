//! `maydanoz bench`: the real server in this process on a temporary database,
//! the Graph API stand-in on loopback, and simulated customers through signed
//! webhooks. Prints a table of the numbers; the README keeps one.

mod figures;
mod kds_idle;
mod load;
mod report;
mod stats;

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use tokio_util::sync::CancellationToken;

use crate::cli::BenchArgs;
use crate::config::Config;
use crate::events::Bus;
use crate::fakegraph::{FakeGraph, FakeGraphConfig};
use crate::sim::{Feed, Wire};
use crate::store::Db;
use crate::store::scratch::Scratch;
use stats::{TICKS_PER_SECOND, cpu_ticks, ms, percentile, status_kb};

const SECRET: &str = "maydanoz-bench-secret";
const TOKEN: &str = "maydanoz-bench-token";
const PHONE_ID: &str = "106000000000001";

/// One bench row: what was measured and the result, as printed in the table.
type Rows = Vec<(String, String)>;

pub async fn run(base: Config, args: BenchArgs) -> anyhow::Result<()> {
    if let Some(path) = &args.figures_of {
        return print_figures_of(path);
    }
    if let Some(path) = &args.wrk_bodies {
        return write_wrk_bodies(path, args.messages);
    }
    let _log = crate::logging::init("warn", None)?;
    let scratch = Scratch::like(&base.database.url, "maydanoz_bench")
        .await
        .context("cannot make a scratch database")?;
    let db_url = scratch.url.clone();
    if args.report {
        header(
            &format!(
                "maydanoz bench --report on {}, {}",
                backend_name(&db_url),
                machine()
            ),
            args.json,
        );
        let rows = report::run(&base, &db_url, args.report_orders).await;
        scratch.remove().await;
        print_table(&rows?, args.json);
        return Ok(());
    }
    let rows = run_live(&base, &db_url, &args).await?;
    print_table(&rows, args.json);
    scratch.remove().await;
    Ok(())
}

/// `--figures-of`: a saved table's figures as JSON.
fn print_figures_of(path: &std::path::Path) -> anyhow::Result<()> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    println!("{}", figures::to_json(&figures::from_table(&text)));
    Ok(())
}

/// `--wrk-bodies`: signed webhook bodies for an outside load tool.
fn write_wrk_bodies(path: &std::path::Path, messages: u32) -> anyhow::Result<()> {
    let lines = load::signed_bodies(messages, SECRET.as_bytes(), PHONE_ID);
    std::fs::write(path, lines).with_context(|| format!("cannot write {}", path.display()))?;
    eprintln!("{messages} signed bodies written to {}", path.display());
    Ok(())
}

/// The database's name for the table's first line.
fn backend_name(db_url: &str) -> &'static str {
    if db_url.starts_with("sqlite") {
        "SQLite"
    } else {
        "PostgreSQL"
    }
}

/// The shop the bench talks to: the real server on `db_url`, the Graph API
/// stand-in, and the simulated customers' wire.
struct Shop {
    fake: FakeGraph,
    db: Db,
    bus: Bus,
    running: crate::server::Running,
    shutdown: CancellationToken,
    wire: Arc<Wire>,
    /// Held in raw ingest mode, so the server only stores until it is let go.
    lease: Option<crate::store::lease::Lease>,
}

/// Start the shop as `serve` does, on a scratch database stocked with the bench menu.
async fn start(base: &Config, db_url: &str, ingest: bool) -> anyhow::Result<Shop> {
    let fake = FakeGraph::start(FakeGraphConfig {
        access_token: TOKEN.into(),
        phone_number_id: PHONE_ID.into(),
        api_version: base.whatsapp.api_version.clone(),
        ..FakeGraphConfig::default()
    })
    .await?;
    // the stand-in does not rate-limit pairs; Meta would, per customer, not in total
    let stand = super::local::Stand {
        app_secret: SECRET,
        access_token: TOKEN,
        phone_number_id: PHONE_ID,
        api_base_url: fake.base_url(),
        pair_burst: 1000,
    };
    let cfg = Arc::new(super::local::config(base, db_url, &stand)?);
    let db = Db::connect_with(db_url, 16).await?;
    super::local::stock(&db, super::local::ten_percent("BENCH", None, None)).await?;
    // raw ingest: hold the queue lease first, so the server only stores
    let lease = if ingest {
        crate::store::lease::try_acquire(db_url).await?
    } else {
        None
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let shutdown = CancellationToken::new();
    let bus = Bus::new();
    let running =
        super::serve::start_shop(listener, cfg.clone(), &db, &bus, None, &shutdown).await?;
    let wire = Wire::new(
        format!("http://{}/webhook", running.addr),
        SECRET.as_bytes().to_vec(),
        Feed::Local(fake.view()),
        PHONE_ID.into(),
    );
    Ok(Shop {
        fake,
        db,
        bus,
        running,
        shutdown,
        wire,
        lease,
    })
}

/// Start the shop, run the measurement `args` choose, and stop it: the table's rows.
async fn run_live(base: &Config, db_url: &str, args: &BenchArgs) -> anyhow::Result<Rows> {
    let mut shop = start(base, db_url, args.ingest).await?;
    header(
        &format!("maydanoz bench on {}, {}", backend_name(db_url), machine()),
        args.json,
    );
    let mut rows = if args.ingest {
        ingest_rows(&mut shop, args).await
    } else if args.rate > 0 {
        steady_rows(&shop, args.rate).await
    } else {
        conversation_rows(&shop, args).await
    };
    shop.shutdown.cancel();
    rows.extend(process_rows(&shop.fake));
    let Shop {
        fake, db, running, ..
    } = shop;
    drop(running.state);
    for (_, t) in running.tasks {
        let _ = tokio::time::timeout(Duration::from_secs(10), t).await;
    }
    if args.open_orders > 0 && !args.ingest && args.rate == 0 {
        rows.extend(kds_rows(&db, db_url, args.open_orders, &fake).await);
    }
    db.close().await;
    Ok(rows)
}

/// `--ingest`: the server only stores while the bench holds the lease; then it
/// lets go and times how fast the stored backlog is answered.
async fn ingest_rows(shop: &mut Shop, args: &BenchArgs) -> Rows {
    let mut rows = Rows::new();
    let (ok, bad, took) = load::ingest(shop.wire.clone(), args.messages, args.concurrency).await;
    rows.push((
        "raw ingest: signed messages stored durably".into(),
        format!(
            "{:.0}/s ({ok} × 200, {bad} other, {} connections)",
            f64::from(ok) / took.as_secs_f64(),
            args.concurrency
        ),
    ));
    ack_rows(&shop.wire, &mut rows, "webhook ack");
    shop.lease.take();
    let started = std::time::Instant::now();
    let drained = shop
        .fake
        .wait_for_count(ok as usize, Duration::from_secs(300))
        .await;
    let secs = started.elapsed().as_secs_f64();
    rows.push((
        "then: the stored backlog answered (bot run, reply sent)".into(),
        if drained {
            format!(
                "{ok} messages in {secs:.1} s ({:.0}/s, incl. up to 2 s to take the queue lease)",
                f64::from(ok) / secs
            )
        } else {
            "not drained within 300 s".into()
        },
    ));
    rows
}

/// `--rate`: webhook latency under a fixed load for ten seconds.
async fn steady_rows(shop: &Shop, rate: u32) -> Rows {
    let mut rows = Rows::new();
    let secs = 10;
    let (ok, bad) = load::steady(shop.wire.clone(), rate, secs).await;
    rows.push((
        format!("steady load: {rate}/s for {secs} s"),
        format!("{ok} × 200, {bad} other"),
    ));
    ack_rows(&shop.wire, &mut rows, "webhook ack");
    rows
}

/// The default: complete conversations, their webhook latency, order → board
/// latency and CPU per order. Stops the shop before it measures the CPU.
async fn conversation_rows(shop: &Shop, args: &BenchArgs) -> Rows {
    let ticks0 = cpu_ticks("self").unwrap_or(0);
    let mut rows = Rows::new();
    let wire = &shop.wire;
    let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
    let watcher = load::watch_orders(shop.bus.subscribe(), wire.clone(), seen.clone());
    let (ok, bad, took) =
        load::conversations(wire.clone(), args.conversations, args.concurrency).await;
    rows.push((
        "complete conversations (greeting → confirmed order)".into(),
        format!(
            "{:.0}/s ({ok} done, {bad} failed, {} at once, {:.1} s)",
            f64::from(ok) / took.as_secs_f64(),
            args.concurrency,
            took.as_secs_f64()
        ),
    ));
    let msgs = wire.timings.acks_us.lock().map(|a| a.len()).unwrap_or(0);
    rows.push((
        "webhook messages in those conversations".into(),
        format!("{msgs} ({:.0}/s)", msgs as f64 / took.as_secs_f64()),
    ));
    rows.push((
        "customer messages per order (one sentence, coupon, pickup, confirm)".into(),
        format!("{:.1}", msgs as f64 / f64::from(ok.max(1))),
    ));
    ack_rows(wire, &mut rows, "webhook ack");
    let ticks = cpu_ticks("self").unwrap_or(0).saturating_sub(ticks0);
    shop.shutdown.cancel();
    watcher.abort();
    let mut lat = seen.lock().map(|v| v.clone()).unwrap_or_default();
    if !lat.is_empty() {
        rows.push(latency_row(
            "order → kitchen display (confirming webhook sent → Placed event)",
            &mut lat,
            "orders",
        ));
    }
    #[allow(clippy::cast_precision_loss)]
    let cpu = ticks as f64 / TICKS_PER_SECOND;
    rows.push((
        "CPU per order (whole process: server + simulated customers + fake Graph API)".into(),
        format!("{:.2} ms", cpu * 1000.0 / f64::from(ok.max(1))),
    ));
    rows
}

/// Every mode's closing rows: the process's peak memory and what the stand-in received.
fn process_rows(fake: &FakeGraph) -> Rows {
    let sent = fake.stats();
    vec![
        (
            "peak memory (whole bench process)".into(),
            format!(
                "{:.1} MB",
                status_kb("self", "VmHWM").unwrap_or(0) as f64 / 1024.0
            ),
        ),
        (
            "replies received by the Graph API stand-in".into(),
            format!(
                "{} (+{} read receipts), duplicates {}",
                sent.accepted, sent.mark_reads, sent.duplicate_callbacks
            ),
        ),
    ]
}

/// The kitchen display's figures with `open` orders on the board (after the shop stopped).
async fn kds_rows(db: &Db, db_url: &str, open: u32, fake: &FakeGraph) -> Rows {
    match kds_idle::measure(db, db_url, open, &fake.base_url(), SECRET, TOKEN, PHONE_ID).await {
        Ok(r) => r,
        Err(e) => vec![("kitchen display".into(), format!("not measured: {e}"))],
    }
}

/// "p50 …, p99 …, max … (n `what`)" for a set of microsecond samples.
fn latency_row(name: &str, samples: &mut [u32], what: &str) -> (String, String) {
    (
        name.into(),
        format!(
            "p50 {}, p99 {}, max {} ({} {what})",
            ms(percentile(samples, 50.0)),
            ms(percentile(samples, 99.0)),
            ms(percentile(samples, 100.0)),
            samples.len()
        ),
    )
}

fn ack_rows(wire: &Wire, rows: &mut Rows, what: &str) {
    let mut acks = wire
        .timings
        .acks_us
        .lock()
        .map(|a| a.clone())
        .unwrap_or_default();
    rows.push(latency_row(
        &format!("{what} latency"),
        &mut acks,
        "requests",
    ));
}

/// The run's first line: standard error when standard output carries JSON.
fn header(line: &str, json: bool) {
    if json {
        eprintln!("{line}");
    } else {
        println!("{line}");
    }
}

/// The table for people; with `json`, it goes to standard error and the
/// figures go to standard output as one JSON object.
fn print_table(rows: &[(String, String)], json: bool) {
    let w = rows
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    let mut table = format!(
        "\n| {:w$} | result |\n|{}|--------|\n",
        "measure",
        "-".repeat(w + 2)
    );
    for (k, v) in rows {
        table.push_str(&format!("| {k:w$} | {v} |\n"));
    }
    if json {
        eprint!("{table}");
        println!("{}", figures::to_json(&figures::from_rows(rows)));
    } else {
        print!("{table}");
    }
}

/// "2 cores, Intel …" from /proc.
fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, std::num::NonZero::get);
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    format!("{cores} cores ({model})")
}
