//! Coupon codes as customers type them: " hoşgeldin " is HOSGELDIN, "yaz 25" is
//! YAZ25, and "kuponum yok" is no code at all. Pure. The code travels as a
//! [`CouponCode`] from the bot's reading through its checkout step, the lookup
//! effect and its answer; the store looks it up exactly by [`CouponCode::as_str`].
//! Once found, the stored coupon's own `code` is what an order records.

use super::coupon::valid_code;
use super::text::fold;

/// A code typed by a customer, in the stored form: Turkish letters folded to
/// ASCII (İ/I/ı → I, Ş → S, Ğ → G, Ü → U, Ö → O, Ç → C), upper-case, spaces
/// and other punctuation inside removed; `-` and `_` kept, as codes may hold them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CouponCode(String);

/// Text that cannot be a coupon code (see [`CouponCode::parse`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a coupon code")]
pub struct NotACode(pub String);

/// A session saved with a code reads back as that code (parsing a code's stored
/// form gives it again).
impl TryFrom<String> for CouponCode {
    type Error = NotACode;
    fn try_from(s: String) -> Result<CouponCode, NotACode> {
        CouponCode::parse(&s).ok_or(NotACode(s))
    }
}

impl From<CouponCode> for String {
    fn from(c: CouponCode) -> String {
        c.0
    }
}

/// A code is text: `order.coupon.as_deref()` is the `&str` to print or add up by.
impl std::ops::Deref for CouponCode {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for CouponCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a customer's reply to "any coupon?" says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TypedCoupon {
    /// "kuponum yok", "yok", "no coupon": go on without one.
    NoCoupon,
    /// Something that can be a code.
    Code(CouponCode),
    /// Text that cannot be a code (too long, emoji, a sentence).
    NotACode,
}

/// Replies that mean "no coupon", folded.
const NONE: &[&str] = &[
    "yok",
    "kuponum yok",
    "kupon yok",
    "kuponum yoktur",
    "yok kupon",
    "hayir",
    "yok abi",
    "gerek yok",
    "kodum yok",
    "kod yok",
    "indirim kodum yok",
    "istemiyorum",
    "bos",
    "gec",
    "no",
    "none",
    "no coupon",
    "no code",
    "i dont have one",
    "i have no coupon",
    "skip",
    "nope",
];

impl CouponCode {
    /// Read typed text as a code; `None` when it cannot be one (see [`valid_code`]).
    pub fn parse(typed: &str) -> Option<CouponCode> {
        let code: String = fold(typed)
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
            .map(|c| c.to_ascii_uppercase())
            .collect();
        valid_code(&code).then_some(CouponCode(code))
    }

    /// The code in its stored form, for the store's exact lookup.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Does this code name `stored`? Both are folded the same way and `-`/`_`
    /// are ignored, so a stored "HOŞGELDİN" or "YAZ-25" still matches.
    pub fn matches(&self, stored: &str) -> bool {
        key(&self.0) == key(stored)
    }
}

/// The comparison key: folded, letters and digits only, upper-case.
fn key(s: &str) -> String {
    fold(s)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Folded words only: apostrophes dropped, other punctuation a space.
fn words(s: &str) -> String {
    let f: String = fold(s)
        .chars()
        .filter(|c| !matches!(c, '\'' | '’'))
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    f.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Read a reply to "any coupon?" (or a code typed at any time).
pub(crate) fn read_typed(text: &str) -> TypedCoupon {
    let folded = words(text);
    if NONE.contains(&folded.as_str()) {
        return TypedCoupon::NoCoupon;
    }
    match CouponCode::parse(text) {
        // a code has at most one space in it ("yaz 25"); more is a sentence
        Some(c) if folded.matches(' ').count() <= 1 => TypedCoupon::Code(c),
        _ => TypedCoupon::NotACode,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> String {
        CouponCode::parse(s).map(|c| c.0).unwrap_or_default()
    }

    #[test]
    fn turkish_letters_and_spaces_fold_away() {
        assert_eq!(code(" hoşgeldin "), "HOSGELDIN");
        assert_eq!(code("HOŞGELDİN"), "HOSGELDIN");
        assert_eq!(code("Hosgeldin"), "HOSGELDIN");
        assert_eq!(code("yaz 25"), "YAZ25");
        assert_eq!(code("YAZ25"), "YAZ25");
        assert_eq!(code("ilk-50"), "ILK-50");
        assert_eq!(code("ılk50!"), "ILK50");
        assert_eq!(code("🎟️"), "");
        assert_eq!(code("x"), "", "too short to be a code");
    }

    #[test]
    fn a_code_reads_back_as_itself() {
        for typed in [" hoşgeldin ", "yaz 25", "ilk-50", "A_B"] {
            let c = CouponCode::parse(typed).expect("code");
            let json = serde_json::to_string(&c).expect("json");
            assert_eq!(serde_json::from_str::<CouponCode>(&json).ok(), Some(c));
        }
        assert!(serde_json::from_str::<CouponCode>("\"x\"").is_err());
    }

    #[test]
    fn a_code_matches_its_stored_form_however_typed() {
        let typed = CouponCode::parse(" hoşgeldin ").expect("code");
        assert!(typed.matches("HOSGELDIN"));
        assert!(typed.matches("HOŞGELDİN"));
        assert!(typed.matches("hoş-geldin"));
        assert!(!typed.matches("HOSGELDIN2"));
        let yaz = CouponCode::parse("yaz 25").expect("code");
        assert!(yaz.matches("YAZ25"));
        assert!(yaz.matches("YAZ-25"));
    }

    #[test]
    fn no_coupon_in_so_many_words() {
        for t in [
            "kuponum yok",
            "Kuponum yok.",
            "yok",
            "YOK",
            "no coupon",
            "No",
            "hayır",
        ] {
            assert_eq!(read_typed(t), TypedCoupon::NoCoupon, "{t}");
        }
        assert_eq!(
            read_typed(" hoşgeldin "),
            TypedCoupon::Code(CouponCode("HOSGELDIN".into()))
        );
        assert_eq!(
            read_typed("yaz 25"),
            TypedCoupon::Code(CouponCode("YAZ25".into()))
        );
        assert_eq!(read_typed("2 tavuk dürüm 1 ayran"), TypedCoupon::NotACode);
        assert_eq!(read_typed("👍"), TypedCoupon::NotACode);
    }
}
