//! A station screen on a real terminal: `kds --connect URL --station
//! içecek` beside `serve`'s whole board. An ayran ordered over WhatsApp shows
//! on the drinks screen as one line to make; `i` finishes it there, the order
//! leaves the drinks screen and `serve`'s board shows "içecek ok" — the order
//! itself stays new, for the expo to bump. A station the menu does not name is
//! refused with one line listing the known ones (status 2).

use std::path::Path;

use crate::board::{ayran, ticket_numbers};
use crate::remote::{quote, token, until};
use crate::shop::{SOON, Shop};
use crate::tmux::Tmux;

const BIN: &str = env!("CARGO_BIN_EXE_maydanoz");

/// The sample menu with the dürüms on the grill and the drinks at their own station.
async fn stock_stations(shop: &Shop) {
    let sample = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/menu.sample.toml"))
        .expect("sample menu");
    let menu = sample
        .replacen(
            "name = \"Dürümler\"\n",
            "name = \"Dürümler\"\nstation = \"ızgara\"\n",
            1,
        )
        .replacen(
            "name = \"İçecekler\"\n",
            "name = \"İçecekler\"\nstation = \"içecek\"\n",
            1,
        );
    assert_ne!(menu, sample, "the sample menu has those categories");
    let file = shop.file("stations.toml");
    std::fs::write(&file, menu).expect("write menu");
    let out = shop
        .cli(&["menu", "import", &file.display().to_string()])
        .await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn station_pane(shop: &Shop, url: &str, token: &str, station: &str) -> Tmux {
    let log = shop.file("station.log");
    let script = shop.file("station.sh");
    let text = format!(
        "for v in $(env | sed -n 's/^\\(MAYDANOZ_[A-Za-z0-9_]*\\)=.*/\\1/p'); do unset \"$v\"; done\n\
         export MAYDANOZ_LOG__FILE={log}\nexport MAYDANOZ_KDS__SOUND=false\n\
         export MAYDANOZ_KDS_TOKEN={token}\n\
         {bin} kds --connect {url} --station {station}\necho \"EXITED $?\"\nexec sh\n",
        log = quote(&log.display().to_string()),
        bin = quote(BIN),
        url = quote(url),
        token = quote(token),
        station = quote(station),
    );
    std::fs::write(&script, text).expect("write station.sh");
    Tmux::start(Path::new(&script))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_drinks_screen_shows_and_finishes_only_its_lines() {
    let shop = Shop::open().await;
    stock_stations(&shop).await;
    let url = format!("http://127.0.0.1:{}", shop.port);
    let tok = token(&shop, "drinks").await;

    let out = tokio::process::Command::new(BIN)
        .args(["kds", "--connect", &url, "--station", "fırın"])
        .env("MAYDANOZ_KDS_TOKEN", &tok)
        .output()
        .await
        .expect("run kds");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    assert!(
        err.contains("unknown station \"fırın\"; known stations: expo, içecek, ızgara"),
        "{err}"
    );

    let drinks = station_pane(&shop, &url, &tok, "İÇECEK");
    until(&drinks, SOON * 3, "the drinks' empty board", |s| {
        s.contains("No open orders") && s.contains(" içecek ")
    })
    .await;
    let mut c = shop.customer(shop.webhook_url(), "905551230088", "İçecek Müşteri");
    let n = c.order(&ayran()).await.expect("order placed").number;
    let on = move |s: &str| ticket_numbers(s).contains(&n.get());
    until(&shop.tmux, SOON, "the order on serve's board", |s| {
        on(s) && s.contains("içecek 0/1")
    })
    .await;
    until(
        &drinks,
        SOON,
        "the ayran to make on the drinks screen",
        |s| on(s) && s.contains("[ ] 1× Ayran"),
    )
    .await;

    drinks.keys(&["i"]).await;
    until(&drinks, SOON, "the order off the drinks screen", |s| {
        !on(s) && s.contains("No open orders")
    })
    .await;
    until(&shop.tmux, SOON, "içecek done on serve's board", |s| {
        on(s) && s.contains("içecek ok")
    })
    .await;
    let shown = shop.tmux.screen().await;
    assert!(
        shown.contains("NEW"),
        "the order waits for the expo:\n{shown}"
    );
}
