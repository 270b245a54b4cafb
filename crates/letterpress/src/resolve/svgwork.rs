//! The work an SVG asks for, bounded: one budget of [`MAX_SVG_WORK`] units, so that any SVG
//! either draws within a small time or is refused with a message naming the limit.
//!
//! A unit is one path segment; an element costs [`ELEMENT_WORK`] units (usvg copies it, krilla
//! writes a group or a path with its state for it), a glyph two. The budget is counted twice:
//! - **before usvg reads the document** ([`estimate`]), on the XML: every element with its
//!   path data (`d`, `points`) and text, with each `<use>`, each `href` of a pattern, gradient
//!   or filter and each `url(#…)` reference replaced by the weight of what it names (so a
//!   fan-out of nested `<use>`s, or patterns that fill with patterns, is refused before usvg
//!   copies it out); an SVG embedded as a `data:` URL goes through the same estimate;
//! - **on the tree usvg built** ([`measure`]), which is what krilla-svg draws: its nodes, path
//!   segments, glyphs, gradient stops, the contents of patterns, masks and clip paths, and for
//!   each filter its primitives weighted by the pixels krilla-svg rasterizes the filter into
//!   (it draws filters as images, up to 5000 × 5000 pixels).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use usvg::roxmltree;

/// The most work an SVG may ask for (elements, path segments and glyphs, with every `<use>`
/// and reference expanded, and filters weighted by their pixels).
pub const MAX_SVG_WORK: u64 = 100_000;

/// The units one element costs (measured: an element drawn costs about as much as eight path
/// segments).
pub const ELEMENT_WORK: u64 = 8;
/// Pixels of filter rasterization that cost one unit of work.
const FILTER_PIXELS_PER_UNIT: f64 = 500.0;
/// The pixels krilla-svg rasterizes a filter covering the whole artwork into, at most (a
/// stationery sheet of A4 at its filter scale of 4 is about 8 million).
const FILTER_PIXELS_WHOLE: f64 = 8_000_000.0;
/// krilla-svg's cap: a filter image is at most 5000 pixels on each side.
const FILTER_PIXELS_MAX: f64 = 25_000_000.0;

/// The refusal, naming the limit.
fn over(what: &str) -> String {
    format!(
        "the SVG is too much work to draw: {what} come to more than {MAX_SVG_WORK} units of work \
         (an element {ELEMENT_WORK}, a path segment 1, a glyph 2, every <use> and reference \
         expanded, a filter by its pixels); simplify the artwork or export it flattened"
    )
}

/// The estimated work of an XML document, with every reference expanded; an error when it
/// is over [`MAX_SVG_WORK`] or a reference contains itself.
pub(crate) fn estimate(xml: &roxmltree::Document) -> Result<u64, String> {
    let ids: BTreeMap<&str, roxmltree::Node> = xml
        .descendants()
        .filter_map(|n| n.attribute("id").map(|id| (id, n)))
        .collect();
    let mut memo = BTreeMap::new();
    let total = weight(xml.root_element(), &ids, &mut memo, 0)?;
    if total > MAX_SVG_WORK {
        return Err(over("its elements"));
    }
    Ok(total)
}

/// The weight of `node` and everything under it or named by it, stopping past the budget.
fn weight<'a, 'i>(
    node: roxmltree::Node<'a, 'i>,
    ids: &BTreeMap<&str, roxmltree::Node<'a, 'i>>,
    memo: &mut BTreeMap<u32, Option<u64>>,
    level: usize,
) -> Result<u64, String> {
    if level > 1024 {
        return Err("the SVG's references (<use>, patterns, url(#…)) nest too deeply".into());
    }
    match memo.get(&node.id().get()) {
        Some(Some(n)) => return Ok(*n),
        Some(None) => return Err("the SVG has a <use> or a reference that contains itself".into()),
        None => {}
    }
    memo.insert(node.id().get(), None);
    let mut n = own_weight(&node);
    let targets = references(&node).filter_map(|id| ids.get(id).copied());
    for target in targets.chain(node.children().filter(|c| c.is_element())) {
        n = n.saturating_add(weight(target, ids, memo, level + 1)?);
        if n > MAX_SVG_WORK {
            break;
        }
    }
    memo.insert(node.id().get(), Some(n));
    Ok(n)
}

/// [`ELEMENT_WORK`] for the element, plus its path segments and the characters of its text.
fn own_weight(node: &roxmltree::Node) -> u64 {
    let mut n = ELEMENT_WORK;
    for attr in ["d", "points"] {
        if let Some(v) = node.attribute(attr) {
            n += numbers(v) / 2 + letters(v);
        }
    }
    for child in node.children().filter(|c| c.is_text()) {
        n += 2 * child.text().map_or(0, |t| t.chars().count() as u64);
    }
    n
}

/// The number of numbers in path data or a point list.
fn numbers(s: &str) -> u64 {
    let mut n = 0;
    let mut in_number = false;
    for b in s.bytes() {
        let digit = b.is_ascii_digit() || b == b'.';
        if digit && !in_number {
            n += 1;
        }
        in_number = digit;
    }
    n
}

/// The number of path commands (letters other than the exponent `e`).
fn letters(s: &str) -> u64 {
    s.bytes()
        .filter(|b| b.is_ascii_alphabetic() && !matches!(b, b'e' | b'E'))
        .count() as u64
}

/// The ids an element refers to: its `href` (a `<use>`, or the template of a pattern,
/// gradient or filter) and every `url(#id)` in its attributes and style.
fn references<'a>(node: &roxmltree::Node<'a, '_>) -> impl Iterator<Item = &'a str> {
    node.attributes().flat_map(|a| {
        let v = a.value();
        let href = (a.name() == "href")
            .then(|| v.trim().strip_prefix('#'))
            .flatten();
        href.into_iter().chain(url_ids(v))
    })
}

/// The ids of the `url(#id)`s in an attribute value.
fn url_ids(v: &str) -> impl Iterator<Item = &str> {
    v.split("url(").skip(1).filter_map(|rest| {
        let u = rest.trim_start().trim_start_matches(['"', '\'']);
        let id = u.strip_prefix('#')?;
        let end = id.find([')', '"', '\'', ' ']).unwrap_or(id.len());
        Some(&id[..end])
    })
}

/// The work of the tree usvg built (what krilla-svg draws); an error over [`MAX_SVG_WORK`].
pub(crate) fn measure(tree: &usvg::Tree) -> Result<u64, String> {
    let size = tree.size();
    let area = f64::from(size.width()) * f64::from(size.height());
    let mut work = Work { n: 0, area };
    work.group(tree.root(), 0);
    if work.n > MAX_SVG_WORK {
        return Err(over("its shapes, glyphs and filters"));
    }
    Ok(work.n)
}

struct Work {
    n: u64,
    /// The artwork's own area, to which a filter's region is compared.
    area: f64,
}

impl Work {
    fn group(&mut self, group: &usvg::Group, level: usize) {
        if self.n > MAX_SVG_WORK || level > 1024 {
            self.n = self.n.max(MAX_SVG_WORK + 1);
            return;
        }
        self.n += ELEMENT_WORK;
        if !group.filters().is_empty() {
            self.filters(group);
        }
        for node in group.children() {
            self.node(node, level + 1);
        }
    }

    fn node(&mut self, node: &usvg::Node, level: usize) {
        self.n += ELEMENT_WORK;
        match node {
            usvg::Node::Group(g) => self.group(g, level),
            usvg::Node::Path(p) => {
                self.n += p.data().verbs().len() as u64;
                for paint in [p.fill().map(|f| f.paint()), p.stroke().map(|s| s.paint())] {
                    self.paint(paint, level);
                }
            }
            usvg::Node::Text(t) => {
                let glyphs: usize = t.layouted().iter().map(|s| s.positioned_glyphs.len()).sum();
                self.n += 2 * glyphs as u64;
            }
            usvg::Node::Image(i) => {
                if let usvg::ImageKind::SVG(t) = i.kind() {
                    self.group(t.root(), level);
                }
            }
        }
        // Clip paths, masks and filter contents; patterns are counted by `paint`.
        if let usvg::Node::Group(g) = node {
            if let Some(c) = g.clip_path() {
                self.group(c.root(), level + 1);
            }
            if let Some(m) = g.mask() {
                self.group(m.root(), level + 1);
            }
        }
    }

    fn paint(&mut self, paint: Option<&usvg::Paint>, level: usize) {
        match paint {
            Some(usvg::Paint::LinearGradient(g)) => self.n += g.stops().len() as u64,
            Some(usvg::Paint::RadialGradient(g)) => self.n += g.stops().len() as u64,
            Some(usvg::Paint::Pattern(p)) => self.group(p.root(), level + 1),
            _ => {}
        }
    }

    /// A filtered group is drawn as an image: each primitive costs its pixels.
    fn filters(&mut self, group: &usvg::Group) {
        let b = group.layer_bounding_box();
        let share = f64::from(b.width()) * f64::from(b.height()) / self.area.max(1.0);
        let pixels = (share * FILTER_PIXELS_WHOLE).clamp(0.0, FILTER_PIXELS_MAX);
        let per_primitive = 1 + (pixels / FILTER_PIXELS_PER_UNIT) as u64;
        for f in group.filters() {
            self.n = self
                .n
                .saturating_add(per_primitive.saturating_mul(f.primitives().len() as u64));
        }
    }
}

/// usvg's resolver of `data:` URLs, except that an SVG inside one gets the same checks as
/// the artwork itself (the first refusal is kept in `refused`; usvg would drop the image).
pub(crate) fn data_resolver(
    refused: Arc<Mutex<Option<String>>>,
) -> usvg::ImageHrefDataResolverFn<'static> {
    let default = usvg::ImageHrefResolver::default_data_resolver();
    // The embedded SVGs share one budget: usvg resolves each `data:` URL it meets, so many
    // small documents add up.
    let spent = AtomicU64::new(0);
    Box::new(
        move |mime: &str, data: Arc<Vec<u8>>, opts: &usvg::Options| {
            let svg = mime == "image/svg+xml" || (mime == "text/plain" && !is_raster(&data));
            if svg {
                let checked = check_nested(&data).and_then(|work| {
                    let total = spent
                        .fetch_add(work, Ordering::Relaxed)
                        .saturating_add(work);
                    if total > MAX_SVG_WORK {
                        return Err(over("the SVGs embedded in it"));
                    }
                    Ok(())
                });
                if let Err(e) = checked {
                    if let Ok(mut r) = refused.lock() {
                        r.get_or_insert(format!("an SVG embedded in it: {e}"));
                    }
                    return None;
                }
            }
            default(mime, data, opts)
        },
    )
}

fn is_raster(data: &[u8]) -> bool {
    data.starts_with(b"\x89PNG")
        || data.starts_with(&[0xff, 0xd8])
        || data.starts_with(b"GIF8")
        || data.get(8..12) == Some(b"WEBP")
}

/// An embedded SVG: plain UTF-8 (not gzipped), within the node limit, nesting and budget;
/// its estimated work.
fn check_nested(data: &[u8]) -> Result<u64, String> {
    if data.starts_with(&[0x1f, 0x8b]) {
        return Err("it is gzipped (.svgz); embed it as plain SVG".into());
    }
    let text = std::str::from_utf8(data).map_err(|_| "it is not UTF-8 text".to_string())?;
    let xml = super::svg::read_xml(text)?;
    super::svg::check_xml(&xml)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn est(svg: &str) -> Result<u64, String> {
        estimate(&roxmltree::Document::parse(svg).expect("xml"))
    }

    #[test]
    fn path_data_and_references_are_weighed() {
        let one = est(r#"<svg><path d="M0 0 L10 10 L20 0 Z"/></svg>"#).expect("small");
        // Two elements, three coordinate pairs and four commands.
        assert_eq!(one, 2 * ELEMENT_WORK + 7);
        let shared = est(
            r##"<svg><defs><path id="p" d="M0 0 L10 10 L20 0 Z"/></defs><use href="#p"/><use href="#p"/></svg>"##,
        )
        .expect("small");
        assert!(shared > 2 * one, "{shared}");
        assert!(est(r##"<svg><g id="a"><use href="#a"/></g></svg>"##)
            .unwrap_err()
            .contains("itself"));
        assert_eq!(
            url_ids("url(#a) url( '#b' )").collect::<Vec<_>>(),
            ["a", "b"]
        );
    }

    #[test]
    fn a_fan_out_under_the_old_expansion_limit_is_over_budget() {
        // Five levels of ten <use>s: 100 000 rectangles, about 220 000 elements expanded (the
        // expansion limit this budget replaced allowed 500 000; it drew in 0.4 s).
        let mut body = String::from(r#"<svg><defs><rect id="a0" width="1" height="1"/>"#);
        for i in 1..6 {
            body.push_str(&format!(r#"<g id="a{i}">"#));
            for _ in 0..10 {
                body.push_str(&format!(r##"<use href="#a{}"/>"##, i - 1));
            }
            body.push_str("</g>");
        }
        body.push_str(r##"</defs><use href="#a5"/></svg>"##);
        assert!(est(&body).unwrap_err().contains("too much work"));
    }
}
