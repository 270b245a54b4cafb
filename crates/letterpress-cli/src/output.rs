//! Writing the files a command produces: whole or not at all, with the permissions the user's
//! umask gives a new file; `-` is standard output; a device or pipe is written into, never
//! replaced.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::Failure;

/// Whether `path` means standard output (`-o -`).
pub(crate) fn is_stdout(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Write `bytes` to `path`:
/// - `-`: standard output;
/// - an existing regular file (or a link to one): replaced atomically, keeping its permissions
///   (a link stays a link, the file it points to is replaced);
/// - an existing character device or FIFO (`/dev/null`, `/dev/stdout`, the pipe of `-o >(gpg
///   -e)`): written into directly. Replacing the node by rename would turn `/dev/null` into a
///   regular file for every program on the machine (as root) and would send the letter into a
///   file nobody reads instead of the pipe the user named; what a user naming a device wants is
///   `cat > DEVICE`. A stream cannot be written "whole or not at all", so a failure there is
///   reported like any other;
/// - any other existing thing (a folder, a block device, a socket): refused with a message;
/// - nothing yet: a new file, created with mode 0666 less the umask, as `touch` or a shell
///   redirection would create it (letters are often confidential: a umask of 077 is kept).
pub(crate) fn write_output(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    write_output_with(path, &mut |w| w.write_all(bytes))
}

/// What writes a file's contents (a manifest streamed from its parts, say).
pub(crate) type Contents<'a> = dyn FnMut(&mut dyn Write) -> std::io::Result<()> + 'a;

/// [`write_output`] of what `contents` writes, without holding it all in memory (except
/// for standard output, where a failure must not leave half a file in a pipe's reader).
pub(crate) fn write_output_with(path: &Path, contents: &mut Contents<'_>) -> Result<(), Failure> {
    write_tagged(path, contents, TEMP_PREFIX)
}

/// The name every temporary file of ours starts with (`.letterpress-XXXXXX.tmp`).
pub(crate) const TEMP_PREFIX: &str = ".letterpress-";

/// [`write_output`] with temporary files named `{prefix}XXXXXX.tmp`: a shard of a merge gives
/// its own prefix, so that it removes only its own leftovers from a folder shards share.
pub(crate) fn write_output_tagged(path: &Path, bytes: &[u8], prefix: &str) -> Result<(), Failure> {
    write_tagged(path, &mut |w| w.write_all(bytes), prefix)
}

fn write_tagged(path: &Path, contents: &mut Contents<'_>, prefix: &str) -> Result<(), Failure> {
    if is_stdout(path) {
        let mut bytes = Vec::new();
        contents(&mut bytes)
            .map_err(|e| Failure::Io(format!("cannot write to standard output: {e}")))?;
        return crate::stdout::write(&bytes);
    }
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => {
            let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
            replace_atomically(&real, contents, Some(m.permissions()), path, prefix)
        }
        Ok(m) if m.is_dir() => Err(Failure::Io(format!(
            "cannot write `{}`: it is a folder; name a file",
            path.display()
        ))),
        Ok(m) if is_stream(&m) => write_into(path, contents),
        Ok(_) => Err(Failure::Io(format!(
            "cannot write `{}`: it is not a regular file, a character device or a pipe; name a file, or `-` for standard output",
            path.display()
        ))),
        Err(_) => replace_atomically(path, contents, None, path, prefix),
    }
}

#[cfg(unix)]
pub(crate) fn is_stream(m: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt;
    m.file_type().is_fifo() || m.file_type().is_char_device()
}

#[cfg(not(unix))]
pub(crate) fn is_stream(_: &std::fs::Metadata) -> bool {
    false
}

/// Write into an existing device or pipe, as `cat > PATH` does.
fn write_into(path: &Path, contents: &mut Contents<'_>) -> Result<(), Failure> {
    let io = |e: std::io::Error| Failure::Io(format!("cannot write `{}`: {e}", path.display()));
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(io)?;
    let mut w = std::io::BufWriter::new(&mut f);
    contents(&mut w).and_then(|()| w.flush()).map_err(io)
}

/// Write to a temporary file beside `target`, then rename it over `target`: a failure never
/// leaves a truncated file or clobbers an existing one. `shown` is the path as the user wrote it.
fn replace_atomically(
    target: &Path,
    contents: &mut Contents<'_>,
    keep: Option<std::fs::Permissions>,
    shown: &Path,
    prefix: &str,
) -> Result<(), Failure> {
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let io = |e: std::io::Error| Failure::Io(format!("cannot write `{}`: {e}", shown.display()));
    let mut builder = tempfile::Builder::new();
    builder.prefix(prefix).suffix(".tmp");
    // The mode is given to open(2), so the kernel applies the umask to it: a new file gets
    // exactly what `touch` would give it (0644 under umask 022, 0600 under 077).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(&dir).map_err(io)?;
    {
        let mut w = std::io::BufWriter::new(tmp.as_file_mut());
        contents(&mut w).and_then(|()| w.flush()).map_err(io)?;
    }
    if let Some(perms) = keep {
        tmp.as_file().set_permissions(perms).map_err(io)?;
    }
    // No fsync: the rename makes the file appear whole or not at all to every reader and
    // after any failure of ours, which is the promise. Durability across a power cut is the
    // file system's business, as for `cp` or a typesetter; a sync per file would cost a
    // mail merge of 1,000 letters seconds of waiting.
    tmp.persist(target).map_err(|e| io(e.error))?;
    Ok(())
}
