//! `maydanoz resume`'s promise: every customer the bot told "paused" within
//! `support.resume_notice_hours` who still has something in the cart is told
//! once, through the outbox, that the shop takes orders again. The record of
//! the pause told is cleared for everyone (so nobody is told twice), each in
//! the same transaction as the message queued. A customer whose session
//! changed while this ran (a message being handled) is left to the bot, which
//! now answers them open.

use crate::bot::ids::Action;
use crate::copy;
use crate::domain::reply::{Choice, Reply};
use crate::domain::time::{At, Span};
use crate::domain::{Lang, lang_guess};
use crate::store::{Db, StoreError, reopen};

/// Tell the customers told of the pause within `window` before `now` that
/// the shop reopened; returns how many were told.
pub(crate) async fn tell_reopened(
    db: &Db,
    now: At,
    window: Span,
    default_lang: Lang,
) -> Result<usize, StoreError> {
    let mut tx = db.begin().await?;
    let mut told = 0;
    for (phone, state) in reopen::told_paused(&mut tx.exec()).await? {
        // an unreadable session is left as it is (logged and counted by the reader)
        let Ok(mut s) = super::sessions::read(&phone, &state) else {
            continue;
        };
        if s.paused_told == 0 {
            continue;
        }
        let recent = window > Span::ZERO && now - At::from_millis(s.paused_told) <= window;
        let tell = recent && !s.cart.is_empty();
        s.paused_told = 0;
        if !reopen::replace_session(&mut tx.exec(), &phone, &state, &s.to_json(), now).await? {
            continue;
        }
        if !tell {
            continue;
        }
        let l = s
            .lang
            .unwrap_or_else(|| lang_guess::for_customer(&phone, default_lang));
        let reply = Reply::Buttons {
            body: copy::shop_reopened(l),
            buttons: vec![
                Choice::new(Action::Checkout.id(), copy::labels::checkout(l)),
                Choice::new(Action::Cart.id(), copy::labels::cart(l)),
            ],
            header: None,
            footer: None,
        };
        super::tell::queue_reply(&mut tx.exec(), &phone, &reply, None, now).await?;
        told += 1;
    }
    tx.commit().await?;
    Ok(told)
}
