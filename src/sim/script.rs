//! The order script: from "merhaba" to the order number, reading each message.

use super::{Customer, Plan, Seen, SimError, Tap, find_tap, read};

/// A confirmed order as the customer saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    pub number: i64,
    /// The confirmation text.
    pub text: String,
}

/// What the newest message with something to tap is asking.
enum Prompt {
    Options(Vec<Tap>),
    Quantity(Vec<Tap>),
    Added,
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
    if taps.iter().any(|t| {
        t.id.starts_with("opt:") || t.id.starts_with("optok:") || t.id.starts_with("optp:")
    }) {
        return Some(Prompt::Options(taps));
    }
    if taps
        .iter()
        .any(|t| t.id.starts_with("q:") || t.id.starts_with("qo:"))
    {
        return Some(Prompt::Quantity(taps));
    }
    let added =
        find_tap(pending, "Sipariş ver").is_some() && find_tap(pending, "Ürün ekle").is_some();
    added.then_some(Prompt::Added)
}

impl Customer {
    async fn tap_titled(&mut self, title: &str) -> Result<(), SimError> {
        let t = self.wait_for(title, |p| find_tap(p, title)).await?;
        self.tap(&t).await
    }

    /// Place the order in `plan`, as a person would, and return its number.
    pub async fn order(&mut self, plan: &Plan) -> Result<Placed, SimError> {
        self.say("merhaba").await?;
        self.tap_titled("Menü").await?;
        for (i, item) in plan.items.iter().enumerate() {
            if i > 0 {
                self.tap_titled("Ürün ekle").await?;
            }
            self.tap_titled(&item.category).await?;
            self.find_product(&item.product).await?;
            self.choose(item).await?;
        }
        self.tap_titled("Sipariş ver").await?;
        self.coupon(plan.coupon.as_deref()).await?;
        match &plan.delivery {
            None => self.tap_titled("Gel al").await?,
            Some(address) => {
                self.tap_titled("Paket servis").await?;
                self.wait_for("the address question", |p| {
                    p.iter()
                        .any(|m| read(&m.body).0.to_lowercase().contains("adres"))
                        .then_some(())
                })
                .await?;
                self.say(address).await?;
            }
        }
        let no_note = self.wait_for("Not yok", |p| find_tap(p, "Not yok")).await?;
        match &plan.note {
            Some(n) => self.say(n).await?,
            None => self.tap(&no_note).await?,
        }
        let mut confirm = self.wait_for("Onayla", |p| find_tap(p, "Onayla")).await?;
        // a coupon lost to another customer at the last moment: the bot says why
        // and offers to confirm without it
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

    /// Tap the product's row, paging through "Daha fazla" if needed.
    async fn find_product(&mut self, product: &str) -> Result<(), SimError> {
        for _ in 0..10 {
            let t = self
                .wait_for(product, |p| {
                    find_tap(p, product)
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
            what: product.to_string(),
            secs: 0,
            last: "paged ten times".into(),
        })
    }

    /// Options then quantity, until the bot says the item is in the cart.
    async fn choose(&mut self, item: &super::Item) -> Result<(), SimError> {
        let mut picked: Vec<String> = Vec::new();
        for _ in 0..20 {
            match self.wait_for("options, quantity or added", prompt).await? {
                Prompt::Added => return Ok(()),
                Prompt::Options(taps) => {
                    let options: Vec<&Tap> =
                        taps.iter().filter(|t| t.id.starts_with("opt:")).collect();
                    let wanted = item
                        .options
                        .iter()
                        .filter(|o| !picked.contains(o))
                        .find_map(|o| best_match(&options, o));
                    let t = wanted
                        .or_else(|| taps.iter().find(|t| t.id.starts_with("optok:")))
                        .or_else(|| taps.iter().find(|t| t.id.starts_with("opt:")))
                        .cloned();
                    let Some(t) = t else { break };
                    if let Some(o) = item.options.iter().find(|o| best_match(&[&t], o).is_some()) {
                        picked.push(o.clone());
                    }
                    self.tap(&t).await?;
                }
                Prompt::Quantity(taps) => {
                    let exact = taps
                        .iter()
                        .find(|t| {
                            t.id.starts_with("q:") && t.id.ends_with(&format!(":{}", item.quantity))
                        })
                        .cloned();
                    match exact {
                        Some(t) => self.tap(&t).await?,
                        None => self.say(&item.quantity.to_string()).await?,
                    }
                }
            }
        }
        Err(SimError::Timeout {
            what: format!("adding {}", item.product),
            secs: 0,
            last: "too many questions".into(),
        })
    }

    /// Give the coupon (or none); a refused coupon is dropped.
    async fn coupon(&mut self, code: Option<&str>) -> Result<(), SimError> {
        let skip = self
            .wait_for("Kupon yok", |p| find_tap(p, "Kupon yok"))
            .await?;
        let Some(code) = code else {
            return self.tap(&skip).await;
        };
        self.say(code).await?;
        // accepted: the pickup/delivery question; refused: asked again
        let next = self
            .wait_for("coupon answer", |p| {
                find_tap(p, "Gel al")
                    .map(|_| None)
                    .or_else(|| find_tap(p, "Kupon yok").map(Some))
            })
            .await?;
        if let Some(skip) = next {
            self.tap(&skip).await?;
        }
        Ok(())
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
