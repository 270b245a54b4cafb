//! Mail merge end to end: placeholders in every kind of field, CSV quoting and UTF-8, a
//! missing field, a failing record among good ones, the combined PDF's per-letter page
//! counters and duplex padding, and the manifest.

use std::path::Path;

use letterpress::merge::{merge_iter, read_records, Template};
use letterpress::{load_letter, Env, RenderOptions, Resources};
use letterpress_tests::cli::{cmd, merge_cmd, run};
use letterpress_tests::pdf::Pdf;
use letterpress_tests::repo_root;

/// A letter with a placeholder in every kind of field.
fn letter(dir: &Path) -> std::path::PathBuf {
    let head = repo_root().join("letterheads/nowak-pr/letterhead.yaml");
    let yaml = format!(
        r#"letterhead: {head}
place: "{{{{ city }}}}"
date: "{{{{ date }}}}"
recipient:
  - "{{{{ company }}}}"
  - "{{{{ title }}}} {{{{ person }}}}"
  - "{{{{ street }}}}"
  - "{{{{ postcode }}}} {{{{ city }}}}"
mail_note: "{{{{ note }}}}"
references:
  your_ref: "{{{{ ref }}}}"
subject: Zmiana cennika dla {{{{ company }}}}
opening: "{{{{ salutation }}}}"
body: |
  uprzejmie informujemy, że od {{{{ from | date("pl") }}}} zmienia się cennik usług
  dla firmy **{{{{ company }}}}**. Nowa stawka wynosi {{{{ price }}}} zł netto.

  {{{{ extra }}}}
closing: Z poważaniem
signatures:
  - name: "{{{{ signer }}}}"
    role: "{{{{ signer_role | upper }}}}"
enclosures:
  - Cennik {{{{ year }}}}
cc:
  - "{{{{ cc }}}}"
ps: Kod klienta {{{{ ref | lower }}}}.
"#,
        head = head.display()
    );
    let path = dir.join("letter.yaml");
    std::fs::write(&path, yaml).expect("write the letter");
    path
}

const HEADER: &str = "id,company,title,person,street,postcode,city,date,note,ref,salutation,from,price,extra,signer,signer_role,year,cc";

fn row(id: usize, company: &str, extra: &str) -> String {
    // RFC 4180: a quote inside a quoted field is doubled.
    let company = company.replace('"', "\"\"");
    format!(
        "{id},\"{company}\",Pan,Jan Kowalski {id},ul. Długa {id},00-{id:03},Łódź,2026-11-26,Polecony,KR/{id},\"Szanowny Panie,\",2027-01-01,\"1 {id}00,00\",\"{extra}\",Anna Nowak,partner,2027,Ewa Nowak"
    )
}

fn data(dir: &Path, rows: &[String]) -> std::path::PathBuf {
    let path = dir.join("data.csv");
    std::fs::write(&path, format!("{HEADER}\n{}\n", rows.join("\n"))).expect("write the data");
    path
}

#[test]
fn placeholders_in_every_field_are_filled_from_csv() {
    let dir = tempfile::tempdir().expect("temp");
    let l = letter(dir.path());
    let d = data(
        dir.path(),
        &[row(
            1,
            "Kowalski, Nowak i \"Wspólnicy\" sp.j.",
            "Dziękujemy za współpracę.",
        )],
    );
    let template = Template::new(load_letter(&l).expect("loads")).expect("compiles");
    let records = read_records(&d).expect("reads");
    assert_eq!(
        records[0].fields["company"], "Kowalski, Nowak i \"Wspólnicy\" sp.j.",
        "CSV quoting"
    );
    let (env, res) = (Env::from_process(), Resources::new());
    let item = merge_iter(&template, &records, &env, &res, &RenderOptions::default())
        .next()
        .expect("one record");
    let out = item.result.expect("renders").output;
    let text = Pdf::parse(&out.pdf).expect("parses").text();
    for needle in [
        "Kowalski, Nowak i „Wspólnicy” sp.j.",
        "Pan Jan Kowalski 1",
        "ul. Długa 1",
        "00-001 Łódź",
        "Łódź, 26 listopada 2026 r.",
        "Polecony",
        "KR/1",
        "1 stycznia 2027 r.",
        "1 100,00 zł",
        "Dziękujemy za współpracę.",
        "PARTNER",
        "Cennik 2027",
        "Ewa Nowak",
        "kr/1",
    ] {
        let plain = needle.replace(['„', '”'], "\"");
        assert!(
            text.contains(needle) || text.contains(&plain),
            "`{needle}` is in the letter:\n{text}"
        );
    }
}

#[test]
fn the_cli_writes_good_records_lists_bad_ones_and_exits_1() {
    let dir = tempfile::tempdir().expect("temp");
    let l = letter(dir.path());
    let mut rows: Vec<String> = (1..=5).map(|i| row(i, &format!("Firma {i}"), "")).collect();
    // Record 3 has an impossible date for the `date` filter's input.
    rows[2] = rows[2].replace("2027-01-01", "2027-02-30");
    let d = data(dir.path(), &rows);
    let out = dir.path().join("out");
    let r = run(merge_cmd(&l, &d, &out)
        .arg("--name")
        .arg("{{ id }}-{{ city }}.pdf"));
    assert_eq!(
        r.code,
        Some(1),
        "a failed record makes the exit code 1: {r}"
    );
    assert!(
        r.stderr.contains("record 3"),
        "the failure names its record: {r}"
    );
    assert!(r.stderr.contains("2027-02-30"), "and the bad value: {r}");
    for i in [1, 2, 4, 5] {
        let f = out.join(format!("{i}-Łódź.pdf"));
        let bytes = std::fs::read(&f).unwrap_or_else(|e| panic!("{} written: {e}", f.display()));
        assert!(bytes.starts_with(b"%PDF-"), "{} is a PDF", f.display());
    }
    assert!(
        !out.join("3-Łódź.pdf").exists(),
        "the bad record wrote nothing"
    );
    let manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("manifest.json")).expect("manifest"),
    )
    .expect("json");
    assert_eq!(manifest["records"], 5);
    assert_eq!(manifest["written"], 4);
    assert_eq!(manifest["failed"], 1);
    let letters = manifest["letters"].as_array().expect("letters");
    assert_eq!(letters.len(), 5, "every record is listed, in order");
    assert_eq!(letters[0]["record"], 1);
    assert_eq!(letters[0]["status"], "ok");
    assert_eq!(letters[0]["pages"], 1);
    assert!(letters[0]["file"]
        .as_str()
        .expect("file")
        .ends_with("1-Łódź.pdf"));
    assert_eq!(letters[2]["status"], "error");
    assert!(letters[2]["errors"][0]
        .as_str()
        .expect("reason")
        .contains("2027-02-30"));
}

#[test]
fn a_missing_field_names_the_record_and_the_field() {
    let dir = tempfile::tempdir().expect("temp");
    let l = letter(dir.path());
    let d = dir.path().join("data.csv");
    let header = HEADER.replace(",salutation,", ",salut,");
    std::fs::write(&d, format!("{header}\n{}\n", row(1, "A", ""))).expect("write");
    let r = run(&mut merge_cmd(&l, &d, &dir.path().join("o")));
    assert_eq!(r.code, Some(1), "{r}");
    assert!(
        r.stderr.contains("record 1 has no field `salutation`"),
        "{r}"
    );
}

#[test]
fn yaml_data_and_a_combined_pdf_with_per_letter_counters_and_duplex_padding() {
    let dir = tempfile::tempdir().expect("temp");
    let head = repo_root().join("letterheads/nowak-pr/letterhead.yaml");
    // A letter long enough for two pages, so each letter has its own "Strona 2 z 2".
    let para = "Zdanie, które powtarzamy, aby list zajął dwie strony i sprawdził liczniki stron. "
        .repeat(14);
    let body = (0..7)
        .map(|_| format!("  {para}"))
        .collect::<Vec<_>>()
        .join("\n\n");
    std::fs::write(
        dir.path().join("letter.yaml"),
        format!("letterhead: {}\nrecipient: [\"{{{{ name }}}}\", ul. Krótka 1, 00-001 Warszawa]\nbody: |\n{body}\n", head.display()),
    )
    .expect("write");
    std::fs::write(
        dir.path().join("people.yaml"),
        "- name: Firma Alfa\n- name: Firma Beta\n- name: Firma Gamma\n",
    )
    .expect("write");
    let all = dir.path().join("all.pdf");
    let r = run(cmd()
        .current_dir(dir.path())
        .args([
            "merge",
            "letter.yaml",
            "--data",
            "people.yaml",
            "--combined",
        ])
        .arg(&all)
        .arg("--duplex"));
    assert_eq!(r.code, Some(0), "{r}");
    let pdf = Pdf::parse(&std::fs::read(&all).expect("combined written")).expect("parses");
    let single = letterpress::render_file(
        &dir.path().join("letter.yaml"),
        &Env::from_process(),
        &Resources::new(),
        &RenderOptions::default(),
    );
    // The template with unfilled placeholders still renders (the text is literal there).
    let per_letter = single.map(|w| w.output.document.pages.len()).unwrap_or(2);
    assert!(per_letter >= 2, "the test letter has at least two pages");
    let padded = per_letter + per_letter % 2;
    assert_eq!(
        pdf.pages.len(),
        3 * padded,
        "three letters, each padded to an even page count"
    );
    for (i, name) in ["Firma Alfa", "Firma Beta", "Firma Gamma"]
        .iter()
        .enumerate()
    {
        let first = &pdf.pages[i * padded];
        assert!(
            first.text().contains(name),
            "letter {} starts on page {}: {}",
            i + 1,
            i * padded + 1,
            first.text()
        );
        let second = &pdf.pages[i * padded + 1];
        assert!(
            second.text().contains(&format!("Strona 2 z {per_letter}")),
            "letter {}'s own counter restarts: {}",
            i + 1,
            second.text()
        );
        assert!(
            second.text().contains(name),
            "its continuation header names its recipient"
        );
    }
    if per_letter % 2 == 1 {
        assert!(
            pdf.pages[per_letter].text().trim().is_empty(),
            "the padding page is blank"
        );
    }
}

#[test]
fn names_that_collide_or_escape_the_folder_are_refused() {
    let dir = tempfile::tempdir().expect("temp");
    let l = letter(dir.path());
    let rows: Vec<String> = (1..=2).map(|i| row(i, "Same", "")).collect();
    let d = data(dir.path(), &rows);
    let r = run(merge_cmd(&l, &d, &dir.path().join("o"))
        .arg("--name")
        .arg("{{ company }}.pdf"));
    assert_eq!(r.code, Some(1), "{r}");
    assert!(r.stderr.contains("make the names unique"), "{r}");
    assert!(
        dir.path().join("o/Same.pdf").exists(),
        "the first record is still written"
    );
    let r = run(merge_cmd(&l, &d, &dir.path().join("p"))
        .arg("--name")
        .arg("../{{ id }}.pdf"));
    assert_eq!(r.code, Some(1), "{r}");
    assert!(
        !dir.path().join("1.pdf").exists(),
        "nothing is written outside --out"
    );
}

/// A small letter with `{{ name }}` and `{{ font }}` placeholders, and CSV data of `rows`
/// (name, font) pairs; returns (letter, data).
fn small(dir: &Path, rows: &[(&str, &str)]) -> (std::path::PathBuf, std::path::PathBuf) {
    let letter = dir.join("letter.yaml");
    std::fs::write(
        &letter,
        "language: pl\ndate: 2026-11-26\nrecipient: [\"{{ name }}\", ul. Długa 1, 00-001 Warszawa]\nsubject: Zmiana\nbody: |\n  dziękujemy, {{ name }}.\nstyle:\n  font: { family: \"{{ font }}\" }\n",
    )
    .expect("write the letter");
    let data = dir.join("data.csv");
    let body: Vec<String> = rows.iter().map(|(n, f)| format!("{n},{f}")).collect();
    std::fs::write(&data, format!("name,font\n{}\n", body.join("\n"))).expect("write the data");
    (letter, data)
}

fn files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn manifest(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("a manifest")).expect("json")
}

/// The file names the manifest lists.
fn listed(m: &serde_json::Value) -> Vec<String> {
    let mut v: Vec<String> = m["letters"]
        .as_array()
        .expect("letters")
        .iter()
        .filter_map(|e| e["file"].as_str())
        .map(|f| {
            Path::new(f)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    v.sort();
    v
}

#[test]
fn no_output_of_merge_may_overwrite_a_file_it_reads() {
    let dir = tempfile::tempdir().expect("temp");
    let (l, d) = small(dir.path(), &[("Anna", "Noto Serif"), ("Jan", "Noto Sans")]);
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let before = (std::fs::read(&l).unwrap(), std::fs::read(&d).unwrap());
    let mut cases: Vec<(Vec<std::ffi::OsString>, &str)> = vec![
        (
            vec!["--manifest".into(), d.clone().into()],
            "is the data file",
        ),
        (vec!["--combined".into(), l.clone().into()], "is the letter"),
        (
            vec!["--combined".into(), out.join("0001.pdf").into()],
            "both name",
        ),
    ];
    if cfg!(unix) {
        cases.push((vec!["--force".into()], "is the letter"));
    }
    for (args, says) in cases {
        if args == ["--force"] {
            // A hard link to the letter where record 2's letter goes.
            std::fs::hard_link(&l, out.join("0002.pdf")).unwrap();
        }
        let r = run(merge_cmd(&l, &d, &out).args(&args));
        assert_eq!(r.code, Some(2), "{args:?}: {r}");
        assert!(r.stderr.contains(says), "{args:?} says `{says}`: {r}");
        assert_eq!(
            (std::fs::read(&l).unwrap(), std::fs::read(&d).unwrap()),
            before,
            "{args:?}: an input changed"
        );
        assert!(
            !out.join("0001.pdf").exists(),
            "{args:?}: a letter was written"
        );
    }
}

#[test]
fn a_combined_pdf_sets_each_letter_in_its_own_fonts_and_survives_a_bad_first_record() {
    let dir = tempfile::tempdir().expect("temp");
    let names = ["Zażółć Gęślą", "Łukasz Jaźń", "Ćma Źrebię"];
    let (l, d) = small(
        dir.path(),
        &[
            ("Bad", "No Such Family"),
            (names[0], "Noto Serif"),
            (names[1], "Noto Sans"),
            (names[2], "TeX Gyre Termes"),
        ],
    );
    let all = dir.path().join("all.pdf");
    let m = dir.path().join("m.json");
    let r = run(cmd()
        .arg("merge")
        .arg(&l)
        .arg("--data")
        .arg(&d)
        .arg("--combined")
        .arg(&all)
        .arg("--manifest")
        .arg(&m));
    assert_eq!(r.code, Some(1), "record 1 fails: {r}");
    assert!(r.stderr.contains("record 1"), "{r}");
    let pdf = Pdf::parse(&std::fs::read(&all).expect("the combined PDF")).expect("parses");
    assert_eq!(pdf.pages.len(), 3, "the three good letters");
    for (page, name) in pdf.pages.iter().zip(names) {
        assert!(
            page.text().contains(name),
            "`{name}` is drawn in its own font: {}",
            page.text()
        );
    }
    let fonts: Vec<String> = pdf.fonts().into_iter().map(|f| f.base_font).collect();
    for family in ["NotoSerif", "NotoSans", "Termes"] {
        assert!(
            fonts
                .iter()
                .any(|f| f.replace(['-', ' '], "").contains(family)),
            "{family} is embedded: {fonts:?}"
        );
    }
    let m = manifest(&m);
    assert_eq!(m["failed"], 1);
    assert_eq!(m["combined"]["letters"], 3);
}

#[test]
fn a_merge_into_a_folder_of_another_merge_is_refused_unless_forced() {
    let dir = tempfile::tempdir().expect("temp");
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    let (la, da) = small(&a, &[("Anna", "Noto Serif"), ("Jan", "Noto Serif")]);
    let (lb, db) = small(&b, &[("Ewa", "Noto Sans")]);
    let out = dir.path().join("out");
    let r = run(&mut merge_cmd(&la, &da, &out));
    assert_eq!(r.code, Some(0), "{r}");
    let r = run(&mut merge_cmd(&lb, &db, &out));
    assert_eq!(r.code, Some(2), "{r}");
    assert!(r.stderr.contains("would mix the two"), "{r}");
    assert_eq!(files(&out), ["0001.pdf", "0002.pdf", "manifest.json"]);
    assert_eq!(listed(&manifest(&out.join("manifest.json"))).len(), 2);
    let r = run(merge_cmd(&lb, &db, &out).arg("--force"));
    assert_eq!(r.code, Some(0), "{r}");
    assert!(r.stderr.contains("removed 1 letter"), "{r}");
    let m = manifest(&out.join("manifest.json"));
    assert_eq!(files(&out), ["0001.pdf", "manifest.json"]);
    assert_eq!(listed(&m), ["0001.pdf"]);
    // A file no manifest lists is not ours to overwrite.
    let c = dir.path().join("c");
    std::fs::create_dir_all(&c).unwrap();
    std::fs::write(c.join("0001.pdf"), "mine").unwrap();
    let r = run(&mut merge_cmd(&la, &da, &c));
    assert_eq!(r.code, Some(2), "{r}");
    assert!(r.stderr.contains("no manifest"), "{r}");
    assert_eq!(std::fs::read_to_string(c.join("0001.pdf")).unwrap(), "mine");
}

#[test]
fn a_smaller_merge_into_its_old_folder_leaves_only_what_its_manifest_lists() {
    let dir = tempfile::tempdir().expect("temp");
    let rows: Vec<(String, &str)> = (1..=4)
        .map(|i| (format!("Osoba {i}"), "Noto Serif"))
        .collect();
    let refs: Vec<(&str, &str)> = rows.iter().map(|(n, f)| (n.as_str(), *f)).collect();
    let (l, d) = small(dir.path(), &refs);
    let out = dir.path().join("out");
    let r = run(&mut merge_cmd(&l, &d, &out));
    assert_eq!(r.code, Some(0), "{r}");
    assert_eq!(files(&out).len(), 5);
    small(dir.path(), &refs[..2]);
    let r = run(&mut merge_cmd(&l, &d, &out));
    assert_eq!(r.code, Some(0), "{r}");
    assert!(r.stderr.contains("removed 2 letters"), "{r}");
    let m = manifest(&out.join("manifest.json"));
    assert_eq!(listed(&m), ["0001.pdf", "0002.pdf"]);
    assert_eq!(files(&out), ["0001.pdf", "0002.pdf", "manifest.json"]);
}

/// A letter and data of `n` records in `dir` (as [`small`] writes them).
#[cfg(unix)]
fn many(dir: &Path, n: usize) -> (std::path::PathBuf, std::path::PathBuf) {
    let rows: Vec<(String, &str)> = (1..=n)
        .map(|i| (format!("Osoba {i}"), "Noto Serif"))
        .collect();
    let refs: Vec<(&str, &str)> = rows.iter().map(|(n, f)| (n.as_str(), *f)).collect();
    small(dir, &refs)
}

/// Start `cmd`, wait (a bounded while) until `ready`, send it `signal` and wait for its end.
#[cfg(unix)]
fn signal_when(
    cmd: &mut std::process::Command,
    signal: &str,
    ready: impl Fn() -> bool,
) -> letterpress_tests::cli::Run {
    let child = cmd
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("runs");
    for _ in 0..60_000 {
        if ready() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let sent = std::process::Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(child.id().to_string())
        .status()
        .expect("kill runs");
    assert!(sent.success());
    child.wait_with_output().expect("ends").into()
}

/// Run a long merge, send `signal` once its first letter is written, and check what is left.
#[cfg(unix)]
fn interrupt(signal: &str, code: i32) {
    let dir = tempfile::tempdir().expect("temp");
    let (l, d) = many(dir.path(), 2000);
    let out = dir.path().join("out");
    // Once a letter is written, the merge is mid-way.
    let r = signal_when(&mut merge_cmd(&l, &d, &out), signal, || {
        files(&out).iter().any(|f| f.ends_with(".pdf"))
    });
    assert_eq!(r.code, Some(code), "{signal}: {r}");
    assert!(
        r.stderr.contains(&format!("interrupted by SIG{signal}")),
        "{r}"
    );
    let left = files(&out);
    assert!(
        !left.iter().any(|f| f.ends_with(".tmp")),
        "{signal}: temporary files left: {left:?}"
    );
    let m = manifest(&out.join("manifest.json"));
    assert_eq!(m["interrupted"], true);
    let pdfs: Vec<String> = left.into_iter().filter(|f| f.ends_with(".pdf")).collect();
    assert_eq!(
        listed(&m),
        pdfs,
        "the manifest lists exactly the letters written"
    );
    assert!(pdfs.len() < 2000, "the merge stopped early");
}

/// A streamed combined PDF interrupted mid-way: its temporary file (and the spool beside it) is
/// removed, no partial file is left under the combined PDF's name, the manifest says so.
#[cfg(unix)]
fn interrupt_combined(signal: &str, code: i32) {
    let dir = tempfile::tempdir().expect("temp");
    let (l, d) = many(dir.path(), 3000);
    let all = dir.path().join("all.pdf");
    let m = dir.path().join("m.json");
    let mut c = letterpress_tests::cli::cmd();
    c.arg("merge").arg(&l).arg("--data").arg(&d);
    c.arg("--combined").arg(&all).arg("--manifest").arg(&m);
    // Once the combined PDF is being written, the merge is mid-way.
    let r = signal_when(&mut c, signal, || {
        files(dir.path()).iter().any(|f| {
            f.ends_with(".tmp")
                && std::fs::metadata(dir.path().join(f)).is_ok_and(|m| m.len() > 10_000)
        })
    });
    assert_eq!(r.code, Some(code), "{signal}: {r}");
    let left = files(dir.path());
    assert_eq!(
        left,
        ["data.csv", "letter.yaml", "m.json"],
        "{signal}: only the inputs and the manifest are left"
    );
    assert_eq!(manifest(&m)["interrupted"], true);
}

#[test]
fn sigint_and_sigterm_stop_a_combined_merge_without_a_partial_file() {
    #[cfg(unix)]
    {
        interrupt_combined("TERM", 143);
        interrupt_combined("INT", 130);
    }
}

#[test]
fn sigint_and_sigterm_stop_a_merge_cleanly_with_its_manifest() {
    #[cfg(unix)]
    {
        interrupt("TERM", 143);
        interrupt("INT", 130);
    }
}

#[test]
fn yaml_data_values_are_printed_as_written() {
    let dir = tempfile::tempdir().expect("temp");
    let l = dir.path().join("letter.yaml");
    std::fs::write(
        &l,
        "language: en-GB\ndate: 2026-11-26\nrecipient: [\"{{ name }}\", \"{{ zip }} Holtsville\", \"{{ country }}\"]\nbody: |\n  Account {{ account }}, phone {{ phone }}.\n",
    )
    .unwrap();
    let d = dir.path().join("data.yaml");
    std::fs::write(
        &d,
        "- {name: Ann, zip: 00501, country: NO, account: 12345678901234567890, phone: +48225550123}\n",
    )
    .unwrap();
    let template = Template::new(load_letter(&l).expect("loads")).expect("compiles");
    let records = read_records(&d).expect("reads");
    let (env, res) = (Env::from_process(), Resources::new());
    let item = merge_iter(&template, &records, &env, &res, &RenderOptions::default())
        .next()
        .expect("one record");
    let text = Pdf::parse(&item.result.expect("renders").output.pdf)
        .expect("parses")
        .text();
    for needle in [
        "00501 Holtsville",
        "NO",
        "12345678901234567890",
        "+48225550123",
    ] {
        assert!(text.contains(needle), "`{needle}` as written:\n{text}");
    }
}

#[test]
fn bundled_letterhead_folders_are_scanned_once_per_merge() {
    // The folder of LETTERPRESS_LETTERHEADS goes away after the first record: a merge that
    // scanned it again for the second record would no longer find the letterhead.
    let dir = tempfile::tempdir().expect("temp");
    let heads = dir.path().join("heads");
    let firm = heads.join("firm");
    std::fs::create_dir_all(&firm).unwrap();
    // A letterhead of text only: what goes away is the folder the scan reads, not artwork a
    // render would (rightly) read again when it changed.
    std::fs::write(
        firm.join("letterhead.yaml"),
        "name: Firma\nsender: { name: Firma sp. z o.o., address: [ul. Długa 5, 00-263 Warszawa] }\n",
    )
    .unwrap();
    let l = dir.path().join("letter.yaml");
    std::fs::write(
        &l,
        "letterhead: firm\ndate: 2026-11-26\nrecipient: [\"{{ name }}\", ul. Długa 1, 00-001 Warszawa]\nbody: |\n  dziękujemy.\n",
    )
    .unwrap();
    let records = letterpress::merge::records_from_csv(b"name\nAnna\nJan\n", Path::new("d.csv"))
        .expect("data");
    let template = Template::new(load_letter(&l).expect("loads")).expect("compiles");
    let env = Env::unrestricted().with_letterhead_dir(heads.clone());
    let res = Resources::new();
    let opts = RenderOptions::default();
    let mut items = merge_iter(&template, &records, &env, &res, &opts);
    let first = items.next().expect("record 1");
    assert!(first.result.is_ok(), "{:?}", first.result.err());
    std::fs::remove_dir_all(&heads).unwrap();
    let second = items.next().expect("record 2");
    assert!(second.result.is_ok(), "{:?}", second.result.err());
}

/// `letterpress merge LETTER --data DATA --combined TARGET` with `extra` arguments.
fn merge_combined(
    letter: &Path,
    data: &Path,
    target: &Path,
    extra: &[&std::ffi::OsStr],
) -> std::process::Output {
    letterpress_tests::cli::cmd()
        .arg("merge")
        .arg(letter)
        .arg("--data")
        .arg(data)
        .arg("--combined")
        .arg(target)
        .args(extra)
        .output()
        .expect("runs")
}

#[test]
fn a_combined_pdf_goes_to_standard_output_whole() {
    let dir = tempfile::tempdir().expect("temp");
    let (l, d) = small(dir.path(), &[("Anna", "Noto Serif"), ("Jan", "Noto Sans")]);
    let out = merge_combined(&l, &d, Path::new("-"), &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("combined on standard output"), "{stderr}");
    let pdf = letterpress_tests::pdf::Pdf::parse(&out.stdout).expect("a whole PDF on stdout");
    assert_eq!(pdf.page_count(), 2);
    assert!(
        pdf.pages[1].text().contains("Jan"),
        "{}",
        pdf.pages[1].text()
    );
    assert_eq!(
        files(dir.path()),
        ["data.csv", "letter.yaml"],
        "no file left beside"
    );
}

/// A combined PDF that cannot be written (a full device) stops the merge with exit 3 and one
/// message that says no combined PDF was written, and the summary does not claim one.
#[cfg(target_os = "linux")]
#[test]
fn a_full_device_under_the_combined_pdf_stops_with_exit_3_and_says_so() {
    let dir = tempfile::tempdir().expect("temp");
    let (l, d) = small(dir.path(), &[("Anna", "Noto Serif"), ("Jan", "Noto Sans")]);
    let m = dir.path().join("m.json");
    let out = merge_combined(
        &l,
        &d,
        Path::new("/dev/full"),
        &["--manifest".as_ref(), m.as_os_str()],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert_eq!(stderr.matches("error:").count(), 1, "{stderr}");
    assert!(stderr.contains("No space left"), "{stderr}");
    assert!(stderr.contains("no combined PDF was written"), "{stderr}");
    assert!(!stderr.contains("combined in"), "{stderr}");
    assert!(manifest(&m)["combined"]["file"].is_null());
}
