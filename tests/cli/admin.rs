//! The admin commands through the built binary. Over 400 lines on purpose: one
//! helper (`Cli`) and the scenarios that share it, each a few assertions long.

use std::process::{Command, Output};

use serde_json::Value;

use crate::common::TestDb;
use crate::common::app::Backend;

/// Runs `maydanoz` against one database, in a temporary working directory.
pub struct Cli {
    url: String,
    dir: tempfile::TempDir,
}

impl Cli {
    pub fn new(url: &str) -> Cli {
        Cli {
            url: url.to_string(),
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_maydanoz"))
            .current_dir(self.dir.path())
            .env_remove("MAYDANOZ_CONFIG")
            .env("MAYDANOZ_DATABASE__URL", &self.url)
            .env("MAYDANOZ_LOG", "error")
            .args(args)
            .output()
            .expect("run maydanoz")
    }

    /// Expect success; return stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let o = self.run(args);
        assert!(
            o.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8(o.stdout).expect("utf8")
    }

    /// Expect exit status 2 with one line on stderr containing `needle`; no panic.
    pub fn refused(&self, args: &[&str], needle: &str) {
        let o = self.run(args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains(needle),
            "{args:?}: expected '{needle}' in: {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }

    pub fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).expect("valid JSON")
    }

    pub fn sample(&self) -> String {
        format!("{}/menu.sample.toml", env!("CARGO_MANIFEST_DIR"))
    }

    pub fn path(&self, name: &str) -> std::path::PathBuf {
        self.dir.path().join(name)
    }
}

fn menu_commands(cli: &Cli) {
    let out = cli.ok(&["menu", "import", &cli.sample()]);
    assert!(out.contains("20 products"), "{out}");
    let list = cli.ok(&["menu", "list"]);
    assert!(
        list.contains("Tavuk Dürüm") && list.contains("120,00 ₺"),
        "{list}"
    );
    let json = cli.json(&["menu", "list", "--json"]);
    let ayran = json
        .as_array()
        .expect("array")
        .iter()
        .find(|p| p["name"] == "Ayran")
        .expect("Ayran");
    assert_eq!(ayran["price_minor"], 2500);
    assert_eq!(ayran["category"], "İçecekler");
    assert_eq!(ayran["available"], true);
    assert_eq!(ayran["sku"], "ICE-AYRAN", "the menu file's sku");
    let kola = json
        .as_array()
        .expect("array")
        .iter()
        .find(|p| p["name"] == "Kola")
        .expect("Kola");
    assert_eq!(kola["name_en"], "Coke", "the menu file's English name");
    let exported = cli.ok(&["menu", "export"]);
    assert!(
        exported.contains("name_en = \"Coke\"") && exported.contains("sku = \"ICE-KOLA\""),
        "{exported}"
    );
    for key in [
        "id",
        "category",
        "name",
        "description",
        "price_minor",
        "available",
    ] {
        assert!(ayran.get(key).is_some(), "menu list --json lacks {key}");
    }
    cli.ok(&[
        "menu",
        "add",
        "--category",
        "İçecekler",
        "--name",
        "Limonata",
        "--price",
        "45,5",
        "--description",
        "ev yapımı",
    ]);
    cli.ok(&["menu", "price", "Limonata", "47.25"]);
    cli.ok(&["menu", "unavailable", "limonata"]);
    let json = cli.json(&["menu", "list", "--json"]);
    let l = json
        .as_array()
        .expect("array")
        .iter()
        .find(|p| p["name"] == "Limonata")
        .expect("Limonata");
    assert_eq!(
        (l["price_minor"].as_i64(), l["available"].as_bool()),
        (Some(4725), Some(false))
    );
    cli.ok(&["menu", "available", &l["id"].to_string()]);
    cli.ok(&["menu", "remove", "Limonata"]);
    assert!(!cli.ok(&["menu", "list"]).contains("Limonata"));
    // export → import → export is exact
    let first = cli.ok(&["menu", "export"]);
    std::fs::write(cli.path("export.toml"), &first).expect("write");
    cli.ok(&[
        "menu",
        "import",
        cli.path("export.toml").to_str().expect("path"),
    ]);
    assert_eq!(cli.ok(&["menu", "export"]), first);
}

fn menu_bad_input(cli: &Cli) {
    cli.ok(&["menu", "import", &cli.sample()]);
    cli.refused(
        &[
            "menu",
            "add",
            "--category",
            "Dürümler",
            "--name",
            "tavuk DÜRÜM",
            "--price",
            "1",
        ],
        "already exists",
    );
    cli.refused(
        &[
            "menu",
            "add",
            "--category",
            "X",
            "--name",
            "Y",
            "--price",
            "-5",
        ],
        "negative",
    );
    cli.refused(
        &[
            "menu",
            "add",
            "--category",
            "X",
            "--name",
            "Y",
            "--price",
            "12a",
        ],
        "not an amount",
    );
    cli.refused(
        &["menu", "price", "Pizza", "10"],
        "no product named 'Pizza'",
    );
    cli.refused(&["menu", "price", "Ayran", "abc"], "not an amount");
    cli.refused(&["menu", "remove", "424242"], "no product with id 424242");
    cli.refused(&["menu", "unavailable", "Pizza"], "no product");
    let bad = "[[category]]\nname = \"İçecekler\"\n\n[[category.product]]\nname = \"Ayran\"\nprice = \"1,00\"\n\n[[category.product]]\nname = \"Kola\"\nprice = \"bedava\"\n";
    std::fs::write(cli.path("bad.toml"), bad).expect("write");
    cli.refused(
        &[
            "menu",
            "import",
            cli.path("bad.toml").to_str().expect("path"),
        ],
        "bad.toml:10:",
    );
    // the import is one transaction: the valid Ayran line before the bad one changed nothing
    let json = cli.json(&["menu", "list", "--json"]);
    let ayran = json
        .as_array()
        .expect("array")
        .iter()
        .find(|p| p["name"] == "Ayran")
        .expect("Ayran");
    assert_eq!(ayran["price_minor"], 2500);
    cli.refused(&["menu", "import", "no-such-file.toml"], "cannot read");
}

fn coupon_commands(cli: &Cli) {
    cli.ok(&[
        "coupon",
        "create",
        "ilk50",
        "--percent",
        "10",
        "--max-uses",
        "50",
        "--per-customer",
        "1",
        "--min-order",
        "100",
        "--max-discount",
        "40",
    ]);
    cli.ok(&[
        "coupon",
        "create",
        "KIS25",
        "--amount",
        "25,50",
        "--starts",
        "2026-12-01",
        "--expires",
        "2026-12-31",
    ]);
    let json = cli.json(&["coupon", "list", "--json"]);
    let all = json.as_array().expect("array");
    let ilk = all.iter().find(|c| c["code"] == "ILK50").expect("ILK50");
    assert_eq!(ilk["kind"], "percent");
    assert_eq!(ilk["value"], 10);
    assert_eq!(ilk["max_uses"], 50);
    assert_eq!(ilk["used"], 0);
    assert_eq!(ilk["per_customer"], 1);
    assert_eq!(ilk["min_order_minor"], 10000);
    assert_eq!(ilk["max_discount_minor"], 4000);
    assert_eq!(ilk["starts_at"], Value::Null);
    assert_eq!(ilk["active"], true);
    let kis = all.iter().find(|c| c["code"] == "KIS25").expect("KIS25");
    assert_eq!(
        (kis["kind"].as_str(), kis["value"].as_i64()),
        (Some("amount"), Some(2550))
    );
    assert!(
        kis["starts_at"]
            .as_str()
            .is_some_and(|s| s.starts_with("2026-11-30T21:00:00")),
        "{kis}"
    );
    assert!(
        kis["expires_at"]
            .as_str()
            .is_some_and(|s| s.starts_with("2026-12-31T21:00:00")),
        "{kis}"
    );
    cli.ok(&["coupon", "disable", "ilk50"]);
    let json = cli.json(&["coupon", "list", "--json"]);
    let ilk = json
        .as_array()
        .expect("array")
        .iter()
        .find(|c| c["code"] == "ILK50")
        .expect("ILK50");
    assert_eq!(ilk["active"], false);
    cli.ok(&["coupon", "enable", "ILK50"]);
    let table = cli.ok(&["coupon", "list"]);
    assert!(table.contains("ILK50") && table.contains("0/50"), "{table}");
}

fn coupon_bad_input(cli: &Cli) {
    cli.ok(&["coupon", "create", "ILK50", "--percent", "10"]);
    cli.refused(
        &["coupon", "create", "ilk50", "--percent", "5"],
        "already exists",
    );
    cli.refused(
        &["coupon", "create", "A1", "--percent", "0"],
        "between 1 and 100",
    );
    cli.refused(
        &["coupon", "create", "A2", "--percent", "101"],
        "between 1 and 100",
    );
    cli.refused(&["coupon", "create", "A3", "--amount", "-5"], "negative");
    cli.refused(
        &[
            "coupon",
            "create",
            "A4",
            "--amount",
            "10",
            "--starts",
            "2026-12-10",
            "--expires",
            "2026-12-01",
        ],
        "before",
    );
    cli.refused(
        &[
            "coupon",
            "create",
            "A5",
            "--amount",
            "10",
            "--expires",
            "31/12/2026",
        ],
        "not a date",
    );
    cli.refused(
        &["coupon", "create", "A6", "--percent", "10", "--amount", "5"],
        "cannot be used with",
    );
    cli.refused(
        &["coupon", "create", "bad code", "--percent", "10"],
        "letters, digits",
    );
    cli.refused(&["coupon", "disable", "NOPE"], "no coupon NOPE");
    cli.refused(&["coupon", "enable", "NOPE"], "no coupon NOPE");
}

fn orders_commands(cli: &Cli) {
    assert!(cli.ok(&["orders", "list"]).contains("No orders"));
    assert_eq!(
        cli.json(&["orders", "list", "--json"]),
        Value::Array(vec![])
    );
    cli.refused(&["orders", "show", "101"], "no order number 101");
    cli.refused(&["orders", "status", "101", "ready"], "no order number 101");
    cli.refused(&["orders", "status", "101", "flying"], "not a status");
    cli.refused(&["orders", "list", "--status", "eaten"], "not a status");
}

fn config_and_usage(cli: &Cli) {
    let o = cli.run(&["menu", "frobnicate"]);
    assert_eq!(o.status.code(), Some(2));
    let o = Command::new(env!("CARGO_BIN_EXE_maydanoz"))
        .env("MAYDANOZ_KDS__WARN_AFTER_MINUTES", "soon")
        .args(["menu", "list"])
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("MAYDANOZ_KDS__WARN_AFTER_MINUTES"));
    let o = Command::new(env!("CARGO_BIN_EXE_maydanoz"))
        .args(["--database-url", "mysql://x/y", "menu", "list"])
        .output()
        .expect("run");
    assert_eq!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = Command::new(env!("CARGO_BIN_EXE_maydanoz"))
        .args([
            "--database-url",
            "sqlite:///no/such/dir/x.db",
            "menu",
            "list",
        ])
        .output()
        .expect("run");
    assert_eq!(
        o.status.code(),
        Some(1),
        "cannot open: a failure, not a usage error"
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot open the database"));
    let o = Command::new(env!("CARGO_BIN_EXE_maydanoz"))
        .env("MAYDANOZ_WHATSAPP__APP_SECRET", "very-secret-value")
        .env(
            "MAYDANOZ_DATABASE__URL",
            "postgres://u:hunter2@localhost/db",
        )
        .arg("config")
        .output()
        .expect("run");
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success());
    assert!(
        !out.contains("very-secret-value") && !out.contains("hunter2"),
        "{out}"
    );
    assert!(out.contains("app_secret = \"(set)\""), "{out}");
}

/// Run a command-line scenario on a fresh database of `backend`.
pub async fn on_fresh(backend: Backend, scenario: fn(&Cli)) {
    on_db(backend.db().await, scenario).await;
}

/// Run a command-line scenario on `t`, then drop it.
pub async fn on_db(t: TestDb, scenario: fn(&Cli)) {
    let url = t.url.clone();
    tokio::task::spawn_blocking(move || scenario(&Cli::new(&url)))
        .await
        .expect("scenario");
    t.cleanup().await;
}

crate::on_both_backends!(
    via on_fresh:
    menu_commands,
    menu_bad_input,
    coupon_commands,
    coupon_bad_input,
    orders_commands
);

#[test]
fn usage_and_config_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    config_and_usage(&Cli::new(&format!(
        "sqlite://{}",
        dir.path().join("x.db").display()
    )));
}
