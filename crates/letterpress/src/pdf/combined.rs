//! A combined PDF written letter by letter, in memory that does not grow with the letters:
//! each letter is written by krilla as a PDF of its own (exactly as `render` writes it, in the
//! combined file's standard) and copied into the output at once by [`super::stream`], which
//! keeps what the end of the file needs in temporary files. Only a combined PDF whose letters
//! attach files is still built whole by krilla (see [`Combined::new`]).
//!
//! The standard is decided when the writer starts, from the [`Needs`] of the letters known
//! then (a merge: its first batch). A later letter whose appendix would need another standard
//! is refused by [`Combined::admit`] with the reason, so the caller can report it with its
//! record; it never changes or breaks the file the others are in.

use std::io::Write;
use std::path::Path;

use krilla::outline::Outline;
use krilla::tagging::TagTree;
use krilla::text::Font;
use krilla::{Document as KDocument, SerializeSettings};

use super::appendix::{self, standard_from, Needs};
use super::stream::Stream;
use super::{errors, finish, metadata, PdfOptions, Standard, Writer, STYLES};
use crate::error::{Error, ErrorKind};
use crate::layout::model::{Document, Meta};

/// One PDF of several letters, all held by krilla until it is finished (memory grows with
/// the letters): [`super::write_many`], each letter of a streamed [`Combined`], and a
/// combined PDF with attachments.
pub(super) struct Whole<'a> {
    writer: Writer<'a>,
    /// The metadata of the first letter (the document's language, date, authors).
    first: Meta,
    /// Every distinct font written, with its file, to name it in krilla's errors.
    fonts: Vec<(Font, String)>,
}

impl<'a> Whole<'a> {
    /// A PDF in the standard that letters with these `needs` can have (see
    /// [`standard_from`]); `first` gives the document's language and metadata.
    pub(super) fn new(
        first: &Document,
        options: &'a PdfOptions,
        duplex: bool,
        needs: &Needs,
    ) -> Result<Whole<'a>, Error> {
        let (standard, _) = standard_from(options, needs)?;
        Whole::with_standard(first, options, duplex, standard)
    }

    /// A PDF in `standard`.
    fn with_standard(
        first: &Document,
        options: &'a PdfOptions,
        duplex: bool,
        standard: Standard,
    ) -> Result<Whole<'a>, Error> {
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
        Ok(Whole {
            writer,
            first: first.meta.clone(),
            fonts: Vec::new(),
        })
    }

    /// Write a letter's pages, enclosures, attachments, outline entry and structure. A letter
    /// that needs another standard makes [`Whole::finish`] fail.
    pub(super) fn add(&mut self, doc: &Document) -> Result<(), Error> {
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
    pub(super) fn finish(self, title: Option<&str>) -> Result<Vec<u8>, Error> {
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

/// How the letters reach the output.
enum Body<'a, W: Write> {
    /// Copied one by one as they come (memory flat).
    Stream(Box<Stream<W>>),
    /// Held by krilla until the end (letters with attachments: the file's one list of
    /// embedded files must be sorted by name).
    Whole(Option<Box<Whole<'a>>>, W),
}

/// One PDF of several letters, written into `W` as they come.
pub struct Combined<'a, W: Write> {
    options: &'a PdfOptions,
    duplex: bool,
    /// The metadata of the first letter (the document's language, date, authors).
    first: Meta,
    needs: Needs,
    standard: Standard,
    warning: Option<String>,
    body: Body<'a, W>,
    letters: usize,
    /// A letter was written in part: the file cannot be finished.
    broken: bool,
}

impl<'a, W: Write> Combined<'a, W> {
    /// A combined PDF in the standard that letters with these `needs` can have (see
    /// [`standard_from`]), written into `out`; `first` gives the document's language and
    /// metadata; `spool` is a folder for temporary files (unnamed, gone when the writer is).
    ///
    /// The letters are streamed: memory stays flat however many there are. Except when the
    /// `needs` include attachments or the standard asked for is PDF/A-3 (made for them): then
    /// krilla holds the whole file until [`Combined::finish`], since the list of embedded
    /// files is one sorted name tree.
    pub fn new(
        first: &Document,
        options: &'a PdfOptions,
        duplex: bool,
        needs: &Needs,
        out: W,
        spool: &Path,
    ) -> Result<Combined<'a, W>, Error> {
        let (standard, warning) = standard_from(options, needs)?;
        let whole = needs.attachments
            || (options.exact_standard && matches!(standard, Standard::A3b | Standard::A3bUa1));
        let body = if whole {
            Body::Whole(
                Some(Box::new(Whole::with_standard(
                    first, options, duplex, standard,
                )?)),
                out,
            )
        } else {
            let max_objects = archival(standard).then_some(super::stream::PDFA_MAX_OBJECTS);
            Body::Stream(Box::new(Stream::new(out, spool, max_objects)?))
        };
        Ok(Combined {
            options,
            duplex,
            first: first.meta.clone(),
            needs: needs.clone(),
            standard,
            warning,
            body,
            letters: 0,
            broken: false,
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
        self.letters
    }

    /// Whether a failed [`Combined::add`] left part of a letter in the file, which can then
    /// not be finished. A letter that could not be written at all leaves the file as it was.
    pub fn is_broken(&self) -> bool {
        self.broken
    }

    /// Whether `doc` can go into this file: its appendix needs no other standard than the one
    /// decided, and it attaches no files to a streamed file. The error says why.
    pub fn admit(&self, doc: &Document) -> Result<(), Error> {
        let own = Needs::of(&[doc]);
        let (needed, _) = standard_from(self.options, &own)?;
        match standard_from(self.options, &self.needs.join(&own)) {
            Ok((joined, _)) if joined == self.standard => {}
            _ => return Err(Error::new(ErrorKind::Pdf(format!(
                "the letter cannot go into the combined PDF: it needs {} ({}), and the combined PDF is {}, decided from the letters before it",
                needed.label(),
                why(&own),
                self.standard.label()
            )))
            .hint("merge letters with attachments or PDF enclosures into a combined PDF of their own, or give every letter the same kind of appendix")),
        }
        if own.attachments && matches!(self.body, Body::Stream(_)) {
            return Err(Error::new(ErrorKind::Pdf(
                "the letter cannot go into the combined PDF: it attaches files, and the combined PDF is streamed because the letters before it attach none".into(),
            ))
            .hint("merge letters with attachments into a combined PDF of their own (or ask for `--pdf-standard a-3b` to build it whole)"));
        }
        Ok(())
    }

    /// Write a letter: its pages, enclosures, attachments, outline entry and structure. Check
    /// with [`Combined::admit`] first. After an error see [`Combined::is_broken`].
    pub fn add(&mut self, doc: &Document) -> Result<(), Error> {
        if self.broken {
            return Err(Error::new(ErrorKind::Pdf(
                "the combined PDF cannot be continued after an earlier failure".into(),
            )));
        }
        match &mut self.body {
            Body::Whole(w, _) => {
                let w = w
                    .as_mut()
                    .ok_or_else(|| Error::new(ErrorKind::Pdf("finished".into())))?;
                if let Err(e) = w.add(doc) {
                    self.broken = true;
                    return Err(e);
                }
            }
            Body::Stream(s) => {
                let mut one = Whole::with_standard(doc, self.options, self.duplex, self.standard)?;
                one.add(doc)?;
                let pdf = one.finish(None)?;
                if let Err(e) = s.add(&pdf) {
                    self.broken = true;
                    return Err(e);
                }
            }
        }
        self.letters += 1;
        Ok(())
    }

    /// Finish the file; `title` names the whole (default: the first letter's). The output,
    /// flushed.
    pub fn finish(self, title: Option<&str>) -> Result<W, Error> {
        if self.broken {
            return Err(Error::new(ErrorKind::Pdf(
                "the combined PDF cannot be finished after an earlier failure".into(),
            )));
        }
        match self.body {
            Body::Whole(w, mut out) => {
                let w = w.ok_or_else(|| Error::new(ErrorKind::Pdf("finished".into())))?;
                let bytes = w.finish(title)?;
                within_object_limit(&bytes, self.standard)?;
                out.write_all(&bytes)
                    .and_then(|()| out.flush())
                    .map_err(|e| {
                        Error::new(ErrorKind::Pdf(format!(
                            "cannot write the combined PDF: {e}"
                        )))
                    })?;
                Ok(out)
            }
            Body::Stream(s) => {
                let template = template(&self.first, title, self.options, self.standard)?;
                s.finish(&template)
            }
        }
    }
}

/// Whether `standard` is a PDF/A part (whose files may have at most
/// [`super::stream::PDFA_MAX_OBJECTS`] objects).
fn archival(standard: Standard) -> bool {
    matches!(
        standard,
        Standard::A2bUa1 | Standard::A2b | Standard::A3b | Standard::A3bUa1 | Standard::A2a
    )
}

/// Refuse a whole file in a PDF/A `standard` with more objects than PDF/A allows.
fn within_object_limit(bytes: &[u8], standard: Standard) -> Result<(), Error> {
    let max = super::stream::PDFA_MAX_OBJECTS;
    if !archival(standard) {
        return Ok(());
    }
    let count = super::syntax::parse(bytes).map_or(0, |f| f.objects.len());
    if count <= max as usize {
        return Ok(());
    }
    Err(Error::new(ErrorKind::PdfLimit(format!(
        "the combined PDF would have {count} objects, more than the {max} PDF/A allows in one file; split the batch into several combined files (`--shard K/N`) or write one file per letter"
    ))))
}

/// A one-page PDF in `standard` whose catalog, metadata and output intent a streamed file
/// takes (its page is dropped).
pub(super) fn template(
    first: &Meta,
    title: Option<&str>,
    options: &PdfOptions,
    standard: Standard,
) -> Result<Vec<u8>, Error> {
    let settings = SerializeSettings {
        configuration: standard.configuration()?,
        enable_tagging: true,
        cmyk_profile: super::press::krilla_profile_for(options.print)?,
        ..SerializeSettings::default()
    };
    let mut pdf = KDocument::new_with(settings);
    if let Some(page) = krilla::page::PageSettings::from_wh(595.0, 842.0) {
        pdf.start_page_with(page).finish();
    }
    // PDF/UA wants an outline; the template's is dropped with its page.
    let mut outline = Outline::new();
    outline.push_child(krilla::outline::OutlineNode::new(
        first.title.clone(),
        krilla::destination::XyzDestination::new(0, krilla::geom::Point::from_xy(0.0, 0.0)),
    ));
    pdf.set_outline(outline);
    pdf.set_tag_tree(TagTree::new().with_lang(Some(first.lang.clone())));
    pdf.set_metadata(metadata(first, title, options));
    let culprits = errors::Culprits {
        fonts: Vec::new(),
        images: &[],
    };
    let bytes = pdf
        .finish()
        .map_err(|e| errors::krilla_error(&e, &culprits))?;
    finish::finish(&bytes, options.print)
}

/// What in a letter's appendix limits its standard, in words.
fn why(needs: &Needs) -> String {
    match (&needs.pdf_enclosure, needs.attachments) {
        (Some(p), _) => format!("its enclosure `{}` is a PDF", p.display()),
        (None, true) => "it attaches files".into(),
        (None, false) => "it has no attachments or PDF enclosures".into(),
    }
}
