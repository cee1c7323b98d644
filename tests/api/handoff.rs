//! A person when it matters: a customer asking for a person (or not understood
//! twice) raises the board's alert and the bot goes quiet for them; `maydanoz
//! reply` (the real binary) reaches them through the outbox and the fake Graph
//! API, and is refused for a number that never wrote; the shop writing from the
//! WhatsApp Business app (an `smb_message_echoes` delivery) pauses the bot too,
//! and a cart in the middle of the checkout survives all of it.

use std::time::Duration;

use maydanoz::events::OrderEvent;
use maydanoz::service::support;

use crate::helpers::{Backend, TestApp, eventually, fixture, text_delivery};

const AYSE: &str = "905551112233";

fn now_s() -> i64 {
    maydanoz::clock::now().as_millis() / 1000
}

async fn say(app: &TestApp, id: &str, body: &str) {
    let r = app
        .post_webhook(&text_delivery(AYSE, "Ayşe Yılmaz", id, body, now_s()))
        .await;
    assert_eq!(r.status(), 200);
}

/// Wait until every stored message is processed and every reply it queued is sent.
async fn settle(app: &TestApp, stored: i64) {
    let done = app
        .wait_count("SELECT COUNT(*) FROM inbox WHERE state = 'done'", stored)
        .await;
    assert_eq!(done, stored, "every message processed, none lost");
    app.drain_outbox().await;
}

async fn handoff_event(rx: &mut tokio::sync::broadcast::Receiver<OrderEvent>) -> Option<String> {
    let deadline = tokio::time::Instant::now() + crate::common::app::PATIENCE;
    while let Ok(Ok(e)) = tokio::time::timeout_at(deadline, rx.recv()).await {
        if let OrderEvent::Handoff { phone, reason } = e {
            assert_eq!(phone, AYSE);
            return reason;
        }
    }
    None
}

/// `maydanoz --database-url URL reply ARGS…`: (exit status, stdout, stderr).
async fn reply_cli(app: &TestApp, args: &[&str]) -> (i32, String, String) {
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_maydanoz"))
        .arg("--database-url")
        .arg(app.db_url())
        .arg("reply")
        .args(args)
        .env_remove("MAYDANOZ_CONFIG")
        .output()
        .await
        .expect("run maydanoz");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

async fn asking_for_a_person_quiets_the_bot_until_staff_answer_and_hand_back(backend: Backend) {
    let app = TestApp::builder().backend(backend).spawn().await;
    let mut rx = app.bus.subscribe();
    say(&app, "wamid.P1", "Yetkili biriyle görüşmek istiyorum").await;
    let told = app.texts_after(AYSE, 1).await;
    assert_eq!(told.len(), 1, "{told:?}");
    assert!(told[0].contains("çalışanımıza"), "{told:?}");
    assert_eq!(
        handoff_event(&mut rx).await.as_deref(),
        Some("asked"),
        "the board's alert"
    );
    // quiet: stored and processed, never answered by the bot
    say(&app, "wamid.P2", "merhaba?? \u{1b}[2J kimse yok mu").await;
    settle(&app, 2).await;
    assert_eq!(app.texts_to(AYSE).len(), 1, "the bot stays quiet");
    let w = support::waiting(&app.db, maydanoz::clock::now())
        .await
        .expect("waiting");
    assert_eq!(w.len(), 1);
    assert_eq!((w[0].phone.as_str(), w[0].reason.as_str()), (AYSE, "asked"));
    assert!(
        w[0].last
            .last()
            .is_some_and(|s| s.text.contains("kimse yok mu")),
        "{:?}",
        w[0].last
    );
    // the waiting list on the command line, then a person answers
    let (code, out, err) = reply_cli(&app, &[]).await;
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(AYSE) && out.contains("kimse yok mu"), "{out}");
    assert!(!out.contains('\u{1b}'), "customer text is cleaned: {out:?}");
    let (code, _, err) = reply_cli(&app, &[AYSE, "Merhaba Ayşe Hanım, hemen bakıyorum."]).await;
    assert_eq!(code, 0, "{err}");
    let told = app.texts_after(AYSE, 2).await;
    assert_eq!(
        told.get(1).map(String::as_str),
        Some("Merhaba Ayşe Hanım, hemen bakıyorum.")
    );
    say(&app, "wamid.P3", "tamam teşekkürler").await;
    settle(&app, 3).await;
    assert_eq!(app.texts_to(AYSE).len(), 2, "still quiet after the reply");
    // handed back: the bot answers again
    let (code, out, err) = reply_cli(&app, &["--done", AYSE]).await;
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("back with the bot"), "{out}");
    let told = app.texts_after(AYSE, 3).await;
    assert!(told[2].contains("Tekrar buradayım"), "told once: {told:?}");
    let (code, _, _) = reply_cli(&app, &["--done", AYSE]).await;
    assert_eq!(code, 2, "nobody waits any more");
    say(&app, "wamid.P4", "menü").await;
    let told = app.texts_after(AYSE, 4).await;
    assert_eq!(told.len(), 4, "the bot is back, said once: {told:?}");
    app.stop().await;
}

async fn reply_to_a_number_that_never_wrote_exits_2(backend: Backend) {
    let app = TestApp::builder().backend(backend).spawn().await;
    let (code, out, err) = reply_cli(&app, &["905559998877", "Merhaba"]).await;
    assert_eq!(code, 2, "{out}{err}");
    assert_eq!(err.trim().lines().count(), 1, "one clear line: {err}");
    assert!(err.contains("never written"), "{err}");
    let (code, _, err) = reply_cli(&app, &["not-a-number", "Merhaba"]).await;
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = reply_cli(&app, &["--done", "905559998877"]).await;
    assert_eq!(code, 2, "{err}");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM outbox").await,
        0,
        "nothing queued"
    );
    let (code, out, _) = reply_cli(&app, &[]).await;
    assert_eq!(code, 0);
    assert!(out.contains("nobody is waiting"), "{out}");
    app.stop().await;
}

async fn two_misses_in_a_row_offer_a_person(backend: Backend) {
    let app = TestApp::builder().backend(backend).spawn().await;
    let mut rx = app.bus.subscribe();
    say(&app, "wamid.M0", "merhaba").await;
    app.texts_after(AYSE, 1).await;
    say(&app, "wamid.M1", "🙃🙃").await;
    let told = app.texts_after(AYSE, 2).await;
    assert!(told[1].contains("anlayamadım"), "{told:?}");
    say(&app, "wamid.M2", "🤷").await;
    // the second miss: the question again and a button for a person, no hand-over yet
    let told = app.texts_after(AYSE, 4).await;
    assert!(told[2].contains("anlayamadım"), "{told:?}");
    assert!(told[3].contains("çalışanımıza"), "{told:?}");
    // the customer taps it: now a person is called
    let tap = serde_json::json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": "102000000000001", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "902125550100", "phone_number_id": crate::helpers::PHONE_NUMBER_ID},
            "contacts": [{"profile": {"name": "Ayşe Yılmaz"}, "wa_id": AYSE}],
            "messages": [{"from": AYSE, "id": "wamid.M3", "timestamp": now_s().to_string(), "type": "interactive",
                "interactive": {"type": "button_reply", "button_reply": {"id": "person", "title": "🙋 Çalışana bağlan"}}}]
        }}]}]
    })
    .to_string();
    let r = app.post_webhook(tap.as_bytes()).await;
    assert_eq!(r.status(), 200);
    assert_eq!(handoff_event(&mut rx).await.as_deref(), Some("asked"));
    let told = app.texts_after(AYSE, 5).await;
    say(&app, "wamid.M4", "???").await;
    settle(&app, 5).await;
    assert_eq!(app.texts_to(AYSE).len(), told.len(), "quiet");
    app.stop().await;
}

async fn stock(app: &TestApp) {
    crate::common::fixtures::import_menu(&app.db, crate::common::fixtures::SAMPLE_MENU).await;
}

async fn session(app: &TestApp) -> serde_json::Value {
    let (s,): (String,) = app
        .db
        .read()
        .await
        .expect("read")
        .exec()
        .fetch_one(
            "SELECT state FROM sessions WHERE customer_phone = $1",
            vec![AYSE.into()],
        )
        .await
        .expect("session");
    serde_json::from_str(&s).expect("json")
}

async fn an_echo_pauses_the_bot_and_keeps_the_cart(backend: Backend) {
    let app = TestApp::builder().backend(backend).spawn().await;
    stock(&app).await;
    say(&app, "wamid.C1", "2 tavuk dürüm acısız, 1 küçük ayran").await;
    app.texts_after(AYSE, 1).await;
    say(&app, "wamid.C2", "gelip alıcam").await;
    let told = app.texts_after(AYSE, 2).await;
    assert!(told.iter().any(|t| t.contains("Sipariş özeti")), "{told:?}");
    let before = session(&app).await;
    assert_eq!(before["step"]["at"], "summary", "{before}");
    // the owner answers from the WhatsApp Business app on the same number
    let mut rx = app.bus.subscribe();
    let r = app
        .post_webhook(&fixture("inbound_smb_message_echo.json"))
        .await;
    assert_eq!(r.status(), 200);
    assert_eq!(
        handoff_event(&mut rx).await.as_deref(),
        Some("smb_message_echo")
    );
    // a retried delivery is stored once
    let r = app
        .post_webhook(&fixture("inbound_smb_message_echo.json"))
        .await;
    assert_eq!(r.status(), 200);
    settle(&app, 3).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM inbox").await, 3);
    // the customer writes while the shop talks to them: no bot, no order
    say(&app, "wamid.C3", "tamam").await;
    settle(&app, 4).await;
    let sent = app.texts_to(AYSE).len();
    assert_eq!(sent, 2, "the bot is paused");
    assert_eq!(app.count("SELECT COUNT(*) FROM orders").await, 0);
    let kept = session(&app).await;
    assert_eq!(kept["cart"], before["cart"], "the cart is kept");
    assert_eq!(kept["step"], before["step"], "so is the checkout");
    let w = support::waiting(&app.db, maydanoz::clock::now())
        .await
        .expect("w");
    assert_eq!(w[0].reason, "smb_message_echo");
    assert!(w[0].answered_at_ms.is_some());
    assert!(
        w[0].last
            .iter()
            .any(|s| s.from_shop && s.text.contains("yola çıktı")),
        "{:?}",
        w[0].last
    );
    // the echo never opened the 24-hour window on its own, but the customer did
    let (code, _, err) = reply_cli(&app, &["--done", AYSE]).await;
    assert_eq!(code, 0, "{err}");
    say(&app, "wamid.C4", "tamam").await;
    // the hand-back notice and the confirmation are both queued: wait for the
    // confirmation itself, not for a count the notice alone can reach
    let ordered = eventually(Duration::from_secs(10), || async {
        let told = app.texts_to(AYSE);
        told.iter().skip(2).any(|t| t.contains('#')).then_some(())
    })
    .await;
    assert!(
        ordered.is_some(),
        "the kept cart is ordered: {:?}",
        app.texts_to(AYSE)
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM orders").await, 1);
    app.stop().await;
}

crate::on_both_backends!(app: asking_for_a_person_quiets_the_bot_until_staff_answer_and_hand_back, reply_to_a_number_that_never_wrote_exits_2, two_misses_in_a_row_offer_a_person, an_echo_pauses_the_bot_and_keeps_the_cart);
