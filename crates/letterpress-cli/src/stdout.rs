//! Standard output. Every byte the CLI prints there goes through [`write`] (no `println!`):
//! a reader that has gone away (`letterpress letterheads | head -n 1`) ends the command
//! quietly with exit 0, as it ends `cat`, instead of a panic.

use std::io::Write;

use crate::Failure;

/// Write `bytes` to standard output and flush; a closed pipe stops the command with exit 0.
pub(crate) fn write(bytes: &[u8]) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(Failure::Quiet(0)),
        Err(e) => Err(Failure::Io(format!("cannot write to standard output: {e}"))),
    }
}

/// One line of text on standard output (see [`write`]).
pub(crate) fn line(text: &str) -> Result<(), Failure> {
    let mut bytes = Vec::with_capacity(text.len() + 1);
    bytes.extend_from_slice(text.as_bytes());
    bytes.push(b'\n');
    write(&bytes)
}

/// `outln!("…", args)`: a formatted line on standard output, `?`-propagating a closed pipe.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::stdout::line(&format!($($arg)*))?
    };
}
pub(crate) use outln;
