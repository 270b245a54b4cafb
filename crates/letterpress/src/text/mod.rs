//! Text: one paragraph at a time, in typst's stages.
//!
//! - [`inline`]: body markup (Markdown-lite) → [`Block`]s of styled [`Span`]s;
//! - [`shape`](self::shape) (crate-private): spans → glyphs with advances (harfrust);
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
pub mod nobreak;
mod paragraph;
pub(crate) mod shape;

use serde::Serialize;

use crate::fonts::{FontError, FontSet, FontStyle};

pub use inline::parse_markup;
pub use paragraph::{EMERGENCY_STRETCH_EM, LOOSE_WARNING_RATIO, RAGGED_STRETCH_EM, TRACKING_EM};

/// A stretch of text in one face.
#[derive(Debug, Clone, PartialEq)]
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
        /// The items, each made of blocks (paragraphs, nested lists).
        items: Vec<Vec<Block>>,
    },
}

/// Horizontal alignment of a paragraph's lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
#[derive(Debug, Clone)]
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
    paragraph::shape_line(fonts, spans, size)
}

/// Break and set a paragraph in `style.width`.
///
/// Justified lines fill the width exactly by widening (or narrowing) the inter-word spaces:
/// the space glyphs' `x_advance` changes, and the spaces stay in `text` and `glyphs`, so PDF
/// text extraction gives the words with spaces. The last line and lines ended by a forced
/// break are set at natural width. Trailing spaces at a line end are dropped. A hyphenated
/// line ends with a real "-" glyph appended to the last run's text. Right and centred lines
/// shift the runs' `x`. No-break spaces (U+00A0) never break and stretch like spaces.
pub fn typeset(
    fonts: &FontSet,
    spans: &[Span],
    style: &ParagraphStyle,
) -> Result<Paragraph, FontError> {
    paragraph::typeset(fonts, spans, style, Breaker::KnuthPlass)
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
