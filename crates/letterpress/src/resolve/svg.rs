//! SVG artwork: parsed once with limits, its fonts resolved against the letter's own and the
//! bundled ones (never the system's), and checked so nothing of it is silently lost.
//!
//! Limits: the file size (the caller's), [`MAX_SVG_NODES`] XML nodes, [`MAX_SVG_DEPTH`] levels
//! of nesting, and a work budget counted before usvg expands anything and again on the tree
//! it built (`svgwork.rs`: a "billion laughs" of nested `<use>`s, huge path data, patterns
//! filled with patterns, many large filters are refused). An SVG reaches no file: an
//! `href` to anything but a fragment (`#id`) or a `data:` URL is an error, and usvg's resolver
//! is told to load nothing. Raster images inside an SVG pass the same checks as a PNG or JPEG
//! named by the letterhead. The PDF writer draws the tree with `krilla-svg`.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use usvg::roxmltree;

use super::svgwork;
use crate::error::ErrorKind;
use crate::fonts::{FontSet, FontStyle};

/// Most XML nodes an SVG may have.
pub const MAX_SVG_NODES: u32 = 200_000;
/// Deepest element nesting an SVG may have.
pub const MAX_SVG_DEPTH: usize = 256;

/// A parsed SVG and what the letter should be told about it.
pub(crate) struct Parsed {
    /// The tree krilla-svg draws.
    pub tree: Arc<usvg::Tree>,
    /// Notes for the letter's warnings ("text in font X is drawn in Y").
    pub notes: Vec<String>,
}

/// Whether `data` looks like an SVG (an XML document whose root is `svg`), or gzipped SVG.
pub(crate) fn sniff(data: &[u8]) -> bool {
    if data.starts_with(&[0x1f, 0x8b]) {
        return false; // .svgz is not accepted: say so through the unsupported-format message
    }
    let head = &data[..data.len().min(4096)];
    let text = String::from_utf8_lossy(head);
    let t = text.trim_start_matches('\u{feff}').trim_start();
    (t.starts_with("<?xml")
        || t.starts_with("<svg")
        || t.starts_with("<!--")
        || t.starts_with("<!DOCTYPE"))
        && text.contains("<svg")
}

/// Parse an SVG for drawing in the letter set in `fonts`.
pub(crate) fn parse(path: &Path, data: &[u8], fonts: &FontSet) -> Result<Parsed, ErrorKind> {
    let bad = |reason: String| ErrorKind::Image {
        path: path.to_path_buf(),
        reason,
    };
    let text =
        std::str::from_utf8(data).map_err(|e| bad(format!("the SVG is not UTF-8 text ({e})")))?;
    let xml = read_xml(text).map_err(bad)?;
    check_xml(&xml).map_err(bad)?;
    let (db, family) = font_database(fonts, text);
    let refused: Arc<Mutex<Option<String>>> = Arc::default();
    let options = usvg::Options {
        resources_dir: None,
        font_family: family.clone(),
        fontdb: Arc::new(db),
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: svgwork::data_resolver(refused.clone()),
            // Never a file: `check_xml` has refused every such href already.
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_xmltree(&xml, &options)
        .map_err(|e| bad(format!("the SVG cannot be read: {e}")))?;
    if let Some(reason) = refused.lock().ok().and_then(|mut r| r.take()) {
        return Err(bad(reason));
    }
    let size = tree.size();
    if !(size.width() >= 0.01 && size.height() >= 0.01) {
        return Err(bad(
            "the SVG has no size (set width and height or a viewBox)".into(),
        ));
    }
    svgwork::measure(&tree).map_err(bad)?;
    let mut notes = Vec::new();
    check_tree(&tree, &family, &mut notes).map_err(bad)?;
    Ok(Parsed {
        tree: Arc::new(tree),
        notes,
    })
}

/// The XML of an SVG, within [`MAX_SVG_NODES`].
pub(crate) fn read_xml(text: &str) -> Result<roxmltree::Document<'_>, String> {
    roxmltree::Document::parse_with_options(
        text,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            nodes_limit: MAX_SVG_NODES,
            ..roxmltree::ParsingOptions::default()
        },
    )
    .map_err(|e| format!("the SVG cannot be read: {e}"))
}

/// The fonts an SVG may use: the letter's four faces first (its family is also the SVG's
/// `serif` and `sans-serif`, so unstyled text is set like the letter), then the bundled
/// families the SVG names (reading every bundled face for each SVG would cost more than the
/// rest of the parse).
fn font_database(fonts: &FontSet, svg: &str) -> (usvg::fontdb::Database, String) {
    let mut db = usvg::fontdb::Database::new();
    for style in [
        FontStyle::Regular,
        FontStyle::Bold,
        FontStyle::Italic,
        FontStyle::BoldItalic,
    ] {
        let data: Arc<dyn AsRef<[u8]> + Send + Sync> = Arc::new(fonts.face(style).data_handle());
        db.load_font_source(usvg::fontdb::Source::Binary(data));
    }
    let family = db
        .faces()
        .next()
        .and_then(|f| f.families.first().map(|(n, _)| n.clone()))
        .unwrap_or_else(|| fonts.family().to_string());
    #[cfg(not(feature = "bundled-fonts"))]
    let _ = svg;
    #[cfg(feature = "bundled-fonts")]
    let lower = svg.to_lowercase();
    #[cfg(feature = "bundled-fonts")]
    for f in letterpress_assets::FAMILIES {
        if f.name == fonts.family() || !lower.contains(&f.name.to_lowercase()) {
            continue;
        }
        // The bundled files as they are: fontdb reads only their names here, and usvg and
        // krilla-svg only the faces the text uses (a `FontSet` would read all four for
        // shaping, a third of the parse).
        for data in [f.regular, f.bold, f.italic, f.bold_italic] {
            let data: Arc<dyn AsRef<[u8]> + Send + Sync> = Arc::new(data);
            db.load_font_source(usvg::fontdb::Source::Binary(data));
        }
    }
    db.set_serif_family(family.clone());
    db.set_sans_serif_family(family.clone());
    (db, family)
}

/// Refuse what must not be loaded or expanded: hrefs to files or the web, too deep a nesting,
/// more work than the budget (`svgwork::estimate`); the estimated work.
pub(crate) fn check_xml(xml: &roxmltree::Document) -> Result<u64, String> {
    let mut depth: BTreeMap<u32, usize> = BTreeMap::new();
    for node in xml.descendants() {
        let d = node
            .parent()
            .and_then(|p| depth.get(&p.id().get()).copied())
            .map_or(0, |d| d + 1);
        if d > MAX_SVG_DEPTH {
            return Err(format!(
                "the SVG nests elements more than {MAX_SVG_DEPTH} deep"
            ));
        }
        depth.insert(node.id().get(), d);
        if !node.is_element() {
            continue;
        }
        if let Some(href) = href(&node) {
            let h = href.trim();
            if !(h.starts_with('#') || h.starts_with("data:")) {
                return Err(format!(
                    "the SVG refers to `{}` outside itself (line {}); artwork may not load other files or web addresses: embed images as data: URLs",
                    truncate(h),
                    xml.text_pos_at(node.range().start).row
                ));
            }
        }
        if node.tag_name().name() == "style" || node.attribute("style").is_some() {
            let css = node.attribute("style").or(node.text()).unwrap_or("");
            if css.contains("@import") || css_url_outside(css) {
                return Err(format!(
                    "the SVG's CSS loads something outside it (line {}); artwork may not load other files",
                    xml.text_pos_at(node.range().start).row
                ));
            }
        }
    }
    svgwork::estimate(xml)
}

/// An element's `href` or `xlink:href`.
fn href<'a>(node: &roxmltree::Node<'a, '_>) -> Option<&'a str> {
    node.attributes()
        .find(|a| a.name() == "href")
        .map(|a| a.value())
}

/// A CSS `url(…)` that is neither a fragment nor a `data:` URL.
fn css_url_outside(css: &str) -> bool {
    css.split("url(").skip(1).any(|rest| {
        let u = rest.trim_start().trim_start_matches(['"', '\'']);
        !(u.starts_with('#') || u.starts_with("data:"))
    })
}

fn truncate(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

/// Walk the parsed tree: text in fonts that are not available (note), characters no font can
/// draw (error), embedded raster images (the letterhead image checks).
fn check_tree(tree: &usvg::Tree, family: &str, notes: &mut Vec<String>) -> Result<(), String> {
    let db = tree.fontdb();
    let mut missing: Vec<String> = Vec::new();
    let mut result = Ok(());
    walk(tree.root(), &mut |node| {
        if result.is_err() {
            return;
        }
        match node {
            usvg::Node::Text(t) => {
                for chunk in t.chunks() {
                    for span in chunk.spans() {
                        for f in span.font().families() {
                            if let usvg::FontFamily::Named(name) = f {
                                let known = db.faces().any(|face| {
                                    face.families
                                        .iter()
                                        .any(|(n, _)| n.eq_ignore_ascii_case(name))
                                });
                                if !known && !missing.contains(name) {
                                    missing.push(name.clone());
                                }
                            }
                        }
                    }
                }
                for span in t.layouted() {
                    if let Some(g) = span.positioned_glyphs.iter().find(|g| g.id.0 == 0) {
                        result = Err(format!(
                            "the SVG's text {:?} has a character that none of the letter's or the bundled fonts can draw; convert the text to outlines in the SVG",
                            g.text
                        ));
                    }
                }
            }
            usvg::Node::Image(i) => {
                result = check_embedded_image(i.kind());
            }
            _ => {}
        }
    });
    result?;
    if !missing.is_empty() {
        notes.push(format!(
            "the SVG's text in {} is drawn in {family}: an SVG may use only the letter's and the bundled fonts; convert its text to outlines to keep the designer's font",
            missing
                .iter()
                .map(|m| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    Ok(())
}

fn walk(group: &usvg::Group, f: &mut dyn FnMut(&usvg::Node)) {
    for node in group.children() {
        f(node);
        if let usvg::Node::Group(g) = node {
            walk(g, f);
        }
        node.subroots(|g| walk(g, f));
    }
}

/// An image inside an SVG passes the checks of a letterhead image (size, pixel budget,
/// decodability); GIF and WebP are refused as they are elsewhere.
fn check_embedded_image(kind: &usvg::ImageKind) -> Result<(), String> {
    let data = match kind {
        usvg::ImageKind::PNG(d) | usvg::ImageKind::JPEG(d) => d,
        usvg::ImageKind::GIF(_) | usvg::ImageKind::WEBP(_) => {
            return Err("the SVG embeds a GIF or WebP image; embed it as PNG or JPEG".into())
        }
        // A nested SVG was parsed by usvg under the same options; its images are walked too.
        usvg::ImageKind::SVG(t) => {
            let mut r = Ok(());
            walk(t.root(), &mut |n| {
                if let (Ok(()), usvg::Node::Image(i)) = (&r, n) {
                    r = check_embedded_image(i.kind());
                }
            });
            return r;
        }
    };
    super::image_from_bytes(Path::new("embedded image"), data.to_vec())
        .map(|_| ())
        .map_err(|e| format!("the SVG embeds an image that cannot be used: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts() -> FontSet {
        FontSet::bundled("Noto Serif").expect("bundled")
    }

    fn svg(body: &str) -> String {
        format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="200" height="50" viewBox="0 0 200 50">{body}</svg>"#
        )
    }

    #[test]
    fn text_in_the_letters_font_is_kept_and_sized() {
        let p = parse(
            Path::new("logo.svg"),
            svg(r#"<text x="5" y="30" font-family="Noto Serif" font-size="20">Acme</text>"#)
                .as_bytes(),
            &fonts(),
        )
        .expect("parses");
        assert_eq!(p.tree.size().width(), 200.0);
        assert!(p.notes.is_empty(), "{:?}", p.notes);
    }

    #[test]
    fn an_unknown_font_is_noted_not_dropped() {
        let p = parse(
            Path::new("logo.svg"),
            svg(r#"<text x="5" y="30" font-family="Futura PT" font-size="20">Acme</text>"#)
                .as_bytes(),
            &fonts(),
        )
        .expect("parses");
        assert!(p.notes[0].contains("`Futura PT`"), "{:?}", p.notes);
    }

    #[test]
    fn files_outside_the_svg_are_refused() {
        for body in [
            r#"<image href="/etc/passwd" width="10" height="10"/>"#,
            r#"<image xlink:href="../secret.png" width="10" height="10"/>"#,
            r#"<image href="https://example.com/x.png" width="10" height="10"/>"#,
            r#"<style>@import url(a.css);</style>"#,
            r#"<rect width="5" height="5" style="fill:url(other.svg#p)"/>"#,
        ] {
            let e = parse(Path::new("logo.svg"), svg(body).as_bytes(), &fonts())
                .err()
                .unwrap_or_else(|| panic!("accepted {body}"));
            assert!(e.to_string().contains("outside"), "{e}");
        }
    }

    #[test]
    fn use_bombs_and_deep_nesting_are_refused() {
        let mut body = String::from(r#"<defs><rect id="a0" width="1" height="1"/>"#);
        for i in 1..12 {
            body.push_str(&format!(r#"<g id="a{i}">"#));
            for _ in 0..10 {
                body.push_str(&format!(r##"<use href="#a{}"/>"##, i - 1));
            }
            body.push_str("</g>");
        }
        body.push_str(r##"</defs><use href="#a11"/>"##);
        let e = parse(Path::new("bomb.svg"), svg(&body).as_bytes(), &fonts())
            .err()
            .expect("refused");
        assert!(e.to_string().contains("too much work"), "{e}");
        let deep = "<g>".repeat(300) + &"</g>".repeat(300);
        let e = parse(Path::new("deep.svg"), svg(&deep).as_bytes(), &fonts())
            .err()
            .expect("refused");
        assert!(e.to_string().contains("nests"), "{e}");
    }

    #[test]
    fn embedded_svgs_share_one_budget() {
        // About 37 000 units each (a thousand squares through three levels of ten <use>s).
        let mut inner = String::from(
            "<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'><defs><rect id='a0' width='1' height='1'/>",
        );
        for i in 1..4 {
            inner.push_str(&format!("<g id='a{i}'>"));
            inner.push_str(&format!("<use href='#a{}'/>", i - 1).repeat(10));
            inner.push_str("</g>");
        }
        inner.push_str("</defs><use href='#a3'/></svg>");
        // Each a different document (usvg resolves one `data:` URL once).
        let image = |k: usize| {
            format!(
                r#"<image width="10" height="10" href="data:image/svg+xml;utf8,{}"/>"#,
                inner
                    .replace("width='10'", &format!("width='1{k}'"))
                    .replace('<', "&lt;")
                    .replace('#', "%23")
            )
        };
        let one = parse(Path::new("one.svg"), svg(&image(0)).as_bytes(), &fonts());
        assert!(one.is_ok(), "{:?}", one.err().map(|e| e.to_string()));
        let many: String = (0..6).map(image).collect();
        let e = parse(Path::new("six.svg"), svg(&many).as_bytes(), &fonts())
            .err()
            .expect("refused");
        assert!(e.to_string().contains("the SVGs embedded in it"), "{e}");
        // The same one drawn six times is counted on the tree.
        let e = parse(
            Path::new("same.svg"),
            svg(&image(0).repeat(6)).as_bytes(),
            &fonts(),
        )
        .err()
        .expect("refused");
        assert!(e.to_string().contains("too much work"), "{e}");
    }

    #[test]
    fn broken_svgs_are_errors() {
        for data in [
            &b"<svg"[..],
            b"<svg xmlns='http://www.w3.org/2000/svg'><g></svg>",
            b"\xff\xfe",
        ] {
            assert!(parse(Path::new("x.svg"), data, &fonts()).is_err());
        }
        assert!(sniff(svg("").as_bytes()));
        assert!(!sniff(b"%PDF-1.7"));
    }
}
