//! Property tests: arbitrary input sequences never panic, every reply fits
//! WhatsApp and the session round-trips through JSON (both checked in
//! `Chat::raw`), and every order draft is consistent with `order::totals`.

use proptest::prelude::*;

use super::*;
use crate::domain::coupon::{CouponKind, CouponRejection};
use crate::domain::order::{Fulfilment, OrderStatus};
use crate::domain::time::At;

#[derive(Debug, Clone)]
enum Step_ {
    Send(Input),
    /// Tap the n-th button or row of the last replies (what a real customer does).
    TapNth(usize),
    /// Tap what a customer on the happy path would tap, if it is on screen.
    TapTitle(&'static str),
    /// The first n moves of a whole order, to reach deep states quickly.
    Script(usize),
    /// Time passes (idle expiry, coupon validity).
    Wait(i64),
    /// The owner 86es or restores a product.
    Toggle(i64),
    /// The shop closes or opens.
    Shop(bool),
}

fn words() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("menü".to_string()),
        Just("SEPET".to_string()),
        Just("iptal".to_string()),
        Just("yardım".to_string()),
        Just("english".to_string()),
        Just("Türkçe".to_string()),
        Just("sipariş ver".to_string()),
        Just("ilk10".to_string()),
        Just("evet".to_string()),
        Just("yok".to_string()),
        Just("tavuk dürüm".to_string()),
        Just("Moda Cad. No:5 Kadıköy İstanbul".to_string()),
        (0u32..80).prop_map(|n| n.to_string()),
        "[a-zA-ZçğıöşüÇĞİÖŞÜ0-9 ]{0,40}",
        "\\PC{0,60}",
        any::<String>(),
        Just("\u{1b}]0;x\u{7}\u{0}🌯🔥👨‍👩‍👧\u{202e}".to_string()),
    ]
}

fn ids() -> impl Strategy<Value = String> {
    let prefix = prop_oneof![
        Just("prod"),
        Just("cat"),
        Just("cats"),
        Just("opt"),
        Just("optok"),
        Just("optp"),
        Just("q"),
        Just("qo"),
        Just("line"),
        Just("lqa"),
        Just("lq"),
        Just("lrm"),
        Just("confirm"),
        Just("abort"),
        Just("addr"),
        Just("ocx"),
        Just("ocxy"),
        Just("lang"),
        Just("ful"),
        Just("home"),
        Just("clear"),
    ];
    prop_oneof![
        (prefix, proptest::collection::vec(0i64..60, 0..4)).prop_map(|(p, ns)| {
            std::iter::once(p.to_string())
                .chain(ns.iter().map(|n| n.to_string()))
                .collect::<Vec<_>>()
                .join(":")
        }),
        any::<String>(),
        Just("ful:delivery".to_string()),
        Just("cpskip".to_string()),
        Just("noteskip".to_string()),
        Just("checkout".to_string()),
    ]
}

fn input() -> impl Strategy<Value = Input> {
    let f = prop_oneof![any::<f64>(), -90.0f64..90.0];
    prop_oneof![
        6 => words().prop_map(Input::Text),
        2 => (ids(), words()).prop_map(|(id, title)| Input::Button { id, title }),
        2 => (ids(), words()).prop_map(|(id, title)| Input::ListRow { id, title }),
        1 => (f.clone(), f, proptest::option::of(words()), proptest::option::of(words()))
            .prop_map(|(latitude, longitude, name, address)| Input::Location { latitude, longitude, name, address }),
        1 => Just(Input::Welcome),
        1 => Just(Input::Edit),
        1 => Just(Input::Reaction),
        1 => "[a-z]{1,10}".prop_map(|kind| Input::Media { kind }),
        1 => "[a-z_]{1,10}".prop_map(|kind| Input::Unsupported { kind }),
        1 => (words().prop_filter_map("a coupon code", |w| crate::domain::coupon_code::CouponCode::parse(&w)), any::<bool>(), -2i64..3)
            .prop_map(|(code, some, customer_uses)| Input::CouponFound {
                coupon: some.then(|| coupon(code.as_str(), CouponKind::Percent, 10)), code, customer_uses }),
        1 => (any::<i64>(), any::<i64>()).prop_map(|(number, t)| Input::OrderPlaced { number: crate::domain::OrderNumber::new(number), total: Money::from_minor(t) }),
        1 => prop_oneof![
            Just(PlaceError::Closed),
            Just(PlaceError::Coupon(CouponRejection::UsedUp)),
            proptest::collection::vec(words(), 0..3).prop_map(PlaceError::Unavailable),
        ].prop_map(Input::OrderRejected),
        1 => any::<i64>().prop_map(|number| Input::OrderCancelled { number: crate::domain::OrderNumber::new(number) }),
        1 => any::<i64>().prop_map(|number| Input::CancelRefused { number: crate::domain::OrderNumber::new(number), status: OrderStatus::Ready }),
    ]
}

fn step() -> impl Strategy<Value = Step_> {
    prop_oneof![
        5 => input().prop_map(Step_::Send),
        5 => (0usize..12).prop_map(Step_::TapNth),
        8 => proptest::sample::select(HAPPY.to_vec()).prop_map(Step_::TapTitle),
        2 => (1..=SCRIPT.len()).prop_map(Step_::Script),
        1 => prop_oneof![Just(60_000i64), Just(3 * HOUR), any::<i64>()].prop_map(Step_::Wait),
        1 => (1i64..10).prop_map(Step_::Toggle),
        1 => any::<bool>().prop_map(Step_::Shop),
    ]
}

const HAPPY: [&str; 20] = [
    "Menü",
    "Dürümler",
    "İçecekler",
    "Tavuk Dürüm",
    "Ayran",
    "Acılı",
    "Kaşar",
    "Tamam",
    "İstemiyorum",
    "2",
    "Sipariş ver",
    "Kupon yok",
    "Gel al",
    "Paket servis",
    "Not yok",
    "Onayla",
    "Moda",
    "Düzenle",
    "Adedi",
    "Evet, iptal et",
];

/// (typed?, text): an order from the menu to Confirm.
const SCRIPT: [(bool, &str); 13] = [
    (true, "menü"),
    (false, "Dürümler"),
    (false, "Tavuk Dürüm"),
    (false, "Acılı"),
    (false, "Kaşar"),
    (false, "Tamam"),
    (false, "2"),
    (false, "Sipariş ver"),
    (true, "ilk10"),
    (false, "Paket servis"),
    (false, "Moda"),
    (true, "kapıya bırakın"),
    (false, "Onayla"),
];

fn world() -> World {
    let mut w = World::default();
    w.customer.name = Some("Zeynep 🌸\u{1b}[2J".into());
    w.customer.saved_addresses = vec!["Ev: Moda Cad. 5".into(), "x".repeat(400)];
    w.customer.open_orders = vec![OrderBrief {
        number: crate::domain::OrderNumber::new(3),
        status: OrderStatus::New,
        fulfilment: Fulfilment::Delivery,
        total: Money::from_minor(9000),
        placed_at: At::from_millis(NOW),
        cancel_requested: false,
        scheduled_for: None,
    }];
    w
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn any_sequence_is_handled(steps in proptest::collection::vec(step(), 1..60)) {
        let mut c = Chat::with(world());
        c.coupons.push(coupon("ILK10", CouponKind::Percent, 10));
        for s in steps {
            match s {
                Step_::Send(i) => { c.send(i); }
                Step_::TapNth(n) => {
                    let all = c.choices();
                    if !all.is_empty() {
                        let (row, ch) = all[n % all.len()].clone();
                        let i = if row { Input::ListRow { id: ch.id, title: ch.title } }
                                else { Input::Button { id: ch.id, title: ch.title } };
                        c.send(i);
                    }
                }
                Step_::TapTitle(t) => {
                    if let Some(i) = c.try_find(t) {
                        c.send(i);
                    }
                }
                Step_::Script(n) => {
                    for (typed, t) in SCRIPT.iter().take(n) {
                        match (typed, c.try_find(t)) {
                            (true, _) => { c.say(t); }
                            (false, Some(i)) => { c.send(i); }
                            (false, None) => {}
                        }
                    }
                }
                Step_::Wait(ms) => c.world.now = c.world.now.saturating_add(ms.rem_euclid(10 * HOUR)),
                Step_::Toggle(id) => {
                    if let Some(p) = c.world.menu.products.iter_mut().find(|p| p.id == id) {
                        p.available = !p.available;
                    }
                }
                Step_::Shop(open) => c.world.shop = if open { ShopStatus::Open }
                    else { ShopStatus::Closed { next_open: None } },
            }
        }
        // Every draft the engine produced is internally consistent.
        for e in &c.effects {
            if let Effect::PlaceOrder(d) = e {
                let (s, disc, t) = crate::domain::order::totals(&d.items, d.discount);
                prop_assert_eq!((s, disc, t), (d.subtotal, d.discount, d.total));
                prop_assert!(!d.items.is_empty());
                prop_assert!(d.items.iter().all(|i| (1..=50).contains(&i.quantity)));
            }
        }
    }

    #[test]
    fn single_inputs_on_any_stored_session(json in "\\PC{0,200}", i in input()) {
        let mut c = Chat::with(world());
        // a text that is not a session is refused before the bot ever sees it
        c.session = Session::from_json(&json).unwrap_or_default();
        c.send(i);
    }
}
