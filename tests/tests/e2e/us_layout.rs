//! Issue 12: the US layouts (`us-letter`, `us-letter-9`) set the American block letter: the
//! date above the inside address, every block on the body's left edge (1 in), the address in
//! the window, and the return line, the endorsement and the address clear of each other in a
//! full window (five address lines under an endorsement, as `examples/long-us.yaml` has).

use letterpress_tests::pdf::{Page, Span};

const IN: f32 = 72.0;

fn page(layout: &str, mail_note: &str) -> Page {
    let yaml = format!(
        "language: en-US\nlayout: {layout}\ndate: 2026-11-26\n{mail_note}style:\n  return_address: Brightline Advisory LLC · 200 West Monroe Street · Chicago, IL 60606\nrecipient:\n  - Ms. Elena Alvarez\n  - Chief Operating Officer\n  - Meridian Foods, Inc.\n  - 1450 West Fulton Market, Suite 600\n  - Chicago, IL 60607\nsubject: Conclusion of our engagement\nopening: \"Dear Ms. Alvarez:\"\nbody: |\n  I am writing to let you know that our work ends on Friday.\nclosing: Sincerely,\nsignatures:\n  - name: Dana Whitfield\n"
    );
    crate::common::pdf_of(&yaml).pages.remove(0)
}

fn span<'a>(p: &'a Page, needle: &str) -> &'a Span {
    p.spans
        .iter()
        .find(|s| s.text.contains(needle))
        .unwrap_or_else(|| panic!("no `{needle}` in\n{}", p.text()))
}

/// The ink of a line from a little above its capitals to below its descenders (points from the
/// top): `(top, bottom)`.
fn ink(s: &Span) -> (f32, f32) {
    (s.y - s.size * 0.75, s.y + s.size * 0.25)
}

#[test]
fn the_date_stands_above_the_address_on_the_bodys_left_edge() {
    for layout in ["us-letter", "us-letter-9"] {
        let p = page(layout, "");
        let window_top = 2.1875 * IN;
        let date = span(&p, "November 26, 2026");
        let first = span(&p, "Ms. Elena Alvarez");
        let body = span(&p, "I am writing");
        let opening = span(&p, "Dear Ms. Alvarez:");
        assert!(
            ink(date).1 < window_top,
            "{layout}: the date is above the window: {date:?}"
        );
        assert!(
            date.y < first.y,
            "{layout}: the date comes before the address"
        );
        for s in [date, first, body, opening] {
            assert!(
                (s.x - IN).abs() < 0.6,
                "{layout}: `{}` at the 1 in edge: {}",
                s.text,
                s.x
            );
        }
        let (x, w) = (0.6875 * IN, 4.5 * IN);
        assert!(
            first.x > x && first.x_end < x + w,
            "{layout}: the address is in the window"
        );
        assert_eq!(
            p.spans
                .iter()
                .filter(|s| s.text.contains("November 26, 2026"))
                .count(),
            1,
            "{layout}: the date once, not again in the flow"
        );
    }
}

#[test]
fn return_line_endorsement_and_address_do_not_touch() {
    for layout in ["us-letter", "us-letter-9"] {
        let p = page(layout, "mail_note: Via Email and Certified Mail\n");
        let ret = span(&p, "Brightline Advisory LLC ·");
        let note = span(&p, "Via Email");
        let first = span(&p, "Ms. Elena Alvarez");
        let last = span(&p, "Chicago, IL 60607");
        // The return line is underlined 1.5 pt below its baseline.
        let gap_return = ink(note).0 - (ret.y + 1.5);
        let gap_note = ink(first).0 - ink(note).1;
        eprintln!("{layout}: gaps {gap_return} {gap_note}");
        assert!(
            gap_return >= 4.0,
            "{layout}: return line and endorsement apart: {gap_return}"
        );
        assert!(
            gap_note >= 3.0,
            "{layout}: endorsement and address apart: {gap_note}"
        );
        let bottom = (2.1875 + 1.125) * IN;
        assert!(
            ink(last).1 <= bottom,
            "{layout}: the address ends in the window"
        );
    }
}
