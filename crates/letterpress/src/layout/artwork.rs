//! Firm artwork on the laid-out pages: the designer's stationery under each page, the
//! watermark word, and `--preprinted` (paper that already carries the letterhead).
//!
//! All three work on finished pages, so nothing else moves: stationery and the watermark are
//! drawn under the letter's items, and preprinted paper only takes items away.

use super::model::{Document, ImageBox, Item, Link, Page, Role, TextLine};
use super::{span, text_item};
use crate::error::{Error, Warning};
use crate::fonts::FontStyle;
use crate::resolve::Resolved;
use crate::units::Color;

/// The watermark's colour: light enough to read the letter through, no transparency (which
/// PDF/A-1 would forbid and some printers mishandle); it is drawn under the text.
pub const WATERMARK_COLOR: Color = Color {
    r: 0xD4,
    g: 0xD4,
    b: 0xD4,
};

/// The watermark's length as a share of the page diagonal it lies on.
const WATERMARK_SPAN: f32 = 0.5;
/// The largest watermark size (pt): a short word stays a word, not a block.
const WATERMARK_MAX_SIZE: f32 = 140.0;

/// Put the stationery pages and the watermark under the items of every page; a warning for a
/// stationery sheet whose shape is not the paper's (it is stretched to the page). Page 1's
/// sheet is content of `sheet_node` (a described figure) when there is one.
pub(super) fn underlay(
    r: &Resolved,
    pages: &mut [Page],
    sheet_node: Option<usize>,
) -> Result<Vec<Warning>, Error> {
    let mut warnings = Vec::new();
    for page in pages.iter_mut() {
        let mut under = Vec::new();
        let sheet = if page.number == 1 {
            &r.artwork.first
        } else {
            &r.artwork.next
        };
        if let Some(image) = sheet {
            let aspect = image.width as f32 / image.height.max(1) as f32;
            let off = (aspect / (page.width / page.height) - 1.0).abs();
            let warned = warnings
                .iter()
                .any(|x: &Warning| x.message.contains("stationery"));
            if off > 0.01 && !warned {
                warnings.push(Warning::new(format!(
                    "the stationery `{}` does not have the proportions of the paper ({:.0} × {:.0} mm); it is stretched to the page",
                    image.path.display(),
                    page.width * 25.4 / 72.0,
                    page.height * 25.4 / 72.0
                )));
            }
            under.push(Item::Image(ImageBox {
                x: 0.0,
                y: 0.0,
                w: page.width,
                h: page.height,
                image: image.clone(),
                role: "stationery",
                block: if page.number == 1 { sheet_node } else { None },
            }));
        }
        if let Some(word) = r.artwork.watermark.as_deref().filter(|w| !w.is_empty()) {
            under.push(watermark(r, word, page)?);
        }
        page.items.splice(0..0, under);
    }
    Ok(warnings)
}

/// The watermark line of `page`, centred; the PDF writer turns it about the page's centre
/// onto the diagonal from the lower left to the upper right (see [`watermark_angle`]).
fn watermark(r: &Resolved, word: &str, page: &Page) -> Result<Item, Error> {
    let probe = 100.0;
    let line = super::text::shape_line(&r.fonts, &[span(word, FontStyle::Bold)], probe)
        .map_err(super::font_err)?;
    let diagonal = page.width.hypot(page.height);
    let width = line.width.max(1.0);
    let size = (probe * WATERMARK_SPAN * diagonal / width).min(WATERMARK_MAX_SIZE);
    let line = super::text::shape_line(&r.fonts, &[span(word, FontStyle::Bold)], size)
        .map_err(super::font_err)?;
    let cap = r.fonts.face(FontStyle::Bold).cap_height(size);
    Ok(text_item(
        (page.width - line.width) / 2.0,
        (page.height + cap) / 2.0,
        line,
        WATERMARK_COLOR,
        Role::Watermark,
    ))
}

/// The angle (radians, counter-clockwise as seen on the page) of a watermark on a page of
/// this size: the rising diagonal.
pub fn watermark_angle(width: f32, height: f32) -> f32 {
    height.atan2(width)
}

/// Take away what the paper already carries: the header images, the stationery, the footer
/// and the typeset letterhead band. Every other item keeps its place.
pub fn preprinted(doc: &mut Document) {
    for page in &mut doc.pages {
        page.items.retain(|item| !is_letterhead(item));
    }
    doc.links
        .retain(|l| !matches!(l.role, Role::Footer | Role::Letterhead));
}

/// Whether an item is part of the printed letterhead.
pub fn is_letterhead(item: &Item) -> bool {
    match item {
        Item::Image(i) => matches!(i.role, "header" | "stationery"),
        Item::Text(t) => matches!(t.role, Role::Footer | Role::Letterhead),
        Item::Rule(_) => false,
    }
}

/// The resolution at which raster artwork prints sharp.
pub const MIN_PRINT_DPI: f32 = 300.0;

/// A raster image of the letter at its printed size.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolution {
    /// The page it is on (the first, for artwork on several pages).
    pub page: usize,
    /// What it is ("header", "signature", "stationery").
    pub role: &'static str,
    /// The file.
    pub path: std::path::PathBuf,
    /// Its pixels.
    pub pixels: (u32, u32),
    /// Its printed size in millimetres.
    pub size_mm: (f32, f32),
    /// Dots per inch at that size (the lower of the two directions).
    pub dpi: f32,
}

/// Every raster image (PNG, JPEG) of a document at its printed size, each file and role once.
/// SVG and PDF artwork has no resolution and is left out.
pub fn resolutions(doc: &Document) -> Vec<Resolution> {
    let mut out: Vec<Resolution> = Vec::new();
    for page in &doc.pages {
        for item in &page.items {
            let Item::Image(b) = item else { continue };
            let img = &b.image;
            if !matches!(
                img.format,
                crate::resolve::ImageFormat::Png | crate::resolve::ImageFormat::Jpeg
            ) || b.w <= 0.0
                || b.h <= 0.0
            {
                continue;
            }
            if out.iter().any(|r| r.path == img.path && r.role == b.role) {
                continue;
            }
            let dpi = (img.width as f32 * 72.0 / b.w).min(img.height as f32 * 72.0 / b.h);
            out.push(Resolution {
                page: page.number,
                role: b.role,
                path: img.path.clone(),
                pixels: (img.width, img.height),
                size_mm: (b.w * 25.4 / 72.0, b.h * 25.4 / 72.0),
                dpi,
            });
        }
    }
    out
}

/// A warning for each raster image that prints under [`MIN_PRINT_DPI`].
pub fn low_resolution_warnings(doc: &Document) -> Vec<crate::error::Warning> {
    resolutions(doc)
        .into_iter()
        .filter(|r| r.dpi + 0.5 < MIN_PRINT_DPI)
        .map(|r| {
            crate::error::Warning::new(format!(
                "the {} image `{}` prints at {:.0} dpi ({} × {} px over {:.0} × {:.0} mm); {:.0} dpi or more prints sharp: use a larger image, or SVG or PDF artwork",
                r.role,
                r.path.display(),
                r.dpi,
                r.pixels.0,
                r.pixels.1,
                r.size_mm.0,
                r.size_mm.1,
                MIN_PRINT_DPI
            ))
        })
        .collect()
}

/// The laid-out letter with a warning for each raster image under [`MIN_PRINT_DPI`].
pub(super) fn with_resolution_warnings(
    mut laid: crate::error::Warned<Document>,
) -> crate::error::Warned<Document> {
    laid.warnings.extend(low_resolution_warnings(&laid.output));
    laid
}

/// Live links over the sender's telephone, e-mail and web address wherever the letterhead
/// lines, the information block or the footer print them.
pub(super) fn links(r: &Resolved, pages: &[Page]) -> Vec<Link> {
    let s = &r.sender;
    let targets: Vec<(&str, String)> = [
        s.phone.as_deref().map(|p| (p, tel_uri(p))),
        s.email
            .as_deref()
            .map(|e| (e, format!("mailto:{}", e.trim()))),
        s.web.as_deref().map(|w| (w, web_uri(w))),
    ]
    .into_iter()
    .flatten()
    .filter(|(text, _)| !text.trim().is_empty())
    .collect();
    let mut out = Vec::new();
    for page in pages {
        for item in &page.items {
            let Item::Text(t) = item else { continue };
            if !matches!(t.role, Role::Info | Role::Footer | Role::Letterhead) {
                continue;
            }
            for (text, uri) in &targets {
                out.extend(find(t, text.trim()).map(|(x, w, size)| Link {
                    page: page.number,
                    x,
                    y: t.y - size * 0.8,
                    w,
                    h: size * 1.05,
                    uri: uri.clone(),
                    text: text.trim().to_string(),
                    role: t.role,
                }));
            }
        }
    }
    out
}

/// Where `needle` is printed in a line: its left edge, width and type size, per occurrence.
fn find<'a>(line: &'a TextLine, needle: &'a str) -> impl Iterator<Item = (f32, f32, f32)> + 'a {
    line.runs.iter().flat_map(move |run| {
        run.text.match_indices(needle).map(move |(start, m)| {
            let end = start + m.len();
            let (mut x, mut left, mut right) = (line.x + run.x, None, None::<f32>);
            for g in &run.glyphs {
                let adv = g.x_advance;
                if g.range.start >= start && g.range.start < end {
                    left.get_or_insert(x);
                    right = Some(x + adv);
                }
                x += adv;
            }
            let l = left.unwrap_or(line.x + run.x);
            (l, right.unwrap_or(l) - l, run.size)
        })
    })
}

/// `tel:` with the digits of a telephone number (and its leading `+`).
fn tel_uri(phone: &str) -> String {
    let t = phone.trim();
    let digits: String = t.chars().filter(char::is_ascii_digit).collect();
    if t.starts_with('+') {
        format!("tel:+{digits}")
    } else {
        format!("tel:{digits}")
    }
}

/// An `https:` address for a web address written without its scheme.
fn web_uri(web: &str) -> String {
    let w = web.trim();
    if w.contains("://") {
        w.to_string()
    } else {
        format!("https://{w}")
    }
}
