use chrono::{Duration, TimeZone, Utc};
use motcua_domain::account::Login;
use motcua_domain::ids::{UnitId, UserId};
use motcua_domain::role::{Role, RoleGrant};
use motcua_store::users::{self, NewUser};
use motcua_store::{AuditContext, Db, StoreError};
use motcua_test_support::backend_test;

pub fn new_user(login: &str) -> NewUser {
    NewUser {
        login: Login::parse(login).unwrap(),
        full_name: "Nguyễn Văn An".into(),
        email: Some("an@example.vn".into()),
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
        unit: None,
    }
}

pub async fn create_user(db: &Db, login: &str) -> users::User {
    let mut tx = db.begin().await.unwrap();
    let u = users::create(&mut tx, &AuditContext::system(), new_user(login))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    u
}

backend_test!(a_created_user_is_found_by_login_with_its_hash, |db| {
    let u = create_user(&db, "Can.Bo1").await;
    let found = users::find_by_login(&db, &Login::parse("can.bo1").unwrap())
        .await
        .unwrap()
        .expect("found");
    assert_eq!(found.user, u);
    assert!(found.password_hash.starts_with("$argon2id$"));
    assert_eq!(users::get(&db, u.id).await.unwrap(), u);
});

backend_test!(
    an_unknown_login_is_none_and_an_unknown_id_is_not_found,
    |db| {
        assert!(
            users::find_by_login(&db, &Login::parse("nobody").unwrap())
                .await
                .unwrap()
                .is_none()
        );
        assert!(matches!(
            users::get(&db, UserId::new()).await,
            Err(StoreError::NotFound { entity: "user" })
        ));
    }
);

backend_test!(a_duplicate_login_is_a_conflict_and_writes_nothing, |db| {
    create_user(&db, "trung").await;
    let mut tx = db.begin().await.unwrap();
    let err = users::create(&mut tx, &AuditContext::system(), new_user(" TRUNG "))
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Conflict { field: "login", .. }),
        "{err:?}"
    );
    assert!(err.message_vi().contains("Tên đăng nhập"));
    tx.rollback().await.unwrap();
    assert_eq!(users::list_all(&db).await.unwrap().len(), 1);
});

backend_test!(a_user_in_a_missing_unit_is_refused, |db| {
    let mut tx = db.begin().await.unwrap();
    let mut nu = new_user("lac");
    nu.unit = Some(UnitId::new());
    let err = users::create(&mut tx, &AuditContext::system(), nu)
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::NotFound { entity: "unit" }),
        "{err:?}"
    );
});

backend_test!(script_looking_text_is_stored_as_typed, |db| {
    let mut tx = db.begin().await.unwrap();
    let mut nu = new_user("xss");
    nu.full_name = "<script>alert(1)</script>'; DROP TABLE app_user; --".into();
    let u = users::create(&mut tx, &AuditContext::system(), nu.clone())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(users::get(&db, u.id).await.unwrap().full_name, nu.full_name);
});

backend_test!(role_grants_are_added_listed_and_revoked, |db| {
    let u = create_user(&db, "admin").await;
    let ctx = AuditContext::system();
    let mut tx = db.begin().await.unwrap();
    let g = users::grant_role(
        &mut tx,
        &ctx,
        u.id,
        RoleGrant::new(Role::SystemAdmin, None).unwrap(),
    )
    .await
    .unwrap();
    let dup = users::grant_role(
        &mut tx,
        &ctx,
        u.id,
        RoleGrant::new(Role::SystemAdmin, None).unwrap(),
    )
    .await;
    assert!(matches!(dup, Err(StoreError::Conflict { .. })), "{dup:?}");
    tx.commit().await.unwrap();
    assert_eq!(
        users::list_grants(&db, u.id).await.unwrap(),
        vec![g.clone()]
    );
    // The one-query form that authentication uses agrees.
    let (user, grants) = users::get_with_grants(&db, u.id).await.unwrap();
    assert_eq!(user, users::get(&db, u.id).await.unwrap());
    assert_eq!(grants, vec![g.clone()]);

    let mut tx = db.begin().await.unwrap();
    users::revoke_role(&mut tx, &ctx, g.id).await.unwrap();
    let again = users::revoke_role(&mut tx, &ctx, g.id).await;
    assert!(matches!(
        again,
        Err(StoreError::NotFound {
            entity: "role_grant"
        })
    ));
    tx.commit().await.unwrap();
    assert!(users::list_grants(&db, u.id).await.unwrap().is_empty());
    let (user, grants) = users::get_with_grants(&db, u.id).await.unwrap();
    assert_eq!(user.id, u.id, "a user without grants is still found");
    assert!(grants.is_empty());
    assert!(matches!(
        users::get_with_grants(&db, UserId::new()).await,
        Err(StoreError::NotFound { entity: "user" })
    ));
});

backend_test!(granting_to_a_missing_user_or_unit_is_not_found, |db| {
    let u = create_user(&db, "x").await;
    let ctx = AuditContext::system();
    let mut tx = db.begin().await.unwrap();
    let e1 = users::grant_role(
        &mut tx,
        &ctx,
        UserId::new(),
        RoleGrant::new(Role::Citizen, None).unwrap(),
    )
    .await;
    assert!(matches!(e1, Err(StoreError::NotFound { entity: "user" })));
    let e2 = users::grant_role(
        &mut tx,
        &ctx,
        u.id,
        RoleGrant::new(Role::Head, Some(UnitId::new())).unwrap(),
    )
    .await;
    assert!(matches!(e2, Err(StoreError::NotFound { entity: "unit" })));
});

backend_test!(disable_and_profile_update_are_recorded, |db| {
    let u = create_user(&db, "tam").await;
    let ctx = AuditContext::system();
    let mut tx = db.begin().await.unwrap();
    let d = users::set_disabled(&mut tx, &ctx, u.id, true)
        .await
        .unwrap();
    assert!(d.disabled);
    let p = users::update_profile(&mut tx, &ctx, u.id, "Trần Thị Tâm".into(), None, None)
        .await
        .unwrap();
    assert_eq!(p.full_name, "Trần Thị Tâm");
    users::set_password_hash(&mut tx, &ctx, u.id, "$argon2id$new")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let c = users::find_by_login(&db, &u.login).await.unwrap().unwrap();
    assert!(c.user.disabled);
    assert_eq!(c.password_hash, "$argon2id$new");
    let mut tx = db.begin().await.unwrap();
    let missing = users::set_disabled(&mut tx, &ctx, UserId::new(), true).await;
    assert!(matches!(
        missing,
        Err(StoreError::NotFound { entity: "user" })
    ));
});

backend_test!(
    failed_logins_count_per_login_and_address_until_a_success_or_an_unlock,
    |db| {
        let login = Login::parse("probe").unwrap();
        let t0 = Utc.with_ymd_and_hms(2026, 3, 2, 8, 0, 0).unwrap();
        let since = t0 - Duration::days(1);
        // A success from one address, then failures from two addresses.
        users::record_login_attempt(&db, &login, true, Some("10.0.0.1"), t0)
            .await
            .unwrap();
        for i in 1..=3 {
            users::record_login_attempt(
                &db,
                &login,
                false,
                Some("10.0.0.1"),
                t0 + Duration::minutes(i),
            )
            .await
            .unwrap();
        }
        users::record_login_attempt(
            &db,
            &login,
            false,
            Some("10.0.0.2"),
            t0 - Duration::minutes(1),
        )
        .await
        .unwrap();
        let pair = users::pair_failures(&db, &login, "10.0.0.1", since)
            .await
            .unwrap();
        assert_eq!(pair.count, 3);
        assert_eq!(pair.last, Some(t0 + Duration::minutes(3)));
        let other_pair = users::pair_failures(&db, &login, "10.0.0.2", since)
            .await
            .unwrap();
        assert_eq!(other_pair.count, 1);
        let addr = users::address_failures(&db, "10.0.0.1", since)
            .await
            .unwrap();
        assert_eq!(addr.count, 3);

        // A success from the pair clears the pair's count, not the other address's.
        users::record_login_attempt(
            &db,
            &login,
            true,
            Some("10.0.0.1"),
            t0 + Duration::minutes(4),
        )
        .await
        .unwrap();
        assert_eq!(
            users::pair_failures(&db, &login, "10.0.0.1", since)
                .await
                .unwrap()
                .count,
            0
        );
        assert_eq!(
            users::pair_failures(&db, &login, "10.0.0.2", since)
                .await
                .unwrap()
                .count,
            1
        );
        // A success does not clear the address's count: a guesser's own account would wipe it.
        assert_eq!(
            users::address_failures(&db, "10.0.0.1", since)
                .await
                .unwrap()
                .count,
            3
        );

        // An administrator's unlock clears every count of that login, and is audited.
        let mut tx = db.begin().await.unwrap();
        let cleared = users::clear_login_failures(&mut tx, &AuditContext::system(), &login)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(cleared, 4);
        assert_eq!(
            users::pair_failures(&db, &login, "10.0.0.2", since)
                .await
                .unwrap()
                .count,
            0
        );
        assert_eq!(
            users::address_failures(&db, "10.0.0.1", since)
                .await
                .unwrap()
                .count,
            0
        );
        let other = Login::parse("other").unwrap();
        assert_eq!(
            users::pair_failures(&db, &other, "10.0.0.1", since)
                .await
                .unwrap(),
            users::Failures::default()
        );
    }
);

backend_test!(
    a_principal_carries_the_grants_and_disabled_users_have_none,
    |db| {
        let u = create_user(&db, "p").await;
        let ctx = AuditContext::system();
        let mut tx = db.begin().await.unwrap();
        let g = users::grant_role(
            &mut tx,
            &ctx,
            u.id,
            RoleGrant::new(Role::SystemAdmin, None).unwrap(),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let (user, p) = users::principal(&db, u.id).await.unwrap();
        assert_eq!(user, u);
        assert_eq!((p.user, p.grants), (Some(u.id), vec![g]));
        let mut tx = db.begin().await.unwrap();
        users::set_disabled(&mut tx, &ctx, u.id, true)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        assert!(matches!(
            users::principal(&db, u.id).await,
            Err(StoreError::NotFound { entity: "user" })
        ));
        assert!(matches!(
            users::principal(&db, UserId::new()).await,
            Err(StoreError::NotFound { entity: "user" })
        ));
    }
);

backend_test!(old_login_attempts_are_forgotten, |db| {
    let login = Login::parse("old").unwrap();
    let t0 = Utc.with_ymd_and_hms(2026, 3, 2, 8, 0, 0).unwrap();
    users::record_login_attempt(&db, &login, false, Some("10.0.0.9"), t0)
        .await
        .unwrap();
    users::record_login_attempt(&db, &login, false, Some("10.0.0.9"), t0 + Duration::days(2))
        .await
        .unwrap();
    assert_eq!(
        users::delete_login_attempts_before(&db, t0 + Duration::days(1))
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        users::address_failures(&db, "10.0.0.9", t0 - Duration::days(1))
            .await
            .unwrap()
            .count,
        1
    );
});
