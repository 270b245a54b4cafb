//! `--print press` on `render` and `merge`: a CMYK (FOGRA39) output intent in the file; an
//! unknown print target is refused with the names.

use std::path::Path;

use letterpress_tests::cli::{cmd, run};
use letterpress_tests::pdf::Pdf;

const LETTER: &str = "date: 2026-11-26\nrecipient: [\"{{ name }}\", 12 High Street, Oxford OX1 4AB]\nsubject: Your order\nbody: Thank you.\nstyle:\n  accent: '#1F4E79'\n  accent_cmyk: [100, 60, 0, 40]\n";

/// The output intent's condition identifier, read from the file's bytes (the finishing step
/// writes the intent uncompressed; its structure is read back in the e2e tests, `press::`).
fn intent(path: &Path) -> Option<String> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Pdf::parse(&bytes).expect("parses");
    let text = String::from_utf8_lossy(&bytes);
    let key = "/OutputConditionIdentifier";
    let rest = text[text.find(key)? + key.len()..]
        .trim_start()
        .strip_prefix('(')?;
    Some(rest[..rest.find(')')?].to_string())
}

#[test]
fn render_and_merge_print_press_write_a_cmyk_intent() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let letter = d.join("letter.yaml");
    std::fs::write(&letter, LETTER.replace("{{ name }}", "Ms Jane Doe")).expect("letter");
    let r = run(cmd()
        .arg("render")
        .arg(&letter)
        .args(["--print", "press", "-o"])
        .arg(d.join("press.pdf")));
    assert_eq!(r.code, Some(0), "{r}");
    assert_eq!(intent(&d.join("press.pdf")).as_deref(), Some("FOGRA39"));
    let r = run(cmd()
        .arg("render")
        .arg(&letter)
        .arg("-o")
        .arg(d.join("office.pdf")));
    assert_eq!(r.code, Some(0), "{r}");
    assert_eq!(
        intent(&d.join("office.pdf")).as_deref(),
        Some("Custom"),
        "office output keeps krilla's sRGB intent"
    );

    let template = d.join("template.yaml");
    std::fs::write(&template, LETTER).expect("template");
    let data = d.join("data.csv");
    std::fs::write(&data, "name\nAnn\nBob\n").expect("data");
    let r = run(cmd()
        .arg("merge")
        .arg(&template)
        .arg("--data")
        .arg(&data)
        .args(["--print", "press", "--combined"])
        .arg(d.join("all.pdf")));
    assert_eq!(r.code, Some(0), "{r}");
    assert_eq!(intent(&d.join("all.pdf")).as_deref(), Some("FOGRA39"));
}

#[test]
fn an_unknown_print_target_is_refused_with_the_names() {
    let dir = tempfile::tempdir().expect("temp dir");
    let letter = dir.path().join("letter.yaml");
    std::fs::write(&letter, LETTER.replace("{{ name }}", "Ms Jane Doe")).expect("letter");
    let r = run(cmd().arg("render").arg(&letter).args(["--print", "cmyk"]));
    assert_eq!(r.code, Some(2), "{r}");
    assert!(r.stderr.contains("use one of office, press"), "{r}");
    assert!(!dir.path().join("letter.pdf").exists());
}
