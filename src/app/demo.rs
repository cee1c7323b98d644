//! `maydanoz demo`: the whole system on this machine without a Meta account.
//!
//! A fresh SQLite database of its own with the sample menu and a coupon, the
//! real server on 127.0.0.1 with a Graph API stand-in mounted at
//! `/fake-graph`, simulated customers who order through signed webhooks, and
//! the kitchen display with its chime. `maydanoz chat` joins as a customer.

use std::io::IsTerminal as _;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use tokio_util::sync::CancellationToken;

use crate::cli::DemoArgs;
use crate::config::Config;
use crate::events::{Bus, OrderEvent};
use crate::fakegraph::{FakeGraph, FakeGraphConfig};
use crate::kds::KdsSettings;
use crate::sim::{Customer, Feed, Wire, random_plan};
use crate::store::{Db, menu};

/// The demo's webhook secret; `maydanoz chat` signs with it too. Local only.
pub const DEMO_APP_SECRET: &str = "maydanoz-demo-app-secret";
pub const DEMO_PHONE_NUMBER_ID: &str = "106000000000001";
const DEMO_TOKEN: &str = "maydanoz-demo-access-token";
const NAMES: [&str; 12] = [
    "Ayşe Yılmaz",
    "Mehmet Öztürk",
    "Zeynep Kaya",
    "Emre Çelik",
    "Elif Şahin",
    "Burak Aydın",
    "Selin Doğan",
    "Can Arslan",
    "Gülşen Koç",
    "İbrahim Kurt",
    "Deniz Aksoy",
    "Oğuz Polat",
];

pub async fn run(base: Config, args: DemoArgs) -> anyhow::Result<()> {
    check_pace(args.pace)?;
    let tty = !args.headless && std::io::stdout().is_terminal() && std::io::stdin().is_terminal();
    let dir = tempfile::Builder::new()
        .prefix("maydanoz-demo-")
        .tempdir()
        .context("cannot make a temporary directory")?;
    let _log = log_to(&base, dir.path(), tty)?;
    let listener = bind(&args.bind).await?;
    let addr = listener.local_addr()?;
    let cfg = shop_config(&base, dir.path(), addr)?;
    let db = Db::connect(&cfg.database.url).await?;
    super::local::stock(&db, super::local::ten_percent("DEMO10", Some(100), Some(3))).await?;
    let (fake, extra) = stand_in(&cfg);
    let cfg = Arc::new(cfg);
    let shutdown = CancellationToken::new();
    let bus = Bus::new();
    let kds_rx = bus.subscribe();
    let log_rx = bus.subscribe();
    let running =
        super::serve::start_shop(listener, cfg.clone(), &db, &bus, Some(extra), &shutdown).await?;
    let wire = Wire::new(
        format!("http://{addr}/webhook"),
        DEMO_APP_SECRET.as_bytes().to_vec(),
        Feed::Local(fake.view()),
        DEMO_PHONE_NUMBER_ID.into(),
    );
    let menu = menu::load(&mut db.read().await?.exec()).await?;
    start_customers(&wire, &menu, &args, &shutdown);
    stop_after(args.seconds, shutdown.clone());
    if tty {
        let settings = KdsSettings::from_config(&cfg);
        let tz = cfg.restaurant.timezone.clone();
        super::serve::show_board(
            &running,
            &db,
            &bus,
            kds_rx,
            settings,
            (tz, false),
            &shutdown,
        )
        .await?;
    } else {
        drop(kds_rx);
        let currency = &cfg.restaurant.currency;
        headless(addr, args.customers, log_rx, currency, &shutdown).await;
    }
    let orders = crate::store::orders::list(&mut db.read().await?.exec(), None, 100_000)
        .await?
        .len();
    super::shutdown::stop_all(running).await;
    db.close().await;
    println!("demo ended: {orders} orders placed");
    Ok(())
}

/// The demo's log: on a terminal (the board owns the screen) at the configured level
/// into a file in `dir`; headless, the demo prints its own story and the log shows
/// only warnings from the machinery.
fn log_to(
    base: &Config,
    dir: &std::path::Path,
    tty: bool,
) -> anyhow::Result<Option<tracing_appender::non_blocking::WorkerGuard>> {
    let log_file = dir.join("maydanoz.log");
    let level = if tty { base.log.level.as_str() } else { "warn" };
    crate::logging::init(level, tty.then_some(log_file.as_path()))
}

/// `--pace` is a person's thinking time: 0 to 60 seconds.
fn check_pace(pace: f64) -> anyhow::Result<()> {
    if pace.is_finite() && (0.0..=60.0).contains(&pace) {
        Ok(())
    } else {
        Err(crate::admin::user(format!(
            "--pace must be between 0 and 60 seconds, got {pace}"
        )))
    }
}

/// Listen on `--bind`, saying what to try when the port is taken.
async fn bind(at: &str) -> anyhow::Result<tokio::net::TcpListener> {
    tokio::net::TcpListener::bind(at).await.with_context(|| {
        format!("cannot listen on {at} (is another demo running? try --bind 127.0.0.1:8090)")
    })
}

/// The demo shop's configuration: a SQLite file in `dir`, served at `addr`, with
/// the Graph API stand-in mounted on the same server.
fn shop_config(
    base: &Config,
    dir: &std::path::Path,
    addr: std::net::SocketAddr,
) -> anyhow::Result<Config> {
    let stand = super::local::Stand {
        app_secret: DEMO_APP_SECRET,
        access_token: DEMO_TOKEN,
        phone_number_id: DEMO_PHONE_NUMBER_ID,
        api_base_url: format!("http://{addr}/fake-graph"),
        pair_burst: 200,
    };
    let db_url = format!("sqlite://{}", dir.join("demo.db").display());
    let mut cfg = super::local::config(base, &db_url, &stand)?;
    cfg.server.bind = addr.to_string();
    Ok(cfg)
}

/// The Graph API stand-in and its routes, served by the shop's own server under
/// `/fake-graph`.
fn stand_in(cfg: &Config) -> (FakeGraph, axum::Router) {
    let fake = FakeGraph::new(FakeGraphConfig {
        access_token: DEMO_TOKEN.into(),
        phone_number_id: DEMO_PHONE_NUMBER_ID.into(),
        api_version: cfg.whatsapp.api_version.clone(),
        ..FakeGraphConfig::default()
    });
    let routes = axum::Router::new().nest("/fake-graph", fake.router());
    (fake, routes)
}

/// `--customers` simulated customers, each ordering on its own task until `shutdown`.
fn start_customers(
    wire: &Arc<Wire>,
    menu: &crate::domain::menu::Menu,
    args: &DemoArgs,
    shutdown: &CancellationToken,
) {
    for i in 0..args.customers {
        tokio::spawn(customer_loop(
            wire.clone(),
            menu.clone(),
            i,
            args.pace,
            args.orders,
            shutdown.clone(),
        ));
    }
}

/// Cancel `stop` on Ctrl-C, or after `seconds` when that is not zero.
fn stop_after(seconds: u64, stop: CancellationToken) {
    tokio::spawn(async move {
        let timer = async {
            if seconds > 0 {
                tokio::time::sleep(Duration::from_secs(seconds)).await;
            } else {
                std::future::pending::<()>().await;
            }
        };
        tokio::select! {
            () = super::shutdown::stop_signal() => {}
            () = timer => {}
        }
        stop.cancel();
    });
}

/// Headless: where to join, then one line per placed order until `shutdown`.
async fn headless(
    addr: std::net::SocketAddr,
    customers: u32,
    mut rx: tokio::sync::broadcast::Receiver<OrderEvent>,
    currency: &str,
    shutdown: &CancellationToken,
) {
    println!(
        "maydanoz demo: http://{addr}  ({customers} simulated customers; `maydanoz chat --url http://{addr}` to join)"
    );
    loop {
        tokio::select! {
            () = shutdown.cancelled() => break,
            e = rx.recv() => match e {
                Ok(OrderEvent::Placed(o)) => println!(
                    "order #{} from {} — {} items, {} ({})",
                    o.number,
                    crate::domain::text::clean(o.customer_name.as_deref().unwrap_or(&o.customer_phone)),
                    o.items.iter().map(|i| i.quantity).sum::<i64>(),
                    o.total.display(currency),
                    o.fulfilment.as_str()
                ),
                Ok(_) => {}
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {}
                Err(_) => break,
            },
        }
    }
}

/// One simulated customer ordering again and again at a person's pace.
async fn customer_loop(
    wire: Arc<Wire>,
    menu: crate::domain::menu::Menu,
    i: u32,
    pace: f64,
    orders: u32,
    stop: CancellationToken,
) {
    let mut rng = fastrand::Rng::with_seed(u64::from(i) * 7919 + 17);
    let name = NAMES[i as usize % NAMES.len()];
    let mut c = Customer::new(wire, format!("90555{:07}", 1_000_000 + i), name);
    c.think = secs(pace);
    // stagger the start so the first orders do not arrive together
    tokio::time::sleep(secs(pace.max(0.2) * f64::from(i) * 1.5)).await;
    let mut placed = 0;
    let mut first = true;
    while orders == 0 || placed < orders {
        let mut plan = random_plan(&menu, &mut rng, Some("DEMO10"));
        // most people write the order in one sentence; about one in four taps
        let by_taps = !first && rng.u8(..4) == 0;
        if first && i == 0 {
            // the first customer knows what they want: the board is not empty for long
            plan.coupon = None;
            plan.note = None;
            plan.delivery = None;
            c.think = secs(pace * 0.6);
        }
        first = false;
        let attempt = tokio::select! {
            () = stop.cancelled() => return,
            r = async {
                if by_taps { c.order_by_taps(&plan).await } else { c.order(&plan).await }
            } => r,
        };
        c.think = secs(pace);
        match attempt {
            Ok(p) => {
                placed += 1;
                tracing::info!(
                    number = p.number.get(),
                    customer = name,
                    "simulated customer placed an order"
                );
            }
            Err(e) => {
                tracing::warn!(customer = name, error = %e, "simulated customer gave up; starting over")
            }
        }
        let rest = secs((pace.max(0.1) * 10.0) * (0.5 + rng.f64()));
        tokio::select! {
            () = stop.cancelled() => return,
            () = tokio::time::sleep(rest) => {}
        }
    }
}

/// Seconds as a duration; nonsense (negative, NaN, huge) is zero.
fn secs(s: f64) -> Duration {
    Duration::try_from_secs_f64(s).unwrap_or_default()
}
