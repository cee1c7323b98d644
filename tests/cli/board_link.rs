//! `kds token create NAME --link URL` prints the browser board's sign-in link
//! (the token after `#`) alone on the last line, its QR code, and the token
//! alone on its own line (without `--link`, on the last line); `kds keys` prints the key map, with a `[kds.keys]` table
//! from the config file in effect and a bad one refused.

use crate::admin::Cli;

fn shop() -> (tempfile::TempDir, Cli) {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = format!("sqlite://{}", dir.path().join("shop.db").display());
    (dir, Cli::new(&url))
}

#[test]
fn a_token_with_its_link_and_qr_code() {
    let (_dir, cli) = shop();
    let out = cli.ok(&[
        "kds",
        "token",
        "create",
        "tablet",
        "--link",
        "https://shop.example.com/",
    ]);
    let lines: Vec<&str> = out.lines().collect();
    let link = *lines.last().expect("the link line");
    let token = link
        .strip_prefix("https://shop.example.com/board#token=")
        .unwrap_or_else(|| panic!("the link last:\n{out}"));
    assert_eq!(token.len(), 64, "{out}");
    assert!(lines.contains(&token), "the token on its own line:\n{out}");
    let qr = lines
        .iter()
        .filter(|l| l.contains('█') || l.contains('▀') || l.contains('▄'))
        .count();
    assert!(qr > 10, "a QR code of some 20 rows:\n{out}");
    // without --link: no link, no code
    let plain = cli.ok(&["kds", "token", "create", "counter"]);
    assert!(!plain.contains("/board#token="), "{plain}");
    assert_eq!(plain.lines().last().map(str::len), Some(64), "{plain}");
    // without a URL: server.public_url
    let cfg = _dir.path().join("public.toml");
    std::fs::write(&cfg, "[server]\npublic_url = \"https://kebap.example\"\n").expect("write");
    let cfg = cfg.display().to_string();
    let out = cli.ok(&["--config", &cfg, "kds", "token", "create", "wall", "--link"]);
    let last = out.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("https://kebap.example/board#token="),
        "{out}"
    );
}

#[test]
fn the_key_map_and_a_bump_bar() {
    let (dir, cli) = shop();
    let out = cli.ok(&["kds", "keys"]);
    assert!(out.starts_with("bump      Enter, Space\n"), "{out}");
    assert!(out.contains("eightysix 8, u, U, F8"), "{out}");
    let cfg = dir.path().join("bar.toml");
    std::fs::write(&cfg, "[kds.keys]\nbump = [\"F1\"]\n\"86\" = [\"F9\"]\n").expect("write");
    let cfg = cfg.display().to_string();
    let out = cli.ok(&["--config", &cfg, "kds", "keys"]);
    assert!(out.starts_with("bump      F1  (kds.keys)\n"), "{out}");
    assert!(out.contains("eightysix F9  (kds.keys)"), "{out}");
    assert!(out.contains("recall    r, R, Backspace\n"), "{out}");
    std::fs::write(dir.path().join("bad.toml"), "[kds.keys]\nfly = [\"F1\"]\n").expect("write");
    let bad = dir.path().join("bad.toml").display().to_string();
    let o = cli.run(&["--config", &bad, "kds", "keys"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("unknown action 'fly'"));
}
