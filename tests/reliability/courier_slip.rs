//! The courier slip of a pinned delivery: the real binary,
//! a fake network printer, a customer who shares a pin and types the door.
//! The slip's QR code opens the map at the pin (not a search for the text),
//! and the slip prints the coordinates and the door.

use std::time::Duration;

use maydanoz::sim::{Customer, Feed, Wire, find_tap, read};

use crate::child::{Server, stock};
use crate::common::app::Backend;
use crate::fake_printer::FakePrinter;
use crate::helpers::{APP_SECRET, PHONE_NUMBER_ID, fake_graph};

async fn wait_text(c: &mut Customer, needle: &str) {
    let n = needle.to_string();
    c.wait_for(needle, |p| {
        p.iter().any(|m| read(&m.body).0.contains(&n)).then_some(())
    })
    .await
    .unwrap_or_else(|e| panic!("waiting for {needle:?}: {e}\n{:#?}", c.transcript));
}

async fn the_slip_qr_opens_the_map_at_the_pin(backend: Backend) {
    let db = backend.db().await;
    let printer = FakePrinter::start().await;
    let fake = fake_graph(Default::default()).await;
    stock(&db.url, None).await;
    let url = printer.url();
    let server = Server::start(
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
    let mut c = Customer::new(wire, "905341000099", "Kurye Fişi");
    c.say("1 küçük ayran").await.expect("say");
    wait_text(&mut c, "Sepet:").await;
    c.say("paket").await.expect("say");
    wait_text(&mut c, "Teslimat adresini").await;
    c.pin(40.98765, 29.02468, "Ev").await.expect("pin");
    wait_text(&mut c, "kat ve daireyi").await;
    c.say("No 12, Kat 3, Daire 5").await.expect("say");
    let ok = c
        .wait_for("Onayla", |p| find_tap(p, "Onayla"))
        .await
        .expect("confirm button");
    c.tap(&ok).await.expect("tap");
    wait_text(&mut c, "Siparişin alındı").await;

    let docs = crate::printing::wait_docs(&printer, 2, Duration::from_secs(20)).await;
    assert_eq!(docs.len(), 2, "a ticket and a slip: {docs:#?}");
    let slip = docs
        .iter()
        .find(|d| d.text.contains("KURYE FİŞİ"))
        .expect("a courier slip");
    assert_eq!(slip.qr, ["https://maps.google.com/?q=40.98765,29.02468"]);
    assert!(
        slip.text.contains("Konum: 40.98765,29.02468")
            && slip.text.contains("No 12, Kat 3, Daire 5, Ev"),
        "{}",
        slip.text
    );
    println!(
        "» the courier slip's QR is the pin's map link: {}",
        slip.qr[0]
    );
    assert!(server.panics().is_empty(), "{:?}", server.panics());
    server.stop().await;
    db.cleanup().await;
}

crate::on_both_backends!(app: the_slip_qr_opens_the_map_at_the_pin);
