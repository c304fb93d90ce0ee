use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use motcua_domain::ids::{PetitionId, ReceptionSessionId, UnitId, VisitId};
use motcua_domain::unit::UnitLevel;
use motcua_store::petitions::{self, PetitionEvent, PetitionFilter, PetitionRecord, SenderRecord};
use motcua_store::reception::{self, ReceptionDay, SessionRecord, VisitRecord};
use motcua_store::{AuditContext, Db, StoreError, audit};

use crate::units::{add, d, new_unit};
use crate::users::create_user;
use motcua_test_support::backend_test;

async fn commune(db: &Db) -> UnitId {
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
    tx.commit().await.unwrap();
    unit
}

fn t(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 8, day, hour, 0, 0).unwrap()
}

fn petition(unit: UnitId, code: &str) -> PetitionRecord {
    PetitionRecord {
        id: PetitionId::new(),
        code: code.into(),
        unit,
        kind: "khieu_nai".into(),
        source: "post".into(),
        forwarded_by: String::new(),
        visit: None,
        received_at: t(3, 2),
        registered_by: None,
        filer_index: None,
        subject: "Khiếu nại quyết định thu hồi đất".into(),
        content: "Tôi không đồng ý với mức bồi thường khi thu hồi đất ở ấp 3.".into(),
        respondent: "Ủy ban nhân dân xã".into(),
        anonymous: false,
        protected: false,
        pseudonym: format!("Người gửi {code}"),
        sender: SenderRecord {
            name: "Nguyễn Văn Bình".into(),
            address: "Ấp 3".into(),
            id_number: "079090000001".into(),
            phone: "0912345678".into(),
        },
        sender_sealed: None,
        person_id_index: Some("id-hash-1".into()),
        person_name_index: Some("name-hash-1".into()),
        signatory_count: 1,
        representatives: "[]".into(),
        status: "registered".into(),
        reason_code: None,
        forwarded_to: String::new(),
        complexity: "normal".into(),
        remote_area: false,
        instance: 1,
        first_instance: None,
        rules_id: "2026-07".into(),
        deadline_kind: Some("classify".into()),
        due_at: Some(t(17, 10)),
        reply_due_at: Some(t(17, 10)),
        accepted_at: None,
        suspended_at: None,
        extensions: 0,
        case_state: "{}".into(),
        decided_at: None,
        decision_summary: String::new(),
        closed_at: None,
        duplicate_of: None,
        signature: "sig".into(),
        watch_flag: None,
        version: 1,
    }
}

fn event(action: &str, status: &str, at: DateTime<Utc>) -> PetitionEvent {
    PetitionEvent {
        seq: 1,
        at,
        action: action.into(),
        actor_name: "Cán bộ xử lý đơn".into(),
        to_status: status.into(),
        details: "{}".into(),
        ..PetitionEvent::default()
    }
}

async fn register(db: &Db, p: &PetitionRecord, bands: &[&str]) {
    let mut tx = db.begin().await.unwrap();
    let bands: Vec<String> = bands.iter().map(|b| (*b).to_owned()).collect();
    petitions::insert(
        &mut tx,
        p,
        &bands,
        &event("registered", "registered", p.received_at),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

backend_test!(
    a_petition_round_trips_and_numbers_run_per_unit_and_year,
    |db| {
        let unit = commune(&db).await;
        let mut tx = db.begin().await.unwrap();
        for (code, year, want) in [
            ("31825", 2026, 1),
            ("31825", 2026, 2),
            ("31825", 2027, 1),
            ("31826", 2026, 1),
        ] {
            let got = petitions::next_number(&mut tx, code, year).await.unwrap();
            assert_eq!(got, want, "{code} {year}");
        }
        tx.commit().await.unwrap();
        let p = petition(unit, "31825-2026-000001");
        register(&db, &p, &["b1"]).await;
        assert_eq!(petitions::get(&db, p.id).await.unwrap(), p);
        assert_eq!(petitions::get_by_code(&db, &p.code).await.unwrap().id, p.id);
        let events = petitions::events(&db, p.id).await.unwrap();
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].action, "registered");
        let mut tx = db.begin().await.unwrap();
        let err = petitions::insert(
            &mut tx,
            &PetitionRecord {
                id: PetitionId::new(),
                ..p.clone()
            },
            &[],
            &event("registered", "registered", t(4, 2)),
        )
        .await
        .unwrap_err();
        assert!(
            matches!(err, StoreError::Conflict { field: "code", .. }),
            "{err:?}"
        );
    }
);

backend_test!(
    of_two_saves_from_one_version_only_the_first_is_written,
    |db| {
        let unit = commune(&db).await;
        let p = petition(unit, "31825-2026-000001");
        register(&db, &p, &[]).await;
        let mut accepted = p.clone();
        accepted.status = "accepted".into();
        accepted.accepted_at = Some(t(5, 3));
        let mut tx = db.begin().await.unwrap();
        let saved = petitions::save(
            &mut tx,
            &p,
            &accepted,
            &event("accept", "accepted", t(5, 3)),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(saved.version, 2);
        let mut refused = p.clone();
        refused.status = "not_accepted".into();
        let mut tx = db.begin().await.unwrap();
        let err = petitions::save(
            &mut tx,
            &p,
            &refused,
            &event("refuse", "not_accepted", t(5, 4)),
        )
        .await
        .unwrap_err();
        assert!(
            matches!(
                err,
                StoreError::Conflict {
                    field: "version",
                    ..
                }
            ),
            "{err:?}"
        );
        tx.rollback().await.unwrap();
        let now = petitions::get(&db, p.id).await.unwrap();
        assert_eq!(now.status, "accepted");
        assert_eq!(petitions::events(&db, p.id).await.unwrap().len(), 2);
    }
);

backend_test!(candidates_come_from_shared_bands_or_the_same_person, |db| {
    let unit = commune(&db).await;
    let a = petition(unit, "31825-2026-000001");
    register(&db, &a, &["x1", "x2"]).await;
    let b = PetitionRecord {
        id: PetitionId::new(),
        person_id_index: Some("someone-else".into()),
        person_name_index: Some("someone-else".into()),
        ..petition(unit, "31825-2026-000002")
    };
    register(&db, &b, &["y1", "x2"]).await;
    let c = PetitionRecord {
        id: PetitionId::new(),
        person_id_index: Some("other".into()),
        person_name_index: Some("other".into()),
        ..petition(unit, "31825-2026-000003")
    };
    register(&db, &c, &["z1"]).await;
    let by_band = petitions::candidates(&db, a.id, &["x2".into()], None, None, 10)
        .await
        .unwrap();
    assert_eq!(by_band.iter().map(|p| p.id).collect::<Vec<_>>(), vec![b.id]);
    let by_person = petitions::candidates(&db, c.id, &[], Some("id-hash-1"), None, 10)
        .await
        .unwrap();
    assert_eq!(
        by_person.iter().map(|p| p.id).collect::<Vec<_>>(),
        vec![a.id]
    );
    assert!(
        petitions::candidates(&db, a.id, &[], None, None, 10)
            .await
            .unwrap()
            .is_empty()
    );

    let officer = create_user(&db, "xulydon").await;
    let mut tx = db.begin().await.unwrap();
    petitions::propose_duplicate(&mut tx, b.id, a.id, 87, "nội dung giống 87 %")
        .await
        .unwrap();
    petitions::decide_duplicate(&mut tx, b.id, a.id, "linked", officer.id, t(6, 2))
        .await
        .unwrap();
    // A decided candidate cannot be decided again.
    let err = petitions::decide_duplicate(&mut tx, b.id, a.id, "dismissed", officer.id, t(6, 3))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound { .. }), "{err:?}");
    tx.commit().await.unwrap();
    let dups = petitions::duplicates(&db, b.id).await.unwrap();
    assert_eq!(dups.len(), 1);
    assert_eq!((dups[0].score, dups[0].decision.as_str()), (87, "linked"));
});

backend_test!(lists_filter_by_state_overdue_and_long_pending, |db| {
    let unit = commune(&db).await;
    let open = petition(unit, "31825-2026-000001");
    register(&db, &open, &[]).await;
    let closed = PetitionRecord {
        id: PetitionId::new(),
        status: "decided".into(),
        closed_at: Some(t(10, 2)),
        ..petition(unit, "31825-2026-000002")
    };
    register(&db, &closed, &[]).await;
    let overdue = petitions::list(
        &db,
        &PetitionFilter {
            units: vec![unit],
            overdue_at: Some(t(20, 2)),
            ..PetitionFilter::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        overdue.iter().map(|p| p.id).collect::<Vec<_>>(),
        vec![open.id]
    );
    let none_yet = petitions::list(
        &db,
        &PetitionFilter {
            units: vec![unit],
            overdue_at: Some(t(10, 2)),
            ..PetitionFilter::default()
        },
    )
    .await
    .unwrap();
    assert!(none_yet.is_empty());
    let text = petitions::list(
        &db,
        &PetitionFilter {
            text: Some("boi thuong".into()),
            ..PetitionFilter::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(text.len(), 2);
    let counts = petitions::counts(&db, &[unit], t(20, 2), t(4, 2))
        .await
        .unwrap();
    let registered = counts.iter().find(|c| c.status == "registered").unwrap();
    assert_eq!(
        (
            registered.count,
            registered.overdue,
            registered.long_pending
        ),
        (1, 1, 1)
    );
    let decided = counts.iter().find(|c| c.status == "decided").unwrap();
    assert_eq!(
        (decided.count, decided.overdue, decided.long_pending),
        (1, 0, 0)
    );
});

backend_test!(handlers_and_reveals_are_recorded_per_case, |db| {
    let unit = commune(&db).await;
    let p = PetitionRecord {
        protected: true,
        sender: SenderRecord::default(),
        sender_sealed: Some("v1.k.abc".into()),
        ..petition(unit, "31825-2026-000001")
    };
    register(&db, &p, &[]).await;
    let handler = create_user(&db, "xulydon").await;
    let mut tx = db.begin().await.unwrap();
    petitions::add_handler(&mut tx, p.id, handler.id, None, t(3, 3))
        .await
        .unwrap();
    petitions::add_handler(&mut tx, p.id, handler.id, None, t(3, 4))
        .await
        .unwrap();
    petitions::record_reveal(&mut tx, p.id, handler.id, "Xác minh nhân thân", t(4, 3))
        .await
        .unwrap();
    petitions::reseal(&mut tx, p.id, "v1.k2.def").await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        petitions::handlers(&db, p.id).await.unwrap(),
        vec![handler.id]
    );
    let reveals = petitions::reveals(&db, p.id).await.unwrap();
    assert_eq!(reveals.len(), 1);
    assert_eq!(reveals[0].reason, "Xác minh nhân thân");
    assert_eq!(
        petitions::sealed(&db).await.unwrap(),
        vec![(p.id, "v1.k2.def".to_owned())]
    );
});

backend_test!(the_reception_log_numbers_visits_through_the_year, |db| {
    let unit = commune(&db).await;
    let officer = create_user(&db, "tiepdan").await;
    let by = AuditContext::user(officer.id, Some("10.0.0.7".into()));
    let mut tx = db.begin().await.unwrap();
    let day = ReceptionDay {
        unit,
        head_role: "commune_chairman".into(),
        head_name: "Phạm Minh Lãnh".into(),
        day: NaiveDate::from_ymd_opt(2026, 8, 5).unwrap(),
        place: "Trụ sở UBND".into(),
    };
    reception::add_day(&mut tx, &by, &day, t(1, 1))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let mut tx = db.begin().await.unwrap();
    let err = reception::add_day(&mut tx, &by, &day, t(1, 2))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict { .. }), "{err:?}");
    tx.rollback().await.unwrap();
    let days = reception::days(&db, unit, day.day, day.day).await.unwrap();
    assert_eq!(days, vec![day.clone()]);

    let session = SessionRecord {
        id: ReceptionSessionId::new(),
        unit,
        kind: "periodic".into(),
        held_on: day.day,
        host_name: day.head_name.clone(),
        host_title: "Chủ tịch UBND".into(),
        place: day.place.clone(),
        conclusion: String::new(),
        created_by: None,
    };
    let mut tx = db.begin().await.unwrap();
    reception::create_session(&mut tx, &by, &session, t(5, 1))
        .await
        .unwrap();
    let mut ids = Vec::new();
    for name in ["Nguyễn Văn A", "Trần Thị B"] {
        let number = reception::next_log_number(&mut tx, unit, 2026)
            .await
            .unwrap();
        let v = VisitRecord {
            id: VisitId::new(),
            session: session.id,
            unit,
            log_year: 2026,
            log_number: number,
            visited_at: t(5, 2),
            visitor_name: name.into(),
            visitor_address: "Ấp 1".into(),
            visitor_id_number: "079090000002".into(),
            visitor_sealed: None,
            people_count: 1,
            representatives: "[]".into(),
            content: "Đường ngập nước".into(),
            kind: "phan_anh".into(),
            same_content_count: 1,
            prior_handling: String::new(),
            within_competence: true,
            guidance: String::new(),
            forwarded_to: String::new(),
            outcome: String::new(),
            documents: "[]".into(),
            petition: None,
            created_by: None,
        };
        reception::add_visit(&mut tx, &by, &v, t(5, 2))
            .await
            .unwrap();
        ids.push(v.id);
    }
    reception::conclude(&mut tx, &by, session.id, "Giao phòng kinh tế kiểm tra")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let log = reception::log(&db, unit, 2026).await.unwrap();
    assert_eq!(
        log.iter().map(|v| v.log_number).collect::<Vec<_>>(),
        vec![1, 2]
    );
    assert_eq!(reception::visits(&db, session.id).await.unwrap().len(), 2);
    let p = petition(unit, "31825-2026-000001");
    register(&db, &p, &[]).await;
    let mut tx = db.begin().await.unwrap();
    reception::link_petition(&mut tx, &by, ids[0], p.id, "Đã đăng ký đơn")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    // A visit that does not exist is not linked, and writes no entry.
    let mut tx = db.begin().await.unwrap();
    let err = reception::link_petition(&mut tx, &by, VisitId::new(), p.id, "x")
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound { .. }), "{err:?}");
    tx.rollback().await.unwrap();
    let v = reception::get_visit(&db, ids[0]).await.unwrap();
    assert_eq!(v.petition, Some(p.id));
    let s = reception::get_session(&db, session.id).await.unwrap();
    assert_eq!(s.conclusion, "Giao phòng kinh tế kiểm tra");
    assert_eq!(
        reception::sessions(&db, &[unit], 10).await.unwrap().len(),
        1
    );

    // Every write is in the audit log as the officer's, from where they worked; the conflict
    // that was rolled back left nothing.
    let actions = |entries: Vec<motcua_domain::audit::AuditRecord>| {
        entries
            .into_iter()
            .map(|r| {
                assert_eq!(r.entry.actor, Some(officer.id));
                assert_eq!(r.entry.ip.as_deref(), Some("10.0.0.7"));
                (r.entry.action, r.entry.before_digest, r.entry.after_digest)
            })
            .collect::<Vec<_>>()
    };
    let session_log = actions(
        audit::for_entity(&db, "reception_session", &session.id.to_string())
            .await
            .unwrap(),
    );
    assert_eq!(
        session_log.iter().map(|a| a.0.as_str()).collect::<Vec<_>>(),
        ["reception.open_session", "reception.conclude"]
    );
    let (_, before, after) = &session_log[1];
    assert!(before.is_some() && after.is_some() && before != after);
    let first = actions(
        audit::for_entity(&db, "reception_visit", &ids[0].to_string())
            .await
            .unwrap(),
    );
    assert_eq!(
        first.iter().map(|a| a.0.as_str()).collect::<Vec<_>>(),
        ["reception.record_visit", "reception.link_petition"]
    );
    let second = actions(
        audit::for_entity(&db, "reception_visit", &ids[1].to_string())
            .await
            .unwrap(),
    );
    assert_eq!(second.len(), 1);
    // The entry digests the visit's place in the log, never who came or what they said: the
    // audit log is read by inspectors, who must not find a denouncer through it.
    let v = reception::get_visit(&db, ids[1]).await.unwrap();
    let public = serde_json::json!({
        "session": v.session, "unit": v.unit, "log_year": v.log_year,
        "log_number": v.log_number, "visited_at": v.visited_at, "kind": v.kind,
        "people_count": v.people_count, "sealed": false, "petition": null,
    });
    assert_eq!(
        second[0].2.as_deref(),
        Some(motcua_domain::audit::digest_json(&public).as_str())
    );
});

backend_test!(a_sealed_visitor_is_listed_and_resealed_in_place, |db| {
    let unit = commune(&db).await;
    let session = SessionRecord {
        id: ReceptionSessionId::new(),
        unit,
        kind: "routine".into(),
        held_on: NaiveDate::from_ymd_opt(2026, 8, 6).unwrap(),
        host_name: "Võ Thị Đơn".into(),
        host_title: "Công chức tiếp công dân".into(),
        place: "Trụ sở UBND".into(),
        conclusion: String::new(),
        created_by: None,
    };
    let mut tx = db.begin().await.unwrap();
    reception::create_session(&mut tx, &AuditContext::system(), &session, t(6, 1))
        .await
        .unwrap();
    let mut ids = Vec::new();
    for sealed in [Some("v1.k1.aaa"), None, Some("v1.k1.bbb")] {
        let number = reception::next_log_number(&mut tx, unit, 2026)
            .await
            .unwrap();
        let v = VisitRecord {
            id: VisitId::new(),
            session: session.id,
            unit,
            log_year: 2026,
            log_number: number,
            visited_at: t(6, 2),
            visitor_name: if sealed.is_some() {
                format!("TC-2026-{number:04}")
            } else {
                "Trần Thị B".into()
            },
            visitor_address: String::new(),
            visitor_id_number: String::new(),
            visitor_sealed: sealed.map(str::to_owned),
            people_count: 1,
            representatives: "[]".into(),
            content: "Tố cáo cán bộ địa chính".into(),
            kind: "to_cao".into(),
            same_content_count: 1,
            prior_handling: String::new(),
            within_competence: true,
            guidance: String::new(),
            forwarded_to: String::new(),
            outcome: String::new(),
            documents: "[]".into(),
            petition: None,
            created_by: None,
        };
        reception::add_visit(&mut tx, &AuditContext::system(), &v, t(6, 2))
            .await
            .unwrap();
        ids.push(v.id);
    }
    tx.commit().await.unwrap();
    let mut expected = vec![
        (ids[0], "v1.k1.aaa".to_owned()),
        (ids[2], "v1.k1.bbb".to_owned()),
    ];
    expected.sort_by_key(|(id, _)| id.to_string());
    assert_eq!(reception::sealed_visitors(&db).await.unwrap(), expected);

    let mut tx = db.begin().await.unwrap();
    reception::reseal_visitor(&mut tx, ids[0], "v1.k2.ccc")
        .await
        .unwrap();
    // The clear visitor stays clear.
    let err = reception::reseal_visitor(&mut tx, ids[1], "v1.k2.ddd")
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound { .. }), "{err:?}");
    tx.commit().await.unwrap();
    let v = reception::get_visit(&db, ids[0]).await.unwrap();
    assert_eq!(v.visitor_sealed.as_deref(), Some("v1.k2.ccc"));
    assert_eq!(v.visitor_name, "TC-2026-0001");
    assert_eq!(
        reception::get_visit(&db, ids[1])
            .await
            .unwrap()
            .visitor_sealed,
        None
    );
});

fn imported(
    unit: UnitId,
    code: &str,
    handler: Option<motcua_domain::ids::UserId>,
) -> petitions::ImportedPetition {
    let mut p = petition(unit, code);
    p.status = "decided".into();
    p.closed_at = Some(t(20, 3));
    p.decided_at = p.closed_at;
    p.due_at = None;
    p.version = 2;
    let mut decided = event("decide", "decided", t(20, 3));
    decided.seq = 2;
    decided.from_status = Some("registered".into());
    petitions::ImportedPetition {
        record: p.clone(),
        events: vec![event("registered", "registered", p.received_at), decided],
        handlers: handler.into_iter().collect(),
        bands: vec![format!("band-{code}")],
    }
}

backend_test!(
    an_import_writes_many_petitions_with_timelines_handlers_and_bands,
    |db| {
        let unit = commune(&db).await;
        let handler = create_user(&db, "xulydon.import").await.id;
        // More than one statement's worth of each table, so the chunking is exercised.
        let items: Vec<petitions::ImportedPetition> = (1..=23)
            .map(|n| imported(unit, &format!("31825-2026-{n:06}"), Some(handler)))
            .collect();
        let mut tx = db.begin().await.unwrap();
        petitions::import(&mut tx, &AuditContext::system(), &items)
            .await
            .unwrap();
        // An empty batch writes nothing, not even an entry.
        petitions::import(&mut tx, &AuditContext::system(), &[])
            .await
            .unwrap();
        petitions::raise_number(&mut tx, "31825", 2026, 23)
            .await
            .unwrap();
        // Raising never lowers.
        petitions::raise_number(&mut tx, "31825", 2026, 5)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let entries = audit::for_entity(&db, "petition", "*").await.unwrap();
        assert_eq!(
            entries
                .iter()
                .map(|r| r.entry.action.as_str())
                .collect::<Vec<_>>(),
            ["petition.import"]
        );
        for item in [&items[0], &items[22]] {
            let got = petitions::get(&db, item.record.id).await.unwrap();
            assert_eq!(got, item.record);
            assert_eq!(petitions::events(&db, got.id).await.unwrap(), item.events);
            assert_eq!(
                petitions::handlers(&db, got.id).await.unwrap(),
                vec![handler]
            );
        }
        let found = petitions::candidates(
            &db,
            PetitionId::new(),
            &["band-31825-2026-000007".to_owned()],
            None,
            None,
            10,
        )
        .await
        .unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].code, "31825-2026-000007");
        let mut tx = db.begin().await.unwrap();
        assert_eq!(
            petitions::next_number(&mut tx, "31825", 2026)
                .await
                .unwrap(),
            24,
            "the next registration continues after the imported numbers"
        );
        // A code already given is refused, and nothing of the statement is written.
        let err = petitions::import(
            &mut tx,
            &AuditContext::system(),
            &[imported(unit, "31825-2026-000003", None)],
        )
        .await
        .unwrap_err();
        assert!(matches!(err, StoreError::Conflict { .. }), "{err:?}");
        tx.rollback().await.unwrap();
    }
);
