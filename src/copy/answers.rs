//! Answers from the configuration (address with a map link, phone, today's
//! hours), the order-status view with times and estimates, and asking the
//! shop to cancel an order the kitchen already started.

use super::pick;
use crate::domain::eta::Eta;
use crate::domain::hours::Window;
use crate::domain::{Lang, OrderNumber};

/// How a customer reaches a person (the handoff path answers this word).
pub fn reach_a_person(lang: Lang) -> String {
    pick(
        lang,
        "Bir yetkiliyle görüşmek için “yetkili” yaz.",
        "To reach a person, write “person”.",
    )
}

/// A Google Maps search for `address` (the Maps URLs form, which opens the app
/// on a phone), the address URL-encoded.
pub fn map_url(address: &str) -> String {
    let q: String = form_urlencoded::byte_serialize(address.trim().as_bytes()).collect();
    format!("https://www.google.com/maps/search/?api=1&query={q}")
}

/// "adresiniz nerede": the address and a map link.
pub fn address_reply(lang: Lang, address: &str, map_url: &str) -> String {
    match lang {
        Lang::Tr => format!("📍 Adresimiz: {address}\n🗺 Harita: {map_url}"),
        Lang::En => format!("📍 Our address: {address}\n🗺 Map: {map_url}"),
    }
}

/// No `restaurant.address` configured: said so, nothing invented.
pub fn no_address(lang: Lang) -> String {
    format!(
        "{} {}",
        pick(
            lang,
            "📍 Adresimiz burada kayıtlı değil, kusura bakma.",
            "📍 Sorry, our address is not on file here.",
        ),
        reach_a_person(lang)
    )
}

/// "telefon numaranız ne".
pub fn phone_reply(lang: Lang, phone: &str) -> String {
    match lang {
        Lang::Tr => format!("📞 Telefonumuz: {phone}"),
        Lang::En => format!("📞 Our phone number: {phone}"),
    }
}

/// No `restaurant.phone` configured.
pub fn no_phone(lang: Lang) -> String {
    format!(
        "{} {}",
        pick(
            lang,
            "📞 Telefon numaramız burada kayıtlı değil, kusura bakma.",
            "📞 Sorry, our phone number is not on file here.",
        ),
        reach_a_person(lang)
    )
}

/// "11:00–23:00", or all day.
fn window_text(lang: Lang, w: Window) -> String {
    if w.open == 0 && w.close >= 24 * 60 {
        return pick(lang, "24 saat", "24 hours");
    }
    w.to_string().replace('-', "–")
}

/// "kaça kadar açıksınız", first half: today's window (`None`: closed today).
pub fn hours_today(lang: Lang, today: Option<Window>) -> String {
    match (lang, today) {
        (Lang::Tr, Some(w)) => format!("🕒 Bugünkü çalışma saatlerimiz: {}.", window_text(lang, w)),
        (Lang::En, Some(w)) => format!("🕒 Our hours today: {}.", window_text(lang, w)),
        (Lang::Tr, None) => "🕒 Bugün kapalıyız.".to_string(),
        (Lang::En, None) => "🕒 We are closed today.".to_string(),
    }
}

/// Today's window, whether we are open now, and `next` (from
/// [`super::next_open_text`]) when we are not.
pub fn hours_reply(
    lang: Lang,
    today: Option<Window>,
    open_now: bool,
    next: Option<&str>,
) -> String {
    let now = match (lang, open_now, next) {
        (Lang::Tr, true, _) => "Şu an açığız, siparişini bekliyoruz!".to_string(),
        (Lang::En, true, _) => "We are open now, order away!".to_string(),
        (Lang::Tr, false, Some(n)) => format!("Şu an kapalıyız; açılış: {n}."),
        (Lang::En, false, Some(n)) => format!("We are closed now; we open {n}."),
        (Lang::Tr, false, None) => "Şu an kapalıyız.".to_string(),
        (Lang::En, false, None) => "We are closed now.".to_string(),
    };
    format!("{} {now}", hours_today(lang, today))
}

/// Under one order of the status view: "12 dk önce onaylandı · yaklaşık 8 dk".
pub fn order_timing(lang: Lang, minutes_ago: u32, eta: Eta) -> String {
    let ago = match (lang, minutes_ago) {
        (Lang::Tr, 0) => "az önce onaylandı".to_string(),
        (Lang::En, 0) => "confirmed just now".to_string(),
        (Lang::Tr, m) => format!("{m} dk önce onaylandı"),
        (Lang::En, m) => format!("confirmed {m} min ago"),
    };
    let left = match (lang, eta) {
        (Lang::Tr, Eta::Minutes(m)) => format!("tahmini {m} dk"),
        (Lang::En, Eta::Minutes(m)) => format!("about {m} min"),
        (Lang::Tr, Eta::Soon) => "her an hazır olabilir".to_string(),
        (Lang::En, Eta::Soon) => "any minute now".to_string(),
        (Lang::Tr, Eta::SoonAtDoor) => "her an kapında olabilir".to_string(),
        (Lang::En, Eta::SoonAtDoor) => "at your door any minute now".to_string(),
        (Lang::Tr, Eta::Ready) => "seni bekliyor".to_string(),
        (Lang::En, Eta::Ready) => "waiting for you".to_string(),
    };
    format!("   {ago} · {left}")
}

/// Under the list: where the estimates come from.
pub fn eta_basis(lang: Lang, measured: bool) -> String {
    match (lang, measured) {
        (Lang::Tr, true) => "⏱ Tahminler mutfağın bugünkü hızına göre.".into(),
        (Lang::En, true) => "⏱ Estimates follow the kitchen's pace today.".into(),
        (Lang::Tr, false) => "⏱ Tahminler ortalama hazırlık süremize göre.".into(),
        (Lang::En, false) => "⏱ Estimates use our usual preparation time.".into(),
    }
}

/// Next to an order whose cancellation the shop is deciding.
pub fn cancel_pending_mark(lang: Lang) -> String {
    pick(
        lang,
        "   ⏳ iptal isteğin dükkanda",
        "   ⏳ your cancel request is with the shop",
    )
}

/// "iptal" after the kitchen started: ask before passing the request on.
pub fn cancel_request_ask(lang: Lang, number: OrderNumber) -> String {
    match lang {
        Lang::Tr => format!(
            "#{number} hazırlanmaya başladı, buradan iptal edemiyoruz. İptal isteğini dükkana iletelim mi? Kararı onlar verir."
        ),
        Lang::En => format!(
            "#{number} is already being prepared, so it can't be cancelled here. Shall we ask the shop to cancel it? They will decide."
        ),
    }
}

/// Button: ask the shop to cancel a started order (the number is in the body).
pub fn ask_cancel_button(lang: Lang) -> String {
    pick(lang, "İptal iste", "Ask to cancel")
}

/// Button: yes, pass the cancel request to the shop.
pub fn ask_shop_button(lang: Lang) -> String {
    pick(lang, "Evet, dükkana sor", "Yes, ask the shop")
}

/// The request reached the board.
pub fn cancel_requested(lang: Lang, number: OrderNumber) -> String {
    match lang {
        Lang::Tr => format!(
            "📨 #{number} için iptal isteğini dükkana ilettik. Karar verince sana yazacağız; o zamana kadar siparişin hazırlanmaya devam ediyor."
        ),
        Lang::En => format!(
            "📨 We passed your request to cancel #{number} to the shop. We'll write when they decide; until then your order is still being made."
        ),
    }
}

/// Asked twice.
pub fn cancel_already_requested(lang: Lang, number: OrderNumber) -> String {
    match lang {
        Lang::Tr => {
            format!("⏳ #{number} için iptal isteğin zaten dükkanda; karar verince yazacağız.")
        }
        Lang::En => format!(
            "⏳ Your request to cancel #{number} is already with the shop; we'll write when they decide."
        ),
    }
}

/// Staff accepted the request: the order is cancelled.
pub fn cancel_request_accepted(lang: Lang, number: OrderNumber) -> String {
    let s = match lang {
        Lang::Tr => format!("❌ İptal isteğin kabul edildi: #{number} iptal edildi."),
        Lang::En => format!("❌ Your cancel request was accepted: order #{number} is cancelled."),
    };
    format!("{s} {}", reach_a_person(lang))
}

/// Staff refused the request: the order goes on.
pub fn cancel_request_refused(lang: Lang, number: OrderNumber) -> String {
    let s = match lang {
        Lang::Tr => format!(
            "👨‍🍳 #{number} için iptal isteğini karşılayamadık, kusura bakma; siparişin hazırlanmaya devam ediyor."
        ),
        Lang::En => format!("👨‍🍳 Sorry, we couldn't cancel #{number}; your order is going ahead."),
    };
    format!("{s} {}", reach_a_person(lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_read_in_both_languages() {
        let w = Window::parse("11:00-23:00").ok().flatten();
        assert_eq!(
            hours_reply(Lang::Tr, w, true, None),
            "🕒 Bugünkü çalışma saatlerimiz: 11:00–23:00. Şu an açığız, siparişini bekliyoruz!"
        );
        let en = hours_reply(Lang::En, None, false, Some("tomorrow at 11:00"));
        assert_eq!(
            en,
            "🕒 We are closed today. We are closed now; we open tomorrow at 11:00."
        );
        let all = Window::parse("00:00-24:00").ok().flatten();
        assert!(hours_reply(Lang::Tr, all, true, None).contains("24 saat"));
    }

    #[test]
    fn the_map_link_encodes_the_address() {
        assert_eq!(
            map_url("Moda Cad. No:12 & Kadıköy"),
            "https://www.google.com/maps/search/?api=1&query=Moda+Cad.+No%3A12+%26+Kad%C4%B1k%C3%B6y"
        );
    }

    #[test]
    fn buttons_fit_whatsapp() {
        for l in [Lang::Tr, Lang::En] {
            assert!(ask_cancel_button(l).chars().count() <= 20);
            assert!(ask_shop_button(l).chars().count() <= 20);
        }
    }

    #[test]
    fn every_fallback_says_how_to_reach_a_person() {
        for l in [Lang::Tr, Lang::En] {
            for t in [
                no_address(l),
                no_phone(l),
                cancel_request_accepted(l, OrderNumber::new(7)),
                cancel_request_refused(l, OrderNumber::new(7)),
            ] {
                let word = if l == Lang::Tr { "yetkili" } else { "person" };
                assert!(t.contains(word), "{t}");
            }
        }
    }
}
