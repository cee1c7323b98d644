//! A deleted product's, category's, option group's or option's id is never
//! given to a new one (SQLite without AUTOINCREMENT handed out the largest id again, so a cart
//! line or an old "prod:20" button named another product), and the SQLite migration that
//! rebuilds the menu tables keeps every row, id and reference.

use maydanoz::admin::menu_file;
use maydanoz::args;
use maydanoz::domain::Money;
use maydanoz::store::{Db, menu};

fn one_product_menu(options: &[&str]) -> maydanoz::domain::menu::MenuImport {
    let opts: Vec<String> = options
        .iter()
        .map(|o| format!("{{ name = \"{o}\" }}"))
        .collect();
    let src = format!(
        "[[category]]\nname = \"Tatlılar\"\n\n[[category.product]]\nname = \"Künefe\"\nprice = \"90\"\n\n\
         [[category.product.group]]\nname = \"Şerbet\"\nmin = 0\nmax = 1\noptions = [{}]\n",
        opts.join(", ")
    );
    menu_file::parse(&src, "ids.toml").expect("menu parses")
}

async fn option_id(db: &Db, name: &str) -> i64 {
    let m = menu::load(&mut db.read().await.expect("read").exec())
        .await
        .expect("load");
    m.products
        .iter()
        .flat_map(|p| p.groups.iter().flat_map(|g| g.options.iter()))
        .find(|o| o.name == name)
        .map(|o| o.id)
        .expect("option")
}

async fn removed_menu_ids_are_never_given_again(db: &Db) {
    let mut tx = db.begin().await.expect("begin");
    let mut x = tx.exec();
    menu::add_product(&mut x, "Tatlılar", "Künefe", Money::from_minor(9000), "")
        .await
        .expect("künefe");
    let sutlac = menu::add_product(&mut x, "Tatlılar", "Sütlaç", Money::from_minor(6000), "")
        .await
        .expect("sütlaç");
    menu::remove(&mut x, sutlac).await.expect("remove");
    let baklava = menu::add_product(
        &mut x,
        "Tatlılar",
        "Baklava (kg)",
        Money::from_minor(95000),
        "",
    )
    .await
    .expect("baklava");
    assert!(
        baklava > sutlac,
        "product id {sutlac} given again ({baklava})"
    );

    // a category (the newest, so the largest id) deleted and another one added
    let ayran = menu::add_product(&mut x, "İçecekler", "Ayran", Money::from_minor(2500), "")
        .await
        .expect("ayran");
    let drinks = x
        .scalar(
            "SELECT category_id FROM products WHERE id = $1",
            args![ayran],
        )
        .await
        .expect("category");
    menu::remove(&mut x, ayran).await.expect("remove ayran");
    x.execute("DELETE FROM categories WHERE id = $1", args![drinks])
        .await
        .expect("delete category");
    let kola = menu::add_product(&mut x, "Soğuk", "Kola", Money::from_minor(4000), "")
        .await
        .expect("kola");
    let cold = x
        .scalar(
            "SELECT category_id FROM products WHERE id = $1",
            args![kola],
        )
        .await
        .expect("category");
    assert!(cold > drinks, "category id {drinks} given again ({cold})");
    tx.commit().await.expect("commit");

    // options: an import drops the newest option and a later one adds another
    import(db, &["Az", "Bol"]).await;
    let bol = option_id(db, "Bol").await;
    import(db, &["Az"]).await;
    import(db, &["Az", "Sade"]).await;
    let sade = option_id(db, "Sade").await;
    assert!(sade > bol, "option id {bol} given again ({sade})");
    println!(
        "» ids after removal ({:?}): product #{sutlac} removed → next #{baklava}; category #{drinks} → #{cold}; option #{bol} → #{sade}",
        db.backend()
    );
}

async fn import(db: &Db, options: &[&str]) {
    let mut tx = db.begin().await.expect("begin");
    menu::import(&mut tx.exec(), &one_product_menu(options))
        .await
        .expect("import");
    tx.commit().await.expect("commit");
}

/// A database made by the first schema (ids reusable), with a menu, an order line and a
/// cascade to keep, opened by this version: every row, id and reference survives the rebuild,
/// foreign keys are enforced again afterwards, and a removed product's id is not reused.
#[tokio::test]
async fn the_sqlite_rebuild_keeps_rows_ids_and_references() {
    use std::str::FromStr;
    let dir = tempfile::tempdir().expect("tempdir");
    let url = format!("sqlite://{}", dir.path().join("old.db").display());
    let opts = sqlx::sqlite::SqliteConnectOptions::from_str(&url)
        .expect("url")
        .create_if_missing(true)
        .foreign_keys(true);
    let pool = sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(opts)
        .await
        .expect("open");
    let dir_path = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/sqlite"));
    let migrator = sqlx::migrate::Migrator::new(dir_path)
        .await
        .expect("migrations");
    migrator
        .run_to(20261125000001, &pool)
        .await
        .expect("first schema");
    sqlx::raw_sql(
        r#"INSERT INTO categories (name, name_key) VALUES ('Tatlılar', 'tatlilar');
           INSERT INTO products (category_id, name, name_key, price_minor)
               VALUES (1, 'Künefe', 'kunefe', 9000), (1, 'Sütlaç', 'sutlac', 6000);
           INSERT INTO option_groups (product_id, name, min_choices, max_choices) VALUES (2, 'Boy', 1, 1);
           INSERT INTO options (group_id, name, price_delta_minor) VALUES (1, 'Büyük', 1500);
           INSERT INTO customers VALUES ('905551112233', NULL, NULL, 0, 0);
           INSERT INTO orders (number, customer_phone, status, fulfilment, subtotal_minor, total_minor, created_at, updated_at)
               VALUES (101, '905551112233', 'new', 'pickup', 6000, 6000, 0, 0);
           INSERT INTO order_items (order_id, position, product_id, name, quantity, unit_price_minor)
               VALUES (1, 0, 2, 'Sütlaç', 1, 6000);"#,
    )
    .execute(&pool)
    .await
    .expect("old data");
    pool.close().await;

    let db = Db::connect(&url).await.expect("upgrade");
    let mut tx = db.begin().await.expect("begin");
    let mut x = tx.exec();
    let kept = x
        .scalar(
            r#"SELECT (SELECT COUNT(*) FROM products) * 1000 + (SELECT COUNT(*) FROM option_groups) * 100
                    + (SELECT COUNT(*) FROM options) * 10 + (SELECT product_id FROM order_items)"#,
            args![],
        )
        .await
        .expect("counts");
    assert_eq!(
        kept, 2112,
        "2 products, 1 group, 1 option, the line still on product 2"
    );
    let schema = x
        .scalar(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND sql LIKE '%AUTOINCREMENT%'",
            args![],
        )
        .await
        .expect("schema");
    assert_eq!(schema, 4, "categories, products, option_groups, options");
    // foreign keys are on again: removing Sütlaç cascades to its group and nulls the line
    menu::remove(&mut x, 2).await.expect("remove sütlaç");
    let after = x
        .scalar(
            "SELECT (SELECT COUNT(*) FROM option_groups) * 10 + (SELECT COUNT(*) FROM order_items WHERE product_id IS NULL)",
            args![],
        )
        .await
        .expect("cascade");
    assert_eq!(
        after, 1,
        "group cascaded away, order line kept with its product nulled"
    );
    let baklava = menu::add_product(
        &mut x,
        "Tatlılar",
        "Baklava (kg)",
        Money::from_minor(95000),
        "",
    )
    .await
    .expect("baklava");
    assert_eq!(baklava, 3, "#2 is not given again");
    tx.commit().await.expect("commit");
    db.close().await;
}

crate::on_both_backends!(removed_menu_ids_are_never_given_again);
