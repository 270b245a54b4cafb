//! Bleed: with the letterhead's `bleed:` every page of the letter is larger by the bleed on
//! each side. The MediaBox and BleedBox are the larger sheet, the TrimBox is the paper, and
//! everything is drawn shifted by the bleed, so each position relative to the TrimBox is the
//! page model's. Artwork that touches an edge of the paper is drawn on into the bleed: its
//! outermost sliver (a pixel row or column, or a thin strip of vector artwork) is stretched
//! over the bleed, so a full-width band runs off the trimmed sheet with its own colours and
//! nothing inside the paper moves. What is drawn into the bleed is an artifact of the page,
//! and an SVG's text is drawn there as outlines, so no text is read twice.

use krilla::geom::{PathBuilder, Rect, Transform};
use krilla::page::PageSettings;
use krilla::paint::FillRule;
use krilla::surface::Surface;
use krilla::tagging::{Artifact, ArtifactType, ContentTag};
use krilla_svg::{SurfaceExt, SvgSettings};

use crate::layout::model::{ImageBox, Item, Page};
use crate::resolve::Content;

/// A box edge this close (pt) to the paper's edge touches it.
const AT_EDGE: f32 = 0.5;
/// The share of vector artwork stretched over the bleed at a touching edge.
const VECTOR_SLIVER: f32 = 0.002;
/// How far (pt) the stretched sliver reaches back onto the paper, over its own edge, so that
/// no hairline seam shows between the paper and the bleed where a viewer antialiases both.
const OVERLAP: f32 = 0.3;

/// The page's settings: the paper, or with `bleed` the larger sheet with its boxes.
pub(super) fn settings(page: &Page, bleed: f32) -> Option<PageSettings> {
    if bleed <= 0.0 {
        return PageSettings::from_wh(page.width, page.height);
    }
    let (w, h) = (page.width + 2.0 * bleed, page.height + 2.0 * bleed);
    Some(
        PageSettings::from_wh(w, h)?
            .with_bleed_box(Rect::from_xywh(0.0, 0.0, w, h))
            .with_trim_box(Rect::from_xywh(bleed, bleed, page.width, page.height)),
    )
}

/// Shift what follows onto the paper inside the bleed; `true` when a transform was pushed
/// (pop it before finishing the surface).
pub(super) fn shift(s: &mut Surface, bleed: f32) -> bool {
    if bleed > 0.0 {
        s.push_transform(&Transform::from_translate(bleed, bleed));
    }
    bleed > 0.0
}

/// Draw the parts of an image that run on into the bleed, at every edge (and corner) of the
/// paper the image's box touches.
pub(super) fn extend(s: &mut Surface, item: &Item, page: &Page, bleed: f32) {
    let Item::Image(i) = item else { return };
    if bleed <= 0.0 {
        return;
    }
    let touches = [
        i.x <= AT_EDGE,
        i.y <= AT_EDGE,
        i.x + i.w >= page.width - AT_EDGE,
        i.y + i.h >= page.height - AT_EDGE,
    ];
    let (sliver_x, sliver_y) = match &i.image.image {
        Content::Raster(_) => (
            1.0 / i.image.width.max(1) as f32,
            1.0 / i.image.height.max(1) as f32,
        ),
        Content::Vector(_) => (VECTOR_SLIVER, VECTOR_SLIVER),
    };
    if !touches.contains(&true) {
        return;
    }
    s.start_tagged(ContentTag::Artifact(Artifact::new(
        ArtifactType::Page,
        None,
    )));
    for dx in [-1i8, 0, 1] {
        for dy in [-1i8, 0, 1] {
            let needs = |d: i8, low: bool, high: bool| match d {
                -1 => low,
                1 => high,
                _ => true,
            };
            if (dx, dy) == (0, 0)
                || !needs(dx, touches[0], touches[2])
                || !needs(dy, touches[1], touches[3])
            {
                continue;
            }
            let ax = axis(dx, i.x, i.w, page.width, bleed, sliver_x);
            let ay = axis(dy, i.y, i.h, page.height, bleed, sliver_y);
            draw_region(s, i, ax, ay);
        }
    }
    s.end_tagged();
}

/// One axis of a region: the scale and offset that map the image box onto it, and the
/// region's extent (clip).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Axis {
    scale: f32,
    offset: f32,
    from: f32,
    to: f32,
}

/// The mapping of the box `origin`..`origin + size` for a region before the paper (`-1`),
/// on it (`0`) or after it (`1`), on a paper `extent` long.
fn axis(d: i8, origin: f32, size: f32, extent: f32, bleed: f32, sliver: f32) -> Axis {
    let stretch = bleed / (sliver * size).max(1e-3);
    match d {
        -1 => Axis {
            scale: stretch,
            offset: -bleed,
            from: -bleed,
            to: OVERLAP,
        },
        1 => Axis {
            scale: stretch,
            offset: extent + bleed - stretch * size,
            from: extent - OVERLAP,
            to: extent + bleed,
        },
        _ => Axis {
            scale: 1.0,
            offset: origin,
            from: origin.max(0.0),
            to: (origin + size).min(extent),
        },
    }
}

fn draw_region(s: &mut Surface, i: &ImageBox, ax: Axis, ay: Axis) {
    let Some(clip) = Rect::from_ltrb(ax.from, ay.from, ax.to, ay.to) else {
        return;
    };
    let mut pb = PathBuilder::new();
    pb.push_rect(clip);
    let Some(path) = pb.finish() else { return };
    s.push_clip_path(&path, &FillRule::NonZero);
    s.push_transform(&Transform::from_row(
        ax.scale, 0.0, 0.0, ay.scale, ax.offset, ay.offset,
    ));
    let (turn, stored) = super::orientation(i.image.orientation, i.w, i.h);
    s.push_transform(&turn);
    if let Some(stored) = stored {
        match &i.image.image {
            Content::Vector(tree) => {
                let settings = SvgSettings {
                    embed_text: false,
                    ..SvgSettings::default()
                };
                // krilla-svg always draws (it returns `Some`).
                let _ = s.draw_svg(tree, stored, settings);
            }
            Content::Raster(_) => super::artwork::draw(s, &i.image, stored),
        }
    }
    s.pop();
    s.pop();
    s.pop();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_edge_sliver_is_stretched_over_the_bleed() {
        // A 100 pt box at the left edge, 3 pt bleed, a 1 % sliver: 1 pt → 3 pt.
        let a = axis(-1, 0.0, 100.0, 595.0, 3.0, 0.01);
        assert!((a.scale - 3.0).abs() < 1e-4, "{a:?}");
        assert_eq!((a.offset, a.from, a.to), (-3.0, -3.0, OVERLAP));
        // The box's first sliver (0–1 pt) lands on −3–0.
        assert!((a.offset + a.scale * 1.0).abs() < 1e-4);
        // At the right edge of a box ending at the paper's edge: its last sliver lands on
        // 595–598.
        let b = axis(1, 495.0, 100.0, 595.0, 3.0, 0.01);
        assert!((b.offset + b.scale * 100.0 - 598.0).abs() < 1e-3, "{b:?}");
        assert!((b.offset + b.scale * 99.0 - 595.0).abs() < 1e-3, "{b:?}");
        let c = axis(0, 10.0, 100.0, 595.0, 3.0, 0.01);
        assert_eq!((c.scale, c.offset, c.from, c.to), (1.0, 10.0, 10.0, 110.0));
    }
}
