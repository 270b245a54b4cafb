//! Mail merge end to end: placeholders in every kind of field, CSV quoting and UTF-8, a
//! missing field, a failing record among good ones, the combined PDF's per-letter page
//! counters and duplex padding, and the manifest.

use std::path::Path;

use letterpress::merge::{merge_iter, read_records, Template};
use letterpress::{load_letter, Env, RenderOptions, Resources};
use letterpress_tests::cli::{cmd, run};
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

/// `letterpress merge LETTER --data DATA --out OUT`, to which a test adds its own arguments.
fn merge_cmd(letter: &Path, data: &Path, out: &Path) -> std::process::Command {
    let mut c = cmd();
    c.arg("merge")
        .arg(letter)
        .arg("--data")
        .arg(data)
        .arg("--out")
        .arg(out);
    c
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
