//! `letterpress merge`: one letter per record, as files and/or one combined PDF, with a JSON
//! manifest of what was written. A bad record stops nothing else; SIGINT/SIGTERM stop the
//! merge between records with the manifest of what was written.

mod folder;
mod names;

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use indicatif::{ProgressBar, ProgressStyle};
use letterpress::fonts::FontSet;
use letterpress::merge::{merge_each_until, read_records, MergeItem, Record, Template};
use letterpress::{load_letter, Document, Env, RenderOptions, Resources};

use crate::inputs::{Inputs, Output};
use crate::output::write_output;
use crate::signals;
use crate::Failure;

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
    pub options: RenderOptions,
}

/// One record's line in the manifest.
#[derive(serde::Serialize)]
struct Entry {
    record: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<String>,
    pages: usize,
    status: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    errors: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    warnings: Vec<String>,
}

impl Entry {
    fn failed(record: usize, errors: Vec<String>) -> Entry {
        Entry {
            record,
            file: None,
            pages: 0,
            status: "error",
            errors,
            warnings: Vec::new(),
        }
    }
}

/// Everything decided before the first letter is rendered.
struct Plan {
    env: Env,
    template: Template,
    records: Vec<Record>,
    /// Record number → its file name (or why it has none); empty without an output folder.
    names: BTreeMap<usize, Result<String, String>>,
    out_dir: Option<PathBuf>,
    manifest: Option<PathBuf>,
    /// The letter and the data file as real paths (the manifest's identity of the merge).
    letter_id: String,
    data_id: String,
    previous: folder::Previous,
}

/// What rendering left behind.
#[derive(Default)]
struct Outcome {
    entries: Vec<Entry>,
    combined: Vec<(usize, Document, FontSet)>,
    io_failures: Vec<String>,
    written: BTreeSet<OsString>,
}

/// Run a merge.
pub fn run(args: MergeArgs) -> Result<(), Failure> {
    let plan = prepare(&args)?;
    let stop = signals::Stop::install();
    let outcome = render_all(&plan, &args, &stop);
    finish(&plan, &args, outcome, &stop)
}

fn real(path: &Path) -> String {
    std::fs::canonicalize(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}

/// Read the letter and the data, name every letter, and refuse before writing anything an
/// output that would overwrite an input or mix two merges in one folder.
fn prepare(args: &MergeArgs) -> Result<Plan, Failure> {
    let env = crate::env_for(&args.letter, args.root.as_deref())?;
    if args.root.is_some() {
        env.check_read(&args.data).map_err(|kind| {
            Failure::Input(letterpress::Errors(vec![letterpress::Error::new(kind)]))
        })?;
    }
    let letter = load_letter(&args.letter).map_err(|e| Failure::Input(e.into()))?;
    let records = read_records(&args.data).map_err(|e| Failure::Input(e.into()))?;
    let mut inputs = Inputs::of_letter(&args.letter, &letter, &env);
    inputs.add("the data file", &args.data);
    let template = Template::new(letter).map_err(Failure::Input)?;
    let out_dir = match (&args.out, &args.combined) {
        (Some(d), _) => Some(d.clone()),
        (None, Some(_)) => None,
        (None, None) => Some(default_out(&args.letter)),
    };
    let names: BTreeMap<usize, Result<String, String>> = match &out_dir {
        Some(_) => records
            .iter()
            .map(|r| r.number)
            .zip(names::names(&records, args.name.as_deref()).map_err(Failure::Usage)?)
            .collect(),
        None => BTreeMap::new(),
    };
    let manifest = args
        .manifest
        .clone()
        .or_else(|| out_dir.as_ref().map(|d| d.join("manifest.json")));
    refuse_overwrites(
        &inputs,
        args,
        out_dir.as_deref(),
        manifest.as_deref(),
        &names,
    )?;
    let (letter_id, data_id) = (real(&args.letter), real(&args.data));
    let me = folder::Identity {
        letter: &letter_id,
        data: &data_id,
    };
    let previous = check_folder(
        out_dir.as_deref(),
        manifest.as_deref(),
        &me,
        &names,
        args.force,
    )?;
    if let Some(dir) = &out_dir {
        std::fs::create_dir_all(dir)
            .map_err(|e| Failure::Io(format!("cannot create `{}`: {e}", dir.display())))?;
    }
    Ok(Plan {
        env,
        template,
        records,
        names,
        out_dir,
        manifest,
        letter_id,
        data_id,
        previous,
    })
}

/// The output folder's rule (see `folder`): which merge it holds, what may be overwritten.
fn check_folder(
    out_dir: Option<&Path>,
    manifest: Option<&Path>,
    me: &folder::Identity<'_>,
    names: &BTreeMap<usize, Result<String, String>>,
    force: bool,
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
    let planned: Vec<&str> = names.values().filter_map(|n| n.as_deref().ok()).collect();
    folder::check(dir, m, me, &planned, force)
}

/// No output (manifest, combined PDF, any record's letter) may be a file the merge reads.
fn refuse_overwrites(
    inputs: &Inputs,
    args: &MergeArgs,
    out_dir: Option<&Path>,
    manifest: Option<&Path>,
    names: &BTreeMap<usize, Result<String, String>>,
) -> Result<(), Failure> {
    let letters: Vec<(String, PathBuf)> = match out_dir {
        Some(dir) => names
            .iter()
            .filter_map(|(n, name)| {
                let name = name.as_ref().ok()?;
                Some((format!("the letter of record {n}"), dir.join(name)))
            })
            .collect(),
        None => Vec::new(),
    };
    let mut outputs = Vec::with_capacity(letters.len() + 2);
    if let Some(m) = manifest {
        outputs.push(Output {
            what: "the manifest",
            option: "--manifest",
            path: m,
        });
    }
    if let Some(c) = &args.combined {
        outputs.push(Output {
            what: "the combined PDF",
            option: "--combined",
            path: c,
        });
    }
    outputs.extend(letters.iter().map(|(what, path)| Output {
        what,
        option: "--out or --name",
        path,
    }));
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

/// Render the records with a name (every record without an output folder), writing each
/// letter as it finishes; records whose name is refused fail without being rendered.
fn render_all(plan: &Plan, args: &MergeArgs, stop: &signals::Stop) -> Outcome {
    let mut outcome = Outcome::default();
    let mut todo = Vec::with_capacity(plan.records.len());
    for r in &plan.records {
        match plan.names.get(&r.number) {
            Some(Err(msg)) => outcome
                .entries
                .push(Entry::failed(r.number, vec![msg.clone()])),
            _ => todo.push(r.clone()),
        }
    }
    let progress = progress_bar(todo.len());
    let shared = Mutex::new(outcome);
    let res = Resources::new();
    merge_each_until(
        &plan.template,
        &todo,
        &plan.env,
        &res,
        &args.options,
        &stop.flag,
        |item| {
            keep(plan, args.combined.is_some(), item, &shared);
            progress.inc(1);
        },
    );
    progress.finish_and_clear();
    shared.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// Write one record's letter and note it in the outcome.
fn keep(plan: &Plan, combined: bool, item: MergeItem, shared: &Mutex<Outcome>) {
    let rendered = match item.result {
        Err(errors) => {
            let msgs = errors.0.iter().map(|e| e.to_string()).collect();
            lock(shared).entries.push(Entry::failed(item.record, msgs));
            return;
        }
        Ok(r) => r,
    };
    let mut entry = Entry {
        record: item.record,
        file: None,
        pages: rendered.output.document.pages.len(),
        status: "ok",
        errors: Vec::new(),
        warnings: rendered
            .warnings
            .iter()
            .map(|w| w.message.clone())
            .collect(),
    };
    let name = plan.names.get(&item.record).and_then(|n| n.as_ref().ok());
    let mut io_failure = None;
    if let (Some(dir), Some(name)) = (&plan.out_dir, name) {
        let path = dir.join(name);
        match write_output(&path, &rendered.output.pdf) {
            Ok(()) => entry.file = Some(path.display().to_string()),
            Err(failure) => {
                let msg = match failure {
                    Failure::Io(m) | Failure::Usage(m) => m,
                    _ => format!("cannot write `{}`", path.display()),
                };
                entry.status = "error";
                entry.errors = vec![msg.clone()];
                io_failure = Some(msg);
            }
        }
    }
    let mut out = lock(shared);
    if entry.file.is_some() {
        if let Some(name) = name {
            out.written.insert(OsString::from(name));
        }
    }
    if combined && entry.status == "ok" {
        if let Some(fonts) = item.fonts {
            out.combined
                .push((item.record, rendered.output.document, fonts));
        }
    }
    out.io_failures.extend(io_failure);
    out.entries.push(entry);
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The combined PDF (every letter in record order, each in its own fonts), or why not.
fn write_combined(path: &Path, outcome: &mut Outcome, args: &MergeArgs) -> serde_json::Value {
    let mut docs = std::mem::take(&mut outcome.combined);
    docs.sort_by_key(|(n, _, _)| *n);
    if docs.is_empty() {
        return serde_json::json!({ "file": null, "letters": 0, "error": "no letter rendered" });
    }
    let parts: Vec<(&Document, &FontSet)> = docs.iter().map(|(_, d, f)| (d, f)).collect();
    let title = format!("{} letters", docs.len());
    let written =
        letterpress::pdf::write_many(&parts, &args.options.pdf, args.duplex, Some(&title))
            .map_err(|e| format!("cannot write the combined PDF: {e}"))
            .and_then(|bytes| match write_output(path, &bytes) {
                Ok(()) => Ok(bytes.len()),
                Err(Failure::Io(m) | Failure::Usage(m)) => Err(m),
                Err(_) => Err(format!("cannot write `{}`", path.display())),
            });
    match written {
        Ok(bytes) => serde_json::json!({
            "file": path.display().to_string(),
            "letters": docs.len(),
            "bytes": bytes,
        }),
        Err(msg) => {
            outcome.io_failures.push(msg.clone());
            serde_json::json!({ "file": null, "letters": 0, "error": msg })
        }
    }
}

/// The combined PDF, the manifest, the old letters removed, the summary and the exit code.
fn finish(
    plan: &Plan,
    args: &MergeArgs,
    mut outcome: Outcome,
    stop: &signals::Stop,
) -> Result<(), Failure> {
    outcome.entries.sort_by_key(|e| e.record);
    let interrupted = stop.exit_code();
    let combined = match (&args.combined, interrupted) {
        (Some(path), None) => Some(write_combined(path, &mut outcome, args)),
        (Some(_), Some(_)) => Some(serde_json::json!({
            "file": null, "letters": 0, "error": "the merge was interrupted; no combined PDF written"
        })),
        (None, _) => None,
    };
    let removed = plan.previous.remove_stale(&outcome.written);
    if let Some(mp) = &plan.manifest {
        let manifest = manifest_json(plan, &outcome, combined, interrupted.is_some(), &removed);
        let text = serde_json::to_string_pretty(&manifest).unwrap_or_default();
        write_output(mp, text.as_bytes())?;
    }
    report(plan, args, &outcome, &removed);
    if let Some(code) = interrupted {
        eprintln!(
            "interrupted by {}: {} of {} records done; the manifest lists what was written",
            stop.name(),
            outcome.entries.len(),
            plan.records.len()
        );
        return Err(Failure::Quiet(code));
    }
    if !outcome.io_failures.is_empty() {
        return Err(Failure::Quiet(3));
    }
    if outcome.entries.iter().any(|e| e.status != "ok") {
        return Err(Failure::Quiet(1));
    }
    Ok(())
}

fn manifest_json(
    plan: &Plan,
    outcome: &Outcome,
    combined: Option<serde_json::Value>,
    interrupted: bool,
    removed: &[PathBuf],
) -> serde_json::Value {
    let ok = outcome.entries.iter().filter(|e| e.status == "ok").count();
    let mut m = serde_json::json!({
        "letter": plan.letter_id,
        "data": plan.data_id,
        "records": plan.records.len(),
        "written": ok,
        "failed": outcome.entries.len() - ok,
        "letters": &outcome.entries,
        "combined": combined,
    });
    if interrupted {
        m["interrupted"] = serde_json::json!(true);
    }
    if !removed.is_empty() {
        let list: Vec<String> = removed.iter().map(|p| p.display().to_string()).collect();
        m["removed"] = serde_json::json!(list);
    }
    m
}

/// Every failure with its record, the old letters removed, and the summary line.
fn report(plan: &Plan, args: &MergeArgs, outcome: &Outcome, removed: &[PathBuf]) {
    let failed: Vec<&Entry> = outcome
        .entries
        .iter()
        .filter(|e| e.status != "ok")
        .collect();
    for e in &failed {
        for msg in &e.errors {
            if msg.contains(&format!("record {}", e.record)) {
                eprintln!("error: {msg}");
            } else {
                eprintln!("error: record {}: {msg}", e.record);
            }
        }
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
    eprintln!(
        "merged {} of {} records{}{}",
        outcome.entries.len() - failed.len(),
        plan.records.len(),
        plan.out_dir
            .as_ref()
            .map(|d| format!(" into {}", d.display()))
            .unwrap_or_default(),
        args.combined
            .as_ref()
            .map(|c| format!(", combined in {}", c.display()))
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
