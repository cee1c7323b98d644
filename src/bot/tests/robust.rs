//! Never stuck: words that work anywhere, language, earlier buttons, idle expiry,
//! closed and paused, media and reactions, 86 at checkout, store refusals.

use super::*;
use crate::domain::hours::NextOpen;

/// A chat at the summary with 1 × Kola, pickup.
fn at_summary() -> Chat {
    let mut c = Chat::new();
    c.add_simple("İçecekler", "Kola", 1);
    c.tap("Sipariş ver");
    c.tap("Gel al");
    assert!(matches!(c.session.step, Step::Summary { .. }));
    c
}

#[test]
fn global_words_are_case_and_accent_insensitive() {
    for w in ["MENÜ", "menu", "Menu", "  menü  "] {
        let mut c = Chat::new();
        c.say(w);
        assert!(c.titles().contains(&"Dürümler".to_string()), "{w}");
    }
    for w in ["YARDIM", "yardim", "Help"] {
        let mut c = Chat::new();
        c.say(w);
        assert!(
            c.saw("menü — kategoriler") || c.saw("menu — categories"),
            "{w}: {}",
            c.text()
        );
    }
    let mut c = Chat::new();
    c.add_simple("İçecekler", "Kola", 1);
    for w in ["SEPET", "Sepet", "cart"] {
        c.say(w);
        assert!(c.saw("1 × Kola"), "{w}");
    }
}

#[test]
fn cancel_leaves_any_question_and_keeps_the_cart() {
    let mut c = Chat::new();
    c.add_simple("İçecekler", "Kola", 1);
    c.say("et dürüm");
    assert!(matches!(c.session.step, Step::Options { .. }));
    c.say("İPTAL");
    assert!(
        c.saw("vazgeçtik") && c.session.step == Step::Idle,
        "{}",
        c.text()
    );
    assert_eq!(c.session.cart.lines.len(), 1);
    c.say("sipariş ver");
    c.tap("Vazgeç");
    assert!(
        c.saw("vazgeçtik") && c.session.step == Step::Idle,
        "{}",
        c.text()
    );
    // At rest, "iptal" offers to empty the cart.
    c.say("iptal");
    c.tap("Sepeti boşalt");
    assert!(c.session.cart.is_empty());
    c.say("iptal");
    assert!(c.saw("İptal edilecek bir şey yok"), "{}", c.text());
}

#[test]
fn language_switch_by_word_and_button_keeps_the_step() {
    let mut c = Chat::new();
    c.say("et dürüm");
    c.say("English");
    assert!(c.saw("pick one"), "re-asked in English: {}", c.text());
    assert!(matches!(c.session.step, Step::Options { .. }));
    c.say("Türkçe");
    assert!(c.saw("bir tane seç"), "{}", c.text());
    c.say("hi");
    c.tap("English");
    assert_eq!(c.session.lang, Some(Lang::En));
    assert!(c.titles().iter().any(|t| t.contains("Türkçe")));
    // default language for someone who never chose
    let mut c = Chat::with(World {
        default_lang: Lang::En,
        ..World::default()
    });
    c.send(Input::Welcome);
    assert!(c.saw("Welcome to Maydanoz Döner"), "{}", c.text());
}

#[test]
fn earlier_step_buttons_are_explained_global_rows_still_work() {
    let mut c = Chat::new();
    c.say("et dürüm");
    let spice = c.find("Acılı");
    c.tap("Acısız");
    c.send(spice); // the spice buttons again, after moving on
    assert!(c.saw("daha önceki bir mesaj"), "{}", c.text());
    assert_eq!(c.session.cart.lines.len(), 1);
    let dur = Input::ListRow {
        id: "cat:1:0".into(),
        title: "Dürümler".into(),
    };
    c.send(dur); // a category row from long ago: still fine
    assert!(
        c.titles().iter().any(|t| t.starts_with("Et Dürüm")),
        "{:?}",
        c.titles()
    );
    for junk in [
        "",
        "prod",
        "confirm:1",
        "q:1:2",
        "ful:pickup",
        "💥",
        "opt:1:10:999",
        &"x".repeat(5000),
    ] {
        c.send(Input::Button {
            id: junk.to_string(),
            title: "?".into(),
        });
        assert!(!c.last.is_empty(), "{junk:?} got no answer");
    }
}

#[test]
fn an_old_confirm_never_places_twice() {
    let mut c = at_summary();
    let old = c.find("Onayla");
    c.tap("Onayla");
    assert_eq!(c.placed_orders(), 1);
    c.send(old.clone());
    c.say("evet");
    assert_eq!(c.placed_orders(), 1);
    // A newer summary makes the older one stale too.
    let mut c = at_summary();
    let first = c.find("Onayla");
    c.say("gel al");
    c.send(first);
    assert_eq!(c.placed_orders(), 0);
    assert!(c.saw("daha önceki bir mesaj"), "{}", c.text());
}

#[test]
fn idle_cart_expires_and_the_customer_is_told() {
    let mut c = Chat::new();
    c.add_simple("İçecekler", "Kola", 1);
    c.world.now += 2 * HOUR - 1;
    c.say("sepet");
    assert!(c.saw("1 × Kola"), "not yet idle");
    c.world.now += 2 * HOUR + 1;
    c.say("sepet");
    assert!(
        c.saw("sepetini boşalttık") && c.saw("Sepetin boş"),
        "{}",
        c.text()
    );
    assert!(c.session.cart.is_empty());
    // an expired checkout cannot be confirmed either
    let mut c = at_summary();
    let ok = c.find("Onayla");
    c.world.now += 3 * HOUR;
    c.send(ok);
    assert_eq!(c.placed_orders(), 0);
    assert!(c.saw("sepetini boşalttık"), "{}", c.text());
    assert_eq!(c.last.len(), 1, "the notice rides on the same message");
}

#[test]
fn closed_shop_browses_but_takes_no_order() {
    let shop = ShopStatus::Closed {
        next_open: Some(NextOpen {
            weekday: 1,
            in_days: 1,
            minute: 11 * 60,
        }),
    };
    let mut c = Chat::with(World {
        shop,
        ..World::default()
    });
    c.send(Input::Welcome);
    assert!(c.saw("kapalıyız; açılış: yarın 11:00"), "{}", c.text());
    c.add_simple("İçecekler", "Kola", 1);
    c.tap("Sipariş ver");
    assert!(
        c.saw("açılış: yarın 11:00") && c.saw("Sepetin 2 saat saklanır"),
        "{}",
        c.text()
    );
    assert_eq!(c.session.step, Step::Idle);
    assert_eq!(c.session.cart.lines.len(), 1);
    // Closing between summary and confirm.
    let mut c = at_summary();
    c.world.shop = ShopStatus::Paused {
        until_text: Some("19:30".into()),
        reason: Some("yoğunluk".into()),
    };
    c.tap("Onayla");
    assert_eq!(c.placed_orders(), 0);
    assert!(
        c.saw("sipariş alamıyoruz (yoğunluk)") && c.saw("Tekrar: 19:30"),
        "{}",
        c.text()
    );
    // the cart is shown without a confirm button to loop on; open again, on we go
    c.world.shop = ShopStatus::Open;
    c.say("sipariş ver");
    c.tap("Onayla");
    assert_eq!(c.placed_orders(), 1);
}

#[test]
fn media_edits_locations_get_an_answer_reactions_do_not() {
    let mut c = Chat::new();
    c.say("et dürüm");
    let before = c.session.clone();
    for input in [
        // a photo, video, document, voice note or sticker goes to a person
        // (tests/person.rs); a contact card is only asked about
        Input::Media {
            kind: "contacts".into(),
        },
        Input::Text("asdfghjkl".into()),
        Input::Edit,
        Input::Unsupported {
            kind: "poll_creation".into(),
        },
        Input::Location {
            latitude: 41.0,
            longitude: 29.0,
            name: None,
            address: None,
        },
        Input::Text("\u{0}\u{1b}[2J".into()),
    ] {
        c.send(input.clone());
        assert!(!c.last.is_empty(), "{input:?}");
        assert!(
            c.saw("Acı: bir tane seç"),
            "{input:?}: re-asks where we are: {}",
            c.text()
        );
        assert_eq!(c.session.step, before.step);
    }
    let out = c.raw(Input::Reaction);
    assert!(out.replies.is_empty() && out.effect.is_none());
    assert_eq!(out.session, c.session);
}

#[test]
fn unavailable_at_checkout_is_pruned_with_a_message() {
    let mut c = Chat::new();
    c.add_simple("İçecekler", "Kola", 1);
    c.add_simple("İçecekler", "Ayran", 1);
    c.world.product_mut(7).available = false;
    c.say("sepet");
    assert!(c.saw("Kola (şu an yok)"), "{}", c.text());
    c.tap("Sipariş ver");
    assert!(c.saw("sepetten çıkardık: Kola"), "{}", c.text());
    assert_eq!(c.session.cart.lines.len(), 1);
    // and when the only item goes
    c.world.product_mut(6).available = false;
    c.say("sipariş ver");
    assert!(
        c.saw("sepetten çıkardık: Ayran") && c.saw("Sepetin boş"),
        "{}",
        c.text()
    );
}

#[test]
fn store_refusals_are_explained() {
    let mut c = at_summary();
    c.refuse_next = Some(PlaceError::Closed);
    c.tap("Onayla");
    assert!(c.saw("sipariş alamıyoruz"), "{}", c.text());
    c.refuse_next = Some(PlaceError::Unavailable(vec!["Kola".into()]));
    c.tap("Onayla");
    assert!(
        c.saw("sepetten çıkardık: Kola") && c.saw("Sepetin boş"),
        "{}",
        c.text()
    );
    assert_eq!(c.placed_orders(), 2);
    assert!(c.session.cart.is_empty());
}

#[test]
fn old_sessions_and_garbage_load_as_fresh() {
    let mut c = Chat::new();
    c.session = Session::from_json(r#"{"step":{"at":"wormhole"},"cart":"???","lang":"en"}"#)
        .expect("an object reads field by field");
    c.say("menu");
    assert!(c.saw("Pick a category"), "{}", c.text());
}
