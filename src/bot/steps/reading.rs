//! An order written as text, at any step: lines the parser read go into the
//! cart (or wait for a required option), what named nothing is said back by
//! name, limits are told, an ambiguous word is asked once with its candidates.
//! A half-built item keeps its question; a checkout resumes afterwards.

use crate::bot::understand::{self, Ambiguity, Cap, Line, Reading};
use crate::copy::{self, labels};
use crate::domain::cart::MAX_QUANTITY;
use crate::domain::menu::{Menu, Product};
use crate::domain::reply::Choice;
use crate::domain::text::cut;

use super::{Turn, added, options};
use crate::bot::ids::Action;
use crate::bot::render::{buttons, list};
use crate::bot::session::{Asked, Queued, Step};

/// Read `text` as an order and act on it. When it named nothing on the menu,
/// the words it did not know come back (to be said back if nothing else fits).
pub fn order(turn: &mut Turn, text: &str) -> Result<(), Vec<String>> {
    let mut r = understand::read_order(turn.ctx.menu, text);
    if !r.found_anything() {
        return Err(r.unknown);
    }
    answer_asked(turn, &mut r, crate::bot::said::has_number(text));
    apply(turn, r);
    Ok(())
}

/// "“dürüm” derken hangisi?" answered by a refined name ("tavuk dürüm", "2 tavuk
/// dürüm acısız"): the question is settled by the line read, which keeps the
/// quantity and options of the question unless the answer says its own.
fn answer_asked(turn: &mut Turn, r: &mut Reading, explicit: bool) {
    let Some(a) = turn.session.ask.first().cloned() else {
        return;
    };
    let menu = turn.ctx.menu;
    one_of_asked(menu, r, &a.candidates);
    let Some(line) = r
        .lines
        .iter_mut()
        .find(|l| a.candidates.contains(&l.product_id))
    else {
        return;
    };
    turn.session.ask.remove(0);
    if !explicit {
        line.quantity = a.qty.clamp(1, MAX_QUANTITY);
    }
    let asked = Ambiguity {
        said: a.said.clone(),
        candidates: a.candidates.clone(),
        quantity: a.qty,
        rest: a.rest.clone(),
    };
    let Some(p) = menu.product(line.product_id) else {
        return;
    };
    if let Some(earlier) = asked.resolve(menu, line.product_id) {
        add_options(line, p, &earlier.option_ids);
    }
}

/// An ambiguous answer that only one of the asked `candidates` fits becomes
/// that line (first).
fn one_of_asked(menu: &Menu, r: &mut Reading, candidates: &[i64]) {
    let Some(k) = r.ambiguous.iter().position(|x| {
        x.candidates
            .iter()
            .filter(|c| candidates.contains(c))
            .count()
            == 1
    }) else {
        return;
    };
    let amb = r.ambiguous.remove(k);
    let pid = amb
        .candidates
        .iter()
        .copied()
        .find(|c| candidates.contains(c))
        .unwrap_or_default();
    if let Some(line) = amb.resolve(menu, pid) {
        r.lines.insert(0, line);
    }
}

/// The options said with the question added to the answer's line, except in
/// a one-choice group the answer already chose in; then the groups still missing.
fn add_options(line: &mut Line, p: &Product, earlier: &[i64]) {
    for &o in earlier {
        let group = p
            .groups
            .iter()
            .find(|g| g.options.iter().any(|x| x.id == o));
        let taken = group.is_some_and(|g| {
            g.max <= 1 && g.options.iter().any(|x| line.option_ids.contains(&x.id))
        });
        if !taken && !line.option_ids.contains(&o) {
            line.option_ids.push(o);
        }
    }
    line.option_ids = options::in_menu_order(p, &line.option_ids);
    line.missing_groups = p
        .groups_in_order()
        .iter()
        .filter(|g| g.required() && !g.options.iter().any(|x| line.option_ids.contains(&x.id)))
        .map(|g| g.id)
        .collect();
}

/// Words that named nothing, said back with what the menu has. False if none.
pub fn say_unknown(turn: &mut Turn, unknown: &[String]) -> bool {
    if unknown.is_empty() {
        return false;
    }
    let words: Vec<String> = unknown.iter().take(5).map(|w| cut(w, 30)).collect();
    let cats: Vec<String> = turn
        .ctx
        .menu
        .open_categories()
        .take(8)
        .map(|c| cut(c.name_in(turn.lang()), 30))
        .collect();
    turn.out.note(copy::not_on_menu(
        turn.lang(),
        &words.join(", "),
        &cats.join(", "),
    ));
    true
}

/// Act on a reading (from text, or built from a catalog cart): lines into the
/// cart or the queue, 86'd, unknown and capped told, ambiguities asked.
pub fn apply(turn: &mut Turn, r: Reading) {
    let lang = turn.lang();
    let building = matches!(turn.session.step, Step::Options { .. });
    match turn.session.step {
        Step::Idle | Step::Options { .. } | Step::Placing { .. } => {}
        Step::Quantity { .. } | Step::LineQty { .. } => turn.session.step = Step::Idle,
        // a checkout question: add, then come back to the checkout
        _ => {
            turn.session.resume = true;
            turn.session.step = Step::Idle;
        }
    }
    if matches!(turn.session.step, Step::Placing { .. }) {
        return super::prompt(turn);
    }
    let mut last = None;
    for line in r.lines {
        last = take_line(turn, line).or(last);
    }
    for pid in &r.unavailable {
        if let Some(p) = turn.ctx.menu.product(*pid) {
            turn.out
                .note(copy::sold_out(lang, &cut(p.name_in(lang), 60)));
        }
    }
    say_unknown(turn, &r.unknown);
    for c in &r.capped {
        match c {
            Cap::Quantity { product_id, asked } => {
                let name = turn
                    .ctx
                    .menu
                    .product(*product_id)
                    .map(|p| cut(p.name_in(lang), 60))
                    .unwrap_or_default();
                turn.out
                    .note(copy::quantity_cap_told(lang, *asked, &name, MAX_QUANTITY));
            }
            Cap::Items { dropped } => {
                turn.out
                    .note(copy::items_cap_told(lang, understand::MAX_ITEMS, *dropped));
            }
        }
    }
    turn.session
        .ask
        .extend(r.ambiguous.into_iter().map(|a| Asked {
            said: cut(&a.said, 40),
            candidates: a.candidates,
            qty: a.quantity,
            rest: a.rest,
        }));
    if building {
        // the item being configured keeps its question; what was read waits behind it
        return options::show_current(turn);
    }
    added::next(turn, last);
}

/// A complete line goes into the cart; one missing a required option waits.
fn take_line(turn: &mut Turn, line: Line) -> Option<usize> {
    if line.missing_groups.is_empty() {
        return added::add_line(turn, line.product_id, line.option_ids, line.quantity);
    }
    turn.session.queue.push(Queued {
        pid: line.product_id,
        picked: line.option_ids,
        qty: line.quantity,
    });
    None
}

/// Ask the first ambiguous word: buttons for up to three candidates, a list beyond.
pub fn ask_first(turn: &mut Turn) {
    let lang = turn.lang();
    let Some(a) = turn.session.ask.first().cloned() else {
        return super::prompt(turn);
    };
    let menu = turn.ctx.menu;
    let choices: Vec<Choice> = a
        .candidates
        .iter()
        .filter_map(|id| menu.product(*id))
        .filter(|p| p.available)
        .take(10)
        .map(|p| {
            Choice::new(
                Action::Pick {
                    pid: p.id,
                    qty: a.qty,
                }
                .id(),
                cut(p.name_in(lang), 24),
            )
            .with_description(turn.money(p.price))
        })
        .collect();
    if choices.is_empty() {
        turn.session.ask.remove(0);
        return added::next(turn, None);
    }
    let body = copy::which_one(lang, &a.said);
    if choices.len() <= 3 {
        let b = choices
            .into_iter()
            .map(|c| Choice::new(c.id, cut(&c.title, 20)))
            .collect();
        return turn.out.push(buttons(body, b));
    }
    turn.out.push(list(
        body,
        labels::list_which(lang),
        labels::list_which(lang),
        choices,
    ));
}

/// A candidate was chosen (or a stale one tapped): the line, with the item's other
/// words read as that product's options; then the next question.
pub fn pick(turn: &mut Turn, pid: i64, qty: u32) {
    let asked = turn
        .session
        .ask
        .first()
        .filter(|a| a.candidates.contains(&pid))
        .cloned();
    let line = match &asked {
        Some(a) => {
            turn.session.ask.remove(0);
            let amb = Ambiguity {
                said: a.said.clone(),
                candidates: a.candidates.clone(),
                quantity: a.qty,
                rest: a.rest.clone(),
            };
            amb.resolve(turn.ctx.menu, pid)
        }
        None => None,
    };
    let line = line.unwrap_or(Line {
        product_id: pid,
        quantity: qty.clamp(1, MAX_QUANTITY),
        option_ids: Vec::new(),
        missing_groups: vec![0],
    });
    match turn.ctx.menu.product(pid) {
        Some(p) if p.available => {}
        _ => return super::browse::product(turn, pid),
    }
    if line.missing_groups.is_empty() {
        let idx = added::add_line(turn, pid, line.option_ids, line.quantity);
        return added::next(turn, idx);
    }
    options::start(turn, pid, line.option_ids, line.quantity);
}
