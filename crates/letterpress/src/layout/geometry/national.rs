//! The national layouts of version 2: Swiss (SN 010130, window right or left), French
//! (NF Z 11-001), British (DL window) and US Letter for the commercial #9 window envelope.
//!
//! The figures are KOMA-Script's letter class options (`SN.lco`, `SNleft.lco`, `NF.lco`,
//! `UScommercial9.lco`, in `scrkernel-letterclassoptions.dtx`); a negative `toaddrhpos` there
//! counts from the right edge of the paper. `docs/layouts.md` lists them beside ours. KOMA-Script
//! has no British file: `uk` follows the common DL window envelope (window 90 × 35 mm, 20 mm
//! from the left, 15 mm from the bottom) with the sheet folded in thirds.

use super::{Geometry, Rect};
use crate::units::{inch, mm};

/// An A4 layout with the given window, information block, margins and fold marks.
struct A4 {
    name: &'static str,
    window: Rect,
    return_zone: f32,
    info: Rect,
    margin_left: f32,
    margin_right: f32,
    fold_marks: [f32; 2],
    envelopes: &'static str,
    window_lines: usize,
}

impl A4 {
    fn build(self) -> Geometry {
        Geometry {
            name: self.name,
            page_w: mm(210.0),
            page_h: mm(297.0),
            window: self.window,
            window_indent: mm(5.0),
            return_zone: self.return_zone,
            // One zone: an endorsement (mail note) stands above the address, as in `us-letter`.
            endorsement_zone: 0.0,
            info: self.info,
            margin_left: self.margin_left,
            margin_right: self.margin_right,
            margin_top_next: mm(20.0),
            margin_bottom: mm(20.0),
            fold_marks: self.fold_marks.to_vec(),
            punch_mark: Some(mm(148.5)),
            envelopes: self.envelopes,
            window_lines: self.window_lines,
            date_above_window: false,
            return_gap: 0.0,
            endorsement_gap: 0.0,
            printable_margin: mm(super::PRINTABLE_MARGIN_MM),
        }
    }
}

fn rect(x: f32, y: f32, w: f32, h: f32) -> Rect {
    Rect {
        x: mm(x),
        y: mm(y),
        w: mm(w),
        h: mm(h),
    }
}

/// `sn-right`: SN 010130 with the address on the right (`SN.lco`: `toaddrvpos` 45 mm,
/// `toaddrhpos` −8 mm, i.e. 8 mm from the right edge, `toaddrwidth` 90 mm, `toaddrheight`
/// 45 mm, return address 5 mm, fold marks 105 and 210 mm); the information block stands left.
pub(super) fn sn_right() -> Geometry {
    A4 {
        name: "sn-right",
        window: rect(210.0 - 8.0 - 90.0, 45.0, 90.0, 45.0),
        return_zone: mm(5.0),
        info: rect(25.0, 50.0, 80.0, 40.0),
        margin_left: mm(25.0),
        margin_right: mm(20.0),
        fold_marks: [mm(105.0), mm(210.0)],
        envelopes: "Swiss C5, C6/5 or C4 window envelope, window right (SN 010130)",
        window_lines: 6,
    }
    .build()
}

/// `sn-left`: the Swiss layout with the address on the left (`SNleft.lco`: `toaddrvpos`
/// 35.5 mm, `toaddrhpos` 20 mm, `toaddrwidth` 100 mm, `toaddrheight` 45 mm, fold marks 105 and
/// 210 mm).
pub(super) fn sn_left() -> Geometry {
    A4 {
        name: "sn-left",
        window: rect(20.0, 35.5, 100.0, 45.0),
        return_zone: mm(5.0),
        info: rect(125.0, 40.5, 65.0, 40.0),
        margin_left: mm(25.0),
        margin_right: mm(20.0),
        fold_marks: [mm(105.0), mm(210.0)],
        envelopes: "Swiss C5, C6/5 or C4 window envelope, window left",
        window_lines: 6,
    }
    .build()
}

/// `nf`: NF Z 11-001 (`NF.lco`: `toaddrvpos` 35 mm, `toaddrhpos` −10 mm, i.e. 10 mm from the
/// right edge, `toaddrwidth` 100 mm, `toaddrheight` 45 mm, fold marks 99 and 198 mm: the sheet
/// folds in thirds into a DL envelope with its window about 20 mm from the lower right edge).
pub(super) fn nf() -> Geometry {
    A4 {
        name: "nf",
        window: rect(210.0 - 10.0 - 100.0, 35.0, 100.0, 45.0),
        return_zone: mm(5.0),
        info: rect(20.0, 40.0, 75.0, 40.0),
        margin_left: mm(20.0),
        margin_right: mm(20.0),
        fold_marks: [mm(99.0), mm(198.0)],
        envelopes: "DL window envelope (110 × 220 mm, window right, NF Z 11-001)",
        window_lines: 6,
    }
    .build()
}

/// `uk`: A4 folded in thirds (fold marks 99 and 198 mm) into a DL window envelope (110 ×
/// 220 mm) whose window (90 × 35 mm, 20 mm from the left, 15 mm from the bottom) stands 60
/// to 95 mm below the envelope's top edge. The 99 mm panel has 11 mm of play in the 110 mm
/// envelope: resting on its fold (as `us-letter` assumes) the window shows the sheet from 49
/// to 84 mm, which is the field; pushed to the top it would show 60 to 95 mm.
pub(super) fn uk() -> Geometry {
    A4 {
        name: "uk",
        window: rect(20.0, 49.0, 90.0, 35.0),
        return_zone: 0.0,
        info: rect(125.0, 50.0, 65.0, 35.0),
        margin_left: mm(25.0),
        margin_right: mm(20.0),
        fold_marks: [mm(99.0), mm(198.0)],
        envelopes: "DL window envelope (window 90 × 35 mm, left)",
        window_lines: 5,
    }
    .build()
}

/// `us-letter-9`: US Letter for the commercial #9 window envelope (`UScommercial9.lco`: window
/// 4½ × 1⅛ in, `toaddrhpos` 0.6875 in, `toaddrvpos` 2.1875 in, fold marks 3.75 and 7.375 in).
pub(super) fn us_letter_9() -> Geometry {
    Geometry {
        name: "us-letter-9",
        // The #9 envelope (3⅞ × 8⅞ in) leaves the sheet ⅛ in of play up and down and ⅜ in
        // across: KOMA's field is the window with the sheet centred (`us-letter` has the same
        // field, as the contract sets it).
        window: Rect {
            x: inch(0.6875),
            y: inch(2.1875),
            w: inch(4.5),
            h: inch(1.125),
        },
        envelopes:
            "#9 window envelope (window 4½ × 1⅛ in, ⅞ in from the left, ½ in from the bottom)",
        ..Geometry::us_letter()
    }
}

impl Geometry {
    /// Where a right-window layout sets the date: the top of KOMA-Script's reference line
    /// (`refvpos`: `NF.lco` 99 mm, the upper fold; `SN.lco` 98.5 mm), right-aligned to the
    /// text, as French and Swiss letters date at the right above the subject. `None` for the
    /// other layouts, which set it in their right column.
    pub(crate) fn ref_line_top(&self) -> Option<f32> {
        match self.name {
            "nf" => Some(mm(99.0)),
            "sn-right" => Some(mm(98.5)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_follow_the_lco_files() {
        let sn = sn_right();
        assert!((sn.window.right() - mm(202.0)).abs() < 1e-3);
        assert!((sn.window.y - mm(45.0)).abs() < 1e-3);
        let f = nf();
        assert!((f.window.x - mm(100.0)).abs() < 1e-3);
        assert!((f.window.y - mm(35.0)).abs() < 1e-3);
        assert_eq!(f.fold_marks, vec![mm(99.0), mm(198.0)]);
        assert!((sn_left().window.y - mm(35.5)).abs() < 1e-3);
        let nine = us_letter_9();
        assert!((nine.window.x - inch(0.6875)).abs() < 1e-3);
        assert!(
            (nine.window.w - inch(4.5)).abs() < 1e-3 && (nine.window.h - inch(1.125)).abs() < 1e-3
        );
        assert_eq!(
            nine.window,
            Geometry::by_name("us-letter").expect("preset").window
        );
        for g in [sn_right(), sn_left(), nf(), uk(), us_letter_9()] {
            // The information block and the window never overlap.
            let apart = g.info.x >= g.window.right() || g.info.right() <= g.window.x;
            assert!(apart, "{}", g.name);
            assert!(
                g.window.right() <= g.page_w && g.info.right() <= g.page_w - g.margin_right + 1e-3
            );
        }
    }
}
