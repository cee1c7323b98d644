//! The menu aggregate: categories, products, option groups and options.
//!
//! Nothing is cached: the bot and the kitchen display load the menu when they
//! need it, so an owner's change in another terminal is seen at once. Loading and
//! the owner's single edits are here; a whole menu file is upserted by [`import()`]
//! (re-exported here).

mod import;

pub use import::import;

use super::{Exec, StoreError, counters};
use crate::args;
use crate::domain::Money;
use crate::domain::menu::{Category, Menu, OptionGroup, Product, ProductOption};
use crate::domain::text::fold;
use crate::domain::time::At;

#[derive(sqlx::FromRow)]
struct CategoryRow {
    id: i64,
    name: String,
    sort: i64,
    name_en: Option<String>,
}

#[derive(sqlx::FromRow)]
struct ProductRow {
    id: i64,
    category_id: i64,
    name: String,
    description: String,
    price_minor: i64,
    available: bool,
    sort: i64,
    /// One alias per line (names hold no control characters).
    aliases: String,
    name_en: Option<String>,
    sku: Option<String>,
}

#[derive(sqlx::FromRow)]
struct GroupRow {
    id: i64,
    product_id: i64,
    name: String,
    min_choices: i64,
    max_choices: i64,
    sort: i64,
    name_en: Option<String>,
}

#[derive(sqlx::FromRow)]
struct OptionRow {
    id: i64,
    group_id: i64,
    name: String,
    price_delta_minor: i64,
    sort: i64,
    name_en: Option<String>,
}

/// Load the whole menu in display order.
pub async fn load(conn: &mut Exec<'_>) -> Result<Menu, StoreError> {
    let cats: Vec<CategoryRow> = conn
        .fetch_all(
            "SELECT id, name, sort, name_en FROM categories ORDER BY sort, id",
            args![],
        )
        .await?;
    let prods: Vec<ProductRow> = conn
        .fetch_all(
            r#"SELECT p.id, p.category_id, p.name, p.description, p.price_minor, p.available, p.sort,
                      p.aliases, p.name_en, p.sku
               FROM products p JOIN categories c ON c.id = p.category_id
               ORDER BY c.sort, c.id, p.sort, p.id"#,
            args![],
        )
        .await?;
    let groups: Vec<GroupRow> = conn
        .fetch_all("SELECT id, product_id, name, min_choices, max_choices, sort, name_en FROM option_groups ORDER BY sort, id", args![])
        .await?;
    let opts: Vec<OptionRow> = conn
        .fetch_all(
            "SELECT id, group_id, name, price_delta_minor, sort, name_en FROM options ORDER BY sort, id",
            args![],
        )
        .await?;
    Ok(assemble(cats, prods, groups, opts))
}

/// The menu from its rows: groups under their products (required first), options
/// under their groups, categories in the order read.
fn assemble(
    cats: Vec<CategoryRow>,
    prods: Vec<ProductRow>,
    groups: Vec<GroupRow>,
    opts: Vec<OptionRow>,
) -> Menu {
    let mut products: Vec<Product> = prods.into_iter().map(ProductRow::into_product).collect();
    let mut by_group: std::collections::HashMap<i64, Vec<ProductOption>> =
        std::collections::HashMap::new();
    for o in opts {
        by_group.entry(o.group_id).or_default().push(ProductOption {
            id: o.id,
            name: o.name,
            price_delta: Money::from_minor(o.price_delta_minor),
            sort: o.sort,
            name_en: o.name_en,
        });
    }
    for g in groups {
        if let Some(p) = products.iter_mut().find(|p| p.id == g.product_id) {
            p.groups.push(OptionGroup {
                id: g.id,
                name: g.name,
                min: u32::try_from(g.min_choices).unwrap_or(0),
                max: u32::try_from(g.max_choices).unwrap_or(1),
                sort: g.sort,
                options: by_group.remove(&g.id).unwrap_or_default(),
                name_en: g.name_en,
            });
        }
    }
    for p in &mut products {
        p.groups.sort_by_key(|g| (!g.required(), g.sort, g.id));
    }
    Menu {
        categories: cats
            .into_iter()
            .map(|c| Category {
                id: c.id,
                name: c.name,
                sort: c.sort,
                name_en: c.name_en,
            })
            .collect(),
        products,
    }
}

impl ProductRow {
    /// The product without its groups (they are attached by [`assemble`]).
    fn into_product(self) -> Product {
        let p = self;
        Product {
            id: p.id,
            category_id: p.category_id,
            name: p.name,
            description: p.description,
            price: Money::from_minor(p.price_minor),
            available: p.available,
            sort: p.sort,
            groups: Vec::new(),
            aliases: p
                .aliases
                .lines()
                .filter(|a| !a.is_empty())
                .map(String::from)
                .collect(),
            name_en: p.name_en,
            sku: p.sku,
        }
    }
}

/// Find or create a category by name (case- and accent-insensitive).
async fn category_id(conn: &mut Exec<'_>, name: &str) -> Result<i64, StoreError> {
    let key = fold(name);
    if let Some((id,)) = conn
        .fetch_optional::<(i64,)>(
            "SELECT id FROM categories WHERE name_key = $1",
            args![key.clone()],
        )
        .await?
    {
        return Ok(id);
    }
    let sort = conn
        .scalar(
            "SELECT COALESCE(MAX(sort), -1) + 1 FROM categories",
            args![],
        )
        .await?;
    conn.scalar(
        "INSERT INTO categories (name, name_key, sort) VALUES ($1, $2, $3) RETURNING id",
        args![name, key, sort],
    )
    .await
}

/// Add a product; refuses a second product of the same name in a category.
pub async fn add_product(
    conn: &mut Exec<'_>,
    category: &str,
    name: &str,
    price: Money,
    description: &str,
) -> Result<i64, StoreError> {
    let cat = category_id(conn, category).await?;
    let sort = conn
        .scalar(
            "SELECT COALESCE(MAX(sort), -1) + 1 FROM products WHERE category_id = $1",
            args![cat],
        )
        .await?;
    let r = conn
        .scalar(
            r#"INSERT INTO products (category_id, name, name_key, description, price_minor, available, sort)
               VALUES ($1, $2, $3, $4, $5, TRUE, $6) RETURNING id"#,
            args![cat, name, fold(name), description, price.minor(), sort],
        )
        .await;
    let id = r.map_err(|e| {
        if e.is_unique_violation() {
            StoreError::Conflict(format!("'{name}' already exists in '{category}'"))
        } else {
            e
        }
    })?;
    counters::bump_change_seq(conn).await?;
    Ok(id)
}

/// A product picked by the owner: its id and names, for messages.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ProductRef {
    pub id: i64,
    pub name: String,
    pub category: String,
    pub price_minor: i64,
    pub available: bool,
}

/// Resolve `ID` or `NAME` as typed on the command line.
pub async fn resolve(conn: &mut Exec<'_>, key: &str) -> Result<ProductRef, StoreError> {
    if let Ok(id) = key.trim().parse::<i64>() {
        return conn
            .fetch_optional(
                r#"SELECT p.id, p.name, c.name AS category, p.price_minor, p.available
                   FROM products p JOIN categories c ON c.id = p.category_id WHERE p.id = $1"#,
                args![id],
            )
            .await?
            .ok_or_else(|| StoreError::Invalid(format!("no product with id {id}")));
    }
    let found: Vec<ProductRef> = conn
        .fetch_all(
            r#"SELECT p.id, p.name, c.name AS category, p.price_minor, p.available
               FROM products p JOIN categories c ON c.id = p.category_id WHERE p.name_key = $1 ORDER BY p.id"#,
            args![fold(key)],
        )
        .await?;
    match found.len() {
        0 => Err(StoreError::Invalid(format!(
            "no product named '{}'",
            key.trim()
        ))),
        1 => Ok(found.into_iter().next().ok_or(StoreError::NotFound)?),
        _ => Err(StoreError::Invalid(format!(
            "'{}' is in several categories ({}); use its id",
            key.trim(),
            found
                .iter()
                .map(|p| format!("{} #{}", p.category, p.id))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

pub async fn set_price(conn: &mut Exec<'_>, id: i64, price: Money) -> Result<(), StoreError> {
    if conn
        .execute(
            "UPDATE products SET price_minor = $1 WHERE id = $2",
            args![price.minor(), id],
        )
        .await?
        == 0
    {
        return Err(StoreError::NotFound);
    }
    counters::bump_change_seq(conn).await?;
    Ok(())
}

/// 86 a product or bring it back. A real change is also written to
/// `availability_changes` with its time (`now`), for the report.
pub async fn set_available(
    conn: &mut Exec<'_>,
    id: i64,
    available: bool,
    now: At,
) -> Result<(), StoreError> {
    super::report::record_availability(conn, id, available, now).await?;
    if conn
        .execute(
            "UPDATE products SET available = $1 WHERE id = $2",
            args![available, id],
        )
        .await?
        == 0
    {
        return Err(StoreError::NotFound);
    }
    counters::bump_change_seq(conn).await?;
    Ok(())
}

/// Remove a product and its option groups; past orders keep their copied lines.
pub async fn remove(conn: &mut Exec<'_>, id: i64) -> Result<(), StoreError> {
    if conn
        .execute("DELETE FROM products WHERE id = $1", args![id])
        .await?
        == 0
    {
        return Err(StoreError::NotFound);
    }
    counters::bump_change_seq(conn).await?;
    Ok(())
}
