//! Words that are not menu names: English words mapped to the Turkish ones on
//! the menu, negations turned into "-sız" options, item separators and filler.
//!
//! This small built-in table lets an English customer order ("two chicken wraps,
//! not spicy, large ayran") even from a menu without English names. The menu
//! file's English names (`name_en`) are put through the same table
//! ([`english_name_words`]) and matched like aliases, so a name the table does
//! not know ("Mince pide") is understood too.

use super::normalise::Tok;

/// English (folded words) → the Turkish words on the menu (folded). Longest first
/// where one starts another.
const ENGLISH: &[(&[&str], &[&str])] = &[
    (&["not", "spicy"], &["acisiz"]),
    (&["not", "hot"], &["acisiz"]),
    (&["no", "spice"], &["acisiz"]),
    (&["non", "spicy"], &["acisiz"]),
    (&["mild"], &["acisiz"]),
    (&["medium", "spicy"], &["az", "acili"]),
    (&["a", "bit", "spicy"], &["az", "acili"]),
    (&["little", "spicy"], &["az", "acili"]),
    (&["slightly", "spicy"], &["az", "acili"]),
    (&["less", "spicy"], &["az", "acili"]),
    (&["spicy"], &["acili"]),
    (&["hot"], &["acili"]),
    (&["extra", "cheese"], &["kasarli"]),
    (&["with", "cheese"], &["kasarli"]),
    (&["cheese"], &["kasarli"]),
    (&["extra", "meat"], &["ekstra", "et"]),
    (&["extra", "bread"], &["ekstra", "lavas"]),
    (&["extra", "lavash"], &["ekstra", "lavas"]),
    (&["chicken"], &["tavuk"]),
    (&["wraps"], &["durum"]),
    (&["wrap"], &["durum"]),
    (&["meat"], &["et"]),
    (&["beef"], &["et"]),
    (&["doner"], &["doner"]),
    (&["kebab"], &["doner"]),
    (&["large"], &["buyuk"]),
    (&["big"], &["buyuk"]),
    (&["small"], &["kucuk"]),
    (&["regular"], &["kucuk"]),
    (&["coke"], &["kola"]),
    (&["cola"], &["kola"]),
    (&["water"], &["su"]),
    (&["waters"], &["su"]),
    (&["french", "fries"], &["patates", "kizartmasi"]),
    (&["fries"], &["patates", "kizartmasi"]),
    (&["chips"], &["patates", "kizartmasi"]),
    (&["lentil", "soup"], &["mercimek", "corbasi"]),
    (&["soup"], &["corba"]),
    (&["salad"], &["salata"]),
    (&["portion"], &["porsiyon"]),
    (&["portions"], &["porsiyon"]),
    (&["half"], &["yarim"]),
    (&["onion"], &["sogan"]),
    (&["onions"], &["sogan"]),
    (&["tomato"], &["domates"]),
    (&["tomatoes"], &["domates"]),
    (&["butter"], &["tereyag"]),
    (&["turkish", "pizza"], &["lahmacun"]),
    (&["yogurt", "drink"], &["ayran"]),
    (&["rice", "pudding"], &["sutlac"]),
    (&["rice"], &["pilav"]),
];

/// Words before an ingredient that mean "without it" ("no onion", "without tomato").
const NEG_BEFORE: &[&str] = &["no", "without", "hic"];
/// Words after an ingredient that mean "without it" ("soğan olmasın", "acı yok").
const NEG_AFTER: &[&str] = &[
    "olmasin",
    "olmadan",
    "yok",
    "istemiyorum",
    "istemiyoruz",
    "istemem",
    "koyma",
    "koymayin",
    "koymasin",
    "koymayiniz",
    "olmayacak",
    "olmasinlar",
];

/// Words that separate items, as a comma does.
pub(super) fn is_separator_word(key: &str) -> bool {
    matches!(
        key,
        "ve" | "ile"
            | "and"
            | "with"
            | "also"
            | "plus"
            | "ayrica"
            | "arti"
            | "bide"
            | "birde"
            | "bida"
            | "birda"
            | "sonra"
            | "then"
    )
}

/// Words that ask for nothing ("istiyorum", "lütfen", "abi", "please", "i want").
const FILLER: &[&str] = &[
    "istiyorum",
    "abi",
    "please",
    "istiyoruz",
    "isterim",
    "isteriz",
    "istiyom",
    "istiyorm",
    "istiyrum",
    "alabilirmiyim",
    "alabilir",
    "alabilirim",
    "miyim",
    "mi",
    "mu",
    "misin",
    "musun",
    "alayim",
    "alalim",
    "alirim",
    "aliriz",
    "olsun",
    "olsn",
    "olur",
    "lutfen",
    "lutfn",
    "ltf",
    "ltfn",
    "rica",
    "ederim",
    "abla",
    "kardes",
    "kardesim",
    "hocam",
    "usta",
    "reis",
    "canim",
    "efendim",
    "bana",
    "bize",
    "icin",
    "de",
    "da",
    "te",
    "ta",
    "ekle",
    "ekler",
    "ekleyin",
    "ekleyebilir",
    "eklermisin",
    "koy",
    "koyun",
    "koyar",
    "gonder",
    "gonderin",
    "gonderir",
    "getir",
    "getirin",
    "getirir",
    "yolla",
    "yollayin",
    "siparis",
    "siparisi",
    "siparisim",
    "ver",
    "vermek",
    "verelim",
    "veriyorum",
    "verebilir",
    "olarak",
    "tamam",
    "ok",
    "okey",
    "evet",
    "iyi",
    "gunler",
    "aksamlar",
    "kolay",
    "gelsin",
    "cok",
    "sadece",
    "bir",
    "tane",
    "adet",
    "tanesi",
    "i",
    "want",
    "wanna",
    "would",
    "like",
    "id",
    "ill",
    "have",
    "get",
    "can",
    "could",
    "me",
    "us",
    "pls",
    "plz",
    "a",
    "an",
    "the",
    "some",
    "of",
    "for",
    "order",
    "give",
    "gimme",
    "hi",
    "hello",
    "hey",
    "yes",
    "x",
    "pcs",
    "piece",
    "pieces",
    "kere",
    "ayni",
    "sey",
    "dan",
    "den",
    "yani",
    "ya",
    "hadi",
    "bakalim",
    "yap",
    "yapar",
    "yaparmisin",
    "yaparsin",
    "yapin",
    "yapabilir",
    "yapabilirmisin",
    "hazirla",
    "hazirlayin",
    "alir",
    "alirmiyim",
    "just",
    "thanks",
    "thank",
    "you",
];

/// Is this (folded) word filler?
pub(super) fn is_filler(key: &str) -> bool {
    FILLER.contains(&key) || crate::domain::lang_guess::TURKISH_GREETINGS.contains(&key)
}

/// The words of an English menu name (`name_en`) as the reader sees a customer's:
/// folded and put through the same table, so "Chicken wrap" is read as the words
/// a customer's "chicken wrap" becomes, and a name the table does not know
/// ("Mince pide") is matched word for word.
pub(super) fn english_name_words(name: &str) -> Vec<String> {
    translate(super::normalise::tokens(name))
        .into_iter()
        .filter(|t| !t.sep)
        .map(|t| t.key)
        .collect()
}

/// Map English phrases to menu words and negations to "-sız" forms, keeping
/// what the customer wrote in `raw` (for saying it back).
pub(super) fn translate(words: Vec<Tok>) -> Vec<Tok> {
    let english = english(words);
    negations(english)
}

fn english(words: Vec<Tok>) -> Vec<Tok> {
    let mut out = Vec::with_capacity(words.len());
    let mut i = 0;
    'outer: while i < words.len() {
        for (from, to) in ENGLISH {
            let n = from.len();
            let fits = words.get(i..i + n).is_some_and(|w| {
                w.iter()
                    .zip(from.iter())
                    .all(|(t, f)| !t.sep && t.key == *f)
            });
            if fits {
                let raw = words[i..i + n]
                    .iter()
                    .map(|t| t.raw.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                for key in *to {
                    out.push(Tok {
                        raw: raw.clone(),
                        key: (*key).to_string(),
                        sep: false,
                    });
                }
                i += n;
                continue 'outer;
            }
        }
        out.push(words[i].clone());
        i += 1;
    }
    out
}

/// "soğan" + "-sız" with vowel harmony on folded letters; "acılı" → "acısız".
fn without(key: &str) -> String {
    let base = key
        .strip_suffix("li")
        .or_else(|| key.strip_suffix("lu"))
        .filter(|b| b.len() >= 2)
        .unwrap_or(key);
    let last_vowel = base.chars().rev().find(|c| "aeiou".contains(*c));
    let suffix = if matches!(last_vowel, Some('o' | 'u')) {
        "suz"
    } else {
        "siz"
    };
    format!("{base}{suffix}")
}

fn negations(words: Vec<Tok>) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        let next = words.get(i + 1).filter(|t| !t.sep);
        if !w.sep
            && NEG_BEFORE.contains(&w.key.as_str())
            && let Some(n) = next.filter(|n| !is_filler(&n.key))
        {
            out.push(Tok {
                raw: format!("{} {}", w.raw, n.raw),
                key: without(&n.key),
                sep: false,
            });
            i += 2;
            continue;
        }
        if !w.sep && !is_filler(&w.key) && next.is_some_and(|n| NEG_AFTER.contains(&n.key.as_str()))
        {
            let n = &words[i + 1];
            out.push(Tok {
                raw: format!("{} {}", w.raw, n.raw),
                key: without(&w.key),
                sep: false,
            });
            i += 2;
            continue;
        }
        out.push(w.clone());
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::normalise::tokens;
    use super::*;

    fn keys(s: &str) -> Vec<String> {
        translate(tokens(s)).into_iter().map(|t| t.key).collect()
    }

    #[test]
    fn english_and_negations() {
        assert_eq!(
            keys("2 chicken wraps not spicy"),
            ["2", "tavuk", "durum", "acisiz"]
        );
        assert_eq!(keys("no onion"), ["sogansiz"]);
        assert_eq!(keys("soğan olmasın"), ["sogansiz"]);
        assert_eq!(keys("acılı olmasın"), ["acisiz"]);
        assert_eq!(keys("tuz yok"), ["tuzsuz"]);
        assert_eq!(keys("without tomato"), ["domatessiz"]);
    }
}
