use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use chrono::Duration;
use motcua_notify::{NotifyConfig, RunReport};
use motcua_store::now;
use motcua_store::outbox::{self, Channel, Status};
use serde_json::{Value, json};

use crate::{enqueue, message, row, worker};
use motcua_test_support::backend_test;

/// (path, Authorization header, JSON body) of one request.
type Call = (String, Option<String>, Value);

#[derive(Clone, Default)]
struct Gateway {
    calls: Arc<Mutex<Vec<Call>>>,
    status: Arc<AtomicU16>,
}

impl Gateway {
    async fn start() -> (Self, u16) {
        let gw = Self::default();
        gw.status.store(200, Ordering::SeqCst);
        let record = |path: &'static str| {
            move |State(gw): State<Gateway>, headers: HeaderMap, body: axum::Json<Value>| async move {
                let auth = headers
                    .get("authorization")
                    .map(|v| v.to_str().unwrap().to_owned());
                gw.calls
                    .lock()
                    .unwrap()
                    .push((path.to_owned(), auth, body.0));
                StatusCode::from_u16(gw.status.load(Ordering::SeqCst)).unwrap()
            }
        };
        let app = axum::Router::new()
            .route("/sms", post(record("/sms")))
            .route("/zalo", post(record("/zalo")))
            .with_state(gw.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        (gw, port)
    }

    fn calls(&self) -> Vec<Call> {
        self.calls.lock().unwrap().clone()
    }
}

backend_test!(webhooks_deliver_json_with_the_bearer_token, |db| {
    let (gw, port) = Gateway::start().await;
    let config = NotifyConfig::parse(&format!(
        "[sms]\nurl = \"http://127.0.0.1:{port}/sms\"\nbearer_token = \"khoa-sms\"\n\
         [zalo]\nurl = \"http://127.0.0.1:{port}/zalo\"\n"
    ))
    .unwrap();
    let w = worker(&db, config, "server-a");
    let sms = message(Channel::Sms, 1);
    let zalo = message(Channel::Zalo, 2);
    let ids = enqueue(&db, &[sms.clone(), zalo.clone()]).await;

    let t = now();
    assert_eq!(w.run_once(t).await.unwrap().sent, 2);
    let calls = gw.calls();
    assert_eq!(calls.len(), 2);
    assert_eq!(calls[0].0, "/sms");
    assert_eq!(calls[0].1.as_deref(), Some("Bearer khoa-sms"));
    assert_eq!(
        calls[0].2,
        json!({
            "channel": "sms",
            "recipient": sms.recipient,
            "subject": sms.subject,
            "body": sms.body,
            "message_id": ids[0].to_string(),
        })
    );
    assert_eq!(calls[1].0, "/zalo");
    assert_eq!(calls[1].1, None);
    assert_eq!(calls[1].2["recipient"], json!(zalo.recipient));
    assert_eq!(calls[1].2["message_id"], json!(ids[1].to_string()));
    for id in ids {
        assert_eq!(row(&db, id).await.status(t), Status::Sent);
    }
});

backend_test!(a_failing_webhook_is_retried_later, |db| {
    let (gw, port) = Gateway::start().await;
    let config =
        NotifyConfig::parse(&format!("[sms]\nurl = \"http://127.0.0.1:{port}/sms\"\n")).unwrap();
    let w = worker(&db, config, "server-a");
    let [id] = enqueue(&db, &[message(Channel::Sms, 1)]).await[..] else {
        unreachable!()
    };

    gw.status.store(500, Ordering::SeqCst);
    let t = now();
    assert_eq!(w.run_once(t).await.unwrap().failed, 1);
    let m = row(&db, id).await;
    assert!(m.last_error.as_deref().unwrap().contains("500"), "{m:?}");
    assert!(m.next_attempt_at > t);
    assert_eq!(w.run_once(t).await.unwrap(), RunReport::default());

    gw.status.store(200, Ordering::SeqCst);
    let later = t + Duration::seconds(31);
    assert_eq!(w.run_once(later).await.unwrap().sent, 1);
    assert_eq!(gw.calls().len(), 2);
    let m = row(&db, id).await;
    assert_eq!(m.sent_at, Some(later));
    assert_eq!(m.attempts, 2);
});

backend_test!(a_rejected_webhook_request_gets_fewer_attempts, |db| {
    let (gw, port) = Gateway::start().await;
    let config = NotifyConfig::parse(&format!(
        "max_permanent_attempts = 1\n[sms]\nurl = \"http://127.0.0.1:{port}/sms\"\n"
    ))
    .unwrap();
    let w = worker(&db, config, "server-a");
    let [id] = enqueue(&db, &[message(Channel::Sms, 1)]).await[..] else {
        unreachable!()
    };
    gw.status.store(400, Ordering::SeqCst);
    assert_eq!(w.run_once(now()).await.unwrap().dead, 1);
    assert!(row(&db, id).await.last_error.unwrap().contains("400"));
    // 429 is "slow down", not a refusal.
    gw.status.store(429, Ordering::SeqCst);
    let [id] = enqueue(&db, &[message(Channel::Sms, 2)]).await[..] else {
        unreachable!()
    };
    assert_eq!(w.run_once(now()).await.unwrap().failed, 1);
    assert_eq!(row(&db, id).await.status(now()), Status::Pending);
});

backend_test!(a_channel_without_a_sender_stays_pending, |db| {
    let (_gw, port) = Gateway::start().await;
    // Only SMS is on here; Zalo is off (present but disabled) and email absent.
    let config = NotifyConfig::parse(&format!(
        "[sms]\nurl = \"http://127.0.0.1:{port}/sms\"\n\
         [zalo]\nenabled = false\nurl = \"http://127.0.0.1:{port}/zalo\"\n"
    ))
    .unwrap();
    let w = worker(&db, config, "server-a");
    let ids = enqueue(
        &db,
        &[
            message(Channel::Zalo, 1),
            message(Channel::Email, 2),
            message(Channel::Sms, 3),
        ],
    )
    .await;
    let t = now();
    assert_eq!(w.run_once(t).await.unwrap().sent, 1);
    assert_eq!(
        w.run_once(t + Duration::days(1)).await.unwrap(),
        RunReport::default()
    );
    for id in &ids[..2] {
        let m = row(&db, *id).await;
        assert_eq!(m.status(t), Status::Pending);
        assert_eq!(m.attempts, 0);
    }
    assert_eq!(outbox::pending_count(&db).await.unwrap(), 2);
});

/// HTTPS is built in (a gateway on the internet will want it): the sender opens with a TLS
/// ClientHello. (No certificate is trusted for a loopback address, so it stops there.)
#[tokio::test]
async fn https_gateways_are_supported() {
    use tokio::io::AsyncReadExt;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let first_byte = tokio::spawn(async move {
        let (mut s, _) = listener.accept().await.unwrap();
        s.read_u8().await.unwrap()
    });
    let config = NotifyConfig::parse(&format!(
        "send_timeout_secs = 5\n[sms]\nurl = \"https://127.0.0.1:{port}/sms\"\n"
    ))
    .unwrap();
    let senders = motcua_notify::Senders::from_config(&config).unwrap();
    let msg = outbox::Message {
        id: outbox::MessageId::new(),
        channel: Channel::Sms,
        recipient: "+84900000001".to_owned(),
        subject: "s".to_owned(),
        body: "b".to_owned(),
        entity_type: "dossier".to_owned(),
        entity_id: "d".to_owned(),
        created_at: now(),
        attempts: 1,
        next_attempt_at: now(),
        claimed_by: None,
        claimed_until: None,
        last_error: None,
        sent_at: None,
        dead_at: None,
        attachment: None,
    };
    let err = senders
        .get(Channel::Sms)
        .unwrap()
        .send(&msg)
        .await
        .unwrap_err();
    assert!(!err.is_permanent(), "{err}");
    // 0x16: a TLS handshake record.
    assert_eq!(first_byte.await.unwrap(), 0x16);
}
