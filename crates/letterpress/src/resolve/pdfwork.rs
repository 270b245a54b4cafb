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
//! [`MAX_PDF_IMAGE_PIXELS`] pixels, or images totalling more than [`MAX_PDF_IMAGE_PIXELS`] × 4
//! (inline images, `BI … ID … EI`, included: their pixels each time one is read, their data
//! within the content-stream cap unless an image codec holds it). A glyph shown in a Type 3
//! font costs the most operators one of its glyph procedures draws (the procedures are read
//! once per font, like forms), any other glyph one.

use hayro_svg::hayro_syntax::content::UntypedIter;
use hayro_svg::hayro_syntax::object::{Dict, Name, Object, ObjectIdentifier, Stream};
use hayro_svg::hayro_syntax::page::{Page, Resources};
use hayro_svg::hayro_syntax::Filter;
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
    /// Pixels of the inline images read.
    inline_pixels: u64,
    /// The most operators a glyph procedure of each Type 3 font read so far draws.
    type3: BTreeMap<ObjectIdentifier, u64>,
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
        // The font of the text state, saved by `q` and restored by `Q`.
        let (mut font, mut saved) = (None, Vec::new());
        let mut iter = UntypedIter::new(data);
        while let Some(ins) = iter.next() {
            ops += 1;
            let last = ins.operands().last().cloned();
            let op: &[u8] = ins.operator;
            match op {
                b"q" => saved.push(font.clone()),
                b"Q" => font = saved.pop().unwrap_or(None),
                b"Tf" => font = ins.operands().next().cloned().and_then(name),
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
                b"Tj" | b"TJ" | b"'" | b"\"" => {
                    let per = self.glyph_work(font.as_ref(), res, depth + 1)?;
                    ops = ops.saturating_add(glyphs(&ins).saturating_mul(per.max(1)));
                }
                b"BI" => {
                    if let Some(s) = last.and_then(|o| o.into_stream()) {
                        self.inline_image(&s)?;
                    }
                }
                _ => {}
            }
            if ops > MAX_PDF_OPERATORS {
                return Err(too_many());
            }
        }
        Ok(ops)
    }

    /// What one glyph shown in `font` costs: 1, or for a Type 3 font the most operators one of
    /// its glyph procedures draws. The procedures are read once per font, all of them within
    /// [`MAX_PDF_OPERATORS`].
    fn glyph_work(
        &mut self,
        font: Option<&Name>,
        res: &Resources,
        depth: usize,
    ) -> Result<u64, String> {
        let Some(dict) = font.and_then(|f| res.get_font(f)) else {
            return Ok(1);
        };
        if dict.get::<Name>(b"Subtype").as_deref() != Some(&b"Type3"[..]) {
            return Ok(1);
        }
        if let Some(max) = dict.obj_id().and_then(|id| self.type3.get(&id)) {
            return Ok(*max);
        }
        let font_res = match dict.get::<Dict>(b"Resources") {
            Some(d) => Resources::new(d),
            None => res.clone(),
        };
        let procs = dict.get::<Dict>(b"CharProcs").unwrap_or_default();
        let (mut max, mut all) = (1u64, 0u64);
        for key in procs.keys() {
            if let Some(s) = procs.get::<Stream>(key.as_ref()) {
                let n = self.form(s, &font_res, depth)?;
                max = max.max(n);
                all = all.saturating_add(n);
                if all > MAX_PDF_OPERATORS {
                    return Err(too_many());
                }
            }
        }
        if let Some(id) = dict.obj_id() {
            self.type3.insert(id, max);
        }
        Ok(max)
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
        let pixels = pixels(s, b"Width", b"Height")?;
        self.images.insert(s.obj_id(), pixels);
        self.all_images()
    }

    /// An inline image (`BI … ID … EI`): its pixels count like an image's, each time it is
    /// read, and its data, unless an image codec holds it, within the content-stream cap.
    fn inline_image(&mut self, s: &Stream) -> Result<(), String> {
        let pixels = pixels(s, b"W", b"H").and_then(|p| match p {
            0 => pixels(s, b"Width", b"Height"),
            p => Ok(p),
        })?;
        self.inline_pixels = self.inline_pixels.saturating_add(pixels);
        let codec = s.filters().iter().any(|f| {
            matches!(
                f,
                Filter::DctDecode
                    | Filter::JpxDecode
                    | Filter::Jbig2Decode
                    | Filter::CcittFaxDecode
            )
        });
        if !codec {
            super::pdffilter::within(s, MAX_PDF_CONTENT_BYTES)?;
        }
        self.all_images()
    }

    fn all_images(&self) -> Result<(), String> {
        let all = self.images.values().sum::<u64>() + self.inline_pixels;
        if all > 4 * MAX_PDF_IMAGE_PIXELS {
            return Err(format!(
                "its images have more than {} megapixels in all",
                4 * MAX_PDF_IMAGE_PIXELS / 1_000_000
            ));
        }
        Ok(())
    }
}

/// An image's pixels from its width and height entries, within [`MAX_PDF_IMAGE_PIXELS`].
fn pixels(s: &Stream, width: &[u8], height: &[u8]) -> Result<u64, String> {
    let side = |k: &[u8]| s.dict().get::<f64>(k).unwrap_or(0.0).max(0.0) as u64;
    let pixels = side(width).saturating_mul(side(height));
    if pixels > MAX_PDF_IMAGE_PIXELS {
        return Err(format!(
            "it has an image of {} × {} pixels, more than the {} megapixels allowed",
            side(width),
            side(height),
            MAX_PDF_IMAGE_PIXELS / 1_000_000
        ));
    }
    Ok(pixels)
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
