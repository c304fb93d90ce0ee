//! Bulk loads of past dossiers, many rows per statement.

use motcua_domain::dossier::lifecycle::Timeliness;
use motcua_domain::ids::DossierId;
use motcua_domain::message::Text;
use motcua_domain::role::Role;

use super::rows::COLUMNS;
use super::write::{
    EVENT_COLS, EVENT_INSERT, IMPORT_PARAMS, RATING_COLS, RATING_INSERT, RatingRecord, bind_all,
    bind_event, bind_progress, bind_rating, bind_rows, folded_search_text, insert_documents,
    insert_rows,
};
use super::{DocumentRecord, DossierRecord, EventRecord};
use crate::audit::{self, AuditContext};
use crate::db::{Tx, on_tx, queue_write, values_placeholders};
use crate::error::{OnConflict, StoreError, StoreResult};

/// A dossier with everything that happened to it, for [`import`].
#[derive(Clone, Debug)]
pub struct ImportedDossier {
    pub dossier: DossierRecord,
    pub documents: Vec<DocumentRecord>,
    pub events: Vec<EventRecord>,
    pub rating: Option<RatingRecord>,
}

/// Writes past dossiers in their final state, with their checklists, events and ratings, many
/// rows per statement: the path for history imports and the demo, where one INSERT a row would
/// spend most of its time on statement round trips. Live changes go through [`insert`] and
/// [`save`]. Audited as one `dossier.import` entry a call (the batch's size and codes), not
/// one a dossier: a load of a million past cases would otherwise double the log.
pub async fn import(tx: &mut Tx, ctx: &AuditContext, items: &[ImportedDossier]) -> StoreResult<()> {
    if items.is_empty() {
        return Ok(());
    }
    const DOSSIER_COLS: usize = 58;
    for chunk in items.chunks(IMPORT_PARAMS / DOSSIER_COLS) {
        let sql = format!(
            "INSERT INTO dossier ({COLUMNS}, search_text, created_at, updated_at) VALUES {}",
            values_placeholders(tx.backend(), chunk.len(), DOSSIER_COLS)
        );
        on_tx!(tx, c => {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.clone()));
            for item in chunk {
                let d = &item.dossier;
                let created = item.events.first().map_or(d.received_at, |e| e.at);
                q = bind_all!(q, d).bind(folded_search_text(d)).bind(created).bind(created);
            }
            q.execute(&mut *c).await.map(|_| ())
        })
        .map_err(StoreError::from)
        .on_unique("dossier", "code", Text::id("store-conflict-dossier_code"))?;
    }
    let documents: Vec<(DossierId, &DocumentRecord)> = items
        .iter()
        .flat_map(|i| i.documents.iter().map(|d| (i.dossier.id, d)))
        .collect();
    insert_documents(tx, &documents).await?;
    let events: Vec<(DossierId, &EventRecord)> = items
        .iter()
        .flat_map(|i| i.events.iter().map(|e| (i.dossier.id, e)))
        .collect();
    insert_rows!(tx, events, EVENT_INSERT, EVENT_COLS, bind_event);
    let ratings: Vec<(DossierId, &RatingRecord)> = items
        .iter()
        .filter_map(|i| i.rating.as_ref().map(|r| (i.dossier.id, r)))
        .collect();
    insert_rows!(tx, ratings, RATING_INSERT, RATING_COLS, bind_rating);
    crate::stats::on_import(
        tx,
        items.iter().map(|i| {
            (
                &i.dossier,
                i.events.as_slice(),
                i.rating.as_ref().map(|r| r.average_hundredths),
            )
        }),
    )
    .await?;
    let codes: Vec<&str> = items.iter().map(|i| i.dossier.code.as_str()).collect();
    audit::record(
        tx,
        ctx,
        "dossier.import",
        "dossier",
        "*",
        None::<&()>,
        Some(&serde_json::json!({ "count": items.len(), "codes": codes })),
    )
    .await?;
    Ok(())
}
