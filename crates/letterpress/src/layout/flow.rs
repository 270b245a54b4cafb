//! The flow: everything after page 1's fixed zones, as chunks that `paginate` distributes over
//! the pages. The opening matter (a US date, the subject, the salutation), the body's blocks,
//! the closing with the signatures, and the closing matter (enclosures, copies, postscript).

use crate::error::Error;
use crate::fonts::FontStyle;
use crate::text::{self, Align, Block, Line};
use crate::units::{mm, Color};

use super::model::{Item, Role, StructKind, TextLine};
use super::paginate::Chunk;
use super::{
    baseline, font_err, in_block, span, text_item, Cx, LEADING, LIST_INDENT_MM, PARAGRAPH_GAP,
};

/// Space before the subject, in lines.
const SUBJECT_GAP: f32 = 1.2;
/// Space before the enclosures, copies and postscript, in lines.
const CLOSING_MATTER_GAP: f32 = 1.2;
/// Space between the enclosures and the copies, in lines.
const CC_AFTER_ENCLOSURES_GAP: f32 = 0.6;
/// Space between two list items, in lines.
const LIST_ITEM_GAP: f32 = 0.25;
/// Size of the enclosures and copies, relative to the body.
const CLOSING_MATTER_SIZE: f32 = 0.9;
/// Space between a list marker and its item's text.
const MARKER_GAP_MM: f32 = 2.0;

impl Cx<'_> {
    /// The flow of page content after the fixed zones.
    pub(super) fn flow(&mut self) -> Result<Vec<Chunk>, Error> {
        let r = self.r;
        let mut out = Vec::new();
        self.opening_matter(&mut out)?;
        let mut counter = 0;
        let (x, width) = (r.geometry.margin_left, r.geometry.text_width());
        let first_gap = self.leading * PARAGRAPH_GAP;
        self.blocks(&mut out, &r.body, x, width, &mut counter, first_gap)?;
        // The closing stays with the last lines of the body.
        let n = out.len();
        for c in out.iter_mut().skip(n.saturating_sub(2)) {
            c.keep_with_next = true;
        }
        self.closing(&mut out)?;
        self.closing_matter(&mut out)?;
        Ok(out)
    }

    /// A US date, the subject and the salutation, each kept with what follows.
    fn opening_matter(&mut self, out: &mut Vec<Chunk>) -> Result<(), Error> {
        let r = self.r;
        let lead = self.leading;
        let (x, width) = (r.geometry.margin_left, r.geometry.text_width());
        if r.lang.date_in_flow() {
            let date_block = self.node(StructKind::Paragraph);
            let date = self.line(&[span(&r.date_line, FontStyle::Regular)], r.size)?;
            let item = text_item(x, baseline(lead, r.size), date, Color::BLACK, Role::Date);
            out.push(Chunk {
                space_before: 0.0,
                height: lead,
                keep_with_next: true,
                items: vec![in_block(item, date_block)],
            });
        }
        if let Some(subject) = &r.subject {
            let spans = [span(subject, FontStyle::Bold)];
            let lines = self.paragraph(&spans, r.size, width, Align::Left)?;
            let start = out.len();
            self.para_chunks(out, lines, x, lead * SUBJECT_GAP, Role::Subject, None);
            keep_together(&mut out[start..]);
        }
        let spans = [span(&r.opening, FontStyle::Regular)];
        let lines = self.paragraph(&spans, r.size, width, Align::Left)?;
        let start = out.len();
        self.para_chunks(out, lines, x, lead, Role::Opening, None);
        keep_together(&mut out[start..]);
        Ok(())
    }

    /// The complimentary close, kept with the signatures, and the signatures.
    fn closing(&mut self, out: &mut Vec<Chunk>) -> Result<(), Error> {
        let r = self.r;
        let (x, width) = (r.geometry.margin_left, r.geometry.text_width());
        let spans = [span(&r.closing, FontStyle::Regular)];
        let lines = self.paragraph(&spans, r.size, width, Align::Left)?;
        let start = out.len();
        self.para_chunks(out, lines, x, self.leading, Role::Closing, None);
        keep_together(&mut out[start..]);
        out.push(self.signatures(x, width)?);
        Ok(())
    }

    /// Enclosures, copies and the postscript.
    fn closing_matter(&mut self, out: &mut Vec<Chunk>) -> Result<(), Error> {
        let r = self.r;
        let lead = self.leading;
        let small_gap = lead * CLOSING_MATTER_GAP;
        if !r.enclosures.is_empty() {
            let label = r.lang.enclosures_label(r.enclosures.len());
            self.labelled_list(out, label, &r.enclosures, small_gap, Role::Enclosures)?;
        }
        if !r.cc.is_empty() {
            let gap = if r.enclosures.is_empty() {
                small_gap
            } else {
                lead * CC_AFTER_ENCLOSURES_GAP
            };
            self.labelled_list(out, r.lang.cc_label(), &r.cc, gap, Role::Cc)?;
        }
        if let Some(ps) = &r.ps {
            let spans = [
                span(&format!("{} ", r.lang.ps_label()), FontStyle::Bold),
                span(ps, FontStyle::Regular),
            ];
            let (x, width) = (r.geometry.margin_left, r.geometry.text_width());
            let lines = self.paragraph(&spans, r.size, width, r.align)?;
            self.para_chunks(out, lines, x, small_gap, Role::Ps, None);
        }
        Ok(())
    }

    /// Lines of a paragraph as chunks, with widow and orphan protection.
    pub(super) fn para_chunks(
        &mut self,
        out: &mut Vec<Chunk>,
        lines: Vec<Line>,
        x: f32,
        space_before: f32,
        role: Role,
        paragraph: Option<usize>,
    ) {
        let subject = role == Role::Subject;
        let color = if subject { self.r.accent } else { Color::BLACK };
        let block = self.node(if subject {
            StructKind::Heading
        } else {
            StructKind::Paragraph
        });
        let n = lines.len();
        let lead = self.leading;
        let base = baseline(lead, self.r.size);
        for (i, line) in lines.into_iter().enumerate() {
            // Never leave the first line alone at a page's foot (orphan) nor the last alone at
            // a page's head (widow): line 1 keeps with line 2, line n-1 with line n.
            // Nor end a page with a hyphen (TeX's \brokenpenalty, here a keep): the reader
            // would turn the page in the middle of a word.
            let keep = (n >= 2 && (i == 0 || i + 2 == n)) || line.hyphenated;
            out.push(Chunk {
                space_before: if i == 0 { space_before } else { 0.0 },
                height: lead,
                keep_with_next: keep,
                items: vec![Item::Text(TextLine {
                    x,
                    y: base,
                    runs: line.runs,
                    color,
                    role,
                    paragraph,
                    ratio: line.ratio,
                    tracking: line.tracking,
                    hyphenated: line.hyphenated,
                    overfull: line.overfull,
                    block: Some(block),
                })],
            });
        }
    }

    /// The body's blocks (and a list item's), with structure nodes.
    fn blocks(
        &mut self,
        out: &mut Vec<Chunk>,
        blocks: &[Block],
        x: f32,
        width: f32,
        counter: &mut usize,
        first_gap: f32,
    ) -> Result<(), Error> {
        let lead = self.leading;
        for (bi, b) in blocks.iter().enumerate() {
            let gap = if bi == 0 {
                first_gap
            } else {
                lead * PARAGRAPH_GAP
            };
            match b {
                Block::Paragraph(spans) => {
                    let lines = self.paragraph(spans, self.r.size, width, self.r.align)?;
                    let idx = *counter;
                    *counter += 1;
                    self.para_chunks(out, lines, x, gap, Role::Body, Some(idx));
                    // A paragraph that introduces a list stays with the list's first lines.
                    if matches!(blocks.get(bi + 1), Some(Block::List { .. })) {
                        if let Some(last) = out.last_mut() {
                            last.keep_with_next = true;
                        }
                    }
                }
                Block::List {
                    ordered,
                    start,
                    items,
                } => {
                    let list = (*ordered, *start);
                    self.list(out, list, items, (x, width), counter, gap)?;
                }
            }
        }
        Ok(())
    }

    /// A list: each item's blocks indented, its marker hanging in the indent.
    fn list(
        &mut self,
        out: &mut Vec<Chunk>,
        (ordered, start): (bool, u64),
        items: &[Vec<Block>],
        (x, width): (f32, f32),
        counter: &mut usize,
        gap: f32,
    ) -> Result<(), Error> {
        let lead = self.leading;
        let indent = mm(LIST_INDENT_MM);
        let saved = self.parent;
        let list = self.node(StructKind::List { ordered });
        for (ii, item) in items.iter().enumerate() {
            let marker = if ordered {
                format!("{}.", start + ii as u64)
            } else {
                "•".to_string()
            };
            self.parent = Some(list);
            let li = self.node(StructKind::ListItem);
            self.parent = Some(li);
            let lbl = self.node(StructKind::ListLabel);
            let body = self.node(StructKind::ListBody);
            self.parent = Some(body);
            let before = out.len();
            let item_gap = if ii == 0 { gap } else { lead * LIST_ITEM_GAP };
            self.blocks(out, item, x + indent, width - indent, counter, item_gap)?;
            if let Some(ch) = out.get_mut(before) {
                let m = text::shape_line(
                    &self.r.fonts,
                    &[span(&marker, FontStyle::Regular)],
                    self.r.size,
                )
                .map_err(font_err)?;
                let mx = x + indent - m.width - mm(MARKER_GAP_MM);
                let base = baseline(lead, self.r.size);
                let item = text_item(mx.max(x), base, m, Color::BLACK, Role::ListMarker);
                // The marker is read before the item's text.
                ch.items.insert(0, in_block(item, lbl));
            }
        }
        self.parent = saved;
        Ok(())
    }

    /// A label ("Załączniki:", "cc:") and its items, numbered when there are several.
    fn labelled_list(
        &mut self,
        out: &mut Vec<Chunk>,
        label: &str,
        items: &[String],
        gap: f32,
        role: Role,
    ) -> Result<(), Error> {
        let (x, width) = (self.r.geometry.margin_left, self.r.geometry.text_width());
        let size = self.r.size * CLOSING_MATTER_SIZE;
        let lead = size * LEADING;
        let base = baseline(lead, size);
        let l = self.line(&[span(label, FontStyle::Bold)], size)?;
        let label_block = self.node(StructKind::Paragraph);
        out.push(Chunk {
            space_before: gap,
            height: lead,
            keep_with_next: true,
            items: vec![in_block(
                text_item(x, base, l, Color::BLACK, role),
                label_block,
            )],
        });
        let count = items.len();
        for (i, it) in items.iter().enumerate() {
            let text = if count > 1 {
                format!("{}. {it}", i + 1)
            } else {
                it.clone()
            };
            let lines =
                self.paragraph(&[span(&text, FontStyle::Regular)], size, width, Align::Left)?;
            let nl = lines.len();
            let item_block = self.node(StructKind::Paragraph);
            for (li, line) in lines.into_iter().enumerate() {
                out.push(Chunk {
                    space_before: 0.0,
                    height: lead,
                    keep_with_next: li + 1 < nl || (i == 0 && li == 0 && count > 1),
                    items: vec![in_block(
                        text_item(x, base, line, Color::BLACK, role),
                        item_block,
                    )],
                });
            }
        }
        Ok(())
    }
}

/// Keep every chunk with the next (the subject, the salutation and the closing are never
/// left at a page's foot).
fn keep_together(chunks: &mut [Chunk]) {
    for c in chunks {
        c.keep_with_next = true;
    }
}
