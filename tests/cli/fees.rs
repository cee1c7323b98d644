//! `[delivery]` and `[payment]` at start: a negative fee,
//! a radius without the shop's position or an online method without a link stops
//! every command with exit status 2 and one line naming the key.

use std::process::Command;

fn run(env: &[(&str, &str)], args: &[&str]) -> std::process::Output {
    let dir = tempfile::tempdir().expect("tempdir");
    Command::new(env!("CARGO_BIN_EXE_maydanoz"))
        .env_remove("MAYDANOZ_CONFIG")
        .envs(env.iter().copied())
        .current_dir(dir.path())
        .args(args)
        .output()
        .expect("run")
}

#[test]
fn a_bad_delivery_or_payment_config_exits_2_with_one_line() {
    let cases: [(&[(&str, &str)], &str); 4] = [
        (
            &[("MAYDANOZ_DELIVERY__FEE", "-15")],
            "delivery.fee: '-15' is negative",
        ),
        (
            &[("MAYDANOZ_DELIVERY__MIN_ORDER", "yüz")],
            "delivery.min_order: 'yüz' is not an amount",
        ),
        (
            &[("MAYDANOZ_DELIVERY__RADIUS_KM", "3")],
            "delivery.radius_km: needs delivery.latitude",
        ),
        (
            &[("MAYDANOZ_PAYMENT__DELIVERY", "cash,online")],
            "payment.online_url: is not set",
        ),
    ];
    for (env, want) in cases {
        for args in [
            &["config"][..],
            &["serve", "--headless", "--insecure-no-signature"],
        ] {
            let o = run(env, args);
            let err = String::from_utf8_lossy(&o.stderr);
            assert_eq!(o.status.code(), Some(2), "{env:?} {args:?}: {err}");
            assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
            assert!(err.contains(want), "{want}: {err}");
        }
    }
}

#[test]
fn a_good_section_is_shown_by_config() {
    let o = run(
        &[
            ("MAYDANOZ_DELIVERY__FEE", "12,50"),
            ("MAYDANOZ_DELIVERY__NEIGHBOURHOODS", "Caferağa, Moda"),
            ("MAYDANOZ_PAYMENT__DELIVERY", "cash,card"),
        ],
        &["config"],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8_lossy(&o.stdout);
    for want in [
        "[delivery]",
        "fee = \"12.50\"",
        "neighbourhoods = [\"Caferağa\", \"Moda\"]",
        "delivery = [\"cash\", \"card\"]",
    ] {
        assert!(out.contains(want), "{want}: {out}");
    }
}
