//! The streamed combined PDF (`letterpress::pdf::Combined`): letters in different fonts and
//! letterheads, copied one by one into one file, read back: each letter's text on its own
//! pages, one outline entry and one structure part per letter, the page and parent trees
//! whole; strict readers (pypdf strict, qpdf --check, pdftotext) say nothing; the same letters
//! give the same bytes.

use std::path::Path;
use std::process::Command;

use letterpress::pdf::{Combined, Needs, PdfOptions};
use letterpress::Document;
use letterpress_tests::pdf::{catalog, object as resolve, Pdf};
use lopdf::Object;

use crate::common::render_yaml;

/// Three letters: different families, letterheads and languages; the second one two pages.
fn letters() -> Vec<Document> {
    let long = "Zdanie, które się powtarza, aby list zajął dwie strony. ".repeat(90);
    [
        "letterhead: nowak-pr\nlanguage: pl\ndate: 2026-11-26\nrecipient: [Zażółć Gęślą, ul. Długa 1, 00-001 Warszawa]\nsubject: Pierwszy list\nbody: Treść pierwszego listu.\nstyle:\n  font: { family: Noto Serif }\n".to_string(),
        format!("letterhead: nordwerk\nlanguage: de\ndate: 2026-11-27\nrecipient: [Jörg Weiß, Hauptstraße 5, 10115 Berlin]\nsubject: Zweiter Brief\nbody: |\n  Inhalt des zweiten Briefes. {long}\nstyle:\n  font: {{ family: Noto Sans }}\n"),
        "language: pl\ndate: 2026-11-28\nrecipient: [Ćma Źrebię, ul. Krótka 2, 30-001 Kraków]\nsubject: Trzeci list\nbody: Treść trzeciego listu.\nstyle:\n  font: { family: TeX Gyre Termes }\n".to_string(),
    ]
    .iter()
    .map(|y| render_yaml(y).output.document)
    .collect()
}

fn combined(docs: &[Document], dir: &Path) -> Vec<u8> {
    combined_titled(docs, dir, Some("3 letters"))
}

/// `docs` streamed into one combined PDF (each admitted first), finished with `title`.
fn combined_titled(docs: &[Document], dir: &Path, title: Option<&str>) -> Vec<u8> {
    let options = PdfOptions::default();
    let refs: Vec<&Document> = docs.iter().collect();
    let mut c = Combined::new(
        &docs[0],
        &options,
        false,
        &Needs::of(&refs),
        Vec::new(),
        dir,
    )
    .expect("a writer");
    for d in docs {
        c.admit(d).expect("admitted");
        c.add(d).expect("added");
    }
    assert_eq!(c.letters(), docs.len());
    c.finish(title).expect("finished")
}

fn tool(cmd: &mut Command) -> (bool, String) {
    let out = cmd.output().unwrap_or_else(|e| {
        panic!("{cmd:?} cannot run ({e}): install qpdf, poppler-utils and pypdf (see .ci/run)")
    });
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

const PYPDF_STRICT: &str = r#"
import sys, logging, warnings, io
log = io.StringIO()
logging.basicConfig(stream=log, level=logging.WARNING)
warnings.simplefilter("error")
from pypdf import PdfReader
r = PdfReader(sys.argv[1], strict=True)
for page in r.pages:
    page.extract_text()
r.metadata, r.xmp_metadata, r.trailer["/ID"]
print(len(r.pages), [o.title for o in r.outline])
r.root_object["/StructTreeRoot"].get_object()
sys.stderr.write(log.getvalue())
"#;

#[test]
fn three_letters_in_their_own_fonts_and_letterheads_read_back_whole() {
    let dir = tempfile::tempdir().expect("temp");
    let docs = letters();
    let pages: Vec<usize> = docs.iter().map(|d| d.pages.len()).collect();
    assert_eq!(pages[1], 2, "the second letter has two pages");
    let bytes = combined(&docs, dir.path());
    assert_eq!(bytes, combined(&docs, dir.path()), "deterministic");
    let pdf = Pdf::parse(&bytes).expect("parses");
    assert_eq!(pdf.page_count(), 4);
    let on = |p: usize| pdf.pages[p].text();
    assert!(
        on(0).contains("Zażółć Gęślą") && on(0).contains("pierwszego"),
        "{}",
        on(0)
    );
    assert!(
        on(1).contains("Jörg Weiß") && on(1).contains("zweiten"),
        "{}",
        on(1)
    );
    assert!(on(2).contains("powtarza"), "{}", on(2));
    assert!(
        on(3).contains("Ćma Źrebię") && on(3).contains("trzeciego"),
        "{}",
        on(3)
    );
    let fonts: Vec<String> = pdf.fonts().into_iter().map(|f| f.base_font).collect();
    for family in ["NotoSerif", "NotoSans", "Termes"] {
        assert!(
            fonts
                .iter()
                .any(|f| f.replace(['-', ' '], "").contains(family)),
            "{family} is embedded: {fonts:?}"
        );
    }
    // One outline entry per letter, each pointing at its first page.
    let doc = &pdf.doc;
    let cat = catalog(doc);
    let outlines = resolve(doc, cat.get(b"Outlines").expect("an outline"))
        .as_dict()
        .expect("dict")
        .clone();
    assert_eq!(
        outlines.get(b"Count").and_then(Object::as_i64).ok(),
        Some(3)
    );
    let page_ids: Vec<lopdf::ObjectId> = doc.get_pages().values().copied().collect();
    let mut item = outlines.get(b"First").ok().cloned();
    let mut titles = Vec::new();
    while let Some(i) = item {
        let d = resolve(doc, &i).as_dict().expect("item").clone();
        let title = letterpress_tests::pdf::text_string(
            d.get(b"Title").and_then(Object::as_str).expect("title"),
        );
        let dest = d
            .get(b"Dest")
            .and_then(Object::as_array)
            .expect("a direct /Dest");
        let page = dest[0].as_reference().expect("a page");
        titles.push((title, page_ids.iter().position(|&p| p == page)));
        item = d.get(b"Next").ok().cloned();
    }
    assert_eq!(
        titles,
        [
            ("Pierwszy list".to_string(), Some(0)),
            ("Zweiter Brief".to_string(), Some(1)),
            ("Trzeci list".to_string(), Some(3))
        ]
    );
    // The structure: one Document with a Part per letter, in order; the tagged text has each.
    let tree = resolve(doc, cat.get(b"StructTreeRoot").expect("tree"))
        .as_dict()
        .expect("dict")
        .clone();
    let top = resolve(doc, tree.get(b"K").expect("K"))
        .as_dict()
        .expect("Document")
        .clone();
    assert_eq!(
        top.get(b"S").and_then(Object::as_name).ok(),
        Some(&b"Document"[..])
    );
    let parts = top.get(b"K").and_then(Object::as_array).expect("parts");
    assert_eq!(parts.len(), 3);
    for p in parts {
        let d = resolve(doc, p).as_dict().expect("part");
        assert_eq!(
            d.get(b"S").and_then(Object::as_name).ok(),
            Some(&b"Part"[..])
        );
    }
    // Each letter's footer note keeps an identifier of its own, found through the IDTree.
    let ids = id_names(doc, tree.get(b"IDTree").expect("an IDTree"));
    assert_eq!(ids.len(), 2, "the two letters with a footer: {ids:?}");
    for (name, element) in &ids {
        let e = resolve(doc, element).as_dict().expect("element");
        assert_eq!(
            e.get(b"S").and_then(Object::as_name).ok(),
            Some(&b"Note"[..])
        );
        assert_eq!(e.get(b"ID").and_then(Object::as_str).ok(), Some(&name[..]));
    }
    assert!(ids[0].0 < ids[1].0, "sorted and distinct: {ids:?}");
    let tagged = pdf.tagged_text();
    let (a, b, c) = (
        tagged.find("pierwszego").expect("letter 1 tagged"),
        tagged.find("zweiten").expect("letter 2 tagged"),
        tagged.find("trzeciego").expect("letter 3 tagged"),
    );
    assert!(a < b && b < c, "{tagged}");
    // Strict readers.
    let path = dir.path().join("all.pdf");
    std::fs::write(&path, &bytes).expect("written");
    let (ok, out) = tool(
        Command::new("python3")
            .arg("-c")
            .arg(PYPDF_STRICT)
            .arg(&path),
    );
    assert!(
        ok && out.starts_with("4 ['Pierwszy list', 'Zweiter Brief', 'Trzeci list']\n")
            && out.lines().count() == 1,
        "pypdf (strict):\n{out}"
    );
    let (ok, out) = tool(Command::new("qpdf").arg("--check").arg(&path));
    assert!(ok && !out.contains("WARNING"), "qpdf:\n{out}");
    let (ok, out) = tool(Command::new("pdftotext").arg(&path).arg("-"));
    assert!(
        ok && out.contains("Jörg Weiß") && out.contains("Ćma Źrebię"),
        "pdftotext:\n{out}"
    );
    let (ok, out) = tool(Command::new("pdfinfo").arg(&path));
    assert!(
        ok && out.contains("Pages:           4")
            && out
                .lines()
                .any(|l| l.starts_with("Title:") && l.trim_end().ends_with(" 3 letters")),
        "pdfinfo:\n{out}"
    );
}

/// The (name, value) pairs of a name tree, in order, through its kids.
fn id_names(doc: &lopdf::Document, node: &Object) -> Vec<(Vec<u8>, Object)> {
    let d = resolve(doc, node)
        .as_dict()
        .expect("a name tree node")
        .clone();
    let mut out = Vec::new();
    if let Ok(kids) = d.get(b"Kids").and_then(Object::as_array) {
        for k in kids {
            out.extend(id_names(doc, k));
        }
    }
    if let Ok(names) = d.get(b"Names").and_then(Object::as_array) {
        for pair in names.chunks(2) {
            out.push((pair[0].as_str().expect("a name").to_vec(), pair[1].clone()));
        }
    }
    out
}

/// What several letters share (the letterhead's artwork and fonts, a signature) is written
/// once; each letter still shows it.
#[test]
fn what_letters_share_is_written_once() {
    let dir = tempfile::tempdir().expect("temp");
    let signature =
        letterpress_tests::repo_root().join("letterheads/nowak-pr/signatures/anna-nowak.png");
    let docs: Vec<Document> = ["Jan Kowalski", "Ewa Nowak", "Olga Wiśniewska"]
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let yaml = format!(
                "letterhead: nowak-pr\nlanguage: pl\ndate: 2026-11-26\nrecipient: [{name}, ul. Długa 1, 00-001 Warszawa]\nsubject: List\nbody: Treść listu.\nsignatures:\n  - name: Anna Nowak\n    image: {}\n",
                signature.display()
            );
            let path = dir.path().join(format!("l{i}.yaml"));
            std::fs::write(&path, yaml).expect("written");
            crate::common::render(&path).document
        })
        .collect();
    let bytes = combined_n(&docs, dir.path());
    let pdf = Pdf::parse(&bytes).expect("parses");
    assert_eq!(pdf.page_count(), 3);
    let images = pdf
        .doc
        .objects
        .values()
        .filter(|o| {
            o.as_stream().is_ok_and(|s| {
                s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(&b"Image"[..])
            })
        })
        .count();
    let sizes: Vec<String> = pdf
        .doc
        .objects
        .iter()
        .filter_map(|(id, o)| {
            let s = o.as_stream().ok()?;
            (s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(&b"Image"[..]))
                .then(|| format!("{id:?} {:?}", s.dict))
        })
        .collect();
    assert_eq!(
        images, 2,
        "one signature (colour and its mask) for three letters: {sizes:?}"
    );
    for (n, id) in pdf.doc.get_pages() {
        assert!(
            page_draws_an_image(&pdf.doc, id),
            "page {n} draws the signature"
        );
    }
    let one = combined_n(&docs[..1], dir.path()).len();
    assert!(
        bytes.len() < 2 * one,
        "three letters take less than two times one: {} against {one}",
        bytes.len()
    );
}

/// Whether a page's resources name an image (directly or inside a form it draws).
fn page_draws_an_image(doc: &lopdf::Document, page: lopdf::ObjectId) -> bool {
    fn has_image(doc: &lopdf::Document, res: &Object, depth: usize) -> bool {
        let Ok(res) = resolve(doc, res).as_dict() else {
            return false;
        };
        let Ok(x) = res.get(b"XObject").map(|x| resolve(doc, x)) else {
            return false;
        };
        let Ok(x) = x.as_dict() else { return false };
        x.iter().any(|(_, v)| {
            let Ok(s) = resolve(doc, v).as_stream() else {
                return false;
            };
            match s.dict.get(b"Subtype").and_then(Object::as_name).ok() {
                Some(b"Image") => true,
                Some(b"Form") if depth < 4 => s
                    .dict
                    .get(b"Resources")
                    .is_ok_and(|r| has_image(doc, r, depth + 1)),
                _ => false,
            }
        })
    }
    let dict = doc.get_dictionary(page).expect("page");
    dict.get(b"Resources").is_ok_and(|r| has_image(doc, r, 0))
}

fn combined_n(docs: &[Document], dir: &Path) -> Vec<u8> {
    combined_titled(docs, dir, None)
}
