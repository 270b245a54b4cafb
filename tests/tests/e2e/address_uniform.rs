//! Issue 12: an address line too wide for the window makes every address line smaller by the
//! same amount (never below 8 pt), and `check` says so; the continuation header names the
//! recipient by the first line that is not only a courtesy title.

use letterpress::layout::model::{Item, Role};
use letterpress::{load_letter_str, render, Env, RenderOptions, Resources};

fn rendered(yaml: &str) -> letterpress::Warned<letterpress::Rendered> {
    let letter = load_letter_str(yaml, "letter.yaml").expect("parses");
    render(
        &letter,
        &Env::default(),
        &Resources::new(),
        &RenderOptions::default(),
    )
    .expect("renders")
}

fn sizes(out: &letterpress::Warned<letterpress::Rendered>, role: Role) -> Vec<f32> {
    out.output.document.pages[0]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text(t) if t.role == role => t.runs.first().map(|r| r.size),
            _ => None,
        })
        .collect()
}

#[test]
fn a_wide_line_shrinks_the_whole_address_uniformly() {
    let out = rendered(
        "recipient:\n  - Herrn\n  - Jan Muster\n  - Müller-Lüdenscheidt Versicherungsmakler GmbH\n  - 10115 Berlin\nlanguage: de\nbody: Guten Tag.\n",
    );
    let s = sizes(&out, Role::Recipient);
    assert_eq!(s.len(), 4);
    assert!(s.iter().all(|x| (x - s[0]).abs() < 1e-3), "one size: {s:?}");
    assert!(
        s[0] < 11.0 && s[0] >= 8.0,
        "smaller, not below 8 pt: {}",
        s[0]
    );
    let said: Vec<String> = out.warnings.iter().map(|w| w.to_string()).collect();
    assert!(
        said.iter()
            .any(|w| w.contains("the address is set at") && w.contains("Versicherungsmakler")),
        "check says so: {said:?}"
    );
}

#[test]
fn a_fitting_address_keeps_its_size_and_says_nothing() {
    let out =
        rendered("recipient:\n  - Jan Muster\n  - 10115 Berlin\nlanguage: de\nbody: Guten Tag.\n");
    let s = sizes(&out, Role::Recipient);
    assert!(s.iter().all(|x| (x - s[0]).abs() < 1e-3));
    assert!(out
        .warnings
        .iter()
        .all(|w| !w.to_string().contains("address is set at")));
}

#[test]
fn the_continuation_header_skips_a_courtesy_title_line() {
    let body: String = (0..60)
        .map(|i| format!("Absatz {i} mit etwas Text.\n\n"))
        .collect();
    let yaml = format!(
        "recipient:\n  - Herrn\n  - Jan Muster\n  - 10115 Berlin\nlanguage: de\nbody: |\n{}",
        body.lines().map(|l| format!("  {l}\n")).collect::<String>()
    );
    let out = rendered(&yaml);
    let doc = &out.output.document;
    assert!(doc.pages.len() > 1, "a second page");
    let header: String = doc.pages[1]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text(t) if t.role == Role::Continuation => Some(t.text()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(" ");
    assert!(header.contains("Jan Muster"), "{header}");
    assert!(!header.contains("Herrn"), "{header}");
}
