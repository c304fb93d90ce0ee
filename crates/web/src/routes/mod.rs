//! The server-rendered pages.

pub mod health;
pub mod home;
pub mod lang;

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;

use crate::error::AppError;
use crate::state::AppState;

const STYLE_CSS: &str = include_str!("../../static/style.css");

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/static/style.css", get(style_css))
        .route("/", get(home::home))
        .merge(crate::accounts::pages())
        .merge(crate::catalogue::pages())
        .merge(crate::units::pages())
        .merge(crate::dossiers::pages())
        .merge(crate::petitions::pages())
        .merge(crate::reception::pages())
        .merge(crate::reports::pages())
        .merge(crate::reports::open311())
        .merge(crate::polls::pages())
        .merge(crate::news::pages())
        .merge(crate::comments::router())
        .merge(crate::stats::router())
        .merge(crate::map::router())
}

async fn style_css() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLE_CSS,
    )
}

pub async fn not_found() -> AppError {
    AppError::NotFound
}

#[cfg(test)]
mod tests {
    use super::STYLE_CSS;

    /// The colour of CSS custom property `--name` (a `#rrggbb` value).
    fn colour(name: &str) -> (f64, f64, f64) {
        let decl = format!("--{name}:");
        let start = STYLE_CSS.find(&decl).unwrap_or_else(|| panic!("no {decl}")) + decl.len();
        let hex = STYLE_CSS[start..].trim_start();
        let hex = hex.strip_prefix('#').expect("a #rrggbb colour");
        let c = |i: usize| f64::from(u8::from_str_radix(&hex[i..i + 2], 16).expect("hex"));
        (c(0), c(2), c(4))
    }

    fn hex(s: &str) -> (f64, f64, f64) {
        let c = |i: usize| f64::from(u8::from_str_radix(&s[i..i + 2], 16).expect("hex"));
        (c(1), c(3), c(5))
    }

    /// WCAG 2 contrast ratio.
    fn contrast(a: (f64, f64, f64), b: (f64, f64, f64)) -> f64 {
        let lum = |(r, g, b): (f64, f64, f64)| {
            let ch = |v: f64| {
                let v = v / 255.0;
                if v <= 0.039_28 {
                    v / 12.92
                } else {
                    ((v + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b)
        };
        let (la, lb) = (lum(a), lum(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn text_colours_have_a_contrast_of_at_least_4_5_to_1() {
        let white = hex("#ffffff");
        let pairs = [
            ("ink on white", colour("ink"), white),
            ("muted on white", colour("muted"), white),
            ("links on white", colour("brand"), white),
            ("error on white", colour("error"), white),
            ("ok on white", colour("ok"), white),
            ("focus ring on white", colour("focus"), white),
            ("header text on brand", colour("brand-ink"), colour("brand")),
            ("muted on table headers", colour("muted"), colour("bg-soft")),
            ("ink on alerts", colour("ink"), hex("#fdf0f0")),
            ("ink on notices", colour("ink"), hex("#eef7f0")),
            ("focus ring in the header", hex("#ffd166"), colour("brand")),
        ];
        for (what, fg, bg) in pairs {
            let ratio = contrast(fg, bg);
            assert!(ratio >= 4.5, "{what}: {ratio:.2}:1");
        }
    }
}
