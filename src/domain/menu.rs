//! The menu as the bot and the kitchen see it: categories, products, option groups.
//!
//! Plain data loaded fresh from the store; nothing here does IO.

use super::Lang;
use super::money::Money;

/// The whole menu, categories and products each in display order.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Menu {
    pub categories: Vec<Category>,
    pub products: Vec<Product>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Category {
    pub id: i64,
    pub name: String,
    pub sort: i64,
    /// The English name (`name_en` in the menu file), shown in English conversations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Product {
    pub id: i64,
    pub category_id: i64,
    pub name: String,
    pub description: String,
    /// Base price before option deltas.
    pub price: Money,
    /// False while the item is "86'd": not offered, cannot be added.
    pub available: bool,
    pub sort: i64,
    /// Required groups (min ≥ 1) come first in this list.
    pub groups: Vec<OptionGroup>,
    /// Other names customers use for it ("tantuni dürüm", "coke"), listed by the
    /// owner in the menu file; the order reader matches them like the name.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The English name (`name_en`): shown in English conversations and read by the
    /// order reader like an alias.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    /// The owner's stock code (`sku`), matched against a Meta catalog cart's
    /// `product_retailer_id`; unique across the menu.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sku: Option<String>,
}

/// A choice the customer makes for a product: spice level, "soğansız", portion size.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OptionGroup {
    pub id: i64,
    pub name: String,
    /// At least this many options must be chosen; 0 makes the group optional.
    pub min: u32,
    /// At most this many options may be chosen (≥ 1, ≥ min).
    pub max: u32,
    pub sort: i64,
    pub options: Vec<ProductOption>,
    /// The English name (`name_en`), shown when the option is asked in English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ProductOption {
    pub id: i64,
    pub name: String,
    /// Added to the product price when chosen; may be negative (a smaller portion).
    pub price_delta: Money,
    pub sort: i64,
    /// The English name (`name_en`): shown in English conversations and read by the
    /// order reader beside the Turkish one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
}

impl OptionGroup {
    pub fn required(&self) -> bool {
        self.min > 0
    }
}

/// The name to show in `lang`: the English one in English when the menu has it,
/// otherwise the (Turkish) name the kitchen uses.
fn shown<'a>(name: &'a str, name_en: Option<&'a str>, lang: Lang) -> &'a str {
    match (lang, name_en) {
        (Lang::En, Some(en)) if !en.trim().is_empty() => en,
        _ => name,
    }
}

impl Category {
    /// The name shown to a customer speaking `lang`.
    pub(crate) fn name_in(&self, lang: Lang) -> &str {
        shown(&self.name, self.name_en.as_deref(), lang)
    }
}

impl Product {
    /// The name shown to a customer speaking `lang` (tickets keep [`Product::name`]).
    pub(crate) fn name_in(&self, lang: Lang) -> &str {
        shown(&self.name, self.name_en.as_deref(), lang)
    }
}

impl OptionGroup {
    /// The name shown to a customer speaking `lang`.
    pub(crate) fn name_in(&self, lang: Lang) -> &str {
        shown(&self.name, self.name_en.as_deref(), lang)
    }
}

impl ProductOption {
    /// The name shown to a customer speaking `lang` (tickets keep [`ProductOption::name`]).
    pub(crate) fn name_in(&self, lang: Lang) -> &str {
        shown(&self.name, self.name_en.as_deref(), lang)
    }
}

impl Menu {
    pub(crate) fn product(&self, id: i64) -> Option<&Product> {
        self.products.iter().find(|p| p.id == id)
    }

    pub(crate) fn category(&self, id: i64) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    /// Products of a category that can be ordered now, in display order.
    pub(crate) fn available_in(&self, category_id: i64) -> impl Iterator<Item = &Product> {
        self.products
            .iter()
            .filter(move |p| p.category_id == category_id && p.available)
    }

    /// Categories that have at least one available product.
    pub(crate) fn open_categories(&self) -> impl Iterator<Item = &Category> {
        self.categories
            .iter()
            .filter(|c| self.available_in(c.id).next().is_some())
    }

    /// The product whose `sku` is `sku` (exactly, after trimming), if any.
    pub fn by_sku(&self, sku: &str) -> Option<&Product> {
        let sku = sku.trim();
        self.products
            .iter()
            .find(|p| p.sku.as_deref().is_some_and(|s| s == sku))
    }
}

impl Product {
    /// Groups in the order the customer is asked: required groups first, then by sort.
    pub(crate) fn groups_in_order(&self) -> Vec<&OptionGroup> {
        let mut g: Vec<&OptionGroup> = self.groups.iter().collect();
        g.sort_by_key(|g| (!g.required(), g.sort, g.id));
        g
    }
}

/// Problems with a menu definition that would make it unusable for a customer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum MenuError {
    #[error("option group '{group}': min ({min}) is larger than max ({max})")]
    MinAboveMax { group: String, min: u32, max: u32 },
    #[error("option group '{group}': max must be at least 1")]
    ZeroMax { group: String },
    #[error("option group '{group}': min ({min}) is more than its {count} options")]
    MinAboveOptions {
        group: String,
        min: u32,
        count: usize,
    },
    #[error("'{name}' is empty or too long (1 to {max} characters)")]
    BadName { name: String, max: usize },
}

/// Longest product or category name; WhatsApp list rows show 24 characters.
pub(crate) const MAX_NAME_CHARS: usize = 60;

/// Check a name typed by the owner: trimmed, not empty, not absurdly long, no control chars.
pub(crate) fn check_name(name: &str) -> Result<String, MenuError> {
    let n = super::text::clean(name.trim());
    if n.is_empty() || n.chars().count() > MAX_NAME_CHARS {
        return Err(MenuError::BadName {
            name: name.to_string(),
            max: MAX_NAME_CHARS,
        });
    }
    Ok(n)
}

/// Check an option group's limits against its options.
pub(crate) fn check_group(
    group: &str,
    min: u32,
    max: u32,
    option_count: usize,
) -> Result<(), MenuError> {
    if max == 0 {
        return Err(MenuError::ZeroMax {
            group: group.to_string(),
        });
    }
    if min > max {
        return Err(MenuError::MinAboveMax {
            group: group.to_string(),
            min,
            max,
        });
    }
    if min as usize > option_count {
        return Err(MenuError::MinAboveOptions {
            group: group.to_string(),
            min,
            count: option_count,
        });
    }
    Ok(())
}

/// The stations the menu names, kept beside [`Menu`] (by category and product
/// id) so the bot's view of the menu does not change with them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Stations {
    pub categories: std::collections::BTreeMap<i64, String>,
    pub products: std::collections::BTreeMap<i64, String>,
}

impl Stations {
    /// Every station named, each once (two spellings of one station, such as
    /// `Izgara` and `ızgara`, are one: the first in sorted order is kept), sorted.
    pub(crate) fn names(&self) -> Vec<String> {
        let all: std::collections::BTreeSet<&String> = self
            .categories
            .values()
            .chain(self.products.values())
            .collect();
        let mut out: Vec<String> = Vec::new();
        for name in all {
            if !out.iter().any(|n| super::station::same(n, name)) {
                out.push(name.clone());
            }
        }
        out
    }
}

/// A whole menu to upsert, already parsed and validated (`menu import`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MenuImport {
    pub categories: Vec<ImportCategory>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportCategory {
    pub name: String,
    pub products: Vec<ImportProduct>,
    /// `name_en`, checked like a name.
    pub name_en: Option<String>,
    /// The kitchen station that makes this category's products (`station = "ızgara"`).
    pub station: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProduct {
    pub name: String,
    pub price: Money,
    pub description: String,
    pub available: bool,
    pub groups: Vec<ImportGroup>,
    /// Other names for the product, checked like names.
    pub aliases: Vec<String>,
    /// `name_en`, checked like a name.
    pub name_en: Option<String>,
    /// `sku`, unique across the file.
    pub sku: Option<String>,
    /// Its own station, over its category's.
    pub station: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportGroup {
    pub name: String,
    pub min: u32,
    pub max: u32,
    /// Option names with their price deltas.
    pub options: Vec<(String, Money)>,
    /// `name_en` of the group.
    pub name_en: Option<String>,
    /// `name_en` of each option, in the order of `options` (same length, or shorter:
    /// a missing entry is no English name).
    pub options_en: Vec<Option<String>>,
}

impl MenuImport {
    /// The menu this file describes, with ids numbered in file order (categories,
    /// products, groups and options each from 1), everything available as the
    /// file says. For tests and previews that need a [`Menu`] without a store.
    #[cfg(test)]
    pub(crate) fn to_menu(&self) -> Menu {
        let mut m = Menu::default();
        let (mut pid, mut gid, mut oid) = (0, 0, 0);
        for (ci, c) in self.categories.iter().enumerate() {
            let cat_id = ci as i64 + 1;
            m.categories.push(Category {
                id: cat_id,
                name: c.name.clone(),
                sort: ci as i64,
                name_en: c.name_en.clone(),
            });
            for (pi, p) in c.products.iter().enumerate() {
                pid += 1;
                let mut groups = Vec::new();
                for (gi, g) in p.groups.iter().enumerate() {
                    gid += 1;
                    let mut options = Vec::new();
                    for (oi, (name, delta)) in g.options.iter().enumerate() {
                        oid += 1;
                        options.push(ProductOption {
                            id: oid,
                            name: name.clone(),
                            price_delta: *delta,
                            sort: oi as i64,
                            name_en: g.options_en.get(oi).cloned().flatten(),
                        });
                    }
                    groups.push(OptionGroup {
                        id: gid,
                        name: g.name.clone(),
                        min: g.min,
                        max: g.max,
                        sort: gi as i64,
                        options,
                        name_en: g.name_en.clone(),
                    });
                }
                groups.sort_by_key(|g| (!g.required(), g.sort, g.id));
                m.products.push(Product {
                    id: pid,
                    category_id: cat_id,
                    name: p.name.clone(),
                    description: p.description.clone(),
                    price: p.price,
                    available: p.available,
                    sort: pi as i64,
                    groups,
                    aliases: p.aliases.clone(),
                    name_en: p.name_en.clone(),
                    sku: p.sku.clone(),
                });
            }
        }
        m
    }
}
