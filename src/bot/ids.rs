//! Button and list-row ids: every action a tap can mean, written into the id we
//! send and parsed back from whatever id arrives (forged or days old).
//!
//! Ids are short ASCII (`prod:12`, `q:12:3`), far below WhatsApp's 200-character
//! limit. Anything that does not parse exactly is `None`, never a guess.

use crate::domain::OrderNumber;

use crate::domain::Lang;
use crate::domain::order::Fulfilment;
use crate::domain::payment::Payment;

/// What a tapped button or list row asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Home,
    Help,
    Lang(Lang),
    Categories {
        page: usize,
    },
    Category {
        id: i64,
        page: usize,
    },
    Product {
        id: i64,
    },
    /// A product row that already names its one required choice ("Tavuk Dürüm · Acısız").
    Variant {
        pid: i64,
        oid: i64,
    },
    /// A candidate for an ambiguous word, with the quantity that was asked.
    Pick {
        pid: i64,
        qty: u32,
    },
    /// "Extra / one more" for cart line `idx` (which must still be `pid`).
    More {
        idx: usize,
        pid: i64,
    },
    /// Put option `oid` on one unit of line `idx` (split off when it holds several).
    Extra {
        idx: usize,
        pid: i64,
        oid: i64,
    },
    /// One more of line `idx`, with option `oid` added (0: the same).
    OneMore {
        idx: usize,
        pid: i64,
        oid: i64,
    },
    /// Summary: ask for a coupon code.
    CouponAsk,
    /// Summary: ask for a note for the kitchen.
    NoteAsk,
    /// Back to the summary (from the coupon or note question, or the cart edit).
    Summary,
    /// Summary: offer the coupon and note questions.
    CouponNote,
    Option {
        pid: i64,
        gid: i64,
        oid: i64,
    },
    OptionsPage {
        pid: i64,
        gid: i64,
        page: usize,
    },
    OptionsDone {
        pid: i64,
        gid: i64,
    },
    Qty {
        pid: i64,
        n: u32,
    },
    QtyOther {
        pid: i64,
    },
    Cart,
    CartEdit {
        page: usize,
    },
    Line {
        idx: usize,
        pid: i64,
    },
    LineQtyAsk {
        idx: usize,
        pid: i64,
    },
    LineQty {
        idx: usize,
        pid: i64,
        n: u32,
    },
    LineQtyOther {
        idx: usize,
        pid: i64,
    },
    LineRemove {
        idx: usize,
        pid: i64,
    },
    Clear,
    Checkout,
    CouponSkip,
    Fulfil(Fulfilment),
    Address {
        idx: usize,
    },
    NoteSkip,
    /// No building / door to add after a pin.
    DoorSkip,
    /// "Adres doğru": the typed address is right, no pin (the pin question).
    AddressRight,
    Confirm {
        nonce: u32,
    },
    Abort {
        nonce: u32,
    },
    Orders,
    CancelOrderAsk {
        number: OrderNumber,
    },
    CancelOrderYes {
        number: OrderNumber,
    },
    /// Checkout: pay this way.
    Pay(Payment),
    /// "Ask to cancel" an order the kitchen already started: asks first.
    CancelRequestAsk {
        number: OrderNumber,
    },
    /// "Yes, ask the shop": the request goes to the board.
    CancelRequestYes {
        number: OrderNumber,
    },
    /// Order ahead for this time (unix minutes), offered while closed.
    Slot {
        at_min: i64,
    },
    /// "Talk to a person", offered after two messages in a row were not understood.
    Person,
}

impl Action {
    /// Is this tap tied to the question currently asked? (Others work from any message.)
    pub fn is_step_bound(self) -> bool {
        use Action::*;
        matches!(
            self,
            Option { .. }
                | OptionsPage { .. }
                | OptionsDone { .. }
                | Qty { .. }
                | QtyOther { .. }
                | LineQty { .. }
                | LineQtyOther { .. }
                | CouponSkip
                | Fulfil(_)
                | Address { .. }
                | NoteSkip
                | DoorSkip
                | AddressRight
                | Confirm { .. }
                | Abort { .. }
                | Pay(_)
        )
    }

    /// The id to send.
    pub fn id(self) -> String {
        use Action::*;
        match self {
            Home => "home".into(),
            Help => "help".into(),
            Lang(l) => format!("lang:{}", l.as_str()),
            Categories { page } => format!("cats:{page}"),
            Category { id, page } => format!("cat:{id}:{page}"),
            Product { id } => format!("prod:{id}"),
            Variant { pid, oid } => format!("pv:{pid}:{oid}"),
            Pick { pid, qty } => format!("pk:{pid}:{qty}"),
            More { idx, pid } => format!("mo:{idx}:{pid}"),
            Extra { idx, pid, oid } => format!("ex:{idx}:{pid}:{oid}"),
            OneMore { idx, pid, oid } => format!("om:{idx}:{pid}:{oid}"),
            CouponAsk => "cpask".into(),
            NoteAsk => "noteask".into(),
            Summary => "sum".into(),
            CouponNote => "cpnote".into(),
            Option { pid, gid, oid } => format!("opt:{pid}:{gid}:{oid}"),
            OptionsPage { pid, gid, page } => format!("optp:{pid}:{gid}:{page}"),
            OptionsDone { pid, gid } => format!("optok:{pid}:{gid}"),
            Qty { pid, n } => format!("q:{pid}:{n}"),
            QtyOther { pid } => format!("qo:{pid}"),
            Cart => "cart".into(),
            CartEdit { page } => format!("cedit:{page}"),
            Line { idx, pid } => format!("line:{idx}:{pid}"),
            LineQtyAsk { idx, pid } => format!("lqa:{idx}:{pid}"),
            LineQty { idx, pid, n } => format!("lq:{idx}:{pid}:{n}"),
            LineQtyOther { idx, pid } => format!("lqo:{idx}:{pid}"),
            LineRemove { idx, pid } => format!("lrm:{idx}:{pid}"),
            Clear => "clear".into(),
            Checkout => "checkout".into(),
            CouponSkip => "cpskip".into(),
            Fulfil(f) => format!("ful:{}", f.as_str()),
            Pay(p) => format!("pay:{}", p.as_str()),
            Address { idx } => format!("addr:{idx}"),
            NoteSkip => "noteskip".into(),
            DoorSkip => "doorskip".into(),
            AddressRight => "addrok".into(),
            Confirm { nonce } => format!("confirm:{nonce}"),
            Abort { nonce } => format!("abort:{nonce}"),
            Orders => "orders".into(),
            CancelOrderAsk { number } => format!("ocx:{number}"),
            CancelOrderYes { number } => format!("ocxy:{number}"),
            CancelRequestAsk { number } => format!("ocr:{number}"),
            CancelRequestYes { number } => format!("ocry:{number}"),
            Slot { at_min } => format!("slot:{at_min}"),
            Person => "person".into(),
        }
    }

    /// Parse an id that came back; `None` for anything we would not have sent.
    pub fn parse(id: &str) -> Option<Action> {
        let parts: Vec<&str> = id.split(':').collect();
        let n = |i: usize| parts.get(i).and_then(|p| num::<i64>(p));
        let u = |i: usize| parts.get(i).and_then(|p| num::<usize>(p));
        let q = |i: usize| parts.get(i).and_then(|p| num::<u32>(p));
        use Action::*;
        let a = match (parts[0], parts.len()) {
            ("home", 1) => Home,
            ("help", 1) => Help,
            ("lang", 2) => Lang(crate::domain::Lang::parse(parts[1])?),
            ("cats", 2) => Categories { page: u(1)? },
            ("cat", 3) => Category {
                id: n(1)?,
                page: u(2)?,
            },
            ("prod", 2) => Product { id: n(1)? },
            ("pv", 3) => Variant {
                pid: n(1)?,
                oid: n(2)?,
            },
            ("pk", 3) => Pick {
                pid: n(1)?,
                qty: q(2)?,
            },
            ("mo", 3) => More {
                idx: u(1)?,
                pid: n(2)?,
            },
            ("ex", 4) => Extra {
                idx: u(1)?,
                pid: n(2)?,
                oid: n(3)?,
            },
            ("om", 4) => OneMore {
                idx: u(1)?,
                pid: n(2)?,
                oid: n(3)?,
            },
            ("cpask", 1) => CouponAsk,
            ("noteask", 1) => NoteAsk,
            ("sum", 1) => Summary,
            ("cpnote", 1) => CouponNote,
            ("opt", 4) => Option {
                pid: n(1)?,
                gid: n(2)?,
                oid: n(3)?,
            },
            ("optp", 4) => OptionsPage {
                pid: n(1)?,
                gid: n(2)?,
                page: u(3)?,
            },
            ("optok", 3) => OptionsDone {
                pid: n(1)?,
                gid: n(2)?,
            },
            ("q", 3) => Qty {
                pid: n(1)?,
                n: q(2)?,
            },
            ("qo", 2) => QtyOther { pid: n(1)? },
            ("cart", 1) => Cart,
            ("cedit", 2) => CartEdit { page: u(1)? },
            ("line", 3) => Line {
                idx: u(1)?,
                pid: n(2)?,
            },
            ("lqa", 3) => LineQtyAsk {
                idx: u(1)?,
                pid: n(2)?,
            },
            ("lq", 4) => LineQty {
                idx: u(1)?,
                pid: n(2)?,
                n: q(3)?,
            },
            ("lqo", 3) => LineQtyOther {
                idx: u(1)?,
                pid: n(2)?,
            },
            ("lrm", 3) => LineRemove {
                idx: u(1)?,
                pid: n(2)?,
            },
            ("clear", 1) => Clear,
            ("checkout", 1) => Checkout,
            ("cpskip", 1) => CouponSkip,
            ("ful", 2) => Fulfil(Fulfilment::parse(parts[1])?),
            ("pay", 2) => Pay(Payment::parse(parts[1])?),
            ("addr", 2) => Address { idx: u(1)? },
            ("noteskip", 1) => NoteSkip,
            ("doorskip", 1) => DoorSkip,
            ("addrok", 1) => AddressRight,
            ("confirm", 2) => Confirm { nonce: q(1)? },
            ("abort", 2) => Abort { nonce: q(1)? },
            ("orders", 1) => Orders,
            ("ocx", 2) => CancelOrderAsk {
                number: n(1)?.into(),
            },
            ("ocxy", 2) => CancelOrderYes {
                number: n(1)?.into(),
            },
            ("ocr", 2) => CancelRequestAsk {
                number: n(1)?.into(),
            },
            ("ocry", 2) => CancelRequestYes {
                number: n(1)?.into(),
            },
            ("slot", 2) => Slot { at_min: n(1)? },
            ("person", 1) => Person,
            _ => return None,
        };
        Some(a)
    }
}

/// Digits only (no sign, no spaces, no `+`), so one action has exactly one id.
fn num<T: std::str::FromStr>(s: &str) -> Option<T> {
    if s.is_empty() || s.len() > 19 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}
