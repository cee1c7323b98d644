//! Touch on the terminal board: tmux types the SGR mouse reports a touch
//! screen's terminal sends. A tap selects the ticket under it, a second tap on
//! it within a second bumps it, and a tap on the footer's "bump" bumps the
//! selected ticket again; the store agrees each time. After `q`, the
//! terminal no longer reports the mouse.

use std::time::Duration;

use crate::board::{ayran, ticket_numbers};
use crate::shop::{SOON, Shop};

/// Row and column (0-based) of "#N " in a ticket's title on the screen.
fn find(screen: &str, needle: &str) -> Option<(u16, u16)> {
    screen.lines().enumerate().find_map(|(row, line)| {
        let byte = line.find(needle)?;
        let col = line[..byte].chars().count();
        Some((u16::try_from(row).ok()?, u16::try_from(col).ok()?))
    })
}

/// Press and release the left button at a 0-based cell (SGR reports are 1-based).
async fn tap(shop: &Shop, row: u16, col: u16) {
    let (x, y) = (col + 1, row + 1);
    let seq = format!("\x1b[<0;{x};{y}M\x1b[<0;{x};{y}m");
    shop.tmux.keys(&["-l", &seq]).await;
}

async fn status(shop: &Shop, n: i64) -> String {
    let all = shop.cli_json(&["orders", "list", "--json"]).await;
    all.as_array()
        .and_then(|a| a.iter().find(|o| o["number"] == n))
        .and_then(|o| o["status"].as_str())
        .unwrap_or_default()
        .to_string()
}

async fn store_has(shop: &Shop, n: i64, want: &str) {
    let deadline = std::time::Instant::now() + SOON;
    while status(shop, n).await != want {
        assert!(
            std::time::Instant::now() < deadline,
            "#{n} never {want} in the store"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tap_selects_a_second_tap_bumps_and_the_footer_word_bumps() {
    let shop = Shop::open().await;
    let mut first = shop.customer(shop.webhook_url(), "905551239998", "Ali");
    first.order(&ayran()).await.expect("order");
    let mut c = shop.customer(shop.webhook_url(), "905551239999", "Ayşe");
    let n = c.order(&ayran()).await.expect("order").number.get();
    let title = format!("#{n} ");
    let selected = |s: &str| {
        s.lines()
            .find(|l| l.contains(&title))
            .is_some_and(|l| l.contains('▶'))
    };
    let (screen, _) = shop
        .until(SOON, "the ticket", |s| ticket_numbers(s).contains(&n))
        .await;
    assert!(
        !selected(&screen),
        "the first ticket is selected, not #{n}:\n{screen}"
    );
    let (row, col) = find(&screen, &title).expect("the ticket's title");
    // one tap: selected (the ▶ mark moves to it), not bumped
    tap(&shop, row + 1, col).await;
    shop.until(SOON, "the selection mark on the tapped ticket", selected)
        .await;
    // a sleep on purpose: the double-tap window is the board process's wall clock, and the
    // next two taps must start a window of their own
    tokio::time::sleep(Duration::from_millis(1200)).await;
    assert_eq!(status(&shop, n).await, "new", "a single tap does not bump");
    // two taps within a second: bumped to preparing
    tap(&shop, row + 1, col).await;
    tap(&shop, row + 1, col).await;
    shop.until(SOON, "PREPARING", |s| s.contains("PREPARING"))
        .await;
    store_has(&shop, n, "preparing").await;
    // the footer's "bump": ready (wait for the "→ preparing" flash to leave the footer)
    let (screen, _) = shop
        .until(Duration::from_secs(12), "the key hints", |s| {
            s.lines().last().is_some_and(|l| l.contains("bump"))
        })
        .await;
    let last = screen.lines().count().saturating_sub(1);
    let footer = screen.lines().last().unwrap_or_default();
    let col = footer[..footer.find("bump").expect("bump")].chars().count();
    tap(
        &shop,
        u16::try_from(last).expect("row"),
        u16::try_from(col).expect("col"),
    )
    .await;
    shop.until(SOON, "READY", |s| s.contains("READY")).await;
    store_has(&shop, n, "ready").await;
    // the terminal reports the mouse only while the board runs
    assert_eq!(shop.tmux.format("#{mouse_any_flag}").await, "1");
    shop.tmux.keys(&["q"]).await;
    shop.until(SOON, "the quit question", |s| {
        s.contains("Quit the kitchen display?")
    })
    .await;
    shop.tmux.keys(&["y"]).await;
    shop.until(SOON, "serve's exit", |s| s.contains("EXITED "))
        .await;
    assert_eq!(
        shop.tmux.format("#{mouse_any_flag}").await,
        "0",
        "mouse reporting is off again after the board"
    );
}
