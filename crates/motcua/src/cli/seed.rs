//! `motcua seed`: fills a database with N believable cases for load tests and benchmarks.

use std::process::ExitCode;
use std::sync::Arc;

use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

use super::DbArgs;
use super::identity_keys::KeyArgs;
use motcua_demo::seed::{self, Options};

#[derive(Debug, Args)]
pub struct SeedArgs {
    #[command(flatten)]
    db: DbArgs,
    #[command(flatten)]
    keys: KeyArgs,
    /// Số hồ sơ và đơn cần tạo (ít nhất 1) / How many cases (dossiers and petitions) to create (at least 1)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=100_000_000))]
    cases: u64,
    /// Tỷ lệ đơn thư trong số đó, từ 0 đến 1 / Share of petitions among them, from 0 to 1
    #[arg(long, default_value_t = 0.1, value_name = "SHARE", value_parser = share)]
    petition_share: f64,
    /// Hạt giống ngẫu nhiên (cùng hạt giống, cùng dữ liệu) / Random seed (same seed, same cases)
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Số năm gần đây mà các hồ sơ trải ra / How many recent years the cases spread over
    #[arg(long, default_value_t = 2, value_name = "YEARS", value_parser = clap::value_parser!(u32).range(1..=10))]
    years: u32,
    /// Số hồ sơ và đơn mỗi giao dịch / Cases per transaction
    #[arg(long, default_value_t = 10_000, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    batch: u64,
}

fn share(s: &str) -> Result<f64, String> {
    let v: f64 = s
        .parse()
        .map_err(|_| format!("không phải số / not a number: {s}"))?;
    if (0.0..=1.0).contains(&v) {
        Ok(v)
    } else {
        Err(format!("phải từ 0 đến 1 / must be between 0 and 1: {s}"))
    }
}

pub async fn run(args: SeedArgs) -> anyhow::Result<ExitCode> {
    let data = &args.db.data;
    // The keys `serve` uses, so that a seeded denouncer can be revealed by a named handler.
    let (keys, _) = args.keys.load_or_create(&args.db).await?;
    let db = args.db.open().await?;
    let year = chrono::Datelike::year(&motcua_store::now());
    let ctx = motcua_app::Context::new(motcua_app::context::Parts {
        db: db.clone(),
        legal_time: Arc::new(super::calendar::load(data)?),
        // The demo's petitions and reception, which `load_once` walks through the live
        // operations, reach two years back; the seeded cases use calendars of their own.
        calendar_years: (year - 4)..=(year + 2),
        identity_keys: Arc::new(keys),
        petition_rules: Arc::new(super::petition_rules::load_petition_rules(data)?),
        reception_rules: Arc::new(super::petition_rules::load_reception_rules(data)?),
        feedback_rules: Arc::new(super::petition_rules::load_feedback_rules(data)?),
        clock: None,
    });
    let result = async {
        // Units, procedures and the demo accounts, once; no demo history, the seed is that.
        let demo = motcua_demo::demo::load_once(&ctx, 0).await?;
        if demo.loaded_now {
            println!(
                "Đã nạp dữ liệu mẫu: {} phiên bản đơn vị, {} phiên bản thủ tục / demo units, procedures and accounts loaded",
                demo.units, demo.procedures
            );
        }
        let opts = Options {
            cases: usize::try_from(args.cases)?,
            petition_share: args.petition_share,
            seed: args.seed,
            batch: usize::try_from(args.batch)?,
            days: i64::from(args.years) * 365,
        };
        let bar = ProgressBar::new(args.cases).with_style(
            ProgressStyle::with_template(
                "{bar:40} {pos}/{len} hồ sơ và đơn / cases ({per_sec}, {eta})",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        let by = motcua_app::Actor::system("motcua seed");
        let report = seed::seed(&ctx, &by, &opts, &|done| bar.set_position(done as u64)).await;
        bar.finish_and_clear();
        let report = report?;
        db.analyze().await?;
        let total = report.dossiers + report.petitions;
        #[allow(clippy::cast_precision_loss)]
        let rate = total as f64 / report.seconds.max(1e-9);
        println!(
            "{total} hồ sơ và đơn ({} hồ sơ, {} đơn; {} đang giải quyết, {} trễ hạn; {} sự kiện; {} người tố cáo được mã hoá) trong {:.1} giây ({rate:.0}/giây) / {total} cases ({} dossiers, {} petitions) in {:.1} s ({rate:.0} cases/s)",
            report.dossiers,
            report.petitions,
            report.open,
            report.late,
            report.events,
            report.sealed,
            report.seconds,
            report.dossiers,
            report.petitions,
            report.seconds,
        );
        anyhow::Ok(())
    }
    .await;
    db.close().await;
    result?;
    Ok(ExitCode::SUCCESS)
}
