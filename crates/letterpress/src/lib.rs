//! letterpress: typesets firm-branded business letters from YAML into print-ready PDF.
//!
//! The pipeline is a chain of public functions, so an embedder or a test can stop at any stage:
//!
//! ```text
//! letter.yaml ─spec::load_letter─▶ Letter ─resolve─▶ Resolved ─layout─▶ Document ─pdf::write─▶ bytes
//! ```
//!
//! [`render_file`] runs them all. Example:
//!
//! ```no_run
//! use letterpress::{render_file, Env, Resources, RenderOptions};
//! let res = Resources::new();
//! let out = render_file("examples/termination-pl.yaml".as_ref(), &Env::from_process(), &res, &RenderOptions::default())
//!     .expect("a valid letter");
//! std::fs::write("letter.pdf", &out.output.pdf).expect("writable");
//! ```

pub mod error;
pub mod fonts;
pub mod grammar;
pub mod layout;
pub mod locale;
pub mod merge;
pub mod pdf;
pub mod resolve;
pub mod spec;
pub mod text;
pub mod units;

use std::path::Path;

pub use error::{Error, ErrorKind, Errors, Origin, Warned, Warning};
pub use layout::layout;
pub use layout::model::Document;
pub use pdf::{PdfOptions, Standard};
pub use resolve::{find_letterhead, resolve, Env, Resolved, Resources};
pub use spec::{load_letter, load_letter_str, Letter, Letterhead};

/// Options of a render.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// PDF options.
    pub pdf: PdfOptions,
}

/// A rendered letter.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The PDF bytes.
    pub pdf: Vec<u8>,
    /// The page model the PDF was written from.
    pub document: Document,
}

/// Render a parsed letter: find its letterhead, resolve, lay out, write the PDF.
pub fn render(
    letter: &Letter,
    env: &Env,
    res: &Resources,
    options: &RenderOptions,
) -> Result<Warned<Rendered>, Errors> {
    let letterhead = find_letterhead(letter, env)?;
    let resolved = resolve(letter, letterhead.as_ref(), env, res)?;
    let laid = layout(&resolved)?;
    let pdf = pdf::write(&laid.output, &resolved.fonts, &options.pdf)?;
    Ok(Warned {
        output: Rendered {
            pdf,
            document: laid.output,
        },
        warnings: laid.warnings,
    })
}

/// Read a letter file and render it.
pub fn render_file(
    path: &Path,
    env: &Env,
    res: &Resources,
    options: &RenderOptions,
) -> Result<Warned<Rendered>, Errors> {
    let letter = load_letter(path)?;
    render(&letter, env, res, options)
}
