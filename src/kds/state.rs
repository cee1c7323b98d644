//! The kitchen display's model: the open orders, what is selected, which page,
//! which panel is open, what is still ringing. Only `update` mutates it; `view`
//! reads it. Paging asks [`layout`] how the tickets flow on this screen.

use crate::domain::OrderNumber;
use crate::domain::time::{At, Span};

use std::collections::BTreeMap;
use std::ops::Range;

use super::backend::{BoardHealth, ProductAvail};
use super::layout::{self, Layout};
use super::settings::KdsSettings;
use super::view::ticket;
use crate::domain::order::{Order, OrderStatus};
use crate::domain::station;

/// Header lines above the board.
pub(crate) const HEADER_H: u16 = 2;
/// Footer lines below the board (page count and key hints).
pub(crate) const FOOTER_H: u16 = 1;
/// Recall remembers this many bumps.
pub(crate) const RECALL_DEPTH: usize = 20;

/// What has the keyboard: the board, or a panel over it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Mode {
    Board,
    /// "Cancel order #n? y/n"; the number is fixed when `c` is pressed.
    ConfirmCancel {
        number: OrderNumber,
    },
    /// "Customer asks to cancel #n: accept? y/n" (`x` on a marked ticket).
    AnswerCancel {
        number: OrderNumber,
    },
    /// "Quit? y/n".
    ConfirmQuit,
    /// How many of each item are still to make.
    AllDay,
    /// The product list; `selected` indexes `State::products`.
    Availability {
        selected: usize,
    },
    /// The key reference.
    Help,
    /// Today's numbers: orders, revenue, prep times, late share.
    Today,
    /// Customers waiting for a person; `selected` indexes `State::waiting`.
    Waiting {
        selected: usize,
    },
    /// Expo: "Order #n is not done at every station; ready anyway? y/n".
    ConfirmForce {
        number: OrderNumber,
    },
}

/// One bump that `r` can undo. Keeps the whole order, because a bump to
/// "delivered" takes it off the board and the recall must bring it back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Recall {
    /// The status before the bump.
    pub from: OrderStatus,
    /// The order as it was before the bump.
    pub order: Order,
    /// A station's bump of these lines (the status did not move); empty for a
    /// bump of the order's status.
    pub lines: Vec<usize>,
}

/// A line for the status bar: an error (red, sticky) or a confirmation (brief).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Notice {
    /// What to say (may quote customer or backend text: cleaned when drawn).
    pub text: String,
    /// When it happened; the view hides it after a while.
    pub at: At,
}

/// How far a ticket is into its allowed time; drives its colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ageing {
    Fresh,
    Warn,
    Late,
    /// Ready or out for delivery: the kitchen's part is done, it no longer ages.
    Done,
}

/// Ageing at `age`: warn from exactly `warn`, late from exactly `late`.
pub fn ageing(age: Span, warn: Span, late: Span) -> Ageing {
    if age >= late {
        Ageing::Late
    } else if age >= warn {
        Ageing::Warn
    } else {
        Ageing::Fresh
    }
}

/// The whole model.
#[derive(Debug, Clone)]
pub(crate) struct State {
    /// Fixed at start.
    pub settings: KdsSettings,
    /// Open orders, rush first, then oldest first (created_at, then number).
    pub orders: Vec<Order>,
    /// The selected order by number, so it stays selected when others come and go.
    pub selected: Option<OrderNumber>,
    /// Zero-based page of the board.
    pub page: usize,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    /// The board or the open panel: decides what keys mean.
    pub mode: Mode,
    /// Most recent bump last.
    pub recalls: Vec<Recall>,
    /// For the availability panel; empty until loaded.
    pub products: Vec<ProductAvail>,
    /// `None` until the first health answer.
    pub health: Option<BoardHealth>,
    /// The last failed command; shown until Esc or a while later.
    pub error: Option<Notice>,
    /// The last thing done ("#42 → ready"); shown briefly.
    pub flash: Option<Notice>,
    /// `m`: no chime until pressed again (the NEW! marker stays).
    pub muted: bool,
    /// New orders nobody has touched yet → when to ring again (`None`: rang once, done).
    pub ringing: BTreeMap<OrderNumber, Option<At>>,
    /// Set by the first reload; orders seen in it are not announced.
    pub loaded: bool,
    /// Customers waiting for a person, oldest first (the header alert, the `w` panel).
    pub waiting: Vec<super::backend::Waiting>,
    /// On a station screen: which of the selected ticket's station lines the
    /// line cursor is on (an index into its station lines, not a position).
    pub line: usize,
    /// The last tap on a ticket (touch or mouse) and when: a second one on
    /// the same ticket soon after bumps it (see `kds::mouse`).
    pub tap: Option<(OrderNumber, At)>,
    /// The last layout with what it was made of ([`State::layout`]).
    layout_memo: LayoutMemo,
}

/// The board's last [`Layout`] and what it was flowed from. Flowing wraps every open
/// order's text to count its lines; a frame asks for the layout several times (board,
/// footer, keys) and the clock redraws every second, so with a thousand open orders an
/// idle board spent its time wrapping text that had not changed. The orders are kept
/// as one fingerprint each ([`fingerprint`]: what a ticket's height depends on), not
/// as a second copy of every order (a megabyte with a thousand open); rebuilt on any
/// difference; a copy of the model starts without it.
#[derive(Default)]
struct LayoutMemo(std::sync::Mutex<Option<Memo>>);

struct Memo {
    size: (u16, u16),
    glyphs: crate::kds::glyphs::Glyphs,
    view: crate::domain::station::View,
    orders: Vec<u64>,
    layout: std::sync::Arc<Layout>,
}

impl Clone for LayoutMemo {
    fn clone(&self) -> Self {
        LayoutMemo::default()
    }
}

impl std::fmt::Debug for LayoutMemo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LayoutMemo")
    }
}

impl State {
    /// An empty board, not yet loaded, on a `size` terminal.
    pub(crate) fn new(settings: KdsSettings, size: (u16, u16)) -> State {
        State {
            settings,
            orders: Vec::new(),
            selected: None,
            page: 0,
            size,
            mode: Mode::Board,
            recalls: Vec::new(),
            products: Vec::new(),
            health: None,
            error: None,
            flash: None,
            muted: false,
            ringing: BTreeMap::new(),
            loaded: false,
            waiting: Vec::new(),
            line: 0,
            tap: None,
            layout_memo: LayoutMemo::default(),
        }
    }

    /// Where every ticket goes on the current screen (see [`layout`]); the one made
    /// before while nothing it depends on has changed.
    pub(crate) fn layout(&self) -> std::sync::Arc<Layout> {
        let mut memo = self
            .layout_memo
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(m) = memo.as_ref()
            && m.size == self.size
            && m.glyphs == self.settings.glyphs
            && m.view == self.settings.view
            && m.orders.len() == self.orders.len()
            && m.orders
                .iter()
                .zip(&self.orders)
                .all(|(f, o)| *f == fingerprint(o))
        {
            return std::sync::Arc::clone(&m.layout);
        }
        let h = self.size.1.saturating_sub(HEADER_H + FOOTER_H);
        let view = &self.settings.view;
        let layout = std::sync::Arc::new(layout::flow(&self.orders, self.size.0, h, |o, w| {
            ticket::body(o, w, false, self.settings.glyphs, view, None).len()
        }));
        *memo = Some(Memo {
            size: self.size,
            glyphs: self.settings.glyphs,
            view: self.settings.view.clone(),
            orders: self.orders.iter().map(fingerprint).collect(),
            layout: std::sync::Arc::clone(&layout),
        });
        layout
    }

    /// At least one page, even with an empty board.
    pub(crate) fn page_count(&self) -> usize {
        self.layout().pages.len().max(1)
    }

    /// Indexes into `orders` shown on the current page.
    pub(crate) fn page_range(&self) -> Range<usize> {
        let l = self.layout();
        match l.pages.get(self.page) {
            Some(p) => p.range.clone(),
            None => self.orders.len()..self.orders.len(),
        }
    }

    /// Position of order `number` on the board.
    pub(crate) fn index_of(&self, number: OrderNumber) -> Option<usize> {
        self.orders.iter().position(|o| o.number == number)
    }

    /// Position of the selected order, if it is still on the board.
    pub(crate) fn selected_index(&self) -> Option<usize> {
        self.selected.and_then(|n| self.index_of(n))
    }

    /// Order `number`, if on the board.
    pub(crate) fn order(&self, number: OrderNumber) -> Option<&Order> {
        self.orders.iter().find(|o| o.number == number)
    }

    /// On a station screen, the position of the selected ticket's line under
    /// the line cursor when `o` is that ticket.
    pub(crate) fn cursor_position(&self, o: &Order) -> Option<usize> {
        let st = self.settings.view.station()?;
        if self.selected != Some(o.number) {
            return None;
        }
        let lines = station::lines_of(o, st);
        lines
            .get(self.line.min(lines.len().saturating_sub(1)))
            .copied()
    }

    /// Colour class of an order at `now`.
    pub fn ageing_of(&self, o: &Order, now: At) -> Ageing {
        // past its promise and not ready: late, whatever its age
        if crate::domain::pace::late_against_promise(o.promised_at, o.status, now) {
            return Ageing::Late;
        }
        match o.status {
            OrderStatus::New | OrderStatus::Preparing => ageing(
                now - o.kitchen_since(),
                self.settings.warn(),
                self.settings.late(),
            ),
            _ => Ageing::Done,
        }
    }

    /// Open orders per status, in board order (new, preparing, ready, out).
    pub(crate) fn counts(&self) -> [(OrderStatus, usize); 4] {
        [
            OrderStatus::New,
            OrderStatus::Preparing,
            OrderStatus::Ready,
            OrderStatus::OutForDelivery,
        ]
        .map(|s| (s, self.orders.iter().filter(|o| o.status == s).count()))
    }

    /// Does this screen show `o`? Open orders everywhere; on a station
    /// screen only those still in the kitchen with a line left for it.
    pub(crate) fn keeps(&self, o: &Order) -> bool {
        match self.settings.view.station() {
            None => o.status.is_open(),
            Some(st) => {
                matches!(o.status, OrderStatus::New | OrderStatus::Preparing)
                    && !station::pending(o, st).is_empty()
            }
        }
    }

    /// Put `o` on the board (or replace the one with its number), keeping the order.
    pub(crate) fn upsert(&mut self, o: Order) {
        match self.index_of(o.number) {
            Some(i) => self.orders[i] = o,
            None => self.orders.push(o),
        }
        self.sort();
    }

    /// Rush orders first, then oldest first, the number breaking ties, so the
    /// board never reshuffles except when someone marks a rush.
    pub(crate) fn sort(&mut self) {
        self.orders
            .sort_by_key(|o| (!o.rush, o.kitchen_since(), o.number));
    }

    /// Take order `number` off the board; keeps the selection on the same slot.
    pub(crate) fn remove(&mut self, number: OrderNumber) -> Option<Order> {
        let i = self.index_of(number)?;
        let o = self.orders.remove(i);
        self.ringing.remove(&number);
        if self.selected == Some(number) {
            let j = i.min(self.orders.len().saturating_sub(1));
            self.selected = self.orders.get(j).map(|o| o.number);
        }
        Some(o)
    }

    /// After any change of the orders or the size: a valid selection if there is
    /// anything to select, and the page that shows it.
    pub(crate) fn fix_selection(&mut self) {
        if self.selected_index().is_none() {
            let first_on_page = self.page_range().start;
            let j = first_on_page.min(self.orders.len().saturating_sub(1));
            self.selected = self.orders.get(j).map(|o| o.number);
        }
        match self.selected_index() {
            Some(i) => self.page = self.layout().page_of(i),
            None => self.page = 0,
        }
    }
}

/// A hash of what a ticket's body ([`ticket::body`]) is made of, so the kept layout
/// notices any change to a ticket's height without keeping a copy of the order.
/// A field the body starts to read must be added here (the test
/// `the_kept_layout_follows_every_field_a_ticket_shows` changes each one).
fn fingerprint(o: &Order) -> u64 {
    use std::hash::{Hash as _, Hasher as _};
    let mut h = Quick::default();
    o.number.hash(&mut h);
    std::mem::discriminant(&o.status).hash(&mut h);
    o.fulfilment.hash(&mut h);
    o.cancel_requested_at.is_some().hash(&mut h);
    o.customer_name.hash(&mut h);
    o.note.hash(&mut h);
    o.address.hash(&mut h);
    o.location.is_some().hash(&mut h);
    o.payment.hash(&mut h);
    o.delivery_fee.minor().hash(&mut h);
    o.items.len().hash(&mut h);
    for i in &o.items {
        i.quantity.hash(&mut h);
        i.name.hash(&mut h);
        i.options.hash(&mut h);
        i.note.hash(&mut h);
        i.station.hash(&mut h);
        i.station_done_at.is_some().hash(&mut h);
    }
    h.finish()
}

/// The fingerprint's hasher: every open order is hashed each time a frame asks for
/// the layout (several times a second with a thousand open), and the standard
/// SipHash, built to resist chosen inputs, was a third of an idle board's CPU. A
/// fingerprint only has to notice that an order changed, so a multiply-and-rotate
/// over eight bytes at a time (the one rustc uses for its own tables) does.
#[derive(Default)]
struct Quick(u64);

impl Quick {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl std::hash::Hasher for Quick {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().unwrap_or_default()));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(u64::try_from(n).unwrap_or(u64::MAX));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// How a status reads on the kitchen screen.
pub(crate) fn label(s: OrderStatus) -> &'static str {
    match s {
        OrderStatus::New => "new",
        OrderStatus::Preparing => "preparing",
        OrderStatus::Ready => "ready",
        OrderStatus::OutForDelivery => "out for delivery",
        OrderStatus::Delivered => "delivered",
        OrderStatus::Cancelled => "cancelled",
    }
}

#[cfg(test)]
mod tests {
    use crate::kds::testutil::{item, order, state};

    /// The layout is kept between frames: it must follow every change it depends on at
    /// once (a ticket growing, an order coming or going, the terminal resized), and a
    /// copy of the model must not carry another model's layout.
    #[test]
    fn the_kept_layout_follows_orders_and_size() {
        let mut s = state(80, 24);
        s.orders = (1..=6).map(|n| order(n, n * 1_000)).collect();
        let one_page = s.layout();
        assert_eq!(one_page.pages.len(), 1, "{one_page:?}");
        assert_eq!(s.layout(), one_page, "asked again: the same");
        // a ticket grows past the page: more than one page at once
        s.orders[0].items = (0..40)
            .map(|i| item(1, &format!("Ürün {i}"), &[]))
            .collect();
        let grown = s.layout();
        assert_ne!(grown, one_page);
        assert!(grown.pages.len() > 1, "{grown:?}");
        // back as it was: the layout is as it was
        s.orders[0].items = vec![item(1, "Tavuk Dürüm", &[])];
        assert_eq!(s.layout(), one_page);
        // an order gone
        s.orders.pop();
        assert_eq!(s.layout().pages[0].pieces.len(), 5);
        // a wider terminal: more columns
        let narrow = s.layout();
        s.size = (200, 24);
        assert!(s.layout().cols > narrow.cols);
        // a copy works out its own
        let mut copy = s.clone();
        copy.orders.clear();
        assert!(copy.layout().pages[0].pieces.is_empty());
        assert_eq!(s.layout().pages[0].pieces.len(), 5);
    }

    /// Every field a ticket shows changes the kept layout when it changes the
    /// ticket's height: the layout is keyed by a fingerprint of these fields, and a
    /// field left out of it would leave a stale layout on the screen.
    #[test]
    fn the_kept_layout_follows_every_field_a_ticket_shows() {
        use crate::domain::order::{Fulfilment, OrderStatus};
        let long = "Kapıda zil çalışmıyor, lütfen arayın, üçüncü kat, sağdaki daire";
        type Change = fn(&mut crate::domain::order::Order, &str);
        let changes: [(&str, Change); 9] = [
            ("name", |o, _| o.customer_name = None),
            ("note", |o, t| o.note = Some(t.into())),
            ("cancel", |o, _| {
                o.cancel_requested_at = Some(crate::domain::time::At::from_millis(1))
            }),
            ("item name", |o, t| o.items[0].name = t.into()),
            ("option", |o, t| o.items[0].options.push(t.into())),
            ("item note", |o, t| o.items[0].note = Some(t.into())),
            ("item", |o, _| o.items.push(o.items[0].clone())),
            ("delivery", |o, t| {
                o.fulfilment = Fulfilment::Delivery;
                o.address = Some(t.into());
            }),
            ("fee", |o, _| {
                o.delivery_fee = crate::domain::Money::from_minor(2500);
            }),
        ];
        for (what, change) in changes {
            let mut s = state(80, 24);
            s.orders = (1..=3).map(|n| order(n, n * 1_000)).collect();
            let before = s.layout();
            change(&mut s.orders[1], long);
            let fresh = crate::kds::layout::flow(&s.orders, 80, 24 - 3, |o, w| {
                crate::kds::view::ticket::body(
                    o,
                    w,
                    false,
                    s.settings.glyphs,
                    &s.settings.view,
                    None,
                )
                .len()
            });
            assert_ne!(fresh, *before, "{what}: the change must change the height");
            assert_eq!(*s.layout(), fresh, "{what}: the kept layout is stale");
        }
        // a status change is seen too (the status line stays one line: same layout)
        let mut s = state(80, 24);
        s.orders = vec![order(1, 1_000)];
        let _ = s.layout();
        s.orders[0].status = OrderStatus::Ready;
        assert_eq!(s.layout().pages[0].pieces.len(), 1);
    }
}
