//! One `messages[]` object → [`InboundMessage`]. Used twice: by `parse_delivery` to reject
//! malformed messages at the door, and by the inbox worker on the stored raw JSON.

use serde_json::Value;

use super::model::{Content, InboundMessage, OrderLine, ParseError};
use super::types::{Button, Interactive, Location, Order, ProductItem, WireMessage};
use crate::domain::{CustomerId, PhoneNumber, UserId};

/// Decode a stored raw message (see [`super::InboundRecord::raw`]). `contact_name` is the
/// name stored beside it, since the contacts list is not part of the message object.
pub(crate) fn parse_message(
    raw: &str,
    contact_name: Option<&str>,
) -> Result<InboundMessage, ParseError> {
    let wire: WireMessage =
        serde_json::from_str(raw).map_err(|e| ParseError::Malformed(e.to_string()))?;
    convert(&wire, contact_name)
}

/// The customer key: the phone number in `from` (digits, as Meta sends it), else the
/// business-scoped user id in `from_user_id` (a username customer without a number). A
/// sender that is neither (escape sequences, letters, a `+`) is refused: the key is stored,
/// printed by the CLI and addresses the replies.
pub(crate) fn sender(wire: &WireMessage) -> Result<CustomerId, ParseError> {
    fn given(s: Option<&str>) -> Option<&str> {
        s.map(str::trim).filter(|s| !s.is_empty())
    }
    match (
        given(wire.from.as_deref()),
        given(wire.from_user_id.as_deref()),
    ) {
        (Some(from), _) => PhoneNumber::parse(from)
            .map(CustomerId::Phone)
            .map_err(|e| malformed(&format!("'from' is not a phone number: {e}"))),
        (None, Some(user)) => UserId::parse(user)
            .map(CustomerId::User)
            .map_err(|e| malformed(&format!("'from_user_id' is not a WhatsApp user id: {e}"))),
        (None, None) => Err(malformed("no from / from_user_id")),
    }
}

pub(crate) fn convert(
    wire: &WireMessage,
    contact_name: Option<&str>,
) -> Result<InboundMessage, ParseError> {
    let id = non_empty(wire.id.as_deref()).ok_or_else(|| malformed("no id"))?;
    let from = sender(wire)?;
    let timestamp_ms = wire
        .timestamp
        .as_ref()
        .ok_or_else(|| malformed("no timestamp"))?
        .instant()
        .ok_or_else(|| malformed("timestamp is not unix seconds"))?;
    let kind = non_empty(wire.kind.as_deref()).ok_or_else(|| malformed("no type"))?;
    let context = wire.context.as_ref();
    // a phone customer who also has a username: both ids, so the two are one customer
    let user_id = match &from {
        CustomerId::Phone(_) => wire
            .from_user_id
            .as_deref()
            .and_then(|u| UserId::parse(u).ok()),
        CustomerId::User(_) => None,
    };
    Ok(InboundMessage {
        wa_message_id: id.to_string(),
        customer_phone: from,
        user_id,
        contact_name: contact_name.map(str::to_string),
        timestamp_ms,
        context_id: context
            .and_then(|c| non_empty(c.id.as_deref()))
            .map(str::to_string),
        forwarded: context.is_some_and(|c| c.forwarded || c.frequently_forwarded),
        content: content(kind, wire)?,
    })
}

fn content(kind: &str, w: &WireMessage) -> Result<Content, ParseError> {
    let missing = || malformed(&format!("type {kind} without its '{kind}' object"));
    Ok(match kind {
        "text" => {
            let body = w.text.as_ref().and_then(|t| t.body.clone());
            Content::Text {
                body: body.ok_or_else(missing)?,
            }
        }
        "interactive" => interactive(w.interactive.as_ref().ok_or_else(missing)?)?,
        "button" => quick_reply(w.button.as_ref().ok_or_else(missing)?).ok_or_else(missing)?,
        "location" => location(w.location.as_ref().ok_or_else(missing)?).ok_or_else(missing)?,
        "image" | "audio" | "video" | "document" | "sticker" => Content::Media {
            kind: kind.to_string(),
            caption: media_caption(kind, w),
        },
        "reaction" => {
            let r = w.reaction.as_ref().ok_or_else(missing)?;
            Content::Reaction {
                message_id: r.message_id.clone().ok_or_else(missing)?,
                // removing a reaction sends no emoji (or, defensively, an empty one)
                emoji: r.emoji.clone().filter(|e| !e.is_empty()),
            }
        }
        "unsupported" => match w.unsupported.as_ref().and_then(|u| u.kind.as_deref()) {
            Some("edit") => Content::Edit,
            other => Content::Unsupported {
                kind: other.unwrap_or("unknown").to_string(),
            },
        },
        "system" => {
            let s = w.system.as_ref();
            Content::System {
                body: s.and_then(|s| s.body.clone()),
                new_wa_id: s.and_then(|s| {
                    s.wa_id
                        .clone()
                        .or_else(|| s.new_wa_id.clone())
                        .or_else(|| s.user_id.clone())
                }),
            }
        }
        "request_welcome" => Content::Welcome,
        "order" => order(w.order.as_ref().ok_or_else(missing)?)?,
        "contacts" => Content::Contacts,
        other => Content::Unknown {
            kind: other.to_string(),
        },
    })
}

/// A template quick-reply tap; the payload defaults to the label when the template set none.
fn quick_reply(b: &Button) -> Option<Content> {
    let text = b.text.clone().or_else(|| b.payload.clone())?;
    Some(Content::QuickReply {
        payload: b.payload.clone().unwrap_or_else(|| text.clone()),
        text,
    })
}

fn location(l: &Location) -> Option<Content> {
    Some(Content::Location {
        latitude: l.latitude?,
        longitude: l.longitude?,
        name: l.name.clone(),
        address: l.address.clone(),
    })
}

fn media_caption(kind: &str, w: &WireMessage) -> Option<String> {
    let media = match kind {
        "image" => &w.image,
        "audio" => &w.audio,
        "video" => &w.video,
        "document" => &w.document,
        _ => &w.sticker,
    };
    media.as_ref().and_then(|m| m.caption.clone())
}

fn interactive(i: &Interactive) -> Result<Content, ParseError> {
    let kind = i.kind.as_deref().unwrap_or("");
    let missing = || malformed(&format!("interactive {kind} without its '{kind}' object"));
    let id_title = |r: &super::types::Reply| -> Result<(String, String), ParseError> {
        let id =
            r.id.clone()
                .ok_or_else(|| malformed("interactive reply without id"))?;
        Ok((id, r.title.clone().unwrap_or_default()))
    };
    Ok(match kind {
        "button_reply" => {
            let (id, title) = id_title(i.button_reply.as_ref().ok_or_else(missing)?)?;
            Content::ButtonReply { id, title }
        }
        "list_reply" => {
            let r = i.list_reply.as_ref().ok_or_else(missing)?;
            let (id, title) = id_title(r)?;
            Content::ListReply {
                id,
                title,
                description: r.description.clone(),
            }
        }
        "nfm_reply" => {
            let r = i.nfm_reply.as_ref().ok_or_else(missing)?;
            Content::FlowReply {
                response_json: r.response_json.clone().ok_or_else(missing)?,
            }
        }
        other => Content::Unknown {
            kind: format!("interactive.{other}"),
        },
    })
}

fn order(o: &Order) -> Result<Content, ParseError> {
    let items = o
        .product_items
        .iter()
        .map(order_line)
        .collect::<Result<Vec<_>, _>>()?;
    let catalog_id = o.catalog_id.as_ref().and_then(|v| match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    });
    Ok(Content::Order {
        text: o.text.clone(),
        items,
        catalog_id,
    })
}

fn order_line(p: &ProductItem) -> Result<OrderLine, ParseError> {
    let id = non_empty(p.product_retailer_id.as_deref())
        .ok_or_else(|| malformed("order item without product_retailer_id"))?;
    // a bad quantity is the customer's to hear about, not a reason to drop the cart
    let quantity = p.quantity.as_ref().and_then(integer).unwrap_or(0);
    Ok(OrderLine {
        product_retailer_id: id.to_string(),
        quantity,
        unit_price_minor: p.item_price.as_ref().and_then(decimal_minor),
        currency: p.currency.clone(),
    })
}

fn integer(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A price such as `320`, `35.5` or `"7.99"` → minor units, from the number's decimal text
/// (serde_json prints the shortest round-tripping form), never through float arithmetic.
pub(crate) fn decimal_minor(v: &Value) -> Option<i64> {
    let text = match v {
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.trim().to_string(),
        _ => return None,
    };
    let (int_part, frac_part) = text.split_once('.').unwrap_or((&text, ""));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(int_part) || (!frac_part.is_empty() && !digits(frac_part)) {
        return None;
    }
    let frac_trimmed = frac_part.trim_end_matches('0');
    if frac_trimmed.len() > 2 {
        return None;
    }
    let frac: i64 = format!("{frac_trimmed:0<2}").parse().ok()?;
    int_part
        .parse::<i64>()
        .ok()?
        .checked_mul(100)?
        .checked_add(frac)
}

fn non_empty(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

fn malformed(why: &str) -> ParseError {
    ParseError::Malformed(why.to_string())
}
