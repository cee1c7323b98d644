//! The builder reproduces Meta's documented shapes, every body it makes passes the checker,
//! and the checker refuses what Meta refuses.

use proptest::prelude::*;
use serde_json::{Value, json};

use super::limits::{self, width};
use super::*;
use crate::domain::reply::{Choice, Reply, Section};
use crate::whatsapp::testdata;

const TO: &str = "+905551112233";

#[test]
fn every_send_request_fixture_passes_check_limits() {
    let names = testdata::names("send_");
    let requests: Vec<_> = names
        .iter()
        .filter(|n| n.ends_with("_request.json"))
        .collect();
    assert_eq!(requests.len(), 11, "{requests:?}");
    for name in requests {
        assert_eq!(check_limits(&testdata::json(name)), Ok(()), "{name}");
    }
}

#[test]
fn builder_reproduces_the_text_and_button_fixtures() {
    let text = message_body(
        TO,
        &Reply::text("Hoş geldiniz! Menü için 'menü' yazın."),
        None,
    );
    assert_eq!(text, testdata::json("send_text_request.json"));
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
    let built = build(TO, &buttons, None);
    assert_eq!(
        built.body,
        testdata::json("send_interactive_buttons_request.json")
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
    let built = build(TO, &list, None);
    assert_eq!(
        built.body,
        testdata::json("send_interactive_list_request.json")
    );
    assert!(built.notes.is_empty());
}

#[test]
fn callback_data_and_mark_read() {
    let body = message_body(TO, &Reply::text("hazır"), Some("outbox:17"));
    assert_eq!(body["biz_opaque_callback_data"], "outbox:17");
    assert_eq!(
        message_body(TO, &Reply::text("x"), Some("")).get("biz_opaque_callback_data"),
        None
    );
    let read =
        mark_read_body("wamid.HBgMOTA1NTUxMTEyMjMzFQIAEhgGBQzQUZBS0UwMDAwMDAwMDAwMDAw0001AA==");
    assert_eq!(read, testdata::json("send_mark_read_request.json"));
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
    let built = build(TO, &buttons(&["Bir", "İki", "Üç", "Dört", "Beş"]), None);
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
    let built = build(TO, &buttons(&[long, emoji, "ğğğğğğğğğğğğğğğğğğğğğğ"]), None);
    assert_eq!(check_limits(&built.body), Ok(()));
    let titles: Vec<String> = built.body["interactive"]["action"]["buttons"]
        .as_array()
        .expect("buttons")
        .iter()
        .map(|b| b["reply"]["title"].as_str().expect("title").to_string())
        .collect();
    assert_eq!(titles[0], "Şiş Kebap İskender…");
    assert_eq!(titles[1], "🌯🌯🌯🌯🌯🌯🌯🌯🌯…");
    assert!(titles.iter().all(|t| width(t) <= limits::BUTTON_TITLE));
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
    let built = build(TO, &reply, None);
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
    let built = build(TO, &buttons(&[long, long]), None);
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
    let built = build(TO, &reply, None);
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
    let built = build(TO, &empty, None);
    assert_eq!(built.body["type"], "text");
    assert_eq!(built.body["text"]["body"], "Menü boş");
    assert!(built.notes.contains(&Note::SentAsText));
    assert_eq!(
        message_body(TO, &Reply::text(""), None)["text"]["body"],
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
    let built = build(TO, &reply, None);
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
    assert_eq!(width(body), limits::LIST_BODY_SAFE);
}

fn violation(body: &Value) -> String {
    check_limits(body)
        .expect_err("should be refused")
        .to_string()
}

#[test]
fn checker_refuses_what_meta_refuses() {
    let mut b = testdata::json("send_interactive_buttons_request.json");
    b["interactive"]["action"]["buttons"][0]["reply"]["title"] = json!("x".repeat(21));
    assert_eq!(
        violation(&b),
        "Param interactive['action']['buttons'][0]['reply']['title'] is too long. Max length is 20."
    );
    b["interactive"]["action"]["buttons"][0]["reply"]["title"] = json!("Düzenle");
    assert!(violation(&b).ends_with("[1]['reply']['title'] must be unique."));
    let four = json!({"type":"reply","reply":{"id":"z","title":"Z"}});
    let mut b = testdata::json("send_interactive_buttons_request.json");
    b["interactive"]["action"]["buttons"]
        .as_array_mut()
        .expect("a")
        .push(four);
    assert!(violation(&b).contains("has too many items. Max is 3"));
    let mut l = testdata::json("send_interactive_list_request.json");
    l["interactive"]["action"]["sections"][0]["rows"][0]["description"] = json!("d".repeat(73));
    assert!(violation(&l).contains("['rows'][0]['description'] is too long. Max length is 72"));
    let mut l = testdata::json("send_interactive_list_request.json");
    let rows = json!(
        (0..9)
            .map(|i| json!({"id": format!("r{i}"), "title": "t"}))
            .collect::<Vec<_>>()
    );
    l["interactive"]["action"]["sections"][1]["rows"] = rows;
    assert!(violation(&l).contains("['sections'][1]['rows'] has too many items. Max is 10"));
    let mut l = testdata::json("send_interactive_list_request.json");
    l["interactive"]["action"]["sections"][2]["title"] = json!("");
    assert!(violation(&l).contains("['sections'][2]['title'] must be a non-empty string"));
}

#[test]
fn checker_requires_the_basics() {
    let good = testdata::json("send_text_request.json");
    for (key, param) in [
        ("messaging_product", "messaging_product"),
        ("to", "to"),
        ("type", "type"),
        ("text", "text"),
    ] {
        let mut b = good.clone();
        b.as_object_mut().expect("obj").remove(key);
        assert_eq!(violation(&b), format!("Param {param} is required."));
    }
    let mut b = good.clone();
    b["text"]["body"] = json!("a".repeat(4097));
    assert!(violation(&b).contains("Max length is 4096"));
    b["text"]["body"] = json!("🌯".repeat(2049));
    assert!(
        violation(&b).contains("Max length is 4096"),
        "emoji count as two units"
    );
    let mut b = good.clone();
    b["type"] = json!("hologram");
    b["hologram"] = json!({});
    assert!(violation(&b).contains("unsupported type"));
    assert!(violation(&json!([1])).contains("not a JSON object"));
    let mut b = good;
    b["biz_opaque_callback_data"] = json!("c".repeat(513));
    assert!(violation(&b).contains("biz_opaque_callback_data is too long"));
    let mut r = testdata::json("send_mark_read_typing_request.json");
    assert_eq!(check_limits(&r), Ok(()));
    r["typing_indicator"]["type"] = json!("audio");
    assert!(violation(&r).contains("typing_indicator"));
}

fn text_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-zA-ZçğıİöşüÇĞÖŞÜ0-9 🌯👍]{0,40}",
        1 => prop::sample::select(vec!["", " ", "Evet", "Evet", "\n", "\u{200d}"]).prop_map(String::from),
        1 => "\\PC{0,300}",
        1 => "[şğ🌯]{1000,1300}",
    ]
}

fn choice() -> impl Strategy<Value = Choice> {
    (
        text_strategy(),
        text_strategy(),
        prop::option::of(text_strategy()),
    )
        .prop_map(|(id, title, description)| Choice {
            id,
            title,
            description,
        })
}

fn reply() -> impl Strategy<Value = Reply> {
    let opt = || prop::option::of(text_strategy());
    let section = (text_strategy(), prop::collection::vec(choice(), 0..6))
        .prop_map(|(title, rows)| Section { title, rows });
    prop_oneof![
        text_strategy().prop_map(|body| Reply::Text { body }),
        (
            text_strategy(),
            prop::collection::vec(choice(), 0..6),
            opt(),
            opt()
        )
            .prop_map(|(body, buttons, header, footer)| Reply::Buttons {
                body,
                buttons,
                header,
                footer
            }),
        (
            text_strategy(),
            text_strategy(),
            prop::collection::vec(section, 0..13),
            opt(),
            opt()
        )
            .prop_map(|(body, button, sections, header, footer)| Reply::List {
                body,
                button,
                sections,
                header,
                footer
            }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_built_body_passes_check_limits(r in reply(), cb in prop::option::of(text_strategy())) {
        let body = message_body(TO, &r, cb.as_deref());
        prop_assert_eq!(check_limits(&body), Ok(()), "{}", body);
    }
}
