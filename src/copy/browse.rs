//! Texts of the greeting, the menu lists, options, quantities and the cart.

use super::pick;
use crate::domain::Lang;

/// First words. `name` is the WhatsApp profile name, already cleaned and cut.
pub fn greeting(lang: Lang, restaurant: &str, name: Option<&str>, returning: bool) -> String {
    let who = name.map(|n| format!(" {n}")).unwrap_or_default();
    match (lang, returning) {
        (Lang::Tr, true) => format!("👋 Tekrar hoş geldin{who}! {restaurant} seni özledi."),
        (Lang::Tr, false) => {
            format!("👋 Merhaba{who}! {restaurant} WhatsApp siparişine hoş geldin.")
        }
        (Lang::En, true) => format!("👋 Welcome back{who}! {restaurant} missed you."),
        (Lang::En, false) => format!("👋 Hello{who}! Welcome to {restaurant} on WhatsApp."),
    }
}

/// The question under the greeting.
pub fn home_prompt(lang: Lang) -> String {
    pick(lang, "Ne yapmak istersin?", "What would you like to do?")
}

/// Above the category list.
pub fn categories_body(lang: Lang) -> String {
    pick(
        lang,
        "📋 Menümüzden bir kategori seç 👇",
        "📋 Pick a category from our menu 👇",
    )
}

/// "(sayfa 2/3)" after a paged list's body.
pub fn page_of(lang: Lang, page: usize, pages: usize) -> String {
    match lang {
        Lang::Tr => format!("(sayfa {page}/{pages})"),
        Lang::En => format!("(page {page}/{pages})"),
    }
}

/// Above a category's product list.
pub fn products_body(lang: Lang, category: &str) -> String {
    match lang {
        Lang::Tr => format!("{category}: bir ürün seç 👇"),
        Lang::En => format!("{category}: pick a product 👇"),
    }
}

/// No category has anything available.
pub fn menu_empty(lang: Lang) -> String {
    pick(
        lang,
        "Şu an menüde sipariş verilebilecek ürün yok.",
        "Nothing on the menu can be ordered right now.",
    )
}

/// A category (from an old list) has nothing available now.
pub fn category_empty(lang: Lang, category: &str) -> String {
    match lang {
        Lang::Tr => format!("{category}: şu an bu kategoride ürün yok."),
        Lang::En => format!("{category}: nothing in this category right now."),
    }
}

/// A product that is 86'd (also when tapped on an old list).
pub fn sold_out(lang: Lang, product: &str) -> String {
    match lang {
        Lang::Tr => format!("😔 Üzgünüz, şu an yok: {product}"),
        Lang::En => format!("😔 Sorry, sold out right now: {product}"),
    }
}

/// A product (from an old list) was removed from the menu.
pub fn product_gone(lang: Lang) -> String {
    pick(
        lang,
        "Bu ürün artık menüde yok.",
        "That product is no longer on the menu.",
    )
}

/// Asks for an option group. `picked` lists what is already chosen in this group.
pub fn option_body(
    lang: Lang,
    product: &str,
    group: &str,
    min: u32,
    max: u32,
    picked: &[String],
) -> String {
    let rule = match (lang, min, max) {
        (Lang::Tr, 0, 1) => "isteğe bağlı".to_string(),
        (Lang::Tr, 0, m) => format!("isteğe bağlı, en fazla {m}"),
        (Lang::Tr, a, b) if a == b && a == 1 => "bir tane seç".to_string(),
        (Lang::Tr, a, b) => format!("en az {a}, en fazla {b}"),
        (Lang::En, 0, 1) => "optional".to_string(),
        (Lang::En, 0, m) => format!("optional, up to {m}"),
        (Lang::En, a, b) if a == b && a == 1 => "pick one".to_string(),
        (Lang::En, a, b) => format!("at least {a}, up to {b}"),
    };
    let mut s = format!("{product}\n{group}: {rule}");
    if !picked.is_empty() {
        s.push_str(&match lang {
            Lang::Tr => format!("\nSeçtiklerin: {}", picked.join(", ")),
            Lang::En => format!("\nChosen: {}", picked.join(", ")),
        });
    }
    s
}

/// An option group needs more choices before "done".
pub fn option_need_more(lang: Lang, min: u32) -> String {
    match lang {
        Lang::Tr => format!("Bu gruptan en az {min} seçmelisin."),
        Lang::En => format!("Please choose at least {min} from this group."),
    }
}

/// How many? `what` is the product with its options, `unit` the unit price.
pub fn quantity_body(lang: Lang, what: &str, unit: &str) -> String {
    match lang {
        Lang::Tr => {
            format!("{what}: {unit}\nKaç adet? Listeden seç ya da 1–50 arası bir sayı yaz.")
        }
        Lang::En => format!("{what}: {unit}\nHow many? Pick from the list or type a number 1–50."),
    }
}

/// After "other amount": type the number.
pub fn quantity_type(lang: Lang) -> String {
    pick(
        lang,
        "Kaç adet? 1 ile 50 arasında bir sayı yaz.",
        "How many? Type a number from 1 to 50.",
    )
}

/// A quantity outside 1..=max.
pub fn quantity_out_of_range(lang: Lang, max: u32) -> String {
    match lang {
        Lang::Tr => format!("Adet 1 ile {max} arasında olmalı."),
        Lang::En => format!("The quantity must be between 1 and {max}."),
    }
}

/// After adding: what was added and the cart's new size and total.
pub fn added(lang: Lang, qty: u32, what: &str, items: u32, total: &str) -> String {
    match lang {
        Lang::Tr => format!("✅ Sepete eklendi: {qty} × {what}\n🛒 Sepet: {items} ürün, {total}"),
        Lang::En => format!("✅ Added: {qty} × {what}\n🛒 Cart: {items} items, {total}"),
    }
}

/// A line was merged up to the per-line maximum.
pub fn quantity_capped(lang: Lang, max: u32) -> String {
    match lang {
        Lang::Tr => format!("Bir üründen en fazla {max} adet sipariş verilebilir."),
        Lang::En => format!("At most {max} of one item per order."),
    }
}

/// The cart has its maximum number of lines.
pub fn cart_full(lang: Lang, max: usize) -> String {
    match lang {
        Lang::Tr => format!("Sepet dolu: en fazla {max} farklı ürün olabilir."),
        Lang::En => format!("The cart is full: at most {max} different items."),
    }
}

/// The cart view (or checkout) with nothing in it.
pub fn cart_empty(lang: Lang) -> String {
    pick(
        lang,
        "🛒 Sepetin boş. Menüden bir şeyler ekleyelim mi?",
        "🛒 Your cart is empty. Shall we add something?",
    )
}

/// First line of the cart view.
pub fn cart_header(lang: Lang) -> String {
    pick(lang, "🛒 Sepetin:", "🛒 Your cart:")
}

/// Marks a cart line that cannot be ordered right now.
pub fn line_unavailable(lang: Lang) -> String {
    pick(lang, "(şu an yok)", "(not available now)")
}

/// "Toplam: 295,00 ₺".
pub fn total(lang: Lang, amount: &str) -> String {
    match lang {
        Lang::Tr => format!("Toplam: {amount}"),
        Lang::En => format!("Total: {amount}"),
    }
}

/// A long list was cut short.
pub fn more_lines(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Tr => format!("… ve {n} satır daha"),
        Lang::En => format!("… and {n} more lines"),
    }
}

/// Above the list of cart lines to change.
pub fn cart_edit_body(lang: Lang) -> String {
    pick(
        lang,
        "✏️ Değiştirmek istediğin satırı seç.",
        "✏️ Pick the line to change.",
    )
}

/// One cart line chosen: what now?
pub fn line_body(lang: Lang, line: &str) -> String {
    match lang {
        Lang::Tr => format!("{line}\nNe yapalım?"),
        Lang::En => format!("{line}\nWhat should we do?"),
    }
}

/// Asks the new quantity of a cart line.
pub fn line_qty_body(lang: Lang, what: &str, current: u32) -> String {
    match lang {
        Lang::Tr => format!("{what}: şu an {current} adet. Yeni adet? (1–50)"),
        Lang::En => format!("{what}: now {current}. New quantity? (1–50)"),
    }
}

/// A cart line got a new quantity.
pub fn line_updated(lang: Lang, what: &str, qty: u32) -> String {
    match lang {
        Lang::Tr => format!("🔢 {what}: artık {qty} adet."),
        Lang::En => format!("🔢 {what}: now {qty}."),
    }
}

/// A cart line was removed.
pub fn line_removed(lang: Lang, what: &str) -> String {
    match lang {
        Lang::Tr => format!("🗑 Sepetten çıkarıldı: {what}"),
        Lang::En => format!("🗑 Removed from the cart: {what}"),
    }
}

/// An old cart row points at a line that changed or left.
pub fn line_gone(lang: Lang) -> String {
    pick(
        lang,
        "O satır artık sepette yok.",
        "That line is no longer in the cart.",
    )
}

/// The whole cart was emptied.
pub fn cart_cleared(lang: Lang) -> String {
    pick(lang, "🗑 Sepet boşaltıldı.", "🗑 The cart is empty now.")
}

/// Typed text matched several products.
pub fn search_results(lang: Lang, query: &str) -> String {
    match lang {
        Lang::Tr => format!("🔎 “{query}” için bulduklarım:"),
        Lang::En => format!("🔎 What I found for “{query}”:"),
    }
}
