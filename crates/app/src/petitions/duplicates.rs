//! Duplicate candidates as a given person may see them.
//!
//! A candidate found through the *person* (same ID number, same name and address: keyed
//! hashes) says who wrote a petition. When either side is a protected denunciation, that link
//! would name the denouncer to anyone who can open the other case (Luật Tố cáo 2018 Đ47–48).
//! So such a link is shown only to a handler named on every protected side, and each showing
//! is audited like a reveal. Everyone else sees the pair only if the *content* alone makes it a
//! candidate, scored and explained by the content alone.

use motcua_domain::ids::{PetitionId, UserId};
use motcua_domain::petition::lifecycle::Status;
use motcua_domain::similar::{self, DuplicateScore, PersonMatch};
use motcua_store::petitions::{self, DuplicateRecord, PetitionEvent, PetitionRecord};
use serde_json::json;

use super::cases::CaseState;
use crate::{Actor, Context, Error, Result, Text};

/// A candidate as shown: the stored record, or its content-only form.
#[derive(Clone, Debug)]
pub struct ShownDuplicate {
    pub record: DuplicateRecord,
    pub candidate_code: String,
}

/// How the writers of two petitions match, by their keyed hashes.
#[must_use]
pub fn person_match(a: &PetitionRecord, b: &PetitionRecord) -> PersonMatch {
    let same = |x: &Option<String>, y: &Option<String>| x.is_some() && x == y;
    if same(&a.person_id_index, &b.person_id_index) {
        PersonMatch::SameIdNumber
    } else if same(&a.person_name_index, &b.person_name_index) {
        PersonMatch::SameNameAndAddress
    } else {
        PersonMatch::None
    }
}

/// The text duplicate detection compares: the subject and the working copy of the content.
#[must_use]
pub fn compared_text(p: &PetitionRecord) -> String {
    format!("{} {}", p.subject, p.content)
}

/// The reasons shown for a candidate, with the note that it was already decided. Stored with
/// the duplicate record (`DuplicateRecord::reasons`), so record content in Vietnamese.
#[must_use]
pub fn reasons(score: &DuplicateScore, candidate: &PetitionRecord) -> String {
    let mut out: Vec<String> = score.reasons.iter().map(ToString::to_string).collect();
    if let Some(Status::Decided) = Status::parse(&candidate.status) {
        out.push(format!("đơn {} đã được giải quyết", candidate.code));
    }
    out.join("; ")
}

#[allow(clippy::cast_possible_truncation)] // clamped to 0..=100 first
#[must_use]
pub fn percent(x: f64) -> i64 {
    (x.clamp(0.0, 1.0) * 100.0).round() as i64
}

/// Does this pair link a protected denouncer through their person?
fn names_a_denouncer(p: &PetitionRecord, c: &PetitionRecord) -> bool {
    (p.protected || c.protected) && person_match(p, c) != PersonMatch::None
}

/// Is `user` a handler named on every protected side of the pair?
async fn may_see_person_link(
    ctx: &Context,
    user: Option<UserId>,
    p: &PetitionRecord,
    c: &PetitionRecord,
) -> Result<bool> {
    let Some(user) = user else { return Ok(false) };
    for side in [p, c] {
        if side.protected
            && !petitions::handlers(ctx.db(), side.id)
                .await?
                .contains(&user)
        {
            return Ok(false);
        }
    }
    Ok(true)
}

/// What `viewer` sees of one stored candidate: `None` when the pair is a person link they may
/// not see and its content alone does not make it a candidate.
async fn shown(
    ctx: &Context,
    viewer: Option<UserId>,
    p: &PetitionRecord,
    d: DuplicateRecord,
) -> Result<(Option<ShownDuplicate>, bool)> {
    let c = petitions::get(ctx.db(), d.candidate).await?;
    if !names_a_denouncer(p, &c) {
        return Ok((Some(shown_as_stored(d, &c)), false));
    }
    if may_see_person_link(ctx, viewer, p, &c).await? {
        return Ok((Some(shown_as_stored(d, &c)), true));
    }
    let content = similar::content_similarity(&compared_text(p), &compared_text(&c));
    let score = DuplicateScore::new(content, PersonMatch::None);
    if !score.is_candidate() {
        return Ok((None, false));
    }
    let record = DuplicateRecord {
        score: percent(score.total),
        reasons: reasons(&score, &c),
        ..d
    };
    Ok((
        Some(ShownDuplicate {
            record,
            candidate_code: c.code,
        }),
        false,
    ))
}

fn shown_as_stored(d: DuplicateRecord, c: &PetitionRecord) -> ShownDuplicate {
    ShownDuplicate {
        record: d,
        candidate_code: c.code.clone(),
    }
}

/// The candidates of `p` as `actor` may see them; showing a protected person link is audited.
pub async fn visible(
    ctx: &Context,
    actor: &Actor,
    p: &PetitionRecord,
) -> Result<Vec<ShownDuplicate>> {
    let mut out = Vec::new();
    let mut person_links = Vec::new();
    for d in petitions::duplicates(ctx.db(), p.id).await? {
        let (seen, person_link) = shown(ctx, actor.user, p, d).await?;
        if let Some(s) = seen {
            if person_link {
                person_links.push(s.candidate_code.clone());
            }
            out.push(s);
        }
    }
    out.sort_by_key(|s| std::cmp::Reverse(s.record.score));
    if !person_links.is_empty() {
        let mut tx = ctx.db().begin().await?;
        petitions::person_links_viewed(&mut tx, &actor.audit(), p, &person_links).await?;
        tx.commit().await?;
    }
    Ok(out)
}

/// May `actor` decide on `candidate` of `p`: is it a candidate they are shown?
pub async fn may_decide(
    ctx: &Context,
    actor: &Actor,
    p: &PetitionRecord,
    candidate: PetitionId,
) -> Result<bool> {
    let Some(d) = petitions::duplicates(ctx.db(), p.id)
        .await?
        .into_iter()
        .find(|d| d.candidate == candidate)
    else {
        // Not proposed: the store answers that, as before.
        return Ok(true);
    };
    Ok(shown(ctx, actor.user, p, d).await?.0.is_some())
}

/// Links a proposed duplicate (the petition then repeats that matter) or dismisses it.
pub async fn decide_duplicate(
    ctx: &Context,
    actor: &Actor,
    p: &PetitionRecord,
    candidate: PetitionId,
    link: bool,
) -> Result<PetitionRecord> {
    let user = actor.user.ok_or(Error::Forbidden)?;
    // A candidate found through a protected denouncer's person, hidden from this person, is
    // not theirs to decide on: as far as they know it is not proposed.
    if !may_decide(ctx, actor, p, candidate).await? {
        return Err(Error::NotFound);
    }
    let now = ctx.now();
    let other = petitions::get(ctx.db(), candidate).await?;
    let mut next = p.clone();
    let mut st = CaseState::of(p);
    if link {
        next.duplicate_of = Some(candidate);
        let other_status = Status::parse(&other.status);
        if matches!(other_status, Some(Status::Decided)) {
            st.repeats_decided = Some(other.code.clone());
        }
        if matches!(other_status, Some(Status::Forwarded)) {
            st.same_content_forwarded = true;
        }
    }
    next.case_state = serde_json::to_string(&st).unwrap_or_else(|_| "{}".into());
    let event = PetitionEvent {
        seq: 0,
        at: now,
        action: if link {
            "duplicate_linked"
        } else {
            "duplicate_dismissed"
        }
        .into(),
        actor: actor.user,
        actor_name: actor.name.clone(),
        from_status: Some(p.status.clone()),
        to_status: p.status.clone(),
        // Stored in the petition's history: record content, in Vietnamese.
        note: format!("Đơn {}", other.code),
        details: json!({ "candidate": other.code }).to_string(),
    };
    let mut tx = ctx.db().begin().await?;
    let saved = petitions::settle_duplicate(
        &mut tx,
        &actor.audit(),
        p,
        &next,
        &event,
        &other,
        link,
        user,
    )
    .await
    .map_err(|e| match e {
        motcua_store::StoreError::NotFound { .. } => Error::rule(
            "duplicate_already_decided",
            Text::id("pet-error-duplicate-decided"),
        ),
        other => other.into(),
    })?;
    tx.commit().await?;
    Ok(saved)
}
