//! How a customer pays: the methods the owner offers for delivery and for pickup
//! (`[payment]`), and the online payment link built from the owner's URL template.
//! No payment is processed here; the method is stored on the order so the courier
//! brings the card machine or the change.

use super::OrderNumber;
use super::money::Money;
use super::order::Fulfilment;

/// A way to pay. The wire names (`cash`, `card`, `online`, `counter`) are in the
/// JSON contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Payment {
    /// Cash at the door.
    Cash,
    /// Card at the door: the courier brings the card machine (POS).
    Card,
    /// A payment link sent after the order (the shop's own payment page).
    Online,
    /// Paid at the counter on pickup.
    Counter,
}

impl Payment {
    /// How it reads on the kitchen display (whose labels are English).
    pub(crate) fn board_label(self) -> &'static str {
        match self {
            Payment::Cash => "CASH",
            Payment::Card => "CARD - bring POS",
            Payment::Online => "ONLINE",
            Payment::Counter => "COUNTER",
        }
    }
}

/// Every method, in the order they are offered.
pub(crate) const ALL_PAYMENTS: [Payment; 4] = [
    Payment::Cash,
    Payment::Card,
    Payment::Online,
    Payment::Counter,
];

impl Payment {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Payment::Cash => "cash",
            Payment::Card => "card",
            Payment::Online => "online",
            Payment::Counter => "counter",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<Payment> {
        ALL_PAYMENTS.into_iter().find(|p| p.as_str() == s)
    }

    /// How it reads on the printed ticket and the courier slip (Turkish, in letters
    /// the printer's code page has).
    pub(crate) fn ticket_label(self) -> &'static str {
        match self {
            Payment::Cash => "NAKİT (kapıda)",
            Payment::Card => "KART - POS götür",
            Payment::Online => "ONLINE (link)",
            Payment::Counter => "KASADA",
        }
    }
}

/// `[payment]`, parsed: the methods offered per fulfilment and the online link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentTerms {
    /// Offered to delivery customers; one method is taken without asking.
    pub delivery: Vec<Payment>,
    /// Offered to pickup customers (the shipped default: the counter only).
    pub pickup: Vec<Payment>,
    /// The payment page for `online`, with `{number}` and `{total_minor}` filled in.
    pub online_url: Option<String>,
}

impl Default for PaymentTerms {
    /// What the shipped config says: cash at the door, the counter for pickup.
    fn default() -> PaymentTerms {
        PaymentTerms {
            delivery: vec![Payment::Cash],
            pickup: vec![Payment::Counter],
            online_url: None,
        }
    }
}

impl PaymentTerms {
    /// The methods offered for `f`.
    pub(crate) fn methods(&self, f: Fulfilment) -> &[Payment] {
        match f {
            Fulfilment::Delivery => &self.delivery,
            Fulfilment::Pickup => &self.pickup,
        }
    }

    /// The method taken without asking, when `f` offers exactly one.
    pub(crate) fn only(&self, f: Fulfilment) -> Option<Payment> {
        match self.methods(f) {
            [one] => Some(*one),
            _ => None,
        }
    }

    /// The online payment link for order `number` of `total`, if configured.
    pub(crate) fn online_link(&self, number: OrderNumber, total: Money) -> Option<String> {
        self.online_url.as_ref().map(|t| fill_url(t, number, total))
    }
}

/// The placeholders a URL template may hold.
pub(crate) const URL_PLACEHOLDERS: [&str; 2] = ["{number}", "{total_minor}"];

/// `template` with `{number}` and `{total_minor}` replaced (digits only, so the URL
/// stays valid without escaping).
pub(crate) fn fill_url(template: &str, number: OrderNumber, total: Money) -> String {
    template
        .replace("{number}", &number.to_string())
        .replace("{total_minor}", &total.minor().to_string())
}

/// Why a URL template was refused (config validation).
pub(crate) fn check_url_template(template: &str) -> Result<(), String> {
    let t = template.trim();
    let rest = t
        .strip_prefix("https://")
        .or_else(|| t.strip_prefix("http://"))
        .ok_or_else(|| format!("'{t}' must start with https://"))?;
    if rest.is_empty() || rest.starts_with(['/', '{']) {
        return Err(format!("'{t}' has no host"));
    }
    if t.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("must not contain spaces".into());
    }
    // every `{…}` must be a known placeholder
    let mut s = t;
    while let Some(open) = s.find('{') {
        let Some(close) = s[open..].find('}') else {
            return Err("has a '{' without '}'".into());
        };
        let name = &s[open..=open + close];
        if !URL_PLACEHOLDERS.contains(&name) {
            return Err(format!(
                "unknown placeholder {name}; use {{number}} and {{total_minor}}"
            ));
        }
        s = &s[open + close + 1..];
    }
    if s.contains('}') {
        return Err("has a '}' without '{'".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for p in ALL_PAYMENTS {
            assert_eq!(Payment::parse(p.as_str()), Some(p));
        }
        assert_eq!(Payment::parse("bitcoin"), None);
    }

    #[test]
    fn one_method_is_taken_without_asking() {
        let t = PaymentTerms::default();
        assert_eq!(t.only(Fulfilment::Delivery), Some(Payment::Cash));
        assert_eq!(t.only(Fulfilment::Pickup), Some(Payment::Counter));
        let t = PaymentTerms {
            delivery: vec![Payment::Cash, Payment::Card],
            ..t
        };
        assert_eq!(t.only(Fulfilment::Delivery), None);
    }

    #[test]
    fn url_template_is_filled_and_checked() {
        let t = PaymentTerms {
            online_url: Some("https://pay.example/{number}?amount={total_minor}".into()),
            ..PaymentTerms::default()
        };
        assert_eq!(
            t.online_link(OrderNumber::new(42), Money::from_minor(26500))
                .as_deref(),
            Some("https://pay.example/42?amount=26500")
        );
        assert!(check_url_template("https://pay.example/{number}?a={total_minor}").is_ok());
        assert!(check_url_template("ftp://pay.example/").is_err());
        assert!(check_url_template("https://").is_err());
        assert!(check_url_template("https://pay.example/{id}").is_err());
        assert!(check_url_template("https://pay.example/{number").is_err());
        assert!(check_url_template("https://pay example/").is_err());
    }
}
