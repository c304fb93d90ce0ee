//! Signed checkpoints of the audit log, written to a folder outside the data folder: by the
//! server every job slot, and by `motcua audit head`.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use motcua_domain::checkpoint::{CheckpointSigner, SignedCheckpoint};
use motcua_store::Db;

/// Where checkpoints go and the key that signs them.
#[derive(Clone, Debug)]
pub struct AuditCheckpoints {
    pub signer: Arc<CheckpointSigner>,
    /// A folder outside the data folder (default `KEYS/checkpoints`).
    pub dir: PathBuf,
}

/// Reads every lane's head now and signs them.
pub async fn sign_now(db: &Db, signer: &CheckpointSigner) -> anyhow::Result<SignedCheckpoint> {
    let at = motcua_store::now();
    let heads = motcua_store::audit::lane_heads(db).await?;
    Ok(signer.sign(
        &at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
        heads,
    ))
}

/// Writes `cp` as a new file named by its time (`audit-checkpoint-20261206T101500.123456Z.json`)
/// and returns its path. Each checkpoint is a file of its own, never overwritten, so an
/// inspector can take any of them; the file is complete on disk before it gets its name.
pub fn write(dir: &Path, cp: &SignedCheckpoint) -> anyhow::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let stamp: String = cp
        .checkpoint
        .at
        .chars()
        .filter(|c| !matches!(c, '-' | ':'))
        .collect();
    let path = dir.join(format!("audit-checkpoint-{stamp}.json"));
    let tmp = dir.join(format!(
        ".audit-checkpoint-{stamp}.{}.tmp",
        std::process::id()
    ));
    let mut f = std::fs::File::create(&tmp)?;
    f.write_all(cp.to_text().as_bytes())?;
    f.sync_all()?;
    std::fs::rename(&tmp, &path)?;
    Ok(path)
}
