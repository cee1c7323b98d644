//! One batch in two phases. [`decide`] runs on a read connection: it loads
//! the batch's customers, runs the bot on each message and looks coupons up.
//! When the bot asks to place or cancel an order, that customer's message is
//! carried into [`apply`] and the rest of their messages wait for the next
//! batch. [`apply`] runs in the write transaction: it carries out those few
//! effects (the coupon claimed atomically, the order written), finishes those
//! conversations, and writes everything in a handful of statements.

use std::collections::{HashMap, HashSet};

use super::Taken;
use crate::bot::{
    self, Ctx, CustomerInfo, Effect, Handoff, Input, OrderBrief, Session, ShopStatus,
};
use crate::config::Config;
use crate::copy;
use crate::domain::menu::Menu;
use crate::domain::reply::Reply;
use crate::domain::time::At;
use crate::domain::{CustomerId, Lang};
use crate::events::OrderEvent;
use crate::queue::effects::{EffectCtx, Phase, settle};
use crate::store::inbox;
use crate::store::outbox::{self, NewOutbox};
use crate::store::{Exec, StoreError, customers, handoffs, orders, worker_reads};
use crate::whatsapp::inbound::Content;
use crate::whatsapp::outbound;

/// Everything fixed for one batch.
pub(super) struct Env<'a> {
    pub cfg: &'a Config,
    pub menu: &'a Menu,
    pub shop: &'a ShopStatus,
    pub now: At,
    /// Start of the business day: the kitchen's pace for estimates is read from here.
    pub day_start: At,
    /// The kitchen's load, busy mode and caps, for the ready time quoted.
    pub kitchen: &'a crate::domain::pace::Load,
}

/// A customer's part of a batch.
struct Customer {
    contact: Option<String>,
    session: Session,
    lang_before: Option<Lang>,
    info: CustomerInfo,
    /// The newest message of theirs handled in this batch (marked read).
    last_read: Option<String>,
    replies: Vec<Reply>,
    /// A place/cancel effect waits for the write transaction; later messages wait.
    pending: Option<(Effect, String)>,
    /// A person has this customer: their messages are stored and marked done, the
    /// bot says nothing ([`crate::store::handoffs`]).
    quiet: bool,
    /// The bot handed them to a person in this batch (the reason, for the handoff row).
    handoff: Option<Handoff>,
    /// The shop wrote to them from the WhatsApp Business app in this batch.
    echoed: bool,
}

impl Customer {
    /// A customer as a batch starts with them: their contact name, stored session and
    /// what the store knows, nothing yet read, said or waiting.
    fn new(contact: Option<String>, session: Session, info: CustomerInfo) -> Customer {
        Customer {
            contact,
            lang_before: session.lang,
            session,
            info,
            last_read: None,
            replies: Vec::new(),
            pending: None,
            quiet: false,
            handoff: None,
            echoed: false,
        }
    }
}

/// What [`decide`] settled, for [`apply`] to write.
pub(super) struct Decided {
    order: Vec<CustomerId>,
    customers: HashMap<CustomerId, Customer>,
    /// Customers whose WhatsApp id changed (a `system` message): (old key, new key),
    /// moved after everything else of the batch is written.
    moves: Vec<(CustomerId, CustomerId)>,
    done: Vec<i64>,
}

impl Decided {
    /// How many of the batch's messages it handled (the rest wait for the next batch).
    pub(super) fn done(&self) -> usize {
        self.done.len()
    }
}

/// Run the bot over the batch on a read connection: each message screened (see
/// [`screen`]), the rest conversed ([`converse`]); a customer whose turn waits
/// for the write transaction has their later messages left for the next batch.
pub(super) async fn decide(
    conn: &mut Exec<'_>,
    env: &Env<'_>,
    rows: &[Taken],
) -> Result<Decided, StoreError> {
    let (order, mut customers) = load(conn, rows, env.now).await?;
    let mut told_stale: HashSet<&CustomerId> = HashSet::new();
    let mut done = Vec::with_capacity(rows.len());
    let mut moves = Vec::new();
    for taken in rows {
        let row = &taken.row;
        let phone = &row.customer_phone;
        let Some(cust) = customers.get_mut(phone) else {
            continue;
        };
        if cust.pending.is_some() {
            continue; // waits for the next batch, after this customer's order is written
        }
        done.push(row.id);
        match screen(env, taken, cust, &mut told_stale) {
            Screened::Handled => {}
            Screened::Moved(to) => moves.push((phone.clone(), to)),
            Screened::Read(input) => {
                converse(conn, env, cust, input, &row.wa_message_id).await?;
            }
        }
    }
    Ok(Decided {
        order,
        customers,
        done,
        moves,
    })
}

/// What a stored message comes to before the bot reads it.
enum Screened {
    /// Nothing more to do: an echo, a customer a person has, an unreadable or
    /// stale message (told once), or one that needs no reply.
    Handled,
    /// The customer's WhatsApp id changed to this one.
    Moved(CustomerId),
    /// For the bot.
    Read(Input),
}

/// Sort one message of `cust`'s before the bot: the shop's echoes, changed ids and
/// customers a person has are not the bot's; an old message replayed after an
/// outage gets one "too old" reply per customer (`told_stale`).
fn screen<'r>(
    env: &Env<'_>,
    taken: &'r Taken,
    cust: &mut Customer,
    told_stale: &mut HashSet<&'r CustomerId>,
) -> Screened {
    let row = &taken.row;
    let phone = &row.customer_phone;
    let stale = crate::domain::time::Span::minutes(i64::from(env.cfg.whatsapp.stale_after_minutes));
    let age = env.now - row.sent_at;
    if row.kind == handoffs::ECHO_KIND {
        // the shop wrote from the app: a person is talking to this customer
        // (an old echo replayed after an outage pauses nothing)
        if age <= stale {
            cust.echoed = true;
            cust.quiet = true;
        }
        return Screened::Handled;
    }
    if let Some(to) = changed_id(taken) {
        // the customer's WhatsApp id changed: not them talking, and moved
        // even while a person has them (the handoff moves too)
        return if &to == phone {
            Screened::Handled
        } else {
            Screened::Moved(to)
        };
    }
    if cust.quiet {
        // stored and done, never lost; the person reads it in the waiting list.
        // The customer is active: their cart does not expire meanwhile.
        // (a customer with no session yet keeps 0: their first message is still a first)
        if cust.session.updated_at > 0 {
            cust.session.updated_at = cust.session.updated_at.max(env.now.as_millis());
        }
        return Screened::Handled;
    }
    cust.last_read = Some(row.wa_message_id.clone());
    let msg = match &taken.msg {
        Ok(m) => m,
        Err(e) => {
            tracing::warn!(wa_msg_id = %row.wa_message_id, error = %e, "stored message cannot be read; skipped");
            return Screened::Handled;
        }
    };
    if age > stale {
        // Meta replays old messages after an outage: do not act on them
        if told_stale.insert(phone) {
            let lang = cust.session.lang.unwrap_or_else(|| {
                crate::domain::lang_guess::for_customer(phone, env.cfg.restaurant.language)
            });
            cust.replies.push(Reply::text(copy::stale_message(lang)));
        }
        return Screened::Handled;
    }
    to_input(msg.content.clone()).map_or(Screened::Handled, Screened::Read)
}

/// One turn of the bot on `input` in the read phase: lookups answered, an effect
/// that writes kept as the customer's `pending` (with the message it answers).
async fn converse(
    conn: &mut Exec<'_>,
    env: &Env<'_>,
    cust: &mut Customer,
    input: Input,
    wa_message_id: &str,
) -> Result<(), StoreError> {
    let ctx = ctx(env, &cust.info);
    let outcome = bot::handle(std::mem::take(&mut cust.session), input, &ctx);
    let phase = Phase::Read {
        ctx: &ctx,
        day_start: env.day_start,
    };
    let turn = settle(conn, outcome, phase).await?;
    cust.replies.extend(turn.replies);
    if let Some(h) = turn.handoff {
        cust.handoff = Some(h);
        cust.quiet = true;
    }
    cust.pending = turn.waiting.map(|e| (e, wa_message_id.to_string()));
    cust.session = turn.session;
    Ok(())
}

/// The customer's new key from a `system` message saying their id changed
/// (`user_changed_number`, `user_changed_user_id`: the new id in `wa_id`,
/// `new_wa_id` or `user_id`); `None` for anything else.
fn changed_id(taken: &Taken) -> Option<CustomerId> {
    if taken.row.kind != "system" {
        return None;
    }
    let msg = taken.msg.as_ref().ok()?;
    let Content::System {
        new_wa_id: Some(id),
        ..
    } = &msg.content
    else {
        return None;
    };
    CustomerId::parse(id).ok()
}

/// Write what [`decide`] settled, in the write transaction: the customers seen and
/// handoffs opened, the waiting effects carried out, then replies, read receipts,
/// sessions, languages and moved ids. Returns the events for the board.
pub(super) async fn apply(
    conn: &mut Exec<'_>,
    env: &Env<'_>,
    mut d: Decided,
) -> Result<Vec<OrderEvent>, StoreError> {
    let mut events = Vec::new();
    record_people(conn, env, &d, &mut events).await?;
    carry_out_pending(conn, env, &mut d, &mut events).await?;
    outbox::enqueue_many(conn, &outbox_rows(&d), env.now).await?;
    inbox::mark_done_many(conn, &d.done, env.now).await?;
    save_customers(conn, env, &d).await?;
    Ok(events)
}

/// Every customer of the batch touched (last seen, contact name), and a handoff
/// opened for those the bot handed over or the shop wrote to from the app.
async fn record_people(
    conn: &mut Exec<'_>,
    env: &Env<'_>,
    d: &Decided,
    events: &mut Vec<OrderEvent>,
) -> Result<(), StoreError> {
    let who: Vec<(&CustomerId, Option<&str>)> = d
        .order
        .iter()
        .map(|p| (p, d.customers.get(p).and_then(|c| c.contact.as_deref())))
        .collect();
    customers::touch_many(conn, &who, env.now).await?;
    let people: Vec<(&CustomerId, Option<Handoff>, bool)> = d
        .order
        .iter()
        .filter_map(|p| d.customers.get(p).map(|c| (p, c.handoff, c.echoed)))
        .collect();
    let now = env.now;
    super::handoff::open_all(conn, &people, now, now + env.cfg.support.quiet(), events).await
}

/// The effects that waited for the write transaction (place, cancel), each carried
/// out and its conversation settled.
async fn carry_out_pending(
    conn: &mut Exec<'_>,
    env: &Env<'_>,
    d: &mut Decided,
    events: &mut Vec<OrderEvent>,
) -> Result<(), StoreError> {
    for phone in &d.order {
        let Some(cust) = d.customers.get_mut(phone) else {
            continue;
        };
        let Some((effect, source)) = cust.pending.take() else {
            continue;
        };
        let ctx = ctx(env, &cust.info);
        let mut ec = EffectCtx {
            bot: &ctx,
            source_message_id: &source,
            events,
            cfg: env.cfg,
        };
        let asked = bot::Outcome {
            session: std::mem::take(&mut cust.session),
            replies: Vec::new(),
            effect: Some(effect),
            handoff: None,
        };
        let turn = settle(conn, asked, Phase::Write(&mut ec)).await?;
        cust.replies.extend(turn.replies);
        cust.session = turn.session;
    }
    Ok(())
}

/// The outbox rows of the batch, customer by customer: the read receipt of their
/// newest message first (it marks the earlier ones read too), then the replies.
fn outbox_rows(d: &Decided) -> Vec<NewOutbox> {
    let mut out: Vec<NewOutbox> = Vec::new();
    for phone in &d.order {
        let Some(cust) = d.customers.get(phone) else {
            continue;
        };
        if let Some(w) = &cust.last_read {
            let body = outbound::mark_read_body(w);
            // an id Meta would refuse (over 512 characters) would only leave a failed row
            match outbound::check_limits(&body) {
                Ok(()) => out.push(new_outbox(phone, outbox::Kind::Read, &body)),
                Err(e) => {
                    tracing::warn!(error = %e, "no read receipt: the message id breaks the Graph API's limits")
                }
            }
        }
        out.extend(cust.replies.iter().map(|r| {
            new_outbox(
                phone,
                outbox::Kind::Message,
                &outbound::message_body(phone, r, None),
            )
        }));
    }
    out
}

/// Sessions saved, changed languages recorded, and customers whose WhatsApp id
/// changed moved to their new key (last, after everything else is written).
async fn save_customers(conn: &mut Exec<'_>, env: &Env<'_>, d: &Decided) -> Result<(), StoreError> {
    let sessions: Vec<(&CustomerId, String)> = d
        .customers
        .iter()
        .map(|(p, c)| (p, c.session.to_json()))
        .collect();
    customers::save_sessions(conn, &sessions, env.now).await?;
    for (phone, c) in &d.customers {
        if let Some(l) = c.session.lang.filter(|l| Some(*l) != c.lang_before) {
            customers::set_lang(conn, phone, l.as_str()).await?;
        }
    }
    for (from, to) in &d.moves {
        tracing::info!(from = %from, to = %to, "customer's WhatsApp id changed; record moved");
        crate::store::customer_ids::move_customer(conn, from, to, env.now).await?;
    }
    Ok(())
}

fn ctx<'a>(env: &'a Env<'_>, info: &'a CustomerInfo) -> Ctx<'a> {
    Ctx {
        menu: env.menu,
        restaurant_name: &env.cfg.restaurant.name,
        currency: &env.cfg.restaurant.currency,
        default_lang: env.cfg.restaurant.language,
        customer: info,
        shop: env.shop.clone(),
        now: env.now,
        cart_idle: crate::domain::time::Span::minutes(i64::from(
            env.cfg.restaurant.cart_idle_minutes,
        )),
        pickup_minutes: env.cfg.restaurant.pickup_minutes,
        delivery_minutes: env.cfg.restaurant.delivery_minutes,
        tz: &env.cfg.restaurant.timezone,
        delivery: &env.cfg.delivery,
        payment: &env.cfg.payment,
        address: env.cfg.restaurant.address.as_deref(),
        phone: env.cfg.restaurant.phone.as_deref(),
        hours: &env.cfg.hours,
        kitchen: env.kitchen,
    }
}

fn new_outbox(phone: &CustomerId, kind: outbox::Kind, body: &serde_json::Value) -> NewOutbox {
    NewOutbox {
        recipient: phone.clone(),
        kind,
        body: body.to_string(),
        order_id: None,
    }
}

/// Everyone writing in this batch, in order of first message, with their
/// sessions, what the bot should know about them and whether a person has them at
/// `now` (three statements in all).
async fn load(
    conn: &mut Exec<'_>,
    rows: &[Taken],
    now: At,
) -> Result<(Vec<CustomerId>, HashMap<CustomerId, Customer>), StoreError> {
    let mut who: Vec<(&CustomerId, Option<&str>)> = Vec::new();
    for r in rows.iter().map(|t| &t.row) {
        match who.iter_mut().find(|(p, _)| **p == r.customer_phone) {
            Some(w) => w.1 = r.contact_name.as_deref().or(w.1),
            None => who.push((&r.customer_phone, r.contact_name.as_deref())),
        }
    }
    let phones: Vec<&CustomerId> = who.iter().map(|(p, _)| *p).collect();
    let mut stored = worker_reads::customers_of(conn, &phones, now.as_millis()).await?;
    let mut addresses = customers::addresses_many(conn, &phones, 3).await?;
    let mut open: HashMap<CustomerId, Vec<OrderBrief>> = HashMap::new();
    for o in orders::open_for_customers(conn, &phones).await? {
        open.entry(o.customer_phone).or_default().push(OrderBrief {
            number: o.number,
            status: o.status,
            fulfilment: o.fulfilment,
            total: o.total,
            placed_at: o.created_at,
            cancel_requested: o.cancel_requested_at.is_some(),
            scheduled_for: o.scheduled_for,
        });
    }
    let mut out = HashMap::with_capacity(who.len());
    for (phone, contact) in &who {
        let s = stored.remove(*phone).unwrap_or_default();
        let session = s
            .session
            .map(|s| crate::service::sessions::read(phone, &s))
            .transpose()?
            .unwrap_or_default();
        let k = addresses.remove(*phone).unwrap_or_default();
        let open = open.remove(*phone).unwrap_or_default();
        let info = CustomerInfo {
            name: s.name.or_else(|| contact.map(str::to_string)),
            saved_addresses: k.addresses,
            saved_pins: k.pins,
            is_returning: s.has_ordered || !open.is_empty(),
            open_orders: open,
            ..CustomerInfo::new((*phone).clone())
        };
        let mut c = Customer::new(contact.map(str::to_string), session, info);
        c.quiet = s.quiet;
        out.insert((*phone).clone(), c);
    }
    Ok((phones.into_iter().cloned().collect(), out))
}

#[cfg(test)]
#[path = "batch_tests.rs"]
mod tests;

/// The bot's view of an inbound message; `None` for what needs no reply.
pub(crate) fn to_input(content: Content) -> Option<Input> {
    Some(match content {
        Content::Text { body } => Input::Text(body),
        Content::ButtonReply { id, title } => Input::Button { id, title },
        Content::ListReply { id, title, .. } => Input::ListRow { id, title },
        Content::QuickReply { payload, text } => Input::Button {
            id: payload,
            title: text,
        },
        Content::Location {
            latitude,
            longitude,
            name,
            address,
        } => Input::Location {
            latitude,
            longitude,
            name,
            address,
        },
        Content::Media { kind, .. } => Input::Media { kind },
        Content::Reaction { .. } => Input::Reaction,
        Content::Edit => Input::Edit,
        Content::Welcome => Input::Welcome,
        Content::Contacts => Input::Media {
            kind: "contacts".into(),
        },
        Content::Order { items, text, .. } => Input::CatalogOrder {
            items: items
                .into_iter()
                .map(|l| bot::CatalogItem {
                    retailer_id: l.product_retailer_id,
                    quantity: l.quantity,
                    unit_price_minor: l.unit_price_minor,
                })
                .collect(),
            text,
        },
        Content::FlowReply { .. } => Input::Unsupported {
            kind: "flow".into(),
        },
        Content::Unsupported { kind } | Content::Unknown { kind } => Input::Unsupported { kind },
        // a changed number or a system notice is not the customer talking
        Content::System { .. } => return None,
    })
}
