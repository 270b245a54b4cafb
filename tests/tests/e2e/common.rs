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
