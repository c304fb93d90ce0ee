//! The labelled petition pairs and precision/recall over them, shared by the quality test and
//! the `duplicate_quality` example so both measure the same thing.

use std::path::PathBuf;

#[derive(Debug)]
pub struct Pair {
    pub id: u32,
    pub left: String,
    pub right: String,
    pub same_matter: bool,
    pub category: String,
}

pub fn path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/petitions/duplicate-pairs.csv")
}

pub fn load() -> Vec<Pair> {
    let mut reader = csv::Reader::from_path(path()).expect("data/petitions/duplicate-pairs.csv");
    reader
        .records()
        .map(|r| {
            let r = r.expect("a well-formed CSV row");
            Pair {
                id: r[0].parse().expect("numeric id"),
                left: r[1].to_owned(),
                right: r[2].to_owned(),
                same_matter: match &r[3] {
                    "1" => true,
                    "0" => false,
                    other => panic!("label must be 0 or 1, got {other:?}"),
                },
                category: r[4].to_owned(),
            }
        })
        .collect()
}

#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
    pub tn: usize,
}

impl Counts {
    /// `scored`: (score, labelled same matter). A pair is predicted a duplicate at
    /// `score >= threshold`.
    pub fn at(scored: &[(f64, bool)], threshold: f64) -> Self {
        let mut c = Self::default();
        for &(score, same) in scored {
            match (score >= threshold, same) {
                (true, true) => c.tp += 1,
                (true, false) => c.fp += 1,
                (false, true) => c.fn_ += 1,
                (false, false) => c.tn += 1,
            }
        }
        c
    }

    pub fn precision(&self) -> f64 {
        div(self.tp, self.tp + self.fp)
    }

    pub fn recall(&self) -> f64 {
        div(self.tp, self.tp + self.fn_)
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

#[allow(clippy::cast_precision_loss)]
fn div(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}
