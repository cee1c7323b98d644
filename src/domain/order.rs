//! Orders: status transitions, the order as everyone sees it, and its totals.

use crate::domain::coupon_code::CouponCode;
use crate::domain::{CustomerId, OrderNumber};

use super::money::Money;
use super::time::At;

/// Where an order is in the kitchen. Contract names (snake_case) are the wire form.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    New,
    Preparing,
    Ready,
    OutForDelivery,
    Delivered,
    Cancelled,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fulfilment {
    Pickup,
    Delivery,
}

impl Fulfilment {
    pub fn as_str(self) -> &'static str {
        match self {
            Fulfilment::Pickup => "pickup",
            Fulfilment::Delivery => "delivery",
        }
    }

    pub fn parse(s: &str) -> Option<Fulfilment> {
        match s {
            "pickup" => Some(Fulfilment::Pickup),
            "delivery" => Some(Fulfilment::Delivery),
            _ => None,
        }
    }
}

pub(crate) const ALL_STATUSES: [OrderStatus; 6] = [
    OrderStatus::New,
    OrderStatus::Preparing,
    OrderStatus::Ready,
    OrderStatus::OutForDelivery,
    OrderStatus::Delivered,
    OrderStatus::Cancelled,
];

impl OrderStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::New => "new",
            OrderStatus::Preparing => "preparing",
            OrderStatus::Ready => "ready",
            OrderStatus::OutForDelivery => "out_for_delivery",
            OrderStatus::Delivered => "delivered",
            OrderStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<OrderStatus> {
        ALL_STATUSES.into_iter().find(|st| st.as_str() == s)
    }

    /// Still on the kitchen board.
    pub fn is_open(self) -> bool {
        !matches!(self, OrderStatus::Delivered | OrderStatus::Cancelled)
    }

    /// What a bump (Enter on the kitchen display) moves the order to.
    pub fn next(self, f: Fulfilment) -> Option<OrderStatus> {
        match (self, f) {
            (OrderStatus::New, _) => Some(OrderStatus::Preparing),
            (OrderStatus::Preparing, _) => Some(OrderStatus::Ready),
            (OrderStatus::Ready, Fulfilment::Delivery) => Some(OrderStatus::OutForDelivery),
            (OrderStatus::Ready, Fulfilment::Pickup) => Some(OrderStatus::Delivered),
            (OrderStatus::OutForDelivery, _) => Some(OrderStatus::Delivered),
            (OrderStatus::Delivered | OrderStatus::Cancelled, _) => None,
        }
    }

    /// Where a recall (undo of a bump) takes the order back to.
    pub fn previous(self, f: Fulfilment) -> Option<OrderStatus> {
        match (self, f) {
            (OrderStatus::Preparing, _) => Some(OrderStatus::New),
            (OrderStatus::Ready, _) => Some(OrderStatus::Preparing),
            (OrderStatus::OutForDelivery, _) => Some(OrderStatus::Ready),
            (OrderStatus::Delivered, Fulfilment::Delivery) => Some(OrderStatus::OutForDelivery),
            (OrderStatus::Delivered, Fulfilment::Pickup) => Some(OrderStatus::Ready),
            (OrderStatus::New | OrderStatus::Cancelled, _) => None,
        }
    }
}

/// Why a status change was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("order is already {0}")]
    Same(&'static str),
    #[error("a cancelled order cannot be reopened")]
    FromCancelled,
    #[error("a pickup order is never out for delivery")]
    PickupNotDelivered,
}

/// May an operator (kitchen or CLI) set `to` on an order that is `from`?
/// Operators may move an order anywhere to fix a mistake, except out of
/// `cancelled` (its coupon was released) and into `out_for_delivery` for pickup.
pub(crate) fn check_transition(
    from: OrderStatus,
    to: OrderStatus,
    f: Fulfilment,
) -> Result<(), TransitionError> {
    if from == to {
        return Err(TransitionError::Same(from.as_str()));
    }
    if from == OrderStatus::Cancelled {
        return Err(TransitionError::FromCancelled);
    }
    if to == OrderStatus::OutForDelivery && f == Fulfilment::Pickup {
        return Err(TransitionError::PickupNotDelivered);
    }
    Ok(())
}

/// One line of an order, prices copied at order time.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OrderItem {
    pub product_id: Option<i64>,
    pub name: String,
    pub quantity: i64,
    /// Base price plus chosen option deltas, per unit.
    pub unit_price: Money,
    /// Chosen option names, e.g. "Acılı", "Soğansız".
    pub options: Vec<String>,
    pub note: Option<String>,
    /// The kitchen station that makes this line ("ızgara"), copied from the
    /// menu when the order was confirmed; `None` when the menu names none.
    #[serde(default)]
    pub station: Option<String>,
    /// When its station finished this line (unix ms); `None` while still to make.
    #[serde(default)]
    pub station_done_at: Option<At>,
}

impl OrderItem {
    pub fn line_total(&self) -> Money {
        Money::from_minor(self.unit_price.minor().saturating_mul(self.quantity))
    }
}

/// An order as the kitchen, the CLI and the customer see it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Order {
    pub id: i64,
    /// Short number called out in the kitchen.
    pub number: OrderNumber,
    pub status: OrderStatus,
    pub fulfilment: Fulfilment,
    pub customer_phone: CustomerId,
    pub customer_name: Option<String>,
    pub address: Option<String>,
    pub note: Option<String>,
    pub items: Vec<OrderItem>,
    pub subtotal: Money,
    pub discount: Money,
    pub total: Money,
    /// The coupon redeemed with it (serialised as its code, a string).
    pub coupon: Option<CouponCode>,
    /// Unix ms of creation and of each status reached.
    pub created_at: At,
    pub status_times: StatusTimes,
    /// Marked rush in the kitchen: shown first and highlighted on every screen.
    #[serde(default)]
    pub rush: bool,
    /// The pin the customer shared for a delivery: the courier's map link.
    #[serde(default)]
    pub location: Option<super::pin::Pin>,
    // -- delivery fee and payment --
    /// Included in `total` (`total = subtotal − discount + delivery_fee`); zero for
    /// pickup and where no fee is configured.
    #[serde(default)]
    pub delivery_fee: Money,
    /// How the customer pays; `None` for orders placed before payment was asked.
    #[serde(default)]
    pub payment: Option<super::payment::Payment>,
    /// When the customer asked the shop to cancel an order the kitchen had
    /// already started (unix ms); `None` when no request waits for an answer.
    #[serde(default)]
    pub cancel_requested_at: Option<At>,
    // --- ordering ahead ---
    /// Ordered ahead while closed: unix ms when the customer gets it (ready at
    /// the counter, or at the door). `None` for an order made now.
    #[serde(default)]
    pub scheduled_for: Option<At>,
    /// Ordered ahead: unix ms when it reaches the kitchen board (`scheduled_for`
    /// minus the quoted minutes). Until then it is upcoming, not on the board.
    #[serde(default)]
    pub board_at: Option<At>,
    /// When the customer was promised it (unix ms: ready at the counter, or at
    /// the door); `None` for orders placed before promises were kept.
    #[serde(default)]
    pub promised_at: Option<At>,
}

impl Order {
    /// Since when the kitchen has had this order: its board time when ordered
    /// ahead, else its creation. Ticket ages, board order and reports count from here.
    pub fn kitchen_since(&self) -> At {
        self.board_at.unwrap_or(self.created_at)
    }
}

/// When the order reached each status (unix ms).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StatusTimes {
    pub preparing_at: Option<At>,
    pub ready_at: Option<At>,
    pub out_for_delivery_at: Option<At>,
    pub delivered_at: Option<At>,
    pub cancelled_at: Option<At>,
}

impl StatusTimes {
    pub(crate) fn set(&mut self, s: OrderStatus, at: At) {
        match s {
            OrderStatus::New => {}
            OrderStatus::Preparing => self.preparing_at = Some(at),
            OrderStatus::Ready => self.ready_at = Some(at),
            OrderStatus::OutForDelivery => self.out_for_delivery_at = Some(at),
            OrderStatus::Delivered => self.delivered_at = Some(at),
            OrderStatus::Cancelled => self.cancelled_at = Some(at),
        }
    }
}

/// The total the customer pays: goods after the coupon, plus the delivery fee.
pub(crate) fn total_with_fee(subtotal: Money, discount: Money, fee: Money) -> Money {
    subtotal - discount + fee
}

/// Subtotal, discount and total from the lines; the discount never exceeds the subtotal.
pub(crate) fn totals(items: &[OrderItem], discount: Money) -> (Money, Money, Money) {
    let subtotal: Money = items.iter().map(OrderItem::line_total).sum();
    let discount = Money::from_minor(discount.minor().clamp(0, subtotal.minor().max(0)));
    (subtotal, discount, subtotal - discount)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bump_path_depends_on_fulfilment() {
        use OrderStatus::*;
        let mut s = New;
        let mut path = vec![s];
        while let Some(n) = s.next(Fulfilment::Delivery) {
            path.push(n);
            s = n;
        }
        assert_eq!(path, vec![New, Preparing, Ready, OutForDelivery, Delivered]);
        assert_eq!(Ready.next(Fulfilment::Pickup), Some(Delivered));
        assert_eq!(Delivered.previous(Fulfilment::Pickup), Some(Ready));
        assert_eq!(New.previous(Fulfilment::Pickup), None);
    }

    #[test]
    fn operator_transitions() {
        use OrderStatus::*;
        assert!(check_transition(New, Ready, Fulfilment::Pickup).is_ok());
        assert_eq!(
            check_transition(Cancelled, New, Fulfilment::Pickup),
            Err(TransitionError::FromCancelled)
        );
        assert_eq!(
            check_transition(New, New, Fulfilment::Pickup),
            Err(TransitionError::Same("new"))
        );
        assert_eq!(
            check_transition(Ready, OutForDelivery, Fulfilment::Pickup),
            Err(TransitionError::PickupNotDelivered)
        );
    }

    #[test]
    fn totals_clamp_discount() {
        let items = vec![OrderItem {
            product_id: Some(1),
            name: "Ayran".into(),
            quantity: 2,
            unit_price: Money::from_minor(2500),
            options: vec![],
            note: None,
            station: None,
            station_done_at: None,
        }];
        assert_eq!(
            totals(&items, Money::from_minor(1000)),
            (
                Money::from_minor(5000),
                Money::from_minor(1000),
                Money::from_minor(4000)
            )
        );
        assert_eq!(
            totals(&items, Money::from_minor(9000)),
            (
                Money::from_minor(5000),
                Money::from_minor(5000),
                Money::from_minor(0)
            )
        );
    }

    #[test]
    fn status_names_round_trip() {
        for s in ALL_STATUSES {
            assert_eq!(OrderStatus::parse(s.as_str()), Some(s));
        }
    }
}
