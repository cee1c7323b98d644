//! Button titles (≤ 20 characters), list button labels (≤ 20) and fixed list row
//! titles (≤ 24), in Turkish and English. The tests below hold every one to its limit.

use super::pick;
use crate::domain::Lang;

macro_rules! label {
    ($(#[$doc:meta])* $name:ident, $tr:expr, $en:expr) => {
        $(#[$doc])*
        pub fn $name(lang: Lang) -> String {
            pick(lang, $tr, $en)
        }
    };
}

label!(/// Opens the category list.
    menu, "📋 Menü", "📋 Menu");
label!(/// Shows the cart.
    cart, "🛒 Sepetim", "🛒 My cart");
label!(/// Starts the checkout.
    checkout, "✅ Sipariş ver", "✅ Checkout");
label!(/// Back to the categories after adding something.
    add_more, "➕ Ürün ekle", "➕ Add more");
label!(/// Opens the list of cart lines to change or remove.
    edit_cart, "✏️ Düzenle", "✏️ Edit");
label!(/// Shows the open orders and their status.
    my_orders, "📦 Siparişim", "📦 My order");
label!(/// Checkout without a coupon code.
    no_coupon, "Kupon yok", "No coupon");
label!(/// Leaves the current question (checkout, options); the cart stays.
    cancel, "❌ Vazgeç", "❌ Cancel");
label!(/// Pickup at the shop.
    pickup, "🏃 Gel al", "🏃 Pickup");
label!(/// Delivery to an address.
    delivery, "🛵 Paket servis", "🛵 Delivery");
label!(/// Places the order shown in the summary.
    confirm, "✅ Onayla", "✅ Confirm");
label!(/// Places the order after the coupon was lost to another customer.
    confirm_anyway, "✅ Kuponsuz onayla", "✅ Confirm anyway");
label!(/// Asks for a new quantity of a cart line.
    change_qty, "🔢 Adedi değiştir", "🔢 Change qty");
label!(/// Removes a cart line.
    remove, "🗑 Çıkar", "🗑 Remove");
label!(/// Back to the cart view.
    back_to_cart, "🛒 Sepete dön", "🛒 Back to cart");
label!(/// Confirms cancelling a placed order.
    yes_cancel_order, "Evet, iptal et", "Yes, cancel it");
label!(/// Keeps the order.
    keep_order, "Hayır, kalsın", "No, keep it");
label!(/// Puts the customer through to a person (offered after two misses).
    talk_to_person, "🙋 Çalışana bağlan", "🙋 Talk to staff");
label!(/// List button of the category list.
    list_categories, "Kategoriler", "Categories");
label!(/// List button of a product list.
    list_products, "Ürünler", "Products");
label!(/// List button of an option group.
    list_options, "Seçenekler", "Options");
label!(/// List button of the quantity list.
    list_quantity, "Adet seç", "Choose quantity");
label!(/// List button of the cart lines.
    list_lines, "Satırlar", "Lines");
label!(/// List button of the saved addresses.
    list_addresses, "Adreslerim", "My addresses");
label!(/// Row: the next page of a long list.
    more_row, "Daha fazla ▶", "More ▶");
label!(/// Row: finish an option group that allows several choices.
    done_row, "✔️ Tamam", "✔️ Done");
label!(/// Row: choose nothing from an optional group.
    none_row, "➖ İstemiyorum", "➖ None, thanks");
label!(/// Row: type a quantity that is not in the list.
    other_qty_row, "Başka adet…", "Other amount…");
label!(/// Row: empty the whole cart.
    clear_row, "🗑 Sepeti boşalt", "🗑 Empty the cart");

label!(/// After adding: extras for this one, or one more.
    extra_more, "✨ Ekstra / +1", "✨ Extra / +1");
label!(/// After adding a product without extras: one more of it.
    one_more, "➕ 1 tane daha", "➕ One more");
label!(/// Summary: the coupon and note choices.
    coupon_note, "🎟 Kupon · 📝 Not", "🎟 Coupon · 📝 Note");
label!(/// Asks for a coupon code.
    coupon_button, "🎟 Kupon kodu", "🎟 Coupon code");
label!(/// Asks for a note.
    note_button, "📝 Not ekle", "📝 Add a note");
label!(/// Back to the order summary.
    back_to_summary, "↩️ Özete dön", "↩️ Back to summary");
label!(/// List button of the extras list.
    list_extras, "Seç", "Choose");
label!(/// Row: one more, the same.
    same_again, "➕ Aynısından 1 daha", "➕ One more, same");
label!(/// Section: extras on this one.
    extras_this, "Buna ekle", "On this one");
label!(/// Section: one more, with…
    extras_another, "Bir tane daha", "One more");
label!(/// List button of an ambiguous word's candidates.
    list_which, "Hangisi?", "Which one?");

/// Switches to the other language; written in the language it switches to.
pub fn other_lang(lang: Lang) -> String {
    pick(lang, "🇬🇧 English", "🇹🇷 Türkçe")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_fit_whatsapp() {
        let buttons: [fn(Lang) -> String; 26] = [
            talk_to_person,
            extra_more,
            one_more,
            coupon_note,
            coupon_button,
            note_button,
            back_to_summary,
            list_which,
            menu,
            cart,
            checkout,
            add_more,
            edit_cart,
            my_orders,
            no_coupon,
            cancel,
            pickup,
            delivery,
            confirm,
            confirm_anyway,
            change_qty,
            remove,
            back_to_cart,
            yes_cancel_order,
            keep_order,
            other_lang,
        ];
        let list_buttons: [fn(Lang) -> String; 7] = [
            list_extras,
            list_categories,
            list_products,
            list_options,
            list_quantity,
            list_lines,
            list_addresses,
        ];
        let rows: [fn(Lang) -> String; 8] = [
            more_row,
            done_row,
            none_row,
            other_qty_row,
            clear_row,
            same_again,
            extras_this,
            extras_another,
        ];
        for l in [Lang::Tr, Lang::En] {
            for f in buttons.iter().chain(list_buttons.iter()) {
                let t = f(l);
                assert!(!t.is_empty() && t.chars().count() <= 20, "{t}");
            }
            for f in rows {
                assert!(f(l).chars().count() <= 24, "{}", f(l));
            }
        }
        assert_ne!(confirm(Lang::Tr), confirm(Lang::En));
    }
}
