use crate::harness::backend_test;
use crate::users::create_user;
use motcua_store::audit;

backend_test!(writes_leave_a_verifiable_chain, |db| {
    let u = create_user(&db, "a1").await;
    create_user(&db, "a2").await;
    let entries = audit::for_entity(&db, "user", &u.id.to_string())
        .await
        .unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].entry.action, "user.create");
    assert!(entries[0].entry.after_digest.is_some());
    assert_eq!(audit::verify(&db).await.unwrap(), None);
});
