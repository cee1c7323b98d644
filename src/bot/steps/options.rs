//! Choosing a product's required options, one group at a time: reply buttons
//! when a single choice has three options or fewer, a list otherwise. Optional
//! groups are not asked: the "extra" button after adding offers them
//! ([`super::added`]). Then the item goes into the cart ([`super::added::finish`]).

use crate::copy::{self, labels};
use crate::domain::Lang;
use crate::domain::menu::{Menu, OptionGroup, Product};
use crate::domain::money::Money;
use crate::domain::reply::Choice;
use crate::domain::text::{cut, fold};

use super::{Turn, added, browse};
use crate::bot::ids::Action;
use crate::bot::layout::page;
use crate::bot::render::{buttons, list};
use crate::bot::session::Step;

/// Words that finish an optional or multi-choice group.
const DONE_WORDS: [&str; 8] = [
    "tamam",
    "bitti",
    "yok",
    "istemiyorum",
    "hicbiri",
    "done",
    "none",
    "no",
];

/// The product being configured, if it can still be ordered; otherwise explain and
/// show where it was listed.
fn orderable<'a>(turn: &mut Turn<'_, 'a>, pid: i64) -> Option<&'a Product> {
    let menu: &'a Menu = turn.ctx.menu;
    match menu.product(pid) {
        Some(p) if p.available => Some(p),
        _ => {
            turn.session.step = Step::Idle;
            browse::product(turn, pid);
            None
        }
    }
}

/// Does this group still need an answer? Required, with options, and fewer chosen
/// than its minimum.
fn open_group(g: &OptionGroup, picked: &[i64]) -> bool {
    g.required() && !g.options.is_empty() && picked_in(g, picked, Lang::Tr).len() < g.min as usize
}

/// Move to the next required group still open, or put the item in the cart.
pub fn advance(turn: &mut Turn) {
    let Step::Options {
        pid,
        mut group,
        picked,
        qty,
    } = turn.session.step.clone()
    else {
        return;
    };
    let Some(p) = orderable(turn, pid) else {
        return;
    };
    let groups = p.groups_in_order();
    while group < groups.len() && !open_group(groups[group], &picked) {
        group += 1;
    }
    if group >= groups.len() {
        turn.session.step = Step::Idle;
        return added::finish(turn, pid, in_menu_order(p, &picked), qty.max(1));
    }
    turn.session.step = Step::Options {
        pid,
        group,
        picked,
        qty,
    };
    show_group(turn, p, groups[group], 0);
}

/// Start asking the required options of `pid` (some already `picked`), `qty` to add.
pub fn start(turn: &mut Turn, pid: i64, picked: Vec<i64>, qty: u32) {
    turn.session.step = Step::Options {
        pid,
        group: 0,
        picked,
        qty,
    };
    advance(turn);
}

/// Re-ask the current group (after unexpected input).
pub fn show_current(turn: &mut Turn) {
    let Step::Options { pid, group, .. } = turn.session.step.clone() else {
        return;
    };
    let Some(p) = orderable(turn, pid) else {
        return;
    };
    match p.groups_in_order().get(group) {
        Some(g) => show_group(turn, p, g, 0),
        None => advance(turn),
    }
}

/// The product and group the Options step is asking, for checking a tapped id.
pub fn current(turn: &Turn) -> Option<(i64, i64)> {
    let Step::Options { pid, group, .. } = &turn.session.step else {
        return None;
    };
    let g = turn
        .ctx
        .menu
        .product(*pid)?
        .groups_in_order()
        .get(*group)?
        .id;
    Some((*pid, g))
}

fn picked_in<'g>(g: &'g OptionGroup, picked: &[i64], l: Lang) -> Vec<&'g str> {
    g.options
        .iter()
        .filter(|o| picked.contains(&o.id))
        .map(|o| o.name_in(l))
        .collect()
}

/// One page of a group's options; chosen ones leave the list of a multi-choice group.
pub fn show_group(turn: &mut Turn, p: &Product, g: &OptionGroup, pg: usize) {
    let lang = turn.lang();
    let Step::Options { picked, .. } = &turn.session.step else {
        return;
    };
    let chosen = picked_in(g, picked, lang);
    let names: Vec<String> = chosen.iter().map(|n| cut(n, 30)).collect();
    let body = copy::option_body(
        lang,
        &cut(p.name_in(lang), 60),
        &cut(g.name_in(lang), 40),
        g.min,
        g.max,
        &names,
    );
    if g.max <= 1 && g.options.len() <= 3 {
        let b = option_buttons(turn, p, g);
        return turn.out.push(buttons(body, b));
    }
    let rows = option_rows(turn, p, g, picked);
    let fixed = done_row(p, g, chosen.len(), lang);
    let more = |n| {
        Choice::new(
            Action::OptionsPage {
                pid: p.id,
                gid: g.id,
                page: n,
            }
            .id(),
            labels::more_row(lang),
        )
    };
    let (rows, _, _) = page(rows, pg, fixed, more);
    turn.out.push(list(
        body,
        labels::list_options(lang),
        cut(g.name_in(lang), 24),
        rows,
    ));
}

/// A one-choice group of up to three options: a button each, the price
/// difference in its title.
fn option_buttons(turn: &Turn, p: &Product, g: &OptionGroup) -> Vec<Choice> {
    let lang = turn.lang();
    g.options
        .iter()
        .map(|o| {
            let id = Action::Option {
                pid: p.id,
                gid: g.id,
                oid: o.id,
            }
            .id();
            let title = if o.price_delta == Money::ZERO {
                cut(o.name_in(lang), 20)
            } else {
                priced_title(o.name_in(lang), &delta(turn, o.price_delta))
            };
            Choice::new(id, title)
        })
        .collect()
}

/// The group's options as list rows (those not yet picked, in a group of
/// several), the price difference as the row's description.
fn option_rows(turn: &Turn, p: &Product, g: &OptionGroup, picked: &[i64]) -> Vec<Choice> {
    let lang = turn.lang();
    g.options
        .iter()
        .filter(|o| g.max <= 1 || !picked.contains(&o.id))
        .map(|o| {
            let c = Choice::new(
                Action::Option {
                    pid: p.id,
                    gid: g.id,
                    oid: o.id,
                }
                .id(),
                cut(o.name_in(lang), 24),
            );
            if o.price_delta == Money::ZERO {
                c
            } else {
                c.with_description(delta(turn, o.price_delta))
            }
        })
        .collect()
}

/// The "none" or "done" row, once `chosen` options are enough and the group
/// may be left (optional, or several may be picked).
fn done_row(p: &Product, g: &OptionGroup, chosen: usize, l: Lang) -> Vec<Choice> {
    let mut fixed = Vec::new();
    if chosen >= g.min as usize && (g.min == 0 || g.max > 1) {
        let title = if chosen == 0 {
            labels::none_row(l)
        } else {
            labels::done_row(l)
        };
        fixed.push(Choice::new(
            Action::OptionsDone {
                pid: p.id,
                gid: g.id,
            }
            .id(),
            title,
        ));
    }
    fixed
}

/// "1,5 porsiyon +110,00 ₺" within a button's 20: the name is cut, never the
/// price; a price too long to leave room for a name leaves the name alone.
pub fn priced_title(name: &str, price: &str) -> String {
    use crate::whatsapp::limits::{BUTTON_TITLE, fit_utf16, utf16_len};
    let whole = format!("{name} {price}");
    if utf16_len(&whole) <= BUTTON_TITLE {
        return whole;
    }
    let room = BUTTON_TITLE.saturating_sub(utf16_len(price) + 1);
    if room < 4 {
        return fit_utf16(name, BUTTON_TITLE);
    }
    format!("{} {price}", fit_utf16(name, room))
}

fn delta(turn: &Turn, m: Money) -> String {
    if m.minor() > 0 {
        format!("+{}", turn.money(m))
    } else {
        turn.money(m)
    }
}

/// A page of the current group (the "more" row).
pub fn show_page(turn: &mut Turn, pg: usize) {
    let Step::Options { pid, group, .. } = turn.session.step.clone() else {
        return;
    };
    let Some(p) = orderable(turn, pid) else {
        return;
    };
    if let Some(g) = p.groups_in_order().get(group) {
        show_group(turn, p, g, pg);
    }
}

/// The Options step as it stands, with its product and the group being asked.
struct AtGroup<'a> {
    pid: i64,
    group: usize,
    picked: Vec<i64>,
    qty: u32,
    p: &'a Product,
    g: &'a OptionGroup,
}

/// Where a tap or "done" lands. `None` when there is nothing to answer: not in
/// the Options step, the product no longer orderable (its page is shown), or past
/// the last group (moved on to the next step).
fn at_group<'a>(turn: &mut Turn<'_, 'a>) -> Option<AtGroup<'a>> {
    let Step::Options {
        pid,
        group,
        picked,
        qty,
    } = turn.session.step.clone()
    else {
        return None;
    };
    let p = orderable(turn, pid)?;
    let Some(g) = p.groups_in_order().get(group).copied() else {
        advance(turn);
        return None;
    };
    Some(AtGroup {
        pid,
        group,
        picked,
        qty,
        p,
        g,
    })
}

/// An option was tapped (the router checked it belongs to the current group).
pub fn pick(turn: &mut Turn, oid: i64) {
    let Some(AtGroup {
        pid,
        group,
        mut picked,
        qty,
        p,
        g,
    }) = at_group(turn)
    else {
        return;
    };
    if !g.options.iter().any(|o| o.id == oid) {
        turn.out.note(copy::stale_button(turn.lang()));
        return show_group(turn, p, g, 0);
    }
    if !picked.contains(&oid) {
        picked.push(oid);
    }
    let count = picked_in(g, &picked, Lang::Tr).len();
    let next = if count >= g.max as usize {
        group + 1
    } else {
        group
    };
    turn.session.step = Step::Options {
        pid,
        group: next,
        picked,
        qty,
    };
    if next == group {
        show_group(turn, p, g, 0)
    } else {
        advance(turn)
    }
}

/// "Done" on the current group: on to the next one if enough is chosen.
pub fn done(turn: &mut Turn) {
    let Some(AtGroup {
        pid,
        group,
        picked,
        qty,
        p,
        g,
    }) = at_group(turn)
    else {
        return;
    };
    if picked_in(g, &picked, Lang::Tr).len() < g.min as usize {
        turn.out.note(copy::option_need_more(turn.lang(), g.min));
        return show_group(turn, p, g, 0);
    }
    turn.session.step = Step::Options {
        pid,
        group: group + 1,
        picked,
        qty,
    };
    advance(turn);
}

/// Typed text in the Options step: an option's name, its number as shown, a
/// "done" word, or options named in words ("acısız, soğansız olsun"), which may
/// answer this group and choose extras at once.
pub fn typed(turn: &mut Turn, folded: &str, cleaned: &str) -> bool {
    let Some((pid, _)) = current(turn) else {
        return false;
    };
    let Step::Options { group, .. } = &turn.session.step else {
        return false;
    };
    let g = turn
        .ctx
        .menu
        .product(pid)
        .and_then(|p| p.groups_in_order().get(*group).copied());
    let Some(g) = g else { return false };
    let named = |o: &&crate::domain::menu::ProductOption| {
        fold(&o.name) == folded || o.name_en.as_deref().is_some_and(|en| fold(en) == folded)
    };
    if let Some(o) = g.options.iter().find(named) {
        pick(turn, o.id);
        return true;
    }
    // "1", "2": the n-th choice as shown
    if let Ok(n) = folded.parse::<usize>() {
        let shown: Vec<i64> = g
            .options
            .iter()
            .filter(|o| g.max <= 1 || !picked_now(turn).contains(&o.id))
            .map(|o| o.id)
            .collect();
        if let Some(oid) = n.checked_sub(1).and_then(|i| shown.get(i)) {
            pick(turn, *oid);
            return true;
        }
    }
    if DONE_WORDS.contains(&folded) {
        done(turn);
        return true;
    }
    let Some(p) = turn.ctx.menu.product(pid) else {
        return false;
    };
    let named = crate::bot::understand::read_options(p, cleaned).option_ids;
    if named.is_empty() {
        return false;
    }
    if let Step::Options { picked, .. } = &mut turn.session.step {
        for id in named {
            if !picked.contains(&id) {
                picked.push(id);
            }
        }
    }
    advance(turn);
    true
}

fn picked_now(turn: &Turn) -> Vec<i64> {
    match &turn.session.step {
        Step::Options { picked, .. } => picked.clone(),
        _ => Vec::new(),
    }
}

/// Chosen option ids in menu order, so identical choices merge in the cart.
pub fn in_menu_order(p: &Product, picked: &[i64]) -> Vec<i64> {
    let groups = p.groups_in_order();
    groups
        .iter()
        .flat_map(|g| g.options.iter())
        .filter(|o| picked.contains(&o.id))
        .map(|o| o.id)
        .collect()
}
