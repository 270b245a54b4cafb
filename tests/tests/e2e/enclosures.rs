//! Enclosures that travel with the letter (issue 14): the pages of an enclosed PDF and a
//! scanned image follow the letter, read back from the written PDF; the letter's page counter
//! counts its own pages only; attached files are embedded with their relationship and make
//! the letter PDF/A-3b; a PDF enclosure never leaves a validated claim on the file.

use letterpress::{load_letter_str, render, Env, PdfOptions, RenderOptions, Resources, Standard};
use letterpress_tests::pdf::Pdf;
use letterpress_tests::repo_root;
use lopdf::Object;

/// A two-page-or-less invoice rendered by letterpress itself (its text reads back).
fn invoice_pdf(pages: usize) -> Vec<u8> {
    let para = "Pozycja faktury: usługi doradcze w zakresie komunikacji kryzysowej, \
                rozliczone według stawki godzinowej uzgodnionej w umowie ramowej.\n\n";
    let yaml = format!(
        "language: pl\ndate: 2026-11-26\nrecipient: [Fabryka Mebli Jodła S.A.]\n\
         subject: Faktura VAT FV/2026/11/114\nbody: |\n  {}Razem do zapłaty: 12 300,00 zł.\n",
        para.repeat(if pages > 1 { 14 } else { 1 })
            .replace("\n\n", "\n\n  ")
    );
    let letter = load_letter_str(&yaml, "invoice.yaml").expect("invoice letter");
    let out = render(
        &letter,
        &Env::default(),
        &Resources::new(),
        &RenderOptions::default(),
    )
    .expect("invoice renders")
    .output;
    assert_eq!(
        out.document.pages.len(),
        pages,
        "the invoice has {pages} pages"
    );
    out.pdf
}

fn scan_png() -> Vec<u8> {
    std::fs::read(repo_root().join("letterheads/nowak-pr/header-small.png")).expect("a PNG")
}

fn fixture_3_pages() -> Vec<u8> {
    std::fs::read(repo_root().join("tests/fixtures/enclosures/invoice-3-pages.pdf"))
        .expect("fixture")
}

/// Render `yaml` (as `letter.yaml`) with `files` registered in memory.
fn render_with(
    yaml: &str,
    files: &[(&str, Vec<u8>)],
    options: &RenderOptions,
) -> Result<letterpress::Warned<letterpress::Rendered>, letterpress::Errors> {
    let res = Resources::new();
    for (name, bytes) in files {
        res.insert_file(name, bytes.clone());
    }
    let letter = load_letter_str(yaml, "letter.yaml").expect("letter parses");
    render(&letter, &Env::default(), &res, options)
}

const HEAD: &str = "language: pl\ndate: 2026-11-26\nrecipient: [Fabryka Mebli Jodła S.A., ul. Źródlana 17, 81-364 Gdynia]\nsubject: Zakończenie współpracy\n";

#[test]
fn enclosed_pages_follow_the_letter_in_the_listed_order() {
    let yaml = format!(
        "{HEAD}body: W załączeniu faktura końcowa i skan protokołu.\nenclosures:\n  - Lista obecności\n  - title: Faktura końcowa nr FV/2026/11/114\n    file: faktura.pdf\n  - title: Protokół przekazania (skan)\n    file: skan.png\n"
    );
    let files = [("faktura.pdf", invoice_pdf(1)), ("skan.png", scan_png())];
    let out = render_with(&yaml, &files, &RenderOptions::default()).expect("renders");
    let pdf = Pdf::parse(&out.output.pdf).expect("parses");
    assert_eq!(pdf.page_count(), 1 + 1 + 1, "letter + invoice + scan");
    assert_eq!(
        out.output.document.pages.len(),
        1,
        "the letter itself has one page"
    );
    // The list on the letter comes from the same entries.
    let letter_text = pdf.pages[0].text();
    for line in [
        "Załączniki:",
        "Lista obecności",
        "Faktura końcowa nr FV/2026/11/114",
        "Protokół przekazania (skan)",
    ] {
        assert!(
            letter_text.contains(line),
            "{line:?} not in:\n{letter_text}"
        );
    }
    // The invoice's own text is on page 2, as text.
    let invoice = pdf.pages[1].text();
    assert!(invoice.contains("Faktura VAT FV/2026/11/114"), "{invoice}");
    assert!(
        invoice.contains("Razem do zapłaty: 12 300,00 zł."),
        "{invoice}"
    );
    // The scan is an image on page 3, fitted inside the paper's margins.
    let doc = &pdf.doc;
    let pages = doc.get_pages();
    let third = *pages.get(&3).expect("page 3");
    let page = doc.get_dictionary(third).expect("page 3");
    let resources = deref(doc, page.get(b"Resources").expect("resources"))
        .as_dict()
        .expect("dict");
    let xobjects = deref(doc, resources.get(b"XObject").expect("page 3 has XObjects"))
        .as_dict()
        .expect("dict");
    let image = xobjects
        .iter()
        .filter_map(|(_, o)| deref(doc, o).as_stream().ok())
        .find(|s| s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image"))
        .expect("an image on page 3");
    assert!(image.dict.get(b"Width").and_then(Object::as_i64).is_ok());
    assert!(
        pdf.pages[2].text().trim().is_empty(),
        "no header or footer on the scan's page"
    );
    // The invoice's page is not given a continuation header.
    assert!(!invoice.contains("Strona"), "{invoice}");
}

#[test]
fn the_page_counter_counts_only_the_letters_pages() {
    let body =
        "Dziękujemy za dotychczasową współpracę i rzetelne wywiązywanie się z umowy. ".repeat(10);
    let body = format!("{body}\n\n").repeat(6);
    let yaml = format!(
        "{HEAD}body: |\n  {}\nenclosures:\n  - title: Faktura\n    file: faktura.pdf\n",
        body.trim().replace("\n\n", "\n\n  ")
    );
    let files = [("faktura.pdf", fixture_3_pages())];
    let out = render_with(&yaml, &files, &RenderOptions::default()).expect("renders");
    assert_eq!(out.output.document.pages.len(), 2, "a two-page letter");
    let pdf = Pdf::parse(&out.output.pdf).expect("parses");
    assert_eq!(
        pdf.page_count(),
        2 + 3,
        "two letter pages and three enclosed"
    );
    let second = pdf.pages[1].text();
    assert!(second.contains("Strona 2 z 2"), "{second}");
    let all = pdf.text();
    assert!(
        !all.contains("z 5"),
        "no counter counts the enclosed pages:\n{all}"
    );
}

#[test]
fn pages_of_a_pdf_can_be_chosen() {
    let yaml = format!(
        "{HEAD}body: x\nenclosures:\n  - title: Faktura\n    file: faktura.pdf\n    pages: 1, 3\n"
    );
    let files = [("faktura.pdf", fixture_3_pages())];
    let out = render_with(&yaml, &files, &RenderOptions::default()).expect("renders");
    let pdf = lopdf::Document::load_mem(&out.output.pdf).expect("loads");
    assert_eq!(pdf.get_pages().len(), 1 + 2);
}

use letterpress_tests::pdf::{catalog, object as deref};

fn xmp(doc: &lopdf::Document) -> String {
    let cat = catalog(doc);
    let Object::Stream(s) = deref(doc, cat.get(b"Metadata").expect("/Metadata")) else {
        panic!("metadata is a stream")
    };
    String::from_utf8_lossy(&s.content).into_owned()
}

const ATTACHED: &str = "attachments:\n  - file: faktura.xml\n    description: Faktura ustrukturyzowana\n    relationship: Data\n";
const XML: &str = "<?xml version=\"1.0\"?><Faktura><P_2>FV/2026/11/114</P_2></Faktura>";

#[test]
fn an_attachment_is_an_associated_file_and_the_letter_pdf_a_3b() {
    let yaml =
        format!("{HEAD}body: x\nenclosures:\n  - title: Skan\n    file: skan.png\n{ATTACHED}");
    let files = [
        ("faktura.xml", XML.as_bytes().to_vec()),
        ("skan.png", scan_png()),
    ];
    let out = render_with(&yaml, &files, &RenderOptions::default()).expect("renders");
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    let doc = lopdf::Document::load_mem(&out.output.pdf).expect("loads");
    let meta = xmp(&doc);
    assert!(
        meta.contains("<pdfaid:part>3</pdfaid:part>"),
        "PDF/A-3: {meta}"
    );
    assert!(
        meta.contains("<pdfuaid:part>1</pdfuaid:part>"),
        "still PDF/UA: {meta}"
    );
    // The catalog's /AF lists the file specification, which names its relationship.
    let cat = catalog(&doc);
    let af = deref(&doc, cat.get(b"AF").expect("/AF"))
        .as_array()
        .expect("array");
    let spec = deref(&doc, &af[0]).as_dict().expect("file spec");
    assert_eq!(
        spec.get(b"AFRelationship").and_then(Object::as_name).ok(),
        Some(&b"Data"[..])
    );
    assert_eq!(
        spec.get(b"UF").and_then(Object::as_str).ok(),
        Some(&b"faktura.xml"[..])
    );
    let ef = deref(&doc, spec.get(b"EF").expect("/EF"))
        .as_dict()
        .expect("dict");
    let Object::Stream(file) = deref(&doc, ef.get(b"F").expect("/F")) else {
        panic!("the embedded file is a stream")
    };
    let mut file = file.clone();
    let _ = file.decompress();
    assert_eq!(file.content, XML.as_bytes(), "the bytes as they were");
    // pdfdetach (poppler) lists it, where it is installed.
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("letter.pdf");
    std::fs::write(&path, &out.output.pdf).expect("write");
    if let Ok(o) = std::process::Command::new("pdfdetach")
        .arg("-list")
        .arg(&path)
        .output()
    {
        let listed = String::from_utf8_lossy(&o.stdout);
        assert!(listed.contains("1: faktura.xml"), "{listed}");
    }
}

#[test]
fn an_attachment_under_an_asked_pdf_a_2b_is_refused() {
    let yaml = format!("{HEAD}body: x\n{ATTACHED}");
    let files = [("faktura.xml", XML.as_bytes().to_vec())];
    let asked = RenderOptions::new().pdf(PdfOptions::new().standard(Standard::A2b));
    let e = render_with(&yaml, &files, &asked).expect_err("PDF/A-2 cannot hold it");
    assert!(e.to_string().contains("--pdf-standard a-3b"), "{e}");
    let a3 = RenderOptions::new().pdf(PdfOptions::new().standard(Standard::A3b));
    render_with(&yaml, &files, &a3).expect("PDF/A-3b holds it");
}

#[test]
fn a_pdf_enclosure_drops_the_validated_claim_with_a_warning() {
    let yaml = format!("{HEAD}body: x\nenclosures:\n  - title: Faktura\n    file: faktura.pdf\n");
    let files = [("faktura.pdf", fixture_3_pages())];
    let out = render_with(&yaml, &files, &RenderOptions::default()).expect("renders");
    let w = out.warnings.iter().find(|w| {
        w.message
            .contains("without the PDF/A-2b and PDF/UA-1 claim")
    });
    let w = w.unwrap_or_else(|| panic!("a warning: {:?}", out.warnings));
    assert_eq!(
        w.origin.as_ref().map(|o| (o.line, o.column)),
        Some((8, 11)),
        "at `file:`"
    );
    let doc = lopdf::Document::load_mem(&out.output.pdf).expect("loads");
    let meta = xmp(&doc);
    assert!(!meta.contains("pdfaid"), "no PDF/A claim: {meta}");
    assert!(!meta.contains("pdfuaid"), "no PDF/UA claim: {meta}");
    // Asked for explicitly, the standard is an error at the enclosure.
    let asked = RenderOptions::new().pdf(PdfOptions::new().standard(Standard::Ua1));
    let e = render_with(&yaml, &files, &asked).expect_err("refused");
    assert!(e.to_string().contains("cannot be PDF/UA-1"), "{e}");
    assert_eq!(e.0[0].origin.as_ref().map(|o| o.line), Some(8));
}

#[test]
fn the_output_is_deterministic() {
    let yaml = format!(
        "{HEAD}body: x\nenclosures:\n  - title: Faktura\n    file: faktura.pdf\n  - title: Skan\n    file: skan.png\n{ATTACHED}"
    );
    let files = [
        ("faktura.pdf", fixture_3_pages()),
        ("skan.png", scan_png()),
        ("faktura.xml", XML.as_bytes().to_vec()),
    ];
    let a = render_with(&yaml, &files, &RenderOptions::default()).expect("renders");
    let b = render_with(&yaml, &files, &RenderOptions::default()).expect("renders");
    assert!(a.output.pdf == b.output.pdf, "byte-identical");
}

#[test]
fn an_enclosed_letter_with_a_scan_passes_the_archival_validators() {
    let yaml = format!("{HEAD}body: x\nenclosures:\n  - title: Skan\n    file: skan.png\n");
    let files = [("skan.png", scan_png())];
    for standard in [
        Standard::A2bUa1,
        Standard::A2b,
        Standard::A3b,
        Standard::A2a,
        Standard::Ua1,
    ] {
        let options = RenderOptions::new().pdf(PdfOptions::new().standard(standard));
        let out =
            render_with(&yaml, &files, &options).unwrap_or_else(|e| panic!("{standard:?}: {e}"));
        let doc = lopdf::Document::load_mem(&out.output.pdf).expect("loads");
        assert_eq!(doc.get_pages().len(), 2, "{standard:?}");
    }
}

#[test]
fn merge_takes_enclosure_and_attachment_paths_from_the_data() {
    use letterpress_tests::cli::{merge_cmd, run};
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    std::fs::write(d.join("a.pdf"), fixture_3_pages()).expect("write");
    std::fs::write(d.join("b.png"), scan_png()).expect("write");
    std::fs::write(d.join("a.xml"), XML).expect("write");
    std::fs::write(
        d.join("letter.yaml"),
        format!("{HEAD}body: x\nenclosures:\n  - title: \"Faktura {{{{ id }}}}\"\n    file: \"{{{{ invoice }}}}\"\nattachments:\n  - file: \"{{{{ xml }}}}\"\n"),
    )
    .expect("write");
    std::fs::write(
        d.join("data.csv"),
        "id,invoice,xml\n1,a.pdf,a.xml\n2,b.png,a.xml\n",
    )
    .expect("write");
    let out = d.join("out");
    let r = run(merge_cmd(&d.join("letter.yaml"), &d.join("data.csv"), &out)
        .args(["--name", "{{ id }}.pdf"]));
    assert_eq!(r.code, Some(0), "{r}");
    let one = lopdf::Document::load(out.join("1.pdf")).expect("1.pdf");
    assert_eq!(one.get_pages().len(), 1 + 3);
    let two = lopdf::Document::load(out.join("2.pdf")).expect("2.pdf");
    assert_eq!(two.get_pages().len(), 1 + 1);
    // A path from the data is confined like any other: outside the root, refused.
    std::fs::write(
        d.join("data2.csv"),
        "id,invoice,xml\n3,../../etc/passwd,a.xml\n",
    )
    .expect("write");
    let out2 = d.join("out2");
    let r = run(&mut merge_cmd(
        &d.join("letter.yaml"),
        &d.join("data2.csv"),
        &out2,
    ));
    assert_ne!(r.code, Some(0), "{r}");
    assert!(r.stderr.contains("outside the allowed folder"), "{r}");
}

/// The repository's JPEG banner with an EXIF segment saying it is stored turned by `o`.
fn jpeg_turned(o: Option<u16>) -> Vec<u8> {
    let d = std::fs::read(repo_root().join("letterheads/hartmann-legal/header.jpg")).expect("JPEG");
    match o {
        Some(o) => letterpress_tests::with_exif_orientation(d, o),
        None => d,
    }
}

/// The box of the pixels darker than paper on a page image: (width, height), and whether it
/// is centred on the page (within 3 pixels).
fn ink_box(img: &letterpress_tests::visual::Gray) -> (u32, u32, bool) {
    let (mut x0, mut y0, mut x1, mut y1) = (u32::MAX, u32::MAX, 0, 0);
    for y in 0..img.height {
        for x in 0..img.width {
            if img.get(x, y) < 240 {
                (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
            }
        }
    }
    assert!(x1 >= x0 && y1 >= y0, "the page has ink");
    let centred = (i64::from(x0 + x1) - i64::from(img.width - 1)).abs() <= 6
        && (i64::from(y0 + y1) - i64::from(img.height - 1)).abs() <= 6;
    (x1 - x0 + 1, y1 - y0 + 1, centred)
}

#[test]
fn a_scan_is_turned_upright_by_its_exif_orientation_and_fitted_to_the_page() {
    use letterpress_tests::cli::{cmd, run};
    use letterpress_tests::visual::Gray;
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    std::fs::write(
        d.join("letter.yaml"),
        format!("{HEAD}body: x\nenclosures:\n  - title: Skan\n    file: scan.jpg\n"),
    )
    .expect("write");
    let mut boxes = Vec::new();
    for o in [None, Some(6)] {
        std::fs::write(d.join("scan.jpg"), jpeg_turned(o)).expect("write");
        let r = run(cmd().current_dir(d).args([
            "render",
            "letter.yaml",
            "--format",
            "png",
            "--dpi",
            "30",
            "-o",
            "page-{n}.png",
        ]));
        assert_eq!(r.code, Some(0), "{r}");
        assert!(r.stderr.contains("2 pages"), "{r}");
        let img = Gray::read_png(&d.join("page-2.png")).expect("page 2");
        let (w, h, centred) = ink_box(&img);
        // Inside the 12 mm margins (14 px at 30 dpi), up to a pixel of rounding, and centred
        // (the banner's lettering sits in the middle of the image).
        assert!(
            w <= img.width - 2 * 13 && h <= img.height - 2 * 13,
            "{o:?}: {w}×{h}"
        );
        assert!(centred, "{o:?}: the scan is centred on its page");
        boxes.push((w, h));
    }
    let ((w, h), (tw, th)) = (boxes[0], boxes[1]);
    assert!(w > h, "the banner is wide: {w}×{h}");
    assert!(
        th > tw,
        "stored sideways with orientation 6, it is set upright: {tw}×{th}"
    );
}

#[test]
fn check_lists_the_enclosures_with_their_page_counts() {
    use letterpress_tests::cli::{cmd, run};
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    std::fs::write(d.join("faktura.pdf"), fixture_3_pages()).expect("write");
    std::fs::write(d.join("skan.png"), scan_png()).expect("write");
    std::fs::write(d.join("faktura.xml"), XML).expect("write");
    std::fs::write(
        d.join("letter.yaml"),
        format!("{HEAD}body: x\nenclosures:\n  - Lista\n  - title: Faktura\n    file: faktura.pdf\n    pages: 2-3\n  - title: Skan\n    file: skan.png\n{ATTACHED}"),
    )
    .expect("write");
    let r = run(cmd().current_dir(d).args(["check", "letter.yaml"]));
    assert_eq!(r.code, Some(0), "{r}");
    assert!(
        r.stdout
            .contains("enclosure 1: Faktura — ./faktura.pdf, 2 pages"),
        "{r}"
    );
    assert!(
        r.stdout.contains("enclosure 2: Skan — ./skan.png, 1 page"),
        "{r}"
    );
    assert!(
        r.stdout
            .contains("attachment: faktura.xml (application/xml, Data"),
        "{r}"
    );
    assert!(r.stdout.contains("ok — 4 pages"), "{r}");
    assert!(
        r.stderr.contains("without the PDF/A-2b and PDF/UA-1 claim"),
        "{r}"
    );
}

#[test]
fn a_combined_merge_keeps_every_letters_enclosures_and_attachments() {
    use letterpress_tests::cli::{merge_cmd, run};
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    std::fs::write(d.join("a.pdf"), fixture_3_pages()).expect("write");
    std::fs::write(d.join("same.xml"), XML).expect("write");
    std::fs::create_dir(d.join("two")).expect("dir");
    std::fs::write(d.join("own.xml"), "<a/>").expect("write");
    std::fs::write(d.join("two/own.xml"), "<b/>").expect("write");
    std::fs::write(
        d.join("letter.yaml"),
        format!("{HEAD}body: x\nenclosures:\n  - title: Faktura\n    file: a.pdf\nattachments:\n  - file: same.xml\n  - file: \"{{{{ xml }}}}\"\n"),
    )
    .expect("write");
    std::fs::write(d.join("data.csv"), "xml\nown.xml\ntwo/own.xml\n").expect("write");
    let all = d.join("all.pdf");
    let r = run(
        merge_cmd(&d.join("letter.yaml"), &d.join("data.csv"), &d.join("out"))
            .arg("--combined")
            .arg(&all),
    );
    assert_eq!(r.code, Some(0), "{r}");
    let doc = lopdf::Document::load(&all).expect("combined PDF");
    assert_eq!(
        doc.get_pages().len(),
        2 * (1 + 3),
        "each letter followed by its enclosure"
    );
    // Plain PDF (a PDF enclosure): the files are in the catalog's EmbeddedFiles name tree.
    let cat = catalog(&doc);
    let tree = deref(&doc, cat.get(b"Names").expect("/Names"))
        .as_dict()
        .expect("dict");
    let files = deref(&doc, tree.get(b"EmbeddedFiles").expect("/EmbeddedFiles"))
        .as_dict()
        .expect("dict");
    let leaf = deref(&doc, files.get(b"Names").expect("a leaf /Names"))
        .as_array()
        .expect("array");
    let mut names: Vec<String> = leaf
        .iter()
        .skip(1)
        .step_by(2)
        .map(|o| deref(&doc, o).as_dict().expect("file spec"))
        .map(|s| {
            let uf = s.get(b"UF").and_then(Object::as_str).expect("/UF");
            String::from_utf8_lossy(uf).into_owned()
        })
        .collect();
    names.sort();
    // The same file once; two files of one name both, the second named after its letter.
    assert_eq!(names, ["own (2).xml", "own.xml", "same.xml"]);
}

#[test]
fn links_of_an_enclosed_pdf_that_are_not_copied_are_named_in_a_warning() {
    // Page 2 of the fixture with a link annotation (the xref offsets after it shift; readers,
    // hayro included, find the objects again).
    let pdf = String::from_utf8_lossy(&fixture_3_pages()).replace(
        "/Contents 13 0 R >>",
        "/Contents 13 0 R /Annots [<< /Type /Annot /Subtype /Link /Rect [72 700 200 720] /A << /S /URI /URI (https://example.com) >> >>] >>",
    );
    assert!(
        pdf.contains("/Annots"),
        "the fixture's page 2 names its contents 13 0 R"
    );
    let yaml = format!("{HEAD}body: x\nenclosures:\n  - title: Faktura\n    file: faktura.pdf\n");
    let files = [("faktura.pdf", pdf.into_bytes())];
    let out = render_with(&yaml, &files, &RenderOptions::default()).expect("renders");
    let w = out
        .warnings
        .iter()
        .find(|w| w.message.contains("links, comments and form fields"))
        .unwrap_or_else(|| panic!("a warning: {:?}", out.warnings));
    assert!(w.message.contains("(page 2)"), "{}", w.message);
    assert_eq!(w.origin.as_ref().map(|o| o.line), Some(8), "at `file:`");
}

#[test]
fn a_pdf_with_an_unreadable_array_item_is_refused_as_damaged() {
    // Found by the enclosure fuzz target: hayro-syntax 0.7 panics on this array while the pages
    // are checked; the letter is refused at the enclosure's `file:` instead.
    let bytes = std::fs::read(repo_root().join("tests/fixtures/enclosures/damaged-array.pdf"))
        .expect("fixture");
    let yaml = format!("{HEAD}body: x\nenclosures:\n  - title: Faktura\n    file: enc.pdf\n");
    let options = RenderOptions::new().pdf(PdfOptions::new().standard(Standard::None));
    let Err(err) = render_with(&yaml, &[("enc.pdf", bytes)], &options) else {
        panic!("a damaged enclosure renders");
    };
    let e = &err.0[0];
    assert!(e.to_string().contains("damaged"), "{e}");
    assert_eq!(e.origin.as_ref().map(|o| o.line), Some(8), "{e}");
}
