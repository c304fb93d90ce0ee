use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use motcua_domain::dossier::lifecycle::{Channel, Status, Timeliness};
use motcua_domain::dossier::record::{Digital, Gateway};
use motcua_domain::ids::{DossierId, ProcedureVersionId, UnitId};
use motcua_domain::procedure::{LimitKind, Quantity};
use motcua_domain::unit::UnitLevel;
use motcua_store::dossiers::{
    self, ApplicantRecord, DocumentRecord, DossierFilter, DossierRecord, EventRecord, FileRef,
    ImportedDossier, RatingRecord, StoredFile,
};
use motcua_store::{AuditContext, Db, StoreError, procedures};

use crate::units::{add, d, new_unit};
use motcua_test_support::backend_test;

pub(crate) struct Fixture {
    pub(crate) unit: UnitId,
    version: ProcedureVersionId,
}

pub(crate) async fn fixture(db: &Db) -> Fixture {
    let mut tx = db.begin().await.unwrap();
    let province = add(
        &mut tx,
        new_unit("96", "Tỉnh Demo", UnitLevel::Province, None, d(2025, 7, 1)),
    )
    .await;
    let unit = add(
        &mut tx,
        new_unit(
            "31825",
            "Phường Demo",
            UnitLevel::Commune,
            Some(province),
            d(2025, 7, 1),
        ),
    )
    .await;
    let csv = include_bytes!("../../../../data/examples/procedures.csv");
    procedures::import(
        &mut tx,
        &AuditContext::system(),
        motcua_domain::catalogue::parse_csv(csv),
        false,
        &mut |_, _| {},
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let version = procedures::list(db, &procedures::ProcedureFilter::on(d(2026, 3, 1)))
        .await
        .unwrap()[0]
        .id;
    Fixture { unit, version }
}

fn t(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, day, hour, 0, 0).unwrap()
}

pub(crate) fn record(f: &Fixture, code: &str, number: i64) -> DossierRecord {
    DossierRecord {
        id: DossierId::new(),
        code: code.into(),
        agency_code: "H12.39".into(),
        receiving_unit: f.unit,
        handling_unit: f.unit,
        procedure_version: f.version,
        procedure_code: "1.000894".into(),
        procedure_name: "Đăng ký kết hôn".into(),
        channel: Channel::Desk,
        status: Status::Received,
        step_index: Some(0),
        step_count: 3,
        step_role: Some(motcua_domain::role::Role::DeskOfficer),
        step_started_at: Some(t(2, 2)),
        step_due_at: Some(t(2, 6)),
        step_user: None,
        applicant: ApplicantRecord {
            kind: "person".into(),
            name: "Nguyễn Văn An".into(),
            id_number: "079090000001".into(),
            phone: Some("0912345678".into()),
            email: None,
            address: "Phường Demo".into(),
            user_id: None,
            masked_name: "N***** V** A*".into(),
        },
        submitted_at: t(2, 2),
        received_at: t(2, 2),
        received_by: None,
        rules_id: "nd118-2025".into(),
        limit_kind: LimitKind::WorkingDays,
        limit_amount: Quantity::whole(3),
        original_due_at: t(5, 10),
        due_at: Some(t(5, 10)),
        supplement_requested_at: None,
        resubmitted_at: None,
        apologised_at: None,
        finished_at: None,
        outcome: None,
        watch: None,
        logbook_year: 2026,
        logbook_number: number,
        fee_text: "Miễn lệ phí".into(),
        return_place: "Bộ phận Một cửa".into(),
        // Every kind of value, so that reading it back checks each column's mapping.
        digital: Digital {
            fee_bearing: true,
            paid_online: Some(Gateway::Province),
            paper_result: true,
            e_result: false,
            components_digitised: true,
            reused_data: false,
            from_portal_store: true,
            synced_at: Some(t(2, 9)),
        },
        version: 1,
    }
}

fn event(action: &str, status: Status, at: DateTime<Utc>) -> EventRecord {
    EventRecord {
        seq: 1,
        at,
        action: action.into(),
        actor_name: "Cán bộ một cửa".into(),
        to_status: status.code().into(),
        details: "{}".into(),
        ..EventRecord::default()
    }
}

pub(crate) async fn insert(db: &Db, d: &DossierRecord) {
    let mut tx = db.begin().await.unwrap();
    let file = StoredFile {
        sha256: "ab".repeat(32),
        kind: "pdf".into(),
        content: b"%PDF-1.7 test".to_vec(),
    };
    dossiers::store_file(&mut tx, &file, t(2, 2)).await.unwrap();
    let docs = vec![DocumentRecord {
        position: 0,
        name: "Tờ khai".into(),
        copy_kind: "original".into(),
        provided: true,
        stage: "intake".into(),
        file: Some(FileRef {
            name: "to-khai.pdf".into(),
            sha256: file.sha256.clone(),
        }),
        created_at: t(2, 2),
    }];
    dossiers::insert(
        &mut tx,
        d,
        &docs,
        &event("received", Status::Received, t(2, 2)),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

backend_test!(
    a_dossier_round_trips_with_documents_events_and_files,
    |db| {
        let f = fixture(&db).await;
        let d = record(&f, "H12.39-260302-0001", 1);
        insert(&db, &d).await;
        assert_eq!(dossiers::get(&db, d.id).await.unwrap(), d);
        assert_eq!(dossiers::get_by_code(&db, &d.code).await.unwrap().id, d.id);
        let docs = dossiers::documents(&db, d.id).await.unwrap();
        assert_eq!(docs.len(), 1);
        let file = dossiers::get_file(&db, &docs[0].file.as_ref().unwrap().sha256)
            .await
            .unwrap();
        assert_eq!(file.content, b"%PDF-1.7 test");
        let events = dossiers::events(&db, d.id).await.unwrap();
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].action, "received");
        assert!(matches!(
            dossiers::get_by_code(&db, "H12.39-260302-0009").await,
            Err(StoreError::NotFound { .. })
        ));
    }
);

backend_test!(a_second_dossier_with_the_same_code_is_a_conflict, |db| {
    let f = fixture(&db).await;
    insert(&db, &record(&f, "H12.39-260302-0001", 1)).await;
    let mut tx = db.begin().await.unwrap();
    let err = dossiers::insert(
        &mut tx,
        &record(&f, "H12.39-260302-0001", 2),
        &[],
        &event("received", Status::Received, t(2, 3)),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(err, StoreError::Conflict { field: "code", .. }),
        "{err:?}"
    );
});

backend_test!(concurrent_intakes_get_distinct_day_numbers, |db| {
    let db = Arc::new(db);
    let mut tasks = Vec::new();
    for _ in 0..16 {
        let db = Arc::clone(&db);
        tasks.push(tokio::spawn(async move {
            loop {
                let mut tx = db.begin().await.unwrap();
                match dossiers::next_sequence(&mut tx, "H12.39", d(2026, 3, 2)).await {
                    Ok(n) => {
                        tx.commit().await.unwrap();
                        return n;
                    }
                    // SQLite may answer "busy" under heavy contention; the caller retries.
                    Err(_) => {
                        let _ = tx.rollback().await;
                    }
                }
            }
        }));
    }
    let mut got = Vec::new();
    for t in tasks {
        got.push(t.await.unwrap());
    }
    got.sort_unstable();
    assert_eq!(got, (1..=16).collect::<Vec<i64>>());
    // Another day and another agency start again at 1.
    let mut tx = db.begin().await.unwrap();
    assert_eq!(
        dossiers::next_sequence(&mut tx, "H12.39", d(2026, 3, 3))
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        dossiers::next_sequence(&mut tx, "H12.40", d(2026, 3, 2))
            .await
            .unwrap(),
        1
    );
    // A rolled-back intake gives its number back.
    tx.rollback().await.unwrap();
    let mut tx = db.begin().await.unwrap();
    assert_eq!(
        dossiers::next_sequence(&mut tx, "H12.39", d(2026, 3, 3))
            .await
            .unwrap(),
        1
    );
    tx.commit().await.unwrap();
});

backend_test!(a_stale_version_writes_nothing, |db| {
    let f = fixture(&db).await;
    let d = record(&f, "H12.39-260302-0001", 1);
    insert(&db, &d).await;
    let read_by_a = dossiers::get(&db, d.id).await.unwrap();
    let read_by_b = read_by_a.clone();

    let mut a = read_by_a.clone();
    a.status = Status::InProgress;
    a.step_index = Some(1);
    let mut tx = db.begin().await.unwrap();
    let saved = dossiers::save(
        &mut tx,
        &read_by_a,
        &a,
        &event("hand_over", Status::InProgress, t(2, 4)),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(saved.version, 2);

    let mut b = read_by_b;
    b.status = Status::Refused;
    let mut tx = db.begin().await.unwrap();
    let err = dossiers::save(
        &mut tx,
        &read_by_a,
        &b,
        &event("refuse", Status::Refused, t(2, 4)),
    )
    .await
    .unwrap_err();
    assert!(matches!(
        err,
        StoreError::Conflict {
            field: "version",
            ..
        }
    ));
    assert!(err.message_vi().contains("tải lại"));
    tx.rollback().await.unwrap();

    let now = dossiers::get(&db, d.id).await.unwrap();
    assert_eq!((now.status, now.version), (Status::InProgress, 2));
    let events = dossiers::events(&db, d.id).await.unwrap();
    assert_eq!(
        events
            .iter()
            .map(|e| (e.seq, e.action.as_str()))
            .collect::<Vec<_>>(),
        vec![(1, "received"), (2, "hand_over")]
    );
});

backend_test!(the_queue_filters_by_status_due_date_and_text, |db| {
    let f = fixture(&db).await;
    let mut late = record(&f, "H12.39-260302-0001", 1);
    late.due_at = Some(t(3, 10));
    let mut soon = record(&f, "H12.39-260302-0002", 2);
    soon.due_at = Some(t(6, 10));
    soon.applicant.name = "Trần Thị Bình".into();
    let mut done = record(&f, "H12.39-260302-0003", 3);
    done.status = Status::Returned;
    done.finished_at = Some(t(4, 3));
    for x in [&late, &soon, &done] {
        insert(&db, x).await;
    }
    let codes = |v: Vec<DossierRecord>| v.into_iter().map(|d| d.code).collect::<Vec<_>>();
    let all = dossiers::list(&db, &DossierFilter::default())
        .await
        .unwrap();
    assert_eq!(
        codes(all),
        vec![late.code.clone(), soon.code.clone(), done.code.clone()]
    );
    let f_late = DossierFilter {
        late_at: Some(t(4, 0)),
        ..DossierFilter::default()
    };
    assert_eq!(
        codes(dossiers::list(&db, &f_late).await.unwrap()),
        vec![late.code.clone()]
    );
    let f_soon = DossierFilter {
        due_before: Some(t(7, 0)),
        ..DossierFilter::default()
    };
    assert_eq!(dossiers::list(&db, &f_soon).await.unwrap().len(), 2);
    let f_status = DossierFilter {
        statuses: vec![Status::Returned],
        ..DossierFilter::default()
    };
    assert_eq!(
        codes(dossiers::list(&db, &f_status).await.unwrap()),
        vec![done.code.clone()]
    );
    let f_text = DossierFilter {
        text: Some("tran thi binh".into()),
        ..DossierFilter::default()
    };
    assert_eq!(
        codes(dossiers::list(&db, &f_text).await.unwrap()),
        vec![soon.code.clone()]
    );
    let f_other_unit = DossierFilter {
        units: vec![UnitId::new()],
        ..DossierFilter::default()
    };
    assert!(dossiers::list(&db, &f_other_unit).await.unwrap().is_empty());
    let by_role = |r| DossierFilter {
        step_roles: vec![r],
        ..DossierFilter::default()
    };
    use motcua_domain::role::Role;
    assert_eq!(
        dossiers::list(&db, &by_role(Role::DeskOfficer))
            .await
            .unwrap()
            .len(),
        3
    );
    assert!(
        dossiers::list(&db, &by_role(Role::Specialist))
            .await
            .unwrap()
            .is_empty()
    );
    let counts = dossiers::count_by_status(&db, &[f.unit]).await.unwrap();
    assert!(counts.contains(&(Status::Received, 2)));
    assert!(counts.contains(&(Status::Returned, 1)));
    assert_eq!(dossiers::open_page(&db, None, 10).await.unwrap().len(), 2);
    assert_eq!(dossiers::logbook(&db, f.unit, 2026).await.unwrap().len(), 3);
});

backend_test!(a_dossier_is_rated_once, |db| {
    let f = fixture(&db).await;
    let d = record(&f, "H12.39-260302-0001", 1);
    insert(&db, &d).await;
    let r = RatingRecord {
        rated_at: t(5, 3),
        scores_json: "{\"a\":2}".into(),
        average_hundredths: 200,
        comment: "Tốt".into(),
    };
    let mut tx = db.begin().await.unwrap();
    dossiers::rate(&mut tx, &d, &r).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = db.begin().await.unwrap();
    let err = dossiers::rate(&mut tx, &d, &r).await.unwrap_err();
    assert!(err.message_vi().contains("một lần"), "{err:?}");
    tx.rollback().await.unwrap();
    assert_eq!(dossiers::rating(&db, d.id).await.unwrap(), Some(r));
});

backend_test!(
    an_import_writes_many_dossiers_across_several_statements,
    |db| {
        let f = fixture(&db).await;
        // 250 dossiers with 3 lines and 4 events each: more rows than one statement takes for
        // every table, so the chunk boundaries are crossed.
        let items: Vec<ImportedDossier> = (1..=250)
            .map(|n| {
                let mut d = record(&f, &format!("H12.39-260302-{n:04}"), n);
                d.status = Status::Returned;
                d.version = 4;
                // Some finished, some still open: the public lookup reads both.
                if n % 2 == 1 {
                    d.finished_at = Some(t(5, 3));
                    d.outcome = Some(Timeliness::Late);
                }
                let events = (1..=4)
                    .map(|seq| EventRecord {
                        seq,
                        // A step name with quotes and a backslash: the public timeline comes
                        // back as JSON text.
                        step_name: (seq % 2 == 0)
                            .then(|| format!("Bước {seq} \"thẩm định\" \\ ý kiến")),
                        at: t(2, 2 + seq as u32) + chrono::Duration::microseconds(123_456),
                        ..event(
                            &format!("step-{seq}"),
                            Status::Returned,
                            t(2, 2 + seq as u32),
                        )
                    })
                    .collect();
                let documents = (0..3)
                    .map(|position| DocumentRecord {
                        position,
                        name: format!("Giấy tờ {position}"),
                        copy_kind: "copy".into(),
                        provided: true,
                        stage: "intake".into(),
                        file: None,
                        created_at: t(2, 2),
                    })
                    .collect();
                let rating = (n % 2 == 0).then(|| RatingRecord {
                    rated_at: t(6, 3),
                    scores_json: "{\"a\":2}".into(),
                    average_hundredths: 200,
                    comment: format!("Ý kiến {n}"),
                });
                ImportedDossier {
                    dossier: d,
                    documents,
                    events,
                    rating,
                }
            })
            .collect();
        let mut tx = db.begin().await.unwrap();
        dossiers::import(&mut tx, &AuditContext::system(), &items)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        // One audit entry for the batch, not one a dossier.
        let entries = motcua_store::audit::for_entity(&db, "dossier", "*")
            .await
            .unwrap();
        assert_eq!(
            entries
                .iter()
                .map(|r| r.entry.action.as_str())
                .collect::<Vec<_>>(),
            ["dossier.import"]
        );

        for item in [&items[0], &items[137], &items[249]] {
            let d = &item.dossier;
            assert_eq!(&dossiers::get(&db, d.id).await.unwrap(), d);
            let events = dossiers::events(&db, d.id).await.unwrap();
            let actions: Vec<&str> = events.iter().map(|e| e.action.as_str()).collect();
            assert_eq!(actions, ["step-1", "step-2", "step-3", "step-4"]);
            let docs = dossiers::documents(&db, d.id).await.unwrap();
            assert_eq!(docs.len(), 3);
            assert_eq!(docs[2].name, "Giấy tờ 2");
            assert_eq!(dossiers::rating(&db, d.id).await.unwrap(), item.rating);
            // The public lookup's one-row form agrees with the separate reads.
            let public = dossiers::public_by_code(&db, &d.code).await.unwrap();
            assert_eq!(
                (public.code.as_str(), public.procedure_code.as_str()),
                (d.code.as_str(), d.procedure_code.as_str())
            );
            assert_eq!(public.procedure_name, d.procedure_name);
            assert_eq!(public.masked_name, d.applicant.masked_name);
            assert_eq!(public.status, d.status);
            assert_eq!(
                (public.received_at, public.original_due_at),
                (d.received_at, d.original_due_at)
            );
            assert_eq!(
                (public.due_at, public.finished_at, public.outcome),
                (d.due_at, d.finished_at, d.outcome)
            );
            let timeline: Vec<dossiers::TimelineEntry> = events
                .iter()
                .map(|e| dossiers::TimelineEntry {
                    at: e.at,
                    action: e.action.clone(),
                    step_name: e.step_name.clone(),
                })
                .collect();
            assert_eq!(public.timeline, timeline);
            assert_eq!(public.rated, item.rating.is_some());
        }
        assert!(matches!(
            dossiers::public_by_code(&db, "KHONG-CO-MA-NAY").await,
            Err(StoreError::NotFound { entity: "dossier" })
        ));
        assert_eq!(
            dossiers::logbook(&db, f.unit, 2026).await.unwrap().len(),
            250
        );
    }
);

backend_test!(an_import_with_a_taken_code_is_a_conflict, |db| {
    let f = fixture(&db).await;
    insert(&db, &record(&f, "H12.39-260302-0001", 1)).await;
    let item = ImportedDossier {
        dossier: record(&f, "H12.39-260302-0001", 2),
        documents: Vec::new(),
        events: vec![event("received", Status::Received, t(2, 3))],
        rating: None,
    };
    let mut tx = db.begin().await.unwrap();
    let err = dossiers::import(&mut tx, &AuditContext::system(), &[item])
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Conflict { field: "code", .. }),
        "{err:?}"
    );
});

backend_test!(
    a_long_checklist_is_written_whole_in_chunks_and_a_supplement_adds_to_it,
    |db| {
        let f = fixture(&db).await;
        let d = record(&f, "H12.39-260302-0001", 1);
        let line = |position: u32, stage: &str| DocumentRecord {
            position,
            name: format!("Giấy tờ số {}", position + 1),
            copy_kind: "copy".into(),
            provided: position.is_multiple_of(2),
            stage: stage.into(),
            file: None,
            created_at: t(2, 2),
        };
        // More lines than one multi-row statement takes (40), so the insert needs two.
        let checklist: Vec<_> = (0..45).map(|p| line(p, "intake")).collect();
        let mut tx = db.begin().await.unwrap();
        dossiers::insert(
            &mut tx,
            &d,
            &checklist,
            &event("received", Status::Received, t(2, 2)),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();

        let mut tx = db.begin().await.unwrap();
        let supplement = vec![line(45, "supplement"), line(46, "supplement")];
        dossiers::add_documents(&mut tx, d.id, &supplement)
            .await
            .unwrap();
        tx.commit().await.unwrap();

        // Read back in checklist order (same time, then position), every field intact.
        let stored = dossiers::documents(&db, d.id).await.unwrap();
        let expected: Vec<_> = checklist.iter().chain(&supplement).cloned().collect();
        assert_eq!(stored.len(), 47);
        assert_eq!(stored, expected);
    }
);
