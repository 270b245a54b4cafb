//! Issue 12: no page of a letter holds only closing matter. Every example and every
//! `letterpress new` starter (each kind, each language) is rendered; each page must carry body
//! text, and `check` gives no nearly-empty-page warning for them.

use letterpress::layout::model::{Document, Item, Role};
use letterpress::{Env, RenderOptions, Resources};
use letterpress_tests::cli::{cmd, run};
use letterpress_tests::examples;

/// Pages (1-based) with no line of the body on them.
fn closing_only_pages(doc: &Document) -> Vec<usize> {
    doc.pages
        .iter()
        .filter(|p| {
            !p.items.iter().any(|i| {
                matches!(i, Item::Text(t) if matches!(t.role, Role::Body | Role::Opening | Role::Subject))
            })
        })
        .map(|p| p.number)
        .collect()
}

fn check(path: &std::path::Path) {
    let out = letterpress::render_file(
        path,
        &Env::from_process(),
        &Resources::new(),
        &RenderOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{} does not render:\n{e}", path.display()));
    let doc = &out.output.document;
    assert_eq!(
        closing_only_pages(doc),
        Vec::<usize>::new(),
        "{}: pages with only closing matter",
        path.display()
    );
    let nearly_empty: Vec<String> = out
        .warnings
        .iter()
        .map(|w| w.to_string())
        .filter(|w| w.contains("holds only"))
        .collect();
    assert!(
        nearly_empty.is_empty(),
        "{}: {nearly_empty:?}",
        path.display()
    );
}

#[test]
fn no_example_ends_on_a_page_of_closing_matter() {
    for path in examples() {
        check(&path);
    }
}

#[test]
fn no_starter_ends_on_a_page_of_closing_matter() {
    let dir = tempfile::tempdir().expect("tmp");
    for kind in ["plain", "termination"] {
        for lang in ["pl", "en-GB", "en-US", "de"] {
            let path = dir.path().join(format!("{kind}-{lang}.yaml"));
            let r = run(cmd()
                .args(["new", "--kind", kind, "--language", lang])
                .arg(&path));
            assert_eq!(r.code, Some(0), "new {kind} {lang}: {}", r.stderr);
            check(&path);
        }
    }
}

#[test]
fn check_typography_reports_the_last_page() {
    let path = letterpress_tests::repo_root().join("examples/long-us.yaml");
    let r = run(cmd().args(["check", "--typography"]).arg(&path));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let line = r
        .stdout
        .lines()
        .find(|l| l.starts_with("last page: "))
        .unwrap_or_else(|| panic!("no last-page line in:\n{}", r.stdout));
    let n: usize = line["last page: ".len()..]
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a count");
    assert!(
        n > 2,
        "more than the carried lines on the last page: {line}"
    );
    assert!(line.ends_with("on page 4"), "{line}");
}

#[test]
fn a_letter_that_still_needs_a_nearly_empty_page_is_warned_of() {
    // A body that fills page 1 exactly, so only the carried lines go over with the closing.
    let dir = tempfile::tempdir().expect("tmp");
    let mut found = false;
    for n in 20..60 {
        let body: String = (0..n)
            .map(|i| format!("  Akapit {i}: krótki wiersz tekstu listu.\n\n"))
            .collect();
        let yaml = format!("recipient:\n  - Jan Kowalski\n  - 00-001 Warszawa\nbody: |\n{body}");
        let path = dir.path().join("letter.yaml");
        std::fs::write(&path, yaml).expect("write");
        let out = letterpress::render_file(
            &path,
            &Env::from_process(),
            &Resources::new(),
            &RenderOptions::default(),
        )
        .expect("renders");
        assert_eq!(
            closing_only_pages(&out.output.document),
            Vec::<usize>::new(),
            "{n}"
        );
        if out
            .warnings
            .iter()
            .any(|w| w.to_string().contains("holds only"))
        {
            found = true;
            break;
        }
    }
    assert!(
        found,
        "some length leaves only the carried lines for page 2, and says so"
    );
}
