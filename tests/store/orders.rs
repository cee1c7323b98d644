use maydanoz::domain::order::{Fulfilment, OrderItem, OrderStatus};
use maydanoz::domain::pin::Pin;
use maydanoz::domain::time::{At, Span};
use maydanoz::domain::{Money, OrderNumber};
use maydanoz::service::{self, ChangeError};
use maydanoz::store::orders::NewOrder;
use maydanoz::store::{Db, StoreError, counters, customers, orders, outbox, pause};
use maydanoz::testing::{load_sessions, saved_addresses};

pub fn new_order(phone: &str, subtotal: i64) -> NewOrder {
    NewOrder {
        customer_name: Some("Ayşe Yılmaz".into()),
        fulfilment: Fulfilment::Delivery,
        address: Some("Moda Cd. 12, Kadıköy".into()),
        note: Some("zile basmayın".into()),
        ..crate::common::new_order(
            phone,
            vec![
                OrderItem {
                    options: vec!["Acılı".into(), "Soğansız".into()],
                    ..crate::common::item("Tavuk Dürüm", 2, subtotal / 4)
                },
                crate::common::item("Ayran", 1, subtotal - 2 * (subtotal / 4)),
            ],
            subtotal,
        )
    }
}

pub async fn place(
    db: &Db,
    phone: &str,
    now: i64,
    source: Option<&str>,
) -> Result<OrderNumber, StoreError> {
    let mut tx = db.begin().await?;
    customers::touch(
        &mut tx.exec(),
        &crate::common::phone(phone),
        Some("Ayşe"),
        maydanoz::domain::time::At::from_millis(now),
    )
    .await?;
    let mut o = new_order(phone, 30000);
    o.source_message_id = source.map(str::to_string);
    let number = orders::insert(&mut tx.exec(), &o, At::from_millis(now))
        .await?
        .number;
    tx.commit().await?;
    Ok(number)
}

async fn orders_are_stored_whole_and_numbered(db: &Db) {
    let n1 = place(db, "905551112233", 1_000, None).await.expect("first");
    let n2 = place(db, "905554445566", 2_000, None)
        .await
        .expect("second");
    assert_eq!(n2.get(), n1.get() + 1, "numbers are short and consecutive");
    let (o, lang) = orders::by_number(&mut db.read().await.expect("read").exec(), n1)
        .await
        .expect("get")
        .expect("exists");
    assert_eq!(lang, maydanoz::domain::Lang::Tr);
    assert_eq!(o.items.len(), 2);
    assert_eq!(
        o.items[0].options,
        vec!["Acılı".to_string(), "Soğansız".to_string()]
    );
    assert_eq!(
        o.items.iter().map(OrderItem::line_total).sum::<Money>(),
        o.subtotal
    );
    assert_eq!(o.status, OrderStatus::New);
    let open = orders::open(&mut db.read().await.expect("read").exec())
        .await
        .expect("open");
    assert_eq!(
        open.iter().map(|o| o.number).collect::<Vec<_>>(),
        vec![n1, n2],
        "oldest first"
    );
    let mine = orders::open_for_customers(
        &mut db.read().await.expect("read").exec(),
        &[&crate::common::phone("905554445566")],
    )
    .await
    .expect("mine");
    assert_eq!(mine.len(), 1);
}

async fn one_message_makes_at_most_one_order(db: &Db) {
    place(db, "905551112233", 1_000, Some("wamid.X"))
        .await
        .expect("first");
    let e = place(db, "905551112233", 1_000, Some("wamid.X"))
        .await
        .expect_err("second");
    assert!(matches!(e, StoreError::Conflict(_)), "{e:?}");
    assert_eq!(
        orders::list(&mut db.read().await.expect("read").exec(), None, 10)
            .await
            .expect("list")
            .len(),
        1
    );
}

async fn status_changes_notify_the_customer_in_the_same_transaction(db: &Db) {
    let n = place(db, "905551112233", 1_000, None).await.expect("order");
    let seq = counters::change_seq(&mut db.read().await.expect("read").exec())
        .await
        .expect("seq");
    let o = service::change_status(db, None, n, OrderStatus::Preparing, At::from_millis(61_000))
        .await
        .expect("bump");
    assert_eq!(
        o.status_times.preparing_at,
        Some(maydanoz::domain::time::At::from_millis(61_000))
    );
    let q = outbox::pending_after(&mut db.read().await.expect("read").exec(), 0, 10)
        .await
        .expect("outbox");
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].recipient, "905551112233");
    assert!(q[0].body.contains(&n.to_string()), "{}", q[0].body);
    assert!(
        counters::change_seq(&mut db.read().await.expect("read").exec())
            .await
            .expect("seq")
            > seq
    );
    // a recall (undo) moves it back without telling the customer again
    service::change_status(db, None, n, OrderStatus::New, At::from_millis(62_000))
        .await
        .expect("recall");
    assert_eq!(
        outbox::pending_after(&mut db.read().await.expect("read").exec(), 0, 10)
            .await
            .expect("outbox")
            .len(),
        1
    );
    // refused transitions change nothing
    assert!(matches!(
        service::change_status(db, None, n, OrderStatus::New, At::from_millis(63_000)).await,
        Err(ChangeError::Transition { .. })
    ));
    assert!(matches!(
        service::change_status(
            db,
            None,
            OrderNumber::new(99_999),
            OrderStatus::Ready,
            At::from_millis(63_000)
        )
        .await,
        Err(ChangeError::UnknownOrder(_))
    ));
    service::change_status(db, None, n, OrderStatus::Ready, At::from_millis(121_000))
        .await
        .expect("ready");
    let (o, _) = orders::by_number(&mut db.read().await.expect("read").exec(), n)
        .await
        .expect("get")
        .expect("exists");
    assert_eq!(o.status, OrderStatus::Ready);
    let avg = orders::avg_prep(
        &mut db.read().await.expect("read").exec(),
        At::from_millis(0),
    )
    .await
    .expect("avg");
    assert_eq!(avg, Some(Span::minutes(2)));
    service::change_status(
        db,
        None,
        n,
        OrderStatus::Cancelled,
        At::from_millis(130_000),
    )
    .await
    .expect("cancel");
    assert!(matches!(
        service::change_status(db, None, n, OrderStatus::Ready, At::from_millis(131_000)).await,
        Err(ChangeError::Transition { .. })
    ));
    assert!(
        orders::open(&mut db.read().await.expect("read").exec())
            .await
            .expect("open")
            .is_empty()
    );
}

async fn compare_and_set_stops_a_double_bump(db: &Db) {
    let n = place(db, "905551112233", 1_000, None).await.expect("order");
    let (o, _) = orders::by_number(&mut db.read().await.expect("read").exec(), n)
        .await
        .expect("get")
        .expect("exists");
    let mut tx = db.begin().await.expect("begin");
    assert!(
        orders::set_status(
            &mut tx.exec(),
            o.id,
            OrderStatus::New,
            OrderStatus::Preparing,
            At::from_millis(2)
        )
        .await
        .expect("first")
    );
    assert!(
        !orders::set_status(
            &mut tx.exec(),
            o.id,
            OrderStatus::New,
            OrderStatus::Preparing,
            At::from_millis(3)
        )
        .await
        .expect("second")
    );
    tx.commit().await.expect("commit");
}

async fn customers_addresses_and_sessions(db: &Db) {
    let mut tx = db.begin().await.expect("begin");
    let x = &mut tx.exec();
    customers::touch(
        x,
        &crate::common::phone("905551112233"),
        Some("Ayşe"),
        maydanoz::domain::time::At::from_millis(1),
    )
    .await
    .expect("touch");
    customers::touch(
        x,
        &crate::common::phone("905551112233"),
        None,
        maydanoz::domain::time::At::from_millis(2),
    )
    .await
    .expect("touch keeps name");
    customers::set_lang(x, &crate::common::phone("905551112233"), "en")
        .await
        .expect("lang");
    customers::save_address(
        x,
        &crate::common::phone("905551112233"),
        "Moda Cd. 12",
        None,
        At::from_millis(3),
    )
    .await
    .expect("addr");
    customers::save_address(
        x,
        &crate::common::phone("905551112233"),
        "Bahariye 5",
        Pin::from_e7(409_876_540, 290_265_430).ok(),
        At::from_millis(4),
    )
    .await
    .expect("addr");
    customers::save_address(
        x,
        &crate::common::phone("905551112233"),
        "Moda Cd. 12",
        None,
        At::from_millis(5),
    )
    .await
    .expect("addr again");
    customers::save_sessions(
        x,
        &[(
            &crate::common::phone("905551112233"),
            "{\"step\":\"cart\"}".into(),
        )],
        At::from_millis(6),
    )
    .await
    .expect("session");
    customers::save_sessions(
        x,
        &[(
            &crate::common::phone("905551112233"),
            "{\"step\":\"menu\"}".into(),
        )],
        At::from_millis(7),
    )
    .await
    .expect("session");
    tx.commit().await.expect("commit");
    let mut c = db.read().await.expect("read");
    let cust = customers::get(&mut c.exec(), &crate::common::phone("905551112233"))
        .await
        .expect("get")
        .expect("exists");
    assert_eq!(
        (
            cust.name.as_deref(),
            cust.lang.as_deref(),
            cust.last_seen_at
        ),
        (Some("Ayşe"), Some("en"), At::from_millis(2))
    );
    assert_eq!(
        saved_addresses(&mut c.exec(), &crate::common::phone("905551112233"), 3)
            .await
            .expect("addrs"),
        vec!["Moda Cd. 12", "Bahariye 5"]
    );
    let sessions = load_sessions(
        &mut c.exec(),
        &[
            &crate::common::phone("905551112233"),
            &crate::common::phone("900"),
        ],
    )
    .await
    .expect("sessions");
    assert_eq!(
        sessions.len(),
        1,
        "no session for a customer who never wrote"
    );
    assert_eq!(
        sessions.get("905551112233").map(String::as_str),
        Some("{\"step\":\"menu\"}")
    );
}

async fn the_pause_switch(db: &Db) {
    let mut tx = db.begin().await.expect("begin");
    assert_eq!(pause::get(&mut tx.exec()).await.expect("get"), None);
    let p = maydanoz::domain::hours::Pause {
        until: Some(maydanoz::domain::time::At::from_millis(5)),
        reason: Some("Ocak bakımda".into()),
    };
    pause::set(&mut tx.exec(), Some(&p)).await.expect("set");
    pause::set(&mut tx.exec(), Some(&p))
        .await
        .expect("set again");
    assert_eq!(pause::get(&mut tx.exec()).await.expect("get"), Some(p));
    pause::set(&mut tx.exec(), None).await.expect("clear");
    assert_eq!(pause::get(&mut tx.exec()).await.expect("get"), None);
    tx.commit().await.expect("commit");
}

crate::on_both_backends!(
    orders_are_stored_whole_and_numbered,
    one_message_makes_at_most_one_order,
    status_changes_notify_the_customer_in_the_same_transaction,
    compare_and_set_stops_a_double_bump,
    customers_addresses_and_sessions,
    the_pause_switch,
);
