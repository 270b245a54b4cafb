//! Fonts: parsing font files once into [`Face`]s (metrics, character coverage, the krilla font
//! for the PDF writer and the cached harfrust shaper data) and grouping four faces into a
//! [`FontSet`]. Shaping itself and everything about lines lives in [`crate::text`].

use std::fmt;
use std::sync::{Arc, Mutex, OnceLock};

use harfrust::{Direction, Language, ShapePlan, ShaperData};
use serde::Serialize;
use skrifa::instance::{LocationRef, Size};
use skrifa::raw::TableProvider;
use skrifa::{FontRef, MetadataProvider};

/// One of the four faces of a family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum FontStyle {
    /// Upright, normal weight.
    Regular,
    /// Upright, bold.
    Bold,
    /// Italic, normal weight.
    Italic,
    /// Italic and bold.
    BoldItalic,
}

/// Combinators used by the markup parser and the layout.
impl FontStyle {
    /// This style with bold switched on or off.
    pub fn with_bold(self, on: bool) -> Self {
        match (self.is_italic(), on) {
            (false, false) => FontStyle::Regular,
            (false, true) => FontStyle::Bold,
            (true, false) => FontStyle::Italic,
            (true, true) => FontStyle::BoldItalic,
        }
    }

    /// This style with italic switched on or off.
    pub fn with_italic(self, on: bool) -> Self {
        match (self.is_bold(), on) {
            (false, false) => FontStyle::Regular,
            (false, true) => FontStyle::Italic,
            (true, false) => FontStyle::Bold,
            (true, true) => FontStyle::BoldItalic,
        }
    }

    /// Whether the style is bold (Bold or BoldItalic).
    pub fn is_bold(self) -> bool {
        matches!(self, FontStyle::Bold | FontStyle::BoldItalic)
    }

    /// Whether the style is italic (Italic or BoldItalic).
    pub fn is_italic(self) -> bool {
        matches!(self, FontStyle::Italic | FontStyle::BoldItalic)
    }
}

/// Errors about fonts: a file that is not a font, or text a font cannot draw.
#[derive(Debug, thiserror::Error)]
pub enum FontError {
    /// The bytes could not be parsed as a TrueType/OpenType font.
    #[error("`{label}` is not a usable font: {reason}")]
    NotAFont {
        /// The file or face name given to [`Face::from_bytes`].
        label: String,
        /// Why it was rejected.
        reason: String,
    },
    /// The text contains a character the face has no glyph for.
    #[error("font `{font}` cannot draw {ch:?} (U+{code:04X})")]
    MissingGlyph {
        /// The character.
        ch: char,
        /// Its code point, for the message.
        code: u32,
        /// The face's label.
        font: String,
    },
}

/// Code points below this have [`Face::can_draw`] answered from a table.
const DRAWABLE_TABLE: u32 = 0x300;

/// How many threads get a krilla font handle of their own per face (see [`Face::krilla_font`]);
/// further threads share the first.
const PER_THREAD_FONTS: usize = 64;

/// One parsed font file (TTF/OTF). Hold it in an `Arc`: the shaper data and plans are built
/// once per face and shared by every paragraph and every letter of a batch.
pub struct Face {
    /// Unique in the process: keys caches of results computed with this face.
    id: u64,
    label: String,
    data: krilla::Data,
    krilla: krilla::text::Font,
    /// The krilla font again for each thread that wrote with this face (at most
    /// [`PER_THREAD_FONTS`]): krilla clones its font handle several times per glyph, and
    /// threads that share one handle contend for its reference count.
    per_thread: Mutex<Vec<(std::thread::ThreadId, krilla::text::Font)>>,
    shaper_data: ShaperData,
    /// Shape plans per language tag, built on first use (a plan costs far more than a word).
    plans: Mutex<Vec<(Option<Language>, Arc<ShapePlan>)>>,
    /// Each glyph's ink above and below the baseline, in font units, measured from its outline
    /// on first use (drawing an outline costs far more than a line of text; the page checks
    /// measure every glyph of every line).
    ink: Mutex<rustc_hash::FxHashMap<u32, Option<(f32, f32)>>>,
    units_per_em: f32,
    ascent: f32,
    descent: f32,
    cap_height: f32,
    /// Sorted, disjoint inclusive ranges of the code points the cmap maps.
    coverage: Vec<(u32, u32)>,
    /// [`Face::can_draw`] for the code points below [`DRAWABLE_TABLE`] (Latin-1 and Latin
    /// Extended-A and -B), one bit each: asked for every character of every text.
    drawable: [u64; DRAWABLE_TABLE as usize / 64],
    /// Glyph id and advance (font units) of the hyphen "-" used at hyphenated line ends.
    hyphen: (u32, f32),
}

impl fmt::Debug for Face {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Face")
            .field("label", &self.label)
            .field("units_per_em", &self.units_per_em)
            .finish_non_exhaustive()
    }
}

/// Characters that are never drawn: layout consumes them (line feeds, soft hyphens, zero-width
/// spaces) or shaping removes them (joiners, marks of direction, variation selectors).
pub(crate) fn is_never_drawn(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\t'
            | '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'..='\u{1160}'
            | '\u{17B4}'..='\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFF8}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

/// Space characters (Unicode category Zs) that the shaper draws with the font's space glyph,
/// at the right width, when the font has no glyph of its own for them.
fn is_fallback_space(c: char) -> bool {
    matches!(
        c,
        '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
    )
}

/// Constructors and metrics.
impl Face {
    /// An id no other face of this process has (nor had): a cache key for results that
    /// depend on the face.
    pub fn id(&self) -> u64 {
        self.id
    }

    /// Parse a font file; `label` names the file or face in messages ("fonts/X.ttf").
    pub fn from_bytes(data: Vec<u8>, label: &str) -> Result<Face, FontError> {
        Face::from_data(krilla::Data::from(data), label)
    }

    /// Parse a font that lives for the whole program (the bundled fonts), without copying it.
    pub fn from_static(data: &'static [u8], label: &str) -> Result<Face, FontError> {
        Face::from_data(krilla::Data::from(data), label)
    }

    fn from_data(data: krilla::Data, label: &str) -> Result<Face, FontError> {
        let bad = |reason: &str| FontError::NotAFont {
            label: label.to_string(),
            reason: reason.to_string(),
        };
        let font_ref = FontRef::new(data.as_ref())
            .map_err(|e| bad(&format!("cannot read the font tables ({e})")))?;
        check_tables(&font_ref, data.as_ref().len()).map_err(|r| bad(&r))?;
        let metrics = font_ref.metrics(Size::unscaled(), LocationRef::default());
        if metrics.units_per_em == 0 {
            return Err(bad(
                "the file is damaged: its `head` table gives zero units per em",
            ));
        }
        if font_ref.os2().is_ok_and(|os2| os2.fs_type() & 0xF == 2) {
            return Err(bad(
                "its licence forbids embedding it in a PDF (OS/2 fsType: restricted licence)",
            ));
        }
        let charmap = font_ref.charmap();
        if !charmap.has_map() {
            return Err(bad("it has no usable character map (cmap)"));
        }
        let mut coverage: Vec<(u32, u32)> = Vec::new();
        let mut codepoints: Vec<u32> = charmap.mappings().map(|(c, _)| c).collect();
        codepoints.sort_unstable();
        for c in codepoints {
            match coverage.last_mut() {
                Some((_, end)) if *end + 1 >= c => *end = (*end).max(c),
                _ => coverage.push((c, c)),
            }
        }
        let hyphen_id = charmap
            .map('-')
            .or_else(|| charmap.map('\u{2010}'))
            .ok_or_else(|| bad("it has no hyphen glyph"))?;
        let glyph_metrics = font_ref.glyph_metrics(Size::unscaled(), LocationRef::default());
        let hyphen_advance = glyph_metrics.advance_width(hyphen_id).unwrap_or(0.0);
        let krilla = krilla::text::Font::new(data.clone(), 0)
            .ok_or_else(|| bad("the PDF writer cannot read it"))?;
        let shaper_data = ShaperData::new(&font_ref);
        let cap_height = metrics.cap_height.unwrap_or(metrics.ascent * 0.7);
        static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let mut face = Face {
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            label: label.to_string(),
            units_per_em: f32::from(metrics.units_per_em),
            ascent: metrics.ascent,
            descent: -metrics.descent,
            cap_height,
            coverage,
            hyphen: (hyphen_id.to_u32(), hyphen_advance),
            krilla,
            per_thread: Mutex::new(Vec::new()),
            shaper_data,
            plans: Mutex::new(Vec::new()),
            ink: Mutex::new(rustc_hash::FxHashMap::default()),
            data,
            drawable: [0; DRAWABLE_TABLE as usize / 64],
        };
        for c in (0..DRAWABLE_TABLE).filter_map(char::from_u32) {
            if face.can_draw_uncached(c) {
                face.drawable[c as usize / 64] |= 1 << (c as u32 % 64);
            }
        }
        Ok(face)
    }

    /// The file or face name given when parsing.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// The krilla font for the PDF writer: this thread's own handle to the parsed font (equal
    /// to every other thread's, as krilla compares fonts by their data), so that letters written
    /// on several threads at once do not all count references on one handle.
    pub(crate) fn krilla_font(&self) -> krilla::text::Font {
        let id = std::thread::current().id();
        let mut fonts = self.per_thread.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, font)) = fonts.iter().find(|(t, _)| *t == id) {
            return font.clone();
        }
        if fonts.len() >= PER_THREAD_FONTS {
            return self.krilla.clone();
        }
        // `from_data` parsed the same data with the same call, so this cannot fail; the shared
        // handle is the fallback all the same.
        let font =
            krilla::text::Font::new(self.data.clone(), 0).unwrap_or_else(|| self.krilla.clone());
        fonts.push((id, font.clone()));
        font
    }

    /// Font units per em.
    pub fn units_per_em(&self) -> f32 {
        self.units_per_em
    }

    /// Ascender at `size` pt, in pt above the baseline (positive).
    pub fn ascender(&self, size: f32) -> f32 {
        self.ascent * size / self.units_per_em
    }

    /// Descender at `size` pt, in pt below the baseline (positive).
    pub fn descender(&self, size: f32) -> f32 {
        self.descent * size / self.units_per_em
    }

    /// Height of capital letters at `size` pt (OS/2 capHeight, else 70 % of the ascender).
    pub fn cap_height(&self, size: f32) -> f32 {
        self.cap_height * size / self.units_per_em
    }

    /// The ink of `glyphs` (glyph id and vertical offset in pt, positive up) at `size` pt: how
    /// far it reaches above and below the baseline, in pt (both positive outwards). Glyphs
    /// whose outline cannot be measured count as the face's ascender and descender.
    pub fn ink_extent(&self, glyphs: impl Iterator<Item = (u32, f32)>, size: f32) -> (f32, f32) {
        let fallback = (self.ascender(size), self.descender(size));
        let scale = size / self.units_per_em;
        let mut cache = self.ink.lock().unwrap_or_else(|e| e.into_inner());
        let mut bounds = None;
        let (mut up, mut down) = (0.0f32, 0.0f32);
        for (id, y_offset) in glyphs {
            let ink = *cache.entry(id).or_insert_with(|| {
                let b = bounds.get_or_insert_with(|| GlyphBounds::new(self.data.as_ref()));
                b.as_ref()?.vertical(id)
            });
            let (top, bottom) = match ink {
                Some((top, bottom)) => (top * scale, bottom * scale),
                None => fallback,
            };
            up = up.max(top + y_offset);
            down = down.max(bottom - y_offset);
        }
        (up, down)
    }

    /// Whether the character map has a glyph for `c`.
    pub fn has_char(&self, c: char) -> bool {
        let c = c as u32;
        let i = self.coverage.partition_point(|&(_, end)| end < c);
        self.coverage.get(i).is_some_and(|&(start, _)| start <= c)
    }

    /// Whether text containing `c` can be set in this face: the cmap has it, or it is never
    /// drawn, or it is a space the shaper replaces with the space glyph.
    pub(crate) fn can_draw(&self, c: char) -> bool {
        let code = c as u32;
        if code < DRAWABLE_TABLE {
            return self.drawable[code as usize / 64] & (1 << (code % 64)) != 0;
        }
        self.can_draw_uncached(c)
    }

    /// [`Face::can_draw`] worked out from the coverage ranges.
    fn can_draw_uncached(&self, c: char) -> bool {
        self.has_char(c)
            || is_never_drawn(c)
            || (is_fallback_space(c) && self.has_char(' '))
            || (c == '\u{2011}' && (self.has_char('\u{2010}') || self.has_char('-')))
    }

    /// The raw font bytes.
    pub(crate) fn data(&self) -> &[u8] {
        self.data.as_ref()
    }

    /// The font bytes as a shared handle (no copy), for the SVG artwork's font database.
    pub(crate) fn data_handle(&self) -> krilla::Data {
        self.data.clone()
    }

    /// The harfrust data cached for this face.
    pub(crate) fn shaper_data(&self) -> &ShaperData {
        &self.shaper_data
    }

    /// Glyph id and advance in font units of the hyphen drawn at hyphenated line ends.
    pub(crate) fn hyphen(&self) -> (u32, f32) {
        self.hyphen
    }

    /// The cached left-to-right Latin shape plan for `lang`, built with `shaper` on first use.
    pub(crate) fn latin_plan(
        &self,
        shaper: &harfrust::Shaper<'_>,
        lang: Option<&Language>,
    ) -> Arc<ShapePlan> {
        // A poisoned lock only means another thread panicked while pushing; the list is valid.
        let mut plans = self.plans.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, plan)) = plans.iter().find(|(l, _)| l.as_ref() == lang) {
            return plan.clone();
        }
        let plan = Arc::new(ShapePlan::new(
            shaper,
            Direction::LeftToRight,
            Some(harfrust::script::LATIN),
            lang,
            &[],
        ));
        plans.push((lang.cloned(), plan.clone()));
        plan
    }
}

/// Every table the font's directory lists must lie inside the file, and the tables text
/// setting needs must be there: a truncated or damaged file is named as such, not by the
/// first metric that comes out wrong.
fn check_tables(font: &FontRef, len: usize) -> Result<(), String> {
    for rec in font.table_directory.table_records() {
        let end = u64::from(rec.offset()) + u64::from(rec.length());
        if end > len as u64 {
            return Err(format!(
                "the file is truncated or damaged: its `{}` table ends at byte {end}, but the file has {len} bytes",
                rec.tag()
            ));
        }
    }
    for tag in [b"head", b"hhea", b"hmtx", b"maxp", b"cmap"] {
        if font.table_data(skrifa::raw::types::Tag::new(tag)).is_none() {
            return Err(format!(
                "the file is damaged: it has no `{}` table",
                String::from_utf8_lossy(tag)
            ));
        }
    }
    Ok(())
}

/// A family of four faces: regular, bold, italic and bold italic.
#[derive(Clone)]
pub struct FontSet {
    family: String,
    faces: [Arc<Face>; 4],
}

impl fmt::Debug for FontSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FontSet")
            .field("family", &self.family)
            .finish_non_exhaustive()
    }
}

/// Parse a bundled family. The files are tested to parse; a failure would be a packaging bug,
/// reported as "not bundled" rather than a panic.
#[cfg(feature = "bundled-fonts")]
fn load_bundled(family: &str) -> Option<FontSet> {
    let f = letterpress_assets::FAMILIES
        .iter()
        .find(|f| f.name == family)?;
    let face = |data: &'static [u8], style: &str| -> Option<Arc<Face>> {
        let label = if style.is_empty() {
            f.name.to_string()
        } else {
            format!("{} {style}", f.name)
        };
        Face::from_static(data, &label).ok().map(Arc::new)
    };
    Some(FontSet::new(
        family.to_string(),
        face(f.regular, "")?,
        face(f.bold, "Bold")?,
        face(f.italic, "Italic")?,
        face(f.bold_italic, "Bold Italic")?,
    ))
}

#[cfg(not(feature = "bundled-fonts"))]
fn load_bundled(_family: &str) -> Option<FontSet> {
    None
}

/// Constructors and access to the faces.
impl FontSet {
    /// Names of the families shipped with the library (with its `bundled-fonts` feature).
    pub const BUNDLED: &'static [&'static str] = &["Noto Serif", "Noto Sans", "TeX Gyre Termes"];

    /// The bundled families this build has: [`FontSet::BUNDLED`], or none without the
    /// `bundled-fonts` feature.
    pub fn available() -> &'static [&'static str] {
        if cfg!(feature = "bundled-fonts") {
            FontSet::BUNDLED
        } else {
            &[]
        }
    }

    /// A bundled family by name ("Noto Serif", "noto sans", "TeX Gyre Termes";
    /// case-insensitive). Each family is parsed once per process; later calls return a cheap
    /// clone sharing the faces.
    pub fn bundled(name: &str) -> Option<FontSet> {
        static LOADED: [OnceLock<Option<FontSet>>; 3] =
            [OnceLock::new(), OnceLock::new(), OnceLock::new()];
        let (i, family) = FontSet::BUNDLED
            .iter()
            .enumerate()
            .find(|(_, f)| f.eq_ignore_ascii_case(name.trim()))?;
        LOADED.get(i)?.get_or_init(|| load_bundled(family)).clone()
    }

    /// A family from four parsed faces.
    pub fn new(
        family: String,
        regular: Arc<Face>,
        bold: Arc<Face>,
        italic: Arc<Face>,
        bold_italic: Arc<Face>,
    ) -> FontSet {
        FontSet {
            family,
            faces: [regular, bold, italic, bold_italic],
        }
    }

    /// The family name.
    pub fn family(&self) -> &str {
        &self.family
    }

    /// The face for `style`.
    pub fn face(&self, style: FontStyle) -> &Arc<Face> {
        &self.faces[match style {
            FontStyle::Regular => 0,
            FontStyle::Bold => 1,
            FontStyle::Italic => 2,
            FontStyle::BoldItalic => 3,
        }]
    }

    /// The first character of `text` the face for `style` cannot draw, ignoring characters
    /// that are never drawn (line feeds, soft hyphens, zero-width spaces, joiners).
    pub fn first_missing(&self, style: FontStyle, text: &str) -> Option<char> {
        let face = self.face(style);
        text.chars().find(|&c| !face.can_draw(c))
    }

    /// [`FontSet::first_missing`] as an error naming the face.
    pub fn check(&self, style: FontStyle, text: &str) -> Result<(), FontError> {
        match self.first_missing(style, text) {
            None => Ok(()),
            Some(ch) => Err(FontError::MissingGlyph {
                ch,
                code: ch as u32,
                font: self.face(style).label().to_string(),
            }),
        }
    }
}

/// Glyph bounds in font units, as skrifa's `GlyphMetrics::bounds` gives them (control-point
/// bounds of the outline in a CFF or variable font, the `glyf` header's box otherwise), with
/// one outline collection for every glyph measured: `bounds` builds one for each glyph.
struct GlyphBounds<'a> {
    metrics: skrifa::metrics::GlyphMetrics<'a>,
    outlines: Option<skrifa::outline::OutlineGlyphCollection<'a>>,
}

impl<'a> GlyphBounds<'a> {
    fn new(data: &'a [u8]) -> Option<GlyphBounds<'a>> {
        let font = FontRef::new(data).ok()?;
        let drawn = font.gvar().is_ok() || font.cff().is_ok() || font.cff2().is_ok();
        Some(GlyphBounds {
            metrics: font.glyph_metrics(Size::unscaled(), LocationRef::default()),
            outlines: drawn.then(|| font.outline_glyphs()),
        })
    }

    /// How far glyph `id` reaches above and below the baseline (both positive outwards).
    fn vertical(&self, id: u32) -> Option<(f32, f32)> {
        let glyph = skrifa::GlyphId::new(id);
        let b = match &self.outlines {
            Some(outlines) => {
                let settings = skrifa::outline::DrawSettings::unhinted(
                    Size::unscaled(),
                    LocationRef::default(),
                );
                let mut pen = skrifa::outline::pen::ControlBoundsPen::default();
                outlines.get(glyph)?.draw(settings, &mut pen).ok()?;
                pen.bounding_box()?
            }
            None => self.metrics.bounds(glyph)?,
        };
        Some((b.y_max, -b.y_min))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_families_parse() {
        for name in FontSet::BUNDLED {
            let set = FontSet::bundled(name).unwrap_or_else(|| panic!("{name} should be bundled"));
            assert_eq!(set.family(), *name, "family name of {name}");
            for style in [
                FontStyle::Regular,
                FontStyle::Bold,
                FontStyle::Italic,
                FontStyle::BoldItalic,
            ] {
                let face = set.face(style);
                assert!(face.ascender(10.0) > 5.0, "{name} {style:?} ascender");
                assert!(face.descender(10.0) > 1.0, "{name} {style:?} descender");
                assert!(face.cap_height(10.0) > 5.0, "{name} {style:?} cap height");
            }
        }
        assert!(
            FontSet::bundled("noto SERIF").is_some(),
            "names are case-insensitive"
        );
        assert!(FontSet::bundled("Comic Sans").is_none(), "unknown family");
    }

    #[test]
    fn glyph_bounds_are_skrifas_in_cff_and_truetype_faces() {
        // TeX Gyre Termes is CFF (outlines drawn), Noto Serif TrueType (the `glyf` box).
        for name in FontSet::BUNDLED {
            let face = FontSet::bundled(name)
                .expect("bundled")
                .face(FontStyle::Regular)
                .clone();
            let font = FontRef::new(face.data()).expect("parses");
            let metrics = font.glyph_metrics(Size::unscaled(), LocationRef::default());
            let bounds = GlyphBounds::new(face.data()).expect("parses");
            let glyphs = u32::from(font.maxp().expect("maxp").num_glyphs());
            let mut measured = 0;
            for id in (0..glyphs).step_by(7) {
                let theirs = metrics
                    .bounds(skrifa::GlyphId::new(id))
                    .map(|b| (b.y_max, -b.y_min));
                assert_eq!(bounds.vertical(id), theirs, "{name} glyph {id}");
                measured += usize::from(theirs.is_some_and(|(up, down)| up + down > 0.0));
            }
            assert!(measured > 50, "{name}: {measured} glyphs with ink compared");
        }
    }

    #[test]
    fn drawable_table_agrees_with_the_coverage() {
        for name in FontSet::BUNDLED {
            let set = FontSet::bundled(name).expect("bundled");
            let face = set.face(FontStyle::Regular);
            let mut drawable = 0;
            for c in (0..DRAWABLE_TABLE + 16).filter_map(char::from_u32) {
                assert_eq!(face.can_draw(c), face.can_draw_uncached(c), "{name} {c:?}");
                drawable += usize::from(face.can_draw(c));
            }
            // Every bundled family covers Latin-1 and Latin Extended-A at least.
            assert!(drawable > 350, "{name}: only {drawable} drawable");
            assert!(face.can_draw('ł') && face.can_draw('\u{00AD}') && !face.can_draw('\u{0001}'));
        }
    }

    #[test]
    fn coverage_of_polish_and_german() {
        let text = "Zażółć gęślą jaźń ŻÓŁW Straße „cytat” – € § № · \u{AD}\u{200B}\n\u{A0}\u{2011}";
        for family in FontSet::BUNDLED {
            let set = FontSet::bundled(family).expect("bundled");
            for style in [
                FontStyle::Regular,
                FontStyle::Bold,
                FontStyle::Italic,
                FontStyle::BoldItalic,
            ] {
                assert_eq!(
                    set.first_missing(style, text),
                    None,
                    "{family} {style:?} covers {text}"
                );
            }
        }
        let set = FontSet::bundled("Noto Serif").expect("bundled");
        assert!(
            !set.face(FontStyle::Regular).has_char('\u{10380}'),
            "no Ugaritic"
        );
        let err = set
            .check(FontStyle::Regular, "ok \u{10380}")
            .expect_err("Ugaritic is missing");
        assert_eq!(
            err.to_string(),
            "font `Noto Serif` cannot draw '\u{10380}' (U+10380)",
            "message names the font and code point"
        );
    }

    #[test]
    fn garbage_is_not_a_font() {
        let err = Face::from_bytes(b"not a font at all".to_vec(), "x.ttf").expect_err("garbage");
        assert!(
            matches!(err, FontError::NotAFont { ref label, .. } if label == "x.ttf"),
            "got {err}"
        );
    }

    #[test]
    fn style_combinators() {
        assert_eq!(
            FontStyle::Italic.with_bold(true),
            FontStyle::BoldItalic,
            "i+b"
        );
        assert_eq!(
            FontStyle::BoldItalic.with_italic(false),
            FontStyle::Bold,
            "bi-i"
        );
        assert_eq!(FontStyle::Bold.with_bold(false), FontStyle::Regular, "b-b");
    }
}
