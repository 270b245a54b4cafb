//! The file name of each record's letter: `--name`, a template over the record's fields, or
//! the zero-padded record number. A name is checked before anything is rendered: no path,
//! no control character, at most 255 bytes, unique.

use std::collections::BTreeMap;

use letterpress::merge::Record;

/// Template fuel per name: a loop in `--name` ends with an error, not never.
const FUEL: u64 = 20_000;
/// The longest file name most file systems take.
const MAX_NAME_BYTES: usize = 255;

/// The name of each record (or why it has none), or why `--name` is no template at all.
pub(crate) fn names(
    records: &[Record],
    pattern: Option<&str>,
) -> Result<Vec<Result<String, String>>, String> {
    let width = records.len().max(1).to_string().len().max(4);
    let Some(pattern) = pattern else {
        return Ok(records
            .iter()
            .map(|r| Ok(format!("{:0width$}.pdf", r.number)))
            .collect());
    };
    let mut env = minijinja::Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.set_fuel(Some(FUEL));
    env.add_template("name", pattern)
        .map_err(|e| format!("bad --name template `{pattern}`: {e}"))?;
    let t = env.get_template("name").map_err(|e| e.to_string())?;
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    Ok(records
        .iter()
        .map(|r| {
            let mut ctx = r.fields.clone();
            ctx.insert("record".into(), r.number.to_string());
            let name = t
                .render(&ctx)
                .map_err(|e| format!("--name: record {}: {e}", r.number))?;
            let name = checked(name.trim(), r.number)?;
            if let Some(prev) = seen.insert(name.clone(), r.number) {
                return Err(format!(
                    "--name gives `{name}` for record {} and for record {prev}; make the names unique (add {{{{ record }}}})",
                    r.number
                ));
            }
            Ok(name)
        })
        .collect())
}

/// A name that is a plain file name in the output folder, with `.pdf` added if missing.
fn checked(name: &str, record: usize) -> Result<String, String> {
    if let Some(c) = name.chars().find(|c| c.is_control()) {
        return Err(format!(
            "--name gives a name with the control character U+{:04X} for record {record}; file names may hold no control characters (check the data)",
            c as u32
        ));
    }
    if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
        return Err(format!(
            "--name gives `{name}` for record {record}: a file name may not be empty, start with `.` or hold `/`"
        ));
    }
    let mut name = name.to_string();
    if !name.to_ascii_lowercase().ends_with(".pdf") {
        name.push_str(".pdf");
    }
    if name.len() > MAX_NAME_BYTES {
        return Err(format!(
            "--name gives a name of {} bytes for record {record} (`{}…`); file names may have at most {MAX_NAME_BYTES} bytes",
            name.len(),
            name.chars().take(40).collect::<String>()
        ));
    }
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(n: usize, v: &str) -> Record {
        Record {
            number: n,
            fields: [("v".to_string(), v.to_string())].into_iter().collect(),
        }
    }

    #[test]
    fn names_with_control_characters_or_too_long_are_refused_with_the_record() {
        let recs = [
            rec(1, "ok"),
            rec(2, "a\u{0}b"),
            rec(3, "a\nb"),
            rec(4, &"x".repeat(300)),
        ];
        let got = names(&recs, Some("{{ v }}")).expect("a template");
        assert_eq!(got[0], Ok("ok.pdf".into()));
        for (i, says) in [(1, "U+0000"), (2, "U+000A"), (3, "at most 255 bytes")] {
            let e = got[i].clone().expect_err("refused");
            assert!(
                e.contains(says) && e.contains(&format!("record {}", i + 1)),
                "{e}"
            );
        }
    }

    #[test]
    fn a_name_template_that_never_ends_runs_out_of_fuel() {
        let pattern =
            "{% for a in range(10000) %}{% for b in range(10000) %}{% endfor %}{% endfor %}x";
        let got = names(&[rec(1, "a")], Some(pattern)).expect("a template");
        let e = got[0].clone().expect_err("out of fuel");
        assert!(e.contains("record 1"), "{e}");
    }
}
