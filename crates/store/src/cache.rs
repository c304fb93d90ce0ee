//! A server's cache of the records every dossier call reads and administrators rarely change:
//! units, their ancestry, and procedure versions.
//!
//! Several servers may share one database, so a server cannot learn of another's edits by
//! itself. Triggers (migration `0007`) move the `catalog_generation` counter on every change to
//! `unit` or `procedure_version`; an authenticated request reads the counter in the same query
//! that reads its token, and hands it here as a [`Generation`]. When a request brings a newer
//! generation than the cache holds, the cache is emptied. A request therefore never sees the
//! catalogue as it was before the request began, which is what reading the tables would give.
//!
//! A request that brings an older generation than the cache's (it began before another request
//! saw the change) reads the tables and leaves the cache alone. An entry read from the tables is
//! kept only if the cache is still at the generation of the request that read it.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;

use chrono::NaiveDate;
use motcua_domain::ids::{ProcedureVersionId, UnitId};
use motcua_domain::procedure::{ProcedureCode, ProcedureVersion};
use motcua_domain::unit::Unit;

use crate::db::{Db, on_pool};
use crate::{StoreResult, procedures, units};

/// The value of the `catalog_generation` counter as a request read it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Generation(pub i64);

/// Entries per map beyond which the map is emptied: the catalogue of a province is a few
/// thousand versions and a few hundred units, while the procedure in force is also keyed by
/// day, so that map would otherwise grow with the server's uptime.
const MAX_ENTRIES: usize = 20_000;

#[derive(Default)]
struct Entries {
    generation: i64,
    units: HashMap<UnitId, Unit>,
    ancestry: HashMap<UnitId, Vec<UnitId>>,
    versions: HashMap<ProcedureVersionId, ProcedureVersion>,
    in_force: HashMap<(String, NaiveDate), ProcedureVersion>,
}

impl Entries {
    fn clear(&mut self, generation: i64) {
        *self = Self {
            generation,
            ..Self::default()
        };
    }
}

#[derive(Default)]
pub struct ReferenceCache {
    entries: Mutex<Entries>,
}

impl std::fmt::Debug for ReferenceCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReferenceCache").finish_non_exhaustive()
    }
}

impl ReferenceCache {
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// A unit by id, as [`units::get`].
    pub async fn unit(&self, db: &Db, seen: Option<Generation>, id: UnitId) -> StoreResult<Unit> {
        self.through(seen, |e| &mut e.units, id, units::get(db, id))
            .await
    }

    /// A unit and its ancestors, as [`units::ancestry`].
    pub async fn ancestry(
        &self,
        db: &Db,
        seen: Option<Generation>,
        id: UnitId,
    ) -> StoreResult<Vec<UnitId>> {
        self.through(seen, |e| &mut e.ancestry, id, units::ancestry(db, id))
            .await
    }

    /// A procedure version by id, as [`procedures::get_version`].
    pub async fn version(
        &self,
        db: &Db,
        seen: Option<Generation>,
        id: ProcedureVersionId,
    ) -> StoreResult<ProcedureVersion> {
        let load = procedures::get_version(db, id);
        self.through(seen, |e| &mut e.versions, id, load).await
    }

    /// The version of `code` in force on `date`, as [`procedures::get_in_force`].
    pub async fn in_force(
        &self,
        db: &Db,
        seen: Option<Generation>,
        code: &ProcedureCode,
        date: NaiveDate,
    ) -> StoreResult<ProcedureVersion> {
        let key = (code.as_str().to_owned(), date);
        let load = procedures::get_in_force(db, code, date);
        self.through(seen, |e| &mut e.in_force, key, load).await
    }

    /// The entry under `key` if the cache holds it at the request's generation, else what
    /// `load` reads from the tables (kept if the cache is still at that generation). Errors,
    /// `NotFound` included, are never kept.
    async fn through<K: Hash + Eq, V: Clone>(
        &self,
        seen: Option<Generation>,
        map: fn(&mut Entries) -> &mut HashMap<K, V>,
        key: K,
        load: impl Future<Output = StoreResult<V>>,
    ) -> StoreResult<V> {
        let Some(seen) = seen else {
            // A background job or a page did not read the counter: the tables it is.
            return load.await;
        };
        {
            let mut e = self.lock();
            if seen.0 > e.generation {
                e.clear(seen.0);
            }
            if seen.0 == e.generation
                && let Some(v) = map(&mut e).get(&key)
            {
                return Ok(v.clone());
            }
        }
        let v = load.await?;
        let mut e = self.lock();
        // Not if a newer request has emptied the cache meanwhile, nor for a request older than
        // the cache: either may have read the tables before a change the cache has seen.
        if seen.0 == e.generation {
            let m = map(&mut e);
            if m.len() >= MAX_ENTRIES {
                m.clear();
            }
            m.insert(key, v.clone());
        }
        Ok(v)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        // A panic while holding the lock cannot leave the maps half-written in a way that
        // matters: each entry is inserted whole. Keep serving rather than fail every request.
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// The counter as a scalar subquery, for the query that authenticates a request.
pub(crate) const GENERATION_COLUMN: &str =
    "(SELECT value FROM catalog_generation) AS catalog_generation";

/// The current value of the counter, for callers that did not read it with their token.
pub async fn generation(db: &Db) -> StoreResult<Generation> {
    let value: i64 = on_pool!(db, p => {
        sqlx::query_scalar("SELECT value FROM catalog_generation").fetch_one(p).await?
    });
    Ok(Generation(value))
}
