//! [`Resolved`]: the letter with every value checked and every file loaded, the input of layout.

use std::sync::Arc;

use chrono::NaiveDate;

use crate::fonts::FontSet;
use crate::layout::geometry::Geometry;
use crate::locale::Lang;
use crate::text::{Align, Block};
use crate::units::Color;

use super::ImageData;

/// A header image and the height of its box.
#[derive(Debug, Clone)]
pub struct Header {
    /// The image.
    pub image: Arc<ImageData>,
    /// Box height in points (the width is the page's).
    pub height: f32,
    /// Alternative text; `None`: decorative.
    pub alt: Option<String>,
}

/// One signatory, resolved.
#[derive(Debug, Clone)]
pub struct Signatory {
    /// Printed name.
    pub name: String,
    /// Role, if any.
    pub role: Option<String>,
    /// Signature image, if any.
    pub image: Option<Arc<ImageData>>,
}

/// The sender's details.
#[derive(Debug, Clone, Default)]
pub struct Sender {
    /// Legal name.
    pub name: Option<String>,
    /// Address lines.
    pub address: Vec<String>,
    /// Telephone.
    pub phone: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Web.
    pub web: Option<String>,
}

/// A letter with every value checked and every resource loaded: the input of layout.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// Language.
    pub lang: Lang,
    /// Page geometry.
    pub geometry: Geometry,
    /// The firm's name (letterhead `name`).
    pub firm: Option<String>,
    /// The sender.
    pub sender: Sender,
    /// Small line above the address.
    pub return_address: Option<String>,
    /// Page-1 header.
    pub header: Option<Header>,
    /// Pages-2+ header.
    pub next_header: Option<Header>,
    /// Page-1 footer lines.
    pub footer: Vec<String>,
    /// The body family.
    pub fonts: FontSet,
    /// Body size in points.
    pub size: f32,
    /// Accent colour.
    pub accent: Color,
    /// The accent in the firm's CMYK (`accent_cmyk`), for press output.
    pub accent_cmyk: Option<crate::units::Cmyk>,
    /// Fold and punch marks.
    pub marks: bool,
    /// The printable-area margin, where marks start, the bleed, whether the footer is
    /// decoration (letterhead keys `printable_margin`, `marks_inset`, `bleed`,
    /// `footer_decoration`).
    pub print: super::PrintSetup,
    /// Alignment of body paragraphs and the postscript: [`Align::Justify`] or [`Align::Left`]
    /// (ragged right), from the letterhead's or style's `align`.
    pub align: Align,
    /// The date line, localised ("Warszawa, 26 listopada 2026 r.").
    pub date_line: String,
    /// The date alone, localised (for continuation headers).
    pub date_text: String,
    /// The date.
    pub date: NaiveDate,
    /// Address lines.
    pub recipient: Vec<String>,
    /// Endorsement lines.
    pub mail_note: Vec<String>,
    /// Reference fields: (label, value).
    pub references: Vec<(String, String)>,
    /// Subject.
    pub subject: Option<String>,
    /// Salutation.
    pub opening: String,
    /// Body blocks.
    pub body: Vec<Block>,
    /// Complimentary close.
    pub closing: String,
    /// Signatories.
    pub signatures: Vec<Signatory>,
    /// Enclosures.
    pub enclosures: Vec<String>,
    /// Copies.
    pub cc: Vec<String>,
    /// Postscript.
    pub ps: Option<String>,
    /// Enclosed files appended after the letter, and attached files.
    pub appendix: crate::enclosures::Appendix,
    /// Stationery, watermark and the warnings of loading artwork.
    pub artwork: super::FirmArtwork,
    /// The set paragraphs of the [`super::Resources`] it was resolved with, shared by every
    /// letter they serve.
    pub paragraphs: Arc<crate::text::ParagraphCache>,
    /// Problems that do not stop the letter (an address set by the UPU S42 default).
    pub warnings: Vec<crate::error::Warning>,
    /// The PDF's metadata: title, authors, language, date, and what `pdf:` sets.
    pub meta: crate::layout::model::Meta,
    /// Where in the letter each kind of line is written, for the messages of later stages.
    pub origins: super::Origins,
}
