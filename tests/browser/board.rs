//! One kitchen tablet through a service: signed in by link, an order through
//! the signed webhook shows within a second and rings until a touch; bump,
//! recall, rush, 86 and a cancel-request answer from the page reach the store
//! and tell the customer exactly once; the server is killed and restarted
//! (offline banner, a bump made offline sent once, the same board after);
//! hostile customer text stays text; the token is revoked and the page signs
//! out. Screenshots for the README at 1280×800 and 800×1280.

use std::time::Duration;

use maydanoz::domain::order::{Fulfilment, OrderStatus};
use maydanoz::domain::pin::Pin;
use maydanoz::store::{cancel_requests, customers, kds_tokens, orders};
use maydanoz::testing::set_location;

use crate::common::TestDb;
use crate::driver::{self, Browser};
use crate::shop::{Shop, TOKEN};

const PHONE: &str = "905551112233";
const HOSTILE: &str = "<script>window.pwned=1</script><b>Bold</b>";

/// Straight to the store: an order for `phone` named `name` (optionally a
/// delivery with a pin); its number.
async fn insert(shop: &Shop, phone: &str, name: &str, delivery: bool) -> i64 {
    let mut o = crate::common::new_order(
        phone,
        vec![maydanoz::domain::order::OrderItem {
            options: vec!["Acılı".into()],
            note: Some("<img src=x onerror=\"window.pwned=2\">".into()),
            ..crate::common::item("Adana Dürüm", 1, 15_000)
        }],
        15_000,
    );
    o.customer_name = Some(name.into());
    if delivery {
        o.fulfilment = Fulfilment::Delivery;
        o.address = Some("Moda Cd. 12/3, Kadıköy".into());
    }
    let mut tx = shop.db.begin().await.expect("tx");
    customers::touch(
        &mut tx.exec(),
        &crate::common::phone(phone),
        Some(name),
        maydanoz::domain::time::At::from_millis(1),
    )
    .await
    .expect("customer");
    let (id, n) = orders::insert(&mut tx.exec(), &o, maydanoz::clock::now())
        .await
        .map(|o| (o.id, o.number))
        .expect("insert");
    if delivery {
        let pin = Pin::from_degrees(40.98765, 29.02468).expect("pin");
        set_location(&mut tx.exec(), id, pin).await.expect("pin");
    }
    maydanoz::store::counters::bump_change_seq(&mut tx.exec())
        .await
        .expect("seq");
    tx.commit().await.expect("commit");
    n.into()
}

async fn status(shop: &Shop, n: i64) -> OrderStatus {
    let mut c = shop.db.read().await.expect("read");
    let o = orders::by_number(&mut c.exec(), n.into())
        .await
        .expect("read")
        .expect("order");
    o.0.status
}

/// The store has order `n` at `want` within [`SOON`].
async fn store_has(shop: &Shop, n: i64, want: OrderStatus) {
    let reached = crate::common::app::eventually(SOON, || async {
        (status(shop, n).await == want).then_some(())
    })
    .await;
    if reached.is_none() {
        let now = status(shop, n).await;
        assert_eq!(now, want, "#{n} is {now:?}, not {want:?}");
    }
}

const SOON: Duration = Duration::from_secs(5);

fn ticket(n: i64) -> String {
    format!("document.querySelector('.ticket[data-number=\"{n}\"]')")
}

async fn select(b: &Browser, n: i64) {
    b.click(&format!(".ticket[data-number=\"{n}\"] .t-head"))
        .await;
    b.until(
        "selected",
        &format!("{}.classList.contains('selected')", ticket(n)),
        SOON,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tablet_through_a_service() {
    crate::common::require_postgres_if_asked();
    let Some(b) = driver::open(1280, 800).await else {
        return;
    };
    let mut shop = Shop::open(TestDb::sqlite().await, crate::common::fixtures::SAMPLE_MENU).await;

    // sign-in by link: the token leaves the address bar for the browser's storage
    b.c.goto(&shop.url(&format!("/board#token={TOKEN}")))
        .await
        .expect("open");
    b.until(
        "the start screen",
        "!document.getElementById('start').hidden",
        SOON,
    )
    .await;
    let url = b.c.current_url().await.expect("url");
    assert!(!url.as_str().contains(TOKEN), "token left in {url}");
    assert_eq!(
        b.js(
            "return localStorage.getItem('maydanoz.board.token');",
            vec![]
        )
        .await,
        serde_json::json!(TOKEN)
    );
    b.click("#start-btn").await;
    b.until("online", "document.body.dataset.state === 'online'", SOON)
        .await;

    // an order through the signed webhook shows within a second and rings
    let mut ayse = shop.customer(PHONE, "Ayşe Yılmaz");
    let plan = maydanoz::sim::Plan {
        coupon: None,
        ..maydanoz::sim::plan::standard(None)
    };
    let placed = ayse.order(&plan).await.expect("order placed");
    let n: i64 = placed.number.into();
    let took = b
        .until("the new ticket", &ticket(n), Duration::from_secs(1))
        .await;
    println!(
        "» the webhook's order on the page {} ms after the bot confirmed it",
        took.as_millis()
    );
    assert!(
        b.text(&format!(".ticket[data-number=\"{n}\"] .t-name"))
            .await
            .as_deref()
            == Some("Ayşe Yılmaz")
    );
    b.until(
        "the chime",
        "Number(document.body.dataset.chimes) >= 1",
        SOON,
    )
    .await;
    b.until(
        "the chime again",
        "Number(document.body.dataset.chimes) >= 2",
        SOON,
    )
    .await;
    b.click("#title").await; // a touch anywhere acknowledges
    let after_touch = b.chimes().await;
    // two repeat periods (a second each here) on the page's own clock: a beat on the same
    // timers as the repeat, so a busy page cannot fall behind the test's clock
    b.js(
        "window.beats = 0; setInterval(() => { window.beats += 1; }, 1000);",
        vec![],
    )
    .await;
    b.until("two chime periods on the page", "window.beats >= 3", SOON)
        .await;
    assert_eq!(
        b.chimes().await,
        after_touch,
        "the chime stops after a touch"
    );
    let mut texts = shop.texts_to(PHONE);

    // hostile customer text is text; a delivery shows its address and map link
    let evil = insert(&shop, "905550000001", HOSTILE, false).await;
    let far = insert(&shop, "905550000002", "Mehmet", true).await;
    b.until(
        "the other tickets",
        &format!("{} && {}", ticket(evil), ticket(far)),
        SOON,
    )
    .await;
    assert_eq!(
        b.text(&format!(".ticket[data-number=\"{evil}\"] .t-name"))
            .await
            .as_deref(),
        Some(HOSTILE)
    );
    assert_eq!(
        b.js(
            "return [typeof window.pwned, document.querySelectorAll('.ticket script, .ticket b, .ticket img').length];",
            vec![]
        )
        .await,
        serde_json::json!(["undefined", 0])
    );
    let map = b
        .js(
            &format!("return {}.querySelector('.t-addr a').href;", ticket(far)),
            vec![],
        )
        .await;
    assert!(
        map.as_str()
            .is_some_and(|h| h.contains("40.98765,29.02468")),
        "{map}"
    );

    // bump from the page: preparing, and the customer told once
    select(&b, n).await;
    b.viewport(1280, 800).await;
    b.screenshot("board-1280x800.png").await;
    b.click("#act-bump").await;
    b.until(
        "preparing",
        &format!("{}.dataset.status === 'preparing'", ticket(n)),
        SOON,
    )
    .await;
    store_has(&shop, n, OrderStatus::Preparing).await;
    texts += 1;
    shop.told(PHONE, texts).await;

    // recall: back to new; nobody is told of a step back
    b.click("#act-recall").await;
    b.until(
        "recalled",
        &format!("{}.dataset.status === 'new'", ticket(n)),
        SOON,
    )
    .await;
    store_has(&shop, n, OrderStatus::New).await;
    shop.told(PHONE, texts).await;

    // rush
    select(&b, n).await;
    b.click("#act-rush").await;
    b.until(
        "rush",
        &format!("{}.classList.contains('rush')", ticket(n)),
        SOON,
    )
    .await;
    shop.until_one("SELECT COUNT(*) FROM orders WHERE number = $1 AND rush", n)
        .await;

    // 86 the ayran from its panel
    b.click("#btn-86").await;
    b.until(
        "the 86 list",
        "document.querySelectorAll('#panel-list li[data-product]').length > 0",
        SOON,
    )
    .await;
    let ayran = b
        .js(
            "const li = [...document.querySelectorAll('#panel-list li')].find(l => l.textContent.startsWith('Ayran')); return li ? Number(li.dataset.product) : null;",
            vec![],
        )
        .await
        .as_i64()
        .expect("ayran in the 86 list");
    b.click(&format!("#panel-list li[data-product=\"{ayran}\"] button"))
        .await;
    b.until("86'd", &format!("document.querySelector('#panel-list li[data-product=\"{ayran}\"]').classList.contains('out')"), SOON)
        .await;
    shop.until_one(
        "SELECT COUNT(*) FROM products WHERE id = $1 AND NOT available",
        ayran,
    )
    .await;
    b.click("#panel-close").await;

    // a cancel request refused from the page: the mark goes, the customer told once
    select(&b, n).await;
    b.click("#act-bump").await;
    b.until(
        "preparing",
        &format!("{}.dataset.status === 'preparing'", ticket(n)),
        SOON,
    )
    .await;
    texts += 1;
    shop.told(PHONE, texts).await;
    {
        let id = shop
            .scalar("SELECT id FROM orders WHERE number = $1", n)
            .await;
        let mut tx = shop.db.begin().await.expect("tx");
        assert!(
            cancel_requests::request(&mut tx.exec(), id, maydanoz::clock::now())
                .await
                .expect("request")
        );
        tx.commit().await.expect("commit");
    }
    b.until(
        "the cancel mark",
        &format!("{}.querySelector('.cancel')", ticket(n)),
        SOON,
    )
    .await;
    select(&b, n).await;
    b.click("#act-refuse").await;
    b.click("#confirm-yes").await;
    b.until(
        "no cancel mark",
        &format!("!{}.querySelector('.cancel')", ticket(n)),
        SOON,
    )
    .await;
    shop.until_one(
        "SELECT COUNT(*) FROM orders WHERE number = $1 AND cancel_requested_at IS NULL AND status = 'preparing'",
        n,
    )
    .await;
    texts += 1;
    shop.told(PHONE, texts).await;

    // the server is killed: the banner says so and when the board was last fresh
    let before: serde_json::Value = b
        .js(
            "return [...document.querySelectorAll('.ticket')].map(t => t.dataset.number);",
            vec![],
        )
        .await;
    shop.kill();
    b.until("offline", "document.body.dataset.state === 'offline'", SOON)
        .await;
    let banner = b.text("#offline").await.unwrap_or_default();
    assert!(
        banner.contains("OFFLINE") && banner.contains("Last update"),
        "{banner}"
    );
    // a bump while offline waits in the queue…
    select(&b, n).await;
    b.click("#act-bump").await;
    b.until(
        "queued",
        "document.getElementById('queued').textContent.includes('1 waiting')",
        SOON,
    )
    .await;
    // the page tries to reconnect, and fails, a few times (each would send the queue)
    let tried: i64 = b
        .js("return S.attempt;", vec![])
        .await
        .as_i64()
        .unwrap_or(0);
    b.until(
        "a few failed reconnects",
        &format!("S.attempt >= {}", tried + 2),
        SOON,
    )
    .await;
    assert_eq!(status(&shop, n).await, OrderStatus::Preparing);
    // …and is sent once when the server is back; the same board as before
    shop.restart().await;
    b.until(
        "online again",
        "document.body.dataset.state === 'online'",
        Duration::from_secs(10),
    )
    .await;
    b.until(
        "sent",
        "document.getElementById('queued').textContent === ''",
        SOON,
    )
    .await;
    b.until(
        "ready",
        &format!("{}.dataset.status === 'ready'", ticket(n)),
        SOON,
    )
    .await;
    store_has(&shop, n, OrderStatus::Ready).await;
    texts += 1;
    shop.told(PHONE, texts).await;
    let after: serde_json::Value = b
        .js(
            "return [...document.querySelectorAll('.ticket')].map(t => t.dataset.number);",
            vec![],
        )
        .await;
    assert_eq!(before, after, "the same board after the restart");

    // portrait
    b.viewport(800, 1280).await;
    b.screenshot("board-800x1280.png").await;

    // the token is revoked: the page signs out and says why
    let mut tx = shop.db.begin().await.expect("tx");
    assert!(
        kds_tokens::revoke(&mut tx.exec(), "tablet")
            .await
            .expect("revoke")
    );
    tx.commit().await.expect("commit");
    b.until(
        "signed out",
        "document.body.dataset.state === 'signed-out'",
        Duration::from_secs(10),
    )
    .await;
    let msg = b.text("#signin-msg").await.unwrap_or_default();
    assert!(msg.contains("signed out"), "{msg}");
    assert_eq!(
        b.js(
            "return localStorage.getItem('maydanoz.board.token');",
            vec![]
        )
        .await,
        serde_json::Value::Null
    );
    b.close().await;
    shop.stop().await;
}
