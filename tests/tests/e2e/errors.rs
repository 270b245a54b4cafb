//! Errors in letters: each names what is wrong and where. Checked twice: through the library
//! (`Error.origin` line and column, the message) and through the CLI (exit code 1, the message
//! and `file.yaml:LINE:COL` on standard error, no output file written).

use std::path::{Path, PathBuf};

use letterpress::{Env, Error, ErrorKind, RenderOptions, Resources};
use letterpress_tests::cli::{cmd, run};

/// A valid start of a letter (lines 1–4); cases append to it, so their lines start at 5.
const BASE: &str = "recipient:\n  - Ms Jane Doe\n  - Oxford OX1 4AB\nbody: Hello.\n";

/// A 1×1 GIF.
const GIF: &[u8] = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;";

struct Case<'a> {
    /// The letter's text.
    yaml: String,
    /// Other files to put beside it.
    files: &'a [(&'a str, &'a [u8])],
    /// What the message (with its hint) must say, case-insensitively.
    says: &'a [&'a str],
    /// Where: line and column (1-based).
    at: (usize, usize),
}

fn setup(case: &Case) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, bytes) in case.files {
        std::fs::write(dir.path().join(name), bytes).expect("write a side file");
    }
    let letter = dir.path().join("letter.yaml");
    std::fs::write(&letter, &case.yaml).expect("write the letter");
    (dir, letter)
}

fn lib_errors(letter: &Path) -> Vec<Error> {
    match letterpress::render_file(
        letter,
        &Env::from_process(),
        &Resources::new(),
        &RenderOptions::default(),
    ) {
        Ok(_) => panic!(
            "the letter renders, but it is wrong:\n{}",
            std::fs::read_to_string(letter).unwrap()
        ),
        Err(e) => e.0,
    }
}

fn full_message(e: &Error) -> String {
    // Display holds the kind, the place, the suggestion and the hint.
    e.to_string()
}

/// Check a case through the library and the CLI; returns the library's error.
fn expect(case: Case) -> Error {
    let (dir, letter) = setup(&case);
    let errors = lib_errors(&letter);
    let matching: Vec<&Error> = errors
        .iter()
        .filter(|e| {
            let m = full_message(e).to_lowercase();
            case.says.iter().all(|s| m.contains(&s.to_lowercase()))
        })
        .collect();
    assert!(
        !matching.is_empty(),
        "no error says all of {:?}; the errors:\n{}\n--- letter ---\n{}",
        case.says,
        errors
            .iter()
            .map(full_message)
            .collect::<Vec<_>>()
            .join("\n"),
        case.yaml
    );
    let e = matching[0];
    let o = e.origin.as_ref().unwrap_or_else(|| {
        panic!(
            "the error `{}` has no place; expected letter.yaml:{}:{}",
            full_message(e),
            case.at.0,
            case.at.1
        )
    });
    assert_eq!(
        (o.file.file_name(), o.line, o.column),
        (
            Some(std::ffi::OsStr::new("letter.yaml")),
            case.at.0,
            case.at.1
        ),
        "wrong place for `{}`",
        full_message(e)
    );
    assert!(
        o.source_line == case.yaml.lines().nth(o.line - 1).unwrap_or(""),
        "the snippet line `{}` is not line {} of the letter",
        o.source_line,
        o.line
    );

    // The CLI: render and check.
    for command in ["render", "check"] {
        let r = run(cmd().arg(command).arg(&letter));
        assert_eq!(r.code, Some(1), "`{command}` must exit 1: {r}");
        let place = format!("letter.yaml:{}:{}", case.at.0, case.at.1);
        assert!(
            r.stderr.contains(&place),
            "`{command}`: stderr does not name {place}: {r}"
        );
        let err = r.stderr.to_lowercase();
        for s in case.says {
            assert!(
                err.contains(&s.to_lowercase()),
                "`{command}`: stderr does not say `{s}`: {r}"
            );
        }
        assert!(
            !r.stderr.contains("panicked"),
            "`{command}`: a panic reached the user: {r}"
        );
    }
    let mut left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n == "letter.pdf" || n.ends_with(".tmp"))
        .collect();
    left.sort();
    assert!(
        left.is_empty(),
        "a failed render left files behind: {left:?}"
    );
    e.clone()
}

#[test]
fn unknown_key_with_suggestion() {
    let e = expect(Case {
        yaml: "date: 2026-11-26\nrecipient:\n  - Ms Jane Doe\nsubjet: Your order\nbody: x\n".into(),
        files: &[],
        says: &["unknown key `subjet`", "did you mean `subject`"],
        at: (4, 1),
    });
    assert!(
        matches!(&e.kind, ErrorKind::UnknownKey { key, nearest: Some(n) } if key == "subjet" && n == "subject"),
        "kind: {:?}",
        e.kind
    );
}

#[test]
fn unknown_nested_key_with_suggestion() {
    let e = expect(Case {
        yaml: format!("{BASE}signatures:\n  - name: Anna Nowak\n    rol: Partner\n"),
        files: &[],
        says: &["unknown key `rol`", "did you mean `role`"],
        at: (7, 5),
    });
    assert!(
        matches!(&e.kind, ErrorKind::UnknownKey { nearest: Some(n), .. } if n == "role"),
        "kind: {:?}",
        e.kind
    );
}

#[test]
fn unknown_key_far_from_any_gives_no_wrong_suggestion() {
    let e = expect(Case {
        yaml: format!("{BASE}zzzzzzzzzz: 1\n"),
        files: &[],
        says: &["unknown key `zzzzzzzzzz`"],
        at: (5, 1),
    });
    assert!(
        matches!(&e.kind, ErrorKind::UnknownKey { nearest: None, .. }),
        "no key is near `zzzzzzzzzz`, yet: {:?}",
        e.kind
    );
}

#[test]
fn wrong_type_recipient_is_a_number() {
    expect(Case {
        yaml: "recipient: 5\nbody: x\n".into(),
        files: &[],
        says: &["list", "mapping"],
        // `recipient` is a list or a mapping: the parser names the key it could not read.
        at: (1, 1),
    });
}

#[test]
fn missing_required_body() {
    let (_dir, letter) = setup(&Case {
        yaml: "recipient:\n  - Ms Jane Doe\nsubject: S\n".into(),
        files: &[],
        says: &[],
        at: (0, 0),
    });
    let errors = lib_errors(&letter);
    let e = errors
        .iter()
        .find(|e| matches!(&e.kind, ErrorKind::MissingKey { key } if key == "body"))
        .unwrap_or_else(|| panic!("no missing-key error for `body`: {errors:?}"));
    let o = e.origin.as_ref().expect("the missing key names the file");
    assert!(
        o.file.ends_with("letter.yaml") && (1..=4).contains(&o.line),
        "the place {o} is not in the letter"
    );
    assert!(
        full_message(e).contains("missing key `body`"),
        "{}",
        full_message(e)
    );
    let r = run(cmd().arg("render").arg(&letter));
    assert_eq!(r.code, Some(1), "{r}");
    assert!(
        r.stderr.contains("missing key `body`") && r.stderr.contains("letter.yaml:"),
        "stderr names the key and the file: {r}"
    );
}

#[test]
fn missing_required_recipient() {
    let (_dir, letter) = setup(&Case {
        yaml: "subject: S\nbody: x\n".into(),
        files: &[],
        says: &[],
        at: (0, 0),
    });
    let errors = lib_errors(&letter);
    assert!(
        errors
            .iter()
            .any(|e| matches!(&e.kind, ErrorKind::MissingKey { key } if key == "recipient")),
        "no missing-key error for `recipient`: {errors:?}"
    );
    let r = run(cmd().arg("check").arg(&letter));
    assert_eq!(r.code, Some(1), "{r}");
    assert!(r.stderr.contains("recipient"), "{r}");
}

#[test]
fn date_that_does_not_exist() {
    expect(Case {
        yaml: format!("{BASE}date: 2026-02-30\n"),
        files: &[],
        says: &["2026-02-30", "no such day"],
        at: (5, 7),
    });
}

#[test]
fn date_not_in_iso_form() {
    expect(Case {
        yaml: format!("{BASE}date: 26.11.2026\n"),
        files: &[],
        says: &["26.11.2026", "not an ISO date"],
        at: (5, 7),
    });
}

fn header_png() -> String {
    letterpress_tests::repo_root()
        .join("letterheads/nowak-pr/header.png")
        .display()
        .to_string()
}

#[test]
fn length_without_unit() {
    expect(Case {
        yaml: format!(
            "{BASE}style:\n  header:\n    image: {}\n    height: 45\n",
            header_png()
        ),
        files: &[],
        says: &["length `45`", "needs a unit"],
        at: (8, 13),
    });
}

#[test]
fn length_with_unknown_unit() {
    expect(Case {
        yaml: format!(
            "{BASE}style:\n  header:\n    image: {}\n    height: 45px\n",
            header_png()
        ),
        files: &[],
        says: &["45px", "px"],
        at: (8, 13),
    });
}

#[test]
fn font_size_without_unit() {
    expect(Case {
        yaml: format!("{BASE}style:\n  font:\n    size: 11\n"),
        files: &[],
        says: &["`11`", "needs a unit"],
        at: (7, 11),
    });
}

#[test]
fn colour_by_name() {
    expect(Case {
        yaml: format!("{BASE}style:\n  accent: blue\n"),
        files: &[],
        says: &["colour `blue`", "#RRGGBB"],
        at: (6, 11),
    });
}

#[test]
fn unknown_language() {
    expect(Case {
        yaml: format!("{BASE}language: sk\n"),
        files: &[],
        says: &["language `sk`", "en-GB"],
        at: (5, 11),
    });
}

#[test]
fn unknown_layout_with_suggestion() {
    expect(Case {
        yaml: format!("{BASE}layout: us-leter\n"),
        files: &[],
        says: &["layout `us-leter`", "did you mean `us-letter`"],
        at: (5, 9),
    });
}

#[test]
fn missing_image_file() {
    let e = expect(Case {
        yaml: format!("{BASE}signatures:\n  - name: Anna Nowak\n    image: missing.png\n"),
        files: &[],
        says: &["missing.png"],
        at: (7, 12),
    });
    assert!(
        matches!(&e.kind, ErrorKind::Io { path, .. } if path.ends_with("missing.png")),
        "kind: {:?}",
        e.kind
    );
}

#[test]
fn gif_is_an_unsupported_image() {
    expect(Case {
        yaml: format!("{BASE}signatures:\n  - name: Anna Nowak\n    image: sign.gif\n"),
        files: &[("sign.gif", GIF)],
        says: &["unsupported image", "sign.gif"],
        at: (7, 12),
    });
}

#[test]
fn text_file_named_png_is_an_unsupported_image() {
    expect(Case {
        yaml: format!("{BASE}signatures:\n  - name: Anna Nowak\n    image: sign.png\n"),
        files: &[("sign.png", b"not an image at all\n")],
        says: &["unsupported image", "sign.png"],
        at: (7, 12),
    });
}

#[test]
fn gif_renamed_png_is_an_unsupported_image() {
    expect(Case {
        yaml: format!("{BASE}signatures:\n  - name: Anna Nowak\n    image: sign.png\n"),
        files: &[("sign.png", GIF)],
        says: &["unsupported image", "sign.png"],
        at: (7, 12),
    });
}

#[test]
fn header_image_that_is_not_an_image() {
    expect(Case {
        yaml: format!("{BASE}style:\n  header:\n    image: head.png\n    height: 20mm\n"),
        files: &[("head.png", b"<html>not a png</html>")],
        says: &["unsupported image", "head.png"],
        at: (7, 12),
    });
}

#[test]
fn character_the_font_cannot_draw_in_the_subject() {
    let e = expect(Case {
        yaml: "recipient:\n  - Ms Jane Doe\nsubject: Old script \u{10380}\nbody: x\n".into(),
        files: &[],
        says: &["U+10380", "subject", "Noto Serif"],
        at: (3, 21),
    });
    assert!(
        matches!(e.kind, ErrorKind::MissingGlyph { code: 0x10380, .. }),
        "kind: {:?}",
        e.kind
    );
}

#[test]
fn emoji_in_the_body_names_its_line() {
    expect(Case {
        yaml: "recipient:\n  - Ms Jane Doe\nbody: |\n  First line.\n  Smile \u{1F600} here.\n"
            .into(),
        files: &[],
        says: &["U+1F600", "body", "Noto Serif"],
        at: (5, 9),
    });
}

#[test]
fn emoji_in_a_recipient_line() {
    expect(Case {
        yaml: "recipient:\n  - Ms Jane Doe\n  - Flat \u{1F600}\nbody: x\n".into(),
        files: &[],
        says: &["U+1F600", "recipient"],
        at: (3, 10),
    });
}

#[test]
fn letterhead_file_that_does_not_exist() {
    let e = expect(Case {
        yaml: format!("letterhead: ../nope/letterhead.yaml\n{BASE}"),
        files: &[],
        says: &["nope/letterhead.yaml"],
        at: (1, 13),
    });
    assert!(matches!(e.kind, ErrorKind::Io { .. }), "kind: {:?}", e.kind);
}

#[test]
fn bundled_letterhead_name_with_a_typo() {
    expect(Case {
        yaml: format!("letterhead: nowak-px\n{BASE}"),
        files: &[],
        says: &["nowak-px", "nowak-pr"],
        at: (1, 13),
    });
}

#[test]
fn malformed_yaml_unclosed_bracket() {
    let (_dir, letter) = setup(&Case {
        yaml: "recipient: [Ms Jane Doe, Oxford\nbody: x\n".into(),
        files: &[],
        says: &[],
        at: (0, 0),
    });
    let errors = lib_errors(&letter);
    let e = &errors[0];
    assert!(
        matches!(e.kind, ErrorKind::Syntax { .. }),
        "a syntax error: {e:?}"
    );
    let o = e.origin.as_ref().expect("a syntax error has a place");
    assert!(
        (1..=2).contains(&o.line),
        "the place {o} is not at the bracket (line 1) nor where the parser stops (line 2)"
    );
    let r = run(cmd().arg("render").arg(&letter));
    assert_eq!(r.code, Some(1), "{r}");
    assert!(
        r.stderr
            .contains(&format!("letter.yaml:{}:{}", o.line, o.column)),
        "stderr names the place: {r}"
    );
}

#[test]
fn malformed_yaml_unclosed_bracket_says_how_to_fix() {
    let (_dir, letter) = setup(&Case {
        yaml: "recipient: [Ms Jane Doe, Oxford\nbody: x\n".into(),
        files: &[],
        says: &[],
        at: (0, 0),
    });
    let errors = lib_errors(&letter);
    let m = full_message(&errors[0]);
    assert!(
        m.contains('[') || m.contains(']') || m.to_lowercase().contains("bracket"),
        "the message does not point at the unclosed `[` of line 1: {m}"
    );
}

#[test]
fn tab_indentation_is_a_syntax_error_with_a_place() {
    let (_dir, letter) = setup(&Case {
        yaml: "recipient:\n\t- Ms Jane Doe\nbody: x\n".into(),
        files: &[],
        says: &[],
        at: (0, 0),
    });
    let errors = lib_errors(&letter);
    let o = errors[0]
        .origin
        .as_ref()
        .unwrap_or_else(|| panic!("no place: {:?}", errors[0]));
    assert_eq!(o.line, 2, "the tab is on line 2: {}", errors[0]);
    let r = run(cmd().arg("check").arg(&letter));
    assert_eq!(r.code, Some(1), "{r}");
}

#[test]
fn not_utf8_is_an_input_error() {
    let dir = tempfile::tempdir().unwrap();
    let letter = dir.path().join("letter.yaml");
    std::fs::write(&letter, b"recipient:\n  - Fran\xe7ois\nbody: x\n").unwrap();
    let r = run(cmd().arg("check").arg(&letter));
    assert_eq!(r.code, Some(1), "a Latin-1 letter is wrong input: {r}");
    assert!(r.stderr.contains("UTF-8"), "the message says UTF-8: {r}");
}

#[test]
fn check_reports_every_problem_at_once() {
    let (_dir, letter) = setup(&Case {
        yaml: format!("{BASE}date: 2026-13-01\nstyle:\n  accent: blue\nlanguage: xx\n"),
        files: &[],
        says: &[],
        at: (0, 0),
    });
    let errors = lib_errors(&letter);
    let mut places: Vec<(usize, usize)> = errors
        .iter()
        .filter_map(|e| e.origin.as_ref().map(|o| (o.line, o.column)))
        .collect();
    places.sort();
    assert_eq!(
        places,
        [(5, 7), (7, 11), (8, 11)],
        "three problems (date, colour, language) with their places: {errors:?}"
    );
    let r = run(cmd().arg("check").arg(&letter));
    assert_eq!(r.code, Some(1), "{r}");
    for p in ["letter.yaml:5:7", "letter.yaml:7:11", "letter.yaml:8:11"] {
        assert!(r.stderr.contains(p), "check does not report {p}: {r}");
    }
}

#[test]
fn too_many_address_lines() {
    let (_dir, letter) = setup(&Case {
        yaml: "recipient:\n  - 1\n  - 2\n  - 3\n  - 4\n  - 5\n  - 6\n  - 7\n  - 8\nbody: x\n"
            .into(),
        files: &[],
        says: &[],
        at: (0, 0),
    });
    let errors = lib_errors(&letter);
    let e = &errors[0];
    let o = e
        .origin
        .as_ref()
        .unwrap_or_else(|| panic!("no place for `{e}`"));
    assert!(
        (1..=9).contains(&o.line),
        "the place {o} is not in the recipient"
    );
    let r = run(cmd().arg("check").arg(&letter));
    assert_eq!(
        r.code,
        Some(1),
        "eight address lines do not fit a window: {r}"
    );
}

#[test]
fn an_error_on_a_long_line_shows_only_the_snippet_around_it() {
    // A 3.9 MB line with a bell character at its end.
    let n = 3_900_000;
    let yaml = format!("recipient: [A]\nbody: \"{}\u{7}\"\n", "x".repeat(n));
    let case = Case {
        yaml,
        files: &[],
        says: &["unexpected character"],
        at: (2, n + 8),
    };
    let (dir, letter) = setup(&case);
    let e = lib_errors(&letter).remove(0);
    let o = e.origin.as_deref().expect("a place");
    assert_eq!((o.line, o.column), (2, n + 8), "{e}");
    assert!(
        o.source_line.chars().count() <= letterpress::error::SNIPPET_CHARS,
        "the snippet is cut, not {} characters",
        o.source_line.len()
    );
    let r = run(cmd()
        .current_dir(dir.path())
        .args(["render", "letter.yaml"]));
    assert_eq!(r.code, Some(1), "{r}");
    assert!(
        r.stderr.contains(&format!("letter.yaml:2:{}", n + 8)),
        "the real column is shown: {r}"
    );
    assert!(
        r.stderr.len() < 2_000,
        "standard error holds a snippet, not the line: {} bytes",
        r.stderr.len()
    );
}

#[test]
fn the_command_line_shows_the_line_of_a_letterhead_error() {
    // The library keeps no line of a file other than the letter; the terminal user sees it.
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("head.yaml"), "name: X\nsubjet: y\n").expect("write");
    let letter = dir.path().join("l.yaml");
    std::fs::write(&letter, "letterhead: head.yaml\nrecipient: [A]\nbody: x\n").expect("write");
    let r = run(cmd().arg("render").arg(&letter));
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stderr.contains("head.yaml:2:1"), "{}", r.stderr);
    assert!(r.stderr.contains("2 │ subjet: y"), "{}", r.stderr);
    let lib = lib_errors(&letter);
    assert_eq!(
        lib[0].origin.as_ref().map(|o| o.source_line.as_str()),
        Some("")
    );
}

/// Noto Serif cut to ASCII (fonttools' pyftsubset, `U+0020-007E`): it cannot draw the ‘ń’ of
/// the Polish default salutation "Szanowni Państwo,".
const ASCII_FONT: &[u8] = include_bytes!("../../fixtures/fonts/NotoSerif-ASCII.ttf");

#[test]
fn a_default_text_the_font_cannot_draw_names_its_key_and_the_font() {
    // No `opening:` written: the salutation is the language's default, and the font chosen
    // on line 6 lacks one of its letters. The error names the key to write and the font.
    let e = expect(Case {
        yaml: "recipient:\n  - Jan Kowalski\n  - Warszawa\nbody: Dzien dobry.\nstyle:\n  font: { regular: ascii.ttf }\n".into(),
        files: &[("ascii.ttf", ASCII_FONT)],
        says: &["U+0144", "`opening`", "the default salutation", "write `opening:` yourself"],
        at: (6, 20),
    });
    assert!(
        matches!(e.kind, ErrorKind::MissingGlyph { .. }),
        "{:?}",
        e.kind
    );
}
