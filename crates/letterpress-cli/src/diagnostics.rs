//! Errors and warnings rendered for a terminal: a snippet of the YAML with the place marked,
//! then a hint (codespan-reporting, as typst does).

use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, Config};
use letterpress::grammar::Finding;
use letterpress::{Error, ErrorKind, Errors, Origin, Warning};

/// Print every error to standard error.
pub fn print_errors(errors: &Errors) {
    let config = Config::default();
    for e in &errors.0 {
        print_one(e, &config);
    }
    if errors.0.len() > 1 {
        eprintln!("{} problems found", errors.0.len());
    }
}

fn print_one(e: &Error, config: &Config) {
    let label_msg = match &e.kind {
        ErrorKind::UnknownKey {
            nearest: Some(n), ..
        } => format!("did you mean `{n}`?"),
        ErrorKind::UnknownKey { .. } => "not a key of the format".to_string(),
        _ => String::new(),
    };
    let mut notes = Vec::new();
    if let Some(h) = &e.hint {
        notes.push(format!("hint: {h}"));
    }
    if matches!(e.kind, ErrorKind::OutsideRoot { .. }) {
        notes.push("hint: `--root DIR` allows reading inside a wider folder".to_string());
    }
    emit(
        Diagnostic::error(),
        &e.kind.to_string(),
        e.origin.as_deref(),
        label_msg,
        notes,
        config,
    );
}

/// Print grammar findings as warnings, each with a snippet of its line and the fix.
pub fn print_findings(findings: &[Finding]) {
    let config = Config::default();
    for f in findings {
        emit(
            Diagnostic::warning(),
            &f.message,
            f.origin.as_ref(),
            String::new(),
            vec![format!("fix: {}", f.fix)],
            &config,
        );
    }
}

/// Emit one diagnostic, with a snippet when it has a place.
fn emit(
    d: Diagnostic<()>,
    message: &str,
    origin: Option<&Origin>,
    label_msg: String,
    notes: Vec<String>,
    config: &Config,
) {
    let Some(o) = origin else {
        let d = d.with_message(message).with_notes(notes);
        let file = SimpleFile::new(String::new(), String::new());
        let _ = term::emit_to_io_write(&mut std::io::stderr().lock(), config, &file, &d);
        return;
    };
    let filled = with_line(o);
    let o = filled.as_ref().unwrap_or(o);
    // A one-line file holding the recorded snippet, numbered as in the real file: a long line
    // is shown only around the place (`Origin::snippet_start`), with the real column.
    let file = Snippet {
        name: o.file.display().to_string(),
        source: format!("{}\n", o.source_line),
        line: o.line,
        column_shift: o.snippet_start,
    };
    let line_text = &o.source_line;
    let col_byte: usize = line_text
        .char_indices()
        .nth(o.column.saturating_sub(1 + o.snippet_start))
        .map(|(i, _)| i)
        .unwrap_or(line_text.len());
    let end_byte: usize = line_text[col_byte..]
        .char_indices()
        .nth(o.width.max(1))
        .map(|(i, _)| col_byte + i)
        .unwrap_or(line_text.len())
        .max(col_byte);
    let range = col_byte..end_byte.max(col_byte);
    let d = d
        .with_message(message)
        .with_labels(vec![Label::primary((), range).with_message(label_msg)])
        .with_notes(notes);
    let _ = term::emit_to_io_write(&mut std::io::stderr().lock(), config, &file, &d);
}

/// An origin in a file other than the letter carries no line (the library never shows one to
/// whoever sent the letter); the user at the terminal may see it: the line is read from the
/// file the error names, which the render itself read, and cut around the column as the
/// library cuts its own snippets.
fn with_line(o: &Origin) -> Option<Origin> {
    if !o.source_line.is_empty() {
        return None;
    }
    let bytes =
        letterpress::files::read_bounded(&o.file, letterpress::spec::MAX_SPEC_BYTES as u64).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let line = text.lines().nth(o.line.checked_sub(1)?)?;
    Some(Origin::new(o.file.clone(), line, o.line, o.column, o.width))
}

/// The snippet of one source line as a codespan file: line and column numbers are the real
/// file's.
struct Snippet {
    name: String,
    source: String,
    /// The 1-based line number of the snippet in its file.
    line: usize,
    /// Characters of the line before the snippet.
    column_shift: usize,
}

impl<'a> codespan_reporting::files::Files<'a> for Snippet {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, codespan_reporting::files::Error> {
        Ok(&self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, codespan_reporting::files::Error> {
        Ok(&self.source)
    }

    fn line_index(
        &'a self,
        (): (),
        _byte: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        Ok(0)
    }

    fn line_number(
        &'a self,
        (): (),
        _index: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        Ok(self.line)
    }

    fn column_number(
        &'a self,
        (): (),
        _index: usize,
        byte: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        let col = codespan_reporting::files::column_index(&self.source, 0..self.source.len(), byte);
        Ok(col + 1 + self.column_shift)
    }

    fn line_range(
        &'a self,
        (): (),
        _index: usize,
    ) -> Result<std::ops::Range<usize>, codespan_reporting::files::Error> {
        Ok(0..self.source.len())
    }
}

/// Print warnings to standard error.
pub fn print_warnings(warnings: &[Warning]) {
    for w in warnings {
        eprintln!("warning: {}", w.message);
    }
}
