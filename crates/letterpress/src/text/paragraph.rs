//! The paragraph driver: spans → normalized text → shaped runs → boxes, glue and penalties
//! (UAX #14 opportunities, language no-break rules, hyphenation) → Knuth–Plass breaks →
//! justified [`Line`]s.
//!
//! Text is shaped once per run; items are measured by summing glyph advances, and only the
//! chosen lines are assembled into glyph runs.

use std::ops::Range;

use unicode_linebreak::{linebreaks, BreakOpportunity};

use super::linebreak::{
    self, Adjustment, Item, LineSums, Pass, Settings, EXPLICIT_HYPHEN_PENALTY, HYPHEN_PENALTY,
    SOFT_TIE_PENALTY, ZERO_WIDTH_BREAK_PENALTY,
};
use super::shape::{self, Shaped};
use super::Span;
use super::{
    hyphenate, nobreak, Align, Breaker, GlyphRun, Line, Paragraph, ParagraphStyle, PlacedGlyph,
};
use crate::fonts::{FontError, FontSet, FontStyle};
use crate::locale::Lang;

/// Stretch added to every line of a ragged (left, right, centred) paragraph, in ems: about the
/// width of a short word, so lines vary in length but the breaker still prefers even ones
/// (TeX's `\raggedright` with a finite `\rightskip`, instead of plain TeX's `fil`, which would
/// make every break equally good).
pub const RAGGED_STRETCH_EM: f32 = 3.0;
/// TeX's `\emergencystretch` for the third pass, in ems: LaTeX users commonly set 1.5–3 em;
/// with 2 em a paragraph that cannot meet the tolerance gets evenly loose lines rather than
/// one very loose line.
pub const EMERGENCY_STRETCH_EM: f32 = 2.0;

/// Largest tracking of a justified line, in ems per letter gap: how much wider or tighter its
/// letters may be spaced (the space after each letter that is followed by another letter of
/// the line) when the spaces alone would have to stretch or shrink beyond
/// [`linebreak::TRACKING_FROM_STRETCH`] ([`linebreak::TRACKING_FROM_SHRINK`]). pdfTeX's font
/// expansion, which TeX users get from microtype, widens glyphs by up to 2 % (about 0.01 em on
/// an average letter); 0.02 em (0.22 pt at 11 pt) is not seen as letter-spacing at reading
/// size, and the breaker rarely uses more than 80 % of it ([`linebreak::TRACKING_WEIGHT`]).
/// Measured on the peer benchmark letters: at 0.015 em the long letter in Noto Serif keeps
/// one 6.2 pt word gap before an unbreakable invoice number ("… zł, FV/2026/09/131"), which
/// fits on the line only with 0.02 em.
pub const TRACKING_EM: f32 = 0.02;

/// A justified line whose spaces stretch more than this many times their allowed stretch gets
/// a warning (about TeX's "Underfull \hbox (badness 2700)"; TeX warns from badness 1000,
/// ratio 2.15, but a letter's narrow address or table columns make that too chatty).
pub const LOOSE_WARNING_RATIO: f32 = 3.0;

/// Why a line may end at a position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Brk {
    /// A line feed before this position (mandatory).
    Forced,
    /// After an inter-word space (the space is dropped at a line end).
    Space,
    /// After an inter-word space that a language rule forbids breaking ("w domu").
    KeptSpace,
    /// After an inter-word space that a language rule breaks only as a last resort
    /// ("nr FV/2026/08/117").
    SoftKeptSpace,
    /// After a character that allows a break without a space (hyphen, dash, slash, ZWSP).
    ZeroWidth,
    /// A soft hyphen (U+00AD): a hyphen is drawn only if the line breaks here.
    Soft,
    /// An automatic hyphenation point.
    Auto,
}

/// Normalized paragraph text with its styles and the break hints removed from it.
struct Prepared {
    text: String,
    /// (style, start byte) in text order; a style runs to the next start.
    styles: Vec<(FontStyle, usize)>,
    /// Soft hyphens and zero-width spaces, removed from the text.
    hints: Vec<(usize, Brk)>,
}

/// Line feeds of every flavour (UAX #14 classes BK, LF, NL).
fn is_line_feed(c: char) -> bool {
    matches!(
        c,
        '\n' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Join the spans into one text: spaces and tabs collapse to one space, none at the start,
/// end or around a line feed; soft hyphens and zero-width spaces become hints. In `one_line`
/// mode line feeds become spaces. With a `lang` of French spacing, spaces before `; : ! ? »`
/// and after `«` become narrow no-break spaces ([`nobreak::narrow_space_before`]).
fn prepare(spans: &[Span], one_line: bool, lang: Option<Lang>) -> Prepared {
    let narrow = lang.filter(|&l| nobreak::rules(l).narrow_spaces);
    let mut p = Prepared {
        text: String::new(),
        styles: Vec::new(),
        hints: Vec::new(),
    };
    for span in spans {
        p.styles.push((span.style, p.text.len()));
        for c in span.text.chars() {
            match c {
                '\r' => {}
                c if is_line_feed(c) && !one_line => {
                    while p.text.ends_with(' ') {
                        p.text.pop();
                    }
                    p.text.push('\n');
                }
                c if c == ' ' || c == '\t' || is_line_feed(c) => {
                    let after_narrow = narrow.is_some() && p.text.ends_with(nobreak::NARROW_NBSP);
                    if !(p.text.is_empty() || p.text.ends_with([' ', '\n']) || after_narrow) {
                        p.text.push(' ');
                    }
                }
                c if narrow.is_some_and(|l| nobreak::narrow_space_before(l, c)) => {
                    narrow_space_before(&mut p, c);
                    p.text.push(c);
                }
                c if narrow.is_some_and(|l| nobreak::narrow_space_after(l, c)) => {
                    p.text.push(c);
                    p.text.push(nobreak::NARROW_NBSP);
                }
                '\u{AD}' => p.hints.push((p.text.len(), Brk::Soft)),
                '\u{200B}' => p.hints.push((p.text.len(), Brk::ZeroWidth)),
                c => p.text.push(c),
            }
        }
    }
    while p.text.ends_with([' ', '\n']) {
        p.text.pop();
    }
    p
}

/// French spacing before `c`: the space typed before it becomes a narrow no-break space, or
/// one is inserted where [`nobreak::insert_narrow_space`] asks for it.
fn narrow_space_before(p: &mut Prepared, c: char) {
    if p.text.ends_with(' ') {
        p.text.pop();
        let at = p.text.len();
        p.text.push(nobreak::NARROW_NBSP);
        // A style or hint that started after the replaced space starts after its replacement.
        let end = p.text.len();
        for s in p.styles.iter_mut().filter(|s| s.1 > at) {
            s.1 = end;
        }
        p.hints.retain(|h| h.0 <= at);
    } else if nobreak::insert_narrow_space(&p.text, c) {
        p.text.push(nobreak::NARROW_NBSP);
    }
}

/// Shaping runs: maximal ranges of one style without line feeds.
fn shaping_runs(p: &Prepared) -> Vec<(FontStyle, Range<usize>)> {
    let len = p.text.len();
    let mut runs: Vec<(FontStyle, Range<usize>)> = Vec::new();
    for (i, &(style, start)) in p.styles.iter().enumerate() {
        let end = p.styles.get(i + 1).map_or(len, |s| s.1).min(len);
        let start = start.min(len);
        let mut a = start;
        for (off, _) in p.text[start..end].match_indices('\n') {
            push_run(&mut runs, style, a..start + off);
            a = start + off + 1;
        }
        push_run(&mut runs, style, a..end);
    }
    runs
}

fn push_run(runs: &mut Vec<(FontStyle, Range<usize>)>, style: FontStyle, r: Range<usize>) {
    if r.is_empty() {
        return;
    }
    match runs.last_mut() {
        Some((s, last)) if *s == style && last.end == r.start => last.end = r.end,
        _ => runs.push((style, r)),
    }
}

/// Check every span against its face before shaping (harfrust would draw glyph 0).
fn check_glyphs(fonts: &FontSet, spans: &[Span]) -> Result<(), FontError> {
    spans
        .iter()
        .try_for_each(|span| fonts.check(span.style, &span.text))
}

/// Whether a line may end after the explicit hyphen just before `pos`: the letters before it
/// and after it must be as long as a hyphenation fragment ("e-mail" stays whole, as does
/// "PIT-37"; "Kowalski-|Żółtowski" may break).
fn hyphen_break_ok(text: &str, pos: usize) -> bool {
    let before = text[..pos].trim_end_matches(['-', '\u{2010}']);
    let left = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric())
        .count();
    let right = text[pos..]
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .count();
    left >= hyphenate::MIN_LEFT && right >= hyphenate::MIN_RIGHT
}

/// All break positions of the text, sorted, one per position.
/// A slash between short parts ("w/w", "c/o", "n/a", "km/h"): the abbreviation never breaks.
fn short_slashed(before: &str, after: &str) -> bool {
    // At most three letters or digits in at most 16 characters: both counts stop early (a long
    // token is read at every break point inside it, so a full count would make a
    // 20 000-character token quadratic).
    let short = |s: &str| {
        s.chars().nth(16).is_none() && s.chars().filter(|c| c.is_alphanumeric()).nth(3).is_none()
    };
    before.ends_with('/') && short(after) && short(before)
}

/// The whitespace-separated token around a break point, and what kind of address it is.
#[derive(Debug, Clone, Copy)]
struct Token {
    start: usize,
    end: usize,
    /// An e-mail address: never broken (a reader would copy half of it).
    email: bool,
    /// A web address: broken only after a slash, never at its hyphens.
    web: bool,
}

/// The tokens of a text, found for break points in increasing order: each break point costs a
/// binary search, and each token is classified once, so a long token is not read again for
/// every break inside it.
struct Tokens<'t> {
    text: &'t str,
    /// Byte offset and length of every whitespace character (U+2009 takes several bytes).
    spaces: Vec<(usize, usize)>,
    last: Option<Token>,
}

impl<'t> Tokens<'t> {
    fn new(text: &'t str) -> Tokens<'t> {
        let spaces = text
            .char_indices()
            .filter(|(_, c)| c.is_whitespace())
            .map(|(i, c)| (i, c.len_utf8()))
            .collect();
        Tokens {
            text,
            spaces,
            last: None,
        }
    }

    /// The token holding `pos`: from after the last whitespace before it to the first at or
    /// after it.
    fn around(&mut self, pos: usize) -> Token {
        let k = self.spaces.partition_point(|&(i, _)| i < pos);
        let start = k
            .checked_sub(1)
            .map_or(0, |j| self.spaces[j].0 + self.spaces[j].1);
        if let Some(t) = self.last.filter(|t| t.start == start) {
            return t;
        }
        let end = self.spaces.get(k).map_or(self.text.len(), |s| s.0);
        let token = &self.text[start..end];
        let t = Token {
            start,
            end,
            email: token.contains('@'),
            web: token.contains("://") || token.starts_with("www."),
        };
        self.last = Some(t);
        t
    }
}

fn break_points(p: &Prepared, style: &ParagraphStyle) -> Vec<(usize, Brk)> {
    let text = &p.text;
    let mut brks: Vec<(usize, Brk)> = Vec::new();
    let mut tokens = Tokens::new(text);
    for (pos, op) in linebreaks(text) {
        if pos >= text.len() {
            continue;
        }
        let kind = match op {
            BreakOpportunity::Mandatory => Brk::Forced,
            BreakOpportunity::Allowed if text[..pos].ends_with(' ') => {
                let before = &text[..pos - 1];
                let prev = before.rsplit(char::is_whitespace).next().unwrap_or("");
                let next = text[pos..].split(char::is_whitespace).next().unwrap_or("");
                match nobreak::tie(style.lang, prev, next) {
                    nobreak::Tie::Hard => Brk::KeptSpace,
                    nobreak::Tie::Soft => Brk::SoftKeptSpace,
                    nobreak::Tie::None => Brk::Space,
                }
            }
            BreakOpportunity::Allowed => {
                if text[..pos].ends_with(['-', '\u{2010}']) && !hyphen_break_ok(text, pos) {
                    continue;
                }
                // An e-mail address never breaks (a reader would copy half of it); a web
                // address only after a slash, never at its hyphens.
                let token = tokens.around(pos);
                if token.email || short_slashed(&text[token.start..pos], &text[pos..token.end]) {
                    continue;
                }
                if token.web && !text[..pos].ends_with('/') {
                    continue;
                }
                Brk::ZeroWidth
            }
        };
        brks.push((pos, kind));
    }
    // Hints sit between two characters of a word; ignore any at the edges.
    let inside = |pos: usize| {
        pos > 0
            && pos < text.len()
            && !text[..pos].ends_with(char::is_whitespace)
            && !text[pos..].starts_with(char::is_whitespace)
    };
    brks.extend(p.hints.iter().copied().filter(|&(pos, _)| inside(pos)));
    brks.sort_unstable();
    brks.dedup_by_key(|b| b.0);
    brks
}

/// `brks` plus the automatic hyphenation points, sorted, one per position.
fn with_hyphenation(
    p: &Prepared,
    style: &ParagraphStyle,
    brks: &[(usize, Brk)],
) -> Vec<(usize, Brk)> {
    let text = &p.text;
    let mut all = brks.to_vec();
    let mut start = 0;
    for token in text.split(char::is_whitespace) {
        let range = start..start + token.len();
        start = range.end + text[range.end..].chars().next().map_or(0, char::len_utf8);
        let has_soft = p
            .hints
            .iter()
            .any(|&(pos, k)| k == Brk::Soft && range.contains(&pos));
        if has_soft {
            continue; // The author's soft hyphens replace the patterns (as in TeX).
        }
        for point in hyphenate::hyphenation_points(token, style.lang) {
            all.push((range.start + point, Brk::Auto));
        }
    }
    all.sort_unstable();
    all.dedup_by_key(|b| b.0);
    all
}

/// The items for the breaker, each with the byte range it covers and, for hyphen penalties,
/// the style of the hyphen.
struct Items {
    items: Vec<Item>,
    src: Vec<Range<usize>>,
    hyphen_style: Vec<Option<FontStyle>>,
}

impl Items {
    fn push(&mut self, item: Item, src: Range<usize>, hyphen: Option<FontStyle>) {
        self.items.push(item);
        self.src.push(src);
        self.hyphen_style.push(hyphen);
    }
}

/// Builds the items of a paragraph.
struct Builder<'a> {
    fonts: &'a FontSet,
    text: &'a str,
    shaped: &'a Shaped,
    size: f32,
    justify: bool,
    /// Tracking limit per letter gap, in pt (0 when ragged).
    track: f32,
    out: Items,
}

impl Builder<'_> {
    fn glue(&self, width: f32) -> Item {
        if self.justify {
            Item::space(width)
        } else {
            Item::fixed_space(width)
        }
    }

    /// Boxes for the words in `a..b`, with no-break glue for U+00A0 inside.
    fn content(&mut self, a: usize, b: usize) {
        let mut start = a;
        for (off, c) in self.text[a..b].char_indices() {
            if c == '\u{A0}' {
                let at = a + off;
                self.word(start, at);
                let w = self.shaped.width(at..at + c.len_utf8());
                self.out.push(Item::no_break(), at..at, None);
                let g = self.glue(w);
                self.out.push(g, at..at + c.len_utf8(), None);
                start = at + c.len_utf8();
            }
        }
        self.word(start, b);
    }

    fn word(&mut self, a: usize, b: usize) {
        if a < b {
            let width = self.shaped.width(a..b);
            let track = self.track * tracking_gaps(self.text, self.shaped, a, b) as f32;
            self.out.push(Item::Box { width, track }, a..b, None);
        }
    }

    fn hyphen_width(&self, style: FontStyle) -> f32 {
        let face = self.fonts.face(style);
        face.hyphen().1 * self.size / face.units_per_em()
    }

    fn build(mut self, brks: &[(usize, Brk)]) -> Items {
        let mut cursor = 0;
        for &(pos, kind) in brks {
            let content_end = match kind {
                Brk::Space | Brk::KeptSpace | Brk::SoftKeptSpace | Brk::Forced => pos - 1,
                _ => pos,
            };
            self.content(cursor, content_end.max(cursor));
            match kind {
                Brk::Space | Brk::KeptSpace | Brk::SoftKeptSpace => {
                    if kind == Brk::KeptSpace {
                        self.out.push(Item::no_break(), pos - 1..pos - 1, None);
                    } else if kind == Brk::SoftKeptSpace {
                        let item = Item::Penalty {
                            width: 0.0,
                            cost: SOFT_TIE_PENALTY,
                            flagged: false,
                            hyphenation: false,
                        };
                        self.out.push(item, pos - 1..pos - 1, None);
                    }
                    let g = self.glue(self.shaped.width(pos - 1..pos));
                    self.out.push(g, pos - 1..pos, None);
                }
                Brk::Forced => {
                    self.out.push(Item::fil(), pos - 1..pos - 1, None);
                    self.out.push(Item::forced_break(), pos - 1..pos, None);
                }
                Brk::ZeroWidth => {
                    let hyphen = self.text[..pos].ends_with(['-', '\u{2010}']);
                    let cost = if hyphen {
                        EXPLICIT_HYPHEN_PENALTY
                    } else {
                        ZERO_WIDTH_BREAK_PENALTY
                    };
                    let item = Item::Penalty {
                        width: 0.0,
                        cost,
                        flagged: hyphen,
                        hyphenation: false,
                    };
                    self.out.push(item, pos..pos, None);
                }
                Brk::Soft | Brk::Auto => {
                    if let (true, Some(run)) =
                        (self.shaped.is_boundary(pos), self.shaped.run_before(pos))
                    {
                        let item = Item::Penalty {
                            width: self.hyphen_width(run.style),
                            cost: HYPHEN_PENALTY,
                            flagged: true,
                            hyphenation: kind == Brk::Auto,
                        };
                        self.out.push(item, pos..pos, Some(run.style));
                    }
                }
            }
            cursor = pos;
        }
        self.content(cursor, self.text.len());
        let end = self.text.len();
        self.out.push(Item::fil(), end..end, None);
        self.out.push(Item::forced_break(), end..end, None);
        self.out
    }
}

/// The letter gaps a box of the text `a..b` brings to a line: one after each glyph cluster but
/// the last, and after the last too when the word goes on (a syllable before a hyphenation
/// point, a part before a slash). A space has none, nor does a mark on its base letter.
fn tracking_gaps(text: &str, shaped: &Shaped, a: usize, b: usize) -> usize {
    let (ga, gb) = (shaped.glyph_at(a), shaped.glyph_at(b));
    let clusters = (ga..gb)
        .filter(|&gi| gi + 1 == gb || shaped.glyphs[gi + 1].cluster != shaped.glyphs[gi].cluster)
        .count();
    let word_goes_on = text[b..].chars().next().is_some_and(|c| !c.is_whitespace());
    if word_goes_on {
        clusters
    } else {
        clusters.saturating_sub(1)
    }
}

/// Shorten `s` for a message.
fn excerpt(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        let cut: String = s.chars().take(MAX).collect();
        format!("{cut}…")
    }
}

/// What setting a line needs from the paragraph.
struct Setter<'a> {
    fonts: &'a FontSet,
    text: &'a str,
    shaped: &'a Shaped,
    size: f32,
    lang: Option<&'a harfrust::Language>,
}

/// The last word fragment of a hyphenated line reshaped together with its hyphen, so that
/// kerning and ligatures at the break are those of the fragment alone ("Za-" must not keep
/// the kerning of "a" against the "r" now on the next line).
struct Tail {
    /// Byte offset in the paragraph text where the fragment starts.
    start: usize,
    /// Glyphs of fragment + "-", clusters relative to `start`.
    glyphs: Vec<shape::ShapedGlyph>,
    /// Length in bytes of fragment + "-".
    len: usize,
    /// Total advance in pt.
    width: f32,
}

/// Reshape the fragment ending at `end` (not before `line_start`) with a hyphen in `style`.
fn reshape_tail(
    setter: &Setter<'_>,
    line_start: usize,
    end: usize,
    style: FontStyle,
) -> Option<Tail> {
    let text = setter.text;
    let run = setter.shaped.run_before(end)?;
    let word_start = text[..end]
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let start = word_start.max(line_start).max(run.range.start);
    if start >= end || !setter.shaped.is_boundary(start) {
        return None;
    }
    let mut piece = String::with_capacity(end - start + 1);
    piece.push_str(&text[start..end]);
    piece.push('-');
    let shaped = shape::shape(
        setter.fonts,
        &piece,
        &[(style, 0..piece.len())],
        setter.size,
        setter.lang,
    )
    .ok()?;
    Some(Tail {
        start,
        width: shaped.width(0..piece.len()),
        len: piece.len(),
        glyphs: shaped.glyphs,
    })
}

/// Assemble one line: glyph runs for `range`, `extras` (glyph index, added advance) for the
/// justified spaces, an optional hyphen, shifted right by `shift`. `track` pt are shared
/// equally by the line's letter gaps (see [`tracking_gaps`]; the last glyph of the line has
/// none, so its right edge stays on the margin).
fn assemble(
    setter: &Setter<'_>,
    range: Range<usize>,
    extras: &[(usize, f32)],
    hyphen: Option<FontStyle>,
    tail: Option<&Tail>,
    shift: f32,
    track: f32,
) -> (Vec<GlyphRun>, f32, f32) {
    let &Setter {
        fonts,
        text,
        shaped,
        size,
        ..
    } = setter;
    let mut runs = Vec::new();
    // Letter gaps: (run, glyph in run).
    let mut gaps: Vec<(usize, usize)> = Vec::new();
    let spaced = |pos: usize| text[pos..].starts_with(char::is_whitespace);
    let mut x = shift;
    for run in &shaped.runs {
        let a = run.range.start.max(range.start);
        let b = run.range.end.min(range.end);
        if a >= b {
            continue;
        }
        // The reshaped tail replaces the end of the last run.
        let tail = tail.filter(|t| b == range.end && a <= t.start && t.start < b);
        let cut = tail.map_or(b, |t| t.start);
        let (ga, gb) = (shaped.glyph_at(a), shaped.glyph_at(cut));
        let mut glyphs = Vec::with_capacity(gb - ga + 2);
        let mut width = 0.0;
        for gi in ga..gb {
            let g = &shaped.glyphs[gi];
            let next = shaped.glyphs[gi + 1..gb]
                .iter()
                .map(|n| n.cluster)
                .find(|&c| c > g.cluster)
                .unwrap_or(cut);
            let extra = extras
                .iter()
                .find(|(i, _)| *i == gi)
                .map_or(0.0, |(_, e)| *e);
            let cluster_ends = gi + 1 == gb || shaped.glyphs[gi + 1].cluster != g.cluster;
            let goes_on = if next < range.end {
                !spaced(next)
            } else {
                hyphen.is_some()
            };
            if cluster_ends && goes_on && !spaced(g.cluster) {
                gaps.push((runs.len(), glyphs.len()));
            }
            let advance = g.advance + extra;
            width += advance;
            glyphs.push(PlacedGlyph {
                id: g.id,
                x_advance: advance,
                x_offset: g.x_offset,
                y_offset: g.y_offset,
                range: g.cluster.saturating_sub(a)..next.min(cut).saturating_sub(a),
            });
        }
        let mut run_text = text[a..b].to_string();
        if let Some(t) = tail {
            append_tail(
                t,
                t.start - a,
                runs.len(),
                (&mut glyphs, &mut width),
                &mut gaps,
            );
            run_text.push('-');
        }
        runs.push(GlyphRun {
            x,
            style: run.style,
            size,
            text: run_text,
            glyphs,
            width,
        });
        x += width;
    }
    if let (Some(style), None) = (hyphen, tail) {
        x += append_hyphen(fonts, style, size, x, &mut runs);
    }
    let each = match spread_tracking(&mut runs, &gaps, track, shift) {
        Some((each, end)) => {
            x = end;
            each
        }
        None => 0.0,
    };
    (runs, x - shift, each)
}

/// Append a reshaped tail (the word's end shaped with its hyphen) to a run's glyphs and width,
/// noting its letter gaps.
fn append_tail(
    t: &Tail,
    base: usize,
    run: usize,
    (glyphs, width): (&mut Vec<PlacedGlyph>, &mut f32),
    gaps: &mut Vec<(usize, usize)>,
) {
    for (k, g) in t.glyphs.iter().enumerate() {
        let next = t.glyphs[k + 1..]
            .iter()
            .map(|n| n.cluster)
            .find(|&c| c > g.cluster)
            .unwrap_or(t.len);
        if t.glyphs.get(k + 1).is_some_and(|n| n.cluster != g.cluster) {
            gaps.push((run, glyphs.len()));
        }
        *width += g.advance;
        glyphs.push(PlacedGlyph {
            id: g.id,
            x_advance: g.advance,
            x_offset: g.x_offset,
            y_offset: g.y_offset,
            range: base + g.cluster..base + next,
        });
    }
}

/// Append the face's hyphen at the line's end (in a run of its own face if the last run is
/// another); returns its advance.
fn append_hyphen(
    fonts: &FontSet,
    style: FontStyle,
    size: f32,
    x: f32,
    runs: &mut Vec<GlyphRun>,
) -> f32 {
    let face = fonts.face(style);
    let (id, units) = face.hyphen();
    let advance = units * size / face.units_per_em();
    if runs.last().is_none_or(|r| r.style != style) {
        runs.push(GlyphRun {
            x,
            style,
            size,
            text: String::new(),
            glyphs: Vec::new(),
            width: 0.0,
        });
    }
    let Some(last) = runs.last_mut() else {
        return 0.0;
    };
    let at = last.text.len();
    last.text.push('-');
    last.glyphs.push(PlacedGlyph {
        id,
        x_advance: advance,
        x_offset: 0.0,
        y_offset: 0.0,
        range: at..at + 1,
    });
    last.width += advance;
    advance
}

/// Spread `track` points evenly over the letter gaps and move the runs accordingly; returns
/// the amount each gap took and where the line now ends (`None`: nothing to spread).
fn spread_tracking(
    runs: &mut [GlyphRun],
    gaps: &[(usize, usize)],
    track: f32,
    shift: f32,
) -> Option<(f32, f32)> {
    if track == 0.0 || gaps.is_empty() {
        return None;
    }
    let each = track / gaps.len() as f32;
    for &(r, g) in gaps {
        runs[r].glyphs[g].x_advance += each;
        runs[r].width += each;
    }
    let mut x = shift;
    for run in runs {
        run.x = x;
        x += run.width;
    }
    Some((each, x))
}

/// See [`super::shape_line`].
pub(super) fn shape_line(
    fonts: &FontSet,
    spans: &[Span],
    size: f32,
    lang: Option<Lang>,
) -> Result<Line, FontError> {
    check_glyphs(fonts, spans)?;
    let p = prepare(spans, true, lang);
    let runs = shaping_runs(&p);
    let shaped = shape::shape(fonts, &p.text, &runs, size, None)?;
    let setter = Setter {
        fonts,
        text: &p.text,
        shaped: &shaped,
        size,
        lang: None,
    };
    let (runs, width, _) = assemble(&setter, 0..p.text.len(), &[], None, None, 0.0, 0.0);
    Ok(Line {
        runs,
        width,
        hyphenated: false,
        hyphen_added: false,
        ratio: 0.0,
        tracking: 0.0,
        overfull: false,
    })
}

/// See [`super::typeset`].
pub(super) fn typeset(
    fonts: &FontSet,
    spans: &[Span],
    style: &ParagraphStyle,
    breaker: Breaker,
) -> Result<Paragraph, FontError> {
    check_glyphs(fonts, spans)?;
    let p = prepare(spans, false, Some(style.lang));
    let mut out = Paragraph {
        lines: Vec::new(),
        warnings: Vec::new(),
    };
    if p.text.is_empty() {
        return Ok(out);
    }
    let runs = shaping_runs(&p);
    let lang = shape::language(style.lang);
    let shaped = shape::shape(fonts, &p.text, &runs, style.size, lang.as_ref())?;
    let justify = style.align == Align::Justify;
    let settings = Settings {
        width: style.width,
        hyphenate: style.hyphenate,
        background_stretch: if justify {
            0.0
        } else {
            RAGGED_STRETCH_EM * style.size
        },
        emergency_stretch: EMERGENCY_STRETCH_EM * style.size,
        tracking: justify,
    };
    let base = break_points(&p, style);
    let build = |hyphenate: bool| {
        let hyphenated;
        let brks = if hyphenate {
            hyphenated = with_hyphenation(&p, style, &base);
            &hyphenated
        } else {
            &base
        };
        Builder {
            fonts,
            text: &p.text,
            shaped: &shaped,
            size: style.size,
            justify,
            track: if justify {
                TRACKING_EM * style.size
            } else {
                0.0
            },
            out: Items {
                items: Vec::new(),
                src: Vec::new(),
                hyphen_style: Vec::new(),
            },
        }
        .build(brks)
    };
    // As TeX: find hyphenation points only when the paragraph cannot be set without them.
    let plain = build(false);
    let (items, breaks) = if breaker == Breaker::FirstFit {
        let items = build(style.hyphenate);
        let positions = linebreak::first_fit(&items.items, &settings);
        (items, positions)
    } else if !style.hyphenate {
        let breaks = linebreak::break_items(&plain.items, &settings);
        (plain, breaks.positions)
    } else if let Some(breaks) = linebreak::first_pass(&plain.items, &settings) {
        (plain, breaks.positions)
    } else {
        let items = build(true);
        let breaks = linebreak::break_items_from(&items.items, &settings, Pass::Hyphenation);
        (items, breaks.positions)
    };
    let setter = Setter {
        fonts,
        text: &p.text,
        shaped: &shaped,
        size: style.size,
        lang: lang.as_ref(),
    };
    let mut start = first_content(&items.items, 0);
    for &b in &breaks {
        let line = set_line(&setter, &items, style, start, b, &mut out.warnings);
        out.lines.push(line);
        start = first_content(&items.items, b + 1);
    }
    Ok(out)
}

/// The first item at or after `i` that a line may start with: glue and non-forced penalties
/// after a break are discarded (TeX).
fn first_content(items: &[Item], i: usize) -> usize {
    items
        .iter()
        .enumerate()
        .skip(i)
        .find(|(_, it)| match it {
            Item::Box { .. } => true,
            Item::Glue { .. } => false,
            Item::Penalty { cost, .. } => *cost <= linebreak::FORCED_PENALTY,
        })
        .map_or(items.len(), |(k, _)| k)
}

/// Set the line made of items `start..b` broken at `b`.
fn set_line(
    setter: &Setter<'_>,
    items: &Items,
    style: &ParagraphStyle,
    start: usize,
    b: usize,
    warnings: &mut Vec<String>,
) -> Line {
    let (text, shaped) = (setter.text, setter.shaped);
    let start = start.min(b);
    // Content: boxes and word glue; trailing glue is dropped.
    let mut end = b;
    while end > start && !matches!(items.items[end - 1], Item::Box { .. }) {
        end -= 1;
    }
    if end == start {
        return Line {
            runs: Vec::new(),
            width: 0.0,
            hyphenated: false,
            hyphen_added: false,
            ratio: 0.0,
            tracking: 0.0,
            overfull: false,
        };
    }
    let content = start..end;
    let brk = LineEnd::at(items, b);
    let mut m = Measure::of(items, content.clone(), brk.hyphen_width);
    let line_start = items.src[start].start;
    let line_end = items.src[end - 1].end;
    let tail = brk
        .hyphen
        .and_then(|h| reshape_tail(setter, line_start, line_end, h));
    if let Some(t) = &tail {
        m.natural += t.width - (shaped.width(t.start..line_end) + brk.hyphen_width);
    }
    let target = style.width;
    let justify = style.align == Align::Justify;
    // As the breaker: spaces, then tracking (justified lines but the last), then spaces.
    let sums = LineSums {
        natural: m.natural,
        stretch: m.stretch,
        shrink: m.shrink,
        track: m.track,
        fil: brk.forced || !justify,
    };
    let adj = if m.natural > target || (justify && !brk.forced && m.stretch > 0.0) {
        linebreak::adjust(target, &sums, justify)
    } else {
        Adjustment {
            space: 0.0,
            track: 0.0,
        }
    };
    let tracked = adj.track * m.track;
    let mut ratio = adj.space;
    let mut overfull = false;
    let line_text = &text[line_start..line_end];
    if ratio < -1.0 {
        let over = m.natural - m.shrink + tracked - target;
        if over > 0.01 {
            overfull = true;
            warnings.push(overfull_warning(
                text, items, m.widest, line_text, target, over,
            ));
        }
        ratio = -1.0;
    }
    let (extras, added) = glue_extras(setter, items, content, ratio);
    if ratio > LOOSE_WARNING_RATIO {
        warnings.push(format!(
            "line `{}` is very loose: its spaces stretch {:.1} times their normal allowance \
             (a smaller font, a wider text block, left alignment or a soft hyphen would help)",
            excerpt(line_text),
            ratio
        ));
    }
    let line_width = m.natural + added + tracked;
    let shift = match style.align {
        Align::Justify | Align::Left => 0.0,
        Align::Right => (target - line_width).max(0.0),
        Align::Center => ((target - line_width) / 2.0).max(0.0),
    };
    let (runs, width, tracking) = assemble(
        setter,
        line_start..line_end,
        &extras,
        brk.hyphen,
        tail.as_ref(),
        shift,
        tracked,
    );
    Line {
        runs,
        width,
        hyphenated: brk.flagged,
        hyphen_added: brk.hyphen.is_some(),
        ratio,
        tracking,
        overfull,
    }
}

/// How a line ends: at a hyphen (its style and width), a flagged break, a forced break.
struct LineEnd {
    hyphen: Option<FontStyle>,
    hyphen_width: f32,
    flagged: bool,
    forced: bool,
}

impl LineEnd {
    fn at(items: &Items, b: usize) -> LineEnd {
        match items.items.get(b) {
            Some(&Item::Penalty {
                width,
                flagged,
                cost,
                ..
            }) => LineEnd {
                hyphen: items.hyphen_style[b].filter(|_| width > 0.0),
                hyphen_width: width,
                flagged,
                forced: cost <= linebreak::FORCED_PENALTY,
            },
            _ => LineEnd {
                hyphen: None,
                hyphen_width: 0.0,
                flagged: false,
                forced: false,
            },
        }
    }
}

/// A line's natural width, stretch, shrink and tracking allowance, and its widest box.
struct Measure {
    natural: f32,
    stretch: f32,
    shrink: f32,
    track: f32,
    widest: Option<(f32, usize)>,
}

impl Measure {
    fn of(items: &Items, content: std::ops::Range<usize>, hyphen_width: f32) -> Measure {
        let mut m = Measure {
            natural: hyphen_width,
            stretch: 0.0,
            shrink: 0.0,
            track: 0.0,
            widest: None,
        };
        for i in content {
            match items.items[i] {
                Item::Box { width, track: t } => {
                    m.natural += width;
                    m.track += t;
                    if m.widest.is_none_or(|(w, _)| width > w) {
                        m.widest = Some((width, i));
                    }
                }
                Item::Glue {
                    width,
                    stretch: y,
                    shrink: z,
                    ..
                } => {
                    m.natural += width;
                    m.stretch += y;
                    m.shrink += z;
                }
                Item::Penalty { .. } => {}
            }
        }
        m
    }
}

/// What an overfull line says: the word wider than the measure, else the line and its excess.
fn overfull_warning(
    text: &str,
    items: &Items,
    widest: Option<(f32, usize)>,
    line_text: &str,
    target: f32,
    over: f32,
) -> String {
    match widest {
        Some((w, i)) if w > target => format!(
            "`{}` is wider than the line ({w:.1} pt > {target:.1} pt) and sticks out \
             into the margin",
            excerpt(&text[items.src[i].clone()])
        ),
        _ => format!(
            "line `{}` is too long by {over:.1} pt and sticks out into the margin",
            excerpt(line_text)
        ),
    }
}

/// The extra advance of each word space at `ratio` (after the space's last glyph), and their sum.
fn glue_extras(
    setter: &Setter<'_>,
    items: &Items,
    content: std::ops::Range<usize>,
    ratio: f32,
) -> (Vec<(usize, f32)>, f32) {
    let mut extras = Vec::new();
    let mut added = 0.0;
    if ratio == 0.0 {
        return (extras, added);
    }
    for i in content {
        if let Item::Glue {
            stretch: y,
            shrink: z,
            ..
        } = items.items[i]
        {
            let extra = if ratio > 0.0 { ratio * y } else { ratio * z };
            let src = &items.src[i];
            let (ga, gb) = (
                setter.shaped.glyph_at(src.start),
                setter.shaped.glyph_at(src.end),
            );
            if gb > ga && extra != 0.0 {
                extras.push((gb - 1, extra));
                added += extra;
            }
        }
    }
    (extras, added)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locale::Lang;
    use crate::text::{shape_line, typeset, typeset_with};

    const LETTER: &str = "W nawiązaniu do naszej rozmowy z 26 listopada 2026 r. uprzejmie \
        informujemy, że Zarząd Spółki podjął decyzję o zakończeniu współpracy z dniem \
        31 grudnia 2026 r. Zgodnie z § 12 ust. 3 umowy nr 14/2025 z dnia 5 stycznia 2025 r. \
        okres wypowiedzenia wynosi trzy miesiące. Prosimy o zwrot dokumentacji na adres: \
        ul. Długa 5, 00-001 Warszawa, a także o rozliczenie kwoty 50 000 zł w terminie 14 dni. \
        W razie pytań prosimy o kontakt z Działem Obsługi Klienta pod adresem e-mail \
        biuro@example.com lub telefonicznie i w godzinach pracy u nas w biurze.";

    fn serif() -> FontSet {
        FontSet::bundled("Noto Serif").expect("Noto Serif is bundled")
    }

    fn regular(text: &str) -> Vec<Span> {
        vec![Span {
            text: text.to_string(),
            style: FontStyle::Regular,
        }]
    }

    fn style(width: f32, align: Align) -> ParagraphStyle {
        ParagraphStyle {
            size: 11.0,
            width,
            align,
            lang: Lang::Pl,
            hyphenate: true,
        }
    }

    fn line_text(line: &Line) -> String {
        line.runs.iter().map(|r| r.text.as_str()).collect()
    }

    /// The paragraph text re-joined across lines: hyphenated line ends joined to the next
    /// line without their hyphen, other lines with a space.
    fn rejoin(p: &Paragraph) -> String {
        let mut out = String::new();
        let mut glue = "";
        for line in &p.lines {
            out.push_str(glue);
            let t = line_text(line);
            if line.hyphenated {
                out.push_str(t.strip_suffix('-').unwrap_or(&t));
                glue = "";
            } else {
                out.push_str(&t);
                glue = " ";
            }
        }
        out
    }

    #[test]
    fn justified_lines_fill_the_measure() {
        let p = typeset(&serif(), &regular(LETTER), &style(453.5, Align::Justify)).expect("set");
        assert!(p.lines.len() >= 5, "several lines: {}", p.lines.len());
        assert!(p.warnings.is_empty(), "no warnings: {:?}", p.warnings);
        let (last, body) = p.lines.split_last().expect("lines");
        for line in body {
            let sum: f32 = line.runs.iter().map(|r| r.width).sum();
            assert!(
                (line.width - 453.5).abs() < 0.01 && (sum - 453.5).abs() < 0.01,
                "justified line is {} pt (runs {sum}): {}",
                line.width,
                line_text(line)
            );
            assert!(
                (-1.0..=3.0).contains(&line.ratio),
                "ratio {} of {}",
                line.ratio,
                line_text(line)
            );
            assert!(!line_text(line).ends_with(' '), "no trailing space");
            let glyph_sum: f32 = line
                .runs
                .iter()
                .flat_map(|r| &r.glyphs)
                .map(|g| g.x_advance)
                .sum();
            assert!((glyph_sum - line.width).abs() < 0.01, "advances add up");
        }
        assert!(last.width < 453.5 && last.ratio == 0.0, "last line natural");
        // Explicit hyphens ("e-mail") are dropped on both sides in case one ends a line.
        let words = |s: &str| {
            s.split_whitespace()
                .map(|w| w.replace('-', ""))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            words(&rejoin(&p)),
            words(LETTER),
            "all words, in order, once"
        );
    }

    #[test]
    fn tracking_is_bounded_and_only_on_justified_lines_but_the_last() {
        let text = LETTER.repeat(2);
        // The breaker plans with a per-gap limit; a line set with one gap fewer than planned
        // (a break after a slash) spreads the same amount over the others.
        let limit = TRACKING_EM * 11.0 * 1.05;
        let mut tracked = 0;
        for width in [250.0, 300.0, 350.0, 400.0, 453.5] {
            let p = typeset(&serif(), &regular(&text), &style(width, Align::Justify)).expect("set");
            let (last, body) = p.lines.split_last().expect("lines");
            assert_eq!(last.tracking, 0.0, "last line untracked at {width}");
            for line in body {
                let t = line.tracking;
                assert!(
                    t.abs() <= limit,
                    "tracking {t} at {width}: {}",
                    line_text(line)
                );
                if t != 0.0 {
                    tracked += 1;
                    assert!(
                        line.ratio >= linebreak::TRACKING_FROM_STRETCH - 1e-3
                            || line.ratio <= -linebreak::TRACKING_FROM_SHRINK + 1e-3,
                        "tracked only beyond the comfortable spacing: ratio {} at {width}",
                        line.ratio
                    );
                }
                let advances: f32 = line
                    .runs
                    .iter()
                    .flat_map(|r| &r.glyphs)
                    .map(|g| g.x_advance)
                    .sum();
                assert!(
                    (line.width - width).abs() < 0.01 && (advances - width).abs() < 0.01,
                    "a tracked line still fills the measure exactly: {} / {advances} at {width}",
                    line.width
                );
            }
            assert_eq!(
                rejoin(&p).split_whitespace().count(),
                text.split_whitespace().count(),
                "no word lost or split at {width}"
            );
            let ragged =
                typeset(&serif(), &regular(&text), &style(width, Align::Left)).expect("set");
            assert!(
                ragged.lines.iter().all(|l| l.tracking == 0.0),
                "ragged lines untracked at {width}"
            );
        }
        assert!(tracked > 0, "some line needs tracking");
    }

    #[test]
    fn knuth_plass_is_more_even_than_first_fit() {
        let text = LETTER.repeat(2);
        for width in [300.0, 453.5] {
            // (worst |ratio|, total badness Σ100|r|³ of the justified lines, hyphenated lines)
            let measure = |breaker| {
                let p = typeset_with(
                    &serif(),
                    &regular(&text),
                    &style(width, Align::Justify),
                    breaker,
                )
                .expect("set");
                let n = p.lines.len();
                let ratios = p.lines[..n - 1].iter().map(|l| l.ratio.abs());
                let worst = ratios.clone().fold(0.0f32, f32::max);
                let badness: f32 = ratios.map(|r| 100.0 * r * r * r).sum();
                let last = p.lines.last().map(line_text).unwrap_or_default();
                let runt = last.split_whitespace().count() == 1;
                let double = p
                    .lines
                    .windows(2)
                    .any(|w| w[0].hyphenated && w[1].hyphenated);
                let hyphens = p.lines.iter().filter(|l| l.hyphenated).count();
                (worst, badness, hyphens, runt, double)
            };
            let (kp, ff) = (measure(Breaker::KnuthPlass), measure(Breaker::FirstFit));
            // Total fit hyphenates no more than first fit, leaves no runt and no two hyphens in
            // a row, and spends less badness, or the same order of it where first fit leaves a
            // runt or a double hyphen; a line may be looser than first fit's worst, up to the
            // tolerance.
            assert!(
                kp.0 <= 2.0
                    && kp.0 <= ff.0.max(linebreak::TOLERANCE_RATIO)
                    && kp.2 <= ff.2
                    && !kp.3
                    && !kp.4
                    && (kp.1 < ff.1 || ((ff.3 || ff.4) && kp.1 < 2.0 * ff.1)),
                "at {width} pt Knuth–Plass (worst ratio, badness, hyphens, runt, double hyphen) {kp:?} beats first fit {ff:?}"
            );
        }
    }

    #[test]
    fn multi_byte_spaces_before_a_break_do_not_split_a_character() {
        // U+2009 (thin), U+202F, U+205F, U+3000 are spaces of two or three bytes; a break
        // opportunity after them (at a hyphen) looks back for the token's start.
        for space in ['\u{2009}', '\u{202F}', '\u{205F}', '\u{3000}', '\u{2007}'] {
            let text = format!("g{space}h-i j{space}k\u{2010}l m{space}n");
            let p = typeset(&serif(), &regular(&text), &style(30.0, Align::Left));
            assert!(p.is_ok(), "{space:?}: {:?}", p.err());
        }
    }

    #[test]
    fn short_explicit_hyphen_parts_stay_whole() {
        let text = "aaaa e-mail";
        let w = shape_line(&serif(), &regular("aaaa e-"), 11.0)
            .expect("shape")
            .width;
        let p = typeset(&serif(), &regular(text), &style(w + 1.0, Align::Left)).expect("set");
        assert_eq!(
            p.lines.iter().map(line_text).collect::<Vec<_>>(),
            vec!["aaaa", "e-mail"],
            "no break after a one-letter part"
        );
    }

    #[test]
    fn polish_one_letter_words_never_end_a_line() {
        let text = "Spotkanie w sprawie umowy i aneksu o zmianie warunków z dnia u nas w biurze \
                    a potem z prezesem i radą w Warszawie o dziewiątej i o dziesiątej z rana. "
            .repeat(4);
        for width in [150.0, 180.0, 233.0, 300.0, 410.0] {
            let p = typeset(&serif(), &regular(&text), &style(width, Align::Justify)).expect("set");
            for line in &p.lines {
                let t = line_text(line);
                let last = t.rsplit(' ').next().unwrap_or("");
                assert!(
                    !["a", "i", "o", "u", "w", "z", "A", "I", "O", "U", "W", "Z"].contains(&last),
                    "line ends with a one-letter word at width {width}: {t:?}"
                );
            }
        }
        // English has no such rule: "a" may end a line there (checked via the rule table).
        assert!(
            nobreak::rules(Lang::EnGb).single_letters.is_empty(),
            "no English rule"
        );
    }

    #[test]
    fn numbers_stay_with_units() {
        let text = "Kwota 50 000 zł zostanie przelana do 26 listopada 2026 r. zgodnie z § 12 \
                    umowy nr 14 na rachunek przy ul. Długiej. "
            .repeat(3);
        for width in [120.0, 160.0, 200.0, 260.0] {
            let p = typeset(&serif(), &regular(&text), &style(width, Align::Left)).expect("set");
            for pair in p.lines.windows(2) {
                let (a, b) = (line_text(&pair[0]), line_text(&pair[1]));
                let end = a.rsplit(' ').next().unwrap_or("");
                let start = b.split(' ').next().unwrap_or("");
                assert!(
                    !nobreak::keep_together(Lang::Pl, end, start),
                    "broke between {end:?} and {start:?} at width {width}"
                );
            }
        }
    }

    #[test]
    fn missing_glyph_is_an_error() {
        let err = typeset(
            &serif(),
            &regular("Ugarit: \u{10380}"),
            &style(300.0, Align::Justify),
        )
        .expect_err("Noto Serif has no Ugaritic");
        assert!(
            matches!(
                err,
                FontError::MissingGlyph {
                    ch: '\u{10380}',
                    code: 0x10380,
                    ..
                }
            ),
            "got {err}"
        );
        assert!(
            shape_line(&serif(), &regular("\u{10380}"), 10.0).is_err(),
            "shape_line too"
        );
    }

    #[test]
    fn soft_hyphen_breaks_with_a_visible_hyphen_only_there() {
        let text = "aaa współ\u{AD}pracownikami bbb";
        let narrow = typeset(&serif(), &regular(text), &style(95.0, Align::Left)).expect("set");
        let lines: Vec<String> = narrow.lines.iter().map(line_text).collect();
        assert_eq!(
            lines[0], "aaa współ-",
            "breaks at the soft hyphen: {lines:?}"
        );
        assert!(narrow.lines[0].hyphenated, "flagged");
        let wide = typeset(&serif(), &regular(text), &style(400.0, Align::Left)).expect("set");
        assert_eq!(
            wide.lines.iter().map(line_text).collect::<Vec<_>>(),
            vec!["aaa współpracownikami bbb"],
            "soft hyphen invisible when not used"
        );
    }

    #[test]
    fn email_addresses_never_break_and_urls_only_after_slashes() {
        let fonts = FontSet::bundled("Noto Serif").expect("bundled");
        for width in [60.0, 90.0, 120.0, 160.0] {
            let text = "pisz na e.berger@lumen-kommunikation.de albo www.lumen-kommunikation.de/kontakt/formularz teraz";
            let p = typeset(
                &fonts,
                &[Span {
                    text: text.into(),
                    style: FontStyle::Regular,
                }],
                &ParagraphStyle {
                    size: 11.0,
                    width,
                    align: Align::Left,
                    lang: crate::locale::Lang::De,
                    hyphenate: false,
                },
            )
            .expect("typesets");
            for line in &p.lines {
                let t: String = line.runs.iter().map(|r| r.text.as_str()).collect();
                let last = t.split_whitespace().last().unwrap_or("");
                assert!(
                    !last.contains('@') || last.ends_with(".de"),
                    "width {width}: an e-mail address is cut: {t:?}"
                );
                if last.starts_with("www.")
                    && !p.lines.last().is_some_and(|l| std::ptr::eq(l, line))
                {
                    assert!(
                        last.ends_with('/') || last.ends_with(".de/kontakt/formularz"),
                        "width {width}: a URL breaks only after a slash: {t:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn short_slashed_abbreviations_and_ww_never_break() {
        let fonts = FontSet::bundled("Noto Serif").expect("bundled");
        let text = "zgodnie z umową w/w strony oraz ww. umową zawartą między stronami";
        for width in (30..200).step_by(5) {
            let p = typeset(
                &fonts,
                &[Span {
                    text: text.into(),
                    style: FontStyle::Regular,
                }],
                &ParagraphStyle {
                    size: 11.0,
                    width: width as f32,
                    align: Align::Left,
                    lang: crate::locale::Lang::Pl,
                    hyphenate: false,
                },
            )
            .expect("typesets");
            for line in &p.lines {
                let t: String = line.runs.iter().map(|r| r.text.as_str()).collect();
                let t = t.trim_end();
                assert!(
                    !t.ends_with("w/") && !t.ends_with("ww."),
                    "width {width}: {t:?}"
                );
            }
        }
    }

    #[test]
    fn a_long_slashed_token_breaks_after_its_slashes() {
        // Its parts are short, but the token is not an abbreviation such as "w/w": it breaks
        // after a slash like a path, and every line stays within the measure.
        let fonts = FontSet::bundled("Noto Serif").expect("bundled");
        for unit in ["a/", "\u{FFFD}/"] {
            let p = typeset(
                &fonts,
                &[Span {
                    text: unit.repeat(2_000),
                    style: FontStyle::Regular,
                }],
                &ParagraphStyle {
                    size: 11.0,
                    width: 300.0,
                    align: Align::Left,
                    lang: crate::locale::Lang::EnGb,
                    hyphenate: true,
                },
            )
            .expect("typesets");
            assert!(p.lines.len() > 20, "{unit}: {} lines", p.lines.len());
            for line in &p.lines[..p.lines.len() - 1] {
                let t: String = line.runs.iter().map(|r| r.text.as_str()).collect();
                assert!(t.trim_end().ends_with('/'), "{unit}: {t:?}");
                assert!(!line.overfull, "{unit}: {t:?}");
            }
        }
    }

    #[test]
    fn explicit_hyphen_adds_no_second_hyphen() {
        let text = "Pan Jan Kowalski-Żółtowski";
        let w = shape_line(&serif(), &regular("Pan Jan Kowalski-"), 11.0)
            .expect("shape")
            .width;
        let p = typeset(&serif(), &regular(text), &style(w + 2.0, Align::Left)).expect("set");
        let lines: Vec<String> = p.lines.iter().map(line_text).collect();
        assert_eq!(lines, vec!["Pan Jan Kowalski-", "Żółtowski"], "one hyphen");
    }

    #[test]
    fn no_break_space_never_breaks() {
        let text = "aaaa bbbb cccc\u{A0}dddd eeee ffff gggg\u{2011}hhhh";
        for width in [40.0, 60.0, 80.0, 100.0] {
            let p = typeset(&serif(), &regular(text), &style(width, Align::Justify)).expect("set");
            assert!(
                p.lines
                    .iter()
                    .any(|l| line_text(l).contains("cccc\u{A0}dddd")),
                "cccc and dddd together at {width}: {:?}",
                p.lines.iter().map(line_text).collect::<Vec<_>>()
            );
            assert!(
                p.lines
                    .iter()
                    .any(|l| line_text(l).contains("gggg\u{2011}hhhh")),
                "non-breaking hyphen holds at {width}: {:?}",
                p.lines.iter().map(line_text).collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn forced_breaks_and_styles() {
        let spans = vec![
            Span {
                text: "Jan ".into(),
                style: FontStyle::Regular,
            },
            Span {
                text: "Kowalski".into(),
                style: FontStyle::Bold,
            },
            Span {
                text: "\n".into(),
                style: FontStyle::Regular,
            },
            Span {
                text: "ul. Długa 5".into(),
                style: FontStyle::Italic,
            },
        ];
        let p = typeset(&serif(), &spans, &style(400.0, Align::Justify)).expect("set");
        assert_eq!(p.lines.len(), 2, "forced break");
        let l0 = &p.lines[0];
        assert_eq!(l0.runs.len(), 2, "two faces on line 1");
        assert_eq!(
            (l0.runs[0].text.as_str(), l0.runs[1].text.as_str()),
            ("Jan ", "Kowalski"),
            "space stays in the first run"
        );
        assert!((l0.runs[1].x - l0.runs[0].width).abs() < 1e-3, "runs abut");
        assert_eq!(l0.ratio, 0.0, "forced-break line at natural width");
        assert_eq!(
            p.lines[1].runs[0].style,
            FontStyle::Italic,
            "italic second line"
        );
    }

    #[test]
    fn overfull_word_warns() {
        let p = typeset(
            &serif(),
            &regular("To jest Konstantynopolitańczykowianeczka tak."),
            &ParagraphStyle {
                hyphenate: false,
                ..style(60.0, Align::Justify)
            },
        )
        .expect("set");
        assert!(
            p.warnings
                .iter()
                .any(|w| w.contains("is wider than the line")),
            "warning names the word: {:?}",
            p.warnings
        );
        let p = typeset(
            &serif(),
            &regular("https://example.com/a/very/long/path/without/spaces/at/all"),
            &style(30.0, Align::Left),
        )
        .expect("set");
        assert!(!p.lines.is_empty(), "always breaks");
    }

    #[test]
    fn right_and_center_shift_runs() {
        let text = regular("Warszawa, 26 listopada 2026 r.");
        let natural = shape_line(&serif(), &text, 11.0).expect("shape").width;
        let right = typeset(&serif(), &text, &style(400.0, Align::Right)).expect("set");
        let center = typeset(&serif(), &text, &style(400.0, Align::Center)).expect("set");
        assert!(
            (right.lines[0].runs[0].x - (400.0 - natural)).abs() < 0.01,
            "right aligned"
        );
        assert!(
            (center.lines[0].runs[0].x - (400.0 - natural) / 2.0).abs() < 0.01,
            "centred"
        );
        assert!(
            (right.lines[0].width - natural).abs() < 0.01,
            "typeset and shape_line agree"
        );
    }

    #[test]
    fn glyph_ranges_point_into_run_text() {
        let p = typeset(&serif(), &regular(LETTER), &style(300.0, Align::Justify)).expect("set");
        for run in p.lines.iter().flat_map(|l| &l.runs) {
            for g in &run.glyphs {
                assert!(
                    g.range.start < g.range.end && g.range.end <= run.text.len(),
                    "range {:?} in {:?}",
                    g.range,
                    run.text
                );
                assert!(run.text.is_char_boundary(g.range.start), "char boundary");
            }
        }
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        let inputs = [
            "\u{AD}\u{AD}a\u{AD}",
            "\u{200B}",
            "a\u{200B}b\u{200B}",
            "-\u{2010}-‐ab‐cdef",
            "Kowalski‐Żółtowski ab‐cd",
            " \t \n\n a \u{A0}\u{A0} b \u{2028} c\r\n",
            "e\u{301}e\u{301} ąę",
            "\u{A0}",
            "a\u{A0}",
            "— – -",
            "w",
            "w w w w w w w",
            "50 000 000 000 zł",
            "§",
            "x\u{2011}y",
            "\n\n\n",
            "(„w” i)",
        ];
        for text in inputs {
            for width in [0.0, 5.0, 60.0, 400.0] {
                for align in [Align::Justify, Align::Left, Align::Right, Align::Center] {
                    let r = typeset(&serif(), &regular(text), &style(width, align));
                    assert!(r.is_ok(), "{text:?} at {width}: {r:?}");
                }
            }
            assert!(
                shape_line(&serif(), &regular(text), 11.0).is_ok(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn empty_paragraph() {
        let p = typeset(&serif(), &regular("   "), &style(100.0, Align::Justify)).expect("set");
        assert!(p.lines.is_empty(), "no lines");
        let l = shape_line(&serif(), &[], 10.0).expect("empty line");
        assert!(l.runs.is_empty() && l.width == 0.0, "empty");
    }

    #[test]
    fn french_text_gets_narrow_no_break_spaces() {
        let nn = '\u{202F}';
        let spans = vec![
            Span {
                text: "Vraiment ? Oui ! Voir « ceci » et ".into(),
                style: FontStyle::Regular,
            },
            Span {
                text: "cela!".into(),
                style: FontStyle::Bold,
            },
            Span {
                text: " Heure : 12:30.".into(),
                style: FontStyle::Regular,
            },
        ];
        let p = prepare(&spans, false, Some(Lang::Fr));
        assert_eq!(
            p.text,
            format!("Vraiment{nn}? Oui{nn}! Voir «{nn}ceci{nn}» et cela{nn}! Heure{nn}: 12:30.")
        );
        // The bold span still starts at "cela".
        assert_eq!(&p.text[p.styles[1].1..p.styles[1].1 + 4], "cela");
        let english = prepare(&spans, false, Some(Lang::EnGb));
        assert!(!english.text.contains(nn));
        // A narrow space never ends a line: each punctuation mark stays with its word.
        let mut st = style(60.0, Align::Left);
        st.lang = Lang::Fr;
        let set = typeset(
            &serif(),
            &regular("Vraiment ? Oui ! Voir « ceci » et cela ; fin"),
            &st,
        )
        .expect("set");
        for line in &set.lines {
            let t = line_text(line);
            assert!(!t.starts_with(['?', '!', ';', '»']), "{t:?}");
            assert!(!t.ends_with('«'), "{t:?}");
        }
    }
}
