//! One batch in two phases. [`decide`] runs on a read connection: it loads
//! the batch's customers, runs the bot on each message and looks coupons up.
//! When the bot asks to place or cancel an order, that customer's message is
//! carried into [`apply`] and the rest of their messages wait for the next
//! batch. [`apply`] runs in the write transaction: it carries out those few
//! effects (the coupon claimed atomically, the order written), finishes those
//! conversations, and writes everything in a handful of statements.

use std::collections::{HashMap, HashSet};

use crate::bot::{self, Ctx, CustomerInfo, Effect, Input, OrderBrief, Session, ShopStatus};
use crate::config::Config;
use crate::domain::menu::Menu;
use crate::domain::reply::Reply;
use crate::domain::{Lang, texts};
use crate::events::OrderEvent;
use crate::queue::effects::{EffectCtx, execute, last_order, lookup_coupon};
use crate::store::inbox::{self, InboxRow};
use crate::store::outbox::{self, NewOutbox};
use crate::store::{Exec, StoreError, customers, orders};
use crate::whatsapp::inbound::{Content, parse_message};
use crate::whatsapp::outbound;

/// Everything fixed for one batch.
pub(super) struct Env<'a> {
    pub cfg: &'a Config,
    pub menu: &'a Menu,
    pub shop: &'a ShopStatus,
    pub now: i64,
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
}

/// What [`decide`] settled, for [`apply`] to write.
pub(super) struct Decided {
    order: Vec<String>,
    customers: HashMap<String, Customer>,
    done: Vec<i64>,
}

pub(super) async fn decide(
    x: &mut Exec<'_>,
    env: &Env<'_>,
    rows: &[InboxRow],
) -> Result<Decided, StoreError> {
    let (order, mut customers) = load(x, rows).await?;
    let stale_ms = i64::from(env.cfg.whatsapp.stale_after_minutes) * 60_000;
    let mut told_stale: HashSet<&str> = HashSet::new();
    let mut done = Vec::with_capacity(rows.len());
    for row in rows {
        let phone = row.customer_phone.as_str();
        let Some(cust) = customers.get_mut(phone) else {
            continue;
        };
        if cust.pending.is_some() {
            continue; // waits for the next batch, after this customer's order is written
        }
        done.push(row.id);
        cust.last_read = Some(row.wa_message_id.clone());
        let msg = match parse_message(&row.payload, row.contact_name.as_deref()) {
            Ok(m) => m,
            Err(e) => {
                tracing::warn!(wa_msg_id = %row.wa_message_id, error = %e, "stored message cannot be read; skipped");
                continue;
            }
        };
        if env.now - row.sent_at > stale_ms {
            // Meta replays old messages after an outage: do not act on them
            if told_stale.insert(phone) {
                cust.replies.push(Reply::text(texts::stale_message(
                    cust.session.lang_or(env.cfg.restaurant.language),
                )));
            }
            continue;
        }
        let Some(input) = to_input(msg.content) else {
            continue;
        };
        let ctx = ctx(env, &cust.info);
        let mut outcome = bot::handle(std::mem::take(&mut cust.session), input, &ctx);
        loop {
            cust.replies.append(&mut outcome.replies);
            match outcome.effect.take() {
                None => break,
                Some(Effect::LookupCoupon { code }) => {
                    let found = lookup_coupon(x, code, phone).await?;
                    outcome = bot::handle(outcome.session, found, &ctx);
                }
                Some(Effect::LastOrder) => {
                    let found = last_order(x, phone).await?;
                    outcome = bot::handle(outcome.session, found, &ctx);
                }
                Some(other) => {
                    cust.pending = Some((other, row.wa_message_id.clone()));
                    break;
                }
            }
        }
        cust.session = outcome.session;
    }
    Ok(Decided {
        order,
        customers,
        done,
    })
}

pub(super) async fn apply(
    x: &mut Exec<'_>,
    env: &Env<'_>,
    mut d: Decided,
) -> Result<Vec<OrderEvent>, StoreError> {
    let who: Vec<(&str, Option<&str>)> = d
        .order
        .iter()
        .map(|p| {
            (
                p.as_str(),
                d.customers.get(p).and_then(|c| c.contact.as_deref()),
            )
        })
        .collect();
    customers::touch_many(x, &who, env.now).await?;
    let mut events = Vec::new();
    for phone in &d.order {
        let Some(cust) = d.customers.get_mut(phone) else {
            continue;
        };
        let Some((effect, source)) = cust.pending.take() else {
            continue;
        };
        let ctx = ctx(env, &cust.info);
        let mut effect = Some(effect);
        let mut session = std::mem::take(&mut cust.session);
        // an effect's result may ask for another; a few rounds always settle
        for _ in 0..4 {
            let Some(e) = effect.take() else { break };
            let mut ec = EffectCtx {
                phone,
                menu: env.menu,
                shop: env.shop,
                now: env.now,
                source_message_id: &source,
                events: &mut events,
                print_on_confirm: env.cfg.printer.target.is_some()
                    && env.cfg.printer.print_on == crate::print::PrintOn::Confirm,
                cfg: env.cfg,
            };
            let result = execute(x, e, &mut ec).await?;
            let mut outcome = bot::handle(session, result, &ctx);
            cust.replies.append(&mut outcome.replies);
            session = outcome.session;
            effect = outcome.effect;
        }
        cust.session = session;
    }
    let mut out: Vec<NewOutbox> = Vec::new();
    for phone in &d.order {
        let Some(cust) = d.customers.get(phone) else {
            continue;
        };
        // blue ticks first; marking the newest message read marks the earlier ones too
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
    outbox::enqueue_many(x, &out, env.now).await?;
    inbox::mark_done_many(x, &d.done, env.now).await?;
    let sessions: Vec<(&str, String)> = d
        .customers
        .iter()
        .map(|(p, c)| (p.as_str(), c.session.to_json()))
        .collect();
    customers::save_sessions(x, &sessions, env.now).await?;
    for (phone, c) in &d.customers {
        if let Some(l) = c.session.lang.filter(|l| Some(*l) != c.lang_before) {
            customers::set_lang(x, phone, l.as_str()).await?;
        }
    }
    Ok(events)
}

fn ctx<'a>(env: &'a Env<'_>, info: &'a CustomerInfo) -> Ctx<'a> {
    Ctx {
        menu: env.menu,
        restaurant_name: &env.cfg.restaurant.name,
        currency: &env.cfg.restaurant.currency,
        default_lang: env.cfg.restaurant.language,
        customer: info,
        shop: env.shop.clone(),
        now_ms: env.now,
        cart_idle_ms: i64::from(env.cfg.restaurant.cart_idle_minutes) * 60_000,
        pickup_minutes: env.cfg.restaurant.pickup_minutes,
        delivery_minutes: env.cfg.restaurant.delivery_minutes,
        tz: &env.cfg.restaurant.timezone,
        hours: &env.cfg.hours,
    }
}

fn new_outbox(phone: &str, kind: outbox::Kind, body: &serde_json::Value) -> NewOutbox {
    NewOutbox {
        recipient: phone.to_string(),
        kind,
        body: body.to_string(),
        order_id: None,
    }
}

/// Everyone writing in this batch, in order of first message, with their
/// sessions and what the bot should know about them (a few statements in all).
async fn load(
    x: &mut Exec<'_>,
    rows: &[InboxRow],
) -> Result<(Vec<String>, HashMap<String, Customer>), StoreError> {
    let mut who: Vec<(&str, Option<&str>)> = Vec::new();
    for r in rows {
        match who
            .iter_mut()
            .find(|(p, _)| *p == r.customer_phone.as_str())
        {
            Some(w) => w.1 = r.contact_name.as_deref().or(w.1),
            None => who.push((&r.customer_phone, r.contact_name.as_deref())),
        }
    }
    let phones: Vec<&str> = who.iter().map(|(p, _)| *p).collect();
    let mut sessions = customers::load_sessions(x, &phones).await?;
    let mut known = customers::known_many(x, &phones, 3).await?;
    let mut open: HashMap<String, Vec<OrderBrief>> = HashMap::new();
    for o in orders::open_for_customers(x, &phones).await? {
        open.entry(o.customer_phone.to_string())
            .or_default()
            .push(OrderBrief {
                number: o.number,
                status: o.status,
                fulfilment: o.fulfilment,
                total: o.total,
            });
    }
    let mut out = HashMap::with_capacity(who.len());
    for (phone, contact) in &who {
        let session = sessions
            .remove(*phone)
            .map(|s| Session::from_json(&s))
            .unwrap_or_default();
        let k = known.remove(*phone).unwrap_or_default();
        let open = open.remove(*phone).unwrap_or_default();
        let info = CustomerInfo {
            phone: (*phone).to_string(),
            name: k.name.or_else(|| contact.map(str::to_string)),
            saved_addresses: k.addresses,
            is_returning: k.has_ordered || !open.is_empty(),
            open_orders: open,
        };
        out.insert(
            (*phone).to_string(),
            Customer {
                contact: contact.map(str::to_string),
                lang_before: session.lang,
                session,
                info,
                last_read: None,
                replies: Vec::new(),
                pending: None,
            },
        );
    }
    Ok((phones.iter().map(|p| (*p).to_string()).collect(), out))
}

/// The bot's view of an inbound message; `None` for what needs no reply.
pub fn to_input(content: Content) -> Option<Input> {
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
        Content::Order { .. } => Input::Unsupported {
            kind: "order".into(),
        },
        Content::FlowReply { .. } => Input::Unsupported {
            kind: "flow".into(),
        },
        Content::Unsupported { kind } | Content::Unknown { kind } => Input::Unsupported { kind },
        // a changed number or a system notice is not the customer talking
        Content::System { .. } => return None,
    })
}
