//! Coupon rules one by one through the conversation, the re-check at the summary,
//! and the race lost at the atomic redemption.

use super::*;
use crate::domain::coupon::{Coupon, CouponKind, CouponRejection};
use crate::domain::time::At;

/// 2 × Kola + 1 Ayran = 105,00 ₺, pickup, at the coupon question asked from
/// the summary's button.
fn at_coupon(coupons: Vec<Coupon>, uses: i64) -> Chat {
    let mut c = Chat::new();
    c.coupons = coupons;
    c.uses = uses;
    c.add_simple("İçecekler", "Kola", 2);
    c.add_simple("İçecekler", "Ayran", 1);
    c.tap("Sipariş ver");
    c.tap("Gel al");
    c.tap("Kupon");
    c.tap("Kupon kodu");
    assert_eq!(c.session.step, Step::Coupon);
    c
}

/// Type `code` and expect it refused with `expect` in the explanation.
fn refused(coupon: Coupon, uses: i64, code: &str, expect: &str) {
    let mut c = at_coupon(vec![coupon], uses);
    c.say(code);
    assert!(c.saw(expect), "{code}: expected {expect:?} in {}", c.text());
    assert!(c.saw("kuponsuz devam"), "{}", c.text());
    assert_eq!(c.session.step, Step::Coupon, "asked again");
    assert!(c.session.checkout.coupon.is_none());
    // and the customer can go on without it
    c.tap("Kupon yok");
    assert!(matches!(c.session.step, Step::Summary { .. }));
}

#[test]
fn each_rule_has_its_own_explanation() {
    let base = || coupon("KOD", CouponKind::Percent, 10);
    refused(base(), 0, "BILINMEZ", "“BILINMEZ” diye bir kupon bulamadık");
    refused(
        base(),
        0,
        "!! bu bir kod değil !!",
        "diye bir kupon bulamadık",
    );
    refused(
        Coupon {
            active: false,
            ..base()
        },
        0,
        "kod",
        "KOD kuponu şu an kullanımda değil",
    );
    // 10 June 2026 00:00 in Istanbul (+03)
    let june10 = 1_781_038_800_000;
    refused(
        Coupon {
            starts_at: Some(At::from_millis(june10)),
            ..base()
        },
        0,
        "kod",
        "başlangıç: 10.06.2026",
    );
    refused(
        Coupon {
            starts_at: Some(At::from_millis(june10 + 90 * 60_000)),
            ..base()
        },
        0,
        "kod",
        "10.06.2026 01:30",
    );
    refused(
        Coupon {
            expires_at: Some(At::from_millis(NOW - 1)),
            ..base()
        },
        0,
        "Kod",
        "süresi doldu",
    );
    refused(
        Coupon {
            max_uses: Some(100),
            used: 100,
            ..base()
        },
        0,
        "kod",
        "bütün kullanım hakları doldu",
    );
    refused(
        Coupon {
            per_customer: Some(1),
            ..base()
        },
        1,
        "kod",
        "daha önce kullandın",
    );
    refused(
        Coupon {
            min_order: Some(Money::from_minor(20000)),
            ..base()
        },
        0,
        "kod",
        "en az 200,00 ₺",
    );
}

#[test]
fn each_rule_in_english_too() {
    let mut c = at_coupon(
        vec![Coupon {
            min_order: Some(Money::from_minor(20000)),
            ..coupon("BIG", CouponKind::Amount, 500)
        }],
        0,
    );
    c.say("english");
    assert!(c.saw("coupon code"), "{}", c.text());
    assert_eq!(c.session.step, Step::Coupon);
    c.say("big");
    assert!(c.saw("needs an order of at least 200,00 ₺"), "{}", c.text());
}

#[test]
fn percent_with_cap_and_amount_above_subtotal() {
    let capped = Coupon {
        max_discount: Some(Money::from_minor(1000)),
        ..coupon("YARI", CouponKind::Percent, 50)
    };
    let mut c = at_coupon(vec![capped], 0);
    c.say("yari");
    assert!(c.saw("-10,00 ₺"), "{}", c.text());
    let mut c = at_coupon(vec![coupon("DEV", CouponKind::Amount, 50000)], 0);
    c.say("dev");
    c.tap("Onayla");
    let d = c.draft().expect("placed");
    assert_eq!(
        (d.subtotal, d.discount, d.total),
        (
            Money::from_minor(10500),
            Money::from_minor(10500),
            Money::from_minor(0)
        )
    );
}

#[test]
fn no_coupon_by_typing() {
    for no in ["Yok", "kuponum yok", "Kupon yok"] {
        let mut c = at_coupon(vec![], 0);
        c.say(no);
        assert!(matches!(c.session.step, Step::Summary { .. }), "{no}");
        assert!(c.effects.is_empty(), "no lookup for {no:?}");
    }
}

#[test]
fn coupon_is_rechecked_against_the_final_subtotal() {
    let min100 = Coupon {
        min_order: Some(Money::from_minor(10000)),
        ..coupon("YUZ", CouponKind::Amount, 1500)
    };
    let mut c = at_coupon(vec![min100], 0);
    c.say("yuz");
    assert!(c.saw("YUZ kuponu uygulandı"), "{}", c.text());
    c.world.product_mut(6).available = false; // Ayran 86'd: 80,00 ₺ left
    c.say("sipariş ver");
    assert!(
        c.saw("şu an olmadığı için sepetten çıkardık: Ayran"),
        "{}",
        c.text()
    );
    assert!(
        c.saw("en az 100,00 ₺") && c.saw("Kupon bu siparişten çıkarıldı"),
        "{}",
        c.text()
    );
    assert!(
        c.saw("Toplam: 80,00 ₺") && !c.saw("İndirim"),
        "{}",
        c.text()
    );
    c.tap("Onayla");
    let d = c.draft().expect("placed");
    assert_eq!((d.coupon.clone(), d.total), (None, Money::from_minor(8000)));
}

#[test]
fn coupon_expiring_before_confirm_changes_the_summary() {
    let soon = Coupon {
        expires_at: Some(At::from_millis(NOW + 60_000)),
        ..coupon("KISA", CouponKind::Amount, 1000)
    };
    let mut c = at_coupon(vec![soon], 0);
    c.say("kisa");
    assert!(c.saw("Toplam: 95,00 ₺"), "{}", c.text());
    c.world.now += 120_000;
    c.tap("Onayla");
    assert_eq!(
        c.placed_orders(),
        0,
        "not placed with a total the customer did not see"
    );
    assert!(
        c.saw("KISA kuponunun süresi doldu") && c.saw("güncel özeti"),
        "{}",
        c.text()
    );
    c.tap("Onayla");
    assert_eq!(c.draft().map(|d| d.total), Some(Money::from_minor(10500)));
}

#[test]
fn lost_race_offers_to_confirm_without_the_coupon() {
    let last_use = Coupon {
        max_uses: Some(10),
        used: 9,
        ..coupon("SON", CouponKind::Percent, 20)
    };
    let mut c = at_coupon(vec![last_use], 0);
    c.say("son");
    assert!(c.saw("-21,00 ₺"), "{}", c.text());
    assert!(
        c.titles().contains(&"✅ Onayla".to_string()),
        "{:?}",
        c.titles()
    );
    c.refuse_next = Some(PlaceError::Coupon(CouponRejection::UsedUp));
    c.tap("Onayla");
    assert_eq!(c.placed_orders(), 1, "one attempt, refused by the store");
    assert!(
        c.saw("SON kuponunun bütün kullanım hakları doldu"),
        "{}",
        c.text()
    );
    assert!(
        c.saw("Kuponsuz onaylayabilirsin") && c.saw("Toplam: 105,00 ₺"),
        "{}",
        c.text()
    );
    assert!(matches!(c.session.step, Step::Summary { .. }));
    assert!(
        c.titles().contains(&"✅ Kuponsuz onayla".to_string()),
        "{:?}",
        c.titles()
    );
    c.tap("Kuponsuz onayla");
    let d = c.draft().expect("placed");
    assert_eq!(
        (d.coupon.clone(), d.discount, d.total),
        (None, Money::from_minor(0), Money::from_minor(10500))
    );
    assert!(c.saw("#101"), "{}", c.text());
}
