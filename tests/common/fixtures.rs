//! What tests load, kept once: the WhatsApp deliveries under tests/fixtures/whatsapp,
//! the repository's sample menu, the station menus under tests/fixtures/menus,
//! and the one way a test imports a menu into a database.
#![allow(dead_code)]

use maydanoz::store::{Db, menu};

/// The repository's menu.sample.toml (the menu the demo and most conversations use).
pub const SAMPLE_MENU: &str = include_str!("../../menu.sample.toml");

/// Dürüms on the grill (`ızgara`) and drinks at their own station (`içecek`):
/// Adana Dürüm 150 and Ayran 25.
pub const GRILL_AND_DRINKS_MENU: &str = include_str!("../fixtures/menus/grill_and_drinks.toml");

/// [`GRILL_AND_DRINKS_MENU`] with a Tavuk Döner at the `döner` station. Tests
/// name its lines by number: change it only at the end.
pub const THREE_STATIONS_MENU: &str = include_str!("../fixtures/menus/three_stations.toml");

/// The folder of recorded WhatsApp webhook bodies.
pub fn whatsapp_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/whatsapp")
}

/// One recorded WhatsApp body by file name.
pub fn whatsapp(name: &str) -> Vec<u8> {
    std::fs::read(whatsapp_dir().join(name)).expect("fixture")
}

/// Parse a menu file's text as the admin command does.
pub fn parse_menu(toml: &str) -> maydanoz::domain::menu::MenuImport {
    maydanoz::admin::menu_file::parse(toml, "menu.toml").expect("menu parses")
}

/// Import `toml` as the menu, in one transaction.
pub async fn import_menu(db: &Db, toml: &str) {
    let parsed = parse_menu(toml);
    let mut tx = db.begin().await.expect("begin");
    menu::import(&mut tx.exec(), &parsed).await.expect("import");
    tx.commit().await.expect("commit");
}
