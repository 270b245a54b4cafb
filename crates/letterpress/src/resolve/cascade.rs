//! The cascade of values: a key of the letter's `style:` wins over the letterhead's, and each
//! value keeps the file it came from, so an error points into the right file. [`Ctx`] collects
//! every problem of a resolve, so `check` reports them all at once.

use serde_saphyr::Spanned;

use crate::error::{Error, ErrorKind, Origin, Warning};
use crate::spec::{Letter, Letterhead, LetterheadSpec, SourceFile};

use super::{Env, Resources};

/// The state of one resolve: the problems found so far and where files come from.
pub(super) struct Ctx<'a> {
    pub(super) errors: Vec<Error>,
    /// Warnings found while resolving (of artwork, so far).
    pub(super) notes: Vec<crate::error::Warning>,
    /// Problems that do not stop the letter (an address set by the UPU default).
    pub(super) warnings: Vec<Warning>,
    pub(super) res: &'a Resources,
    pub(super) env: &'a Env,
}

impl<'a> Ctx<'a> {
    pub(super) fn new(res: &'a Resources, env: &'a Env) -> Self {
        Ctx {
            errors: Vec::new(),
            notes: Vec::new(),
            warnings: Vec::new(),
            res,
            env,
        }
    }

    pub(super) fn push(&mut self, mut e: Error) {
        if matches!(e.kind, ErrorKind::OutsideRoot { .. }) && e.hint.is_none() {
            e = e.hint("move the file into the allowed folder, or allow a wider one");
        }
        self.errors.push(e);
    }
}

/// A value of the letter's `style:` or of the letterhead, with the file it came from.
pub(super) struct Pick<'a, T> {
    pub(super) value: &'a T,
    pub(super) file: &'a SourceFile,
}

/// The first of the style's value and the letterhead's, with its file.
pub(super) fn pick<'a, T>(
    style: Option<&'a T>,
    style_file: &'a SourceFile,
    lh: Option<&'a T>,
    lh_file: Option<&'a SourceFile>,
) -> Option<Pick<'a, T>> {
    match (style, lh, lh_file) {
        (Some(v), _, _) => Some(Pick {
            value: v,
            file: style_file,
        }),
        (None, Some(v), Some(f)) => Some(Pick { value: v, file: f }),
        _ => None,
    }
}

/// The letter's `style:` over its letterhead: where each letterhead key is looked up.
#[derive(Clone, Copy)]
pub(super) struct Cascade<'a> {
    /// The letter's `style:`, if any.
    pub(super) style: Option<&'a LetterheadSpec>,
    /// The letter's file (where `style:` is written).
    pub(super) letter_file: &'a SourceFile,
    /// The letterhead, if any.
    pub(super) letterhead: Option<&'a LetterheadSpec>,
    /// The letterhead's file.
    pub(super) letterhead_file: Option<&'a SourceFile>,
}

impl<'a> Cascade<'a> {
    pub(super) fn new(letter: &'a Letter, letterhead: Option<&'a Letterhead>) -> Self {
        Cascade {
            style: letter.spec.style.as_ref(),
            letter_file: &letter.source,
            letterhead: letterhead.map(|h| &h.spec),
            letterhead_file: letterhead.map(|h| &*h.source),
        }
    }

    /// The value of one letterhead key: `get(|s| s.accent.as_ref())`.
    pub(super) fn get<T>(
        &self,
        key: impl Fn(&'a LetterheadSpec) -> Option<&'a T>,
    ) -> Option<Pick<'a, T>> {
        pick(
            self.style.and_then(&key),
            self.letter_file,
            self.letterhead.and_then(&key),
            self.letterhead_file,
        )
    }

    /// A key the letter may also set at its top level (`language`, `layout`): the letter's
    /// own value wins over the cascade.
    pub(super) fn letter_first<T>(
        &self,
        own: Option<&'a T>,
        key: impl Fn(&'a LetterheadSpec) -> Option<&'a T>,
    ) -> Option<Pick<'a, T>> {
        match own {
            Some(value) => Some(Pick {
                value,
                file: self.letter_file,
            }),
            None => self.get(key),
        }
    }
}

/// The place of a located value in its file.
pub(super) fn origin(file: &SourceFile, s: &Spanned<impl Sized>) -> Option<Origin> {
    file.origin(&s.referenced)
}

/// A value that is not valid, at its place.
pub(super) fn invalid(what: &str, v: &Spanned<String>, file: &SourceFile, reason: String) -> Error {
    Error::new(ErrorKind::InvalidValue {
        what: what.into(),
        value: v.value.clone(),
        reason,
    })
    .at(origin(file, v))
}
