//! Files attached to a dossier: what kind they really are, whether they fit the limits, and
//! a name that is safe to store and show.
//!
//! The content decides the kind, never the name or the browser's content type: both are typed
//! or guessed on the sender's side, and a program renamed `.pdf` must not reach a specialist's
//! screen as a PDF. The declared extension is still checked against the content, because a
//! mismatch usually means the citizen picked the wrong file.

use std::fmt;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;

use crate::DomainError;
use crate::message::{MessageArg, Text};

/// The kinds of file a dossier accepts: scans and photos of papers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    Pdf,
    Jpeg,
    Png,
}

impl FileKind {
    pub const ALL: [Self; 3] = [Self::Pdf, Self::Jpeg, Self::Png];

    /// The extension given to files of this kind.
    #[must_use]
    pub const fn extension(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Jpeg => "jpg",
            Self::Png => "png",
        }
    }

    #[must_use]
    pub const fn mime(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
        }
    }

    /// Whether a (lowercased) extension names this kind.
    #[must_use]
    pub fn has_extension(self, ext: &str) -> bool {
        match self {
            Self::Pdf => ext == "pdf",
            Self::Jpeg => matches!(ext, "jpg" | "jpeg" | "jpe" | "jfif"),
            Self::Png => ext == "png",
        }
    }

    fn from_extension(ext: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.has_extension(ext))
    }

    /// The kind a content type names, for the common spellings browsers send.
    fn from_mime(mime: &str) -> Option<Self> {
        match mime {
            "application/pdf" | "application/x-pdf" => Some(Self::Pdf),
            "image/jpeg" | "image/jpg" | "image/pjpeg" => Some(Self::Jpeg),
            "image/png" | "image/x-png" => Some(Self::Png),
            _ => None,
        }
    }
}

/// The kind of a file from its first bytes (PDF `%PDF-`, JPEG `FF D8 FF`, PNG's 8-byte
/// signature), or `None` for anything else.
///
/// A PDF must start with its header: readers tolerate junk before it, but a file that does
/// not start with `%PDF-` did not come from a scanner or a "Save as PDF".
#[must_use]
pub fn sniff(bytes: &[u8]) -> Option<FileKind> {
    const PNG: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    if bytes.starts_with(b"%PDF-") {
        Some(FileKind::Pdf)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(FileKind::Jpeg)
    } else if bytes.starts_with(&PNG) {
        Some(FileKind::Png)
    } else {
        None
    }
}

/// A few kinds people often try to attach, recognised only to explain the refusal better: the
/// code of their name, `upload-looks_like-<code>` in the locales.
fn describe_unsupported(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"MZ") || bytes.starts_with(b"\x7fELF") {
        Some("program")
    } else if bytes.starts_with(b"PK\x03\x04") {
        Some("archive")
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        Some("old_office")
    } else if bytes.starts_with(b"GIF8") {
        Some("gif")
    } else if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        Some("phone_media")
    } else {
        None
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadLimits {
    pub max_file_bytes: u64,
    pub max_files: usize,
    pub max_total_bytes: u64,
}

const MIB: u64 = 1024 * 1024;

impl Default for UploadLimits {
    /// 10 MiB a file, 20 files and 50 MiB a dossier: a 300 dpi colour scan of a few pages
    /// fits, and a dossier stays small enough to download on a slow connection.
    fn default() -> Self {
        Self {
            max_file_bytes: 10 * MIB,
            max_files: 20,
            max_total_bytes: 50 * MIB,
        }
    }
}

/// A file that passed [`check_upload`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckedFile {
    pub kind: FileKind,
    pub size: u64,
    /// Lowercase hex SHA-256 of the content: for integrity and to spot the same file twice.
    pub sha256_hex: String,
    /// The declared name reduced to a bare file name with the kind's extension.
    pub safe_name: String,
}

/// Why a file or a set of files was refused. `Display` is the Vietnamese message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UploadError {
    Empty {
        name: String,
    },
    TooLarge {
        name: String,
        size: u64,
        max: u64,
    },
    /// The content is none of the accepted kinds; `looks_like` names it when we recognise it.
    UnsupportedContent {
        name: String,
        looks_like: Option<&'static str>,
    },
    /// The extension names an accepted kind, but not the one inside.
    ExtensionMismatch {
        name: String,
        extension: String,
        actual: FileKind,
    },
    /// The extension names no accepted kind (`.docx`, `.exe`), though the content is fine.
    UnsupportedExtension {
        name: String,
        extension: String,
        actual: FileKind,
    },
    /// The content type names an accepted kind, but not the one inside.
    ContentTypeMismatch {
        name: String,
        declared: String,
        actual: FileKind,
    },
    TooManyFiles {
        count: usize,
        max: usize,
    },
    TotalTooLarge {
        total: u64,
        max: u64,
    },
    Duplicate {
        first: String,
        second: String,
    },
}

/// Sizes in the unit people read: "12,5 MB" (1 MB = 1024 × 1024 bytes, decimal comma).
fn size_vi(bytes: u64) -> String {
    let tenths = (bytes * 10).div_ceil(MIB);
    if tenths.is_multiple_of(10) {
        format!("{} MB", tenths / 10)
    } else {
        format!("{},{} MB", tenths / 10, tenths % 10)
    }
}

impl UploadError {
    /// Why the file was refused and what to do, in the reader's language.
    #[must_use]
    pub fn text(&self) -> Text {
        let kind = |k: &FileKind| MessageArg::Label("upload-kind", k.extension());
        let file = |name: &String| {
            if name.is_empty() {
                MessageArg::Message(Box::new(Text::id("upload-unnamed")))
            } else {
                name.as_str().into()
            }
        };
        match self {
            Self::Empty { name } => {
                Text::with("validation-upload-empty", vec![("name", file(name))])
            }
            Self::TooLarge { name, size, max } => Text::with(
                "validation-upload-too_large",
                vec![
                    ("name", file(name)),
                    ("size", size_vi(*size).into()),
                    ("max", size_vi(*max).into()),
                ],
            ),
            Self::UnsupportedContent { name, looks_like } => match looks_like {
                Some(what) => Text::with(
                    "validation-upload-unsupported_known",
                    vec![
                        ("name", file(name)),
                        ("what", MessageArg::Label("upload-looks_like", what)),
                    ],
                ),
                None => Text::with("validation-upload-unsupported", vec![("name", file(name))]),
            },
            Self::ExtensionMismatch {
                name,
                extension,
                actual,
            } => Text::with(
                "validation-upload-extension_mismatch",
                vec![
                    ("name", file(name)),
                    ("extension", extension.as_str().into()),
                    ("actual", kind(actual)),
                    ("fix", actual.extension().into()),
                ],
            ),
            Self::UnsupportedExtension {
                name,
                extension,
                actual,
            } => Text::with(
                "validation-upload-unsupported_extension",
                vec![
                    ("name", file(name)),
                    ("extension", extension.as_str().into()),
                    ("actual", kind(actual)),
                    ("fix", actual.extension().into()),
                ],
            ),
            Self::ContentTypeMismatch {
                name,
                declared,
                actual,
            } => Text::with(
                "validation-upload-content_type_mismatch",
                vec![
                    ("name", file(name)),
                    ("declared", declared.as_str().into()),
                    ("actual", kind(actual)),
                ],
            ),
            Self::TooManyFiles { count, max } => Text::with(
                "validation-upload-too_many_files",
                vec![("count", (*count).into()), ("max", (*max).into())],
            ),
            Self::TotalTooLarge { total, max } => Text::with(
                "validation-upload-total_too_large",
                vec![
                    ("total", size_vi(*total).into()),
                    ("max", size_vi(*max).into()),
                ],
            ),
            Self::Duplicate { first, second } => Text::with(
                "validation-upload-duplicate",
                vec![("first", file(first)), ("second", file(second))],
            ),
        }
    }
}

/// Vietnamese, for logs.
impl fmt::Display for UploadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.text().fmt(f)
    }
}

impl std::error::Error for UploadError {}

impl From<UploadError> for DomainError {
    fn from(e: UploadError) -> Self {
        DomainError::invalid("files", e.text())
    }
}

/// Longest stored name, in characters, extension included.
const NAME_MAX: usize = 120;

/// The last path component of what the browser sent (old browsers send `C:\…\scan.pdf`),
/// without control characters or characters that break headers and shells, NFC-composed.
fn clean_name(declared: &str) -> String {
    let base = declared.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .nfc()
        .filter(|c| !c.is_control())
        .map(|c| {
            if matches!(c, '"' | '<' | '>' | ':' | '|' | '?' | '*' | ';') {
                '_'
            } else {
                c
            }
        })
        .collect();
    // Leading dots would make a hidden file; trailing dots and spaces are dropped by Windows.
    cleaned
        .trim_matches(|c: char| c == '.' || c.is_whitespace())
        .to_owned()
}

/// Splits off a lowercased extension, if the name has one.
fn split_extension(name: &str) -> (&str, Option<String>) {
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && !ext.is_empty() && !ext.contains(' ') => {
            (stem, Some(ext.to_lowercase()))
        }
        _ => (name, None),
    }
}

/// Checks one uploaded file.
///
/// Order matters for the message: emptiness and size first (cheap, and the fix is different),
/// then the content, then whether the name and content type agree with it. A name without an
/// extension is accepted (phones sometimes send "image"), and gets the content's extension.
pub fn check_upload(
    declared_name: &str,
    declared_content_type: Option<&str>,
    bytes: &[u8],
    limits: &UploadLimits,
) -> Result<CheckedFile, UploadError> {
    let cleaned = clean_name(declared_name);
    // An empty name is told as "(unnamed)" in the reader's language, by `UploadError::text`.
    let shown = cleaned.clone();
    let size = bytes.len() as u64;
    if size == 0 {
        return Err(UploadError::Empty { name: shown });
    }
    if size > limits.max_file_bytes {
        return Err(UploadError::TooLarge {
            name: shown,
            size,
            max: limits.max_file_bytes,
        });
    }
    let Some(kind) = sniff(bytes) else {
        return Err(UploadError::UnsupportedContent {
            name: shown,
            looks_like: describe_unsupported(bytes),
        });
    };
    let (stem, ext) = split_extension(&cleaned);
    if let Some(ext) = &ext {
        match FileKind::from_extension(ext) {
            Some(k) if k == kind => {}
            Some(_) => {
                return Err(UploadError::ExtensionMismatch {
                    name: shown,
                    extension: ext.clone(),
                    actual: kind,
                });
            }
            None => {
                return Err(UploadError::UnsupportedExtension {
                    name: shown,
                    extension: ext.clone(),
                    actual: kind,
                });
            }
        }
    }
    if let Some(ct) = declared_content_type {
        let ct = ct
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        if FileKind::from_mime(&ct).is_some_and(|k| k != kind) {
            return Err(UploadError::ContentTypeMismatch {
                name: shown,
                declared: ct,
                actual: kind,
            });
        }
    }
    // With an extension the stem is non-empty (see `split_extension`); without one the whole
    // cleaned name is the stem, and a name that cleaned away entirely becomes "tep".
    let stem = if stem.is_empty() { "tep" } else { stem };
    let ext = ext.unwrap_or_else(|| kind.extension().to_owned());
    let room = NAME_MAX.saturating_sub(ext.chars().count() + 1);
    let stem: String = stem.chars().take(room).collect();
    Ok(CheckedFile {
        kind,
        size,
        sha256_hex: hex::encode(Sha256::digest(bytes)),
        safe_name: format!("{}.{ext}", stem.trim_end()),
    })
}

/// Checks the files of one dossier together: how many, how much in total, and that no file
/// was attached twice (same content, whatever the names).
pub fn check_batch<'a>(
    files: impl IntoIterator<Item = &'a CheckedFile>,
    limits: &UploadLimits,
) -> Result<(), UploadError> {
    let files: Vec<&CheckedFile> = files.into_iter().collect();
    if files.len() > limits.max_files {
        return Err(UploadError::TooManyFiles {
            count: files.len(),
            max: limits.max_files,
        });
    }
    let total: u64 = files.iter().map(|f| f.size).sum();
    if total > limits.max_total_bytes {
        return Err(UploadError::TotalTooLarge {
            total,
            max: limits.max_total_bytes,
        });
    }
    for (i, f) in files.iter().enumerate() {
        if let Some(first) = files[..i].iter().find(|g| g.sha256_hex == f.sha256_hex) {
            return Err(UploadError::Duplicate {
                first: first.safe_name.clone(),
                second: f.safe_name.clone(),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PDF: &[u8] = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj";
    const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F'];
    const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];

    fn ok(name: &str, ct: Option<&str>, bytes: &[u8]) -> CheckedFile {
        check_upload(name, ct, bytes, &UploadLimits::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    fn err(name: &str, ct: Option<&str>, bytes: &[u8]) -> UploadError {
        check_upload(name, ct, bytes, &UploadLimits::default()).unwrap_err()
    }

    #[test]
    fn sniffing_reads_magic_bytes_only() {
        assert_eq!(sniff(PDF), Some(FileKind::Pdf));
        assert_eq!(sniff(JPEG), Some(FileKind::Jpeg));
        assert_eq!(sniff(PNG), Some(FileKind::Png));
        assert_eq!(sniff(b""), None);
        assert_eq!(sniff(b"%PDF"), None);
        assert_eq!(sniff(b" %PDF-1.4"), None);
        assert_eq!(sniff(&[0xFF, 0xD8]), None);
        assert_eq!(sniff(&PNG[..7]), None);
        assert_eq!(sniff(b"MZ\x90\x00"), None);
    }

    #[test]
    fn good_files_pass_with_hash_and_kind() {
        let f = ok("Đơn đề nghị.pdf", Some("application/pdf"), PDF);
        assert_eq!(f.kind, FileKind::Pdf);
        assert_eq!(f.size, PDF.len() as u64);
        assert_eq!(f.safe_name, "Đơn đề nghị.pdf");
        assert_eq!(f.sha256_hex, hex::encode(Sha256::digest(PDF)));
        assert_eq!(f.sha256_hex.len(), 64);
        for name in ["a.jpg", "a.JPG", "a.jpeg", "a.Jpeg", "a.jfif"] {
            assert_eq!(
                ok(name, Some("image/jpeg"), JPEG).kind,
                FileKind::Jpeg,
                "{name}"
            );
        }
        assert_eq!(
            ok("a.png", Some("image/png; charset=binary"), PNG).kind,
            FileKind::Png
        );
        // A content type we do not know, or the generic one, is not a claim about the kind.
        assert!(
            check_upload(
                "a.pdf",
                Some("application/octet-stream"),
                PDF,
                &UploadLimits::default()
            )
            .is_ok()
        );
        assert!(check_upload("a.pdf", Some("weird/thing"), PDF, &UploadLimits::default()).is_ok());
    }

    #[test]
    fn the_sha256_is_the_known_digest() {
        let f = ok("x.pdf", None, b"%PDF-");
        // sha256("%PDF-"), computed independently with `sha256sum`.
        assert_eq!(
            f.sha256_hex,
            "38523c087796e5d5dd1cf9bad1fb026781a838dd9dd2cf8af58b9f6502a46778"
        );
        assert_ne!(f.sha256_hex, ok("x.pdf", None, b"%PDF-1").sha256_hex);
    }

    #[test]
    fn names_are_made_safe() {
        assert_eq!(
            ok("C:\\Users\\An\\scan.pdf", None, PDF).safe_name,
            "scan.pdf"
        );
        assert_eq!(
            ok("../../etc/passwd.pdf", None, PDF).safe_name,
            "passwd.pdf"
        );
        assert_eq!(ok("a\u{0}b\r\n.pdf", None, PDF).safe_name, "ab.pdf");
        assert_eq!(ok("\"x\"; y.pdf", None, PDF).safe_name, "_x__ y.pdf");
        assert_eq!(ok(".hidden.pdf", None, PDF).safe_name, "hidden.pdf");
        assert_eq!(ok("photo.JPEG", None, JPEG).safe_name, "photo.jpeg");
        // No extension: accepted, and given the content's.
        assert_eq!(ok("image", None, JPEG).safe_name, "image.jpg");
        assert_eq!(ok("", None, PNG).safe_name, "tep.png");
        assert_eq!(ok("/", None, PNG).safe_name, "tep.png");
        let decomposed: String = "Giấy.pdf".nfd().collect();
        assert_eq!(ok(&decomposed, None, PDF).safe_name, "Giấy.pdf");
        let long = format!("{}.pdf", "ữ".repeat(300));
        let name = ok(&long, None, PDF).safe_name;
        assert_eq!(name.chars().count(), NAME_MAX);
        assert!(name.ends_with("ữ.pdf"));
    }

    #[test]
    fn empty_and_oversized_files_are_refused() {
        assert_eq!(
            err("a.pdf", None, b""),
            UploadError::Empty {
                name: "a.pdf".into()
            }
        );
        assert_eq!(
            err("a.pdf", None, b"").to_string(),
            "Tệp «a.pdf» rỗng (0 byte); vui lòng chọn lại tệp."
        );
        // A file sent without a name is still named to the reader, in their language.
        let unnamed = err("", None, b"").text();
        assert_eq!(
            unnamed.to_string(),
            "Tệp «(không tên)» rỗng (0 byte); vui lòng chọn lại tệp."
        );
        assert!(
            unnamed
                .render(&fluent_templates::langid!("en"))
                .contains("(unnamed)")
        );
        let limits = UploadLimits {
            max_file_bytes: 10,
            ..UploadLimits::default()
        };
        assert!(check_upload("a.pdf", None, &PDF[..10], &limits).is_ok());
        let e = check_upload("a.pdf", None, &PDF[..11], &limits).unwrap_err();
        assert!(matches!(
            e,
            UploadError::TooLarge {
                size: 11,
                max: 10,
                ..
            }
        ));
        let e = UploadError::TooLarge {
            name: "scan.pdf".into(),
            size: 12 * MIB + MIB / 2,
            max: 10 * MIB,
        };
        assert_eq!(
            e.to_string(),
            "Tệp «scan.pdf» nặng 12,5 MB, vượt giới hạn 10 MB mỗi tệp; hãy quét ở độ phân giải thấp hơn hoặc chia nhỏ tệp."
        );
    }

    #[test]
    fn content_decides_not_the_name() {
        assert_eq!(
            err("giay-to.pdf", None, PNG),
            UploadError::ExtensionMismatch {
                name: "giay-to.pdf".into(),
                extension: "pdf".into(),
                actual: FileKind::Png
            }
        );
        assert_eq!(
            err("giay-to.pdf", None, PNG).to_string(),
            "Tệp «giay-to.pdf» có đuôi .pdf nhưng nội dung là ảnh PNG; hãy chọn đúng tệp hoặc đổi đuôi thành .png."
        );
        assert!(matches!(
            err("a.png", None, JPEG),
            UploadError::ExtensionMismatch {
                actual: FileKind::Jpeg,
                ..
            }
        ));
        assert!(matches!(
            err("a.jpg", None, PDF),
            UploadError::ExtensionMismatch {
                actual: FileKind::Pdf,
                ..
            }
        ));
        let e = err("setup.pdf", Some("application/pdf"), b"MZ\x90\x00\x03");
        assert_eq!(
            e.to_string(),
            "Tệp «setup.pdf» là một chương trình máy tính, hệ thống chỉ nhận tệp PDF hoặc ảnh JPEG, PNG."
        );
        assert!(
            err("don.pdf", None, b"PK\x03\x04rest")
                .to_string()
                .contains(".docx")
        );
        assert!(
            err("don.pdf", None, &[0xD0, 0xCF, 0x11, 0xE0, 0])
                .to_string()
                .contains(".doc")
        );
        assert!(err("a.jpg", None, b"GIF89a").to_string().contains("GIF"));
        assert!(
            err("a.jpg", None, b"\0\0\0\x18ftypheic")
                .to_string()
                .contains("HEIC")
        );
        assert_eq!(
            err("a.pdf", None, b"hello").to_string(),
            "Tệp «a.pdf» không phải PDF, JPEG hay PNG, hệ thống chỉ nhận tệp PDF hoặc ảnh JPEG, PNG."
        );
        let e = err("scan.docx", None, PDF);
        assert_eq!(
            e.to_string(),
            "Tệp «scan.docx» có đuôi .docx, hệ thống chỉ nhận .pdf, .jpg, .jpeg, .png; nội dung là tệp PDF, hãy đổi đuôi thành .pdf."
        );
        let e = err("a.pdf", Some("image/png"), PDF);
        assert_eq!(
            e,
            UploadError::ContentTypeMismatch {
                name: "a.pdf".into(),
                declared: "image/png".into(),
                actual: FileKind::Pdf
            }
        );
        let d: DomainError = e.into();
        assert_eq!(d.fields()[0].field, "files");
        assert!(
            d.fields()[0]
                .message
                .to_string()
                .contains("được gửi là image/png")
        );
    }

    fn file(name: &str, size: u64, hash: &str) -> CheckedFile {
        CheckedFile {
            kind: FileKind::Pdf,
            size,
            sha256_hex: hash.into(),
            safe_name: name.into(),
        }
    }

    #[test]
    fn batches_are_bounded_and_without_duplicates() {
        let limits = UploadLimits::default();
        assert_eq!(limits.max_file_bytes, 10 * 1024 * 1024);
        assert_eq!(limits.max_files, 20);
        assert_eq!(limits.max_total_bytes, 50 * 1024 * 1024);
        let files: Vec<_> = (0..20)
            .map(|i| file(&format!("{i}.pdf"), MIB, &format!("{i}")))
            .collect();
        assert!(check_batch(&files, &limits).is_ok());
        let mut more = files.clone();
        more.push(file("x.pdf", 1, "x"));
        let e = check_batch(&more, &limits).unwrap_err();
        assert_eq!(e, UploadError::TooManyFiles { count: 21, max: 20 });
        assert!(
            e.to_string()
                .starts_with("Hồ sơ có 21 tệp, nhiều nhất là 20 tệp")
        );

        let big = [file("a.pdf", 25 * MIB, "a"), file("b.pdf", 25 * MIB, "b")];
        assert!(check_batch(&big, &limits).is_ok());
        let too_big = [
            file("a.pdf", 25 * MIB, "a"),
            file("b.pdf", 25 * MIB + 1, "b"),
        ];
        let e = check_batch(&too_big, &limits).unwrap_err();
        assert!(matches!(e, UploadError::TotalTooLarge { total, .. } if total == 50 * MIB + 1));
        assert!(e.to_string().contains("vượt giới hạn 50 MB cho một hồ sơ"));

        let dup = [
            file("a.pdf", 1, "h"),
            file("b.pdf", 1, "k"),
            file("c.pdf", 1, "h"),
        ];
        assert_eq!(
            check_batch(&dup, &limits).unwrap_err().to_string(),
            "Tệp «c.pdf» giống hệt tệp «a.pdf» đã đính kèm."
        );
        assert!(check_batch(&[], &limits).is_ok());
    }
}
