//! A person answering a customer: the waiting list (open handoffs with the
//! customer's last messages from the inbox), handing a customer back to the
//! bot, and a staff reply (`maydanoz reply`), which is an ordinary outbox row
//! — exactly once, retried and paced like every reply — sent only inside
//! Meta's 24-hour customer-service window, and which keeps the bot quiet.

use crate::domain::CustomerId;
use crate::domain::text::clean;
use crate::domain::time::{At, Span};
use crate::events::OrderEvent;
use crate::kds::{Said, Waiting};
use crate::store::{Db, Exec, StoreError, handoffs};
use crate::whatsapp::inbound::summary;
use crate::whatsapp::limits;

/// Messages of each waiting customer loaded for the list.
pub(crate) const LAST_MESSAGES: i64 = 5;
/// Meta's customer-service window: free-form messages only this long after the
/// customer's last message.
pub const WINDOW: Span = Span::hours(24);

/// Why a staff reply was not queued.
#[derive(Debug, thiserror::Error)]
pub enum ReplyError {
    #[error(
        "{0} has never written to us: WhatsApp only allows a reply to a customer who wrote first"
    )]
    NeverWrote(CustomerId),
    #[error(
        "{phone} last wrote {hours} hours ago: outside WhatsApp's 24-hour window a free-form reply is refused (only an approved template could reach them)"
    )]
    WindowClosed { phone: CustomerId, hours: i64 },
    #[error("the reply is empty")]
    Empty,
    #[error("the reply is {0} characters long; WhatsApp takes at most {max}", max = limits::TEXT_BODY)]
    TooLong(usize),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Customers waiting for a person at `now`, oldest first, each with their last
/// [`LAST_MESSAGES`] messages (oldest first).
pub async fn waiting(db: &Db, now: At) -> Result<Vec<Waiting>, StoreError> {
    let mut reader = db.read().await?;
    let open = handoffs::waiting(&mut reader.exec(), now).await?;
    let mut out = Vec::with_capacity(open.len());
    for h in open {
        let mut last: Vec<Said> =
            handoffs::last_messages(&mut reader.exec(), &h.customer_phone, LAST_MESSAGES)
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
/// was waiting. The customer is told, once (in the caller's transaction, so a
/// second `--done` finds nobody waiting and says nothing), that the bot answers
/// again — inside Meta's 24-hour window only. `OrderEvent::Handoff` without a
/// reason goes to `events` for after the commit.
pub async fn hand_back(
    conn: &mut Exec<'_>,
    phone: &CustomerId,
    now: At,
    by: &str,
    events: &mut Vec<OrderEvent>,
) -> Result<bool, StoreError> {
    let was = handoffs::resolve(conn, phone, now, by).await?;
    let in_window = handoffs::last_customer_message(conn, phone)
        .await?
        .is_some_and(|last| now - last <= WINDOW);
    if was && in_window {
        let lang = crate::store::customers::get(conn, phone)
            .await?
            .and_then(|c| c.language())
            .unwrap_or(crate::domain::Lang::Tr);
        let text = crate::copy::bot_back(lang);
        super::tell::queue_text(conn, phone, text, None, now).await?;
    }
    events.push(OrderEvent::Handoff {
        phone: phone.clone(),
        reason: None,
    });
    Ok(was)
}

/// Queue `text` to `phone` as a staff reply: refused outside the 24-hour window
/// (or for a number that never wrote). A reply to a customer waiting for a
/// person extends the bot's quiet for them to `quiet` from now (in the
/// caller's transaction, as is the reply); a proactive one (nobody waiting)
/// leaves the bot answering. True when the quiet was extended, and then
/// `OrderEvent::Handoff` with reason "reply" goes to `events`.
pub async fn reply(
    conn: &mut Exec<'_>,
    phone: &CustomerId,
    text: &str,
    now: At,
    quiet: Span,
    events: &mut Vec<OrderEvent>,
) -> Result<bool, ReplyError> {
    let text = clean_reply(text)?;
    let last = handoffs::last_customer_message(conn, phone).await?;
    let Some(last) = last else {
        return Err(ReplyError::NeverWrote(phone.clone()));
    };
    let since = now - last;
    if since > WINDOW {
        return Err(ReplyError::WindowClosed {
            phone: phone.clone(),
            hours: since.whole_hours(),
        });
    }
    super::tell::queue_text(conn, phone, text, None, now).await?;
    let extended = handoffs::extend_waiting(conn, phone, now, now + quiet).await?;
    if extended {
        events.push(OrderEvent::Handoff {
            phone: phone.clone(),
            reason: Some("reply".into()),
        });
    }
    Ok(extended)
}

/// A staff text as it will be sent: control characters out (new lines kept),
/// trimmed, not empty, within WhatsApp's body limit (refused, never cut).
fn clean_reply(text: &str) -> Result<String, ReplyError> {
    let t = crate::domain::text::clean_multiline(text);
    let t = t.trim();
    if t.is_empty() || clean(t).trim().is_empty() {
        return Err(ReplyError::Empty);
    }
    let w = limits::utf16_len(t);
    if w > limits::TEXT_BODY {
        return Err(ReplyError::TooLong(w));
    }
    Ok(t.to_string())
}

#[cfg(test)]
mod tests {
    use super::{ReplyError, clean_reply};

    #[test]
    fn a_staff_reply_is_cleaned_and_refused_when_empty_or_too_long() {
        assert_eq!(
            clean_reply("  Merhaba\u{7}\nSiparişin yolda 🚴  ").expect("a reply"),
            "Merhaba\nSiparişin yolda 🚴"
        );
        assert!(matches!(clean_reply(" \n\t "), Err(ReplyError::Empty)));
        assert!(matches!(clean_reply("\u{1b}\u{7}"), Err(ReplyError::Empty)));
        let long = "ş".repeat(crate::whatsapp::limits::TEXT_BODY + 1);
        assert!(matches!(clean_reply(&long), Err(ReplyError::TooLong(_))));
    }
}
