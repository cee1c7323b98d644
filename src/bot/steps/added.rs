//! Putting a configured item into the cart and what comes after: the next item
//! read from text that still needs an option, the checkout being resumed, or one
//! short "added" message whose first button offers extras and one more.
//!
//! Extras (optional groups) are never asked as questions: "✨ Ekstra / +1" opens
//! one list with the extras for this one and "one more, with…", so the usual
//! "2 dürüm, one without onion" takes three taps.

use crate::copy::{self, labels};
use crate::domain::cart::{CartLine, MAX_LINES, MAX_QUANTITY};
use crate::domain::menu::{OptionGroup, Product};
use crate::domain::reply::{Choice, Section};
use crate::domain::text::cut;

use super::{Turn, cart, checkout, options};
use crate::bot::ids::Action;
use crate::bot::render::buttons;
use crate::bot::session::Step;

/// Rows per section of the extras list (two sections stay within ten rows).
const EXTRA_ROWS: usize = 4;

/// Add `qty` of `pid` with `option_ids` and say so; `None` (and told) if it could not.
pub fn add_line(turn: &mut Turn, pid: i64, option_ids: Vec<i64>, qty: u32) -> Option<usize> {
    let (idx, what, added) = put(turn, pid, option_ids, qty)?;
    turn.out.note(copy::added_line(turn.lang(), added, &what));
    Some(idx)
}

/// Add to the cart without saying what: (line index, label, how many went in).
fn put(turn: &mut Turn, pid: i64, option_ids: Vec<i64>, qty: u32) -> Option<(usize, String, u32)> {
    let lang = turn.lang();
    let line = CartLine {
        product_id: pid,
        name: String::new(),
        option_ids,
        quantity: qty.clamp(1, MAX_QUANTITY),
    };
    let priced = line.price(turn.ctx.menu).ok()?;
    let line = CartLine {
        name: priced.name.clone(),
        ..line
    };
    let same = |c: &CartLine| c.product_id == line.product_id && c.option_ids == line.option_ids;
    let had = turn
        .session
        .cart
        .quantity_of(line.product_id, &line.option_ids);
    turn.session.cart.add(line.clone());
    let Some(idx) = turn.session.cart.lines.iter().position(same) else {
        turn.out.note(copy::cart_full(lang, MAX_LINES));
        return None;
    };
    let now = turn.session.cart.lines[idx].quantity;
    let shown = turn.priced(&line).unwrap_or(priced);
    let what = cart::label(&shown.name, &shown.options);
    if now < had + qty {
        turn.out.note(copy::quantity_capped(lang, MAX_QUANTITY));
    }
    Some((idx, what, now - had))
}

/// The item's options are chosen: into the cart, then on.
pub fn finish(turn: &mut Turn, pid: i64, option_ids: Vec<i64>, qty: u32) {
    let idx = add_line(turn, pid, option_ids, qty);
    next(turn, idx);
}

/// After adding: the next queued item, the checkout, or the "added" message.
pub fn next(turn: &mut Turn, idx: Option<usize>) {
    let questions = !turn.session.ask.is_empty() || !turn.session.queue.is_empty();
    if idx.is_some() && questions {
        // something went in and a question follows: the cart's new total first
        cart::note_total(turn);
    }
    if !turn.session.ask.is_empty() {
        return super::reading::ask_first(turn);
    }
    if !turn.session.queue.is_empty() {
        let q = turn.session.queue.remove(0);
        return options::start(turn, q.pid, q.picked, q.qty);
    }
    if std::mem::take(&mut turn.session.resume) {
        return checkout::resume(turn);
    }
    match idx {
        Some(i) => show(turn, i),
        None => cart::view(turn),
    }
}

/// Optional groups of a product that have options to offer.
fn extras(p: &Product) -> Vec<&OptionGroup> {
    p.groups_in_order()
        .into_iter()
        .filter(|g| !g.required() && !g.options.is_empty())
        .collect()
}

/// The cart's size and total, with extras or one more / add more / checkout.
pub fn show(turn: &mut Turn, idx: usize) {
    let lang = turn.lang();
    turn.session.step = Step::Idle;
    let Some(line) = turn.session.cart.lines.get(idx) else {
        return cart::view(turn);
    };
    let pid = line.product_id;
    let has_extras = turn
        .ctx
        .menu
        .product(pid)
        .is_some_and(|p| !extras(p).is_empty());
    let body = format!(
        "{}\n{}",
        copy::cart_status(
            lang,
            cart::count(&turn.session.cart),
            &turn.money(turn.session.cart.subtotal(turn.ctx.menu))
        ),
        copy::added_hint(lang)
    );
    let more = if has_extras {
        labels::extra_more(lang)
    } else {
        labels::one_more(lang)
    };
    let b = vec![
        Choice::new(Action::More { idx, pid }.id(), more),
        Choice::new(Action::Categories { page: 0 }.id(), labels::add_more(lang)),
        Choice::new(Action::Checkout.id(), labels::checkout(lang)),
    ];
    turn.out.push(buttons(body, b));
}

/// The line at `idx` if it is still `pid` and orderable, with its product.
fn line_of<'a>(turn: &mut Turn<'_, 'a>, idx: usize, pid: i64) -> Option<(CartLine, &'a Product)> {
    let menu = turn.ctx.menu;
    match (turn.session.cart.lines.get(idx), menu.product(pid)) {
        (Some(c), Some(p)) if c.product_id == pid && p.available => Some((c.clone(), p)),
        _ => {
            turn.out.note(copy::line_gone(turn.lang()));
            cart::view(turn);
            None
        }
    }
}

/// "✨ Extra / +1": one more at once when there are no extras, else the list.
pub fn more(turn: &mut Turn, idx: usize, pid: i64) {
    let lang = turn.lang();
    let Some((line, p)) = line_of(turn, idx, pid) else {
        return;
    };
    let groups = extras(p);
    if groups.is_empty() {
        return one_more(turn, idx, pid, 0);
    }
    let opts: Vec<_> = groups
        .iter()
        .flat_map(|g| g.options.iter())
        .take(EXTRA_ROWS)
        .filter(|o| !line.option_ids.contains(&o.id))
        .collect();
    let on_this: Vec<Choice> = opts
        .iter()
        .map(|o| {
            let a = Action::Extra {
                idx,
                pid,
                oid: o.id,
            };
            extra_row(turn, a, o.name_in(lang).to_string(), o.price_delta)
        })
        .collect();
    let mut another = vec![Choice::new(
        Action::OneMore { idx, pid, oid: 0 }.id(),
        labels::same_again(lang),
    )];
    another.extend(opts.iter().map(|o| {
        let a = Action::OneMore {
            idx,
            pid,
            oid: o.id,
        };
        extra_row(turn, a, format!("+1 {}", o.name_in(lang)), o.price_delta)
    }));
    let what = line_label(turn, &line);
    let mut sections = Vec::new();
    if !on_this.is_empty() {
        sections.push(Section {
            title: labels::extras_this(lang),
            rows: on_this,
        });
    }
    sections.push(Section {
        title: labels::extras_another(lang),
        rows: another,
    });
    turn.out.push(crate::domain::reply::Reply::List {
        body: copy::extras_body(lang, &what, line.quantity),
        button: labels::list_extras(lang),
        sections,
        header: None,
        footer: None,
    });
}

/// A row of the extras list: the title cut to a row's width, the price
/// difference (if any) as its description.
fn extra_row(turn: &Turn, a: Action, title: String, delta: crate::domain::Money) -> Choice {
    let c = Choice::new(a.id(), cut(&title, 24));
    if delta.minor() == 0 {
        c
    } else {
        c.with_description(format!("+{}", turn.money(delta)))
    }
}

fn line_label(turn: &Turn, line: &CartLine) -> String {
    match turn.priced(line) {
        Ok(p) => cart::label(&p.name, &p.options),
        Err(_) => cut(&line.name, 80),
    }
}

/// `oid` added to `options` within its group's maximum (a single choice is replaced).
fn with_option(p: &Product, options: &[i64], oid: i64) -> Option<Vec<i64>> {
    let g = p
        .groups
        .iter()
        .find(|g| g.options.iter().any(|o| o.id == oid))?;
    let mut out: Vec<i64> = options.to_vec();
    if out.contains(&oid) {
        return Some(out);
    }
    let in_group: Vec<i64> = out
        .iter()
        .copied()
        .filter(|id| g.options.iter().any(|o| o.id == *id))
        .collect();
    if in_group.len() >= g.max as usize {
        if g.max != 1 {
            return None;
        }
        out.retain(|id| !in_group.contains(id));
    }
    out.push(oid);
    Some(options::in_menu_order(p, &out))
}

/// Put `oid` on one unit of the line (split off when the line holds several).
pub fn extra(turn: &mut Turn, idx: usize, pid: i64, oid: i64) {
    let lang = turn.lang();
    let Some((line, p)) = line_of(turn, idx, pid) else {
        return;
    };
    let Some(opts) = with_option(p, &line.option_ids, oid) else {
        turn.out.note(copy::extra_too_many(lang));
        return show(turn, idx);
    };
    if line.quantity <= 1 {
        turn.session.cart.lines.remove(idx);
    } else {
        turn.session.cart.lines[idx].quantity -= 1;
    }
    match put(turn, pid, opts, 1) {
        Some((i, what, _)) => {
            turn.out.note(copy::extra_applied(lang, &what));
            show(turn, i)
        }
        None => cart::view(turn),
    }
}

/// One more unit like line `idx`, with `oid` added (0: the same).
pub fn one_more(turn: &mut Turn, idx: usize, pid: i64, oid: i64) {
    let lang = turn.lang();
    let Some((line, p)) = line_of(turn, idx, pid) else {
        return;
    };
    let opts = if oid == 0 {
        Some(line.option_ids.clone())
    } else {
        with_option(p, &line.option_ids, oid)
    };
    let Some(opts) = opts else {
        turn.out.note(copy::extra_too_many(lang));
        return show(turn, idx);
    };
    let new = add_line(turn, pid, opts, 1);
    match new {
        Some(i) => show(turn, i),
        None => cart::view(turn),
    }
}
