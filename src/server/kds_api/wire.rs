//! The JSON of `/kds/v1`'s boards (`GET /kds/v1/orders` and every event of
//! `/kds/v1/events`): the server's own types, built from the domain's
//! [`crate::domain::order::Order`], with the field names and shapes written up
//! in docs/kds-api.md. A rename in the domain changes nothing here. A remote
//! display (`kds --connect`) parses the same types and turns them back into
//! the domain's in one place, [`Board::into_board`]. What a display sends (the
//! bodies of its POSTs) is here too, written by the display and read by the
//! server. The tests below pin one order's JSON byte for byte, that a display
//! reads it back as the same order, and the bodies' JSON.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::domain::coupon_code::CouponCode;
use crate::domain::order as domain;
use crate::domain::payment::Payment;
use crate::domain::pin::Pin;
use crate::domain::time::At;
use crate::domain::{CustomerId, Money, OrderNumber};

/// Why a board from the server is not one the display can show.
#[derive(Debug, thiserror::Error)]
#[error("order {number}: {what}")]
pub(crate) struct BadOrder {
    pub number: i64,
    pub what: String,
}

/// The open board at one value of the change sequence.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Board {
    /// The change sequence this board reflects (the SSE event id).
    pub seq: i64,
    /// Open orders, oldest first.
    pub orders: Vec<Order>,
}

impl Board {
    pub(crate) fn new(seq: i64, orders: &[domain::Order]) -> Board {
        Board {
            seq,
            orders: orders.iter().map(Order::from).collect(),
        }
    }

    /// The board as the display's domain types: every order checked (a status,
    /// phone, coupon or pin the domain would not hold is refused, naming the order).
    pub(crate) fn into_board(self) -> Result<crate::kds::Board, BadOrder> {
        Ok(crate::kds::Board {
            seq: self.seq,
            orders: self
                .orders
                .into_iter()
                .map(Order::into_domain)
                .collect::<Result<_, _>>()?,
        })
    }
}

/// One order as a display receives it. Money is integer minor units, times
/// unix ms, names the contract's snake_case. The fields a server before them
/// did not send read as their default.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Order {
    pub id: i64,
    pub number: i64,
    pub status: Cow<'static, str>,
    pub fulfilment: Cow<'static, str>,
    pub customer_phone: String,
    pub customer_name: Option<String>,
    pub address: Option<String>,
    pub note: Option<String>,
    pub items: Vec<Item>,
    pub subtotal: i64,
    pub discount: i64,
    pub total: i64,
    pub coupon: Option<String>,
    pub created_at: At,
    pub status_times: StatusTimes,
    #[serde(default)]
    pub rush: bool,
    #[serde(default)]
    pub location: Option<Degrees>,
    #[serde(default)]
    pub delivery_fee: i64,
    #[serde(default)]
    pub payment: Option<Cow<'static, str>>,
    #[serde(default)]
    pub cancel_requested_at: Option<At>,
    #[serde(default)]
    pub scheduled_for: Option<At>,
    #[serde(default)]
    pub board_at: Option<At>,
    #[serde(default)]
    pub promised_at: Option<At>,
}

/// One line of an order.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Item {
    pub product_id: Option<i64>,
    pub name: String,
    pub quantity: i64,
    pub unit_price: i64,
    pub options: Vec<String>,
    pub note: Option<String>,
    #[serde(default)]
    pub station: Option<String>,
    #[serde(default)]
    pub station_done_at: Option<At>,
}

/// When the order reached each status.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct StatusTimes {
    pub preparing_at: Option<At>,
    pub ready_at: Option<At>,
    pub out_for_delivery_at: Option<At>,
    pub delivered_at: Option<At>,
    pub cancelled_at: Option<At>,
}

/// A delivery's pin in degrees.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Degrees {
    pub latitude: f64,
    pub longitude: f64,
}

impl From<&domain::Order> for Order {
    fn from(o: &domain::Order) -> Order {
        let t = &o.status_times;
        Order {
            id: o.id,
            number: o.number.get(),
            status: Cow::Borrowed(o.status.as_str()),
            fulfilment: Cow::Borrowed(o.fulfilment.as_str()),
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
            payment: o.payment.map(|p| Cow::Borrowed(p.as_str())),
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

impl Order {
    /// The order as the domain holds it: the one way a display turns the wire
    /// back into an order.
    pub(crate) fn into_domain(self) -> Result<domain::Order, BadOrder> {
        let number = self.number;
        let bad = |what: String| BadOrder { number, what };
        let status = domain::OrderStatus::parse(&self.status)
            .ok_or_else(|| bad(format!("unknown status {:?}", self.status)))?;
        let fulfilment = domain::Fulfilment::parse(&self.fulfilment)
            .ok_or_else(|| bad(format!("unknown fulfilment {:?}", self.fulfilment)))?;
        let customer_phone = CustomerId::parse(&self.customer_phone)
            .map_err(|e| bad(format!("customer phone: {e}")))?;
        let coupon = match self.coupon {
            None => None,
            Some(c) => {
                Some(CouponCode::parse(&c).ok_or_else(|| bad(format!("coupon code {c:?}")))?)
            }
        };
        let location = match self.location {
            None => None,
            Some(d) => Some(
                Pin::from_degrees(d.latitude, d.longitude)
                    .map_err(|e| bad(format!("location: {e}")))?,
            ),
        };
        let payment = match self.payment {
            None => None,
            Some(p) => {
                Some(Payment::parse(&p).ok_or_else(|| bad(format!("unknown payment {p:?}")))?)
            }
        };
        let t = self.status_times;
        Ok(domain::Order {
            id: self.id,
            number: OrderNumber::new(number),
            status,
            fulfilment,
            customer_phone,
            customer_name: self.customer_name,
            address: self.address,
            note: self.note,
            items: self.items.into_iter().map(Item::into_domain).collect(),
            subtotal: Money::from_minor(self.subtotal),
            discount: Money::from_minor(self.discount),
            total: Money::from_minor(self.total),
            coupon,
            created_at: self.created_at,
            status_times: domain::StatusTimes {
                preparing_at: t.preparing_at,
                ready_at: t.ready_at,
                out_for_delivery_at: t.out_for_delivery_at,
                delivered_at: t.delivered_at,
                cancelled_at: t.cancelled_at,
            },
            rush: self.rush,
            location,
            delivery_fee: Money::from_minor(self.delivery_fee),
            payment,
            cancel_requested_at: self.cancel_requested_at,
            scheduled_for: self.scheduled_for,
            board_at: self.board_at,
            promised_at: self.promised_at,
        })
    }
}

impl Item {
    fn into_domain(self) -> domain::OrderItem {
        domain::OrderItem {
            product_id: self.product_id,
            name: self.name,
            quantity: self.quantity,
            unit_price: Money::from_minor(self.unit_price),
            options: self.options,
            note: self.note,
            station: self.station,
            station_done_at: self.station_done_at,
        }
    }
}

/// `POST /orders/{number}/status`: move the order to `to` (a status's snake_case name).
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct StatusBody {
    pub to: String,
}

/// `POST /orders/{number}/rush`: mark it rush or clear it.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct RushBody {
    pub rush: bool,
}

/// `POST /orders/{number}/cancel-request`: accept or refuse the customer's request.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct AnswerCancelBody {
    pub accept: bool,
}

/// `POST /orders/{number}/lines`: a station finished lines, or takes them back.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct LinesBody {
    /// Line positions in the order (0-based, as in its `items`).
    pub positions: Vec<usize>,
    /// `true`: done at the station; `false`: recalled.
    pub done: bool,
}

/// `POST /products/{id}/available`: the product can be ordered, or not.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct AvailableBody {
    pub available: bool,
}

/// `POST /busy`: the kitchen's extra minutes, for `for_minutes` (absent: until changed).
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct BusyBody {
    pub minutes: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub for_minutes: Option<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::coupon_code::CouponCode;
    use crate::domain::order::{Fulfilment, OrderItem, OrderStatus};
    use crate::domain::payment::Payment;
    use crate::domain::pin::Pin;
    use crate::domain::time::At;
    use crate::domain::{CustomerId, Money, OrderNumber};

    /// An order with every field set, and customer text that JSON must escape.
    fn order() -> domain::Order {
        domain::Order {
            id: 7,
            number: OrderNumber::new(42),
            status: OrderStatus::OutForDelivery,
            fulfilment: Fulfilment::Delivery,
            customer_phone: CustomerId::parse("905551234567").expect("phone"),
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
                    station_done_at: Some(At::from_millis(1_780_000_060_000)),
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
            created_at: At::from_millis(1_780_000_000_000),
            status_times: domain::StatusTimes {
                preparing_at: Some(At::from_millis(1_780_000_030_000)),
                ready_at: Some(At::from_millis(1_780_000_600_000)),
                out_for_delivery_at: Some(At::from_millis(1_780_000_700_000)),
                delivered_at: None,
                cancelled_at: None,
            },
            rush: true,
            location: Some(Pin::from_degrees(40.98765, 29.02468).expect("pin")),
            delivery_fee: Money::from_minor(2_500),
            payment: Some(Payment::Card),
            cancel_requested_at: Some(At::from_millis(1_780_000_650_000)),
            scheduled_for: Some(At::from_millis(1_780_003_600_000)),
            board_at: Some(At::from_millis(1_780_001_800_000)),
            promised_at: Some(At::from_millis(1_780_003_600_000)),
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
        let wire: Board = serde_json::from_str(PINNED).expect("a board");
        assert_eq!(
            wire.into_board().expect("the domain's"),
            crate::kds::Board {
                seq: 9,
                orders: vec![order()]
            }
        );
    }

    /// Domain → wire JSON → domain gives the order back, for a pickup without
    /// the optional fields as for the full delivery above.
    #[test]
    fn an_order_round_trips_through_the_wire() {
        let mut plain = order();
        plain.id = 8;
        plain.number = OrderNumber::new(43);
        plain.status = OrderStatus::New;
        plain.fulfilment = Fulfilment::Pickup;
        plain.coupon = None;
        plain.location = None;
        plain.payment = None;
        plain.scheduled_for = None;
        plain.board_at = None;
        plain.customer_name = Some("Çağrı Öztürk 🧆 ğüşıİ".into());
        plain.status_times = domain::StatusTimes::default();
        let orders = vec![order(), plain];
        let json = serde_json::to_string(&Board::new(3, &orders)).expect("json");
        let wire: Board = serde_json::from_str(&json).expect("parse");
        let back = wire.into_board().expect("the domain's");
        assert_eq!(back.seq, 3);
        assert_eq!(back.orders, orders);
    }

    #[test]
    fn a_board_the_domain_cannot_hold_is_refused_naming_the_order() {
        for (from, to) in [
            (r#""status":"out_for_delivery""#, r#""status":"lost""#),
            (
                r#""customer_phone":"905551234567""#,
                r#""customer_phone":"""#,
            ),
            (r#""coupon":"YAZ25""#, r#""coupon":"?""#),
            (r#""latitude":40.98765"#, r#""latitude":140.5"#),
            (r#""payment":"card""#, r#""payment":"gold""#),
        ] {
            let json = PINNED.replace(from, to);
            assert_ne!(json, PINNED, "{from}");
            let wire: Board = serde_json::from_str(&json).expect("still JSON of a board");
            let e = wire.into_board().expect_err(to);
            assert_eq!(e.number, 42, "{e}");
        }
    }

    #[test]
    fn what_a_display_sends_is_pinned() {
        fn json<T: Serialize>(v: &T) -> String {
            serde_json::to_string(v).expect("json")
        }
        assert_eq!(
            json(&StatusBody { to: "ready".into() }),
            r#"{"to":"ready"}"#
        );
        assert_eq!(json(&RushBody { rush: true }), r#"{"rush":true}"#);
        assert_eq!(
            json(&AnswerCancelBody { accept: false }),
            r#"{"accept":false}"#
        );
        assert_eq!(
            json(&LinesBody {
                positions: vec![0, 2],
                done: true
            }),
            r#"{"positions":[0,2],"done":true}"#
        );
        assert_eq!(
            json(&AvailableBody { available: true }),
            r#"{"available":true}"#
        );
        let busy = |minutes, for_minutes| BusyBody {
            minutes,
            for_minutes,
        };
        assert_eq!(json(&busy(15, None)), r#"{"minutes":15}"#);
        assert_eq!(
            json(&busy(15, Some(60))),
            r#"{"minutes":15,"for_minutes":60}"#
        );
        let read: BusyBody = serde_json::from_str(r#"{"minutes":5}"#).expect("busy");
        assert_eq!((read.minutes, read.for_minutes), (5, None));
    }

    /// A server from before rush, pins, fees, payment, ordering ahead and
    /// stations sent none of them: the display reads their defaults.
    #[test]
    fn an_older_servers_board_reads_with_defaults() {
        let old = r#"{"seq":1,"orders":[{"id":1,"number":5,"status":"new","fulfilment":"pickup",
            "customer_phone":"905551234567","customer_name":null,"address":null,"note":null,
            "items":[{"product_id":null,"name":"Ayran","quantity":1,"unit_price":2000,"options":[],"note":null}],
            "subtotal":2000,"discount":0,"total":2000,"coupon":null,"created_at":10,
            "status_times":{"preparing_at":null,"ready_at":null,"out_for_delivery_at":null,"delivered_at":null,"cancelled_at":null}}]}"#;
        let wire: Board = serde_json::from_str(old).expect("parse");
        let o = &wire.into_board().expect("board").orders[0];
        assert!(!o.rush);
        assert_eq!(
            (o.location, o.payment, o.delivery_fee),
            (None, None, Money::ZERO)
        );
        assert_eq!(o.items[0].station, None);
    }
}
