//! Issue 12: the body's CommonMark and GitHub tables, end to end. A letter with every construct
//! a letter sets (typed lettered lists, block quote, table, numbered list starting at 3, links,
//! a hard break) is rendered and read back from the PDF: positions (items on their own lines
//! with a hanging indent, the quote indented, table columns aligned, numbers right-aligned), the
//! structure elements, and no markup printed as source. Refused constructs are in
//! `tests/bad/` (one case each).

use letterpress_tests::pdf::{Line, Pdf};
use lopdf::Object;

/// Play for rounding between the PDF's numbers and the expected positions.
const TOL: f32 = 0.6;

use super::common::render_fixture as render;

fn lines() -> (Vec<Line>, Pdf) {
    let out = render("markup-constructs.yaml");
    let pdf = Pdf::parse(&out.pdf).expect("parses");
    assert_eq!(pdf.page_count(), 1, "one page");
    // Spans more than 4 pt apart (more than a word space) are separate lines: table cells and
    // list markers apart.
    (pdf.pages[0].lines_with_gap(4.0), pdf)
}

fn find<'a>(lines: &'a [Line], needle: &str) -> &'a Line {
    lines
        .iter()
        .find(|l| l.text.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle:?} in {lines:#?}"))
}

#[test]
fn lettered_items_are_on_their_own_lines_with_a_hanging_indent() {
    let (lines, _) = lines();
    let body = find(&lines, "thank you for your quote request");
    let markers: Vec<&Line> = ["a)", "b)", "c)"]
        .iter()
        .map(|m| {
            lines
                .iter()
                .find(|l| l.text == *m)
                .unwrap_or_else(|| panic!("marker {m} alone: {lines:#?}"))
        })
        .collect();
    let texts = [
        find(&lines, "the price list for 2027"),
        find(&lines, "the delivery terms"),
        find(&lines, "our bank details"),
    ];
    for (m, t) in markers.iter().zip(texts) {
        assert!((m.y - t.y).abs() < TOL, "marker and text share a baseline");
        assert!(m.x_end < t.x, "the marker hangs left of the text");
        assert!(
            t.x > body.x + 10.0,
            "items are indented: {} vs {}",
            t.x,
            body.x
        );
    }
    assert!(markers[0].y < markers[1].y && markers[1].y < markers[2].y);
    let cont = find(&lines, "lettered item can be seen");
    assert!(
        (cont.x - texts[1].x).abs() < TOL,
        "a continuation line aligns with its item's text, not the marker"
    );
    let three = lines.iter().find(|l| l.text == "3)").expect("3) kept");
    assert!(
        lines.iter().any(|l| l.text == "4)"),
        "numbering goes on from 3"
    );
    assert!(three.x > body.x - TOL);
}

#[test]
fn the_quote_is_indented_and_the_hard_break_holds() {
    let (lines, _) = lines();
    let body = find(&lines, "thank you for your quote request");
    let quote = find(&lines, "We expect delivery within");
    assert!(
        quote.x > body.x + 15.0,
        "quote indented: {} vs {}",
        quote.x,
        body.x
    );
    let a = find(&lines, "Write to orders@example.com");
    let b = find(&lines, "This line follows a hard break");
    assert!(
        b.y > a.y + 5.0 && (a.x - b.x).abs() < TOL,
        "a new line after the break"
    );
}

#[test]
fn table_columns_are_aligned_and_numbers_right_aligned() {
    let (lines, _) = lines();
    let cells = |needle: &str| -> Vec<&Line> {
        let y = find(&lines, needle).y;
        let mut row: Vec<&Line> = lines.iter().filter(|l| (l.y - y).abs() < TOL).collect();
        row.sort_by(|a, b| a.x.total_cmp(&b.x));
        row
    };
    let head = cells("Item");
    let desk = cells("Oak desk");
    let chair = cells("Chair");
    assert_eq!(desk.len(), 3, "three cells: {desk:#?}");
    assert_eq!(chair.len(), 3, "three cells: {chair:#?}");
    assert!(
        (head[0].x - desk[0].x).abs() < TOL,
        "first column left-aligned"
    );
    assert!((desk[0].x - chair[0].x).abs() < TOL);
    assert!(
        (head[2].x_end - desk[2].x_end).abs() < TOL && (desk[2].x_end - chair[2].x_end).abs() < TOL,
        "prices right-aligned: {} {} {}",
        head[2].x_end,
        desk[2].x_end,
        chair[2].x_end
    );
    assert!(
        desk[2].x > desk[1].x_end && desk[1].x > desk[0].x_end,
        "columns apart"
    );
    let centre = |l: &Line| (l.x + l.x_end) / 2.0;
    assert!(
        (centre(desk[1]) - centre(chair[1])).abs() < TOL,
        "quantities centred"
    );
    // The long cell wraps inside its column.
    let wrapped = find(&lines, "all packaging");
    assert!((wrapped.x - desk[0].x).abs() < TOL && wrapped.x_end < desk[1].x);
}

#[test]
fn no_markup_is_printed_as_source() {
    let (_, pdf) = lines();
    let text = pdf.text();
    for bad in ["*", "|", "[^", "> ", "\\", "<https", "---"] {
        assert!(!text.contains(bad), "{bad:?} printed in:\n{text}");
    }
    for kept in [
        "orders@example.com",
        "https://example.com/terms",
        "black",
        "1 240,00",
    ] {
        assert!(text.contains(kept), "{kept} kept");
    }
}

#[test]
fn quote_table_and_lists_are_tagged() {
    let (_, pdf) = lines();
    let types = pdf.struct_types();
    for t in [
        "BlockQuote",
        "Table",
        "TR",
        "TH",
        "TD",
        "L",
        "LI",
        "Lbl",
        "LBody",
        "Link",
    ] {
        assert!(types.iter().any(|x| x == t), "a /{t} element: {types:?}");
    }
    assert_eq!(
        types.iter().filter(|t| *t == "TR").count(),
        4,
        "a header and 3 rows"
    );
    assert_eq!(types.iter().filter(|t| *t == "TH").count(), 3);
}

#[test]
fn links_are_live_annotations_over_their_text() {
    let (lines, pdf) = lines();
    let found = pdf.links();
    let uris: Vec<&str> = found.iter().map(|(u, _)| u.as_str()).collect();
    assert_eq!(
        uris,
        ["https://example.com/terms", "mailto:orders@example.com"]
    );
    let height = pdf.pages[0].height();
    let line = find(&lines, "Write to orders@example.com");
    for (uri, r) in &found {
        let (top, bottom) = (height - r[3], height - r[1]);
        assert!(
            top < line.y && bottom > line.y,
            "{uri}: the area holds the baseline"
        );
        assert!(
            r[0] >= line.x - TOL && r[2] <= line.x_end + TOL,
            "{uri}: over the line"
        );
    }
    let (mail, web) = (&found[1].1, &found[0].1);
    assert!(
        mail[2] < web[0],
        "the e-mail address comes before the web address"
    );
}

#[test]
fn ps_cc_and_enclosures_take_inline_markup_and_typed_lists() {
    let out = render("markup-closing.yaml");
    let pdf = Pdf::parse(&out.pdf).expect("parses");
    let text = pdf.text();
    assert!(!text.contains('*'), "no literal asterisks:\n{text}");
    let lines = pdf.pages[0].lines_with_gap(4.0);
    let ps = find(&lines, "Bitte senden Sie uns noch:");
    let a = lines.iter().find(|l| l.text == "a)").expect("a) alone");
    let rechnung = find(&lines, "die Rechnung");
    let b = lines.iter().find(|l| l.text == "b)").expect("b) alone");
    assert!(
        a.y > ps.y && b.y > a.y,
        "the P.S. items are on their own lines"
    );
    assert!(rechnung.x > a.x_end && (rechnung.y - a.y).abs() < TOL);
    // The emphasised words are in the italic and bold faces.
    let spans = &pdf.pages[0].spans;
    let face = |needle: &str| {
        spans
            .iter()
            .find(|s| s.text.contains(needle))
            .map(|s| s.font.clone())
            .unwrap_or_else(|| panic!("{needle} drawn"))
    };
    assert!(face("März").contains("Italic"), "{}", face("März"));
    assert!(face("Personalausweises").contains("Bold"));
    assert!(face("Meier").contains("Italic"));
    assert!(!face("Köln").contains("Italic"));
}

#[test]
fn a_long_table_repeats_its_header_and_never_splits_a_row() {
    let out = render("markup-long-table.yaml");
    let pdf = Pdf::parse(&out.pdf).expect("parses");
    assert!(pdf.page_count() >= 2, "the table crosses a page");
    for (pi, page) in pdf.pages.iter().enumerate() {
        let lines = page.lines_with_gap(4.0);
        let rows: Vec<&Line> = lines
            .iter()
            .filter(|l| l.text.starts_with("Pozycja "))
            .collect();
        if rows.is_empty() {
            continue;
        }
        let header = lines
            .iter()
            .find(|l| l.text == "Pozycja")
            .unwrap_or_else(|| panic!("page {}: the header row: {lines:#?}", pi + 1));
        assert!(
            header.y < rows[0].y,
            "page {}: the header is above the rows",
            pi + 1
        );
        let amount = lines
            .iter()
            .find(|l| l.text == "Kwota (zł)")
            .expect("header cell");
        for r in &rows {
            let cell = lines
                .iter()
                .find(|l| (l.y - r.y).abs() < TOL && l.text.ends_with(",50"))
                .expect("amount on the row's baseline");
            assert!(
                (cell.x_end - amount.x_end).abs() < TOL,
                "right-aligned amounts"
            );
        }
    }
    let all: Vec<String> = pdf
        .pages
        .iter()
        .flat_map(|p| p.lines_with_gap(4.0))
        .map(|l| l.text)
        .collect();
    for i in 1..=70 {
        let name = format!("Pozycja {i}");
        assert_eq!(
            all.iter().filter(|t| **t == name).count(),
            1,
            "row {i} drawn once"
        );
    }
    let th = pdf
        .doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"S").and_then(Object::as_name).ok() == Some(&b"TH"[..]))
        .count();
    assert_eq!(th, 3, "the repeated header is an artifact, tagged once");
}

#[test]
fn addresses_in_the_ps_are_live_links_too() {
    let out = render("markup-ps-links.yaml");
    let pdf = Pdf::parse(&out.pdf).expect("parses");
    let mut uris: Vec<String> = pdf
        .doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter_map(|d| match d.get(b"A") {
            Ok(Object::Dictionary(a)) => Some(a.clone()),
            Ok(Object::Reference(r)) => pdf.doc.get_dictionary(*r).ok().cloned(),
            _ => None,
        })
        .filter_map(|a| {
            a.get(b"URI")
                .and_then(Object::as_str)
                .ok()
                .map(<[u8]>::to_vec)
        })
        .map(|u| String::from_utf8_lossy(&u).to_string())
        .collect();
    uris.sort();
    assert_eq!(uris, ["https://www.example.pl", "mailto:biuro@example.pl"]);
}
