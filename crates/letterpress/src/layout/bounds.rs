//! The overflow check: after layout, every drawn item must lie on its page and every line of
//! the fixed zones of page 1 inside its zone.
//!
//! Checked on the page model, like the envelope check ([`super::envelope`]), so it holds for
//! whatever the layout did with whatever the letter holds: a `place` so long that the date
//! line starts left of the page, a hundred references running the information block off the
//! sheet, a sender address of sixty lines, a footer wider than the paper. Text is measured by
//! its ink (the glyphs' outlines, marks stacked on marks included). The lines of the address
//! window are the envelope check's; lines of the flow that stick into the margin (a word too
//! long for the measure) are warned about by the line breaker and are errors here only when
//! they leave the page.

use crate::error::{Error, ErrorKind, Origin};
use crate::fonts::FontSet;
use crate::layout::geometry::{Geometry, Rect};
use crate::layout::model::{Document, Item, Page, Role, TextLine};
use crate::units::mm;

/// How far (pt) ink may reach past its area before it is an error: rounding, not design.
const TOLERANCE: f32 = 0.5;

/// A box on the page: left, top, right, bottom.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ink {
    pub(crate) left: f32,
    pub(crate) top: f32,
    pub(crate) right: f32,
    pub(crate) bottom: f32,
}

/// Check every item of every page; one error per kind of line and page, at its place.
pub fn check(
    doc: &Document,
    g: &Geometry,
    fonts: &FontSet,
    origin_of: &dyn Fn(Role) -> Option<Origin>,
) -> Vec<Error> {
    let mut errors = Vec::new();
    let mut seen: Vec<(usize, String)> = Vec::new();
    for page in &doc.pages {
        let bottom = zone_bottom(page, g, fonts);
        for item in &page.items {
            let Some((ink, area, area_name, role)) = place_of(item, page, g, fonts, bottom) else {
                continue;
            };
            let Some((by, side)) = overflow(ink, area) else {
                continue;
            };
            // Named only when it overflows: most lines fit, and naming each cost more than
            // measuring it.
            let what = describe(item);
            let key = (
                page.number,
                role.map_or_else(|| what.clone(), |r| format!("{r:?}")),
            );
            if seen.contains(&key) {
                continue;
            }
            seen.push(key);
            errors.push(
                Error::new(ErrorKind::Layout(format!(
                    "{what} reaches {:.1} mm {side} {area_name} on page {}",
                    by / mm(1.0),
                    page.number
                )))
                .at(role.and_then(origin_of))
                .hint(hint(role)),
            );
        }
    }
    errors
}

/// What an item is, for messages.
fn describe(item: &Item) -> String {
    match item {
        Item::Text(t) => format!("{} `{}`", field_of(t.role), excerpt(&t.text())),
        Item::Image(i) => format!("the {} image `{}`", i.role, i.image.path.display()),
        Item::Rule(r) => format!("a {:?} rule", r.kind).to_lowercase(),
    }
}

/// An item's ink, the area it must stay in, that area's name and the item's role; `None` for
/// the lines the envelope check owns.
fn place_of(
    item: &Item,
    page: &Page,
    g: &Geometry,
    fonts: &FontSet,
    zone_bottom: f32,
) -> Option<(Ink, Rect, &'static str, Option<Role>)> {
    let sheet = Rect {
        x: 0.0,
        y: 0.0,
        w: page.width,
        h: page.height,
    };
    match item {
        Item::Text(t) => {
            if matches!(
                t.role,
                Role::Recipient | Role::MailNote | Role::ReturnAddress
            ) {
                return None;
            }
            let (area, name) = text_area(t.role, page, g, zone_bottom);
            Some((text_ink(t, fonts), area, name, Some(t.role)))
        }
        Item::Image(i) => Some((
            Ink {
                left: i.x,
                top: i.y,
                right: i.x + i.w,
                bottom: i.y + i.h,
            },
            sheet,
            "the page",
            None,
        )),
        Item::Rule(r) => Some((
            Ink {
                left: r.x1.min(r.x2),
                top: r.y1.min(r.y2),
                right: r.x1.max(r.x2),
                bottom: r.y1.max(r.y2),
            },
            sheet,
            "the page",
            None,
        )),
    }
}

/// The area a line of `role` must stay in, and its name for messages.
fn text_area(role: Role, page: &Page, g: &Geometry, zone_bottom: f32) -> (Rect, &'static str) {
    let right = page.width - g.margin_right;
    match role {
        Role::Info => (
            Rect {
                x: g.info.x,
                y: g.info.y - 2.0,
                w: g.info_right().min(right) - g.info.x,
                h: zone_bottom - (g.info.y - 2.0),
            },
            "the information block's column (above the footer)",
        ),
        Role::Date if page.number == 1 => (
            Rect {
                x: g.margin_left,
                y: 0.0,
                w: right - g.margin_left,
                h: zone_bottom,
            },
            "the text area",
        ),
        Role::Letterhead => (
            Rect {
                x: 0.0,
                y: 0.0,
                w: page.width,
                h: g.window.y,
            },
            "the letterhead band above the address window",
        ),
        Role::Footer => (
            Rect {
                x: mm(8.0),
                y: 0.0,
                w: page.width - mm(16.0),
                h: page.height,
            },
            "the printable width of the page (8 mm from each edge)",
        ),
        _ => (
            Rect {
                x: 0.0,
                y: 0.0,
                w: page.width,
                h: page.height,
            },
            "the page",
        ),
    }
}

/// Where the fixed zones of a page end: the top of the footer's ink, else the bottom margin.
fn zone_bottom(page: &Page, g: &Geometry, fonts: &FontSet) -> f32 {
    page.items
        .iter()
        .filter_map(|i| match i {
            Item::Text(t) if t.role == Role::Footer => Some(text_ink(t, fonts).top),
            _ => None,
        })
        .fold(page.height - g.margin_bottom, f32::min)
}

/// The ink box of a text line: its width, and its glyphs' outlines above and below the baseline.
pub(crate) fn text_ink(t: &TextLine, fonts: &FontSet) -> Ink {
    let (mut up, mut down) = (0.0f32, 0.0f32);
    for r in &t.runs {
        let glyphs = r.glyphs.iter().map(|g| (g.id, g.y_offset));
        let (u, d) = fonts.face(r.style).ink_extent(glyphs, r.size);
        up = up.max(u);
        down = down.max(d);
    }
    let left = t.runs.iter().map(|r| r.x).fold(0.0, f32::min);
    Ink {
        left: t.x + left,
        top: t.y - up,
        right: t.x + t.width(),
        bottom: t.y + down,
    }
}

/// How far `ink` reaches out of `area` on its worst side, if it does.
fn overflow(ink: Ink, area: Rect) -> Option<(f32, &'static str)> {
    let sides = [
        (area.x - ink.left, "left of"),
        (ink.right - area.right(), "right of"),
        (area.y - ink.top, "above"),
        (ink.bottom - area.bottom(), "below"),
    ];
    sides
        .into_iter()
        .filter(|(by, _)| by.is_finite() && *by > TOLERANCE)
        .max_by(|a, b| a.0.total_cmp(&b.0))
}

/// The first characters of a line, for a message.
fn excerpt(text: &str) -> String {
    const MAX: usize = 40;
    let text = text.trim();
    if text.chars().count() <= MAX {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(MAX).collect::<String>())
    }
}

/// The letter or letterhead field a line comes from, for messages.
fn field_of(role: Role) -> &'static str {
    match role {
        Role::Letterhead => {
            "the letterhead line (letterhead `name`, `sender.address`, `sender.web`)"
        }
        Role::ReturnAddress => "the return address (`return_address`)",
        Role::MailNote => "the endorsement (`mail_note`)",
        Role::Recipient => "the address (`recipient`)",
        Role::Info => "the information block line (`references`, letterhead `sender`)",
        Role::Date => "the place and date line (`place`, `date`)",
        Role::Subject => "the subject (`subject`)",
        Role::Opening => "the salutation (`opening`)",
        Role::Body | Role::ListMarker => "the body line (`body`)",
        Role::Closing => "the closing (`closing`)",
        Role::SignatureName => "the signatory's name (`signatures.name`)",
        Role::SignatureRole => "the signatory's role (`signatures.role`)",
        Role::Enclosures => "the enclosures line (`enclosures`)",
        Role::Cc => "the copies line (`cc`)",
        Role::Ps => "the postscript (`ps`)",
        Role::Footer => "the footer line (letterhead `footer`)",
        Role::Continuation => "the continuation header (`subject`, `recipient`)",
        Role::Watermark => "the watermark (`watermark`)",
    }
}

/// How to fix an overflow of a line of `role`.
fn hint(role: Option<Role>) -> String {
    match role {
        Some(Role::Date) => "shorten `place` (the town alone, e.g. `Warszawa`)".into(),
        Some(Role::Info) => "shorten the information block: fewer `references` or sender address lines (the letterhead's `sender`)".into(),
        Some(Role::Letterhead) => "shorten the letterhead's `name` and `sender.address`, or give it a `header` image".into(),
        Some(Role::Footer) => "shorten or split the letterhead's `footer` lines".into(),
        _ => "shorten the text; a word too long for the line cannot be broken".into(),
    }
}
