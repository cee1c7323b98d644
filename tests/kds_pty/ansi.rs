//! Reads `capture-pane -e` output back into cells with their foreground colour
//! and attributes, so a test can ask "is this text red or blinking?" rather
//! than grep for one spelling of a sequence. tmux carries the style from one
//! line to the next, so the whole capture is one stream.

/// The style a cell was drawn with (only what the tests look at).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Style {
    /// The SGR parameters that set the foreground, e.g. "31", "91", "38;5;1"; `None` is the default.
    pub fg: Option<String>,
    pub blink: bool,
    pub reverse: bool,
}

impl Style {
    /// Red in any of the spellings tmux may use (8-colour, bright, 256-colour 1/9/196).
    pub fn is_red(&self) -> bool {
        matches!(
            self.fg.as_deref(),
            Some("31" | "91" | "38;5;1" | "38;5;9" | "38;5;196")
        ) || self
            .fg
            .as_deref()
            .is_some_and(|f| f.starts_with("38;2;") && rgb_red(f))
    }
}

fn rgb_red(f: &str) -> bool {
    let v: Vec<u32> = f
        .split(';')
        .skip(2)
        .filter_map(|x| x.parse().ok())
        .collect();
    matches!(v[..], [r, g, b] if r >= 128 && g < 64 && b < 64)
}

/// One character on the screen and its style.
#[derive(Debug, Clone)]
pub struct Cell {
    pub ch: char,
    pub style: Style,
}

/// Apply one SGR parameter list to `s`.
fn apply(s: &mut Style, params: &str) {
    let p: Vec<&str> = params.split(';').collect();
    let mut i = 0;
    while i < p.len() {
        match p[i] {
            "" | "0" => *s = Style::default(),
            "5" | "6" => s.blink = true,
            "25" => s.blink = false,
            "7" => s.reverse = true,
            "27" => s.reverse = false,
            "39" => s.fg = None,
            "38" => {
                let n = if p.get(i + 1) == Some(&"2") { 5 } else { 3 };
                let end = (i + n).min(p.len());
                s.fg = Some(p[i..end].join(";"));
                i = end;
                continue;
            }
            "48" | "58" => {
                i += if p.get(i + 1) == Some(&"2") { 5 } else { 3 };
                continue;
            }
            c if c.len() == 2 && (c.starts_with('3') || c.starts_with('9')) && c != "38" => {
                s.fg = Some(c.to_string());
            }
            _ => {}
        }
        i += 1;
    }
}

/// The capture as lines of cells. Non-SGR escape sequences are skipped.
pub fn parse(raw: &str) -> Vec<Vec<Cell>> {
    let mut lines = vec![Vec::new()];
    let mut style = Style::default();
    let mut it = raw.chars().peekable();
    while let Some(c) = it.next() {
        match c {
            '\u{1b}' if it.peek() == Some(&'[') => {
                it.next();
                let mut params = String::new();
                let mut end = None;
                for d in it.by_ref() {
                    if ('\u{40}'..='\u{7e}').contains(&d) {
                        end = Some(d);
                        break;
                    }
                    params.push(d);
                }
                if end == Some('m') {
                    apply(&mut style, &params);
                }
            }
            '\n' => lines.push(Vec::new()),
            c => lines.last_mut().map_or((), |l| {
                l.push(Cell {
                    ch: c,
                    style: style.clone(),
                })
            }),
        }
    }
    lines
}

/// The text of a line of cells.
pub fn text(line: &[Cell]) -> String {
    line.iter().map(|c| c.ch).collect()
}

/// The cells of the first occurrence of `needle` on any line, if any.
pub fn find<'a>(lines: &'a [Vec<Cell>], needle: &str) -> Option<&'a [Cell]> {
    let n = needle.chars().count();
    lines.iter().find_map(|l| {
        let chars: Vec<char> = l.iter().map(|c| c.ch).collect();
        let at = chars
            .windows(n)
            .position(|w| w.iter().copied().eq(needle.chars()))?;
        Some(&l[at..at + n])
    })
}

#[test]
fn the_parser_reads_tmux_spellings() {
    let raw = "a\u{1b}[1m\u{1b}[31mRED\u{1b}[0m\u{1b}[39m \u{1b}[5mB\u{1b}[0m\n\u{1b}[38;5;196mX\u{1b}[7mY";
    let lines = parse(raw);
    assert_eq!(text(&lines[0]), "aRED B");
    assert!(
        find(&lines, "RED")
            .expect("RED")
            .iter()
            .all(|c| c.style.is_red())
    );
    assert!(!lines[0][0].style.is_red());
    assert!(find(&lines, "B").expect("B")[0].style.blink);
    assert!(lines[1][0].style.is_red() && !lines[1][0].style.reverse);
    assert!(
        lines[1][1].style.reverse && lines[1][1].style.is_red(),
        "the style carries on"
    );
    assert!(find(&lines, "nope").is_none());
}
