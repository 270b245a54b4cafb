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
