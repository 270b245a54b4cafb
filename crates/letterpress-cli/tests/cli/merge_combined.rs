//! `merge --combined` streamed batch by batch: letters in record order across batches, a bad
//! record reported with the manifest written, a later letter whose appendix needs another PDF
//! standard than the one decided from the first batch left out with its record, never
//! silently; `--resume` refused with `--combined`.

use std::path::Path;

use letterpress_tests::cli::{cmd, run};
use letterpress_tests::pdf::Pdf;

/// More records than one batch of the merge (256), so the combined PDF spans batches.
const RECORDS: usize = 300;

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("a manifest")).expect("json")
}

fn combined_merge(
    letter: &Path,
    data: &Path,
    all: &Path,
    manifest: &Path,
) -> letterpress_tests::cli::Run {
    run(cmd()
        .arg("merge")
        .arg(letter)
        .arg("--data")
        .arg(data)
        .arg("--combined")
        .arg(all)
        .arg("--manifest")
        .arg(manifest))
}

#[test]
fn letters_follow_in_record_order_across_batches_and_bad_records_are_reported() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let letter = d.join("letter.yaml");
    std::fs::write(
        &letter,
        "language: pl\ndate: 2026-11-26\nrecipient: [\"{{ name }}\", ul. Długa 1, 00-001 Warszawa]\nsubject: Zmiana\nbody: |\n  dziękujemy.\nstyle:\n  font: { family: \"{{ font }}\" }\n",
    )
    .expect("write the letter");
    // Record 1 (the first batch's first) and record 280 (the second batch's) fail.
    let bad = [1, 280];
    let mut csv = String::from("name,font\n");
    for i in 1..=RECORDS {
        let font = if bad.contains(&i) {
            "No Such Family"
        } else {
            "Noto Serif"
        };
        csv.push_str(&format!("Osoba {i:03},{font}\n"));
    }
    let data = d.join("data.csv");
    std::fs::write(&data, csv).expect("write the data");
    let (all, m) = (d.join("all.pdf"), d.join("m.json"));
    let r = combined_merge(&letter, &data, &all, &m);
    assert_eq!(r.code, Some(1), "two records fail: {r}");
    for record in bad {
        assert!(r.stderr.contains(&format!("record {record}")), "{r}");
    }
    let pdf = Pdf::parse(&std::fs::read(&all).expect("the combined PDF")).expect("parses");
    let good: Vec<usize> = (1..=RECORDS).filter(|i| !bad.contains(i)).collect();
    assert_eq!(pdf.pages.len(), good.len(), "one page per good letter");
    for (page, i) in pdf.pages.iter().zip(&good) {
        let text = page.text();
        assert!(
            text.contains(&format!("Osoba {i:03}")),
            "record {i}'s letter in its place: {text}"
        );
    }
    let m = json(&m);
    assert_eq!(m["failed"], 2);
    assert_eq!(m["written"], RECORDS - 2);
    assert_eq!(m["combined"]["letters"], RECORDS - 2);
}

#[test]
fn a_later_letter_that_needs_another_standard_is_left_out_with_its_record() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    std::fs::write(
        d.join("scan.png"),
        std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/visual/minimal-1.png"),
        )
        .expect("a PNG fixture"),
    )
    .expect("write");
    // A PDF to enclose: a letter rendered by the binary.
    let one = d.join("one.yaml");
    std::fs::write(
        &one,
        "language: pl\ndate: 2026-11-26\nrecipient: [Jan, ul. Długa 1, 00-001 Warszawa]\nsubject: Faktura\nbody: x\n",
    )
    .expect("write");
    let r = run(cmd().arg("render").arg(&one).arg("-o").arg(d.join("a.pdf")));
    assert_eq!(r.code, Some(0), "{r}");
    let letter = d.join("letter.yaml");
    std::fs::write(
        &letter,
        "language: pl\ndate: 2026-11-26\nrecipient: [\"{{ name }}\", ul. Długa 1, 00-001 Warszawa]\nsubject: Zmiana\nbody: x\nenclosures:\n  - title: Skan\n    file: \"{{ file }}\"\n",
    )
    .expect("write the letter");
    // Every letter encloses the scan (PDF/A can hold it) but record 290 a PDF, which no
    // PDF/A can: it comes after the first batch decided the standard.
    let mut csv = String::from("name,file\n");
    for i in 1..=RECORDS {
        let file = if i == 290 { "a.pdf" } else { "scan.png" };
        csv.push_str(&format!("Osoba {i},{file}\n"));
    }
    let data = d.join("data.csv");
    std::fs::write(&data, csv).expect("write the data");
    let (all, m) = (d.join("all.pdf"), d.join("m.json"));
    let r = combined_merge(&letter, &data, &all, &m);
    assert_eq!(
        r.code,
        Some(1),
        "record 290 is not in the combined PDF: {r}"
    );
    assert!(
        r.stderr.contains("record 290")
            && r.stderr.contains("cannot go into the combined PDF")
            && r.stderr.contains("a.pdf"),
        "{r}"
    );
    let m = json(&m);
    assert_eq!(m["failed"], 1);
    assert_eq!(m["combined"]["letters"], RECORDS - 1);
    let entry = &m["letters"][289];
    assert_eq!(entry["record"], 290);
    assert_eq!(entry["status"], "error");
    let pdf = Pdf::parse(&std::fs::read(&all).expect("the combined PDF")).expect("parses");
    assert_eq!(
        pdf.pages.len(),
        2 * (RECORDS - 1),
        "each letter and its scan"
    );
    let xmp = String::from_utf8_lossy(&std::fs::read(&all).expect("read")).into_owned();
    assert!(
        xmp.contains("pdfaid:part"),
        "the others keep their PDF/A claim"
    );
}

#[test]
fn resume_is_refused_with_a_combined_pdf() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    std::fs::write(
        d.join("letter.yaml"),
        "language: pl\ndate: 2026-11-26\nrecipient: [\"{{ name }}\", ul. Długa 1, 00-001 Warszawa]\nsubject: Zmiana\nbody: x\n",
    )
    .expect("write");
    std::fs::write(d.join("data.csv"), "name\nAnna\n").expect("write");
    let r = run(cmd()
        .arg("merge")
        .arg(d.join("letter.yaml"))
        .arg("--data")
        .arg(d.join("data.csv"))
        .arg("--out")
        .arg(d.join("out"))
        .arg("--combined")
        .arg(d.join("all.pdf"))
        .arg("--resume"));
    assert_eq!(r.code, Some(2), "{r}");
    assert!(
        r.stderr.contains("--resume cannot be used with --combined"),
        "{r}"
    );
    assert!(
        !d.join("all.pdf").exists() && !d.join("out").exists(),
        "nothing written"
    );
}
