//! letterpress: typesets firm-branded business letters from YAML into print-ready PDF.
//!
//! The pipeline is a chain of public functions, so an embedder or a test can stop at any stage:
//!
//! ```text
//! letter.yaml ─spec::load_letter─▶ Letter ─resolve─▶ Resolved ─layout─▶ Document ─pdf::write─▶ bytes
//!                                                        └─grammar::check─▶ warnings
//! ```
//!
//! [`render`] and [`render_file`] run them all. Errors are [`Errors`]: every problem at once,
//! each with the file, line and column it comes from and a hint; the library never prints.
//!
//! # Guide
//!
//! ## A letter from YAML
//!
//! The format is `letter-format.md` (version 1); only `recipient` and `body` are required.
//! [`load_letter_str`] takes the text and a path, which names the file in messages and is the
//! folder that relative paths (images, fonts, letterheads) are resolved against.
//!
//! ```
//! use letterpress::{load_letter_str, render, Env, RenderOptions, Resources};
//!
//! let letter = load_letter_str(
//!     "language: en-GB\n\
//!      date: 2026-11-26\n\
//!      recipient: [Ms Jane Doe, 12 High Street, Oxford OX1 4AB]\n\
//!      subject: Your order\n\
//!      opening: Dear Ms Doe,\n\
//!      body: Thank you for your letter of 3 November.\n\
//!      closing: Yours sincerely\n",
//!     "letter.yaml",
//! )?;
//! let resources = Resources::new(); // fonts and images are parsed once and shared
//! let out = render(&letter, &Env::default(), &resources, &RenderOptions::default())?;
//! assert!(out.output.pdf.starts_with(b"%PDF-"));
//! assert_eq!(out.output.document.pages.len(), 1);
//! for w in &out.warnings {
//!     eprintln!("warning: {}", w.message);
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! A mistake is reported with its place and the fix, never as a panic:
//!
//! ```
//! let err = letterpress::load_letter_str("recipient: [A]\nsubjet: Hi\nbody: x\n", "letter.yaml")
//!     .unwrap_err();
//! assert_eq!(
//!     err.to_string(),
//!     "unknown key `subjet` at letter.yaml:2:1 — did you mean `subject`? (valid keys here: \
//!      letterhead, language, layout, place, date, recipient, mail_note, references, subject, \
//!      opening, recipient_title, body, closing, signatures, enclosures, cc, ps, pdf, style)"
//! );
//! ```
//!
//! ## A letter built in code
//!
//! A program that already holds its data (an invoicing tool, a CRM) can fill a
//! [`spec::LetterSpec`] directly. Values are [`spec::Spanned`]: the place in a YAML file they
//! came from, which a letter built in code does not have (`Location::UNKNOWN`).
//!
//! ```
//! use std::sync::Arc;
//! use letterpress::spec::{LetterSpec, Location, SignatureSpec, SourceFile, Spanned};
//! use letterpress::{render, Env, Letter, RenderOptions, Resources};
//!
//! /// A value with no place in a file.
//! fn v<T>(value: T) -> Spanned<T> {
//!     Spanned::new(value, Location::UNKNOWN, Location::UNKNOWN)
//! }
//!
//! let spec = LetterSpec {
//!     letterhead: None,
//!     language: Some(v("de".to_string())),
//!     layout: None,
//!     place: Some("München".into()),
//!     date: Some(v("2026-11-26".to_string())),
//!     recipient: v(vec!["Beispiel GmbH".into(), "Hauptstraße 1".into(), "80331 München".into()]),
//!     mail_note: None,
//!     references: None,
//!     subject: Some(v("Ihre Bestellung".to_string())),
//!     opening: None, // the language's default: "Sehr geehrte Damen und Herren,"
//!     recipient_title: None,
//!     body: v("vielen Dank für Ihre Bestellung vom 3. November.".to_string()),
//!     closing: None, // "Mit freundlichen Grüßen"
//!     signatures: vec![SignatureSpec { name: v("Anna Neumann".into()), role: None, image: None }],
//!     enclosures: vec![],
//!     cc: vec![],
//!     ps: None,
//!     pdf: None,
//!     style: None,
//! };
//! // The source names the letter in messages and is the base of relative paths.
//! let source = Arc::new(SourceFile { path: "bestellung.yaml".into(), text: String::new() });
//! let letter = Letter { spec, source };
//! let out = render(&letter, &Env::default(), &Resources::new(), &RenderOptions::default())?;
//! assert!(out.output.pdf.starts_with(b"%PDF-"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Your own fonts
//!
//! A letterhead's `font:` (or a letter's `style: { font: … }`) names a bundled family
//! (`Noto Serif`, `Noto Sans`, `TeX Gyre Termes`) or your own files, relative to the file that names them. A face
//! left out falls back to `regular`. Every character is checked against the face that draws
//! it before anything is written.
//!
//! ```
//! use letterpress::{load_letter_str, render, Env, ErrorKind, RenderOptions, Resources};
//!
//! let fonts = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fonts");
//! let yaml = format!(
//!     "recipient: [A]\nbody: dziękujemy.\nstyle:\n  font:\n    regular: {fonts}/NotoSans-Regular.ttf\n    bold: {fonts}/NotoSans-Bold.ttf\n    size: 10pt\n"
//! );
//! let letter = load_letter_str(&yaml, "letter.yaml")?;
//! let res = Resources::new();
//! let out = render(&letter, &Env::default(), &res, &RenderOptions::default())?;
//! assert!(out.output.pdf.starts_with(b"%PDF-"));
//!
//! // A character the font cannot draw is an error naming it and its line.
//! let letter = load_letter_str(&yaml.replace("dziękujemy", "pada śnieg ☃"), "letter.yaml")?;
//! let errors = render(&letter, &Env::default(), &res, &RenderOptions::default()).unwrap_err();
//! assert!(matches!(errors.0[0].kind, ErrorKind::MissingGlyph { ch: '☃', .. }));
//! assert_eq!(errors.0[0].origin.as_ref().map(|o| o.line), Some(2));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Into a writer, stage by stage
//!
//! The PDF is a `Vec<u8>`: write it into a file, a socket, an HTTP response or a ZIP entry.
//! Running the stages yourself lets you look at the page model (plain `Serialize` data) or
//! add the [`grammar`] warnings that `letterpress check` shows.
//!
//! ```
//! use std::io::Write;
//! use letterpress::{find_letterhead, grammar, layout, load_letter_str, pdf, resolve, Env, Resources};
//!
//! let letter = load_letter_str(
//!     "language: pl\nrecipient: [Jan Kowalski]\nrecipient_title: Pan\nbody: dziękujemy za list.\n",
//!     "letter.yaml",
//! )?;
//! let env = Env::default();
//! let letterhead = find_letterhead(&letter, &env)?; // None: the letter names no letterhead
//! let resolved = resolve(&letter, letterhead.as_ref(), &env, &Resources::new())?;
//! assert_eq!(resolved.opening, "Szanowny Panie,");
//! assert!(grammar::check(&letter, &resolved).is_empty());
//! let laid = layout(&resolved)?;
//! let bytes = pdf::write(&laid.output, &resolved.fonts, &pdf::PdfOptions::default())?;
//!
//! let mut writer: Vec<u8> = Vec::new(); // or a File, a TcpStream, a ZipWriter…
//! writer.write_all(&bytes)?;
//! assert!(writer.starts_with(b"%PDF-"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! More complete programs are in `crates/letterpress/examples/`: `invoice_cover_letter.rs`
//! (an invoicing tool that writes a covering letter for each invoice, built in code) and
//! `letter_to_stdout.rs` (a YAML letter rendered into standard output).
//!
//! # Features
//!
//! - `schema`: [`spec::letter_schema`] and [`spec::letterhead_schema`], the JSON Schemas of the
//!   formats (with `schemars`), which `letterpress schema` prints for editors.

// No panic on any input: failures are typed errors (issue 6). Tests may unwrap.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented
    )
)]

pub mod error;
pub mod fonts;
pub mod grammar;
pub mod layout;
pub mod locale;
pub mod merge;
pub mod pdf;
pub mod quality;
pub mod resolve;
pub mod spec;
pub mod text;
pub mod units;

use std::path::Path;

pub use error::{Error, ErrorKind, Errors, Origin, Warned, Warning};
pub use layout::layout;
pub use layout::model::Document;
pub use pdf::{PdfOptions, Standard};
pub use quality::QualityReport;
pub use resolve::{find_letterhead, resolve, Env, Resolved, Resources};
pub use spec::{load_letter, load_letter_str, Letter, Letterhead};

/// How many renders a memoized font subset or glyph box survives without being used.
const CACHE_AGE: usize = 64;

/// Options of a render.
///
/// ```
/// use letterpress::{PdfOptions, RenderOptions, Standard};
/// let plain_pdf = RenderOptions { pdf: PdfOptions { standard: Standard::None, debug: false } };
/// assert_eq!(RenderOptions::default().pdf.standard, Standard::A2bUa1, "PDF/A-2b and PDF/UA-1 by default");
/// # let _ = plain_pdf;
/// ```
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
///
/// ```
/// use letterpress::{load_letter_str, render, Env, RenderOptions, Resources};
/// let letter = load_letter_str("recipient: [A]\nbody: dziękujemy.\n", "letter.yaml")?;
/// let out = render(&letter, &Env::default(), &Resources::new(), &RenderOptions::default())?;
/// assert_eq!(out.output.document.pages.len(), 1);
/// # Ok::<(), letterpress::Errors>(())
/// ```
pub fn render(
    letter: &Letter,
    env: &Env,
    res: &Resources,
    options: &RenderOptions,
) -> Result<Warned<Rendered>, Errors> {
    let letterhead = find_letterhead(letter, env)?;
    let resolved = resolve(letter, letterhead.as_ref(), env, res)?;
    let mut laid = layout(&resolved).map_err(|e| locate_layout_error(letter, e))?;
    apply_pdf_meta(letter, &mut laid.output.meta);
    let misfits = layout::envelope::check_with_origins(
        &laid.output,
        &resolved.geometry,
        &resolved.fonts,
        &|role| envelope_origin(letter, role),
    );
    if !misfits.is_empty() {
        return Err(Errors(misfits));
    }
    let pdf = pdf::write(&laid.output, &resolved.fonts, &options.pdf)?;
    laid.warnings
        .extend(grammar::placeholders(letter).into_iter().map(Warning::from));
    // krilla memoizes font subsets and glyph boxes across documents (a mail merge reuses them);
    // results unused for the last CACHE_AGE renders are dropped, so memory stays bounded.
    comemo::evict(CACHE_AGE);
    Ok(Warned {
        output: Rendered {
            pdf,
            document: laid.output,
        },
        warnings: laid.warnings,
    })
}

/// Give a layout error that has no place the place it belongs to: a letter over the page
/// limit is its body's fault.
pub fn locate_layout_error(letter: &Letter, e: Error) -> Error {
    if e.origin.is_none() && matches!(e.kind, ErrorKind::Limit(_)) {
        let at = letter.source.origin(&letter.spec.body.referenced);
        e.at(at)
    } else {
        e
    }
}

/// The letter's `pdf:` section over the metadata the layout derived.
pub fn apply_pdf_meta(letter: &Letter, meta: &mut layout::model::Meta) {
    let Some(p) = &letter.spec.pdf else { return };
    if let Some(t) = &p.title {
        meta.title = t.value.clone();
    }
    if let Some(a) = &p.author {
        meta.authors = vec![a.value.clone()];
    }
    meta.subject = p.subject.as_ref().map(|s| s.value.clone());
    meta.keywords = p.keywords.iter().map(|k| k.value.clone()).collect();
}

/// Where the letter writes the lines of a kind (for the messages of the envelope and
/// overflow checks): the key, or the `letterhead:` key for what the letterhead gives.
pub fn envelope_origin(letter: &Letter, role: layout::model::Role) -> Option<Origin> {
    layout::bounds::role_origin(letter, role)
}

/// Read a letter file and render it.
///
/// ```
/// use letterpress::{render_file, Env, RenderOptions, Resources};
/// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/termination-pl.yaml");
/// let out = render_file(path.as_ref(), &Env::from_process(), &Resources::new(), &RenderOptions::default())?;
/// assert!(out.output.pdf.starts_with(b"%PDF-"));
/// # Ok::<(), letterpress::Errors>(())
/// ```
pub fn render_file(
    path: &Path,
    env: &Env,
    res: &Resources,
    options: &RenderOptions,
) -> Result<Warned<Rendered>, Errors> {
    let letter = load_letter(path)?;
    render(&letter, env, res, options)
}
