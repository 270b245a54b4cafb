//! PDF back end: walks the page model and writes it with krilla (subset CID fonts with
//! ToUnicode, JPEG passed through, PNG alpha as soft mask, content-hashed `/ID`); `finish`
//! sets right what krilla cannot be told (print scaling, file identity, validator noise).
//!
//! Output is deterministic: the creation date is the letter's own date (PDF/A needs one),
//! never the clock, and krilla allocates references in drawing order.

use std::collections::BTreeMap;
use std::num::NonZeroU64;

use krilla::configure::{Accessibility, Archival, Configuration, ConfigurationBuilder};
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point, Size, Transform};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::outline::{Outline, OutlineNode};
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, ListNumbering, Node, SpanTag, TableHeaderScope,
    Tag, TagGroup, TagKind, TagTree,
};
use krilla::text::{Font, GlyphId};
use krilla::Document as KDocument;

mod appendix;
mod artwork;
mod bleed;
mod combined;
mod errors;
mod finish;
mod grey;
mod hyphen;
mod links;
mod press;
mod spool;
mod stream;
mod syntax;

pub use appendix::{standard_for, standard_from, Needs};
pub use combined::Combined;
pub use press::Print;

use crate::error::{Error, ErrorKind};
use crate::fonts::{FontSet, FontStyle};
use crate::layout::model::{Artifact as Kind, Document, Item, Meta, Page, StructKind, StructNode};
use crate::text::PlacedGlyph;
use crate::units::Color;

/// Which PDF flavour to write. Every flavour is tagged (structure tree in reading order,
/// letterhead, footer and marks as artifacts); the validated ones are checked by krilla.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Standard {
    /// PDF/A-2b (archival) and PDF/UA-1 (accessible), both validated.
    #[default]
    A2bUa1,
    /// PDF/A-2b only.
    A2b,
    /// PDF/A-3b only.
    A3b,
    /// PDF/A-3b (archival, with embedded files) and PDF/UA-1: what a letter with attachments
    /// is written as by default.
    A3bUa1,
    /// PDF/A-2a (archival, with the accessible-structure requirements of level A).
    A2a,
    /// PDF/UA-1 only.
    Ua1,
    /// Plain PDF 1.7, no validation.
    None,
}

impl Standard {
    /// The names `--pdf-standard` accepts.
    pub const NAMES: &'static [&'static str] = &[
        "a-2b+ua-1",
        "a-2b",
        "a-3b",
        "a-3b+ua-1",
        "a-2a",
        "ua-1",
        "none",
    ];

    /// A standard by name.
    pub fn parse(name: &str) -> Option<Standard> {
        Some(match name.trim().to_ascii_lowercase().as_str() {
            "a-2b+ua-1" | "ua-1+a-2b" | "default" => Standard::A2bUa1,
            "a-2b" | "pdf/a-2b" => Standard::A2b,
            "a-3b" | "pdf/a-3b" => Standard::A3b,
            "a-3b+ua-1" | "ua-1+a-3b" => Standard::A3bUa1,
            "a-2a" | "pdf/a-2a" => Standard::A2a,
            "ua-1" | "pdf/ua-1" => Standard::Ua1,
            "none" => Standard::None,
            _ => return None,
        })
    }

    /// The name `--pdf-standard` takes for it.
    pub fn name(self) -> &'static str {
        match self {
            Standard::A2bUa1 => "a-2b+ua-1",
            Standard::A2b => "a-2b",
            Standard::A3b => "a-3b",
            Standard::A3bUa1 => "a-3b+ua-1",
            Standard::A2a => "a-2a",
            Standard::Ua1 => "ua-1",
            Standard::None => "none",
        }
    }

    /// What it claims, in words ("PDF/A-2b and PDF/UA-1").
    pub fn label(self) -> &'static str {
        match self {
            Standard::A2bUa1 => "PDF/A-2b and PDF/UA-1",
            Standard::A2b => "PDF/A-2b",
            Standard::A3b => "PDF/A-3b",
            Standard::A3bUa1 => "PDF/A-3b and PDF/UA-1",
            Standard::A2a => "PDF/A-2a",
            Standard::Ua1 => "PDF/UA-1",
            Standard::None => "plain PDF",
        }
    }

    fn configuration(self) -> Result<Configuration, Error> {
        let b = ConfigurationBuilder::new();
        let b = match self {
            Standard::A2bUa1 => b
                .with_archival_validator(Archival::A2_B)
                .with_accessibility_validator(Accessibility::UA1),
            Standard::A2b => b.with_archival_validator(Archival::A2_B),
            Standard::A3b => b.with_archival_validator(Archival::A3_B),
            Standard::A3bUa1 => b
                .with_archival_validator(Archival::A3_B)
                .with_accessibility_validator(Accessibility::UA1),
            Standard::A2a => b.with_archival_validator(Archival::A2_A),
            Standard::Ua1 => b.with_accessibility_validator(Accessibility::UA1),
            Standard::None => return Ok(Configuration::default()),
        };
        b.finish()
            .map_err(|e| Error::new(ErrorKind::Pdf(format!("{e:?}"))))
    }
}

/// Options of the PDF writer.
///
/// ```
/// use letterpress::{PdfOptions, Standard};
/// let o = PdfOptions::new().standard(Standard::A2b).creator("Acme CRM 4.2");
/// assert_eq!(o.standard, Standard::A2b);
/// ```
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct PdfOptions {
    /// The standard to write and validate.
    pub standard: Standard,
    /// The standard was asked for (set by [`PdfOptions::standard`]): a letter that cannot be
    /// written in it is an error. Otherwise a PDF enclosure makes the letter plain tagged PDF
    /// with a warning, and attachments turn PDF/A-2b into PDF/A-3b ([`standard_for`]).
    pub exact_standard: bool,
    /// Draw the layout's zones and blocks over the pages (window, info block, text area,
    /// every flow block), as thin coloured outlines marked as artifacts.
    pub debug: bool,
    /// The document's creator (the program that made the content); default `letterpress X.Y.Z`.
    pub creator: Option<String>,
    /// The document's producer (the program that wrote the PDF); default `letterpress X.Y.Z (krilla)`.
    pub producer: Option<String>,
    /// What the PDF is printed on: office printers (sRGB, the default) or an offset press
    /// (a CMYK output intent, the accent in CMYK).
    pub print: Print,
}

impl PdfOptions {
    /// The defaults: PDF/A-2b + PDF/UA-1, no debug drawing.
    pub fn new() -> PdfOptions {
        PdfOptions::default()
    }

    /// With this standard, asked for: kept exactly, or an error says why it cannot be.
    pub fn standard(mut self, standard: Standard) -> PdfOptions {
        self.standard = standard;
        self.exact_standard = true;
        self
    }

    /// With the layout's boxes drawn over the pages, or not.
    pub fn debug(mut self, debug: bool) -> PdfOptions {
        self.debug = debug;
        self
    }

    /// With this creator (the embedding program's name and version).
    pub fn creator(mut self, creator: impl Into<String>) -> PdfOptions {
        self.creator = Some(creator.into());
        self
    }

    /// With this producer.
    pub fn producer(mut self, producer: impl Into<String>) -> PdfOptions {
        self.producer = Some(producer.into());
        self
    }

    /// For this print target ([`Print::Press`]: a CMYK output intent for offset printing).
    pub fn print(mut self, print: Print) -> PdfOptions {
        self.print = print;
        self
    }
}

/// A placed glyph with the run's size and where its text starts: krilla asks for advances at
/// arbitrary sizes (at 1.0 for em units), the layout stores them in points at `size`; a part of
/// a hyphenated word counts its text range from the part's start.
pub(super) struct G<'a>(pub(super) &'a PlacedGlyph, pub(super) f32, pub(super) usize);

impl krilla::text::Glyph for G<'_> {
    fn glyph_id(&self) -> GlyphId {
        GlyphId::new(self.0.id)
    }
    fn text_range(&self) -> std::ops::Range<usize> {
        self.0.range.start.saturating_sub(self.2)..self.0.range.end.saturating_sub(self.2)
    }
    fn x_advance(&self, size: f32) -> f32 {
        self.0.x_advance / self.1 * size
    }
    fn x_offset(&self, size: f32) -> f32 {
        self.0.x_offset / self.1 * size
    }
    fn y_offset(&self, size: f32) -> f32 {
        self.0.y_offset / self.1 * size
    }
    fn y_advance(&self, _size: f32) -> f32 {
        0.0
    }
    fn location(&self) -> Option<krilla::surface::Location> {
        None
    }
}

/// A colour as krilla paints it ([`press::Inks`]): black and greys (red = green = blue) as
/// luma, so they print on the black plate alone (DeviceGray; under PDF/A `finish` names
/// krilla's grey ICC space DeviceGray, which the output intent allows), every other colour as
/// sRGB, or as CMYK in press output.
fn fill(c: Color, inks: &mut press::Inks) -> Fill {
    Fill {
        paint: inks.paint(c),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

/// Write a laid-out document (in its own fonts) as PDF bytes.
pub fn write(doc: &Document, options: &PdfOptions) -> Result<Vec<u8>, Error> {
    write_many(&[doc], options, false, None)
}

/// Write several laid-out letters into one PDF, each starting on a new page (on an odd page
/// when `duplex`, by inserting a blank page after a letter with an odd page count). Each
/// letter keeps its own page counters and its own fonts. `title` names the whole (default:
/// the first letter's). To write letters one by one as they are laid out, use [`Combined`].
pub fn write_many(
    letters: &[&Document],
    options: &PdfOptions,
    duplex: bool,
    title: Option<&str>,
) -> Result<Vec<u8>, Error> {
    let Some(first) = letters.first() else {
        return Err(Error::new(ErrorKind::Pdf(
            "there is nothing to write".into(),
        )));
    };
    let mut combined = combined::Whole::new(first, options, duplex, &Needs::of(letters))?;
    for doc in letters {
        combined.add(doc)?;
    }
    combined.finish(title)
}
/// The four faces of a family, in the order the writer walks them.
const STYLES: [FontStyle; 4] = [
    FontStyle::Regular,
    FontStyle::Bold,
    FontStyle::Italic,
    FontStyle::BoldItalic,
];

/// One PDF being written: the document, its structure tree and outline, and what the letters
/// written so far have used.
struct Writer<'a> {
    pdf: KDocument,
    /// Image locations let krilla's errors name the file.
    image_paths: Vec<std::path::PathBuf>,
    tree: TagTree,
    /// An outline entry per letter, at its subject (PDF/UA asks for one when there are headings).
    outline: Outline,
    /// The index of the next page.
    page_index: usize,
    embedded: appendix::Embedded,
    options: &'a PdfOptions,
    duplex: bool,
    /// The current letter's hyphenated words, tagged with their whole text as actual text.
    hyphens: hyphen::Plan,
    /// The first part of a hyphenated word, until its second part is drawn.
    pending_word: Option<hyphen::Pending>,
    /// The letters written so far.
    letters: usize,
    /// The first letter's structure until a second comes (one letter's structure is the
    /// tree's; with several, each letter is a Part).
    first_roots: Option<Vec<Node>>,
    /// How colours are painted (press output: the current letter's CMYK).
    inks: press::Inks,
}

impl Writer<'_> {
    /// A letter's pages, its enclosures and attachments, its outline entry and structure.
    fn letter(&mut self, doc: &Document, letter_no: usize) -> Result<(), Error> {
        let fonts = &doc.fonts;
        self.outline.push_child(OutlineNode::new(
            doc.meta.title.clone(),
            XyzDestination::new(
                self.page_index,
                Point::from_xy(doc.bleed, doc.outline_y.unwrap_or(0.0) + doc.bleed),
            ),
        ));
        let total = doc.pages.len() + doc.appendix.page_count();
        self.page_index += total + usize::from(self.duplex && total % 2 == 1);
        let faces: BTreeMap<FontStyle, Font> = STYLES
            .into_iter()
            .map(|s| (s, fonts.face(s).krilla_font()))
            .collect();
        self.hyphens = hyphen::plan(doc);
        self.inks.letter(&doc.cmyk);
        // The content of each structure node, in drawing order.
        let mut leaves: Vec<Vec<Node>> = vec![Vec::new(); doc.structure.len()];
        let mut link_ids = Vec::new();
        for page in &doc.pages {
            self.page(doc, page, (&faces, fonts), &mut leaves, &mut link_ids)?;
        }
        // A word whose second part was not drawn keeps its first part, untagged as a word.
        if let Some((b, id, _)) = self.pending_word.take() {
            if let Some(l) = leaves.get_mut(b) {
                l.push(Node::from(id));
            }
        }
        let size = doc
            .pages
            .first()
            .map_or((595.0, 842.0), |p| (p.width, p.height));
        let appended = appendix::append(&mut self.pdf, doc, size, &mut self.image_paths)?;
        appendix::embed(&mut self.pdf, doc, letter_no + 1, &mut self.embedded)?;
        if self.duplex && total % 2 == 1 {
            if let Some(last) = doc.pages.last() {
                if let Some(settings) = bleed::settings(last, doc.bleed) {
                    self.pdf.start_page_with(settings).finish();
                }
            }
        }
        let mut roots = structure_tree(&doc.structure, leaves, &doc.meta.title);
        roots.extend(artwork::link_nodes(link_ids));
        roots.extend(appended);
        self.letters += 1;
        if self.letters == 1 {
            self.first_roots = Some(roots);
        } else {
            if let Some(first) = self.first_roots.take() {
                self.tree.push(part(first));
            }
            self.tree.push(part(roots));
        }
        Ok(())
    }

    /// One page of a letter: each item tagged as its structure node's content or as an
    /// artifact, the debug overlay, the link annotations.
    fn page(
        &mut self,
        doc: &Document,
        page: &Page,
        (faces, fonts): (&BTreeMap<FontStyle, Font>, &FontSet),
        leaves: &mut [Vec<Node>],
        link_ids: &mut Vec<Identifier>,
    ) -> Result<(), Error> {
        // Raster images made on another core are waited for here, before the page is begun:
        // one krilla cannot read stops the letter with an error naming the file.
        for item in &page.items {
            if let Item::Image(i) = item {
                i.image.raster().map_err(Error::new)?;
            }
        }
        let settings = bleed::settings(page, doc.bleed)
            .ok_or_else(|| Error::new(ErrorKind::Pdf("invalid page size".into())))?;
        let mut p = self.pdf.start_page_with(settings);
        let mut s = p.surface();
        let shifted = bleed::shift(&mut s, doc.bleed);
        for (idx, item) in page.items.iter().enumerate() {
            let block = match item {
                Item::Text(t) => t.block,
                Item::Image(i) => i.block,
                Item::Rule(_) => None,
            };
            if let (Some(b), Item::Text(t)) = (block, item) {
                if let Some(parts) = self.hyphens.get(&(page.number, idx)) {
                    for (range, actual) in parts {
                        let id = s.start_tagged(ContentTag::Span(SpanTag::empty()));
                        hyphen::draw_range(&mut s, t, (faces, fonts), range, &mut self.inks);
                        s.end_tagged();
                        let node = hyphen::word_node(&mut self.pending_word, b, id, actual);
                        if let (Some(l), Some(node)) = (leaves.get_mut(b), node) {
                            l.push(node);
                        }
                    }
                    continue;
                }
            }
            let tag = match (block, item) {
                (Some(_), Item::Text(_)) => ContentTag::Span(SpanTag::empty()),
                (Some(_), _) => ContentTag::Other,
                (None, _) => ContentTag::Artifact(Artifact::new(artifact_kind(item), None)),
            };
            let id = s.start_tagged(tag);
            let turned = artwork::turn_watermark(&mut s, page, item);
            draw(
                &mut s,
                item,
                (faces, fonts),
                &mut self.image_paths,
                &mut self.inks,
            );
            if turned {
                s.pop();
            }
            s.end_tagged();
            bleed::extend(&mut s, item, page, doc.bleed);
            if let Some(l) = block.and_then(|b| leaves.get_mut(b)) {
                l.push(Node::from(id));
            }
        }
        let annotations = links::areas(page, doc.bleed);
        if self.options.debug {
            s.start_tagged(ContentTag::Artifact(Artifact::new(
                ArtifactType::Layout,
                None,
            )));
            debug_overlay(&mut s, doc, page.number, &mut self.inks);
            s.end_tagged();
        }
        if shifted {
            s.pop();
        }
        s.finish();
        links::annotate(&mut p, annotations, leaves);
        link_ids.extend(artwork::add_links(&mut p, doc, page.number));
        p.finish();
        Ok(())
    }
}

/// A letter's structure as a Part of a combined PDF's.
fn part(roots: Vec<Node>) -> TagGroup {
    let mut part = TagGroup::new(Tag::Part);
    for n in roots {
        part.push(n);
    }
    part
}

/// The document's metadata (XMP and Info), every text made safe for XML; an empty title
/// becomes "Letter" (PDF/UA needs one).
fn metadata(first: &Meta, title: Option<&str>, options: &PdfOptions) -> Metadata {
    let title = xml_safe(title.unwrap_or(&first.title));
    let mut meta = Metadata::new()
        .title(if title.trim().is_empty() {
            "Letter".to_string()
        } else {
            title
        })
        .language(first.lang.clone())
        .creator(
            options
                .creator
                .clone()
                .unwrap_or_else(|| format!("letterpress {}", env!("CARGO_PKG_VERSION"))),
        )
        .producer(
            options
                .producer
                .clone()
                .unwrap_or_else(|| format!("letterpress {} (krilla)", env!("CARGO_PKG_VERSION"))),
        );
    // PDF/A needs a document date; the letter's own date keeps the output deterministic.
    if let Some(d) = pdf_date(&first.date) {
        meta = meta.creation_date(d);
    }
    if let Some(subject) = &first.subject {
        meta = meta.description(xml_safe(subject));
    }
    if !first.keywords.is_empty() {
        meta = meta.keywords(first.keywords.iter().map(|k| xml_safe(k)).collect());
    }
    if !first.authors.is_empty() {
        meta = meta.authors(first.authors.iter().map(|a| xml_safe(a)).collect());
    }
    meta
}

/// A PDF date from the letter's ISO date.
fn pdf_date(iso: &str) -> Option<krilla::metadata::DateTime> {
    use chrono::Datelike;
    let d = chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d").ok()?;
    let year = u16::try_from(d.year()).unwrap_or(2000);
    Some(
        krilla::metadata::DateTime::new(year)
            .month(d.month() as u8)
            .day(d.day() as u8),
    )
}

/// `text` with the characters XML 1.0 cannot hold removed (C0 controls other than tab and
/// line breaks, U+FFFE, U+FFFF; C1 controls too), for the XMP metadata: `resolve` refuses them in the letter,
/// and this keeps a letter built in code from producing a file that is not PDF/A.
pub(crate) fn xml_safe(text: &str) -> String {
    text.chars()
        .filter(|&c| !crate::resolve::checks::is_forbidden(c))
        .collect()
}

/// The transform that turns an image stored with EXIF `orientation` upright into the box
/// `w` × `h` (at the origin), and the size to draw the stored pixels at.
fn orientation(orientation: u8, w: f32, h: f32) -> (Transform, Option<Size>) {
    let (w, h) = (w.max(0.01), h.max(0.01));
    // (x, y) of the stored image → the upright box: x' = sx·x + kx·y + tx, y' = ky·x + sy·y + ty.
    let (sx, ky, kx, sy, tx, ty) = match orientation {
        2 => (-1.0, 0.0, 0.0, 1.0, w, 0.0),
        3 => (-1.0, 0.0, 0.0, -1.0, w, h),
        4 => (1.0, 0.0, 0.0, -1.0, 0.0, h),
        5 => (0.0, 1.0, 1.0, 0.0, 0.0, 0.0),
        6 => (0.0, 1.0, -1.0, 0.0, w, 0.0),
        7 => (0.0, -1.0, -1.0, 0.0, w, h),
        8 => (0.0, -1.0, 1.0, 0.0, 0.0, h),
        _ => (1.0, 0.0, 0.0, 1.0, 0.0, 0.0),
    };
    let stored = if orientation >= 5 {
        Size::from_wh(h, w)
    } else {
        Size::from_wh(w, h)
    };
    (Transform::from_row(sx, ky, kx, sy, tx, ty), stored)
}

/// Draw one item of the page model.
fn draw(
    s: &mut Surface,
    item: &Item,
    (faces, fonts): (&BTreeMap<FontStyle, Font>, &FontSet),
    image_paths: &mut Vec<std::path::PathBuf>,
    inks: &mut press::Inks,
) {
    match item {
        Item::Text(t) => {
            s.set_fill(Some(fill(t.color, inks)));
            for run in &t.runs {
                if run.glyphs.is_empty() || run.size <= 0.0 {
                    continue;
                }
                let glyphs: Vec<G> = run.glyphs.iter().map(|g| G(g, run.size, 0)).collect();
                let font = faces
                    .get(&run.style)
                    .cloned()
                    .unwrap_or_else(|| fonts.face(run.style).krilla_font());
                s.draw_glyphs(
                    Point::from_xy(t.x + run.x, t.y),
                    &glyphs,
                    font,
                    &run.text,
                    run.size,
                    false,
                );
            }
        }
        Item::Image(i) => {
            image_paths.push(i.image.path.clone());
            if let Some(loc) = NonZeroU64::new(image_paths.len() as u64) {
                s.set_location(loc);
            }
            s.push_transform(&Transform::from_translate(i.x, i.y));
            let (turn, stored) = orientation(i.image.orientation, i.w, i.h);
            s.push_transform(&turn);
            if let Some(stored) = stored {
                artwork::draw(s, &i.image, stored);
            }
            s.pop();
            s.pop();
            s.reset_location();
        }
        Item::Rule(r) => stroke_line(s, [(r.x1, r.y1), (r.x2, r.y2)], r.width, r.color, inks),
    }
}

fn stroke_line(
    s: &mut Surface,
    [from, to]: [(f32, f32); 2],
    width: f32,
    c: Color,
    inks: &mut press::Inks,
) {
    let mut pb = PathBuilder::new();
    pb.move_to(from.0, from.1);
    pb.line_to(to.0, to.1);
    if let Some(path) = pb.finish() {
        s.set_fill(None);
        s.set_stroke(Some(Stroke {
            paint: inks.paint(c),
            width,
            ..Stroke::default()
        }));
        s.draw_path(&path);
        s.set_stroke(None);
    }
}

/// The PDF artifact type of an item the page model marks as an artifact.
fn artifact_kind(item: &Item) -> ArtifactType {
    match item.artifact() {
        Kind::Header => ArtifactType::Header,
        Kind::Footer => ArtifactType::Footer,
        Kind::Pagination => ArtifactType::PaginationOther,
        Kind::Page => ArtifactType::Page,
        Kind::Layout => ArtifactType::Layout,
    }
}

/// The layout's boxes as thin outlines: zones in blue, flow blocks in orange.
fn debug_overlay(s: &mut Surface, doc: &Document, page: usize, inks: &mut press::Inks) {
    for b in doc.boxes.iter().filter(|b| b.page == page) {
        let c = if b.zone {
            Color {
                r: 0x1f,
                g: 0x6f,
                b: 0xd0,
            }
        } else {
            Color {
                r: 0xe0,
                g: 0x7a,
                b: 0x10,
            }
        };
        let w = if b.zone { 0.6 } else { 0.3 };
        let (x0, y0, x1, y1) = (b.x, b.y, b.x + b.w, b.y + b.h);
        for side in [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)].windows(2) {
            stroke_line(s, [side[0], side[1]], w, c, inks);
        }
    }
}

/// The structure nodes as tag groups, with each node's content in drawing order; returns the
/// top-level groups in reading order.
fn structure_tree(nodes: &[StructNode], mut leaves: Vec<Vec<Node>>, title: &str) -> Vec<Node> {
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    let mut roots = Vec::new();
    for (i, n) in nodes.iter().enumerate() {
        match n.parent {
            Some(p) if p < i => children[p].push(i),
            _ => roots.push(i),
        }
    }
    fn build(
        i: usize,
        nodes: &[StructNode],
        children: &[Vec<usize>],
        leaves: &mut [Vec<Node>],
        title: &str,
    ) -> Option<TagGroup> {
        let kind: TagKind = match &nodes[i].kind {
            StructKind::Paragraph => Tag::P.into(),
            StructKind::Heading => {
                Tag::Hn(std::num::NonZeroU16::MIN, Some(title.to_string())).into()
            }
            StructKind::List { ordered } => Tag::L(if *ordered {
                ListNumbering::Decimal
            } else {
                ListNumbering::Disc
            })
            .into(),
            StructKind::ListItem => Tag::LI.into(),
            StructKind::ListLabel => Tag::Lbl.into(),
            StructKind::ListBody => Tag::LBody.into(),
            StructKind::Figure { alt } => Tag::Figure(Some(alt.clone())).into(),
            StructKind::BlockQuote => Tag::BlockQuote.into(),
            StructKind::Link { .. } => Tag::Link.into(),
            StructKind::Table => Tag::Table.into(),
            StructKind::TableRow => Tag::TR.into(),
            StructKind::TableHeader => Tag::TH(TableHeaderScope::Column).into(),
            StructKind::TableCell => Tag::TD.into(),
            StructKind::Note => Tag::Note.into(),
        };
        let mut g = TagGroup::new(kind);
        for id in std::mem::take(&mut leaves[i]) {
            g.push(id);
        }
        for &c in &children[i] {
            if let Some(cg) = build(c, nodes, children, leaves, title) {
                g.push(cg);
            }
        }
        // A group with nothing in it (e.g. a list label with no marker) is left out.
        if g.children.is_empty() {
            None
        } else {
            Some(g)
        }
    }
    roots
        .into_iter()
        .filter_map(|r| build(r, nodes, &children, &mut leaves, title))
        .map(Node::from)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exif_orientations_turn_the_stored_corner_where_the_tag_says() {
        // Where the stored image's top-left pixel ends up in the upright 40 × 10 box.
        let (w, h) = (40.0, 10.0);
        let expect = [
            (1, (0.0, 0.0)),
            (2, (w, 0.0)),
            (3, (w, h)),
            (4, (0.0, h)),
            (5, (0.0, 0.0)),
            (6, (w, 0.0)),
            (7, (w, h)),
            (8, (0.0, h)),
        ];
        for (o, corner) in expect {
            let (t, stored) = orientation(o, w, h);
            let stored = stored.expect("a size");
            let map = |x: f32, y: f32| {
                (
                    t.sx() * x + t.kx() * y + t.tx(),
                    t.ky() * x + t.sy() * y + t.ty(),
                )
            };
            assert_eq!(map(0.0, 0.0), corner, "orientation {o}");
            // The far corner of the stored image lands inside the box too: it is covered.
            let (fx, fy) = map(stored.width(), stored.height());
            assert!(
                (fx - (w - corner.0)).abs() < 1e-4 && (fy - (h - corner.1)).abs() < 1e-4,
                "orientation {o}: far corner at {fx}, {fy}"
            );
        }
    }

    #[test]
    fn metadata_never_carries_what_xml_cannot_hold() {
        // A letter built in code skips resolve's refusal: the XMP must still be XML.
        let mut doc = laid_out("recipient: [A]\nbody: x\ndate: 2026-11-26\n");
        doc.meta.title = "Offer\u{7} for\u{1b} 2027\u{FFFF}".into();
        doc.meta.keywords = vec!["a\u{0}b".into()];
        doc.meta.authors = vec!["Ann\u{8}a".into()];
        doc.meta.subject = Some("s\u{1f}".into());
        let pdf = write(&doc, &PdfOptions::default()).expect("written");
        let text = String::from_utf8_lossy(&pdf);
        let start = text.find("<x:xmpmeta").expect("XMP");
        let end = text[start..].find("</x:xmpmeta>").expect("XMP end") + start;
        let xmp = &text[start..end];
        assert!(xmp.contains("Offer for 2027"), "{xmp}");
        assert!(
            !xmp.chars()
                .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')),
            "control characters in the XMP: {xmp:?}"
        );
        assert!(xml_safe("\u{7}\t\u{FFFE}ok\n") == "\tok\n");
    }

    #[test]
    fn an_empty_title_becomes_letter() {
        let mut doc = laid_out("recipient: [A]\nbody: x\n");
        doc.meta.title = "  ".into();
        write(&doc, &PdfOptions::default()).expect("PDF/UA gets a title");
    }

    /// A letter laid out (in its fonts), ready to be written.
    fn laid_out(yaml: &str) -> Document {
        let letter = crate::load_letter_str(yaml, "l.yaml").expect("letter");
        let env = crate::Env::default();
        let r = crate::resolve(&letter, None, &env, &crate::Resources::new()).expect("resolves");
        crate::layout(&r).expect("lays out").output
    }
}
