//! A shared pin through the real server, on both backends: it
//! reaches the order's JSON (`orders show --json` → `"location"`) and its map
//! link (`orders show`), the door asked after it is stored with it, a pin sent
//! after a typed address is taken, an impossible pin is refused, a saved
//! address comes back with its pin in one tap, and a 5,000-character note is
//! kept to 500 with the customer told.

use maydanoz::sim::{Customer, find_tap, read};

use crate::conversation::{stock_for, wire_for};
use crate::helpers::{Backend, TestApp};

const LAT: f64 = 40.98765;
const LON: f64 = 29.02468;

async fn wait_text(c: &mut Customer, needle: &str) -> String {
    let n = needle.to_string();
    c.wait_for(needle, |p| {
        p.iter().map(|m| read(&m.body).0).find(|t| t.contains(&n))
    })
    .await
    .unwrap_or_else(|e| panic!("waiting for {needle:?}: {e}\n{:#?}", c.transcript))
}

async fn tap(c: &mut Customer, title: &str) {
    let t = c
        .wait_for(title, |p| find_tap(p, title))
        .await
        .unwrap_or_else(|e| panic!("waiting to tap {title:?}: {e}"));
    c.tap(&t).await.expect("tap");
}

/// `maydanoz orders show N [--json]` against the app's database.
fn show(app: &TestApp, number: i64, json: bool) -> String {
    let n = number.to_string();
    let url = app.db_url();
    let mut args = vec!["--database-url", url.as_str(), "orders", "show", n.as_str()];
    if json {
        args.push("--json");
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_maydanoz"))
        .args(&args)
        .env_remove("MAYDANOZ_CONFIG")
        .output()
        .expect("run maydanoz");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn show_json(app: &TestApp, number: i64) -> serde_json::Value {
    serde_json::from_str(&show(app, number, true)).expect("json")
}

/// Confirm the summary and read the order number from "Siparişin alındı … #N".
async fn confirm(c: &mut Customer) -> i64 {
    tap(c, "Onayla").await;
    let placed = wait_text(c, "Siparişin alındı").await;
    let at = placed.find('#').expect("a number in the placed message");
    placed[at + 1..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .expect("order number")
}

async fn the_pin_reaches_the_courier(backend: Backend) {
    let app = TestApp::builder().backend(backend).spawn().await;
    stock_for(&app).await;
    let mut c = Customer::new(wire_for(&app), "905551230001", "Konum Testi");
    c.say("1 küçük ayran").await.expect("say");
    wait_text(&mut c, "Sepet:").await;
    c.say("paket").await.expect("say");
    wait_text(&mut c, "Teslimat adresini").await;
    // an impossible pin is refused, nothing kept
    c.pin(123.0, LON, "Ev").await.expect("pin");
    wait_text(&mut c, "geçersiz").await;
    c.pin(LAT, LON, "Ev").await.expect("pin");
    wait_text(&mut c, "kat ve daireyi").await;
    c.say("No 12, Kat 3, Daire 5").await.expect("say");
    let summary = wait_text(&mut c, "Sipariş özeti").await;
    assert!(summary.contains("Konum paylaşıldı"), "{summary}");
    let first = confirm(&mut c).await;

    let o = show_json(&app, first);
    assert_eq!(
        o["location"],
        serde_json::json!({"latitude": LAT, "longitude": LON}),
        "{o}"
    );
    assert_eq!(o["address"], "No 12, Kat 3, Daire 5, Ev", "{o}");
    assert_eq!(o["fulfilment"], "delivery", "{o}");
    let text = show(&app, first, false);
    assert!(
        text.contains("https://maps.google.com/?q=40.98765,29.02468"),
        "{text}"
    );

    // the same customer again: the saved address is one tap, with its pin
    c.say("1 küçük ayran").await.expect("say");
    wait_text(&mut c, "Sepet:").await;
    c.say("paket").await.expect("say");
    let ask = wait_text(&mut c, "Kayıtlı adresine dokun").await;
    assert!(ask.contains("1) No 12, Kat 3, Daire 5, Ev 📍"), "{ask}");
    tap(&mut c, "1 · No 12").await;
    let summary = wait_text(&mut c, "Sipariş özeti").await;
    assert!(summary.contains("Konum paylaşıldı"), "{summary}");
    let second = confirm(&mut c).await;
    let o = show_json(&app, second);
    assert_eq!(
        o["location"],
        serde_json::json!({"latitude": LAT, "longitude": LON}),
        "{o}"
    );
    assert_eq!(o["address"], "No 12, Kat 3, Daire 5, Ev", "{o}");

    // a pin after a typed address is taken, the typed text kept
    let mut d = Customer::new(wire_for(&app), "905551230002", "Adres Testi");
    d.say("1 küçük ayran").await.expect("say");
    wait_text(&mut d, "Sepet:").await;
    d.say("paket").await.expect("say");
    wait_text(&mut d, "Teslimat adresini").await;
    d.say("adrese getirin").await.expect("say");
    wait_text(&mut d, "Örnek:").await;
    d.say("Moda Cad. No:12 D:3 Kadıköy").await.expect("say");
    wait_text(&mut d, "Sipariş özeti").await;
    d.pin(41.0, 29.03, "Konumum").await.expect("pin");
    wait_text(&mut d, "Konumunu adresine ekledik").await;
    let third = confirm(&mut d).await;
    let o = show_json(&app, third);
    assert_eq!(
        o["location"],
        serde_json::json!({"latitude": 41.0, "longitude": 29.03}),
        "{o}"
    );
    assert_eq!(o["address"], "Moda Cad. No:12 D:3 Kadıköy", "{o}");

    // pickup: no location, null in JSON
    let mut e = Customer::new(wire_for(&app), "905551230003", "Gel Al");
    e.say("1 küçük ayran").await.expect("say");
    wait_text(&mut e, "Sepet:").await;
    e.say("gel al").await.expect("say");
    wait_text(&mut e, "Sipariş özeti").await;
    // a 5,000-character note: 500 kept, the customer told what
    let long = "Zil bozuk, kapıyı çalın. ".repeat(200);
    e.say(&format!("not: {long}")).await.expect("say");
    let told = wait_text(&mut e, "500 karakterden uzundu").await;
    assert!(told.contains("“Zil bozuk, kapıyı çalın."), "{told}");
    let fourth = confirm(&mut e).await;
    let o = show_json(&app, fourth);
    assert!(o["location"].is_null(), "{o}");
    let note = o["note"].as_str().expect("note");
    assert_eq!(note.chars().count(), 500, "{note}");
    assert!(long.starts_with(note.trim_end_matches('…')), "{note}");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM orders WHERE latitude_e7 IS NOT NULL")
            .await,
        3
    );
    app.stop().await;
}

crate::on_both_backends!(app: the_pin_reaches_the_courier);
