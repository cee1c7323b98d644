//! Every key the shipped `config.toml` mentions, set or commented out, loads
//! from a file and from the environment (`MAYDANOZ_SECTION__KEY`), and shows in
//! the printed configuration: the known keys come from the config types, not a
//! list kept by hand.

use super::*;

/// `(section, key, value)` for every `key = value` line of the shipped file,
/// with the commented ones (`# address = "…"`) uncommented.
fn shipped_keys() -> Vec<(String, String, toml::Value)> {
    let mut section = String::new();
    let mut out = Vec::new();
    for line in DEFAULT_TOML.lines() {
        let line = line.trim();
        if let Some(s) = line.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
            section = s.to_string();
            continue;
        }
        let body = line.trim_start_matches('#').trim();
        // a prose comment does not parse as one `key = value`
        let Ok(t) = toml::from_str::<toml::Table>(body) else {
            continue;
        };
        let mut it = t.into_iter();
        let (Some((k, v)), None) = (it.next(), it.next()) else {
            continue;
        };
        if v.is_table() || !k.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
            continue;
        }
        out.push((section.clone(), k, v));
    }
    out
}

/// The value as it would be written in the environment.
fn env_text(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        toml::Value::Array(a) => a
            .iter()
            .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_string))
            .collect::<Vec<_>>()
            .join(","),
        other => other.to_string(),
    }
}

fn printed_has(c: &Config, section: &str, key: &str) -> bool {
    let t: toml::Table = toml::from_str(&c.to_redacted_toml()).expect("printed config parses");
    t.get(section)
        .and_then(toml::Value::as_table)
        .is_some_and(|s| s.contains_key(key))
}

#[test]
fn the_shipped_file_mentions_the_keys_people_ask_about() {
    let keys = shipped_keys();
    let has = |s: &str, k: &str| keys.iter().any(|(a, b, _)| a == s && b == k);
    for (s, k) in [
        ("restaurant", "address"),
        ("restaurant", "phone"),
        ("whatsapp", "app_secret"),
        ("printer", "url"),
        ("delivery", "neighbourhoods"),
        ("payment", "online_url"),
        ("server", "bind"),
    ] {
        assert!(has(s, k), "{s}.{k} not read from config.toml");
    }
}

#[test]
fn every_shipped_key_loads_from_the_file() {
    let keys = shipped_keys();
    let mut text = String::new();
    let mut last = String::new();
    for (section, key, value) in &keys {
        if *section != last {
            text.push_str(&format!("\n[{section}]\n"));
            last = section.clone();
        }
        text.push_str(&format!("{key} = {value}\n"));
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("all.toml");
    std::fs::write(&p, &text).expect("write");
    let c = Config::load(Some(&p), &[], &[]).unwrap_or_else(|e| panic!("{e}\n{text}"));
    for (section, key, _) in &keys {
        assert!(printed_has(&c, section, key), "{section}.{key} was dropped");
    }
    assert_eq!(
        c.restaurant.address.as_deref(),
        Some("Caferağa Mah. Moda Cad. No:12, Kadıköy, İstanbul")
    );
    assert_eq!(c.restaurant.phone.as_deref(), Some("+90 216 555 12 34"));
}

#[test]
fn every_shipped_key_loads_from_the_environment() {
    let keys = shipped_keys();
    let env: Vec<(String, String)> = keys
        .iter()
        .map(|(s, k, v)| {
            (
                format!("MAYDANOZ_{}__{}", s.to_uppercase(), k.to_uppercase()),
                env_text(v),
            )
        })
        .collect();
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("empty.toml");
    std::fs::write(&p, "").expect("write");
    let c = Config::load(Some(&p), &env, &[]).unwrap_or_else(|e| panic!("{e}"));
    for (section, key, _) in &keys {
        assert!(printed_has(&c, section, key), "{section}.{key} was dropped");
    }
    assert_eq!(c.restaurant.phone.as_deref(), Some("+90 216 555 12 34"));
    assert_eq!(c.delivery.zone.neighbourhoods.len(), 3);
}

#[test]
fn unknown_keys_are_still_refused_and_secrets_not_quoted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("c.toml");
    std::fs::write(&p, "[restaurant]\nadress = \"x\"\n").expect("write");
    let e = Config::load(Some(&p), &[], &[]).expect_err("typo");
    assert!(e.to_string().contains("restaurant.adress"), "{e}");
    std::fs::write(&p, "[nope]\nx = 1\n").expect("write");
    assert!(Config::load(Some(&p), &[], &[]).is_err());
    let env = vec![("MAYDANOZ_RESTAURANT__ADRESS".to_string(), "x".to_string())];
    assert!(Config::load(None, &env, &[]).is_err());
    // a secret of the wrong type is named by key, never quoted
    std::fs::write(&p, "[whatsapp]\napp_secret = 987654321\n").expect("write");
    let e = Config::load(Some(&p), &[], &[]).expect_err("wrong type");
    assert!(!e.to_string().contains("987654321"), "{e}");
    assert!(e.to_string().contains("app_secret"), "{e}");
}
