//! `maydanoz chat`: be a WhatsApp customer of a running demo from a terminal.
//! What you type goes through the same signed webhook as WhatsApp would send;
//! the bot's messages are read from the demo's Graph API stand-in and drawn as
//! chat bubbles, with buttons and list rows numbered to pick.

use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, BufReader};

use super::demo::{DEMO_APP_SECRET, DEMO_PHONE_NUMBER_ID};
use crate::cli::ChatArgs;
use crate::domain::text::clean;
use crate::sim::{Feed, Tap, Wire, read};

/// Draw one bot message as a bubble; returns what can be picked by number.
pub fn render(body: &Value, width: usize) -> (String, Vec<Tap>) {
    let width = width.clamp(30, 100);
    let (_, taps) = read(body);
    let mut lines: Vec<String> = Vec::new();
    let i = &body["interactive"];
    if let Some(t) = body["text"]["body"].as_str() {
        lines.extend(wrap(t, width - 4));
    }
    if let Some(h) = i["header"]["text"].as_str() {
        lines.extend(wrap(&format!("*{h}*"), width - 4));
    }
    if let Some(b) = i["body"]["text"].as_str() {
        lines.extend(wrap(b, width - 4));
    }
    if let Some(f) = i["footer"]["text"].as_str() {
        lines.extend(wrap(&format!("_{f}_"), width - 4));
    }
    let mut n = 0;
    if let Some(buttons) = i["action"]["buttons"].as_array() {
        lines.push(String::new());
        for b in buttons {
            n += 1;
            lines.push(format!(
                "[{n}] {}",
                clean(b["reply"]["title"].as_str().unwrap_or_default())
            ));
        }
    }
    // a cta_url (the online payment link): its label and where it goes
    if let Some(p) = i["action"]["parameters"]["url"].as_str() {
        let label = i["action"]["parameters"]["display_text"]
            .as_str()
            .unwrap_or_default();
        lines.push(String::new());
        lines.extend(wrap(
            &format!("🔗 {} → {}", clean(label), clean(p)),
            width - 4,
        ));
    }
    if let Some(sections) = i["action"]["sections"].as_array() {
        lines.push(String::new());
        lines.push(format!(
            "☰ {}",
            clean(i["action"]["button"].as_str().unwrap_or_default())
        ));
        for s in sections {
            if let Some(t) = s["title"].as_str().filter(|t| !t.is_empty()) {
                lines.push(format!("  {}", clean(t)));
            }
            for r in s["rows"].as_array().into_iter().flatten() {
                n += 1;
                lines.push(format!(
                    "  {n:>2}. {}",
                    clean(r["title"].as_str().unwrap_or_default())
                ));
                if let Some(d) = r["description"].as_str() {
                    lines.push(format!("      {}", clean(d)));
                }
            }
        }
    }
    let mut out = format!("╭{}\n", "─".repeat(width - 2));
    for l in lines {
        out.push_str("│ ");
        out.push_str(&l);
        out.push('\n');
    }
    out.push_str(&format!("╰{}", "─".repeat(width - 2)));
    (out, taps)
}

/// Wrap on spaces to `width` terminal cells (by `textwrap`), never inside a
/// character; a word longer than a line (a link) stays whole on its own line.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let options = textwrap::Options::new(width.max(1))
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .wrap_algorithm(textwrap::WrapAlgorithm::FirstFit)
        .break_words(false);
    text.split('\n')
        .flat_map(|para| {
            let para = clean(para);
            let lines = textwrap::wrap(&para, &options);
            if lines.is_empty() {
                vec![String::new()]
            } else {
                lines.into_iter().map(|l| l.into_owned()).collect()
            }
        })
        .collect()
}

/// What a typed line means.
#[derive(Debug, PartialEq)]
pub enum Typed {
    Pick(usize),
    Text(String),
    Location(f64, f64),
    Quit,
    Nothing,
}

/// A number picks from the last message's choices; `'2` sends "2" as text;
/// `/loc LAT LON` shares a location; `/quit` leaves.
pub fn parse_line(line: &str, choices: usize) -> Typed {
    let t = line.trim();
    if t.is_empty() {
        return Typed::Nothing;
    }
    if t == "/quit" || t == "/q" {
        return Typed::Quit;
    }
    if let Some(rest) = t.strip_prefix("/loc") {
        let nums: Vec<f64> = rest
            .split_whitespace()
            .filter_map(|n| n.parse().ok())
            .collect();
        if let [lat, lon] = nums[..] {
            return Typed::Location(lat, lon);
        }
    }
    if let Some(literal) = t.strip_prefix('\'') {
        return Typed::Text(literal.to_string());
    }
    match t.parse::<usize>() {
        Ok(n) if n >= 1 && n <= choices => Typed::Pick(n),
        _ => Typed::Text(t.to_string()),
    }
}

pub async fn run(args: ChatArgs) -> anyhow::Result<()> {
    let base = args.url.trim_end_matches('/').to_string();
    let wire = Wire::new(
        format!("{base}/webhook"),
        DEMO_APP_SECRET.as_bytes().to_vec(),
        Feed::Remote(format!("{base}/fake-graph")),
        DEMO_PHONE_NUMBER_ID.into(),
    );
    // start after whatever this number was sent before
    let mut seen = wire
        .messages(&args.phone, 0, Duration::ZERO)
        .await
        .map_err(|e| {
            anyhow::anyhow!("cannot reach the demo at {base} ({e}); start it with `maydanoz demo`")
        })?
        .iter()
        .map(|m| m.seq)
        .max()
        .unwrap_or(0);
    println!(
        "You are {} ({}). Type a message; a number picks a choice; '2 sends \"2\"; /loc LAT LON shares a location; /quit leaves.",
        args.name, args.phone
    );
    let mut customer =
        crate::sim::Customer::new(wire.clone(), args.phone.clone(), args.name.clone());
    customer.say("merhaba").await?;
    let mut taps: Vec<Tap> = Vec::new();
    let mut stdin = BufReader::new(tokio::io::stdin()).lines();
    loop {
        tokio::select! {
            got = wire.messages(&args.phone, seen, Duration::from_secs(25)) => {
                for m in got? {
                    seen = seen.max(m.seq);
                    let (bubble, t) = render(&m.body, 60);
                    println!("{bubble}");
                    if !t.is_empty() {
                        taps = t;
                    }
                }
            }
            line = stdin.next_line() => {
                let Some(line) = line? else { break };
                match parse_line(&line, taps.len()) {
                    Typed::Quit => break,
                    Typed::Nothing => {}
                    Typed::Pick(n) => customer.tap(&taps[n - 1]).await?,
                    Typed::Text(t) => customer.say(&t).await?,
                    Typed::Location(lat, lon) => customer.pin(lat, lon, "Konumum").await?,
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::reply::{Choice, Reply, Section};
    use crate::whatsapp::outbound::message_body;

    #[test]
    fn text_buttons_and_lists_render_as_bubbles() {
        let (text, taps) = render(
            &message_body(
                &crate::domain::CustomerId::parse("905").expect("a phone"),
                &Reply::text("Merhaba Ayşe! 🌯\nNe yersin?"),
                None,
            ),
            40,
        );
        assert!(
            text.contains("│ Merhaba Ayşe! 🌯") && text.contains("│ Ne yersin?"),
            "{text}"
        );
        assert!(taps.is_empty());
        let b = Reply::Buttons {
            body: "Sepetin: 2 ürün".into(),
            buttons: vec![
                Choice::new("menu", "📋 Menü"),
                Choice::new("cart", "🛒 Sepetim"),
                Choice::new("co", "✅ Sipariş ver"),
            ],
            header: None,
            footer: Some("Yardım: yardım".into()),
        };
        let (text, taps) = render(
            &message_body(
                &crate::domain::CustomerId::parse("905").expect("a phone"),
                &b,
                None,
            ),
            40,
        );
        assert!(
            text.contains("[1] 📋 Menü") && text.contains("[3] ✅ Sipariş ver"),
            "{text}"
        );
        assert!(text.contains("_Yardım: yardım_"));
        assert_eq!(taps.len(), 3);
        assert_eq!(taps[2].id, "co");
        let l = Reply::List {
            body: "Bir kategori seç".into(),
            button: "Kategoriler".into(),
            sections: vec![Section {
                title: "Menü".into(),
                rows: vec![
                    Choice::new("cat:1", "Dürümler").with_description("Tavuk, et, Adana"),
                    Choice::new("cat:2", "İçecekler"),
                ],
            }],
            header: Some("Maydanoz Döner".into()),
            footer: None,
        };
        let (text, taps) = render(
            &message_body(
                &crate::domain::CustomerId::parse("905").expect("a phone"),
                &l,
                None,
            ),
            40,
        );
        assert!(
            text.contains("*Maydanoz Döner*") && text.contains("☰ Kategoriler"),
            "{text}"
        );
        assert!(
            text.contains(" 1. Dürümler")
                && text.contains("Tavuk, et, Adana")
                && text.contains(" 2. İçecekler"),
            "{text}"
        );
        assert!(taps.iter().all(|t| t.row));
        // customer-controlled text cannot carry escape sequences into the terminal
        let (text, _) = render(
            &message_body(
                &crate::domain::CustomerId::parse("905").expect("a phone"),
                &Reply::text("a\u{1b}[2Jb"),
                None,
            ),
            40,
        );
        assert!(!text.contains('\u{1b}'));
    }

    #[test]
    fn typed_lines() {
        assert_eq!(parse_line("2", 3), Typed::Pick(2));
        assert_eq!(parse_line("4", 3), Typed::Text("4".into()));
        assert_eq!(parse_line("'2", 3), Typed::Text("2".into()));
        assert_eq!(parse_line("menü", 3), Typed::Text("menü".into()));
        assert_eq!(
            parse_line("/loc 40.99 29.03", 0),
            Typed::Location(40.99, 29.03)
        );
        assert_eq!(parse_line("  ", 0), Typed::Nothing);
        assert_eq!(parse_line("/quit", 0), Typed::Quit);
    }

    #[test]
    fn wrapping_keeps_characters_whole() {
        let w = wrap("Çiğ köfte dürüm çok güzel şşşşşşş", 10);
        assert!(w.iter().all(|l| l.chars().count() <= 16), "{w:?}");
        assert_eq!(w.join(" "), "Çiğ köfte dürüm çok güzel şşşşşşş");
    }
}
