//! `motcua token …`: API tokens for integrations, hashed at rest and shown once.

use std::process::ExitCode;

use clap::Subcommand;
use motcua_app::{Actor, accounts};
use motcua_domain::account::Login;
use motcua_domain::{from_vn_local, vn_local};
use motcua_store::{tokens, users};

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
        /// Hết hạn sau số ngày (1–730) / Expires after this many days (1–730)
        #[arg(
            long,
            value_name = "DAYS",
            env = "MOTCUA_TOKEN_LIFETIME_DAYS",
            default_value_t = tokens::DEFAULT_LIFETIME_DAYS,
            value_parser = clap::value_parser!(u32).range(1..=730)
        )]
        expires_in_days: u32,
        /// Dùng được đến hết ngày này (giờ Việt Nam); thay cho --expires-in-days /
        /// Valid to the end of this day (Vietnam time); overrides --expires-in-days
        #[arg(long, value_name = "YYYY-MM-DD")]
        expires: Option<chrono::NaiveDate>,
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
    let ctx = db.context().await?;
    let db = ctx.db();
    let result = async {
        match command {
            TokenCommand::Create {
                user,
                name,
                scopes,
                expires_in_days,
                expires,
            } => {
                let account = find_user(db, &user).await?;
                let expires = match expires {
                    // The token works through the whole of the named day at the counter.
                    Some(day) => day
                        .succ_opt()
                        .map(|next| from_vn_local(next.and_time(chrono::NaiveTime::MIN)))
                        .ok_or_else(|| anyhow::anyhow!("ngày không hợp lệ / invalid date"))?,
                    None => {
                        motcua_store::now() + chrono::Duration::days(i64::from(expires_in_days))
                    }
                };
                let issue = accounts::IssueToken {
                    user: account.id,
                    name,
                    scopes,
                    expires_at: Some(expires),
                };
                let created = accounts::issue_token(&ctx, &actor(), issue).await?;
                if let Some(at) = created.token.expires_at {
                    eprintln!(
                        "Hết hạn lúc / expires at {} (giờ Việt Nam / Vietnam time)",
                        when(at)
                    );
                }
                eprintln!(
                    "Mã truy cập (chỉ hiện một lần, hãy lưu lại) / the token (shown once, keep it):"
                );
                println!("{}", created.plaintext);
            }
            TokenCommand::List { user } => {
                let account = find_user(db, &user).await?;
                let now = motcua_store::now();
                for t in tokens::list_for_user(db, account.id).await? {
                    let expiry = t.expires_at.map_or_else(
                        || "không hết hạn / never expires".to_owned(),
                        |at| format!("hết hạn / expires {}", when(at)),
                    );
                    let state = if t.revoked_at.is_some() {
                        "  (đã thu hồi / revoked)"
                    } else if t.is_expired(now) {
                        "  (ĐÃ HẾT HẠN / EXPIRED)"
                    } else if t.expires_soon(now).is_some() {
                        "  (SẮP HẾT HẠN / EXPIRES SOON)"
                    } else {
                        ""
                    };
                    println!(
                        "{}  {}  [{}]  {expiry}{state}",
                        t.id,
                        t.name,
                        t.scopes.join(" "),
                    );
                }
            }
            TokenCommand::Revoke { id } => {
                let id = motcua_domain::ids::ApiTokenId::parse(&id)?;
                accounts::revoke_token(&ctx, &actor(), id).await?;
                println!("Đã thu hồi / revoked");
            }
        }
        anyhow::Ok(())
    }
    .await;
    db.close().await;
    result.map(|()| ExitCode::SUCCESS)
}

fn actor() -> Actor {
    Actor::system("motcua token")
}

/// A moment as officers read it: Vietnam time, to the minute.
fn when(at: chrono::DateTime<chrono::Utc>) -> String {
    vn_local(at).format("%Y-%m-%d %H:%M").to_string()
}

async fn find_user(db: &motcua_store::Db, login: &str) -> anyhow::Result<users::User> {
    let login = Login::parse(login)?;
    users::find_by_login(db, &login)
        .await?
        .map(|c| c.user)
        .ok_or_else(|| anyhow::anyhow!("không có tài khoản {} / no such account", login.as_str()))
}
