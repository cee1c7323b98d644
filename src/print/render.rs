//! What goes on paper: the kitchen ticket and the courier slip, laid out for an
//! 80 mm receipt printer (42 columns in the normal font). Pure: an order in,
//! ESC/POS bytes out.

use super::escpos::{Align, Doc};
use crate::domain::Money;
use crate::domain::order::{Fulfilment, Order};

/// Columns of the normal font on an 80 mm roll, with a margin.
pub const WIDTH: usize = 42;

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

    fn time(&self, ms: i64) -> String {
        jiff::Timestamp::from_millisecond(ms)
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
pub fn ticket(o: &Order, l: &Layout, reprint: bool) -> Vec<u8> {
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
    if let Some(name) = &o.customer_name {
        d.line(&format!("Müşteri: {name}"));
    }
    if let (Fulfilment::Delivery, Some(a)) = (o.fulfilment, &o.address) {
        wrapped(&mut d, &format!("Adres: {a}"));
    }
    d.cut()
}

/// The courier slip: who, where (with a QR code of the map link), what, how much.
pub fn slip(o: &Order, l: &Layout) -> Vec<u8> {
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
        d.align(Align::Center).qr(&map_link(a)).align(Align::Left);
    }
    items(&mut d, o, l);
    totals(&mut d, o, l);
    // TODO(issue 13, items 1 and 4): print the payment method and mark the pin
    // (a QR of the coordinates) once orders carry them; until then the QR is a
    // search for the address text.
    d.cut()
}

/// A map search for the address text (orders do not carry coordinates yet).
pub fn map_link(address: &str) -> String {
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
    if o.discount != Money::ZERO {
        row(d, "Ara toplam", &l.money(o.subtotal));
        let coupon = o.coupon.as_deref().unwrap_or("");
        row(
            d,
            &format!("İndirim {coupon}"),
            &format!("-{}", l.money(o.discount)),
        );
    }
    d.bold(true);
    row(d, "TOPLAM", &l.money(o.total));
    d.bold(false);
}

/// `left` and `right` on one line, `left` cut (on a character boundary) to fit.
fn row(d: &mut Doc, left: &str, right: &str) {
    let room = WIDTH.saturating_sub(right.chars().count() + 1);
    let left: String = left.chars().take(room).collect();
    let pad = WIDTH.saturating_sub(left.chars().count() + right.chars().count());
    d.line(&format!("{left}{}{right}", " ".repeat(pad.max(1))));
}

/// Text broken into lines of at most [`WIDTH`] characters, at spaces where possible.
fn wrapped(d: &mut Doc, text: &str) {
    let indent = " ".repeat(text.len() - text.trim_start_matches(' ').len());
    let mut line = indent.clone();
    for word in text.split_whitespace() {
        let len = line.chars().count();
        if len > indent.len() && len + 1 + word.chars().count() > WIDTH {
            d.line(&line);
            line.clone_from(&indent);
        }
        if line.len() > indent.len() {
            line.push(' ');
        }
        line.push_str(word);
        while line.chars().count() > WIDTH {
            let head: String = line.chars().take(WIDTH).collect();
            d.line(&head);
            line = line.chars().skip(WIDTH).collect();
        }
    }
    if line.len() > indent.len() {
        d.line(&line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_link_encodes_turkish_address_text() {
        assert_eq!(
            map_link("Caferağa Mh. No:5"),
            "https://www.google.com/maps/search/?api=1&query=Cafera%C4%9Fa+Mh.+No%3A5"
        );
    }
}
