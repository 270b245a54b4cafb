//! Whether the pages chosen from an enclosed PDF can be copied: hayro-write (under krilla's
//! `pdf` feature) copies every object a page needs when the letter is written, and panics on a
//! dictionary entry it cannot read back. This walks the same objects first, so a damaged file
//! is refused at its `file:` with a reason instead.

use std::collections::BTreeSet;
use std::ops::Deref;

use hayro_syntax::object::{Dict, MaybeRef, ObjRef, Object};
use hayro_syntax::reader::{Reader, ReaderContext, ReaderExt};
use hayro_syntax::Pdf;

/// The most objects walked (a PDF of a few hundred pages has tens of thousands).
const MAX_OBJECTS: usize = 1_000_000;
/// The deepest nesting of direct arrays and dictionaries followed.
const MAX_DEPTH: usize = 64;

/// Why the pages cannot be copied, or `None` when every object they need reads back.
pub(super) fn check(pdf: &Pdf, pages: &[usize]) -> Option<&'static str> {
    // hayro-syntax 0.7 (the version krilla 0.8's hayro-write reads with) unwraps an array item
    // it cannot read although the array passed its validation (0.9 returns `None` there). The
    // walk reads array items itself and refuses such a file, so hayro-write never sees it; the
    // `catch_unwind` stays as a guard for other reads of 0.7 that might unwrap (a panic it
    // catches still prints the default hook's message, which is why the walk avoids them).
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut w = Walk::default();
        let _ = w.run(pdf, pages);
        w.failure
    }))
    .unwrap_or(Some("one of its arrays cannot be read"))
}

#[derive(Default)]
struct Walk {
    todo: Vec<ObjRef>,
    seen: BTreeSet<(i32, i32)>,
    failure: Option<&'static str>,
}

impl Walk {
    fn run(&mut self, pdf: &Pdf, pages: &[usize]) -> Option<()> {
        for &i in pages {
            let Some(page) = pdf.pages().get(i) else {
                return self.fail("one of its pages cannot be read");
            };
            let raw = page.raw();
            let own: Vec<_> = raw.keys().filter(|k| k.deref() != b"Parent").collect();
            for k in own {
                self.entry(raw, k.deref(), 0)?;
            }
            // Resources inherited from the page tree.
            let mut parent = raw.get::<Dict<'_>>(b"Parent");
            for _ in 0..MAX_DEPTH {
                let Some(p) = parent else { break };
                if p.contains_key(b"Resources") {
                    self.entry(&p, b"Resources", 0)?;
                }
                parent = p.get::<Dict<'_>>(b"Parent");
            }
        }
        while let Some(r) = self.todo.pop() {
            if !self.seen.insert((r.obj_number, r.gen_number)) {
                continue;
            }
            if self.seen.len() > MAX_OBJECTS {
                return self.fail("it has more objects than can be checked");
            }
            match pdf.xref().get::<Object<'_>>(r.into()) {
                Some(Object::Stream(s)) => self.dict(s.dict(), 0)?,
                Some(o) => self.object(&o, 0)?,
                None => {} // a missing object is copied as null, as a reader shows it
            }
        }
        Some(())
    }

    /// Record a failure; `None` stops the walk (the `?` in the callers).
    fn fail(&mut self, why: &'static str) -> Option<()> {
        self.failure = Some(why);
        None
    }

    fn entry(&mut self, d: &Dict<'_>, key: &[u8], depth: usize) -> Option<()> {
        match d.get_raw::<Object<'_>>(key) {
            None => self.fail("an entry of one of its dictionaries cannot be read"),
            Some(MaybeRef::Ref(r)) => {
                self.todo.push(r);
                Some(())
            }
            Some(MaybeRef::NotRef(o)) => self.object(&o, depth + 1),
        }
    }

    fn dict(&mut self, d: &Dict<'_>, depth: usize) -> Option<()> {
        for k in d.keys().collect::<Vec<_>>() {
            self.entry(d, k.deref(), depth)?;
        }
        Some(())
    }

    fn object(&mut self, o: &Object<'_>, depth: usize) -> Option<()> {
        if depth > MAX_DEPTH {
            return self.fail("its objects are nested deeper than can be copied");
        }
        match o {
            Object::Dict(d) => self.dict(d, depth),
            Object::Array(a) => {
                let mut items = Reader::new(a.data());
                loop {
                    items.skip_white_spaces_and_comments();
                    if items.at_end() {
                        return Some(());
                    }
                    // Not `raw_iter`: hayro-syntax 0.7 unwraps an item it cannot read there.
                    match items.read_with_context::<MaybeRef<Object<'_>>>(&ReaderContext::dummy()) {
                        None => return self.fail("one of its arrays cannot be read"),
                        Some(MaybeRef::Ref(r)) => self.todo.push(r),
                        Some(MaybeRef::NotRef(o)) => self.object(&o, depth + 1)?,
                    }
                }
            }
            Object::Stream(_) => self.fail("a stream stands where only a reference may"),
            _ => Some(()),
        }
    }
}
