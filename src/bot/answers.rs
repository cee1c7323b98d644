//! Questions answered from the configuration, at any step, without touching
//! the cart or the question being asked: the address (with a map link), the
//! phone number, today's hours and the next opening, "thanks", and "where is
//! my order" in its looser forms. Read on the folded text (no case, no Turkish
//! letters), a letter off in a longer word forgiven, like the order parser.
//!
//! A question needs its question word or its "your" form ("adresiniz",
//! "telefonunuz"), so an order or an address that merely contains "adres" or
//! "telefon" is not taken for one; at the address and note questions only
//! those forms count.

use crate::copy;
use crate::domain::hours::local_day;
use crate::domain::reply::Reply;

use super::api::ShopStatus;
use super::intents::{Intent, intent};
use super::session::Step;
use super::steps::{self, Turn, orders};

/// What the customer asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Question {
    Address,
    Phone,
    Hours,
    Thanks,
    /// "siparişim ne zaman gelir", "nerde kaldı".
    MyOrder,
}

/// Words that make a message a question.
const ASKING: [&str; 14] = [
    "nerede",
    "nerde",
    "neresi",
    "ne",
    "nedir",
    "nasil",
    "mi",
    "verir",
    "verirmisiniz",
    "what",
    "where",
    "whats",
    "is",
    "your",
];

/// Does `word` read as `stem` (a prefix, so Turkish suffixes pass), one letter
/// off allowed when the stem has seven letters or more (shorter stems are too
/// close to other words: "acılı" is one letter from "açılış")?
fn like(word: &str, stem: &str) -> bool {
    if word.starts_with(stem) {
        return true;
    }
    let n = stem.chars().count();
    if n < 7 {
        return false;
    }
    // the whole word, or its beginning of the stem's length (suffixes follow)
    let head: String = word.chars().take(n).collect();
    strsim::osa_distance(word, stem) <= 1 || strsim::osa_distance(&head, stem) <= 1
}

fn any(words: &[&str], stems: &[&str]) -> bool {
    words.iter().any(|w| stems.iter().any(|s| like(w, s)))
}

fn exact(words: &[&str], list: &[&str]) -> bool {
    words.iter().any(|w| list.contains(w))
}

/// The question in a folded message, if it is one. `strict` at the address
/// and note questions, where the customer is typing their own text.
pub fn question(folded: &str, strict: bool) -> Option<Question> {
    if folded.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let joined = words.join(" ");
    let f = joined.as_str();
    if words.is_empty() || words.len() > 7 {
        return None;
    }
    let asking = exact(&words, &ASKING) || words.iter().any(|w| w.ends_with("misiniz"));
    let loose = !strict && (asking || words.len() <= 2);
    if !strict && intent(f, f) == Some(Intent::Thanks) {
        return Some(Question::Thanks);
    }
    if my_order(&words) {
        return Some(Question::MyOrder);
    }
    if hours(&words, f) {
        return Some(Question::Hours);
    }
    let your_phone = any(&words, &["telefonunuz", "numaraniz", "numaranizi"])
        || f.contains("phone number")
        || f.contains("your phone");
    if your_phone || (loose && any(&words, &["telefon", "phone"])) {
        return Some(Question::Phone);
    }
    let your_place = any(
        &words,
        &["adresiniz", "neredesiniz", "konumunuz", "yeriniz"],
    ) || exact(&words, &["nerdesiniz"])
        || f.contains("your address")
        || f.contains("where are you");
    let address_word = any(&words, &["adres"]) || exact(&words, &["address", "location"]);
    if your_place || (loose && address_word) {
        return Some(Question::Address);
    }
    None
}

/// "kaça kadar açıksınız", "saat kaçta açılıyor", "açık mısınız", "are you open".
fn hours(words: &[&str], f: &str) -> bool {
    // not "acil": "acılı" (spicy) folds to "acili"
    let open_word = any(
        words,
        &[
            "acik", "aciliyor", "acilis", "acilir", "acilacak", "kapan", "kapal",
        ],
    );
    let when = exact(
        words,
        &["kaca", "kacta", "kadar", "saat", "zaman", "simdi", "su"],
    ) || words
        .iter()
        .any(|w| w.ends_with("misiniz") || w.ends_with("musunuz"));
    let short_ask = words.len() <= 2 && (words.len() == 1 || exact(words, &["mi"]));
    let tr = (open_word && (when || short_ask))
        || any(words, &["saatleriniz", "calisma saat", "acilis"])
        || f.contains("calisma saat");
    let en_open = exact(words, &["open", "opening", "close", "closing", "closed"]);
    let en_when = exact(
        words,
        &["you", "when", "till", "until", "hours", "time", "now"],
    );
    let en = (en_open && en_when) || f == "hours" || f.contains("opening hours");
    tr || en
}

/// "siparişim ne zaman gelir", "siparisim nerde", "where's my order".
fn my_order(words: &[&str]) -> bool {
    let order = any(words, &["siparis"]) || exact(words, &["order", "food"]);
    let where_ = exact(
        words,
        &[
            "nerede", "nerde", "zaman", "gelir", "geliyor", "gelecek", "kaldi", "gelmedi", "where",
            "when", "wheres",
        ],
    );
    order && where_
}

/// Answer `q`, keeping the cart and the question in progress: at rest just the
/// answer; in the middle of something, the answer above that question again.
pub fn answer(turn: &mut Turn, q: Question) {
    if q == Question::MyOrder {
        return orders::view(turn);
    }
    let text = match q {
        Question::Address => address(turn),
        Question::Phone => phone(turn),
        Question::Hours => hours_text(turn),
        Question::Thanks => copy::thanks_reply(turn.lang()),
        Question::MyOrder => return,
    };
    if turn.session.step.is_idle() {
        turn.out.push(Reply::text(text));
    } else {
        turn.out.note(text);
        steps::prompt(turn);
    }
}

fn address(turn: &Turn) -> String {
    let lang = turn.lang();
    match turn.ctx.address.map(crate::domain::text::clean) {
        Some(a) if !a.trim().is_empty() => {
            let a = crate::domain::text::cut(a.trim(), 300);
            copy::address_reply(lang, &a, &copy::map_url(&a))
        }
        _ => copy::no_address(lang),
    }
}

fn phone(turn: &Turn) -> String {
    let lang = turn.lang();
    match turn.ctx.phone.map(crate::domain::text::clean) {
        Some(p) if !p.trim().is_empty() => {
            copy::phone_reply(lang, &crate::domain::text::cut(p.trim(), 40))
        }
        _ => copy::no_phone(lang),
    }
}

fn hours_text(turn: &Turn) -> String {
    let lang = turn.lang();
    let today = local_day(turn.ctx.tz, turn.ctx.now).and_then(|(d, m)| turn.ctx.hours.today(d, m));
    match &turn.ctx.shop {
        ShopStatus::Open => copy::hours_reply(lang, today, true, None),
        ShopStatus::Closed { next_open } => {
            let next = next_open.as_ref().map(|n| copy::next_open_text(lang, n));
            copy::hours_reply(lang, today, false, next.as_deref())
        }
        ShopStatus::Paused { .. } => {
            let notice = turn.shop_notice().unwrap_or_default();
            format!("{} {notice}", copy::hours_today(lang, today))
        }
    }
}

/// Is the current step one where the customer types their own text?
pub fn strict_at(step: &Step) -> bool {
    matches!(step, Step::Address | Step::Note)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::text::fold;

    fn q(s: &str) -> Option<Question> {
        question(&fold(s), false)
    }

    #[test]
    fn questions_in_their_everyday_forms() {
        use Question::*;
        for (s, want) in [
            ("Adresiniz nerede?", Address),
            ("adres", Address),
            ("adresinz nerde", Address),
            ("neredesiniz", Address),
            ("where are you?", Address),
            ("Telefon numaranız ne?", Phone),
            ("telefon numaraniz", Phone),
            ("phone number?", Phone),
            ("Kaça kadar açıksınız?", Hours),
            ("saat kaçta açılıyor", Hours),
            ("açık mısınız", Hours),
            ("açık mı", Hours),
            ("Are you open?", Hours),
            ("opening hours", Hours),
            ("Teşekkürler", Thanks),
            ("sağol", Thanks),
            ("thanks!", Thanks),
            ("siparişim ne zaman gelir", MyOrder),
            ("siparisim nerde kaldi", MyOrder),
            ("where's my order", MyOrder),
        ] {
            assert_eq!(q(s), Some(want), "{s}");
        }
    }

    #[test]
    fn orders_and_addresses_are_not_questions() {
        for s in [
            "2 tavuk dürüm adrese gelsin",
            "açık ayran var mı",
            "açık ayran",
            "acılı dürüm",
            "acılı olsun",
            "1 dürüm",
            "tavuk dürüm acısız",
            "Moda Cad. No:12 Kadıköy",
            "telefon edin gelince",
        ] {
            assert_eq!(q(s), None, "{s}");
        }
        // at the address question, only the "your" forms are questions
        assert_eq!(question(&fold("adres"), true), None);
        assert_eq!(question(&fold("Kadıköy adres tarifi"), true), None);
        assert_eq!(
            question(&fold("adresiniz nerede"), true),
            Some(Question::Address)
        );
    }
}
