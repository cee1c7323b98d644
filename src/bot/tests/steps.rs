//! Typed answers at each step, help, multi-choice minimums, and notes that wait
//! for an effect's result.

use super::*;
use crate::domain::order::{Fulfilment, OrderStatus};
use crate::domain::time::At;

#[test]
fn typed_answers_at_each_checkout_step() {
    let mut c = Chat::new();
    c.add_simple("İçecekler", "Ayran", 1);
    c.say("Sipariş Ver");
    assert_eq!(c.session.step, Step::Fulfilment);
    c.say("bisiklet");
    assert!(
        c.saw("anlayamadım") && c.saw("Gelip mi alırsın"),
        "{}",
        c.text()
    );
    c.say("Paket servis");
    assert_eq!(c.session.step, Step::Address);
    c.say("Bahariye Cad. No:7 Kadıköy");
    assert!(
        matches!(c.session.step, Step::Summary { .. }),
        "{:?}",
        c.session.step
    );
    c.say("bilmiyorum");
    assert!(
        c.saw("anlayamadım") && c.saw("Sipariş özeti"),
        "{}",
        c.text()
    );
    c.say("EVET");
    let d = c.draft().expect("typed confirm places the order");
    assert_eq!((d.fulfilment, d.note.clone()), (Fulfilment::Delivery, None));
}

#[test]
fn durum_folds_to_durum_and_means_the_wrap() {
    let mut c = Chat::new();
    c.say("merhaba");
    c.say("DÜRÜM");
    assert!(
        c.titles().contains(&"Et Dürüm".to_string()),
        "{:?}",
        c.titles()
    );
}

#[test]
fn help_then_back_where_we_were() {
    let mut c = Chat::new();
    c.say("et dürüm");
    c.say("Yardım");
    assert!(
        c.saw("sepet — sepetin") && c.saw("Acı: bir tane seç"),
        "{}",
        c.text()
    );
    assert_eq!(c.last.len(), 1, "help rides on the question");
}

#[test]
fn option_row_of_another_product_is_stale() {
    let mut c = Chat::new();
    c.say("et dürüm");
    // an option id of Tavuk Dürüm's group, forged onto Et Dürüm's step
    c.send(Input::ListRow {
        id: "opt:2:30:13".into(),
        title: "Acılı".into(),
    });
    assert!(c.saw("daha önceki bir mesaj"), "{}", c.text());
    c.send(Input::ListRow {
        id: "opt:2:30:999".into(),
        title: "?".into(),
    });
    assert!(c.saw("daha önceki bir mesaj"), "{}", c.text());
    let Step::Options { picked, .. } = &c.session.step else {
        panic!("{:?}", c.session.step)
    };
    assert!(picked.is_empty());
}

#[test]
fn a_required_multi_choice_group_needs_its_minimum() {
    let mut w = World::default();
    let sos = (0..12)
        .map(|i| crate::domain::menu::ProductOption {
            id: 500 + i,
            name: format!("Sos {i}"),
            price_delta: Money::from_minor(100),
            sort: i,
            name_en: None,
        })
        .collect();
    w.product_mut(7).groups = vec![crate::domain::menu::OptionGroup {
        id: 50,
        name: "Soslar".into(),
        min: 2,
        max: 3,
        sort: 0,
        options: sos,
        name_en: None,
    }];
    let mut c = Chat::with(w);
    c.say("menü");
    c.tap("İçecekler");
    c.tap("Kola");
    assert!(c.saw("en az 2, en fazla 3"), "{}", c.text());
    assert!(!c.titles().iter().any(|t| t.contains("Tamam")));
    c.tap("Daha fazla");
    c.tap("Sos 11");
    c.say("tamam");
    assert!(c.saw("en az 2 seçmelisin"), "{}", c.text());
    c.tap("Sos 0");
    c.tap("Tamam");
    assert!(
        c.saw("Kola (Sos 0, Sos 11)") && c.saw("42,00 ₺"),
        "{}",
        c.text()
    );
}

#[test]
fn a_notice_waits_for_the_effect_result() {
    let mut w = World::default();
    w.customer.open_orders = vec![OrderBrief {
        number: crate::domain::OrderNumber::new(3),
        status: OrderStatus::New,
        fulfilment: Fulfilment::Pickup,
        total: Money::from_minor(4000),
        placed_at: At::from_millis(NOW),
        cancel_requested: false,
        scheduled_for: None,
    }];
    let mut c = Chat::with(w);
    c.add_simple("İçecekler", "Kola", 1);
    c.world.now += 3 * HOUR;
    c.auto = false;
    let out = c.raw(Input::Button {
        id: "ocxy:3".into(),
        title: "Evet, iptal et".into(),
    });
    assert_eq!(
        out.effect,
        Some(Effect::CancelOrder {
            number: crate::domain::OrderNumber::new(3)
        })
    );
    assert!(out.replies.is_empty() && !out.session.notes.is_empty());
    let out = c.raw(Input::OrderCancelled {
        number: crate::domain::OrderNumber::new(3),
    });
    assert_eq!(out.replies.len(), 1);
    let body = out.replies[0].body();
    assert!(
        body.contains("sepetini boşalttık") && body.contains("#3 numaralı"),
        "{body}"
    );
    assert!(out.session.notes.is_empty());
}

/// Every greeting in the one list greets the way "merhaba" (Turkish) or "hello"
/// (English) does, also in the middle of choosing an item's options, where a greeting
/// leaves the item and goes home: the greeting command, the reader's filler and not-food
/// words and both language guesses all read `domain::lang_guess`'s lists.
#[test]
fn every_greeting_in_the_list_greets() {
    use crate::domain::lang_guess::{ENGLISH_GREETINGS, TURKISH_GREETINGS};
    let reply_to = |said: &str| {
        let mut c = Chat::new();
        c.say("et dürüm");
        c.say(said);
        c.text()
    };
    for (list, model) in [(TURKISH_GREETINGS, "merhaba"), (ENGLISH_GREETINGS, "hello")] {
        let want = reply_to(model);
        for g in list {
            assert_eq!(reply_to(g), want, "{g}");
        }
    }
}
