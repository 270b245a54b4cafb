//! Layout: a [`Resolved`] letter → a [`Document`] of pages with every item at a fixed position.
//!
//! Page 1 carries the fixed zones of the layout (header, window with return address,
//! endorsement and recipient, information block, footer, marks); the rest is a flow of chunks
//! (date, subject, opening, body lines, closing with signatures, enclosures, cc, PS) that
//! `paginate` distributes over pages with keep rules. Continuation headers are drawn last,
//! when the page count is known, so "Strona 2 z 3" needs no second run.

mod address;
pub(crate) use address::is_courtesy_title;
pub mod artwork;
mod body;
pub mod bounds;
mod boxes;
mod closing;
mod continuation;
pub mod envelope;
mod first_page;
mod flow;
mod footer;
pub mod geometry;
mod glue;
mod links;
pub mod model;
mod paginate;
mod signatures;
mod us;

use std::sync::Arc;

use crate::error::{Error, ErrorKind, Warned, Warning};
use crate::fonts::FontStyle;
use crate::resolve::{ImageData, Resolved};
use crate::text::{self, Align, Line, ParagraphStyle, Span};
use crate::units::{mm, Color};
use continuation::continuation_top;
use model::{Document, ImageBox, Item, Page, Role, StructKind, StructNode, TextLine};
use paginate::Chunk;

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

/// The subject starts two lines of 12 pt (2 × 4.23 mm) under the window and the column
/// (DIN 5008's gap between the address field and the subject).
const FLOW_GAP_MM: f32 = 8.46;

/// How far above the subject's baseline the letter's outline entry opens (about a line).
const OUTLINE_ABOVE_PT: f32 = 14.0;

/// Where the outline entry opens: above the subject on page 1, if there is one.
fn outline_y(pages: &[Page]) -> Option<f32> {
    pages.first()?.items.iter().find_map(|i| match i {
        Item::Text(t) if t.role == Role::Subject => Some((t.y - OUTLINE_ABOVE_PT).max(0.0)),
        _ => None,
    })
}

/// Lay out a resolved letter: page 1's zones, the flow, its pages, their continuation headers.
pub fn layout(r: &Resolved) -> Result<Warned<Document>, Error> {
    let mut cx = Cx {
        r,
        warnings: r.artwork.notes.clone(),
        leading: r.size * LEADING,
        structure: Vec::new(),
        parent: None,
    };
    let g = &r.geometry;
    let first = cx.first_page()?;
    let flow_top = first.zones_bottom + mm(FLOW_GAP_MM);
    let mut chunks = cx.flow()?;
    let first_area = (flow_top, first.footer_top);
    let next_area = (continuation_top(r), g.page_h - g.margin_bottom);
    let (placed, nearly_empty) =
        closing::paginate_letter(&mut chunks, &cx.structure, first_area, next_area);
    if let Some(w) = nearly_empty {
        cx.warn(w);
    }
    let total = placed.len().max(1);
    if total > crate::resolve::MAX_PAGES {
        return Err(Error::new(ErrorKind::Limit(format!(
            "the letter would take {total} pages, more than the limit of {} pages",
            crate::resolve::MAX_PAGES
        )))
        .at(r.origins.role(Role::Body))
        .hint("shorten the body; a business letter is rarely more than a few pages"));
    }
    let mut pages = cx.pages(first.items, &chunks, &placed, total)?;
    cx.tag_footer(&mut pages);
    cx.warnings
        .extend(artwork::underlay(r, &mut pages, first.sheet_node)?);
    let links = artwork::links(r, &pages);
    let outline_y = outline_y(&pages);
    let boxes = boxes::layout_boxes(r, &pages, &chunks, &placed, first_area, next_area);
    Ok(artwork::with_resolution_warnings(Warned {
        output: Document {
            fonts: r.fonts.clone(),
            pages,
            meta: r.meta.clone(),
            structure: cx.structure,
            links,
            outline_y,
            bleed: r.print.bleed,
            boxes,
            appendix: r.appendix.clone(),
            cmyk: r.accent_cmyk.map(|c| (r.accent, c)).into_iter().collect(),
        },
        warnings: cx.warnings,
    }))
}

impl Cx<'_> {
    /// The pages: page 1's zones (or a continuation header) and the chunks placed on it.
    fn pages(
        &mut self,
        mut first: Vec<Item>,
        chunks: &[Chunk],
        placed: &[Vec<(usize, f32)>],
        total: usize,
    ) -> Result<Vec<Page>, Error> {
        let g = &self.r.geometry;
        let mut pages = Vec::with_capacity(total);
        for (pi, on_page) in placed.iter().enumerate() {
            let mut items = if pi == 0 {
                std::mem::take(&mut first)
            } else {
                self.continuation(pi + 1, total)?
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
        Ok(pages)
    }
}

/// The state of one layout: the letter, warnings, the structure tree built so far.
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
        hyphen_added: line.hyphen_added,
        overfull: line.overfull,
        block: None,
        links: Vec::new(),
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

/// The baseline of a line set at `size` in a line box `lead` tall, from the box's top: the
/// box's extra space split above and below, then the ascent (0.8 em).
fn baseline(lead: f32, size: f32) -> f32 {
    (lead - size) / 2.0 + size * 0.8
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
        text::shape_line_in(&self.r.fonts, spans, size, self.r.lang).map_err(font_err)
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
        let p = self
            .r
            .paragraphs
            .typeset(&self.r.fonts, spans, &style)
            .map_err(font_err)?;
        for w in p.warnings {
            self.warn(w);
        }
        Ok(p.lines)
    }
}
