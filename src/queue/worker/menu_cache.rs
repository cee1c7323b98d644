//! The worker's menu, kept between batches: read again only when the `menu_version`
//! counter (moved by triggers on the four menu tables, whoever writes them) has moved,
//! instead of four statements and a rebuilt menu for every batch.
//!
//! The counter is read (with the rest of the shop's state) before the menu, each in its own snapshot: a change landing between
//! the two is caught by the next batch (the value kept is the older one), never missed.

use crate::domain::menu::Menu;
use crate::store::{Exec, StoreError, menu};

/// The menu as of a value of the counter.
#[derive(Default)]
pub(super) struct MenuCache {
    kept: Option<(i64, Menu)>,
}

impl MenuCache {
    /// The current menu: the kept one while the counter has not moved. `version` is the
    /// counter as the batch read it ([`crate::store::worker_reads::shop_state`]), before
    /// the menu.
    pub async fn get(
        &mut self,
        conn: &mut Exec<'_>,
        version: Option<i64>,
    ) -> Result<&Menu, StoreError> {
        // without the counter (a schema before it), the menu is read every time
        let fresh = match (&self.kept, version) {
            (Some((kept, _)), Some(v)) => *kept != v,
            _ => true,
        };
        if fresh {
            let m = menu::load(conn).await?;
            self.kept = Some((version.unwrap_or(i64::MIN), m));
        }
        match &self.kept {
            Some((_, m)) => Ok(m),
            None => Err(StoreError::NotFound),
        }
    }
}

impl MenuCache {
    /// The menu [`MenuCache::get`] last returned.
    pub fn kept(&self) -> Result<&Menu, StoreError> {
        self.kept
            .as_ref()
            .map(|(_, m)| m)
            .ok_or(StoreError::NotFound)
    }
}

#[cfg(test)]
mod tests {
    use super::MenuCache;
    use crate::domain::Money;
    use crate::domain::time::At;
    use crate::store::{Db, menu, worker_reads};

    async fn product_count(cache: &mut MenuCache, db: &Db) -> usize {
        let mut reader = db.read().await.expect("read");
        let version =
            worker_reads::shop_state(&mut reader.exec(), At::from_millis(0), At::from_millis(0))
                .await
                .expect("state")
                .menu_version;
        let m = cache.get(&mut reader.exec(), version).await.expect("menu");
        m.products.len()
    }

    /// Every change to the menu, through the store's own functions, reaches a worker that
    /// keeps its menu; a batch without a change reads no menu table.
    async fn a_kept_menu_follows_every_change(db: &Db) {
        let mut cache = MenuCache::default();
        let mut tx = db.begin().await.expect("begin");
        let id = menu::add_product(
            &mut tx.exec(),
            "Dürümler",
            "Tavuk dürüm",
            Money::from_minor(15000),
            "",
        )
        .await
        .expect("product");
        tx.commit().await.expect("commit");
        assert_eq!(product_count(&mut cache, db).await, 1);
        let kept = cache.kept.as_ref().map(|(v, _)| *v);
        assert_eq!(product_count(&mut cache, db).await, 1);
        assert_eq!(
            cache.kept.as_ref().map(|(v, _)| *v),
            kept,
            "nothing changed: kept"
        );

        let mut tx = db.begin().await.expect("begin");
        menu::set_available(&mut tx.exec(), id, false, At::from_millis(1))
            .await
            .expect("86");
        tx.commit().await.expect("commit");
        let mut reader = db.read().await.expect("read");
        let version =
            worker_reads::shop_state(&mut reader.exec(), At::from_millis(1), At::from_millis(0))
                .await
                .expect("state")
                .menu_version;
        let m = cache.get(&mut reader.exec(), version).await.expect("menu");
        assert!(!m.products[0].available, "the 86 is seen");
        drop(reader);
        let after = cache.kept.as_ref().map(|(v, _)| *v);
        assert!(after > kept, "{after:?} after {kept:?}");

        let mut tx = db.begin().await.expect("begin");
        menu::set_price(&mut tx.exec(), id, Money::from_minor(17500))
            .await
            .expect("price");
        menu::add_product(
            &mut tx.exec(),
            "Dürümler",
            "Et dürüm",
            Money::from_minor(20000),
            "",
        )
        .await
        .expect("product");
        tx.commit().await.expect("commit");
        assert_eq!(product_count(&mut cache, db).await, 2);
        let mut tx = db.begin().await.expect("begin");
        menu::remove(&mut tx.exec(), id).await.expect("remove");
        tx.commit().await.expect("commit");
        assert_eq!(product_count(&mut cache, db).await, 1);
    }

    #[tokio::test]
    async fn sqlite_kept_menu_follows_every_change() {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = format!("sqlite://{}", dir.path().join("m.db").display());
        let db = Db::connect(&url).await.expect("db");
        a_kept_menu_follows_every_change(&db).await;
        db.close().await;
    }

    #[tokio::test]
    async fn postgres_kept_menu_follows_every_change() {
        let Ok(url) = std::env::var("MAYDANOZ_TEST_POSTGRES_URL") else {
            assert!(
                std::env::var("MAYDANOZ_REQUIRE_POSTGRES").is_err(),
                "MAYDANOZ_REQUIRE_POSTGRES is set but MAYDANOZ_TEST_POSTGRES_URL is not"
            );
            return;
        };
        let scratch = crate::store::scratch::Scratch::like(&url, "maydanoz_menu_cache")
            .await
            .expect("scratch");
        let db = Db::connect(&scratch.url).await.expect("db");
        a_kept_menu_follows_every_change(&db).await;
        db.close().await;
        scratch.remove().await;
    }
}
