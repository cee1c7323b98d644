use maydanoz::domain::Money;
use maydanoz::domain::menu_file;
use maydanoz::store::{Db, StoreError, counters, menu};

fn sample() -> (String, maydanoz::domain::menu::MenuImport) {
    let src = crate::common::fixtures::SAMPLE_MENU.to_string();
    let parsed = menu_file::parse(&src, "menu.sample.toml").expect("sample parses");
    (src, parsed)
}

fn without_comments(s: &str) -> String {
    s.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

async fn import_sample(db: &Db) {
    let (_, parsed) = sample();
    let mut tx = db.begin().await.expect("begin");
    menu::import(&mut tx.exec(), &parsed).await.expect("import");
    tx.commit().await.expect("commit");
}

async fn import_export_round_trips(db: &Db) {
    let (src, _) = sample();
    import_sample(db).await;
    let m = menu::load(&mut db.read().await.expect("read").exec())
        .await
        .expect("load");
    assert_eq!(m.categories.len(), 6);
    let tavuk = m
        .products
        .iter()
        .find(|p| p.name == "Tavuk Dürüm")
        .expect("Tavuk Dürüm");
    assert_eq!(tavuk.price, Money::from_minor(12000));
    assert!(tavuk.groups[0].required(), "required groups come first");
    let kola = m.products.iter().find(|p| p.name == "Kola").expect("Kola");
    assert_eq!(
        kola.aliases,
        ["Coca Cola", "Koka Kola"],
        "aliases are stored"
    );
    assert_eq!(
        tavuk.name_en.as_deref(),
        Some("Chicken wrap"),
        "English names are stored"
    );
    assert_eq!(
        tavuk.groups[0].options[0].name_en.as_deref(),
        Some("Not spicy")
    );
    assert_eq!(
        m.by_sku("DRM-TAVUK").map(|p| p.id),
        Some(tavuk.id),
        "skus are stored"
    );
    let exported = menu_file::export_with(&m, &Default::default());
    assert_eq!(without_comments(&exported), without_comments(&src));
    // a second import changes nothing, ids included
    import_sample(db).await;
    let again = menu::load(&mut db.read().await.expect("read").exec())
        .await
        .expect("load");
    assert_eq!(again, m);
}

async fn duplicate_names_are_refused(db: &Db) {
    let mut tx = db.begin().await.expect("begin");
    menu::add_product(
        &mut tx.exec(),
        "Dürümler",
        "Tavuk Dürüm",
        Money::from_minor(12000),
        "",
    )
    .await
    .expect("first");
    let e = menu::add_product(
        &mut tx.exec(),
        "dürümler",
        "TAVUK DÜRÜM",
        Money::from_minor(100),
        "",
    )
    .await
    .expect_err("duplicate");
    assert!(matches!(e, StoreError::Conflict(_)), "{e:?}");
    // the failed insert did not poison the transaction on either backend? PostgreSQL aborts it:
    drop(tx);
    let mut tx = db.begin().await.expect("begin");
    menu::add_product(
        &mut tx.exec(),
        "İçecekler",
        "Tavuk Dürüm",
        Money::from_minor(100),
        "",
    )
    .await
    .expect("same name, other category");
    tx.commit().await.expect("commit");
}

async fn resolve_by_id_name_and_ambiguity(db: &Db) {
    import_sample(db).await;
    let mut c = db.read().await.expect("read");
    let p = menu::resolve(&mut c.exec(), "ayran")
        .await
        .expect("by name");
    assert_eq!(p.name, "Ayran");
    assert_eq!(
        menu::resolve(&mut c.exec(), &p.id.to_string())
            .await
            .expect("by id")
            .id,
        p.id
    );
    assert!(matches!(
        menu::resolve(&mut c.exec(), "Pizza").await,
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        menu::resolve(&mut c.exec(), "99999").await,
        Err(StoreError::Invalid(_))
    ));
    drop(c);
    let mut tx = db.begin().await.expect("begin");
    menu::add_product(
        &mut tx.exec(),
        "Tatlılar",
        "Ayran",
        Money::from_minor(100),
        "",
    )
    .await
    .expect("second Ayran");
    tx.commit().await.expect("commit");
    let e = menu::resolve(&mut db.read().await.expect("read").exec(), "Ayran")
        .await
        .expect_err("ambiguous");
    assert!(e.to_string().contains("several categories"), "{e}");
}

async fn writes_bump_the_change_sequence(db: &Db) {
    let before = counters::change_seq(&mut db.read().await.expect("read").exec())
        .await
        .expect("seq");
    import_sample(db).await;
    let mut tx = db.begin().await.expect("begin");
    let p = menu::resolve(&mut tx.exec(), "Lahmacun")
        .await
        .expect("lahmacun");
    menu::set_available(
        &mut tx.exec(),
        p.id,
        false,
        maydanoz::domain::time::At::from_millis(1_000),
    )
    .await
    .expect("86");
    menu::set_price(&mut tx.exec(), p.id, Money::from_minor(7000))
        .await
        .expect("price");
    tx.commit().await.expect("commit");
    let after = counters::change_seq(&mut db.read().await.expect("read").exec())
        .await
        .expect("seq");
    assert!(after >= before + 3, "{before} → {after}");
    let m = menu::load(&mut db.read().await.expect("read").exec())
        .await
        .expect("load");
    let l = m
        .products
        .iter()
        .find(|x| x.id == p.id)
        .expect("still there");
    assert!(!l.available);
    assert_eq!(l.price, Money::from_minor(7000));
    let mut tx = db.begin().await.expect("begin");
    menu::remove(&mut tx.exec(), p.id).await.expect("remove");
    assert!(matches!(
        menu::remove(&mut tx.exec(), p.id).await,
        Err(StoreError::NotFound)
    ));
    tx.commit().await.expect("commit");
}

async fn a_failed_import_changes_nothing(db: &Db) {
    import_sample(db).await;
    let before = menu::load(&mut db.read().await.expect("read").exec())
        .await
        .expect("load");
    let mut parsed = sample().1;
    parsed.categories[0].products[0].price = Money::from_minor(1);
    // a group whose max is below min violates the schema's CHECK mid-import
    parsed.categories[1].products[0].groups[0].max = 0;
    let mut tx = db.begin().await.expect("begin");
    assert!(menu::import(&mut tx.exec(), &parsed).await.is_err());
    drop(tx);
    let after = menu::load(&mut db.read().await.expect("read").exec())
        .await
        .expect("load");
    assert_eq!(before, after);
}

/// A sku given to another product moves to it (skus stay unique); an English
/// name left out of the file is cleared.
async fn skus_move_and_english_names_follow_the_file(db: &Db) {
    import_sample(db).await;
    let src = "[[category]]\nname = \"Dürümler\"\n\n[[category.product]]\nname = \"Tavuk Dürüm\"\nprice = \"120.00\"\n\n[[category.product]]\nname = \"Dana Dürüm\"\nsku = \"DRM-TAVUK\"\nprice = \"200.00\"\n";
    let parsed = menu_file::parse(src, "m.toml").expect("parses");
    let mut tx = db.begin().await.expect("begin");
    menu::import(&mut tx.exec(), &parsed).await.expect("import");
    tx.commit().await.expect("commit");
    let m = menu::load(&mut db.read().await.expect("read").exec())
        .await
        .expect("load");
    assert_eq!(
        m.by_sku("DRM-TAVUK").map(|p| p.name.as_str()),
        Some("Dana Dürüm")
    );
    let tavuk = m
        .products
        .iter()
        .find(|p| p.name == "Tavuk Dürüm")
        .expect("tavuk");
    assert_eq!(
        (tavuk.sku.as_deref(), tavuk.name_en.as_deref()),
        (None, None)
    );
    let cat = m
        .categories
        .iter()
        .find(|c| c.name == "Dürümler")
        .expect("cat");
    assert_eq!(cat.name_en, None);
    let et = m
        .products
        .iter()
        .find(|p| p.name == "Et Dürüm")
        .expect("et");
    assert_eq!(
        et.sku.as_deref(),
        Some("DRM-ET"),
        "products not in the file keep theirs"
    );
}

crate::on_both_backends!(
    skus_move_and_english_names_follow_the_file,
    import_export_round_trips,
    duplicate_names_are_refused,
    resolve_by_id_name_and_ambiguity,
    writes_bump_the_change_sequence,
    a_failed_import_changes_nothing,
);
