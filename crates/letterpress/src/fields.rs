//! Every text of a letter and of its letterhead (or `style:`), in one list: the key it is
//! written under, what kind of text it is, the face it is set in and where it is written.
//!
//! The one place that knows the letter's fields: the font coverage check, the length and
//! control-character checks, mail merge's placeholders, the `fonts` command and the fuzz
//! target all walk the letter through [`visit`] / [`visit_mut`] or [`drawn`]. A key added to
//! the format is added here once.

use serde_saphyr::Location;

use crate::fonts::FontStyle;
use crate::spec::{
    FontSpec, HeaderSpec, Letter, LetterSpec, Letterhead, LetterheadSpec, SourceFile,
};

/// What a text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Kind {
    /// One line drawn on the page (subject, an address line, a name).
    Line,
    /// Several lines drawn on the page (`mail_note`, `ps`).
    Lines,
    /// The body: markup, drawn block by block.
    Markup,
    /// A setting, never drawn: a language, a layout, a date, a path, a length, a colour.
    Setting,
    /// The PDF's metadata (title, subject, author, keywords) and alternative texts.
    Metadata,
}

/// A text's key, kind, face and place.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct Key {
    /// The key as the format names it (`subject`, `signatures.role`, `style.sender`).
    pub key: &'static str,
    /// What the text is.
    pub kind: Kind,
    /// The face it is set in (drawn texts).
    pub style: FontStyle,
    /// Where its value starts in the file (`None`: a key the parser keeps no place of).
    pub loc: Option<Location>,
}

/// A drawn text with its file, for checks that point at a character in it.
#[derive(Debug, Clone, Copy)]
pub struct Drawn<'a> {
    /// The key as the format names it.
    pub key: &'static str,
    /// [`Kind::Line`], [`Kind::Lines`] or [`Kind::Markup`].
    pub kind: Kind,
    /// The face it is set in.
    pub style: FontStyle,
    /// The text.
    pub text: &'a str,
    /// The file it is written in (the letter's, or the letterhead's).
    pub file: &'a SourceFile,
    /// Where its value starts (`None`: a key the parser keeps no place of).
    pub loc: Option<Location>,
}

const REGULAR: FontStyle = FontStyle::Regular;

/// Writes the shared and the mutable visitor from one list of keys.
macro_rules! visitors {
    ($letter:ident, $style:ident, $($m:ident)?) => {
        /// Every string of a letter, in the order of the format, with its key; not its `style:`
        /// (a letterhead: walk it with the letterhead visitor).
        pub fn $letter<'a>(l: &'a $($m)? LetterSpec, f: &mut dyn FnMut(Key, &'a $($m)? String)) {
            macro_rules! one {
                ($v:expr, $k:expr, $kind:expr, $st:expr) => {{
                    let v = & $($m)? $v;
                    let loc = v.referenced;
                    f(Key { key: $k, kind: $kind, style: $st, loc: Some(loc) }, & $($m)? v.value);
                }};
            }
            macro_rules! opt {
                ($v:expr, $k:expr, $kind:expr, $st:expr) => {
                    if let Some(v) = & $($m)? $v {
                        let loc = v.referenced;
                        f(Key { key: $k, kind: $kind, style: $st, loc: Some(loc) }, & $($m)? v.value);
                    }
                };
            }
            opt!(l.letterhead, "letterhead", Kind::Setting, REGULAR);
            opt!(l.language, "language", Kind::Setting, REGULAR);
            opt!(l.layout, "layout", Kind::Setting, REGULAR);
            if let Some(p) = & $($m)? l.place {
                f(Key { key: "place", kind: Kind::Line, style: REGULAR, loc: None }, p);
            }
            opt!(l.date, "date", Kind::Setting, REGULAR);
            let loc = l.recipient.referenced;
            for line in & $($m)? l.recipient.value {
                f(Key { key: "recipient", kind: Kind::Line, style: REGULAR, loc: Some(loc) }, line);
            }
            opt!(l.attention, "attention", Kind::Line, REGULAR);
            opt!(l.mail_note, "mail_note", Kind::Lines, REGULAR);
            if let Some(refs) = & $($m)? l.references {
                let loc = refs.referenced;
                for (k, v) in & $($m)? refs.value.0 {
                    f(Key { key: "references", kind: Kind::Line, style: REGULAR, loc: Some(loc) }, k);
                    f(Key { key: "references", kind: Kind::Line, style: REGULAR, loc: Some(loc) }, v);
                }
            }
            opt!(l.subject, "subject", Kind::Line, FontStyle::Bold);
            opt!(l.opening, "opening", Kind::Line, REGULAR);
            opt!(l.recipient_title, "recipient_title", Kind::Setting, REGULAR);
            one!(l.body, "body", Kind::Markup, REGULAR);
            opt!(l.closing, "closing", Kind::Line, REGULAR);
            for s in & $($m)? l.signatures {
                one!(s.name, "signatures.name", Kind::Line, REGULAR);
                opt!(s.role, "signatures.role", Kind::Line, REGULAR);
                opt!(s.image, "signatures.image", Kind::Setting, REGULAR);
            }
            for e in & $($m)? l.enclosures {
                one!(e.title, "enclosures", Kind::Line, REGULAR);
                opt!(e.file, "enclosures.file", Kind::Setting, REGULAR);
                opt!(e.pages, "enclosures.pages", Kind::Setting, REGULAR);
            }
            for a in & $($m)? l.attachments {
                one!(a.file, "attachments.file", Kind::Setting, REGULAR);
                opt!(a.description, "attachments.description", Kind::Metadata, REGULAR);
                opt!(a.relationship, "attachments.relationship", Kind::Setting, REGULAR);
            }
            for c in & $($m)? l.cc {
                one!(*c, "cc", Kind::Line, REGULAR);
            }
            opt!(l.ps, "ps", Kind::Lines, REGULAR);
            opt!(l.watermark, "watermark", Kind::Line, FontStyle::Bold);
            if let Some(p) = & $($m)? l.pdf {
                opt!(p.title, "pdf.title", Kind::Metadata, REGULAR);
                opt!(p.subject, "pdf.subject", Kind::Metadata, REGULAR);
                for k in & $($m)? p.keywords {
                    one!(*k, "pdf.keywords", Kind::Metadata, REGULAR);
                }
                opt!(p.author, "pdf.author", Kind::Metadata, REGULAR);
            }
        }

        /// Every string of a letterhead (or of a letter's `style:`), with its key.
        pub fn $style<'a>(h: &'a $($m)? LetterheadSpec, f: &mut dyn FnMut(Key, &'a $($m)? String)) {
            macro_rules! opt {
                ($v:expr, $k:expr, $kind:expr, $st:expr) => {
                    if let Some(v) = & $($m)? $v {
                        let loc = v.referenced;
                        f(Key { key: $k, kind: $kind, style: $st, loc: Some(loc) }, & $($m)? v.value);
                    }
                };
            }
            macro_rules! header {
                ($h:expr, $k:literal) => {
                    if let Some(h) = & $($m)? $h {
                        let HeaderSpec { image, height, alt, .. } = h;
                        let loc = image.referenced;
                        f(Key { key: concat!($k, ".image"), kind: Kind::Setting, style: REGULAR, loc: Some(loc) }, & $($m)? image.value);
                        opt!(*height, concat!($k, ".height"), Kind::Setting, REGULAR);
                        opt!(*alt, concat!($k, ".alt"), Kind::Metadata, REGULAR);
                    }
                };
            }
            opt!(h.name, "name", Kind::Line, FontStyle::Bold);
            opt!(h.language, "language", Kind::Setting, REGULAR);
            opt!(h.layout, "layout", Kind::Setting, REGULAR);
            if let Some(s) = & $($m)? h.sender {
                opt!(s.name, "sender.name", Kind::Line, REGULAR);
                for a in & $($m)? s.address {
                    let loc = a.referenced;
                    f(Key { key: "sender.address", kind: Kind::Line, style: REGULAR, loc: Some(loc) }, & $($m)? a.value);
                }
                opt!(s.phone, "sender.phone", Kind::Line, REGULAR);
                opt!(s.email, "sender.email", Kind::Line, REGULAR);
                opt!(s.web, "sender.web", Kind::Line, REGULAR);
            }
            opt!(h.return_address, "return_address", Kind::Line, REGULAR);
            header!(h.header, "header");
            header!(h.next_header, "next_header");
            if let Some(lines) = & $($m)? h.footer {
                for v in lines {
                    let loc = v.referenced;
                    f(Key { key: "footer", kind: Kind::Line, style: REGULAR, loc: Some(loc) }, & $($m)? v.value);
                }
            }
            if let Some(font) = & $($m)? h.font {
                let FontSpec { family, regular, bold, italic, bold_italic, size, .. } = font;
                opt!(*family, "font.family", Kind::Setting, REGULAR);
                opt!(*regular, "font.regular", Kind::Setting, REGULAR);
                opt!(*bold, "font.bold", Kind::Setting, REGULAR);
                opt!(*italic, "font.italic", Kind::Setting, REGULAR);
                opt!(*bold_italic, "font.bold_italic", Kind::Setting, REGULAR);
                opt!(*size, "font.size", Kind::Setting, REGULAR);
            }
            if let Some(st) = & $($m)? h.stationery {
                let loc = st.file.referenced;
                f(Key { key: "stationery.file", kind: Kind::Setting, style: REGULAR, loc: Some(loc) }, & $($m)? st.file.value);
                opt!(st.alt, "stationery.alt", Kind::Metadata, REGULAR);
            }
            opt!(h.accent, "accent", Kind::Setting, REGULAR);
            opt!(h.align, "align", Kind::Setting, REGULAR);
            opt!(h.printable_margin, "printable_margin", Kind::Setting, REGULAR);
            opt!(h.marks_inset, "marks_inset", Kind::Setting, REGULAR);
            opt!(h.bleed, "bleed", Kind::Setting, REGULAR);
        }
    };
}

visitors!(visit, visit_letterhead,);
visitors!(visit_mut, visit_letterhead_mut, mut);

/// The keys whose texts a letterhead contributes to the page, in drawing order; the letter's
/// `style:` value of a key wins over the letterhead's, key by key.
const FIRM_KEYS: &[&str] = &["footer", "return_address", "name", "sender"];

/// Every text the page will show as written, with its file: the letter's drawn texts, then the
/// firm's (the `style:` value of a key over the letterhead's).
pub fn drawn<'a>(letter: &'a Letter, letterhead: Option<&'a Letterhead>) -> Vec<Drawn<'a>> {
    let is_drawn = |k: &Key| matches!(k.kind, Kind::Line | Kind::Lines | Kind::Markup);
    let mut out = Vec::new();
    let lf: &SourceFile = &letter.source;
    visit(&letter.spec, &mut |k, text| {
        if is_drawn(&k) {
            out.push(Drawn::new(k, text, lf));
        }
    });
    for group in FIRM_KEYS {
        let from_style = letter.spec.style.as_ref().filter(|s| has_group(s, group));
        let (spec, file): (&LetterheadSpec, &SourceFile) = match (from_style, letterhead) {
            (Some(s), _) => (s, lf),
            (None, Some(h)) => (&h.spec, &h.source),
            (None, None) => continue,
        };
        visit_letterhead(spec, &mut |k, text| {
            if is_drawn(&k) && group_of(k.key) == *group {
                out.push(Drawn::new(k, text, file));
            }
        });
    }
    out
}

/// `sender` for `sender.address`.
fn group_of(key: &str) -> &str {
    key.split('.').next().unwrap_or(key)
}

/// Whether a letterhead (or `style:`) sets any key of a group.
fn has_group(h: &LetterheadSpec, group: &str) -> bool {
    match group {
        "footer" => h.footer.is_some(),
        "return_address" => h.return_address.is_some(),
        "name" => h.name.is_some(),
        "sender" => h.sender.is_some(),
        _ => false,
    }
}

impl<'a> Drawn<'a> {
    fn new(k: Key, text: &'a str, file: &'a SourceFile) -> Self {
        Drawn {
            key: k.key,
            kind: k.kind,
            style: k.style,
            text,
            file,
            loc: k.loc,
        }
    }
}

/// The one-line texts a letter writes (not the address, the body, `ps` or `mail_note`), with
/// their keys: what the length and control-character checks walk.
pub fn one_line(l: &LetterSpec) -> Vec<(&'static str, &String, Option<Location>)> {
    let mut out = Vec::new();
    visit(l, &mut |k, text| {
        let one_line = match k.kind {
            Kind::Line | Kind::Metadata => !matches!(k.key, "recipient" | "place" | "references"),
            Kind::Setting => matches!(k.key, "date" | "recipient_title"),
            Kind::Lines | Kind::Markup => false,
        };
        if one_line {
            out.push((k.key, text, k.loc));
        }
    });
    out
}

/// Where a key the letter may leave out is written, when it is.
pub fn written_at<'a>(letter: &'a Letter, key: &str) -> Option<(&'a SourceFile, Location)> {
    let mut at = None;
    visit(&letter.spec, &mut |k, _| {
        if at.is_none() && k.key == key {
            at = k.loc;
        }
    });
    at.map(|loc| (&*letter.source, loc))
}
