//! Changing the cart in words: take out ("kolayı çıkar", "no coke"), set a
//! quantity ("ayranlar 2 olsun"), swap a product ("tavuk yerine et olsun"),
//! change options ("dürümler acısız olsun"), one more like the last ("bir
//! ayran daha"). Every change is said with what changed, then the cart (or the
//! summary) with the new total; a negated phrase never adds anything.

use crate::bot::said;
use crate::bot::session::{Queued, Step};
use crate::bot::understand::{self, Reading};
use crate::copy;
use crate::domain::cart::{CartLine, MAX_QUANTITY};
use crate::domain::menu::{Menu, Product};
use crate::domain::text::cut;

use super::{Turn, added, cart, options};

/// What some words name among the cart's lines.
struct Named {
    /// Indexes of cart lines the words name, in cart order.
    lines: Vec<usize>,
    /// The reading of the words (options and quantity named).
    reading: Reading,
}

/// Products the reading names (lines, ambiguities, 86'd).
fn products_of(r: &Reading) -> Vec<i64> {
    let mut out: Vec<i64> = r.lines.iter().map(|l| l.product_id).collect();
    for a in &r.ambiguous {
        out.extend(a.candidates.iter().copied());
    }
    out.extend(r.unavailable.iter().copied());
    out
}

/// Cart lines named by `words` (products, narrowed by the options named when
/// that leaves any).
fn named(turn: &Turn, words: &[String]) -> Named {
    let text = words.join(" ");
    let reading = understand::read_order(turn.ctx.menu, &text);
    let pids = products_of(&reading);
    let mut lines: Vec<usize> = turn
        .session
        .cart
        .lines
        .iter()
        .enumerate()
        .filter(|(_, l)| pids.contains(&l.product_id))
        .map(|(i, _)| i)
        .collect();
    let opts: Vec<i64> = reading
        .lines
        .iter()
        .flat_map(|l| l.option_ids.iter().copied())
        .collect();
    if !opts.is_empty() {
        let with: Vec<usize> = lines
            .iter()
            .copied()
            .filter(|i| {
                opts.iter()
                    .all(|o| turn.session.cart.lines[*i].option_ids.contains(o))
            })
            .collect();
        if !with.is_empty() {
            lines = with;
        }
    }
    Named { lines, reading }
}

/// A line as the customer reads it: "2 × Kola".
fn shown(turn: &Turn, line: &CartLine) -> String {
    let what = match turn.priced(line) {
        Ok(p) => cart::label(&p.name, &p.options),
        Err(_) => cut(&line.name, 80),
    };
    format!("{} × {what}", line.quantity)
}

/// After a change: back to the summary when the checkout was under way, else the cart.
fn show_after(turn: &mut Turn) {
    let checkout = !matches!(
        turn.session.step,
        Step::Idle | Step::Options { .. } | Step::Quantity { .. } | Step::LineQty { .. }
    );
    turn.session.step = Step::Idle;
    if checkout && !turn.session.cart.is_empty() {
        turn.session.resume = true;
    }
    if !turn.session.queue.is_empty() {
        // a question follows: the cart's total now, before it
        cart::note_total(turn);
        return added::next(turn, None);
    }
    cart::view(turn);
}

/// Typed words that change the cart: acted on and true; false if they are not a change.
pub fn typed(turn: &mut Turn, cleaned: &str) -> bool {
    if matches!(turn.session.step, Step::Placing { .. }) {
        return false;
    }
    if let Some(rest) = said::removal(cleaned) {
        return remove(turn, &rest);
    }
    if turn.session.cart.is_empty() {
        return false;
    }
    if let Some((from, to)) = said::replacement(cleaned) {
        return replace(turn, &from, &to);
    }
    if let Some(rest) = said::one_more(cleaned)
        && more(turn, &rest, cleaned)
    {
        return true;
    }
    if said::setting(cleaned) {
        return set(turn, cleaned);
    }
    false
}

/// Take out what `words` name. Never adds: nothing named in the cart is said so.
pub fn remove(turn: &mut Turn, words: &[String]) -> bool {
    let lang = turn.lang();
    if words.is_empty() {
        // "çıkar" alone: what to take out is chosen from the cart's lines
        if turn.session.cart.is_empty() {
            return false;
        }
        cart::edit(turn, 0);
        return true;
    }
    let n = named(turn, words);
    if n.lines.is_empty() {
        let what = if n.reading.found_anything() {
            let pids = products_of(&n.reading);
            pids.first()
                .and_then(|p| turn.ctx.menu.product(*p))
                .map(|p| cut(p.name_in(lang), 40))
                .unwrap_or_else(|| cut(&words.join(" "), 40))
        } else {
            cut(&words.join(" "), 40)
        };
        turn.out.note(copy::not_in_cart(lang, &what));
        if turn.session.cart.is_empty() {
            super::prompt(turn);
        } else {
            show_after(turn);
        }
        return true;
    }
    // "1 kola çıkar" with one line: that many fewer
    let explicit = said::has_number(&words.join(" "));
    let qty = n.reading.lines.first().map_or(0, |x| x.quantity);
    let mut told = Vec::new();
    if let ([i], true) = (n.lines.as_slice(), explicit)
        && qty < turn.session.cart.lines[*i].quantity
    {
        let mut gone = turn.session.cart.lines[*i].clone();
        gone.quantity = qty;
        told.push(shown(turn, &gone));
        turn.session.cart.lines[*i].quantity -= qty;
    } else {
        for i in n.lines.iter().rev() {
            let line = turn.session.cart.lines.remove(*i);
            told.push(shown(turn, &line));
        }
        told.reverse();
    }
    turn.out.note(copy::removed_said(lang, &told.join(", ")));
    show_after(turn);
    true
}

/// The options of `from` carried over to `to` by name, plus `extra`.
fn carry_options(from: Option<&Product>, ids: &[i64], to: &Product, extra: &[i64]) -> Vec<i64> {
    let names: Vec<String> = from
        .map(|p| {
            p.groups
                .iter()
                .flat_map(|g| g.options.iter())
                .filter(|o| ids.contains(&o.id))
                .map(|o| understand::fold_words(&o.name))
                .collect()
        })
        .unwrap_or_default();
    let mut out: Vec<i64> = to
        .groups
        .iter()
        .flat_map(|g| g.options.iter())
        .filter(|o| names.contains(&understand::fold_words(&o.name)))
        .map(|o| o.id)
        .collect();
    for e in extra {
        // an option named now replaces the carried one of its group
        if let Some(g) = to
            .groups
            .iter()
            .find(|g| g.options.iter().any(|o| o.id == *e))
        {
            if g.max <= 1 {
                out.retain(|id| !g.options.iter().any(|o| o.id == *id));
            }
            if !out.contains(e) {
                out.push(*e);
            }
        }
    }
    options::in_menu_order(to, &out)
}

/// Required groups of `p` that `ids` leave unanswered.
fn missing(p: &Product, ids: &[i64]) -> bool {
    p.groups
        .iter()
        .any(|g| g.required() && !g.options.iter().any(|o| ids.contains(&o.id)))
}

/// "tavuk yerine et olsun": the lines named by `from` become the product `to` names.
fn replace(turn: &mut Turn, from: &[String], to: &[String]) -> bool {
    let n = named(turn, from);
    if n.lines.is_empty() {
        return false;
    }
    let menu = turn.ctx.menu;
    let target = understand::read_order(menu, &to.join(" "));
    let old_cat = menu
        .product(turn.session.cart.lines[n.lines[0]].product_id)
        .map(|p| p.category_id);
    let Some(pid) = replacement(menu, &target, old_cat) else {
        return false;
    };
    let Some(p) = menu.product(pid).filter(|p| p.available) else {
        return false;
    };
    let extra: Vec<i64> = target
        .lines
        .iter()
        .filter(|x| x.product_id == pid)
        .flat_map(|x| x.option_ids.iter().copied())
        .collect();
    replace_lines(turn, &n.lines, p, &extra);
    true
}

/// The product the words name: the one product, or among several the one in
/// the replaced line's category (`old_cat`).
fn replacement(menu: &Menu, target: &Reading, old_cat: Option<i64>) -> Option<i64> {
    let mut cands: Vec<i64> = products_of(target);
    cands.dedup();
    match cands.as_slice() {
        [] => None,
        [one] => Some(*one),
        many => match many
            .iter()
            .filter(|p| menu.product(**p).map(|p| p.category_id) == old_cat)
            .collect::<Vec<_>>()
            .as_slice()
        {
            [one] => Some(**one),
            _ => None,
        },
    }
}

/// The cart lines at `lines` become `p` with their options carried over and
/// `extra` added (queued to choose if a required option is missing); each
/// change said, then the cart.
fn replace_lines(turn: &mut Turn, lines: &[usize], p: &Product, extra: &[i64]) {
    let lang = turn.lang();
    let menu = turn.ctx.menu;
    let pid = p.id;
    let mut told = Vec::new();
    let mut queued = Vec::new();
    for i in lines.iter().rev() {
        let old = turn.session.cart.lines.remove(*i);
        let ids = carry_options(menu.product(old.product_id), &old.option_ids, p, extra);
        let before = shown(turn, &old);
        if missing(p, &ids) {
            queued.push(Queued {
                pid,
                picked: ids,
                qty: old.quantity,
            });
            told.push(copy::changed_line(
                lang,
                &before,
                &format!("{} × {}", old.quantity, cut(p.name_in(lang), 40)),
            ));
            continue;
        }
        let new = CartLine {
            product_id: pid,
            name: p.name.clone(),
            option_ids: ids,
            quantity: old.quantity,
        };
        let after = shown(turn, &new);
        turn.session.cart.add(new);
        told.push(copy::changed_line(lang, &before, &after));
    }
    told.reverse();
    for s in told {
        turn.out.note(s);
    }
    turn.session.queue.extend(queued);
    show_after(turn);
}

/// "bir ayran daha": one more (or the number said) like the last line of that
/// product, with any options named on top. False if the cart holds none.
fn more(turn: &mut Turn, words: &[String], cleaned: &str) -> bool {
    if words.is_empty() {
        return false;
    }
    let n = named(turn, words);
    let Some(&i) = n.lines.last() else {
        return false;
    };
    let line = turn.session.cart.lines[i].clone();
    let Some(p) = turn.ctx.menu.product(line.product_id) else {
        return false;
    };
    let extra: Vec<i64> = n
        .reading
        .lines
        .iter()
        .filter(|x| x.product_id == line.product_id)
        .flat_map(|x| x.option_ids.iter().copied())
        .collect();
    let ids = carry_options(Some(p), &line.option_ids, p, &extra);
    let qty = if said::has_number(cleaned) {
        n.reading
            .lines
            .iter()
            .find(|x| x.product_id == line.product_id)
            .map_or(1, |x| x.quantity)
    } else {
        1
    };
    let at_checkout = !turn.session.step.is_idle();
    let idx = added::add_line(turn, line.product_id, ids, qty);
    if at_checkout {
        turn.session.step = Step::Idle;
        turn.session.resume = true;
    }
    added::next(turn, idx);
    true
}

/// "ayranlar 2 olsun", "kolayı 1 yap", "dürümler acısız olsun": the lines named
/// get the quantity or the options said. False if no cart line is named.
fn set(turn: &mut Turn, cleaned: &str) -> bool {
    // "acısız ve soğansız": the options of one change, not two items
    let w: Vec<String> = said::words(cleaned)
        .into_iter()
        .filter(|x| !["ve", "and", "ile"].contains(&x.as_str()))
        .collect();
    let n = named(turn, &w);
    if n.lines.is_empty() {
        return false;
    }
    // another product named too: an order, not a change
    let in_cart = |p: &i64| turn.session.cart.lines.iter().any(|c| c.product_id == *p);
    if n.reading.lines.iter().any(|x| !in_cart(&x.product_id)) {
        return false;
    }
    if said::has_number(cleaned) {
        set_quantity(turn, &n);
        return true;
    }
    let opts = options_named(turn, &n);
    if opts.is_empty() {
        return false;
    }
    set_options(turn, &n.lines, &opts);
    true
}

/// "ayranlar 2 olsun": the named line's quantity set to the number said (the
/// cart to choose from if several lines are named).
fn set_quantity(turn: &mut Turn, n: &Named) {
    let lang = turn.lang();
    let qty = n
        .reading
        .lines
        .first()
        .map(|x| x.quantity)
        .or_else(|| n.reading.ambiguous.first().map(|a| a.quantity))
        .unwrap_or(1);
    if n.lines.len() > 1 {
        // several lines of it: which one is chosen from the cart
        return cart::edit(turn, 0);
    }
    let i = n.lines[0];
    if qty == 0 || qty > MAX_QUANTITY {
        turn.out
            .note(copy::quantity_out_of_range(lang, MAX_QUANTITY));
        return show_after(turn);
    }
    turn.session.cart.lines[i].quantity = qty;
    let line = turn.session.cart.lines[i].clone();
    let what = match turn.priced(&line) {
        Ok(p) => cart::label(&p.name, &p.options),
        Err(_) => cut(&line.name, 80),
    };
    turn.out.note(copy::quantity_set(lang, &what, qty));
    show_after(turn);
}

/// The option ids the words name, for the named cart lines' products.
fn options_named(turn: &Turn, n: &Named) -> Vec<i64> {
    let menu = turn.ctx.menu;
    let mut opts: Vec<i64> = n
        .reading
        .lines
        .iter()
        .flat_map(|x| x.option_ids.iter().copied())
        .collect();
    // "dürümler acısız": the options of an ambiguous word, read for each product in the cart
    for a in &n.reading.ambiguous {
        for i in &n.lines {
            let pid = turn.session.cart.lines[*i].product_id;
            if let Some(line) = a.resolve(menu, pid) {
                opts.extend(line.option_ids);
            }
        }
    }
    opts
}

/// "acısız olsun": `opts` given to each of the cart lines at `lines` whose
/// product has them; each change said, then the cart.
fn set_options(turn: &mut Turn, lines: &[usize], opts: &[i64]) {
    let lang = turn.lang();
    let menu = turn.ctx.menu;
    let mut told = Vec::new();
    for &i in lines {
        let old = turn.session.cart.lines[i].clone();
        let Some(p) = menu.product(old.product_id) else {
            continue;
        };
        let mine: Vec<i64> = opts
            .iter()
            .copied()
            .filter(|o| {
                p.groups
                    .iter()
                    .any(|g| g.options.iter().any(|x| x.id == *o))
            })
            .collect();
        let ids = carry_options(Some(p), &old.option_ids, p, &mine);
        if ids == old.option_ids {
            continue;
        }
        turn.session.cart.lines[i].option_ids = ids;
        let new = turn.session.cart.lines[i].clone();
        told.push(copy::changed_line(
            lang,
            &shown(turn, &old),
            &shown(turn, &new),
        ));
    }
    merge_same(turn);
    for s in told {
        turn.out.note(s);
    }
    show_after(turn);
}

/// Lines that became the same product with the same options are one line.
fn merge_same(turn: &mut Turn) {
    let lines = std::mem::take(&mut turn.session.cart.lines);
    for l in lines {
        turn.session.cart.add(l);
    }
}
