//! Link annotations: each link area of a page's text lines becomes a URI link annotation,
//! tagged under its `Link` structure element (PDF/UA: a link's annotation is part of the
//! structure, with the address as its alternative text).

use krilla::action::{Action, LinkAction};
use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::geom::Rect;
use krilla::page::Page as KrillaPage;
use krilla::tagging::Node;

use crate::layout::model::{Item, Page};

/// A link annotation to make: its rectangle (left, top, right, bottom, top-down), target and
/// structure node.
pub(super) struct Area {
    rect: (f32, f32, f32, f32),
    url: String,
    node: usize,
}

/// The link areas of a page, in drawing order: over the glyphs from a little above the
/// capitals to below the descenders; shifted by the page's `bleed`.
pub(super) fn areas(page: &Page, bleed: f32) -> Vec<Area> {
    let mut out = Vec::new();
    for item in &page.items {
        let Item::Text(t) = item else { continue };
        let size = t.runs.first().map_or(10.0, |r| r.size);
        for l in &t.links {
            out.push(Area {
                rect: (
                    bleed + t.x + l.x0,
                    bleed + t.y - size * 0.9,
                    bleed + t.x + l.x1,
                    bleed + t.y + size * 0.25,
                ),
                url: l.url.clone(),
                node: l.node,
            });
        }
    }
    out
}

/// Add the annotations to the page, each as content of its `Link` node.
pub(super) fn annotate(page: &mut KrillaPage<'_>, areas: Vec<Area>, leaves: &mut [Vec<Node>]) {
    for a in areas {
        let (l, t, r, b) = a.rect;
        let Some(rect) = Rect::from_ltrb(l, t, r, b) else {
            continue;
        };
        let target = Target::Action(Action::Link(LinkAction::new(a.url.clone())));
        let annotation = Annotation::new_link(LinkAnnotation::new(rect, target), Some(a.url));
        let id = page.add_tagged_annotation(annotation);
        if let Some(leaf) = leaves.get_mut(a.node) {
            leaf.push(Node::from(id));
        }
    }
}
