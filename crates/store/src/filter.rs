//! A WHERE clause built from a list filter: conditions with numbered placeholders (`$1`, `$2`,
//! … the portable form both backends take) and the arguments to bind, in order.

use chrono::{DateTime, Utc};

pub(crate) enum Arg {
    Text(String),
    Time(DateTime<Utc>),
}

#[derive(Default)]
pub(crate) struct Where {
    pub(crate) conds: Vec<String>,
    pub(crate) args: Vec<Arg>,
}

impl Where {
    /// Adds an argument and returns its placeholder.
    pub(crate) fn arg(&mut self, a: Arg) -> String {
        self.args.push(a);
        format!("${}", self.args.len())
    }

    /// Adds a condition whose one `?` takes `a`.
    pub(crate) fn cond(&mut self, cond: &str, a: Arg) {
        let ph = self.arg(a);
        self.conds.push(cond.replace('?', &ph));
    }

    /// `column IN (…)` over `values`; nothing when there are none.
    pub(crate) fn any_of(&mut self, column: &str, values: impl IntoIterator<Item = String>) {
        let ph: Vec<String> = values.into_iter().map(|v| self.arg(Arg::Text(v))).collect();
        if !ph.is_empty() {
            self.conds.push(format!("{column} IN ({})", ph.join(", ")));
        }
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
            };
        }
        q
    }};
}

pub(crate) use bind_args;
