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
//!      letterhead, language, layout, place, date, recipient, attention, mail_note, references, \
//!      subject, opening, recipient_title, body, closing, signatures, enclosures, attachments, cc, \
//!      ps, pdf, style, watermark)"
//! );
//! ```
//!
//! ## A letter built in code
//!
//! A program that already holds its data (an invoicing tool, a CRM) builds the letter with
//! [`Letter::builder`]: plain strings, no YAML. Values are checked when it is rendered, as if
//! they had been read from a file.
//!
//! ```
//! use letterpress::{render, Env, Letter, RenderOptions, Resources};
//!
//! let letter = Letter::builder(["Beispiel GmbH", "Hauptstraße 1", "80331 München"],
//!                              "vielen Dank für Ihre Bestellung vom 3. November.")
//!     .language("de")
//!     .place("München")
//!     .date("2026-11-26")
//!     .subject("Ihre Bestellung")
//!     // No opening: "Sehr geehrte Damen und Herren,"; no closing: "Mit freundlichen Grüßen".
//!     .signatory("Anna Neumann", None)
//!     .build();
//! let out = render(&letter, &Env::default(), &Resources::new(), &RenderOptions::default())?;
//! assert!(out.output.pdf.starts_with(b"%PDF-"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Your own fonts and artwork, from memory
//!
//! A letterhead's `font:` (or a letter's `style: { font: … }`) names a family — bundled
//! (`Noto Serif`, `Noto Sans`, `TeX Gyre Termes`) or registered with
//! [`Resources::insert_family`] — or font files. Files (letterheads, images, fonts) can be
//! registered in memory with [`Resources::insert_file`] at the path a letter names them by: a
//! web service needs no file system, and [`Env::default()`] reads none. Every character is
//! checked against the face that draws it before anything is written.
//!
//! ```
//! use letterpress::{load_letter_str, render, Env, ErrorKind, RenderOptions, Resources};
//!
//! # let sans = &letterpress_assets::FAMILIES[1];
//! # let logo_png = letterpress_assets::LETTERHEAD_FILES.iter()
//! #     .find(|f| f.path == "nowak-pr/header-small.png").map(|f| f.bytes.to_vec()).unwrap();
//! let res = Resources::new();
//! // Bytes from a database, an object store or `include_bytes!`:
//! let (regular, bold) = (sans.regular.to_vec(), sans.bold.to_vec());
//! res.insert_family("Firm Sans", regular, Some(bold), None, None)?;
//! res.insert_file("firm/logo.png", logo_png);
//! res.insert_file(
//!     "firm/letterhead.yaml",
//!     "name: Firma\nheader: { image: logo.png, height: 15mm, alt: Firma }\nfont: { family: Firm Sans, size: 10pt }\n",
//! );
//! let yaml = "letterhead: firm/letterhead.yaml\nrecipient: [A]\nbody: dziękujemy.\n";
//! let out = render(&load_letter_str(yaml, "letter.yaml")?, &Env::default(), &res, &RenderOptions::default())?;
//! assert!(out.output.pdf.starts_with(b"%PDF-"));
//!
//! // A character the font cannot draw is an error naming it and its line.
//! let letter = load_letter_str(&yaml.replace("dziękujemy", "pada śnieg ☃"), "letter.yaml")?;
//! let errors = render(&letter, &Env::default(), &res, &RenderOptions::default()).unwrap_err();
//! assert!(matches!(errors.0[0].kind, ErrorKind::MissingGlyph { ch: '☃', .. }));
//! assert_eq!(errors.0[0].origin.as_ref().map(|o| o.line), Some(3));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Many letters in parallel
//!
//! [`Resources`] is `Send + Sync`: one instance serves every thread, and fonts, images and
//! letterheads are parsed once. Rendering is safe in any threading context (rayon's
//! `par_iter`, scoped threads, a web server's pool); [`merge::merge_each`] renders a mail merge
//! on all cores (or on the rayon pool it is called from).
//!
//! ```
//! use letterpress::{load_letter_str, render, Env, RenderOptions, Resources};
//!
//! let res = Resources::new();
//! let pdfs: Vec<Vec<u8>> = std::thread::scope(|s| {
//!     let jobs: Vec<_> = ["Ms Doe", "Mr Roe", "Dr Poe"]
//!         .into_iter()
//!         .map(|name| {
//!             let res = &res;
//!             s.spawn(move || -> Result<Vec<u8>, letterpress::Errors> {
//!                 let yaml = format!("letterhead: brightline-us\nrecipient: [{name}]\nbody: Thank you.\n");
//!                 let letter = load_letter_str(&yaml, "letter.yaml")?;
//!                 Ok(render(&letter, &Env::default(), res, &RenderOptions::default())?.output.pdf)
//!             })
//!         })
//!         .collect();
//!     jobs.into_iter().map(|j| j.join().expect("no panic")).collect::<Result<_, _>>()
//! })?;
//! assert_eq!(pdfs.len(), 3);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Stage by stage
//!
//! [`render`] is the one entry point that keeps every check (the envelope window, the
//! letter's `pdf:` metadata, bounded caches). Running the stages yourself lets you look at the
//! page model (plain `Serialize` data) or add the [`grammar`] warnings that `letterpress check`
//! shows.
//!
//! ```
//! use letterpress::{find_letterhead, grammar, layout, load_letter_str, resolve, Env, Resources};
//!
//! let letter = load_letter_str(
//!     "language: pl\nrecipient: [Jan Kowalski]\nrecipient_title: Pan\nbody: dziękujemy za list.\n",
//!     "letter.yaml",
//! )?;
//! let (env, res) = (Env::default(), Resources::new());
//! let letterhead = find_letterhead(&letter, &env, &res)?; // None: the letter names no letterhead
//! let resolved = resolve(&letter, letterhead.as_ref(), &env, &res)?;
//! assert_eq!(resolved.opening, "Szanowny Panie,");
//! assert!(grammar::check(&letter, &resolved).is_empty());
//! let laid = layout(&resolved)?;
//! assert_eq!(laid.output.pages.len(), 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! More complete programs are in `crates/letterpress/examples/`: `invoice_cover_letter.rs`
//! (an invoicing tool that writes a covering letter for each invoice, built in code) and
//! `letter_to_stdout.rs` (a YAML letter rendered into standard output).
//!
//! # Features
//!
//! - `bundled-fonts` (default): Noto Serif, Noto Sans and TeX Gyre Termes, from the
//!   `letterpress-assets` crate (3.6 MB). Without it, register a family or name font files.
//! - `bundled-letterheads` (default): the four example letterheads (`letterhead: nowak-pr`).
//! - `merge` (default): [`merge`], mail merge with `{{ field }}` placeholders from CSV or YAML
//!   (minijinja, csv).
//! - `parallel` (default): [`merge::merge_each`] on all cores (rayon). Outside rayon's pool
//!   (one letter rendered by itself), a PNG with transparency, such as a signature, is decoded
//!   and deflated again on a thread of its own while the letter is laid out (16.7 → 14.1 ms
//!   for `examples/termination-pl.yaml`, same bytes); inside the pool, at once.
//! - `schema`: [`spec::letter_schema`] and [`spec::letterhead_schema`], the JSON Schemas of the
//!   formats (with `schemars`), which `letterpress schema` prints for editors.
//! - `parallel-images`: a letter's images encoded on other cores while it is written (krilla's
//!   `rayon` feature). **Off, and unsafe with krilla as published:** krilla 0.8.2 waits for
//!   those jobs by running other rayon jobs on the waiting stack, which overflows it when letters
//!   are rendered inside a `par_iter` (a merge). Safe only with the repository's vendored krilla.
//!
//! # Process-wide state
//!
//! Every cache of letterpress lives in the [`Resources`] a caller owns: fonts, images,
//! letterheads, and the set paragraphs ([`Resources::paragraphs`], at most 1,024, so that a
//! merge sets its shared paragraphs once); a new `Resources` starts cold and
//! [`Resources::clear`] empties it. Two things are process-wide and documented here: the
//! bundled font families are parsed once per process (compiled-in data that never changes),
//! and krilla memoizes font subsets and glyph boxes (through comemo) across documents;
//! [`render`] evicts those unused for 64 renders.

#![deny(missing_docs)]
// No panic on any input: failures are typed errors. Tests may unwrap.
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

pub mod address;
pub mod enclosures;
pub mod error;
pub mod fields;
pub mod files;
pub mod fonts;
pub mod grammar;
pub mod layout;
pub mod locale;
#[cfg(feature = "merge")]
pub mod merge;
pub mod pdf;
pub mod printable;
pub mod quality;
pub mod resolve;
pub mod spec;
pub mod text;
pub mod units;

use std::path::Path;

pub use chrono::NaiveDate;
pub use error::{Error, ErrorKind, Errors, Origin, Warned, Warning};
pub use files::FileAccess;
pub use layout::layout;
pub use layout::model::Document;
pub use pdf::{PdfOptions, Print, Standard};
pub use quality::QualityReport;
pub use resolve::{find_letterhead, resolve, Env, Resolved, Resources};
pub use spec::{load_letter, load_letter_str, Letter, Letterhead};

/// How many renders a memoized font subset or glyph box survives without being used.
const CACHE_AGE: usize = 64;

/// Options of a render.
///
/// ```
/// use letterpress::{PdfOptions, RenderOptions, Standard};
/// let plain_pdf = RenderOptions::new().pdf(PdfOptions::new().standard(Standard::None));
/// assert_eq!(RenderOptions::default().pdf.standard, Standard::A2bUa1, "PDF/A-2b and PDF/UA-1 by default");
/// # let _ = plain_pdf;
/// ```
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct RenderOptions {
    /// PDF options.
    pub pdf: PdfOptions,
    /// For paper that already carries the letterhead: nothing of `header`, `next_header`,
    /// `stationery` or `footer` is drawn; every other item stays where it would be.
    pub preprinted: bool,
    /// A watermark word for every page, over the letter's `watermark:`.
    pub watermark: Option<String>,
}

impl RenderOptions {
    /// The defaults.
    pub fn new() -> RenderOptions {
        RenderOptions::default()
    }

    /// With these PDF options.
    pub fn pdf(mut self, pdf: PdfOptions) -> RenderOptions {
        self.pdf = pdf;
        self
    }

    /// For pre-printed paper (see [`RenderOptions::preprinted`]).
    pub fn preprinted(mut self, on: bool) -> RenderOptions {
        self.preprinted = on;
        self
    }

    /// With this watermark on every page.
    pub fn watermark(mut self, word: impl Into<String>) -> RenderOptions {
        self.watermark = Some(word.into());
        self
    }
}

/// A rendered letter.
#[derive(Debug, Clone)]
#[non_exhaustive]
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
    let letterhead = find_letterhead(letter, env, res)?;
    render_with(letter, letterhead.as_ref(), env, res, options)
}

/// Render a letter against a letterhead already found (a merge looks each one up once): every
/// step of [`render`] after [`find_letterhead`]. The rendered [`Document`] carries the fonts
/// the letter is set in (a combined PDF of letters in different fonts takes each letter's own).
pub fn render_with(
    letter: &Letter,
    letterhead: Option<&Letterhead>,
    env: &Env,
    res: &Resources,
    options: &RenderOptions,
) -> Result<Warned<Rendered>, Errors> {
    let (_, mut laid) = lay_out(letter, letterhead, env, res, options)?;
    let pdf = pdf::write(&laid.output, &options.pdf)?;
    laid.warnings
        .extend(grammar::placeholders(letter).into_iter().map(Warning::from));
    let rendered = Warned {
        output: Rendered {
            pdf,
            document: laid.output,
        },
        warnings: laid.warnings,
    };
    Ok(rendered)
}

/// Resolve and lay out a letter, with its `pdf:` metadata, the options' watermark and
/// pre-printed paper, check its envelope window and the standard its enclosures allow:
/// everything a PDF is written from.
fn lay_out(
    letter: &Letter,
    letterhead: Option<&Letterhead>,
    env: &Env,
    res: &Resources,
    options: &RenderOptions,
) -> Result<(Resolved, Warned<Document>), Errors> {
    let mut resolved = resolve(letter, letterhead, env, res)?;
    if let Some(w) = &options.watermark {
        resolved.artwork.watermark = Some(w.trim().to_string());
    }
    let mut laid = layout(&resolved)?;
    if options.preprinted {
        layout::artwork::preprinted(&mut laid.output);
    }
    laid.warnings.extend(resolved.warnings.iter().cloned());
    let misfits = layout::envelope::check_with_origins(
        &laid.output,
        &resolved.geometry,
        &resolved.fonts,
        &|role| resolved.origins.role(role),
    );
    if !misfits.is_empty() {
        return Err(Errors(misfits));
    }
    // Enclosures: what resolving them noted, and the standard the file can claim.
    laid.warnings
        .extend(laid.output.appendix.notes.iter().cloned());
    let at = enclosures::pdf_origin(&laid.output.appendix);
    match pdf::standard_for(&options.pdf, &[&laid.output]) {
        Ok((_, Some(w))) => laid.warnings.push(Warning::new(w).at(at)),
        Ok(_) => {}
        Err(e) => return Err(e.at(at).into()),
    }
    // krilla memoizes font subsets and glyph boxes across documents (a mail merge reuses them);
    // results unused for the last CACHE_AGE renders are dropped, so memory stays bounded.
    comemo::evict(CACHE_AGE);
    Ok((resolved, laid))
}

/// What [`check`] finds in a letter that renders.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Checked {
    /// The page model the PDF would be written from.
    pub document: Document,
    /// The layout's warnings (overfull and loose lines, a shrunk header, …), then those about
    /// the printed sheet ([`printable`]: artwork without `alt`, the printable area, bleed).
    pub warnings: Vec<Warning>,
    /// The letter-grammar findings, unfilled placeholders among them.
    pub findings: Vec<grammar::Finding>,
}

/// Every step of [`render`], the PDF written (and its standard validated) but not kept, and
/// the grammar check: what `letterpress check` reports.
///
/// ```
/// use letterpress::{check, load_letter_str, Env, RenderOptions, Resources};
/// let letter = load_letter_str("language: de\nrecipient: [A]\nbody: danke.\nclosing: Mit freundlichen Grüßen,\n", "l.yaml")?;
/// let c = check(&letter, &Env::default(), &Resources::new(), &RenderOptions::default())?;
/// assert_eq!(c.document.pages.len(), 1);
/// assert!(c.findings[0].message.contains("no punctuation after the closing"), "{}", c.findings[0]);
/// # Ok::<(), letterpress::Errors>(())
/// ```
pub fn check(
    letter: &Letter,
    env: &Env,
    res: &Resources,
    options: &RenderOptions,
) -> Result<Checked, Errors> {
    let letterhead = find_letterhead(letter, env, res)?;
    let (resolved, mut laid) = lay_out(letter, letterhead.as_ref(), env, res, options)?;
    pdf::write(&laid.output, &options.pdf)?;
    let sheet = printable::warnings(
        letter,
        letterhead.as_ref(),
        &resolved,
        &laid.output,
        (env, res),
    );
    laid.warnings.extend(sheet);
    Ok(Checked {
        findings: grammar::findings(letter, &resolved),
        document: laid.output,
        warnings: laid.warnings,
    })
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

// What embedders rely on, checked at compile time: errors cross threads and `?` into
// `Box<dyn Error + Send + Sync>`, one `Resources` serves every thread.
const _: fn() = || {
    fn shareable<T: Send + Sync + 'static>() {}
    fn error<T: std::error::Error + Send + Sync + 'static>() {}
    shareable::<Resources>();
    shareable::<Env>();
    shareable::<Rendered>();
    error::<Error>();
    error::<Errors>();
};

/// A letter given as YAML, resolved in a sandbox with no letterhead (unit tests).
#[cfg(test)]
pub(crate) fn resolve_yaml(yaml: &str) -> Result<Resolved, Errors> {
    let letter = load_letter_str(yaml, "l.yaml").expect("the test letter parses");
    resolve(&letter, None, &Env::default(), &Resources::new())
}
