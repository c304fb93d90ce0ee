//! Form numbering and titles per legal instrument. TT 03/2025 renumbered the forms of TT 01/2018
//! and renamed one, and its text was not at hand when this was written, so the numbers are data
//! (`data/forms/form-sets.toml`) that an administrator can correct without a new build.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::FormError;
use crate::model::FormKind;

const SHIPPED: &str = include_str!("../../../data/forms/form-sets.toml");

/// How sure the project is of a set's numbering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// Read in the official text.
    Verified,
    /// Known only from a secondary source.
    Reported,
}

/// Number and title of one form in one set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormEntry {
    /// "01", printed as "Mẫu số 01".
    pub number: String,
    /// Sentence case; printed in capitals as the form's title.
    pub title: String,
    /// What follows the number in "Số: 12/TNHS"; empty prints the number alone.
    #[serde(default)]
    pub number_suffix: String,
}

/// The forms of one legal instrument.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormSet {
    pub id: String,
    pub legal_basis: String,
    pub effective_from: NaiveDate,
    pub confidence: Confidence,
    forms: BTreeMap<String, FormEntry>,
}

impl FormSet {
    pub fn entry(&self, kind: FormKind) -> &FormEntry {
        // Every kind is present: `FormSets::from_toml` refuses a set that lacks one.
        &self.forms[kind.key()]
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FormSetsFile {
    set: Vec<FormSet>,
}

/// All known form sets, ordered by the date they came into force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormSets {
    sets: Vec<FormSet>,
}

impl FormSets {
    /// The sets that ship with the program.
    pub fn shipped() -> Self {
        // The shipped file is checked by the tests; failing here would be a build defect.
        Self::from_toml(SHIPPED).expect("data/forms/form-sets.toml is valid")
    }

    /// An administrator's file, replacing the shipped sets entirely so that nobody prints a mix of
    /// two readings of the law.
    pub fn from_file(path: &Path) -> Result<Self, FormError> {
        let text = std::fs::read_to_string(path).map_err(|e| FormError::Io {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
        Self::from_toml(&text)
            .map_err(|e| FormError::InvalidFormSets(format!("{}: {e}", path.display())))
    }

    pub fn from_toml(text: &str) -> Result<Self, FormError> {
        let file: FormSetsFile =
            toml::from_str(text).map_err(|e| FormError::InvalidFormSets(e.to_string()))?;
        let mut sets = file.set;
        if sets.is_empty() {
            return Err(FormError::InvalidFormSets(
                "không có bộ mẫu nào / no [[set]]".into(),
            ));
        }
        for set in &sets {
            for kind in FormKind::ALL {
                if !set.forms.contains_key(kind.key()) {
                    return Err(FormError::InvalidFormSets(format!(
                        "bộ \"{}\" thiếu mẫu \"{}\" / set \"{}\" lacks form \"{}\"",
                        set.id,
                        kind.key(),
                        set.id,
                        kind.key()
                    )));
                }
            }
            if let Some(extra) = set
                .forms
                .keys()
                .find(|k| !FormKind::ALL.iter().any(|kind| kind.key() == k.as_str()))
            {
                return Err(FormError::InvalidFormSets(format!(
                    "bộ \"{}\" có mẫu lạ \"{extra}\" / set \"{}\" has unknown form \"{extra}\"",
                    set.id, set.id
                )));
            }
        }
        sets.sort_by_key(|s| s.effective_from);
        if let Some(w) = sets
            .windows(2)
            .find(|w| w[0].effective_from == w[1].effective_from)
        {
            return Err(FormError::InvalidFormSets(format!(
                "hai bộ \"{}\" và \"{}\" cùng hiệu lực từ {} / two sets start on the same day",
                w[0].id, w[1].id, w[0].effective_from
            )));
        }
        Ok(Self { sets })
    }

    /// The set in force on `date`: the latest one that had started by then.
    pub fn in_force(&self, date: NaiveDate) -> Result<&FormSet, FormError> {
        self.sets
            .iter()
            .rev()
            .find(|s| s.effective_from <= date)
            .ok_or(FormError::NoFormSetInForce { date })
    }

    pub fn by_id(&self, id: &str) -> Result<&FormSet, FormError> {
        self.sets
            .iter()
            .find(|s| s.id == id)
            .ok_or_else(|| FormError::UnknownFormSet(id.to_string()))
    }

    pub fn sets(&self) -> &[FormSet] {
        &self.sets
    }
}
