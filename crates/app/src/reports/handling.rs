//! What staff do with a report: move it through its states (each change with a public update
//! that the reporter and followers hear of), hand it to another unit with a reason, mark it a
//! duplicate of another (linked both ways: the other lists it), and moderate what it shows.
//! Who may do which is decided by the web layer's policy check before these run.

use chrono::{DateTime, Utc};
use motcua_domain::ids::{ReportId, UnitId, UserId};
use motcua_domain::message::Text;
use motcua_domain::report::input::{DESCRIPTION_MAX_CHARS, ReportText};
use motcua_domain::report::state::{DUPLICATE, HIDDEN, StateDef, StateGroup};
use motcua_domain::vn_date;
use motcua_store::reports::write::{self, StateChange};
use motcua_store::reports::{Original, ReportRecord, UpdateRecord, read, setup};

use super::filing::{contacts_of_reporter, contacts_of_user, dedup, send};
use crate::{Actor, Context, Error, Result};

/// Where a report stands on its clock at a moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClockState {
    /// Not yet acknowledged, within the limit.
    AwaitingAcknowledgement,
    /// Acknowledged, being handled within the answer limit.
    Running,
    /// Within the warning lead of the limit that runs.
    DueSoon,
    /// Past the limit that runs.
    Overdue,
    /// Answered (fixed or closed) on time.
    AnsweredOnTime,
    /// Answered after its limit.
    AnsweredLate,
}

impl ClockState {
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::AwaitingAcknowledgement => "awaiting",
            Self::Running => "running",
            Self::DueSoon => "due_soon",
            Self::Overdue => "overdue",
            Self::AnsweredOnTime => "on_time",
            Self::AnsweredLate => "late",
        }
    }
}

/// The report's clock at `now`: the acknowledgement limit runs until it is acknowledged, then
/// the answer limit until it is answered.
pub fn clock_state(ctx: &Context, r: &ReportRecord, now: DateTime<Utc>) -> ClockState {
    if let Some(answered) = r.answered_at {
        return if answered <= r.answer_due {
            ClockState::AnsweredOnTime
        } else {
            ClockState::AnsweredLate
        };
    }
    let due = if r.acknowledged_at.is_none() && now <= r.acknowledge_due {
        r.acknowledge_due
    } else {
        r.answer_due
    };
    if now > due || (r.acknowledged_at.is_none() && now > r.acknowledge_due) {
        return ClockState::Overdue;
    }
    let lead = ctx
        .feedback_rules()
        .in_force(vn_date(r.created_at))
        .warning_lead
        .value;
    let lead = chrono::Duration::days(i64::from(lead.days));
    if now + lead >= due {
        ClockState::DueSoon
    } else if r.acknowledged_at.is_none() {
        ClockState::AwaitingAcknowledgement
    } else {
        ClockState::Running
    }
}

/// A state change as staff ask for it.
#[derive(Clone, Debug)]
pub struct NewState {
    pub state: String,
    /// The public update: what was done, or why.
    pub text: String,
    /// For the duplicate state: the report this one repeats (its code or id).
    pub duplicate_of: Option<String>,
}

fn update(
    actor: &Actor,
    r: &ReportRecord,
    at: DateTime<Utc>,
    state: &str,
    text: &str,
    public: bool,
) -> UpdateRecord {
    UpdateRecord {
        id: uuid::Uuid::now_v7().to_string(),
        report: r.id,
        at,
        author: actor.user,
        author_name: actor.name.clone(),
        state: state.to_owned(),
        text: text.to_owned(),
        public,
    }
}

fn checked_update_text(text: &str) -> Result<String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(Error::field(
            "text",
            Text::id("validation-report-update_required"),
        ));
    }
    if t.chars().count() > DESCRIPTION_MAX_CHARS {
        return Err(Error::field(
            "text",
            Text::id("validation-report-update_long"),
        ));
    }
    Ok(t.to_owned())
}

/// Finds a report by its code (`PA-2026-000123`) or id.
pub async fn find(ctx: &Context, key: &str) -> Result<ReportRecord> {
    let key = key.trim();
    if let Ok(id) = ReportId::parse(key) {
        return Ok(read::get(ctx.db(), id).await?);
    }
    Ok(read::by_code(ctx.db(), key).await?)
}

/// Moves a report to `next` under `version`; tells the reporter and followers through the
/// outbox when the update is public. The hidden state is the moderator's: `may_hide` says
/// whether the actor may use it.
pub async fn change_state(
    ctx: &Context,
    actor: &Actor,
    id: ReportId,
    version: i64,
    next: &NewState,
    may_hide: bool,
) -> Result<ReportRecord> {
    let states = setup::states(ctx.db()).await?;
    let Some(def) = states.iter().find(|s| s.code == next.state.trim()) else {
        return Err(Error::field("state", Text::id("validation-report-state")));
    };
    if def.code == HIDDEN && !may_hide {
        return Err(Error::Forbidden);
    }
    let text = checked_update_text(&next.text)?;
    let r = read::get(ctx.db(), id).await?;
    if r.version != version {
        return Err(Error::Conflict {
            field: "version".into(),
            message: Text::id("conflict-report-version"),
        });
    }
    let duplicate_of = if def.code == DUPLICATE {
        let key = next.duplicate_of.as_deref().unwrap_or("").trim();
        let other = find(ctx, key).await.map_err(|_| {
            Error::field("duplicate_of", Text::id("validation-report-duplicate_of"))
        })?;
        if other.id == r.id || other.duplicate_of.is_some() {
            return Err(Error::field(
                "duplicate_of",
                Text::id("validation-report-duplicate_of"),
            ));
        }
        Some(other.id)
    } else {
        None
    };
    let now = ctx.now();
    let change = transition(&r, def, duplicate_of, now);
    let up = update(actor, &r, now, &def.code, &text, def.group.is_public());
    let mut tx = ctx.db().begin().await?;
    write::change_state(&mut tx, &actor.audit(), &r, version, &change, &up).await?;
    if up.public {
        let to = audience(ctx, &r).await?;
        let body = format!(
            "Phản ánh {} «{}»: {}. {}",
            r.code, r.title, def.label_vi, text
        );
        send(&mut tx, &r, &to, "Cập nhật phản ánh", &body).await?;
    }
    tx.commit().await?;
    Ok(read::get(ctx.db(), id).await?)
}

/// The timestamps a move to `def` sets: the first move out of the initial state acknowledges;
/// a move to fixed or closed answers and closes; a move back to open reopens.
fn transition(
    r: &ReportRecord,
    def: &StateDef,
    duplicate_of: Option<ReportId>,
    now: DateTime<Utc>,
) -> StateChange {
    let closing = matches!(def.group, StateGroup::Fixed | StateGroup::Closed);
    StateChange {
        state: def.code.clone(),
        group: def.group,
        duplicate_of,
        acknowledged_at: r.acknowledged_at.or(Some(now)),
        answered_at: if closing {
            r.answered_at.or(Some(now))
        } else {
            r.answered_at
        },
        closed_at: match def.group {
            StateGroup::Fixed | StateGroup::Closed => r.closed_at.or(Some(now)),
            StateGroup::Open => None,
            StateGroup::Hidden => r.closed_at,
        },
    }
}

/// The reporter and every follower, by every address they have.
async fn audience(
    ctx: &Context,
    r: &ReportRecord,
) -> Result<Vec<(motcua_store::outbox::Channel, String)>> {
    let mut to = contacts_of_reporter(r);
    for user in read::followers(ctx.db(), r.id).await? {
        to.extend(contacts_of_user(ctx, user).await?);
    }
    Ok(dedup(to))
}

/// Hands a report to another unit, with the reason (kept for staff, not shown to the public).
pub async fn reroute(
    ctx: &Context,
    actor: &Actor,
    id: ReportId,
    version: i64,
    to: UnitId,
    reason: &str,
) -> Result<ReportRecord> {
    let reason = checked_update_text(reason)
        .map_err(|_| Error::field("reason", Text::id("validation-report-reason")))?;
    let r = read::get(ctx.db(), id).await?;
    if r.unit == to {
        return Err(Error::field(
            "unit_id",
            Text::id("validation-report-same_unit"),
        ));
    }
    motcua_store::units::get(ctx.db(), to)
        .await
        .map_err(|_| Error::field("unit_id", Text::id("validation-report-unit")))?;
    let up = update(
        actor,
        &r,
        ctx.now(),
        &r.state,
        &format!("Chuyển đơn vị xử lý: {reason}"),
        false,
    );
    let mut tx = ctx.db().begin().await?;
    write::reroute(&mut tx, &actor.audit(), &r, version, to, &up).await?;
    tx.commit().await?;
    Ok(read::get(ctx.db(), id).await?)
}

/// A person supports a report and follows it ("is it one of these?" answered yes).
pub async fn follow(ctx: &Context, id: ReportId, user: UserId) -> Result<bool> {
    let r = read::get(ctx.db(), id).await?;
    if !r.group.is_public() {
        return Err(Error::NotFound);
    }
    let mut tx = ctx.db().begin().await?;
    let new = write::follow(&mut tx, id, user, ctx.now()).await?;
    tx.commit().await?;
    Ok(new)
}

/// A moderator's edit: the title, the description, the name's visibility. The reporter's own
/// words stay in the report's original.
pub async fn moderate(
    ctx: &Context,
    actor: &Actor,
    id: ReportId,
    version: i64,
    title: &str,
    description: &str,
    anonymous: bool,
) -> Result<ReportRecord> {
    let text = ReportText::parse(title, description, "").map_err(|errors| {
        Error::Invalid(
            errors
                .into_iter()
                .map(|f| crate::FieldMessage::new(f.field, f.message))
                .collect(),
        )
    })?;
    let r = read::get(ctx.db(), id).await?;
    let edited = Original {
        title: text.title,
        description: text.description,
        anonymous,
    };
    let mut tx = ctx.db().begin().await?;
    write::moderate(&mut tx, &actor.audit(), &r, version, &edited, ctx.now()).await?;
    tx.commit().await?;
    Ok(read::get(ctx.db(), id).await?)
}

/// A moderator hides or shows one photo.
pub async fn set_photo_hidden(
    ctx: &Context,
    actor: &Actor,
    id: ReportId,
    position: i64,
    hidden: bool,
) -> Result<()> {
    let mut tx = ctx.db().begin().await?;
    write::set_photo_hidden(&mut tx, &actor.audit(), id, position, hidden).await?;
    tx.commit().await?;
    Ok(())
}

/// The reports marked as duplicates of `id`: the other side of the link.
pub async fn duplicates_of(ctx: &Context, id: ReportId) -> Result<Vec<ReportRecord>> {
    Ok(read::duplicates_of(ctx.db(), id).await?)
}
