//! `motcua token …`: API tokens for integrations, hashed at rest and shown once.

use std::process::ExitCode;

use clap::Subcommand;
use motcua_domain::account::Login;
use motcua_store::{AuditContext, tokens, users};

use super::DbArgs;

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Tạo mã truy cập cho một tài khoản; mã chỉ hiện một lần / Create a token for an account; it is shown once
    Create {
        /// Tài khoản sở hữu mã / The account that owns the token
        #[arg(long)]
        user: String,
        /// Tên gợi nhớ (ví dụ "Cổng DVC tỉnh") / A name to recognise it by
        #[arg(long)]
        name: String,
        /// Phạm vi (ví dụ catalogue:read); lặp lại được / Scope (e.g. catalogue:read); repeatable
        #[arg(long = "scope", required = true)]
        scopes: Vec<String>,
        /// Hết hạn sau số ngày / Expires after this many days
        #[arg(long, value_name = "DAYS")]
        expires_in_days: Option<u32>,
    },
    /// Liệt kê mã của một tài khoản / List an account's tokens
    List {
        #[arg(long)]
        user: String,
    },
    /// Thu hồi mã / Revoke a token
    Revoke {
        /// Mã định danh của token (cột id của `token list`) / The token's id (from `token list`)
        id: String,
    },
}

pub async fn run(db: DbArgs, command: TokenCommand) -> anyhow::Result<ExitCode> {
    let db = db.open().await?;
    let result = async {
        match command {
            TokenCommand::Create {
                user,
                name,
                scopes,
                expires_in_days,
            } => {
                let account = find_user(&db, &user).await?;
                let expires = expires_in_days
                    .map(|d| motcua_store::now() + chrono::Duration::days(i64::from(d)));
                let mut tx = db.begin().await?;
                let created = tokens::create(
                    &mut tx,
                    &AuditContext::system(),
                    account.id,
                    &name,
                    &scopes,
                    expires,
                )
                .await?;
                tx.commit().await?;
                eprintln!(
                    "Mã truy cập (chỉ hiện một lần, hãy lưu lại) / the token (shown once, keep it):"
                );
                println!("{}", created.plaintext);
            }
            TokenCommand::List { user } => {
                let account = find_user(&db, &user).await?;
                for t in tokens::list_for_user(&db, account.id).await? {
                    println!(
                        "{}  {}  [{}]{}",
                        t.id,
                        t.name,
                        t.scopes.join(" "),
                        if t.revoked_at.is_some() {
                            "  (đã thu hồi / revoked)"
                        } else {
                            ""
                        }
                    );
                }
            }
            TokenCommand::Revoke { id } => {
                let id = motcua_domain::ids::ApiTokenId::parse(&id)?;
                let mut tx = db.begin().await?;
                tokens::revoke(&mut tx, &AuditContext::system(), id).await?;
                tx.commit().await?;
                println!("Đã thu hồi / revoked");
            }
        }
        anyhow::Ok(())
    }
    .await;
    db.close().await;
    result.map(|()| ExitCode::SUCCESS)
}

async fn find_user(db: &motcua_store::Db, login: &str) -> anyhow::Result<users::User> {
    let login = Login::parse(login)?;
    users::find_by_login(db, &login)
        .await?
        .map(|c| c.user)
        .ok_or_else(|| anyhow::anyhow!("không có tài khoản {} / no such account", login.as_str()))
}
