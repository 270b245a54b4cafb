//! Page 1's fixed zones: the header (artwork, or the firm's name as text), the envelope window
//! (return address, endorsement, address), the information block, the place and date, the
//! footer and the fold and punch marks. The flow starts below them.

use crate::error::Error;
use crate::fonts::FontStyle;
use crate::text::{Align, Span};
use crate::units::{mm, Color};

use super::model::{ImageBox, Item, Role, Rule, RuleKind, StructKind};
use super::{fit_image, in_block, span, text_item, Cx, INK_HEIGHT, SMALL};

/// Line spacing of the address and endorsement lines, as a multiple of their size.
const ADDRESS_LEADING: f32 = 1.18;
/// The smallest size of address lines: postal services read 8 pt reliably.
const MIN_ADDRESS_SIZE: f32 = 8.0;
/// The largest size of address lines.
const MAX_ADDRESS_SIZE: f32 = 11.0;
/// Room kept free at the window's right edge.
const WINDOW_RIGHT_GAP_MM: f32 = 2.0;
/// Baseline of the firm's name when the header is text, from the page top.
const TEXT_HEADER_TOP_MM: f32 = 18.0;
/// Baseline of the last footer line, from the page bottom.
const FOOTER_BASE_MM: f32 = 10.0;
/// Space between the footer's rule and the flow's last line.
const FOOTER_GAP_MM: f32 = 6.0;
/// Fold and punch marks: how long they are (where they start is `marks_inset`, 5 mm unless
/// the letterhead moves them).
const FOLD_MARK_MM: f32 = 5.0;
const PUNCH_MARK_MM: f32 = 8.0;

/// Page 1's fixed items, and where its flow may run: from the bottom of the window and
/// column to the footer.
pub(super) struct FirstPage {
    pub(super) items: Vec<Item>,
    /// The lowest of the window and the right column (information block, date).
    pub(super) zones_bottom: f32,
    /// The lowest point the flow may reach (above the footer).
    pub(super) footer_top: f32,
    /// The figure node of page 1's stationery sheet, when it has alternative text (read first).
    pub(super) sheet_node: Option<usize>,
}

impl Cx<'_> {
    /// Page 1's fixed zones, each line tagged for the structure tree.
    pub(super) fn first_page(&mut self) -> Result<FirstPage, Error> {
        let mut items = Vec::new();
        let sheet_node = match (&self.r.artwork.first, &self.r.artwork.alt) {
            (Some(_), Some(alt)) => Some(self.node(StructKind::Figure { alt: alt.clone() })),
            _ => None,
        };
        self.header(&mut items)?;
        self.window(&mut items)?;
        let info_bottom = self.info_block(&mut items)?;
        let column_bottom = self.date_column(&mut items, info_bottom)?;
        let footer_top = self.footer(&mut items)?;
        self.marks(&mut items);
        self.tag_first_page(&mut items);
        Ok(FirstPage {
            items,
            zones_bottom: self.r.geometry.window.bottom().max(column_bottom),
            footer_top,
            sheet_node,
        })
    }

    /// The header: the image, or the firm's name and address as text.
    fn header(&mut self, first: &mut Vec<Item>) -> Result<(), Error> {
        let r = self.r;
        let g = &r.geometry;
        if let Some(h) = &r.header {
            // The header never reaches into the address window (Form A leaves it 27 mm).
            let limit = g.window.y;
            if h.height > limit + 0.01 {
                self.warn(format!(
                    "the header is {:.0} mm tall but layout `{}` leaves {:.0} mm above the address window; it is scaled down (set `header.height` or use a shorter image)",
                    h.height / mm(1.0),
                    g.name,
                    limit / mm(1.0)
                ));
            }
            let b = fit_image(&h.image, 0.0, 0.0, g.page_w, h.height.min(limit));
            let image = Item::Image(ImageBox {
                role: "header",
                ..b
            });
            // With alternative text the letterhead is a figure (read first); else decoration.
            first.push(match &h.alt {
                Some(alt) => in_block(image, self.node(StructKind::Figure { alt: alt.clone() })),
                None => image,
            });
        } else if let Some(firm) = &r.firm {
            let size = r.size * 1.6;
            let y = mm(TEXT_HEADER_TOP_MM) + size;
            let line = self.line(&[span(firm, FontStyle::Bold)], size)?;
            first.push(text_item(
                g.margin_left,
                y,
                line,
                r.accent,
                Role::Letterhead,
            ));
            let mut parts: Vec<String> = r.sender.address.clone();
            parts.extend(r.sender.web.clone());
            if !parts.is_empty() {
                let line = self.line(
                    &[span(&parts.join(" · "), FontStyle::Regular)],
                    r.size * SMALL,
                )?;
                let y = y + r.size * 1.3;
                first.push(text_item(
                    g.margin_left,
                    y,
                    line,
                    Color::GREY,
                    Role::Letterhead,
                ));
            }
        }
        Ok(())
    }

    /// The window: return address, endorsement, recipient.
    fn window(&mut self, first: &mut Vec<Item>) -> Result<(), Error> {
        let r = self.r;
        let g = &r.geometry;
        let w = g.window;
        let x_addr = w.x + g.window_indent;
        let addr_w = w.w - g.window_indent - mm(WINDOW_RIGHT_GAP_MM);
        let y_addr_top = match &r.return_address {
            Some(ra) => self.return_address(first, ra, x_addr, addr_w)?,
            None => w.y + 2.0,
        };
        let (addr_top, addr_size) = self.endorsement(first, x_addr, y_addr_top)?;
        self.address(first, x_addr, addr_w, addr_top, addr_size)
    }

    /// The return address over the window, underlined; returns where the address zone starts.
    fn return_address(
        &mut self,
        first: &mut Vec<Item>,
        ra: &str,
        x_addr: f32,
        addr_w: f32,
    ) -> Result<f32, Error> {
        let g = &self.r.geometry;
        let w = g.window;
        let small = (self.r.size * SMALL).max(7.0);
        let mut line = self.line(&[span(ra, FontStyle::Regular)], small.min(8.0))?;
        let mut s = small.min(8.0);
        // Shrink to fit the window width, down to 6 pt.
        while line.width > addr_w && s > 6.0 {
            s -= 0.25;
            line = self.line(&[span(ra, FontStyle::Regular)], s)?;
        }
        let base = if g.return_zone > 0.0 {
            w.y + g.return_zone - 1.2
        } else {
            w.y + s + 1.0
        };
        first.push(Item::Rule(Rule {
            x1: x_addr,
            y1: base + 1.5,
            x2: x_addr + line.width,
            y2: base + 1.5,
            width: 0.3,
            color: Color::GREY,
            kind: RuleKind::Accent,
        }));
        first.push(text_item(
            x_addr,
            base,
            line,
            Color::BLACK,
            Role::ReturnAddress,
        ));
        Ok(base + 2.5 + g.return_gap)
    }

    /// The address size (at most 11 pt, smaller where `n` lines would not fit `room`, never
    /// below 8 pt).
    fn address_size(&self, n: usize, room: f32) -> f32 {
        let mut size = self.r.size.min(MAX_ADDRESS_SIZE);
        while !address_fits(size, n, room) && size > MIN_ADDRESS_SIZE {
            size -= 0.25;
        }
        size
    }

    /// The endorsement lines; returns where the address starts and its size.
    fn endorsement(
        &mut self,
        first: &mut Vec<Item>,
        x_addr: f32,
        y_addr_top: f32,
    ) -> Result<(f32, f32), Error> {
        let r = self.r;
        let g = &r.geometry;
        let w = g.window;
        let mut addr_top = y_addr_top;
        if g.endorsement_zone > 0.0 {
            // DIN 5008: the endorsement zone sits on the address zone; its lines end at its bottom.
            let zone_bottom = w.y + g.return_zone + g.endorsement_zone;
            let n = r.mail_note.len();
            let note_size = (self.address_size(n, g.endorsement_zone - 2.0) * 0.9).max(8.0);
            for (i, note) in r.mail_note.iter().enumerate() {
                let y = zone_bottom - 2.5 - (n - 1 - i) as f32 * note_size * ADDRESS_LEADING;
                let line = self.line(&[span(note, FontStyle::Bold)], note_size)?;
                first.push(text_item(x_addr, y, line, Color::BLACK, Role::MailNote));
            }
            addr_top = zone_bottom;
            return Ok((
                addr_top,
                self.address_size(r.recipient.len(), w.bottom() - addr_top),
            ));
        }
        // One zone (US #10 window): endorsement lines, then the address.
        let n = r.mail_note.len() + r.recipient.len();
        let gap = if r.mail_note.is_empty() {
            0.0
        } else {
            g.endorsement_gap
        };
        let addr_size = self.address_size(n, w.bottom() - addr_top - gap);
        for note in &r.mail_note {
            let y = addr_top + addr_size * 0.8;
            let line = self.line(&[span(note, FontStyle::Bold)], (addr_size * 0.9).max(8.0))?;
            first.push(text_item(x_addr, y, line, Color::BLACK, Role::MailNote));
            addr_top += addr_size * ADDRESS_LEADING;
        }
        Ok((addr_top + gap, addr_size))
    }

    /// The recipient's lines, a little below the zone's top when there is room to spare.
    fn address(
        &mut self,
        first: &mut Vec<Item>,
        x_addr: f32,
        addr_w: f32,
        addr_top: f32,
        addr_size: f32,
    ) -> Result<(), Error> {
        let r = self.r;
        let g = &r.geometry;
        let w = g.window;
        let addr_lead = addr_size * ADDRESS_LEADING;
        let n = r.recipient.len();
        let room = w.bottom() - addr_top;
        if !address_fits(addr_size, n, room) {
            self.warn(format!(
                "the address ({n} lines) does not fit the envelope window of `{}` even at 8 pt; shorten it",
                g.name
            ));
        }
        let block_h = (n as f32 - 1.0).max(0.0) * addr_lead + addr_size * INK_HEIGHT;
        let top = addr_top + ((room - block_h) / 2.0).clamp(0.0, addr_lead * 0.5);
        // Every line at one size: the widest decides (a window of mixed sizes looks broken).
        let (lines, _) = self.address_lines(&r.recipient, addr_size, addr_w)?;
        for (i, line) in lines.into_iter().enumerate() {
            let y = top + addr_size * 0.8 + i as f32 * addr_lead;
            first.push(text_item(x_addr, y, line, Color::BLACK, Role::Recipient));
        }
        Ok(())
    }

    /// The information block's lines: the sender's contact and the references.
    fn info_lines(&self) -> Vec<Vec<Span>> {
        let r = self.r;
        let mut info_lines: Vec<Vec<Span>> = Vec::new();
        let s = &r.sender;
        if let Some(name) = s.name.as_ref().or(r.firm.as_ref()) {
            if !s.address.is_empty() || s.phone.is_some() || s.email.is_some() {
                info_lines.push(vec![span(name, FontStyle::Bold)]);
            }
        }
        for a in &s.address {
            info_lines.push(vec![span(a, FontStyle::Regular)]);
        }
        let (tel, email, web) = r.lang.contact_labels();
        let contact: Vec<(&str, &String)> = [
            (tel, s.phone.as_ref()),
            (email, s.email.as_ref()),
            (web, s.web.as_ref()),
        ]
        .into_iter()
        .filter_map(|(l, v)| v.map(|v| (l, v)))
        .collect();
        if !contact.is_empty() && !info_lines.is_empty() {
            info_lines.push(Vec::new());
        }
        for (label, v) in contact {
            info_lines.push(vec![
                span(&format!("{label} "), FontStyle::Regular),
                span(v, FontStyle::Regular),
            ]);
        }
        if !r.references.is_empty() && !info_lines.is_empty() {
            info_lines.push(Vec::new());
        }
        // French sets a (narrow no-break) space before the colon: the space typed here is
        // turned into one by the line's language rules.
        let colon = if crate::text::nobreak::rules(r.lang).narrow_spaces {
            " :"
        } else {
            ":"
        };
        for (label, v) in &r.references {
            info_lines.push(vec![
                span(&format!("{label}{colon} "), FontStyle::Bold),
                span(v, FontStyle::Regular),
            ]);
        }
        info_lines
    }

    /// The information block; returns its bottom.
    fn info_block(&mut self, first: &mut Vec<Item>) -> Result<f32, Error> {
        let r = self.r;
        let g = &r.geometry;
        let info_size = (r.size * 0.82).max(7.0);
        let info_lead = info_size * 1.3;
        let mut y_info = g.info.y + info_size;
        for spans in &self.info_lines() {
            if spans.is_empty() {
                y_info += info_lead * 0.6;
                continue;
            }
            // A line of the block is shrunk (down to 7 pt) rather than broken, so that e-mail
            // addresses and reference numbers stay whole; only longer texts wrap.
            let avail = g.info_right() - g.info.x;
            let mut size = info_size;
            let mut line = self.line(spans, size)?;
            while line.width > avail && size > 7.0 {
                size -= 0.25;
                line = self.line(spans, size)?;
            }
            let lines = if line.width > avail {
                self.paragraph(spans, info_size, avail, Align::Left)?
            } else {
                vec![line]
            };
            for line in lines {
                first.push(text_item(g.info.x, y_info, line, Color::BLACK, Role::Info));
                y_info += info_lead;
            }
        }
        Ok(y_info - info_lead + info_size * 0.3)
    }

    /// Place and date: in European letters at the foot of the right column, level with the
    /// address's last line or below the information block (DIN 5008 puts the date in the
    /// information block; Polish letters set „Warszawa, 26 listopada 2026 r.” top right), so
    /// the subject can start where the norm puts it, two lines under the address field. A
    /// language whose letters date the flow (US block style) sets it there instead. With the
    /// window on the right (`nf`, `sn-right`) it stands right on the reference line under the
    /// window (`Geometry::ref_line_top`). Returns
    /// the column's bottom.
    fn date_column(&mut self, first: &mut Vec<Item>, info_bottom: f32) -> Result<f32, Error> {
        let r = self.r;
        let g = &r.geometry;
        if g.date_above_window {
            self.date_above_address(first)?;
            return Ok(info_bottom);
        }
        if r.lang.date_in_flow() {
            return Ok(info_bottom);
        }
        let date = self.line(&[span(&r.date_line, FontStyle::Regular)], r.size)?;
        if let Some(top) = g.ref_line_top() {
            // Right-window layouts (`nf`, `sn-right`): at the right margin on KOMA-Script's
            // reference line, under the window and beside the information block.
            let y = (top + r.size * 0.8).max(g.window.bottom() + r.size * 1.5);
            let x = g.page_w - g.margin_right - date.width;
            first.push(text_item(x, y, date, Color::BLACK, Role::Date));
            return Ok((y + r.size * 0.3).max(info_bottom));
        }
        let y = (info_bottom + r.size * 1.5).max(g.window.bottom() - r.size * 0.3);
        // At the right of the information column: the right margin, or beside a window on
        // the right (`sn-right`, `nf`) the column's own right edge.
        let x = g.info_right() - date.width;
        first.push(text_item(x, y, date, Color::BLACK, Role::Date));
        Ok(y + r.size * 0.3)
    }

    /// The footer (page 1 only), centred, with a rule above; returns the flow's lowest point.
    fn footer(&mut self, first: &mut Vec<Item>) -> Result<f32, Error> {
        let r = self.r;
        let g = &r.geometry;
        if r.footer.is_empty() {
            return Ok(g.page_h - g.margin_bottom);
        }
        let foot_size = (r.size * 0.68).max(6.5);
        let foot_lead = foot_size * 1.3;
        let last_base = g.page_h - mm(FOOTER_BASE_MM);
        let n = r.footer.len();
        for (i, f) in r.footer.iter().enumerate() {
            let line = self.line(&[span(f, FontStyle::Regular)], foot_size)?;
            let x = g.margin_left + (g.text_width() - line.width) / 2.0;
            let y = last_base - (n - 1 - i) as f32 * foot_lead;
            first.push(text_item(
                x.max(mm(8.0)),
                y,
                line,
                Color::GREY,
                Role::Footer,
            ));
        }
        let rule_y = last_base - (n as f32 - 1.0) * foot_lead - foot_size - 3.0;
        first.push(Item::Rule(Rule {
            x1: g.margin_left,
            y1: rule_y,
            x2: g.page_w - g.margin_right,
            y2: rule_y,
            width: 0.4,
            color: r.accent,
            kind: RuleKind::Accent,
        }));
        Ok(rule_y - mm(FOOTER_GAP_MM))
    }

    /// Fold and punch marks (page 1).
    fn marks(&self, first: &mut Vec<Item>) {
        let r = self.r;
        if !r.marks {
            return;
        }
        let x = r.print.marks_inset;
        for y in &r.geometry.fold_marks {
            first.push(mark(x, *y, mm(FOLD_MARK_MM), RuleKind::Fold));
        }
        if let Some(y) = r.geometry.punch_mark {
            first.push(mark(x, y, mm(PUNCH_MARK_MM), RuleKind::Punch));
        }
    }

    /// Page 1's text in reading order: return address, endorsement and address as one
    /// paragraph each, the information block line by line; letterhead and footer are artifacts.
    fn tag_first_page(&mut self, first: &mut [Item]) {
        let mut role_blocks: Vec<(Role, usize)> = Vec::new();
        for item in first {
            let Item::Text(t) = item else { continue };
            t.block = match t.role {
                Role::ReturnAddress | Role::MailNote | Role::Recipient => {
                    match role_blocks.iter().find(|(r, _)| *r == t.role) {
                        Some((_, b)) => Some(*b),
                        None => {
                            let b = self.node(StructKind::Paragraph);
                            role_blocks.push((t.role, b));
                            Some(b)
                        }
                    }
                }
                Role::Info | Role::Date => Some(self.node(StructKind::Paragraph)),
                _ => None,
            };
        }
    }
}

/// Whether `n` address lines at `size` fit `room` points of height.
fn address_fits(size: f32, n: usize, room: f32) -> bool {
    n == 0 || (n as f32 - 1.0) * size * ADDRESS_LEADING + size * INK_HEIGHT <= room
}

fn mark(x: f32, y: f32, len: f32, kind: RuleKind) -> Item {
    Item::Rule(Rule {
        x1: x,
        y1: y,
        x2: x + len,
        y2: y,
        width: 0.35,
        color: Color::GREY,
        kind,
    })
}
