//! The layers, the parsing and the validation, each naming the key it refuses.

use std::path::Path;

use super::*;

#[test]
fn redacts_passwords() {
    assert_eq!(
        redact_url("postgres://u:secret@h/db"),
        "postgres://u:***@h/db"
    );
    assert_eq!(redact_url("sqlite://x.db"), "sqlite://x.db");
}

#[test]
fn shipped_defaults_are_valid() {
    let c = Config::defaults();
    c.validate().expect("defaults validate");
    assert_eq!(c.server.bind, "127.0.0.1:8080");
    assert_eq!(c.database.url, "sqlite://maydanoz.db");
    assert_eq!(c.whatsapp.api_version, "v25.0");
    assert_eq!(c.kds.warn_after_minutes, 5);
    assert_eq!(c.kds.late_after_minutes, 8);
}

#[test]
fn env_overrides_and_names_bad_keys() {
    let env = vec![
        (
            "MAYDANOZ_DATABASE__URL".to_string(),
            "postgres://u:p@h/db".to_string(),
        ),
        (
            "MAYDANOZ_KDS__WARN_AFTER_MINUTES".to_string(),
            "3".to_string(),
        ),
        (
            "MAYDANOZ_WHATSAPP__APP_SECRET".to_string(),
            "s3cret".to_string(),
        ),
    ];
    let c = Config::load(Some(Path::new("/nonexistent-but-explicit")), &env, &[]);
    assert!(matches!(c, Err(ConfigError::Read { .. })));
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("c.toml");
    std::fs::write(&p, "[server]\nbind = \"0.0.0.0:9000\"\n").expect("write");
    let c = Config::load(Some(&p), &env, &[]).expect("loads");
    assert_eq!(c.server.bind, "0.0.0.0:9000");
    assert_eq!(c.database.url, "postgres://u:p@h/db");
    assert_eq!(c.kds.warn_after_minutes, 3);
    assert_eq!(c.app_secret().as_deref(), Some(&b"s3cret"[..]));
    assert!(
        !format!("{c:?}").contains("s3cret"),
        "secrets never printed"
    );
    assert!(
        !format!("{c:?}").contains(":p@"),
        "db password never printed"
    );
    assert!(!c.to_redacted_toml().contains("s3cret"));

    let bad = vec![(
        "MAYDANOZ_KDS__WARN_AFTER_MINUTES".to_string(),
        "soon".to_string(),
    )];
    let e = Config::load(Some(&p), &bad, &[]).expect_err("bad number");
    assert!(
        e.to_string().contains("MAYDANOZ_KDS__WARN_AFTER_MINUTES"),
        "{e}"
    );
    let bad = vec![("MAYDANOZ_KDS__NOPE".to_string(), "1".to_string())];
    assert!(
        Config::load(Some(&p), &bad, &[])
            .expect_err("unknown")
            .to_string()
            .contains("kds.nope")
    );
    std::fs::write(&p, "[server]\nbindd = \"x\"\n").expect("write");
    assert!(
        Config::load(Some(&p), &[], &[])
            .expect_err("typo")
            .to_string()
            .contains("server.bindd")
    );
}

#[test]
fn printed_config_loads_back_the_same() {
    let c = Config::load(
        None,
        &[],
        &[
            ("hours", "friday", "18:00-02:00".into()),
            ("hours", "sunday", "closed".into()),
            ("restaurant", "language", "en".into()),
        ],
    )
    .expect("loads");
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("printed.toml");
    std::fs::write(&p, c.to_redacted_toml()).expect("write");
    let back = Config::load(Some(&p), &[], &[]).expect("printed config loads");
    assert_eq!(back.hours, c.hours);
    assert_eq!(back.restaurant.language, Lang::En);
    assert_eq!(
        back.restaurant.timezone.iana_name(),
        c.restaurant.timezone.iana_name()
    );
}

#[test]
fn validation_names_the_key() {
    let mut c = Config::defaults();
    c.kds.warn_after_minutes = 9;
    assert!(
        c.validate()
            .expect_err("warn > late")
            .to_string()
            .starts_with("kds.warn_after_minutes")
    );
    // text that has a type is parsed (and refused) once, on loading
    let load_with = |section: &str, key: &str, value: &str| {
        Config::load(None, &[], &[(section, key, value.to_string())])
    };
    assert!(
        load_with("hours", "monday", "9-17")
            .expect_err("hours")
            .to_string()
            .starts_with("hours.monday")
    );
    assert!(
        load_with("restaurant", "timezone", "Mars/Olympus")
            .expect_err("tz")
            .to_string()
            .starts_with("restaurant.timezone")
    );
    assert!(
        load_with("restaurant", "language", "de")
            .expect_err("language")
            .to_string()
            .starts_with("restaurant.language")
    );
    let c = Config::defaults();
    assert!(
        c.validate_whatsapp(false)
            .expect_err("secret")
            .to_string()
            .starts_with("whatsapp.app_secret")
    );
    let c = Config::load(
        None,
        &[],
        &[("database", "url", "sqlite://other.db".into())],
    )
    .expect("flag");
    assert_eq!(c.database.url, "sqlite://other.db");
}
