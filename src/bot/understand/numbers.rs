//! Quantities: digits, number words (Turkish and English), "x2"/"2x", count
//! words ("tane", "adet"), and the words that point back at an item ("biri",
//! "ikisi de", "diğeri").

/// How a word gives a quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Qty {
    /// "2", "iki", "two", "2x": the item's count, before or after the product.
    Plain(u64),
    /// "x2", "*2": always after the product it counts.
    After(u64),
}

impl Qty {
    pub fn value(self) -> u64 {
        match self {
            Qty::Plain(n) | Qty::After(n) => n,
        }
    }
}

/// A quantity word (folded), if it is one.
pub(super) fn quantity(key: &str) -> Option<Qty> {
    if let Some(n) = digits(key) {
        return Some(Qty::Plain(n));
    }
    if let Some(d) = key.strip_prefix('x').and_then(digits) {
        return Some(Qty::After(d));
    }
    if let Some(d) = key.strip_suffix('x').and_then(digits) {
        return Some(Qty::Plain(d));
    }
    word(key).map(Qty::Plain)
}

/// Digits only; a number too long for u64 saturates (it is capped later anyway).
fn digits(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(s.parse::<u64>().unwrap_or(u64::MAX))
}

/// Number words, folded: Turkish and English one to ten, and colloquial "bi", "tek".
fn word(key: &str) -> Option<u64> {
    Some(match key {
        "bir" | "bi" | "tek" | "one" => 1,
        "iki" | "two" => 2,
        "uc" | "three" => 3,
        "dort" | "four" => 4,
        "bes" | "five" => 5,
        "alti" | "six" => 6,
        "yedi" | "seven" => 7,
        "sekiz" | "eight" => 8,
        "dokuz" | "nine" => 9,
        "on" | "ten" => 10,
        _ => return None,
    })
}

/// Words that follow a quantity and add nothing ("2 tane", "2 adet", "2 pieces").
pub(super) fn is_count_word(key: &str) -> bool {
    matches!(
        key,
        "tane" | "adet" | "tanesi" | "pcs" | "piece" | "pieces" | "x" | "kere"
    )
}

/// Which part of the item before a relative piece it is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Rel {
    /// "biri", "ikisi", "1'i": that many of them get what follows.
    Some(u64),
    /// "hepsi", "ikisi de", "both", "all": all of them.
    All,
    /// "diğeri", "the other": those not yet singled out.
    Rest,
}

/// A word (folded) that points back at the item before, with how many words it took.
pub(super) fn relative(keys: &[&str]) -> Option<(Rel, usize)> {
    let first = *keys.first()?;
    let next = keys.get(1).copied().unwrap_or("");
    let third = keys.get(2).copied().unwrap_or("");
    let de = matches!(next, "de" | "da");
    if next == "of" && third == "them" {
        return quantity(first).map(|q| (Rel::Some(q.value()), 3));
    }
    if matches!(first, "bir" | "bi") && matches!(next, "tanesi" | "tanesine" | "tanesini") {
        return Some((Rel::Some(1), 2));
    }
    let rel = match first {
        "biri" | "birisi" | "birini" | "birine" | "birinde" | "birinin" | "tanesi" => Rel::Some(1),
        "ikisi" | "ikisine" | "ikisini" | "ikisinde" if de => return Some((Rel::All, 2)),
        "ikisi" | "ikisine" | "ikisini" | "ikisinde" => Rel::Some(2),
        "ucu" | "ucune" | "ucunu" | "ucunde" if de => return Some((Rel::All, 2)),
        "ucu" | "ucune" | "ucunu" | "ucunde" => Rel::Some(3),
        "hepsi" | "hepsine" | "hepsini" | "hepsinde" | "both" | "all" | "tumu" | "ikiside"
        | "hepside" | "ucude" => Rel::All,
        "digeri" | "digerine" | "digerini" | "digerleri" | "digerlerine" | "oburu" | "oburune"
        | "kalani" | "kalanlar" | "other" | "others" => Rel::Rest,
        "the" if matches!(next, "other" | "others" | "rest") => return Some((Rel::Rest, 2)),
        // "2 si", "1 i": the possessive written apart from its digit
        other if matches!(next, "si" | "i" | "ine" | "sine") => {
            return digits(other).map(|n| (Rel::Some(n), 2));
        }
        other => return numbered(other).map(|n| (Rel::Some(n), 1)),
    };
    Some((rel, if de { 2 } else { 1 }))
}

/// "1i", "2si", "3u": a digit with the possessive ending ("2'si soğansız").
fn numbered(key: &str) -> Option<u64> {
    let end = key.find(|c: char| !c.is_ascii_digit())?;
    let (d, suffix) = key.split_at(end);
    if matches!(
        suffix,
        "i" | "si" | "u" | "su" | "ine" | "une" | "sine" | "sune"
    ) {
        digits(d)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_in_every_form() {
        assert_eq!(quantity("2"), Some(Qty::Plain(2)));
        assert_eq!(quantity("iki"), Some(Qty::Plain(2)));
        assert_eq!(quantity("two"), Some(Qty::Plain(2)));
        assert_eq!(quantity("x3"), Some(Qty::After(3)));
        assert_eq!(quantity("3x"), Some(Qty::Plain(3)));
        assert_eq!(quantity("uc"), Some(Qty::Plain(3)));
        assert_eq!(
            quantity("99999999999999999999999"),
            Some(Qty::Plain(u64::MAX))
        );
        assert_eq!(quantity("1,5"), None);
        assert_eq!(quantity("ayran"), None);
        assert_eq!(quantity("x"), None);
    }

    #[test]
    fn relative_words() {
        assert_eq!(relative(&["biri", "sogansiz"]), Some((Rel::Some(1), 1)));
        assert_eq!(relative(&["ikisi", "de", "acisiz"]), Some((Rel::All, 2)));
        assert_eq!(relative(&["2si", "acisiz"]), Some((Rel::Some(2), 1)));
        assert_eq!(relative(&["digeri"]), Some((Rel::Rest, 1)));
        assert_eq!(relative(&["one", "of", "them"]), Some((Rel::Some(1), 3)));
        assert_eq!(relative(&["2", "of", "them"]), Some((Rel::Some(2), 3)));
        assert_eq!(relative(&["bir", "tanesi"]), Some((Rel::Some(1), 2)));
        assert_eq!(relative(&["bir", "ayran"]), None);
        assert_eq!(relative(&["2", "ayran"]), None);
        assert_eq!(relative(&["2", "si", "buyuk"]), Some((Rel::Some(2), 2)));
        assert_eq!(relative(&["ikiside", "acili"]), Some((Rel::All, 1)));
    }
}
