//! Handoffs: one open per customer, quiet until a time or until staff hand back;
//! the waiting list reads the customer's last messages from the inbox; a staff
//! reply is refused outside the 24-hour window and keeps the bot quiet.

use maydanoz::domain::CustomerId;
use maydanoz::domain::time::{At, Span};
use maydanoz::events::{Bus, OrderEvent};
use maydanoz::service::support::{self, ReplyError};
use maydanoz::store::inbox::NewInbound;
use maydanoz::store::{Db, handoffs};
use maydanoz::testing::{inbox_insert, quiet_among};

const AYSE: &str = "905551112233";
const EMRE: &str = "905554445566";
const MIN: i64 = 60_000;
const T0: i64 = 1_790_000_000_000;

async fn store(db: &Db, id: &str, phone: &str, kind: &str, payload: &str, at: i64) {
    let m = NewInbound {
        wa_message_id: id.into(),
        customer_phone: CustomerId::parse(phone).expect("phone"),
        contact_name: Some("Ayşe \u{1b}[2J Yılmaz".into()),
        kind: kind.into(),
        payload: payload.into(),
        sent_at: maydanoz::domain::time::At::from_millis(at),
    };
    let mut tx = db.begin().await.expect("begin");
    inbox_insert(&mut tx.exec(), &m, at).await.expect("insert");
    tx.commit().await.expect("commit");
}

/// `support::reply` in a transaction of its own, committed when it succeeds.
async fn reply(
    db: &Db,
    phone: &CustomerId,
    text: &str,
    now: i64,
    quiet_ms: i64,
) -> Result<bool, ReplyError> {
    let mut tx = db.begin().await?;
    let (now, quiet) = (At::from_millis(now), Span::millis(quiet_ms));
    let extended = support::reply(&mut tx.exec(), phone, text, now, quiet, &mut Vec::new()).await?;
    tx.commit().await?;
    Ok(extended)
}

/// `support::hand_back` in a transaction of its own, its event published on `bus`.
async fn hand_back(
    db: &Db,
    bus: Option<&Bus>,
    phone: &CustomerId,
    now: i64,
    by: &str,
) -> Result<bool, maydanoz::store::StoreError> {
    let mut tx = db.begin().await?;
    let mut events = Vec::new();
    let was =
        support::hand_back(&mut tx.exec(), phone, At::from_millis(now), by, &mut events).await?;
    tx.commit().await?;
    maydanoz::service::publish(bus, events);
    Ok(was)
}

fn text(id: &str, from: &str, body: &str, at: i64) -> String {
    serde_json::json!({"from": from, "id": id, "timestamp": (at / 1000).to_string(),
                       "type": "text", "text": {"body": body}})
    .to_string()
}

async fn quiet(db: &Db, phone: &str, now: i64) -> bool {
    let mut c = db.read().await.expect("read");
    quiet_among(
        &mut c.exec(),
        &[&crate::common::phone(phone), &crate::common::phone("0")],
        maydanoz::domain::time::At::from_millis(now),
    )
    .await
    .expect("quiet")
    .contains(phone)
}

async fn open(db: &Db, phone: &str, reason: &str, now: i64, until: i64) -> bool {
    let mut tx = db.begin().await.expect("begin");
    let new = handoffs::open(
        &mut tx.exec(),
        &crate::common::phone(phone),
        reason,
        maydanoz::domain::time::At::from_millis(now),
        maydanoz::domain::time::At::from_millis(until),
        false,
    )
    .await
    .expect("open");
    tx.commit().await.expect("commit");
    new
}

async fn one_open_handoff_quiet_until_its_time_or_handed_back(db: &Db) {
    assert!(!quiet(db, AYSE, T0).await);
    assert!(open(db, AYSE, "asked", T0, T0 + 30 * MIN).await, "new");
    assert!(
        !open(db, AYSE, "media", T0 + MIN, T0 + 10 * MIN).await,
        "extends, never shortens"
    );
    assert!(quiet(db, AYSE, T0 + 29 * MIN).await);
    assert!(!quiet(db, AYSE, T0 + 30 * MIN).await, "ran out");
    assert!(!quiet(db, EMRE, T0).await, "only that customer");
    // ran out: a new request is a new handoff with its own reason
    assert!(open(db, AYSE, "media", T0 + 40 * MIN, T0 + 70 * MIN).await);
    let w = support::waiting(db, At::from_millis(T0 + 41 * MIN))
        .await
        .expect("waiting");
    assert_eq!(w.len(), 1);
    assert_eq!(
        (w[0].reason.as_str(), w[0].since_ms),
        ("media", At::from_millis(T0 + 40 * MIN))
    );
    let bus = Bus::new();
    let mut rx = bus.subscribe();
    assert!(
        hand_back(
            db,
            Some(&bus),
            &crate::common::phone(AYSE),
            T0 + 42 * MIN,
            "cli"
        )
        .await
        .expect("back")
    );
    assert_eq!(
        rx.try_recv().expect("event"),
        OrderEvent::Handoff {
            phone: CustomerId::parse(AYSE).expect("a phone"),
            reason: None
        }
    );
    assert!(!quiet(db, AYSE, T0 + 43 * MIN).await);
    assert!(
        !hand_back(db, None, &crate::common::phone(AYSE), T0 + 44 * MIN, "cli")
            .await
            .expect("again")
    );
    assert!(
        support::waiting(db, At::from_millis(T0 + 45 * MIN))
            .await
            .expect("w")
            .is_empty()
    );
}

async fn the_waiting_list_shows_the_last_messages_theirs_and_the_shops(db: &Db) {
    for i in 0..7 {
        let id = format!("wamid.M{i}");
        store(
            db,
            &id,
            AYSE,
            "text",
            &text(&id, AYSE, &format!("mesaj {i}"), T0 + i * 1000),
            T0 + i * 1000,
        )
        .await;
    }
    let echo = serde_json::json!({"from": "902125550100", "to": AYSE, "id": "wamid.E1",
        "timestamp": "1790000010", "type": "text", "text": {"body": "Bakıyoruz"}});
    store(
        db,
        "wamid.E1",
        AYSE,
        handoffs::ECHO_KIND,
        &echo.to_string(),
        T0 + 10_000,
    )
    .await;
    open(db, AYSE, "asked", T0 + 5000, T0 + 30 * MIN).await;
    let w = support::waiting(db, At::from_millis(T0 + MIN))
        .await
        .expect("waiting");
    assert_eq!(w.len(), 1);
    let last: Vec<(&str, bool)> = w[0]
        .last
        .iter()
        .map(|s| (s.text.as_str(), s.from_shop))
        .collect();
    assert_eq!(
        last,
        vec![
            ("mesaj 3", false),
            ("mesaj 4", false),
            ("mesaj 5", false),
            ("mesaj 6", false),
            ("Bakıyoruz", true)
        ],
        "the last five, oldest first"
    );
    // the profile name comes back as stored: the screens clean it
    assert_eq!(
        w[0].name.as_deref(),
        None,
        "no customer row yet: the name is the customers table's"
    );
}

async fn a_staff_reply_needs_the_window_and_keeps_the_bot_quiet(db: &Db) {
    let now = T0 + 100 * MIN;
    let quiet_ms = 30 * MIN;
    assert!(matches!(
        reply(db, &crate::common::phone(AYSE), "Merhaba", now, quiet_ms).await,
        Err(ReplyError::NeverWrote(_))
    ));
    // the shop's own echo does not open the window
    let echo = serde_json::json!({"to": AYSE, "id": "wamid.E", "timestamp": "1", "type": "text"});
    store(
        db,
        "wamid.E",
        AYSE,
        handoffs::ECHO_KIND,
        &echo.to_string(),
        now - MIN,
    )
    .await;
    assert!(matches!(
        reply(db, &crate::common::phone(AYSE), "Merhaba", now, quiet_ms).await,
        Err(ReplyError::NeverWrote(_))
    ));
    store(
        db,
        "wamid.OLD",
        AYSE,
        "text",
        &text("wamid.OLD", AYSE, "x", now - 25 * 60 * MIN),
        now - 25 * 60 * MIN,
    )
    .await;
    match reply(db, &crate::common::phone(AYSE), "Merhaba", now, quiet_ms).await {
        Err(ReplyError::WindowClosed { hours, .. }) => assert_eq!(hours, 25),
        other => panic!("{other:?}"),
    }
    store(
        db,
        "wamid.NEW",
        AYSE,
        "text",
        &text("wamid.NEW", AYSE, "x", now - 60 * MIN),
        now - 60 * MIN,
    )
    .await;
    assert!(matches!(
        reply(
            db,
            &crate::common::phone(AYSE),
            "  \u{1b}[2J ",
            now,
            quiet_ms
        )
        .await,
        Err(ReplyError::Empty)
    ));
    assert!(matches!(
        reply(
            db,
            &crate::common::phone(AYSE),
            &"ş".repeat(4097),
            now,
            quiet_ms
        )
        .await,
        Err(ReplyError::TooLong(4097))
    ));
    let outbox = "SELECT COUNT(*) FROM outbox WHERE kind = 'message'";
    let count = |db: &Db| {
        let db = db.clone();
        async move {
            db.read()
                .await
                .expect("r")
                .exec()
                .scalar(outbox, vec![])
                .await
                .expect("n")
        }
    };
    assert_eq!(count(db).await, 0, "nothing queued by the refusals");
    // a proactive reply (nobody waits for a person) is sent but does not silence the bot
    let extended = reply(
        db,
        &crate::common::phone(AYSE),
        "Siparişiniz yolda",
        now,
        quiet_ms,
    )
    .await
    .expect("inside the window");
    assert!(!extended);
    assert_eq!(count(db).await, 1);
    assert!(
        !quiet(db, AYSE, now + 1).await,
        "a proactive reply keeps the bot answering"
    );
    assert!(
        support::waiting(db, At::from_millis(now))
            .await
            .expect("w")
            .is_empty()
    );
    // a reply to a customer waiting for a person extends the quiet
    assert!(open(db, AYSE, "asked", now, now + 5 * MIN).await);
    let extended = reply(
        db,
        &crate::common::phone(AYSE),
        "Merhaba Ayşe Hanım,\nhemen bakıyoruz",
        now + MIN,
        quiet_ms,
    )
    .await
    .expect("inside the window");
    assert!(extended);
    assert_eq!(count(db).await, 2);
    assert!(
        quiet(db, AYSE, now + MIN + quiet_ms - 1).await,
        "replying keeps the bot quiet"
    );
    let w = support::waiting(db, At::from_millis(now + MIN))
        .await
        .expect("w");
    assert_eq!(
        (w[0].reason.as_str(), w[0].answered_at_ms),
        ("asked", Some(At::from_millis(now + MIN)))
    );
    // a second reply later extends the quiet
    reply(
        db,
        &crate::common::phone(AYSE),
        "Yola çıktı",
        now + 20 * MIN,
        quiet_ms,
    )
    .await
    .expect("again");
    assert!(quiet(db, AYSE, now + 20 * MIN + quiet_ms - 1).await);
    // handed back: told once; a second hand-back finds nobody and says nothing
    assert!(
        hand_back(db, None, &crate::common::phone(AYSE), now + 21 * MIN, "cli")
            .await
            .expect("back")
    );
    assert_eq!(count(db).await, 4, "the customer is told the bot is back");
    assert!(
        !hand_back(db, None, &crate::common::phone(AYSE), now + 22 * MIN, "cli")
            .await
            .expect("again")
    );
    assert_eq!(count(db).await, 4, "told once");
}

/// The window's edge: a customer who wrote exactly 24 hours ago may still be
/// answered; one millisecond later they may not.
async fn a_staff_reply_is_allowed_through_the_windows_last_millisecond(db: &Db) {
    let wrote = T0;
    store(
        db,
        "wamid.EDGE",
        EMRE,
        "text",
        &text("wamid.EDGE", EMRE, "x", wrote),
        wrote,
    )
    .await;
    let edge = wrote + 24 * 60 * MIN;
    let emre = crate::common::phone(EMRE);
    match reply(db, &emre, "Geç oldu", edge + 1, 30 * MIN).await {
        Err(ReplyError::WindowClosed { hours, .. }) => assert_eq!(hours, 24),
        other => panic!("closed one millisecond after 24 h: {other:?}"),
    }
    assert!(
        reply(db, &emre, "Hâlâ açık", edge, 30 * MIN).await.is_ok(),
        "exactly 24 h: still open"
    );
}

crate::on_both_backends!(
    one_open_handoff_quiet_until_its_time_or_handed_back,
    the_waiting_list_shows_the_last_messages_theirs_and_the_shops,
    a_staff_reply_needs_the_window_and_keeps_the_bot_quiet,
    a_staff_reply_is_allowed_through_the_windows_last_millisecond,
);
