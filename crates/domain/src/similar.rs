//! Duplicate-petition candidates ("đơn trùng"): the same person, or the same matter told again.
//!
//! A petition about a matter already handled, answered or forwarded is filed without a new
//! handling (TT 05/2021/TT-TTCP), and a denunciation is forwarded only once per same-content
//! petition (Đ14). So at registration the system proposes earlier petitions that may be the same
//! matter, with a score and the reasons, and the handler links or dismisses each one. The
//! machine only proposes; it never links on its own.
//!
//! Two signals:
//!
//! - **Content**: Vietnamese text folded (no diacritics, lower case, đ→d) and cut into syllables;
//!   the syllables ("shingles" of width 1 — see [`ShingleOptions::SHIPPED`] for why not 2 or 3)
//!   are hashed, and two texts are compared by the share they have in common, checked against
//!   the numbers and proper names each text mentions ([`specifics`]). Folding first means a
//!   petition typed without diacritics matches the same petition typed with them.
//! - **Person**: the same ID number (strong), the same name and address (medium), the same name
//!   only (weak). The inputs are plain strings so the store can pass either plaintext or keyed
//!   hashes (blind indexes) of the `normalise_*` output, for protected denouncers.
//!
//! For the database, a [`Signature`] (MinHash) summarises a text in a fixed 509 bytes and yields
//! band keys ([`Signature::band_keys`]): petitions that share any band key are the candidates,
//! found by equality on an indexed column instead of by scanning every petition. Candidates are
//! then re-scored exactly with [`content_similarity`] on their texts.
//!
//! Everything hashed here is stored, so the hashes are written out in this file (FNV-1a and the
//! SplitMix64 finaliser, fixed seeds) rather than taken from `std`, whose hasher may change
//! between Rust versions. Changing any of them, the syllable rules or the function-word list
//! changes stored signatures: bump [`Signature::VERSION`] and recompute.

use std::fmt;
use std::str::FromStr;

use unicode_normalization::UnicodeNormalization;

use crate::text::fold;

// ---------------------------------------------------------------------------------------------
// Syllables and shingles
// ---------------------------------------------------------------------------------------------

/// Folded syllables that carry grammar rather than the matter: "là", "với", "những", "các"…
///
/// Dropping them lets a rephrasing that only adds or removes such words keep its score
/// (measured on the labelled set; see the example `duplicate_quality`). The list holds only
/// words whose folded form is not also a content word: "của" is out because it folds like
/// "cửa" (bộ phận một cửa), "tôi" like "tối", "ông" like "ống", "chúng" like "chứng" (giấy
/// chứng nhận), "tại" like "tái" (tái định cư), "đến" like "đèn".
pub const FUNCTION_WORDS: &[&str] = &[
    "la", "voi", "nhung", "cac", "mot", "nay", "bi", "duoc", "rat", "nhieu", "ra", "vao", "len",
    "hay", "hoac", "ve", "viec", "nhu", "theo", "tren", "ngoai", "gui",
];

/// How a text is cut into shingles. [`ShingleOptions::SHIPPED`] is what signatures use; the
/// other values exist so the example can measure the alternatives on the labelled set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShingleOptions {
    /// Shortest run of syllables hashed as one shingle.
    pub min_width: usize,
    /// Longest run; every width from `min_width` to `max_width` goes into the same set.
    pub max_width: usize,
    /// Drop [`FUNCTION_WORDS`] before cutting.
    pub drop_function_words: bool,
}

impl ShingleOptions {
    /// Single syllables, function words dropped. On the labelled set 2- and 3-syllable
    /// shingles lost rephrasings: a petition told again keeps its words but not their order,
    /// so exact scores separated the pairs less well (best F1 0.86 for 2-shingles against 0.95
    /// here, with specifics) and fewer true pairs shared a band key. Word order is not what
    /// tells two matters apart anyway; the plot numbers and place names are.
    pub const SHIPPED: Self = Self {
        min_width: 1,
        max_width: 1,
        drop_function_words: true,
    };
}

/// The folded syllables of a text, function words removed: the unit the shingles are made of.
///
/// NFKC first so that "m²" reads as "m2" and full-width digits as digits, then [`fold`].
#[must_use]
pub fn syllables(text: &str) -> Vec<String> {
    syllables_with(text, ShingleOptions::SHIPPED.drop_function_words)
}

fn syllables_with(text: &str, drop_function_words: bool) -> Vec<String> {
    let compat: String = text.nfkc().collect();
    fold(&compat)
        .split(|c: char| !c.is_alphanumeric())
        .flat_map(split_digits)
        .filter(|w| !w.is_empty())
        .filter(|w| !(drop_function_words && FUNCTION_WORDS.contains(w)))
        .map(str::to_owned)
        .collect()
}

/// Splits where letters meet digits, so "50cm" reads like "50 cm" and "lô B2" like "lô B 2":
/// people write measures and lot numbers both ways. Leading zeros go ("ngõ 05" is "ngõ 5").
fn split_digits(word: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut prev_digit = None;
    for (i, c) in word.char_indices() {
        let digit = c.is_numeric();
        if prev_digit.is_some_and(|p| p != digit) {
            parts.push(&word[start..i]);
            start = i;
        }
        prev_digit = Some(digit);
    }
    parts.push(&word[start..]);
    parts
        .into_iter()
        .map(|p| {
            let trimmed = p.trim_start_matches('0');
            if trimmed.is_empty() && !p.is_empty() {
                "0"
            } else {
                trimmed
            }
        })
        .collect()
}

/// FNV-1a, 64-bit: offset basis 0xcbf29ce484222325, prime 0x100000001b3 (the published
/// parameters). Chosen because it is a few lines, has no platform-dependent parts and is
/// documented outside this project, so a stored value can be recomputed by anyone.
#[must_use]
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// SplitMix64's output function (Steele, Lea, Flood 2014): a bijection on `u64` that spreads
/// every input bit over the output. FNV-1a alone is weak in its low bits for short inputs.
fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The set of shingle hashes of a text, sorted and without repeats.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Shingles(Vec<u64>);

impl Shingles {
    #[must_use]
    pub fn of(text: &str) -> Self {
        Self::with(text, ShingleOptions::SHIPPED)
    }

    /// Each shingle is its syllables joined by one space, hashed with [`fnv1a64`]. A text
    /// shorter than `min_width` syllables is one shingle of all of them, so "Khiếu nại" still
    /// has something to compare.
    #[must_use]
    pub fn with(text: &str, options: ShingleOptions) -> Self {
        let words = syllables_with(text, options.drop_function_words);
        let mut hashes = Vec::new();
        if !words.is_empty() && words.len() < options.min_width {
            hashes.push(fnv1a64(words.join(" ").as_bytes()));
        }
        for width in options.min_width.max(1)..=options.max_width {
            for run in words.windows(width) {
                hashes.push(fnv1a64(run.join(" ").as_bytes()));
            }
        }
        hashes.sort_unstable();
        hashes.dedup();
        Self(hashes)
    }

    #[must_use]
    pub fn len(&self) -> usize {
        self.0.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn common(&self, other: &Self) -> usize {
        let (mut i, mut j, mut n) = (0, 0, 0);
        while i < self.0.len() && j < other.0.len() {
            match self.0[i].cmp(&other.0[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    n += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        n
    }

    /// Exact Jaccard: shared shingles over all distinct shingles. 0 when either is empty, so
    /// two empty petitions are never "the same".
    #[must_use]
    pub fn jaccard(&self, other: &Self) -> f64 {
        if self.is_empty() || other.is_empty() {
            return 0.0;
        }
        let common = self.common(other);
        ratio(common, self.len() + other.len() - common)
    }

    /// Overlap coefficient: shared shingles over the smaller set. A short follow-up ("Đơn lần
    /// 2…") inside a long first petition scores high here and low in Jaccard.
    #[must_use]
    pub fn overlap(&self, other: &Self) -> f64 {
        if self.is_empty() || other.is_empty() {
            return 0.0;
        }
        ratio(self.common(other), self.len().min(other.len()))
    }
}

#[allow(clippy::cast_precision_loss)] // shingle counts are far below 2^52
fn ratio(num: usize, den: usize) -> f64 {
    num as f64 / den as f64
}

// ---------------------------------------------------------------------------------------------
// MinHash signature and LSH bands
// ---------------------------------------------------------------------------------------------

const SLOTS: usize = 126;
const ROWS: usize = 3;
const BANDS: usize = SLOTS / ROWS;

/// The per-slot seeds: the SplitMix64 sequence started at the ASCII bytes of "motcua-1".
fn seeds() -> [u64; SLOTS] {
    let mut state: u64 = u64::from_be_bytes(*b"motcua-1");
    let mut out = [0u64; SLOTS];
    for s in &mut out {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        *s = mix64(state);
    }
    out
}

/// A MinHash of a text's shingles: for each of 126 seeded hash functions, the smallest value
/// over the shingles. Two signatures agree in a slot with probability equal to the Jaccard
/// similarity of the two shingle sets, so the share of agreeing slots estimates it (standard
/// error about 0.045 at J = 0.5). 126 rather than 128 so the slots split evenly into bands of
/// three.
///
/// Slots keep the high 32 bits of each 64-bit value: accidental equality of two different
/// minima is then about one in four billion, and the stored form halves to 509 bytes.
///
/// The shingle count is kept too, so an empty text is recognisable (its slots would otherwise
/// all be "equal") and the overlap coefficient can be estimated from the signature alone.
#[derive(Clone, PartialEq, Eq)]
pub struct Signature {
    shingles: u32,
    slots: [u32; SLOTS],
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signature")
            .field("shingles", &self.shingles)
            .field("slots[..4]", &&self.slots[..4])
            .finish_non_exhaustive()
    }
}

/// A stored signature that could not be read back.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("chữ ký nội dung không đúng định dạng")]
    Malformed,
    #[error("chữ ký nội dung phiên bản {0} không được hỗ trợ; cần tính lại")]
    Version(u8),
}

impl Signature {
    /// Stored in the first byte and the string prefix; bump when any hashing rule changes.
    pub const VERSION: u8 = 1;
    /// Length of [`Signature::to_bytes`].
    pub const BYTES: usize = 1 + 4 + 4 * SLOTS;
    /// How many keys [`Signature::band_keys`] returns for a non-empty text.
    pub const BANDS: usize = BANDS;
    /// Slots per band.
    pub const ROWS: usize = ROWS;

    #[must_use]
    pub fn of(text: &str) -> Self {
        Self::from_shingles(&Shingles::of(text))
    }

    #[must_use]
    pub fn from_shingles(shingles: &Shingles) -> Self {
        let seeds = seeds();
        let mut slots = [u32::MAX; SLOTS];
        for &h in &shingles.0 {
            for (slot, seed) in slots.iter_mut().zip(seeds) {
                let v = high32(mix64(h ^ seed));
                if v < *slot {
                    *slot = v;
                }
            }
        }
        Self {
            shingles: u32::try_from(shingles.len()).unwrap_or(u32::MAX),
            slots,
        }
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.shingles == 0
    }

    /// Estimated Jaccard similarity of the two texts' shingle sets.
    #[must_use]
    pub fn estimate(&self, other: &Self) -> f64 {
        if self.is_empty() || other.is_empty() {
            return 0.0;
        }
        let same = self
            .slots
            .iter()
            .zip(&other.slots)
            .filter(|(a, b)| a == b)
            .count();
        ratio(same, SLOTS)
    }

    /// Estimated overlap coefficient, from the estimated Jaccard J and the two set sizes:
    /// |A∩B| = J·(|A|+|B|)/(1+J).
    #[must_use]
    pub fn estimate_overlap(&self, other: &Self) -> f64 {
        let j = self.estimate(other);
        if j == 0.0 {
            return 0.0;
        }
        let (a, b) = (f64::from(self.shingles), f64::from(other.shingles));
        (j * (a + b) / (1.0 + j) / a.min(b)).min(1.0)
    }

    /// LSH band keys: the 126 slots in 42 bands of 3; each band hashed with its index into one
    /// key. Two texts with Jaccard J share at least one key with probability 1 − (1 − J³)⁴²:
    /// about 0.29 at J = 0.2, 0.68 at 0.3, 0.93 at 0.4, 0.99 at 0.5. On the labelled set the
    /// keys find 125 of the 127 same-matter pairs and 2 of the 20 unrelated ones (example
    /// `duplicate_quality`); from the exact Jaccard values, bands of 4 would miss about one true
    /// pair in eleven and bands of 2 would match about half of the unrelated ones.
    ///
    /// The band index is part of the hash, so all keys can go in one indexed column
    /// (`petition_id, key`) and a lookup is `WHERE key IN (…)`. SQL has no unsigned 64-bit
    /// integer: store `key as i64` (the same bits) and convert back with `as u64`.
    ///
    /// An empty text has no keys, so empty petitions are never each other's candidates.
    #[must_use]
    pub fn band_keys(&self) -> Vec<u64> {
        if self.is_empty() {
            return Vec::new();
        }
        self.slots
            .chunks_exact(ROWS)
            .enumerate()
            .map(|(band, rows)| {
                let mut bytes = [0u8; 1 + 4 * ROWS];
                bytes[0] = u8::try_from(band).unwrap_or(u8::MAX);
                for (i, r) in rows.iter().enumerate() {
                    bytes[1 + 4 * i..5 + 4 * i].copy_from_slice(&r.to_be_bytes());
                }
                fnv1a64(&bytes)
            })
            .collect()
    }

    /// `[version][shingle count, u32 big-endian][126 × u32 big-endian]`, 509 bytes: for a BLOB
    /// or BYTEA column.
    #[must_use]
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(Self::BYTES);
        out.push(Self::VERSION);
        out.extend_from_slice(&self.shingles.to_be_bytes());
        for s in &self.slots {
            out.extend_from_slice(&s.to_be_bytes());
        }
        out
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Self, SignatureError> {
        let (&version, rest) = bytes.split_first().ok_or(SignatureError::Malformed)?;
        if version != Self::VERSION {
            return Err(SignatureError::Version(version));
        }
        if rest.len() != Self::BYTES - 1 {
            return Err(SignatureError::Malformed);
        }
        let mut words = rest
            .chunks_exact(4)
            .map(|c| u32::from_be_bytes([c[0], c[1], c[2], c[3]]));
        let shingles = words.next().ok_or(SignatureError::Malformed)?;
        let mut slots = [0u32; SLOTS];
        for (slot, w) in slots.iter_mut().zip(words) {
            *slot = w;
        }
        Ok(Self { shingles, slots })
    }
}

fn high32(v: u64) -> u32 {
    u32::try_from(v >> 32).unwrap_or(u32::MAX)
}

/// `mh1:` followed by the 508 bytes of [`Signature::to_bytes`] after the version, in lower-case
/// hex (1,020 characters in all): for a TEXT column.
impl fmt::Display for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "mh{}:{}",
            Self::VERSION,
            hex::encode(&self.to_bytes()[1..])
        )
    }
}

impl FromStr for Signature {
    type Err = SignatureError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (prefix, body) = s.split_once(':').ok_or(SignatureError::Malformed)?;
        let version: u8 = prefix
            .strip_prefix("mh")
            .and_then(|v| v.parse().ok())
            .ok_or(SignatureError::Malformed)?;
        if version != Self::VERSION {
            return Err(SignatureError::Version(version));
        }
        let mut bytes = vec![version];
        bytes.extend(hex::decode(body).map_err(|_| SignatureError::Malformed)?);
        Self::from_bytes(&bytes)
    }
}

// ---------------------------------------------------------------------------------------------
// Specifics: what tells one matter from its neighbour
// ---------------------------------------------------------------------------------------------

/// The words that name *which* plot, house, village, person or decision a petition is about:
/// every number (parcel and map-sheet numbers, house numbers, dates, decision numbers) and
/// every capitalised syllable that does not start a sentence (Vietnamese writes each syllable
/// of a proper name with a capital: "Tân Lập", "Trần Văn Bình"). All-capital words are left
/// out: they are mostly institutions ("UBND", "HTX") that every petition names. Folded, sorted,
/// without repeats.
///
/// Petitions are often written from one template, so two about different plots share almost
/// every word and differ only here.
#[must_use]
pub fn specifics(text: &str) -> Vec<String> {
    let compat: String = text.nfkc().collect();
    let mut out = Vec::new();
    let mut sentence_start = true;
    for token in compat.split(char::is_whitespace) {
        for word in token
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            for part in split_digits(word) {
                if part.chars().any(char::is_numeric) {
                    out.push(part.to_owned());
                }
            }
            let capital = word.chars().next().is_some_and(char::is_uppercase);
            let all_caps = word.chars().filter(|c| c.is_alphabetic()).count() > 1
                && !word.chars().any(char::is_lowercase);
            let has_digit = word.chars().any(char::is_numeric);
            if capital && !all_caps && !has_digit && !sentence_start {
                out.push(fold(word));
            }
            sentence_start = false;
        }
        if token.ends_with(['.', '!', '?', ':', ';']) {
            sentence_start = true;
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Share of the smaller text's specifics that the other text also names; `None` when either
/// text names nothing specific, since then there is nothing to tell the matters apart by.
///
/// The smaller set, not the union, because a rephrasing often leaves out the writer's own name
/// or a date but does not name a different plot.
#[must_use]
pub fn specifics_overlap(a: &str, b: &str) -> Option<f64> {
    let (a, b) = (specifics(a), specifics(b));
    if a.is_empty() || b.is_empty() {
        return None;
    }
    let common = a.iter().filter(|w| b.binary_search(w).is_ok()).count();
    Some(ratio(common, a.len().min(b.len())))
}

/// How alike two petition texts are, 0–1: the geometric mean of the wording similarity
/// (exact Jaccard of [`Shingles`]) and [`specifics_overlap`].
///
/// Wording alone cannot tell a petition from the same template filled in for another plot or
/// village: on the labelled set those pairs score as high as true rephrasings. Specifics alone
/// cannot tell two matters about the same place apart. Both must agree, hence a product; the
/// square root keeps the scale readable ("giống 70 %" for a typical rephrasing). When either
/// text names nothing specific, the wording decides alone.
#[must_use]
pub fn content_similarity(a: &str, b: &str) -> f64 {
    let wording = Shingles::of(a).jaccard(&Shingles::of(b));
    (wording * specifics_overlap(a, b).unwrap_or(1.0)).sqrt()
}

// ---------------------------------------------------------------------------------------------
// The person
// ---------------------------------------------------------------------------------------------

/// The ID number as hashed and compared: its digits only ("001.301.012.345" and
/// "001301012345" are one number). Fewer than 9 digits (the old CMND length) is not a number
/// and gives the empty string, which never matches.
#[must_use]
pub fn normalise_id_number(s: &str) -> String {
    let digits: String = s.nfkc().filter(char::is_ascii_digit).collect();
    if digits.len() < 9 {
        String::new()
    } else {
        digits
    }
}

/// A name as hashed and compared: folded, words separated by one space. Folded because a
/// petition may arrive typed without diacritics; the cost is that "Lê" and "Lệ" become one.
#[must_use]
pub fn normalise_name(s: &str) -> String {
    words(s).join(" ")
}

/// Words of an address that say what kind of place follows rather than which place; people
/// write them, abbreviate them or leave them out ("P. Hoàn Kiếm", "phường Hoàn Kiếm",
/// "Hoàn Kiếm"). Longer phrases first.
const ADDRESS_LEVELS: &[&[&str]] = &[
    &["to", "dan", "pho"],
    &["khu", "dan", "cu"],
    &["thanh", "pho"],
    &["thi", "xa"],
    &["thi", "tran"],
    &["khu", "pho"],
    &["so", "nha"],
    &["viet", "nam"],
    &["so"],
    &["ngo"],
    &["ngach"],
    &["hem"],
    &["kiet"],
    &["duong"],
    &["pho"],
    &["thon"],
    &["xom"],
    &["ap"],
    &["ban"],
    &["to"],
    &["phuong"],
    &["xa"],
    &["quan"],
    &["huyen"],
    &["tinh"],
    &["tp"],
    &["tx"],
    &["tt"],
    &["p"],
    &["q"],
    &["x"],
    &["h"],
];

/// An address as hashed and compared: folded words, with the kind-of-place words
/// (`ADDRESS_LEVELS`: "số", "ngõ", "phường", "TP."…) and leading zeros dropped, so
/// "Số 05, ngõ 12, P. Hoàn Kiếm, TP Hà Nội" and "5 ngo 12 phuong Hoan Kiem Ha Noi" are equal.
#[must_use]
pub fn normalise_address(s: &str) -> String {
    let words = words(s);
    let mut out: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let level = ADDRESS_LEVELS.iter().find(|phrase| {
            words[i..].len() >= phrase.len()
                && words[i..i + phrase.len()]
                    .iter()
                    .zip(phrase.iter())
                    .all(|(w, p)| w == p)
        });
        if let Some(phrase) = level {
            i += phrase.len();
        } else {
            out.push(&words[i]);
            i += 1;
        }
    }
    out.join(" ")
}

fn words(s: &str) -> Vec<String> {
    let compat: String = s.nfkc().collect();
    fold(&compat)
        .split(|c: char| !c.is_alphanumeric())
        .flat_map(split_digits)
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Who wrote a petition, as the three strings compared. Build it with [`PersonKey::new`] from
/// plaintext, or fill the fields directly with values that are already normalised, or with
/// keyed hashes of the `normalise_*` output when the writer is a protected denouncer. An empty
/// field means unknown and never matches; pass an empty string, not the hash of one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PersonKey {
    pub id_number: String,
    pub name: String,
    pub address: String,
}

/// How sure it is that two petitions have the same writer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum PersonMatch {
    None,
    /// Same folded name only: common names ("Nguyễn Văn Hùng") repeat within a commune.
    SameName,
    /// Same folded name and address: rarely two people, but both are typed by hand.
    SameNameAndAddress,
    /// Same ID number: one card, one person.
    SameIdNumber,
}

impl PersonKey {
    #[must_use]
    pub fn new(id_number: &str, name: &str, address: &str) -> Self {
        Self {
            id_number: normalise_id_number(id_number),
            name: normalise_name(name),
            address: normalise_address(address),
        }
    }

    /// Different ID numbers do not rule out the same person: people move from a 9-digit CMND
    /// to a 12-digit CCCD, and a petition may carry either. So the name rules still apply.
    #[must_use]
    pub fn matches(&self, other: &Self) -> PersonMatch {
        let same = |a: &str, b: &str| !a.is_empty() && a == b;
        if same(&self.id_number, &other.id_number) {
            PersonMatch::SameIdNumber
        } else if same(&self.name, &other.name) && same(&self.address, &other.address) {
            PersonMatch::SameNameAndAddress
        } else if same(&self.name, &other.name) {
            PersonMatch::SameName
        } else {
            PersonMatch::None
        }
    }
}

impl PersonMatch {
    /// The person score: how far this alone goes towards a candidate (see [`DuplicateScore`]).
    #[must_use]
    pub fn weight(self) -> f64 {
        match self {
            Self::None => 0.0,
            Self::SameName => 0.3,
            Self::SameNameAndAddress => 0.7,
            Self::SameIdNumber => 0.9,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The score shown to the handler
// ---------------------------------------------------------------------------------------------

/// Why a petition was proposed, in words for the handler.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    SameIdNumber,
    SameNameAndAddress,
    SameName,
    /// Content similarity in whole percent.
    SimilarContent {
        percent: u8,
    },
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::SameIdNumber => f.write_str("cùng số CCCD/CMND"),
            Self::SameNameAndAddress => f.write_str("cùng họ tên và địa chỉ"),
            Self::SameName => f.write_str("cùng họ tên"),
            Self::SimilarContent { percent } => write!(f, "nội dung giống {percent} %"),
        }
    }
}

/// The score of one earlier petition as a duplicate candidate of a new one.
///
/// `total = 1 − (1 − content) · (1 − person)`: each signal closes part of the remaining gap,
/// so either alone can make a candidate, both together score higher than either, and total
/// never exceeds 1. With [`DuplicateScore::THRESHOLD`] at 0.6, the same ID number (0.9) or the
/// same name and address (0.7) proposes the petition whatever its content, because a second
/// petition from the same person is what a handler must check first; the same name only (0.3)
/// lowers the content needed from 0.60 to 0.43.
#[derive(Clone, Debug, PartialEq)]
pub struct DuplicateScore {
    /// [`content_similarity`], 0–1.
    pub content: f64,
    /// [`PersonMatch::weight`], 0–1.
    pub person: f64,
    pub total: f64,
    /// Strongest first; the content reason is always there, so a same-person candidate also
    /// shows how (un)alike the texts are.
    pub reasons: Vec<Reason>,
}

impl DuplicateScore {
    /// Chosen on `data/petitions/duplicate-pairs.csv` (content only): see the example
    /// `duplicate_quality` for precision and recall around it.
    pub const THRESHOLD: f64 = 0.6;

    #[must_use]
    pub fn new(content: f64, person: PersonMatch) -> Self {
        let content = content.clamp(0.0, 1.0);
        let weight = person.weight();
        let mut reasons = match person {
            PersonMatch::None => vec![],
            PersonMatch::SameName => vec![Reason::SameName],
            PersonMatch::SameNameAndAddress => vec![Reason::SameNameAndAddress],
            PersonMatch::SameIdNumber => vec![Reason::SameIdNumber],
        };
        reasons.push(Reason::SimilarContent {
            percent: percent(content),
        });
        Self {
            content,
            person: weight,
            total: 1.0 - (1.0 - content) * (1.0 - weight),
            reasons,
        }
    }

    #[must_use]
    pub fn is_candidate(&self) -> bool {
        self.total >= Self::THRESHOLD
    }
}

#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // clamped to 0..=100 first
fn percent(x: f64) -> u8 {
    (x.clamp(0.0, 1.0) * 100.0).round() as u8
}

/// Scores an earlier petition (`b`) against a new one (`a`).
#[must_use]
pub fn score(
    a_text: &str,
    a_person: &PersonKey,
    b_text: &str,
    b_person: &PersonKey,
) -> DuplicateScore {
    DuplicateScore::new(
        content_similarity(a_text, b_text),
        a_person.matches(b_person),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const LAND: &str = "Tôi là Nguyễn Văn Hùng, trú tại thôn Đông, xã Tân Lập. Gia đình ông Trần \
        Văn Bình đã xây tường rào lấn sang thửa đất số 215, tờ bản đồ số 12 của gia đình tôi. \
        Đề nghị UBND xã đo đạc lại và buộc ông Bình trả lại phần đất lấn chiếm.";

    #[test]
    fn identical_text_scores_one() {
        assert!((content_similarity(LAND, LAND) - 1.0).abs() < 1e-12);
        let sig = Signature::of(LAND);
        assert!((sig.estimate(&sig) - 1.0).abs() < 1e-12);
        assert!(score(LAND, &PersonKey::default(), LAND, &PersonKey::default()).is_candidate());
    }

    #[test]
    fn text_without_diacritics_scores_like_the_original() {
        let plain = fold(LAND);
        assert!(plain.is_ascii());
        assert_eq!(Shingles::of(&plain), Shingles::of(LAND));
        assert_eq!(Signature::of(&plain), Signature::of(LAND));
        // Specifics read capitals, which folding lowers; a plain text typed with its capitals
        // ("Nguyen Van Hung") keeps them.
        let typed = "Toi la Nguyen Van Hung, tru tai thon Dong, xa Tan Lap. Gia dinh ong Tran \
            Van Binh da xay tuong rao lan sang thua dat so 215, to ban do so 12 cua gia dinh toi. \
            De nghi UBND xa do dac lai va buoc ong Binh tra lai phan dat lan chiem.";
        assert!((content_similarity(typed, LAND) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn empty_text_is_never_a_candidate() {
        for empty in ["", "   ", "...", "—"] {
            let sig = Signature::of(empty);
            assert!(sig.is_empty());
            assert!(sig.band_keys().is_empty());
            assert!(sig.estimate(&sig).abs() < 1e-12);
            assert!(sig.estimate(&Signature::of(LAND)).abs() < 1e-12);
            assert!(content_similarity(empty, empty).abs() < 1e-12);
            assert!(content_similarity(empty, LAND).abs() < 1e-12);
            let s = score(empty, &PersonKey::default(), empty, &PersonKey::default());
            assert!(!s.is_candidate());
            let back: Signature = sig.to_string().parse().unwrap();
            assert_eq!(back, sig);
        }
    }

    #[test]
    fn a_single_word_is_compared() {
        assert!((content_similarity("Khiếu nại", "khieu nai") - 1.0).abs() < 1e-12);
        assert!(!Signature::of("Tố cáo").is_empty());
    }

    #[test]
    fn signature_round_trips_through_bytes_and_text() {
        let sig = Signature::of(LAND);
        let bytes = sig.to_bytes();
        assert_eq!(bytes.len(), Signature::BYTES);
        assert_eq!(bytes[0], Signature::VERSION);
        assert_eq!(Signature::from_bytes(&bytes).unwrap(), sig);
        let text = sig.to_string();
        assert!(text.starts_with("mh1:"));
        assert_eq!(text.len(), 4 + 2 * (Signature::BYTES - 1));
        assert_eq!(text.parse::<Signature>().unwrap(), sig);
    }

    #[test]
    fn damaged_or_future_signatures_are_refused() {
        let sig = Signature::of(LAND);
        let mut bytes = sig.to_bytes();
        bytes.pop();
        assert_eq!(
            Signature::from_bytes(&bytes),
            Err(SignatureError::Malformed)
        );
        assert_eq!(Signature::from_bytes(&[]), Err(SignatureError::Malformed));
        let mut future = sig.to_bytes();
        future[0] = 2;
        assert_eq!(
            Signature::from_bytes(&future),
            Err(SignatureError::Version(2))
        );
        assert_eq!(
            "mh2:00".parse::<Signature>(),
            Err(SignatureError::Version(2))
        );
        assert_eq!(
            "mh1:zz".parse::<Signature>(),
            Err(SignatureError::Malformed)
        );
        assert_eq!(
            "minhash".parse::<Signature>(),
            Err(SignatureError::Malformed)
        );
    }

    #[test]
    fn band_keys_of_identical_texts_are_equal() {
        let a = Signature::of(LAND).band_keys();
        assert_eq!(a.len(), Signature::BANDS);
        assert_eq!(a, Signature::of(&LAND.to_uppercase()).band_keys());
        // One key per band, so a single indexed column can hold them all.
        let mut distinct = a.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), a.len());
    }

    /// Signatures and band keys are stored: these values must never change without a new
    /// `Signature::VERSION`. They pin FNV-1a, the seeds, the mixer and the syllable rules.
    #[test]
    fn stored_values_are_stable() {
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
        let sig = Signature::of("Đơn khiếu nại về việc cấp giấy chứng nhận");
        let text = sig.to_string();
        assert_eq!(
            &text[..20],
            STABLE_PREFIX,
            "signature format or hashing changed"
        );
        assert_eq!(
            sig.band_keys()[0],
            STABLE_FIRST_KEY,
            "band key hashing changed"
        );
    }

    const STABLE_PREFIX: &str = "mh1:000000072ff54ff2";
    const STABLE_FIRST_KEY: u64 = 17_588_456_757_847_307_338;

    #[test]
    fn rephrasing_is_close_and_another_plot_is_not() {
        let rephrased = "Kính gửi UBND xã Tân Lập. Gia đình tôi có thửa đất số 215 tờ bản đồ 12 ở \
            thôn Đông. Hộ ông Trần Văn Bình bên cạnh xây tường rào lấn sang đất nhà tôi. Đề nghị \
            xã đo đạc và yêu cầu ông Bình trả lại đất.";
        let other_plot = "Tôi là Lê Thị Mai, trú tại thôn Tây, xã Tân Lập. Gia đình ông Phạm Văn \
            Sơn đã xây tường rào lấn sang thửa đất số 87, tờ bản đồ số 9 của gia đình tôi. Đề \
            nghị UBND xã đo đạc lại và buộc ông Sơn trả lại phần đất lấn chiếm.";
        let close = content_similarity(LAND, rephrased);
        let far = content_similarity(LAND, other_plot);
        assert!(close >= DuplicateScore::THRESHOLD, "{close}");
        assert!(far < DuplicateScore::THRESHOLD, "{far}");
        // Wording alone would have confused them.
        let wording = Shingles::of(LAND).jaccard(&Shingles::of(other_plot));
        assert!(wording >= Shingles::of(LAND).jaccard(&Shingles::of(rephrased)));
    }

    #[test]
    fn specifics_are_numbers_and_proper_names() {
        assert_eq!(
            specifics("Kính gửi UBND xã Tân Lập. Thửa số 0215, lô B2, 40-50cm. Ông Bình nói."),
            ["2", "215", "40", "50", "binh", "lap", "tan"]
        );
        assert_eq!(specifics("đề nghị xem xét"), Vec::<String>::new());
        assert_eq!(specifics_overlap("đề nghị", LAND), None);
    }

    #[test]
    fn syllables_are_folded_without_function_words() {
        assert_eq!(
            syllables("Nhà ông Tám xây 5 tầng, lấn các lối đi 1,5m²!"),
            [
                "nha", "ong", "tam", "xay", "5", "tang", "lan", "loi", "di", "1", "5", "m", "2"
            ]
        );
    }

    #[test]
    fn id_numbers_normalise_to_digits() {
        assert_eq!(normalise_id_number("001.301.012.345"), "001301012345");
        assert_eq!(normalise_id_number(" 001 301 012 345 "), "001301012345");
        assert_eq!(normalise_id_number("CMND 125 678 901"), "125678901");
        assert_eq!(normalise_id_number("12345"), "");
        assert_eq!(normalise_id_number(""), "");
    }

    #[test]
    fn names_and_addresses_normalise_to_folded_words() {
        assert_eq!(normalise_name("  Nguyễn  Văn Hùng "), "nguyen van hung");
        assert_eq!(normalise_name("NGUYEN VAN HUNG"), "nguyen van hung");
        let a = normalise_address("Số 05, ngõ 12, P. Hoàn Kiếm, TP Hà Nội");
        assert_eq!(a, "5 12 hoan kiem ha noi");
        assert_eq!(
            normalise_address("5 ngo 12 phuong Hoan Kiem, thanh pho Ha Noi"),
            a
        );
        assert_eq!(
            normalise_address("Tổ dân phố 7, phường Hòa Minh"),
            "7 hoa minh"
        );
        assert_eq!(normalise_address("Tổ 7 Hoà Minh"), "7 hoa minh");
    }

    #[test]
    fn person_matches_by_strength() {
        let hung = PersonKey::new(
            "001.301.012.345",
            "Nguyễn Văn Hùng",
            "thôn Đông, xã Tân Lập",
        );
        let same_card = PersonKey::new("001301012345", "Nguyen Van Hung", "");
        let same_home = PersonKey::new("", "NGUYỄN VĂN HÙNG", "Thon Dong xa Tan Lap");
        let namesake = PersonKey::new("", "Nguyễn Văn Hùng", "xóm 6, xã Nghi Phong");
        let new_card = PersonKey::new("125678901", "Nguyễn Văn Hùng", "Thôn Đông, Tân Lập");
        let stranger = PersonKey::new("001301099999", "Lê Thị Mai", "thôn Tây, xã Tân Lập");
        assert_eq!(hung.matches(&same_card), PersonMatch::SameIdNumber);
        assert_eq!(hung.matches(&same_home), PersonMatch::SameNameAndAddress);
        assert_eq!(hung.matches(&namesake), PersonMatch::SameName);
        assert_eq!(hung.matches(&new_card), PersonMatch::SameNameAndAddress);
        assert_eq!(hung.matches(&stranger), PersonMatch::None);
        assert_eq!(
            PersonKey::default().matches(&PersonKey::default()),
            PersonMatch::None
        );
    }

    #[test]
    fn blind_indexed_keys_match_like_plaintext() {
        // A stand-in for the store's keyed hash: only equality matters here.
        let blind = |s: String| {
            if s.is_empty() {
                s
            } else {
                hex::encode(fnv1a64(s.as_bytes()).to_be_bytes())
            }
        };
        let key = |id: &str, name: &str, address: &str| PersonKey {
            id_number: blind(normalise_id_number(id)),
            name: blind(normalise_name(name)),
            address: blind(normalise_address(address)),
        };
        let a = key("", "Trần Thị Bình", "Số 5 Hàng Bông, P. Hoàn Kiếm");
        let b = key("", "Tran Thi Binh", "5 Hang Bong, phuong Hoan Kiem");
        assert_eq!(a.matches(&b), PersonMatch::SameNameAndAddress);
    }

    #[test]
    fn total_combines_content_and_person() {
        let same_card = DuplicateScore::new(0.0, PersonMatch::SameIdNumber);
        assert!(same_card.is_candidate());
        assert_eq!(
            same_card.reasons,
            [Reason::SameIdNumber, Reason::SimilarContent { percent: 0 }]
        );
        assert!(DuplicateScore::new(0.0, PersonMatch::SameNameAndAddress).is_candidate());
        assert!(!DuplicateScore::new(0.0, PersonMatch::SameName).is_candidate());
        assert!(DuplicateScore::new(0.45, PersonMatch::SameName).is_candidate());
        assert!(!DuplicateScore::new(0.45, PersonMatch::None).is_candidate());
        let content = DuplicateScore::new(0.82, PersonMatch::None);
        assert!(content.is_candidate());
        assert!((content.total - 0.82).abs() < 1e-12);
        let both = DuplicateScore::new(0.82, PersonMatch::SameName);
        assert!(both.total > content.total && both.total <= 1.0);
        let words: Vec<String> = both.reasons.iter().map(ToString::to_string).collect();
        assert_eq!(words, ["cùng họ tên", "nội dung giống 82 %"]);
        assert_eq!(Reason::SameIdNumber.to_string(), "cùng số CCCD/CMND");
    }
}
