//! The shop's state in the conversation (paused: told once, first, the cart
//! kept, no checkout button to loop on) and questions about the order and the
//! shop at any step ([`crate::bot::asks`]).

use super::*;
use crate::bot::asks::{Ask, read};
use crate::domain::money::Money;
use crate::domain::order::{Fulfilment, OrderStatus};
use crate::domain::text::fold;
use crate::domain::time::At;
use crate::domain::{Lang, OrderNumber};

const MIN: i64 = 60_000;

fn paused() -> ShopStatus {
    ShopStatus::Paused {
        until_text: Some("19:30".into()),
        reason: Some("ocak bakımda".into()),
    }
}

fn count(hay: &str, needle: &str) -> usize {
    hay.matches(needle).count()
}

#[test]
fn paused_the_first_message_is_told_once_and_first() {
    let w = World {
        shop: paused(),
        ..World::default()
    };
    let mut c = Chat::with(w);
    c.say("2 ayran");
    let first = c.text();
    assert!(first.starts_with("⏸"), "the pause comes first: {first}");
    assert!(
        first.contains("ocak bakımda") && first.contains("19:30"),
        "{first}"
    );
    assert_eq!(c.session.cart.lines.len(), 1, "the cart is kept: {first}");
    assert!(c.session.paused_told > 0);
    c.say("1 kola");
    assert!(!c.saw("⏸"), "told once: {}", c.text());
    assert_eq!(c.session.cart.lines.len(), 2);
    // a checkout says "not now" once in the bubble and offers no checkout again
    c.say("sipariş ver");
    let t = c.text();
    assert_eq!(count(&t, "sipariş alamıyoruz"), 1, "{t}");
    assert!(t.contains("saklanır"), "{t}");
    assert!(
        !c.titles().iter().any(|x| x.contains("Sipariş ver")),
        "{:?}",
        c.titles()
    );
    assert_eq!(c.session.cart.lines.len(), 2, "the cart kept");
    // open again: the record is dropped, the checkout goes on
    c.world.shop = ShopStatus::Open;
    c.say("sepet");
    assert_eq!(c.session.paused_told, 0);
    assert!(
        c.titles().iter().any(|x| x.contains("Sipariş ver")),
        "{:?}",
        c.titles()
    );
}

#[test]
fn paused_a_greeting_has_the_notice_not_doubled() {
    let w = World {
        shop: paused(),
        ..World::default()
    };
    let mut c = Chat::with(w);
    c.say("merhaba");
    assert_eq!(count(&c.text(), "⏸"), 1, "{}", c.text());
    c.say("menü");
    assert_eq!(count(&c.text(), "⏸"), 0, "{}", c.text());
    // asked, it is said again
    c.say("açıldınız mı");
    assert_eq!(count(&c.text(), "⏸"), 1, "{}", c.text());
}

#[test]
fn paused_told_first_then_confirm_from_an_old_summary_loops_nowhere() {
    let mut c = Chat::new();
    c.say("2 ayran");
    c.say("gel al");
    c.world.shop = paused();
    c.say("onayla");
    let t = c.text();
    assert_eq!(count(&t, "sipariş alamıyoruz"), 1, "{t}");
    assert!(
        !c.titles()
            .iter()
            .any(|x| x.contains("Onayla") || x.contains("Sipariş ver")),
        "{:?}",
        c.titles()
    );
    assert_eq!(c.placed_orders(), 0);
}

fn ask(s: &str) -> Option<Ask> {
    read(s, &fold(s), false)
}

#[test]
fn order_questions_and_complaints_are_read() {
    for s in [
        "ne zaman gelir",
        "siparişim ne zaman gelir",
        "siparisim hazir mi",
        "siparişim hazır mı?",
        "hazır mı",
        "siparişim nerede kaldı",
        "yemek ne zaman gelir",
        "when will my order arrive",
        "is my order ready",
        "is it ready yet",
        "where is my food",
        "how long will my order take",
    ] {
        assert_eq!(ask(s), Some(Ask::Order { complaint: false }), "{s}");
    }
    for s in [
        "siparişim 1 saattir gelmedi!!! rezalet",
        "siparisim gelmedi",
        "hala gelmedi",
        "yemek gecikti",
        "rezalet siparişim nerede",
        "my order hasn't arrived",
        "still waiting for my food",
        "my order is late",
        "this is ridiculous where is my order",
    ] {
        assert_eq!(ask(s), Some(Ask::Order { complaint: true }), "{s}");
    }
    for s in [
        "eve servisiniz var mı",
        "eve servis var mi",
        "adrese getiriyor musunuz",
        "do you deliver here?",
        "do you deliver to my address",
        "home delivery?",
    ] {
        assert_eq!(ask(s), Some(Ask::DeliverHere), "{s}");
    }
    for s in [
        "açıldınız mı",
        "acildiniz mi",
        "açtınız mı",
        "are you open yet",
        "open?",
        "sipariş alıyor musunuz",
    ] {
        assert_eq!(ask(s), Some(Ask::Open), "{s}");
    }
    for s in [
        "ödeme nasıl",
        "nasıl ödeyebilirim",
        "kart geçerli mi",
        "how can I pay",
        "do you accept cards",
    ] {
        assert_eq!(ask(s), Some(Ask::Payment), "{s}");
    }
    for s in [
        "2 tavuk dürüm acılı",
        "acılı olsun",
        "ayran",
        "Moda Cad. No:12 Kadıköy",
        "evet",
        "kapıda nakit",
        "gel al",
        "paket",
        "eve getirin",
        "hazır",
    ] {
        assert_eq!(ask(s), None, "{s}");
    }
    // at the address question only an order complaint counts
    assert_eq!(
        read("eve servis var mı", &fold("eve servis var mı"), true),
        None
    );
}

fn open_order(status: OrderStatus, ago: i64, scheduled_for: Option<i64>) -> OrderBrief {
    OrderBrief {
        number: OrderNumber::new(42),
        status,
        fulfilment: Fulfilment::Delivery,
        total: Money::from_minor(12000),
        placed_at: At::from_millis(NOW - ago),
        cancel_requested: false,
        scheduled_for: scheduled_for.map(At::from_millis),
    }
}

#[test]
fn when_will_it_come_gets_the_status_and_an_estimate() {
    let mut w = World::default();
    w.customer.open_orders = vec![open_order(OrderStatus::Preparing, 10 * MIN, None)];
    let mut c = Chat::with(w);
    c.say("ne zaman gelir");
    assert!(c.saw("#42") && c.saw("tahmini 25 dk"), "{}", c.text());
    assert!(!c.saw("Menümüzde yok"), "{}", c.text());
}

#[test]
fn an_order_placed_ahead_is_quoted_its_time() {
    let mut w = World::default();
    // 12:30 local (UTC+3) on the test day is 09:30 UTC; NOW is 12:00 UTC → tomorrow
    let at = NOW + 3 * HOUR;
    w.customer.open_orders = vec![open_order(OrderStatus::New, 0, Some(at))];
    let mut c = Chat::with(w);
    c.say("siparişim ne zaman gelir");
    assert!(c.saw("18:00 için"), "{}", c.text());
    assert!(!c.saw("tahmini"), "{}", c.text());
}

#[test]
fn a_complaint_gets_an_apology_the_status_and_a_person_not_the_menu() {
    let mut w = World::default();
    w.customer.open_orders = vec![open_order(OrderStatus::OutForDelivery, 70 * MIN, None)];
    let mut c = Chat::with(w);
    c.say("2 ayran");
    c.say("siparişim 1 saattir gelmedi!!! rezalet");
    let t = c.text();
    assert!(t.contains("özür") && t.contains("#42"), "{t}");
    assert!(!t.contains("Menümüzde yok"), "{t}");
    assert_eq!(
        c.titles().first().map(String::as_str),
        Some("🙋 Çalışana bağlan"),
        "{t}"
    );
    assert!(!c.titles().iter().any(|x| x.contains("Menü")), "{t}");
    assert_eq!(c.session.cart.lines.len(), 1, "the cart untouched");
    assert!(!c.session.complained, "used up");
    let input = c.find("🙋 Çalışana bağlan");
    assert_eq!(c.raw(input).handoff, Some(Handoff::Asked));
    // with no order open: still an apology and a person
    let mut c = Chat::new();
    c.say("my order hasn't arrived");
    assert!(c.saw("sorry") || c.saw("özür"), "{}", c.text());
    assert!(
        c.titles()
            .iter()
            .any(|x| x == "🙋 Çalışana bağlan" || x == "🙋 Talk to staff")
    );
}

#[test]
fn deliver_home_is_answered_from_the_config_not_as_a_place() {
    let mut c = Chat::new();
    c.say("eve servisiniz var mı");
    assert!(!c.saw("“eve”") && !c.saw("eve\" "), "{}", c.text());
    assert!(!c.saw("alanımızda değil"), "{}", c.text());
    c.world.default_lang = Lang::En;
}

#[test]
fn questions_keep_the_step() {
    let mut c = Chat::new();
    c.say("tavuk dürüm");
    let step = c.session.step.clone();
    c.say("ödeme nasıl");
    assert_eq!(c.session.step, step);
    c.say("açıldınız mı");
    assert_eq!(c.session.step, step);
}

fn from(number: &str) -> Chat {
    let w = World {
        customer: CustomerInfo::new(crate::domain::CustomerId::parse(number).expect("a phone")),
        ..World::default()
    };
    Chat::with(w)
}

#[test]
fn english_text_from_a_turkish_number_is_answered_in_english() {
    let mut c = from("905551112233");
    c.say("hello I want 2 chicken durum");
    assert_eq!(c.session.lang, Some(Lang::En), "{}", c.text());
    let mut c = from("905551112233");
    c.say("english please");
    assert_eq!(c.session.lang, Some(Lang::En));
    assert!(c.saw("Language: English"), "{}", c.text());
    c.say("türkçe lütfen");
    assert_eq!(c.session.lang, Some(Lang::Tr));
    c.say("ingilizce");
    assert_eq!(c.session.lang, Some(Lang::En));
}

#[test]
fn a_turkish_street_does_not_switch_an_english_customer() {
    let mut c = from("966501234567");
    c.say("2 ayran");
    c.say("delivery");
    assert_eq!(c.lang_now(), Lang::En);
    c.say("Atatürk Bulvarı No 195");
    assert_eq!(c.lang_now(), Lang::En, "{}", c.text());
    let mut c = from("966501234567");
    c.say("2 tavuk dürüm acısız");
    assert_eq!(c.lang_now(), Lang::Tr, "plainly Turkish: {}", c.text());
    c.say("sorry I don't understand Turkish");
    assert_eq!(c.lang_now(), Lang::En, "{}", c.text());
    assert!(c.saw("Language: English"), "{}", c.text());
}

#[test]
fn english_help_words_are_english() {
    let mut c = from("447700900123");
    c.say("person");
    assert!(c.saw("person from our team"), "{}", c.text());
    assert!(!crate::copy::reach_a_person(Lang::En).contains("yetkili"));
}

impl Chat {
    /// The language the customer is answered in now.
    fn lang_now(&self) -> Lang {
        self.session.lang.unwrap_or_else(|| {
            crate::domain::lang_guess::for_customer(
                &self.world.customer.phone,
                self.world.default_lang,
            )
        })
    }
}

#[test]
fn the_address_is_asked_with_whatsapps_send_location_button() {
    use crate::domain::reply::Reply;
    let mut c = Chat::new();
    c.say("1 kola");
    c.say("paket");
    assert_eq!(c.session.step, crate::bot::session::Step::Address);
    assert!(
        c.last
            .iter()
            .any(|r| matches!(r, Reply::LocationRequest { body } if body.contains("adres"))),
        "{:?}",
        c.last
    );
    // a pin answers it
    c.send(Input::Location {
        latitude: 41.0,
        longitude: 29.0,
        name: None,
        address: None,
    });
    assert_ne!(c.session.step, crate::bot::session::Step::Address);
    // with saved addresses: the list, and the button under it
    let mut w = World::default();
    w.customer.saved_addresses = vec!["Moda Cad. No:12 D:3".into()];
    w.customer.saved_pins = vec![None];
    let mut c = Chat::with(w);
    c.say("1 kola");
    c.say("paket");
    assert!(
        c.last
            .iter()
            .any(|r| matches!(r, Reply::LocationRequest { .. })),
        "{:?}",
        c.last
    );
}

#[test]
fn a_location_request_is_built_and_checked_in_metas_shape() {
    use crate::domain::reply::Reply;
    use crate::whatsapp::outbound::{check_limits, message_body};
    let fixture = crate::whatsapp::testdata::send_request("send_interactive_location_request.json");
    let body = message_body(
        &crate::whatsapp::testdata::fixture_to(),
        &Reply::LocationRequest {
            body: "Teslimat için konumunuzu paylaşır mısınız?".into(),
        },
        None,
    );
    assert_eq!(body, fixture);
    assert!(check_limits(&body).is_ok());
    let mut wrong = body.clone();
    wrong["interactive"]["action"]["name"] = "send_address".into();
    assert!(
        check_limits(&wrong).is_err(),
        "a wrong action name is refused"
    );
    let mut extra = body.clone();
    extra["interactive"]["action"]["buttons"] = serde_json::json!([]);
    assert!(
        check_limits(&extra).is_err(),
        "a location request has no buttons"
    );
    let mut header = body;
    header["interactive"]["header"] = serde_json::json!({"type": "text", "text": "x"});
    assert!(check_limits(&header).is_err());
}

#[test]
fn the_address_example_names_the_shops_city_or_none() {
    use crate::bot::shop::city;
    assert_eq!(
        city(Some("Kızılay Mah. Atatürk Blv. No:1, Çankaya/Ankara")).as_deref(),
        Some("Ankara")
    );
    assert_eq!(
        city(Some("Moda Cad. 12, 34710 Kadıköy")).as_deref(),
        Some("Kadıköy")
    );
    assert_eq!(city(Some("Moda Cad. 12")), None);
    assert_eq!(city(None), None);
    let t = crate::copy::address_again(Lang::Tr, true, Some("Ankara"));
    assert!(t.contains("Ankara") && !t.contains("Kadıköy"), "{t}");
    let t = crate::copy::address_again(Lang::En, false, None);
    assert!(!t.contains("Kadıköy") && !t.contains("İstanbul"), "{t}");
}

#[test]
fn an_option_button_cuts_the_name_never_the_price() {
    use crate::bot::steps::options::priced_title;
    use crate::whatsapp::limits::{BUTTON_TITLE, utf16_len};
    let t = priced_title("1,5 porsiyon", "+110,00 ₺");
    assert!(
        t.ends_with("+110,00 ₺") && utf16_len(&t) <= BUTTON_TITLE,
        "{t}"
    );
    assert!(t.starts_with("1,5 por"), "{t}");
    assert_eq!(priced_title("Kaşar", "+15,00 ₺"), "Kaşar +15,00 ₺");
    let t = priced_title("Çift lavaşlı közlenmiş", "+1.110,00 ₺");
    assert!(
        t.ends_with("+1.110,00 ₺") && utf16_len(&t) <= BUTTON_TITLE,
        "{t}"
    );
    let t = priced_title("Şiş 🌶️🌶️", "+110,00 ₺");
    assert!(utf16_len(&t) <= BUTTON_TITLE, "{t}");
}

#[test]
fn same_again_pays_the_same_way_without_asking() {
    use crate::domain::payment::{Payment, PaymentTerms};
    let w = World {
        payment: PaymentTerms {
            delivery: vec![Payment::Cash, Payment::Card],
            pickup: vec![Payment::Counter, Payment::Card],
            online_url: None,
        },
        ..World::default()
    };
    let mut c = Chat::with(w);
    c.say("2 ayran");
    c.say("gel al");
    assert!(c.saw("Nasıl ödemek istersin"), "{}", c.text());
    c.tap("kart");
    c.tap("Onayla");
    assert_eq!(c.placed_orders(), 1);
    c.say("aynısından");
    c.say("gel al");
    assert!(
        !c.saw("Nasıl ödemek istersin"),
        "not asked again: {}",
        c.text()
    );
    c.tap("Onayla");
    assert_eq!(c.draft().and_then(|d| d.payment), Some(Payment::Card));
}

#[test]
fn a_thumbs_up_while_an_option_is_asked_asks_for_the_option() {
    let mut c = Chat::new();
    c.say("1 kola");
    c.say("tavuk dürüm");
    assert!(matches!(
        c.session.step,
        crate::bot::session::Step::Options { .. }
    ));
    for yes in ["👍", "onayla", "tamam"] {
        c.say(yes);
        assert!(
            matches!(c.session.step, crate::bot::session::Step::Options { .. }),
            "{yes}: {}",
            c.text()
        );
        assert!(c.saw("Acı"), "{yes}: the option asked again: {}", c.text());
        assert!(
            !c.saw("👍 "),
            "{yes}: no thumbs up while nothing happened: {}",
            c.text()
        );
        assert_eq!(c.placed_orders(), 0);
    }
}
