//! Page geometry of the layouts in the contract: paper, address window, zones, margins, marks.
//!
//! All figures are in points from the top-left corner of the page. DIN 5008 figures cite the
//! norm (DIN 5008:2020, forms A and B); `us-letter` follows the #10 window envelope.

use serde::Serialize;

use crate::units::{inch, mm};

mod national;

/// A rectangle in points, from the top-left corner.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rect {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width.
    pub w: f32,
    /// Height.
    pub h: f32,
}

impl Rect {
    /// Bottom edge.
    pub fn bottom(&self) -> f32 {
        self.y + self.h
    }
    /// Right edge.
    pub fn right(&self) -> f32 {
        self.x + self.w
    }
    /// Whether `(x, y)` lies inside (edges included), with `tol` points of play.
    pub fn contains(&self, x: f32, y: f32, tol: f32) -> bool {
        x >= self.x - tol
            && x <= self.right() + tol
            && y >= self.y - tol
            && y <= self.bottom() + tol
    }
}

/// A page layout preset.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Geometry {
    /// The preset's name (`din5008-b`).
    pub name: &'static str,
    /// Paper width.
    pub page_w: f32,
    /// Paper height.
    pub page_h: f32,
    /// The envelope window (the address field).
    pub window: Rect,
    /// Horizontal indent of the address text inside the window.
    pub window_indent: f32,
    /// Height of the return-address zone at the top of the window.
    pub return_zone: f32,
    /// Height of the endorsement zone (mail note) below it.
    pub endorsement_zone: f32,
    /// The information block beside the window (references, sender's contact).
    pub info: Rect,
    /// Left text margin.
    pub margin_left: f32,
    /// Right text margin.
    pub margin_right: f32,
    /// Top margin of pages 2 and later (below any continuation image).
    pub margin_top_next: f32,
    /// Bottom margin (to the last body line's descent).
    pub margin_bottom: f32,
    /// Fold marks (y), drawn at the left edge.
    pub fold_marks: Vec<f32>,
    /// Punch (hole) mark (y).
    pub punch_mark: Option<f32>,
    /// The window envelopes the layout is made for.
    pub envelopes: &'static str,
    /// The most address lines the window holds (DIN 5008: six; the #10 window of
    /// `us-letter`: five at 10 pt leading).
    pub window_lines: usize,
    /// The place and date stand above the window at the body's left edge (the American
    /// block-letter order), not beside the address or in the flow.
    pub date_above_window: bool,
    /// Clear space (pt) after the return line's rule, in a window with no return-address
    /// zone of its own, so the address below does not touch it.
    pub return_gap: f32,
    /// Clear space (pt) between the endorsement and the address, in a window with no
    /// endorsement zone of its own.
    pub endorsement_gap: f32,
    /// How close to each edge of the sheet office printers print: artwork and marks outside
    /// it may be cut off or smeared (`printable.rs`).
    pub printable_margin: f32,
}

/// The printable-area margin of every layout: laser and inkjet office printers leave about
/// 4–5 mm unprinted at each edge (4.2 mm is the common PCL figure; 5 mm leaves play).
pub const PRINTABLE_MARGIN_MM: f32 = 5.0;

impl Geometry {
    /// The names of the presets.
    pub const NAMES: &'static [&'static str] = &[
        "din5008-a",
        "din5008-b",
        "us-letter",
        "sn-left",
        "sn-right",
        "nf",
        "uk",
        "us-letter-9",
    ];

    /// A preset by name.
    pub fn by_name(name: &str) -> Option<Geometry> {
        match name.trim().to_ascii_lowercase().as_str() {
            "din5008-a" => Some(Self::din5008(true)),
            "din5008-b" => Some(Self::din5008(false)),
            "us-letter" => Some(Self::us_letter()),
            "sn-left" => Some(national::sn_left()),
            "sn-right" => Some(national::sn_right()),
            "nf" => Some(national::nf()),
            "uk" => Some(national::uk()),
            "us-letter-9" => Some(national::us_letter_9()),
            _ => None,
        }
    }

    /// DIN 5008 form B (the fallback when a layout name is unknown).
    pub fn din5008_b() -> Geometry {
        Self::din5008(false)
    }

    /// The right edge of the information block: the right margin when the block stands right
    /// of the window, its own width when it stands left of a window on the right (`sn-right`,
    /// `nf`).
    pub fn info_right(&self) -> f32 {
        if self.info.x >= self.window.right() {
            self.page_w - self.margin_right
        } else {
            self.info.right()
        }
    }

    /// Text width.
    pub fn text_width(&self) -> f32 {
        self.page_w - self.margin_left - self.margin_right
    }

    fn din5008(form_a: bool) -> Geometry {
        // DIN 5008: address field 85 × 45 mm at 20 mm from the left edge, 27 mm (form A) or
        // 45 mm (form B) from the top; inside it a 5 mm return-address zone, a 12.7 mm
        // endorsement zone and a 27.3 mm address zone; text indented 5 mm. Information block at
        // 125 mm from the left, 32 mm (A) / 50 mm (B) from the top, 75 mm wide. Left margin
        // 25 mm, right margin at least 20 mm. Fold marks at 87/192 mm (A) or 105/210 mm (B),
        // the hole mark at 148.5 mm.
        let top = if form_a { 27.0 } else { 45.0 };
        Geometry {
            name: if form_a { "din5008-a" } else { "din5008-b" },
            page_w: mm(210.0),
            page_h: mm(297.0),
            window: Rect {
                x: mm(20.0),
                y: mm(top),
                w: mm(85.0),
                h: mm(45.0),
            },
            window_indent: mm(5.0),
            return_zone: mm(5.0),
            endorsement_zone: mm(12.7),
            info: Rect {
                x: mm(125.0),
                y: mm(if form_a { 32.0 } else { 50.0 }),
                w: mm(65.0),
                h: mm(40.0),
            },
            margin_left: mm(25.0),
            margin_right: mm(20.0),
            margin_top_next: mm(20.0),
            margin_bottom: mm(20.0),
            fold_marks: if form_a {
                vec![mm(87.0), mm(192.0)]
            } else {
                vec![mm(105.0), mm(210.0)]
            },
            punch_mark: Some(mm(148.5)),
            // DIN 5008 / DIN 680: form A fits C6/5 and C5 window envelopes, form B fits DL,
            // C6/5 and C5; their windows (90 × 45 mm) are wider than the 85 × 45 mm address
            // field, which leaves the 5 mm of play a folded sheet has in its envelope.
            envelopes: if form_a {
                "C6/5 or C5 window envelope (DIN 680)"
            } else {
                "DL, C6/5 or C5 window envelope (DIN 680)"
            },
            window_lines: 6,
            date_above_window: false,
            return_gap: 0.0,
            endorsement_gap: 0.0,
            printable_margin: mm(PRINTABLE_MARGIN_MM),
        }
    }

    fn us_letter() -> Geometry {
        // The contract's figures (letter-format.md): window 4.5 × 1.125 in at 0.6875 in from
        // the left and 2.1875 in from the top of the sheet folded at 3.75 and 7.375 in, which
        // are KOMA-Script's #9 figures (`UScommercial9.lco`). In the larger #10 envelope
        // (4⅛ × 9½ in, the same window ⅞ in from the left and ½ in from the bottom) the sheet
        // has 1 in of play across and ⅜ in up and down: centred, the window ends at 4.875 in,
        // and resting on its fold it shows the sheet to 3.25 in (`docs/layouts.md`). One-inch
        // side margins are the US business-letter norm; the address stands on the body's left
        // edge (block style), 0.3125 in into the window.
        Geometry {
            name: "us-letter",
            page_w: inch(8.5),
            page_h: inch(11.0),
            window: Rect {
                x: inch(0.6875),
                y: inch(2.1875),
                w: inch(4.5),
                h: inch(1.125),
            },
            window_indent: inch(0.3125),
            return_zone: 0.0,
            endorsement_zone: 0.0,
            info: Rect {
                x: inch(5.5),
                y: inch(2.1875),
                w: inch(2.0),
                h: inch(1.125),
            },
            margin_left: inch(1.0),
            margin_right: inch(1.0),
            margin_top_next: inch(0.75),
            margin_bottom: inch(0.75),
            fold_marks: vec![inch(3.75), inch(7.375)],
            punch_mark: None,
            envelopes: "#10 window envelope",
            window_lines: 5,
            date_above_window: true,
            return_gap: super::us::RETURN_GAP,
            endorsement_gap: super::us::ENDORSEMENT_GAP,
            printable_margin: mm(PRINTABLE_MARGIN_MM),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_match_the_contract() {
        let b = Geometry::by_name("din5008-b").expect("preset");
        assert!((b.window.y - mm(45.0)).abs() < 1e-3);
        assert!((b.window.w - mm(85.0)).abs() < 1e-3);
        assert_eq!(b.fold_marks, vec![mm(105.0), mm(210.0)]);
        let a = Geometry::by_name("DIN5008-A").expect("case-insensitive");
        assert!((a.window.y - mm(27.0)).abs() < 1e-3);
        let us = Geometry::by_name("us-letter").expect("preset");
        assert!((us.page_w - 612.0).abs() < 1e-3 && (us.page_h - 792.0).abs() < 1e-3);
        assert!((us.window.h - 81.0).abs() < 1e-3);
        assert!(us.punch_mark.is_none());
        assert!(Geometry::by_name("a4").is_none());
    }
}
