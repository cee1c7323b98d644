//! Handing the customer to a person: they asked for one, sent a photo, video or
//! document the bot cannot read, or were not understood twice in a row. The
//! customer is told a person will answer (a voice note and a sticker too); the outcome carries the reason, and
//! the driver keeps the bot quiet for them. The session (cart, checkout, the
//! question being asked) is kept as it is, so the order can go on afterwards.

use crate::copy;
use crate::domain::reply::Reply;

use super::super::api::Handoff;
use super::Turn;

/// Media the bot cannot read and a person can: a photo, video or document (a
/// wrong order, a receipt), a voice note (an order or a question said aloud),
/// a sticker (a mood the bot would only answer with "please type").
pub fn is_complaint_media(kind: &str) -> bool {
    matches!(
        kind,
        "image" | "video" | "document" | "audio" | "voice" | "sticker"
    )
}

/// Tell the customer a person will answer, and mark the turn as a handoff.
pub fn hand_over(turn: &mut Turn, why: Handoff) {
    let lang = turn.lang();
    turn.session.misses = 0;
    turn.handoff = Some(why);
    let text = match why {
        Handoff::Asked => copy::person_asked(lang, !turn.session.cart.is_empty()),
        Handoff::Media => copy::person_media(lang),
    };
    turn.out.push(Reply::text(text));
}
