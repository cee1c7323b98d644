//! The kitchen display's footprint: the real binary in a real terminal (tmux)
//! with a board of open orders, its resident memory and its idle CPU.

use std::process::Command;
use std::time::Duration;

use super::stats::{TICKS_PER_SECOND, cpu_ticks, status_kb};
use crate::domain::Money;
use crate::domain::order::{Fulfilment, OrderItem};
use crate::store::orders::NewOrder;
use crate::store::{Db, customers, orders};

/// Top the board up to `k` open orders, run `serve` in tmux, and measure it.
pub async fn measure(
    db: &Db,
    db_url: &str,
    k: u32,
    graph: &str,
    secret: &str,
    token: &str,
    phone_id: &str,
) -> anyhow::Result<Vec<(String, String)>> {
    top_up(db, i64::from(k)).await?;
    let sock = format!("maydanoz-bench-{}", std::process::id());
    let exe = std::env::current_exe()?;
    let dir = tempfile::tempdir()?;
    let env = [
        format!("MAYDANOZ_WHATSAPP__APP_SECRET={secret}"),
        "MAYDANOZ_WHATSAPP__VERIFY_TOKEN=bench".into(),
        format!("MAYDANOZ_WHATSAPP__ACCESS_TOKEN={token}"),
        format!("MAYDANOZ_WHATSAPP__PHONE_NUMBER_ID={phone_id}"),
        format!("MAYDANOZ_WHATSAPP__API_BASE_URL={graph}"),
        format!(
            "MAYDANOZ_LOG__FILE={}",
            dir.path().join("kds.log").display()
        ),
        "MAYDANOZ_KDS__SOUND=false".into(),
    ];
    let mut cmd = Command::new("tmux");
    cmd.args([
        "-L",
        &sock,
        "-f",
        "/dev/null",
        "new-session",
        "-d",
        "-x",
        "160",
        "-y",
        "48",
    ]);
    for e in &env {
        cmd.args(["-e", e]);
    }
    cmd.arg(format!(
        "exec {} --database-url '{db_url}' serve --bind 127.0.0.1:0",
        exe.display()
    ));
    let started = cmd
        .status()
        .map_err(|e| anyhow::anyhow!("tmux is needed for this figure: {e}"))?;
    anyhow::ensure!(
        started.success(),
        "tmux could not start the kitchen display"
    );
    let result = sample(&sock, k).await;
    let _ = Command::new("tmux")
        .args(["-L", &sock, "kill-server"])
        .status();
    result
}

async fn sample(sock: &str, k: u32) -> anyhow::Result<Vec<(String, String)>> {
    // loading and drawing the board, then let it settle
    tokio::time::sleep(Duration::from_secs(5)).await;
    let pid = String::from_utf8(
        Command::new("tmux")
            .args(["-L", sock, "display", "-p", "#{pane_pid}"])
            .output()?
            .stdout,
    )?
    .trim()
    .to_string();
    let screen = String::from_utf8_lossy(
        &Command::new("tmux")
            .args(["-L", sock, "capture-pane", "-p"])
            .output()?
            .stdout,
    )
    .to_string();
    anyhow::ensure!(
        screen.contains("orders"),
        "the board did not come up: {screen}"
    );
    let t0 = cpu_ticks(&pid).ok_or_else(|| anyhow::anyhow!("no process {pid}"))?;
    let secs = 10;
    tokio::time::sleep(Duration::from_secs(secs)).await;
    let t1 = cpu_ticks(&pid).unwrap_or(t0);
    let rss = status_kb(&pid, "VmRSS").unwrap_or(0);
    let hwm = status_kb(&pid, "VmHWM").unwrap_or(0);
    #[allow(clippy::cast_precision_loss)]
    let cpu = (t1 - t0) as f64 / TICKS_PER_SECOND / secs as f64 * 100.0;
    #[allow(clippy::cast_precision_loss)]
    Ok(vec![
        (
            format!("kitchen display with {k} open orders (real binary in a 160×48 terminal)"),
            format!(
                "{:.1} MB resident (peak {:.1} MB)",
                rss as f64 / 1024.0,
                hwm as f64 / 1024.0
            ),
        ),
        (
            "idle kitchen display CPU".into(),
            format!("{cpu:.2} % of a core over {secs} s"),
        ),
    ])
}

/// Insert plain open orders until there are `k`.
async fn top_up(db: &Db, k: i64) -> anyhow::Result<()> {
    let open = orders::open(&mut db.read().await?.exec()).await?.len();
    let missing = k - i64::try_from(open).unwrap_or(k);
    if missing <= 0 {
        return Ok(());
    }
    let now = crate::clock::now();
    let mut tx = db.begin().await?;
    for i in 0..missing {
        let phone = crate::domain::CustomerId::parse(&format!("9058{i:08}"))?;
        customers::touch(&mut tx.exec(), &phone, Some("Masa"), now).await?;
        let items = vec![
            OrderItem {
                product_id: None,
                name: "Tavuk Dürüm".into(),
                quantity: 2,
                unit_price: Money::from_minor(12000),
                options: vec!["Acılı".into()],
                note: None,
                station: None,
                station_done_at: None,
            },
            OrderItem {
                product_id: None,
                name: "Ayran".into(),
                quantity: 1,
                unit_price: Money::from_minor(2500),
                options: vec![],
                note: None,
                station: None,
                station_done_at: None,
            },
        ];
        let o = NewOrder {
            customer_phone: phone.clone(),
            customer_name: Some(format!("Masa {i}")),
            fulfilment: if i % 2 == 0 {
                Fulfilment::Pickup
            } else {
                Fulfilment::Delivery
            },
            address: (i % 2 == 1).then(|| "Moda Cad. 12, Kadıköy".to_string()),
            note: None,
            items,
            subtotal: Money::from_minor(26500),
            discount: Money::from_minor(0),
            total: Money::from_minor(26500),
            coupon: None,
            lang: crate::domain::Lang::Tr,
            source_message_id: None,
            delivery_fee: crate::domain::Money::ZERO,
            payment: None,
            location: None,
            ahead: None,
            promise: None,
        };
        orders::insert(&mut tx.exec(), &o, now).await?;
    }
    tx.commit().await?;
    Ok(())
}
