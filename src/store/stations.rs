//! Stations in the store: which station the menu gives a category or a
//! product (written by `menu import`, read by `menu export` and by the check
//! of `--station`), and the per-line "done at this station" times that a
//! station screen sets and recalls. An order line copies its station when the
//! order is inserted (`orders::insert`); here it is only read and stamped.

use super::{Exec, StoreError, counters};
use crate::args;
use crate::domain::menu::{MenuImport, Stations};
use crate::domain::text::fold;
use crate::domain::time::At;

/// Set the stations a menu file names (and clear those it no longer names) on
/// the categories and products it lists. Part of `menu::import`'s transaction.
pub(crate) async fn import(conn: &mut Exec<'_>, file: &MenuImport) -> Result<(), StoreError> {
    for c in &file.categories {
        let key = fold(&c.name);
        conn.execute(
            "UPDATE categories SET station = $1 WHERE name_key = $2",
            args![c.station.clone(), key.as_str()],
        )
        .await?;
        for p in &c.products {
            conn.execute(
                r#"UPDATE products SET station = $1
                   WHERE name_key = $2 AND category_id = (SELECT id FROM categories WHERE name_key = $3)"#,
                args![p.station.clone(), fold(&p.name), key.as_str()],
            )
            .await?;
        }
    }
    Ok(())
}

/// The stations the menu names, by category and product id.
pub async fn of_menu(conn: &mut Exec<'_>) -> Result<Stations, StoreError> {
    let cats: Vec<(i64, String)> = conn
        .fetch_all(
            "SELECT id, station FROM categories WHERE station IS NOT NULL",
            args![],
        )
        .await?;
    let prods: Vec<(i64, String)> = conn
        .fetch_all(
            "SELECT id, station FROM products WHERE station IS NOT NULL",
            args![],
        )
        .await?;
    Ok(Stations {
        categories: cats.into_iter().collect(),
        products: prods.into_iter().collect(),
    })
}

/// Every station the menu names, sorted (what `--station` may name, besides `expo`).
pub async fn known(conn: &mut Exec<'_>) -> Result<Vec<String>, StoreError> {
    Ok(of_menu(conn).await?.names())
}

/// Mark lines `positions` of order `order_id` done at their station at `at`
/// (`Some`), or not done (`None`: a recall). Compare-and-set per line: a line
/// already in that state, or without a station, is left alone and not
/// counted. Returns how many lines changed; bumps the change sequence when any
/// did, so every screen (here, in other processes, remote) follows.
pub(crate) async fn set_done(
    conn: &mut Exec<'_>,
    order_id: i64,
    positions: &[usize],
    at: Option<At>,
) -> Result<usize, StoreError> {
    let at = at.map(At::as_millis);
    let mut changed = 0;
    for &pos in positions {
        let pos = i64::try_from(pos).map_err(|e| StoreError::Invalid(e.to_string()))?;
        let sql: &'static str = if at.is_some() {
            r#"UPDATE order_items SET station_done_at = $1
               WHERE order_id = $2 AND position = $3 AND station IS NOT NULL AND station_done_at IS NULL"#
        } else {
            r#"UPDATE order_items SET station_done_at = $1
               WHERE order_id = $2 AND position = $3 AND station IS NOT NULL AND station_done_at IS NOT NULL"#
        };
        changed += conn.execute(sql, args![at, order_id, pos]).await?;
    }
    if changed > 0 {
        counters::bump_change_seq(conn).await?;
    }
    Ok(usize::try_from(changed).unwrap_or(usize::MAX))
}
