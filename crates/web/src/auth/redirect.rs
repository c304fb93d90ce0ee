//! Where to send someone after logging in: a target they supplied (`next`), but only if it is a
//! path on this site.
//!
//! Browsers are lenient with `Location`: they drop tabs and newlines, treat `\` like `/`, and
//! read `//host` (or `/\host`) as another site. So a target is accepted only if, after
//! percent-decoding (repeatedly, as a chain of redirects might), it starts with exactly one `/`
//! followed by neither `/` nor `\`, and holds no control or whitespace character anywhere.
//! Everything else goes home. This is the only place that decides; every redirect to a
//! user-supplied target goes through [`safe_next`].

use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};

/// Where a refused or missing target leads.
pub const HOME: &str = "/";

/// How many rounds of percent-decoding are checked: `%25` nested deeper than this is refused
/// rather than followed.
const DECODE_ROUNDS: usize = 4;

/// Non-ASCII characters are percent-encoded in the answer, so the target is always a valid
/// `Location` header value (a raw `ồ` in a header is refused by the HTTP library).
const NON_ASCII: &AsciiSet = CONTROLS;

/// A same-site path to redirect to: `next` if it is safe (non-ASCII characters
/// percent-encoded), otherwise [`HOME`].
#[must_use]
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if is_same_site_path(n) => utf8_percent_encode(n, NON_ASCII).to_string(),
        _ => HOME.to_owned(),
    }
}

fn is_same_site_path(raw: &str) -> bool {
    let mut text = raw.to_owned();
    for _ in 0..DECODE_ROUNDS {
        if !plain_path(&text) {
            return false;
        }
        let Ok(decoded) = percent_decode_str(&text).decode_utf8() else {
            return false;
        };
        if decoded == text {
            return true;
        }
        text = decoded.into_owned();
    }
    false
}

/// One leading `/`, not followed by `/` or `\`, and no control or whitespace character.
fn plain_path(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next() == Some('/')
        && !matches!(chars.next(), Some('/' | '\\'))
        && !s.chars().any(|c| c.is_control() || c.is_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn go(s: &str) -> String {
        safe_next(Some(s))
    }

    #[test]
    fn same_site_paths_are_kept() {
        for ok in [
            "/",
            "/mot-cua/ho-so",
            "/mot-cua/ho-so?q=abc&trang=2",
            "/don-thu#ket-qua",
            "/a/b//c",
            "/a\\b",
            "/%41",
            "/tra-cuu?q=Nguy%E1%BB%85n",
        ] {
            assert_eq!(go(ok), ok, "{ok:?}");
        }
    }

    #[test]
    fn nothing_or_other_sites_go_home() {
        assert_eq!(safe_next(None), HOME);
        for bad in [
            "",
            "mot-cua",
            "//evil.example/",
            "/\\evil.example/",
            "\\\\evil.example",
            "https://evil.example/",
            "http:/evil.example",
            "javascript:alert(1)",
            "/\t/evil.example/",
            "/%09/evil.example/",
            "/%2F/evil.example/",
            "/%2f/evil.example/",
            "/%5C/evil.example/",
            "/%5c%5cevil.example/",
            "%2F%2Fevil.example/",
            "/%252F/evil.example/",
            "/%25252F/evil.example/",
            "/%0A/x",
            "/%0D%0ASet-Cookie:%20a=b",
            "/\r\nSet-Cookie: a=b",
            "/a\u{b}b",
            "/a\u{0}b",
            "/a\u{7f}b",
            "/a b",
            "/a%20b",
            "/a\u{a0}b",
            "/a\u{2028}b",
            "/a\u{3000}b",
            "/a%FFb",
            " /a",
        ] {
            assert_eq!(go(bad), HOME, "{bad:?}");
        }
    }

    #[test]
    fn every_ascii_character_after_the_slash_is_judged() {
        for b in 0u8..=0x7f {
            let c = char::from(b);
            let ok = !(c.is_ascii_control() || c == ' ' || c == '/' || c == '\\');
            let first = format!("/{c}x");
            assert_eq!(go(&first) != HOME, ok, "first {b:#04x}");
            // Anywhere later, only controls and whitespace are refused.
            let later = format!("/x{c}y");
            let ok_later = !(c.is_ascii_control() || c == ' ');
            assert_eq!(go(&later) != HOME, ok_later, "later {b:#04x}");
            // The same character percent-encoded is judged as the character itself.
            let encoded = format!(
                "/{}x",
                percent_encoding::percent_encode(&[b], percent_encoding::NON_ALPHANUMERIC)
            );
            let ok_encoded = !(c.is_ascii_control() || c == ' ' || c == '/' || c == '\\');
            assert_eq!(go(&encoded) != HOME, ok_encoded, "encoded {b:#04x}");
        }
    }

    #[test]
    fn non_ascii_is_encoded_so_the_header_is_valid() {
        let out = go("/tra-cuu?q=Nguyễn");
        assert_eq!(out, "/tra-cuu?q=Nguy%E1%BB%85n");
        assert!(axum::http::HeaderValue::from_str(&out).is_ok());
    }

    #[test]
    fn every_accepted_target_is_a_valid_header_value() {
        for b in 0u8..=0x7f {
            let out = go(&format!("/x{}y", char::from(b)));
            assert!(axum::http::HeaderValue::from_str(&out).is_ok(), "{b:#04x}");
        }
    }
}
