//! Which language to greet a customer in before they choose one: English for a
//! WhatsApp number outside Turkey (+90), the restaurant's language otherwise; and
//! whether a message is plainly written in Turkish (then the customer is answered
//! in Turkish whatever their number). Pure word and prefix checks.

use super::Lang;

/// The language for a customer who has not chosen one. `address` is Meta's `wa_id`
/// (digits with the country code) or a username's BSUID (`TR.…`, `US.…`: its
/// country prefix). Anything else keeps `default`.
pub fn for_customer(address: &str, default: Lang) -> Lang {
    let a = address.trim().trim_start_matches('+');
    if !a.is_empty() && a.bytes().all(|b| b.is_ascii_digit()) {
        return if a.starts_with("90") {
            default
        } else {
            Lang::En
        };
    }
    match a.split_once('.') {
        Some((country, _))
            if country.len() == 2 && country.bytes().all(|b| b.is_ascii_alphabetic()) =>
        {
            if country.eq_ignore_ascii_case("TR") {
                default
            } else {
                Lang::En
            }
        }
        _ => default,
    }
}

/// Greetings only a Turkish speaker writes (folded): the one list the bot's greeting
/// command, its filler and not-food words and both language guesses read.
pub const TURKISH_GREETINGS: &[&str] =
    &["merhaba", "merhabalar", "selam", "selamlar", "slm", "mrb"];

/// Greetings in English (folded).
pub const ENGLISH_GREETINGS: &[&str] = &["hi", "hello", "hey"];

/// Is this folded word a greeting, in either language?
pub fn is_greeting(word: &str) -> bool {
    TURKISH_GREETINGS.contains(&word) || ENGLISH_GREETINGS.contains(&word)
}

/// Words besides [`TURKISH_GREETINGS`] that only a Turkish speaker writes to a döner shop
/// (folded: no accents).
const TURKISH_WORDS: &[&str] = &[
    "istiyorum",
    "istiyoruz",
    "lutfen",
    "tesekkurler",
    "tesekkur",
    "sagol",
    "abi",
    "abla",
    "siparis",
    "siparisim",
    "tane",
    "adet",
    "olsun",
    "nasil",
    "nerede",
];

/// Is this message plainly Turkish: a letter only Turkish uses (ğ, ş, ı, İ) or a
/// word from [`TURKISH_WORDS`] or [`TURKISH_GREETINGS`]? `folded` is the message folded by
/// [`super::text::fold`].
pub fn looks_turkish(raw: &str, folded: &str) -> bool {
    raw.chars()
        .any(|c| matches!(c, 'ğ' | 'Ğ' | 'ş' | 'Ş' | 'ı' | 'İ'))
        || folded
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| TURKISH_WORDS.contains(&w) || TURKISH_GREETINGS.contains(&w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_outside_turkey_get_english() {
        assert_eq!(for_customer("447700900123", Lang::Tr), Lang::En);
        assert_eq!(for_customer("+4915112345678", Lang::Tr), Lang::En);
        assert_eq!(for_customer("905551112233", Lang::Tr), Lang::Tr);
        assert_eq!(for_customer("905551112233", Lang::En), Lang::En);
        assert_eq!(for_customer("US.13491208655302741918", Lang::Tr), Lang::En);
        assert_eq!(for_customer("TR.1", Lang::Tr), Lang::Tr);
        assert_eq!(for_customer("", Lang::Tr), Lang::Tr);
        assert_eq!(for_customer("garbage", Lang::Tr), Lang::Tr);
    }

    #[test]
    fn turkish_is_seen_by_letters_or_words() {
        let t = |s: &str| looks_turkish(s, &crate::domain::text::fold(s));
        assert!(t("2 tavuk dürüm acısız"));
        assert!(t("merhaba"));
        assert!(t("2 tane ayran lutfen"));
        assert!(!t("two chicken wraps and a large ayran"));
        assert!(!t("chicken wrap, no onion"));
        assert!(!t("Grüße, 2 döner"));
    }
}
