//! `letterpress merge`: one letter per record, as files and/or one combined PDF, with a JSON
//! manifest of what was written. A bad record stops nothing else; SIGINT/SIGTERM and an I/O
//! failure of the output stop the merge between records with the manifest of what was written.
//!
//! The data is streamed: a first pass counts the records and checks every name (so names and
//! refusals come before any letter is written), a second renders the records in batches of
//! [`BATCH`] (in parallel within a batch, written to the manifest in record order) and forgets
//! them. `--shard K/N` renders records K, K+N, …; `--resume` keeps what an earlier run wrote.

mod combined;
mod folder;
pub(crate) mod manifest;
mod names;
mod sink;

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use indicatif::{ProgressBar, ProgressStyle};
use letterpress::merge::{open_records, MergeItem, Merger, Record, Template};
use letterpress::{load_letter, Document, Env, RenderOptions, Resources};

use crate::inputs::{Inputs, Output};
use crate::output::{write_output_tagged, write_output_with};
use crate::signals;
use crate::Failure;
use manifest::{sha256_hex, Body, Entry, Header, Journal};

/// Records rendered between two looks at the stop flag and two writes of the manifest body.
const BATCH: usize = 256;
/// Failures printed one by one; the rest are counted (the manifest lists them all).
const MAX_PRINTED: usize = 50;

/// What `merge` was asked to do.
pub struct MergeArgs {
    pub letter: PathBuf,
    pub data: PathBuf,
    pub root: Option<PathBuf>,
    pub out: Option<PathBuf>,
    pub name: Option<String>,
    pub combined: Option<PathBuf>,
    pub duplex: bool,
    pub manifest: Option<PathBuf>,
    pub force: bool,
    pub shard: Shard,
    pub resume: bool,
    pub options: RenderOptions,
}

/// `--shard K/N`: the records K, K+N, K+2N, … (K from 1).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Shard {
    pub k: usize,
    pub n: usize,
}

impl Default for Shard {
    fn default() -> Shard {
        Shard { k: 1, n: 1 }
    }
}

impl Shard {
    /// Parse `K/N` (1 ≤ K ≤ N).
    pub fn parse(s: &str) -> Result<Shard, String> {
        let bad = || {
            format!("`{s}` is not a shard; write K/N with 1 ≤ K ≤ N, e.g. --shard 2/8 for the second of eight")
        };
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let k: usize = k.trim().parse().map_err(|_| bad())?;
        let n: usize = n.trim().parse().map_err(|_| bad())?;
        if k == 0 || n == 0 || k > n {
            return Err(bad());
        }
        Ok(Shard { k, n })
    }

    /// Whether record `number` (from 1) is this shard's.
    pub fn has(&self, number: usize) -> bool {
        number >= 1 && (number - 1) % self.n == self.k - 1
    }

    fn is_whole(&self) -> bool {
        self.n == 1
    }

    /// How many of `total` records are this shard's.
    fn count(&self, total: usize) -> usize {
        (total + self.n - self.k) / self.n
    }
}

/// Everything decided before the first letter is rendered.
struct Plan {
    env: Env,
    template: Template,
    header: Header,
    /// Records of this shard.
    todo: usize,
    /// Names the letters; none without an output folder.
    namer: Option<names::Namer>,
    /// Records whose `--name` an earlier record has → why.
    taken: BTreeMap<usize, String>,
    out_dir: Option<PathBuf>,
    manifest: Option<PathBuf>,
    journal: Option<PathBuf>,
    previous: folder::Previous,
    /// The fonts, letterheads and images read: by the input check, then by every letter.
    res: Resources,
}

/// What rendering left behind.
struct Outcome<'a> {
    body: Body,
    /// The first failures (record, messages), at most [`MAX_PRINTED`].
    failures: Vec<(usize, Vec<String>)>,
    /// The combined PDF being written (`--combined`).
    combined: Option<combined::Stream<'a>>,
    /// The I/O failure that stopped the merge (reported once).
    io_failure: Option<String>,
    /// File names written or kept (only when an earlier merge left letters to compare with).
    written: BTreeSet<OsString>,
    /// Letters kept by `--resume`.
    kept: usize,
}

/// Run a merge.
pub fn run(args: MergeArgs) -> Result<(), Failure> {
    let plan = prepare(&args)?;
    let stop = signals::Stop::install();
    let outcome = render_all(&plan, &args, &stop)?;
    finish(&plan, &args, outcome, &stop)
}

fn real(path: &Path) -> String {
    std::fs::canonicalize(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}

/// Where the manifest and the journal go: `OUT/manifest.json` (a shard's
/// `OUT/manifest-K-of-N.json`, so shards can share a folder), the journal beside it as `.jsonl`
/// (in the output folder when the manifest goes to standard output).
fn manifest_paths(args: &MergeArgs, out_dir: Option<&Path>) -> (Option<PathBuf>, Option<PathBuf>) {
    let stem = match args.shard.is_whole() {
        true => "manifest".to_string(),
        false => format!("manifest-{}-of-{}", args.shard.k, args.shard.n),
    };
    let manifest = args
        .manifest
        .clone()
        .or_else(|| out_dir.map(|d| d.join(format!("{stem}.json"))));
    let journal = match (&manifest, out_dir) {
        (_, None) => None,
        (Some(m), Some(_)) if !crate::output::is_stdout(m) => Some(m.with_extension("jsonl")),
        (_, Some(d)) => Some(d.join(format!("{stem}.jsonl"))),
    };
    (manifest, journal)
}

/// Read the letter and count the data, name every letter, and refuse before writing anything
/// an output that would overwrite an input or mix two merges in one folder.
fn prepare(args: &MergeArgs) -> Result<Plan, Failure> {
    let env = crate::env_for(&args.letter, args.root.as_deref())?;
    if args.root.is_some() {
        env.check_read(&args.data).map_err(|kind| {
            Failure::Input(letterpress::Errors(vec![letterpress::Error::new(kind)]))
        })?;
    }
    let letter = load_letter(&args.letter).map_err(|e| Failure::Input(e.into()))?;
    let res = Resources::new();
    let mut inputs = Inputs::of_letter(&args.letter, &letter, &env, &res);
    inputs.add("the data file", &args.data);
    let template = Template::new(letter).map_err(Failure::Input)?;
    let out_dir = match (&args.out, &args.combined) {
        (Some(d), _) => Some(d.clone()),
        (None, Some(_)) => None,
        (None, None) => Some(default_out(&args.letter)),
    };
    if args.resume && args.combined.is_some() {
        return Err(Failure::Usage(
            "--resume cannot be used with --combined: the combined PDF is written whole in one run, and the letters kept would be missing from it; run the merge again without --resume".into(),
        ));
    }
    if args.resume && out_dir.is_none() {
        return Err(Failure::Usage(
            "--resume keeps the letters of an output folder; name it with --out".into(),
        ));
    }
    let (manifest, journal) = manifest_paths(args, out_dir.as_deref());
    refuse_overwrites(&inputs, args, manifest.as_deref(), journal.as_deref())?;
    let header = header(args)?;
    let previous = check_folder(
        out_dir.as_deref(),
        manifest.as_deref(),
        journal.as_deref(),
        &header,
        args,
    )?;
    let mut plan = Plan {
        env,
        template,
        header,
        todo: 0,
        namer: None,
        taken: BTreeMap::new(),
        out_dir,
        manifest,
        journal,
        previous,
        res,
    };
    scan(&mut plan, args, &inputs)?;
    if let Some(dir) = &plan.out_dir {
        std::fs::create_dir_all(dir)
            .map_err(|e| Failure::Io(format!("cannot create `{}`: {e}", dir.display())))?;
        folder::remove_temporaries(dir, &temp_prefix(args.shard));
    }
    Ok(plan)
}

/// The temporary files of this merge's letters: a shard's own, so that a shard cleaning up
/// after a kill leaves alone the letters other shards are writing into the folder.
fn temp_prefix(shard: Shard) -> String {
    match shard.is_whole() {
        true => crate::output::TEMP_PREFIX.to_string(),
        false => format!("{}{}-of-{}-", crate::output::TEMP_PREFIX, shard.k, shard.n),
    }
}

/// What this merge is (see [`Header`]): the real paths, and a SHA-256 over the letter's and
/// the data's bytes, `--name` and the PDF options (what decides a letter's bytes).
fn header(args: &MergeArgs) -> Result<Header, Failure> {
    use sha2::Digest;
    let mut h = sha2::Sha256::new();
    for path in [&args.letter, &args.data] {
        let mut f = std::fs::File::open(path)
            .map_err(|e| Failure::Io(format!("cannot read `{}`: {e}", path.display())))?;
        std::io::copy(&mut f, &mut h)
            .map_err(|e| Failure::Io(format!("cannot read `{}`: {e}", path.display())))?;
        h.update([0u8]);
    }
    h.update(args.name.as_deref().unwrap_or("").as_bytes());
    h.update(format!("\0{:?}", args.options).as_bytes());
    Ok(Header {
        letter: real(&args.letter),
        data: real(&args.data),
        fingerprint: format!("{:x}", h.finalize()),
        records: 0,
        shard: (!args.shard.is_whole()).then(|| format!("{}/{}", args.shard.k, args.shard.n)),
    })
}

/// The first pass over the data: count the records, name this shard's letters (a `--name`
/// is checked for uniqueness over every record) and check each name may be written.
fn scan(plan: &mut Plan, args: &MergeArgs, inputs: &Inputs) -> Result<(), Failure> {
    let namer = names::Namer::new(args.name.as_deref(), 0).map_err(Failure::Usage)?;
    let mut unique = names::Unique::default();
    let claims = plan
        .out_dir
        .as_deref()
        .map(|dir| Claims::new(dir, args, plan));
    let mut total = 0usize;
    for record in open_records(&args.data).map_err(|e| Failure::Input(e.into()))? {
        let record = record.map_err(|e| Failure::Input(e.into()))?;
        total = record.number;
        if namer.is_template() && claims.is_some() {
            if let Ok(name) = namer.name(&record) {
                let fresh = unique.note(&name, record.number);
                if let (Some(c), true) = (&claims, fresh && args.shard.has(record.number)) {
                    c.check(&name, record.number, inputs, &plan.previous, args.resume)?;
                }
            }
        }
    }
    plan.header.records = total;
    plan.todo = args.shard.count(total);
    plan.taken = unique.taken;
    let Some(claims) = claims else {
        return Ok(());
    };
    let namer = names::Namer::new(args.name.as_deref(), total).map_err(Failure::Usage)?;
    if !namer.is_template() {
        for number in (args.shard.k..=total).step_by(args.shard.n) {
            let name = namer.numbered(number);
            claims.check(&name, number, inputs, &plan.previous, args.resume)?;
        }
    }
    plan.namer = Some(namer);
    Ok(())
}

/// The checks every letter's path must pass: not the manifest, the journal or the combined
/// PDF, not an input, not a file of someone else's.
struct Claims {
    dir: PathBuf,
    /// (what, option, absolute path) of the merge's other outputs.
    others: Vec<(&'static str, &'static str, PathBuf)>,
}

impl Claims {
    fn new(dir: &Path, args: &MergeArgs, plan: &Plan) -> Claims {
        let mut others = Vec::new();
        let listed = [
            ("the manifest", "--manifest", plan.manifest.as_deref()),
            ("the journal", "--manifest", plan.journal.as_deref()),
            ("the combined PDF", "--combined", args.combined.as_deref()),
        ];
        for (what, option, path) in listed {
            if let Some(p) = path.filter(|p| !crate::output::is_stdout(p)) {
                others.push((what, option, crate::inputs::absolute(p)));
            }
        }
        Claims {
            dir: crate::inputs::absolute(dir),
            others,
        }
    }

    fn check(
        &self,
        name: &str,
        number: usize,
        inputs: &Inputs,
        previous: &folder::Previous,
        resume: bool,
    ) -> Result<(), Failure> {
        let path = self.dir.join(name);
        let what = format!("the letter of record {number}");
        if let Some((other, option, _)) = self.others.iter().find(|(_, _, p)| *p == path) {
            return Err(Failure::Usage(format!(
                "{other} ({option}) and {what} (--out or --name) both name `{}`; one would overwrite the other — give each its own file",
                path.display()
            )));
        }
        if std::fs::symlink_metadata(&path).is_err() {
            return Ok(());
        }
        inputs.refuse_overwrites(&[Output {
            what: &what,
            option: "--out or --name",
            path: &path,
        }])?;
        previous.claim(name, resume)
    }
}

/// The output folder's rule (see `folder`): which merge it holds, what may be overwritten.
fn check_folder(
    out_dir: Option<&Path>,
    manifest: Option<&Path>,
    journal: Option<&Path>,
    me: &Header,
    args: &MergeArgs,
) -> Result<folder::Previous, Failure> {
    let (Some(dir), Some(m)) = (out_dir, manifest) else {
        return Ok(folder::Previous::default());
    };
    // With the manifest on standard output, the folder's own manifest (if any) says which
    // merge the folder holds.
    let folder_manifest = dir.join("manifest.json");
    let m = if crate::output::is_stdout(m) {
        &folder_manifest
    } else {
        m
    };
    folder::check(dir, m, journal, me, args.force, args.resume)
}

/// No output of the merge but its letters (checked one by one in [`scan`]) may be a file the
/// merge reads, and no two may be one file.
fn refuse_overwrites(
    inputs: &Inputs,
    args: &MergeArgs,
    manifest: Option<&Path>,
    journal: Option<&Path>,
) -> Result<(), Failure> {
    let mut outputs = Vec::with_capacity(3);
    if let Some(m) = manifest {
        outputs.push(Output {
            what: "the manifest",
            option: "--manifest",
            path: m,
        });
    }
    if let Some(j) = journal {
        outputs.push(Output {
            what: "the manifest's journal",
            option: "--manifest",
            path: j,
        });
    }
    if let Some(c) = &args.combined {
        outputs.push(Output {
            what: "the combined PDF",
            option: "--combined",
            path: c,
        });
    }
    inputs.refuse_overwrites(&outputs)
}

fn progress_bar(len: usize) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::new(len as u64);
    pb.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} letters  {per_sec}  eta {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    pb
}

/// A record of a batch: done before rendering (a refused name, a letter `--resume` keeps),
/// or to be rendered under a name.
enum Slot {
    Done(Entry),
    Render(Record, Option<String>),
}

/// What the threads writing letters share.
struct Shared<'a> {
    plan: &'a Plan,
    combined: bool,
    journal: Option<Journal>,
    stop: &'a AtomicBool,
    io_failure: Mutex<Option<String>>,
    letters: Mutex<Vec<(usize, Document)>>,
    temp_prefix: String,
}

impl<'a> Shared<'a> {
    /// The journal opened (appended to when the folder holds this merge), nothing failed yet.
    fn new(
        plan: &'a Plan,
        args: &MergeArgs,
        stop: &'a signals::Stop,
    ) -> Result<Shared<'a>, Failure> {
        let journal = match &plan.journal {
            Some(path) => Some(
                Journal::open(path, &plan.header, plan.previous.ours)
                    .map_err(|e| Failure::Io(format!("cannot write `{}`: {e}", path.display())))?,
            ),
            None => None,
        };
        Ok(Shared {
            plan,
            combined: args.combined.is_some(),
            journal,
            stop: &stop.flag,
            io_failure: Mutex::new(None),
            letters: Mutex::new(Vec::new()),
            temp_prefix: temp_prefix(args.shard),
        })
    }

    /// Note the first I/O failure and stop the merge.
    fn fail(&self, msg: String) {
        let mut first = lock(&self.io_failure);
        if first.is_none() {
            *first = Some(msg);
        }
        self.stop.store(true, Ordering::SeqCst);
    }
}

/// Render this shard's records batch by batch, writing each letter as it finishes and each
/// batch's entries (in record order) to the manifest body.
fn render_all<'a>(
    plan: &Plan,
    args: &'a MergeArgs,
    stop: &signals::Stop,
) -> Result<Outcome<'a>, Failure> {
    let shared = Shared::new(plan, args, stop)?;
    let body = Body::new().map_err(|e| Failure::Io(format!("cannot buffer the manifest: {e}")))?;
    let mut outcome = Outcome {
        body,
        failures: Vec::new(),
        combined: args
            .combined
            .as_ref()
            .map(|p| combined::Stream::new(&args.options.pdf, args.duplex, p)),
        io_failure: None,
        written: BTreeSet::new(),
        kept: 0,
    };
    let merger = Merger::new(&plan.template, &plan.env, &plan.res, &args.options);
    let progress = progress_bar(plan.todo);
    let records = open_records(&args.data).map_err(|e| Failure::Input(e.into()))?;
    let mut batch = Vec::with_capacity(BATCH);
    let mut mine = records.filter(|r| r.as_ref().map_or(true, |r| args.shard.has(r.number)));
    loop {
        let next = mine.next();
        let last = next.is_none();
        if let Some(record) = next {
            let record = record.map_err(|e| {
                Failure::Input(letterpress::Errors(vec![
                    e.hint("the data file changed during the merge; run it again")
                ]))
            })?;
            batch.push(slot(plan, args, record, &shared, &mut outcome));
        }
        if batch.len() == BATCH || (last && !batch.is_empty()) {
            let n = batch.len();
            run_batch(std::mem::take(&mut batch), &merger, &shared, &mut outcome)?;
            progress.inc(n as u64);
        }
        if last || stop.flag.load(Ordering::SeqCst) {
            break;
        }
    }
    progress.finish_and_clear();
    outcome.io_failure = lock(&shared.io_failure).take();
    Ok(outcome)
}

/// What to do with one record: its name, whether `--resume` keeps its letter.
fn slot(
    plan: &Plan,
    args: &MergeArgs,
    record: Record,
    shared: &Shared<'_>,
    outcome: &mut Outcome,
) -> Slot {
    let Some(namer) = &plan.namer else {
        return Slot::Render(record, None);
    };
    if let Some(msg) = plan.taken.get(&record.number) {
        return Slot::Done(Entry::failed(record.number, vec![msg.clone()]));
    }
    let name = match namer.name(&record) {
        Ok(name) => name,
        Err(msg) => return Slot::Done(Entry::failed(record.number, vec![msg])),
    };
    if args.resume {
        if let Some(entry) = kept(plan, &record, &name) {
            outcome.kept += 1;
            if let Some(j) = &shared.journal {
                if let Err(e) = j.record(&entry) {
                    shared.fail(journal_failure(plan, &e));
                }
            }
            return Slot::Done(entry);
        }
    }
    Slot::Render(record, Some(name))
}

/// The earlier entry of a record whose letter `--resume` keeps: listed as written under the
/// same name, its bytes still those whose SHA-256 was recorded.
fn kept(plan: &Plan, record: &Record, name: &str) -> Option<Entry> {
    let dir = plan.out_dir.as_ref()?;
    let old = plan.previous.earlier.entries.get(&record.number)?;
    let listed = old.file.as_deref().map(Path::new)?.file_name()?;
    if !old.is_ok() || listed != name {
        return None;
    }
    let path = dir.join(name);
    let bytes = std::fs::read(&path).ok()?;
    if old.sha256.as_deref() != Some(sha256_hex(&bytes).as_str()) {
        return None;
    }
    let mut entry = old.clone();
    entry.file = Some(path.display().to_string());
    Some(entry)
}

fn journal_failure(plan: &Plan, e: &std::io::Error) -> String {
    let path = plan.journal.as_deref().unwrap_or(Path::new("the journal"));
    format!("cannot write `{}`: {e}", path.display())
}

/// Render a batch in parallel and note its entries in record order.
fn run_batch(
    batch: Vec<Slot>,
    merger: &Merger<'_>,
    shared: &Shared<'_>,
    outcome: &mut Outcome,
) -> Result<(), Failure> {
    let mut records = Vec::new();
    let mut names = Vec::new();
    for s in &batch {
        if let Slot::Render(r, name) = s {
            records.push(r.clone());
            names.push(name.clone());
        }
    }
    let numbers: Vec<usize> = records.iter().map(|r| r.number).collect();
    let done = merger.map_until(&records, shared.stop, |item| {
        let i = numbers.binary_search(&item.record).unwrap_or(0);
        keep(shared, item, names.get(i).cloned().flatten())
    });
    // The batch's letters into the combined PDF, in record order, and forgotten.
    let letters = std::mem::take(&mut *lock(&shared.letters));
    let left_out: BTreeMap<usize, String> = match &mut outcome.combined {
        Some(c) => {
            let left_out = c.add(letters).into_iter().collect();
            if let Some(why) = c.broken() {
                shared.fail(why.to_string()); // the output failed: stop (exit 3)
            }
            left_out
        }
        None => BTreeMap::new(),
    };
    let mut done = done.into_iter();
    for s in batch {
        let entry = match s {
            Slot::Done(e) => Some(e),
            Slot::Render(..) => done.next().flatten().flatten(),
        };
        if let Some(mut e) = entry {
            if let Some(why) = left_out.get(&e.record) {
                // The letter is not in the combined PDF asked for: its record fails.
                e.status = "error".into();
                e.errors.push(why.clone());
            }
            note(outcome, &e, shared.plan)?;
        }
    }
    Ok(())
}

/// Add an entry to the manifest body and the outcome.
fn note(outcome: &mut Outcome, e: &Entry, plan: &Plan) -> Result<(), Failure> {
    outcome
        .body
        .push(e)
        .map_err(|err| Failure::Io(format!("cannot buffer the manifest: {err}")))?;
    if !e.is_ok() && outcome.failures.len() < MAX_PRINTED {
        outcome.failures.push((e.record, e.errors.clone()));
    }
    if !plan.previous.files.is_empty() {
        if let Some(name) = e.file.as_deref().and_then(|f| Path::new(f).file_name()) {
            outcome.written.insert(OsString::from(name));
        }
    }
    Ok(())
}

/// Write one record's letter (unless the merge is stopping) and journal it; its entry, or
/// none when nothing was written because the merge stops.
fn keep(shared: &Shared<'_>, item: MergeItem, name: Option<String>) -> Option<Entry> {
    let rendered = match item.result {
        Err(errors) => {
            let entry = Entry::failed(
                item.record,
                errors.0.iter().map(|e| e.to_string()).collect(),
            );
            return journaled(shared, entry);
        }
        Ok(r) => r,
    };
    if shared.stop.load(Ordering::SeqCst) {
        return None;
    }
    let mut entry = Entry {
        record: item.record,
        file: None,
        sha256: None,
        pages: rendered.output.document.pages.len()
            + rendered.output.document.appendix.page_count(),
        status: "ok".into(),
        errors: Vec::new(),
        warnings: rendered
            .warnings
            .iter()
            .map(|w| w.message.clone())
            .collect(),
    };
    if let (Some(dir), Some(name)) = (&shared.plan.out_dir, name) {
        let path = dir.join(name);
        match write_output_tagged(&path, &rendered.output.pdf, &shared.temp_prefix) {
            Ok(()) => {
                entry.file = Some(path.display().to_string());
                entry.sha256 = Some(sha256_hex(&rendered.output.pdf));
            }
            Err(failure) => {
                shared.fail(match failure {
                    Failure::Io(m) | Failure::Usage(m) => m,
                    _ => format!("cannot write `{}`", path.display()),
                });
                return None;
            }
        }
    }
    if shared.combined {
        lock(&shared.letters).push((item.record, rendered.output.document));
    }
    journaled(shared, entry)
}

/// The entry after its journal line is written (a failure there stops the merge; the letter
/// itself is whole and listed in the manifest).
fn journaled(shared: &Shared<'_>, entry: Entry) -> Option<Entry> {
    if let Some(j) = &shared.journal {
        if let Err(e) = j.record(&entry) {
            shared.fail(journal_failure(shared.plan, &e));
        }
    }
    Some(entry)
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The combined PDF, the manifest, the old letters removed, the summary and the exit code.
fn finish(
    plan: &Plan,
    args: &MergeArgs,
    mut outcome: Outcome<'_>,
    stop: &signals::Stop,
) -> Result<(), Failure> {
    let interrupted = stop.exit_code();
    let complete = interrupted.is_none() && outcome.io_failure.is_none();
    let stream = outcome.combined.take();
    let too_large = stream.as_ref().is_some_and(|s| s.too_large());
    let combined = match (&args.combined, stream, complete) {
        (Some(path), Some(stream), true) => {
            let (value, failure) = stream.finish(path);
            if let Some(msg) = failure {
                outcome.io_failure.get_or_insert(msg);
            }
            value
        }
        (Some(_), _, _) => serde_json::json!({
            "file": null, "letters": 0, "error": "the merge stopped early; no combined PDF written"
        }),
        (None, _, _) => serde_json::Value::Null,
    };
    let combined_written = combined
        .get("file")
        .is_some_and(serde_json::Value::is_string);
    // An incomplete merge keeps the letters of earlier runs: its journal still lists them.
    let removed = match complete {
        true => plan.previous.remove_stale(&outcome.written),
        false => Vec::new(),
    };
    if let Some(mp) = &plan.manifest {
        let extras = manifest::Extras {
            interrupted: !complete,
            removed: removed.iter().map(|p| p.display().to_string()).collect(),
            combined,
        };
        let written = write_output_with(mp, &mut |w| {
            manifest::write(w, &plan.header, &mut outcome.body, &extras)
        });
        if let Err(Failure::Io(msg) | Failure::Usage(msg)) = written {
            let journal = plan.journal.as_deref().unwrap_or(Path::new("-"));
            let also = format!(
                "{msg}; the journal `{}` lists the letters written",
                journal.display()
            );
            match &mut outcome.io_failure {
                Some(first) => *first = format!("{first} (and the manifest: {also})"),
                None => outcome.io_failure = Some(also),
            }
        } else if complete {
            if let Some(j) = &plan.journal {
                let _ = std::fs::remove_file(j);
            }
        }
    }
    report(plan, args, &outcome, &removed, combined_written);
    if let Some(code) = interrupted {
        eprintln!(
            "interrupted by {}: {} of {} records done; the manifest lists what was written (run the merge again with --resume to finish it)",
            stop.name(),
            outcome.body.written + outcome.body.failed,
            plan.todo
        );
        return Err(Failure::Quiet(code));
    }
    if let Some(msg) = &outcome.io_failure {
        if too_large {
            // Not an output failure: the batch is too large for one PDF/A file (the message
            // says what to do instead).
            eprintln!("error: {msg}\nthe merge stopped: no combined PDF was written");
            return Err(Failure::Quiet(1));
        }
        if args.combined.is_some() {
            eprintln!(
                "error: {msg}\nthe merge stopped: no combined PDF was written; make room or fix the permission, then run the merge again (--resume does not apply to --combined)"
            );
        } else {
            eprintln!(
                "error: {msg}\nthe merge stopped: {} letters written are whole and listed in the manifest; make room or fix the permission, then run it again with --resume",
                outcome.body.written
            );
        }
        return Err(Failure::Quiet(3));
    }
    if outcome.body.failed > 0 {
        return Err(Failure::Quiet(1));
    }
    Ok(())
}

/// Every failure with its record (the first [`MAX_PRINTED`]), the old letters removed, and
/// the summary line.
fn report(
    plan: &Plan,
    args: &MergeArgs,
    outcome: &Outcome,
    removed: &[PathBuf],
    combined_written: bool,
) {
    for (record, errors) in &outcome.failures {
        for msg in errors {
            if msg.contains(&format!("record {record}")) {
                eprintln!("error: {msg}");
            } else {
                eprintln!("error: record {record}: {msg}");
            }
        }
    }
    let unprinted = outcome.body.failed.saturating_sub(outcome.failures.len());
    if unprinted > 0 {
        eprintln!(
            "… and {unprinted} more failed records (the manifest lists each with its reason)"
        );
    }
    if !removed.is_empty() {
        eprintln!(
            "removed {} letter{} of the previous merge that this one did not write: {}",
            removed.len(),
            if removed.len() == 1 { "" } else { "s" },
            removed
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let kept = match outcome.kept {
        0 => String::new(),
        n => format!(" ({n} kept from the earlier run)"),
    };
    let shard = match &plan.header.shard {
        Some(s) => format!(" (shard {s})"),
        None => String::new(),
    };
    eprintln!(
        "merged {} of {} records{shard}{kept}{}{}",
        outcome.body.written,
        plan.todo,
        plan.out_dir
            .as_ref()
            .map(|d| format!(" into {}", d.display()))
            .unwrap_or_default(),
        args.combined
            .as_ref()
            .filter(|_| combined_written)
            .map(|c| if crate::output::is_stdout(c) {
                ", combined on standard output".to_string()
            } else {
                format!(", combined in {}", c.display())
            })
            .unwrap_or_default()
    );
}

fn default_out(letter: &Path) -> PathBuf {
    let stem = letter
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_else(|| "letters".into());
    letter.with_file_name(format!("{stem}-letters"))
}

#[cfg(test)]
mod tests {
    use super::Shard;

    #[test]
    fn shards_are_disjoint_and_complete() {
        for n in 1..=7 {
            for total in [0, 1, 5, 13, 100] {
                let mut seen = vec![0; total + 1];
                let mut counted = 0;
                for k in 1..=n {
                    let s = Shard { k, n };
                    counted += s.count(total);
                    for r in (1..=total).filter(|r| s.has(*r)) {
                        seen[r] += 1;
                    }
                }
                assert_eq!(counted, total, "{n} shards count {total} records");
                assert!(seen[1..].iter().all(|c| *c == 1), "n={n} total={total}");
            }
        }
        assert_eq!(Shard::parse("2/8"), Ok(Shard { k: 2, n: 8 }));
        for bad in ["0/3", "4/3", "1/0", "x/2", "3", "1/-2"] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
    }
}
