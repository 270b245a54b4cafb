//! The keys of firm artwork that are not a header: the designer's `stationery:` sheet.

use serde::Deserialize;
use serde_saphyr::Spanned;

/// A full-page background from the firm's designer, drawn under everything else
/// (letter-format.md, "Firm artwork").
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct StationerySpec {
    /// A PDF (or SVG) the size of the page, relative to the file that names it.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub file: Spanned<String>,
    /// The page drawn under page 1 of a letter (default 1).
    #[cfg_attr(feature = "schema", schemars(with = "Option<u32>"))]
    pub first_page: Option<Spanned<u32>>,
    /// The page drawn under pages 2 and later (default: none).
    #[cfg_attr(feature = "schema", schemars(with = "Option<u32>"))]
    pub next_page: Option<Spanned<u32>>,
    /// What the sheet shows, for screen readers, when it carries the firm's name or address:
    /// page 1's sheet becomes a described figure (read first); `''` says it is decoration.
    /// Without it the sheet is decoration and `check` warns.
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub alt: Option<Spanned<String>>,
}
