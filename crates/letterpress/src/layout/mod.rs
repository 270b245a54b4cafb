//! Layout: a [`Resolved`] letter → a [`Document`] of pages with every item at a fixed position.
//!
//! Page 1 carries the fixed zones of the layout (header, window with return address,
//! endorsement and recipient, information block, footer, marks); the rest is a flow of chunks
//! (date, subject, opening, body lines, closing with signatures, enclosures, cc, PS) that
//! `paginate` distributes over pages with keep rules. Continuation headers are drawn last,
//! when the page count is known, so "Strona 2 z 3" needs no second run.

pub mod artwork;
pub mod bounds;
pub mod envelope;
pub mod geometry;
pub mod model;
mod paginate;

use crate::error::{Error, ErrorKind, Warned, Warning};
use crate::fonts::FontStyle;
use crate::resolve::{ImageData, Resolved};
use crate::text::{self, Align, Block, Line, ParagraphStyle, Span};
use crate::units::{mm, Color};
use model::{
    Document, ImageBox, Item, LayoutBox, Meta, Page, Role, Rule, RuleKind, StructKind, StructNode,
    TextLine,
};
use paginate::{paginate, Chunk};
use std::sync::Arc;

/// Line height as a multiple of the font size (TeX's 11 pt on 13.6 pt is 1.24; letters read
/// better a little looser).
pub const LEADING: f32 = 1.27;
/// Space between body paragraphs, in lines (DIN 5008 separates paragraphs by a blank line;
/// 0.6 keeps that rhythm with less white).
pub const PARAGRAPH_GAP: f32 = 0.6;
/// Hanging indent of list items.
pub const LIST_INDENT_MM: f32 = 6.0;
/// The box a signature image is scaled into.
pub const SIGNATURE_BOX_MM: (f32, f32) = (55.0, 16.0);
/// Height of a line's ink in ems: capitals with accents (about 0.8 em above the baseline) and
/// descenders (the fonts' declared 0.3 em below), for fitting the address into its window.
const INK_HEIGHT: f32 = 1.1;
/// Size of small print (return address, footer, continuation header) relative to the body.
const SMALL: f32 = 0.75;

/// Lay out a resolved letter.
pub fn layout(r: &Resolved) -> Result<Warned<Document>, Error> {
    let mut cx = Cx {
        r,
        warnings: r.artwork.notes.clone(),
        leading: r.size * LEADING,
        structure: Vec::new(),
        parent: None,
    };
    let g = &r.geometry;
    let mut first: Vec<Item> = Vec::new();

    // Header: the image, or the firm's name and address as text.
    if let Some(h) = &r.header {
        // The header never reaches into the address window (Form A leaves it 27 mm).
        let limit = g.window.y;
        if h.height > limit + 0.01 {
            cx.warn(format!(
                "the header is {:.0} mm tall but layout `{}` leaves {:.0} mm above the address window; it is scaled down (set `header.height` or use a shorter image)",
                h.height / mm(1.0),
                g.name,
                limit / mm(1.0)
            ));
        }
        let b = fit_image(&h.image, 0.0, 0.0, g.page_w, h.height.min(limit));
        let image = Item::Image(ImageBox {
            role: "header",
            ..b
        });
        // With alternative text the letterhead is a figure (read first); else decoration.
        first.push(match &h.alt {
            Some(alt) => in_block(image, cx.node(StructKind::Figure { alt: alt.clone() })),
            None => image,
        });
    } else if let Some(firm) = &r.firm {
        let size = r.size * 1.6;
        let y = mm(18.0) + size;
        let line = cx.line(&[span(firm, FontStyle::Bold)], size)?;
        first.push(text_item(
            g.margin_left,
            y,
            line,
            r.accent,
            Role::Letterhead,
        ));
        let mut parts: Vec<String> = r.sender.address.clone();
        parts.extend(r.sender.web.clone());
        if !parts.is_empty() {
            let line = cx.line(
                &[span(&parts.join(" · "), FontStyle::Regular)],
                r.size * SMALL,
            )?;
            first.push(text_item(
                g.margin_left,
                y + r.size * 1.3,
                line,
                Color::GREY,
                Role::Letterhead,
            ));
        }
    }

    // The window: return address, endorsement, recipient.
    let w = g.window;
    let x_addr = w.x + g.window_indent;
    let addr_w = w.w - g.window_indent - mm(2.0);
    let small = (r.size * SMALL).max(7.0);
    let mut y_addr_top = w.y + 2.0;
    if let Some(ra) = &r.return_address {
        let mut line = cx.line(&[span(ra, FontStyle::Regular)], small.min(8.0))?;
        let mut s = small.min(8.0);
        // Shrink to fit the window width, down to 6 pt.
        while line.width > addr_w && s > 6.0 {
            s -= 0.25;
            line = cx.line(&[span(ra, FontStyle::Regular)], s)?;
        }
        let base = if g.return_zone > 0.0 {
            w.y + g.return_zone - 1.2
        } else {
            w.y + s + 1.0
        };
        first.push(Item::Rule(Rule {
            x1: x_addr,
            y1: base + 1.5,
            x2: x_addr + line.width,
            y2: base + 1.5,
            width: 0.3,
            color: Color::GREY,
            kind: RuleKind::Accent,
        }));
        first.push(text_item(
            x_addr,
            base,
            line,
            Color::BLACK,
            Role::ReturnAddress,
        ));
        y_addr_top = base + 2.5;
    }
    // The address is set at the body size (at most 11 pt), smaller where the lines would not
    // fit their zone: never below 8 pt, the smallest size postal services read reliably.
    let fits = |size: f32, n: usize, room: f32| {
        n == 0 || (n as f32 - 1.0) * size * 1.18 + size * INK_HEIGHT <= room
    };
    let fit_size = |n: usize, room: f32| {
        let mut size = r.size.min(11.0);
        while !fits(size, n, room) && size > 8.0 {
            size -= 0.25;
        }
        size
    };
    let mut addr_top = y_addr_top;
    let addr_size;
    if g.endorsement_zone > 0.0 {
        // DIN 5008: the endorsement zone sits on the address zone; its lines end at its bottom.
        let zone_bottom = w.y + g.return_zone + g.endorsement_zone;
        let n = r.mail_note.len();
        let note_size = (fit_size(n, g.endorsement_zone - 2.0) * 0.9).max(8.0);
        for (i, note) in r.mail_note.iter().enumerate() {
            let y = zone_bottom - 2.5 - (n - 1 - i) as f32 * note_size * 1.18;
            let line = cx.line(&[span(note, FontStyle::Bold)], note_size)?;
            first.push(text_item(x_addr, y, line, Color::BLACK, Role::MailNote));
        }
        addr_top = zone_bottom;
        addr_size = fit_size(r.recipient.len(), w.bottom() - addr_top);
    } else {
        // One zone (US #10 window): endorsement lines, then the address.
        addr_size = fit_size(r.mail_note.len() + r.recipient.len(), w.bottom() - addr_top);
        for note in &r.mail_note {
            let y = addr_top + addr_size * 0.8;
            let line = cx.line(&[span(note, FontStyle::Bold)], (addr_size * 0.9).max(8.0))?;
            first.push(text_item(x_addr, y, line, Color::BLACK, Role::MailNote));
            addr_top += addr_size * 1.18;
        }
    }
    let addr_lead = addr_size * 1.18;
    let n = r.recipient.len();
    let room = w.bottom() - addr_top;
    if !fits(addr_size, n, room) {
        cx.warn(format!(
            "the address ({n} lines) does not fit the envelope window of `{}` even at 8 pt; shorten it",
            g.name
        ));
    }
    // Recipient lines, a little below the zone's top when there is room to spare.
    let block_h = (n as f32 - 1.0).max(0.0) * addr_lead + addr_size * INK_HEIGHT;
    let top = addr_top + ((room - block_h) / 2.0).clamp(0.0, addr_lead * 0.5);
    for (i, a) in r.recipient.iter().enumerate() {
        let mut line = cx.line(&[span(a, FontStyle::Regular)], addr_size)?;
        let mut s = addr_size;
        while line.width > addr_w && s > 8.0 {
            s -= 0.25;
            line = cx.line(&[span(a, FontStyle::Regular)], s)?;
        }
        if line.width > addr_w {
            cx.warn(format!(
                "recipient line {} (`{a}`) is {:.1} mm wider than the envelope window",
                i + 1,
                (line.width - addr_w) / mm(1.0)
            ));
        }
        let y = top + addr_size * 0.8 + i as f32 * addr_lead;
        first.push(text_item(x_addr, y, line, Color::BLACK, Role::Recipient));
    }

    // Information block: the sender's contact and the references.
    let info_size = (r.size * 0.82).max(7.0);
    let info_lead = info_size * 1.3;
    let mut info_lines: Vec<Vec<Span>> = Vec::new();
    let s = &r.sender;
    if let Some(name) = s.name.as_ref().or(r.firm.as_ref()) {
        if !s.address.is_empty() || s.phone.is_some() || s.email.is_some() {
            info_lines.push(vec![span(name, FontStyle::Bold)]);
        }
    }
    for a in &s.address {
        info_lines.push(vec![span(a, FontStyle::Regular)]);
    }
    let (tel, email, web) = r.lang.contact_labels();
    let contact: Vec<(&str, &String)> = [
        (tel, s.phone.as_ref()),
        (email, s.email.as_ref()),
        (web, s.web.as_ref()),
    ]
    .into_iter()
    .filter_map(|(l, v)| v.map(|v| (l, v)))
    .collect();
    if !contact.is_empty() && !info_lines.is_empty() {
        info_lines.push(Vec::new());
    }
    for (label, v) in contact {
        info_lines.push(vec![
            span(&format!("{label} "), FontStyle::Regular),
            span(v, FontStyle::Regular),
        ]);
    }
    if !r.references.is_empty() && !info_lines.is_empty() {
        info_lines.push(Vec::new());
    }
    for (label, v) in &r.references {
        info_lines.push(vec![
            span(&format!("{label}: "), FontStyle::Bold),
            span(v, FontStyle::Regular),
        ]);
    }
    let mut y_info = g.info.y + info_size;
    for spans in &info_lines {
        if spans.is_empty() {
            y_info += info_lead * 0.6;
            continue;
        }
        // A line of the block is shrunk (down to 7 pt) rather than broken, so that e-mail
        // addresses and reference numbers stay whole; only longer texts wrap.
        let avail = g.page_w - g.margin_right - g.info.x;
        let mut size = info_size;
        let mut line = cx.line(spans, size)?;
        while line.width > avail && size > 7.0 {
            size -= 0.25;
            line = cx.line(spans, size)?;
        }
        let lines = if line.width > avail {
            cx.paragraph(spans, info_size, avail, Align::Left)?
        } else {
            vec![line]
        };
        for line in lines {
            first.push(text_item(g.info.x, y_info, line, Color::BLACK, Role::Info));
            y_info += info_lead;
        }
    }
    let info_bottom = y_info - info_lead + info_size * 0.3;

    // Place and date: in European letters at the foot of the right column, level with the
    // address's last line or below the information block (DIN 5008 puts the date in the
    // information block; Polish letters set „Warszawa, 26 listopada 2026 r.” top right), so
    // the subject can start where the norm puts it, two lines under the address field. US
    // block style puts the date first in the flow, at the left margin.
    let date_in_column = r.lang != crate::locale::Lang::EnUs;
    let mut column_bottom = info_bottom;
    if date_in_column {
        let date = cx.line(&[span(&r.date_line, FontStyle::Regular)], r.size)?;
        let y = (info_bottom + r.size * 1.5).max(w.bottom() - r.size * 0.3);
        let x = g.page_w - g.margin_right - date.width;
        first.push(text_item(x, y, date, Color::BLACK, Role::Date));
        column_bottom = y + r.size * 0.3;
    }

    // Footer (page 1 only).
    let foot_size = (r.size * 0.68).max(6.5);
    let foot_lead = foot_size * 1.3;
    let mut footer_top = g.page_h - g.margin_bottom;
    if !r.footer.is_empty() {
        let last_base = g.page_h - mm(10.0);
        let n = r.footer.len();
        for (i, f) in r.footer.iter().enumerate() {
            let line = cx.line(&[span(f, FontStyle::Regular)], foot_size)?;
            let x = g.margin_left + (g.text_width() - line.width) / 2.0;
            let y = last_base - (n - 1 - i) as f32 * foot_lead;
            first.push(text_item(
                x.max(mm(8.0)),
                y,
                line,
                Color::GREY,
                Role::Footer,
            ));
        }
        let rule_y = last_base - (n as f32 - 1.0) * foot_lead - foot_size - 3.0;
        first.push(Item::Rule(Rule {
            x1: g.margin_left,
            y1: rule_y,
            x2: g.page_w - g.margin_right,
            y2: rule_y,
            width: 0.4,
            color: r.accent,
            kind: RuleKind::Accent,
        }));
        footer_top = rule_y - mm(6.0);
    }

    // Marks (page 1).
    if r.marks {
        for y in &g.fold_marks {
            first.push(mark(*y, mm(5.0), RuleKind::Fold));
        }
        if let Some(y) = g.punch_mark {
            first.push(mark(y, mm(8.0), RuleKind::Punch));
        }
    }

    // Page 1's text in reading order: return address, endorsement and address as one
    // paragraph each, the information block line by line; letterhead and footer are artifacts.
    let mut role_blocks: Vec<(Role, usize)> = Vec::new();
    for item in &mut first {
        let Item::Text(t) = item else { continue };
        t.block = match t.role {
            Role::ReturnAddress | Role::MailNote | Role::Recipient => {
                match role_blocks.iter().find(|(r, _)| *r == t.role) {
                    Some((_, b)) => Some(*b),
                    None => {
                        let b = cx.node(StructKind::Paragraph);
                        role_blocks.push((t.role, b));
                        Some(b)
                    }
                }
            }
            Role::Info | Role::Date => Some(cx.node(StructKind::Paragraph)),
            _ => None,
        };
    }

    // The flow.
    let flow_top = w.bottom().max(column_bottom) + mm(8.46);
    let chunks = cx.flow()?;
    let next_top = continuation_top(r);
    let next_bottom = g.page_h - g.margin_bottom;
    let placed = paginate(&chunks, (flow_top, footer_top), (next_top, next_bottom));
    let total = placed.len().max(1);
    if total > crate::resolve::MAX_PAGES {
        return Err(Error::new(ErrorKind::Limit(format!(
            "the letter would take {total} pages, more than the limit of {} pages",
            crate::resolve::MAX_PAGES
        )))
        .hint("shorten the body; a business letter is rarely more than a few pages"));
    }

    let mut pages = Vec::with_capacity(total);
    for (pi, on_page) in placed.iter().enumerate() {
        let mut items = if pi == 0 {
            std::mem::take(&mut first)
        } else {
            cx.continuation(pi + 1, total)?
        };
        for (ci, y) in on_page {
            for item in &chunks[*ci].items {
                items.push(shift(item, *y));
            }
        }
        pages.push(Page {
            number: pi + 1,
            width: g.page_w,
            height: g.page_h,
            items,
        });
    }
    if pages.is_empty() {
        pages.push(Page {
            number: 1,
            width: g.page_w,
            height: g.page_h,
            items: first,
        });
    }

    let meta = Meta {
        title: r
            .subject
            .clone()
            .unwrap_or_else(|| r.recipient.first().cloned().unwrap_or_default()),
        authors: if r.signatures.is_empty() {
            r.sender
                .name
                .clone()
                .or(r.firm.clone())
                .into_iter()
                .collect()
        } else {
            r.signatures.iter().map(|s| s.name.clone()).collect()
        },
        lang: r.lang.tag().to_string(),
        date: r.date.format("%Y-%m-%d").to_string(),
        subject: None,
        keywords: Vec::new(),
    };
    cx.warnings.extend(artwork::underlay(r, &mut pages)?);
    let links = artwork::links(r, &pages);
    let boxes = layout_boxes(
        r,
        &pages,
        &chunks,
        &placed,
        (flow_top, footer_top),
        (next_top, next_bottom),
    );
    Ok(artwork::with_resolution_warnings(Warned {
        output: Document {
            pages,
            meta,
            structure: cx.structure,
            links,
            boxes,
        },
        warnings: cx.warnings,
    }))
}

/// The zones of each page and the rectangle of every flow chunk, for the debug overlay and
/// `--layout-json`.
fn layout_boxes(
    r: &Resolved,
    pages: &[Page],
    chunks: &[Chunk],
    placed: &[Vec<(usize, f32)>],
    first: (f32, f32),
    next: (f32, f32),
) -> Vec<LayoutBox> {
    let g = &r.geometry;
    let mut out = Vec::new();
    let mut add = |page: usize, label: &str, x: f32, y: f32, w: f32, h: f32| {
        out.push(LayoutBox {
            page,
            label: label.to_string(),
            x,
            y,
            w,
            h,
        })
    };
    add(1, "window", g.window.x, g.window.y, g.window.w, g.window.h);
    if g.return_zone > 0.0 {
        add(
            1,
            "return-address zone",
            g.window.x,
            g.window.y,
            g.window.w,
            g.return_zone,
        );
        add(
            1,
            "endorsement zone",
            g.window.x,
            g.window.y + g.return_zone,
            g.window.w,
            g.endorsement_zone,
        );
    }
    add(
        1,
        "info",
        g.info.x,
        g.info.y,
        g.page_w - g.margin_right - g.info.x,
        g.info.h,
    );
    for page in pages {
        let (top, bottom) = if page.number == 1 { first } else { next };
        add(
            page.number,
            "text area",
            g.margin_left,
            top,
            g.text_width(),
            bottom - top,
        );
    }
    for (pi, on_page) in placed.iter().enumerate() {
        for (ci, y) in on_page {
            let c = &chunks[*ci];
            let label = c
                .items
                .iter()
                .find_map(|i| match i {
                    Item::Text(t) => Some(format!("{:?}", t.role)),
                    Item::Image(i) => Some(i.role.to_string()),
                    Item::Rule(_) => None,
                })
                .unwrap_or_else(|| "block".into());
            add(pi + 1, &label, g.margin_left, *y, g.text_width(), c.height);
        }
    }
    out
}

/// Where the flow starts on pages 2 and later.
fn continuation_top(r: &Resolved) -> f32 {
    let g = &r.geometry;
    let img = r.next_header.as_ref().map(|h| h.height).unwrap_or(0.0);
    let top = if img > 0.0 {
        img + mm(6.0)
    } else {
        g.margin_top_next
    };
    top + r.size * SMALL * 1.3 + mm(8.0)
}

struct Cx<'a> {
    r: &'a Resolved,
    warnings: Vec<Warning>,
    leading: f32,
    /// The logical structure built so far, in reading order.
    structure: Vec<StructNode>,
    /// The node new nodes are nested in (a list item's body).
    parent: Option<usize>,
}

fn span(text: &str, style: FontStyle) -> Span {
    Span {
        text: text.to_string(),
        style,
    }
}

fn font_err(e: crate::fonts::FontError) -> Error {
    Error::new(ErrorKind::Font(e.to_string()))
}

fn text_item(x: f32, y: f32, line: Line, color: Color, role: Role) -> Item {
    Item::Text(TextLine {
        x,
        y,
        runs: line.runs,
        color,
        role,
        paragraph: None,
        ratio: line.ratio,
        tracking: line.tracking,
        hyphenated: line.hyphenated,
        overfull: line.overfull,
        block: None,
    })
}

/// The same item, as part of structure node `block`.
fn in_block(mut item: Item, block: usize) -> Item {
    match &mut item {
        Item::Text(t) => t.block = Some(block),
        Item::Image(i) => i.block = Some(block),
        Item::Rule(_) => {}
    }
    item
}

fn mark(y: f32, len: f32, kind: RuleKind) -> Item {
    Item::Rule(Rule {
        x1: mm(3.0),
        y1: y,
        x2: mm(3.0) + len,
        y2: y,
        width: 0.35,
        color: Color::GREY,
        kind,
    })
}

/// Move a chunk-relative item down to `dy`.
fn shift(item: &Item, dy: f32) -> Item {
    let mut it = item.clone();
    match &mut it {
        Item::Text(t) => t.y += dy,
        Item::Image(i) => i.y += dy,
        Item::Rule(r) => {
            r.y1 += dy;
            r.y2 += dy;
        }
    }
    it
}

/// Scale an image into a box keeping its aspect ratio (top- and left-aligned).
fn fit_image(img: &Arc<ImageData>, x: f32, y: f32, w: f32, h: f32) -> ImageBox {
    let aspect = img.width as f32 / img.height as f32;
    let (mut iw, mut ih) = (w, w / aspect);
    if ih > h {
        ih = h;
        iw = h * aspect;
    }
    ImageBox {
        x,
        y,
        w: iw,
        h: ih,
        image: img.clone(),
        role: "image",
        block: None,
    }
}

impl Cx<'_> {
    /// A new structure node under the current parent.
    fn node(&mut self, kind: StructKind) -> usize {
        self.structure.push(StructNode {
            kind,
            parent: self.parent,
        });
        self.structure.len() - 1
    }

    fn warn(&mut self, message: String) {
        self.warnings.push(Warning::new(message));
    }

    fn line(&mut self, spans: &[Span], size: f32) -> Result<Line, Error> {
        text::shape_line(&self.r.fonts, spans, size).map_err(font_err)
    }

    fn paragraph(
        &mut self,
        spans: &[Span],
        size: f32,
        width: f32,
        align: Align,
    ) -> Result<Vec<Line>, Error> {
        let style = ParagraphStyle {
            size,
            width,
            align,
            lang: self.r.lang,
            hyphenate: align == Align::Justify,
        };
        let p = text::typeset(&self.r.fonts, spans, &style).map_err(font_err)?;
        for w in p.warnings {
            self.warn(w);
        }
        Ok(p.lines)
    }

    /// Lines of a paragraph as chunks, with widow and orphan protection.
    fn para_chunks(
        &mut self,
        out: &mut Vec<Chunk>,
        lines: Vec<Line>,
        x: f32,
        space_before: f32,
        role: Role,
        paragraph: Option<usize>,
    ) {
        let color = if role == Role::Subject {
            self.r.accent
        } else {
            Color::BLACK
        };
        let block = self.node(if role == Role::Subject {
            StructKind::Heading
        } else {
            StructKind::Paragraph
        });
        let n = lines.len();
        let lead = self.leading;
        let base = (lead - self.r.size) / 2.0 + self.r.size * 0.8;
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
                    let indent = mm(LIST_INDENT_MM);
                    let saved = self.parent;
                    let list = self.node(StructKind::List { ordered: *ordered });
                    for (ii, item) in items.iter().enumerate() {
                        let marker = if *ordered {
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
                        let item_gap = if ii == 0 { gap } else { lead * 0.25 };
                        self.blocks(out, item, x + indent, width - indent, counter, item_gap)?;
                        if let Some(ch) = out.get_mut(before) {
                            let m = text::shape_line(
                                &self.r.fonts,
                                &[span(&marker, FontStyle::Regular)],
                                self.r.size,
                            )
                            .map_err(font_err)?;
                            let mx = x + indent - m.width - mm(2.0);
                            let base = (lead - self.r.size) / 2.0 + self.r.size * 0.8;
                            let item =
                                text_item(mx.max(x), base, m, Color::BLACK, Role::ListMarker);
                            // The marker is read before the item's text.
                            ch.items.insert(0, in_block(item, lbl));
                        }
                    }
                    self.parent = saved;
                }
            }
        }
        Ok(())
    }

    /// The flow of page content after the fixed zones.
    fn flow(&mut self) -> Result<Vec<Chunk>, Error> {
        let r = self.r;
        let g = &r.geometry;
        let lead = self.leading;
        let x = g.margin_left;
        let width = g.text_width();
        let mut out = Vec::new();
        let base = (lead - r.size) / 2.0 + r.size * 0.8;

        // US block style: the date opens the flow (European letters have it in the column).
        if r.lang == crate::locale::Lang::EnUs {
            let date_block = self.node(StructKind::Paragraph);
            let date = self.line(&[span(&r.date_line, FontStyle::Regular)], r.size)?;
            out.push(Chunk {
                space_before: 0.0,
                height: lead,
                keep_with_next: true,
                items: vec![in_block(
                    text_item(x, base, date, Color::BLACK, Role::Date),
                    date_block,
                )],
            });
        }

        let mut gap = lead;
        if let Some(subject) = &r.subject {
            let lines = self.paragraph(
                &[span(subject, FontStyle::Bold)],
                r.size,
                width,
                Align::Left,
            )?;
            let start = out.len();
            self.para_chunks(&mut out, lines, x, lead * 1.2, Role::Subject, None);
            for c in &mut out[start..] {
                c.keep_with_next = true;
            }
            gap = lead;
        }
        let lines = self.paragraph(
            &[span(&r.opening, FontStyle::Regular)],
            r.size,
            width,
            Align::Left,
        )?;
        let start = out.len();
        self.para_chunks(&mut out, lines, x, gap, Role::Opening, None);
        for c in &mut out[start..] {
            c.keep_with_next = true;
        }

        let mut counter = 0;
        self.blocks(
            &mut out,
            &r.body,
            x,
            width,
            &mut counter,
            lead * PARAGRAPH_GAP,
        )?;
        // The closing stays with the last lines of the body.
        let n = out.len();
        for c in out.iter_mut().skip(n.saturating_sub(2)) {
            c.keep_with_next = true;
        }

        let lines = self.paragraph(
            &[span(&r.closing, FontStyle::Regular)],
            r.size,
            width,
            Align::Left,
        )?;
        let start = out.len();
        self.para_chunks(&mut out, lines, x, lead, Role::Closing, None);
        for c in &mut out[start..] {
            c.keep_with_next = true;
        }
        out.push(self.signatures(x, width)?);

        let small_gap = lead * 1.2;
        if !r.enclosures.is_empty() {
            let label = r.lang.enclosures_label(r.enclosures.len());
            self.labelled_list(&mut out, label, &r.enclosures, small_gap, Role::Enclosures)?;
        }
        if !r.cc.is_empty() {
            let gap = if r.enclosures.is_empty() {
                small_gap
            } else {
                lead * 0.6
            };
            self.labelled_list(&mut out, r.lang.cc_label(), &r.cc, gap, Role::Cc)?;
        }
        if let Some(ps) = &r.ps {
            let spans = [
                span(&format!("{} ", r.lang.ps_label()), FontStyle::Bold),
                span(ps, FontStyle::Regular),
            ];
            let lines = self.paragraph(&spans, r.size, width, r.align)?;
            self.para_chunks(&mut out, lines, x, small_gap, Role::Ps, None);
        }
        Ok(out)
    }

    fn labelled_list(
        &mut self,
        out: &mut Vec<Chunk>,
        label: &str,
        items: &[String],
        gap: f32,
        role: Role,
    ) -> Result<(), Error> {
        let (x, width) = (self.r.geometry.margin_left, self.r.geometry.text_width());
        let size = self.r.size * 0.9;
        let lead = size * LEADING;
        let base = (lead - size) / 2.0 + size * 0.8;
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

    /// The signatories side by side: signature image (or room to sign), name, role.
    fn signatures(&mut self, x: f32, width: f32) -> Result<Chunk, Error> {
        let r = self.r;
        let lead = self.leading;
        let (bw, bh) = (mm(SIGNATURE_BOX_MM.0), mm(SIGNATURE_BOX_MM.1));
        let n = r.signatures.len().max(1);
        let col = (width / n as f32).min(mm(85.0));
        let mut items = Vec::new();
        let mut height = bh + mm(2.0);
        for (i, s) in r.signatures.iter().enumerate() {
            let cx0 = x + col * i as f32;
            if let Some(img) = &s.image {
                let b = fit_image(img, cx0, mm(1.0), bw.min(col - mm(4.0)), bh);
                let fig = self.node(StructKind::Figure {
                    alt: r.lang.signature_alt(&s.name),
                });
                items.push(in_block(
                    Item::Image(ImageBox {
                        role: "signature",
                        ..b
                    }),
                    fig,
                ));
            }
            let mut y = bh + mm(2.0) + r.size * 0.8;
            let lines = self.paragraph(
                &[span(&s.name, FontStyle::Regular)],
                r.size,
                col - mm(4.0),
                Align::Left,
            )?;
            let name_block = self.node(StructKind::Paragraph);
            for line in lines {
                let item = text_item(cx0, y, line, Color::BLACK, Role::SignatureName);
                items.push(in_block(item, name_block));
                y += lead;
            }
            if let Some(role) = &s.role {
                let size = r.size * 0.9;
                let lines = self.paragraph(
                    &[span(role, FontStyle::Italic)],
                    size,
                    col - mm(4.0),
                    Align::Left,
                )?;
                let role_block = self.node(StructKind::Paragraph);
                for line in lines {
                    let item = text_item(
                        cx0,
                        y - lead + size * 1.25,
                        line,
                        Color::GREY,
                        Role::SignatureRole,
                    );
                    items.push(in_block(item, role_block));
                    y += size * 1.25;
                }
            }
            height = height.max(y - r.size * 0.8 + mm(1.0));
        }
        Ok(Chunk {
            space_before: mm(1.0),
            height,
            keep_with_next: false,
            items,
        })
    }

    /// The continuation header of page `n` of `total`.
    fn continuation(&mut self, n: usize, total: usize) -> Result<Vec<Item>, Error> {
        let r = self.r;
        let g = &r.geometry;
        let mut items = Vec::new();
        let mut top = g.margin_top_next;
        if let Some(h) = &r.next_header {
            let b = fit_image(&h.image, 0.0, 0.0, g.page_w, h.height);
            top = h.height + mm(6.0);
            items.push(Item::Image(ImageBox {
                role: "header",
                ..b
            }));
        }
        let size = r.size * SMALL;
        let y = top + size;
        let who = r.recipient.first().cloned().unwrap_or_default();
        let left = self.line(
            &[span(
                &format!("{who} · {}", r.date_text),
                FontStyle::Regular,
            )],
            size,
        )?;
        items.push(text_item(
            g.margin_left,
            y,
            left,
            Color::GREY,
            Role::Continuation,
        ));
        let right = self.line(&[span(&r.lang.page_of(n, total), FontStyle::Regular)], size)?;
        let rx = g.page_w - g.margin_right - right.width;
        items.push(text_item(rx, y, right, Color::GREY, Role::Continuation));
        items.push(Item::Rule(Rule {
            x1: g.margin_left,
            y1: y + 4.0,
            x2: g.page_w - g.margin_right,
            y2: y + 4.0,
            width: 0.4,
            color: r.accent,
            kind: RuleKind::Accent,
        }));
        Ok(items)
    }
}
