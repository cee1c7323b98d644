//! Choosing a product's options (required groups first; optional groups up to
//! their max, with "done"); then on to [`super::quantity`].

use crate::domain::menu::{Menu, OptionGroup, Product};
use crate::domain::money::Money;
use crate::domain::reply::Choice;
use crate::domain::text::{cut, fold};
use crate::domain::texts::{self, labels};

use super::{Turn, browse};
use crate::bot::ids::Action;
use crate::bot::layout::page;
use crate::bot::render::list;
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
fn orderable<'a>(t: &mut Turn<'_, 'a>, pid: i64) -> Option<&'a Product> {
    let menu: &'a Menu = t.ctx.menu;
    match menu.product(pid) {
        Some(p) if p.available => Some(p),
        _ => {
            t.s.step = Step::Idle;
            browse::product(t, pid);
            None
        }
    }
}

/// Move to the next group that has options, or on to the quantity.
pub fn advance(t: &mut Turn) {
    let Step::Options {
        pid,
        mut group,
        picked,
    } = t.s.step.clone()
    else {
        return;
    };
    let Some(p) = orderable(t, pid) else { return };
    let groups = p.groups_in_order();
    while group < groups.len() && groups[group].options.is_empty() {
        group += 1;
    }
    if group >= groups.len() {
        t.s.step = Step::Quantity {
            pid,
            options: in_menu_order(p, &picked),
        };
        return super::quantity::show(t);
    }
    t.s.step = Step::Options { pid, group, picked };
    show_group(t, p, groups[group], 0);
}

/// Re-ask the current group (after unexpected input).
pub fn show_current(t: &mut Turn) {
    let Step::Options { pid, group, .. } = t.s.step.clone() else {
        return;
    };
    let Some(p) = orderable(t, pid) else { return };
    match p.groups_in_order().get(group) {
        Some(g) => show_group(t, p, g, 0),
        None => advance(t),
    }
}

/// The product and group the Options step is asking, for checking a tapped id.
pub fn current(t: &Turn) -> Option<(i64, i64)> {
    let Step::Options { pid, group, .. } = &t.s.step else {
        return None;
    };
    let g = t.ctx.menu.product(*pid)?.groups_in_order().get(*group)?.id;
    Some((*pid, g))
}

fn picked_in<'g>(g: &'g OptionGroup, picked: &[i64]) -> Vec<&'g str> {
    g.options
        .iter()
        .filter(|o| picked.contains(&o.id))
        .map(|o| o.name.as_str())
        .collect()
}

/// One page of a group's options; chosen ones leave the list of a multi-choice group.
pub fn show_group(t: &mut Turn, p: &Product, g: &OptionGroup, pg: usize) {
    let l = t.lang();
    let Step::Options { picked, .. } = &t.s.step else {
        return;
    };
    let chosen = picked_in(g, picked);
    let rows: Vec<Choice> = g
        .options
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
                cut(&o.name, 24),
            );
            if o.price_delta == Money::ZERO {
                c
            } else {
                c.with_description(delta(t, o.price_delta))
            }
        })
        .collect();
    let mut fixed = Vec::new();
    if chosen.len() >= g.min as usize && (g.min == 0 || g.max > 1) {
        let title = if chosen.is_empty() {
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
    let more = |n| {
        Choice::new(
            Action::OptionsPage {
                pid: p.id,
                gid: g.id,
                page: n,
            }
            .id(),
            labels::more_row(l),
        )
    };
    let (rows, _, _) = page(rows, pg, fixed, more);
    let names: Vec<String> = chosen.iter().map(|n| cut(n, 30)).collect();
    let body = texts::option_body(
        l,
        &cut(&p.name, 60),
        &cut(&g.name, 40),
        g.min,
        g.max,
        &names,
    );
    t.out
        .push(list(body, labels::list_options(l), cut(&g.name, 24), rows));
}

fn delta(t: &Turn, m: Money) -> String {
    if m.minor() > 0 {
        format!("+{}", t.money(m))
    } else {
        t.money(m)
    }
}

/// A page of the current group (the "more" row).
pub fn show_page(t: &mut Turn, pg: usize) {
    let Step::Options { pid, group, .. } = t.s.step.clone() else {
        return;
    };
    let Some(p) = orderable(t, pid) else { return };
    if let Some(g) = p.groups_in_order().get(group) {
        show_group(t, p, g, pg);
    }
}

/// An option was tapped (the router checked it belongs to the current group).
pub fn pick(t: &mut Turn, oid: i64) {
    let Step::Options {
        pid,
        group,
        mut picked,
    } = t.s.step.clone()
    else {
        return;
    };
    let Some(p) = orderable(t, pid) else { return };
    let Some(g) = p.groups_in_order().get(group).copied() else {
        return advance(t);
    };
    if !g.options.iter().any(|o| o.id == oid) {
        t.out.note(texts::stale_button(t.lang()));
        return show_group(t, p, g, 0);
    }
    if !picked.contains(&oid) {
        picked.push(oid);
    }
    let count = picked_in(g, &picked).len();
    let next = if count >= g.max as usize {
        group + 1
    } else {
        group
    };
    t.s.step = Step::Options {
        pid,
        group: next,
        picked,
    };
    if next == group {
        show_group(t, p, g, 0)
    } else {
        advance(t)
    }
}

/// "Done" on the current group: on to the next one if enough is chosen.
pub fn done(t: &mut Turn) {
    let Step::Options { pid, group, picked } = t.s.step.clone() else {
        return;
    };
    let Some(p) = orderable(t, pid) else { return };
    let Some(g) = p.groups_in_order().get(group).copied() else {
        return advance(t);
    };
    if picked_in(g, &picked).len() < g.min as usize {
        t.out.note(texts::option_need_more(t.lang(), g.min));
        return show_group(t, p, g, 0);
    }
    t.s.step = Step::Options {
        pid,
        group: group + 1,
        picked,
    };
    advance(t);
}

/// Typed text in the Options step: an option's name, or a "done" word.
pub fn typed(t: &mut Turn, folded: &str) -> bool {
    let Some((pid, _)) = current(t) else {
        return false;
    };
    let Step::Options { group, .. } = &t.s.step else {
        return false;
    };
    let g = t
        .ctx
        .menu
        .product(pid)
        .and_then(|p| p.groups_in_order().get(*group).copied());
    let Some(g) = g else { return false };
    if let Some(o) = g.options.iter().find(|o| fold(&o.name) == folded) {
        pick(t, o.id);
        return true;
    }
    if DONE_WORDS.contains(&folded) {
        done(t);
        return true;
    }
    false
}

/// Chosen option ids in menu order, so identical choices merge in the cart.
fn in_menu_order(p: &Product, picked: &[i64]) -> Vec<i64> {
    let groups = p.groups_in_order();
    groups
        .iter()
        .flat_map(|g| g.options.iter())
        .filter(|o| picked.contains(&o.id))
        .map(|o| o.id)
        .collect()
}
