//! Opinion polls: putting one to a unit's residents, a verified citizen voting online, an
//! officer marking a ballot at a desk after checking the ID card, and binding a citizen's
//! account to their card so that they may vote online.
//!
//! One vote per person across channels rests on one key: the keyed hash of the ID number made
//! for the poll ([`voter_key`]). The online voter's comes from the card an officer bound to the
//! account; the desk voter's from the card the officer holds. The store's unique key on it lets
//! one of any number of simultaneous ballots in and turns the rest away, on either database.

use motcua_domain::dossier::citizen_id::CitizenId;
use motcua_domain::ids::{PollId, PollOptionId, UnitId, UserId};
use motcua_domain::message::Text;
use motcua_domain::poll::{self, Channel, Phase, PollDraft, RawPoll};
use motcua_store::polls::{self, Cast, CitizenIdentity, PollRecord};
use motcua_store::users;

use crate::{Actor, Context, Error, FieldMessage, Result};

/// The keyed hash of an ID number that stands for the person in this database.
#[must_use]
pub fn person_key(ctx: &Context, id: &CitizenId) -> String {
    ctx.identity_keys().blind_index("citizen_id", id.as_str())
}

/// The person's key in one poll: a keyed hash of their person key and the poll, so that the
/// voters of two polls cannot be matched with each other without the key.
#[must_use]
pub fn voter_key(ctx: &Context, poll: PollId, person_key: &str) -> String {
    ctx.identity_keys()
        .blind_index("poll_voter", &format!("{poll}|{person_key}"))
}

/// Puts a poll to the residents of the draft's unit. The caller has checked that the actor
/// manages polls there.
pub async fn create(ctx: &Context, actor: &Actor, raw: RawPoll) -> Result<PollId> {
    let draft = PollDraft::parse(raw, ctx.now()).map_err(|errors| {
        Error::Invalid(
            errors
                .into_iter()
                .map(|e| FieldMessage::new(e.field, e.message))
                .collect(),
        )
    })?;
    let mut tx = ctx.db().begin().await?;
    let id = polls::create(&mut tx, &actor.audit(), &draft, ctx.now()).await?;
    tx.commit().await?;
    Ok(id)
}

/// Where the poll stands now.
#[must_use]
pub fn phase(ctx: &Context, poll: &PollRecord) -> Phase {
    Phase::at(poll.opens_at, poll.closes_at, ctx.now())
}

/// Whether a person living in `unit` is among the poll's audience.
pub async fn in_audience(ctx: &Context, poll: &PollRecord, unit: UnitId) -> Result<bool> {
    let path = ctx.cache().ancestry(ctx.db(), None, unit).await?;
    Ok(path.contains(&poll.unit))
}

fn refuse_phase(phase: Phase) -> Result<()> {
    match phase {
        Phase::Open => Ok(()),
        Phase::NotYetOpen => Err(Error::rule(
            "poll_not_open",
            Text::id("poll-refused-not-open"),
        )),
        Phase::Closed => Err(Error::rule("poll_closed", Text::id("poll-refused-closed"))),
    }
}

fn already_voted() -> Error {
    Error::rule("poll_already_voted", Text::id("poll-refused-already-voted"))
}

/// Checks the ballot against the poll and counts it, or refuses it with nothing written.
async fn cast(
    ctx: &Context,
    actor: &Actor,
    poll: &PollRecord,
    person_key: &str,
    channel: Channel,
    chosen: &[PollOptionId],
) -> Result<()> {
    refuse_phase(phase(ctx, poll))?;
    let offered: Vec<PollOptionId> = poll.options.iter().map(|o| o.id).collect();
    let positions = poll::choose(&offered, chosen, poll.kind, poll.max_choices)
        .map_err(|e| Error::rule(e.code(), e.message()))?;
    let key = voter_key(ctx, poll.id, person_key);
    let officer = match channel {
        Channel::Desk => actor.user,
        Channel::Web => None,
    };
    let mut tx = ctx.db().begin().await?;
    match polls::cast(
        &mut tx,
        poll.id,
        &key,
        channel,
        officer,
        &positions,
        ctx.now(),
    )
    .await
    {
        Ok(Cast::Counted) => {
            if channel == Channel::Desk
                && let Err(e) = polls::record_desk_vote(&mut tx, &actor.audit(), poll.id).await
            {
                tx.rollback().await?;
                return Err(e.into());
            }
            tx.commit().await?;
            Ok(())
        }
        Ok(refused) => {
            tx.rollback().await?;
            Err(match refused {
                Cast::AlreadyVoted => already_voted(),
                // The phase was checked before: the poll closed while the ballot was on its way.
                Cast::NotOpen | Cast::Counted => {
                    Error::rule("poll_closed", Text::id("poll-refused-closed"))
                }
            })
        }
        Err(e) => {
            tx.rollback().await?;
            Err(e.into())
        }
    }
}

/// What stands between a signed-in person and voting online, if anything.
pub async fn online_voter(ctx: &Context, user: UserId, poll: &PollRecord) -> Result<OnlineVoter> {
    let Some(identity) = polls::citizen_identity(ctx.db(), user).await? else {
        return Ok(OnlineVoter::NotVerified);
    };
    if !in_audience(ctx, poll, identity.unit).await? {
        return Ok(OnlineVoter::NotInAudience);
    }
    let key = voter_key(ctx, poll.id, &identity.person_key);
    if polls::has_voted(ctx.db(), poll.id, &key).await? {
        return Ok(OnlineVoter::Voted);
    }
    Ok(OnlineVoter::May(identity))
}

/// Whether a signed-in person may vote online in a poll.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OnlineVoter {
    May(CitizenIdentity),
    /// No ID card bound to the account yet: they may vote at a desk, or have the account
    /// verified there.
    NotVerified,
    NotInAudience,
    Voted,
}

/// A verified citizen's ballot, online.
pub async fn vote_online(
    ctx: &Context,
    actor: &Actor,
    poll: PollId,
    chosen: &[PollOptionId],
) -> Result<()> {
    let user = actor.user.ok_or(Error::Forbidden)?;
    let poll = polls::get(ctx.db(), poll).await?;
    match online_voter(ctx, user, &poll).await? {
        OnlineVoter::May(identity) => {
            cast(
                ctx,
                actor,
                &poll,
                &identity.person_key,
                Channel::Web,
                chosen,
            )
            .await
        }
        OnlineVoter::NotVerified => Err(Error::rule(
            "poll_not_verified",
            Text::id("poll-refused-not-verified"),
        )),
        OnlineVoter::NotInAudience => Err(Error::rule(
            "poll_not_in_audience",
            Text::id("poll-refused-not-in-audience"),
        )),
        OnlineVoter::Voted => Err(already_voted()),
    }
}

/// A ballot marked at a desk: the officer has the person's ID card in hand and has read their
/// residence from it. The caller has checked that the officer serves that unit.
pub async fn vote_at_desk(
    ctx: &Context,
    actor: &Actor,
    poll: PollId,
    id_number: &str,
    residence: UnitId,
    chosen: &[PollOptionId],
) -> Result<()> {
    let id = CitizenId::parse(id_number).map_err(|e| {
        Error::Invalid(
            e.fields()
                .iter()
                .map(|f| FieldMessage::new("id_number", f.message.clone()))
                .collect(),
        )
    })?;
    let poll = polls::get(ctx.db(), poll).await?;
    if !in_audience(ctx, &poll, residence).await? {
        return Err(Error::rule(
            "poll_not_in_audience",
            Text::id("poll-refused-not-in-audience"),
        ));
    }
    cast(
        ctx,
        actor,
        &poll,
        &person_key(ctx, &id),
        Channel::Desk,
        chosen,
    )
    .await
}

/// Binds a citizen's account to the ID card an officer has in hand, with the residence the
/// card shows. The caller has checked that the officer serves that unit.
pub async fn verify_citizen(
    ctx: &Context,
    actor: &Actor,
    login: &str,
    id_number: &str,
    residence: UnitId,
) -> Result<()> {
    let mut errors = Vec::new();
    let account = match motcua_domain::account::Login::parse(login) {
        Ok(l) => users::find_by_login(ctx.db(), &l).await?,
        Err(_) => None,
    };
    if account.is_none() {
        errors.push(FieldMessage::new(
            "login",
            Text::id("poll-verify-no-account"),
        ));
    }
    let id = match CitizenId::parse(id_number) {
        Ok(id) => Some(id),
        Err(e) => {
            errors.extend(
                e.fields()
                    .iter()
                    .map(|f| FieldMessage::new("id_number", f.message.clone())),
            );
            None
        }
    };
    let (Some(account), Some(id), true) = (account, id, errors.is_empty()) else {
        return Err(Error::Invalid(errors));
    };
    let user = account.user;
    if user.disabled || user.unit.is_some() {
        // Officers vote as citizens with an account of their own.
        return Err(Error::field("login", Text::id("poll-verify-not-citizen")));
    }
    let key = person_key(ctx, &id);
    if polls::citizen_identity(ctx.db(), user.id).await?.is_some() {
        return Err(Error::Conflict {
            field: "login".into(),
            message: Text::id("poll-verify-already"),
        });
    }
    if polls::person_key_taken(ctx.db(), &key).await? {
        return Err(Error::Conflict {
            field: "id_number".into(),
            message: Text::id("poll-verify-number-taken"),
        });
    }
    let mut tx = ctx.db().begin().await?;
    let identity = CitizenIdentity {
        user: user.id,
        person_key: key,
        unit: residence,
        verified_at: ctx.now(),
    };
    if let Err(e) = polls::verify_citizen(&mut tx, &actor.audit(), &identity).await {
        tx.rollback().await?;
        return Err(e.into());
    }
    tx.commit().await?;
    Ok(())
}
