//! The printer task against printers that misbehave the ways real ones do: a
//! network printer that accepts and never reads, one that resets every other
//! connection, one that reads slowly, one that answers `DLE EOT` and keeps the
//! connection open; a job too big for a slow printer's deadline (stuck, while
//! the others go ahead); a device (a pseudo-terminal) that stalls mid-ticket.
//! Every ticket must be printed exactly once, in order.
//!
//! The task runs in this process (`queue::printer::run`) with a short printer
//! deadline, against a real database; orders are written straight to the store.
//! `printer_device` runs the real binary against a device printer.

use std::time::{Duration, Instant};

use maydanoz::print::Target;
use maydanoz::print::render::Layout;
use maydanoz::queue::printer::{PrinterConfig, run};
use maydanoz::store::{Db, customers, orders, print};
use maydanoz::testing::print_jobs_of_order;
use tokio_util::sync::CancellationToken;

use crate::fake_printer::{FakePrinter, Mode, Printed};
use crate::printer_device::FakeDevice;

/// The printer's deadline in these tests (5 s in the shop).
const DEADLINE: Duration = Duration::from_millis(800);

fn config(target: Target) -> PrinterConfig {
    PrinterConfig {
        target,
        max_age: maydanoz::domain::time::Span::hours(1),
        layout: Layout {
            shop_name: "Maydanoz".into(),
            currency: "TRY".into(),
            tz: jiff::tz::TimeZone::UTC,
        },
        timeout: DEADLINE,
        timing: maydanoz::queue::printer::PrinterTiming::default(),
    }
}

/// The printer task, stopped when dropped.
struct Task(CancellationToken);

impl Task {
    fn start(db: &Db, cfg: PrinterConfig) -> Task {
        let stop = CancellationToken::new();
        tokio::spawn(run(db.clone(), cfg, stop.clone()));
        Task(stop)
    }
}

impl Drop for Task {
    fn drop(&mut self) {
        self.0.cancel();
    }
}

/// Write a pickup order of `lines` lines and queue its ticket; its number.
async fn place(db: &Db, k: usize, lines: usize) -> i64 {
    let items = (0..lines)
        .map(|i| crate::common::item(&format!("Tavuk Dürüm {i}"), 1, 10_000))
        .collect();
    let phone = format!("9053420{k:05}");
    let subtotal = 10_000 * i64::try_from(lines).expect("a count");
    let o = crate::common::new_order(&phone, items, subtotal);
    let now = maydanoz::clock::now();
    let mut tx = db.begin().await.expect("begin");
    customers::touch(&mut tx.exec(), &o.customer_phone, Some("Ayşe"), now)
        .await
        .expect("customer");
    let number = orders::insert(&mut tx.exec(), &o, now)
        .await
        .expect("insert")
        .number;
    print::enqueue_order(&mut tx.exec(), number, o.fulfilment, now)
        .await
        .expect("enqueue");
    tx.commit().await.expect("commit");
    number.get()
}

/// Which of `numbers` each printed document is the ticket of, in print order.
pub fn printed_order(docs: &[Printed], numbers: &[i64]) -> Vec<i64> {
    docs.iter()
        .flat_map(|d| {
            numbers
                .iter()
                .copied()
                .filter(|n| d.text.contains(&format!("#{n}\n")))
        })
        .collect()
}

/// Wait until `f` holds, or panic with `what` after `timeout`.
async fn until<F: std::future::Future<Output = bool>>(
    timeout: Duration,
    what: &str,
    mut f: impl FnMut() -> F,
) {
    crate::common::app::eventually(timeout, || {
        let done = f();
        async move { done.await.then_some(()) }
    })
    .await
    .unwrap_or_else(|| panic!("{what} (after {timeout:?})"));
}

async fn states(db: &Db, numbers: &[i64]) -> Vec<String> {
    let mut c = db.read().await.expect("db");
    let mut out = Vec::new();
    for &n in numbers {
        for (_, state) in print_jobs_of_order(&mut c.exec(), n.into())
            .await
            .expect("jobs")
        {
            out.push(state);
        }
    }
    out
}

async fn offline(db: &Db) -> bool {
    print::offline(&mut db.read().await.expect("db").exec())
        .await
        .expect("offline")
}

/// The most attempts any job has had (a retry moves it).
async fn most_attempts(db: &Db) -> i64 {
    crate::common::count(db, "SELECT COALESCE(MAX(attempts), 0) FROM print_jobs").await
}

/// Wait for `numbers`' tickets to be printed and recorded, then queue a later ticket and
/// wait for it: the task prints one job at a time, in order, and records a job only after
/// the printer took it, so a second copy of any of them would have come out before the
/// later one. Then check each came out once, in order. The later ticket's number.
async fn printed_once_in_order(
    db: &Db,
    docs: impl Fn() -> Vec<Printed>,
    numbers: &[i64],
    within: Duration,
) -> i64 {
    until(within, "every ticket printed and recorded", || async {
        docs().len() >= numbers.len() && states(db, numbers).await.iter().all(|s| s == "printed")
    })
    .await;
    let later = place(db, 99, 1).await;
    until(within, "a later ticket printed", || async {
        !printed_order(&docs(), &[later]).is_empty()
    })
    .await;
    let got = printed_order(&docs(), numbers);
    assert_eq!(got, numbers, "each ticket once, in order");
    later
}

async fn a_printer_that_never_reads(db: &Db) {
    let printer = FakePrinter::start_as(Mode::NeverReads).await;
    let _task = Task::start(
        db,
        config(Target::Tcp(format!("127.0.0.1:{}", printer.port))),
    );
    let mut numbers = Vec::new();
    for k in 0..3 {
        numbers.push(place(db, k, 2).await);
    }
    until(
        Duration::from_secs(5),
        "the board says printer offline",
        || async { offline(db).await },
    )
    .await;
    // the bytes sat in a socket buffer the printer never read: nothing is printed
    assert!(printer.documents().is_empty());
    assert_eq!(
        states(db, &numbers).await,
        ["pending"; 3],
        "a job the printer did not read is not printed"
    );
    printer.set_mode(Mode::Normal);
    printed_once_in_order(
        db,
        || printer.documents(),
        &numbers,
        Duration::from_secs(10),
    )
    .await;
    assert_eq!(states(db, &numbers).await, ["printed"; 3]);
    assert!(!offline(db).await, "the header clears");
    println!(
        "» never reads: {} connections for 3 tickets, each printed once in order",
        printer.connections()
    );
}

async fn a_printer_that_resets(db: &Db) {
    let printer = FakePrinter::start_as(Mode::ResetsEveryOther).await;
    let _task = Task::start(
        db,
        config(Target::Tcp(format!("127.0.0.1:{}", printer.port))),
    );
    let mut numbers = Vec::new();
    for k in 0..3 {
        numbers.push(place(db, k, 2).await);
    }
    printed_once_in_order(
        db,
        || printer.documents(),
        &numbers,
        Duration::from_secs(15),
    )
    .await;
    assert_eq!(states(db, &numbers).await, ["printed"; 3]);
    assert!(printer.connections() >= 6, "every job reset once");
    println!(
        "» resets: {} connections for 3 tickets, each printed once in order",
        printer.connections()
    );
}

async fn a_printer_that_reads_slowly(db: &Db) {
    let printer = FakePrinter::start_as(Mode::Slow {
        chunk: 64,
        pause_ms: 5,
    })
    .await;
    let _task = Task::start(
        db,
        config(Target::Tcp(format!("127.0.0.1:{}", printer.port))),
    );
    let mut numbers = Vec::new();
    for k in 0..4 {
        numbers.push(place(db, k, 3).await);
    }
    printed_once_in_order(
        db,
        || printer.documents(),
        &numbers,
        Duration::from_secs(10),
    )
    .await;
    assert_eq!(
        printer.connections(),
        5,
        "each taken at the first try (and the later ticket)"
    );
}

async fn a_printer_that_answers_status_and_stays_connected(db: &Db) {
    let printer = FakePrinter::start_as(Mode::AnswersStatus).await;
    let _task = Task::start(
        db,
        config(Target::Tcp(format!("127.0.0.1:{}", printer.port))),
    );
    let mut numbers = Vec::new();
    for k in 0..3 {
        numbers.push(place(db, k, 2).await);
    }
    printed_once_in_order(
        db,
        || printer.documents(),
        &numbers,
        Duration::from_secs(10),
    )
    .await;
    assert_eq!(
        printer.connections(),
        4,
        "the status answer is enough: no job waits for a close (3 and the later ticket)"
    );
}

async fn a_stuck_job_does_not_hold_the_others(db: &Db) {
    // 25 KiB/s: a ticket of 3,000 lines (over 60 KiB) cannot be read within the deadline
    let printer = FakePrinter::start_as(Mode::Slow {
        chunk: 512,
        pause_ms: 20,
    })
    .await;
    // short retry pauses (1 s, 2 s in the shop): the test waits for the deadlines only
    let mut cfg = config(Target::Tcp(format!("127.0.0.1:{}", printer.port)));
    cfg.timing.retry_first = maydanoz::domain::time::Span::millis(100);
    // and a stuck job tried again on its own soon (a minute in the shop), so the test can
    // wait for that try instead of a while
    cfg.timing.stuck_pause = maydanoz::domain::time::Span::millis(300);
    let _task = Task::start(db, cfg);
    let big = place(db, 0, 3_000).await;
    let small = [place(db, 1, 2).await, place(db, 2, 2).await];
    let t = Instant::now();
    until(
        Duration::from_secs(20),
        "the later tickets printed",
        || async { printer.documents().len() >= 2 },
    )
    .await;
    let waited = t.elapsed();
    // the big ticket is tried again on its own after the others printed: had that try
    // printed it, it would be out by the time its attempts moved
    let tried = most_attempts(db).await;
    until(
        Duration::from_secs(20),
        "the stuck ticket tried again on its own",
        || async { most_attempts(db).await > tried },
    )
    .await;
    assert_eq!(printed_order(&printer.documents(), &small), small);
    assert!(
        printed_order(&printer.documents(), &[big]).is_empty(),
        "the big ticket was never read whole"
    );
    let mut c = db.read().await.expect("db");
    let stuck = print::stuck(&mut c.exec()).await.expect("stuck");
    assert_eq!(stuck, [(big, "ticket".to_string())], "the board names it");
    assert!(!print::offline(&mut c.exec()).await.expect("offline"));
    println!("» stuck job: the 2 tickets behind it printed after {waited:.1?}");
}

async fn a_device_that_stalls_mid_ticket(db: &Db) {
    let device = FakeDevice::start();
    device.pause();
    let _task = Task::start(db, config(Target::Device(device.path())));
    // far more than a pseudo-terminal buffers (about 64 KiB)
    let big = place(db, 0, 2_500).await;
    let small = place(db, 1, 2).await;
    until(Duration::from_secs(5), "the stall recorded", || async {
        offline(db).await
    })
    .await;
    // stalled through a second try (which must send only the rest), then resumed
    until(Duration::from_secs(10), "a try while stalled", || async {
        most_attempts(db).await >= 2
    })
    .await;
    device.resume();
    printed_once_in_order(
        db,
        || device.documents(),
        &[big, small],
        Duration::from_secs(20),
    )
    .await;
    let docs = device.documents();
    // the part the device took before it stalled was not sent again
    let lines = docs[0].text.matches("Tavuk Dürüm").count();
    assert_eq!(lines, 2_500, "every line of the big ticket once");
    assert_eq!(
        docs.len(),
        3,
        "{} documents (two and the later one)",
        docs.len()
    );
}

crate::on_both_backends!(
    a_printer_that_never_reads,
    a_printer_that_resets,
    a_printer_that_reads_slowly,
    a_printer_that_answers_status_and_stays_connected,
    a_stuck_job_does_not_hold_the_others,
    a_device_that_stalls_mid_ticket,
);
