//! The menu file that `menu import` reads and `menu export` writes (TOML).
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
//! Errors name the line and what is wrong; nothing is written unless the whole
//! file is valid.

use std::collections::HashSet;
use std::fmt::Write as _;

use serde::Deserialize;
use toml::Spanned;

use crate::domain::Money;
use crate::domain::menu::{self, ImportCategory, ImportGroup, ImportProduct, Menu, MenuImport};
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
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileOption {
    name: Spanned<String>,
    #[serde(default)]
    price: Option<Spanned<PriceValue>>,
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
    let mut out = MenuImport::default();
    let mut seen_cats = HashSet::new();
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
            station: station(c.station.as_ref(), &err)?,
        };
        let mut seen = HashSet::new();
        for p in c.products {
            cat.products.push(product(p, &mut seen, &err)?);
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
        let mut seen_opts = HashSet::new();
        for o in g.options {
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
        });
    }
    Ok(ImportProduct {
        name,
        price,
        description: crate::domain::text::clean(p.description.trim()),
        available: p.available,
        groups,
        aliases,
        station,
    })
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

fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// The menu as an importable file; importing it reproduces the menu exactly.
pub fn export(m: &Menu) -> String {
    export_with(m, &crate::domain::menu::Stations::default())
}

/// [`export`] with the menu's stations (`station = "…"` lines).
pub fn export_with(m: &Menu, st: &crate::domain::menu::Stations) -> String {
    let mut out = String::from("# Maydanoz menu. Load it with: maydanoz menu import <file>\n");
    for c in &m.categories {
        let _ = write!(out, "\n[[category]]\nname = {}\n", quoted(&c.name));
        if let Some(s) = st.categories.get(&c.id) {
            let _ = writeln!(out, "station = {}", quoted(s));
        }
        for p in m.products.iter().filter(|p| p.category_id == c.id) {
            let _ = write!(
                out,
                "\n[[category.product]]\nname = {}\nprice = {}\n",
                quoted(&p.name),
                quoted(&p.price.to_plain())
            );
            if let Some(s) = st.products.get(&p.id) {
                let _ = writeln!(out, "station = {}", quoted(s));
            }
            if !p.description.is_empty() {
                let _ = writeln!(out, "description = {}", quoted(&p.description));
            }
            if !p.aliases.is_empty() {
                let list: Vec<String> = p.aliases.iter().map(|a| quoted(a)).collect();
                let _ = writeln!(out, "aliases = [{}]", list.join(", "));
            }
            if !p.available {
                out.push_str("available = false\n");
            }
            for g in &p.groups {
                let _ = write!(
                    out,
                    "\n[[category.product.group]]\nname = {}\nmin = {}\nmax = {}\noptions = [\n",
                    quoted(&g.name),
                    g.min,
                    g.max
                );
                for o in &g.options {
                    if o.price_delta == Money::ZERO {
                        let _ = writeln!(out, "    {{ name = {} }},", quoted(&o.name));
                    } else {
                        let _ = writeln!(
                            out,
                            "    {{ name = {}, price = {} }},",
                            quoted(&o.name),
                            quoted(&o.price_delta.to_plain())
                        );
                    }
                }
                out.push_str("]\n");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_line() {
        let src = "[[category]]\nname = \"Dürümler\"\n\n[[category.product]]\nname = \"Tavuk\"\nprice = \"-5\"\n";
        let e = parse(src, "m.toml").expect_err("negative");
        assert_eq!(e.line, 6, "{e}");
        assert!(e.message.contains("negative"), "{e}");
        let src = "[[category]]\nname = \"D\"\n[[category.product]]\nname = \"A\"\nprice = 12.5\n";
        let e = parse(src, "m.toml").expect_err("float");
        assert_eq!(e.line, 5);
        let src = "[[category]]\nname = \"D\"\n[[category.product]]\nname = \"A\"\nprice = \"1\"\n[[category.product]]\nname = \"a\"\nprice = \"1\"\n";
        let e = parse(src, "m.toml").expect_err("dup");
        assert_eq!(e.line, 7);
        assert!(e.message.contains("twice"));
        let e =
            parse("[[category]]\nname = \"D\"\nprize = 1\n", "m.toml").expect_err("unknown key");
        assert_eq!(e.line, 3, "{e}");
        let src = "[[category]]\nname=\"D\"\n[[category.product]]\nname=\"A\"\nprice=\"1\"\n[[category.product.group]]\nname=\"G\"\nmin=2\nmax=1\noptions=[{name=\"x\"},{name=\"y\"}]\n";
        let e = parse(src, "m.toml").expect_err("min>max");
        assert_eq!(e.line, 7);
        assert!(parse("this is not toml", "m.toml").is_err());
        let src = "[[category]]\nname=\"D\"\n[[category.product]]\nname=\"Kola\"\nprice=\"1\"\naliases=[\"Coca Cola\", \"KOLA\"]\n";
        let e = parse(src, "m.toml").expect_err("alias repeats the name");
        assert_eq!(e.line, 6, "{e}");
        assert!(e.message.contains("alias"), "{e}");
    }

    #[test]
    fn aliases_round_trip() {
        let src = "[[category]]\nname = \"İçecekler\"\n\n[[category.product]]\nname = \"Kola\"\nprice = \"40.00\"\naliases = [\"Coca Cola\", \"Koka \\\"kola\\\"\"]\n";
        let parsed = parse(src, "m.toml").expect("parses");
        assert_eq!(
            parsed.categories[0].products[0].aliases,
            ["Coca Cola", "Koka \"kola\""]
        );
        let menu = parsed.to_menu();
        let again = parse(&export(&menu), "export").expect("export parses");
        assert_eq!(again, parsed);
    }
}
