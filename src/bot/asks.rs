//! Questions about the order and the shop, at any step, without touching the
//! cart or the question in progress: when will it come, is it ready, where is
//! it, it has not come (a complaint: an apology, the status and the offer of a
//! person, never the menu); do you deliver home / here (from `[delivery]`);
//! are you open (from the hours and the pause); how can I pay (from
//! `[payment]`). Read on the folded text (no case, no Turkish letters) by
//! whole words, in Turkish and English. The forms the older readers already
//! answer ([`super::answers`], [`super::intents`]) stay theirs; this one takes
//! the rest.

use super::answers::{self, Question};
use super::session::Step;
use super::steps::{Turn, fees, orders, status};

/// What the customer asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    /// When will it come, is it ready, where is it; `complaint`: it has not
    /// come, "rezalet", "still waiting".
    Order { complaint: bool },
    /// "eve servisiniz var mı", "do you deliver here".
    DeliverHere,
    /// "açıldınız mı", "are you open yet".
    Open,
    /// "ödeme nasıl", "how can I pay".
    Payment,
}

/// Longest message read as one of these questions.
const MAX_WORDS: usize = 14;

fn has(words: &[&str], list: &[&str]) -> bool {
    words.iter().any(|w| list.contains(w))
}

fn starts(words: &[&str], stems: &[&str]) -> bool {
    words.iter().any(|w| stems.iter().any(|s| w.starts_with(s)))
}

/// Does the folded text contain this phrase as whole words?
fn phrase(padded: &str, p: &str) -> bool {
    padded.contains(&format!(" {p} "))
}

/// The question in a message (`raw` for its "!!!"), if it is one. `strict`
/// where the customer types their own text (an address, a note): only a plain
/// order complaint counts there.
pub fn read(raw: &str, folded: &str, strict: bool) -> Option<Ask> {
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() || words.len() > MAX_WORDS {
        return None;
    }
    let padded = format!(" {} ", words.join(" "));
    if let Some(complaint) = order_question(raw, &words, &padded) {
        if strict && !complaint && !starts(&words, &["siparis"]) && !has(&words, &["order"]) {
            return None;
        }
        return Some(Ask::Order { complaint });
    }
    if strict {
        return None;
    }
    if deliver_here(&words, &padded) && (folded.contains('?') || asking_word(&words)) {
        return Some(Ask::DeliverHere);
    }
    if open_question(&words, &padded) {
        return Some(Ask::Open);
    }
    if payment_question(&words, &padded) {
        return Some(Ask::Payment);
    }
    None
}

/// `Some(complaint)` for a question about an order.
fn order_question(raw: &str, words: &[&str], padded: &str) -> Option<bool> {
    let order = starts(words, &["siparis", "yemeg", "yemek", "kurye"])
        || has(words, &["order", "food", "delivery", "courier", "it"]);
    // it has not come / still waiting / angry words: a complaint
    let not_come = starts(
        words,
        &[
            "gelmedi",
            "gelmiyor",
            "gelmemis",
            "gecikti",
            "bekliyorum",
            "bekletiyor",
            "bekledim",
        ],
    ) || phrase(padded, "gec kaldi")
        || phrase(padded, "hala yok")
        || has(words, &["late"])
        || phrase(padded, "not arrived")
        || phrase(padded, "hasnt arrived")
        || phrase(padded, "hasn t arrived")
        || phrase(padded, "has not arrived")
        || phrase(padded, "didnt arrive")
        || phrase(padded, "didn t arrive")
        || phrase(padded, "did not arrive")
        || phrase(padded, "not here")
        || phrase(padded, "still waiting")
        || phrase(padded, "still not");
    let angry = starts(
        words,
        &["rezalet", "berbat", "saattir", "dakikadir", "skandal"],
    ) || has(
        words,
        &[
            "terrible",
            "ridiculous",
            "unacceptable",
            "awful",
            "worst",
            "disgusting",
        ],
    ) || phrase(padded, "an hour")
        || phrase(padded, "1 hour")
        || raw.matches('!').count() >= 3;
    if not_come || (angry && order) {
        return Some(true);
    }
    let when = phrase(padded, "ne zaman")
        || phrase(padded, "kac dakika")
        || phrase(padded, "ne kadar surer")
        || phrase(padded, "ne kadar kaldi")
        || phrase(padded, "daha ne kadar")
        || phrase(padded, "how long")
        || has(words, &["when", "eta"]);
    let come = starts(
        words,
        &["gelir", "geliyor", "gelecek", "gelcek", "ulas", "hazir"],
    ) || has(
        words,
        &["come", "coming", "arrive", "arriving", "ready", "here"],
    );
    let ready = (starts(words, &["hazir"]) && has(words, &["mi", "mu", "oldu", "olmadi"]))
        || (has(words, &["ready"]) && has(words, &["is", "it", "order", "food", "yet"]));
    let where_ = has(words, &["nerede", "nerde", "neredesin", "where", "wheres"])
        || phrase(padded, "nerde kaldi")
        || phrase(padded, "nerede kaldi")
        || phrase(padded, "ne durumda");
    let question = (when && (come || order)) || ready || (where_ && order);
    // "where" alone is the shop's address (answers); a siparis word makes it the order
    question.then_some(false)
}

/// "eve servisiniz var mı", "adrese getiriyor musunuz", "do you deliver here".
fn deliver_here(words: &[&str], padded: &str) -> bool {
    let deliver = starts(
        words,
        &["servis", "teslim", "getir", "gonder", "kurye", "paket"],
    ) || starts(words, &["deliver"]);
    let home = has(
        words,
        &[
            "eve", "evime", "evimize", "ev", "adrese", "adresime", "buraya", "bize", "bana",
            "home", "here", "house",
        ],
    ) || phrase(padded, "my address")
        || phrase(padded, "my place")
        || phrase(padded, "to me");
    deliver && home
}

/// A word that makes a delivery sentence a question ("eve getirin" is not one).
fn asking_word(words: &[&str]) -> bool {
    has(
        words,
        &[
            "mi", "mu", "var", "musunuz", "misiniz", "do", "can", "does", "is", "you",
        ],
    ) || starts(
        words,
        &[
            "yapiyor",
            "getiriyor",
            "getirir",
            "getirebilir",
            "servisiniz",
        ],
    )
}

/// "açıldınız mı", "açtınız mı", "açık mısınız şu an", "are you open yet".
fn open_question(words: &[&str], padded: &str) -> bool {
    if words.iter().any(|w| w.chars().any(|c| c.is_ascii_digit())) {
        return false;
    }
    let tr = starts(words, &["acildiniz", "actiniz", "aciktiniz", "acilmis"])
        || (has(words, &["acildi", "acik", "acikmi", "acikmisiniz"])
            && (has(words, &["mi", "misiniz", "musunuz", "mu"]) || words.len() <= 2))
        || phrase(padded, "siparis aliyor musunuz")
        || phrase(padded, "siparis aliyormusunuz")
        || phrase(padded, "calisiyor musunuz");
    let en = (has(words, &["open", "opened"])
        && has(
            words,
            &["you", "yet", "now", "still", "today", "again", "shop"],
        ))
        || words == ["open"]
        || phrase(padded, "taking orders");
    tr || en
}

/// "ödeme nasıl", "nasıl ödeyebilirim", "kart geçerli mi", "how can I pay".
fn payment_question(words: &[&str], padded: &str) -> bool {
    let pay = starts(
        words,
        &["odeme", "odey", "odeyebil", "oderim", "kart", "nakit"],
    ) || has(
        words,
        &["pay", "payment", "card", "cards", "cash", "paying"],
    );
    let asking = has(
        words,
        &[
            "nasil", "hangi", "mi", "mu", "var", "how", "which", "what", "do", "can", "accept",
            "take", "options", "methods",
        ],
    ) || starts(words, &["gecerli", "geciyor", "kabul"]);
    pay && asking && !phrase(padded, "odeme yap")
}

/// Answer a question if the message is one; false to let the message go on.
pub fn answer(turn: &mut Turn, raw: &str, folded: &str) -> bool {
    let strict = matches!(turn.session.step, Step::Address | Step::Note);
    let Some(a) = read(raw, folded, strict) else {
        return false;
    };
    match a {
        Ask::Order { complaint } => {
            if complaint {
                turn.out.note(crate::copy::complaint_apology(turn.lang()));
                turn.session.complained = true;
                if turn.ctx.customer.open_orders.is_empty() {
                    // nothing to wait for: the apology and the offer of a person
                    status::show(turn, &[]);
                    return true;
                }
            }
            orders::view(turn);
        }
        Ask::DeliverHere => {
            let said = folded.to_string();
            fees::answer_area(turn, None, &said);
        }
        Ask::Open => {
            // the hours answer says the pause itself
            turn.notice_said = true;
            answers::answer(turn, Question::Hours);
        }
        Ask::Payment => {
            if matches!(turn.session.step, Step::Payment) {
                return false;
            }
            fees::answer_payment(turn);
        }
    }
    true
}
