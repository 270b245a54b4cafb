//! Mail merge: `{{ field }}` placeholders in any string of a letter, filled from records (CSV
//! with a header row, or a YAML list of mappings), one letter per record.
//!
//! The letter is parsed once; placeholders are compiled once (minijinja, strict: an unknown
//! field is an error naming the record and the field); each record then only fills strings
//! and runs resolve → layout → PDF with the shared [`Resources`].

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

pub mod escape;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use minijinja::{Environment, UndefinedBehavior};
#[cfg(feature = "parallel")]
use rayon::prelude::*;

use crate::error::{Error, ErrorKind, Errors, Warned};
use crate::locale::Lang;
use crate::resolve::{find_letterhead, Env, Resources};
use crate::spec::{io_reason, Letter, Letterhead, SourceFile};
use crate::{RenderOptions, Rendered};

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

/// The largest data file `read_records` reads (a million records of 256 bytes).
pub const MAX_DATA_BYTES: u64 = 256 * 1024 * 1024;

/// Read records from a CSV file (header row) or a YAML list of mappings, by extension
/// (`.csv`; `.yaml`/`.yml`). Only a regular file of at most [`MAX_DATA_BYTES`] is read: a
/// FIFO or device is refused before it is opened (reading one could block forever or never end).
pub fn read_records(path: &Path) -> Result<Vec<Record>, Error> {
    open_records(path)?.collect()
}

/// The records of a data file one at a time, as [`read_records`] reads them, read as they
/// are taken: memory does not grow with the file. (A YAML list is parsed on a thread of its
/// own, at most [`YAML_AHEAD`] records ahead.) A record that cannot be read ends the stream
/// with its error.
pub fn open_records(path: &Path) -> Result<Records, Error> {
    let file = open_data(path)?;
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let inner = match ext.as_str() {
        "yaml" | "yml" => Inner::Yaml(yaml_stream(file, path)?),
        _ => {
            let reader: Box<dyn std::io::Read + Send> =
                Box::new(std::io::Read::take(file, MAX_DATA_BYTES));
            Inner::Csv(Box::new(CsvRecords::new(reader, path)?))
        }
    };
    Ok(Records { inner })
}

/// The records of a data file, in order (see [`open_records`]).
pub struct Records {
    inner: Inner,
}

enum Inner {
    Csv(Box<CsvRecords<Box<dyn std::io::Read + Send>>>),
    Yaml(std::sync::mpsc::Receiver<Result<Record, Error>>),
}

impl std::fmt::Debug for Records {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Records").finish_non_exhaustive()
    }
}

impl Iterator for Records {
    type Item = Result<Record, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.inner {
            Inner::Csv(c) => c.next(),
            Inner::Yaml(y) => y.recv().ok(),
        }
    }
}

/// Records a YAML data file's parser may read ahead of the merge.
pub const YAML_AHEAD: usize = 256;

/// A YAML list of mappings parsed as it is read, on a thread that hands each record over as
/// it is parsed (and stops when the receiver goes away).
fn yaml_stream(
    file: std::fs::File,
    path: &Path,
) -> Result<std::sync::mpsc::Receiver<Result<Record, Error>>, Error> {
    let (tx, rx) = std::sync::mpsc::sync_channel(YAML_AHEAD);
    let owned = path.to_path_buf();
    std::thread::Builder::new()
        .name("letterpress-yaml-data".into())
        .spawn(move || {
            if let Err(e) = parse_yaml_stream(file, &owned, &tx) {
                let _ = tx.send(Err(e));
            }
        })
        .map_err(|e| {
            Error::new(ErrorKind::Io {
                path: path.to_path_buf(),
                reason: format!("cannot start the thread that reads it: {e}"),
            })
        })?;
    Ok(rx)
}

/// The visitor of the top-level list: each mapping becomes a record and is sent at once.
struct YamlRows<'a> {
    tx: &'a std::sync::mpsc::SyncSender<Result<Record, Error>>,
    count: usize,
    too_many: bool,
    gone: bool,
}

impl<'de> serde::de::DeserializeSeed<'de> for &mut YamlRows<'_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> serde::de::Visitor<'de> for &mut YamlRows<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a list of mappings")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        use serde::de::Error as _;
        while let Some(row) = seq.next_element::<BTreeMap<String, Option<String>>>()? {
            self.count += 1;
            if self.count > MAX_RECORDS {
                self.too_many = true;
                return Err(A::Error::custom("too many records"));
            }
            let record = Record {
                number: self.count,
                fields: row
                    .into_iter()
                    .map(|(k, v)| (k, v.unwrap_or_default()))
                    .collect(),
            };
            if self.tx.send(Ok(record)).is_err() {
                self.gone = true;
                return Err(A::Error::custom("nobody reads the records"));
            }
        }
        Ok(())
    }
}

/// Parse a YAML data file from the reader, sending each record; the error that ends it.
fn parse_yaml_stream(
    file: std::fs::File,
    path: &Path,
    tx: &std::sync::mpsc::SyncSender<Result<Record, Error>>,
) -> Result<(), Error> {
    use serde::de::DeserializeSeed;
    let limit = usize::try_from(MAX_DATA_BYTES).unwrap_or(usize::MAX);
    let options = serde_saphyr::options! {
        no_schema: false,
        // A million records of a few fields: the default budget (250,000 nodes) is made for
        // configuration files. Aliases keep their default caps.
        budget: serde_saphyr::budget! {
            max_reader_input_bytes: Some(limit),
            max_events: 64 * MAX_RECORDS,
            max_nodes: 64 * MAX_RECORDS,
            max_total_scalar_bytes: limit,
        },
    };
    let mut rows = YamlRows {
        tx,
        count: 0,
        too_many: false,
        gone: false,
    };
    let parsed = serde_saphyr::with_deserializer_from_reader_with_options(
        std::io::BufReader::new(file),
        options,
        |de| (&mut rows).deserialize(de),
    );
    match parsed {
        Ok(()) => Ok(()),
        Err(_) if rows.gone => Ok(()),
        Err(_) if rows.too_many => {
            Err(data_error(path, format!("more than {MAX_RECORDS} records")))
        }
        Err(e) => Err(yaml_data_error(path, e.location())),
    }
}

/// The error of a YAML data file that is no list of mappings of text, at its place (the
/// file is read again, bounded, to show the line).
fn yaml_data_error(path: &Path, at: Option<serde_saphyr::Location>) -> Error {
    let text = match open_data(path).and_then(|f| read_bounded(f, path)) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Some(text),
            Err(_) => return data_error(path, "it is not UTF-8 text"),
        },
        Err(_) => None,
    };
    let origin = match (text, at) {
        (Some(text), Some(l)) => SourceFile {
            path: path.to_path_buf(),
            text,
        }
        .origin(&l),
        _ => None,
    };
    Error::new(ErrorKind::Syntax {
        message: YAML_SHAPE.into(),
    })
    .at(origin)
}

const YAML_SHAPE: &str = "merge data must be a list of mappings of text values (one mapping per record, e.g. `- { id: 1, name: Anna }`)";

/// The data file opened: a regular file (checked before and after opening), at most
/// [`MAX_DATA_BYTES`] long.
fn open_data(path: &Path) -> Result<std::fs::File, Error> {
    let io = |e: std::io::Error| {
        Error::new(ErrorKind::Io {
            path: path.to_path_buf(),
            reason: io_reason(&e),
        })
    };
    let not_a_file = || {
        Error::new(ErrorKind::Io {
            path: path.to_path_buf(),
            reason: "it is not a regular file (a folder, pipe or device)".into(),
        })
        .hint("save the records in a regular file and read that one")
    };
    if !std::fs::metadata(path).map_err(io)?.is_file() {
        return Err(not_a_file());
    }
    let file = std::fs::File::open(path).map_err(io)?;
    // Checked again on the open file: the path may have been swapped in between.
    let meta = file.metadata().map_err(io)?;
    if !meta.is_file() {
        return Err(not_a_file());
    }
    if meta.len() > MAX_DATA_BYTES {
        return Err(too_large(path));
    }
    Ok(file)
}

fn too_large(path: &Path) -> Error {
    data_error(
        path,
        format!("it is larger than {MAX_DATA_BYTES} bytes; split it into several merges"),
    )
}

/// The bytes of an open data file, read no further than [`MAX_DATA_BYTES`].
fn read_bounded(file: std::fs::File, path: &Path) -> Result<Vec<u8>, Error> {
    use std::io::Read;
    let mut bytes = Vec::new();
    file.take(MAX_DATA_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| {
            Error::new(ErrorKind::Io {
                path: path.to_path_buf(),
                reason: io_reason(&e),
            })
        })?;
    if bytes.len() as u64 > MAX_DATA_BYTES {
        return Err(too_large(path));
    }
    Ok(bytes)
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
    CsvRecords::new(bytes, path)?.collect()
}

/// CSV records read one at a time from a reader.
struct CsvRecords<R: std::io::Read> {
    rdr: csv::Reader<std::io::BufReader<R>>,
    headers: Vec<String>,
    path: std::path::PathBuf,
    row: csv::StringRecord,
    count: usize,
    done: bool,
}

impl<R: std::io::Read> CsvRecords<R> {
    /// Skip a byte-order mark and read the header row.
    fn new(reader: R, path: &Path) -> Result<CsvRecords<R>, Error> {
        use std::io::BufRead;
        let mut buf = std::io::BufReader::with_capacity(64 * 1024, reader);
        let bom = buf
            .fill_buf()
            .map(|b| b.starts_with(b"\xEF\xBB\xBF"))
            .unwrap_or(false);
        if bom {
            buf.consume(3);
        }
        let mut rdr = csv::ReaderBuilder::new().has_headers(true).from_reader(buf);
        let headers = csv_headers(&mut rdr, path)?;
        Ok(CsvRecords {
            rdr,
            headers,
            path: path.to_path_buf(),
            row: csv::StringRecord::new(),
            count: 0,
            done: false,
        })
    }
}

/// The header row: trimmed, no empty name, no name twice.
fn csv_headers<R: std::io::Read>(
    rdr: &mut csv::Reader<R>,
    path: &Path,
) -> Result<Vec<String>, Error> {
    let headers: Vec<String> = rdr
        .headers()
        .map_err(|e| data_error(path, format!("cannot read the header row: {e}")))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    if headers.iter().any(String::is_empty) {
        return Err(data_error(path, "the header row has an empty column name"));
    }
    let mut seen = std::collections::BTreeSet::new();
    if let Some(dup) = headers.iter().find(|h| !seen.insert(h.as_str())) {
        return Err(data_error(
            path,
            format!(
                "the header row names the column `{dup}` twice; each column needs its own name"
            ),
        ));
    }
    Ok(headers)
}

impl<R: std::io::Read> Iterator for CsvRecords<R> {
    type Item = Result<Record, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let number = self.count + 1;
        let failed = match self.rdr.read_record(&mut self.row) {
            Ok(false) => {
                self.done = true;
                return None;
            }
            Ok(true) if number > MAX_RECORDS => Some(data_error(
                &self.path,
                format!("more than {MAX_RECORDS} records"),
            )),
            Ok(true) => None,
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                Some(data_error(
                    &self.path,
                    format!("record {number} (line {line}): {e}"),
                ))
            }
        };
        if let Some(e) = failed {
            self.done = true;
            return Some(Err(e));
        }
        self.count = number;
        let fields = self
            .headers
            .iter()
            .cloned()
            .zip(self.row.iter().map(str::to_string))
            .collect();
        Some(Ok(Record { number, fields }))
    }
}

/// Parse a YAML list of mappings of scalars. Every value is kept as written: the scalars are
/// read as strings, never typed first, so `00501` stays `00501`, `+48225550123` keeps its
/// plus, a 20-digit number is not rounded and `NO` (Norway) is not `false`. An empty value
/// (or `null`, `~`) is an empty string.
pub fn records_from_yaml(text: &str, path: &Path) -> Result<Vec<Record>, Error> {
    let source = SourceFile {
        path: path.to_path_buf(),
        text: text.to_string(),
    };
    let options = serde_saphyr::options! {
        // A number or boolean is stored in a string exactly as written (the default, said
        // here because the values depend on it).
        no_schema: false,
    };
    let rows: Vec<BTreeMap<String, Option<String>>> =
        serde_saphyr::from_str_with_options(text, options).map_err(|e| {
            let origin = e.location().and_then(|l| source.origin(&l));
            Error::new(ErrorKind::Syntax {
                message: "merge data must be a list of mappings of text values (one mapping per record, e.g. `- { id: 1, name: Anna }`)".into(),
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
                .map(|(k, v)| (k, v.unwrap_or_default()))
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

/// Visit every string of a letter and its `style:`, with its key (and the location of its
/// key's value where there is one).
fn visit(letter: &mut crate::spec::LetterSpec, f: &mut dyn FnMut(crate::fields::Key, &mut String)) {
    let style = letter.style.take();
    crate::fields::visit_mut(letter, f);
    letter.style = style;
    if let Some(st) = &mut letter.style {
        crate::fields::visit_letterhead_mut(st, f);
    }
}

/// Whether a text is markup, so that values placed into it are escaped: the body, `ps`, each
/// `cc` line and each enclosure title.
fn is_markup(k: &crate::fields::Key) -> bool {
    k.kind == crate::fields::Kind::Markup || matches!(k.key, "ps" | "cc" | "enclosures")
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
        // Values placed into markup (body, ps, cc, enclosures) are escaped: data is text.
        let markup_names: Arc<Mutex<std::collections::HashSet<String>>> = Arc::default();
        let names = markup_names.clone();
        env.set_auto_escape_callback(move |name| {
            match names.lock().map(|n| n.contains(name)).unwrap_or(false) {
                true => minijinja::AutoEscape::Custom(escape::MARKDOWN.into()),
                false => minijinja::AutoEscape::None,
            }
        });
        env.set_formatter(escape::formatter);
        env.add_filter("markdown", escape::markdown_filter);
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
        visit(&mut spec, &mut |k, s| {
            let loc = k.loc.as_ref();
            if !is_template(s) {
                return;
            }
            let name = format!("t{n}");
            n += 1;
            if is_markup(&k) {
                if let Ok(mut names) = markup_names.lock() {
                    names.insert(name.clone());
                }
            }
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
                        .hint("placeholders are written `{{ field }}`; filters: `{{ name | upper }}`, `{{ due | date(\"pl\") }}`, `{{ text | markdown }}`"),
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
        visit(&mut spec, &mut |k, s| {
            let loc = k.loc.as_ref();
            if !is_template(s) {
                return;
            }
            let name = format!("t{n}");
            n += 1;
            if first_error.is_some() {
                return;
            }
            let at = loc.and_then(|l| source.origin_of_char(l, '{').or_else(|| source.origin(l)));
            // The placeholder itself, where it is written verbatim in the file.
            let place_of = |field: &str| {
                let text = escape::placeholder_text(s, field)?;
                let l = loc?;
                let value_place = source.origin(l);
                source
                    .origin_in_value(l, text, 0)
                    .filter(|o| Some(o) != value_place.as_ref())
            };
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
                    .at(place_of(missing).or(at))
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
                Ok(v) => *s = escape::single_year_mark(v),
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
    /// The rendered letter (its document in its own fonts: records may name different
    /// letterheads or fonts), or why it failed.
    pub result: Result<Warned<Rendered>, Errors>,
}

/// Letterheads looked up once per merge, by the value of `letterhead:` (a constant in most
/// letters, a placeholder in some): the bundled folders (`LETTERPRESS_LETTERHEADS`) are
/// scanned and each letterhead file parsed once per distinct value, not once per record.
#[derive(Default)]
struct Letterheads(Mutex<HashMap<Option<String>, Found>>);

/// The outcome of one letterhead lookup.
type Found = Result<Option<Arc<Letterhead>>, Error>;

impl Letterheads {
    fn find(&self, letter: &Letter, env: &Env, res: &Resources) -> Found {
        let key = letter.spec.letterhead.as_ref().map(|l| l.value.clone());
        if let Some(found) = self.lock().get(&key) {
            return found.clone();
        }
        // Looked up outside the lock (two threads may both look up a new value once).
        let found = find_letterhead(letter, env, res).map(|h| h.map(Arc::new));
        self.lock().insert(key, found.clone());
        found
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Option<String>, Found>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

pub use crate::render_with;

/// Fill one record into the template and render it.
fn render_record(
    template: &Template,
    record: &Record,
    heads: &Letterheads,
    env: &Env,
    res: &Resources,
    options: &RenderOptions,
) -> MergeItem {
    let result = template
        .instantiate(record)
        .map_err(Errors::from)
        .and_then(|letter| {
            let head = heads.find(&letter, env, res)?;
            render_with(&letter, head.as_deref(), env, res, options)
        });
    MergeItem {
        record: record.number,
        result,
    }
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
    merge_each_until(
        template,
        records,
        env,
        res,
        options,
        &AtomicBool::new(false),
        sink,
    );
}

/// [`merge_each`], starting no new record once `stop` is set (by a signal handler, say): the
/// records being rendered then still finish and reach `sink`; the others are never started.
pub fn merge_each_until<F>(
    template: &Template,
    records: &[Record],
    env: &Env,
    res: &Resources,
    options: &RenderOptions,
    stop: &AtomicBool,
    sink: F,
) where
    F: Fn(MergeItem) + Sync,
{
    let heads = Letterheads::default();
    #[cfg(feature = "parallel")]
    let records = records.par_iter();
    #[cfg(not(feature = "parallel"))]
    let records = records.iter();
    records.for_each(|record| {
        if stop.load(Ordering::Relaxed) {
            return;
        }
        sink(render_record(template, record, &heads, env, res, options));
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
    let heads = Letterheads::default();
    records
        .iter()
        .map(move |record| render_record(template, record, &heads, env, res, options))
}

/// A merge in progress, for records that arrive in batches (a streamed data file): the
/// template, the environment and the letterheads looked up once, shared by every batch.
pub struct Merger<'a> {
    template: &'a Template,
    env: &'a Env,
    res: &'a Resources,
    options: &'a RenderOptions,
    heads: Letterheads,
}

impl std::fmt::Debug for Merger<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Merger")
            .field("template", self.template)
            .finish_non_exhaustive()
    }
}

impl<'a> Merger<'a> {
    /// A merge of `template` in `env` with the shared `res`.
    pub fn new(
        template: &'a Template,
        env: &'a Env,
        res: &'a Resources,
        options: &'a RenderOptions,
    ) -> Merger<'a> {
        Merger {
            template,
            env,
            res,
            options,
            heads: Letterheads::default(),
        }
    }

    /// Render one record.
    pub fn render(&self, record: &Record) -> MergeItem {
        render_record(
            self.template,
            record,
            &self.heads,
            self.env,
            self.res,
            self.options,
        )
    }

    /// Render a batch of records (in parallel with the `parallel` feature, as
    /// [`merge_each`]) and hand each to `f` as it finishes; what `f` returns comes back in
    /// the records' order, `None` for the records not started because `stop` was set.
    pub fn map_until<T, F>(&self, records: &[Record], stop: &AtomicBool, f: F) -> Vec<Option<T>>
    where
        T: Send,
        F: Fn(MergeItem) -> T + Sync,
    {
        let one = |record: &Record| {
            if stop.load(Ordering::Relaxed) {
                return None;
            }
            Some(f(self.render(record)))
        };
        #[cfg(feature = "parallel")]
        let out = records.par_iter().map(one).collect();
        #[cfg(not(feature = "parallel"))]
        let out = records.iter().map(one).collect();
        out
    }
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

    #[test]
    fn yaml_values_print_as_written() {
        let r = records_from_yaml(
            "- {zip: 00501, account: 12345678901234567890123, phone: +48225550123, country: NO, yes: yes, rate: 1.50, hex: 0x1F, oct: 0o17, empty: , tilde: ~, exp: 1e3, quoted: '007'}\n",
            Path::new("d.yaml"),
        )
        .expect("valid");
        let f = &r[0].fields;
        for (k, v) in [
            ("zip", "00501"),
            ("account", "12345678901234567890123"),
            ("phone", "+48225550123"),
            ("country", "NO"),
            ("yes", "yes"),
            ("rate", "1.50"),
            ("hex", "0x1F"),
            ("oct", "0o17"),
            ("empty", ""),
            ("tilde", ""),
            ("exp", "1e3"),
            ("quoted", "007"),
        ] {
            assert_eq!(f[k], v, "{k}");
        }
    }

    #[test]
    fn yaml_data_errors_speak_of_the_data_not_the_parser() {
        for bad in [
            "- {a: {b: 1}}\n",
            "a: 1\n",
            "- a: [1, 2]\n",
            "--- [1]\n--- [2]\n",
        ] {
            let e = records_from_yaml(bad, Path::new("d.yaml")).expect_err(bad);
            let msg = e.to_string();
            assert!(msg.contains("list of mappings"), "{bad}: {msg}");
            for leak in ["untagged", "from_str", "Scalar", "enum"] {
                assert!(!msg.contains(leak), "{bad}: {msg}");
            }
        }
    }

    #[test]
    fn a_streamed_csv_gives_the_records_of_a_whole_read_and_ends_at_a_bad_one() {
        let dir = std::env::temp_dir().join(format!("lp-stream-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("d.csv");
        let mut text = String::from("\u{feff}id,name\n");
        for i in 1..=5000 {
            text.push_str(&format!("{i},\"Name, {i}\"\n"));
        }
        std::fs::write(&path, &text).expect("write");
        let whole = records_from_csv(text.as_bytes(), &path).expect("whole");
        let streamed: Vec<Record> = open_records(&path)
            .expect("opens")
            .collect::<Result<_, _>>()
            .expect("streams");
        assert_eq!(streamed, whole);
        assert_eq!(streamed[4999].fields["name"], "Name, 5000");
        std::fs::write(&path, "id,name\n1,a\n2,b,c\n3,d\n").expect("write");
        let got: Vec<Result<Record, Error>> = open_records(&path).expect("opens").collect();
        assert_eq!(got.len(), 2, "the stream ends at the bad record");
        let e = got[1].as_ref().expect_err("record 2 is ragged");
        assert!(e.to_string().contains("record 2"), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_streamed_yaml_list_gives_the_records_of_a_whole_read_past_the_default_budget() {
        let dir = std::env::temp_dir().join(format!("lp-yaml-stream-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("d.yaml");
        // 60,000 records of 4 fields: more nodes than serde-saphyr's default budget allows.
        let mut text = String::new();
        for i in 1..=60_000 {
            text.push_str(&format!(
                "- {{id: {i:05}, name: \"N {i}\", ok: NO, empty: }}\n"
            ));
        }
        std::fs::write(&path, &text).expect("write");
        let streamed: Vec<Record> = open_records(&path)
            .expect("opens")
            .collect::<Result<_, _>>()
            .expect("streams");
        assert_eq!(streamed.len(), 60_000);
        assert_eq!(streamed[41].fields["id"], "00042");
        assert_eq!(streamed[41].fields["ok"], "NO");
        assert_eq!(streamed[41].fields["empty"], "");
        assert_eq!(streamed[59_999].number, 60_000);
        let mut first = open_records(&path).expect("opens");
        assert_eq!(
            first
                .next()
                .map(|r| r.map(|r| r.number))
                .transpose()
                .ok()
                .flatten(),
            Some(1)
        );
        drop(first); // the parser thread stops when nobody reads
        std::fs::write(&path, "- {id: 1}\n- {id: 2, x: [1, 2]}\n").expect("write");
        let got: Vec<Result<Record, Error>> = open_records(&path).expect("opens").collect();
        assert!(got[0].is_ok());
        let e = got
            .last()
            .expect("an error")
            .as_ref()
            .expect_err("a list value");
        assert!(e.to_string().contains("list of mappings"), "{e}");
        assert_eq!(e.origin.as_ref().map(|o| o.line), Some(2), "{e:?}");
        std::fs::write(&path, b"- {id: \xff}\n").expect("write");
        let e = read_records(&path).expect_err("not UTF-8");
        assert!(e.to_string().contains("UTF-8"), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_merger_maps_a_batch_in_order_and_starts_nothing_once_stopped() {
        let t =
            Template::new(load_letter_str(LETTER, "l.yaml").expect("parses")).expect("compiles");
        let recs: Vec<Record> = (1..=6)
            .map(|n| {
                rec(
                    n,
                    &[
                        ("company", "A"),
                        ("street", "B"),
                        ("name", "C"),
                        ("end", "2027-05-01"),
                    ],
                )
            })
            .collect();
        let (env, res, opts) = (
            Env::unrestricted(),
            Resources::new(),
            RenderOptions::default(),
        );
        let m = Merger::new(&t, &env, &res, &opts);
        let got = m.map_until(&recs, &AtomicBool::new(false), |item| item.record);
        assert_eq!(got, (1..=6).map(Some).collect::<Vec<_>>());
        let none = m.map_until(&recs, &AtomicBool::new(true), |item| item.record);
        assert!(none.iter().all(Option::is_none));
    }

    #[test]
    fn csv_with_a_column_named_twice_is_refused() {
        let e = records_from_csv(b"id,name,Name,name\n1,a,b,c\n", Path::new("d.csv"))
            .expect_err("duplicate");
        assert!(e.to_string().contains("`name` twice"), "{e}");
    }

    #[test]
    fn data_is_read_only_from_a_regular_file() {
        let dir = std::env::temp_dir();
        let e = read_records(&dir).expect_err("a folder");
        assert!(e.to_string().contains("not a regular file"), "{e}");
        #[cfg(unix)]
        {
            let e = read_records(Path::new("/dev/zero")).expect_err("a device");
            assert!(e.to_string().contains("not a regular file"), "{e}");
        }
    }
}
