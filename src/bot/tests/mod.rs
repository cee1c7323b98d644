//! Conversation tests: a realistic menu ([`menu`], [`World`]), a scripted customer
//! who reads replies the way a person does ([`Chat`]: taps what is titled "Tavuk
//! Dürüm"), a fake driver that carries out effects, and a checker for WhatsApp's
//! limits run on every reply ([`check_reply`]).

mod ahead;
mod answers;
mod area_check;
mod browse;
mod cart;
mod cashier;
mod catalog;
mod chat;
mod coupons;
mod courier;
mod english;
mod fees;
mod flow;
mod ids;
mod limits;
mod pace;
mod person;
mod props;
mod robust;
mod shop;
mod steps;
mod turn_props;
mod turns;

pub use chat::Chat;
pub use limits::check_reply;

use crate::domain::Lang;
use crate::domain::coupon::{Coupon, CouponKind};
use crate::domain::menu::{Category, Menu, OptionGroup, Product, ProductOption};
use crate::domain::money::Money;

use super::*;
// what the tests reach through `use super::*`, no longer re-exported by `bot`
use super::render::REPLIES_MAX;
use super::session::Step;

pub const HOUR: i64 = 3_600_000;
/// 2026-06-01 12:00 UTC.
pub const NOW: i64 = 1_780_315_200_000;

fn opt(id: i64, name: &str, delta: i64) -> ProductOption {
    ProductOption {
        id,
        name: name.into(),
        price_delta: Money::from_minor(delta),
        sort: id,
        name_en: None,
    }
}

fn group(
    id: i64,
    name: &str,
    min: u32,
    max: u32,
    sort: i64,
    options: Vec<ProductOption>,
) -> OptionGroup {
    OptionGroup {
        id,
        name: name.into(),
        min,
        max,
        sort,
        options,
        name_en: None,
    }
}

pub fn product(id: i64, cat: i64, name: &str, price: i64, groups: Vec<OptionGroup>) -> Product {
    Product {
        id,
        category_id: cat,
        name: name.into(),
        description: String::new(),
        price: Money::from_minor(price),
        available: true,
        sort: id,
        groups,
        aliases: Vec::new(),
        name_en: None,
        sku: None,
    }
}

/// The long name: 60 characters with emoji.
pub const LONG: &str = "Tavuk Şiş Büyük Boy Özel Soslu Çift Lavaşlı Közlenmiş 🌯🔥🌶️";

/// Dürümler (with the "Acı" and "Ekstralar" groups), Porsiyonlar (one 86'd), İçecekler,
/// and Tatlılar (everything 86'd, so never listed).
pub fn menu() -> Menu {
    let aci = |base: i64| {
        group(
            base,
            "Acı",
            1,
            1,
            1,
            vec![
                opt(base + 1, "Acısız", 0),
                opt(base + 2, "Az acılı", 0),
                opt(base + 3, "Acılı", 0),
            ],
        )
    };
    // Listed first by sort, but asked second: required groups come first.
    let ekstra = group(
        20,
        "Ekstralar",
        0,
        2,
        0,
        vec![
            opt(21, "Soğansız", 0),
            opt(22, "Ekstra lavaş", 1000),
            opt(23, "Kaşar", 1500),
        ],
    );
    let porsiyon = group(
        40,
        "Porsiyon",
        1,
        1,
        0,
        vec![opt(41, "Tam", 0), opt(42, "Yarım", -6000)],
    );
    let mut iskender = product(5, 2, "İskender", 25000, vec![]);
    iskender.available = false;
    let mut kunefe = product(9, 4, "Künefe", 9000, vec![]);
    kunefe.available = false;
    let mut ayran = product(6, 3, "Ayran", 2500, vec![]);
    ayran.description = "Yayık ayranı, 300 ml".into();
    Menu {
        categories: vec![
            Category {
                id: 1,
                name: "Dürümler".into(),
                sort: 1,
                name_en: None,
            },
            Category {
                id: 2,
                name: "Porsiyonlar".into(),
                sort: 2,
                name_en: None,
            },
            Category {
                id: 3,
                name: "İçecekler".into(),
                sort: 3,
                name_en: None,
            },
            Category {
                id: 4,
                name: "Tatlılar".into(),
                sort: 4,
                name_en: None,
            },
        ],
        products: vec![
            product(1, 1, "Tavuk Dürüm", 12000, vec![ekstra, aci(10)]),
            product(2, 1, "Et Dürüm", 16000, vec![aci(30)]),
            product(3, 1, LONG, 18000, vec![]),
            product(4, 2, "Tavuk Porsiyon", 20000, vec![porsiyon]),
            iskender,
            ayran,
            product(7, 3, "Kola", 4000, vec![]),
            product(8, 3, "Şalgam", 3000, vec![]),
            kunefe,
        ],
    }
}

pub fn coupon(code: &str, kind: CouponKind, value: i64) -> Coupon {
    Coupon::new(code, kind, value)
}

/// Everything a [`Ctx`] borrows, owned by the test.
pub struct World {
    pub menu: Menu,
    pub customer: CustomerInfo,
    pub shop: ShopStatus,
    pub now: i64,
    pub default_lang: Lang,
    pub tz: jiff::tz::TimeZone,
    // delivery zone, fees and payment
    pub delivery: crate::domain::delivery::DeliveryTerms,
    pub payment: crate::domain::payment::PaymentTerms,
    pub address: Option<String>,
    pub phone: Option<String>,
    /// Opening hours (always open unless a test sets them).
    pub hours: crate::domain::hours::Hours,
    /// The kitchen's load (empty, no cap, not busy unless a test sets it).
    pub kitchen: crate::domain::pace::Load,
}

impl Default for World {
    fn default() -> Self {
        World {
            menu: menu(),
            customer: CustomerInfo::new(
                crate::domain::CustomerId::parse("905551112233").expect("a phone"),
            ),
            shop: ShopStatus::Open,
            now: NOW,
            default_lang: Lang::Tr,
            tz: jiff::tz::TimeZone::fixed(jiff::tz::offset(3)),
            delivery: Default::default(),
            payment: Default::default(),
            address: None,
            phone: None,
            hours: crate::domain::hours::Hours::always(),
            kitchen: Default::default(),
        }
    }
}

impl World {
    pub fn ctx(&self) -> Ctx<'_> {
        Ctx {
            menu: &self.menu,
            restaurant_name: "Maydanoz Döner",
            currency: "TRY",
            default_lang: self.default_lang,
            customer: &self.customer,
            shop: self.shop.clone(),
            now: crate::domain::time::At::from_millis(self.now),
            cart_idle: crate::domain::time::Span::millis(2 * HOUR),
            pickup_minutes: 15,
            delivery_minutes: 35,
            tz: &self.tz,
            delivery: &self.delivery,
            payment: &self.payment,
            address: self.address.as_deref(),
            phone: self.phone.as_deref(),
            hours: &self.hours,
            kitchen: &self.kitchen,
        }
    }

    pub fn product_mut(&mut self, id: i64) -> &mut Product {
        self.menu
            .products
            .iter_mut()
            .find(|p| p.id == id)
            .expect("product in fixture")
    }
}
