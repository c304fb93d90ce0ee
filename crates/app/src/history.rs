//! Writing the past: cases handled before they reached this database (a replaced system's
//! archive, the demo's two years, the load-test seeder) are written in their final state, many
//! to a transaction, and tell no one: a citizen is not sent today the notice of a step taken
//! last year.
//!
//! Each batch is one transaction holding its cases, one audit entry for each kind (the store's
//! `dossier.import` / `petition.import`) and the counters raised past the numbers it used. A
//! crash leaves whole batches, and a live intake beside the import never gets a number the
//! import gave.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate};
use motcua_domain::ids::UnitId;
use motcua_domain::vn_date;
use motcua_store::dossiers::{self, ImportedDossier};
use motcua_store::petitions::{self, ImportedPetition};
use motcua_store::{Tx, units};

use crate::{Actor, Context, Error, Result};

/// Cases to write together, not yet numbered: each dossier's code and logbook number and each
/// petition's code are given here, in the order the cases come.
#[derive(Debug, Default)]
pub struct Batch {
    pub dossiers: Vec<ImportedDossier>,
    pub petitions: Vec<ImportedPetition>,
}

/// The counters an import continues, kept between its batches so each is read from the
/// database once.
#[derive(Debug, Default)]
pub struct Numbering {
    sequences: HashMap<(String, NaiveDate), i64>,
    logbook: HashMap<(UnitId, i32), i64>,
    petitions: HashMap<(String, i32), i64>,
    unit_codes: HashMap<UnitId, String>,
}

/// Which counters a batch moved, to raise them before it commits.
#[derive(Default)]
struct Touched {
    sequences: HashSet<(String, NaiveDate)>,
    logbook: HashSet<(UnitId, i32)>,
    petitions: HashSet<(String, i32)>,
}

/// The next value of a counter kept in `seen`, or of the database's (taking it there, so a
/// concurrent intake cannot get it too) the first time it is met.
async fn next<K, F>(seen: &mut HashMap<K, i64>, key: &K, first: F) -> Result<i64>
where
    K: std::hash::Hash + Eq + Clone,
    F: Future<Output = motcua_store::StoreResult<i64>>,
{
    if let Some(n) = seen.get_mut(key) {
        *n += 1;
        return Ok(*n);
    }
    let n = first.await?;
    seen.insert(key.clone(), n);
    Ok(n)
}

impl Numbering {
    async fn number(&mut self, ctx: &Context, tx: &mut Tx, batch: &mut Batch) -> Result<Touched> {
        let mut touched = Touched::default();
        for item in &mut batch.dossiers {
            let d = &mut item.dossier;
            let key = (d.agency_code.clone(), vn_date(d.received_at));
            let seq = next(
                &mut self.sequences,
                &key,
                dossiers::next_sequence(tx, &key.0, key.1),
            )
            .await?;
            touched.sequences.insert(key);
            let key = (d.receiving_unit, d.logbook_year);
            let n = next(
                &mut self.logbook,
                &key,
                dossiers::next_logbook_number(tx, key.0, key.1),
            )
            .await?;
            touched.logbook.insert(key);
            d.number(u32::try_from(seq).map_err(Error::internal)?, n)?;
        }
        for item in &mut batch.petitions {
            let p = &mut item.record;
            let code = match self.unit_codes.get(&p.unit) {
                Some(c) => c.clone(),
                None => {
                    let c = units::get(ctx.db(), p.unit).await?.code.as_str().to_owned();
                    self.unit_codes.insert(p.unit, c.clone());
                    c
                }
            };
            let year = vn_date(p.received_at).year();
            let key = (code, year);
            let n = next(
                &mut self.petitions,
                &key,
                petitions::next_number(tx, &key.0, year),
            )
            .await?;
            p.code = format!("{}-{year}-{n:06}", key.0);
            // A protected denouncer goes by the case's code, which is only known now.
            if p.protected {
                p.pseudonym = format!("Người tố cáo {}", p.code);
            }
            touched.petitions.insert(key);
        }
        Ok(touched)
    }

    async fn raise(&self, tx: &mut Tx, touched: &Touched) -> Result<()> {
        for key in &touched.sequences {
            dossiers::raise_sequence(tx, &key.0, key.1, self.sequences[key]).await?;
        }
        for key in &touched.logbook {
            dossiers::raise_logbook_number(tx, key.0, key.1, self.logbook[key]).await?;
        }
        for key in &touched.petitions {
            petitions::raise_number(tx, &key.0, key.1, self.petitions[key]).await?;
        }
        Ok(())
    }
}

/// A case whose record does not match its timeline would show one state on its page and
/// another in its history: the generator that built it is wrong, and nothing of the batch is
/// written.
fn check(batch: &Batch) -> Result<()> {
    for d in &batch.dossiers {
        let seqs = d.events.iter().map(|e| e.seq);
        agrees("dossier", &d.dossier.id, d.dossier.version, seqs)?;
    }
    for p in &batch.petitions {
        let seqs = p.events.iter().map(|e| e.seq);
        agrees("petition", &p.record.id, p.record.version, seqs)?;
    }
    Ok(())
}

/// A record at `version` has events 1, 2, …, `version`.
fn agrees(
    what: &str,
    id: &dyn std::fmt::Display,
    version: i64,
    seqs: impl Iterator<Item = i64>,
) -> Result<()> {
    let seqs: Vec<i64> = seqs.collect();
    if seqs.iter().copied().eq(1..=version) {
        return Ok(());
    }
    Err(Error::internal(anyhow::anyhow!(
        "imported {what} {id} has version {version} and events {seqs:?}"
    )))
}

/// Numbers and writes one batch of past cases in one transaction, recorded as the actor's.
pub async fn write(
    ctx: &Context,
    actor: &Actor,
    numbering: &mut Numbering,
    batch: &mut Batch,
) -> Result<()> {
    check(batch)?;
    let written = async {
        let mut tx = ctx.db().begin().await?;
        let touched = numbering.number(ctx, &mut tx, batch).await?;
        let audit = actor.audit();
        dossiers::import(&mut tx, &audit, &batch.dossiers).await?;
        petitions::import(&mut tx, &audit, &batch.petitions).await?;
        numbering.raise(&mut tx, &touched).await?;
        tx.commit().await?;
        Ok(())
    }
    .await;
    if written.is_err() {
        // The counters this batch took were rolled back with it: read them again next time.
        numbering.sequences.clear();
        numbering.logbook.clear();
        numbering.petitions.clear();
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_timeline_agrees_only_when_numbered_one_to_the_version() {
        assert!(agrees("dossier", &"d", 3, [1, 2, 3].into_iter()).is_ok());
        // A gap, a repeat, one event too many or too few: the generator is wrong.
        for seqs in [vec![1, 3], vec![1, 1, 2], vec![1, 2, 3, 4], vec![1, 2]] {
            let e = agrees("dossier", &"d", 3, seqs.clone().into_iter()).unwrap_err();
            assert!(matches!(e, Error::Internal(_)), "{seqs:?}: {e:?}");
        }
    }
}
