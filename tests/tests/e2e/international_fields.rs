//! The rest of issue 15, read back from the PDFs: French spacing in the one-line fields (the
//! references, the sender's lines) as in the paragraphs, words with an elided article
//! hyphenated in their word part, and the date of the right-window layouts (`nf`, `sn-right`)
//! on KOMA-Script's reference line at the right.

use letterpress::layout::geometry::Geometry;
use letterpress::Rendered;
use letterpress_tests::pdf::Pdf;

fn render_yaml(yaml: &str) -> Rendered {
    crate::common::render_yaml(yaml).output
}

const FRENCH: &str = "language: fr\nlayout: nf\nplace: Lyon\ndate: 2026-11-27\n\
style:\n  sender:\n    name: Atelier Martin\n    address: [8 quai Saint-Vincent, 69001 Lyon]\n    phone: +33 4 72 00 12 34\n    email: contact@atelier-martin.fr\n\
recipient: [Monsieur Jean Dupont, 12 rue de la République, 69002 LYON]\n\
references:\n  your_ref: \"JD/41 ; lot « A »\"\n  our_ref: AM/118\n\
subject: \"Votre commande : livraison ?\"\n";

#[test]
fn french_one_line_fields_get_narrow_no_break_spaces() {
    let r = render_yaml(&format!("{FRENCH}body: Merci.\n"));
    let pdf = Pdf::parse(&r.pdf).expect("parses");
    let text: String = pdf.pages[0]
        .lines()
        .iter()
        .map(|l| format!("{}\n", l.text))
        .collect();
    for want in [
        // The references: the label's colon, the value's semicolon and guillemets.
        "réf.\u{202F}:",
        "JD/41\u{202F};",
        "«\u{202F}A\u{202F}»",
        // The subject (a paragraph) as before.
        "commande\u{202F}:",
        "livraison\u{202F}?",
    ] {
        assert!(text.contains(want), "`{want}` not in\n{text}");
    }
    // An e-mail address and a time keep their colons and signs untouched.
    assert!(text.contains("contact@atelier-martin.fr"), "{text}");
    // The same letter in English keeps plain colons.
    let en = render_yaml(&format!(
        "{}body: Thanks.\n",
        FRENCH.replace("language: fr", "language: en-GB")
    ));
    let en_text = Pdf::parse(&en.pdf).expect("parses").text();
    assert!(!en_text.contains('\u{202F}'), "{en_text}");
}

#[test]
fn elided_words_are_hyphenated_after_the_apostrophe() {
    let words = "l'administration d'aujourd'hui, l'organisation de l'entreprise et \
                 l'accompagnement de l'établissement ";
    let body = words.repeat(12);
    let r = render_yaml(&format!(
        "language: fr\nlayout: nf\ndate: 2026-11-27\nrecipient: [Monsieur Jean Dupont, 69002 LYON]\n\
         body: \"{body}\"\n"
    ));
    let pdf = Pdf::parse(&r.pdf).expect("parses");
    let lines = pdf.pages[0].lines();
    let mut elided_breaks = 0;
    for l in &lines {
        let last = l.text.split_whitespace().next_back().unwrap_or("");
        if last.ends_with('-') && last.contains(['\'', '\u{2019}']) {
            // Broken in the word part, never right after the apostrophe.
            assert!(
                !last.ends_with("'-") && !last.ends_with("\u{2019}-"),
                "{}",
                l.text
            );
            let word = last.rsplit(['\'', '\u{2019}']).next().unwrap_or("");
            assert!(word.chars().count() > 2, "a fragment too short: {last}");
            elided_breaks += 1;
        }
    }
    assert!(
        elided_breaks > 0,
        "no elided word was hyphenated:\n{}",
        lines
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn right_window_layouts_date_the_letter_on_the_reference_line_at_the_right() {
    for (layout, lang, place, date, ref_top_mm) in [
        ("nf", "fr", "Lyon", "Lyon, le 27 novembre 2026", 99.0),
        (
            "sn-right",
            "de-CH",
            "Zürich",
            "Zürich, 27. November 2026",
            98.5,
        ),
    ] {
        let r = render_yaml(&format!(
            "language: {lang}\nlayout: {layout}\nplace: {place}\ndate: 2026-11-27\n\
             recipient: [Jean Dupont, 12 rue de la Paix, 69002 LYON]\nsubject: Objet\nbody: Texte.\n"
        ));
        let g = Geometry::by_name(layout).expect("preset");
        let pdf = Pdf::parse(&r.pdf).expect("parses");
        let d = pdf.pages[0]
            .find_line(date)
            .unwrap_or_else(|| panic!("{layout}: no `{date}` in\n{}", pdf.text()));
        let right = g.page_w - g.margin_right;
        assert!(
            (d.x_end - right).abs() < 1.0,
            "{layout}: the date ends at {} not {right}",
            d.x_end
        );
        let top = ref_top_mm * 72.0 / 25.4;
        assert!(
            d.y > top && d.y < top + 20.0 && d.y > g.window.bottom(),
            "{layout}: the date's baseline {} is not on the reference line at {top}",
            d.y
        );
        let subject = pdf.pages[0].find_line("Objet").expect("subject");
        assert!(
            subject.y > d.y + 10.0,
            "{layout}: the subject is above the date"
        );
    }
}
