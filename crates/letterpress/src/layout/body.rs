//! The body's containers: lists (markers as typed, hanging indent), block quotes (indented) and
//! tables (columns from content, aligned cells, one unbreakable chunk per row).
//!
//! Paragraphs are set by the flow in `layout/mod.rs`; each container here sets its blocks through
//! it again, one level deeper, and adds its own structure node (`L`, `BlockQuote`, `Table`).

use super::model::{Item, Role, Rule, RuleKind, StructKind};
use super::paginate::Chunk;
use super::{font_err, in_block, span, text_item, Cx, LIST_INDENT_MM};
use crate::error::Error;
use crate::fonts::FontStyle;
use crate::text::{self, Align, Block, Line, ParagraphStyle, Span, Table};
use crate::units::{mm, Color};

/// Indent of a block quote on the left, in mm (a list's indent plus half: it reads as set off).
pub const QUOTE_INDENT_MM: f32 = 8.0;
/// Space between table columns, in mm.
pub const TABLE_GUTTER_MM: f32 = 4.0;
/// Space between the marker and the item's text, in mm.
const MARKER_GAP_MM: f32 = 2.0;

/// A table's columns: left edges relative to the table and widths, in pt.
struct Columns {
    x: Vec<f32>,
    w: Vec<f32>,
}

impl Cx<'_> {
    /// A list: each item's blocks indented, its marker hanging in the indent.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn list(
        &mut self,
        out: &mut Vec<Chunk>,
        ordered: bool,
        markers: &[String],
        items: &[Vec<Block>],
        (x, width): (f32, f32),
        counter: &mut usize,
        gap: f32,
    ) -> Result<(), Error> {
        let lead = self.leading;
        let shaped: Vec<Line> = markers
            .iter()
            .map(|m| self.line(&[span(m, FontStyle::Regular)], self.r.size))
            .collect::<Result<_, _>>()?;
        // The indent fits the widest marker ("(iii)" needs more than "•").
        let widest = shaped.iter().map(|l| l.width).fold(0.0, f32::max);
        let indent = mm(LIST_INDENT_MM).max(widest + mm(MARKER_GAP_MM));
        let saved = self.parent;
        let list = self.node(StructKind::List { ordered });
        for (ii, item) in items.iter().enumerate() {
            self.parent = Some(list);
            let li = self.node(StructKind::ListItem);
            self.parent = Some(li);
            let lbl = self.node(StructKind::ListLabel);
            let body = self.node(StructKind::ListBody);
            self.parent = Some(body);
            let before = out.len();
            let item_gap = if ii == 0 { gap } else { lead * 0.25 };
            self.blocks(out, item, x + indent, width - indent, counter, item_gap)?;
            if let (Some(ch), Some(m)) = (out.get_mut(before), shaped.get(ii)) {
                let mx = x + indent - m.width - mm(MARKER_GAP_MM);
                let base = (lead - self.r.size) / 2.0 + self.r.size * 0.8;
                let item = text_item(mx.max(x), base, m.clone(), Color::BLACK, Role::ListMarker);
                // The marker is read before the item's text.
                ch.items.insert(0, in_block(item, lbl));
            }
        }
        self.parent = saved;
        Ok(())
    }

    /// The P.S.: its label in bold before the first paragraph's text, then its lists, quotes
    /// and further paragraphs as in the body.
    pub(super) fn ps(
        &mut self,
        out: &mut Vec<Chunk>,
        ps: &str,
        (x, width): (f32, f32),
        gap: f32,
        counter: &mut usize,
    ) -> Result<(), Error> {
        let label = span(&format!("{} ", self.r.lang.ps_label()), FontStyle::Bold);
        let shift = label.text.len();
        let mut blocks = text::parse_markup(ps);
        let (first, links) = match blocks.first() {
            Some(Block::Paragraph(spans) | Block::Linked(spans, _)) => {
                let mut first = vec![label];
                first.extend(spans.iter().cloned());
                // The links move right by the label.
                let links: Vec<text::links::Link> = match blocks.remove(0) {
                    Block::Linked(_, links) => links
                        .into_iter()
                        .map(|l| text::links::Link {
                            range: l.range.start + shift..l.range.end + shift,
                            url: l.url,
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                (first, links)
            }
            _ => (vec![label], Vec::new()),
        };
        let lines = self.paragraph(&first, self.r.size, width, self.r.align)?;
        let from = out.len();
        self.para_chunks(out, lines, x, gap, Role::Ps, None);
        if !links.is_empty() {
            self.place_links(&mut out[from..], &first, &links);
        }
        let lead = self.leading;
        self.blocks(out, &blocks, x, width, counter, lead * super::PARAGRAPH_GAP)
    }

    /// A block quote: its blocks indented on the left, in their own structure element.
    pub(super) fn quote(
        &mut self,
        out: &mut Vec<Chunk>,
        blocks: &[Block],
        (x, width): (f32, f32),
        counter: &mut usize,
        gap: f32,
    ) -> Result<(), Error> {
        let saved = self.parent;
        let q = self.node(StructKind::BlockQuote);
        self.parent = Some(q);
        let indent = mm(QUOTE_INDENT_MM);
        self.blocks(out, blocks, x + indent, width - indent, counter, gap)?;
        self.parent = saved;
        Ok(())
    }

    /// A table: one chunk per row (rows never split), the header row kept with the first row.
    pub(super) fn table(
        &mut self,
        out: &mut Vec<Chunk>,
        t: &Table,
        (x, width): (f32, f32),
        gap: f32,
    ) -> Result<(), Error> {
        let ncols = t
            .rows
            .iter()
            .chain([&t.header])
            .map(Vec::len)
            .max()
            .unwrap_or(0)
            .max(t.align.len());
        if ncols == 0 {
            return Ok(());
        }
        let cols = self.columns(t, ncols, width)?;
        let saved = self.parent;
        let table = self.node(StructKind::Table);
        self.parent = Some(table);
        if !t.header.is_empty() {
            let bold: Vec<Vec<Span>> = t.header.iter().map(|c| emboldened(c)).collect();
            let mut row = self.row(&bold, t, &cols, x, None)?;
            row.space_before = gap;
            row.keep_with_next = !t.rows.is_empty();
            let rule_y = row.height - self.leading * 0.1;
            row.items.push(hairline(x, x + cols_right(&cols), rule_y));
            out.push(row);
        }
        for (ri, cells) in t.rows.iter().enumerate() {
            let mut row = self.row(cells, t, &cols, x, Some(ri))?;
            if ri == 0 && t.header.is_empty() {
                row.space_before = gap;
            }
            out.push(row);
        }
        self.parent = saved;
        Ok(())
    }

    /// One row as a chunk (`which`: the body row, `None` for the header): every cell set in
    /// its column with its links live, the row as tall as its tallest cell.
    fn row(
        &mut self,
        cells: &[Vec<Span>],
        t: &Table,
        cols: &Columns,
        x: f32,
        which: Option<usize>,
    ) -> Result<Chunk, Error> {
        let header = which.is_none();
        let lead = self.leading;
        let base = (lead - self.r.size) / 2.0 + self.r.size * 0.8;
        let tr = self.node(StructKind::TableRow);
        let saved = self.parent;
        self.parent = Some(tr);
        let mut items = Vec::new();
        let mut lines_max = 1usize;
        for (ci, w) in cols.w.iter().enumerate() {
            let cell = self.node(if header {
                StructKind::TableHeader
            } else {
                StructKind::TableCell
            });
            let Some(spans) = cells.get(ci).filter(|c| !c.is_empty()) else {
                continue;
            };
            let align = t.align.get(ci).copied().unwrap_or(Align::Left);
            let lines = self.cell_lines(spans, *w, align)?;
            lines_max = lines_max.max(lines.len());
            let mut set: Vec<Chunk> = lines
                .into_iter()
                .enumerate()
                .map(|(li, line)| {
                    let y = base + li as f32 * lead;
                    let item = text_item(x + cols.x[ci], y, line, Color::BLACK, Role::Body);
                    Chunk {
                        space_before: 0.0,
                        height: lead,
                        keep_with_next: false,
                        items: vec![in_block(item, cell)],
                    }
                })
                .collect();
            let links = t.cell_links(which, ci);
            if !links.is_empty() {
                self.place_links(&mut set, spans, &links);
            }
            items.extend(set.into_iter().flat_map(|c| c.items));
        }
        self.parent = saved;
        Ok(Chunk {
            space_before: lead * 0.15,
            height: lines_max as f32 * lead,
            keep_with_next: false,
            items,
        })
    }

    /// A cell's lines: broken and hyphenated like the body, aligned as its column.
    fn cell_lines(&mut self, spans: &[Span], width: f32, align: Align) -> Result<Vec<Line>, Error> {
        let style = ParagraphStyle {
            size: self.r.size,
            width,
            align,
            lang: self.r.lang,
            hyphenate: true,
        };
        let p = text::typeset(&self.r.fonts, spans, &style).map_err(font_err)?;
        for w in p.warnings {
            self.warn(w);
        }
        Ok(p.lines)
    }

    /// Column widths from content: each column's natural width when all fit; otherwise every
    /// column gets its longest word and the rest of the width in proportion to what it lacks.
    fn columns(&mut self, t: &Table, ncols: usize, width: f32) -> Result<Columns, Error> {
        let gutter = mm(TABLE_GUTTER_MM);
        let mut natural = vec![0.0f32; ncols];
        let mut least = vec![0.0f32; ncols];
        let header: Vec<Vec<Span>> = t.header.iter().map(|c| emboldened(c)).collect();
        for cells in t.rows.iter().chain([&header]) {
            for (ci, cell) in cells.iter().enumerate().take(ncols) {
                let (n, l) = self.cell_widths(cell)?;
                natural[ci] = natural[ci].max(n);
                least[ci] = least[ci].max(l);
            }
        }
        let room = (width - gutter * (ncols - 1) as f32).max(0.0);
        let w = share_room(&natural, &least, room);
        let mut x = Vec::with_capacity(ncols);
        let mut at = 0.0;
        for c in &w {
            x.push(at);
            at += c + gutter;
        }
        Ok(Columns { x, w })
    }

    /// A cell's natural width (one line) and its longest word's width, in pt.
    fn cell_widths(&mut self, cell: &[Span]) -> Result<(f32, f32), Error> {
        let size = self.r.size;
        let natural = self.line(cell, size)?.width;
        let mut least = 0.0f32;
        for s in cell {
            for word in s.text.split_whitespace() {
                least = least.max(self.line(&[span(word, s.style)], size)?.width);
            }
        }
        Ok((natural + 0.5, least.min(natural) + 0.5))
    }
}

/// Widths for columns of `natural` widths in `room` (HTML's automatic table layout, simply):
/// columns narrower than a fair share keep their natural width, the others share what is left
/// in proportion to their natural width but never below their longest word; when even the
/// longest words do not fit, every column is narrowed in proportion.
fn share_room(natural: &[f32], least: &[f32], room: f32) -> Vec<f32> {
    if natural.iter().sum::<f32>() <= room {
        return natural.to_vec();
    }
    let mut fixed = vec![false; natural.len()];
    loop {
        let left = room
            - (0..natural.len())
                .filter(|i| fixed[*i])
                .map(|i| natural[i])
                .sum::<f32>();
        let open: Vec<usize> = (0..natural.len()).filter(|i| !fixed[*i]).collect();
        let fair = left / open.len().max(1) as f32;
        let small: Vec<usize> = open
            .iter()
            .copied()
            .filter(|i| natural[*i] <= fair)
            .collect();
        if small.is_empty() || small.len() == open.len() {
            let wide: f32 = open.iter().map(|i| natural[*i]).sum();
            let mut w: Vec<f32> = (0..natural.len())
                .map(|i| match fixed[i] {
                    true => natural[i],
                    false => (left * natural[i] / wide.max(1e-3)).max(least[i]),
                })
                .collect();
            let sum: f32 = w.iter().sum();
            if sum > room && sum > 0.0 {
                w.iter_mut().for_each(|c| *c *= room / sum);
            }
            return w;
        }
        small.into_iter().for_each(|i| fixed[i] = true);
    }
}

/// Whether a paragraph of `spans` followed by `next` must not end a page apart from it: it
/// introduces a list, table or quote, or ends in a colon (a lead-in: "… folgende Daten:").
pub(super) fn leads_in(spans: &[Span], next: Option<&Block>) -> bool {
    let colon = spans
        .iter()
        .rev()
        .find(|s| !s.text.trim().is_empty())
        .is_some_and(|s| s.text.trim_end().ends_with(':'));
    match next {
        Some(Block::List { .. } | Block::Table(_) | Block::Quote(_)) => true,
        Some(_) => colon,
        None => false,
    }
}

/// The spans of a one-line field with inline markup (a `cc` line, an enclosure title): its
/// paragraphs joined by line breaks, list items with their markers.
pub(super) fn inline_spans(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    flatten(&text::parse_markup(text), &mut out);
    out
}

fn flatten(blocks: &[Block], out: &mut Vec<Span>) {
    for b in blocks {
        if !out.is_empty() {
            out.push(span("\n", FontStyle::Regular));
        }
        match b {
            Block::Paragraph(spans) | Block::Linked(spans, _) => out.extend(spans.iter().cloned()),
            Block::List { markers, items, .. } => {
                for (i, (m, item)) in markers.iter().zip(items).enumerate() {
                    if i > 0 {
                        out.push(span("\n", FontStyle::Regular));
                    }
                    out.push(span(&format!("{m} "), FontStyle::Regular));
                    let mut inner = Vec::new();
                    flatten(item, &mut inner);
                    out.extend(inner);
                }
            }
            Block::Quote(inner) => flatten(inner, out),
            Block::Table(_) => {
                let mut spans = Vec::new();
                crate::text::collect_spans(std::slice::from_ref(b), &mut spans);
                out.extend(spans.into_iter().cloned());
            }
        }
    }
}

/// The right edge of the last column, relative to the table.
fn cols_right(cols: &Columns) -> f32 {
    match (cols.x.last(), cols.w.last()) {
        (Some(x), Some(w)) => x + w,
        _ => 0.0,
    }
}

/// Header cells are set in bold.
fn emboldened(cell: &[Span]) -> Vec<Span> {
    cell.iter()
        .map(|s| Span {
            text: s.text.clone(),
            style: s.style.with_bold(true),
        })
        .collect()
}

/// A thin rule under the header row.
fn hairline(x1: f32, x2: f32, y: f32) -> Item {
    Item::Rule(Rule {
        x1,
        y1: y,
        x2,
        y2: y,
        width: 0.5,
        color: Color::BLACK,
        kind: RuleKind::Accent,
    })
}
