//! Answers from the configuration, in both languages, at rest and in the middle
//! of an order (cart and question kept); "where is my order" with times and an
//! estimate; asking the shop to cancel an order the kitchen started.

use super::*;
use crate::domain::OrderNumber;
use crate::domain::hours::{Hours, NextOpen, Window};
use crate::domain::order::{Fulfilment, OrderStatus};
use crate::domain::time::{At, Span};

const MIN: i64 = 60_000;

fn english(mut c: Chat) -> Chat {
    c.say("english");
    c
}

/// Mid-order: one Ayran in the cart and the Tavuk Dürüm's "Acı" question open.
fn mid_order(c: &mut Chat) -> (Step, usize) {
    c.add_simple("İçecekler", "Ayran", 1);
    c.say("et dürüm");
    assert!(
        matches!(c.session.step, Step::Options { .. }),
        "{:?}",
        c.session.step
    );
    (c.session.step.clone(), c.session.cart.lines.len())
}

#[test]
fn the_address_with_a_map_link_in_both_languages() {
    let mut c = Chat::with(World {
        address: Some("Moda Cad. No:12, Kadıköy".into()),
        ..World::default()
    });
    c.say("Adresiniz nerede?");
    assert!(c.saw("Adresimiz: Moda Cad. No:12, Kadıköy"), "{}", c.text());
    assert!(
        c.saw(
            "https://www.google.com/maps/search/?api=1&query=Moda+Cad.+No%3A12%2C+Kad%C4%B1k%C3%B6y"
        ),
        "{}",
        c.text()
    );
    let mut c = english(c);
    c.say("where are you?");
    assert!(c.saw("Our address: Moda Cad."), "{}", c.text());
    assert!(c.saw("google.com/maps/search"), "{}", c.text());
}

#[test]
fn unset_address_and_phone_are_said_honestly() {
    let mut c = Chat::new();
    c.say("adres");
    assert!(c.saw("kayıtlı değil") && c.saw("yetkili"), "{}", c.text());
    assert!(!c.saw("maps"), "{}", c.text());
    c.say("telefon numaranız ne");
    assert!(
        c.saw("Telefon numaramız burada kayıtlı değil"),
        "{}",
        c.text()
    );
    let mut c = english(c);
    c.say("phone number?");
    assert!(c.saw("not on file"), "{}", c.text());
}

#[test]
fn the_phone_number_in_both_languages() {
    let mut c = Chat::with(World {
        phone: Some("+90 216 555 12 34".into()),
        ..World::default()
    });
    c.say("Telefon numaranız ne?");
    assert!(c.saw("Telefonumuz: +90 216 555 12 34"), "{}", c.text());
    let mut c = english(c);
    c.say("what is your phone number");
    assert!(c.saw("Our phone number: +90 216 555 12 34"), "{}", c.text());
}

#[test]
fn todays_hours_open_and_closed() {
    // NOW is Monday 15:00 in the shop's zone
    let mut c = Chat::with(World {
        hours: Hours {
            days: [Window::parse("11:00-23:00").ok().flatten(); 7],
        },
        ..World::default()
    });
    c.say("Kaça kadar açıksınız?");
    assert!(
        c.saw("11:00–23:00") && c.saw("Şu an açığız"),
        "{}",
        c.text()
    );
    c.world.shop = ShopStatus::Closed {
        next_open: Some(NextOpen {
            weekday: 1,
            in_days: 1,
            minute: 11 * 60,
        }),
    };
    c.world.hours.days[0] = None;
    c.say("saat kaçta açılıyor");
    assert!(
        c.saw("Bugün kapalıyız") && c.saw("açılış: yarın 11:00"),
        "{}",
        c.text()
    );
    let mut c = english(c);
    c.say("Are you open?");
    assert!(
        c.saw("We are closed today") && c.saw("we open tomorrow at 11:00"),
        "{}",
        c.text()
    );
}

#[test]
fn answers_keep_the_cart_and_the_question() {
    let mut c = Chat::with(World {
        address: Some("Moda Cad. No:12".into()),
        phone: Some("0216 555 12 34".into()),
        ..World::default()
    });
    let (step, lines) = mid_order(&mut c);
    for (ask, want) in [
        ("adresiniz nerede", "Moda Cad. No:12"),
        ("telefonunuz", "0216 555 12 34"),
        ("açık mısınız", "24 saat"),
        ("teşekkürler", "Rica ederiz"),
    ] {
        c.say(ask);
        assert!(c.saw(want), "{ask}: {}", c.text());
        assert!(c.saw("Acı"), "the question is asked again: {}", c.text());
        assert_eq!(c.session.step, step, "{ask}");
        assert_eq!(c.session.cart.lines.len(), lines, "{ask}");
    }
    c.say("english");
    c.say("thanks");
    assert!(c.saw("You're welcome"), "{}", c.text());
    assert_eq!(c.session.step, step);
    c.tap("Acısız");
    assert_eq!(c.session.cart.lines.len(), lines + 1, "the order goes on");
}

fn with_orders(orders: Vec<(i64, OrderStatus, Fulfilment, i64)>) -> Chat {
    let mut w = World::default();
    w.customer.open_orders = orders
        .into_iter()
        .map(|(number, status, fulfilment, ago)| OrderBrief {
            number: OrderNumber::new(number),
            status,
            fulfilment,
            total: Money::from_minor(12000),
            placed_at: At::from_millis(NOW - ago),
            cancel_requested: false,
            scheduled_for: None,
        })
        .collect();
    Chat::with(w)
}

#[test]
fn where_is_my_order_names_status_age_and_an_estimate() {
    let mut c = with_orders(vec![
        (7, OrderStatus::Preparing, Fulfilment::Pickup, 5 * MIN),
        (
            8,
            OrderStatus::OutForDelivery,
            Fulfilment::Delivery,
            30 * MIN,
        ),
    ]);
    c.pace = [10, 12, 14].map(Span::minutes).to_vec();
    c.say("siparişim ne zaman gelir");
    assert_eq!(c.effects.last(), Some(&Effect::KitchenPace));
    let t = c.text();
    assert!(t.contains("#7: hazırlanıyor"), "{t}");
    assert!(t.contains("5 dk önce onaylandı · tahmini 7 dk"), "{t}");
    // 12 min in the kitchen + 35 − 15 on the road, 30 gone
    assert!(t.contains("#8: yolda") && t.contains("tahmini 2 dk"), "{t}");
    assert!(t.contains("mutfağın bugünkü hızına göre"), "{t}");
    // too few ready orders today: the configured 15 minutes
    c.pace = vec![Span::minutes(1)];
    let mut c = english(c);
    c.say("where is my order");
    let t = c.text();
    assert!(
        t.contains("#7: being prepared") && t.contains("confirmed 5 min ago · about 10 min"),
        "{t}"
    );
    assert!(t.contains("usual preparation time"), "{t}");
}

#[test]
fn no_open_order_says_so_and_offers_the_menu() {
    let mut c = Chat::new();
    c.say("siparişim nerede");
    assert!(c.saw("açık siparişin yok"), "{}", c.text());
    assert!(c.try_find("Menü").is_some(), "{:?}", c.titles());
    assert!(!c.effects.contains(&Effect::KitchenPace));
}

#[test]
fn a_started_order_can_only_be_asked_to_be_cancelled() {
    let mut c = with_orders(vec![(
        7,
        OrderStatus::Preparing,
        Fulfilment::Pickup,
        5 * MIN,
    )]);
    c.add_simple("İçecekler", "Ayran", 1);
    c.say("iptal");
    c.tap("İptal iste");
    assert!(c.saw("Kararı onlar verir"), "{}", c.text());
    c.tap("Evet, dükkana sor");
    assert_eq!(
        c.effects.last(),
        Some(&Effect::RequestCancel {
            number: OrderNumber::new(7)
        })
    );
    assert!(c.saw("iptal isteğini dükkana ilettik"), "{}", c.text());
    assert_eq!(c.session.cart.lines.len(), 1, "the cart is kept");
    // once asked, the board has it: asking again says so
    c.world.customer.open_orders[0].cancel_requested = true;
    c.say("iptal");
    assert!(c.saw("Neyi iptal"), "{}", c.text());
    assert!(c.try_find("İptal iste").is_none(), "{:?}", c.titles());
    c.say("siparişim");
    assert!(c.saw("iptal isteğin dükkanda"), "{}", c.text());
}

#[test]
fn english_cancel_request_with_nothing_else_to_cancel() {
    let mut c = english(with_orders(vec![(
        9,
        OrderStatus::Ready,
        Fulfilment::Delivery,
        20 * MIN,
    )]));
    c.say("cancel");
    assert!(c.saw("Shall we ask the shop to cancel it"), "{}", c.text());
    c.tap("Yes, ask the shop");
    assert_eq!(
        c.effects.last(),
        Some(&Effect::RequestCancel {
            number: OrderNumber::new(9)
        })
    );
    assert!(c.saw("We passed your request to cancel #9"), "{}", c.text());
}
