//! A small ESC/POS encoder: the handful of commands a receipt needs (init, code
//! page, bold, double size, alignment, feed, QR code, cut) and text in code page
//! PC857 (Turkish), which Epson-compatible printers select with `ESC t 13`.
//!
//! Hand-written rather than the `escpos` crate: that crate encodes text through
//! `encoding_rs`, whose WHATWG encodings have no DOS code pages (no CP857), and
//! its drivers write synchronously; what is needed here is about a hundred lines.

/// `ESC t n` selects the character table; 13 is PC857 (Turkish) on Epson-compatible printers.
pub(crate) const CODE_PAGE_PC857: u8 = 13;

/// The cut command (`GS V 66 0`: feed to the cutter, then cut), which also ends a job.
pub(crate) const CUT: [u8; 4] = [0x1d, 0x56, 0x42, 0x00];

/// Bytes for one printed document, built command by command.
#[derive(Debug, Default, Clone)]
pub(crate) struct Doc {
    bytes: Vec<u8>,
}

/// Horizontal alignment (`ESC a n`).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Align {
    Left = 0,
    Center = 1,
}

impl Doc {
    /// `ESC @` (reset) and `ESC t 13` (PC857).
    pub(crate) fn new() -> Doc {
        let mut d = Doc::default();
        d.bytes
            .extend_from_slice(&[0x1b, 0x40, 0x1b, 0x74, CODE_PAGE_PC857]);
        d
    }

    pub(crate) fn bold(&mut self, on: bool) -> &mut Doc {
        self.bytes.extend_from_slice(&[0x1b, 0x45, u8::from(on)]);
        self
    }

    /// `GS ! n`: double width and height, or normal.
    pub(crate) fn double(&mut self, on: bool) -> &mut Doc {
        self.bytes
            .extend_from_slice(&[0x1d, 0x21, if on { 0x11 } else { 0x00 }]);
        self
    }

    pub(crate) fn align(&mut self, a: Align) -> &mut Doc {
        self.bytes.extend_from_slice(&[0x1b, 0x61, a as u8]);
        self
    }

    /// One line of text: control characters (which could be printer commands
    /// hidden in customer text) become spaces; the rest is encoded to PC857.
    pub(crate) fn line(&mut self, text: &str) -> &mut Doc {
        for c in text.chars() {
            match c {
                '…' => self.bytes.extend_from_slice(b"..."),
                c if c.is_control() => self.bytes.push(b' '),
                c => self.bytes.push(cp857(c)),
            }
        }
        self.bytes.push(b'\n');
        self
    }

    /// `ESC d n`: feed n lines.
    pub(crate) fn feed(&mut self, n: u8) -> &mut Doc {
        self.bytes.extend_from_slice(&[0x1b, 0x64, n]);
        self
    }

    /// A QR code (model 2, module size 6, error correction M) of `data` via `GS ( k`.
    pub(crate) fn qr(&mut self, data: &str) -> &mut Doc {
        let data = data.as_bytes();
        // the store command carries at most 7089 bytes; a map link is far shorter
        let data = &data[..data.len().min(7_000)];
        let gs_k = |b: &mut Vec<u8>, body: &[u8]| {
            let n = u16::try_from(body.len()).unwrap_or(u16::MAX).to_le_bytes();
            b.extend_from_slice(&[0x1d, 0x28, 0x6b, n[0], n[1]]);
            b.extend_from_slice(body);
        };
        gs_k(&mut self.bytes, &[0x31, 0x41, 0x32, 0x00]); // model 2
        gs_k(&mut self.bytes, &[0x31, 0x43, 0x06]); // module size
        gs_k(&mut self.bytes, &[0x31, 0x45, 0x31]); // error correction M
        let mut store = vec![0x31, 0x50, 0x30];
        store.extend_from_slice(data);
        gs_k(&mut self.bytes, &store);
        gs_k(&mut self.bytes, &[0x31, 0x51, 0x30]); // print it
        self
    }

    /// Feed and cut; the document is finished.
    pub(crate) fn cut(mut self) -> Vec<u8> {
        self.feed(3);
        self.bytes.extend_from_slice(&CUT);
        self.bytes
    }
}

/// One character in PC857; what the code page lacks prints as `?`.
pub(crate) fn cp857(c: char) -> u8 {
    if c.is_ascii() {
        return c as u8;
    }
    match c {
        'Ç' => 0x80,
        'ü' => 0x81,
        'é' => 0x82,
        'â' => 0x83,
        'ä' => 0x84,
        'à' => 0x85,
        'å' => 0x86,
        'ç' => 0x87,
        'ê' => 0x88,
        'ë' => 0x89,
        'è' => 0x8a,
        'ï' => 0x8b,
        'î' => 0x8c,
        'ı' => 0x8d,
        'Ä' => 0x8e,
        'Å' => 0x8f,
        'É' => 0x90,
        'æ' => 0x91,
        'Æ' => 0x92,
        'ô' => 0x93,
        'ö' => 0x94,
        'ò' => 0x95,
        'û' => 0x96,
        'ù' => 0x97,
        'İ' => 0x98,
        'Ö' => 0x99,
        'Ü' => 0x9a,
        'ø' => 0x9b,
        '£' => 0x9c,
        'Ø' => 0x9d,
        'Ş' => 0x9e,
        'ş' => 0x9f,
        'á' => 0xa0,
        'í' => 0xa1,
        'ó' => 0xa2,
        'ú' => 0xa3,
        'ñ' => 0xa4,
        'Ñ' => 0xa5,
        'Ğ' => 0xa6,
        'ğ' => 0xa7,
        'Â' => 0xb6,
        'À' => 0xb7,
        'Î' => 0xd7,
        'Ô' => 0xe2,
        'Û' => 0xea,
        'Ù' => 0xeb,
        _ => b'?',
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turkish_letters_map_to_pc857() {
        let got: Vec<u8> = "şŞğĞıİçÇöÖüÜ".chars().map(cp857).collect();
        assert_eq!(
            got,
            [
                0x9f, 0x9e, 0xa7, 0xa6, 0x8d, 0x98, 0x87, 0x80, 0x94, 0x99, 0x81, 0x9a
            ]
        );
        assert_eq!(cp857('a'), b'a');
        assert_eq!(cp857('₺'), b'?');
    }

    #[test]
    fn control_characters_cannot_reach_the_printer() {
        let mut d = Doc::default();
        d.line("a\x1b\x1dV\x00b");
        assert_eq!(d.cut()[..7], *b"a  V b\n");
    }

    #[test]
    fn document_starts_with_init_and_code_page_and_ends_with_cut() {
        let mut d = Doc::new();
        d.line("x");
        let b = d.cut();
        assert_eq!(b[..5], [0x1b, 0x40, 0x1b, 0x74, 13]);
        assert_eq!(b[b.len() - 4..], CUT);
    }

    #[test]
    fn qr_store_command_carries_the_length() {
        let mut d = Doc::default();
        d.qr("https://x.y/z");
        let b = d.cut();
        let store = b
            .windows(3)
            .position(|w| w == [0x31, 0x50, 0x30])
            .unwrap_or(0);
        // pL pH just before: data (13) + 3
        assert_eq!(b[store - 2..store], [16, 0]);
        assert_eq!(&b[store + 3..store + 16], b"https://x.y/z");
    }
}
