//! The demo's news: the portal's sections; the seed's article (section "Nhịp sống đô thị",
//! 18/08/2021 15:21, with its photo, caption and credit) and three dozen more over the last
//! months, each written by the ward's editor and approved by the province's approver at the
//! time it went out; a few still in the newsroom (drafts, one waiting, one scheduled, one
//! withdrawn); and a storm warning on the home page. Every step goes through the newsroom's
//! operations, as its officer at its moment.

use std::io::Cursor;
use std::sync::Arc;

use anyhow::Context as _;
use chrono::{DateTime, Duration, TimeZone, Utc};
use motcua_app::news::{self, ImageUpload};
use motcua_app::{Actor, Context};
use motcua_domain::account::Login;
use motcua_domain::ids::{ArticleId, SectionId, UnitId};
use motcua_domain::news::{RawArticle, RawNotice, Step};

/// What the demo put in.
#[derive(Debug)]
pub struct NewsReport {
    /// The seed's article, which the demo's comments discuss.
    pub seed: ArticleId,
    pub sections: usize,
    pub published: usize,
    pub in_newsroom: usize,
}

fn at(ctx: &Context, t: DateTime<Utc>) -> Context {
    ctx.with_clock(Arc::new(move || t))
}

async fn officer(ctx: &Context, login: &str) -> anyhow::Result<Actor> {
    let found = motcua_store::users::find_by_login(ctx.db(), &Login::parse(login)?)
        .await?
        .with_context(|| format!("demo account {login}"))?;
    Ok(Actor {
        user: Some(found.user.id),
        name: found.user.full_name,
        ip: None,
        cache: None,
    })
}

/// The sections: (address, name, introduction, comment moderation).
const SECTIONS: &[(&str, &str, &str, &str)] = &[
    (
        "tin-tuc-su-kien",
        "Tin tức - Sự kiện",
        "Hoạt động của chính quyền và các sự kiện trên địa bàn.",
        "post",
    ),
    (
        "nhip-song-do-thi",
        "Nhịp sống đô thị",
        "Đời sống, phong trào và con người thành phố.",
        "post",
    ),
    (
        "thong-bao",
        "Thông báo",
        "Thông báo của Ủy ban nhân dân và các cơ quan chuyên môn.",
        "pre",
    ),
    (
        "kinh-te-dau-tu",
        "Kinh tế - Đầu tư",
        "Sản xuất, kinh doanh và các dự án đầu tư.",
        "pre",
    ),
    (
        "van-hoa-xa-hoi",
        "Văn hóa - Xã hội",
        "Giáo dục, y tế, văn hóa, thể thao và an sinh xã hội.",
        "post",
    ),
];

const SEED_TITLE: &str = "TP. Bạc Liêu: Hiệu quả từ phong trào thi đua học tập và làm theo Bác";

const SEED_BODY: &str = "\
Những năm qua, phong trào thi đua học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh \
được các phường, xã của thành phố triển khai gắn với nhiệm vụ chính trị của từng đơn vị.

## Việc làm cụ thể ở khu dân cư

Nhiều mô hình được duy trì đều đặn:

- tổ tự quản giữ gìn vệ sinh, trồng cây xanh ở các tuyến hẻm;
- quỹ khuyến học của khu phố hỗ trợ học sinh khó khăn;
- tổ hòa giải ở cơ sở giải quyết mâu thuẫn nhỏ ngay tại chỗ.

## Cán bộ gần dân hơn

Tại bộ phận một cửa, cán bộ hướng dẫn người dân nộp hồ sơ trực tuyến và trả lời phản ánh đúng hạn. \
Các tập thể, cá nhân tiêu biểu được khen thưởng kịp thời, tạo sức lan tỏa trong cộng đồng.

> Học tập và làm theo Bác phải bằng những việc làm cụ thể, thiết thực hằng ngày.
";

/// The other published articles: (section, title, summary, days ago).
const STORIES: &[(usize, &str, &str, i64)] = &[
    (
        0,
        "Khai mạc kỳ họp thường lệ cuối năm của Hội đồng nhân dân phường",
        "Kỳ họp xem xét kết quả thực hiện nhiệm vụ năm và kế hoạch năm tới.",
        2,
    ),
    (
        2,
        "Thông báo lịch tiếp công dân định kỳ của Chủ tịch UBND phường tháng 12",
        "Chủ tịch UBND phường tiếp công dân vào thứ Năm tuần thứ hai và thứ tư của tháng.",
        3,
    ),
    (
        1,
        "Tuyến đường Trần Phú sáng đèn sau khi thay hệ thống chiếu sáng",
        "Hơn 120 bộ đèn LED thay thế đèn cao áp cũ, tiết kiệm gần một nửa điện năng.",
        4,
    ),
    (
        4,
        "Ra quân chiến dịch tiêm chủng mở rộng cho trẻ dưới 5 tuổi",
        "Trạm y tế phường tổ chức tiêm vào sáng thứ Bảy và Chủ nhật trong hai tuần.",
        5,
    ),
    (
        3,
        "Hội chợ nông sản đặc sản Bạc Liêu thu hút đông khách tham quan",
        "Hơn 80 gian hàng muối, tôm khô, bánh tằm và sản phẩm OCOP.",
        7,
    ),
    (
        0,
        "Phường tổ chức đối thoại với người dân về chỉnh trang đô thị",
        "Người dân góp ý về vỉa hè, cây xanh và bãi giữ xe quanh chợ.",
        9,
    ),
    (
        2,
        "Thông báo tạm ngừng cấp nước khu vực khóm 3 để sửa chữa đường ống",
        "Nước được cấp lại trong buổi chiều cùng ngày.",
        10,
    ),
    (
        1,
        "Ngày hội đọc sách ở Nhà văn hóa thiếu nhi",
        "Hàng trăm em học sinh tham gia đổi sách, kể chuyện theo sách.",
        12,
    ),
    (
        4,
        "Trao học bổng cho học sinh vượt khó học giỏi",
        "Quỹ khuyến học trao 60 suất học bổng trước năm học mới.",
        14,
    ),
    (
        3,
        "Doanh nghiệp nhỏ được hướng dẫn đăng ký kinh doanh trực tuyến",
        "Bộ phận một cửa mở lớp hướng dẫn vào chiều thứ Tư hằng tuần.",
        16,
    ),
    (
        0,
        "Diễn tập phòng chống thiên tai và tìm kiếm cứu nạn năm nay",
        "Lực lượng xung kích phường diễn tập sơ tán dân khỏi khu vực ven biển.",
        19,
    ),
    (
        1,
        "Khu phố văn minh: những con hẻm xanh, sạch, sáng",
        "Người dân góp công, góp tiền làm đèn, trồng hoa ở các hẻm nhỏ.",
        21,
    ),
    (
        2,
        "Thông báo lịch thu gom rác thải sinh hoạt mới",
        "Xe thu gom đi qua các tuyến chính từ 17 giờ đến 21 giờ hằng ngày.",
        23,
    ),
    (
        4,
        "Giải bóng đá thiếu niên hè khép lại với nhiều bàn thắng đẹp",
        "Tám đội bóng của các khóm tham gia trong ba tuần.",
        26,
    ),
    (
        3,
        "Chợ đêm thử nghiệm thu hút người dân và du khách",
        "Chợ mở vào tối thứ Sáu đến Chủ nhật ở quảng trường.",
        30,
    ),
    (
        0,
        "Tổng kết công tác cải cách hành chính sáu tháng",
        "Tỷ lệ hồ sơ giải quyết đúng hạn đạt trên 98%.",
        33,
    ),
    (
        1,
        "Những người giữ lửa cho đờn ca tài tử ở khóm 5",
        "Câu lạc bộ sinh hoạt mỗi tối thứ Bảy, đón cả người trẻ.",
        36,
    ),
    (
        2,
        "Thông báo tuyển dụng cộng tác viên dân số năm nay",
        "Nhận hồ sơ tại bộ phận một cửa đến hết tháng.",
        40,
    ),
    (
        4,
        "Khám sức khỏe miễn phí cho người cao tuổi",
        "Hơn 300 người cao tuổi được khám, cấp thuốc và tư vấn dinh dưỡng.",
        44,
    ),
    (
        3,
        "Hỗ trợ hộ kinh doanh chuyển sang hóa đơn điện tử",
        "Cơ quan thuế hướng dẫn tại chỗ cho các hộ ở chợ phường.",
        48,
    ),
    (
        0,
        "Phường ra mắt tổ công nghệ số cộng đồng",
        "Mỗi khóm có một tổ giúp người dân cài ứng dụng, nộp hồ sơ trực tuyến.",
        52,
    ),
    (
        1,
        "Công viên ven sông thành điểm hẹn buổi chiều",
        "Đường đi bộ mới và sân tập thể dục thu hút người dân mọi lứa tuổi.",
        57,
    ),
    (
        2,
        "Thông báo kế hoạch sửa chữa cầu Kim Sơn",
        "Xe trên 5 tấn đi đường vòng trong thời gian thi công.",
        61,
    ),
    (
        4,
        "Lớp dạy bơi miễn phí cho trẻ em mùa hè",
        "Hơn 150 em biết bơi sau khóa học mười buổi.",
        66,
    ),
    (
        3,
        "Làng nghề làm muối giữ nghề truyền thống",
        "Diêm dân áp dụng trải bạt giúp hạt muối sạch hơn, giá bán cao hơn.",
        71,
    ),
    (
        0,
        "Lấy ý kiến người dân về dự thảo quy hoạch khu dân cư mới",
        "Dự thảo được niêm yết tại trụ sở và trên cổng thông tin đến hết tháng.",
        77,
    ),
    (
        1,
        "Phong trào ngày chủ nhật xanh lan tỏa ở các khóm",
        "Đoàn viên, thanh niên cùng người dân dọn rác kênh rạch mỗi sáng chủ nhật.",
        83,
    ),
    (
        2,
        "Thông báo lịch cắt điện để bảo trì lưới điện",
        "Khu vực bị ảnh hưởng gồm các khóm 1, 2 và 4.",
        88,
    ),
    (
        4,
        "Tuyên dương gia đình văn hóa tiêu biểu",
        "Năm mươi gia đình được khen vì giữ nếp sống văn minh.",
        94,
    ),
    (
        3,
        "Hợp tác xã rau sạch mở điểm bán tại chợ phường",
        "Rau được trồng theo quy trình an toàn và ghi nguồn gốc.",
        101,
    ),
    (
        0,
        "Hội nghị triển khai nhiệm vụ chuyển đổi số của phường",
        "Mục tiêu là mọi thủ tục phổ biến đều có thể nộp trực tuyến.",
        108,
    ),
    (
        1,
        "Mùa nước nổi, người dân ven sông chủ động phòng ngừa",
        "Các hộ gia cố nhà cửa, kê cao đồ đạc trước đợt triều cường.",
        115,
    ),
    (
        4,
        "Khai giảng lớp xóa mù chữ cho người lớn tuổi",
        "Hai mươi học viên theo học vào buổi tối tại nhà văn hóa khóm.",
        123,
    ),
    (
        3,
        "Ngư dân được hướng dẫn thủ tục cấp phép khai thác",
        "Hồ sơ có thể nộp trực tuyến, nhận kết quả tại bộ phận một cửa.",
        131,
    ),
    (
        0,
        "Sơ kết mô hình tổ hòa giải ở cơ sở",
        "Hơn 90% vụ việc được hòa giải thành ngay tại khóm.",
        140,
    ),
];

fn story_body(title: &str, summary: &str) -> String {
    format!(
        "{summary}\n\n\
         Theo Ủy ban nhân dân phường, việc *{title}* được chuẩn bị từ nhiều tuần trước, có sự \
         tham gia của các khóm và các đoàn thể.\n\n\
         ## Người dân cần biết\n\n\
         - Thông tin chi tiết được niêm yết tại trụ sở Ủy ban nhân dân phường.\n\
         - Mọi thắc mắc xin liên hệ bộ phận một cửa trong giờ hành chính.\n\
         - Phản ánh, kiến nghị gửi qua mục [Phản ánh hiện trường](/phan-anh) trên cổng này.\n"
    )
}

/// A picture for the demo: a soft gradient with bands, as a photograph would stand in a page.
fn picture(seed: u32) -> anyhow::Result<Vec<u8>> {
    let (w, h) = (1200u32, 800u32);
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        let band = ((y / 40 + seed) % 5) as u8;
        image::Rgb([
            u8::try_from(60 + x * 120 / w).unwrap_or(0),
            u8::try_from(110 + y * 90 / h).unwrap_or(0) - band * 6,
            u8::try_from(150 + (seed * 17) % 80).unwrap_or(0),
        ])
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)?;
    Ok(out)
}

#[allow(clippy::too_many_arguments)]
async fn write(
    ctx: &Context,
    editor: &Actor,
    section: SectionId,
    unit: UnitId,
    title: &str,
    summary: &str,
    body: &str,
    author: &str,
    images: &[ImageUpload],
) -> anyhow::Result<ArticleId> {
    let raw = RawArticle {
        section: Some(section),
        unit: Some(unit),
        title: title.to_owned(),
        summary: summary.to_owned(),
        body: body.to_owned(),
        author: author.to_owned(),
    };
    Ok(news::create(ctx, editor, raw, images).await?)
}

async fn step(
    ctx: &Context,
    who: &Actor,
    id: ArticleId,
    s: Step,
    reason: &str,
) -> anyhow::Result<()> {
    let revision = motcua_store::news::get(ctx.db(), id).await?.revision;
    news::step(ctx, who, id, revision, s, None, reason).await?;
    Ok(())
}

/// Written at `t`, submitted ten minutes later, approved an hour after that.
async fn publish(
    ctx: &Context,
    editor: &Actor,
    approver: &Actor,
    id: ArticleId,
    t: DateTime<Utc>,
) -> anyhow::Result<()> {
    step(
        &at(ctx, t + Duration::minutes(10)),
        editor,
        id,
        Step::Submit,
        "",
    )
    .await?;
    step(
        &at(ctx, t + Duration::minutes(70)),
        approver,
        id,
        Step::Approve,
        "",
    )
    .await
}

pub async fn generate(ctx: &Context, ward: UnitId) -> anyhow::Result<NewsReport> {
    let editor = officer(ctx, "bientap.baclieu").await?;
    let approver = officer(ctx, "duyettin.tinh").await?;
    let now = ctx.now();
    let mut sections = Vec::new();
    for (slug, name, description, moderation) in SECTIONS {
        sections
            .push(news::create_section(ctx, &approver, slug, name, description, moderation).await?);
    }
    // The seed: written that afternoon, published at 15:21 Vietnam time.
    let published = Utc
        .with_ymd_and_hms(2021, 8, 18, 8, 21, 0)
        .single()
        .context("the seed's time")?;
    let written = published - Duration::minutes(70);
    let photo = ImageUpload {
        file_name: "hoi-nghi.png".into(),
        bytes: picture(1)?,
        caption: "Các tập thể, cá nhân tiêu biểu nhận khen thưởng tại hội nghị".into(),
        credit: "Ảnh: Minh Khởi".into(),
    };
    let seed = write(
        &at(ctx, written),
        &editor,
        sections[1],
        ward,
        SEED_TITLE,
        "Phong trào thi đua học tập và làm theo Bác ở thành phố được cụ thể hóa bằng những việc \
         làm thiết thực ở khu dân cư và nơi công sở.",
        SEED_BODY,
        "Minh Khởi",
        &[photo],
    )
    .await?;
    publish(ctx, &editor, &approver, seed, written).await?;
    let mut count = 1;
    for (i, (section, title, summary, days)) in STORIES.iter().enumerate() {
        // In office hours, Vietnam time (07:30 to 10:30).
        let day = (now - Duration::days(*days)).date_naive();
        let t = Utc.from_utc_datetime(&day.and_time(chrono::NaiveTime::MIN))
            + Duration::minutes(30 + 60 * i64::try_from(i % 4).unwrap_or(0));
        let images = if i % 3 == 0 {
            vec![ImageUpload {
                file_name: format!("anh-{i}.png"),
                bytes: picture(u32::try_from(i).unwrap_or(0) + 2)?,
                caption: summary.to_string(),
                credit: "Ảnh: Ban biên tập".into(),
            }]
        } else {
            Vec::new()
        };
        let id = write(
            &at(ctx, t),
            &editor,
            sections[*section],
            ward,
            title,
            summary,
            &story_body(title, summary),
            "Ban biên tập",
            &images,
        )
        .await?;
        publish(ctx, &editor, &approver, id, t).await?;
        count += 1;
    }
    // The newsroom's work in hand.
    let mut in_newsroom = 0;
    let (e, secs) = (&editor, &sections);
    let draft = |title: &'static str, summary: &'static str, section: usize| async move {
        write(
            &at(ctx, now - Duration::hours(5)),
            e,
            secs[section],
            ward,
            title,
            summary,
            &story_body(title, summary),
            "Ban biên tập",
            &[],
        )
        .await
    };
    draft(
        "Chuẩn bị các hoạt động đón Tết Nguyên đán",
        "Phường lên kế hoạch chợ hoa xuân và chăm lo Tết cho hộ nghèo.",
        0,
    )
    .await?;
    in_newsroom += 1;
    let waiting = draft(
        "Kết quả lấy ý kiến về giờ mở chợ đêm",
        "Người dân đã chọn khung giờ mở chợ đêm qua cuộc thăm dò ý kiến.",
        3,
    )
    .await?;
    step(
        &at(ctx, now - Duration::hours(4)),
        &editor,
        waiting,
        Step::Submit,
        "",
    )
    .await?;
    in_newsroom += 1;
    let scheduled = draft(
        "Lịch làm việc của bộ phận một cửa dịp cuối năm",
        "Bộ phận một cửa làm việc cả sáng thứ Bảy trong hai tuần cuối năm.",
        2,
    )
    .await?;
    step(
        &at(ctx, now - Duration::hours(3)),
        &editor,
        scheduled,
        Step::Submit,
        "",
    )
    .await?;
    let revision = motcua_store::news::get(ctx.db(), scheduled).await?.revision;
    news::step(
        &at(ctx, now - Duration::hours(2)),
        &approver,
        scheduled,
        revision,
        Step::Approve,
        Some(now + Duration::days(2)),
        "",
    )
    .await?;
    in_newsroom += 1;
    let withdrawn = draft(
        "Thông báo thay đổi địa điểm tiếp công dân",
        "Địa điểm tiếp công dân chuyển sang hội trường khóm 2.",
        2,
    )
    .await?;
    publish(ctx, &editor, &approver, withdrawn, now - Duration::hours(5)).await?;
    step(
        &at(ctx, now - Duration::hours(1)),
        &approver,
        withdrawn,
        Step::Withdraw,
        "Thông tin địa điểm chưa chính xác; chờ quyết định của Ủy ban.",
    )
    .await?;
    in_newsroom += 1;
    // The storm warning, on the home page for three days.
    news::post_notice(
        ctx,
        &approver,
        RawNotice {
            unit: Some(ward),
            title: "Cảnh báo áp thấp nhiệt đới gây mưa lớn, gió mạnh trên biển".into(),
            body: "Từ đêm nay đến hết ngày kia, vùng biển Bạc Liêu có gió mạnh cấp 6–7, giật \
                   cấp 9, sóng cao 2–4 m. Tàu thuyền không ra khơi; người dân ven biển gia cố \
                   nhà cửa và theo dõi thông báo của chính quyền. Đường dây nóng phòng chống \
                   thiên tai: 0291 3822 000."
                .into(),
            starts_at: Some(now - Duration::hours(1)),
            ends_at: Some(now + Duration::days(3)),
        },
    )
    .await?;
    Ok(NewsReport {
        seed,
        sections: sections.len(),
        published: count,
        in_newsroom,
    })
}
