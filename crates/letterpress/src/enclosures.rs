//! Enclosures that travel with the letter: the files of `enclosures:` (PDF pages, or an image
//! as one page) appended after the letter in the listed order, and the files of
//! `attachments:` embedded in the PDF as PDF/A-3 associated files.
//!
//! Everything is read and checked here, at resolve time, through [`Resources::read`] (so the
//! [`Env`]'s file access rules and `--root` apply, and every read is bounded): a missing,
//! encrypted, damaged or oversized enclosure is an error at its place in the letter, before
//! anything is written. The PDF writer only copies what this module accepted.
//!
//! ```
//! use letterpress::{render, Env, Letter, RenderOptions, Resources};
//!
//! let res = Resources::new();
//! # let scan = letterpress_assets::LETTERHEAD_FILES.iter()
//! #     .find(|f| f.path == "nowak-pr/header-small.png").map(|f| f.bytes.to_vec()).unwrap();
//! res.insert_file("protokol.png", scan); // a scan, from memory
//! res.insert_file("faktura.xml", "<Faktura>…</Faktura>");
//! let letter = Letter::builder(["Fabryka Mebli Jodła S.A."], "w załączeniu protokół.")
//!     .language("pl")
//!     .enclosure_file("Protokół przekazania", "protokol.png")
//!     .attachment("faktura.xml", "Faktura ustrukturyzowana", "Data")
//!     .build();
//! let out = render(&letter, &Env::default(), &res, &RenderOptions::default())?;
//! assert_eq!(out.output.document.pages.len(), 1, "the letter's own pages");
//! assert_eq!(out.output.document.appendix.page_count(), 1, "the scan's page follows them");
//! assert_eq!(out.output.document.appendix.attachments[0].name, "faktura.xml");
//! # Ok::<(), letterpress::Errors>(())
//! ```

use std::path::{Path, PathBuf};
use std::sync::Arc;

mod copyable;

use serde::Serialize;

use crate::error::{Error, ErrorKind, Origin};
use crate::resolve::{Env, ImageData, Resources};
use crate::spec::{AttachmentSpec, EnclosureSpec, Letter, SourceFile, Spanned};

/// The most bytes an enclosed file may have.
pub const MAX_ENCLOSURE_BYTES: u64 = 64 * 1024 * 1024;
/// The most pages appended after a letter, all enclosures together.
pub const MAX_ENCLOSURE_PAGES: usize = 200;
/// The most bytes an attached file may have.
pub const MAX_ATTACHMENT_BYTES: u64 = 32 * 1024 * 1024;
/// The most attached files.
pub const MAX_ATTACHMENTS: usize = 20;

/// What follows the letter in its PDF: appended enclosures and embedded files.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Appendix {
    /// Enclosures whose pages follow the letter, in the listed order.
    pub parts: Vec<Appended>,
    /// Files embedded in the PDF.
    pub attachments: Vec<Attachment>,
    /// What the appended pages lose (an enclosed PDF's links, comments and form fields), each
    /// at its `file:`; [`render`](crate::render) passes them on as warnings.
    #[serde(skip)]
    pub notes: Vec<crate::error::Warning>,
}

impl Appendix {
    /// The number of pages appended after the letter.
    pub fn page_count(&self) -> usize {
        self.parts.iter().map(|p| p.pages).sum()
    }

    /// Whether an appended part is a PDF (which no PDF/A or PDF/UA validator can check).
    pub fn has_pdf(&self) -> bool {
        self.parts
            .iter()
            .any(|p| matches!(p.content, Content::Pdf { .. }))
    }
}

/// One enclosure appended after the letter.
#[derive(Debug, Clone, Serialize)]
pub struct Appended {
    /// Its line in the list of enclosures.
    pub title: String,
    /// The file it came from.
    pub path: PathBuf,
    /// How many pages it adds.
    pub pages: usize,
    /// What is appended.
    #[serde(skip)]
    pub content: Content,
    /// Its `file:` in the letter.
    #[serde(skip)]
    pub origin: Option<Origin>,
}

/// The pages of an enclosure.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Content {
    /// Pages of a PDF, copied as they are.
    Pdf {
        /// The document.
        doc: krilla::pdf::PdfDocument,
        /// 0-based page indices, in order.
        pages: Vec<usize>,
    },
    /// An image (a scan), one page fitted to the paper.
    Image(Arc<ImageData>),
}

/// A file embedded in the PDF.
#[derive(Debug, Clone, Serialize)]
pub struct Attachment {
    /// Its name in the PDF (the file's name).
    pub name: String,
    /// Its media type (from the name's extension).
    pub mime: &'static str,
    /// What it is.
    pub description: String,
    /// How it relates to the letter.
    pub relationship: Relationship,
    /// The bytes.
    #[serde(skip)]
    pub data: Arc<[u8]>,
}

/// How an attached file relates to the letter (PDF/A-3's `AFRelationship`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Relationship {
    /// The letter was made from it.
    Source,
    /// The data the letter presents (a structured invoice).
    Data,
    /// Another form of the letter.
    Alternative,
    /// More material for the letter.
    Supplement,
}

impl Relationship {
    /// The names the letter may use.
    pub const NAMES: &'static [&'static str] = &["Source", "Data", "Alternative", "Supplement"];

    fn parse(s: &str) -> Option<Relationship> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "source" => Relationship::Source,
            "data" => Relationship::Data,
            "alternative" => Relationship::Alternative,
            "supplement" => Relationship::Supplement,
            _ => return None,
        })
    }
}

/// Read and check every enclosed and attached file of `letter`. Errors come back all at once,
/// each at the key that names the file.
pub fn resolve_appendix(
    letter: &Letter,
    env: &Env,
    res: &Resources,
) -> Result<Appendix, Vec<Error>> {
    let src = &letter.source;
    let mut errors = Vec::new();
    let mut out = Appendix::default();
    for e in &letter.spec.enclosures {
        match enclosure(e, src, env, res) {
            Ok(Some((a, note))) => {
                if let Some(n) = note {
                    let at = e.file.as_ref().and_then(|f| src.origin(&f.referenced));
                    out.notes.push(crate::error::Warning::new(n).at(at));
                }
                out.parts.push(a);
            }
            Ok(None) => {}
            Err(err) => errors.push(err),
        }
    }
    let pages = out.page_count();
    if pages > MAX_ENCLOSURE_PAGES {
        let at = letter
            .spec
            .enclosures
            .iter()
            .find_map(|e| e.file.as_ref())
            .and_then(|f| src.origin(&f.referenced));
        errors.push(
            Error::new(ErrorKind::Limit(format!(
                "the enclosures add {pages} pages, more than the limit of {MAX_ENCLOSURE_PAGES}"
            )))
            .at(at)
            .hint("enclose the pages that matter (`pages: 1-3`), or send the rest separately"),
        );
    }
    attachments(
        &letter.spec.attachments,
        src,
        env,
        res,
        &mut out,
        &mut errors,
    );
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

fn attachments(
    specs: &[AttachmentSpec],
    src: &SourceFile,
    env: &Env,
    res: &Resources,
    out: &mut Appendix,
    errors: &mut Vec<Error>,
) {
    if specs.len() > MAX_ATTACHMENTS {
        let at = src.origin(&specs[MAX_ATTACHMENTS].file.referenced);
        errors.push(
            Error::new(ErrorKind::Limit(format!(
                "{} attachments is more than the limit of {MAX_ATTACHMENTS}",
                specs.len()
            )))
            .at(at)
            .hint("attach one archive of the files instead"),
        );
        return;
    }
    for a in specs {
        match attachment(a, src, env, res) {
            Ok(a) if out.attachments.iter().any(|o| o.name == a.name) => errors.push(
                Error::new(ErrorKind::InvalidValue {
                    what: "attachment".into(),
                    value: a.name.clone(),
                    reason: "a file of this name is attached already".into(),
                })
                .at(src.origin(&spec_file(a.name.as_str(), specs).referenced))
                .hint("rename one of the files"),
            ),
            Ok(a) => out.attachments.push(a),
            Err(e) => errors.push(e),
        }
    }
}

/// The last attachment spec whose file has this name (for the place of a duplicate).
fn spec_file<'a>(name: &str, specs: &'a [AttachmentSpec]) -> &'a Spanned<String> {
    specs
        .iter()
        .rev()
        .find(|s| file_name(&s.file.value) == name)
        .map_or(&specs[0].file, |s| &s.file)
}

fn file_name(path: &str) -> String {
    Path::new(path.trim())
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.trim().to_string())
}

fn attachment(
    a: &AttachmentSpec,
    src: &SourceFile,
    env: &Env,
    res: &Resources,
) -> Result<Attachment, Error> {
    let at = |s: &Spanned<String>| src.origin(&s.referenced);
    let path = src.base_dir().join(a.file.value.trim());
    let data = res
        .read(env, &path, MAX_ATTACHMENT_BYTES)
        .map_err(|k| Error::new(k).at(at(&a.file)))?;
    let relationship = match &a.relationship {
        None => Relationship::Data,
        Some(r) => Relationship::parse(&r.value).ok_or_else(|| {
            Error::new(ErrorKind::InvalidValue {
                what: "relationship".into(),
                value: r.value.clone(),
                reason: format!("it is one of {}", Relationship::NAMES.join(", ")),
            })
            .at(at(r))
            .hint("`Data` for the data the letter presents, e.g. a structured invoice")
        })?,
    };
    let name = file_name(&a.file.value);
    let description = a
        .description
        .as_ref()
        .map(|d| d.value.trim().to_string())
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| name.clone());
    Ok(Attachment {
        mime: mime(&name),
        name,
        description: crate::pdf::xml_safe(&description),
        relationship,
        data,
    })
}

/// A media type from a file name's extension.
fn mime(name: &str) -> &'static str {
    let ext = Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "xml" => "application/xml",
        "pdf" => "application/pdf",
        "json" => "application/json",
        "csv" => "text/csv",
        "txt" => "text/plain",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

/// One enclosure, with a note of what its pages lose: `None` for a line of the list with no file.
fn enclosure(
    e: &EnclosureSpec,
    src: &SourceFile,
    env: &Env,
    res: &Resources,
) -> Result<Option<(Appended, Option<String>)>, Error> {
    let Some(file) = &e.file else {
        if let Some(p) = &e.pages {
            return Err(Error::new(ErrorKind::InvalidValue {
                what: "pages".into(),
                value: p.value.clone(),
                reason: "the enclosure has no `file` to take the pages from".into(),
            })
            .at(src.origin(&p.referenced))
            .hint("add `file:` with the PDF, or remove `pages:`"));
        }
        return Ok(None);
    };
    let at = src.origin(&file.referenced);
    let path = src.base_dir().join(file.value.trim());
    let data = res
        .read(env, &path, MAX_ENCLOSURE_BYTES)
        .map_err(|k| Error::new(k).at(at.clone()))?;
    let title = e.title.value.clone();
    if data.starts_with(b"%PDF-") || find(&data[..data.len().min(1024)], b"%PDF-") {
        let doc = open_pdf(&path, &data).map_err(|err| err.at(at.clone()))?;
        let count = doc.pages().len();
        let pages = match &e.pages {
            Some(p) => page_range(&p.value, count).map_err(|reason| {
                Error::new(ErrorKind::InvalidValue {
                    what: "pages".into(),
                    value: p.value.clone(),
                    reason,
                })
                .at(src.origin(&p.referenced))
                .hint("write pages as `3`, `1-2` or `1,3-4`")
            })?,
            None => (0..count).collect(),
        };
        if let Some(why) = copyable::check(&doc, &pages) {
            return Err(Error::new(ErrorKind::InvalidValue {
                what: "enclosure".into(),
                value: path.display().to_string(),
                reason: format!("the PDF is damaged: {why}"),
            })
            .at(at)
            .hint("export or download the file again, or print it to a new PDF"));
        }
        let n = pages.len();
        let note = annotations_note(&doc, &pages, &path);
        let doc = krilla::pdf::PdfDocument::new(Arc::new(doc));
        let part = Appended {
            title,
            path,
            pages: n,
            content: Content::Pdf { doc, pages },
            origin: at,
        };
        return Ok(Some((part, note)));
    }
    if let Some(p) = &e.pages {
        return Err(Error::new(ErrorKind::InvalidValue {
            what: "pages".into(),
            value: p.value.clone(),
            reason: "only a PDF has pages to choose from; an image is one page".into(),
        })
        .at(src.origin(&p.referenced)));
    }
    let image = image(&path, &data, res, env).map_err(|k| Error::new(k).at(at.clone()))?;
    let part = Appended {
        title,
        path,
        pages: 1,
        content: Content::Image(image),
        origin: at,
    };
    Ok(Some((part, None)))
}

/// A note when pages of an enclosed PDF carry annotations (links, comments, form fields),
/// which are not copied with the pages (hayro-write copies contents and resources).
fn annotations_note(pdf: &hayro_syntax::Pdf, pages: &[usize], path: &Path) -> Option<String> {
    let with: Vec<String> = pages
        .iter()
        .filter(|&&i| {
            pdf.pages().get(i).is_some_and(|p| {
                p.raw()
                    .get::<hayro_syntax::object::Array<'_>>(b"Annots")
                    .is_some_and(|a| a.raw_iter().next().is_some())
            })
        })
        .map(|i| (i + 1).to_string())
        .collect();
    (!with.is_empty()).then(|| {
        format!(
            "the links, comments and form fields of `{}` (page {}) are not copied with its pages: only what is printed is",
            path.display(),
            with.join(", ")
        )
    })
}

/// The `file:` of the first enclosed PDF: where the standard a letter may claim is decided.
pub fn pdf_origin(appendix: &Appendix) -> Option<Origin> {
    appendix
        .parts
        .iter()
        .find(|p| matches!(p.content, Content::Pdf { .. }))
        .and_then(|p| p.origin.clone())
}

fn find(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// An image enclosure through the image cache (its header checks bound the pixels: an image
/// bomb is refused before it is decoded); anything that is not an image is named as such.
fn image(
    path: &Path,
    data: &[u8],
    res: &Resources,
    env: &Env,
) -> Result<Arc<ImageData>, ErrorKind> {
    if imagesize::image_type(data).is_err() {
        return Err(ErrorKind::InvalidValue {
            what: "enclosure".into(),
            value: path.display().to_string(),
            reason: "it is not a PDF, PNG or JPEG file".into(),
        });
    }
    res.image(env, path)
}

/// Open a PDF, refusing an encrypted or damaged one.
fn open_pdf(path: &Path, data: &[u8]) -> Result<hayro_syntax::Pdf, Error> {
    use hayro_syntax::LoadPdfError;
    let bad = |reason: &str, hint: &str| {
        Error::new(ErrorKind::InvalidValue {
            what: "enclosure".into(),
            value: path.display().to_string(),
            reason: reason.into(),
        })
        .hint(hint.to_string())
    };
    // A cut-off file still opens (hayro rebuilds what it finds), with pages missing.
    let tail = &data[data.len().saturating_sub(1024)..];
    if !find(tail, b"%%EOF") {
        return Err(bad(
            "the PDF is truncated: it has no end-of-file marker, so pages may be missing",
            "copy or download the file again",
        ));
    }
    // A password no one uses: a file encrypted even with an empty user password (copy or
    // print restrictions) does not open, and is refused rather than copied still encrypted.
    match hayro_syntax::Pdf::new_with_password(data.to_vec(), "\u{1}letterpress\u{1}") {
        Err(LoadPdfError::Decryption(_)) => Err(bad(
            "the PDF is encrypted (password-protected or with restrictions), so its pages cannot be copied",
            "save an unprotected copy (print it to PDF) and enclose that",
        )),
        Err(LoadPdfError::Invalid) => Err(bad(
            "the PDF is damaged: its structure cannot be read",
            "export or download the file again",
        )),
        Ok(pdf) if pdf.pages().is_empty() => Err(bad(
            "the PDF has no pages",
            "export or download the file again",
        )),
        Ok(pdf) if pdf.version() > hayro_syntax::PdfVersion::Pdf17 => Err(bad(
            "it is a PDF 2.0 file, and the letter is written as PDF 1.7",
            "save the enclosure as PDF 1.7 or older (\"Print to PDF\" does), or enclose it as an image",
        )),
        Ok(pdf) => Ok(pdf),
    }
}

/// 0-based page indices from `3`, `1-2`, `1,3-4` (1-based, inclusive) in a PDF of `count` pages.
pub fn page_range(spec: &str, count: usize) -> Result<Vec<usize>, String> {
    let mut out = Vec::new();
    for part in spec.split(',') {
        let part = part.trim();
        let (a, b) = match part.split_once('-') {
            Some((a, b)) => (a.trim(), b.trim()),
            None => (part, part),
        };
        let num = |s: &str| -> Result<usize, String> {
            s.parse::<usize>()
                .map_err(|_| format!("`{part}` is not a page number or a range like `1-2`"))
        };
        let (a, b) = (num(a)?, num(b)?);
        if a == 0 || b < a {
            return Err(format!("`{part}` is not a range of pages from 1"));
        }
        if b > count {
            return Err(format!(
                "the PDF has {count} pages, so page {b} does not exist"
            ));
        }
        if out.len() + (b - a + 1) > MAX_ENCLOSURE_PAGES {
            return Err(format!("more than {MAX_ENCLOSURE_PAGES} pages"));
        }
        out.extend(a - 1..b);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_ranges() {
        assert_eq!(page_range("2", 3), Ok(vec![1]));
        assert_eq!(page_range("1-2", 3), Ok(vec![0, 1]));
        assert_eq!(page_range("1, 3-3", 3), Ok(vec![0, 2]));
        assert!(page_range("4", 3).unwrap_err().contains("has 3 pages"));
        assert!(page_range("0-1", 3).is_err());
        assert!(page_range("2-1", 3).is_err());
        assert!(page_range("a", 3)
            .unwrap_err()
            .contains("not a page number"));
    }

    #[test]
    fn media_types_follow_the_extension() {
        assert_eq!(mime("FV-114.XML"), "application/xml");
        assert_eq!(mime("x"), "application/octet-stream");
    }
}
