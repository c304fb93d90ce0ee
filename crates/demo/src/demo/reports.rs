//! Place reports for the demo: the wards' boundaries and the categories from
//! `data/demo/reports.toml`, then a few hundred reports over the last four months, spread over
//! the three wards, every category and every state, a quarter of them with a photo drawn here
//! (no download). Each report and each change goes through the live operations
//! (`motcua_app::reports`) on a context whose clock is set to the moment it happened, so the
//! routing, the clock, the updates and the audit entries are what the desk would produce.

use std::io::Cursor;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context as _;
use chrono::{DateTime, Duration, Utc};
use image::{DynamicImage, ImageFormat, Rgb, RgbImage};
use motcua_app::reports::filing::{self, NewReport, Place, Reporter};
use motcua_app::reports::handling::{self, NewState};
use motcua_app::reports::setup as report_setup;
use motcua_app::{Actor, Context};
use motcua_domain::account::Login;
use motcua_domain::ids::UnitId;
use motcua_domain::report::category::{Category, Question, Routing};
use motcua_domain::report::input::Channel;
use motcua_domain::report::place::{Boundary, Coordinates};
use serde::Deserialize;

const FILE: &str = include_str!("../../../../data/demo/reports.toml");

/// How many reports the demo files.
pub const REPORTS: usize = 320;

#[derive(Debug, Deserialize)]
struct ReportsFile {
    boundary: Vec<BoundaryEntry>,
    category: Vec<CategoryEntry>,
}

#[derive(Debug, Deserialize)]
struct BoundaryEntry {
    unit: String,
    ring: Vec<[f64; 2]>,
}

#[derive(Debug, Deserialize)]
struct CategoryEntry {
    code: String,
    unit: String,
    name: String,
    group: String,
    description: String,
    routing: String,
    #[serde(default)]
    questions: Vec<Question>,
}

/// What the demo's reports came to.
#[derive(Debug, Default)]
pub struct ReportsReport {
    pub reports: usize,
    pub open: usize,
    pub with_photos: usize,
    pub seconds: f64,
}

fn unit_by_code(units: &[motcua_domain::unit::Unit], code: &str) -> anyhow::Result<UnitId> {
    units
        .iter()
        .find(|u| u.code.as_str() == code)
        .map(|u| u.id)
        .with_context(|| format!("data/demo/reports.toml: no unit {code} in force"))
}

/// What people write, per category.
fn texts(category: &str) -> &'static [(&'static str, &'static str)] {
    match category {
        "den-duong" => &[
            (
                "Đèn đường tắt cả tuần",
                "Cả dãy đèn trên đoạn đường này tắt từ tuần trước, tối đi lại rất nguy hiểm.",
            ),
            (
                "Trụ đèn nghiêng sắp đổ",
                "Trụ đèn bị xe tông nghiêng, dây điện thòng xuống gần mặt đất.",
            ),
            (
                "Đèn sáng cả ban ngày",
                "Đèn đường sáng suốt ngày, lãng phí điện.",
            ),
        ],
        "rac-thai" => &[
            (
                "Rác tồn đọng nhiều ngày",
                "Rác chất đống ở góc đường, bốc mùi, chưa được thu gom.",
            ),
            (
                "Đổ trộm xà bần",
                "Có người đổ xà bần xuống lề đường vào ban đêm.",
            ),
            (
                "Điểm tập kết rác quá tải",
                "Điểm tập kết tràn rác ra lòng đường, ruồi nhặng nhiều.",
            ),
        ],
        "lan-chiem" => &[
            (
                "Quán lấn chiếm vỉa hè",
                "Quán ăn bày bàn ghế kín vỉa hè, người đi bộ phải xuống lòng đường.",
            ),
            (
                "Để vật liệu xây dựng trên đường",
                "Cát, đá để giữa lòng đường nhiều ngày, không có biển báo.",
            ),
        ],
        "ngap-nuoc" => &[
            (
                "Hẻm ngập sau mưa",
                "Mưa lớn là hẻm ngập, nước rút rất chậm, cống nghẹt.",
            ),
            (
                "Triều cường gây ngập",
                "Triều cường làm ngập đoạn đường, xe máy chết máy.",
            ),
        ],
        _ => &[
            (
                "Ổ gà lớn giữa đường",
                "Ổ gà sâu giữa làn xe, đã có người té ngã.",
            ),
            ("Nắp cống bị vỡ", "Nắp cống vỡ, hố sâu không có rào chắn."),
        ],
    }
}

/// A photo of the scene as the demo draws it: a sky, a road, and a coloured block standing for
/// the problem, in a PNG as a phone would not send it but as the checks accept it.
fn photo(seed: u64) -> Vec<u8> {
    let (w, h) = (640, 480);
    let tint = [
        (seed * 37 % 200) as u8 + 40,
        (seed * 91 % 200) as u8 + 30,
        (seed * 53 % 200) as u8 + 20,
    ];
    let img = RgbImage::from_fn(w, h, |x, y| {
        if y < h / 3 {
            Rgb([150, 190, 230])
        } else if (x / 40 + y / 40) % 7 == 0 && y > h / 2 {
            Rgb(tint)
        } else {
            let g = 90 + ((x + y) % 30) as u8;
            Rgb([g, g, g])
        }
    });
    let mut out = Vec::new();
    // Drawing into a Vec cannot fail.
    let _ = DynamicImage::ImageRgb8(img).write_to(&mut Cursor::new(&mut out), ImageFormat::Png);
    out
}

fn at(ctx: &Context, t: DateTime<Utc>) -> Context {
    ctx.with_clock(Arc::new(move || t))
}

fn point_in(b: &Boundary, rng: &mut fastrand::Rng) -> Coordinates {
    let bb = b.bbox();
    loop {
        let p = Coordinates {
            lat: bb.min_lat + rng.f64() * (bb.max_lat - bb.min_lat),
            lon: bb.min_lon + rng.f64() * (bb.max_lon - bb.min_lon),
        };
        if b.contains(p) {
            return p;
        }
    }
}

async fn user_id(ctx: &Context, login: &str) -> anyhow::Result<motcua_domain::ids::UserId> {
    let found = motcua_store::users::find_by_login(ctx.db(), &Login::parse(login)?)
        .await?
        .with_context(|| format!("demo account {login}"))?;
    Ok(found.user.id)
}

/// Loads the boundaries, the categories and the demo's reports.
pub async fn generate(ctx: &Context) -> anyhow::Result<ReportsReport> {
    let started = Instant::now();
    let file: ReportsFile = toml::from_str(FILE).context("data/demo/reports.toml")?;
    let by = Actor::system("motcua serve --demo");
    let units =
        motcua_store::units::list_in_force(ctx.db(), motcua_domain::vn_date(ctx.now())).await?;
    let mut wards = Vec::new();
    for b in &file.boundary {
        let unit = unit_by_code(&units, &b.unit)?;
        let ring = Boundary::new(b.ring.clone()).map_err(|e| anyhow::anyhow!("{e}"))?;
        report_setup::set_boundary(ctx, &by, unit, std::slice::from_ref(&ring)).await?;
        wards.push(ring);
    }
    let mut categories = Vec::new();
    for c in file.category {
        let category = Category {
            unit: unit_by_code(&units, &c.unit)?,
            routing: Routing::parse(&c.routing).context("routing")?,
            code: c.code,
            name: c.name,
            group: c.group,
            description: c.description,
            questions: c.questions,
        };
        report_setup::save_category(ctx, &by, &category).await?;
        categories.push(category);
    }
    let citizen = user_id(ctx, "congdan").await?;
    let handler = Actor {
        user: Some(user_id(ctx, "xulydon.baclieu").await?),
        name: "Võ Thị Đơn".into(),
        ip: None,
        cache: None,
    };
    let head = Actor {
        user: Some(user_id(ctx, "lanhdao.baclieu").await?),
        name: "Phạm Minh Lãnh".into(),
        ip: None,
        cache: None,
    };
    let mut rng = fastrand::Rng::with_seed(24);
    let now = ctx.now();
    let mut out = ReportsReport::default();
    let mut filed: Vec<(motcua_domain::ids::ReportId, String)> = Vec::new();
    for i in 0..REPORTS {
        // Spread over 120 days, during the day.
        let age = Duration::minutes(rng.i64(30..120 * 24 * 60));
        let when = now - age;
        let ward = &wards[rng.usize(..wards.len())];
        let point = point_in(ward, &mut rng);
        let category = &categories[rng.usize(..categories.len())];
        let (title, body) = texts(&category.code)[rng.usize(..texts(&category.code).len())];
        let mut answers = std::collections::BTreeMap::new();
        if category.code == "ngap-nuoc" {
            answers.insert(
                "depth".to_owned(),
                vec![["ankle", "knee", "above"][rng.usize(..3)].to_owned()],
            );
            answers.insert("hours".to_owned(), vec![rng.u32(1..12).to_string()]);
        }
        let with_photo = i % 4 == 0;
        let channel = [
            Channel::Web,
            Channel::Web,
            Channel::Web,
            Channel::Desk,
            Channel::Phone,
        ][rng.usize(..5)];
        let reporter = if channel == Channel::Web {
            Reporter {
                user: Some(citizen),
                name: "Lý Văn Dân".into(),
                ..Reporter::default()
            }
        } else {
            Reporter {
                user: None,
                name: format!("Người dân {}", i + 1),
                phone: format!("09{:08}", 10_000_000 + i),
                ..Reporter::default()
            }
        };
        let new = NewReport {
            category: category.code.clone(),
            place: Some(Place::Point(point)),
            title: title.to_owned(),
            description: body.to_owned(),
            address: format!("Khóm {}, đường số {}", rng.u32(1..10), rng.u32(1..30)),
            answers,
            photos: if with_photo {
                vec![("hien-truong.png".into(), photo(i as u64))]
            } else {
                Vec::new()
            },
            channel,
            reporter,
            anonymous: rng.u8(..10) < 2,
        };
        let filer = if channel == Channel::Web {
            Actor::system("Cổng phản ánh trực tuyến")
        } else {
            handler.clone()
        };
        let r = filing::file(&at(ctx, when), &filer, new)
            .await
            .with_context(|| format!("demo report {i}"))?;
        out.reports += 1;
        out.with_photos += usize::from(with_photo);
        // The older the report, the further it got; a few stay late.
        let days = age.num_days();
        let mut version = r.version;
        let mut t = when;
        let mut step = |state: &str, text: &str, hours: i64| {
            t += Duration::hours(hours);
            (state.to_owned(), text.to_owned(), t)
        };
        let mut plan = Vec::new();
        let roll = rng.u8(..100);
        if days >= 1 && roll < 90 {
            plan.push(step(
                "investigating",
                "Đã giao cán bộ kiểm tra hiện trường.",
                rng.i64(2..40),
            ));
        }
        if days >= 5 && roll < 80 {
            plan.push(step(
                "in_progress",
                "Đơn vị đang khắc phục.",
                rng.i64(24..96),
            ));
        }
        if days >= 12 && roll < 70 {
            let end = match rng.u8(..10) {
                0 => (
                    "not_responsible",
                    "Không thuộc thẩm quyền của đơn vị; đã hướng dẫn người phản ánh.",
                ),
                1 => (
                    "no_further_action",
                    "Đã kiểm tra, hiện trường không còn vấn đề.",
                ),
                2 => ("planned", "Đã đưa vào kế hoạch sửa chữa quý tới."),
                _ => ("fixed", "Đã khắc phục xong. Cảm ơn ông/bà đã phản ánh."),
            };
            plan.push(step(end.0, end.1, rng.i64(24..24 * 20)));
        }
        for (state, text, when) in plan {
            if when > now {
                break;
            }
            let actor = if state == "planned" { &head } else { &handler };
            let next = NewState {
                state,
                text,
                duplicate_of: None,
            };
            let done =
                handling::change_state(&at(ctx, when), actor, r.id, version, &next, false).await?;
            version = done.version;
        }
        filed.push((r.id, r.code.clone()));
    }
    // A few duplicates, each of an earlier report of the same category, marked by the officer.
    for k in 0..6 {
        let (dup, _) = filed[filed.len() - 1 - k * 3];
        let (_, original) = &filed[k * 5];
        let r = motcua_store::reports::read::get(ctx.db(), dup).await?;
        if r.group != motcua_domain::report::state::StateGroup::Open {
            continue;
        }
        let next = NewState {
            state: "duplicate".into(),
            text: format!("Trùng với phản ánh {original}; theo dõi phản ánh đó."),
            duplicate_of: Some(original.clone()),
        };
        handling::change_state(ctx, &handler, dup, r.version, &next, false).await?;
    }
    // One report a moderator took off the public pages: a phone number and insults in it.
    let moderator = Actor {
        user: Some(user_id(ctx, "kiemduyet").await?),
        name: "Huỳnh Thị Duyệt".into(),
        ip: None,
        cache: None,
    };
    let (spam, _) = filed[filed.len() / 2];
    let r = motcua_store::reports::read::get(ctx.db(), spam).await?;
    let next = NewState {
        state: "hidden".into(),
        text: "Nội dung có lời lẽ xúc phạm và số điện thoại cá nhân; đã ẩn khỏi trang công khai."
            .into(),
        duplicate_of: None,
    };
    handling::change_state(ctx, &moderator, spam, r.version, &next, true).await?;
    out.open = usize::try_from(
        motcua_store::reports::read::count(
            ctx.db(),
            &motcua_store::reports::read::ReportFilter {
                groups: vec!["open".into()],
                ..Default::default()
            },
            100_000,
        )
        .await?,
    )
    .unwrap_or(0);
    out.seconds = started.elapsed().as_secs_f64();
    Ok(out)
}
