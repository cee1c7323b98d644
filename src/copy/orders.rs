//! Texts about placed orders: status names, the kitchen's notifications, the
//! open-order view, cancelling, and the apology for messages answered late.

use crate::domain::OrderNumber;

use super::pick;
use crate::domain::Lang;
use crate::domain::order::{Fulfilment, OrderStatus};

/// A short status name for lists: "hazırlanıyor", "ready".
pub fn status_name(lang: Lang, status: OrderStatus, f: Fulfilment) -> String {
    use OrderStatus::*;
    let (tr, en) = match (status, f) {
        (New, _) => ("alındı", "received"),
        (Preparing, _) => ("hazırlanıyor", "being prepared"),
        (Ready, Fulfilment::Pickup) => ("hazır, gelip alabilirsin", "ready for pickup"),
        (Ready, Fulfilment::Delivery) => ("paketlendi", "packed"),
        (OutForDelivery, _) => ("yolda", "on its way"),
        (Delivered, _) => ("teslim edildi", "delivered"),
        (Cancelled, _) => ("iptal edildi", "cancelled"),
    };
    pick(lang, tr, en)
}

/// The WhatsApp notification when the kitchen moves an order to `status`.
pub fn status_update(
    lang: Lang,
    number: OrderNumber,
    status: OrderStatus,
    fulfilment: Fulfilment,
) -> String {
    use OrderStatus::*;
    match (lang, status, fulfilment) {
        (Lang::Tr, New, _) => format!("🧾 #{number} numaralı siparişini aldık."),
        (Lang::En, New, _) => format!("🧾 We have your order #{number}."),
        (Lang::Tr, Preparing, _) => format!("👨‍🍳 #{number} numaralı siparişin hazırlanıyor."),
        (Lang::En, Preparing, _) => format!("👨‍🍳 Your order #{number} is being prepared."),
        (Lang::Tr, Ready, Fulfilment::Pickup) => {
            format!("✅ #{number} numaralı siparişin hazır! Gelip alabilirsin, afiyet olsun.")
        }
        (Lang::En, Ready, Fulfilment::Pickup) => {
            format!("✅ Your order #{number} is ready! Come and get it, enjoy.")
        }
        (Lang::Tr, Ready, Fulfilment::Delivery) => {
            format!("📦 #{number} numaralı siparişin paketlendi, birazdan yola çıkıyor.")
        }
        (Lang::En, Ready, Fulfilment::Delivery) => {
            format!("📦 Your order #{number} is packed and leaves shortly.")
        }
        (Lang::Tr, OutForDelivery, _) => format!("🛵 #{number} numaralı siparişin yola çıktı!"),
        (Lang::En, OutForDelivery, _) => format!("🛵 Your order #{number} is on its way!"),
        (Lang::Tr, Delivered, _) => {
            format!("🙏 #{number} teslim edildi. Afiyet olsun, yine bekleriz!")
        }
        (Lang::En, Delivered, _) => {
            format!("🙏 Order #{number} delivered. Enjoy, and see you again!")
        }
        (Lang::Tr, Cancelled, _) => format!(
            "❌ #{number} numaralı siparişin iptal edildi. Bir sorun varsa “yetkili” yaz, bir çalışanımız yanıtlasın."
        ),
        (Lang::En, Cancelled, _) => format!(
            "❌ Your order #{number} was cancelled. If something is wrong, write “person” and a member of staff will answer."
        ),
    }
}

/// Sent instead of answering a message that waited too long (we were offline).
pub fn stale_message(lang: Lang) -> String {
    pick(
        lang,
        "🙏 Kusura bakma, bir süre çevrimdışıydık ve mesajını zamanında göremedik. Lütfen yeniden yazar mısın?",
        "🙏 Sorry, we were offline for a while and missed your message. Could you send it again?",
    )
}

/// The order view with nothing open.
pub fn no_open_orders(lang: Lang) -> String {
    pick(
        lang,
        "Şu an açık siparişin yok.",
        "You have no open orders right now.",
    )
}

/// Above the list of open orders.
pub fn open_orders_header(lang: Lang) -> String {
    pick(lang, "📦 Açık siparişlerin:", "📦 Your open orders:")
}

/// One order in the list: "#12: hazırlanıyor · 295,00 ₺".
pub fn order_line(
    lang: Lang,
    number: OrderNumber,
    status: OrderStatus,
    f: Fulfilment,
    total: &str,
) -> String {
    format!("#{number}: {} · {total}", status_name(lang, status, f))
}

/// Offered while an order is still `new`.
pub fn cancel_hint(lang: Lang, number: OrderNumber) -> String {
    match lang {
        Lang::Tr => format!("#{number} henüz hazırlanmaya başlamadı; istersen iptal edebilirsin."),
        Lang::En => format!("#{number} is not being prepared yet; you can still cancel it."),
    }
}

/// Button: cancel order `number` (short enough for 20 characters).
pub fn cancel_order_button(lang: Lang, number: OrderNumber) -> String {
    match lang {
        Lang::Tr => format!("#{number} iptal"),
        Lang::En => format!("Cancel #{number}"),
    }
}

/// Asks before cancelling an order.
pub fn cancel_ask(lang: Lang, number: OrderNumber) -> String {
    match lang {
        Lang::Tr => format!("#{number} numaralı siparişi iptal edelim mi?"),
        Lang::En => format!("Shall we cancel order #{number}?"),
    }
}

/// The order is not among the customer's cancellable ones (old button, other status).
pub fn cancel_not_possible(lang: Lang, number: OrderNumber) -> String {
    match lang {
        Lang::Tr => format!("#{number} artık buradan iptal edilemiyor. Bir sorun varsa bizi ara."),
        Lang::En => format!("#{number} can no longer be cancelled here. Please call us if needed."),
    }
}

/// The order is cancelled.
pub fn order_cancelled(lang: Lang, number: OrderNumber) -> String {
    match lang {
        Lang::Tr => format!("❌ #{number} numaralı siparişin iptal edildi."),
        Lang::En => format!("❌ Your order #{number} is cancelled."),
    }
}

/// The kitchen moved the order on before the cancel reached it.
pub fn cancel_refused(
    lang: Lang,
    number: OrderNumber,
    status: OrderStatus,
    f: Fulfilment,
) -> String {
    let st = status_name(lang, status, f);
    match lang {
        Lang::Tr => {
            format!("#{number} artık iptal edilemiyor (durum: {st}). Bir sorun varsa bizi ara.")
        }
        Lang::En => format!(
            "#{number} can't be cancelled any more (status: {st}). Please call us if needed."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::order::ALL_STATUSES;

    #[test]
    fn every_status_has_a_distinct_message_per_language() {
        for f in [Fulfilment::Pickup, Fulfilment::Delivery] {
            for l in [Lang::Tr, Lang::En] {
                let all: Vec<String> = ALL_STATUSES
                    .iter()
                    .map(|s| status_update(l, crate::domain::OrderNumber::new(42), *s, f))
                    .collect();
                for m in &all {
                    assert!(m.contains("#42"), "{m}");
                }
                let mut d = all.clone();
                d.sort();
                d.dedup();
                assert_eq!(d.len(), all.len());
            }
        }
        let pick_up = status_update(
            Lang::En,
            crate::domain::OrderNumber::new(1),
            OrderStatus::Ready,
            Fulfilment::Pickup,
        );
        let deliv = status_update(
            Lang::En,
            crate::domain::OrderNumber::new(1),
            OrderStatus::Ready,
            Fulfilment::Delivery,
        );
        assert!(pick_up.contains("Come and get it") && deliv.contains("packed"));
        assert_ne!(stale_message(Lang::Tr), stale_message(Lang::En));
        assert!(
            cancel_order_button(Lang::Tr, crate::domain::OrderNumber::new(999_999_999))
                .chars()
                .count()
                <= 20
        );
    }
}
