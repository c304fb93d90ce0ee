//! One seeded petition: a complaint, recommendation or feedback report with a clear sender, or
//! (about one in twelve) a denunciation whose sender is sealed with the data folder's keys, as
//! the registration form seals it. Every step goes through the domain's state machine and the
//! deadlines come from the petition rules in force on the day of receipt, on the unit's working
//! calendar; the timeline is lean: registration, classification, and the outcome (acceptance
//! and decision, forwarding, guidance, filing or refusal).
//!
//! LSH bands are not written for seeded petitions: the templates below share most of their
//! words, so every case would be a duplicate candidate of thousands of others and the band
//! table would be forty rows a case. Seeded cases are still matched by their sender's keyed
//! hashes.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use motcua_app::Actor;
use motcua_app::petitions::cases::{self, Registration};
use motcua_app::petitions::identity::Identity;
use motcua_calendar::WorkingCalendar;
use motcua_domain::ids::PetitionId;
use motcua_domain::petition::deadlines::{Complexity, Deadlines};
use motcua_domain::petition::eligibility::Ineligibility;
use motcua_domain::petition::lifecycle::Command;
use motcua_domain::petition::{PetitionKind, Source};
use motcua_domain::unit::{Unit, UnitLevel};
use motcua_domain::vn_date;
use motcua_store::petitions::{ImportedPetition, PetitionEvent, PetitionRecord};

use super::World;

/// A matter citizens bring; `{place}` and `{road}` are filled in per petition.
struct Topic {
    kind: PetitionKind,
    subject: &'static str,
    content: &'static str,
    forward_to: &'static str,
    decision: &'static str,
}

const TOPICS: &[Topic] = &[
    Topic {
        kind: PetitionKind::Feedback,
        subject: "Phản ánh tiếng ồn về đêm",
        content: "Quán karaoke ở {place} mở nhạc lớn đến khuya, ảnh hưởng giấc ngủ của người \
                  già và trẻ nhỏ. Đề nghị kiểm tra, xử lý.",
        forward_to: "Công an phường",
        decision: "Đã kiểm tra, lập biên bản và nhắc nhở chủ quán; tổ dân phố tiếp tục theo dõi.",
    },
    Topic {
        kind: PetitionKind::Feedback,
        subject: "Phản ánh ngập nước sau mưa",
        content: "Mỗi lần mưa lớn, đường {road} trước {place} ngập sâu, cống bị rác làm nghẹt. \
                  Đề nghị nạo vét cống thoát nước.",
        forward_to: "Ban Quản lý dự án đầu tư xây dựng tỉnh",
        decision: "Đã nạo vét toàn tuyến cống; việc nâng mặt đường đưa vào kế hoạch năm sau.",
    },
    Topic {
        kind: PetitionKind::Feedback,
        subject: "Phản ánh rác thải không được thu gom",
        content: "Rác ở đầu hẻm {place} hơn một tuần không được thu gom, gây mùi hôi, ruồi \
                  nhặng.",
        forward_to: "Công ty Cổ phần Công trình đô thị",
        decision: "Đơn vị thu gom đã bố trí lại lịch, thu gom mỗi ngày tại khu vực.",
    },
    Topic {
        kind: PetitionKind::Feedback,
        subject: "Phản ánh đèn đường không sáng",
        content: "Dãy đèn đường trên {road}, đoạn gần {place}, tắt gần một tháng, khu vực tối, \
                  mất an toàn.",
        forward_to: "Công ty Cổ phần Công trình đô thị",
        decision: "Đã thay bộ điều khiển và bóng đèn hư; toàn tuyến sáng lại.",
    },
    Topic {
        kind: PetitionKind::Recommendation,
        subject: "Kiến nghị xét trợ cấp xã hội cho người cao tuổi",
        content: "Mẹ tôi đủ 80 tuổi, không có lương hưu, sống ở {place}; gia đình đã nộp hồ sơ \
                  nhưng chưa được xét trợ cấp. Kính đề nghị xem xét.",
        forward_to: "Sở Y tế tỉnh",
        decision: "Hồ sơ đủ điều kiện; đã trình hưởng trợ cấp xã hội hằng tháng từ tháng sau.",
    },
    Topic {
        kind: PetitionKind::Recommendation,
        subject: "Kiến nghị lắp gờ giảm tốc gần trường học",
        content: "Ngã ba gần trường tiểu học trên {road} xe chạy nhanh giờ tan học; phụ huynh \
                  kiến nghị lắp gờ giảm tốc và biển báo.",
        forward_to: "Sở Xây dựng tỉnh",
        decision: "Đã lắp biển báo khu vực trường học và hai gờ giảm tốc.",
    },
    Topic {
        kind: PetitionKind::Complaint,
        subject: "Khiếu nại mức bồi thường khi thu hồi đất",
        content: "Tôi không đồng ý với mức bồi thường khi Nhà nước thu hồi đất của gia đình ở \
                  {place} để mở rộng đường {road}; giá bồi thường thấp hơn giá thị trường.",
        forward_to: "Ủy ban nhân dân tỉnh",
        decision: "Giữ nguyên mức bồi thường theo bảng giá; bổ sung hỗ trợ ổn định đời sống.",
    },
    Topic {
        kind: PetitionKind::Complaint,
        subject: "Khiếu nại quyết định xử phạt vi phạm hành chính",
        content: "Tôi khiếu nại quyết định xử phạt vì cho rằng việc sửa chữa nhà ở {place} \
                  không phải xin phép xây dựng.",
        forward_to: "Ủy ban nhân dân tỉnh",
        decision: "Công nhận một phần nội dung khiếu nại; sửa đổi quyết định xử phạt.",
    },
    Topic {
        kind: PetitionKind::Denunciation,
        subject: "Tố cáo cán bộ địa chính nhận tiền",
        content: "Tôi tố cáo cán bộ địa chính nhận tiền của người dân ở {place} để làm nhanh hồ \
                  sơ đất đai.",
        forward_to: "Thanh tra tỉnh",
        decision: "Kết luận nội dung tố cáo đúng một phần; kiến nghị xử lý kỷ luật cán bộ.",
    },
    Topic {
        kind: PetitionKind::Denunciation,
        subject: "Tố cáo xây dựng trái phép trên đất nông nghiệp",
        content: "Tôi tố cáo hộ dân ở {place} xây nhà kiên cố trên đất nông nghiệp dọc đường \
                  {road}, chính quyền chưa xử lý.",
        forward_to: "Thanh tra Sở Xây dựng tỉnh",
        decision: "Tố cáo đúng; đã buộc tháo dỡ công trình và xử phạt vi phạm.",
    },
];

const ROADS: [&str; 6] = [
    "Trần Phú",
    "Hai Bà Trưng",
    "Hòa Bình",
    "Cao Văn Lầu",
    "Võ Thị Sáu",
    "Lê Duẩn",
];

/// A moment in office hours of a working day some days after `from`.
fn later(
    rng: &mut fastrand::Rng,
    cal: &WorkingCalendar,
    from: DateTime<Utc>,
    days: std::ops::RangeInclusive<u32>,
) -> anyhow::Result<DateTime<Utc>> {
    let mut day = vn_date(from);
    for _ in 0..rng.u32(days).max(1) {
        day = cal.next_working_day(day)?;
    }
    super::dossier::moment(rng, cal, day)
}

/// The case between steps, as the petition service leaves it.
struct Walk<'d, 'c> {
    dl: &'d Deadlines<'c>,
    record: PetitionRecord,
    events: Vec<PetitionEvent>,
    actor: Actor,
    now: DateTime<Utc>,
}

impl Walk<'_, '_> {
    /// Applies `cmd` at `at` as the live service does; false (nothing done) if `at` is still
    /// to come, so the case stays where it is today.
    fn act(&mut self, cmd: &Command, at: DateTime<Utc>) -> anyhow::Result<bool> {
        if at > self.now {
            return Ok(false);
        }
        let cases::Applied {
            mut record,
            mut event,
            ..
        } = cases::advance(self.dl, &self.record, cmd, &self.actor, at)?;
        record.version = self.record.version + 1;
        event.seq = record.version;
        self.record = record;
        self.events.push(event);
        Ok(true)
    }
}

/// Draws one petition received at `unit` on `day`, worked up to now. Its number is left for
/// the writer.
#[allow(clippy::too_many_lines)] // one case's story, told in order
pub(crate) fn draw(
    world: &mut World,
    rng: &mut fastrand::Rng,
    unit: &Unit,
    units: &[Unit],
    day: NaiveDate,
) -> anyhow::Result<ImportedPetition> {
    let cal = world.calendar(unit.code.as_str())?;
    let ctx = world.ctx.clone();
    let rules = ctx.petition_rules().in_force(day);
    let dl = Deadlines::new(&cal, ctx.clocks().legal().counting_rules(day), rules);
    let keys = ctx.identity_keys();
    let now = world.now;
    // A ward's register: mostly feedback and recommendations, a quarter complaints, a few
    // denunciations.
    let kind = match rng.u8(..100) {
        0..40 => PetitionKind::Feedback,
        40..67 => PetitionKind::Recommendation,
        67..92 => PetitionKind::Complaint,
        _ => PetitionKind::Denunciation,
    };
    let fitting: Vec<&Topic> = TOPICS.iter().filter(|t| t.kind == kind).collect();
    let topic = fitting[rng.usize(..fitting.len())];
    let received = super::dossier::moment(rng, &cal, day)?;
    let anonymous = kind == PetitionKind::Denunciation && rng.u8(..100) < 12;
    let commune_name = if unit.level == UnitLevel::Commune {
        unit.name.clone()
    } else {
        units
            .iter()
            .find(|u| u.level == UnitLevel::Commune && u.in_force_on(day))
            .map_or_else(|| unit.name.clone(), |u| u.name.clone())
    };
    let applicant = super::dossier::person(rng);
    let sender = if anonymous {
        Identity::default()
    } else {
        Identity {
            name: applicant.name,
            address: format!("{}, {commune_name}", applicant.address),
            id_number: applicant.id_number,
            phone: applicant.phone.unwrap_or_default(),
            ..Identity::default()
        }
    };
    let place = format!("khóm {}, {commune_name}", rng.u8(1..=12));
    let content = topic
        .content
        .replace("{place}", &place)
        .replace("{road}", ROADS[rng.usize(..ROADS.len())]);
    let source = match rng.u8(..100) {
        _ if anonymous => Source::Post,
        0..35 => Source::Post,
        35..60 => Source::Direct,
        60..88 => Source::Online,
        _ => Source::Forwarded,
    };
    let id = PetitionId::from_uuid(super::dossier::uuid_at(rng, received));
    let handler = world.staff.get(&unit.id).and_then(|s| s.petitions.clone());
    let actor = Actor {
        user: handler.as_ref().map(|h| h.0),
        name: handler
            .as_ref()
            .map_or_else(|| "Cán bộ xử lý đơn".to_owned(), |h| h.1.clone()),
        ip: None,
        cache: None,
    };
    let registration = Registration {
        unit: unit.id,
        kind,
        source,
        forwarded_by: if source == Source::Forwarded {
            "Ban Tiếp công dân tỉnh".to_owned()
        } else {
            String::new()
        },
        visit: None,
        received_at: received,
        subject: topic.subject.to_owned(),
        content,
        anonymous,
        sender,
        signatories: None,
        several_places: false,
        remote_area: unit.remote_area,
        second_instance: None,
        filed_by: None,
        respondent: String::new(),
        files: Vec::new(),
    };
    let opened = cases::open_case(
        &dl,
        keys,
        cases::Opening {
            id,
            // The writer numbers the case.
            code: String::new(),
            first_instance: None,
            at: received,
        },
        &registration,
        &actor,
    )?;
    let mut w = Walk {
        dl: &dl,
        record: opened.record,
        events: vec![opened.event],
        actor,
        now,
    };
    run(rng, &cal, &mut w, topic, anonymous)?;
    Ok(ImportedPetition {
        record: w.record,
        events: w.events,
        handlers: handler.map(|h| h.0).into_iter().collect(),
        bands: Vec::new(),
    })
}

/// Classifies the case, then takes it to one outcome drawn for its kind, as far as today.
fn run(
    rng: &mut fastrand::Rng,
    cal: &WorkingCalendar,
    w: &mut Walk<'_, '_>,
    topic: &Topic,
    anonymous: bool,
) -> anyhow::Result<()> {
    let kind = topic.kind;
    let roll = rng.u8(..100);
    let mut at = later(rng, cal, w.record.received_at, 1..=3)?;
    let reasons = if anonymous {
        vec![Ineligibility::Anonymous]
    } else {
        match (kind, roll) {
            (PetitionKind::Complaint, 62..74) => vec![Ineligibility::FilingLimitExpired],
            (PetitionKind::Denunciation, 85..) => vec![Ineligibility::ViolationNotIdentifiable],
            (PetitionKind::Recommendation | PetitionKind::Feedback, 88..) => {
                vec![Ineligibility::ContentUnclear]
            }
            _ => Vec::new(),
        }
    };
    let refused = reasons.first().copied();
    if !w.act(&Command::Classify { kind, reasons }, at)? {
        return Ok(());
    }
    at = later(rng, cal, at, 1..=4)?;
    let outcome = match (refused, kind, roll) {
        (Some(Ineligibility::Anonymous), ..) => Command::KeepForInspection {
            note: "Đơn nặc danh, nội dung cụ thể; lưu để phục vụ thanh tra, kiểm tra.".into(),
        },
        (Some(Ineligibility::ContentUnclear), ..) => Command::File {
            note: "Đơn không đủ điều kiện xử lý; lưu đơn.".into(),
        },
        (Some(reason), ..) => Command::NotAccept {
            reason,
            note: "Thông báo không thụ lý bằng văn bản, nêu rõ lý do.".into(),
        },
        (None, PetitionKind::Complaint, 74..86)
        | (None, PetitionKind::Recommendation | PetitionKind::Feedback, 76..88) => Command::Guide {
            guidance: "Hướng dẫn công dân gửi đơn đến cơ quan có thẩm quyền.".into(),
        },
        (None, PetitionKind::Complaint, 86..)
        | (None, PetitionKind::Denunciation, 60..85)
        | (None, PetitionKind::Recommendation | PetitionKind::Feedback, 58..76) => {
            Command::Forward {
                agency: topic.forward_to.to_owned(),
                note: "Không thuộc thẩm quyền giải quyết; chuyển đơn và thông báo cho người gửi."
                    .into(),
            }
        }
        _ => {
            let complexity = if kind.is_formal() && rng.u8(..100) < 15 {
                Complexity::Complex
            } else {
                Complexity::Normal
            };
            if !w.act(
                &Command::Accept {
                    complexity,
                    remote: w.record.remote_area,
                    complexity_reason: if complexity == Complexity::Normal {
                        String::new()
                    } else {
                        "Nội dung liên quan nhiều hộ, cần xác minh tại thực địa.".into()
                    },
                },
                at,
            )? {
                return Ok(());
            }
            // Decided in the second half of the time allowed; one in twenty late.
            let due = w.record.due_at.unwrap_or(at + Duration::days(30));
            at = if rng.u8(..100) < 5 {
                later(rng, cal, due, 1..=6)?
            } else {
                let span = cal.working_days_between(vn_date(at), vn_date(due))?.max(1);
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let n = (f64::from(span) * (0.4 + 0.55 * rng.f64())).round() as u32;
                let n = n.clamp(1, span);
                later(rng, cal, at, n..=n)?
            };
            Command::Decide {
                summary: topic.decision.to_owned(),
            }
        }
    };
    w.act(&outcome, at)?;
    Ok(())
}
