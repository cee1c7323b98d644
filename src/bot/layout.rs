//! Long content made to fit: lists paged as 9 rows + "more", bodies of many
//! lines cut to [`BODY_MAX`] with a count of what was left out.

use crate::copy;
use crate::domain::Lang;
use crate::domain::reply::Choice;
use crate::whatsapp::limits::{self, utf16_len};

use super::render::BODY_MAX;

/// One page of a long list: everything if it fits beside `fixed`, otherwise
/// pages of the same size with a "more" row pointing at the next page (made by
/// `more`). Returns the rows and the (1-based) page number and page count.
pub fn page(
    rows: Vec<Choice>,
    page: usize,
    fixed: Vec<Choice>,
    more: impl Fn(usize) -> Choice,
) -> (Vec<Choice>, usize, usize) {
    let room = limits::MAX_ROWS.saturating_sub(fixed.len()).max(2);
    if rows.len() <= room {
        let mut all = rows;
        all.extend(fixed);
        return (all, 1, 1);
    }
    let per = room - 1;
    let pages = rows.len().div_ceil(per);
    let page = page.min(pages - 1);
    let mut out: Vec<Choice> = rows.into_iter().skip(page * per).take(per).collect();
    if page + 1 < pages {
        out.push(more(page + 1));
    }
    out.extend(fixed);
    (out, page + 1, pages)
}

/// A body made of a head, lines and a tail, with lines left out (and counted)
/// when everything would not fit in [`BODY_MAX`].
pub fn fit_lines(head: &str, lines: &[String], tail: &str, lang: Lang) -> String {
    let budget = BODY_MAX - 40;
    let fixed = utf16_len(head) + utf16_len(tail) + 4;
    let mut used = fixed;
    let mut shown = Vec::new();
    for l in lines {
        let n = utf16_len(l) + 1;
        if used + n > budget {
            break;
        }
        used += n;
        shown.push(l.as_str());
    }
    let mut s = String::from(head);
    for l in &shown {
        s.push('\n');
        s.push_str(l);
    }
    if shown.len() < lines.len() {
        s.push('\n');
        s.push_str(&copy::more_lines(lang, lines.len() - shown.len()));
    }
    if !tail.is_empty() {
        s.push_str("\n\n");
        s.push_str(tail);
    }
    limits::fit_utf16(&s, BODY_MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn more(p: usize) -> Choice {
        Choice::new(format!("more:{p}"), "more")
    }

    #[test]
    fn paging_walks_every_row_once() {
        let rows: Vec<Choice> = (0..23)
            .map(|i| Choice::new(format!("r{i}"), format!("{i}")))
            .collect();
        let mut seen = Vec::new();
        let mut p = 0;
        loop {
            let (page_rows, n, pages) = page(rows.clone(), p, vec![], more);
            assert!(page_rows.len() <= limits::MAX_ROWS);
            assert_eq!((n, pages), (p + 1, 3));
            seen.extend(
                page_rows
                    .iter()
                    .filter(|c| !c.id.starts_with("more"))
                    .map(|c| c.id.clone()),
            );
            match page_rows.iter().find(|c| c.id.starts_with("more")) {
                Some(m) => p = m.id[5..].parse().expect("page"),
                None => break,
            }
        }
        assert_eq!(seen, rows.iter().map(|c| c.id.clone()).collect::<Vec<_>>());
        let (ten, _, pages) = page(rows[..10].to_vec(), 0, vec![], more);
        assert_eq!((ten.len(), pages), (10, 1));
        let (with_fixed, _, _) = page(rows[..10].to_vec(), 0, vec![more(9)], more);
        assert_eq!(with_fixed.len(), 10);
    }

    #[test]
    fn long_bodies_are_cut_with_a_count() {
        let lines: Vec<String> = (0..200)
            .map(|i| format!("line number {i} with some text"))
            .collect();
        let b = fit_lines("head", &lines, "tail", Lang::En);
        assert!(b.chars().count() <= BODY_MAX);
        assert!(b.ends_with("tail") && b.contains("more lines"));
    }
}
