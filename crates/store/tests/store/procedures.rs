use crate::units::d;
use motcua_domain::catalogue::{self, COLUMNS};
use motcua_domain::ids::ProcedureVersionId;
use motcua_domain::procedure::{ProcedureCode, ProcedureDraft, ProcedureLevel, Quantity};
use motcua_store::procedures::{self, ProcedureFilter};
use motcua_store::{AuditContext, Db, StoreError};
use motcua_test_support::backend_test;

const EXAMPLE: &[u8] = include_bytes!("../../../../data/examples/procedures.csv");

pub fn example() -> Vec<ProcedureDraft> {
    let out = catalogue::parse_csv(EXAMPLE);
    assert!(out.is_clean(), "{:?}", out.errors);
    out.valid.into_iter().map(|(_, d)| d).collect()
}

async fn load_example(db: &Db) {
    let mut tx = db.begin().await.unwrap();
    let report = procedures::import(
        &mut tx,
        &AuditContext::system(),
        catalogue::parse_csv(EXAMPLE),
        false,
        &mut |_, _| {},
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(report.created, 5);
}

async fn search(db: &Db, q: &str) -> Vec<String> {
    let mut f = ProcedureFilter::on(d(2026, 1, 1));
    f.query = Some(q.into());
    procedures::list(db, &f)
        .await
        .unwrap()
        .into_iter()
        .map(|v| v.draft.name.clone())
        .collect()
}

backend_test!(search_ignores_diacritics_and_case, |db| {
    load_example(&db).await;
    assert_eq!(
        search(&db, "giay phep xay dung").await,
        ["Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ"]
    );
    assert_eq!(search(&db, "dang ky ket hon").await, ["Đăng ký kết hôn"]);
    assert_eq!(search(&db, "ĐĂNG KÝ Kết").await, ["Đăng ký kết hôn"]);
    assert_eq!(search(&db, "  hôn   đăng ").await, ["Đăng ký kết hôn"]);
    assert_eq!(search(&db, "1.000894").await, ["Đăng ký kết hôn"]);
    assert!(search(&db, "ly hon").await.is_empty());
    assert!(
        search(&db, "%").await.len() == 4,
        "a query with no words lists everything"
    );
    assert!(
        search(&db, "'; DROP TABLE procedure_version; --")
            .await
            .is_empty()
    );
    assert!(search(&db, "_").await.len() == 4);
    // Word starts, not substrings in the middle of words.
    assert!(search(&db, "on").await.is_empty());
});

backend_test!(
    browsing_shows_the_version_in_force_by_field_and_level,
    |db| {
        load_example(&db).await;
        let mut f = ProcedureFilter::on(d(2025, 6, 30));
        let before = procedures::list(&db, &f).await.unwrap();
        // Only the 2016 version of 1.000894 exists then.
        assert_eq!(before.len(), 1);
        assert_eq!(before[0].committed_limit, Quantity::whole(5));
        f.as_of = d(2025, 7, 1);
        let after = procedures::list(&db, &f).await.unwrap();
        assert_eq!(after.len(), 4);
        assert_eq!(
            after
                .iter()
                .filter(|v| v.code.as_str() == "1.000894")
                .count(),
            1
        );
        f.field = Some("Hộ tịch".into());
        let hotich = procedures::list(&db, &f).await.unwrap();
        assert_eq!(
            (hotich.len(), hotich[0].committed_limit),
            (1, Quantity::whole(3))
        );
        f.field = None;
        f.level = Some(ProcedureLevel::Province);
        assert_eq!(procedures::list(&db, &f).await.unwrap().len(), 1);
        f.level = None;
        f.limit = 2;
        f.offset = 3;
        assert_eq!(procedures::list(&db, &f).await.unwrap().len(), 1);
        assert_eq!(
            procedures::fields(&db, d(2026, 1, 1)).await.unwrap(),
            ["Chứng thực", "Hộ tịch", "Lý lịch tư pháp", "Xây dựng"]
        );
    }
);

backend_test!(versions_resolve_by_date, |db| {
    load_example(&db).await;
    let code = ProcedureCode::parse("1.000894").unwrap();
    let p = procedures::get_procedure(&db, &code).await.unwrap();
    assert_eq!(p.versions.len(), 2);
    let v = procedures::get_in_force(&db, &code, d(2025, 6, 30))
        .await
        .unwrap();
    assert_eq!(v.effective_from, d(2016, 1, 1));
    assert_eq!(
        procedures::get_in_force(&db, &code, d(2030, 1, 1))
            .await
            .unwrap()
            .effective_from,
        d(2025, 7, 1)
    );
    assert_eq!(procedures::get_version(&db, v.id).await.unwrap(), v);
    let too_early = procedures::get_in_force(&db, &code, d(2015, 1, 1)).await;
    assert!(matches!(
        too_early,
        Err(StoreError::NotFound {
            entity: "procedure"
        })
    ));
    let unknown = procedures::get_procedure(&db, &ProcedureCode::parse("9.999999").unwrap()).await;
    assert!(matches!(
        unknown,
        Err(StoreError::NotFound {
            entity: "procedure"
        })
    ));
    assert!(matches!(
        procedures::get_version(&db, ProcedureVersionId::new()).await,
        Err(StoreError::NotFound { .. })
    ));
});

backend_test!(duplicate_and_invalid_versions_are_refused, |db| {
    let drafts = example();
    let ctx = AuditContext::system();
    let mut tx = db.begin().await.unwrap();
    let v = procedures::create_version(&mut tx, &ctx, drafts[0].clone())
        .await
        .unwrap();
    let dup = procedures::create_version(&mut tx, &ctx, drafts[0].clone()).await;
    assert!(
        matches!(
            dup,
            Err(StoreError::Conflict {
                field: "effective_from",
                ..
            })
        ),
        "{dup:?}"
    );
    tx.rollback().await.unwrap();

    let mut tx = db.begin().await.unwrap();
    let v = procedures::create_version(&mut tx, &ctx, v.draft)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    // On PostgreSQL a failed statement aborts the transaction: callers roll back after an
    // error, as here.
    let mut tx = db.begin().await.unwrap();
    let mut over = drafts[2].clone();
    over.committed_limit = Quantity::whole(16);
    assert!(matches!(
        procedures::create_version(&mut tx, &ctx, over).await,
        Err(StoreError::Invalid(_))
    ));
    // Moving a version onto another's date is a conflict too.
    let second = procedures::create_version(&mut tx, &ctx, drafts[1].clone())
        .await
        .unwrap();
    let mut clash = second.draft.clone();
    clash.effective_from = v.effective_from;
    let r = procedures::update_version(&mut tx, &ctx, second.id, clash).await;
    assert!(matches!(r, Err(StoreError::Conflict { .. })), "{r:?}");
    tx.rollback().await.unwrap();

    let mut tx = db.begin().await.unwrap();
    let mut fixed = v.draft.clone();
    fixed.name = "  Đăng ký kết hôn (sửa)  ".into();
    let u = procedures::update_version(&mut tx, &ctx, v.id, fixed)
        .await
        .unwrap();
    assert_eq!(u.name, "Đăng ký kết hôn (sửa)");
    let missing =
        procedures::update_version(&mut tx, &ctx, ProcedureVersionId::new(), v.draft.clone()).await;
    assert!(matches!(missing, Err(StoreError::NotFound { .. })));
    tx.commit().await.unwrap();
    assert_eq!(procedures::get_version(&db, v.id).await.unwrap(), u);
    let all = procedures::export_all(&db).await.unwrap();
    assert_eq!(all.len(), 1);
});

fn with_bad_row() -> Vec<u8> {
    let mut file = EXAMPLE.to_vec();
    let mut bad = vec!["x"; COLUMNS.len()].join(",");
    bad.push('\n');
    file.extend_from_slice(bad.as_bytes());
    file
}

backend_test!(an_invalid_row_blocks_the_whole_import, |db| {
    let mut tx = db.begin().await.unwrap();
    let mut calls = 0;
    let report = procedures::import(
        &mut tx,
        &AuditContext::system(),
        catalogue::parse_csv(&with_bad_row()),
        false,
        &mut |_, _| calls += 1,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(report.written(), 0);
    assert_eq!(calls, 0);
    assert!(report.errors.iter().all(|e| e.row == 7));
    assert!(!report.errors.is_empty());
    assert!(procedures::export_all(&db).await.unwrap().is_empty());
});

backend_test!(
    skip_invalid_imports_the_good_rows_and_reimport_is_idempotent,
    |db| {
        let ctx = AuditContext::system();
        let mut tx = db.begin().await.unwrap();
        let mut seen = Vec::new();
        let report = procedures::import(
            &mut tx,
            &ctx,
            catalogue::parse_csv(&with_bad_row()),
            true,
            &mut |done, total| seen.push((done, total)),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(
            (report.created, report.updated, report.unchanged),
            (5, 0, 0)
        );
        assert!(!report.errors.is_empty());
        assert_eq!(seen.last(), Some(&(5, 5)));

        // Export, change one row, import again: one update, the rest unchanged.
        let mut drafts = procedures::export_all(&db).await.unwrap();
        assert_eq!(drafts, example_sorted());
        drafts[0].fee.text = "Miễn lệ phí (sửa đổi)".into();
        let csv = catalogue::export_csv(&drafts);
        let mut tx = db.begin().await.unwrap();
        let again = procedures::import(
            &mut tx,
            &ctx,
            catalogue::parse_csv(&csv),
            false,
            &mut |_, _| {},
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        assert_eq!((again.created, again.updated, again.unchanged), (0, 1, 4));
        assert_eq!(procedures::export_all(&db).await.unwrap(), drafts);
    }
);

fn example_sorted() -> Vec<ProcedureDraft> {
    let mut v = example();
    v.sort_by(|a, b| {
        a.code
            .cmp(&b.code)
            .then(a.effective_from.cmp(&b.effective_from))
    });
    v
}

backend_test!(search_follows_corrections, |db| {
    load_example(&db).await;
    let code = ProcedureCode::parse("2.000815").unwrap();
    let v = procedures::get_in_force(&db, &code, d(2026, 1, 1))
        .await
        .unwrap();
    let mut draft = v.draft.clone();
    draft.name = "Chứng thực bản sao điện tử từ bản chính".into();
    let mut tx = db.begin().await.unwrap();
    procedures::update_version(&mut tx, &AuditContext::system(), v.id, draft)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        search(&db, "dien tu").await,
        ["Chứng thực bản sao điện tử từ bản chính"]
    );
    assert!(search(&db, "do co quan co tham quyen").await.is_empty());
});
