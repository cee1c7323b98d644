//! `maydanoz orders …`

use crate::domain::OrderNumber;
use crate::domain::time::At;

use serde::Serialize;

use super::{Admin, Table, now_ms, rfc3339, say, user};
use crate::cli::OrdersCmd;
use crate::domain::order::{ALL_STATUSES, Order, OrderStatus};
use crate::service::{self, ChangeError};
use crate::store::orders as store;

pub async fn run(a: &Admin, cmd: OrdersCmd) -> anyhow::Result<()> {
    match cmd {
        OrdersCmd::List {
            status,
            json,
            limit,
        } => list(a, status.as_deref(), json, limit).await,
        OrdersCmd::Show { number, json } => show(a, number, json).await,
        OrdersCmd::Status { number, status } => set_status(a, number, &status).await,
        OrdersCmd::Export { from, to, csv: _ } => super::report::export(a, &from, &to).await,
    }
}

fn parse_status(s: &str) -> anyhow::Result<OrderStatus> {
    OrderStatus::parse(s.trim()).ok_or_else(|| {
        let all: Vec<&str> = ALL_STATUSES.iter().map(|s| s.as_str()).collect();
        user(format!(
            "'{s}' is not a status; use one of: {}",
            all.join(", ")
        ))
    })
}

/// An order as `orders list/show --json` prints it (CONTRACT.md).
#[derive(Serialize)]
pub struct JsonOrder<'a> {
    number: OrderNumber,
    status: &'static str,
    customer_phone: &'a str,
    customer_name: Option<&'a str>,
    items: Vec<JsonItem<'a>>,
    subtotal_minor: i64,
    discount_minor: i64,
    total_minor: i64,
    coupon: Option<&'a str>,
    fulfilment: &'static str,
    address: Option<&'a str>,
    note: Option<&'a str>,
    created_at: String,
    updated_at: Option<String>,
    /// The customer's pin, `{"latitude", "longitude"}` in degrees, or null.
    location: Option<crate::domain::pin::Pin>,
    // -- delivery fee and payment --
    /// Included in `total_minor`; 0 for pickup or without a fee.
    delivery_fee_minor: i64,
    /// `cash`, `card`, `online`, `counter`; null for orders placed before it was asked.
    payment: Option<&'static str>,
    // --- ordering ahead; UTC like `created_at` ---
    /// When the customer gets an order placed ahead; null for one made now.
    scheduled_for: Option<String>,
    /// When an order placed ahead reaches (reached) the kitchen board.
    board_at: Option<String>,
    /// When the customer asked to cancel an order the kitchen had started, while
    /// the request waits for an answer; null when none waits.
    cancel_requested_at: Option<String>,
    /// When the customer was promised the order (RFC 3339), or null for older orders.
    promised_at: Option<String>,
}

#[derive(Serialize)]
struct JsonItem<'a> {
    name: &'a str,
    quantity: i64,
    unit_price_minor: i64,
    options: &'a [String],
    note: Option<&'a str>,
    /// The kitchen station that makes the line, if the menu named one.
    station: Option<&'a str>,
    /// When that station finished it (RFC 3339), if it has.
    station_done_at: Option<String>,
}

impl<'a> JsonOrder<'a> {
    pub fn from_order(o: &'a Order) -> JsonOrder<'a> {
        let t = &o.status_times;
        let last = [
            t.preparing_at,
            t.ready_at,
            t.out_for_delivery_at,
            t.delivered_at,
            t.cancelled_at,
        ]
        .into_iter()
        .flatten()
        .max();
        JsonOrder {
            number: o.number,
            status: o.status.as_str(),
            customer_phone: &o.customer_phone,
            customer_name: o.customer_name.as_deref(),
            items: o
                .items
                .iter()
                .map(|i| JsonItem {
                    name: &i.name,
                    quantity: i.quantity,
                    unit_price_minor: i.unit_price.minor(),
                    options: &i.options,
                    note: i.note.as_deref(),
                    station: i.station.as_deref(),
                    station_done_at: i.station_done_at.map(rfc3339),
                })
                .collect(),
            subtotal_minor: o.subtotal.minor(),
            discount_minor: o.discount.minor(),
            total_minor: o.total.minor(),
            coupon: o.coupon.as_deref(),
            fulfilment: o.fulfilment.as_str(),
            address: o.address.as_deref(),
            note: o.note.as_deref(),
            created_at: rfc3339(o.created_at),
            updated_at: last.map(rfc3339),
            location: o.location,
            delivery_fee_minor: o.delivery_fee.minor(),
            payment: o.payment.map(|p| p.as_str()),
            scheduled_for: o.scheduled_for.map(rfc3339),
            board_at: o.board_at.map(rfc3339),
            cancel_requested_at: o.cancel_requested_at.map(rfc3339),
            promised_at: o.promised_at.map(rfc3339),
        }
    }
}

async fn list(a: &Admin, status: Option<&str>, json: bool, limit: i64) -> anyhow::Result<()> {
    let status = status.map(parse_status).transpose()?;
    if limit < 1 {
        return Err(user("--limit must be at least 1"));
    }
    let all = store::list(&mut a.db.read().await?.exec(), status, limit).await?;
    if json {
        let out: Vec<JsonOrder<'_>> = all.iter().map(JsonOrder::from_order).collect();
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    if all.is_empty() {
        say(format!(
            "No orders{}.",
            status
                .map(|s| format!(" with status {}", s.as_str()))
                .unwrap_or_default()
        ));
        return Ok(());
    }
    let mut t = Table::new(&["NO", "TIME", "STATUS", "CUSTOMER", "TYPE", "ITEMS", "TOTAL"])
        .right(&[0, 5, 6]);
    let now = crate::clock::now();
    for o in &all {
        let items: i64 = o.items.iter().map(|i| i.quantity).sum();
        t.row(vec![
            o.number.to_string(),
            a.local_time(o.created_at),
            status_cell(a, o, now),
            o.customer_name
                .clone()
                .unwrap_or_else(|| o.customer_phone.to_string()),
            o.fulfilment.as_str().into(),
            items.to_string(),
            a.money(o.total),
        ]);
    }
    print!("{}", t.render());
    Ok(())
}

/// The status, and for an order placed ahead that is not on the board yet
/// "upcoming, for 11:30": the kitchen does not see it until its board time.
fn status_cell(a: &Admin, o: &Order, now: At) -> String {
    match (o.scheduled_for, o.board_at) {
        (Some(at), Some(b)) if b > now && o.status.is_open() => {
            format!("upcoming, for {}", a.local_time(at))
        }
        _ if o.cancel_requested_at.is_some() && o.status.is_open() => {
            format!("{}, cancel asked", o.status.as_str())
        }
        _ => crate::admin::pace::status_cell(o, now, |t| a.local_time(t)),
    }
}

async fn show(a: &Admin, number: OrderNumber, json: bool) -> anyhow::Result<()> {
    let Some((o, _)) = store::by_number(&mut a.db.read().await?.exec(), number).await? else {
        return Err(user(format!("no order number {number}")));
    };
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&JsonOrder::from_order(&o))?
        );
        return Ok(());
    }
    show_header(a, &o);
    show_items(a, &o);
    show_totals(a, &o);
    Ok(())
}

/// `orders show`: who, when, where and the notes.
fn show_header(a: &Admin, o: &Order) {
    say(format!(
        "Order #{} — {} — {}",
        o.number,
        o.status.as_str(),
        o.fulfilment.as_str()
    ));
    say(format!(
        "Customer: {} ({})",
        o.customer_name.as_deref().unwrap_or("-"),
        o.customer_phone
    ));
    say(format!("Placed:   {}", a.local_time(o.created_at)));
    if let Some(at) = o.cancel_requested_at.filter(|_| o.status.is_open()) {
        say(format!(
            "Cancel:   the customer asked to cancel at {}; the kitchen has not answered (accept or refuse on the board)",
            a.local_time(at)
        ));
    }
    if let Some(p) = o.promised_at {
        say(format!("Promised: {}", a.local_time(p)));
    }
    if let (Some(at), Some(b)) = (o.scheduled_for, o.board_at) {
        let when = if b > crate::clock::now() {
            "from"
        } else {
            "since"
        };
        say(format!(
            "For:      {} (ordered ahead; on the board {when} {})",
            a.local_time(at),
            a.local_time(b)
        ));
    }
    if let Some(addr) = &o.address {
        say(format!("Address:  {addr}"));
    }
    if let Some(pin) = o.location {
        say(format!("Pin:      {pin}  {}", pin.map_link()));
    }
    if let Some(note) = &o.note {
        say(format!("Note:     {note}"));
    }
}

/// `orders show`: the items as a table.
fn show_items(a: &Admin, o: &Order) {
    let mut t = Table::new(&["QTY", "ITEM", "UNIT", "LINE"]).right(&[0, 2, 3]);
    for i in &o.items {
        let name = if i.options.is_empty() {
            i.name.clone()
        } else {
            format!("{} ({})", i.name, i.options.join(", "))
        };
        t.row(vec![
            i.quantity.to_string(),
            name,
            a.money(i.unit_price),
            a.money(i.line_total()),
        ]);
    }
    print!("{}", t.render());
}

/// `orders show`: subtotal, discount, delivery fee, total and payment.
fn show_totals(a: &Admin, o: &Order) {
    say(format!("Subtotal: {}", a.money(o.subtotal)));
    if o.discount.minor() > 0 {
        say(format!(
            "Discount: -{}{}",
            a.money(o.discount),
            o.coupon
                .as_ref()
                .map(|c| format!(" ({c})"))
                .unwrap_or_default()
        ));
    }
    if o.delivery_fee.minor() > 0 {
        say(format!("Delivery: {}", a.money(o.delivery_fee)));
    }
    say(format!("Total:    {}", a.money(o.total)));
    if let Some(p) = o.payment {
        say(format!("Payment:  {}", payment_text(p)));
    }
}

/// How `orders show` names a payment method.
fn payment_text(p: crate::domain::payment::Payment) -> &'static str {
    use crate::domain::payment::Payment;
    match p {
        Payment::Cash => "cash at the door",
        Payment::Card => "card at the door (bring the card machine)",
        Payment::Online => "online (payment link sent)",
        Payment::Counter => "at the counter",
    }
}

async fn set_status(a: &Admin, number: OrderNumber, status: &str) -> anyhow::Result<()> {
    let to = parse_status(status)?;
    match service::change_status(&a.db, None, number, to, now_ms()).await {
        Ok(o) => {
            say(format!(
                "order #{} is now {}; the customer ({}) is being told",
                o.number,
                to.as_str(),
                o.customer_phone
            ));
            Ok(())
        }
        Err(
            e @ (ChangeError::UnknownOrder(_)
            | ChangeError::Transition { .. }
            | ChangeError::Raced { .. }
            | ChangeError::NoCancelRequest(_)),
        ) => Err(user(e.to_string())),
        Err(ChangeError::Store(e)) => Err(e.into()),
    }
}
