//! Visits: the lines of the unit's reception log (Sổ tiếp công dân, Mẫu 03/TCD), numbered
//! through the year.
//!
//! A denunciation's visitor is sealed before anything is written (NĐ 154/2026 Đ12): the clear
//! columns get a pseudonym and empty strings, the free text is redacted of every identifying
//! detail given, and `visitor_sealed` holds the identity, sealed to this visit alone.

use chrono::{DateTime, Datelike, Utc};
use motcua_domain::ids::{ReceptionSessionId, VisitId};
use motcua_domain::message::Text;
use motcua_domain::petition::PetitionKind;
use motcua_domain::petition::redact::{self, Identifying};
use motcua_store::reception::{self, SessionRecord, VisitRecord};
use motcua_vault::Keyring;
use serde_json::json;

use crate::{Actor, Context, Error, FieldMessage, Result};

/// More people than this in one group is a typing slip, not a delegation.
pub const MAX_PEOPLE: i64 = 100_000;

/// The words that replace an identifying detail in a sealed visit's free text; the same as in
/// a protected petition's working copy.
const REDACTED: &str = "[đã che thông tin người tố cáo]";

/// A visit to record in a session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewVisit {
    pub session: ReceptionSessionId,
    pub visitor_name: String,
    pub visitor_address: String,
    pub visitor_id_number: String,
    /// How many people came with the same content, between 1 and [`MAX_PEOPLE`].
    pub people: i64,
    pub representatives: Vec<String>,
    pub content: String,
    /// The log's class: a complaint, a denunciation or a recommendation.
    pub kind: PetitionKind,
    pub prior_handling: String,
    pub within_competence: bool,
    pub guidance: String,
    pub forwarded_to: String,
    /// The documents received, for the receipt (Mẫu 02/TCD).
    pub documents: Vec<String>,
}

/// The name a sealed visitor goes by: the visit's line in the log, which says nothing of them.
fn pseudonym(year: i32, number: i64) -> String {
    format!("TC-{year}-{number:04}")
}

/// The sealing context of a visit's visitor: a sealed identity opens for this visit only.
fn visitor_context(visit: VisitId) -> String {
    format!("visit:{visit}:visitor")
}

fn json_list(items: &[String]) -> String {
    serde_json::to_string(items).unwrap_or_else(|_| "[]".into())
}

/// When the visit happened: now for today's session, the session's morning for one written up
/// afterwards, so the log shows the day the citizen actually came.
fn visited_at(s: &SessionRecord, now: DateTime<Utc>) -> DateTime<Utc> {
    if s.held_on == motcua_domain::vn_date(now) {
        return now;
    }
    s.held_on
        .and_hms_opt(8, 0, 0)
        .map_or(now, motcua_domain::from_vn_local)
}

fn check(input: &NewVisit) -> Result<()> {
    super::within_limits(&[
        ("visitor_name", &input.visitor_name),
        ("visitor_address", &input.visitor_address),
        ("visitor_id_number", &input.visitor_id_number),
        ("content", &input.content),
        ("prior_handling", &input.prior_handling),
        ("guidance", &input.guidance),
        ("forwarded_to", &input.forwarded_to),
    ])?;
    let mut fields = Vec::new();
    if input.visitor_name.trim().is_empty() {
        fields.push(FieldMessage::new(
            "visitor_name",
            Text::id("reception-visitor-name-required"),
        ));
    }
    if input.content.trim().is_empty() {
        fields.push(FieldMessage::new(
            "content",
            Text::id("reception-content-required"),
        ));
    }
    if !(1..=MAX_PEOPLE).contains(&input.people) {
        fields.push(FieldMessage::new(
            "people_count",
            Text::id("reception-people-count-invalid"),
        ));
    }
    if fields.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(fields))
    }
}

/// Records a visit as the next line of the session's unit's log, recorded as the actor's.
/// A session that does not exist is not found.
pub async fn record_visit(ctx: &Context, actor: &Actor, input: NewVisit) -> Result<VisitId> {
    check(&input)?;
    let s = reception::get_session(ctx.db(), input.session).await?;
    let now = ctx.now();
    let at = visited_at(&s, now);
    let year = motcua_domain::vn_date(at).year();
    let mut tx = ctx.db().begin().await?;
    let number = reception::next_log_number(&mut tx, s.unit, year).await?;
    let mut v = VisitRecord {
        id: VisitId::new(),
        session: s.id,
        unit: s.unit,
        log_year: year,
        log_number: number,
        visited_at: at,
        visitor_name: input.visitor_name.trim().to_owned(),
        visitor_address: input.visitor_address.trim().to_owned(),
        visitor_id_number: input.visitor_id_number.trim().to_owned(),
        visitor_sealed: None,
        people_count: input.people,
        representatives: json_list(&input.representatives),
        content: input.content.trim().to_owned(),
        kind: input.kind.code().to_owned(),
        same_content_count: input.people,
        prior_handling: input.prior_handling.trim().to_owned(),
        within_competence: input.within_competence,
        guidance: input.guidance.trim().to_owned(),
        forwarded_to: input.forwarded_to.trim().to_owned(),
        outcome: String::new(),
        documents: json_list(&input.documents),
        petition: None,
        created_by: actor.user,
    };
    if input.kind == PetitionKind::Denunciation {
        seal_denouncer(ctx.identity_keys(), &mut v, &input.representatives);
    }
    reception::add_visit(&mut tx, &actor.audit(), &v, now).await?;
    tx.commit().await?;
    Ok(v.id)
}

/// Seals a denouncing visitor into `v`, before it is written: the identity (with the
/// group's `representatives` and the content as they gave it) sealed to this visit, the
/// pseudonym and empty strings in the clear columns, and every identifying detail they gave
/// redacted from the free text, since a denouncer often names themself in what they say or
/// hand over. The sealed text reads as a petition's sealed sender, so registering the petition
/// opens it as one.
pub fn seal_denouncer(keys: &Keyring, v: &mut VisitRecord, representatives: &[String]) {
    let who = json!({
        "name": v.visitor_name,
        "address": v.visitor_address,
        "id_number": v.visitor_id_number,
        "phone": "",
        "email": "",
        "signatories": [],
        "representatives": representatives,
        "original_content": v.content,
    });
    v.visitor_sealed = Some(keys.seal(&who.to_string(), &visitor_context(v.id)));
    let one = |s: &str| -> Vec<String> {
        (!s.trim().is_empty())
            .then(|| s.to_owned())
            .into_iter()
            .collect()
    };
    let identifying = Identifying {
        names: std::iter::once(&v.visitor_name)
            .chain(representatives)
            .filter(|s| !s.trim().is_empty())
            .cloned()
            .collect(),
        addresses: one(&v.visitor_address),
        id_numbers: one(&v.visitor_id_number),
        phones: Vec::new(),
        emails: Vec::new(),
        any_contact: true,
    };
    let hide = |s: &str| redact::redact(s, &identifying, REDACTED);
    v.visitor_name = pseudonym(v.log_year, v.log_number);
    v.visitor_address = String::new();
    v.visitor_id_number = String::new();
    v.representatives = "[]".into();
    v.content = hide(&v.content);
    v.prior_handling = hide(&v.prior_handling);
    v.guidance = hide(&v.guidance);
    v.forwarded_to = hide(&v.forwarded_to);
    let documents: Vec<String> = serde_json::from_str::<Vec<String>>(&v.documents)
        .unwrap_or_default()
        .iter()
        .map(|d| hide(d))
        .collect();
    v.documents = json_list(&documents);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pseudonym_is_the_line_of_the_log() {
        assert_eq!(pseudonym(2026, 7), "TC-2026-0007");
    }
}
