//! The inbox worker: takes stored messages in arrival order (so each
//! customer's are in order), runs the bot on each, and commits everything a
//! batch decided — sessions, orders, coupon uses, replies as outbox rows, read
//! receipts, inbox rows marked done — in ONE transaction, then publishes the
//! events. A crash before the commit leaves the rows pending, so they are
//! processed again after a restart; after it, nothing is lost or doubled.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use super::effects::{EffectCtx, execute};
use super::health::Health;
use super::shop::shop_status;
use crate::bot::{self, CustomerInfo, Ctx, Input, OrderBrief, Session, ShopStatus};
use crate::clock::now_ms;
use crate::config::Config;
use crate::domain::menu::Menu;
use crate::domain::reply::Reply;
use crate::domain::{Lang, texts};
use crate::events::{Bus, OrderEvent};
use crate::store::inbox::{self, InboxRow};
use crate::store::{Db, Exec, StoreError, customers, menu, meta, orders, outbox};
use crate::whatsapp::inbound::{Content, parse_message};
use crate::whatsapp::outbound;

/// Messages taken per transaction.
const BATCH: i64 = 256;
/// Messages of one customer taken per batch while others wait: a flood from one number
/// shares short batches with everyone else instead of making them wait behind it.
const PER_CUSTOMER: i64 = 32;
/// A message that fails this often is parked as failed (kept for a person) so
/// it cannot block its customer's queue.
const MAX_ATTEMPTS: i64 = 3;

/// What the worker needs.
#[derive(Clone)]
pub struct Worker {
    pub db: Db,
    pub cfg: Arc<Config>,
    pub bus: Bus,
    pub health: Arc<Health>,
    pub wake: Arc<Notify>,
    pub outbox_wake: Arc<Notify>,
}

/// Settings read once from the validated configuration.
struct Fixed {
    lang: Lang,
    tz: jiff::tz::TimeZone,
    hours: crate::domain::hours::Hours,
}

impl Worker {
    pub async fn run(self, shutdown: CancellationToken) {
        let fixed = match (self.cfg.language(), self.cfg.timezone(), self.cfg.hours()) {
            (Ok(lang), Ok(tz), Ok(hours)) => Fixed { lang, tz, hours },
            _ => {
                tracing::error!("inbox worker: invalid configuration");
                return;
            }
        };
        loop {
            match self.process_available(&fixed).await {
                Ok(n) if n > 0 => continue,
                Ok(_) => {}
                Err(e) => {
                    self.health.db_failed(&e.to_string());
                    tracing::warn!(error = %e, "inbox worker: database trouble; will retry");
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
            }
            tokio::select! {
                () = shutdown.cancelled() => break,
                () = self.wake.notified() => {}
                () = tokio::time::sleep(Duration::from_secs(1)) => {}
            }
        }
    }

    /// Process one batch; returns how many messages it took.
    async fn process_available(&self, fixed: &Fixed) -> Result<usize, StoreError> {
        let (rows, menu, pause) = {
            let mut c = self.db.read().await?;
            let rows = inbox::pending_fair(&mut c.exec(), BATCH, PER_CUSTOMER).await?;
            if rows.is_empty() {
                return Ok(0);
            }
            (rows, menu::load(&mut c.exec()).await?, meta::get_pause(&mut c.exec()).await?)
        };
        let now = now_ms();
        let shop = shop_status(&fixed.hours, &fixed.tz, pause.as_ref(), now);
        let env = Env { cfg: &self.cfg, fixed, menu: &menu, shop: &shop, now };
        match self.commit_batch(&env, &rows).await {
            Ok(events) => self.after_commit(events),
            Err(e) => {
                tracing::warn!(error = %e, rows = rows.len(), "inbox batch failed; retrying one message at a time");
                self.one_by_one(&env, &rows).await?;
            }
        }
        self.health.db_ok();
        Ok(rows.len())
    }

    fn after_commit(&self, events: Vec<OrderEvent>) {
        for e in events {
            self.bus.publish(e);
        }
        self.outbox_wake.notify_one();
    }

    async fn commit_batch(&self, env: &Env<'_>, rows: &[InboxRow]) -> Result<Vec<OrderEvent>, StoreError> {
        let mut tx = self.db.begin().await?;
        let events = process_rows(&mut tx.exec(), env, rows).await?;
        tx.commit().await?;
        Ok(events)
    }

    /// After a failed batch: each message alone; one that fails is counted (and
    /// parked after [`MAX_ATTEMPTS`]) and holds back only its own customer.
    async fn one_by_one(&self, env: &Env<'_>, rows: &[InboxRow]) -> Result<(), StoreError> {
        let mut held: HashSet<&str> = HashSet::new();
        for row in rows {
            if held.contains(row.customer_phone.as_str()) {
                continue;
            }
            match self.commit_batch(env, std::slice::from_ref(row)).await {
                Ok(events) => self.after_commit(events),
                Err(e) => {
                    held.insert(&row.customer_phone);
                    let mut tx = self.db.begin().await?;
                    let parked = inbox::record_failure(&mut tx.exec(), row.id, &e.to_string(), MAX_ATTEMPTS, env.now).await?;
                    if parked {
                        tracing::error!(wa_msg_id = %row.wa_message_id, error = %e, "message parked as failed after repeated errors");
                        let body = outbound::message_body(&row.customer_phone, &Reply::text(texts::stale_message(env.fixed.lang)), None);
                        outbox::enqueue(&mut tx.exec(), &row.customer_phone, outbox::Kind::Message, &body.to_string(), None, env.now).await?;
                    }
                    tx.commit().await?;
                }
            }
        }
        Ok(())
    }
}

/// Everything fixed for one batch.
struct Env<'a> {
    cfg: &'a Config,
    fixed: &'a Fixed,
    menu: &'a Menu,
    shop: &'a ShopStatus,
    now: i64,
}

/// A customer's state while a batch is processed.
struct Customer {
    session: Session,
    lang_before: Option<Lang>,
}

async fn process_rows(x: &mut Exec<'_>, env: &Env<'_>, rows: &[InboxRow]) -> Result<Vec<OrderEvent>, StoreError> {
    let mut events = Vec::new();
    let mut sessions: HashMap<String, Customer> = HashMap::new();
    let last_of: HashMap<&str, i64> = rows.iter().map(|r| (r.customer_phone.as_str(), r.id)).collect();
    let stale_ms = i64::from(env.cfg.whatsapp.stale_after_minutes) * 60_000;
    let mut told_stale: HashSet<String> = HashSet::new();
    for row in rows {
        let phone = row.customer_phone.as_str();
        customers::touch(x, phone, row.contact_name.as_deref(), env.now).await?;
        if last_of.get(phone) == Some(&row.id) {
            // blue ticks first; marking the newest message read marks the earlier ones too
            let body = outbound::mark_read_body(&row.wa_message_id);
            // an id Meta would refuse (over 512 characters) would only leave a failed row
            match outbound::check_limits(&body) {
                Ok(()) => outbox::enqueue(x, phone, outbox::Kind::Read, &body.to_string(), None, env.now).await?,
                Err(e) => {
                    tracing::warn!(error = %e, "no read receipt: the message id breaks the Graph API's limits");
                    0
                }
            };
        }
        let msg = match parse_message(&row.payload, row.contact_name.as_deref()) {
            Ok(m) => m,
            Err(e) => {
                tracing::warn!(wa_msg_id = %row.wa_message_id, error = %e, "stored message cannot be read; skipped");
                inbox::mark_done(x, row.id, env.now).await?;
                continue;
            }
        };
        if !sessions.contains_key(phone) {
            let session = customers::load_session(x, phone).await?.map(|(s, _)| Session::from_json(&s)).unwrap_or_default();
            let lang_before = session.lang;
            sessions.insert(phone.to_string(), Customer { session, lang_before });
        }
        let Some(cust) = sessions.get_mut(phone) else { continue };
        if env.now - row.sent_at > stale_ms {
            // Meta replays old messages after an outage: do not act on them
            if told_stale.insert(phone.to_string()) {
                let text = texts::stale_message(cust.session.lang_or(env.fixed.lang));
                queue_replies(x, phone, &[Reply::text(text)], env.now).await?;
            }
            inbox::mark_done(x, row.id, env.now).await?;
            continue;
        }
        if let Some(input) = to_input(msg.content) {
            let info = customer_info(x, phone, row.contact_name.as_deref()).await?;
            let session = std::mem::take(&mut cust.session);
            let (session, replies) = converse(x, env, &info, session, input, &row.wa_message_id, &mut events).await?;
            cust.session = session;
            queue_replies(x, phone, &replies, env.now).await?;
        }
        inbox::mark_done(x, row.id, env.now).await?;
    }
    for (phone, c) in sessions {
        customers::save_session(x, &phone, &c.session.to_json(), env.now).await?;
        if let Some(l) = c.session.lang.filter(|l| Some(*l) != c.lang_before) {
            customers::set_lang(x, &phone, l.as_str()).await?;
        }
    }
    Ok(events)
}

/// Run the bot, carrying out its effects until it has nothing more to ask.
async fn converse(
    x: &mut Exec<'_>,
    env: &Env<'_>,
    info: &CustomerInfo,
    session: Session,
    input: Input,
    source_message_id: &str,
    events: &mut Vec<OrderEvent>,
) -> Result<(Session, Vec<Reply>), StoreError> {
    let ctx = Ctx {
        menu: env.menu,
        restaurant_name: &env.cfg.restaurant.name,
        currency: &env.cfg.restaurant.currency,
        default_lang: env.fixed.lang,
        customer: info,
        shop: env.shop.clone(),
        now_ms: env.now,
        cart_idle_ms: i64::from(env.cfg.restaurant.cart_idle_minutes) * 60_000,
        pickup_minutes: env.cfg.restaurant.pickup_minutes,
        delivery_minutes: env.cfg.restaurant.delivery_minutes,
        tz: &env.fixed.tz,
    };
    let mut replies = Vec::new();
    let mut outcome = bot::handle(session, input, &ctx);
    // an effect's result may ask for another effect; a few rounds always settle
    for _ in 0..4 {
        replies.append(&mut outcome.replies);
        let Some(effect) = outcome.effect.take() else { break };
        let mut ec = EffectCtx { phone: &info.phone, menu: env.menu, shop: env.shop, now: env.now, source_message_id, events };
        let result = execute(x, effect, &mut ec).await?;
        outcome = bot::handle(outcome.session, result, &ctx);
    }
    replies.append(&mut outcome.replies);
    Ok((outcome.session, replies))
}

async fn queue_replies(x: &mut Exec<'_>, phone: &str, replies: &[Reply], now: i64) -> Result<(), StoreError> {
    for r in replies {
        let body = outbound::message_body(phone, r, None).to_string();
        outbox::enqueue(x, phone, outbox::Kind::Message, &body, None, now).await?;
    }
    Ok(())
}

/// What the bot needs to know about the customer, fresh for each message.
async fn customer_info(x: &mut Exec<'_>, phone: &str, contact_name: Option<&str>) -> Result<CustomerInfo, StoreError> {
    let name = customers::get(x, phone).await?.and_then(|c| c.name).or_else(|| contact_name.map(str::to_string));
    let open = orders::open_for_customer(x, phone).await?;
    let returning = !open.is_empty() || orders::count_for_customer(x, phone).await? > 0;
    Ok(CustomerInfo {
        phone: phone.to_string(),
        name,
        saved_addresses: customers::addresses(x, phone, 3).await?,
        open_orders: open
            .iter()
            .map(|o| OrderBrief { number: o.number, status: o.status, fulfilment: o.fulfilment, total: o.total })
            .collect(),
        is_returning: returning,
    })
}

/// The bot's view of an inbound message; `None` for what needs no reply.
pub fn to_input(content: Content) -> Option<Input> {
    Some(match content {
        Content::Text { body } => Input::Text(body),
        Content::ButtonReply { id, title } => Input::Button { id, title },
        Content::ListReply { id, title, .. } => Input::ListRow { id, title },
        Content::QuickReply { payload, text } => Input::Button { id: payload, title: text },
        Content::Location { latitude, longitude, name, address } => Input::Location { latitude, longitude, name, address },
        Content::Media { kind, .. } => Input::Media { kind },
        Content::Reaction { .. } => Input::Reaction,
        Content::Edit => Input::Edit,
        Content::Welcome => Input::Welcome,
        Content::Contacts => Input::Media { kind: "contacts".into() },
        Content::Order { .. } => Input::Unsupported { kind: "order".into() },
        Content::FlowReply { .. } => Input::Unsupported { kind: "flow".into() },
        Content::Unsupported { kind } | Content::Unknown { kind } => Input::Unsupported { kind },
        // a changed number or a system notice is not the customer talking
        Content::System { .. } => return None,
    })
}
