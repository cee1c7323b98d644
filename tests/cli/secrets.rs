//! No form of credential reaches the terminal. A password given as a
//! PostgreSQL URL's query parameter, a config file that does not parse (the wrong file, full
//! of secrets), and blank secrets.

use std::process::{Command, Output};

const SECRET: &str = "hunter2-very-secret";

fn maydanoz(env: &[(&str, &str)], args: &[&str]) -> Output {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut c = Command::new(env!("CARGO_BIN_EXE_maydanoz"));
    c.current_dir(dir.path())
        .env_remove("MAYDANOZ_CONFIG")
        .env_remove("MAYDANOZ_DATABASE__URL")
        .env("MAYDANOZ_LOG", "error");
    for (k, v) in env {
        c.env(k, v);
    }
    c.args(args).output().expect("run maydanoz")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn a_password_in_the_url_query_is_hidden_from_config_and_connection_errors() {
    for url in [
        format!("postgres://shop@127.0.0.1:1/db?password={SECRET}"),
        format!("postgres://shop@127.0.0.1:1/db?sslmode=disable&PASSWORD={SECRET}"),
        format!("postgresql://shop:{SECRET}@127.0.0.1:1/db?application_name=a@b"),
    ] {
        let o = maydanoz(&[("MAYDANOZ_DATABASE__URL", &url)], &["config"]);
        assert!(o.status.success(), "{}", text(&o));
        assert!(
            !text(&o).contains(SECRET),
            "config printed it: {}",
            text(&o)
        );
        assert!(text(&o).contains("127.0.0.1:1/db"), "{}", text(&o));
        // nothing listens on port 1: the connection error names the database, not the password
        let o = maydanoz(&[], &["--database-url", &url, "menu", "list"]);
        assert_eq!(o.status.code(), Some(1), "{}", text(&o));
        assert!(
            text(&o).contains("cannot open the database"),
            "{}",
            text(&o)
        );
        assert!(!text(&o).contains(SECRET), "error printed it: {}", text(&o));
    }
}

#[test]
fn a_config_file_that_does_not_parse_is_named_by_line_and_key_not_echoed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let env_file = dir.path().join("secrets.env");
    std::fs::write(
        &env_file,
        format!("# shop\nMAYDANOZ_WHATSAPP__APP_SECRET={SECRET}\nTOKEN=abc\n"),
    )
    .expect("write");
    let o = maydanoz(
        &[],
        &["--config", &env_file.display().to_string(), "config"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let err = text(&o);
    assert!(!err.contains(SECRET), "echoed the secret: {err}");
    assert!(
        err.contains("line 2") && err.contains("MAYDANOZ_WHATSAPP__APP_SECRET"),
        "names the line and key: {err}"
    );
    // a TOML file with a wrongly typed secret: the key is named, the value is not
    let toml_file = dir.path().join("config.toml");
    std::fs::write(&toml_file, "[whatsapp]\napp_secret = 98765432101234\n").expect("write");
    let o = maydanoz(
        &[],
        &["--config", &toml_file.display().to_string(), "config"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(!text(&o).contains("98765432101234"), "{}", text(&o));
    assert!(text(&o).contains("app_secret"), "{}", text(&o));
    // an unquoted secret in TOML
    std::fs::write(&toml_file, format!("[whatsapp]\napp_secret = {SECRET}\n")).expect("write");
    let o = maydanoz(
        &[],
        &["--config", &toml_file.display().to_string(), "config"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(!text(&o).contains("hunter2"), "{}", text(&o));
    assert!(
        text(&o).contains("line 2, key 'app_secret'"),
        "{}",
        text(&o)
    );
}

#[test]
fn blank_secrets_are_refused() {
    for key in [
        "MAYDANOZ_WHATSAPP__APP_SECRET",
        "MAYDANOZ_WHATSAPP__ACCESS_TOKEN",
        "MAYDANOZ_WHATSAPP__VERIFY_TOKEN",
    ] {
        let o = maydanoz(&[(key, "   ")], &["config"]);
        assert_eq!(o.status.code(), Some(2), "{key}: {}", text(&o));
        let want = key.trim_start_matches("MAYDANOZ_WHATSAPP__").to_lowercase();
        assert!(
            text(&o).contains(&want) && text(&o).contains("blank"),
            "{}",
            text(&o)
        );
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("config.toml");
    std::fs::write(&file, "[whatsapp]\napp_secret = \"  \\t \"\n").expect("write");
    let o = maydanoz(
        &[],
        &[
            "--config",
            &file.display().to_string(),
            "serve",
            "--headless",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("whatsapp.app_secret"), "{}", text(&o));
}
