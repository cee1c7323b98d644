//! The printed kitchen ticket and courier slip against a fake network printer:
//! exactly one ticket per order and one slip per delivery order, across a
//! printer outage and restarts of `maydanoz serve`; Turkish letters come out
//! in PC857; the slip carries a QR code of the map link.

use std::time::Duration;

use maydanoz::sim::plan::standard;
use maydanoz::sim::{Customer, Feed, Plan, Wire};

use crate::child::{Server, stock};
use crate::common::app::Backend;
use crate::fake_printer::{FakePrinter, Printed};
use crate::helpers::{APP_SECRET, PHONE_NUMBER_ID, fake_graph, wait_count};

/// Wait until the printer holds `n` documents (or time out with what it has).
pub async fn wait_docs(p: &FakePrinter, n: usize, timeout: Duration) -> Vec<Printed> {
    crate::common::app::eventually(timeout, || async {
        let d = p.documents();
        (d.len() >= n).then_some(d)
    })
    .await
    .unwrap_or_else(|| p.documents())
}

/// Documents whose text has `#<number>` as a whole token, by kind.
fn count(docs: &[Printed], number: i64, slip: bool) -> usize {
    let tag = format!("#{number}\n");
    docs.iter()
        .filter(|d| d.text.contains(&tag) && d.text.contains("KURYE FİŞİ") == slip)
        .count()
}

/// Whether the board's header would say the printer is offline.
/// The most attempts a pending job has had (a retry moves it).
const MOST_ATTEMPTS: &str =
    "SELECT COALESCE(MAX(attempts), 0) FROM print_jobs WHERE state = 'pending'";

pub async fn printer_offline(db: &maydanoz::store::Db) -> bool {
    maydanoz::store::print::offline(&mut db.read().await.expect("db").exec())
        .await
        .expect("offline")
}

pub async fn order(wire: &std::sync::Arc<Wire>, phone: &str, name: &str, delivery: bool) -> i64 {
    let mut c = Customer::new(wire.clone(), phone.to_string(), name.to_string());
    let plan = Plan {
        delivery: delivery.then(|| "Moda Cad. No:12 D:3 Kadıköy".to_string()),
        ..standard(None)
    };
    c.order(&plan)
        .await
        .unwrap_or_else(|e| panic!("{phone}: {e}: {:#?}", c.transcript))
        .number
        .get()
}

async fn one_ticket_per_order_and_one_slip_per_delivery_across_an_outage_and_restarts(
    backend: Backend,
) {
    let db = backend.db().await;
    let mut printer = FakePrinter::start().await;
    let fake = fake_graph(Default::default()).await;
    stock(&db.url, None).await;
    let url = printer.url();
    let mut server = Server::start(
        &db.url,
        &fake.base_url(),
        &[("MAYDANOZ_PRINTER__URL", url.as_str())],
    )
    .await;
    let wire = Wire::new(
        server.url("/webhook"),
        APP_SECRET.as_bytes().to_vec(),
        Feed::Local(fake.view()),
        PHONE_NUMBER_ID.into(),
    );
    let name = "İpek Şahin Işık Çağ Ünlü Göç";
    let a = order(&wire, "905341000001", name, false).await;
    let b = order(&wire, "905341000002", name, true).await;
    let docs = wait_docs(&printer, 3, Duration::from_secs(20)).await;
    assert_eq!(docs.len(), 3, "two tickets and one slip: {docs:#?}");
    assert!(
        docs.iter().all(|d| d.code_page == Some(13)),
        "PC857 selected"
    );
    let slip = docs
        .iter()
        .find(|d| d.text.contains("KURYE FİŞİ"))
        .expect("a courier slip");
    assert!(
        slip.text.contains(name),
        "Turkish letters round-trip: {}",
        slip.text
    );
    assert!(
        slip.text.contains("Moda Cad. No:12 D:3 Kadıköy"),
        "{}",
        slip.text
    );
    // the courier knows how the customer pays (the shipped
    // `[payment]` offers cash at the door only, so it was taken without asking)
    assert!(slip.text.contains("ÖDEME: NAKİT (kapıda)"), "{}", slip.text);
    assert_eq!(
        slip.qr,
        [
            "https://www.google.com/maps/search/?api=1&query=Moda+Cad.+No%3A12+D%3A3+Kad%C4%B1k%C3%B6y"
        ]
    );
    assert!(
        docs.iter()
            .any(|d| d.text.contains("Tavuk Dürüm") && d.text.contains("\n   + Acılı\n"))
    );

    // the printer goes off: the job waits, the header would say so, nothing is lost
    printer.off().await;
    let c = order(&wire, "905341000003", name, true).await;
    crate::common::app::eventually(Duration::from_secs(20), || async {
        printer_offline(&db.db).await.then_some(())
    })
    .await
    .expect("the failed print was not recorded");
    // the restarted server works the queue (the kept job is tried again, the printer
    // still off) before the printer comes back
    let tried = crate::common::count(&db.db, MOST_ATTEMPTS).await;
    server.restart().await;
    crate::common::app::eventually(Duration::from_secs(20), || async {
        (crate::common::count(&db.db, MOST_ATTEMPTS).await > tried).then_some(())
    })
    .await
    .expect("the restarted server did not try the kept job");
    printer.on().await;
    let docs = wait_docs(&printer, 5, Duration::from_secs(30)).await;
    // a restart with everything printed (and recorded so: a kill -9 between the
    // printer taking a job and the server noting it prints that job again, by
    // design) prints nothing again: the next order's ticket is the next document
    // out (printing goes in order)
    let recorded = wait_count(
        &db.db,
        "SELECT COUNT(*) FROM print_jobs WHERE state = 'pending'",
        0,
        Duration::from_secs(10),
    )
    .await;
    assert_eq!(recorded, 0, "every printed job recorded");
    server.restart().await;
    let e = order(&wire, "905341000004", name, false).await;
    let docs_after = wait_docs(&printer, 6, Duration::from_secs(30)).await;
    assert_eq!(docs.len(), 5, "{docs:#?}");
    assert_eq!(
        docs_after.len(),
        6,
        "nothing printed twice: {docs_after:#?}"
    );
    assert_eq!(
        count(&docs_after[5..], e, false),
        1,
        "the next document is the next order's ticket: {docs_after:#?}"
    );
    for (n, delivery) in [(a, false), (b, true), (c, true)] {
        assert_eq!(count(&docs_after, n, false), 1, "one ticket for #{n}");
        assert_eq!(
            count(&docs_after, n, true),
            usize::from(delivery),
            "slips for #{n}"
        );
    }
    let offline = maydanoz::store::print::offline(&mut db.db.read().await.expect("db").exec())
        .await
        .expect("offline");
    assert!(!offline, "the printer is back: the header clears");
    assert!(server.panics().is_empty(), "{:?}", server.panics());
    server.stop().await;
    db.cleanup().await;
}

crate::on_both_backends!(app: one_ticket_per_order_and_one_slip_per_delivery_across_an_outage_and_restarts);
