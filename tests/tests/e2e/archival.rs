//! Print-ready and archival output: every example validates as PDF/A-2b, PDF/A-3b, PDF/A-2a,
//! PDF/UA-1 and the default PDF/A-2b + PDF/UA-1 (krilla's validators); the files carry the
//! structures those standards need; the envelope-fit check refuses addresses that would not
//! show through the window; the page model's geometry matches the contract.

use std::path::Path;

use letterpress::layout::model::{Document, Item, RuleKind, StructKind};
use letterpress::{Env, ErrorKind, PdfOptions, RenderOptions, Resources, Standard};
use letterpress_tests::pdf::Pdf;
use letterpress_tests::{examples, fixture};
use lopdf::Object;

fn render_with(
    path: &Path,
    standard: Standard,
) -> Result<letterpress::Rendered, letterpress::Errors> {
    let options = RenderOptions::new().pdf(PdfOptions::new().standard(standard).debug(false));
    letterpress::render_file(path, &Env::from_process(), &Resources::new(), &options)
        .map(|w| w.output)
}

#[test]
fn every_example_passes_each_validator() {
    for path in examples() {
        for standard in [
            Standard::A2bUa1,
            Standard::A2b,
            Standard::A3b,
            Standard::A2a,
            Standard::Ua1,
            Standard::None,
        ] {
            if let Err(e) = render_with(&path, standard) {
                panic!("{} under {standard:?}: {e}", path.display());
            }
        }
    }
}

use letterpress_tests::pdf::{catalog, object as resolve};

#[test]
fn the_files_carry_what_the_standards_need() {
    for path in examples() {
        let out = render_with(&path, Standard::A2bUa1).expect("renders");
        let name = path.display().to_string();
        let pdf = Pdf::parse(&out.pdf).expect("parses");
        let doc = &pdf.doc;
        let cat = catalog(doc);
        // XMP with the PDF/A and PDF/UA identification.
        let meta = resolve(doc, cat.get(b"Metadata").expect("catalog /Metadata"));
        let Object::Stream(s) = meta else {
            panic!("{name}: /Metadata is a stream")
        };
        let xmp = String::from_utf8_lossy(&s.content).to_string();
        for needle in [
            "<pdfaid:part>2</pdfaid:part>",
            "<pdfaid:conformance>B</pdfaid:conformance>",
            "<pdfuaid:part>1</pdfuaid:part>",
            "<dc:title>",
        ] {
            assert!(xmp.contains(needle), "{name}: XMP lacks {needle}");
        }
        // Output intent, language, marked content, structure tree.
        let intents = resolve(doc, cat.get(b"OutputIntents").expect("/OutputIntents"));
        assert!(
            intents.as_array().map(|a| !a.is_empty()).unwrap_or(false),
            "{name}: an output intent"
        );
        let lang = cat.get(b"Lang").and_then(Object::as_str).expect("/Lang");
        assert_eq!(
            String::from_utf8_lossy(lang),
            out.document.meta.lang,
            "{name}: /Lang is the letter's"
        );
        let mark = resolve(doc, cat.get(b"MarkInfo").expect("/MarkInfo"))
            .as_dict()
            .expect("dict")
            .clone();
        assert_eq!(
            mark.get(b"Marked").and_then(Object::as_bool).ok(),
            Some(true),
            "{name}: /Marked true"
        );
        assert!(
            cat.get(b"StructTreeRoot").is_ok(),
            "{name}: a structure tree"
        );
        // Printers keep the page at actual size.
        let vp = resolve(
            doc,
            cat.get(b"ViewerPreferences").expect("/ViewerPreferences"),
        )
        .as_dict()
        .expect("dict")
        .clone();
        assert_eq!(
            vp.get(b"PrintScaling").and_then(Object::as_name).ok(),
            Some(&b"None"[..]),
            "{name}: /PrintScaling /None"
        );
        assert_eq!(
            vp.get(b"DisplayDocTitle").and_then(Object::as_bool).ok(),
            Some(true),
            "{name}: title shown (PDF/UA)"
        );
    }
}

#[test]
fn the_structure_tree_follows_the_letter() {
    let out = render_with(
        &letterpress_tests::repo_root().join("examples/termination-pl.yaml"),
        Standard::A2bUa1,
    )
    .expect("renders");
    let doc = &out.document;
    let kinds: Vec<&StructKind> = doc.structure.iter().map(|n| &n.kind).collect();
    assert!(
        kinds.contains(&&StructKind::Heading),
        "the subject is a heading"
    );
    assert!(
        kinds
            .iter()
            .any(|k| matches!(k, StructKind::List { ordered: true })),
        "the numbered list is a list"
    );
    assert!(
        kinds
            .iter()
            .any(|k| matches!(k, StructKind::Figure { alt } if alt == "Podpis: Anna Nowak")),
        "signature images have alt text: {kinds:?}"
    );
    // Reading order: the subject's node comes before the first body paragraph's.
    let heading = doc
        .structure
        .iter()
        .position(|n| n.kind == StructKind::Heading)
        .expect("heading");
    let first_body = doc.pages[0]
        .items
        .iter()
        .find_map(|i| match i {
            Item::Text(t) if t.paragraph == Some(0) => t.block,
            _ => None,
        })
        .expect("a body line with a block");
    assert!(heading < first_body, "subject before body in reading order");
    // Marks are artifacts; the footer (the firm's register and bank details) is content,
    // a paragraph of the Note read after everything else.
    for item in &doc.pages[0].items {
        match item {
            Item::Rule(_) => {}
            Item::Text(t) if matches!(t.role, letterpress::layout::model::Role::Footer) => {
                let b = t.block.expect("the footer is content");
                let note = doc.structure[b].parent.expect("inside the footer's Note");
                assert_eq!(doc.structure[note].kind, StructKind::Note);
                assert!(note > first_body, "read after the letter");
            }
            Item::Image(i) if i.role == "header" => {
                // The letterhead gives its logo a text (`header.alt`): a figure, read first.
                let b = i.block.expect("the described letterhead image is a figure");
                assert_eq!(
                    doc.structure[b].kind,
                    StructKind::Figure {
                        alt: "Logo Nowak Public Relations".into()
                    }
                );
                assert_eq!(b, 0, "the logo comes first in reading order");
            }
            _ => {}
        }
    }
    // Pages 2+ repeat a smaller band with no text of its own: decoration.
    for item in &doc.pages[1].items {
        if let Item::Image(i) = item {
            if i.role == "header" {
                assert!(i.block.is_none(), "the continuation band is an artifact");
            }
        }
    }
    // The PDF has the matching structure elements.
    let pdf = Pdf::parse(&out.pdf).expect("parses");
    let types: Vec<String> = pdf
        .doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Type").and_then(Object::as_name).ok() == Some(&b"StructElem"[..]))
        .filter_map(|d| {
            d.get(b"S")
                .and_then(Object::as_name)
                .ok()
                .map(|n| String::from_utf8_lossy(n).to_string())
        })
        .collect();
    for t in ["H1", "P", "L", "LI", "Lbl", "LBody", "Figure", "Note"] {
        assert!(
            types.iter().any(|x| x == t),
            "a /{t} structure element: {types:?}"
        );
    }
}

fn env_error(yaml: &str) -> Vec<letterpress::Error> {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("letter.yaml");
    std::fs::write(&path, yaml).expect("write");
    render_with(&path, Standard::A2bUa1)
        .expect_err("must not fit")
        .0
}

#[test]
fn an_overlong_address_line_is_refused_with_the_overflow() {
    let errs = env_error("recipient:\n  - Bardzo Długa Nazwa Spółki Akcyjnej Zajmującej Się Wszystkim sp. z o.o.\n  - 00-590 Warszawa\nbody: x\n");
    let e = &errs[0];
    assert!(matches!(e.kind, ErrorKind::Layout(_)), "{e:?}");
    let msg = e.to_string();
    assert!(
        msg.contains("right of the envelope window of `din5008-b`"),
        "{msg}"
    );
    assert!(msg.contains(" mm "), "says by how much: {msg}");
    assert!(msg.contains("Bardzo Długa"), "names the line: {msg}");
    assert_eq!(
        e.origin.as_ref().map(|o| o.line),
        Some(2),
        "points at the address: {msg}"
    );
}

#[test]
fn a_seven_line_address_and_four_endorsement_lines_are_refused() {
    let errs = env_error("recipient: [1, 2, 3, 4, 5, 6, 7]\nbody: x\n");
    assert!(
        errs[0].to_string().contains("at most 6 address lines"),
        "{}",
        errs[0]
    );
    let errs = env_error(
        "recipient: [A, B]\nmail_note: \"Polecony\\nPriorytet\\nZPO\\nDo rąk własnych\"\nbody: x\n",
    );
    assert!(
        errs.iter().any(|e| e
            .to_string()
            .contains("endorsement (`mail_note`) has 4 lines")),
        "{errs:?}"
    );
}

#[test]
fn text_under_8_pt_in_the_window_is_refused() {
    let errs = env_error(
        "recipient: [Ms Jane Doe, 1 High Street]\nbody: x\nstyle:\n  font:\n    size: 7pt\n",
    );
    assert!(
        errs.iter().any(|e| e
            .to_string()
            .contains("`Ms Jane Doe` is set at 7.0 pt in the envelope window")),
        "{errs:?}"
    );
}

fn layout_json(fixture_name: &str) -> serde_json::Value {
    let out = render_with(&fixture(fixture_name), Standard::None).expect("renders");
    serde_json::to_value(&out.document).expect("the page model serialises")
}

fn mm(pt: f64) -> f64 {
    pt * 25.4 / 72.0
}

#[test]
fn layout_json_of_each_preset_matches_the_contract() {
    // (fixture, page w × h in mm, window x, y, w, h in mm, fold marks in mm)
    let cases = [
        (
            "window-din5008-a.yaml",
            (210.0, 297.0),
            (20.0, 27.0, 85.0, 45.0),
            vec![87.0, 192.0],
            Some(148.5),
        ),
        (
            "window-din5008-b.yaml",
            (210.0, 297.0),
            (20.0, 45.0, 85.0, 45.0),
            vec![105.0, 210.0],
            Some(148.5),
        ),
        (
            "window-us-letter.yaml",
            (215.9, 279.4),
            (17.4625, 55.5625, 114.3, 28.575),
            vec![95.25, 187.325],
            None,
        ),
    ];
    for (name, (pw, ph), (wx, wy, ww, wh), folds, punch) in cases {
        let j = layout_json(name);
        let page = &j["pages"][0];
        let near = |a: f64, b: f64, what: &str| {
            assert!(
                (a - b).abs() < 0.05,
                "{name}: {what} {a:.3} mm, contract {b} mm"
            )
        };
        near(mm(page["width"].as_f64().expect("width")), pw, "page width");
        near(
            mm(page["height"].as_f64().expect("height")),
            ph,
            "page height",
        );
        let window = j["boxes"]
            .as_array()
            .expect("boxes")
            .iter()
            .find(|b| b["label"] == "window")
            .expect("a window box");
        near(mm(window["x"].as_f64().expect("x")), wx, "window x");
        near(mm(window["y"].as_f64().expect("y")), wy, "window y");
        near(mm(window["w"].as_f64().expect("w")), ww, "window width");
        near(mm(window["h"].as_f64().expect("h")), wh, "window height");
        let out = render_with(&fixture(name), Standard::None).expect("renders");
        let doc: &Document = &out.document;
        let marks: Vec<(RuleKind, f64)> = doc.pages[0]
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Rule(r) if matches!(r.kind, RuleKind::Fold | RuleKind::Punch) => {
                    Some((r.kind, mm(f64::from(r.y1))))
                }
                _ => None,
            })
            .collect();
        let fold: Vec<f64> = marks
            .iter()
            .filter(|m| m.0 == RuleKind::Fold)
            .map(|m| m.1)
            .collect();
        assert_eq!(fold.len(), folds.len(), "{name}: fold marks {fold:?}");
        for (got, want) in fold.iter().zip(&folds) {
            near(*got, *want, "fold mark");
        }
        let p: Vec<f64> = marks
            .iter()
            .filter(|m| m.0 == RuleKind::Punch)
            .map(|m| m.1)
            .collect();
        match punch {
            Some(want) => near(
                p.first().copied().expect("a punch mark"),
                want,
                "punch mark",
            ),
            None => assert!(p.is_empty(), "{name}: no punch mark"),
        }
    }
}

#[test]
fn the_pdf_section_overrides_metadata() {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("letter.yaml");
    std::fs::write(
        &path,
        "recipient: [A, B]\nsubject: Zmiana cennika\nbody: x\npdf:\n  title: Cennik 2027\n  subject: Informacja o zmianie cen\n  keywords: [cennik, 2027]\n  author: Biuro Zarządu\n",
    )
    .expect("write");
    let out = render_with(&path, Standard::A2bUa1).expect("renders");
    let pdf = Pdf::parse(&out.pdf).expect("parses");
    let info = pdf
        .doc
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .expect("/Info");
    let info = pdf.doc.get_dictionary(info).expect("info dict");
    let text = |k: &[u8]| {
        info.get(k)
            .ok()
            .and_then(|o| o.as_str().ok())
            .map(|b| {
                if b.starts_with(&[0xfe, 0xff]) {
                    let u: Vec<u16> = b[2..]
                        .chunks(2)
                        .map(|c| u16::from_be_bytes([c[0], c[1]]))
                        .collect();
                    String::from_utf16_lossy(&u)
                } else {
                    String::from_utf8_lossy(b).to_string()
                }
            })
            .unwrap_or_default()
    };
    assert_eq!(text(b"Title"), "Cennik 2027");
    assert_eq!(text(b"Subject"), "Informacja o zmianie cen");
    assert_eq!(text(b"Author"), "Biuro Zarządu");
    assert!(
        text(b"Keywords").contains("cennik"),
        "keywords: {}",
        text(b"Keywords")
    );
}

#[test]
fn the_debug_overlay_adds_outlines_only() {
    let path = letterpress_tests::repo_root().join("examples/termination-pl.yaml");
    let options =
        RenderOptions::new().pdf(PdfOptions::new().standard(Standard::A2bUa1).debug(true));
    let dbg = letterpress::render_file(&path, &Env::from_process(), &Resources::new(), &options)
        .expect("renders")
        .output;
    let plain = render_with(&path, Standard::A2bUa1).expect("renders");
    assert_ne!(dbg.pdf, plain.pdf, "the overlay is drawn");
    let (a, b) = (
        Pdf::parse(&dbg.pdf).expect("parses"),
        Pdf::parse(&plain.pdf).expect("parses"),
    );
    assert_eq!(a.pages.len(), b.pages.len(), "same pages");
    assert_eq!(a.text(), b.text(), "same text");
}
