//! `[kitchen]`: order caps per time slot. `max_orders_per_slot` unset means no
//! cap; `slot_minutes` is the slot length (default 15). A cap set from the
//! environment arrives as text ("4") and is read as the number it says.

use serde::{Deserialize, Deserializer, Serialize};

/// `[kitchen]`, as written and as used.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Kitchen {
    /// At most this many orders per slot; the excess is offered later slots.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "count"
    )]
    pub max_orders_per_slot: Option<u32>,
    /// The slot length in minutes.
    #[serde(default = "fifteen")]
    pub slot_minutes: u32,
}

fn fifteen() -> u32 {
    15
}

impl Default for Kitchen {
    fn default() -> Self {
        Kitchen {
            max_orders_per_slot: None,
            slot_minutes: fifteen(),
        }
    }
}

impl Kitchen {
    /// The domain's view of the caps.
    pub(crate) fn caps(&self) -> crate::domain::pace::Caps {
        crate::domain::pace::Caps {
            max_per_slot: self.max_orders_per_slot,
            slot_minutes: self.slot_minutes,
        }
    }

    /// Both numbers at least 1 (0 orders per slot would take no order at all;
    /// leave the key out for no cap).
    pub(super) fn validate(&self) -> Result<(), super::ConfigError> {
        if self.slot_minutes == 0 || self.slot_minutes > 24 * 60 {
            return Err(super::invalid(
                "kitchen.slot_minutes",
                "must be between 1 and 1440",
            ));
        }
        if self.max_orders_per_slot == Some(0) {
            return Err(super::invalid(
                "kitchen.max_orders_per_slot",
                "must be at least 1 (leave it out for no cap)",
            ));
        }
        Ok(())
    }
}

/// A whole number, written as a number or (from the environment) as text.
fn count<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Written {
        Number(u32),
        Text(String),
    }
    match Written::deserialize(d)? {
        Written::Number(n) => Ok(Some(n)),
        Written::Text(t) => t
            .trim()
            .parse::<u32>()
            .map(Some)
            .map_err(|_| serde::de::Error::custom(format!("'{t}' is not a whole number"))),
    }
}
