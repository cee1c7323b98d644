//! What goes on paper: the kitchen ticket and the courier slip, laid out for an
//! 80 mm receipt printer (42 columns in the normal font). Pure: an order in,
//! ESC/POS bytes out.

use super::escpos::{Align, Doc};
use crate::domain::Money;
use crate::domain::order::{Fulfilment, Order};
use crate::domain::text::wrap_measured;
use crate::domain::time::At;

/// Columns of the normal font on an 80 mm roll, with a margin.
pub(crate) const WIDTH: usize = 42;

/// How amounts and times are written.
#[derive(Debug, Clone)]
pub struct Layout {
    pub shop_name: String,
    /// ISO code; TRY prints as "TL" (PC857 has no ₺).
    pub currency: String,
    pub tz: jiff::tz::TimeZone,
}

impl Layout {
    fn money(&self, m: Money) -> String {
        let unit = if self.currency == "TRY" {
            "TL"
        } else {
            self.currency.as_str()
        };
        format!("{} {unit}", m.to_plain())
    }

    fn time(&self, at: At) -> String {
        jiff::Timestamp::from_millisecond(at.as_millis())
            .map(|t| {
                t.to_zoned(self.tz.clone())
                    .strftime("%d.%m.%Y %H:%M")
                    .to_string()
            })
            .unwrap_or_default()
    }
}

/// An order placed ahead says, in bold, when the customer gets it.
fn ahead_line(d: &mut Doc, o: &Order, l: &Layout) {
    if let Some(at) = o.scheduled_for {
        d.bold(true)
            .line(&format!("ÖN SİPARİŞ: {}", l.time(at)))
            .bold(false);
    }
}

/// The kitchen ticket: number, fulfilment, items with options and notes, totals, address.
pub(crate) fn ticket(o: &Order, l: &Layout, reprint: bool) -> Vec<u8> {
    let mut d = Doc::new();
    d.align(Align::Center).line(&l.shop_name);
    if reprint {
        d.line("*** TEKRAR BASKI ***");
    }
    d.bold(true)
        .double(true)
        .line(&format!("SİPARİŞ #{}", o.number));
    d.double(false)
        .line(match o.fulfilment {
            Fulfilment::Delivery => "PAKET SERVİS",
            Fulfilment::Pickup => "GEL AL",
        })
        .bold(false)
        .line(&l.time(o.created_at));
    ahead_line(&mut d, o, l);
    d.align(Align::Left);
    items(&mut d, o, l);
    totals(&mut d, o, l);
    payment(&mut d, o);
    if let Some(name) = &o.customer_name {
        d.line(&format!("Müşteri: {name}"));
    }
    if let (Fulfilment::Delivery, Some(a)) = (o.fulfilment, &o.address) {
        wrapped(&mut d, &format!("Adres: {a}"));
    }
    d.cut()
}

/// The courier slip: who, where (with a QR code of the map link), what, how much.
pub(crate) fn slip(o: &Order, l: &Layout) -> Vec<u8> {
    let mut d = Doc::new();
    d.align(Align::Center).line(&l.shop_name).line("KURYE FİŞİ");
    d.bold(true).double(true).line(&format!("#{}", o.number));
    d.double(false).bold(false).line(&l.time(o.created_at));
    ahead_line(&mut d, o, l);
    d.align(Align::Left);
    d.bold(true)
        .line(o.customer_name.as_deref().unwrap_or("(isim yok)"))
        .bold(false)
        .line(&format!(
            "Tel: +{}",
            o.customer_phone.trim_start_matches('+')
        ));
    if let Some(a) = &o.address {
        wrapped(&mut d, &format!("Adres: {a}"));
    }
    // the QR opens the map at the pin the customer shared; without one, a
    // search for the address text
    match (o.location, &o.address) {
        (Some(pin), _) => {
            d.line(&format!("Konum: {pin}"));
            d.align(Align::Center)
                .qr(&pin.map_link())
                .align(Align::Left);
        }
        (None, Some(a)) => {
            d.align(Align::Center).qr(&map_link(a)).align(Align::Left);
        }
        (None, None) => {}
    }
    items(&mut d, o, l);
    totals(&mut d, o, l);
    payment(&mut d, o);
    d.cut()
}

/// A map search for the address text (an order without a pin).
pub(crate) fn map_link(address: &str) -> String {
    let mut q = String::new();
    for b in address.trim().bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                q.push(char::from(b));
            }
            b' ' => q.push('+'),
            _ => q.push_str(&format!("%{b:02X}")),
        }
    }
    format!("https://www.google.com/maps/search/?api=1&query={q}")
}

fn items(d: &mut Doc, o: &Order, l: &Layout) {
    d.line(&"-".repeat(WIDTH));
    for i in &o.items {
        d.bold(true);
        row(
            d,
            &format!("{}x {}", i.quantity, i.name),
            &l.money(i.line_total()),
        );
        d.bold(false);
        for opt in &i.options {
            wrapped(d, &format!("   + {opt}"));
        }
        if let Some(n) = &i.note {
            wrapped(d, &format!("   not: {n}"));
        }
    }
    if let Some(n) = &o.note {
        d.line(&"-".repeat(WIDTH));
        d.bold(true);
        wrapped(d, &format!("NOT: {n}"));
        d.bold(false);
    }
    d.line(&"-".repeat(WIDTH));
}

fn totals(d: &mut Doc, o: &Order, l: &Layout) {
    if o.discount != Money::ZERO || o.delivery_fee != Money::ZERO {
        row(d, "Ara toplam", &l.money(o.subtotal));
    }
    if o.discount != Money::ZERO {
        let coupon = o.coupon.as_deref().unwrap_or("");
        row(
            d,
            &format!("İndirim {coupon}"),
            &format!("-{}", l.money(o.discount)),
        );
    }
    if o.delivery_fee != Money::ZERO {
        row(d, "Teslimat ücreti", &l.money(o.delivery_fee));
    }
    d.bold(true);
    row(d, "TOPLAM", &l.money(o.total));
    d.bold(false);
}

/// How the customer pays, in bold: the courier must know to bring the card machine.
fn payment(d: &mut Doc, o: &Order) {
    if let Some(p) = o.payment {
        d.bold(true);
        wrapped(d, &format!("ÖDEME: {}", p.ticket_label()));
        d.bold(false);
    }
}

/// `left` and `right` on one line, `left` cut (on a character boundary) to fit.
fn row(d: &mut Doc, left: &str, right: &str) {
    let room = WIDTH.saturating_sub(right.chars().count() + 1);
    let left: String = left.chars().take(room).collect();
    let pad = WIDTH.saturating_sub(left.chars().count() + right.chars().count());
    d.line(&format!("{left}{}{right}", " ".repeat(pad.max(1))));
}

/// Text broken into lines of at most [`WIDTH`] characters (by `textwrap`, see
/// [`wrap_measured`]), at spaces where possible; leading spaces indent every
/// line. The printer prints every character in one column (one byte of its code
/// page), so words are measured in characters.
fn wrapped(d: &mut Doc, text: &str) {
    let body = text.trim_start_matches(' ');
    let indent = &text[..text.len() - body.len()];
    let room = WIDTH.saturating_sub(indent.len()).max(1);
    let words = body.split_whitespace().collect::<Vec<_>>().join(" ");
    for line in wrap_measured(&words, room, room, |w| w.chars().count()) {
        d.line(&format!("{indent}{line}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn delivery(location: Option<crate::domain::pin::Pin>) -> Order {
        use crate::domain::order::{OrderStatus, StatusTimes};
        Order {
            id: 1,
            number: 7.into(),
            status: OrderStatus::New,
            fulfilment: Fulfilment::Delivery,
            customer_phone: crate::domain::CustomerId::parse("905551112233").expect("a phone"),
            customer_name: Some("Ayşe".into()),
            address: Some("Kat 3 Daire 5, Ev".into()),
            note: None,
            items: vec![],
            subtotal: Money::from_minor(1000),
            discount: Money::ZERO,
            total: Money::from_minor(1000),
            coupon: None,
            created_at: At::from_millis(0),
            status_times: StatusTimes::default(),
            rush: false,
            location,
            delivery_fee: Money::ZERO,
            payment: None,
            cancel_requested_at: None,
            scheduled_for: None,
            board_at: None,
            promised_at: None,
        }
    }

    fn delivery_order() -> Order {
        use crate::domain::order::{OrderItem, OrderStatus, StatusTimes};
        use crate::domain::payment::Payment;
        Order {
            id: 1,
            number: crate::domain::OrderNumber::new(42),
            status: OrderStatus::New,
            fulfilment: Fulfilment::Delivery,
            customer_phone: crate::domain::CustomerId::parse("905551112233").expect("a phone"),
            customer_name: Some("Ayşe".into()),
            address: Some("Caferağa Mah. Moda Cad. No 5".into()),
            note: None,
            items: vec![OrderItem {
                product_id: Some(1),
                name: "Adana".into(),
                quantity: 1,
                unit_price: Money::from_minor(15_000),
                options: vec![],
                note: None,
                station: None,
                station_done_at: None,
            }],
            subtotal: Money::from_minor(15_000),
            discount: Money::ZERO,
            total: Money::from_minor(17_500),
            coupon: None,
            created_at: At::from_millis(0),
            status_times: StatusTimes::default(),
            rush: false,
            location: None,
            delivery_fee: Money::from_minor(2_500),
            payment: Some(Payment::Card),
            cancel_requested_at: None,
            scheduled_for: None,
            board_at: None,
            promised_at: None,
        }
    }

    fn has(bytes: &[u8], needle: &str) -> bool {
        bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
    }

    fn layout() -> Layout {
        Layout {
            shop_name: "Maydanoz".into(),
            currency: "TRY".into(),
            tz: jiff::tz::TimeZone::UTC,
        }
    }

    #[test]
    fn the_slip_qr_is_the_pin_when_there_is_one() {
        let l = layout();
        let pin = crate::domain::pin::Pin::from_degrees(40.98765, 29.02468).expect("pin");
        let with = slip(&delivery(Some(pin)), &l);
        assert!(has(&with, "https://maps.google.com/?q=40.98765,29.02468"));
        assert!(!has(&with, "maps/search"));
        let without = slip(&delivery(None), &l);
        assert!(has(
            &without,
            "maps/search/?api=1&query=Kat+3+Daire+5%2C+Ev"
        ));
        assert!(!has(&without, "maps.google.com/?q="));
    }

    #[test]
    fn fee_and_payment_are_on_the_ticket_and_the_slip() {
        let l = layout();
        let o = delivery_order();
        for doc in [ticket(&o, &l, false), slip(&o, &l)] {
            assert!(has(&doc, "Teslimat "), "fee line");
            assert!(has(&doc, "25.00 TL"), "fee amount");
            assert!(
                has(&doc, "150.00 TL") && has(&doc, "175.00 TL"),
                "subtotal, total"
            );
            assert!(has(&doc, "POS g"), "card at the door: bring the machine");
        }
        let mut pickup = delivery_order();
        pickup.fulfilment = Fulfilment::Pickup;
        pickup.delivery_fee = Money::ZERO;
        pickup.payment = None;
        pickup.total = pickup.subtotal;
        let doc = ticket(&pickup, &l, false);
        assert!(!has(&doc, "Teslimat ") && !has(&doc, "Ara toplam"));
    }

    #[test]
    fn map_link_encodes_turkish_address_text() {
        assert_eq!(
            map_link("Caferağa Mh. No:5"),
            "https://www.google.com/maps/search/?api=1&query=Cafera%C4%9Fa+Mh.+No%3A5"
        );
    }
}
