//! The reference cache: what it serves, and when a change made anywhere (another server, an
//! import, a hand-edit) reaches it.

use crate::procedures::example;
use crate::units::{add, d, new_unit};
use crate::users::create_user;
use motcua_domain::ids::UnitId;
use motcua_domain::unit::{NewUnit, UnitLevel};
use motcua_store::cache::{self, Generation, ReferenceCache};
use motcua_store::units::{self, UnitUpdate};
use motcua_store::{AuditContext, Db, now, procedures, tokens};
use motcua_test_support::backend_test;
use motcua_test_support::db::exec;

async fn generation(db: &Db) -> Generation {
    cache::generation(db).await.unwrap()
}

async fn committed(db: &Db, unit: NewUnit) -> UnitId {
    let mut tx = db.begin().await.unwrap();
    let id = add(&mut tx, unit).await;
    tx.commit().await.unwrap();
    id
}

async fn province(db: &Db) -> UnitId {
    let bac_lieu = new_unit(
        "95",
        "Tỉnh Bạc Liêu",
        UnitLevel::Province,
        None,
        d(2020, 1, 1),
    );
    committed(db, bac_lieu).await
}

async fn rename(db: &Db, id: UnitId, name: &str) {
    let mut tx = db.begin().await.unwrap();
    let upd = UnitUpdate {
        name: name.into(),
        remote_area: false,
        schedule: None,
    };
    units::update(&mut tx, &AuditContext::system(), id, upd)
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

backend_test!(
    every_change_to_units_or_procedures_moves_the_generation,
    |db| {
        let ctx = AuditContext::system();
        let g0 = generation(&db).await;
        let province = province(&db).await;
        let g1 = generation(&db).await;
        assert!(g1 > g0, "a new unit: {g0:?} -> {g1:?}");

        rename(&db, province, "Tỉnh Cà Mau").await;
        let g2 = generation(&db).await;
        assert!(g2 > g1, "a renamed unit: {g1:?} -> {g2:?}");

        let mut tx = db.begin().await.unwrap();
        let v = procedures::create_version(&mut tx, &ctx, example()[0].clone())
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let g3 = generation(&db).await;
        assert!(g3 > g2, "a new procedure version: {g2:?} -> {g3:?}");

        let mut tx = db.begin().await.unwrap();
        let mut fixed = v.draft.clone();
        fixed.name = "Đăng ký kết hôn (sửa)".into();
        procedures::update_version(&mut tx, &ctx, v.id, fixed)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let g4 = generation(&db).await;
        assert!(g4 > g3, "a corrected procedure version: {g3:?} -> {g4:?}");

        // A change made outside the application, straight in SQL, moves it too.
        exec(&db, "UPDATE unit SET remote_area = TRUE")
            .await
            .unwrap();
        let g5 = generation(&db).await;
        assert!(g5 > g4, "a hand-edit: {g4:?} -> {g5:?}");

        // A rolled-back change does not.
        let mut tx = db.begin().await.unwrap();
        let upd = UnitUpdate {
            name: "Không lưu".into(),
            remote_area: false,
            schedule: None,
        };
        units::update(&mut tx, &ctx, province, upd).await.unwrap();
        tx.rollback().await.unwrap();
        assert_eq!(generation(&db).await, g5);

        // Work on dossiers leaves it alone: it is read by every API call, and must only move for
        // the catalogue.
        create_user(&db, "officer").await;
        assert_eq!(generation(&db).await, g5);
    }
);

backend_test!(an_api_token_brings_the_generation_it_was_read_at, |db| {
    let u = create_user(&db, "integration").await;
    let mut tx = db.begin().await.unwrap();
    let t = tokens::create(&mut tx, &AuditContext::system(), u.id, "cổng", &[], None)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let holder = |db: Db, plaintext: String| async move {
        tokens::find_by_plaintext(&db, &plaintext, now())
            .await
            .unwrap()
            .valid()
            .expect("found")
    };
    let before = holder(db.clone(), t.plaintext.clone()).await;
    assert_eq!(before.cache, generation(&db).await);
    province(&db).await;
    let after = holder(db.clone(), t.plaintext.clone()).await;
    assert!(after.cache > before.cache);
    assert_eq!(after.cache, generation(&db).await);
});

backend_test!(
    a_cached_record_lasts_until_a_request_brings_a_newer_generation,
    |db| {
        let province = province(&db).await;
        let ward = committed(
            &db,
            new_unit(
                "95001",
                "Phường 1",
                UnitLevel::Commune,
                Some(province),
                d(2020, 1, 1),
            ),
        )
        .await;
        let cache = ReferenceCache::new();
        let g1 = generation(&db).await;
        assert_eq!(
            cache.unit(&db, Some(g1), ward).await.unwrap().name,
            "Phường 1"
        );
        assert_eq!(
            cache.ancestry(&db, Some(g1), ward).await.unwrap(),
            [ward, province]
        );

        // Another server (here: the database itself) renames the ward.
        rename(&db, ward, "Phường Một").await;
        let g2 = generation(&db).await;
        // A request that began before the change is served what it would have read then: the
        // cache answers it, without reading the tables.
        assert_eq!(
            cache.unit(&db, Some(g1), ward).await.unwrap().name,
            "Phường 1"
        );
        // The first request after it empties the cache and reads the tables.
        assert_eq!(
            cache.unit(&db, Some(g2), ward).await.unwrap().name,
            "Phường Một"
        );
        // A request older than the cache reads the tables too, and does not refill the cache with
        // what it read under its older generation.
        assert_eq!(
            cache.unit(&db, Some(g1), ward).await.unwrap().name,
            "Phường Một"
        );
        // Without a generation (a page, a job), always the tables.
        exec(
            &db,
            "UPDATE unit SET name = 'Phường Mới' WHERE code = '95001'",
        )
        .await
        .unwrap();
        assert_eq!(
            cache.unit(&db, None, ward).await.unwrap().name,
            "Phường Mới"
        );
        // Still the cached name at g2: the hand-edit has moved the counter past it.
        assert_eq!(
            cache.unit(&db, Some(g2), ward).await.unwrap().name,
            "Phường Một"
        );
        let g3 = generation(&db).await;
        assert!(g3 > g2);
        assert_eq!(
            cache.unit(&db, Some(g3), ward).await.unwrap().name,
            "Phường Mới"
        );
        // An unknown unit is an error each time, never a cached absence.
        let unknown = UnitId::new();
        assert!(cache.unit(&db, Some(g3), unknown).await.is_err());
        assert!(cache.ancestry(&db, Some(g3), unknown).await.is_err());
    }
);

backend_test!(
    procedure_versions_are_cached_by_id_and_by_the_day_in_force,
    |db| {
        let ctx = AuditContext::system();
        let mut tx = db.begin().await.unwrap();
        let v = procedures::create_version(&mut tx, &ctx, example()[0].clone())
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let cache = ReferenceCache::new();
        let g1 = generation(&db).await;
        let day = v.draft.effective_from;
        let code = v.draft.code.clone();
        assert_eq!(cache.version(&db, Some(g1), v.id).await.unwrap(), v);
        assert_eq!(cache.in_force(&db, Some(g1), &code, day).await.unwrap(), v);
        // Before the version takes effect nothing is in force, and that is not cached.
        let before = day.pred_opt().unwrap();
        assert!(cache.in_force(&db, Some(g1), &code, before).await.is_err());

        let mut tx = db.begin().await.unwrap();
        let mut fixed = v.draft.clone();
        fixed.name = "Đăng ký kết hôn (sửa)".into();
        let fixed = procedures::update_version(&mut tx, &ctx, v.id, fixed)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(cache.version(&db, Some(g1), v.id).await.unwrap(), v);
        let g2 = generation(&db).await;
        assert_eq!(cache.version(&db, Some(g2), v.id).await.unwrap(), fixed);
        assert_eq!(
            cache.in_force(&db, Some(g2), &code, day).await.unwrap(),
            fixed
        );
    }
);
