#!/usr/bin/env python3
"""The query plans of the statements the lifecycle benchmark runs on every call.

    scripts/explain-hot-queries.py --sqlite DATA/motcua.sqlite3 [--postgres URL]

Each statement is the store's own (parameters replaced by sample values); a plan that reads
a whole table that grows with the cases (SQLite "SCAN", PostgreSQL "Seq Scan") is flagged, and
the exit status is 1 if any is. Run it on a seeded database (motcua seed) so that PostgreSQL's planner
sees realistic table sizes.
"""
import argparse
import sqlite3
import subprocess
import sys

# Tables that grow with the number of cases.
GROWING = ["dossier", "dossier_event", "dossier_rating", "dossier_document", "dossier_sequence",
           "audit_log", "outbox_message", "petition", "petition_event"]

# (name, SQL with $N placeholders, sample arguments)
QUERIES = [
    ("dossier by id", "SELECT * FROM dossier WHERE dossier_id = $1", ["x"]),
    ("dossier by code (public lookup)", "SELECT * FROM dossier WHERE code = $1", ["x"]),
    ("timeline of a dossier",
     "SELECT * FROM dossier_event WHERE dossier_id = $1 ORDER BY seq", ["x"]),
    ("rating of a dossier",
     "SELECT rated_at, scores, average, comment FROM dossier_rating WHERE dossier_id = $1", ["x"]),
    ("API token",
     "SELECT t.token_id FROM api_token t JOIN app_user u ON u.user_id = t.user_id "
     "WHERE t.token_hash = $1 AND t.revoked_at IS NULL", ["x"]),
    ("user with grants",
     "SELECT u.user_id, g.grant_id FROM app_user u LEFT JOIN role_grant g "
     "ON g.user_id = u.user_id WHERE u.user_id = $1 ORDER BY g.created_at, g.grant_id", ["x"]),
    ("unit ancestry",
     "WITH RECURSIVE up (unit_id, parent_id, depth) AS ("
     " SELECT unit_id, parent_id, 0 FROM unit WHERE unit_id = $1"
     " UNION ALL SELECT u.unit_id, u.parent_id, up.depth + 1 FROM unit u"
     " JOIN up ON u.unit_id = up.parent_id WHERE up.depth < 33)"
     " SELECT unit_id FROM up ORDER BY depth", ["x"]),
    ("procedure in force",
     "SELECT version_id FROM procedure_version WHERE code = $1 AND effective_from <= $2 "
     "ORDER BY effective_from DESC LIMIT 1", ["x", "2026-12-01"]),
    ("head of an audit lane",
     "SELECT seq, entry_hash FROM audit_log WHERE lane = $1 ORDER BY seq DESC LIMIT 1", [0]),
    ("dossier number of the day",
     "SELECT last_seq FROM dossier_sequence WHERE agency_code = $1 AND day = $2",
     ["x", "2026-12-01"]),
    ("logbook number of the year",
     "SELECT last_number FROM logbook_sequence WHERE unit_id = $1 AND year = $2", ["x", 2026]),
]

# SQLite's alone: the audit chain's head as one row even on an empty log, read with a write
# transaction's first fetch (crates/store/src/audit.rs, SQLITE_HEAD).
SQLITE_QUERIES = [
    ("head of SQLite's audit lane (max)",
     "SELECT max(seq), entry_hash FROM audit_log WHERE lane = 0", []),
]


def sqlite_plans(path):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    bad = 0
    for name, sql, args in QUERIES + SQLITE_QUERIES:
        q = sql
        for i in range(len(args), 0, -1):
            q = q.replace(f"${i}", "?")
        rows = db.execute("EXPLAIN QUERY PLAN " + q, args).fetchall()
        plan = [r[3] for r in rows]
        # A SCAN of a CTE or of an index covering the ORDER BY is fine; a table scan is not.
        scans = [p for p in plan if p.startswith("SCAN ") and "USING" not in p and "up" != p.split()[1]]
        bad += bool(scans)
        print(f"{'FULL SCAN' if scans else 'ok':9} {name}: {' | '.join(plan)}")
    return bad


def postgres_plans(url):
    bad = 0
    for name, sql, args in QUERIES:
        literal = ", ".join("'" + str(a).replace("'", "''") + "'" for a in args)
        script = f"PREPARE q AS {sql};\nEXPLAIN EXECUTE q{('(' + literal + ')') if args else ''};\n"
        out = subprocess.run(["psql", "-X", "-q", "-A", "-t", url], input=script,
                             capture_output=True, text=True, check=True).stdout
        plan = [l.strip() for l in out.splitlines() if l.strip()]
        # Units, accounts and yearly counters stay at a few hundred rows whatever the number of
        # cases: reading them whole is PostgreSQL's right call. A table that grows must not be.
        scans = [p for p in plan if "Seq Scan" in p and any(f" on {t} " in p + " " for t in GROWING)]
        bad += bool(scans)
        print(f"{'FULL SCAN' if scans else 'ok':9} {name}: {plan[0] if plan else '?'}"
              + (f" | {scans[0]}" if scans else ""))
    return bad


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sqlite")
    ap.add_argument("--postgres")
    a = ap.parse_args()
    bad = 0
    if a.sqlite:
        print("== SQLite", a.sqlite)
        bad += sqlite_plans(a.sqlite)
    if a.postgres:
        print("== PostgreSQL", a.postgres.split("@")[-1])
        bad += postgres_plans(a.postgres)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
