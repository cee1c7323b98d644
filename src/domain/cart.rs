//! The customer's cart: product and option ids with quantities, priced against
//! the current menu whenever it is shown or checked out (so a new price or an
//! 86 is seen at once).

use super::Lang;
use super::menu::{Menu, Product};
use super::money::Money;
use super::order::OrderItem;
use super::text::fold;

/// Most of one item in a single line; a döner shop does not sell 500 dürüm over WhatsApp.
pub(crate) const MAX_QUANTITY: u32 = 50;
/// Most lines in one cart.
pub(crate) const MAX_LINES: usize = 30;

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Cart {
    pub lines: Vec<CartLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct CartLine {
    pub product_id: i64,
    /// Name when added: explains a line that has since disappeared from the menu, and tells
    /// whether `product_id` still names the same product (empty: not yet known).
    pub name: String,
    pub option_ids: Vec<i64>,
    pub quantity: u32,
}

/// A line priced against today's menu.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PricedLine {
    pub name: String,
    pub options: Vec<String>,
    pub unit_price: Money,
    pub quantity: u32,
}

impl PricedLine {
    pub(crate) fn total(&self) -> Money {
        Money::from_minor(
            self.unit_price
                .minor()
                .saturating_mul(i64::from(self.quantity)),
        )
    }
}

/// Why a line cannot be ordered any more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LineProblem {
    /// The product was removed from the menu, or its id now names another product (a
    /// database that once reused ids): the line would order something the customer never chose.
    Gone { name: String },
    /// The product is 86'd.
    Unavailable { name: String },
    /// A chosen option no longer exists.
    OptionGone { name: String },
}

impl CartLine {
    /// Priced with the names the kitchen knows (what an order line copies).
    pub(crate) fn price(&self, menu: &Menu) -> Result<PricedLine, LineProblem> {
        self.price_named(menu, None)
    }

    /// Priced with the names shown to a customer speaking `lang` (English names in
    /// English where the menu has them); for display only, never for the order.
    pub(crate) fn price_in(&self, menu: &Menu, lang: Lang) -> Result<PricedLine, LineProblem> {
        self.price_named(menu, Some(lang))
    }

    fn price_named(&self, menu: &Menu, lang: Option<Lang>) -> Result<PricedLine, LineProblem> {
        let p: &Product = menu
            .product(self.product_id)
            .filter(|p| self.name.is_empty() || fold(&p.name) == fold(&self.name))
            .ok_or_else(|| LineProblem::Gone {
                name: self.name.clone(),
            })?;
        let name = lang.map_or(p.name.as_str(), |l| p.name_in(l));
        if !p.available {
            return Err(LineProblem::Unavailable {
                name: name.to_string(),
            });
        }
        let mut unit = p.price;
        let mut options = Vec::new();
        for oid in &self.option_ids {
            let opt = p
                .groups
                .iter()
                .flat_map(|g| g.options.iter())
                .find(|o| o.id == *oid)
                .ok_or_else(|| LineProblem::OptionGone {
                    name: name.to_string(),
                })?;
            unit = unit + opt.price_delta;
            options.push(
                lang.map_or(opt.name.as_str(), |l| opt.name_in(l))
                    .to_string(),
            );
        }
        Ok(PricedLine {
            name: name.to_string(),
            options,
            unit_price: Money::from_minor(unit.minor().max(0)),
            quantity: self.quantity,
        })
    }
}

impl Cart {
    pub(crate) fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Add a line, merging with an identical one (same product, same options).
    pub(crate) fn add(&mut self, line: CartLine) {
        if let Some(l) = self
            .lines
            .iter_mut()
            .find(|l| l.product_id == line.product_id && l.option_ids == line.option_ids)
        {
            l.quantity = (l.quantity + line.quantity).min(MAX_QUANTITY);
        } else if self.lines.len() < MAX_LINES {
            self.lines.push(line);
        }
    }

    /// How many of the line with this product and these options the cart holds (0 if none).
    pub(crate) fn quantity_of(&self, product_id: i64, option_ids: &[i64]) -> u32 {
        self.lines
            .iter()
            .find(|l| l.product_id == product_id && l.option_ids == option_ids)
            .map_or(0, |l| l.quantity)
    }

    /// Price every line; lines that can no longer be ordered come back as problems.
    pub(crate) fn price(&self, menu: &Menu) -> (Vec<PricedLine>, Vec<LineProblem>) {
        let mut ok = Vec::new();
        let mut bad = Vec::new();
        for l in &self.lines {
            match l.price(menu) {
                Ok(p) => ok.push(p),
                Err(e) => bad.push(e),
            }
        }
        (ok, bad)
    }

    /// Drop the lines that can no longer be ordered and say which.
    pub(crate) fn prune(&mut self, menu: &Menu) -> Vec<LineProblem> {
        let mut problems = Vec::new();
        self.lines.retain(|l| match l.price(menu) {
            Ok(_) => true,
            Err(e) => {
                problems.push(e);
                false
            }
        });
        problems
    }

    pub(crate) fn subtotal(&self, menu: &Menu) -> Money {
        self.price(menu).0.iter().map(PricedLine::total).sum()
    }

    /// The order lines to write, prices copied from the menu now.
    pub(crate) fn to_order_items(&self, menu: &Menu) -> Vec<OrderItem> {
        self.lines
            .iter()
            .filter_map(|l| {
                let p = l.price(menu).ok()?;
                Some(OrderItem {
                    product_id: Some(l.product_id),
                    name: p.name,
                    quantity: i64::from(p.quantity),
                    unit_price: p.unit_price,
                    options: p.options,
                    note: None,
                    station: None,
                    station_done_at: None,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(product_id: i64, option_ids: Vec<i64>, quantity: u32) -> CartLine {
        CartLine {
            product_id,
            name: String::new(),
            option_ids,
            quantity,
        }
    }

    #[test]
    fn quantity_of_counts_the_line_with_the_same_product_and_options() {
        let mut cart = Cart::default();
        assert_eq!(cart.quantity_of(1, &[]), 0);
        cart.add(line(1, vec![], 2));
        cart.add(line(1, vec![7], 3));
        cart.add(line(1, vec![], MAX_QUANTITY));
        assert_eq!(cart.quantity_of(1, &[]), MAX_QUANTITY);
        assert_eq!(cart.quantity_of(1, &[7]), 3);
        assert_eq!(cart.quantity_of(1, &[8]), 0);
        assert_eq!(cart.quantity_of(2, &[]), 0);
    }
}
