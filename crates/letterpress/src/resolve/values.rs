//! The letter's look, each value from the cascade or its default: language, layout, body size,
//! accent colour, alignment, fold marks, the date and the header artwork.

use chrono::NaiveDate;
use serde_saphyr::Spanned;

use crate::error::{Error, ErrorKind, Warning};
use crate::fonts::FontSet;
use crate::layout::geometry::Geometry;
use crate::locale::Lang;
use crate::spec::{HeaderSpec, Letter, LetterheadSpec, SourceFile};
use crate::text::Align;
use crate::units::{mm, parse_length, Color};

use super::cascade::{invalid, origin, Cascade, Ctx, Pick};
use super::Header;

/// Body size when none is given, in points.
const DEFAULT_SIZE: f32 = 11.0;
/// Default heights of the page-1 and pages-2+ header boxes, in millimetres.
const HEADER_HEIGHT_MM: f32 = 45.0;
const NEXT_HEADER_HEIGHT_MM: f32 = 15.0;
/// The tallest header box accepted, in millimetres.
const MAX_HEADER_HEIGHT_MM: f32 = 120.0;

/// The values of the letter's look, resolved together.
pub(super) struct Look {
    pub(super) size: f32,
    pub(super) accent: Color,
    pub(super) marks: bool,
    pub(super) align: Align,
    pub(super) header: Option<Header>,
    pub(super) next_header: Option<Header>,
}

/// Language: the letter's, else the style's or letterhead's, else Polish.
pub(super) fn language(cx: &mut Ctx, cascade: &Cascade, letter: &Letter) -> Lang {
    let Some(p) = cascade.letter_first(letter.spec.language.as_ref(), |s| s.language.as_ref())
    else {
        return Lang::Pl;
    };
    Lang::parse(&p.value.value).unwrap_or_else(|| {
        cx.push(
            Error::new(ErrorKind::InvalidValue {
                what: "language".into(),
                value: p.value.value.clone(),
                reason: "not a supported language".into(),
            })
            .at(origin(p.file, p.value))
            .hint(format!("use one of {}", Lang::TAGS.join(", "))),
        );
        Lang::Pl
    })
}

/// The layout preset: the letter's, else the cascade's, else the language's default.
pub(super) fn geometry(cx: &mut Ctx, cascade: &Cascade, letter: &Letter, lang: Lang) -> Geometry {
    let default = || Geometry::by_name(lang.default_layout()).unwrap_or_else(unreachable_geometry);
    let Some(p) = cascade.letter_first(letter.spec.layout.as_ref(), |s| s.layout.as_ref()) else {
        return default();
    };
    if let Some(g) = Geometry::by_name(&p.value.value) {
        return g;
    }
    let near = crate::error::nearest(&p.value.value, Geometry::NAMES.iter().copied());
    cx.push(
        Error::new(ErrorKind::InvalidValue {
            what: "layout".into(),
            value: p.value.value.clone(),
            reason: "not a known layout".into(),
        })
        .at(origin(p.file, p.value))
        .hint(match near {
            Some(n) => format!(
                "did you mean `{n}`? layouts: {}",
                Geometry::NAMES.join(", ")
            ),
            None => format!("use one of {}", Geometry::NAMES.join(", ")),
        }),
    );
    default()
}

fn unreachable_geometry() -> Geometry {
    // Every language's default layout is a preset name; this is never reached, and if it were
    // the letter is set on DIN 5008 form B rather than panicking.
    Geometry::din5008_b()
}

/// Size, colour, alignment, marks and header artwork.
pub(super) fn look(cx: &mut Ctx, cascade: &Cascade, fonts: &FontSet) -> Look {
    Look {
        size: size(cx, cascade),
        accent: accent(cx, cascade),
        marks: cascade
            .style
            .and_then(|s| s.marks)
            .or(cascade.letterhead.and_then(|h| h.marks))
            .unwrap_or(true),
        align: align(cx, cascade),
        header: header(
            cx,
            cascade.get(|s| s.header.as_ref()),
            inherited_alt(cascade, |s| s.header.as_ref()),
            mm(HEADER_HEIGHT_MM),
            fonts,
        ),
        next_header: header(
            cx,
            cascade.get(|s| s.next_header.as_ref()),
            inherited_alt(cascade, |s| s.next_header.as_ref()),
            mm(NEXT_HEADER_HEIGHT_MM),
            fonts,
        ),
    }
}

/// The body size: 6–24 pt, 11 pt when not given.
fn size(cx: &mut Ctx, cascade: &Cascade) -> f32 {
    let Some(p) = cascade.get(|s| s.font.as_ref().and_then(|f| f.size.as_ref())) else {
        return DEFAULT_SIZE;
    };
    match parse_length(&p.value.value) {
        Ok(v) if (6.0..=24.0).contains(&v) => v,
        Ok(v) => {
            cx.push(
                Error::new(ErrorKind::InvalidValue {
                    what: "font size".into(),
                    value: p.value.value.clone(),
                    reason: format!("{v:.1} pt is outside 6–24 pt"),
                })
                .at(origin(p.file, p.value))
                .hint("business letters are set at 10–12 pt, e.g. `11pt`"),
            );
            DEFAULT_SIZE
        }
        Err(reason) => {
            cx.push(invalid("font size", p.value, p.file, reason));
            DEFAULT_SIZE
        }
    }
}

fn accent(cx: &mut Ctx, cascade: &Cascade) -> Color {
    match cascade.get(|s| s.accent.as_ref()) {
        Some(p) => Color::parse(&p.value.value).unwrap_or_else(|reason| {
            cx.push(invalid("colour", p.value, p.file, reason));
            Color::BLACK
        }),
        None => Color::BLACK,
    }
}

fn align(cx: &mut Ctx, cascade: &Cascade) -> Align {
    let Some(p) = cascade.get(|s| s.align.as_ref()) else {
        return Align::Justify;
    };
    match p.value.value.trim() {
        "justify" => Align::Justify,
        "left" => Align::Left,
        other => {
            let near = crate::error::nearest(other, ["justify", "left"]);
            cx.push(
                Error::new(ErrorKind::InvalidValue {
                    what: "alignment".into(),
                    value: p.value.value.clone(),
                    reason: "not a body alignment".into(),
                })
                .at(origin(p.file, p.value))
                .hint(match near {
                    Some(n) => format!("did you mean `{n}`? use `justify` or `left`"),
                    None => "use `justify` (both edges straight) or `left` (ragged right)".into(),
                }),
            );
            Align::Justify
        }
    }
}

/// The letter's `date`: an ISO date in the years 1–9999 (a year 0, a negative year or one of
/// five digits is a typo, and PDF dates cannot hold it); today when it is left out, or, with
/// an error, when it is wrong.
pub(super) fn date(cx: &mut Ctx, letter: &Letter) -> NaiveDate {
    use chrono::Datelike;
    let Some(d) = &letter.spec.date else {
        return cx.env.today();
    };
    let reason = match NaiveDate::parse_from_str(d.value.trim(), "%Y-%m-%d") {
        Ok(date) if (1..=9999).contains(&date.year()) => return date,
        Ok(date) => format!("the year {} is outside 1–9999", date.year()),
        Err(e) => match e.kind() {
            chrono::format::ParseErrorKind::OutOfRange => "no such day in the calendar".into(),
            _ => "not an ISO date".into(),
        },
    };
    cx.push(
        invalid("date", d, &letter.source, reason)
            .hint("write the date as YYYY-MM-DD, e.g. `2026-11-26`, or leave `date` out for today"),
    );
    cx.env.today()
}

/// The letterhead's `alt` of a header, which a `style:` override without an `alt` of its own
/// keeps (the override changes the picture, rarely what it stands for).
fn inherited_alt<'a>(
    cascade: &Cascade<'a>,
    key: impl Fn(&'a LetterheadSpec) -> Option<&'a HeaderSpec>,
) -> Option<&'a Spanned<String>> {
    cascade
        .letterhead
        .and_then(key)
        .and_then(|h| h.alt.as_ref())
}

/// A header image and its box height; its `alt`, else the one it inherits.
fn header(
    cx: &mut Ctx,
    p: Option<Pick<HeaderSpec>>,
    inherited: Option<&Spanned<String>>,
    default_h: f32,
    fonts: &FontSet,
) -> Option<Header> {
    let p = p?;
    let path = p.file.base_dir().join(p.value.image.value.trim());
    let page = p.value.page.as_ref().map_or(1, |n| n.value as usize);
    let image = match cx.res.artwork(cx.env, &path, fonts, page) {
        Ok(a) => {
            let at = origin(p.file, &p.value.image);
            cx.notes
                .extend(a.notes.into_iter().map(|n| Warning::new(n).at(at.clone())));
            a.image
        }
        Err(kind) => {
            cx.push(Error::new(kind).at(origin(p.file, &p.value.image)));
            return None;
        }
    };
    let height = match &p.value.height {
        Some(h) => header_height(cx, h, p.file).unwrap_or(default_h),
        None => default_h,
    };
    let alt = p
        .value
        .alt
        .as_ref()
        .or(inherited)
        .map(|a| a.value.trim().to_string())
        .filter(|a| !a.is_empty());
    Some(Header { image, height, alt })
}

fn header_height(cx: &mut Ctx, h: &Spanned<String>, file: &SourceFile) -> Option<f32> {
    match parse_length(&h.value) {
        Ok(v) if v > 0.0 && v <= mm(MAX_HEADER_HEIGHT_MM) => Some(v),
        Ok(_) => {
            cx.push(
                invalid(
                    "header height",
                    h,
                    file,
                    "must be more than 0 and at most 120mm".into(),
                )
                .hint("a letterhead band is usually 25–50mm tall"),
            );
            None
        }
        Err(reason) => {
            cx.push(invalid("length", h, file, reason));
            None
        }
    }
}
