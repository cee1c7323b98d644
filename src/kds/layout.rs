//! Where each ticket goes on the board. Tickets take the height their text
//! needs and flow down a column, then into the next column, then onto the next
//! page (as Toast and Fresh KDS lay them out), so short tickets no longer waste
//! a whole screen-tall slot. A ticket taller than a column starts at the top of
//! a column and continues in the next one; each ticket lives on exactly one
//! page, so selection digits, paging and the page count stay simple.
//!
//! Pure arithmetic over line counts: the caller says how many body lines a
//! ticket needs at a given text width. No drawing, no IO.

use std::ops::Range;

use crate::domain::order::Order;

/// A ticket column is at least this wide; wider screens get more columns.
pub(crate) const MIN_COL_W: u16 = 26;
/// Rows a ticket's frame takes (top and bottom border).
const FRAME_H: usize = 2;

/// One rectangle of one ticket: the whole ticket, or one column's share of a
/// ticket taller than a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Piece {
    /// Index into the board's orders.
    pub index: usize,
    /// Column on the page (0-based).
    pub col: u16,
    /// Top row, relative to the board.
    pub y: u16,
    /// Rows including the frame.
    pub height: u16,
    /// 0 for the ticket's head; 1, 2… for its continuations ("cont.").
    pub part: u16,
    /// First body line shown in this piece.
    pub skip: usize,
    /// The ticket goes on in the next column.
    pub continues: bool,
}

/// One page of the board: which orders it shows and where.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Page {
    /// Indexes into the board's orders on this page.
    pub range: Range<usize>,
    /// Rectangles, in board order.
    pub pieces: Vec<Piece>,
}

/// The board's geometry for a screen and a list of orders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Layout {
    /// Columns per page.
    pub cols: u16,
    /// Width of every column, frame included.
    pub col_w: u16,
    /// The width's remainder: the first `spare` columns are followed by a
    /// one-cell gap, so the columns span the whole screen.
    pub spare: u16,
    /// Rows of the board area.
    pub height: u16,
    /// At least one page, possibly empty.
    pub pages: Vec<Page>,
}

impl Layout {
    /// Left edge of column `col`, relative to the board.
    pub(crate) fn x(&self, col: u16) -> u16 {
        col * self.col_w + col.min(self.spare)
    }

    /// Text width inside a ticket's frame.
    pub(crate) fn text_width(&self) -> usize {
        usize::from(self.col_w).saturating_sub(FRAME_H)
    }

    /// The page that shows order `index` (the last page when out of range).
    pub(crate) fn page_of(&self, index: usize) -> usize {
        self.pages
            .iter()
            .position(|p| p.range.contains(&index))
            .unwrap_or(self.pages.len().saturating_sub(1))
    }

    /// The head piece of order `index`.
    pub(crate) fn head(&self, index: usize) -> Option<&Piece> {
        self.pages
            .get(self.page_of(index))?
            .pieces
            .iter()
            .find(|p| p.index == index && p.part == 0)
    }
}

/// Flow `orders` onto a `width` × `height` board. `body_lines(order, width)`
/// is how many text lines the ticket needs inside its frame at that width.
pub(crate) fn flow(
    orders: &[Order],
    width: u16,
    height: u16,
    body_lines: impl Fn(&Order, usize) -> usize,
) -> Layout {
    let cols = (width / MIN_COL_W).max(1);
    let col_w = width / cols;
    let spare = (width - col_w * cols).min(cols - 1);
    let mut l = Layout {
        cols,
        col_w,
        spare,
        height,
        pages: vec![Page::default()],
    };
    let text_w = l.text_width();
    let mut at = Cursor { col: 0, y: 0 };
    for (index, order) in orders.iter().enumerate() {
        let lines = body_lines(order, text_w).max(1);
        if lines + FRAME_H <= usize::from(height) {
            place_whole(&mut l, &mut at, index, lines);
        } else {
            place_tall(&mut l, &mut at, index, lines);
        }
    }
    l
}

/// Where the next ticket goes: a column on the last page and the row below
/// what that column holds.
struct Cursor {
    col: u16,
    y: usize,
}

/// A ticket that fits in a column: below the last one, or at the top of the
/// next column, or of a new page.
fn place_whole(l: &mut Layout, at: &mut Cursor, index: usize, lines: usize) {
    let need = lines + FRAME_H;
    if at.y + need > usize::from(l.height) {
        at.col += 1;
        at.y = 0;
    }
    if at.col >= l.cols {
        new_page(l, index);
        at.col = 0;
    }
    push(
        l,
        Piece {
            index,
            col: at.col,
            y: cells(at.y),
            height: cells(need),
            part: 0,
            skip: 0,
            continues: false,
        },
    );
    at.y += need;
}

/// A ticket taller than a column: from the top of a column, over several
/// columns; what does not fit on the page is cut (the last piece says so).
fn place_tall(l: &mut Layout, at: &mut Cursor, index: usize, lines: usize) {
    let h = usize::from(l.height);
    if at.y > 0 {
        at.col += 1;
        at.y = 0;
    }
    let per = h.saturating_sub(FRAME_H).max(1);
    let parts = lines.div_ceil(per);
    if at.col >= l.cols || (at.col > 0 && usize::from(at.col) + parts > usize::from(l.cols)) {
        new_page(l, index);
        at.col = 0;
    }
    let fit = parts.min(usize::from(l.cols - at.col));
    for part in 0..fit {
        let skip = part * per;
        let last = part + 1 == fit;
        let rows = if last && part + 1 == parts {
            lines - skip + FRAME_H
        } else {
            h
        };
        let continues = part + 1 < parts;
        push(
            l,
            Piece {
                index,
                col: at.col,
                y: 0,
                height: cells(rows),
                part: cells(part),
                skip,
                continues: continues && !last,
            },
        );
        if last {
            at.y = rows;
        } else {
            at.col += 1;
        }
    }
}

fn new_page(l: &mut Layout, index: usize) {
    l.pages.push(Page {
        range: index..index,
        pieces: Vec::new(),
    });
}

fn push(l: &mut Layout, piece: Piece) {
    let Some(page) = l.pages.last_mut() else {
        return; // never: a layout starts with one page
    };
    if page.pieces.is_empty() {
        page.range = piece.index..piece.index;
    }
    page.range.end = piece.index + 1;
    page.pieces.push(piece);
}

/// Rows and counts as cell coordinates (a board is far smaller than `u16::MAX`).
fn cells(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kds::testutil::{T0, order};

    /// Orders whose body is as many lines as their number.
    fn lay(sizes: &[usize], w: u16, h: u16) -> Layout {
        let orders: Vec<Order> = sizes
            .iter()
            .map(|&n| order(i64::try_from(n).expect("small"), T0))
            .collect();
        flow(&orders, w, h, |o, _| {
            usize::try_from(o.number.get()).expect("small")
        })
    }

    fn at(l: &Layout) -> Vec<Vec<(usize, u16, u16, u16)>> {
        l.pages
            .iter()
            .map(|p| {
                p.pieces
                    .iter()
                    .map(|c| (c.index, c.col, c.y, c.height))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn short_tickets_stack_down_a_column_then_move_right() {
        let l = lay(&[4, 4, 4, 4], 80, 13);
        assert_eq!((l.cols, l.col_w, l.spare), (3, 26, 2));
        assert_eq!((l.x(0), l.x(1), l.x(2)), (0, 27, 54));
        let wide = lay(&[], 160, 45);
        assert_eq!(
            (wide.cols, wide.x(5) + wide.col_w),
            (6, 160),
            "no margin left over"
        );
        assert_eq!(
            at(&l),
            vec![vec![(0, 0, 0, 6), (1, 0, 6, 6), (2, 1, 0, 6), (3, 1, 6, 6)]]
        );
    }

    #[test]
    fn a_full_page_starts_the_next_one_and_ranges_cover_every_order() {
        let l = lay(&[9; 7], 80, 11);
        assert_eq!(l.pages.len(), 3);
        assert_eq!(
            l.pages.iter().map(|p| p.range.clone()).collect::<Vec<_>>(),
            vec![0..3, 3..6, 6..7]
        );
        assert_eq!((l.page_of(4), l.page_of(6), l.page_of(99)), (1, 2, 2));
    }

    #[test]
    fn a_tall_ticket_continues_in_the_next_column_marked() {
        // 10 rows: 8 body lines per column; 20 lines → 8 + 8 + 4, which needs a
        // whole page: it starts the next one, and the next ticket goes below its end
        let l = lay(&[2, 20, 1], 80, 10);
        assert_eq!(at(&l)[0], vec![(0, 0, 0, 4)]);
        let p = &l.pages[1].pieces;
        let cut = |c: &Piece| (c.col, c.part, c.skip, c.continues, c.height);
        assert_eq!(cut(&p[0]), (0, 0, 0, true, 10));
        assert_eq!(cut(&p[1]), (1, 1, 8, true, 10));
        assert_eq!(cut(&p[2]), (2, 2, 16, false, 6));
        assert_eq!((p[3].index, p[3].col, p[3].y), (2, 2, 6));
        assert_eq!(l.pages[1].range, 1..3);
        assert_eq!(l.head(1).map(|h| (h.col, h.part)), Some((0, 0)));
    }

    #[test]
    fn a_ticket_longer_than_a_page_ends_in_its_last_column() {
        let l = lay(&[30, 1], 80, 10);
        let p = &l.pages[0].pieces;
        assert_eq!(p.len(), 3);
        assert_eq!(
            (p[2].part, p[2].skip, p[2].continues, p[2].height),
            (2, 16, false, 10)
        );
        assert_eq!(l.pages[1].range, 1..2);
    }

    #[test]
    fn a_tall_ticket_that_fits_whole_ends_mid_column() {
        let l = lay(&[12, 2], 80, 10);
        let p = &l.pages[0].pieces;
        assert_eq!((p[0].height, p[0].continues), (10, true));
        assert_eq!(
            (p[1].col, p[1].height, p[1].skip, p[1].continues),
            (1, 6, 8, false)
        );
        assert_eq!(
            (p[2].index, p[2].col, p[2].y),
            (1, 1, 6),
            "next ticket below the rest"
        );
    }

    #[test]
    fn empty_board_has_one_empty_page() {
        let l = lay(&[], 80, 21);
        assert_eq!(l.pages, vec![Page::default()]);
    }
}
