//! `menu import`: a whole menu file upserted in one transaction, matched by names
//! so that ids stay stable across re-imports.

use super::category_id;
use crate::args;
use crate::domain::menu::{ImportGroup, ImportProduct, MenuImport};
use crate::domain::text::fold;
use crate::store::{Exec, StoreError, counters, stations};

/// What an import changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportSummary {
    pub categories: usize,
    pub products: usize,
    pub groups: usize,
    pub options: usize,
}

/// Upsert a whole menu file. Categories match by name, products by category and
/// name, groups by product and name, options by group and name, so ids stay
/// stable across re-imports. A product's groups and options not in the file are
/// removed; products not in the file are left alone. Run it inside one
/// transaction: a failure leaves the menu as it was.
pub async fn import(conn: &mut Exec<'_>, file: &MenuImport) -> Result<ImportSummary, StoreError> {
    let mut s = ImportSummary::default();
    free_skus(conn, file).await?;
    for (ci, cat) in file.categories.iter().enumerate() {
        let cat_id = category_id(conn, &cat.name).await?;
        conn.execute(
            "UPDATE categories SET name = $1, sort = $2, name_en = $3 WHERE id = $4",
            args![cat.name.as_str(), ci as i64, cat.name_en.clone(), cat_id],
        )
        .await?;
        s.categories += 1;
        for (pi, p) in cat.products.iter().enumerate() {
            import_product(conn, cat_id, pi, p, &mut s).await?;
        }
    }
    stations::import(conn, file).await?;
    counters::bump_change_seq(conn).await?;
    Ok(s)
}

/// A sku the file gives is taken from whichever product held it before.
async fn free_skus(conn: &mut Exec<'_>, file: &MenuImport) -> Result<(), StoreError> {
    for sku in file
        .categories
        .iter()
        .flat_map(|c| &c.products)
        .filter_map(|p| p.sku.as_deref())
    {
        conn.execute("UPDATE products SET sku = NULL WHERE sku = $1", args![sku])
            .await?;
    }
    Ok(())
}

/// Upsert one product (the `pi`th of its category) with its groups; the
/// product's groups the file no longer lists are removed.
async fn import_product(
    conn: &mut Exec<'_>,
    cat_id: i64,
    pi: usize,
    p: &ImportProduct,
    s: &mut ImportSummary,
) -> Result<(), StoreError> {
    let pid = conn
        .scalar(
            r#"INSERT INTO products (category_id, name, name_key, description, price_minor, available, sort, aliases)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
               ON CONFLICT (category_id, name_key) DO UPDATE SET
                 name = excluded.name, description = excluded.description,
                 price_minor = excluded.price_minor, available = excluded.available, sort = excluded.sort,
                 aliases = excluded.aliases
               RETURNING id"#,
            args![cat_id, p.name.as_str(), fold(&p.name), p.description.as_str(), p.price.minor(), p.available, pi as i64, p.aliases.join("\n")],
        )
        .await?;
    conn.execute(
        "UPDATE products SET name_en = $1, sku = $2 WHERE id = $3",
        args![p.name_en.clone(), p.sku.clone(), pid],
    )
    .await?;
    s.products += 1;
    let mut keep_groups = Vec::new();
    for (gi, g) in p.groups.iter().enumerate() {
        keep_groups.push(import_group(conn, pid, gi, g, s).await?);
    }
    prune_groups(conn, pid, &keep_groups).await
}

/// Upsert one option group (the `gi`th of its product) with its options; the
/// group's options the file no longer lists are removed. Returns the group's id.
async fn import_group(
    conn: &mut Exec<'_>,
    pid: i64,
    gi: usize,
    g: &ImportGroup,
    s: &mut ImportSummary,
) -> Result<i64, StoreError> {
    let gid = conn
        .scalar(
            r#"INSERT INTO option_groups (product_id, name, min_choices, max_choices, sort)
               VALUES ($1, $2, $3, $4, $5)
               ON CONFLICT (product_id, name) DO UPDATE SET
                 min_choices = excluded.min_choices, max_choices = excluded.max_choices, sort = excluded.sort
               RETURNING id"#,
            args![pid, g.name.as_str(), i64::from(g.min), i64::from(g.max), gi as i64],
        )
        .await?;
    conn.execute(
        "UPDATE option_groups SET name_en = $1 WHERE id = $2",
        args![g.name_en.clone(), gid],
    )
    .await?;
    s.groups += 1;
    let mut keep_opts = Vec::new();
    for (oi, (oname, delta)) in g.options.iter().enumerate() {
        let oid = conn
            .scalar(
                r#"INSERT INTO options (group_id, name, price_delta_minor, sort) VALUES ($1, $2, $3, $4)
                   ON CONFLICT (group_id, name) DO UPDATE SET
                     price_delta_minor = excluded.price_delta_minor, sort = excluded.sort
                   RETURNING id"#,
                args![gid, oname.as_str(), delta.minor(), oi as i64],
            )
            .await?;
        let oname_en = g.options_en.get(oi).cloned().flatten();
        conn.execute(
            "UPDATE options SET name_en = $1 WHERE id = $2",
            args![oname_en, oid],
        )
        .await?;
        s.options += 1;
        keep_opts.push(oid);
    }
    prune_options(conn, gid, &keep_opts).await?;
    Ok(gid)
}

/// Delete a group's options that the file no longer lists.
async fn prune_options(conn: &mut Exec<'_>, group_id: i64, keep: &[i64]) -> Result<(), StoreError> {
    let existing: Vec<(i64,)> = conn
        .fetch_all(
            "SELECT id FROM options WHERE group_id = $1",
            args![group_id],
        )
        .await?;
    for (id,) in existing.into_iter().filter(|(id,)| !keep.contains(id)) {
        conn.execute("DELETE FROM options WHERE id = $1", args![id])
            .await?;
    }
    Ok(())
}

/// Delete a product's option groups that the file no longer lists.
async fn prune_groups(
    conn: &mut Exec<'_>,
    product_id: i64,
    keep: &[i64],
) -> Result<(), StoreError> {
    let existing: Vec<(i64,)> = conn
        .fetch_all(
            "SELECT id FROM option_groups WHERE product_id = $1",
            args![product_id],
        )
        .await?;
    for (id,) in existing.into_iter().filter(|(id,)| !keep.contains(id)) {
        conn.execute("DELETE FROM option_groups WHERE id = $1", args![id])
            .await?;
    }
    Ok(())
}
