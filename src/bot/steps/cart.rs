//! The cart: view with line totals and the total, change a line's quantity,
//! remove a line, clear. Lines are addressed by index and product id, so a row
//! from an older cart list cannot change the wrong line.

use crate::copy::{self, labels};
use crate::domain::cart::{Cart, CartLine, MAX_QUANTITY};
use crate::domain::money::Money;
use crate::domain::reply::Choice;
use crate::domain::text::cut;

use super::{Turn, browse, quantity};
use crate::bot::ids::Action;
use crate::bot::layout::{fit_lines, page};
use crate::bot::render::{buttons, list};
use crate::bot::session::Step;

/// "Tavuk Dürüm (Acılı, Kaşar)", cut for a message line.
pub fn label(name: &str, options: &[String]) -> String {
    if options.is_empty() {
        cut(name, 80)
    } else {
        cut(&format!("{name} ({})", options.join(", ")), 120)
    }
}

/// A note of the cart's item count and total, said before the next question.
pub fn note_total(turn: &mut Turn) {
    let lang = turn.lang();
    let total = turn.money(turn.session.cart.subtotal(turn.ctx.menu));
    turn.out
        .note(copy::cart_status(lang, count(&turn.session.cart), &total));
}

/// How many items (sum of quantities).
pub fn count(cart: &Cart) -> u32 {
    cart.lines.iter().map(|l| l.quantity).sum()
}

/// A line as shown: its label and its total now, or `None` if it cannot be ordered.
fn describe(turn: &Turn, line: &CartLine) -> (String, Option<Money>) {
    match turn.priced(line) {
        Ok(p) => (label(&p.name, &p.options), Some(p.total())),
        Err(_) => (cut(&line.name, 80), None),
    }
}

/// One line of text: "2 × Tavuk Dürüm (Acılı) — 240,00 ₺".
pub fn line_text(turn: &Turn, line: &CartLine) -> String {
    match describe(turn, line) {
        (what, Some(total)) => format!("{} × {what} — {}", line.quantity, turn.money(total)),
        (what, None) => format!(
            "{} × {what} {}",
            line.quantity,
            copy::line_unavailable(turn.lang())
        ),
    }
}

/// Show the cart with Checkout / Edit / Add more; back to the summary instead
/// when the change was made from it.
pub fn view(turn: &mut Turn) {
    let lang = turn.lang();
    turn.session.step = Step::Idle;
    if turn.session.resume && !turn.session.cart.is_empty() {
        return super::summary::show(turn, false);
    }
    if turn.session.cart.is_empty() {
        let b = vec![Choice::new(
            Action::Categories { page: 0 }.id(),
            labels::menu(lang),
        )];
        return turn.out.push(buttons(copy::cart_empty(lang), b));
    }
    let lines: Vec<String> = turn
        .session
        .cart
        .lines
        .iter()
        .map(|c| line_text(turn, c))
        .collect();
    let total = copy::total(lang, &turn.money(turn.session.cart.subtotal(turn.ctx.menu)));
    let body = fit_lines(&copy::cart_header(lang), &lines, &total, lang);
    let mut b = vec![
        Choice::new(Action::Checkout.id(), labels::checkout(lang)),
        Choice::new(Action::CartEdit { page: 0 }.id(), labels::edit_cart(lang)),
        Choice::new(Action::Categories { page: 0 }.id(), labels::add_more(lang)),
    ];
    // paused: a checkout button would only say "not now" again
    if crate::bot::shop::paused(turn) {
        b.remove(0);
    }
    turn.out.push(buttons(body, b));
}

/// The lines as a list to pick one to change, plus "empty the cart".
pub fn edit(turn: &mut Turn, pg: usize) {
    let lang = turn.lang();
    turn.session.step = Step::Idle;
    if turn.session.cart.is_empty() {
        return view(turn);
    }
    let rows: Vec<Choice> = turn
        .session
        .cart
        .lines
        .iter()
        .enumerate()
        .map(|(idx, c)| {
            let (what, total) = describe(turn, c);
            let desc = match total {
                Some(m) => format!("{what} · {}", turn.money(m)),
                None => format!("{what} {}", copy::line_unavailable(lang)),
            };
            let title = format!("{}× {}", c.quantity, what);
            Choice::new(
                Action::Line {
                    idx,
                    pid: c.product_id,
                }
                .id(),
                cut(&title, 24),
            )
            .with_description(cut(&desc, 72))
        })
        .collect();
    let fixed = vec![Choice::new(Action::Clear.id(), labels::clear_row(lang))];
    let more = |p| Choice::new(Action::CartEdit { page: p }.id(), labels::more_row(lang));
    let (rows, _, _) = page(rows, pg, fixed, more);
    turn.out.push(list(
        copy::cart_edit_body(lang),
        labels::list_lines(lang),
        labels::list_lines(lang),
        rows,
    ));
}

/// The line at `idx` if it is still `pid`; otherwise say so and show the cart.
fn line_at(turn: &mut Turn, idx: usize, pid: i64) -> Option<CartLine> {
    match turn.session.cart.lines.get(idx) {
        Some(c) if c.product_id == pid => Some(c.clone()),
        _ => {
            turn.out.note(copy::line_gone(turn.lang()));
            view(turn);
            None
        }
    }
}

/// One line chosen: change quantity / remove / back.
pub fn line(turn: &mut Turn, idx: usize, pid: i64) {
    let lang = turn.lang();
    turn.session.step = Step::Idle;
    let Some(c) = line_at(turn, idx, pid) else {
        return;
    };
    let body = copy::line_body(lang, &line_text(turn, &c));
    let b = vec![
        Choice::new(
            Action::LineQtyAsk { idx, pid }.id(),
            labels::change_qty(lang),
        ),
        Choice::new(Action::LineRemove { idx, pid }.id(), labels::remove(lang)),
        Choice::new(Action::Cart.id(), labels::back_to_cart(lang)),
    ];
    turn.out.push(buttons(body, b));
}

/// Ask the new quantity of a line.
pub fn line_qty_ask(turn: &mut Turn, idx: usize, pid: i64) {
    let lang = turn.lang();
    let Some(c) = line_at(turn, idx, pid) else {
        return;
    };
    turn.session.step = Step::LineQty { line: idx, pid };
    let (what, total) = describe(turn, &c);
    let unit = total.map_or(Money::ZERO, |m| {
        Money::from_minor(m.minor() / i64::from(c.quantity.max(1)))
    });
    let rows = quantity::rows(
        turn,
        unit,
        |n| Action::LineQty { idx, pid, n },
        Action::LineQtyOther { idx, pid },
    );
    let body = copy::line_qty_body(lang, &what, c.quantity);
    turn.out.push(list(
        body,
        labels::list_quantity(lang),
        labels::list_quantity(lang),
        rows,
    ));
}

/// Set the quantity of the line the LineQty step is about.
pub fn set_line_qty(turn: &mut Turn, n: u32) {
    let lang = turn.lang();
    let Step::LineQty { line: idx, pid } = turn.session.step.clone() else {
        return;
    };
    if !(1..=MAX_QUANTITY).contains(&n) {
        turn.out
            .note(copy::quantity_out_of_range(lang, MAX_QUANTITY));
        return line_qty_ask(turn, idx, pid);
    }
    let Some(c) = line_at(turn, idx, pid) else {
        return;
    };
    turn.session.cart.lines[idx].quantity = n;
    let what = describe(turn, &c).0;
    turn.out.note(copy::line_updated(lang, &what, n));
    view(turn);
}

/// Remove a line (if it is still `pid`) and show the cart.
pub fn remove(turn: &mut Turn, idx: usize, pid: i64) {
    let Some(c) = line_at(turn, idx, pid) else {
        return;
    };
    turn.session.cart.lines.remove(idx);
    let what = describe(turn, &c).0;
    turn.out.note(copy::line_removed(turn.lang(), &what));
    view(turn);
}

/// Empty the cart and forget checkout choices.
pub fn clear(turn: &mut Turn) {
    turn.session.cart = Cart::default();
    turn.session.checkout = Default::default();
    turn.out.note(copy::cart_cleared(turn.lang()));
    browse::home(turn, false);
}
