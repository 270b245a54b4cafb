//! The signatories under the closing, side by side: a signature image (or room to sign by
//! hand), the name, the role.

use crate::error::Error;
use crate::fonts::FontStyle;
use crate::text::Align;
use crate::units::{mm, Color};

use super::model::{ImageBox, Item, Role, StructKind};
use super::paginate::Chunk;
use super::{fit_image, in_block, span, text_item, Cx, SIGNATURE_BOX_MM};

/// The widest column a signatory takes.
const COLUMN_MAX_MM: f32 = 85.0;
/// Space between two signatories' columns.
const COLUMN_GAP_MM: f32 = 4.0;
/// Line spacing of the role, as a multiple of its size.
const ROLE_LEADING: f32 = 1.25;

impl Cx<'_> {
    /// The signatories side by side: signature image (or room to sign), name, role.
    pub(super) fn signatures(&mut self, x: f32, width: f32) -> Result<Chunk, Error> {
        let r = self.r;
        let lead = self.leading;
        let (bw, bh) = (mm(SIGNATURE_BOX_MM.0), mm(SIGNATURE_BOX_MM.1));
        let n = r.signatures.len().max(1);
        let col = (width / n as f32).min(mm(COLUMN_MAX_MM));
        let text_w = col - mm(COLUMN_GAP_MM);
        let mut items = Vec::new();
        let mut height = bh + mm(2.0);
        for (i, s) in r.signatures.iter().enumerate() {
            let cx0 = x + col * i as f32;
            if let Some(img) = &s.image {
                let b = fit_image(img, cx0, mm(1.0), bw.min(text_w), bh);
                let fig = self.node(StructKind::Figure {
                    alt: r.lang.signature_alt(&s.name),
                });
                let image = Item::Image(ImageBox {
                    role: "signature",
                    ..b
                });
                items.push(in_block(image, fig));
            }
            let mut y = bh + mm(2.0) + r.size * 0.8;
            let spans = [span(&s.name, FontStyle::Regular)];
            let lines = self.paragraph(&spans, r.size, text_w, Align::Left)?;
            let name_block = self.node(StructKind::Paragraph);
            for line in lines {
                let item = text_item(cx0, y, line, Color::BLACK, Role::SignatureName);
                items.push(in_block(item, name_block));
                y += lead;
            }
            if let Some(role) = &s.role {
                let size = r.size * 0.9;
                let spans = [span(role, FontStyle::Italic)];
                let lines = self.paragraph(&spans, size, text_w, Align::Left)?;
                let role_block = self.node(StructKind::Paragraph);
                for line in lines {
                    let line_y = y - lead + size * ROLE_LEADING;
                    let item = text_item(cx0, line_y, line, Color::GREY, Role::SignatureRole);
                    items.push(in_block(item, role_block));
                    y += size * ROLE_LEADING;
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
}
