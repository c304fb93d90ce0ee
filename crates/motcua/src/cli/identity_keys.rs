//! The keys that seal denouncers' identities: where `serve` finds them (and, on a first start,
//! creates them), and `motcua identity-keys` to rotate them and to see what still needs an old
//! key.
//!
//! The keys never live in the database: a stolen dump alone must reveal nobody (Luật Tố cáo Đ8
//! k3). Nothing here ever prints a key; only key ids, paths and counts.

use std::collections::BTreeMap;
use std::fs::{self, OpenOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Args, Subcommand};
use motcua_domain::ids::{PetitionId, VisitId};
use motcua_store::{Db, petitions, reception};
use motcua_vault::{ExposeSecret as _, Keyring, SecretString};

use super::DbArgs;

/// Holds the key file's whole text, for containers that inject secrets as variables.
pub const KEYS_ENV: &str = "MOTCUA_IDENTITY_KEYS";

/// The key file's name inside the keys folder.
pub const IDENTITY_KEY_FILE: &str = "identity-keys.toml";

/// Where the keys are. They live in a folder of their own, outside the data folder, so that a
/// copy of the data folder (a backup, a disk sent for repair) never carries the key that opens
/// the identities sealed in it.
#[derive(Debug, Clone, Args)]
pub struct KeyArgs {
    /// Thư mục khoá, ngoài thư mục dữ liệu (mặc định: thư mục "keys" cạnh thư mục dữ liệu) / Keys folder, outside the data folder (default: a "keys" folder next to the data folder)
    #[arg(long = "keys", global = true, env = "MOTCUA_KEYS", value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Tệp khoá mã hoá danh tính người tố cáo (mặc định KEYS/identity-keys.toml); biến MOTCUA_IDENTITY_KEYS, nếu có, được dùng trước / Key file sealing denouncers' identities (default KEYS/identity-keys.toml); the MOTCUA_IDENTITY_KEYS variable, when set, comes first
    #[arg(
        long = "identity-keys",
        global = true,
        env = "MOTCUA_IDENTITY_KEYS_FILE",
        value_name = "FILE"
    )]
    pub file: Option<PathBuf>,
}

/// Where a keyring came from, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    Env,
    File(PathBuf),
}

impl std::fmt::Display for KeySource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Env => write!(f, "biến môi trường {KEYS_ENV}"),
            Self::File(p) => write!(f, "{}", p.display()),
        }
    }
}

/// The default keys folder: `keys` next to the data folder (`./keys` beside `./data`).
pub fn default_keys_dir(data: &Path) -> PathBuf {
    let abs = lexical_absolute(data);
    abs.parent()
        .map_or_else(|| PathBuf::from("keys"), |p| p.join("keys"))
}

/// `path` made absolute against the working directory, with `.` and `..` resolved by their
/// names only (the folders need not exist yet).
pub fn lexical_absolute(path: &Path) -> PathBuf {
    use std::path::Component;
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Refuses a key location inside the data folder: whoever copies the data folder would take
/// the key along with what it protects.
pub fn refuse_inside_data(what: &Path, data: &Path) -> anyhow::Result<()> {
    let (w, d) = (lexical_absolute(what), lexical_absolute(data));
    anyhow::ensure!(
        !w.starts_with(&d),
        "khoá không được nằm trong thư mục dữ liệu: {} nằm trong {}. Hãy dùng --keys DIR ngoài \
         thư mục dữ liệu / keys must not live inside the data folder: {} is inside {}; use \
         --keys DIR outside it",
        what.display(),
        data.display(),
        what.display(),
        data.display()
    );
    Ok(())
}

impl KeyArgs {
    /// The keys folder these arguments name (or the default next to the data folder), refused
    /// when it lies inside the data folder.
    pub fn keys_dir(&self, data: &Path) -> anyhow::Result<PathBuf> {
        let dir = self.dir.clone().unwrap_or_else(|| default_keys_dir(data));
        refuse_inside_data(&dir, data)?;
        Ok(dir)
    }

    fn path(&self, data: &Path) -> anyhow::Result<PathBuf> {
        let path = match &self.file {
            Some(f) => f.clone(),
            None => self.keys_dir(data)?.join(IDENTITY_KEY_FILE),
        };
        refuse_inside_data(&path, data)?;
        Ok(path)
    }

    /// The keyring from the environment or the key file; never creates one.
    pub fn load(&self, data: &Path) -> anyhow::Result<(Keyring, KeySource)> {
        refuse_old_key_file(data, &self.path(data)?)?;
        if std::env::var_os(KEYS_ENV).is_some() {
            let keys = Keyring::from_env(KEYS_ENV)?;
            return Ok((keys, KeySource::Env));
        }
        let path = self.path(data)?;
        let keys = Keyring::load(&path).map_err(|e| anyhow::anyhow!("{e} ({})", e.code()))?;
        Ok((keys, KeySource::File(path)))
    }

    /// The keyring `serve` runs with. On the very first start (no variable, no file given, no
    /// default file) a fresh one is written to the default path, and the operator is told to
    /// back it up: without it every sealed identity is lost.
    pub async fn load_or_create(&self, db: &DbArgs) -> anyhow::Result<(Keyring, KeySource)> {
        let path = self.path(&db.data)?;
        refuse_old_key_file(&db.data, &path)?;
        let first_start =
            std::env::var_os(KEYS_ENV).is_none() && self.file.is_none() && !path.exists();
        if !first_start {
            // A file named explicitly but missing is a mount or a typo: a new keyring there
            // would silently seal under keys nobody backed up.
            return self.load(&db.data);
        }
        refuse_if_sealed_values_exist(db, &path).await?;
        let key_id = motcua_domain::vn_local(chrono::Utc::now())
            .format("%Y-%m")
            .to_string();
        let text = Keyring::generate(&key_id)?;
        let keys = Keyring::parse(text.expose_secret())?;
        if let Some(dir) = path.parent() {
            create_private_dir(dir)?;
        }
        write_new(&path, &text)?;
        announce_new_key_file(&path, &key_id);
        Ok((keys, KeySource::File(path)))
    }
}

/// Earlier versions kept the key file at `DATA/keys/identity-keys.toml`. Found there, it is
/// not used and not moved: the operator is told where it must go, because every copy of the
/// data folder made so far has carried the key too, and only they know where those copies are.
fn refuse_old_key_file(data: &Path, new_path: &Path) -> anyhow::Result<()> {
    let old = data.join("keys").join(IDENTITY_KEY_FILE);
    if !old.exists() {
        return Ok(());
    }
    let target = new_path.parent().unwrap_or(Path::new("keys"));
    anyhow::bail!(
        "tệp khoá đang nằm trong thư mục dữ liệu ({old}): ai sao chép thư mục dữ liệu cũng lấy \
         được khoá. Hãy chuyển nó ra ngoài rồi chạy lại: `mkdir -m 700 -p {dir} && mv {old} {new}`; \
         các bản sao lưu cũ của thư mục dữ liệu có chứa khoá, hãy xử lý chúng như khoá / the key \
         file is inside the data folder ({old}), so every copy of the data folder carries it. \
         Move it out and start again: `mkdir -m 700 -p {dir} && mv {old} {new}`; treat earlier \
         copies of the data folder as copies of the key",
        old = old.display(),
        dir = target.display(),
        new = new_path.display(),
    )
}

/// A fresh keyring cannot open what an earlier one sealed. If the database already holds sealed
/// identities, the key file was lost or not mounted; creating a new one would hide that until
/// someone needs to open an old case.
async fn refuse_if_sealed_values_exist(db: &DbArgs, path: &Path) -> anyhow::Result<()> {
    let db = db.open().await?;
    let sealed = petitions::sealed(&db).await?.len() + reception::sealed_visitors(&db).await?.len();
    db.close().await;
    anyhow::ensure!(
        sealed == 0,
        "CSDL đã có {sealed} danh tính được mã hoá nhưng không có tệp khoá {p}. Hãy khôi phục tệp \
         khoá từ bản sao lưu (khoá mới không mở được dữ liệu cũ) / the database holds {sealed} \
         sealed identities but there is no key file at {p}: restore it from its backup (a new \
         key cannot open them)",
        p = path.display()
    );
    Ok(())
}

fn announce_new_key_file(path: &Path, key_id: &str) {
    tracing::warn!(
        path = %path.display(),
        key_id,
        "created a new identity key file; back it up separately from the database"
    );
    println!(
        "Đã tạo tệp khoá mã hoá danh tính người tố cáo / created the identity key file: {}\n  \
         Hãy sao lưu tệp này RIÊNG, không cùng bản sao lưu CSDL. Mất tệp này thì không thể mở \
         danh tính đã mã hoá.\n  \
         Back it up SEPARATELY from the database backups. Losing it means the sealed identities \
         can never be opened again.",
        path.display()
    );
}

#[cfg(unix)]
pub(crate) fn create_private_dir(dir: &Path) -> anyhow::Result<()> {
    use std::os::unix::fs::DirBuilderExt as _;
    if dir.is_dir() {
        return Ok(());
    }
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .with_context(|| format!("tạo thư mục / creating {}", dir.display()))
}

#[cfg(not(unix))]
pub(crate) fn create_private_dir(dir: &Path) -> anyhow::Result<()> {
    fs::create_dir_all(dir).with_context(|| format!("tạo thư mục / creating {}", dir.display()))
}

/// Creates `path` (never overwriting) readable by the owner only, with `text`, flushed to disk.
pub(crate) fn write_new(path: &Path, text: &SecretString) -> anyhow::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        // Set at creation, not after: a chmod afterwards leaves a moment when others may read.
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .with_context(|| format!("tạo tệp khoá / creating {}", path.display()))?;
    file.write_all(text.expose_secret().as_bytes())
        .and_then(|()| file.sync_all())
        .with_context(|| format!("ghi tệp khoá / writing {}", path.display()))
}

/// Replaces the key file so that a crash leaves either the old file or the new one, never half
/// of one: losing the key file loses every identity sealed under it.
fn replace_atomically(path: &Path, text: &SecretString) -> anyhow::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "identity-keys.toml".into());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    // A leftover from a crashed run of this very process id holds a key nobody uses.
    let _ = fs::remove_file(&tmp);
    if let Err(e) = write_new(&tmp, text) {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    if let Err(e) = fs::rename(&tmp, path) {
        let _ = fs::remove_file(&tmp);
        return Err(e).with_context(|| format!("thay tệp khoá / replacing {}", path.display()));
    }
    // The rename itself is durable only once the folder is flushed.
    #[cfg(unix)]
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

#[derive(Debug, Subcommand)]
pub enum IdentityKeysCommand {
    /// Tạo khoá mới làm khoá hiện hành (giữ khoá cũ) rồi mã hoá lại mọi danh tính bằng khoá mới / Add a new current key (old keys kept) and re-seal every identity under it
    Rotate,
    /// Mã hoá lại bằng khoá hiện hành các giá trị còn dùng khoá cũ (sau khi máy chủ khởi động lại) / Re-seal under the current key the values still under an old key (after the servers restarted)
    Reseal,
    /// In các mã khoá, khoá hiện hành và số giá trị còn dùng khoá cũ / Print the key ids, the current one and how many values still use an old key
    Status,
    /// Che lại thông tin người tố cáo trong trích yếu, nội dung, dữ liệu tìm kiếm và đơn trùng do phiên bản cũ ghi (chạy lại nhiều lần không sao) / Re-derive from the sealed original the subject, working copy, search text and duplicate features that older versions wrote unmasked (safe to run again)
    Remask,
}

pub async fn run(
    db: DbArgs,
    keys: KeyArgs,
    command: IdentityKeysCommand,
) -> anyhow::Result<ExitCode> {
    match command {
        IdentityKeysCommand::Rotate => rotate(&db, &keys).await,
        IdentityKeysCommand::Reseal => {
            let (keyring, source) = keys.load(&db.data)?;
            let store = db.open().await?;
            let done = reseal_all(&store, &keyring).await;
            store.close().await;
            let done = done?;
            println!(
                "Khoá hiện hành \"{}\" ({source}). Đã mã hoá lại {} giá trị ({} đơn, {} lượt tiếp) \
                 / re-sealed {} values",
                keyring.current_key_id(),
                done.total(),
                done.petitions,
                done.visits,
                done.total()
            );
            Ok(ExitCode::SUCCESS)
        }
        IdentityKeysCommand::Status => status(&db, &keys).await,
        IdentityKeysCommand::Remask => {
            let (keyring, _) = keys.load(&db.data)?;
            let store = db.open().await?;
            let done = motcua_app::petitions::repair::remask_all(&store, &keyring).await;
            store.close().await;
            let done = done.map_err(|e| anyhow::anyhow!("{e}"))?;
            println!(
                "Đã che lại {} / {} đơn tố cáo và {} / {} lượt tiếp công dân. Bản cũ có thể còn \
                 trong trang trống của CSDL và trong các bản sao lưu: xem docs/SECURITY.md / \
                 re-masked {} of {} petitions and {} of {} visits; old text may remain in free \
                 database pages and in backups (see docs/SECURITY.md)",
                done.petitions,
                done.petitions_seen,
                done.visits,
                done.visits_seen,
                done.petitions,
                done.petitions_seen,
                done.visits,
                done.visits_seen
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

async fn rotate(db: &DbArgs, keys: &KeyArgs) -> anyhow::Result<ExitCode> {
    let (old, source) = keys.load(&db.data)?;
    let KeySource::File(path) = source else {
        anyhow::bail!(
            "khoá đang lấy từ biến môi trường {KEYS_ENV}; lệnh này ghi tệp khoá nên không xoay \
             được khoá trong biến. Hãy bỏ biến và dùng --identity-keys FILE / the keys come from \
             {KEYS_ENV}; rotation writes a key file: unset it and use --identity-keys FILE"
        );
    };
    // Open the database first: if it cannot be reached, nothing has changed yet.
    let store = db.open().await?;
    let key_id = motcua_domain::vn_local(chrono::Utc::now())
        .format("%Y-%m-%d_%H%M%S")
        .to_string();
    let text = old.with_new_current_key(&key_id)?;
    // Parsed before it replaces anything, so a file that could not be read back is never written.
    let new = Keyring::parse(text.expose_secret())?;
    replace_atomically(&path, &text)?;
    println!(
        "Đã thêm khoá mới \"{key_id}\" làm khoá hiện hành vào {} (các khoá cũ vẫn giữ) / new \
         current key \"{key_id}\" written, old keys kept",
        path.display()
    );
    let done = reseal_all(&store, &new).await;
    store.close().await;
    let done = done.context(
        "tệp khoá đã có khoá mới nhưng CSDL chưa được mã hoá lại; dữ liệu vẫn mở được bằng khoá \
         cũ. Sửa lỗi rồi chạy `motcua identity-keys reseal` / the key file has the new key but \
         nothing was re-sealed; run `motcua identity-keys reseal` once fixed",
    )?;
    println!(
        "Đã mã hoá lại {} giá trị ({} đơn, {} lượt tiếp công dân) / re-sealed {} values",
        done.total(),
        done.petitions,
        done.visits,
        done.total()
    );
    println!(
        "Hãy khởi động lại mọi máy chủ, sao lưu tệp khoá mới, rồi chạy `motcua identity-keys \
         reseal` để mã hoá lại những gì máy chủ cũ đã ghi trong lúc chờ / restart every server, \
         back up the new key file, then run `motcua identity-keys reseal` for anything the old \
         servers sealed meanwhile"
    );
    Ok(ExitCode::SUCCESS)
}

/// The context each sealed column is bound to; must match the code that sealed it
/// (`motcua_app::petitions::identity` and the reception visit form).
pub fn petition_context(id: PetitionId) -> String {
    format!("petition:{id}:sender")
}

pub fn visit_context(id: VisitId) -> String {
    format!("visit:{id}:visitor")
}

#[derive(Debug, Default)]
pub struct Resealed {
    pub petitions: usize,
    pub visits: usize,
}

impl Resealed {
    pub fn total(&self) -> usize {
        self.petitions + self.visits
    }
}

/// Re-seals, in one transaction, every value not under `keys`' current key. If any value cannot
/// be opened nothing is written, and the error names the records (never their content).
pub async fn reseal_all(db: &Db, keys: &Keyring) -> anyhow::Result<Resealed> {
    let mut failures = Vec::new();
    let mut petition_updates = Vec::new();
    for (id, sealed) in petitions::sealed(db).await? {
        if keys.needs_reseal(&sealed) {
            match keys.reseal(&sealed, &petition_context(id)) {
                Ok(v) => petition_updates.push((id, v)),
                Err(e) => failures.push(format!("đơn / petition {id}: {}", e.code())),
            }
        }
    }
    let mut visit_updates = Vec::new();
    for (id, sealed) in reception::sealed_visitors(db).await? {
        if keys.needs_reseal(&sealed) {
            match keys.reseal(&sealed, &visit_context(id)) {
                Ok(v) => visit_updates.push((id, v)),
                Err(e) => failures.push(format!("lượt tiếp / visit {id}: {}", e.code())),
            }
        }
    }
    anyhow::ensure!(
        failures.is_empty(),
        "không mở được {} giá trị, chưa ghi gì / {} values could not be opened, nothing written:\n  {}",
        failures.len(),
        failures.len(),
        failures.join("\n  ")
    );
    let mut tx = db.begin().await?;
    for (id, sealed) in &petition_updates {
        petitions::reseal(&mut tx, *id, sealed).await?;
    }
    for (id, sealed) in &visit_updates {
        reception::reseal_visitor(&mut tx, *id, sealed).await?;
    }
    tx.commit().await?;
    Ok(Resealed {
        petitions: petition_updates.len(),
        visits: visit_updates.len(),
    })
}

/// The key id a sealed value names (`v1.<id>.…`), if it is well formed.
fn key_id_of(sealed: &str) -> Option<&str> {
    let mut parts = sealed.splitn(3, '.');
    match (parts.next(), parts.next(), parts.next()) {
        (Some("v1"), Some(id), Some(_)) if !id.is_empty() => Some(id),
        _ => None,
    }
}

async fn status(db: &DbArgs, keys: &KeyArgs) -> anyhow::Result<ExitCode> {
    let (keyring, source) = keys.load(&db.data)?;
    let store = db.open().await?;
    let values: Vec<String> = petitions::sealed(&store)
        .await?
        .into_iter()
        .map(|(_, s)| s)
        .chain(
            reception::sealed_visitors(&store)
                .await?
                .into_iter()
                .map(|(_, s)| s),
        )
        .collect();
    store.close().await;
    let mut per_key: BTreeMap<String, usize> = BTreeMap::new();
    let mut malformed = 0;
    for v in &values {
        match key_id_of(v) {
            Some(id) => *per_key.entry(id.to_owned()).or_default() += 1,
            None => malformed += 1,
        }
    }
    let current = keyring.current_key_id();
    let known: Vec<&str> = keyring.key_ids().collect();
    println!("Nguồn khoá / key source: {source}");
    println!("Khoá hiện hành / current key: {current}");
    println!("Các khoá / keys:");
    for id in &known {
        println!(
            "  {id:<24} {:>6} giá trị / values{}",
            per_key.get(*id).copied().unwrap_or(0),
            if *id == current {
                "  (hiện hành / current)"
            } else {
                ""
            }
        );
    }
    let old = values.iter().filter(|v| keyring.needs_reseal(v)).count();
    let unknown: usize = per_key
        .iter()
        .filter(|(id, _)| !known.contains(&id.as_str()))
        .map(|(_, n)| n)
        .sum();
    println!(
        "Giá trị đã mã hoá / sealed values: {}; còn dùng khoá cũ / still under an old key: {old}",
        values.len()
    );
    if unknown + malformed > 0 {
        println!(
            "CẢNH BÁO / WARNING: {unknown} giá trị dùng khoá không có trong tệp, {malformed} giá \
             trị sai định dạng: không mở được / {unknown} values under a key missing from the \
             keyring and {malformed} malformed values cannot be opened"
        );
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use motcua_app::petitions::identity::{self, Identity};

    fn keyring(id: &str) -> Keyring {
        Keyring::parse(Keyring::generate(id).unwrap().expose_secret()).unwrap()
    }

    #[test]
    fn a_resealed_identity_opens_under_the_new_key_as_the_web_layer_opens_it() {
        let old = keyring("2026-01");
        let id = PetitionId::new();
        let who = Identity {
            name: "Nguyễn Văn Bình".into(),
            ..Identity::default()
        };
        let sealed = identity::seal(&old, id, &who);
        let new =
            Keyring::parse(old.with_new_current_key("2026-11").unwrap().expose_secret()).unwrap();
        assert!(new.needs_reseal(&sealed));
        let resealed = new.reseal(&sealed, &petition_context(id)).unwrap();
        assert_eq!(key_id_of(&resealed), Some("2026-11"));
        assert_eq!(identity::open(&new, id, &resealed).unwrap(), who);
    }

    #[test]
    fn key_ids_are_read_from_sealed_values_and_malformed_ones_are_not_guessed() {
        assert_eq!(key_id_of("v1.2026-11.abc"), Some("2026-11"));
        assert_eq!(key_id_of("v2.2026-11.abc"), None);
        assert_eq!(key_id_of("v1..abc"), None);
        assert_eq!(key_id_of("garbage"), None);
    }

    #[test]
    fn the_default_keys_folder_is_next_to_the_data_folder_never_inside_it() {
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(default_keys_dir(Path::new("data")), cwd.join("keys"));
        assert_eq!(
            default_keys_dir(Path::new("/srv/motcua/data/")),
            Path::new("/srv/motcua/keys")
        );
        // "." has its keys beside it, in the parent, not inside it.
        let dot = default_keys_dir(Path::new("."));
        assert!(refuse_inside_data(&dot, Path::new(".")).is_ok(), "{dot:?}");
        assert!(refuse_inside_data(Path::new("data/keys"), Path::new("data")).is_err());
        assert!(refuse_inside_data(Path::new("data/../data/k"), Path::new("./data")).is_err());
        assert!(refuse_inside_data(Path::new("data-keys"), Path::new("data")).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn the_key_file_is_replaced_whole_and_stays_private() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = std::env::temp_dir().join(format!("motcua-keys-{}", uuid::Uuid::now_v7()));
        create_private_dir(&dir).unwrap();
        let path = dir.join("identity-keys.toml");
        write_new(&path, &Keyring::generate("a").unwrap()).unwrap();
        assert!(write_new(&path, &Keyring::generate("b").unwrap()).is_err());
        let first = Keyring::load(&path).unwrap();
        replace_atomically(&path, &first.with_new_current_key("b").unwrap()).unwrap();
        let second = Keyring::load(&path).unwrap();
        assert_eq!(second.current_key_id(), "b");
        assert_eq!(second.key_ids().collect::<Vec<_>>(), vec!["a", "b"]);
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 1, "no temporary left");
        fs::remove_dir_all(&dir).unwrap();
    }
}
