//! Drawing firm artwork: raster images as krilla images, SVG and converted PDF pages as
//! vectors through krilla-svg (text kept as text in the fonts it was laid out in), and the
//! watermark turned onto the page's diagonal.

use krilla::geom::{Size, Transform};
use krilla::surface::Surface;
use krilla_svg::{SurfaceExt, SvgSettings};

use crate::layout::model::{Item, Page};
use crate::resolve::ImageData;

/// How much finer than the page SVG filters (blur, drop shadow) are rasterised: krilla-svg's
/// default, 4 × 72 = 288 dpi.
const FILTER_SCALE: f32 = 4.0;

/// Draw an image's content into a box of `size` at the current origin. A raster image has been
/// made before (the writer's `Writer::page` asks [`ImageData::raster`] first and stops there
/// if it cannot be).
pub(super) fn draw(s: &mut Surface, image: &ImageData, size: Size) {
    match &image.image {
        crate::resolve::Content::Raster(_) => {
            if let Ok(Some(img)) = image.raster() {
                s.draw_image(img, size);
            }
        }
        crate::resolve::Content::Vector(tree) => {
            let settings = SvgSettings {
                embed_text: true,
                filter_scale: FILTER_SCALE,
            };
            // krilla-svg always draws (it returns `Some`); nothing to report.
            let _ = s.draw_svg(tree, size, settings);
        }
    }
}

/// Turn the surface for the watermark line (about the page's centre); `true` when a
/// transform was pushed, to be popped after drawing the item.
pub(super) fn turn_watermark(s: &mut Surface, page: &Page, item: &Item) -> bool {
    let Some(angle) = item.turn(page) else {
        return false;
    };
    let (cx, cy) = (page.width / 2.0, page.height / 2.0);
    // krilla's y axis points down, so a counter-clockwise turn on the page is a negative one.
    s.push_transform(&Transform::from_rotate_at(-angle.to_degrees(), cx, cy));
    true
}

/// Add page `number`'s links as tagged link annotations; their identifiers, for the tag tree.
pub(super) fn add_links(
    p: &mut krilla::page::Page,
    doc: &crate::layout::model::Document,
    number: usize,
) -> Vec<krilla::tagging::Identifier> {
    use krilla::action::LinkAction;
    use krilla::annotation::{Annotation, LinkAnnotation, Target};
    doc.links
        .iter()
        .filter(|l| l.page == number)
        .filter_map(|l| {
            let b = doc.bleed;
            let rect = krilla::geom::Rect::from_xywh(l.x + b, l.y + b, l.w.max(0.1), l.h.max(0.1))?;
            let link =
                LinkAnnotation::new(rect, Target::Action(LinkAction::new(l.uri.clone()).into()));
            Some(p.add_tagged_annotation(Annotation::new_link(link, Some(l.text.clone()))))
        })
        .collect()
}

/// A `Link` structure element for each link annotation (PDF/UA: every link is tagged).
pub(super) fn link_nodes(ids: Vec<krilla::tagging::Identifier>) -> Vec<krilla::tagging::Node> {
    ids.into_iter()
        .map(|id| {
            let mut g = krilla::tagging::TagGroup::new(krilla::tagging::Tag::Link);
            g.push(id);
            g.into()
        })
        .collect()
}
