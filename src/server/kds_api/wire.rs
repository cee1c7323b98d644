//! The JSON of `/kds/v1`'s boards (`GET /kds/v1/orders` and every event of
//! `/kds/v1/events`): the server's own types, built from the domain's
//! [`crate::domain::order::Order`], with the field names and shapes written up
//! in docs/kds-api.md. A rename in the domain changes nothing here; the test
//! below pins one order's JSON byte for byte, and that a display reads it back
//! as the same order.

use serde::Serialize;

use crate::domain::order as domain;

/// The open board at one value of the change sequence.
#[derive(Debug, Serialize)]
pub struct Board {
    /// The change sequence this board reflects (the SSE event id).
    pub seq: i64,
    /// Open orders, oldest first.
    pub orders: Vec<Order>,
}

impl Board {
    pub fn new(seq: i64, orders: &[domain::Order]) -> Board {
        Board {
            seq,
            orders: orders.iter().map(Order::from).collect(),
        }
    }
}

/// One order as a display receives it. Money is integer minor units, times
/// unix ms, names the contract's snake_case.
#[derive(Debug, Serialize)]
pub struct Order {
    pub id: i64,
    pub number: i64,
    pub status: &'static str,
    pub fulfilment: &'static str,
    pub customer_phone: String,
    pub customer_name: Option<String>,
    pub address: Option<String>,
    pub note: Option<String>,
    pub items: Vec<Item>,
    pub subtotal: i64,
    pub discount: i64,
    pub total: i64,
    pub coupon: Option<String>,
    pub created_at: i64,
    pub status_times: StatusTimes,
    pub rush: bool,
    pub location: Option<Degrees>,
    pub delivery_fee: i64,
    pub payment: Option<&'static str>,
    pub cancel_requested_at: Option<i64>,
    pub scheduled_for: Option<i64>,
    pub board_at: Option<i64>,
    pub promised_at: Option<i64>,
}

/// One line of an order.
#[derive(Debug, Serialize)]
pub struct Item {
    pub product_id: Option<i64>,
    pub name: String,
    pub quantity: i64,
    pub unit_price: i64,
    pub options: Vec<String>,
    pub note: Option<String>,
    pub station: Option<String>,
    pub station_done_at: Option<i64>,
}

/// When the order reached each status.
#[derive(Debug, Serialize)]
pub struct StatusTimes {
    pub preparing_at: Option<i64>,
    pub ready_at: Option<i64>,
    pub out_for_delivery_at: Option<i64>,
    pub delivered_at: Option<i64>,
    pub cancelled_at: Option<i64>,
}

/// A delivery's pin in degrees.
#[derive(Debug, Serialize)]
pub struct Degrees {
    pub latitude: f64,
    pub longitude: f64,
}

impl From<&domain::Order> for Order {
    fn from(o: &domain::Order) -> Order {
        let t = &o.status_times;
        Order {
            id: o.id,
            number: o.number.get(),
            status: o.status.as_str(),
            fulfilment: o.fulfilment.as_str(),
            customer_phone: o.customer_phone.as_str().to_string(),
            customer_name: o.customer_name.clone(),
            address: o.address.clone(),
            note: o.note.clone(),
            items: o.items.iter().map(Item::from).collect(),
            subtotal: o.subtotal.minor(),
            discount: o.discount.minor(),
            total: o.total.minor(),
            coupon: o.coupon.as_deref().map(str::to_string),
            created_at: o.created_at,
            status_times: StatusTimes {
                preparing_at: t.preparing_at,
                ready_at: t.ready_at,
                out_for_delivery_at: t.out_for_delivery_at,
                delivered_at: t.delivered_at,
                cancelled_at: t.cancelled_at,
            },
            rush: o.rush,
            location: o.location.map(|p| Degrees {
                latitude: p.latitude(),
                longitude: p.longitude(),
            }),
            delivery_fee: o.delivery_fee.minor(),
            payment: o.payment.map(|p| p.as_str()),
            cancel_requested_at: o.cancel_requested_at,
            scheduled_for: o.scheduled_for,
            board_at: o.board_at,
            promised_at: o.promised_at,
        }
    }
}

impl From<&domain::OrderItem> for Item {
    fn from(i: &domain::OrderItem) -> Item {
        Item {
            product_id: i.product_id,
            name: i.name.clone(),
            quantity: i.quantity,
            unit_price: i.unit_price.minor(),
            options: i.options.clone(),
            note: i.note.clone(),
            station: i.station.clone(),
            station_done_at: i.station_done_at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::coupon_code::CouponCode;
    use crate::domain::order::{Fulfilment, OrderItem, OrderStatus};
    use crate::domain::payment::Payment;
    use crate::domain::pin::Pin;
    use crate::domain::{Money, OrderNumber, Phone};

    /// An order with every field set, and customer text that JSON must escape.
    fn order() -> domain::Order {
        domain::Order {
            id: 7,
            number: OrderNumber::new(42),
            status: OrderStatus::OutForDelivery,
            fulfilment: Fulfilment::Delivery,
            customer_phone: Phone::parse("905551234567").expect("phone"),
            customer_name: Some("Ayşe \"İ\" 🌯".into()),
            address: Some("Moda Cad. 12, Kadıköy".into()),
            note: None,
            items: vec![
                OrderItem {
                    product_id: Some(3),
                    name: "Tavuk Dürüm".into(),
                    quantity: 2,
                    unit_price: Money::from_minor(15_000),
                    options: vec!["Acılı".into(), "Soğansız".into()],
                    note: Some("bol sos".into()),
                    station: Some("ızgara".into()),
                    station_done_at: Some(1_780_000_060_000),
                },
                OrderItem {
                    product_id: None,
                    name: "Peçete".into(),
                    quantity: 1,
                    unit_price: Money::ZERO,
                    options: vec![],
                    note: None,
                    station: None,
                    station_done_at: None,
                },
            ],
            subtotal: Money::from_minor(30_000),
            discount: Money::from_minor(3_000),
            total: Money::from_minor(29_500),
            coupon: CouponCode::parse("yaz 25"),
            created_at: 1_780_000_000_000,
            status_times: domain::StatusTimes {
                preparing_at: Some(1_780_000_030_000),
                ready_at: Some(1_780_000_600_000),
                out_for_delivery_at: Some(1_780_000_700_000),
                delivered_at: None,
                cancelled_at: None,
            },
            rush: true,
            location: Some(Pin::from_degrees(40.98765, 29.02468).expect("pin")),
            delivery_fee: Money::from_minor(2_500),
            payment: Some(Payment::Card),
            cancel_requested_at: Some(1_780_000_650_000),
            scheduled_for: Some(1_780_003_600_000),
            board_at: Some(1_780_001_800_000),
            promised_at: Some(1_780_003_600_000),
        }
    }

    const PINNED: &str = concat!(
        r#"{"seq":9,"orders":[{"id":7,"number":42,"status":"out_for_delivery","fulfilment":"delivery","#,
        r#""customer_phone":"905551234567","customer_name":"Ayşe \"İ\" 🌯","address":"Moda Cad. 12, Kadıköy","#,
        r#""note":null,"items":[{"product_id":3,"name":"Tavuk Dürüm","quantity":2,"unit_price":15000,"#,
        r#""options":["Acılı","Soğansız"],"note":"bol sos","station":"ızgara","station_done_at":1780000060000},"#,
        r#"{"product_id":null,"name":"Peçete","quantity":1,"unit_price":0,"options":[],"note":null,"#,
        r#""station":null,"station_done_at":null}],"subtotal":30000,"discount":3000,"total":29500,"#,
        r#""coupon":"YAZ25","created_at":1780000000000,"status_times":{"preparing_at":1780000030000,"#,
        r#""ready_at":1780000600000,"out_for_delivery_at":1780000700000,"delivered_at":null,"cancelled_at":null},"#,
        r#""rush":true,"location":{"latitude":40.98765,"longitude":29.02468},"delivery_fee":2500,"#,
        r#""payment":"card","cancel_requested_at":1780000650000,"scheduled_for":1780003600000,"#,
        r#""board_at":1780001800000,"promised_at":1780003600000}]}"#
    );

    #[test]
    fn one_orders_json_is_pinned() {
        let json = serde_json::to_string(&Board::new(9, &[order()])).expect("json");
        assert_eq!(json, PINNED);
    }

    #[test]
    fn a_display_reads_the_board_back_as_the_same_orders() {
        let back: crate::kds::Board = serde_json::from_str(PINNED).expect("a board");
        assert_eq!(
            back,
            crate::kds::Board {
                seq: 9,
                orders: vec![order()]
            }
        );
    }
}
