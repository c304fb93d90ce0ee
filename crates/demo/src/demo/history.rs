//! Two years of believable one-stop history for the demo, so that queues, the logbook and the
//! leaders' figures have something real to show: dossiers across the demo communes, mostly
//! civil-status and certification work, most on time, some late (a few with an apology), some
//! with a supplement, a few refused or withdrawn, ratings on many returned ones, and those of
//! the last days still open at their various steps.
//!
//! They are the seeder's dossiers (`crate::seed`), drawn with the demo's own fixed seed, and are
//! written by the history import: the past is recorded, not replayed, so no citizen is sent a
//! notice about it.

use motcua_app::{Actor, Context};

use crate::seed::{self, Options};

/// What was generated, for the start-up message.
#[derive(Debug, Default)]
pub struct HistoryReport {
    pub dossiers: usize,
    pub open: usize,
    pub late: usize,
    pub supplements: usize,
    pub ratings: usize,
    pub seconds: f64,
}

/// Two demo databases look the same.
const SEED: u64 = 20_251_128;

/// Generates `target` dossiers over the two years before now.
pub async fn generate(ctx: &Context, target: usize) -> anyhow::Result<HistoryReport> {
    let opts = Options {
        cases: target,
        petition_share: 0.0,
        seed: SEED,
        // A month or so a transaction at the default size: a crash leaves whole months.
        batch: 1_000,
        days: 730,
    };
    let report = seed::seed(ctx, &Actor::system("motcua serve --demo"), &opts, &|_| {}).await?;
    Ok(HistoryReport {
        dossiers: report.dossiers,
        open: report.open,
        late: report.late,
        supplements: report.supplements,
        ratings: report.ratings,
        seconds: report.seconds,
    })
}
