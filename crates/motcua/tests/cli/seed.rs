//! `motcua seed` as an operator runs it.

use std::process::Output;

use motcua_test_support::cli::Site;

use crate::sites;

/// Whether the site's database has any table yet.
fn has_tables(site: &Site) -> bool {
    if site.is_postgres() {
        site.number("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'")
            > 0
    } else {
        site.data.join("motcua.sqlite3").exists()
    }
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// The (dossiers, petitions) the final line reports.
fn reported(o: &Output) -> (i64, i64) {
    let (out, err) = text(o);
    assert!(o.status.success(), "stdout: {out}\nstderr: {err}");
    let line = out
        .lines()
        .find(|l| l.contains("cases/s"))
        .unwrap_or_else(|| panic!("no final line in {out}"));
    let english = line.split(" / ").last().expect("an English part");
    let inner = english
        .split_once('(')
        .and_then(|(_, r)| r.split_once(')'))
        .expect("(… dossiers, … petitions)")
        .0;
    let mut numbers = inner
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<i64>().expect("a number"));
    (
        numbers.next().expect("dossiers"),
        numbers.next().expect("petitions"),
    )
}

#[test]
fn a_bad_case_count_is_refused_before_anything_is_written() {
    for site in sites() {
        for bad in [
            &["seed", "--cases", "0"][..],
            &["seed", "--cases", "abc"],
            &["seed", "--cases", "10", "--petition-share", "1.5"],
        ] {
            let o = site.run(bad);
            let (_, err) = text(&o);
            assert!(!o.status.success(), "{bad:?} was accepted");
            assert!(!err.contains("panicked"), "{err}");
            assert!(
                err.contains("--cases") || err.contains("--petition-share"),
                "{bad:?}: the message names the argument: {err}"
            );
            assert!(!has_tables(&site), "{bad:?} wrote to the database");
        }
        assert!(
            !site.keys().exists(),
            "no key file is created for a refused command"
        );
    }
}

#[test]
fn seeding_writes_the_cases_asked_for_with_unique_codes_and_raised_counters() {
    for site in sites() {
        let first = site.run(&["seed", "--cases", "2000", "--seed", "7", "--batch", "700"]);
        let (dossiers, petitions) = reported(&first);
        assert_eq!(dossiers + petitions, 2000);
        assert!(
            (1700..=1900).contains(&dossiers),
            "about nine in ten are dossiers: {dossiers}"
        );
        assert_eq!(site.number("SELECT COUNT(*) FROM dossier"), dossiers);
        if site.is_postgres() {
            // The planner has statistics for the loaded tables at once (see Db::analyze).
            assert!(
                site.number("SELECT COUNT(*) FROM pg_stats WHERE tablename = 'dossier_event'") > 0,
                "the seed analyses what it loaded"
            );
        }
        // The demo's own petitions come with the demo units; the seeded ones are on top.
        let petitions_after_first = site.number("SELECT COUNT(*) FROM petition");
        assert!(petitions_after_first >= petitions);
        assert_eq!(site.number("SELECT COUNT(DISTINCT kind) FROM petition"), 4);
        assert!(
            site.number("SELECT COUNT(*) FROM petition WHERE sender_sealed IS NOT NULL") > 0,
            "some denouncers are sealed"
        );
        assert_eq!(
            site.number(
                "SELECT COUNT(*) FROM petition WHERE protected AND (sender_name <> '' OR sender_sealed IS NULL)"
            ),
            0,
            "a protected denouncer is never in clear"
        );

        // A second run continues every counter: no code is given twice.
        let second = site.run(&["seed", "--cases", "500", "--seed", "8"]);
        let (more_dossiers, more_petitions) = reported(&second);
        assert_eq!(more_dossiers + more_petitions, 500);
        let (out, _) = text(&second);
        assert!(
            !out.contains("Đã nạp dữ liệu mẫu"),
            "the demo units are loaded once: {out}"
        );
        let all_dossiers = dossiers + more_dossiers;
        assert_eq!(site.number("SELECT COUNT(*) FROM dossier"), all_dossiers);
        assert_eq!(
            site.number("SELECT COUNT(*) FROM petition"),
            petitions_after_first + more_petitions
        );
        assert_eq!(
            site.number("SELECT COUNT(DISTINCT code) FROM dossier"),
            all_dossiers
        );

        // Every counter stands at the last number given, and numbers ran from one without
        // gaps: the next intake or registration gets a fresh code.
        assert_eq!(
            site.number("SELECT CAST(SUM(last_seq) AS BIGINT) FROM dossier_sequence"),
            all_dossiers
        );
        assert_eq!(
            site.number("SELECT CAST(SUM(last_number) AS BIGINT) FROM logbook_sequence"),
            all_dossiers
        );
        assert_eq!(
            site.number("SELECT CAST(SUM(last_number) AS BIGINT) FROM petition_sequence"),
            site.number("SELECT COUNT(*) FROM petition")
        );

        // What the server relies on: the first event is the receipt, the version counts the
        // events, an open dossier has its step and its checklist.
        assert_eq!(
            site.number(
                "SELECT COUNT(*) FROM dossier d WHERE NOT EXISTS (SELECT 1 FROM dossier_event e \
                 WHERE e.dossier_id = d.dossier_id AND e.seq = 1 AND e.action = 'received')"
            ),
            0
        );
        assert_eq!(
            site.number(
                "SELECT COUNT(*) FROM dossier d WHERE version <> (SELECT COUNT(*) \
                 FROM dossier_event e WHERE e.dossier_id = d.dossier_id)"
            ),
            0
        );
        assert_eq!(
            site.number(
                "SELECT COUNT(*) FROM petition p WHERE version <> (SELECT COUNT(*) \
                 FROM petition_event e WHERE e.petition_id = p.petition_id) \
                 OR NOT EXISTS (SELECT 1 FROM petition_event e WHERE \
                 e.petition_id = p.petition_id AND e.seq = 1 AND e.action = 'registered')"
            ),
            0
        );
        let open = site.number("SELECT COUNT(*) FROM dossier WHERE finished_at IS NULL");
        assert!(open > 0 && open < all_dossiers / 2, "some open: {open}");
        assert_eq!(
            site.number(
                "SELECT COUNT(*) FROM dossier d WHERE finished_at IS NULL AND (step_role IS NULL \
                 OR NOT EXISTS (SELECT 1 FROM dossier_document x WHERE x.dossier_id = d.dossier_id))"
            ),
            0
        );
        assert!(site.number("SELECT COUNT(*) FROM dossier WHERE outcome = 'late'") > 0);
        assert!(site.number("SELECT COUNT(*) FROM dossier_rating") > 0);
        assert!(
            site.number("SELECT COUNT(DISTINCT receiving_unit_id) FROM dossier") > 3,
            "spread over the demo units"
        );
    }
}
