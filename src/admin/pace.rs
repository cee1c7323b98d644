//! `maydanoz busy --minutes N [--for M]` / `maydanoz busy --off`: the kitchen
//! is behind, so every ready time quoted to a customer gets N more minutes
//! (the server reads it from the database for every quote). Also the status
//! cell `orders list` shows for a late order and for one waiting at the counter.

use super::{Admin, user};
use crate::cli::BusyArgs;
use crate::domain::order::{Fulfilment, Order, OrderStatus};
use crate::domain::time::At;
use crate::service::pace::{BusyError, set_busy};

pub async fn busy(a: &Admin, args: BusyArgs) -> anyhow::Result<()> {
    let minutes = if args.off {
        0
    } else {
        args.minutes.unwrap_or(0)
    };
    if !args.off && minutes == 0 {
        return Err(user("--minutes must be at least 1 (or use --off)"));
    }
    match set_busy(&a.db, None, minutes, args.for_minutes, crate::clock::now()).await {
        Ok(Some(b)) => {
            match b.until {
                Some(u) => println!(
                    "busy: +{} minutes on every quote until {}",
                    b.minutes,
                    a.local_time(u)
                ),
                None => println!(
                    "busy: +{} minutes on every quote; `maydanoz busy --off` clears it",
                    b.minutes
                ),
            }
            Ok(())
        }
        Ok(None) => {
            println!("busy mode off: quotes follow the kitchen's pace again");
            Ok(())
        }
        Err(e @ (BusyError::Minutes | BusyError::For)) => Err(user(e.to_string())),
        Err(BusyError::Store(e)) => Err(e.into()),
    }
}

/// `orders list`'s status: "ready, at the counter 12 min" for a pickup order
/// waiting to be collected, "preparing, late (promised 12:30)" past its
/// promise, else the status.
pub fn status_cell(o: &Order, now: At, local: impl Fn(At) -> String) -> String {
    let s = o.status.as_str();
    if o.status == OrderStatus::Ready
        && o.fulfilment == Fulfilment::Pickup
        && let Some(r) = o.status_times.ready_at
    {
        let m = crate::domain::eta::minutes_since(r, now);
        return format!("{s}, at the counter {m} min");
    }
    match o.promised_at {
        Some(p) if crate::domain::pace::late_against_promise(Some(p), o.status, now) => {
            let when = local(p);
            let hhmm = when.rsplit(' ').next().unwrap_or(&when).to_string();
            format!("{s}, late (promised {hhmm})")
        }
        _ => s.into(),
    }
}
