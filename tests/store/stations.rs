//! Stations: the menu file names them (a product's over its category's), an
//! order line copies its station at confirmation and keeps it, a station's
//! bump stamps lines (compare-and-set, all or nothing) without moving the
//! order or telling the customer, and "every station done" follows.

use maydanoz::domain::OrderNumber;
use maydanoz::domain::menu_file;
use maydanoz::domain::order::{Order, OrderItem, OrderStatus};
use maydanoz::domain::station;
use maydanoz::domain::time::At;
use maydanoz::events::{Bus, OrderEvent};
use maydanoz::service::stations::LineError;
use maydanoz::service::{self, ChangeError};
use maydanoz::store::{Db, counters, customers, menu, orders, outbox, stations};

const MENU: &str = r#"
[[category]]
name = "Dürümler"
station = "ızgara"

[[category.product]]
name = "Adana Dürüm"
price = "150"

[[category.product]]
name = "Tavuk Döner Dürüm"
price = "120"
station = "döner"

[[category]]
name = "İçecekler"
station = "içecek"

[[category.product]]
name = "Ayran"
price = "25"

[[category]]
name = "Tatlılar"

[[category.product]]
name = "Künefe"
price = "90"
"#;

async fn import(db: &Db, src: &str) {
    crate::common::fixtures::import_menu(db, src).await;
}

async fn product_id(db: &Db, name: &str) -> i64 {
    let m = menu::load(&mut db.read().await.expect("read").exec())
        .await
        .expect("menu");
    m.products
        .iter()
        .find(|p| p.name == name)
        .map(|p| p.id)
        .expect(name)
}

fn line(product_id: Option<i64>, name: &str) -> OrderItem {
    OrderItem {
        product_id,
        ..crate::common::item(name, 1, 1000)
    }
}

/// An order of Adana, Tavuk Döner, Ayran, Künefe and a line without a product.
async fn place(db: &Db) -> OrderNumber {
    let mut items = Vec::new();
    for name in ["Adana Dürüm", "Tavuk Döner Dürüm", "Ayran", "Künefe"] {
        items.push(line(Some(product_id(db, name).await), name));
    }
    items.push(line(None, "Peçete"));
    let o = crate::common::new_order("905551112233", items, 5000);
    let mut tx = db.begin().await.expect("begin");
    customers::touch(
        &mut tx.exec(),
        &crate::common::phone("905551112233"),
        Some("Ayşe"),
        maydanoz::domain::time::At::from_millis(1_000),
    )
    .await
    .expect("customer");
    let number = orders::insert(&mut tx.exec(), &o, At::from_millis(1_000))
        .await
        .expect("insert")
        .number;
    tx.commit().await.expect("commit");
    number
}

/// `service::stations::set_lines` in a transaction of its own: committed and its
/// event published on `bus` when it succeeds, rolled back when it fails.
async fn set_lines(
    db: &Db,
    bus: Option<&Bus>,
    number: OrderNumber,
    positions: &[usize],
    done: bool,
    now: i64,
) -> Result<Order, LineError> {
    let mut tx = db.begin().await?;
    let mut events = Vec::new();
    let o = service::stations::set_lines(
        &mut tx.exec(),
        number,
        positions,
        done,
        At::from_millis(now),
        &mut events,
    )
    .await?;
    tx.commit().await?;
    service::publish(bus, events);
    Ok(o)
}

async fn get(db: &Db, number: OrderNumber) -> Order {
    orders::by_number(&mut db.read().await.expect("read").exec(), number)
        .await
        .expect("read order")
        .expect("order exists")
        .0
}

async fn seq_and_backlog(db: &Db) -> (i64, i64) {
    let mut c = db.read().await.expect("read");
    (
        counters::change_seq(&mut c.exec()).await.expect("seq"),
        outbox::backlog(&mut c.exec()).await.expect("backlog"),
    )
}

async fn the_menu_names_stations_and_export_keeps_them(db: &Db) {
    import(db, MENU).await;
    let mut c = db.read().await.expect("read");
    assert_eq!(
        stations::known(&mut c.exec()).await.expect("known"),
        vec!["döner", "içecek", "ızgara"]
    );
    let m = menu::load(&mut c.exec()).await.expect("menu");
    let st = stations::of_menu(&mut c.exec()).await.expect("stations");
    drop(c);
    let exported = menu_file::export_with(&m, &st);
    assert!(exported.contains("station = \"ızgara\""), "{exported}");
    let again = menu_file::parse(&exported, "export").expect("the export parses");
    assert_eq!(again, menu_file::parse(MENU, "menu").expect("menu"));
    // a file without stations clears them
    import(db, &MENU.replace("station = ", "# station = ")).await;
    let known = stations::known(&mut db.read().await.expect("read").exec())
        .await
        .expect("known");
    assert!(known.is_empty(), "{known:?}");
}

async fn lines_copy_their_station_at_confirmation(db: &Db) {
    import(db, MENU).await;
    let n = place(db).await;
    // the menu changes afterwards: the order keeps what it was given
    import(db, &MENU.replace("\"ızgara\"", "\"mangal\"")).await;
    let o = get(db, n).await;
    let got: Vec<Option<&str>> = o.items.iter().map(|i| i.station.as_deref()).collect();
    assert_eq!(
        got,
        vec![Some("ızgara"), Some("döner"), Some("içecek"), None, None],
        "product over category; none without a station or a product"
    );
    assert!(o.items.iter().all(|i| i.station_done_at.is_none()));
    assert!(!station::all_done(&o));
}

async fn stations_bump_lines_until_every_station_is_done(db: &Db) {
    import(db, MENU).await;
    let n = place(db).await;
    let bus = Bus::new();
    let mut rx = bus.subscribe();
    let (seq0, backlog0) = seq_and_backlog(db).await;

    // the grill finishes its line: stamped, every screen told, nobody else
    let o = set_lines(db, Some(&bus), n, &[0], true, 5_000)
        .await
        .expect("grill");
    assert_eq!(
        o.items[0].station_done_at,
        Some(maydanoz::domain::time::At::from_millis(5_000))
    );
    assert_eq!(rx.try_recv().expect("bus"), OrderEvent::Reload);
    let (seq1, backlog1) = seq_and_backlog(db).await;
    assert!(seq1 > seq0, "other processes' screens follow");
    assert_eq!(backlog1, backlog0, "a station never tells the customer");
    let stored = get(db, n).await;
    assert_eq!(
        stored.items[0].station_done_at,
        Some(maydanoz::domain::time::At::from_millis(5_000))
    );
    assert_eq!(stored.status, OrderStatus::New, "nor moves the order");
    assert!(!station::all_done(&stored));

    // a second screen bumping the same line changes nothing (all or nothing)
    assert!(matches!(
        set_lines(db, None, n, &[1, 0], true, 6_000).await,
        Err(LineError::Raced { done: true, .. })
    ));
    assert_eq!(get(db, n).await.items[1].station_done_at, None);
    // lines without a station, or past the end, are not a station's to bump
    for bad in [3, 4, 9] {
        assert!(
            matches!(
                set_lines(db, None, n, &[bad], true, 6_000).await,
                Err(LineError::NoSuchLine { position, .. }) if position == bad
            ),
            "line {bad}"
        );
    }
    assert!(matches!(
        set_lines(db, None, 9_999.into(), &[0], true, 6_000).await,
        Err(LineError::UnknownOrder(n)) if n == 9_999
    ));

    // the döner and the drinks: every station done
    set_lines(db, None, n, &[1, 2], true, 7_000)
        .await
        .expect("the rest");
    let all = get(db, n).await;
    assert!(station::all_done(&all));
    assert_eq!(
        all.items[2].station_done_at,
        Some(maydanoz::domain::time::At::from_millis(7_000))
    );
    assert_eq!(all.status, OrderStatus::New);

    // a recall takes a line back
    set_lines(db, None, n, &[2], false, 8_000)
        .await
        .expect("recall");
    let back = get(db, n).await;
    assert_eq!(back.items[2].station_done_at, None);
    assert!(!station::all_done(&back));
    assert_eq!(station::waiting_for(&back), vec!["içecek"]);
    assert_eq!(seq_and_backlog(db).await.1, backlog0);
}

/// A caller can put a rush and a station's bump in one transaction of its own:
/// both happen together, or (when it drops the transaction after a failure)
/// neither does, and no event is published for what was rolled back.
async fn a_rush_and_a_station_bump_share_the_callers_transaction(db: &Db) {
    import(db, MENU).await;
    let n = place(db).await;
    let bus = Bus::new();
    let mut rx = bus.subscribe();

    // the second step fails: the first is rolled back with it
    let failed: Result<(), ChangeError> = async {
        let mut tx = db.begin().await?;
        let mut events = Vec::new();
        service::set_rush(&mut tx.exec(), n, true, &mut events).await?;
        service::stations::set_lines(
            &mut tx.exec(),
            n,
            &[0],
            true,
            At::from_millis(5_000),
            &mut events,
        )
        .await
        .expect("the grill's line");
        service::set_rush(&mut tx.exec(), 9_999.into(), true, &mut events).await?;
        tx.commit().await?;
        service::publish(Some(&bus), events);
        Ok(())
    }
    .await;
    assert!(matches!(failed, Err(ChangeError::UnknownOrder(m)) if m == 9_999));
    let o = get(db, n).await;
    assert!(!o.rush, "the rush was rolled back");
    assert_eq!(o.items[0].station_done_at, None, "and so was the bump");
    assert!(rx.try_recv().is_err(), "nothing announced");

    // both succeed: committed together, announced in order after the commit
    let mut tx = db.begin().await.expect("begin");
    let mut events = Vec::new();
    service::set_rush(&mut tx.exec(), n, true, &mut events)
        .await
        .expect("rush");
    service::stations::set_lines(
        &mut tx.exec(),
        n,
        &[0],
        true,
        At::from_millis(6_000),
        &mut events,
    )
    .await
    .expect("grill");
    assert!(!get(db, n).await.rush, "not visible before the commit");
    tx.commit().await.expect("commit");
    service::publish(Some(&bus), events);
    let o = get(db, n).await;
    assert!(o.rush);
    assert_eq!(
        o.items[0].station_done_at,
        Some(maydanoz::domain::time::At::from_millis(6_000))
    );
    assert_eq!(
        rx.try_recv().expect("rush event"),
        OrderEvent::Rush {
            number: n,
            rush: true
        }
    );
    assert_eq!(rx.try_recv().expect("lines event"), OrderEvent::Reload);
}

crate::on_both_backends!(
    the_menu_names_stations_and_export_keeps_them,
    lines_copy_their_station_at_confirmation,
    stations_bump_lines_until_every_station_is_done,
    a_rush_and_a_station_bump_share_the_callers_transaction,
);
