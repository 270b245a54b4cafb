//! Letters across borders, read back from their PDFs: the window of each national layout,
//! the date grammar of each new language, the country line of an address abroad, Czech
//! one-letter prepositions and French narrow no-break spaces.

use std::path::PathBuf;

use letterpress::layout::geometry::Geometry;
use letterpress::layout::model::{Item, Role, RuleKind};
use letterpress::Rendered;
use letterpress_tests::pdf::Pdf;
use letterpress_tests::repo_root;
use letterpress_tests::text::collapse;

use crate::common::render_yaml;

fn example(name: &str) -> PathBuf {
    repo_root().join("examples").join(name)
}

fn render_path(path: &std::path::Path) -> Rendered {
    crate::common::render(path)
}

/// The PDF's lines of page 1, split where spans are more than 10 pt apart.
fn pdf_lines(r: &Rendered) -> Vec<letterpress_tests::pdf::Line> {
    Pdf::parse(&r.pdf).expect("the PDF parses").pages[0].lines_with_gap(10.0)
}

/// Every recipient line of the PDF lies inside the layout's window.
fn address_in_window(r: &Rendered, layout: &str) -> Vec<String> {
    let w = Geometry::by_name(layout).expect("a preset").window;
    let recipient: Vec<String> = r.document.pages[0]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text(t) if t.role == Role::Recipient => Some(collapse(&t.text())),
            _ => None,
        })
        .collect();
    assert!(!recipient.is_empty(), "{layout}: no address");
    let lines = pdf_lines(r);
    for text in &recipient {
        let l = lines
            .iter()
            .find(|l| collapse(&l.text) == *text)
            .unwrap_or_else(|| panic!("{layout}: `{text}` is not a line of the PDF"));
        assert!(
            l.x >= w.x - 0.3 && l.x_end <= w.right() + 0.3 && l.y >= w.y && l.y <= w.bottom(),
            "{layout}: `{text}` at x {:.1}..{:.1}, y {:.1} is outside the window {w:?}",
            l.x,
            l.x_end,
            l.y
        );
    }
    recipient
}

const BODY: &str = "body: Text.\n";

#[test]
fn each_national_layout_puts_the_address_in_its_window() {
    for (layout, lang) in [
        ("sn-left", "de"),
        ("sn-right", "de"),
        ("nf", "fr"),
        ("uk", "en-GB"),
        ("us-letter-9", "en-US"),
    ] {
        let yaml = format!(
            "language: {lang}\nlayout: {layout}\nstyle:\n  marks: true\nmail_note: Recommandé\nrecipient: [A Name, Firm Ltd, 1 Street, 12345 Town]\n{BODY}"
        );
        let r = render_yaml(&yaml).output;
        let g = Geometry::by_name(layout).expect("preset");
        let page = &r.document.pages[0];
        assert!((page.width - g.page_w).abs() < 0.5, "{layout}: paper");
        address_in_window(&r, layout);
        // The window is where the norm puts it: the right-window layouts print the address in
        // the right half of the sheet (from 45 %), the others within its left quarter.
        let x = pdf_lines(&r)
            .iter()
            .find(|l| l.text.contains("A Name"))
            .map(|l| l.x)
            .expect("the first address line");
        let right = matches!(layout, "sn-right" | "nf");
        if right {
            assert!(x > g.page_w * 0.45, "{layout}: address at x {x:.1}");
        } else {
            assert!(x < g.page_w / 4.0, "{layout}: address at x {x:.1}");
        }
        // Fold marks where the layout says, at the left edge.
        let marks: Vec<f32> = page
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Rule(rule) if rule.kind == RuleKind::Fold => Some(rule.y1),
                _ => None,
            })
            .collect();
        for want in &g.fold_marks {
            assert!(
                marks.iter().any(|y| (y - want).abs() < 0.5),
                "{layout}: no fold mark at {want:.1} pt; marks at {marks:?}"
            );
        }
    }
}

#[test]
fn the_new_languages_date_their_letters_in_their_own_grammar() {
    for (lang, date) in [
        ("fr", "27 novembre 2026"),
        ("it", "27 novembre 2026"),
        ("es", "27 de noviembre de 2026"),
        ("cs", "27. listopadu 2026"),
        ("nl", "27 november 2026"),
    ] {
        let yaml = format!("language: {lang}\ndate: 2026-11-27\nrecipient: [A, B]\n{BODY}");
        let r = render_yaml(&yaml);
        let text = collapse(&Pdf::parse(&r.output.pdf).expect("parses").text());
        assert!(text.contains(date), "{lang}: `{date}` not in {text}");
    }
}

#[test]
fn a_letter_abroad_gets_a_country_line_in_the_senders_language_last() {
    let r = render_path(&example("letter-pl-to-de.yaml"));
    let lines = pdf_lines(&r);
    let recipient = address_in_window(&r, "din5008-b");
    assert_eq!(recipient.last().map(String::as_str), Some("NIEMCY"));
    assert_eq!(recipient[recipient.len() - 2], "20457 Hamburg");
    let y = |t: &str| lines.iter().find(|l| l.text == t).map(|l| l.y).expect(t);
    assert!(
        y("NIEMCY") > y("20457 Hamburg"),
        "the country line is the last"
    );
    // At home, no country line; abroad, the name in the sender's language: the letter's
    // when the firm names none, else the firm's (a Polish firm writing in German: NIEMCY).
    for (lang, from, name) in [
        ("en-GB", "", "GERMANY"),
        ("de", "\nstyle:\n  sender:\n    country: AT", "DEUTSCHLAND"),
        (
            "de",
            "\nstyle:\n  language: pl\n  sender:\n    country: PL",
            "NIEMCY",
        ),
    ] {
        let yaml = format!(
            "language: {lang}{from}\nrecipient:\n  organisation: Nordwerk GmbH\n  postcode: '20457'\n  city: Hamburg\n  country: DE\n{BODY}"
        );
        let r = render_yaml(&yaml).output;
        assert_eq!(
            address_in_window(&r, "din5008-b")
                .last()
                .map(String::as_str),
            Some(name)
        );
    }
    let r = render_yaml(&format!(
        "language: de\nrecipient:\n  organisation: Nordwerk GmbH\n  postcode: '20457'\n  city: Hamburg\n{BODY}"
    ))
    .output;
    assert_eq!(
        address_in_window(&r, "din5008-b"),
        ["Nordwerk GmbH", "20457 Hamburg"]
    );
}

#[test]
fn an_unknown_country_is_set_by_the_upu_default_with_a_warning() {
    let r = render_yaml(&format!(
        "language: en-GB\nrecipient:\n  name: Taro Yamada\n  postcode: 100-0001\n  city: Tokyo\n  country: Japan\n{BODY}"
    ));
    assert!(
        r.warnings.iter().any(|w| w.message.contains("UPU S42")),
        "{:?}",
        r.warnings
    );
    assert_eq!(
        address_in_window(&r.output, "din5008-b"),
        ["Taro Yamada", "100-0001 Tokyo", "JAPAN"]
    );
}

#[test]
fn the_swiss_and_french_examples_use_their_windows() {
    let ch = render_path(&example("letter-ch-sn-right.yaml"));
    let ch_lines = address_in_window(&ch, "sn-right");
    assert_eq!(ch_lines.last().map(String::as_str), Some("7500 St. Moritz"));
    let fr = render_path(&example("letter-fr-nf.yaml"));
    let fr_lines = address_in_window(&fr, "nf");
    assert_eq!(fr_lines.last().map(String::as_str), Some("69002 LYON"));
    let text = Pdf::parse(&fr.pdf).expect("parses").text();
    assert!(text.contains("Lyon, le 27 novembre 2026"), "{text}");
}

#[test]
fn no_czech_line_ends_with_a_one_letter_preposition() {
    let r = render_path(&example("letter-cs.yaml"));
    let pdf = Pdf::parse(&r.pdf).expect("parses");
    let text = collapse(&pdf.text());
    assert!(text.contains("Praha, 27. listopadu 2026"), "{text}");
    let singles = [
        "k", "s", "v", "z", "o", "u", "a", "i", "K", "S", "V", "Z", "O", "U", "A", "I",
    ];
    let mut body_lines = 0;
    for line in pdf.pages[0].lines() {
        let last = line.text.split_whitespace().next_back().unwrap_or("");
        assert!(
            !singles.contains(&last),
            "a line ends with the one-letter word `{last}`: {}",
            line.text
        );
        body_lines += 1;
    }
    assert!(body_lines > 15, "the letter has its lines");
    // The example is written so that the rule matters: a plain break would leave some.
    let letter = letterpress::load_letter(&example("letter-cs.yaml")).expect("loads");
    let n = letter
        .spec
        .body
        .value
        .split_whitespace()
        .filter(|w| singles.contains(w))
        .count();
    assert!(n >= 15, "the body has {n} one-letter words");
}

#[test]
fn french_punctuation_gets_narrow_no_break_spaces() {
    let r = render_path(&example("letter-fr-nf.yaml"));
    let pdf = Pdf::parse(&r.pdf).expect("parses");
    let lines = pdf.pages[0].lines();
    let text: String = lines.iter().map(|l| format!("{}\n", l.text)).collect();
    // The narrow no-break space is in the text (U+202F), before ; : ! ? and inside « ».
    for want in [
        "2026\u{202F}:",
        "«\u{202F}Ivoire",
        "g\u{202F}»",
        "remercions\u{202F}!",
        "tenu\u{202F};",
        "fois\u{202F}?",
    ] {
        assert!(text.contains(want), "`{want}` not in\n{text}");
    }
    // No line starts with the punctuation that the space binds to its word.
    for l in &lines {
        let t = l.text.trim_start();
        assert!(
            !t.starts_with([';', ':', '!', '?', '»']),
            "line starts with punctuation: {t}"
        );
        assert!(!t.trim_end().ends_with('«'), "line ends with «: {t}");
    }
}
