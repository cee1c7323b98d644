//! An order's life on the real board: it appears within a second of the
//! confirming webhook, Enter moves it to preparing (the customer is told, the
//! store agrees), a move made by another process reaches the board within a
//! second, and Enter / `r` / `c` + `y` hand it over, recall it and cancel it.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use maydanoz::domain::text::fold;
use maydanoz::sim::{Customer, Item, Plan};
use maydanoz::testing::FakeGraphControls as _;

use crate::proxy::{Proxy, tapped};
use crate::shop::{SOON, Shop};
use crate::tmux::Tmux;

/// The kitchen display's promise for both directions.
const WITHIN: Duration = Duration::from_secs(1);

pub fn ayran() -> Plan {
    Plan {
        items: vec![Item {
            category: "İçecekler".into(),
            product: "Ayran".into(),
            options: vec!["Küçük".into()],
            quantity: 1,
        }],
        coupon: None,
        delivery: None,
        note: None,
    }
}

/// Ticket numbers on a screen: "#12 " in a ticket's title.
pub fn ticket_numbers(screen: &str) -> Vec<i64> {
    screen
        .split('#')
        .skip(1)
        .filter_map(|rest| {
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            rest[digits.len()..]
                .starts_with(' ')
                .then(|| digits.parse().ok())
                .flatten()
        })
        .collect()
}

/// Poll the screen until a ticket shows up (or `within` passes); when each
/// number was first seen.
async fn watch(tmux: &Tmux, within: Duration) -> HashMap<i64, Instant> {
    let result = tmux
        .poll(within, |s| {
            let seen = ticket_numbers(s);
            (!seen.is_empty()).then_some(seen)
        })
        .await;
    match result {
        Ok((numbers, at)) => numbers.into_iter().map(|n| (n, at)).collect(),
        Err(_) => HashMap::new(),
    }
}

/// A text sent to `phone` that contains every one of `needles`.
async fn told(shop: &Shop, phone: &str, needles: &[&str]) -> Option<String> {
    let deadline = Instant::now() + SOON;
    loop {
        let found = shop
            .fake
            .received()
            .into_iter()
            .filter(|r| r.to == phone)
            .find_map(|r| {
                let t = r.body["text"]["body"].as_str()?.to_string();
                needles.iter().all(|n| t.contains(n)).then_some(t)
            });
        if found.is_some() || Instant::now() > deadline {
            return found;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn status_in_store(shop: &Shop, number: i64) -> String {
    let all = shop.cli_json(&["orders", "list", "--json"]).await;
    let order = all
        .as_array()
        .expect("array")
        .iter()
        .find(|o| o["number"] == number)
        .cloned();
    let order = order.unwrap_or_else(|| panic!("order #{number} not listed: {all}"));
    order["status"].as_str().unwrap_or_default().to_string()
}

/// `orders list --json`, run as another process, soon shows #`number` as `want`
/// (the display draws a change at once and writes it to the store right after).
async fn store_agrees(shop: &Shop, number: i64, want: &str) {
    let deadline = Instant::now() + SOON;
    loop {
        let status = status_in_store(shop, number).await;
        if status == want {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the store has #{number} {status}, not {want}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_order_appears_within_a_second_is_bumped_and_moved_from_outside() {
    let shop = Shop::open().await;
    let proxy = Proxy::start(shop.webhook_url()).await;
    let phone = "905551230001";
    let mut ayse = shop.customer(proxy.url.clone(), phone, "Ayşe Yılmaz");
    let n = appears_within_a_second(&shop, &proxy, &mut ayse).await;
    enter_starts_preparing(&shop, phone, n).await;
    a_move_from_outside_shows_within_a_second(&shop, n).await;
    hand_over_recall_and_cancel(&shop, phone, n).await;
}

/// 1. The order shows within a second of its confirming webhook's 200.
async fn appears_within_a_second(shop: &Shop, proxy: &Proxy, customer: &mut Customer) -> i64 {
    let plan = ayran();
    let (placed, seen) = tokio::join!(
        customer.order(&plan),
        watch(&shop.tmux, Duration::from_secs(40))
    );
    let n = placed.expect("the customer places an order").number.get();
    let Some(&on_screen) = seen.get(&n) else {
        panic!(
            "#{n} never appeared (saw {seen:?}):\n{}\n{}",
            shop.tmux.screen().await,
            shop.log_tail()
        )
    };
    let confirm = proxy
        .deliveries()
        .into_iter()
        .rev()
        .find(|d| tapped(d).is_some_and(|t| fold(&t).contains("onayla")));
    let confirm = confirm.expect("the confirming tap went through the proxy");
    assert_eq!(confirm.status, 200);
    let shown = on_screen.saturating_duration_since(confirm.answered);
    eprintln!(
        "order #{n} on screen {} ms after the confirming webhook's 200",
        shown.as_millis()
    );
    assert!(shown < WITHIN, "#{n} took {shown:?} to appear");
    n
}

/// 2. Enter moves it to preparing; the customer is told; the store agrees.
async fn enter_starts_preparing(shop: &Shop, phone: &str, n: i64) {
    shop.tmux.keys(&["Enter"]).await;
    let pressed = Instant::now();
    let preparing = |s: &str| s.contains("PREPARING") && ticket_numbers(s).contains(&n);
    let (_, at) = shop.until(SOON, "PREPARING on the ticket", preparing).await;
    eprintln!(
        "Enter → PREPARING on screen in {} ms",
        at.duration_since(pressed).as_millis()
    );
    let number = format!("#{n}");
    let text = told(shop, phone, &[&number, "hazırlanıyor"]).await;
    assert!(
        text.is_some(),
        "no 'hazırlanıyor' for {number}: {:?}",
        shop.fake.received()
    );
    store_agrees(shop, n, "preparing").await;
}

/// 3. A move by another process reaches the board within a second.
async fn a_move_from_outside_shows_within_a_second(shop: &Shop, n: i64) {
    let out = shop
        .cli(&["orders", "status", &n.to_string(), "ready"])
        .await;
    assert!(
        out.status.success(),
        "orders status: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let moved = Instant::now();
    let ready = |s: &str| s.contains("READY") && !s.contains("PREPARING");
    let (_, at) = shop.until(SOON, "READY on the ticket", ready).await;
    let took = at.duration_since(moved);
    eprintln!(
        "`orders status {n} ready` on screen {} ms after the command exited",
        took.as_millis()
    );
    assert!(took < WITHIN, "the ready move took {took:?} to show");
    store_agrees(shop, n, "ready").await;
}

/// 4. Enter hands it over, `r` brings it back, `c` + `y` cancels it (and the customer is told).
async fn hand_over_recall_and_cancel(shop: &Shop, phone: &str, n: i64) {
    let empty = |s: &str| s.contains("No open orders");
    shop.tmux.keys(&["Enter"]).await;
    shop.until(SOON, "the handed-over order to leave", empty)
        .await;
    store_agrees(shop, n, "delivered").await;
    shop.tmux.keys(&["r"]).await;
    let back = |s: &str| s.contains("READY") && ticket_numbers(s).contains(&n);
    shop.until(SOON, "the recalled order", back).await;
    store_agrees(shop, n, "ready").await;
    shop.tmux.keys(&["c"]).await;
    let question = format!("Cancel order #{n}?");
    shop.until(SOON, "the cancel question", |s| s.contains(&question))
        .await;
    shop.tmux.keys(&["y"]).await;
    shop.until(SOON, "the cancelled order to leave", empty)
        .await;
    store_agrees(shop, n, "cancelled").await;
    let number = format!("#{n}");
    let text = told(shop, phone, &[&number, "iptal edildi"]).await;
    assert!(
        text.is_some(),
        "no 'iptal edildi' for {number}: {:?}",
        shop.fake.received()
    );
}

#[test]
fn ticket_numbers_are_read_from_titles_only() {
    assert_eq!(ticket_numbers("┌▶1 #12 ───┐ ┌2 #3 ─┐"), vec![12, 3]);
    assert!(ticket_numbers("page 1/1, 0 orders  # x #a #9").is_empty());
}
