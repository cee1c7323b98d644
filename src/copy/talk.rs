//! Texts of ordering in one's own words: what was added, what is not on the
//! menu, limits told, the ambiguous word asked, extras, short answers, the
//! repeated order.

use super::pick;
use crate::domain::Lang;

/// One line put into the cart.
pub fn added_line(lang: Lang, qty: u32, what: &str) -> String {
    match lang {
        Lang::Tr => format!("✅ Sepete eklendi: {qty} × {what}"),
        Lang::En => format!("✅ Added: {qty} × {what}"),
    }
}

/// The cart's size and total under an "added" message.
pub fn cart_status(lang: Lang, items: u32, total: &str) -> String {
    match lang {
        Lang::Tr => format!("🛒 Sepet: {items} ürün, {total}"),
        Lang::En => format!("🛒 Cart: {items} items, {total}"),
    }
}

/// Under the cart status: what the customer can do next.
pub fn added_hint(lang: Lang) -> String {
    pick(
        lang,
        "Başka bir şey istersen yaz (ör. “1 ayran”) ya da aşağıdan seç.",
        "Want anything else? Type it (e.g. “1 ayran”) or tap below.",
    )
}

/// Words that named nothing on the menu, said back by name, with what there is.
pub fn not_on_menu(lang: Lang, words: &str, categories: &str) -> String {
    match lang {
        Lang::Tr => format!("🤷 Menümüzde yok: {words}. Menüde: {categories}."),
        Lang::En => format!("🤷 Not on our menu: {words}. We have: {categories}."),
    }
}

/// More than the per-line maximum was asked for.
pub fn quantity_cap_told(lang: Lang, asked: u64, what: &str, max: u32) -> String {
    match lang {
        Lang::Tr => format!(
            "{asked} × {what} istedin; bir üründen en fazla {max} alabiliyoruz, {max} ekledim."
        ),
        Lang::En => {
            format!("You asked for {asked} × {what}; the most per item is {max}, so I added {max}.")
        }
    }
}

/// The message named more items than are read at once.
pub fn items_cap_told(lang: Lang, max: usize, dropped: usize) -> String {
    match lang {
        Lang::Tr => format!(
            "Bir mesajda en fazla {max} ürün okuyabiliyorum; {dropped} tanesini okumadım, istersen ayrıca yaz."
        ),
        Lang::En => format!(
            "I read at most {max} items per message; {dropped} were not read, please send them separately."
        ),
    }
}

/// An ambiguous word, asked once with the candidates as choices.
pub fn which_one(lang: Lang, said: &str) -> String {
    match lang {
        Lang::Tr => format!("“{said}” derken hangisi?"),
        Lang::En => format!("Which one do you mean by “{said}”?"),
    }
}

/// Above the extras list of a line.
pub fn extras_body(lang: Lang, what: &str, qty: u32) -> String {
    match (lang, qty) {
        (Lang::Tr, 1) => format!("{what}\nBuna ekstra mı, yoksa bir tane daha mı?"),
        (Lang::Tr, n) => format!(
            "{n} × {what}\n“Buna ekle”: ekstra bunlardan 1 tanesine eklenir. Ya da bir tane daha ekle."
        ),
        (Lang::En, 1) => format!("{what}\nAn extra on this one, or one more?"),
        (Lang::En, n) => {
            format!("{n} × {what}\n“On this one”: the extra goes on 1 of them. Or add one more.")
        }
    }
}

/// An extra was put on one unit.
pub fn extra_applied(lang: Lang, what: &str) -> String {
    match lang {
        Lang::Tr => format!("✨ Oldu: 1 × {what}"),
        Lang::En => format!("✨ Done: 1 × {what}"),
    }
}

/// The group of that extra is already full.
pub fn extra_too_many(lang: Lang) -> String {
    pick(
        lang,
        "Bu gruptan daha fazla seçilemiyor.",
        "No more can be chosen from that group.",
    )
}

/// The answer to "teşekkürler".
pub fn thanks_reply(lang: Lang) -> String {
    pick(
        lang,
        "Rica ederiz, afiyet olsun! 😊",
        "You're welcome, enjoy! 😊",
    )
}

/// "kuponum yok" outside the coupon question.
pub fn no_coupon_ok(lang: Lang) -> String {
    pick(lang, "Tamam, kuponsuz devam.", "OK, no coupon.")
}

/// Pickup or delivery said before there is anything in the cart.
pub fn fulfilment_noted(lang: Lang, pickup: bool) -> String {
    match (lang, pickup) {
        (Lang::Tr, true) => "👍 Gel al olarak not ettim. Ne alırsın?".into(),
        (Lang::Tr, false) => "👍 Paket servis olarak not ettim. Ne alırsın?".into(),
        (Lang::En, true) => "👍 Pickup, noted. What would you like?".into(),
        (Lang::En, false) => "👍 Delivery, noted. What would you like?".into(),
    }
}

/// A note typed as "not: …".
pub fn note_taken(lang: Lang, note: &str) -> String {
    match lang {
        Lang::Tr => format!("📝 Not alındı: {note}"),
        Lang::En => format!("📝 Note taken: {note}"),
    }
}

/// Asked after tapping "Kupon" on the summary.
pub fn coupon_ask(lang: Lang) -> String {
    pick(lang, "🎟 Kupon kodunu yaz.", "🎟 Type your coupon code.")
}

/// Asked after tapping "Not" on the summary.
pub fn note_ask(lang: Lang) -> String {
    pick(
        lang,
        "📝 Mutfağa notunu yaz (ör. “zil çalışmıyor”).",
        "📝 Type your note for the kitchen (e.g. “doorbell broken”).",
    )
}

/// Behind the summary's "Kupon · Not" button.
pub fn extras_of_order(lang: Lang) -> String {
    pick(
        lang,
        "Kupon kodu ya da mutfağa not? İstediğin zaman “kupon KOD” ya da “not: …” diye de yazabilirsin.",
        "A coupon code or a note for the kitchen? You can also type “coupon CODE” or “note: …” any time.",
    )
}

/// "Sipariş ver" while a required option is still open.
pub fn finish_item_first(lang: Lang, product: &str) -> String {
    match lang {
        Lang::Tr => format!("Önce {product} için seçimini yapalım; sonra siparişi tamamlarız."),
        Lang::En => format!("Let's finish {product} first; then we'll check out."),
    }
}

/// The half-built item was left for the menu or the cart.
pub fn item_left(lang: Lang, product: &str) -> String {
    match lang {
        Lang::Tr => format!("{product} eklenmedi (seçimi yarım kaldı)."),
        Lang::En => format!("{product} was not added (its choice was not finished)."),
    }
}

/// "aynısından" with no earlier order to repeat.
pub fn no_last_order(lang: Lang) -> String {
    pick(
        lang,
        "Daha önceki bir siparişini bulamadım. Ne alırsın?",
        "I couldn't find an earlier order of yours. What would you like?",
    )
}

/// The last order was put back into the cart, re-priced.
pub fn repeated(lang: Lang) -> String {
    pick(
        lang,
        "🔁 Son siparişini sepete koydum (bugünkü fiyatlarla).",
        "🔁 Your last order is in the cart again (at today's prices).",
    )
}
