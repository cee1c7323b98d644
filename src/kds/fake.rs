//! An in-memory [`KdsBackend`] for tests: behaves like the real one (bumps the
//! change sequence, publishes on the bus after a "commit") and can be told to fail.

use crate::domain::OrderNumber;
use crate::domain::time::At;

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicUsize, Ordering};

use anyhow::bail;

use super::backend::{BoardHealth, KdsBackend, ProductAvail};
use crate::domain::order::{Order, OrderStatus};
use crate::events::{Bus, OrderEvent};

#[derive(Debug, Default)]
pub struct FakeBackend {
    pub orders: Mutex<Vec<Order>>,
    pub products: Mutex<Vec<ProductAvail>>,
    pub seq: AtomicI64,
    /// Writes fail with "database is locked".
    pub fail_writes: AtomicBool,
    /// Reads of open orders fail.
    pub fail_reads: AtomicBool,
    pub open_orders_calls: AtomicUsize,
    /// Every successful `set_status`, in order.
    pub status_log: Mutex<Vec<(i64, OrderStatus)>>,
    /// Every successful `reprint`, in order.
    pub reprints: Mutex<Vec<i64>>,
    /// Every `set_busy`, in the order it was stored (the last one holds). A higher
    /// step takes longer to store, so writes that overtake each other show here.
    pub busy_log: Mutex<Vec<u32>>,
    pub bus: Option<Bus>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl FakeBackend {
    pub fn with(orders: Vec<Order>, bus: Option<Bus>) -> FakeBackend {
        FakeBackend {
            orders: Mutex::new(orders),
            bus,
            ..FakeBackend::default()
        }
    }

    /// Another process writes: the sequence moves, nothing is published here.
    pub fn external_status(&self, number: OrderNumber, to: OrderStatus) {
        if let Some(o) = lock(&self.orders).iter_mut().find(|o| o.number == number) {
            o.status = to;
        }
        self.seq.fetch_add(1, Ordering::SeqCst);
    }

    pub fn reloads(&self) -> usize {
        self.open_orders_calls.load(Ordering::SeqCst)
    }
}

impl KdsBackend for FakeBackend {
    async fn open_orders(&self) -> anyhow::Result<Vec<Order>> {
        self.open_orders_calls.fetch_add(1, Ordering::SeqCst);
        if self.fail_reads.load(Ordering::SeqCst) {
            bail!("connection refused");
        }
        let mut open: Vec<Order> = lock(&self.orders)
            .iter()
            .filter(|o| o.status.is_open())
            .cloned()
            .collect();
        open.sort_by_key(|o| (o.created_at, o.number));
        Ok(open)
    }

    async fn set_status(&self, number: OrderNumber, to: OrderStatus) -> anyhow::Result<()> {
        if self.fail_writes.load(Ordering::SeqCst) {
            bail!("database is locked");
        }
        {
            let mut orders = lock(&self.orders);
            let Some(o) = orders.iter_mut().find(|o| o.number == number) else {
                bail!("no order #{number}");
            };
            o.status = to;
        }
        self.seq.fetch_add(1, Ordering::SeqCst);
        lock(&self.status_log).push((number.get(), to));
        if let Some(bus) = &self.bus {
            bus.publish(OrderEvent::StatusChanged {
                number,
                status: to,
                at: 0,
            });
        }
        Ok(())
    }

    async fn set_rush(&self, number: OrderNumber, rush: bool) -> anyhow::Result<()> {
        if self.fail_writes.load(Ordering::SeqCst) {
            bail!("database is locked");
        }
        if let Some(o) = lock(&self.orders).iter_mut().find(|o| o.number == number) {
            o.rush = rush;
        }
        self.seq.fetch_add(1, Ordering::SeqCst);
        if let Some(bus) = &self.bus {
            bus.publish(OrderEvent::Rush { number, rush });
        }
        Ok(())
    }

    async fn answer_cancel(&self, number: OrderNumber, accept: bool) -> anyhow::Result<()> {
        if self.fail_writes.load(Ordering::SeqCst) {
            bail!("database is locked");
        }
        {
            let mut orders = lock(&self.orders);
            let Some(o) = orders
                .iter_mut()
                .find(|o| o.number == number && o.cancel_requested_at.is_some())
            else {
                bail!("order {number} has no cancel request waiting");
            };
            o.cancel_requested_at = None;
            if accept {
                o.status = OrderStatus::Cancelled;
            }
        }
        self.seq.fetch_add(1, Ordering::SeqCst);
        if accept {
            lock(&self.status_log).push((number.into(), OrderStatus::Cancelled));
        }
        if let Some(bus) = &self.bus {
            bus.publish(if accept {
                OrderEvent::StatusChanged {
                    number,
                    status: OrderStatus::Cancelled,
                    at: 0,
                }
            } else {
                OrderEvent::CancelRequested { number, at: None }
            });
        }
        Ok(())
    }

    async fn set_lines(
        &self,
        number: OrderNumber,
        positions: Vec<usize>,
        done: bool,
    ) -> anyhow::Result<()> {
        if self.fail_writes.load(Ordering::SeqCst) {
            bail!("database is locked");
        }
        if let Some(o) = lock(&self.orders).iter_mut().find(|o| o.number == number) {
            for p in positions {
                if let Some(i) = o.items.get_mut(p) {
                    i.station_done_at = done.then_some(crate::domain::time::At::from_millis(1));
                }
            }
        }
        self.seq.fetch_add(1, Ordering::SeqCst);
        if let Some(bus) = &self.bus {
            bus.publish(OrderEvent::Reload);
        }
        Ok(())
    }

    async fn products(&self) -> anyhow::Result<Vec<ProductAvail>> {
        Ok(lock(&self.products).clone())
    }

    async fn set_available(&self, product_id: i64, available: bool) -> anyhow::Result<()> {
        if self.fail_writes.load(Ordering::SeqCst) {
            bail!("database is locked");
        }
        for p in lock(&self.products)
            .iter_mut()
            .filter(|p| p.id == product_id)
        {
            p.available = available;
        }
        self.seq.fetch_add(1, Ordering::SeqCst);
        if let Some(bus) = &self.bus {
            bus.publish(OrderEvent::MenuChanged);
        }
        Ok(())
    }

    async fn reprint(&self, number: OrderNumber) -> anyhow::Result<()> {
        if self.fail_writes.load(Ordering::SeqCst) {
            bail!("database is locked");
        }
        lock(&self.reprints).push(number.get());
        Ok(())
    }

    async fn set_busy(&self, minutes: u32) -> anyhow::Result<()> {
        tokio::time::sleep(std::time::Duration::from_millis(u64::from(minutes) * 2)).await;
        lock(&self.busy_log).push(minutes);
        Ok(())
    }

    async fn health(&self, _now: At) -> anyhow::Result<BoardHealth> {
        let busy = lock(&self.busy_log)
            .last()
            .copied()
            .filter(|m| *m > 0)
            .map(|minutes| crate::domain::pace::Busy {
                minutes,
                until: None,
            });
        Ok(BoardHealth {
            failed_sends_last_hour: 0,
            outbox_backlog: 0,
            avg_prep_ms_today: None,
            db_ok: !self.fail_reads.load(Ordering::SeqCst),
            ordering_paused: false,
            token_rejected: false,
            today: None,
            connection_lost: false,
            server_sent_too_much: false,
            printer_offline: false,
            printer_stuck: Vec::new(),
            upcoming: 0,
            next_upcoming_at: None,
            busy,
        })
    }

    async fn change_seq(&self) -> anyhow::Result<i64> {
        Ok(self.seq.load(Ordering::SeqCst))
    }
}
