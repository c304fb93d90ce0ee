//! What every list shares: a [`Page`] of rows, and a WHERE clause built from the list's filter:
//! conditions with numbered placeholders (`$1`, `$2`, … the portable form both backends take)
//! and the arguments to bind, in order. Each list keeps its own ORDER BY (chosen for its
//! indexes); the common filters (units, a set of codes, a time bound, text words) and the page
//! are written here once.

use chrono::{DateTime, NaiveDate, Utc};
use motcua_domain::ids::UnitId;

/// Which rows of a list to return: at most `limit` after skipping `offset`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Page {
    limit: i64,
    offset: i64,
}

impl Page {
    /// The most rows one list call returns, whatever the caller asks: a request's cost stays
    /// bounded.
    pub(crate) const MAX: i64 = 500;
    /// The rows a caller gets when it asks for none (a limit of zero or less).
    pub(crate) const DEFAULT: i64 = 50;

    pub(crate) fn new(limit: i64, offset: i64) -> Self {
        Self::within(limit, offset, Self::MAX)
    }

    /// As [`Page::new`], for a list whose rows are small enough to allow more in one call
    /// than [`Page::MAX`] (the catalogue, which a desk's drop-down shows whole).
    pub(crate) fn within(limit: i64, offset: i64, max: i64) -> Self {
        Self {
            limit: if limit <= 0 {
                Self::DEFAULT
            } else {
                limit.min(max)
            },
            offset: offset.max(0),
        }
    }

    /// `LIMIT n OFFSET m`. Both are bounded integers written into the statement: a bound
    /// parameter would change the statement text, and with it the plans of the lists.
    pub(crate) fn sql(self) -> String {
        format!("LIMIT {} OFFSET {}", self.limit, self.offset)
    }
}

pub(crate) enum Arg {
    Text(String),
    Time(DateTime<Utc>),
    Date(NaiveDate),
}

#[derive(Default)]
pub(crate) struct Where {
    pub(crate) conds: Vec<String>,
    pub(crate) args: Vec<Arg>,
}

impl Where {
    /// Adds an argument and returns its placeholder.
    pub(crate) fn arg(&mut self, a: Arg) -> String {
        format!("${}", self.arg_index(a))
    }

    /// Adds an argument and returns its placeholder's number, for a condition written
    /// elsewhere (a backend's full-text match).
    pub(crate) fn arg_index(&mut self, a: Arg) -> usize {
        self.args.push(a);
        self.args.len()
    }

    /// Adds a condition whose one `?` takes `a`.
    pub(crate) fn cond(&mut self, cond: &str, a: Arg) {
        let ph = self.arg(a);
        self.conds.push(cond.replace('?', &ph));
    }

    /// A condition whose placeholders the caller took from [`Self::arg`].
    pub(crate) fn cond_raw(&mut self, cond: String) {
        self.conds.push(cond);
    }

    /// `column IN (…)` over `values`; nothing when there are none.
    pub(crate) fn any_of(&mut self, column: &str, values: impl IntoIterator<Item = String>) {
        let ph: Vec<String> = values.into_iter().map(|v| self.arg(Arg::Text(v))).collect();
        if !ph.is_empty() {
            self.conds.push(format!("{column} IN ({})", ph.join(", ")));
        }
    }

    /// `column` is one of `units` (the caller expands subtrees); nothing when there are none.
    pub(crate) fn in_units(&mut self, column: &str, units: &[UnitId]) {
        self.any_of(column, units.iter().map(ToString::to_string));
    }

    /// Every word of `text` (diacritics folded) somewhere in `column`.
    pub(crate) fn words_in(&mut self, column: &str, text: &str) {
        // The web layer refuses longer searches; this only keeps the SQL bounded whoever calls.
        for word in motcua_domain::text::search_words(text)
            .into_iter()
            .take(motcua_domain::text::SEARCH_MAX_WORDS)
        {
            self.cond(&format!("{column} LIKE ?"), Arg::Text(format!("%{word}%")));
        }
    }

    /// `WHERE …`, or nothing.
    pub(crate) fn clause(&self) -> String {
        if self.conds.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", self.conds.join(" AND "))
        }
    }
}

/// Binds a [`Where`]'s arguments, in order, to a query of either backend.
macro_rules! bind_args {
    ($q:expr, $args:expr) => {{
        let mut q = $q;
        for a in $args {
            q = match a {
                $crate::filter::Arg::Text(s) => q.bind(s.clone()),
                $crate::filter::Arg::Time(t) => q.bind(*t),
                $crate::filter::Arg::Date(d) => q.bind(*d),
            };
        }
        q
    }};
}

pub(crate) use bind_args;

/// How many rows of `table` match `w`, counting no further than `cap`: a home page's counts cost
/// the same at a million rows as at a thousand, and read "cap or more" beyond.
pub(crate) async fn count_capped(
    db: &crate::db::Db,
    table: &'static str,
    w: &Where,
    cap: i64,
) -> crate::error::StoreResult<i64> {
    let sql = format!(
        "SELECT COUNT(*) FROM (SELECT 1 FROM {table} {} LIMIT {}) capped",
        w.clause(),
        cap.max(0)
    );
    Ok(crate::db::on_pool!(db, p => {
        bind_args!(sqlx::query_scalar(sqlx::AssertSqlSafe(sql.clone())), &w.args)
            .fetch_one(p)
            .await?
    }))
}
