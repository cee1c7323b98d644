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
    let mut t = Turn::new(session, ctx);
    for n in std::mem::take(&mut t.session.notes) {
        t.out.note(n);
    }
    match input {
        Input::CouponFound {
            code,
            coupon,
            customer_uses,
        } => checkout::coupon_found(&mut t, &code, coupon, customer_uses),
        Input::OrderPlaced { number, total } => summary::placed(&mut t, number, total),
        Input::OrderRejected(e) => summary::rejected(&mut t, e),
        Input::OrderCancelled { number } => orders::cancelled(&mut t, number),
        Input::LastOrder(items) => orders::repeat(&mut t, items),
        Input::CancelRefused { number, status } => orders::refused(&mut t, number, status),
        Input::KitchenPace(recent) => super::steps::status::show(&mut t, &recent),
        Input::CancelRequested { number, already } => {
            super::steps::cancel_request::requested(&mut t, number, already)
        }
        other => {
            t.expire_if_idle();
            message(&mut t, other, first_contact);
            super::shop::after_message(&mut t);
        }
    }
    if t.out.is_empty() && t.out.effect.is_none() {
        steps::prompt(&mut t);
    }
    t.session.updated_at = ctx.now.as_millis();
    if t.out.effect.is_some() {
        // No replies until the driver reports the effect's result.
        t.session.notes = t.out.take_notes();
        return Outcome {
            session: t.session,
            replies: Vec::new(),
            effect: t.out.effect,
            handoff: t.handoff,
        };
    }
    let lang = t.lang();
    let handoff = t.handoff;
    let (replies, effect) = t.out.finish(lang);
    super::picks::remember(&mut t.session, &replies);
    Outcome {
        session: t.session,
        replies,
        effect,
        handoff,
    }
}

/// A message from the customer (not an effect result).
fn message(t: &mut Turn, input: Input, first_contact: bool) {
    let lang = t.lang();
    if !matches!(input, Input::Text(_)) {
        // only typed text counts towards "not understood twice in a row"
        t.session.misses = 0;
    }
    match input {
        Input::Welcome => browse::home(t, true),
        Input::Text(s) => typed::text(t, &s, first_contact),
        Input::Button { id, .. } | Input::ListRow { id, .. } => tap(t, &id),
        Input::Location {
            latitude,
            longitude,
            name,
            address,
        } => {
            if courier::pin_welcome(t) {
                courier::location(t, latitude, longitude, name.as_deref(), address.as_deref());
            } else if courier::pin_early(t, latitude, longitude) {
                steps::prompt(t);
            } else {
                t.out.note(copy::location_not_needed(lang));
                steps::prompt(t);
            }
        }
        Input::Edit => {
            t.out.note(copy::edit_not_seen(lang));
            steps::prompt(t);
        }
        Input::CatalogOrder { items, text } => catalog::order(t, items, text.as_deref()),
        Input::Media { kind } if person::is_complaint_media(&kind) => {
            person::hand_over(t, Handoff::Media);
        }
        Input::Media { .. } | Input::Unsupported { .. } => {
            t.out.note(copy::media_not_read(lang));
            steps::prompt(t);
        }
        _ => steps::prompt(t),
    }
}

/// A button or list row.
pub(super) fn tap(t: &mut Turn, id: &str) {
    let Some(a) = Action::parse(id) else {
        t.out.note(copy::stale_button(t.lang()));
        return steps::prompt(t);
    };
    if a.is_step_bound() && !step_accepts(t, a) {
        t.out.note(copy::stale_button(t.lang()));
        return steps::prompt(t);
    }
    run_action(t, a);
}

/// Does the current question accept this step-bound tap?
fn step_accepts(t: &Turn, a: Action) -> bool {
    use Action as A;
    match (a, &t.session.step) {
        (
            A::Option { pid, gid, .. }
            | A::OptionsPage { pid, gid, .. }
            | A::OptionsDone { pid, gid },
            _,
        ) => options::current(t) == Some((pid, gid)),
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
        (A::AddressRight, Step::Address) => t.session.checkout.pin_asked,
        (A::Confirm { nonce } | A::Abort { nonce }, Step::Summary { nonce: n, .. }) => nonce == *n,
        // pay at the payment question; pickup offered while a pin is asked
        (A::Pay(_), Step::Payment) | (A::Fulfil(_), Step::Address) => true,
        _ => false,
    }
}

fn run_action(t: &mut Turn, a: Action) {
    use Action as A;
    match a {
        A::Home if !t.session.step.is_idle() => checkout::abandon(t),
        A::Home => browse::home(t, false),
        A::Help => typed::run_command(t, Command::Help),
        A::Lang(l) => typed::run_command(t, Command::Lang(l)),
        A::Categories { page } => browse::categories(t, page),
        A::Category { id, page } => browse::category(t, id, page),
        A::Product { id } => browse::product(t, id),
        A::Variant { pid, oid } => browse::variant(t, pid, oid),
        A::Pick { pid, qty } => reading::pick(t, pid, qty),
        A::More { idx, pid } => added::more(t, idx, pid),
        A::Extra { idx, pid, oid } => added::extra(t, idx, pid, oid),
        A::OneMore { idx, pid, oid } => added::one_more(t, idx, pid, oid),
        A::CouponAsk => checkout::coupon_prompt(t),
        A::NoteAsk => checkout::note_prompt(t),
        A::CouponNote => checkout::coupon_or_note(t),
        A::Summary => {
            t.session.step = super::session::Step::Idle;
            summary::show(t, false)
        }
        A::Option { oid, .. } => options::pick(t, oid),
        A::OptionsPage { page, .. } => options::show_page(t, page),
        A::OptionsDone { .. } => options::done(t),
        A::Qty { n, .. } => quantity::add(t, n),
        A::QtyOther { .. } | A::LineQtyOther { .. } => {
            t.out
                .push(crate::domain::reply::Reply::text(copy::quantity_type(
                    t.lang(),
                )))
        }
        A::Cart => cart::view(t),
        A::CartEdit { page } => {
            // "Düzenle" on the summary: the change leads back to the summary
            if matches!(t.session.step, Step::Summary { .. }) {
                t.session.resume = true;
            }
            cart::edit(t, page)
        }
        A::Line { idx, pid } => cart::line(t, idx, pid),
        A::LineQtyAsk { idx, pid } => cart::line_qty_ask(t, idx, pid),
        A::LineQty { n, .. } => cart::set_line_qty(t, n),
        A::LineRemove { idx, pid } => cart::remove(t, idx, pid),
        A::Clear => cart::clear(t),
        A::Checkout => checkout::start(t),
        A::CouponSkip => checkout::fulfilment_prompt(t),
        A::Fulfil(f) => checkout::fulfil(t, f),
        A::Address { idx } => checkout::address_saved(t, idx),
        A::NoteSkip => checkout::note(t, None),
        A::DoorSkip => courier::door(t, None),
        A::AddressRight => steps::fees::address_right(t),
        A::Confirm { .. } => summary::confirm(t),
        A::Abort { .. } => checkout::abandon(t),
        A::Orders => orders::view(t),
        A::CancelOrderAsk { number } => orders::ask(t, number),
        A::CancelOrderYes { number } => orders::cancel(t, number),
        A::Pay(p) => steps::fees::pay(t, p),
        A::CancelRequestAsk { number } => super::steps::cancel_request::ask(t, number),
        A::CancelRequestYes { number } => super::steps::cancel_request::send(t, number),
        A::Slot { at_min } => ahead::pick(t, at_min),
        A::Person => person::hand_over(t, Handoff::Asked),
    }
}
