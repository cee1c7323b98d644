//! Properties of the turn reader, on the sample menu: a negated phrase never
//! makes any cart line bigger; a turn that changes the cart says the new total;
//! a typed number in range does exactly what tapping that choice does.

use proptest::prelude::*;

use super::*;
use crate::domain::text::fold;

/// Orders that fill a cart, with the words a customer uses for what is in it.
const CARTS: [&str; 5] = [
    "2 et dürüm acılı 2 kola 1 ayran küçük",
    "1 tavuk dürüm acısız 1 ayran büyük",
    "2 lahmacun acılı 1 şalgam acısız 1 su",
    "3 kola 2 su",
    "1 adana dürüm 1 kıymalı pide 2 ayran küçük",
];

const THINGS: [&str; 14] = [
    "kola",
    "kolayı",
    "kolaları",
    "ayran",
    "ayranı",
    "ayranları",
    "dürüm",
    "dürümleri",
    "su",
    "suyu",
    "lahmacun",
    "şalgamı",
    "pide",
    "coke",
];

const NEGATIONS: [&str; 12] = [
    "{} çıkar",
    "{} cikar",
    "{} sil",
    "{} olmasın",
    "{} olmasin",
    "{} istemiyorum",
    "{} kaldır",
    "remove {}",
    "no {}",
    "{} iptal et",
    "2 {} çıkar",
    "bir {} olmasın",
];

const CHANGES: [&str; 10] = [
    "{} 2 olsun",
    "{} 1 yap",
    "bir {} daha",
    "{} acısız olsun",
    "{} büyük olsun",
    "{} yerine su",
    "su yerine {}",
    "{} çıkar",
    "2 {}",
    "{} olmasın",
];

fn chat() -> Chat {
    Chat::with(World {
        menu: super::turns::sample(),
        ..World::default()
    })
}

/// Quantity per (product, options) in the cart.
fn lines(c: &Chat) -> Vec<((i64, Vec<i64>), u32)> {
    c.session
        .cart
        .lines
        .iter()
        .map(|l| ((l.product_id, l.option_ids.clone()), l.quantity))
        .collect()
}

fn start(cart: usize, summary: bool) -> Chat {
    let mut c = chat();
    c.say(CARTS[cart]);
    if summary {
        c.say("gel al");
    }
    c
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn a_negated_phrase_never_adds(
        cart in 0..CARTS.len(),
        summary in any::<bool>(),
        neg in 0..NEGATIONS.len(),
        thing in 0..THINGS.len(),
    ) {
        let mut c = start(cart, summary);
        let before = lines(&c);
        c.say(&NEGATIONS[neg].replace("{}", THINGS[thing]));
        for (key, q) in lines(&c) {
            let had = before.iter().find(|(k, _)| *k == key).map_or(0, |(_, q)| *q);
            prop_assert!(q <= had, "{:?} grew from {had} to {q}: {}", key, c.text());
        }
        prop_assert!(c.session.queue.is_empty(), "something waits to be added: {:?}", c.session.queue);
    }

    #[test]
    fn a_changed_cart_is_said_with_its_total(
        cart in 0..CARTS.len(),
        summary in any::<bool>(),
        change in 0..CHANGES.len(),
        thing in 0..THINGS.len(),
    ) {
        let mut c = start(cart, summary);
        let before = lines(&c);
        c.say(&CHANGES[change].replace("{}", THINGS[thing]));
        let after = lines(&c);
        if after != before {
            let text = fold(&c.text());
            if after.is_empty() {
                prop_assert!(text.contains("🗑") || text.contains("bos"), "{}", c.text());
            } else {
                let total = c.session.cart.subtotal(&c.world.menu).display("TRY");
                prop_assert!(text.contains(&fold(&total)), "no {total} in {}", c.text());
            }
        }
    }

    #[test]
    fn a_typed_number_picks_that_choice(setup in 0..6usize, n in 1..=10usize) {
        let script: &[&str] = match setup {
            0 => &["merhaba"],
            1 => &["1 tavuk dürüm acılı", "sipariş ver"],
            2 => &["dürüm"],
            3 => &["2 dürüm acısız"],
            4 => &["1 tavuk dürüm acılı", "gel al"],
            _ => &["tavuk dürüm"],
        };
        let mut typed = chat();
        let mut tapped = chat();
        for m in script {
            typed.say(m);
            tapped.say(m);
        }
        let choices = tapped.choices();
        prop_assume!(n <= choices.len());
        let (row, c) = choices[n - 1].clone();
        tapped.send(if row {
            Input::ListRow { id: c.id, title: c.title }
        } else {
            Input::Button { id: c.id, title: c.title }
        });
        typed.say(&n.to_string());
        prop_assert_eq!(&typed.session.cart, &tapped.session.cart);
        prop_assert_eq!(&typed.session.step, &tapped.session.step);
        prop_assert_eq!(&typed.session.checkout, &tapped.session.checkout);
        prop_assert_eq!(typed.text(), tapped.text());
        prop_assert_eq!(typed.effects.len(), tapped.effects.len());
    }
}
