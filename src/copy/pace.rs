//! The kitchen's pace as the customer reads it: the ready time at the summary
//! and in the confirmation ("19:40 civarı hazır"), busy mode's longer wait, a
//! full slot and the times offered instead, and the counter reminder.

use super::pick;
use crate::domain::Lang;
use crate::domain::OrderNumber;
use crate::domain::order::Fulfilment;

/// The summary's and the confirmation's time: "🕒 19:40 civarı hazır".
pub fn ready_around(lang: Lang, f: Fulfilment, hhmm: &str) -> String {
    match (lang, f) {
        (Lang::Tr, Fulfilment::Pickup) => format!("🕒 {hhmm} civarı hazır"),
        (Lang::Tr, Fulfilment::Delivery) => format!("🕒 {hhmm} civarı kapında"),
        (Lang::En, Fulfilment::Pickup) => format!("🕒 Ready around {hhmm}"),
        (Lang::En, Fulfilment::Delivery) => format!("🕒 At your door around {hhmm}"),
    }
}

/// Under the time while busy mode is on: said before the customer confirms.
pub fn busy_note(lang: Lang, minutes: u32) -> String {
    match lang {
        Lang::Tr => format!("⏳ Mutfak şu an yoğun: bekleme yaklaşık {minutes} dakika daha uzun."),
        Lang::En => {
            format!("⏳ The kitchen is busy right now: about {minutes} minutes longer than usual.")
        }
    }
}

/// The quote grew past what the summary said before Confirm: said before the
/// order is placed, with the summary again.
pub fn quote_grew(lang: Lang) -> String {
    pick(
        lang,
        "Mutfak yoğunlaştı; hazır olma saati değişti. Lütfen yeni saate bakıp tekrar onayla.",
        "The kitchen got busier and the ready time moved. Please check the new time and confirm again.",
    )
}

/// The slot the order would be ready in is full; the list offers later times.
pub fn slot_full(lang: Lang, hhmm: &str) -> String {
    match lang {
        Lang::Tr => format!(
            "⏰ {hhmm} civarı için sipariş sınırımız doldu. Siparişini bir sonraki boş saatlerden birine verebilirsin; listeden seç ya da vazgeç."
        ),
        Lang::En => format!(
            "⏰ We're taking no more orders for around {hhmm}. You can have yours at one of the next free times: pick one from the list, or cancel."
        ),
    }
}

/// Full, and no free time within a day: nothing to offer.
pub fn slot_full_no_times(lang: Lang) -> String {
    pick(
        lang,
        "⏰ Şu an için sipariş sınırımız doldu ve yakın bir boş saat yok. Lütfen biraz sonra tekrar dene.",
        "⏰ We're full for now and have no free time soon. Please try again a little later.",
    )
}

/// The counter reminder: "#123 hazır, seni bekliyor".
pub fn at_counter_reminder(lang: Lang, number: OrderNumber) -> String {
    match lang {
        Lang::Tr => format!("🥙 #{number} hazır, seni bekliyor."),
        Lang::En => format!("🥙 #{number} is ready and waiting for you."),
    }
}

/// The confirmation for an order placed now: the number, the total and the
/// ready time (`ready` from [`ready_around`]).
pub fn placed_around(
    lang: Lang,
    number: OrderNumber,
    total: &str,
    ready: &str,
    f: Fulfilment,
) -> String {
    match (lang, f) {
        (Lang::Tr, Fulfilment::Pickup) => format!(
            "✅ Siparişin alındı! Numaran: #{number}\nToplam: {total}\n{ready}; hazır olunca haber veririz."
        ),
        (Lang::Tr, Fulfilment::Delivery) => format!(
            "✅ Siparişin alındı! Numaran: #{number}\nToplam: {total}\n{ready}; yola çıkınca haber veririz."
        ),
        (Lang::En, Fulfilment::Pickup) => format!(
            "✅ Order received! Your number: #{number}\nTotal: {total}\n{ready}; we'll tell you when it is."
        ),
        (Lang::En, Fulfilment::Delivery) => format!(
            "✅ Order received! Your number: #{number}\nTotal: {total}\n{ready}; we'll tell you when it leaves."
        ),
    }
}
