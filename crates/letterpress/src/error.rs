//! Errors and warnings: what went wrong, where (file, line, column, the source line) and how to fix it.
//!
//! The library never prints or exits; the CLI renders these with a snippet and maps them to exit codes.

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

/// A place in a source file (1-based line and column), with the text of that line for snippets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Origin {
    /// The file, as the user named it (or as it was found).
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The source line, for a snippet: the whole line, or on a line longer than
    /// [`SNIPPET_CHARS`] the part of it around `column` (from character `snippet_start`).
    pub source_line: String,
    /// How many characters from `column` the problem spans (at least 1).
    pub width: usize,
    /// The 0-based character of the line where `source_line` starts (0: the whole line).
    pub snippet_start: usize,
}

/// The most characters of a source line an [`Origin`] keeps for its snippet.
pub const SNIPPET_CHARS: usize = 120;

impl Origin {
    /// A place on a line of `file`, keeping at most [`SNIPPET_CHARS`] of the line around
    /// `column` (1-based, in characters): an error on a line of megabytes prints a short snippet.
    ///
    /// ```
    /// let line = "x".repeat(100_000);
    /// let o = letterpress::Origin::new("l.yaml".into(), &line, 1, 50_000, 1);
    /// assert_eq!(o.source_line.chars().count(), letterpress::error::SNIPPET_CHARS);
    /// assert_eq!((o.column, o.snippet_start), (50_000, 50_000 - 1 - 40));
    /// ```
    pub fn new(file: PathBuf, line_text: &str, line: usize, column: usize, width: usize) -> Origin {
        let column = column.max(1);
        let width = width.max(1);
        let chars = line_text.chars().count();
        let (start, source_line) = if chars <= SNIPPET_CHARS {
            (0, line_text.to_string())
        } else {
            let start = (column - 1)
                .saturating_sub(SNIPPET_CHARS / 3)
                .min(chars - SNIPPET_CHARS);
            let cut: String = line_text.chars().skip(start).take(SNIPPET_CHARS).collect();
            (start, cut)
        };
        Origin {
            file,
            line,
            column,
            source_line,
            width: width.min(SNIPPET_CHARS),
            snippet_start: start,
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file.display(), self.line, self.column)
    }
}

/// What kind of problem an [`Error`] is.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The YAML could not be parsed or does not have the expected shape.
    #[error("{message}")]
    Syntax {
        /// The parser's description.
        message: String,
    },
    /// A key that the format does not have.
    #[error("unknown key `{key}`")]
    UnknownKey {
        /// The key as written.
        key: String,
        /// The closest valid key, if any is close.
        nearest: Option<String>,
    },
    /// A required key is absent.
    #[error("missing key `{key}`")]
    MissingKey {
        /// The key.
        key: String,
    },
    /// A value that is not allowed for its key.
    #[error("invalid {what} `{value}`: {reason}")]
    InvalidValue {
        /// What the value is ("date", "length", "colour", "language", ...).
        what: String,
        /// The value as written.
        value: String,
        /// Why it is wrong.
        reason: String,
    },
    /// A file that could not be read.
    #[error("cannot read `{path}`: {reason}")]
    Io {
        /// The path as resolved.
        path: PathBuf,
        /// The system's reason.
        reason: String,
    },
    /// An image that is not a supported PNG or JPEG, or is too large.
    #[error("unsupported image `{path}`: {reason}")]
    Image {
        /// The image path.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// A font file that cannot be used.
    #[error("{0}")]
    Font(String),
    /// A character the chosen font has no glyph for.
    #[error("font `{font}` cannot draw {ch:?} (U+{code:04X}) in {field}")]
    MissingGlyph {
        /// The character.
        ch: char,
        /// Its code point.
        code: u32,
        /// The font (family and face).
        font: String,
        /// The key whose text holds it.
        field: String,
    },
    /// The letter does not fit the layout (e.g. too many address lines for the window).
    #[error("{0}")]
    Layout(String),
    /// The letter is over one of the limits that keep a render small and fast (body length,
    /// pages, signatories, enclosures, copies); see `resolve::MAX_*`.
    #[error("{0}")]
    Limit(String),
    /// A file outside the folder that reads are confined to (`Env::root`, `--root`).
    #[error("`{path}` is outside the allowed folder `{root}`")]
    OutsideRoot {
        /// The path as resolved.
        path: PathBuf,
        /// The folder reads are confined to.
        root: PathBuf,
    },
    /// A file the letter names, with no file-system access allowed (`Env::default()`) and no
    /// file of that path registered in memory.
    #[error("cannot read `{path}`: reading files is off, and no file of that path is registered in memory")]
    NoFileAccess {
        /// The path as resolved.
        path: PathBuf,
    },
    /// The PDF back end refused the document.
    #[error("could not write the PDF: {0}")]
    Pdf(String),
    /// A combined PDF would pass a limit of its standard (PDF/A's number of objects): the
    /// batch is too large for one file in that standard.
    #[error("could not write the PDF: {0}")]
    PdfLimit(String),
}

/// One problem, with its place and an optional hint on how to fix it. Serializes as
/// `{"kind": {"<Variant>": {…}}, "message": "…", "origin": {…} | null, "hint": "…" | null}`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Error {
    /// What went wrong.
    pub kind: ErrorKind,
    /// Where, when it comes from a source file (boxed: errors travel in `Result`s a lot).
    pub origin: Option<Box<Origin>>,
    /// How to fix it.
    pub hint: Option<String>,
}

impl Error {
    /// An error with no place.
    pub fn new(kind: ErrorKind) -> Self {
        Error {
            kind,
            origin: None,
            hint: None,
        }
    }

    /// Attach a place.
    pub fn at(mut self, origin: Option<Origin>) -> Self {
        if let Some(o) = origin {
            self.origin = Some(Box::new(o));
        }
        self
    }

    /// Attach a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Whether the problem is with reading files (exit code 3) rather than with the input (1).
    pub fn is_io(&self) -> bool {
        matches!(self.kind, ErrorKind::Io { .. })
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.kind)?;
        if let Some(origin) = &self.origin {
            write!(f, " at {origin}")?;
        }
        if let ErrorKind::UnknownKey {
            nearest: Some(n), ..
        } = &self.kind
        {
            write!(f, " — did you mean `{n}`?")?;
        }
        if let Some(hint) = &self.hint {
            write!(f, " ({hint})")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

impl Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Error", 4)?;
        st.serialize_field("kind", &self.kind)?;
        st.serialize_field("message", &self.kind.to_string())?;
        st.serialize_field("origin", &self.origin)?;
        st.serialize_field("hint", &self.hint)?;
        st.end()
    }
}

/// Several problems found at once (`check` reports them all).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Errors(pub Vec<Error>);

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Errors {}

impl From<Error> for Errors {
    fn from(e: Error) -> Self {
        Errors(vec![e])
    }
}

/// A problem that does not stop the render (an overfull line, a page count over the usual).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Warning {
    /// What to look at.
    pub message: String,
    /// Where, when it comes from a place in a source file.
    pub origin: Option<Origin>,
}

impl Warning {
    /// A warning with no place.
    pub fn new(message: impl Into<String>) -> Warning {
        Warning {
            message: message.into(),
            origin: None,
        }
    }

    /// Attach a place.
    pub fn at(mut self, origin: Option<Origin>) -> Warning {
        self.origin = origin;
        self
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message)?;
        match &self.origin {
            // A message that already names its place is not given it twice.
            Some(o) if !self.message.contains(&o.to_string()) => write!(f, " at {o}"),
            _ => Ok(()),
        }
    }
}

/// A result with warnings attached.
#[derive(Debug, Clone)]
pub struct Warned<T> {
    /// The output.
    pub output: T,
    /// What the user should look at.
    pub warnings: Vec<Warning>,
}

/// The edit distance between two keys, for "did you mean" suggestions.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The candidate nearest to `key`, if it is close enough to be a likely typo.
pub(crate) fn nearest<'a>(
    key: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let key_l = key.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (edit_distance(&key_l, c), c))
        .filter(|(d, c)| *d <= (c.chars().count() / 3).max(2))
        .min()
        .map(|(_, c)| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_key_finds_typos() {
        let keys = ["subject", "signatures", "recipient", "date"];
        assert_eq!(nearest("subjet", keys).as_deref(), Some("subject"));
        assert_eq!(nearest("recipent", keys).as_deref(), Some("recipient"));
        assert_eq!(nearest("Date", keys).as_deref(), Some("date"));
        assert_eq!(
            nearest("zzzzzzzz", keys),
            None,
            "nothing close: no suggestion"
        );
    }
}
