//! The checks made once everything is resolved: every character drawable by the face that
//! draws it (the letter's texts, the firm's and the words letterpress adds itself), one-line
//! fields within their limits and free of control characters.

use std::borrow::Cow;

use serde_saphyr::{Location, Spanned};

use crate::error::{Error, ErrorKind};
use crate::fields::{self, Kind};
use crate::fonts::FontStyle;
use crate::spec::{Letter, Letterhead, SourceFile};
use crate::text::{Block, Span};

use super::cascade::{origin, Cascade, Ctx};
use super::{Resolved, MAX_LINE_CHARS};

/// A text the page will show, with its key, its face and where to point at a problem in it.
pub(super) struct Text<'a> {
    pub(super) key: &'static str,
    /// Borrowed from the letter and the resolved body; owned only for generated texts.
    pub(super) text: Cow<'a, str>,
    pub(super) style: FontStyle,
    pub(super) at: Option<(&'a SourceFile, Location)>,
    /// For a text letterpress writes itself: what it is ("the default salutation").
    pub(super) generated: Option<&'static str>,
}

/// Every text the page will show: as written (the letter's, then the firm's), the body span by
/// span in each span's face, and the texts letterpress writes itself (defaults and labels,
/// placed at the key that would replace them).
pub(super) fn texts<'a>(
    r: &'a Resolved,
    letter: &'a Letter,
    lh: Option<&'a Letterhead>,
) -> Vec<Text<'a>> {
    let mut out = Vec::new();
    for f in fields::drawn(letter, lh) {
        if f.kind == Kind::Markup {
            continue; // the body is taken span by span below, in each span's face
        }
        out.push(Text {
            key: f.key,
            text: Cow::Borrowed(f.text),
            style: f.style,
            at: f.loc.map(|loc| (f.file, loc)),
            generated: None,
        });
    }
    let mut spans = Vec::new();
    collect_spans(&r.body, &mut spans);
    let body_at = (&*letter.source, letter.spec.body.referenced);
    for sp in spans {
        out.push(Text {
            key: "body",
            text: Cow::Borrowed(&sp.text),
            style: sp.style,
            at: Some(body_at),
            generated: None,
        });
    }
    // A text letterpress writes is fixed by writing its key, or by another font: it points
    // at its key where the letter writes one, else at the font's choice.
    let font_choice = super::fonts::choice(&Cascade::new(letter, lh));
    for (key, text, what) in generated_texts(r, letter) {
        out.push(Text {
            key,
            text: Cow::Owned(text),
            style: FontStyle::Regular,
            at: fields::written_at(letter, key).or(font_choice),
            generated: Some(what),
        });
    }
    out
}

/// The texts letterpress sets itself, with the key whose value would replace them.
fn generated_texts(r: &Resolved, letter: &Letter) -> Vec<(&'static str, String, &'static str)> {
    let l = &letter.spec;
    let lang = r.lang;
    let label = "a word letterpress prints in the letter's language";
    let mut out = vec![
        ("date", r.date_line.clone(), label),
        ("language", lang.page_of(2, 3), label),
    ];
    if l.attention.is_some() {
        let att = super::attention::label(lang);
        out.push(("attention", att.into(), label));
    }
    if l.opening.is_none() {
        out.push(("opening", r.opening.clone(), "the default salutation"));
    }
    if l.closing.is_none() {
        out.push(("closing", r.closing.clone(), "the default closing"));
    }
    if !r.enclosures.is_empty() {
        out.push((
            "enclosures",
            lang.enclosures_label(r.enclosures.len()).into(),
            label,
        ));
    }
    if !r.cc.is_empty() {
        out.push(("cc", lang.cc_label().into(), label));
    }
    if r.ps.is_some() {
        out.push(("ps", lang.ps_label().into(), label));
    }
    for (k, _) in &r.references {
        out.push(("references", k.clone(), label));
    }
    let (tel, email, web) = lang.contact_labels();
    for (l, v) in [
        (tel, &r.sender.phone),
        (email, &r.sender.email),
        (web, &r.sender.web),
    ] {
        if v.is_some() {
            out.push(("sender", l.into(), label));
        }
    }
    out
}

/// Refuse the first character of a text the face for its style cannot draw.
pub(super) fn missing_glyph(cx: &mut Ctx, r: &Resolved, t: &Text) {
    let Some(ch) = r.fonts.first_missing(t.style, &t.text) else {
        return;
    };
    let origin = match (t.at, t.generated) {
        (None, _) => None,
        (Some((f, loc)), Some(_)) => f.origin(&loc),
        (Some((f, loc)), None) => f.origin_of_char(&loc, ch).or_else(|| f.origin(&loc)),
    };
    let hint = match t.generated {
        Some(what) => format!(
            "“{}” is {what}; choose a font that has ‘{ch}’ (`style: {{font: {{regular: …}}}}`), or write `{}:` yourself",
            t.text, t.key
        ),
        None => "replace the character, or choose a font that has it (`style: {font: {regular: …}}`)".into(),
    };
    cx.push(
        Error::new(ErrorKind::MissingGlyph {
            ch,
            code: ch as u32,
            font: format!("{} {:?}", r.fonts.family(), t.style),
            field: format!("`{}`", t.key),
        })
        .at(origin)
        .hint(hint),
    );
}

/// Whether `c` has no place in a one-line field: a control character (C0, DEL, C1) other
/// than a tab or line break, or a noncharacter that XML (the PDF's XMP metadata) cannot hold.
pub(crate) fn is_forbidden(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// One-line texts over [`MAX_LINE_CHARS`] (a pasted document in the subject, say), empty
/// titles, and control characters (which the PDF's XML metadata cannot hold).
pub(super) fn one_line_fields(cx: &mut Ctx, letter: &Letter) {
    let l = &letter.spec;
    let lf: &SourceFile = &letter.source;
    for (name, text, loc) in fields::one_line(l) {
        let loc = loc.unwrap_or(Location::UNKNOWN);
        let n = text.chars().count();
        if n > MAX_LINE_CHARS {
            cx.push(
                Error::new(ErrorKind::Limit(format!(
                    "`{name}` has {n} characters, more than the limit of {MAX_LINE_CHARS}"
                )))
                .at(lf.origin(&loc))
                .hint("shorten it; long text belongs in the body"),
            );
        }
        if text.trim().is_empty() && matches!(name, "subject" | "pdf.title") {
            cx.push(
                Error::new(ErrorKind::InvalidValue {
                    what: name.into(),
                    value: text.clone(),
                    reason: "it is empty".into(),
                })
                .at(lf.origin(&loc))
                .hint(format!(
                    "write the {name} or leave `{name}` out (the PDF's title is the subject, else the first address line)"
                )),
            );
        }
        control(cx, lf, name, text, &loc);
    }
    keywords_length(cx, letter);
    for line in &l.recipient.value {
        control(cx, lf, "recipient", line, &l.recipient.referenced);
    }
    if let Some(place) = &l.place {
        control(cx, lf, "place", place, &Location::UNKNOWN);
    }
    if let Some(refs) = &l.references {
        for (k, v) in &refs.value.0 {
            control(cx, lf, "references", k, &refs.referenced);
            control(cx, lf, "references", v, &refs.referenced);
        }
    }
    let longest = l.recipient.value.iter().map(|s| s.chars().count()).max();
    if let Some(n) = longest.filter(|n| *n > MAX_LINE_CHARS) {
        cx.push(
            Error::new(ErrorKind::Limit(format!(
                "a `recipient` line has {n} characters, more than the limit of {MAX_LINE_CHARS}"
            )))
            .at(origin(lf, &l.recipient)),
        );
    }
}

/// The PDF's keywords together within [`MAX_LINE_CHARS`].
fn keywords_length(cx: &mut Ctx, letter: &Letter) {
    let keywords: Vec<&Spanned<String>> =
        letter.spec.pdf.iter().flat_map(|p| &p.keywords).collect();
    let total: usize = keywords.iter().map(|k| k.value.chars().count() + 2).sum();
    if total > MAX_LINE_CHARS {
        let at = keywords.first().and_then(|k| origin(&letter.source, k));
        cx.push(
            Error::new(ErrorKind::Limit(format!(
                "`pdf.keywords` have {total} characters together, more than the limit of {MAX_LINE_CHARS}"
            )))
            .at(at)
            .hint("a few keywords are enough for a search"),
        );
    }
}

/// Refuse a control character in a one-line field, at the character.
fn control(cx: &mut Ctx, lf: &SourceFile, name: &str, text: &str, loc: &Location) {
    let Some(c) = text.chars().find(|&c| is_forbidden(c)) else {
        return;
    };
    cx.push(
        Error::new(ErrorKind::InvalidValue {
            what: format!("`{name}`"),
            value: text.escape_debug().to_string(),
            reason: format!("it holds the control character U+{:04X}", c as u32),
        })
        .at(lf.origin_of_char(loc, c).or_else(|| lf.origin(loc)))
        .hint("remove it: a one-line field holds printable text only (an escape such as `\\a` or `\\x07` in a quoted string writes one)"),
    );
}

/// All spans of a block tree, in order.
pub(crate) fn collect_spans<'a>(blocks: &'a [Block], out: &mut Vec<&'a Span>) {
    crate::text::collect_spans(blocks, out);
}
