//! PLACEHOLDER until the conversation texts land (replaced on merge).
use super::Lang;
use super::order::{Fulfilment, OrderStatus};

pub fn status_update(lang: Lang, number: i64, status: OrderStatus, _f: Fulfilment) -> String {
    match lang {
        Lang::Tr => format!("Siparişiniz #{number}: {}", status.as_str()),
        Lang::En => format!("Your order #{number}: {}", status.as_str()),
    }
}
