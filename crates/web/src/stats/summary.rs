//! The monthly summary (issue 26, point 6): early each month, every unit whose head has an
//! email gets last month's report, as a PDF attached to an email sent through the outbox. The
//! job runs daily and sends what is not yet in the outbox, so a server down on the 1st, or a
//! unit whose head gets an email on the 10th, still gets its month; nothing is sent twice.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use motcua_domain::ids::UnitId;
use motcua_domain::stats::{Month, Period};
use motcua_store::dossiers::{self, StoredFile};
use motcua_store::outbox::{self, Channel, NewMessage};
use sha2::{Digest, Sha256};

use super::{View, figures, percent, report};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::pages::unit_name;
use crate::state::AppState;

/// Sends last month's summaries not yet sent; returns how many units got one.
pub async fn send_due(state: &AppState, now: DateTime<Utc>) -> Result<usize, AppError> {
    let month = Month::of(now).plus(-1);
    let mut heads: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (unit, email) in motcua_store::stats::head_emails(state.db()).await? {
        heads.entry(unit).or_default().push(email);
    }
    let mut sent = 0;
    for (unit, emails) in heads {
        // One unit's failure must not keep the others from their summary, today or later.
        match send_one(state, &unit, &emails, month, now).await {
            Ok(true) => sent += 1,
            Ok(false) => {}
            Err(e) => tracing::warn!(error = %e, unit, "monthly summary of a unit failed"),
        }
    }
    Ok(sent)
}

/// The summary of one unit, unless already queued; whether it was queued now.
async fn send_one(
    state: &AppState,
    unit: &str,
    emails: &[String],
    month: Month,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let entity = format!("{unit}:{month}");
    if motcua_store::stats::summary_queued(state.db(), &entity).await? {
        return Ok(false);
    }
    let Ok(unit) = UnitId::parse(unit) else {
        return Ok(false);
    };
    let view = View::for_unit(state, unit, Period::month(month), now).await?;
    let report = report::build(state, &view, Lang::Vi).await?;
    let content = report::render(state, report).await?;
    let file = StoredFile {
        sha256: hex::encode(Sha256::digest(&content)),
        kind: "pdf".into(),
        content,
    };
    let (f, _) = figures(state, &view, view.period).await?;
    let name = unit_name(state, unit).await;
    let label = format!("{:02}/{}", month.month(), month.year());
    let body = format!(
        "Báo cáo tháng {label} của {name}.\n\nTiếp nhận: {}\nGiải quyết: {} (trễ hạn {})\n\
         Đang giải quyết: {} (quá hạn {})\nTỷ lệ đúng hạn: {}\n\nBáo cáo đầy đủ đính kèm \
         (PDF); số liệu trực tiếp tại /thong-ke.\n",
        f.received(),
        f.finished(),
        f.late,
        f.open(),
        f.open_over,
        percent(f.on_time_permille()),
    );
    let mut tx = state.db().begin().await?;
    dossiers::store_file(&mut tx, &file, now).await?;
    for email in emails {
        outbox::enqueue(
            &mut tx,
            &NewMessage {
                channel: Channel::Email,
                recipient: email.clone(),
                subject: format!("Báo cáo tháng {label}: {name}"),
                body: body.clone(),
                entity_type: "stats_summary".into(),
                entity_id: entity.clone(),
                attachment: Some((format!("bao-cao-{month}.pdf"), file.sha256.clone())),
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(true)
}
