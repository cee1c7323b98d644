//! Aligned plain-text tables that count display width, not bytes (₺, ş, emoji).

use unicode_width::UnicodeWidthStr;

/// Columns whose index is in `right` are right-aligned (amounts).
pub struct Table {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    right: Vec<usize>,
}

impl Table {
    pub fn new(headers: &[&str]) -> Table {
        Table {
            headers: headers.iter().map(|h| (*h).to_string()).collect(),
            rows: Vec::new(),
            right: Vec::new(),
        }
    }

    pub fn right(mut self, cols: &[usize]) -> Table {
        self.right = cols.to_vec();
        self
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(
            cells
                .into_iter()
                .map(|c| crate::domain::text::clean(&c))
                .collect(),
        );
    }

    pub fn render(&self) -> String {
        let n = self.headers.len();
        let mut widths: Vec<usize> = self.headers.iter().map(|h| h.width()).collect();
        for r in &self.rows {
            for (i, c) in r.iter().enumerate().take(n) {
                widths[i] = widths[i].max(c.width());
            }
        }
        let mut out = String::new();
        for line in std::iter::once(&self.headers).chain(self.rows.iter()) {
            let mut cells = Vec::with_capacity(n);
            for (i, w) in widths.iter().enumerate() {
                let c = line.get(i).map_or("", String::as_str);
                let pad = " ".repeat(w.saturating_sub(c.width()));
                cells.push(if self.right.contains(&i) {
                    format!("{pad}{c}")
                } else {
                    format!("{c}{pad}")
                });
            }
            out.push_str(cells.join("  ").trim_end());
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn aligns_by_display_width() {
        let mut t = super::Table::new(&["NAME", "PRICE"]).right(&[1]);
        t.row(vec!["Şiş".into(), "120,00 ₺".into()]);
        t.row(vec!["Ayran".into(), "25,00 ₺".into()]);
        assert_eq!(
            t.render(),
            "NAME   PRICE\nŞiş    120,00 ₺\nAyran   25,00 ₺\n".replace("PRICE", "   PRICE")
        );
    }
}
