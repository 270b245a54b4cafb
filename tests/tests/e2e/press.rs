//! Press output (issue 19, `Print::Press`): a CMYK (FOGRA39) output intent, the accent in the
//! firm's CMYK (`accent_cmyk`) or converted from sRGB, text and rules in black and grey still
//! on the black plate alone; strict readers accept the files, and office output is untouched.

use std::process::Command;

use letterpress::{Env, PdfOptions, Print, RenderOptions, Resources, Standard};
use letterpress_tests::pdf::{catalog, object as resolve, Pdf};
use lopdf::Object;

use crate::print_ready::{is_neutral, painted, Space};

const LETTER: &str = "recipient: [Firma Nowak, ul. Długa 1, 31-147 Kraków]\nsubject: Zamówienie nr 7\ndate: 2026-11-03\nbody: Potwierdzamy, że książki zostały wysłane. Faktura jest w załączniku.\nstyle:\n  name: Nowak PR\n  sender:\n    name: Nowak Public Relations\n    address: [ul. Długa 5, 00-263 Warszawa]\n  accent: '#1F4E79'\n";
const FIRM_CMYK: &str = "  accent_cmyk: [100, 60, 0, 40]\n";

fn render(yaml: &str, print: Print, standard: Standard) -> letterpress::Warned<Vec<u8>> {
    let letter = letterpress::load_letter_str(yaml, "letter.yaml").expect("parses");
    let options = RenderOptions::new().pdf(PdfOptions::new().standard(standard).print(print));
    let w = letterpress::render(&letter, &Env::default(), &Resources::new(), &options)
        .unwrap_or_else(|e| panic!("does not render:\n{e}"));
    letterpress::Warned {
        output: w.output.pdf,
        warnings: w.warnings,
    }
}

/// The catalog's output intents: (subtype, condition identifier, registry, the profile's /N,
/// the profile's header bytes 12..20: device class and colour space).
fn intents(doc: &lopdf::Document) -> Vec<(String, String, String, i64, Vec<u8>)> {
    let cat = catalog(doc);
    let Some(list) = cat.get(b"OutputIntents").ok() else {
        return Vec::new();
    };
    let text = |d: &lopdf::Dictionary, k: &[u8]| {
        d.get(k)
            .ok()
            .map(|o| match resolve(doc, o) {
                Object::Name(n) => String::from_utf8_lossy(n).into_owned(),
                Object::String(s, _) => String::from_utf8_lossy(s).into_owned(),
                other => format!("{other:?}"),
            })
            .unwrap_or_default()
    };
    let list = resolve(doc, list).as_array().expect("an array");
    list.iter()
        .map(|oi| {
            let d = resolve(doc, oi).as_dict().expect("a dictionary");
            let Object::Stream(p) = resolve(doc, d.get(b"DestOutputProfile").expect("profile"))
            else {
                panic!("the profile is a stream")
            };
            let data = p.decompressed_content().expect("inflates");
            (
                text(d, b"S"),
                text(d, b"OutputConditionIdentifier"),
                text(d, b"RegistryName"),
                p.dict.get(b"N").and_then(Object::as_i64).expect("/N"),
                data[12..20].to_vec(),
            )
        })
        .collect()
}

/// Every text-showing and stroking colour of every page.
fn paints(doc: &lopdf::Document) -> Vec<(Space, Vec<f32>)> {
    doc.get_pages()
        .values()
        .flat_map(|&p| {
            let (t, s) = painted(doc, p);
            t.into_iter().chain(s)
        })
        .collect()
}

#[test]
fn press_output_has_a_cmyk_intent_the_firms_cmyk_and_black_on_k() {
    let yaml = format!("{LETTER}{FIRM_CMYK}");
    for standard in [Standard::A2bUa1, Standard::A2b, Standard::None] {
        let pdf = render(&yaml, Print::Press, standard).output;
        let doc = Pdf::parse(&pdf).expect("parses").doc;
        let oi = intents(&doc);
        assert_eq!(oi.len(), 1, "{standard:?}: one output intent");
        let (s, id, registry, n, header) = &oi[0];
        assert_eq!(
            (s.as_str(), id.as_str(), registry.as_str(), *n),
            ("GTS_PDFA1", "FOGRA39", "http://www.color.org", 4),
            "{standard:?}"
        );
        assert_eq!(header.as_slice(), b"prtrCMYK", "an output profile for CMYK");
        let paints = paints(&doc);
        let grey = paints.iter().filter(|(s, _)| *s == Space::Grey).count();
        let colour: Vec<_> = paints.iter().filter(|(s, _)| *s != Space::Grey).collect();
        assert!(grey > 5, "{standard:?}: text on K ({grey})");
        // Everything not on K is the accent, in the firm's CMYK exactly (100 60 0 40 %).
        assert!(!colour.is_empty(), "{standard:?}: the accent is painted");
        for (space, c) in &colour {
            assert_eq!(*space, Space::Other(4), "{standard:?}: CMYK, not RGB");
            assert_eq!(c, &vec![1.0, 0.6, 0.0, 0.4], "{standard:?}");
        }
        assert!(paints
            .iter()
            .filter(|(s, _)| *s == Space::Grey)
            .all(|(_, c)| is_neutral(c)));
    }
}

#[test]
fn without_the_firms_cmyk_the_accent_is_converted_through_the_profile() {
    let pdf = render(LETTER, Print::Press, Standard::A2bUa1).output;
    let doc = Pdf::parse(&pdf).expect("parses").doc;
    let colour: Vec<_> = paints(&doc)
        .into_iter()
        .filter(|(s, _)| *s != Space::Grey)
        .collect();
    assert!(!colour.is_empty());
    for (space, c) in colour {
        assert_eq!(space, Space::Other(4));
        // #1F4E79, a dark blue: cyan over magenta over yellow, some black.
        assert!(c[0] > c[1] && c[1] > c[2] && c[3] > 0.1, "{c:?}");
    }
}

#[test]
fn office_output_is_untouched_by_the_firms_cmyk() {
    let plain = render(LETTER, Print::Office, Standard::A2bUa1).output;
    let with = render(
        &format!("{LETTER}{FIRM_CMYK}"),
        Print::Office,
        Standard::A2bUa1,
    );
    assert!(with.warnings.is_empty(), "{:?}", with.warnings);
    assert_eq!(
        plain, with.output,
        "accent_cmyk changes nothing in office output"
    );
    let doc = Pdf::parse(&plain).expect("parses").doc;
    let oi = intents(&doc);
    assert_eq!(oi.len(), 1);
    assert_eq!(oi[0].3, 3, "office output keeps krilla's sRGB intent");
}

#[test]
fn a_cmyk_without_its_accent_is_not_used_and_says_where() {
    let yaml = "recipient: [A]\nbody: Hello.\nstyle:\n  accent_cmyk: [100, 60, 0, 40]\n";
    let w = render(yaml, Print::Press, Standard::A2bUa1);
    let warning = w
        .warnings
        .iter()
        .find(|w| w.message.contains("accent_cmyk"))
        .expect("a warning");
    let at = warning.origin.as_ref().expect("a place").to_string();
    assert!(at.ends_with("letter.yaml:4:16"), "{at}");
}

#[test]
fn strict_readers_accept_press_output() {
    // Krilla's intent made a press one (PDF/A), and one added to a plain PDF.
    for standard in [Standard::A2bUa1, Standard::None] {
        strict_readers_accept(standard);
    }
}

fn strict_readers_accept(standard: Standard) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("press.pdf");
    let pdf = render(&format!("{LETTER}{FIRM_CMYK}"), Print::Press, standard).output;
    std::fs::write(&path, &pdf).expect("written");
    let again = render(&format!("{LETTER}{FIRM_CMYK}"), Print::Press, standard).output;
    assert_eq!(pdf, again, "deterministic");
    let out = Command::new("qpdf")
        .arg("--check")
        .arg(&path)
        .output()
        .expect("qpdf runs (see .ci/run)");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && out.stderr.is_empty() && !text.contains("WARNING"),
        "qpdf:\n{text}"
    );
    let script = "import sys, logging, io\nlog = io.StringIO()\nlogging.basicConfig(stream=log, level=logging.WARNING)\nfrom pypdf import PdfReader\nr = PdfReader(sys.argv[1], strict=True)\n[p.extract_text() for p in r.pages]\noi = r.root_object['/OutputIntents'][0].get_object()\nassert oi['/DestOutputProfile'].get_object()['/N'] == 4\nsys.stderr.write(log.getvalue())\n";
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(&path)
        .output()
        .expect("python3 runs (see .ci/run)");
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "pypdf (strict): {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
