//! Print-ready files (issue 19): a content-derived file identity, and files that strict
//! readers (pypdf in strict mode, poppler, qpdf) open without a word of complaint: one
//! revision with a complete cross-reference table, `/PrintScaling /None` in it, no
//! `/Suspects`, direct outline destinations, the PDF/A extension schemas in an XMP
//! description of their own, font flags without SmallCap.

use std::path::Path;
use std::process::Command;

use letterpress_tests::examples;
use letterpress_tests::pdf::{catalog, object as resolve, Pdf};
use lopdf::Object;

use crate::common::render;

/// A letter from YAML text, as a file renders it.
fn render_yaml(yaml: &str) -> Vec<u8> {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("letter.yaml");
    std::fs::write(&path, yaml).expect("written");
    render(&path).pdf
}

const LETTER: &str = "recipient: [Firma Nowak, ul. Długa 1, 31-147 Kraków]\nsubject: Zamówienie\ndate: 2026-11-03\nbody: Potwierdzamy, że książki zostały wysłane.\n";

/// The trailer's two identifiers and the XMP's document and instance IDs.
fn identity(pdf: &[u8]) -> (Vec<Vec<u8>>, String, String) {
    let doc = Pdf::parse(pdf).expect("parses").doc;
    let ids = doc
        .trailer
        .get(b"ID")
        .and_then(Object::as_array)
        .expect("/ID")
        .iter()
        .map(|o| o.as_str().expect("a string").to_vec())
        .collect();
    let xmp = xmp(&doc);
    let between = |tag: &str| {
        let open = format!("<xmpMM:{tag}>");
        let at = xmp.find(&open).expect(tag) + open.len();
        xmp[at..at + xmp[at..].find('<').expect("end")].to_string()
    };
    (ids, between("DocumentID"), between("InstanceID"))
}

fn xmp(doc: &lopdf::Document) -> String {
    let cat = catalog(doc);
    let Object::Stream(s) = resolve(doc, cat.get(b"Metadata").expect("/Metadata")) else {
        panic!("/Metadata is a stream")
    };
    String::from_utf8(s.content.clone()).expect("UTF-8 XMP")
}

#[test]
fn the_file_identity_follows_the_letters_content() {
    let a = identity(&render_yaml(LETTER));
    let again = identity(&render_yaml(LETTER));
    let other = identity(&render_yaml(&LETTER.replace("wysłane", "nadane")));
    assert_eq!(a, again, "identical letters, identical identity");
    // A new file's two identifiers are the same, and the XMP names them too.
    assert_eq!(a.0.len(), 2);
    assert_eq!(a.0[0], a.0[1]);
    assert_eq!(a.1.as_bytes(), &a.0[0][..], "xmpMM:DocumentID is /ID[0]");
    assert_eq!(a.2.as_bytes(), &a.0[1][..], "xmpMM:InstanceID is /ID[1]");
    // One word apart (same subject, author, date): every identifier differs.
    assert_ne!(a.0[0], other.0[0]);
    assert_ne!(a.1, other.1);
    assert_ne!(a.2, other.2);
}

#[test]
fn the_files_are_one_clean_revision() {
    for path in examples() {
        let name = path.display().to_string();
        let pdf = render(&path).pdf;
        let text = String::from_utf8_lossy(&pdf);
        assert_eq!(text.matches("startxref").count(), 1, "{name}: one revision");
        assert!(
            text.contains("xref\n0 ") && text.contains("0000000000 65535 f"),
            "{name}: the table starts at entry 0"
        );
        let doc = Pdf::parse(&pdf).expect("parses").doc;
        let cat = catalog(&doc);
        let mark = resolve(&doc, cat.get(b"MarkInfo").expect("/MarkInfo"))
            .as_dict()
            .expect("dict");
        assert!(mark.get(b"Suspects").is_err(), "{name}: no /Suspects");
        let vp = resolve(&doc, cat.get(b"ViewerPreferences").expect("prefs"))
            .as_dict()
            .expect("dict");
        assert_eq!(
            vp.get(b"PrintScaling").and_then(Object::as_name).ok(),
            Some(&b"None"[..]),
            "{name}"
        );
        for (_, o) in doc.objects.iter() {
            let Ok(d) = o.as_dict() else { continue };
            if d.get(b"Type").and_then(Object::as_name).ok() == Some(b"FontDescriptor") {
                let flags = d.get(b"Flags").and_then(Object::as_i64).expect("/Flags");
                assert_eq!(flags & (1 << 17), 0, "{name}: no SmallCap flag");
            }
            if d.has(b"Title") && d.has(b"Parent") {
                assert!(
                    matches!(d.get(b"Dest"), Ok(Object::Array(_))),
                    "{name}: the outline's /Dest is direct"
                );
            }
        }
        let xmp = xmp(&doc);
        let schemas = xmp.find("<pdfaExtension:schemas").expect("schemas");
        let desc = xmp[..schemas]
            .rfind("<rdf:Description")
            .expect("its description");
        assert!(
            !xmp[desc..schemas].contains("<pdfaid:") && xmp[desc..].contains("</rdf:Description>"),
            "{name}: the extension schemas have a description of their own: {xmp}"
        );
        assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>"), "{name}");
    }
}

/// Render every example into a folder; the files' paths.
fn examples_into(dir: &Path) -> Vec<std::path::PathBuf> {
    examples()
        .into_iter()
        .map(|p| {
            let out = dir
                .join(p.file_stem().expect("a name"))
                .with_extension("pdf");
            std::fs::write(&out, render(&p).pdf).expect("written");
            out
        })
        .collect()
}

/// Run a checker; its output (stdout and stderr) and whether it succeeded. A test fails
/// with an install hint when the tool is missing (`.ci/run` installs them).
fn run(cmd: &mut Command) -> (bool, String, String) {
    let out = cmd.output().unwrap_or_else(|e| {
        panic!("{cmd:?} cannot run ({e}): install poppler-utils and pypdf (see .ci/run)")
    });
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const PYPDF_STRICT: &str = r#"
import sys, logging, warnings, io
log = io.StringIO()
logging.basicConfig(stream=log, level=logging.WARNING)
warnings.simplefilter("error")
from pypdf import PdfReader
for path in sys.argv[1:]:
    r = PdfReader(path, strict=True)
    for page in r.pages:
        page.extract_text()
    r.metadata, r.outline, r.xmp_metadata, r.trailer["/ID"]
    r.root_object["/StructTreeRoot"].get_object()
sys.stderr.write(log.getvalue())
"#;

#[test]
fn strict_readers_say_nothing_about_any_example() {
    let dir = tempfile::tempdir().expect("temp dir");
    let files = examples_into(dir.path());
    let (ok, _, err) = run(Command::new("python3")
        .arg("-c")
        .arg(PYPDF_STRICT)
        .args(&files));
    assert!(ok && err.trim().is_empty(), "pypdf (strict):\n{err}");
    for f in &files {
        let name = f.display();
        for tool in ["pdfinfo", "pdffonts", "pdftotext"] {
            let mut cmd = Command::new(tool);
            cmd.arg(f);
            if tool == "pdftotext" {
                cmd.arg("-");
            }
            let (ok, _, err) = run(&mut cmd);
            assert!(ok && err.is_empty(), "{tool} {name}:\n{err}");
        }
        let (ok, out, err) = run(Command::new("qpdf").arg("--check").arg(f));
        assert!(
            ok && err.is_empty() && !out.contains("WARNING"),
            "qpdf {name}:\n{out}{err}"
        );
    }
}

/// The colour space a content stream paints in: DeviceGray, or something else (RGB, an ICC
/// space of 3 components) with its components.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Space {
    Grey,
    Other(i64),
}

/// A colour space and the components set in it.
pub(crate) type Paint = (Space, Vec<f32>);

/// What one page paints: for each text-showing operator and each stroke, the current colour
/// space and components.
pub(crate) fn painted(doc: &lopdf::Document, page: lopdf::ObjectId) -> (Vec<Paint>, Vec<Paint>) {
    let (res, ids) = doc.get_page_resources(page).expect("resources");
    let mut dicts: Vec<&lopdf::Dictionary> = res.into_iter().collect();
    dicts.extend(ids.iter().filter_map(|&id| doc.get_dictionary(id).ok()));
    let spaces: lopdf::Dictionary = dicts
        .iter()
        .filter_map(|r| r.get(b"ColorSpace").ok())
        .flat_map(|c| resolve(doc, c).as_dict().expect("dict").clone())
        .collect();
    let space_of = |name: &[u8]| -> Space {
        match name {
            b"DeviceGray" => return Space::Grey,
            b"DeviceRGB" => return Space::Other(3),
            b"DeviceCMYK" => return Space::Other(4),
            _ => {}
        }
        let cs = resolve(doc, spaces.get(name).expect("a named colour space"));
        match cs {
            Object::Name(n) if n == b"DeviceGray" => Space::Grey,
            Object::Array(a) => {
                let Object::Stream(s) = resolve(doc, &a[1]) else {
                    panic!("ICC stream")
                };
                Space::Other(s.dict.get(b"N").and_then(Object::as_i64).expect("/N"))
            }
            other => panic!("colour space {other:?}"),
        }
    };
    let content = doc.get_and_decode_page_content(page).expect("content");
    let nums = |ops: &[Object]| {
        ops.iter()
            .filter_map(|o| o.as_float().ok())
            .collect::<Vec<f32>>()
    };
    let (mut fill, mut stroke) = ((Space::Grey, vec![0.0]), (Space::Grey, vec![0.0]));
    let (mut texts, mut strokes) = (Vec::new(), Vec::new());
    for op in &content.operations {
        let o = &op.operands;
        match op.operator.as_str() {
            "g" => fill = (Space::Grey, nums(o)),
            "G" => stroke = (Space::Grey, nums(o)),
            "rg" => fill = (Space::Other(3), nums(o)),
            "RG" => stroke = (Space::Other(3), nums(o)),
            "k" => fill = (Space::Other(4), nums(o)),
            "K" => stroke = (Space::Other(4), nums(o)),
            "cs" => fill.0 = space_of(o[0].as_name().expect("name")),
            "CS" => stroke.0 = space_of(o[0].as_name().expect("name")),
            "sc" | "scn" => fill.1 = nums(o),
            "SC" | "SCN" => stroke.1 = nums(o),
            "Tj" | "TJ" | "'" | "\"" => texts.push(fill.clone()),
            "S" | "s" => strokes.push(stroke.clone()),
            _ => {}
        }
    }
    (texts, strokes)
}

pub(crate) fn is_neutral(c: &[f32]) -> bool {
    c.len() == 1 || c.windows(2).all(|w| (w[0] - w[1]).abs() < 1e-4)
}

#[test]
fn black_and_grey_text_and_rules_separate_to_black_alone() {
    let path = letterpress_tests::repo_root().join("examples/termination-pl.yaml");
    for standard in [letterpress::Standard::A2bUa1, letterpress::Standard::None] {
        let options = letterpress::RenderOptions::new()
            .pdf(letterpress::PdfOptions::new().standard(standard));
        let out = letterpress::render_file(
            &path,
            &letterpress::Env::from_process(),
            &letterpress::Resources::new(),
            &options,
        )
        .expect("renders")
        .output;
        let doc = Pdf::parse(&out.pdf).expect("parses").doc;
        let (mut grey_text, mut colour_text, mut grey_rules, mut colour_rules) = (0, 0, 0, 0);
        for (_, page) in doc.get_pages() {
            let (texts, strokes) = painted(&doc, page);
            for (what, list, grey, colour) in [
                ("text", texts, &mut grey_text, &mut colour_text),
                ("rule", strokes, &mut grey_rules, &mut colour_rules),
            ] {
                for (space, c) in list {
                    if space == Space::Grey {
                        *grey += 1;
                    } else {
                        assert!(
                            !is_neutral(&c),
                            "{standard:?}: neutral {what} in {space:?} {c:?}"
                        );
                        *colour += 1;
                    }
                }
            }
        }
        // Body text and fold marks on K; the letterhead's accent (subject, rules) stays blue.
        assert!(
            grey_text > 20 && grey_rules >= 2,
            "{standard:?}: {grey_text} texts, {grey_rules} rules in grey"
        );
        assert!(
            colour_text >= 1,
            "{standard:?}: the accent's text keeps its colour"
        );
        let _ = colour_rules;
    }
}

/// The word parts at the ends of lines the breaker hyphenated ("prak-"), from the page model.
fn added_hyphen_ends(doc: &letterpress::layout::model::Document) -> Vec<String> {
    doc.pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|it| match it {
            letterpress::layout::model::Item::Text(t) if t.hyphen_added => {
                let text = t.text();
                Some(text.rsplit(' ').next().unwrap_or(&text).to_string())
            }
            _ => None,
        })
        .collect()
}

#[test]
fn hyphenated_words_read_back_whole() {
    let path = letterpress_tests::repo_root().join("examples/termination-pl.yaml");
    let out = render(&path);
    let ends = added_hyphen_ends(&out.document);
    assert!(
        ends.iter().any(|e| e == "prak-"),
        "the example hyphenates: {ends:?}"
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("t.pdf");
    std::fs::write(&file, &out.pdf).expect("written");
    // Two independent extractors: poppler's (by position), and this crate's reader through
    // the structure tree (what screen readers get), which honours /ActualText.
    let (ok, poppler, err) = run(Command::new("pdftotext").arg(&file).arg("-"));
    assert!(ok, "{err}");
    let pdf = Pdf::parse(&out.pdf).expect("parses");
    let tagged = pdf.tagged_text();
    for (name, text) in [("pdftotext", &poppler), ("structure tree", &tagged)] {
        let words: Vec<&str> = text.split_whitespace().collect();
        let flat = words.join(" ");
        for w in [
            "skupiamy praktykę na",
            "z terminem płatności",
            "społecznościowych, newsroomu i",
        ] {
            assert!(
                flat.contains(w),
                "{name}: {w:?} whole and in its place in:\n{text}"
            );
        }
        for end in &ends {
            assert!(
                !words.contains(&end.as_str()),
                "{name}: {end} in pieces:\n{text}"
            );
        }
    }
    // By position the same reader sees the pieces: the tree is what makes them whole.
    assert!(pdf.text().split_whitespace().any(|w| w == "prak-"));
}
