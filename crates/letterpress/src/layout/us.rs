//! The American block letter on `us-letter` and `us-letter-9`: letterhead, date, inside
//! address, salutation, all on the body's left edge. The date stands above the window (the
//! US block-letter order), and the return line and the endorsement keep a clear gap from the
//! address below them in the #10 / #9 window, which has no separate zones as DIN 5008 has.

use super::model::{Item, Role};
use super::{span, text_item, Cx};
use crate::error::Error;
use crate::fonts::FontStyle;
use crate::units::Color;

/// The date's baseline above the window's top edge, in lines of the body's size: clear of the
/// window (and of the play of the sheet in its envelope) and below the letterhead.
const DATE_ABOVE_WINDOW: f32 = 1.5;
/// Space between the return line's rule and what follows it in the window, in points.
pub(super) const RETURN_GAP: f32 = 2.5;
/// Space between the endorsement (`mail_note`) and the address, in points.
pub(super) const ENDORSEMENT_GAP: f32 = 4.0;

impl Cx<'_> {
    /// The place and date above the window at the body's left edge, with a warning when the
    /// header leaves no room for it there.
    pub(super) fn date_above_address(&mut self, first: &mut Vec<Item>) -> Result<(), Error> {
        let r = self.r;
        let g = &r.geometry;
        let date = self.line(&[span(&r.date_line, FontStyle::Regular)], r.size)?;
        let y = g.window.y - r.size * DATE_ABOVE_WINDOW;
        let header_bottom = r.header.as_ref().map_or(0.0, |h| h.height.min(g.window.y));
        if header_bottom > y - r.size {
            self.warn(format!(
                "the header reaches {:.2} in down the page and leaves no room for the date above \
                 the address of `{}`; set a shorter `header.height` (at most {:.2} in)",
                header_bottom / 72.0,
                g.name,
                (y - r.size) / 72.0
            ));
        }
        first.push(text_item(g.margin_left, y, date, Color::BLACK, Role::Date));
        Ok(())
    }
}
