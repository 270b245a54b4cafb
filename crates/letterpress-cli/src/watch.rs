//! `letterpress watch`: render, then render again whenever a file the render read changes —
//! the letter, its letterhead file, the images and font files they name (also one named but
//! still missing). The folders of those files are watched, not the files: editors save by
//! writing a new file and renaming it over the old one, which a watch on the old file would
//! miss; events are then filtered to the files themselves (our own output and the editor's
//! swap files change nothing). A failed render prints its error and leaves the last good
//! output in place (outputs are written whole or not at all). Ctrl-C (SIGINT) or SIGTERM end
//! the watch between renders with 130 or 143, with no temporary file left behind.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use letterpress::Env;
use notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

use crate::render::{plural, Job};
use crate::signals::Stop;
use crate::stdout::outln;
use crate::{diagnostics, Failure};

/// Events closer together than this make one render (an editor's save is several events).
const DEBOUNCE: Duration = Duration::from_millis(150);
/// How often the loop looks at the signal flag while no file changes.
const TICK: Duration = Duration::from_millis(100);

/// Watch and render until a signal ends it.
pub(crate) fn run(job: &Job, env: &Env) -> Result<(), Failure> {
    if job.to_stdout() {
        return Err(Failure::Usage(
            "watch writes a file on every change; name one with -o (standard output takes one render)".into(),
        ));
    }
    let stop = Stop::install();
    let (tx, rx) = std::sync::mpsc::channel();
    let mut debouncer = new_debouncer(DEBOUNCE, None, tx).map_err(watch_failure)?;
    let mut watched = Watched::default();
    let mut files = vec![job.letter.clone()];
    // The letter's folder is watched before the first render reads it: an edit while it runs
    // is not lost.
    watched.update(&mut debouncer, &files)?;
    let mut first = true;
    loop {
        let line = round(job, env, &mut files, first)?;
        first = false;
        // The line comes after the watches: whoever reads it may edit at once.
        watched.update(&mut debouncer, &files)?;
        outln!("{line}");
        if !wait(&rx, &watched, &stop)? {
            eprintln!("watch stopped ({})", stop.name());
            return Err(Failure::Quiet(stop.exit_code().unwrap_or(130)));
        }
    }
}

/// One render; its line for standard output. `files` becomes the files this render read (kept
/// from the previous round when the letter does not even parse). A usage or I/O failure of the
/// first render ends the watch (the command line or the output is wrong, or the letter cannot
/// be read at all): no edit of the letter will fix that.
fn round(job: &Job, env: &Env, files: &mut Vec<PathBuf>, first: bool) -> Result<String, Failure> {
    let started = Instant::now();
    let mut inputs = None;
    let result = job.run(env, &mut inputs);
    if let Some(inputs) = inputs {
        *files = inputs.files().map(Path::to_path_buf).collect();
    }
    let ms = started.elapsed().as_millis();
    let now = chrono::Local::now().format("%H:%M:%S");
    Ok(match result {
        Ok(done) => {
            let shown = match done.files.as_slice() {
                [one] => one.display().to_string(),
                many => format!("{} images", many.len()),
            };
            format!(
                "{now} rendered {shown}: {} page{} in {ms} ms",
                done.pages,
                plural(done.pages)
            )
        }
        // The letter itself cannot be read: there is nothing to watch yet.
        Err(Failure::Input(errors)) if first && crate::exit_code(&errors) == 3 => {
            return Err(Failure::Input(errors))
        }
        Err(Failure::Input(errors)) => {
            diagnostics::print_errors(&errors);
            let n = errors.0.len();
            format!(
                "{now} error: {n} problem{} in {}; the last good output is kept",
                plural(n),
                job.letter.display()
            )
        }
        Err(f @ (Failure::Usage(_) | Failure::Io(_))) if first => return Err(f),
        Err(Failure::Usage(msg) | Failure::Io(msg)) => {
            eprintln!("error: {msg}");
            format!("{now} error: {msg}; the last good output is kept")
        }
        Err(f @ Failure::Quiet(_)) => return Err(f),
    })
}

type FolderWatcher = Debouncer<RecommendedWatcher, RecommendedCache>;

/// The files whose change starts a render, and the folders watched for them.
#[derive(Default)]
struct Watched {
    /// Each file as its real folder joined with its name: the form of the watcher's paths.
    files: BTreeSet<PathBuf>,
    folders: BTreeSet<PathBuf>,
}

impl Watched {
    /// Watch the folders of `files` (and stop watching those no file is in any more).
    fn update(&mut self, watcher: &mut FolderWatcher, files: &[PathBuf]) -> Result<(), Failure> {
        self.files = files.iter().filter_map(|f| watch_key(f)).collect();
        let folders: BTreeSet<PathBuf> = self
            .files
            .iter()
            .filter_map(|f| f.parent().map(Path::to_path_buf))
            .collect();
        for gone in self.folders.difference(&folders) {
            let _ = watcher.unwatch(gone);
        }
        for new in folders.difference(&self.folders) {
            watcher
                .watch(new, RecursiveMode::NonRecursive)
                .map_err(watch_failure)?;
        }
        self.folders = folders;
        Ok(())
    }

    /// Whether an event changes one of the files. Opening and reading are not changes (every
    /// render reads the letter: counting them would render forever).
    fn concerns(&self, event: &notify::Event) -> bool {
        !matches!(event.kind, EventKind::Access(_))
            && event.paths.iter().any(|path| {
                self.files.contains(path)
                    || watch_key(path).is_some_and(|k| self.files.contains(&k))
            })
    }
}

/// A file as its real folder joined with its name (the file itself may be missing or be
/// replaced at any moment; its folder is what is watched).
fn watch_key(file: &Path) -> Option<PathBuf> {
    let name = file.file_name()?;
    let parent = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    Some(std::fs::canonicalize(parent).ok()?.join(name))
}

/// Wait until a watched file changes (true) or a signal asks to stop (false).
fn wait(
    rx: &Receiver<DebounceEventResult>,
    watched: &Watched,
    stop: &Stop,
) -> Result<bool, Failure> {
    loop {
        if stop.exit_code().is_some() {
            return Ok(false);
        }
        match rx.recv_timeout(TICK) {
            Ok(Ok(events)) if events.iter().any(|e| watched.concerns(e)) => return Ok(true),
            Ok(Ok(_)) | Err(RecvTimeoutError::Timeout) => {}
            Ok(Err(errors)) => {
                for e in errors {
                    eprintln!("warning: watching files: {e}");
                }
            }
            Err(RecvTimeoutError::Disconnected) => {
                return Err(Failure::Io(
                    "the file watcher stopped; start `letterpress watch` again".into(),
                ))
            }
        }
    }
}

fn watch_failure(e: notify::Error) -> Failure {
    let hint = match e.kind {
        notify::ErrorKind::MaxFilesWatch => {
            "; the system's limit of watches is reached (Linux: raise fs.inotify.max_user_watches)"
        }
        _ => "",
    };
    Failure::Io(format!("cannot watch the letter's files: {e}{hint}"))
}
