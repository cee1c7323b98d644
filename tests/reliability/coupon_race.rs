//! (c) 200 customers race for a coupon with 50 uses, against the real binary: exactly 50
//! orders carry it, and each of the other 150 is told why and still gets an order.

use std::time::{Duration, Instant};

use maydanoz::fakegraph::FakeGraphConfig;
use maydanoz::sim::{Customer, Feed, Item, Plan, Wire};

use crate::checks;
use crate::child::{Server, stock};
use crate::common::app::Backend;
use crate::helpers::{APP_SECRET, PHONE_NUMBER_ID, count, fake_graph};

const RACERS: usize = 200;
const USES: u32 = 50;

fn plan() -> Plan {
    Plan {
        items: vec![Item {
            category: "Dürümler".into(),
            product: "Tavuk Dürüm".into(),
            options: vec!["Acılı".into()],
            quantity: 2,
        }],
        coupon: Some("ilk50".into()),
        delivery: None,
        note: None,
    }
}

async fn two_hundred_race_for_fifty_coupon_uses_on_the_real_binary(backend: Backend) {
    let db = backend.db().await;
    let t0 = Instant::now();
    let fake = fake_graph(FakeGraphConfig::default()).await;
    stock(&db.url, Some(USES)).await;
    let server = Server::start(&db.url, &fake.base_url(), &[]).await;
    let wire = Wire::new(
        server.url("/webhook"),
        APP_SECRET.as_bytes().to_vec(),
        Feed::Local(fake.view()),
        PHONE_NUMBER_ID.into(),
    );
    let tasks: Vec<_> = (0..RACERS)
        .map(|i| {
            let wire = wire.clone();
            tokio::spawn(async move {
                let phone = format!("90544{i:07}");
                let mut c = Customer::new(wire, phone.clone(), format!("Yarışçı {i}"));
                c.patience = Duration::from_secs(90);
                let placed = c
                    .order(&plan())
                    .await
                    .map_err(|e| format!("{phone}: {e}"))?;
                Ok::<_, String>((phone, placed, c.transcript))
            })
        })
        .collect();
    let (mut told, mut discounted, mut told_why, mut lost_at_confirm) = (Vec::new(), 0, 0, 0);
    for t in tasks {
        let (phone, placed, transcript) = t
            .await
            .expect("task")
            .unwrap_or_else(|e| panic!("a racer got no order: {e}"));
        // 2 × 120,00 = 240,00; 10 % off = 216,00
        if placed.text.contains("216,00") {
            discounted += 1;
        } else {
            assert!(placed.text.contains("240,00"), "{}", placed.text);
            let full = transcript
                .iter()
                .any(|m| m.contains("kullanım hakları doldu"));
            let lost = transcript
                .iter()
                .any(|m| m.contains("kupon tam onaylarken"));
            assert!(
                full || lost,
                "{phone} lost the coupon without being told why: {transcript:#?}"
            );
            lost_at_confirm += usize::from(lost);
            told_why += 1;
        }
        told.push((phone, placed.number.get()));
    }
    let raced = t0.elapsed();
    checks::settle(&db.db, Duration::from_secs(60)).await;
    let orders = checks::orders_match(&db.db, &told).await;
    let redemptions = checks::coupon_consistent(&db.db).await;
    let sent = checks::all_replies_sent(&db.db, &fake).await;
    let used = count(&db.db, "SELECT used FROM coupons WHERE code = 'ILK50'").await;
    println!(
        "» coupon race[{backend}]: {RACERS} customers for {USES} uses through the real binary in {raced:?}: {orders} orders, \
         {discounted} discounted, {redemptions} redemptions (counter {used}), {told_why} told why \
         ({lost_at_confirm} lost it between the coupon step and confirming); {} replies, {} sent twice",
        sent.messages, sent.duplicates
    );
    assert_eq!(
        (discounted, redemptions, used),
        (USES as usize, i64::from(USES), i64::from(USES))
    );
    assert_eq!(told_why, RACERS - USES as usize);
    assert_eq!(sent.duplicates, 0);
    assert!(server.panics().is_empty(), "{:?}", server.panics());
    server.stop().await;
    db.cleanup().await;
}

crate::on_both_backends!(app: two_hundred_race_for_fifty_coupon_uses_on_the_real_binary);
