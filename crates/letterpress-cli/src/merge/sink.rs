//! Where a streamed combined PDF goes while it is written, with the promises of
//! [`crate::output::write_output`]: a regular file (new or existing) is written to a temporary
//! file beside it and renamed over it when complete (removed if the merge stops or fails; an
//! existing file keeps its permissions, a new one gets the umask's); a character device or
//! pipe is written into directly; standard output gets the file when it is complete (spooled
//! to an unnamed temporary file meanwhile, so memory stays flat).

use std::fs::File;
use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::output::{is_stdout, is_stream, TEMP_PREFIX};
use crate::Failure;

enum Target {
    /// Renamed over `path` when complete, with `keep`'s permissions if it replaces a file.
    Temp {
        file: NamedTempFile,
        path: PathBuf,
        keep: Option<std::fs::Permissions>,
    },
    Direct(File),
    Stdout(File),
}

impl Write for Target {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Target::Temp { file, .. } => file.write(buf),
            Target::Direct(f) | Target::Stdout(f) => f.write(buf),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Target::Temp { file, .. } => file.flush(),
            Target::Direct(f) | Target::Stdout(f) => f.flush(),
        }
    }
}

/// The combined PDF's output while it is written.
pub(super) struct Sink {
    w: BufWriter<Target>,
    shown: PathBuf,
    bytes: u64,
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.w.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.w.flush()
    }
}

impl Sink {
    /// Open the output for `path`; the folder for the writer's own temporary files.
    pub(super) fn open(path: &Path) -> Result<(Sink, PathBuf), Failure> {
        let io = |e: io::Error| Failure::Io(format!("cannot write `{}`: {e}", path.display()));
        let (target, spool) = if is_stdout(path) {
            (
                Target::Stdout(tempfile::tempfile().map_err(io)?),
                std::env::temp_dir(),
            )
        } else {
            match std::fs::metadata(path) {
                Ok(m) if m.is_file() => {
                    let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
                    temp_beside(&real, Some(m.permissions())).map_err(io)?
                }
                Ok(m) if m.is_dir() => {
                    return Err(Failure::Io(format!(
                        "cannot write `{}`: it is a folder; name a file",
                        path.display()
                    )))
                }
                Ok(m) if is_stream(&m) => (
                    Target::Direct(
                        std::fs::OpenOptions::new()
                            .write(true)
                            .open(path)
                            .map_err(io)?,
                    ),
                    std::env::temp_dir(),
                ),
                Ok(_) => {
                    return Err(Failure::Io(format!(
                        "cannot write `{}`: it is not a regular file, a character device or a pipe; name a file, or `-` for standard output",
                        path.display()
                    )))
                }
                Err(_) => temp_beside(path, None).map_err(io)?,
            }
        };
        let sink = Sink {
            w: BufWriter::with_capacity(256 * 1024, target),
            shown: path.to_path_buf(),
            bytes: 0,
        };
        Ok((sink, spool))
    }

    /// Make the written file the output: rename it over the path, or copy it to standard
    /// output. The bytes written.
    pub(super) fn commit(self) -> Result<u64, String> {
        let shown = self.shown.display().to_string();
        let io = |e: io::Error| format!("cannot write `{shown}`: {e}");
        let bytes = self.bytes;
        let target = self.w.into_inner().map_err(|e| io(e.into_error()))?;
        match target {
            Target::Temp { file, path, keep } => {
                if let Some(perms) = keep {
                    file.as_file().set_permissions(perms).map_err(io)?;
                }
                file.persist(&path).map_err(|e| io(e.error))?;
            }
            Target::Direct(mut f) => f.flush().map_err(io)?,
            Target::Stdout(mut f) => {
                f.seek(SeekFrom::Start(0)).map_err(io)?;
                let mut out = io::stdout().lock();
                io::copy(&mut f, &mut out)
                    .and_then(|_| out.flush())
                    .map_err(|e| format!("cannot write to standard output: {e}"))?;
            }
        }
        Ok(bytes)
    }
}

/// A temporary file beside `target` (named `.letterpress-XXXXXX.tmp`, mode 0666 less the
/// umask), and its folder for the writer's spool files.
fn temp_beside(target: &Path, keep: Option<std::fs::Permissions>) -> io::Result<(Target, PathBuf)> {
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let file = builder.tempfile_in(&dir)?;
    Ok((
        Target::Temp {
            file,
            path: target.to_path_buf(),
            keep,
        },
        dir,
    ))
}
