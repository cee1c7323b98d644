//! How many: quantity rows (1–5 and "other"), typed numbers within
//! 1..=[`MAX_QUANTITY`], and adding the configured product to the cart.

use crate::copy::{self, labels};
use crate::domain::cart::{CartLine, MAX_LINES, MAX_QUANTITY};
use crate::domain::money::Money;
use crate::domain::reply::Choice;

use super::{Turn, browse, cart};
use crate::bot::ids::Action;
use crate::bot::render::{buttons, list};
use crate::bot::session::Step;

/// Ask how many (rows 1–5 and "other"; a typed number works too).
pub fn show(turn: &mut Turn) {
    let Step::Quantity { pid, options } = turn.session.step.clone() else {
        return;
    };
    let line = CartLine {
        product_id: pid,
        name: String::new(),
        option_ids: options,
        quantity: 1,
    };
    let Ok(priced) = line.price(turn.ctx.menu) else {
        turn.session.step = Step::Idle;
        return browse::product(turn, pid);
    };
    let lang = turn.lang();
    let shown = turn.priced(&line).unwrap_or_else(|_| priced.clone());
    let what = cart::label(&shown.name, &shown.options);
    let rows = rows(
        turn,
        priced.unit_price,
        |n| Action::Qty { pid, n },
        Action::QtyOther { pid },
    );
    let body = copy::quantity_body(lang, &what, &turn.money(priced.unit_price));
    turn.out.push(list(
        body,
        labels::list_quantity(lang),
        labels::list_quantity(lang),
        rows,
    ));
}

/// Rows "1".."5" with their totals, then "other".
pub fn rows(turn: &Turn, unit: Money, mk: impl Fn(u32) -> Action, other: Action) -> Vec<Choice> {
    let mut rows: Vec<Choice> = (1..=5u32)
        .map(|n| {
            Choice::new(mk(n).id(), n.to_string()).with_description(
                turn.money(Money::from_minor(unit.minor().saturating_mul(i64::from(n)))),
            )
        })
        .collect();
    rows.push(Choice::new(other.id(), labels::other_qty_row(turn.lang())));
    rows
}

/// A typed quantity: `None` if it is not a number at all, `Some(Err)` if out of range.
pub fn parse(folded: &str) -> Option<Result<u32, ()>> {
    let s = folded
        .trim_end_matches(" adet")
        .trim_end_matches(" tane")
        .trim_end_matches(" pcs");
    let s = s.trim_start_matches('x').trim_end_matches('x').trim();
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u32 = s.parse().unwrap_or(u32::MAX);
    Some(if (1..=MAX_QUANTITY).contains(&n) {
        Ok(n)
    } else {
        Err(())
    })
}

/// Add the configured product `n` times and offer: add more / cart / checkout.
pub fn add(turn: &mut Turn, n: u32) {
    let lang = turn.lang();
    let Step::Quantity { pid, options } = turn.session.step.clone() else {
        return;
    };
    if !(1..=MAX_QUANTITY).contains(&n) {
        turn.out
            .note(copy::quantity_out_of_range(lang, MAX_QUANTITY));
        return show(turn);
    }
    let line = CartLine {
        product_id: pid,
        name: String::new(),
        option_ids: options,
        quantity: n,
    };
    let Ok(priced) = line.price(turn.ctx.menu) else {
        turn.session.step = Step::Idle;
        return browse::product(turn, pid);
    };
    let line = CartLine {
        name: priced.name.clone(),
        ..line
    };
    let before = turn.session.cart.clone();
    turn.session.cart.add(line.clone());
    turn.session.step = Step::Idle;
    let shown = turn.priced(&line).unwrap_or_else(|_| priced.clone());
    let what = cart::label(&shown.name, &shown.options);
    if turn.session.cart == before {
        turn.out.note(copy::cart_full(lang, MAX_LINES));
        return cart::view(turn);
    }
    let had = before.quantity_of(line.product_id, &line.option_ids);
    let now = turn
        .session
        .cart
        .quantity_of(line.product_id, &line.option_ids);
    let mut body = copy::added(
        lang,
        now - had,
        &what,
        cart::count(&turn.session.cart),
        &turn.money(turn.session.cart.subtotal(turn.ctx.menu)),
    );
    if now < had + n {
        body = format!("{body}\n{}", copy::quantity_capped(lang, MAX_QUANTITY));
    }
    let b = vec![
        Choice::new(Action::Categories { page: 0 }.id(), labels::add_more(lang)),
        Choice::new(Action::Cart.id(), labels::cart(lang)),
        Choice::new(Action::Checkout.id(), labels::checkout(lang)),
    ];
    turn.out.push(buttons(body, b));
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn typed_quantities() {
        assert_eq!(parse("2"), Some(Ok(2)));
        assert_eq!(parse("3 adet"), Some(Ok(3)));
        assert_eq!(parse("x4"), Some(Ok(4)));
        assert_eq!(parse("50"), Some(Ok(50)));
        assert_eq!(parse("0"), Some(Err(())));
        assert_eq!(parse("51"), Some(Err(())));
        assert_eq!(parse("99999999999999999999999"), Some(Err(())));
        assert_eq!(parse("iki"), None);
        assert_eq!(parse("-2"), None);
        assert_eq!(parse(""), None);
    }
}
