//! The work budget of firm artwork (issue 13): hostile SVGs and PDFs (nested `<use>` fan-out,
//! huge path data, many large filters, patterns filled with patterns, an SVG bomb inside a
//! `data:` URL, forms that draw forms, deep form nesting, a giant image, a deflate bomb) are
//! refused with the file and the limit named, before usvg, krilla or hayro do the work; artwork
//! just under the budget is drawn, and read back from the PDF.

use std::path::Path;

use letterpress::fonts::FontSet;
use letterpress::resolve::vector_from_bytes;
use letterpress::{Env, RenderOptions, Resources};
use letterpress_tests::artwork::shapes_pdf;
use letterpress_tests::pdf::Pdf;
use letterpress_tests::repo_root;

fn fonts() -> FontSet {
    FontSet::bundled("Noto Sans").expect("bundled")
}

/// The hostile seeds of `fuzz/corpus/artwork/` (written by `tools/make_hostile_artwork.py`)
/// and what their refusal says.
const HOSTILE: &[(&str, &str)] = &[
    ("169-svg-use-fanout.svg", "too much work to draw"),
    ("170-svg-huge-path.svg", "too much work to draw"),
    ("171-svg-many-filters.svg", "its shapes, glyphs and filters"),
    ("172-svg-pattern-chain.svg", "too much work to draw"),
    ("173-svg-embedded-svg-bomb.svg", "an SVG embedded in it"),
    (
        "174-pdf-form-fanout.pdf",
        "more than 400000 drawing operators",
    ),
    ("175-pdf-form-nesting.pdf", "nest more than 16 deep"),
    ("176-pdf-image-too-large.pdf", "8000 × 8000 pixels"),
    ("pdf-content-bomb.pdf", "larger than 8 MB"),
];

#[test]
fn hostile_artwork_is_refused_naming_the_file_and_the_limit() {
    let dir = repo_root().join("fuzz/corpus/artwork");
    for (name, reason) in HOSTILE {
        let data = std::fs::read(dir.join(name)).expect("seed");
        let e = match vector_from_bytes(Path::new(name), &data, &fonts(), 1) {
            Ok(_) => panic!("{name} is accepted"),
            Err(e) => e.to_string(),
        };
        assert!(e.contains(name), "{name}: the message names no file: {e}");
        assert!(e.contains(reason), "{name}: `{reason}` not in: {e}");
    }
}

/// `levels` levels of `fan` `<use>`s of the level below (fan^levels squares).
fn fanout(levels: usize, fan: usize) -> String {
    let mut s = String::from(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="60mm" height="20mm" viewBox="0 0 600 200"><defs><rect id="a0" width="2" height="2" fill="#1f4e79"/>"##,
    );
    for i in 1..=levels {
        s.push_str(&format!(r#"<g id="a{i}">"#));
        for k in 0..fan {
            let (dx, dy) = if i % 2 == 1 { (3 * k, 0) } else { (0, 3 * k) };
            s.push_str(&format!(
                r##"<use href="#a{}" transform="translate({dx} {dy})"/>"##,
                i - 1
            ));
        }
        s.push_str("</g>");
    }
    s.push_str(&format!(r##"</defs><use href="#a{levels}"/></svg>"##));
    s
}

/// Render a letter whose letterhead draws `file` (holding `data`) as its header.
fn render_with_header(file: &str, data: Vec<u8>) -> Result<Pdf, String> {
    let res = Resources::new();
    res.insert_file(format!("art/{file}"), data);
    res.insert_file(
        "art/letterhead.yaml",
        format!("name: Acme\nheader: {{ image: {file}, height: 20mm }}\nfont: {{ family: Noto Sans }}\n"),
    );
    let letter = letterpress::Letter::builder(
        ["Jan Kowalski", "ul. Polna 1", "00-001 Warszawa"],
        "Dziękujemy za list.",
    )
    .letterhead("letterhead.yaml")
    .date("2026-11-26")
    .path("art/letter.yaml")
    .build();
    let out = letterpress::render(&letter, &Env::default(), &res, &RenderOptions::default())
        .map_err(|e| e.to_string())?;
    Pdf::parse(&out.output.pdf)
}

#[test]
fn artwork_under_the_budget_is_drawn_and_over_it_refused() {
    // 12 × 12 × 12 = 1728 squares through <use>: drawn, the letter's text reads back.
    let pdf = render_with_header("logo.svg", fanout(3, 12).into_bytes()).expect("renders");
    assert_eq!(pdf.page_count(), 1);
    assert!(pdf.text().contains("Dziękujemy za list."), "{}", pdf.text());
    // The same construction one level deeper (20 736 squares) is over it.
    let e = render_with_header("logo.svg", fanout(4, 12).into_bytes()).unwrap_err();
    assert!(e.contains("logo.svg") && e.contains("too much work"), "{e}");
}

#[test]
fn a_pdf_logo_of_many_shapes_is_drawn() {
    // A page of a few hundred shapes: well within every limit; its text is the letter's only.
    let bands: Vec<String> = (0..300)
        .map(|i| format!("0.{} 0.3 0.5 rg {} 800 1.5 20 re f", i % 10, i * 2))
        .collect();
    let pdf = render_with_header("logo.pdf", shapes_pdf(&[&bands.join("\n")])).expect("renders");
    assert_eq!(pdf.page_count(), 1);
    assert!(pdf.text().contains("Jan Kowalski"), "{}", pdf.text());
}
