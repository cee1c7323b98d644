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

/// How many items (sum of quantities).
pub fn count(cart: &Cart) -> u32 {
    cart.lines.iter().map(|l| l.quantity).sum()
}

/// A line as shown: its label and its total now, or `None` if it cannot be ordered.
fn describe(t: &Turn, line: &CartLine) -> (String, Option<Money>) {
    match t.priced(line) {
        Ok(p) => (label(&p.name, &p.options), Some(p.total())),
        Err(_) => (cut(&line.name, 80), None),
    }
}

/// One line of text: "2 × Tavuk Dürüm (Acılı) — 240,00 ₺".
pub fn line_text(t: &Turn, line: &CartLine) -> String {
    match describe(t, line) {
        (what, Some(total)) => format!("{} × {what} — {}", line.quantity, t.money(total)),
        (what, None) => format!(
            "{} × {what} {}",
            line.quantity,
            copy::line_unavailable(t.lang())
        ),
    }
}

/// Show the cart with Checkout / Edit / Add more; back to the summary instead
/// when the change was made from it.
pub fn view(t: &mut Turn) {
    let lang = t.lang();
    t.session.step = Step::Idle;
    if t.session.resume && !t.session.cart.is_empty() {
        return super::summary::show(t, false);
    }
    if t.session.cart.is_empty() {
        let b = vec![Choice::new(
            Action::Categories { page: 0 }.id(),
            labels::menu(lang),
        )];
        return t.out.push(buttons(copy::cart_empty(lang), b));
    }
    let lines: Vec<String> = t
        .session
        .cart
        .lines
        .iter()
        .map(|c| line_text(t, c))
        .collect();
    let total = copy::total(lang, &t.money(t.session.cart.subtotal(t.ctx.menu)));
    let body = fit_lines(&copy::cart_header(lang), &lines, &total, lang);
    let mut b = vec![
        Choice::new(Action::Checkout.id(), labels::checkout(lang)),
        Choice::new(Action::CartEdit { page: 0 }.id(), labels::edit_cart(lang)),
        Choice::new(Action::Categories { page: 0 }.id(), labels::add_more(lang)),
    ];
    // paused: a checkout button would only say "not now" again
    if crate::bot::shop::paused(t) {
        b.remove(0);
    }
    t.out.push(buttons(body, b));
}

/// The lines as a list to pick one to change, plus "empty the cart".
pub fn edit(t: &mut Turn, pg: usize) {
    let lang = t.lang();
    t.session.step = Step::Idle;
    if t.session.cart.is_empty() {
        return view(t);
    }
    let rows: Vec<Choice> = t
        .session
        .cart
        .lines
        .iter()
        .enumerate()
        .map(|(idx, c)| {
            let (what, total) = describe(t, c);
            let desc = match total {
                Some(m) => format!("{what} · {}", t.money(m)),
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
    t.out.push(list(
        copy::cart_edit_body(lang),
        labels::list_lines(lang),
        labels::list_lines(lang),
        rows,
    ));
}

/// The line at `idx` if it is still `pid`; otherwise say so and show the cart.
fn line_at(t: &mut Turn, idx: usize, pid: i64) -> Option<CartLine> {
    match t.session.cart.lines.get(idx) {
        Some(c) if c.product_id == pid => Some(c.clone()),
        _ => {
            t.out.note(copy::line_gone(t.lang()));
            view(t);
            None
        }
    }
}

/// One line chosen: change quantity / remove / back.
pub fn line(t: &mut Turn, idx: usize, pid: i64) {
    let lang = t.lang();
    t.session.step = Step::Idle;
    let Some(c) = line_at(t, idx, pid) else {
        return;
    };
    let body = copy::line_body(lang, &line_text(t, &c));
    let b = vec![
        Choice::new(
            Action::LineQtyAsk { idx, pid }.id(),
            labels::change_qty(lang),
        ),
        Choice::new(Action::LineRemove { idx, pid }.id(), labels::remove(lang)),
        Choice::new(Action::Cart.id(), labels::back_to_cart(lang)),
    ];
    t.out.push(buttons(body, b));
}

/// Ask the new quantity of a line.
pub fn line_qty_ask(t: &mut Turn, idx: usize, pid: i64) {
    let lang = t.lang();
    let Some(c) = line_at(t, idx, pid) else {
        return;
    };
    t.session.step = Step::LineQty { line: idx, pid };
    let (what, total) = describe(t, &c);
    let unit = total.map_or(Money::ZERO, |m| {
        Money::from_minor(m.minor() / i64::from(c.quantity.max(1)))
    });
    let rows = quantity::rows(
        t,
        unit,
        |n| Action::LineQty { idx, pid, n },
        Action::LineQtyOther { idx, pid },
    );
    let body = copy::line_qty_body(lang, &what, c.quantity);
    t.out.push(list(
        body,
        labels::list_quantity(lang),
        labels::list_quantity(lang),
        rows,
    ));
}

/// Set the quantity of the line the LineQty step is about.
pub fn set_line_qty(t: &mut Turn, n: u32) {
    let lang = t.lang();
    let Step::LineQty { line: idx, pid } = t.session.step.clone() else {
        return;
    };
    if !(1..=MAX_QUANTITY).contains(&n) {
        t.out.note(copy::quantity_out_of_range(lang, MAX_QUANTITY));
        return line_qty_ask(t, idx, pid);
    }
    let Some(c) = line_at(t, idx, pid) else {
        return;
    };
    t.session.cart.lines[idx].quantity = n;
    let what = describe(t, &c).0;
    t.out.note(copy::line_updated(lang, &what, n));
    view(t);
}

/// Remove a line (if it is still `pid`) and show the cart.
pub fn remove(t: &mut Turn, idx: usize, pid: i64) {
    let Some(c) = line_at(t, idx, pid) else {
        return;
    };
    t.session.cart.lines.remove(idx);
    let what = describe(t, &c).0;
    t.out.note(copy::line_removed(t.lang(), &what));
    view(t);
}

/// Empty the cart and forget checkout choices.
pub fn clear(t: &mut Turn) {
    t.session.cart = Cart::default();
    t.session.checkout = Default::default();
    t.out.note(copy::cart_cleared(t.lang()));
    browse::home(t, false);
}
