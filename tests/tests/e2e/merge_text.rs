//! Issue 12: merge data is text. A value placed into the body, `ps`, a `cc` line or an
//! enclosure title is printed as written: `*`, `_`, `#`, `>`, `|`, `[`, list markers and line
//! breaks from the data never become markup; `{{ field | markdown }}` opts in.

use std::collections::BTreeMap;

use letterpress::load_letter_str;
use letterpress::merge::{Record, Template};
use letterpress_tests::pdf::Pdf;

const LETTER: &str = r#"recipient:
  - "{{ company }}"
  - 00-001 Warszawa
body: |
  dziękujemy firmie {{ company }} za zamówienie.

  {{ note }}

  {{ remark | markdown }}
cc:
  - "{{ company }}"
enclosures:
  - "Oferta {{ company }}"
ps: "Uwaga: {{ company }}"
"#;

fn rendered(fields: &[(&str, &str)]) -> Pdf {
    let letter = load_letter_str(LETTER, "letter.yaml").expect("parses");
    let template = Template::new(letter).expect("compiles");
    let record = Record {
        number: 1,
        fields: fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<BTreeMap<_, _>>(),
    };
    let letter = template.instantiate(&record).expect("fills");
    Pdf::parse(&crate::common::render_letter(&letter).output.pdf).expect("parses")
}

#[test]
fn data_values_are_printed_as_written() {
    let pdf = rendered(&[
        ("company", "Star*Market* [A] #1 | B_C_"),
        ("note", "pierwsza linia\n\n- druga linia\n> trzecia"),
        ("remark", "to jest **ważne**"),
    ]);
    let text = pdf.text();
    assert_eq!(
        text.matches("Star*Market* [A] #1 | B_C_").count(),
        5,
        "the value as written, in the recipient, body, cc, enclosure and P.S.:\n{text}"
    );
    let lines = pdf.pages[0].lines();
    let first = lines
        .iter()
        .find(|l| l.text == "pierwsza linia")
        .expect("own line");
    let second = lines
        .iter()
        .find(|l| l.text == "- druga linia")
        .expect("dash kept");
    let third = lines
        .iter()
        .find(|l| l.text == "> trzecia")
        .expect("> kept");
    assert!(second.y > first.y && third.y > second.y, "line breaks kept");
    assert!((first.x - second.x).abs() < 0.5, "no list indent");
    let bold = pdf.pages[0]
        .spans
        .iter()
        .find(|s| s.text.contains("ważne"))
        .expect("drawn");
    assert!(
        bold.font.contains("Bold"),
        "`| markdown` opts in: {}",
        bold.font
    );
    assert!(!text.contains("**"));
}

#[test]
fn a_missing_field_is_placed_at_its_placeholder_and_the_year_mark_is_not_doubled() {
    let yaml = "recipient:\n  - Jan\n  - 00-001 Warszawa\nbody: \"Termin: {{ due | date(\\\"pl\\\") }} r., dziękujemy {{ nam }}.\"\n";
    let letter = load_letter_str(yaml, "letter.yaml").expect("parses");
    let template = Template::new(letter).expect("compiles");
    let mut fields = BTreeMap::new();
    fields.insert("due".to_string(), "2027-01-15".to_string());
    let e = template
        .instantiate(&Record {
            number: 7,
            fields: fields.clone(),
        })
        .expect_err("no field nam");
    let msg = e.to_string();
    assert!(msg.contains("record 7") && msg.contains("`nam`"), "{msg}");
    let o = e.origin.expect("a place");
    let line = yaml.lines().nth(3).expect("body line");
    let col = line[..line.find("{{ nam").expect("placeholder")]
        .chars()
        .count()
        + 1;
    assert_eq!(
        (o.line, o.column),
        (4, col),
        "at the placeholder, not the string's start"
    );
    fields.insert("nam".to_string(), "Janie".to_string());
    let filled = template
        .instantiate(&Record { number: 7, fields })
        .expect("fills");
    assert_eq!(
        filled.spec.body.value,
        "Termin: 15 stycznia 2027 r., dziękujemy Janie."
    );
}
