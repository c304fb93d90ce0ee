//! `motcua procedures import|export`: the catalogue as CSV or XLSX (layout in
//! docs/CATALOGUE_IMPORT.md), with a progress bar and a per-row error report.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Subcommand;
use indicatif::{ProgressBar, ProgressStyle};
use motcua_app::Actor;
use motcua_app::catalogue as catalogue_ops;
use motcua_domain::catalogue;
use motcua_store::procedures;

use super::DbArgs;

#[derive(Debug, Subcommand)]
pub enum ProceduresCommand {
    /// Nhập danh mục từ tệp .csv hoặc .xlsx / Import the catalogue from a .csv or .xlsx file
    Import {
        file: PathBuf,
        /// Bỏ qua các dòng lỗi, nhập các dòng hợp lệ / Skip invalid rows, import the valid ones
        #[arg(long)]
        skip_invalid: bool,
    },
    /// Xuất danh mục ra tệp .csv hoặc .xlsx / Export the catalogue to a .csv or .xlsx file
    Export { file: PathBuf },
}

fn is_xlsx(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

pub async fn run(db: DbArgs, command: ProceduresCommand) -> anyhow::Result<ExitCode> {
    let ctx = db.context().await?;
    let db = ctx.db();
    let result = async {
        match command {
            ProceduresCommand::Import { file, skip_invalid } => {
                let bytes = std::fs::read(&file)
                    .with_context(|| format!("không đọc được {} / cannot read it", file.display()))?;
                let outcome = if is_xlsx(&file) {
                    catalogue::parse_xlsx(&bytes)
                } else {
                    catalogue::parse_csv(&bytes)
                };
                let bar = ProgressBar::new(outcome.valid.len() as u64).with_style(
                    ProgressStyle::with_template("{bar:40} {pos}/{len} dòng / rows ({eta})")
                        .unwrap_or_else(|_| ProgressStyle::default_bar()),
                );
                let mut progress = |done: usize, _total: usize| bar.set_position(done as u64);
                let import = catalogue_ops::Import {
                    outcome,
                    skip_invalid,
                };
                let actor = Actor::system("motcua procedures");
                let report = catalogue_ops::import(&ctx, &actor, import, &mut progress).await?;
                bar.finish_and_clear();
                for e in &report.errors {
                    eprintln!("dòng / row {}, cột / column {}: {}", e.row, e.column, e.message);
                }
                if !report.errors.is_empty() && !skip_invalid {
                    eprintln!(
                        "Không nhập dòng nào vì có {} lỗi (dùng --skip-invalid để bỏ qua dòng lỗi) / nothing imported: {} invalid rows",
                        report.errors.len(),
                        report.errors.len()
                    );
                    return Ok(ExitCode::FAILURE);
                }
                println!(
                    "Đã nhập: {} mới, {} cập nhật, {} không đổi, {} dòng lỗi bỏ qua / imported: {} new, {} updated, {} unchanged, {} invalid skipped",
                    report.created,
                    report.updated,
                    report.unchanged,
                    report.errors.len(),
                    report.created,
                    report.updated,
                    report.unchanged,
                    report.errors.len()
                );
                Ok(ExitCode::SUCCESS)
            }
            ProceduresCommand::Export { file } => {
                let versions = procedures::export_all(db).await?;
                let bytes = if is_xlsx(&file) {
                    catalogue::export_xlsx(&versions)?
                } else {
                    catalogue::export_csv(&versions)
                };
                std::fs::write(&file, bytes)
                    .with_context(|| format!("không ghi được {} / cannot write it", file.display()))?;
                println!(
                    "Đã xuất {} phiên bản thủ tục ra {} / exported",
                    versions.len(),
                    file.display()
                );
                Ok(ExitCode::SUCCESS)
            }
        }
    }
    .await;
    db.close().await;
    result
}
