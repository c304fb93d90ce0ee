//! The petition row as stored and its mapping to [`PetitionRecord`](super::PetitionRecord).

use chrono::{DateTime, Utc};
use motcua_domain::ids::{PetitionId, UnitId, UserId, VisitId};
use sqlx::FromRow;

use super::{PetitionRecord, SenderRecord};
use crate::error::{StoreError, StoreResult};

pub(super) const COLUMNS: &str = "petition_id, code, unit_id, kind, source, forwarded_by, visit_id, \
    received_at, registered_by, filer_index, subject, content, respondent, anonymous, protected, pseudonym, sender_name, \
    sender_address, sender_id_number, sender_phone, sender_sealed, person_id_index, \
    person_name_index, signatory_count, representatives, status, reason_code, forwarded_to, \
    complexity, remote_area, instance, first_instance_id, rules_id, deadline_kind, due_at, \
    reply_due_at, accepted_at, suspended_at, extensions, case_state, decided_at, \
    decision_summary, closed_at, duplicate_of, signature, watch_flag, version";

#[derive(FromRow)]
pub(super) struct PetitionRow {
    petition_id: String,
    code: String,
    unit_id: String,
    kind: String,
    source: String,
    forwarded_by: String,
    visit_id: Option<String>,
    received_at: DateTime<Utc>,
    registered_by: Option<String>,
    filer_index: Option<String>,
    subject: String,
    content: String,
    respondent: String,
    anonymous: bool,
    protected: bool,
    pseudonym: String,
    sender_name: String,
    sender_address: String,
    sender_id_number: String,
    sender_phone: String,
    sender_sealed: Option<String>,
    person_id_index: Option<String>,
    person_name_index: Option<String>,
    signatory_count: i64,
    representatives: String,
    status: String,
    reason_code: Option<String>,
    forwarded_to: String,
    complexity: String,
    remote_area: bool,
    instance: i64,
    first_instance_id: Option<String>,
    rules_id: String,
    deadline_kind: Option<String>,
    due_at: Option<DateTime<Utc>>,
    reply_due_at: Option<DateTime<Utc>>,
    accepted_at: Option<DateTime<Utc>>,
    suspended_at: Option<DateTime<Utc>>,
    extensions: i64,
    case_state: String,
    decided_at: Option<DateTime<Utc>>,
    decision_summary: String,
    closed_at: Option<DateTime<Utc>>,
    duplicate_of: Option<String>,
    signature: String,
    watch_flag: Option<String>,
    version: i64,
}

pub(super) fn parse_id<T>(
    s: &str,
    f: fn(&str) -> Result<T, motcua_domain::DomainError>,
) -> StoreResult<T> {
    f(s).map_err(|e| StoreError::corrupt("petition", e))
}

pub(super) fn opt<T>(
    s: Option<&str>,
    f: fn(&str) -> Result<T, motcua_domain::DomainError>,
) -> StoreResult<Option<T>> {
    s.map(|s| parse_id(s, f)).transpose()
}

impl TryFrom<PetitionRow> for PetitionRecord {
    type Error = StoreError;
    fn try_from(r: PetitionRow) -> StoreResult<Self> {
        Ok(Self {
            id: parse_id(&r.petition_id, PetitionId::parse)?,
            code: r.code,
            unit: parse_id(&r.unit_id, UnitId::parse)?,
            kind: r.kind,
            source: r.source,
            forwarded_by: r.forwarded_by,
            visit: opt(r.visit_id.as_deref(), VisitId::parse)?,
            received_at: r.received_at,
            registered_by: opt(r.registered_by.as_deref(), UserId::parse)?,
            filer_index: r.filer_index,
            subject: r.subject,
            content: r.content,
            respondent: r.respondent,
            anonymous: r.anonymous,
            protected: r.protected,
            pseudonym: r.pseudonym,
            sender: SenderRecord {
                name: r.sender_name,
                address: r.sender_address,
                id_number: r.sender_id_number,
                phone: r.sender_phone,
            },
            sender_sealed: r.sender_sealed,
            person_id_index: r.person_id_index,
            person_name_index: r.person_name_index,
            signatory_count: r.signatory_count,
            representatives: r.representatives,
            status: r.status,
            reason_code: r.reason_code,
            forwarded_to: r.forwarded_to,
            complexity: r.complexity,
            remote_area: r.remote_area,
            instance: r.instance,
            first_instance: opt(r.first_instance_id.as_deref(), PetitionId::parse)?,
            rules_id: r.rules_id,
            deadline_kind: r.deadline_kind,
            due_at: r.due_at,
            reply_due_at: r.reply_due_at,
            accepted_at: r.accepted_at,
            suspended_at: r.suspended_at,
            extensions: r.extensions,
            case_state: r.case_state,
            decided_at: r.decided_at,
            decision_summary: r.decision_summary,
            closed_at: r.closed_at,
            duplicate_of: opt(r.duplicate_of.as_deref(), PetitionId::parse)?,
            signature: r.signature,
            watch_flag: r.watch_flag,
            version: r.version,
        })
    }
}
