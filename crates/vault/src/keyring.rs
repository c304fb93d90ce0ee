//! The keyring: where it comes from, how it is checked, and how a new or rotated one is written.

use std::collections::BTreeMap;
use std::fmt;
use std::fs::File;
use std::io::{ErrorKind, Read};
use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use secrecy::{ExposeSecret, SecretBox, SecretString};
use zeroize::{Zeroize, Zeroizing};

use crate::VaultError;

pub(crate) const KEY_LEN: usize = 32;

/// A keyring larger than this is certainly the wrong file; refusing it early also bounds what
/// a mistaken path can make us read into memory.
const MAX_KEYRING_BYTES: u64 = 64 * 1024;

/// Key ids end up inside every sealed value (`v1.<id>.…`), so they may not contain the `.`
/// separator, and they are kept short and plain so they can be shown in errors and logs.
const MAX_KEY_ID_LEN: usize = 32;

type SecretKey = SecretBox<[u8; KEY_LEN]>;

/// The keys that seal denouncers' identities and key their blind indexes.
///
/// Built only from text the caller got from outside the database (a file or an environment
/// variable); see the crate documentation for the format and the rotation procedure.
pub struct Keyring {
    current: String,
    keys: BTreeMap<String, SecretKey>,
    index: SecretKey,
}

// Written by hand so that key ids stay visible for diagnosis while no key byte ever reaches a log.
impl fmt::Debug for Keyring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Keyring")
            .field("current", &self.current)
            .field("keys", &self.keys.keys().collect::<Vec<_>>())
            .field("index", &"[redacted]")
            .finish()
    }
}

impl Keyring {
    /// Parses keyring TOML text.
    ///
    /// # Errors
    /// `vault_bad_keyring` naming the offending field: a TOML syntax error (by line only, because
    /// the parser's own message may quote the line and so a key), an unknown field, a key that
    /// is not base64 or not 32 bytes, a bad key id, `current` missing from `[keys]`, a missing
    /// `index`, or an `index` equal to one of the sealing keys.
    pub fn parse(text: &str) -> Result<Self, VaultError> {
        let mut table: toml::Table = text
            .parse()
            .map_err(|e: toml::de::Error| VaultError::bad(syntax_reason(text, &e)))?;
        let keyring = Self::from_table(&table);
        wipe_table(&mut table);
        keyring
    }

    /// Reads and parses a key file.
    ///
    /// On unix the file must grant nothing to group or others (mode `600` or `400`). Readable
    /// by others means any local account can open every denouncer's identity; writable by others
    /// means someone can slip in a key of their own, and new identities get sealed under it. We
    /// refuse rather than warn because a warning in a log is easy to miss and the harm is
    /// silent. Ownership is not checked: that needs the process's uid, which std does not expose.
    ///
    /// # Errors
    /// `vault_key_missing` if the file does not exist, `vault_keyring_exposed` if its mode is too
    /// open, `vault_keyring_unreadable` for other I/O problems, and those of [`Keyring::parse`].
    pub fn load(path: impl AsRef<Path>) -> Result<Self, VaultError> {
        let path = path.as_ref();
        let unreadable = |reason: String| VaultError::KeyringUnreadable {
            path: path.to_owned(),
            reason,
        };
        let mut file = File::open(path).map_err(|e| {
            if e.kind() == ErrorKind::NotFound {
                VaultError::KeyMissing {
                    source_name: path.display().to_string(),
                }
            } else {
                unreadable(e.to_string())
            }
        })?;
        // Checked on the open handle, not the path, so a swap between check and read is moot.
        let meta = file.metadata().map_err(|e| unreadable(e.to_string()))?;
        if !meta.is_file() {
            return Err(unreadable("không phải tệp thường".into()));
        }
        check_permissions(&meta, path)?;
        if meta.len() > MAX_KEYRING_BYTES {
            return Err(unreadable(format!(
                "tệp quá lớn ({} byte) để là tệp khoá",
                meta.len()
            )));
        }
        // Sized up front so the buffer never reallocates and leaves unwiped copies behind.
        let mut text = Zeroizing::new(String::with_capacity(meta.len() as usize + 1));
        file.read_to_string(&mut text).map_err(|e| {
            if e.kind() == ErrorKind::InvalidData {
                unreadable("nội dung không phải UTF-8".into())
            } else {
                unreadable(e.to_string())
            }
        })?;
        Self::parse(&text)
    }

    /// Parses the keyring TOML held in an environment variable (for containers that inject
    /// secrets that way, e.g. `MOTCUA_VAULT_KEYS="$(cat keys.toml)"`). A file is preferable: the
    /// environment of a process is readable by its user through `/proc` and is inherited by
    /// every child process.
    ///
    /// # Errors
    /// `vault_key_missing` if the variable is unset or blank, `vault_bad_keyring` if it is not
    /// UTF-8, and those of [`Keyring::parse`].
    pub fn from_env(var_name: &str) -> Result<Self, VaultError> {
        match std::env::var(var_name) {
            Ok(text) => {
                let text = Zeroizing::new(text);
                if text.trim().is_empty() {
                    return Err(VaultError::KeyMissing {
                        source_name: format!("biến môi trường {var_name}"),
                    });
                }
                Self::parse(&text)
            }
            Err(std::env::VarError::NotPresent) => Err(VaultError::KeyMissing {
                source_name: format!("biến môi trường {var_name}"),
            }),
            Err(std::env::VarError::NotUnicode(_)) => Err(VaultError::bad(format!(
                "biến môi trường {var_name} không phải UTF-8"
            ))),
        }
    }

    /// A fresh keyring's TOML text: one sealing key under `key_id`, made current, and a blind
    /// index key. The crate keeps no clock, so the caller picks the id (a month such as
    /// `2026-11` reads well in rotation logs).
    ///
    /// # Errors
    /// `vault_bad_keyring` if `key_id` is not 1–32 characters of `A–Z a–z 0–9 - _`.
    ///
    /// # Panics
    /// If the operating system's random generator fails.
    pub fn generate(key_id: &str) -> Result<SecretString, VaultError> {
        check_new_key_id(key_id)?;
        let key = random_key();
        let index = random_key();
        Ok(render(
            key_id,
            &[(key_id, key.expose_secret())],
            index.expose_secret(),
        ))
    }

    /// A fresh keyring kept only in memory: what is sealed under it can never be opened once the
    /// process ends. For tests, for a configuration not yet given its key file, and for commands
    /// that seal nothing.
    ///
    /// # Panics
    /// If the operating system's random generator fails.
    #[must_use]
    pub fn ephemeral() -> Self {
        let text = Self::generate("memory").expect("\"memory\" is a valid key id");
        Self::parse(text.expose_secret()).expect("a generated keyring parses")
    }

    /// This keyring's TOML text with a new random sealing key under `key_id`, made current.
    /// Every old key is kept, because values sealed under them still have to open until the
    /// rotation job has resealed them. The index key is kept as is: see the crate documentation.
    ///
    /// # Errors
    /// `vault_bad_keyring` if `key_id` is malformed or already used: reusing an id would make
    /// every value sealed under the old key with that id impossible to open.
    ///
    /// # Panics
    /// If the operating system's random generator fails.
    pub fn with_new_current_key(&self, key_id: &str) -> Result<SecretString, VaultError> {
        check_new_key_id(key_id)?;
        if self.keys.contains_key(key_id) {
            return Err(VaultError::bad(format!(
                "khoá \"{key_id}\" đã có; khoá mới phải có mã mới"
            )));
        }
        let key = random_key();
        let keys: Vec<_> = self
            .keys
            .iter()
            .map(|(id, k)| (id.as_str(), k.expose_secret()))
            .chain([(key_id, key.expose_secret())])
            .collect();
        Ok(render(key_id, &keys, self.index.expose_secret()))
    }

    /// The id of the key new seals use.
    #[must_use]
    pub fn current_key_id(&self) -> &str {
        &self.current
    }

    /// Every key id, current or not, in sorted order.
    pub fn key_ids(&self) -> impl Iterator<Item = &str> {
        self.keys.keys().map(String::as_str)
    }

    pub(crate) fn sealing_key(&self, id: &str) -> Option<&[u8; KEY_LEN]> {
        self.keys.get(id).map(ExposeSecret::expose_secret)
    }

    pub(crate) fn index_key(&self) -> &[u8; KEY_LEN] {
        self.index.expose_secret()
    }

    fn from_table(table: &toml::Table) -> Result<Self, VaultError> {
        for name in table.keys() {
            if !matches!(name.as_str(), "current" | "index" | "keys") {
                return Err(VaultError::bad(format!(
                    "trường lạ {} (chỉ có current, index và [keys])",
                    shown(name)
                )));
            }
        }

        let Some(keys_value) = table.get("keys") else {
            return Err(VaultError::bad("thiếu bảng [keys]"));
        };
        let Some(keys_table) = keys_value.as_table() else {
            return Err(VaultError::bad("keys phải là một bảng [keys]"));
        };
        if keys_table.is_empty() {
            return Err(VaultError::bad("bảng [keys] không có khoá nào"));
        }
        let mut keys = BTreeMap::new();
        for (id, value) in keys_table {
            if !is_key_id(id) {
                return Err(VaultError::bad(format!(
                    "mã khoá {} không hợp lệ (1–{MAX_KEY_ID_LEN} ký tự A–Z, a–z, 0–9, - hoặc _)",
                    shown(id)
                )));
            }
            let field = format!("keys.\"{id}\"");
            keys.insert(id.clone(), decode_key(&field, value)?);
        }

        let current = match table.get("current") {
            None => {
                return Err(VaultError::bad(
                    "thiếu current (mã khoá dùng để mã hoá mới)",
                ));
            }
            Some(toml::Value::String(s)) => s.clone(),
            Some(_) => return Err(VaultError::bad("current phải là một chuỗi")),
        };
        if !keys.contains_key(&current) {
            return Err(VaultError::bad(format!(
                "current = {} nhưng bảng [keys] không có khoá này",
                shown(&current)
            )));
        }

        let Some(index_value) = table.get("index") else {
            return Err(VaultError::bad(
                "thiếu index (khoá chỉ mục mù để phát hiện đơn trùng)",
            ));
        };
        let index = decode_key("index", index_value)?;
        // One key for two algorithms voids the separation each analysis assumes; it also
        // means a leak of either role leaks both.
        if keys
            .values()
            .any(|k| k.expose_secret() == index.expose_secret())
        {
            return Err(VaultError::bad(
                "index trùng với một khoá trong [keys]; khoá chỉ mục phải riêng",
            ));
        }

        Ok(Self {
            current,
            keys,
            index,
        })
    }
}

pub(crate) fn is_key_id(id: &str) -> bool {
    (1..=MAX_KEY_ID_LEN).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A name from the keyring text, quoted for an error only if it looks like a name. Anything
/// else might be a key pasted on the wrong line, and must not reach a log.
fn shown(name: &str) -> String {
    if is_key_id(name) {
        format!("\"{name}\"")
    } else {
        "(tên không hợp lệ, không hiển thị)".to_owned()
    }
}

fn check_new_key_id(key_id: &str) -> Result<(), VaultError> {
    if is_key_id(key_id) {
        Ok(())
    } else {
        Err(VaultError::bad(format!(
            "mã khoá mới không hợp lệ (1–{MAX_KEY_ID_LEN} ký tự A–Z, a–z, 0–9, - hoặc _)"
        )))
    }
}

fn decode_key(field: &str, value: &toml::Value) -> Result<SecretKey, VaultError> {
    let toml::Value::String(text) = value else {
        return Err(VaultError::bad(format!("{field} phải là chuỗi base64")));
    };
    let bytes = Zeroizing::new(
        STANDARD
            .decode(text.trim())
            .map_err(|_| VaultError::bad(format!("{field} không phải base64 hợp lệ")))?,
    );
    if bytes.len() != KEY_LEN {
        return Err(VaultError::bad(format!(
            "{field} phải là {KEY_LEN} byte, đang là {} byte",
            bytes.len()
        )));
    }
    Ok(SecretBox::init_with_mut(|k: &mut [u8; KEY_LEN]| {
        k.copy_from_slice(&bytes);
    }))
}

fn syntax_reason(text: &str, e: &toml::de::Error) -> String {
    match e.span() {
        Some(span) => {
            let line = text
                .get(..span.start)
                .map_or(0, |before| before.matches('\n').count())
                + 1;
            format!("cú pháp TOML sai ở dòng {line}")
        }
        None => "cú pháp TOML sai".to_owned(),
    }
}

/// Best effort: wipes the key text our own parsed copy holds. The parser's temporary buffers and
/// the caller's text are beyond reach.
fn wipe_table(table: &mut toml::Table) {
    for (_, value) in table.iter_mut() {
        wipe_value(value);
    }
}

fn wipe_value(value: &mut toml::Value) {
    match value {
        toml::Value::String(s) => s.zeroize(),
        toml::Value::Table(t) => wipe_table(t),
        toml::Value::Array(a) => a.iter_mut().for_each(wipe_value),
        _ => {}
    }
}

#[cfg(unix)]
fn check_permissions(meta: &std::fs::Metadata, path: &Path) -> Result<(), VaultError> {
    use std::os::unix::fs::PermissionsExt;
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 == 0 {
        Ok(())
    } else {
        Err(VaultError::KeyringExposed {
            path: path.to_owned(),
            mode,
        })
    }
}

#[cfg(not(unix))]
fn check_permissions(_meta: &std::fs::Metadata, _path: &Path) -> Result<(), VaultError> {
    // Windows ACLs do not map onto mode bits; protecting the file there is the operator's job.
    Ok(())
}

pub(crate) fn fill_random(buf: &mut [u8]) {
    // Without randomness no key or nonce is safe to use, and there is nothing sensible to fall
    // back to; the OS generator failing means the machine itself is broken.
    getrandom::fill(buf).expect("the operating system's random generator failed");
}

fn random_key() -> SecretKey {
    SecretBox::init_with_mut(|k: &mut [u8; KEY_LEN]| fill_random(k))
}

fn render(current: &str, keys: &[(&str, &[u8; KEY_LEN])], index: &[u8; KEY_LEN]) -> SecretString {
    const HEADER: &str = "\
# Tệp khoá mã hoá danh tính người tố cáo (motcua-vault).
# Để ngoài cơ sở dữ liệu và ngoài bản sao lưu của nó; quyền 600.
# current: khoá dùng để mã hoá mới. Không xoá khoá cũ nào trong [keys] trước khi
# việc mã hoá lại (reseal) đã chạy xong, nếu không dữ liệu cũ sẽ không mở được.
# index: khoá chỉ mục mù để phát hiện đơn trùng; không bao giờ đổi.
";
    // A line is at most an id, a 44-character base64 key and a little punctuation. Sizing for
    // that up front means the string never reallocates, which would leave an unwiped copy.
    let line = MAX_KEY_ID_LEN + 64;
    let mut out = Zeroizing::new(String::with_capacity(
        HEADER.len() + 2 * line + keys.len() * line,
    ));
    out.push_str(HEADER);
    out.push_str("current = \"");
    out.push_str(current);
    out.push_str("\"\nindex = \"");
    STANDARD.encode_string(index, &mut out);
    out.push_str("\"\n\n[keys]\n");
    for (id, key) in keys {
        out.push('"');
        out.push_str(id);
        out.push_str("\" = \"");
        STANDARD.encode_string(key, &mut out);
        out.push_str("\"\n");
    }
    SecretString::from(out.as_str())
}
