//! Issue 12: `attention:` adds the person to the address in the language's form, on its own
//! line right after the organisation, inside the window, at the address's size; the
//! continuation header still names the organisation.

use letterpress::{load_letter_str, render, Env, RenderOptions, Resources};
use letterpress_tests::pdf::{Line, Pdf};

const MM: f32 = 72.0 / 25.4;

fn pdf(yaml: &str) -> Pdf {
    crate::common::pdf_of(yaml)
}

fn line(pdf: &Pdf, page: usize, needle: &str) -> Line {
    pdf.pages[page].find_line(needle).unwrap_or_else(|| {
        panic!(
            "no `{needle}` on page {}:\n{}",
            page + 1,
            pdf.pages[page].text()
        )
    })
}

/// `line` sits directly under `above` (same left edge, one address line lower) and inside
/// the window `(x, y, w, h)` in points from the top-left corner.
fn right_under(above: &Line, line: &Line, window: (f32, f32, f32, f32)) {
    assert!(
        (line.x - above.x).abs() < 0.5,
        "same left edge: {above:?} / {line:?}"
    );
    let step = line.y - above.y;
    assert!(
        (9.0..16.0).contains(&step),
        "the next address line: {step} pt"
    );
    let (x, y, w, h) = window;
    assert!(
        line.x >= x && line.x_end <= x + w,
        "within the window's width: {line:?}"
    );
    assert!(
        line.y > y && line.y < y + h,
        "within the window's height: {line:?}"
    );
}

#[test]
fn german_z_hd_follows_the_firm_in_the_din_window() {
    let p = pdf("language: de\nlayout: din5008-b\nrecipient:\n  - Nordwerk GmbH\n  - Hauptstraße 1\n  - 10115 Berlin\nattention: Jan Kowalski\nbody: Guten Tag.\n");
    let firm = line(&p, 0, "Nordwerk GmbH");
    let att = line(&p, 0, "z. Hd. Jan Kowalski");
    let street = line(&p, 0, "Hauptstraße 1");
    right_under(&firm, &att, (20.0 * MM, 45.0 * MM, 85.0 * MM, 45.0 * MM));
    right_under(&att, &street, (20.0 * MM, 45.0 * MM, 85.0 * MM, 45.0 * MM));
}

#[test]
fn each_language_has_its_form() {
    for (lang, layout, expect) in [
        ("en-GB", "uk", "For the attention of Ann Lee"),
        ("en-US", "us-letter", "Attn: Ann Lee"),
        ("pl", "din5008-b", "Ann Lee"),
    ] {
        let p = pdf(&format!(
            "language: {lang}\nlayout: {layout}\nrecipient:\n  - Smith Holdings\n  - 1 High Street\n  - Springfield\nattention: Ann Lee\nbody: Hello.\n"
        ));
        let firm = line(&p, 0, "Smith Holdings");
        let att = line(&p, 0, expect);
        assert_eq!(att.text.trim(), expect, "{lang}: the line is only the form");
        let window = if layout == "us-letter" {
            (0.6875 * 72.0, 2.1875 * 72.0, 4.5 * 72.0, 1.125 * 72.0)
        } else {
            (0.0, 0.0, 595.0, 842.0)
        };
        right_under(&firm, &att, window);
    }
}

#[test]
fn a_mapping_puts_it_after_the_organisation_and_the_header_names_the_firm() {
    let body: String = (0..70)
        .map(|i| format!("  Absatz {i} mit etwas Text.\n\n"))
        .collect();
    let p = pdf(&format!(
        "language: de\nrecipient:\n  organisation: Nordwerk GmbH\n  department: Einkauf\n  street: Hauptstraße 1\n  postcode: '10115'\n  city: Berlin\nattention: Jan Kowalski\nbody: |\n{body}"
    ));
    let dept = line(&p, 0, "Einkauf");
    let att = line(&p, 0, "z. Hd. Jan Kowalski");
    right_under(&dept, &att, (20.0 * MM, 45.0 * MM, 85.0 * MM, 45.0 * MM));
    assert!(p.pages.len() > 1, "a second page");
    let second = p.pages[1].text();
    assert!(
        second.contains("Nordwerk GmbH"),
        "the header names the firm:\n{second}"
    );
    assert!(
        !second.contains("z. Hd."),
        "not the attention line:\n{second}"
    );
}

#[test]
fn a_merge_fills_the_attention_line_with_the_record_as_text() {
    use letterpress::merge::{Record, Template};
    let letter = load_letter_str(
        "language: en-US\nrecipient: [\"{{ company }}\", 1 Main Street, \"Springfield, IL 62701\"]\nattention: \"{{ contact }}\"\nbody: Hello.\n",
        "letter.yaml",
    )
    .expect("parses");
    let template = Template::new(letter).expect("compiles");
    let record = Record {
        number: 1,
        fields: [("company", "Acme Inc."), ("contact", "Ann *Lee*")]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    };
    let letter = template.instantiate(&record).expect("fills");
    let out = render(
        &letter,
        &Env::default(),
        &Resources::new(),
        &RenderOptions::default(),
    )
    .expect("renders");
    let p = Pdf::parse(&out.output.pdf).expect("parses");
    let firm = line(&p, 0, "Acme Inc.");
    let att = line(&p, 0, "Attn: Ann *Lee*");
    right_under(&firm, &att, (0.0, 0.0, 612.0, 792.0));
}
