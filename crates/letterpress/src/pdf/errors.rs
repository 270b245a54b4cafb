//! krilla's refusals in words: every [`KrillaError`] and [`ValidationError`] becomes an
//! [`Error`] that says what in the letter caused it (the field, the font file, the image) and
//! how to fix it, instead of an enum name.
//!
//! The common causes are caught earlier, at their place in the letter, by `resolve` (an
//! empty `subject` or `pdf.title`, control characters, over-long metadata, a font whose
//! licence forbids embedding, a CMYK JPEG); these messages are the net under those checks.

use std::path::PathBuf;

use krilla::configure::ValidationError;
use krilla::error::KrillaError;
use krilla::surface::Location;
use krilla::text::Font;

use crate::error::{Error, ErrorKind};

/// What the writer knows to name the culprits: the faces' files and the images drawn, in the
/// order of their locations.
pub(crate) struct Culprits<'a> {
    /// Each krilla font with the file (or bundled face) it was parsed from.
    pub fonts: Vec<(Font, String)>,
    /// The images, `Location` n naming entry n − 1.
    pub images: &'a [PathBuf],
}

impl Culprits<'_> {
    fn font(&self, font: &Font) -> String {
        self.fonts
            .iter()
            .find(|(f, _)| f == font)
            .map(|(_, label)| format!("`{label}`"))
            .unwrap_or_else(|| "of the letter".into())
    }

    fn image(&self, loc: &Option<Location>) -> String {
        loc.and_then(|l| usize::try_from(l.get()).ok())
            .and_then(|n| self.images.get(n.wrapping_sub(1)))
            .map(|p| format!("`{}`", p.display()))
            .unwrap_or_else(|| "of the letter".into())
    }
}

/// The error for a refusal of krilla's.
pub(crate) fn krilla_error(e: &KrillaError, c: &Culprits) -> Error {
    let (message, hint) = match e {
        KrillaError::Font(font, reason) => (
            format!(
                "the font file {} is damaged or truncated: the PDF writer cannot subset it ({reason})",
                c.font(font)
            ),
            "replace the file with a good copy (download or export it again)".to_string(),
        ),
        KrillaError::Validation(errors) => {
            let worded: Vec<(String, String)> =
                errors.iter().map(|(v, _)| validation(v, c)).collect();
            let hint = worded.first().map(|w| w.1.clone()).unwrap_or_default();
            let mut list: Vec<String> = worded.into_iter().map(|w| w.0).collect();
            list.dedup();
            (
                format!("the PDF standard's validator refused it: {}", list.join("; ")),
                hint,
            )
        }
        KrillaError::Image(_, loc, reason) => {
            return Error::new(ErrorKind::Image {
                path: PathBuf::from(c.image(loc).trim_matches('`')),
                reason: format!("it could not be decoded: {reason}"),
            })
            .hint("open and save it again as PNG or JPEG");
        }
        KrillaError::SixteenBitImage(_, loc) => (
            format!("the image {} has 16 bits per channel, which this PDF version cannot hold", c.image(loc)),
            "save it with 8 bits per channel".into(),
        ),
        KrillaError::Pdf(_, reason, loc) => (
            format!("the enclosed PDF {} cannot be appended: {reason}", c.image(loc)),
            "save the enclosure again as PDF 1.7 or older (\"Print to PDF\" does), or enclose it as an image".into(),
        ),
        KrillaError::Limit(limit) => (
            format!("the letter is over a limit of the PDF format ({limit})"),
            "shorten the letter".into(),
        ),
        KrillaError::DuplicateNamedDestination(_)
        | KrillaError::DuplicateTagId(..)
        | KrillaError::UnknownTagId(..) => (
            format!("the document structure is inconsistent ({e}): a bug of letterpress"),
            REPORT.into(),
        ),
    };
    Error::new(ErrorKind::Pdf(message)).hint(hint)
}

/// Where to report what only a bug can cause.
const REPORT: &str =
    "please report it with the letter; `--pdf-standard none` writes the PDF without this check";

/// One validation error: what it means for the letter, and the fix.
fn validation(v: &ValidationError, c: &Culprits) -> (String, String) {
    use ValidationError as V;
    let s = |m: String, h: &str| (m, h.to_string());
    match v {
        V::TooLongString => s(
            "a text of the PDF's metadata is over 32 767 bytes (`pdf.title`, `pdf.subject`, `pdf.author`, `pdf.keywords`, or the `subject`)".into(),
            "shorten the PDF metadata under `pdf:` or the `subject`",
        ),
        V::TooLongName => s(
            "a font's name is over 127 bytes, more than PDF/A allows".into(),
            "use a font with a shorter PostScript name",
        ),
        V::TooLongArray | V::TooLongDictionary | V::TooLargeFloat | V::TooManyIndirectObjects => s(
            format!("the letter is over a size limit of PDF/A ({v:?})"),
            "shorten the letter, or write it with `--pdf-standard none`",
        ),
        V::TooHighQNestingLevel => s("graphics are nested deeper than PDF/A allows".into(), REPORT),
        V::ContainsPostScript(loc) => s(
            format!("the image or font {} contains PostScript, which PDF/A forbids", c.image(loc)),
            "use another image or font",
        ),
        V::MissingCMYKProfile => s(
            "an image is in CMYK colours (a four-channel JPEG), which PDF/A cannot hold without a colour profile".into(),
            "save the image (signature or header) as an RGB JPEG or PNG",
        ),
        V::InconsistentSeparationFallback(_) => s("a spot colour is used inconsistently".into(), REPORT),
        V::ContainsNotDefGlyph(font, _, text) => s(
            format!("the font {} has no glyph for `{text}`", c.font(font)),
            "replace the character, or choose a font that has it",
        ),
        V::NoCodepointMapping(font, gid, _) => s(
            format!(
                "the font {} draws glyph {} with no character behind it, so the PDF's text cannot be read back",
                c.font(font),
                gid.to_u32()
            ),
            "use another font (the bundled ones work), or write the PDF with `--pdf-standard none`",
        ),
        V::InvalidCodepointMapping(font, gid, ch, _) => s(
            format!(
                "the font {} draws {ch:?} (U+{:04X}) with glyph {}, which its character map gives to another character, so the text cannot be read back",
                c.font(font),
                *ch as u32,
                gid.to_u32()
            ),
            "replace the character with the one the font has, or use another font",
        ),
        V::UnicodePrivateArea(font, _, ch, _) => s(
            format!(
                "{ch:?} (U+{:04X}, drawn with the font {}) is a private-use character with no meaning for readers",
                *ch as u32,
                c.font(font)
            ),
            "replace it with a standard Unicode character",
        ),
        V::RestrictedLicense(font) => s(
            format!("the licence of the font {} forbids embedding it in a PDF", c.font(font)),
            "use a font whose licence allows embedding (the bundled fonts do)",
        ),
        V::NoDocumentLanguage => s("the PDF has no language".into(), "set `language`"),
        V::NoDocumentTitle => s(
            "the PDF has no title (an empty `subject` or `pdf.title`)".into(),
            "write a `subject` or `pdf.title`",
        ),
        V::MissingAltText(loc) => s(
            format!("the image {} has no alternative text", c.image(loc)),
            "give the header an `alt:` text",
        ),
        V::Transparency(loc) => s(
            format!("the image {} is transparent, which this PDF standard forbids", c.image(loc)),
            "use an opaque image, or PDF/A-2b (the default)",
        ),
        V::ImageInterpolation(loc) => s(
            format!("the image {} asks for interpolation, which PDF/A forbids", c.image(loc)),
            REPORT,
        ),
        V::MissingHeadingTitle
        | V::MissingDocumentOutline
        | V::MissingAnnotationAltText(_)
        | V::MissingDocumentDate
        | V::MissingTagging
        | V::EmbeddedFile(..)
        | V::EmbeddedPDF(_)
        | V::RequiresNewerPdfVersion(..) => s(
            format!("the document misses something its PDF standard requires ({v:?}): a bug of letterpress"),
            REPORT,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::{FontSet, FontStyle};
    use krilla::configure::Validators;
    use krilla::text::GlyphId;

    fn worded(errors: Vec<ValidationError>) -> Error {
        let set = FontSet::bundled("Noto Serif").expect("bundled");
        let face = set.face(FontStyle::Regular);
        let images = vec![PathBuf::from("sig.jpg")];
        let c = Culprits {
            fonts: vec![(face.krilla_font(), "Firm.ttf".into())],
            images: &images,
        };
        let e = KrillaError::Validation(
            errors
                .into_iter()
                .map(|v| (v, Validators::default()))
                .collect(),
        );
        krilla_error(&e, &c)
    }

    #[test]
    fn validation_errors_are_worded_with_their_culprit() {
        let set = FontSet::bundled("Noto Serif").expect("bundled");
        let font = set.face(FontStyle::Regular).krilla_font();
        let loc = std::num::NonZeroU64::new(1);
        let cases: Vec<(ValidationError, &str)> = vec![
            (ValidationError::NoDocumentTitle, "`subject` or `pdf.title`"),
            (ValidationError::TooLongString, "`pdf.keywords`"),
            (ValidationError::MissingCMYKProfile, "CMYK"),
            (
                ValidationError::RestrictedLicense(font.clone()),
                "`Firm.ttf` forbids embedding",
            ),
            (
                ValidationError::InvalidCodepointMapping(font.clone(), GlyphId::new(7), 'ﬁ', None),
                "`Firm.ttf` draws 'ﬁ' (U+FB01) with glyph 7",
            ),
            (
                ValidationError::Transparency(loc),
                "`sig.jpg` is transparent",
            ),
        ];
        for (v, says) in cases {
            let name = format!("{v:?}");
            let name = name.split('(').next().unwrap_or_default().to_string();
            let e = worded(vec![v]);
            let text = e.to_string();
            assert!(text.contains(says), "{name}: {text}");
            assert!(!text.contains(&name), "{name} is named raw: {text}");
            assert!(e.hint.is_some(), "{name} has a fix");
        }
    }

    #[test]
    fn damaged_fonts_are_named() {
        let set = FontSet::bundled("Noto Serif").expect("bundled");
        let font = set.face(FontStyle::Regular).krilla_font();
        let c = Culprits {
            fonts: vec![(font.clone(), "Firm.ttf".into())],
            images: &[],
        };
        let e = krilla_error(&KrillaError::Font(font, "failed to subset font".into()), &c);
        assert!(e.to_string().contains("`Firm.ttf` is damaged"), "{e}");
    }
}
