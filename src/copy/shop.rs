//! The shop's state and questions about an order: the cart kept while orders
//! wait, the shop open again, order timing and complaints, delivery and
//! opening questions, language switches.

use super::pick;
use crate::domain::Lang;

/// Said after the closed or paused sentence when a checkout is refused.
pub fn cart_kept(lang: Lang, kept: &str) -> String {
    match lang {
        Lang::Tr => {
            format!("Sepetin {kept} saklanır; o sürede yazarsan kaldığın yerden devam edersin.")
        }
        Lang::En => {
            format!("Your cart is kept for {kept}; write within that time to carry on.")
        }
    }
}

/// Sent once by `maydanoz resume` to a customer told of the pause who has a cart.
pub fn shop_reopened(lang: Lang) -> String {
    pick(
        lang,
        "✅ Yeniden sipariş alıyoruz! Sepetin duruyor; kaldığın yerden devam edebilirsin.",
        "✅ We are taking orders again! Your cart is still there; carry on where you left off.",
    )
}

/// The timing line of an order placed ahead: its time instead of an estimate.
pub fn order_ahead_timing(lang: Lang, hhmm: &str, tomorrow: bool) -> String {
    match (lang, tomorrow) {
        (Lang::Tr, false) => format!("   🕒 bugün {hhmm} için · saatinde hazır olacak"),
        (Lang::Tr, true) => format!("   🕒 yarın {hhmm} için · saatinde hazır olacak"),
        (Lang::En, false) => format!("   🕒 for {hhmm} today · ready on time"),
        (Lang::En, true) => format!("   🕒 for {hhmm} tomorrow · ready on time"),
    }
}

/// Above the status, to a customer who complains about the wait.
pub fn complaint_apology(lang: Lang) -> String {
    pick(
        lang,
        "🙏 Çok özür dileriz, beklettiğimiz için. Siparişinin durumu aşağıda; istersen hemen bir yetkili seninle ilgilensin.",
        "🙏 We are very sorry for the wait. Your order's status is below; if you like, a person can take over right away.",
    )
}

/// Under the saved addresses: WhatsApp's own "Send location" button.
pub fn location_request(lang: Lang) -> String {
    pick(
        lang,
        "📍 Ya da aşağıdaki düğmeyle konumunu gönder.",
        "📍 Or send your location with the button below.",
    )
}
