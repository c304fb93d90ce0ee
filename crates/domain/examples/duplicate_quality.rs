//! Measures duplicate-petition detection on the hand-labelled pairs in
//! `data/petitions/duplicate-pairs.csv` (label 1 = the same matter):
//!
//! ```sh
//! cargo run -p motcua-domain --example duplicate_quality --release
//! ```
//!
//! Prints precision, recall and F1 of the shipped content score at the shipped threshold, a
//! table over thresholds, the results by category, how many true pairs the LSH band keys would
//! have found, and the alternatives that were measured before choosing.

#[path = "../tests/similar_pairs/mod.rs"]
mod similar_pairs;

use std::collections::BTreeMap;

use motcua_domain::similar::{
    DuplicateScore, ShingleOptions, Shingles, Signature, content_similarity, specifics_overlap,
};
use similar_pairs::{Counts, Pair, load};

fn main() {
    let pairs = load();
    let positives = pairs.iter().filter(|p| p.same_matter).count();
    println!(
        "{} pairs: {positives} same matter, {} not",
        pairs.len(),
        pairs.len() - positives
    );

    let scored: Vec<(f64, bool)> = pairs
        .iter()
        .map(|p| (content_similarity(&p.left, &p.right), p.same_matter))
        .collect();

    let t = DuplicateScore::THRESHOLD;
    let c = Counts::at(&scored, t);
    println!(
        "\nShipped content score at threshold {t:.2}: precision {:.3}, recall {:.3}, F1 {:.3} \
         (TP {}, FP {}, FN {}, TN {})",
        c.precision(),
        c.recall(),
        c.f1(),
        c.tp,
        c.fp,
        c.fn_,
        c.tn
    );

    println!("\n threshold  precision  recall     F1");
    for t in [0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.9] {
        let c = Counts::at(&scored, t);
        println!(
            "   {t:>5.2}      {:>5.3}   {:>5.3}  {:>5.3}",
            c.precision(),
            c.recall(),
            c.f1()
        );
    }

    by_category(&pairs, &scored);
    lsh(&pairs, &scored);
    alternatives(&pairs);
}

fn by_category(pairs: &[Pair], scored: &[(f64, bool)]) {
    let mut by: BTreeMap<(bool, &str), (usize, usize)> = BTreeMap::new();
    for (p, (s, _)) in pairs.iter().zip(scored) {
        let e = by.entry((p.same_matter, &p.category)).or_default();
        e.0 += 1;
        if *s >= DuplicateScore::THRESHOLD {
            e.1 += 1;
        }
    }
    println!("\nBy category, proposed at the shipped threshold:");
    for ((same, category), (n, hit)) in by.iter().rev() {
        println!(
            "  label {}  {category:<26} {hit:>3} / {n:<3}",
            u8::from(*same)
        );
    }
    println!("\nMisses and false alarms:");
    for (p, (s, _)) in pairs.iter().zip(scored) {
        if (*s >= DuplicateScore::THRESHOLD) != p.same_matter {
            println!(
                "  #{:<4} label {} {:<26} score {s:.2}",
                p.id,
                u8::from(p.same_matter),
                p.category
            );
        }
    }
}

/// The first stage in the database: does any band key match?
fn lsh(pairs: &[Pair], scored: &[(f64, bool)]) {
    let mut by: BTreeMap<(bool, &str), (usize, usize)> = BTreeMap::new();
    let mut pipeline = Vec::new();
    for (p, (s, _)) in pairs.iter().zip(scored) {
        let (a, b) = (Signature::of(&p.left), Signature::of(&p.right));
        let keys = a.band_keys();
        let shared = b.band_keys().iter().any(|k| keys.contains(k));
        pipeline.push((if shared { *s } else { 0.0 }, p.same_matter));
        let e = by.entry((p.same_matter, &p.category)).or_default();
        e.0 += 1;
        e.1 += usize::from(shared);
    }
    let (n, hit) = by
        .iter()
        .filter(|((same, _), _)| *same)
        .fold((0, 0), |acc, (_, v)| (acc.0 + v.0, acc.1 + v.1));
    println!(
        "\nLSH ({} bands of {} slots): pairs sharing a band key, i.e. found by the index lookup",
        Signature::BANDS,
        Signature::ROWS
    );
    println!("  all same-matter pairs        {hit:>3} / {n}");
    for ((same, category), (n, hit)) in by.iter().rev() {
        println!(
            "  label {}  {category:<26} {hit:>3} / {n:<3}",
            u8::from(*same)
        );
    }
    let c = Counts::at(&pipeline, DuplicateScore::THRESHOLD);
    println!(
        "Band-key lookup then exact score at {:.2}: precision {:.3}, recall {:.3}, F1 {:.3}",
        DuplicateScore::THRESHOLD,
        c.precision(),
        c.recall(),
        c.f1()
    );
}

fn alternatives(pairs: &[Pair]) {
    println!("\nAlternatives (exact scores; the threshold with the best F1 for each):");
    println!(
        "  {:<22} {:<18} {:>5} {:>6} {:>6} {:>6}",
        "shingles", "score", "t", "P", "R", "F1"
    );
    for (min_width, max_width) in [(1, 1), (2, 2), (3, 3), (1, 2), (2, 3)] {
        for drop_function_words in [false, true] {
            let options = ShingleOptions {
                min_width,
                max_width,
                drop_function_words,
            };
            let name = format!(
                "{min_width}..={max_width}{}",
                if drop_function_words {
                    " −function words"
                } else {
                    ""
                }
            );
            for with_specifics in [false, true] {
                let scored: Vec<_> = pairs
                    .iter()
                    .map(|p| {
                        let j = Shingles::with(&p.left, options)
                            .jaccard(&Shingles::with(&p.right, options));
                        let s = if with_specifics {
                            specifics_overlap(&p.left, &p.right).unwrap_or(1.0)
                        } else {
                            1.0
                        };
                        ((j * s).sqrt(), p.same_matter)
                    })
                    .collect();
                let (t, c) = (1..100)
                    .map(|t| f64::from(t) / 100.0)
                    .map(|t| (t, Counts::at(&scored, t)))
                    .max_by(|a, b| a.1.f1().total_cmp(&b.1.f1()))
                    .expect("thresholds");
                let score = if with_specifics {
                    "√(J × specifics)"
                } else {
                    "√J"
                };
                println!(
                    "  {name:<22} {score:<18} {t:>5.2} {:>6.3} {:>6.3} {:>6.3}",
                    c.precision(),
                    c.recall(),
                    c.f1()
                );
            }
        }
    }
}
