//! The browser board's sign-in link, `URL/board#token=TOKEN`, and its QR code
//! drawn with Unicode half blocks, for `kds token create NAME --link`. The
//! token is in the fragment (after `#`), which a browser never sends to a
//! server, so it reaches no log; the page keeps it and removes it from the
//! address bar.

/// `base` (e.g. `https://shop.example.com`, a trailing `/` or not) + `/board#token=…`.
pub fn url(base: &str, token: &str) -> String {
    format!("{}/board#token={token}", base.trim_end_matches('/'))
}

/// `http://HOSTNAME:PORT` for this machine and `server.bind`'s port, when no
/// URL is given (a shop's LAN; behind an HTTPS proxy give its address instead).
pub fn this_host(bind: &str) -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "localhost".to_string());
    match bind.rsplit_once(':').map(|(_, p)| p) {
        Some(port) if port != "80" => format!("http://{host}:{port}"),
        _ => format!("http://{host}"),
    }
}

/// The QR code of `text` for a terminal: dark modules as the terminal's
/// background, with a quiet zone, two rows per character.
pub fn qr(text: &str) -> anyhow::Result<String> {
    use qrcode::render::unicode::Dense1x2;
    let code = qrcode::QrCode::new(text.as_bytes())?;
    let mut s = code
        .render::<Dense1x2>()
        .dark_color(Dense1x2::Light)
        .light_color(Dense1x2::Dark)
        .quiet_zone(true)
        .build();
    s.push('\n');
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_link_carries_the_token_in_the_fragment() {
        assert_eq!(
            url("https://shop.example.com/", "ab12"),
            "https://shop.example.com/board#token=ab12"
        );
        assert!(this_host("0.0.0.0:8080").ends_with(":8080"));
    }

    #[test]
    fn the_qr_code_is_square_blocks() {
        let q = qr("https://shop.example.com/board#token=ab12").expect("qr");
        let lines: Vec<&str> = q.lines().collect();
        assert!(lines.len() > 10);
        let width = lines[0].chars().count();
        assert!(lines.iter().all(|l| l.chars().count() == width));
    }
}
