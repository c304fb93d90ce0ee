//! Several SQLite statements sent to the connection in one call.
//!
//! sqlx runs each SQLite connection on a thread of its own, and every call is a round trip to
//! it: a channel send, a wake-up, the answer back. Under load that trip costs far more than
//! the statement (about 60 µs against a few), and SQLite's one writer holds the write lock
//! through every trip of its transaction. So the group writer (see [`crate::group_commit`])
//! queues the writes whose answer nobody needs (an audit entry, a timeline event, a notice)
//! and sends them with the transaction's next statement, or with its `RELEASE`, as one script.
//!
//! sqlx runs a multi-statement query statement by statement with one list of arguments,
//! binding a `$N` parameter of any of them to the N-th argument. So a statement joins a script
//! by shifting its parameter numbers past the arguments already there.
//!
//! sqlx calls several statements in one prepared query a SQLite peculiarity it may drop
//! (launchbadge/sqlx#3108, still open; 0.9 deprecates only `fetch_many`, which this does not
//! use). `Cargo.lock` pins the version, and the group writer's tests send scripts and check
//! every statement's effect, so an upgrade that drops it fails them rather than writes.

use std::fmt::Write as _;

use sqlx::sqlite::SqliteArguments;
use sqlx::{Arguments, Encode, Sqlite, Type};

use crate::error::{StoreError, StoreResult};

/// Statements waiting to be sent, in order, as one script.
#[derive(Debug, Default)]
pub struct Script {
    sql: String,
    args: SqliteArguments,
    /// Why a statement could not be added (a value that did not encode, a missing argument):
    /// the script must not be sent, since its arguments no longer line up.
    broken: Option<String>,
}

impl Script {
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.sql.is_empty()
    }

    /// Appends a statement without parameters.
    pub fn push_sql(&mut self, sql: &str) {
        self.separate();
        self.sql.push_str(sql);
    }

    /// Appends `sql`, its parameters numbered after the script's; bind them, in order, on
    /// the statement returned, and end with [`Statement::done`].
    pub fn statement(&mut self, sql: &str) -> Statement<'_> {
        self.separate();
        let offset = self.args.len();
        let wanted = renumber(sql, offset, &mut self.sql);
        Statement {
            script: self,
            wanted,
            given: 0,
        }
    }

    /// The script's text and arguments, leaving it empty; an error if a statement in it was
    /// not built whole.
    pub fn take(&mut self) -> StoreResult<(String, SqliteArguments)> {
        let sql = std::mem::take(&mut self.sql);
        let args = std::mem::take(&mut self.args);
        match self.broken.take() {
            Some(why) => Err(StoreError::Encode(why)),
            None => Ok((sql, args)),
        }
    }

    /// Forgets everything queued.
    pub fn clear(&mut self) {
        *self = Self::default();
    }

    fn separate(&mut self) {
        if !self.sql.is_empty() {
            self.sql.push_str(";\n");
        }
    }

    fn break_with(&mut self, why: String) {
        self.broken.get_or_insert(why);
    }
}

/// A statement being added to a [`Script`], bound as a `sqlx::query` is.
#[derive(Debug)]
pub struct Statement<'s> {
    script: &'s mut Script,
    /// The highest parameter number in its text.
    wanted: usize,
    given: usize,
}

impl Statement<'_> {
    /// Binds the next parameter (`$1`, then `$2`, …, or the next `?`).
    #[must_use]
    pub fn bind<'t, T>(self, value: T) -> Self
    where
        T: Encode<'t, Sqlite> + Type<Sqlite> + 't,
    {
        if let Err(e) = self.script.args.add(value) {
            self.script.break_with(e.to_string());
        }
        Self {
            given: self.given + 1,
            ..self
        }
    }

    /// Checks that every parameter got its argument: one missing would take the next
    /// statement's first.
    pub fn done(self) -> StoreResult<()> {
        if self.given < self.wanted {
            self.script.break_with(format!(
                "{} parameters, {} arguments",
                self.wanted, self.given
            ));
        }
        match &self.script.broken {
            Some(why) => Err(StoreError::Encode(why.clone())),
            None => Ok(()),
        }
    }
}

/// Copies `sql` to `out` with every parameter written `$N`, N shifted by `offset`: `$N` and
/// `?N` become `$(N + offset)`, and the k-th bare `?` becomes `$(k + offset)`. Quoted text and
/// identifiers are copied as they are. Returns the highest parameter number before shifting.
fn renumber(sql: &str, offset: usize, out: &mut String) -> usize {
    let mut highest = 0;
    let mut bare = 0;
    let mut quote: Option<char> = None;
    let mut chars = sql.char_indices();
    while let Some((i, ch)) = chars.next() {
        if let Some(q) = quote {
            out.push(ch);
            if ch == q {
                quote = None;
            }
            continue;
        }
        match ch {
            '\'' | '"' => {
                quote = Some(ch);
                out.push(ch);
            }
            '$' | '?' => {
                let digits = sql[i + 1..].bytes().take_while(u8::is_ascii_digit).count();
                let n = match (digits, ch) {
                    // Not a parameter of ours; copied as it is.
                    (0, '$') => {
                        out.push(ch);
                        continue;
                    }
                    (0, _) => {
                        bare += 1;
                        bare
                    }
                    _ => sql[i + 1..i + 1 + digits].parse().unwrap_or(0),
                };
                for _ in 0..digits {
                    chars.next();
                }
                highest = highest.max(n);
                // Writing to a String cannot fail.
                let _ = write!(out, "${}", n + offset);
            }
            _ => out.push(ch),
        }
    }
    highest
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shifted(sql: &str, offset: usize) -> (String, usize) {
        let mut out = String::new();
        let n = renumber(sql, offset, &mut out);
        (out, n)
    }

    #[test]
    fn numbered_and_bare_parameters_are_shifted() {
        assert_eq!(
            shifted("UPDATE t SET a = $2 WHERE id = $1 AND b = $2", 3),
            ("UPDATE t SET a = $5 WHERE id = $4 AND b = $5".to_owned(), 2)
        );
        assert_eq!(
            shifted("INSERT INTO t VALUES (?, ?), (?, ?)", 10),
            ("INSERT INTO t VALUES ($11, $12), ($13, $14)".to_owned(), 4)
        );
        assert_eq!(shifted("SELECT ?7", 1), ("SELECT $8".to_owned(), 7));
    }

    #[test]
    fn quoted_text_is_left_alone() {
        assert_eq!(
            shifted("SELECT 'là $1 ?' || \"cột?\" WHERE x = $1 AND y = 'đ'", 2),
            (
                "SELECT 'là $1 ?' || \"cột?\" WHERE x = $3 AND y = 'đ'".to_owned(),
                1
            )
        );
    }

    #[test]
    fn a_statement_with_too_few_arguments_breaks_the_script() {
        let mut script = Script::default();
        let err = script
            .statement("SELECT $1, $2")
            .bind(1_i64)
            .done()
            .unwrap_err();
        assert!(matches!(err, StoreError::Encode(_)), "{err:?}");
        assert!(script.take().is_err(), "a broken script must not be sent");
    }

    #[test]
    fn statements_join_with_their_arguments_in_order() {
        let mut script = Script::default();
        script.push_sql("SAVEPOINT w");
        script
            .statement("INSERT INTO t VALUES ($1, $2)")
            .bind(1_i64)
            .bind("a")
            .done()
            .unwrap();
        script
            .statement("SELECT x FROM t WHERE y = ?")
            .bind("b")
            .done()
            .unwrap();
        let (sql, args) = script.take().unwrap();
        assert_eq!(
            sql,
            "SAVEPOINT w;\nINSERT INTO t VALUES ($1, $2);\nSELECT x FROM t WHERE y = $3"
        );
        assert_eq!(args.len(), 3);
        assert!(script.is_empty());
    }
}
