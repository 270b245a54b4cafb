//! Issue 19's accessibility and print-area parts: the footer read back from the structure tree
//! (and gone from it with `footer_decoration`), `check`'s warnings on artwork without `alt`,
//! on marks and artwork outside the printable area and on full-bleed artwork, and `bleed:`
//! (MediaBox larger by the bleed, TrimBox the paper, positions on the paper unchanged).

use std::path::{Path, PathBuf};

use letterpress::{Env, RenderOptions, Resources};
use letterpress_tests::pdf::Pdf;

use crate::common::render;

const FOOTER: &str =
    "Kowalski sp. z o.o. · KRS 0000999999 · IBAN PL61 1090 1014 0000 0712 1981 2874";

/// The nordwerk letterhead (a full-bleed band), as a path a letter in a temp dir can name.
fn nordwerk() -> PathBuf {
    letterpress_tests::repo_root().join("letterheads/nordwerk/letterhead.yaml")
}

/// A letter written into `dir`, with `extra` lines at its end.
fn letter(dir: &Path, name: &str, extra: &str) -> PathBuf {
    let path = dir.join(name);
    let yaml = format!(
        "recipient: [Firma Nowak, ul. Długa 1, 31-147 Kraków]\nsubject: Zamówienie\ndate: 2026-11-03\nopening: Szanowni Państwo,\nbody: potwierdzamy, że książki zostały wysłane.\n{extra}"
    );
    std::fs::write(&path, yaml).expect("written");
    path
}

/// `check`'s warnings, each with its place.
fn check(path: &Path) -> Vec<String> {
    let l = letterpress::load_letter(path).expect("loads");
    letterpress::check(
        &l,
        &Env::from_process(),
        &Resources::new(),
        &RenderOptions::default(),
    )
    .expect("checks")
    .warnings
    .iter()
    .map(ToString::to_string)
    .collect()
}

#[test]
fn the_footer_is_read_from_the_structure_tree_after_the_letter() {
    let dir = tempfile::tempdir().expect("temp dir");
    let style = format!("style: {{ name: Kowalski, footer: [\"{FOOTER}\"] }}\n");
    let pdf = Pdf::parse(&render(&letter(dir.path(), "a.yaml", &style)).pdf).expect("parses");
    let tagged = letterpress_tests::text::collapse(&pdf.tagged_text());
    let footer_at = tagged
        .find("KRS 0000999999")
        .expect("the footer is in the tag tree");
    let body_at = tagged.find("wysłane").expect("the body is in the tag tree");
    assert!(
        body_at < footer_at,
        "the footer is read after the body: {tagged}"
    );
    assert!(
        tagged.contains(&letterpress_tests::text::collapse(FOOTER)),
        "{tagged}"
    );
    assert!(
        pdf.struct_types().iter().any(|t| t == "Note"),
        "a /Note element"
    );

    let style =
        format!("style: {{ name: Kowalski, footer: [\"{FOOTER}\"], footer_decoration: true }}\n");
    let pdf = Pdf::parse(&render(&letter(dir.path(), "b.yaml", &style)).pdf).expect("parses");
    assert!(pdf.text().contains("KRS 0000999999"), "still printed");
    assert!(
        !pdf.tagged_text().contains("KRS"),
        "a decoration is not in the tag tree: {}",
        pdf.tagged_text()
    );
    assert!(!pdf.struct_types().iter().any(|t| t == "Note"));
}

#[test]
fn check_asks_for_alt_on_header_artwork_at_its_key() {
    let dir = tempfile::tempdir().expect("temp dir");
    let svg = letterpress_tests::repo_root().join("letterheads/nowak-pr/header.svg");
    let style = format!(
        "style:\n  name: Nowak\n  header:\n    image: {}\n",
        svg.display()
    );
    let w = check(&letter(dir.path(), "a.yaml", &style));
    let alt = w
        .iter()
        .find(|m| m.contains("has no `alt`"))
        .unwrap_or_else(|| panic!("an alt warning: {w:?}"));
    assert!(alt.contains("`header`") && alt.contains("alt: ''"), "{alt}");
    assert!(alt.contains("a.yaml:9:12"), "at the image key: {alt}");
    for given in ["    alt: Nowak Public Relations\n", "    alt: ''\n"] {
        let w = check(&letter(dir.path(), "b.yaml", &format!("{style}{given}")));
        assert!(
            !w.iter().any(|m| m.contains("has no `alt`")),
            "{given}: {w:?}"
        );
    }
    // Every bundled letterhead describes its page-1 artwork.
    for lh in ["nowak-pr", "hartmann-legal", "brightline-us", "nordwerk"] {
        let w = check(&letter(
            dir.path(),
            "c.yaml",
            &format!("letterhead: {lh}\n"),
        ));
        assert!(!w.iter().any(|m| m.contains("has no `alt`")), "{lh}: {w:?}");
    }
}

#[test]
fn check_names_marks_and_artwork_outside_the_printable_area() {
    let dir = tempfile::tempdir().expect("temp dir");
    let lh = nordwerk();
    let w = check(&letter(
        dir.path(),
        "a.yaml",
        &format!("letterhead: {}\n", lh.display()),
    ));
    let bleed = w
        .iter()
        .find(|m| m.contains("full bleed"))
        .expect("the band bleeds");
    assert!(bleed.contains("left, top, right edges"), "{bleed}");
    assert!(
        bleed.contains("letterhead.yaml:16:10"),
        "at the letterhead's image key: {bleed}"
    );
    // The marks start 5 mm from the edge by default, inside the printable area.
    assert!(!w.iter().any(|m| m.contains("mark")), "{w:?}");
    let w = check(&letter(
        dir.path(),
        "m.yaml",
        &format!(
            "letterhead: {}\nstyle: {{ marks_inset: 3mm }}\n",
            lh.display()
        ),
    ));
    assert!(
        w.iter()
            .any(|m| m.contains("fold marks") && m.contains("3.0 mm")),
        "{w:?}"
    );
    assert!(w.iter().any(|m| m.contains("punch mark")), "{w:?}");
    // A continuation band whose ink starts 2 mm from the top of pages 2+.
    std::fs::write(
        dir.path().join("band.svg"),
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="210mm" height="15mm" viewBox="0 0 210 15"><rect x="20" y="2" width="170" height="8" fill="#1f4e79"/></svg>"##,
    )
    .expect("w");
    std::fs::write(
        dir.path().join("band.yaml"),
        "name: Band\nnext_header: { image: band.svg, height: 15mm, alt: '' }\n",
    )
    .expect("w");
    let long = "body: |\n".to_string()
        + &"  Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n\n".repeat(60);
    let path = dir.path().join("long.yaml");
    std::fs::write(
        &path,
        format!("letterhead: band.yaml\nrecipient: [A, B]\n{long}"),
    )
    .expect("w");
    let w = check(&path);
    assert!(
        w.iter().any(
            |m| m.contains("`next_header` artwork is 2.0 mm from the top edge")
                && m.contains("5.0 mm printable margin")
        ),
        "{w:?}"
    );
    // The bundled letterheads' continuation bands print whole.
    for lh in ["nowak-pr", "brightline-us"] {
        std::fs::write(
            &path,
            format!("letterhead: {lh}\nrecipient: [A, B]\n{long}"),
        )
        .expect("w");
        let w = check(&path);
        assert!(!w.iter().any(|m| m.contains("next_header")), "{lh}: {w:?}");
    }
    // With bleed: nothing left to say about the sheet.
    let style = "style: { bleed: 3mm }\n";
    let w = check(&letter(
        dir.path(),
        "b.yaml",
        &format!("letterhead: {}\n{style}", lh.display()),
    ));
    assert!(
        !w.iter().any(|m| m.contains("mark") || m.contains("bleed")),
        "{w:?}"
    );
}

/// A page box (`/TrimBox`, …) of page 1, in points.
fn page_box(pdf: &Pdf, name: &[u8]) -> Vec<f32> {
    let id = *pdf.doc.get_pages().get(&1).expect("page 1");
    let page = pdf.doc.get_dictionary(id).expect("page dict");
    let o = letterpress_tests::pdf::object(&pdf.doc, page.get(name).expect("the box"));
    o.as_array()
        .expect("an array")
        .iter()
        .map(|n| {
            n.as_float()
                .or_else(|_| n.as_i64().map(|i| i as f32))
                .expect("a number")
        })
        .collect()
}

#[test]
fn bleed_grows_the_sheet_and_keeps_the_letter_on_the_paper() {
    let dir = tempfile::tempdir().expect("temp dir");
    let lh = format!("letterhead: {}\n", nordwerk().display());
    let plain = render(&letter(dir.path(), "a.yaml", &lh));
    let bled = render(&letter(
        dir.path(),
        "b.yaml",
        &format!("{lh}style: {{ bleed: 3mm }}\n"),
    ));
    let b = 3.0 * 72.0 / 25.4;
    let (p, q) = (
        Pdf::parse(&plain.pdf).expect("parses"),
        Pdf::parse(&bled.pdf).expect("parses"),
    );
    let (w, h) = (p.pages[0].width(), p.pages[0].height());
    assert!(
        (q.pages[0].width() - (w + 2.0 * b)).abs() < 0.01,
        "MediaBox 3 mm larger"
    );
    assert!((q.pages[0].height() - (h + 2.0 * b)).abs() < 0.01);
    let trim = page_box(&q, b"TrimBox");
    let want = [b, b, b + w, b + h];
    for (got, want) in trim.iter().zip(want) {
        assert!(
            (got - want).abs() < 0.01,
            "TrimBox = the A4 paper: {trim:?}"
        );
    }
    assert_eq!(page_box(&q, b"BleedBox"), page_box(&q, b"MediaBox"));
    // Every line of text sits where it did, measured from the paper's corner.
    let (a, c) = (&p.pages[0].spans, &q.pages[0].spans);
    assert_eq!(a.len(), c.len(), "the same text, nothing drawn twice");
    for (s, t) in a.iter().zip(c) {
        assert_eq!(s.text, t.text);
        assert!(
            (t.x - b - s.x).abs() < 0.01 && (t.y - b - s.y).abs() < 0.01,
            "{}",
            s.text
        );
    }
    // The layout's page model is the same apart from the bleed itself.
    let mut model = serde_json::to_value(&bled.document).expect("JSON");
    assert!((model["bleed"].as_f64().expect("bleed") - f64::from(b)).abs() < 0.01);
    model.as_object_mut().expect("object").remove("bleed");
    assert_eq!(model, serde_json::to_value(&plain.document).expect("JSON"));
}

#[test]
fn stationery_with_alt_is_a_figure_on_page_one_and_without_it_check_asks() {
    use letterpress::layout::model::{Item, StructKind};
    let dir = tempfile::tempdir().expect("temp dir");
    // A black band along the top of the sheet, edge to edge.
    let sheet = letterpress_tests::artwork::shapes_pdf(&["0 g 0 800 595.28 41.89 re f"]);
    std::fs::write(dir.path().join("sheet.pdf"), sheet).expect("written");
    let with =
        |alt: &str| format!("style:\n  name: Firm\n  stationery:\n    file: sheet.pdf\n{alt}");
    let out = render(&letter(
        dir.path(),
        "a.yaml",
        &with("    alt: Firm, 1 Main St\n"),
    ));
    let block = out.document.pages[0].items.iter().find_map(|i| match i {
        Item::Image(b) if b.role == "stationery" => Some(b.block),
        _ => None,
    });
    let b = block.expect("the sheet is drawn").expect("a figure");
    assert_eq!(
        out.document.structure[b].kind,
        StructKind::Figure {
            alt: "Firm, 1 Main St".into()
        }
    );
    assert_eq!(b, 0, "read first");
    let w = check(&letter(dir.path(), "b.yaml", &with("")));
    let alt = w
        .iter()
        .find(|m| m.contains("`stationery` artwork has no `alt`"));
    assert!(
        alt.is_some_and(|m| m.contains("b.yaml:9:11")),
        "at the file key: {w:?}"
    );
    let band = w
        .iter()
        .find(|m| m.contains("`stationery` artwork runs off"));
    assert!(
        band.is_some_and(|m| m.contains("left, top, right edges")),
        "{w:?}"
    );
    let w = check(&letter(dir.path(), "c.yaml", &with("    alt: ''\n")));
    assert!(
        !w.iter().any(|m| m.contains("no `alt`")),
        "decoration: {w:?}"
    );
}
