//! The pure heart: money, menu, cart, coupon rules, order status, hours and the
//! pause. The customer-facing texts are in [`crate::copy`]. Imports nothing from `store`, `server`, `whatsapp` or `kds`;
//! no IO, no clock (time comes in as unix milliseconds).

pub mod ahead;
pub(crate) mod cart;
pub mod coupon;
pub mod coupon_code;
pub(crate) mod customer_id;
pub mod delivery;
pub(crate) mod eta;
pub mod hours;
pub(crate) mod lang_guess;
pub mod menu;
pub mod menu_file;
pub(crate) mod money;
pub mod order;
pub(crate) mod order_number;
pub(crate) mod pace;
pub mod payment;
pub mod pin;
pub mod reply;
pub mod report;
pub mod station;
pub mod text;
pub mod time;

pub use customer_id::{CustomerId, CustomerIdError, PhoneNumber, UserId};
pub use money::Money;
pub use order_number::OrderNumber;

/// The languages the bot speaks. Turkish is the default; a customer can switch.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Tr,
    En,
}

impl Lang {
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Tr => "tr",
            Lang::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "tr" => Some(Lang::Tr),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}
