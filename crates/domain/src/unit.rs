//! Administrative units and their reorganisations.
//!
//! A unit row is one *version*: it is in force from `effective_from` to `effective_to`
//! (both inclusive; `None` = still in force). Codes are reused across reforms (the 2025 wards
//! took one predecessor's code), so a version is identified by (code, effective_from) or by
//! its id, never by code alone. A merge, split, rename or abolition closes the predecessors on
//! the day before it takes effect and links them to their successors; old rows are never
//! rewritten, so history still reports under the unit as it was.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::DomainError;
use crate::ids::{UnitChangeId, UnitId};
use crate::message::{MessageArg, Text};
use crate::text::fold;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitLevel {
    Province,
    /// Abolished on 2025-07-01; kept for history.
    District,
    /// Commune, ward or special zone (xã, phường, đặc khu).
    Commune,
    /// An office that decides or processes (Sở, UBND, public service center).
    Agency,
    /// A department inside an agency.
    Department,
}

impl UnitLevel {
    pub const ALL: [Self; 5] = [
        Self::Province,
        Self::District,
        Self::Commune,
        Self::Agency,
        Self::Department,
    ];

    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::Province => "province",
            Self::District => "district",
            Self::Commune => "commune",
            Self::Agency => "agency",
            Self::Department => "department",
        }
    }

    #[must_use]
    pub const fn label_vi(self) -> &'static str {
        match self {
            Self::Province => "Cấp tỉnh",
            Self::District => "Cấp huyện (trước 01/7/2025)",
            Self::Commune => "Cấp xã",
            Self::Agency => "Cơ quan",
            Self::Department => "Phòng, ban",
        }
    }

    /// Accepts the code or common Vietnamese names, with or without diacritics.
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let f = fold(s.trim());
        let level = match f.as_str() {
            "province" | "tinh" | "cap tinh" | "thanh pho truc thuoc trung uong" => Self::Province,
            "district" | "huyen" | "cap huyen" | "quan" | "thi xa" => Self::District,
            "commune" | "xa" | "cap xa" | "phuong" | "dac khu" | "thi tran" => Self::Commune,
            "agency" | "co quan" => Self::Agency,
            "department" | "phong" | "phong ban" => Self::Department,
            _ => {
                return Err(DomainError::invalid(
                    "level",
                    Text::with("validation-unit-level", vec![("value", s.trim().into())]),
                ));
            }
        };
        Ok(level)
    }
}

impl fmt::Display for UnitLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Checks an official code (of a unit, of a procedure): ASCII letters, digits and `. - _`, at
/// most 32 characters. `what` names the thing in the message (`validation-what-<what>`:
/// "unit", "procedure").
pub(crate) fn parse_code(s: &str, what: &'static str) -> Result<String, DomainError> {
    let s = s.trim();
    let what = || vec![("what", MessageArg::Label("validation-what", what))];
    if s.is_empty() {
        return Err(DomainError::invalid(
            "code",
            Text::with("validation-code-empty", what()),
        ));
    }
    if s.len() > 32
        || !s
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
    {
        return Err(DomainError::invalid(
            "code",
            Text::with("validation-code-chars", what()),
        ));
    }
    Ok(s.to_owned())
}

/// An official unit code (GSO code for territorial units, agency identifier for offices).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UnitCode(String);

impl UnitCode {
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        parse_code(s, "unit").map(Self)
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnitCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    pub id: UnitId,
    pub code: UnitCode,
    pub name: String,
    pub level: UnitLevel,
    pub parent: Option<UnitId>,
    /// Vùng sâu, vùng xa: some legal time limits are longer here.
    pub remote_area: bool,
    pub effective_from: NaiveDate,
    /// Last day in force (inclusive); `None` while in force.
    pub effective_to: Option<NaiveDate>,
    /// Working-time schedule, opaque here: its format belongs to the calendar crate.
    pub schedule: Option<String>,
}

impl Unit {
    #[must_use]
    pub fn in_force_on(&self, date: NaiveDate) -> bool {
        self.effective_from <= date && self.effective_to.is_none_or(|to| date <= to)
    }
}

/// The fields of a unit version to create, checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewUnit {
    pub code: UnitCode,
    pub name: String,
    pub level: UnitLevel,
    pub parent: Option<UnitId>,
    pub remote_area: bool,
    pub effective_from: NaiveDate,
    pub effective_to: Option<NaiveDate>,
    pub schedule: Option<String>,
}

impl NewUnit {
    /// Checks the rules that need no database: a name, a sane date range, and that only a
    /// province stands without a parent.
    pub fn validate(&self) -> Result<(), DomainError> {
        let mut errors = Vec::new();
        let name = self.name.trim();
        if name.is_empty() {
            errors.push(crate::FieldError {
                field: "name".into(),
                message: Text::id("validation-unit-name-empty"),
            });
        } else if name.chars().count() > 200 {
            errors.push(crate::FieldError {
                field: "name".into(),
                message: Text::id("validation-unit-name-too_long"),
            });
        }
        if let Some(to) = self.effective_to
            && to < self.effective_from
        {
            errors.push(crate::FieldError {
                field: "effective_to".into(),
                message: Text::id("validation-unit-effective_to"),
            });
        }
        if self.parent.is_none() && self.level != UnitLevel::Province {
            errors.push(crate::FieldError {
                field: "parent".into(),
                message: Text::id("validation-unit-parent"),
            });
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(DomainError::Invalid(errors))
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitChangeKind {
    /// Several units become one.
    Merge,
    /// One unit becomes several.
    Split,
    /// Same area, new name (and perhaps a new code).
    Rename,
    /// The unit ends; its area goes to the listed units (e.g. a district in 2025).
    Abolish,
}

impl UnitChangeKind {
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::Merge => "merge",
            Self::Split => "split",
            Self::Rename => "rename",
            Self::Abolish => "abolish",
        }
    }

    #[must_use]
    pub const fn label_vi(self) -> &'static str {
        match self {
            Self::Merge => "Sáp nhập",
            Self::Split => "Chia tách",
            Self::Rename => "Đổi tên",
            Self::Abolish => "Giải thể",
        }
    }

    pub fn parse(s: &str) -> Result<Self, DomainError> {
        match fold(s.trim()).as_str() {
            "merge" | "sap nhap" | "hop nhat" => Ok(Self::Merge),
            "split" | "chia tach" => Ok(Self::Split),
            "rename" | "doi ten" => Ok(Self::Rename),
            "abolish" | "giai the" => Ok(Self::Abolish),
            _ => Err(DomainError::invalid(
                "kind",
                Text::with(
                    "validation-unit_change-kind",
                    vec![("value", s.trim().into())],
                ),
            )),
        }
    }
}

/// A recorded reorganisation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitChange {
    pub id: UnitChangeId,
    pub kind: UnitChangeKind,
    pub predecessors: Vec<UnitId>,
    pub successors: Vec<UnitId>,
    /// First day the successors are in force; predecessors end the day before.
    pub effective: NaiveDate,
    pub legal_basis: String,
}

impl UnitChange {
    /// Checks the shape of a change: how many units on each side for its kind, no unit on both
    /// sides or twice, and a legal basis.
    pub fn new(
        kind: UnitChangeKind,
        predecessors: Vec<UnitId>,
        successors: Vec<UnitId>,
        effective: NaiveDate,
        legal_basis: &str,
    ) -> Result<Self, DomainError> {
        let (p, s) = (predecessors.len(), successors.len());
        let shape_ok = match kind {
            UnitChangeKind::Merge => p >= 2 && s == 1,
            UnitChangeKind::Split => p == 1 && s >= 2,
            UnitChangeKind::Rename => p == 1 && s == 1,
            UnitChangeKind::Abolish => p == 1,
        };
        if !shape_ok {
            let rule = match kind {
                UnitChangeKind::Merge => "validation-unit_change-merge",
                UnitChangeKind::Split => "validation-unit_change-split",
                UnitChangeKind::Rename => "validation-unit_change-rename",
                UnitChangeKind::Abolish => "validation-unit_change-abolish",
            };
            return Err(DomainError::invalid("units", Text::id(rule)));
        }
        let mut all: Vec<UnitId> = predecessors.iter().chain(&successors).copied().collect();
        all.sort_unstable();
        let n = all.len();
        all.dedup();
        if all.len() != n {
            return Err(DomainError::invalid(
                "units",
                Text::id("validation-unit_change-twice"),
            ));
        }
        let legal_basis = legal_basis.trim();
        if legal_basis.is_empty() {
            return Err(DomainError::invalid(
                "legal_basis",
                Text::id("validation-unit_change-legal_basis"),
            ));
        }
        Ok(Self {
            id: UnitChangeId::new(),
            kind,
            predecessors,
            successors,
            effective,
            legal_basis: legal_basis.to_owned(),
        })
    }

    /// The last day the predecessors are in force.
    #[must_use]
    pub fn predecessors_end(&self) -> NaiveDate {
        self.effective.pred_opt().unwrap_or(self.effective)
    }
}

/// Where a unit's open work goes on a date, after following reorganisations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "units", rename_all = "snake_case")]
pub enum Succession {
    /// This unit version is the one in force (the unit asked for, or its single successor).
    Unit(UnitId),
    /// The unit was split or abolished into several: a person must choose (e.g. by the
    /// applicant's address).
    Several(Vec<UnitId>),
    /// The unit ended with no successor.
    Ended,
}

/// The depth-first order of a unit tree: parents before children, siblings by code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TreeEntry {
    pub unit: Unit,
    pub depth: usize,
}

/// Orders units as a tree (roots first, each followed by its subtree). Units whose parent is
/// not in the list are treated as roots, so a partial list still shows everything.
#[must_use]
pub fn as_tree(mut units: Vec<Unit>) -> Vec<TreeEntry> {
    use std::collections::{HashMap, HashSet};
    units.sort_by(|a, b| a.code.cmp(&b.code).then(a.name.cmp(&b.name)));
    let ids: HashSet<UnitId> = units.iter().map(|u| u.id).collect();
    let mut children: HashMap<Option<UnitId>, Vec<Unit>> = HashMap::new();
    for u in units {
        let key = u.parent.filter(|p| ids.contains(p));
        children.entry(key).or_default().push(u);
    }
    let mut out = Vec::new();
    let mut stack: Vec<(Unit, usize)> = children
        .remove(&None)
        .unwrap_or_default()
        .into_iter()
        .rev()
        .map(|u| (u, 0))
        .collect();
    while let Some((u, depth)) = stack.pop() {
        if let Some(kids) = children.remove(&Some(u.id)) {
            stack.extend(kids.into_iter().rev().map(|k| (k, depth + 1)));
        }
        out.push(TreeEntry { unit: u, depth });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn unit(code: &str, parent: Option<UnitId>) -> Unit {
        Unit {
            id: UnitId::new(),
            code: UnitCode::parse(code).unwrap(),
            name: code.into(),
            level: UnitLevel::Commune,
            parent,
            remote_area: false,
            effective_from: d(2020, 1, 1),
            effective_to: Some(d(2025, 6, 30)),
            schedule: None,
        }
    }

    #[test]
    fn in_force_includes_both_ends() {
        let u = unit("1", None);
        assert!(!u.in_force_on(d(2019, 12, 31)));
        assert!(u.in_force_on(d(2020, 1, 1)));
        assert!(u.in_force_on(d(2025, 6, 30)));
        assert!(!u.in_force_on(d(2025, 7, 1)));
    }

    #[test]
    fn levels_parse_in_vietnamese() {
        assert_eq!(UnitLevel::parse("Tỉnh").unwrap(), UnitLevel::Province);
        assert_eq!(UnitLevel::parse("xã").unwrap(), UnitLevel::Commune);
        assert_eq!(UnitLevel::parse("phường").unwrap(), UnitLevel::Commune);
        assert_eq!(UnitLevel::parse("district").unwrap(), UnitLevel::District);
        assert!(UnitLevel::parse("thôn").is_err());
        for l in UnitLevel::ALL {
            assert_eq!(UnitLevel::parse(l.code()).unwrap(), l);
        }
    }

    #[test]
    fn codes_are_checked() {
        assert!(UnitCode::parse("31825").is_ok());
        assert!(UnitCode::parse("H12.39.01").is_ok());
        assert!(UnitCode::parse(" ").is_err());
        assert!(UnitCode::parse("a b").is_err());
        assert!(UnitCode::parse("mã").is_err());
    }

    #[test]
    fn new_units_are_validated() {
        let mut n = NewUnit {
            code: UnitCode::parse("95").unwrap(),
            name: "Tỉnh Bạc Liêu".into(),
            level: UnitLevel::Province,
            parent: None,
            remote_area: false,
            effective_from: d(1997, 1, 1),
            effective_to: Some(d(2025, 6, 30)),
            schedule: None,
        };
        assert!(n.validate().is_ok());
        n.level = UnitLevel::Commune;
        n.name = " ".into();
        n.effective_to = Some(d(1990, 1, 1));
        let e = n.validate().unwrap_err();
        let fields: Vec<_> = e.fields().iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["name", "effective_to", "parent"]);
    }

    #[test]
    fn change_shapes_are_checked() {
        let (a, b, c) = (UnitId::new(), UnitId::new(), UnitId::new());
        let day = d(2025, 7, 1);
        let basis = "Nghị quyết 1655/NQ-UBTVQH15";
        use UnitChangeKind::*;
        assert!(UnitChange::new(Merge, vec![a, b], vec![c], day, basis).is_ok());
        assert!(UnitChange::new(Merge, vec![a], vec![c], day, basis).is_err());
        assert!(UnitChange::new(Merge, vec![a, b], vec![b], day, basis).is_err());
        assert!(UnitChange::new(Split, vec![a], vec![b, c], day, basis).is_ok());
        assert!(UnitChange::new(Split, vec![a], vec![b], day, basis).is_err());
        assert!(UnitChange::new(Rename, vec![a], vec![b], day, basis).is_ok());
        assert!(UnitChange::new(Rename, vec![a], vec![a], day, basis).is_err());
        assert!(UnitChange::new(Abolish, vec![a], vec![], day, basis).is_ok());
        assert!(UnitChange::new(Abolish, vec![a], vec![b, c], day, basis).is_ok());
        assert!(UnitChange::new(Merge, vec![a, b], vec![c], day, "  ").is_err());
        let ch = UnitChange::new(Merge, vec![a, b], vec![c], day, basis).unwrap();
        assert_eq!(ch.predecessors_end(), d(2025, 6, 30));
    }

    #[test]
    fn trees_put_parents_first() {
        let p = unit("1", None);
        let c2 = unit("3", Some(p.id));
        let c1 = unit("2", Some(p.id));
        let g = unit("4", Some(c2.id));
        let orphan = unit("0", Some(UnitId::new()));
        let t = as_tree(vec![
            g.clone(),
            c2.clone(),
            orphan.clone(),
            c1.clone(),
            p.clone(),
        ]);
        let order: Vec<_> = t.iter().map(|e| (e.unit.code.as_str(), e.depth)).collect();
        assert_eq!(order, [("0", 0), ("1", 0), ("2", 1), ("3", 1), ("4", 2)]);
    }
}
