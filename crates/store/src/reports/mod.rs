//! Place reports: the reports, their photos, public updates and followers; the categories, the
//! states and the unit boundaries they are routed by.
//!
//! What lives where: [`setup`] (boundaries, categories, states: what an administrator
//! configures), [`write`] (filing, state changes, re-routing, duplicates, following, moderation),
//! [`read`] (one report, lists with filters and pages, nearby reports, updates, counts).

pub mod read;
pub mod setup;
pub mod write;

use chrono::{DateTime, Utc};
use motcua_domain::ids::{ReportId, UnitId, UserId};
use motcua_domain::report::place::Coordinates;
use motcua_domain::report::state::StateGroup;
use serde::{Deserialize, Serialize};
use sqlx::FromRow;

use crate::error::{StoreError, StoreResult};

/// A stored report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReportRecord {
    pub id: ReportId,
    /// `PA-2026-000123`: what the reporter is told and quotes.
    pub code: String,
    pub category: String,
    /// The unit answering for it.
    pub unit: UnitId,
    pub at: Coordinates,
    pub address: String,
    pub title: String,
    pub description: String,
    /// Answers to the category's questions, by question code.
    pub answers: Vec<(String, String)>,
    pub channel: String,
    pub reporter: Option<UserId>,
    /// For staff and the outbox only: never on a public page or in Open311 output.
    pub reporter_name: String,
    pub reporter_email: String,
    pub reporter_phone: String,
    /// The reporter's name is hidden from the public.
    pub anonymous: bool,
    pub state: String,
    pub group: StateGroup,
    pub duplicate_of: Option<ReportId>,
    pub rules_id: String,
    pub acknowledge_due: DateTime<Utc>,
    pub answer_due: DateTime<Utc>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub answered_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    /// What the reporter wrote before a moderator's first edit, as JSON.
    pub original: Option<String>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A report's photo, as stored (resized, stripped of metadata).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PhotoRecord {
    pub position: i64,
    pub sha256: String,
    pub width: i64,
    pub height: i64,
    /// Hidden by a moderator: kept, not shown.
    pub hidden: bool,
    /// Stored as sent (without its metadata) and not yet rendered: nothing serves it.
    pub pending: bool,
    /// The EXIF orientation (1 to 8) to apply when it is rendered.
    pub orientation: i64,
}

/// A stored photo waiting for its served copy: the stored file and the orientation to apply.
/// Reports sent with the same picture share it, so it is rendered once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingPhoto {
    pub sha256: String,
    pub orientation: i64,
}

/// The kind of a photo's stored file between filing and rendering: never served, and removed
/// once the served copy is in place.
pub const PHOTO_ORIGINAL_KIND: &str = "report-photo-original";

/// One update of a report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UpdateRecord {
    pub id: String,
    pub report: ReportId,
    pub at: DateTime<Utc>,
    pub author: Option<UserId>,
    pub author_name: String,
    pub state: String,
    pub text: String,
    pub public: bool,
}

/// What a moderator may change, kept as the reporter wrote it on the first edit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Original {
    pub title: String,
    pub description: String,
    pub anonymous: bool,
}

pub(crate) const COLUMNS: &str = "report_id, code, category_code, unit_id, lat, lon, address, \
    title, description, answers, channel, reporter_id, reporter_name, reporter_email, \
    reporter_phone, anonymous, state, grp, duplicate_of, rules_id, acknowledge_due, answer_due, \
    acknowledged_at, answered_at, closed_at, original, version, created_at, updated_at";

#[derive(FromRow)]
pub(crate) struct ReportRow {
    report_id: String,
    code: String,
    category_code: String,
    unit_id: String,
    lat: f64,
    lon: f64,
    address: String,
    title: String,
    description: String,
    answers: String,
    channel: String,
    reporter_id: Option<String>,
    reporter_name: String,
    reporter_email: String,
    reporter_phone: String,
    anonymous: bool,
    state: String,
    grp: String,
    duplicate_of: Option<String>,
    rules_id: String,
    acknowledge_due: DateTime<Utc>,
    answer_due: DateTime<Utc>,
    acknowledged_at: Option<DateTime<Utc>>,
    answered_at: Option<DateTime<Utc>>,
    closed_at: Option<DateTime<Utc>>,
    original: Option<String>,
    version: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

fn corrupt(reason: impl Into<String>) -> StoreError {
    StoreError::Corrupt {
        table: "place_report",
        reason: reason.into(),
    }
}

impl TryFrom<ReportRow> for ReportRecord {
    type Error = StoreError;

    fn try_from(r: ReportRow) -> StoreResult<Self> {
        Ok(Self {
            id: ReportId::parse(&r.report_id).map_err(|_| corrupt("report_id"))?,
            unit: UnitId::parse(&r.unit_id).map_err(|_| corrupt("unit_id"))?,
            at: Coordinates {
                lat: r.lat,
                lon: r.lon,
            },
            answers: serde_json::from_str(&r.answers).map_err(|_| corrupt("answers"))?,
            reporter: r
                .reporter_id
                .as_deref()
                .map(UserId::parse)
                .transpose()
                .map_err(|_| corrupt("reporter_id"))?,
            group: StateGroup::parse(&r.grp).ok_or_else(|| corrupt("grp"))?,
            duplicate_of: r
                .duplicate_of
                .as_deref()
                .map(ReportId::parse)
                .transpose()
                .map_err(|_| corrupt("duplicate_of"))?,
            code: r.code,
            category: r.category_code,
            address: r.address,
            title: r.title,
            description: r.description,
            channel: r.channel,
            reporter_name: r.reporter_name,
            reporter_email: r.reporter_email,
            reporter_phone: r.reporter_phone,
            anonymous: r.anonymous,
            state: r.state,
            rules_id: r.rules_id,
            acknowledge_due: r.acknowledge_due,
            answer_due: r.answer_due,
            acknowledged_at: r.acknowledged_at,
            answered_at: r.answered_at,
            closed_at: r.closed_at,
            original: r.original,
            version: r.version,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}
