//! `motcua audit verify`: walks the hash chain and names the first entry that was edited,
//! inserted or deleted.

use std::process::ExitCode;

use clap::Subcommand;

use super::DbArgs;

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Kiểm tra chuỗi băm của nhật ký / Verify the log's hash chain
    Verify,
}

pub async fn run(db: DbArgs, command: AuditCommand) -> anyhow::Result<ExitCode> {
    let db = db.open().await?;
    let AuditCommand::Verify = command;
    let result = motcua_store::audit::verify(&db).await;
    let heads = motcua_store::audit::heads(&db).await;
    db.close().await;
    match result? {
        None => {
            let heads = heads?;
            let count: i64 = heads.iter().map(|h| h.seq).sum();
            println!(
                "Nhật ký kiểm toán nguyên vẹn ({count} mục) / audit log intact ({count} entries)"
            );
            // Each lane's last hash, to be copied somewhere the database's users cannot write:
            // a later run that no longer reaches it proves the lane was cut short.
            for h in &heads {
                println!(
                    "mạch {} / lane {}: số {} / entry {}, {}",
                    h.lane, h.lane, h.seq, h.seq, h.entry_hash
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(b) => {
            eprintln!(
                "Nhật ký kiểm toán không còn nguyên vẹn / the audit log was tampered with: {} ({})",
                b.message_vi(),
                serde_json::to_string(&b)?
            );
            Ok(ExitCode::FAILURE)
        }
    }
}
