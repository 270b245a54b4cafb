//! Resolve: letter + letterhead + `style:` overrides + defaults + locale → [`Resolved`], a letter
//! with every value checked and every file loaded (fonts parsed, images sniffed).
//!
//! Every problem is collected, so `check` can report them all at once.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::error::Errors;
use crate::fonts::{FontSet, FontStyle};
use crate::spec::{Letter, Letterhead};

mod inks;
mod jpeg;

/// The largest image accepted, in pixels (width × height), checked from the header before any
/// decoding: 40 megapixels is a 300 dpi A4 page with room to spare.
pub const MAX_IMAGE_PIXELS: u64 = 40_000_000;
/// The largest image file accepted, in bytes.
pub const MAX_IMAGE_BYTES: u64 = 32 * 1024 * 1024;
/// The most bytes a PNG may take decoded (pixels × channels × bytes per channel, from the
/// header): the PDF writer holds the pixels, and a 16-bit RGBA image of 40 megapixels would
/// need 320 MB (twice that at its peak). 128 MiB is a 300 dpi A4 page in 8-bit RGBA four
/// times over.
pub const MAX_IMAGE_DECODED_BYTES: u64 = 128 * 1024 * 1024;
/// The largest font file accepted, in bytes.
pub const MAX_FONT_BYTES: u64 = 64 * 1024 * 1024;

/// The most characters a body may have: 200 000 is some 60 pages of running text, far past
/// any letter, and keeps a render under a second.
pub const MAX_BODY_CHARS: usize = 200_000;
/// The most pages a letter may take.
pub const MAX_PAGES: usize = 50;
/// The most signatories, side by side under the closing.
pub const MAX_SIGNATORIES: usize = 6;
/// The most enclosures listed.
pub const MAX_ENCLOSURES: usize = 100;
/// The most `cc` entries.
pub const MAX_CC: usize = 100;
/// The most characters of any one-line text (subject, opening, a recipient line, a name…).
pub const MAX_LINE_CHARS: usize = 2_000;

mod artwork;
mod attention;
pub(crate) mod cascade;
pub(crate) mod checks;
mod content;
mod env;
mod fonts;
mod image;
mod letterhead;
mod markup;
mod meta;
mod model;
mod origins;
mod pdffilter;
mod pdfpage;
mod pdfwork;
mod print;
mod raster;
mod resources;
mod stationery;
mod svg;
mod svgwork;
mod values;

pub use env::Env;
pub use image::{image_from_bytes, ImageData, ImageFormat};
pub use letterhead::find_letterhead;
pub use model::{Header, Resolved, Sender, Signatory};
pub use origins::Origins;
pub use resources::Resources;

pub(crate) use artwork::Content;
pub use artwork::{vector_from_bytes, Artwork};
pub use pdfpage::{MAX_PDF_OBJECTS, MAX_PDF_SVG_BYTES};
pub use pdfwork::{
    MAX_PDF_CONTENT_BYTES, MAX_PDF_FORM_DEPTH, MAX_PDF_IMAGE_PIXELS, MAX_PDF_OPERATORS,
};
pub use print::{PrintSetup, MARKS_INSET_MM};
pub use stationery::FirmArtwork;
pub use svg::{MAX_SVG_DEPTH, MAX_SVG_NODES};
pub use svgwork::MAX_SVG_WORK;

use cascade::{Cascade, Ctx};

/// Resolve a letter against its letterhead (if any) and the environment.
///
/// ```
/// use letterpress::{load_letter_str, resolve, Env, Resources};
/// let letter = load_letter_str("language: de\nrecipient: [A]\nbody: danke.\ndate: 2026-11-26\n", "l.yaml")
///     .unwrap();
/// let r = resolve(&letter, None, &Env::default(), &Resources::new())?;
/// assert_eq!(r.opening, "Sehr geehrte Damen und Herren,");
/// assert_eq!(r.date_text, "26. November 2026");
/// // Every problem at once:
/// let bad = load_letter_str("language: xx\nrecipient: []\nbody: x\n", "l.yaml").unwrap();
/// assert_eq!(resolve(&bad, None, &Env::default(), &Resources::new()).unwrap_err().0.len(), 2);
/// # Ok::<(), letterpress::Errors>(())
/// ```
pub fn resolve(
    letter: &Letter,
    letterhead: Option<&Letterhead>,
    env: &Env,
    res: &Resources,
) -> Result<Resolved, Errors> {
    let mut cx = Ctx::new(res, env);
    let Some(r) = resolve_values(&mut cx, letter, letterhead) else {
        return Err(Errors(cx.errors));
    };
    for t in checks::texts(&r, letter, letterhead) {
        checks::missing_glyph(&mut cx, &r, &t);
    }
    if cx.errors.is_empty() {
        Ok(r)
    } else {
        Err(Errors(cx.errors))
    }
}

/// Every value of the letter; `None` only when not even a font could be loaded.
fn resolve_values(
    cx: &mut Ctx,
    letter: &Letter,
    letterhead: Option<&Letterhead>,
) -> Option<Resolved> {
    let cascade = Cascade::new(letter, letterhead);
    let signature_images = content::signature_images(cx, letter);
    let lang = values::language(cx, &cascade, letter);
    let geometry = values::geometry(cx, &cascade, letter, lang);
    // Not even the bundled fallback could be parsed (a broken build): nothing can be set.
    let fonts = fonts::resolve_fonts(cx, &cascade)?;
    let look = values::look(cx, &cascade, &fonts);
    let print = print::print_setup(cx, &cascade, &geometry);
    let (first_sheet, next_sheet) =
        stationery::resolve_stationery(cx, cascade.get(|s| s.stationery.as_ref()), &fonts);
    let firm = content::firm(&cascade);
    let date = values::date(cx, letter);
    let sender_country = content::sender_country(cx, &cascade, lang);
    // The country line is in the sender's language: the letterhead's (or `style:`'s), else the
    // letter's (a Polish firm writing in German still names the country in Polish).
    let sender_lang = cascade
        .get(|s| s.language.as_ref())
        .and_then(|p| crate::locale::Lang::parse(&p.value.value))
        .unwrap_or(lang);
    let recipient = content::recipient(cx, letter, &geometry, (sender_lang, lang), &sender_country);
    let body = content::body(cx, letter);
    content::check_counts(cx, letter);
    checks::one_line_fields(cx, letter);
    let signatures = content::signatures(cx, letter, signature_images);
    let (opening, closing) = content::salutation(cx, letter, lang);
    let appendix =
        crate::enclosures::resolve_appendix(letter, cx.env, cx.res).unwrap_or_else(|es| {
            cx.errors.extend(es);
            Default::default()
        });
    let l = &letter.spec;
    let mut r = Resolved {
        lang,
        date_line: lang.date_line(l.place.as_deref(), date),
        date_text: lang.format_date(date),
        date,
        recipient,
        mail_note: content::mail_note(letter),
        references: content::references(letter, lang),
        subject: l.subject.as_ref().map(|s| s.value.clone()),
        opening,
        body,
        closing,
        signatures,
        enclosures: l.enclosures.iter().map(|s| s.title.value.clone()).collect(),
        cc: l.cc.iter().map(|s| s.value.clone()).collect(),
        ps: l.ps.as_ref().map(|s| s.value.clone()),
        geometry,
        firm: firm.name,
        sender: firm.sender,
        return_address: firm.return_address,
        header: look.header,
        next_header: look.next_header,
        footer: firm.footer,
        fonts,
        size: look.size,
        accent: look.accent,
        accent_cmyk: inks::accent_cmyk(cx, &cascade),
        marks: look.marks,
        print,
        align: look.align,
        paragraphs: cx.res.paragraphs().clone(),
        artwork: FirmArtwork {
            first: first_sheet,
            next: next_sheet,
            watermark: l.watermark.as_ref().map(|w| w.value.trim().to_string()),
            alt: cascade
                .get(|s| s.stationery.as_ref())
                .and_then(|p| p.value.alt.as_ref())
                .map(|a| a.value.trim().to_string())
                .filter(|a| !a.is_empty()),
            notes: std::mem::take(&mut cx.notes),
        },
        appendix,
        warnings: std::mem::take(&mut cx.warnings),
        meta: Default::default(),
        origins: Origins::of(letter),
    };
    r.meta = meta::decide(&r, letter);
    Some(r)
}

/// How a letter's fonts cover its text: what `letterpress fonts LETTER` shows.
#[derive(Debug)]
#[non_exhaustive]
pub struct Coverage {
    /// The family the letter is set in, chosen as [`resolve`] chooses it.
    pub fonts: FontSet,
    /// The letter's own font files by face (empty for a bundled or registered family).
    pub files: BTreeMap<FontStyle, PathBuf>,
    /// Every character the letter prints, by the face it is set in, each with the first key it
    /// appears under (`body`, `opening`, or the default's key).
    pub chars: BTreeMap<FontStyle, BTreeMap<char, String>>,
}

/// The fonts of a letter and every character it prints, by face; the letter's other problems
/// (not a missing character) are errors, as for [`resolve`].
///
/// ```
/// use letterpress::{load_letter_str, resolve::coverage, Env, Resources};
/// let letter = load_letter_str("recipient: [A]\nbody: Zażółć.\n", "l.yaml")?;
/// let c = coverage(&letter, None, &Env::default(), &Resources::new()).unwrap();
/// let regular = &c.chars[&letterpress::fonts::FontStyle::Regular];
/// assert_eq!(regular[&'ż'], "body");
/// assert_eq!(regular[&'ń'], "opening"); // from the default "Szanowni Państwo,"
/// # Ok::<(), letterpress::Error>(())
/// ```
pub fn coverage(
    letter: &Letter,
    letterhead: Option<&Letterhead>,
    env: &Env,
    res: &Resources,
) -> Result<Coverage, Errors> {
    let mut cx = Ctx::new(res, env);
    let r = resolve_values(&mut cx, letter, letterhead);
    let (Some(r), true) = (r, cx.errors.is_empty()) else {
        return Err(Errors(cx.errors));
    };
    let mut chars: BTreeMap<FontStyle, BTreeMap<char, String>> = BTreeMap::new();
    for t in checks::texts(&r, letter, letterhead) {
        let m = chars.entry(t.style).or_default();
        for c in t
            .text
            .chars()
            .filter(|c| !c.is_whitespace() && !c.is_control())
        {
            m.entry(c).or_insert_with(|| t.key.to_string());
        }
    }
    let files = fonts::own_files(&Cascade::new(letter, letterhead));
    Ok(Coverage {
        fonts: r.fonts,
        files,
        chars,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{Error, ErrorKind};
    use crate::locale::Lang;
    use crate::spec::load_letter_str;
    use chrono::NaiveDate;

    fn resolve_str(yaml: &str) -> Result<Resolved, Errors> {
        let letter = load_letter_str(yaml, "letter.yaml").expect("loads");
        let env =
            Env::unrestricted().with_today(NaiveDate::from_ymd_opt(2026, 11, 26).expect("a date"));
        resolve(&letter, None, &env, &Resources::new())
    }

    fn only_error(yaml: &str) -> Error {
        let errs = resolve_str(yaml).expect_err("must fail").0;
        assert_eq!(errs.len(), 1, "exactly one problem expected: {errs:?}");
        errs.into_iter().next().expect("one")
    }

    #[test]
    fn defaults_fill_what_is_left_out() {
        let r = resolve_str("recipient: [A, B]\nbody: Hi.\n").expect("valid");
        assert_eq!(r.lang, Lang::Pl);
        assert_eq!(r.geometry.name, "din5008-b");
        assert_eq!(r.date_line, "26 listopada 2026 r.");
        assert_eq!(r.opening, "Szanowni Państwo,");
        assert_eq!(r.closing, "Z poważaniem");
        let r = resolve_str("language: en-US\nrecipient: [A]\nbody: Hi.\n").expect("valid");
        assert_eq!(
            r.geometry.name, "us-letter",
            "US letters default to US Letter"
        );
        assert_eq!(r.closing, "Sincerely,");
    }

    #[test]
    fn bad_values_are_located() {
        let e = only_error("recipient: [A]\ndate: 2026-02-30\nbody: x\n");
        assert!(e.to_string().contains("no such day"), "{e}");
        assert_eq!(e.origin.as_ref().map(|o| (o.line, o.column)), Some((2, 7)));
        let e = only_error("recipient: [A]\ndate: 26.11.2026\nbody: x\n");
        assert!(e.to_string().contains("not an ISO date"), "{e}");
        let e = only_error("recipient: [A]\nbody: x\nstyle:\n  accent: blue\n");
        assert!(e.to_string().contains("invalid colour `blue`"), "{e}");
        assert_eq!(e.origin.as_ref().map(|o| o.line), Some(4));
        let e = only_error("recipient: [A]\nbody: x\nstyle:\n  font:\n    size: 11\n");
        assert!(e.to_string().contains("needs a unit"), "{e}");
        let e = only_error("recipient: [A]\nbody: x\nlanguage: sk\n");
        assert!(e.to_string().contains("invalid language `sk`"), "{e}");
        let e = only_error("recipient: [A]\nbody: x\nlayout: din5008b\n");
        assert_eq!(
            e.hint
                .as_deref()
                .map(|h| h.contains("did you mean `din5008-b`")),
            Some(true),
            "{e}"
        );
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let errs = resolve_str("recipient: []\ndate: 2026-13-01\nlanguage: xx\nbody: x\n")
            .expect_err("must fail")
            .0;
        assert_eq!(
            errs.len(),
            3,
            "empty recipient, bad date, bad language: {errs:?}"
        );
    }

    #[test]
    fn too_many_address_lines_are_refused() {
        let e = only_error("recipient: [1, 2, 3, 4, 5, 6, 7]\nbody: x\n");
        assert!(e.to_string().contains("at most 6 address lines"), "{e}");
    }

    #[test]
    fn missing_files_name_the_path_and_the_line() {
        let e =
            only_error("recipient: [A]\nbody: x\nsignatures:\n  - name: A\n    image: nope.png\n");
        assert!(matches!(e.kind, ErrorKind::Io { .. }), "{e:?}");
        assert!(e.to_string().contains("nope.png"), "{e}");
        assert_eq!(e.origin.as_ref().map(|o| o.line), Some(5));
    }
}
