//! `/board`: the kitchen board as one web page for a tablet or any screen
//! with a browser. The HTML, CSS and JavaScript are embedded in the binary
//! (no build step, no CDN) and the page talks only to the `/kds/v1/` routes a
//! terminal display uses, with the same whole-board events, so every screen
//! agrees. Its sign-in is the display token from `kds token create --link`
//! (kept in the browser's storage); its event stream uses a short-lived
//! ticket (see `kds_api::ticket`). Every answer here carries a strict
//! Content-Security-Policy: only this origin's script and style, no inline code.

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::AppState;

const HTML: &str = include_str!("board.html");
const CSS: &str = include_str!("board.css");
const JS: &str = include_str!("board.js");
const MANIFEST: &str = include_str!("manifest.webmanifest");
const ICON: &str = include_str!("icon.svg");
static CHIME: &[u8] = include_bytes!("../../../sounds/new-order.wav");

/// The page may load its own script, style, sound and icon and talk to its own
/// origin; nothing inline, nothing from elsewhere, never inside a frame.
pub(crate) const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
img-src 'self'; media-src 'self'; connect-src 'self'; manifest-src 'self'; \
base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// The longest the page waits between two chimes of an unacknowledged order.
const MAX_REPEAT_SECONDS: u32 = 5;

/// The page and its assets.
pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/board", get(page))
        .route("/board/", get(page))
        .route(
            "/board/board.js",
            get(|| asset("text/javascript; charset=utf-8", JS)),
        )
        .route(
            "/board/board.css",
            get(|| asset("text/css; charset=utf-8", CSS)),
        )
        .route(
            "/board/manifest.webmanifest",
            get(|| asset("application/manifest+json", MANIFEST)),
        )
        .route("/board/icon.svg", get(|| asset("image/svg+xml", ICON)))
        .route("/board/chime.wav", get(chime))
}

fn secure(mut r: Response, content_type: &'static str) -> Response {
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    r
}

async fn asset(content_type: &'static str, body: &'static str) -> Response {
    secure(body.into_response(), content_type)
}

async fn chime() -> Response {
    secure(CHIME.into_response(), "audio/wav")
}

/// The page, with the shop's ticket-age thresholds and chime interval filled
/// in (the same numbers the terminal board uses).
async fn page(State(s): State<AppState>) -> Response {
    let k = &s.cfg.kds;
    let repeat = k.chime_repeat_seconds.clamp(1, MAX_REPEAT_SECONDS);
    let html = HTML
        .replace(
            "{{WARN_MS}}",
            &crate::domain::time::Span::minutes(i64::from(k.warn_after_minutes))
                .as_millis()
                .to_string(),
        )
        .replace(
            "{{LATE_MS}}",
            &crate::domain::time::Span::minutes(i64::from(k.late_after_minutes))
                .as_millis()
                .to_string(),
        )
        .replace("{{REPEAT_MS}}", &(u64::from(repeat) * 1000).to_string())
        .replace("{{SOUND}}", if k.sound { "on" } else { "off" });
    secure(html.into_response(), "text/html; charset=utf-8")
}
