//! Mail merge: `{{ field }}` placeholders in any string of a letter, filled from records (CSV
//! with a header row, or a YAML list of mappings), one letter per record.
//!
//! The letter is parsed once; placeholders are compiled once (minijinja, strict: an unknown
//! field is an error naming the record and the field); each record then only fills strings
//! and runs resolve → layout → PDF with the shared [`Resources`].

use std::collections::BTreeMap;
use std::path::Path;

use minijinja::{Environment, UndefinedBehavior};
#[cfg(feature = "parallel")]
use rayon::prelude::*;
use serde_saphyr::Spanned;

use crate::error::{Error, ErrorKind, Errors, Warned};
use crate::locale::Lang;
use crate::resolve::{Env, Resources};
use crate::spec::{io_reason, HeaderSpec, Letter, LetterheadSpec, SourceFile};
use crate::{render, RenderOptions, Rendered};

/// The most records a data file may hold.
pub const MAX_RECORDS: usize = 1_000_000;
/// Template fuel per string: bounds the work a placeholder expression may do.
const FUEL: u64 = 50_000;

/// One record of merge data.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// 1-based number in the data file.
    pub number: usize,
    /// Field name → value.
    pub fields: BTreeMap<String, String>,
}

/// Read records from a CSV file (header row) or a YAML list of mappings, by extension
/// (`.csv`; `.yaml`/`.yml`).
pub fn read_records(path: &Path) -> Result<Vec<Record>, Error> {
    let bytes = std::fs::read(path).map_err(|e| {
        Error::new(ErrorKind::Io {
            path: path.to_path_buf(),
            reason: io_reason(&e),
        })
    })?;
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "yaml" | "yml" => {
            let text =
                String::from_utf8(bytes).map_err(|_| data_error(path, "it is not UTF-8 text"))?;
            records_from_yaml(&text, path)
        }
        _ => records_from_csv(&bytes, path),
    }
}

fn data_error(path: &Path, reason: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidValue {
        what: "merge data".into(),
        value: path.display().to_string(),
        reason: reason.into(),
    })
}

/// Parse CSV with a header row (UTF-8, an optional byte-order mark, RFC 4180 quoting).
pub fn records_from_csv(bytes: &[u8], path: &Path) -> Result<Vec<Record>, Error> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(bytes);
    let headers: Vec<String> = rdr
        .headers()
        .map_err(|e| data_error(path, format!("cannot read the header row: {e}")))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    if headers.iter().any(String::is_empty) {
        return Err(data_error(path, "the header row has an empty column name"));
    }
    let mut out = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| {
            let line = e.position().map(|p| p.line()).unwrap_or(0);
            data_error(path, format!("record {} (line {line}): {e}", i + 1))
        })?;
        if out.len() >= MAX_RECORDS {
            return Err(data_error(path, format!("more than {MAX_RECORDS} records")));
        }
        let fields = headers
            .iter()
            .cloned()
            .zip(rec.iter().map(str::to_string))
            .collect();
        out.push(Record {
            number: i + 1,
            fields,
        });
    }
    Ok(out)
}

/// A scalar of YAML merge data.
#[derive(Debug, serde::Deserialize)]
#[serde(untagged)]
enum Scalar {
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
}

/// Parse a YAML list of mappings of scalars.
pub fn records_from_yaml(text: &str, path: &Path) -> Result<Vec<Record>, Error> {
    let source = SourceFile {
        path: path.to_path_buf(),
        text: text.to_string(),
    };
    let rows: Vec<BTreeMap<String, Option<Scalar>>> =
        serde_saphyr::from_str(text).map_err(|e| {
            let origin = e.location().and_then(|l| source.origin(&l));
            Error::new(ErrorKind::Syntax {
                message: format!(
                    "merge data must be a list of mappings of text values: {}",
                    e.without_snippet()
                ),
            })
            .at(origin)
        })?;
    if rows.len() > MAX_RECORDS {
        return Err(data_error(path, format!("more than {MAX_RECORDS} records")));
    }
    Ok(rows
        .into_iter()
        .enumerate()
        .map(|(i, row)| Record {
            number: i + 1,
            fields: row
                .into_iter()
                .map(|(k, v)| {
                    let v = match v {
                        None => String::new(),
                        Some(Scalar::Bool(b)) => b.to_string(),
                        Some(Scalar::Int(n)) => n.to_string(),
                        Some(Scalar::Float(f)) => f.to_string(),
                        Some(Scalar::Text(s)) => s,
                    };
                    (k, v)
                })
                .collect(),
        })
        .collect())
}

/// A letter with placeholders, compiled once, instantiated per record.
pub struct Template {
    letter: Letter,
    env: Environment<'static>,
    /// Template name → the fields it reads.
    fields: BTreeMap<String, Vec<String>>,
}

impl std::fmt::Debug for Template {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Template")
            .field("letter", &self.letter.source.path)
            .field("placeholders", &self.fields.len())
            .finish()
    }
}

/// Whether a string holds template syntax.
fn is_template(s: &str) -> bool {
    s.contains("{{") || s.contains("{%")
}

/// Visit every string of a letter (with the location of its key's value where there is one).
fn visit(
    letter: &mut crate::spec::LetterSpec,
    f: &mut dyn FnMut(&mut String, Option<&serde_saphyr::Location>),
) {
    fn sp(
        s: &mut Spanned<String>,
        f: &mut dyn FnMut(&mut String, Option<&serde_saphyr::Location>),
    ) {
        let loc = s.referenced;
        f(&mut s.value, Some(&loc));
    }
    fn osp(
        s: &mut Option<Spanned<String>>,
        f: &mut dyn FnMut(&mut String, Option<&serde_saphyr::Location>),
    ) {
        if let Some(s) = s {
            sp(s, f);
        }
    }
    fn header(
        h: &mut Option<HeaderSpec>,
        f: &mut dyn FnMut(&mut String, Option<&serde_saphyr::Location>),
    ) {
        if let Some(h) = h {
            sp(&mut h.image, f);
            osp(&mut h.height, f);
            osp(&mut h.alt, f);
        }
    }
    fn style(
        st: &mut LetterheadSpec,
        f: &mut dyn FnMut(&mut String, Option<&serde_saphyr::Location>),
    ) {
        osp(&mut st.name, f);
        osp(&mut st.language, f);
        osp(&mut st.layout, f);
        if let Some(s) = &mut st.sender {
            osp(&mut s.name, f);
            for a in &mut s.address {
                sp(a, f);
            }
            osp(&mut s.phone, f);
            osp(&mut s.email, f);
            osp(&mut s.web, f);
        }
        osp(&mut st.return_address, f);
        header(&mut st.header, f);
        header(&mut st.next_header, f);
        if let Some(lines) = &mut st.footer {
            for l in lines {
                sp(l, f);
            }
        }
        if let Some(font) = &mut st.font {
            for v in [
                &mut font.family,
                &mut font.regular,
                &mut font.bold,
                &mut font.italic,
                &mut font.bold_italic,
                &mut font.size,
            ] {
                osp(v, f);
            }
        }
        osp(&mut st.accent, f);
    }
    osp(&mut letter.letterhead, f);
    osp(&mut letter.language, f);
    osp(&mut letter.layout, f);
    if let Some(p) = &mut letter.place {
        f(p, None);
    }
    osp(&mut letter.date, f);
    let loc = letter.recipient.referenced;
    for line in &mut letter.recipient.value {
        f(line, Some(&loc));
    }
    osp(&mut letter.mail_note, f);
    if let Some(refs) = &mut letter.references {
        let loc = refs.referenced;
        for (k, v) in &mut refs.value.0 {
            f(k, Some(&loc));
            f(v, Some(&loc));
        }
    }
    osp(&mut letter.subject, f);
    osp(&mut letter.opening, f);
    sp(&mut letter.body, f);
    osp(&mut letter.closing, f);
    for s in &mut letter.signatures {
        sp(&mut s.name, f);
        osp(&mut s.role, f);
        osp(&mut s.image, f);
    }
    for e in &mut letter.enclosures {
        sp(e, f);
    }
    for c in &mut letter.cc {
        sp(c, f);
    }
    osp(&mut letter.ps, f);
    if let Some(p) = &mut letter.pdf {
        osp(&mut p.title, f);
        osp(&mut p.subject, f);
        for k in &mut p.keywords {
            sp(k, f);
        }
        osp(&mut p.author, f);
    }
    if let Some(st) = &mut letter.style {
        style(st, f);
    }
}

/// Format an ISO date (`2027-05-01`) in a language's letter grammar; the `date` filter.
fn date_filter(value: String, lang: Option<String>) -> Result<String, minijinja::Error> {
    let lang = match lang {
        Some(tag) => Lang::parse(&tag).ok_or_else(|| {
            minijinja::Error::new(
                minijinja::ErrorKind::InvalidOperation,
                format!("unknown language `{tag}` for the date filter; use pl, en-GB, en-US or de"),
            )
        })?,
        None => Lang::Pl,
    };
    let d = chrono::NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").map_err(|_| {
        minijinja::Error::new(
            minijinja::ErrorKind::InvalidOperation,
            format!("`{value}` is not an ISO date (YYYY-MM-DD)"),
        )
    })?;
    Ok(lang.format_date(d))
}

impl Template {
    /// Compile every placeholder of a letter; every syntax error is reported with its place.
    pub fn new(letter: Letter) -> Result<Template, Errors> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_fuel(Some(FUEL));
        env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
        if let Ok(syntax) = minijinja::syntax::SyntaxConfig::builder()
            .keep_trailing_newline(true)
            .build()
        {
            env.set_syntax(syntax);
        }
        env.add_filter("date", date_filter);
        let mut errors = Vec::new();
        let mut fields = BTreeMap::new();
        let mut spec = letter.spec.clone();
        let source = letter.source.clone();
        let mut n = 0usize;
        visit(&mut spec, &mut |s, loc| {
            if !is_template(s) {
                return;
            }
            let name = format!("t{n}");
            n += 1;
            match env.add_template_owned(name.clone(), s.clone()) {
                Ok(()) => {
                    if let Ok(t) = env.get_template(&name) {
                        let mut vars: Vec<String> =
                            t.undeclared_variables(false).into_iter().collect();
                        vars.sort();
                        fields.insert(name, vars);
                    }
                }
                Err(e) => {
                    errors.push(
                        Error::new(ErrorKind::Syntax {
                            message: format!("bad placeholder: {}", e.detail().unwrap_or("syntax error")),
                        })
                        .at(loc.and_then(|l| source.origin_of_char(l, '{').or_else(|| source.origin(l))))
                        .hint("placeholders are written `{{ field }}`; filters: `{{ name | upper }}`, `{{ due | date(\"pl\") }}`"),
                    );
                }
            }
        });
        if !errors.is_empty() {
            return Err(Errors(errors));
        }
        Ok(Template {
            letter,
            env,
            fields,
        })
    }

    /// The fields the letter's placeholders read, sorted and deduplicated.
    pub fn fields(&self) -> Vec<String> {
        let mut all: Vec<String> = self.fields.values().flatten().cloned().collect();
        all.sort();
        all.dedup();
        all
    }

    /// The letter for one record.
    pub fn instantiate(&self, record: &Record) -> Result<Letter, Error> {
        let mut spec = self.letter.spec.clone();
        let source = &self.letter.source;
        let mut n = 0usize;
        let mut first_error: Option<Error> = None;
        visit(&mut spec, &mut |s, loc| {
            if !is_template(s) {
                return;
            }
            let name = format!("t{n}");
            n += 1;
            if first_error.is_some() {
                return;
            }
            let at = loc.and_then(|l| source.origin_of_char(l, '{').or_else(|| source.origin(l)));
            if let Some(missing) = self
                .fields
                .get(&name)
                .and_then(|vars| vars.iter().find(|v| !record.fields.contains_key(*v)))
            {
                let known: Vec<&str> = record.fields.keys().map(String::as_str).collect();
                let near = crate::error::nearest(missing, known.iter().copied());
                first_error = Some(
                    Error::new(ErrorKind::InvalidValue {
                        what: "placeholder".into(),
                        value: format!("{{{{ {missing} }}}}"),
                        reason: format!("record {} has no field `{missing}`", record.number),
                    })
                    .at(at)
                    .hint(match near {
                        Some(n) => {
                            format!("did you mean `{n}`? the data has: {}", known.join(", "))
                        }
                        None => format!("the data has: {}", known.join(", ")),
                    }),
                );
                return;
            }
            let rendered = self
                .env
                .get_template(&name)
                .and_then(|t| t.render(&record.fields));
            match rendered {
                Ok(v) => *s = v,
                Err(e) => {
                    first_error = Some(
                        Error::new(ErrorKind::InvalidValue {
                            what: "placeholder".into(),
                            value: s.clone(),
                            reason: format!(
                                "record {}: {}",
                                record.number,
                                e.detail()
                                    .map(str::to_string)
                                    .unwrap_or_else(|| e.to_string())
                            ),
                        })
                        .at(at),
                    );
                }
            }
        });
        match first_error {
            Some(e) => Err(e),
            None => Ok(Letter {
                spec,
                source: source.clone(),
            }),
        }
    }
}

/// The outcome of one record.
#[derive(Debug)]
pub struct MergeItem {
    /// The record's number.
    pub record: usize,
    /// The rendered letter, or why it failed.
    pub result: Result<Warned<Rendered>, Errors>,
}

/// Render every record in parallel (with the `parallel` feature: on the rayon pool it is
/// called from — `pool.install(|| merge_each(…))` — else rayon's global pool; without the
/// feature, one by one on the calling thread), handing each result to `sink` as it finishes
/// (from worker threads; the order is not the records' order). Nothing is held after `sink`
/// returns, so memory stays bounded by the number of threads.
pub fn merge_each<F>(
    template: &Template,
    records: &[Record],
    env: &Env,
    res: &Resources,
    options: &RenderOptions,
    sink: F,
) where
    F: Fn(MergeItem) + Sync,
{
    #[cfg(feature = "parallel")]
    let records = records.par_iter();
    #[cfg(not(feature = "parallel"))]
    let records = records.iter();
    records.for_each(|record| {
        let result = template
            .instantiate(record)
            .map_err(Errors::from)
            .and_then(|letter| render(&letter, env, res, options));
        sink(MergeItem {
            record: record.number,
            result,
        });
    });
}

/// Render records one by one on the calling thread, in order (for embedders that want
/// neither threads nor callbacks).
pub fn merge_iter<'a>(
    template: &'a Template,
    records: &'a [Record],
    env: &'a Env,
    res: &'a Resources,
    options: &'a RenderOptions,
) -> impl Iterator<Item = MergeItem> + 'a {
    records.iter().map(move |record| MergeItem {
        record: record.number,
        result: template
            .instantiate(record)
            .map_err(Errors::from)
            .and_then(|letter| render(&letter, env, res, options)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::load_letter_str;

    fn rec(n: usize, kv: &[(&str, &str)]) -> Record {
        Record {
            number: n,
            fields: kv
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    const LETTER: &str = "recipient:\n  - \"{{ company }}\"\n  - \"{{ street }}\"\nsubject: Offer for {{ company | upper }}\nopening: Dear {{ name }},\nbody: |\n  Your plan ends on {{ end | date(\"en-GB\") }}.\nsignatures:\n  - name: A\n";

    #[test]
    fn placeholders_fill_every_kind_of_field() {
        let t =
            Template::new(load_letter_str(LETTER, "l.yaml").expect("parses")).expect("compiles");
        assert_eq!(t.fields(), vec!["company", "end", "name", "street"]);
        let l = t
            .instantiate(&rec(
                1,
                &[
                    ("company", "Acme: \"Ltd\""),
                    ("street", "1 Main St"),
                    ("name", "Ms Smith"),
                    ("end", "2027-05-01"),
                ],
            ))
            .expect("fills");
        assert_eq!(l.spec.recipient.value, vec!["Acme: \"Ltd\"", "1 Main St"]);
        assert_eq!(
            l.spec.subject.expect("subject").value,
            "Offer for ACME: \"LTD\""
        );
        assert_eq!(l.spec.opening.expect("opening").value, "Dear Ms Smith,");
        assert_eq!(l.spec.body.value, "Your plan ends on 1 May 2027.\n");
    }

    #[test]
    fn a_missing_field_names_the_record_and_the_field() {
        let t =
            Template::new(load_letter_str(LETTER, "l.yaml").expect("parses")).expect("compiles");
        let e = t
            .instantiate(&rec(
                7,
                &[
                    ("company", "A"),
                    ("street", "B"),
                    ("nmae", "C"),
                    ("end", "2027-05-01"),
                ],
            ))
            .expect_err("name is missing");
        let msg = e.to_string();
        assert!(msg.contains("record 7 has no field `name`"), "{msg}");
        assert!(
            e.hint
                .as_deref()
                .unwrap_or("")
                .contains("did you mean `nmae`"),
            "{e:?}"
        );
        assert_eq!(
            e.origin.map(|o| o.line),
            Some(5),
            "points at the opening's line"
        );
    }

    #[test]
    fn bad_placeholder_syntax_is_located() {
        let l = load_letter_str("recipient: [A]\nbody: Hello {{ name\n", "l.yaml").expect("parses");
        let e = Template::new(l).expect_err("unclosed");
        assert_eq!(e.0[0].origin.as_ref().map(|o| o.line), Some(2));
    }

    #[test]
    fn csv_handles_quotes_bom_and_utf8() {
        let csv = "\u{feff}id,company,city\n1,\"Kowalski, Nowak i Wspólnicy\",Łódź\n2,\"He said \"\"hi\"\"\",Köln\n";
        let r = records_from_csv(csv.as_bytes(), Path::new("d.csv")).expect("valid csv");
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].fields["company"], "Kowalski, Nowak i Wspólnicy");
        assert_eq!(r[0].fields["city"], "Łódź");
        assert_eq!(r[1].fields["company"], "He said \"hi\"");
        assert_eq!(r[1].number, 2);
        let bad = "a,b\n1,2,3\n";
        let e = records_from_csv(bad.as_bytes(), Path::new("d.csv")).expect_err("ragged");
        assert!(e.to_string().contains("record 1"), "{e}");
    }

    #[test]
    fn yaml_records_accept_scalars() {
        let r = records_from_yaml(
            "- {id: 1, name: Anna, vip: true}\n- {id: 2, name: Jan, amount: 12.5}\n",
            Path::new("d.yaml"),
        )
        .expect("valid");
        assert_eq!(r[0].fields["id"], "1");
        assert_eq!(r[0].fields["vip"], "true");
        assert_eq!(r[1].fields["amount"], "12.5");
        assert!(records_from_yaml("a: 1\n", Path::new("d.yaml")).is_err());
    }
}
