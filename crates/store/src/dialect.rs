//! The only place where the two SQL dialects differ. Everything else is portable SQL.
//!
//! - Full-text search over folded text: an FTS5 table on SQLite, a GIN index over
//!   `to_tsvector('simple', …)` on PostgreSQL (migrations 0003).
//! - Row locks for the outbox claim (`FOR UPDATE SKIP LOCKED` on PostgreSQL only).
//! - JSON aggregation for the public timeline (`json_group_array` against `json_agg`).
//! - Keeping SQLite's planner off an index it would wrongly prefer ([`no_index`]).
//!
//! How write transactions are serialised differs too, but it is more than SQL: see
//! [`crate::group_commit`] (SQLite) and [`crate::lanes`] (PostgreSQL).

use crate::db::Backend;

/// A WHERE condition restricting `procedure_version` to rows whose folded text contains every
/// word as a word prefix; `$param` takes [`search_argument`].
pub(crate) fn procedure_search_condition(backend: Backend, param: usize) -> String {
    match backend {
        Backend::Sqlite => format!(
            "version_id IN (SELECT version_id FROM procedure_search \
             WHERE procedure_search MATCH ${param})"
        ),
        Backend::Postgres => {
            format!("to_tsvector('simple', search_text) @@ to_tsquery('simple', ${param})")
        }
    }
}

/// The query text for [`procedure_search_condition`]. `words` come from
/// `motcua_domain::text::search_words` (letters and digits only), so they cannot carry
/// operators of either query language; they are quoted on SQLite all the same.
pub(crate) fn search_argument(backend: Backend, words: &[String]) -> String {
    match backend {
        Backend::Sqlite => words
            .iter()
            .map(|w| format!("\"{w}\"*"))
            .collect::<Vec<_>>()
            .join(" AND "),
        Backend::Postgres => words
            .iter()
            .map(|w| format!("{w}:*"))
            .collect::<Vec<_>>()
            .join(" & "),
    }
}

/// The row-lock clause closing the sub-select of the outbox claim
/// (`UPDATE … WHERE message_id IN (SELECT … LIMIT n <here>)`).
///
/// On PostgreSQL two claimers run concurrently; without a lock both sub-selects could pick the
/// same rows, and the second UPDATE, after waiting for the first, would still match them
/// because `IN (…)` is not re-evaluated. `FOR UPDATE` locks the picked rows (re-checking them
/// against the latest committed version) and `SKIP LOCKED` makes the other claimer pass over
/// them instead of queueing behind. SQLite has a single writer, so the statement is atomic as
/// it stands, and it has no such clause.
pub(crate) fn claim_row_lock(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "",
        Backend::Postgres => " FOR UPDATE SKIP LOCKED",
    }
}

/// A dossier's public timeline as one JSON text, `[[at, action, step_name], …]` in order: an
/// expression for a select list over `dossier d`. It leaves out who took a step over
/// (`assign`): that is the team's business.
pub(crate) const fn timeline_json(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => {
            "(SELECT json_group_array(json_array(e.at, e.action, e.step_name) ORDER BY e.seq) \
             FROM dossier_event e WHERE e.dossier_id = d.dossier_id AND e.action <> 'assign')"
        }
        Backend::Postgres => {
            "COALESCE((SELECT json_agg(json_build_array(e.at, e.action, e.step_name) \
             ORDER BY e.seq) FROM dossier_event e WHERE e.dossier_id = d.dossier_id \
             AND e.action <> 'assign')::text, '[]')"
        }
    }
}

/// The literal a boolean column equals when false: PostgreSQL's `BOOLEAN` takes no integer, and
/// SQLite stores booleans as 0 and 1.
pub(crate) const fn false_literal(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "0",
        Backend::Postgres => "false",
    }
}

/// `column`, kept from choosing the index for its condition: `+column` on SQLite, whose planner
/// otherwise walks `(unit, received_at)` through every dossier ever received where the
/// `(unit, finished_at, due_at)` index reads only the open ones (measured at five million
/// dossiers: 6 s against 1 ms). PostgreSQL's planner weighs both by their statistics.
pub(crate) fn no_index(backend: Backend, column: &str) -> String {
    match backend {
        Backend::Sqlite => format!("+{column}"),
        Backend::Postgres => column.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_arguments_are_prefix_queries() {
        let w = vec!["giay".to_owned(), "phep".to_owned()];
        assert_eq!(
            search_argument(Backend::Sqlite, &w),
            "\"giay\"* AND \"phep\"*"
        );
        assert_eq!(search_argument(Backend::Postgres, &w), "giay:* & phep:*");
    }
}
