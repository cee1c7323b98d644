//! What a turn says besides an order, read word by word on the folded text
//! (no case, no Turkish letters, punctuation as spaces) with the order reader's
//! tolerance for endings and typos ([`super::understand::word_is`]): yes,
//! no, cancel, remove, "one more", a position in the shown choices ("2.",
//! "ikinci", "the first one"), "X yerine Y", a coupon named in a sentence.
//! Pure word tables and small functions; the steps act on them.

use super::understand::{fold_words, word_is};
use crate::domain::lang_guess::{ENGLISH_GREETINGS, TURKISH_GREETINGS};

/// The words of a message, folded.
pub fn words(text: &str) -> Vec<String> {
    fold_words(text)
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

fn is_any(w: &str, list: &[&str]) -> bool {
    list.contains(&w)
}

/// Fillers said around a yes, a no or a cancel.
const FILLER: &[&str] = &[
    "tesekkurler",
    "tesekkur",
    "ederim",
    "sagol",
    "thanks",
    "thank",
    "you",
    "lutfen",
    "lutfennn",
    "please",
    "pls",
    "plz",
    "abi",
    "abla",
    "hocam",
    "kardesim",
    "ya",
    "de",
    "da",
    "o",
    "bu",
    "it",
    "the",
    "now",
    "simdi",
    "hemen",
    "artik",
    "tamamen",
    "bunu",
    "onu",
    "sunu",
    "beni",
    "bana",
    "that",
    "this",
    "is",
    "its",
    "s",
    "ok",
    "then",
    "o zaman",
];

/// Words that say yes to the question shown (folded).
const YES: &[&str] = &[
    "ok",
    "evet",
    "evt",
    "eet",
    "he",
    "hee",
    "hi hi",
    "tamam",
    "tamamdir",
    "tmm",
    "tm",
    "okey",
    "okay",
    "oki",
    "olur",
    "onay",
    "onayla",
    "onayliyorum",
    "onayliyoruz",
    "onayladim",
    "onaylarim",
    "onaylandi",
    "aynen",
    "aynen oyle",
    "oyle",
    "dogru",
    "dogrudur",
    "gonder",
    "gonderin",
    "gonderebilirsin",
    "gonderebilirsiniz",
    "yolla",
    "yollayin",
    "tabii",
    "tabi",
    "elbette",
    "kesinlikle",
    "yes",
    "yeah",
    "yep",
    "yup",
    "sure",
    "correct",
    "right",
    "confirm",
    "confirmed",
    "send",
    "go",
    "ahead",
    "place",
    "order",
    "siparis",
    "siparisi",
    "ver",
];

/// Emoji that say yes.
const YES_EMOJI: &[&str] = &["👍", "✅", "👌", "✔", "☑", "🆗", "👍🏻"];

/// Is the whole message a yes ("evet onaylıyorum", "yes please", "👍")? Fillers
/// and emoji are allowed around it; "order"/"sipariş" alone is not a yes.
pub fn is_yes(cleaned: &str) -> bool {
    let mut rest = cleaned.to_string();
    let mut emoji = false;
    for e in YES_EMOJI {
        if rest.contains(e) {
            emoji = true;
            rest = rest.replace(e, " ");
        }
    }
    // skin tones and variation selectors left by the emoji
    rest.retain(|c| !('\u{1F3FB}'..='\u{1F3FF}').contains(&c) && c != '\u{FE0F}');
    let w = words(&rest);
    let strong = |x: &str| {
        !is_any(
            x,
            &[
                "order", "siparis", "siparisi", "ver", "go", "ahead", "place", "send",
            ],
        ) && (is_any(x, YES) || (x.len() >= 5 && YES.iter().any(|y| y.len() >= 5 && word_is(x, y))))
    };
    let yes_like = |x: &str| is_any(x, YES) || is_any(x, FILLER) || strong(x);
    (emoji || w.iter().any(|x| strong(x))) && w.iter().all(|x| yes_like(x))
}

/// Words that say no to the question shown (folded).
const NO: &[&str] = &[
    "hayir",
    "hayır",
    "yok",
    "no",
    "nope",
    "istemem",
    "kalsin",
    "kalsn",
    "dur",
    "bekle",
    "keep",
    "dont",
    "don",
    "t",
    "etme",
    "vazgectim",
];

/// Is the whole message a no ("hayır", "kalsın", "iptal etme", "no keep it")?
pub fn is_no(cleaned: &str) -> bool {
    let w = words(cleaned);
    let no = |x: &str| is_any(x, NO) || x.starts_with("vazgec");
    !w.is_empty()
        && w.iter().any(|x| no(x))
        && w.iter().all(|x| {
            no(x)
                || is_any(x, FILLER)
                || is_any(
                    x,
                    &["iptal", "cancel", "siparis", "siparisi", "order", "it"],
                )
        })
        // "iptal" alone is a cancel, not a no; "iptal etme" is a no
        && (!w.iter().any(|x| x == "iptal") || w.iter().any(|x| x == "etme"))
}

/// A cancel request: what it names besides the cancel words.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cancel {
    /// "sipariş", "order" was said.
    pub order: bool,
    /// "sepet", "cart", "basket" was said.
    pub cart: bool,
    /// "evet", "yes" was said ("evet iptal").
    pub yes: bool,
    /// The other words (folded), e.g. a product to take out ("kolayı iptal et").
    pub rest: Vec<String>,
}

/// Is `w` a cancel word ("iptal", "vazgeçtim", "cancel", "boşver")?
fn cancel_word(w: &str) -> bool {
    w.starts_with("iptal")
        || w.starts_with("vazgec")
        || w.starts_with("vazgeic")
        || w.starts_with("cancel")
        || w.starts_with("bosver")
        || w.starts_with("bosalt")
        || (w.len() >= 4 && word_is(w, "iptal"))
        || (w.len() >= 5 && word_is(w, "vazgectim"))
}

/// The verbs and fillers said with a cancel ("iptal et", "iptal edin lütfen",
/// "iptal etmek istiyorum", "cancel my order please").
const CANCEL_FILLER: &[&str] = &[
    "et",
    "edin",
    "eder",
    "edermisin",
    "edermisiniz",
    "edebilir",
    "edebilirmisin",
    "edebilirmisiniz",
    "edebilir misiniz",
    "ediyorum",
    "ediyoruz",
    "edelim",
    "etmek",
    "etmeni",
    "etmenizi",
    "ettim",
    "etsene",
    "etsin",
    "istiyorum",
    "istiyoruz",
    "rica",
    "ederim",
    "misin",
    "misiniz",
    "musun",
    "musunuz",
    "mi",
    "mu",
    "my",
    "hepsini",
    "tumunu",
    "hepsi",
    "all",
    "everything",
    "her",
    "seyi",
    "want",
    "to",
    "i",
    "want to",
];

/// A cancel request in the message ("iptal et", "siparişimi iptal etmek
/// istiyorum", "vazgeçtim boşver", "cancel my order"); `None` if it has no
/// cancel word, or says "iptal etme" (do not cancel).
pub fn cancel(cleaned: &str) -> Option<Cancel> {
    let w = words(cleaned);
    if w.len() > 12 || !w.iter().any(|x| cancel_word(x)) {
        return None;
    }
    if w.iter()
        .any(|x| x == "etme" || x == "etmeyin" || x == "dont")
    {
        return None;
    }
    let mut c = Cancel::default();
    for x in &w {
        if cancel_word(x) {
            continue;
        }
        if x.starts_with("siparis") || x == "order" || x == "orders" {
            c.order = true;
        } else if x.starts_with("sepet") || x == "cart" || x == "basket" {
            c.cart = true;
        } else if x == "evet" || x == "yes" || x == "evt" {
            c.yes = true;
        } else if !is_any(x, CANCEL_FILLER) && !is_any(x, FILLER) {
            c.rest.push(x.clone());
        }
    }
    Some(c)
}

/// Is `w` a word that takes something out ("çıkar", "sil", "olmasın", "istemiyorum", "remove")?
pub fn remove_word(w: &str) -> bool {
    w.starts_with("cikar")
        || w.starts_with("cikart")
        || w.starts_with("cıkar")
        || (w.len() >= 5 && word_is(w, "cikar"))
        || is_any(
            w,
            &[
                "sil",
                "silin",
                "silebilir",
                "silebilirmisin",
                "silermisin",
                "silsene",
                "silelim",
                "silsin",
            ],
        )
        || w.starts_with("kaldir")
        || w.starts_with("olmasin")
        || w.starts_with("olmasn")
        || w.starts_with("istemiy")
        || w == "istemem"
        || w.starts_with("istemez")
        || is_any(w, &["remove", "delete", "drop", "minus"])
}

/// A request to take something out of the cart: the words that name it, or
/// `None` if nothing says "take out". "no coke", "without the coke" in English
/// when the message begins so; "don't want X".
pub fn removal(cleaned: &str) -> Option<Vec<String>> {
    let w = words(cleaned);
    if w.is_empty() || w.len() > 14 {
        return None;
    }
    let english_no = w.len() >= 2 && (w[0] == "no" || w[0] == "without");
    let take_out = w
        .windows(2)
        .any(|x| x[0] == "take" && (x[1] == "out" || x[1] == "off"));
    let dont = take_out
        || w.windows(3)
            .any(|x| x[0] == "don" && x[1] == "t" && x[2] == "want")
        || w.windows(2).any(|x| x[0] == "dont" && x[1] == "want");
    if !english_no && !dont && !w.iter().any(|x| remove_word(x)) {
        return None;
    }
    let skip = [
        "no",
        "without",
        "don",
        "dont",
        "t",
        "want",
        "i",
        "take",
        "out",
        "off",
        "from",
        "the",
        "my",
        "cart",
        "sepetten",
        "sepetimden",
        "sepet",
        "lutfen",
        "please",
        "tane",
        "adet",
        "ben",
        "artik",
    ];
    let rest: Vec<String> = w
        .into_iter()
        .filter(|x| !remove_word(x) && !is_any(x, &skip) && !is_any(x, CANCEL_FILLER))
        .collect();
    Some(rest)
}

/// "kuponu kaldır", "kuponu sil", "remove the coupon": take the coupon off.
pub fn coupon_off(cleaned: &str) -> bool {
    removal(cleaned).is_some_and(|rest| {
        !rest.is_empty()
            && rest.iter().all(|x| {
                x.starts_with("kupon") || x.starts_with("coupon") || x.starts_with("indirim")
            })
    })
}

/// "bir ayran daha", "1 kola daha ekle", "one more coke", "another ayran":
/// the words without "daha"/"more"/"ekle", or `None`.
pub fn one_more(cleaned: &str) -> Option<Vec<String>> {
    let w = words(cleaned);
    let more = w.iter().any(|x| x == "daha")
        || w.windows(2).any(|x| x[0] == "one" && x[1] == "more")
        || w.first().is_some_and(|x| x == "another");
    if !more || w.len() > 8 {
        return None;
    }
    let skip = [
        "daha",
        "more",
        "another",
        "ekle",
        "ekler",
        "ekleyin",
        "eklermisin",
        "olsun",
        "lutfen",
        "please",
        "add",
        "koy",
        "koyun",
        "ilave",
        "et",
    ];
    Some(w.into_iter().filter(|x| !is_any(x, &skip)).collect())
}

/// "X yerine Y", "Y instead of X", "X değil Y": (the words for X, the words for Y).
pub fn replacement(cleaned: &str) -> Option<(Vec<String>, Vec<String>)> {
    let w = words(cleaned);
    if w.len() > 12 {
        return None;
    }
    let skip = [
        "olsun",
        "lutfen",
        "please",
        "yap",
        "yapin",
        "koy",
        "ver",
        "istiyorum",
        "i",
        "want",
        "have",
        "let",
        "me",
        "the",
        "a",
    ];
    let clean =
        |v: &[String]| -> Vec<String> { v.iter().filter(|x| !is_any(x, &skip)).cloned().collect() };
    if let Some(i) = w.iter().position(|x| x == "yerine" || x == "yerin") {
        let (a, b) = (clean(&w[..i]), clean(&w[i + 1..]));
        return (!a.is_empty() && !b.is_empty()).then_some((a, b));
    }
    if let Some(i) = w.windows(2).position(|x| x[0] == "instead" && x[1] == "of") {
        let (b, a) = (clean(&w[..i]), clean(&w[i + 2..]));
        return (!a.is_empty() && !b.is_empty()).then_some((a, b));
    }
    if let Some(i) = w.iter().position(|x| x == "degil") {
        let (a, b) = (clean(&w[..i]), clean(&w[i + 1..]));
        return (!a.is_empty() && !b.is_empty()).then_some((a, b));
    }
    None
}

/// A change said about lines already in the cart: "ayranlar 2 olsun", "kolayı 1
/// yap", "dürümler acısız olsun", "make it 2 cokes". True when a "make it so"
/// word is there.
pub fn setting(cleaned: &str) -> bool {
    let w = words(cleaned);
    w.iter().any(|x| {
        is_any(
            x,
            &[
                "olsun", "olsn", "yap", "yapin", "yapar", "yapalim", "yapsana", "olacak", "olmali",
                "make",
            ],
        )
    })
}

/// Does the message name a quantity (digits or a number word)?
pub fn has_number(cleaned: &str) -> bool {
    words(cleaned).iter().any(|x| {
        x.chars().all(|c| c.is_ascii_digit())
            || is_any(
                x,
                &[
                    "bir", "iki", "uc", "dort", "bes", "alti", "yedi", "sekiz", "dokuz", "on",
                    "one", "two", "three", "four", "five", "bi",
                ],
            )
    })
}

/// Ordinals: (folded word, 1-based position).
const ORDINALS: &[(&str, usize)] = &[
    ("birinci", 1),
    ("birincisi", 1),
    ("ilk", 1),
    ("ilki", 1),
    ("ilkini", 1),
    ("ilkine", 1),
    ("ikinci", 2),
    ("ikincisi", 2),
    ("ikinciyi", 2),
    ("ucuncu", 3),
    ("ucuncusu", 3),
    ("ucuncuyu", 3),
    ("dorduncu", 4),
    ("dorduncusu", 4),
    ("besinci", 5),
    ("altinci", 6),
    ("yedinci", 7),
    ("sekizinci", 8),
    ("dokuzuncu", 9),
    ("onuncu", 10),
    ("first", 1),
    ("second", 2),
    ("third", 3),
    ("fourth", 4),
    ("fifth", 5),
    ("1st", 1),
    ("2nd", 2),
    ("3rd", 3),
];

/// A position in the shown choices, 1-based: "1", "2.", "2)", "#3", "ikinci",
/// "the first one", "seçenek 2", "number 3". `None` for anything else.
pub fn position(cleaned: &str) -> Option<usize> {
    let t = cleaned.trim();
    if t.chars().count() > 30 {
        return None;
    }
    let w = words(t);
    let skip = [
        "the",
        "one",
        "olan",
        "olsun",
        "lutfen",
        "please",
        "numara",
        "numarali",
        "no",
        "secenek",
        "option",
        "number",
        "nr",
        "sira",
        "sirada",
        "secenegi",
        "i",
        "want",
        "istiyorum",
        "abi",
        "choice",
        "sec",
        "seciyorum",
        "secerim",
        "take",
    ];
    let rest: Vec<&String> = w.iter().filter(|x| !is_any(x, &skip)).collect();
    let [only] = rest.as_slice() else {
        return None;
    };
    if let Ok(n) = only.parse::<usize>() {
        return (1..=10).contains(&n).then_some(n);
    }
    if let Some((_, n)) = ORDINALS.iter().find(|(o, _)| o == only) {
        return Some(*n);
    }
    // "2nci", "3üncü", "2.si"
    let digits: String = only.chars().take_while(char::is_ascii_digit).collect();
    let tail: String = only.chars().skip(digits.len()).collect();
    if !digits.is_empty()
        && [
            "nci", "inci", "uncu", "ncu", "nci", "si", "ncisi", "ncusu", "ncu", "th", "st", "nd",
            "rd",
        ]
        .contains(&tail.as_str())
    {
        return digits.parse().ok().filter(|n| (1..=10).contains(n));
    }
    None
}

/// Coupon words said around a code ("hoşgeldin kuponu", "kuponum var: YAZ25",
/// "kupon kodum buyuk15", "my code is X"): the code's words, or `None` when
/// no coupon word is there or it says there is none.
pub fn coupon_named(cleaned: &str) -> Option<String> {
    let w = words(cleaned);
    if w.len() > 8 {
        return None;
    }
    let coupon_word = |x: &str| {
        x.starts_with("kupon")
            || x.starts_with("kod")
            || x.starts_with("coupon")
            || x == "code"
            || x == "promo"
            || x == "indirim"
    };
    if !w.iter().any(|x| coupon_word(x)) {
        return None;
    }
    if w.iter()
        .any(|x| is_any(x, &["yok", "no", "none", "without", "kuponsuz"]))
    {
        return None;
    }
    let skip = [
        "var",
        "kullan",
        "kullanmak",
        "kullanayim",
        "kullanabilir",
        "istiyorum",
        "uygula",
        "uygulayin",
        "gir",
        "olarak",
        "my",
        "is",
        "i",
        "have",
        "a",
        "use",
        "apply",
        "the",
        "lutfen",
        "please",
        "benim",
        "bir",
        "elimde",
        "su",
        "bu",
        "ile",
        "with",
        "mi",
        "miyim",
        "code",
        "promo",
        "indirim",
    ];
    // the code keeps its own spelling (digits, letters), read from the cleaned text
    let raw: Vec<&str> = cleaned
        .split(|c: char| c.is_whitespace() || c == ':' || c == ',')
        .filter(|x| !x.is_empty())
        .collect();
    let kept: Vec<&str> = raw
        .into_iter()
        .filter(|x| {
            let f = fold_words(x);
            let f = f.trim();
            !f.is_empty() && !coupon_word(f) && !is_any(f, &skip)
        })
        .collect();
    (!kept.is_empty() && kept.len() <= 2).then(|| kept.join(" "))
}

/// Pickup and delivery phrases said inside an order (folded words), longest first.
const FULFIL_PHRASES: &[(&str, bool)] = &[
    ("paket servis olsun", false),
    ("paket servisle", false),
    ("paket servis", false),
    ("paket olsun", false),
    ("paketle", false),
    ("paket", false),
    ("adrese teslim", false),
    ("adrese getirin", false),
    ("adrese gelsin", false),
    ("adrese gonderin", false),
    ("adrese", false),
    ("eve getirin", false),
    ("eve gelsin", false),
    ("eve", false),
    ("kapiya", false),
    ("for delivery", false),
    ("delivery", false),
    ("deliver it", false),
    ("gel al olsun", true),
    ("gel al", true),
    ("gelal", true),
    ("gelip alacagim", true),
    ("gelip alicam", true),
    ("gelip alirim", true),
    ("gelip alacam", true),
    ("gel alirim", true),
    ("kendim alirim", true),
    ("take away", true),
    ("takeaway", true),
    ("pickup", true),
];

/// Pickup or delivery said inside a longer message ("2 dürüm paket olsun",
/// "1 ayran gel al"): the fulfilment and the message without those words.
pub fn fulfilment_in(cleaned: &str) -> Option<(crate::domain::order::Fulfilment, String)> {
    use crate::domain::order::Fulfilment;
    let w = words(cleaned);
    if w.len() < 2 {
        return None;
    }
    for &(phrase, pickup) in FULFIL_PHRASES {
        let p: Vec<&str> = phrase.split(' ').collect();
        if let Some(i) = w
            .windows(p.len())
            .position(|x| x.iter().zip(&p).all(|(a, b)| a == b))
        {
            let rest: Vec<&str> = w[..i]
                .iter()
                .chain(&w[i + p.len()..])
                .map(String::as_str)
                .filter(|x| !is_any(x, &["olsun", "lutfen", "please", "ve", "and"]))
                .collect();
            if rest.is_empty() {
                return None;
            }
            let f = if pickup {
                Fulfilment::Pickup
            } else {
                Fulfilment::Delivery
            };
            return Some((f, rest.join(" ")));
        }
    }
    None
}

/// Words that are never food besides the greetings ([`TURKISH_GREETINGS`],
/// [`ENGLISH_GREETINGS`]): thanks, the bot's own words, small
/// talk, pronouns and question words (folded).
const NOT_FOOD: &[&str] = &[
    "gunaydin",
    "iyi",
    "aksamlar",
    "gunler",
    "geceler",
    "nasilsiniz",
    "nasilsin",
    "naber",
    "nbr",
    "napiyorsun",
    "kolay",
    "gelsin",
    "hayirli",
    "isler",
    "tesekkurler",
    "tesekkur",
    "sagol",
    "sagolun",
    "eyvallah",
    "thanks",
    "thank",
    "you",
    "duzenle",
    "duzelt",
    "degistir",
    "cikar",
    "cikart",
    "sil",
    "aynisindan",
    "aynisi",
    "english",
    "ingilizce",
    "turkce",
    "turkish",
    "sepet",
    "sepetim",
    "menu",
    "onay",
    "onayla",
    "tamam",
    "ok",
    "evet",
    "hayir",
    "yes",
    "no",
    "ben",
    "sen",
    "biz",
    "siz",
    "o",
    "bu",
    "su",
    "ne",
    "neden",
    "nasil",
    "nerede",
    "nerde",
    "kim",
    "hangi",
    "abi",
    "abla",
    "hocam",
    "usta",
    "kardesim",
    "canim",
    "lutfen",
    "please",
    "bir",
    "sey",
    "soru",
    "sorum",
    "var",
    "yok",
    "mi",
    "mu",
    "misiniz",
    "musunuz",
    "bakar",
    "bakabilir",
    "ya",
    "de",
    "da",
    "ama",
    "fakat",
    "ile",
    "help",
    "yardim",
];

/// Do the words (a piece the reader did not know) look like anything but food:
/// greetings, the bot's words, numbers, the customer's own name?
pub fn not_food_words(piece: &str, name: Option<&str>) -> bool {
    let w = words(piece);
    let name_words: Vec<String> = name.map(words).unwrap_or_default();
    w.iter().all(|x| {
        // no vowel: typed at random ("qwrt zxcv"), no dish is spelt so
        !x.chars().any(|c| "aeiou".contains(c))
            || x.chars().any(|c| c.is_ascii_digit())
            || x.chars().count() < 3 && x != "su"
            || [NOT_FOOD, TURKISH_GREETINGS, ENGLISH_GREETINGS]
                .iter()
                .any(|list| is_any(x, list))
            || NOT_FOOD
                .iter()
                .chain(TURKISH_GREETINGS)
                .any(|n| n.chars().count() >= 6 && word_is(x, n))
            || name_words.contains(x)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yes_in_its_everyday_forms() {
        for y in [
            "onaylıyorum",
            "evet onaylıyorum",
            "evet lütfen",
            "👍",
            "✅",
            "aynen",
            "doğru",
            "gönder",
            "yes please",
            "Evet",
            "tamam gönder",
            "onayliyorum",
            "👍🏻",
            "ok 👍",
            "evet doğru",
            "sure",
            "yes, send it",
        ] {
            assert!(is_yes(y), "{y}");
        }
        for n in [
            "hayır",
            "no",
            "sipariş",
            "order",
            "2 ayran",
            "kola çıkar",
            "evet ama kola çıkar",
            "",
        ] {
            assert!(!is_yes(n), "{n}");
        }
    }

    #[test]
    fn cancels_are_not_meat() {
        for c in [
            "iptal et",
            "siparişi iptal et",
            "iptal edin lütfen",
            "evet iptal et",
            "vazgeçtim",
            "siparişimi iptal etmek istiyorum",
            "vazgeçtim boşver",
            "cancel my order",
            "ıptal",
        ] {
            let got = cancel(c).unwrap_or_else(|| panic!("{c}"));
            assert!(got.rest.is_empty(), "{c}: {got:?}");
        }
        assert_eq!(
            cancel("kolayı iptal et").map(|c| c.rest),
            Some(vec!["kolayi".into()])
        );
        assert!(cancel("siparişi iptal etme").is_none());
        assert!(cancel("2 et dürüm").is_none());
        assert!(cancel("evet iptal").is_some_and(|c| c.yes));
    }

    #[test]
    fn removals() {
        let r = |s: &str| removal(s);
        assert_eq!(r("kolayı çıkar"), Some(vec!["kolayi".into()]));
        assert_eq!(r("kola olmasın"), Some(vec!["kola".into()]));
        assert_eq!(r("ayranları çıkar"), Some(vec!["ayranlari".into()]));
        assert_eq!(r("remove the coke"), Some(vec!["coke".into()]));
        assert_eq!(r("no coke"), Some(vec!["coke".into()]));
        assert_eq!(r("kola istemiyorum"), Some(vec!["kola".into()]));
        assert_eq!(r("ayran'ı sil"), Some(vec!["ayrani".into()]));
        assert_eq!(r("2 tavuk dürüm"), None);
        assert_eq!(r("tavuk dürüm istiyorum"), None);
    }

    #[test]
    fn positions() {
        for (s, n) in [
            ("1", 1),
            ("2.", 2),
            ("2)", 2),
            ("ikinci", 2),
            ("the first one", 1),
            ("ilki", 1),
            ("#3", 3),
            ("seçenek 2", 2),
            ("2nci", 2),
        ] {
            assert_eq!(position(s), Some(n), "{s}");
        }
        for s in ["12:30", "2 ayran", "0", "11", "bir", "tavuk"] {
            assert_eq!(position(s), None, "{s}");
        }
    }

    #[test]
    fn coupons_in_a_sentence() {
        assert_eq!(
            coupon_named("hosgeldin kuponu").as_deref(),
            Some("hosgeldin")
        );
        assert_eq!(
            coupon_named("buyuk15 kuponum var").as_deref(),
            Some("buyuk15")
        );
        assert_eq!(coupon_named("kuponum var: YAZ25").as_deref(), Some("YAZ25"));
        assert_eq!(coupon_named("kuponum yok"), None);
        assert_eq!(coupon_named("2 ayran"), None);
    }

    #[test]
    fn replacements() {
        assert_eq!(
            replacement("tavuk yerine et olsun"),
            Some((vec!["tavuk".into()], vec!["et".into()]))
        );
        assert_eq!(
            replacement("coke instead of ayran"),
            Some((vec!["ayran".into()], vec!["coke".into()]))
        );
        assert_eq!(replacement("2 ayran"), None);
    }
}
