//! [`Resources`]: the fonts, images, letterheads and files of a batch, loaded once and shared.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::error::{Error, ErrorKind};
use crate::files::Stamp;
use crate::fonts::{Face, FontSet};
use crate::spec::{load_letterhead_str, Letterhead};

use super::{image_from_bytes, Env, ImageData, MAX_FONT_BYTES, MAX_IMAGE_BYTES};

/// The letterhead folders scanned, and the letterheads found in them.
type Scan = (Vec<PathBuf>, BTreeMap<String, PathBuf>);

/// A cached value and what its file looked like when it was read.
type Cached<T> = BTreeMap<PathBuf, (Option<Stamp>, T)>;

/// The inputs of letters, loaded once and shared (`Arc`) by every letter of a batch, and the
/// files and fonts a program registers from memory. `Send + Sync`: one `Resources` serves every
/// thread of a server or a merge.
///
/// A file on disk is read again when its size or modification time changes (a logo rewritten
/// in place is not served stale); [`Resources::clear`] drops everything cached.
#[derive(Debug, Default)]
pub struct Resources {
    pub(super) artwork: Mutex<super::artwork::ArtCache>,
    paragraphs: Arc<crate::text::ParagraphCache>,
    families: Mutex<BTreeMap<String, FontSet>>,
    faces: Mutex<Cached<Arc<Face>>>,
    pub(super) images: Mutex<Cached<Arc<ImageData>>>,
    letterhead_cache: Mutex<Cached<Letterhead>>,
    files: Mutex<BTreeMap<PathBuf, Arc<[u8]>>>,
    named_letterheads: Mutex<BTreeMap<String, PathBuf>>,
    scanned: Mutex<Option<Scan>>,
    granted: Mutex<BTreeSet<Grant>>,
    folders: Mutex<BTreeMap<Folders, Arc<[PathBuf]>>>,
}

/// A root and letterhead folders, as an [`Env`] names them.
type Folders = (PathBuf, Vec<PathBuf>);

/// A read [`Env::check_read`] allowed: the root, the letterhead folders and the path.
type Grant = (PathBuf, Vec<PathBuf>, PathBuf);

pub(super) fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic elsewhere while a lock was held cannot leave a half-inserted entry.
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Resources {
    /// An empty cache.
    ///
    /// ```
    /// let res = letterpress::Resources::new();
    /// let serif = res.family("Noto Serif").expect("bundled");
    /// assert_eq!(serif.family(), "Noto Serif");
    /// ```
    pub fn new() -> Resources {
        Resources::default()
    }

    /// Register a file in memory at `path` (as a letter or letterhead names it, relative to
    /// the file that names it): a letterhead YAML, an image, a font. It is found before the
    /// file system and needs no file access. Registering a path again replaces the file and
    /// whatever was cached from it.
    ///
    /// ```
    /// use letterpress::{load_letter_str, render, Env, RenderOptions, Resources};
    /// let res = Resources::new();
    /// res.insert_file("firm.yaml", "name: Acme Ltd\nsender: { name: Acme Ltd, address: [1 Main St] }\n");
    /// let letter = load_letter_str("letterhead: firm.yaml\nrecipient: [A]\nbody: x\n", "letter.yaml")?;
    /// let out = render(&letter, &Env::default(), &res, &RenderOptions::default())?;
    /// assert!(out.output.pdf.starts_with(b"%PDF-"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn insert_file(&self, path: impl AsRef<Path>, bytes: impl Into<Vec<u8>>) {
        let key = crate::files::lexical(path.as_ref());
        lock(&self.faces).remove(&key);
        lock(&self.images).remove(&key);
        lock(&self.letterhead_cache).remove(&key);
        lock(&self.files).insert(key, Arc::from(bytes.into()));
    }

    /// Register a letterhead under a name, for `letterhead: NAME`: the YAML at `path`, a file
    /// registered with [`insert_file`](Resources::insert_file) or one on disk (read as the
    /// render's [`Env`] allows). A registered name wins over the bundled letterheads.
    pub fn insert_letterhead(&self, name: &str, path: impl Into<PathBuf>) {
        lock(&self.named_letterheads).insert(name.trim().to_string(), path.into());
    }

    /// Register a font family from memory under `name`, for `font: { family: NAME }`. A face
    /// left out falls back to `regular`. The faces take part in the glyph-coverage check like
    /// any other. A registered name wins over a bundled family of the same name.
    ///
    /// ```
    /// let res = letterpress::Resources::new();
    /// // Any font file's bytes; here the bundled Noto Sans's.
    /// let regular = letterpress_assets::FAMILIES[1].regular.to_vec();
    /// res.insert_family("House Sans", regular, None, None, None)?;
    /// assert_eq!(res.family("house sans").expect("registered").family(), "House Sans");
    /// assert!(res.insert_family("Broken", vec![0; 12], None, None, None).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn insert_family(
        &self,
        name: &str,
        regular: Vec<u8>,
        bold: Option<Vec<u8>>,
        italic: Option<Vec<u8>>,
        bold_italic: Option<Vec<u8>>,
    ) -> Result<(), Error> {
        let name = name.trim();
        let parse = |data: Vec<u8>, face: &str| -> Result<Arc<Face>, Error> {
            if data.len() as u64 > MAX_FONT_BYTES {
                return Err(Error::new(ErrorKind::Font(format!(
                    "{name} {face}: {} bytes is over the limit of {MAX_FONT_BYTES} bytes",
                    data.len()
                ))));
            }
            Face::from_bytes(data, &format!("{name} {face}"))
                .map(Arc::new)
                .map_err(|e| Error::new(ErrorKind::Font(format!("{name} {face}: {e}"))))
        };
        let r = parse(regular, "Regular")?;
        let face = |data: Option<Vec<u8>>, label: &str| match data {
            Some(d) => parse(d, label),
            None => Ok(r.clone()),
        };
        let (b, i, bi) = (
            face(bold, "Bold")?,
            face(italic, "Italic")?,
            face(bold_italic, "Bold Italic")?,
        );
        let set = FontSet::new(name.to_string(), r, b, i, bi);
        lock(&self.families).insert(name.to_lowercase(), set);
        Ok(())
    }

    /// Drop every cached font, image and letterhead (registered files and names stay).
    pub fn clear(&self) {
        self.paragraphs.clear();
        lock(&self.faces).clear();
        lock(&self.images).clear();
        lock(&self.artwork).clear();
        lock(&self.letterhead_cache).clear();
        *lock(&self.scanned) = None;
        lock(&self.granted).clear();
        lock(&self.folders).clear();
        lock(&self.families).retain(|_, f| !FontSet::BUNDLED.contains(&f.family()));
    }

    /// The paragraphs already set for the letters this serves (layout reads them from here,
    /// through [`crate::Resolved::paragraphs`]).
    pub fn paragraphs(&self) -> &Arc<crate::text::ParagraphCache> {
        &self.paragraphs
    }

    /// A registered or bundled family, parsed once (case-insensitive).
    pub fn family(&self, name: &str) -> Option<FontSet> {
        let key = name.trim().to_lowercase();
        let mut families = lock(&self.families);
        if let Some(f) = families.get(&key) {
            return Some(f.clone());
        }
        let set = FontSet::bundled(name)?;
        families.insert(key, set.clone());
        Some(set)
    }

    /// The families a letter may name: registered ones, then the bundled ones.
    pub fn family_names(&self) -> Vec<String> {
        let mut names: Vec<String> = lock(&self.families)
            .values()
            .map(|f| f.family().to_string())
            .filter(|f| !FontSet::BUNDLED.contains(&f.as_str()))
            .collect();
        names.extend(FontSet::available().iter().map(|s| s.to_string()));
        names
    }

    /// Every letterhead a letter may name (`letterhead: NAME`) → the path of its YAML:
    /// registered names, then the env's letterhead folders (scanned once), then the bundled ones.
    pub fn letterheads(&self, env: &Env) -> BTreeMap<String, PathBuf> {
        let mut out = lock(&self.named_letterheads).clone();
        {
            let mut scanned = lock(&self.scanned);
            let fresh = matches!(&*scanned, Some((dirs, _)) if *dirs == env.letterhead_dirs);
            if !fresh {
                *scanned = Some((env.letterhead_dirs.clone(), env.scan_letterhead_dirs()));
            }
            if let Some((_, found)) = &*scanned {
                for (k, v) in found {
                    out.entry(k.clone()).or_insert_with(|| v.clone());
                }
            }
        }
        for name in crate::files::bundled_letterhead_names() {
            out.entry(name.to_string())
                .or_insert_with(|| crate::files::bundled_letterhead_path(name));
        }
        out
    }

    /// The bytes of the file at `path`: registered in memory, bundled, or read from disk as
    /// `env` allows, at most `limit` bytes of a regular file.
    pub fn read(&self, env: &Env, path: &Path, limit: u64) -> Result<Arc<[u8]>, ErrorKind> {
        self.read_stamped(env, path, limit).map(|(_, b)| b)
    }

    /// [`Resources::read`] with the stamp that tells a later call whether the file changed.
    pub(super) fn read_stamped(
        &self,
        env: &Env,
        path: &Path,
        limit: u64,
    ) -> Result<(Option<Stamp>, Arc<[u8]>), ErrorKind> {
        let key = crate::files::lexical(path);
        if let Some(bytes) = lock(&self.files).get(&key) {
            return Ok((None, bytes.clone()));
        }
        if let Some(bytes) = crate::files::bundled(&key) {
            return Ok((None, Arc::from(bytes)));
        }
        self.check_read(env, path)?;
        let stamp = crate::files::stamp(path);
        let bytes = crate::files::read_bounded(path, limit)?;
        Ok((stamp, Arc::from(bytes)))
    }

    /// Whether `path` names a file this render could read (registered, bundled or, as `env`
    /// allows, a regular file on disk).
    pub fn is_file(&self, env: &Env, path: &Path) -> bool {
        let key = crate::files::lexical(path);
        lock(&self.files).contains_key(&key)
            || crate::files::bundled(&key).is_some()
            || (self.granted(env, path).is_ok() && path.is_file())
    }

    /// Whether `env` lets this render have the file at `path` (checked again for a value cached
    /// by another render, which may have had a wider env).
    pub(super) fn allowed(&self, env: &Env, path: &Path) -> Result<(), ErrorKind> {
        let key = crate::files::lexical(path);
        if lock(&self.files).contains_key(&key) || crate::files::bundled(&key).is_some() {
            return Ok(());
        }
        self.granted(env, path)
    }

    /// [`Env::check_read`], remembered while these resources live for the same folders and
    /// path. Deciding resolves the symbolic links of every allowed folder and of the path
    /// (dozens of `readlink` calls for each letter of a merge). Only cached bytes and the
    /// question whether a path names a file use it: a file read from disk is checked anew.
    fn granted(&self, env: &Env, path: &Path) -> Result<(), ErrorKind> {
        let crate::files::FileAccess::Root(root) = &env.files else {
            return env.check_read(path);
        };
        let grant = (
            root.clone(),
            env.letterhead_dirs.clone(),
            path.to_path_buf(),
        );
        if lock(&self.granted).contains(&grant) {
            return Ok(());
        }
        self.check_read(env, path)?;
        lock(&self.granted).insert(grant);
        Ok(())
    }

    /// [`Env::check_read`] with the folders it allows resolved once while these resources
    /// live (each is a chain of `readlink` calls); the path itself is resolved every time.
    fn check_read(&self, env: &Env, path: &Path) -> Result<(), ErrorKind> {
        let crate::files::FileAccess::Root(root) = &env.files else {
            return env.check_read(path);
        };
        let key = (root.clone(), env.letterhead_dirs.clone());
        let cached = lock(&self.folders).get(&key).cloned();
        let allowed = match cached {
            Some(a) => a,
            None => {
                let a: Arc<[PathBuf]> = env.allowed_folders().into();
                lock(&self.folders).insert(key, Arc::clone(&a));
                a
            }
        };
        env.check_read_within(path, &allowed)
    }

    /// A cached value at `path` that is still current: in memory, or on disk unchanged.
    pub(super) fn cached<T: Clone>(&self, cache: &Mutex<Cached<T>>, path: &Path) -> Option<T> {
        let key = crate::files::lexical(path);
        let cache = lock(cache);
        let (stamp, value) = cache.get(&key)?;
        match stamp {
            None => Some(value.clone()),
            Some(s) => (crate::files::stamp(path).as_ref() == Some(s)).then(|| value.clone()),
        }
    }

    pub(super) fn remember<T>(
        &self,
        cache: &Mutex<Cached<T>>,
        path: &Path,
        stamp: Option<Stamp>,
        value: T,
    ) {
        lock(cache).insert(crate::files::lexical(path), (stamp, value));
    }

    /// A font file, parsed once.
    pub fn face(&self, env: &Env, path: &Path) -> Result<Arc<Face>, ErrorKind> {
        if let Some(f) = self.cached(&self.faces, path) {
            self.allowed(env, path)?;
            return Ok(f);
        }
        let (stamp, data) = self.read_stamped(env, path, MAX_FONT_BYTES)?;
        let face = Face::from_bytes(data.to_vec(), &path.display().to_string())
            .map_err(|e| ErrorKind::Font(format!("{}: {e}", path.display())))?;
        let face = Arc::new(face);
        self.remember(&self.faces, path, stamp, face.clone());
        Ok(face)
    }

    /// An image file, sniffed and size-checked from its header, loaded once.
    pub fn image(&self, env: &Env, path: &Path) -> Result<Arc<ImageData>, ErrorKind> {
        if let Some(i) = self.cached(&self.images, path) {
            self.allowed(env, path)?;
            return Ok(i);
        }
        let (stamp, data) = self.read_stamped(env, path, MAX_IMAGE_BYTES)?;
        let img = Arc::new(image_from_bytes(path, data.to_vec())?);
        self.remember(&self.images, path, stamp, img.clone());
        Ok(img)
    }

    /// A letterhead file, parsed once.
    pub fn letterhead(&self, env: &Env, path: &Path) -> Result<Letterhead, Error> {
        if let Some(l) = self.cached(&self.letterhead_cache, path) {
            self.allowed(env, path).map_err(Error::new)?;
            return Ok(l);
        }
        let (stamp, data) = self
            .read_stamped(env, path, crate::spec::MAX_SPEC_BYTES as u64)
            .map_err(Error::new)?;
        let text = crate::spec::text_from_bytes(path, data.to_vec()).map_err(unquote)?;
        let lh = load_letterhead_str(&text, path).map_err(unquote)?;
        self.remember(&self.letterhead_cache, path, stamp, lh.clone());
        Ok(lh)
    }
}

/// An error in a file other than the letter keeps its place but not the text of the line: a
/// library serving strangers' letters never shows them a line of another file.
fn unquote(mut e: Error) -> Error {
    if let Some(o) = &mut e.origin {
        o.source_line.clear();
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confinement_holds_with_the_folders_resolved_once() {
        let root = tempfile::tempdir().expect("a folder");
        let outside = tempfile::tempdir().expect("another folder");
        std::fs::write(root.path().join("inside.txt"), "ok").expect("written");
        std::fs::write(outside.path().join("secret.txt"), "no").expect("written");
        std::os::unix::fs::symlink(
            outside.path().join("secret.txt"),
            root.path().join("link.txt"),
        )
        .expect("a link out");
        let env = Env::confined(root.path());
        let res = Resources::new();
        let inside = root.path().join("inside.txt");
        let escapes = [
            root.path().join("link.txt"),
            root.path()
                .join("../")
                .join(outside.path().file_name().expect("named")),
            outside.path().join("secret.txt"),
        ];
        // Twice: the second round is answered with the folders the first resolved.
        for round in 0..2 {
            assert!(res.is_file(&env, &inside), "round {round}: inside");
            assert!(res.check_read(&env, &inside).is_ok(), "round {round}");
            for path in &escapes {
                assert!(
                    !res.is_file(&env, path),
                    "round {round}: {}",
                    path.display()
                );
                assert!(
                    matches!(
                        res.check_read(&env, path),
                        Err(ErrorKind::OutsideRoot { .. })
                    ),
                    "round {round}: {}",
                    path.display()
                );
            }
        }
        // Another root is resolved for itself, not answered from the first one's folders.
        let other = Env::confined(outside.path());
        assert!(res
            .check_read(&other, &outside.path().join("secret.txt"))
            .is_ok());
        assert!(res.check_read(&other, &inside).is_err());
    }
}
