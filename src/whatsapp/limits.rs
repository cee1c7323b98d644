//! Meta's size limits for outgoing messages, and the one measure they are held to. The
//! bot writes replies to these numbers ([`crate::bot`]'s render pass), the message builder
//! cuts to them and the checker (the fake Graph API's, and the bot's tests) refuses what
//! exceeds them ([`crate::whatsapp::outbound`]): one table, one measure, so they can
//! never disagree.
//!
//! What we rely on: the project's WhatsApp reference (§5.2 message bodies, §6 limits
//! table) gives these numbers and says "count characters as the API does (Unicode code
//! points; emoji can be multiple) — leave margin". We measure in UTF-16 code units
//! ([`utf16_len`]): never fewer than code points, an emoji outside the Basic Multilingual
//! Plane counts two (a joined emoji sequence more), so an emoji label can never measure
//! short; Turkish letters, all in the BMP, still count one each. Where the reference's
//! sources disagree (list body 4096 now, 1024 in older docs) we send the smaller.

use crate::domain::text;

/// `text.body`.
pub(crate) const TEXT_BODY: usize = 4096;
/// `interactive.body.text` of a reply-button message (and cta_url, product messages).
pub(crate) const BUTTON_BODY: usize = 1024;
/// `interactive.body.text` of a list message as Meta checks it today.
pub(crate) const LIST_BODY: usize = 4096;
/// What we send as a list body: older docs say 1024, so staying under it is safe either way.
pub(crate) const LIST_BODY_SAFE: usize = 1024;
/// `interactive.header.text` (header type `text`).
pub(crate) const HEADER_TEXT: usize = 60;
/// `interactive.footer.text`.
pub(crate) const FOOTER_TEXT: usize = 60;
/// Reply buttons per message.
pub(crate) const MAX_BUTTONS: usize = 3;
/// `reply.title`; titles must also be unique within the message.
pub(crate) const BUTTON_TITLE: usize = 20;
/// `reply.id`.
pub(crate) const BUTTON_ID: usize = 256;
/// `action.button`, the label that opens a list.
pub(crate) const LIST_BUTTON: usize = 20;
/// Sections per list.
pub(crate) const MAX_SECTIONS: usize = 10;
/// Rows across all sections of a list.
pub(crate) const MAX_ROWS: usize = 10;
/// `sections[].title`.
pub(crate) const SECTION_TITLE: usize = 24;
/// `rows[].title`.
pub(crate) const ROW_TITLE: usize = 24;
/// `rows[].description`.
pub(crate) const ROW_DESCRIPTION: usize = 72;
/// `rows[].id`.
pub(crate) const ROW_ID: usize = 200;
/// `cta_url` `display_text` and a Flow's `flow_cta`.
pub(crate) const CTA_TEXT: usize = 20;
/// Products across the sections of a `product_list` message.
pub(crate) const MAX_PRODUCTS: usize = 30;
/// `biz_opaque_callback_data` (Meta's send API documents 512 characters).
pub(crate) const CALLBACK_DATA: usize = 512;

/// The length Meta's limits are checked against (see the module docs).
pub(crate) fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// How many leading characters of `s` fit in `max` units.
fn chars_fitting(s: &str, max: usize) -> usize {
    let mut used = 0;
    s.chars()
        .take_while(|c| {
            used += c.len_utf16();
            used <= max
        })
        .count()
}

/// Display text cut to `max` units on a character boundary, with `…` when something was cut
/// (like [`text::cut`], but measured in the units Meta's limits use).
pub(crate) fn fit_utf16(s: &str, max: usize) -> String {
    if utf16_len(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let keep = chars_fitting(s, max - 1);
    let mut out = text::cut_plain(s, keep).trim_end().to_string();
    out.push('…');
    out
}

/// An id cut to `max` units on a character boundary, without an ellipsis.
pub(crate) fn fit_id_utf16(s: &str, max: usize) -> String {
    text::cut_plain(s, chars_fitting(s, max))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_times_offered_ahead_fit_one_list() {
        assert_eq!(crate::domain::ahead::MAX_SLOTS, MAX_ROWS);
    }

    #[test]
    fn utf16_len_counts_utf16_units() {
        assert_eq!(utf16_len("İptal şğü"), 9);
        assert_eq!(utf16_len("🌯"), 2);
        assert_eq!(utf16_len(""), 0);
    }

    #[test]
    fn fit_utf16_cuts_on_char_boundaries_with_an_ellipsis() {
        assert_eq!(fit_utf16("Kısa", 20), "Kısa");
        assert_eq!(
            fit_utf16("Çiğ Köfte Dürüm Büyük Boy", 20),
            "Çiğ Köfte Dürüm Büy…"
        );
        assert_eq!(utf16_len(&fit_utf16("Çiğ Köfte Dürüm Büyük Boy", 20)), 20);
        // an emoji never gets split and never pushes past the limit
        assert_eq!(fit_utf16("🌯🌯🌯", 4), "🌯…");
        assert_eq!(fit_utf16("🌯🌯", 3), "🌯…");
        assert_eq!(fit_utf16("ab🌯", 3), "ab…");
        assert_eq!(fit_utf16("abc", 0), "");
        assert_eq!(fit_utf16("ab cd", 4), "ab…");
    }

    #[test]
    fn fit_id_utf16_keeps_a_prefix() {
        assert_eq!(fit_id_utf16("item:şiş_kebap", 7), "item:şi");
        assert_eq!(fit_id_utf16("🌯🌯🌯", 5), "🌯🌯");
        assert_eq!(fit_id_utf16("abc", 10), "abc");
    }
}
