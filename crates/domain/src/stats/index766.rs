//! The service index of Decision 766/QĐ-TTg, as versioned data: groups, indicators, weights,
//! conversions and rating bands, each with its source and how sure we are of it. The portal's
//! scoring has drifted from the decision (five groups in 2022, six on the portal today), so
//! the versions live in `data/stats/index766.toml` and a figure is always shown with the
//! version that scored it.

use chrono::NaiveDate;
use serde::Deserialize;

use super::{DossierFigures, ServiceFigures};
use crate::DomainError;
use crate::message::Text;

/// How sure a number or rule is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Certainty {
    /// Read in the decision or an official page quoting it.
    Verified,
    /// From a secondary source (a technical note, a provincial page).
    Secondary,
    /// Fitted to the national portal's published scores by a third party.
    ReverseEngineered,
    /// Not found in any public source: a configurable default.
    Unverified,
}

impl Certainty {
    #[must_use]
    pub const fn label_vi(self) -> &'static str {
        match self {
            Self::Verified => "đã đối chiếu văn bản",
            Self::Secondary => "nguồn thứ cấp",
            Self::ReverseEngineered => "suy ra từ số liệu Cổng DVCQG",
            Self::Unverified => "chưa xác minh (mặc định cấu hình được)",
        }
    }
}

/// What an indicator is computed from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Finished early or on time, plus open within the limit / finished in or open at the
    /// end of the period (2.1).
    DossierOnTime,
    /// Received online / received (3.3).
    DossierOnline,
    /// Dossiers neither late nor rated dissatisfied / dossiers handled (5.4).
    DossierSatisfaction,
    /// Recommendations and feedback handled on time, plus open within the limit / all of
    /// them (5.2).
    PetitionOnTime,
    /// Procedures offered online, partly or fully / procedures served (3.1).
    ProcedureOnline,
    /// Procedures offered online that received an online dossier in the period / procedures
    /// offered online (3.2).
    OnlineServiceUsed,
    /// Procedures with a fee that had a dossier paid online in the period / procedures with a
    /// fee (3.5).
    FeeProcedurePaidOnline,
    /// Dossiers paid online / dossiers with a fee, received in the period (3.6).
    DossierPaidOnline,
    /// Finished with an electronic result / finished whose result is a document (4.1).
    DossierEResult,
    /// Finished with every component digitised and an electronic result where the result is
    /// a document / finished (4.2).
    DossierDigitised,
    /// Received with a component replaced by reused data / received (4.3).
    DossierReused,
    /// Received with a component from the applicant's store on the national portal /
    /// received (4.4).
    DossierPortalStore,
    /// Received and confirmed by the national portal / received (1.4).
    DossierSynced,
    /// Data the system does not hold yet; the indicator's `missing` says what.
    Missing,
}

/// What one view's index is computed from.
#[derive(Clone, Copy, Debug)]
pub struct Inputs<'a> {
    pub dossiers: &'a DossierFigures,
    /// The procedures served (3.1, 3.2, 3.5); `None` where the caller did not read them.
    pub service: Option<&'a ServiceFigures>,
    /// Recommendations and feedback (5.2): handled on time or open within the limit, and
    /// all of them; `None` where the caller did not read them.
    pub petitions: Option<(i64, i64)>,
}

impl Measure {
    /// This measure's numerator and denominator over `x`; `None` when the system lacks the
    /// data or the caller did not read it.
    #[must_use]
    pub fn numbers(self, x: &Inputs<'_>) -> Option<(i64, i64)> {
        let f = x.dossiers;
        let (r, d) = (&f.digital_received, &f.digital_finished);
        Some(match self {
            Self::DossierOnTime => (f.on_time_total(), f.handled_total()),
            Self::DossierOnline => (f.received_online, f.received()),
            // 766's wording: (dossiers − dissatisfied − overdue) / dossiers.
            Self::DossierSatisfaction => {
                let den = f.handled_total();
                let bad = f.late + f.open_over + f.dissatisfied;
                ((den - bad).max(0), den)
            }
            Self::PetitionOnTime => x.petitions?,
            Self::ProcedureOnline => {
                let s = x.service?;
                (s.online, s.procedures)
            }
            Self::OnlineServiceUsed => {
                let s = x.service?;
                (s.online_used, s.online)
            }
            Self::FeeProcedurePaidOnline => {
                let s = x.service?;
                (s.fee_paid_online, s.fee_bearing)
            }
            Self::DossierPaidOnline => (r.paid_online, r.fee_bearing),
            Self::DossierEResult => (d.e_result, d.paper_result),
            Self::DossierDigitised => (d.digitised, f.finished()),
            Self::DossierReused => (r.reused, f.received()),
            Self::DossierPortalStore => (r.from_store, f.received()),
            Self::DossierSynced => (r.synced, f.received()),
            Self::Missing => return None,
        })
    }
}

/// How a ratio becomes points.
#[derive(Clone, Copy, Debug, PartialEq, Deserialize)]
pub struct Conversion {
    /// Full points at this ratio and above (1.0: linear).
    #[serde(default = "one")]
    pub full_at: f64,
    /// Points when there is nothing to count: `full` or `zero`.
    #[serde(default)]
    pub when_empty: WhenEmpty,
}

const fn one() -> f64 {
    1.0
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WhenEmpty {
    #[default]
    Zero,
    Full,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Group {
    pub code: String,
    pub name: String,
    pub points: f64,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Indicator {
    pub code: String,
    pub group: String,
    pub name: String,
    pub points: f64,
    pub measure: Measure,
    pub conversion: Conversion,
    pub certainty: Certainty,
    pub source: String,
    /// For `Missing`: what the system would need to hold.
    #[serde(default)]
    pub missing: String,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Band {
    pub name: String,
    /// The lowest total of the band.
    pub from: f64,
    pub certainty: Certainty,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct IndexVersion {
    pub id: String,
    pub name: String,
    pub effective_from: NaiveDate,
    pub source: String,
    pub certainty: Certainty,
    pub groups: Vec<Group>,
    pub indicators: Vec<Indicator>,
    /// Highest first.
    pub bands: Vec<Band>,
}

#[derive(Debug, Deserialize)]
struct File {
    version: Vec<IndexVersion>,
}

/// Every version of the index, oldest first.
#[derive(Clone, Debug)]
pub struct IndexVersions(Vec<IndexVersion>);

impl IndexVersions {
    /// Reads and checks the versions file: groups add up to 100, every indicator belongs to a
    /// group whose points its indicators add up to, bands run from the top down.
    pub fn parse(toml_text: &str) -> Result<Self, String> {
        let file: File = toml::from_str(toml_text).map_err(|e| e.to_string())?;
        let mut versions = file.version;
        versions.sort_by_key(|v| v.effective_from);
        for v in &versions {
            let total: f64 = v.groups.iter().map(|g| g.points).sum();
            if (total - 100.0).abs() > 1e-9 {
                return Err(format!("{}: groups add up to {total}, not 100", v.id));
            }
            for g in &v.groups {
                let sum: f64 = v
                    .indicators
                    .iter()
                    .filter(|i| i.group == g.code)
                    .map(|i| i.points)
                    .sum();
                if (sum - g.points).abs() > 1e-9 {
                    return Err(format!(
                        "{}: indicators of {} add up to {sum}, not {}",
                        v.id, g.code, g.points
                    ));
                }
            }
            if let Some(i) = v
                .indicators
                .iter()
                .find(|i| !v.groups.iter().any(|g| g.code == i.group))
            {
                return Err(format!("{}: {} has no group {}", v.id, i.code, i.group));
            }
            if v.bands.windows(2).any(|w| w[0].from <= w[1].from) {
                return Err(format!("{}: bands must run from the top down", v.id));
            }
        }
        if versions.is_empty() {
            return Err("no version".into());
        }
        Ok(Self(versions))
    }

    #[must_use]
    pub fn all(&self) -> &[IndexVersion] {
        &self.0
    }

    /// The version in force on `date` (the oldest before any).
    #[must_use]
    pub fn in_force(&self, date: NaiveDate) -> &IndexVersion {
        self.0
            .iter()
            .rev()
            .find(|v| v.effective_from <= date)
            .unwrap_or(&self.0[0])
    }

    /// The version `id`, or a message for the `phien_ban` field.
    pub fn get(&self, id: &str) -> Result<&IndexVersion, DomainError> {
        self.0
            .iter()
            .find(|v| v.id == id)
            .ok_or_else(|| DomainError::invalid("phien_ban", Text::id("stats-index-unknown")))
    }
}

/// An indicator's numbers and points.
#[derive(Clone, Debug, PartialEq)]
pub struct Scored {
    pub numerator: i64,
    pub denominator: i64,
    /// `None` when the system lacks the data.
    pub points: Option<f64>,
}

impl Indicator {
    /// Points for `num / den` under this indicator's conversion, to two decimals.
    #[must_use]
    pub fn score(&self, num: i64, den: i64) -> Scored {
        let points = if self.measure == Measure::Missing {
            None
        } else if den <= 0 {
            Some(match self.conversion.when_empty {
                WhenEmpty::Zero => 0.0,
                WhenEmpty::Full => self.points,
            })
        } else {
            #[allow(clippy::cast_precision_loss)]
            let ratio = num as f64 / den as f64;
            let raw = (self.points * ratio / self.conversion.full_at).min(self.points);
            Some((raw * 100.0).round() / 100.0)
        };
        Scored {
            numerator: num,
            denominator: den,
            points,
        }
    }
}

impl IndexVersion {
    /// The band a total falls in.
    #[must_use]
    pub fn band(&self, total: f64) -> Option<&Band> {
        self.bands.iter().find(|b| total >= b.from)
    }

    /// The most the indicators the system can compute may give.
    #[must_use]
    pub fn computable_points(&self) -> f64 {
        self.indicators
            .iter()
            .filter(|i| i.measure != Measure::Missing)
            .map(|i| i.points)
            .sum()
    }
}

/// The versions shipped with motcua.
pub const VERSIONS_TOML: &str = include_str!("../../../../data/stats/index766.toml");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_versions_are_consistent() {
        let v = IndexVersions::parse(VERSIONS_TOML).expect("versions parse and add up");
        assert!(v.all().len() >= 2);
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        assert_eq!(v.in_force(today).groups.len(), 6);
        let old = NaiveDate::from_ymd_opt(2022, 7, 1).unwrap();
        assert_eq!(v.in_force(old).groups.len(), 5);
        assert!(v.get("khong-co").is_err());
    }

    #[test]
    fn conversions_cap_and_round() {
        let v = IndexVersions::parse(VERSIONS_TOML).unwrap();
        let current = v.in_force(NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
        let online = current.indicators.iter().find(|i| i.code == "3.3").unwrap();
        // Full marks at half the dossiers online.
        assert_eq!(online.score(1, 2).points, Some(6.0));
        assert_eq!(online.score(1, 4).points, Some(3.0));
        assert_eq!(online.score(0, 0).points, Some(0.0));
        let pakn = current.indicators.iter().find(|i| i.code == "5.2").unwrap();
        assert_eq!(pakn.score(0, 0).points, Some(6.0));
        let on_time = current.indicators.iter().find(|i| i.code == "2.1").unwrap();
        assert_eq!(on_time.score(2, 3).points, Some(13.33));
        assert_eq!(
            current.band(91.0).map(|b| b.name.as_str()),
            Some("Xuất sắc")
        );
        assert_eq!(current.band(10.0).map(|b| b.name.as_str()), Some("Yếu"));
    }

    #[test]
    fn a_versions_file_that_does_not_add_up_is_refused() {
        let bad = VERSIONS_TOML.replacen("points = 18.0", "points = 17.0", 1);
        assert!(IndexVersions::parse(&bad).is_err());
    }
}
