//! `motcua serve --demo`: loads, once, a demo worth looking at — the units around Bạc Liêu
//! before and after the 2025 reform, one account per role, and the procedure catalogue.
//! The files live in `data/demo/` and are built into the binary, so the demo works from any
//! folder.

pub mod comments;
pub mod history;
pub mod news;
pub mod petitions;
pub mod polls;
pub mod reports;

use std::net::SocketAddr;

use anyhow::Context as _;
use chrono::NaiveDate;
use motcua_app::{Actor, Context, accounts, catalogue as catalogue_ops, units as unit_ops};
use motcua_domain::account::Login;
use motcua_domain::catalogue;
use motcua_domain::ids::UnitId;
use motcua_domain::role::{Role, RoleGrant};
use motcua_domain::unit::{NewUnit, UnitChangeKind, UnitCode, UnitLevel};
use motcua_store::units::{self, SuccessorSpec};
use motcua_store::users::NewUser;
use serde::Deserialize;

const UNITS: &str = include_str!("../../../../data/demo/units.toml");
const PROCEDURES: &[u8] = include_bytes!("../../../../data/demo/procedures.csv");

/// The demo password of every demo account. Printed at start; a demo is not a deployment.
pub const DEMO_PASSWORD: &str = "motcua-demo";

/// One demo account per role: (login, full name, role, unit code or none).
const ACCOUNTS: [(&str, &str, Role, Option<&str>); 11] = [
    ("quantri", "Quản trị hệ thống", Role::SystemAdmin, None),
    ("quantri.tinh", "Lê Văn Quản", Role::UnitAdmin, Some("96")),
    (
        "motcua.baclieu",
        "Nguyễn Thị Một Cửa",
        Role::DeskOfficer,
        Some("31825"),
    ),
    (
        "chuyenvien.baclieu",
        "Trần Văn Chuyên",
        Role::Specialist,
        Some("31825"),
    ),
    (
        "lanhdao.baclieu",
        "Phạm Minh Lãnh",
        Role::Head,
        Some("31825"),
    ),
    (
        "xulydon.baclieu",
        "Võ Thị Đơn",
        Role::PetitionHandler,
        Some("31825"),
    ),
    ("thanhtra.tinh", "Đặng Văn Tra", Role::Inspector, Some("96")),
    ("kiemduyet", "Huỳnh Thị Duyệt", Role::Moderator, Some("96")),
    (
        "bientap.baclieu",
        "Nguyễn Minh Khởi",
        Role::Editor,
        Some("31825"),
    ),
    ("duyettin.tinh", "Lâm Thị Tin", Role::Approver, Some("96")),
    ("congdan", "Lý Văn Dân", Role::Citizen, None),
];

#[derive(Debug, Deserialize)]
struct UnitsFile {
    unit: Vec<UnitEntry>,
    change: Vec<ChangeEntry>,
}

#[derive(Debug, Deserialize)]
struct UnitEntry {
    code: String,
    name: String,
    level: String,
    parent: Option<String>,
    #[serde(default)]
    remote_area: bool,
    effective_from: NaiveDate,
    effective_to: Option<NaiveDate>,
}

#[derive(Debug, Deserialize)]
struct ChangeEntry {
    kind: String,
    from: Vec<String>,
    to: Vec<String>,
    effective: NaiveDate,
    legal_basis: String,
}

/// What the demo loaded, for the start-up message.
#[derive(Debug)]
pub struct DemoReport {
    pub loaded_now: bool,
    pub units: usize,
    pub procedures: usize,
    pub history: Option<history::HistoryReport>,
    pub petitions: Option<petitions::PetitionsReport>,
    pub reports: Option<reports::ReportsReport>,
    pub polls: Option<polls::PollsReport>,
    pub news: Option<news::NewsReport>,
    pub comments: Option<comments::CommentsReport>,
}

impl DemoReport {
    pub fn print(&self, addr: SocketAddr) {
        if self.loaded_now {
            println!(
                "Đã nạp dữ liệu mẫu: {} phiên bản đơn vị, {} phiên bản thủ tục / demo data loaded",
                self.units, self.procedures
            );
            if let Some(h) = &self.history {
                println!(
                    "Lịch sử hai năm: {} hồ sơ ({} đang giải quyết, {} trễ hạn, {} có yêu cầu bổ sung, {} lượt đánh giá) trong {:.1} giây / two years of history",
                    h.dossiers, h.open, h.late, h.supplements, h.ratings, h.seconds
                );
            }
            if let Some(p) = &self.petitions {
                println!(
                    "Tiếp công dân và xử lý đơn: {} ngày tiếp, {} phiên, {} lượt tiếp; {} đơn ({} khiếu nại, {} tố cáo, {} kiến nghị, {} phản ánh; {} đang xử lý, {} quá hạn) trong {:.1} giây / citizen reception and petitions",
                    p.reception_days,
                    p.sessions,
                    p.visits,
                    p.petitions,
                    p.complaints,
                    p.denunciations,
                    p.recommendations,
                    p.feedback,
                    p.open,
                    p.overdue,
                    p.seconds
                );
            }
            if let Some(r) = &self.reports {
                println!(
                    "Phản ánh hiện trường: {} phản ánh ({} đang xử lý, {} có ảnh) trong {:.1} giây / place reports",
                    r.reports, r.open, r.with_photos, r.seconds
                );
            }
            if let Some(p) = &self.polls {
                println!(
                    "Thăm dò ý kiến: {} cuộc, {} phiếu / polls",
                    p.polls, p.ballots
                );
            }
            if let Some(n) = &self.news {
                println!(
                    "Tin tức: {} chuyên mục, {} bài đã đăng, {} bài trong tòa soạn, một thông tin cần biết / news",
                    n.sections, n.published, n.in_newsroom
                );
            }
            if let Some(c) = &self.comments {
                println!(
                    "Bình luận: {} bình luận, {} bị ẩn sau kiểm duyệt / comments",
                    c.comments, c.hidden
                );
            }
        } else {
            println!("Dữ liệu mẫu đã có từ lần chạy trước / demo data already loaded");
        }
        println!(
            "Tài khoản mẫu (mật khẩu chung: {DEMO_PASSWORD}) / demo logins (password: {DEMO_PASSWORD}):"
        );
        for (login, name, role, unit) in ACCOUNTS {
            println!(
                "  {login:<20} {:<28} {name}{}",
                role.label_vi(),
                unit.map(|u| format!(" — đơn vị {u}")).unwrap_or_default()
            );
        }
        println!("Mở / open http://{addr}/");
    }
}

fn level_rank(level: UnitLevel) -> u8 {
    match level {
        UnitLevel::Province => 0,
        UnitLevel::District => 1,
        UnitLevel::Commune => 2,
        UnitLevel::Agency => 3,
        UnitLevel::Department => 4,
    }
}

/// Loads the demo unless the database already holds units (it was loaded before, or this is a
/// real deployment: the demo never writes over real data). Everything goes through the same
/// operations as an administrator's or an officer's work, recorded as the system's (the set-up)
/// or as the demo officer who did it (the petitions and reception), and the history through the
/// history import. Each operation commits on its own: a load cut short leaves units in place and
/// is not retried, so start again from an empty data folder.
pub async fn load_once(ctx: &Context, history_dossiers: usize) -> anyhow::Result<DemoReport> {
    if !units::list_all(ctx.db()).await?.is_empty() {
        return Ok(DemoReport {
            loaded_now: false,
            units: 0,
            procedures: 0,
            history: None,
            petitions: None,
            reports: None,
            polls: None,
            news: None,
            comments: None,
        });
    }
    let by = Actor::system("motcua serve --demo");
    // Hash the one demo password once, off the async threads.
    let hash = accounts::password::hash(DEMO_PASSWORD.to_owned()).await?;
    let versions = load_units(ctx, &by).await?;
    let today = motcua_domain::vn_date(ctx.now());
    for (login, name, role, unit) in ACCOUNTS {
        let unit = match unit {
            Some(code) => Some(versions.in_force(code, today)?),
            None => None,
        };
        accounts::create(
            ctx,
            &by,
            accounts::NewAccount {
                user: NewUser {
                    login: Login::parse(login)?,
                    full_name: name.to_owned(),
                    email: Some(format!("{login}@demo.motcua.invalid")),
                    password_hash: hash.clone(),
                    unit,
                },
                roles: vec![RoleGrant::new(role, unit)?],
            },
        )
        .await?;
    }
    let outcome = catalogue::parse_csv(PROCEDURES);
    anyhow::ensure!(
        outcome.is_clean(),
        "the demo catalogue has invalid rows: {:?}",
        outcome.errors
    );
    let report = catalogue_ops::import(
        ctx,
        &by,
        catalogue_ops::Import {
            outcome,
            skip_invalid: false,
        },
        &mut |_, _| {},
    )
    .await?;
    let history = if history_dossiers > 0 {
        Some(
            history::generate(ctx, history_dossiers)
                .await
                .context("generating the demo history")?,
        )
    } else {
        None
    };
    let petitions = petitions::generate(ctx)
        .await
        .context("generating the demo petitions")?;
    let reports = reports::generate(ctx)
        .await
        .context("generating the demo place reports")?;
    let polls = polls::generate(ctx, versions.in_force("31825", today)?)
        .await
        .context("generating the demo polls")?;
    let news = news::generate(ctx, versions.in_force("31825", today)?)
        .await
        .context("generating the demo news")?;
    let comments = comments::generate(ctx, &hash, news.seed)
        .await
        .context("generating the demo comments")?;
    Ok(DemoReport {
        comments: Some(comments),
        news: Some(news),
        reports: Some(reports),
        polls: Some(polls),
        loaded_now: true,
        units: versions.0.len(),
        procedures: report.written(),
        history,
        petitions: Some(petitions),
    })
}

/// The unit versions the demo created: (code, first day, last day, id). Codes are reused
/// across the reform, so a reference is resolved by code and date.
#[derive(Debug, Default)]
struct Versions(Vec<(String, NaiveDate, Option<NaiveDate>, UnitId)>);

impl Versions {
    fn in_force(&self, code: &str, date: NaiveDate) -> anyhow::Result<UnitId> {
        self.0
            .iter()
            .find(|(c, from, to, _)| c == code && *from <= date && to.is_none_or(|t| date <= t))
            .map(|v| v.3)
            .with_context(|| format!("data/demo/units.toml: no unit {code} in force on {date}"))
    }
}

async fn load_units(ctx: &Context, by: &Actor) -> anyhow::Result<Versions> {
    let file: UnitsFile = toml::from_str(UNITS).context("data/demo/units.toml")?;
    let mut entries: Vec<(UnitLevel, UnitEntry)> = file
        .unit
        .into_iter()
        .map(|u| Ok((UnitLevel::parse(&u.level)?, u)))
        .collect::<anyhow::Result<_>>()?;
    // Parents before children: older versions first, then by level.
    entries.sort_by_key(|(level, u)| (u.effective_from, level_rank(*level)));
    let mut created = Versions::default();
    for (level, u) in &entries {
        let parent = match &u.parent {
            Some(p) => Some(created.in_force(p, u.effective_from)?),
            None => None,
        };
        let unit = unit_ops::create(
            ctx,
            by,
            NewUnit {
                code: UnitCode::parse(&u.code)?,
                name: u.name.clone(),
                level: *level,
                parent,
                remote_area: u.remote_area,
                effective_from: u.effective_from,
                effective_to: u.effective_to,
                schedule: None,
            },
        )
        .await
        .with_context(|| format!("demo unit {} ({})", u.name, u.code))?;
        created
            .0
            .push((u.code.clone(), u.effective_from, u.effective_to, unit.id));
    }
    for c in &file.change {
        let kind = match c.kind.as_str() {
            "merge" => UnitChangeKind::Merge,
            "split" => UnitChangeKind::Split,
            "rename" => UnitChangeKind::Rename,
            "abolish" => UnitChangeKind::Abolish,
            other => anyhow::bail!("data/demo/units.toml: unknown change kind {other}"),
        };
        let day_before = c.effective.pred_opt().unwrap_or(c.effective);
        let mut predecessors = Vec::new();
        for code in &c.from {
            predecessors.push(created.in_force(code, day_before)?);
        }
        let mut successors = Vec::new();
        for code in &c.to {
            successors.push(SuccessorSpec::Existing(
                created.in_force(code, c.effective)?,
            ));
        }
        unit_ops::record_change(
            ctx,
            by,
            unit_ops::RecordChange {
                kind,
                predecessors,
                successors,
                effective: c.effective,
                legal_basis: c.legal_basis.clone(),
            },
        )
        .await
        .with_context(|| format!("demo change {} {:?} → {:?}", c.kind, c.from, c.to))?;
    }
    Ok(created)
}
