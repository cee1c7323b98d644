//! The kitchen display's backend on the real store: every change is one
//! transaction with the customer's notification, then an event on the bus.

use crate::domain::OrderNumber;

use super::Change;
use crate::domain::order::{Order, OrderStatus};
use crate::domain::report::{self, Glance, Period};
use crate::domain::time::{At, Span};
use crate::events::{Bus, OrderEvent};
use crate::health::Health;
use crate::kds::{BoardHealth as KdsHealth, KdsBackend, ProductAvail};
use crate::store::{Db, counters, menu, orders, outbox, pause, print};

pub struct StoreKds {
    pub db: Db,
    pub bus: Bus,
    pub health: std::sync::Arc<Health>,
    pub tz: jiff::tz::TimeZone,
    /// Business day and lateness for the "today" figures.
    pub report: report::Settings,
    /// `printer.print_on = "first_bump"` with a printer configured.
    pub print_on_first_bump: bool,
    /// The last "today" figures, shared by every board of this process.
    pub today_cache: std::sync::Arc<TodayCache>,
}

/// The "today" figures last computed, with the change sequence and the business
/// day they were computed at. Every writer bumps the sequence in the transaction
/// that changes an order, so while it stands still (an idle board polling health
/// every 5 s) the figures are still true and the day's orders are not read again.
#[derive(Debug, Default)]
pub struct TodayCache(std::sync::Mutex<Option<(i64, At, Glance)>>);

impl TodayCache {
    fn get(&self, seq: i64, day_start: At) -> Option<Glance> {
        let held = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        held.as_ref()
            .filter(|(s, d, _)| *s == seq && *d == day_start)
            .map(|(_, _, g)| g.clone())
    }

    fn put(&self, seq: i64, day_start: At, g: &Glance) {
        let mut held = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *held = Some((seq, day_start, g.clone()));
    }
}

impl KdsBackend for StoreKds {
    async fn open_orders(&self) -> anyhow::Result<Vec<Order>> {
        Ok(orders::open(&mut self.db.read().await?.exec()).await?)
    }

    async fn set_status(&self, number: OrderNumber, to: OrderStatus) -> anyhow::Result<()> {
        crate::service::change_status_printing(
            &self.db,
            Some(&self.bus),
            number,
            to,
            crate::clock::now(),
            self.print_on_first_bump,
        )
        .await?;
        Ok(())
    }

    async fn set_rush(&self, number: OrderNumber, rush: bool) -> anyhow::Result<()> {
        let mut change = Change::begin(&self.db, Some(&self.bus)).await?;
        let (mut conn, events) = change.parts();
        crate::service::set_rush(&mut conn, number, rush, events).await?;
        change.commit().await?;
        Ok(())
    }

    async fn answer_cancel(&self, number: OrderNumber, accept: bool) -> anyhow::Result<()> {
        crate::service::cancel_request::answer(
            &self.db,
            Some(&self.bus),
            number,
            accept,
            crate::clock::now(),
        )
        .await?;
        Ok(())
    }

    async fn set_lines(
        &self,
        number: OrderNumber,
        positions: Vec<usize>,
        done: bool,
    ) -> anyhow::Result<()> {
        let mut change = Change::begin(&self.db, Some(&self.bus)).await?;
        let (mut conn, events) = change.parts();
        let now = crate::clock::now();
        crate::service::stations::set_lines(&mut conn, number, &positions, done, now, events)
            .await?;
        change.commit().await?;
        Ok(())
    }

    async fn products(&self) -> anyhow::Result<Vec<ProductAvail>> {
        let m = menu::load(&mut self.db.read().await?.exec()).await?;
        Ok(m.products
            .iter()
            .map(|p| ProductAvail {
                id: p.id,
                name: p.name.clone(),
                category: m
                    .category(p.category_id)
                    .map(|c| c.name.clone())
                    .unwrap_or_default(),
                available: p.available,
            })
            .collect())
    }

    async fn set_available(&self, product_id: i64, available: bool) -> anyhow::Result<()> {
        let mut change = Change::begin(&self.db, Some(&self.bus)).await?;
        let (mut conn, events) = change.parts();
        menu::set_available(&mut conn, product_id, available, crate::clock::now()).await?;
        events.push(OrderEvent::MenuChanged);
        change.commit().await?;
        Ok(())
    }

    async fn reprint(&self, number: OrderNumber) -> anyhow::Result<()> {
        let mut tx = self.db.begin().await?;
        if orders::by_number(&mut tx.exec(), number).await?.is_none() {
            return Err(anyhow::Error::new(crate::store::StoreError::NotFound)
                .context(format!("no order #{number}")));
        }
        print::enqueue_reprint(&mut tx.exec(), number, crate::clock::now()).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn health(&self, now: At) -> anyhow::Result<KdsHealth> {
        let probe = async {
            let mut reader = self.db.read().await?;
            let failed = outbox::failed_since(&mut reader.exec(), now - Span::hours(1)).await?;
            let backlog = outbox::backlog(&mut reader.exec()).await?;
            let avg = orders::avg_prep(&mut reader.exec(), start_of_day(now, &self.tz)).await?;
            let pause = pause::get(&mut reader.exec()).await?;
            let today = self.today(&mut reader.exec(), now).await?;
            let printer = (
                print::offline(&mut reader.exec()).await?,
                print::stuck(&mut reader.exec()).await?,
            );
            let ahead = crate::store::ahead::upcoming(&mut reader.exec()).await?;
            let busy = crate::store::pace::busy(&mut reader.exec(), now).await?;
            Ok::<_, crate::store::StoreError>((
                failed, backlog, avg, pause, today, printer, ahead, busy,
            ))
        };
        match probe.await {
            Ok((failed, backlog, avg, pause, today, (printer_offline, stuck), ahead, busy)) => {
                Ok(KdsHealth {
                    failed_sends_last_hour: failed,
                    outbox_backlog: backlog,
                    avg_prep_ms_today: avg,
                    db_ok: !self.health.is_failing(),
                    ordering_paused: pause.is_some_and(|p| p.until.is_none_or(|u| u > now)),
                    token_rejected: self.health.token_rejected(),
                    today: Some(today),
                    connection_lost: false,
                    server_sent_too_much: false,
                    printer_offline,
                    printer_stuck: stuck
                        .into_iter()
                        .map(|(order, kind)| format!("#{order} {kind}"))
                        .collect(),
                    upcoming: i64::try_from(ahead.len()).unwrap_or(i64::MAX),
                    next_upcoming_at: ahead.first().map(|u| At::from_millis(u.board_at)),
                    busy,
                })
            }
            Err(e) => {
                self.health.db_failed(&e.to_string());
                Ok(KdsHealth::unreachable())
            }
        }
    }

    async fn change_seq(&self) -> anyhow::Result<i64> {
        Ok(counters::change_seq(&mut self.db.read().await?.exec()).await?)
    }

    async fn waiting(&self, now: At) -> anyhow::Result<Vec<crate::kds::Waiting>> {
        Ok(super::support::waiting(&self.db, now).await?)
    }

    async fn set_busy(&self, minutes: u32) -> anyhow::Result<()> {
        crate::service::pace::set_busy(
            &self.db,
            Some(&self.bus),
            minutes,
            None,
            crate::clock::now(),
        )
        .await?;
        Ok(())
    }

    async fn hand_back(&self, phone: crate::domain::CustomerId) -> anyhow::Result<()> {
        let mut change = Change::begin(&self.db, Some(&self.bus)).await?;
        let (mut conn, events) = change.parts();
        let now = crate::clock::now();
        super::support::hand_back(&mut conn, &phone, now, "board", events).await?;
        change.commit().await?;
        Ok(())
    }
}

impl StoreKds {
    /// The business day so far, computed as `maydanoz report` does; again only
    /// when an order changed or the day turned (see [`TodayCache`]).
    async fn today(
        &self,
        conn: &mut crate::store::Exec<'_>,
        now: At,
    ) -> Result<Glance, crate::store::StoreError> {
        let set = &self.report;
        let p = Period::day(report::day::business_date(now, &set.tz, set.day_start));
        let (start, end) = p.bounds(&set.tz, set.day_start);
        // read before the orders: a write in between is seen now and computed again next time
        let seq = counters::change_seq(conn).await?;
        if let Some(g) = self.today_cache.get(seq, start) {
            return Ok(g);
        }
        let d = crate::store::report::load(conn, start, end).await?;
        let g = Glance::from(&report::compute(&d.orders, &d.first_order_at, p, set));
        self.today_cache.put(seq, start, &g);
        Ok(g)
    }
}

/// Local midnight of the day `now` falls in.
fn start_of_day(now: At, tz: &jiff::tz::TimeZone) -> At {
    jiff::Timestamp::from_millisecond(now.as_millis())
        .ok()
        .and_then(|t| t.to_zoned(tz.clone()).start_of_day().ok())
        .map_or(now - Span::hours(24), |z| {
            At::from_millis(z.timestamp().as_millisecond())
        })
}
