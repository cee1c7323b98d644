//! A person answering a customer: the waiting list (open handoffs with the
//! customer's last messages from the inbox), handing a customer back to the
//! bot, and a staff reply (`maydanoz reply`), which is an ordinary outbox row
//! — exactly once, retried and paced like every reply — sent only inside
//! Meta's 24-hour customer-service window, and which keeps the bot quiet.

use crate::domain::reply::Reply;
use crate::domain::text::clean;
use crate::domain::{Phone, limits};
use crate::events::{Bus, OrderEvent};
use crate::kds::{Said, Waiting};
use crate::store::{Db, StoreError, handoffs, outbox};
use crate::whatsapp::inbound::summary;
use crate::whatsapp::outbound;

/// Messages of each waiting customer loaded for the list.
pub const LAST_MESSAGES: i64 = 5;
/// Meta's customer-service window: free-form messages only this long after the
/// customer's last message.
pub const WINDOW_MS: i64 = 24 * 3_600_000;

/// Why a staff reply was not queued.
#[derive(Debug, thiserror::Error)]
pub enum ReplyError {
    #[error(
        "{0} has never written to us: WhatsApp only allows a reply to a customer who wrote first"
    )]
    NeverWrote(Phone),
    #[error(
        "{phone} last wrote {hours} hours ago: outside WhatsApp's 24-hour window a free-form reply is refused (only an approved template could reach them)"
    )]
    WindowClosed { phone: Phone, hours: i64 },
    #[error("the reply is empty")]
    Empty,
    #[error("the reply is {0} characters long; WhatsApp takes at most {max}", max = limits::TEXT_BODY)]
    TooLong(usize),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Customers waiting for a person at `now`, oldest first, each with their last
/// [`LAST_MESSAGES`] messages (oldest first).
pub async fn waiting(db: &Db, now: i64) -> Result<Vec<Waiting>, StoreError> {
    let mut c = db.read().await?;
    let open = handoffs::waiting(&mut c.exec(), now).await?;
    let mut out = Vec::with_capacity(open.len());
    for h in open {
        let mut last: Vec<Said> =
            handoffs::last_messages(&mut c.exec(), &h.customer_phone, LAST_MESSAGES)
                .await?
                .into_iter()
                .map(|m| Said {
                    at_ms: m.sent_at,
                    from_shop: m.kind == handoffs::ECHO_KIND,
                    text: summary(&m.kind, &m.payload),
                })
                .collect();
        last.reverse();
        out.push(Waiting {
            phone: h.customer_phone,
            name: h.name,
            reason: h.reason,
            since_ms: h.created_at,
            quiet_until_ms: h.quiet_until,
            answered_at_ms: h.answered_at,
            last,
        });
    }
    Ok(out)
}

/// Hand `phone` back to the bot (`by`: who, for the record); false when nobody
/// was waiting. Publishes `OrderEvent::Handoff` without a reason after the commit.
pub async fn hand_back(
    db: &Db,
    bus: Option<&Bus>,
    phone: &Phone,
    now: i64,
    by: &str,
) -> Result<bool, StoreError> {
    let mut tx = db.begin().await?;
    let was = handoffs::resolve(&mut tx.exec(), phone, now, by).await?;
    tx.commit().await?;
    if let Some(bus) = bus {
        bus.publish(OrderEvent::Handoff {
            phone: phone.clone(),
            reason: None,
        });
    }
    Ok(was)
}

/// Queue `text` to `phone` as a staff reply: refused outside the 24-hour window
/// (or for a number that never wrote); in the same transaction the bot's quiet
/// for this customer is opened or extended to `quiet_ms` from now.
pub async fn reply(
    db: &Db,
    bus: Option<&Bus>,
    phone: &Phone,
    text: &str,
    now: i64,
    quiet_ms: i64,
) -> Result<(), ReplyError> {
    let text = clean_reply(text)?;
    let mut tx = db.begin().await?;
    let last = handoffs::last_customer_message(&mut tx.exec(), phone).await?;
    let Some(last) = last else {
        return Err(ReplyError::NeverWrote(phone.clone()));
    };
    if now - last > WINDOW_MS {
        return Err(ReplyError::WindowClosed {
            phone: phone.clone(),
            hours: (now - last) / 3_600_000,
        });
    }
    let body = outbound::message_body(phone, &Reply::text(text), None);
    outbox::enqueue(
        &mut tx.exec(),
        phone,
        outbox::Kind::Message,
        &body.to_string(),
        None,
        now,
    )
    .await?;
    let opened = handoffs::open(&mut tx.exec(), phone, "reply", now, now + quiet_ms, true).await?;
    tx.commit().await?;
    if let Some(bus) = bus.filter(|_| opened) {
        bus.publish(OrderEvent::Handoff {
            phone: phone.clone(),
            reason: Some("reply".into()),
        });
    }
    Ok(())
}

/// A staff text as it will be sent: control characters out (new lines kept),
/// trimmed, not empty, within WhatsApp's body limit (refused, never cut).
fn clean_reply(text: &str) -> Result<String, ReplyError> {
    let t = crate::domain::text::clean_multiline(text);
    let t = t.trim();
    if t.is_empty() || clean(t).trim().is_empty() {
        return Err(ReplyError::Empty);
    }
    let w = limits::width(t);
    if w > limits::TEXT_BODY {
        return Err(ReplyError::TooLong(w));
    }
    Ok(t.to_string())
}
