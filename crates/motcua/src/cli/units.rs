//! `motcua units …`: recording reorganisations (merges, splits, renames, abolitions), as the
//! admin pages do.

use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Subcommand, ValueEnum};
use motcua_app::units::RecordChange;
use motcua_app::{Actor, Context};
use motcua_domain::unit::{NewUnit, UnitChangeKind, UnitCode, UnitLevel};
use motcua_store::Db;
use motcua_store::units::{self, SuccessorSpec};

use super::DbArgs;

#[derive(Debug, Subcommand)]
pub enum UnitsCommand {
    /// Liệt kê đơn vị đang có hiệu lực / List the units in force
    List {
        /// Ngày xem (mặc định hôm nay) / As of this date (default today)
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<NaiveDate>,
    },
    /// Ghi nhận sáp nhập: các đơn vị --from hợp thành đơn vị --into từ ngày --effective / Record a merge of the --from units into --into from --effective
    Merge(ChangeArgs),
    /// Ghi nhận chia tách / Record a split
    Split(ChangeArgs),
    /// Ghi nhận đổi tên / Record a rename
    Rename(ChangeArgs),
}

#[derive(Debug, clap::Args)]
pub struct ChangeArgs {
    /// Mã đơn vị trước (có hiệu lực ngày trước --effective); lặp lại được / Predecessor code (in force the day before); repeatable
    #[arg(long = "from", required = true, value_name = "CODE")]
    from: Vec<String>,
    /// Mã đơn vị kế thừa; lặp lại được khi chia tách / Successor code; repeatable for a split
    #[arg(long = "into", required = true, value_name = "CODE")]
    into: Vec<String>,
    /// Tên đơn vị kế thừa mới (bỏ trống nếu đơn vị kế thừa đã có) / Name of a new successor (omit if it already exists)
    #[arg(long, value_name = "NAME")]
    name: Option<String>,
    /// Cấp của đơn vị kế thừa mới / Level of a new successor
    #[arg(long, value_enum)]
    level: Option<LevelArg>,
    /// Mã đơn vị cấp trên của đơn vị kế thừa mới / Parent code of a new successor
    #[arg(long, value_name = "CODE")]
    parent: Option<String>,
    /// Ngày hiệu lực / Effective date
    #[arg(long, value_name = "YYYY-MM-DD")]
    effective: NaiveDate,
    /// Căn cứ pháp lý (ví dụ "Nghị quyết 1655/NQ-UBTVQH15") / Legal basis
    #[arg(long, value_name = "TEXT")]
    basis: String,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum LevelArg {
    Province,
    District,
    Commune,
    Agency,
    Department,
}

impl From<LevelArg> for UnitLevel {
    fn from(l: LevelArg) -> Self {
        match l {
            LevelArg::Province => UnitLevel::Province,
            LevelArg::District => UnitLevel::District,
            LevelArg::Commune => UnitLevel::Commune,
            LevelArg::Agency => UnitLevel::Agency,
            LevelArg::Department => UnitLevel::Department,
        }
    }
}

pub async fn run(db: DbArgs, command: UnitsCommand) -> anyhow::Result<ExitCode> {
    let ctx = db.context().await?;
    let result = match command {
        UnitsCommand::List { date } => list(ctx.db(), date).await,
        UnitsCommand::Merge(a) => change(&ctx, UnitChangeKind::Merge, a).await,
        UnitsCommand::Split(a) => change(&ctx, UnitChangeKind::Split, a).await,
        UnitsCommand::Rename(a) => change(&ctx, UnitChangeKind::Rename, a).await,
    };
    ctx.db().close().await;
    result.map(|()| ExitCode::SUCCESS)
}

async fn list(db: &Db, date: Option<NaiveDate>) -> anyhow::Result<()> {
    let date = date.unwrap_or_else(|| chrono::Local::now().date_naive());
    for u in units::list_in_force(db, date).await? {
        println!(
            "{:<12} {:<11} {}{}",
            u.code.as_str(),
            u.level.code(),
            u.name,
            if u.remote_area {
                " (vùng sâu, vùng xa)"
            } else {
                ""
            }
        );
    }
    Ok(())
}

async fn change(ctx: &Context, kind: UnitChangeKind, a: ChangeArgs) -> anyhow::Result<()> {
    let db = ctx.db();
    let day_before = a.effective.pred_opt().unwrap_or(a.effective);
    let mut predecessors = Vec::new();
    for code in &a.from {
        let code = UnitCode::parse(code)?;
        predecessors.push(units::get_by_code(db, &code, day_before).await?.id);
    }
    let mut successors = Vec::new();
    for code in &a.into {
        let code = UnitCode::parse(code)?;
        match &a.name {
            Some(name) => {
                let level = a.level.map(UnitLevel::from).ok_or_else(|| {
                    anyhow::anyhow!(
                        "đơn vị kế thừa mới cần --level / a new successor needs --level"
                    )
                })?;
                let parent = match &a.parent {
                    Some(p) => Some(
                        units::get_by_code(db, &UnitCode::parse(p)?, a.effective)
                            .await?
                            .id,
                    ),
                    None => None,
                };
                successors.push(SuccessorSpec::New(NewUnit {
                    code,
                    name: name.clone(),
                    level,
                    parent,
                    remote_area: false,
                    effective_from: a.effective,
                    effective_to: None,
                    schedule: None,
                }));
            }
            None => successors.push(SuccessorSpec::Existing(
                units::get_by_code(db, &code, a.effective).await?.id,
            )),
        }
    }
    let change = RecordChange {
        kind,
        predecessors,
        successors,
        effective: a.effective,
        legal_basis: a.basis,
    };
    let recorded =
        motcua_app::units::record_change(ctx, &Actor::system("motcua units"), change).await?;
    println!(
        "Đã ghi nhận: {} đơn vị trước → {} đơn vị kế thừa, hiệu lực {} / recorded",
        recorded.predecessors.len(),
        recorded.successors.len(),
        recorded.effective
    );
    Ok(())
}
