//! What the worker does with each kind of message, a restart that finds an
//! unfinished inbox row, and a status change from the CLI reaching the wire.

use maydanoz::store::inbox::NewInbound;
use maydanoz::testing::inbox_insert;

use crate::common::app::PATIENCE;
use crate::helpers::{Backend, TestApp, eventually, fixture};

#[tokio::test]
async fn each_message_type_gets_a_fitting_answer_or_none() {
    let app = TestApp::builder().spawn().await;
    let from = "905551112233";
    // a picture (a complaint, most likely): a person will answer, the bot goes quiet
    assert_eq!(
        app.post_webhook(&fixture("inbound_image.json"))
            .await
            .status(),
        200
    );
    let after_image = app.texts_after(from, 1).await;
    assert_eq!(after_image.len(), 1, "{after_image:?}");
    assert!(after_image[0].contains("çalışanımız"), "{after_image:?}");
    // staff hand the customer back to the bot for the rest of this test
    app.wait_count("SELECT COUNT(*) FROM handoffs", 1).await;
    let customer = crate::common::phone(from);
    let mut tx = app.db.begin().await.expect("begin");
    let now = maydanoz::clock::now();
    let back = maydanoz::service::support::hand_back(
        &mut tx.exec(),
        &customer,
        now,
        "test",
        &mut Vec::new(),
    )
    .await;
    assert!(back.expect("hand back"));
    tx.commit().await.expect("commit");
    // a reaction: read, but no reply
    assert_eq!(
        app.post_webhook(&fixture("inbound_reaction.json"))
            .await
            .status(),
        200
    );
    app.wait_count("SELECT COUNT(*) FROM inbox WHERE state = 'done'", 2)
        .await;
    // first open of the chat: the greeting with the restaurant's name. A customer's
    // messages are worked and answered in order, so a reply to the reaction would
    // arrive before the greeting.
    assert_eq!(
        app.post_webhook(&fixture("inbound_request_welcome.json"))
            .await
            .status(),
        200
    );
    let greeted = app.texts_after(from, 2).await;
    assert!(
        greeted.iter().any(|t| t.contains("Maydanoz Döner")),
        "{greeted:?}"
    );
    assert!(
        greeted[1].contains("Maydanoz Döner"),
        "a reaction is not answered: {greeted:?}"
    );
    // an edit arrives as `unsupported`: the customer is asked to send it again
    let edit = serde_json::json!({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
        "messaging_product": "whatsapp", "metadata": {"display_phone_number": "1", "phone_number_id": crate::helpers::PHONE_NUMBER_ID},
        "contacts": [{"profile": {"name": "Ayşe"}, "wa_id": from}],
        "messages": [{"from": from, "id": "wamid.EDIT1", "timestamp": "1780000400", "type": "unsupported",
                      "unsupported": {"type": "edit"},
                      "errors": [{"code": 131051, "title": "Message type unknown", "message": "Message type unknown",
                                  "error_data": {"details": "Message type is currently not supported."}}]}]}}]}]});
    assert_eq!(
        app.post_webhook(edit.to_string().as_bytes()).await.status(),
        200
    );
    let after_edit = app.texts_after(from, 3).await;
    assert_eq!(after_edit.len(), 3, "{after_edit:?}");
    // every inbound message was marked read (blue ticks)
    assert!(app.fake.stats().mark_reads >= 4, "{:?}", app.fake.stats());
    assert_eq!(
        app.count("SELECT COUNT(*) FROM inbox WHERE state <> 'done'")
            .await,
        0
    );
    app.stop().await;
}

#[tokio::test]
async fn an_unfinished_inbox_row_is_processed_after_a_restart() {
    let mut first = TestApp::builder().spawn().await;
    let testdb = first.halt().await.expect("database");
    // a message stored (and acknowledged) just before a crash, never processed
    let raw = r#"{"from":"905554445566","id":"wamid.CRASH1","timestamp":"1780000000","type":"text","text":{"body":"merhaba"}}"#;
    let mut tx = testdb.db.begin().await.expect("begin");
    let m = NewInbound {
        wa_message_id: "wamid.CRASH1".into(),
        customer_phone: "905554445566".try_into().expect("a phone"),
        contact_name: Some("Mehmet".into()),
        kind: "text".into(),
        payload: raw.into(),
        sent_at: maydanoz::domain::time::At::from_millis(1_780_000_000_000),
    };
    inbox_insert(&mut tx.exec(), &m, 1).await.expect("insert");
    tx.commit().await.expect("commit");
    let second = TestApp::builder().database(testdb).spawn().await;
    let replies = second.texts_after("905554445566", 1).await;
    assert!(
        replies.iter().any(|t| t.contains("Mehmet")),
        "greeted after the restart: {replies:?}"
    );
    assert_eq!(
        second
            .count("SELECT COUNT(*) FROM inbox WHERE state = 'done'")
            .await,
        1
    );
    first.stop().await;
    second.stop().await;
}

async fn orders_status_from_the_cli_puts_the_message_on_the_wire(backend: Backend) {
    let app = TestApp::builder().backend(backend).spawn().await;
    crate::conversation::stock_for(&app).await;
    let mut c = maydanoz::sim::Customer::new(
        crate::conversation::wire_for(&app),
        "905557778899",
        "Zeynep",
    );
    let placed = c
        .order(&crate::conversation::simple_plan())
        .await
        .expect("order");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_maydanoz"))
        .args([
            "--database-url",
            &app.db_url(),
            "orders",
            "status",
            &placed.number.to_string(),
            "ready",
        ])
        .env_remove("MAYDANOZ_CONFIG")
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ready = format!("#{}", placed.number);
    eventually(PATIENCE, || async {
        let texts = app.texts_to("905557778899");
        texts
            .iter()
            .any(|t| t.contains(&ready) && t.contains("hazır"))
            .then_some(())
    })
    .await
    .unwrap_or_else(|| {
        panic!(
            "the ready message never reached the wire: {:?}",
            app.texts_to("905557778899")
        )
    });
    app.stop().await;
}

/// The owner changes a price and 86es an item with the CLI while the server
/// runs: the very next message sees both (the server keeps no copy of the menu).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bot_sees_a_new_price_and_an_86_at_once() {
    let app = TestApp::builder().spawn().await;
    crate::conversation::stock_for(&app).await;
    let cli = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_maydanoz"))
            .args(["--database-url", &app.db_url()])
            .args(args)
            .env_remove("MAYDANOZ_CONFIG")
            .output()
            .expect("run");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    cli(&["menu", "price", "Ayran", "31,50"]);
    cli(&["menu", "unavailable", "Şalgam"]);
    let mut c =
        maydanoz::sim::Customer::new(crate::conversation::wire_for(&app), "905551230000", "Fiyat");
    c.say("menü").await.expect("say");
    let cats = c
        .wait_for("categories", |p| maydanoz::sim::find_tap(p, "İçecekler"))
        .await
        .expect("categories");
    c.tap(&cats).await.expect("tap");
    let shown = c
        .wait_for("drinks", |p| {
            maydanoz::sim::find_tap(p, "Ayran").map(|_| c_text(p))
        })
        .await
        .expect("drinks");
    assert!(shown.contains("31,50 ₺"), "the new price: {shown}");
    assert!(
        !shown.contains("Şalgam"),
        "86'd items are not offered: {shown}"
    );
    app.stop().await;
}

fn c_text(p: &[maydanoz::sim::Seen]) -> String {
    p.iter()
        .map(|m| {
            let (t, taps) = maydanoz::sim::read(&m.body);
            let rows: Vec<String> = taps.into_iter().map(|t| t.title).collect();
            let desc: Vec<String> = m.body["interactive"]["action"]["sections"]
                .as_array()
                .into_iter()
                .flatten()
                .flat_map(|s| s["rows"].as_array().into_iter().flatten())
                .filter_map(|r| r["description"].as_str().map(str::to_string))
                .collect();
            format!("{t}\n{}\n{}", rows.join("\n"), desc.join("\n"))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Two servers on one database (a second kitchen screen): only one works the
/// queues, so nothing is answered twice, and the other takes over when it stops.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_server_stands_by_and_takes_over() {
    let mut a = TestApp::builder().spawn().await;
    // B: the same database and the same fake Graph API, its own webhook
    let cfg = std::sync::Arc::new(crate::common::app::test_config(
        &a.db_url(),
        &a.fake.base_url(),
        &[],
    ));
    let db_b = maydanoz::store::Db::connect(&a.db_url()).await.expect("db");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let stop_b = tokio_util::sync::CancellationToken::new();
    let b = maydanoz::server::start_all(
        listener,
        cfg,
        db_b,
        maydanoz::events::Bus::new(),
        None,
        stop_b.clone(),
        // B standing by tries for the lease often, so the takeover is quick to see
        maydanoz::queue::Timing {
            lease_retry: maydanoz::domain::time::Span::millis(100),
            ..maydanoz::queue::Timing::default()
        },
    )
    .await
    .expect("b starts");
    let http = reqwest::Client::new();
    let b_addr = b.addr;
    let post_b = |id: &str, from: &str| {
        let body = crate::helpers::text_delivery(
            from,
            "İkinci",
            id,
            "merhaba",
            maydanoz::clock::now().as_millis() / 1000,
        );
        let sig = maydanoz::whatsapp::signature::sign(crate::helpers::APP_SECRET.as_bytes(), &body);
        http.post(format!("http://{b_addr}/webhook"))
            .header("x-hub-signature-256", sig)
            .body(body)
            .send()
    };
    assert_eq!(
        post_b("wamid.B1", "905550000101")
            .await
            .expect("post")
            .status(),
        200
    );
    assert_eq!(
        a.texts_after("905550000101", 1).await.len(),
        1,
        "answered once, by whichever works the queues"
    );
    let testdb = a.halt().await.expect("db");
    assert_eq!(
        post_b("wamid.B2", "905550000102")
            .await
            .expect("post")
            .status(),
        200
    );
    let got = a.texts_after("905550000102", 1).await;
    assert_eq!(got.len(), 1, "B took over: {got:?}");
    // one more message through B, answered: B has worked its queues past the first one
    assert_eq!(
        post_b("wamid.B3", "905550000103")
            .await
            .expect("post")
            .status(),
        200
    );
    let later = a.texts_after("905550000103", 1).await;
    assert_eq!(later.len(), 1, "B answers: {later:?}");
    assert_eq!(a.texts_to("905550000101").len(), 1, "never answered twice");
    stop_b.cancel();
    for (_, t) in b.tasks {
        let _ = tokio::time::timeout(std::time::Duration::from_secs(10), t).await;
    }
    testdb.cleanup().await;
}

crate::on_both_backends!(app: orders_status_from_the_cli_puts_the_message_on_the_wire);
