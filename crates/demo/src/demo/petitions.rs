//! Citizen reception and petitions for the demo: the chairman's weekly reception days of
//! Phường Bạc Liêu (31825), a year of reception sessions with their numbered log, and about
//! three hundred petitions over two years at the ward and its province, so that the register,
//! the reception log and the steering dashboard have something real to show.
//!
//! Every day, session, visit, petition and action goes through the live operations
//! (`motcua_app::reception`, `motcua_app::petitions::cases`), called on a context whose clock is
//! set to the moment it happened: the same checks, deadlines, sealing of a denouncer, duplicate
//! proposals and audit entries as at the desk. Only the officers' speed is drawn at random, with
//! a fixed seed.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, Utc};
use motcua_app::context::Clock;
use motcua_app::petitions::cases::{self, Registration};
use motcua_app::petitions::identity::Identity;
use motcua_app::reception::{
    self as reception_ops, Conclusion, NewDay, NewSession, NewVisit, SessionKind,
};
use motcua_app::{Actor, Context};
use motcua_calendar::WorkingCalendar;
use motcua_domain::ids::{UserId, VisitId};
use motcua_domain::petition::deadlines::Complexity;
use motcua_domain::petition::eligibility::Ineligibility;
use motcua_domain::petition::lifecycle::Command;
use motcua_domain::petition::reception::HeadRole;
use motcua_domain::petition::{PetitionKind, Source};
use motcua_domain::unit::{Unit, UnitLevel};
use motcua_domain::{from_vn_local, vn_date};
use motcua_store::petitions::PetitionRecord;
use motcua_store::{units, users};

const COMMUNE: &str = "31825";
const SEED: u64 = 20_261_128;
/// Petitions registered from letters, the portal and other agencies; visits add a few dozen.
const WRITTEN: usize = 265;

/// What was generated, for the start-up message.
#[derive(Debug, Default)]
pub struct PetitionsReport {
    pub reception_days: usize,
    pub sessions: usize,
    pub visits: usize,
    pub petitions: usize,
    pub complaints: usize,
    pub denunciations: usize,
    pub recommendations: usize,
    pub feedback: usize,
    pub open: usize,
    pub overdue: usize,
    pub seconds: f64,
}

/// One matter citizens bring. `{place}`, `{road}` and `{who}` are filled in per petition.
struct Topic {
    kind: PetitionKind,
    subject: &'static str,
    content: &'static str,
    /// Who gets it if it is forwarded; `{commune}` / `{province}` are the units' names.
    forward_to: &'static str,
    /// What the citizen is told if it is not for this unit.
    guidance: &'static str,
    decision: &'static str,
    /// Also brought to the province.
    provincial: bool,
    /// Whom a complaint is against or who is denounced; `{commune}` is the unit's name.
    respondent: &'static str,
}

const TOPICS: &[Topic] = &[
    Topic {
        kind: PetitionKind::Feedback,
        subject: "Phản ánh tiếng ồn karaoke về đêm",
        content: "Hộ kinh doanh karaoke ở {place} mở nhạc, hát đến 23–24 giờ hằng đêm, loa công \
                  suất lớn, ảnh hưởng giấc ngủ của người già và trẻ nhỏ trong xóm. Bà con đã \
                  nhắc nhiều lần nhưng không thay đổi. Đề nghị phường kiểm tra, xử lý.",
        forward_to: "Công an {commune}",
        guidance: "Đề nghị công dân báo ngay Công an phường khi xảy ra tiếng ồn sau 22 giờ để \
                   lập biên bản tại chỗ.",
        decision: "Công an phường đã kiểm tra, lập biên bản và nhắc nhở chủ hộ; chủ hộ cam kết \
                   không hát sau 22 giờ. Tổ dân phố tiếp tục theo dõi.",
        provincial: false,
        respondent: "",
    },
    Topic {
        kind: PetitionKind::Feedback,
        subject: "Phản ánh ngập nước sau mưa",
        content: "Mỗi lần mưa lớn, đoạn đường {road} trước {place} ngập sâu 30–40 cm, nước tràn \
                  vào nhà dân, cống thoát nước bị rác và bùn làm nghẹt. Đề nghị nạo vét cống và \
                  nâng mặt đường.",
        forward_to: "Ban Quản lý dự án đầu tư xây dựng {province}",
        guidance: "Việc nâng cấp tuyến đường thuộc dự án của tỉnh; công dân có thể gửi kiến nghị \
                   đến Ban Quản lý dự án tỉnh.",
        decision: "Đã giao Tổ quản lý đô thị phối hợp đơn vị vệ sinh nạo vét toàn tuyến cống; \
                   việc nâng mặt đường được đưa vào kế hoạch đầu tư công năm sau.",
        provincial: false,
        respondent: "",
    },
    Topic {
        kind: PetitionKind::Feedback,
        subject: "Phản ánh rác thải không được thu gom",
        content: "Xe thu gom rác không đến {place} đã hơn một tuần, rác tồn đọng ở đầu hẻm gây \
                  mùi hôi, ruồi nhặng, chó mèo bới ra đường. Người dân vẫn đóng phí vệ sinh đầy \
                  đủ hằng tháng.",
        forward_to: "Công ty Cổ phần Công trình đô thị Bạc Liêu",
        guidance: "Đề nghị công dân liên hệ đường dây nóng của đơn vị thu gom để được hỗ trợ \
                   ngay.",
        decision: "Đơn vị thu gom đã bố trí lại lịch, thu gom mỗi ngày một lần tại khu vực; \
                   phường đặt thêm thùng rác công cộng ở đầu hẻm.",
        provincial: false,
        respondent: "",
    },
    Topic {
        kind: PetitionKind::Feedback,
        subject: "Phản ánh mặt đường hư hỏng, nhiều ổ gà",
        content: "Đoạn đường {road} qua {place} có nhiều ổ gà sâu, nắp hố ga bị vỡ; ban đêm đã \
                  có hai người đi xe máy bị té ngã. Đề nghị sớm sửa chữa và đặt biển cảnh báo.",
        forward_to: "Sở Xây dựng {province}",
        guidance: "Tuyến đường do tỉnh quản lý; công dân có thể phản ánh trực tiếp với Sở Xây \
                   dựng.",
        decision: "Đã đặt biển cảnh báo trong ngày; đơn vị quản lý đường đã vá ổ gà và thay nắp \
                   hố ga.",
        provincial: true,
        respondent: "",
    },
    Topic {
        kind: PetitionKind::Feedback,
        subject: "Phản ánh đèn chiếu sáng công cộng không hoạt động",
        content: "Dãy đèn đường trên {road}, đoạn gần {place}, tắt gần một tháng nay, khu vực \
                  tối om, xảy ra trộm cắp xe đạp của học sinh.",
        forward_to: "Công ty Cổ phần Công trình đô thị Bạc Liêu",
        guidance: "Đề nghị công dân báo qua tổng đài chiếu sáng công cộng.",
        decision: "Đã thay bộ điều khiển và bóng đèn hư; toàn tuyến sáng lại.",
        provincial: false,
        respondent: "",
    },
    Topic {
        kind: PetitionKind::Feedback,
        subject: "Phản ánh thái độ của công chức bộ phận một cửa",
        content: "Khi đến bộ phận một cửa làm chứng thực bản sao, tôi chờ hơn một giờ; công \
                  chức tiếp nhận trả lời cộc lốc, không hướng dẫn mà bảo tôi tự xem trên bảng.",
        forward_to: "Văn phòng HĐND và UBND {commune}",
        guidance: "Công dân có thể phản ánh qua hộp thư góp ý đặt tại bộ phận một cửa.",
        decision: "Đã họp kiểm điểm, nhắc nhở công chức; lãnh đạo phường đã gặp và xin lỗi \
                   công dân, bổ sung người hướng dẫn vào giờ cao điểm.",
        provincial: false,
        respondent: "",
    },
    Topic {
        kind: PetitionKind::Feedback,
        subject: "Phản ánh lấn chiếm vỉa hè để buôn bán",
        content: "Một số hộ buôn bán ở {place} đặt hàng hoá, dựng mái che lấn hết vỉa hè đường \
                  {road}, người đi bộ phải đi xuống lòng đường, rất nguy hiểm cho học sinh.",
        forward_to: "Công an {commune}",
        guidance: "Đề nghị công dân phản ánh qua ứng dụng phản ánh hiện trường của tỉnh.",
        decision: "Tổ trật tự đô thị đã ra quân, yêu cầu các hộ tháo dỡ mái che, trả lại vỉa hè; \
                   tiếp tục kiểm tra định kỳ.",
        provincial: false,
        respondent: "",
    },
    Topic {
        kind: PetitionKind::Feedback,
        subject: "Phản ánh nuôi heo gây ô nhiễm trong khu dân cư",
        content: "Hộ nuôi khoảng 30 con heo trong khu dân cư {place} xả nước thải chưa qua xử lý \
                  ra mương chung, mùi hôi nồng nặc, nhất là về chiều.",
        forward_to: "Phòng Kinh tế {commune}",
        guidance: "Đề nghị công dân phối hợp tổ dân phố lập biên bản ghi nhận hiện trạng.",
        decision: "Đã kiểm tra, yêu cầu hộ chăn nuôi làm hầm biogas và giảm đàn trong 60 ngày; \
                   kiểm tra lại đạt yêu cầu.",
        provincial: false,
        respondent: "",
    },
    Topic {
        kind: PetitionKind::Recommendation,
        subject: "Kiến nghị xét trợ cấp xã hội cho người cao tuổi",
        content: "Mẹ tôi năm nay đủ 80 tuổi, không có lương hưu hay trợ cấp nào, sống cùng gia \
                  đình ở {place}. Gia đình đã nộp hồ sơ từ lâu nhưng chưa được xét trợ cấp xã \
                  hội hằng tháng. Kính đề nghị phường xem xét.",
        forward_to: "Sở Y tế {province}",
        guidance: "Đề nghị gia đình bổ sung bản sao căn cước và tờ khai theo mẫu tại bộ phận một \
                   cửa.",
        decision: "Hồ sơ đủ điều kiện; UBND phường đã trình hưởng trợ cấp xã hội hằng tháng từ \
                   tháng sau và trả lời công dân bằng văn bản.",
        provincial: false,
        respondent: "",
    },
    Topic {
        kind: PetitionKind::Recommendation,
        subject: "Kiến nghị về việc cấp giấy chứng nhận quyền sử dụng đất chậm",
        content: "Tôi nộp hồ sơ cấp giấy chứng nhận quyền sử dụng đất cho thửa đất ở {place} đã \
                  quá ngày hẹn trả hơn hai tháng mà chưa nhận được, hỏi thì được trả lời là đang \
                  chờ đo đạc.",
        forward_to: "Văn phòng Đăng ký đất đai {province}",
        guidance: "Hồ sơ đang giải quyết tại Văn phòng Đăng ký đất đai; công dân tra cứu tiến độ \
                   bằng mã hồ sơ trên giấy hẹn.",
        decision: "Đã đôn đốc; giấy chứng nhận đã được ký và trả cho công dân kèm thư xin lỗi vì \
                   trễ hạn.",
        provincial: true,
        respondent: "",
    },
    Topic {
        kind: PetitionKind::Recommendation,
        subject: "Kiến nghị lắp gờ giảm tốc gần trường học",
        content: "Ngã ba gần trường tiểu học ở {place} xe tải chạy nhanh vào giờ tan học. Phụ \
                  huynh kiến nghị lắp gờ giảm tốc, biển báo khu vực trường học và bố trí người \
                  điều tiết giao thông.",
        forward_to: "Sở Xây dựng {province}",
        guidance: "Việc lắp gờ giảm tốc trên đường tỉnh do Sở Xây dựng quyết định.",
        decision: "Đã lắp biển báo khu vực trường học; đoàn viên thanh niên phân luồng giờ tan \
                   học; gờ giảm tốc được đưa vào kế hoạch quý tới.",
        provincial: false,
        respondent: "",
    },
    Topic {
        kind: PetitionKind::Recommendation,
        subject: "Kiến nghị xét lại danh sách hộ cận nghèo",
        content: "Gia đình tôi ở {place} có hai người bệnh mãn tính, thu nhập thấp nhưng không \
                  có tên trong danh sách hộ cận nghèo năm nay, trong khi một số hộ khá giả lại \
                  có tên.",
        forward_to: "Sở Y tế {province}",
        guidance: "Đề nghị công dân đăng ký rà soát tại tổ dân phố trong đợt rà soát giữa năm.",
        decision: "Đã rà soát lại theo chuẩn; hộ công dân đủ điều kiện và được bổ sung vào danh \
                   sách hộ cận nghèo.",
        provincial: false,
        respondent: "",
    },
    Topic {
        kind: PetitionKind::Recommendation,
        subject: "Kiến nghị hỗ trợ sửa chữa nhà cho hộ nghèo",
        content: "Căn nhà của gia đình tôi ở {place} đã xuống cấp, mái tôn thủng, mùa mưa nước \
                  dột khắp nhà. Kính đề nghị phường xem xét hỗ trợ theo chương trình nhà ở cho hộ \
                  nghèo.",
        forward_to: "Ủy ban MTTQ Việt Nam {commune}",
        guidance: "Đề nghị gia đình đăng ký với tổ dân phố để được đưa vào danh sách xét hỗ trợ.",
        decision: "Ủy ban MTTQ phường đã vận động hỗ trợ 40 triệu đồng sửa chữa nhà; đã bàn \
                   giao.",
        provincial: false,
        respondent: "",
    },
    Topic {
        kind: PetitionKind::Complaint,
        subject: "Khiếu nại mức bồi thường khi Nhà nước thu hồi đất",
        content: "Tôi không đồng ý với quyết định phê duyệt phương án bồi thường, hỗ trợ khi Nhà \
                  nước thu hồi đất mở rộng đường {road}, phần đất của gia đình ở {place}: đơn giá \
                  bồi thường thấp hơn giá chuyển nhượng thực tế, cây trồng trên đất chưa được \
                  kiểm đếm đủ.",
        forward_to: "UBND {province}",
        guidance: "Quyết định bồi thường do UBND tỉnh ban hành; khiếu nại lần đầu gửi đến người \
                   đã ban hành quyết định.",
        decision: "Quyết định giải quyết khiếu nại: công nhận một phần; bổ sung kiểm đếm cây \
                   trồng và hỗ trợ thêm, giữ nguyên đơn giá đất theo bảng giá.",
        provincial: true,
        respondent: "Chủ tịch Ủy ban nhân dân {commune}",
    },
    Topic {
        kind: PetitionKind::Complaint,
        subject: "Khiếu nại quyết định xử phạt về xây dựng",
        content: "Tôi khiếu nại quyết định xử phạt vi phạm hành chính về hành vi xây dựng không \
                  phép đối với căn nhà của tôi ở {place}. Tôi chỉ thay mái và lát lại nền, không \
                  thay đổi kết cấu, không thuộc trường hợp phải xin giấy phép.",
        forward_to: "Thanh tra {province}",
        guidance: "Công dân có thể khởi kiện vụ án hành chính tại Tòa án nếu không đồng ý.",
        decision: "Quyết định giải quyết khiếu nại: hủy quyết định xử phạt vì công trình sửa \
                   chữa không thuộc diện phải có giấy phép.",
        provincial: false,
        respondent: "Chủ tịch Ủy ban nhân dân {commune}",
    },
    Topic {
        kind: PetitionKind::Complaint,
        subject: "Khiếu nại việc xác định ranh giới thửa đất",
        content: "Khi đo đạc chỉnh lý bản đồ địa chính, cán bộ đo đạc xác định ranh giới thửa \
                  đất của gia đình tôi ở {place} lùi vào khoảng 1,2 m so với hàng rào đã có từ \
                  năm 1995, phần chênh lệch bị ghi cho thửa bên cạnh.",
        forward_to: "Văn phòng Đăng ký đất đai {province}",
        guidance: "Tranh chấp ranh giới giữa hai hộ phải được hoà giải tại phường trước khi \
                   giải quyết.",
        decision: "Quyết định giải quyết khiếu nại: đo đạc lại có mặt hai hộ liền kề; điều chỉnh \
                   ranh giới theo hàng rào ổn định.",
        provincial: false,
        respondent: "Công chức địa chính — xây dựng {commune}",
    },
    Topic {
        kind: PetitionKind::Complaint,
        subject: "Khiếu nại việc không được hưởng trợ cấp thất nghiệp địa phương",
        content: "Tôi khiếu nại việc phường không đưa tôi vào danh sách hỗ trợ người lao động \
                  mất việc năm nay, dù tôi có xác nhận nghỉ việc của công ty và cư trú tại {place}.",
        forward_to: "Sở Nội vụ {province}",
        guidance: "Chính sách hỗ trợ do Sở Nội vụ xét duyệt; công dân gửi hồ sơ qua bộ phận một \
                   cửa.",
        decision: "Quyết định giải quyết khiếu nại: không công nhận nội dung khiếu nại vì thời \
                   điểm nghỉ việc ngoài thời gian áp dụng chính sách.",
        provincial: false,
        respondent: "Ủy ban nhân dân {commune}",
    },
    Topic {
        kind: PetitionKind::Complaint,
        subject: "Khiếu nại quyết định cưỡng chế tháo dỡ công trình",
        content: "Tôi khiếu nại quyết định cưỡng chế tháo dỡ mái che và bờ tường trước nhà tôi ở \
                  {place}; phần công trình này nằm trong đất của tôi, không lấn hành lang đường \
                  {road}.",
        forward_to: "UBND {province}",
        guidance: "Công dân có thể khởi kiện vụ án hành chính tại Tòa án.",
        decision: "Quyết định giải quyết khiếu nại: giữ nguyên quyết định cưỡng chế sau khi đo \
                   đạc xác định phần mái che lấn hành lang an toàn đường bộ 0,8 m.",
        provincial: true,
        respondent: "Chủ tịch Ủy ban nhân dân {commune}",
    },
    Topic {
        kind: PetitionKind::Denunciation,
        subject: "Tố cáo cán bộ địa chính gây khó khăn, đòi tiền",
        content: "Tôi là {who}, ngụ {place}. Khi tôi làm thủ tục tách thửa, cán bộ địa chính \
                  phường nhiều lần hẹn lại, yêu cầu bổ sung giấy tờ không có trong quy định và \
                  gợi ý đưa 5 triệu đồng để làm nhanh. Tôi có ghi âm cuộc nói chuyện.",
        forward_to: "Thanh tra {province}",
        guidance: "",
        decision: "Kết luận nội dung tố cáo: tố cáo đúng một phần; cán bộ bị kỷ luật khiển \
                   trách, hồ sơ của công dân được giải quyết ngay.",
        provincial: true,
        respondent: "Công chức địa chính {commune}",
    },
    Topic {
        kind: PetitionKind::Denunciation,
        subject: "Tố cáo xây dựng trái phép, lấn chiếm đất công",
        content: "Tôi là {who}, ngụ {place}. Hộ liền kề xây nhà ba tầng lấn ra đất công bên bờ \
                  kênh, không có giấy phép xây dựng; tôi đã báo tổ dân phố nhưng công trình vẫn \
                  tiếp tục thi công.",
        forward_to: "Thanh tra Sở Xây dựng {province}",
        guidance: "",
        decision: "Kết luận nội dung tố cáo: tố cáo đúng; đã xử phạt và buộc tháo dỡ phần lấn \
                   chiếm.",
        provincial: false,
        respondent: "Hộ gia đình xây dựng công trình lấn chiếm",
    },
    Topic {
        kind: PetitionKind::Denunciation,
        subject: "Tố cáo trưởng khóm lập danh sách hỗ trợ không đúng",
        content: "Tôi là {who}, ngụ {place}. Trưởng khóm đưa người thân có nhà cửa khang trang \
                  vào danh sách nhận hỗ trợ thiên tai, trong khi nhiều hộ bị sập mái lại không \
                  có tên.",
        forward_to: "Ủy ban Kiểm tra Đảng ủy {commune}",
        guidance: "",
        decision: "Kết luận nội dung tố cáo: tố cáo đúng một phần; thu hồi tiền hỗ trợ sai đối \
                   tượng, lập lại danh sách công khai.",
        provincial: false,
        respondent: "Trưởng khóm lập danh sách hỗ trợ",
    },
    Topic {
        kind: PetitionKind::Denunciation,
        subject: "Tố cáo công chức thu tiền ngoài quy định khi chứng thực",
        content: "Tôi là {who}, ngụ {place}. Khi chứng thực hợp đồng, công chức thu thêm 200.000 \
                  đồng gọi là phí làm nhanh, không có biên lai.",
        forward_to: "Thanh tra {province}",
        guidance: "",
        decision: "Kết luận nội dung tố cáo: không có căn cứ; khoản thu là phí chứng thực có \
                   biên lai điện tử, đã giải thích cho người tố cáo.",
        provincial: false,
        respondent: "Công chức tư pháp — hộ tịch {commune}",
    },
];

const ROADS: [&str; 8] = [
    "Trần Phú",
    "Hai Bà Trưng",
    "Hòa Bình",
    "Cao Văn Lầu",
    "Võ Thị Sáu",
    "Nguyễn Tất Thành",
    "23 Tháng 8",
    "Lê Duẩn",
];
const FAMILY: [&str; 12] = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Trương", "Bùi", "Đặng", "Đỗ", "Lý",
];
const MIDDLE: [&str; 6] = ["Văn", "Minh", "Thanh", "Hoàng", "Quốc", "Hữu"];
const GIVEN: [&str; 16] = [
    "An", "Bình", "Cường", "Dung", "Giang", "Hà", "Hải", "Hương", "Khánh", "Lan", "Long", "Mai",
    "Nam", "Phúc", "Thảo", "Tuấn",
];

/// A moment on a working day, in office hours (Vietnam time).
fn at_work(rng: &mut fastrand::Rng, day: NaiveDate) -> DateTime<Utc> {
    let minutes = if rng.bool() {
        rng.u32(7 * 60 + 30..11 * 60 + 15)
    } else {
        rng.u32(13 * 60 + 30..16 * 60 + 45)
    };
    let time = NaiveTime::from_hms_opt(minutes / 60, minutes % 60, rng.u32(..60))
        .unwrap_or(NaiveTime::MIN);
    from_vn_local(day.and_time(time))
}

/// The demo's clock: each operation reads the moment its step happened.
#[derive(Clone)]
struct Hands(Arc<Mutex<DateTime<Utc>>>);

impl Hands {
    fn set(&self, at: DateTime<Utc>) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = at;
    }

    fn clock(&self) -> Clock {
        let hands = self.clone();
        Arc::new(move || *hands.0.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

struct Ctx {
    /// The live operations' context, on the demo's clock.
    app: Context,
    hands: Hands,
    rng: fastrand::Rng,
    now: DateTime<Utc>,
    today: NaiveDate,
    units: Vec<Unit>,
}

impl Ctx {
    /// The context read at `at`.
    fn at(&self, at: DateTime<Utc>) -> &Context {
        self.hands.set(at);
        &self.app
    }

    fn calendar(&self, unit_code: &str) -> anyhow::Result<Arc<WorkingCalendar>> {
        Ok(self.app.clocks().calendar(unit_code)?)
    }
    /// The ward in force on `day`, and the province above it.
    fn units_on(&self, day: NaiveDate) -> Option<(Unit, Unit)> {
        let commune = self
            .units
            .iter()
            .find(|u| u.code.as_str() == COMMUNE && u.in_force_on(day))?;
        let mut up = commune.parent;
        while let Some(id) = up {
            let u = self.units.iter().find(|u| u.id == id)?;
            if u.level == UnitLevel::Province {
                return Some((commune.clone(), u.clone()));
            }
            up = u.parent;
        }
        None
    }

    /// Some working days (drawn from `days`, at least one) after `from`, at a moment in
    /// office hours.
    fn after(
        &mut self,
        cal: &WorkingCalendar,
        from: DateTime<Utc>,
        days: std::ops::RangeInclusive<u32>,
    ) -> anyhow::Result<DateTime<Utc>> {
        let n = self.rng.u32(days);
        let mut day = vn_date(from);
        for _ in 0..n.max(1) {
            day = cal.next_working_day(day)?;
        }
        Ok(at_work(&mut self.rng, day))
    }

    fn person(&mut self) -> Identity {
        let rng = &mut self.rng;
        let female = rng.u8(..10) < 4;
        let name = format!(
            "{} {} {}",
            FAMILY[rng.usize(..FAMILY.len())],
            if female {
                "Thị"
            } else {
                MIDDLE[rng.usize(..MIDDLE.len())]
            },
            GIVEN[rng.usize(..GIVEN.len())]
        );
        let year = rng.i32(1950..=2000);
        Identity {
            name,
            address: format!("khóm {}", rng.u8(1..=10)),
            id_number: format!(
                "095{}{:02}{:06}",
                u32::from(female),
                year % 100,
                rng.u32(..1_000_000)
            ),
            phone: format!("09{:08}", rng.u32(..100_000_000)),
            ..Identity::default()
        }
    }

    fn topic(&mut self, kind: Option<PetitionKind>, provincial: bool) -> &'static Topic {
        let kind = kind.unwrap_or_else(|| {
            // The usual mix of a ward's register: mostly feedback and recommendations.
            match self.rng.u8(..100) {
                0..40 => PetitionKind::Feedback,
                40..64 => PetitionKind::Recommendation,
                64..86 => PetitionKind::Complaint,
                _ => PetitionKind::Denunciation,
            }
        });
        let fitting: Vec<&'static Topic> = TOPICS
            .iter()
            .filter(|t| t.kind == kind && (!provincial || t.provincial))
            .collect();
        let fitting = if fitting.is_empty() {
            TOPICS.iter().filter(|t| t.kind == kind).collect()
        } else {
            fitting
        };
        fitting[self.rng.usize(..fitting.len())]
    }
}

fn fill(text: &str, place: &str, road: &str, who: &str, commune: &str, province: &str) -> String {
    text.replace("{place}", place)
        .replace("{road}", road)
        .replace("{who}", who)
        .replace("{commune}", commune)
        .replace("{province}", province)
}

/// A petition planned before anything is written (registered in order of receipt, so codes
/// number in that order).
struct Planned {
    unit: Unit,
    province_name: String,
    commune_name: String,
    kind: PetitionKind,
    source: Source,
    forwarded_by: String,
    visit: Option<VisitId>,
    received_at: DateTime<Utc>,
    subject: String,
    content: String,
    anonymous: bool,
    sender: Identity,
    topic: &'static Topic,
    /// The case stops progressing before its last step: the dashboard's late cases.
    stalled: bool,
    handler: Actor,
}

pub async fn generate(app: &Context) -> anyhow::Result<PetitionsReport> {
    let started = Instant::now();
    let now = app.now();
    let today = vn_date(now);
    let accounts = users::list_all(app.db()).await?;
    let account = |login: &str| {
        accounts
            .iter()
            .find(|u| u.login.as_str() == login)
            .map(|u| officer(u.id, &u.full_name))
    };
    let Some(handler) = account("xulydon.baclieu") else {
        anyhow::bail!("the demo petition handler xulydon.baclieu is missing");
    };
    // The province's petitions are handled by its inspectorate's demo officer.
    let province_handler = account("thanhtra.tinh").unwrap_or_else(|| handler.clone());
    let chairman =
        account("lanhdao.baclieu").map_or_else(|| "Phạm Minh Lãnh".to_owned(), |a| a.name);
    let hands = Hands(Arc::new(Mutex::new(now)));
    let mut ctx = Ctx {
        app: app.with_clock(hands.clock()),
        hands,
        rng: fastrand::Rng::with_seed(SEED),
        now,
        today,
        units: units::list_all(app.db()).await?,
    };
    let mut report = PetitionsReport::default();
    let reception_days = plan_reception_days(&mut ctx, &handler, &chairman).await?;
    report.reception_days = reception_days.len();

    let mut planned = Vec::new();
    let (sessions, visits) = reception_log(
        &mut ctx,
        &reception_days,
        &handler,
        &province_handler,
        &mut planned,
    )
    .await?;
    report.sessions = sessions;
    report.visits = visits;
    plan_written(&mut ctx, &handler, &province_handler, &mut planned)?;
    planned.sort_by_key(|p| p.received_at);

    for p in planned {
        let kind = p.kind;
        let case = walk(&mut ctx, p).await?;
        report.petitions += 1;
        match kind {
            PetitionKind::Complaint => report.complaints += 1,
            PetitionKind::Denunciation => report.denunciations += 1,
            PetitionKind::Recommendation => report.recommendations += 1,
            PetitionKind::Feedback => report.feedback += 1,
        }
        if case.closed_at.is_none() {
            report.open += 1;
            report.overdue +=
                usize::from(case.suspended_at.is_none() && case.due_at.is_some_and(|d| d < now));
        }
    }
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

/// A demo officer, as the operations see them.
fn officer(id: UserId, name: &str) -> Actor {
    Actor {
        user: Some(id),
        name: name.to_owned(),
        ip: None,
        cache: None,
    }
}

/// The chairman's weekly reception day (Thursday, or the first working day of a week whose
/// Thursday is off) for the past year and the next eight weeks, planned by the ward's officer.
/// A day the reception rules in force give the chairman no duty is not planned.
async fn plan_reception_days(
    ctx: &mut Ctx,
    by: &Actor,
    chairman: &str,
) -> anyhow::Result<Vec<NewDay>> {
    let cal = ctx.calendar(COMMUNE)?;
    let mut out = Vec::new();
    let first = ctx.today - Days::new(364);
    let mut monday = first - Days::new(u64::from(first.weekday().num_days_from_monday()));
    let last = ctx.today + Days::new(8 * 7);
    while monday <= last {
        let thursday = monday + Days::new(3);
        let mut candidates = vec![thursday];
        candidates.extend((0..5).map(|i| monday + Days::new(i)));
        let mut day = None;
        for d in candidates {
            if cal.is_working_day(d)? {
                day = Some(d);
                break;
            }
        }
        monday = monday + Days::new(7);
        let Some(day) = day else { continue };
        let Some((commune, _)) = ctx.units_on(day) else {
            continue;
        };
        let planned = NewDay {
            unit: commune.id,
            head_role: HeadRole::CommuneChairman,
            head_name: chairman.to_owned(),
            day,
            place: format!("Phòng tiếp công dân, trụ sở UBND {}", commune.name),
        };
        // Planned a week or two ahead, as the ward does.
        let ahead = Days::new(ctx.rng.u64(7..14));
        let when = at_work(&mut ctx.rng, day - ahead).min(ctx.now);
        match reception_ops::plan_day(ctx.at(when), by, planned.clone()).await {
            Ok(()) => out.push(planned),
            Err(motcua_app::Error::Invalid(_)) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(out)
}

/// About thirty sessions of the past year: most on the chairman's days at the ward, some at the
/// province's reception office. Each visit is a numbered line of the unit's log; about half of
/// them lead to a petition registered the same day, planned into `planned`.
async fn reception_log(
    ctx: &mut Ctx,
    days: &[NewDay],
    handler: &Actor,
    province_handler: &Actor,
    planned: &mut Vec<Planned>,
) -> anyhow::Result<(usize, usize)> {
    let past: Vec<&NewDay> = days.iter().filter(|d| d.day < ctx.today).collect();
    let mut held: Vec<(NaiveDate, bool)> = Vec::new();
    for d in &past {
        if ctx.rng.u8(..100) < 48 {
            held.push((d.day, false));
        }
    }
    let cal = ctx.calendar(COMMUNE)?;
    for _ in 0..6 {
        let day = ctx.today - Days::new(ctx.rng.u64(7..360));
        let day = cal.next_working_day(day)?;
        held.push((day, true));
    }
    held.sort();
    let mut sessions = 0;
    let mut visits = 0;
    for (day, provincial) in held {
        let Some((commune, province)) = ctx.units_on(day) else {
            continue;
        };
        let (unit, host, title, place, officer) = if provincial {
            (
                province.clone(),
                "Lâm Quốc Trung".to_owned(),
                "Trưởng Ban Tiếp công dân tỉnh".to_owned(),
                format!("Trụ sở Ban Tiếp công dân {}", province.name),
                province_handler,
            )
        } else {
            (
                commune.clone(),
                days.iter()
                    .find(|d| d.day == day)
                    .map_or_else(String::new, |d| d.head_name.clone()),
                "Chủ tịch UBND phường".to_owned(),
                format!("Phòng tiếp công dân, trụ sở UBND {}", commune.name),
                handler,
            )
        };
        let opened = at_work(&mut ctx.rng, day);
        let session = reception_ops::open_session(
            ctx.at(opened),
            officer,
            NewSession {
                unit: unit.id,
                kind: if provincial {
                    SessionKind::Routine
                } else {
                    SessionKind::Periodic
                },
                held_on: day,
                host_name: host,
                host_title: title,
                place,
            },
        )
        .await?;
        sessions += 1;
        let n = ctx.rng.usize(1..=4);
        let mut at = opened;
        for _ in 0..n {
            at += chrono::Duration::minutes(ctx.rng.i64(10..40));
            let kind = match ctx.rng.u8(..100) {
                0..30 => PetitionKind::Feedback,
                30..50 => PetitionKind::Recommendation,
                50..80 => PetitionKind::Complaint,
                _ => PetitionKind::Denunciation,
            };
            let topic = ctx.topic(Some(kind), provincial);
            let who = ctx.person();
            let place = who.address.clone();
            let road = ROADS[ctx.rng.usize(..ROADS.len())];
            let content = fill(
                topic.content,
                &place,
                road,
                &who.name,
                &commune.name,
                &province.name,
            );
            let registers = ctx.rng.u8(..100) < 55;
            let guidance = if registers || topic.guidance.is_empty() {
                String::new()
            } else {
                topic.guidance.to_owned()
            };
            let address = format!("{}, {}", who.address, commune.name);
            let visit = reception_ops::record_visit(
                ctx.at(at),
                officer,
                NewVisit {
                    session,
                    visitor_name: who.name.clone(),
                    visitor_address: address.clone(),
                    visitor_id_number: who.id_number.clone(),
                    people: 1,
                    representatives: Vec::new(),
                    content: content.clone(),
                    kind,
                    prior_handling: String::new(),
                    within_competence: true,
                    guidance,
                    forwarded_to: String::new(),
                    documents: if registers {
                        vec![
                            "Đơn trình bày (01 bản)".to_owned(),
                            "Bản sao giấy tờ liên quan".to_owned(),
                        ]
                    } else {
                        Vec::new()
                    },
                },
            )
            .await?;
            visits += 1;
            if registers {
                planned.push(Planned {
                    unit: unit.clone(),
                    province_name: province.name.clone(),
                    commune_name: commune.name.clone(),
                    kind,
                    source: Source::Reception,
                    forwarded_by: String::new(),
                    visit: Some(visit),
                    received_at: at,
                    subject: topic.subject.to_owned(),
                    content,
                    anonymous: false,
                    sender: Identity { address, ..who },
                    topic,
                    stalled: false,
                    handler: officer.clone(),
                });
            }
        }
        let conclusion = format!(
            "Đã tiếp {n} lượt công dân. Giao bộ phận tiếp công dân vào sổ các đơn đủ điều kiện, \
             chuyển bộ phận chuyên môn xem xét và trả lời công dân đúng thời hạn; Văn phòng theo \
             dõi, đôn đốc."
        );
        reception_ops::conclude(
            ctx.at(at + chrono::Duration::minutes(15)),
            officer,
            Conclusion {
                session,
                text: conclusion,
            },
        )
        .await?;
    }
    Ok((sessions, visits))
}

/// The petitions that came in writing: by post, on the portal, at the desk, or forwarded.
fn plan_written(
    ctx: &mut Ctx,
    handler: &Actor,
    province_handler: &Actor,
    planned: &mut Vec<Planned>,
) -> anyhow::Result<()> {
    let cal = ctx.calendar(COMMUNE)?;
    let first = ctx.today - Days::new(730);
    for _ in 0..WRITTEN {
        let day = cal.next_working_day(first + Days::new(ctx.rng.u64(..729)))?;
        if day > ctx.today {
            continue;
        }
        let Some((commune, province)) = ctx.units_on(day) else {
            continue;
        };
        let provincial = ctx.rng.u8(..100) < 20;
        let topic = ctx.topic(None, provincial);
        let kind = topic.kind;
        let mut received_at = at_work(&mut ctx.rng, day);
        if received_at > ctx.now {
            received_at = ctx.now - chrono::Duration::minutes(30);
        }
        let anonymous = kind == PetitionKind::Denunciation && ctx.rng.u8(..100) < 12;
        let mut sender = if anonymous {
            Identity::default()
        } else {
            ctx.person()
        };
        let place = if anonymous {
            format!("khóm {}", ctx.rng.u8(1..=10))
        } else {
            sender.address.clone()
        };
        if !anonymous {
            sender.address = format!("{}, {}", sender.address, commune.name);
        }
        let road = ROADS[ctx.rng.usize(..ROADS.len())];
        let who = if anonymous {
            "một người dân"
        } else {
            sender.name.as_str()
        };
        let content = fill(
            topic.content,
            &place,
            road,
            who,
            &commune.name,
            &province.name,
        );
        let (source, forwarded_by) = match ctx.rng.u8(..100) {
            _ if anonymous => (Source::Post, String::new()),
            0..35 => (Source::Post, String::new()),
            35..60 => (Source::Direct, String::new()),
            60..85 => (Source::Online, String::new()),
            _ => (
                Source::Forwarded,
                if ctx.rng.bool() {
                    format!("Ban Tiếp công dân {}", province.name)
                } else {
                    format!("Thường trực HĐND {}", commune.name)
                },
            ),
        };
        let age = (ctx.today - day).num_days();
        // A few cases past the 45-day escalation point stall at their current step.
        let stalled = (46..=200).contains(&age) && ctx.rng.u8(..100) < 12;
        planned.push(Planned {
            unit: if provincial {
                province.clone()
            } else {
                commune.clone()
            },
            province_name: province.name.clone(),
            commune_name: commune.name.clone(),
            kind,
            source,
            forwarded_by,
            visit: None,
            received_at,
            subject: topic.subject.to_owned(),
            content,
            anonymous,
            sender,
            topic,
            stalled,
            handler: if provincial {
                province_handler.clone()
            } else {
                handler.clone()
            },
        });
    }
    Ok(())
}

/// What happens to a case, drawn once.
enum Plan {
    Resolve,
    Forward,
    Guide,
    File(Ineligibility),
    NotAccept(Ineligibility),
    Withdraw,
    KeepForInspection,
}

fn plan_for(ctx: &mut Ctx, p: &Planned) -> Plan {
    let roll = ctx.rng.u8(..100);
    if p.anonymous {
        return Plan::KeepForInspection;
    }
    match p.kind {
        PetitionKind::Complaint => match roll {
            0..62 => Plan::Resolve,
            62..74 => Plan::NotAccept(if ctx.rng.bool() {
                Ineligibility::FilingLimitExpired
            } else {
                Ineligibility::NotComplainable
            }),
            74..86 => Plan::Guide,
            86..94 => Plan::Forward,
            _ => Plan::Withdraw,
        },
        PetitionKind::Denunciation => match roll {
            0..60 => Plan::Resolve,
            60..85 => Plan::Forward,
            _ => Plan::NotAccept(Ineligibility::ViolationNotIdentifiable),
        },
        PetitionKind::Recommendation | PetitionKind::Feedback => match roll {
            0..58 => Plan::Resolve,
            58..76 => Plan::Forward,
            76..88 => Plan::Guide,
            _ => Plan::File(if ctx.rng.bool() {
                Ineligibility::AlreadyHandled
            } else {
                Ineligibility::ContentUnclear
            }),
        },
    }
}

/// Registers `p` at the moment it was received and walks it through its plan up to now, each
/// step through the live operation at the moment it happened.
async fn walk(ctx: &mut Ctx, p: Planned) -> anyhow::Result<PetitionRecord> {
    let registration = Registration {
        unit: p.unit.id,
        kind: p.kind,
        source: p.source,
        forwarded_by: p.forwarded_by.clone(),
        visit: p.visit,
        received_at: p.received_at,
        subject: p.subject.clone(),
        content: p.content.clone(),
        anonymous: p.anonymous,
        sender: p.sender.clone(),
        signatories: None,
        several_places: false,
        remote_area: p.unit.remote_area,
        second_instance: None,
        filed_by: None,
        respondent: p.topic.respondent.replace("{commune}", &p.commune_name),
        files: Vec::new(),
    };
    let record = cases::register(ctx.at(p.received_at), &p.handler, registration).await?;
    let cal = ctx.calendar(p.unit.code.as_str())?;
    let plan = plan_for(ctx, &p);
    let mut w = Walk {
        record,
        by: p.handler.clone(),
    };
    run_plan(ctx, &cal, &mut w, &p, &plan).await?;
    Ok(w.record)
}

/// A case between its steps.
struct Walk {
    record: PetitionRecord,
    by: Actor,
}

impl Walk {
    /// Applies `cmd` at `at` through the live operation; false (and nothing done) if `at` is
    /// still to come, so the case stays where it is today.
    async fn act(&mut self, ctx: &Ctx, cmd: &Command, at: DateTime<Utc>) -> anyhow::Result<bool> {
        if at > ctx.now {
            return Ok(false);
        }
        self.record =
            cases::act(ctx.at(at), &self.by, &self.record, self.record.version, cmd).await?;
        Ok(true)
    }
}

async fn run_plan(
    ctx: &mut Ctx,
    cal: &WorkingCalendar,
    w: &mut Walk,
    p: &Planned,
    plan: &Plan,
) -> anyhow::Result<()> {
    let fill = |s: &str| {
        s.replace("{commune}", &p.commune_name)
            .replace("{province}", &p.province_name)
    };
    let mut at = ctx.after(cal, p.received_at, 1..=3)?;
    let reasons = match plan {
        Plan::File(r) | Plan::NotAccept(r) => vec![*r],
        Plan::KeepForInspection => vec![Ineligibility::Anonymous],
        _ => Vec::new(),
    };
    if !w
        .act(
            ctx,
            &Command::Classify {
                kind: p.kind,
                reasons,
            },
            at,
        )
        .await?
    {
        return Ok(());
    }
    let last_step_after = |ctx: &mut Ctx, from| ctx.after(cal, from, 1..=4);
    match plan {
        Plan::Forward => {
            if p.stalled {
                return Ok(());
            }
            at = last_step_after(ctx, at)?;
            w.act(
                ctx,
                &Command::Forward {
                    agency: fill(p.topic.forward_to),
                    note: "Không thuộc thẩm quyền giải quyết; chuyển đơn và thông báo cho người \
                           gửi."
                        .into(),
                },
                at,
            )
            .await?;
        }
        Plan::Guide => {
            if p.stalled {
                return Ok(());
            }
            at = last_step_after(ctx, at)?;
            let guidance = if p.topic.guidance.is_empty() {
                "Hướng dẫn công dân gửi đơn đến cơ quan có thẩm quyền.".to_owned()
            } else {
                p.topic.guidance.to_owned()
            };
            w.act(ctx, &Command::Guide { guidance }, at).await?;
        }
        Plan::File(_) => {
            at = last_step_after(ctx, at)?;
            w.act(
                ctx,
                &Command::File {
                    note: "Đơn không đủ điều kiện xử lý; lưu đơn.".into(),
                },
                at,
            )
            .await?;
        }
        Plan::KeepForInspection => {
            at = last_step_after(ctx, at)?;
            w.act(
                ctx,
                &Command::KeepForInspection {
                    note: "Đơn nặc danh, nội dung cụ thể; lưu để phục vụ thanh tra, kiểm tra."
                        .into(),
                },
                at,
            )
            .await?;
        }
        Plan::NotAccept(reason) => {
            at = last_step_after(ctx, at)?;
            w.act(
                ctx,
                &Command::NotAccept {
                    reason: *reason,
                    note: "Thông báo không thụ lý bằng văn bản, nêu rõ lý do.".into(),
                },
                at,
            )
            .await?;
        }
        Plan::Resolve | Plan::Withdraw => {
            let formal = p.kind.is_formal();
            let complexity = if formal && ctx.rng.u8(..100) < 15 {
                Complexity::Complex
            } else {
                Complexity::Normal
            };
            at = ctx.after(cal, at, 1..=3)?;
            if !w
                .act(
                    ctx,
                    &Command::Accept {
                        complexity,
                        remote: p.unit.remote_area,
                        complexity_reason: if complexity == Complexity::Normal {
                            String::new()
                        } else {
                            "Nội dung liên quan nhiều hộ, cần đo đạc, xác minh tại thực địa.".into()
                        },
                    },
                    at,
                )
                .await?
            {
                return Ok(());
            }
            if matches!(plan, Plan::Withdraw) {
                at = ctx.after(cal, at, 3..=10)?;
                w.act(
                    ctx,
                    &Command::Withdraw {
                        note: "Công dân tự nguyện rút đơn sau buổi đối thoại.".into(),
                        signs_of_violation: false,
                        partial: false,
                    },
                    at,
                )
                .await?;
                return Ok(());
            }
            if p.kind == PetitionKind::Denunciation && complexity == Complexity::Complex {
                let days = ctx
                    .app
                    .petition_rules()
                    .in_force(vn_date(p.received_at))
                    .denunciation_extension
                    .value
                    .max_days
                    .min(30);
                let extend_at = ctx.after(cal, at, 15..=20)?;
                if !w
                    .act(
                        ctx,
                        &Command::Extend {
                            days,
                            reason: "Cần xác minh thêm tại nhiều nơi và chờ kết quả giám định."
                                .into(),
                        },
                        extend_at,
                    )
                    .await?
                {
                    return Ok(());
                }
            }
            if p.stalled {
                return Ok(());
            }
            // Decided somewhere in the second half of the time allowed; one in twenty late.
            let due = w.record.due_at.unwrap_or(at);
            let span = cal.working_days_between(vn_date(at), vn_date(due))?;
            let decide_at = if ctx.rng.u8(..100) < 5 {
                ctx.after(cal, due, 1..=6)?
            } else {
                let share = 0.4 + 0.55 * ctx.rng.f64();
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let n = (f64::from(span) * share).round() as u32;
                ctx.after(cal, at, n.clamp(1, span.max(1))..=n.clamp(1, span.max(1)))?
            };
            w.act(
                ctx,
                &Command::Decide {
                    summary: p.topic.decision.to_owned(),
                },
                decide_at,
            )
            .await?;
        }
    }
    Ok(())
}
