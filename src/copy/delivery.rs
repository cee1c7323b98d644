//! Texts of the delivery zone, the fee, the minimum basket and the payment
//! method, and the answers to "kartla ödeyebilir miyim?"
//! and "Moda'ya teslimat var mı?". Amounts come formatted; names come cleaned.

use super::pick;
use crate::domain::Lang;
use crate::domain::payment::Payment;

/// Summary line: the delivery fee.
pub fn fee_line(lang: Lang, amount: &str) -> String {
    match lang {
        Lang::Tr => format!("🛵 Teslimat ücreti: {amount}"),
        Lang::En => format!("🛵 Delivery fee: {amount}"),
    }
}

/// Summary line: the fee is waived because the basket reached `free_above`.
pub fn fee_waived_line(lang: Lang, free_above: &str) -> String {
    match lang {
        Lang::Tr => format!("🛵 Teslimat: ücretsiz ({free_above} ve üzeri)"),
        Lang::En => format!("🛵 Delivery: free ({free_above} or more)"),
    }
}

/// Under the summary: how much more makes delivery free.
pub fn fee_free_hint(lang: Lang, missing: &str) -> String {
    match lang {
        Lang::Tr => format!("💡 {missing} daha eklersen teslimat ücretsiz."),
        Lang::En => format!("💡 Add {missing} more and delivery is free."),
    }
}

/// A pin beyond the radius.
pub fn too_far(lang: Lang, km: &str, radius_km: &str) -> String {
    match lang {
        Lang::Tr => format!(
            "😔 Bu konum dükkanımıza {km} km uzakta; en fazla {radius_km} km'ye kadar getirebiliyoruz. Gel al seçebilir ya da başka bir adres verebilirsin."
        ),
        Lang::En => format!(
            "😔 That location is {km} km from the shop; we deliver up to {radius_km} km. You can pick it up, or give another address."
        ),
    }
}

/// An address in none of the listed neighbourhoods.
pub fn not_listed(lang: Lang, neighbourhoods: &str) -> String {
    match lang {
        Lang::Tr => format!(
            "😔 Bu adrese paket servisimiz yok. Getirdiğimiz mahalleler: {neighbourhoods}. Gel al seçebilir ya da mahalleyi yazarak adresini yeniden verebilirsin."
        ),
        Lang::En => format!(
            "😔 We don't deliver to that address. We deliver to: {neighbourhoods}. You can pick it up, or give your address again with the neighbourhood."
        ),
    }
}

/// A typed address and only a radius configured: share a pin, once.
pub fn need_pin(lang: Lang) -> String {
    pick(
        lang,
        "📍 Adresin teslimat alanımızda mı bakabilmemiz için konumunu paylaşır mısın? (📎 → Konum) Paylaşamıyorsan “Adres doğru”ya dokun.",
        "📍 Could you share your location so we can check we deliver there? (📎 → Location) If you can't, tap “Address is right”.",
    )
}

/// Below the delivery minimum.
pub fn below_minimum(lang: Lang, min: &str, missing: &str) -> String {
    match lang {
        Lang::Tr => format!(
            "🛵 Paket servis için en az {min} sipariş gerekiyor; {missing} eksik. Ürün ekleyebilir ya da gel al seçebilirsin."
        ),
        Lang::En => format!(
            "🛵 Delivery needs an order of at least {min}; {missing} to go. Add something, or pick it up."
        ),
    }
}

/// Asks how the customer pays.
pub fn payment_ask(lang: Lang) -> String {
    pick(
        lang,
        "💳 Nasıl ödemek istersin?",
        "💳 How would you like to pay?",
    )
}

/// A method as it reads in a sentence and on the summary.
pub fn payment_name(lang: Lang, p: Payment) -> String {
    match (lang, p) {
        (Lang::Tr, Payment::Cash) => "kapıda nakit".into(),
        (Lang::Tr, Payment::Card) => "kapıda kartla (kurye POS getirir)".into(),
        (Lang::Tr, Payment::Online) => "online (ödeme bağlantısı)".into(),
        (Lang::Tr, Payment::Counter) => "kasada".into(),
        (Lang::En, Payment::Cash) => "cash at the door".into(),
        (Lang::En, Payment::Card) => "card at the door (the courier brings a card machine)".into(),
        (Lang::En, Payment::Online) => "online (a payment link)".into(),
        (Lang::En, Payment::Counter) => "at the counter".into(),
    }
}

/// Summary line: how the customer pays.
pub fn payment_line(lang: Lang, p: Payment) -> String {
    match lang {
        Lang::Tr => format!("💳 Ödeme: {}", payment_name(lang, p)),
        Lang::En => format!("💳 Payment: {}", payment_name(lang, p)),
    }
}

/// The button that picks a method (≤ 20 units; a test holds them to it).
pub fn payment_button(lang: Lang, p: Payment) -> String {
    match (lang, p) {
        (Lang::Tr, Payment::Cash) => "💵 Kapıda nakit".into(),
        (Lang::Tr, Payment::Card) => "💳 Kapıda kart".into(),
        (Lang::Tr, Payment::Online) => "🌐 Online öde".into(),
        (Lang::Tr, Payment::Counter) => "🏪 Kasada öde".into(),
        (Lang::En, Payment::Cash) => "💵 Cash at door".into(),
        (Lang::En, Payment::Card) => "💳 Card at door".into(),
        (Lang::En, Payment::Online) => "🌐 Pay online".into(),
        (Lang::En, Payment::Counter) => "🏪 At the counter".into(),
    }
}

/// Button: take the typed address without a pin.
pub fn address_is_right(lang: Lang) -> String {
    pick(lang, "✅ Adres doğru", "✅ Address is right")
}

/// Button: give another delivery address.
pub fn other_address(lang: Lang) -> String {
    pick(lang, "📍 Başka adres", "📍 Other address")
}

/// The body above the online payment button.
pub fn online_pay_body(lang: Lang, number: crate::domain::OrderNumber, total: &str) -> String {
    match lang {
        Lang::Tr => format!(
            "💳 #{number} numaralı siparişin tutarı {total}. Aşağıdaki düğmeyle online ödeyebilirsin."
        ),
        Lang::En => {
            format!("💳 Order #{number} comes to {total}. Pay online with the button below.")
        }
    }
}

/// The online payment button (≤ 20).
pub fn online_pay_button(lang: Lang) -> String {
    pick(lang, "💳 Şimdi öde", "💳 Pay now")
}

/// A typed method the shop does not offer for this order.
pub fn payment_not_offered(lang: Lang) -> String {
    pick(
        lang,
        "Bu ödeme yolunu bu sipariş için sunamıyoruz; aşağıdakilerden birini seç.",
        "We can't offer that way of paying for this order; choose one below.",
    )
}

/// "kartla ödeyebilir miyim?": the methods offered.
pub fn payment_methods_answer(lang: Lang, delivery: &str, pickup: &str) -> String {
    match lang {
        Lang::Tr => format!("💳 Paket serviste: {delivery}.\n🏃 Gel alda: {pickup}."),
        Lang::En => format!("💳 For delivery: {delivery}.\n🏃 For pickup: {pickup}."),
    }
}

/// Delivery area answer: the listed neighbourhoods.
pub fn area_neighbourhoods(lang: Lang, list: &str) -> String {
    match lang {
        Lang::Tr => format!("🛵 Getirdiğimiz mahalleler: {list}."),
        Lang::En => format!("🛵 We deliver to: {list}."),
    }
}

/// Delivery area answer: the radius around the shop.
pub fn area_radius(lang: Lang, km: &str) -> String {
    match lang {
        Lang::Tr => format!("🛵 Dükkanımıza {km} km'ye kadar getiriyoruz."),
        Lang::En => format!("🛵 We deliver up to {km} km from the shop."),
    }
}

/// Delivery area answer: no zone configured.
pub fn area_anywhere(lang: Lang) -> String {
    pick(
        lang,
        "🛵 Paket servisimiz var; adresini siparişte soracağız.",
        "🛵 Yes, we deliver; we'll ask your address at checkout.",
    )
}

/// Delivery area answer: the named place is in the area.
pub fn area_yes(lang: Lang, place: &str) -> String {
    match lang {
        Lang::Tr => format!("✅ Evet, “{place}” teslimat alanımızda."),
        Lang::En => format!("✅ Yes, “{place}” is in our delivery area."),
    }
}

/// Delivery area answer: the named place is not in the listed neighbourhoods.
pub fn area_no(lang: Lang, place: &str) -> String {
    match lang {
        Lang::Tr => format!("😔 “{place}” teslimat alanımızda değil; gel al yapabilirsin."),
        Lang::En => format!("😔 “{place}” is outside our delivery area; you can pick it up."),
    }
}

/// Delivery area answer: the fee (and when it is waived).
pub fn area_fee(lang: Lang, fee: &str, free_above: Option<&str>) -> String {
    match (lang, free_above) {
        (Lang::Tr, Some(f)) => format!("Teslimat ücreti {fee}; {f} ve üzeri siparişte ücretsiz."),
        (Lang::Tr, None) => format!("Teslimat ücreti {fee}."),
        (Lang::En, Some(f)) => format!("The delivery fee is {fee}; free from {f}."),
        (Lang::En, None) => format!("The delivery fee is {fee}."),
    }
}

/// Delivery area answer: no fee.
pub fn area_free(lang: Lang) -> String {
    pick(lang, "Teslimat ücretsiz.", "Delivery is free.")
}

/// Delivery area answer: the minimum basket.
pub fn area_minimum(lang: Lang, min: &str) -> String {
    match lang {
        Lang::Tr => format!("Paket serviste en az sipariş {min}."),
        Lang::En => format!("The minimum order for delivery is {min}."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::payment::ALL_PAYMENTS;
    use crate::whatsapp::limits::{BUTTON_TITLE, CTA_TEXT, utf16_len};

    #[test]
    fn buttons_fit_whatsapp() {
        for l in [Lang::Tr, Lang::En] {
            for p in ALL_PAYMENTS {
                let b = payment_button(l, p);
                assert!(utf16_len(&b) <= BUTTON_TITLE, "{b}");
            }
            for b in [address_is_right(l), other_address(l)] {
                assert!(utf16_len(&b) <= BUTTON_TITLE, "{b}");
            }
            assert!(utf16_len(&online_pay_button(l)) <= CTA_TEXT);
        }
    }
}
