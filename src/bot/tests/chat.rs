//! The scripted customer and the fake driver.

use super::*;
use crate::domain::coupon::Coupon;
use crate::domain::reply::{Choice, Reply};
use crate::domain::text::fold;

/// What the customer sent so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Messages: typed texts, button taps and list picks.
    pub messages: u32,
    /// Typed texts.
    pub texts: u32,
    /// Taps, a list pick counted as two.
    pub taps: u32,
}

/// A customer in a chat with the bot, with a fake driver that carries out effects.
pub struct Chat {
    pub world: World,
    pub session: Session,
    /// Replies to the last input (after any effect round-trips).
    pub last: Vec<Reply>,
    /// Effects the engine asked for, in order.
    pub effects: Vec<Effect>,
    /// The coupon table of the fake store.
    pub coupons: Vec<Coupon>,
    /// This customer's redemptions per coupon, as the store would count them.
    pub uses: i64,
    /// When set, the next PlaceOrder is refused with this.
    pub refuse_next: Option<PlaceError>,
    /// When set, the next CancelOrder is refused with this status.
    pub cancel_refused: Option<crate::domain::order::OrderStatus>,
    /// Carry out effects and feed their results back (the driver's job).
    pub auto: bool,
    /// The items of this customer's last placed order, as the store keeps them.
    pub last_order: Option<Vec<crate::domain::order::OrderItem>>,
    /// Customer messages sent (typed texts and taps), and taps weighted as a
    /// person does them: a button 1, a list row 2 (open the list, pick).
    pub sent: Counts,
    /// The kitchen's recent order-to-ready times (ms) the driver would read.
    pub pace: Vec<crate::domain::time::Span>,
    /// Every hand-over to a person the engine reported, in order.
    pub handoffs: Vec<Handoff>,
    next_number: i64,
}

impl Chat {
    pub fn new() -> Chat {
        Chat::with(World::default())
    }

    pub fn with(world: World) -> Chat {
        Chat {
            world,
            session: Session::default(),
            last: Vec::new(),
            effects: Vec::new(),
            coupons: Vec::new(),
            uses: 0,
            refuse_next: None,
            cancel_refused: None,
            auto: true,
            last_order: None,
            sent: Counts::default(),
            pace: Vec::new(),
            handoffs: Vec::new(),
            next_number: 101,
        }
    }

    /// One call of `handle`, checked: replies fit WhatsApp, the session round-trips.
    pub fn raw(&mut self, input: Input) -> Outcome {
        let ctx = self.world.ctx();
        let out = handle(self.session.clone(), input, &ctx);
        for r in &out.replies {
            check_reply(r).unwrap_or_else(|e| panic!("reply breaks limits: {e}\n{r:#?}"));
        }
        assert!(
            out.replies.len() <= REPLIES_MAX,
            "{} replies",
            out.replies.len()
        );
        assert_eq!(
            Session::from_json(&out.session.to_json()).as_ref(),
            Ok(&out.session),
            "session round-trip"
        );
        self.session = out.session.clone();
        if let Some(h) = out.handoff {
            self.handoffs.push(h);
        }
        out
    }

    /// Send an input; with `auto`, run the effect loop like the driver would.
    pub fn send(&mut self, input: Input) -> &[Reply] {
        match &input {
            Input::Text(_) => self.sent.texts += 1,
            Input::Button { .. } => self.sent.taps += 1,
            Input::ListRow { .. } => self.sent.taps += 2,
            _ => {}
        }
        if matches!(
            input,
            Input::Text(_) | Input::Button { .. } | Input::ListRow { .. }
        ) {
            self.sent.messages += 1;
        }
        let mut out = self.raw(input);
        while let (true, Some(e)) = (self.auto, out.effect.clone()) {
            assert!(
                out.replies.is_empty(),
                "no replies before an effect result: {:?}",
                out.replies
            );
            self.effects.push(e.clone());
            let result = self.carry_out(e);
            out = self.raw(result);
        }
        if let Some(e) = &out.effect {
            self.effects.push(e.clone());
        }
        self.last = out.replies;
        &self.last
    }

    fn carry_out(&mut self, e: Effect) -> Input {
        match e {
            Effect::LookupCoupon { code } => {
                let coupon = self
                    .coupons
                    .iter()
                    .find(|c| c.code == code.as_str())
                    .cloned();
                Input::CouponFound {
                    code,
                    coupon,
                    customer_uses: self.uses,
                }
            }
            Effect::PlaceOrder(d) => match self.refuse_next.take() {
                Some(err) => Input::OrderRejected(err),
                None => {
                    self.last_order = Some(d.items.clone());
                    self.next_number += 1;
                    Input::OrderPlaced {
                        number: crate::domain::OrderNumber::new(self.next_number - 1),
                        total: d.total,
                    }
                }
            },
            Effect::CancelOrder { number } => match self.cancel_refused.take() {
                Some(status) => Input::CancelRefused { number, status },
                None => Input::OrderCancelled { number },
            },
            Effect::LastOrder => Input::LastOrder(self.last_order.clone()),
            Effect::KitchenPace => Input::KitchenPace(self.pace.clone()),
            Effect::RequestCancel { number } => Input::CancelRequested {
                number,
                already: false,
            },
        }
    }

    pub fn say(&mut self, text: &str) -> &[Reply] {
        self.send(Input::Text(text.into()))
    }

    /// Everything the customer can tap in the last replies: (is_row, choice).
    pub fn choices(&self) -> Vec<(bool, Choice)> {
        let mut v = Vec::new();
        for r in &self.last {
            match r {
                Reply::Buttons { buttons, .. } => {
                    v.extend(buttons.iter().map(|b| (false, b.clone())))
                }
                Reply::List { sections, .. } => v.extend(
                    sections
                        .iter()
                        .flat_map(|s| s.rows.iter())
                        .map(|c| (true, c.clone())),
                ),
                Reply::Text { .. } | Reply::CtaUrl { .. } | Reply::LocationRequest { .. } => {}
            }
        }
        v
    }

    /// Tap the button or row whose title contains `title` (case/accent-insensitive).
    pub fn tap(&mut self, title: &str) -> &[Reply] {
        let input = self.find(title);
        self.send(input)
    }

    /// The input a tap on `title` would send, without sending it (to replay later).
    pub fn find(&self, title: &str) -> Input {
        self.try_find(title)
            .unwrap_or_else(|| panic!("nothing titled {title:?} in {:#?}", self.last))
    }

    /// Like [`Chat::find`], `None` when nothing is titled like that.
    pub fn try_find(&self, title: &str) -> Option<Input> {
        let want = fold(title);
        let all = self.choices();
        let (row, c) = all
            .iter()
            .find(|(_, c)| fold(&c.title) == want)
            .or_else(|| all.iter().find(|(_, c)| fold(&c.title).contains(&want)))?
            .clone();
        Some(if row {
            Input::ListRow {
                id: c.id,
                title: c.title,
            }
        } else {
            Input::Button {
                id: c.id,
                title: c.title,
            }
        })
    }

    /// All bodies of the last replies, joined.
    pub fn text(&self) -> String {
        self.last
            .iter()
            .map(|r| r.body().to_string())
            .collect::<Vec<_>>()
            .join("\n---\n")
    }

    /// Do the last replies mention `needle` (case/accent-insensitive)?
    pub fn saw(&self, needle: &str) -> bool {
        fold(&self.text()).contains(&fold(needle))
    }

    /// The titles offered in the last replies.
    pub fn titles(&self) -> Vec<String> {
        self.choices().into_iter().map(|(_, c)| c.title).collect()
    }

    /// The last PlaceOrder draft.
    pub fn draft(&self) -> Option<&OrderDraft> {
        self.effects.iter().rev().find_map(|e| match e {
            Effect::PlaceOrder(d) => Some(d),
            _ => None,
        })
    }

    pub fn placed_orders(&self) -> usize {
        self.effects
            .iter()
            .filter(|e| matches!(e, Effect::PlaceOrder(_)))
            .count()
    }

    /// Add `qty` of a product with no options by tapping through the menu (one
    /// goes in at once; "one more" for each further one).
    pub fn add_simple(&mut self, category: &str, name: &str, qty: u32) {
        self.say("menü");
        self.tap(category);
        self.tap(name);
        for _ in 1..qty {
            let more = self
                .try_find("1 tane daha")
                .or_else(|| self.try_find("One more"))
                .unwrap_or_else(|| panic!("no 'one more' in {:#?}", self.last));
            self.send(more);
        }
        assert!(self.saw("eklendi") || self.saw("added"), "{}", self.text());
    }
}
