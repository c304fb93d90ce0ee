use std::collections::HashSet;

use chrono::Duration;
use motcua_notify::RunReport;
use motcua_store::now;
use motcua_store::outbox::{self, Channel, Status};

use crate::smtp_sink::{Mood, SmtpSink, free_port};
use crate::{email_config, enqueue, message, row, worker};
use motcua_test_support::backend_test;

backend_test!(emails_are_delivered_once_with_vietnamese_intact, |db| {
    let sink = SmtpSink::start(0, Mood::Accept).await;
    let w = worker(&db, email_config(sink.addr.port(), ""), "server-a");
    let msgs: Vec<_> = (0..3).map(|n| message(Channel::Email, n)).collect();
    let ids = enqueue(&db, &msgs).await;

    let t = now();
    let report = w.run_once(t).await.unwrap();
    assert_eq!(
        report,
        RunReport {
            sent: 3,
            failed: 0,
            dead: 0
        }
    );
    let got = sink.received();
    assert_eq!(got.len(), 3);
    for (m, r) in msgs.iter().zip(&got) {
        assert_eq!(r.rcpt_to, vec![m.recipient.clone()]);
        assert_eq!(r.mail_from, "motcua@xa-a.gov.vn");
        let headers = r.headers();
        assert_eq!(headers["subject"], m.subject);
        assert_eq!(headers["to"], m.recipient);
        assert_eq!(headers["from"], "Bộ phận Một cửa <motcua@xa-a.gov.vn>");
        assert!(headers["content-type"].contains("charset=utf-8"));
        assert_eq!(r.body().replace("\r\n", "\n"), m.body);
    }
    // Each email carries its outbox id, so a duplicate would be recognisable.
    for (id, r) in ids.iter().zip(&got) {
        assert_eq!(r.headers()["message-id"], format!("<{id}@xa-a.gov.vn>"));
        let m = row(&db, *id).await;
        assert_eq!(m.status(t), Status::Sent);
        assert_eq!(m.sent_at, Some(t));
        assert_eq!(m.attempts, 1);
        assert_eq!(m.claimed_by.as_deref(), Some("server-a"));
    }
    assert_eq!(outbox::pending_count(&db).await.unwrap(), 0);

    assert_eq!(
        w.run_once(t + Duration::hours(1)).await.unwrap(),
        RunReport::default()
    );
    assert_eq!(sink.received().len(), 3);
});

backend_test!(nothing_is_lost_while_the_mail_server_is_down, |db| {
    let port = free_port().await;
    let w = worker(&db, email_config(port, ""), "server-a");
    let ids = enqueue(
        &db,
        &[message(Channel::Email, 1), message(Channel::Email, 2)],
    )
    .await;

    let t0 = now();
    let report = w.run_once(t0).await.unwrap();
    assert_eq!((report.sent, report.failed, report.dead), (0, 2, 0));
    let mut first_waits = Vec::new();
    for id in &ids {
        let m = row(&db, *id).await;
        assert_eq!(m.attempts, 1);
        assert_eq!(m.status(t0), Status::Pending);
        assert!(m.last_error.as_deref().unwrap().contains("email"), "{m:?}");
        // 30 s back-off, up to a quarter less for jitter.
        let wait = m.next_attempt_at - t0;
        assert!(
            (Duration::milliseconds(22_500)..=Duration::seconds(30)).contains(&wait),
            "{wait}"
        );
        first_waits.push(wait);
    }
    assert_eq!(outbox::pending_count(&db).await.unwrap(), 2);
    // Not due yet: nothing is tried.
    assert_eq!(
        w.run_once(t0 + Duration::seconds(20)).await.unwrap(),
        RunReport::default()
    );

    // Still down at the second attempt: the wait doubles.
    let t1 = t0 + Duration::seconds(31);
    assert_eq!(w.run_once(t1).await.unwrap().failed, 2);
    for (id, first) in ids.iter().zip(&first_waits) {
        let m = row(&db, *id).await;
        assert_eq!(m.attempts, 2);
        let wait = m.next_attempt_at - t1;
        assert!(
            (Duration::seconds(45)..=Duration::seconds(60)).contains(&wait),
            "{wait}"
        );
        assert!(wait > *first);
    }

    // The server comes back on the same port; the next due round delivers, exactly once.
    let sink = SmtpSink::start(port, Mood::Accept).await;
    let t2 = t1 + Duration::seconds(61);
    assert_eq!(w.run_once(t2).await.unwrap().sent, 2);
    assert_eq!(
        w.run_once(t2 + Duration::days(1)).await.unwrap(),
        RunReport::default()
    );
    let got = sink.received();
    assert_eq!(got.len(), 2);
    assert_eq!(
        got.iter()
            .map(|r| r.rcpt_to[0].clone())
            .collect::<HashSet<_>>(),
        HashSet::from([
            "cong-dan-1@example.invalid".to_owned(),
            "cong-dan-2@example.invalid".to_owned()
        ])
    );
    for id in &ids {
        let m = row(&db, *id).await;
        assert_eq!(m.sent_at, Some(t2));
        assert_eq!(m.attempts, 3);
    }
});

backend_test!(a_message_is_given_up_after_max_attempts, |db| {
    let port = free_port().await;
    let w = worker(&db, email_config(port, "max_attempts = 3"), "server-a");
    let [id] = enqueue(&db, &[message(Channel::Email, 1)]).await[..] else {
        unreachable!()
    };
    let mut t = now();
    for attempt in 1..=3 {
        let report = w.run_once(t).await.unwrap();
        let expected = if attempt < 3 { (0, 1, 0) } else { (0, 0, 1) };
        assert_eq!((report.sent, report.failed, report.dead), expected);
        t += Duration::hours(2);
    }
    let m = row(&db, id).await;
    assert_eq!(m.status(t), Status::Dead);
    assert_eq!(m.attempts, 3);
    assert!(m.last_error.is_some());
    assert_eq!(outbox::pending_count(&db).await.unwrap(), 0);

    // Even with the server back, a dead message is not retried.
    let sink = SmtpSink::start(port, Mood::Accept).await;
    assert_eq!(
        w.run_once(t + Duration::days(7)).await.unwrap(),
        RunReport::default()
    );
    assert!(sink.received().is_empty());
    assert_eq!(outbox::recent(&db, 10).await.unwrap()[0].id, id);
});

backend_test!(a_refused_recipient_gets_fewer_attempts, |db| {
    let sink = SmtpSink::start(0, Mood::RejectRecipients).await;
    let w = worker(
        &db,
        email_config(sink.addr.port(), "max_permanent_attempts = 2"),
        "server-a",
    );
    let [id] = enqueue(&db, &[message(Channel::Email, 1)]).await[..] else {
        unreachable!()
    };
    let t = now();
    assert_eq!(w.run_once(t).await.unwrap().failed, 1);
    let m = row(&db, id).await;
    assert!(
        m.last_error.as_deref().unwrap().contains("permanent"),
        "{m:?}"
    );
    assert_eq!(w.run_once(t + Duration::hours(1)).await.unwrap().dead, 1);
    let m = row(&db, id).await;
    assert_eq!(m.attempts, 2);
    assert!(m.last_error.as_deref().unwrap().contains("550"), "{m:?}");
    assert!(sink.received().is_empty());
});

backend_test!(a_crash_while_sending_leads_to_a_retry, |db| {
    let sink = SmtpSink::start(0, Mood::Accept).await;
    let config = email_config(sink.addr.port(), "");
    let claim_for = Duration::from_std(config.claim_for()).unwrap();
    let w = worker(&db, config, "server-b");
    let [id] = enqueue(&db, &[message(Channel::Email, 1)]).await[..] else {
        unreachable!()
    };
    // server-a claims the message and dies before recording anything.
    let t = now();
    let claimed = outbox::claim_due(&db, "server-a", &[Channel::Email], t, 10, claim_for)
        .await
        .unwrap();
    assert_eq!(claimed.len(), 1);
    // While server-a's claim runs, nobody else sends it.
    assert_eq!(
        w.run_once(t + claim_for - Duration::seconds(1))
            .await
            .unwrap(),
        RunReport::default()
    );
    // Once it has run out, server-b does.
    assert_eq!(w.run_once(t + claim_for).await.unwrap().sent, 1);
    assert_eq!(sink.received().len(), 1);
    let m = row(&db, id).await;
    assert_eq!(m.claimed_by.as_deref(), Some("server-b"));
    assert_eq!(m.attempts, 2);
    assert_eq!(m.status(t + claim_for), Status::Sent);
});

backend_test!(a_message_that_keeps_killing_its_worker_ends_up_dead, |db| {
    let sink = SmtpSink::start(0, Mood::Accept).await;
    let w = worker(
        &db,
        email_config(sink.addr.port(), "max_attempts = 2"),
        "server-b",
    );
    let [id] = enqueue(&db, &[message(Channel::Email, 1)]).await[..] else {
        unreachable!()
    };
    let mut t = now();
    for _ in 0..2 {
        outbox::claim_due(
            &db,
            "doomed",
            &[Channel::Email],
            t,
            10,
            Duration::minutes(5),
        )
        .await
        .unwrap();
        t += Duration::minutes(5);
    }
    assert_eq!(w.run_once(t).await.unwrap().dead, 1);
    assert!(sink.received().is_empty());
    let m = row(&db, id).await;
    assert!(
        m.last_error.as_deref().unwrap().contains("gave up"),
        "{m:?}"
    );
});

backend_test!(two_workers_deliver_each_message_once, |db| {
    let sink = SmtpSink::start(0, Mood::Accept).await;
    let msgs: Vec<_> = (0..24).map(|n| message(Channel::Email, n)).collect();
    enqueue(&db, &msgs).await;
    let t = now();
    let mut tasks = Vec::new();
    for holder in ["server-a", "server-b", "server-c"] {
        let w = worker(
            &db,
            email_config(sink.addr.port(), "batch_size = 4"),
            holder,
        );
        tasks.push(tokio::spawn(async move {
            let mut sent = 0;
            loop {
                let r = w.run_once(t).await.unwrap();
                assert_eq!((r.failed, r.dead), (0, 0));
                if r.sent == 0 {
                    break sent;
                }
                sent += r.sent;
            }
        }));
    }
    let mut total = 0;
    for task in tasks {
        total += task.await.unwrap();
    }
    assert_eq!(total, 24);
    let got = sink.received();
    assert_eq!(got.len(), 24);
    let recipients: HashSet<_> = got.iter().map(|r| r.rcpt_to[0].clone()).collect();
    assert_eq!(recipients.len(), 24);
});

backend_test!(a_file_goes_with_its_email_as_an_attachment, |db| {
    use base64::Engine as _;
    let sink = SmtpSink::start(0, Mood::Accept).await;
    let w = worker(&db, email_config(sink.addr.port(), ""), "server-a");
    // Binary, as a real PDF is: it must travel base64-encoded, byte for byte.
    let content = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\x00\xff bao cao".to_vec();
    let file = motcua_store::dossiers::StoredFile {
        sha256: "ab".repeat(32),
        kind: "pdf".into(),
        content: content.clone(),
    };
    let mut tx = db.begin().await.unwrap();
    motcua_store::dossiers::store_file(&mut tx, &file, now())
        .await
        .unwrap();
    let mut m = message(Channel::Email, 7);
    m.attachment = Some(("bao-cao-2026-11.pdf".into(), file.sha256.clone()));
    let id = outbox::enqueue(&mut tx, &m).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        row(&db, id)
            .await
            .attachment
            .map(|a| (a.name, a.kind, a.content)),
        Some(("bao-cao-2026-11.pdf".into(), "pdf".into(), content.clone()))
    );

    assert_eq!(w.run_once(now()).await.unwrap().sent, 1);
    let got = sink.received();
    assert_eq!(got.len(), 1);
    let data = &got[0].data;
    assert!(
        got[0].headers()["content-type"].starts_with("multipart/mixed"),
        "{data}"
    );
    assert!(data.contains("Content-Type: application/pdf"), "{data}");
    assert!(data.contains("bao-cao-2026-11.pdf"), "{data}");
    let encoded = base64::engine::general_purpose::STANDARD.encode(&content);
    assert!(data.contains(&encoded), "{data}");
});
