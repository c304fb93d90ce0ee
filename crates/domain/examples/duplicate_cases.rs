//! Measures duplicate-petition detection as a handler meets it, on the hard labelled set
//! `data/petitions/duplicate-cases.csv` (issue 27): each pair with both senders' name, ID
//! number and address, written as citizens write (reworded, without diacritics, forwarded by
//! another body, a second letter without the ID number, neighbours about one matter; and as
//! negatives the same person about another matter, namesakes, the same topic elsewhere, the
//! same template about other facts).
//!
//! ```sh
//! cargo run -p motcua-domain --example duplicate_cases --release
//! ```
//!
//! Prints precision and recall of the shipped score (content and person together, at its
//! threshold) overall and per kind, and the same for the content score alone.

use std::collections::BTreeMap;
use std::path::PathBuf;

use motcua_domain::similar::{DuplicateScore, PersonKey, content_similarity, score};

struct Case {
    kind: String,
    same_matter: bool,
    left: (String, PersonKey),
    right: (String, PersonKey),
}

fn load() -> Vec<Case> {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/petitions/duplicate-cases.csv");
    let mut reader = csv::Reader::from_path(&path).expect("data/petitions/duplicate-cases.csv");
    reader
        .records()
        .map(|r| {
            let r = r.expect("a well-formed CSV row");
            let side = |name: usize| {
                (
                    r[name + 3].to_owned(),
                    PersonKey::new(&r[name + 1], &r[name], &r[name + 2]),
                )
            };
            Case {
                kind: r[1].to_owned(),
                same_matter: &r[2] == "1",
                left: side(3),
                right: side(7),
            }
        })
        .collect()
}

/// (true positives, false positives, false negatives) of `predicted` against the labels.
fn report(title: &str, cases: &[Case], predicted: &[bool]) {
    let mut by: BTreeMap<(bool, &str), (usize, usize)> = BTreeMap::new();
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for (c, p) in cases.iter().zip(predicted) {
        let e = by.entry((c.same_matter, &c.kind)).or_default();
        e.0 += 1;
        e.1 += usize::from(*p);
        match (p, c.same_matter) {
            (true, true) => tp += 1,
            (true, false) => fp += 1,
            (false, true) => fn_ += 1,
            (false, false) => {}
        }
    }
    #[allow(clippy::cast_precision_loss)]
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    println!(
        "\n{title}: precision {:.3}, recall {:.3} (TP {tp}, FP {fp}, FN {fn_})",
        ratio(tp, tp + fp),
        ratio(tp, tp + fn_)
    );
    for ((same, kind), (n, proposed)) in by.iter().rev() {
        let what = if *same { "found" } else { "wrongly proposed" };
        println!(
            "  label {}  {kind:<34} {proposed:>3} / {n:<3} {what}",
            u8::from(*same)
        );
    }
}

fn main() {
    let cases = load();
    let positives = cases.iter().filter(|c| c.same_matter).count();
    println!(
        "{} pairs: {positives} the same matter, {} not",
        cases.len(),
        cases.len() - positives
    );
    let shipped: Vec<bool> = cases
        .iter()
        .map(|c| score(&c.left.0, &c.left.1, &c.right.0, &c.right.1).is_candidate())
        .collect();
    report(
        &format!(
            "Shipped score (content and person) at {:.2}",
            DuplicateScore::THRESHOLD
        ),
        &cases,
        &shipped,
    );
    let content: Vec<bool> = cases
        .iter()
        .map(|c| content_similarity(&c.left.0, &c.right.0) >= DuplicateScore::THRESHOLD)
        .collect();
    report("Content alone at the same threshold", &cases, &content);
}
