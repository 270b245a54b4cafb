//! Resolve: letter + letterhead + `style:` overrides + defaults + locale → [`Resolved`], a letter
//! with every value checked and every file loaded (fonts parsed, images sniffed).
//!
//! Every problem is collected, so `check` can report them all at once.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use serde_saphyr::Spanned;

use crate::error::{Error, ErrorKind, Errors, Origin, Warning};
use crate::files::{FileAccess, Stamp};
use crate::fonts::{Face, FontSet, FontStyle};
use crate::layout::geometry::Geometry;
use crate::locale::Lang;
use crate::spec::{
    load_letterhead_str, HeaderSpec, Letter, LetterSpec, Letterhead, LetterheadSpec, SourceFile,
};
use crate::text::inline::{try_parse_markup, MAX_NESTING};
use crate::text::{parse_markup, Align, Block, Span};
use crate::units::{parse_length, Color};

mod artwork;
mod jpeg;
mod pdfpage;
mod stationery;
mod svg;

pub(crate) use artwork::Content;
pub use artwork::{vector_from_bytes, Artwork};
pub use pdfpage::{MAX_PDF_OBJECTS, MAX_PDF_SVG_BYTES};
pub use stationery::FirmArtwork;
pub use svg::{MAX_SVG_DEPTH, MAX_SVG_EXPANDED, MAX_SVG_NODES};

/// The largest image accepted, in pixels (width × height), checked from the header before any
/// decoding: 40 megapixels is a 300 dpi A4 page with room to spare.
pub const MAX_IMAGE_PIXELS: u64 = 40_000_000;
/// The largest image file accepted, in bytes.
pub const MAX_IMAGE_BYTES: u64 = 32 * 1024 * 1024;
/// The most bytes a PNG may take decoded (pixels × channels × bytes per channel, from the
/// header): the PDF writer holds the pixels, and a 16-bit RGBA image of 40 megapixels would
/// need 320 MB (twice that at its peak). 128 MiB is a 300 dpi A4 page in 8-bit RGBA four
/// times over.
pub const MAX_IMAGE_DECODED_BYTES: u64 = 128 * 1024 * 1024;
/// The largest font file accepted, in bytes.
pub const MAX_FONT_BYTES: u64 = 64 * 1024 * 1024;

/// The most characters a body may have: 200 000 is some 60 pages of running text, far past
/// any letter, and keeps a render under a second.
pub const MAX_BODY_CHARS: usize = 200_000;
/// The most pages a letter may take.
pub const MAX_PAGES: usize = 50;
/// The most signatories, side by side under the closing.
pub const MAX_SIGNATORIES: usize = 6;
/// The most enclosures listed.
pub const MAX_ENCLOSURES: usize = 100;
/// The most `cc` entries.
pub const MAX_CC: usize = 100;
/// The most characters of any one-line text (subject, opening, a recipient line, a name…).
pub const MAX_LINE_CHARS: usize = 2_000;

/// Where a render's outside inputs come from: today's date, the letterhead folders, and how
/// far the file system may be read.
///
/// `Env::default()` reads no file at all: letters, letterheads, fonts and images come from
/// memory ([`Resources::insert_file`], [`Resources::insert_family`],
/// [`Resources::insert_letterhead`]) or are bundled. Widening is explicit:
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
        let root = match &self.files {
            FileAccess::Any => return Ok(()),
            FileAccess::None => {
                return Err(ErrorKind::NoFileAccess {
                    path: path.to_path_buf(),
                })
            }
            FileAccess::Root(root) => root,
        };
        let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| normalize(p));
        let mut allowed = vec![canonical(root)];
        allowed.extend(
            self.letterhead_dirs
                .iter()
                .filter_map(|d| std::fs::canonicalize(d).ok()),
        );
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
    /// read from the file system now; [`Resources::letterheads`] adds the bundled and
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

/// An absolute path with `.` and `..` resolved lexically (no file-system access).
fn normalize(path: &Path) -> PathBuf {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    crate::files::lexical(&abs)
}

/// A decoded-once image, shared by every letter that uses it.
#[derive(Debug, Clone)]
pub struct ImageData {
    /// The file it came from.
    pub path: PathBuf,
    /// PNG, JPEG, SVG or a PDF page.
    pub format: ImageFormat,
    /// Pixel width (SVG and PDF artwork: its width in hundredths of a point).
    pub width: u32,
    /// Pixel height (SVG and PDF artwork: its height in hundredths of a point).
    pub height: u32,
    /// EXIF orientation of a JPEG (1–8; 1 for PNGs and upright JPEGs). `width` and `height`
    /// are the upright image's; the PDF writer turns the stored pixels accordingly.
    pub orientation: u8,
    /// What the PDF writer draws: the raster image as krilla holds it, or vectors.
    pub(crate) image: artwork::Content,
}

/// A supported raster format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum ImageFormat {
    /// PNG, with or without alpha.
    Png,
    /// JPEG, embedded as it is.
    Jpeg,
    /// SVG, drawn as vectors (text stays text).
    Svg,
    /// A page of a PDF, drawn as vectors.
    Pdf,
}

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
    families: Mutex<BTreeMap<String, FontSet>>,
    faces: Mutex<Cached<Arc<Face>>>,
    images: Mutex<Cached<Arc<ImageData>>>,
    artwork: Mutex<artwork::ArtCache>,
    letterhead_cache: Mutex<Cached<Letterhead>>,
    files: Mutex<BTreeMap<PathBuf, Arc<[u8]>>>,
    named_letterheads: Mutex<BTreeMap<String, PathBuf>>,
    scanned: Mutex<Option<Scan>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
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
        lock(&self.faces).clear();
        lock(&self.images).clear();
        lock(&self.artwork).clear();
        lock(&self.letterhead_cache).clear();
        *lock(&self.scanned) = None;
        lock(&self.families).retain(|_, f| !FontSet::BUNDLED.contains(&f.family()));
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
    fn read_stamped(
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
        env.check_read(path)?;
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
            || (env.check_read(path).is_ok() && path.is_file())
    }

    /// Whether `env` lets this render have the file at `path` (checked again for a value cached
    /// by another render, which may have had a wider env).
    fn allowed(&self, env: &Env, path: &Path) -> Result<(), ErrorKind> {
        let key = crate::files::lexical(path);
        if lock(&self.files).contains_key(&key) || crate::files::bundled(&key).is_some() {
            return Ok(());
        }
        env.check_read(path)
    }

    /// A cached value at `path` that is still current: in memory, or on disk unchanged.
    fn cached<T: Clone>(&self, cache: &Mutex<Cached<T>>, path: &Path) -> Option<T> {
        let key = crate::files::lexical(path);
        let cache = lock(cache);
        let (stamp, value) = cache.get(&key)?;
        match stamp {
            None => Some(value.clone()),
            Some(s) => (crate::files::stamp(path).as_ref() == Some(s)).then(|| value.clone()),
        }
    }

    fn remember<T>(&self, cache: &Mutex<Cached<T>>, path: &Path, stamp: Option<Stamp>, value: T) {
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

/// Check an image's format and size from its header, then hand it to krilla.
///
/// ```
/// let e = letterpress::resolve::image_from_bytes("x.gif".as_ref(), b"GIF89a".to_vec()).unwrap_err();
/// assert!(e.to_string().contains("PNG or JPEG"));
/// ```
pub fn image_from_bytes(path: &Path, data: Vec<u8>) -> Result<ImageData, ErrorKind> {
    let bad = |reason: String| ErrorKind::Image {
        path: path.to_path_buf(),
        reason,
    };
    let format = match imagesize::image_type(&data) {
        Ok(imagesize::ImageType::Png) => ImageFormat::Png,
        Ok(imagesize::ImageType::Jpeg) => ImageFormat::Jpeg,
        Ok(other) => {
            return Err(bad(format!(
                "{other:?} is not supported; use PNG (with transparency) or JPEG"
            )))
        }
        Err(_) => {
            return Err(bad(
                "not a PNG or JPEG file (unrecognised or truncated header)".into(),
            ))
        }
    };
    let size = imagesize::blob_size(&data)
        .map_err(|e| bad(format!("cannot read the image size from the header: {e}")))?;
    let (mut w, mut h) = (size.width as u64, size.height as u64);
    if w == 0 || h == 0 {
        return Err(bad("the image has no pixels".into()));
    }
    if w.saturating_mul(h) > MAX_IMAGE_PIXELS {
        return Err(bad(format!(
            "{w}×{h} pixels is over the limit of {MAX_IMAGE_PIXELS} pixels; scale it down (300 dpi is plenty for print)"
        )));
    }
    let mut orientation = 1;
    if format == ImageFormat::Png {
        check_png_decoded_size(&data, w, h).map_err(bad)?;
    } else {
        let info = jpeg::info(&data);
        if info.components == Some(4) {
            return Err(bad(
                "it is in CMYK colours, which a PDF/A file cannot hold without a colour profile; save it as an RGB JPEG or a PNG".into(),
            ));
        }
        // Stored sideways with a tag saying how to turn it: the box is the upright image's.
        orientation = info.orientation;
        if orientation >= 5 {
            std::mem::swap(&mut w, &mut h);
        }
    }
    if format == ImageFormat::Png {
        // krilla reads a PNG only when the PDF is written, far from the key that named it;
        // check it here (bounded memory) so a truncated or corrupt file is reported at its
        // place in the letter.
        check_png_decodes(&data).map_err(|e| bad(format!("it cannot be decoded: {e}")))?;
    }
    let image = match format {
        ImageFormat::Png => krilla::image::Image::from_png(data.into(), false),
        ImageFormat::Jpeg => krilla::image::Image::from_jpeg(data.into(), false),
        ImageFormat::Svg | ImageFormat::Pdf => Err("not a raster image".into()),
    }
    .map_err(|e| bad(format!("it cannot be decoded: {e}")))?;
    Ok(ImageData {
        path: path.to_path_buf(),
        format,
        width: w as u32,
        height: h as u32,
        orientation,
        image: artwork::Content::Raster(image),
    })
}

/// Refuse a PNG whose pixels would take more than [`MAX_IMAGE_DECODED_BYTES`] decoded, from
/// its header (the IHDR chunk comes first: bit depth at byte 24, colour type at byte 25).
fn check_png_decoded_size(data: &[u8], w: u64, h: u64) -> Result<(), String> {
    let (depth, colour) = match data.get(24..26) {
        Some(&[d, c]) => (d, c),
        _ => return Err("the PNG header is truncated".into()),
    };
    // Palette images are expanded to RGB; depths under 8 bits to a byte per channel.
    let channels: u64 = match colour {
        0 => 1,
        4 => 2,
        2 | 3 => 3,
        _ => 4,
    };
    let bytes_per_channel: u64 = if depth == 16 { 2 } else { 1 };
    let decoded = w
        .saturating_mul(h)
        .saturating_mul(channels * bytes_per_channel);
    if decoded > MAX_IMAGE_DECODED_BYTES {
        return Err(format!(
            "{w}×{h} pixels of {channels} channel{} at {} bits take {} MiB decoded, over the limit of {} MiB; scale it down or save it with 8 bits per channel",
            if channels == 1 { "" } else { "s" },
            bytes_per_channel * 8,
            decoded.div_ceil(1024 * 1024),
            MAX_IMAGE_DECODED_BYTES / (1024 * 1024)
        ));
    }
    Ok(())
}

/// Check that a PNG's pixel data is complete and intact without decoding it: every chunk's
/// CRC, one `IHDR`, the `IDAT` zlib stream inflated (its Adler-32 checked) into a small buffer,
/// exactly as many bytes as the header's rows need, and a valid filter type (0–4) at the start
/// of every row, interlaced passes included. Undoing the row filters cannot fail, so this finds
/// what a full decode finds, at a fraction of the cost: the PDF carries the PNG's own compressed
/// data when it can (see `vendor/README.md`), and nothing else here needs the pixels.
fn check_png_decodes(data: &[u8]) -> Result<(), String> {
    use std::io::Read;
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    let mut rest = data.strip_prefix(SIGNATURE).ok_or("not a PNG signature")?;
    let mut header: Option<[u8; 13]> = None;
    let mut idat = Vec::new();
    let mut ended = false;
    while !ended {
        if rest.len() < 12 {
            return Err("the file ends before its IEND chunk (truncated)".into());
        }
        let len = u32::from_be_bytes([rest[0], rest[1], rest[2], rest[3]]) as usize;
        let kind = &rest[4..8];
        let name = String::from_utf8_lossy(kind).into_owned();
        let end = len
            .checked_add(12)
            .filter(|&e| e <= rest.len())
            .ok_or_else(|| format!("chunk {name} runs past the end of the file (truncated)"))?;
        let body = &rest[8..8 + len];
        let crc =
            u32::from_be_bytes([rest[8 + len], rest[9 + len], rest[10 + len], rest[11 + len]]);
        if crc32fast::hash(&rest[4..8 + len]) != crc {
            return Err(format!("chunk {name} is damaged (CRC mismatch)"));
        }
        match kind {
            b"IHDR" => {
                let h: [u8; 13] = body
                    .try_into()
                    .map_err(|_| "the IHDR chunk has the wrong length".to_string())?;
                if header.replace(h).is_some() {
                    return Err("two IHDR chunks".into());
                }
            }
            b"IDAT" => idat.extend_from_slice(body),
            b"IEND" => ended = true,
            _ => {}
        }
        rest = &rest[end..];
    }
    let h = header.ok_or("no IHDR chunk")?;
    let width = u64::from(u32::from_be_bytes([h[0], h[1], h[2], h[3]]));
    let height = u64::from(u32::from_be_bytes([h[4], h[5], h[6], h[7]]));
    let (depth, color, interlace) = (u64::from(h[8]), h[9], h[12]);
    let channels = match color {
        0 | 3 => 1,
        4 => 2,
        2 => 3,
        6 => 4,
        other => return Err(format!("unknown colour type {other}")),
    };
    if !matches!(depth, 1 | 2 | 4 | 8 | 16) || interlace > 1 {
        return Err("invalid bit depth or interlace method".into());
    }
    // Saturating: the pixel budget is checked before, from the header, but this must not
    // overflow whatever the header says.
    let row_bytes = |w: u64| {
        w.saturating_mul(channels * depth)
            .div_ceil(8)
            .saturating_add(1)
    };
    // (rows, bytes per row including the filter byte) of each pass.
    let passes: Vec<(u64, u64)> = if interlace == 0 {
        vec![(height, row_bytes(width))]
    } else {
        // Adam7: (x start, y start, x step, y step) per pass.
        [
            (0, 0, 8, 8),
            (4, 0, 8, 8),
            (0, 4, 4, 8),
            (2, 0, 4, 4),
            (0, 2, 2, 4),
            (1, 0, 2, 2),
            (0, 1, 1, 2),
        ]
        .iter()
        .map(|&(x0, y0, dx, dy)| {
            let w = width.saturating_sub(x0).div_ceil(dx);
            let rows = height.saturating_sub(y0).div_ceil(dy);
            (if w == 0 { 0 } else { rows }, row_bytes(w))
        })
        .filter(|&(rows, _)| rows > 0)
        .collect()
    };
    let expected = passes.iter().fold(0u64, |sum, &(rows, len)| {
        sum.saturating_add(rows.saturating_mul(len))
    });
    let mut inflater = flate2::read::ZlibDecoder::new(idat.as_slice());
    let mut buf = vec![0u8; 64 * 1024];
    // Offset of the next row start in the inflated stream, and the pass it belongs to.
    let (mut pass, mut rows_left, mut next_row, mut seen) =
        (0usize, passes.first().map_or(0, |p| p.0), 0u64, 0u64);
    loop {
        let n = inflater
            .read(&mut buf)
            .map_err(|e| format!("its compressed pixel data is damaged ({e})"))?;
        if n == 0 {
            break;
        }
        let chunk_end = seen + n as u64;
        while pass < passes.len() && next_row < chunk_end {
            let filter = buf[(next_row - seen) as usize];
            if filter > 4 {
                return Err(format!(
                    "row filter type {filter} does not exist (damaged data)"
                ));
            }
            next_row = next_row.saturating_add(passes[pass].1);
            rows_left -= 1;
            if rows_left == 0 {
                pass += 1;
                rows_left = passes.get(pass).map_or(0, |p| p.0);
            }
        }
        seen = chunk_end;
    }
    if seen < expected {
        return Err(format!(
            "its pixel data ends early ({seen} of {expected} bytes; the file is truncated or damaged)"
        ));
    }
    Ok(())
}

/// A header image and the height of its box.
#[derive(Debug, Clone)]
pub struct Header {
    /// The image.
    pub image: Arc<ImageData>,
    /// Box height in points (the width is the page's).
    pub height: f32,
    /// Alternative text; `None`: decorative.
    pub alt: Option<String>,
}

/// One signatory, resolved.
#[derive(Debug, Clone)]
pub struct Signatory {
    /// Printed name.
    pub name: String,
    /// Role, if any.
    pub role: Option<String>,
    /// Signature image, if any.
    pub image: Option<Arc<ImageData>>,
}

/// The sender's details.
#[derive(Debug, Clone, Default)]
pub struct Sender {
    /// Legal name.
    pub name: Option<String>,
    /// Address lines.
    pub address: Vec<String>,
    /// Telephone.
    pub phone: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Web.
    pub web: Option<String>,
}

/// A letter with every value checked and every resource loaded: the input of layout.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// Language.
    pub lang: Lang,
    /// Page geometry.
    pub geometry: Geometry,
    /// The firm's name (letterhead `name`).
    pub firm: Option<String>,
    /// The sender.
    pub sender: Sender,
    /// Small line above the address.
    pub return_address: Option<String>,
    /// Page-1 header.
    pub header: Option<Header>,
    /// Pages-2+ header.
    pub next_header: Option<Header>,
    /// Page-1 footer lines.
    pub footer: Vec<String>,
    /// The body family.
    pub fonts: FontSet,
    /// Body size in points.
    pub size: f32,
    /// Accent colour.
    pub accent: Color,
    /// Fold and punch marks.
    pub marks: bool,
    /// Alignment of body paragraphs and the postscript: [`Align::Justify`] or [`Align::Left`]
    /// (ragged right), from the letterhead's or style's `align`.
    pub align: Align,
    /// The date line, localised ("Warszawa, 26 listopada 2026 r.").
    pub date_line: String,
    /// The date alone, localised (for continuation headers).
    pub date_text: String,
    /// The date.
    pub date: NaiveDate,
    /// Address lines.
    pub recipient: Vec<String>,
    /// Endorsement lines.
    pub mail_note: Vec<String>,
    /// Reference fields: (label, value).
    pub references: Vec<(String, String)>,
    /// Subject.
    pub subject: Option<String>,
    /// Salutation.
    pub opening: String,
    /// Body blocks.
    pub body: Vec<Block>,
    /// Complimentary close.
    pub closing: String,
    /// Signatories.
    pub signatures: Vec<Signatory>,
    /// Enclosures.
    pub enclosures: Vec<String>,
    /// Copies.
    pub cc: Vec<String>,
    /// Postscript.
    pub ps: Option<String>,
    /// Stationery, watermark and the warnings of loading artwork.
    pub artwork: FirmArtwork,
}

/// Collects errors while resolving.
struct Ctx<'a> {
    errors: Vec<Error>,
    notes: Vec<crate::error::Warning>,
    res: &'a Resources,
    env: &'a Env,
}

impl Ctx<'_> {
    fn push(&mut self, mut e: Error) {
        if matches!(e.kind, ErrorKind::OutsideRoot { .. }) && e.hint.is_none() {
            e = e.hint("move the file into the allowed folder, or allow a wider one");
        }
        self.errors.push(e);
    }
}

/// A value of the letter's `style:` or of the letterhead, with the file it came from.
struct Pick<'a, T> {
    value: &'a T,
    file: &'a SourceFile,
}

fn pick<'a, T>(
    style: Option<&'a T>,
    style_file: &'a SourceFile,
    lh: Option<&'a T>,
    lh_file: Option<&'a SourceFile>,
) -> Option<Pick<'a, T>> {
    match (style, lh, lh_file) {
        (Some(v), _, _) => Some(Pick {
            value: v,
            file: style_file,
        }),
        (None, Some(v), Some(f)) => Some(Pick { value: v, file: f }),
        _ => None,
    }
}

fn origin(file: &SourceFile, s: &Spanned<impl Sized>) -> Option<Origin> {
    file.origin(&s.referenced)
}

/// Find the letterhead a letter names: a path relative to the letter (in memory or, as `env`
/// allows, on disk), or a name: registered ([`Resources::insert_letterhead`]), in the env's
/// letterhead folders, or bundled.
///
/// ```
/// use letterpress::{find_letterhead, load_letter_str, Env, Resources};
/// let res = Resources::new();
/// let letter = load_letter_str("letterhead: nowak-pr\nrecipient: [A]\nbody: x\n", "letter.yaml")?;
/// let lh = find_letterhead(&letter, &Env::default(), &res)?.expect("bundled");
/// assert_eq!(lh.source.path, std::path::Path::new("<bundled>/nowak-pr/letterhead.yaml"));
/// let typo = load_letter_str("letterhead: nowak-p\nrecipient: [A]\nbody: x\n", "letter.yaml")?;
/// let e = find_letterhead(&typo, &Env::default(), &res).unwrap_err();
/// assert!(e.hint.unwrap().contains("did you mean the bundled letterhead `nowak-pr`"));
/// # Ok::<(), letterpress::Error>(())
/// ```
pub fn find_letterhead(
    letter: &Letter,
    env: &Env,
    res: &Resources,
) -> Result<Option<Letterhead>, Error> {
    let Some(name) = &letter.spec.letterhead else {
        return Ok(None);
    };
    let at = origin(&letter.source, name);
    let raw = name.value.trim();
    let as_path = letter.source.base_dir().join(raw);
    let looks_like_path =
        raw.contains('/') || raw.contains('\\') || raw.ends_with(".yaml") || raw.ends_with(".yml");
    let place = |e: Error| {
        if e.origin.is_none() {
            e.at(at.clone())
        } else {
            e
        }
    };
    if res.is_file(env, &as_path) {
        return res.letterhead(env, &as_path).map(Some).map_err(place);
    }
    let known = res.letterheads(env);
    if !looks_like_path {
        if let Some(p) = known.get(raw) {
            return res.letterhead(env, p).map(Some).map_err(place);
        }
    }
    if looks_like_path {
        if let Err(mut kind) = res.read(env, &as_path, crate::spec::MAX_SPEC_BYTES as u64) {
            if let ErrorKind::Io { reason, .. } = &mut kind {
                if reason.contains("folder") {
                    *reason = "it is a folder, not a letterhead file".into();
                } else if reason.contains("no such file") {
                    *reason = "no such letterhead file".into();
                }
            }
            let hint = match kind {
                ErrorKind::OutsideRoot { .. } => {
                    "use a letterhead inside the allowed folder or a bundled one"
                }
                ErrorKind::NoFileAccess { .. } => {
                    "use a bundled letterhead, or register it in memory (`Resources::insert_file`)"
                }
                _ => {
                    "name the letterhead's YAML file, e.g. `firm/letterhead.yaml`, or a bundled one"
                }
            };
            return Err(Error::new(kind).at(at).hint(hint));
        }
    }
    let names: Vec<&str> = known.keys().map(String::as_str).collect();
    let e = Error::new(ErrorKind::Io {
        path: as_path,
        reason: "no such letterhead file".into(),
    })
    .at(at);
    Err(match crate::error::nearest(raw, names.iter().copied()) {
        Some(n) if !looks_like_path => {
            e.hint(format!("did you mean the bundled letterhead `{n}`?"))
        }
        _ => e.hint(format!(
            "give a path relative to the letter, or one of the letterheads: {}",
            if names.is_empty() {
                "(none)".to_string()
            } else {
                names.join(", ")
            }
        )),
    })
}

/// Resolve a letter against its letterhead (if any) and the environment.
///
/// ```
/// use letterpress::{load_letter_str, resolve, Env, Resources};
/// let letter = load_letter_str("language: de\nrecipient: [A]\nbody: danke.\ndate: 2026-11-26\n", "l.yaml")
///     .unwrap();
/// let r = resolve(&letter, None, &Env::default(), &Resources::new())?;
/// assert_eq!(r.opening, "Sehr geehrte Damen und Herren,");
/// assert_eq!(r.date_text, "26. November 2026");
/// // Every problem at once:
/// let bad = load_letter_str("language: xx\nrecipient: []\nbody: x\n", "l.yaml").unwrap();
/// assert_eq!(resolve(&bad, None, &Env::default(), &Resources::new()).unwrap_err().0.len(), 2);
/// # Ok::<(), letterpress::Errors>(())
/// ```
pub fn resolve(
    letter: &Letter,
    letterhead: Option<&Letterhead>,
    env: &Env,
    res: &Resources,
) -> Result<Resolved, Errors> {
    let mut cx = Ctx {
        errors: Vec::new(),
        notes: Vec::new(),
        res,
        env,
    };
    let l = &letter.spec;
    let lf: &SourceFile = &letter.source;
    let empty = LetterheadSpec::default();
    let st = l.style.as_ref().unwrap_or(&empty);
    let (lh, lhf) = match letterhead {
        Some(h) => (Some(&h.spec), Some(&*h.source)),
        None => (None, None),
    };
    macro_rules! field {
        ($name:ident) => {
            pick(
                st.$name.as_ref(),
                lf,
                lh.and_then(|h| h.$name.as_ref()),
                lhf,
            )
        };
    }

    // Language: the letter's, else the style's or letterhead's, else Polish.
    let lang_src = match &l.language {
        Some(v) => Some(Pick { value: v, file: lf }),
        None => field!(language),
    };
    let lang = match lang_src {
        Some(p) => match Lang::parse(&p.value.value) {
            Some(lang) => lang,
            None => {
                cx.push(
                    Error::new(ErrorKind::InvalidValue {
                        what: "language".into(),
                        value: p.value.value.clone(),
                        reason: "not a supported language".into(),
                    })
                    .at(origin(p.file, p.value))
                    .hint(format!("use one of {}", Lang::TAGS.join(", "))),
                );
                Lang::Pl
            }
        },
        None => Lang::Pl,
    };

    let layout_src = match &l.layout {
        Some(v) => Some(Pick { value: v, file: lf }),
        None => field!(layout),
    };
    let geometry = match layout_src {
        Some(p) => match Geometry::by_name(&p.value.value) {
            Some(g) => g,
            None => {
                let near = crate::error::nearest(&p.value.value, Geometry::NAMES.iter().copied());
                cx.push(
                    Error::new(ErrorKind::InvalidValue {
                        what: "layout".into(),
                        value: p.value.value.clone(),
                        reason: "not a known layout".into(),
                    })
                    .at(origin(p.file, p.value))
                    .hint(match near {
                        Some(n) => format!(
                            "did you mean `{n}`? layouts: {}",
                            Geometry::NAMES.join(", ")
                        ),
                        None => format!("use one of {}", Geometry::NAMES.join(", ")),
                    }),
                );
                Geometry::by_name(lang.default_layout()).unwrap_or_else(unreachable_geometry)
            }
        },
        None => Geometry::by_name(lang.default_layout()).unwrap_or_else(unreachable_geometry),
    };

    // Fonts.
    let font_st = st.font.as_ref();
    let font_lh = lh.and_then(|h| h.font.as_ref());
    let Some(fonts) = resolve_fonts(&mut cx, font_st, lf, font_lh, lhf) else {
        // Not even the bundled fallback could be parsed (a broken build): nothing can be set.
        return Err(Errors(cx.errors));
    };
    let size = match pick(
        font_st.and_then(|f| f.size.as_ref()),
        lf,
        font_lh.and_then(|f| f.size.as_ref()),
        lhf,
    ) {
        Some(p) => match parse_length(&p.value.value) {
            Ok(v) if (6.0..=24.0).contains(&v) => v,
            Ok(v) => {
                cx.push(
                    Error::new(ErrorKind::InvalidValue {
                        what: "font size".into(),
                        value: p.value.value.clone(),
                        reason: format!("{v:.1} pt is outside 6–24 pt"),
                    })
                    .at(origin(p.file, p.value))
                    .hint("business letters are set at 10–12 pt, e.g. `11pt`"),
                );
                11.0
            }
            Err(reason) => {
                cx.push(invalid("font size", p.value, p.file, reason));
                11.0
            }
        },
        None => 11.0,
    };

    let accent = match field!(accent) {
        Some(p) => Color::parse(&p.value.value).unwrap_or_else(|reason| {
            cx.push(invalid("colour", p.value, p.file, reason));
            Color::BLACK
        }),
        None => Color::BLACK,
    };
    let marks = st.marks.or(lh.and_then(|h| h.marks)).unwrap_or(true);
    let align = match field!(align) {
        Some(p) => match p.value.value.trim() {
            "justify" => Align::Justify,
            "left" => Align::Left,
            other => {
                let near = crate::error::nearest(other, ["justify", "left"]);
                cx.push(
                    Error::new(ErrorKind::InvalidValue {
                        what: "alignment".into(),
                        value: p.value.value.clone(),
                        reason: "not a body alignment".into(),
                    })
                    .at(origin(p.file, p.value))
                    .hint(match near {
                        Some(n) => format!("did you mean `{n}`? use `justify` or `left`"),
                        None => {
                            "use `justify` (both edges straight) or `left` (ragged right)".into()
                        }
                    }),
                );
                Align::Justify
            }
        },
        None => Align::Justify,
    };

    let header = resolve_header(&mut cx, field!(header), mm_default(45.0), &fonts);
    let next_header = resolve_header(&mut cx, field!(next_header), mm_default(15.0), &fonts);
    let (first_sheet, next_sheet) =
        stationery::resolve_stationery(&mut cx, field!(stationery), &fonts);

    let firm = field!(name).map(|p| p.value.value.clone());
    let sender = field!(sender)
        .map(|p| Sender {
            name: p.value.name.as_ref().map(|s| s.value.clone()),
            address: p.value.address.iter().map(|s| s.value.clone()).collect(),
            phone: p.value.phone.as_ref().map(|s| s.value.clone()),
            email: p.value.email.as_ref().map(|s| s.value.clone()),
            web: p.value.web.as_ref().map(|s| s.value.clone()),
        })
        .unwrap_or_default();
    let return_address = field!(return_address).map(|p| p.value.value.clone());
    let footer: Vec<String> = field!(footer)
        .map(|p| p.value.iter().map(|s| s.value.clone()).collect())
        .unwrap_or_default();

    // Date.
    let date = match &l.date {
        Some(d) => resolve_date(&mut cx, lf, d),
        None => env.today(),
    };

    // Recipient.
    let recipient: Vec<String> = l
        .recipient
        .value
        .iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    if recipient.is_empty() {
        cx.push(
            Error::new(ErrorKind::InvalidValue {
                what: "recipient".into(),
                value: "[]".into(),
                reason: "the address has no lines".into(),
            })
            .at(origin(lf, &l.recipient))
            .hint("list the address lines top to bottom: name, street, postcode and town"),
        );
    }
    let max_lines = if geometry.name == "us-letter" { 5 } else { 6 };
    if recipient.len() > max_lines {
        cx.push(
            Error::new(ErrorKind::InvalidValue {
                what: "recipient".into(),
                value: format!("{} lines", recipient.len()),
                reason: format!(
                    "the window of `{}` holds at most {max_lines} address lines",
                    geometry.name
                ),
            })
            .at(origin(lf, &l.recipient))
            .hint(
                "join lines (e.g. the contact person with the firm) or move details into the body",
            ),
        );
    }
    let body_src = &l.body;
    let body_chars = body_src.value.chars().count();
    let body = if body_chars > MAX_BODY_CHARS {
        cx.push(
            Error::new(ErrorKind::Limit(format!(
                "the body has {body_chars} characters, more than the limit of {MAX_BODY_CHARS}"
            )))
            .at(origin(lf, body_src))
            .hint("a letter is a few pages; send a long text as an enclosure"),
        );
        vec![Block::Paragraph(Vec::new())]
    } else {
        parse_body(&mut cx, lf, body_src)
    };
    if body.is_empty() {
        cx.push(
            Error::new(ErrorKind::InvalidValue {
                what: "body".into(),
                value: String::new(),
                reason: "the body is empty".into(),
            })
            .at(origin(lf, body_src))
            .hint("write the letter's text under `body: |`"),
        );
    }

    let over = |what: &str, n: usize, max: usize, hint: &str| {
        Error::new(ErrorKind::Limit(format!(
            "{n} {what} is more than the limit of {max}"
        )))
        .hint(hint.to_string())
    };
    if l.signatures.len() > MAX_SIGNATORIES {
        let at = l
            .signatures
            .get(MAX_SIGNATORIES)
            .and_then(|s| origin(lf, &s.name));
        cx.push(
            over(
                "signatories",
                l.signatures.len(),
                MAX_SIGNATORIES,
                "signatories stand side by side under the closing; list the others in the body",
            )
            .at(at),
        );
    }
    if l.enclosures.len() > MAX_ENCLOSURES {
        let at = l.enclosures.get(MAX_ENCLOSURES).and_then(|s| origin(lf, s));
        cx.push(
            over(
                "enclosures",
                l.enclosures.len(),
                MAX_ENCLOSURES,
                "enclose a list of the documents instead",
            )
            .at(at),
        );
    }
    if l.cc.len() > MAX_CC {
        let at = l.cc.get(MAX_CC).and_then(|s| origin(lf, s));
        cx.push(
            over(
                "`cc` entries",
                l.cc.len(),
                MAX_CC,
                "name a distribution list instead",
            )
            .at(at),
        );
    }
    check_one_line_fields(&mut cx, letter);

    let mut signatures = Vec::new();
    for s in l.signatures.iter().take(MAX_SIGNATORIES) {
        let image = s.image.as_ref().and_then(|img| {
            let path = lf.base_dir().join(img.value.trim());
            match cx.res.image(cx.env, &path) {
                Ok(i) => Some(i),
                Err(kind) => {
                    cx.push(Error::new(kind).at(origin(lf, img)));
                    None
                }
            }
        });
        signatures.push(Signatory {
            name: s.name.value.clone(),
            role: s.role.as_ref().map(|r| r.value.clone()),
            image,
        });
    }

    let references = l
        .references
        .as_ref()
        .map(|r| {
            r.value
                .0
                .iter()
                .map(|(k, v)| (lang.reference_label(k), v.clone()))
                .collect()
        })
        .unwrap_or_default();
    // A salutation that names the reader ("Dear Mr Kowalski") takes "Yours sincerely" in
    // British usage; an impersonal one ("Dear Sir or Madam", "Dear Sirs") "Yours faithfully".
    let opening_given = l.opening.as_ref().is_some_and(|o| {
        let o = o.value.to_lowercase();
        !(o.contains("sir or madam") || o.contains("dear sirs") || o.contains("madam or sir"))
    });
    let title = l.recipient_title.as_ref().and_then(|t| {
        let parsed = crate::locale::RecipientTitle::parse(&t.value);
        if parsed.is_none() {
            cx.push(
                invalid(
                    "recipient_title",
                    t,
                    lf,
                    "not a Polish form of address".into(),
                )
                .hint(format!(
                    "use one of {}, or write the salutation yourself with `opening:`",
                    crate::locale::RecipientTitle::NAMES.join(", ")
                )),
            );
        }
        parsed
    });
    let opening = l
        .opening
        .as_ref()
        .map(|s| s.value.clone())
        .unwrap_or_else(|| lang.default_opening(title).to_string());
    let closing = l
        .closing
        .as_ref()
        .map(|s| s.value.clone())
        .unwrap_or_else(|| lang.default_closing(opening_given).to_string());

    let r = Resolved {
        lang,
        date_line: lang.date_line(l.place.as_deref(), date),
        date_text: lang.format_date(date),
        date,
        recipient,
        mail_note: l
            .mail_note
            .as_ref()
            .map(|m| {
                m.value
                    .lines()
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default(),
        references,
        subject: l.subject.as_ref().map(|s| s.value.clone()),
        opening,
        body,
        closing,
        signatures,
        enclosures: l.enclosures.iter().map(|s| s.value.clone()).collect(),
        cc: l.cc.iter().map(|s| s.value.clone()).collect(),
        ps: l.ps.as_ref().map(|s| s.value.clone()),
        geometry,
        firm,
        sender,
        return_address,
        header,
        next_header,
        footer,
        fonts,
        size,
        accent,
        marks,
        align,
        artwork: FirmArtwork {
            first: first_sheet,
            next: next_sheet,
            watermark: l.watermark.as_ref().map(|w| w.value.trim().to_string()),
            notes: std::mem::take(&mut cx.notes),
        },
    };

    check_coverage(&mut cx, &r, letter, letterhead);
    if cx.errors.is_empty() {
        Ok(r)
    } else {
        Err(Errors(cx.errors))
    }
}

/// The letter's `date`: an ISO date in the years 1–9999 (a year 0, a negative year or one of
/// five digits is a typo, and PDF dates cannot hold it); today when it is wrong, with an error.
fn resolve_date(cx: &mut Ctx, lf: &SourceFile, d: &Spanned<String>) -> NaiveDate {
    use chrono::Datelike;
    let reason = match NaiveDate::parse_from_str(d.value.trim(), "%Y-%m-%d") {
        Ok(date) if (1..=9999).contains(&date.year()) => return date,
        Ok(date) => format!("the year {} is outside 1–9999", date.year()),
        Err(e) => match e.kind() {
            chrono::format::ParseErrorKind::OutOfRange => "no such day in the calendar".into(),
            _ => "not an ISO date".into(),
        },
    };
    cx.push(
        invalid("date", d, lf, reason)
            .hint("write the date as YYYY-MM-DD, e.g. `2026-11-26`, or leave `date` out for today"),
    );
    cx.env.today()
}

/// The body's blocks; nesting past [`MAX_NESTING`] is refused at the marker that passed it.
fn parse_body(cx: &mut Ctx, lf: &SourceFile, body: &Spanned<String>) -> Vec<Block> {
    match try_parse_markup(&body.value) {
        Ok(blocks) => blocks,
        Err(e) => {
            cx.push(
                Error::new(ErrorKind::Limit(e.to_string()))
                    .at(lf.origin_in_value(&body.referenced, &body.value, e.offset))
                    .hint(format!(
                        "a list inside a list is written with two spaces more indentation; \
                         keep to {MAX_NESTING} levels (a `- ` or `> ` that starts a line's text \
                         opens a level: write `\\-` for a literal dash)"
                    )),
            );
            parse_markup(&body.value)
        }
    }
}

fn unreachable_geometry() -> Geometry {
    // Every language's default layout is a preset name; this is never reached, and if it were
    // the letter is set on DIN 5008 form B rather than panicking.
    Geometry::din5008_b()
}

fn mm_default(v: f32) -> f32 {
    crate::units::mm(v)
}

fn invalid(what: &str, v: &Spanned<String>, file: &SourceFile, reason: String) -> Error {
    Error::new(ErrorKind::InvalidValue {
        what: what.into(),
        value: v.value.clone(),
        reason,
    })
    .at(origin(file, v))
}

fn resolve_header(
    cx: &mut Ctx,
    p: Option<Pick<HeaderSpec>>,
    default_h: f32,
    fonts: &FontSet,
) -> Option<Header> {
    let p = p?;
    let path = p.file.base_dir().join(p.value.image.value.trim());
    let page = p.value.page.as_ref().map_or(1, |n| n.value as usize);
    let image = match cx.res.artwork(cx.env, &path, fonts, page) {
        Ok(a) => {
            let at = origin(p.file, &p.value.image);
            cx.notes
                .extend(a.notes.into_iter().map(|n| Warning::new(n).at(at.clone())));
            a.image
        }
        Err(kind) => {
            cx.push(Error::new(kind).at(origin(p.file, &p.value.image)));
            return None;
        }
    };
    let height = match &p.value.height {
        Some(h) => match parse_length(&h.value) {
            Ok(v) if v > 0.0 && v <= crate::units::mm(120.0) => v,
            Ok(_) => {
                cx.push(
                    invalid(
                        "header height",
                        h,
                        p.file,
                        "must be more than 0 and at most 120mm".into(),
                    )
                    .hint("a letterhead band is usually 25–50mm tall"),
                );
                default_h
            }
            Err(reason) => {
                cx.push(invalid("length", h, p.file, reason));
                default_h
            }
        },
        None => default_h,
    };
    let alt = p
        .value
        .alt
        .as_ref()
        .map(|a| a.value.trim().to_string())
        .filter(|a| !a.is_empty());
    Some(Header { image, height, alt })
}

fn resolve_fonts(
    cx: &mut Ctx,
    st: Option<&crate::spec::FontSpec>,
    st_file: &SourceFile,
    lh: Option<&crate::spec::FontSpec>,
    lh_file: Option<&SourceFile>,
) -> Option<FontSet> {
    let fallback = |cx: &mut Ctx| cx_bundled(cx, "Noto Serif");
    // Own files: a face given in the style wins over the letterhead's.
    let face_pick = |f: fn(&crate::spec::FontSpec) -> Option<&Spanned<String>>| {
        pick(st.and_then(f), st_file, lh.and_then(f), lh_file)
    };
    let regular = face_pick(|f| f.regular.as_ref());
    if let Some(reg) = regular {
        let load = |cx: &mut Ctx, p: &Pick<Spanned<String>>| -> Option<Arc<Face>> {
            let path = p.file.base_dir().join(p.value.value.trim());
            match cx.res.face(cx.env, &path) {
                Ok(f) => Some(f),
                Err(kind) => {
                    cx.push(Error::new(kind).at(origin(p.file, p.value)));
                    None
                }
            }
        };
        let Some(r) = load(cx, &reg) else {
            return fallback(cx);
        };
        let mut get = |p: Option<Pick<Spanned<String>>>| match p {
            Some(p) => load(cx, &p).unwrap_or_else(|| r.clone()),
            None => r.clone(),
        };
        let b = get(face_pick(|f| f.bold.as_ref()));
        let i = get(face_pick(|f| f.italic.as_ref()));
        let bi = get(face_pick(|f| f.bold_italic.as_ref()));
        let family = pick(
            st.and_then(|f| f.family.as_ref()),
            st_file,
            lh.and_then(|f| f.family.as_ref()),
            lh_file,
        )
        .map(|p| p.value.value.clone())
        .unwrap_or_else(|| reg.value.value.clone());
        return Some(FontSet::new(family, r, b, i, bi));
    }
    match pick(
        st.and_then(|f| f.family.as_ref()),
        st_file,
        lh.and_then(|f| f.family.as_ref()),
        lh_file,
    ) {
        Some(p) => match cx.res.family(&p.value.value) {
            Some(set) => Some(set),
            None => {
                cx.push(
                    Error::new(ErrorKind::InvalidValue {
                        what: "font family".into(),
                        value: p.value.value.clone(),
                        reason: "not a bundled or registered family".into(),
                    })
                    .at(origin(p.file, p.value))
                    .hint(format!(
                        "use one of {}, or give your own files with `regular:` (and `bold:`, `italic:`, `bold_italic:`)",
                        cx.res.family_names().join(", ")
                    )),
                );
                fallback(cx)
            }
        },
        None => fallback(cx),
    }
}

/// A bundled family; they are compiled in, so `None` means a broken build, reported as an
/// error rather than a panic.
fn cx_bundled(cx: &mut Ctx, name: &str) -> Option<FontSet> {
    let set = cx.res.family(name);
    if set.is_none() {
        let e = if cfg!(feature = "bundled-fonts") {
            Error::new(ErrorKind::Font(format!(
                "the bundled font family `{name}` cannot be loaded (a broken build of letterpress)"
            )))
        } else {
            Error::new(ErrorKind::Font(format!(
                "no font family `{name}`: this build of letterpress has no bundled fonts"
            )))
            .hint("name font files in `font:`, register a family (`Resources::insert_family`), or enable the `bundled-fonts` feature")
        };
        cx.push(e);
    }
    set
}

/// Every character of every text must be drawable by the face that will draw it.
fn check_coverage(cx: &mut Ctx, r: &Resolved, letter: &Letter, letterhead: Option<&Letterhead>) {
    let l = &letter.spec;
    let lf: &SourceFile = &letter.source;
    let fonts = &r.fonts;
    let check = |cx: &mut Ctx,
                 field: &str,
                 text: &str,
                 style: FontStyle,
                 at: Option<(&SourceFile, &serde_saphyr::Location)>| {
        if let Some(ch) = fonts.first_missing(style, text) {
            let origin =
                at.and_then(|(f, loc)| f.origin_of_char(loc, ch).or_else(|| f.origin(loc)));
            cx.push(
                Error::new(ErrorKind::MissingGlyph {
                    ch,
                    code: ch as u32,
                    font: format!("{} {:?}", fonts.family(), style),
                    field: format!("`{field}`"),
                })
                .at(origin)
                .hint("replace the character, or choose a font that has it (`style: {font: {regular: …}}`)"),
            );
        }
    };
    for s in l.recipient.value.iter() {
        check(
            cx,
            "recipient",
            s,
            FontStyle::Regular,
            Some((lf, &l.recipient.referenced)),
        );
    }
    let simple: [(&str, Option<&Spanned<String>>, FontStyle); 5] = [
        ("mail_note", l.mail_note.as_ref(), FontStyle::Regular),
        ("subject", l.subject.as_ref(), FontStyle::Bold),
        ("opening", l.opening.as_ref(), FontStyle::Regular),
        ("closing", l.closing.as_ref(), FontStyle::Regular),
        ("ps", l.ps.as_ref(), FontStyle::Regular),
    ];
    for (name, v, style) in simple {
        if let Some(v) = v {
            check(cx, name, &v.value, style, Some((lf, &v.referenced)));
        }
    }
    if let Some(p) = &l.place {
        check(cx, "place", p, FontStyle::Regular, None);
    }
    for e in &l.enclosures {
        check(
            cx,
            "enclosures",
            &e.value,
            FontStyle::Regular,
            Some((lf, &e.referenced)),
        );
    }
    for e in &l.cc {
        check(
            cx,
            "cc",
            &e.value,
            FontStyle::Regular,
            Some((lf, &e.referenced)),
        );
    }
    for s in &l.signatures {
        check(
            cx,
            "signatures.name",
            &s.name.value,
            FontStyle::Regular,
            Some((lf, &s.name.referenced)),
        );
        if let Some(role) = &s.role {
            check(
                cx,
                "signatures.role",
                &role.value,
                FontStyle::Regular,
                Some((lf, &role.referenced)),
            );
        }
    }
    if let Some(refs) = &l.references {
        for (k, v) in &refs.value.0 {
            check(
                cx,
                "references",
                k,
                FontStyle::Regular,
                Some((lf, &refs.referenced)),
            );
            check(
                cx,
                "references",
                v,
                FontStyle::Regular,
                Some((lf, &refs.referenced)),
            );
        }
    }
    // The body, span by span in the face each span uses.
    let mut spans = Vec::new();
    collect_spans(&r.body, &mut spans);
    for sp in spans {
        check(
            cx,
            "body",
            &sp.text,
            sp.style,
            Some((lf, &l.body.referenced)),
        );
    }
    // Letterhead texts: the style's value wins, else the letterhead's, each with its file.
    let empty = LetterheadSpec::default();
    let st = l.style.as_ref().unwrap_or(&empty);
    let lh = letterhead.map(|h| &h.spec);
    let lhf = letterhead.map(|h| &*h.source);
    let mut texts: Vec<(&str, &Spanned<String>, FontStyle, &SourceFile)> = Vec::new();
    if let Some(p) = pick(
        st.footer.as_ref(),
        lf,
        lh.and_then(|h| h.footer.as_ref()),
        lhf,
    ) {
        texts.extend(
            p.value
                .iter()
                .map(|v| ("footer", v, FontStyle::Regular, p.file)),
        );
    }
    if let Some(p) = pick(
        st.return_address.as_ref(),
        lf,
        lh.and_then(|h| h.return_address.as_ref()),
        lhf,
    ) {
        texts.push(("return_address", p.value, FontStyle::Regular, p.file));
    }
    if let Some(p) = pick(st.name.as_ref(), lf, lh.and_then(|h| h.name.as_ref()), lhf) {
        texts.push(("name", p.value, FontStyle::Bold, p.file));
    }
    if let Some(p) = pick(
        st.sender.as_ref(),
        lf,
        lh.and_then(|h| h.sender.as_ref()),
        lhf,
    ) {
        let s = p.value;
        for v in s
            .name
            .iter()
            .chain(s.address.iter())
            .chain(s.phone.iter())
            .chain(s.email.iter())
            .chain(s.web.iter())
        {
            texts.push(("sender", v, FontStyle::Regular, p.file));
        }
    }
    for (field, v, style, file) in texts {
        check(cx, field, &v.value, style, Some((file, &v.referenced)));
    }
}

/// The one-line texts of a letter, with their keys: everything but the body, `ps` and
/// `mail_note` (which may have several lines).
pub(crate) fn one_line_fields(l: &LetterSpec) -> Vec<(&'static str, &Spanned<String>)> {
    let mut fields: Vec<(&str, &Spanned<String>)> = Vec::new();
    for (name, v) in [
        ("subject", l.subject.as_ref()),
        ("opening", l.opening.as_ref()),
        ("closing", l.closing.as_ref()),
        ("date", l.date.as_ref()),
        ("recipient_title", l.recipient_title.as_ref()),
    ] {
        fields.extend(v.map(|v| (name, v)));
    }
    for s in &l.signatures {
        fields.push(("signatures.name", &s.name));
        fields.extend(s.role.as_ref().map(|r| ("signatures.role", r)));
    }
    fields.extend(l.enclosures.iter().map(|e| ("enclosures", e)));
    fields.extend(l.cc.iter().map(|e| ("cc", e)));
    if let Some(p) = &l.pdf {
        for (name, v) in [
            ("pdf.title", p.title.as_ref()),
            ("pdf.subject", p.subject.as_ref()),
            ("pdf.author", p.author.as_ref()),
        ] {
            fields.extend(v.map(|v| (name, v)));
        }
        fields.extend(p.keywords.iter().map(|k| ("pdf.keywords", k)));
    }
    fields
}

/// Whether `c` has no place in a one-line field: a control character (C0, DEL, C1) other
/// than a tab or line break, or a noncharacter that XML (the PDF's XMP metadata) cannot hold.
pub(crate) fn is_forbidden(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// One-line texts over [`MAX_LINE_CHARS`] (a pasted document in the subject, say), empty
/// titles, and control characters (which the PDF's XML metadata cannot hold).
fn check_one_line_fields(cx: &mut Ctx, letter: &Letter) {
    let l = &letter.spec;
    let lf: &SourceFile = &letter.source;
    for (name, v) in one_line_fields(l) {
        let n = v.value.chars().count();
        if n > MAX_LINE_CHARS {
            cx.push(
                Error::new(ErrorKind::Limit(format!(
                    "`{name}` has {n} characters, more than the limit of {MAX_LINE_CHARS}"
                )))
                .at(origin(lf, v))
                .hint("shorten it; long text belongs in the body"),
            );
        }
        if v.value.trim().is_empty() && matches!(name, "subject" | "pdf.title") {
            cx.push(
                invalid(name, v, lf, "it is empty".into()).hint(format!(
                    "write the {name} or leave `{name}` out (the PDF's title is the subject, else the first address line)"
                )),
            );
        }
        check_control(cx, lf, name, &v.value, &v.referenced);
    }
    let keywords: usize = l
        .pdf
        .iter()
        .flat_map(|p| &p.keywords)
        .map(|k| k.value.chars().count() + 2)
        .sum();
    if keywords > MAX_LINE_CHARS {
        let at = l
            .pdf
            .as_ref()
            .and_then(|p| p.keywords.first())
            .and_then(|k| origin(lf, k));
        cx.push(
            Error::new(ErrorKind::Limit(format!(
                "`pdf.keywords` have {keywords} characters together, more than the limit of {MAX_LINE_CHARS}"
            )))
            .at(at)
            .hint("a few keywords are enough for a search"),
        );
    }
    for line in &l.recipient.value {
        check_control(cx, lf, "recipient", line, &l.recipient.referenced);
    }
    if let Some(place) = &l.place {
        check_control(cx, lf, "place", place, &serde_saphyr::Location::UNKNOWN);
    }
    if let Some(refs) = &l.references {
        for (k, v) in &refs.value.0 {
            check_control(cx, lf, "references", k, &refs.referenced);
            check_control(cx, lf, "references", v, &refs.referenced);
        }
    }
    let longest = l.recipient.value.iter().map(|s| s.chars().count()).max();
    if let Some(n) = longest.filter(|n| *n > MAX_LINE_CHARS) {
        cx.push(
            Error::new(ErrorKind::Limit(format!(
                "a `recipient` line has {n} characters, more than the limit of {MAX_LINE_CHARS}"
            )))
            .at(origin(lf, &l.recipient)),
        );
    }
}

/// Refuse a control character in a one-line field, at the character.
fn check_control(
    cx: &mut Ctx,
    lf: &SourceFile,
    name: &str,
    text: &str,
    loc: &serde_saphyr::Location,
) {
    let Some(c) = text.chars().find(|&c| is_forbidden(c)) else {
        return;
    };
    cx.push(
        Error::new(ErrorKind::InvalidValue {
            what: format!("`{name}`"),
            value: text.escape_debug().to_string(),
            reason: format!("it holds the control character U+{:04X}", c as u32),
        })
        .at(lf.origin_of_char(loc, c).or_else(|| lf.origin(loc)))
        .hint("remove it: a one-line field holds printable text only (an escape such as `\\a` or `\\x07` in a quoted string writes one)"),
    );
}

/// All spans of a block tree, in order.
pub(crate) fn collect_spans<'a>(blocks: &'a [Block], out: &mut Vec<&'a Span>) {
    for b in blocks {
        match b {
            Block::Paragraph(sp) => out.extend(sp.iter()),
            Block::List { items, .. } => {
                for item in items {
                    collect_spans(item, out);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::load_letter_str;

    fn resolve_str(yaml: &str) -> Result<Resolved, Errors> {
        let letter = load_letter_str(yaml, "letter.yaml").expect("loads");
        let env =
            Env::unrestricted().with_today(NaiveDate::from_ymd_opt(2026, 11, 26).expect("a date"));
        resolve(&letter, None, &env, &Resources::new())
    }

    fn only_error(yaml: &str) -> Error {
        let errs = resolve_str(yaml).expect_err("must fail").0;
        assert_eq!(errs.len(), 1, "exactly one problem expected: {errs:?}");
        errs.into_iter().next().expect("one")
    }

    #[test]
    fn defaults_fill_what_is_left_out() {
        let r = resolve_str("recipient: [A, B]\nbody: Hi.\n").expect("valid");
        assert_eq!(r.lang, Lang::Pl);
        assert_eq!(r.geometry.name, "din5008-b");
        assert_eq!(r.date_line, "26 listopada 2026 r.");
        assert_eq!(r.opening, "Szanowni Państwo,");
        assert_eq!(r.closing, "Z poważaniem");
        let r = resolve_str("language: en-US\nrecipient: [A]\nbody: Hi.\n").expect("valid");
        assert_eq!(
            r.geometry.name, "us-letter",
            "US letters default to US Letter"
        );
        assert_eq!(r.closing, "Sincerely,");
    }

    #[test]
    fn bad_values_are_located() {
        let e = only_error("recipient: [A]\ndate: 2026-02-30\nbody: x\n");
        assert!(e.to_string().contains("no such day"), "{e}");
        assert_eq!(e.origin.as_ref().map(|o| (o.line, o.column)), Some((2, 7)));
        let e = only_error("recipient: [A]\ndate: 26.11.2026\nbody: x\n");
        assert!(e.to_string().contains("not an ISO date"), "{e}");
        let e = only_error("recipient: [A]\nbody: x\nstyle:\n  accent: blue\n");
        assert!(e.to_string().contains("invalid colour `blue`"), "{e}");
        assert_eq!(e.origin.as_ref().map(|o| o.line), Some(4));
        let e = only_error("recipient: [A]\nbody: x\nstyle:\n  font:\n    size: 11\n");
        assert!(e.to_string().contains("needs a unit"), "{e}");
        let e = only_error("recipient: [A]\nbody: x\nlanguage: fr\n");
        assert!(e.to_string().contains("invalid language `fr`"), "{e}");
        let e = only_error("recipient: [A]\nbody: x\nlayout: din5008b\n");
        assert_eq!(
            e.hint
                .as_deref()
                .map(|h| h.contains("did you mean `din5008-b`")),
            Some(true),
            "{e}"
        );
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let errs = resolve_str("recipient: []\ndate: 2026-13-01\nlanguage: xx\nbody: x\n")
            .expect_err("must fail")
            .0;
        assert_eq!(
            errs.len(),
            3,
            "empty recipient, bad date, bad language: {errs:?}"
        );
    }

    #[test]
    fn too_many_address_lines_are_refused() {
        let e = only_error("recipient: [1, 2, 3, 4, 5, 6, 7]\nbody: x\n");
        assert!(e.to_string().contains("at most 6 address lines"), "{e}");
    }

    #[test]
    fn missing_files_name_the_path_and_the_line() {
        let e =
            only_error("recipient: [A]\nbody: x\nsignatures:\n  - name: A\n    image: nope.png\n");
        assert!(matches!(e.kind, ErrorKind::Io { .. }), "{e:?}");
        assert!(e.to_string().contains("nope.png"), "{e}");
        assert_eq!(e.origin.as_ref().map(|o| o.line), Some(5));
    }

    /// A PNG built by hand: `rows` are the filtered scanlines (filter byte first) of all
    /// passes, in order.
    fn png_file(width: u32, height: u32, color: u8, interlace: u8, rows: &[u8]) -> Vec<u8> {
        use std::io::Write;
        fn chunk(out: &mut Vec<u8>, kind: &[u8], body: &[u8]) {
            out.extend_from_slice(&(body.len() as u32).to_be_bytes());
            let mut crc_input = kind.to_vec();
            crc_input.extend_from_slice(body);
            out.extend_from_slice(&crc_input);
            out.extend_from_slice(&crc32fast::hash(&crc_input).to_be_bytes());
        }
        let mut ihdr = Vec::new();
        ihdr.extend_from_slice(&width.to_be_bytes());
        ihdr.extend_from_slice(&height.to_be_bytes());
        ihdr.extend_from_slice(&[8, color, 0, 0, interlace]);
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(6));
        z.write_all(rows).expect("deflate");
        let idat = z.finish().expect("deflate");
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        chunk(&mut out, b"IHDR", &ihdr);
        // Two IDAT chunks: the data may be split anywhere.
        let (a, b) = idat.split_at(idat.len() / 2);
        chunk(&mut out, b"IDAT", a);
        chunk(&mut out, b"IDAT", b);
        chunk(&mut out, b"IEND", b"");
        out
    }

    #[test]
    fn png_check_accepts_whole_images_and_finds_damage() {
        // 5 × 3 RGB, one filter type per row.
        let mut rows = Vec::new();
        for filter in [0u8, 1, 4] {
            rows.push(filter);
            rows.extend((0..15).map(|i| i as u8 * 7));
        }
        let good = png_file(5, 3, 2, 0, &rows);
        assert_eq!(check_png_decodes(&good), Ok(()));
        assert!(image_from_bytes(Path::new("ok.png"), good.clone()).is_ok());

        // A row filter type that does not exist.
        let mut bad_filter = rows.clone();
        bad_filter[16] = 5;
        let e = check_png_decodes(&png_file(5, 3, 2, 0, &bad_filter)).expect_err("filter 5");
        assert!(e.contains("filter type 5"), "{e}");

        // Pixel data one row short.
        let e = check_png_decodes(&png_file(5, 3, 2, 0, &rows[..32])).expect_err("short");
        assert!(e.contains("ends early (32 of 48 bytes"), "{e}");

        // A flipped bit inside a chunk: its CRC no longer matches.
        let mut flipped = good.clone();
        let at = flipped.len() - 20;
        flipped[at] ^= 0x10;
        let e = check_png_decodes(&flipped).expect_err("crc");
        assert!(e.contains("CRC mismatch"), "{e}");

        // Cut off before IEND.
        let e = check_png_decodes(&good[..good.len() - 12]).expect_err("no IEND");
        assert!(e.contains("truncated"), "{e}");

        // Damaged zlib data with a recomputed CRC (a re-saved broken file).
        let mut broken = png_file(5, 3, 2, 0, &rows);
        let idat_body = 8 + 25 + 8;
        broken[idat_body + 2] ^= 0xFF;
        let len = u32::from_be_bytes([broken[33], broken[34], broken[35], broken[36]]) as usize;
        let crc = crc32fast::hash(&broken[37..41 + len]);
        broken[41 + len..45 + len].copy_from_slice(&crc.to_be_bytes());
        assert!(check_png_decodes(&broken).is_err());

        // The error reaches the user through image_from_bytes, naming the file.
        let e = image_from_bytes(Path::new("short.png"), png_file(5, 3, 2, 0, &rows[..32]))
            .expect_err("short");
        assert!(e.to_string().contains("short.png"), "{e}");
    }

    #[test]
    fn png_check_walks_the_seven_interlaced_passes() {
        // 3 × 3 grey, Adam7. Pass 1: 1×1; pass 2: empty (starts at x = 4); pass 3: empty
        // (starts at y = 4); pass 4: 1×1; pass 5: 2×1; pass 6: 1×2; pass 7: 3×1.
        let passes: [(usize, usize); 5] = [(1, 1), (1, 1), (2, 1), (1, 2), (3, 1)];
        let mut rows = Vec::new();
        for (w, h) in passes {
            for _ in 0..h {
                rows.push(1u8);
                rows.extend(std::iter::repeat_n(9u8, w));
            }
        }
        assert_eq!(check_png_decodes(&png_file(3, 3, 0, 1, &rows)), Ok(()));
        // Read as non-interlaced, the same bytes are the wrong amount of data.
        assert!(check_png_decodes(&png_file(3, 3, 0, 0, &rows)).is_err());
        // A bad filter byte in the last pass is found too.
        let mut bad = rows.clone();
        let last_row = bad.len() - 4;
        bad[last_row] = 7;
        let e = check_png_decodes(&png_file(3, 3, 0, 1, &bad)).expect_err("filter 7");
        assert!(e.contains("filter type 7"), "{e}");
    }

    #[test]
    fn images_are_checked_from_the_header() {
        let gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec();
        let e = image_from_bytes(Path::new("x.gif"), gif).expect_err("gif refused");
        assert!(e.to_string().contains("use PNG"), "{e}");
        let e = image_from_bytes(Path::new("x.png"), b"not an image".to_vec()).expect_err("junk");
        assert!(e.to_string().contains("not a PNG or JPEG"), "{e}");
        // A PNG header claiming 20000 × 20000 pixels is refused before any decoding.
        let mut png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".to_vec();
        png.extend_from_slice(&20000u32.to_be_bytes());
        png.extend_from_slice(&20000u32.to_be_bytes());
        png.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
        let e = image_from_bytes(Path::new("big.png"), png).expect_err("too big");
        assert!(e.to_string().contains("20000×20000"), "{e}");
    }
}
