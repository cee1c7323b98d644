//! The menu file that `menu import` reads and `menu export` writes (TOML); the
//! writing is in [`export_with`], re-exported here.
//!
//! ```toml
//! [[category]]
//! name = "Dürümler"
//!
//! [[category.product]]
//! name = "Tavuk Dürüm"
//! price = "120.00"
//!
//! [[category.product.group]]
//! name = "Acı"
//! min = 1
//! max = 1
//! options = [{ name = "Acısız" }, { name = "Acılı" }]
//! ```
//!
//! Optional keys: `name_en` (the English name) on a category, a product, a group
//! and an option; `sku` on a product (its Meta catalog `product_retailer_id`,
//! unique in the file); `aliases`, `description`, `available` on a product.
//!
//! Errors name the line and what is wrong; nothing is written unless the whole
//! file is valid.

use std::collections::HashSet;

use serde::Deserialize;
use toml::Spanned;

use crate::domain::Money;
use crate::domain::menu::{self, ImportCategory, ImportGroup, ImportProduct, MenuImport};
use crate::domain::text::fold;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileMenu {
    #[serde(rename = "category", default)]
    categories: Vec<FileCategory>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileCategory {
    name: Spanned<String>,
    #[serde(rename = "product", default)]
    products: Vec<FileProduct>,
    /// English name, shown in English conversations.
    #[serde(default)]
    name_en: Option<Spanned<String>>,
    /// The kitchen station that makes this category ("ızgara").
    #[serde(default)]
    station: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileProduct {
    name: Spanned<String>,
    price: Spanned<PriceValue>,
    #[serde(default)]
    description: String,
    /// Other names customers use, matched like the name by the order reader.
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    #[serde(default = "yes")]
    available: bool,
    #[serde(rename = "group", default)]
    groups: Vec<FileGroup>,
    /// English name: shown in English conversations, read like an alias.
    #[serde(default)]
    name_en: Option<Spanned<String>>,
    /// Stock code, matched against a Meta catalog cart's `product_retailer_id`.
    #[serde(default)]
    sku: Option<Spanned<String>>,
    /// Its own station, over its category's.
    #[serde(default)]
    station: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileGroup {
    name: Spanned<String>,
    #[serde(default)]
    min: u32,
    #[serde(default = "one")]
    max: u32,
    options: Vec<FileOption>,
    #[serde(default)]
    name_en: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileOption {
    name: Spanned<String>,
    #[serde(default)]
    price: Option<Spanned<PriceValue>>,
    #[serde(default)]
    name_en: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum PriceValue {
    Text(String),
    Whole(i64),
    Float(f64),
}

fn yes() -> bool {
    true
}
fn one() -> u32 {
    1
}

/// What is wrong with a menu file, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct FileError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

/// Parse and validate a menu file; `file` names it in errors.
pub fn parse(src: &str, file: &str) -> Result<MenuImport, FileError> {
    let err = |offset: usize, message: String| FileError {
        file: file.to_string(),
        line: line_of(src, offset),
        message,
    };
    let parsed: FileMenu = toml::from_str(src).map_err(|e| {
        let at = e.span().map(|s| s.start).unwrap_or(0);
        err(at, e.message().to_string())
    })?;
    if parsed.categories.is_empty() {
        return Err(err(0, "no [[category]] in the file".into()));
    }
    one_spelling_per_station(&parsed, &err)?;
    let mut out = MenuImport::default();
    let mut seen_cats = HashSet::new();
    let mut skus = HashSet::new();
    for c in parsed.categories {
        let name = menu::check_name(c.name.get_ref())
            .map_err(|e| err(c.name.span().start, e.to_string()))?;
        if !seen_cats.insert(fold(&name)) {
            return Err(err(
                c.name.span().start,
                format!("category '{name}' appears twice"),
            ));
        }
        let mut cat = ImportCategory {
            name,
            products: Vec::new(),
            name_en: english(c.name_en.as_ref(), &err)?,
            station: station(c.station.as_ref(), &err)?,
        };
        let mut seen = HashSet::new();
        for p in c.products {
            let sku = sku(p.sku.as_ref(), &mut skus, &err)?;
            let mut product = product(p, &mut seen, &err)?;
            product.sku = sku;
            cat.products.push(product);
        }
        out.categories.push(cat);
    }
    Ok(out)
}

fn product(
    p: FileProduct,
    seen: &mut HashSet<String>,
    err: &impl Fn(usize, String) -> FileError,
) -> Result<ImportProduct, FileError> {
    let at = p.name.span().start;
    let name = menu::check_name(p.name.get_ref()).map_err(|e| err(at, e.to_string()))?;
    if !seen.insert(fold(&name)) {
        return Err(err(
            at,
            format!("product '{name}' appears twice in this category"),
        ));
    }
    let price = money(&p.price, false)
        .map_err(|m| err(p.price.span().start, format!("price of '{name}': {m}")))?;
    let aliases = aliases(&name, &p.aliases, err)?;
    let name_en = english(p.name_en.as_ref(), err)?;
    let station = station(p.station.as_ref(), err)?;
    let mut groups = Vec::new();
    let mut seen_groups = HashSet::new();
    for g in p.groups {
        let gat = g.name.span().start;
        let gname = menu::check_name(g.name.get_ref()).map_err(|e| err(gat, e.to_string()))?;
        if !seen_groups.insert(gname.clone()) {
            return Err(err(
                gat,
                format!("group '{gname}' appears twice in '{name}'"),
            ));
        }
        menu::check_group(&gname, g.min, g.max, g.options.len())
            .map_err(|e| err(gat, e.to_string()))?;
        let mut options = Vec::new();
        let mut options_en = Vec::new();
        let mut seen_opts = HashSet::new();
        let group_en = english(g.name_en.as_ref(), err)?;
        for o in g.options {
            options_en.push(english(o.name_en.as_ref(), err)?);
            let oat = o.name.span().start;
            let oname = menu::check_name(o.name.get_ref()).map_err(|e| err(oat, e.to_string()))?;
            if !seen_opts.insert(oname.clone()) {
                return Err(err(
                    oat,
                    format!("option '{oname}' appears twice in '{gname}'"),
                ));
            }
            let delta = match &o.price {
                Some(pv) => money(pv, true)
                    .map_err(|m| err(pv.span().start, format!("price of '{oname}': {m}")))?,
                None => Money::ZERO,
            };
            options.push((oname, delta));
        }
        groups.push(ImportGroup {
            name: gname,
            min: g.min,
            max: g.max,
            options,
            name_en: group_en,
            options_en,
        });
    }
    Ok(ImportProduct {
        name,
        price,
        description: crate::domain::text::clean(p.description.trim()),
        available: p.available,
        groups,
        aliases,
        name_en,
        sku: None,
        station,
    })
}

/// An English name (`name_en`), checked like a name.
fn english(
    given: Option<&Spanned<String>>,
    err: &impl Fn(usize, String) -> FileError,
) -> Result<Option<String>, FileError> {
    given
        .map(|n| {
            menu::check_name(n.get_ref()).map_err(|e| err(n.span().start, format!("name_en: {e}")))
        })
        .transpose()
}

/// Two spellings of one station (`Izgara` on a category, `ızgara` on a
/// product) are refused, naming both: the kitchen would see one station and
/// the file would say two.
fn one_spelling_per_station(
    parsed: &FileMenu,
    err: &impl Fn(usize, String) -> FileError,
) -> Result<(), FileError> {
    let mut first: std::collections::HashMap<String, (String, usize)> = Default::default();
    let given = parsed.categories.iter().flat_map(|c| {
        c.station
            .iter()
            .chain(c.products.iter().flat_map(|p| p.station.iter()))
    });
    for s in given {
        let Ok(name) = crate::domain::station::check_name(s.get_ref()) else {
            continue; // refused with its own reason later
        };
        let at = s.span().start;
        match first.get(&fold(&name)) {
            Some((other, other_at)) if *other != name => {
                let line = err(*other_at, String::new()).line;
                return Err(err(
                    at,
                    format!(
                        "station \"{name}\" is spelt \"{other}\" on line {line}: one station, one spelling"
                    ),
                ));
            }
            Some(_) => {}
            None => {
                first.insert(fold(&name), (name, at));
            }
        }
    }
    Ok(())
}

/// A `station = "…"` line, checked.
fn station(
    given: Option<&Spanned<String>>,
    err: &impl Fn(usize, String) -> FileError,
) -> Result<Option<String>, FileError> {
    given
        .map(|s| {
            crate::domain::station::check_name(s.get_ref())
                .map_err(|e| err(s.span().start, e.to_string()))
        })
        .transpose()
}

/// Longest `sku`; Meta's retailer ids are short codes.
const SKU_MAX_CHARS: usize = 100;

/// A product's `sku`: trimmed, 1 to [`SKU_MAX_CHARS`] characters without control
/// characters, and unique across the file.
fn sku(
    given: Option<&Spanned<String>>,
    seen: &mut HashSet<String>,
    err: &impl Fn(usize, String) -> FileError,
) -> Result<Option<String>, FileError> {
    let Some(s) = given else { return Ok(None) };
    let at = s.span().start;
    let v = s.get_ref().trim();
    if v.is_empty() || v.chars().count() > SKU_MAX_CHARS || v.chars().any(char::is_control) {
        return Err(err(
            at,
            format!(
                "sku '{v}' is empty, too long or has control characters (1 to {SKU_MAX_CHARS})"
            ),
        ));
    }
    if !seen.insert(v.to_string()) {
        return Err(err(at, format!("sku '{v}' is given to two products")));
    }
    Ok(Some(v.to_string()))
}

/// Check a product's aliases like names; one that repeats the name or another alias is refused.
fn aliases(
    name: &str,
    given: &[Spanned<String>],
    err: &impl Fn(usize, String) -> FileError,
) -> Result<Vec<String>, FileError> {
    let mut seen = HashSet::from([fold(name)]);
    let mut out = Vec::new();
    for a in given {
        let at = a.span().start;
        let alias = menu::check_name(a.get_ref()).map_err(|e| err(at, e.to_string()))?;
        if !seen.insert(fold(&alias)) {
            return Err(err(
                at,
                format!("alias '{alias}' of '{name}' repeats a name"),
            ));
        }
        out.push(alias);
    }
    Ok(out)
}

fn money(v: &Spanned<PriceValue>, signed: bool) -> Result<Money, String> {
    let text = match v.get_ref() {
        PriceValue::Text(s) => s.clone(),
        PriceValue::Whole(n) => n.to_string(),
        PriceValue::Float(f) => {
            return Err(format!(
                "write prices as text, e.g. \"{f:.2}\", not as a float"
            ));
        }
    };
    let r = if signed {
        Money::parse_signed(&text)
    } else {
        Money::parse(&text)
    };
    r.map_err(|e| e.to_string())
}

fn line_of(src: &str, offset: usize) -> usize {
    src.get(..offset.min(src.len()))
        .map_or(1, |s| s.matches('\n').count() + 1)
}

mod export;

pub use export::export_with;

#[cfg(test)]
mod tests;
