//! The all-day count: how many of each item (and of each option combination)
//! the kitchen still has to make across the orders in new or preparing.

use std::collections::BTreeMap;

use crate::domain::order::{Order, OrderStatus};

/// One item on the all-day panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AllDayItem {
    /// Item name as ordered (cleaned when drawn).
    pub name: String,
    /// Sum of quantities over all variants.
    pub total: i64,
    /// Option combinations (sorted option names; empty = plain) with their counts,
    /// most first.
    pub variants: Vec<(Vec<String>, i64)>,
}

/// Count what is still to make. Orders already ready or further are done for
/// the kitchen and are not counted. Most-needed item first.
pub(crate) fn all_day(orders: &[Order]) -> Vec<AllDayItem> {
    let mut by_name: BTreeMap<&str, BTreeMap<Vec<String>, i64>> = BTreeMap::new();
    let to_make = orders
        .iter()
        .filter(|o| matches!(o.status, OrderStatus::New | OrderStatus::Preparing));
    for item in to_make.flat_map(|o| &o.items) {
        let mut opts = item.options.clone();
        opts.sort();
        *by_name
            .entry(&item.name)
            .or_default()
            .entry(opts)
            .or_default() += item.quantity;
    }
    let mut out: Vec<AllDayItem> = by_name
        .into_iter()
        .map(|(name, variants)| {
            let mut variants: Vec<(Vec<String>, i64)> = variants.into_iter().collect();
            variants.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            AllDayItem {
                name: name.to_string(),
                total: variants.iter().map(|v| v.1).sum(),
                variants,
            }
        })
        .collect();
    out.sort_by(|a, b| b.total.cmp(&a.total).then_with(|| a.name.cmp(&b.name)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kds::testutil::{item, order};

    #[test]
    fn counts_new_and_preparing_only_grouping_option_sets() {
        let mut a = order(1, 0);
        a.items = vec![
            item(2, "Tavuk Dürüm", &["Acılı", "Soğansız"]),
            item(1, "Ayran", &[]),
        ];
        let mut b = order(2, 0);
        b.status = OrderStatus::Preparing;
        b.items = vec![
            item(1, "Tavuk Dürüm", &["Soğansız", "Acılı"]),
            item(1, "Tavuk Dürüm", &[]),
        ];
        let mut c = order(3, 0);
        c.status = OrderStatus::Ready;
        c.items = vec![item(5, "Ayran", &[])];
        let rows = all_day(&[a, b, c]);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].name, "Tavuk Dürüm");
        assert_eq!(rows[0].total, 4);
        assert_eq!(
            rows[0].variants,
            vec![
                (vec!["Acılı".to_string(), "Soğansız".to_string()], 3),
                (vec![], 1)
            ]
        );
        assert_eq!((rows[1].name.as_str(), rows[1].total), ("Ayran", 1));
    }

    #[test]
    fn nothing_to_make() {
        let mut c = order(3, 0);
        c.status = OrderStatus::OutForDelivery;
        assert!(all_day(&[c]).is_empty());
    }
}
