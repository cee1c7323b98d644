//! Texts for the turns said around an order: changes to the cart in words,
//! cancelling, coupons named in a sentence, and what the bot can do when a
//! message was not understood.

use super::pick;
use crate::domain::Lang;

/// A line (or part of it) taken out of the cart by words.
pub fn removed_said(lang: Lang, what: &str) -> String {
    match lang {
        Lang::Tr => format!("🗑 Çıkardım: {what}"),
        Lang::En => format!("🗑 Removed: {what}"),
    }
}

/// Asked to take out something the cart does not hold: nothing changed.
pub fn not_in_cart(lang: Lang, what: &str) -> String {
    match lang {
        Lang::Tr => format!("Sepetinde {what} yok; sepet aynı kaldı."),
        Lang::En => format!("There is no {what} in your cart; nothing changed."),
    }
}

/// A line's quantity set by words.
pub fn quantity_set(lang: Lang, what: &str, qty: u32) -> String {
    match lang {
        Lang::Tr => format!("🔢 {what}: artık {qty} adet."),
        Lang::En => format!("🔢 {what}: now {qty}."),
    }
}

/// A line changed into another product or other options.
pub fn changed_line(lang: Lang, before: &str, after: &str) -> String {
    match lang {
        Lang::Tr => format!("🔁 Değiştirdim: {before} → {after}"),
        Lang::En => format!("🔁 Changed: {before} → {after}"),
    }
}

/// The cart was emptied because the customer said so.
pub fn cart_cancelled(lang: Lang, what: &str) -> String {
    match lang {
        Lang::Tr => format!("🗑 Tamam, siparişten vazgeçtik; sepet boşaltıldı ({what})."),
        Lang::En => format!("🗑 OK, cancelled; the cart is empty now ({what})."),
    }
}

/// "kuponum yok" while a coupon was applied: it is taken off.
pub fn coupon_removed(lang: Lang, code: &str) -> String {
    match lang {
        Lang::Tr => format!("Tamam, {code} kuponunu kaldırdım."),
        Lang::En => format!("OK, I took coupon {code} off."),
    }
}

/// A second coupon applied: one coupon per order, the new one stays.
pub fn coupon_replaced(lang: Lang, old: &str, new: &str) -> String {
    match lang {
        Lang::Tr => format!("Bir siparişte tek kupon geçer: {old} yerine {new} kullanıldı."),
        Lang::En => format!("One coupon per order: {new} is used instead of {old}."),
    }
}

/// Not understood, with what can be done at this step.
pub fn not_understood_at(lang: Lang, can: &str) -> String {
    match lang {
        Lang::Tr => format!("Bunu anlayamadım 🤔 {can}"),
        Lang::En => format!("Sorry, I didn't get that 🤔 {can}"),
    }
}

/// What can be done at rest.
pub fn can_idle(lang: Lang, cart: bool) -> String {
    match (lang, cart) {
        (Lang::Tr, false) => {
            "Siparişini yazabilirsin (ör. 2 tavuk dürüm, 1 ayran) ya da bir düğmeye dokun.".into()
        }
        (Lang::Tr, true) => {
            "Ürün ekleyebilir, “kolayı çıkar” gibi değiştirebilir ya da “sipariş ver” yazabilirsin."
                .into()
        }
        (Lang::En, false) => {
            "You can type your order (e.g. 2 chicken wraps, 1 ayran) or tap a button.".into()
        }
        (Lang::En, true) => {
            "You can add items, change them (“remove the coke”) or type “checkout”.".into()
        }
    }
}

/// What can be done at the summary.
pub fn can_summary(lang: Lang) -> String {
    pick(
        lang,
        "Onaylamak için “onaylıyorum”, değiştirmek için “kolayı çıkar” gibi yazabilir ya da düğmelere dokunabilirsin.",
        "Type “yes” to confirm, or a change like “remove the coke”, or tap a button.",
    )
}

/// What can be done at any other question: pick a shown choice.
pub fn can_choose(lang: Lang) -> String {
    pick(
        lang,
        "Aşağıdakilerden birini seçebilir ya da numarasını yazabilirsin.",
        "Pick one below, or type its number.",
    )
}

/// Two misses in a row: a person is offered.
pub fn person_offer(lang: Lang) -> String {
    pick(
        lang,
        "İstersen seni bir çalışanımıza bağlayabilirim.",
        "If you like, I can put you through to one of our staff.",
    )
}

/// A pin sent before ordering: kept for the delivery.
pub fn pin_kept(lang: Lang) -> String {
    pick(
        lang,
        "📍 Konumunu aldım; siparişini bu konuma getiririz (gelip almak istersen “gel al” yaz).",
        "📍 Got your location; we will deliver there (type “pickup” to collect instead).",
    )
}
