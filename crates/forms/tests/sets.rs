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
