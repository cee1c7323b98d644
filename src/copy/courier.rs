//! Texts that get the courier to the door: a shared pin and the door question
//! after it, an address asked again with an example, a saved address with its
//! pin, a note cut to its limit.

use super::pick;
use crate::domain::Lang;

/// A pin whose coordinates cannot be a place (off the globe, 0,0): nothing kept.
pub fn pin_invalid(lang: Lang) -> String {
    pick(
        lang,
        "📍 Bu konum geçersiz görünüyor (enlem/boylam dünya üzerinde değil); kaydetmedik. \
         Konumunu yeniden paylaşır mısın ya da adresini yazar mısın?",
        "📍 That location cannot be right (its coordinates are not on the map); we did not keep it. \
         Please share it again or type your address.",
    )
}

/// The address text of a pin that came without a name and with no door typed
/// after it. No emoji: it is printed on a receipt printer (PC857) too.
pub fn pin_address(lang: Lang) -> String {
    pick(lang, "Paylaşılan konum", "Shared location")
}

/// Asked once after a pin: the building, door and floor the map cannot show.
pub fn door_prompt(lang: Lang) -> String {
    pick(
        lang,
        "📍 Konumunu aldık, teşekkürler! Kuryenin kapıyı bulması için bina / kapı no, kat ve \
         daireyi yazar mısın? (ör. “No 12, Kat 3, Daire 5”)",
        "📍 Got your location, thanks! So the courier finds the door: building / door number, \
         floor and flat? (e.g. “No 12, floor 3, flat 5”)",
    )
}

/// A pin sent after a typed address: the address stays, the pin is added to it.
pub fn pin_added(lang: Lang) -> String {
    pick(
        lang,
        "📍 Konumunu adresine ekledik; kurye haritada da görecek.",
        "📍 Your location is added to your address; the courier sees it on the map too.",
    )
}

/// The summary's mark that the courier has a map pin.
pub fn pin_line(lang: Lang) -> String {
    pick(lang, "📍 Konum paylaşıldı", "📍 Location shared")
}

/// A typed address too short or without anything an address has: asked once
/// more, with an example; the next answer is taken as it is.
/// The example names `city` (the shop's own, from `restaurant.address`) or none.
pub fn address_again(lang: Lang, too_short: bool, city: Option<&str>) -> String {
    let why = match (lang, too_short) {
        (Lang::Tr, true) => "Bu adres çok kısa.",
        (Lang::Tr, false) => "Bunu adres olarak okuyamadık.",
        (Lang::En, true) => "That address is too short.",
        (Lang::En, false) => "We could not read that as an address.",
    };
    let city = city.map(|c| format!(", {c}")).unwrap_or_default();
    let ask = match lang {
        Lang::Tr => format!(
            " Mahalle, sokak/cadde, kapı no ve daireyi yazar mısın? \
             Örnek: “Cumhuriyet Mah. Atatürk Cad. No:12 D:3{city}” — ya da konumunu paylaş."
        ),
        Lang::En => format!(
            " Please write the street, number and flat, e.g. \
             “Atatürk Cad. No:12 Flat 3{city}” — or share your location."
        ),
    };
    format!("{why}{ask}")
}

/// A note longer than the limit was cut: what was kept, from its start.
pub fn note_cut(lang: Lang, max: usize, kept_start: &str) -> String {
    match lang {
        Lang::Tr => format!(
            "📝 Notun {max} karakterden uzundu; ilk {max} karakterini aldık: “{kept_start}”"
        ),
        Lang::En => format!(
            "📝 Your note was longer than {max} characters; we kept the first {max}: “{kept_start}”"
        ),
    }
}

/// The saved-address question: each one numbered in full, to tap below.
pub fn saved_addresses(lang: Lang, numbered: &str) -> String {
    match lang {
        Lang::Tr => format!(
            "📍 Teslimat adresi? Kayıtlı adresine dokun, yeni adresini yaz ya da konumunu paylaş.\n{numbered}"
        ),
        Lang::En => format!(
            "📍 Delivery address? Tap a saved one, type a new one or share your location.\n{numbered}"
        ),
    }
}

/// "Gerek yok": no door to add (a house, or the pin says it all).
pub fn door_skip_label(lang: Lang) -> String {
    pick(lang, "Gerek yok", "Not needed")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn button_label_fits() {
        for l in [Lang::Tr, Lang::En] {
            assert!(door_skip_label(l).chars().count() <= 20);
        }
    }
}
