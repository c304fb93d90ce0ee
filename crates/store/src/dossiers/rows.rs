//! A dossier row and its events as stored, and their mapping to the domain's records.

use chrono::{DateTime, Utc};
use motcua_domain::dossier::lifecycle::{Channel, Status, Timeliness};
use motcua_domain::ids::{DossierId, ProcedureVersionId, UnitId, UserId};
use motcua_domain::procedure::{LimitKind, Quantity};
use motcua_domain::role::Role;
use sqlx::FromRow;

use super::{ApplicantRecord, DossierRecord, EventRecord, WatchFlag, WatchKind};
use crate::error::{StoreError, StoreResult};
use motcua_domain::dossier::record::{Digital, Gateway};

#[derive(FromRow)]
pub(super) struct DossierRow {
    dossier_id: String,
    code: String,
    agency_code: String,
    receiving_unit_id: String,
    handling_unit_id: String,
    procedure_version_id: String,
    procedure_code: String,
    procedure_name: String,
    channel: String,
    status: String,
    step_index: Option<i64>,
    step_count: i64,
    step_role: Option<String>,
    step_started_at: Option<DateTime<Utc>>,
    step_due_at: Option<DateTime<Utc>>,
    step_user_id: Option<String>,
    applicant_kind: String,
    applicant_name: String,
    applicant_id_number: String,
    applicant_phone: Option<String>,
    applicant_email: Option<String>,
    applicant_address: String,
    applicant_user_id: Option<String>,
    masked_name: String,
    submitted_at: DateTime<Utc>,
    received_at: DateTime<Utc>,
    received_by: Option<String>,
    rules_id: String,
    limit_kind: String,
    limit_amount: i64,
    original_due_at: DateTime<Utc>,
    due_at: Option<DateTime<Utc>>,
    supplement_requested_at: Option<DateTime<Utc>>,
    resubmitted_at: Option<DateTime<Utc>>,
    apologised_at: Option<DateTime<Utc>>,
    finished_at: Option<DateTime<Utc>>,
    outcome: Option<String>,
    watch_flag: Option<String>,
    watch_reason: Option<String>,
    watch_step_index: Option<i64>,
    watch_user_id: Option<String>,
    watch_at: Option<DateTime<Utc>>,
    logbook_year: i64,
    logbook_number: i64,
    fee_text: String,
    return_place: String,
    version: i64,
    fee_bearing: bool,
    paid_online: Option<String>,
    paper_result: bool,
    e_result: bool,
    components_digitised: bool,
    reused_data: bool,
    from_portal_store: bool,
    synced_at: Option<DateTime<Utc>>,
}

pub(super) const COLUMNS: &str = "dossier_id, code, agency_code, receiving_unit_id, handling_unit_id, \
    procedure_version_id, procedure_code, procedure_name, channel, status, step_index, \
    step_count, step_role, step_started_at, step_due_at, step_user_id, applicant_kind, applicant_name, \
    applicant_id_number, applicant_phone, applicant_email, applicant_address, applicant_user_id, \
    masked_name, submitted_at, received_at, received_by, rules_id, limit_kind, limit_amount, \
    original_due_at, due_at, supplement_requested_at, resubmitted_at, apologised_at, finished_at, \
    outcome, watch_flag, watch_reason, watch_step_index, watch_user_id, watch_at, logbook_year, \
    logbook_number, fee_text, return_place, version, fee_bearing, paid_online, paper_result, \
    e_result, components_digitised, reused_data, from_portal_store, synced_at";

pub(super) fn parse_id<T>(
    s: &str,
    f: fn(&str) -> Result<T, motcua_domain::DomainError>,
) -> StoreResult<T> {
    f(s).map_err(|e| StoreError::corrupt("dossier", e))
}

pub(super) fn opt_id<T>(
    s: Option<&String>,
    f: fn(&str) -> Result<T, motcua_domain::DomainError>,
) -> StoreResult<Option<T>> {
    s.map(|s| parse_id(s, f)).transpose()
}

pub(super) fn parse_status(s: &str) -> StoreResult<Status> {
    Status::parse(s).ok_or_else(|| StoreError::corrupt("dossier", "status"))
}

pub(super) fn parse_outcome(s: Option<&str>) -> StoreResult<Option<Timeliness>> {
    s.map(|s| Timeliness::parse(s).ok_or_else(|| StoreError::corrupt("dossier", "outcome")))
        .transpose()
}

pub(super) fn small(v: i64) -> StoreResult<u16> {
    u16::try_from(v).map_err(|e| StoreError::corrupt("dossier", e))
}

impl TryFrom<DossierRow> for DossierRecord {
    type Error = StoreError;
    fn try_from(r: DossierRow) -> StoreResult<Self> {
        let bad = |what: &str| StoreError::corrupt("dossier", what);
        Ok(Self {
            id: parse_id(&r.dossier_id, DossierId::parse)?,
            code: r.code,
            agency_code: r.agency_code,
            receiving_unit: parse_id(&r.receiving_unit_id, UnitId::parse)?,
            handling_unit: parse_id(&r.handling_unit_id, UnitId::parse)?,
            procedure_version: parse_id(&r.procedure_version_id, ProcedureVersionId::parse)?,
            procedure_code: r.procedure_code,
            procedure_name: r.procedure_name,
            channel: Channel::parse(&r.channel).ok_or_else(|| bad("channel"))?,
            status: parse_status(&r.status)?,
            step_index: r.step_index.map(small).transpose()?,
            step_count: small(r.step_count)?,
            step_role: r
                .step_role
                .as_deref()
                .map(|s| Role::parse(s).map_err(|_| bad("step_role")))
                .transpose()?,
            step_started_at: r.step_started_at,
            step_due_at: r.step_due_at,
            step_user: opt_id(r.step_user_id.as_ref(), UserId::parse)?,
            applicant: ApplicantRecord {
                kind: r.applicant_kind,
                name: r.applicant_name,
                id_number: r.applicant_id_number,
                phone: r.applicant_phone,
                email: r.applicant_email,
                address: r.applicant_address,
                user_id: opt_id(r.applicant_user_id.as_ref(), UserId::parse)?,
                masked_name: r.masked_name,
            },
            submitted_at: r.submitted_at,
            received_at: r.received_at,
            received_by: opt_id(r.received_by.as_ref(), UserId::parse)?,
            rules_id: r.rules_id,
            limit_kind: LimitKind::parse(&r.limit_kind).map_err(|_| bad("limit_kind"))?,
            limit_amount: Quantity::from_hundredths(
                u32::try_from(r.limit_amount).map_err(|_| bad("limit_amount"))?,
            ),
            original_due_at: r.original_due_at,
            due_at: r.due_at,
            supplement_requested_at: r.supplement_requested_at,
            resubmitted_at: r.resubmitted_at,
            apologised_at: r.apologised_at,
            finished_at: r.finished_at,
            outcome: parse_outcome(r.outcome.as_deref())?,
            watch: match (r.watch_flag.as_deref(), r.watch_at) {
                (Some(flag), Some(at)) => Some(WatchFlag {
                    kind: WatchKind::parse(flag).ok_or_else(|| bad("watch_flag"))?,
                    reason: r.watch_reason.unwrap_or_default(),
                    step_index: r.watch_step_index.map(small).transpose()?,
                    user: opt_id(r.watch_user_id.as_ref(), UserId::parse)?,
                    at,
                }),
                _ => None,
            },
            logbook_year: i32::try_from(r.logbook_year).map_err(|_| bad("logbook_year"))?,
            logbook_number: r.logbook_number,
            fee_text: r.fee_text,
            return_place: r.return_place,
            digital: Digital {
                fee_bearing: r.fee_bearing,
                paid_online: r
                    .paid_online
                    .as_deref()
                    .map(|g| Gateway::parse(g).ok_or_else(|| bad("paid_online")))
                    .transpose()?,
                paper_result: r.paper_result,
                e_result: r.e_result,
                components_digitised: r.components_digitised,
                reused_data: r.reused_data,
                from_portal_store: r.from_portal_store,
                synced_at: r.synced_at,
            },
            version: r.version,
        })
    }
}

#[derive(FromRow)]
pub(super) struct EventRow {
    seq: i64,
    at: DateTime<Utc>,
    action: String,
    actor_user_id: Option<String>,
    actor_name: String,
    from_status: Option<String>,
    to_status: String,
    from_unit_id: Option<String>,
    to_unit_id: Option<String>,
    step_index: Option<i64>,
    step_name: Option<String>,
    step_started_at: Option<DateTime<Utc>>,
    step_due_at: Option<DateTime<Utc>>,
    step_budget_minutes: Option<i64>,
    timeliness: Option<String>,
    receiver_user_id: Option<String>,
    receiver_name: Option<String>,
    note: String,
    details: String,
}

pub(super) const EVENT_COLUMNS: &str = "seq, at, action, actor_user_id, actor_name, from_status, \
    to_status, from_unit_id, to_unit_id, step_index, step_name, step_started_at, step_due_at, \
    step_budget_minutes, timeliness, receiver_user_id, receiver_name, note, details";

impl EventRow {
    pub(super) fn into_record(self) -> StoreResult<EventRecord> {
        let r = self;
        Ok(EventRecord {
            seq: r.seq,
            at: r.at,
            action: r.action,
            actor: opt_id(r.actor_user_id.as_ref(), UserId::parse)?,
            actor_name: r.actor_name,
            from_status: r.from_status,
            to_status: r.to_status,
            from_unit: opt_id(r.from_unit_id.as_ref(), UnitId::parse)?,
            to_unit: opt_id(r.to_unit_id.as_ref(), UnitId::parse)?,
            step_index: r.step_index.map(small).transpose()?,
            step_name: r.step_name,
            step_started_at: r.step_started_at,
            step_due_at: r.step_due_at,
            step_budget_minutes: r.step_budget_minutes,
            timeliness: r.timeliness.as_deref().and_then(Timeliness::parse),
            receiver: opt_id(r.receiver_user_id.as_ref(), UserId::parse)?,
            receiver_name: r.receiver_name,
            note: r.note,
            details: r.details,
        })
    }
}
