//! `motcua user create`: the first administrator (and any other account) from the command line.
//! `motcua user unlock`: lifts the waits that failed logins put on an account.

use std::io::BufRead;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::Subcommand;
use motcua_app::{Actor, Context, accounts};
use motcua_domain::account::Login;
use motcua_domain::role::{Role, RoleGrant};
use motcua_domain::unit::UnitCode;
use motcua_store::users::NewUser;

use super::DbArgs;

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Tạo tài khoản; mật khẩu đọc từ đầu vào chuẩn / Create an account; the password is read from standard input
    Create {
        #[arg(long)]
        login: String,
        /// Họ và tên / Full name
        #[arg(long)]
        name: String,
        /// Vai trò (citizen, desk_officer, specialist, head, petition_handler, inspector, moderator, unit_admin, system_admin); lặp lại được / Role; repeatable
        #[arg(long = "role", required = true)]
        roles: Vec<String>,
        /// Mã đơn vị phạm vi của vai trò / Unit code that scopes the roles
        #[arg(long, value_name = "CODE")]
        unit: Option<String>,
        #[arg(long)]
        email: Option<String>,
    },
    /// Bỏ thời gian chờ sau nhiều lần đăng nhập sai, từ mọi địa chỉ / Lift the wait that repeated failed logins put on an account, from every address
    Unlock {
        #[arg(long)]
        login: String,
    },
}

pub async fn run(db: DbArgs, command: UserCommand) -> anyhow::Result<ExitCode> {
    let ctx = db.context().await?;
    let result = match command {
        UserCommand::Create {
            login,
            name,
            roles,
            unit,
            email,
        } => create(&ctx, &login, &name, &roles, unit.as_deref(), email).await,
        UserCommand::Unlock { login } => unlock(&ctx, &login).await,
    };
    ctx.db().close().await;
    result.map(|()| ExitCode::SUCCESS)
}

async fn create(
    ctx: &Context,
    login: &str,
    name: &str,
    roles: &[String],
    unit: Option<&str>,
    email: Option<String>,
) -> anyhow::Result<()> {
    let login = Login::parse(login)?;
    let roles = roles
        .iter()
        .map(|r| Role::parse(r))
        .collect::<Result<Vec<_>, _>>()?;
    let unit = match unit {
        Some(code) => Some(
            motcua_store::units::get_by_code(
                ctx.db(),
                &UnitCode::parse(code)?,
                chrono::Local::now().date_naive(),
            )
            .await?
            .id,
        ),
        None => None,
    };
    eprintln!("Nhập mật khẩu (một dòng) / enter the password (one line):");
    let mut password = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut password)
        .context("không đọc được mật khẩu / cannot read the password")?;
    let password = password.trim_end_matches(['\r', '\n']).to_owned();
    if password.chars().count() < 8 {
        anyhow::bail!("mật khẩu cần ít nhất 8 ký tự / the password needs at least 8 characters");
    }
    let hash = motcua_app::accounts::password::hash(password).await?;
    let roles = roles
        .into_iter()
        .map(|role| RoleGrant::new(role, unit))
        .collect::<Result<Vec<_>, _>>()?;
    let new = accounts::NewAccount {
        user: NewUser {
            login,
            full_name: name.to_owned(),
            email,
            password_hash: hash,
            unit,
        },
        roles,
    };
    let user = accounts::create(ctx, &Actor::system("motcua user"), new).await?;
    println!("Đã tạo tài khoản {} / account created", user.login.as_str());
    Ok(())
}

async fn unlock(ctx: &Context, login: &str) -> anyhow::Result<()> {
    let login = Login::parse(login)?;
    let cleared = accounts::unlock(ctx, &Actor::system("motcua user"), &login).await?;
    println!(
        "Đã bỏ thời gian chờ của {login} ({cleared} lần sai) / login wait lifted ({cleared} failures cleared)"
    );
    Ok(())
}
