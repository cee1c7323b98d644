//! What a simulated customer wants: items with options, coupon, pickup or delivery.

use crate::domain::menu::Menu;

/// One line the customer wants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub category: String,
    pub product: String,
    /// Option titles to pick where offered (others: the first of a required group).
    pub options: Vec<String>,
    pub quantity: u32,
}

/// A whole order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Plan {
    pub items: Vec<Item>,
    pub coupon: Option<String>,
    /// `Some(address)` for delivery, `None` for pickup.
    pub delivery: Option<String>,
    pub note: Option<String>,
}

const ADDRESSES: [&str; 4] = [
    "Caferağa Mah. Moda Cad. No:12 D:3 Kadıköy",
    "Bahariye Cad. 45/2, Kadıköy",
    "Rasimpaşa, Söğütlüçeşme Cd. No:7 Kat:2",
    "Osmanağa Mah. Kuşdili Cd. 21, Kadıköy",
];
const NOTES: [&str; 4] = [
    "Zil çalışmıyor, arayın lütfen",
    "Bol peçete",
    "Acele etmeyin",
    "Kapıya bırakın",
];

/// A plausible order from the available menu: one to three lines, some options,
/// a coupon sometimes, pickup or delivery.
pub fn random_plan(menu: &Menu, rng: &mut fastrand::Rng, coupon: Option<&str>) -> Plan {
    let available: Vec<_> = menu.products.iter().filter(|p| p.available).collect();
    let mut items: Vec<Item> = Vec::new();
    for _ in 0..rng.usize(1..=3) {
        if available.is_empty() {
            break;
        }
        let p = available[rng.usize(..available.len())];
        if items.iter().any(|i| i.product == p.name) {
            continue;
        }
        let category = menu
            .category(p.category_id)
            .map(|c| c.name.clone())
            .unwrap_or_default();
        let mut options = Vec::new();
        for g in &p.groups {
            if !g.options.is_empty() && (g.required() || rng.bool()) {
                options.push(g.options[rng.usize(..g.options.len())].name.clone());
            }
        }
        items.push(Item {
            category,
            product: p.name.clone(),
            options,
            quantity: rng.u32(1..=3),
        });
    }
    let delivery = rng
        .bool()
        .then(|| ADDRESSES[rng.usize(..ADDRESSES.len())].to_string());
    Plan {
        items,
        coupon: coupon.filter(|_| rng.u8(..3) == 0).map(str::to_string),
        delivery,
        note: (rng.u8(..3) == 0).then(|| NOTES[rng.usize(..NOTES.len())].to_string()),
    }
}

/// The order the API tests and the benchmark place on the sample menu: two spicy
/// chicken dürüms and a small ayran, picked up, with `coupon` if given.
pub fn standard(coupon: Option<&str>) -> Plan {
    Plan {
        items: vec![
            Item {
                category: "Dürümler".into(),
                product: "Tavuk Dürüm".into(),
                options: vec!["Acılı".into()],
                quantity: 2,
            },
            Item {
                category: "İçecekler".into(),
                product: "Ayran".into(),
                options: vec!["Küçük".into()],
                quantity: 1,
            },
        ],
        coupon: coupon.map(str::to_string),
        delivery: None,
        note: None,
    }
}
