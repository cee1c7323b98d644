//! Releasing orders placed ahead is one transaction whose announcements wait for its
//! commit, on both backends: a release announces each order exactly as the store then
//! holds it, and a release whose commit fails leaves the orders held and announces
//! nothing (the commit is made to fail by a deferred foreign key that only the commit
//! checks).

use maydanoz::events::{Bus, OrderEvent};
use maydanoz::queue::ahead::release;
use maydanoz::store::{Backend, Db, ahead, orders};
use tokio::sync::broadcast::error::TryRecvError;

use super::ahead::{MIN, T, place_ahead};

async fn stored(db: &Db, number: maydanoz::domain::OrderNumber) -> maydanoz::domain::order::Order {
    orders::by_number(&mut db.read().await.expect("read").exec(), number)
        .await
        .expect("read")
        .expect("there")
        .0
}

async fn a_release_announces_each_order_as_stored(db: &Db) {
    let a = place_ahead(db, "905551112233", T + 30 * MIN, T - 10 * MIN).await;
    let b = place_ahead(db, "905554445566", T + 40 * MIN, T - 5 * MIN).await;
    let bus = Bus::new();
    let mut rx = bus.subscribe();
    let next = release(db, &bus, true, maydanoz::domain::time::At::from_millis(T))
        .await
        .expect("release");
    assert_eq!(next, None, "nothing left waiting");
    for number in [a, b] {
        match rx.try_recv().expect("placed") {
            OrderEvent::Placed(o) => assert_eq!(*o, stored(db, number).await),
            e => panic!("{e:?}"),
        }
    }
    assert_eq!(rx.try_recv(), Err(TryRecvError::Empty), "once each");
}

/// Every update of `orders` from now on adds a row whose foreign key points nowhere;
/// the key is checked only at commit, so the commit fails.
async fn break_the_next_commit(db: &Db) {
    let mut tx = db.begin().await.expect("begin");
    let mut x = tx.exec();
    match db.backend() {
        Backend::Sqlite => {
            x.execute(
                "CREATE TABLE commit_breaker_target (id INTEGER PRIMARY KEY)",
                vec![],
            )
            .await
            .expect("target");
            x.execute(
                r#"CREATE TABLE commit_breaker (target INTEGER
                     REFERENCES commit_breaker_target(id) DEFERRABLE INITIALLY DEFERRED)"#,
                vec![],
            )
            .await
            .expect("breaker");
            x.execute(
                r#"CREATE TRIGGER commit_breaker_on_orders AFTER UPDATE ON orders
                   BEGIN INSERT INTO commit_breaker (target) VALUES (1); END"#,
                vec![],
            )
            .await
            .expect("trigger");
        }
        Backend::Postgres => {
            x.execute(
                "CREATE TABLE commit_breaker_target (id BIGINT PRIMARY KEY)",
                vec![],
            )
            .await
            .expect("target");
            x.execute(
                r#"CREATE TABLE commit_breaker (target BIGINT
                     REFERENCES commit_breaker_target(id) DEFERRABLE INITIALLY DEFERRED)"#,
                vec![],
            )
            .await
            .expect("breaker");
            x.execute(
                r#"CREATE FUNCTION commit_breaker_insert() RETURNS trigger LANGUAGE plpgsql AS
                   'BEGIN INSERT INTO commit_breaker (target) VALUES (1); RETURN NULL; END'"#,
                vec![],
            )
            .await
            .expect("function");
            x.execute(
                r#"CREATE TRIGGER commit_breaker_on_orders AFTER UPDATE ON orders
                   FOR EACH ROW EXECUTE FUNCTION commit_breaker_insert()"#,
                vec![],
            )
            .await
            .expect("trigger");
        }
    }
    tx.commit().await.expect("commit");
}

async fn a_release_whose_commit_fails_announces_nothing(db: &Db) {
    let a = place_ahead(db, "905551112233", T + 30 * MIN, T - 10 * MIN).await;
    break_the_next_commit(db).await;
    let bus = Bus::new();
    let mut rx = bus.subscribe();
    let r = release(db, &bus, true, maydanoz::domain::time::At::from_millis(T)).await;
    assert!(r.is_err(), "the commit fails: {r:?}");
    assert_eq!(rx.try_recv(), Err(TryRecvError::Empty), "nothing announced");
    let up = ahead::upcoming(&mut db.read().await.expect("read").exec())
        .await
        .expect("upcoming");
    assert_eq!(
        up.iter().map(|u| u.number).collect::<Vec<_>>(),
        [a.get()],
        "still held"
    );
}

crate::on_both_backends!(
    a_release_announces_each_order_as_stored,
    a_release_whose_commit_fails_announces_nothing,
);
