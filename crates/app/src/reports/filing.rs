//! A new place report, from any channel: the web form, the desk, a phone call typed by an
//! officer, an Open311 client. Everything is checked before anything is written, so a refused
//! report leaves no row, no photo and no message behind.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Utc};
use motcua_domain::account::Contact;
use motcua_domain::ids::{ReportId, UnitId, UserId};
use motcua_domain::message::{MessageArg, Text};
use motcua_domain::report::category::Category;
use motcua_domain::report::input::{Channel, MAX_PHOTOS, ReportText};
use motcua_domain::report::place::Coordinates;
use motcua_domain::report::state::{INITIAL, StateGroup};
use motcua_domain::{FieldError, from_vn_local, vn_date, vn_local};
use motcua_store::dossiers::{self, StoredFile};
use motcua_store::outbox::{self, Channel as Outbox, NewMessage};
use motcua_store::reports::read::{self, Nearby};
use motcua_store::reports::{
    PHOTO_ORIGINAL_KIND, PhotoRecord, ReportRecord, UpdateRecord, setup, write,
};
use motcua_store::{Tx, units};

use super::photos::{self, Accepted};
use super::routing;
use crate::{Actor, Context, Error, FieldMessage, Result};

/// Where the report is: a point, or only a unit chosen from a list with a typed address (the
/// form without a map); the unit's own area then stands for the point.
#[derive(Clone, Debug, PartialEq)]
pub enum Place {
    Point(Coordinates),
    InUnit(UnitId),
}

/// Who reports. An anonymous Open311 client or a phone caller may leave only a name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reporter {
    pub user: Option<UserId>,
    pub name: String,
    pub email: String,
    pub phone: String,
}

/// A report as typed, before its checks.
#[derive(Clone, Debug)]
pub struct NewReport {
    pub category: String,
    pub place: Option<Place>,
    pub title: String,
    pub description: String,
    pub address: String,
    /// Answers to the category's questions, by question code.
    pub answers: BTreeMap<String, Vec<String>>,
    /// (file name, bytes), in the order sent.
    pub photos: Vec<(String, Vec<u8>)>,
    pub channel: Channel,
    pub reporter: Reporter,
    /// Hide the reporter's name from the public.
    pub anonymous: bool,
}

fn invalid(errors: Vec<FieldError>) -> Error {
    Error::Invalid(
        errors
            .into_iter()
            .map(|f| FieldMessage::new(f.field, f.message))
            .collect(),
    )
}

/// An active category, or the form's message for an unknown one.
pub async fn active_category(ctx: &Context, code: &str) -> Result<Category> {
    let code = code.trim();
    if code.is_empty() {
        return Err(Error::field(
            "service_code",
            Text::id("validation-report-category"),
        ));
    }
    let all = setup::active_categories(ctx.db()).await?;
    all.into_iter()
        .find(|c| c.code == code)
        .ok_or_else(|| Error::field("service_code", Text::id("validation-report-category")))
}

/// The point a report stands at, and the unit answering for it.
pub async fn locate(
    ctx: &Context,
    category: &Category,
    place: &Place,
) -> Result<(Coordinates, UnitId)> {
    match place {
        Place::Point(p) => Ok((*p, routing::route(ctx, category, *p).await?)),
        Place::InUnit(unit) => {
            let parts = setup::all_boundaries(ctx.db()).await?;
            let Some((_, b)) = parts.iter().find(|(u, _)| u == unit) else {
                return Err(Error::field(
                    "location",
                    Text::id("validation-report-outside"),
                ));
            };
            let p = b.representative_point();
            Ok((p, routing::route(ctx, category, p).await?))
        }
    }
}

/// Files a report: checks it whole, routes it, stores its photos, numbers it, starts its clock,
/// makes the reporter its first follower and tells them it was received.
pub async fn file(ctx: &Context, actor: &Actor, new: NewReport) -> Result<ReportRecord> {
    let category = active_category(ctx, &new.category).await?;
    let Some(place) = &new.place else {
        return Err(Error::field(
            "location",
            Text::id("validation-report-location"),
        ));
    };
    let text = ReportText::parse(&new.title, &new.description, &new.address).map_err(invalid)?;
    let answers = category.check_answers(&new.answers).map_err(invalid)?;
    if new.photos.len() > MAX_PHOTOS {
        return Err(Error::field(
            "media",
            Text::with(
                "validation-report-photo_count",
                vec![(
                    "max",
                    MessageArg::Number(i64::try_from(MAX_PHOTOS).unwrap_or(5)),
                )],
            ),
        ));
    }
    let (at, unit) = locate(ctx, &category, place).await?;
    // Reading headers and cutting metadata walks megabytes: off the async workers. Decoding
    // and resizing wait for the photo worker (see `photos`).
    let sent = new.photos;
    let photos: Vec<Accepted> = tokio::task::spawn_blocking(move || {
        sent.iter()
            .enumerate()
            .map(|(i, (name, bytes))| photos::accept(&format!("media_{i}"), name, bytes))
            .collect::<Result<Vec<_>>>()
    })
    .await
    .map_err(Error::internal)??;

    let now = ctx.now();
    let (ack_due, answer_due, rules_id) = clock(ctx, unit, now).await?;
    let id = ReportId::new();
    let mut tx = ctx.db().begin().await?;
    let code = write::next_code(&mut tx, vn_date(now).year()).await?;
    let mut stored = Vec::new();
    for (i, p) in photos.into_iter().enumerate() {
        dossiers::store_file(
            &mut tx,
            &StoredFile {
                sha256: p.sha256.clone(),
                kind: PHOTO_ORIGINAL_KIND.into(),
                content: p.bytes,
            },
            now,
        )
        .await?;
        stored.push(PhotoRecord {
            position: i64::try_from(i).unwrap_or(0),
            sha256: p.sha256,
            width: i64::from(p.width),
            height: i64::from(p.height),
            hidden: false,
            pending: true,
            orientation: i64::from(p.orientation),
        });
    }
    let record = ReportRecord {
        id,
        code,
        category: category.code.clone(),
        unit,
        at,
        address: text.address,
        title: text.title,
        description: text.description,
        answers,
        channel: new.channel.code().into(),
        reporter: new.reporter.user,
        reporter_name: new.reporter.name.trim().to_owned(),
        reporter_email: new.reporter.email.trim().to_owned(),
        reporter_phone: new.reporter.phone.trim().to_owned(),
        anonymous: new.anonymous || new.reporter.name.trim().is_empty(),
        state: INITIAL.into(),
        group: StateGroup::Open,
        duplicate_of: None,
        rules_id,
        acknowledge_due: ack_due,
        answer_due,
        acknowledged_at: None,
        answered_at: None,
        closed_at: None,
        original: None,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    let first = UpdateRecord {
        id: uuid::Uuid::now_v7().to_string(),
        report: id,
        at: now,
        author: actor.user,
        author_name: actor.name.clone(),
        state: INITIAL.into(),
        text: "Đã tiếp nhận phản ánh.".into(),
        public: true,
    };
    write::insert(&mut tx, &actor.audit(), &record, &stored, &first).await?;
    if let Some(user) = record.reporter {
        write::follow(&mut tx, id, user, now).await?;
    }
    let unit_name = units::get(ctx.db(), unit).await?.name;
    let body = format!(
        "Phản ánh {} «{}» đã được tiếp nhận và chuyển đến {}. Hạn trả lời: {}.",
        record.code,
        record.title,
        unit_name,
        vn_local(record.answer_due).format("%d/%m/%Y")
    );
    let mut to = contacts_of_reporter(&record);
    if let Some(user) = record.reporter {
        to.extend(contacts_of_user(ctx, user).await?);
    }
    send(&mut tx, &record, &dedup(to), "Đã tiếp nhận phản ánh", &body).await?;
    tx.commit().await?;
    if !stored.is_empty() {
        ctx.photos_waiting().notify_one();
    }
    Ok(record)
}

/// The acknowledgement and answer deadlines of a report received `now` by `unit`, and the id of
/// the rule set that gave them.
async fn clock(
    ctx: &Context,
    unit: UnitId,
    now: DateTime<Utc>,
) -> Result<(DateTime<Utc>, DateTime<Utc>, String)> {
    let rules = ctx.feedback_rules().in_force(vn_date(now));
    let u = units::get(ctx.db(), unit).await?;
    let cal = ctx
        .clocks()
        .calendar(u.code.as_str())
        .map_err(|e| Error::internal(anyhow::anyhow!("{e}")))?;
    let counting = ctx.clocks().rules_on(vn_date(now));
    let due = |p: motcua_domain::petition::rules::Period| {
        cal.due(vn_local(now), p.limit(), counting)
            .map(from_vn_local)
            .map_err(|e| Error::internal(anyhow::anyhow!("{e}")))
    };
    Ok((
        due(rules.acknowledge.value)?,
        due(rules.answer.value)?,
        rules.id.clone(),
    ))
}

/// The open reports of the category near a point, for "is it one of these?".
pub async fn suggestions(
    ctx: &Context,
    category: &str,
    at: Coordinates,
    radius_m: f64,
    limit: usize,
) -> Result<Vec<Nearby>> {
    Ok(read::nearby(ctx.db(), Some(category), at, radius_m, limit).await?)
}

/// Where messages about a report go when its reporter has no account: what they gave.
pub(super) fn contacts_of_reporter(r: &ReportRecord) -> Vec<(Outbox, String)> {
    let mut to = Vec::new();
    if !r.reporter_email.is_empty() {
        to.push((Outbox::Email, r.reporter_email.clone()));
    }
    if let Ok(c @ Contact::Phone(_)) = Contact::parse(&r.reporter_phone) {
        to.push((Outbox::Sms, c.as_str().to_owned()));
    }
    to
}

/// Where messages to an account go: its email, and its login when that is a phone number.
pub(super) async fn contacts_of_user(ctx: &Context, user: UserId) -> Result<Vec<(Outbox, String)>> {
    let u = motcua_store::users::get(ctx.db(), user).await?;
    let mut to = Vec::new();
    if let Some(e) = u.email.filter(|e| !e.is_empty()) {
        to.push((Outbox::Email, e));
    }
    if let Ok(c @ Contact::Phone(_)) = Contact::parse(u.login.as_str()) {
        to.push((Outbox::Sms, c.as_str().to_owned()));
    }
    Ok(to)
}

pub(super) fn dedup(mut to: Vec<(Outbox, String)>) -> Vec<(Outbox, String)> {
    to.sort();
    to.dedup();
    to
}

/// Queues one message per address, in the report's transaction.
pub(super) async fn send(
    tx: &mut Tx,
    r: &ReportRecord,
    to: &[(Outbox, String)],
    subject: &str,
    body: &str,
) -> Result<()> {
    for (channel, recipient) in to {
        outbox::enqueue(
            tx,
            &NewMessage {
                channel: *channel,
                recipient: recipient.clone(),
                subject: format!("{subject} {}", r.code),
                body: body.to_owned(),
                entity_type: "place_report".into(),
                entity_id: r.id.to_string(),
                attachment: None,
            },
        )
        .await?;
    }
    Ok(())
}
