//! What `check` says about the printed sheet beyond the layout's own warnings:
//!
//! - artwork a screen reader skips: a page-1 header or stationery sheet with no `alt` is drawn
//!   as decoration (an artifact), though it usually carries the firm's name or address;
//!   `alt: ''` says it is decoration and silences the warning. The continuation band of pages
//!   2+ (`next_header`) is a running header, an artifact with or without `alt` (PDF/UA), so
//!   it is not warned about;
//! - what falls outside the printable area: office printers leave a few millimetres at each
//!   edge unprinted (the layout's `printable_margin`, 5 mm unless the letterhead sets it), so
//!   fold and punch marks and artwork closer to the edge are cut off; artwork that reaches the
//!   edge (full bleed) needs `bleed:` for a press.
//!
//! These are `check`'s findings only: rendering is not slowed down or made noisier by them.

use std::collections::BTreeMap;

use crate::error::{Origin, Warning};
use crate::layout::model::{Document, ImageBox, Item, RuleKind};
use crate::resolve::{Env, Resolved, Resources};
use crate::spec::{HeaderSpec, Letter, Letterhead, LetterheadSpec, SourceFile};
use crate::units::mm;

mod ink;
pub use ink::{ink, Ink};

/// A distance this small (pt) is the edge itself: the artwork runs off the sheet.
const AT_EDGE: f32 = 0.5;
/// The most bytes read again to find where a raster image puts ink (as the image limit).
const MAX_RASTER_BYTES: u64 = 64 * 1024 * 1024;

/// `check`'s warnings about artwork descriptions and the printable area, each at its key.
pub fn warnings(
    letter: &Letter,
    letterhead: Option<&Letterhead>,
    r: &Resolved,
    doc: &Document,
    (env, res): (&Env, &Resources),
) -> Vec<Warning> {
    let mut out = missing_alt(letter, letterhead);
    out.extend(marks(letter, letterhead, r, doc));
    out.extend(artwork(letter, letterhead, r, doc, (env, res)));
    out
}

/// A letterhead key's value, the style's over the letterhead's, with its file.
fn pick<'a, T>(
    letter: &'a Letter,
    letterhead: Option<&'a Letterhead>,
    key: impl Fn(&'a LetterheadSpec) -> Option<&'a T>,
) -> Option<(&'a T, &'a SourceFile)> {
    let style = letter.spec.style.as_ref().and_then(&key);
    match style {
        Some(v) => Some((v, &*letter.source)),
        None => letterhead.and_then(|h| key(&h.spec).map(|v| (v, &*h.source))),
    }
}

fn header(s: &LetterheadSpec) -> Option<&HeaderSpec> {
    s.header.as_ref()
}

fn next_header(s: &LetterheadSpec) -> Option<&HeaderSpec> {
    s.next_header.as_ref()
}

/// Where the artwork of `key` (`header`, `next_header`, `stationery`) is named.
fn artwork_origin(letter: &Letter, letterhead: Option<&Letterhead>, key: &str) -> Option<Origin> {
    match key {
        "header" => {
            pick(letter, letterhead, header).and_then(|(h, f)| f.origin(&h.image.referenced))
        }
        "next_header" => {
            pick(letter, letterhead, next_header).and_then(|(h, f)| f.origin(&h.image.referenced))
        }
        _ => pick(letter, letterhead, |s| s.stationery.as_ref())
            .and_then(|(s, f)| f.origin(&s.file.referenced)),
    }
}

/// Header artwork and stationery without an `alt` key (none of its own, none inherited).
fn missing_alt(letter: &Letter, letterhead: Option<&Letterhead>) -> Vec<Warning> {
    let mut out = Vec::new();
    if let Some((h, file)) = pick(letter, letterhead, header) {
        let inherited = letterhead
            .and_then(|l| header(&l.spec))
            .and_then(|h| h.alt.as_ref());
        if h.alt.is_none() && inherited.is_none() {
            out.push(no_alt("header").at(file.origin(&h.image.referenced)));
        }
    }
    if let Some((s, file)) = pick(letter, letterhead, |s| s.stationery.as_ref()) {
        if s.alt.is_none() {
            out.push(no_alt("stationery").at(file.origin(&s.file.referenced)));
        }
    }
    out
}

fn no_alt(key: &str) -> Warning {
    Warning::new(format!(
        "the `{key}` artwork has no `alt`, so it is drawn as decoration that screen readers skip: an image that carries the firm's name or address should have `alt` text (e.g. the name as drawn); `alt: ''` says it is decoration and silences this warning"
    ))
}

/// Fold and punch marks that start closer to the left edge than the printable margin.
fn marks(
    letter: &Letter,
    letterhead: Option<&Letterhead>,
    r: &Resolved,
    doc: &Document,
) -> Vec<Warning> {
    let margin = r.print.printable_margin;
    let mut found: BTreeMap<&str, (f32, Vec<f32>)> = BTreeMap::new();
    for item in doc.pages.first().map_or(&[][..], |p| &p.items[..]) {
        let Item::Rule(rule) = item else { continue };
        let name = match rule.kind {
            RuleKind::Fold => "fold marks",
            RuleKind::Punch => "punch mark",
            RuleKind::Accent => continue,
        };
        // A horizontal rule with butt caps ends where it is drawn to.
        let from_edge = rule.x1.min(rule.x2);
        if from_edge < margin - 0.01 {
            let e = found.entry(name).or_insert((from_edge, Vec::new()));
            e.0 = e.0.min(from_edge);
            e.1.push(rule.y1);
        }
    }
    let at = pick(letter, letterhead, |s| s.marks_inset.as_ref())
        .and_then(|(v, f)| f.origin(&v.referenced))
        .or_else(|| layout_origin(letter, letterhead));
    found
        .into_iter()
        .map(|(name, (from_edge, ys))| {
            let ys: Vec<String> = ys.iter().map(|y| format!("{:.1}", y / mm(1.0))).collect();
            Warning::new(format!(
                "the {name} (at {} mm from the top) {} {:.1} mm from the left edge, inside the {:.1} mm printable margin an office printer leaves unprinted: set `marks_inset: {:.0}mm` in the letterhead (or `style:`) to move them in",
                ys.join(" and "),
                if ys.len() == 1 { "starts" } else { "start" },
                from_edge / mm(1.0),
                margin / mm(1.0),
                (margin / mm(1.0)).ceil()
            ))
            .at(at.clone())
        })
        .collect()
}

/// Where the letter's layout is chosen, if it is written anywhere.
fn layout_origin(letter: &Letter, letterhead: Option<&Letterhead>) -> Option<Origin> {
    match &letter.spec.layout {
        Some(l) => letter.source.origin(&l.referenced),
        None => pick(letter, letterhead, |s| s.layout.as_ref())
            .and_then(|(v, f)| f.origin(&v.referenced)),
    }
}

/// Header artwork and stationery whose ink comes closer to an edge than the printable margin,
/// or reaches it with no `bleed`.
fn artwork(
    letter: &Letter,
    letterhead: Option<&Letterhead>,
    r: &Resolved,
    doc: &Document,
    (env, res): (&Env, &Resources),
) -> Vec<Warning> {
    let mut seen: BTreeMap<&str, ()> = BTreeMap::new();
    let mut out = Vec::new();
    for page in &doc.pages {
        for item in &page.items {
            let Item::Image(i) = item else { continue };
            let key = match (i.role, page.number) {
                ("header", 1) => "header",
                ("header", _) => "next_header",
                ("stationery", _) => "stationery",
                _ => continue,
            };
            if seen.insert(key, ()).is_some() {
                continue;
            }
            let edges = edges(i, (page.width, page.height), (env, res));
            let at = artwork_origin(letter, letterhead, key);
            out.extend(
                edge_warnings(key, &edges, r)
                    .into_iter()
                    .map(|w| w.at(at.clone())),
            );
        }
    }
    out
}

/// The distance of an image's ink from the left, top, right and bottom edges of the sheet.
fn edges(i: &ImageBox, (w, h): (f32, f32), (env, res): (&Env, &Resources)) -> [f32; 4] {
    let bytes = match &i.image.image {
        crate::resolve::Content::Raster(_) if i.image.orientation <= 1 => {
            res.read(env, &i.image.path, MAX_RASTER_BYTES).ok()
        }
        _ => None,
    };
    let whole = Ink {
        x0: 0.0,
        y0: 0.0,
        x1: 1.0,
        y1: 1.0,
    };
    let k = match (&i.image.image, bytes) {
        (crate::resolve::Content::Vector(_), _) => ink(&i.image, None),
        (_, Some(b)) => ink(&i.image, Some(&b)),
        // Turned or unreadable: the whole box counts.
        (_, None) => Some(whole),
    };
    let Some(k) = k else {
        return [f32::INFINITY; 4];
    };
    [
        i.x + k.x0 * i.w,
        i.y + k.y0 * i.h,
        w - (i.x + k.x1 * i.w),
        h - (i.y + k.y1 * i.h),
    ]
}

const EDGE_NAMES: [&str; 4] = ["left", "top", "right", "bottom"];

/// The warnings for one piece of artwork: one for the edges it runs off (unless the letter
/// has bleed), one for the edges it comes too close to.
fn edge_warnings(key: &str, edges: &[f32; 4], r: &Resolved) -> Vec<Warning> {
    let margin = r.print.printable_margin;
    let mut out = Vec::new();
    let bleeding: Vec<&str> = (0..4)
        .filter(|&e| edges[e] <= AT_EDGE)
        .map(|e| EDGE_NAMES[e])
        .collect();
    if !bleeding.is_empty() && r.print.bleed <= 0.0 {
        out.push(Warning::new(format!(
            "the `{key}` artwork runs off the {} edge{} of the sheet (full bleed): an office printer clips it at its {:.1} mm printable margin, and a press needs bleed: set `bleed: 3mm` in the letterhead (or `style:`) so the artwork is drawn 3 mm past the trimmed edge",
            bleeding.join(", "),
            if bleeding.len() == 1 { "" } else { "s" },
            margin / mm(1.0)
        )));
    }
    let close: Vec<String> = (0..4)
        .filter(|&e| edges[e] > AT_EDGE && edges[e] < margin - 0.01)
        .map(|e| {
            format!(
                "{:.1} mm from the {} edge",
                edges[e] / mm(1.0),
                EDGE_NAMES[e]
            )
        })
        .collect();
    if !close.is_empty() {
        out.push(Warning::new(format!(
            "the `{key}` artwork is {}, inside the {:.1} mm printable margin an office printer leaves unprinted: it may be cut off there; give the artwork more room at that edge (or set `printable_margin` if the printer prints closer to the edge)",
            close.join(" and "),
            margin / mm(1.0)
        )));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checked(yaml: &str) -> Vec<String> {
        let letter = crate::load_letter_str(yaml, "l.yaml").expect("letter");
        let env = crate::Env::default();
        let res = crate::Resources::new();
        let c =
            crate::check(&letter, &env, &res, &crate::RenderOptions::default()).expect("checks");
        c.warnings.into_iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn marks_start_inside_the_5mm_margin_unless_marks_inset_moves_them_out() {
        let w = checked("recipient: [A]\nbody: x\nlayout: din5008-b\n");
        assert!(!w.iter().any(|m| m.contains("mark")), "default 5 mm: {w:?}");
        let w =
            checked("recipient: [A]\nbody: x\nlayout: din5008-b\nstyle: { marks_inset: 3mm }\n");
        let fold = w
            .iter()
            .find(|m| m.contains("fold marks"))
            .expect("fold marks warned");
        assert!(fold.contains("at 105.0 and 210.0 mm"), "{fold}");
        assert!(
            fold.contains("3.0 mm from the left edge") && fold.contains("5.0 mm"),
            "{fold}"
        );
        assert!(
            fold.contains("l.yaml:4:23"),
            "at the marks_inset key: {fold}"
        );
        assert!(
            w.iter().any(|m| m.contains("punch mark (at 148.5 mm")),
            "{w:?}"
        );
        let w = checked(
            "recipient: [A]\nbody: x\nstyle: { marks_inset: 3mm, printable_margin: 2mm }\n",
        );
        assert!(
            !w.iter().any(|m| m.contains("mark")),
            "a printer that prints closer: {w:?}"
        );
    }

    #[test]
    fn edges_of_artwork_are_measured_from_its_ink() {
        let r = crate::resolve_yaml("recipient: [A]\nbody: x\n").expect("resolves");
        let warned = |e: [f32; 4]| edge_warnings("header", &e, &r);
        assert!(warned([mm(20.0); 4]).is_empty(), "well inside");
        let w = warned([mm(20.0), mm(4.0), mm(20.0), mm(200.0)]);
        assert_eq!(w.len(), 1);
        assert!(
            w[0].message.contains("4.0 mm from the top edge"),
            "{}",
            w[0]
        );
        let w = warned([0.0, 0.0, 0.0, mm(250.0)]);
        assert!(
            w[0].message.contains("runs off the left, top, right edges"),
            "{}",
            w[0]
        );
        assert!(w[0].message.contains("bleed: 3mm"), "{}", w[0]);
    }
}
