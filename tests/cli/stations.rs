//! Stations from the command line: `menu import` takes `station = "…"` on a
//! category or a product, `menu export` gives them back, a bad station name
//! is one line naming the file's line, and `serve --station` refuses a name
//! the menu does not know with one line listing the known ones (status 2).

use crate::admin::Cli;

const MENU: &str = crate::common::fixtures::THREE_STATIONS_MENU;

#[test]
fn stations_round_trip_and_serve_refuses_an_unknown_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = format!("sqlite://{}", dir.path().join("shop.db").display());
    let cli = Cli::new(&url);
    let file = cli.path("menu.toml");
    std::fs::write(&file, MENU).expect("write menu");
    cli.ok(&["menu", "import", &file.display().to_string()]);
    let exported = cli.ok(&["menu", "export"]);
    for line in [
        "station = \"ızgara\"",
        "station = \"döner\"",
        "station = \"içecek\"",
    ] {
        assert!(exported.contains(line), "{line} in:\n{exported}");
    }
    // the export imports back to the same export
    let again = cli.path("again.toml");
    std::fs::write(&again, &exported).expect("write export");
    cli.ok(&["menu", "import", &again.display().to_string()]);
    assert_eq!(cli.ok(&["menu", "export"]), exported);

    let bad = cli.path("bad.toml");
    std::fs::write(&bad, MENU.replace("\"içecek\"", "\"expo\"")).expect("write");
    cli.refused(
        &["menu", "import", &bad.display().to_string()],
        "bad.toml:17: \"expo\" is the pass, not a station",
    );
    // one station spelt two ways: refused with one line naming both
    let twice = cli.path("twice.toml");
    std::fs::write(&twice, MENU.replace("\"döner\"", "\"Izgara\"")).expect("write");
    cli.refused(
        &["menu", "import", &twice.display().to_string()],
        "twice.toml:13: station \"Izgara\" is spelt \"ızgara\" on line 4: one station, one spelling",
    );

    let args = [
        "serve",
        "--headless",
        "--bind",
        "127.0.0.1:0",
        "--station",
        "fırın",
    ];
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_maydanoz"))
        .current_dir(dir.path())
        .env_remove("MAYDANOZ_CONFIG")
        .env("MAYDANOZ_DATABASE__URL", &url)
        .env("MAYDANOZ_LOG", "error")
        .env("MAYDANOZ_WHATSAPP__APP_SECRET", "s")
        .env("MAYDANOZ_WHATSAPP__VERIFY_TOKEN", "v")
        .env("MAYDANOZ_WHATSAPP__ACCESS_TOKEN", "a")
        .env("MAYDANOZ_WHATSAPP__PHONE_NUMBER_ID", "1")
        .args(args)
        .output()
        .expect("run serve");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    assert!(
        err.contains(
            "serve: --station: unknown station \"fırın\"; known stations: expo, döner, içecek, ızgara"
        ),
        "{err}"
    );
}
