//! Command-line interface. Help texts are bilingual: Vietnamese first, English second.

mod audit;
mod backup;
mod calendar;
pub mod identity_keys;
mod petition_rules;
pub mod private;
mod procedures;
mod seed;
mod serve;
mod token;
mod units;
mod user;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use motcua_store::Db;

#[derive(Debug, Parser)]
#[command(
    name = "motcua",
    version,
    about = "motcua — một cửa cho mọi yêu cầu của người dân / one door for every request a citizen brings to the state",
    disable_help_subcommand = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// Where the database is: the data folder's SQLite file, or a PostgreSQL URL.
#[derive(Debug, Clone, Args)]
pub struct DbArgs {
    /// Thư mục dữ liệu (CSDL SQLite mặc định nằm ở đây) / Data folder (the default SQLite database lives here)
    #[arg(
        long,
        global = true,
        env = "MOTCUA_DATA",
        default_value = "data",
        value_name = "DIR"
    )]
    pub data: PathBuf,
    /// CSDL: sqlite://… hoặc postgres://… / Database URL: sqlite://… or postgres://…
    #[arg(long, global = true, env = "MOTCUA_DATABASE_URL", value_name = "URL")]
    pub database_url: Option<String>,
}

impl DbArgs {
    pub fn url(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| motcua_store::default_sqlite_url(&self.data))
    }

    /// Opens the database and applies any pending migration.
    pub async fn open(&self) -> anyhow::Result<Db> {
        let url = self.url();
        if url.starts_with("sqlite:") || self.data.exists() {
            private::secure_data_folder(&self.data)?;
        }
        Ok(Db::connect_and_migrate(&url).await?)
    }

    /// Opens the database as [`DbArgs::open`] does, in the use cases' context of a command
    /// that edits units, accounts, tokens or the catalogue: this data folder's calendars and
    /// rule books. Those commands (units, user, token, procedures) have no keys folder option
    /// and call only unit, account and catalogue operations, none of which seals or opens an
    /// identity: reading the key file would make them fail, or create keys, on a host that
    /// keeps its keys elsewhere. The context's keyring is therefore a fresh one kept nowhere;
    /// a command that registers petitions or visits must build its context with the real
    /// keyring instead (as `seed` and `serve --demo` do through `KeyArgs`).
    pub async fn context(&self) -> anyhow::Result<motcua_app::Context> {
        use chrono::Datelike as _;
        let year = motcua_store::now().year();
        Ok(motcua_app::Context::new(motcua_app::context::Parts {
            db: self.open().await?,
            legal_time: std::sync::Arc::new(calendar::load(&self.data)?),
            calendar_years: (year - 4)..=(year + 2),
            identity_keys: std::sync::Arc::new(motcua_vault::Keyring::ephemeral()),
            petition_rules: std::sync::Arc::new(petition_rules::load_petition_rules(&self.data)?),
            reception_rules: std::sync::Arc::new(petition_rules::load_reception_rules(&self.data)?),
            feedback_rules: std::sync::Arc::new(petition_rules::load_feedback_rules(&self.data)?),
            clock: None,
        }))
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Chạy máy chủ web / Run the web server
    Serve(serve::ServeArgs),
    /// Áp dụng các bản chuyển đổi CSDL / Apply database migrations
    Migrate {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Đơn vị hành chính: sáp nhập, chia tách, đổi tên / Administrative units: merges, splits, renames
    Units {
        #[command(flatten)]
        db: DbArgs,
        #[command(subcommand)]
        command: units::UnitsCommand,
    },
    /// Người dùng / Users
    User {
        #[command(flatten)]
        db: DbArgs,
        #[command(subcommand)]
        command: user::UserCommand,
    },
    /// Mã truy cập API cho hệ thống tích hợp / API tokens for integrations
    Token {
        #[command(flatten)]
        db: DbArgs,
        #[command(subcommand)]
        command: token::TokenCommand,
    },
    /// Danh mục thủ tục hành chính: nhập, xuất / Procedure catalogue: import, export
    Procedures {
        #[command(flatten)]
        db: DbArgs,
        #[command(subcommand)]
        command: procedures::ProceduresCommand,
    },
    /// Nhật ký kiểm toán / Audit log
    Audit {
        #[command(flatten)]
        db: DbArgs,
        #[command(flatten)]
        keys: identity_keys::KeyArgs,
        #[command(subcommand)]
        command: audit::AuditCommand,
    },
    /// Khoá mã hoá danh tính người tố cáo: xoay khoá, trạng thái / Keys sealing denouncers' identities: rotation, status
    IdentityKeys {
        #[command(flatten)]
        db: DbArgs,
        #[command(flatten)]
        keys: identity_keys::KeyArgs,
        #[command(subcommand)]
        command: identity_keys::IdentityKeysCommand,
    },
    /// Sao lưu CSDL (kể cả tệp đính kèm) trong khi máy chủ chạy; khoá KHÔNG nằm trong bản sao lưu / Back up the database (uploaded files included) while the server runs; the keys are NOT in it
    Backup(backup::BackupArgs),
    /// Khôi phục bản sao lưu vào thư mục dữ liệu mới (trống) / Restore a backup into a new (empty) data folder
    Restore(backup::RestoreArgs),
    /// Tạo N hồ sơ và đơn giống thật để đo tải / Fill the database with N realistic cases for load tests
    Seed(seed::SeedArgs),
    /// Lịch âm, ngày nghỉ, giờ làm việc và hạn giải quyết / Lunar calendar, holidays, working time and due dates
    Calendar {
        /// Thư mục dữ liệu; các tệp trong DIR/calendar thay thế mặc định / Data folder; files in DIR/calendar override the defaults
        #[arg(long, global = true, default_value = "data", value_name = "DIR")]
        data: PathBuf,
        #[command(subcommand)]
        command: calendar::CalendarCommand,
    },
}

/// Gives clap's own texts (headings, the help and version flags) their Vietnamese form too,
/// in every subcommand.
pub fn bilingual(cmd: clap::Command) -> clap::Command {
    let has_version = cmd.get_version().is_some();
    let cmd = cmd
        .help_template("{about-with-newline}\nCách dùng / Usage: {usage}\n\n{all-args}{after-help}")
        .subcommand_help_heading("Lệnh / Commands")
        .mut_args(|a| {
            if a.is_positional() {
                a.help_heading("Đối số / Arguments")
            } else {
                a.help_heading("Tùy chọn / Options")
            }
        })
        .disable_help_flag(true)
        .arg(
            clap::Arg::new("help")
                .short('h')
                .long("help")
                .action(clap::ArgAction::Help)
                .help("In trợ giúp / Print help")
                .help_heading("Tùy chọn / Options"),
        );
    let cmd = if has_version {
        cmd.disable_version_flag(true).arg(
            clap::Arg::new("version")
                .short('V')
                .long("version")
                .action(clap::ArgAction::Version)
                .help("In phiên bản / Print version")
                .help_heading("Tùy chọn / Options"),
        )
    } else {
        cmd
    };
    cmd.mut_subcommands(bilingual)
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Calendar { data, command } => calendar::run(&data, command),
        Command::Serve(args) => runtime()?.block_on(serve::run(args)),
        Command::Seed(args) => runtime()?.block_on(seed::run(args)),
        Command::Migrate { db } => runtime()?.block_on(async {
            let db = db.open().await?;
            db.close().await;
            println!("Đã áp dụng các bản chuyển đổi CSDL / migrations applied");
            Ok(ExitCode::SUCCESS)
        }),
        Command::Units { db, command } => runtime()?.block_on(units::run(db, command)),
        Command::User { db, command } => runtime()?.block_on(user::run(db, command)),
        Command::Token { db, command } => runtime()?.block_on(token::run(db, command)),
        Command::Procedures { db, command } => runtime()?.block_on(procedures::run(db, command)),
        Command::Audit { db, keys, command } => runtime()?.block_on(audit::run(db, keys, command)),
        Command::Backup(args) => runtime()?.block_on(backup::backup(args)),
        Command::Restore(args) => runtime()?.block_on(backup::restore(args)),
        Command::IdentityKeys { db, keys, command } => {
            runtime()?.block_on(identity_keys::run(db, keys, command))
        }
    }
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?)
}
