//! The choices last shown, picked by typing: a position ("1", "2.", "ikinci",
//! "the first one"), a title typed whole, shortened or misspelt ("gel al",
//! "tavuk", "12:30"), or a yes/no to a question whose buttons say yes or no
//! ("evet", "evet iptal", "yes" at "cancel #N?"; "onaylıyorum" at the summary).
//! The session keeps the last reply's buttons and rows ([`remember`]); a pick
//! runs exactly what the tap would have run.

use crate::domain::reply::Reply;
use crate::domain::text::fold as fold_text;

use super::ids::Action;
use super::said;
use super::session::{Session, Shown, Step};
use super::steps::Turn;
use super::understand::{fold_words, word_is};

/// Most choices remembered (a list shows ten rows).
const KEEP: usize = 10;

/// Keep the buttons and rows of the last reply that has any (none: forget).
pub fn remember(s: &mut Session, replies: &[Reply]) {
    // the offer of a person rides below the question: the question's choices count
    let person_only = |r: &Reply| match r {
        Reply::Buttons { buttons, .. } => buttons.iter().all(|b| b.id == Action::Person.id()),
        _ => false,
    };
    let Some(r) = replies
        .iter()
        .rev()
        .find(|r| matches!(r, Reply::Buttons { .. } | Reply::List { .. }) && !person_only(r))
    else {
        if !replies.is_empty() {
            s.shown.clear();
        }
        return;
    };
    s.shown.clear();
    let mut add = |id: &str, title: &str| {
        if s.shown.len() < KEEP {
            s.shown.push(Shown {
                id: id.to_string(),
                title: title.to_string(),
            });
        }
    };
    match r {
        Reply::Buttons { buttons, .. } => buttons.iter().for_each(|b| add(&b.id, &b.title)),
        Reply::List { sections, .. } => sections
            .iter()
            .flat_map(|s| s.rows.iter())
            .for_each(|c| add(&c.id, &c.title)),
        Reply::Text { .. } | Reply::CtaUrl { .. } | Reply::LocationRequest { .. } => {}
    }
}

fn actions(turn: &Turn) -> Vec<(usize, Action)> {
    turn.session
        .shown
        .iter()
        .enumerate()
        .filter_map(|(i, c)| Action::parse(&c.id).map(|a| (i, a)))
        .collect()
}

/// Does a step expect the customer's own words (an address, a note, a code)?
fn free_text(step: &Step) -> bool {
    matches!(
        step,
        Step::Address | Step::Note | Step::Door | Step::Coupon | Step::CouponCheck { .. }
    )
}

/// The shown "yes" to a yes/no question: confirm the summary, cancel the order,
/// ask the shop to cancel.
fn yes_choice(turn: &Turn) -> Option<String> {
    actions(turn).into_iter().find_map(|(i, a)| {
        matches!(
            a,
            Action::CancelOrderYes { .. } | Action::CancelRequestYes { .. }
        )
        .then(|| turn.session.shown[i].id.clone())
    })
}

/// Typed text that picks a shown choice: runs it and returns true.
pub fn typed(turn: &mut Turn, cleaned: &str) -> bool {
    if turn.session.shown.is_empty() {
        return false;
    }
    // a yes or no to "cancel #N?" (before the cancel words: "evet iptal et" is yes)
    if let Some(id) = yes_choice(turn) {
        let yes = said::is_yes(cleaned) || said::cancel(cleaned).is_some_and(|c| c.rest.is_empty());
        if yes {
            return tap(turn, id);
        }
        if said::is_no(cleaned) {
            let keep = actions(turn)
                .into_iter()
                .find(|(_, a)| matches!(a, Action::Orders | Action::Home))
                .map(|(i, _)| turn.session.shown[i].id.clone());
            if let Some(id) = keep {
                return tap(turn, id);
            }
        }
    }
    let step = turn.session.step.clone();
    if matches!(
        step,
        Step::Quantity { .. } | Step::LineQty { .. } | Step::Options { .. } | Step::Placing { .. }
    ) {
        return false;
    }
    // after "added", a bare number is the new quantity of that line
    let added = actions(turn)
        .iter()
        .any(|(_, a)| matches!(a, Action::More { .. }));
    if let Some(n) = said::position(cleaned)
        && !added
        && (!free_text(&step) || matches!(step, Step::Address))
    {
        if let Some(c) = turn.session.shown.get(n - 1) {
            let id = c.id.clone();
            return tap(turn, id);
        }
        return false;
    }
    if let Some(i) = by_title(turn, cleaned, free_text(&step)) {
        let id = turn.session.shown[i].id.clone();
        return tap(turn, id);
    }
    false
}

/// Run a shown choice's id as the tap would.
fn tap(turn: &mut Turn, id: String) -> bool {
    super::router::tap(turn, &id);
    true
}

/// Letters and digits of a title, folded ("🏃 Gel al" → "gel al", "12:30" → "12 30").
fn title_words(title: &str) -> Vec<String> {
    fold_words(title)
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

/// The one shown choice the text names by its title: the whole title, or every
/// typed word a word of the title (endings and typos forgiven) naming exactly one.
/// With `exact`, only the whole title counts.
fn by_title(turn: &Turn, cleaned: &str, exact: bool) -> Option<usize> {
    // "12.30", "12:30" read as the time "12 30"
    let spaced: String = cleaned
        .chars()
        .map(|c| if c == '.' || c == ':' { ' ' } else { c })
        .collect();
    let said: Vec<String> = said::words(&spaced);
    if said.is_empty() || said.len() > 5 {
        return None;
    }
    let whole = fold_text(cleaned);
    let titles = shown_titles(turn);
    let same: Vec<usize> = titles
        .iter()
        .enumerate()
        .filter(|(_, w)| !w.is_empty() && (**w == said || fold_text(&w.join(" ")) == whole))
        .map(|(i, _)| i)
        .collect();
    if let [i] = same.as_slice() {
        return Some(*i);
    }
    if exact {
        return None;
    }
    by_some_words(&titles, &said)
}

/// The words of each shown title (none for product and category rows: the
/// order reader names those, and adds them).
fn shown_titles(turn: &Turn) -> Vec<Vec<String>> {
    let browsing = |id: &str| {
        matches!(
            Action::parse(id),
            Some(Action::Product { .. } | Action::Category { .. } | Action::Variant { .. })
        )
    };
    turn.session
        .shown
        .iter()
        .map(|c| {
            if browsing(&c.id) {
                Vec::new()
            } else {
                title_words(&c.title)
            }
        })
        .collect()
}

/// The one title that has every said word: exactly if a word is short (digits
/// all match), else each word as a title word, its stem or a small typo of it.
fn by_some_words(titles: &[Vec<String>], said: &[String]) -> Option<usize> {
    // words like "1", "x", prices are not worth naming a title by
    let meaningful = |w: &String| w.chars().count() >= 2;
    if !said.iter().all(meaningful) {
        // "12 30": digits must all match
        let hits: Vec<usize> = titles
            .iter()
            .enumerate()
            .filter(|(_, w)| !w.is_empty() && said.iter().all(|s| w.contains(s)))
            .map(|(i, _)| i)
            .collect();
        return match hits.as_slice() {
            [i] if said.iter().any(|s| s.chars().all(|c| c.is_ascii_digit())) => Some(*i),
            _ => None,
        };
    }
    let hits: Vec<usize> = titles
        .iter()
        .enumerate()
        .filter(|(_, w)| {
            !w.is_empty()
                && said.iter().all(|s| {
                    w.iter()
                        .any(|tw| tw == s || (s.chars().count() >= 3 && word_is(s, tw)))
                })
        })
        .map(|(i, _)| i)
        .collect();
    match hits.as_slice() {
        [i] => Some(*i),
        _ => None,
    }
}
