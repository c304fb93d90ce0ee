use chrono::{Duration, TimeZone, Utc};
use motcua_store::leases;
use motcua_test_support::backend_test;

backend_test!(a_lease_is_held_until_it_expires, |db| {
    let t0 = Utc.with_ymd_and_hms(2026, 3, 2, 1, 0, 0).unwrap();
    let ttl = Duration::minutes(5);
    assert!(
        leases::try_acquire_lease(&db, "overdue-scan", "server-a", ttl, t0)
            .await
            .unwrap()
    );
    assert!(
        !leases::try_acquire_lease(
            &db,
            "overdue-scan",
            "server-b",
            ttl,
            t0 + Duration::minutes(4)
        )
        .await
        .unwrap()
    );
    // The holder renews; the other still loses.
    assert!(
        leases::try_acquire_lease(
            &db,
            "overdue-scan",
            "server-a",
            ttl,
            t0 + Duration::minutes(4)
        )
        .await
        .unwrap()
    );
    assert!(
        !leases::try_acquire_lease(
            &db,
            "overdue-scan",
            "server-b",
            ttl,
            t0 + Duration::minutes(8)
        )
        .await
        .unwrap()
    );
    assert_eq!(
        leases::lease_holder(&db, "overdue-scan", t0 + Duration::minutes(8))
            .await
            .unwrap()
            .as_deref(),
        Some("server-a")
    );
    // After expiry another server takes over.
    assert!(
        leases::try_acquire_lease(
            &db,
            "overdue-scan",
            "server-b",
            ttl,
            t0 + Duration::minutes(9)
        )
        .await
        .unwrap()
    );
    assert_eq!(
        leases::lease_holder(&db, "overdue-scan", t0 + Duration::minutes(10))
            .await
            .unwrap()
            .as_deref(),
        Some("server-b")
    );
    // Other leases are independent; release is only by the holder.
    assert!(
        leases::try_acquire_lease(&db, "reminders", "server-a", ttl, t0)
            .await
            .unwrap()
    );
    assert!(
        !leases::release_lease(&db, "reminders", "server-b")
            .await
            .unwrap()
    );
    assert!(
        leases::release_lease(&db, "reminders", "server-a")
            .await
            .unwrap()
    );
    assert!(
        leases::try_acquire_lease(&db, "reminders", "server-b", ttl, t0)
            .await
            .unwrap()
    );
    assert_eq!(
        leases::lease_holder(&db, "nothing", t0).await.unwrap(),
        None
    );
});

backend_test!(concurrent_acquisitions_have_exactly_one_winner, |db| {
    let now = Utc.with_ymd_and_hms(2026, 3, 2, 1, 0, 0).unwrap();
    // Several rounds, each with a fresh lease name, so that a lucky ordering cannot pass.
    for round in 0..5 {
        let name = format!("daily-report-{round}");
        let mut tasks = Vec::new();
        for s in 0..6 {
            let (db, name) = (db.clone(), name.clone());
            tasks.push(tokio::spawn(async move {
                leases::try_acquire_lease(
                    &db,
                    &name,
                    &format!("server-{s}"),
                    Duration::minutes(5),
                    now,
                )
                .await
                .unwrap()
            }));
        }
        let mut winners = 0;
        for t in tasks {
            winners += usize::from(t.await.unwrap());
        }
        assert_eq!(winners, 1, "round {round}");
    }
});

backend_test!(a_job_slot_runs_exactly_once, |db| {
    let now = Utc.with_ymd_and_hms(2026, 3, 2, 1, 0, 0).unwrap();
    let mut tasks = Vec::new();
    for s in 0..6 {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            leases::record_job_run(
                &db,
                "daily-report",
                "2026-03-02",
                &format!("server-{s}"),
                now,
            )
            .await
            .unwrap()
        }));
    }
    let mut claimed = 0;
    for t in tasks {
        claimed += usize::from(t.await.unwrap());
    }
    assert_eq!(claimed, 1);
    assert!(
        leases::record_job_run(&db, "daily-report", "2026-03-03", "server-0", now)
            .await
            .unwrap()
    );
    assert!(
        !leases::record_job_run(&db, "daily-report", "2026-03-03", "server-1", now)
            .await
            .unwrap()
    );
    assert!(
        leases::record_job_run(&db, "other-job", "2026-03-02", "server-1", now)
            .await
            .unwrap()
    );
});
