//! The files a command reads, collected once, and the rule that no output of the command may
//! be one of them: `-o`, `--layout-json`, `--manifest`, `--combined` and every letter of a
//! merge are checked before anything is written. A file is the same as an input when its real
//! path is, or (on Unix) its device and inode are: a symbolic or hard link to the letter is
//! the letter.

use std::path::{Path, PathBuf};

use letterpress::spec::{FontSpec, LetterheadSpec};
use letterpress::{Env, Letter};

use crate::Failure;

/// One file a command reads.
struct Input {
    /// What it is, for the message ("the letter", "its letterhead", …).
    what: &'static str,
    /// The path as the command found it.
    path: PathBuf,
    canonical: Option<PathBuf>,
    id: Option<(u64, u64)>,
}

/// Every file a command reads: those that exist, and those named but missing (which cannot be
/// overwritten, but which `watch` waits for).
#[derive(Default)]
pub(crate) struct Inputs(Vec<Input>, Vec<PathBuf>);

#[cfg(unix)]
fn identity(m: &std::fs::Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn identity(_: &std::fs::Metadata) -> Option<(u64, u64)> {
    None
}

/// Whether a value is a merge placeholder (its file is only known per record).
fn is_template(s: &str) -> bool {
    s.contains("{{") || s.contains("{%")
}

impl Inputs {
    /// Add a file; one that does not exist cannot be overwritten and is only remembered.
    pub(crate) fn add(&mut self, what: &'static str, path: &Path) {
        let Ok(meta) = std::fs::metadata(path) else {
            self.1.push(path.to_path_buf());
            return;
        };
        self.0.push(Input {
            what,
            path: path.to_path_buf(),
            canonical: std::fs::canonicalize(path).ok(),
            id: identity(&meta),
        });
    }

    /// The letter, its letterhead file, and the images and font files both name (those that
    /// are not merge placeholders). The letterhead is found through `res`, so a render that
    /// goes on with the same resources does not read it again.
    pub(crate) fn of_letter(
        letter_path: &Path,
        letter: &Letter,
        env: &Env,
        res: &letterpress::Resources,
    ) -> Inputs {
        let mut inputs = Inputs::default();
        inputs.add("the letter", letter_path);
        let dir = letter.source.base_dir();
        for s in &letter.spec.signatures {
            if let Some(image) = &s.image {
                inputs.add_named("a signature image the letter names", &dir, &image.value);
            }
        }
        for file in letter
            .spec
            .enclosures
            .iter()
            .filter_map(|e| e.file.as_ref())
        {
            inputs.add_named("a file the letter encloses", &dir, &file.value);
        }
        for a in &letter.spec.attachments {
            inputs.add_named("a file the letter attaches", &dir, &a.file.value);
        }
        if let Some(style) = &letter.spec.style {
            inputs.add_style(style, &dir);
        }
        let named_template = letter
            .spec
            .letterhead
            .as_ref()
            .is_some_and(|l| is_template(&l.value));
        if !named_template {
            if let Ok(Some(head)) = letterpress::find_letterhead(letter, env, res) {
                inputs.add("its letterhead", &head.source.path);
                inputs.add_style(&head.spec, &head.source.base_dir());
            }
        }
        inputs
    }

    /// Every file, as the command names it, the missing ones included.
    pub(crate) fn files(&self) -> impl Iterator<Item = &Path> {
        self.0
            .iter()
            .map(|i| i.path.as_path())
            .chain(self.1.iter().map(PathBuf::as_path))
    }

    fn add_named(&mut self, what: &'static str, dir: &Path, value: &str) {
        if !is_template(value) {
            self.add(what, &dir.join(value.trim()));
        }
    }

    /// The header images and font files of a letterhead or a letter's `style:`.
    fn add_style(&mut self, style: &LetterheadSpec, dir: &Path) {
        for h in [&style.header, &style.next_header].into_iter().flatten() {
            self.add_named("a header image", dir, &h.image.value);
        }
        if let Some(font) = &style.font {
            let files: [fn(&FontSpec) -> Option<&str>; 4] = [
                |f| f.regular.as_ref().map(|v| v.value.as_str()),
                |f| f.bold.as_ref().map(|v| v.value.as_str()),
                |f| f.italic.as_ref().map(|v| v.value.as_str()),
                |f| f.bold_italic.as_ref().map(|v| v.value.as_str()),
            ];
            for file in files.iter().filter_map(|get| get(font)) {
                self.add_named("a font file", dir, file);
            }
        }
    }

    /// The input `path` would overwrite, if any.
    fn hit(&self, path: &Path) -> Option<&Input> {
        let meta = std::fs::metadata(path).ok()?;
        let id = identity(&meta);
        let canonical = std::fs::canonicalize(path).ok();
        self.0.iter().find(|i| {
            (id.is_some() && i.id == id) || (canonical.is_some() && i.canonical == canonical)
        })
    }

    /// Refuse (exit 2) when an output names an input or two outputs name one file.
    pub(crate) fn refuse_overwrites(&self, outputs: &[Output<'_>]) -> Result<(), Failure> {
        for out in outputs {
            if crate::output::is_stdout(out.path) {
                continue;
            }
            if let Some(input) = self.hit(out.path) {
                return Err(Failure::Usage(format!(
                    "refusing to write {} to `{}`: it is {} `{}`, which this command reads — choose another {}",
                    out.what,
                    out.path.display(),
                    input.what,
                    input.path.display(),
                    out.option
                )));
            }
        }
        refuse_duplicates(outputs)
    }
}

/// A file a command is about to write.
pub(crate) struct Output<'a> {
    /// What it is ("the PDF", "the manifest").
    pub what: &'a str,
    /// The option that names it ("-o").
    pub option: &'a str,
    pub path: &'a Path,
}

/// Two outputs naming one file (or both standard output) would overwrite each other.
fn refuse_duplicates(outputs: &[Output<'_>]) -> Result<(), Failure> {
    let mut seen: Vec<(&Output<'_>, PathBuf)> = Vec::new();
    for out in outputs {
        if is_shared_stream(out.path) {
            continue;
        }
        let key = absolute(out.path);
        if let Some((first, _)) = seen.iter().find(|(_, k)| *k == key) {
            return Err(Failure::Usage(format!(
                "{} ({}) and {} ({}) both name `{}`; one would overwrite the other — give each its own file",
                first.what,
                first.option,
                out.what,
                out.option,
                out.path.display()
            )));
        }
        seen.push((out, key));
    }
    Ok(())
}

/// A device such as `/dev/null` may take several outputs at once; a file may not.
fn is_shared_stream(path: &Path) -> bool {
    !crate::output::is_stdout(path)
        && std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

/// The path with its folder resolved (the file itself may not exist yet).
pub(crate) fn absolute(path: &Path) -> PathBuf {
    if crate::output::is_stdout(path) {
        return path.to_path_buf();
    }
    if let Ok(p) = std::fs::canonicalize(path) {
        return p;
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let dir = std::fs::canonicalize(parent).unwrap_or_else(|_| parent.to_path_buf());
    match path.file_name() {
        Some(name) => dir.join(name),
        None => dir,
    }
}
