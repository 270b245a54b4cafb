//! The letter and letterhead formats (`letter-format.md`, version 1) as serde types, loaded with
//! source locations so that every later error can name its file, line and column.
//!
//! Loading checks only the shape (keys, types); values are checked by [`resolve`](crate::resolve()).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
pub use serde_saphyr::{Location, Spanned};

mod artwork;
mod builder;
mod enclosure;
pub use artwork::StationerySpec;
pub use builder::LetterBuilder;
pub use enclosure::{AttachmentSpec, EnclosureSpec};
mod recipient;
pub use recipient::{Recipient, ADDRESS_KEYS};

use crate::error::{nearest, Error, ErrorKind, Origin};

/// The most bytes a letter or letterhead file may have (a letter is a few kilobytes).
pub const MAX_SPEC_BYTES: usize = 4 * 1024 * 1024;

/// The most YAML nodes (scalars, lists, mappings, alias expansions) a file may have: the
/// budget that stops "billion laughs" alias bombs while parsing.
pub const MAX_YAML_NODES: usize = 200_000;

/// A YAML source file kept for locating errors.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as given.
    pub path: PathBuf,
    /// The text.
    pub text: String,
}

impl SourceFile {
    /// The folder that relative paths in this file are resolved against.
    pub fn base_dir(&self) -> PathBuf {
        match self.path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        }
    }

    /// The place of a parser location.
    ///
    /// ```
    /// let letter = letterpress::load_letter_str("recipient: [A]\nbody: Hi.\n", "letter.yaml")?;
    /// let o = letter.source.origin(&letter.spec.body.referenced).unwrap();
    /// assert_eq!(o.to_string(), "letter.yaml:2:7");
    /// # Ok::<(), letterpress::Error>(())
    /// ```
    pub fn origin(&self, loc: &serde_saphyr::Location) -> Option<Origin> {
        let line = usize::try_from(loc.line()).ok()?;
        let column = usize::try_from(loc.column()).ok()?;
        if line == 0 {
            return None;
        }
        let source_line = self.text.lines().nth(line - 1).unwrap_or("");
        let width = source_line
            .chars()
            .skip(column.saturating_sub(1))
            .take(crate::error::SNIPPET_CHARS)
            .take_while(|c| !c.is_whitespace() && *c != ':')
            .count();
        Some(Origin::new(
            self.path.clone(),
            source_line,
            line,
            column,
            width,
        ))
    }

    /// The place of byte `offset` of a scalar `value` that starts at `loc`: the value's line
    /// holding the offset is looked up in the file from `loc` on (block scalars and plain
    /// scalars keep their lines verbatim); the value's own place when it is not found.
    pub fn origin_in_value(
        &self,
        loc: &serde_saphyr::Location,
        value: &str,
        offset: usize,
    ) -> Option<Origin> {
        let offset = (0..=offset.min(value.len()))
            .rev()
            .find(|i| value.is_char_boundary(*i))
            .unwrap_or(0);
        let line_start = value[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line = value[line_start..].lines().next().unwrap_or("");
        let from = loc
            .span()
            .byte_offset()
            .and_then(|o| usize::try_from(o).ok())
            .filter(|o| self.text.is_char_boundary(*o))
            .unwrap_or(0);
        let found = (!line.is_empty())
            .then(|| self.text[from..].find(line))
            .flatten();
        let Some(rel) = found else {
            return self.origin(loc);
        };
        let at = from + rel + (offset - line_start);
        let file_line_start = self.text[..at].rfind('\n').map_or(0, |i| i + 1);
        let line_no = self.text[..at].matches('\n').count() + 1;
        let column = self.text[file_line_start..at].chars().count() + 1;
        let text_line = self.text[file_line_start..].lines().next().unwrap_or("");
        Some(Origin::new(
            self.path.clone(),
            text_line,
            line_no,
            column,
            1,
        ))
    }

    /// The place of the first occurrence of `needle` at or after the byte offset of `loc`
    /// (used to point at a character inside a multi-line value such as the body).
    pub fn origin_of_char(&self, loc: &serde_saphyr::Location, needle: char) -> Option<Origin> {
        let start = loc
            .span()
            .byte_offset()
            .and_then(|o| usize::try_from(o).ok())
            .unwrap_or(0);
        let start = (0..=start.min(self.text.len()))
            .rev()
            .find(|i| self.text.is_char_boundary(*i))
            .unwrap_or(0);
        let rel = self.text[start..].find(needle)?;
        let at = start + rel;
        let line_start = self.text[..at].rfind('\n').map(|i| i + 1).unwrap_or(0);
        let line = self.text[..at].matches('\n').count() + 1;
        let column = self.text[line_start..at].chars().count() + 1;
        let source_line = self.text[line_start..].lines().next().unwrap_or("");
        Some(Origin::new(self.path.clone(), source_line, line, column, 1))
    }
}

/// A letter as written (letter-format.md, "A letter").
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "schema",
    schemars(title = "letterpress letter (format version 1)")
)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct LetterSpec {
    /// A path to a letterhead YAML file, or the name of a bundled letterhead.
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub letterhead: Option<Spanned<String>>,
    /// `pl`, `en-GB`, `en-US` or `de`.
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>", extend("enum" = ["pl", "en-GB", "en-US", "de", "fr", "it", "es", "cs", "nl", null])))]
    pub language: Option<Spanned<String>>,
    /// `din5008-a`, `din5008-b` or `us-letter`.
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>", extend("enum" = ["din5008-a", "din5008-b", "us-letter", "sn-left", "sn-right", "nf", "uk", "us-letter-9", null])))]
    pub layout: Option<Spanned<String>>,
    /// Printed before the date.
    pub place: Option<String>,
    /// ISO date; default: today (or `SOURCE_DATE_EPOCH`).
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>", extend("pattern" = DATE_PATTERN)))]
    pub date: Option<Spanned<String>>,
    /// The postal address: its lines top to bottom, or a mapping of its parts formatted by
    /// the destination country's convention.
    #[cfg_attr(feature = "schema", schemars(with = "RecipientSchema"))]
    pub recipient: Spanned<Recipient>,
    /// The person the letter is for, added to the address after the organisation in the
    /// language's form ("z. Hd. …", "For the attention of …", "Attn: …").
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub attention: Option<Spanned<String>>,
    /// Endorsement above the address ("Polecony", "Registered").
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub mail_note: Option<Spanned<String>>,
    /// Reference fields, in the order written.
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<std::collections::BTreeMap<String, String>>")
    )]
    pub references: Option<Spanned<References>>,
    /// The subject line.
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub subject: Option<Spanned<String>>,
    /// The salutation.
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub opening: Option<Spanned<String>>,
    /// Polish letters with no `opening`: how to address the recipient, `Pan` ("Szanowny
    /// Panie,"), `Pani` ("Szanowna Pani,") or `Państwo` ("Szanowni Państwo,").
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<String>", extend("enum" = ["Pan", "Pani", "Państwo", null]))
    )]
    pub recipient_title: Option<Spanned<String>>,
    /// The body, in Markdown-lite.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub body: Spanned<String>,
    /// The complimentary close.
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub closing: Option<Spanned<String>>,
    /// Signatories, side by side when several.
    #[serde(default)]
    pub signatures: Vec<SignatureSpec>,
    /// Enclosures: lines of the list, and files whose pages follow the letter.
    #[serde(default)]
    pub enclosures: Vec<EnclosureSpec>,
    /// Files embedded in the PDF (PDF/A-3 associated files), not printed.
    #[serde(default)]
    pub attachments: Vec<AttachmentSpec>,
    /// Copies to.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<String>"))]
    pub cc: Vec<Spanned<String>>,
    /// Postscript.
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub ps: Option<Spanned<String>>,
    /// PDF metadata overrides (title, subject, keywords, author).
    pub pdf: Option<PdfMetaSpec>,
    /// Letterhead keys overridden for this letter.
    pub style: Option<LetterheadSpec>,
    /// A light diagonal word on every page ("KOPIA", "COPY"), marked as an artifact.
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub watermark: Option<Spanned<String>>,
}

/// The pattern of a length in the JSON Schema (`20mm`, `11pt`, `1in`, `0.5cm`).
#[cfg(feature = "schema")]
const LENGTH_PATTERN: &str = r"^\s*[0-9]+(\.[0-9]+)?\s*(mm|cm|in|pt)\s*$";
/// The pattern of a colour in the JSON Schema.
#[cfg(feature = "schema")]
const COLOUR_PATTERN: &str = "^#[0-9A-Fa-f]{6}$";
/// The pattern of an ISO date in the JSON Schema.
#[cfg(feature = "schema")]
const DATE_PATTERN: &str = r"^\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\s*$";

/// The JSON Schema (draft 2020-12) of a letter, for editors: completion of keys and values,
/// and a mark on a wrong key as you type. `letterpress schema letter` prints it.
///
/// ```
/// let schema = letterpress::spec::letter_schema();
/// assert_eq!(schema["required"], serde_json::json!(["recipient", "body"]));
/// assert_eq!(schema["additionalProperties"], false, "an unknown key is an error");
/// ```
#[cfg(feature = "schema")]
pub fn letter_schema() -> serde_json::Value {
    schemars::schema_for!(LetterSpec).to_value()
}

/// The JSON Schema (draft 2020-12) of a letterhead; `letterpress schema letterhead` prints it.
///
/// ```
/// let schema = letterpress::spec::letterhead_schema();
/// assert!(schema["properties"]["accent"].is_object());
/// ```
#[cfg(feature = "schema")]
pub fn letterhead_schema() -> serde_json::Value {
    schemars::schema_for!(LetterheadSpec).to_value()
}

/// The keys of a letter, for "did you mean" suggestions.
pub const LETTER_KEYS: &[&str] = &[
    "letterhead",
    "language",
    "layout",
    "place",
    "date",
    "recipient",
    "attention",
    "mail_note",
    "references",
    "subject",
    "opening",
    "recipient_title",
    "body",
    "closing",
    "signatures",
    "enclosures",
    "attachments",
    "cc",
    "ps",
    "pdf",
    "style",
    "watermark",
];

/// The letter's `pdf:` section: document metadata that readers and archives show.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct PdfMetaSpec {
    /// The document title (default: the subject).
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub title: Option<Spanned<String>>,
    /// A description (the PDF's subject field).
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub subject: Option<Spanned<String>>,
    /// Keywords.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<String>"))]
    pub keywords: Vec<Spanned<String>>,
    /// The author (default: the signatories).
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub author: Option<Spanned<String>>,
}

/// One signatory.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SignatureSpec {
    /// The printed name.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub name: Spanned<String>,
    /// The role under the name.
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub role: Option<Spanned<String>>,
    /// A PNG or JPEG of the signature.
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub image: Option<Spanned<String>>,
}

/// Reference fields in the order they were written (`your_ref`, `our_ref`, or any label).
#[derive(Debug, Clone, Default)]
pub struct References(pub Vec<(String, String)>);

impl<'de> Deserialize<'de> for References {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = References;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a mapping of reference labels to values")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<References, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = m.next_entry::<String, String>()? {
                    out.push((k, v));
                }
                Ok(References(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// A letterhead as written (letter-format.md, "A letterhead"); also the shape of a letter's `style:`.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "schema",
    schemars(title = "letterpress letterhead (format version 1)")
)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct LetterheadSpec {
    /// The firm's name.
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub name: Option<Spanned<String>>,
    /// Default language of letters on this letterhead.
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>", extend("enum" = ["pl", "en-GB", "en-US", "de", "fr", "it", "es", "cs", "nl", null])))]
    pub language: Option<Spanned<String>>,
    /// Default layout.
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>", extend("enum" = ["din5008-a", "din5008-b", "us-letter", "sn-left", "sn-right", "nf", "uk", "us-letter-9", null])))]
    pub layout: Option<Spanned<String>>,
    /// The sender's details.
    pub sender: Option<SenderSpec>,
    /// Small line above the window address.
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub return_address: Option<Spanned<String>>,
    /// First-page header image.
    pub header: Option<HeaderSpec>,
    /// Header image of pages 2 and later.
    pub next_header: Option<HeaderSpec>,
    /// First-page footer lines.
    #[cfg_attr(feature = "schema", schemars(with = "Option<Vec<String>>"))]
    pub footer: Option<Vec<Spanned<String>>>,
    /// The font family and size.
    pub font: Option<FontSpec>,
    /// Accent colour `#RRGGBB`.
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>", extend("pattern" = COLOUR_PATTERN)))]
    pub accent: Option<Spanned<String>>,
    /// The accent in the firm's CMYK, four percentages `[C, M, Y, K]`: what press output
    /// (`--print press`) paints the accent with. It belongs to the `accent` beside it.
    #[cfg_attr(feature = "schema", schemars(with = "Option<Vec<f64>>", extend("minItems" = 4, "maxItems" = 4, "items" = { "type": "number", "minimum": 0, "maximum": 100 })))]
    pub accent_cmyk: Option<Spanned<Vec<f64>>>,
    /// Fold and punch marks.
    pub marks: Option<bool>,
    /// The designer's full-page background (PDF or SVG pages under page 1 and pages 2+).
    pub stationery: Option<StationerySpec>,
    /// Alignment of the body text: `justify` (default) or `left` (ragged right).
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>", extend("enum" = ["justify", "left", null])))]
    pub align: Option<Spanned<String>>,
    /// The footer is decoration (an artifact), not content a screen reader reads (default:
    /// `false`, the footer's registration and bank details are read after the letter).
    #[cfg_attr(feature = "schema", schemars(with = "Option<bool>"))]
    pub footer_decoration: Option<Spanned<bool>>,
    /// How close to the sheet's edge the printer prints (default: the layout's, 5 mm):
    /// `check` warns about artwork and marks outside it.
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>", extend("pattern" = LENGTH_PATTERN)))]
    pub printable_margin: Option<Spanned<String>>,
    /// Where fold and punch marks start, from the left edge (default 5mm, inside the printable
    /// area of an office printer; `3mm` is closer to the edge, for a printer that prints there).
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>", extend("pattern" = LENGTH_PATTERN)))]
    pub marks_inset: Option<Spanned<String>>,
    /// Bleed for artwork that runs off the sheet (`3mm`): the page grows by it on every side,
    /// with TrimBox and BleedBox; artwork at the edge is drawn into it.
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>", extend("pattern" = LENGTH_PATTERN)))]
    pub bleed: Option<Spanned<String>>,
}

/// The keys of a letterhead.
pub const LETTERHEAD_KEYS: &[&str] = &[
    "name",
    "language",
    "layout",
    "sender",
    "return_address",
    "header",
    "next_header",
    "footer",
    "font",
    "accent",
    "accent_cmyk",
    "marks",
    "align",
    "stationery",
    "footer_decoration",
    "printable_margin",
    "marks_inset",
    "bleed",
];

/// The sender block.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SenderSpec {
    /// The legal name.
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub name: Option<Spanned<String>>,
    /// Address lines.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<String>"))]
    pub address: Vec<Spanned<String>>,
    /// Telephone.
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub phone: Option<Spanned<String>>,
    /// E-mail.
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub email: Option<Spanned<String>>,
    /// Web site.
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub web: Option<Spanned<String>>,
    /// The sender's country (ISO 3166-1 alpha-2, `PL`): a structured recipient in another
    /// country gets a country line. Default: the country of the letter's language.
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>", extend("pattern" = "^[A-Za-z]{2}$")))]
    pub country: Option<Spanned<String>>,
}

/// The schema of `recipient:`: address lines, or the parts of an address.
#[cfg(feature = "schema")]
#[derive(schemars::JsonSchema)]
#[allow(dead_code)]
#[serde(untagged)]
enum RecipientSchema {
    /// The address lines, top to bottom.
    Lines(Vec<String>),
    /// The parts of the address, formatted by the destination country's postal convention.
    Parts(AddressSchema),
}

/// A postcode: text, or digits written without quotes.
#[cfg(feature = "schema")]
#[derive(schemars::JsonSchema)]
#[allow(dead_code)]
#[serde(untagged)]
enum PostcodeSchema {
    /// As text (`'01067'`, `SW1A 1AA`).
    Text(String),
    /// As a number (`69002`).
    Number(u64),
}

/// The parts of a structured address.
#[cfg(feature = "schema")]
#[derive(schemars::JsonSchema)]
#[allow(dead_code)]
#[serde(deny_unknown_fields)]
struct AddressSchema {
    /// The person ("Pani Małgorzata Ćwiklińska").
    name: Option<String>,
    /// The firm or institution.
    #[serde(alias = "company")]
    organisation: Option<String>,
    /// A department.
    department: Option<String>,
    /// Street and number.
    street: Option<String>,
    /// The postcode, checked against the country's pattern (a number is read as written).
    postcode: Option<PostcodeSchema>,
    /// The town.
    city: String,
    /// State, province or region (required for US, CA and AU; the province for IT).
    #[serde(alias = "state", alias = "province")]
    region: Option<String>,
    /// ISO 3166-1 alpha-2 code; default: the sender's country.
    #[schemars(extend("pattern" = "^[A-Za-z]{2}$"))]
    country: Option<String>,
}

/// A header image box.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct HeaderSpec {
    /// PNG, JPEG, SVG or PDF, relative to the file that names it.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub image: Spanned<String>,
    /// The page of a PDF to draw (default 1).
    #[cfg_attr(feature = "schema", schemars(with = "Option<u32>"))]
    pub page: Option<Spanned<u32>>,
    /// The height of the box the image is scaled into.
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>", extend("pattern" = LENGTH_PATTERN)))]
    pub height: Option<Spanned<String>>,
    /// What the image shows, for screen readers ("Logo of Nowak Public Relations"); without
    /// it the image is marked as decoration (an artifact) in the tagged PDF.
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub alt: Option<Spanned<String>>,
}

/// The font of a letterhead.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct FontSpec {
    /// A bundled family (`Noto Serif`, `Noto Sans`, `TeX Gyre Termes`).
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub family: Option<Spanned<String>>,
    /// Own font files: regular face.
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub regular: Option<Spanned<String>>,
    /// Bold face.
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub bold: Option<Spanned<String>>,
    /// Italic face.
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub italic: Option<Spanned<String>>,
    /// Bold italic face.
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub bold_italic: Option<Spanned<String>>,
    /// Body size, e.g. `11pt`.
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>", extend("pattern" = LENGTH_PATTERN)))]
    pub size: Option<Spanned<String>>,
}

/// A parsed letter with its source.
#[derive(Debug, Clone)]
pub struct Letter {
    /// The spec.
    pub spec: LetterSpec,
    /// The file it came from.
    pub source: Arc<SourceFile>,
}

/// A parsed letterhead with its source.
#[derive(Debug, Clone)]
pub struct Letterhead {
    /// The spec.
    pub spec: LetterheadSpec,
    /// The file it came from.
    pub source: Arc<SourceFile>,
}

/// Parse a letter from YAML text; `path` names the file in messages and is the base of relative paths.
///
/// ```
/// let letter = letterpress::load_letter_str("recipient: [A, B]\nbody: Hi.\n", "letter.yaml")?;
/// assert_eq!(letter.spec.recipient.value, ["A", "B"]);
/// assert_eq!(letter.spec.body.referenced.line(), 2, "every value keeps its place");
/// # Ok::<(), letterpress::Error>(())
/// ```
pub fn load_letter_str(text: &str, path: impl Into<PathBuf>) -> Result<Letter, Error> {
    let source = Arc::new(SourceFile {
        path: path.into(),
        text: text.to_string(),
    });
    let spec = parse::<LetterSpec>(&source, LETTER_KEYS)?;
    Ok(Letter { spec, source })
}

/// Read and parse a letter file.
///
/// ```
/// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/minimal.yaml");
/// let letter = letterpress::load_letter(path.as_ref())?;
/// assert_eq!(letter.spec.recipient.value.len(), 3);
/// let missing = letterpress::load_letter("no-such-letter.yaml".as_ref()).unwrap_err();
/// assert!(missing.is_io());
/// # Ok::<(), letterpress::Error>(())
/// ```
pub fn load_letter(path: &Path) -> Result<Letter, Error> {
    let text = read_text(path)?;
    load_letter_str(&text, path)
}

/// Parse a letterhead from YAML text.
///
/// ```
/// let lh = letterpress::spec::load_letterhead_str("name: ACME\naccent: \"#1F4E79\"\n", "letterhead.yaml")?;
/// assert_eq!(lh.spec.name.map(|n| n.value).as_deref(), Some("ACME"));
/// # Ok::<(), letterpress::Error>(())
/// ```
pub fn load_letterhead_str(text: &str, path: impl Into<PathBuf>) -> Result<Letterhead, Error> {
    let source = Arc::new(SourceFile {
        path: path.into(),
        text: text.to_string(),
    });
    let spec = parse::<LetterheadSpec>(&source, LETTERHEAD_KEYS)?;
    Ok(Letterhead { spec, source })
}

/// Read and parse a letterhead file.
///
/// ```
/// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../letterheads/nowak-pr/letterhead.yaml");
/// let lh = letterpress::spec::load_letterhead(path.as_ref())?;
/// assert_eq!(lh.spec.language.map(|l| l.value).as_deref(), Some("pl"));
/// # Ok::<(), letterpress::Error>(())
/// ```
pub fn load_letterhead(path: &Path) -> Result<Letterhead, Error> {
    let text = read_text(path)?;
    load_letterhead_str(&text, path)
}

/// Read a UTF-8 text file, with a size limit (a regular file only, bounded while reading).
pub(crate) fn read_text(path: &Path) -> Result<String, Error> {
    let limit = MAX_SPEC_BYTES as u64;
    let bytes = crate::files::read_bounded_or(path, limit, |len| ErrorKind::InvalidValue {
        what: "file".into(),
        value: path.display().to_string(),
        reason: format!("{len} bytes is more than a letter can be ({MAX_SPEC_BYTES} bytes)"),
    })
    .map_err(Error::new)?;
    text_from_bytes(path, bytes)
}

/// UTF-8 text from a file's bytes; invalid UTF-8 is an error at its line and column.
pub(crate) fn text_from_bytes(path: &Path, bytes: Vec<u8>) -> Result<String, Error> {
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let (before, rest) = bytes.split_at(at.min(bytes.len()));
        let line_start = before
            .iter()
            .rposition(|b| *b == b'\n')
            .map(|i| i + 1)
            .unwrap_or(0);
        let line = before.iter().filter(|b| **b == b'\n').count() + 1;
        let prefix = String::from_utf8_lossy(before.get(line_start..).unwrap_or_default());
        let line_end = rest.iter().position(|b| *b == b'\n').unwrap_or(rest.len());
        let source_line = format!(
            "{prefix}{}",
            String::from_utf8_lossy(rest.get(..line_end).unwrap_or_default())
        );
        let byte = rest.first().copied().unwrap_or(0);
        Error::new(ErrorKind::InvalidValue {
            what: "file".into(),
            value: path.display().to_string(),
            reason: format!("it is not UTF-8 text (byte 0x{byte:02X} at offset {at})"),
        })
        .at(Some(Origin::new(
            path.to_path_buf(),
            &source_line,
            line,
            prefix.chars().count() + 1,
            1,
        )))
        .hint("save the file as UTF-8")
    })
}

/// A short reason for an I/O error, without the OS error number.
pub(crate) fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::IsADirectory => "it is a folder, not a file".into(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_string(),
                None => s,
            }
        }
    }
}

fn parse<T: serde::de::DeserializeOwned>(source: &SourceFile, keys: &[&str]) -> Result<T, Error> {
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_nodes: MAX_YAML_NODES,
            max_total_scalar_bytes: 8 * 1024 * 1024,
        },
    };
    if source.text.trim().is_empty() {
        return Err(Error::new(ErrorKind::Syntax {
            message: "the file is empty".into(),
        })
        .at(Some(Origin::new(source.path.clone(), "", 1, 1, 1)))
        .hint(if keys == LETTER_KEYS {
            "a letter needs at least `recipient:` and `body:`; `letterpress new` writes a starter"
        } else {
            "write the letterhead's keys, e.g. `name:` and `sender:`"
        }));
    }
    serde_saphyr::from_str_with_options::<T>(&source.text, options).map_err(|e| {
        let origin = e.location().and_then(|l| source.origin(&l));
        let raw = e.without_snippet().to_string();
        let err = syntax_error(&raw, keys).at(origin);
        match (&err.kind, unclosed_flow(&source.text)) {
            (ErrorKind::Syntax { .. }, Some((line, column, open))) => {
                let close = if open == '[' { ']' } else { '}' };
                let loc_line = source.text.lines().nth(line - 1).unwrap_or("");
                Error::new(ErrorKind::Syntax {
                    message: format!("unclosed `{open}`: the value started here has no `{close}`"),
                })
                .at(Some(Origin::new(
                    source.path.clone(),
                    loc_line,
                    line,
                    column,
                    1,
                )))
                .hint(format!(
                    "close it with `{close}` on the same line, or quote a value that starts with `{open}`"
                ))
            }
            _ => err,
        }
    })
}

/// The place of a flow collection (`[` or `{` starting a value) that is never closed: the most
/// common YAML mistake in hand-written letters, which parsers report far from its cause.
fn unclosed_flow(text: &str) -> Option<(usize, usize, char)> {
    let mut stack: Vec<(usize, usize, char)> = Vec::new();
    for (li, line) in text.lines().enumerate() {
        let mut quote: Option<char> = None;
        let mut prev = ' ';
        let mut value_start = true; // at the start of a value (line start, after `: ` or `- `)
        for (ci, ch) in line.chars().enumerate() {
            if let Some(q) = quote {
                if ch == q {
                    quote = None;
                }
                prev = ch;
                continue;
            }
            match ch {
                '#' if prev == ' ' || ci == 0 => break,
                '"' | '\'' if value_start || !stack.is_empty() => quote = Some(ch),
                '[' | '{' if value_start || !stack.is_empty() => stack.push((li + 1, ci + 1, ch)),
                ']' | '}' if !stack.is_empty() => {
                    stack.pop();
                }
                _ => {}
            }
            value_start = match ch {
                ' ' => value_start || prev == ':' || prev == '-' || prev == ',',
                '[' | '{' | ',' => true,
                _ => false,
            };
            prev = ch;
        }
        // A flow collection may span lines only while it is indented past its key; a line
        // that starts a new key at column 1 means the bracket was never closed.
        if let Some(&(l, c, o)) = stack.first() {
            let next = text.lines().nth(li + 1);
            if next.is_none_or(|n| !n.starts_with(' ') && !n.is_empty()) && l <= li + 1 {
                return Some((l, c, o));
            }
        }
    }
    stack.first().copied()
}

/// Turn the parser's message into a typed error with a helpful wording.
fn syntax_error(raw: &str, top_keys: &[&str]) -> Error {
    // The parser appends " at line L, column C"; the place is reported separately.
    let msg = match raw.rfind(" at line ") {
        Some(i) => &raw[..i],
        None => raw,
    };
    if let Some(rest) = msg.strip_prefix("unknown field `") {
        if let Some(end) = rest.find('`') {
            let key = &rest[..end];
            let expected: Vec<&str> = rest[end..]
                .split_once("expected one of ")
                .or_else(|| rest[end..].split_once("expected "))
                .map(|(_, list)| {
                    list.split(',')
                        .map(|k| k.trim().trim_matches('`'))
                        .filter(|k| !k.is_empty())
                        .collect()
                })
                .unwrap_or_else(|| top_keys.to_vec());
            let near = nearest(key, expected.iter().copied());
            let valid = expected.join(", ");
            return Error::new(ErrorKind::UnknownKey {
                key: key.to_string(),
                nearest: near,
            })
            .hint(format!("valid keys here: {valid}"));
        }
    }
    if let Some(rest) = msg.strip_prefix("missing field `") {
        let key = rest.trim_end_matches('`');
        return Error::new(ErrorKind::MissingKey {
            key: key.to_string(),
        })
        .hint(match key {
            "recipient" => "add `recipient:` with the postal address lines, top to bottom",
            "body" => "add `body: |` followed by the letter's text, indented",
            "name" => "add `name:`",
            "image" => "add `image:` with the path of a PNG or JPEG",
            _ => "add the key",
        });
    }
    if let Some(rest) = msg.strip_prefix("budget breached: ") {
        let message = if rest.starts_with("Nodes") {
            format!("the YAML has more than {MAX_YAML_NODES} values, more than a letter can have")
        } else {
            format!("the YAML is over the parser's limits ({rest})")
        };
        return Error::new(ErrorKind::Limit(message))
            .hint("a letter has a few dozen values; look for a runaway list or `*alias` references that repeat a large value");
    }
    if let Some(rest) = msg.strip_prefix("duplicate mapping key: ") {
        let key = rest.split(',').next().unwrap_or(rest).trim();
        return Error::new(ErrorKind::Syntax {
            message: format!("the key `{key}` is written twice"),
        })
        .hint("keep one of them; a key may appear once in each mapping");
    }
    let friendly = match msg {
        "expected sequence start" => "expected a list (`- item` lines or `[a, b]`)".to_string(),
        "expected mapping start" | "expected mapping" => {
            "expected a mapping (`key: value` lines)".to_string()
        }
        "expected string scalar" => "expected a text value".to_string(),
        other => other.to_string(),
    };
    let mut e = Error::new(ErrorKind::Syntax { message: friendly });
    if msg == "expected string scalar" {
        e = e.hint("a value that holds `: ` or starts with `[`, `{`, `*`, `&`, `!`, `#`, `@` or `-` must be quoted: \"…\"");
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(yaml: &str) -> Error {
        load_letter_str(yaml, "letter.yaml").expect_err("must fail")
    }

    #[test]
    fn unknown_key_names_line_column_and_nearest() {
        let e = err("recipient: [A]\nsubjet: Hi\nbody: x\n");
        assert_eq!(
            e.kind,
            ErrorKind::UnknownKey {
                key: "subjet".into(),
                nearest: Some("subject".into())
            }
        );
        let o = e.origin.clone().expect("place");
        assert_eq!((o.line, o.column), (2, 1));
        assert_eq!(o.source_line, "subjet: Hi");
        assert!(e.to_string().contains("did you mean `subject`"), "{e}");
    }

    #[test]
    fn nested_unknown_key_suggests_from_its_own_mapping() {
        let e = err("recipient: [A]\nbody: x\nsignatures:\n  - name: A\n    rol: B\n");
        assert_eq!(
            e.kind,
            ErrorKind::UnknownKey {
                key: "rol".into(),
                nearest: Some("role".into())
            }
        );
        assert_eq!(e.origin.expect("place").line, 5);
    }

    #[test]
    fn wrong_type_and_missing_key_are_located() {
        let e = err("recipient: 5\nbody: x\n");
        assert!(e.to_string().contains("expected a list"), "{e}");
        assert_eq!(e.origin.expect("place").line, 1);
        let e = err("recipient: [A]\n");
        assert_eq!(e.kind, ErrorKind::MissingKey { key: "body".into() });
    }

    #[test]
    fn unclosed_brackets_are_found_where_they_open() {
        let e = err("recipient: [Ms Jane Doe, Oxford\nbody: x\n");
        assert!(e.to_string().contains("unclosed `[`"), "{e}");
        assert_eq!(e.origin.as_ref().map(|o| (o.line, o.column)), Some((1, 12)));
        assert_eq!(
            unclosed_flow("a: [1, 2]\nb: {c: d}\nx: \"[\"\ny: a[1]\n"),
            None
        );
        assert_eq!(
            unclosed_flow("a: [1,\n  2]\n"),
            None,
            "a list may span indented lines"
        );
    }

    #[test]
    fn references_keep_their_order() {
        let l = load_letter_str(
            "recipient: [A]\nbody: x\nreferences:\n  our_ref: B\n  your_ref: A\n  Projekt: C\n",
            "l.yaml",
        )
        .expect("valid");
        let r = l.spec.references.expect("refs").value.0;
        assert_eq!(r[0].0, "our_ref");
        assert_eq!(r[2], ("Projekt".to_string(), "C".to_string()));
    }

    #[test]
    fn char_origin_points_into_block_scalars() {
        let l =
            load_letter_str("recipient: [A]\nbody: |\n  abc\n  dé☃f\n", "l.yaml").expect("valid");
        let o = l
            .source
            .origin_of_char(&l.spec.body.referenced, '☃')
            .expect("found");
        assert_eq!((o.line, o.column), (4, 5));
    }
}
