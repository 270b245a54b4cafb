//! `letterpress watch` as a user runs it: the binary in a temporary folder, the letter and its
//! letterhead edited as an editor saves them (a new file renamed over the old one), each
//! render's line awaited with a generous bound (nothing here measures time), the PDF read
//! back, and Ctrl-C (SIGINT) at the end.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

use letterpress_tests::cli::cmd;
use letterpress_tests::pdf::Pdf;

/// Long enough for a debug build on a busy machine; only a hang reaches it.
const PATIENCE: Duration = Duration::from_secs(120);

fn letter(subject: &str) -> String {
    format!(
        "letterhead: head.yaml\nlanguage: en-GB\ndate: 2026-11-26\nrecipient: [Ms Jane Doe, 12 High Street, Oxford OX1 4AB]\n\
         subject: {subject}\nbody: |\n  Thank you for your letter of 3 November.\nclosing: Yours sincerely\n"
    )
}

/// Save as editors do: write a new file, rename it over the old one.
fn save(path: &Path, text: &str) {
    let tmp = path.with_extension("swp");
    std::fs::write(&tmp, text).expect("write");
    std::fs::rename(&tmp, path).expect("rename");
}

/// The watch process and its standard output, line by line.
struct Watch {
    child: Child,
    lines: Receiver<String>,
}

impl Watch {
    fn start(dir: &Path) -> Watch {
        let mut child = cmd()
            .current_dir(dir)
            .args(["watch", "letter.yaml", "-o", "out.pdf"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary starts");
        let stdout = child.stdout.take().expect("piped");
        let (tx, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Watch { child, lines }
    }

    /// The next line of standard output (the watch's line for one render).
    fn next_line(&mut self) -> String {
        match self.lines.recv_timeout(PATIENCE) {
            Ok(line) => line,
            Err(RecvTimeoutError::Timeout) => {
                let _ = self.child.kill();
                panic!("no render line within {PATIENCE:?}");
            }
            Err(RecvTimeoutError::Disconnected) => {
                let status = self.child.wait().expect("wait");
                panic!("watch ended ({status}): {}", self.stderr());
            }
        }
    }

    /// Send SIGINT and wait for the exit code; the standard error of the whole run.
    fn interrupt(mut self) -> (Option<i32>, String) {
        let pid = libc::pid_t::try_from(self.child.id()).expect("a pid");
        // SAFETY: kill(2) with the pid of our own child, which has not been waited for yet
        // (so the pid cannot have been reused), and a valid signal number.
        let sent = unsafe { libc::kill(pid, libc::SIGINT) };
        assert_eq!(sent, 0, "kill: {}", std::io::Error::last_os_error());
        let status = self.child.wait().expect("wait");
        (status.code(), self.stderr())
    }

    fn stderr(&mut self) -> String {
        let mut s = String::new();
        if let Some(mut e) = self.child.stderr.take() {
            let _ = e.read_to_string(&mut s);
        }
        s
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn pdf_text(path: &Path) -> String {
    let bytes = std::fs::read(path).expect("the PDF is there");
    Pdf::parse(&bytes).expect("a PDF").text()
}

#[test]
fn watch_follows_edits_keeps_the_last_good_pdf_and_ends_on_ctrl_c() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    std::fs::write(dir.join("head.yaml"), "name: Firma Eins\n").expect("write");
    std::fs::write(dir.join("letter.yaml"), letter("First subject")).expect("write");
    let mut watch = Watch::start(dir);
    let out = dir.join("out.pdf");

    let first = watch.next_line();
    assert!(first.contains("rendered out.pdf: 1 page"), "{first}");
    assert!(pdf_text(&out).contains("First subject"));

    save(&dir.join("letter.yaml"), &letter("Second subject"));
    let second = watch.next_line();
    assert!(second.contains("rendered out.pdf"), "{second}");
    let text = pdf_text(&out);
    assert!(
        text.contains("Second subject") && !text.contains("First subject"),
        "{text}"
    );

    save(&dir.join("head.yaml"), "name: Firma Zwei\n");
    let third = watch.next_line();
    assert!(third.contains("rendered out.pdf"), "{third}");
    assert!(
        pdf_text(&out).contains("Firma Zwei"),
        "the letterhead is watched too"
    );

    let good = std::fs::read(&out).expect("read");
    save(&dir.join("letter.yaml"), &letter("[Broken"));
    let broken = watch.next_line();
    assert!(
        broken.contains("error") && broken.contains("last good output is kept"),
        "{broken}"
    );
    assert_eq!(
        std::fs::read(&out).expect("read"),
        good,
        "the last good PDF stays"
    );

    let (code, stderr) = watch.interrupt();
    assert_eq!(code, Some(130), "{stderr}");
    assert!(
        stderr.contains("letter.yaml:5:"),
        "the error with its place: {stderr}"
    );
    assert!(
        stderr.contains("[Broken"),
        "the snippet of the line: {stderr}"
    );
    let left: Vec<String> = std::fs::read_dir(dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
}

#[test]
fn watch_refuses_standard_output_and_a_missing_letter() {
    let tmp = tempfile::tempdir().expect("tmp");
    let run = letterpress_tests::cli::run(cmd().current_dir(tmp.path()).args([
        "watch",
        "letter.yaml",
        "-o",
        "-",
    ]));
    assert_eq!(run.code, Some(2), "{run}");
    let run =
        letterpress_tests::cli::run(cmd().current_dir(tmp.path()).args(["watch", "nope.yaml"]));
    assert_eq!(run.code, Some(3), "{run}");
    assert!(run.stderr.contains("nope.yaml"), "{run}");
}
