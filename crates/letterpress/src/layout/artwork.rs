//! Firm artwork on the laid-out pages: the designer's stationery under each page, the
//! watermark word, and `--preprinted` (paper that already carries the letterhead).
//!
//! All three work on finished pages, so nothing else moves: stationery and the watermark are
//! drawn under the letter's items, and preprinted paper only takes items away.

use super::model::{Document, ImageBox, Item, Page, Role};
use super::{span, text_item};
use crate::error::Error;
use crate::fonts::FontStyle;
use crate::resolve::Resolved;
use crate::units::Color;

/// The watermark's colour: light enough to read the letter through, no transparency (which
/// PDF/A-1 would forbid and some printers mishandle); it is drawn under the text.
pub const WATERMARK_COLOR: Color = Color {
    r: 0xD4,
    g: 0xD4,
    b: 0xD4,
};

/// The watermark's length as a share of the page diagonal it lies on.
const WATERMARK_SPAN: f32 = 0.5;
/// The largest watermark size (pt): a short word stays a word, not a block.
const WATERMARK_MAX_SIZE: f32 = 140.0;

/// Put the stationery pages and the watermark under the items of every page.
pub(super) fn underlay(r: &Resolved, pages: &mut [Page]) -> Result<(), Error> {
    for page in pages.iter_mut() {
        let mut under = Vec::new();
        let sheet = if page.number == 1 {
            &r.artwork.first
        } else {
            &r.artwork.next
        };
        if let Some(image) = sheet {
            under.push(Item::Image(ImageBox {
                x: 0.0,
                y: 0.0,
                w: page.width,
                h: page.height,
                image: image.clone(),
                role: "stationery",
                block: None,
            }));
        }
        if let Some(word) = r.artwork.watermark.as_deref().filter(|w| !w.is_empty()) {
            under.push(watermark(r, word, page)?);
        }
        page.items.splice(0..0, under);
    }
    Ok(())
}

/// The watermark line of `page`, centred; the PDF writer turns it about the page's centre
/// onto the diagonal from the lower left to the upper right (see [`watermark_angle`]).
fn watermark(r: &Resolved, word: &str, page: &Page) -> Result<Item, Error> {
    let probe = 100.0;
    let line = super::text::shape_line(&r.fonts, &[span(word, FontStyle::Bold)], probe)
        .map_err(super::font_err)?;
    let diagonal = page.width.hypot(page.height);
    let width = line.width.max(1.0);
    let size = (probe * WATERMARK_SPAN * diagonal / width).min(WATERMARK_MAX_SIZE);
    let line = super::text::shape_line(&r.fonts, &[span(word, FontStyle::Bold)], size)
        .map_err(super::font_err)?;
    let cap = r.fonts.face(FontStyle::Bold).cap_height(size);
    Ok(text_item(
        (page.width - line.width) / 2.0,
        (page.height + cap) / 2.0,
        line,
        WATERMARK_COLOR,
        Role::Watermark,
    ))
}

/// The angle (radians, counter-clockwise as seen on the page) of a watermark on a page of
/// this size: the rising diagonal.
pub fn watermark_angle(width: f32, height: f32) -> f32 {
    height.atan2(width)
}

/// Take away what the paper already carries: the header images, the stationery, the footer
/// and the typeset letterhead band. Every other item keeps its place.
pub fn preprinted(doc: &mut Document) {
    for page in &mut doc.pages {
        page.items.retain(|item| !is_letterhead(item));
    }
}

/// Whether an item is part of the printed letterhead.
pub fn is_letterhead(item: &Item) -> bool {
    match item {
        Item::Image(i) => matches!(i.role, "header" | "stationery"),
        Item::Text(t) => matches!(t.role, Role::Footer | Role::Letterhead),
        Item::Rule(_) => false,
    }
}
