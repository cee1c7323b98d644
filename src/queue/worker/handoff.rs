//! The handoffs a batch decided, written in its transaction: the bot handed a
//! customer to a person (a new one is the board's alert), or the shop wrote to
//! them from the WhatsApp Business app (the bot pauses; the waiting list changes).
//! Either way the bot stays quiet for them until `support.quiet_minutes` from now
//! (extended, never shortened) or until staff hand them back.

use crate::bot::Handoff;
use crate::domain::CustomerId;
use crate::domain::time::At;
use crate::events::OrderEvent;
use crate::store::{Exec, StoreError, handoffs};

/// `people`: (customer, the bot's handoff if any, an echo seen); `until`: quiet until.
pub(super) async fn open_all(
    conn: &mut Exec<'_>,
    people: &[(&CustomerId, Option<Handoff>, bool)],
    now: At,
    until: At,
    events: &mut Vec<OrderEvent>,
) -> Result<(), StoreError> {
    for &(phone, handoff, echoed) in people {
        let mut reasons: Vec<(&str, bool)> = Vec::new();
        if let Some(h) = handoff {
            reasons.push((h.as_str(), false));
        }
        if echoed {
            reasons.push((handoffs::ECHO_KIND, true));
        }
        for (reason, answered) in reasons {
            if handoffs::open(conn, phone, reason, now, until, answered).await? {
                events.push(OrderEvent::Handoff {
                    phone: phone.clone(),
                    reason: Some(reason.to_string()),
                });
            }
        }
    }
    Ok(())
}
