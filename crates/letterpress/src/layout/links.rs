//! Link areas: where on its lines a paragraph's link is drawn.
//!
//! A paragraph's links are byte ranges of its text ([`crate::text::links::Link`]); once the
//! paragraph is broken into lines, [`place`] walks the text and the lines together (lines drop
//! the spaces they end at and add the hyphens they break at) and gives each line the stretch
//! of each link it shows, with a `Link` structure node per link for the annotation.

use super::model::{Item, LinkArea, StructKind};
use super::paginate::Chunk;
use super::Cx;
use crate::text::links::Link;
use crate::text::Span;

/// One glyph of a line: its byte offset in the line's text and its horizontal extent.
struct GlyphAt {
    at: usize,
    x0: f32,
    x1: f32,
}

/// The glyphs of a line's runs, in the line's text (runs joined) and from the line's left edge.
fn glyphs(runs: &[crate::text::GlyphRun]) -> (String, Vec<GlyphAt>) {
    let mut text = String::new();
    let mut out = Vec::new();
    for run in runs {
        let mut x = run.x;
        for g in &run.glyphs {
            out.push(GlyphAt {
                at: text.len() + g.range.start,
                x0: x + g.x_offset,
                x1: x + g.x_advance,
            });
            x += g.x_advance;
        }
        text.push_str(&run.text);
    }
    (text, out)
}

/// For each byte of the paragraph's `text`, the line and byte in that line's text that shows
/// it (`None` for spaces at line ends, soft hyphens and forced breaks).
fn align(text: &str, lines: &[String]) -> Vec<Option<(usize, usize)>> {
    let mut map = vec![None; text.len()];
    let mut cursor: Vec<(usize, usize, char)> = lines
        .iter()
        .enumerate()
        .flat_map(|(li, l)| l.char_indices().map(move |(b, c)| (li, b, c)))
        .collect();
    cursor.reverse();
    for (pb, pc) in text.char_indices() {
        if pc.is_whitespace() || pc == '\u{AD}' {
            // Spaces may be dropped at line ends; the line's own space is skipped below.
            if cursor.last().is_some_and(|(_, _, c)| *c == pc) {
                cursor.pop();
            }
            continue;
        }
        // Skip what the line adds: a hyphen where it breaks, spaces before.
        while let Some(&(_, _, c)) = cursor.last() {
            if c == pc || !(c.is_whitespace() || c == '-' || c == '\u{2010}') {
                break;
            }
            cursor.pop();
        }
        if let Some(&(li, lb, c)) = cursor.last() {
            if c == pc {
                map[pb] = Some((li, lb));
                cursor.pop();
            }
        }
    }
    map
}

impl Cx<'_> {
    /// Give the text lines in `out[from..]` (one paragraph's) the areas of its `links`.
    pub(super) fn place_links(&mut self, out: &mut [Chunk], spans: &[Span], links: &[Link]) {
        let text: String = spans.iter().map(|s| s.text.as_str()).collect();
        let lines: Vec<(String, Vec<GlyphAt>)> = out
            .iter()
            .filter_map(|c| c.items.iter().find_map(body_line))
            .map(glyphs)
            .collect();
        let texts: Vec<String> = lines.iter().map(|(t, _)| t.clone()).collect();
        let map = align(&text, &texts);
        let Some(paragraph) = out.iter().find_map(|c| c.items.iter().find_map(block_of)) else {
            return;
        };
        let saved = self.parent;
        self.parent = Some(paragraph);
        for link in links {
            let node = self.node(StructKind::Link {
                url: link.url.clone(),
            });
            for (li, (_, glyphs)) in lines.iter().enumerate() {
                let shown: Vec<usize> = map[link.range.clone()]
                    .iter()
                    .flatten()
                    .filter(|(l, _)| *l == li)
                    .map(|(_, b)| *b)
                    .collect();
                let (Some(lo), Some(hi)) = (shown.iter().min(), shown.iter().max()) else {
                    continue;
                };
                let on: Vec<&GlyphAt> = glyphs
                    .iter()
                    .filter(|g| g.at >= *lo && g.at <= *hi)
                    .collect();
                let x0 = on.iter().map(|g| g.x0).fold(f32::INFINITY, f32::min);
                let x1 = on.iter().map(|g| g.x1).fold(f32::NEG_INFINITY, f32::max);
                if x0 < x1 {
                    add_area(
                        out,
                        li,
                        LinkArea {
                            x0,
                            x1,
                            url: link.url.clone(),
                            node,
                        },
                    );
                }
            }
        }
        self.parent = saved;
    }
}

/// The runs of a chunk's body line.
fn body_line(item: &Item) -> Option<&[crate::text::GlyphRun]> {
    match item {
        Item::Text(t) if carries_links(t) => Some(&t.runs),
        _ => None,
    }
}

/// Lines whose links are placed: body and P.S. lines (not list markers).
fn carries_links(t: &super::model::TextLine) -> bool {
    use super::model::Role;
    t.paragraph.is_some() || matches!(t.role, Role::Body | Role::Ps)
}

fn block_of(item: &Item) -> Option<usize> {
    match item {
        Item::Text(t) => t.block,
        _ => None,
    }
}

/// Add `area` to the `n`-th body line of `out`.
fn add_area(out: &mut [Chunk], n: usize, area: LinkArea) {
    let line = out
        .iter_mut()
        .filter_map(|c| {
            c.items.iter_mut().find_map(|i| match i {
                Item::Text(t) if carries_links(t) => Some(t),
                _ => None,
            })
        })
        .nth(n);
    if let Some(t) = line {
        t.links.push(area);
    }
}

#[cfg(test)]
mod tests {
    use super::align;

    #[test]
    fn text_and_lines_align_across_breaks_and_hyphens() {
        let text = "see https://example.com and write";
        let lines = [
            "see https://ex-".to_string(),
            "ample.com and write".to_string(),
        ];
        let map = align(text, &lines);
        let e = text.find("example").expect("e");
        assert_eq!(map[e], Some((0, 12)));
        let a = text.find("ample").expect("a");
        assert_eq!(map[a], Some((1, 0)), "the added hyphen is skipped");
    }
}
