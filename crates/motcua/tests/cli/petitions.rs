//! Identity keys and demo petitions as an operator meets them: `serve --demo` creates the key
//! file and a register of petitions whose denouncers are sealed, `identity-keys status|rotate`
//! re-seal them, and a broken petition rules file stops the server with its name.

use motcua_test_support::cli::{Site, assert_ok, err, out};

use crate::{sites, sqlite_site};

/// Runs `serve --demo` (without dossier history) until it listens, then stops it; returns
/// what it printed.
fn demo(site: &Site) -> String {
    let server = site.serve(&["--demo", "--demo-dossiers", "0"]);
    let printed = server.printed.clone();
    server.stop();
    printed
}

/// The number after `label` in `text`.
fn number_after(text: &str, label: &str) -> usize {
    text.split(label)
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .and_then(|n| {
            n.trim_end_matches(|c: char| !c.is_ascii_digit())
                .parse()
                .ok()
        })
        .unwrap_or_else(|| panic!("no {label:?} in {text}"))
}

#[test]
fn the_demo_register_holds_every_kind_and_no_denouncer_in_clear_and_rotation_reseals_them() {
    for site in sites() {
        let printed = demo(&site);
        assert!(printed.contains("identity-keys.toml"), "{printed}");
        assert!(printed.contains("SEPARATELY"), "{printed}");
        let key_file = site.keys().join("identity-keys.toml");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&key_file).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        let key_text = std::fs::read_to_string(&key_file).unwrap();
        let key_line = key_text
            .lines()
            .find(|l| l.starts_with("index = "))
            .expect("an index key");
        assert!(!printed.contains(key_line.trim_start_matches("index = ")));

        for kind in ["khieu_nai", "to_cao", "kien_nghi", "phan_anh"] {
            let n = site.number(&format!(
                "SELECT COUNT(*) FROM petition WHERE kind = '{kind}'"
            ));
            assert!(n >= 10, "{n} petitions of kind {kind}");
        }
        let total = site.number("SELECT COUNT(*) FROM petition");
        assert!((250..=350).contains(&total), "{total} petitions");
        assert_eq!(
            site.number(
                "SELECT COUNT(*) FROM petition WHERE kind = 'to_cao' AND (sender_name <> '' \
                 OR sender_address <> '' OR sender_id_number <> '' OR sender_phone <> '')"
            ),
            0,
            "a denunciation shows its sender in clear"
        );
        let protected = site.number(
            "SELECT COUNT(*) FROM petition WHERE kind = 'to_cao' AND protected \
             AND sender_sealed LIKE 'v1.%' AND pseudonym LIKE 'Người tố cáo %'",
        );
        assert!(protected > 0);
        // Still open: some on track, some past their deadline for the dashboard.
        assert!(site.number("SELECT COUNT(*) FROM petition WHERE closed_at IS NULL") > 0);
        assert!(site.number("SELECT COUNT(*) FROM reception_visit") > 0);
        assert!(site.number("SELECT COUNT(*) FROM reception_day") >= 50);
        let sealed_visits =
            site.number("SELECT COUNT(*) FROM reception_visit WHERE visitor_sealed IS NOT NULL");
        let sealed = usize::try_from(protected + sealed_visits).unwrap();

        let status = site.run(&["identity-keys", "status"]);
        assert_ok(&status);
        let text = out(&status);
        assert_eq!(number_after(&text, "still under an old key: "), 0, "{text}");

        let rotated = site.run(&["identity-keys", "rotate"]);
        assert_ok(&rotated);
        let text = out(&rotated);
        assert_eq!(number_after(&text, "Đã mã hoá lại "), sealed, "{text}");
        assert!(!text.contains(key_line.trim_start_matches("index = ")));

        let status = site.run(&["identity-keys", "status"]);
        assert_ok(&status);
        let text = out(&status);
        assert_eq!(number_after(&text, "still under an old key: "), 0, "{text}");
        assert_eq!(
            text.matches("giá trị / values").count(),
            2,
            "two keys: {text}"
        );
        assert_eq!(
            site.number(&format!(
                "SELECT COUNT(*) FROM petition WHERE sender_sealed LIKE 'v1.{}.%'",
                text.split("current key: ")
                    .nth(1)
                    .and_then(|s| s.lines().next())
                    .unwrap()
                    .trim()
            )),
            protected
        );
        // What this version wrote needs no repair: `remask` leaves every row as it is.
        let remasked = site.run(&["identity-keys", "remask"]);
        assert_ok(&remasked);
        let text = out(&remasked);
        assert!(
            text.contains(&format!("re-masked 0 of {protected} petitions")),
            "{text}"
        );
        assert!(
            text.contains(&format!("0 of {sealed_visits} visits")),
            "{text}"
        );
        // The server starts with the rotated file, and the demo is not loaded twice.
        assert!(demo(&site).contains("Dữ liệu mẫu đã có"));
    }
}

#[test]
fn a_missing_named_key_file_or_a_broken_rules_file_stops_the_server_with_its_name() {
    let site = sqlite_site();
    let missing = site.data.join("nowhere").join("keys.toml");
    let o = site.run(&[
        "serve",
        "--identity-keys",
        missing.to_str().unwrap(),
        "--listen",
        "127.0.0.1:0",
    ]);
    assert!(!o.status.success());
    assert!(err(&o).contains("nowhere"), "{}", err(&o));
    assert!(!missing.exists(), "a named key file is never created");

    std::fs::create_dir_all(site.data.join("petitions")).unwrap();
    std::fs::write(
        site.data.join("petitions").join("petition-rules.toml"),
        "[[ruleset]]\nid = 1\n",
    )
    .unwrap();
    let o = site.run(&["serve", "--listen", "127.0.0.1:0"]);
    assert!(!o.status.success());
    assert!(err(&o).contains("petition-rules.toml"), "{}", err(&o));
    assert!(!err(&o).contains("panicked"), "{}", err(&o));
}
