//! Home, categories, products and finding a product by typing its name.
//!
//! Browsing keeps no state: every list row names what it opens (`cat:3:1`,
//! `prod:12`), so a row from an old list still works while it is valid.

use crate::copy::{self, labels};
use crate::domain::menu::Product;
use crate::domain::reply::Choice;
use crate::domain::text::{clean, cut, fold};

use super::Turn;
use super::options;
use crate::bot::ids::Action;
use crate::bot::layout::page;
use crate::bot::render::{buttons, list};
use crate::bot::session::Step;

/// The home message: greeting (when `greet`), shop notice, open orders, and buttons.
pub fn home(turn: &mut Turn, greet: bool) {
    let lang = turn.lang();
    turn.session.step = Step::Idle;
    let mut body = Vec::new();
    if greet {
        let name = turn.customer_name();
        body.push(copy::greeting(
            lang,
            turn.ctx.restaurant_name,
            name.as_deref(),
            turn.ctx.customer.is_returning,
        ));
    }
    if let Some(n) = turn.notice_unsaid() {
        body.push(n);
    }
    let open = &turn.ctx.customer.open_orders;
    if !open.is_empty() {
        let mut s = copy::open_orders_header(lang);
        for o in open.iter().take(5) {
            s.push('\n');
            s.push_str(&copy::order_line(
                lang,
                o.number,
                o.status,
                o.fulfilment,
                &turn.money(o.total),
            ));
        }
        body.push(s);
    }
    body.push(copy::home_prompt(lang));
    let mut b = vec![Choice::new(
        Action::Categories { page: 0 }.id(),
        labels::menu(lang),
    )];
    if !open.is_empty() {
        b.push(Choice::new(Action::Orders.id(), labels::my_orders(lang)));
    } else if !turn.session.cart.is_empty() {
        b.push(Choice::new(Action::Cart.id(), labels::cart(lang)));
    }
    let other = match lang {
        crate::domain::Lang::Tr => crate::domain::Lang::En,
        crate::domain::Lang::En => crate::domain::Lang::Tr,
    };
    b.push(Choice::new(
        Action::Lang(other).id(),
        labels::other_lang(lang),
    ));
    turn.out.push(buttons(body.join("\n\n"), b));
}

/// The category list (only categories with something available).
pub fn categories(turn: &mut Turn, pg: usize) {
    let lang = turn.lang();
    turn.session.step = Step::Idle;
    let menu = turn.ctx.menu;
    let rows: Vec<Choice> = menu
        .open_categories()
        .map(|c| {
            let names: Vec<&str> = menu.available_in(c.id).map(|p| p.name_in(lang)).collect();
            Choice::new(
                Action::Category { id: c.id, page: 0 }.id(),
                cut(c.name_in(lang), 24),
            )
            .with_description(cut(&names.join(", "), 72))
        })
        .collect();
    if rows.is_empty() {
        turn.out.note(copy::menu_empty(lang));
        return home(turn, false);
    }
    let more = |p| Choice::new(Action::Categories { page: p }.id(), labels::more_row(lang));
    let (rows, n, pages) = page(rows, pg, vec![], more);
    let mut body = copy::categories_body(lang);
    if let Some(notice) = turn.notice_unsaid() {
        body = format!("{notice}\n\n{body}");
    }
    if pages > 1 {
        body = format!("{body} {}", copy::page_of(lang, n, pages));
    }
    let section = labels::list_categories(lang);
    turn.out
        .push(list(body, labels::list_categories(lang), section, rows));
}

/// The products of one category that can be ordered now, paged.
pub fn category(turn: &mut Turn, id: i64, pg: usize) {
    let lang = turn.lang();
    turn.session.step = Step::Idle;
    let Some(cat) = turn.ctx.menu.category(id) else {
        turn.out.note(copy::stale_button(lang));
        return categories(turn, 0);
    };
    let rows = product_rows(turn, id);
    if rows.is_empty() {
        turn.out
            .note(copy::category_empty(lang, &cut(cat.name_in(lang), 60)));
        return categories(turn, 0);
    }
    let more = |p| {
        Choice::new(
            Action::Category { id, page: p }.id(),
            labels::more_row(lang),
        )
    };
    let (rows, n, pages) = page(rows, pg, vec![], more);
    let mut body = copy::products_body(lang, &cut(cat.name_in(lang), 60));
    if pages > 1 {
        body = format!("{body} {}", copy::page_of(lang, n, pages));
    }
    turn.out.push(list(
        body,
        labels::list_products(lang),
        cut(cat.name_in(lang), 24),
        rows,
    ));
}

/// The one required single choice of a product, when it has two or three options:
/// such a product is listed once per option, so one pick says both.
fn variant_group(p: &Product) -> Option<&crate::domain::menu::OptionGroup> {
    let mut req = p.groups.iter().filter(|g| g.required());
    let g = req.next()?;
    let small = g.min == 1 && g.max == 1 && (2..=3).contains(&g.options.len());
    (small && req.next().is_none()).then_some(g)
}

/// A category's rows: products, each split into its variants when all fit one list.
fn product_rows(turn: &Turn, cid: i64) -> Vec<Choice> {
    let products: Vec<&Product> = turn.ctx.menu.available_in(cid).collect();
    let expanded: usize = products
        .iter()
        .map(|p| variant_group(p).map_or(1, |g| g.options.len()))
        .sum();
    if expanded > crate::whatsapp::limits::MAX_ROWS {
        return products.iter().map(|p| product_row(turn, p)).collect();
    }
    let lang = turn.lang();
    let mut rows = Vec::new();
    for p in products {
        let Some(g) = variant_group(p) else {
            rows.push(product_row(turn, p));
            continue;
        };
        for o in &g.options {
            let (pn, on) = (p.name_in(lang), o.name_in(lang));
            let full = format!("{pn} · {on}");
            let price = turn.money(p.price + o.price_delta);
            let (title, desc) = if full.chars().count() <= 24 {
                (full, price)
            } else {
                (cut(pn, 24), format!("{on} · {price}"))
            };
            let id = Action::Variant {
                pid: p.id,
                oid: o.id,
            }
            .id();
            rows.push(Choice::new(id, title).with_description(cut(&desc, 72)));
        }
    }
    rows
}

fn product_row(turn: &Turn, p: &Product) -> Choice {
    let mut desc = turn.money(p.price);
    let about = clean(&p.description);
    if !about.trim().is_empty() {
        desc = format!("{desc} · {}", about.trim());
    }
    Choice::new(
        Action::Product { id: p.id }.id(),
        cut(p.name_in(turn.lang()), 24),
    )
    .with_description(cut(&desc, 72))
}

/// A product was chosen: refuse it if it is gone or 86'd, else ask its options.
pub fn product(turn: &mut Turn, id: i64) {
    let lang = turn.lang();
    let Some(p) = turn.ctx.menu.product(id) else {
        turn.out.note(copy::product_gone(lang));
        return categories(turn, 0);
    };
    if !p.available {
        turn.out
            .note(copy::sold_out(lang, &cut(p.name_in(lang), 60)));
        let cid = p.category_id;
        return if turn.ctx.menu.available_in(cid).next().is_some() {
            category(turn, cid, 0)
        } else {
            categories(turn, 0)
        };
    }
    options::start(turn, id, Vec::new(), 1);
}

/// A variant row: the product with its one required choice already made.
pub fn variant(turn: &mut Turn, pid: i64, oid: i64) {
    let ok = turn
        .ctx
        .menu
        .product(pid)
        .and_then(variant_group)
        .is_some_and(|g| g.options.iter().any(|o| o.id == oid));
    if !ok {
        return product(turn, pid);
    }
    let available = turn.ctx.menu.product(pid).is_some_and(|p| p.available);
    if !available {
        return product(turn, pid);
    }
    options::start(turn, pid, vec![oid], 1);
}

/// Typed text at home: a product or category name, or part of product names.
/// Returns false when nothing matched.
pub fn search(turn: &mut Turn, text: &str) -> bool {
    let q = fold(text);
    if q.chars().count() < 3 {
        return false;
    }
    let menu = turn.ctx.menu;
    let available: Vec<&Product> = menu.products.iter().filter(|p| p.available).collect();
    let en = |n: &Option<String>| n.as_deref().map(fold);
    if let Some(p) = menu
        .products
        .iter()
        .find(|p| fold(&p.name) == q || en(&p.name_en).as_deref() == Some(q.as_str()))
    {
        product(turn, p.id);
        return true;
    }
    if let Some(c) = menu
        .open_categories()
        .find(|c| fold(&c.name) == q || en(&c.name_en).as_deref() == Some(q.as_str()))
    {
        category(turn, c.id, 0);
        return true;
    }
    let hits: Vec<&Product> = available
        .into_iter()
        .filter(|p| fold(&p.name).contains(&q) || en(&p.name_en).is_some_and(|n| n.contains(&q)))
        .collect();
    match hits.len() {
        0 => false,
        1 => {
            product(turn, hits[0].id);
            true
        }
        _ => {
            let lang = turn.lang();
            let rows: Vec<Choice> = hits.iter().take(10).map(|p| product_row(turn, p)).collect();
            let body = copy::search_results(lang, &cut(text.trim(), 40));
            turn.out.push(list(
                body,
                labels::list_products(lang),
                labels::list_products(lang),
                rows,
            ));
            true
        }
    }
}
