//! Every `examples/*.yaml` renders, and the PDF says what the letter says: page count, paper
//! size, embedded subset fonts, every address line, subject, closing, signatory, enclosure and
//! the body's words in order, and the localised continuation header on pages 2+.
//! Also: rendering is deterministic.

use std::path::Path;

use letterpress::layout::model::{Document, Item, Role};
use letterpress::{Env, RenderOptions, Resources};
use letterpress_tests::pdf::Pdf;
use letterpress_tests::text::{body_words, collapse, in_order, pdf_words};
use letterpress_tests::{cli, examples};

use super::common::{render, try_render};

fn name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

/// The layout the contract says a letter gets: its own, else its letterhead's, else by language.
fn expected_layout(path: &Path) -> String {
    let letter = letterpress::load_letter(path).expect("the example loads");
    if let Some(l) = &letter.spec.layout {
        return l.value.clone();
    }
    let head = letterpress::find_letterhead(
        &letter,
        &Env::from_process(),
        &letterpress::Resources::new(),
    )
    .expect("letterhead");
    if let Some(l) = head.as_ref().and_then(|h| h.spec.layout.as_ref()) {
        return l.value.clone();
    }
    let lang = letter
        .spec
        .language
        .as_ref()
        .map(|l| l.value.clone())
        .or_else(|| {
            head.as_ref()
                .and_then(|h| h.spec.language.as_ref())
                .map(|l| l.value.clone())
        })
        .unwrap_or_default();
    if lang.eq_ignore_ascii_case("en-US") {
        "us-letter".into()
    } else {
        "din5008".into()
    }
}

fn continuation(lang: &str, page: usize, total: usize) -> String {
    match lang {
        "pl" => format!("Strona {page} z {total}"),
        "de" => format!("Seite {page} von {total}"),
        l if l.starts_with("en") => format!("Page {page} of {total}"),
        "fr" => format!("Page {page} sur {total}"),
        "it" => format!("Pagina {page} di {total}"),
        "es" => format!("Página {page} de {total}"),
        "cs" => format!("Strana {page} z {total}"),
        "nl" => format!("Pagina {page} van {total}"),
        l => panic!("unexpected document language `{l}`"),
    }
}

/// The address lines the letter asks for: its list, or its mapping as resolve formats it.
fn recipient_lines(letter: &letterpress::Letter) -> Vec<String> {
    if !letter.spec.recipient.value.is_structured() {
        return letter.spec.recipient.value.lines.clone();
    }
    let env = Env::from_process();
    let res = Resources::new();
    let head = letterpress::find_letterhead(letter, &env, &res).expect("letterhead");
    letterpress::resolve(letter, head.as_ref(), &env, &res)
        .expect("resolves")
        .recipient
}

fn texts_of(doc: &Document, role: Role) -> Vec<String> {
    doc.pages
        .iter()
        .flat_map(|p| p.items.iter())
        .filter_map(|i| match i {
            Item::Text(t) if t.role == role => Some(t.text()),
            _ => None,
        })
        .collect()
}

#[test]
fn every_example_renders_to_a_faithful_pdf() {
    let mut failures = Vec::new();
    for path in examples() {
        failures.extend(check_example(&path));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every check of one example; the problems found.
fn check_example(path: &Path) -> Vec<String> {
    let mut failures = Vec::new();
    let n = name(path);
    {
        let rendered = match try_render(path) {
            Ok(r) => r,
            Err(e) => {
                failures.push(format!("{n}: does not render: {e}"));
                return failures;
            }
        };
        let doc = &rendered.document;
        let pdf = match Pdf::parse(&rendered.pdf) {
            Ok(p) => p,
            Err(e) => {
                failures.push(format!("{n}: the PDF does not parse: {e}"));
                return failures;
            }
        };
        let mut fail = |m: String| failures.push(format!("{n}: {m}"));

        // Pages.
        if pdf.page_count() != doc.pages.len() || pdf.page_count() == 0 {
            fail(format!(
                "the PDF has {} pages, the page model {}",
                pdf.page_count(),
                doc.pages.len()
            ));
        }
        if n == "long-us.yaml" && pdf.page_count() < 3 {
            fail(format!(
                "the long US letter has {} pages, expected at least 3",
                pdf.page_count()
            ));
        }

        // Paper.
        let layout = expected_layout(path);
        let (w, h) = if layout == "us-letter" {
            (612.0, 792.0)
        } else {
            (595.28, 841.89)
        };
        for (i, p) in pdf.pages.iter().enumerate() {
            if (p.width() - w).abs() > 0.5 || (p.height() - h).abs() > 0.5 {
                fail(format!(
                    "page {} MediaBox {:?} is not {w}×{h} ({layout})",
                    i + 1,
                    p.media_box
                ));
            }
        }

        // Fonts: embedded subsets.
        let fonts = pdf.fonts();
        if fonts.is_empty() {
            fail("no fonts in the PDF".into());
        }
        for f in &fonts {
            let (tag, rest) = f.base_font.split_at(f.base_font.find('+').unwrap_or(0));
            let subset =
                tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()) && rest.len() > 1;
            if !subset {
                fail(format!(
                    "font `{}` is not named as a subset (ABCDEF+Name)",
                    f.base_font
                ));
            }
            if !f.embedded {
                fail(format!(
                    "font `{}` ({}) is not embedded",
                    f.base_font, f.subtype
                ));
            }
            if !f.has_to_unicode {
                fail(format!("font `{}` has no ToUnicode CMap", f.base_font));
            }
        }

        // Text.
        let letter = letterpress::load_letter(path).expect("loads");
        let spec = &letter.spec;
        let all = collapse(&pdf.text());
        let mut expect = |what: &str, s: &str| {
            let s = collapse(s);
            if !all.contains(&s) {
                failures.push(format!("{n}: the PDF lacks the {what} `{s}`"));
            }
        };
        let recipient = recipient_lines(&letter);
        for line in &recipient {
            expect("recipient line", line);
        }
        if let Some(s) = &spec.subject {
            expect("subject", &s.value);
        }
        if let Some(s) = &spec.closing {
            expect("closing", &s.value);
        }
        for s in &spec.signatures {
            expect("signatory", &s.name.value);
        }
        for e in &spec.enclosures {
            expect("enclosure", &e.title.value);
        }
        let body = body_words(&spec.body.value);
        // Read on pre-printed paper: an SVG letterhead's text is text too ("Relacje z mediami"),
        // and the body's first words would be matched in it; every other position is the same.
        let plain = letterpress::render_file(
            path,
            &Env::from_process(),
            &Resources::new(),
            &RenderOptions::default().preprinted(true),
        )
        .expect("renders on pre-printed paper");
        let plain = Pdf::parse(&plain.output.pdf).expect("reads");
        let words = pdf_words(&plain.text());
        if let Err(e) = in_order(&body, &words, 60) {
            failures.push(format!("{n}: the body is not in the PDF in order: {e}"));
        }

        // The page model agrees with the PDF on the recipient.
        let model_recipient = texts_of(doc, Role::Recipient);
        if model_recipient
            .iter()
            .map(|s| collapse(s))
            .ne(recipient.iter().map(|s| collapse(s)))
        {
            failures.push(format!(
                "{n}: the page model's recipient lines {model_recipient:?} are not the letter's {recipient:?}",
            ));
        }

        // Continuation headers.
        let total = pdf.page_count();
        for (i, p) in pdf.pages.iter().enumerate().skip(1) {
            let want = continuation(&doc.meta.lang, i + 1, total);
            if !collapse(&p.text()).contains(&want) {
                failures.push(format!(
                    "{n}: page {} lacks the continuation `{want}`; its first lines: {:?}",
                    i + 1,
                    p.lines()
                        .iter()
                        .take(4)
                        .map(|l| l.text.clone())
                        .collect::<Vec<_>>()
                ));
            }
        }
        if total >= 2 {
            let first = &recipient[0];
            for (i, p) in pdf.pages.iter().enumerate().skip(1) {
                if !collapse(&p.text()).contains(&collapse(first)) {
                    failures.push(format!(
                        "{n}: page {} continuation header lacks the recipient's first line `{first}`",
                        i + 1
                    ));
                }
            }
        }
    }
    failures
}

#[test]
fn the_own_text_reader_agrees_with_the_page_model() {
    // Every text line of the page model is found in the PDF at its place (±1 pt): this checks
    // the test's PDF reader as much as the writer.
    for path in examples().iter() {
        let n = name(path);
        let rendered = render(path);
        let pdf = Pdf::parse(&rendered.pdf).expect("parses");
        for (page, pp) in rendered.document.pages.iter().zip(&pdf.pages) {
            for item in &page.items {
                let Item::Text(t) = item else { continue };
                let text = collapse(&t.text());
                if text.is_empty() {
                    continue;
                }
                let found = pp.spans.iter().any(|s| {
                    (s.x - t.x).abs() <= 1.0
                        && (s.y - t.y).abs() <= 1.0
                        && text.starts_with(collapse(&s.text).as_str())
                });
                assert!(
                    found,
                    "{n} page {}: the line `{text}` ({:?}) at x={:.1} y={:.1} is not in the PDF \
                     there; spans near that baseline: {:?}",
                    page.number,
                    t.role,
                    t.x,
                    t.y,
                    pp.spans
                        .iter()
                        .filter(|s| (s.y - t.y).abs() < 3.0)
                        .map(|s| (s.text.clone(), s.x, s.y))
                        .collect::<Vec<_>>()
                );
            }
        }
    }
}

#[test]
fn rendering_is_deterministic_across_processes() {
    // Two processes start with cold caches, other hash seeds and other addresses: whatever
    // order or state could leak into the file differs between them. In one process a second
    // render would reuse warm caches and prove less.
    let dir = tempfile::tempdir().expect("temp dir");
    for path in examples().iter() {
        let mut outputs = Vec::new();
        for i in 0..2 {
            let pdf = dir.path().join(format!("{}-{i}.pdf", name(path)));
            let json = dir.path().join(format!("{}-{i}.json", name(path)));
            let run = cli::run(
                cli::cmd()
                    .arg("render")
                    .arg(path)
                    .arg("-o")
                    .arg(&pdf)
                    .arg("--layout-json")
                    .arg(&json)
                    .env("SOURCE_DATE_EPOCH", "1798243200"),
            );
            assert_eq!(run.code, Some(0), "{}: render failed: {run}", name(path));
            outputs.push((
                std::fs::read(&pdf).expect("pdf"),
                std::fs::read(&json).expect("json"),
            ));
        }
        assert!(
            outputs[0].0 == outputs[1].0,
            "{}: the PDFs of two processes differ",
            name(path)
        );
        assert!(
            outputs[0].1 == outputs[1].1,
            "{}: the page models of two processes differ",
            name(path)
        );
    }
}

#[test]
fn undated_letter_is_deterministic_under_source_date_epoch() {
    let dir = tempfile::tempdir().expect("temp dir");
    let letter = dir.path().join("undated.yaml");
    std::fs::write(
        &letter,
        "language: en-GB\nplace: London\nrecipient:\n  - Ms Jane Doe\n  - 12 High Street\n  - Oxford OX1 4AB\n\
         subject: Undated\nbody: |\n  A letter without a date takes the date from SOURCE_DATE_EPOCH.\n",
    )
    .unwrap();
    let mut outputs = Vec::new();
    for i in 0..2 {
        let out = dir.path().join(format!("out{i}.pdf"));
        let run = cli::run(
            cli::cmd()
                .arg("render")
                .arg(&letter)
                .arg("-o")
                .arg(&out)
                .env("SOURCE_DATE_EPOCH", "1798243200"),
        );
        assert_eq!(run.code, Some(0), "render failed: {run}");
        outputs.push(std::fs::read(&out).expect("output written"));
    }
    assert!(
        outputs[0] == outputs[1],
        "two renders under SOURCE_DATE_EPOCH differ"
    );
    let pdf = Pdf::parse(&outputs[0]).expect("parses");
    let text = collapse(&pdf.text());
    // 1798243200 = 2026-12-26T00:00:00Z.
    assert!(
        text.contains("26 December 2026"),
        "the date line is not 26 December 2026 (SOURCE_DATE_EPOCH=1798243200); text: {text}"
    );
}
