//! Telling a customer something outside a conversation turn: a status update, a
//! reminder, an answer to a cancel request, a staff reply. One way to do it — the
//! reply built into a Graph API message body and queued as an outbox row in the
//! caller's transaction, so it is sent exactly when (and only if) the change that
//! prompted it commits. The sender paces and retries it like every reply.

use crate::domain::CustomerId;
use crate::domain::reply::Reply;
use crate::domain::time::At;
use crate::store::{Exec, StoreError, outbox};
use crate::whatsapp::outbound;

/// Queue `reply` to `to` in the caller's transaction; `order_id` ties the row (and
/// Meta's receipts) to the order it is about. Returns the outbox row's id.
pub(crate) async fn queue_reply(
    conn: &mut Exec<'_>,
    to: &CustomerId,
    reply: &Reply,
    order_id: Option<i64>,
    now: At,
) -> Result<i64, StoreError> {
    let body = outbound::message_body(to, reply, None).to_string();
    outbox::enqueue(conn, to, outbox::OutboxKind::Message, &body, order_id, now).await
}

/// Queue a plain text to `to` in the caller's transaction (see [`queue_reply`]).
pub(crate) async fn queue_text(
    conn: &mut Exec<'_>,
    to: &CustomerId,
    text: String,
    order_id: Option<i64>,
    now: At,
) -> Result<i64, StoreError> {
    queue_reply(conn, to, &Reply::text(text), order_id, now).await
}
