//! The builder reproduces Meta's documented shapes and makes whatever the bot says fit.

use super::*;
use crate::domain::reply::{Choice, Reply, Section};
use crate::whatsapp::limits::{self, utf16_len};
use crate::whatsapp::testdata;

static TO: std::sync::LazyLock<crate::domain::CustomerId> =
    std::sync::LazyLock::new(testdata::fixture_to);

#[test]
fn builder_reproduces_the_text_and_button_fixtures() {
    let text = message_body(
        &TO,
        &Reply::text("Hoş geldiniz! Menü için 'menü' yazın."),
        None,
    );
    assert_eq!(text, testdata::send_request("send_text_request.json"));
    let buttons = Reply::Buttons {
        body: "2x Adana Kebap, 2x Ayran\nToplam: 711 TL\nSiparişi onaylıyor musunuz?".into(),
        buttons: vec![
            Choice::new("confirm_order:ORD-1042", "Onayla"),
            Choice::new("edit_order:ORD-1042", "Düzenle"),
            Choice::new("cancel_order:ORD-1042", "İptal"),
        ],
        header: Some("Sipariş özeti".into()),
        footer: Some("Kebapçı Demo".into()),
    };
    let built = build(&TO, &buttons, None);
    assert_eq!(
        built.body,
        testdata::send_request("send_interactive_buttons_request.json")
    );
    assert!(built.notes.is_empty(), "{:?}", built.notes);
}

#[test]
fn builder_reproduces_the_list_fixture() {
    let row = |id: &str, title: &str, d: &str| Choice::new(id, title).with_description(d);
    let list = Reply::List {
        body: "Bir ürün seçin. Adet bir sonraki adımda sorulacak.".into(),
        button: "Menüyü gör".into(),
        sections: vec![
            Section {
                title: "Kebaplar".into(),
                rows: vec![
                    row(
                        "item:adana_kebap",
                        "Adana Kebap",
                        "Acılı, lavaş ile - 320 TL",
                    ),
                    row(
                        "item:urfa_kebap",
                        "Urfa Kebap",
                        "Acısız, lavaş ile - 320 TL",
                    ),
                ],
            },
            Section {
                title: "Pide & Lahmacun".into(),
                rows: vec![
                    row("item:lahmacun", "Lahmacun", "Tek adet - 90 TL"),
                    row("item:kasarli_pide", "Kaşarlı Pide", "240 TL"),
                ],
            },
            Section {
                title: "İçecekler".into(),
                rows: vec![row("item:ayran", "Ayran", "300 ml - 35,50 TL")],
            },
        ],
        header: Some("Menü".into()),
        footer: Some("Fiyatlara KDV dahildir".into()),
    };
    let built = build(&TO, &list, None);
    assert_eq!(
        built.body,
        testdata::send_request("send_interactive_list_request.json")
    );
    assert!(built.notes.is_empty());
}

#[test]
fn callback_data_and_mark_read() {
    let body = message_body(&TO, &Reply::text("hazır"), Some("outbox:17"));
    assert_eq!(body["biz_opaque_callback_data"], "outbox:17");
    assert_eq!(
        message_body(&TO, &Reply::text("x"), Some("")).get("biz_opaque_callback_data"),
        None
    );
    let read =
        mark_read_body("wamid.HBgMOTA1NTUxMTEyMjMzFQIAEhgGBQzQUZBS0UwMDAwMDAwMDAwMDAw0001AA==");
    assert_eq!(read, testdata::send_request("send_mark_read_request.json"));
    assert_eq!(check_limits(&read), Ok(()));
}

fn buttons(titles: &[&str]) -> Reply {
    let buttons = titles
        .iter()
        .enumerate()
        .map(|(i, t)| Choice::new(format!("b{i}"), *t))
        .collect();
    Reply::Buttons {
        body: "Seçin".into(),
        buttons,
        header: None,
        footer: None,
    }
}

#[test]
fn a_fourth_button_is_dropped_and_reported() {
    let built = build(&TO, &buttons(&["Bir", "İki", "Üç", "Dört", "Beş"]), None);
    let sent = built.body["interactive"]["action"]["buttons"]
        .as_array()
        .expect("buttons")
        .len();
    assert_eq!(sent, 3);
    assert!(built.notes.contains(&Note::Dropped {
        what: "button",
        count: 2
    }));
    assert!(built.notes.iter().any(Note::loses_content));
    assert_eq!(check_limits(&built.body), Ok(()));
}

#[test]
fn long_turkish_and_emoji_titles_are_cut_and_stay_valid() {
    let long = "Şiş Kebap İskender Porsiyon Büyük";
    let emoji = "🌯🌯🌯🌯🌯🌯🌯🌯🌯🌯🌯🌯";
    let built = build(
        &TO,
        &buttons(&[long, emoji, "ğğğğğğğğğğğğğğğğğğğğğğ"]),
        None,
    );
    assert_eq!(check_limits(&built.body), Ok(()));
    let titles: Vec<String> = built.body["interactive"]["action"]["buttons"]
        .as_array()
        .expect("buttons")
        .iter()
        .map(|b| b["reply"]["title"].as_str().expect("title").to_string())
        .collect();
    assert_eq!(titles[0], "Şiş Kebap İskender…");
    assert_eq!(titles[1], "🌯🌯🌯🌯🌯🌯🌯🌯🌯…");
    assert!(titles.iter().all(|t| utf16_len(t) <= limits::BUTTON_TITLE));
}

#[test]
fn duplicate_titles_and_ids_are_renamed() {
    let reply = Reply::Buttons {
        body: "?".into(),
        buttons: vec![
            Choice::new("x", "Evet"),
            Choice::new("x", "Evet"),
            Choice::new("y", "Evet"),
        ],
        header: None,
        footer: None,
    };
    let built = build(&TO, &reply, None);
    assert_eq!(check_limits(&built.body), Ok(()));
    let b = &built.body["interactive"]["action"]["buttons"];
    assert_eq!(
        [
            &b[0]["reply"]["title"],
            &b[1]["reply"]["title"],
            &b[2]["reply"]["title"]
        ],
        ["Evet", "Evet 2", "Evet 3"]
    );
    assert_eq!([&b[0]["reply"]["id"], &b[1]["reply"]["id"]], ["x", "x 2"]);
    // a cut title still leaves room for the suffix
    let long = "Çok Uzun Bir Başlık Burada";
    let built = build(&TO, &buttons(&[long, long]), None);
    assert_eq!(check_limits(&built.body), Ok(()));
}

#[test]
fn blanks_are_filled_and_empty_choices_become_text() {
    let reply = Reply::Buttons {
        body: "  ".into(),
        buttons: vec![Choice::new("", ""), Choice::new(" ", "\t")],
        header: Some(" ".into()),
        footer: Some(String::new()),
    };
    let built = build(&TO, &reply, None);
    assert_eq!(check_limits(&built.body), Ok(()));
    let i = &built.body["interactive"];
    assert_eq!((i.get("header"), i.get("footer")), (None, None));
    assert_eq!(i["action"]["buttons"][1]["reply"]["title"], "2");
    let empty = Reply::List {
        body: "Menü boş".into(),
        button: "Gör".into(),
        sections: vec![Section {
            title: "A".into(),
            rows: vec![],
        }],
        header: None,
        footer: None,
    };
    let built = build(&TO, &empty, None);
    assert_eq!(built.body["type"], "text");
    assert_eq!(built.body["text"]["body"], "Menü boş");
    assert!(built.notes.contains(&Note::SentAsText));
    assert_eq!(
        message_body(&TO, &Reply::text(""), None)["text"]["body"],
        "…"
    );
}

#[test]
fn lists_keep_ten_rows_and_ten_sections_at_most() {
    let sections = (0..12)
        .map(|s| Section {
            title: format!("Bölüm {s}"),
            rows: (0..2)
                .map(|r| Choice::new(format!("{s}-{r}"), "Ürün"))
                .collect(),
        })
        .collect();
    let reply = Reply::List {
        body: "b".repeat(5000),
        button: "Menüyü aç lütfen hemen şimdi".into(),
        sections,
        header: None,
        footer: None,
    };
    let built = build(&TO, &reply, None);
    assert_eq!(check_limits(&built.body), Ok(()));
    let action = &built.body["interactive"]["action"];
    let rows: usize = action["sections"]
        .as_array()
        .expect("s")
        .iter()
        .map(|s| s["rows"].as_array().expect("rows").len())
        .sum();
    assert_eq!(rows, 10);
    assert_eq!(action["sections"].as_array().expect("s").len(), 5);
    assert!(built.notes.contains(&Note::Dropped {
        what: "row",
        count: 14
    }));
    assert!(built.notes.contains(&Note::Dropped {
        what: "section",
        count: 7
    }));
    let body = built.body["interactive"]["body"]["text"]
        .as_str()
        .expect("body");
    assert_eq!(utf16_len(body), limits::LIST_BODY_SAFE);
}
