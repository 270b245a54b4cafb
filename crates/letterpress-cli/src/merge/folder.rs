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

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::Failure;

/// The letter files of the previous merge in the folder, by file name.
#[derive(Default)]
pub(crate) struct Previous {
    dir: PathBuf,
    files: BTreeSet<OsString>,
}

/// What the new merge is, for comparing with a manifest.
pub(crate) struct Identity<'a> {
    pub letter: &'a str,
    pub data: &'a str,
}

/// Read the folder's manifest (if any) and apply the rule above to the files about to be
/// written (`planned`, file names in `dir`).
pub(crate) fn check(
    dir: &Path,
    manifest: &Path,
    me: &Identity<'_>,
    planned: &[&str],
    force: bool,
) -> Result<Previous, Failure> {
    let mut previous = Previous {
        dir: dir.to_path_buf(),
        files: BTreeSet::new(),
    };
    if std::fs::metadata(manifest).is_ok() {
        let old = read_manifest(manifest);
        match &old {
            Some((letter, data, _)) if same(letter, me.letter) && same(data, me.data) => {}
            _ if force => {}
            Some((letter, data, _)) => {
                return Err(Failure::Usage(format!(
                    "`{}` lists a merge of `{letter}` with `{data}`; merging `{}` with `{}` into the same folder would mix the two — choose another --out, or pass --force to replace the earlier merge (its letters are removed)",
                    manifest.display(),
                    me.letter,
                    me.data
                )))
            }
            None => {
                return Err(Failure::Usage(format!(
                    "`{}` exists and is not a letterpress manifest; choose another --out (or --manifest), or pass --force to overwrite it",
                    manifest.display()
                )))
            }
        }
        if let Some((_, _, files)) = old {
            previous.files = files;
        }
    }
    if !force {
        if let Some(name) = planned
            .iter()
            .find(|n| !previous.files.contains(&OsString::from(n)) && dir.join(n).exists())
        {
            return Err(Failure::Usage(format!(
                "`{}` exists and no manifest of a letterpress merge in `{}` lists it; choose an empty folder with --out, or pass --force to overwrite it",
                dir.join(name).display(),
                dir.display()
            )));
        }
    }
    Ok(previous)
}

/// Whether a path in a manifest names the file `real` (a real path): written so, or (in a
/// manifest of an earlier version, which kept paths as given) resolving to it from here.
fn same(listed: &str, real: &str) -> bool {
    listed == real || std::fs::canonicalize(listed).is_ok_and(|p| p.display().to_string() == real)
}

/// The letter and data of a manifest, and the file names of its letters.
fn read_manifest(path: &Path) -> Option<(String, String, BTreeSet<OsString>)> {
    let text = std::fs::read_to_string(path).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    let letter = v.get("letter")?.as_str()?.to_string();
    let data = v.get("data")?.as_str()?.to_string();
    let files = v
        .get("letters")?
        .as_array()?
        .iter()
        .filter_map(|e| e.get("file")?.as_str())
        .filter_map(|f| Path::new(f).file_name().map(OsString::from))
        .collect();
    Some((letter, data, files))
}

impl Previous {
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
