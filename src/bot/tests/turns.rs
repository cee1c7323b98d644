//! The turn corpus: short conversations, each judged on one customer turn, run
//! against the sample menu (`menu.sample.toml`) through the real engine with the
//! fake driver of [`super::Chat`]. Cases live in `turns/*.turns`; every file in
//! that folder is read. Prints the exact share per file, for `first_contact.turns`
//! (written before the reader was taught its cases) and overall, and fails under
//! 97 % overall.
//!
//! # Format
//!
//! Cases are blocks separated by blank lines; `#` starts a comment line.
//!
//! ```text
//! # what this case is about
//! from: +966501234567
//! setup: 2 et dürüm acılı 2 kola 1 ayran küçük | gel al
//! turn: kolayı çıkar
//! expect: cart = 2 Et Dürüm [Acılı]; 1 Ayran [Küçük]
//! expect: says = Kola
//! ```
//!
//! Setup lines (all optional, any order, before `turn:`):
//!
//! - `from: +966…` the customer's number (default `+905551112233`).
//! - `setup: a | b | c` messages sent first, in order. Each is typed text, or
//!   `[Title]`: a tap on the last shown button or list row whose title is (or
//!   contains) Title, case- and accent-insensitive; or `/loc LAT LON`: a pin.
//! - `shop: open` (default) / `shop: paused` / `shop: paused REASON` /
//!   `shop: closed`: the shop's state for the whole case.
//! - `open-order: STATUS [pickup|delivery]`: an open order of this customer,
//!   numbered 101, 102… in the order given; STATUS is new / preparing / ready /
//!   out_for_delivery; `cancel-requested` after the status marks a pending request.
//! - `lang: tr|en`: the language the customer chose before.
//! - `name: Ayşe`: the customer's WhatsApp name; `returning: yes`: ordered before.
//! - `saved-address: Moda Cad. 12`: an address used before (repeatable).
//! - `last-order: 2 Tavuk Dürüm [Acısız]; 1 Ayran [Küçük]`: what "aynısından" brings back.
//!
//! The fake store knows the coupons YAZ25 (25 %), HOSGELDIN (50,00 off),
//! BUYUK15 (15 %) and ILK10 (10 %). A placed order becomes an open order `new`
//! for the following messages; a cancelled one leaves the open orders.
//!
//! Expectations (`expect: key = value`, all must hold after the turn):
//!
//! - `cart`: lines as in the order reader's corpus, `2 Tavuk Dürüm [Acısız, Soğansız]; 1 Ayran [Küçük]`
//!   (order of lines and options free), or `empty`.
//! - `fulfilment`: pickup / delivery / unset. `coupon`: a code or none. `lang`: tr / en.
//! - `order`: the last order's status: none / new / preparing / … / cancelled /
//!   cancel-requested. `step`: the session's step name (idle, options, summary, …).
//! - `reply`: one kind the replies show — `summary` (a Confirm button), `which`
//!   (candidates of an ambiguous word), `options` (an option question), `quantity`,
//!   `fulfilment` (pickup or delivery asked), `address` (an address asked),
//!   `added` (the "added" message), `cart` (the cart view), `categories` (the
//!   category list), `confirm-asked` (a "yes, cancel" button), `cancelled` (an order
//!   cancelled or the cart emptied in this turn), `placed` (an order placed in this
//!   turn), `status` (open orders with their status), `not-understood` (counted as
//!   a miss), `person-offered` (a button to reach a person), `handoff` (handed to a
//!   person), `help`, `coupon-looked-up` (a code looked up in this turn).
//! - `says` / `not-says`: the replies' text contains / does not contain this
//!   (case- and Turkish-letter-insensitive).

use super::*;
use crate::bot::ids::Action;
use crate::copy;
use crate::domain::OrderNumber;
use crate::domain::coupon::CouponKind;
use crate::domain::order::{Fulfilment, OrderItem, OrderStatus};
use crate::domain::text::fold;
use crate::domain::time::At;

/// The share of turns that must come out exactly as written.
const REQUIRED: f64 = 0.97;
/// The file of cases written before the reader was changed to handle them.
const FIRST_CONTACT: &str = "first_contact.turns";

/// One case as read from a file.
#[derive(Debug, Clone, Default)]
struct Case {
    file: String,
    line: usize,
    about: String,
    from: Option<String>,
    setup: Vec<String>,
    shop: Option<String>,
    open_orders: Vec<String>,
    lang: Option<String>,
    name: Option<String>,
    returning: bool,
    saved: Vec<String>,
    last_order: Option<String>,
    turn: String,
    expect: Vec<(String, String)>,
}

fn parse_file(file: &str, text: &str) -> Vec<Case> {
    let mut out = Vec::new();
    let mut cur = Case::default();
    let mut started = false;
    let flush = |cur: &mut Case, started: &mut bool, out: &mut Vec<Case>| {
        if *started {
            assert!(
                !cur.turn.is_empty(),
                "{}:{}: a case without `turn:`",
                cur.file,
                cur.line
            );
            out.push(std::mem::take(cur));
        }
        *started = false;
    };
    for (i, raw) in text.lines().enumerate() {
        let l = raw.trim();
        if l.is_empty() {
            flush(&mut cur, &mut started, &mut out);
            continue;
        }
        if let Some(c) = l.strip_prefix('#') {
            if !started {
                cur.about = c.trim().to_string();
            }
            continue;
        }
        if !started {
            started = true;
            cur.file = file.to_string();
            cur.line = i + 1;
        }
        let (key, value) = l
            .split_once(':')
            .unwrap_or_else(|| panic!("{file}:{}: no `key:` in {l:?}", i + 1));
        let value = value.trim().to_string();
        match key.trim() {
            "from" => cur.from = Some(value),
            "setup" => cur.setup.extend(
                value
                    .split(" | ")
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty()),
            ),
            "shop" => cur.shop = Some(value),
            "open-order" => cur.open_orders.push(value),
            "lang" => cur.lang = Some(value),
            "name" => cur.name = Some(value),
            "returning" => cur.returning = value == "yes",
            "saved-address" => cur.saved.push(value),
            "last-order" => cur.last_order = Some(value),
            "turn" => cur.turn = value,
            "expect" => {
                let (k, v) = value
                    .split_once('=')
                    .unwrap_or_else(|| panic!("{file}:{}: no `=` in {l:?}", i + 1));
                cur.expect
                    .push((k.trim().to_string(), v.trim().to_string()));
            }
            other => panic!("{file}:{}: unknown key {other:?}", i + 1),
        }
    }
    flush(&mut cur, &mut started, &mut out);
    out
}

/// The sample menu, read as the owner's menu file is.
pub(super) fn sample() -> crate::domain::menu::Menu {
    static SAMPLE: std::sync::LazyLock<crate::domain::menu::Menu> =
        std::sync::LazyLock::new(|| {
            let src = include_str!("../../../menu.sample.toml");
            crate::domain::menu_file::parse(src, "menu.sample.toml")
                .expect("the sample menu parses")
                .to_menu()
        });
    SAMPLE.clone()
}

fn status_of(s: &str) -> OrderStatus {
    match s {
        "new" => OrderStatus::New,
        "preparing" => OrderStatus::Preparing,
        "ready" => OrderStatus::Ready,
        "out_for_delivery" | "out-for-delivery" => OrderStatus::OutForDelivery,
        other => panic!("unknown order status {other:?}"),
    }
}

fn status_name(s: OrderStatus) -> String {
    s.as_str().replace('_', "-")
}

/// Cart lines written by name, sorted: "2 Tavuk Dürüm [Acısız, Soğansız]".
fn cart_lines(menu: &crate::domain::menu::Menu, cart: &crate::domain::cart::Cart) -> Vec<String> {
    let mut out: Vec<String> = cart
        .lines
        .iter()
        .map(|l| {
            let p = menu.product(l.product_id);
            let mut opts: Vec<String> = l
                .option_ids
                .iter()
                .filter_map(|o| {
                    p.and_then(|p| {
                        p.groups
                            .iter()
                            .flat_map(|g| &g.options)
                            .find(|x| x.id == *o)
                            .map(|x| x.name.clone())
                    })
                })
                .collect();
            opts.sort();
            let name = p.map_or_else(|| l.name.clone(), |p| p.name.clone());
            if opts.is_empty() {
                format!("{} {name}", l.quantity)
            } else {
                format!("{} {name} [{}]", l.quantity, opts.join(", "))
            }
        })
        .collect();
    out.sort();
    out
}

/// The same form from an expectation.
fn expected_lines(s: &str) -> Vec<String> {
    if s.trim() == "empty" {
        return Vec::new();
    }
    let mut out: Vec<String> = s
        .split(';')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('[') {
            Some((head, opts)) => {
                let mut o: Vec<&str> = opts
                    .trim_end_matches(']')
                    .split(", ")
                    .map(str::trim)
                    .collect();
                o.sort_unstable();
                format!("{} [{}]", head.trim(), o.join(", "))
            }
            None => p.to_string(),
        })
        .collect();
    out.sort();
    out
}

/// An order's items from the `last-order:` line, for "aynısından".
fn items_of(menu: &crate::domain::menu::Menu, s: &str) -> Vec<OrderItem> {
    expected_lines(s)
        .iter()
        .map(|l| {
            let (qty, rest) = l.split_once(' ').expect("a quantity");
            let (name, opts) = match rest.split_once(" [") {
                Some((n, o)) => (
                    n.trim().to_string(),
                    o.trim_end_matches(']')
                        .split(", ")
                        .map(str::to_string)
                        .collect(),
                ),
                None => (rest.trim().to_string(), Vec::new()),
            };
            let p = menu
                .products
                .iter()
                .find(|p| p.name == name)
                .unwrap_or_else(|| panic!("last-order: no product {name:?}"));
            OrderItem {
                product_id: Some(p.id),
                name: p.name.clone(),
                options: opts,
                quantity: qty.parse().expect("a number"),
                unit_price: p.price,
                note: None,
                station: None,
                station_done_at: None,
            }
        })
        .collect()
}

/// What the harness saw of one turn.
struct Seen {
    text: String,
    kinds: Vec<&'static str>,
    order: String,
}

/// A conversation being set up and judged.
struct Run {
    chat: Chat,
    /// The last order's status as the fake store keeps it.
    order: String,
    next_number: i64,
    handoff: bool,
}

impl Run {
    fn new(c: &Case) -> Run {
        let mut world = World {
            menu: sample(),
            ..World::default()
        };
        if let Some(f) = &c.from {
            world.customer.phone =
                crate::domain::CustomerId::parse(f.trim_start_matches('+')).expect("a phone");
        }
        world.customer.name = c.name.clone();
        world.customer.is_returning = c.returning;
        world.customer.saved_addresses = c.saved.clone();
        world.customer.saved_pins = c.saved.iter().map(|_| None).collect();
        world.shop = match c.shop.as_deref().map(str::trim) {
            None | Some("open") => ShopStatus::Open,
            Some("closed") => ShopStatus::Closed { next_open: None },
            Some(p) if p.starts_with("paused") => {
                let reason = p["paused".len()..].trim();
                ShopStatus::Paused {
                    until_text: None,
                    reason: (!reason.is_empty()).then(|| reason.to_string()),
                }
            }
            Some(other) => panic!("{}:{}: unknown shop state {other:?}", c.file, c.line),
        };
        let mut order = "none".to_string();
        let mut next_number = 101;
        for o in &c.open_orders {
            let words: Vec<&str> = o.split_whitespace().collect();
            let status = status_of(words.first().copied().unwrap_or("new"));
            let fulfilment = if words.contains(&"delivery") {
                Fulfilment::Delivery
            } else {
                Fulfilment::Pickup
            };
            let requested = words.contains(&"cancel-requested");
            world.customer.open_orders.push(OrderBrief {
                number: OrderNumber::new(next_number),
                status,
                fulfilment,
                total: crate::domain::money::Money::from_minor(24_000),
                placed_at: At::from_millis(NOW - 10 * 60_000),
                cancel_requested: requested,
                scheduled_for: None,
            });
            next_number += 1;
            order = if requested {
                "cancel-requested".into()
            } else {
                status_name(status)
            };
        }
        let menu = world.menu.clone();
        let mut chat = Chat::with(world);
        if let Some(l) = &c.lang {
            chat.session.lang = crate::domain::Lang::parse(l);
        }
        if let Some(items) = &c.last_order {
            chat.last_order = Some(items_of(&menu, items));
        }
        chat.coupons = vec![
            coupon("YAZ25", CouponKind::Percent, 25),
            coupon("HOSGELDIN", CouponKind::Amount, 5000),
            coupon("BUYUK15", CouponKind::Percent, 15),
            coupon("ILK10", CouponKind::Percent, 10),
        ];
        Run {
            chat,
            order,
            next_number,
            handoff: false,
        }
    }

    /// Send one message as written in a case; `Err` if a tap found nothing.
    fn send(&mut self, msg: &str) -> Result<(), String> {
        let input = if let Some(title) = msg.strip_prefix('[').and_then(|m| m.strip_suffix(']')) {
            self.chat
                .try_find(title)
                .ok_or_else(|| format!("nothing titled {title:?} to tap"))?
        } else if let Some(pin) = msg.strip_prefix("/loc ") {
            let mut n = pin.split_whitespace().map(|x| x.parse::<f64>());
            match (n.next(), n.next()) {
                (Some(Ok(latitude)), Some(Ok(longitude))) => Input::Location {
                    latitude,
                    longitude,
                    name: None,
                    address: None,
                },
                _ => return Err(format!("bad pin {msg:?}")),
            }
        } else {
            Input::Text(msg.to_string())
        };
        let before = self.chat.effects.len();
        let handed = self.chat.handoffs.len();
        self.chat.send(input);
        self.handoff = self.chat.handoffs.len() > handed;
        let new: Vec<Effect> = self.chat.effects[before..].to_vec();
        for e in new {
            match e {
                Effect::PlaceOrder(d) => {
                    let number = OrderNumber::new(self.next_number);
                    self.next_number += 1;
                    self.chat.world.customer.open_orders.push(OrderBrief {
                        number,
                        status: OrderStatus::New,
                        fulfilment: d.fulfilment,
                        total: d.total,
                        placed_at: At::from_millis(self.chat.world.now),
                        cancel_requested: false,
                        scheduled_for: None,
                    });
                    self.order = "new".into();
                }
                Effect::CancelOrder { number } => {
                    self.chat
                        .world
                        .customer
                        .open_orders
                        .retain(|o| o.number != number);
                    self.order = "cancelled".into();
                }
                Effect::RequestCancel { number } => {
                    for o in &mut self.chat.world.customer.open_orders {
                        if o.number == number {
                            o.cancel_requested = true;
                        }
                    }
                    self.order = "cancel-requested".into();
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Send the judged turn and collect what it showed.
    fn judge(&mut self, msg: &str) -> Result<Seen, String> {
        let before = self.chat.effects.len();
        let misses = self.chat.session.misses;
        let cart_before = self.chat.session.cart.clone();
        self.send(msg)?;
        let effects = &self.chat.effects[before..];
        let text = self.chat.text();
        let lang = self.lang();
        let mut kinds = Vec::new();
        let actions: Vec<Action> = self
            .chat
            .choices()
            .iter()
            .filter_map(|(_, c)| Action::parse(&c.id))
            .collect();
        let has = |f: &dyn Fn(&Action) -> bool| actions.iter().any(f);
        if has(&|a| matches!(a, Action::Confirm { .. })) {
            kinds.push("summary");
        }
        if has(&|a| matches!(a, Action::Pick { .. })) {
            kinds.push("which");
        }
        if has(&|a| matches!(a, Action::Option { .. } | Action::OptionsDone { .. })) {
            kinds.push("options");
        }
        if has(&|a| matches!(a, Action::Qty { .. } | Action::LineQty { .. })) {
            kinds.push("quantity");
        }
        if matches!(self.chat.session.step, Step::Fulfilment) {
            kinds.push("fulfilment");
        }
        if matches!(self.chat.session.step, Step::Address) {
            kinds.push("address");
        }
        if has(&|a| matches!(a, Action::More { .. })) {
            kinds.push("added");
        }
        if has(&|a| matches!(a, Action::CartEdit { .. })) && has(&|a| matches!(a, Action::Checkout))
        {
            kinds.push("cart");
        }
        if has(&|a| matches!(a, Action::Category { .. })) {
            kinds.push("categories");
        }
        if has(&|a| {
            matches!(
                a,
                Action::CancelOrderYes { .. } | Action::CancelRequestYes { .. }
            )
        }) {
            kinds.push("confirm-asked");
        }
        let cleared = !cart_before.is_empty() && self.chat.session.cart.is_empty();
        if effects
            .iter()
            .any(|e| matches!(e, Effect::CancelOrder { .. } | Effect::RequestCancel { .. }))
            || cleared
        {
            kinds.push("cancelled");
        }
        if effects.iter().any(|e| matches!(e, Effect::PlaceOrder(_))) {
            kinds.push("placed");
        }
        if effects.iter().any(|e| matches!(e, Effect::KitchenPace)) {
            kinds.push("status");
        }
        if effects
            .iter()
            .any(|e| matches!(e, Effect::LookupCoupon { .. }))
        {
            kinds.push("coupon-looked-up");
        }
        if self.chat.session.misses > misses {
            kinds.push("not-understood");
        }
        if self.chat.choices().iter().any(|(_, c)| c.id == "person") {
            kinds.push("person-offered");
        }
        if self.handoff {
            kinds.push("handoff");
        }
        if text.contains(copy::help(lang).lines().next().unwrap_or("\u{0}")) {
            kinds.push("help");
        }
        Ok(Seen {
            text,
            kinds,
            order: self.order.clone(),
        })
    }

    fn lang(&self) -> crate::domain::Lang {
        self.chat.session.lang.unwrap_or_else(|| {
            crate::domain::lang_guess::for_customer(
                &self.chat.world.customer.phone,
                self.chat.world.default_lang,
            )
        })
    }
}

/// Run one case: `Ok` when every expectation holds, else what differed.
fn run(c: &Case) -> Result<(), String> {
    let mut r = Run::new(c);
    for m in &c.setup {
        r.send(m).map_err(|e| format!("setup {m:?}: {e}"))?;
    }
    let seen = r.judge(&c.turn)?;
    let s = &r.chat.session;
    let menu = &r.chat.world.menu;
    let mut wrong = Vec::new();
    for (k, v) in &c.expect {
        let (ok, got) = match k.as_str() {
            "cart" => {
                let got = cart_lines(menu, &s.cart);
                (got == expected_lines(v), got.join("; "))
            }
            "fulfilment" => {
                let got = s
                    .checkout
                    .fulfilment
                    .map_or("unset".to_string(), |f| f.as_str().to_string());
                (got == *v, got)
            }
            "coupon" => {
                let got = s
                    .checkout
                    .coupon
                    .as_ref()
                    .map_or("none".to_string(), |a| a.coupon.code.clone());
                (got.eq_ignore_ascii_case(v), got)
            }
            "lang" => {
                let got = r.lang().as_str().to_string();
                (got == *v, got)
            }
            "order" => (seen.order == *v, seen.order.clone()),
            "step" => {
                let got = serde_json::to_value(&s.step)
                    .ok()
                    .and_then(|j| j.get("at").and_then(|a| a.as_str().map(str::to_string)))
                    .unwrap_or_else(|| "idle".to_string());
                (got == *v, got)
            }
            "reply" => (seen.kinds.contains(&v.as_str()), seen.kinds.join(", ")),
            "says" => (fold(&seen.text).contains(&fold(v)), String::new()),
            "not-says" => (!fold(&seen.text).contains(&fold(v)), String::new()),
            other => (false, format!("unknown expectation {other:?}")),
        };
        if !ok {
            wrong.push(format!("{k} = {v} (got {got})"));
        }
    }
    if wrong.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{}\n      reply: {}",
            wrong.join("; "),
            seen.text.replace('\n', "⏎ ")
        ))
    }
}

/// Every case of every file in `turns/`, files in name order.
fn all_cases() -> Vec<Case> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/bot/tests/turns");
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
        .expect("the turns folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "turns"))
        .collect();
    files.sort();
    files
        .iter()
        .flat_map(|p| {
            let name = p
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("?")
                .to_string();
            let text = std::fs::read_to_string(p).expect("a turns file");
            parse_file(&name, &text)
        })
        .collect()
}

#[allow(clippy::cast_precision_loss)]
fn share(ok: usize, all: usize) -> f64 {
    if all == 0 {
        1.0
    } else {
        ok as f64 / all as f64
    }
}

#[test]
fn turn_corpus_is_at_least_97_percent_exact() {
    let cases = all_cases();
    let mut per_file: Vec<(String, usize, usize)> = Vec::new();
    let mut misses = Vec::new();
    for c in &cases {
        let result = std::panic::catch_unwind(|| run(c))
            .unwrap_or_else(|_| Err("the engine or the harness panicked".to_string()));
        if per_file.last().is_none_or(|f| f.0 != c.file) {
            per_file.push((c.file.clone(), 0, 0));
        }
        let f = per_file.last_mut().expect("pushed");
        f.2 += 1;
        match result {
            Ok(()) => f.1 += 1,
            Err(e) => misses.push(format!(
                "  {}:{} ({}) turn {:?}\n      {e}",
                c.file, c.line, c.about, c.turn
            )),
        }
    }
    for m in &misses {
        println!("{m}");
    }
    for (file, ok, all) in &per_file {
        println!(
            "turns: {file}: {ok}/{all} exact ({:.1} %)",
            share(*ok, *all) * 100.0
        );
    }
    if let Some((_, ok, all)) = per_file.iter().find(|f| f.0 == FIRST_CONTACT) {
        println!(
            "turns: first contact: {ok}/{all} exact ({:.1} %)",
            share(*ok, *all) * 100.0
        );
    }
    let ok: usize = per_file.iter().map(|f| f.1).sum();
    let overall = share(ok, cases.len());
    println!(
        "turns: overall {ok}/{} exact ({:.1} %)",
        cases.len(),
        overall * 100.0
    );
    assert!(
        overall >= REQUIRED,
        "the turn corpus is {:.1} % exact, under {:.0} %",
        overall * 100.0,
        REQUIRED * 100.0
    );
}

/// A miss is reported with what was expected and what came instead.
#[test]
fn a_wrong_expectation_is_reported() {
    let cases = parse_file(
        "self.turns",
        "# adding puts it in the cart\nturn: 2 ayran küçük\nexpect: cart = 3 Ayran [Küçük]\n",
    );
    let e = run(&cases[0]).expect_err("2 is not 3");
    assert!(e.contains("got 2 Ayran [Küçük]"), "{e}");
    let ok = parse_file(
        "self.turns",
        "setup: 2 ayran küçük\nturn: sepet\nexpect: cart = 2 Ayran [Küçük]\nexpect: reply = cart\n",
    );
    run(&ok[0]).expect("the cart is shown");
}
