//! The work a page of PDF artwork asks for, bounded before hayro-svg converts it (the
//! conversion itself has no limit of time or size).
//!
//! The page's content is read once, without drawing, and every form XObject and tiling
//! pattern it draws is read in turn (once, but counted each time it is drawn, so forms that
//! draw forms many times over are refused before hayro expands them). Refused, naming the
//! limit: a content stream over [`MAX_PDF_CONTENT_BYTES`] compressed or after any of its filters
//! (deflate, LZW, run-length, ASCII hex and base-85, chained; `pdffilter.rs`), more
//! than [`MAX_PDF_OPERATORS`] operators and glyphs with every form expanded, forms nested
//! deeper than [`MAX_PDF_FORM_DEPTH`] or drawing themselves, an image over
//! [`MAX_PDF_IMAGE_PIXELS`] pixels, or images totalling more than [`MAX_PDF_IMAGE_PIXELS`] × 4.

use hayro_svg::hayro_syntax::content::UntypedIter;
use hayro_svg::hayro_syntax::object::{Dict, Name, Object, ObjectIdentifier, Stream};
use hayro_svg::hayro_syntax::page::{Page, Resources};
use std::collections::BTreeMap;

/// Largest content stream (of the page, a form or a pattern), compressed or inflated.
pub const MAX_PDF_CONTENT_BYTES: usize = 8 * 1024 * 1024;
/// Most operators (and glyphs shown) a page may draw, every form counted each time it is drawn.
pub const MAX_PDF_OPERATORS: u64 = 400_000;
/// Deepest nesting of forms and patterns.
pub const MAX_PDF_FORM_DEPTH: usize = 16;
/// Most pixels one image of PDF artwork may have (it is re-encoded as PNG for the SVG).
pub const MAX_PDF_IMAGE_PIXELS: u64 = 16_000_000;

/// Check page content against the limits; the reason when it is over one.
pub(crate) fn check_page(page: &Page) -> Result<(), String> {
    for stream in contents(page.raw()) {
        bounded(&stream)?;
    }
    let data = page.page_stream().unwrap_or(&[]);
    let mut walk = Walk::default();
    let ops = walk.content(data, page.resources(), 0)?;
    if ops > MAX_PDF_OPERATORS {
        return Err(too_many());
    }
    Ok(())
}

fn too_many() -> String {
    format!(
        "it is too much work to draw: more than {MAX_PDF_OPERATORS} drawing operators and glyphs, \
         with each form counted every time it is drawn; export a simpler page"
    )
}

/// The page's content streams (one, or an array of them).
fn contents<'a>(page: &Dict<'a>) -> Vec<Stream<'a>> {
    if let Some(s) = page.get::<Stream>(b"Contents") {
        return vec![s];
    }
    page.get::<Vec<Object>>(b"Contents")
        .unwrap_or_default()
        .into_iter()
        .filter_map(|o| o.into_stream())
        .collect()
}

/// A stream within [`MAX_PDF_CONTENT_BYTES`], compressed and after each of its filters
/// (`pdffilter.rs`), measured before hayro decodes it without a limit.
fn bounded(stream: &Stream) -> Result<(), String> {
    if stream.raw_data().len() > MAX_PDF_CONTENT_BYTES {
        return Err(format!(
            "a content stream is larger than {} MB; export a simpler page",
            MAX_PDF_CONTENT_BYTES / (1024 * 1024)
        ));
    }
    super::pdffilter::within(stream, MAX_PDF_CONTENT_BYTES)
}

#[derive(Default)]
struct Walk {
    /// Operators of each form or pattern read so far (`None` while it is being read).
    memo: BTreeMap<ObjectIdentifier, Option<u64>>,
    /// Images seen, and their pixels in all.
    images: BTreeMap<ObjectIdentifier, u64>,
}

impl Walk {
    /// Operators of a content stream with what it draws expanded, stopping past the limit.
    fn content(&mut self, data: &[u8], res: &Resources, depth: usize) -> Result<u64, String> {
        if data.len() > MAX_PDF_CONTENT_BYTES {
            return Err(format!(
                "a content stream is larger than {} MB once inflated; export a simpler page",
                MAX_PDF_CONTENT_BYTES / (1024 * 1024)
            ));
        }
        let mut ops: u64 = 0;
        let mut iter = UntypedIter::new(data);
        while let Some(ins) = iter.next() {
            ops += 1;
            let last = ins.operands().last().cloned();
            let op: &[u8] = ins.operator;
            match op {
                b"Do" => {
                    if let Some(s) = last.and_then(name).and_then(|n| res.get_x_object(&n)) {
                        ops = ops.saturating_add(self.xobject(s, res, depth + 1)?);
                    }
                }
                b"scn" | b"SCN" => {
                    let pattern = last.and_then(name).and_then(|n| res.get_pattern(&n));
                    if let Some(s) = pattern.and_then(|p| p.into_stream()) {
                        ops = ops.saturating_add(self.form(s, res, depth + 1)?);
                    }
                }
                b"Tj" | b"TJ" | b"'" | b"\"" => ops = ops.saturating_add(glyphs(&ins)),
                _ => {}
            }
            if ops > MAX_PDF_OPERATORS {
                return Err(too_many());
            }
        }
        Ok(ops)
    }

    /// An XObject drawn by `Do`: a form (its content), or an image (its pixels).
    fn xobject(&mut self, s: Stream, res: &Resources, depth: usize) -> Result<u64, String> {
        match s.dict().get::<Name>(b"Subtype").as_deref() {
            Some(b"Form") => self.form(s, res, depth),
            Some(b"Image") => self.image(&s).map(|()| 1),
            _ => Ok(1),
        }
    }

    fn form(&mut self, s: Stream, parent: &Resources, depth: usize) -> Result<u64, String> {
        let id = s.obj_id();
        match self.memo.get(&id) {
            Some(Some(n)) => return Ok(*n),
            Some(None) => return Err("a form of it draws itself".into()),
            None => {}
        }
        if depth > MAX_PDF_FORM_DEPTH {
            return Err(format!(
                "its forms and patterns nest more than {MAX_PDF_FORM_DEPTH} deep"
            ));
        }
        self.memo.insert(id, None);
        bounded(&s)?;
        let data = s
            .decoded()
            .map_err(|_| "a form of it cannot be decoded".to_string())?;
        let res = match s.dict().get::<Dict>(b"Resources") {
            Some(d) => Resources::new(d),
            None => parent.clone(),
        };
        let n = self.content(&data, &res, depth)?;
        self.memo.insert(id, Some(n));
        Ok(n)
    }

    fn image(&mut self, s: &Stream) -> Result<(), String> {
        let side = |k: &[u8]| s.dict().get::<f64>(k).unwrap_or(0.0).max(0.0) as u64;
        let pixels = side(b"Width").saturating_mul(side(b"Height"));
        if pixels > MAX_PDF_IMAGE_PIXELS {
            return Err(format!(
                "it has an image of {} × {} pixels, more than the {} megapixels allowed",
                side(b"Width"),
                side(b"Height"),
                MAX_PDF_IMAGE_PIXELS / 1_000_000
            ));
        }
        self.images.insert(s.obj_id(), pixels);
        if self.images.values().sum::<u64>() > 4 * MAX_PDF_IMAGE_PIXELS {
            return Err(format!(
                "its images have more than {} megapixels in all",
                4 * MAX_PDF_IMAGE_PIXELS / 1_000_000
            ));
        }
        Ok(())
    }
}

fn name(o: Object) -> Option<Name> {
    o.into_name()
}

/// The bytes of the strings a text-showing operator shows (one glyph each, at least).
fn glyphs(ins: &hayro_svg::hayro_syntax::content::Instruction) -> u64 {
    fn len(o: Object) -> u64 {
        match o {
            Object::String(s) => s.as_bytes().len() as u64,
            Object::Array(a) => a.iter::<Object>().map(len).sum(),
            _ => 0,
        }
    }
    ins.operands().cloned().map(len).sum()
}
