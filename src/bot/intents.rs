//! Short things customers say that are not an order: "teşekkürler", "tamam",
//! "gelip alıcam", "aynısından", "kuponum yok", "not: …", "kupon YAZ25".
//! Compared on the folded text (no case, no Turkish letters), trailing
//! punctuation ignored. Pure word tables; [`super::typed`] acts on them.

use crate::domain::order::Fulfilment;

use super::steps::checkout::{is_no_coupon, typed_fulfilment};

/// What a short message means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Intent {
    /// "teşekkürler", "sağol", "thanks".
    Thanks,
    /// "tamam", "ok", "evet", "onayla".
    Yes,
    /// Pickup or delivery, said any time.
    Fulfil(Fulfilment),
    /// "kuponum yok", "yok".
    NoCoupon,
    /// "aynısından", "son siparişimi tekrarla".
    Repeat,
    /// "not: …" (the note, as typed after the prefix).
    Note(String),
    /// "kupon …" / "kod …" (the code as typed after the prefix).
    Coupon(String),
    // -- answered from `[payment]` and `[delivery]` --
    /// "kartla ödeyebilir miyim?", "payment methods?".
    PaymentMethods,
    /// "nereye teslimat var?", "Moda'ya getiriyor musunuz?", "do you deliver to Moda?":
    /// the place named, if any, and the whole (cleaned) question.
    DeliveryArea { place: Option<String>, said: String },
    /// "yetkili", "canlı destek", "operatör", "insan", "human": a person, please.
    Person,
}

/// Asking for a person, read with the order parser's tolerance for endings and typos
/// ([`super::understand::mentions_any`]): found anywhere in a short message.
const PERSON: [&str; 19] = [
    "yetkili",
    "canli destek",
    "operator",
    "insan",
    "yetkili biriyle gorusmek istiyorum",
    "musteri hizmetleri",
    "gercek kisi",
    "gercek biri",
    "biriyle gorusmek istiyorum",
    "human",
    "agent",
    "talk to a person",
    "speak to a person",
    "real person",
    "talk to someone",
    "speak to someone",
    "customer service",
    "live support",
    "live chat",
];

/// Longest message in which a person-word is looked for; longer text (an address,
/// a note, an order) must be the phrase alone to count.
const PERSON_MAX_WORDS: usize = 8;

/// Does the customer ask for a person? With `strict` (a free-text answer is
/// expected: an address or a note) only a message that is nothing but the phrase counts.
pub fn wants_person(cleaned: &str, strict: bool) -> bool {
    let short = cleaned.split_whitespace().count() <= PERSON_MAX_WORDS;
    super::understand::mentions_any(cleaned, &PERSON, strict || !short)
}

const THANKS: [&str; 16] = [
    "tesekkurler",
    "tesekkur ederim",
    "tesekkur ederiz",
    "cok tesekkurler",
    "sagol",
    "sagolun",
    "sag ol",
    "sag olun",
    "eyvallah",
    "tsk",
    "tskler",
    "thanks",
    "thank you",
    "thx",
    "ty",
    "mersi",
];

const YES: [&str; 10] = [
    "tamam", "tamamdir", "ok", "okey", "olur", "evet", "onayla", "onay", "confirm", "yes",
];

const REPEAT: [&str; 14] = [
    "aynisindan",
    "aynisi",
    "aynisindan olsun",
    "ayni siparis",
    "ayni siparisi ver",
    "ayni siparisten",
    "son siparisimi tekrarla",
    "son siparisi tekrarla",
    "son siparisim",
    "siparisimi tekrarla",
    "tekrarla",
    "same again",
    "repeat my last order",
    "repeat last order",
];

/// The intent of a whole (folded) message, if it is one of these.
pub fn intent(folded: &str, cleaned: &str) -> Option<Intent> {
    let f = folded.trim_end_matches(['.', '!', '?', ' ']).trim();
    if wants_person(cleaned, false) {
        return Some(Intent::Person);
    }
    if let Some(rest) = prefixed(cleaned, &["not:", "not :", "note:", "not -"]) {
        return Some(Intent::Note(rest));
    }
    if let Some(rest) = prefixed(
        cleaned,
        &["kupon:", "kupon ", "kod:", "kod ", "coupon ", "code "],
    )
    .filter(|r| !is_no_coupon(&crate::domain::text::fold(r)))
    {
        return Some(Intent::Coupon(rest));
    }
    if THANKS.contains(&f) || f.starts_with("tesekkur") {
        return Some(Intent::Thanks);
    }
    if YES.contains(&f) {
        return Some(Intent::Yes);
    }
    if REPEAT.contains(&f) {
        return Some(Intent::Repeat);
    }
    if is_no_coupon(f) && f != "no" && f != "hayir" {
        return Some(Intent::NoCoupon);
    }
    if let Some(i) = shop_question(folded, cleaned) {
        return Some(i);
    }
    typed_fulfilment(f).map(Intent::Fulfil)
}

// ---- questions answered from the config: payment methods, delivery area ----

/// Words that make a message a question (folded, padded with spaces).
const QUESTION: [&str; 22] = [
    "?", " mi ", " mu ", " mi?", " mu?", "miyim", "miyiz", "musunuz", "misiniz", "mudur", " var ",
    "nasil", "nereye", "nerelere", "hangi", "ne kadar", "how ", "do you", "can i", "can you",
    "which", "what ",
];

/// A payment question's words (folded).
const PAYMENT_WORDS: [&str; 21] = [
    "kartla",
    "kart ile",
    "kredi kart",
    "kart gec",
    "kart var",
    "kart kabul",
    "pos ",
    "odeme yontem",
    "odeme sekl",
    "nasil odeme",
    "nasil oder",
    "nasil odey",
    "kapida odeme",
    "online odeme",
    "nakit mi",
    "payment",
    "pay by",
    "pay with",
    "pay ",
    "card",
    "cash",
];

/// A delivery question's words (folded).
const DELIVERY_WORDS: [&str; 10] = [
    "teslimat",
    "getiriyor",
    "getirir",
    "getirebilir",
    "servis",
    "paket",
    "gonderiyor",
    "kurye",
    "deliver",
    "delivery",
];

/// "kartla ödeyebilir miyim?" or "Moda'ya teslimat var mı?" — only as questions, and
/// only short ones (an order that mentions a card stays an order).
fn shop_question(folded: &str, cleaned: &str) -> Option<Intent> {
    let padded = format!(" {} ", folded.trim());
    let words = folded.split_whitespace().count();
    if words > 12 || !QUESTION.iter().any(|q| padded.contains(q)) {
        return None;
    }
    if PAYMENT_WORDS.iter().any(|w| padded.contains(w)) {
        return Some(Intent::PaymentMethods);
    }
    if DELIVERY_WORDS.iter().any(|w| padded.contains(w)) {
        return Some(Intent::DeliveryArea {
            place: place_named(folded, cleaned),
            said: cleaned.to_string(),
        });
    }
    None
}

/// The place a delivery question names: "Moda'ya teslimat var mı" → "Moda",
/// "do you deliver to Moda?" → "Moda". `None` for "nereye…", "where…".
fn place_named(folded: &str, cleaned: &str) -> Option<String> {
    let f: Vec<&str> = folded.split_whitespace().collect();
    let c: Vec<&str> = cleaned.split_whitespace().collect();
    if f.len() != c.len() {
        return None;
    }
    let trim = |w: &str| -> String {
        let w = w.trim_matches(|ch: char| !ch.is_alphanumeric() && ch != '\'' && ch != '’');
        w.split(['\'', '’']).next().unwrap_or("").to_string()
    };
    // English: the words after "to"
    if let Some(i) = f.iter().position(|w| *w == "to") {
        let place: Vec<String> = c[i + 1..]
            .iter()
            .map(|w| trim(w))
            .filter(|w| !w.is_empty())
            .collect();
        return (!place.is_empty()).then(|| place.join(" "));
    }
    // Turkish: the words before the first delivery word
    let k = f
        .iter()
        .position(|w| DELIVERY_WORDS.iter().any(|d| w.starts_with(d)))?;
    let skip = [
        "nereye",
        "nerelere",
        "hangi",
        "mahallelere",
        "mahalleye",
        "bolgelere",
        "size",
        "siz",
        "acaba",
        "where",
        "do",
        "does",
        "you",
        "can",
        "what",
        "which",
        "is",
        "there",
        "your",
    ];
    let place: Vec<String> = c[..k]
        .iter()
        .zip(&f[..k])
        .filter(|(_, fw)| !skip.contains(&fw.trim_matches(|ch: char| !ch.is_alphanumeric())))
        .map(|(w, _)| trim(w))
        .filter(|w| !w.is_empty())
        .collect();
    (!place.is_empty()).then(|| place.join(" "))
}

/// The text after one of `prefixes` (compared without case), trimmed; `None` if
/// none starts it or nothing follows.
fn prefixed(cleaned: &str, prefixes: &[&str]) -> Option<String> {
    let t = cleaned.trim_start();
    let lower = t.to_lowercase();
    for p in prefixes {
        if lower.starts_with(p) {
            // the prefixes are ASCII, so their byte length is the same in `t`
            let rest = t.get(p.len()..)?.trim();
            return (!rest.is_empty()).then(|| rest.to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::text::{clean, fold};

    fn of(s: &str) -> Option<Intent> {
        let c = clean(s);
        intent(&fold(&c), &c)
    }

    #[test]
    fn short_intents() {
        assert_eq!(of("Teşekkürler!"), Some(Intent::Thanks));
        assert_eq!(of("tamam"), Some(Intent::Yes));
        assert_eq!(of("gelip alıcam"), Some(Intent::Fulfil(Fulfilment::Pickup)));
        assert_eq!(of("gel al"), Some(Intent::Fulfil(Fulfilment::Pickup)));
        assert_eq!(of("paket"), Some(Intent::Fulfil(Fulfilment::Delivery)));
        assert_eq!(
            of("eve getirin"),
            Some(Intent::Fulfil(Fulfilment::Delivery))
        );
        assert_eq!(of("kuponum yok"), Some(Intent::NoCoupon));
        assert_eq!(of("Aynısından"), Some(Intent::Repeat));
        assert_eq!(of("son siparişimi tekrarla"), Some(Intent::Repeat));
        assert_eq!(of("Not: zil bozuk"), Some(Intent::Note("zil bozuk".into())));
        assert_eq!(of("kupon yaz 25"), Some(Intent::Coupon("yaz 25".into())));
        assert_eq!(of("kupon yok"), Some(Intent::NoCoupon));
        assert_eq!(of("2 ayran"), None);
        for p in [
            "yetkili",
            "Yetkili biriyle görüşmek istiyorum",
            "yetkili biriyle gorusmek istiyorum",
            "canlı destek",
            "CANLI DESTEK lütfen",
            "operatör",
            "operatore bağlar mısınız",
            "insan yok mu",
            "yetklii",
            "canli destk",
            "human",
            "I want to talk to a person",
            "agent please",
        ] {
            assert_eq!(of(p), Some(Intent::Person), "{p}");
        }
        for not in ["2 tavuk dürüm", "ayran", "ihtiyacım yok", "tamam"] {
            assert_ne!(of(not), Some(Intent::Person), "{not}");
        }
        // a long message names a person only when that is all it says
        assert!(!wants_person(
            "Caferağa Mah. İnsan Sokak No 12 Daire 3 Kadıköy İstanbul",
            false
        ));
        assert!(wants_person("yetkili", true));
        assert!(!wants_person("insan sokak 12", true));
        assert_eq!(of("not"), None);
    }

    #[test]
    fn questions_answered_from_the_config() {
        assert_eq!(of("Kartla ödeyebilir miyim?"), Some(Intent::PaymentMethods));
        assert_eq!(of("kapıda kart geçiyor mu"), Some(Intent::PaymentMethods));
        assert_eq!(
            of("what are your payment methods"),
            Some(Intent::PaymentMethods)
        );
        assert_eq!(of("can I pay by card?"), Some(Intent::PaymentMethods));
        let area = |s: &str| match of(s) {
            Some(Intent::DeliveryArea { place, .. }) => Some(place),
            _ => None,
        };
        assert_eq!(area("Nereye teslimat var?"), Some(None));
        assert_eq!(area("Moda'ya teslimat var mı?"), Some(Some("Moda".into())));
        assert_eq!(
            area("Kadıköy Caferağa'ya getiriyor musunuz"),
            Some(Some("Kadıköy Caferağa".into()))
        );
        assert_eq!(area("do you deliver to Moda?"), Some(Some("Moda".into())));
        assert_eq!(area("where do you deliver?"), Some(None));
        assert_eq!(area("paket servis var mı"), Some(None));
        // still what they were
        assert_eq!(of("paket"), Some(Intent::Fulfil(Fulfilment::Delivery)));
        assert_eq!(
            of("eve getirin"),
            Some(Intent::Fulfil(Fulfilment::Delivery))
        );
        assert_eq!(of("2 dürüm kartla ödeyeceğim"), None);
    }
}
