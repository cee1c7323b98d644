//! `menu export`: the menu written as the file [`super`] reads, so that
//! importing it reproduces the menu exactly (ids, stations and all).

use std::fmt::Write as _;

use crate::domain::Money;
use crate::domain::menu::Menu;

fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// The menu as an importable file, with the menu's stations (`station = "…"`
/// lines); importing it reproduces the menu exactly.
pub fn export_with(m: &Menu, st: &crate::domain::menu::Stations) -> String {
    let mut out = String::from("# Maydanoz menu. Load it with: maydanoz menu import <file>\n");
    for c in &m.categories {
        let _ = write!(out, "\n[[category]]\nname = {}\n", quoted(&c.name));
        if let Some(en) = &c.name_en {
            let _ = writeln!(out, "name_en = {}", quoted(en));
        }
        if let Some(s) = st.categories.get(&c.id) {
            let _ = writeln!(out, "station = {}", quoted(s));
        }
        for p in m.products.iter().filter(|p| p.category_id == c.id) {
            let _ = write!(out, "\n[[category.product]]\nname = {}\n", quoted(&p.name));
            if let Some(en) = &p.name_en {
                let _ = writeln!(out, "name_en = {}", quoted(en));
            }
            if let Some(sku) = &p.sku {
                let _ = writeln!(out, "sku = {}", quoted(sku));
            }
            let _ = writeln!(out, "price = {}", quoted(&p.price.to_plain()));
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
                    "\n[[category.product.group]]\nname = {}\n",
                    quoted(&g.name)
                );
                if let Some(en) = &g.name_en {
                    let _ = writeln!(out, "name_en = {}", quoted(en));
                }
                let _ = write!(out, "min = {}\nmax = {}\noptions = [\n", g.min, g.max);
                for o in &g.options {
                    let mut fields = vec![format!("name = {}", quoted(&o.name))];
                    if o.price_delta != Money::ZERO {
                        fields.push(format!("price = {}", quoted(&o.price_delta.to_plain())));
                    }
                    if let Some(en) = &o.name_en {
                        fields.push(format!("name_en = {}", quoted(en)));
                    }
                    let _ = writeln!(out, "    {{ {} }},", fields.join(", "));
                }
                out.push_str("]\n");
            }
        }
    }
    out
}
