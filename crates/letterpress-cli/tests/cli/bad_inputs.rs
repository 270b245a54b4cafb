//! The bad-input corpus: every folder of `tests/bad/` is a letter that must be refused.
//!
//! A case is a folder holding `letter.yaml` (absent: the letter itself is missing) and any files
//! it needs, and
//! - `expected.txt`: one substring per line that standard error must contain (the message, the
//!   hint, the `letter.yaml:LINE:COL` place where the case has one); blank lines and lines
//!   starting with `#` are ignored;
//! - `exit` (optional): the exit code, 1 unless it says otherwise;
//! - `args` (optional): more arguments of `letterpress render`, one per line;
//! - `check-exit` (optional): the exit code of `letterpress check` when it differs from
//!   `exit` (a case about what `render` may write, where the letter itself is good);
//! - `files.txt` (optional): files made by the test, one per line (binary junk and broken images
//!   are not committed as such):
//!   - `NAME = junk N`: N pseudo-random bytes;
//!   - `NAME = png W H`: a valid RGBA PNG of W × H pixels (small sizes only);
//!   - `NAME = png-header W H`: only the signature and IHDR chunk claiming W × H pixels;
//!   - `NAME = copy REPO_PATH [N]`: a file of the repository, or its first N bytes;
//!   - `NAME = hex HEX`: the bytes written in hexadecimal;
//!   - `NAME += N TEXT`: TEXT (with `\n` escapes) appended N times to NAME;
//!   - `NAME = dir`: an empty folder;
//!   - `NAME @ OFFSET = …` (any of the above that makes bytes): those bytes written over the
//!     existing file NAME from byte OFFSET (a damaged table in a copied font, say);
//!   - `NAME -> TARGET`: a symbolic link (Unix only).
//!
//! `letterpress render letter.yaml` runs in a temporary copy of the folder; the test asserts
//! the exit code, every expected substring, no panic, and that no file appeared (no PDF, no
//! temporary file). `letterpress check` must refuse the letter with the same exit code.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use letterpress_tests::cli::{cmd, run};
use letterpress_tests::repo_root;

fn cases() -> Vec<PathBuf> {
    let dir = repo_root().join("tests").join("bad");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    out.sort();
    out
}

/// Deterministic junk (xorshift), so a failure reproduces.
fn junk(n: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn chunk(kind: &[u8], data: &[u8]) -> Vec<u8> {
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    let mut body = kind.to_vec();
    body.extend_from_slice(data);
    out.extend_from_slice(&body);
    out.extend_from_slice(&crc32(&body).to_be_bytes());
    out
}

/// A PNG of `w` × `h` RGBA pixels; with `body == false` only its header (signature and IHDR).
pub fn png(w: u32, h: u32, body: bool) -> Vec<u8> {
    let mut ihdr = w.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    out.extend(chunk(b"IHDR", &ihdr));
    if body {
        // Stored (uncompressed) deflate blocks: no compressor needed.
        let row = 1 + 4 * w as usize;
        let raw: Vec<u8> = (0..h as usize * row)
            .map(|i| if i % row == 0 { 0 } else { 0x80 })
            .collect();
        let mut z = vec![0x78, 0x01];
        let blocks: Vec<&[u8]> = raw.chunks(65535).collect();
        for (i, b) in blocks.iter().enumerate() {
            z.push(u8::from(i + 1 == blocks.len()));
            let len = b.len() as u16;
            z.extend_from_slice(&len.to_le_bytes());
            z.extend_from_slice(&(!len).to_le_bytes());
            z.extend_from_slice(b);
        }
        let (mut a, mut bsum) = (1u32, 0u32);
        for &byte in &raw {
            a = (a + u32::from(byte)) % 65521;
            bsum = (bsum + a) % 65521;
        }
        z.extend_from_slice(&((bsum << 16) | a).to_be_bytes());
        out.extend(chunk(b"IDAT", &z));
        out.extend(chunk(b"IEND", &[]));
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("\\n", "\n").replace("\\t", "\t")
}

fn make_files(case: &Path, dir: &Path) {
    let Ok(spec) = std::fs::read_to_string(case.join("files.txt")) else {
        return;
    };
    for (i, line) in spec.lines().enumerate() {
        let line = line.trim_end();
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        macro_rules! bad {
            () => {
                panic!(
                    "{}: files.txt:{}: cannot read `{line}`",
                    case.display(),
                    i + 1
                )
            };
        }
        if let Some((name, target)) = line.split_once(" -> ") {
            #[cfg(unix)]
            std::os::unix::fs::symlink(target.trim(), dir.join(name.trim())).expect("symlink");
            #[cfg(not(unix))]
            let _ = (name, target);
            continue;
        }
        if let Some((name, rest)) = line.split_once(" += ") {
            let (n, text) = rest.split_once(' ').unwrap_or_else(|| bad!());
            let n: usize = n.parse().unwrap_or_else(|_| bad!());
            let path = dir.join(name.trim());
            let mut bytes = std::fs::read(&path).unwrap_or_default();
            bytes.extend(unescape(text).repeat(n).into_bytes());
            std::fs::write(&path, bytes).expect("append");
            continue;
        }
        let (name, rest) = line.split_once(" = ").unwrap_or_else(|| bad!());
        let (name, at) = match name.split_once(" @ ") {
            Some((n, off)) => (
                n,
                Some(off.trim().parse::<usize>().unwrap_or_else(|_| bad!())),
            ),
            None => (name, None),
        };
        let path = dir.join(name.trim());
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("folder");
        }
        let words: Vec<&str> = rest.split_whitespace().collect();
        let num = |k: usize| -> usize {
            words
                .get(k)
                .and_then(|w| w.parse().ok())
                .unwrap_or_else(|| bad!())
        };
        let bytes = match words.first().copied() {
            Some("junk") => junk(num(1), crc32(name.as_bytes()).into()),
            Some("png") => png(num(1) as u32, num(2) as u32, true),
            Some("png-header") => png(num(1) as u32, num(2) as u32, false),
            Some("copy") => {
                let src = repo_root().join(words.get(1).unwrap_or_else(|| bad!()));
                let mut b =
                    std::fs::read(&src).unwrap_or_else(|e| panic!("{}: {e}", src.display()));
                if words.len() > 2 {
                    b.truncate(num(2));
                }
                b
            }
            Some("hex") => {
                let h: String = words[1..].concat();
                (0..h.len())
                    .step_by(2)
                    .map(|k| u8::from_str_radix(&h[k..k + 2], 16).unwrap_or_else(|_| bad!()))
                    .collect()
            }
            Some("dir") => {
                std::fs::create_dir_all(&path).expect("folder");
                continue;
            }
            _ => bad!(),
        };
        if let Some(at) = at {
            let mut old = std::fs::read(&path).expect("a file to write over");
            let end = (at + bytes.len()).min(old.len());
            old[at..end].copy_from_slice(&bytes[..end - at]);
            std::fs::write(&path, old).expect("write over a made file");
            continue;
        }
        std::fs::write(&path, bytes).expect("write a made file");
    }
}

fn copy_case(case: &Path, dir: &Path) {
    for e in std::fs::read_dir(case).expect("case folder").flatten() {
        let name = e.file_name();
        if ["expected.txt", "exit", "check-exit", "args", "files.txt"]
            .iter()
            .any(|n| name == *n)
        {
            continue;
        }
        let to = dir.join(&name);
        if e.path().is_dir() {
            std::fs::create_dir_all(&to).expect("folder");
            copy_case(&e.path(), &to);
        } else {
            std::fs::copy(e.path(), &to).expect("copy a case file");
        }
    }
}

fn listing(dir: &Path) -> BTreeSet<PathBuf> {
    let mut out = BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(p.clone());
            }
            out.insert(p.strip_prefix(dir).unwrap_or(&p).to_path_buf());
        }
    }
    out
}

/// Run one case; returns a description of what is wrong, if anything.
fn check_case(case: &Path) -> Result<(), String> {
    let name = case
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .to_string();
    let expected = std::fs::read_to_string(case.join("expected.txt"))
        .map_err(|e| format!("{name}: no expected.txt: {e}"))?;
    let says: Vec<&str> = expected
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .collect();
    if says.is_empty() {
        return Err(format!("{name}: expected.txt says nothing"));
    }
    let exit: i32 = match std::fs::read_to_string(case.join("exit")) {
        Ok(s) => s
            .trim()
            .parse()
            .map_err(|_| format!("{name}: bad `exit`"))?,
        Err(_) => 1,
    };
    let check_exit: i32 = match std::fs::read_to_string(case.join("check-exit")) {
        Ok(s) => s
            .trim()
            .parse()
            .map_err(|_| format!("{name}: bad `check-exit`"))?,
        Err(_) => exit,
    };
    let args: Vec<String> = std::fs::read_to_string(case.join("args"))
        .map(|s| {
            s.lines()
                .filter(|l| !l.trim().is_empty())
                .map(String::from)
                .collect()
        })
        .unwrap_or_default();

    let tmp = tempfile::tempdir().expect("temp dir");
    // The letter sits one level down, so cases can reach "outside" their folder with `..`.
    let dir = tmp.path().join("case");
    std::fs::create_dir_all(&dir).expect("folder");
    copy_case(case, &dir);
    make_files(case, &dir);
    let before = listing(tmp.path());

    let mut problems = Vec::new();
    for command in ["render", "check"] {
        let mut c = cmd();
        c.current_dir(&dir).arg(command).arg("letter.yaml");
        if command == "render" {
            c.args(&args);
        } else {
            c.args(args.iter().filter(|a| a.starts_with("--root")));
        }
        let r = run(c.env("SOURCE_DATE_EPOCH", "1795651200"));
        let want = if command == "check" { check_exit } else { exit };
        if r.code != Some(want) {
            problems.push(format!("`{command}` exits {:?}, not {want}", r.code));
        }
        if r.stderr.contains("panicked") || r.stderr.contains("RUST_BACKTRACE") {
            problems.push(format!("`{command}` panics"));
        }
        if command == "render" {
            for s in &says {
                if !r.stderr.contains(s) {
                    problems.push(format!("`render` does not say `{s}`"));
                }
            }
        }
        let after = listing(tmp.path());
        let new: Vec<_> = after.difference(&before).collect();
        if !new.is_empty() {
            problems.push(format!("`{command}` left files behind: {new:?}"));
        }
        if !problems.is_empty() {
            return Err(format!("{name}:\n  {}\n{r}", problems.join("\n  ")));
        }
    }
    Ok(())
}

#[test]
fn every_bad_input_is_refused_with_its_message_and_no_output() {
    let cases = cases();
    assert!(
        cases.len() >= 40,
        "the corpus has {} cases, fewer than 40",
        cases.len()
    );
    let failures: Vec<String> = cases.iter().filter_map(|c| check_case(c).err()).collect();
    assert!(
        failures.is_empty(),
        "{} of {} bad inputs are not handled as expected:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

#[test]
fn a_failed_render_never_clobbers_an_existing_pdf() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let letter = tmp.path().join("letter.yaml");
    std::fs::write(&letter, "recipient: [A]\nbody: x\ndate: 2026-02-30\n").expect("write");
    let pdf = tmp.path().join("letter.pdf");
    std::fs::write(&pdf, b"%PDF-1.7 an older render").expect("write");
    let r = run(cmd()
        .current_dir(tmp.path())
        .args(["render", "letter.yaml"]));
    assert_eq!(r.code, Some(1), "{r}");
    assert_eq!(
        std::fs::read(&pdf).expect("still there"),
        b"%PDF-1.7 an older render",
        "the old PDF is untouched"
    );
}
