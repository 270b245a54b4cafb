//! The letter's `enclosures:` items (a line of the list, or a line with a file whose pages are
//! appended after the letter) and `attachments:` (files embedded in the PDF, not printed).

use serde::Deserialize;
use serde_saphyr::Spanned;

/// One item of `enclosures:`: a title printed in the list, and optionally the file whose
/// pages follow the letter.
///
/// ```yaml
/// enclosures:
///   - Protokół przekazania dokumentów          # a line of the list only
///   - title: Faktura końcowa nr FV/2026/11/114  # a line of the list, and its pages appended
///     file: faktura.pdf                         # PDF, PNG or JPEG
///     pages: 1-2                                # PDFs: these pages only (default: all)
/// ```
#[derive(Debug, Clone)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(with = "EnclosureSchema"))]
#[non_exhaustive]
pub struct EnclosureSpec {
    /// The line of the list.
    pub title: Spanned<String>,
    /// A PDF, PNG or JPEG appended after the letter, relative to the letter.
    pub file: Option<Spanned<String>>,
    /// The pages of a PDF to append (`3`, `1-2`, `1,3-4`); default all.
    pub pages: Option<Spanned<String>>,
}

impl EnclosureSpec {
    /// A line of the list with no file.
    pub fn title(title: Spanned<String>) -> EnclosureSpec {
        EnclosureSpec {
            title,
            file: None,
            pages: None,
        }
    }
}

/// The mapping form of an enclosure, as written.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct EnclosureFileSpec {
    /// The line of the list.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    title: Spanned<String>,
    /// A PDF, PNG or JPEG appended after the letter, relative to the letter.
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    file: Option<Spanned<String>>,
    /// The pages of a PDF to append (`3`, `1-2`, `1,3-4`); default all.
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pages: Option<Spanned<String>>,
}

/// The JSON Schema of an enclosure: a string, or the mapping.
#[cfg(feature = "schema")]
#[derive(schemars::JsonSchema)]
#[allow(dead_code)]
#[serde(untagged)]
enum EnclosureSchema {
    Title(String),
    File(Box<EnclosureFileSpec>),
}

/// The two shapes an enclosure item may have.
enum Repr {
    Title(String),
    File(Box<EnclosureFileSpec>),
}

impl<'de> Deserialize<'de> for Repr {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Repr;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a text, or a mapping with `title`, `file` and `pages`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Repr, E> {
                Ok(Repr::Title(v.to_string()))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Repr, E> {
                Ok(Repr::Title(v))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, m: A) -> Result<Repr, A::Error> {
                let d = serde::de::value::MapAccessDeserializer::new(m);
                EnclosureFileSpec::deserialize(d).map(|f| Repr::File(Box::new(f)))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for EnclosureSpec {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let item = Spanned::<Repr>::deserialize(d)?;
        Ok(match item.value {
            Repr::Title(t) => EnclosureSpec::title(Spanned::new(t, item.referenced, item.defined)),
            Repr::File(f) => EnclosureSpec {
                title: f.title,
                file: f.file,
                pages: f.pages,
            },
        })
    }
}

/// One item of `attachments:`: a file embedded in the PDF (an associated file of PDF/A-3),
/// e.g. the structured invoice behind a printed one.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct AttachmentSpec {
    /// The file, relative to the letter.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub file: Spanned<String>,
    /// What it is, for the reader's attachment list (default: the file's name).
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub description: Option<Spanned<String>>,
    /// How it relates to the letter: `Source`, `Data` (default), `Alternative` or `Supplement`.
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<String>", extend("enum" = ["Source", "Data", "Alternative", "Supplement", null]))
    )]
    pub relationship: Option<Spanned<String>>,
}

#[cfg(test)]
mod tests {
    use crate::load_letter_str;

    #[test]
    fn enclosures_are_lines_or_files() {
        let l = load_letter_str(
            "recipient: [A]\nbody: x\nenclosures:\n  - Protokół\n  - title: Faktura\n    file: f.pdf\n    pages: 1-2\n  - { title: Skan, file: s.jpg }\n",
            "l.yaml",
        )
        .expect("valid");
        let e = &l.spec.enclosures;
        assert_eq!(e.len(), 3);
        assert_eq!(e[0].title.value, "Protokół");
        assert_eq!(
            e[0].title.referenced.line(),
            4,
            "a plain line keeps its place"
        );
        assert!(e[0].file.is_none());
        assert_eq!(e[1].title.value, "Faktura");
        assert_eq!(e[1].file.as_ref().map(|f| f.value.as_str()), Some("f.pdf"));
        assert_eq!(e[1].file.as_ref().map(|f| f.referenced.line()), Some(6));
        assert_eq!(e[1].pages.as_ref().map(|f| f.value.as_str()), Some("1-2"));
        assert_eq!(e[2].file.as_ref().map(|f| f.value.as_str()), Some("s.jpg"));
    }

    #[test]
    fn an_unknown_enclosure_key_is_named() {
        let e = load_letter_str(
            "recipient: [A]\nbody: x\nenclosures:\n  - title: F\n    fiel: f.pdf\n",
            "l.yaml",
        )
        .expect_err("a typo");
        assert!(e.to_string().contains("did you mean `file`"), "{e}");
        assert_eq!(e.origin.map(|o| o.line), Some(5));
    }

    #[test]
    fn attachments_are_read() {
        let l = load_letter_str(
            "recipient: [A]\nbody: x\nattachments:\n  - file: f.xml\n    description: Faktura\n    relationship: Data\n",
            "l.yaml",
        )
        .expect("valid");
        assert_eq!(l.spec.attachments[0].file.value, "f.xml");
    }
}
