//! `maydanoz menu …`

use anyhow::Context as _;
use serde::Serialize;

use super::{Admin, Table, from_store, user};
use crate::cli::MenuCmd;
use crate::domain::Money;
use crate::domain::menu::{self, Menu};
use crate::domain::menu_file;
use crate::store::menu as store;

pub async fn run(a: &Admin, cmd: MenuCmd) -> anyhow::Result<()> {
    match cmd {
        MenuCmd::Add {
            category,
            name,
            price,
            description,
        } => add(a, &category, &name, &price, &description).await,
        MenuCmd::List { json } => list(a, json).await,
        MenuCmd::Price { product, price } => price_cmd(a, &product, &price).await,
        MenuCmd::Remove { product } => remove(a, &product).await,
        MenuCmd::Unavailable { product } => availability(a, &product, false).await,
        MenuCmd::Available { product } => availability(a, &product, true).await,
        MenuCmd::Import { file } => import(a, &file).await,
        MenuCmd::Export => export(a).await,
    }
}

fn parse_price(p: &str) -> anyhow::Result<Money> {
    Money::parse(p).map_err(|e| user(format!("price: {e}")))
}

async fn add(
    a: &Admin,
    category: &str,
    name: &str,
    price: &str,
    description: &str,
) -> anyhow::Result<()> {
    let price = parse_price(price)?;
    let category = menu::check_name(category).map_err(|e| user(format!("category: {e}")))?;
    let name = menu::check_name(name).map_err(|e| user(format!("name: {e}")))?;
    let description = crate::domain::text::clean(description.trim());
    let mut tx = a.db.begin().await?;
    let id = store::add_product(&mut tx.exec(), &category, &name, price, &description)
        .await
        .map_err(from_store)?;
    tx.commit().await?;
    println!("added #{id} {name} ({category}) at {}", a.money(price));
    Ok(())
}

/// One product as `menu list --json` prints it.
#[derive(Serialize)]
struct JsonProduct<'a> {
    id: i64,
    category: &'a str,
    name: &'a str,
    description: &'a str,
    price_minor: i64,
    available: bool,
    option_groups: Vec<JsonGroup<'a>>,
    /// English name, when the menu file gives one.
    name_en: Option<&'a str>,
    /// Stock code matched against Meta catalog carts.
    sku: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonGroup<'a> {
    name: &'a str,
    min: u32,
    max: u32,
    options: Vec<JsonOption<'a>>,
}

#[derive(Serialize)]
struct JsonOption<'a> {
    name: &'a str,
    price_delta_minor: i64,
}

async fn list(a: &Admin, json: bool) -> anyhow::Result<()> {
    let m = store::load(&mut a.db.read().await?.exec()).await?;
    if json {
        println!("{}", serde_json::to_string_pretty(&json_products(&m))?);
        return Ok(());
    }
    if m.products.is_empty() {
        println!("The menu is empty. Load the sample with: maydanoz menu import menu.sample.toml");
        return Ok(());
    }
    let mut t =
        Table::new(&["ID", "CATEGORY", "NAME", "PRICE", "STATUS", "OPTIONS"]).right(&[0, 3]);
    for p in &m.products {
        let cat = m.category(p.category_id).map_or("", |c| c.name.as_str());
        let groups: Vec<String> = p
            .groups
            .iter()
            .map(|g| format!("{} ({})", g.name, g.options.len()))
            .collect();
        t.row(vec![
            p.id.to_string(),
            cat.to_string(),
            p.name.clone(),
            a.money(p.price),
            if p.available {
                "available".into()
            } else {
                "86'd".into()
            },
            groups.join(", "),
        ]);
    }
    print!("{}", t.render());
    Ok(())
}

fn json_products(m: &Menu) -> Vec<JsonProduct<'_>> {
    m.products
        .iter()
        .map(|p| JsonProduct {
            id: p.id,
            category: m.category(p.category_id).map_or("", |c| c.name.as_str()),
            name: &p.name,
            description: &p.description,
            price_minor: p.price.minor(),
            available: p.available,
            option_groups: p
                .groups
                .iter()
                .map(|g| JsonGroup {
                    name: &g.name,
                    min: g.min,
                    max: g.max,
                    options: g
                        .options
                        .iter()
                        .map(|o| JsonOption {
                            name: &o.name,
                            price_delta_minor: o.price_delta.minor(),
                        })
                        .collect(),
                })
                .collect(),
            name_en: p.name_en.as_deref(),
            sku: p.sku.as_deref(),
        })
        .collect()
}

async fn price_cmd(a: &Admin, key: &str, price: &str) -> anyhow::Result<()> {
    let price = parse_price(price)?;
    let mut tx = a.db.begin().await?;
    let p = store::resolve(&mut tx.exec(), key)
        .await
        .map_err(from_store)?;
    store::set_price(&mut tx.exec(), p.id, price)
        .await
        .map_err(from_store)?;
    tx.commit().await?;
    println!(
        "{} #{}: {} → {}",
        p.name,
        p.id,
        a.money(Money::from_minor(p.price_minor)),
        a.money(price)
    );
    Ok(())
}

async fn remove(a: &Admin, key: &str) -> anyhow::Result<()> {
    let mut tx = a.db.begin().await?;
    let p = store::resolve(&mut tx.exec(), key)
        .await
        .map_err(from_store)?;
    store::remove(&mut tx.exec(), p.id)
        .await
        .map_err(from_store)?;
    tx.commit().await?;
    println!("removed #{} {} ({})", p.id, p.name, p.category);
    Ok(())
}

async fn availability(a: &Admin, key: &str, available: bool) -> anyhow::Result<()> {
    let mut tx = a.db.begin().await?;
    let p = store::resolve(&mut tx.exec(), key)
        .await
        .map_err(from_store)?;
    store::set_available(&mut tx.exec(), p.id, available, crate::clock::now())
        .await
        .map_err(from_store)?;
    tx.commit().await?;
    if available {
        println!("{} #{} is available again", p.name, p.id);
    } else {
        println!(
            "{} #{} is 86'd: the bot stops offering it now",
            p.name, p.id
        );
    }
    Ok(())
}

async fn import(a: &Admin, path: &std::path::Path) -> anyhow::Result<()> {
    let src = std::fs::read_to_string(path)
        .map_err(|e| user(format!("cannot read {}: {e}", path.display())))?;
    let parsed =
        menu_file::parse(&src, &path.display().to_string()).map_err(|e| user(e.to_string()))?;
    let mut tx = a.db.begin().await?;
    let s = store::import(&mut tx.exec(), &parsed)
        .await
        .map_err(from_store)
        .context("import failed; nothing was changed")?;
    tx.commit().await?;
    println!(
        "imported {} categories, {} products, {} option groups, {} options from {}",
        s.categories,
        s.products,
        s.groups,
        s.options,
        path.display()
    );
    Ok(())
}

async fn export(a: &Admin) -> anyhow::Result<()> {
    let mut reader = a.db.read().await?;
    let m = store::load(&mut reader.exec()).await?;
    let st = crate::store::stations::of_menu(&mut reader.exec()).await?;
    print!("{}", menu_file::export_with(&m, &st));
    Ok(())
}
