//! A letter can bring its own font files (`style: font: regular: …`): the PDF then embeds a
//! subset of those, and a file that is not a font is an error naming the file and the line.

use letterpress::{Env, ErrorKind, RenderOptions, Resources};
use letterpress_tests::pdf::Pdf;
use letterpress_tests::repo_root;

fn render_str(
    dir: &std::path::Path,
    yaml: &str,
) -> Result<letterpress::Rendered, letterpress::Errors> {
    let path = dir.join("letter.yaml");
    std::fs::write(&path, yaml).expect("write the letter");
    letterpress::render_file(
        &path,
        &Env::from_process(),
        &Resources::new(),
        &RenderOptions::default(),
    )
    .map(|w| w.output)
}

#[test]
fn own_font_files_are_embedded_as_subsets() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fonts = repo_root().join("fonts");
    // Copy the faces under other names, as a firm would bring its own files.
    for (from, to) in [
        ("NotoSans-Regular.ttf", "Firm-Regular.ttf"),
        ("NotoSans-Bold.ttf", "Firm-Bold.ttf"),
    ] {
        std::fs::copy(fonts.join(from), dir.path().join(to)).expect("copy font");
    }
    let yaml = "recipient: [Ms Jane Doe, 1 High Street, Oxford OX1 4AB]\nlanguage: en-GB\nsubject: Own fonts\nbody: Text in the firm's **own** typeface.\nstyle:\n  font:\n    regular: Firm-Regular.ttf\n    bold: Firm-Bold.ttf\n    size: 10pt\n";
    let out = render_str(dir.path(), yaml).expect("renders with own fonts");
    let pdf = Pdf::parse(&out.pdf).expect("parses");
    let names: Vec<String> = pdf.fonts().iter().map(|f| f.base_font.clone()).collect();
    assert!(
        names.iter().any(|n| n.ends_with("+NotoSans-Regular")),
        "the given regular face is embedded (as a subset): {names:?}"
    );
    assert!(
        names.iter().any(|n| n.ends_with("+NotoSans-Bold")),
        "the given bold face is embedded for **own** and the subject: {names:?}"
    );
    assert!(
        !names.iter().any(|n| n.contains("NotoSerif")),
        "the bundled serif is not used when own files are given: {names:?}"
    );
    assert!(
        pdf.text().contains("own typeface"),
        "the text is extractable: {}",
        pdf.text()
    );
}

#[test]
fn a_file_that_is_not_a_font_is_named_with_its_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("fake.ttf"), b"this is not a font at all").expect("write");
    let yaml = "recipient: [A]\nbody: x\nstyle:\n  font:\n    regular: fake.ttf\n";
    let errors = render_str(dir.path(), yaml).expect_err("not a font").0;
    let e = &errors[0];
    assert!(matches!(e.kind, ErrorKind::Font(_)), "a font error: {e:?}");
    assert!(e.to_string().contains("fake.ttf"), "names the file: {e}");
    assert_eq!(
        e.origin.as_ref().map(|o| o.line),
        Some(5),
        "points at `regular:`: {e}"
    );
}

#[test]
fn a_missing_font_file_is_named_with_its_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let yaml = "recipient: [A]\nbody: x\nstyle:\n  font:\n    regular: nowhere.otf\n";
    let errors = render_str(dir.path(), yaml).expect_err("missing").0;
    assert!(
        errors[0].to_string().contains("nowhere.otf"),
        "{}",
        errors[0]
    );
    assert_eq!(errors[0].origin.as_ref().map(|o| o.line), Some(5));
}
