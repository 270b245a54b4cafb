//! Pages 2 and later: the continuation header (artwork, the recipient and date, "page n of m"
//! under a rule), drawn once the page count is known, and where their flow starts.

use crate::error::Error;
use crate::fonts::FontStyle;
use crate::resolve::Resolved;
use crate::units::{mm, Color};

use super::model::{ImageBox, Item, Role, Rule, RuleKind};
use super::{fit_image, span, text_item, Cx, SMALL};

/// Space between the continuation artwork and the header line.
const BELOW_ARTWORK_MM: f32 = 6.0;
/// Space between the header's rule and the flow.
const BELOW_HEADER_MM: f32 = 8.0;

/// Where the flow starts on pages 2 and later.
pub(super) fn continuation_top(r: &Resolved) -> f32 {
    let g = &r.geometry;
    let img = r.next_header.as_ref().map(|h| h.height).unwrap_or(0.0);
    let top = if img > 0.0 {
        img + mm(BELOW_ARTWORK_MM)
    } else {
        g.margin_top_next
    };
    top + r.size * SMALL * 1.3 + mm(BELOW_HEADER_MM)
}

impl Cx<'_> {
    /// The continuation header of page `n` of `total`.
    pub(super) fn continuation(&mut self, n: usize, total: usize) -> Result<Vec<Item>, Error> {
        let r = self.r;
        let g = &r.geometry;
        let mut items = Vec::new();
        let mut top = g.margin_top_next;
        if let Some(h) = &r.next_header {
            let b = fit_image(&h.image, 0.0, 0.0, g.page_w, h.height);
            top = h.height + mm(BELOW_ARTWORK_MM);
            items.push(Item::Image(ImageBox {
                role: "header",
                ..b
            }));
        }
        let size = r.size * SMALL;
        let y = top + size;
        let who = super::address::addressee(&r.recipient);
        let left_text = format!("{who} · {}", r.date_text);
        let left = self.line(&[span(&left_text, FontStyle::Regular)], size)?;
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
