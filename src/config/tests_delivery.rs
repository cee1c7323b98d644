//! `[delivery]` and `[payment]`: absent means today's behaviour, amounts are
//! parsed once to minor units, and every mistake is refused naming its key.

use std::path::Path;

use super::*;
use crate::domain::Money;
use crate::domain::payment::Payment;

fn load(text: &str, env: &[(&str, &str)]) -> Result<Config, ConfigError> {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("c.toml");
    std::fs::write(&p, text).expect("write");
    let env: Vec<(String, String)> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let c = Config::load(Some(&p), &env, &[])?;
    c.validate()?;
    Ok(c)
}

fn refused(text: &str, env: &[(&str, &str)]) -> String {
    load(text, env).expect_err("refused").to_string()
}

#[test]
fn no_delivery_section_means_no_fee_no_minimum_no_zone() {
    let c = load("", &[]).expect("loads");
    assert!(c.delivery.is_unset());
    assert_eq!(c.payment.delivery, vec![Payment::Cash]);
    assert_eq!(c.payment.pickup, vec![Payment::Counter]);
    let shipped = Config::defaults();
    assert!(shipped.delivery.is_unset());
    let _ = Path::new("");
}

#[test]
fn a_full_section_is_parsed_to_minor_units() {
    let c = load(
        r#"
[delivery]
fee = "15"
free_above = "300,50"
min_order = 150
latitude = 40.987
longitude = 29.026
radius_km = 3
neighbourhoods = ["Caferağa", "Moda"]

[payment]
delivery = ["cash", "card", "online"]
pickup = ["counter"]
online_url = "https://pay.example/{number}?amount={total_minor}"
"#,
        &[],
    )
    .expect("loads");
    let d = &c.delivery;
    assert_eq!(d.fee, Money::from_minor(1500));
    assert_eq!(d.free_above, Some(Money::from_minor(30050)));
    assert_eq!(d.min_order, Some(Money::from_minor(15000)));
    let r = d.zone.radius.expect("radius");
    assert_eq!((r.latitude, r.longitude, r.km), (40.987, 29.026, 3.0));
    assert_eq!(d.zone.neighbourhoods, vec!["Caferağa", "Moda"]);
    assert_eq!(
        c.payment.delivery,
        vec![Payment::Cash, Payment::Card, Payment::Online]
    );
    // printed back, it loads to the same terms
    let again = load(&c.to_redacted_toml(), &[]).expect("round trip");
    assert_eq!(again.delivery, c.delivery);
    assert_eq!(again.payment, c.payment);
}

#[test]
fn the_environment_sets_them_as_text() {
    let c = load(
        "",
        &[
            ("MAYDANOZ_DELIVERY__FEE", "12,50"),
            ("MAYDANOZ_DELIVERY__NEIGHBOURHOODS", "Moda, Caferağa"),
            ("MAYDANOZ_DELIVERY__LATITUDE", "40.9"),
            ("MAYDANOZ_DELIVERY__LONGITUDE", "29.0"),
            ("MAYDANOZ_DELIVERY__RADIUS_KM", "2,5"),
            ("MAYDANOZ_PAYMENT__DELIVERY", "cash, card"),
        ],
    )
    .expect("loads");
    assert_eq!(c.delivery.fee, Money::from_minor(1250));
    assert_eq!(c.delivery.zone.neighbourhoods, vec!["Moda", "Caferağa"]);
    assert_eq!(c.delivery.zone.radius.map(|r| r.km), Some(2.5));
    assert_eq!(c.payment.delivery, vec![Payment::Cash, Payment::Card]);
}

#[test]
fn a_negative_fee_is_refused_with_one_line_naming_the_key() {
    for text in ["[delivery]\nfee = \"-5\"\n", "[delivery]\nfee = -5\n"] {
        let e = refused(text, &[]);
        assert_eq!(
            e,
            "delivery.fee: '-5' is negative; amounts must be zero or more"
        );
    }
    let e = refused("", &[("MAYDANOZ_DELIVERY__MIN_ORDER", "çok")]);
    assert!(
        e.starts_with("delivery.min_order: 'çok' is not an amount"),
        "{e}"
    );
    assert!(!e.contains('\n'));
}

#[test]
fn a_zone_that_cannot_be_checked_is_refused() {
    let cases = [
        (
            "[delivery]\nradius_km = 3\n",
            "delivery.radius_km: needs delivery.latitude",
        ),
        (
            "[delivery]\nlatitude = 40.9\nlongitude = 29\n",
            "delivery.latitude:",
        ),
        (
            "[delivery]\nlatitude = 40.9\nlongitude = 29\nradius_km = 0\n",
            "delivery.radius_km: 0 must be more than 0",
        ),
        (
            "[delivery]\nlatitude = 140\nlongitude = 29\nradius_km = 3\n",
            "delivery.latitude: 140 is not between",
        ),
        (
            "[delivery]\nfree_above = \"300\"\n",
            "delivery.free_above: is set but",
        ),
        (
            "[delivery]\nneighbourhoods = 5\n",
            "delivery.neighbourhoods:",
        ),
        ("[delivery]\nfees = 5\n", "delivery.fees: unknown key"),
    ];
    for (text, want) in cases {
        let e = refused(text, &[]);
        assert!(e.starts_with(want), "{text}: {e}");
    }
}

#[test]
fn payment_mistakes_are_refused() {
    let cases = [
        (
            "[payment]\ndelivery = [\"bitcoin\"]\n",
            "payment.delivery: 'bitcoin' is not one of",
        ),
        (
            "[payment]\ndelivery = []\n",
            "payment.delivery: must name at least one",
        ),
        (
            "[payment]\ndelivery = [\"counter\"]\n",
            "payment.delivery: cannot offer counter",
        ),
        (
            "[payment]\ndelivery = [\"cash\", \"online\"]\n",
            "payment.online_url: is not set, but online is offered",
        ),
        (
            "[payment]\ndelivery = [\"online\"]\nonline_url = \"pay.example/{number}\"\n",
            "payment.online_url: 'pay.example/{number}' must start with https://",
        ),
        (
            "[payment]\ndelivery = [\"online\"]\nonline_url = \"https://p.example/{order}\"\n",
            "payment.online_url: unknown placeholder {order}",
        ),
    ];
    for (text, want) in cases {
        let e = refused(text, &[]);
        assert!(e.starts_with(want), "{text}: {e}");
    }
}
