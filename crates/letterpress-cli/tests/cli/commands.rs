//! The helper commands of `letterpress`, run as a user runs them in a temporary folder: `new`
//! (both kinds, every language, rendered and checked), `check`'s grammar warnings, `schema`,
//! `fonts`, `letterheads`, `completions` and `manpage`.

use std::path::Path;
use std::process::{Command, Output};

const LANGUAGES: [&str; 9] = ["pl", "en-GB", "en-US", "de", "fr", "it", "es", "cs", "nl"];

fn letterpress(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_letterpress"))
        .args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1795651200") // 2026-11-26
        .output()
        .expect("the letterpress binary runs")
}

fn text(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn ok(dir: &Path, args: &[&str]) -> (String, String) {
    let out = letterpress(dir, args);
    let (stdout, stderr) = text(&out);
    assert_eq!(
        out.status.code(),
        Some(0),
        "letterpress {args:?} failed\nstdout: {stdout}\nstderr: {stderr}"
    );
    (stdout, stderr)
}

/// `check`'s summary counts no warning but the printable-area ones about the fold and punch
/// marks, which every letter with the default `marks_inset` (3 mm from the edge) gets.
fn clean_but_the_marks(stdout: &str, stderr: &str) -> bool {
    let marks = stderr
        .lines()
        .filter(|l| {
            l.starts_with("warning: the fold marks") || l.starts_with("warning: the punch mark")
        })
        .count();
    stdout.contains(&format!(", {marks} warning"))
}

#[test]
fn new_termination_renders_and_checks_clean_in_every_language() {
    let dir = tempfile::tempdir().expect("temp dir");
    for lang in LANGUAGES {
        let file = format!("termination-{lang}.yaml");
        ok(
            dir.path(),
            &["new", "--kind", "termination", "--language", lang, &file],
        );
        let yaml = std::fs::read_to_string(dir.path().join(&file)).expect("written");
        // The parts, in the order a careful professional writes them, each explained.
        for part in [
            "1. The relationship and the end date",
            "2. Why",
            "3. What happens until the end",
            "4. A referral",
            "5. A cordial close",
            "BEFORE YOU SEND IT: read the contract's notice terms",
        ] {
            assert!(yaml.contains(part), "{lang}: the starter explains `{part}`");
        }
        let (stdout, stderr) = ok(dir.path(), &["check", &file]);
        assert!(
            clean_but_the_marks(&stdout, &stderr),
            "{lang}: the starter follows its own advice (no grammar or layout warning)\n{stdout}\n{stderr}"
        );
        let (_, stderr) = ok(dir.path(), &["render", &file]);
        let pdf = dir.path().join(format!("termination-{lang}.pdf"));
        let bytes =
            std::fs::read(&pdf).unwrap_or_else(|e| panic!("{lang}: no PDF ({e}); {stderr}"));
        assert!(bytes.starts_with(b"%PDF-"), "{lang}: a PDF");
    }
}

#[test]
fn new_plain_is_the_default_and_renders_in_every_language() {
    let dir = tempfile::tempdir().expect("temp dir");
    for lang in LANGUAGES {
        let (plain, _) = ok(dir.path(), &["new", "--language", lang]);
        let (explicit, _) = ok(dir.path(), &["new", "--kind", "plain", "--language", lang]);
        assert_eq!(plain, explicit, "{lang}: plain is the default kind");
        let file = format!("plain-{lang}.yaml");
        std::fs::write(dir.path().join(&file), &plain).expect("write");
        let (stdout, stderr) = ok(dir.path(), &["check", &file]);
        assert!(clean_but_the_marks(&stdout, &stderr), "{lang}: {stdout}");
        ok(dir.path(), &["render", &file]);
    }
}

#[test]
fn new_refuses_an_unknown_kind_or_language_with_exit_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = letterpress(dir.path(), &["new", "--kind", "resignation"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).1.contains("termination"),
        "the valid kinds are listed"
    );
    let out = letterpress(dir.path(), &["new", "--language", "sk"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).1.contains("en-GB"),
        "the valid languages are listed"
    );
}

#[test]
fn check_reports_grammar_warnings_with_the_line_and_the_fix() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("letter.yaml"),
        "language: pl\nrecipient: [Jan Kowalski]\nopening: Szanowny Panie,\nbody: |\n  Piszę w sprawie umowy.\nclosing: Z poważaniem,\nstyle: { marks_inset: 5mm }\n",
    )
    .expect("write");
    let (stdout, stderr) = ok(dir.path(), &["check", "letter.yaml"]);
    assert!(stdout.contains("2 warnings"), "{stdout}");
    assert!(stderr.contains("letter.yaml:5:3"), "{stderr}");
    assert!(
        stderr.contains("fix: write „piszę” with a small letter"),
        "{stderr}"
    );
    assert!(stderr.contains("letter.yaml:6:22"), "{stderr}");
    assert!(
        stderr.contains("fix: remove the comma after „Z poważaniem”"),
        "{stderr}"
    );
    assert!(
        !dir.path().join("letter.pdf").exists(),
        "check writes nothing"
    );
}

#[test]
fn schema_prints_the_letter_and_letterhead_schemas() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (stdout, _) = ok(dir.path(), &["schema"]);
    let letter: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(letter["additionalProperties"], false);
    assert!(letter["properties"]["recipient_title"].is_object());
    let (stdout, _) = ok(dir.path(), &["schema", "letterhead"]);
    let lh: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert!(lh["properties"]["footer"].is_object());
    ok(
        dir.path(),
        &["schema", "letter", "-o", "letter.schema.json"],
    );
    let written = std::fs::read_to_string(dir.path().join("letter.schema.json")).expect("file");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&written).expect("JSON"),
        letter
    );
}

#[test]
fn fonts_lists_the_bundled_families_and_a_letters_coverage() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (stdout, _) = ok(dir.path(), &["fonts"]);
    assert!(
        stdout.contains("Noto Serif") && stdout.contains("Noto Sans"),
        "{stdout}"
    );
    assert!(stdout.contains("Polish ✓"), "{stdout}");
    std::fs::write(
        dir.path().join("snow.yaml"),
        "recipient: [A]\nsubject: Zima\nbody: |\n  pada *śnieg* ☃.\n",
    )
    .expect("write");
    let (stdout, _) = ok(dir.path(), &["fonts", "snow.yaml"]);
    assert!(
        stdout.contains("cannot draw 1 of") && stdout.contains("U+2603 in `body`"),
        "the snowman is named with its key: {stdout}"
    );
    assert!(
        stdout.contains("bold italic") && stdout.contains("not used"),
        "{stdout}"
    );
}

#[test]
fn letterheads_lists_the_bundled_ones_with_a_description() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (stdout, _) = ok(dir.path(), &["letterheads"]);
    for (name, says) in [
        ("nowak-pr", "a PR agency in Warsaw (pl, din5008-b)"),
        ("hartmann-legal", "a law firm in Munich"),
        ("brightline-us", "(en-US, us-letter)"),
    ] {
        let line = stdout
            .lines()
            .find(|l| l.trim_start().starts_with(name))
            .unwrap_or_else(|| panic!("{name} is listed: {stdout}"));
        assert!(line.contains(says), "{line}");
    }
}

#[test]
fn completions_and_man_pages_are_generated_from_the_command_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let (stdout, _) = ok(dir.path(), &["completions", shell]);
        assert!(
            stdout.contains("letterheads"),
            "{shell}: the commands complete"
        );
    }
    let (stdout, _) = ok(dir.path(), &["completions", "bash"]);
    assert!(
        stdout.contains("termination"),
        "the values of --kind complete"
    );
    let (stdout, _) = ok(dir.path(), &["manpage"]);
    assert!(
        stdout.starts_with(".ie") || stdout.contains(".TH letterpress"),
        "{stdout}"
    );
    ok(dir.path(), &["manpage", "--out", "man"]);
    for page in [
        "letterpress.1",
        "letterpress-render.1",
        "letterpress-new.1",
        "letterpress-schema.1",
    ] {
        let p = dir.path().join("man").join(page);
        let body = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{page}: {e}"));
        assert!(body.contains(".TH"), "{page} is a man page");
    }
}

#[test]
fn a_reader_that_went_away_ends_every_printing_command_with_exit_0() {
    // `letterpress letterheads | head -n 1`: the pipe's reading end is closed before the
    // command writes, so its first write fails with EPIPE, every time.
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("letter.yaml"),
        "recipient: [A]\nsubject: Zima\nbody: |\n  pada śnieg.\n",
    )
    .expect("write");
    let commands: [&[&str]; 8] = [
        &["letterheads"],
        &["fonts"],
        &["fonts", "letter.yaml"],
        &["check", "letter.yaml"],
        &["check", "--typography", "letter.yaml"],
        &["new", "--language", "de"],
        &["schema"],
        &["completions", "bash"],
    ];
    for args in commands {
        let (reader, writer) = std::io::pipe().expect("a pipe");
        drop(reader);
        let out = Command::new(env!("CARGO_BIN_EXE_letterpress"))
            .args(args)
            .current_dir(dir.path())
            .stdout(writer)
            .stderr(std::process::Stdio::piped())
            .output()
            .expect("the letterpress binary runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?} panics: {stderr}");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
    }
}

#[test]
fn fonts_reads_nothing_outside_the_letters_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let secret = dir.path().join("secret");
    let home = dir.path().join("letters");
    std::fs::create_dir_all(&secret).expect("folder");
    std::fs::create_dir_all(&home).expect("folder");
    std::fs::write(secret.join("x.yaml"), "name: TOP SECRET LINE\n").expect("write");
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../fonts/NotoSans-Regular.ttf"
        ),
        secret.join("f.ttf"),
    )
    .expect("copy a font");
    for (name, head) in [
        ("a.yaml", "letterhead: ../secret/x.yaml\n"),
        ("b.yaml", "style: { font: { regular: ../secret/f.ttf } }\n"),
    ] {
        std::fs::write(home.join(name), format!("{head}recipient: [A]\nbody: x\n")).expect("write");
        let out = letterpress(&home, &["fonts", name]);
        let (stdout, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(1), "{name}: {stdout}{stderr}");
        assert!(
            stderr.contains("outside the allowed folder"),
            "{name}: {stderr}"
        );
        assert!(!stderr.contains("TOP SECRET"), "{name}: {stderr}");
    }
}

#[test]
fn the_starters_show_how_to_add_a_sender_and_it_works_uncommented() {
    let dir = tempfile::tempdir().expect("temp dir");
    for kind in ["plain", "termination"] {
        let (yaml, _) = ok(dir.path(), &["new", "--kind", kind, "--language", "en-GB"]);
        assert!(
            yaml.contains("# style:"),
            "{kind}: the starter shows `style:`"
        );
        // Uncomment the `style:` block: its lines start with "# style:" or "#   ".
        let mut in_block = false;
        let uncommented: String = yaml
            .lines()
            .map(|l| {
                in_block = l.starts_with("# style:") || (in_block && l.starts_with("#   "));
                let l = if in_block { &l[2..] } else { l };
                format!("{l}\n")
            })
            .collect();
        let file = format!("sender-{kind}.yaml");
        std::fs::write(dir.path().join(&file), &uncommented).expect("write");
        let (stdout, stderr) = ok(dir.path(), &["check", &file]);
        assert!(clean_but_the_marks(&stdout, &stderr), "{kind}: {stdout}");
        ok(dir.path(), &["render", &file]);
        let pdf = dir.path().join(format!("sender-{kind}.pdf"));
        let pdf = letterpress_tests::pdf::Pdf::parse(&std::fs::read(pdf).expect("a PDF"))
            .expect("parses");
        let page = pdf.pages[0].text();
        for shown in ["Example Ltd", "10 High Street", "office@example.com"] {
            assert!(
                page.contains(shown),
                "{kind}: the sender's `{shown}` is on page 1:\n{page}"
            );
        }
    }
}
