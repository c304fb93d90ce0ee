//! The data folder is private to the account that runs motcua: the database, its WAL and every
//! file beside them hold personal data (uploads are stored in the database itself), so nobody
//! else on the machine may read them.

use std::path::Path;

use anyhow::Context as _;

/// Makes every file and folder this process creates private (`0600` / `0700`), SQLite's own
/// (the database, `-wal`, `-shm`) and backups included. Set first thing in `main`, before any
/// thread or file exists: the mask is per process and applies to everything created after.
pub fn restrict_umask() {
    #[cfg(unix)]
    {
        rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o077));
    }
}

/// Creates the data folder `0700`, or, when it exists, takes group and others' access away from
/// it and from the files directly in it: the database, its `-wal` and `-shm`, `notify.toml`
/// (an older version created them `0755`/`0644`). With the folder closed nobody else can reach
/// what lies deeper; the subfolders (calendar and petition rules, public law, some of them
/// shipped in the repository) keep their modes, so the first run from a checkout is not a page
/// of warnings. Each change is reported on stderr: the operator should know that the files were
/// readable until now.
pub fn secure_data_folder(data: &Path) -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt as _;
        if !data.exists() {
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(data)
                .with_context(|| format!("tạo thư mục / creating {}", data.display()))?;
            return Ok(());
        }
        tighten(data)?;
        for entry in std::fs::read_dir(data)
            .with_context(|| format!("đọc thư mục / reading {}", data.display()))?
        {
            let path = entry?.path();
            // Not following links: a link inside the data folder is the operator's own doing.
            if std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
                tighten(&path)?;
            }
        }
        Ok(())
    }
    #[cfg(not(unix))]
    {
        std::fs::create_dir_all(data)
            .with_context(|| format!("tạo thư mục / creating {}", data.display()))
    }
}

/// Takes group and others' bits away from one file or folder, saying so.
#[cfg(unix)]
fn tighten(path: &Path) -> anyhow::Result<()> {
    use std::os::unix::fs::PermissionsExt as _;
    let meta = std::fs::metadata(path)
        .with_context(|| format!("đọc quyền / reading the mode of {}", path.display()))?;
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        let new = mode & 0o700;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(new))
            .with_context(|| format!("đổi quyền / changing the mode of {}", path.display()))?;
        eprintln!(
            "cảnh báo: {} cho người khác đọc được ({mode:o}); đã đổi thành {new:o} / warning: {} \
             was open to others ({mode:o}); now {new:o}",
            path.display(),
            path.display()
        );
    }
    Ok(())
}
