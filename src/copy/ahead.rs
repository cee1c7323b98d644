//! Ordering ahead while closed: the offer of times, the chosen time on the
//! summary, the confirmation that says when, and a time that no longer works.

use super::pick;
use crate::domain::Lang;
use crate::domain::order::Fulfilment;

/// "bugün" / "yarın" (or "today" / "tomorrow") before a time; empty beyond.
pub fn day_word(lang: Lang, days_ahead: i64) -> String {
    match (lang, days_ahead) {
        (Lang::Tr, 0) => "bugün".into(),
        (Lang::Tr, 1) => "yarın".into(),
        (Lang::En, 0) => "today".into(),
        (Lang::En, 1) => "tomorrow".into(),
        _ => String::new(),
    }
}

/// "yarın 11:30" / "tomorrow 11:30".
pub fn when(lang: Lang, days_ahead: i64, hhmm: &str) -> String {
    let d = day_word(lang, days_ahead);
    if d.is_empty() {
        hhmm.to_string()
    } else {
        format!("{d} {hhmm}")
    }
}

/// Under the closed notice: the cart can be ordered for later. `day` from [`day_word`].
pub fn ahead_offer(lang: Lang, day: &str) -> String {
    match lang {
        Lang::Tr => format!(
            "⏰ Siparişini şimdiden verebilirsin: {day} ne zaman hazır olsun? Listeden bir saat seç; sepetin o saate kadar saklanır."
        ),
        Lang::En => format!(
            "⏰ You can order now for later: when should it be ready {day}? Pick a time from the list; your cart is kept until then."
        ),
    }
}

/// The list's button.
pub fn pick_time_button(lang: Lang) -> String {
    pick(lang, "Saat seç", "Pick a time")
}

/// The list's section title.
pub fn times_section(lang: Lang) -> String {
    pick(lang, "Hazır olma saati", "Ready at")
}

/// A row: "11:00 · açılış" for the opening, else the time.
pub fn slot_title(lang: Lang, hhmm: &str, opening: bool) -> String {
    if opening {
        match lang {
            Lang::Tr => format!("{hhmm} · açılış"),
            Lang::En => format!("{hhmm} · opening"),
        }
    } else {
        hhmm.to_string()
    }
}

/// The summary's line for an order ahead. `when` from [`when`].
pub fn scheduled_line(lang: Lang, f: Fulfilment, when: &str) -> String {
    match (lang, f) {
        (Lang::Tr, Fulfilment::Pickup) => format!("⏰ Hazır olma saati: {when}"),
        (Lang::Tr, Fulfilment::Delivery) => format!("⏰ Teslim saati: {when}"),
        (Lang::En, Fulfilment::Pickup) => format!("⏰ Ready at: {when}"),
        (Lang::En, Fulfilment::Delivery) => format!("⏰ Delivered at: {when}"),
    }
}

/// Placed ahead: the number, the total and when it will be ready.
pub fn placed_ahead(
    lang: Lang,
    number: crate::domain::OrderNumber,
    total: &str,
    f: Fulfilment,
    when: &str,
) -> String {
    match (lang, f) {
        (Lang::Tr, Fulfilment::Pickup) => format!(
            "✅ Siparişin alındı! Numaran: #{number}\nToplam: {total}\n⏰ {when} hazır olacak; hazır olunca haber veririz."
        ),
        (Lang::Tr, Fulfilment::Delivery) => format!(
            "✅ Siparişin alındı! Numaran: #{number}\nToplam: {total}\n⏰ {when} kapında olacak; yola çıkınca haber veririz."
        ),
        (Lang::En, Fulfilment::Pickup) => format!(
            "✅ Order received! Your number: #{number}\nTotal: {total}\n⏰ It will be ready {when}; we'll tell you when it is."
        ),
        (Lang::En, Fulfilment::Delivery) => format!(
            "✅ Order received! Your number: #{number}\nTotal: {total}\n⏰ It will be at your door {when}; we'll tell you when it leaves."
        ),
    }
}

/// The picked time has come or gone.
pub fn slot_passed(lang: Lang, hhmm: &str) -> String {
    match lang {
        Lang::Tr => format!("⌛ {hhmm} geçti; o saate sipariş alamıyoruz."),
        Lang::En => format!("⌛ {hhmm} has passed; we can't take an order for it."),
    }
}

/// The picked time is not one we prepare orders for (outside the hours, or too far ahead).
pub fn slot_outside(lang: Lang) -> String {
    pick(
        lang,
        "Bu saat için sipariş alamıyoruz (çalışma saatlerimizin dışında).",
        "We can't take an order for that time (outside our opening hours).",
    )
}
