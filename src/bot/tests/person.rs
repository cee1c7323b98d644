//! Handing a customer to a person: asked for, a photo, two misses in a row. The
//! session (cart, the question being asked) is kept for when the bot resumes.

use super::*;

#[test]
fn asking_for_a_person_is_answered_and_keeps_the_cart_and_the_step() {
    let mut c = Chat::new();
    c.add_simple("İçecekler", "Ayran", 2);
    c.say("Sipariş Ver");
    assert_eq!(c.session.step, Step::Fulfilment);
    let before = c.session.clone();
    for (said, lang) in [
        ("Yetkili biriyle görüşmek istiyorum", Lang::Tr),
        ("canli destek", Lang::Tr),
        ("operatöre bağlayın", Lang::Tr),
        ("insan yok mu", Lang::Tr),
        ("yetklii", Lang::Tr),
    ] {
        let out = c.raw(Input::Text(said.into()));
        assert_eq!(out.handoff, Some(Handoff::Asked), "{said}");
        assert_eq!(out.replies.len(), 1, "{said}: one sentence, no menu");
        assert!(
            out.replies[0].body().contains("çalışanımıza"),
            "{said}: {:?} ({lang:?})",
            out.replies[0]
        );
        assert!(
            out.replies[0].body().contains("Sepetin olduğu gibi"),
            "{said}: told the cart waits"
        );
        assert_eq!(c.session.cart, before.cart, "{said}: the cart is kept");
        assert_eq!(c.session.step, before.step, "{said}: so is the question");
    }
}

#[test]
fn english_customers_are_told_in_english() {
    let mut c = Chat::new();
    c.say("english");
    for said in ["human", "I want to talk to a person", "agent please"] {
        let out = c.raw(Input::Text(said.into()));
        assert_eq!(out.handoff, Some(Handoff::Asked), "{said}");
        assert!(
            out.replies[0].body().contains("person from our team"),
            "{said}"
        );
        assert!(
            !out.replies[0].body().contains("cart"),
            "{said}: no cart to mention"
        );
    }
}

#[test]
fn a_photo_video_document_voice_note_or_sticker_goes_to_a_person() {
    let mut c = Chat::new();
    c.say("et dürüm");
    let step = c.session.step.clone();
    for kind in ["image", "video", "document", "audio", "sticker"] {
        let out = c.raw(Input::Media { kind: kind.into() });
        assert_eq!(out.handoff, Some(Handoff::Media), "{kind}");
        assert_eq!(c.session.step, step, "{kind}");
    }
    // what is not media the bot could hand on (a contact card, a poll) is not
    let out = c.raw(Input::Unsupported {
        kind: "poll".into(),
    });
    assert_eq!(out.handoff, None);
}

#[test]
fn two_misses_in_a_row_offer_a_person_one_does_not() {
    let mut c = Chat::new();
    c.say("merhaba");
    let first = c.raw(Input::Text("🌯🔥😋".into()));
    assert_eq!(first.handoff, None);
    assert!(
        first
            .replies
            .iter()
            .any(|r| r.body().contains("anlayamadım")),
        "{:?}",
        first.replies
    );
    // something understood in between starts the count again
    c.say("menü");
    assert_eq!(c.raw(Input::Text("🙃".into())).handoff, None);
    c.send(Input::Text("🙃🙃".into()));
    // offered, not handed over: the customer decides
    assert!(c.saw("anlayamadım"), "{}", c.text());
    assert!(c.try_find("Çalışana bağlan").is_some(), "{}", c.text());
    assert!(c.handoffs.is_empty());
    let out = c.raw(c.find("Çalışana bağlan"));
    assert_eq!(out.handoff, Some(Handoff::Asked));
    // a tap between two misses also breaks the row
    assert_eq!(c.raw(Input::Text("🙃".into())).handoff, None);
    c.send(Input::Welcome);
    c.send(Input::Text("🙃".into()));
    assert!(c.try_find("Çalışana bağlan").is_none(), "{}", c.text());
}

#[test]
fn an_address_that_names_a_street_is_still_an_address() {
    let mut c = Chat::new();
    c.add_simple("İçecekler", "Ayran", 1);
    c.say("Sipariş Ver");
    c.say("Paket servis");
    assert_eq!(c.session.step, Step::Address);
    let out = c.raw(Input::Text("İnsan Sokak No:12 Kadıköy".into()));
    assert_eq!(out.handoff, None);
    assert_eq!(
        c.session.checkout.address.as_deref(),
        Some("İnsan Sokak No:12 Kadıköy")
    );
}

#[test]
fn yetkili_at_the_address_question_is_not_an_address() {
    let mut c = Chat::new();
    c.add_simple("İçecekler", "Ayran", 1);
    c.say("Sipariş Ver");
    c.say("Paket servis");
    let out = c.raw(Input::Text("yetkili".into()));
    assert_eq!(out.handoff, Some(Handoff::Asked));
    assert_eq!(c.session.checkout.address, None);
    assert_eq!(c.session.step, Step::Address);
}
