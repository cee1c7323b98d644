//! Which language to greet a customer in before they choose one: English for a
//! WhatsApp number outside Turkey (+90), the restaurant's language otherwise; and
//! whether a message is plainly written in Turkish (then the customer is answered
//! in Turkish whatever their number). Pure word and prefix checks.

use super::{CustomerId, Lang};

/// The language for a customer who has not chosen one: `default` for a phone number
/// with Turkey's code (90) or a username's user id from Turkey (`TR.…`), English for any
/// other country.
pub(crate) fn for_customer(customer: &CustomerId, default: Lang) -> Lang {
    let in_turkey = match customer {
        CustomerId::Phone(p) => p.as_str().starts_with("90"),
        CustomerId::User(u) => u.country().eq_ignore_ascii_case("TR"),
    };
    if in_turkey { default } else { Lang::En }
}

/// Greetings only a Turkish speaker writes (folded): the one list the bot's greeting
/// command, its filler and not-food words and both language guesses read.
pub(crate) const TURKISH_GREETINGS: &[&str] =
    &["merhaba", "merhabalar", "selam", "selamlar", "slm", "mrb"];

/// Greetings in English (folded).
pub(crate) const ENGLISH_GREETINGS: &[&str] = &["hi", "hello", "hey"];

/// Is this folded word a greeting, in either language?
pub(crate) fn is_greeting(word: &str) -> bool {
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
pub(crate) fn looks_turkish(raw: &str, folded: &str) -> bool {
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
        let guess = |s: &str, default| for_customer(&CustomerId::parse(s).expect(s), default);
        assert_eq!(guess("447700900123", Lang::Tr), Lang::En);
        assert_eq!(guess("4915112345678", Lang::Tr), Lang::En);
        assert_eq!(guess("905551112233", Lang::Tr), Lang::Tr);
        assert_eq!(guess("905551112233", Lang::En), Lang::En);
        assert_eq!(guess("US.13491208655302741918", Lang::Tr), Lang::En);
        assert_eq!(guess("TR.1", Lang::Tr), Lang::Tr);
        assert_eq!(guess("tr.1", Lang::En), Lang::En);
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
