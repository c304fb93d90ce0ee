//! Masking a protected denouncer in free text (Luật Tố cáo 2018 Đ47–48): the working copy of a
//! denunciation, and every text derived from it, must not let a reader recognise its author.
//!
//! People do not type their details the way the sender fields hold them, so matching is on
//! what the text *says*, not on its spelling:
//!
//! - **numbers** (ID number, phone): digits compared without their grouping, so
//!   `095 079 005 678`, `0913.579.246`, `0913-579-246` are caught; a phone is compared without
//!   its trunk or country prefix, so `0913…`, `84913…` and `+84 913…` are one number;
//! - **names**: folded (case and diacritics aside), any spacing between the words, the whole
//!   name, the family name with the given name ("Nguyễn Bình"), the last two words
//!   ("Văn Bình"), the words run together ("NguyenVanBinh"), and the given name after a form
//!   of address ("ông Bình"; alone it is too often an ordinary word);
//! - **addresses**: split into their parts ("Số 12 đường Trần Phú", "khóm 3", "phường 7",
//!   "TP. Bạc Liêu"); the parts that single out a household are masked in any short form: the
//!   street name with its house number ("12 Tran Phu"), a hamlet, khóm, ấp, tổ or lane
//!   ("khom 3", "Ấp Tân Lộc"), and a numbered ward ("P.7", "phuong 7"). Named wards, communes,
//!   districts and provinces are left: thousands of people live there, and a petition to a
//!   local government names its own commune and province all the time;
//! - **email**: case aside;
//! - and each detail exactly as given, so nothing matched before is missed now.
//!
//! Pure functions: the web layer gives the details (opened from the seal) and keeps the result.

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;

use crate::text::fold;

/// The details that identify a sender, as given on the registration.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Identifying {
    /// The sender, signatories and representatives.
    pub names: Vec<String>,
    pub addresses: Vec<String>,
    pub id_numbers: Vec<String>,
    pub phones: Vec<String>,
    pub emails: Vec<String>,
    /// Also every phone number and email address in the text, whoever's: in a denunciation
    /// they are the denouncer's far more often than anyone else's, and the sender fields
    /// (a reception visit has none for them) do not always hold them.
    pub any_contact: bool,
}

/// `text` with every mention of `who` replaced by `mark`; mentions next to each other (a name,
/// a comma, an ID number) become one mark. The result is NFC-normalised.
#[must_use]
pub fn redact(text: &str, who: &Identifying, mark: &str) -> String {
    let t = Text::new(text);
    let spans = merge(&t, mentions(&t, who));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for s in spans {
        out.extend(&t.chars[at..s.start]);
        out.push_str(mark);
        at = s.end;
    }
    out.extend(&t.chars[at..]);
    out
}

/// Does `text` still mention `who` anywhere (what [`redact`] would mask)?
#[must_use]
pub fn mentions_anyone(text: &str, who: &Identifying) -> bool {
    !mentions(&Text::new(text), who).is_empty()
}

// ---------------------------------------------------------------------------------------------
// The text: original characters, their folded twins (one for one) and its words
// ---------------------------------------------------------------------------------------------

struct Text {
    chars: Vec<char>,
    folded: Vec<char>,
    words: Vec<Word>,
}

/// A run of letters or a run of digits ("P7" is two words), in character positions.
struct Word {
    start: usize,
    end: usize,
    text: String,
    digits: bool,
}

impl Text {
    fn new(text: &str) -> Self {
        let chars: Vec<char> = text.nfc().collect();
        let folded: Vec<char> = chars.iter().map(|c| fold_char(*c)).collect();
        let words = words_of(&folded);
        Self {
            chars,
            folded,
            words,
        }
    }

    fn gap(&self, before: usize) -> &[char] {
        &self.folded[self.words[before].end..self.words[before + 1].start]
    }
}

/// One character folded to one character, so positions in the folded text are positions in
/// the original (Vietnamese letters always fold to one letter).
fn fold_char(c: char) -> char {
    let mut buf = [0u8; 4];
    let f = fold(c.encode_utf8(&mut buf));
    let mut it = f.chars();
    match (it.next(), it.next()) {
        (Some(one), None) => one,
        _ => c.to_lowercase().next().unwrap_or(c),
    }
}

fn words_of(folded: &[char]) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    let mut i = 0;
    while i < folded.len() {
        let c = folded[i];
        if !c.is_alphanumeric() {
            i += 1;
            continue;
        }
        let digits = c.is_ascii_digit();
        let start = i;
        while i < folded.len()
            && folded[i].is_alphanumeric()
            && folded[i].is_ascii_digit() == digits
        {
            i += 1;
        }
        out.push(Word {
            start,
            end: i,
            text: folded[start..i].iter().collect(),
            digits,
        });
    }
    out
}

/// Words of a detail, folded, as [`words_of`] splits them.
fn detail_words(s: &str) -> Vec<String> {
    let folded: Vec<char> = s.nfc().map(fold_char).collect();
    words_of(&folded).into_iter().map(|w| w.text).collect()
}

/// Between two words of one name or place: a few spaces, a dot or a dash, not a comma or a
/// line break (those separate things).
fn joins_words(gap: &[char]) -> bool {
    gap.len() <= 4
        && gap
            .iter()
            .all(|c| matches!(c, ' ' | '\t' | '\u{a0}' | '.' | '-' | '_' | '–'))
}

/// Between two groups of one number: a space, a dot, a dash, a slash or brackets.
fn joins_digits(gap: &[char]) -> bool {
    gap.len() <= 3
        && gap.iter().all(|c| {
            matches!(
                c,
                ' ' | '\u{a0}' | '.' | '-' | '–' | '/' | '(' | ')' | '+' | '\u{2009}'
            )
        })
}

// ---------------------------------------------------------------------------------------------
// Finding the mentions
// ---------------------------------------------------------------------------------------------

fn mentions(t: &Text, who: &Identifying) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let all = who
        .names
        .iter()
        .chain(&who.addresses)
        .chain(&who.id_numbers)
        .chain(&who.phones)
        .chain(&who.emails);
    for detail in all {
        verbatim(t, detail, &mut spans);
    }
    numbers(t, who, &mut spans);
    if who.any_contact {
        emails(t, &mut spans);
    }
    for name in &who.names {
        names(t, name, &mut spans);
    }
    for address in &who.addresses {
        addresses(t, address, &mut spans);
    }
    spans.sort_by_key(|s| (s.start, s.end));
    spans
}

/// Every occurrence of `detail` as given, case and diacritics aside.
fn verbatim(t: &Text, detail: &str, spans: &mut Vec<Range<usize>>) {
    let needle: Vec<char> = detail.trim().nfc().map(fold_char).collect();
    let letters = needle.iter().filter(|c| c.is_alphabetic()).count();
    let digits = needle.iter().filter(|c| c.is_ascii_digit()).count();
    // A bare short number ("113", "12") is anything; a short name is a word.
    if letters + digits < 3 || (letters == 0 && digits < 6) {
        return;
    }
    let mut i = 0;
    while i + needle.len() <= t.folded.len() {
        if t.folded[i..].starts_with(&needle) {
            spans.push(i..i + needle.len());
            i += needle.len();
        } else {
            i += 1;
        }
    }
}

/// The digits a number is recognised by: an ID number whole; a phone without its `0` trunk
/// prefix or `84` country code, so every way of dialling it contains them.
fn number_keys(who: &Identifying) -> Vec<String> {
    let digits = |s: &str| -> String { s.nfkc().filter(char::is_ascii_digit).collect() };
    let mut keys: Vec<String> = who
        .id_numbers
        .iter()
        .map(|s| digits(s))
        .filter(|d| d.len() >= 6)
        .collect();
    for phone in &who.phones {
        let d = digits(phone);
        let core = if let Some(rest) = d.strip_prefix("84").filter(|r| r.len() >= 8) {
            rest.trim_start_matches('0').to_owned()
        } else if let Some(rest) = d.strip_prefix("00") {
            rest.strip_prefix("84").unwrap_or(rest).to_owned()
        } else {
            d.trim_start_matches('0').to_owned()
        };
        if core.len() >= 7 {
            keys.push(core);
        }
    }
    keys
}

/// Runs of digit groups (joined by spaces, dots, dashes…) whose digits contain an ID number
/// or a phone, with a `+` before them.
fn numbers(t: &Text, who: &Identifying, spans: &mut Vec<Range<usize>>) {
    let keys = number_keys(who);
    if keys.is_empty() && !who.any_contact {
        return;
    }
    let mut i = 0;
    while i < t.words.len() {
        if !t.words[i].digits {
            i += 1;
            continue;
        }
        let mut j = i;
        let mut digits = t.words[i].text.clone();
        while j + 1 < t.words.len() && t.words[j + 1].digits && joins_digits(t.gap(j)) {
            j += 1;
            digits.push_str(&t.words[j].text);
        }
        if keys.iter().any(|k| digits.contains(k.as_str()))
            || (who.any_contact && is_phone(&digits))
        {
            let mut start = t.words[i].start;
            while start > 0 && matches!(t.folded[start - 1], '+' | '(') {
                start -= 1;
            }
            spans.push(start..t.words[j].end);
        }
        i = j + 1;
    }
}

/// A Vietnamese phone number, however dialled: a mobile (9 digits from 3, 5, 7, 8 or 9) or a
/// landline (10 digits from 2), after the `0` trunk prefix or the `84` country code.
fn is_phone(digits: &str) -> bool {
    let core = digits
        .strip_prefix("0084")
        .or_else(|| digits.strip_prefix("84").filter(|r| r.len() >= 9))
        .or_else(|| digits.strip_prefix('0'))
        .unwrap_or("");
    match core.as_bytes().first() {
        Some(b'3' | b'5' | b'7' | b'8' | b'9') => core.len() == 9,
        Some(b'2') => core.len() == 10,
        _ => false,
    }
}

/// Every email address: the run of address characters around an `@` with a dot after it.
fn emails(t: &Text, spans: &mut Vec<Range<usize>>) {
    let part = |c: char| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '+');
    for (at, c) in t.folded.iter().enumerate() {
        if *c != '@' {
            continue;
        }
        let mut start = at;
        while start > 0 && part(t.folded[start - 1]) {
            start -= 1;
        }
        let mut end = at + 1;
        while end < t.folded.len() && part(t.folded[end]) {
            end += 1;
        }
        // A sentence's full stop after the address is not part of it.
        while end > at + 1 && t.folded[end - 1] == '.' {
            end -= 1;
        }
        if start < at && t.folded[at + 1..end].contains(&'.') {
            spans.push(start..end);
        }
    }
}

/// Word positions `[i, j)` where the words are `pattern`, joined as one name is.
fn find_words(t: &Text, pattern: &[String]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    if pattern.is_empty() {
        return out;
    }
    for i in 0..t.words.len() {
        if i + pattern.len() > t.words.len() {
            break;
        }
        let all = pattern
            .iter()
            .enumerate()
            .all(|(k, p)| t.words[i + k].text == *p && (k == 0 || joins_words(t.gap(i + k - 1))));
        if all {
            out.push(i..i + pattern.len());
        }
    }
    out
}

fn char_span(t: &Text, words: &Range<usize>) -> Range<usize> {
    t.words[words.start].start..t.words[words.end - 1].end
}

/// The whole name, the family with the given name, the last two words, and the words run
/// together. A one-word name of fewer than 3 letters is left: it would mask ordinary words.
fn names(t: &Text, name: &str, spans: &mut Vec<Range<usize>>) {
    let w = detail_words(name);
    let mut patterns: Vec<Vec<String>> = Vec::new();
    match w.len() {
        0 => return,
        1 if w[0].chars().count() < 3 => return,
        1 => patterns.push(w.clone()),
        n => {
            patterns.push(w.clone());
            patterns.push(vec![w[0].clone(), w[n - 1].clone()]);
            if n >= 3 {
                patterns.push(w[n - 2..].to_vec());
            }
            patterns.push(vec![w.concat()]);
        }
    }
    for p in patterns {
        for found in find_words(t, &p) {
            spans.push(char_span(t, &found));
        }
    }
    // The given name alone is a common word ("Bình", "Khiêm"), but after a form of address
    // ("ông Bình", "chị Mai") it is this person.
    let given = &w[w.len() - 1];
    if given.chars().count() < 2 {
        return;
    }
    for honorific in HONORIFICS {
        for found in find_words(t, &[(*honorific).to_owned(), given.clone()]) {
            spans.push(char_span(t, &(found.start + 1..found.end)));
        }
    }
}

/// Forms of address before a given name, folded.
const HONORIFICS: &[&str] = &[
    "ong", "ba", "anh", "chi", "em", "co", "chu", "bac", "cu", "di", "thim", "cau", "mo",
];

// ---------------------------------------------------------------------------------------------
// Addresses
// ---------------------------------------------------------------------------------------------

/// What kind of place a part of an address names, from the most local.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Level {
    House,
    Street,
    Lane,
    Hamlet,
    Ward,
    Higher,
}

/// The words people write (or abbreviate) before a place, with the group of words that mean
/// the same level ("khóm" is not "ấp", but "khu phố" is "KP"). Longer phrases first.
const ALIASES: &[(&[&str], Level, &str)] = &[
    (&["to", "dan", "pho"], Level::Hamlet, "to"),
    (&["khu", "dan", "cu"], Level::Hamlet, "kdc"),
    (&["thanh", "pho"], Level::Higher, "tp"),
    (&["thi", "xa"], Level::Higher, "tx"),
    (&["thi", "tran"], Level::Ward, "tt"),
    (&["khu", "pho"], Level::Hamlet, "kp"),
    (&["so", "nha"], Level::House, "so"),
    (&["so"], Level::House, "so"),
    (&["sn"], Level::House, "so"),
    (&["duong"], Level::Street, "duong"),
    (&["pho"], Level::Street, "duong"),
    (&["d"], Level::Street, "duong"),
    (&["hem"], Level::Lane, "hem"),
    (&["kiet"], Level::Lane, "hem"),
    (&["ngo"], Level::Lane, "ngo"),
    (&["ngach"], Level::Lane, "ngach"),
    (&["tdp"], Level::Hamlet, "to"),
    (&["to"], Level::Hamlet, "to"),
    (&["kp"], Level::Hamlet, "kp"),
    (&["kdc"], Level::Hamlet, "kdc"),
    (&["khom"], Level::Hamlet, "khom"),
    (&["ap"], Level::Hamlet, "ap"),
    (&["thon"], Level::Hamlet, "thon"),
    (&["xom"], Level::Hamlet, "xom"),
    (&["ban"], Level::Hamlet, "ban"),
    (&["buon"], Level::Hamlet, "buon"),
    (&["soc"], Level::Hamlet, "soc"),
    (&["lang"], Level::Hamlet, "lang"),
    (&["khu"], Level::Hamlet, "khu"),
    (&["phuong"], Level::Ward, "phuong"),
    (&["p"], Level::Ward, "phuong"),
    (&["xa"], Level::Ward, "xa"),
    (&["x"], Level::Ward, "xa"),
    (&["tt"], Level::Ward, "tt"),
    (&["tp"], Level::Higher, "tp"),
    (&["tx"], Level::Higher, "tx"),
    (&["quan"], Level::Higher, "quan"),
    (&["q"], Level::Higher, "quan"),
    (&["huyen"], Level::Higher, "huyen"),
    (&["h"], Level::Higher, "huyen"),
    (&["tinh"], Level::Higher, "tinh"),
];

/// The alias at `words[i..]`, longest first: (its length, level, group).
fn alias_at(words: &[String], i: usize) -> Option<(usize, Level, &'static str)> {
    ALIASES.iter().find_map(|(phrase, level, group)| {
        (words.len() >= i + phrase.len()
            && words[i..i + phrase.len()]
                .iter()
                .zip(phrase.iter())
                .all(|(w, p)| w == p))
        .then_some((phrase.len(), *level, *group))
    })
}

/// One place of an address: its level (`None` when no word says), the alias group, and the
/// words that name it.
#[derive(Debug)]
struct Place {
    level: Option<Level>,
    group: &'static str,
    name: Vec<String>,
}

fn places(address: &str) -> Vec<(usize, Place)> {
    let mut out = Vec::new();
    let parts = address
        .split([',', ';', '\n'])
        .flat_map(|p| p.split(" - "))
        .filter(|p| p.chars().any(char::is_alphanumeric));
    for (index, part) in parts.enumerate() {
        let words = detail_words(part);
        let mut i = 0;
        let mut current: Option<Place> = None;
        while i < words.len() {
            if let Some((len, level, group)) = alias_at(&words, i) {
                if let Some(p) = current.take() {
                    out.push((index, p));
                }
                current = Some(Place {
                    level: Some(level),
                    group,
                    name: Vec::new(),
                });
                i += len;
            } else {
                current
                    .get_or_insert_with(|| Place {
                        level: None,
                        group: "",
                        name: Vec::new(),
                    })
                    .name
                    .push(words[i].clone());
                i += 1;
            }
        }
        out.extend(current.map(|p| (index, p)));
    }
    out
}

fn is_number(w: &str) -> bool {
    w.chars().all(|c| c.is_ascii_digit())
}

/// The distinctive places of an address, found in the text in any short form.
fn addresses(t: &Text, address: &str, spans: &mut Vec<Range<usize>>) {
    for (part, place) in places(address) {
        if place.name.is_empty() {
            continue;
        }
        let numbers: Vec<String> = place
            .name
            .iter()
            .take_while(|w| is_number(w))
            .cloned()
            .collect();
        let rest: Vec<String> = place.name[numbers.len()..].to_vec();
        match place.level {
            // "12 Trần Phú", "đường Trần Phú", "hẻm 45 Nguyễn Trãi": the street, anywhere,
            // with the house or lane number before it; a house or lane number alone only
            // after its word ("số 12", "hẻm 45"), since a bare number is anything.
            None | Some(Level::House | Level::Street | Level::Lane)
                if !numbers.is_empty() || place.level.is_some() =>
            {
                street(t, &rest, spans);
                if !numbers.is_empty() && place.level.is_some() {
                    numbered(t, place.group, &numbers, spans);
                }
            }
            // A first part without a word or a number before it is the most local place.
            None if part == 0 => named(t, &rest, spans),
            Some(Level::Hamlet) if rest.is_empty() => numbered(t, place.group, &numbers, spans),
            Some(Level::Hamlet) => named(t, &place.name, spans),
            Some(Level::Ward) if rest.is_empty() => numbered(t, place.group, &numbers, spans),
            _ => {}
        }
    }
}

/// A street name and the house number, or house and lane words, just before it.
fn street(t: &Text, name: &[String], spans: &mut Vec<Range<usize>>) {
    if name.concat().chars().count() < 3 {
        return;
    }
    for found in find_words(t, name) {
        let mut start = found.start;
        let mut steps = 0;
        while start > 0 && steps < 6 {
            let prev = &t.words[start - 1];
            let gap = t.gap(start - 1);
            let joined = joins_words(gap) || (gap.len() <= 2 && gap.contains(&'/'));
            let local_word = alias_at(std::slice::from_ref(&prev.text), 0)
                .is_some_and(|a| matches!(a.1, Level::House | Level::Street | Level::Lane));
            if !joined || !(prev.digits || local_word) {
                break;
            }
            start -= 1;
            steps += 1;
        }
        spans.push(char_span(t, &(start..found.end)));
    }
}

/// A named hamlet, lane or place, anywhere, with its level word if written before it.
fn named(t: &Text, name: &[String], spans: &mut Vec<Range<usize>>) {
    if name.concat().chars().count() < 3 {
        return;
    }
    for found in find_words(t, name) {
        let mut start = found.start;
        if start > 0
            && joins_words(t.gap(start - 1))
            && alias_at(std::slice::from_ref(&t.words[start - 1].text), 0).is_some()
        {
            start -= 1;
        }
        spans.push(char_span(t, &(start..found.end)));
    }
}

/// A numbered place after any word of its level: "khóm 3", "P.7", "P7", "phuong 7".
fn numbered(t: &Text, group: &str, numbers: &[String], spans: &mut Vec<Range<usize>>) {
    let phrases: Vec<Vec<String>> = ALIASES
        .iter()
        .filter(|(_, _, g)| *g == group)
        .map(|(p, _, _)| p.iter().map(|w| (*w).to_owned()).collect())
        .collect();
    for phrase in phrases {
        let mut pattern = phrase.clone();
        pattern.extend(numbers.iter().cloned());
        for i in 0..t.words.len() {
            if i + pattern.len() > t.words.len() {
                break;
            }
            let all = pattern.iter().enumerate().all(|(k, p)| {
                let w = &t.words[i + k];
                let joined = k == 0 || {
                    let gap = t.gap(i + k - 1);
                    joins_words(gap) || joins_digits(gap)
                };
                joined && (w.text == *p || (w.digits && is_number(p) && same_number(&w.text, p)))
            });
            // "phường 7" but not "phường 75": the number must end there.
            let last = i + pattern.len() - 1;
            let ends = last + 1 >= t.words.len()
                || !t.words[last + 1].digits
                || !joins_digits(t.gap(last));
            if all && ends {
                spans.push(char_span(t, &(i..i + pattern.len())));
            }
        }
    }
}

/// "07" and "7" are one place number.
fn same_number(a: &str, b: &str) -> bool {
    a.trim_start_matches('0') == b.trim_start_matches('0')
}

/// Overlapping spans become one, and spans with only spaces or commas between them too.
fn merge(t: &Text, spans: Vec<Range<usize>>) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for s in spans {
        if let Some(last) = out.last_mut() {
            let between = t.folded.get(last.end..s.start).unwrap_or(&[]);
            let touching = s.start <= last.end
                || (between.len() <= 3
                    && between.iter().all(|c| matches!(c, ' ' | ',' | '\u{a0}')));
            if touching {
                last.end = last.end.max(s.end);
                continue;
            }
        }
        out.push(s);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const MARK: &str = "[X]";

    fn binh() -> Identifying {
        Identifying {
            names: vec!["Nguyễn Văn Bình".into()],
            addresses: vec!["Số 12 đường Trần Phú, khóm 3, phường 7, TP. Bạc Liêu".into()],
            id_numbers: vec!["095079005678".into()],
            phones: vec!["0913579246".into()],
            emails: vec!["Binh.Nguyen@example.com".into()],
            any_contact: false,
        }
    }

    fn r(text: &str) -> String {
        redact(text, &binh(), MARK)
    }

    #[test]
    fn numbers_are_caught_however_they_are_grouped() {
        for text in [
            "CCCD 095 079 005 678.",
            "CCCD 095.079.005.678.",
            "CCCD 095-079-005-678.",
            "CCCD 095079005678.",
            "ĐT 0913.579.246.",
            "ĐT 0913-579-246.",
            "ĐT 0913 579 246.",
            "ĐT +84 913 579 246.",
            "ĐT (+84) 913.579.246.",
            "ĐT 84913579246.",
            "ĐT 0084913579246.",
            "ĐT:0913579246.",
        ] {
            let out = r(text);
            let digits: String = out.chars().filter(char::is_ascii_digit).collect();
            assert!(digits.is_empty(), "{text} → {out}");
            assert!(out.contains(MARK), "{text} → {out}");
            assert!(out.ends_with('.'), "{text} → {out}");
        }
    }

    #[test]
    fn a_phone_given_with_the_country_code_is_caught_in_its_local_form() {
        let who = Identifying {
            phones: vec!["+84 913 579 246".into()],
            ..Identifying::default()
        };
        assert_eq!(redact("gọi 0913579246 nhé", &who, MARK), "gọi [X] nhé");
    }

    #[test]
    fn any_contact_masks_every_phone_and_email_but_not_other_numbers() {
        let who = Identifying {
            any_contact: true,
            ..Identifying::default()
        };
        assert_eq!(
            redact(
                "Gọi 0987.654.321, +84 912 000 111 hoặc 0290 3822 123; thư a.b-c@mail.vn. Thửa \
                 215, năm 2024, số 12345678, CCCD khác 079090000001.",
                &who,
                MARK
            ),
            "Gọi [X] hoặc [X]; thư [X]. Thửa 215, năm 2024, số 12345678, CCCD khác \
             079090000001."
        );
    }

    #[test]
    fn other_numbers_stay() {
        assert_eq!(
            r("thửa đất số 215, tờ bản đồ 12, năm 2024, 0913579247"),
            "thửa đất số 215, tờ bản đồ 12, năm 2024, 0913579247"
        );
    }

    #[test]
    fn names_are_caught_in_any_case_spelling_and_spacing() {
        for text in [
            "Tôi là Nguyễn Văn Bình, tố cáo",
            "Tôi là NGUYỄN VĂN BÌNH, tố cáo",
            "Tôi là NGUYEN VAN BINH, tố cáo",
            "Tôi là nguyen   van  binh, tố cáo",
            "Tôi là Nguyễn Bình, tố cáo",
            "Tôi là Văn Bình, tố cáo",
            "Tôi là NguyenVanBinh, tố cáo",
            "Tôi là Nguyễn-Văn-Bình, tố cáo",
            "Tôi là ông Bình, tố cáo",
        ] {
            let out = r(text);
            assert!(
                out == "Tôi là [X], tố cáo" || out == "Tôi là ông [X], tố cáo",
                "{text} → {out}"
            );
        }
    }

    #[test]
    fn decomposed_input_is_caught_like_composed() {
        let text: String = "Tôi là Nguyễn Văn Bình.".nfd().collect();
        assert_eq!(r(&text), "Tôi là [X].");
    }

    #[test]
    fn the_address_is_caught_in_its_short_forms() {
        for (text, left) in [
            (
                "nhà ở 12 Tran Phu, khom 3, P.7, TP Bac Lieu",
                "nhà ở [X], TP Bac Lieu",
            ),
            ("nhà ở số 12 đường Trần Phú", "nhà ở [X]"),
            ("nhà ở 12/3 Trần Phú", "nhà ở [X]"),
            ("ở khóm 3 phường 7", "ở [X]"),
            ("ở Khom 03, P7", "ở [X]"),
            ("ở phuong 7", "ở [X]"),
            ("ở phường 75, khóm 31", "ở phường 75, khóm 31"),
            ("đường Tran Phu bị ngập", "[X] bị ngập"),
        ] {
            assert_eq!(r(text), left, "{text}");
        }
    }

    #[test]
    fn a_named_hamlet_is_caught_and_the_commune_left() {
        let who = Identifying {
            addresses: vec!["Ấp Tân Lộc, xã Phong Thạnh, tỉnh Cà Mau".into()],
            ..Identifying::default()
        };
        assert_eq!(
            redact("Tôi ở ap Tan Loc, xã Phong Thạnh.", &who, MARK),
            "Tôi ở [X], xã Phong Thạnh."
        );
        assert_eq!(redact("Tân Lộc", &who, MARK), "[X]");
        let first_part = Identifying {
            addresses: vec!["Tân Lộc, Phong Thạnh".into()],
            ..Identifying::default()
        };
        assert_eq!(redact("ở Tan Loc", &first_part, MARK), "ở [X]");
    }

    #[test]
    fn the_full_address_as_given_is_caught_whole() {
        assert_eq!(
            r("Địa chỉ: Số 12 đường Trần Phú, khóm 3, phường 7, TP. Bạc Liêu."),
            "Địa chỉ: [X]."
        );
    }

    #[test]
    fn an_email_is_caught_case_aside() {
        assert_eq!(r("thư: BINH.NGUYEN@EXAMPLE.COM ."), "thư: [X] .");
    }

    #[test]
    fn everything_together_leaves_only_the_matter() {
        let text = "Tôi tên NGUYEN VAN BINH (Nguyễn Văn Bình), CCCD 095 079 005 678, ĐT \
                    0913.579.246 hoặc +84 913 579 246, nhà 12 Tran Phu, khom 3, P.7. Tôi tố cáo \
                    ông Trần Văn X nhận tiền.";
        let out = r(text);
        let f = fold(&out);
        for leak in ["binh", "095", "579", "tran phu", "khom 3", "p.7"] {
            assert!(!f.contains(leak), "{leak} in {out}");
        }
        assert!(
            out.contains("Tôi tố cáo ông Trần Văn X nhận tiền."),
            "{out}"
        );
    }

    #[test]
    fn ordinary_words_are_not_masked() {
        let text = "Văn bản bình thường của phường Demo, thành phố, khóm, ấp và tổ dân phố.";
        assert_eq!(r(text), text);
        assert!(!mentions_anyone(text, &binh()));
        assert!(mentions_anyone("BINH.NGUYEN@example.com", &binh()));
    }

    #[test]
    fn short_details_mask_nothing() {
        let who = Identifying {
            names: vec!["A".into()],
            phones: vec!["113".into()],
            id_numbers: vec!["12".into()],
            addresses: vec!["P".into()],
            ..Identifying::default()
        };
        let text = "A gọi 113, phòng 12, P.";
        assert_eq!(redact(text, &who, MARK), text);
    }

    fn grouped(digits: &str, cuts: &[usize], sep: &str) -> String {
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && cuts.contains(&i) {
                out.push_str(sep);
            }
            out.push(c);
        }
        out
    }

    fn vary_case(s: &str, mask: &[bool]) -> String {
        s.chars()
            .zip(mask.iter().cycle())
            .map(|(c, up)| {
                if *up {
                    c.to_uppercase().next().unwrap_or(c)
                } else {
                    c
                }
            })
            .collect()
    }

    proptest! {
        #[test]
        fn a_number_never_survives_any_grouping(
            cuts in proptest::collection::vec(1usize..12, 0..5),
            sep in prop_oneof![Just(" "), Just("."), Just("-"), Just(" - "), Just("  ")],
            id in prop_oneof![Just(true), Just(false)],
            prefix in prop_oneof![Just(""), Just("0"), Just("+84 "), Just("84"), Just("(+84) ")],
            before in "[a-zA-Zà-ỹ ,:]{0,12}",
            after in "[a-zA-Zà-ỹ ,.]{0,12}",
        ) {
            let number = if id {
                grouped("095079005678", &cuts, sep)
            } else {
                format!("{prefix}{}", grouped("913579246", &cuts, sep))
            };
            let text = format!("{before} {number} {after}");
            let out = r(&text);
            let digits: String = out.chars().filter(char::is_ascii_digit).collect();
            let key = if id { "095079005678" } else { "913579246" };
            prop_assert!(!digits.contains(key), "{} → {}", text, out);
        }

        #[test]
        fn a_name_never_survives_any_case_or_diacritics(
            mask in proptest::collection::vec(any::<bool>(), 1..8),
            folded in any::<bool>(),
            spaces in 1usize..4,
        ) {
            let name = if folded { "nguyen van binh" } else { "nguyễn văn bình" };
            let name = vary_case(name, &mask).replace(' ', &" ".repeat(spaces));
            let out = r(&format!("Người viết: {name}. Nội dung tố cáo."));
            prop_assert!(!fold(&out).contains("binh"), "{}", out);
            prop_assert!(out.ends_with("Nội dung tố cáo."), "{}", out);
        }

        #[test]
        fn text_without_the_details_is_unchanged(text in "[a-zA-Zà-ỹ0-8 ,.\n]{0,80}") {
            // No 9, and the alphabet cannot spell a mention of `binh()`: nothing to mask.
            let who = Identifying {
                names: vec!["Ưng Quý".into()],
                id_numbers: vec!["999999999".into()],
                phones: vec!["0999999999".into()],
                ..Identifying::default()
            };
            let nfc: String = text.nfc().collect();
            prop_assert_eq!(redact(&text, &who, MARK), nfc);
        }
    }
}
