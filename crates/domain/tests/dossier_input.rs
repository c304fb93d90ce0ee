//! Dossier intake through the public API only, as the web layer will use it: a form, its
//! files, the code on the receipt, and the rating after the result.

use chrono::NaiveDate;
use motcua_domain::DomainError;
use motcua_domain::dossier::applicant::{ApplicantForm, ApplicantKind};
use motcua_domain::dossier::code::{CodeProblem, DossierCode};
use motcua_domain::dossier::rating::{Criterion, RatingForm, Score};
use motcua_domain::dossier::upload::{FileKind, UploadLimits, check_batch, check_upload};

#[test]
fn a_counter_intake_goes_through() {
    let applicant = ApplicantForm {
        kind: "cá nhân".into(),
        name: "Trần Thị Bình".into(),
        citizen_id: "001.301.012.345".into(),
        birth_year: "2001".into(),
        phone: "0987 654 321".into(),
        address: "Số 5 Hàng Bông, phường Hoàn Kiếm, Hà Nội".into(),
        ..ApplicantForm::default()
    }
    .parse(NaiveDate::from_ymd_opt(2026, 12, 6).unwrap())
    .unwrap();
    let ApplicantKind::Person { citizen_id, .. } = &applicant.kind else {
        panic!("expected a person");
    };
    assert_eq!(citizen_id.province_name(), "Hà Nội");
    assert_eq!(citizen_id.birth_year_hint(), 2001);
    assert_eq!(citizen_id.masked(), "0013******45");
    assert_eq!(applicant.masked_name(), "T*** T** B***");

    let limits = UploadLimits::default();
    let scan = check_upload("don.pdf", Some("application/pdf"), b"%PDF-1.4 ...", &limits).unwrap();
    let photo = check_upload("cccd.jpg", None, &[0xFF, 0xD8, 0xFF, 0xE1], &limits).unwrap();
    assert_eq!((scan.kind, photo.kind), (FileKind::Pdf, FileKind::Jpeg));
    check_batch([&scan, &photo], &limits).unwrap();
    assert!(check_batch([&scan, &photo, &scan], &limits).is_err());

    let day = NaiveDate::from_ymd_opt(2026, 10, 8).unwrap();
    let code = DossierCode::new("000.00.31.H56", day, 12, 4).unwrap();
    assert_eq!(code.to_string(), "000.00.31.H56-261008-0012");
    // What the citizen later types into the tracking page.
    assert_eq!(
        DossierCode::parse(" 000.00.31.h56 261008 OO12").unwrap(),
        code
    );

    let mut rating = RatingForm::default();
    for c in Criterion::ALL {
        rating
            .answers
            .insert(c.code().into(), "Rất hài lòng".into());
    }
    let rating = rating.parse().unwrap();
    assert!(
        Criterion::ALL
            .iter()
            .all(|c| rating.score(*c) == Some(Score::Exceeds))
    );
}

#[test]
fn errors_convert_to_field_errors_for_forms() {
    let e: DomainError = DossierCode::parse("H15.50.05.13-261345-0975")
        .unwrap_err()
        .into();
    assert_eq!(e.fields()[0].field, "code");
    assert!(e.fields()[0].message.to_string().contains("tháng 13"));
    assert_eq!(
        DossierCode::parse("H15.50.05.13-0975").unwrap_err(),
        CodeProblem::MissingDate
    );
    let e: DomainError = check_upload("a.pdf", None, b"", &UploadLimits::default())
        .unwrap_err()
        .into();
    assert_eq!(e.fields()[0].field, "files");
}
