use std::collections::HashSet;

use chrono::Duration;
use motcua_store::outbox::{self, Channel, MessageId, NewMessage, Status};
use motcua_store::{Db, now};
use motcua_test_support::backend_test;

const ALL: &[Channel] = &Channel::ALL;

fn email(n: usize) -> NewMessage {
    NewMessage {
        channel: Channel::Email,
        recipient: format!("cong-dan-{n}@example.invalid"),
        subject: format!("Hồ sơ số {n} đã được tiếp nhận"),
        body: "Kính gửi ông/bà, hồ sơ của ông/bà đã được tiếp nhận.".to_owned(),
        entity_type: "dossier".to_owned(),
        entity_id: format!("dossier-{n}"),
        attachment: None,
    }
}

async fn enqueue_committed(db: &Db, count: usize) -> Vec<MessageId> {
    let mut tx = db.begin().await.unwrap();
    let mut ids = Vec::new();
    for n in 0..count {
        ids.push(outbox::enqueue(&mut tx, &email(n)).await.unwrap());
    }
    tx.commit().await.unwrap();
    ids
}

backend_test!(enqueue_lives_and_dies_with_its_transaction, |db| {
    let mut tx = db.begin().await.unwrap();
    outbox::enqueue(&mut tx, &email(1)).await.unwrap();
    tx.rollback().await.unwrap();
    assert_eq!(outbox::pending_count(&db).await.unwrap(), 0);
    assert!(outbox::recent(&db, 10).await.unwrap().is_empty());
    assert!(
        outbox::claim_due(
            &db,
            "w",
            ALL,
            now() + Duration::hours(1),
            10,
            Duration::minutes(5)
        )
        .await
        .unwrap()
        .is_empty()
    );

    let mut tx = db.begin().await.unwrap();
    let id = outbox::enqueue(&mut tx, &email(2)).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(outbox::pending_count(&db).await.unwrap(), 1);
    let m = outbox::find(&db, id).await.unwrap().unwrap();
    assert_eq!(m.channel, Channel::Email);
    assert_eq!(m.recipient, "cong-dan-2@example.invalid");
    assert_eq!(m.subject, "Hồ sơ số 2 đã được tiếp nhận");
    assert_eq!(m.entity_id, "dossier-2");
    assert_eq!(m.attempts, 0);
    assert_eq!(m.next_attempt_at, m.created_at);
    assert_eq!(m.status(now()), Status::Pending);
    assert_eq!(outbox::recent(&db, 10).await.unwrap(), vec![m]);

    // An empty recipient is refused before it reaches the table.
    let mut tx = db.begin().await.unwrap();
    let mut bad = email(3);
    bad.recipient = "  ".to_owned();
    assert!(matches!(
        outbox::enqueue(&mut tx, &bad).await,
        Err(motcua_store::StoreError::Invalid(_))
    ));
});

backend_test!(concurrent_claimers_get_disjoint_sets, |db| {
    let ids = enqueue_committed(&db, 60).await;
    let t = now();
    let mut tasks = Vec::new();
    for w in 0..8 {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            let mut mine = Vec::new();
            loop {
                let batch =
                    outbox::claim_due(&db, &format!("worker-{w}"), ALL, t, 5, Duration::minutes(5))
                        .await
                        .unwrap();
                if batch.is_empty() {
                    break mine;
                }
                for m in batch {
                    assert_eq!(
                        m.claimed_by.as_deref(),
                        Some(format!("worker-{w}").as_str())
                    );
                    assert_eq!(m.attempts, 1);
                    mine.push(m.id);
                }
            }
        }));
    }
    let mut seen = HashSet::new();
    for task in tasks {
        for id in task.await.unwrap() {
            assert!(seen.insert(id), "{id} claimed twice");
        }
    }
    assert_eq!(seen, ids.into_iter().collect::<HashSet<_>>());
    // Everything is under a live claim, so nothing is left for anyone.
    assert!(
        outbox::claim_due(&db, "late", ALL, t, 100, Duration::minutes(5))
            .await
            .unwrap()
            .is_empty()
    );
});

backend_test!(an_expired_claim_is_claimable_again, |db| {
    let [id] = enqueue_committed(&db, 1).await[..] else {
        unreachable!()
    };
    let t = now();
    let first = outbox::claim_due(&db, "crashed", ALL, t, 10, Duration::minutes(5))
        .await
        .unwrap();
    assert_eq!(first.len(), 1);
    assert_eq!(first[0].status(t), Status::Claimed);
    assert!(
        outbox::claim_due(
            &db,
            "other",
            ALL,
            t + Duration::minutes(4),
            10,
            Duration::minutes(5)
        )
        .await
        .unwrap()
        .is_empty()
    );
    // The first worker died while sending; after its claim runs out the message comes back.
    let again = outbox::claim_due(
        &db,
        "other",
        ALL,
        t + Duration::minutes(5),
        10,
        Duration::minutes(5),
    )
    .await
    .unwrap();
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].id, id);
    assert_eq!(again[0].attempts, 2);
    assert_eq!(again[0].claimed_by.as_deref(), Some("other"));
    // The old holder cannot record an outcome over the new holder's claim.
    let later = t + Duration::minutes(6);
    assert!(!outbox::mark_sent(&db, id, "crashed", later).await.unwrap());
    assert!(
        !outbox::mark_failed(&db, id, "crashed", "boom", later)
            .await
            .unwrap()
    );
    assert!(outbox::mark_sent(&db, id, "other", later).await.unwrap());
    let m = outbox::find(&db, id).await.unwrap().unwrap();
    assert_eq!(m.sent_at, Some(later));
    assert_eq!(m.status(later), Status::Sent);
});

backend_test!(sent_messages_never_come_back, |db| {
    let ids = enqueue_committed(&db, 3).await;
    let t = now();
    let claimed = outbox::claim_due(&db, "w", ALL, t, 10, Duration::minutes(5))
        .await
        .unwrap();
    assert_eq!(claimed.iter().map(|m| m.id).collect::<Vec<_>>(), ids);
    for m in &claimed {
        assert!(outbox::mark_sent(&db, m.id, "w", t).await.unwrap());
        // Marking twice is refused rather than moving sent_at.
        assert!(!outbox::mark_sent(&db, m.id, "w", t).await.unwrap());
    }
    assert_eq!(outbox::pending_count(&db).await.unwrap(), 0);
    for later in [Duration::minutes(6), Duration::days(365)] {
        assert!(
            outbox::claim_due(&db, "w2", ALL, t + later, 10, Duration::minutes(5))
                .await
                .unwrap()
                .is_empty()
        );
    }
    // A finished message can no longer fail or die.
    assert!(
        !outbox::mark_failed(&db, ids[0], "w", "late", t)
            .await
            .unwrap()
    );
    assert!(
        !outbox::mark_dead(&db, ids[0], "w", "late", t)
            .await
            .unwrap()
    );
    let recent = outbox::recent(&db, 2).await.unwrap();
    assert_eq!(
        recent.iter().map(|m| m.id).collect::<Vec<_>>(),
        vec![ids[2], ids[1]]
    );
});

backend_test!(failed_messages_wait_for_their_next_attempt, |db| {
    let [id] = enqueue_committed(&db, 1).await[..] else {
        unreachable!()
    };
    let t = now();
    outbox::claim_due(&db, "w", ALL, t, 10, Duration::minutes(5))
        .await
        .unwrap();
    let retry_at = t + Duration::minutes(10);
    assert!(
        outbox::mark_failed(&db, id, "w", "421 try later", retry_at)
            .await
            .unwrap()
    );
    let m = outbox::find(&db, id).await.unwrap().unwrap();
    assert_eq!(m.status(t), Status::Pending);
    assert_eq!(m.last_error.as_deref(), Some("421 try later"));
    assert_eq!(m.claimed_until, None);
    assert_eq!(outbox::pending_count(&db).await.unwrap(), 1);
    // Released, but not due yet.
    for at in [t, t + Duration::minutes(9)] {
        assert!(
            outbox::claim_due(&db, "w", ALL, at, 10, Duration::minutes(5))
                .await
                .unwrap()
                .is_empty()
        );
    }
    let back = outbox::claim_due(&db, "w", ALL, retry_at, 10, Duration::minutes(5))
        .await
        .unwrap();
    assert_eq!(back.len(), 1);
    assert_eq!(back[0].attempts, 2);
    assert_eq!(back[0].last_error.as_deref(), Some("421 try later"));

    // Dead messages are kept but never claimed again.
    assert!(
        outbox::mark_dead(&db, id, "w", "550 no such user", retry_at)
            .await
            .unwrap()
    );
    assert_eq!(outbox::pending_count(&db).await.unwrap(), 0);
    assert!(
        outbox::claim_due(
            &db,
            "w",
            ALL,
            t + Duration::days(30),
            10,
            Duration::minutes(5)
        )
        .await
        .unwrap()
        .is_empty()
    );
    let m = outbox::find(&db, id).await.unwrap().unwrap();
    assert_eq!(m.status(retry_at), Status::Dead);
    assert_eq!(m.dead_at, Some(retry_at));
    assert_eq!(m.last_error.as_deref(), Some("550 no such user"));
});

backend_test!(
    claims_take_the_oldest_due_first_and_respect_the_limit,
    |db| {
        let ids = enqueue_committed(&db, 5).await;
        let t = now();
        let first = outbox::claim_due(&db, "w", ALL, t, 2, Duration::minutes(5))
            .await
            .unwrap();
        assert_eq!(
            first.iter().map(|m| m.id).collect::<Vec<_>>(),
            ids[..2].to_vec()
        );
        let rest = outbox::claim_due(&db, "w", ALL, t, 10, Duration::minutes(5))
            .await
            .unwrap();
        assert_eq!(
            rest.iter().map(|m| m.id).collect::<Vec<_>>(),
            ids[2..].to_vec()
        );
    }
);

backend_test!(a_claim_takes_only_the_channels_asked_for, |db| {
    let mut tx = db.begin().await.unwrap();
    let mut ids = Vec::new();
    for channel in Channel::ALL {
        let mut m = email(ids.len());
        m.channel = channel;
        ids.push(outbox::enqueue(&mut tx, &m).await.unwrap());
    }
    tx.commit().await.unwrap();
    let t = now();
    let sms = outbox::claim_due(&db, "w", &[Channel::Sms], t, 10, Duration::minutes(5))
        .await
        .unwrap();
    assert_eq!(sms.iter().map(|m| m.id).collect::<Vec<_>>(), vec![ids[1]]);
    assert!(
        outbox::claim_due(&db, "w", &[], t, 10, Duration::minutes(5))
            .await
            .unwrap()
            .is_empty()
    );
    let rest = outbox::claim_due(
        &db,
        "w",
        &[Channel::Email, Channel::Zalo],
        t,
        10,
        Duration::minutes(5),
    )
    .await
    .unwrap();
    assert_eq!(
        rest.iter().map(|m| m.id).collect::<Vec<_>>(),
        vec![ids[0], ids[2]]
    );
});
