//! A customer cannot reach the kitchen's terminal: escape sequences in the
//! WhatsApp profile name and in the order note are shown as plain text. Once
//! through the whole system, and once stored raw behind the bot's back, so the
//! display's own cleaning is tested in a real terminal too.

use maydanoz::domain::OrderNumber;
use maydanoz::domain::order::OrderItem;
use maydanoz::domain::time::At;
use maydanoz::sim::Plan;
use maydanoz::store::{Db, customers, orders};

use crate::ansi;
use crate::board::{ayran, ticket_numbers};
use crate::shop::{SOON, Shop};

/// Clear the screen, set the window title, turn the text red.
const NAME: &str = "\u{1b}[2J\u{1b}]0;pwned\u{7}\u{1b}[31mAli";
/// Blink.
const NOTE: &str = "\u{1b}[5mZil çalışmıyor";

/// The trimmed texts between a line's box borders.
fn boxed(screen: &str) -> Vec<String> {
    screen
        .lines()
        .flat_map(|l| l.split(['│', '┃']).skip(1).map(|p| p.trim().to_string()))
        .collect()
}

/// Ticket `n` is on the screen with the name and note as plain text, and the
/// terminal shows no sign of the sequences.
async fn assert_harmless(shop: &Shop, title: &str, n: OrderNumber) {
    let (screen, _) = shop
        .until(SOON, "the ticket with the note", |s| {
            ticket_numbers(s).contains(&n.get()) && s.contains("Zil")
        })
        .await;
    assert_eq!(
        shop.tmux.format("#{pane_title}").await,
        title,
        "the window title is unchanged"
    );
    let lines: Vec<&str> = screen.lines().collect();
    assert!(
        lines.first().is_some_and(|l| l.contains("Maydanoz Döner")),
        "the header survives (no clear):\n{screen}"
    );
    assert!(
        lines.iter().any(|l| l.contains("page 1/1")),
        "the footer survives (no clear):\n{screen}"
    );
    let texts = boxed(&screen);
    assert!(
        texts.iter().any(|t| t == "Ali"),
        "the name is shown as plain 'Ali':\n{screen}"
    );
    assert!(
        texts.iter().any(|t| t == "NOTE: Zil çalışmıyor"),
        "the note is shown plain:\n{screen}"
    );
    for leftover in ["pwned", "[2J", "[31m", "[5m", "]0;"] {
        assert!(
            !screen.contains(leftover),
            "'{leftover}' reached the screen:\n{screen}"
        );
    }

    assert_no_customer_style(shop).await;
}

/// The raw capture: the name is neither red nor blinking, and nothing on the
/// board is (the display draws red text only for late tickets and the cancel
/// popup, neither of which is on the screen here).
async fn assert_no_customer_style(shop: &Shop) {
    let cells = ansi::parse(&shop.tmux.styled().await);
    let name = ansi::find(&cells, "Ali").expect("the name on the styled screen");
    assert!(
        name.iter().all(|c| !c.style.is_red() && !c.style.blink),
        "the name is not red: {name:?}"
    );
    let blinking: String = cells
        .iter()
        .flatten()
        .filter(|c| c.style.blink)
        .map(|c| c.ch)
        .collect();
    assert!(blinking.is_empty(), "nothing blinks, yet: {blinking:?}");
    let red: String = cells
        .iter()
        .flatten()
        .filter(|c| c.style.is_red())
        .map(|c| c.ch)
        .collect();
    assert!(
        red.is_empty(),
        "nothing on a fresh board is red, yet: {red:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn escape_sequences_from_a_customer_cannot_change_the_terminal() {
    let shop = Shop::open().await;
    let title = shop.tmux.format("#{pane_title}").await;
    let mut ali = shop.customer(shop.webhook_url(), "905551230002", NAME);
    let plan = Plan {
        note: Some(NOTE.into()),
        ..ayran()
    };
    let n = ali
        .order(&plan)
        .await
        .expect("the customer places an order")
        .number;
    assert_harmless(&shop, &title, n).await;
}

/// An order written straight into the store (an import, another tool, a bug
/// upstream) with the sequences intact: the display cleans it itself.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn escape_sequences_stored_raw_cannot_change_the_terminal() {
    let shop = Shop::open().await;
    let title = shop.tmux.format("#{pane_title}").await;
    let item = OrderItem {
        options: vec!["\u{1b}[5mKüçük".into()],
        ..crate::common::item("\u{1b}[31mAyran", 1, 2500)
    };
    let order = orders::NewOrder {
        customer_name: Some(NAME.into()),
        note: Some(NOTE.into()),
        ..crate::common::new_order("905551230003", vec![item], 2500)
    };
    let db = Db::connect(&shop.db_url())
        .await
        .expect("open the shop's database");
    let now = jiff::Timestamp::now().as_millisecond();
    let mut tx = db.begin().await.expect("begin");
    customers::touch(
        &mut tx.exec(),
        &order.customer_phone,
        Some(NAME),
        maydanoz::domain::time::At::from_millis(now),
    )
    .await
    .expect("customer");
    let n = orders::insert(&mut tx.exec(), &order, At::from_millis(now))
        .await
        .expect("insert")
        .number;
    tx.commit().await.expect("commit");
    db.close().await;
    assert_harmless(&shop, &title, n).await;
    let screen = shop.tmux.screen().await;
    assert!(
        screen.contains("1× Ayran") && screen.contains("+ Küçük"),
        "items are cleaned too:\n{screen}"
    );
}
