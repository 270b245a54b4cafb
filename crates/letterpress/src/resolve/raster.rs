//! A PNG or JPEG made ready for krilla on a second core while the letter is laid out.
//!
//! krilla (as published, without its `rayon` feature) decodes a PNG that it cannot embed as it
//! is (one with transparency, such as a signature) and deflates its pixels again as soon as the
//! image is created: for the bench letter's 900 × 300 signature that is a third of a whole
//! render's instructions. The file has been checked by then (`image_from_bytes`: header, size,
//! every row of its pixel data), so nothing about the letter depends on the result until the
//! PDF writer draws the image. A [`Raster`] therefore starts that work on a thread of its own
//! and the writer waits for it when it first draws the image; the bytes are the same either way.
//! If the thread has not begun the job by then (the system had no core free for it), the writer
//! takes the job back and makes the image itself rather than wait for the thread to start.
//!
//! The thread is started only where it can run beside the letter: with the `parallel` feature,
//! outside rayon's pool. Inside the pool (a merge renders its letters there, every core already
//! busy with a letter) and without the feature the image is made at once, as before. If the
//! thread cannot be started, the writer makes the image itself.
//!
//! Memory stays bounded as before: the images being made on their own threads together hold at
//! most [`MAX_IMAGE_DECODED_BYTES`] of decoded pixels (one image at the limit); an image that
//! would go over it is made at once, so a letter of many large images decodes no more of them
//! at a time than one in the background and one in the letter's own thread.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use super::MAX_IMAGE_DECODED_BYTES;

/// Decoded bytes of the images being made on their own threads, in this process.
static IN_FLIGHT: AtomicU64 = AtomicU64::new(0);

/// What krilla makes of the file: the image, or why it cannot.
type Made = Result<krilla::image::Image, String>;

/// The job that makes the image.
type Job = Box<dyn FnOnce() -> Made + Send>;

/// A job handed to a thread, until the thread or the writer takes it.
type Slot = Arc<Mutex<Option<Job>>>;

/// A raster image for krilla, made now or on another thread (see the module header).
#[derive(Clone)]
pub(crate) struct Raster(Arc<Mutex<State>>);

enum State {
    /// Made.
    Ready(Made),
    /// Given to a thread of its own, which takes the job from the slot when it starts.
    Running(std::thread::JoinHandle<Made>, Slot),
    /// Not started: the thread could not be started.
    Waiting(Job),
    /// Between two states while the lock is held (never seen outside `get`).
    Taken,
}

impl std::fmt::Debug for Raster {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Raster")
    }
}

impl Raster {
    /// Make the image with `make`, on a thread of its own when that runs beside the letter
    /// and its `decoded` bytes fit beside the images already being made (see the module
    /// header); else (or with `decoded` 0) at once.
    pub(crate) fn new(decoded: u64, make: impl FnOnce() -> Made + Send + 'static) -> Raster {
        let state = match Reserved::take(decoded) {
            Some(reserved) if beside_the_letter() => start(Box::new(move || {
                let made = make();
                drop(reserved);
                made
            })),
            _ => State::Ready(make()),
        };
        Raster(Arc::new(Mutex::new(state)))
    }

    /// The image, waiting for its thread if it is still being made.
    pub(crate) fn get(&self) -> Made {
        let mut state = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let State::Ready(made) = &*state {
            return made.clone();
        }
        let made = match std::mem::replace(&mut *state, State::Taken) {
            State::Running(thread, slot) => match take(&slot) {
                // Not begun: made here; the thread finds the slot empty and ends.
                Some(job) => job(),
                None => thread
                    .join()
                    .unwrap_or_else(|_| Err("krilla failed while reading it".to_string())),
            },
            State::Waiting(job) => job(),
            State::Ready(made) => made,
            State::Taken => Err("it was being read when an earlier read failed".to_string()),
        };
        *state = State::Ready(made.clone());
        made
    }
}

/// Decoded bytes counted in a counter ([`IN_FLIGHT`]) until dropped (also when the job
/// unwinds).
struct Reserved(&'static AtomicU64, u64);

impl Reserved {
    /// Count `bytes` in flight if they fit under the limit.
    fn take(bytes: u64) -> Option<Reserved> {
        Reserved::take_from(&IN_FLIGHT, bytes)
    }

    fn take_from(counter: &'static AtomicU64, bytes: u64) -> Option<Reserved> {
        if bytes == 0 {
            return None;
        }
        counter
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |now| {
                now.checked_add(bytes)
                    .filter(|&total| total <= MAX_IMAGE_DECODED_BYTES)
            })
            .ok()
            .map(|_| Reserved(counter, bytes))
    }
}

impl Drop for Reserved {
    fn drop(&mut self) {
        self.0.fetch_sub(self.1, Ordering::SeqCst);
    }
}

/// Whether a thread started now runs beside the letter rather than taking a core from another.
fn beside_the_letter() -> bool {
    #[cfg(feature = "parallel")]
    {
        rayon::current_thread_index().is_none()
    }
    #[cfg(not(feature = "parallel"))]
    {
        false
    }
}

/// Start `job` on a thread of its own; if the system refuses a thread, keep it for `get`.
fn start(job: Job) -> State {
    // The job is handed over through a slot so that it is still ours if spawning fails.
    let slot: Slot = Arc::new(Mutex::new(Some(job)));
    let theirs = Arc::clone(&slot);
    let spawned = std::thread::Builder::new()
        .name("letterpress-image".into())
        .spawn(move || {
            take(&theirs).map_or_else(|| Err("it was taken back".to_string()), |job| job())
        });
    match spawned {
        Ok(thread) => State::Running(thread, slot),
        Err(_) => match take(&slot) {
            Some(job) => State::Waiting(job),
            None => State::Ready(Err("it was never read".to_string())),
        },
    }
}

/// The job in `slot`, if nobody has taken it yet.
fn take(slot: &Slot) -> Option<Job> {
    slot.lock().unwrap_or_else(PoisonError::into_inner).take()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png() -> Vec<u8> {
        std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../letterheads/nowak-pr/signatures/anna-nowak.png"
        ))
        .expect("a bundled signature")
    }

    fn make(data: Vec<u8>) -> impl FnOnce() -> Made + Send + 'static {
        move || krilla::image::Image::from_png(data.into(), false)
    }

    #[test]
    fn made_on_a_thread_or_at_once_the_image_is_the_same() {
        let at_once = Raster::new(0, make(png())).get().expect("made");
        let beside = Raster::new(1, make(png()));
        let first = beside.get().expect("made on its thread");
        let again = beside.get().expect("kept");
        assert_eq!(at_once.size(), first.size());
        assert_eq!(first, again);
    }

    #[test]
    fn a_job_its_thread_has_not_begun_is_made_by_the_writer() {
        // A thread that cannot begin until the writer has its image.
        let (go, wait) = std::sync::mpsc::channel::<()>();
        let slot: Slot = Arc::new(Mutex::new(Some(Box::new(make(png())) as Job)));
        let theirs = Arc::clone(&slot);
        let thread = std::thread::spawn(move || {
            wait.recv().expect("told to begin");
            take(&theirs).map_or_else(|| Err("taken back".to_string()), |job| job())
        });
        let raster = Raster(Arc::new(Mutex::new(State::Running(thread, slot))));
        let image = raster.get().expect("made by the writer, not waited for");
        go.send(()).expect("the thread still waits");
        assert_eq!(image.size(), (raster.get().expect("kept")).size());
    }

    #[test]
    fn a_failure_is_reported_by_every_get() {
        let bad = Raster::new(1, make(b"\x89PNG\r\n\x1a\nnot a png".to_vec()));
        assert!(bad.get().is_err());
        assert!(bad.get().is_err(), "kept");
    }

    #[test]
    fn images_over_the_limit_together_are_made_at_once() {
        // A counter of its own: the other tests run images beside this one.
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let first = Reserved::take_from(&COUNTER, MAX_IMAGE_DECODED_BYTES).expect("room for one");
        assert!(Reserved::take_from(&COUNTER, 1).is_none(), "full");
        assert!(
            Reserved::take_from(&COUNTER, 0).is_none(),
            "nothing to make"
        );
        drop(first);
        let r = Reserved::take_from(&COUNTER, 1).expect("room again");
        assert_eq!(COUNTER.load(Ordering::SeqCst), 1);
        drop(r);
        assert_eq!(COUNTER.load(Ordering::SeqCst), 0);
    }

    #[cfg(feature = "parallel")]
    #[test]
    fn inside_rayons_pool_the_image_is_made_at_once() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .expect("pool");
        let r = pool.install(|| Raster::new(1, make(png())));
        assert!(matches!(
            *r.0.lock().unwrap_or_else(PoisonError::into_inner),
            State::Ready(Ok(_))
        ));
    }
}
