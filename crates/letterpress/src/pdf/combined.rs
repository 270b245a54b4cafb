//! A combined PDF written letter by letter: each letter's pages go into the krilla document
//! when it is added, so a merge keeps krilla's serialised (deflated) page content and the
//! structure tree, never the page models of the letters before.
//!
//! The standard is decided when the writer starts, from the [`Needs`] of the letters known
//! then (a merge: its first batch). A later letter whose appendix would need another standard
//! is refused by [`Combined::admit`] with the reason, so the caller can report it with its
//! record; it never changes or breaks the file the others are in.

use krilla::outline::Outline;
use krilla::tagging::TagTree;
use krilla::text::Font;
use krilla::{Document as KDocument, SerializeSettings};

use super::appendix::{self, standard_from, Needs};
use super::{errors, finish, metadata, PdfOptions, Standard, Writer, STYLES};
use crate::error::{Error, ErrorKind};
use crate::layout::model::{Document, Meta};

/// One PDF of several letters, written as they come.
pub struct Combined<'a> {
    writer: Writer<'a>,
    /// The metadata of the first letter (the document's language, date, authors).
    first: Meta,
    needs: Needs,
    standard: Standard,
    warning: Option<String>,
    /// Every distinct font written, with its file, to name it in krilla's errors.
    fonts: Vec<(Font, String)>,
}

impl<'a> Combined<'a> {
    /// A combined PDF in the standard that letters with these `needs` can have (see
    /// [`standard_from`]); `first` gives the document's language and metadata.
    pub fn new(
        first: &Document,
        options: &'a PdfOptions,
        duplex: bool,
        needs: &Needs,
    ) -> Result<Combined<'a>, Error> {
        let (standard, warning) = standard_from(options, needs)?;
        let settings = SerializeSettings {
            configuration: standard.configuration()?,
            enable_tagging: true,
            cmyk_profile: super::press::krilla_profile_for(options.print)?,
            ..SerializeSettings::default()
        };
        let writer = Writer {
            pdf: KDocument::new_with(settings),
            image_paths: Vec::new(),
            tree: TagTree::new().with_lang(Some(first.meta.lang.clone())),
            outline: Outline::new(),
            page_index: 0,
            embedded: appendix::Embedded::new(),
            options,
            duplex,
            letters: 0,
            first_roots: None,
            hyphens: super::hyphen::Plan::new(),
            pending_word: None,
            inks: super::press::Inks::new(options.print)?,
        };
        Ok(Combined {
            writer,
            first: first.meta.clone(),
            needs: needs.clone(),
            standard,
            warning,
            fonts: Vec::new(),
        })
    }

    /// The standard the file is written in.
    pub fn standard(&self) -> Standard {
        self.standard
    }

    /// Why the standard differs from the one asked for, if it does.
    pub fn warning(&self) -> Option<&str> {
        self.warning.as_deref()
    }

    /// The letters added so far.
    pub fn letters(&self) -> usize {
        self.writer.letters
    }

    /// Whether `doc` can go into this file: its appendix needs no other standard than the one
    /// decided. The error says which standard it needs and why.
    pub fn admit(&self, doc: &Document) -> Result<(), Error> {
        let own = Needs::of(&[doc]);
        let (needed, _) = standard_from(self.writer.options, &own)?;
        match standard_from(self.writer.options, &self.needs.join(&own)) {
            Ok((joined, _)) if joined == self.standard => Ok(()),
            _ => Err(Error::new(ErrorKind::Pdf(format!(
                "the letter cannot go into the combined PDF: it needs {} ({}), and the combined PDF is {}, decided from the letters before it",
                needed.label(),
                why(&own),
                self.standard.label()
            )))
            .hint("merge letters with attachments or PDF enclosures into a combined PDF of their own, or give every letter the same kind of appendix")),
        }
    }

    /// Write a letter's pages, enclosures, attachments, outline entry and structure. Check
    /// with [`Combined::admit`] first: a letter that needs another standard makes
    /// [`Combined::finish`] fail.
    pub fn add(&mut self, doc: &Document) -> Result<(), Error> {
        for st in STYLES {
            let face = doc.fonts.face(st);
            let font = face.krilla_font();
            if !self.fonts.iter().any(|(f, _)| *f == font) {
                self.fonts.push((font, face.label().to_string()));
            }
        }
        let letter_no = self.writer.letters;
        self.writer.letter(doc, letter_no)
    }

    /// The finished PDF; `title` names the whole (default: the first letter's).
    pub fn finish(self, title: Option<&str>) -> Result<Vec<u8>, Error> {
        let options = self.writer.options;
        let Writer {
            mut pdf,
            image_paths,
            mut tree,
            outline,
            first_roots,
            letters,
            ..
        } = self.writer;
        if letters == 0 {
            return Err(Error::new(ErrorKind::Pdf(
                "there is nothing to write".into(),
            )));
        }
        for n in first_roots.into_iter().flatten() {
            tree.push(n);
        }
        pdf.set_tag_tree(tree);
        pdf.set_outline(outline);
        pdf.set_metadata(metadata(&self.first, title, options));
        let culprits = errors::Culprits {
            fonts: self.fonts,
            images: &image_paths,
        };
        let bytes = pdf
            .finish()
            .map_err(|e| errors::krilla_error(&e, &culprits))?;
        finish::finish(&bytes, options.print)
    }
}

/// What in a letter's appendix limits its standard, in words.
fn why(needs: &Needs) -> String {
    match (&needs.pdf_enclosure, needs.attachments) {
        (Some(p), _) => format!("its enclosure `{}` is a PDF", p.display()),
        (None, true) => "it attaches files".into(),
        (None, false) => "it has no attachments or PDF enclosures".into(),
    }
}
