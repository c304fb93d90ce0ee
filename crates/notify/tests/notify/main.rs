//! The notify worker against a real database (SQLite, and PostgreSQL when
//! `MOTCUA_TEST_POSTGRES_URL` is set), a loopback SMTP sink and a loopback webhook.

mod smtp_sink;

mod email;
mod webhook;

use motcua_notify::{NotifyConfig, Senders, Worker};
use motcua_store::Db;
use motcua_store::outbox::{self, Channel, MessageId, NewMessage};

/// A config with email on, pointing at a plain-text server on loopback `port`.
pub fn email_config(port: u16, extra: &str) -> NotifyConfig {
    NotifyConfig::parse(&format!(
        "{extra}\n[email]\nhost = \"127.0.0.1\"\nport = {port}\ntls = \"none\"\n\
         from = \"Bộ phận Một cửa <motcua@xa-a.gov.vn>\"\n"
    ))
    .unwrap()
}

pub fn worker(db: &Db, config: NotifyConfig, holder: &str) -> Worker {
    let senders = Senders::from_config(&config).unwrap();
    Worker::new(db.clone(), senders, config, holder)
}

pub fn message(channel: Channel, n: usize) -> NewMessage {
    NewMessage {
        channel,
        recipient: match channel {
            Channel::Email => format!("cong-dan-{n}@example.invalid"),
            Channel::Sms | Channel::Zalo => format!("+8490000000{n}"),
        },
        subject: format!("Hồ sơ số {n} đã được tiếp nhận — Đăng ký khai sinh"),
        body: format!(
            "Kính gửi ông/bà Nguyễn Văn Đức,\n\
             Hồ sơ số {n} đã được tiếp nhận; ngày hẹn trả kết quả: thứ Sáu, 06/03/2026.\n\
             .Dòng này bắt đầu bằng dấu chấm.\n\
             Trân trọng."
        ),
        entity_type: "dossier".to_owned(),
        entity_id: format!("dossier-{n}"),
        attachment: None,
    }
}

pub async fn enqueue(db: &Db, messages: &[NewMessage]) -> Vec<MessageId> {
    let mut tx = db.begin().await.unwrap();
    let mut ids = Vec::new();
    for m in messages {
        ids.push(outbox::enqueue(&mut tx, m).await.unwrap());
    }
    tx.commit().await.unwrap();
    ids
}

pub async fn row(db: &Db, id: MessageId) -> outbox::Message {
    outbox::find(db, id).await.unwrap().unwrap()
}
