//! The photo worker's round: every pending photo is rendered and put in place of its original,
//! which is then deleted. A photo whose picture turns out to be damaged past its header is
//! removed, and the staff see a note on its report.
//!
//! One photo is rendered at a time, on one blocking thread: on a two-core server the other core
//! stays with the people filing and reading. Several servers may run rounds at once; the one
//! that finishes a photo second finds nothing left to change.

use motcua_store::dossiers::{self, StoredFile};
use motcua_store::error::StoreError;
use motcua_store::reports::{PendingPhoto, UpdateRecord, read, write};

use super::render;
use crate::{Context, Error, Result};

/// What one round did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Round {
    /// Pictures rendered (a picture sent with several reports counts once).
    pub rendered: usize,
    /// Pictures removed because they could not be decoded.
    pub unreadable: usize,
}

/// Renders up to `batch` pending pictures. A round that finds none returns zeros.
pub async fn render_pending(ctx: &Context, batch: i64) -> Result<Round> {
    let mut round = Round::default();
    for pending in read::pending_photos(ctx.db(), batch).await? {
        let original = match dossiers::get_file(ctx.db(), &pending.sha256).await {
            Ok(f) => f,
            // Another server finished it between the list and this read.
            Err(StoreError::NotFound { .. }) => continue,
            Err(e) => return Err(e.into()),
        };
        let orientation = u8::try_from(pending.orientation).unwrap_or(1);
        let rendered = tokio::task::spawn_blocking(move || render(&original.content, orientation))
            .await
            .map_err(Error::internal)?;
        match rendered {
            Ok(photo) => {
                finish(ctx, &pending, photo).await?;
                round.rendered += 1;
            }
            Err(e) => {
                tracing::warn!(sha256 = %pending.sha256, error = %e, "a report photo cannot be decoded");
                drop_unreadable(ctx, &pending).await?;
                round.unreadable += 1;
            }
        }
    }
    Ok(round)
}

async fn finish(ctx: &Context, pending: &PendingPhoto, photo: super::Photo) -> Result<()> {
    let now = ctx.now();
    let mut tx = ctx.db().begin().await?;
    dossiers::store_file(
        &mut tx,
        &StoredFile {
            sha256: photo.sha256.clone(),
            kind: "jpeg".into(),
            content: photo.jpeg,
        },
        now,
    )
    .await?;
    write::finish_photos(
        &mut tx,
        pending,
        &photo.sha256,
        i64::from(photo.width),
        i64::from(photo.height),
    )
    .await?;
    write::delete_original(&mut tx, &pending.sha256).await?;
    tx.commit().await?;
    Ok(())
}

async fn drop_unreadable(ctx: &Context, pending: &PendingPhoto) -> Result<()> {
    let now = ctx.now();
    let mut tx = ctx.db().begin().await?;
    for (report, position) in write::drop_pending_photos(&mut tx, pending).await? {
        let state = read::get(ctx.db(), report).await?.state;
        write::add_update(
            &mut tx,
            &UpdateRecord {
                id: uuid::Uuid::now_v7().to_string(),
                report,
                at: now,
                author: None,
                author_name: String::new(),
                state,
                text: format!(
                    "Ảnh thứ {} gửi kèm phản ánh không đọc được (tệp hỏng sau phần đầu) nên đã bị loại bỏ.",
                    position + 1
                ),
                public: false,
            },
        )
        .await?;
    }
    write::delete_original(&mut tx, &pending.sha256).await?;
    tx.commit().await?;
    Ok(())
}
