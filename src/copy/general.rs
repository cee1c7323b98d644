//! Texts that can appear at any step: help, not understood, earlier buttons,
//! media, language, idle expiry, closed and paused.

use super::pick;
use crate::domain::Lang;
use crate::domain::hours::NextOpen;

/// Footer under every interactive message: the words that work anywhere.
pub fn footer_hint(lang: Lang) -> String {
    pick(
        lang,
        "Yaz: menü · sepet · iptal · yardım",
        "Type: menu · cart · cancel · help",
    )
}

/// A step-bound button from an older message was tapped.
pub fn stale_button(lang: Lang) -> String {
    pick(
        lang,
        "O düğme daha önceki bir mesajdaydı. Şu an buradayız:",
        "That button was on an earlier message. Here is where we are:",
    )
}

/// Images, voice notes, stickers, documents…
pub fn media_not_read(lang: Lang) -> String {
    pick(
        lang,
        "Şimdilik yalnızca yazı, düğme ve konum anlayabiliyorum.",
        "For now I can only read text, buttons and locations.",
    )
}

/// An edited message arrives without its text.
pub fn edit_not_seen(lang: Lang) -> String {
    pick(
        lang,
        "Düzenlenen mesajları göremiyorum; lütfen yeniden yazar mısın?",
        "I can't see edited messages; could you send it again?",
    )
}

/// A location pin outside the address question.
pub fn location_not_needed(lang: Lang) -> String {
    pick(
        lang,
        "Konumu yalnızca paket servis adresi için kullanıyoruz.",
        "We only use a location as a delivery address.",
    )
}

/// The cart was emptied after the idle time.
pub fn cart_expired(lang: Lang) -> String {
    pick(
        lang,
        "⏰ Uzun süredir yazmadığın için sepetini boşalttık. Yeniden başlayalım!",
        "⏰ Your cart was emptied after a long pause. Let's start again!",
    )
}

/// Confirms the new language, in that language.
pub fn lang_switched(lang: Lang) -> String {
    pick(lang, "Dil: Türkçe 🇹🇷", "Language: English 🇬🇧")
}

/// What the customer can type or tap anywhere. Every "• word — …" line is a
/// word the bot understands (a test sends each one).
pub fn help(lang: Lang) -> String {
    pick(
        lang,
        "ℹ️ Siparişini kendi cümlenle yazabilirsin, ya da düğmelere dokun. Örnekler:\n\
         • 2 tavuk dürüm acısız, 1 ayran — sepete ekler\n\
         • menü — kategoriler\n\
         • sepet — sepetin\n\
         • sipariş ver — siparişi tamamla\n\
         • gel al — gelip alırsın; paket — adrese getiririz\n\
         • kolayı çıkar, ayranlar 2 olsun — sepeti değiştir\n\
         • not: zil bozuk — mutfağa not\n\
         • kupon YAZ25 — indirim kodu\n\
         • aynısından — son siparişini tekrarla\n\
         • siparişim — açık siparişlerin\n\
         • kaça kadar açıksınız — saatlerimiz (adresimizi, telefonumuzu da sorabilirsin)\n\
         • iptal — yaptığını bırak\n\
         • english — English",
        "ℹ️ Write your order in your own words, or tap the buttons. For example:\n\
         • 2 tavuk dürüm acısız, 1 ayran — into the cart\n\
         • menu — categories\n\
         • cart — your cart\n\
         • checkout — finish the order\n\
         • pickup — you collect it; delivery — we bring it\n\
         • remove the coke — change the cart\n\
         • note: doorbell broken — a note for the kitchen\n\
         • coupon YAZ25 — a discount code\n\
         • same again — repeat your last order\n\
         • my order — your open orders\n\
         • are you open — our hours (ask for our address or phone too)\n\
         • cancel — stop what you are doing\n\
         • türkçe — Türkçe",
    )
}

/// "iptal" left a question; the cart is kept.
pub fn flow_cancelled(lang: Lang) -> String {
    pick(
        lang,
        "Tamam, vazgeçtik. Sepetin duruyor.",
        "OK, cancelled. Your cart is kept.",
    )
}

/// "iptal" with no question, no cart and no cancellable order.
pub fn nothing_to_cancel(lang: Lang) -> String {
    pick(
        lang,
        "İptal edilecek bir şey yok.",
        "There is nothing to cancel.",
    )
}

/// "iptal" with nothing in progress: what can be undone.
pub fn cancel_what(lang: Lang) -> String {
    pick(lang, "Neyi iptal edelim?", "What should we cancel?")
}

/// When the shop opens next: "yarın 11:00", "Monday at 11:00".
pub fn next_open_text(lang: Lang, next: &NextOpen) -> String {
    const TR: [&str; 7] = [
        "Pazartesi",
        "Salı",
        "Çarşamba",
        "Perşembe",
        "Cuma",
        "Cumartesi",
        "Pazar",
    ];
    const EN: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    let day = usize::from(next.weekday % 7);
    let at = next.hhmm();
    match (lang, next.in_days) {
        (Lang::Tr, 0) => format!("bugün {at}"),
        (Lang::Tr, 1) => format!("yarın {at}"),
        (Lang::Tr, _) => format!("{} {at}", TR[day]),
        (Lang::En, 0) => format!("today at {at}"),
        (Lang::En, 1) => format!("tomorrow at {at}"),
        (Lang::En, _) => format!("{} at {at}", EN[day]),
    }
}

/// Outside opening hours; `when` from [`next_open_text`].
pub fn shop_closed(lang: Lang, when: Option<&str>) -> String {
    match (lang, when) {
        (Lang::Tr, Some(w)) => {
            format!("🌙 Şu an kapalıyız; açılış: {w}. Menüye yine de göz atabilirsin.")
        }
        (Lang::Tr, None) => "🌙 Şu an kapalıyız. Menüye yine de göz atabilirsin.".into(),
        (Lang::En, Some(w)) => {
            format!("🌙 We are closed now; we open {w}. You can still browse the menu.")
        }
        (Lang::En, None) => "🌙 We are closed now. You can still browse the menu.".into(),
    }
}

/// Orders paused by the owner (busy kitchen).
pub fn shop_paused(lang: Lang, until: Option<&str>, reason: Option<&str>) -> String {
    let mut s = pick(
        lang,
        "⏸ Şu an sipariş alamıyoruz",
        "⏸ We are not taking orders right now",
    );
    if let Some(r) = reason {
        s.push_str(&format!(" ({r})"));
    }
    s.push('.');
    if let Some(u) = until {
        s.push_str(&match lang {
            Lang::Tr => format!(" Tekrar: {u}."),
            Lang::En => format!(" Back: {u}."),
        });
    }
    s.push_str(&pick(
        lang,
        " Menüye göz atabilirsin.",
        " You can still browse the menu.",
    ));
    s
}

/// Appended when an order cannot be confirmed while closed or paused.
/// `kept` is how long the cart is kept from now ([`kept_for`]): the idle expiry
/// empties it after that, so nothing longer is promised.
pub fn no_orders_now(lang: Lang, kept: &str) -> String {
    match lang {
        Lang::Tr => format!(
            "Şu an sipariş alamıyoruz. Sepetin {kept} saklanır; o sürede yazarsan kaldığın yerden devam edersin."
        ),
        Lang::En => format!(
            "We can't take the order now. Your cart is kept for {kept}; write within that time to carry on."
        ),
    }
}

/// "2 saat", "90 dakika" / "2 hours", "90 minutes".
pub fn kept_for(lang: Lang, minutes: i64) -> String {
    match (lang, minutes % 60 == 0 && minutes >= 60) {
        (Lang::Tr, true) => format!("{} saat", minutes / 60),
        (Lang::Tr, false) => format!("{minutes} dakika"),
        (Lang::En, true) if minutes == 60 => "1 hour".into(),
        (Lang::En, true) => format!("{} hours", minutes / 60),
        (Lang::En, false) => format!("{minutes} minutes"),
    }
}
