//! Command-line interface. Help texts are bilingual: Vietnamese first, English second.

mod calendar;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

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

#[derive(Debug, Subcommand)]
pub enum Command {
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
    }
}
