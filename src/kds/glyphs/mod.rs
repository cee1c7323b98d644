//! Which symbols the screen can show. A Raspberry Pi on the kitchen wall often
//! runs the board on the Linux console (`TERM=linux`), whose kernel fonts carry
//! a few hundred characters: Latin (Turkish included), box drawing, arrows —
//! but not `⏎` or `₺`, which show as a replacement box there. On that console
//! the board and the CLI use words instead ("Enter", "TL").
//!
//! The reference is Debian's default console font, `Lat15-Fixed16.psf.gz`
//! from the `console-setup-linux` package (what `setupcon` loads for a Latin
//! locale with the default 8×16 "Fixed" face, and what Raspberry Pi OS uses):
//! its Unicode table, one code point per line, is `lat15_fixed16.txt`.
//! Reads the environment only in [`Glyphs::detect`].

use std::sync::OnceLock;

/// The code points of Lat15-Fixed16's Unicode table (hex, one per line).
const LAT15_FIXED16: &str = include_str!("lat15_fixed16.txt");

/// Whether the Linux console's default font has a glyph for `c`.
pub(crate) fn in_console_font(c: char) -> bool {
    static TABLE: OnceLock<Vec<u32>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        LAT15_FIXED16
            .lines()
            .filter_map(|l| u32::from_str_radix(l.trim(), 16).ok())
            .collect()
    });
    table.binary_search(&u32::from(c)).is_ok()
}

/// The symbol set for the terminal the board runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Glyphs {
    /// A terminal emulator with a full font: `⏎`, `₺`.
    #[default]
    Unicode,
    /// The Linux console: only what its kernel font carries.
    Console,
}

impl Glyphs {
    /// From `$TERM`: `linux` is the kernel console.
    pub(crate) fn detect() -> Glyphs {
        Glyphs::for_term(std::env::var("TERM").ok().as_deref())
    }

    /// The set for a `TERM` value.
    pub(crate) fn for_term(term: Option<&str>) -> Glyphs {
        match term {
            Some("linux") => Glyphs::Console,
            _ => Glyphs::Unicode,
        }
    }

    /// The Enter key's label in key hints.
    pub(crate) fn enter(self) -> &'static str {
        match self {
            Glyphs::Unicode => "⏎",
            Glyphs::Console => "Enter",
        }
    }

    /// The mark of a delivery whose customer shared a map pin: the pin emoji,
    /// or on the console a filled circle (its font has `●`, not `📍`).
    pub(crate) fn pin(self) -> &'static str {
        match self {
            Glyphs::Unicode => "📍",
            Glyphs::Console => "●",
        }
    }

    /// A currency symbol that this terminal can show: the symbol itself, or
    /// the word for it ("TL" for `₺`) when the console font lacks it.
    pub(crate) fn currency(self, symbol: &str) -> String {
        if self == Glyphs::Unicode || symbol.chars().all(in_console_font) {
            return symbol.to_string();
        }
        match symbol {
            "₺" => "TL".to_string(),
            other => other.chars().filter(char::is_ascii).collect(),
        }
    }
}

#[cfg(test)]
mod tests;
