//! Texts of the checkout: 86'd lines, coupons, pickup or delivery, address, note,
//! the summary and the placed order.

use crate::domain::OrderNumber;

use super::pick;
use crate::domain::Lang;
use crate::domain::order::Fulfilment;

/// Lines taken out at checkout because they cannot be ordered now.
pub fn removed_unavailable(lang: Lang, names: &str) -> String {
    match lang {
        Lang::Tr => format!("😔 Şu an olmadığı için sepetten çıkardık: {names}"),
        Lang::En => format!("😔 Taken out of your cart, not available now: {names}"),
    }
}

/// No coupon has this code (or it is not a code at all).
pub fn coupon_unknown(lang: Lang, code: &str) -> String {
    match lang {
        Lang::Tr => format!("“{code}” diye bir kupon bulamadık."),
        Lang::En => format!("We couldn't find a coupon called “{code}”."),
    }
}

/// The owner disabled the coupon.
pub fn coupon_inactive(lang: Lang, code: &str) -> String {
    match lang {
        Lang::Tr => format!("{code} kuponu şu an kullanımda değil."),
        Lang::En => format!("The coupon {code} is not active right now."),
    }
}

/// `date` is the local start date, e.g. "01.06.2027".
pub fn coupon_not_yet(lang: Lang, code: &str, date: &str) -> String {
    match lang {
        Lang::Tr => format!("{code} kuponu henüz başlamadı; başlangıç: {date}."),
        Lang::En => format!("The coupon {code} is not valid yet; it starts on {date}."),
    }
}

/// Past the coupon's end.
pub fn coupon_expired(lang: Lang, code: &str) -> String {
    match lang {
        Lang::Tr => format!("{code} kuponunun süresi doldu."),
        Lang::En => format!("The coupon {code} has expired."),
    }
}

/// All uses of the coupon are taken.
pub fn coupon_used_up(lang: Lang, code: &str) -> String {
    match lang {
        Lang::Tr => format!("{code} kuponunun bütün kullanım hakları doldu."),
        Lang::En => format!("The coupon {code} has been used up."),
    }
}

/// This customer used up their uses of the coupon.
pub fn coupon_already_used(lang: Lang, code: &str) -> String {
    match lang {
        Lang::Tr => format!("{code} kuponunu daha önce kullandın; kişi başı hakkın doldu."),
        Lang::En => format!("You have already used the coupon {code} as often as allowed."),
    }
}

/// `min` is the minimum order amount, formatted.
pub fn coupon_below_minimum(lang: Lang, code: &str, min: &str) -> String {
    match lang {
        Lang::Tr => format!("{code} kuponu en az {min} tutarındaki siparişlerde geçerli."),
        Lang::En => format!("The coupon {code} needs an order of at least {min}."),
    }
}

/// After a refused coupon: another code, or go on without.
pub fn coupon_try_again(lang: Lang) -> String {
    pick(
        lang,
        "Başka bir kod yazabilir ya da kuponsuz devam edebilirsin.",
        "You can type another code or continue without one.",
    )
}

/// The coupon applies: code and discount.
pub fn coupon_applied(lang: Lang, code: &str, discount: &str) -> String {
    match lang {
        Lang::Tr => format!("🎉 {code} kuponu uygulandı: -{discount}"),
        Lang::En => format!("🎉 Coupon {code} applied: -{discount}"),
    }
}

/// The coupon no longer applies to the final cart and was taken off the summary.
pub fn coupon_dropped(lang: Lang) -> String {
    pick(
        lang,
        "Kupon bu siparişten çıkarıldı.",
        "The coupon was taken off this order.",
    )
}

/// The coupon's last use went to someone else while confirming.
pub fn coupon_lost(lang: Lang) -> String {
    pick(
        lang,
        "Üzgünüz, kupon tam onaylarken geçersiz oldu. Kuponsuz onaylayabilirsin.",
        "Sorry, the coupon stopped applying just as you confirmed. You can confirm without it.",
    )
}

/// Asks pickup or delivery.
pub fn fulfilment_prompt(lang: Lang) -> String {
    pick(
        lang,
        "Gelip mi alırsın, adrese mi getirelim?",
        "Will you pick it up, or shall we deliver?",
    )
}

/// Asks the delivery address; mentions saved ones when there are some.
pub fn address_prompt(lang: Lang, has_saved: bool) -> String {
    let mut s = pick(
        lang,
        "📍 Teslimat adresini yaz (mahalle, sokak, no, daire) ya da konumunu paylaş.",
        "📍 Type your delivery address (street, number, flat) or share your location.",
    );
    if has_saved {
        s.push_str(&pick(
            lang,
            "\nKayıtlı adreslerinden birini de seçebilirsin.",
            "\nOr pick one of your saved addresses.",
        ));
    }
    s
}

/// First line of the order summary.
pub fn summary_header(lang: Lang) -> String {
    pick(lang, "🧾 Sipariş özeti", "🧾 Order summary")
}

/// Summary line: the subtotal.
pub fn subtotal(lang: Lang, amount: &str) -> String {
    match lang {
        Lang::Tr => format!("Ara toplam: {amount}"),
        Lang::En => format!("Subtotal: {amount}"),
    }
}

/// Summary line: the coupon discount.
pub fn discount(lang: Lang, code: &str, amount: &str) -> String {
    match lang {
        Lang::Tr => format!("İndirim ({code}): -{amount}"),
        Lang::En => format!("Discount ({code}): -{amount}"),
    }
}

/// The fulfilment line of the summary; `address` only for delivery.
pub fn fulfilment_line(lang: Lang, f: Fulfilment, address: Option<&str>) -> String {
    match (lang, f) {
        (Lang::Tr, Fulfilment::Pickup) => "🏃 Gel al".into(),
        (Lang::En, Fulfilment::Pickup) => "🏃 Pickup".into(),
        (Lang::Tr, Fulfilment::Delivery) => format!("🛵 Adres: {}", address.unwrap_or("-")),
        (Lang::En, Fulfilment::Delivery) => format!("🛵 Address: {}", address.unwrap_or("-")),
    }
}

/// Summary line: the kitchen note.
pub fn note_line(lang: Lang, note: &str) -> String {
    match lang {
        Lang::Tr => format!("📝 Not: {note}"),
        Lang::En => format!("📝 Note: {note}"),
    }
}

/// Last line of the summary, above Confirm / Cancel.
pub fn summary_question(lang: Lang) -> String {
    pick(lang, "Onaylıyor musun?", "Shall we place it?")
}

/// Prices, availability or the cart changed since the summary was shown.
pub fn summary_changed(lang: Lang) -> String {
    pick(
        lang,
        "Sepet ya da fiyatlar değişti; lütfen güncel özeti kontrol et.",
        "The cart or prices changed; please check the updated summary.",
    )
}

/// The order is written: number, total and when to expect it.
pub fn placed(lang: Lang, number: OrderNumber, total: &str, f: Fulfilment, minutes: u32) -> String {
    match (lang, f) {
        (Lang::Tr, Fulfilment::Pickup) => format!(
            "✅ Siparişin alındı! Numaran: #{number}\nToplam: {total}\n🏃 Yaklaşık {minutes} dakika içinde hazır olur; hazır olunca haber veririz."
        ),
        (Lang::Tr, Fulfilment::Delivery) => format!(
            "✅ Siparişin alındı! Numaran: #{number}\nToplam: {total}\n🛵 Yaklaşık {minutes} dakika içinde kapında; yola çıkınca haber veririz."
        ),
        (Lang::En, Fulfilment::Pickup) => format!(
            "✅ Order received! Your number: #{number}\nTotal: {total}\n🏃 Ready in about {minutes} minutes; we'll tell you when it is."
        ),
        (Lang::En, Fulfilment::Delivery) => format!(
            "✅ Order received! Your number: #{number}\nTotal: {total}\n🛵 At your door in about {minutes} minutes; we'll tell you when it leaves."
        ),
    }
}

/// The store could not write the order; confirming again may work.
pub fn place_failed(lang: Lang) -> String {
    pick(
        lang,
        "Siparişini kaydedemedik; lütfen birazdan tekrar onayla.",
        "We couldn't save your order; please confirm again in a moment.",
    )
}
