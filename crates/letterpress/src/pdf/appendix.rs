//! Writing what follows a letter: appended enclosure pages (PDF pages copied as they are, an
//! image as one page fitted to the paper) and attached files (PDF/A-3 associated files), and
//! the choice of standard such a document can honestly claim.

use std::num::NonZeroU64;
use std::path::PathBuf;

use krilla::embed::{AssociationKind, EmbeddedFile, MimeType};
use krilla::geom::Transform;
use krilla::page::PageSettings;
use krilla::tagging::{ContentTag, Node, Tag, TagGroup};
use krilla::Document as KDocument;

use super::{PdfOptions, Standard};
use crate::enclosures::{Appended, Content, Relationship};
use crate::error::{Error, ErrorKind};
use crate::layout::model::Document;

/// The margin around an image enclosure on its page (12 mm).
const IMAGE_MARGIN: f32 = 12.0 * 72.0 / 25.4;

/// The standard to write letters with these appendices in, and why it differs from the one
/// asked for (a warning), or an error when the one asked for explicitly
/// ([`PdfOptions::exact_standard`]) cannot be kept.
///
/// - A PDF enclosure: krilla refuses a foreign PDF's pages in every validated file (it cannot
///   check their fonts, colours or tags), so the letter is plain tagged PDF, with a warning.
/// - Attachments: PDF/A-2 cannot hold them, so PDF/A-2b becomes PDF/A-3b (the contract's "a
///   letter with `attachments` is PDF/A-3b").
pub fn standard_for(
    options: &PdfOptions,
    docs: &[&Document],
) -> Result<(Standard, Option<String>), Error> {
    standard_from(options, &Needs::of(docs))
}

/// What in letters' appendices limits the standard they can be written in: the first PDF
/// enclosure, and whether any letter has attachments. A combined PDF written letter by letter
/// decides its standard from the needs of its first letters and admits a later letter only
/// when the needs joined give the same standard.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Needs {
    /// The first enclosure that is a PDF.
    pub pdf_enclosure: Option<PathBuf>,
    /// Whether a letter attaches files.
    pub attachments: bool,
}

impl Needs {
    /// The needs of these letters together.
    pub fn of(docs: &[&Document]) -> Needs {
        Needs {
            pdf_enclosure: docs
                .iter()
                .flat_map(|d| d.appendix.parts.iter())
                .find(|p| matches!(p.content, Content::Pdf { .. }))
                .map(|p| p.path.clone()),
            attachments: docs.iter().any(|d| !d.appendix.attachments.is_empty()),
        }
    }

    /// The needs of both (the first PDF enclosure kept).
    pub fn join(&self, other: &Needs) -> Needs {
        Needs {
            pdf_enclosure: self
                .pdf_enclosure
                .clone()
                .or_else(|| other.pdf_enclosure.clone()),
            attachments: self.attachments || other.attachments,
        }
    }
}

/// [`standard_for`] from the letters' [`Needs`].
pub fn standard_from(
    options: &PdfOptions,
    needs: &Needs,
) -> Result<(Standard, Option<String>), Error> {
    let asked = options.standard;
    if let Some(path) = &needs.pdf_enclosure {
        if asked == Standard::None {
            return Ok((Standard::None, None));
        }
        let why = format!(
            "the enclosure `{}` is a PDF, and no PDF/A or PDF/UA validator can check the pages of another PDF (krilla refuses them in a validated file)",
            path.display()
        );
        if options.exact_standard {
            return Err(Error::new(ErrorKind::Pdf(format!(
                "the letter cannot be {}: {why}",
                asked.label()
            )))
            .hint("write it with `--pdf-standard none`, or enclose the pages as images (PNG or JPEG scans)"));
        }
        let warning = format!(
            "the letter is written as tagged PDF without the {} claim: {why}; enclose scans (PNG or JPEG) to keep it",
            asked.label()
        );
        return Ok((Standard::None, Some(warning)));
    }
    if !needs.attachments {
        return Ok((asked, None));
    }
    let a2 = |to: Standard| {
        if options.exact_standard {
            Err(Error::new(ErrorKind::Pdf(format!(
                "the letter has attachments, which {} cannot hold",
                asked.label()
            )))
            .hint(format!(
                "PDF/A-3 can: write it with `--pdf-standard {}`",
                to.name()
            )))
        } else {
            Ok((to, None))
        }
    };
    match asked {
        Standard::A2bUa1 => a2(Standard::A3bUa1),
        Standard::A2b | Standard::A2a => a2(Standard::A3b),
        other => Ok((other, None)),
    }
}

/// Append the enclosures of `doc` after its pages, on pages of `size`. Returns the structure
/// nodes of the image pages (figures with the enclosure's title as their description). A
/// PDF's pages get the location of their file, so a writer error names it.
pub(super) fn append(
    pdf: &mut KDocument,
    doc: &Document,
    size: (f32, f32),
    paths: &mut Vec<PathBuf>,
) -> Result<Vec<Node>, Error> {
    let mut nodes = Vec::new();
    for part in &doc.appendix.parts {
        paths.push(part.path.clone());
        let location = NonZeroU64::new(paths.len() as u64);
        match &part.content {
            Content::Pdf { doc: source, pages } => {
                if let Some(l) = location {
                    pdf.set_location(l);
                }
                pdf.embed_pdf_pages(source, pages);
                pdf.reset_location();
            }
            Content::Image(_) => {
                nodes.push(image_page(pdf, part, size, location)?);
            }
        }
    }
    Ok(nodes)
}

/// One page holding an image enclosure, fitted within the margins and centred, turned upright
/// by its EXIF orientation.
fn image_page(
    pdf: &mut KDocument,
    part: &Appended,
    (pw, ph): (f32, f32),
    location: Option<NonZeroU64>,
) -> Result<Node, Error> {
    let Content::Image(image) = &part.content else {
        return Err(Error::new(ErrorKind::Pdf("not an image".into())));
    };
    let raster = image.raster().map_err(Error::new)?;
    let settings = PageSettings::from_wh(pw, ph)
        .ok_or_else(|| Error::new(ErrorKind::Pdf("invalid page size".into())))?;
    let (bw, bh) = (pw - 2.0 * IMAGE_MARGIN, ph - 2.0 * IMAGE_MARGIN);
    let (iw, ih) = (image.width.max(1) as f32, image.height.max(1) as f32);
    let scale = (bw / iw).min(bh / ih);
    let (w, h) = (iw * scale, ih * scale);
    let (x, y) = ((pw - w) / 2.0, (ph - h) / 2.0);
    let mut page = pdf.start_page_with(settings);
    let mut s = page.surface();
    if let Some(l) = location {
        s.set_location(l);
    }
    let id = s.start_tagged(ContentTag::Other);
    s.push_transform(&Transform::from_translate(x, y));
    let (turn, stored) = super::orientation(image.orientation, w, h);
    s.push_transform(&turn);
    // An enclosed scan is read by image_from_bytes: always a raster image.
    if let (Some(stored), Some(raster)) = (stored, raster) {
        s.draw_image(raster, stored);
    }
    s.pop();
    s.pop();
    s.end_tagged();
    s.reset_location();
    s.finish();
    page.finish();
    let alt = if part.title.trim().is_empty() {
        part.path.display().to_string()
    } else {
        crate::pdf::xml_safe(&part.title)
    };
    let mut figure = TagGroup::new(Tag::Figure(Some(alt)));
    figure.push(id);
    Ok(figure.into())
}

/// The names already embedded in a document and their bytes (a combined PDF of several
/// letters embeds each letter's attachments).
pub(super) type Embedded = std::collections::BTreeMap<String, std::sync::Arc<[u8]>>;

/// Embed the attachments of `doc`, dated with the letter's date (the output stays
/// deterministic). In a combined PDF a file another letter attached already with the same
/// bytes is embedded once; one with the same name and other bytes is named after its letter
/// (`faktura (2).xml` for the second letter), never lost.
pub(super) fn embed(
    pdf: &mut KDocument,
    doc: &Document,
    letter: usize,
    seen: &mut Embedded,
) -> Result<(), Error> {
    for a in &doc.appendix.attachments {
        let name = match seen.get(&a.name) {
            Some(bytes) if **bytes == *a.data => continue,
            Some(_) => numbered(&a.name, letter),
            None => a.name.clone(),
        };
        let file = EmbeddedFile {
            path: name.clone(),
            mime_type: MimeType::new(a.mime),
            description: Some(a.description.clone()),
            association_kind: match a.relationship {
                Relationship::Source => AssociationKind::Source,
                Relationship::Data => AssociationKind::Data,
                Relationship::Alternative => AssociationKind::Alternative,
                Relationship::Supplement => AssociationKind::Supplement,
            },
            data: a.data.to_vec().into(),
            modification_date: super::pdf_date(&doc.meta.date),
            compress: None,
            location: None,
        };
        if pdf.embed_file(file).is_none() {
            return Err(Error::new(ErrorKind::Pdf(format!(
                "two attached files are named `{name}`"
            )))
            .hint("rename one of them: a PDF holds each name once"));
        }
        seen.insert(name, a.data.clone());
    }
    Ok(())
}

/// `faktura.xml` of letter 2 as `faktura (2).xml`.
fn numbered(name: &str, letter: usize) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{stem} ({letter}).{ext}"),
        _ => format!("{name} ({letter})"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_repeated_name_is_numbered_by_its_letter() {
        assert_eq!(super::numbered("faktura.xml", 2), "faktura (2).xml");
        assert_eq!(super::numbered("README", 3), "README (3)");
    }

    #[test]
    fn the_needs_of_letters_joined_decide_one_standard() {
        use super::{standard_from, Needs};
        use crate::pdf::{PdfOptions, Standard};
        let plain = Needs::default();
        let attaches = Needs {
            pdf_enclosure: None,
            attachments: true,
        };
        let encloses = Needs {
            pdf_enclosure: Some("a.pdf".into()),
            attachments: false,
        };
        let o = PdfOptions::default();
        let std = |n: &Needs| standard_from(&o, n).expect("decided").0;
        assert_eq!(std(&plain), Standard::A2bUa1);
        assert_eq!(std(&attaches), Standard::A3bUa1);
        assert_eq!(std(&plain.join(&attaches)), Standard::A3bUa1);
        let both = attaches.join(&encloses);
        assert_eq!(both.pdf_enclosure.as_deref(), Some("a.pdf".as_ref()));
        assert!(both.attachments);
        let (none, why) = standard_from(&o, &both).expect("decided");
        assert_eq!(none, Standard::None);
        assert!(why.expect("a warning").contains("a.pdf"));
        let exact = PdfOptions::new().standard(Standard::A2b);
        assert!(
            standard_from(&exact, &attaches).is_err(),
            "PDF/A-2b asked for"
        );
    }
}
