//! The limits that keep a render small and fast, each a clear error with its place
//! (`resolve::MAX_*`, `spec::MAX_*`). The bad-input corpus (`tests/bad/`) checks them again
//! through the command line.

use std::path::Path;
use std::time::Instant;

use letterpress::resolve::{
    image_from_bytes, MAX_BODY_CHARS, MAX_CC, MAX_ENCLOSURES, MAX_IMAGE_PIXELS, MAX_LINE_CHARS,
    MAX_PAGES, MAX_SIGNATORIES,
};
use letterpress::spec::{MAX_SPEC_BYTES, MAX_YAML_NODES};
use letterpress::{load_letter_str, render, Env, Error, ErrorKind, RenderOptions, Resources};

fn env() -> Env {
    Env::unrestricted().with_today(chrono::NaiveDate::from_ymd_opt(2026, 11, 26).expect("a date"))
}

/// The errors of rendering `yaml` (which must fail).
fn errors(yaml: &str) -> Vec<Error> {
    let letter = match load_letter_str(yaml, "letter.yaml") {
        Ok(l) => l,
        Err(e) => return vec![e],
    };
    match render(
        &letter,
        &env(),
        &Resources::new(),
        &RenderOptions::default(),
    ) {
        Ok(_) => panic!("the letter renders, but it is over a limit"),
        Err(e) => e.0,
    }
}

/// The one error that says `says`, with its line.
fn limit_error(yaml: &str, says: &str) -> (String, usize) {
    let errs = errors(yaml);
    let e = errs
        .iter()
        .find(|e| e.to_string().contains(says))
        .unwrap_or_else(|| panic!("no error says `{says}`: {errs:?}"));
    assert!(
        matches!(e.kind, ErrorKind::Limit(_)),
        "a limit error: {e:?}"
    );
    let line = e
        .origin
        .as_ref()
        .map(|o| o.line)
        .expect("the error has a place");
    (e.to_string(), line)
}

#[test]
fn body_length_is_limited() {
    let yaml = format!(
        "recipient: [A]\nbody: |\n{}\n",
        "  Lorem ipsum\n".repeat(MAX_BODY_CHARS / 12 + 10)
    );
    let (msg, line) = limit_error(&yaml, "characters, more than the limit of 200000");
    assert_eq!(line, 3, "{msg}");
    // At the limit it is no error of its own (here: the page limit may still apply).
    let ok = format!("recipient: [A]\nbody: {}\n", "x".repeat(1000));
    assert!(load_letter_str(&ok, "l.yaml").is_ok());
}

#[test]
fn page_count_is_limited() {
    assert_eq!(MAX_PAGES, 50);
    let yaml = format!("recipient: [A]\nbody: |\n{}", "  Zdanie.\n\n".repeat(3000));
    let (msg, line) = limit_error(&yaml, "more than the limit of 50 pages");
    assert_eq!(line, 3, "the body is to blame: {msg}");
}

#[test]
fn signatories_are_limited() {
    let sigs: String = (0..=MAX_SIGNATORIES)
        .map(|i| format!("  - name: Person {i}\n"))
        .collect();
    let yaml = format!("recipient: [A]\nbody: x\nsignatures:\n{sigs}");
    let (msg, line) = limit_error(&yaml, "7 signatories is more than the limit of 6");
    assert_eq!(
        line,
        4 + MAX_SIGNATORIES,
        "the first signatory too many: {msg}"
    );
    let six: String = (0..MAX_SIGNATORIES)
        .map(|i| format!("  - name: Person {i}\n"))
        .collect();
    let letter = load_letter_str(
        &format!("recipient: [A]\nbody: x\nsignatures:\n{six}"),
        "l.yaml",
    )
    .expect("loads");
    render(
        &letter,
        &env(),
        &Resources::new(),
        &RenderOptions::default(),
    )
    .expect("six sign");
}

#[test]
fn enclosures_and_cc_are_limited() {
    let list = "  - item\n".repeat(MAX_ENCLOSURES + 1);
    let (_, line) = limit_error(
        &format!("recipient: [A]\nbody: x\nenclosures:\n{list}"),
        "101 enclosures is more than the limit of 100",
    );
    assert_eq!(line, 4 + MAX_ENCLOSURES);
    let list = "  - item\n".repeat(MAX_CC + 1);
    limit_error(
        &format!("recipient: [A]\nbody: x\ncc:\n{list}"),
        "101 `cc` entries is more than the limit of 100",
    );
}

#[test]
fn one_line_texts_are_limited() {
    let yaml = format!(
        "recipient: [A]\nbody: x\nsubject: {}\n",
        "x".repeat(MAX_LINE_CHARS + 1)
    );
    let (_, line) = limit_error(&yaml, "`subject` has 2001 characters");
    assert_eq!(line, 3);
}

#[test]
fn yaml_node_budget_stops_runaway_documents() {
    let yaml = format!(
        "recipient: [A]\nbody: x\nenclosures:\n{}",
        "  - x\n".repeat(MAX_YAML_NODES + 10)
    );
    assert!(yaml.len() < MAX_SPEC_BYTES);
    let e = load_letter_str(&yaml, "letter.yaml").expect_err("over the budget");
    assert!(matches!(e.kind, ErrorKind::Limit(_)), "{e:?}");
    assert!(e.to_string().contains("more than 200000 values"), "{e}");
    // An alias bomb: a billion laughs never gets expanded (the types refuse nested lists,
    // the budget counts alias expansions).
    let mut bomb = String::from("recipient: &a [x, x, x, x, x, x, x, x, x, x]\n");
    bomb.push_str("cc: [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nbody: x\n");
    let t = Instant::now();
    assert!(load_letter_str(&bomb, "letter.yaml").is_err());
    eprintln!("alias bomb refused in {:?}", t.elapsed());
}

/// A PNG header claiming `w` × `h` pixels, and nothing else.
fn png_header(w: u32, h: u32) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".to_vec();
    png.extend_from_slice(&w.to_be_bytes());
    png.extend_from_slice(&h.to_be_bytes());
    png.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
    png
}

#[test]
fn a_20000_by_20000_png_is_refused_from_its_header() {
    // The header alone: refused without decoding (there is nothing to decode).
    let t = Instant::now();
    let e = image_from_bytes(Path::new("big.png"), png_header(20000, 20000))
        .expect_err("over the pixel budget");
    eprintln!("20000×20000 PNG header refused in {:?}", t.elapsed());
    assert!(matches!(e, ErrorKind::Image { .. }), "{e:?}");
    assert!(
        e.to_string()
            .contains("20000×20000 pixels is over the limit of 40000000 pixels"),
        "{e}"
    );
    // A whole file of a few MB claiming that size (zero-filled data after the header) through
    // a letter: refused with the letter's line.
    let dir = tempfile::tempdir().expect("temp dir");
    let mut big = png_header(20000, 20000);
    big.resize(3 * 1024 * 1024, 0);
    std::fs::write(dir.path().join("big.png"), &big).expect("write");
    let letter = dir.path().join("letter.yaml");
    std::fs::write(
        &letter,
        "recipient: [A]\nbody: x\nsignatures:\n  - name: A\n    image: big.png\n",
    )
    .expect("write");
    let t = Instant::now();
    let errs = letterpress::render_file(
        &letter,
        &env(),
        &Resources::new(),
        &RenderOptions::default(),
    )
    .expect_err("refused")
    .0;
    eprintln!(
        "3 MB file of a 20000×20000 PNG refused in {:?}",
        t.elapsed()
    );
    assert!(
        errs[0].to_string().contains("over the limit of"),
        "{errs:?}"
    );
    assert_eq!(errs[0].origin.as_ref().map(|o| o.line), Some(5));
    assert_eq!(MAX_IMAGE_PIXELS, 40_000_000);
}
