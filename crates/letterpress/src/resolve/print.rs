//! The letterhead's print settings: the printable-area margin, where the fold and punch marks
//! start, the bleed for artwork that runs off the sheet, and whether the footer is decoration.
//! Each is a letterhead key (or a key of the letter's `style:`); `printable.rs` and the PDF
//! writer use them.

use serde_saphyr::Spanned;

use super::cascade::{invalid, Cascade, Ctx};
use crate::layout::geometry::Geometry;
use crate::spec::SourceFile;
use crate::units::{mm, parse_length};

/// Where fold and punch marks start by default, from the left edge, in millimetres: inside the
/// 5 mm an office printer leaves unprinted at the edge, so they are printed whole (DIN 5008
/// names where the marks are along the edge, not how far in; KOMA-Script draws them 3.5 mm in).
pub const MARKS_INSET_MM: f32 = 5.0;
/// The largest printable-area margin, marks inset and bleed accepted, in millimetres.
const MAX_PRINT_LENGTH_MM: f32 = 20.0;

/// The print settings of a letter, in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PrintSetup {
    /// How close to the sheet's edge the printer prints (the layout's, else `printable_margin`).
    pub printable_margin: f32,
    /// Where fold and punch marks start, from the left edge.
    pub marks_inset: f32,
    /// Bleed on every side of the page (0: none).
    pub bleed: f32,
    /// The footer is decoration (an artifact), not content.
    pub footer_decoration: bool,
}

impl PrintSetup {
    /// The defaults of a layout: its printable margin, marks at 5 mm, no bleed, the footer
    /// as content.
    pub fn of(geometry: &Geometry) -> PrintSetup {
        PrintSetup {
            printable_margin: geometry.printable_margin,
            marks_inset: mm(MARKS_INSET_MM),
            bleed: 0.0,
            footer_decoration: false,
        }
    }
}

/// The cascade's print settings over the layout's defaults; a length that is not one, or
/// more than 20 mm, is an error at its place.
pub(super) fn print_setup(cx: &mut Ctx, cascade: &Cascade, geometry: &Geometry) -> PrintSetup {
    let mut p = PrintSetup::of(geometry);
    if let Some(v) = cascade.get(|s| s.printable_margin.as_ref()) {
        p.printable_margin =
            length(cx, "printable margin", v.value, v.file).unwrap_or(p.printable_margin);
    }
    if let Some(v) = cascade.get(|s| s.marks_inset.as_ref()) {
        p.marks_inset = length(cx, "marks inset", v.value, v.file).unwrap_or(p.marks_inset);
    }
    if let Some(v) = cascade.get(|s| s.bleed.as_ref()) {
        p.bleed = length(cx, "bleed", v.value, v.file).unwrap_or(0.0);
    }
    if let Some(v) = cascade.get(|s| s.footer_decoration.as_ref()) {
        p.footer_decoration = v.value.value;
    }
    p
}

/// A length of 0–20 mm.
fn length(cx: &mut Ctx, what: &str, v: &Spanned<String>, file: &SourceFile) -> Option<f32> {
    match parse_length(&v.value) {
        Ok(l) if (0.0..=mm(MAX_PRINT_LENGTH_MM)).contains(&l) => Some(l),
        Ok(_) => {
            cx.push(
                invalid(what, v, file, "must be 0–20mm".into())
                    .hint("office printers leave about 5mm; presses ask for 3mm of bleed"),
            );
            None
        }
        Err(reason) => {
            cx.push(
                invalid(what, v, file, reason).hint("write a length with its unit, e.g. `3mm`"),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup(style: &str) -> Result<PrintSetup, crate::Errors> {
        let yaml = format!("recipient: [A]\nbody: x\nstyle: {{ {style} }}\n");
        let r = crate::resolve_yaml(&yaml)?;
        Ok(r.print)
    }

    #[test]
    fn defaults_are_the_layouts() {
        let p = setup("name: A").expect("resolves");
        assert!((p.printable_margin - mm(5.0)).abs() < 1e-3, "{p:?}");
        assert!((p.marks_inset - mm(5.0)).abs() < 1e-3);
        assert_eq!(p.bleed, 0.0);
        assert!(!p.footer_decoration);
    }

    #[test]
    fn keys_set_them() {
        let p =
            setup("printable_margin: 4mm, marks_inset: 6mm, bleed: 3mm, footer_decoration: true")
                .expect("resolves");
        assert!((p.printable_margin - mm(4.0)).abs() < 1e-3, "{p:?}");
        assert!((p.marks_inset - mm(6.0)).abs() < 1e-3);
        assert!((p.bleed - mm(3.0)).abs() < 1e-3);
        assert!(p.footer_decoration);
    }

    #[test]
    fn a_bad_length_is_refused_at_its_place() {
        let e = setup("bleed: 3").expect_err("no unit");
        assert!(e.0[0].to_string().contains("bleed"), "{}", e.0[0]);
        assert_eq!(e.0[0].origin.as_ref().map(|o| o.line), Some(3));
        let e = setup("marks_inset: 30mm").expect_err("too far in");
        assert!(e.0[0].to_string().contains("0–20mm"), "{}", e.0[0]);
    }
}
