//! The `letterpress` command line in temporary folders: outputs, exit codes, atomic writes.

use std::path::Path;

use letterpress_tests::cli::{cmd, run};
use letterpress_tests::pdf::Pdf;

const GOOD: &str = "\
language: en-GB
date: 2026-11-26
recipient:
  - Ms Jane Doe
  - 12 High Street
  - Oxford OX1 4AB
subject: Your order
body: |
  Thank you for your letter of 3 November.
closing: Yours sincerely
";

/// A letter with an error on line 4, column 1 (`subjet`).
const BAD: &str = "\
date: 2026-11-26
recipient:
  - Ms Jane Doe
subjet: Your order
body: |
  Text.
";

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write the letter");
    p
}

fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("list")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn render_writes_a_pdf_with_the_default_name() {
    let dir = tempfile::tempdir().unwrap();
    let letter = write(dir.path(), "letter.yaml", GOOD);
    let r = run(cmd().arg("render").arg(&letter));
    assert_eq!(r.code, Some(0), "render of a good letter: {r}");
    let out = dir.path().join("letter.pdf");
    let bytes = std::fs::read(&out).unwrap_or_else(|e| {
        panic!(
            "no {} after render ({e}); folder: {:?}",
            out.display(),
            listing(dir.path())
        )
    });
    assert!(
        bytes.starts_with(b"%PDF-"),
        "the output does not start with %PDF-"
    );
    let pdf = Pdf::parse(&bytes).expect("the output parses");
    assert_eq!(pdf.page_count(), 1, "a short letter is one page");
    assert_eq!(
        listing(dir.path()),
        ["letter.pdf", "letter.yaml"],
        "render leaves exactly the PDF beside the letter"
    );
}

#[test]
fn render_with_relative_paths_in_the_current_folder() {
    // `letterpress render letter.yaml` from inside the folder: the default output is
    // `letter.pdf` in the same folder (a path with no parent component).
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "letter.yaml", GOOD);
    let r = run(cmd()
        .current_dir(dir.path())
        .args(["render", "letter.yaml"]));
    assert_eq!(r.code, Some(0), "render letter.yaml: {r}");
    assert!(
        dir.path().join("letter.pdf").exists(),
        "letter.pdf not written; folder: {:?}",
        listing(dir.path())
    );
}

#[test]
fn render_with_output_option() {
    let dir = tempfile::tempdir().unwrap();
    let letter = write(dir.path(), "letter.yaml", GOOD);
    let out = dir.path().join("sub-out.pdf");
    let r = run(cmd().arg("render").arg(&letter).arg("-o").arg(&out));
    assert_eq!(r.code, Some(0), "render -o: {r}");
    let bytes = std::fs::read(&out).expect("-o file written");
    assert!(bytes.starts_with(b"%PDF-"), "-o output is not a PDF");
    assert!(
        !dir.path().join("letter.pdf").exists(),
        "with -o, no default-named file is written"
    );
}

#[test]
fn rendered_pdf_is_readable_like_any_new_file() {
    // A PDF is a document to share: it should get the usual permissions of a new file
    // (0644 under umask 022), not the 0600 of a private temporary file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let letter = write(dir.path(), "letter.yaml", GOOD);
        let plain = dir.path().join("plain.txt");
        std::fs::write(&plain, "x").unwrap();
        let r = run(cmd().arg("render").arg(&letter));
        assert_eq!(r.code, Some(0), "{r}");
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let (got, want) = (mode(&dir.path().join("letter.pdf")), mode(&plain));
        assert_eq!(
            got, want,
            "the PDF has mode {got:o}, a newly created file {want:o}"
        );
    }
}

#[test]
fn check_a_good_letter_exits_0_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let letter = write(dir.path(), "letter.yaml", GOOD);
    let r = run(cmd().arg("check").arg(&letter));
    assert_eq!(r.code, Some(0), "check of a good letter: {r}");
    assert_eq!(
        listing(dir.path()),
        ["letter.yaml"],
        "check must not write any file"
    );
}

#[test]
fn check_a_bad_letter_exits_1_with_the_place() {
    let dir = tempfile::tempdir().unwrap();
    let letter = write(dir.path(), "bad.yaml", BAD);
    let r = run(cmd().arg("check").arg(&letter));
    assert_eq!(r.code, Some(1), "check of a bad letter: {r}");
    assert!(
        r.stderr.contains("bad.yaml:4:1"),
        "check names the place bad.yaml:4:1: {r}"
    );
    assert_eq!(listing(dir.path()), ["bad.yaml"], "check writes nothing");
}

#[test]
fn new_writes_a_starter_letter_that_renders_in_each_language() {
    let dir = tempfile::tempdir().unwrap();
    for lang in ["pl", "en-GB", "en-US", "de"] {
        let file = dir.path().join(format!("starter-{lang}.yaml"));
        let r = run(cmd().args(["new", "--language", lang]).arg(&file));
        assert_eq!(r.code, Some(0), "new --language {lang}: {r}");
        let text = std::fs::read_to_string(&file).expect("the starter letter is written");
        assert!(
            text.contains("recipient") && text.contains("body"),
            "{lang} starter lacks the required keys:\n{text}"
        );
        let out = dir.path().join(format!("starter-{lang}.pdf"));
        let r = run(cmd().arg("render").arg(&file).arg("-o").arg(&out));
        assert_eq!(r.code, Some(0), "the {lang} starter does not render: {r}");
        let pdf = Pdf::parse(&std::fs::read(&out).unwrap()).expect("parses");
        assert!(pdf.page_count() >= 1, "{lang} starter: no pages");
        let r = run(cmd().arg("check").arg(&file));
        assert_eq!(r.code, Some(0), "the {lang} starter does not check: {r}");
    }
}

#[test]
fn new_refuses_to_overwrite_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "mine.yaml", "precious");
    let r = run(cmd().args(["new", "--language", "en-GB"]).arg(&file));
    assert_ne!(r.code, Some(0), "new over an existing file must fail: {r}");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "precious",
        "the existing file was changed"
    );
    let r = run(cmd()
        .args(["new", "--language", "en-GB", "--force"])
        .arg(&file));
    assert_eq!(r.code, Some(0), "new --force: {r}");
    assert_ne!(std::fs::read_to_string(&file).unwrap(), "precious");
}

#[test]
fn new_without_file_prints_the_letter() {
    let r = run(cmd().args(["new", "--language", "de"]));
    assert_eq!(r.code, Some(0), "new to stdout: {r}");
    assert!(
        r.stdout.contains("recipient:") && r.stdout.contains("body:"),
        "stdout is not a letter: {r}"
    );
}

#[test]
fn bad_command_lines_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let letter = write(dir.path(), "letter.yaml", GOOD);
    let cases: Vec<Vec<std::ffi::OsString>> = vec![
        vec![],
        vec!["frobnicate".into()],
        vec!["render".into()],
        vec!["render".into(), letter.clone().into(), "--bogus".into()],
        vec!["render".into(), letter.clone().into(), "-o".into()],
        vec!["new".into(), "--language".into(), "sk".into()],
    ];
    for args in cases {
        let r = run(cmd().args(&args).current_dir(dir.path()));
        assert_eq!(r.code, Some(2), "`letterpress {args:?}` must exit 2: {r}");
        assert!(!r.stderr.trim().is_empty(), "{args:?}: no message: {r}");
    }
    assert_eq!(
        listing(dir.path()),
        ["letter.yaml"],
        "a bad command line writes nothing"
    );
}

#[test]
fn help_and_version_exit_0() {
    for arg in ["--help", "--version"] {
        let r = run(cmd().arg(arg));
        assert_eq!(r.code, Some(0), "{arg}: {r}");
        assert!(!r.stdout.trim().is_empty(), "{arg} prints nothing: {r}");
    }
}

#[test]
fn missing_letter_file_is_an_io_failure() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(cmd()
        .arg("render")
        .arg(dir.path().join("nope.yaml"))
        .current_dir(dir.path()));
    assert_eq!(r.code, Some(3), "a letter that does not exist: exit 3: {r}");
    assert!(r.stderr.contains("nope.yaml"), "names the file: {r}");
    assert!(listing(dir.path()).is_empty(), "nothing written");
}

#[test]
fn failed_render_leaves_the_old_output_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let letter = write(dir.path(), "bad.yaml", BAD);
    let out = dir.path().join("bad.pdf");
    let old = b"%PDF-1.7 an older render, not to be clobbered\n".to_vec();
    std::fs::write(&out, &old).unwrap();
    for args in [vec![], vec!["-o".to_string(), out.display().to_string()]] {
        let r = run(cmd().arg("render").arg(&letter).args(&args));
        assert_eq!(r.code, Some(1), "render of a bad letter exits 1: {r}");
        assert!(
            r.stderr.contains("bad.yaml:4:1"),
            "the message names bad.yaml:4:1: {r}"
        );
        assert!(
            r.stderr.contains("subjet"),
            "the message names the key: {r}"
        );
        assert_eq!(
            std::fs::read(&out).unwrap(),
            old,
            "the old output file changed"
        );
        assert_eq!(
            listing(dir.path()),
            ["bad.pdf", "bad.yaml"],
            "stray files left in the folder"
        );
    }
}

#[test]
fn render_refuses_to_write_over_the_letter() {
    let dir = tempfile::tempdir().unwrap();
    let letter = write(dir.path(), "letter.yaml", GOOD);
    let r = run(cmd().arg("render").arg(&letter).arg("-o").arg(&letter));
    assert_ne!(r.code, Some(0), "-o onto the letter itself must fail: {r}");
    assert_eq!(
        std::fs::read_to_string(&letter).unwrap(),
        GOOD,
        "the letter was overwritten"
    );
}

#[test]
fn render_into_a_missing_folder_is_an_io_failure() {
    let dir = tempfile::tempdir().unwrap();
    let letter = write(dir.path(), "letter.yaml", GOOD);
    let out = dir.path().join("no-such-dir").join("x.pdf");
    let r = run(cmd().arg("render").arg(&letter).arg("-o").arg(&out));
    assert_eq!(r.code, Some(3), "unwritable output: exit 3: {r}");
    assert!(
        !r.stderr.contains("panicked"),
        "no panic reaches the user: {r}"
    );
}

#[test]
fn bundled_letterhead_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let letter = write(
        dir.path(),
        "letter.yaml",
        &format!("letterhead: nowak-pr\n{GOOD}"),
    );
    let r = run(cmd().arg("render").arg(&letter));
    assert_eq!(r.code, Some(0), "letterhead: nowak-pr (bundled name): {r}");
    let pdf = Pdf::parse(&std::fs::read(dir.path().join("letter.pdf")).unwrap()).unwrap();
    assert!(
        pdf.text().contains("Nowak"),
        "the bundled letterhead's sender is not on the page"
    );
}

/// A letter with its own letterhead file and a signature image beside it.
fn letter_with_files(dir: &Path) -> std::path::PathBuf {
    write(dir, "head.yaml", "name: Firma\n");
    let png = std::fs::read(letterpress_tests::repo_root().join("letterheads/nowak-pr/header.png"))
        .expect("a bundled image");
    std::fs::write(dir.join("sig.png"), png).expect("write the image");
    write(
        dir,
        "letter.yaml",
        &format!("letterhead: head.yaml\n{GOOD}signatures:\n  - {{ name: A, image: sig.png }}\n"),
    )
}

fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    listing(dir)
        .into_iter()
        .map(|n| {
            let bytes = std::fs::read(dir.join(&n)).unwrap_or_default();
            (n, bytes)
        })
        .collect()
}

#[test]
fn no_output_of_render_may_overwrite_a_file_it_reads() {
    let dir = tempfile::tempdir().unwrap();
    let letter = letter_with_files(dir.path());
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(dir.path().join("head.yaml"), dir.path().join("link.pdf"))
            .unwrap();
        std::fs::hard_link(&letter, dir.path().join("hard.pdf")).unwrap();
    }
    let before = snapshot(dir.path());
    let mut cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["-o", "head.yaml"], "is its letterhead"),
        (vec!["-o", "sig.png"], "signature image"),
        (vec!["--layout-json", "letter.yaml"], "is the letter"),
        (vec!["--layout-json", "./head.yaml"], "is its letterhead"),
        (vec!["-o", "x.pdf", "--layout-json", "x.pdf"], "both name"),
    ];
    if cfg!(unix) {
        cases.push((vec!["-o", "link.pdf"], "is its letterhead"));
        cases.push((vec!["-o", "hard.pdf"], "is the letter"));
    }
    for (args, says) in cases {
        let r = run(cmd()
            .current_dir(dir.path())
            .args(["render", "letter.yaml"])
            .args(&args));
        assert_eq!(r.code, Some(2), "{args:?}: {r}");
        assert!(r.stderr.contains(says), "{args:?} says `{says}`: {r}");
        assert_eq!(snapshot(dir.path()), before, "{args:?} wrote something");
    }
    let r = run(cmd()
        .current_dir(dir.path())
        .args(["render", "letter.yaml"]));
    assert_eq!(r.code, Some(0), "the letter itself is fine: {r}");
}

#[test]
fn new_files_get_the_permissions_the_umask_gives() {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "letter.yaml", GOOD);
        for (umask, want) in [("077", 0o600), ("027", 0o640), ("002", 0o664)] {
            let script = format!(
                "umask {umask} && exec \"$0\" render letter.yaml -o out-{umask}.pdf --layout-json out-{umask}.json"
            );
            let r = run(std::process::Command::new("sh")
                .current_dir(dir.path())
                .args(["-c", &script])
                .arg(letterpress_tests::cli::bin()));
            assert_eq!(r.code, Some(0), "{r}");
            for ext in ["pdf", "json"] {
                let p = dir.path().join(format!("out-{umask}.{ext}"));
                let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
                assert_eq!(
                    mode,
                    want,
                    "umask {umask}: {} has mode {mode:o}",
                    p.display()
                );
            }
        }
    }
}

#[test]
fn dash_writes_the_pdf_to_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "letter.yaml", GOOD);
    let out = cmd()
        .current_dir(dir.path())
        .args(["render", "letter.yaml", "-o", "-"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stdout.starts_with(b"%PDF-"),
        "the PDF is on standard output"
    );
    Pdf::parse(&out.stdout).expect("a whole PDF");
    assert_eq!(listing(dir.path()), ["letter.yaml"], "no file named `-`");
}

#[test]
fn a_device_or_pipe_named_as_output_is_written_into_not_replaced() {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "letter.yaml", GOOD);
        // A link to /dev/null: replacing it by rename would turn it into a regular file.
        std::os::unix::fs::symlink("/dev/null", dir.path().join("null.pdf")).unwrap();
        let r =
            run(cmd()
                .current_dir(dir.path())
                .args(["render", "letter.yaml", "-o", "null.pdf"]));
        assert_eq!(r.code, Some(0), "{r}");
        let link = std::fs::symlink_metadata(dir.path().join("null.pdf")).unwrap();
        assert!(link.file_type().is_symlink(), "null.pdf is still the link");
        assert!(std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device());
        // A FIFO gets the PDF through the pipe.
        let fifo = dir.path().join("pipe.pdf");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            return; // no mkfifo on this system
        }
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read(&fifo).expect("read the pipe"))
        };
        let r =
            run(cmd()
                .current_dir(dir.path())
                .args(["render", "letter.yaml", "-o", "pipe.pdf"]));
        assert_eq!(r.code, Some(0), "{r}");
        let still = std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo();
        // (If the FIFO was replaced, the reader waits for ever: it is not joined then.)
        assert!(still, "the FIFO was replaced by a file");
        let got = reader.join().expect("the reader");
        assert!(got.starts_with(b"%PDF-"), "the PDF came through the pipe");
    }
}
