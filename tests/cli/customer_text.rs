//! Customer text with terminal escape sequences (stored before senders were
//! checked, or by another tool) never reaches the orders commands' stdout raw, a stored
//! customer key that is not a WhatsApp id is refused by name (quoted, never raw), and the
//! files that hold customer data are created for their owner only.

use maydanoz::domain::order::{Fulfilment, OrderItem};
use maydanoz::domain::time::At;
use maydanoz::store::{Db, customers, orders};

use crate::admin::Cli;
use crate::common::app::Backend;

const PHONE: &str = "905551112233";
/// A customer key that sets the window title: what `orders show` once printed raw.
const BAD_KEY: &str = "9055\u{1b}]0;pwned\u{7}51112233";
const NAME: &str = "\u{1b}]0;owned\u{7}Ayşe\u{1b}[2J\u{1b}[H";
const NOTE: &str = "kapı \u{1b}[31mzili\u{1b}[0m bozuk";
const ADDRESS: &str = "Moda Cad. \u{9b}2J No: 5\nDaire 3";

async fn order_with_escapes(url: &str) -> i64 {
    let db = Db::connect(url).await.expect("open");
    let order = orders::NewOrder {
        customer_name: Some(NAME.into()),
        fulfilment: Fulfilment::Delivery,
        address: Some(ADDRESS.into()),
        note: Some(NOTE.into()),
        ..crate::common::new_order(
            PHONE,
            vec![OrderItem {
                options: vec!["\u{1b}[7mKüçük".into()],
                ..crate::common::item("\u{1b}[5mAyran", 2, 2500)
            }],
            5000,
        )
    };
    let mut tx = db.begin().await.expect("begin");
    customers::touch(
        &mut tx.exec(),
        &crate::common::phone(PHONE),
        Some(NAME),
        maydanoz::domain::time::At::from_millis(0),
    )
    .await
    .expect("customer");
    let n = orders::insert(&mut tx.exec(), &order, At::from_millis(1_780_000_000_000))
        .await
        .expect("order")
        .number;
    tx.commit().await.expect("commit");
    db.close().await;
    n.into()
}

fn assert_clean(what: &str, out: &str) {
    let raw: Vec<char> = out
        .chars()
        .filter(|c| c.is_control() && *c != '\n')
        .collect();
    assert!(
        raw.is_empty(),
        "{what} printed control characters {raw:?}:\n{out}"
    );
    assert!(
        !out.contains("pwned") && !out.contains("owned"),
        "{what}: {out}"
    );
}

fn escape_sequences_do_not_reach_stdout(cli: &Cli, number: i64) {
    let n = number.to_string();
    let show = cli.ok(&["orders", "show", &n]);
    assert_clean("orders show", &show);
    assert!(
        show.contains("Ayşe") && show.contains("kapı zili bozuk"),
        "{show}"
    );
    assert!(
        show.contains("Daire 3") && show.contains("Ayran (Küçük)"),
        "{show}"
    );
    let list = cli.ok(&["orders", "list"]);
    assert_clean("orders list", &list);
    assert!(list.contains("Ayşe"), "{list}");
    let status = cli.ok(&["orders", "status", &n, "preparing"]);
    assert_clean("orders status", &status);
    assert!(status.contains("905551112233"), "{status}");
    // JSON keeps the data, escaped by the encoder (no raw ESC byte on the terminal)
    let json = cli.ok(&["orders", "show", &n, "--json"]);
    assert!(
        !json.contains('\u{1b}') && json.contains("\\u001b"),
        "{json}"
    );
}

async fn escape_sequences_in_customer_text_do_not_reach_cli_stdout(backend: Backend) {
    let t = backend.db().await;
    let url = t.url.clone();
    let n = order_with_escapes(&url).await;
    let cli_url = url.clone();
    tokio::task::spawn_blocking(move || {
        escape_sequences_do_not_reach_stdout(&Cli::new(&cli_url), n)
    })
    .await
    .expect("scenario");
    // another tool wrote a key that is neither a phone number nor a user id
    let db = Db::connect(&url).await.expect("open");
    let mut tx = db.begin().await.expect("begin");
    tx.exec()
        .execute(
            "INSERT INTO customers (phone, created_at, last_seen_at) VALUES ($1, 0, 0)",
            maydanoz::args![BAD_KEY],
        )
        .await
        .expect("bad customer");
    tx.exec()
        .execute(
            "UPDATE orders SET customer_phone = $1 WHERE number = $2",
            maydanoz::args![BAD_KEY, n],
        )
        .await
        .expect("bad key");
    tx.commit().await.expect("commit");
    db.close().await;
    let o = tokio::task::spawn_blocking(move || {
        Cli::new(&url).run(&["orders", "show", &n.to_string()])
    })
    .await
    .expect("show");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success(), "a bad key is refused: {err}");
    assert!(err.contains("is not a WhatsApp number"), "{err}");
    assert_clean(
        "orders show of a bad key",
        &String::from_utf8_lossy(&o.stdout),
    );
    assert!(!err.contains('\u{1b}'), "quoted, not raw: {err}");
    t.cleanup().await;
}

crate::on_both_backends!(app: escape_sequences_in_customer_text_do_not_reach_cli_stdout);

/// The database, its WAL and shared-memory files, and the log hold phone numbers and
/// addresses: created 0600 whatever the umask lets through (022 here: 0644 before the fix).
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_database_its_wal_and_the_log_are_created_for_the_owner_only() {
    use std::os::unix::fs::PermissionsExt as _;
    let mode = |p: &std::path::Path| {
        std::fs::metadata(p)
            .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
            .permissions()
            .mode()
            & 0o777
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let db_path = dir.path().join("shop.db");
    // the binary creates it (an admin command) ...
    Cli::new(&format!("sqlite://{}", db_path.display())).ok(&["menu", "list"]);
    assert_eq!(mode(&db_path), 0o600, "database made by the CLI");
    // ... and the server's store, with its WAL and shared memory open
    let other = dir.path().join("serve.db");
    let db = Db::connect(&format!("sqlite://{}", other.display()))
        .await
        .expect("open");
    let mut tx = db.begin().await.expect("begin");
    customers::touch(
        &mut tx.exec(),
        &crate::common::phone("905551112233"),
        None,
        maydanoz::domain::time::At::from_millis(0),
    )
    .await
    .expect("write");
    tx.commit().await.expect("commit");
    for suffix in ["", "-wal", "-shm"] {
        let p = dir.path().join(format!("serve.db{suffix}"));
        assert_eq!(mode(&p), 0o600, "{}", p.display());
    }
    db.close().await;
    let log = dir.path().join("logs").join("maydanoz.log");
    let guard = maydanoz::testing::logging_init("info", Some(&log)).expect("log");
    drop(guard);
    assert_eq!(mode(&log), 0o600, "log file");
}
