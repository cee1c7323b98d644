//! Tests of the menu file: errors name their line, what is exported imports back.

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
    let e = parse("[[category]]\nname = \"D\"\nprize = 1\n", "m.toml").expect_err("unknown key");
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
    let again = parse(&export_with(&menu, &Default::default()), "export").expect("export parses");
    assert_eq!(again, parsed);
}

#[test]
fn english_names_and_skus_round_trip_and_are_checked() {
    let src = r#"[[category]]
name = "İçecekler"
name_en = "Drinks"

[[category.product]]
name = "Ayran"
name_en = "Yogurt drink"
sku = " ICE-AYRAN "
price = "25.00"

[[category.product.group]]
name = "Boy"
name_en = "Size"
min = 1
max = 1
options = [
    { name = "Küçük", name_en = "Small" },
    { name = "Büyük", price = "10.00" },
]
"#;
    let parsed = parse(src, "m.toml").expect("parses");
    let c = &parsed.categories[0];
    assert_eq!(c.name_en.as_deref(), Some("Drinks"));
    let p = &c.products[0];
    assert_eq!(p.name_en.as_deref(), Some("Yogurt drink"));
    assert_eq!(p.sku.as_deref(), Some("ICE-AYRAN"), "trimmed");
    assert_eq!(p.groups[0].name_en.as_deref(), Some("Size"));
    assert_eq!(p.groups[0].options_en, [Some("Small".to_string()), None]);
    let menu = parsed.to_menu();
    assert_eq!(menu.by_sku("ICE-AYRAN").map(|p| p.id), Some(1));
    let exported = export_with(&menu, &Default::default());
    assert!(exported.contains("sku = \"ICE-AYRAN\""), "{exported}");
    assert_eq!(parse(&exported, "export").expect("export parses"), parsed);

    let twice = "[[category]]\nname=\"D\"\n[[category.product]]\nname=\"A\"\nsku=\"X\"\nprice=\"1\"\n[[category]]\nname=\"E\"\n[[category.product]]\nname=\"B\"\nsku=\"X\"\nprice=\"1\"\n";
    let e = parse(twice, "m.toml").expect_err("a sku twice");
    assert_eq!(e.line, 11, "{e}");
    assert!(e.message.contains("sku 'X'"), "{e}");
    let blank =
        "[[category]]\nname=\"D\"\n[[category.product]]\nname=\"A\"\nsku=\" \"\nprice=\"1\"\n";
    assert!(parse(blank, "m.toml").is_err());
    let long_en = format!("[[category]]\nname=\"D\"\nname_en=\"{}\"\n", "x".repeat(61));
    let e = parse(&long_en, "m.toml").expect_err("too long");
    assert!(e.message.contains("name_en"), "{e}");
}

#[test]
fn one_station_spelt_two_ways_is_refused_naming_both() {
    let src = "[[category]]\nname=\"Dürümler\"\nstation=\"Izgara\"\n[[category.product]]\nname=\"Adana\"\nprice=\"1\"\n[[category.product]]\nname=\"Kanat\"\nprice=\"1\"\nstation=\"ızgara\"\n";
    let e = parse(src, "m.toml").expect_err("two spellings");
    assert_eq!(
        e.to_string(),
        "m.toml:10: station \"ızgara\" is spelt \"Izgara\" on line 3: one station, one spelling"
    );
    // one spelling, written twice, is fine
    let same = src.replace("\"ızgara\"", "\"Izgara\"");
    let parsed = parse(&same, "m.toml").expect("one spelling");
    assert_eq!(
        parsed.categories[0].products[1].station.as_deref(),
        Some("Izgara")
    );
}
