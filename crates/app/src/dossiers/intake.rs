//! Receiving a dossier: one transaction holding the dossier row, its checklist, its first
//! event, its audit entry and its notices, so a failure leaves nothing half-written.

use chrono::{DateTime, Utc};
use motcua_domain::dossier::lifecycle::Channel;
use motcua_domain::dossier::record::{ApplicantRecord, Digital, DossierRecord, Receipt};
use motcua_domain::ids::{DossierId, UnitId};
use motcua_domain::message::Text;
use motcua_domain::procedure::{ProcedureCode, ProcedureVersion};
use motcua_domain::vn_date;
use motcua_store::dossiers::{self, DocumentRecord};

use super::uploads::{UploadedFile, store_upload};
use super::{calendar_error, notices, queue_notices};
use crate::{Actor, Context, Error, FieldMessage, Result};

/// One line of the checklist at intake: ticked by the desk (paper seen) and/or a file.
#[derive(Clone, Debug)]
pub struct IntakeDocument {
    pub position: u32,
    pub provided: bool,
    pub file: Option<UploadedFile>,
}

/// A validated intake.
#[derive(Clone, Debug)]
pub struct Intake {
    pub unit: UnitId,
    /// The unit and its ancestors, when the caller read them to authorize the intake.
    pub unit_path: Option<Vec<UnitId>>,
    pub procedure: ProcedureCode,
    /// The procedure's version in force on the day of submission, when the caller already
    /// looked it up (to check the checklist); otherwise the intake looks it up.
    pub in_force: Option<ProcedureVersion>,
    pub channel: Channel,
    pub applicant: ApplicantRecord,
    pub documents: Vec<IntakeDocument>,
    pub return_place: String,
    pub submitted_at: DateTime<Utc>,
    /// Paid online, components replaced by reused data or taken from the applicant's store
    /// on the national portal (Decision 766); the rest of [`Digital`] is worked out here.
    pub digital: Digital,
}

/// Receives a dossier: checks the checklist, numbers it, computes its due date, records it.
pub async fn intake(ctx: &Context, actor: &Actor, mut req: Intake) -> Result<DossierRecord> {
    let db = ctx.db();
    let now = req.submitted_at;
    let today = vn_date(now);
    let cache = ctx.cache();
    let unit = cache.unit(db, actor.cache, req.unit).await?;
    let found = match req.in_force.take() {
        Some(v) => Ok(v),
        None => cache.in_force(db, actor.cache, &req.procedure, today).await,
    };
    let version = match found {
        Ok(v) => v,
        Err(motcua_store::StoreError::NotFound { .. }) => {
            return Err(Error::field(
                "procedure",
                Text::id("validation-dossier-procedure_not_in_force"),
            ));
        }
        Err(e) => return Err(e.into()),
    };
    check_documents(&version, &req.documents)?;
    let handed_in: Vec<_> = req
        .documents
        .iter()
        .filter(|g| g.provided || g.file.is_some())
        .collect();
    req.digital.components_digitised =
        !handed_in.is_empty() && handed_in.iter().all(|g| g.file.is_some());

    let cal = ctx
        .clocks()
        .calendar(unit.code.as_str())
        .map_err(calendar_error)?;
    let rules = ctx.clocks().rules_on(today);
    let (mut d, event) = DossierRecord::receive(
        Receipt {
            id: DossierId::new(),
            unit: unit.id,
            agency_code: unit.code.as_str(),
            version: &version,
            channel: req.channel,
            applicant: req.applicant,
            at: now,
            received_by: actor.user,
            step_user: actor.user.filter(|_| req.channel == Channel::Desk),
            actor_name: actor.name.clone(),
            return_place: req.return_place,
            digital: req.digital,
        },
        &cal,
        rules,
    )
    .map_err(calendar_error)?;

    let mut tx = db.begin().await?;
    let (seq, logbook_number) =
        dossiers::next_numbers(&mut tx, &d.agency_code, today, unit.id, d.logbook_year).await?;
    d.number(u32::try_from(seq).map_err(Error::internal)?, logbook_number)?;
    let mut docs = Vec::new();
    for (i, spec) in version.draft.documents.iter().enumerate() {
        let position = u32::try_from(i).unwrap_or(u32::MAX);
        let given = req.documents.iter().find(|g| g.position == position);
        let file = match given.and_then(|g| g.file.as_ref()) {
            Some(f) => Some(store_upload(&mut tx, f, now).await?),
            None => None,
        };
        docs.push(DocumentRecord {
            position,
            name: spec.name.clone(),
            copy_kind: spec.copy_kind.code().to_owned(),
            provided: given.is_some_and(|g| g.provided) || file.is_some(),
            stage: "intake".into(),
            file,
            created_at: now,
        });
    }
    dossiers::receive(&mut tx, &actor.audit(), &d, &docs, &event).await?;
    queue_notices(&mut tx, &d, notices::received(&d)).await?;
    tx.commit().await?;
    Ok(d)
}

/// Every required document of `version` must be ticked as seen or come with a file.
pub fn check_documents(version: &ProcedureVersion, given: &[IntakeDocument]) -> Result<()> {
    let count = version.draft.documents.len();
    if let Some(bad) = given
        .iter()
        .find(|g| usize::try_from(g.position).map_or(true, |p| p >= count))
    {
        return Err(Error::field(
            "documents",
            Text::with(
                "validation-dossier-document_unknown",
                vec![("n", (i64::from(bad.position) + 1).into())],
            ),
        ));
    }
    let missing: Vec<FieldMessage> = version
        .draft
        .documents
        .iter()
        .enumerate()
        .filter(|(_, doc)| !doc.is_optional())
        .filter(|(i, _)| {
            !given.iter().any(|g| {
                usize::try_from(g.position).is_ok_and(|p| p == *i)
                    && (g.provided || g.file.is_some())
            })
        })
        .map(|(i, doc)| {
            FieldMessage::new(
                format!("document_{i}"),
                Text::with(
                    "validation-dossier-document_missing",
                    vec![("name", doc.name.as_str().into())],
                ),
            )
        })
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(missing))
    }
}
