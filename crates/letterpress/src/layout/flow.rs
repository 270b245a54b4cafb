//! The flow: everything after page 1's fixed zones, as chunks that `paginate` distributes over
//! the pages. The opening matter (a US date, the subject, the salutation), the body's blocks,
//! the closing with the signatures, and the closing matter (enclosures, copies, postscript).

use crate::error::Error;
use crate::fonts::FontStyle;
use crate::text::{self, Align, Block, Line};
use crate::units::Color;

use super::model::{Item, Role, StructKind, TextLine};
use super::paginate::Chunk;
use super::{baseline, body, in_block, span, text_item, Cx, LEADING, PARAGRAPH_GAP};

/// Space before the subject, in lines.
const SUBJECT_GAP: f32 = 1.2;
/// Space before the enclosures, copies and postscript, in lines.
const CLOSING_MATTER_GAP: f32 = 1.2;
/// Space between the enclosures and the copies, in lines.
const CC_AFTER_ENCLOSURES_GAP: f32 = 0.6;
/// Size of the enclosures and copies, relative to the body.
const CLOSING_MATTER_SIZE: f32 = 0.9;

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
        self.closing_matter(&mut out, &mut counter)?;
        Ok(out)
    }

    /// A US date, the subject and the salutation, each kept with what follows.
    fn opening_matter(&mut self, out: &mut Vec<Chunk>) -> Result<(), Error> {
        let r = self.r;
        let lead = self.leading;
        let (x, width) = (r.geometry.margin_left, r.geometry.text_width());
        // On a US layout the date stands above the address (the first page's zones).
        if r.lang.date_in_flow() && !r.geometry.date_above_window {
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
    fn closing_matter(&mut self, out: &mut Vec<Chunk>, counter: &mut usize) -> Result<(), Error> {
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
            let (x, width) = (r.geometry.margin_left, r.geometry.text_width());
            self.ps(out, ps, (x, width), small_gap, counter)?;
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
                    hyphen_added: line.hyphen_added,
                    overfull: line.overfull,
                    block: Some(block),
                    links: Vec::new(),
                })],
            });
        }
    }

    /// The body's blocks (and a list item's, a quote's, the postscript's), with structure nodes.
    pub(super) fn blocks(
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
                Block::Paragraph(spans) | Block::Linked(spans, _) => {
                    let lines = self.paragraph(spans, self.r.size, width, self.r.align)?;
                    let idx = *counter;
                    *counter += 1;
                    let from = out.len();
                    self.para_chunks(out, lines, x, gap, Role::Body, Some(idx));
                    if let Block::Linked(_, links) = b {
                        self.place_links(&mut out[from..], spans, links);
                    }
                    // A paragraph that introduces a list, table or quote, or any block with a
                    // lead-in ending in ":", stays with its first lines.
                    if body::leads_in(spans, blocks.get(bi + 1)) {
                        if let Some(last) = out.last_mut() {
                            last.keep_with_next = true;
                        }
                    }
                }
                Block::List {
                    ordered,
                    markers,
                    items,
                    ..
                } => self.list(out, *ordered, markers, items, (x, width), counter, gap)?,
                Block::Quote(inner) => self.quote(out, inner, (x, width), counter, gap)?,
                Block::Table(t) => self.table(out, t, (x, width), gap)?,
            }
        }
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
            let mut spans = body::inline_spans(it);
            if count > 1 && !text::typed_lists::starts_with_marker(it) {
                spans.insert(0, span(&format!("{}. ", i + 1), FontStyle::Regular));
            }
            let lines = self.paragraph(&spans, size, width, Align::Left)?;
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
