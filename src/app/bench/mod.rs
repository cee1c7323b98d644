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

pub async fn run(base: Config, args: BenchArgs) -> anyhow::Result<()> {
    if let Some(path) = &args.figures_of {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        println!("{}", figures::to_json(&figures::from_table(&text)));
        return Ok(());
    }
    if let Some(path) = &args.wrk_bodies {
        let lines = load::signed_bodies(args.messages, SECRET.as_bytes(), PHONE_ID);
        std::fs::write(path, lines).with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!(
            "{} signed bodies written to {}",
            args.messages,
            path.display()
        );
        return Ok(());
    }
    let _log = crate::logging::init("warn", None)?;
    let scratch = Scratch::like(&base.database.url, "maydanoz_bench")
        .await
        .context("cannot make a scratch database")?;
    let db_url = scratch.url.clone();
    if args.report {
        let on = if db_url.starts_with("sqlite") {
            "SQLite"
        } else {
            "PostgreSQL"
        };
        header(
            &format!("maydanoz bench --report on {on}, {}", machine()),
            args.json,
        );
        let rows = report::run(&base, &db_url, args.report_orders).await;
        scratch.remove().await;
        print_table(&rows?, args.json);
        return Ok(());
    }
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
    let cfg = Arc::new(super::local::config(&base, &db_url, &stand)?);
    let db = Db::connect_with(&db_url, 16).await?;
    super::local::stock(&db, super::local::ten_percent("BENCH", None, None)).await?;
    // raw ingest: hold the queue lease first, so the server only stores
    let mut lease = if args.ingest {
        crate::store::lease::try_acquire(&db_url).await?
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
    let backend = if db_url.starts_with("sqlite") {
        "SQLite"
    } else {
        "PostgreSQL"
    };
    header(
        &format!("maydanoz bench on {backend}, {}", machine()),
        args.json,
    );
    let ticks0 = cpu_ticks("self").unwrap_or(0);
    let mut rows: Vec<(String, String)> = Vec::new();
    if args.ingest {
        // the server only stores while we hold the lease; then we let it go and
        // time how fast the stored backlog is answered
        let (ok, bad, took) = load::ingest(wire.clone(), args.messages, args.concurrency).await;
        rows.push((
            "raw ingest: signed messages stored durably".into(),
            format!(
                "{:.0}/s ({ok} × 200, {bad} other, {} connections)",
                f64::from(ok) / took.as_secs_f64(),
                args.concurrency
            ),
        ));
        ack_rows(&wire, &mut rows, "webhook ack");
        lease.take();
        let started = std::time::Instant::now();
        let drained = fake
            .wait_for_count(ok as usize, Duration::from_secs(300))
            .await;
        let secs = started.elapsed().as_secs_f64();
        rows.push((
            "then: the stored backlog answered (bot run, reply sent)".into(),
            if drained { format!("{ok} messages in {secs:.1} s ({:.0}/s, incl. up to 2 s to take the queue lease)", f64::from(ok) / secs) } else { "not drained within 300 s".into() },
        ));
    } else if args.rate > 0 {
        let secs = 10;
        let (ok, bad) = load::steady(wire.clone(), args.rate, secs).await;
        rows.push((
            format!("steady load: {}/s for {secs} s", args.rate),
            format!("{ok} × 200, {bad} other"),
        ));
        ack_rows(&wire, &mut rows, "webhook ack");
    } else {
        let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
        let watcher = load::watch_orders(bus.subscribe(), wire.clone(), seen.clone());
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
        ack_rows(&wire, &mut rows, "webhook ack");
        let ticks = cpu_ticks("self").unwrap_or(0).saturating_sub(ticks0);
        shutdown.cancel();
        watcher.abort();
        let mut lat = seen.lock().map(|v| v.clone()).unwrap_or_default();
        if !lat.is_empty() {
            rows.push((
                "order → kitchen display (confirming webhook sent → Placed event)".into(),
                format!(
                    "p50 {}, p99 {}, max {} ({} orders)",
                    ms(percentile(&mut lat, 50.0)),
                    ms(percentile(&mut lat, 99.0)),
                    ms(percentile(&mut lat, 100.0)),
                    lat.len()
                ),
            ));
        }
        #[allow(clippy::cast_precision_loss)]
        let cpu = ticks as f64 / TICKS_PER_SECOND;
        rows.push((
            "CPU per order (whole process: server + simulated customers + fake Graph API)".into(),
            format!("{:.2} ms", cpu * 1000.0 / f64::from(ok.max(1))),
        ));
    }
    shutdown.cancel();
    rows.push((
        "peak memory (whole bench process)".into(),
        format!(
            "{:.1} MB",
            status_kb("self", "VmHWM").unwrap_or(0) as f64 / 1024.0
        ),
    ));
    let sent = fake.stats();
    rows.push((
        "replies received by the Graph API stand-in".into(),
        format!(
            "{} (+{} read receipts), duplicates {}",
            sent.accepted, sent.mark_reads, sent.duplicate_callbacks
        ),
    ));
    drop(running.state);
    for (_, t) in running.tasks {
        let _ = tokio::time::timeout(Duration::from_secs(10), t).await;
    }
    if args.open_orders > 0 && !args.ingest && args.rate == 0 {
        match kds_idle::measure(
            &db,
            &db_url,
            args.open_orders,
            &fake.base_url(),
            SECRET,
            TOKEN,
            PHONE_ID,
        )
        .await
        {
            Ok(r) => rows.extend(r),
            Err(e) => rows.push(("kitchen display".into(), format!("not measured: {e}"))),
        }
    }
    db.close().await;
    print_table(&rows, args.json);
    scratch.remove().await;
    Ok(())
}

fn ack_rows(wire: &Wire, rows: &mut Vec<(String, String)>, what: &str) {
    let mut acks = wire
        .timings
        .acks_us
        .lock()
        .map(|a| a.clone())
        .unwrap_or_default();
    rows.push((
        format!("{what} latency"),
        format!(
            "p50 {}, p99 {}, max {} ({} requests)",
            ms(percentile(&mut acks, 50.0)),
            ms(percentile(&mut acks, 99.0)),
            ms(percentile(&mut acks, 100.0)),
            acks.len()
        ),
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
