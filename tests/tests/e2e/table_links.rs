//! Issue 12: links in table cells are live as the body's are: a link annotation over the cell's
//! text (on its row, in its column), tagged as a `Link` element inside the cell's `TD`.

use letterpress_tests::pdf::Pdf;
use lopdf::{Dictionary, Object};

const LETTER: &str = "language: en-GB\nrecipient: [Ms Jane Doe, 1 High Street, Oxford OX1 4AB]\nbody: |\n  Our documents:\n\n  | Document | Where |\n  |---|---|\n  | Price list | [our site](https://example.com/prices) |\n  | Terms | write to <terms@example.com> |\n";

fn pdf() -> Pdf {
    crate::common::pdf_of(LETTER)
}

fn dict<'a>(pdf: &'a Pdf, o: &'a Object) -> Option<&'a Dictionary> {
    match o {
        Object::Dictionary(d) => Some(d),
        Object::Reference(r) => pdf.doc.get_dictionary(*r).ok(),
        _ => None,
    }
}

#[test]
fn a_link_in_a_cell_is_a_live_annotation_over_its_text() {
    let pdf = pdf();
    let found = pdf.links();
    let uris: Vec<&str> = found.iter().map(|(u, _)| u.as_str()).collect();
    assert_eq!(
        uris,
        ["https://example.com/prices", "mailto:terms@example.com"]
    );
    let page = &pdf.pages[0];
    let lines = page.lines_with_gap(4.0);
    let find = |needle: &str| {
        lines
            .iter()
            .find(|l| l.text.contains(needle))
            .unwrap_or_else(|| panic!("no `{needle}` in {lines:#?}"))
    };
    let h = page.height();
    for ((_, r), (label, text)) in found
        .iter()
        .zip([("Price list", "our site"), ("Terms", "terms@example.com")])
    {
        let row = find(label);
        let cell = find(text);
        assert!((row.y - cell.y).abs() < 0.6, "the link is on its row");
        let (top, bottom) = (h - r[3], h - r[1]);
        assert!(
            top < cell.y && bottom > cell.y,
            "the area holds the baseline: {r:?}"
        );
        assert!(
            r[0] >= cell.x - 0.6 && r[2] <= cell.x_end + 0.6 && r[0] > row.x_end,
            "over the second column's text: {r:?} / {cell:?}"
        );
    }
}

#[test]
fn the_link_element_is_inside_the_cell() {
    let pdf = pdf();
    let links: Vec<&Dictionary> = pdf
        .doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"S").and_then(Object::as_name).ok() == Some(&b"Link"[..]))
        .collect();
    assert_eq!(links.len(), 2, "one Link element per link");
    for l in links {
        let parent = l
            .get(b"P")
            .ok()
            .and_then(|p| dict(&pdf, p))
            .expect("a parent");
        let s = parent.get(b"S").and_then(Object::as_name).expect("a type");
        assert_eq!(s, b"TD", "a Link in a table cell is the cell's child");
    }
}
