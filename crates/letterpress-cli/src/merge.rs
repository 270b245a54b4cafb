//! `letterpress merge`: one letter per record, as files and/or one combined PDF, with a JSON
//! manifest of what was written. A bad record stops nothing else.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use indicatif::{ProgressBar, ProgressStyle};
use letterpress::merge::{merge_each, read_records, Record, Template};
use letterpress::{load_letter, Document, Env, Errors, RenderOptions, Resources};

use crate::{write_atomically, Failure};

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

/// The file name of each record, from `--name` (a template over the record's fields and
/// `record`, the record's number) or the zero-padded record number.
fn names(records: &[Record], pattern: Option<&str>) -> Result<Vec<Result<String, String>>, String> {
    let width = records.len().max(1).to_string().len().max(4);
    let Some(pattern) = pattern else {
        return Ok(records
            .iter()
            .map(|r| Ok(format!("{:0width$}.pdf", r.number)))
            .collect());
    };
    let mut env = minijinja::Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.add_template("name", pattern)
        .map_err(|e| format!("bad --name template `{pattern}`: {e}"))?;
    let t = env.get_template("name").map_err(|e| e.to_string())?;
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    Ok(records
        .iter()
        .map(|r| {
            let mut ctx = r.fields.clone();
            ctx.insert("record".into(), r.number.to_string());
            let mut name = t
                .render(&ctx)
                .map_err(|e| format!("--name: record {}: {e}", r.number))?
                .trim()
                .to_string();
            if name.is_empty() || name.contains(['/', '\\']) || name == "." || name == ".." || name.starts_with('.') {
                return Err(format!(
                    "--name gives `{name}` for record {}: a file name may not be empty, start with `.` or hold `/`",
                    r.number
                ));
            }
            if !name.to_ascii_lowercase().ends_with(".pdf") {
                name.push_str(".pdf");
            }
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

/// Run a merge.
pub fn run(args: MergeArgs) -> Result<(), Failure> {
    let env = crate::env_for(&args.letter, args.root.as_deref())?;
    if args.root.is_some() {
        env.check_read(&args.data).map_err(|kind| {
            Failure::Input(letterpress::Errors(vec![letterpress::Error::new(kind)]))
        })?;
    }
    let letter = load_letter(&args.letter).map_err(|e| Failure::Input(e.into()))?;
    let records = read_records(&args.data).map_err(|e| Failure::Input(e.into()))?;
    let template = Template::new(letter).map_err(Failure::Input)?;
    let out_dir = match (&args.out, &args.combined) {
        (Some(d), _) => Some(d.clone()),
        (None, Some(_)) => None,
        (None, None) => Some(default_out(&args.letter)),
    };
    let file_names = names(&records, args.name.as_deref()).map_err(Failure::Usage)?;
    if let Some(dir) = &out_dir {
        std::fs::create_dir_all(dir)
            .map_err(|e| Failure::Io(format!("cannot create `{}`: {e}", dir.display())))?;
    }
    let inputs: Vec<PathBuf> = [&args.letter, &args.data]
        .iter()
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .collect();

    let progress = if std::io::stderr().is_terminal() {
        let pb = ProgressBar::new(records.len() as u64);
        pb.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} letters  {per_sec}  eta {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        pb
    } else {
        ProgressBar::hidden()
    };

    let res = Resources::new();
    let entries: Mutex<Vec<Entry>> = Mutex::new(Vec::with_capacity(records.len()));
    let keep: Mutex<Vec<(usize, Document)>> = Mutex::new(Vec::new());
    let io_failures: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let by_number: BTreeMap<usize, usize> = records
        .iter()
        .enumerate()
        .map(|(i, r)| (r.number, i))
        .collect();
    merge_each(&template, &records, &env, &res, &args.options, |item| {
        let idx = by_number.get(&item.record).copied().unwrap_or(0);
        let mut entry = Entry {
            record: item.record,
            file: None,
            pages: 0,
            status: "ok",
            errors: Vec::new(),
            warnings: Vec::new(),
        };
        match (item.result, &file_names[idx]) {
            (Err(errors), _) => {
                entry.status = "error";
                entry.errors = errors.0.iter().map(|e| e.to_string()).collect();
            }
            (Ok(_), Err(msg)) => {
                entry.status = "error";
                entry.errors = vec![msg.clone()];
            }
            (Ok(rendered), Ok(name)) => {
                entry.pages = rendered.output.document.pages.len();
                entry.warnings = rendered
                    .warnings
                    .iter()
                    .map(|w| w.message.clone())
                    .collect();
                if let Some(dir) = &out_dir {
                    let path = dir.join(name);
                    let clobbers_input = std::fs::canonicalize(&path)
                        .map(|p| inputs.contains(&p))
                        .unwrap_or(false);
                    if clobbers_input {
                        entry.status = "error";
                        entry.errors = vec![format!(
                            "refusing to overwrite the input `{}`",
                            path.display()
                        )];
                    } else if let Err(Failure::Io(msg)) =
                        write_atomically(&path, &rendered.output.pdf)
                    {
                        entry.status = "error";
                        entry.errors = vec![msg.clone()];
                        io_failures
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .push(msg);
                    } else {
                        entry.file = Some(path.display().to_string());
                    }
                }
                if args.combined.is_some() {
                    keep.lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push((item.record, rendered.output.document));
                }
            }
        }
        entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(entry);
        progress.inc(1);
    });
    progress.finish_and_clear();

    let mut entries = entries.into_inner().unwrap_or_else(|e| e.into_inner());
    entries.sort_by_key(|e| e.record);
    let mut combined_info = None;
    if let Some(path) = &args.combined {
        let mut docs = keep.into_inner().unwrap_or_else(|e| e.into_inner());
        docs.sort_by_key(|(n, _)| *n);
        if !docs.is_empty() {
            // Every letter of a template shares its fonts; resolve the first for them.
            let fonts = first_fonts(&template, &records, &env, &res).map_err(Failure::Input)?;
            let parts: Vec<(&Document, &letterpress::fonts::FontSet)> =
                docs.iter().map(|(_, d)| (d, &fonts)).collect();
            let title = format!("{} letters", docs.len());
            let bytes =
                letterpress::pdf::write_many(&parts, &args.options.pdf, args.duplex, Some(&title))
                    .map_err(|e| Failure::Input(e.into()))?;
            write_atomically(path, &bytes)?;
            combined_info = Some(serde_json::json!({
                "file": path.display().to_string(),
                "letters": docs.len(),
                "bytes": bytes.len(),
            }));
        }
    }
    let failed: Vec<&Entry> = entries.iter().filter(|e| e.status != "ok").collect();
    let manifest_path = args
        .manifest
        .clone()
        .or_else(|| out_dir.as_ref().map(|d| d.join("manifest.json")));
    if let Some(mp) = &manifest_path {
        let manifest = serde_json::json!({
            "letter": args.letter.display().to_string(),
            "data": args.data.display().to_string(),
            "records": entries.len(),
            "written": entries.iter().filter(|e| e.status == "ok").count(),
            "failed": failed.len(),
            "letters": &entries,
            "combined": combined_info,
        });
        let text = serde_json::to_string_pretty(&manifest).unwrap_or_default();
        write_atomically(mp, text.as_bytes())?;
    }
    for e in &failed {
        for msg in &e.errors {
            if msg.contains(&format!("record {}", e.record)) {
                eprintln!("error: {msg}");
            } else {
                eprintln!("error: record {}: {msg}", e.record);
            }
        }
    }
    eprintln!(
        "merged {} of {} records{}{}",
        entries.len() - failed.len(),
        entries.len(),
        out_dir
            .map(|d| format!(" into {}", d.display()))
            .unwrap_or_default(),
        args.combined
            .map(|c| format!(", combined in {}", c.display()))
            .unwrap_or_default()
    );
    let io = io_failures.into_inner().unwrap_or_else(|e| e.into_inner());
    if !io.is_empty() {
        return Err(Failure::Quiet(3));
    }
    if !failed.is_empty() {
        return Err(Failure::Quiet(1));
    }
    Ok(())
}

fn default_out(letter: &Path) -> PathBuf {
    let stem = letter
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_else(|| "letters".into());
    letter.with_file_name(format!("{stem}-letters"))
}

fn first_fonts(
    template: &Template,
    records: &[Record],
    env: &Env,
    res: &Resources,
) -> Result<letterpress::fonts::FontSet, Errors> {
    let first = records.first().ok_or_else(|| Errors(Vec::new()))?;
    let letter = template.instantiate(first)?;
    let head = letterpress::find_letterhead(&letter, env, res)?;
    let resolved = letterpress::resolve(&letter, head.as_ref(), env, res)?;
    Ok(resolved.fonts)
}
