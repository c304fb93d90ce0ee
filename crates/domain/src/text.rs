//! Vietnamese text folding for search that ignores diacritics and case.
//!
//! The same function folds both the indexed text and the query, so "giay phep xay dung" finds
//! "Cấp giấy phép xây dựng". Đ/đ need a rule of their own: they have no Unicode decomposition,
//! so NFD alone would leave them (and SQLite FTS5's `remove_diacritics` misses them too).

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Lowercase, strip diacritics, map đ→d.
#[must_use]
pub fn fold(s: &str) -> String {
    s.to_lowercase()
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| if c == 'đ' { 'd' } else { c })
        .collect()
}

/// Splits a folded text into search words: runs of letters and digits.
///
/// Everything else (punctuation, `%`, `_`, quotes) separates words, so a query can never
/// smuggle pattern characters into SQL `LIKE` or FTS syntax.
#[must_use]
pub fn search_words(s: &str) -> Vec<String> {
    fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Longest search text accepted from a person, in characters.
pub const SEARCH_MAX_CHARS: usize = 200;
/// Most words in one search: each word is one condition in SQL, and a few thousand of them
/// overflow the database's expression limits (SQLite: "Expression tree is too large").
pub const SEARCH_MAX_WORDS: usize = 12;

/// A search text typed by a person that is too long to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("Từ khóa tìm kiếm quá dài: tối đa {SEARCH_MAX_CHARS} ký tự và {SEARCH_MAX_WORDS} từ.")]
pub struct SearchTooLong;

/// A person's search text, trimmed (`None` when blank), within [`SEARCH_MAX_CHARS`] and
/// [`SEARCH_MAX_WORDS`].
pub fn bounded_search(s: Option<&str>) -> Result<Option<String>, SearchTooLong> {
    let Some(s) = s.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    if s.chars().count() > SEARCH_MAX_CHARS || search_words(s).len() > SEARCH_MAX_WORDS {
        return Err(SearchTooLong);
    }
    Ok(Some(s.to_owned()))
}

/// The folded text stored for searching: words joined by single spaces, with a leading and
/// trailing space so that a whole-word match is a plain substring match of `" word "`.
#[must_use]
pub fn search_text<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::from(" ");
    for part in parts {
        for w in search_words(part) {
            out.push_str(&w);
            out.push(' ');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn folds_vietnamese() {
        assert_eq!(fold("Đăng ký kết hôn"), "dang ky ket hon");
        assert_eq!(fold("Cấp giấy phép xây dựng"), "cap giay phep xay dung");
        assert_eq!(fold("ĐƠN ĐỀ NGHỊ"), "don de nghi");
        assert_eq!(
            fold("Hoàn Kiếm, Ứng Hòa, Thừa Thiên Huế"),
            "hoan kiem, ung hoa, thua thien hue"
        );
        assert_eq!(fold("tỉnh"), "tinh");
        assert_eq!(fold("xã"), "xa");
    }

    #[test]
    fn folds_decomposed_input_like_composed() {
        let decomposed: String = "Đăng ký".nfd().collect();
        assert_eq!(fold(&decomposed), "dang ky");
    }

    #[test]
    fn searches_are_bounded_in_characters_and_words() {
        assert_eq!(bounded_search(None), Ok(None));
        assert_eq!(bounded_search(Some("  ")), Ok(None));
        assert_eq!(
            bounded_search(Some(" Nguyễn Văn A ")),
            Ok(Some("Nguyễn Văn A".into()))
        );
        let twelve = ["a"; SEARCH_MAX_WORDS].join(" ");
        assert!(bounded_search(Some(&twelve)).is_ok());
        assert_eq!(
            bounded_search(Some(&format!("{twelve} b"))),
            Err(SearchTooLong)
        );
        assert!(bounded_search(Some(&"ồ".repeat(SEARCH_MAX_CHARS))).is_ok());
        assert_eq!(
            bounded_search(Some(&"x".repeat(SEARCH_MAX_CHARS + 1))),
            Err(SearchTooLong)
        );
        assert_eq!(bounded_search(Some(&"a-".repeat(99))), Err(SearchTooLong));
    }

    #[test]
    fn search_words_drop_pattern_characters() {
        assert_eq!(search_words("100% _giấy'; --"), vec!["100", "giay"]);
        assert_eq!(search_text(["Đăng ký", "kết hôn!"]), " dang ky ket hon ");
    }

    proptest! {
        #[test]
        fn fold_is_idempotent(s in "\\PC*") {
            let once = fold(&s);
            prop_assert_eq!(fold(&once), once.clone());
        }

        #[test]
        fn folded_vietnamese_letters_are_ascii(s in "[a-zA-ZàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ ]*") {
            prop_assert!(fold(&s).is_ascii());
        }
    }
}
