//! The envelope-fit check: after layout, every glyph of the address block must show through
//! the envelope window.
//!
//! Checked on the page model, so it holds for whatever the layout did: each line's ink box
//! (from the line's width and the face's ascender and descender) must lie inside the window of
//! the layout (the contract's address field; the DIN 680 and #10 windows are larger, which is
//! the play a folded letter has in its envelope); at most 6 address lines (5 in a #10 window)
//! and 3 endorsement lines; nothing in the window under 8 pt except the return-address line,
//! which DIN 5008 sets small (at least 6 pt).

use crate::error::{Error, ErrorKind, Origin};
use crate::fonts::FontSet;
use crate::layout::geometry::Geometry;
use crate::layout::model::{Document, Item, Role, TextLine};
use crate::units::mm;

/// The smallest size postal sorting reads reliably for the address (pt).
pub const MIN_ADDRESS_PT: f32 = 8.0;
/// The smallest size of the return-address line (pt).
pub const MIN_RETURN_PT: f32 = 6.0;
/// At most this many endorsement lines (DIN 5008: a 12.7 mm zone).
pub const MAX_ENDORSEMENT_LINES: usize = 3;

/// Check the address block of page 1 against the layout's window, and every other item
/// against its page and zone ([`super::bounds`]); every problem is reported.
pub fn check(doc: &Document, g: &Geometry, fonts: &FontSet) -> Vec<Error> {
    check_with_origins(doc, g, fonts, &|_| None)
}

/// [`check`], with the place in the letter of each kind of line (`recipient:`, `mail_note:`,
/// `return_address:`) for the messages.
pub fn check_with_origins(
    doc: &Document,
    g: &Geometry,
    fonts: &FontSet,
    origin_of: &dyn Fn(Role) -> Option<Origin>,
) -> Vec<Error> {
    let mut errors = Vec::new();
    let Some(page) = doc.pages.first() else {
        return errors;
    };
    let lines: Vec<&TextLine> = page
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text(t)
                if matches!(
                    t.role,
                    Role::Recipient | Role::MailNote | Role::ReturnAddress
                ) =>
            {
                Some(t)
            }
            _ => None,
        })
        .collect();
    let max_address = g.window_lines;
    let count = |role: Role| lines.iter().filter(|t| t.role == role).count();
    let fail = |role: Role, msg: String, hint: &str| {
        Error::new(ErrorKind::Layout(msg))
            .at(origin_of(role))
            .hint(hint.to_string())
    };
    if count(Role::Recipient) > max_address {
        errors.push(fail(
            Role::Recipient,
            format!(
                "the address has {} lines; the window of `{}` ({}) shows at most {max_address}",
                count(Role::Recipient),
                g.name,
                g.envelopes
            ),
            "join lines or move details into the body",
        ));
    }
    if count(Role::MailNote) > MAX_ENDORSEMENT_LINES {
        errors.push(fail(
            Role::MailNote,
            format!(
                "the endorsement (`mail_note`) has {} lines; its zone holds at most {MAX_ENDORSEMENT_LINES}",
                count(Role::MailNote)
            ),
            "shorten `mail_note`",
        ));
    }
    let w = g.window;
    for t in lines {
        let text = t.text();
        let size = t.runs.iter().map(|r| r.size).fold(f32::INFINITY, f32::min);
        if !size.is_finite() {
            continue;
        }
        let min = if t.role == Role::ReturnAddress {
            MIN_RETURN_PT
        } else {
            MIN_ADDRESS_PT
        };
        if size < min - 0.01 {
            errors.push(fail(
                t.role,
                format!("`{text}` is set at {size:.1} pt in the envelope window; at least {min} pt is needed"),
                "use a larger `font.size`, or shorten the line",
            ));
        }
        // The ink above the baseline: capital height plus room for accents (0.1 em); the
        // fonts' declared ascender also covers stacked Vietnamese marks no address needs.
        // Below: the declared descender. Either way at least the glyphs' own outlines, so
        // marks stacked on marks are measured.
        let ascent = t
            .runs
            .iter()
            .map(|r| fonts.face(r.style).cap_height(r.size) + 0.1 * r.size)
            .fold(0.0, f32::max);
        let descent = t
            .runs
            .iter()
            .map(|r| fonts.face(r.style).descender(r.size))
            .fold(0.0, f32::max);
        let ink = super::bounds::text_ink(t, fonts);
        let (left, right) = (t.x, t.x + t.width());
        let (top, bottom) = ((t.y - ascent).min(ink.top), (t.y + descent).max(ink.bottom));
        let over = [
            (w.x - left, "left of"),
            (right - w.right(), "right of"),
            (w.y - top, "above"),
            (bottom - w.bottom(), "below"),
        ];
        for (by, side) in over {
            if by > 0.05 {
                errors.push(fail(
                    t.role,
                    format!(
                        "`{text}` reaches {:.1} mm {side} the envelope window of `{}` ({})",
                        by / mm(1.0),
                        g.name,
                        g.envelopes
                    ),
                    "shorten the line or the address; the window is 85 × 45 mm on A4, 4.5 × 1.125 in on US Letter",
                ));
            }
        }
    }
    errors.extend(super::bounds::check(doc, g, fonts, origin_of));
    errors
}
