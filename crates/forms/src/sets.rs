//! Form numbering and titles per legal instrument. TT 03/2025 renumbered the forms of TT 01/2018
//! and renamed one, and its text was not at hand when this was written, so the numbers are data
//! (`data/forms/form-sets.toml`) that an administrator can correct without a new build.
//!
//! The petition forms (complaints, denunciations, petition handling, citizen reception) live in a
//! second file, `data/forms/petition-forms.toml`. They come from several instruments, each in
//! force from its own day, so a set there lists only the forms its instrument prescribes, and
//! each entry says where its number was read and how sure that reading is.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::FormError;
use crate::model::FormKind;

const SHIPPED: &str = include_str!("../../../data/forms/form-sets.toml");
const SHIPPED_PETITION: &str = include_str!("../../../data/forms/petition-forms.toml");

/// How sure the project is of a set's numbering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// Read in the official text.
    Verified,
    /// Known only from a secondary source, or read in an unofficial copy of the text. Written
    /// `secondary` in the petition file.
    #[serde(alias = "secondary")]
    Reported,
    /// Not found in any source: a form printed from such an entry may carry no number at all.
    Unverified,
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
    /// Where the number and title were read ("NĐ 31/2019/NĐ-CP Điều 9"); required in the
    /// petition file, where each form comes from its own article.
    #[serde(default)]
    pub source: String,
    /// How sure that reading is; required in the petition file. In the one-stop file the set's
    /// confidence covers all its entries.
    #[serde(default)]
    pub confidence: Option<Confidence>,
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
    /// The entry of a one-stop form. Every one-stop set has them all ([`FormSets::from_toml`]
    /// refuses a set that lacks one); use [`FormSet::get`] on a petition set.
    ///
    /// # Panics
    /// If the set lacks the kind, i.e. for a petition kind or on a partial petition set.
    pub fn entry(&self, kind: FormKind) -> &FormEntry {
        &self.forms[kind.key()]
    }

    pub fn get(&self, kind: FormKind) -> Option<&FormEntry> {
        self.forms.get(kind.key())
    }

    /// The kinds this set has an entry for.
    pub fn kinds(&self) -> impl Iterator<Item = FormKind> + '_ {
        FormKind::ONE_STOP
            .into_iter()
            .chain(FormKind::PETITION)
            .filter(|k| self.forms.contains_key(k.key()))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FormSetsFile {
    set: Vec<FormSet>,
}

/// Which file a [`FormSets`] was read from, which decides the rules it is checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// Every set lists every one-stop form, so nobody prints a mix of two readings of the law.
    OneStop,
    /// Sets list the forms of their own instrument; each entry carries its source and confidence.
    Petition,
}

/// All known form sets, ordered by the date they came into force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormSets {
    sets: Vec<FormSet>,
    scope: Scope,
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

    /// The petition forms that ship with the program (`data/forms/petition-forms.toml`).
    pub fn shipped_petition() -> Self {
        // Checked by the tests, like the one-stop file.
        Self::petition_from_toml(SHIPPED_PETITION).expect("data/forms/petition-forms.toml is valid")
    }

    /// An administrator's petition-form file, replacing the shipped one entirely.
    pub fn petition_from_file(path: &Path) -> Result<Self, FormError> {
        let text = std::fs::read_to_string(path).map_err(|e| FormError::Io {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
        Self::petition_from_toml(&text)
            .map_err(|e| FormError::InvalidFormSets(format!("{}: {e}", path.display())))
    }

    /// The one-stop sets: each must list all of [`FormKind::ONE_STOP`] and nothing else.
    pub fn from_toml(text: &str) -> Result<Self, FormError> {
        Self::parse(text, Scope::OneStop)
    }

    /// The petition sets: each lists some of [`FormKind::PETITION`], every entry with its
    /// `source` and `confidence`.
    pub fn petition_from_toml(text: &str) -> Result<Self, FormError> {
        Self::parse(text, Scope::Petition)
    }

    fn parse(text: &str, scope: Scope) -> Result<Self, FormError> {
        let file: FormSetsFile =
            toml::from_str(text).map_err(|e| FormError::InvalidFormSets(e.to_string()))?;
        let mut sets = file.set;
        if sets.is_empty() {
            return Err(FormError::InvalidFormSets(
                "không có bộ mẫu nào / no [[set]]".into(),
            ));
        }
        let allowed: &[FormKind] = match scope {
            Scope::OneStop => &FormKind::ONE_STOP,
            Scope::Petition => &FormKind::PETITION,
        };
        for set in &sets {
            if scope == Scope::Petition {
                if set.forms.is_empty() {
                    return Err(FormError::InvalidFormSets(format!(
                        "bộ \"{}\" không có mẫu nào / set \"{}\" has no forms",
                        set.id, set.id
                    )));
                }
                if let Some((key, _)) = set
                    .forms
                    .iter()
                    .find(|(_, e)| e.source.trim().is_empty() || e.confidence.is_none())
                {
                    return Err(FormError::InvalidFormSets(format!(
                        "mẫu \"{key}\" của bộ \"{}\" thiếu source hoặc confidence / \
                         form \"{key}\" of set \"{}\" lacks source or confidence",
                        set.id, set.id
                    )));
                }
            }
            for kind in allowed.iter().filter(|_| scope == Scope::OneStop) {
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
                .find(|k| !allowed.iter().any(|kind| kind.key() == k.as_str()))
            {
                return Err(FormError::InvalidFormSets(format!(
                    "bộ \"{}\" có mẫu lạ \"{extra}\" / set \"{}\" has unknown form \"{extra}\"",
                    set.id, set.id
                )));
            }
        }
        sets.sort_by_key(|s| s.effective_from);
        // Petition instruments often start together (NĐ 154, 155 and 156 of 2026 all on 1 July);
        // only two sets giving the same form from the same day would be ambiguous.
        for kind in allowed {
            let with_kind: Vec<&FormSet> = sets
                .iter()
                .filter(|s| s.forms.contains_key(kind.key()))
                .collect();
            if let Some(w) = with_kind
                .windows(2)
                .find(|w| w[0].effective_from == w[1].effective_from)
            {
                return Err(FormError::InvalidFormSets(format!(
                    "hai bộ \"{}\" và \"{}\" cùng hiệu lực từ {} / two sets start on the same day",
                    w[0].id, w[1].id, w[0].effective_from
                )));
            }
        }
        Ok(Self { sets, scope })
    }

    /// The set that gives `kind` on `date`: the latest one listing it that had started by then.
    pub fn set_for(&self, kind: FormKind, date: NaiveDate) -> Result<&FormSet, FormError> {
        let listed = |s: &&FormSet| s.forms.contains_key(kind.key());
        if !self.sets.iter().any(|s| listed(&s)) {
            return Err(FormError::NoFormInForce {
                form: kind.key(),
                date,
            });
        }
        self.sets
            .iter()
            .rev()
            .filter(listed)
            .find(|s| s.effective_from <= date)
            .ok_or(match self.scope {
                Scope::OneStop => FormError::NoFormSetInForce { date },
                Scope::Petition => FormError::NoFormInForce {
                    form: kind.key(),
                    date,
                },
            })
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
