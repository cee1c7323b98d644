//! The order scripts, reading each message as a person would: most customers
//! write the whole order in one sentence ([`Customer::order`]), some tap through
//! the menu ([`Customer::order_by_taps`]). Either way they answer the questions
//! asked (a required option, which product was meant), say pickup or delivery,
//! give a coupon or note when they have one, and confirm.

use crate::domain::OrderNumber;

use super::{Customer, Item, Plan, Seen, SimError, Tap, find_tap, read};
use crate::domain::text::fold;

/// A confirmed order as the customer saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    pub number: OrderNumber,
    /// The confirmation text.
    pub text: String,
}

/// What the newest message with something to tap is asking.
enum Prompt {
    /// A required option (buttons or a list).
    Options(Vec<Tap>),
    /// Which product a word meant.
    Which(Vec<Tap>),
    /// The item is in the cart ("Sipariş ver" offered).
    Added(Vec<Tap>),
    /// Pickup or delivery.
    Fulfilment,
    /// The summary.
    Summary(Tap),
}

fn newest_taps(pending: &[Seen]) -> Option<Vec<Tap>> {
    pending
        .iter()
        .rev()
        .map(|m| read(&m.body).1)
        .find(|t| !t.is_empty())
}

fn prompt(pending: &[Seen]) -> Option<Prompt> {
    let taps = newest_taps(pending)?;
    let has = |p: &str| taps.iter().any(|t| t.id.starts_with(p));
    Some(if has("opt:") || has("optok:") || has("optp:") {
        Prompt::Options(taps)
    } else if has("pk:") {
        Prompt::Which(taps)
    } else if has("confirm:") {
        let t = taps.iter().find(|t| t.id.starts_with("confirm:"))?.clone();
        Prompt::Summary(t)
    } else if has("ful:") {
        Prompt::Fulfilment
    } else if has("checkout") {
        Prompt::Added(taps)
    } else {
        return None;
    })
}

/// "2 tavuk dürüm acılı" for one item, as people write it.
fn words_of(item: &Item) -> String {
    let mut s = format!("{} {}", item.quantity, item.product.to_lowercase());
    for o in &item.options {
        s.push(' ');
        s.push_str(&o.to_lowercase());
    }
    s
}

/// The whole order in one sentence: "2 tavuk dürüm acılı, 1 ayran küçük".
pub(super) fn sentence(plan: &Plan) -> String {
    plan.items
        .iter()
        .map(words_of)
        .collect::<Vec<_>>()
        .join(", ")
}

impl Customer {
    async fn tap_titled(&mut self, title: &str) -> Result<(), SimError> {
        let t = self.wait_for(title, |p| find_tap(p, title)).await?;
        self.tap(&t).await
    }

    /// Place the order in `plan` written as one sentence; returns its number.
    pub async fn order(&mut self, plan: &Plan) -> Result<Placed, SimError> {
        self.say(&sentence(plan)).await?;
        self.answer_until_added(plan).await?;
        if let Some(code) = &plan.coupon {
            self.say(&format!("kupon {code}")).await?;
            // applied: back to the order; refused: "Kupon yok" goes on without it
            let refused = self
                .wait_for("the coupon answer", |p| {
                    let applied = p.iter().any(|m| read(&m.body).0.contains("uygulandı"));
                    if applied {
                        return Some(None);
                    }
                    find_tap(p, "Kupon yok").map(Some)
                })
                .await?;
            if let Some(skip) = refused {
                self.tap(&skip).await?;
            }
        }
        if let Some(n) = &plan.note {
            self.say(&format!("not: {n}")).await?;
        }
        match &plan.delivery {
            None => self.say("gel al").await?,
            Some(address) => {
                self.say("paket").await?;
                self.address(address).await?;
            }
        }
        self.confirm().await
    }

    /// Place the order in `plan` by tapping only (typing just the address).
    pub async fn order_by_taps(&mut self, plan: &Plan) -> Result<Placed, SimError> {
        self.say("merhaba").await?;
        self.tap_titled("Menü").await?;
        for (i, item) in plan.items.iter().enumerate() {
            if i > 0 {
                self.tap_titled("Ürün ekle").await?;
            }
            self.tap_titled(&item.category).await?;
            self.find_product(item).await?;
            self.answer_until_added(plan).await?;
            self.extras_and_quantity(item).await?;
        }
        self.tap_titled("Sipariş ver").await?;
        match &plan.delivery {
            None => self.tap_titled("Gel al").await?,
            Some(address) => {
                self.tap_titled("Paket servis").await?;
                self.address(address).await?;
            }
        }
        if let Some(code) = &plan.coupon {
            self.tap_titled("Kupon").await?;
            self.tap_titled("Kupon kodu").await?;
            self.say(code).await?;
        }
        if let Some(n) = &plan.note {
            self.tap_titled("Kupon").await?;
            self.tap_titled("Not ekle").await?;
            self.say(n).await?;
        }
        self.confirm().await
    }

    async fn address(&mut self, address: &str) -> Result<(), SimError> {
        self.wait_for("the address question", |p| {
            p.iter()
                .any(|m| read(&m.body).0.to_lowercase().contains("adres"))
                .then_some(())
        })
        .await?;
        self.say(address).await
    }

    /// Answer required options and "which one?" until the cart says the items are in.
    async fn answer_until_added(&mut self, plan: &Plan) -> Result<(), SimError> {
        let wanted: Vec<String> = plan.items.iter().flat_map(|i| i.options.clone()).collect();
        let products: Vec<String> = plan.items.iter().map(|i| i.product.clone()).collect();
        for _ in 0..20 {
            match self.wait_for("options or added", prompt).await? {
                Prompt::Added(_) | Prompt::Fulfilment | Prompt::Summary(_) => return Ok(()),
                Prompt::Options(taps) => {
                    let opts: Vec<&Tap> =
                        taps.iter().filter(|t| t.id.starts_with("opt:")).collect();
                    let t = wanted
                        .iter()
                        .find_map(|o| best_match(&opts, o))
                        .or_else(|| taps.iter().find(|t| t.id.starts_with("optok:")))
                        .or_else(|| opts.first().copied())
                        .cloned();
                    let Some(t) = t else { break };
                    self.tap(&t).await?;
                }
                Prompt::Which(taps) => {
                    let rows: Vec<&Tap> = taps.iter().filter(|t| t.id.starts_with("pk:")).collect();
                    let t = products
                        .iter()
                        .find_map(|p| best_match(&rows, p))
                        .or_else(|| rows.first().copied())
                        .cloned();
                    let Some(t) = t else { break };
                    self.tap(&t).await?;
                }
            }
        }
        Err(SimError::Timeout {
            what: "the items in the cart".into(),
            secs: 0,
            last: "too many questions".into(),
        })
    }

    /// By taps: optional extras ("Ekstra" → "Buna ekle"), then "+1" up to the quantity.
    async fn extras_and_quantity(&mut self, item: &Item) -> Result<(), SimError> {
        let mut have = 1;
        for o in &item.options {
            let Some(extra) = self.more_button().await? else {
                break;
            };
            // already on the line (a required choice made on the way)
            let said = self
                .shown()
                .first()
                .map(|(t, _)| fold(t))
                .unwrap_or_default();
            if said.contains(&fold(o)) {
                continue;
            }
            if !extra.title.contains("Ekstra") {
                break;
            }
            self.tap(&extra).await?;
            let t = self
                .wait_for("the extras", |p| {
                    let taps = newest_taps(p)?;
                    let rows: Vec<&Tap> = taps.iter().filter(|t| t.id.starts_with("ex:")).collect();
                    let one_more = taps.iter().any(|t| t.id.starts_with("om:"));
                    one_more.then(|| best_match(&rows, o).cloned())
                })
                .await?;
            match t {
                Some(t) => self.tap(&t).await?,
                // a required option, or not offered: "the same" keeps the count honest
                None => {
                    self.tap_titled("Aynısından").await?;
                    have += 1;
                }
            }
        }
        while have < item.quantity {
            let Some(more) = self.more_button().await? else {
                break;
            };
            self.tap(&more).await?;
            if more.title.contains("Ekstra") {
                self.tap_titled("Aynısından").await?;
            }
            have += 1;
        }
        Ok(())
    }

    /// The "one more" / "extra" button of the newest "added" message.
    async fn more_button(&mut self) -> Result<Option<Tap>, SimError> {
        let p = self.wait_for("the cart", prompt).await?;
        Ok(match p {
            Prompt::Added(taps) => taps.into_iter().find(|t| t.id.starts_with("mo:")),
            _ => None,
        })
    }

    /// The product's row (or its variant row), paging through "Daha fazla" if needed.
    async fn find_product(&mut self, item: &Item) -> Result<(), SimError> {
        let variant = item
            .options
            .first()
            .map(|o| format!("{} · {o}", item.product));
        for _ in 0..10 {
            let t = self
                .wait_for(&item.product, |p| {
                    let exact = variant.as_deref().and_then(|v| find_tap(p, v));
                    exact
                        .or_else(|| find_tap(p, &item.product))
                        .map(Ok)
                        .or_else(|| find_tap(p, "Daha fazla").map(Err))
                })
                .await?;
            match t {
                Ok(row) => return self.tap(&row).await,
                Err(more) => self.tap(&more).await?,
            }
        }
        Err(SimError::Timeout {
            what: item.product.clone(),
            secs: 0,
            last: "paged ten times".into(),
        })
    }

    /// Tap Confirm on the summary; a coupon lost at the last moment is explained
    /// and confirming again goes without it.
    async fn confirm(&mut self) -> Result<Placed, SimError> {
        let mut confirm = self
            .wait_for("Onayla", |p| match prompt(p) {
                Some(Prompt::Summary(t)) => Some(t),
                _ => None,
            })
            .await?;
        for _ in 0..3 {
            self.tap(&confirm).await?;
            match self
                .wait_for("the order number", |p| {
                    placed(p).map(Ok).or_else(|| find_tap(p, "Onayla").map(Err))
                })
                .await?
            {
                Ok(done) => return Ok(done),
                Err(again) => confirm = again,
            }
        }
        let tail = self
            .transcript
            .iter()
            .rev()
            .take(4)
            .rev()
            .cloned()
            .collect::<Vec<_>>()
            .join(" | ");
        Err(SimError::Timeout {
            what: "the order number".into(),
            secs: 0,
            last: format!("confirmed three times: {tail}"),
        })
    }
}

/// The option titled `want`: exactly (ignoring case, accents and a price suffix), else containing it.
fn best_match<'a>(options: &[&'a Tap], want: &str) -> Option<&'a Tap> {
    let w = crate::domain::text::fold(want);
    let title = |t: &Tap| {
        let f = crate::domain::text::fold(&t.title);
        // "Kaşarlı (+20,00 ₺)" names "Kaşarlı"
        f.split(" (").next().unwrap_or_default().trim().to_string()
    };
    options
        .iter()
        .find(|t| title(t) == w)
        .or_else(|| options.iter().find(|t| title(t).contains(&w)))
        .copied()
}

/// The confirmation with its order number ("#123").
fn placed(pending: &[Seen]) -> Option<Placed> {
    pending.iter().map(|m| read(&m.body).0).find_map(|text| {
        let at = text.find('#')?;
        let digits: String = text[at + 1..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let number = digits.parse().ok()?;
        (text.contains("✅")).then_some(Placed { number, text })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plan_becomes_one_sentence() {
        let plan = crate::sim::plan::standard(None);
        assert_eq!(sentence(&plan), "2 tavuk dürüm acılı, 1 ayran küçük");
    }
}
