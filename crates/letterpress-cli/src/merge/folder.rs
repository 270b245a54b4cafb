//! The output folder of a merge holds one merge: the letters its manifest lists and nothing
//! else of ours.
//!
//! - A folder whose manifest comes from a merge of another letter or data file is refused
//!   (exit 2) unless `--force`: the two merges would mix under one manifest.
//! - A letter file that exists but no manifest there lists is refused unless `--force`: it is
//!   not ours to overwrite.
//! - After the merge, the letters the old manifest lists that this merge did not write (fewer
//!   records, other names, records that failed this time) are removed and reported, so the
//!   folder holds exactly what the new manifest lists.
//! - A merge stopped before its end (a signal, a full disk, a kill) leaves its journal; the
//!   letters it lists count as the merge's own, and `--resume` keeps those whose bytes match.
//! - Temporary files of ours (`.letterpress-*.tmp`) a killed merge left are removed.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use super::manifest::{Earlier, Header};
use crate::Failure;

/// The letter files of the previous merge in the folder, by file name.
#[derive(Default)]
pub(crate) struct Previous {
    dir: PathBuf,
    pub(crate) files: BTreeSet<OsString>,
    /// What the earlier runs left, for `--resume`.
    pub(crate) earlier: Earlier,
    /// The folder holds this merge (same letter and data): its letters may be replaced.
    pub(crate) ours: bool,
    force: bool,
}

/// Read the folder's manifest and journal (if any) and check they are of this merge `me`.
pub(crate) fn check(
    dir: &Path,
    manifest: &Path,
    journal: Option<&Path>,
    me: &Header,
    force: bool,
    resume: bool,
) -> Result<Previous, Failure> {
    let mut earlier = Earlier::read(manifest, journal, resume);
    let mut previous = Previous {
        dir: dir.to_path_buf(),
        files: BTreeSet::new(),
        earlier: Earlier::default(),
        ours: false,
        force,
    };
    match &earlier.header {
        Some(h) if same(&h.letter, &me.letter) && same(&h.data, &me.data) => {
            previous.ours = true;
        }
        _ if force => earlier.entries.clear(),
        Some(h) => {
            return Err(Failure::Usage(format!(
                "`{}` lists a merge of `{}` with `{}`; merging `{}` with `{}` into the same folder would mix the two — choose another --out, or pass --force to replace the earlier merge (its letters are removed)",
                manifest.display(),
                h.letter,
                h.data,
                me.letter,
                me.data
            )))
        }
        None if earlier.foreign => {
            return Err(Failure::Usage(format!(
                "`{}` exists and is not a letterpress manifest; choose another --out (or --manifest), or pass --force to overwrite it",
                manifest.display()
            )))
        }
        None => {}
    }
    if resume && previous.ours {
        refuse_changed(earlier.header.as_ref(), me, manifest)?;
    }
    previous.files = earlier.files.clone();
    previous.earlier = earlier;
    Ok(previous)
}

/// `--resume` over letters of other contents would keep stale letters.
fn refuse_changed(earlier: Option<&Header>, me: &Header, manifest: &Path) -> Result<(), Failure> {
    match earlier {
        Some(h) if h.fingerprint != me.fingerprint => Err(Failure::Usage(format!(
            "cannot resume: the letters listed by `{}` were made from other contents of the letter or the data, or with other options (--name, --pdf-standard); run the merge again without --resume",
            manifest.display()
        ))),
        _ => Ok(()),
    }
}

/// Whether a path in a manifest names the file `real` (a real path): written so, or (in a
/// manifest of an earlier version, which kept paths as given) resolving to it from here.
fn same(listed: &str, real: &str) -> bool {
    listed == real || std::fs::canonicalize(listed).is_ok_and(|p| p.display().to_string() == real)
}

impl Previous {
    /// A letter about to be written as `name` (which exists) must be one of ours, unless
    /// `--force`, or `--resume` in this merge's own folder (a kill may have come between
    /// writing a letter and noting it in the journal).
    pub(crate) fn claim(&self, name: &str, resume: bool) -> Result<(), Failure> {
        if self.force || (resume && self.ours) || self.files.contains(&OsString::from(name)) {
            return Ok(());
        }
        Err(Failure::Usage(format!(
            "`{}` exists and no manifest of a letterpress merge in `{}` lists it; choose an empty folder with --out, or pass --force to overwrite it",
            self.dir.join(name).display(),
            self.dir.display()
        )))
    }

    /// Remove the letters of the previous merge this one did not write; their names.
    pub(crate) fn remove_stale(&self, written: &BTreeSet<OsString>) -> Vec<PathBuf> {
        let mut removed = Vec::new();
        for name in self.files.difference(written) {
            let path = self.dir.join(name);
            let is_file = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file());
            if is_file && std::fs::remove_file(&path).is_ok() {
                removed.push(path);
            }
        }
        removed
    }
}

/// Remove the temporary files a killed run of this merge left in `dir`: `{prefix}*.tmp`
/// (`.letterpress-*.tmp` for a whole merge, `.letterpress-K-of-N-*.tmp` for a shard, which so
/// leaves alone the files other shards are writing into the same folder).
pub(crate) fn remove_temporaries(dir: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        let ours = name.starts_with(prefix) && name.ends_with(".tmp");
        if ours && e.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}
