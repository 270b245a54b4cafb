//! Shaping: styled runs of one paragraph's text → glyphs with advances in pt (harfrust:
//! kerning, ligatures, composed NFD input), and width queries over byte ranges of that text.
//!
//! Each run is shaped once; the line breaker measures words and syllables by summing glyph
//! advances between cluster boundaries, so nothing is reshaped per candidate line.

use std::ops::Range;

use harfrust::{BufferFlags, Direction, FontRef, Language, ShapeOptions, UnicodeBuffer};

use crate::fonts::{FontError, FontSet, FontStyle};

/// One glyph of the paragraph, positioned relative to the pen.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ShapedGlyph {
    /// Glyph id in the run's face.
    pub id: u32,
    /// Advance in pt.
    pub advance: f32,
    /// Offsets in pt (y up, as the font has it).
    pub x_offset: f32,
    pub y_offset: f32,
    /// Byte offset in the paragraph text of the cluster this glyph belongs to.
    pub cluster: usize,
}

/// A maximal stretch of the text in one face, shaped together.
#[derive(Debug, Clone)]
pub(crate) struct ShapedRun {
    pub style: FontStyle,
    /// Byte range in the paragraph text.
    pub range: Range<usize>,
}

/// The shaped paragraph: glyphs in text order (left to right only; BiDi is out of scope).
#[derive(Debug, Clone, Default)]
pub(crate) struct Shaped {
    pub glyphs: Vec<ShapedGlyph>,
    pub runs: Vec<ShapedRun>,
    /// `prefix[i]` = sum of the advances of glyphs `0..i`.
    prefix: Vec<f32>,
}

/// Width queries.
impl Shaped {
    /// Index of the first glyph whose cluster starts at or after `byte`.
    pub fn glyph_at(&self, byte: usize) -> usize {
        self.glyphs.partition_point(|g| g.cluster < byte)
    }

    /// Total advance of the glyphs whose clusters lie in `range`.
    pub fn width(&self, range: Range<usize>) -> f32 {
        let (a, b) = (self.glyph_at(range.start), self.glyph_at(range.end));
        if b <= a {
            return 0.0;
        }
        self.prefix[b] - self.prefix[a]
    }

    /// Whether the text can be cut at `byte` without cutting a glyph (a ligature such as "fi"
    /// covers several characters; cutting inside it would need reshaping).
    pub fn is_boundary(&self, byte: usize) -> bool {
        let i = self.glyph_at(byte);
        self.glyphs.get(i).is_some_and(|g| g.cluster == byte)
            || self
                .runs
                .iter()
                .any(|r| r.range.start == byte || r.range.end == byte)
    }

    /// The run containing the character that ends at or before `byte` (the character just
    /// before `byte`), if any.
    pub fn run_before(&self, byte: usize) -> Option<&ShapedRun> {
        self.runs
            .iter()
            .find(|r| r.range.start < byte && byte <= r.range.end)
    }
}

/// The harfrust language tag for a letter language.
pub(crate) fn language(lang: crate::locale::Lang) -> Option<Language> {
    use crate::locale::Lang;
    let tag = match lang {
        Lang::Pl => "pl",
        Lang::EnGb => "en-GB",
        Lang::EnUs => "en-US",
        Lang::De => "de",
        Lang::Fr => "fr",
        Lang::It => "it",
        Lang::Es => "es",
        Lang::Cs => "cs",
        Lang::Nl => "nl",
    };
    tag.parse().ok()
}

/// Shape `runs` (style, byte range of `text`, in text order, no line feeds inside) at `size` pt.
pub(crate) fn shape(
    fonts: &FontSet,
    text: &str,
    runs: &[(FontStyle, Range<usize>)],
    size: f32,
    lang: Option<&Language>,
) -> Result<Shaped, FontError> {
    let mut out = Shaped {
        glyphs: Vec::with_capacity(text.len()),
        runs: Vec::with_capacity(runs.len()),
        prefix: Vec::new(),
    };
    let mut buffer = UnicodeBuffer::new();
    for (style, range) in runs {
        let face = fonts.face(*style);
        let font_ref = FontRef::new(face.data()).map_err(|e| FontError::NotAFont {
            label: face.label().to_string(),
            reason: e.to_string(),
        })?;
        let shaper = face.shaper_data().shaper(&font_ref).build();
        let piece = text.get(range.clone()).unwrap_or("");
        buffer.push_str(piece);
        buffer.set_pre_context(text.get(..range.start).unwrap_or(""));
        buffer.set_post_context(text.get(range.end..).unwrap_or(""));
        buffer.guess_segment_properties();
        let latin = buffer.script() == harfrust::script::LATIN;
        // Left to right only: the paragraph model has no BiDi.
        buffer.set_direction(Direction::LeftToRight);
        if let Some(lang) = lang {
            buffer.set_language(lang.clone());
        }
        buffer.set_flags(BufferFlags::REMOVE_DEFAULT_IGNORABLES);
        let plan = latin.then(|| face.latin_plan(&shaper, lang));
        let glyph_buffer = shaper.shape(buffer, ShapeOptions::new().plan(plan.as_deref()));
        let scale = size / face.units_per_em();
        for (info, pos) in glyph_buffer
            .glyph_infos()
            .iter()
            .zip(glyph_buffer.glyph_positions())
        {
            out.glyphs.push(ShapedGlyph {
                id: info.glyph_id,
                advance: pos.x_advance as f32 * scale,
                x_offset: pos.x_offset as f32 * scale,
                y_offset: pos.y_offset as f32 * scale,
                cluster: range.start + info.cluster as usize,
            });
        }
        out.runs.push(ShapedRun {
            style: *style,
            range: range.clone(),
        });
        buffer = glyph_buffer.clear();
    }
    out.prefix.reserve(out.glyphs.len() + 1);
    let mut sum = 0.0;
    out.prefix.push(0.0);
    for g in &out.glyphs {
        sum += g.advance;
        out.prefix.push(sum);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::FontSet;

    fn serif() -> FontSet {
        FontSet::bundled("Noto Serif").expect("Noto Serif is bundled")
    }

    fn shape_one(text: &str) -> Shaped {
        let lang = language(crate::locale::Lang::EnGb);
        shape(
            &serif(),
            text,
            &[(FontStyle::Regular, 0..text.len())],
            10.0,
            lang.as_ref(),
        )
        .expect("shapes")
    }

    #[test]
    fn kerning_av() {
        let av = shape_one("AV");
        let a = shape_one("A");
        let v = shape_one("V");
        let pair = av.width(0..2);
        let apart = a.width(0..1) + v.width(0..1);
        assert!(
            pair < apart - 0.1,
            "AV is kerned: {pair} pt should be narrower than A+V = {apart} pt"
        );
    }

    #[test]
    fn fi_ligature() {
        let fi = shape_one("fi");
        assert_eq!(fi.glyphs.len(), 1, "fi becomes one glyph: {:?}", fi.glyphs);
        assert!(!fi.is_boundary(1), "cannot cut inside the ligature");
        assert!(
            fi.is_boundary(0) && fi.is_boundary(2),
            "ends are boundaries"
        );
    }

    #[test]
    fn clusters_are_byte_offsets() {
        let s = shape_one("żółw");
        let clusters: Vec<usize> = s.glyphs.iter().map(|g| g.cluster).collect();
        assert_eq!(
            clusters,
            vec![0, 2, 4, 6],
            "one glyph per letter at its byte offset"
        );
        assert!(
            (s.width(0..7) - s.width(0..4) - s.width(4..7)).abs() < 1e-4,
            "additive"
        );
    }
}
