//! SIGINT and SIGTERM during a merge or a watch: the first one sets a flag the command checks
//! between units of work (a merge between records: the letters being written still finish,
//! their temporary files are renamed or removed, the manifest of what was written is written;
//! a watch between renders) and the command exits 130 or 143; a second one ends the process
//! at once, as a user pressing Ctrl-C twice expects.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use signal_hook::consts::{SIGINT, SIGTERM};

/// Whether, and by which signal, the command was asked to stop.
pub(crate) struct Stop {
    pub(crate) flag: Arc<AtomicBool>,
    signal: Arc<AtomicUsize>,
}

impl Stop {
    /// Install the handlers; on a platform without them the command simply cannot be stopped
    /// cleanly (the default handlers stay).
    pub(crate) fn install() -> Stop {
        let stop = Stop {
            flag: Arc::new(AtomicBool::new(false)),
            signal: Arc::new(AtomicUsize::new(0)),
        };
        for sig in [SIGINT, SIGTERM] {
            // Registered first, so it runs first: exits only when the flag is already set.
            let _ =
                signal_hook::flag::register_conditional_shutdown(sig, 128 + sig, stop.flag.clone());
            let _ = signal_hook::flag::register_usize(sig, stop.signal.clone(), sig as usize);
            let _ = signal_hook::flag::register(sig, stop.flag.clone());
        }
        stop
    }

    /// The exit code of an interrupted command (130 for SIGINT, 143 for SIGTERM), if it was.
    /// (A merge also sets the flag itself when its output fails; that is no signal.)
    pub(crate) fn exit_code(&self) -> Option<u8> {
        let sig = self.signal.load(Ordering::SeqCst);
        if sig == 0 {
            return None;
        }
        Some(u8::try_from(128 + sig).unwrap_or(130))
    }

    /// The signal's name, for the message.
    pub(crate) fn name(&self) -> &'static str {
        match self.signal.load(Ordering::SeqCst) as i32 {
            SIGTERM => "SIGTERM",
            _ => "SIGINT",
        }
    }
}
