//! What the applicant is told, and when: on receipt, on a supplement request, a refusal, an
//! apology with its new date, when the result is ready (early or not), on return. Each notice
//! is an outbox row written in the same transaction as the change it reports, so a notice is
//! sent if and only if the change was committed; the notification worker delivers it.

use motcua_domain::dossier::lifecycle::{Command, Status};
use motcua_domain::dossier::record::DossierRecord;
use motcua_domain::vn_local;
use motcua_store::Tx;
use motcua_store::outbox::{self, Channel, NewMessage};

use crate::Result;

/// A notice before it is addressed to each of the applicant's channels.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub subject: String,
    pub body: String,
}

fn when(at: chrono::DateTime<chrono::Utc>) -> String {
    vn_local(at).format("%H:%M ngày %d/%m/%Y").to_string()
}

fn notice(d: &DossierRecord, what: &str, more: &str) -> Notice {
    Notice {
        subject: format!("Hồ sơ {}: {what}", d.code),
        body: format!(
            "Kính gửi {}.\nHồ sơ {} ({}) {what}.{more}\nTra cứu: mã hồ sơ {}.",
            d.applicant.name, d.code, d.procedure_name, d.code
        ),
    }
}

#[must_use]
pub fn received(d: &DossierRecord) -> Vec<Notice> {
    let due = d.due_at.map(when).unwrap_or_default();
    vec![notice(
        d,
        "đã được tiếp nhận",
        &format!(" Ngày hẹn trả kết quả: {due}."),
    )]
}

#[must_use]
pub fn after_action(d: &DossierRecord, cmd: &Command) -> Vec<Notice> {
    let n = match cmd {
        Command::RequestSupplement { items, note } => {
            let list: Vec<String> = items
                .iter()
                .map(|i| format!("\n- {}: {}", i.document, i.reason))
                .collect();
            let guidance = if note.is_empty() {
                String::new()
            } else {
                format!("\n{note}")
            };
            // An applicant with an account may bring the documents from their own dossier page.
            let online = if d.applicant.user_id.is_some() {
                "\nÔng/bà có thể nộp bổ sung trực tuyến trên trang hồ sơ của mình (mục Hồ sơ của tôi)."
            } else {
                ""
            };
            notice(
                d,
                "cần bổ sung, hoàn thiện",
                &format!(
                    " Giấy tờ cần bổ sung (một lần, đầy đủ):{}{guidance}{online}",
                    list.concat()
                ),
            )
        }
        Command::Refuse { reason } => {
            notice(d, "bị từ chối giải quyết", &format!(" Lý do: {reason}."))
        }
        Command::Apologise { reason, new_due } => notice(
            d,
            "chậm trả kết quả — thư xin lỗi",
            &format!(
                " Cơ quan giải quyết xin lỗi vì chậm trễ. Lý do: {reason}. Ngày hẹn trả mới: {}.",
                when(*new_due)
            ),
        ),
        Command::HandOver { .. } if d.status == Status::ResultReady => {
            // The result became ready when the dossier reached the desk again.
            let early = match (d.due_at, d.step_started_at) {
                (Some(due), Some(ready)) => {
                    motcua_domain::vn_date(due) > motcua_domain::vn_date(ready)
                }
                _ => false,
            };
            notice(
                d,
                "đã có kết quả",
                if early {
                    " Kết quả có trước ngày hẹn; mời ông/bà đến nhận sớm nếu thuận tiện."
                } else {
                    " Mời ông/bà đến nhận kết quả."
                },
            )
        }
        Command::ReturnResult { .. } => notice(
            d,
            "đã trả kết quả",
            " Mời ông/bà đánh giá mức độ hài lòng trên trang tra cứu.",
        ),
        Command::Stop { reason } => notice(d, "đã dừng giải quyết", &format!(" Lý do: {reason}.")),
        Command::Resubmit { .. } => {
            let due = d.due_at.map(when).unwrap_or_default();
            notice(
                d,
                "đã nhận đủ hồ sơ bổ sung",
                &format!(" Thời hạn giải quyết được tính lại; ngày hẹn trả kết quả: {due}."),
            )
        }
        Command::HandOver { .. } | Command::Transfer { .. } => {
            return Vec::new();
        }
    };
    vec![n]
}

/// Addresses a notice to every channel the applicant gave: email, and SMS for a phone.
pub async fn enqueue(tx: &mut Tx, d: &DossierRecord, n: &Notice) -> Result<()> {
    let mut targets = Vec::new();
    if let Some(e) = &d.applicant.email {
        targets.push((Channel::Email, e.clone()));
    }
    if let Some(p) = &d.applicant.phone {
        targets.push((Channel::Sms, p.clone()));
    }
    for (channel, recipient) in targets {
        outbox::enqueue(
            tx,
            &NewMessage {
                channel,
                recipient,
                subject: n.subject.clone(),
                body: n.body.clone(),
                entity_type: "dossier".into(),
                entity_id: d.id.to_string(),
                attachment: None,
            },
        )
        .await?;
    }
    Ok(())
}
