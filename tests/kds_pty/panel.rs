//! The 86 panel: `8` opens it, the arrows and Enter take a product off, Esc
//! closes it; the store agrees, the bot stops offering the product, and the
//! panel shows it 86'd when opened again (and `8` closes it too).

use std::time::{Duration, Instant};

use maydanoz::domain::text::fold;
use maydanoz::sim::{Customer, find_tap, read};

use crate::ansi;
use crate::shop::{SOON, Shop};

const PRODUCT: &str = "Kola";

/// One product row of the panel.
#[derive(Debug)]
struct Row {
    name: String,
    off: bool,
    selected: bool,
}

/// The panel's product rows, in order ("  ok   Name" or " 86    Name" inside
/// the box; the selected one reversed).
fn rows(styled: &str) -> Vec<Row> {
    let lines = ansi::parse(styled);
    lines.iter().filter_map(|line| product_row(line)).collect()
}

fn product_row(line: &[ansi::Cell]) -> Option<Row> {
    let text = ansi::text(line);
    let inner = text.split('│').nth(1)?;
    let off = match inner.get(..5)? {
        "  ok " => false,
        " 86  " => true,
        _ => return None,
    };
    let name = inner.get(5..)?.trim().to_string();
    let col = text.chars().position(|c| c == '│')? + 1;
    let selected = line.get(col).is_some_and(|c| c.style.reverse);
    Some(Row {
        name,
        off,
        selected,
    })
}

/// Wait for the panel's rows to satisfy `cond`.
async fn panel_until(shop: &Shop, what: &str, cond: impl Fn(&[Row]) -> bool) -> Vec<Row> {
    let deadline = Instant::now() + SOON;
    loop {
        let r = rows(&shop.tmux.styled().await);
        if cond(&r) {
            return r;
        }
        let screen = shop.tmux.screen().await;
        assert!(
            Instant::now() < deadline,
            "waited for {what}; rows {r:?}:\n{screen}"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

fn row<'a>(rows: &'a [Row], name: &str) -> Option<&'a Row> {
    rows.iter().find(|r| r.name == name)
}

/// What a customer browsing the drinks is offered.
async fn drinks(mut c: Customer) -> Vec<String> {
    c.say("merhaba").await.expect("say");
    let menu = c
        .wait_for("Menü", |p| find_tap(p, "Menü"))
        .await
        .expect("the menu button");
    c.tap(&menu).await.expect("tap");
    let cat = c.wait_for("İçecekler", |p| find_tap(p, "İçecekler")).await;
    c.tap(&cat.expect("the drinks category"))
        .await
        .expect("tap");
    let list = c.wait_for("the drinks", |p| {
        let newest = p
            .iter()
            .rev()
            .map(|m| read(&m.body).1)
            .find(|t| !t.is_empty())?;
        newest
            .iter()
            .any(|t| fold(&t.title).contains("ayran"))
            .then_some(newest)
    });
    list.await
        .expect("the list of drinks")
        .into_iter()
        .map(|t| t.title)
        .collect()
}

/// `menu list --json`, run as another process, soon has `name` with `available`.
async fn store_agrees(shop: &Shop, name: &str, available: bool) {
    let deadline = Instant::now() + SOON;
    loop {
        let menu = shop.cli_json(&["menu", "list", "--json"]).await;
        let p = menu
            .as_array()
            .expect("array")
            .iter()
            .find(|p| p["name"] == name)
            .cloned();
        let now = p.unwrap_or_else(|| panic!("{name} not in {menu}"))["available"].as_bool();
        if now == Some(available) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the store has {name} available={now:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Open the panel with `8`, walk down to `name`, 86 it with Enter, close with Esc.
async fn eighty_six(shop: &Shop, name: &str) {
    shop.tmux.keys(&["8"]).await;
    let r = panel_until(shop, "the panel", |r| {
        row(r, name).is_some() && r.iter().any(|x| x.selected)
    })
    .await;
    let from = r.iter().position(|x| x.selected).expect("a selected row");
    let to = r.iter().position(|x| x.name == name).expect("the product");
    assert!(to > from, "{name} is below the first row: {r:?}");
    shop.tmux.keys(&vec!["Down"; to - from]).await;
    panel_until(shop, "the product selected", |r| {
        row(r, name).is_some_and(|x| x.selected)
    })
    .await;
    shop.tmux.keys(&["Enter"]).await;
    let r = panel_until(shop, "the product 86'd", |r| {
        row(r, name).is_some_and(|x| x.off)
    })
    .await;
    assert_eq!(
        r.iter().filter(|x| x.off).count(),
        1,
        "only {name} is 86'd: {r:?}"
    );
    shop.tmux.keys(&["Escape"]).await;
    let closed = |s: &str| !s.contains("Availability:") && s.contains("No open orders");
    shop.until(SOON, "Esc to close the panel", closed).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_86_panel_takes_a_product_off_the_menu() {
    let shop = Shop::open().await;
    let offered = drinks(shop.customer(shop.webhook_url(), "905551230004", "Önce")).await;
    assert!(
        offered.iter().any(|t| t.contains(PRODUCT)),
        "{PRODUCT} offered before: {offered:?}"
    );

    eighty_six(&shop, PRODUCT).await;
    store_agrees(&shop, PRODUCT, false).await;
    store_agrees(&shop, "Ayran", true).await;
    let offered = drinks(shop.customer(shop.webhook_url(), "905551230005", "Sonra")).await;
    assert!(
        !offered.iter().any(|t| t.contains(PRODUCT)),
        "{PRODUCT} still offered: {offered:?}"
    );

    shop.tmux.keys(&["8"]).await;
    let from_store = |r: &[Row]| row(r, PRODUCT).is_some_and(|x| x.off);
    panel_until(&shop, "the panel again, loaded from the store", from_store).await;
    shop.tmux.keys(&["8"]).await;
    shop.until(SOON, "8 to close the panel", |s| {
        !s.contains("Availability:")
    })
    .await;
}
