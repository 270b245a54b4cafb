//! The layout's rectangles: the zones of each page and every flow chunk, for the debug overlay
//! and `--layout-json`.

use crate::resolve::Resolved;

use super::model::{Item, LayoutBox, Page};
use super::paginate::Chunk;

/// The zones of each page and the rectangle of every flow chunk, for the debug overlay and
/// `--layout-json`.
pub(super) fn layout_boxes(
    r: &Resolved,
    pages: &[Page],
    chunks: &[Chunk],
    placed: &[Vec<(usize, f32)>],
    first: (f32, f32),
    next: (f32, f32),
) -> Vec<LayoutBox> {
    let g = &r.geometry;
    let mut out = Vec::new();
    let mut zone = |page: usize, label: &str, x: f32, y: f32, w: f32, h: f32| {
        out.push(LayoutBox {
            page,
            label: label.to_string(),
            x,
            y,
            w,
            h,
            zone: true,
        })
    };
    zone(1, "window", g.window.x, g.window.y, g.window.w, g.window.h);
    if g.return_zone > 0.0 {
        zone(
            1,
            "return-address zone",
            g.window.x,
            g.window.y,
            g.window.w,
            g.return_zone,
        );
        zone(
            1,
            "endorsement zone",
            g.window.x,
            g.window.y + g.return_zone,
            g.window.w,
            g.endorsement_zone,
        );
    }
    zone(
        1,
        "info",
        g.info.x,
        g.info.y,
        g.info_right() - g.info.x,
        g.info.h,
    );
    for page in pages {
        let (top, bottom) = if page.number == 1 { first } else { next };
        zone(
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
            out.push(LayoutBox {
                page: pi + 1,
                label,
                x: g.margin_left,
                y: *y,
                w: g.text_width(),
                h: c.height,
                zone: false,
            });
        }
    }
    out
}
