use crate::helpers::{self, Backend, TestApp, VERIFY_TOKEN, fixture, text_delivery};

const INBOX: &str = "SELECT COUNT(*) FROM inbox";

#[tokio::test]
async fn handshake_echoes_the_challenge_only_for_our_token() {
    let app = TestApp::builder().spawn().await;
    let ok = app
        .http
        .get(app.url(&format!(
            "/webhook?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token={VERIFY_TOKEN}"
        )))
        .send()
        .await
        .expect("get");
    assert_eq!(ok.status(), 200);
    assert_eq!(ok.text().await.expect("body"), "1158201444");
    for q in [
        "hub.mode=subscribe&hub.challenge=1&hub.verify_token=wrong",
        "hub.mode=unsubscribe&hub.challenge=1&hub.verify_token=my-verify-token",
        "hub.challenge=1",
    ] {
        let r = app
            .http
            .get(app.url(&format!("/webhook?{q}")))
            .send()
            .await
            .expect("get");
        assert_eq!(r.status(), 403, "{q}");
    }
    app.stop().await;
}

#[tokio::test]
async fn forged_and_missing_signatures_are_refused_with_nothing_stored() {
    let app = TestApp::builder().spawn().await;
    let body = fixture("inbound_text.json");
    assert_eq!(app.post_unsigned(&body, None).await.status(), 401);
    let zero = format!("sha256={}", "0".repeat(64));
    assert_eq!(app.post_unsigned(&body, Some(&zero)).await.status(), 401);
    let other = maydanoz::whatsapp::signature::sign(b"someone-else", &body);
    assert_eq!(app.post_unsigned(&body, Some(&other)).await.status(), 401);
    // a signature over different bytes (re-serialized JSON) is refused too
    let reserialized =
        serde_json::to_vec(&serde_json::from_slice::<serde_json::Value>(&body).expect("json"))
            .expect("ser");
    let sig = maydanoz::whatsapp::signature::sign(helpers::APP_SECRET.as_bytes(), &reserialized);
    assert_eq!(app.post_unsigned(&body, Some(&sig)).await.status(), 401);
    assert_eq!(app.count(INBOX).await, 0);
    app.stop().await;
}

#[tokio::test]
async fn the_escaped_unicode_signature_vector_is_accepted() {
    let app = TestApp::builder().spawn().await;
    let body = fixture("signature_raw_body_escaped_unicode.json");
    let header = "sha256=7e52fa41bebea2c1dbd0a5b554a6c379a4400e316208afb13e338e24cb773507";
    assert_eq!(app.post_unsigned(&body, Some(header)).await.status(), 200);
    assert_eq!(app.count(INBOX).await, 1);
    app.stop().await;
}

#[tokio::test]
async fn malformed_and_oversized_bodies() {
    let app = TestApp::builder().spawn().await;
    assert_eq!(app.post_webhook(b"not json").await.status(), 400);
    assert_eq!(
        app.post_webhook(br#"{"object":"page","entry":[]}"#)
            .await
            .status(),
        400
    );
    let big = vec![b' '; 3 * 1024 * 1024 + 1];
    assert_eq!(app.post_webhook(&big).await.status(), 413);
    assert_eq!(app.count(INBOX).await, 0);
    app.stop().await;
}

async fn batch_with_two_customers_and_a_status(app: &TestApp) {
    let body = serde_json::json!({
        "object": "whatsapp_business_account",
        "entry": [
            {"id": "102000000000001", "changes": [{"field": "messages", "value": {
                "messaging_product": "whatsapp",
                "metadata": {"display_phone_number": "902125550100", "phone_number_id": helpers::PHONE_NUMBER_ID},
                "contacts": [{"profile": {"name": "Ayşe"}, "wa_id": "905551112233"}, {"profile": {"name": "Mehmet"}, "wa_id": "905554445566"}],
                "messages": [
                    {"from": "905551112233", "id": "wamid.A1", "timestamp": "1780000000", "type": "text", "text": {"body": "merhaba"}},
                    {"from": "905554445566", "id": "wamid.B1", "timestamp": "1780000001", "type": "text", "text": {"body": "menü"}}
                ],
                "statuses": [{"id": "wamid.OUT1", "status": "delivered", "timestamp": "1780000002", "recipient_id": "905551112233"}]
            }}]},
            {"id": "102000000000001", "changes": [{"field": "messages", "value": {
                "messaging_product": "whatsapp",
                "metadata": {"display_phone_number": "902125550100", "phone_number_id": helpers::PHONE_NUMBER_ID},
                "contacts": [{"profile": {"name": "Ayşe"}, "wa_id": "905551112233"}],
                "messages": [{"from": "905551112233", "id": "wamid.A2", "timestamp": "1780000003", "type": "text", "text": {"body": "sepet"}}]
            }}]}
        ]
    })
    .to_string();
    assert_eq!(app.post_webhook(body.as_bytes()).await.status(), 200);
    // stored before the 200: no waiting needed
    assert_eq!(app.count(INBOX).await, 3);
    assert_eq!(app.count("SELECT COUNT(*) FROM wa_statuses").await, 1);
    // a retried delivery is accepted and ignored
    assert_eq!(app.post_webhook(body.as_bytes()).await.status(), 200);
    assert_eq!(app.count(INBOX).await, 3);
    assert_eq!(app.count("SELECT COUNT(*) FROM wa_statuses").await, 1);
}

async fn a_batch_is_stored_whole_and_retries_are_no_ops(backend: Backend) {
    let app = TestApp::builder().backend(backend).spawn().await;
    batch_with_two_customers_and_a_status(&app).await;
    app.stop().await;
}

crate::on_both_backends!(app: a_batch_is_stored_whole_and_retries_are_no_ops);

#[tokio::test]
async fn every_fixture_is_accepted_and_stored_once() {
    let app = TestApp::builder().spawn().await;
    let files = [
        "inbound_text.json",
        "inbound_text_reply_with_context.json",
        "inbound_text_forwarded.json",
        "inbound_text_ctwa_referral.json",
        "inbound_interactive_button_reply.json",
        "inbound_interactive_list_reply.json",
        "inbound_interactive_nfm_reply.json",
        "inbound_button_template_quick_reply.json",
        "inbound_location.json",
        "inbound_image.json",
        "inbound_order.json",
        "inbound_reaction.json",
        "inbound_request_welcome.json",
        "status_sent_v23_with_conversation.json",
        "status_sent_v24.json",
        "status_delivered.json",
        "status_read.json",
        "status_failed_131047.json",
        "status_failed_131026.json",
        "status_sent_with_biz_opaque_callback_data.json",
    ];
    for f in files {
        for _ in 0..2 {
            let r = app.post_webhook(&fixture(f)).await;
            assert_eq!(r.status(), 200, "{f}");
        }
    }
    assert_eq!(app.count(INBOX).await, 13);
    assert!(app.count("SELECT COUNT(*) FROM wa_statuses").await >= 6);
    app.stop().await;
}

#[tokio::test]
async fn concurrent_deliveries_share_commits_and_all_land() {
    let app = std::sync::Arc::new(TestApp::builder().spawn().await);
    let mut tasks = Vec::new();
    for i in 0..200 {
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            let body = text_delivery(
                &format!("90555{i:07}"),
                "Müşteri",
                &format!("wamid.C{i}"),
                "merhaba",
                1_780_000_000,
            );
            app.post_webhook(&body).await.status().as_u16()
        }));
    }
    for t in tasks {
        assert_eq!(t.await.expect("task"), 200);
    }
    assert_eq!(app.count(INBOX).await, 200);
    if let Ok(app) = std::sync::Arc::try_unwrap(app) {
        app.stop().await;
    }
}

#[tokio::test]
async fn healthz_reports_the_database_and_backlogs() {
    let app = TestApp::builder().spawn().await;
    let r = app.http.get(app.url("/healthz")).send().await.expect("get");
    assert_eq!(r.status(), 200);
    let j: serde_json::Value = r.json().await.expect("json");
    assert_eq!(j["status"], "ok");
    assert_eq!(j["database"], "ok");
    assert!(j["outbox_backlog"].is_i64());
    app.stop().await;
}
