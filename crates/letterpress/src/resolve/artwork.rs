//! Firm artwork: a header image or stationery sheet that may be PNG, JPEG, SVG or a page of a
//! PDF. Raster files go through [`super::image_from_bytes`] as before; SVG (`svg.rs`) and PDF
//! pages (`pdfpage.rs`) become a vector tree that the PDF writer draws with krilla-svg.
//!
//! An SVG's text is set in the letter's fonts, so the parsed tree is cached per file, page and
//! font set (a merge parses it once).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::resources::lock;
use super::{pdfpage, svg, Env, ImageData, ImageFormat, Resources, MAX_IMAGE_BYTES};
use crate::error::ErrorKind;
use crate::files::Stamp;
use crate::fonts::{FontSet, FontStyle};

/// What the PDF writer draws for an image.
#[derive(Debug, Clone)]
pub(crate) enum Content {
    /// A PNG or JPEG as krilla holds it (JPEG bytes and plain PNG data pass through; a PNG
    /// with transparency is decoded, perhaps on another core: `raster.rs`).
    Raster(super::raster::Raster),
    /// An SVG, or a PDF page converted to SVG: drawn as vectors.
    Vector(Arc<usvg::Tree>),
}

/// Parsed vector artwork by (file, page, the four faces' ids): the stamp, the artwork and the
/// notes for the letter.
pub(crate) type ArtCache = BTreeMap<(PathBuf, usize, [u64; 4]), (Option<Stamp>, Artwork)>;

/// A loaded piece of artwork and the warnings the letter should carry for it.
#[derive(Debug, Clone)]
pub struct Artwork {
    /// The image, ready for the page model.
    pub image: Arc<ImageData>,
    /// Things the letter's writer should know ("the SVG's text in `Futura` is drawn in …").
    pub notes: Vec<String>,
}

impl Resources {
    /// Artwork for a letter set in `fonts`: a PNG or JPEG (as [`Resources::image`]), an SVG,
    /// or page `page` (1-based) of a PDF, sniffed from the file's first bytes.
    pub fn artwork(
        &self,
        env: &Env,
        path: &Path,
        fonts: &FontSet,
        page: usize,
    ) -> Result<Artwork, ErrorKind> {
        let key = (crate::files::lexical(path), page, font_ids(fonts));
        if let Some(a) = self.cached_artwork(&key) {
            self.allowed(env, path)?;
            return Ok(a);
        }
        if let Some(raster) = self.cached(&self.images, path) {
            self.allowed(env, path)?;
            return Ok(Artwork {
                image: raster,
                notes: Vec::new(),
            });
        }
        let (stamp, data) = self.read_stamped(env, path, MAX_IMAGE_BYTES)?;
        if !(svg::sniff(&data) || pdfpage::sniff(&data)) {
            let image = Arc::new(super::image_from_bytes(path, data.to_vec())?);
            self.remember(&self.images, path, stamp, image.clone());
            return Ok(Artwork {
                image,
                notes: Vec::new(),
            });
        }
        let art = vector_from_bytes(path, &data, fonts, page)?;
        lock(&self.artwork).insert(key, (stamp, art.clone()));
        Ok(art)
    }

    fn cached_artwork(&self, key: &(PathBuf, usize, [u64; 4])) -> Option<Artwork> {
        let cache = lock(&self.artwork);
        let (stamp, art) = cache.get(key)?;
        match stamp {
            None => Some(art.clone()),
            Some(s) => (crate::files::stamp(&key.0).as_ref() == Some(s)).then(|| art.clone()),
        }
    }

    /// The number of pages of the PDF at `path` (1 for any other artwork).
    pub fn artwork_pages(&self, env: &Env, path: &Path) -> Result<usize, ErrorKind> {
        let data = self.read(env, path, MAX_IMAGE_BYTES)?;
        if pdfpage::sniff(&data) {
            pdfpage::page_count(path, &data)
        } else {
            Ok(1)
        }
    }
}

fn font_ids(fonts: &FontSet) -> [u64; 4] {
    [
        FontStyle::Regular,
        FontStyle::Bold,
        FontStyle::Italic,
        FontStyle::BoldItalic,
    ]
    .map(|s| fonts.face(s).id())
}

/// An SVG or a PDF page as vector artwork.
///
/// ```
/// # let fonts = letterpress::fonts::FontSet::bundled("Noto Sans").unwrap();
/// let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="30"><rect width="120" height="30" fill="#1f4e79"/></svg>"##;
/// let art = letterpress::resolve::vector_from_bytes("logo.svg".as_ref(), svg, &fonts, 1).unwrap();
/// assert_eq!(art.image.format, letterpress::resolve::ImageFormat::Svg);
/// assert_eq!((art.image.width, art.image.height), (12000, 3000)); // hundredths of a point
/// ```
pub fn vector_from_bytes(
    path: &Path,
    data: &[u8],
    fonts: &FontSet,
    page: usize,
) -> Result<Artwork, ErrorKind> {
    let (format, svg_text) = if pdfpage::sniff(data) {
        (ImageFormat::Pdf, pdfpage::page_svg(path, data, page)?)
    } else {
        if page != 1 {
            return Err(ErrorKind::Image {
                path: path.to_path_buf(),
                reason: format!("an SVG has one page, so there is no page {page}"),
            });
        }
        let text = std::str::from_utf8(data).map_err(|e| ErrorKind::Image {
            path: path.to_path_buf(),
            reason: format!("the SVG is not UTF-8 text ({e})"),
        })?;
        (ImageFormat::Svg, text.to_string())
    };
    let parsed = svg::parse(path, svg_text.as_bytes(), fonts)?;
    let size = parsed.tree.size();
    let hundredths = |v: f32| ((v * 100.0).round() as u32).max(1);
    Ok(Artwork {
        image: Arc::new(ImageData {
            path: path.to_path_buf(),
            format,
            width: hundredths(size.width()),
            height: hundredths(size.height()),
            orientation: 1,
            image: Content::Vector(parsed.tree),
        }),
        notes: parsed.notes,
    })
}
