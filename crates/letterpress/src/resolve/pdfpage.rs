//! PDF artwork: one page of a designer's PDF (a logo, a stationery sheet), turned into vectors.
//!
//! krilla can embed a page of another PDF as it is (its `pdf` feature), but it refuses to under
//! every standard it validates (PDF/A, PDF/UA: it cannot check what the page holds), and a
//! letter is PDF/A by default. So the page is read by hayro (the pure-Rust PDF interpreter by
//! krilla's author) and written out as SVG by `hayro-svg`; that SVG then goes the way of any
//! SVG artwork (`svg.rs`): paths stay paths, images stay images, and text becomes outlines (it
//! keeps its look, but no longer reads as text: give the artwork an `alt`).
//!
//! Refused, with the reason: encrypted files, files over [`MAX_PDF_OBJECTS`] objects, a page
//! that does not exist, a font the PDF uses without embedding it (it would be drawn in
//! another font), an image hayro cannot decode, and a converted page over
//! [`MAX_PDF_SVG_BYTES`], and a page that is too much work to convert (`pdfwork.rs`: content
//! size, operators with forms expanded, nesting of forms, image sizes).

use std::path::Path;
use std::sync::{Arc, Mutex};

use hayro_svg::hayro_interpret::{InterpreterSettings, InterpreterWarning};
use hayro_svg::hayro_syntax::{LoadPdfError, Pdf};

use crate::error::ErrorKind;

/// Most objects a PDF used as artwork may have.
pub const MAX_PDF_OBJECTS: usize = 100_000;
/// Largest SVG a converted page may become.
pub const MAX_PDF_SVG_BYTES: usize = 16 * 1024 * 1024;

/// Whether `data` is a PDF file.
pub(crate) fn sniff(data: &[u8]) -> bool {
    data.starts_with(b"%PDF-")
}

/// The number of pages of a PDF (for checking `page:` and `stationery:` keys).
pub(crate) fn page_count(path: &Path, data: &[u8]) -> Result<usize, ErrorKind> {
    Ok(open(path, data)?.pages().len())
}

/// Page `page` (1-based) of a PDF as SVG text.
pub(crate) fn page_svg(path: &Path, data: &[u8], page: usize) -> Result<String, ErrorKind> {
    let bad = |reason: String| ErrorKind::Image {
        path: path.to_path_buf(),
        reason,
    };
    let pdf = open(path, data)?;
    let pages = pdf.pages();
    let Some(p) = page.checked_sub(1).and_then(|i| pages.get(i)) else {
        return Err(bad(format!(
            "it has {} page{}, so there is no page {page}",
            pages.len(),
            if pages.len() == 1 { "" } else { "s" }
        )));
    };
    super::pdfwork::check_page(p).map_err(|e| bad(format!("page {page}: {e}")))?;
    let problems: Arc<Mutex<Vec<String>>> = Arc::default();
    let settings = interpreter_settings(&problems);
    let cache = hayro_svg::RenderCache::new();
    let svg = hayro_svg::convert(
        p,
        &cache,
        &settings,
        &hayro_svg::SvgRenderSettings::default(),
    );
    let problems = problems
        .lock()
        .map(|p| p.clone())
        .unwrap_or_else(|e| e.into_inner().clone());
    if let Some(first) = problems.first() {
        return Err(bad(format!("page {page}: {first}")));
    }
    if svg.len() > MAX_PDF_SVG_BYTES {
        return Err(bad(format!(
            "page {page} is too complex to draw ({} MB as vectors; the limit is {} MB)",
            svg.len() / 1_000_000,
            MAX_PDF_SVG_BYTES / 1_000_000
        )));
    }
    Ok(svg)
}

/// Parse the file, refusing encrypted and oversized ones.
fn open(path: &Path, data: &[u8]) -> Result<Pdf, ErrorKind> {
    let bad = |reason: String| ErrorKind::Image {
        path: path.to_path_buf(),
        reason,
    };
    // An encrypted file is refused even when it opens without a password: it is protected
    // for a reason, and PDF/A forbids encryption.
    if contains(data, b"/Encrypt") {
        return Err(bad(
            "the PDF is encrypted; ask the designer for an unprotected file".into(),
        ));
    }
    let pdf = Pdf::new(data.to_vec()).map_err(|e| {
        bad(match e {
            LoadPdfError::Decryption(_) => {
                "the PDF is encrypted; ask the designer for an unprotected file".into()
            }
            _ => "the PDF cannot be read (damaged or not a PDF)".into(),
        })
    })?;
    if pdf.len() > MAX_PDF_OBJECTS {
        return Err(bad(format!(
            "the PDF has {} objects, more than the {MAX_PDF_OBJECTS} allowed for artwork",
            pdf.len()
        )));
    }
    if pdf.pages().is_empty() {
        return Err(bad("the PDF has no pages".into()));
    }
    Ok(pdf)
}

/// hayro's settings: no font comes from outside the file (a missing one is a problem), and
/// every warning of the interpreter is a problem.
fn interpreter_settings(problems: &Arc<Mutex<Vec<String>>>) -> InterpreterSettings {
    let fonts = problems.clone();
    let warnings = problems.clone();
    let push = |p: &Arc<Mutex<Vec<String>>>, msg: String| {
        if let Ok(mut v) = p.lock() {
            if !v.contains(&msg) {
                v.push(msg);
            }
        }
    };
    InterpreterSettings {
        font_resolver: Arc::new(move |query| {
            let name = match query {
                hayro_svg::hayro_interpret::font::FontQuery::Standard(s) => {
                    format!("{s:?}")
                }
                hayro_svg::hayro_interpret::font::FontQuery::Fallback(f) => f
                    .post_script_name
                    .clone()
                    .unwrap_or_else(|| "a font".into()),
            };
            push(
                &fonts,
                format!(
                    "it uses the font `{name}` without embedding it; export the PDF with fonts embedded (or text as outlines)"
                ),
            );
            None
        }),
        warning_sink: Arc::new(move |w| {
            let msg = match w {
                InterpreterWarning::UnsupportedFont => "it has a font that cannot be read",
                InterpreterWarning::ImageDecodeFailure => "it has an image that cannot be decoded",
                _ => "part of it cannot be drawn",
            };
            push(&warnings, msg.to_string());
        }),
        ..InterpreterSettings::default()
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn junk_and_encrypted_files_are_refused_with_the_reason() {
        let e = page_svg(Path::new("x.pdf"), b"%PDF-1.7\nnot really", 1).unwrap_err();
        assert!(e.to_string().contains("cannot be read"), "{e}");
        let e = page_svg(
            Path::new("x.pdf"),
            b"%PDF-1.7\ntrailer << /Encrypt 5 0 R >>",
            1,
        )
        .unwrap_err();
        assert!(e.to_string().contains("encrypted"), "{e}");
        assert!(sniff(b"%PDF-1.4") && !sniff(b"<svg"));
    }
}
