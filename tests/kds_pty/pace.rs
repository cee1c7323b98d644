//! The kitchen's pace on the real board in a pseudo-terminal: `b` turns busy
//! mode on and the header says "BUSY +10" (and the store agrees: the next
//! quote reads it), and a ticket past the time its customer was promised turns
//! red however young it is, beside one still within its promise.

use maydanoz::domain::time::At;
use maydanoz::store::{Db, customers, orders, pace};
use maydanoz::testing::mark_placed;

use crate::ansi;
use crate::shop::{SOON, Shop};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn b_turns_busy_mode_on_and_the_header_says_so() {
    let shop = Shop::open().await;
    shop.tmux.keys(&["b"]).await;
    shop.until(SOON, "BUSY +10 in the header", |s| s.contains("BUSY +10"))
        .await;
    shop.tmux.keys(&["b"]).await;
    shop.until(SOON, "BUSY +20 in the header", |s| s.contains("BUSY +20"))
        .await;
    // the store holds it: another process reads +20 (the header may show the
    // key before the board's write has committed, so read until it has)
    let db = Db::connect(&shop.db_url())
        .await
        .expect("open the database");
    let deadline = std::time::Instant::now() + SOON;
    let busy = loop {
        let now = jiff::Timestamp::now().as_millisecond();
        let busy = pace::busy(
            &mut db.read().await.expect("read").exec(),
            maydanoz::domain::time::At::from_millis(now),
        )
        .await
        .expect("busy")
        .map(|b| b.minutes);
        if busy == Some(20) || std::time::Instant::now() >= deadline {
            break busy;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    db.close().await;
    assert_eq!(busy, Some(20));
    shop.tmux.keys(&["b", "b"]).await;
    shop.until(SOON, "busy mode off", |s| !s.contains("BUSY"))
        .await;
}

/// The box corner nearest left of `#n ` on the styled screen.
fn corner_is_red(styled: &str, n: i64) -> Option<bool> {
    let lines = ansi::parse(styled);
    let head: Vec<char> = format!("#{n} ").chars().collect();
    for line in &lines {
        let chars: Vec<char> = line.iter().map(|c| c.ch).collect();
        let Some(at) = chars.windows(head.len()).position(|w| w == head.as_slice()) else {
            continue;
        };
        let corner = (0..at)
            .rev()
            .find(|&i| matches!(line[i].ch, '┌' | '┏' | '╭' | '┍' | '┎' | '╔'))?;
        return Some(line[corner].style.is_red());
    }
    None
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ticket_past_its_promise_turns_red() {
    let shop = Shop::open().await;
    let db = Db::connect(&shop.db_url())
        .await
        .expect("open the database");
    let now = jiff::Timestamp::now().as_millisecond();
    let mut tx = db.begin().await.expect("begin");
    let mut numbers = Vec::new();
    for (phone, promised) in [
        ("905551230011", now - 60_000),
        ("905551230012", now + 600_000),
    ] {
        let o = crate::common::new_order(phone, vec![crate::common::item("Ayran", 1, 2500)], 2500);
        customers::touch(
            &mut tx.exec(),
            &o.customer_phone,
            None,
            maydanoz::domain::time::At::from_millis(now),
        )
        .await
        .expect("customer");
        let (id, n) = orders::insert(&mut tx.exec(), &o, At::from_millis(now))
            .await
            .map(|o| (o.id, o.number))
            .expect("insert");
        mark_placed(&mut tx.exec(), id, At::from_millis(promised), None, false)
            .await
            .expect("promise");
        numbers.push(n.get());
    }
    tx.commit().await.expect("commit");
    db.close().await;
    let (late, kept) = (numbers[0], numbers[1]);
    shop.until(SOON, "both tickets", |s| {
        s.contains(&format!("#{late} ")) && s.contains(&format!("#{kept} "))
    })
    .await;
    let styled = shop.tmux.styled().await;
    assert_eq!(
        corner_is_red(&styled, late),
        Some(true),
        "#{late} is past its promise:\n{}",
        shop.tmux.screen().await
    );
    assert_eq!(
        corner_is_red(&styled, kept),
        Some(false),
        "#{kept} is a minute old and within its promise"
    );
}
