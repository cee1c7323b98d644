//! CSV for files people open in a spreadsheet, written by the `csv` crate
//! (RFC 4180: a field is quoted when it holds a comma, a quote, CR or LF;
//! quotes inside are doubled; lines end in CRLF). What is ours:
//!
//! - UTF-8 with a byte-order mark, so Excel shows "Dürüm" and "İskender"
//!   instead of mojibake.
//! - Text cells that a spreadsheet would run as a formula (starting with `=`,
//!   `+`, `-`, `@`, tab or CR: a customer's name or note is theirs to choose)
//!   get a leading `'`, OWASP's advice against CSV injection. Numbers are
//!   written as numbers and never prefixed, so negative amounts stay numbers.

use std::borrow::Cow;

/// The byte-order mark that tells spreadsheets the file is UTF-8.
pub const BOM: &str = "\u{feff}";

/// One cell: text (customer or operator words) or a number we produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    Num(String),
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }
}
impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}
impl From<i64> for Cell {
    fn from(n: i64) -> Cell {
        Cell::Num(n.to_string())
    }
}
impl From<u64> for Cell {
    fn from(n: u64) -> Cell {
        Cell::Num(n.to_string())
    }
}

/// A CSV document being built in memory.
#[derive(Debug)]
pub struct Csv {
    out: csv::Writer<Vec<u8>>,
}

impl Default for Csv {
    fn default() -> Csv {
        Csv::starting(Vec::new())
    }
}

impl Csv {
    fn starting(bytes: Vec<u8>) -> Csv {
        Csv {
            out: csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .quote_style(csv::QuoteStyle::Necessary)
                // rows of a report and its total line differ in length
                .flexible(true)
                .from_writer(bytes),
        }
    }

    /// A document starting with the BOM and a header row.
    pub fn with_header(names: &[&str]) -> Csv {
        let mut c = Csv::starting(BOM.as_bytes().to_vec());
        c.row(names.iter().map(|n| Cell::from(*n)).collect());
        c
    }

    pub fn row(&mut self, cells: Vec<Cell>) {
        let fields: Vec<Cow<'_, str>> = cells
            .iter()
            .map(|c| match c {
                Cell::Num(n) => Cow::Borrowed(n.as_str()),
                Cell::Text(t) => defused(t),
            })
            .collect();
        // Writing into memory fails only on rows of unequal length, which `flexible` allows.
        if let Err(e) = self.out.write_record(fields.iter().map(|f| f.as_bytes())) {
            tracing::error!("csv row not written: {e}");
        }
    }

    /// What was built so far, leaving the document empty: rows written out as
    /// they come instead of held.
    pub fn take(&mut self) -> String {
        let done = std::mem::replace(self, Csv::starting(Vec::new()));
        match done.out.into_inner() {
            Ok(bytes) => text(bytes),
            Err(e) => {
                tracing::error!("csv not flushed: {}", e.error());
                String::new()
            }
        }
    }

    pub fn finish(mut self) -> String {
        self.take()
    }
}

/// The bytes of whole `&str` fields and ASCII punctuation: always UTF-8.
fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// A text cell a spreadsheet would run as a formula, with a leading `'`.
fn defused(t: &str) -> Cow<'_, str> {
    if t.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{t}"))
    } else {
        Cow::Borrowed(t)
    }
}

/// Money as a plain decimal with a dot ("120.50", "-3.00"): a number every
/// spreadsheet reads, whatever the locale's own decimal mark.
pub fn money(minor: i64) -> Cell {
    Cell::Num(crate::domain::Money::from_minor(minor).to_plain())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(cells: Vec<Cell>) -> String {
        let mut c = Csv::default();
        c.row(cells);
        c.finish()
    }

    #[test]
    fn plain_cells_stay_plain_and_turkish_letters_pass() {
        assert_eq!(
            line(vec!["İskender".into(), "Çağrı Öztürk".into(), 3i64.into()]),
            "İskender,Çağrı Öztürk,3\r\n"
        );
    }

    #[test]
    fn commas_quotes_and_newlines_are_quoted() {
        assert_eq!(
            line(vec!["Acılı, Soğansız".into()]),
            "\"Acılı, Soğansız\"\r\n"
        );
        assert_eq!(line(vec!["12\" pide".into()]), "\"12\"\" pide\"\r\n");
        assert_eq!(
            line(vec!["kat 3\nzil yok".into()]),
            "\"kat 3\nzil yok\"\r\n"
        );
        assert_eq!(line(vec![" boşluk ".into()]), " boşluk \r\n");
        assert_eq!(line(vec!["".into(), "".into()]), ",\r\n");
    }

    #[test]
    fn formula_cells_are_defused_but_numbers_are_not() {
        assert_eq!(
            line(vec!["=HYPERLINK(\"x\")".into()]),
            "\"'=HYPERLINK(\"\"x\"\")\"\r\n"
        );
        assert_eq!(line(vec!["+90 555".into()]), "'+90 555\r\n");
        assert_eq!(line(vec!["-1+1".into()]), "'-1+1\r\n");
        assert_eq!(line(vec!["@SUM(A1)".into()]), "'@SUM(A1)\r\n");
        assert_eq!(line(vec![money(-300), (-2i64).into()]), "-3.00,-2\r\n");
    }

    #[test]
    fn the_document_starts_with_a_bom_and_the_header() {
        let c = Csv::with_header(&["a", "b"]).finish();
        assert!(c.starts_with('\u{feff}'));
        assert_eq!(&c[3..], "a,b\r\n");
        assert_eq!(money(12050), Cell::Num("120.50".into()));
        assert_eq!(money(5), Cell::Num("0.05".into()));
    }
}
