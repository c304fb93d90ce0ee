use crate::users::create_user;
use chrono::Duration;
use motcua_domain::ids::{ApiTokenId, UserId};
use motcua_domain::role::{Role, RoleGrant};
use motcua_store::{AuditContext, Db, StoreError, now, tokens, users};
use motcua_test_support::backend_test;

backend_test!(a_token_is_found_by_plaintext_until_revoked, |db| {
    let u = create_user(&db, "integration").await;
    let ctx = AuditContext::system();
    let mut tx = db.begin().await.unwrap();
    let t = tokens::create(
        &mut tx,
        &ctx,
        u.id,
        "Cổng DVC",
        &["catalogue:read".into(), "dossier:write".into()],
        None,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert!(t.plaintext.starts_with(tokens::TOKEN_PREFIX));
    let found = tokens::find_by_plaintext(&db, &t.plaintext, now())
        .await
        .unwrap()
        .valid()
        .expect("found");
    assert_eq!(found.token, t.token);
    assert_eq!(
        found.user.id, u.id,
        "the account the token acts as comes with it"
    );
    assert!(found.grants.is_empty());
    assert!(found.token.has_scope("catalogue:read"));
    assert!(!found.token.has_scope("admin"));
    assert!(
        tokens::find_by_plaintext(&db, "mct_wrong", now())
            .await
            .unwrap()
            .valid()
            .is_none()
    );

    let mut tx = db.begin().await.unwrap();
    let revoked = tokens::revoke(&mut tx, &ctx, t.token.id).await.unwrap();
    assert!(revoked.revoked_at.is_some());
    tx.commit().await.unwrap();
    assert!(
        tokens::find_by_plaintext(&db, &t.plaintext, now())
            .await
            .unwrap()
            .valid()
            .is_none()
    );
    assert_eq!(
        tokens::list_for_user(&db, u.id).await.unwrap(),
        vec![revoked]
    );
});

backend_test!(expired_tokens_and_bad_input_are_refused, |db| {
    let u = create_user(&db, "exp").await;
    let ctx = AuditContext::system();
    let mut tx = db.begin().await.unwrap();
    let t = tokens::create(
        &mut tx,
        &ctx,
        u.id,
        "ngắn hạn",
        &["a".into()],
        Some(now() + Duration::hours(1)),
    )
    .await
    .unwrap();
    let bad_scope = tokens::create(&mut tx, &ctx, u.id, "x", &["<script>".into()], None).await;
    assert!(matches!(bad_scope, Err(StoreError::Invalid(_))));
    let no_name = tokens::create(&mut tx, &ctx, u.id, "  ", &[], None).await;
    assert!(matches!(no_name, Err(StoreError::Invalid(_))));
    let no_user = tokens::create(&mut tx, &ctx, UserId::new(), "x", &[], None).await;
    assert!(matches!(
        no_user,
        Err(StoreError::NotFound { entity: "user" })
    ));
    let no_token = tokens::revoke(&mut tx, &ctx, ApiTokenId::new()).await;
    assert!(matches!(
        no_token,
        Err(StoreError::NotFound {
            entity: "api_token"
        })
    ));
    tx.commit().await.unwrap();
    assert!(
        tokens::find_by_plaintext(&db, &t.plaintext, now())
            .await
            .unwrap()
            .valid()
            .is_some()
    );
    assert!(
        tokens::find_by_plaintext(&db, &t.plaintext, now() + Duration::hours(2))
            .await
            .unwrap()
            .valid()
            .is_none()
    );
});

backend_test!(a_token_use_is_noted_at_most_once_a_minute, |db| {
    let u = create_user(&db, "busy-integration").await;
    let mut tx = db.begin().await.unwrap();
    let t = tokens::create(
        &mut tx,
        &AuditContext::system(),
        u.id,
        "Cổng",
        &["dossiers:read".into()],
        None,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let t0 = now();
    let fresh = tokens::find_by_plaintext(&db, &t.plaintext, t0)
        .await
        .unwrap()
        .valid()
        .unwrap()
        .token;
    assert_eq!(fresh.last_used_at, None);
    assert!(fresh.use_is_stale(t0), "a token never used must be noted");
    tokens::mark_used(&db, fresh.id, t0).await.unwrap();
    let used = tokens::find_by_plaintext(&db, &t.plaintext, t0)
        .await
        .unwrap()
        .valid()
        .unwrap()
        .token;
    assert_eq!(used.last_used_at, Some(t0));
    assert!(!used.use_is_stale(t0 + Duration::seconds(59)));
    assert!(used.use_is_stale(t0 + Duration::seconds(61)));
});

backend_test!(
    a_token_brings_every_grant_of_an_enabled_account_only,
    |db| {
        let u = create_user(&db, "grants-integration").await;
        let ctx = AuditContext::system();
        let mut tx = db.begin().await.unwrap();
        let t = tokens::create(&mut tx, &ctx, u.id, "Cổng", &["users:read".into()], None)
            .await
            .unwrap();
        let mut granted = Vec::new();
        for role in [Role::SystemAdmin, Role::Citizen] {
            let g = RoleGrant::new(role, None).unwrap();
            granted.push(users::grant_role(&mut tx, &ctx, u.id, g).await.unwrap());
        }
        tx.commit().await.unwrap();
        let found = tokens::find_by_plaintext(&db, &t.plaintext, now())
            .await
            .unwrap()
            .valid()
            .expect("found");
        // One row per grant comes back from the join; the token and account are read once.
        assert_eq!(found.token, t.token);
        assert_eq!(found.user, u);
        assert_eq!(found.grants, users::list_grants(&db, u.id).await.unwrap());
        assert_eq!(found.grants.len(), 2);

        let mut tx = db.begin().await.unwrap();
        users::set_disabled(&mut tx, &ctx, u.id, true)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        assert!(
            tokens::find_by_plaintext(&db, &t.plaintext, now())
                .await
                .unwrap()
                .valid()
                .is_none(),
            "a disabled account's token no longer works"
        );
    }
);

backend_test!(a_token_expires_by_default_and_says_so_when_expired, |db| {
    let u = create_user(&db, "expiring").await;
    let ctx = AuditContext::system();
    let mut tx = db.begin().await.unwrap();
    let t = tokens::create(&mut tx, &ctx, u.id, "mặc định", &["a".into()], None)
        .await
        .unwrap();
    let at = now();
    let past = tokens::create(
        &mut tx,
        &ctx,
        u.id,
        "x",
        &[],
        Some(at - Duration::minutes(1)),
    )
    .await;
    assert!(matches!(past, Err(StoreError::Invalid(_))));
    let forever = tokens::create(
        &mut tx,
        &ctx,
        u.id,
        "x",
        &[],
        Some(at + Duration::days(tokens::MAX_LIFETIME_DAYS + 1)),
    )
    .await;
    assert!(
        matches!(forever, Err(StoreError::Invalid(_))),
        "no token lives for ever"
    );
    tx.commit().await.unwrap();
    let expires = t.token.expires_at.expect("every token expires");
    let lifetime = expires - t.token.created_at;
    assert_eq!(
        lifetime,
        Duration::days(i64::from(tokens::DEFAULT_LIFETIME_DAYS))
    );
    assert_eq!(
        tokens::list_for_user(&db, u.id).await.unwrap()[0].expires_at,
        Some(expires)
    );

    let before = expires - Duration::days(tokens::WARN_DAYS + 1);
    assert_eq!(t.token.expires_soon(before), None);
    let close = expires - Duration::days(tokens::WARN_DAYS - 1);
    assert_eq!(t.token.expires_soon(close), Some(expires));
    assert!(matches!(
        tokens::find_by_plaintext(&db, &t.plaintext, close)
            .await
            .unwrap(),
        tokens::TokenLookup::Valid(_)
    ));
    match tokens::find_by_plaintext(&db, &t.plaintext, expires)
        .await
        .unwrap()
    {
        tokens::TokenLookup::Expired(tok) => assert_eq!(tok.id, t.token.id),
        other => panic!("expected an expired token, got {other:?}"),
    }
    assert!(matches!(
        tokens::find_by_plaintext(&db, "mct_wrong", close)
            .await
            .unwrap(),
        tokens::TokenLookup::Unknown
    ));
});

backend_test!(
    migration_0010_gives_tokens_without_expiry_the_default_lifetime,
    |db| {
        let u = create_user(&db, "legacy").await;
        let ctx = AuditContext::system();
        let mut tx = db.begin().await.unwrap();
        let kept = tokens::create(&mut tx, &ctx, u.id, "cũ", &[], None)
            .await
            .unwrap();
        let revoked = tokens::create(&mut tx, &ctx, u.id, "đã thu hồi", &[], None)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let mut tx = db.begin().await.unwrap();
        tokens::revoke(&mut tx, &ctx, revoked.token.id)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        // As before the migration: tokens made without an expiry.
        const CLEAR: &str = "UPDATE api_token SET expires_at = NULL";
        match &db {
            Db::Sqlite(p, _) => {
                sqlx::query(CLEAR).execute(p).await.unwrap();
                sqlx::raw_sql(include_str!(
                    "../../migrations/sqlite/0010_token_expiry.sql"
                ))
                .execute(p)
                .await
                .unwrap();
            }
            Db::Postgres(p, _) => {
                sqlx::query(CLEAR).execute(p).await.unwrap();
                sqlx::raw_sql(include_str!(
                    "../../migrations/postgres/0010_token_expiry.sql"
                ))
                .execute(p)
                .await
                .unwrap();
            }
        }
        let list = tokens::list_for_user(&db, u.id).await.unwrap();
        let get = |id| list.iter().find(|t| t.id == id).unwrap().clone();
        let expires = get(kept.token.id).expires_at.expect("given an expiry");
        let days = (expires - now()).num_hours();
        let default = i64::from(tokens::DEFAULT_LIFETIME_DAYS) * 24;
        assert!((default - 1..=default).contains(&days), "{days} hours");
        assert_eq!(
            get(revoked.token.id).expires_at,
            None,
            "a revoked token is left alone"
        );
        assert!(matches!(
            tokens::find_by_plaintext(&db, &kept.plaintext, expires)
                .await
                .unwrap(),
            tokens::TokenLookup::Expired(_)
        ));
    }
);
