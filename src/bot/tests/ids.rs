//! Button and list-row ids round-trip, and junk ids are refused ([`crate::bot::ids`]).

use crate::bot::ids::*;
use crate::domain::order::Fulfilment;
use crate::domain::payment::Payment;

#[test]
fn every_action_round_trips() {
    use Action::*;
    let all = [
        Home,
        Help,
        Lang(crate::domain::Lang::En),
        Categories { page: 2 },
        Category { id: 3, page: 1 },
        Product { id: i64::MAX },
        Variant { pid: 1, oid: 11 },
        Pick { pid: 1, qty: 2 },
        More { idx: 0, pid: 1 },
        Extra {
            idx: 1,
            pid: 1,
            oid: 21,
        },
        OneMore {
            idx: 1,
            pid: 1,
            oid: 0,
        },
        CouponAsk,
        NoteAsk,
        Summary,
        Option {
            pid: 1,
            gid: 2,
            oid: 3,
        },
        OptionsPage {
            pid: 1,
            gid: 2,
            page: 1,
        },
        OptionsDone { pid: 1, gid: 2 },
        Qty { pid: 1, n: 50 },
        QtyOther { pid: 1 },
        Cart,
        CartEdit { page: 0 },
        Line { idx: 0, pid: 9 },
        LineQtyAsk { idx: 1, pid: 9 },
        LineQty {
            idx: 1,
            pid: 9,
            n: 4,
        },
        LineQtyOther { idx: 1, pid: 9 },
        LineRemove { idx: 1, pid: 9 },
        Clear,
        Checkout,
        CouponSkip,
        Fulfil(Fulfilment::Delivery),
        Address { idx: 1 },
        NoteSkip,
        DoorSkip,
        AddressRight,
        Confirm { nonce: u32::MAX },
        Abort { nonce: 3 },
        Orders,
        CancelOrderAsk {
            number: crate::domain::OrderNumber::new(12),
        },
        CancelOrderYes {
            number: crate::domain::OrderNumber::new(12),
        },
        Pay(Payment::Card),
        Pay(Payment::Online),
        CancelRequestAsk {
            number: crate::domain::OrderNumber::new(12),
        },
        CancelRequestYes {
            number: crate::domain::OrderNumber::new(12),
        },
        Slot { at_min: 29_672_040 },
        Person,
    ];
    for a in all {
        let id = a.id();
        assert!(id.len() <= 200, "{id}");
        assert_eq!(Action::parse(&id), Some(a), "{id}");
    }
}

#[test]
fn junk_ids_are_refused() {
    for id in [
        "",
        ":",
        "prod",
        "prod:",
        "prod:-1",
        "prod:+1",
        "prod: 1",
        "prod:1:2",
        "q:1:99999999999",
        "lang:de",
        "ful:drone",
        "pay:bitcoin",
        "pay:",
        "PROD:1",
        "confirm:x",
        "cat:1",
        "home:1",
        "prod:99999999999999999999",
    ] {
        assert_eq!(Action::parse(id), None, "{id:?}");
    }
}
