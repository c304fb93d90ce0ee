use chrono::NaiveDate;
use motcua_domain::ids::UnitId;
use motcua_domain::unit::{NewUnit, Succession, UnitChangeKind, UnitCode, UnitLevel};
use motcua_store::units::{self, SuccessorSpec, UnitUpdate};
use motcua_store::{AuditContext, Db, StoreError, Tx};
use motcua_test_support::backend_test;

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

pub fn new_unit(
    code: &str,
    name: &str,
    level: UnitLevel,
    parent: Option<UnitId>,
    from: NaiveDate,
) -> NewUnit {
    NewUnit {
        code: UnitCode::parse(code).unwrap(),
        name: name.into(),
        level,
        parent,
        remote_area: false,
        effective_from: from,
        effective_to: None,
        schedule: None,
    }
}

pub async fn add(tx: &mut Tx, n: NewUnit) -> UnitId {
    units::create(tx, &AuditContext::system(), n)
        .await
        .unwrap()
        .id
}

/// Bạc Liêu before the reform: two provinces, a city, two wards.
pub struct Before {
    pub bac_lieu: UnitId,
    pub ca_mau_old: UnitId,
    pub city: UnitId,
    pub p1: UnitId,
    pub p2: UnitId,
}

pub async fn before_reform(db: &Db) -> Before {
    let mut tx = db.begin().await.unwrap();
    let from = d(2010, 8, 27);
    let bac_lieu = add(
        &mut tx,
        new_unit(
            "95",
            "Tỉnh Bạc Liêu",
            UnitLevel::Province,
            None,
            d(1997, 1, 1),
        ),
    )
    .await;
    let ca_mau_old = add(
        &mut tx,
        new_unit(
            "96",
            "Tỉnh Cà Mau",
            UnitLevel::Province,
            None,
            d(1997, 1, 1),
        ),
    )
    .await;
    let city = add(
        &mut tx,
        new_unit(
            "954",
            "Thành phố Bạc Liêu",
            UnitLevel::District,
            Some(bac_lieu),
            from,
        ),
    )
    .await;
    let p1 = add(
        &mut tx,
        new_unit("31825", "Phường 1", UnitLevel::Commune, Some(city), from),
    )
    .await;
    let p2 = add(
        &mut tx,
        new_unit("31813", "Phường 2", UnitLevel::Commune, Some(city), from),
    )
    .await;
    tx.commit().await.unwrap();
    Before {
        bac_lieu,
        ca_mau_old,
        city,
        p1,
        p2,
    }
}

const NQ1655: &str = "Nghị quyết 1655/NQ-UBTVQH15 ngày 16/6/2025";

backend_test!(the_2025_merge_keeps_history_and_links_successors, |db| {
    let b = before_reform(&db).await;
    let ctx = AuditContext::system();
    let reform = d(2025, 7, 1);
    let mut tx = db.begin().await.unwrap();
    let province = units::record_change(
        &mut tx,
        &ctx,
        UnitChangeKind::Merge,
        &[b.bac_lieu, b.ca_mau_old],
        vec![SuccessorSpec::New(new_unit(
            "96",
            "Tỉnh Cà Mau",
            UnitLevel::Province,
            None,
            reform,
        ))],
        reform,
        "Nghị quyết 202/2025/QH15",
    )
    .await
    .unwrap();
    let new_province = province.successors[0];
    let ward = units::record_change(
        &mut tx,
        &ctx,
        UnitChangeKind::Merge,
        &[b.p1, b.p2],
        vec![SuccessorSpec::New(new_unit(
            "31825",
            "Phường Bạc Liêu",
            UnitLevel::Commune,
            Some(new_province),
            d(1900, 1, 1),
        ))],
        reform,
        NQ1655,
    )
    .await
    .unwrap();
    let new_ward = ward.successors[0];
    units::record_change(
        &mut tx,
        &ctx,
        UnitChangeKind::Abolish,
        &[b.city],
        vec![SuccessorSpec::Existing(new_ward)],
        reform,
        "Luật 72/2025/QH15",
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    // The reused code resolves by date.
    let code = UnitCode::parse("31825").unwrap();
    assert_eq!(
        units::get_by_code(&db, &code, d(2025, 6, 30))
            .await
            .unwrap()
            .name,
        "Phường 1"
    );
    let w = units::get_by_code(&db, &code, reform).await.unwrap();
    assert_eq!(
        (w.id, w.name.as_str(), w.effective_from),
        (new_ward, "Phường Bạc Liêu", reform)
    );
    assert_eq!(units::versions(&db, &code).await.unwrap().len(), 2);

    // Old rows are closed, not rewritten.
    let p1 = units::get(&db, b.p1).await.unwrap();
    assert_eq!(
        (p1.name.as_str(), p1.effective_to),
        ("Phường 1", Some(d(2025, 6, 30)))
    );
    assert_eq!(p1.parent, Some(b.city));

    // Open work follows the successor; before the reform the unit is still itself.
    assert_eq!(
        units::successor_of(&db, b.p2, d(2025, 8, 1)).await.unwrap(),
        Succession::Unit(new_ward)
    );
    assert_eq!(
        units::successor_of(&db, b.p2, d(2025, 6, 1)).await.unwrap(),
        Succession::Unit(b.p2)
    );
    assert_eq!(
        units::successor_of(&db, b.city, d(2026, 1, 1))
            .await
            .unwrap(),
        Succession::Unit(new_ward)
    );
    assert_eq!(
        units::successor_of(&db, b.bac_lieu, d(2026, 1, 1))
            .await
            .unwrap(),
        Succession::Unit(new_province)
    );

    // The tree as of each date.
    let before: Vec<_> = units::list_tree(&db, d(2025, 6, 30))
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.unit.name, e.depth))
        .collect();
    assert_eq!(
        before,
        [
            ("Tỉnh Bạc Liêu".to_owned(), 0),
            ("Thành phố Bạc Liêu".to_owned(), 1),
            ("Phường 2".to_owned(), 2),
            ("Phường 1".to_owned(), 2),
            ("Tỉnh Cà Mau".to_owned(), 0),
        ]
    );
    let after: Vec<_> = units::list_tree(&db, reform)
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.unit.name, e.depth))
        .collect();
    assert_eq!(
        after,
        [
            ("Phường Bạc Liêu".to_owned(), 1),
            ("Tỉnh Cà Mau".to_owned(), 0)
        ]
        .into_iter()
        .rev()
        .collect::<Vec<_>>()
    );

    // Both sides of a change see it.
    let of_p1 = units::changes_of(&db, b.p1).await.unwrap();
    assert_eq!(of_p1.len(), 1);
    assert_eq!(of_p1[0].kind, UnitChangeKind::Merge);
    assert_eq!(of_p1[0].successors, vec![new_ward]);
    assert_eq!(units::changes_of(&db, new_ward).await.unwrap().len(), 2);
    assert_eq!(
        units::ancestry(&db, new_ward).await.unwrap(),
        vec![new_ward, new_province]
    );
    assert_eq!(
        units::ancestry(&db, b.p1).await.unwrap(),
        vec![b.p1, b.city, b.bac_lieu]
    );
});

backend_test!(a_unit_cannot_be_reorganised_twice_or_out_of_force, |db| {
    let b = before_reform(&db).await;
    let ctx = AuditContext::system();
    let reform = d(2025, 7, 1);
    let mut tx = db.begin().await.unwrap();
    units::record_change(
        &mut tx,
        &ctx,
        UnitChangeKind::Rename,
        &[b.p2],
        vec![SuccessorSpec::New(new_unit(
            "31813",
            "Phường Hai",
            UnitLevel::Commune,
            Some(b.city),
            reform,
        ))],
        reform,
        NQ1655,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let mut tx = db.begin().await.unwrap();
    let twice = units::record_change(
        &mut tx,
        &ctx,
        UnitChangeKind::Abolish,
        &[b.p2],
        vec![],
        reform,
        NQ1655,
    )
    .await;
    assert!(
        matches!(twice, Err(StoreError::Conflict { .. })),
        "{twice:?}"
    );
    let later = units::record_change(
        &mut tx,
        &ctx,
        UnitChangeKind::Abolish,
        &[b.p1],
        vec![],
        d(1990, 1, 1),
        NQ1655,
    )
    .await;
    assert!(matches!(later, Err(StoreError::Invalid(_))), "{later:?}");
    let shape = units::record_change(
        &mut tx,
        &ctx,
        UnitChangeKind::Merge,
        &[b.p1],
        vec![SuccessorSpec::Existing(b.p2)],
        reform,
        NQ1655,
    )
    .await;
    assert!(matches!(shape, Err(StoreError::Invalid(_))), "{shape:?}");
    let no_basis = units::record_change(
        &mut tx,
        &ctx,
        UnitChangeKind::Abolish,
        &[b.p1],
        vec![],
        reform,
        " ",
    )
    .await;
    assert!(
        matches!(no_basis, Err(StoreError::Invalid(_))),
        "{no_basis:?}"
    );
    let missing = units::record_change(
        &mut tx,
        &ctx,
        UnitChangeKind::Abolish,
        &[UnitId::new()],
        vec![],
        reform,
        NQ1655,
    )
    .await;
    assert!(
        matches!(missing, Err(StoreError::NotFound { entity: "unit" })),
        "{missing:?}"
    );
    // A successor that does not start on the change's date.
    let wrong_start = units::record_change(
        &mut tx,
        &ctx,
        UnitChangeKind::Rename,
        &[b.p1],
        vec![SuccessorSpec::Existing(b.bac_lieu)],
        reform,
        NQ1655,
    )
    .await;
    assert!(
        matches!(wrong_start, Err(StoreError::Invalid(_))),
        "{wrong_start:?}"
    );
});

backend_test!(a_failed_change_writes_nothing, |db| {
    let b = before_reform(&db).await;
    let reform = d(2025, 7, 1);
    let mut tx = db.begin().await.unwrap();
    // The first predecessor is closed before the second turns out to be missing.
    let r = units::record_change(
        &mut tx,
        &AuditContext::system(),
        UnitChangeKind::Merge,
        &[b.p1, UnitId::new()],
        vec![SuccessorSpec::New(new_unit(
            "31825",
            "Phường Bạc Liêu",
            UnitLevel::Commune,
            Some(b.city),
            reform,
        ))],
        reform,
        NQ1655,
    )
    .await;
    assert!(r.is_err());
    tx.rollback().await.unwrap();
    assert_eq!(units::get(&db, b.p1).await.unwrap().effective_to, None);
    assert!(units::changes_of(&db, b.p1).await.unwrap().is_empty());
});

backend_test!(unit_creation_checks_parent_and_code_periods, |db| {
    let b = before_reform(&db).await;
    let mut tx = db.begin().await.unwrap();
    let ctx = AuditContext::system();
    let orphan = units::create(
        &mut tx,
        &ctx,
        new_unit(
            "1",
            "Xã A",
            UnitLevel::Commune,
            Some(UnitId::new()),
            d(2020, 1, 1),
        ),
    )
    .await;
    assert!(matches!(orphan, Err(StoreError::Invalid(_))), "{orphan:?}");
    let rootless = units::create(
        &mut tx,
        &ctx,
        new_unit("2", "Xã B", UnitLevel::Commune, None, d(2020, 1, 1)),
    )
    .await;
    assert!(
        matches!(rootless, Err(StoreError::Invalid(_))),
        "{rootless:?}"
    );
    let too_early = units::create(
        &mut tx,
        &ctx,
        new_unit("3", "Xã C", UnitLevel::Commune, Some(b.city), d(2000, 1, 1)),
    )
    .await;
    assert!(
        matches!(too_early, Err(StoreError::Invalid(_))),
        "{too_early:?}"
    );
    let overlap = units::create(
        &mut tx,
        &ctx,
        new_unit(
            "31825",
            "Phường Một",
            UnitLevel::Commune,
            Some(b.city),
            d(2020, 1, 1),
        ),
    )
    .await;
    assert!(
        matches!(overlap, Err(StoreError::Conflict { field: "code", .. })),
        "{overlap:?}"
    );
    let mut closed_earlier = new_unit(
        "31825",
        "Phường 1 (cũ)",
        UnitLevel::Commune,
        Some(b.bac_lieu),
        d(2000, 1, 1),
    );
    closed_earlier.effective_to = Some(d(2010, 8, 26));
    assert!(units::create(&mut tx, &ctx, closed_earlier).await.is_ok());
    tx.commit().await.unwrap();
    assert!(matches!(
        units::get(&db, UnitId::new()).await,
        Err(StoreError::NotFound { entity: "unit" })
    ));
    let none = units::get_by_code(&db, &UnitCode::parse("31825").unwrap(), d(1999, 1, 1)).await;
    assert!(matches!(none, Err(StoreError::NotFound { entity: "unit" })));
});

backend_test!(updates_correct_units_in_force_but_never_history, |db| {
    let b = before_reform(&db).await;
    let ctx = AuditContext::system();
    let mut tx = db.begin().await.unwrap();
    let upd = UnitUpdate {
        name: "Phường 1 ".into(),
        remote_area: true,
        schedule: Some("[week]\nmon = \"07:00-11:30\"".into()),
    };
    let u = units::update(&mut tx, &ctx, b.p1, upd.clone())
        .await
        .unwrap();
    assert!(u.remote_area);
    assert_eq!(u.name, "Phường 1");
    let blank = units::update(
        &mut tx,
        &ctx,
        b.p1,
        UnitUpdate {
            name: "".into(),
            ..upd.clone()
        },
    )
    .await;
    assert!(matches!(blank, Err(StoreError::Invalid(_))));
    units::record_change(
        &mut tx,
        &ctx,
        UnitChangeKind::Abolish,
        &[b.p2],
        vec![],
        d(2025, 7, 1),
        NQ1655,
    )
    .await
    .unwrap();
    let ended = units::update(&mut tx, &ctx, b.p2, upd).await;
    assert!(matches!(ended, Err(StoreError::Invalid(_))), "{ended:?}");
    tx.commit().await.unwrap();
    assert_eq!(units::get(&db, b.p1).await.unwrap(), u);
    assert_eq!(
        units::successor_of(&db, b.p2, d(2025, 7, 1)).await.unwrap(),
        Succession::Ended
    );
});

backend_test!(repointing_open_work_is_recorded, |db| {
    let b = before_reform(&db).await;
    let mut tx = db.begin().await.unwrap();
    units::repoint_open_work(&mut tx, &AuditContext::system(), b.p1, b.p2)
        .await
        .unwrap();
    let missing =
        units::repoint_open_work(&mut tx, &AuditContext::system(), b.p1, UnitId::new()).await;
    assert!(matches!(missing, Err(StoreError::NotFound { .. })));
    tx.commit().await.unwrap();
    let log = motcua_store::audit::for_entity(&db, "unit", &b.p1.to_string())
        .await
        .unwrap();
    assert_eq!(log.last().unwrap().entry.action, "unit.repoint_open_work");
});

backend_test!(
    // What a merger must do, and does not yet: `OPEN_WORK` in src/units.rs lists no table.
    #[ignore = "issue 27: open work does not follow a merger yet"]
    open_dossiers_follow_a_merger_and_history_stays,
    |db| {
        let f = crate::dossiers::fixture(&db).await;
        let open = crate::dossiers::record(&f, "H12.39-260302-0001", 1);
        crate::dossiers::insert(&db, &open).await;
        let mut tx = db.begin().await.unwrap();
        let successor = add(
            &mut tx,
            new_unit("97", "Tỉnh Mới", UnitLevel::Province, None, d(2025, 7, 1)),
        )
        .await;
        let moved = units::repoint_open_work(&mut tx, &AuditContext::system(), f.unit, successor)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(moved, 1, "the open dossier moves");
        let after = motcua_store::dossiers::get(&db, open.id).await.unwrap();
        assert_eq!(after.handling_unit, successor);
        assert_eq!(after.receiving_unit, f.unit, "who received it is history");
    }
);

backend_test!(ancestry_refuses_a_cycle_and_an_unknown_unit, |db| {
    let b = before_reform(&db).await;
    assert_eq!(
        units::ancestry(&db, b.p1).await.unwrap(),
        vec![b.p1, b.city, b.bac_lieu]
    );
    assert!(matches!(
        units::ancestry(&db, UnitId::new()).await,
        Err(StoreError::NotFound { .. })
    ));
    // A hand-edited parent link that loops back must not recurse forever.
    let sql = format!(
        "UPDATE unit SET parent_id = '{}' WHERE unit_id = '{}'",
        b.p1, b.bac_lieu
    );
    motcua_test_support::db::exec(&db, &sql).await.unwrap();
    assert!(matches!(
        units::ancestry(&db, b.p1).await,
        Err(StoreError::Corrupt { .. })
    ));
});
