//! Turns said around an order, through the real webhook, worker, store and fake
//! Graph API, on both backends: a line taken out in words, the order confirmed
//! in words, a complaint answered with an apology and a person offered, the open
//! order cancelled in words; "which one?" answered by a
//! refined name and pickup picked by its number.

use maydanoz::sim::{Customer, read};

use crate::conversation::{stock_for, wire_for};
use crate::helpers::{Backend, TestApp};

/// Wait for a message whose text contains `needle`.
async fn wait_text(c: &mut Customer, needle: &str) -> String {
    let n = needle.to_string();
    c.wait_for(needle, |p| {
        p.iter().map(|m| read(&m.body).0).find(|t| t.contains(&n))
    })
    .await
    .unwrap_or_else(|e| panic!("waiting for {needle:?}: {e}"))
}

async fn remove_confirm_and_cancel_in_words(backend: Backend) {
    let app = TestApp::builder().backend(backend).spawn().await;
    stock_for(&app).await;
    let mut c = Customer::new(wire_for(&app), "905551234001", "Sözlü Müşteri");
    c.say("2 et dürüm acılı 2 kola 1 ayran küçük")
        .await
        .expect("say");
    wait_text(&mut c, "Sepet").await;
    c.say("gel al").await.expect("say");
    wait_text(&mut c, "Sipariş özeti").await;
    // removing never adds: the cola goes, the new total is said
    c.say("kolayı çıkar").await.expect("say");
    let removed = wait_text(&mut c, "Çıkardım").await;
    assert!(removed.contains("Kola"), "{removed}");
    assert!(removed.contains("385,00"), "{removed}");
    assert!(!removed.contains("eklendi"), "{removed}");
    // confirmed in words
    c.say("onaylıyorum").await.expect("say");
    let placed = wait_text(&mut c, "Siparişin alındı").await;
    assert!(placed.contains("385,00"), "{placed}");
    assert_eq!(app.count("SELECT total_minor FROM orders").await, 38_500);
    assert_eq!(app.count("SELECT COUNT(*) FROM order_items").await, 2);
    // an angry customer gets an apology, the order's status and a button to
    // reach a person — never "not on the menu" and the menu
    c.say("siparişim 1 saattir gelmedi!!! rezalet")
        .await
        .expect("say");
    let mut menu_said = false;
    let (sorry, buttons) = c
        .wait_for("the apology", |p| {
            menu_said |= p.iter().any(|m| read(&m.body).0.contains("Menümüzde yok"));
            p.iter()
                .map(|m| read(&m.body))
                .find(|(t, _)| t.contains("özür"))
        })
        .await
        .expect("an apology");
    assert!(
        buttons.iter().any(|b| b.title.contains("Çalışana bağlan")),
        "a person offered: {sorry} {buttons:?}"
    );
    assert!(!menu_said, "never the menu to a complaint: {sorry}");
    // "iptal et" is no meat: the one open order is asked about at once
    c.say("siparişimi iptal et").await.expect("say");
    let asked = wait_text(&mut c, "iptal edelim mi").await;
    assert!(!asked.contains("derken"), "{asked}");
    c.say("evet").await.expect("say");
    let done = wait_text(&mut c, "iptal edildi").await;
    assert!(!done.contains("👍"), "{done}");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM orders WHERE status = 'cancelled'")
            .await,
        1
    );
    app.stop().await;
}

async fn which_one_and_a_number_typed(backend: Backend) {
    let app = TestApp::builder().backend(backend).spawn().await;
    stock_for(&app).await;
    let mut c = Customer::new(wire_for(&app), "905551234002", "Yazan Müşteri");
    c.say("2 dürüm acısız").await.expect("say");
    wait_text(&mut c, "derken hangisi").await;
    // a refined name answers it, keeping the quantity and the option
    c.say("tavuk").await.expect("say");
    let added = wait_text(&mut c, "Sepet").await;
    assert!(added.contains("2 × Tavuk Dürüm"), "{added}");
    c.say("sipariş ver").await.expect("say");
    wait_text(&mut c, "Gelip mi alırsın").await;
    // the first shown choice by its number: pickup
    c.say("1").await.expect("say");
    let summary = wait_text(&mut c, "Sipariş özeti").await;
    assert!(summary.contains("240,00"), "{summary}");
    c.say("evet lütfen").await.expect("say");
    wait_text(&mut c, "Siparişin alındı").await;
    assert_eq!(app.count("SELECT quantity FROM order_items").await, 2);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM orders WHERE fulfilment = 'pickup'")
            .await,
        1
    );
    assert!(
        !c.transcript.iter().any(|m| m.contains("anlayamadım")),
        "{:#?}",
        c.transcript
    );
    app.stop().await;
}

crate::on_both_backends!(app: remove_confirm_and_cancel_in_words, which_one_and_a_number_typed);
