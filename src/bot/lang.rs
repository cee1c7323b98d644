//! The language a customer is answered in, by what they write. Asked for in
//! words ("english please", "ingilizce", "türkçe lütfen", "sorry I don't
//! understand Turkish") it switches at once and says so, at any step. Without
//! a choice, a message plainly in English is answered in English from any
//! number, and one plainly in Turkish in Turkish; a Turkish street or product
//! name inside English text does not switch, and neither do Turkish letters
//! alone in an address or a note. "person" (the English help word) asks for a
//! person like "yetkili".

use crate::domain::Lang;
use crate::domain::lang_guess::looks_turkish;

use super::api::Handoff;
use super::session::Step;
use super::steps::{self, Turn, person};

/// Words that only an English speaker writes to a döner shop (folded).
const ENGLISH_WORDS: &[&str] = &[
    "i", "want", "would", "like", "please", "hello", "hi", "hey", "the", "and", "with", "without",
    "can", "could", "my", "is", "are", "you", "your", "where", "how", "what", "when", "thanks",
    "thank", "sorry", "order", "chicken", "meat", "beef", "spicy", "not", "no", "one", "two",
    "three", "some", "get", "have", "need", "for", "me", "of", "to", "do", "don", "dont", "t",
    "wrap", "wraps", "drink", "small", "large", "big", "pickup", "delivery", "yes", "ok", "it",
    "home", "here", "food",
];

/// Turkish words that an English sentence never holds (folded), besides the Turkish
/// greetings ([`crate::domain::lang_guess::TURKISH_GREETINGS`]).
const TURKISH_ONLY: &[&str] = &[
    "ve",
    "bir",
    "iki",
    "uc",
    "tane",
    "adet",
    "olsun",
    "istiyorum",
    "lutfen",
    "mi",
    "mu",
    "var",
    "yok",
    "icin",
    "ile",
    "acili",
    "acisiz",
    "siparis",
    "siparisim",
    "evet",
    "hayir",
    "tamam",
    "abi",
    "kucuk",
    "buyuk",
    "bana",
    "bize",
    "de",
    "da",
    "ne",
    "nerede",
    "gel",
    "al",
    "eve",
    "getir",
    "getirin",
    "sepet",
    "nasil",
    "kac",
];

/// The language asked for in so many words, if any.
pub fn asked(folded: &str) -> Option<Lang> {
    let f = folded.trim_end_matches(['.', '!', '?', ' ']).trim();
    let words: Vec<&str> = f
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() || words.len() > 10 {
        return None;
    }
    let has = |w: &str| words.contains(&w);
    let english_named = has("english") || has("ingilizce") || has("eng");
    let turkish_named = has("turkce") || has("turkish");
    let not_understood = (has("understand") || has("speak") || has("know") || has("anlamiyorum"))
        && (has("don") || has("dont") || has("not") || has("cant") || has("t") || has("no"));
    if turkish_named && not_understood {
        return Some(Lang::En);
    }
    let short = words.len() <= 6;
    if english_named && !turkish_named && short {
        return Some(Lang::En);
    }
    if turkish_named && !english_named && short {
        return Some(Lang::Tr);
    }
    None
}

/// How many of the words are plainly English, and plainly Turkish.
fn counts(folded: &str) -> (usize, usize) {
    let mut en = 0;
    let mut tr = 0;
    for w in folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if ENGLISH_WORDS.contains(&w) {
            en += 1;
        }
        if TURKISH_ONLY.contains(&w) || crate::domain::lang_guess::TURKISH_GREETINGS.contains(&w) {
            tr += 1;
        }
    }
    (en, tr)
}

/// The language a message is plainly written in, if it is plain.
pub fn written_in(raw: &str, folded: &str) -> Option<Lang> {
    let (en, tr) = counts(folded);
    if en >= 2 && en > tr {
        return Some(Lang::En);
    }
    // one English word alone ("hello", "thanks") is English too
    let words = folded.split_whitespace().count();
    if en == 1 && tr == 0 && words <= 2 && !looks_turkish(raw, folded) {
        let w = folded.trim_matches(|c: char| !c.is_alphanumeric());
        if ["thanks", "sorry", "pickup", "delivery"].contains(&w) {
            return Some(Lang::En);
        }
    }
    if tr > 0 || (en == 0 && looks_turkish(raw, folded)) {
        return Some(Lang::Tr);
    }
    None
}

/// Read the language of a typed message: true when it was a switch asked for
/// (answered here); otherwise the customer's language may follow the message.
pub fn read(turn: &mut Turn, raw: &str, folded: &str) -> bool {
    if let Some(l) = asked(folded) {
        turn.session.lang = Some(l);
        turn.out.note(crate::copy::lang_switched(l));
        steps::prompt(turn);
        return true;
    }
    let f = folded.trim_end_matches(['.', '!', '?', ' ']).trim();
    if ["person", "a person", "staff", "talk to person"].contains(&f) {
        person::hand_over(turn, Handoff::Asked);
        return true;
    }
    // the customer's own text (an address, a note) keeps the language it came in
    let own_text = matches!(turn.session.step, Step::Address | Step::Note | Step::Door);
    if own_text {
        return false;
    }
    let Some(l) = written_in(raw, folded) else {
        return false;
    };
    if l == turn.lang() {
        return false;
    }
    // a language already set (chosen or read before) yields only to a message
    // written wholly in the other one
    let (en, tr) = counts(folded);
    let wholly = match l {
        Lang::En => en >= 3 && tr == 0,
        Lang::Tr => tr >= 3 && en == 0,
    };
    if turn.session.lang.is_none() || wholly {
        turn.session.lang = Some(l);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::text::fold;

    fn w(s: &str) -> Option<Lang> {
        written_in(s, &fold(s))
    }

    fn a(s: &str) -> Option<Lang> {
        asked(&fold(s))
    }

    #[test]
    fn switches_asked_for_in_words() {
        assert_eq!(a("english please"), Some(Lang::En));
        assert_eq!(a("English pls"), Some(Lang::En));
        assert_eq!(a("ingilizce"), Some(Lang::En));
        assert_eq!(a("ingilizce lütfen"), Some(Lang::En));
        assert_eq!(a("can you speak english?"), Some(Lang::En));
        assert_eq!(a("türkçe lütfen"), Some(Lang::Tr));
        assert_eq!(a("turkce konus"), Some(Lang::Tr));
        assert_eq!(a("sorry I don't understand Turkish"), Some(Lang::En));
        assert_eq!(a("I don't speak turkish"), Some(Lang::En));
        assert_eq!(a("2 tavuk dürüm"), None);
    }

    #[test]
    fn the_language_a_message_is_written_in() {
        assert_eq!(w("hello I want 2 chicken durum"), Some(Lang::En));
        assert_eq!(
            w("2 chicken wraps and a large ayran please"),
            Some(Lang::En)
        );
        assert_eq!(w("I want 2 Tavuk Dürüm please"), Some(Lang::En));
        assert_eq!(
            w("Atatürk Bulvarı No 195"),
            None,
            "a street name switches nothing"
        );
        assert_eq!(w("2 tavuk dürüm acısız"), Some(Lang::Tr));
        assert_eq!(w("merhaba"), Some(Lang::Tr));
        assert_eq!(w("thanks"), Some(Lang::En));
        assert_eq!(w("hi"), None, "a Turkish customer says hi too");
        assert_eq!(w("2 ayran"), None);
        assert_eq!(w("12:30"), None);
    }
}
