//! "Needs a person" on the real boards: a customer writes "canlı destek"; the
//! header of `serve`'s board and of a remote board (`kds --connect`) shows the
//! alert; `w` on the remote opens the waiting customer with their message, `d`
//! hands them back, and the alert leaves both boards.

use std::time::{Duration, Instant};

use crate::remote::{remote_pane, token, until};
use crate::shop::{SOON, Shop};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_alert_reaches_both_boards_and_the_remote_hands_back() {
    let shop = Shop::open().await;
    let url = format!("http://127.0.0.1:{}", shop.port);
    let tok = token(&shop, "counter").await;
    let remote = remote_pane(&shop, &url, &tok);
    until(
        &remote,
        Duration::from_secs(15),
        "the remote's board",
        |s| s.contains("No open orders"),
    )
    .await;
    let mut c = shop.customer(shop.webhook_url(), "905551230088", "Destek İsteyen");
    let t0 = Instant::now();
    c.say("canlı destek lütfen").await.expect("said");
    let alert = |s: &str| s.contains("NEEDS A PERSON 1");
    let local = until(&shop.tmux, SOON, "the alert on serve's board", alert).await;
    let far = until(&remote, SOON, "the alert on the remote board", alert).await;
    eprintln!(
        "» needs-a-person alert: serve's board after {:?}, the remote board after {:?}",
        local.duration_since(t0),
        far.duration_since(t0)
    );
    remote.keys(&["w"]).await;
    until(&remote, SOON, "the waiting panel", |s| {
        s.contains("905551230088") && s.contains("canlı destek lütfen")
    })
    .await;
    remote.keys(&["d"]).await;
    let gone = |s: &str| !s.contains("NEEDS A PERSON");
    until(&remote, SOON, "the alert gone from the remote", gone).await;
    until(
        &shop.tmux,
        Duration::from_secs(10),
        "the alert gone from serve's board",
        gone,
    )
    .await;
}
