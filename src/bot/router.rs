//! [`handle`]: one input in, the new session, replies and effect out.
//!
//! Order of decisions: reactions are ignored; effect results go to their step;
//! otherwise an idle cart expires and the message is read: typed text by
//! [`super::typed`], taps here. Taps are parsed into [`Action`]s; a step-bound tap
//! that does not match the current question is an earlier message and is
//! answered as such.

use crate::copy;

use super::api::{Ctx, Handoff, Input, Outcome};
use super::ids::Action;
use super::session::{Session, Step};
use super::steps::{
    self, Turn, added, ahead, browse, cart, catalog, checkout, courier, options, orders, person,
    quantity, reading, summary,
};
use super::typed::{self, Command};

/// Handle one input for one customer. Pure: same session, input and context give
/// the same outcome.
pub fn handle(session: Session, input: Input, ctx: &Ctx) -> Outcome {
    if matches!(input, Input::Reaction) {
        return Outcome {
            session,
            replies: Vec::new(),
            effect: None,
            handoff: None,
        };
    }
    let first_contact = session.updated_at == 0;
    let mut turn = Turn::new(session, ctx);
    for n in std::mem::take(&mut turn.session.notes) {
        turn.out.note(n);
    }
    match input {
        Input::CouponFound {
            code,
            coupon,
            customer_uses,
        } => checkout::coupon_found(&mut turn, &code, coupon, customer_uses),
        Input::OrderPlaced { number, total } => summary::placed(&mut turn, number, total),
        Input::OrderRejected(e) => summary::rejected(&mut turn, e),
        Input::OrderCancelled { number } => orders::cancelled(&mut turn, number),
        Input::LastOrder(items) => orders::repeat(&mut turn, items),
        Input::CancelRefused { number, status } => orders::refused(&mut turn, number, status),
        Input::KitchenPace(recent) => super::steps::status::show(&mut turn, &recent),
        Input::CancelRequested { number, already } => {
            super::steps::cancel_request::requested(&mut turn, number, already)
        }
        other => {
            turn.expire_if_idle();
            message(&mut turn, other, first_contact);
            super::shop::after_message(&mut turn);
        }
    }
    if turn.out.is_empty() && turn.out.effect.is_none() {
        steps::prompt(&mut turn);
    }
    turn.session.updated_at = ctx.now.as_millis();
    if turn.out.effect.is_some() {
        // No replies until the driver reports the effect's result.
        turn.session.notes = turn.out.take_notes();
        return Outcome {
            session: turn.session,
            replies: Vec::new(),
            effect: turn.out.effect,
            handoff: turn.handoff,
        };
    }
    let lang = turn.lang();
    let handoff = turn.handoff;
    let (replies, effect) = turn.out.finish(lang);
    super::picks::remember(&mut turn.session, &replies);
    Outcome {
        session: turn.session,
        replies,
        effect,
        handoff,
    }
}

/// A message from the customer (not an effect result).
fn message(turn: &mut Turn, input: Input, first_contact: bool) {
    let lang = turn.lang();
    if !matches!(input, Input::Text(_)) {
        // only typed text counts towards "not understood twice in a row"
        turn.session.misses = 0;
    }
    match input {
        Input::Welcome => browse::home(turn, true),
        Input::Text(s) => typed::text(turn, &s, first_contact),
        Input::Button { id, .. } | Input::ListRow { id, .. } => tap(turn, &id),
        Input::Location {
            latitude,
            longitude,
            name,
            address,
        } => {
            if courier::pin_welcome(turn) {
                courier::location(
                    turn,
                    latitude,
                    longitude,
                    name.as_deref(),
                    address.as_deref(),
                );
            } else if courier::pin_early(turn, latitude, longitude) {
                steps::prompt(turn);
            } else {
                turn.out.note(copy::location_not_needed(lang));
                steps::prompt(turn);
            }
        }
        Input::Edit => {
            turn.out.note(copy::edit_not_seen(lang));
            steps::prompt(turn);
        }
        Input::CatalogOrder { items, text } => catalog::order(turn, items, text.as_deref()),
        Input::Media { kind } if person::is_complaint_media(&kind) => {
            person::hand_over(turn, Handoff::Media);
        }
        Input::Media { .. } | Input::Unsupported { .. } => {
            turn.out.note(copy::media_not_read(lang));
            steps::prompt(turn);
        }
        _ => steps::prompt(turn),
    }
}

/// A button or list row.
pub(super) fn tap(turn: &mut Turn, id: &str) {
    let Some(a) = Action::parse(id) else {
        turn.out.note(copy::stale_button(turn.lang()));
        return steps::prompt(turn);
    };
    if a.is_step_bound() && !step_accepts(turn, a) {
        turn.out.note(copy::stale_button(turn.lang()));
        return steps::prompt(turn);
    }
    run_action(turn, a);
}

/// Does the current question accept this step-bound tap?
fn step_accepts(turn: &Turn, a: Action) -> bool {
    use Action as A;
    match (a, &turn.session.step) {
        (
            A::Option { pid, gid, .. }
            | A::OptionsPage { pid, gid, .. }
            | A::OptionsDone { pid, gid },
            _,
        ) => options::current(turn) == Some((pid, gid)),
        (A::Qty { pid, .. } | A::QtyOther { pid }, Step::Quantity { pid: p, .. }) => pid == *p,
        (
            A::LineQty { idx, pid, .. } | A::LineQtyOther { idx, pid },
            Step::LineQty { line, pid: p },
        ) => idx == *line && pid == *p,
        (A::CouponSkip, Step::Coupon | Step::CouponCheck { .. }) => true,
        (A::Fulfil(_), Step::Fulfilment) => true,
        (A::Address { .. }, Step::Address) => true,
        (A::NoteSkip, Step::Note) => true,
        (A::DoorSkip, Step::Door) => true,
        (A::AddressRight, Step::Address) => turn.session.checkout.pin_asked,
        (A::Confirm { nonce } | A::Abort { nonce }, Step::Summary { nonce: n, .. }) => nonce == *n,
        // pay at the payment question; pickup offered while a pin is asked
        (A::Pay(_), Step::Payment) | (A::Fulfil(_), Step::Address) => true,
        _ => false,
    }
}

fn run_action(turn: &mut Turn, a: Action) {
    use Action as A;
    match a {
        A::Home if !turn.session.step.is_idle() => checkout::abandon(turn),
        A::Home => browse::home(turn, false),
        A::Help => typed::run_command(turn, Command::Help),
        A::Lang(l) => typed::run_command(turn, Command::Lang(l)),
        A::Categories { page } => browse::categories(turn, page),
        A::Category { id, page } => browse::category(turn, id, page),
        A::Product { id } => browse::product(turn, id),
        A::Variant { pid, oid } => browse::variant(turn, pid, oid),
        A::Pick { pid, qty } => reading::pick(turn, pid, qty),
        A::More { idx, pid } => added::more(turn, idx, pid),
        A::Extra { idx, pid, oid } => added::extra(turn, idx, pid, oid),
        A::OneMore { idx, pid, oid } => added::one_more(turn, idx, pid, oid),
        A::CouponAsk => checkout::coupon_prompt(turn),
        A::NoteAsk => checkout::note_prompt(turn),
        A::CouponNote => checkout::coupon_or_note(turn),
        A::Summary => {
            turn.session.step = super::session::Step::Idle;
            summary::show(turn, false)
        }
        A::Option { oid, .. } => options::pick(turn, oid),
        A::OptionsPage { page, .. } => options::show_page(turn, page),
        A::OptionsDone { .. } => options::done(turn),
        A::Qty { n, .. } => quantity::add(turn, n),
        A::QtyOther { .. } | A::LineQtyOther { .. } => {
            turn.out
                .push(crate::domain::reply::Reply::text(copy::quantity_type(
                    turn.lang(),
                )))
        }
        A::Cart => cart::view(turn),
        A::CartEdit { page } => {
            // "Düzenle" on the summary: the change leads back to the summary
            if matches!(turn.session.step, Step::Summary { .. }) {
                turn.session.resume = true;
            }
            cart::edit(turn, page)
        }
        A::Line { idx, pid } => cart::line(turn, idx, pid),
        A::LineQtyAsk { idx, pid } => cart::line_qty_ask(turn, idx, pid),
        A::LineQty { n, .. } => cart::set_line_qty(turn, n),
        A::LineRemove { idx, pid } => cart::remove(turn, idx, pid),
        A::Clear => cart::clear(turn),
        A::Checkout => checkout::start(turn),
        A::CouponSkip => checkout::fulfilment_prompt(turn),
        A::Fulfil(f) => checkout::fulfil(turn, f),
        A::Address { idx } => checkout::address_saved(turn, idx),
        A::NoteSkip => checkout::note(turn, None),
        A::DoorSkip => courier::door(turn, None),
        A::AddressRight => steps::fees::address_right(turn),
        A::Confirm { .. } => summary::confirm(turn),
        A::Abort { .. } => checkout::abandon(turn),
        A::Orders => orders::view(turn),
        A::CancelOrderAsk { number } => orders::ask(turn, number),
        A::CancelOrderYes { number } => orders::cancel(turn, number),
        A::Pay(p) => steps::fees::pay(turn, p),
        A::CancelRequestAsk { number } => super::steps::cancel_request::ask(turn, number),
        A::CancelRequestYes { number } => super::steps::cancel_request::send(turn, number),
        A::Slot { at_min } => ahead::pick(turn, at_min),
        A::Person => person::hand_over(turn, Handoff::Asked),
    }
}
