//! Text: one paragraph at a time, in typst's stages.
//!
//! - [`inline`]: body markup (Markdown-lite) → [`Block`]s of styled [`Span`]s;
//! - `shape` (crate-private): spans → glyphs with advances (harfrust);
//! - [`nobreak`] and [`hyphenate`]: where a line may end (UAX #14 opportunities, language
//!   rules that forbid some, hyphenation points);
//! - [`linebreak`]: Knuth–Plass total fit over boxes, glue and penalties;
//! - `paragraph` (private): the driver that builds the items, breaks them and produces
//!   justified [`Line`]s of [`GlyphRun`]s.
//!
//! Fonts come from [`crate::fonts`]; pages and vertical placement are the layout's business.

pub mod hyphenate;
pub mod inline;
pub mod linebreak;
pub mod links;
pub mod nobreak;
mod paragraph;
pub mod refusals;
pub(crate) mod shape;
pub mod typed_lists;

use serde::Serialize;

use crate::fonts::{FontError, FontSet, FontStyle};

pub use inline::parse_markup;
pub use paragraph::{EMERGENCY_STRETCH_EM, LOOSE_WARNING_RATIO, RAGGED_STRETCH_EM, TRACKING_EM};

/// A stretch of text in one face.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Span {
    /// The text; "\n" forces a line break.
    pub text: String,
    /// The face it is set in.
    pub style: FontStyle,
}

/// Body markup parsed into blocks.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph of styled text.
    Paragraph(Vec<Span>),
    /// A bulleted (`ordered == false`) or numbered list; each item is a list of blocks.
    List {
        /// Numbered rather than bulleted.
        ordered: bool,
        /// Number of the first item (1 for bulleted lists).
        start: u64,
        /// Each item's marker as shown: "•", "3.", "2)", or as typed ("a)", "(iv)", "–").
        markers: Vec<String>,
        /// The items, each made of blocks (paragraphs, nested lists).
        items: Vec<Vec<Block>>,
    },
    /// A paragraph with links: its spans and the links by byte range in its text (the spans'
    /// texts joined).
    Linked(Vec<Span>, Vec<links::Link>),
    /// A block quote (`> `): its blocks, set indented.
    Quote(Vec<Block>),
    /// A GitHub table.
    Table(Table),
}

/// All spans of a block tree, in order (table cells row by row, the header first).
pub fn collect_spans<'a>(blocks: &'a [Block], out: &mut Vec<&'a Span>) {
    for b in blocks {
        match b {
            Block::Paragraph(sp) | Block::Linked(sp, _) => out.extend(sp.iter()),
            Block::List { items, .. } => items.iter().for_each(|i| collect_spans(i, out)),
            Block::Quote(inner) => collect_spans(inner, out),
            Block::Table(t) => {
                for cell in t.header.iter().chain(t.rows.iter().flatten()) {
                    out.extend(cell.iter());
                }
            }
        }
    }
}

/// A table: a header row and body rows of cells, each cell one paragraph of spans.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Each column's alignment, from the delimiter row (`:--`, `:-:`, `--:`).
    pub align: Vec<Align>,
    /// The header row's cells.
    pub header: Vec<Vec<Span>>,
    /// The body rows (a row may have fewer cells than columns).
    pub rows: Vec<Vec<Vec<Span>>>,
    /// The links of the cells that have any, each by byte range in its cell's text.
    pub links: Vec<CellLink>,
}

/// A link in a table cell.
#[derive(Debug, Clone, PartialEq)]
pub struct CellLink {
    /// The body row (`None`: the header row).
    pub row: Option<usize>,
    /// The column.
    pub col: usize,
    /// The link, by byte range in the cell's text (its spans' texts joined).
    pub link: links::Link,
}

impl Table {
    /// The links of one cell (`row` `None`: the header row).
    pub fn cell_links(&self, row: Option<usize>, col: usize) -> Vec<links::Link> {
        self.links
            .iter()
            .filter(|c| c.row == row && c.col == col)
            .map(|c| c.link.clone())
            .collect()
    }
}

/// Horizontal alignment of a paragraph's lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Align {
    /// Both edges straight; the last line and lines ended by a forced break at natural width.
    Justify,
    /// Ragged right.
    Left,
    /// Ragged left.
    Right,
    /// Centred lines.
    Center,
}

/// How a paragraph is set.
#[derive(Debug, Clone, Copy)]
pub struct ParagraphStyle {
    /// Font size in pt.
    pub size: f32,
    /// Line width in pt.
    pub width: f32,
    /// Alignment.
    pub align: Align,
    /// Language: hyphenation patterns, no-break rules, shaping language.
    pub lang: crate::locale::Lang,
    /// Whether words may be hyphenated automatically (soft hyphens are always honoured).
    pub hyphenate: bool,
}

/// One glyph on a line.
#[derive(Debug, Clone, Serialize)]
pub struct PlacedGlyph {
    /// Glyph id in the run's face.
    pub id: u32,
    /// Advance in pt (a justified space's advance includes its stretch or shrink).
    pub x_advance: f32,
    /// Horizontal offset in pt.
    pub x_offset: f32,
    /// Vertical offset in pt (positive up, as in the font).
    pub y_offset: f32,
    /// Byte range in [`GlyphRun::text`] of the cluster this glyph draws.
    pub range: std::ops::Range<usize>,
}

/// Glyphs of one face on one line. `x` is from the line's left edge (after alignment and
/// justification), in pt.
#[derive(Debug, Clone, Serialize)]
pub struct GlyphRun {
    /// Start of the run from the line's left edge, in pt.
    pub x: f32,
    /// The face.
    pub style: FontStyle,
    /// Font size in pt.
    pub size: f32,
    /// The text the glyphs draw (inter-word spaces included; a line-end hyphen appended).
    pub text: String,
    /// The glyphs, left to right.
    pub glyphs: Vec<PlacedGlyph>,
    /// Sum of the glyph advances, in pt.
    pub width: f32,
}

/// One finished line.
#[derive(Debug, Clone, Serialize)]
pub struct Line {
    /// Runs left to right.
    pub runs: Vec<GlyphRun>,
    /// Width of the set line in pt (the measure for justified lines, natural otherwise).
    pub width: f32,
    /// The line ends with a hyphen (automatic, soft or explicit).
    pub hyphenated: bool,
    /// The line ends with a hyphen that the breaker added (automatic or at a soft hyphen),
    /// which is not part of the word: the PDF gives the whole word as its actual text.
    #[serde(skip)]
    pub hyphen_added: bool,
    /// Adjustment ratio of the inter-word spaces: 0 natural, 1 full stretch, −1 full shrink.
    pub ratio: f32,
    /// Tracking: the advance added after each letter followed by another letter of the line,
    /// in pt (negative: tighter; 0 untracked, always so for ragged lines and last lines).
    pub tracking: f32,
    /// The line is wider than the measure even with its spaces fully shrunk (a word too long
    /// for the line): it sticks out into the margin and the paragraph carries a warning.
    pub overfull: bool,
}

/// A broken and set paragraph.
#[derive(Debug, Clone, Serialize)]
pub struct Paragraph {
    /// The lines, top to bottom.
    pub lines: Vec<Line>,
    /// Problems worth telling the user (an overfull line names the word that sticks out).
    pub warnings: Vec<String>,
}

/// Shape one line without breaking (address lines, date, labels), positioned from x = 0.
/// Line feeds in the spans are set as spaces.
pub fn shape_line(fonts: &FontSet, spans: &[Span], size: f32) -> Result<Line, FontError> {
    paragraph::shape_line(fonts, spans, size, None)
}

/// [`shape_line`] in a letter's language: a one-line field (the date, the references, the
/// address, a label) gets the language's spacing rules too (French narrow no-break spaces
/// before `; : ! ?` and inside « »), as its paragraphs do.
pub fn shape_line_in(
    fonts: &FontSet,
    spans: &[Span],
    size: f32,
    lang: crate::locale::Lang,
) -> Result<Line, FontError> {
    paragraph::shape_line(fonts, spans, size, Some(lang))
}

/// Break and set a paragraph in `style.width`.
///
/// Justified lines fill the width exactly by widening (or narrowing) the inter-word spaces:
/// the space glyphs' `x_advance` changes, and the spaces stay in `text` and `glyphs`, so PDF
/// text extraction gives the words with spaces. The last line and lines ended by a forced
/// break are set at natural width. Trailing spaces at a line end are dropped. A hyphenated
/// line ends with a real "-" glyph appended to the last run's text. Right and centred lines
/// shift the runs' `x`. No-break spaces (U+00A0) never break and stretch like spaces.
///
/// Uncached; [`ParagraphCache::typeset`] keeps results (a [`crate::Resources`] holds one for
/// every letter it serves).
pub fn typeset(
    fonts: &FontSet,
    spans: &[Span],
    style: &ParagraphStyle,
) -> Result<Paragraph, FontError> {
    paragraph::typeset(fonts, spans, style, Breaker::KnuthPlass)
}

/// Paragraphs already set: a mail merge sets the same paragraphs in the same fonts for every
/// record, and a hit costs a copy instead of shaping, hyphenation and breaking. Keyed by the
/// exact input (the faces by [`crate::fonts::Face::id`]); emptied when it holds
/// [`TYPESET_CACHE_ENTRIES`] paragraphs. [`crate::Resources`] owns one and hands it to every
/// letter it resolves, so a fresh `Resources` starts cold.
#[derive(Default)]
pub struct ParagraphCache {
    map: std::sync::Mutex<std::collections::HashMap<TypesetKey, Paragraph>>,
}

impl std::fmt::Debug for ParagraphCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ParagraphCache({} paragraphs)", self.len())
    }
}

impl ParagraphCache {
    /// An empty cache.
    pub fn new() -> ParagraphCache {
        ParagraphCache::default()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, std::collections::HashMap<TypesetKey, Paragraph>> {
        // A panic elsewhere while the lock was held cannot leave a half-inserted entry.
        self.map
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// [`typeset`], from the cache when the same paragraph was set before.
    pub fn typeset(
        &self,
        fonts: &FontSet,
        spans: &[Span],
        style: &ParagraphStyle,
    ) -> Result<Paragraph, FontError> {
        let key = TypesetKey::new(fonts, spans, style);
        if let Some(hit) = self.lock().get(&key) {
            return Ok(hit.clone());
        }
        let paragraph = typeset(fonts, spans, style)?;
        let mut cache = self.lock();
        if cache.len() >= TYPESET_CACHE_ENTRIES {
            cache.clear();
        }
        cache.insert(key, paragraph.clone());
        Ok(paragraph)
    }

    /// How many paragraphs it holds.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Empty it: memory back, or a cold start for a benchmark.
    pub fn clear(&self) {
        self.lock().clear();
    }
}

/// How many set paragraphs a [`ParagraphCache`] keeps (a few MB at most).
pub const TYPESET_CACHE_ENTRIES: usize = 1024;

/// Everything [`paragraph::typeset`]'s result depends on.
#[derive(PartialEq, Eq, Hash)]
struct TypesetKey {
    faces: [u64; 4],
    spans: Vec<Span>,
    size: u32,
    width: u32,
    align: Align,
    lang: crate::locale::Lang,
    hyphenate: bool,
}

impl TypesetKey {
    fn new(fonts: &FontSet, spans: &[Span], style: &ParagraphStyle) -> TypesetKey {
        // Destructured so that a new field of the style cannot be left out of the key.
        let ParagraphStyle {
            size,
            width,
            align,
            lang,
            hyphenate,
        } = *style;
        let face = |s| fonts.face(s).id();
        TypesetKey {
            faces: [
                face(FontStyle::Regular),
                face(FontStyle::Bold),
                face(FontStyle::Italic),
                face(FontStyle::BoldItalic),
            ],
            spans: spans.to_vec(),
            size: size.to_bits(),
            width: width.to_bits(),
            align,
            lang,
            hyphenate,
        }
    }
}

/// Which line breaker [`typeset_with`] uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Breaker {
    /// Knuth–Plass total fit with TeX's passes (what [`typeset`] uses).
    KnuthPlass,
    /// Greedy first fit, as a word processor breaks: for comparison and tests.
    FirstFit,
}

/// [`typeset`] with a choice of line breaker.
pub fn typeset_with(
    fonts: &FontSet,
    spans: &[Span],
    style: &ParagraphStyle,
    breaker: Breaker,
) -> Result<Paragraph, FontError> {
    paragraph::typeset(fonts, spans, style, breaker)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::FontSet;

    fn style(width: f32) -> ParagraphStyle {
        ParagraphStyle {
            size: 11.0,
            width,
            align: Align::Justify,
            lang: crate::locale::Lang::Pl,
            hyphenate: true,
        }
    }

    fn spans(text: &str) -> Vec<Span> {
        vec![Span {
            text: text.into(),
            style: FontStyle::Regular,
        }]
    }

    fn breaks(p: &Paragraph) -> Vec<String> {
        p.lines
            .iter()
            .map(|l| l.runs.iter().map(|r| r.text.as_str()).collect())
            .collect()
    }

    #[test]
    fn the_typeset_cache_returns_what_typesetting_returns_for_the_same_input_only() {
        let serif = FontSet::bundled("Noto Serif").expect("bundled");
        let sans = FontSet::bundled("Noto Sans").expect("bundled");
        let text = "Działając w imieniu spółki niniejszym wypowiadamy umowę z zachowaniem \
                    trzymiesięcznego okresu wypowiedzenia, który rozpoczyna bieg z pierwszym \
                    dniem miesiąca następującego po doręczeniu niniejszego pisma.";
        let cache = ParagraphCache::new();
        let uncached = paragraph::typeset(&serif, &spans(text), &style(200.0), Breaker::KnuthPlass)
            .expect("set");
        let first = cache
            .typeset(&serif, &spans(text), &style(200.0))
            .expect("set");
        let again = cache
            .typeset(&serif, &spans(text), &style(200.0))
            .expect("set");
        assert_eq!(breaks(&first), breaks(&uncached));
        assert_eq!(breaks(&again), breaks(&uncached));
        let xs = |p: &Paragraph| -> Vec<u32> {
            p.lines
                .iter()
                .flat_map(|l| l.runs.iter().flat_map(|r| r.glyphs.iter()))
                .map(|g| g.x_advance.to_bits())
                .collect()
        };
        assert_eq!(xs(&again), xs(&uncached), "bit-identical advances");

        // Another width, another family, another face of the text: not the cached result.
        let narrow = cache
            .typeset(&serif, &spans(text), &style(120.0))
            .expect("set");
        assert!(narrow.lines.len() > first.lines.len());
        let in_sans = cache
            .typeset(&sans, &spans(text), &style(200.0))
            .expect("set");
        let sans_uncached =
            paragraph::typeset(&sans, &spans(text), &style(200.0), Breaker::KnuthPlass)
                .expect("set");
        assert_eq!(xs(&in_sans), xs(&sans_uncached));
        assert_ne!(xs(&in_sans), xs(&first));
        let mut bold = spans(text);
        bold[0].style = FontStyle::Bold;
        let bold_set = cache.typeset(&serif, &bold, &style(200.0)).expect("set");
        assert!(bold_set.lines[0]
            .runs
            .iter()
            .all(|r| r.style == FontStyle::Bold));
        assert_eq!(cache.len(), 4);
        cache.clear();
        assert!(cache.is_empty());
    }
}
