//! The manifest of a merge and its journal.
//!
//! - The **journal** (`manifest.jsonl` beside `manifest.json`, or `manifest-K-of-N.jsonl` for a
//!   shard) gets one JSON line per record as soon as the record is done — after its letter is
//!   renamed into place, with the letter's SHA-256 — written and flushed at once, so it
//!   survives a crash or `kill -9`. Its first line (and the first line of every later run
//!   appended to it) names the merge. A merge that completes removes it.
//! - The **manifest** is written at the end, streamed: the entries go to an unnamed temporary
//!   file in record order as each batch finishes, so memory does not grow with the records.
//!
//! `--resume` reads both (later lines win) and keeps every letter whose bytes still match.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Seek, Write};
use std::path::Path;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

/// One record's line in the manifest and the journal.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub(crate) struct Entry {
    pub record: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    #[serde(default)]
    pub pages: usize,
    pub status: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

impl Entry {
    pub(crate) fn failed(record: usize, errors: Vec<String>) -> Entry {
        Entry {
            record,
            file: None,
            sha256: None,
            pages: 0,
            status: "error".into(),
            errors,
            warnings: Vec::new(),
        }
    }

    pub(crate) fn is_ok(&self) -> bool {
        self.status == "ok"
    }
}

/// What a merge is: the letter and the data (real paths), a digest of their contents and the
/// options that shape the letters' bytes, the data's record count and the shard.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
pub(crate) struct Header {
    pub letter: String,
    pub data: String,
    #[serde(default)]
    pub fingerprint: String,
    #[serde(default)]
    pub records: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<String>,
}

/// The lowercase hex SHA-256 of `bytes`.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    format!("{:x}", sha2::Sha256::digest(bytes))
}

/// The append-only journal, shared by the threads that write letters.
pub(crate) struct Journal(Mutex<BufWriter<File>>);

impl Journal {
    /// Open the journal at `path` (appending to the one of an earlier run of the same merge,
    /// or starting a new one) and write this run's header line.
    pub(crate) fn open(path: &Path, header: &Header, append: bool) -> std::io::Result<Journal> {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(append)
            .write(true)
            .truncate(!append)
            .open(path)?;
        let journal = Journal(Mutex::new(BufWriter::new(file)));
        journal.line(header)?;
        Ok(journal)
    }

    /// Append one record's entry and flush it to the file.
    pub(crate) fn record(&self, entry: &Entry) -> std::io::Result<()> {
        self.line(entry)
    }

    fn line<T: Serialize>(&self, value: &T) -> std::io::Result<()> {
        let mut text = serde_json::to_string(value).map_err(std::io::Error::other)?;
        text.push('\n');
        let mut w = self.0.lock().unwrap_or_else(|e| e.into_inner());
        w.write_all(text.as_bytes())?;
        w.flush()
    }
}

/// The manifest's entries in record order, in an unnamed temporary file, with their counts.
pub(crate) struct Body {
    file: BufWriter<File>,
    pub written: usize,
    pub failed: usize,
}

impl Body {
    pub(crate) fn new() -> std::io::Result<Body> {
        Ok(Body {
            file: BufWriter::new(tempfile::tempfile()?),
            written: 0,
            failed: 0,
        })
    }

    pub(crate) fn push(&mut self, entry: &Entry) -> std::io::Result<()> {
        if self.written + self.failed > 0 {
            self.file.write_all(b",\n")?;
        }
        serde_json::to_writer(&mut self.file, entry).map_err(std::io::Error::other)?;
        if entry.is_ok() {
            self.written += 1;
        } else {
            self.failed += 1;
        }
        Ok(())
    }

    /// The entries written so far, from the start.
    fn reader(&mut self) -> std::io::Result<&mut File> {
        self.file.flush()?;
        let f = self.file.get_mut();
        f.rewind()?;
        Ok(f)
    }
}

/// What the manifest says besides its entries.
pub(crate) struct Extras {
    pub interrupted: bool,
    pub removed: Vec<String>,
    pub combined: serde_json::Value,
}

/// Write the manifest: the header's fields, the counts, the extras, then the entries one per
/// line (so two manifests of one merge compare line by line).
pub(crate) fn write(
    w: &mut dyn Write,
    header: &Header,
    body: &mut Body,
    extras: &Extras,
) -> std::io::Result<()> {
    write!(
        w,
        "{{\"letter\": {}, \"data\": {}, \"fingerprint\": {}, \"records\": {}",
        js(&header.letter),
        js(&header.data),
        js(&header.fingerprint),
        header.records
    )?;
    if let Some(shard) = &header.shard {
        write!(w, ", \"shard\": {}", js(shard))?;
    }
    write!(
        w,
        ", \"written\": {}, \"failed\": {}",
        body.written, body.failed
    )?;
    if extras.interrupted {
        write!(w, ", \"interrupted\": true")?;
    }
    if !extras.removed.is_empty() {
        write!(w, ", \"removed\": {}", js(&extras.removed))?;
    }
    writeln!(w, ", \"combined\": {}, \"letters\": [", extras.combined)?;
    let (written, failed) = (body.written, body.failed);
    std::io::copy(body.reader()?, w)?;
    if written + failed > 0 {
        writeln!(w)?;
    }
    writeln!(w, "]}}")
}

/// A value as JSON text (strings escaped).
fn js<T: Serialize + ?Sized>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "null".into())
}

/// What an earlier run of a merge left in its folder: the manifest and the journal read
/// together, later lines winning.
#[derive(Default)]
pub(crate) struct Earlier {
    /// The last header read (none: neither file exists).
    pub header: Option<Header>,
    /// Whether a file exists that is not a manifest of ours.
    pub foreign: bool,
    /// The file names of the letters either lists.
    pub files: BTreeSet<OsString>,
    /// Record → its last entry (kept only when asked, for `--resume`).
    pub entries: BTreeMap<usize, Entry>,
}

/// The whole manifest of a run, as read back.
#[derive(Deserialize)]
struct Whole {
    #[serde(flatten)]
    header: Header,
    #[serde(default)]
    letters: Vec<Entry>,
}

impl Earlier {
    /// Read the manifest and the journal (either may be missing).
    pub(crate) fn read(manifest: &Path, journal: Option<&Path>, keep_entries: bool) -> Earlier {
        let mut e = Earlier::default();
        if std::fs::metadata(manifest).is_ok() {
            let whole: Option<Whole> = File::open(manifest)
                .ok()
                .and_then(|f| serde_json::from_reader(BufReader::new(f)).ok());
            match whole {
                Some(w) => {
                    e.header = Some(w.header);
                    for entry in w.letters {
                        e.note(entry, keep_entries);
                    }
                }
                None => e.foreign = true,
            }
        }
        // Only a regular file: a device there (a link to /dev/zero) would never end.
        let journal = journal.filter(|j| std::fs::metadata(j).is_ok_and(|m| m.is_file()));
        if let Some(file) = journal.and_then(|j| File::open(j).ok()) {
            e.read_journal(BufReader::new(file), keep_entries);
        }
        e
    }

    /// Every line that parses: a header or an entry (a line cut short by a kill is skipped).
    fn read_journal(&mut self, r: impl BufRead, keep_entries: bool) {
        for line in r.lines() {
            let Ok(line) = line else { break };
            if let Ok(entry) = serde_json::from_str::<Entry>(&line) {
                self.note(entry, keep_entries);
            } else if let Ok(header) = serde_json::from_str::<Header>(&line) {
                self.header = Some(header);
            }
        }
    }

    fn note(&mut self, entry: Entry, keep_entries: bool) {
        if let Some(name) = entry.file.as_deref().and_then(|f| Path::new(f).file_name()) {
            self.files.insert(OsString::from(name));
        }
        if keep_entries {
            self.entries.insert(entry.record, entry);
        }
    }
}

/// A manifest read back: its header and entries, whether it was stopped early, and its
/// combined PDF's line (if any).
fn read_whole(path: &Path) -> Result<(Whole, bool, Option<serde_json::Value>), String> {
    let shown = path.display();
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read `{shown}`: {e}"))?;
    let mut v: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| format!("`{shown}` is not a letterpress manifest: {e}"))?;
    let stopped = v["interrupted"] == serde_json::Value::Bool(true);
    let combined = Some(v["combined"].take()).filter(|c| !c.is_null());
    let whole: Whole = serde_json::from_value(v)
        .map_err(|e| format!("`{shown}` is not a letterpress manifest: {e}"))?;
    Ok((whole, stopped, combined))
}

/// `letterpress manifest merge`: the manifests of the shards of one merge as the manifest of
/// one run. Every manifest must name the same letter, data and fingerprint, and no record may
/// appear twice.
pub(crate) fn merge_manifests(
    paths: &[std::path::PathBuf],
    out: &mut dyn Write,
) -> Result<(), String> {
    let mut header: Option<Header> = None;
    let mut entries: BTreeMap<usize, Entry> = BTreeMap::new();
    let mut combined = Vec::new();
    let mut interrupted = false;
    for path in paths {
        let shown = path.display();
        let (whole, stopped, its_combined) = read_whole(path)?;
        interrupted |= stopped;
        combined.extend(its_combined);
        let mut h = whole.header;
        h.shard = None;
        match &header {
            None => header = Some(h),
            Some(first) if *first != h => {
                return Err(format!(
                    "`{shown}` is the manifest of another merge (letter `{}`, data `{}`) than `{}` (letter `{}`, data `{}`), or the letter or data changed between them; merge the manifests of the shards of one merge",
                    h.letter,
                    h.data,
                    paths[0].display(),
                    first.letter,
                    first.data
                ))
            }
            Some(_) => {}
        }
        for entry in whole.letters {
            let record = entry.record;
            if entries.insert(record, entry).is_some() {
                return Err(format!(
                    "record {record} is listed twice (again in `{shown}`); give each shard's manifest once, and shards of one --shard K/N each once"
                ));
            }
        }
    }
    let header = header.ok_or("name at least one manifest")?;
    let mut body = Body::new().map_err(|e| format!("cannot buffer the manifest: {e}"))?;
    for entry in entries.values() {
        body.push(entry)
            .map_err(|e| format!("cannot buffer the manifest: {e}"))?;
    }
    let missing = header.records.saturating_sub(entries.len());
    let extras = Extras {
        interrupted,
        removed: Vec::new(),
        combined: match combined.len() {
            0 => serde_json::Value::Null,
            _ => serde_json::Value::Array(combined),
        },
    };
    write(out, &header, &mut body, &extras)
        .map_err(|e| format!("cannot write the manifest: {e}"))?;
    if missing > 0 {
        eprintln!(
            "warning: the manifests list {} of the data's {} records; {missing} are missing (a shard not given, or not finished)",
            entries.len(),
            header.records
        );
    }
    Ok(())
}
