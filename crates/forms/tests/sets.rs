//! The form-set file: the shipped one parses, the right set is in force on each day, and a
//! broken override is refused with a message that says what is wrong.

use chrono::NaiveDate;
use motcua_forms::{Confidence, FormError, FormKind, FormSets};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn shipped_sets_switch_on_15_september_2025() {
    let sets = FormSets::shipped();
    let old = sets.in_force(day(2025, 9, 14)).unwrap();
    let new = sets.in_force(day(2025, 9, 15)).unwrap();
    assert_eq!(old.id, "tt01-2018");
    assert_eq!(old.confidence, Confidence::Verified);
    assert_eq!(new.id, "tt03-2025");
    assert_eq!(new.confidence, Confidence::Reported);
    assert_eq!(old.entry(FormKind::ControlSheet).number, "05");
    assert_eq!(new.entry(FormKind::ControlSheet).number, "06");
    assert_eq!(old.entry(FormKind::Logbook).number, "06");
    assert_eq!(new.entry(FormKind::Logbook).number, "07");
    assert_eq!(old.entry(FormKind::Receipt).number_suffix, "TNHS");
    assert_eq!(
        new.entry(FormKind::Apology).title,
        "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"
    );
    assert!(new.legal_basis.contains("03/2025/TT-VPCP"));
    assert_eq!(sets.in_force(day(2030, 1, 1)).unwrap().id, "tt03-2025");
    assert!(matches!(
        sets.in_force(day(2018, 1, 1)),
        Err(FormError::NoFormSetInForce { .. })
    ));
}

const ONE_SET: &str = r#"
[[set]]
id = "local"
legal_basis = "Quyết định của UBND tỉnh"
effective_from = "2026-01-01"
confidence = "verified"
[set.forms.receipt]
number = "1a"
title = "Giấy biên nhận"
number_suffix = "BN"
[set.forms.supplement]
number = "2"
title = "Phiếu bổ sung"
[set.forms.refusal]
number = "3"
title = "Phiếu từ chối"
[set.forms.apology]
number = "4"
title = "Phiếu xin lỗi"
[set.forms.control_sheet]
number = "5"
title = "Phiếu kiểm soát"
[set.forms.logbook]
number = "6"
title = "Sổ theo dõi"
"#;

#[test]
fn an_override_file_replaces_the_shipped_sets() {
    let dir = std::env::temp_dir().join(format!("motcua-forms-sets-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("form-sets.toml");
    std::fs::write(&path, ONE_SET).unwrap();
    let sets = FormSets::from_file(&path).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(sets.sets().len(), 1);
    let set = sets.in_force(day(2026, 6, 1)).unwrap();
    assert_eq!(set.entry(FormKind::Receipt).number, "1a");
    assert_eq!(set.entry(FormKind::Supplement).number_suffix, "");
    assert!(sets.in_force(day(2025, 12, 31)).is_err());
    assert_eq!(sets.by_id("local").unwrap().id, "local");
    assert!(matches!(
        sets.by_id("tt01-2018"),
        Err(FormError::UnknownFormSet(_))
    ));
}

#[test]
fn a_missing_file_names_the_path() {
    let err = FormSets::from_file(std::path::Path::new("/nonexistent/form-sets.toml")).unwrap_err();
    assert!(
        err.to_string().contains("/nonexistent/form-sets.toml"),
        "{err}"
    );
}

#[test]
fn a_set_missing_a_form_is_refused() {
    let text = ONE_SET.replace(
        "[set.forms.logbook]\nnumber = \"6\"\ntitle = \"Sổ theo dõi\"\n",
        "",
    );
    let err = FormSets::from_toml(&text).unwrap_err();
    assert!(err.to_string().contains("logbook"), "{err}");
}

#[test]
fn an_unknown_form_or_field_is_refused() {
    let extra =
        format!("{ONE_SET}[set.forms.stop_notice]\nnumber = \"5\"\ntitle = \"Thông báo dừng\"\n");
    let err = FormSets::from_toml(&extra).unwrap_err();
    assert!(err.to_string().contains("stop_notice"), "{err}");

    let typo = ONE_SET.replace("number_suffix = \"BN\"", "number_sufix = \"BN\"");
    assert!(matches!(
        FormSets::from_toml(&typo),
        Err(FormError::InvalidFormSets(_))
    ));
}

#[test]
fn two_sets_starting_the_same_day_are_refused() {
    let twice = format!(
        "{ONE_SET}{}",
        ONE_SET.replace("id = \"local\"", "id = \"other\"")
    );
    let err = FormSets::from_toml(&twice).unwrap_err();
    assert!(err.to_string().contains("2026-01-01"), "{err}");
}

#[test]
fn the_shipped_petition_file_gives_every_petition_form_with_its_source() {
    let sets = FormSets::shipped_petition();
    let late_2026 = day(2026, 12, 1);
    for kind in FormKind::PETITION {
        let set = sets.set_for(kind, late_2026).unwrap();
        let entry = set.get(kind).unwrap();
        assert!(!entry.title.is_empty(), "{kind:?}");
        assert!(!entry.source.is_empty(), "{kind:?}");
        let confidence = entry.confidence.expect("required in the petition file");
        // Policy of the file: a number nobody read is left empty, never guessed.
        assert_eq!(
            entry.number.is_empty(),
            confidence == Confidence::Unverified,
            "{kind:?}"
        );
    }
    let extension = sets
        .set_for(FormKind::DenunciationExtension, late_2026)
        .unwrap();
    assert_eq!(extension.id, "nd31-2019");
    assert_eq!(
        extension
            .get(FormKind::DenunciationExtension)
            .unwrap()
            .number,
        "01"
    );
    let log = sets.set_for(FormKind::ReceptionLog, late_2026).unwrap();
    let entry = log.get(FormKind::ReceptionLog).unwrap();
    assert_eq!(entry.number, "03/TCD");
    assert_eq!(entry.confidence, Some(Confidence::Reported));
    assert!(matches!(
        sets.set_for(FormKind::ReceptionLog, day(2026, 6, 30)),
        Err(FormError::NoFormInForce { .. })
    ));
    // The one-stop kinds are not in the petition file, nor the other way round.
    assert!(sets.set_for(FormKind::Receipt, late_2026).is_err());
    assert!(
        FormSets::shipped()
            .set_for(FormKind::ForwardingSlip, late_2026)
            .is_err()
    );
}

const PETITION_SET: &str = r#"
[[set]]
id = "tt05-2021"
legal_basis = "TT 05/2021/TT-TTCP"
effective_from = "2021-11-15"
confidence = "verified"
[set.forms.forwarding_slip]
number = "03"
title = "Phiếu chuyển đơn"
source = "Điều 14"
confidence = "verified"
"#;

#[test]
fn a_petition_file_needs_sources_and_petition_kinds_only() {
    let sets = FormSets::petition_from_toml(PETITION_SET).unwrap();
    assert_eq!(
        sets.by_id("tt05-2021").unwrap().kinds().collect::<Vec<_>>(),
        vec![FormKind::ForwardingSlip]
    );

    let no_confidence = PETITION_SET.replace(
        "source = \"Điều 14\"\nconfidence = \"verified\"",
        "source = \"Điều 14\"",
    );
    let err = FormSets::petition_from_toml(&no_confidence).unwrap_err();
    assert!(err.to_string().contains("forwarding_slip"), "{err}");

    let one_stop_kind = PETITION_SET.replace("forwarding_slip", "receipt");
    let err = FormSets::petition_from_toml(&one_stop_kind).unwrap_err();
    assert!(err.to_string().contains("receipt"), "{err}");

    let petition_in_one_stop = format!(
        "{ONE_SET}[set.forms.forwarding_slip]\nnumber = \"3\"\ntitle = \"Phiếu chuyển đơn\"\n"
    );
    let err = FormSets::from_toml(&petition_in_one_stop).unwrap_err();
    assert!(err.to_string().contains("forwarding_slip"), "{err}");

    // Instruments may start on the same day, but not give the same form from it.
    let same_day_other_form = format!(
        "{PETITION_SET}{}",
        PETITION_SET
            .replace("tt05-2021\"", "other\"")
            .replace("forwarding_slip", "reception_log")
    );
    assert!(FormSets::petition_from_toml(&same_day_other_form).is_ok());
    let same_day_same_form = format!(
        "{PETITION_SET}{}",
        PETITION_SET.replace("tt05-2021\"", "other\"")
    );
    let err = FormSets::petition_from_toml(&same_day_same_form).unwrap_err();
    assert!(err.to_string().contains("2021-11-15"), "{err}");

    let bad_level = PETITION_SET.replace("\"verified\"", "\"sure\"");
    assert!(matches!(
        FormSets::petition_from_toml(&bad_level),
        Err(FormError::InvalidFormSets(_))
    ));
}
