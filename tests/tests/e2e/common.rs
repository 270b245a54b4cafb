//! What several modules of this binary share: rendering a letter file as a user would (the
//! process's environment, fresh resources, default options).

use std::path::Path;

use letterpress::{Env, RenderOptions, Rendered, Resources};

/// Render a letter file, or why not.
pub fn try_render(path: &Path) -> Result<Rendered, letterpress::Errors> {
    letterpress::render_file(
        path,
        &Env::from_process(),
        &Resources::new(),
        &RenderOptions::default(),
    )
    .map(|w| w.output)
}

/// Render a letter file; a test fails when it does not render.
pub fn render(path: &Path) -> Rendered {
    try_render(path).unwrap_or_else(|e| panic!("{} does not render:\n{e}", path.display()))
}

/// Render a letter of `tests/fixtures/`.
pub fn render_fixture(name: &str) -> Rendered {
    render(&letterpress_tests::fixture(name))
}

/// Render a parsed letter with no environment, fresh resources and default options; a test
/// fails when it does not render.
pub fn render_letter(letter: &letterpress::Letter) -> letterpress::Warned<Rendered> {
    letterpress::render(
        letter,
        &Env::default(),
        &Resources::new(),
        &RenderOptions::default(),
    )
    .unwrap_or_else(|e| panic!("does not render:\n{e}"))
}

/// Render a letter given as YAML (see [`render_letter`]).
pub fn render_yaml(yaml: &str) -> letterpress::Warned<Rendered> {
    let letter = letterpress::load_letter_str(yaml, "letter.yaml").expect("parses");
    render_letter(&letter)
}

/// A letter given as YAML, rendered and read back.
pub fn pdf_of(yaml: &str) -> letterpress_tests::pdf::Pdf {
    letterpress_tests::pdf::Pdf::parse(&render_yaml(yaml).output.pdf).expect("parses")
}
