//! The environment of a render: today's date, its time zone, the letterhead folders and how far
//! the file system may be read.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::error::ErrorKind;
use crate::files::FileAccess;

/// Where a render's outside inputs come from: today's date, the letterhead folders, and how
/// far the file system may be read.
///
/// `Env::default()` reads no file at all: letters, letterheads, fonts and images come from
/// memory ([`Resources::insert_file`](super::Resources::insert_file), [`Resources::insert_family`](super::Resources::insert_family),
/// [`Resources::insert_letterhead`](super::Resources::insert_letterhead)) or are bundled. Widening is explicit:
/// [`Env::confined`] to a folder, [`Env::unrestricted`] for letters the caller trusts.
///
/// ```
/// use letterpress::{load_letter_str, render, Env, RenderOptions, Resources};
/// let letter = load_letter_str("recipient: [A]\nbody: x\nletterhead: /etc/passwd\n", "l.yaml")?;
/// let e = render(&letter, &Env::default(), &Resources::new(), &RenderOptions::default()).unwrap_err();
/// assert!(e.0[0].to_string().contains("reading files is off"), "{}", e.0[0]);
/// # Ok::<(), letterpress::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Env {
    /// The date of letters with no `date:`; `None` means `SOURCE_DATE_EPOCH`, else today in
    /// [`time_zone`](Env::time_zone).
    pub today: Option<NaiveDate>,
    /// The offset from UTC, in seconds, of the day "today" is taken in (0: UTC).
    pub time_zone: i32,
    /// Folders searched for letterheads by name (`letterhead: nowak-pr`) before the bundled
    /// ones; reads inside them are allowed under [`FileAccess::Root`].
    pub letterhead_dirs: Vec<PathBuf>,
    /// How far the file system may be read.
    pub files: FileAccess,
}

impl Env {
    /// A sandbox: no file is read (the same as `Env::default()`).
    pub fn new() -> Env {
        Env::default()
    }

    /// Files may be read inside `root` (and the letterhead folders), nowhere else: no `..`,
    /// absolute path or symbolic link may lead out. For services that render letters whose
    /// assets are in one folder.
    pub fn confined(root: impl Into<PathBuf>) -> Env {
        Env {
            files: FileAccess::Root(root.into()),
            ..Env::default()
        }
    }

    /// Any file the process may read: for letters the caller trusts.
    pub fn unrestricted() -> Env {
        Env {
            files: FileAccess::Any,
            ..Env::default()
        }
    }

    /// This environment with a fixed date for undated letters.
    pub fn with_today(mut self, today: NaiveDate) -> Env {
        self.today = Some(today);
        self
    }

    /// This environment with "today" taken at `seconds` east of UTC (e.g. `3600` for CET).
    pub fn with_time_zone(mut self, seconds: i32) -> Env {
        self.time_zone = seconds;
        self
    }

    /// This environment with one more folder of letterheads (`NAME/letterhead.yaml`).
    pub fn with_letterhead_dir(mut self, dir: impl Into<PathBuf>) -> Env {
        self.letterhead_dirs.push(dir.into());
        self
    }

    /// The environment of the command-line tool: any file may be read (the CLI then confines
    /// reads to the letter's folder), `SOURCE_DATE_EPOCH`, the installed
    /// `share/letterpress/letterheads` folders and `LETTERPRESS_LETTERHEADS`.
    ///
    /// ```
    /// let env = letterpress::Env::from_process();
    /// assert!(letterpress::Resources::new().letterheads(&env).contains_key("nowak-pr"));
    /// ```
    pub fn from_process() -> Env {
        let mut dirs = Vec::new();
        if let Some(d) = std::env::var_os("LETTERPRESS_LETTERHEADS") {
            dirs.extend(std::env::split_paths(&d));
        }
        if let Ok(exe) = std::env::current_exe() {
            if let Some(bin) = exe.parent() {
                dirs.push(bin.join("../share/letterpress/letterheads"));
                dirs.push(bin.join("letterheads"));
            }
        }
        // In a checkout of the repository: the bundled letterheads' own folder, so that letters
        // beside it (`examples/`) may name its files by path under confinement.
        let checkout = Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../letterpress-assets/letterheads"
        ));
        if checkout.is_dir() {
            dirs.push(checkout.to_path_buf());
        }
        Env {
            letterhead_dirs: dirs,
            files: FileAccess::Any,
            ..Env::default()
        }
    }

    /// Whether `path` may be read from the file system: never under [`FileAccess::None`];
    /// under [`FileAccess::Root`] the path (lexically, then with symbolic links resolved) must
    /// lie inside the root or a letterhead folder. Nothing is read to decide about a path that
    /// is lexically outside.
    pub fn check_read(&self, path: &Path) -> Result<(), ErrorKind> {
        match &self.files {
            FileAccess::Any => Ok(()),
            FileAccess::None => Err(ErrorKind::NoFileAccess {
                path: path.to_path_buf(),
            }),
            FileAccess::Root(_) => self.check_read_within(path, &self.allowed_folders()),
        }
    }

    /// The folders a read under [`FileAccess::Root`] may lie in, symbolic links resolved: the
    /// root and the letterhead folders (which a merge resolves once, not for every read).
    pub(crate) fn allowed_folders(&self) -> Vec<PathBuf> {
        let FileAccess::Root(root) = &self.files else {
            return Vec::new();
        };
        let mut allowed = vec![canonical(root)];
        allowed.extend(
            self.letterhead_dirs
                .iter()
                .filter_map(|d| std::fs::canonicalize(d).ok()),
        );
        allowed
    }

    /// [`Env::check_read`] with the [`allowed_folders`](Env::allowed_folders) already resolved.
    pub(crate) fn check_read_within(
        &self,
        path: &Path,
        allowed: &[PathBuf],
    ) -> Result<(), ErrorKind> {
        let root = match &self.files {
            FileAccess::Root(root) => root,
            _ => return self.check_read(path),
        };
        let outside = || ErrorKind::OutsideRoot {
            path: path.to_path_buf(),
            root: root.clone(),
        };
        let lexical = normalize(path);
        // The lexical check stops `..` before the file system is asked anything; the real
        // path (links resolved) stops symbolic links that lead out.
        let inside = |p: &Path| allowed.iter().any(|a| p.starts_with(a));
        if !inside(&lexical) && !inside(&canonical(&lexical)) {
            return Err(outside());
        }
        match std::fs::canonicalize(path) {
            Ok(real) if !inside(&real) => Err(outside()),
            _ => Ok(()),
        }
    }

    /// Today's date for undated letters.
    ///
    /// ```
    /// let env = letterpress::Env::new().with_today(chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap());
    /// assert_eq!(env.today().to_string(), "2026-11-26");
    /// ```
    pub fn today(&self) -> NaiveDate {
        if let Some(d) = self.today {
            return d;
        }
        let shift = chrono::TimeDelta::seconds(i64::from(self.time_zone));
        if let Some(secs) = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse::<i64>().ok())
        {
            if let Some(dt) = chrono::DateTime::from_timestamp(secs, 0) {
                return (dt.naive_utc() + shift).date();
            }
        }
        (chrono::Utc::now().naive_utc() + shift).date()
    }

    /// The letterheads found in [`letterhead_dirs`](Env::letterhead_dirs) (name → YAML path),
    /// read from the file system now; [`Resources::letterheads`](super::Resources::letterheads) adds the bundled and
    /// registered ones and scans once.
    pub fn scan_letterhead_dirs(&self) -> BTreeMap<String, PathBuf> {
        let mut out = BTreeMap::new();
        if self.files == FileAccess::None {
            return out;
        }
        for dir in &self.letterhead_dirs {
            let Ok(rd) = std::fs::read_dir(dir) else {
                continue;
            };
            for entry in rd.flatten() {
                let yaml = entry.path().join("letterhead.yaml");
                if yaml.is_file() {
                    let name = entry.file_name().to_string_lossy().to_string();
                    out.entry(name).or_insert(yaml);
                }
            }
        }
        out
    }
}

/// `p` with its symbolic links resolved, or lexically normalised where it does not exist.
fn canonical(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| normalize(p))
}

/// An absolute path with `.` and `..` resolved lexically (no file-system access).
fn normalize(path: &Path) -> PathBuf {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    crate::files::lexical(&abs)
}
