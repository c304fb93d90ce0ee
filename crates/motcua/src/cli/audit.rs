//! `motcua audit verify`: walks the hash chain and names the first entry that was edited,
//! inserted or deleted; with `--checkpoint FILE`, also proves that the log still holds the heads
//! a signed checkpoint fixed. `motcua audit head`: signs a checkpoint of every lane's head.

use std::fs::{self, OpenOptions};
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Args, Subcommand};
use motcua_domain::checkpoint::{self, CheckpointSigner, SignedCheckpoint};

use super::DbArgs;
use super::identity_keys::{KeyArgs, create_private_dir, refuse_inside_data};

/// The signing key's file in the keys folder (secret, `0600`).
pub const SIGNING_KEY_FILE: &str = "audit-checkpoint-key.toml";
/// Its public half, next to it: what an inspector is given.
pub const PUBLIC_KEY_FILE: &str = "audit-checkpoint-key.pub";

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Kiểm tra chuỗi băm của nhật ký, và với --checkpoint, đối chiếu điểm mốc đã ký / Verify the log's hash chain and, with --checkpoint, a signed checkpoint
    Verify {
        /// Tệp điểm mốc đã ký (audit-checkpoint-….json) / A signed checkpoint file
        #[arg(long, value_name = "FILE")]
        checkpoint: Option<PathBuf>,
        /// Khoá công khai kiểm tra chữ ký (mặc định KEYS/audit-checkpoint-key.pub) / Public key the signature is checked with (default KEYS/audit-checkpoint-key.pub)
        #[arg(long, value_name = "FILE", requires = "checkpoint")]
        public_key: Option<PathBuf>,
    },
    /// Ký và ghi điểm mốc: số thứ tự và mã băm cuối của mọi mạch / Sign and write a checkpoint of every lane's head (sequence number and hash)
    Head {
        #[command(flatten)]
        out: CheckpointArgs,
    },
}

/// Where signed checkpoints are written.
#[derive(Debug, Clone, Args)]
pub struct CheckpointArgs {
    /// Thư mục ghi điểm mốc nhật ký kiểm toán, ngoài thư mục dữ liệu (mặc định KEYS/checkpoints) / Folder the signed audit checkpoints are written to, outside the data folder (default KEYS/checkpoints)
    #[arg(long = "checkpoints", env = "MOTCUA_CHECKPOINTS", value_name = "DIR")]
    pub checkpoints_dir: Option<PathBuf>,
}

impl CheckpointArgs {
    pub fn dir(&self, keys_dir: &Path, data: &Path) -> anyhow::Result<PathBuf> {
        let dir = self
            .checkpoints_dir
            .clone()
            .unwrap_or_else(|| keys_dir.join("checkpoints"));
        // Inside the data folder, whoever can rewrite the log could also remove the checkpoints.
        refuse_inside_data(&dir, data)?;
        Ok(dir)
    }
}

pub async fn run(db: DbArgs, keys: KeyArgs, command: AuditCommand) -> anyhow::Result<ExitCode> {
    match command {
        AuditCommand::Verify {
            checkpoint,
            public_key,
        } => verify(&db, &keys, checkpoint, public_key).await,
        AuditCommand::Head { out } => {
            let keys_dir = keys.keys_dir(&db.data)?;
            let dir = out.dir(&keys_dir, &db.data)?;
            let signer = load_or_create_signer(&keys_dir)?;
            let store = db.open().await?;
            let cp = motcua_app::audit::checkpoints::sign_now(&store, &signer).await;
            store.close().await;
            let cp = cp?;
            let path = motcua_app::audit::checkpoints::write(&dir, &cp)?;
            print!("{}", cp.to_text());
            eprintln!(
                "Đã ký và ghi điểm mốc / checkpoint signed and written: {}\n  Hãy chép tệp này \
                 ra ngoài máy chủ (cho thanh tra, hoặc nơi người quản trị CSDL không sửa được) / \
                 copy it off this server (to the inspector, or wherever the database's \
                 administrators cannot write)",
                path.display()
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

async fn verify(
    db: &DbArgs,
    keys: &KeyArgs,
    checkpoint: Option<PathBuf>,
    public_key: Option<PathBuf>,
) -> anyhow::Result<ExitCode> {
    // The checkpoint is checked before the database is opened: a refused file needs no database.
    let signed = match &checkpoint {
        None => None,
        Some(file) => {
            let key_path = match public_key {
                Some(p) => p,
                None => keys.keys_dir(&db.data)?.join(PUBLIC_KEY_FILE),
            };
            let key_text = fs::read_to_string(&key_path)
                .with_context(|| format!("khoá công khai / public key {}", key_path.display()))?;
            let key = checkpoint::parse_public(&key_text)?;
            let text = fs::read_to_string(file)
                .with_context(|| format!("điểm mốc / checkpoint {}", file.display()))?;
            let cp = SignedCheckpoint::parse(&text)?;
            cp.verify(&key)?;
            Some(cp)
        }
    };
    let store = db.open().await?;
    let result = async {
        let broken = motcua_store::audit::verify(&store).await?;
        let heads = motcua_store::audit::heads(&store).await?;
        let findings = match &signed {
            Some(cp) => {
                Some(motcua_store::audit::check_checkpoint(&store, &cp.checkpoint.lanes).await?)
            }
            None => None,
        };
        anyhow::Ok((broken, heads, findings))
    }
    .await;
    store.close().await;
    let (broken, heads, findings) = result?;
    if let Some(b) = broken {
        eprintln!(
            "Nhật ký kiểm toán không còn nguyên vẹn / the audit log was tampered with: {} ({})",
            b.message_vi(),
            serde_json::to_string(&b)?
        );
        return Ok(ExitCode::FAILURE);
    }
    let count: i64 = heads.iter().map(|h| h.seq).sum();
    println!("Nhật ký kiểm toán nguyên vẹn ({count} mục) / audit log intact ({count} entries)");
    for h in &heads {
        println!(
            "mạch {} / lane {}: số {} / entry {}, {}",
            h.lane, h.lane, h.seq, h.seq, h.entry_hash
        );
    }
    let (Some(findings), Some(cp)) = (findings, signed) else {
        println!(
            "Chưa đối chiếu điểm mốc: việc xoá các mục cuối không thể phát hiện nếu thiếu điểm \
             mốc (--checkpoint FILE) / no checkpoint given: entries cut from the end cannot be \
             detected without one (--checkpoint FILE)"
        );
        return Ok(ExitCode::SUCCESS);
    };
    println!(
        "Điểm mốc {} do khoá {} ký lúc {}, chữ ký hợp lệ / checkpoint signed by key {} at {}, \
         signature valid",
        checkpoint.as_deref().unwrap_or(Path::new("")).display(),
        cp.checkpoint.key_id,
        cp.checkpoint.at,
        cp.checkpoint.key_id,
        cp.checkpoint.at
    );
    let mut failed = false;
    for f in &findings {
        if f.is_failure() {
            failed = true;
            eprintln!("KHÔNG KHỚP / MISMATCH: {}", f.message());
        } else {
            println!("{}", f.message());
        }
    }
    if failed {
        eprintln!(
            "Nhật ký không còn chứa những gì điểm mốc đã ký / the log no longer holds what the \
             checkpoint signed"
        );
        return Ok(ExitCode::FAILURE);
    }
    let after: i64 = findings
        .iter()
        .map(|f| match *f {
            motcua_store::audit::LaneFinding::Anchored { after, .. } => after,
            motcua_store::audit::LaneFinding::Unanchored { count, .. } => count,
            _ => 0,
        })
        .sum();
    println!(
        "Đúng với điểm mốc. {after} mục sau điểm mốc chưa được bảo chứng (hãy đối chiếu với điểm \
         mốc mới hơn) / matches the checkpoint; {after} entries after it are not covered (check a \
         newer checkpoint)"
    );
    Ok(ExitCode::SUCCESS)
}

/// The checkpoint signing key from the keys folder, created on first use (with its public half
/// beside it). Like the identity key file it must grant nothing to group or others: whoever
/// reads it can sign a forged tail.
pub fn load_or_create_signer(keys_dir: &Path) -> anyhow::Result<CheckpointSigner> {
    let path = keys_dir.join(SIGNING_KEY_FILE);
    let public = keys_dir.join(PUBLIC_KEY_FILE);
    let signer = match OpenOptions::new().read(true).open(&path) {
        Ok(mut f) => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt as _;
                let mode = f.metadata()?.permissions().mode() & 0o777;
                anyhow::ensure!(
                    mode & 0o077 == 0,
                    "tệp khoá ký điểm mốc {p} cho người khác đọc được (quyền {mode:o}); hãy chạy \
                     `chmod 600 {p}` (audit_key_exposed) / the checkpoint signing key {p} is open \
                     to others (mode {mode:o}); run `chmod 600 {p}`",
                    p = path.display()
                );
            }
            let mut text = String::new();
            f.read_to_string(&mut text)
                .with_context(|| format!("đọc / reading {}", path.display()))?;
            CheckpointSigner::from_secret_text(&text)?
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut seed = [0u8; 32];
            getrandom::fill(&mut seed)
                .map_err(|e| anyhow::anyhow!("không có nguồn ngẫu nhiên / no randomness: {e}"))?;
            let signer = CheckpointSigner::from_seed(&seed);
            create_private_dir(keys_dir)?;
            super::identity_keys::write_new(&path, &signer.to_secret_text().into())?;
            // On stderr: `audit head`'s stdout is the checkpoint's JSON alone.
            eprintln!(
                "Đã tạo khoá ký điểm mốc nhật ký kiểm toán / created the audit checkpoint signing \
                 key: {}\n  Giao khoá công khai {} cho thanh tra / give the public key {} to the \
                 inspectors",
                path.display(),
                public.display(),
                public.display()
            );
            signer
        }
        Err(e) => return Err(e).with_context(|| format!("mở / opening {}", path.display())),
    };
    // The public half is rewritten when missing or stale; it is no secret.
    let text = checkpoint::public_text(&signer.public());
    if fs::read_to_string(&public).ok().as_deref() != Some(text.as_str()) {
        let mut f = fs::File::create(&public)
            .with_context(|| format!("ghi / writing {}", public.display()))?;
        f.write_all(text.as_bytes())?;
    }
    Ok(signer)
}
