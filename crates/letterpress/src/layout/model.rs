//! The page model: plain data with every text line, image, rule and mark at a fixed position.
//!
//! Coordinates are points from the page's top-left corner; a text line's `y` is its baseline.
//! The PDF writer walks this model and knows nothing of letters.

use std::sync::Arc;

use serde::Serialize;

use crate::resolve::ImageData;
use crate::text::GlyphRun;
use crate::units::Color;

/// A laid-out letter: everything the PDF writer needs, its fonts included.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    /// The family the letter is set in (the PDF writer embeds its faces; a combined PDF of
    /// letters in different fonts takes each letter's own).
    #[serde(skip)]
    pub fonts: crate::fonts::FontSet,
    /// The pages, in order.
    pub pages: Vec<Page>,
    /// Document metadata.
    pub meta: Meta,
    /// The logical structure (reading order): items point into it with `block`; items with no
    /// block are artifacts (letterhead, marks, continuation headers, a decorative footer).
    pub structure: Vec<StructNode>,
    /// Rectangles of the layout's zones and flow blocks, per page, for debugging and tools.
    pub boxes: Vec<LayoutBox>,
    /// What follows the letter's pages (enclosures, outside its page count) and what is
    /// embedded in the PDF (attachments).
    pub appendix: crate::enclosures::Appendix,
    /// Live links over the sender's telephone, e-mail and web address.
    pub links: Vec<Link>,
    /// Where the letter's outline entry (bookmark) opens: page 1 at this height, pt from the
    /// top (a line above the subject); the top of page 1 when `None`.
    #[serde(skip)]
    pub outline_y: Option<f32>,
    /// The firm's CMYK for colours of the letter (its accent), for press output: the writer
    /// paints a colour listed here in its CMYK instead of converting it from sRGB.
    #[serde(skip)]
    pub cmyk: Vec<(Color, crate::units::Cmyk)>,
    /// Bleed (pt) on every side of each page (letterhead `bleed`): the PDF's pages are larger
    /// by it, with the paper as TrimBox; every position here is on the paper. 0: none.
    #[serde(skip_serializing_if = "is_zero")]
    pub bleed: f32,
}

fn is_zero(v: &f32) -> bool {
    *v == 0.0
}

/// A live link over a piece of text (`mailto:`, `tel:`, `https:`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Link {
    /// 1-based page number.
    pub page: usize,
    /// Left.
    pub x: f32,
    /// Top.
    pub y: f32,
    /// Width.
    pub w: f32,
    /// Height.
    pub h: f32,
    /// Where it leads.
    pub uri: String,
    /// The text it covers (the link's description for screen readers).
    pub text: String,
    /// The role of the line it is on.
    pub role: Role,
}

/// A node of the logical structure.
#[derive(Debug, Clone, Serialize)]
pub struct StructNode {
    /// What it is.
    pub kind: StructKind,
    /// The enclosing node.
    pub parent: Option<usize>,
}

/// Kinds of structure nodes (they map onto tagged-PDF structure types).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum StructKind {
    /// A paragraph (`P`).
    Paragraph,
    /// The subject line (`H1`).
    Heading,
    /// A list (`L`).
    List {
        /// Numbered.
        ordered: bool,
    },
    /// A list item (`LI`).
    ListItem,
    /// A list item's marker (`Lbl`).
    ListLabel,
    /// A list item's body (`LBody`).
    ListBody,
    /// A link (`Link`): holds its annotation.
    Link {
        /// The target.
        url: String,
    },
    /// A block quote (`BlockQuote`).
    BlockQuote,
    /// A table (`Table`).
    Table,
    /// A table row (`TR`).
    TableRow,
    /// A header cell (`TH`, column scope).
    TableHeader,
    /// A body cell (`TD`).
    TableCell,
    /// An image with a description (`Figure`).
    Figure {
        /// The alternative text.
        alt: String,
    },
    /// The firm's footer (`Note`): registration and bank details, read after the letter.
    Note,
}

/// A named rectangle of the layout on a page.
#[derive(Debug, Clone, Serialize)]
pub struct LayoutBox {
    /// 1-based page number.
    pub page: usize,
    /// What it is ("window", "info", "text", "footer", or the flow block's role).
    pub label: String,
    /// Left.
    pub x: f32,
    /// Top.
    pub y: f32,
    /// Width.
    pub w: f32,
    /// Height.
    pub h: f32,
    /// A zone of the page (window, information block, text area), not a flow block.
    #[serde(skip)]
    pub zone: bool,
}

/// Document metadata for the PDF.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Meta {
    /// Title (the subject, else the first recipient line).
    pub title: String,
    /// Authors (the signatories, else the firm).
    pub authors: Vec<String>,
    /// BCP 47 language tag.
    pub lang: String,
    /// The date of the letter (ISO).
    pub date: String,
    /// A description for the PDF's subject field (letter key `pdf.subject`).
    pub subject: Option<String>,
    /// Keywords (letter key `pdf.keywords`).
    pub keywords: Vec<String>,
}

/// One page.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    /// 1-based page number.
    pub number: usize,
    /// Width in points.
    pub width: f32,
    /// Height in points.
    pub height: f32,
    /// What is on it, in drawing order.
    pub items: Vec<Item>,
}

/// What a text line is, for tests, tools and tagging.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Role {
    /// Letterhead text drawn when there is no header image.
    Letterhead,
    /// The small return-address line in the window.
    ReturnAddress,
    /// Endorsement ("Polecony").
    MailNote,
    /// Address lines.
    Recipient,
    /// Information block (references, sender's contact).
    Info,
    /// Place and date.
    Date,
    /// Subject.
    Subject,
    /// Salutation.
    Opening,
    /// Body text.
    Body,
    /// List marker (bullet or number).
    ListMarker,
    /// Complimentary close.
    Closing,
    /// Signatory's name.
    SignatureName,
    /// Signatory's role.
    SignatureRole,
    /// Enclosures label and lines.
    Enclosures,
    /// Copies label and lines.
    Cc,
    /// Postscript.
    Ps,
    /// First-page footer.
    Footer,
    /// Continuation header of pages 2+.
    Continuation,
    /// The watermark word, drawn turned onto the page's rising diagonal about its centre
    /// (`layout::artwork::watermark_angle`); its `x`, `y` are those of the unturned line.
    Watermark,
}

impl Role {
    /// Every kind of line.
    pub const ALL: [Role; 19] = [
        Role::Letterhead,
        Role::ReturnAddress,
        Role::MailNote,
        Role::Recipient,
        Role::Info,
        Role::Date,
        Role::Subject,
        Role::Opening,
        Role::Body,
        Role::ListMarker,
        Role::Closing,
        Role::SignatureName,
        Role::SignatureRole,
        Role::Enclosures,
        Role::Cc,
        Role::Ps,
        Role::Footer,
        Role::Continuation,
        Role::Watermark,
    ];
}

/// A positioned thing on a page.
#[derive(Debug, Clone, Serialize)]
pub enum Item {
    /// A line of text.
    Text(TextLine),
    /// An image: raster, SVG or a PDF page.
    Image(ImageBox),
    /// A straight line.
    Rule(Rule),
}

/// What an item that is not content (it has no structure node) is to a reader: the artifact
/// types of PDF (ISO 32000-1, 14.8.2.2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Artifact {
    /// The letterhead: its artwork and text, the return address's rule.
    Header,
    /// The first page's footer.
    Footer,
    /// Continuation headers and repeated table headers.
    Pagination,
    /// What belongs to the sheet: fold and punch marks, stationery, the watermark.
    Page,
    /// Decoration of the layout (accent rules).
    Layout,
}

impl Item {
    /// What the item is when it has no structure node.
    pub fn artifact(&self) -> Artifact {
        match self {
            Item::Text(t) => match t.role {
                Role::Footer => Artifact::Footer,
                Role::Continuation => Artifact::Pagination,
                Role::Watermark => Artifact::Page,
                _ => Artifact::Header,
            },
            Item::Image(i) if i.role == "stationery" => Artifact::Page,
            Item::Image(_) => Artifact::Header,
            Item::Rule(r) => match r.kind {
                RuleKind::Fold | RuleKind::Punch => Artifact::Page,
                RuleKind::Accent => Artifact::Layout,
            },
        }
    }

    /// The angle (radians, counter-clockwise) by which the item is drawn turned about the
    /// centre of `page`: the watermark's rising diagonal; `None` for everything else.
    pub fn turn(&self, page: &Page) -> Option<f32> {
        match self {
            Item::Text(t) if t.role == Role::Watermark => Some(
                crate::layout::artwork::watermark_angle(page.width, page.height),
            ),
            _ => None,
        }
    }
}

/// One line of text: glyph runs placed from `x` on the baseline `y`.
#[derive(Debug, Clone, Serialize)]
pub struct TextLine {
    /// Left edge of the line.
    pub x: f32,
    /// Baseline.
    pub y: f32,
    /// The runs (their own `x` is relative to this line's `x`).
    pub runs: Vec<GlyphRun>,
    /// Fill colour.
    pub color: Color,
    /// What the line is.
    pub role: Role,
    /// The body-paragraph index for body lines (for quality metrics), else `None`.
    pub paragraph: Option<usize>,
    /// Adjustment ratio of the line's inter-word spaces from the line breaker: 0 natural
    /// width (last lines, ragged lines, single lines), 1 fully stretched, −1 fully shrunk.
    pub ratio: f32,
    /// Tracking from the line breaker: pt added after each letter followed by another letter
    /// of the line (negative: tighter); 0 untracked (last lines, ragged lines, most lines).
    pub tracking: f32,
    /// The line ends with a hyphen.
    pub hyphenated: bool,
    /// The hyphen at the line's end was added by the breaker (automatic or at a soft hyphen)
    /// and is not part of the word (the PDF's actual text gives the whole word).
    #[serde(skip)]
    pub hyphen_added: bool,
    /// The line is wider than its measure (an unbreakable word too long for it).
    pub overfull: bool,
    /// The structure node the line belongs to; `None` for artifacts.
    pub block: Option<usize>,
    /// Links shown on the line (live link annotations).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<LinkArea>,
}

/// Where on a line a link is shown.
#[derive(Debug, Clone, Serialize)]
pub struct LinkArea {
    /// Left edge, from the line's left edge.
    pub x0: f32,
    /// Right edge, from the line's left edge.
    pub x1: f32,
    /// The target.
    pub url: String,
    /// The link's structure node (`Link`).
    pub node: usize,
}

impl TextLine {
    /// A line of `role` on the baseline `y` with no glyphs, for the layout's unit tests.
    #[cfg(test)]
    pub(crate) fn empty(role: Role, y: f32) -> TextLine {
        TextLine {
            x: 0.0,
            y,
            runs: Vec::new(),
            color: Color::BLACK,
            role,
            paragraph: None,
            ratio: 0.0,
            tracking: 0.0,
            hyphenated: false,
            hyphen_added: false,
            overfull: false,
            block: None,
            links: Vec::new(),
        }
    }

    /// The line's text (runs concatenated).
    pub fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
    /// The line's width.
    pub fn width(&self) -> f32 {
        self.runs.iter().map(|r| r.x + r.width).fold(0.0, f32::max)
    }
}

/// An image scaled into a box.
#[derive(Debug, Clone, Serialize)]
pub struct ImageBox {
    /// Left.
    pub x: f32,
    /// Top.
    pub y: f32,
    /// Width.
    pub w: f32,
    /// Height.
    pub h: f32,
    /// The image.
    #[serde(serialize_with = "image_path")]
    pub image: Arc<ImageData>,
    /// What it is ("header", "signature").
    pub role: &'static str,
    /// The structure node (a figure with its alternative text); `None` for artifacts.
    pub block: Option<usize>,
}

fn image_path<S: serde::Serializer>(img: &Arc<ImageData>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&img.path.display().to_string())
}

/// A stroked straight line (rules under headers, fold and punch marks).
#[derive(Debug, Clone, Serialize)]
pub struct Rule {
    /// Start x.
    pub x1: f32,
    /// Start y.
    pub y1: f32,
    /// End x.
    pub x2: f32,
    /// End y.
    pub y2: f32,
    /// Stroke width.
    pub width: f32,
    /// Colour.
    pub color: Color,
    /// What it is.
    pub kind: RuleKind,
}

/// The purpose of a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum RuleKind {
    /// A decorative accent rule.
    Accent,
    /// A fold mark.
    Fold,
    /// The punch (hole) mark.
    Punch,
}
