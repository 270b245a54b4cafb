//! Files: where every input of a render comes from — files registered in memory
//! ([`Resources::insert_file`](crate::Resources::insert_file)), the bundled letterheads, and the
//! file system only as far as the [`Env`](crate::Env)'s [`FileAccess`] allows.
//!
//! Every read is bounded: only regular files (never a FIFO, device or folder, which could block
//! or never end), at most the caller's limit of bytes, checked before and while reading.

use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::time::SystemTime;

use crate::error::ErrorKind;
use crate::spec::io_reason;

/// How far a render may read the file system.
///
/// ```
/// use letterpress::{Env, FileAccess};
/// assert_eq!(Env::default().files, FileAccess::None, "a sandbox unless the caller widens it");
/// assert_eq!(Env::confined("letters").files, FileAccess::Root("letters".into()));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum FileAccess {
    /// No file is read: only files registered in memory and the bundled letterheads. For
    /// services that render letters sent by strangers and keep their assets in memory.
    #[default]
    None,
    /// Files inside this folder (and inside [`Env::letterhead_dirs`](crate::Env)): no `..`,
    /// absolute path or symbolic link may lead elsewhere.
    Root(PathBuf),
    /// Any file the process may read: for letters the caller trusts (its own templates).
    Any,
}

/// The folder under which the bundled letterheads are seen, in paths and messages:
/// `<bundled>/nowak-pr/letterhead.yaml`.
pub const BUNDLED_DIR: &str = "<bundled>";

/// The bytes of a bundled letterhead file, if `path` names one.
pub fn bundled(path: &Path) -> Option<&'static [u8]> {
    let rel = lexical(path);
    let rel = rel.strip_prefix(BUNDLED_DIR).ok()?;
    let rel = rel.to_str()?.replace('\\', "/");
    bundled_files().find(|(p, _)| *p == rel).map(|(_, b)| b)
}

#[cfg(feature = "bundled-letterheads")]
fn bundled_files() -> impl Iterator<Item = (&'static str, &'static [u8])> {
    letterpress_assets::LETTERHEAD_FILES
        .iter()
        .map(|f| (f.path, f.bytes))
}

#[cfg(not(feature = "bundled-letterheads"))]
fn bundled_files() -> impl Iterator<Item = (&'static str, &'static [u8])> {
    std::iter::empty()
}

/// The names of the bundled letterheads (empty without the `bundled-letterheads` feature).
pub fn bundled_letterhead_names() -> Vec<&'static str> {
    bundled_files()
        .filter_map(|(p, _)| p.strip_suffix("/letterhead.yaml"))
        .collect()
}

/// The path of a bundled letterhead's YAML file.
pub fn bundled_letterhead_path(name: &str) -> PathBuf {
    Path::new(BUNDLED_DIR).join(name).join("letterhead.yaml")
}

/// `path` with `.` dropped and `..` applied to what precedes it, without asking the file
/// system: the key of a file in memory, and the first look at a path that must stay inside a
/// root. A leading `..` that has nothing to undo is kept.
pub fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                let can_pop = matches!(out.components().next_back(), Some(Component::Normal(_)));
                if can_pop {
                    out.pop();
                } else if !out.has_root() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// What a file on disk looked like when it was read: a cached copy is stale once this changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
}

/// The stamp of a file on disk, or `None` when it cannot be asked.
pub fn stamp(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    Some(Stamp {
        len: meta.len(),
        modified: meta.modified().ok(),
    })
}

/// Read a regular file of at most `limit` bytes. A folder, FIFO, socket or device is refused
/// before it is opened (opening a FIFO would wait for a writer); the size is checked from the
/// metadata and again while reading, so a file that grows (or a sparse one that claims to be
/// small) can never make the read larger than `limit`.
///
/// ```
/// let dir = std::env::temp_dir();
/// let e = letterpress::files::read_bounded(&dir, 10).unwrap_err();
/// assert!(e.to_string().contains("it is a folder, not a file"), "{e}");
/// ```
pub fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, ErrorKind> {
    read_bounded_or(path, limit, |len| ErrorKind::InvalidValue {
        what: "file".into(),
        value: path.display().to_string(),
        reason: format!("{len} bytes is over the limit of {limit} bytes"),
    })
}

/// [`read_bounded`], with the error for a file of `len` bytes over the limit.
pub fn read_bounded_or(
    path: &Path,
    limit: u64,
    too_big: impl Fn(u64) -> ErrorKind,
) -> Result<Vec<u8>, ErrorKind> {
    let io = |e: std::io::Error| ErrorKind::Io {
        path: path.to_path_buf(),
        reason: io_reason(&e),
    };
    let not_regular = |what: &str| ErrorKind::Io {
        path: path.to_path_buf(),
        reason: format!("it is {what}, not a regular file"),
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.is_dir() {
        return Err(ErrorKind::Io {
            path: path.to_path_buf(),
            reason: "it is a folder, not a file".into(),
        });
    }
    if !meta.is_file() {
        return Err(not_regular("a device, pipe or socket"));
    }
    if meta.len() > limit {
        return Err(too_big(meta.len()));
    }
    let file = std::fs::File::open(path).map_err(io)?;
    if !file.metadata().map_err(io)?.is_file() {
        return Err(not_regular("a device, pipe or socket"));
    }
    let mut data = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut data)
        .map_err(io)?;
    if data.len() as u64 > limit {
        return Err(too_big(data.len() as u64));
    }
    Ok(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexical_paths_drop_dots_and_undo_parents() {
        assert_eq!(lexical(Path::new("./a/./b/../c.png")), Path::new("a/c.png"));
        assert_eq!(lexical(Path::new("../x/../../y")), Path::new("../../y"));
        assert_eq!(lexical(Path::new("/a/../../b")), Path::new("/b"));
        assert_eq!(
            lexical(Path::new("./<bundled>/nowak-pr/../nowak-pr/header.png")),
            Path::new("<bundled>/nowak-pr/header.png")
        );
    }

    #[test]
    fn reads_are_bounded_and_regular_only() {
        let dir = std::env::temp_dir().join(format!("lp-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let f = dir.join("ten.bin");
        std::fs::write(&f, [7u8; 10]).expect("write");
        assert_eq!(read_bounded(&f, 10).expect("at the limit").len(), 10);
        let e = read_bounded(&f, 9).expect_err("over the limit");
        assert!(e.to_string().contains("over the limit of 9 bytes"), "{e}");
        #[cfg(unix)]
        {
            let e = read_bounded(Path::new("/dev/zero"), 100).expect_err("a device");
            assert!(e.to_string().contains("not a regular file"), "{e}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[cfg(feature = "bundled-letterheads")]
    #[test]
    fn bundled_letterheads_are_files_under_their_own_folder() {
        assert_eq!(
            bundled_letterhead_names(),
            ["brightline-us", "hartmann-legal", "nordwerk", "nowak-pr"]
        );
        let yaml = bundled(&bundled_letterhead_path("nowak-pr")).expect("bundled");
        assert!(std::str::from_utf8(yaml).expect("utf-8").contains("Nowak"));
        assert!(bundled(Path::new("<bundled>/nowak-pr/./header.png")).is_some());
        assert!(bundled(Path::new("nowak-pr/header.png")).is_none());
    }
}
