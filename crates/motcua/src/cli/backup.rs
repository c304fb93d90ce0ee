//! `motcua backup --to DIR` and `motcua restore --from DIR --data NEWDIR`.
//!
//! SQLite: `VACUUM INTO` writes a consistent copy of the database as one read transaction
//! sees it, while the server keeps reading and writing (WAL mode lets the writer go on; the
//! copy holds every transaction committed before the read began and none after). It is one SQL
//! statement with no page-by-page restart under write load, which the online backup API would
//! need, and the copy comes out compacted, without a `-wal` to carry along. Uploaded files live
//! in the database (`stored_file`), so they are in the copy.
//! PostgreSQL: `pg_dump --format=custom` (one snapshot of the whole database, taken while
//! the servers run) and `pg_restore` into a new, empty database.
//! The data folder's other files (calendar and petition rules, notification settings) are
//! copied beside the database. The keys are never in a backup: they are backed up apart, so
//! that whoever holds a backup does not also hold the key that opens the identities in it.

use std::fs;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::str::FromStr as _;

use anyhow::Context as _;
use clap::Args;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::Connection as _;
use sqlx::sqlite::SqliteConnectOptions;

use super::DbArgs;
use super::identity_keys::{KeyArgs, create_private_dir};

const MANIFEST: &str = "manifest.json";
const FORMAT: &str = "motcua-backup/1";
const SQLITE_FILE: &str = "motcua.sqlite3";
const PG_FILE: &str = "motcua.pgdump";
/// The data folder's other files go under this folder of the backup.
const FILES_DIR: &str = "data-files";

#[derive(Debug, Args)]
pub struct BackupArgs {
    #[command(flatten)]
    db: DbArgs,
    #[command(flatten)]
    keys: KeyArgs,
    /// Thư mục sao lưu mới (chưa có hoặc trống) / New backup folder (absent or empty)
    #[arg(long, value_name = "DIR")]
    to: PathBuf,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Thư mục sao lưu do `motcua backup` tạo / Backup folder written by `motcua backup`
    #[arg(long, value_name = "DIR")]
    from: PathBuf,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    format: String,
    created_at: String,
    /// `sqlite` or `postgres`.
    backend: String,
    /// Every file of the backup but the manifest, with its size and sha256.
    files: Vec<FileEntry>,
    /// The audit log's lane heads in the copy (SQLite; PostgreSQL's are in the dump).
    audit_heads: Vec<motcua_domain::checkpoint::LaneHead>,
    /// Uploaded files stored in the database, as counted in the copy (SQLite).
    stored_files: Option<i64>,
    keys_note: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileEntry {
    path: String,
    bytes: u64,
    sha256: String,
}

fn is_postgres(url: &str) -> bool {
    url.starts_with("postgres:") || url.starts_with("postgresql:")
}

/// A folder that can receive a backup or a restore: absent, or present and empty.
fn refuse_non_empty(dir: &Path, what: &str) -> anyhow::Result<()> {
    if let Ok(mut entries) = fs::read_dir(dir) {
        anyhow::ensure!(
            entries.next().is_none(),
            "{what} {} không trống: chỉ ghi vào thư mục mới hoặc trống, để không trộn hay ghi đè \
             dữ liệu / {what} {} is not empty: only a new or empty folder is written to, so that \
             nothing is mixed or overwritten",
            dir.display(),
            dir.display()
        );
    } else {
        anyhow::ensure!(
            !dir.exists(),
            "{} không phải thư mục / is not a folder",
            dir.display()
        );
    }
    Ok(())
}

fn sha256_of(path: &Path) -> anyhow::Result<(u64, String)> {
    let mut f = fs::File::open(path).with_context(|| format!("mở / opening {}", path.display()))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut n = 0u64;
    loop {
        let k = f.read(&mut buf)?;
        if k == 0 {
            break;
        }
        h.update(&buf[..k]);
        n += k as u64;
    }
    Ok((n, hex::encode(h.finalize())))
}

/// The data folder's own files (not the database, not keys), relative to it.
fn data_files(data: &Path) -> anyhow::Result<Vec<PathBuf>> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) -> anyhow::Result<()> {
        for e in fs::read_dir(dir).with_context(|| format!("đọc / reading {}", dir.display()))? {
            let e = e?;
            let path = e.path();
            let rel = path.strip_prefix(root)?.to_path_buf();
            let name = rel.to_string_lossy();
            // The database is copied consistently above, never as a live file; keys never.
            if rel.components().count() == 1
                && (name.starts_with(SQLITE_FILE) || name == "keys" || name.starts_with('.'))
            {
                continue;
            }
            let ft = e.file_type()?;
            if ft.is_dir() {
                walk(root, &path, out)?;
            } else if ft.is_file() {
                out.push(rel);
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    if data.is_dir() {
        walk(data, data, &mut out)?;
    }
    out.sort();
    Ok(out)
}

fn copy_file(from: &Path, to: &Path) -> anyhow::Result<()> {
    if let Some(parent) = to.parent() {
        create_private_dir(parent)?;
    }
    fs::copy(from, to).with_context(|| format!("chép / copying {}", from.display()))?;
    Ok(())
}

fn run_tool(cmd: &mut Command, name: &str) -> anyhow::Result<()> {
    let out = cmd
        .output()
        .with_context(|| format!("chạy / running {name} (đã cài chưa? / is it installed?)"))?;
    anyhow::ensure!(
        out.status.success(),
        "{name} thất bại / failed ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr).trim()
    );
    Ok(())
}

pub async fn backup(args: BackupArgs) -> anyhow::Result<ExitCode> {
    let to = &args.to;
    refuse_non_empty(to, "thư mục sao lưu / backup folder")?;
    let url = args.db.url();
    create_private_dir(to)?;
    let (backend, db_file, audit_heads, stored_files) = if is_postgres(&url) {
        let file = to.join(PG_FILE);
        run_tool(
            Command::new("pg_dump")
                .arg("--format=custom")
                .arg("--no-owner")
                .arg("--no-privileges")
                .arg(format!("--file={}", file.display()))
                .arg(format!("--dbname={url}")),
            "pg_dump",
        )?;
        ("postgres", PG_FILE, Vec::new(), None)
    } else {
        let file = to.join(SQLITE_FILE);
        let opts = SqliteConnectOptions::from_str(&url)?
            .create_if_missing(false)
            .busy_timeout(std::time::Duration::from_secs(30));
        let mut c = sqlx::SqliteConnection::connect_with(&opts)
            .await
            .with_context(|| format!("mở CSDL / opening {url}"))?;
        sqlx::query("VACUUM INTO $1")
            .bind(file.display().to_string())
            .execute(&mut c)
            .await
            .context("VACUUM INTO")?;
        c.close().await?;
        let (heads, stored) = sqlite_summary(&file).await?;
        ("sqlite", SQLITE_FILE, heads, Some(stored))
    };
    let mut files = vec![db_file.to_owned()];
    for rel in data_files(&args.db.data)? {
        let dest = Path::new(FILES_DIR).join(&rel);
        copy_file(&args.db.data.join(&rel), &to.join(&dest))?;
        files.push(dest.to_string_lossy().into_owned());
    }
    let mut entries = Vec::new();
    for f in files {
        let (bytes, sha256) = sha256_of(&to.join(&f))?;
        entries.push(FileEntry {
            path: f,
            bytes,
            sha256,
        });
    }
    let keys_dir = args
        .keys
        .keys_dir(&args.db.data)
        .unwrap_or_else(|_| PathBuf::from("keys"));
    let keys_note = format!(
        "Bản sao lưu này KHÔNG chứa khoá. Hãy sao lưu thư mục khoá {k} riêng, ở nơi khác / This \
         backup does NOT hold the keys. Back up the keys folder {k} separately, elsewhere.",
        k = keys_dir.display()
    );
    let manifest = Manifest {
        format: FORMAT.to_owned(),
        created_at: motcua_store::now().to_rfc3339(),
        backend: backend.to_owned(),
        files: entries,
        audit_heads,
        stored_files,
        keys_note: keys_note.clone(),
    };
    fs::write(
        to.join(MANIFEST),
        serde_json::to_string_pretty(&manifest)? + "\n",
    )?;
    println!(
        "Đã sao lưu ({backend}) vào / backed up to {}: {} tệp / files{}",
        to.display(),
        manifest.files.len(),
        stored_files.map_or(String::new(), |n| format!(
            ", {n} tệp đính kèm trong CSDL / uploaded files in the database"
        )),
    );
    println!("{keys_note}");
    Ok(ExitCode::SUCCESS)
}

/// The lane heads and the number of uploaded files in a SQLite copy, read without writing to it.
async fn sqlite_summary(
    file: &Path,
) -> anyhow::Result<(Vec<motcua_domain::checkpoint::LaneHead>, i64)> {
    let opts = SqliteConnectOptions::new()
        .filename(file)
        .read_only(true)
        .immutable(true);
    let mut c = sqlx::SqliteConnection::connect_with(&opts).await?;
    let rows: Vec<(i32, i64, String)> = sqlx::query_as(
        "SELECT lane, max(seq), entry_hash FROM audit_log GROUP BY lane ORDER BY lane",
    )
    .fetch_all(&mut c)
    .await?;
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM stored_file")
        .fetch_one(&mut c)
        .await?;
    c.close().await?;
    Ok((
        rows.into_iter()
            .map(|(lane, seq, hash)| motcua_domain::checkpoint::LaneHead { lane, seq, hash })
            .collect(),
        stored,
    ))
}

pub async fn restore(args: RestoreArgs) -> anyhow::Result<ExitCode> {
    let from = &args.from;
    let text = fs::read_to_string(from.join(MANIFEST))
        .with_context(|| format!("đọc / reading {}", from.join(MANIFEST).display()))?;
    let manifest: Manifest = serde_json::from_str(&text)
        .with_context(|| format!("{MANIFEST} không hợp lệ / is not valid"))?;
    anyhow::ensure!(
        manifest.format == FORMAT,
        "định dạng sao lưu không hỗ trợ / unsupported backup format {:?}",
        manifest.format
    );
    // Every byte is checked before anything is written.
    for f in &manifest.files {
        let rel = Path::new(&f.path);
        anyhow::ensure!(
            rel.components()
                .all(|c| matches!(c, std::path::Component::Normal(_))),
            "đường dẫn không hợp lệ trong bản sao lưu / bad path in the backup: {}",
            f.path
        );
        let (bytes, sha) = sha256_of(&from.join(rel))?;
        anyhow::ensure!(
            bytes == f.bytes && sha == f.sha256,
            "bản sao lưu bị hỏng hoặc bị sửa: {} không khớp với {MANIFEST} / the backup is \
             damaged or altered: {} does not match {MANIFEST}",
            f.path,
            f.path
        );
    }
    let data = &args.db.data;
    refuse_non_empty(data, "thư mục dữ liệu / data folder")?;
    let url = args.db.url();
    match manifest.backend.as_str() {
        "sqlite" => {
            anyhow::ensure!(
                args.db.database_url.is_none(),
                "bản sao lưu SQLite được khôi phục vào --data DIR, không dùng --database-url / a \
                 SQLite backup is restored into --data DIR, without --database-url"
            );
            super::private::secure_data_folder(data)?;
            copy_file(&from.join(SQLITE_FILE), &data.join(SQLITE_FILE))?;
        }
        "postgres" => {
            anyhow::ensure!(
                is_postgres(&url),
                "bản sao lưu PostgreSQL cần --database-url postgres://… của một CSDL mới, trống / \
                 a PostgreSQL backup needs --database-url postgres://… of a new, empty database"
            );
            let mut c = sqlx::PgConnection::connect(&url).await?;
            let tables: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')",
            )
            .fetch_one(&mut c)
            .await?;
            c.close().await?;
            anyhow::ensure!(
                tables == 0,
                "CSDL đích đã có {tables} bảng: chỉ khôi phục vào CSDL mới, trống / the target \
                 database already has {tables} tables: restore only into a new, empty one"
            );
            super::private::secure_data_folder(data)?;
            run_tool(
                Command::new("pg_restore")
                    .arg("--no-owner")
                    .arg("--no-privileges")
                    .arg("--exit-on-error")
                    .arg(format!("--dbname={url}"))
                    .arg(from.join(PG_FILE)),
                "pg_restore",
            )?;
        }
        other => anyhow::bail!("CSDL không rõ trong bản sao lưu / unknown backend {other:?}"),
    }
    for f in &manifest.files {
        if let Ok(rel) = Path::new(&f.path).strip_prefix(FILES_DIR) {
            copy_file(&from.join(&f.path), &data.join(rel))?;
        }
    }
    let db = args.db.open().await?;
    let result = async {
        let broken = motcua_store::audit::verify(&db).await?;
        let heads = motcua_store::audit::heads(&db).await?;
        anyhow::Ok((broken, heads))
    }
    .await;
    db.close().await;
    let (broken, heads) = result?;
    if let Some(b) = broken {
        eprintln!(
            "Đã khôi phục nhưng nhật ký kiểm toán không nguyên vẹn / restored, but the audit log \
             is not intact: {}",
            b.message_vi()
        );
        return Ok(ExitCode::FAILURE);
    }
    let count: i64 = heads.iter().map(|h| h.seq).sum();
    println!(
        "Đã khôi phục vào / restored into {}; nhật ký kiểm toán nguyên vẹn ({count} mục) / audit \
         log intact ({count} entries)",
        if is_postgres(&url) {
            "PostgreSQL".to_owned()
        } else {
            data.display().to_string()
        }
    );
    println!(
        "Khoá không có trong bản sao lưu: hãy đặt thư mục khoá đã sao lưu riêng (--keys DIR) \
         trước khi chạy máy chủ / the keys are not in the backup: put the separately backed-up \
         keys folder in place (--keys DIR) before starting the server"
    );
    Ok(ExitCode::SUCCESS)
}
