//! PDF back end: walks the page model and writes it with krilla (subset CID fonts with
//! ToUnicode, JPEG passed through, PNG alpha as soft mask, content-hashed `/ID`).
//!
//! It knows nothing of letters. Output is deterministic: no creation date is written unless
//! the caller asks for one, and krilla allocates references in drawing order.

use std::collections::BTreeMap;
use std::num::NonZeroU64;

use krilla::color::rgb;
use krilla::configure::{Archival, Configuration, ConfigurationBuilder};
use krilla::geom::{PathBuilder, Point, Size, Transform};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, GlyphId};
use krilla::{Document as KDocument, SerializeSettings};

use crate::error::{Error, ErrorKind};
use crate::fonts::{FontSet, FontStyle};
use crate::layout::model::{Document, Item};
use crate::text::PlacedGlyph;
use crate::units::Color;

/// Which PDF flavour to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Standard {
    /// PDF/A-2b (archival), validated by krilla.
    #[default]
    A2b,
    /// Plain PDF 1.7.
    None,
}

/// Options of the PDF writer.
#[derive(Debug, Clone, Default)]
pub struct PdfOptions {
    /// The standard to write and validate.
    pub standard: Standard,
}

/// A placed glyph with the run's size: krilla asks for advances at arbitrary sizes (at 1.0 for
/// em units), the layout stores them in points at `size`.
struct G<'a>(&'a PlacedGlyph, f32);

impl krilla::text::Glyph for G<'_> {
    fn glyph_id(&self) -> GlyphId {
        GlyphId::new(self.0.id)
    }
    fn text_range(&self) -> std::ops::Range<usize> {
        self.0.range.clone()
    }
    fn x_advance(&self, size: f32) -> f32 {
        self.0.x_advance / self.1 * size
    }
    fn x_offset(&self, size: f32) -> f32 {
        self.0.x_offset / self.1 * size
    }
    fn y_offset(&self, size: f32) -> f32 {
        self.0.y_offset / self.1 * size
    }
    fn y_advance(&self, _size: f32) -> f32 {
        0.0
    }
    fn location(&self) -> Option<krilla::surface::Location> {
        None
    }
}

fn fill(c: Color) -> Fill {
    Fill {
        paint: rgb::Color::new(c.r, c.g, c.b).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

/// Write a laid-out document as PDF bytes.
pub fn write(doc: &Document, fonts: &FontSet, options: &PdfOptions) -> Result<Vec<u8>, Error> {
    write_many(&[(doc, fonts)], options, false, None)
}

/// Write several laid-out letters into one PDF, each starting on a new page (on an odd page
/// when `duplex`, by inserting a blank page after a letter with an odd page count). Each
/// letter keeps its own page counters. `title` names the whole (default: the first letter's).
pub fn write_many(
    letters: &[(&Document, &FontSet)],
    options: &PdfOptions,
    duplex: bool,
    title: Option<&str>,
) -> Result<Vec<u8>, Error> {
    let Some((first, _)) = letters.first() else {
        return Err(Error::new(ErrorKind::Pdf(
            "there is nothing to write".into(),
        )));
    };
    let configuration = match options.standard {
        Standard::A2b => ConfigurationBuilder::new()
            .with_archival_validator(Archival::A2_B)
            .finish()
            .map_err(|e| Error::new(ErrorKind::Pdf(format!("{e:?}"))))?,
        Standard::None => Configuration::default(),
    };
    let settings = SerializeSettings {
        configuration,
        enable_tagging: false,
        ..SerializeSettings::default()
    };
    let mut pdf = KDocument::new_with(settings);
    // Image locations let krilla's errors name the file.
    let mut image_paths: Vec<std::path::PathBuf> = Vec::new();
    for (doc, fonts) in letters {
        let faces: BTreeMap<FontStyle, Font> = [
            FontStyle::Regular,
            FontStyle::Bold,
            FontStyle::Italic,
            FontStyle::BoldItalic,
        ]
        .into_iter()
        .map(|s| (s, fonts.face(s).krilla_font()))
        .collect();

        let pages = doc.pages.len();
        for page in &doc.pages {
            let settings = PageSettings::from_wh(page.width, page.height)
                .ok_or_else(|| Error::new(ErrorKind::Pdf("invalid page size".into())))?;
            let mut p = pdf.start_page_with(settings);
            let mut s = p.surface();
            for item in &page.items {
                match item {
                    Item::Text(t) => {
                        s.set_fill(Some(fill(t.color)));
                        for run in &t.runs {
                            if run.glyphs.is_empty() || run.size <= 0.0 {
                                continue;
                            }
                            let glyphs: Vec<G> =
                                run.glyphs.iter().map(|g| G(g, run.size)).collect();
                            let font = faces
                                .get(&run.style)
                                .cloned()
                                .unwrap_or_else(|| fonts.face(run.style).krilla_font());
                            s.draw_glyphs(
                                Point::from_xy(t.x + run.x, t.y),
                                &glyphs,
                                font,
                                &run.text,
                                run.size,
                                false,
                            );
                        }
                    }
                    Item::Image(i) => {
                        let Some(size) = Size::from_wh(i.w.max(0.01), i.h.max(0.01)) else {
                            continue;
                        };
                        image_paths.push(i.image.path.clone());
                        if let Some(loc) = NonZeroU64::new(image_paths.len() as u64) {
                            s.set_location(loc);
                        }
                        s.push_transform(&Transform::from_translate(i.x, i.y));
                        s.draw_image(i.image.image.clone(), size);
                        s.pop();
                        s.reset_location();
                    }
                    Item::Rule(r) => {
                        let mut pb = PathBuilder::new();
                        pb.move_to(r.x1, r.y1);
                        pb.line_to(r.x2, r.y2);
                        if let Some(path) = pb.finish() {
                            s.set_fill(None);
                            s.set_stroke(Some(Stroke {
                                paint: rgb::Color::new(r.color.r, r.color.g, r.color.b).into(),
                                width: r.width,
                                ..Stroke::default()
                            }));
                            s.draw_path(&path);
                            s.set_stroke(None);
                        }
                    }
                }
            }
            s.finish();
            p.finish();
        }
        if duplex && pages % 2 == 1 {
            if let Some(last) = doc.pages.last() {
                if let Some(settings) = PageSettings::from_wh(last.width, last.height) {
                    pdf.start_page_with(settings).finish();
                }
            }
        }
    }
    let mut meta = Metadata::new()
        .title(
            title
                .map(str::to_string)
                .unwrap_or_else(|| first.meta.title.clone()),
        )
        .language(first.meta.lang.clone())
        .creator(format!("letterpress {}", env!("CARGO_PKG_VERSION")))
        .producer(format!(
            "letterpress {} (krilla)",
            env!("CARGO_PKG_VERSION")
        ));
    // PDF/A needs a document date; the letter's own date keeps the output deterministic.
    if let Ok(d) = chrono::NaiveDate::parse_from_str(&first.meta.date, "%Y-%m-%d") {
        use chrono::Datelike;
        let year = u16::try_from(d.year()).unwrap_or(2000);
        meta = meta.creation_date(
            krilla::metadata::DateTime::new(year)
                .month(d.month() as u8)
                .day(d.day() as u8),
        );
    }
    if !first.meta.authors.is_empty() {
        meta = meta.authors(first.meta.authors.clone());
    }
    pdf.set_metadata(meta);
    pdf.finish().map_err(|e| {
        let msg = match &e {
            krilla::error::KrillaError::Image(_, loc, reason) => {
                let path = loc
                    .and_then(|l| image_paths.get(l.get() as usize - 1))
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|| "an image".into());
                return Error::new(ErrorKind::Image {
                    path: path.into(),
                    reason: format!("it could not be decoded: {reason}"),
                });
            }
            krilla::error::KrillaError::Validation(errs) => {
                let list: Vec<String> = errs.iter().map(|(e, _)| format!("{e:?}")).collect();
                format!("the PDF/A validator refused it: {}", list.join("; "))
            }
            other => format!("{other}"),
        };
        Error::new(ErrorKind::Pdf(msg))
    })
}
