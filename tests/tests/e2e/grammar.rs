//! Letter grammar (`letterpress::grammar`): each rule fires on the mistake, names its line and
//! column and the fix, and stays quiet on the correct form and on the neighbouring cases it
//! must not mistake for the mistake. Also `recipient_title`, which chooses Polish salutations.

use chrono::NaiveDate;
use letterpress::grammar::{findings, Finding, Rule};
use letterpress::{load_letter_str, resolve, Env, Errors, Resolved, Resources};

fn env() -> Env {
    Env::unrestricted().with_today(NaiveDate::from_ymd_opt(2026, 11, 26).expect("a date"))
}

fn resolved(yaml: &str) -> Result<(letterpress::Letter, Resolved), Errors> {
    let letter = load_letter_str(yaml, "letter.yaml").expect("the letter parses");
    let r = resolve(&letter, None, &env(), &Resources::new())?;
    Ok((letter, r))
}

/// The grammar findings of a letter.
fn check(yaml: &str) -> Vec<Finding> {
    let (letter, r) = resolved(yaml).expect("the letter resolves");
    findings(&letter, &r)
}

/// The one finding of `rule`, with its place; fails when there is none or more than one.
fn one(yaml: &str, rule: Rule) -> Finding {
    let f: Vec<Finding> = check(yaml).into_iter().filter(|f| f.rule == rule).collect();
    assert_eq!(
        f.len(),
        1,
        "exactly one {rule:?} finding in\n{yaml}\ngot {f:#?}"
    );
    f.into_iter().next().expect("one")
}

fn none(yaml: &str) {
    let f = check(yaml);
    assert!(
        f.is_empty(),
        "no grammar finding expected in\n{yaml}\ngot {f:#?}"
    );
}

fn place(f: &Finding) -> (usize, usize) {
    let o = f.origin.as_ref().expect("the finding names its place");
    (o.line, o.column)
}

// ---- Polish and German: lower case after a salutation ending with a comma -----------------

#[test]
fn polish_body_after_comma_in_capitals_is_flagged_with_the_word_and_its_place() {
    let f = one(
        "language: pl\nrecipient: [A]\nopening: Szanowny Panie,\nbody: |\n  Piszę w sprawie umowy.\n",
        Rule::LowerCaseAfterComma,
    );
    assert_eq!(place(&f), (5, 3), "{f}");
    assert_eq!(
        f.origin.as_ref().map(|o| o.width),
        Some(5),
        "the whole word is marked"
    );
    assert!(f.message.contains("„Piszę”"), "{f}");
    assert_eq!(f.fix, "write „piszę” with a small letter");
}

#[test]
fn polish_default_opening_counts_and_markup_is_looked_through() {
    // No opening: the default "Szanowni Państwo," ends with a comma too.
    let f = one(
        "language: pl\nrecipient: [A]\nbody: '**Dziękujemy** za list.'\n",
        Rule::LowerCaseAfterComma,
    );
    assert!(f.fix.contains("„dziękujemy”"), "{f}");
    assert_eq!(place(&f), (3, 10), "{f}");
}

#[test]
fn polish_lower_case_courtesy_forms_exclamation_and_acronyms_pass() {
    none("language: pl\nrecipient: [A]\nopening: Szanowny Panie,\nbody: piszę w sprawie umowy.\n");
    none("language: pl\nrecipient: [A]\nopening: Szanowny Panie,\nbody: Pana list otrzymaliśmy.\n");
    none("language: pl\nrecipient: [A]\nopening: Szanowni Państwo,\nbody: Państwa oferta jest ciekawa.\n");
    none("language: pl\nrecipient: [A]\nopening: Szanowny Panie!\nbody: Piszę w sprawie umowy.\n");
    none("language: pl\nrecipient: [A]\nopening: Szanowny Panie,\nbody: PKO BP potwierdziło przelew.\n");
    none("language: pl\nrecipient: [A]\nopening: Szanowny Panie,\nbody: |\n  - Punkt pierwszy\n");
}

#[test]
fn german_body_after_comma_in_capitals_is_flagged_but_sie_and_herr_pass() {
    let f = one(
        "language: de\nrecipient: [A]\nopening: Sehr geehrte Frau Schulz,\nbody: Wir danken für Ihren Brief.\n",
        Rule::LowerCaseAfterComma,
    );
    assert_eq!(place(&f), (4, 7), "{f}");
    assert!(
        f.message.contains("„Wir“") && f.fix.contains("„wir“"),
        "{f}"
    );
    assert!(f.message.contains("unless it is a noun"), "{f}");
    none("language: de\nrecipient: [A]\nopening: Sehr geehrte Frau Schulz,\nbody: wir danken für Ihren Brief.\n");
    none("language: de\nrecipient: [A]\nopening: Sehr geehrte Frau Schulz,\nbody: Sie erhalten anbei die Rechnung.\n");
    none("language: de\nrecipient: [A]\nopening: Sehr geehrte Frau Schulz,\nbody: Ihr Schreiben vom 3. März liegt uns vor.\n");
    none("language: de\nrecipient: [A]\nopening: Sehr geehrte Damen und Herren!\nbody: Wir danken.\n");
}

#[test]
fn english_bodies_start_with_a_capital_and_are_not_checked_for_it() {
    none("language: en-GB\nrecipient: [A]\nopening: Dear Ms Doe,\nbody: Thank you.\nclosing: Yours sincerely\n");
}

// ---- Polish and German: no comma after the closing -----------------------------------------

#[test]
fn polish_comma_after_closing_is_flagged_at_the_comma() {
    let f = one(
        "language: pl\nrecipient: [A]\nbody: dziękuję.\nclosing: Z poważaniem,   # a comment, with a comma\n",
        Rule::NoPunctuationAfterClosing,
    );
    assert_eq!(
        place(&f),
        (4, 22),
        "the comma after the closing, not the comment's: {f}"
    );
    assert_eq!(f.fix, "remove the comma after „Z poważaniem”");
    let warnings = letterpress::grammar::check(
        &load_letter_str(
            "language: pl\nrecipient: [A]\nbody: dziękuję.\nclosing: Z poważaniem,\n",
            "letter.yaml",
        )
        .expect("parses"),
        &resolved("language: pl\nrecipient: [A]\nbody: dziękuję.\nclosing: Z poważaniem,\n")
            .expect("resolves")
            .1,
    );
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0].message.contains("at letter.yaml:4:22")
            && warnings[0]
                .message
                .contains("remove the comma after „Z poważaniem”"),
        "the warning names the place and the fix: {}",
        warnings[0].message
    );
}

#[test]
fn german_comma_or_full_stop_after_closing_is_flagged() {
    let f = one(
        "language: de\nrecipient: [A]\nbody: danke.\nclosing: Mit freundlichen Grüßen,\n",
        Rule::NoPunctuationAfterClosing,
    );
    assert_eq!(f.fix, "remove the comma after „Mit freundlichen Grüßen“");
    assert_eq!(place(&f), (4, 33), "{f}");
    let f = one(
        "language: de\nrecipient: [A]\nbody: danke.\nclosing: Mit freundlichen Grüßen.\n",
        Rule::NoPunctuationAfterClosing,
    );
    assert!(f.fix.starts_with("remove the full stop"), "{f}");
}

#[test]
fn closings_without_a_comma_and_english_closings_with_one_pass() {
    none("language: pl\nrecipient: [A]\nbody: dziękuję.\nclosing: Z poważaniem\n");
    none("language: de\nrecipient: [A]\nbody: danke.\nclosing: Mit freundlichen Grüßen\n");
    none("language: en-US\nrecipient: [A]\nopening: \"Dear Ms. Doe:\"\nbody: Thanks.\nclosing: Sincerely,\n");
}

// ---- British English: faithfully and sincerely ---------------------------------------------

#[test]
fn british_sir_or_madam_with_sincerely_is_flagged() {
    let f = one(
        "language: en-GB\nrecipient: [A]\nopening: Dear Sir or Madam,\nbody: Thank you.\nclosing: Yours sincerely,\n",
        Rule::BritishClosing,
    );
    assert_eq!(place(&f), (5, 10), "{f}");
    assert!(f.message.contains("“Dear Sir or Madam”"), "{f}");
    assert_eq!(
        f.fix, "write `closing: Yours faithfully,`",
        "keeps the writer's comma"
    );
}

#[test]
fn british_sir_or_madam_gets_yours_faithfully_by_default() {
    // An impersonal salutation with no closing gets the closing that pairs with it.
    none("language: en-GB\nrecipient: [A]\nopening: Dear Sir or Madam,\nbody: Thank you.\n");
}

#[test]
fn every_default_closing_agrees_with_the_grammar_check() {
    // Resolve and the grammar check classify a salutation with one classifier: whatever
    // closing resolve picks by default, the check never objects to it.
    for opening in [
        "Dear Sir,",
        "Dear Madam,",
        "Dear Sirs,",
        "Dear Sir/Madam,",
        "Dear Mr Smith,",
        "Dear Jane,",
        "Dear Colleagues,",
        "Hello,",
    ] {
        let yaml =
            format!("language: en-GB\nrecipient: [A]\nopening: \"{opening}\"\nbody: Thank you.\n");
        none(&yaml);
    }
    let (_, r) = resolved("language: en-GB\nrecipient: [A]\nopening: Dear Sir,\nbody: Thanks.\n")
        .expect("resolves");
    assert_eq!(r.closing, "Yours faithfully");
}

#[test]
fn british_named_salutation_with_faithfully_is_flagged() {
    let f = one(
        "language: en-GB\nrecipient: [A]\nopening: Dear Mr Smith,\nbody: Thank you.\nclosing: Yours faithfully\n",
        Rule::BritishClosing,
    );
    assert_eq!(f.fix, "write `closing: Yours sincerely`");
    assert!(f.message.contains("salutation by name"), "{f}");
}

#[test]
fn british_correct_pairs_and_unclassified_salutations_pass() {
    none("language: en-GB\nrecipient: [A]\nopening: Dear Sir or Madam,\nbody: Thanks.\nclosing: Yours faithfully\n");
    none("language: en-GB\nrecipient: [A]\nopening: Dear Mr Smith,\nbody: Thanks.\nclosing: Yours sincerely\n");
    none("language: en-GB\nrecipient: [A]\nopening: Dear Jane,\nbody: Thanks.\n");
    none("language: en-GB\nrecipient: [A]\nbody: Thanks.\n"); // the defaults pair correctly
    none("language: en-GB\nrecipient: [A]\nopening: Dear Colleagues,\nbody: Thanks.\nclosing: Yours faithfully\n");
    // US letters are not held to the British pairing.
    none("language: en-US\nrecipient: [A]\nopening: \"Dear Sir or Madam:\"\nbody: Thanks.\nclosing: Sincerely,\n");
}

// ---- American English: a colon after the salutation ----------------------------------------

#[test]
fn us_salutation_with_a_comma_is_flagged_at_the_comma() {
    let f = one(
        "language: en-US\nrecipient: [A]\nopening: Dear Ms. Doe,\nbody: Thanks.\n",
        Rule::UsColon,
    );
    assert_eq!(place(&f), (3, 22), "{f}");
    assert_eq!(
        f.fix,
        "replace the comma with a colon: `opening: \"Dear Ms. Doe:\"` (in quotes, because of the colon)"
    );
}

#[test]
fn us_salutation_without_punctuation_is_flagged() {
    let f = one(
        "language: en-US\nrecipient: [A]\nopening: Dear Ms. Doe\nbody: Thanks.\n",
        Rule::UsColon,
    );
    assert!(f.fix.starts_with("end it with a colon"), "{f}");
    assert_eq!(place(&f), (3, 10), "{f}");
}

#[test]
fn us_salutation_with_a_colon_and_the_default_pass_and_british_commas_pass() {
    none("language: en-US\nrecipient: [A]\nopening: \"Dear Ms. Doe:\"\nbody: Thanks.\n");
    none("language: en-US\nrecipient: [A]\nbody: Thanks.\n");
    none("language: en-GB\nrecipient: [A]\nopening: Dear Ms Doe,\nbody: Thanks.\nclosing: Yours sincerely\n");
}

// ---- recipient_title ---------------------------------------------------------------------

#[test]
fn recipient_title_chooses_the_polish_salutation() {
    for (title, opening) in [
        ("Pan", "Szanowny Panie,"),
        ("Pani", "Szanowna Pani,"),
        ("Państwo", "Szanowni Państwo,"),
        ("pani", "Szanowna Pani,"),
    ] {
        let (letter, r) = resolved(&format!(
            "language: pl\nrecipient: [A]\nrecipient_title: {title}\nbody: dziękujemy.\n"
        ))
        .expect("resolves");
        assert_eq!(r.opening, opening, "recipient_title: {title}");
        assert!(findings(&letter, &r).is_empty(), "{title}");
    }
    let (_, r) = resolved("language: pl\nrecipient: [A]\nbody: dziękujemy.\n").expect("resolves");
    assert_eq!(r.opening, "Szanowni Państwo,", "no title: the general form");
}

#[test]
fn unknown_recipient_title_is_an_error_naming_the_choices() {
    let errs = resolved("language: pl\nrecipient: [A]\nrecipient_title: Herr\nbody: x\n")
        .expect_err("Herr is not a Polish title")
        .0;
    assert_eq!(errs.len(), 1, "{errs:?}");
    let e = &errs[0];
    assert_eq!(e.origin.as_ref().map(|o| (o.line, o.column)), Some((3, 18)));
    assert!(
        e.to_string().contains("invalid recipient_title `Herr`"),
        "{e}"
    );
    assert!(
        e.hint
            .as_deref()
            .is_some_and(|h| h.contains("Pan, Pani, Państwo")),
        "{e}"
    );
}

#[test]
fn recipient_title_without_effect_is_flagged() {
    let f = one(
        "language: de\nrecipient: [A]\nrecipient_title: Pani\nbody: danke.\n",
        Rule::RecipientTitle,
    );
    assert!(f.message.contains("this letter is in `de`"), "{f}");
    assert_eq!(place(&f), (3, 18), "{f}");
    let f = one(
        "language: pl\nrecipient: [A]\nrecipient_title: Pani\nopening: Szanowna Pani Prezes,\nbody: dziękuję.\n",
        Rule::RecipientTitle,
    );
    assert!(f.message.contains("gives its own `opening`"), "{f}");
}

// ---- the letters the project ships ---------------------------------------------------------

#[test]
fn the_examples_follow_their_language_grammar() {
    let env = Env::from_process();
    for path in letterpress_tests::examples() {
        let letter = letterpress::load_letter(&path).expect("example parses");
        let lh =
            letterpress::find_letterhead(&letter, &env, &Resources::new()).expect("letterhead");
        let r = resolve(&letter, lh.as_ref(), &env, &Resources::new()).expect("resolves");
        let f = findings(&letter, &r);
        assert!(f.is_empty(), "{}: {f:#?}", path.display());
    }
}

#[test]
fn unfilled_placeholders_warn_at_their_place_when_rendered_and_not_when_merged() {
    let yaml = "language: en-GB\nrecipient: [\"{{ company }}\", Oxford]\nbody: |\n  Dear {{ name }},\n\n  thank you.\n";
    let letter = load_letter_str(yaml, "letter.yaml").expect("parses");
    let options = letterpress::RenderOptions::default();
    let out = letterpress::render(&letter, &env(), &Resources::new(), &options).expect("renders");
    let w: Vec<&str> = out
        .warnings
        .iter()
        .map(|w| w.message.as_str())
        .filter(|m| m.contains("placeholder"))
        .collect();
    assert_eq!(w.len(), 2, "{w:?}");
    assert!(
        w.iter()
            .any(|m| m.contains("`body` holds the placeholder `{{ name }}`")
                && m.contains("letter.yaml:4:8")),
        "{w:?}"
    );
    assert!(w.iter().any(|m| m.contains("`recipient`")), "{w:?}");
    let template = letterpress::merge::Template::new(letter).expect("a template");
    let record = letterpress::merge::Record {
        number: 1,
        fields: [("company", "Acme Ltd"), ("name", "Ms Doe")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    };
    let merged = template.instantiate(&record).expect("filled");
    let out = letterpress::render(&merged, &env(), &Resources::new(), &options).expect("renders");
    assert!(
        !out.warnings
            .iter()
            .any(|w| w.message.contains("placeholder")),
        "a merged letter has no placeholders left: {:?}",
        out.warnings
    );
}
