//! Whole words across hyphenated line ends, for copy-paste, search and screen readers.
//!
//! A line that ends in a hyphen the breaker added ("prak-") is drawn as two marked-content
//! sequences: the line up to its last word, and the word's first part. The next line of the
//! same block draws its first word part ("tykę") as a sequence of its own. The two word parts
//! become one `Span` structure element with `/ActualText` the whole word ("praktykę"), so the
//! tag tree (screen readers, tag-based extraction) reads whole words; the glyphs on the page
//! stay exactly where they were. A hyphen that belongs to the word ("e-mail") is not touched.
//!
//! Why on the structure element and not on the marked content: poppler (pdftotext, evince)
//! places the actual text of a marked-content sequence with the graphics state at its `EMC`,
//! and krilla closes every drawing with `Q` before it, so the word came out at size zero, out
//! of its line and paragraph; poppler joins "prak-⏎tykę" itself when the glyphs are left alone.

use std::collections::BTreeMap;
use std::ops::Range;

use krilla::geom::Point;
use krilla::surface::Surface;
use krilla::tagging::{Identifier, Node, Tag, TagGroup};
use krilla::text::Font;

use crate::fonts::{FontSet, FontStyle};
use crate::layout::model::{Document, Item, TextLine};

/// How one line is drawn in parts: each part a byte range of the line's text and, for a word
/// part, the actual text it stands for.
pub(super) type Parts = Vec<(Range<usize>, Option<String>)>;

/// The lines of a letter drawn in parts, by (page number, item index).
pub(super) type Plan = BTreeMap<(usize, usize), Parts>;

/// Where a line's first word part ends, and where its last word part starts (with the whole
/// word).
type Cuts = (Option<usize>, Option<(usize, String)>);

/// Where each hyphenated word of a letter is drawn, and its whole text.
pub(super) fn plan(doc: &Document) -> Plan {
    let lines: Vec<((usize, usize), &TextLine)> = doc
        .pages
        .iter()
        .flat_map(|page| {
            page.items
                .iter()
                .enumerate()
                .filter_map(move |(i, it)| match it {
                    Item::Text(t) if t.block.is_some() => Some(((page.number, i), t)),
                    _ => None,
                })
        })
        .collect();
    // Per line: where its first word part ends, where its last word part starts (and the
    // whole word).
    let mut cuts: BTreeMap<(usize, usize), Cuts> = BTreeMap::new();
    for (k, &(at, line)) in lines.iter().enumerate() {
        if !line.hyphen_added {
            continue;
        }
        let Some(&(next_at, next)) = lines[k + 1..].iter().find(|(_, n)| n.block == line.block)
        else {
            continue;
        };
        let (text, next_text) = (line.text(), next.text());
        let Some(head) = text.strip_suffix('-') else {
            continue;
        };
        let cut = head.rfind(char::is_whitespace).map_or(0, |i| {
            i + head[i..].chars().next().map_or(1, char::len_utf8)
        });
        let tail_end = next_text
            .find(char::is_whitespace)
            .unwrap_or(next_text.len());
        let starts_here = cuts.get(&at).and_then(|c| c.0).unwrap_or(0);
        if tail_end == 0 || cut < starts_here || (tail_end == next_text.len() && next.hyphen_added)
        {
            continue; // the word goes on over a third line: left in pieces
        }
        let whole = format!("{}{}", &head[cut..], &next_text[..tail_end]);
        cuts.entry(at).or_default().1 = Some((cut, whole));
        cuts.entry(next_at).or_default().0 = Some(tail_end);
    }
    let len_of = |at: &(usize, usize)| {
        lines
            .iter()
            .find(|(a, _)| a == at)
            .map_or(0, |(_, t)| t.text().len())
    };
    cuts.into_iter()
        .map(|(at, (start, end))| {
            let len = len_of(&at);
            (at, parts(len, start, end))
        })
        .collect()
}

/// A line of `len` bytes in parts: its first word part (actual text empty) up to `start`, its
/// last word part from `end.0` (actual text the whole word), the rest between. Empty parts are
/// left out.
fn parts(len: usize, start: Option<usize>, end: Option<(usize, String)>) -> Parts {
    let s = start.unwrap_or(0);
    let e = end.as_ref().map_or(len, |(c, _)| *c).max(s);
    let mut list = vec![(0..s, start.map(|_| String::new())), (s..e, None)];
    if let Some((_, whole)) = end {
        list.push((e..len, Some(whole)));
    }
    list.into_iter().filter(|(r, _)| !r.is_empty()).collect()
}

/// The first part of a hyphenated word: its block, its content and the whole word.
pub(super) type Pending = (usize, Identifier, String);

/// The structure node for one drawn part of a line in `block`: the content itself, or, for a
/// word's second part, a `Span` with the whole word as actual text holding both parts. A
/// word's first part is kept in `pending` (and `None` returned) until its second is drawn.
pub(super) fn word_node(
    pending: &mut Option<Pending>,
    block: usize,
    id: Identifier,
    actual: &Option<String>,
) -> Option<Node> {
    match actual.as_deref() {
        Some("") => match pending.take() {
            Some((b, first, whole)) if b == block => {
                let mut span = TagGroup::new(Tag::Span.with_actual_text(Some(whole)));
                span.push(first);
                span.push(id);
                Some(span.into())
            }
            other => {
                *pending = other;
                Some(id.into())
            }
        },
        Some(whole) => {
            *pending = Some((block, id, whole.to_string()));
            None
        }
        None => Some(id.into()),
    }
}

/// Draw the glyphs of `t` whose text lies in `range` (bytes of the line's text), each where
/// the whole line would put it.
pub(super) fn draw_range(
    s: &mut Surface,
    t: &TextLine,
    (faces, fonts): (&BTreeMap<FontStyle, Font>, &FontSet),
    range: &Range<usize>,
    inks: &mut super::press::Inks,
) {
    s.set_fill(Some(super::fill(t.color, inks)));
    let mut base = 0;
    for run in &t.runs {
        let len = run.text.len();
        let lo = range.start.saturating_sub(base).min(len);
        let hi = range.end.saturating_sub(base).min(len);
        base += len;
        if lo >= hi || run.glyphs.is_empty() || run.size <= 0.0 || !run.text.is_char_boundary(lo) {
            continue;
        }
        let hi = (hi..=len)
            .find(|&h| run.text.is_char_boundary(h))
            .unwrap_or(len);
        let mut x = t.x + run.x;
        let mut glyphs = Vec::new();
        for g in &run.glyphs {
            if g.range.start < lo {
                x += g.x_advance;
            } else if g.range.start < hi {
                glyphs.push(super::G(g, run.size, lo));
            }
        }
        if glyphs.is_empty() {
            continue;
        }
        let font = faces
            .get(&run.style)
            .cloned()
            .unwrap_or_else(|| fonts.face(run.style).krilla_font());
        s.draw_glyphs(
            Point::from_xy(x, t.y),
            &glyphs,
            font,
            &run.text[lo..hi],
            run.size,
            false,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_part_is_cut_off_with_its_actual_text() {
        let p = parts(10, None, Some((5, "word".into())));
        assert_eq!(p, vec![(0..5, None), (5..10, Some("word".into()))]);
        let p = parts(10, Some(4), None);
        assert_eq!(p, vec![(0..4, Some(String::new())), (4..10, None)]);
        let p = parts(10, Some(2), Some((6, "w".into())));
        assert_eq!(
            p,
            vec![
                (0..2, Some(String::new())),
                (2..6, None),
                (6..10, Some("w".into()))
            ]
        );
        // A line that is the word part alone has one part.
        assert_eq!(
            parts(6, None, Some((0, "w".into()))),
            vec![(0..6, Some("w".into()))]
        );
    }
}
