use crate::users::create_user;
use chrono::Duration;
use motcua_domain::ids::{SessionId, UserId};
use motcua_store::{AuditContext, StoreError, now, sessions, token_hash, users};
use motcua_test_support::backend_test;

backend_test!(a_session_is_found_by_its_token_only, |db| {
    let u = create_user(&db, "ses").await;
    let ctx = AuditContext::user(u.id, Some("127.0.0.1".into()));
    let mut tx = db.begin().await.unwrap();
    let s = sessions::create(
        &mut tx,
        &ctx,
        u.id,
        Duration::hours(8),
        Some("127.0.0.1".into()),
        Some("test".into()),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(s.token.len(), 64);
    assert_eq!(s.session.csrf_secret.len(), 64);
    assert_ne!(s.token, s.session.csrf_secret);

    let idle = Duration::minutes(30);
    let found = sessions::find_valid(&db, &s.token, now(), idle)
        .await
        .unwrap()
        .expect("valid");
    assert_eq!(found, s.session);
    // The stored hash is not itself a token.
    assert!(
        sessions::find_valid(&db, &token_hash(&s.token), now(), idle)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        sessions::find_valid(&db, "", now(), idle)
            .await
            .unwrap()
            .is_none()
    );
});

backend_test!(sessions_expire_absolutely_and_when_idle, |db| {
    let u = create_user(&db, "idle").await;
    let ctx = AuditContext::system();
    let mut tx = db.begin().await.unwrap();
    let s = sessions::create(&mut tx, &ctx, u.id, Duration::hours(8), None, None)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let t0 = s.session.created_at;
    let idle = Duration::minutes(30);
    assert!(
        sessions::find_valid(&db, &s.token, t0 + Duration::minutes(29), idle)
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        sessions::find_valid(&db, &s.token, t0 + Duration::minutes(31), idle)
            .await
            .unwrap()
            .is_none()
    );
    // Activity keeps it alive, but not past the absolute expiry.
    sessions::touch(&db, s.session.id, t0 + Duration::minutes(25))
        .await
        .unwrap();
    assert!(
        sessions::find_valid(&db, &s.token, t0 + Duration::minutes(50), idle)
            .await
            .unwrap()
            .is_some()
    );
    sessions::touch(&db, s.session.id, t0 + Duration::hours(8))
        .await
        .unwrap();
    assert!(
        sessions::find_valid(&db, &s.token, t0 + Duration::hours(8), idle)
            .await
            .unwrap()
            .is_none()
    );
    assert!(matches!(
        sessions::touch(&db, SessionId::new(), t0).await,
        Err(StoreError::NotFound { entity: "session" })
    ));
    assert_eq!(
        sessions::delete_expired(&db, t0 + Duration::hours(9), idle)
            .await
            .unwrap(),
        1
    );
});

backend_test!(logout_and_logout_everywhere_end_sessions, |db| {
    let u = create_user(&db, "out").await;
    let ctx = AuditContext::system();
    let idle = Duration::minutes(30);
    let mut tx = db.begin().await.unwrap();
    let a = sessions::create(&mut tx, &ctx, u.id, Duration::hours(1), None, None)
        .await
        .unwrap();
    let b = sessions::create(&mut tx, &ctx, u.id, Duration::hours(1), None, None)
        .await
        .unwrap();
    let c = sessions::create(&mut tx, &ctx, u.id, Duration::hours(1), None, None)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let mut tx = db.begin().await.unwrap();
    sessions::delete(&mut tx, &ctx, a.session.id).await.unwrap();
    assert!(matches!(
        sessions::delete(&mut tx, &ctx, a.session.id).await,
        Err(StoreError::NotFound { entity: "session" })
    ));
    tx.commit().await.unwrap();
    assert!(
        sessions::find_valid(&db, &a.token, now(), idle)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        sessions::find_valid(&db, &b.token, now(), idle)
            .await
            .unwrap()
            .is_some()
    );

    let mut tx = db.begin().await.unwrap();
    assert_eq!(
        sessions::delete_all_for_user(&mut tx, &ctx, u.id)
            .await
            .unwrap(),
        2
    );
    tx.commit().await.unwrap();
    assert!(
        sessions::find_valid(&db, &c.token, now(), idle)
            .await
            .unwrap()
            .is_none()
    );
});

backend_test!(
    disabled_users_lose_their_sessions_and_cannot_start_one,
    |db| {
        let u = create_user(&db, "gone").await;
        let ctx = AuditContext::system();
        let mut tx = db.begin().await.unwrap();
        let s = sessions::create(&mut tx, &ctx, u.id, Duration::hours(1), None, None)
            .await
            .unwrap();
        users::set_disabled(&mut tx, &ctx, u.id, true)
            .await
            .unwrap();
        let again = sessions::create(&mut tx, &ctx, u.id, Duration::hours(1), None, None).await;
        assert!(matches!(
            again,
            Err(StoreError::NotFound { entity: "user" })
        ));
        let nobody =
            sessions::create(&mut tx, &ctx, UserId::new(), Duration::hours(1), None, None).await;
        assert!(matches!(
            nobody,
            Err(StoreError::NotFound { entity: "user" })
        ));
        tx.commit().await.unwrap();
        assert!(
            sessions::find_valid(&db, &s.token, now(), Duration::minutes(30))
                .await
                .unwrap()
                .is_none()
        );
    }
);
