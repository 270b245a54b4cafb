//! Firm artwork (issue 13): SVG and PDF header images drawn as vectors, the designer's
//! stationery under page 1 and pages 2+, `--preprinted` keeping every other position, the
//! watermark on every page, and the archival standards holding for all of it.

use std::path::{Path, PathBuf};

use letterpress::layout::model::{Document, Item, Role};
use letterpress::{Env, PdfOptions, RenderOptions, Rendered, Resources, Standard};
use letterpress_tests::artwork::{logo_svg, shapes_pdf};
use letterpress_tests::cli;
use letterpress_tests::pdf::Pdf;
use letterpress_tests::visual::Gray;

/// A letter of `paragraphs` paragraphs on a letterhead with these extra lines, in a new folder
/// holding `files`.
fn firm(
    letterhead: &str,
    files: &[(&str, Vec<u8>)],
    paragraphs: usize,
) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).expect("write artwork");
    }
    std::fs::write(
        dir.path().join("letterhead.yaml"),
        format!(
            "name: Acme Sp. z o.o.\nsender: {{ address: [ul. Długa 5, 00-263 Warszawa], email: biuro@acme.pl }}\n\
             footer: [Acme Sp. z o.o. · KRS 0000123456]\nfont: {{ family: Noto Sans, size: 11pt }}\n{letterhead}"
        ),
    )
    .expect("write letterhead");
    let para = "Dziękujemy za list z 3 listopada i za cierpliwość w czasie, gdy sprawdzaliśmy zamówienie. ".repeat(6);
    let body: Vec<String> = (0..paragraphs).map(|_| format!("  {para}")).collect();
    let letter = dir.path().join("letter.yaml");
    std::fs::write(
        &letter,
        format!(
            "letterhead: letterhead.yaml\nlanguage: pl\ndate: 2026-11-26\nrecipient: [Jan Kowalski, ul. Polna 1, 00-001 Warszawa]\n\
             subject: Zamówienie\nbody: |\n{}\n",
            body.join("\n\n")
        ),
    )
    .expect("write letter");
    (dir, letter)
}

fn render(letter: &Path, options: &RenderOptions) -> Rendered {
    letterpress::render_file(letter, &Env::from_process(), &Resources::new(), options)
        .unwrap_or_else(|e| panic!("{e}"))
        .output
}

/// Every image XObject of the file (in pages and in forms).
fn raster_images(pdf: &[u8]) -> usize {
    let doc = lopdf::Document::load_mem(pdf).expect("lopdf reads it");
    doc.objects
        .values()
        .filter(|o| {
            o.as_stream().is_ok_and(|s| {
                s.dict
                    .get(b"Subtype")
                    .and_then(|v| v.as_name())
                    .is_ok_and(|n| n == b"Image")
            })
        })
        .count()
}

#[test]
fn an_svg_logo_is_drawn_as_vectors_and_its_text_stays_text() {
    let svg = logo_svg("Acmewerk", "Noto Sans").into_bytes();
    let (_dir, letter) = firm(
        "header: { image: logo.svg, height: 30mm, alt: Acmewerk logo }\n",
        &[("logo.svg", svg)],
        1,
    );
    for standard in [
        Standard::A2bUa1,
        Standard::A2b,
        Standard::A2a,
        Standard::Ua1,
    ] {
        let out = render(
            &letter,
            &RenderOptions::new().pdf(PdfOptions::new().standard(standard)),
        );
        assert_eq!(raster_images(&out.pdf), 0, "{standard:?}: no raster image");
        let text = Pdf::parse(&out.pdf).expect("reads").text();
        assert!(
            text.contains("Acmewerk"),
            "{standard:?}: logo text extractable:\n{text}"
        );
    }
}

/// SVG text set in every kind of placement (letter-spaced, per-glyph `rotate`, raised `tspan`s,
/// a ligature, gradient and stroked fills, `textLength`, a `textPath`, a turned and faint line,
/// a group with opacity): the vendored krilla-svg draws glyphs on one baseline as one run and
/// the others one by one; either way each line's text reads back whole.
#[test]
fn svg_text_in_every_placement_reads_back() {
    let svg = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../fuzz/corpus/artwork/svg-text-placements.svg"),
    )
    .expect("the fuzz seed");
    let (_dir, letter) = firm(
        "header: { image: logo.svg, height: 40mm }\n",
        &[("logo.svg", svg)],
        1,
    );
    let out = render(&letter, &RenderOptions::default());
    assert_eq!(raster_images(&out.pdf), 0);
    let text = Pdf::parse(&out.pdf).expect("reads").text();
    for line in [
        "Spaced ŻÓŁĆ text",
        "Base",
        "back",
        "office",
        // "fi" there is the ligature glyph the line above gave the character U+FB01: its text
        // is in an /ActualText span, which this reader does not apply.
        "Gradient",
        "Stroked",
        "Stretched",
        // "In a group" is drawn in a transparency group (a form XObject), which this reader
        // does not enter.
    ] {
        assert!(text.contains(line), "`{line}` in:\n{text}");
    }
}

#[test]
fn a_pdf_logo_is_drawn_as_vectors_under_every_standard() {
    let pdf = shapes_pdf(&["0.1 0.3 0.5 rg 20 20 200 80 re f 1 0.6 0 RG 4 w 20 110 m 220 110 l S"]);
    let (_dir, letter) = firm(
        "header: { image: logo.pdf, height: 30mm }\n",
        &[("logo.pdf", pdf)],
        1,
    );
    for standard in [
        Standard::A2bUa1,
        Standard::A2b,
        Standard::A3b,
        Standard::A2a,
        Standard::Ua1,
        Standard::None,
    ] {
        let out = render(
            &letter,
            &RenderOptions::new().pdf(PdfOptions::new().standard(standard)),
        );
        assert_eq!(raster_images(&out.pdf), 0, "{standard:?}");
        let header = images(&out.document, 1, "header");
        assert_eq!(header.len(), 1, "{standard:?}");
        assert_eq!(
            header[0].image.format,
            letterpress::resolve::ImageFormat::Pdf
        );
    }
}

/// The image items of `role` on page `n`.
fn images<'a>(
    doc: &'a Document,
    n: usize,
    role: &str,
) -> Vec<&'a letterpress::layout::model::ImageBox> {
    doc.pages[n - 1]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Image(b) if b.role == role => Some(b),
            _ => None,
        })
        .collect()
}

/// Page images of `letter` rendered by the CLI at 20 dpi, with extra arguments.
fn page_images(letter: &Path, args: &[&str]) -> Vec<Gray> {
    let dir = letter.parent().expect("folder");
    let run = cli::run(
        cli::cmd()
            .arg("render")
            .arg(letter)
            .args(args)
            .args(["--format", "png", "--dpi", "20", "-o"])
            .arg(dir.join("page-{p}.png")),
    );
    assert_eq!(run.code, Some(0), "{run}");
    (1..)
        .map(|n| dir.join(format!("page-{n}.png")))
        .take_while(|p| p.exists())
        .map(|p| Gray::read_png(&p).expect("png"))
        .collect()
}

/// The mean grey of rows `from..to` (fractions of the height) of a page.
fn band(img: &Gray, from: f32, to: f32) -> f32 {
    let (a, b) = (
        (from * img.height as f32) as u32,
        (to * img.height as f32) as u32,
    );
    let mut sum = 0u64;
    for y in a..b {
        for x in 0..img.width {
            sum += u64::from(img.get(x, y));
        }
    }
    sum as f32 / ((b - a) * img.width) as f32
}

#[test]
fn a_two_page_stationery_lies_under_page_one_and_pages_two_on() {
    // Page 1 of the stationery: a black band along the top; page 2: one along the bottom.
    let sheet = shapes_pdf(&["0 g 0 800 595 41.89 re f", "0 g 0 0 595 30 re f"]);
    let (_dir, letter) = firm(
        "stationery: { file: briefbogen.pdf, first_page: 1, next_page: 2 }\n",
        &[("briefbogen.pdf", sheet)],
        9,
    );
    let out = render(&letter, &RenderOptions::new());
    let pages = out.document.pages.len();
    assert!(pages >= 2, "a long letter");
    for n in 1..=pages {
        let sheet = images(&out.document, n, "stationery");
        assert_eq!(sheet.len(), 1, "page {n}");
        assert!(
            matches!(out.document.pages[n - 1].items[0], Item::Image(_)),
            "drawn first"
        );
    }
    let imgs = page_images(&letter, &[]);
    assert_eq!(imgs.len(), pages);
    assert!(band(&imgs[0], 0.0, 0.04) < 40.0, "page 1 has the top band");
    assert!(
        band(&imgs[0], 0.97, 1.0) > 200.0,
        "page 1 has no bottom band"
    );
    for (i, img) in imgs.iter().enumerate().skip(1) {
        assert!(
            band(img, 0.0, 0.04) > 200.0,
            "page {} has no top band",
            i + 1
        );
        assert!(
            band(img, 0.975, 1.0) < 40.0,
            "page {} has the bottom band",
            i + 1
        );
    }
}

/// Every item of a document as (page, JSON of the item), for comparing positions.
fn items(doc: &Document) -> Vec<(usize, serde_json::Value)> {
    doc.pages
        .iter()
        .flat_map(|p| {
            p.items
                .iter()
                .map(move |i| (p.number, serde_json::to_value(i).expect("serialises")))
        })
        .collect()
}

#[test]
fn preprinted_paper_loses_only_the_letterhead_and_keeps_every_position() {
    let svg = logo_svg("Acme", "Noto Sans").into_bytes();
    let (_dir, letter) = firm(
        "header: { image: logo.svg, height: 30mm }\nnext_header: { image: logo.svg, height: 12mm }\n\
         stationery: { file: sheet.pdf }\n",
        &[("logo.svg", svg), ("sheet.pdf", shapes_pdf(&["0.9 g 0 0 595 20 re f"]))],
        9,
    );
    let full = render(&letter, &RenderOptions::new());
    let pre = render(&letter, &RenderOptions::new().preprinted(true));
    assert_eq!(full.document.pages.len(), pre.document.pages.len());
    let kept: Vec<_> = full
        .document
        .pages
        .iter()
        .flat_map(|p| {
            p.items
                .iter()
                .filter(|i| !letterpress::layout::artwork::is_letterhead(i))
                .map(move |i| (p.number, serde_json::to_value(i).expect("serialises")))
        })
        .collect();
    let removed = items(&full.document).len() - kept.len();
    assert!(
        removed >= 4,
        "header, next header, stationery and footer are gone ({removed})"
    );
    let pre_items = items(&pre.document);
    assert_eq!(kept.len(), pre_items.len());
    for ((pa, a), (pb, b)) in kept.iter().zip(&pre_items) {
        assert_eq!(pa, pb);
        for key in ["x", "y", "w", "h", "x1", "y1", "x2", "y2"] {
            let inner = |v: &serde_json::Value| {
                v.as_object()
                    .and_then(|o| o.values().next())
                    .and_then(|i| i.get(key))
                    .and_then(|x| x.as_f64())
            };
            if let (Some(x), Some(y)) = (inner(a), inner(b)) {
                assert!(
                    (x - y).abs() * 25.4 / 72.0 < 0.01,
                    "{key}: {x} vs {y} on page {pa}"
                );
            }
        }
        assert_eq!(a, b, "the same item on page {pa}");
    }
    let text = Pdf::parse(&pre.pdf).expect("reads").text();
    assert!(
        !text.contains("KRS 0000123456"),
        "no footer on pre-printed paper"
    );
    assert!(text.contains("Jan Kowalski"));
}

#[test]
fn the_watermark_is_on_every_page_as_an_artifact() {
    let (_dir, letter) = firm("", &[], 9);
    let out = render(&letter, &RenderOptions::new().watermark("KOPIA"));
    assert!(out.document.pages.len() >= 2);
    for page in &out.document.pages {
        let marks: Vec<_> = page
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text(t) if t.role == Role::Watermark => Some(t),
                _ => None,
            })
            .collect();
        assert_eq!(marks.len(), 1, "page {}", page.number);
        assert_eq!(marks[0].text(), "KOPIA");
        assert_eq!(marks[0].block, None, "an artifact");
    }
    // On the page images: ink across the middle of every page.
    let std = page_images(&letter, &[]);
    let marked = page_images(&letter, &["--watermark", "KOPIA"]);
    for (a, b) in std.iter().zip(&marked) {
        assert!(
            band(b, 0.45, 0.55) < band(a, 0.45, 0.55) - 1.0,
            "the word darkens the middle"
        );
    }
}

#[test]
fn a_letter_sets_its_own_watermark() {
    let (dir, _) = firm("", &[], 1);
    let letter = dir.path().join("copy.yaml");
    std::fs::write(
        &letter,
        "letterhead: letterhead.yaml\nwatermark: KOPIA\nrecipient: [Jan Kowalski]\nbody: Dziękujemy.\n",
    )
    .expect("write");
    let out = render(&letter, &RenderOptions::new());
    let has = out.document.pages[0]
        .items
        .iter()
        .any(|i| matches!(i, Item::Text(t) if t.role == Role::Watermark));
    assert!(has);
}

#[test]
fn the_senders_contacts_are_live_tagged_links() {
    let (_dir, letter) = firm("", &[], 1);
    let out = render(&letter, &RenderOptions::new());
    let mail: Vec<_> = out
        .document
        .links
        .iter()
        .filter(|l| l.uri == "mailto:biuro@acme.pl")
        .collect();
    assert!(!mail.is_empty(), "{:?}", out.document.links);
    // The link lies over the printed address.
    let pdf = Pdf::parse(&out.pdf).expect("reads");
    let line = pdf.pages[0].find_line("biuro@acme.pl").expect("printed");
    let l = mail[0];
    let right = line.x_end;
    assert!(
        l.x >= line.x - 1.0 && l.x + l.w <= right + 1.0,
        "{l:?} within {line:?}"
    );
    assert!(l.w > 20.0, "covers the address, not a point");
    // Annotations with a structure parent (tagged for PDF/UA, which the default validates).
    let doc = lopdf::Document::load_mem(&out.pdf).expect("lopdf");
    let links = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| {
            d.get(b"Subtype")
                .and_then(|s| s.as_name())
                .is_ok_and(|n| n == b"Link")
        })
        .collect::<Vec<_>>();
    assert!(!links.is_empty());
    assert!(links.iter().all(|d| d.get(b"StructParent").is_ok()));
}

#[test]
fn a_header_override_keeps_the_letterheads_alt() {
    let svg = logo_svg("Acmewerk", "Noto Sans").into_bytes();
    let (dir, letter) = firm(
        "header: { image: logo.svg, height: 30mm, alt: Acmewerk logo }\n",
        &[("logo.svg", svg.clone()), ("logo2.svg", svg)],
        1,
    );
    let figures = |style: &str| -> Vec<String> {
        let text = std::fs::read_to_string(&letter).expect("letter");
        let path = dir.path().join("override.yaml");
        std::fs::write(
            &path,
            format!("{text}style:\n  header: {{ image: logo2.svg{style} }}\n"),
        )
        .expect("written");
        let out = render(&path, &RenderOptions::default());
        out.document
            .structure
            .iter()
            .filter_map(|n| match &n.kind {
                letterpress::layout::model::StructKind::Figure { alt } => Some(alt.clone()),
                _ => None,
            })
            .collect()
    };
    assert_eq!(figures(""), ["Acmewerk logo"], "inherited");
    assert_eq!(figures(", alt: New logo"), ["New logo"], "its own");
    assert!(figures(", alt: ''").is_empty(), "an empty alt: decoration");
}
