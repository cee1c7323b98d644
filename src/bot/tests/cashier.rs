//! The everyday order on the shipped sample menu, typed and tapped, counted:
//! "2 tavuk dürüm acısız, biri soğansız, 1 küçük ayran", pickup, confirmed.

use super::*;
use crate::domain::order::Fulfilment;

/// The shipped sample menu with ids in file order.
pub fn sample_world() -> World {
    let src = include_str!("../../../menu.sample.toml");
    let m = crate::admin::menu_file::parse(src, "menu.sample.toml").expect("sample menu parses");
    World {
        menu: m.to_menu(),
        ..World::default()
    }
}

/// The order's lines and total, whichever way it was placed.
fn assert_the_everyday_order(c: &Chat) {
    let d = c.draft().expect("an order was placed");
    let mut lines: Vec<(String, i64, Vec<String>)> = d
        .items
        .iter()
        .map(|i| (i.name.clone(), i.quantity, i.options.clone()))
        .collect();
    lines.sort();
    let want = vec![
        ("Ayran".to_string(), 1, vec!["Küçük".to_string()]),
        ("Tavuk Dürüm".to_string(), 1, vec!["Acısız".to_string()]),
        (
            "Tavuk Dürüm".to_string(),
            1,
            vec!["Acısız".to_string(), "Soğansız".to_string()],
        ),
    ];
    assert_eq!(lines, want, "{:#?}", d.items);
    assert_eq!(d.fulfilment, Fulfilment::Pickup);
    // 2 × 120,00 + 25,00
    assert_eq!(d.total, Money::from_minor(26500));
}

fn not_understood(c: &Chat) -> bool {
    c.saw("anlayamadım") || c.saw("didn't get that")
}

#[test]
fn the_everyday_order_typed_in_at_most_five_messages() {
    let mut c = Chat::with(sample_world());
    let mut confused = 0;
    c.say("2 tavuk dürüm acısız, biri soğansız, 1 küçük ayran");
    confused += u32::from(not_understood(&c));
    assert!(c.saw("Tavuk Dürüm (Acısız, Soğansız)"), "{}", c.text());
    c.say("gelip alıcam");
    confused += u32::from(not_understood(&c));
    assert!(c.saw("Sipariş özeti") && c.saw("265,00 ₺"), "{}", c.text());
    c.tap("Onayla");
    assert!(c.saw("#101"), "{}", c.text());
    println!(
        "» the everyday order typed: {} customer messages ({} typed, {} taps), {} not understood",
        c.sent.messages, c.sent.texts, c.sent.taps, confused
    );
    assert!(c.sent.messages <= 5, "{:?}", c.sent);
    assert_eq!(confused, 0);
    assert_the_everyday_order(&c);
}

#[test]
fn the_everyday_order_by_taps_only_in_at_most_sixteen_taps() {
    let mut c = Chat::with(sample_world());
    c.send(Input::Welcome);
    c.tap("Menü");
    c.tap("Dürümler");
    c.tap("Tavuk Dürüm · Acısız");
    c.tap("Ekstra");
    c.tap("+1 Soğansız");
    c.tap("Ürün ekle");
    c.tap("İçecekler");
    c.tap("Ayran · Küçük");
    c.tap("Sipariş ver");
    c.tap("Gel al");
    c.tap("Onayla");
    println!(
        "» the everyday order by taps: {} taps (a list pick counts as two) in {} messages",
        c.sent.taps, c.sent.messages
    );
    assert_eq!(c.sent.texts, 0);
    assert!(c.sent.taps <= 16, "{:?}", c.sent);
    assert_the_everyday_order(&c);
}

#[test]
fn required_options_are_asked_one_group_at_a_time_with_buttons() {
    let mut c = Chat::with(sample_world());
    c.say("1 tavuk dürüm");
    assert!(c.saw("Acı: bir tane seç"), "{}", c.text());
    assert!(
        matches!(c.last[0], crate::domain::reply::Reply::Buttons { .. }),
        "three choices are buttons: {:?}",
        c.last
    );
    // optional extras are not asked; the cart offers them
    c.tap("Acılı");
    assert!(c.saw("1 × Tavuk Dürüm (Acılı)"), "{}", c.text());
    assert!(
        c.titles().iter().any(|t| t.contains("Ekstra")),
        "{:?}",
        c.titles()
    );
    // a typed number picks the n-th choice as shown
    c.say("1 et döner porsiyon");
    c.say("2");
    assert!(c.saw("Et Döner Porsiyon (1,5 porsiyon)"), "{}", c.text());
}

#[test]
fn checkout_typed_mid_options_keeps_the_half_built_item() {
    let mut c = Chat::with(sample_world());
    c.say("1 kola");
    c.say("1 et dürüm");
    assert!(c.saw("Acı"), "{}", c.text());
    c.say("sipariş ver");
    assert!(c.saw("Önce Et Dürüm"), "{}", c.text());
    c.tap("Acılı");
    // the item is added and the checkout goes on
    assert!(c.saw("Et Dürüm (Acılı)"), "{}", c.text());
    assert_eq!(c.session.step, Step::Fulfilment, "{}", c.text());
}

#[test]
fn a_product_typed_during_checkout_is_added_and_the_checkout_resumes() {
    let mut c = Chat::with(sample_world());
    c.say("2 kola");
    c.say("sipariş ver");
    assert_eq!(c.session.step, Step::Fulfilment);
    c.say("bir de 1 su");
    assert!(c.saw("1 × Su"), "{}", c.text());
    assert_eq!(c.session.step, Step::Fulfilment, "{}", c.text());
    c.say("gel al");
    assert!(c.saw("2 × Kola") && c.saw("1 × Su"), "{}", c.text());
}

#[test]
fn edit_from_the_summary_comes_back_to_the_summary() {
    let mut c = Chat::with(sample_world());
    c.say("2 kola, 1 su");
    c.say("gel al");
    c.tap("Düzenle");
    c.tap("Kola");
    c.tap("Çıkar");
    assert!(c.saw("Sipariş özeti") && !c.saw("Kola —"), "{}", c.text());
    assert!(matches!(c.session.step, Step::Summary { .. }));
}

#[test]
fn coupon_and_note_are_buttons_on_the_summary_and_typed_any_time() {
    let mut c = Chat::with(sample_world());
    c.coupons.push(coupon(
        "YAZ25",
        crate::domain::coupon::CouponKind::Amount,
        2500,
    ));
    c.say("1 kola");
    c.say("not: zil bozuk");
    assert!(c.saw("Not alındı"), "{}", c.text());
    c.say("gel al");
    assert!(c.saw("Not: zil bozuk"), "{}", c.text());
    c.tap("Kupon");
    c.tap("Kupon kodu");
    c.say("yaz 25");
    assert!(c.saw("YAZ25 kuponu uygulandı"), "{}", c.text());
    assert!(c.saw("Toplam: 15,00 ₺"), "{}", c.text());
    c.tap("Onayla");
    let d = c.draft().expect("placed");
    assert_eq!(d.coupon.as_ref().map(|c| c.as_str()), Some("YAZ25"));
    assert_eq!(d.note.as_deref(), Some("zil bozuk"));
}

#[test]
fn the_same_again_repeats_the_last_order_with_86_said() {
    let mut c = Chat::with(sample_world());
    c.say("1 kola, 1 su");
    c.say("gel al");
    c.tap("Onayla");
    let su = c
        .world
        .menu
        .products
        .iter()
        .position(|p| p.name == "Su")
        .expect("su");
    c.world.menu.products[su].available = false;
    c.say("aynısından");
    assert!(
        c.saw("Son siparişini") && c.saw("çıkardık: Su"),
        "{}",
        c.text()
    );
    c.say("gel al");
    c.tap("Onayla");
    let d = c.draft().expect("placed again");
    assert_eq!(d.items.len(), 1);
    assert_eq!(d.items[0].name, "Kola");
    assert_eq!(c.placed_orders(), 2);
}

/// Every "• word — …" line of the help text.
fn help_words(help: &str) -> Vec<String> {
    help.lines()
        .filter_map(|l| l.strip_prefix("• "))
        .filter_map(|l| l.split(" — ").next())
        .map(str::to_string)
        .collect()
}

#[test]
fn every_word_the_help_lists_is_understood() {
    for (lang, ask) in [(Lang::Tr, "yardım"), (Lang::En, "help")] {
        let words = help_words(&crate::domain::texts::help(lang));
        assert!(words.len() >= 8, "{words:?}");
        for w in words {
            let mut c = Chat::with(World {
                default_lang: lang,
                ..sample_world()
            });
            c.say(ask);
            assert!(c.saw(&w), "the help shows {w:?}");
            c.say(&w);
            assert!(!c.last.is_empty(), "{w:?} got no answer");
            assert!(!not_understood(&c), "{lang:?} {w:?}: {}", c.text());
            assert!(
                !c.saw("Menümüzde yok") && !c.saw("Not on our menu"),
                "{w:?}: {}",
                c.text()
            );
        }
    }
}

#[test]
fn bad_input_gets_a_clear_answer_and_nothing_is_added_silently() {
    let mut c = Chat::with(sample_world());
    // a thousand characters of nothing
    c.say(&"asdf ".repeat(200));
    assert!(
        !c.last.is_empty() && c.session.cart.is_empty(),
        "{}",
        c.text()
    );
    // emoji only
    c.say("🌯🔥😋");
    assert!(
        !c.last.is_empty() && c.session.cart.is_empty(),
        "{}",
        c.text()
    );
    assert!(not_understood(&c), "{}", c.text());
    // an order and something that is not on the menu: the rest is said back
    c.say("2 kola, 1 hamburger");
    assert!(c.saw("2 × Kola") && c.saw("hamburger"), "{}", c.text());
    // 999 of one thing: capped at 50 and told
    c.say("999 su");
    assert!(c.saw("999") && c.saw("en fazla 50"), "{}", c.text());
    let su = c
        .session
        .cart
        .lines
        .iter()
        .find(|l| l.name == "Su")
        .expect("su");
    assert_eq!(su.quantity, 50);
    // 999 of something with a required option: asked, then capped
    c.say("999 ayran");
    assert!(c.saw("en fazla 50") && c.saw("Boy"), "{}", c.text());
    c.tap("Küçük");
    let ayran = c
        .session
        .cart
        .lines
        .iter()
        .find(|l| l.name == "Ayran")
        .expect("ayran");
    assert_eq!(ayran.quantity, 50);
    // two hundred items in one sentence: read up to the limit, and told
    let mut c = Chat::with(sample_world());
    c.say(&vec!["1 kola"; 200].join(", "));
    assert!(c.saw("okumadım"), "{}", c.text());
    let total: u32 = c.session.cart.lines.iter().map(|l| l.quantity).sum();
    assert!(total <= 50 && total > 0, "{total}");
    // an ambiguous word: asked once, nothing added until chosen
    let mut c = Chat::with(sample_world());
    c.say("2 dürüm acılı");
    assert!(c.saw("hangisi"), "{}", c.text());
    assert!(c.session.cart.is_empty());
    c.tap("Et Dürüm");
    let l = &c.session.cart.lines;
    assert_eq!(l.len(), 1, "{l:?}");
    assert_eq!((l[0].name.as_str(), l[0].quantity), ("Et Dürüm", 2));
    assert!(c.saw("2 × Et Dürüm (Acılı)"), "{}", c.text());
}

#[test]
fn short_answers_are_understood() {
    let mut c = Chat::with(sample_world());
    c.say("teşekkürler");
    assert!(c.saw("Rica ederiz") && c.last.len() == 1, "{}", c.text());
    c.say("kuponum yok");
    assert!(!not_understood(&c), "{}", c.text());
    c.say("1 kola");
    c.say("tamam");
    assert_eq!(c.session.step, Step::Fulfilment, "{}", c.text());
    c.say("paket");
    assert_eq!(c.session.step, Step::Address, "{}", c.text());
    c.say("gel al");
    assert!(
        matches!(c.session.step, Step::Summary { .. }),
        "{}",
        c.text()
    );
    c.say("tamam");
    assert_eq!(c.placed_orders(), 1);
}

#[test]
fn coupons_are_read_as_people_type_them() {
    for typed in [" hoşgeldin ", "HOŞGELDİN", "hos geldin", "kupon hoşgeldin"] {
        let mut c = Chat::with(sample_world());
        c.coupons.push(coupon(
            "HOSGELDIN",
            crate::domain::coupon::CouponKind::Amount,
            500,
        ));
        c.say("1 kola");
        c.say("gel al");
        c.tap("Kupon");
        c.tap("Kupon kodu");
        c.say(typed);
        assert!(
            c.saw("HOSGELDIN kuponu uygulandı"),
            "{typed:?}: {}",
            c.text()
        );
    }
    let mut c = Chat::with(sample_world());
    c.say("1 kola");
    c.say("gel al");
    c.tap("Kupon");
    c.tap("Kupon kodu");
    c.say("kuponum yok");
    assert!(c.effects.is_empty(), "'kuponum yok' is not looked up");
    assert!(matches!(c.session.step, Step::Summary { .. }));
}
