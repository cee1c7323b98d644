//! The customer is handed to a person: what they are told.

use super::pick;
use crate::domain::Lang;

/// They asked for a person ("yetkili", "canlı destek", "human"); `has_cart`: say it is kept.
pub fn person_asked(lang: Lang, has_cart: bool) -> String {
    let text = pick(
        lang,
        "Tabii, seni bir çalışanımıza aktarıyorum 🙋 Birazdan buradan yazacak.",
        "Of course, I'm passing you to a person from our team 🙋 They will write to you here shortly.",
    );
    if !has_cart {
        return text;
    }
    let kept = pick(
        lang,
        "Sepetin olduğu gibi duruyor.",
        "Your cart is kept as it is.",
    );
    format!("{text} {kept}")
}

/// They sent a photo, a video or a document (a complaint, most likely).
pub fn person_media(lang: Lang) -> String {
    pick(
        lang,
        "Gönderdiğini aldım. Bir çalışanımız bakıp birazdan buradan yazacak 🙋",
        "Got it, thank you. A person from our team will look at it and write to you here shortly 🙋",
    )
}

/// Staff handed the customer back to the bot (`reply --done`, the board's `w`).
pub fn bot_back(lang: Lang) -> String {
    pick(
        lang,
        "Tekrar buradayım 🤖 Sipariş vermek için yazmanız yeterli; menü için \"menü\" yazın.",
        "I'm back 🤖 Just write to order; type \"menu\" to see the menu.",
    )
}
