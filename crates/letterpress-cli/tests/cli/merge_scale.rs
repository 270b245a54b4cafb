//! Merge at scale: shards whose union is one run byte for byte, with manifests that merge into
//! one run's; a merge killed with SIGKILL and resumed gives an uninterrupted run's files; an
//! output that fails (a full disk, a journal that cannot be written) stops the batch with
//! exit 3, one message, and the letters already written whole and listed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use letterpress_tests::cli::{cmd, merge_cmd, run, Run};

/// A small letter with a `{{ name }}` placeholder and CSV data of `n` records (`id`, `name`);
/// record `bad` (if any) names a font family that does not exist, so it fails.
fn merge_inputs(dir: &Path, n: usize, bad: Option<usize>) -> (PathBuf, PathBuf) {
    let letter = dir.join("letter.yaml");
    std::fs::write(
        &letter,
        "language: pl\ndate: 2026-11-26\nrecipient: [\"{{ name }}\", ul. Długa 1, 00-001 Warszawa]\nsubject: Zmiana\nbody: |\n  dziękujemy, {{ name }}.\nstyle:\n  font: { family: \"{{ font }}\" }\n",
    )
    .expect("write the letter");
    let mut csv = String::from("id,name,font\n");
    for i in 1..=n {
        let font = if Some(i) == bad {
            "No Such Family"
        } else {
            "Noto Serif"
        };
        // Records 1 and 5 share a `--name '{{ id }}'`: the collision crosses shards.
        let id = if i == 5 { 1 } else { i };
        csv.push_str(&format!("{id},Osoba {i},{font}\n"));
    }
    let data = dir.join("data.csv");
    std::fs::write(&data, csv).expect("write the data");
    (letter, data)
}

/// Every file of a folder (name → bytes), the journal and manifests left out.
fn letters(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .expect("a folder")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("manifest"))
        .map(|n| {
            let bytes = std::fs::read(dir.join(&n)).expect("read");
            (n, bytes)
        })
        .collect()
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("a folder")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("a manifest")).expect("json")
}

#[test]
fn the_union_of_shards_is_one_run_byte_for_byte_and_their_manifests_merge_into_its_own() {
    let dir = tempfile::tempdir().expect("temp");
    let (l, d) = merge_inputs(dir.path(), 23, Some(7));
    for name in [None, Some("{{ id }}.pdf")] {
        let out = dir.path().join("out");
        let single = dir.path().join("single");
        let _ = std::fs::remove_dir_all(&single);
        let with_name = |c: &mut std::process::Command| {
            if let Some(n) = name {
                c.arg("--name").arg(n);
            }
        };
        let mut c = merge_cmd(&l, &d, &out);
        with_name(&mut c);
        let one = run(&mut c);
        assert_eq!(one.code, Some(1), "record 7 fails: {one}");
        std::fs::rename(&out, &single).expect("move the single run aside");
        // The shards into the same folder (as jobs on one machine would): one after the
        // other in any order, then (with --name) all at once.
        let shard = |k: usize| {
            let mut c = merge_cmd(&l, &d, &out);
            c.arg("--shard").arg(format!("{k}/3"));
            with_name(&mut c);
            c.stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped());
            c
        };
        let runs: Vec<(usize, Run)> = if name.is_none() {
            [3, 1, 2]
                .into_iter()
                .map(|k| (k, run(&mut shard(k))))
                .collect()
        } else {
            let children: Vec<(usize, std::process::Child)> = (1..=3)
                .map(|k| (k, shard(k).spawn().expect("runs")))
                .collect();
            children
                .into_iter()
                .map(|(k, c)| (k, c.wait_with_output().expect("ends").into()))
                .collect()
        };
        for (k, r) in runs {
            assert_eq!(
                r.code,
                Some(if k == 1 || (name.is_some() && k == 2) {
                    1
                } else {
                    0
                }),
                "shard {k}/3: {r}"
            );
            assert!(r.stderr.contains(&format!("(shard {k}/3)")), "{r}");
            let m = json(&out.join(format!("manifest-{k}-of-3.json")));
            assert_eq!(m["shard"], format!("{k}/3"));
            assert_eq!(m["records"], 23, "the data's record count");
            for e in m["letters"].as_array().expect("letters") {
                let record = e["record"].as_u64().expect("a number") as usize;
                assert_eq!(
                    (record - 1) % 3,
                    k - 1,
                    "shard {k}/3 lists only its records"
                );
            }
        }
        let shards = letters(&out);
        let whole = letters(&single);
        assert_eq!(
            shards.keys().collect::<Vec<_>>(),
            whole.keys().collect::<Vec<_>>(),
            "{name:?}: the same file names"
        );
        assert!(shards == whole, "{name:?}: the same bytes");
        if name.is_none() {
            assert!(whole.contains_key("0023.pdf") && !whole.contains_key("0007.pdf"));
        } else {
            assert!(
                !whole.contains_key("5.pdf"),
                "record 5's name is record 1's"
            );
        }
        let merged = dir.path().join("merged.json");
        let r = run(cmd()
            .args(["manifest", "merge"])
            .args((1..=3).map(|k| out.join(format!("manifest-{k}-of-3.json"))))
            .arg("-o")
            .arg(&merged));
        assert_eq!(r.code, Some(0), "{r}");
        // The single run wrote its manifest as `out/…` too: the same text.
        let one_text = std::fs::read_to_string(single.join("manifest.json")).expect("manifest");
        let merged_text = std::fs::read_to_string(&merged).expect("merged");
        assert_eq!(
            merged_text, one_text,
            "{name:?}: the merged manifest is the single run's"
        );
        let _ = std::fs::remove_dir_all(&out);
    }
    // A record listed twice, and manifests of two merges, are refused.
    let out = dir.path().join("out");
    assert_eq!(
        run(merge_cmd(&l, &d, &out).args(["--shard", "1/2"])).code,
        Some(1)
    );
    let m1 = out.join("manifest-1-of-2.json");
    let r = run(cmd().args(["manifest", "merge"]).arg(&m1).arg(&m1));
    assert_eq!(r.code, Some(2), "{r}");
    assert!(r.stderr.contains("listed twice"), "{r}");
    let r = run(cmd()
        .args(["merge"])
        .arg(&l)
        .args(["--data"])
        .arg(&d)
        .args(["--shard", "3/2"]));
    assert_eq!(r.code, Some(2), "{r}");
    assert!(r.stderr.contains("1 ≤ K ≤ N"), "{r}");
}

#[test]
#[cfg(unix)]
fn a_merge_killed_with_sigkill_and_resumed_gives_the_files_of_an_uninterrupted_run() {
    let dir = tempfile::tempdir().expect("temp");
    let (l, d) = merge_inputs(dir.path(), 400, None);
    let reference = dir.path().join("reference");
    let r = run(&mut merge_cmd(&l, &d, &reference));
    assert_eq!(r.code, Some(0), "{r}");
    let out = dir.path().join("out");
    let mut child = merge_cmd(&l, &d, &out)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("runs");
    // Wait (a bounded while) until some letters are written, then kill -9.
    for _ in 0..60_000 {
        let n = std::fs::read_dir(&out)
            .map(|rd| {
                rd.flatten()
                    .filter(|e| e.file_name().to_string_lossy().ends_with(".pdf"))
                    .count()
            })
            .unwrap_or(0);
        if n >= 30 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().expect("SIGKILL");
    let status = child.wait().expect("ends");
    assert_eq!(status.code(), None, "killed by a signal, not finished");
    let left = names(&out);
    assert!(
        left.contains(&"manifest.jsonl".to_string()),
        "the journal survives: {left:?}"
    );
    assert!(
        !left.contains(&"manifest.json".to_string()),
        "no manifest was written: {left:?}"
    );
    let pdfs = left.iter().filter(|n| n.ends_with(".pdf")).count();
    assert!(pdfs < 400, "killed mid-way ({pdfs} letters)");
    // A letter damaged since is rendered again, not kept.
    std::fs::write(out.join("0001.pdf"), b"%PDF-1.7 damaged").expect("damage");
    let r = run(merge_cmd(&l, &d, &out).arg("--resume"));
    assert_eq!(r.code, Some(0), "{r}");
    assert!(r.stderr.contains("kept from the earlier run"), "{r}");
    let after = names(&out);
    assert!(
        !after
            .iter()
            .any(|n| n.ends_with(".tmp") || n.starts_with('.')),
        "no temporary file is left: {after:?}"
    );
    assert!(
        !after.contains(&"manifest.jsonl".to_string()),
        "the journal is finalised: {after:?}"
    );
    assert!(
        letters(&out) == letters(&reference),
        "the same files, byte for byte"
    );
    let (m, want) = (
        json(&out.join("manifest.json")),
        json(&reference.join("manifest.json")),
    );
    assert_eq!(m["written"], want["written"]);
    assert_eq!(m["letters"].as_array().map(Vec::len), Some(400));
    for (a, b) in m["letters"]
        .as_array()
        .unwrap()
        .iter()
        .zip(want["letters"].as_array().unwrap())
    {
        assert_eq!(a["sha256"], b["sha256"], "record {}", a["record"]);
    }
    // Letters made from other data are not kept: a resume over changed data is refused.
    let text = std::fs::read_to_string(&d).expect("data");
    std::fs::write(&d, text.replace("Osoba 17,", "Osoba 17 (nowa),")).expect("change");
    let r = run(merge_cmd(&l, &d, &out).arg("--resume"));
    assert_eq!(r.code, Some(2), "{r}");
    assert!(
        r.stderr.contains("cannot resume") && r.stderr.contains("without --resume"),
        "{r}"
    );
}

/// A small tmpfs mounted for a test (as root), unmounted when dropped.
struct Mount(PathBuf);

impl Mount {
    fn tmpfs(at: &Path, size: &str) -> Option<Mount> {
        std::fs::create_dir_all(at).ok()?;
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Mount(at.to_path_buf()))
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

/// The `error:` lines of a run.
fn errors(r: &Run) -> Vec<&str> {
    r.stderr
        .lines()
        .filter(|l| l.starts_with("error:"))
        .collect()
}

#[test]
#[cfg(target_os = "linux")]
fn a_full_disk_stops_the_batch_with_exit_3_one_message_and_the_letters_written_listed() {
    let dir = tempfile::tempdir().expect("temp");
    let (l, d) = merge_inputs(dir.path(), 200, None);
    let Some(small) = Mount::tmpfs(&dir.path().join("small"), "200k") else {
        eprintln!("no tmpfs (not root?): the full disk is tried by the journal test only");
        return;
    };
    let out = small.0.join("out");
    let r = run(&mut merge_cmd(&l, &d, &out));
    assert_eq!(r.code, Some(3), "{r}");
    assert_eq!(errors(&r).len(), 1, "one message: {r}");
    assert!(r.stderr.contains("No space left on device"), "{r}");
    assert!(r.stderr.contains("--resume"), "says how to go on: {r}");
    let left = names(&out);
    assert!(!left.iter().any(|n| n.ends_with(".tmp")), "{left:?}");
    let pdfs: Vec<&String> = left.iter().filter(|n| n.ends_with(".pdf")).collect();
    assert!(
        !pdfs.is_empty() && pdfs.len() < 200,
        "stopped mid-way: {left:?}"
    );
    for p in &pdfs {
        let bytes = std::fs::read(out.join(p)).expect("read");
        assert!(bytes.starts_with(b"%PDF-"), "{p} is whole");
        let tail = String::from_utf8_lossy(&bytes[bytes.len().saturating_sub(16)..]).into_owned();
        assert!(tail.contains("%%EOF"), "{p} is whole: …{tail}");
    }
    // The letters written are listed: by the manifest, or (if even it found no room) the journal.
    let listed: Vec<String> = match std::fs::read_to_string(out.join("manifest.json")) {
        Ok(text) => {
            let m: serde_json::Value = serde_json::from_str(&text).expect("json");
            assert_eq!(m["interrupted"], true);
            m["letters"]
                .as_array()
                .expect("letters")
                .iter()
                .filter_map(|e| e["file"].as_str().map(str::to_string))
                .collect()
        }
        Err(_) => std::fs::read_to_string(out.join("manifest.jsonl"))
            .expect("the journal")
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|e| e["file"].as_str().map(str::to_string))
            .collect(),
    };
    let mut listed: Vec<String> = listed
        .iter()
        .map(|f| {
            Path::new(f)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    listed.sort();
    assert_eq!(
        listed.iter().collect::<Vec<_>>(),
        pdfs,
        "exactly the letters written"
    );
}

#[test]
#[cfg(unix)]
fn a_journal_that_cannot_be_written_stops_the_merge_with_exit_3() {
    let dir = tempfile::tempdir().expect("temp");
    let (l, d) = merge_inputs(dir.path(), 20, None);
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).expect("mkdir");
    // An injected writer error: the journal is a link to /dev/full (every write: ENOSPC).
    std::os::unix::fs::symlink("/dev/full", out.join("manifest.jsonl")).expect("link");
    let r = run(&mut merge_cmd(&l, &d, &out));
    assert_eq!(r.code, Some(3), "{r}");
    assert_eq!(errors(&r).len(), 1, "one message: {r}");
    assert!(r.stderr.contains("manifest.jsonl"), "names the file: {r}");
    assert!(
        !names(&out).iter().any(|n| n.ends_with(".pdf")),
        "nothing unlisted is written"
    );
}
