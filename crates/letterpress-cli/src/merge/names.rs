//! The file name of each record's letter: `--name`, a template over the record's fields, or
//! the zero-padded record number. A name is checked before anything is rendered: no path,
//! no control character, at most 255 bytes, unique (checked over every record of the data,
//! also in a shard, so that shards name letters as one run does).

use std::collections::{BTreeMap, HashMap};

use letterpress::merge::Record;
use sha2::{Digest, Sha256};

/// Template fuel per name: a loop in `--name` ends with an error, not never.
const FUEL: u64 = 20_000;
/// The longest file name most file systems take.
const MAX_NAME_BYTES: usize = 255;

/// Names the records' letters: the `--name` template, or the record number zero-padded to
/// the width of the data's record count (the same in every shard of a merge).
pub(crate) struct Namer {
    width: usize,
    env: Option<minijinja::Environment<'static>>,
}

impl Namer {
    /// A namer for `total` records, or why `--name` is no template at all.
    pub(crate) fn new(pattern: Option<&str>, total: usize) -> Result<Namer, String> {
        let width = total.max(1).to_string().len().max(4);
        let Some(pattern) = pattern else {
            return Ok(Namer { width, env: None });
        };
        let mut env = minijinja::Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        env.set_fuel(Some(FUEL));
        env.add_template_owned("name", pattern.to_string())
            .map_err(|e| format!("bad --name template `{pattern}`: {e}"))?;
        Ok(Namer {
            width,
            env: Some(env),
        })
    }

    /// Whether names come from a template (and so may collide).
    pub(crate) fn is_template(&self) -> bool {
        self.env.is_some()
    }

    /// The default name of record `number`.
    pub(crate) fn numbered(&self, number: usize) -> String {
        format!("{number:0width$}.pdf", width = self.width)
    }

    /// The name of one record (or why it has none); uniqueness is [`Unique`]'s business.
    pub(crate) fn name(&self, r: &Record) -> Result<String, String> {
        let Some(env) = &self.env else {
            return Ok(self.numbered(r.number));
        };
        let t = env.get_template("name").map_err(|e| e.to_string())?;
        let mut ctx = r.fields.clone();
        ctx.insert("record".into(), r.number.to_string());
        let name = t
            .render(&ctx)
            .map_err(|e| format!("--name: record {}: {e}", r.number))?;
        checked(name.trim(), r.number)
    }
}

/// Names seen so far, kept as 128-bit digests (16 bytes a record, not the names), and the
/// records whose name an earlier record has.
#[derive(Default)]
pub(crate) struct Unique {
    seen: HashMap<[u8; 16], usize>,
    pub(crate) taken: BTreeMap<usize, String>,
}

impl Unique {
    /// Note record `number`'s name; a name seen before fails this record (false).
    pub(crate) fn note(&mut self, name: &str, number: usize) -> bool {
        let digest = Sha256::digest(name.as_bytes());
        let mut key = [0u8; 16];
        key.copy_from_slice(&digest[..16]);
        if let Some(prev) = self.seen.get(&key) {
            self.taken.insert(
                number,
                format!(
                    "--name gives `{name}` for record {number} and for record {prev}; make the names unique (add {{{{ record }}}})"
                ),
            );
            false
        } else {
            self.seen.insert(key, number);
            true
        }
    }
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
        let namer = Namer::new(Some("{{ v }}"), recs.len()).expect("a template");
        let got: Vec<Result<String, String>> = recs.iter().map(|r| namer.name(r)).collect();
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
    fn default_names_are_padded_by_the_record_count_and_collisions_name_the_first() {
        let n = Namer::new(None, 123_456).expect("no template");
        assert_eq!(n.numbered(7), "000007.pdf");
        assert_eq!(Namer::new(None, 3).expect("").numbered(7), "0007.pdf");
        let mut u = Unique::default();
        assert!(u.note("a.pdf", 1) && u.note("b.pdf", 2));
        assert!(!u.note("a.pdf", 9));
        assert!(
            u.taken[&9].contains("record 9 and for record 1"),
            "{:?}",
            u.taken
        );
    }

    #[test]
    fn a_name_template_that_never_ends_runs_out_of_fuel() {
        let pattern =
            "{% for a in range(10000) %}{% for b in range(10000) %}{% endfor %}{% endfor %}x";
        let namer = Namer::new(Some(pattern), 1).expect("a template");
        let e = namer.name(&rec(1, "a")).expect_err("out of fuel");
        assert!(e.contains("record 1"), "{e}");
    }
}
